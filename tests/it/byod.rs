//! Bring your own data: one small dataset read as GeoJSON, as GeoPackage layers,
//! as CSV points and with Chinese field names mapped back gives byte-identical
//! layers; GCJ-02 input lands within 1 m of the WGS84 points; edits made in QGIS
//! come back as a scenario that reproduces them; invalid outlines get a repaired
//! copy on request; and the bad inputs of each new format are named to the
//! file, layer, feature and field.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{Coord, Distance, Haversine, Point};
use isleplan::error::Error;
use isleplan::io::datum::wgs84_to_gcj02;
use serde_json::Value;

use crate::common::{fixture, isleplan, pyqgis, pyqgis_available, root, stderr};

/// The scenarios of `tests/data/byod/` that read the one dataset four ways.
const WAYS: [&str; 4] = ["geojson", "gpkg", "csv", "example"];

fn run(scenario: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = isleplan(&root(), &args);
    assert!(o.status.success(), "{}: {}", scenario.display(), stderr(&o));
}

/// summary.json without what names the inputs (the scenario file, the input
/// files and their hashes), which differ by design between the four ways.
fn summary_without_inputs(dir: &Path) -> Value {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("inputs");
    o["scenario"].as_object_mut().unwrap().remove("file");
    v
}

#[test]
fn one_dataset_read_four_ways_gives_byte_identical_layers() {
    let tmp = tempfile::tempdir().unwrap();
    let outs: Vec<PathBuf> = WAYS
        .iter()
        .map(|w| {
            let out = tmp.path().join(w);
            run(&fixture("byod").join(format!("{w}.toml")), &out, &[]);
            out
        })
        .collect();
    let layers: Vec<String> = std::fs::read_dir(&outs[0])
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".geojson"))
        .collect();
    assert!(layers.len() >= 5, "{layers:?}");
    for (way, out) in WAYS.iter().zip(&outs).skip(1) {
        for l in &layers {
            let a = std::fs::read(outs[0].join(l)).unwrap();
            let b = std::fs::read(out.join(l)).unwrap();
            assert!(a == b, "{l} differs between geojson and {way}");
        }
        assert_eq!(
            summary_without_inputs(&outs[0]),
            summary_without_inputs(out),
            "summary.json differs between geojson and {way}"
        );
    }
    // The layers carry the input's own fields through: the `source` of each
    // facility, whichever format it came from.
    let f = std::fs::read_to_string(outs[3].join("facilities.geojson")).unwrap();
    assert_eq!(f.matches("hand-made test archipelago").count(), 13);
}

