//! Service areas at the rules' thresholds and at 5 and 10 minutes below the
//! smallest, each with the residents inside, on the contract fixture.
//!
//! The contract's car reaches 400 straight-line metres a minute (30 km/h ÷ detour
//! 1.25), so 5, 10 and 15 minutes reach 2,000, 4,000 and 6,000 m. Its only access
//! rules ask 15 minutes, so the breaks are 5, 10 and 15 for each health facility
//! (no elderly-care facility exists, so none for that family).
//!
//! Residents, by hand (0.01° is 964 m east–west and 1,110 m north–south at 30° N):
//! - `area` (2,000) has a territory of two equal squares; square A
//!   (122.015–122.025 E, 30.015–30.025 N) is centred on the clinic, square B lies
//!   12.5 km east. Only A can be reached: half the land, 1,000 residents.
//! - `v1000` (1,000) is a point 96 m from the clinic and 1,877 m from the health
//!   centre (dx 867 m, dy 1,665 m).
//! - `v999` is 9.6 km from the clinic; the hamlets are on other islands 8.9 km north.
//!
//! Clinic at 5, 10, 15 min: A's farthest corner is √(482² + 555²) = 735 m away, so A
//! is inside at every break: 1,000 + 1,000 = 2,000 each time.
//! Health centre (122.03, 30.035): A's corners lie 1,210 to 2,649 m away, so at 10
//! and 15 min A is whole inside: 2,000; at 5 min v1000 is inside (1,877 < 2,000) and
//! A only in part: 1,000 + 1,000 × (A ∩ area) ÷ A, measured below on the written
//! polygon.

use std::collections::BTreeMap;
use std::path::Path;

use geo::{Area, BooleanOps, Geometry, MultiPolygon, Polygon};
use serde_json::Value;

use crate::common::{fixture, isleplan, layer, stderr};

fn run_contract(out: &Path) {
    let scenario = fixture("contract").join("scenario.toml");
    let o = isleplan(
        &fixture("contract"),
        &[
            "run",
            "--quiet",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The area polygons, by id, in lon/lat with longitudes scaled by cos 30° (so that
/// area ratios near 30° N hold).
fn polygons(path: &Path) -> BTreeMap<String, MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let k = 30f64.to_radians().cos();
    fc.features
        .into_iter()
        .map(|f| {
            let id = f.properties.as_ref().unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let g: Geometry<f64> = f.geometry.unwrap().try_into().unwrap();
            let mut mp = match g {
                Geometry::Polygon(p) => MultiPolygon(vec![p]),
                Geometry::MultiPolygon(mp) => mp,
                other => panic!("{id}: not an area: {other:?}"),
            };
            use geo::MapCoordsInPlace;
            mp.map_coords_in_place(|c| geo::Coord { x: c.x * k, ..c });
            (id, mp)
        })
        .collect()
}

#[test]
fn breaks_below_the_smallest_threshold_and_residents_inside_match_the_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    run_contract(dir.path());
    let path = dir.path().join("service_areas.geojson");
    let features: BTreeMap<String, serde_json::Map<String, Value>> =
        layer(&path).into_iter().collect();

    let ids: Vec<&str> = features.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "clinic@10min-car",
            "clinic@15min-car",
            "clinic@5min-car",
            "hc@10min-car",
            "hc@15min-car",
            "hc@5min-car"
        ]
    );
    let residents = |id: &str| features[id]["residents"].as_u64().unwrap();
    let rules = |id: &str| features[id]["rules"].as_str().unwrap().to_owned();
    for id in ["clinic@5min-car", "clinic@10min-car", "clinic@15min-car"] {
        assert_eq!(residents(id), 2000, "{id}");
    }
    assert_eq!(residents("hc@10min-car"), 2000);
    assert_eq!(residents("hc@15min-car"), 2000);
    // The finer breaks answer to no rule; the rule's threshold names it.
    assert_eq!(rules("hc@5min-car"), "");
    assert_eq!(rules("clinic@10min-car"), "");
    assert_eq!(rules("hc@15min-car"), "health-15min");

    // hc at 5 minutes: v1000 whole, square A in part, measured independently.
    let k = 30f64.to_radians().cos();
    let square_a = MultiPolygon(vec![Polygon::new(
        vec![
            (122.015 * k, 30.015),
            (122.025 * k, 30.015),
            (122.025 * k, 30.025),
            (122.015 * k, 30.025),
            (122.015 * k, 30.015),
        ]
        .into(),
        vec![],
    )]);
    let hc5 = &polygons(&path)["hc@5min-car"];
    let share = hc5.intersection(&square_a).unsigned_area() / square_a.unsigned_area();
    assert!(
        share > 0.05 && share < 0.95,
        "square A is cut by the 5-minute area (share {share})"
    );
    let want = 1000.0 + 1000.0 * share;
    let got = residents("hc@5min-car") as f64;
    assert!(
        (got - want).abs() <= 2.0,
        "hc@5min: {got} residents, {want:.1} by the polygon"
    );
}

#[test]
fn smaller_breaks_draw_on_top_in_qgis() {
    let dir = tempfile::tempdir().unwrap();
    run_contract(dir.path());
    let qml = std::fs::read_to_string(dir.path().join("service_areas.qml")).unwrap();

    // Ordered by minutes descending: the widest first, the 5-minute area last (on top).
    assert!(
        qml.contains(
            "<orderByClause asc=\"0\" nullsFirst=\"0\">&quot;minutes&quot;</orderByClause>"
        ),
        "{qml}"
    );
    // The 5-minute class has its own colour.
    assert!(
        qml.contains("lower=\"0.000000\" upper=\"5.000000\""),
        "{qml}"
    );
}
