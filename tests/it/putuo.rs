//! The default Putuo dataset in `gis/`: bands, relocations, and island assignment
//! against the real outlines in `../shared/data/putuo/`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{client_available, isleplan, layer, root, shared_putuo, stderr};

fn run_baseline() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn band_of(population: u64) -> &'static str {
    match population {
        0..=99 => "0–99",
        100..=499 => "100–499",
        500..=999 => "500–999",
        _ => "1000+",
    }
}

#[test]
fn every_island_appears_in_the_band_results_with_the_right_band() {
    let out = run_baseline();
    let input = layer(&root().join("gis/islands.geojson"));

    let output: BTreeMap<String, _> = layer(&out.path().join("islands.geojson"))
        .into_iter()
        .collect();

    assert!(
        input.len() >= 15,
        "the default dataset has {} islands",
        input.len()
    );
    for (id, props) in &input {
        let pop = props["population"].as_u64().unwrap();
        let got = output
            .get(id)
            .unwrap_or_else(|| panic!("island {id} missing from the output"));
        assert_eq!(
            got["health_band_island_band"],
            band_of(pop),
            "island {id} ({pop} residents)"
        );
        assert!(
            matches!(got["health_band_island"].as_str(), Some("met" | "gap")),
            "{id}"
        );
    }
}

#[test]
fn relocations_list_dashuangshan_and_huangxing_with_named_destinations() {
    let out = run_baseline();

    let relocations: BTreeMap<String, _> = layer(&out.path().join("relocations.geojson"))
        .into_iter()
        .collect();

    assert_eq!(relocations["dashuangshan"]["to"], "xiazhi");
    assert_eq!(relocations["huangxing"]["to"], "zhoushan");
    for r in relocations.values() {
        assert!(
            r["basis"]
                .as_str()
                .unwrap()
                .starts_with("named in the plan"),
            "{r:?}"
        );
        assert!(r["residents"].as_u64().unwrap() < 100);
    }
    let moved: u64 = relocations
        .values()
        .map(|r| r["residents"].as_u64().unwrap())
        .sum();
    assert_eq!(
        moved, 96,
        "the plan's 96 registered-and-present residents (二(四)11)"
    );
}

#[test]
fn default_dataset_checks_clean() {
    let o = isleplan(&root(), &["check"]);

    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 rejected"), "{}", stderr(&o));
}

#[test]
fn settlement_populations_add_up_to_their_islands() {
    let islands = layer(&root().join("gis/islands.geojson"));
    let settlements = layer(&root().join("gis/settlements.geojson"));

    for (id, props) in &islands {
        let sum: u64 = settlements
            .iter()
            .filter(|(_, s)| s["island"] == id.as_str())
            .map(|(_, s)| s["population"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, props["population"].as_u64().unwrap(), "island {id}");
    }
}

#[test]
fn every_figure_in_gis_carries_a_source_or_a_method() {
    for (layer_name, needs) in [
        ("islands", &["population_source", "population_method"][..]),
        (
            "settlements",
            &["population_source", "population_method", "location_method"][..],
        ),
        ("facilities", &["source", "location_method"][..]),
        ("ferries", &["source", "minutes_method"][..]),
    ] {
        for (id, props) in layer(&root().join(format!("gis/{layer_name}.geojson"))) {
            for key in needs {
                let v = props.get(*key).and_then(Value::as_str).unwrap_or("");
                assert!(
                    !v.trim().is_empty(),
                    "gis/{layer_name}.geojson {id}: `{key}` is empty"
                );
            }
        }
    }
}

/// The outlines of `../shared` labelled for our islands, as an islands layer.
fn islands_with_real_outlines() -> String {
    let shared: Value = serde_json::from_str(
        &std::fs::read_to_string(shared_putuo().join("putuo_polygons_wgs84.geojson")).unwrap(),
    )
    .unwrap();
    let by_idx: BTreeMap<u64, &Value> = shared["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["properties"]["idx"].as_u64().unwrap(), &f["geometry"]))
        .collect();
    let text = std::fs::read_to_string(root().join("gis/islands.geojson")).unwrap();
    let mut fc: Value = serde_json::from_str(&text).unwrap();
    for f in fc["features"].as_array_mut().unwrap() {
        let idx = f["properties"]["outline_idx"].as_u64();
        let id = f["properties"]["id"].clone();
        let idx = idx.unwrap_or_else(|| panic!("island {id} has no outline_idx"));
        f["geometry"] = by_idx[&idx].clone();
    }
    fc.to_string()
}

fn strip_island(path: &std::path::Path) -> String {
    let mut fc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for f in fc["features"].as_array_mut().unwrap() {
        f["properties"].as_object_mut().unwrap().remove("island");
    }
    fc.to_string()
}

#[test]
fn point_in_polygon_on_the_real_outlines_puts_every_point_on_its_named_island() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gis");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("islands.geojson"), islands_with_real_outlines()).unwrap();
    std::fs::write(
        data.join("settlements.geojson"),
        strip_island(&root().join("gis/settlements.geojson")),
    )
    .unwrap();
    std::fs::write(
        data.join("facilities.geojson"),
        strip_island(&root().join("gis/facilities.geojson")),
    )
    .unwrap();
    std::fs::copy(
        root().join("gis/ferries.geojson"),
        data.join("ferries.geojson"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        format!(
            "dataset = \"gis\"\nrules = \"{}\"\nyear = 2024\n",
            root().join("scenarios/putuo-2024-rules.toml").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");

    let o = isleplan(
        dir.path(),
        &["run", "s.toml", "--out", out.to_str().unwrap(), "-q"],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("rejected"), "{}", stderr(&o));
    for name in ["settlements", "facilities"] {
        let named: BTreeMap<String, _> = layer(&root().join(format!("gis/{name}.geojson")))
            .into_iter()
            .collect();
        let derived = layer(&out.join(format!("{name}.geojson")));
        assert_eq!(
            derived.len(),
            named.len(),
            "{name}: every feature is accepted"
        );
        for (id, props) in derived {
            assert_eq!(
                props["island"], named[&id]["island"],
                "{name} {id} ({})",
                props["island_assignment"]
            );
            let how = props["island_assignment"].as_str().unwrap();
            // The stated snapping tolerance (settings.snap_tolerance_m = 300 m) is
            // recorded on the feature; only piers may need it.
            if how != "contained" {
                assert!(how.starts_with("snapped "), "{id}: {how}");
                assert_eq!(
                    props["kind"], "pier",
                    "{id} is not a pier yet lies off the coast: {how}"
                );
            }
        }
    }
}

#[test]
fn gdal_opens_every_output_layer_of_the_default_run() {
    if !client_available(
        "ogrinfo",
        "gdal_opens_every_output_layer_of_the_default_run",
    ) {
        return;
    }
    let out = run_baseline();
    let mut layers = 0;
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "geojson") {
            let o = std::process::Command::new("ogrinfo")
                .args(["-al", "-so", "-ro"])
                .arg(&path)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(o.status.success(), "{}: {text}", path.display());
            assert!(
                !text.contains("ERROR") && !text.contains("Warning"),
                "{}: {text}",
                path.display()
            );
            assert!(
                text.contains("Feature Count:") && text.contains("EPSG") || text.contains("WGS 84"),
                "{}: {text}",
                path.display()
            );
            layers += 1;
        }
    }
    assert_eq!(layers, 7);
}
