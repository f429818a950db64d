//! The hand-made archipelago (`tests/data/archipelago/`), every minute worked out by hand.
//!
//! Lengths on the ground near 29.9°N (WGS84): 1° of latitude = 110,850 m and 1° of
//! longitude = 96,580 m, so 0.01° north = 1,108.5 m and 0.01° east = 965.8 m.
//! Profile `car`: 30 km/h = 500 m/min along the way, ÷ detour 1.25 = 400 straight-line
//! metres a minute: 0.01° north = 2.771 min, 0.01° east = 2.415 min.
//! Profile `walk`: 6 km/h ÷ 1.25 = 80 straight-line metres a minute (car × 5).
//!
//! Ferries: `ferry_ac` (a_pier–c_pier1) 9 sailings 07:00–17:00: headway 600 / 8 = 75,
//! wait 37.5, + 20 crossing = 57.5 min. `ferry_bc` (b_pier–c_pier2) 13 sailings, no
//! times: default span 600 / 12 = 50, wait 25, + 10 crossing = 35 min. `ferry_be` has 0
//! sailings: unusable, so the islet `eyu` is cut off. `bridge_ab`: 0.01° east = 2.415 min.

use approx::assert_abs_diff_eq;

use isleplan::network::travel::Reach;
use isleplan::pipeline::{self, Outcome};
use isleplan::rules::Status;

use crate::support::fixture;

fn outcome() -> Outcome {
    pipeline::run(&fixture("archipelago").join("scenario.toml")).unwrap()
}

/// `(minutes, facility id)` per settlement id, for a family at a tier, for a profile.
fn minutes(
    o: &Outcome,
    profile: &str,
    family: &str,
    tier: usize,
) -> Vec<(String, Option<(f64, String)>)> {
    let times = o.travel.as_ref().unwrap();
    let reach = times.get(profile, family, tier).unwrap();
    let w = &o.dataset.world;
    w.settlements
        .iter()
        .zip(reach)
        .map(|(s, r)| {
            let got = match *r {
                Reach::Reachable { minutes, facility } => {
                    Some((minutes, w.facilities[facility].id.0.clone()))
                }
                Reach::Unreachable => None,
            };
            (s.id.0.clone(), got)
        })
        .collect()
}

fn assert_minutes(got: &[(String, Option<(f64, String)>)], want: &[(&str, Option<(f64, &str)>)]) {
    assert_eq!(got.len(), want.len());
    for ((id, g), (wid, w)) in got.iter().zip(want) {
        assert_eq!(id, wid);
        match (g, w) {
            (Some((gm, gf)), Some((wm, wf))) => {
                assert_eq!(gf, wf, "{id}: facility");
                assert_abs_diff_eq!(*gm, *wm, epsilon = 0.05);
            }
            (None, None) => {}
            _ => panic!("{id}: got {g:?}, want {w:?}"),
        }
    }
}

#[test]
fn health_minutes_by_car_match_the_hand_arithmetic() {
    let o = outcome();

    let got = minutes(&o, "car", "health", 0);

    // Sources: a_hospital (122.30, 29.93) on anshan, b_clinic (122.35, 29.93) on baishi.
    // a1 (122.30, 29.92): 0.01° north of the hospital: 1108.5 / 400 = 2.77.
    // b1 (122.35, 29.92): 0.01° north of the clinic: 2.77.
    // b_pier (122.35, 29.90): 0.03° north of the clinic: 3325.5 / 400 = 8.31;
    //   + ferry_bc 35 = 43.31 at c_pier2 (122.35, 29.87).
    // a_pier: 0.03° north of the hospital = 8.31; + ferry_ac 57.5 = 65.81 at c_pier1,
    //   but c_pier2 + 0.05° east over land (4829 / 400 = 12.07) = 55.39 is faster.
    // c1 (122.30, 29.85): from c_pier2, √(4829² + 2217²) = 5313.6 m = 13.28 → 56.60;
    //   from c_pier1, 55.39 + 0.02° north (2217 / 400 = 5.54) = 60.93. So 56.6, clinic.
    // c2 (122.35, 29.85): c_pier2 43.31 + 5.54 = 48.86, clinic.
    // e1: its only ferry has 0 sailings: unreachable (the planned e_clinic does not serve).
    assert_minutes(
        &got,
        &[
            ("a1", Some((2.77, "a_hospital"))),
            ("b1", Some((2.77, "b_clinic"))),
            ("c1", Some((56.60, "b_clinic"))),
            ("c2", Some((48.86, "b_clinic"))),
            ("e1", None),
        ],
    );
}

