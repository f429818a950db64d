//! `service_areas.geojson`: valid polygons inside the island outlines, readable by GDAL,
//! on the fixture and on the real Putuo outlines.

use std::path::Path;
use std::process::Command;

use geo::{
    Area, BooleanOps, BoundingRect, Contains, Coord, Geometry, InteriorPoint, MultiPolygon, Point,
    Validation,
};
use serde_json::{json, Value};

use isleplan::projection::LocalProjection;

use crate::common::root;
use crate::rng::Rng;
use crate::support::fixture;

fn run(scenario: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["run", "--quiet"])
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every (Multi)Polygon of a GeoJSON file, with the feature's properties.
fn areas(path: &Path) -> Vec<(Value, MultiPolygon<f64>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    fc.features
        .into_iter()
        .map(|f| {
            let props = Value::Object(f.properties.clone().unwrap_or_default());
            let g: Geometry<f64> = f.geometry.unwrap().try_into().unwrap();
            let mp = match g {
                Geometry::Polygon(p) => MultiPolygon(vec![p]),
                Geometry::MultiPolygon(mp) => mp,
                other => panic!("not an area: {other:?}"),
            };
            (props, mp)
        })
        .collect()
}

/// Outlines of an islands layer, by id.
fn outlines(path: &Path) -> Vec<(String, MultiPolygon<f64>)> {
    areas(path)
        .into_iter()
        .map(|(p, mp)| (p["id"].as_str().unwrap().to_owned(), mp))
        .collect()
}

/// Asserts every area is valid, counter-clockwise outside (RFC 7946), and lies inside
/// the union of `islands` up to `tolerance_m2` per km of perimeter (7-decimal rounding).
fn check_areas(service_areas: &Path, islands: &[(String, MultiPolygon<f64>)]) -> usize {
    let all = areas(service_areas);
    let pts = islands
        .iter()
        .flat_map(|(_, mp)| mp.bounding_rect().map(|r| r.center()));
    let proj = LocalProjection::for_points(pts);
    let land = islands
        .iter()
        .fold(MultiPolygon::new(vec![]), |acc, (_, mp)| {
            acc.union(&proj.forward_multipolygon(mp))
        });
    for (props, mp) in &all {
        let id = props["id"].as_str().unwrap();
        assert!(mp.is_valid(), "{id}: invalid: {:?}", mp.validation_errors());
        for p in &mp.0 {
            assert!(
                geo::Winding::is_ccw(p.exterior()),
                "{id}: exterior ring is not counter-clockwise"
            );
        }
        let metres = proj.forward_multipolygon(mp);
        let outside = metres.difference(&land).unsigned_area();
        let area = metres.unsigned_area();
        assert!(
            outside <= 1e-6 * area + 1.0,
            "{id}: {outside} m² of {area} m² outside the outlines"
        );
        let km2 = props["area_km2"].as_f64().unwrap();
        assert!(
            (km2 - area / 1e6).abs() < 1e-3 + 1e-4 * km2,
            "{id}: area_km2 {km2} vs {}",
            area / 1e6
        );
    }
    all.len()
}

/// Runs `ogrinfo` on the layer. Without GDAL the check fails under CI and says loudly
/// that it did not run elsewhere: never a silent pass.
fn check_with_gdal(path: &Path, features: usize) {
    let Ok(out) = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(path)
        .output()
    else {
        if std::env::var_os("CI").is_some() {
            panic!("ogrinfo (GDAL) is not installed, and CI is set: install gdal-bin");
        }
        eprintln!("\n*** NOT RUN: ogrinfo (GDAL) is not installed; service_areas.geojson was not opened with GDAL ***\n");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("Feature Count: {features}")),
        "ogrinfo: {text}"
    );
}

#[test]
fn fixture_service_areas_are_valid_inside_the_outlines_and_open_in_gdal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixture("archipelago");

    run(&dir.join("scenario.toml"), tmp.path());

    let file = tmp.path().join("service_areas.geojson");
    let n = check_areas(&file, &outlines(&dir.join("islands.geojson")));
    // Access rules: health-15min (a_hospital, b_clinic) and hospital-30min (a_hospital),
    // plus 5 and 10 minutes below the smallest (15) for both facilities: 3 + 2 × 2.
    assert_eq!(n, 7);
    check_with_gdal(&file, n);
}

#[test]
fn hospital_circle_crosses_the_bridge_but_not_the_slow_ferry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixture("archipelago");

    run(&dir.join("scenario.toml"), tmp.path());

    let all = areas(&tmp.path().join("service_areas.geojson"));
    let (_, h15) = all
        .iter()
        .find(|(p, _)| p["id"] == "a_hospital@15min-car")
        .unwrap();
    // 15 min by car is 6 km: all of anshan (its far corner is 3.8 km away); the bridge
    // end is reached at 7.98 min, leaving 7.02 min = 2.8 km on baishi, so b1 (0.02° =
    // 1.93 km east of the bridge end) is inside; a_pier is reached at 8.31 min, and the
    // ferry takes 57.5, so cangzhou is not.
    assert!(h15.contains(&Point::new(122.281, 29.939)));
    assert!(h15.contains(&Point::new(122.35, 29.92)));
    assert!(!h15.contains(&Point::new(122.365, 29.92)));
    assert!(!h15.contains(&Point::new(122.30, 29.85)));
}

