//! The loading cases of RELIABILITY.md, each through `isleplan check` on a copy of
//! a valid fixture with one layer broken. Every message must name the file, the
//! feature (index and id) and the field.

use std::path::Path;

use crate::common::{copy_fixture, fixture, isleplan, stderr};

/// Replaces `layer` in a copy of the `pip` fixture (outlines, piers, a ferry) with
/// `text`, runs `check`, and returns (exit code, stderr).
fn check_with(layer: &str, text: &str) -> (i32, String) {
    let dir = copy_fixture(&fixture("pip"));
    std::fs::write(dir.path().join(layer), text).unwrap();
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(
        &scenario,
        format!(
            "dataset = \".\"\nrules = \"{}\"\nyear = 2024\n",
            fixture("bands").join("rules.toml").display()
        ),
    )
    .unwrap();
    let o = isleplan(dir.path(), &["check", "scenario.toml"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn collection(features: &str) -> String {
    format!("{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}")
}

const GOOD_SETTLEMENTS: &str = r#"
{"type":"Feature","properties":{"id":"sa","name":"West Village","kind":"village","population":600},"geometry":{"type":"Point","coordinates":[122.01,30.01]}},
{"type":"Feature","properties":{"id":"sb","name":"East Village","kind":"village","population":2000},"geometry":{"type":"Point","coordinates":[122.06,30.01]}}"#;

fn settlements_plus(extra: &str) -> String {
    collection(&format!("{GOOD_SETTLEMENTS},\n{extra}"))
}

#[test]
fn valid_fixture_is_clean() {
    let (code, err) = check_with("settlements.geojson", &collection(GOOD_SETTLEMENTS));

    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 rejected, 0 warnings"), "{err}");
}

#[test]
fn malformed_json_is_fatal_with_line_and_column() {
    let (code, err) = check_with(
        "settlements.geojson",
        "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",,]}",
    );

    assert_eq!(code, 2);
    assert!(
        err.contains("settlements.geojson") && err.contains("line 2 column"),
        "{err}"
    );
}

#[test]
fn truncated_json_is_fatal() {
    let (code, err) = check_with("settlements.geojson", &settlements_plus("")[..120]);

    assert_eq!(code, 2);
    assert!(
        err.contains("invalid GeoJSON") && err.contains("EOF"),
        "{err}"
    );
}

#[test]
fn trailing_garbage_is_fatal() {
    let (code, err) = check_with(
        "settlements.geojson",
        &(collection(GOOD_SETTLEMENTS) + "\n{}"),
    );

    assert_eq!(code, 2);
    assert!(err.contains("trailing characters"), "{err}");
}

#[test]
fn bom_is_stripped_with_a_warning() {
    let (code, err) = check_with(
        "settlements.geojson",
        &format!("\u{feff}{}", collection(GOOD_SETTLEMENTS)),
    );

    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: ")
            && err.contains("settlements.geojson: UTF-8 byte order mark stripped"),
        "{err}"
    );
}

#[test]
fn empty_required_layer_is_fatal() {
    let (code, err) = check_with("facilities.geojson", "");

    assert_eq!(code, 2);
    assert!(
        err.contains("facilities.geojson") && err.contains("file is empty"),
        "{err}"
    );
}

#[test]
fn missing_required_layer_is_fatal() {
    let dir = copy_fixture(&fixture("pip"));
    std::fs::remove_file(dir.path().join("settlements.geojson")).unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "dataset = \".\"\nrules = \"{}\"\nyear = 2024\n",
            fixture("bands").join("rules.toml").display()
        ),
    )
    .unwrap();

    let o = isleplan(dir.path(), &["check", "scenario.toml"]);

    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read `settlements.geojson`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn empty_collection_is_accepted_with_a_warning() {
    let (code, err) = check_with("settlements.geojson", &collection(""));

    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the FeatureCollection is empty"), "{err}");
}

#[test]
fn null_geometry_rejects_the_settlement() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"nowhere","name":"N","kind":"village","population":5},"geometry":null}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains(
            "settlements.geojson: feature #2 (id \"nowhere\"): field `geometry`: geometry is null"
        ),
        "{err}"
    );
}