#[test]
fn hospital_tier_minutes_cross_the_bridge_and_the_faster_ferry() {
    let o = outcome();

    let got = minutes(&o, "car", "health", 3);

    // Only a_hospital (122.30, 29.93) counts.
    // Bridge end on anshan (122.32, 29.92): √(1931.6² + 1108.5²) = 2227.1 m = 5.57;
    //   + bridge 2.415 = 7.98 at the baishi end (122.33, 29.92).
    // b1 (122.35, 29.92): 7.98 + 0.02° east (1931.6 / 400 = 4.83) = 12.81.
    // b_pier (122.35, 29.90): 7.98 + √(1931.6² + 2217²) = 2940.4 m = 7.35 → 15.33;
    //   + ferry_bc 35 = 50.33 at c_pier2. a_pier 8.31 + ferry_ac 57.5 = 65.81 at c_pier1,
    //   or c_pier2 + 12.07 = 62.41.
    // c1: c_pier2 50.33 + 13.28 = 63.62 beats c_pier1 62.41 + 5.54 = 67.95.
    // c2: c_pier2 50.33 + 5.54 = 55.88.
    assert_minutes(
        &got,
        &[
            ("a1", Some((2.77, "a_hospital"))),
            ("b1", Some((12.81, "a_hospital"))),
            ("c1", Some((63.62, "a_hospital"))),
            ("c2", Some((55.88, "a_hospital"))),
            ("e1", None),
        ],
    );
}

#[test]
fn meal_minutes_run_the_ferries_the_other_way() {
    let o = outcome();

    let got = minutes(&o, "car", "meals", 0);

    // Source: c_meals (122.33, 29.85) on cangzhou.
    // c1: 0.03° west = 2897.4 / 400 = 7.24; c2: 0.02° east = 4.83.
    // c_pier2 (122.35, 29.87): 2940.4 m = 7.35; + ferry_bc 35 = 42.35 at b_pier.
    // b1: b_pier + 0.02° north (5.54) = 47.89 (the bridge way is 54.53).
    // baishi bridge end: b_pier + 7.35 = 49.70; + bridge 2.415 = 52.12 on anshan.
    // a1 (122.30, 29.92): bridge end + 0.02° west (4.83) = 56.95; by ferry_ac:
    //   c_pier1 √(2897.4² + 2217²) = 3648.3 m = 9.12, + 57.5 = 66.62 at a_pier, but the
    //   bridge way reaches a_pier at 52.12 + 7.35 = 59.47; + 5.54 = 65.01. So 56.95.
    assert_minutes(
        &got,
        &[
            ("a1", Some((56.95, "c_meals"))),
            ("b1", Some((47.89, "c_meals"))),
            ("c1", Some((7.24, "c_meals"))),
            ("c2", Some((4.83, "c_meals"))),
            ("e1", None),
        ],
    );
}

