//! The figure contract (README, "Reading the outputs") on a hand-made fixture whose
//! every figure is worked out here by hand.
//!
//! Fixture (tests/data/contract), car at 400 straight-line metres a minute, so 15
//! minutes reach 6,000 m (1° of longitude ≈ 96.49 km, of latitude ≈ 110.85 km at
//! 30° N):
//! - island `main` (a 0.20° × 0.04° rectangle, 3,999 residents) with a village
//!   clinic at (122.02, 30.02) serving `v1000`, and a health centre at
//!   (122.03, 30.035);
//! - `area` (kind area, 2,000 residents, point 555 m from the clinic) whose
//!   territory is two equal squares of 0.01°: one beside the clinic (its farthest
//!   corner 735 m away: all reached), one at 122.15–122.16 (≥ 11.6 km from both
//!   facilities: none reached). Half its land is reached → 1,000 residents;
//! - `v1000` (village of 1,000, 96 m from the clinic) and `v999` (village of 999 at
//!   122.12: 8.84 km from the health centre → 22.1 min, a gap); both single points;
//! - islands `p` (40) and `r` (50), which the rules name for a move to `v1000`, and
//!   `c` (30), which they do not name; each holds one hamlet and no ferry;
//! - no elderly-care facility at all.

use serde_json::Value;

use crate::common::{isleplan, root, stderr};
use crate::support::fixture;