#[test]
fn polygon_where_a_point_is_expected_names_both_types() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"poly","name":"P","kind":"village","population":5},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.01,30.0],[122.01,30.01],[122.0,30.0]]]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains(
            "feature #2 (id \"poly\"): field `geometry`: expected a Point, found a Polygon"
        ),
        "{err}"
    );
}

#[test]
fn short_position_in_a_ring_rejects_the_island_without_panicking() {
    let islands = collection(
        r#"{"type":"Feature","properties":{"id":"a","name":"A","population":600},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.02,30.0],[122.02],[122.0,30.02],[122.0,30.0]]]}},
{"type":"Feature","properties":{"id":"b","name":"B","population":2000},"geometry":{"type":"Polygon","coordinates":[[[122.05,30.0],[122.07,30.0],[122.07,30.02],[122.05,30.02],[122.05,30.0]]]}}"#,
    );

    let (code, err) = check_with("islands.geojson", &islands);

    assert_eq!(code, 1, "{err}");
    assert!(err.contains("islands.geojson: feature #0 (id \"a\"): field `geometry`: a position needs 2 numbers (got [122.02])"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn projected_coordinates_are_fatal_with_a_hint() {
    let (code, err) = check_with(
        "settlements.geojson",
        &collection(
            r#"{"type":"Feature","properties":{"id":"m","name":"M","kind":"village","population":5},"geometry":{"type":"Point","coordinates":[406123.5,3319876.2]}}"#,
        ),
    );

    assert_eq!(code, 2);
    assert!(
        err.contains("coordinates are not lon/lat") && err.contains("feature #0 (id \"m\")"),
        "{err}"
    );
    assert!(
        err.contains("hint: ") && err.contains("reproject to WGS84"),
        "{err}"
    );
}

#[test]
fn unclosed_ring_is_closed_with_a_warning() {
    let islands = collection(
        r#"{"type":"Feature","properties":{"id":"a","name":"A","population":600},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.02,30.0],[122.02,30.02],[122.0,30.02]]]}},
{"type":"Feature","properties":{"id":"b","name":"B","population":2000},"geometry":{"type":"Polygon","coordinates":[[[122.05,30.0],[122.07,30.0],[122.07,30.02],[122.05,30.02],[122.05,30.0]]]}}"#,
    );

    let (code, err) = check_with("islands.geojson", &islands);

    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("feature #0 (id \"a\"): field `geometry`: ring 0 was not closed; closed it"),
        "{err}"
    );
}

#[test]
fn empty_polygon_is_rejected() {
    let islands = collection(
        r#"{"type":"Feature","properties":{"id":"a","name":"A","population":600},"geometry":{"type":"Polygon","coordinates":[]}},
{"type":"Feature","properties":{"id":"b","name":"B","population":2000},"geometry":{"type":"Polygon","coordinates":[[[122.05,30.0],[122.07,30.0],[122.07,30.02],[122.05,30.02],[122.05,30.0]]]}}"#,
    );

    let (code, err) = check_with("islands.geojson", &islands);

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("feature #0 (id \"a\"): field `geometry`: empty polygon"),
        "{err}"
    );
}

#[test]
fn self_intersecting_outline_is_rejected_with_the_reason() {
    let islands = collection(
        r#"{"type":"Feature","properties":{"id":"a","name":"A","population":600},"geometry":{"type":"Polygon","coordinates":[[[122.0,30.0],[122.02,30.02],[122.02,30.0],[122.0,30.02],[122.0,30.0]]]}},
{"type":"Feature","properties":{"id":"b","name":"B","population":2000},"geometry":{"type":"Polygon","coordinates":[[[122.05,30.0],[122.07,30.0],[122.07,30.02],[122.05,30.02],[122.05,30.0]]]}}"#,
    );

    let (code, err) = check_with("islands.geojson", &islands);

    assert_eq!(code, 1, "{err}");
    assert!(err.contains("feature #0 (id \"a\"): field `geometry`: invalid outline: exterior ring has a self-intersection"), "{err}");
}

#[test]
fn duplicate_id_rejects_the_later_feature_naming_both_indexes() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"sa","name":"Again","kind":"village","population":5},"geometry":{"type":"Point","coordinates":[122.011,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains(
            "feature #2 (id \"sa\"): field `id`: duplicate id \"sa\": feature #0 has it already"
        ),
        "{err}"
    );
}

