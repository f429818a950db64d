//! Hostile inputs: each test is named for what broke, with the input that broke it.
//!
//! Projection and placement (one bad point moved everyone's minutes; points across
//! the 180° meridian), missing checks (bridges far from their islands, ids equal
//! under Unicode NFC, settlements larger than their island, overlapping outlines),
//! hangs (a FIFO as an input file, outline validation quadratic in the vertices),
//! and messages (populations past u64, overnight ferries).

use std::time::{Duration, Instant};

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// A simple (non-self-intersecting) star-shaped coastline of `n` vertices around
/// (122.3, 30.0), about 20 km across, with bays at two scales.
fn coastline(n: usize) -> Vec<Coord<f64>> {
    let mut ring: Vec<Coord<f64>> = (0..n)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / n as f64;
            let r = 0.1 * (1.0 + 0.25 * (5.0 * t).sin() + 0.05 * (37.0 * t).sin());
            Coord {
                x: 122.3 + r * t.cos() / 30f64.to_radians().cos(),
                y: 30.0 + r * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    ring
}

fn outline(ring: Vec<Coord<f64>>) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(LineString(ring), vec![])])
}

/// The outline check as it was before (geo's `Validation`, quadratic in the
/// vertices of a ring): kept here to time the two side by side.
fn outline_problem_before(mp: &MultiPolygon<f64>) -> Option<String> {
    use geo::Validation;
    for (i, p) in mp.0.iter().enumerate() {
        if let Some(e) = p.validation_errors().into_iter().next() {
            let part = if mp.0.len() > 1 {
                format!("part {i}: ")
            } else {
                String::new()
            };
            return Some(format!("invalid outline: {part}{e}"));
        }
    }
    mp.validation_errors()
        .into_iter()
        .next()
        .map(|e| format!("invalid outline: {e}"))
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Times the outline check before and after, side by side, on coastlines of
/// 10,000, 30,000 and 100,000 vertices (`OUTLINE_SIZES`, `OUTLINE_RUNS`,
/// `OUTLINE_METHODS=before,after` change them). Run it in release:
/// `cargo test --release --test it outline_validation_timings -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn outline_validation_timings() {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    let sizes: Vec<usize> = env("OUTLINE_SIZES", "10000,30000,100000")
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let runs: usize = env("OUTLINE_RUNS", "3").parse().unwrap();
    let methods = env("OUTLINE_METHODS", "before,after");
    for n in sizes {
        let mp = outline(coastline(n));
        let mut before = Vec::new();
        let mut after = Vec::new();
        for _ in 0..runs {
            if methods.contains("before") {
                let t = Instant::now();
                assert!(outline_problem_before(&mp).is_none());
                before.push(t.elapsed());
                println!("{n} vertices: before {:?}", before.last().unwrap());
            }
            if methods.contains("after") {
                let t = Instant::now();
                assert!(isleplan::io::geometry::outline_problem(&mp).is_none());
                after.push(t.elapsed());
                println!("{n} vertices: after {:?}", after.last().unwrap());
            }
        }
        let show = |xs: &Vec<Duration>| {
            if xs.is_empty() {
                "—".to_owned()
            } else {
                format!("{:.3} s", median(xs.clone()).as_secs_f64())
            }
        };
        println!("| {n} | {} | {} | {runs} |", show(&before), show(&after));
    }
}

// ---------------------------------------------------------------------------
// Shared helpers.

use std::path::Path;
use std::process::{Command, Stdio};

use isleplan::io::read::{read_dataset, ReadOptions};
use serde_json::{json, Value};

use crate::common::{copy_fixture, fixture, isleplan, root, stderr};
use crate::rng::Rng;

/// A copy of a dataset (a fixture, or `gis`) with a `scenario.toml` beside it
/// that names the dataset's rules by absolute path.
fn dataset(name: &str) -> tempfile::TempDir {
    let (from, rules) = if name == "gis" {
        (
            root().join("gis"),
            root().join("scenarios/putuo-2024-rules.toml"),
        )
    } else if name == "pip" {
        (fixture("pip"), fixture("bands").join("rules.toml"))
    } else {
        (fixture(name), fixture(name).join("rules.toml"))
    };
    let dir = copy_fixture(&from);
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "name = \"hostile\"\ndataset = \".\"\nrules = \"{}\"\nyear = 2024\n",
            rules.display()
        ),
    )
    .unwrap();
    dir
}

