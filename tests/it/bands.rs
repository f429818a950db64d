//! The health bands and tier substitution on the hand-made `bands` fixture, and
//! the band edges of the shipped rules file.
//!
//! Fixture (tests/data/bands): islands of 99, 100, 499, 500, 999, 1000 and 5000
//! residents. Worked out by hand with the plan's bands [0,100) none, [100,500)
//! village clinic, [500,1000) sub-centre, [1000,∞) none (island) and
//! [0,1000) none, [1000,∞) village clinic (village):
//! - i99: band 0–99, nothing required → met; relocation candidate (under 100)
//! - i100: band 100–499, needs a clinic; only a *planned* sub-centre → gap
//! - i499: clinic → met
//! - i500: band 500–999 needs a sub-centre; has a clinic only → gap
//! - i999: health centre, a higher tier than sub-centre → met
//! - i1000: band 1000+, nothing required at island level → met; but its village
//!   of 1000 has no clinic → village gap
//! - big: v1000 is nearest the hospital → served by a higher tier → met;
//!   v1000b has nothing near → gap; v999 is under 1000 → met.

use std::path::Path;

use isleplan::model::{Island, IslandId, Provenance, World};
use isleplan::project::LocalProjection;
use isleplan::rules::{evaluate, Policy, Status, SubjectRef};

use crate::common::{fixture, isleplan, layer, root, stderr};

#[test]
fn band_fixture_flags_exactly_the_hand_worked_gaps() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    let o = isleplan(
        &root(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let gaps: Vec<String> = layer(&out.path().join("gaps.geojson"))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        gaps,
        [
            "health-band-island:i100",
            "health-band-island:i500",
            "health-band-village:s-i1000",
            "health-band-village:v1000b",
        ]
    );
}

#[test]
fn island_layer_shows_band_requirement_and_best_tier() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    isleplan(
        &root(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );

    let islands = layer(&out.path().join("islands.geojson"));
    let get = |id: &str, key: &str| islands.iter().find(|(i, _)| i == id).unwrap().1[key].clone();
    assert_eq!(get("i999", "health_band_island_band"), "500–999");
    assert_eq!(get("i999", "health_band_island_required"), "sub_centre");
    assert_eq!(get("i999", "health_band_island_found"), "health_centre");
    assert_eq!(get("i999", "health_band_island"), "met");
    assert_eq!(
        get("i100", "health_band_island_found"),
        serde_json::Value::Null
    );
    assert_eq!(get("i99", "consolidate_small_islands"), "relocate");
    assert_eq!(get("i99", "health_band_island_clause"), "二(二)5e");
}

#[test]
fn village_served_by_a_hospital_meets_the_clinic_rule() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("bands").join("scenario.toml");

    isleplan(
        &root(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );

    let settlements = layer(&out.path().join("settlements.geojson"));
    let status = |id: &str| {
        settlements.iter().find(|(i, _)| i == id).unwrap().1["health_band_village"].clone()
    };
    assert_eq!(status("v1000"), "met");
    assert_eq!(status("v1000b"), "gap");
    assert_eq!(status("v999"), "met");
}

fn world_of_islands(pops: &[u64]) -> World {
    let mut w = World::default();
    for (i, &p) in pops.iter().enumerate() {
        w.islands.push(Island {
            id: IslandId(format!("i{p:05}")),
            name: format!("island {p}"),
            name_zh: String::new(),
            town: String::new(),
            population: p,
            outline: None,
            point: geo::Coord {
                x: 122.0 + i as f64 * 0.05,
                y: 30.0,
            },
            provenance: Provenance::default(),
        });
    }
    w.sort();
    w
}

#[test]
fn shipped_rules_pin_every_island_band_edge() {
    let policy = Policy::load(&root().join("scenarios/putuo-2024-rules.toml")).unwrap();
    let pops = [0, 1, 99, 100, 499, 500, 999, 1000, 50_000];
    let world = world_of_islands(&pops);
    let proj = LocalProjection::for_points(world.islands.iter().map(|i| i.point));
    let rule = policy
        .rules
        .iter()
        .position(|r| r.id == "health-band-island")
        .unwrap();

    let findings = evaluate(&policy, &world, &proj, None, 2024);

    let required: Vec<(u64, Option<String>)> = findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.population, f.required.as_deref().map(str::to_owned)))
        .collect();
    let clinic = Some("village_clinic".to_owned());
    let sub = Some("sub_centre".to_owned());
    assert_eq!(
        required,
        [
            (0, None),
            (1, None),
            (99, None),
            (100, clinic.clone()),
            (499, clinic),
            (500, sub.clone()),
            (999, sub),
            (1000, None),
            (50_000, None),
        ]
    );
}

#[test]
fn shipped_rules_relocate_only_inhabited_islands_under_100() {
    let policy = Policy::load(&root().join("scenarios/putuo-2024-rules.toml")).unwrap();
    let world = world_of_islands(&[0, 99, 100, 5000]);
    let proj = LocalProjection::for_points(world.islands.iter().map(|i| i.point));
    let rule = policy
        .rules
        .iter()
        .position(|r| r.id == "consolidate-small-islands")
        .unwrap();

    let findings = evaluate(&policy, &world, &proj, None, 2024);

    let candidates: Vec<_> = findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].subject, SubjectRef::Island(1));
    // No island has a health centre, so there is nowhere to go: that is a gap.
    assert_eq!(candidates[0].status, Status::NoDestination);
}

#[test]
fn overlapping_bands_in_a_rules_file_are_fatal_and_named() {
    let text = std::fs::read_to_string(root().join("scenarios/putuo-2024-rules.toml"))
        .unwrap()
        .replace(
            "{ min = 100, max = 500, require = \"village_clinic\"",
            "{ min = 90, max = 500, require = \"village_clinic\"",
        );

    let err = Policy::from_str(&text, Path::new("rules.toml")).unwrap_err();

    let msg = err.to_string();
    assert!(
        msg.contains("overlap") && msg.contains("0–99") && msg.contains("90–499"),
        "{msg}"
    );
    assert!(
        msg.starts_with("`rules.toml:"),
        "names the file and line: {msg}"
    );
}
