//! `isleplan propose-rounds` and the `round` rule on a hand-made archipelago
//! (tests/data/round), worked out here, with an exhaustive search over every order
//! and cut of the islands.
//!
//! Fixture: every settlement stands on its island's pier, so a leg is its ferries'
//! minutes: expected wait (half the headway) plus crossing. home–x: 9 sailings
//! 07:00–17:00 → headway 75, wait 37.5 + 30 = 67.5 min; home–y: once a day → wait
//! 720 + 60 = 780; x–z: 5 sailings 08:00–16:00 → headway 120, wait 60 + 40 = 100;
//! w has no boat. So home–z 167.5, x–y 847.5, y–z 947.5. A leg costs a day per
//! whole 720 minutes plus the rest over the 480-minute day (at most 1); a visit
//! 120 minutes = 0.25 day. One round home→x→z→y→home: 0.1406 + 0.2083 + 1.4740 +
//! 1.125 + 0.75 = 3.70 → 4 team-days, 67.5 + 100 + 947.5 + 780 + 360 = 2,255 min.
//! Two rounds ({x, z}: 1.20 → 2; {y}: 2.5 → 3) take 5. Bound: the round trip to y
//! with its visit, 1.125 + 0.25 + 1.125 = 2.5 → 3.

use serde_json::Value;

use crate::common::{isleplan, root, stderr};
use crate::support::fixture;

fn run(cmd: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let path = fixture("round").join("scenario.toml");
    let o = isleplan(
        &root(),
        &[
            cmd,
            path.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn read(dir: &tempfile::TempDir, f: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.path().join(f)).unwrap()).unwrap()
}

/// A leg's team-days, by the fixture's rule (see the module comment).
fn leg_days(m: f64) -> f64 {
    let d = (m / 720.0).floor();
    d + ((m - d * 720.0) / 480.0).min(1.0)
}

#[test]
fn one_round_of_four_team_days_and_w_unreachable() {
    let out = run("propose-rounds");
    let layer = read(&out, "rounds.geojson");
    let features = layer["features"].as_array().unwrap();

    let round = &features[0]["properties"];
    assert_eq!(features[0]["geometry"]["type"], "LineString");
    assert_eq!(round["days"], 4);
    assert_eq!(round["minutes"], 2255.0);
    assert_eq!(round["team_days_period"], 4);
    assert_eq!(round["team_days_lower_bound"], 3);
    assert_eq!(round["team_days_month"], 4.0);
    let mut islands: Vec<&str> = round["islands"].as_str().unwrap().split(", ").collect();
    islands.sort_unstable();
    assert_eq!(islands, ["x", "y", "z"]);
    assert_eq!(features[1]["properties"]["status"], "unreachable");
    assert_eq!(features[1]["properties"]["island"], "w");
}

/// The rule: x, y, z reachable (met), w a gap of 50 residents.
#[test]
fn round_rule_flags_the_island_no_boat_reaches() {
    let out = run("run");
    let s = read(&out, "summary.json");
    let r = &s["rules"][0];

    assert_eq!(
        ["required", "met", "gaps"].map(|k| r[k].as_u64().unwrap()),
        [4, 3, 1]
    );
    let gaps = read(&out, "gaps.geojson");
    assert_eq!(gaps["features"][0]["properties"]["subject"], "w");
    assert_eq!(gaps["features"][0]["properties"]["population"], 50);
}

/// Every order of x, y, z cut every way into rounds, by the fixture's minutes: the
/// least team-days is 4, what the rounds take.
#[test]
fn rounds_match_an_exhaustive_search() {
    // Stops: 0 home, 1 x, 2 y, 3 z.
    let m = [
        [0.0, 67.5, 780.0, 167.5],
        [67.5, 0.0, 847.5, 100.0],
        [780.0, 847.5, 0.0, 947.5],
        [167.5, 100.0, 947.5, 0.0],
    ];
    let round = |stops: &[usize]| -> u32 {
        let mut at = 0;
        let mut d = 0.0;
        for &s in stops.iter().chain([0].iter()) {
            d += leg_days(m[at][s]) + if s == 0 { 0.0 } else { 0.25 };
            at = s;
        }
        (d - 1e-9).ceil() as u32
    };
    let orders = [
        [1, 2, 3],
        [1, 3, 2],
        [2, 1, 3],
        [2, 3, 1],
        [3, 1, 2],
        [3, 2, 1],
    ];
    let mut best = u32::MAX;
    for o in orders {
        // Cuts: after position 1 and/or 2.
        for cuts in 0..4u32 {
            let mut rounds = Vec::new();
            let mut start = 0;
            for (k, end) in [1, 2].iter().enumerate() {
                if cuts & (1 << k) != 0 {
                    rounds.push(&o[start..*end]);
                    start = *end;
                }
            }
            rounds.push(&o[start..]);
            best = best.min(rounds.iter().map(|r| round(r)).sum());
        }
    }

    let out = run("propose-rounds");
    let layer = read(&out, "rounds.geojson");
    assert_eq!(best, 4);
    assert_eq!(layer["features"][0]["properties"]["team_days_period"], best);
}

/// A round whose base is no facility of the dataset is fatal (exit 2), naming the
/// rules file, the rule and the base, with the nearest id as a hint; nothing is
/// written.
#[test]
fn an_unknown_base_is_fatal_with_the_file_rule_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "islands.geojson",
        "settlements.geojson",
        "facilities.geojson",
        "ferries.geojson",
        "scenario.toml",
    ] {
        std::fs::copy(fixture("round").join(f), dir.path().join(f)).unwrap();
    }
    let rules = std::fs::read_to_string(fixture("round").join("rules.toml")).unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        rules.replace("base = \"home_pier\"", "base = \"home_peir\""),
    )
    .unwrap();
    let out = dir.path().join("out");

    let o = isleplan(
        &root(),
        &[
            "run",
            dir.path().join("scenario.toml").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );

    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("rules.toml"), "{err}");
    assert!(
        err.contains("rule \"monthly-round\": unknown base facility \"home_peir\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"home_pier\""), "{err}");
    assert!(!out.join("summary.json").exists());
}

/// `run` writes the rounds too (`rounds.geojson`, named in summary.json's
/// `outputs`), and proposes the round at the base: one round of 4 team-days a
/// month (bound 3), visiting x, y and z (300 + 200 + 150 = 650 residents); w has
/// no boat.
#[test]
fn run_writes_the_rounds_and_proposes_the_team_days() {
    let out = run("run");
    let rounds = read(&out, "rounds.geojson");
    assert_eq!(rounds["features"][0]["properties"]["days"], 4);
    assert_eq!(
        read(&out, "summary.json")["outputs"],
        serde_json::json!(["rounds.geojson"])
    );
    let proposed = read(&out, "proposed.geojson");
    let p = &proposed["features"][0]["properties"];
    assert_eq!(p["rule"], "monthly-round");
    assert_eq!(p["site"], "home_pier");
    assert_eq!(p["population_covered"], 650);
    let status = p["solver_status"].as_str().unwrap();
    assert!(
        status.starts_with("1 round, 4 team-days a period (least possible ≥ 3), 4.0 team-days a month; no scheduled way to w"),
        "{status}"
    );
}
