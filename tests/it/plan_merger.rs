//! `isleplan propose-merger` on a hand-made merger (tests/data/merge), worked out
//! here, and against an exhaustive search over every subset of the clinics.
//!
//! Fixture: one island, car at 400 straight-line metres a minute (30 km/h ÷ detour
//! 1.25); every point at latitude 30.02, where 0.01° of longitude is 965 m, 2.41
//! min. Settlements s1 (122.00), s2 (122.03), s3 (122.06), s4 (122.15); clinics
//! k1 (122.01), k2 (122.04), k3 (122.05) may close; the health centre hc (122.15)
//! stays open. Limit 5 minutes (0.02° = 4.82 min is within, 0.04° = 9.65 min is
//! not). s4 has hc: no demand. s1 is reached by k1 only, s2 by k1, k2, k3, s3 by
//! k2 and k3 → keep k1 and one of k2, k3: 2 kept, 1 closed. k3 goes (k2 has the
//! lower index on the tie): s3 moves from k3 (2.4 min) to k2 (4.8 min).

use serde_json::Value;

use crate::common::{isleplan, root, stderr};
use crate::support::fixture;

fn run() -> Value {
    let out = tempfile::tempdir().unwrap();
    let path = fixture("merge").join("scenario.toml");
    let o = isleplan(
        &root(),
        &[
            "propose-merger",
            path.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(out.path().join("closures.geojson")).unwrap())
        .unwrap()
}

fn props<'a>(layer: &'a Value, id: &str) -> &'a Value {
    &layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no feature {id}"))["properties"]
}

/// Minutes between two points of the fixture's latitude, by the fixture's
/// arithmetic: degrees of longitude × 96.49 km ÷ 400 m a minute.
fn minutes(dx_deg: f64) -> f64 {
    dx_deg.abs() * 96_490.0 / 400.0
}

#[test]
fn merger_closes_k3_and_moves_s3_to_k2() {
    let layer = run();

    assert_eq!(props(&layer, "merge-clinics:k1")["status"], "kept");
    assert_eq!(props(&layer, "merge-clinics:k2")["status"], "kept");
    assert_eq!(props(&layer, "merge-clinics:hc")["status"], "stays open");
    let k3 = props(&layer, "merge-clinics:k3");
    assert_eq!(k3["status"], "closed");
    assert_eq!(k3["residents_moved"], 1000);
    assert_eq!(k3["moved_to"], "k2");
    assert_eq!(k3["optimal"], true);
    let mv = props(&layer, "merge-clinics:move:s3");
    assert_eq!(mv["to"], "k2");
    assert!((mv["minutes_before"].as_f64().unwrap() - minutes(0.01)).abs() < 0.1);
    assert!((mv["minutes_after"].as_f64().unwrap() - minutes(0.02)).abs() < 0.1);
}

/// Every subset of {k1, k2, k3} that keeps each of s1–s3 within 5 minutes of a
/// kept clinic (s4 has hc), by the fixture's minutes: the smallest has 2 clinics,
/// as many as the merger keeps.
#[test]
fn merger_keeps_as_few_as_every_subset_tried() {
    let layer = run();
    let settlements = [122.00, 122.03, 122.06];
    let clinics = [122.01, 122.04, 122.05];
    let least = (0u32..8)
        .filter(|mask| {
            settlements
                .iter()
                .all(|s| (0..3).any(|j| mask & (1 << j) != 0 && minutes(s - clinics[j]) <= 5.0))
        })
        .map(u32::count_ones)
        .min()
        .unwrap();

    let kept = layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["status"] == "kept")
        .count();
    assert_eq!(kept as u32, least);
}

/// A scenario whose rules hold no merge rule: `propose-merger` says so (exit 2).
#[test]
fn propose_merger_without_a_merge_rule_says_so() {
    let out = tempfile::tempdir().unwrap();
    let path = fixture("count").join("scenario-2024.toml");

    let o = isleplan(
        &root(),
        &[
            "propose-merger",
            path.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
    );

    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no merge rule"), "{}", stderr(&o));
}

/// `run` writes the merger too: `closures.geojson` beside the other layers, named in
/// summary.json's `outputs`; `proposed.geojson` proposes closing k3 (see the module
/// comment); and the rule, which has no target, shows no share of nothing.
#[test]
fn run_writes_the_merger_and_proposes_its_closures() {
    let out = tempfile::tempdir().unwrap();
    let path = fixture("merge").join("scenario.toml");
    let o = isleplan(
        &root(),
        &[
            "run",
            path.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.path().join(f)).unwrap()).unwrap()
    };
    let closures = read("closures.geojson");
    assert_eq!(props(&closures, "merge-clinics:k3")["status"], "closed");
    let summary = read("summary.json");
    assert_eq!(summary["outputs"], serde_json::json!(["closures.geojson"]));
    let rule = &summary["rules"][0];
    assert_eq!(rule["status"], "no target");
    assert_eq!(rule["share_required_pct"], Value::Null);
    assert_eq!(rule["share_population_pct"], Value::Null);
    let proposed = read("proposed.geojson");
    let sites: Vec<(&str, &str)> = proposed["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (p["rule"].as_str().unwrap(), p["site"].as_str().unwrap())
        })
        .collect();
    assert_eq!(sites, [("merge-clinics", "k3")]);
}