/// gis/facilities.geojson as a CSV in GCJ-02 (the forward formula applied to each
/// point), with every scalar field as a column.
fn gcj02_csv(from: &Path, to: &Path) {
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(from).unwrap()).unwrap();
    let features = fc["features"].as_array().unwrap();
    let mut columns: Vec<String> = Vec::new();
    for f in features {
        for (k, v) in f["properties"].as_object().unwrap() {
            if !v.is_array() && !v.is_object() && !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_path(to).unwrap();
    let mut header = columns.clone();
    header.extend(["经度".to_owned(), "纬度".to_owned()]);
    w.write_record(&header).unwrap();
    for f in features {
        let p = f["properties"].as_object().unwrap();
        let c = &f["geometry"]["coordinates"];
        let g = wgs84_to_gcj02(Coord {
            x: c[0].as_f64().unwrap(),
            y: c[1].as_f64().unwrap(),
        });
        let mut row: Vec<String> = columns
            .iter()
            .map(|k| match p.get(k) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        row.push(format!("{}", g.x));
        row.push(format!("{}", g.y));
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn a_gcj02_csv_of_the_putuo_facilities_loads_within_a_metre_of_the_wgs84_points() {
    let tmp = tempfile::tempdir().unwrap();
    let gis = root().join("gis");
    gcj02_csv(
        &gis.join("facilities.geojson"),
        &tmp.path().join("设施.csv"),
    );
    let scenario = tmp.path().join("gcj.toml");
    std::fs::write(
        &scenario,
        format!(
            "rules = {:?}\nyear = 2024\n[dataset]\nfolder = {:?}\n[dataset.layers]\nfacilities = {{ path = \"设施.csv\", lon = \"经度\", lat = \"纬度\", crs = \"GCJ-02\" }}\n",
            root().join("scenarios/putuo-2024-rules.toml"),
            gis
        ),
    )
    .unwrap();

    let (_, _, wgs, _) =
        isleplan::pipeline::load(&root().join("scenarios/baseline-2024.toml")).unwrap();
    let (_, _, gcj, _) = isleplan::pipeline::load(&scenario).unwrap();

    let rejected: Vec<_> = gcj
        .diagnostics
        .rejected
        .iter()
        .filter(|r| r.at.file.contains("设施.csv"))
        .collect();
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(wgs.world.facilities.len(), gcj.world.facilities.len());
    let mut worst = 0.0f64;
    for (a, b) in wgs.world.facilities.iter().zip(&gcj.world.facilities) {
        assert_eq!(a.id, b.id);
        let d = Haversine.distance(Point(a.point), Point(b.point));
        worst = worst.max(d);
        assert!(d < 1.0, "{}: {d} m from its WGS84 point", a.id.as_str());
        assert_eq!(a.island, b.island, "{}", a.id.as_str());
        assert!(
            b.provenance.0.iter().any(|(k, v)| k == "location_method"
                && v.as_str().is_some_and(|m| m.starts_with("GCJ-02"))),
            "{}: {:?}",
            b.id.as_str(),
            b.provenance
        );
    }
    // The offset undone is 300–700 m; what is left is the inverse's residual
    // (its stopping rule is 1e-10°, about 0.01 mm; the CSV keeps every digit).
    assert!(worst < 0.001, "worst {worst} m");
    eprintln!(
        "GCJ-02 → WGS84 on {} Putuo facilities: worst {worst:.2e} m",
        gcj.world.facilities.len()
    );
}

#[test]
fn location_method_reaches_the_output_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let byod = fixture("byod");
    gcj02_csv(
        &byod.join("geojson/facilities.geojson"),
        &tmp.path().join("f.csv"),
    );
    let scenario = tmp.path().join("s.toml");
    std::fs::write(
        &scenario,
        format!(
            "name = \"byod\"\nrules = {:?}\nyear = 2024\n[dataset]\nfolder = {:?}\n[dataset.layers]\nfacilities = {{ path = \"f.csv\", lon = \"经度\", lat = \"纬度\", crs = \"GCJ-02\" }}\n",
            byod.join("rules.toml"),
            byod.join("geojson")
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");

    run(&scenario, &out, &[]);

    let layer = crate::common::layer(&out.join("facilities.geojson"));
    assert_eq!(layer.len(), 13);
    for (id, p) in layer {
        assert!(
            p["location_method"]
                .as_str()
                .unwrap()
                .starts_with("GCJ-02 converted to WGS84"),
            "{id}"
        );
    }
}

/// The error or the rejections of loading `scenario` (written into `dir`).
fn load_err(dir: &Path, scenario: &str) -> Error {
    let path = dir.join("s.toml");
    std::fs::write(&path, scenario).unwrap();
    match isleplan::pipeline::load(&path) {
        Err(e) => e,
        Ok(_) => panic!("{scenario}: loaded"),
    }
}

fn scenario_with(layer: &str) -> String {
    let byod = fixture("byod");
    format!(
        "rules = {:?}\nyear = 2024\n[dataset]\nfolder = {:?}\n[dataset.layers]\n{layer}\n",
        byod.join("rules.toml"),
        byod.join("geojson")
    )
}

#[test]
fn a_file_that_is_not_a_geopackage_is_named_with_its_layer() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("村庄.gpkg"), "编号,村名\n1,安山村\n").unwrap();

    let err = load_err(
        tmp.path(),
        &scenario_with("settlements = { path = \"村庄.gpkg\", layer = \"villages\" }"),
    );

    let msg = err.to_string();
    assert!(msg.contains("村庄.gpkg (layer villages)"), "{msg}");
    assert!(
        msg.contains("is not a GeoPackage: not an SQLite database"),
        "{msg}"
    );
    assert!(err.hint().unwrap().contains("ogr2ogr"));
}

#[test]
fn a_missing_geopackage_layer_lists_the_layers_it_has() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("byod/村庄.gpkg"), tmp.path().join("v.gpkg")).unwrap();

    let err = load_err(
        tmp.path(),
        &scenario_with("settlements = { path = \"v.gpkg\", layer = \"vilages\" }"),
    );

    let msg = err.to_string();
    assert!(msg.contains("v.gpkg (layer vilages)"), "{msg}");
    assert!(
        msg.contains("layer \"vilages\" is not in the GeoPackage (did you mean \"villages\"?); its feature layers are: villages"),
        "{msg}"
    );
}

#[test]
fn a_csv_without_its_longitude_column_names_the_column_and_lists_the_header() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("byod/设施.csv"), tmp.path().join("f.csv")).unwrap();

    let err = load_err(
        tmp.path(),
        &scenario_with("facilities = { path = \"f.csv\", lon = \"经度x\", lat = \"纬度\" }"),
    );

    let msg = err.to_string();
    assert!(msg.contains("f.csv (layer facilities)"), "{msg}");
    assert!(
        msg.contains("field \"经度x\" (the lon column) is not in the header row; its columns are: 编号, 名称"),
        "{msg}"
    );
}

