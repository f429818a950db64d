//! The rule kinds of the plan's counts, shares per area, places, attributes and
//! allocation, on one hand-made fixture (tests/data/count) whose every figure is
//! worked out here by hand.
//!
//! Fixture: towns 甲镇 (islands `big` 3,000 and `mid` 800: 3,800 residents) and
//! 乙镇 (`small` 50 and `far` 400: 450); no ferries, so no island reaches another.
//! Villages and communities: `a` (1,500) and `b` (1,500) on big, `m` (800) on mid,
//! `s` (community, 50) on small, `f` (400) on far: five, three in 甲镇.
//! Facilities: canteens c1 (big), c2 (mid) open and c3 (small) only planned;
//! centralised-care sites p1 (big) and p2 (far); senior classrooms serving `a` and
//! `s`; schools on big and on mid; village clinics v1 (big, standardised), v2 (mid,
//! not standardised), v3 (far, standardised).

use serde_json::Value;

use crate::common::{isleplan, root, stderr};
use crate::support::fixture;

/// The summary and gaps of `case`'s scenario for `year`.
fn run(case: &str, year: i32) -> (Value, Value) {
    let out = tempfile::tempdir().unwrap();
    let path = fixture(case).join(format!("scenario-{year}.toml"));
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
    (read("summary.json"), read("gaps.geojson"))
}

/// The only rule of the fixture's rules file.
fn rule(s: &Value) -> &Value {
    &s["rules"][0]
}

fn counts(r: &Value) -> [u64; 5] {
    ["subjects", "required", "exempt", "met", "gaps"].map(|k| r[k].as_u64().unwrap())
}

