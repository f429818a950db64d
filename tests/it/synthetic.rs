//! Runs whose outputs include the layers other parts of isleplan add
//! (`service_areas`, `proposed`) and a mixed-geometry layer, made here by hand,
//! so the styles, GeoPackage, project and report are tested on them before the
//! code that writes them lands. A layer the run already writes is kept as is.

use std::path::Path;

use isleplan::output::legend::Lang;
use isleplan::output::outcome_files;
use isleplan::output::staged::OutputDir;
use isleplan::output::write_run;
use isleplan::output::Format;
use isleplan::output::Options;
use serde_json::{json, Value};

fn collection(name: &str, features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "name": name, "features": features}).to_string()
}

fn square(x: f64, y: f64, r: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r], [x - r, y - r]]]})
}

/// Service areas: a 15- and a 30-minute square around each facility.
fn service_areas(facilities: &Value) -> String {
    let mut out = Vec::new();
    for f in facilities["features"].as_array().unwrap() {
        let c = &f["geometry"]["coordinates"];
        let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        for (minutes, r) in [(15, 0.004), (30, 0.008)] {
            let id = format!("{}@{minutes}min", f["properties"]["id"].as_str().unwrap());
            out.push(json!({"type": "Feature", "id": id, "properties": {
                "id": id, "facility": f["properties"]["id"], "kind": f["properties"]["kind"],
                "minutes": minutes, "area_km2": 1.5}, "geometry": square(x, y, r)}));
        }
    }
    collection("service_areas", out)
}

/// Proposals: one per gap, at the gap, of the kind it requires.
fn proposed(gaps: &Value) -> String {
    let out = gaps["features"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let p = &g["properties"];
            json!({"type": "Feature", "id": format!("p{i}"), "properties": {
                "id": format!("p{i}"), "kind": p["required"], "rule": p["rule"], "clause": p["clause"],
                "rank": i + 1, "population_covered": p["population"], "solver_status": "optimal"},
                "geometry": g["geometry"]})
        })
        .collect();
    collection("proposed", out)
}

/// The relocations layer with a line to `at` and a point at `at` added (a
/// relocation without destination), so it holds two kinds of geometry.
fn mixed_relocations(relocations: &Value, from: &Value, at: &Value) -> String {
    let mut features = relocations["features"].as_array().unwrap().clone();
    features.push(json!({"type": "Feature", "id": "zz-line", "properties": {
        "id": "zz-line", "name": "Line", "name_zh": "线", "residents": 7, "to": "x",
        "to_name": "X", "to_name_zh": "某岛"},
        "geometry": {"type": "LineString", "coordinates": [from["coordinates"], at["coordinates"]]}}));
    features.push(
        json!({"type": "Feature", "id": "zz-nowhere", "properties": {
        "id": "zz-nowhere", "name": "Nowhere", "name_zh": "无处", "residents": 5, "to": null},
        "geometry": at}),
    );
    collection("relocations", features)
}

/// Runs `scenario` into `out` with the extra layers added; returns the names of
/// the layers written (file stems).
pub fn run_with_extras(scenario: &Path, out: &Path, format: Format, lang: Lang) -> Vec<String> {
    let outcome = isleplan::pipeline::run(scenario).expect("the scenario runs");
    let mut files = outcome_files(&outcome);
    let text = |files: &[(&str, String)], name: &str| -> Value {
        serde_json::from_str(&files.iter().find(|(n, _)| *n == name).unwrap().1).unwrap()
    };
    let has = |files: &[(&str, String)], name: &str| files.iter().any(|(n, _)| *n == name);
    // The run writes service areas only where its rules have travel minutes;
    // an empty layer is replaced so the styles have polygons to show.
    let empty = |files: &[(&str, String)], name: &str| {
        text(files, name)["features"]
            .as_array()
            .is_none_or(|f| f.is_empty())
    };
    if !has(&files, "service_areas.geojson") || empty(&files, "service_areas.geojson") {
        let f = service_areas(&text(&files, "facilities.geojson"));
        files.retain(|(n, _)| *n != "service_areas.geojson");
        files.push(("service_areas.geojson", f));
    }
    if !has(&files, "proposed.geojson") {
        let p = proposed(&text(&files, "gaps.geojson"));
        files.push(("proposed.geojson", p));
    }
    // Travel minutes per family on settlements, as the travel code writes them.
    let mut settlements = text(&files, "settlements.geojson");
    let has_minutes = settlements["features"][0]["properties"]
        .as_object()
        .is_some_and(|p| p.keys().any(|k| k.ends_with("_min")));
    if !has_minutes {
        for (i, f) in settlements["features"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            let p = f["properties"].as_object_mut().unwrap();
            let reachable = i % 2 == 0;
            p.insert(
                "health_min".into(),
                if reachable { json!(12.5) } else { Value::Null },
            );
            p.insert(
                "health_facility".into(),
                json!(if reachable { "clinic-a" } else { "" }),
            );
            p.insert(
                "health_reach".into(),
                json!(if reachable { "reached" } else { "unreachable" }),
            );
        }
        for f in files.iter_mut() {
            if f.0 == "settlements.geojson" {
                f.1 = settlements.to_string();
            }
        }
    }
    let islands = text(&files, "islands.geojson");
    let corner = |i: usize| {
        let g = &islands["features"][i]["geometry"];
        let c = if g["type"] == "Point" {
            g["coordinates"].clone()
        } else {
            g["coordinates"][0][0].clone()
        };
        json!({"type": "Point", "coordinates": c})
    };
    let n = islands["features"].as_array().unwrap().len();
    let relocations = mixed_relocations(
        &text(&files, "relocations.geojson"),
        &corner(n - 1),
        &corner(0),
    );
    for f in files.iter_mut() {
        if f.0 == "relocations.geojson" {
            f.1 = relocations.clone();
        }
    }
    let dir = OutputDir::prepare(out, &[]).expect("output folder");
    write_run(&outcome, &dir, &files, &Options { format, lang }).expect("outputs written");
    dir.commit().expect("outputs committed");
    files
        .iter()
        .filter_map(|(n, _)| n.strip_suffix(".geojson").map(str::to_owned))
        .collect()
}

/// Features per layer in a GeoJSON file, by geometry family (`Point`, `Line`,
/// `Polygon`).
pub fn counts_by_kind(path: &Path) -> Vec<(String, usize)> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in v["features"].as_array().unwrap() {
        let kind = match f["geometry"]["type"].as_str().unwrap_or("") {
            "Point" | "MultiPoint" => "Point",
            "LineString" | "MultiLineString" => "Line",
            _ => "Polygon",
        };
        match counts.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind.to_owned(), 1)),
        }
    }
    counts
}