#[test]
fn a_crs_typo_is_fatal_with_the_scenario_line() {
    let tmp = tempfile::tempdir().unwrap();

    let err = load_err(
        tmp.path(),
        &scenario_with("facilities = { path = \"f.csv\", crs = \"EPSG:4362\" }"),
    );

    let msg = err.to_string();
    assert!(msg.contains("s.toml:6"), "{msg}");
    assert!(
        msg.contains("facilities: unknown crs \"EPSG:4362\""),
        "{msg}"
    );
}

#[test]
fn a_geopackage_in_metres_is_fatal_unless_its_crs_is_stated() {
    let tmp = tempfile::tempdir().unwrap();
    let gpkg = tmp.path().join("v.gpkg");
    std::fs::copy(fixture("byod/村庄.gpkg"), &gpkg).unwrap();
    {
        let db = rusqlite::Connection::open(&gpkg).unwrap();
        db.execute_batch(
            "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition)
               VALUES ('WGS 84 / UTM zone 51N', 32651, 'EPSG', 32651, 'undefined');
             UPDATE gpkg_geometry_columns SET srs_id = 32651;",
        )
        .unwrap();
    }

    let err = load_err(
        tmp.path(),
        &scenario_with("settlements = { path = \"v.gpkg\", layer = \"villages\" }"),
    );

    let msg = err.to_string();
    assert!(msg.contains("v.gpkg (layer villages)"), "{msg}");
    assert!(
        msg.contains("declares EPSG:32651 (WGS 84 / UTM zone 51N)"),
        "{msg}"
    );
}

/// Loads the scenario and returns its rejections as (file, index, id, field, reason).
fn rejections(dir: &Path, scenario: &str) -> Vec<(String, usize, Option<String>, String, String)> {
    let path = dir.join("s.toml");
    std::fs::write(&path, scenario).unwrap();
    let (_, _, d, _) = isleplan::pipeline::load(&path).unwrap();
    d.diagnostics
        .rejected
        .iter()
        .map(|r| {
            (
                r.at.file.clone(),
                r.at.index,
                r.at.id.clone(),
                r.field.clone(),
                r.reason.clone(),
            )
        })
        .collect()
}

