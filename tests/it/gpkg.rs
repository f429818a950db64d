//! GeoPackage and GeoJSON outputs as GDAL (`ogrinfo`) reads them, and the
//! GeoPackage's bytes across runs.

use std::path::Path;
use std::process::Command;

use isleplan::output::legend::Lang;
use isleplan::output::Format;

use crate::common::{client_available, fixture, root, stderr};
use crate::synthetic::run_with_extras;

/// `ogrinfo -ro -so -al`: (layer name, feature count) in order, and stderr.
fn ogrinfo(path: &Path, layer: Option<&str>) -> (Vec<(String, usize)>, String) {
    let mut cmd = Command::new("ogrinfo");
    cmd.args(["-ro", "-so"]).arg(path);
    match layer {
        Some(l) => cmd.arg(l),
        None => cmd.arg("-al"),
    };
    let o = cmd.output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{}: {out}{err}", path.display());
    let mut layers = Vec::new();
    let mut name = None;
    for line in out.lines() {
        if let Some(n) = line.strip_prefix("Layer name: ") {
            name = Some(n.trim().to_owned());
        }
        if let Some(c) = line.strip_prefix("Feature Count: ") {
            let n = name.take().expect("a count follows a layer name");
            layers.push((n, c.trim().parse().unwrap()));
        }
    }
    (
        layers,
        format!("{err}{}", if out.contains("Warning") { &out } else { "" }),
    )
}

fn features_in(path: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["features"].as_array().unwrap().len()
}

#[test]
fn gdal_opens_every_geojson_layer_including_service_areas_and_proposals() {
    if !client_available(
        "ogrinfo",
        "gdal_opens_every_geojson_layer_including_service_areas_and_proposals",
    ) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("pip").join("scenario.toml");

    let layers = run_with_extras(&scenario, out.path(), Format::Geojson, Lang::Zh);

    assert!(
        layers.contains(&"service_areas".to_owned()) && layers.contains(&"proposed".to_owned())
    );
    for name in &layers {
        let path = out.path().join(format!("{name}.geojson"));
        let (got, err) = ogrinfo(&path, None);
        assert!(err.trim().is_empty(), "{name}: GDAL says: {err}");
        // GDAL splits nothing: a mixed layer is one OGR layer.
        let total: usize = got.iter().map(|(_, n)| n).sum();
        assert_eq!(total, features_in(&path), "{name}: {got:?}");
    }
}

#[test]
fn gdal_lists_every_layer_of_the_geopackage_with_its_feature_count_and_no_warning() {
    if !client_available(
        "ogrinfo",
        "gdal_lists_every_layer_of_the_geopackage_with_its_feature_count_and_no_warning",
    ) {
        return;
    }
    let scenario = fixture("pip").join("scenario.toml");
    let (json_out, gpkg_out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let layers = run_with_extras(&scenario, json_out.path(), Format::Geojson, Lang::Zh);

    run_with_extras(&scenario, gpkg_out.path(), Format::Gpkg, Lang::Zh);

    let gpkg = gpkg_out.path().join("isleplan.gpkg");
    let (got, err) = ogrinfo(&gpkg, None);
    assert!(err.trim().is_empty(), "GDAL says: {err}");
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    for name in &layers {
        let want = features_in(&json_out.path().join(format!("{name}.geojson")));
        let n = got.iter().find(|(n, _)| n == name).map(|(_, n)| *n);
        assert_eq!(n, Some(want), "{name} in {names:?}");
    }
    assert_eq!(
        got.iter()
            .find(|(n, _)| n == "layer_styles")
            .map(|(_, n)| *n),
        Some(layers.len()),
        "one default style per layer"
    );
    assert!(
        !gpkg_out.path().join("settlements.geojson").exists(),
        "gpkg replaces the GeoJSON layers"
    );
}

#[test]
fn gdal_reads_the_default_run_as_geopackage_with_types_and_extent() {
    if !client_available(
        "ogrinfo",
        "gdal_reads_the_default_run_as_geopackage_with_types_and_extent",
    ) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::isleplan(
        &root(),
        &[
            "run",
            "--format",
            "gpkg",
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let text = Command::new("ogrinfo")
        .args(["-ro", "-so"])
        .arg(out.path().join("isleplan.gpkg"))
        .arg("settlements")
        .output()
        .unwrap();

    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let settlements = crate::common::layer(&crate::common::root().join("gis/settlements.geojson"));
    assert!(
        text.contains(&format!("Feature Count: {}", settlements.len())),
        "{text}"
    );
    assert!(text.contains("population: Integer64"), "{text}");
    assert!(text.contains("name_zh: String"), "{text}");
    assert!(text.contains("Extent: (122."), "{text}");
    assert!(text.contains("ID[\"EPSG\",4326]"), "{text}");
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn geopackage_bytes_are_identical_across_runs_and_thread_counts() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let run = |out: &Path, threads: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_isleplan"))
            .args([
                "run",
                "--format",
                "gpkg",
                "-q",
                "--out",
                out.to_str().unwrap(),
            ])
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };

    run(a.path(), "1");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run(b.path(), "4");

    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.iter().any(|(n, _)| n == "isleplan.gpkg"));
    assert_eq!(fa, fb);
    let gpkg = &fa.iter().find(|(n, _)| n == "isleplan.gpkg").unwrap().1;
    assert_eq!(&gpkg[68..72], b"GPKG", "application_id");
    assert_eq!(&gpkg[60..64], &10300i32.to_be_bytes(), "user_version");
}

/// GDAL's own GeoPackage validator (python3-gdal, which gdal-bin depends on).
const VALIDATOR: &str = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";

#[test]
fn gdal_validator_accepts_the_geopackage_with_polygons_and_mixed_geometry() {
    if !client_available(
        "ogrinfo",
        "gdal_validator_accepts_the_geopackage_with_polygons_and_mixed_geometry",
    ) {
        return;
    }
    assert!(
        Path::new(VALIDATOR).exists(),
        "{VALIDATOR} comes with gdal-bin (python3-gdal)"
    );
    let out = tempfile::tempdir().unwrap();
    run_with_extras(
        &fixture("pip").join("scenario.toml"),
        out.path(),
        Format::Gpkg,
        Lang::Zh,
    );

    let o = Command::new("/usr/bin/python3")
        .arg(VALIDATOR)
        .arg(out.path().join("isleplan.gpkg"))
        .output()
        .unwrap();

    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(
        o.status.success() && said.trim().is_empty(),
        "validate_gpkg.py: {said}"
    );
}