#[test]
fn missing_population_is_rejected() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"np","name":"No people","kind":"village"},"geometry":{"type":"Point","coordinates":[122.011,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains("feature #2 (id \"np\"): field `population`: `population` is missing"),
        "{err}"
    );
}

#[test]
fn negative_population_is_rejected_naming_the_value() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"neg","name":"Neg","kind":"village","population":-3},"geometry":{"type":"Point","coordinates":[122.011,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains(
            "feature #2 (id \"neg\"): field `population`: `population` is negative (got -3)"
        ),
        "{err}"
    );
}

#[test]
fn legacy_crs_other_than_wgs84_is_fatal_and_named() {
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}}}},\"features\":[{GOOD_SETTLEMENTS}]}}"
    );

    let (code, err) = check_with("settlements.geojson", &text);

    assert_eq!(code, 2);
    assert!(
        err.contains("declares CRS \"urn:ogc:def:crs:EPSG::4490\""),
        "{err}"
    );
}

#[test]
fn ferry_to_an_unknown_pier_is_rejected_with_did_you_mean() {
    let text = collection(
        r#"{"type":"Feature","properties":{"id":"a-b","from":"pier-a","to":"pier-bb","minutes":10,"departures_per_day":12},"geometry":null}"#,
    );

    let (code, err) = check_with("ferries.geojson", &text);

    assert_eq!(code, 1);
    assert!(
        err.contains("ferries.geojson: feature #0 (id \"a-b\"): field `to`: unknown pier \"pier-bb\" (did you mean \"pier-b\"?)"),
        "{err}"
    );
}

#[test]
fn ferry_to_a_facility_that_is_not_a_pier_is_rejected() {
    let text = collection(
        r#"{"type":"Feature","properties":{"id":"x","from":"pier-a","to":"hc-b","minutes":10},"geometry":null}"#,
    );

    let (code, err) = check_with("ferries.geojson", &text);

    assert_eq!(code, 1);
    assert!(
        err.contains("field `to`: facility \"hc-b\" is a health_centre, not a pier"),
        "{err}"
    );
}

#[test]
fn unknown_island_is_rejected_with_did_you_mean() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"typo","name":"T","kind":"village","population":5,"island":"bb"},"geometry":{"type":"Point","coordinates":[122.06,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(
        err.contains("field `island`: unknown island \"bb\" (did you mean \"b\"?)"),
        "{err}"
    );
}

#[test]
fn point_far_from_every_outline_is_rejected() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"sea","name":"At sea","kind":"village","population":5},"geometry":{"type":"Point","coordinates":[122.035,30.01]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert!(err.contains("(id \"sea\"): field `island`: `island` is missing and the point lies on no island outline"), "{err}");
}

#[test]
fn unknown_facility_kind_is_rejected_with_did_you_mean() {
    let text = collection(
        r#"{"type":"Feature","properties":{"id":"pier-a","name":"W","kind":"pier"},"geometry":{"type":"Point","coordinates":[122.021,30.01]}},
{"type":"Feature","properties":{"id":"pier-b","name":"E","kind":"pier"},"geometry":{"type":"Point","coordinates":[122.05,30.01]}},
{"type":"Feature","properties":{"id":"c","name":"C","kind":"vilage_clinic"},"geometry":{"type":"Point","coordinates":[122.06,30.01]}}"#,
    );

    let (code, err) = check_with("facilities.geojson", &text);

    assert_eq!(code, 1);
    assert!(err.contains("(id \"c\"): field `kind`: unknown facility kind \"vilage_clinic\" (did you mean \"village_clinic\"?)"), "{err}");
}