/// Runs the fixture's `scenario` with `extra` arguments into a new folder.
fn run(scenario: &str, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let path = fixture("contract").join(scenario);
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ];
    args.extend(extra);
    let o = isleplan(&root(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn summary(scenario: &str) -> Value {
    let out = run(scenario, &[]);
    serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
        .unwrap()
}

fn rule<'a>(s: &'a Value, id: &str) -> &'a Value {
    s["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

fn counts(r: &Value) -> [u64; 6] {
    ["subjects", "required", "exempt", "met", "gaps", "pending"].map(|k| r[k].as_u64().unwrap())
}

/// Villages: `v1000` (1,000, served by the clinic) is asked for a clinic and has
/// one; `v999` is under 1,000 and exempt, not met. `area` and the hamlets are no
/// villages. 1 required, 1 met: 100 %, residents 1,000 of 1,000.
#[test]
fn a_village_under_1000_is_exempt_not_met() {
    let s = summary("scenario.toml");
    let r = rule(&s, "village-clinic");

    assert_eq!(r["status"], "met");
    assert_eq!(counts(r), [2, 1, 1, 1, 0, 0]);
    assert_eq!(r["share_required_pct"], 100.0);
    assert_eq!(
        [&r["population_required"], &r["population_met"]],
        [1000, 1000]
    );
    let bands = r["bands"].as_array().unwrap();
    assert_eq!([&bands[0]["subjects"], &bands[0]["exempt"]], [1, 1]);
    assert_eq!(bands[0]["share_required_pct"], Value::Null);
    assert_eq!([&bands[1]["required"], &bands[1]["met"]], [1, 1]);
}

/// Before any move: `p` and `r` are pending (the rule is not met, 0 of 2, 90
/// residents waiting), `c` is a candidate the plan does not name: exempt, with a
/// destination the tool suggests (the nearest island with a health centre).
#[test]
fn planned_moves_not_made_are_pending_not_done() {
    let s = summary("scenario.toml");
    let r = rule(&s, "consolidate");

    assert_eq!(r["status"], "not met");
    assert_eq!(counts(r), [3, 2, 1, 0, 0, 2]);
    assert_eq!(r["share_required_pct"], 0.0);
    assert_eq!(r["population_required"], 90);
    let rel = |island: &str| {
        s["relocations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["island"] == island)
            .unwrap()
            .clone()
    };
    assert_eq!(rel("p")["status"], "pending");
    assert_eq!(rel("p")["to_settlement"], "v1000");
    assert_eq!(rel("c")["status"], "candidate");
    assert!(rel("c")["basis"].as_str().unwrap().starts_with("suggested"));
    // From r's hamlet (122.05, 30.10) to v1000 (122.021, 30.02): 0.029° × 96.49 km
    // east and 0.08° × 110.85 km south, √(2.798² + 8.868²) = 9.30 km.
    let d = rel("r")["distance_m"].as_f64().unwrap();
    assert!((d - 9_299.0).abs() < 30.0, "{d}");
    // No ferry serves r: no minutes, rather than a guess.
    assert_eq!(rel("r")["minutes"], Value::Null);
}

/// After the scenario moves r: 1 of 2 met (50 residents of 90), p still pending,
/// so the rule is still not met.
#[test]
fn a_move_made_counts_and_one_pending_keeps_the_rule_open() {
    let s = summary("moved.toml");
    let r = rule(&s, "consolidate");

    assert_eq!(r["status"], "not met");
    assert_eq!(counts(r), [3, 2, 1, 1, 0, 1]);
    assert_eq!(r["share_required_pct"], 50.0);
    assert_eq!([&r["population_required"], &r["population_met"]], [90, 50]);
    assert_eq!(r["share_population_pct"], 55.6);
}

/// 15 minutes: `area` (point 1.4 min away) and `v1000` are met, `v999` (22.1 min)
/// and the three hamlets (no ferry) are gaps: 2 of 6, 33.3 %. Residents: `area`
/// counts the half of its land reached, 1,000, plus `v1000`'s 1,000: 2,000 of 4,119,
/// 48.6 %. Five single points (v1000, v999 and the hamlets: 2,119 residents) are
/// coarse; `area` is not, it has a territory.
#[test]
fn an_area_counts_the_residents_of_the_land_reached() {
    let s = summary("scenario.toml");
    let r = rule(&s, "health-15min");

    assert_eq!(r["status"], "not met");
    assert_eq!(counts(r), [6, 6, 0, 2, 4, 0]);
    assert_eq!(r["share_required_pct"], 33.3);
    assert_eq!(
        [&r["population_required"], &r["population_met"]],
        [4119, 2000]
    );
    assert_eq!(r["share_population_pct"], 48.6);
    assert_eq!(
        [
            &r["coarse"]["subjects"],
            &r["coarse"]["population"],
            &r["coarse"]["areas"]
        ],
        [5, 2119, 0]
    );
    assert_eq!(s["totals"]["coarse"]["settlements"], 5);
}

/// The settlement layer shows the share reached on `area`: 50 %.
#[test]
fn the_share_of_a_territory_reached_is_on_the_settlement() {
    let out = run("scenario.toml", &[]);
    let layer = crate::common::layer(&out.path().join("settlements.geojson"));
    let area = &layer.iter().find(|(id, _)| id == "area").unwrap().1;

    assert_eq!(area["health_15min_reached_pct"], 50.0);
    assert_eq!(area["health_15min"], "met");
    let v1000 = &layer.iter().find(|(id, _)| id == "v1000").unwrap().1;
    assert_eq!(v1000.get("health_15min_reached_pct"), None);
}

/// No elderly-care facility anywhere: "no data", with null shares, never 0 %.
#[test]
fn a_family_with_no_facility_is_no_data_never_zero() {
    let s = summary("scenario.toml");
    let r = rule(&s, "elderly-15min");

    assert_eq!(r["status"], "no data");
    assert_eq!([&r["required"], &r["no_data"], &r["met"]], [6, 6, 0]);
    assert_eq!(r["share_required_pct"], Value::Null);
    assert_eq!(r["share_population_pct"], Value::Null);
    assert!(r["note"].as_str().unwrap().contains("elderly_care"));
}

/// The report's rule table carries the status, writes "no data" rules as such with
/// no figures, and draws no bar for them (a 0 % bar would read as total failure).
#[test]
fn the_report_says_no_data_and_draws_no_bar_for_it() {
    let out = run("scenario.toml", &["--lang", "en"]);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let rules = &html[html.find("class=\"rules\"").unwrap()..];
    let rules = &rules[..rules.find("</table>").unwrap()];
    let row = |id: &str| {
        let at = rules.find(&format!("<code>{id}</code>")).unwrap();
        let row = &rules[at..];
        row[..row.find("</tr>").unwrap()].to_owned()
    };

    assert!(rules.contains("<th>Status</th>"), "{rules}");
    let elderly = row("elderly-15min");
    assert!(
        elderly.contains("no data") && elderly.contains("—"),
        "{elderly}"
    );
    assert!(!elderly.contains("0/6"), "{elderly}");
    assert!(row("consolidate").contains("not met"));
    let chart = &html[html.find("class=\"rules\"").unwrap()..];
    let chart = &chart[chart.find("<svg").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert!(
        chart.contains("health-15min"),
        "the answered rules have bars"
    );
    assert!(!chart.contains("elderly-15min"), "no bar for no data");
}