#[test]
fn an_unmapped_kind_is_rejected_naming_the_value_and_the_known_kinds() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("byod/设施.csv"), tmp.path().join("f.csv")).unwrap();
    // Every kind mapped but 码头 (pier): the four piers are rejected, one by one.
    let layer = "facilities = { path = \"f.csv\", lon = \"经度\", lat = \"纬度\", fields = { id = \"编号\", name_zh = \"名称\", kind = \"类型\", island = \"所在岛\" }, kinds = { \"医院\" = \"hospital\", \"急救点\" = \"emergency_point\", \"AED\" = \"aed\", \"村卫生室\" = \"village_clinic\", \"助餐点\" = \"meal_point\", \"照料中心\" = \"care_station\" } }";

    let r = rejections(tmp.path(), &scenario_with(layer));

    let piers: Vec<_> = r.iter().filter(|x| x.3.starts_with("kind")).collect();
    assert_eq!(piers.len(), 5, "{r:?}");
    let (file, index, id, field, reason) = piers[0];
    assert!(file.ends_with("f.csv (layer facilities)"), "{file}");
    assert_eq!((*index, id.as_deref()), (3, Some("a_pier")));
    assert_eq!(field, "kind (field \"类型\")");
    assert!(reason.starts_with("kind \"码头\" has no mapping in `kinds` (mapped: AED, 助餐点, 医院, 急救点, 村卫生室, 照料中心)"), "{reason}");
    assert!(
        reason.contains("known kinds: aed, canteen, care_station"),
        "{reason}"
    );
}

#[test]
fn csv_rows_with_bad_coordinates_and_gcj02_points_abroad_are_rejected_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("f.csv");
    gcj02_csv(&fixture("byod/geojson/facilities.geojson"), &f);
    let text = std::fs::read_to_string(&f).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Row 1 (a_emergency): longitude "east"; row 2 (a_aed): Paris, which GCJ-02
    // does not cover. The last two fields of a row are 经度, 纬度.
    let with_lonlat = |line: &str, lon: &str, lat: &str| {
        let mut cells: Vec<&str> = line.split(',').collect();
        let n = cells.len();
        cells[n - 2] = lon;
        cells[n - 1] = lat;
        cells.join(",")
    };
    lines[2] = with_lonlat(&lines[2], "east", "29.93");
    lines[3] = with_lonlat(&lines[3], "2.35", "48.85");
    std::fs::write(&f, lines.join("\n") + "\n").unwrap();

    let r = rejections(
        tmp.path(),
        &scenario_with(
            "facilities = { path = \"f.csv\", lon = \"经度\", lat = \"纬度\", crs = \"GCJ-02\" }",
        ),
    );

    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        (r[0].1, r[0].2.as_deref(), r[0].3.as_str()),
        (1, Some("a_emergency"), "经度")
    );
    assert!(
        r[0].4.contains("`经度` is not a number (got \"east\")"),
        "{}",
        r[0].4
    );
    assert_eq!(
        (r[1].1, r[1].2.as_deref(), r[1].3.as_str()),
        (2, Some("a_aed"), "geometry")
    );
    assert!(
        r[1].4.contains("outside the domain of GCJ-02"),
        "{}",
        r[1].4
    );
}

/// The facilities of a run's layer that serve (not closing): kind and point
/// (7 decimals), with the name, sorted.
fn serving(path: &Path) -> Vec<(String, String, [String; 2])> {
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut v: Vec<_> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["status"] != "closing")
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            (
                f["properties"]["kind"].as_str().unwrap().to_owned(),
                f["properties"]["name_zh"].as_str().unwrap_or("").to_owned(),
                [
                    format!("{:.6}", c[0].as_f64().unwrap()),
                    format!("{:.6}", c[1].as_f64().unwrap()),
                ],
            )
        })
        .collect();
    v.sort();
    v
}