fn point_json(c: Coord<f64>) -> Value {
    json!({"type": "Point", "coordinates": [c.x, c.y]})
}

fn fc(features: Vec<Value>) -> String {
    serde_json::to_string(&json!({"type": "FeatureCollection", "features": features})).unwrap()
}

/// A random point inside `mp` (rejection sampling in its bounding box), or its interior point.
fn inside(mp: &MultiPolygon<f64>, rng: &mut Rng) -> Coord<f64> {
    let r = mp.bounding_rect().unwrap();
    for _ in 0..200 {
        let c = Coord {
            x: r.min().x + rng.unit() * r.width(),
            y: r.min().y + rng.unit() * r.height(),
        };
        if mp.contains(&Point(c)) {
            return c;
        }
    }
    mp.interior_point().unwrap().0
}

#[test]
fn service_areas_on_the_real_putuo_outlines_are_valid_and_inside() {
    // The real outlines of the default dataset (gis/islands.geojson).
    let text = std::fs::read_to_string(root().join("gis/islands.geojson")).unwrap();
    let raw: Value = serde_json::from_str(&text).unwrap();
    let mut rng = Rng::new(2024);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();

    let mut islands = Vec::new();
    let mut settlements = Vec::new();
    let mut facilities = Vec::new();
    let mut piers = Vec::new();
    for (idx, f) in raw["features"].as_array().unwrap().iter().enumerate() {
        let id = format!("p{idx:02}");
        let g: Geometry<f64> = serde_json::from_value::<geojson::Geometry>(f["geometry"].clone())
            .unwrap()
            .try_into()
            .unwrap();
        let mp = match g {
            Geometry::Polygon(p) => MultiPolygon(vec![p]),
            Geometry::MultiPolygon(mp) => mp,
            _ => continue,
        };
        islands.push(json!({"type": "Feature", "properties": {"id": id, "name": id, "name_zh": id, "town": "t", "population": 1000}, "geometry": f["geometry"]}));
        settlements.push(json!({"type": "Feature", "properties": {"id": format!("{id}-s"), "name": "s", "name_zh": "s", "island": id, "kind": "village", "population": 500}, "geometry": point_json(inside(&mp, &mut rng))}));
        if mp.unsigned_area() > 1e-4 || idx % 3 == 0 {
            facilities.push(json!({"type": "Feature", "properties": {"id": format!("{id}-h"), "name": "h", "name_zh": "h", "kind": "hospital", "island": id, "status": "existing"}, "geometry": point_json(inside(&mp, &mut rng))}));
        }
        if idx % 2 == 0 {
            // A pier on the coast: an outline vertex.
            let ring = &mp.0[0].exterior().0;
            let c = ring[rng.below(ring.len() - 1)];
            let pid = format!("{id}-pier");
            facilities.push(json!({"type": "Feature", "properties": {"id": pid, "name": "p", "name_zh": "p", "kind": "pier", "island": id, "status": "existing"}, "geometry": point_json(c)}));
            piers.push(pid);
        }
    }
    let mut ferries = Vec::new();
    for (k, w) in piers.windows(2).enumerate() {
        ferries.push(json!({"type": "Feature", "properties": {"id": format!("f{k:02}"), "mode": "ferry", "from": w[0], "to": w[1], "minutes": 3 + k % 7, "departures_per_day": 30}, "geometry": null}));
    }
    for (name, features) in [
        ("islands", islands),
        ("settlements", settlements),
        ("facilities", facilities),
        ("ferries", ferries),
    ] {
        std::fs::write(data.join(format!("{name}.geojson")), fc(features)).unwrap();
    }
    let rules = std::fs::read_to_string(fixture("archipelago").join("rules.toml"))
        .unwrap()
        .replace("minutes = 30", "minutes = 45");
    std::fs::write(data.join("rules.toml"), rules).unwrap();
    std::fs::write(
        data.join("scenario.toml"),
        "dataset = \".\"\nrules = \"rules.toml\"\nyear = 2024\n",
    )
    .unwrap();
    let out = tmp.path().join("out");

    run(&data.join("scenario.toml"), &out);

    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["rejected"].as_array().unwrap().len(),
        0,
        "{}",
        summary["rejected"]
    );
    let file = out.join("service_areas.geojson");
    let n = check_areas(&file, &outlines(&data.join("islands.geojson")));
    assert!(n > 25, "only {n} service areas");
    check_with_gdal(&file, n);
}