#[test]
fn walking_changes_land_legs_but_not_ferries() {
    let mut o = outcome();
    let mut policy = o.policy.clone();
    policy.set_default_profile("walk").unwrap();

    o = pipeline::assess(o.scenario, policy, o.dataset, o.moves);
    let got = minutes(&o, "walk", "meals", 0);

    // Walking is 80 m/min, five times slower than the car's 400.
    // c2: 1931.6 / 80 = 24.15. b1: c_pier2 7.35 × 5 = 36.76, + ferry 35 = 71.76,
    //   + 5.54 × 5 = 27.71 → 99.47.
    assert_abs_diff_eq!(got[3].1.as_ref().unwrap().0, 24.15, epsilon = 0.05);
    assert_abs_diff_eq!(got[1].1.as_ref().unwrap().0, 99.47, epsilon = 0.05);
    let health15 = o
        .coverage
        .rules
        .iter()
        .find(|r| r.id == "health-15min")
        .unwrap();
    assert_eq!(health15.profile.as_deref(), Some("walk"));
    // a1 and b1 still make it on foot: 1108.5 / 80 = 13.86 min.
    assert_eq!(health15.met, 2);
}

#[test]
fn unknown_profile_is_refused_with_a_suggestion() {
    let mut policy = outcome().policy;

    let err = policy.set_default_profile("wlak").unwrap_err();

    assert!(err.to_string().contains("did you mean \"walk\""), "{err}");
}

#[test]
fn access_gaps_say_unreachable_or_give_the_minutes() {
    let o = outcome();

    let words = isleplan::output::features::GapWords::new(&o);
    let gaps: Vec<_> = o
        .coverage
        .gaps
        .iter()
        .filter(|g| o.policy.rules[g.rule].id == "health-15min")
        .map(|g| (g, words.text(g)))
        .collect();

    let ids: Vec<&str> = gaps.iter().map(|(_, t)| t.subject.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "e1"]);
    let minutes = |g: &isleplan::coverage::Gap| g.reach.and_then(|r| r.minutes());
    assert!((minutes(gaps[0].0).unwrap() - 56.6).abs() < 0.05);
    assert_eq!(
        gaps[0]
            .0
            .reach
            .and_then(|r| r.facility())
            .map(|f| &o.dataset.world.facilities[f].id.0[..]),
        Some("b_clinic")
    );
    let gaps: Vec<_> = gaps
        .into_iter()
        .map(|(g, t)| (g, t.reason_en, t.reason_zh))
        .collect();
    assert!(gaps[0].1.contains("56.6 min"), "{}", gaps[0].1);
    assert!(gaps[2].1.starts_with("unreachable"), "{}", gaps[2].1);
    assert!(gaps[2].2.starts_with("无法到达"), "{}", gaps[2].2);
    assert_eq!(minutes(gaps[2].0), None);
}

#[test]
fn figures_report_settlement_and_population_shares() {
    let o = outcome();
    let fig = |id: &str| o.coverage.rules.iter().find(|r| r.id == id).unwrap();

    // health-15min: a1 (3000) and b1 (2000) of 5 settlements and 9100 residents.
    let h = fig("health-15min");
    assert_eq!((h.met, h.required, h.subjects, h.gaps), (2, 5, 5, 3));
    assert_eq!((h.population_met, h.population_required), (5000, 9100));
    assert_eq!(h.share_required_pct, Some(40.0));
    assert_eq!(h.share_population_pct, Some(54.9));
    assert_eq!(h.unreachable, Some(1));
    assert_eq!(h.status, "not met");

    // meals-share: c1 and c2 within 15 min, 2 of 5 = 40 % < 60 % (2024): not met, and
    // the three others are gaps.
    let m = fig("meals-share");
    assert_eq!(m.achieved, Some(40.0));
    assert_eq!(
        m.target.as_ref().map(|t| (t.year, t.min)),
        Some((2024, 60.0))
    );
    assert_eq!(m.status, "not met");
    assert_eq!(m.gaps, 3);

    // emergency-per-town: 北镇 (3000 + 2000 = 5000 ≥ 5000) has a_emergency; 南镇 (4100)
    // is under the threshold: judged, and exempt.
    let e = fig("emergency-per-town");
    assert_eq!((e.subjects, e.required, e.exempt, e.met), (2, 1, 1, 1));
    assert_eq!(e.share_required_pct, Some(100.0));

    // aed-per-100k: 2 AEDs / 9100 residents × 100000 = 21.98 ≥ 20.
    let a = fig("aed-per-100k");
    assert_eq!(a.status, "met");
    assert_eq!(a.achieved, Some(22.0));
    assert_eq!(a.areas[0].value, Some(21.98));

    // care staff: e1 has no `elderly`, so the ratio is "no data", neither met nor a gap.
    let c = fig("care-staff-per-10k-elderly");
    assert_eq!(c.status, "no data");
    assert_eq!((c.met, c.gaps), (0, 0));
    assert_eq!((c.share_required_pct, c.share_population_pct), (None, None));
    assert!(c.areas[0]
        .missing
        .as_deref()
        .unwrap()
        .contains("1 settlements lack `elderly`"));
}