fn features(dir: &Path, layer: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join(layer))
        .unwrap_or_else(|_| r#"{"type":"FeatureCollection","features":[]}"#.to_owned());
    let v: Value = serde_json::from_str(&text).unwrap();
    v["features"].as_array().unwrap().clone()
}

fn write_features(dir: &Path, layer: &str, fs: Vec<Value>) {
    let v = json!({"type": "FeatureCollection", "features": fs});
    std::fs::write(dir.join(layer), serde_json::to_string(&v).unwrap()).unwrap();
}

fn edit(dir: &Path, layer: &str, f: impl FnOnce(&mut Vec<Value>)) {
    let mut fs = features(dir, layer);
    f(&mut fs);
    write_features(dir, layer, fs);
}

fn point(id: &str, island: Option<&str>, lon: f64, lat: f64, population: u64) -> Value {
    let mut props = json!({"id": id, "name": id, "kind": "village", "population": population});
    if let Some(i) = island {
        props["island"] = json!(i);
    }
    json!({"type": "Feature", "properties": props,
           "geometry": {"type": "Point", "coordinates": [lon, lat]}})
}

fn square(id: &str, x0: f64, y0: f64, x1: f64, y1: f64, population: u64) -> Value {
    json!({"type": "Feature",
           "properties": {"id": id, "name": id, "town": "t", "population": population},
           "geometry": {"type": "Polygon",
                        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
}

/// `isleplan check` on the dataset: (exit code, stderr).
fn check(dir: &Path) -> (i32, String) {
    let o = isleplan(dir, &["check", "scenario.toml"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn read(dir: &Path) -> isleplan::error::Result<isleplan::io::read::Dataset> {
    read_dataset(
        dir,
        &ReadOptions {
            snap_tolerance_m: 300.0,
            facility_kinds: ["pier", "health_centre", "village_clinic"]
                .map(String::from)
                .into(),
        },
    )
}

/// What a run says about everyone: the rules' figures, the projection, and the
/// settlements and facilities layers by id.
struct Figures {
    rules: Value,
    projection: Value,
    settlements: Vec<(String, Value)>,
    facilities: Vec<(String, Value)>,
    rejected: Value,
}

fn run(dir: &Path) -> Figures {
    let out = dir.join("out");
    let o = isleplan(
        dir,
        &["run", "scenario.toml", "--out", out.to_str().unwrap(), "-q"],
    );
    assert!(
        matches!(o.status.code(), Some(0)),
        "run failed: {}",
        stderr(&o)
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let layer = |name: &str| -> Vec<(String, Value)> {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap();
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["properties"]["id"].as_str().unwrap().to_owned(),
                    f.clone(),
                )
            })
            .collect()
    };
    Figures {
        rules: summary["rules"].clone(),
        projection: summary["projection"].clone(),
        settlements: layer("settlements.geojson"),
        facilities: layer("facilities.geojson"),
        rejected: summary["rejected"].clone(),
    }
}

// ---------------------------------------------------------------------------
// 9. Projection and placement: one bad point moved everyone's minutes.

/// Adds one feature that must be rejected (or lies far away) to `dir`: which kind
/// by `case`, where by `rng`. Returns the layer and a description.
fn add_one_bad_feature(dir: &Path, case: usize, rng: &mut Rng) -> (&'static str, String) {
    const ID: &str = "zz-added";
    let mut pick = |layer: &str| {
        let fs = features(dir, layer);
        fs[rng.below(fs.len())].clone()
    };
    let far = |rng: &mut Rng, lon: f64, lat: f64| {
        let km = 2.0 + rng.unit() * 498.0;
        let a = rng.unit() * std::f64::consts::TAU;
        (
            lon + km * a.cos() / (111.32 * lat.to_radians().cos()),
            lat + km * a.sin() / 110.57,
        )
    };
    let coords = |f: &Value| {
        let c = &f["geometry"]["coordinates"];
        (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
    };
    match case % 7 {
        0 => {
            let mut s = pick("settlements.geojson");
            let (x, y) = coords(&s);
            s["properties"]["id"] = json!(ID);
            s["geometry"]["coordinates"] = json!([-x, y]);
            edit(dir, "settlements.geojson", |fs| fs.push(s));
            (
                "settlements.geojson",
                format!("settlement at ({}, {y}), longitude sign flipped", -x),
            )
        }
        1 => {
            let mut s = pick("settlements.geojson");
            let (x, y) = coords(&s);
            let (fx, fy) = far(rng, x, y);
            s["properties"]["id"] = json!(ID);
            s["geometry"]["coordinates"] = json!([fx, fy]);
            edit(dir, "settlements.geojson", |fs| fs.push(s));
            (
                "settlements.geojson",
                format!("settlement at ({fx}, {fy}), far from its island"),
            )
        }
        2 => {
            let (fx, fy) = (rng.unit() * 360.0 - 180.0, rng.unit() * 120.0 - 60.0);
            edit(dir, "settlements.geojson", |fs| {
                fs.push(point(ID, None, fx, fy, 500))
            });
            (
                "settlements.geojson",
                format!("settlement at ({fx}, {fy}) naming no island"),
            )
        }
        3 => {
            let mut f = pick("facilities.geojson");
            let (x, y) = coords(&f);
            f["properties"]["id"] = json!(ID);
            f["geometry"]["coordinates"] = json!([x, -y]);
            edit(dir, "facilities.geojson", |fs| fs.push(f));
            (
                "facilities.geojson",
                format!("facility at ({x}, {}), latitude sign flipped", -y),
            )
        }
        4 => {
            let mut i = pick("islands.geojson");
            i["properties"]["id"] = json!(ID);
            fn flip(v: &mut Value) {
                match v {
                    Value::Array(a) if a.first().is_some_and(Value::is_number) => {
                        a[0] = json!(-a[0].as_f64().unwrap());
                    }
                    Value::Array(a) => a.iter_mut().for_each(flip),
                    _ => {}
                }
            }
            flip(&mut i["geometry"]["coordinates"]);
            edit(dir, "islands.geojson", |fs| fs.push(i));
            (
                "islands.geojson",
                "island with its longitudes' sign flipped".into(),
            )
        }
        5 => {
            let mut f = pick("facilities.geojson");
            let (x, y) = coords(&f);
            let (fx, fy) = far(rng, x, y);
            f["properties"]["id"] = json!(ID);
            f["geometry"]["coordinates"] = json!([fx, fy]);
            edit(dir, "facilities.geojson", |fs| fs.push(f));
            (
                "facilities.geojson",
                format!("facility at ({fx}, {fy}), far from its island"),
            )
        }
        _ => {
            let s = pick("settlements.geojson");
            let (x, y) = coords(&s);
            let (fx, fy) = far(rng, x, y);
            edit(dir, "settlements.geojson", |fs| {
                fs.push(point(ID, Some("zz-nowhere"), fx, fy, 800))
            });
            (
                "settlements.geojson",
                format!("settlement at ({fx}, {fy}) naming an unknown island"),
            )
        }
    }
}

#[test]
fn one_rejected_or_far_away_feature_moves_no_one_elses_figures() {
    let mut rng = Rng::new(20_240_607);
    for name in ["archipelago", "gis"] {
        let base = run(dataset(name).path());
        for case in 0..14 {
            let dir = dataset(name);
            let (layer, what) = add_one_bad_feature(dir.path(), case, &mut rng);

            let got = run(dir.path());

            let rejected = got.rejected.as_array().unwrap();
            assert!(
                rejected
                    .iter()
                    .any(|r| r["id"] == "zz-added" && r["file"].as_str().unwrap().ends_with(layer)),
                "{name}, case {case} ({what}): not rejected: {rejected:?}"
            );
            assert_eq!(
                got.projection, base.projection,
                "{name}, case {case} ({what})"
            );
            assert_eq!(got.rules, base.rules, "{name}, case {case} ({what})");
            let others = |v: &[(String, Value)]| -> Vec<(String, Value)> {
                v.iter()
                    .filter(|(id, _)| id != "zz-added")
                    .cloned()
                    .collect()
            };
            assert!(
                others(&got.settlements) == base.settlements,
                "{name}, case {case} ({what}): the settlements layer changed"
            );
            assert!(
                others(&got.facilities) == base.facilities,
                "{name}, case {case} ({what}): the facilities layer changed"
            );
        }
    }
}

#[test]
fn a_point_far_from_the_island_it_names_is_rejected_with_the_distance() {
    let dir = dataset("pip");
    edit(dir.path(), "settlements.geojson", |fs| {
        // Island "a" spans 122.00–122.02; this point names it from 50 km east.
        fs.push(point("far", Some("a"), 122.53, 30.01, 100));
        // 200 m off the outline: within the snapping tolerance, kept.
        fs.push(point("coast", Some("a"), 122.0221, 30.01, 100));
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("settlements.geojson: feature #2 (id \"far\"): field `geometry`: the point (122.53, 30.01) lies 49.")
            && err.contains("km from island \"a\": from its outline, more than the snapping tolerance of 300 m (it lies on no island outline of the dataset); is the point or its `island` wrong?"),
        "{err}"
    );
    assert!(!err.contains("\"coast\""), "{err}");
}

#[test]
fn a_point_far_from_an_island_known_only_by_its_point_is_rejected() {
    let dir = dataset("pip");
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(json!({"type": "Feature",
            "properties": {"id": "islet", "name": "Islet", "population": 50},
            "geometry": {"type": "Point", "coordinates": [122.2, 30.2]}}));
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("near", Some("islet"), 122.23, 30.2, 20)); // 2.9 km
        fs.push(point("off", Some("islet"), 122.35, 30.2, 30)); // 14.5 km
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(id \"off\"): field `geometry`")
            && err.contains("km from island \"islet\": from its point (it has no outline), more than the 10 km an island known only by its point may reach"),
        "{err}"
    );
    assert!(!err.contains("\"near\""), "{err}");
}

#[test]
fn an_island_with_a_flipped_longitude_is_rejected_and_its_points_say_why() {
    let dir = dataset("pip");
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(square("flipped", -122.1, 30.0, -122.08, 30.02, 300));
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("on-flipped", Some("flipped"), -122.09, 30.01, 300));
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "islands.geojson: feature #2 (id \"flipped\"): field `geometry`: the island lies"
        ) && err.contains("km from the middle of the dataset's islands"),
        "{err}"
    );
    assert!(
        err.contains("(id \"on-flipped\"): field `island`: island \"flipped\" is rejected (see its own entry in islands.geojson)"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// 10. Points across the antimeridian.

/// Two islands just west of 180° with a settlement each and a clinic.
fn dateline(dir: &Path) {
    write_features(
        dir,
        "islands.geojson",
        vec![
            square("w1", 179.90, -17.02, 179.95, -16.98, 500),
            square("w2", 179.96, -17.02, 179.99, -16.98, 500),
        ],
    );
    write_features(
        dir,
        "settlements.geojson",
        vec![
            point("s1", Some("w1"), 179.92, -17.0, 400),
            point("s2", Some("w2"), 179.98, -17.0, 400),
        ],
    );
    write_features(
        dir,
        "facilities.geojson",
        vec![json!({"type": "Feature",
            "properties": {"id": "c1", "name": "Clinic", "kind": "village_clinic", "island": "w1"},
            "geometry": {"type": "Point", "coordinates": [179.93, -17.0]}})],
    );
    std::fs::remove_file(dir.join("ferries.geojson")).unwrap();
}

#[test]
fn a_dataset_near_the_antimeridian_on_one_side_is_accepted() {
    let dir = dataset("pip");
    dateline(dir.path());

    let (code, err) = check(dir.path());

    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_point_2_km_across_the_antimeridian_from_its_island_is_fatal_not_a_world_away() {
    // An island known by its point at 179.99 and a settlement naming it at
    // -179.99: 2.1 km apart on the ground, which the plane measures right (the
    // settlement is accepted, within 10 km of the island); the outputs cannot
    // hold the two sides, so the run stops, naming the settlement.
    let dir = dataset("pip");
    dateline(dir.path());
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(json!({"type": "Feature",
            "properties": {"id": "p", "name": "P", "population": 50},
            "geometry": {"type": "Point", "coordinates": [179.99, -17.1]}}))
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("across", Some("p"), -179.99, -17.1, 10))
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the dataset crosses the 180° meridian: settlements.geojson: feature #2 (id \"across\") lies at longitude -179.99, across it from its island \"p\""),
        "{err}"
    );
}

#[test]
fn a_point_just_across_the_antimeridian_from_an_outline_is_fatal() {
    let dir = dataset("pip");
    dateline(dir.path());
    // w2's east edge is 179.99; this point is 0.0015° (160 m) across the meridian.
    edit(dir.path(), "islands.geojson", |fs| {
        fs[1]["geometry"]["coordinates"] = json!([[
            [179.96, -17.02],
            [179.9999, -17.02],
            [179.9999, -16.98],
            [179.96, -16.98],
            [179.96, -17.02]
        ]]);
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("across", Some("w2"), -179.9995, -17.0, 10))
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the dataset crosses the 180° meridian: settlements.geojson: feature #2 (id \"across\") lies at longitude -179.9995"),
        "{err}"
    );
}

#[test]
fn islands_on_both_sides_of_the_antimeridian_are_fatal() {
    let dir = dataset("pip");
    dateline(dir.path());
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(square("e1", -179.99, -17.02, -179.95, -16.98, 300))
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the dataset crosses the 180° meridian: islands.geojson: feature #2 (id \"e1\") reaches longitude -179.97"),
        "{err}"
    );
}

#[test]
fn an_outline_across_the_antimeridian_is_fatal_not_shifted() {
    let dir = dataset("pip");
    dateline(dir.path());
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(json!({"type": "Feature",
            "properties": {"id": "straddle", "name": "Straddle", "population": 10},
            "geometry": {"type": "Polygon", "coordinates": [[[179.995, -17.1], [-179.995, -17.1], [-179.995, -17.05], [179.995, -17.05], [179.995, -17.1]]]}}))
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("islands.geojson")
            && err.contains("the dataset crosses the 180° meridian: islands.geojson: feature #2 (id \"straddle\") runs from longitude -179.995 to 179.995"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// 12. Missing checks.

#[test]
fn a_bridge_far_from_its_islands_is_rejected_naming_the_link_and_the_distance() {
    let dir = dataset("archipelago");
    edit(dir.path(), "ferries.geojson", |fs| {
        for f in fs.iter_mut() {
            if f["properties"]["id"] == "bridge_ab" {
                // Zero length, about 45 km east of both islands.
                f["geometry"]["coordinates"] = json!([[122.8, 29.92], [122.8, 29.92]]);
            }
        }
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("ferries.geojson: feature #3 (id \"bridge_ab\"): field `geometry`: bridge \"bridge_ab\" does not reach its islands: its start (122.8, 29.92) lies 46.4 km from island \"anshan\": from its outline, more than the snapping tolerance of 300 m"),
        "{err}"
    );
}

#[test]
fn a_bridge_drawn_backwards_is_rejected_with_a_hint() {
    let dir = dataset("archipelago");
    edit(dir.path(), "ferries.geojson", |fs| {
        for f in fs.iter_mut() {
            if f["properties"]["id"] == "bridge_ab" {
                f["geometry"]["coordinates"] = json!([[122.34, 29.92], [122.31, 29.92]]);
            }
        }
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(id \"bridge_ab\")")
            && err.contains("its line runs from `to` to `from`: reverse the line or swap the two"),
        "{err}"
    );
}

#[test]
fn ids_equal_under_unicode_nfc_are_duplicates() {
    let dir = dataset("pip");
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("caf\u{e9}", Some("a"), 122.011, 30.011, 10));
        fs.push(point("cafe\u{301}", Some("a"), 122.012, 30.012, 10));
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("settlements.geojson: feature #3")
            && err.contains("field `id`: duplicate id")
            && err
                .contains("feature #2 has \"café\", the same id under Unicode normalisation (NFC)"),
        "{err}"
    );
}

#[test]
fn a_settlement_with_more_residents_than_its_island_is_warned_about_naming_both() {
    let dir = dataset("pip");
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("big", Some("a"), 122.015, 30.015, 5000))
    });

    let (code, err) = check(dir.path());

    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("settlement \"big\" has 5000 residents, more than its island \"a\" (600)"),
        "{err}"
    );
}