#[test]
fn every_bad_feature_is_listed_not_just_the_first() {
    let (code, err) = check_with(
        "settlements.geojson",
        &settlements_plus(
            r#"{"type":"Feature","properties":{"id":"x1","name":"X","kind":"village","population":-1},"geometry":{"type":"Point","coordinates":[122.011,30.011]}},
{"type":"Feature","properties":{"id":"x2","name":"X","kind":"hut","population":1},"geometry":{"type":"Point","coordinates":[122.011,30.011]}},
{"type":"Feature","properties":{"name":"X","kind":"village","population":1},"geometry":{"type":"Point","coordinates":[122.011,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1);
    assert_eq!(err.matches("rejected: ").count(), 3, "{err}");
    assert!(
        err.contains("feature #4: field `id`: the feature has no `id`"),
        "{err}"
    );
    assert!(
        err.contains("2 settlements") && err.contains("3 rejected"),
        "{err}"
    );
}

#[test]
fn nan_snapping_tolerance_in_rules_is_fatal_with_the_file() {
    let dir = copy_fixture(&fixture("pip"));
    let rules = std::fs::read_to_string(fixture("bands").join("rules.toml"))
        .unwrap()
        .replace("snap_tolerance_m = 300", "snap_tolerance_m = nan");
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        "dataset = \".\"\nrules = \"rules.toml\"\nyear = 2024\n",
    )
    .unwrap();

    let o = isleplan(dir.path(), &["check", "scenario.toml"]);

    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("rules.toml")
            && stderr(&o).contains("snap_tolerance_m must be a finite number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_scenario_key_is_fatal_with_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        "dataset = \".\"\nrules = \"r.toml\"\nyear = 2024\nbogus = 1\n",
    )
    .unwrap();

    let o = isleplan(dir.path(), &["check", "s.toml"]);

    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("invalid TOML in `s.toml`") && err.contains("line 4") && err.contains("bogus"),
        "{err}"
    );
}

#[test]
fn output_folder_holding_the_dataset_is_refused_before_any_work() {
    let dir = copy_fixture(&fixture("pip"));
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "dataset = \".\"\nrules = \"{}\"\nyear = 2024\n",
            fixture("bands").join("rules.toml").display()
        ),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("settlements.geojson")).unwrap();

    let o = isleplan(dir.path(), &["run", "scenario.toml", "--out", "."]);

    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it holds an input of this run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(dir.path().join("settlements.geojson")).unwrap(),
        before
    );
}

#[test]
fn unwritable_output_folder_is_fatal_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    let o = isleplan(
        Path::new("."),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            blocker.join("out").to_str().unwrap(),
        ],
    );

    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn a_live_lock_keeps_a_second_run_out() {
    let out = tempfile::tempdir().unwrap();
    // Our own test process is alive, so its pid makes a live lock.
    std::fs::write(
        out.path().join(".isleplan.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    let o = isleplan(
        Path::new("."),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
    );

    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("another run"), "{}", stderr(&o));
}

#[test]
fn a_stale_lock_and_stale_temp_files_are_swept() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join(".isleplan.lock"), "999999999\n").unwrap();
    std::fs::write(
        out.path().join(".gaps.geojson.123.isleplan-tmp"),
        "half a file",
    )
    .unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    let o = isleplan(
        Path::new("."),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn candidate_sites_are_validated_like_any_layer() {
    let (code, err) = check_with(
        "candidates.geojson",
        &collection(
            r#"{"type":"Feature","properties":{"id":"c-ok","cost":2.5},"geometry":{"type":"Point","coordinates":[122.011,30.011]}},
{"type":"Feature","properties":{"id":"c-free","cost":0},"geometry":{"type":"Point","coordinates":[122.011,30.011]}},
{"type":"Feature","properties":{"id":"c-sea"},"geometry":{"type":"Point","coordinates":[122.5,30.5]}},
{"type":"Feature","properties":{"id":"c-ok"},"geometry":{"type":"Point","coordinates":[122.011,30.011]}}"#,
        ),
    );

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("candidates.geojson")
            && err.contains(
                "feature #1 (id \"c-free\"): field `cost`: `cost` must be a positive number, got 0"
            ),
        "{err}"
    );
    assert!(
        err.contains("feature #2 (id \"c-sea\"): field `island`"),
        "{err}"
    );
    assert!(err.contains("feature #3 (id \"c-ok\")"), "{err}");
    assert!(err.contains("1 candidate sites: 3 rejected"), "{err}");
}