#[test]
fn a_later_year_applies_the_later_target() {
    let mut o = outcome();
    o.scenario.year = 2025;

    let o = pipeline::assess(o.scenario, o.policy, o.dataset, o.moves);

    let m = o
        .coverage
        .rules
        .iter()
        .find(|r| r.id == "meals-share")
        .unwrap();
    assert_eq!(
        m.target.as_ref().map(|t| (t.year, t.min)),
        Some((2025, 90.0))
    );
}

#[test]
fn met_share_turns_unreached_settlements_into_not_reached_not_gaps() {
    let mut o = outcome();
    let mut policy = o.policy.clone();
    let rule = policy
        .rules
        .iter_mut()
        .find(|r| r.id == "meals-share")
        .unwrap();
    if let isleplan::rules::RuleKind::Share { targets, .. } = &mut rule.kind {
        targets[0].min = 40.0;
    }

    o = pipeline::assess(o.scenario, policy, o.dataset, o.moves);

    let m = o
        .coverage
        .rules
        .iter()
        .find(|r| r.id == "meals-share")
        .unwrap();
    assert_eq!(m.status, "met");
    assert_eq!(m.gaps, 0);
    let r = o
        .policy
        .rules
        .iter()
        .position(|r| r.id == "meals-share")
        .unwrap();
    let not_reached = o
        .findings
        .iter()
        .filter(|f| f.rule == r && f.status == Status::NotReached)
        .count();
    assert_eq!(not_reached, 3);
}

#[test]
fn link_notes_name_the_unusable_ferry_and_the_assumed_span() {
    let o = outcome();

    let notes = o.travel.as_ref().unwrap().notes();

    let text: Vec<String> = notes
        .iter()
        .map(|n| format!("{}: {}", n.link, n.note))
        .collect();
    assert_eq!(
        text,
        [
            "ferry_bc: first/last departure unknown: assumed a service span of 600 min",
            "ferry_be: unusable: 0 departures per day: no scheduled service",
        ]
    );
}

#[test]
fn town_suffixes_keep_only_towns_so_named() {
    let mut o = outcome();
    let mut policy = o.policy.clone();
    let rule = policy
        .rules
        .iter_mut()
        .find(|r| r.id == "emergency-per-town")
        .unwrap();
    if let isleplan::rules::RuleKind::PerTown {
        town_suffixes,
        min_population,
        ..
    } = &mut rule.kind
    {
        *min_population = 0;
        *town_suffixes = vec!["南镇".into()];
    }

    o = pipeline::assess(o.scenario, policy, o.dataset, o.moves);

    // Only 南镇 (cangzhou + eyu, 4100 residents) is a subject, and it has no emergency
    // point: one gap, drawn at its most populous island.
    let words = isleplan::output::features::GapWords::new(&o);
    let gaps: Vec<_> = o
        .coverage
        .gaps
        .iter()
        .filter(|g| o.policy.rules[g.rule].id == "emergency-per-town")
        .map(|g| (g.population, words.text(g)))
        .collect();
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        (
            gaps[0].1.subject.as_str(),
            gaps[0].0,
            gaps[0].1.island.as_str()
        ),
        ("南镇", 4100, "cangzhou")
    );
}