/// The round trip without QGIS: run → the facilities layer edited as a script
/// would (one moved, one deleted, one added, one renamed) → edits-from → run.
#[test]
fn edits_from_an_edited_geojson_layer_reproduce_its_facilities() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = fixture("byod/geojson.toml");
    let out = tmp.path().join("out");
    run(&scenario, &out, &[]);
    let mut fc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("facilities.geojson")).unwrap())
            .unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    features.retain(|f| f["properties"]["id"] != "c_meals");
    for f in features.iter_mut() {
        if f["properties"]["id"] == "b_clinic" {
            f["geometry"]["coordinates"] = serde_json::json!([122.352, 29.925]);
        }
        if f["properties"]["id"] == "a_aed" {
            f["properties"]["name_zh"] = "安山AED(新)".into();
        }
    }
    features.push(serde_json::json!({"type": "Feature", "properties": {"kind": "village_clinic", "name_zh": "苍洲新卫生室"}, "geometry": {"type": "Point", "coordinates": [122.33, 29.86]}}));
    let edited = tmp.path().join("facilities.geojson");
    std::fs::write(&edited, serde_json::to_string(&fc).unwrap()).unwrap();
    let new = tmp.path().join("edited.toml");

    let o = isleplan(
        &root(),
        &[
            "edits-from",
            edited.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&new).unwrap();
    for want in [
        "type = \"move-facility\"\nid = \"b_clinic\"",
        "type = \"close-facility\"\nid = \"c_meals\"",
        "type = \"change-facility\"\nid = \"a_aed\"\nname_zh = \"安山AED(新)\"",
        // The added feature has no id: it is named by its place in the layer.
        "# added: 苍洲新卫生室 (no id), feature #12",
        "type = \"add-facility\"\nid = \"added-13\"",
        // 0.002° east and 0.005° south at 29.93° N: 192.7 m and 556.0 m on a
        // sphere of 6,371 km, 588 m together.
        "# moved 588 m: 白石村卫生室 (b_clinic), feature #4",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    let out2 = tmp.path().join("out2");
    run(&new, &out2, &[]);

    assert_eq!(serving(&out2.join("facilities.geojson")), serving(&edited));
}

#[test]
fn edits_from_an_edited_settlements_layer_sets_populations_and_lists_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = fixture("byod/geojson.toml");
    let out = tmp.path().join("out");
    run(&scenario, &out, &[]);
    let mut fc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("settlements.geojson")).unwrap())
            .unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    features.retain(|f| f["properties"]["id"] != "e1");
    for f in features.iter_mut() {
        if f["properties"]["id"] == "b1" {
            f["properties"]["population"] = 2222.into();
        }
    }
    let edited = tmp.path().join("settlements.geojson");
    std::fs::write(&edited, serde_json::to_string(&fc).unwrap()).unwrap();

    let o = isleplan(
        &root(),
        &[
            "edits-from",
            edited.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
        ],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        text.contains("# population 2000 → 2222: 白石村 (b1)"),
        "{text}"
    );
    assert!(
        text.contains("type = \"set-population\"\nsettlement = \"b1\"\npopulation = 2222"),
        "{text}"
    );
    assert!(
        text.contains("# not expressed: 鹅屿村 (e1): deleted from"),
        "{text}"
    );
    assert!(stderr(&o).contains("warning: not expressed: 鹅屿村 (e1)"));
}

