//! The health bands and tier substitution on the hand-made `bands` fixture, and
//! the band edges of the shipped rules file.
//!
//! Fixture (tests/data/bands): islands of 99, 100, 499, 500, 999, 1000, 1001 and
//! 5000 residents. Worked out by hand with the plan's bands as it writes them, edges
//! included, a shared edge going to the stricter band: 0–100 none, 100–500 village
//! clinic, 500–1000 sub-centre, 1000+ none (island) and 0–1000 none, 1000+ village
//! clinic (village):
//! - i99: band 0–100, nothing required → exempt; relocation candidate (under 100,
//!   not named by the plan: a suggestion)
//! - i100: 100 is in 0–100 (none) and 100–500 (clinic): the clinic is stricter →
//!   needs a clinic; only a *planned* sub-centre → gap
//! - i499: clinic → met
//! - i500: in 100–500 and 500–1000: the sub-centre is stricter; has a clinic only
//!   → gap
//! - i999: health centre, a higher tier than sub-centre → met
//! - i1000: in 500–1000 and 1000+ (none): a sub-centre; nothing on it → gap; and
//!   its village of 1000 has no clinic → village gap
//! - i1001: 1000+ → exempt at island level; its village of 1001 has a clinic → met
//! - big: v1000 is nearest the hospital → served by a higher tier → met;
//!   v1000b has nothing near → gap; v999 is under 1000 → exempt.
//!
//! Island rule: 8 subjects, 2 exempt (i99, i1001; big is 5000 → exempt too: 3),
//! so 5 required (i100, i499, i500, i999, i1000), 2 met → 40.0 %.

use std::path::Path;

use isleplan::model::{Island, IslandId, Provenance, World};
use isleplan::projection::LocalProjection;
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
            "health-band-island:i1000",
            "health-band-island:i500",
            "health-band-village:s-i1000",
            "health-band-village:v1000b",
        ]
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let rule = |id: &str| {
        summary["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    // Islands: big (5000), i99, i1001 exempt; i100, i499, i500, i999, i1000 required,
    // of which i499 and i999 meet: 2/5 = 40.0 %; residents 499 + 999 = 1498 of
    // 100 + 499 + 500 + 999 + 1000 = 3098 → 48.4 %.
    let island = rule("health-band-island");
    assert_eq!(island["status"], "not met");
    assert_eq!(
        [
            &island["subjects"],
            &island["required"],
            &island["exempt"],
            &island["met"],
            &island["gaps"]
        ],
        [8, 5, 3, 2, 3]
    );
    assert_eq!(island["share_required_pct"], 40.0);
    assert_eq!(
        [&island["population_required"], &island["population_met"]],
        [3098, 1498]
    );
    assert_eq!(island["share_population_pct"], 48.4);
    // Villages (kind village; c2000 is a community): s-i99 … s-i999 and v999 are
    // under 1000 → exempt (6); s-i1000, s-i1001, v1000, v1000b required; s-i1001
    // and v1000 met: 2/4 = 50.0 %, residents 2001 of 4001 → 50.0 %.
    let village = rule("health-band-village");
    assert_eq!(
        [
            &village["subjects"],
            &village["required"],
            &village["exempt"],
            &village["met"]
        ],
        [10, 4, 6, 2]
    );
    assert_eq!(village["share_required_pct"], 50.0);
    assert_eq!(village["share_population_pct"], 50.0);
    // The 0–1000 band asks nothing: its row's shares are null, not 0 or 100.
    let band0 = &village["bands"][0];
    assert_eq!(
        [&band0["subjects"], &band0["exempt"], &band0["required"]],
        [6, 6, 0]
    );
    assert_eq!(band0["share_required_pct"], serde_json::Value::Null);
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
    assert_eq!(get("i999", "health_band_island_band"), "500–1000");
    assert_eq!(get("i999", "health_band_island_required"), "sub_centre");
    assert_eq!(get("i999", "health_band_island_found"), "health_centre");
    assert_eq!(get("i999", "health_band_island"), "met");
    assert_eq!(
        get("i100", "health_band_island_found"),
        serde_json::Value::Null
    );
    assert_eq!(get("i99", "consolidate_small_islands"), "candidate");
    assert_eq!(get("i99", "health_band_island"), "exempt");
    assert_eq!(get("i1000", "health_band_island_required"), "sub_centre");
    assert_eq!(get("i1001", "health_band_island"), "exempt");
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
    assert_eq!(status("v999"), "exempt");
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
    let pops = [0, 1, 99, 100, 499, 500, 999, 1000, 1001, 50_000];
    let world = world_of_islands(&pops);
    let proj = LocalProjection::for_points(world.islands.iter().map(|i| i.point));
    let rule = policy
        .rules
        .iter()
        .position(|r| r.id == "health-band-island")
        .unwrap();

    let prepared = isleplan::prepared::Prepared::new(&world, proj, &policy.families);
    let findings = evaluate(&policy, &world, &prepared, None, 2024, &[]);

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
            (999, sub.clone()),
            // "500—1000人" holds 1,000, and a sub-centre is stricter than the
            // nothing "1000人以上" asks of an island.
            (1000, sub),
            (1001, None),
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

    let prepared = isleplan::prepared::Prepared::new(&world, proj, &policy.families);
    let findings = evaluate(&policy, &world, &prepared, None, 2024, &[]);

    let candidates: Vec<_> = findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].subject, SubjectRef::Island(1));
    // No island has a health centre, so there is nowhere to suggest; the plan names
    // no move of this island, so it is listed, not a gap.
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
        msg.contains("overlap") && msg.contains("0–100") && msg.contains("90–100"),
        "{msg}"
    );
    assert!(
        msg.starts_with("`rules.toml:"),
        "names the file and line: {msg}"
    );
}
