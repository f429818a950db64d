//! QGIS itself, headless (PyQGIS under /usr/bin/python3): the project opens with
//! every layer valid, counted and styled; layers opened alone pick up their
//! `.qml` or GeoPackage default style; the project renders to a non-blank PNG.

use std::path::Path;

use isleplan::output::legend::Lang;
use isleplan::output::Format;
use serde_json::Value;

use crate::common::{fixture, isleplan, pyqgis, pyqgis_available, root, stderr};
use crate::synthetic::{counts_by_kind, run_with_extras};

/// What QGIS must show for a layer: (renderer type, classification field or the
/// single symbol's colour / symbol layer class).
fn expected_style(layer: &str, kind: &str) -> (&'static str, &'static str) {
    match (layer, kind) {
        ("islands", _) => ("singleSymbol", "#8c8269"),
        ("settlements", _) => ("categorizedSymbol", "status"),
        ("facilities", _) | ("proposed", _) => ("categorizedSymbol", "kind"),
        ("gaps", _) => ("categorizedSymbol", "rule"),
        ("relocations", "Line") => ("singleSymbol", "ArrowLine"),
        ("relocations", _) => ("singleSymbol", "#e66101"),
        ("service_areas", _) => ("graduatedSymbol", "minutes"),
        ("allocation", _) => ("categorizedSymbol", "path"),
        ("diff_facilities", _) | ("diff_settlements", _) => ("categorizedSymbol", "change"),
        (other, _) => panic!("no expectation for layer {other}"),
    }
}

fn assert_styled(l: &Value, layer: &str, kind: &str) {
    let (renderer, what) = expected_style(layer, kind);
    assert_eq!(l["renderer"], renderer, "{layer}: {l}");
    if renderer == "singleSymbol" {
        let s = &l["symbols"][0];
        assert!(
            s["colour"] == what || s["layers"].as_array().unwrap().iter().any(|c| c == what),
            "{layer}: expected {what}: {l}"
        );
    } else {
        assert_eq!(l["field"], what, "{layer}: {l}");
        assert!(
            !l["categories"].as_array().unwrap().is_empty(),
            "{layer}: {l}"
        );
    }
}

/// Layer name from a QGIS layer id (`isleplan_<layer>` or `isleplan_<layer>_<kind>`).
fn layer_of(id: &str, layers: &[String]) -> (String, Option<String>) {
    let rest = id.strip_prefix("isleplan_").expect("our ids");
    if layers.iter().any(|l| l == rest) {
        return (rest.to_owned(), None);
    }
    let (name, kind) = rest.rsplit_once('_').unwrap();
    (name.to_owned(), Some(kind.to_owned()))
}

fn inspect_project(path: &Path) -> Value {
    serde_json::from_str(&pyqgis(
        "qgis_inspect.py",
        &["project", path.to_str().unwrap()],
    ))
    .unwrap()
}