/// The acceptance round trip in the real QGIS: run (GeoPackage) → PyQGIS moves
/// two facilities, deletes one and adds one in `isleplan.gpkg` and saves →
/// edits-from → run → the same serving facilities as the saved layer.
#[test]
fn qgis_edits_to_the_output_geopackage_come_back_as_a_scenario() {
    if !pyqgis_available("qgis_edits_to_the_output_geopackage_come_back_as_a_scenario") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let scenario = fixture("byod/geojson.toml");
    let out = tmp.path().join("out");
    run(&scenario, &out, &["--format", "gpkg"]);
    let gpkg = out.join("isleplan.gpkg");
    let spec = serde_json::json!({
        "move": {"b_clinic": [122.352, 29.925], "c_care": [122.325, 29.862]},
        "delete": ["c_meals"],
        "add": [{"at": [122.33, 29.86], "kind": "village_clinic", "name_zh": "苍洲新卫生室", "status": "existing"}]
    });
    let saved = pyqgis(
        "qgis_edit.py",
        &[gpkg.to_str().unwrap(), "facilities", &spec.to_string()],
    );
    assert!(saved.contains("\"features\": 13"), "{saved}");
    // What QGIS saved, as isleplan reads it back.
    let layer = isleplan::scenario::edits_from::read_edited(&gpkg, Some("facilities")).unwrap();
    let mut saved_facilities: Vec<(String, String, [String; 2])> = layer
        .features
        .iter()
        .map(|f| {
            let p = f.point.unwrap();
            (
                f.props["kind"].as_str().unwrap().to_owned(),
                f.props
                    .get("name_zh")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                [format!("{:.6}", p.x), format!("{:.6}", p.y)],
            )
        })
        .collect();
    saved_facilities.sort();
    let new = tmp.path().join("edited.toml");

    let o = isleplan(
        &root(),
        &[
            "edits-from",
            gpkg.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&new).unwrap();
    let count = |t: &str| text.matches(&format!("type = \"{t}\"")).count();
    assert_eq!(
        [
            count("move-facility"),
            count("close-facility"),
            count("add-facility"),
            count("change-facility")
        ],
        [2, 1, 1, 0],
        "{text}"
    );
    let out2 = tmp.path().join("out2");
    run(&new, &out2, &[]);

    assert_eq!(serving(&out2.join("facilities.geojson")), saved_facilities);
}

fn bowtie_islands(dir: &Path) {
    let path = dir.join("islands.geojson");
    let mut fc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // eyu's outline as a bowtie: its ring crosses itself.
    for f in fc["features"].as_array_mut().unwrap() {
        if f["properties"]["id"] == "eyu" {
            f["geometry"] = serde_json::json!({"type": "Polygon", "coordinates": [[
                [122.39, 29.84], [122.42, 29.86], [122.42, 29.84], [122.39, 29.86], [122.39, 29.84]
            ]]});
        }
    }
    std::fs::write(&path, serde_json::to_string(&fc).unwrap()).unwrap();
}

#[test]
fn check_repair_writes_a_valid_copy_and_leaves_the_input_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["islands", "settlements", "facilities", "ferries"] {
        std::fs::copy(
            fixture("byod/geojson").join(format!("{f}.geojson")),
            data.join(format!("{f}.geojson")),
        )
        .unwrap();
    }
    bowtie_islands(&data);
    let before = std::fs::read(data.join("islands.geojson")).unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(
        &scenario,
        format!(
            "dataset = \"data\"\nrules = {:?}\nyear = 2024\n",
            fixture("byod/rules.toml")
        ),
    )
    .unwrap();
    let repaired = tmp.path().join("repaired");

    let o = isleplan(
        &root(),
        &[
            "check",
            scenario.to_str().unwrap(),
            "--repair",
            repaired.to_str().unwrap(),
        ],
    );

    assert_eq!(o.status.code(), Some(1), "still rejected: {}", stderr(&o));
    assert!(
        stderr(&o).contains("feature #3 (id \"eyu\"): invalid outline"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(data.join("islands.geojson")).unwrap(), before);
    let copy: Value =
        serde_json::from_str(&std::fs::read_to_string(repaired.join("islands.geojson")).unwrap())
            .unwrap();
    let f = &copy["features"][0];
    assert_eq!(f["properties"]["id"], "eyu");
    // The bowtie's two triangles, each 0.03° × 0.01° / 2: two parts, five
    // vertices each, the crossing at (122.405, 29.85) a vertex of both.
    assert!(
        f["properties"]["repair"]
            .as_str()
            .unwrap()
            .starts_with("made valid: 1 → 2 parts, 0 → 0 holes, 5 → 8 vertices"),
        "{}",
        f["properties"]["repair"]
    );
    // The repaired copy, put in place of the original, loads without rejection.
    let mut fc: Value = serde_json::from_str(&String::from_utf8(before).unwrap()).unwrap();
    for g in fc["features"].as_array_mut().unwrap() {
        if g["properties"]["id"] == "eyu" {
            g["geometry"] = f["geometry"].clone();
        }
    }
    std::fs::write(
        data.join("islands.geojson"),
        serde_json::to_string(&fc).unwrap(),
    )
    .unwrap();
    let o = isleplan(&root(), &["check", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_dataset_table_without_a_folder_needs_every_required_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let byod = fixture("byod");
    let text = format!(
        "rules = {:?}\nyear = 2024\n[dataset.layers]\nislands = {{ path = {:?}, layer = \"islands\" }}\nsettlements = {{ path = {:?} }}\n",
        byod.join("rules.toml"),
        byod.join("dataset.gpkg"),
        byod.join("settlements.csv")
    );

    let err = load_err(tmp.path(), &text);

    assert!(
        err.to_string().contains("names no `facilities` layer"),
        "{err}"
    );
}

#[test]
fn the_proposals_kept_in_an_edited_proposed_layer_are_added_with_their_clause() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = fixture("byod/geojson.toml");
    let out = tmp.path().join("out");
    run(&scenario, &out, &[]);
    let mut fc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("proposed.geojson")).unwrap())
            .unwrap();
    let all = fc["features"].as_array().unwrap().len();
    // Keep two of the proposals: the 15-minute clinic at c1 and the meal point at a1.
    fc["features"].as_array_mut().unwrap().retain(|f| {
        f["properties"]["id"] == "health-15min:c1" || f["properties"]["id"] == "meals-share:a1"
    });
    assert!(all > 2, "the fixture proposes {all} sites");
    let edited = tmp.path().join("proposed.geojson");
    std::fs::write(&edited, serde_json::to_string(&fc).unwrap()).unwrap();
    let new = tmp.path().join("kept.toml");

    let o = isleplan(
        &root(),
        &[
            "edits-from",
            edited.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&new).unwrap();
    assert_eq!(text.matches("type = \"add-facility\"").count(), 2, "{text}");
    assert_eq!(
        text.matches("type = \"close-facility\"").count(),
        0,
        "{text}"
    );
    assert!(
        text.contains("# proposal kept: (health-15min:c1), feature #0 of"),
        "{text}"
    );
    assert!(text.contains("clause = \"二(二)5a\""), "{text}");
    let out2 = tmp.path().join("out2");
    run(&new, &out2, &[]);

    let facilities = crate::common::layer(&out2.join("facilities.geojson"));
    let kinds: BTreeMap<String, String> = facilities
        .into_iter()
        .map(|(id, p)| (id, p["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        kinds.get("health-15min:c1").map(String::as_str),
        Some("village_clinic")
    );
    assert_eq!(
        kinds.get("meals-share:a1").map(String::as_str),
        Some("meal_point")
    );
    assert_eq!(kinds.len(), 15);
}

/// Damaged settlements, one problem each (and two good ones), as
/// (properties, lon, lat): the bad-input catalogue for points.
fn damaged_settlements() -> Vec<(Value, f64, f64)> {
    use serde_json::json;
    vec![
        (
            json!({"id": "a1", "name_zh": "安山村", "island": "anshan", "kind": "village", "population": 3000}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "neg", "name_zh": "负", "island": "anshan", "kind": "village", "population": -3}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "nokind", "name_zh": "无类", "island": "anshan", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "town", "name_zh": "镇", "island": "anshan", "kind": "town", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "a1", "name_zh": "重复", "island": "anshan", "kind": "village", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "old", "name_zh": "老", "island": "anshan", "kind": "village", "population": 10, "elderly": 11}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "typo", "name_zh": "错岛", "island": "anshen", "kind": "village", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "code", "name_zh": "码", "island": "anshan", "kind": "village", "village_code": "123", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "far", "name_zh": "远", "island": "anshan", "kind": "village", "population": 10}),
            122.6,
            29.92,
        ),
        (
            json!({"name_zh": "无号", "island": "anshan", "kind": "village", "population": 10}),
            122.3,
            29.92,
        ),
        (
            json!({"id": "b1", "name_zh": "白石村", "island": "baishi", "kind": "village", "population": 2000}),
            122.35,
            29.92,
        ),
    ]
}