#[test]
fn overlapping_outlines_are_warned_about_and_a_point_in_both_goes_to_the_first_by_id() {
    let dir = dataset("pip");
    edit(dir.path(), "islands.geojson", |fs| {
        // "b" now reaches west over the east half of "a".
        for f in fs.iter_mut() {
            if f["properties"]["id"] == "b" {
                f["geometry"]["coordinates"] = json!([[
                    [122.01, 30.0],
                    [122.07, 30.0],
                    [122.07, 30.02],
                    [122.01, 30.02],
                    [122.01, 30.0]
                ]]);
            }
        }
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("both", None, 122.015, 30.005, 10))
    });

    let (code, err) = check(dir.path());
    let d = read(dir.path()).unwrap();

    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("islands.geojson: feature #1 (id \"b\"): field `geometry`: the outlines of islands \"a\" and \"b\" overlap: a point in both that names no `island` is put on \"a\" (the first by id)"),
        "{err}"
    );
    let both = d
        .world
        .settlements
        .iter()
        .find(|s| s.id.as_str() == "both")
        .unwrap();
    assert_eq!(both.island.as_str(), "a");
}

// ---------------------------------------------------------------------------
// 13. Hangs: a FIFO as an input file.

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Runs `isleplan check SCENARIO` in `dir`, killing it after 20 s: (exit code,
/// stderr), or a panic when it had to be killed.
fn check_or_hang(dir: &Path, scenario: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["check", scenario])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("isleplan check {scenario} blocked for 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_fifo_as_a_layer_is_refused_without_blocking() {
    for layer in [
        "settlements.geojson",
        "territories.geojson",
        "ferries.geojson",
    ] {
        let dir = dataset("pip");
        let _ = std::fs::remove_file(dir.path().join(layer));
        mkfifo(&dir.path().join(layer));

        let (code, err) = check_or_hang(dir.path(), "scenario.toml");

        assert_eq!(code, 2, "{layer}: {err}");
        assert!(
            err.contains(layer) && err.contains("not a regular file (a FIFO (named pipe))"),
            "{layer}: {err}"
        );
    }
}

#[test]
fn a_fifo_as_the_scenario_or_rules_file_is_refused_without_blocking() {
    let dir = dataset("pip");
    mkfifo(&dir.path().join("fifo.toml"));
    std::fs::write(
        dir.path().join("rules-fifo.toml"),
        "dataset = \".\"\nrules = \"fifo.toml\"\nyear = 2024\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("base-fifo.toml"), "base = \"fifo.toml\"\n").unwrap();

    for scenario in ["fifo.toml", "rules-fifo.toml", "base-fifo.toml"] {
        let (code, err) = check_or_hang(dir.path(), scenario);

        assert_eq!(code, 2, "{scenario}: {err}");
        assert!(
            err.contains("fifo.toml") && err.contains("not a regular file"),
            "{scenario}: {err}"
        );
    }
}

// ---------------------------------------------------------------------------
// 14. Outline validation grew quadratically.

#[test]
fn a_coastline_of_100000_vertices_validates_in_n_log_n() {
    let mp = outline(coastline(100_000));

    let t = Instant::now();
    let problem = isleplan::io::geometry::outline_problem(&mp);
    let took = t.elapsed();

    assert_eq!(problem, None);
    // About 0.2 s in a release build; a debug build is ~10× slower. The quadratic
    // check took over 300 s in release.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn one_self_intersection_among_100000_vertices_is_found_with_its_place() {
    let mut ring = coastline(100_000);
    ring.swap(37_000, 37_001);
    let at = ring[37_000];
    let mp = outline(ring);

    let t = Instant::now();
    let problem = isleplan::io::geometry::outline_problem(&mp).expect("a self-intersection");
    let took = t.elapsed();

    assert!(
        problem.starts_with(
            "invalid outline: exterior ring has a self-intersection: its edges from vertex 36999 and from vertex 37001"
        ),
        "{problem}"
    );
    let place = problem.split(" meet at (").nth(1).expect("a place");
    let xy: Vec<f64> = place
        .split(')')
        .next()
        .unwrap()
        .split(", ")
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        (xy[0] - at.x).abs() < 1e-4 && (xy[1] - at.y).abs() < 1e-4,
        "{problem} (near {at:?})"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_detailed_coastline_loads_through_check_without_a_quadratic_step() {
    let dir = dataset("pip");
    let ring: Vec<[f64; 2]> = coastline(100_000).iter().map(|c| [c.x, c.y]).collect();
    edit(dir.path(), "islands.geojson", |fs| {
        fs.push(json!({"type": "Feature",
            "properties": {"id": "big", "name": "Big", "population": 1000},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}))
    });
    edit(dir.path(), "settlements.geojson", |fs| {
        fs.push(point("on-big", Some("big"), 122.3, 30.0, 900));
        fs.push(point("on-big-2", None, 122.31, 30.01, 90));
    });

    let t = Instant::now();
    let (code, err) = check(dir.path());

    assert_eq!(code, 0, "{err}");
    assert!(
        t.elapsed() < Duration::from_secs(30),
        "took {:?}",
        t.elapsed()
    );
}

// ---------------------------------------------------------------------------
// 17. Messages.

#[test]
fn a_population_of_2_pow_63_is_too_large_not_a_fraction() {
    let dir = dataset("pip");
    let mut layer = std::fs::read_to_string(dir.path().join("settlements.geojson")).unwrap();
    // Written by hand: 2^63 does not survive a round trip through f64 text.
    let huge = r#"{"type":"Feature","properties":{"id":"huge","name":"Huge","kind":"village","island":"a","population":9223372036854775808},"geometry":{"type":"Point","coordinates":[122.01,30.01]}}"#;
    let at = layer.rfind(']').unwrap();
    layer.insert_str(at, &format!(",{huge}"));
    std::fs::write(dir.path().join("settlements.geojson"), layer).unwrap();

    let (code, err) = check(dir.path());

    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(id \"huge\"): field `population`: `population` is too large (got 9223372036854775808; at most 1000000000000000)"),
        "{err}"
    );
}

#[test]
fn an_overnight_ferry_is_accepted_and_waits_over_its_span() {
    use isleplan::network::cost::{ferry_cost, FerryCost, FerryRules};
    let dir = dataset("pip");
    edit(dir.path(), "ferries.geojson", |fs| {
        fs[0]["properties"]["first"] = json!("22:00");
        fs[0]["properties"]["last"] = json!("02:00");
        fs[0]["properties"]["departures_per_day"] = json!(5);
    });

    let (code, err) = check(dir.path());
    let d = read(dir.path()).unwrap();

    assert_eq!(code, 0, "{err}");
    let link = &d.world.links[0];
    let rules = FerryRules {
        default_service_span_min: 600.0,
        departures_if_unknown: 0.0,
    };
    // 22:00 to 02:00 is 240 min; 5 departures, 4 gaps of 60 min; a wait of 30.
    let FerryCost::Usable { wait_min, .. } = ferry_cost(link, &rules) else {
        panic!("unusable")
    };
    assert!((wait_min - 30.0).abs() < 1e-9, "{wait_min}");
}