/// Checks the project in `out` against the GeoJSON layers in `json_dir`.
fn check_project(out: &Path, json_dir: &Path, layers: &[String]) {
    let p = inspect_project(&out.join("isleplan.qgs"));
    assert_eq!(p["read"], true, "{p}");
    assert_eq!(p["crs"], "EPSG:32651", "UTM 51N for Zhoushan: {p}");
    let got = p["layers"].as_array().unwrap();
    let mut seen = Vec::new();
    for l in got {
        let (name, kind) = layer_of(l["id"].as_str().unwrap(), layers);
        assert_eq!(l["valid"], true, "{name}: {l}");
        let counts = counts_by_kind(&json_dir.join(format!("{name}.geojson")));
        let kind = kind.map_or_else(
            || counts[0].0.clone(),
            |k| {
                if k == "line" {
                    "Line".into()
                } else {
                    format!("{}{}", k[..1].to_uppercase(), &k[1..])
                }
            },
        );
        let want = counts.iter().find(|(k, _)| *k == kind).map(|(_, n)| *n);
        assert_eq!(
            l["features"].as_u64().map(|n| n as usize),
            want,
            "{name} ({kind}): {l}"
        );
        assert_styled(l, &name, &kind);
        assert!(
            l["source"]
                .as_str()
                .unwrap()
                .starts_with(out.to_str().unwrap()),
            "relative paths resolve beside the project: {l}"
        );
        seen.push(name);
    }
    for name in layers {
        assert!(
            seen.contains(name),
            "{name} missing from the project: {seen:?}"
        );
    }
    // Order: findings first, islands last.
    let order: Vec<&str> = p["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(order.first(), Some(&"isleplan_gaps"), "{order:?}");
    assert_eq!(order.last(), Some(&"isleplan_islands"), "{order:?}");
}

#[test]
fn qgis_opens_the_default_project_with_every_layer_valid_counted_and_styled() {
    if !pyqgis_available("qgis_opens_the_default_project_with_every_layer_valid_counted_and_styled")
    {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let layers: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .strip_suffix(".geojson")
                .map(str::to_owned)
        })
        // The merger's and the rounds' layers are written beside the project but
        // are not in it yet (README, "Status").
        .filter(|n| n != "closures" && n != "rounds")
        .collect();

    check_project(out.path(), out.path(), &layers);

    let p = inspect_project(&out.path().join("isleplan.qgs"));
    let settlements = p["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "isleplan_settlements")
        .unwrap();
    assert_eq!(settlements["label_font"], "Noto Sans CJK SC");
    assert!(settlements["label_field"]
        .as_str()
        .unwrap()
        .contains("name_zh"));
}

#[test]
fn qgis_opens_projects_with_service_areas_proposals_and_mixed_layers_in_both_formats() {
    if !pyqgis_available(
        "qgis_opens_projects_with_service_areas_proposals_and_mixed_layers_in_both_formats",
    ) {
        return;
    }
    let scenario = fixture("pip").join("scenario.toml");
    let (json_out, gpkg_out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    let layers = run_with_extras(&scenario, json_out.path(), Format::Geojson, Lang::En);
    run_with_extras(&scenario, gpkg_out.path(), Format::Gpkg, Lang::En);

    check_project(json_out.path(), json_out.path(), &layers);
    check_project(gpkg_out.path(), json_out.path(), &layers);
    let p = inspect_project(&gpkg_out.path().join("isleplan.qgs"));
    let ids: Vec<&str> = p["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"isleplan_relocations_line") && ids.contains(&"isleplan_relocations_point"),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"isleplan_service_areas") && ids.contains(&"isleplan_proposed"),
        "{ids:?}"
    );
    let areas = p["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "isleplan_service_areas")
        .unwrap();
    assert!(
        areas["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["opacity"] == 0.5),
        "{areas}"
    );
}

#[test]
fn qgis_applies_the_qml_or_geopackage_default_style_when_a_layer_is_opened_alone() {
    if !pyqgis_available(
        "qgis_applies_the_qml_or_geopackage_default_style_when_a_layer_is_opened_alone",
    ) {
        return;
    }
    let scenario = fixture("pip").join("scenario.toml");
    let (json_out, gpkg_out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let layers = run_with_extras(&scenario, json_out.path(), Format::Geojson, Lang::Zh);
    run_with_extras(&scenario, gpkg_out.path(), Format::Gpkg, Lang::Zh);
    // Mixed layers open as several sublayers; the project covers them.
    let single: Vec<&String> = layers.iter().filter(|l| *l != "relocations").collect();
    let mut uris = Vec::new();
    for l in &single {
        uris.push(
            json_out
                .path()
                .join(format!("{l}.geojson"))
                .to_string_lossy()
                .into_owned(),
        );
        uris.push(format!(
            "{}|layername={l}",
            gpkg_out.path().join("isleplan.gpkg").display()
        ));
    }

    let args: Vec<&str> = std::iter::once("layer")
        .chain(uris.iter().map(String::as_str))
        .collect();
    let v: Value = serde_json::from_str(&pyqgis("qgis_inspect.py", &args)).unwrap();

    for (i, l) in v["layers"].as_array().unwrap().iter().enumerate() {
        let name = single[i / 2];
        assert_eq!(l["valid"], true, "{name}: {l}");
        let kind = &counts_by_kind(&json_out.path().join(format!("{name}.geojson")))[0].0;
        assert_styled(l, name, kind);
    }
}

#[test]
fn qgis_renders_the_project_to_a_non_blank_png() {
    if !pyqgis_available("qgis_renders_the_project_to_a_non_blank_png") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let png = out.path().join("map.png");

    pyqgis(
        "render.py",
        &[
            out.path().join("isleplan.qgs").to_str().unwrap(),
            png.to_str().unwrap(),
            "800",
            "600",
        ],
    );

    let colours = crate::report::distinct_colours(&png);
    assert!(colours > 50, "the render looks blank: {colours} colours");
}

#[test]
fn qgis_opens_the_compare_project_with_styled_diff_layers() {
    if !pyqgis_available("qgis_opens_the_compare_project_with_styled_diff_layers") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &[
            "compare",
            "scenarios/baseline-2024.toml",
            "scenarios/plan-2024.toml",
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let p = inspect_project(&out.path().join("isleplan.qgs"));

    let layers = p["layers"].as_array().unwrap();
    let names: Vec<&str> = layers
        .iter()
        .map(|l| l["id"].as_str().unwrap().strip_prefix("isleplan_").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "diff_facilities",
            "diff_settlements",
            "b_facilities",
            "b_settlements",
            "a_facilities",
            "a_settlements",
            "islands"
        ],
        "changes on top, then B, A and the islands: {p}"
    );
    for (l, name) in layers.iter().zip(&names) {
        let counts = counts_by_kind(&out.path().join(format!("{name}.geojson")));
        assert_eq!(l["valid"], true, "{l}");
        assert_eq!(l["features"].as_u64(), Some(counts[0].1 as u64), "{l}");
        let base = name.trim_start_matches("a_").trim_start_matches("b_");
        assert_styled(l, base, &counts[0].0);
    }
}

// See: #14. The compare project was nearly blank and its 129 grey "unchanged"
// points covered the five facility changes.
#[test]
fn qgis_compare_render_shows_every_facility_change_and_hides_unchanged_places() {
    if !pyqgis_available(
        "qgis_compare_render_shows_every_facility_change_and_hides_unchanged_places",
    ) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &[
            "compare",
            "scenarios/baseline-2024.toml",
            "scenarios/plan-2024.toml",
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let changed = |layer: &str| {
        let all = ids_where(out.path(), layer, "change", "unchanged");
        let n = counts_by_kind(&out.path().join(format!("{layer}.geojson")))[0].1;
        n - all.len()
    };

    let probes = probe(
        out.path(),
        &["isleplan_diff_facilities", "isleplan_diff_settlements"],
    );

    let of =
        |layer: &str| -> Vec<&Value> { probes.iter().filter(|p| p["layer"] == layer).collect() };
    let facilities = of("isleplan_diff_facilities");
    assert_eq!(facilities.len(), changed("diff_facilities"), "{probes:?}");
    assert!(facilities.len() >= 5, "plan-2024 changes five facilities");
    assert!(
        facilities.iter().all(|p| p["found"] == true),
        "{facilities:?}"
    );
    // Only the gained and lost places are drawn; unchanged ones are off.
    let places = of("isleplan_diff_settlements");
    assert_eq!(places.len(), changed("diff_settlements"), "{probes:?}");
    assert!(places.iter().all(|p| p["found"] == true), "{places:?}");
}

/// The ids of `layer`'s features in `dir` whose `field` is `value`.
fn ids_where(dir: &Path, layer: &str, field: &str, value: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(format!("{layer}.geojson"))).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"][field] == value)
        .map(|f| f["properties"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Renders the project in `dir` with `tests/qgis/probe.py` and returns, per
/// probed layer id, its features' probes (id, colour, found, visible).
fn probe(dir: &Path, layers: &[&str]) -> Vec<Value> {
    let png = dir.join("probe.png");
    let mut args = vec![
        dir.join("isleplan.qgs").to_str().unwrap().to_owned(),
        png.to_str().unwrap().to_owned(),
        "1200".into(),
        "860".into(),
    ];
    args.extend(layers.iter().map(|l| (*l).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let v: Value = serde_json::from_str(&pyqgis("probe.py", &args)).unwrap();
    v.as_array().unwrap().clone()
}

// See: #14. Proposed stars used to be drawn over the gap marks (7 of 9 gap
// settlements showed less than half of their mark): every gap's ring colour and
// every gap settlement's red must now be visible where the feature is.
#[test]
fn qgis_render_shows_every_gap_mark_and_gap_settlement_at_its_place() {
    if !pyqgis_available("qgis_render_shows_every_gap_mark_and_gap_settlement_at_its_place") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let gap_settlements = ids_where(out.path(), "settlements", "status", "gap");
    assert!(
        gap_settlements.len() > 5,
        "the default run has gap settlements"
    );

    let probes = probe(out.path(), &["isleplan_gaps", "isleplan_settlements"]);

    let gaps: Vec<&Value> = probes
        .iter()
        .filter(|p| p["layer"] == "isleplan_gaps")
        .collect();
    assert!(!gaps.is_empty(), "no gap probed: {probes:?}");
    let hidden: Vec<&&Value> = gaps.iter().filter(|p| p["found"] != true).collect();
    assert!(hidden.is_empty(), "gap rings not visible: {hidden:?}");
    let settlements: Vec<&Value> = probes
        .iter()
        .filter(|p| p["layer"] == "isleplan_settlements")
        .filter(|p| gap_settlements.iter().any(|g| p["id"] == g.as_str()))
        .collect();
    assert_eq!(settlements.len(), gap_settlements.len(), "{probes:?}");
    let hidden: Vec<&&Value> = settlements.iter().filter(|p| p["found"] != true).collect();
    assert!(hidden.is_empty(), "gap settlements covered: {hidden:?}");
    assert!(settlements.iter().all(|p| p["colour"] == "#d7191c"));
}

// See: #14. All-null `<family>_min` columns were typed String (no graduated
// style), and no field had an alias.
#[test]
fn qgis_sees_numeric_minute_fields_and_aliases_in_the_language_of_the_run() {
    if !pyqgis_available("qgis_sees_numeric_minute_fields_and_aliases_in_the_language_of_the_run") {
        return;
    }
    for (lang, population, minutes) in [
        ("zh", "常住人口", "health 最近设施分钟"),
        ("en", "residents", "minutes to the nearest health"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let o = isleplan(
            &root(),
            &[
                "run",
                "--out",
                out.path().to_str().unwrap(),
                "--format",
                "gpkg",
                "--lang",
                lang,
                "-q",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));

        let p = inspect_project(&out.path().join("isleplan.qgs"));

        let settlements = p["layers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == "isleplan_settlements")
            .unwrap();
        let fields = settlements["fields"].as_object().unwrap();
        // The default data has no AED at all: `aed_min` is null everywhere.
        assert!(
            fields["aed_min"]["numeric"] == true,
            "{lang}: {}",
            fields["aed_min"]
        );
        let numeric_minutes: Vec<&String> = fields
            .iter()
            .filter(|(k, _)| k.ends_with("_min"))
            .filter(|(_, f)| f["numeric"] != true)
            .map(|(k, _)| k)
            .collect();
        assert!(
            numeric_minutes.is_empty(),
            "{lang}: typed as text: {numeric_minutes:?}"
        );
        assert_eq!(fields["population"]["alias"], population, "{lang}");
        assert_eq!(fields["health_min"]["alias"], minutes, "{lang}");
    }
}

/// Pages of a PDF written by Qt (no object streams): its distinct `/Type /Page`
/// objects (GDAL rewrites the page object in an incremental update when it adds
/// the georeferencing, so one page may appear twice under one object number).
fn pdf_pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut objects = std::collections::BTreeSet::new();
    for (at, _) in text.match_indices("/Type /Page") {
        if text[at..].starts_with("/Type /Pages") {
            continue;
        }
        let head = text[..at].rfind(" 0 obj").expect("a page inside an object");
        let digits: String = text[..head]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        objects.insert(digits.chars().rev().collect::<String>());
    }
    objects.len()
}

// See: #14. The project had no print layout.
#[test]
fn qgis_exports_the_print_layout_to_a_pdf_with_one_page_per_map() {
    if !pyqgis_available("qgis_exports_the_print_layout_to_a_pdf_with_one_page_per_map") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let v: Value = serde_json::from_str(&pyqgis(
        "layout.py",
        &[
            out.path().join("isleplan.qgs").to_str().unwrap(),
            out.path().to_str().unwrap(),
        ],
    ))
    .unwrap();

    let layouts = v.as_array().unwrap();
    assert_eq!(layouts.len(), 1, "{v}");
    let l = &layouts[0];
    assert_eq!(l["result"], 0, "export failed: {l}");
    let items: Vec<&str> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    // Title and source line are labels; the north arrow is a picture.
    assert_eq!(
        items,
        ["label", "label", "legend", "map", "picture", "scalebar"],
        "{l}"
    );
    let maps = items.iter().filter(|i| **i == "map").count();
    assert_eq!(l["pages"].as_u64(), Some(maps as u64), "{l}");
    assert_eq!(
        pdf_pages(Path::new(l["pdf"].as_str().unwrap())),
        maps,
        "{l}"
    );
}