const COLUMNS: [&str; 7] = [
    "id",
    "name_zh",
    "island",
    "kind",
    "population",
    "elderly",
    "village_code",
];

/// A minimal GeoPackage of one point table, written with rusqlite: the three
/// required tables, EPSG:4326, and GeoPackage binary points (header + WKB).
fn write_gpkg(path: &Path, table: &str, rows: &[(Value, f64, f64)]) {
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(&format!(
        "PRAGMA application_id = 1196444487;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
           organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\"]', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT,
           last_change TEXT, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('{table}', 'features', 4326);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
           srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
         INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', 'POINT', 4326, 0, 0);
         CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, id TEXT, name_zh TEXT, island TEXT,
           kind TEXT, population INTEGER, elderly INTEGER, village_code TEXT);"
    ))
    .unwrap();
    for (p, x, y) in rows {
        let mut blob = vec![b'G', b'P', 0, 1];
        blob.extend(4326i32.to_le_bytes());
        blob.push(1);
        blob.extend(1u32.to_le_bytes());
        blob.extend(x.to_le_bytes());
        blob.extend(y.to_le_bytes());
        let cell = |k: &str| -> rusqlite::types::Value {
            match &p[k] {
                Value::String(s) => rusqlite::types::Value::Text(s.clone()),
                Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap()),
                _ => rusqlite::types::Value::Null,
            }
        };
        let values: Vec<rusqlite::types::Value> =
            std::iter::once(rusqlite::types::Value::Blob(blob))
                .chain(COLUMNS.iter().map(|k| cell(k)))
                .collect();
        db.execute(
            &format!(
                "INSERT INTO \"{table}\" (geom, {}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                COLUMNS.join(", ")
            ),
            rusqlite::params_from_iter(values),
        )
        .unwrap();
    }
}