/// `(area, value, status)` of each area row.
fn areas(r: &Value) -> Vec<(String, Value, String)> {
    r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["area"].as_str().unwrap().to_owned(),
                a["value"].clone(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Gap subjects, in order.
fn gap_subjects(g: &Value) -> Vec<String> {
    g["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["subject"].as_str().unwrap().to_owned())
        .collect()
}

/// 2024: targets 3 in the district and 2 in 甲镇; 乙镇 has none this year while
/// others do, so it is exempt. Open canteens: c1 and c2 (c3 is planned): district
/// 2 < 3 → gap, 甲镇 2 ≥ 2 → met. Rule: not met, 1 of 2 required met.
#[test]
fn count_judges_each_area_against_its_target_of_the_year() {
    let (s, g) = run("count", 2024);
    let r = rule(&s);

    assert_eq!(r["status"], "not met");
    assert_eq!(counts(r), [3, 2, 1, 1, 1]);
    assert_eq!(r["achieved"], 2.0);
    assert_eq!(r["target"]["min"], 3.0);
    assert_eq!(
        areas(r),
        [
            ("乙镇".into(), Value::from(0.0), "exempt".into()),
            ("甲镇".into(), Value::from(2.0), "met".into()),
            ("district".into(), Value::from(2.0), "gap".into()),
        ]
    );
    assert_eq!(gap_subjects(&g), ["district"]);
    let reason = g["features"][0]["properties"]["reason_en"]
        .as_str()
        .unwrap();
    assert!(reason.contains("at least 3 by 2024, 1 more"), "{reason}");
}

/// 2025: each town needs 1 (the latest target of each area: 甲镇's 2025 target of 1
/// replaces its 2024 one of 2); the district's 3 of 2024 still holds. 甲镇 2 ≥ 1
/// met, 乙镇 0 < 1 gap (c3 is only planned), district 2 < 3 gap.
#[test]
fn count_each_town_target_applies_from_its_year() {
    let (s, g) = run("count", 2025);
    let r = rule(&s);

    assert_eq!(counts(r), [3, 3, 0, 1, 2]);
    assert_eq!(gap_subjects(&g), ["district", "乙镇"]);
}

/// Before any target's year nothing is judged: "no target", and no gap.
#[test]
fn count_before_its_years_has_no_target() {
    let (s, g) = run("count", 2023);
    let r = rule(&s);

    assert_eq!(r["status"], "no target");
    assert_eq!(r["gaps"], 0);
    assert!(gap_subjects(&g).is_empty());
}

/// Villages and communities with a senior classroom serving them: `a` and `s` of
/// five → 40 % ≥ 30 % in the district (met); in 甲镇 `a` of a, b, m → 33.3 % < 40 %
/// (gap). 乙镇 is named by no target: not a subject.
#[test]
fn area_share_counts_villages_served_per_area() {
    let (s, g) = run("area-share", 2024);
    let r = rule(&s);

    assert_eq!(r["status"], "not met");
    assert_eq!(counts(r), [2, 2, 0, 1, 1]);
    assert_eq!(
        areas(r),
        [
            ("甲镇".into(), Value::from(33.3), "gap".into()),
            ("district".into(), Value::from(40.0), "met".into()),
        ]
    );
    assert_eq!(r["achieved"], 40.0);
    assert_eq!(gap_subjects(&g), ["甲镇"]);
}

/// Centralised care may stand only on `big`: p1 there is met, p2 on `far` a gap
/// (400 residents).
#[test]
fn only_in_flags_each_island_outside_the_list() {
    let (s, g) = run("only-in", 2024);
    let r = rule(&s);

    assert_eq!(counts(r), [2, 2, 0, 1, 1]);
    assert_eq!(gap_subjects(&g), ["far"]);
    assert_eq!(g["features"][0]["properties"]["population"], 400);
}

/// Per town: 甲镇 has v1 (standardised) and v2 (not): 1 of 2, a gap; 乙镇 has v3
/// (standardised): 1 of 1, met. In 2023 the clause is not yet due: no target.
#[test]
fn attribute_judges_every_facility_of_the_kind_per_town() {
    let (s, g) = run("attribute", 2024);
    let r = rule(&s);

    assert_eq!(counts(r), [2, 2, 0, 1, 1]);
    assert_eq!(
        areas(r),
        [
            ("乙镇".into(), Value::from(100.0), "met".into()),
            ("甲镇".into(), Value::from(50.0), "gap".into()),
        ]
    );
    assert_eq!(gap_subjects(&g), ["甲镇"]);
    let (s, _) = run("attribute", 2023);
    assert_eq!(rule(&s)["status"], "no target");
}

/// Nearest school: `a` and `b` reach the school on `big` (3,000 ≥ 1,000: met);
/// `m`'s nearest is the school on `mid` (800 < 1,000: a gap); `s` and `f` reach no
/// school at all (no ferries: gaps). 2 of 5 met; residents 3,000 of 4,250.
#[test]
fn allocation_asks_the_nearest_school_to_be_on_a_large_island() {
    let (s, g) = run("allocation", 2024);
    let r = rule(&s);

    assert_eq!(counts(r), [5, 5, 0, 2, 3]);
    assert_eq!(
        [&r["population_required"], &r["population_met"]],
        [4250, 3000]
    );
    assert_eq!(gap_subjects(&g), ["f", "m", "s"]);
}

/// `(rule, kind, site, residents, rank)` of each proposal of `case` in `year`.
fn proposals(case: &str, year: i32) -> Vec<(String, String, String, u64, u64)> {
    let out = tempfile::tempdir().unwrap();
    let path = fixture(case).join(format!("scenario-{year}.toml"));
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
    let layer: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("proposed.geojson")).unwrap(),
    )
    .unwrap();
    layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["rule"].as_str().unwrap().to_owned(),
                p["kind"].as_str().unwrap().to_owned(),
                p["site"].as_str().unwrap().to_owned(),
                p["population_covered"].as_u64().unwrap(),
                p["rank"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// 2025: 乙镇 is one canteen short → its most populous settlement, `f` (400; `s`
/// has 50). The district is 3 − 2 = 1 short, and the one placed in 乙镇 counts for
/// it: nothing more.
#[test]
fn count_gap_proposes_how_many_more_and_where() {
    assert_eq!(
        proposals("count", 2025),
        [("canteens".into(), "canteen".into(), "f".into(), 400, 1)]
    );
}

/// 2024: 甲镇 has 1 of 3 villages with a classroom, 40 % asks 1.2 → 1 more: the most
/// populous village without one, `b` (1,500; `a` has one, `m` 800).
#[test]
fn area_share_gap_proposes_the_villages_short() {
    assert_eq!(
        proposals("area-share", 2024),
        [(
            "classrooms".into(),
            "senior_classroom".into(),
            "b".into(),
            1500,
            1
        )]
    );
}

/// 1 canteen per 1,000 residents over 4,250 residents asks 4.25; 2 are open → 2.25
/// short → 3 more, at the most populous settlements no canteen serves. A facility
/// serves its `settlement`, else the nearest settlement on its island: c1 serves
/// `a`, c2 `m` (c3 is only planned). So `b` (1,500), `f` (400), `s` (50).
#[test]
fn ratio_gap_proposes_the_facilities_short() {
    let got = proposals("ratio-proposals", 2024);

    let sites: Vec<(&str, u64, u64)> = got.iter().map(|p| (p.2.as_str(), p.3, p.4)).collect();
    assert_eq!(sites, [("b", 1500, 1), ("f", 400, 2), ("s", 50, 3)]);
    assert!(got
        .iter()
        .all(|p| p.0 == "canteens-per-1000" && p.1 == "canteen"));
}

/// The output folder of `run` on `case`'s `scenario` file.
fn run_dir(case: &str, scenario: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let path = fixture(case).join(scenario);
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
    out
}

/// `(site, residents, rank, solver_status)` of each proposal in `dir`.
fn proposal_notes(dir: &tempfile::TempDir) -> Vec<(String, u64, u64, String)> {
    let layer: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("proposed.geojson")).unwrap(),
    )
    .unwrap();
    layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["site"].as_str().unwrap().to_owned(),
                p["population_covered"].as_u64().unwrap(),
                p["rank"].as_u64().unwrap(),
                p["solver_status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// p2 stands on `far`, where centralised care may not: move it to `big`, to its
/// most populous settlement (`a` and `b` both 1,500: the first, `a`), or close it.
/// The move newly serves no one: 0 residents. Straight line p2 (122.5, 30.2) → a
/// (122.05, 30.02): 0.45° × 96.4 km and 0.18° × 111.0 km → √(43.4² + 20.0²) ≈ 47.8 km.
#[test]
fn only_in_gap_proposes_moving_the_facility_to_an_allowed_island() {
    let got = proposals("only-in", 2024);
    assert_eq!(
        got,
        [(
            "poverty-only-big".into(),
            "poverty_care_site".into(),
            "a".into(),
            0,
            1
        )]
    );
    let notes = proposal_notes(&run_dir("only-in", "scenario-2024.toml"));
    assert!(notes[0].3.starts_with("move p2 to a ("), "{}", notes[0].3);
    assert!(notes[0].3.ends_with("or close it"), "{}", notes[0].3);
}

/// 甲镇 has v2 not standardised: one upgrade proposal, at v2 itself; v1 and v3 are
/// standardised and 乙镇 is met, so nothing else.
#[test]
fn attribute_gap_proposes_upgrading_each_non_conforming_facility() {
    assert_eq!(
        proposals("attribute", 2024),
        [(
            "standardised".into(),
            "village_clinic".into(),
            "v2".into(),
            0,
            1
        )]
    );
    let notes = proposal_notes(&run_dir("attribute", "scenario-2024.toml"));
    assert_eq!(notes[0].3, "upgrade v2: standardised = true (now false)");
    // Not yet due in 2023: no gap, nothing proposed.
    assert!(proposals("attribute", 2023).is_empty());
}

/// Gaps `m` (800), `f` (400), `s` (50). The only school on a large island is sch1
/// (big, 3,000); with no ferries none of them reaches it, so each is assigned to
/// it by straight line and the proposal says there is no scheduled way. Ranked by
/// residents: m, f, s.
#[test]
fn allocation_gap_proposes_the_school_on_a_large_island() {
    let mut got = proposals("allocation", 2024);
    got.sort_by_key(|p| p.4);
    let sites: Vec<(&str, &str, u64, u64)> = got
        .iter()
        .map(|p| (p.1.as_str(), p.2.as_str(), p.3, p.4))
        .collect();
    assert_eq!(
        sites,
        [
            ("school", "sch1", 800, 1),
            ("school", "sch1", 400, 2),
            ("school", "sch1", 50, 3)
        ]
    );
    let notes = proposal_notes(&run_dir("allocation", "scenario-2024.toml"));
    assert!(notes.iter().all(|n| n.3.contains("no scheduled way there")));
    assert!(notes
        .iter()
        .any(|n| n.3.starts_with("assign the pupils of m to sch1")));
}

/// Staff per 1,000 residents ≥ 1 over 4,250 residents asks 4.25 workers; the open
/// canteens have c1 2 + c2 1 = 3 (c3's 5 are only planned) → 1.25 short → 2 more,
/// at c1, the counted facility with the most staff.
#[test]
fn staff_ratio_gap_proposes_how_many_more_workers_and_where() {
    let got = proposals("staff-ratio", 2024);
    assert_eq!(
        got,
        [("staff-per-1000".into(), "canteen".into(), "c1".into(), 0, 1)]
    );
    let notes = proposal_notes(&run_dir("staff-ratio", "scenario-2024.toml"));
    assert!(
        notes[0].3.starts_with("add 2 meals staff"),
        "{}",
        notes[0].3
    );
}

/// Meal delivery over villages and communities as units: `a` (big) and `m` (mid)
/// are one village of two parts (½ unit each), `b` an area standing for 3 units,
/// `f` and `s` one each: 6 units. Within 15 minutes of an open canteen: `a` (c1 at
/// 0.001° from it) and `m` (c2 on its point); `b` is 0.1° of longitude (9.6 km ×
/// 1.25 detour at 30 km/h = 24 min) from c1; `f` and `s` have no ferry. Points: 2
/// of 5 = 40 %, which would meet 30 %; units: ½ + ½ = 1 of 6 = 16.7 %: not met.
#[test]
fn share_over_units_counts_villages_and_areas_not_points() {
    let (s, _) = run("unit-share", 2024);
    let r = rule(&s);

    assert_eq!(r["status"], "not met");
    assert_eq!(r["share_required_pct"], 40.0);
    assert_eq!(r["achieved"], 16.7);
    assert_eq!(r["target"]["unit"], "percent of villages and communities");
    assert!(r["note"]
        .as_str()
        .unwrap()
        .starts_with("6 villages and communities counted; 3 of them through areas"));
}

/// The rule lists 甲镇, 乙镇 and 丙镇; the data has islands for the first two only.
/// 甲镇 has sc1 (on big) and 乙镇 sc2 (on small): both met. 丙镇 cannot be judged:
/// it is no data, not dropped, so the rule reads no data (3 subjects, 2 met), and
/// the note names it.
#[test]
fn per_town_rule_keeps_a_town_without_islands_as_no_data() {
    let (s, g) = run("town-list", 2024);
    let r = rule(&s);

    assert_eq!(r["status"], "no data");
    assert_eq!(counts(r), [3, 3, 0, 2, 0]);
    assert_eq!(r["no_data"], 1);
    assert_eq!(r["share_required_pct"], Value::Null);
    assert!(
        r["note"].as_str().unwrap().contains("丙镇"),
        "{}",
        r["note"]
    );
    assert!(gap_subjects(&g).is_empty());
}