/// A rejection without its file: (index, id, field, reason).
type Answer = (usize, Option<String>, String, String);

#[test]
fn the_bad_input_catalogue_answers_alike_in_geojson_geopackage_and_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = damaged_settlements();
    let features: Vec<Value> = rows
        .iter()
        .map(|(p, x, y)| serde_json::json!({"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": [x, y]}}))
        .collect();
    std::fs::write(
        tmp.path().join("s.geojson"),
        serde_json::to_string(
            &serde_json::json!({"type": "FeatureCollection", "features": features}),
        )
        .unwrap(),
    )
    .unwrap();
    let mut w = csv::Writer::from_path(tmp.path().join("s.csv")).unwrap();
    w.write_record(COLUMNS.iter().copied().chain(["lon", "lat"]))
        .unwrap();
    for (p, x, y) in &rows {
        let mut r: Vec<String> = COLUMNS
            .iter()
            .map(|k| match &p[*k] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        r.extend([x.to_string(), y.to_string()]);
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
    write_gpkg(&tmp.path().join("s.gpkg"), "villages", &rows);

    let answers: Vec<Vec<Answer>> = [
        "settlements = { path = \"s.geojson\" }",
        "settlements = { path = \"s.csv\" }",
        "settlements = { path = \"s.gpkg\", layer = \"villages\" }",
    ]
    .iter()
    .map(|layer| {
        let r = rejections(tmp.path(), &scenario_with(layer));
        r.into_iter()
            .filter(|x| x.0.contains("/s."))
            .map(|(_, index, id, field, reason)| (index, id, field, reason))
            .collect()
    })
    .collect();

    let fields: Vec<(usize, &str)> = answers[0].iter().map(|a| (a.0, a.2.as_str())).collect();
    assert_eq!(
        fields,
        [
            (1, "population"),
            (2, "kind"),
            (3, "kind"),
            (4, "id"),
            (5, "elderly"),
            (6, "island"),
            (7, "village_code"),
            (8, "geometry"),
            (9, "id"),
        ],
        "{:#?}",
        answers[0]
    );
    assert_eq!(answers[0], answers[1], "GeoJSON and CSV differ");
    assert_eq!(answers[0], answers[2], "GeoJSON and GeoPackage differ");
}
