//! Each clause row of the plan that a map can check, as the default rules file
//! encodes it: the rule's clause, kind, the plan's numbers and their years
//! (numbers and years from `putuo-2024-plan.zh.txt`, the plan's text).

use std::path::PathBuf;

use isleplan::rules::{AreaTarget, Policy, Rule, RuleKind, EACH_TOWN};

fn policy() -> Policy {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/putuo-2024-rules.toml");
    Policy::load(&path).unwrap()
}

fn rule<'a>(p: &'a Policy, id: &str) -> &'a Rule {
    p.rules
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

/// `(year, min, area)` of a count or share-per-area rule.
fn targets(r: &Rule) -> Vec<(i32, f64, Option<String>)> {
    let t: &[AreaTarget] = match &r.kind {
        RuleKind::Count { targets, .. } | RuleKind::AreaShare { targets, .. } => targets,
        other => panic!("{}: not a count rule: {other:?}", r.id),
    };
    t.iter().map(|t| (t.year, t.min, t.area.clone())).collect()
}

/// The kind a count rule counts.
fn counted(r: &Rule) -> &str {
    match &r.kind {
        RuleKind::Count { kind, .. } | RuleKind::AreaShare { kind, .. } => kind,
        other => panic!("{}: not a count rule: {other:?}", r.id),
    }
}

/// 二(二)6: 10 stations in 沈家门街道, 4 in 东港街道, new, moved or rebuilt (the
/// plan gives no year: 2025 assumed).
#[test]
fn community_health_stations_10_and_4() {
    let p = policy();
    let r = rule(&p, "community-health-stations");

    assert_eq!(r.clause, "二(二)6");
    assert!(r.wording_zh.contains("沈家门街道社区卫生服务站10家"));
    assert_eq!(
        targets(r),
        [
            (2025, 10.0, Some("沈家门街道".into())),
            (2025, 4.0, Some("东港街道".into())),
        ]
    );
    let RuleKind::Count { with: Some(w), .. } = &r.kind else {
        panic!("only stations built under the plan count")
    };
    assert_eq!(w.field, "built_under_plan");
}

/// 二(五)19: one district emergency sub-centre.
#[test]
fn emergency_sub_centre_one() {
    let p = policy();
    let r = rule(&p, "emergency-sub-centre");

    assert_eq!(counted(r), "emergency_centre");
    assert_eq!(targets(r), [(2025, 1.0, None)]);
}

/// 二(五)19b: 100 AEDs in 2024 (a count) and 50 per 100,000 by 2025 (a ratio).
#[test]
fn aeds_100_in_2024_and_50_per_100k_in_2025() {
    let p = policy();

    assert_eq!(targets(rule(&p, "aed-count-2024")), [(2024, 100.0, None)]);
    let RuleKind::Ratio { unit, targets, .. } = &rule(&p, "aed-per-100k").kind else {
        panic!("a ratio")
    };
    assert_eq!(*unit, 100000.0);
    assert_eq!((targets[0].year, targets[0].min), (2025, 50.0));
}

/// 二(五)19c: every village clinic standardised by the end of 2024.
#[test]
fn village_clinics_standardised_by_2024() {
    let p = policy();
    let RuleKind::Attribute { kind, with, year } = &rule(&p, "village-clinics-standardised").kind
    else {
        panic!("an attribute rule")
    };

    assert_eq!(
        (kind.as_str(), with.field.as_str(), *year),
        ("village_clinic", "standardised", 2024)
    );
    assert_eq!(with.value, toml::Value::Boolean(true));
}

/// 二(三)8b: 7 town/street home-care centres, 37 village/community care centres.
#[test]
fn care_centres_7_and_37() {
    let p = policy();

    assert_eq!(
        counted(rule(&p, "home-care-centres")),
        "elderly_care_centre"
    );
    assert_eq!(targets(rule(&p, "home-care-centres")), [(2024, 7.0, None)]);
    assert_eq!(counted(rule(&p, "village-care-centres")), "care_station");
    assert_eq!(
        targets(rule(&p, "village-care-centres")),
        [(2024, 37.0, None)]
    );
}

/// 二(三)8c: senior schools in every town (the per-town rule, senior schools only)
/// and senior classrooms in 30 % of villages and communities, 2024.
#[test]
fn senior_school_every_town_and_classrooms_30_percent() {
    let p = policy();
    let RuleKind::PerTown {
        min_tier, towns, ..
    } = &rule(&p, "senior-school-per-town").kind
    else {
        panic!("a per-town rule")
    };

    assert_eq!(min_tier.as_deref(), Some("senior_school"));
    // The plan's nine towns and streets, 展茅街道 among them (no island of its own).
    assert_eq!(towns.len(), 9);
    assert!(towns.iter().any(|t| t == "展茅街道"));
    let r = rule(&p, "senior-classroom-share");
    assert_eq!(r.type_name(), "area-share");
    assert_eq!(targets(r), [(2024, 30.0, None)]);
}

/// 二(三)10a: 3 complexes in 2024, every town and street by 2025.
#[test]
fn livelihood_complexes_3_then_every_town() {
    let p = policy();

    assert_eq!(
        targets(rule(&p, "livelihood-complexes")),
        [(2024, 3.0, None), (2025, 1.0, Some(EACH_TOWN.into()))]
    );
}

/// 二(三)10b: centralised care only on the main island and 六横.
#[test]
fn poverty_care_only_on_main_island_and_liuheng() {
    let p = policy();
    let RuleKind::OnlyIn { islands, .. } = &rule(&p, "poverty-care-only-main-and-liuheng").kind
    else {
        panic!("an only-in rule")
    };

    assert_eq!(islands, &["zhoushan", "liuheng"]);
}

/// 二(三)10c: 3 canteens and 13 meal points in 2024; delivery to 80 % (2024) and
/// 90 % (2025).
#[test]
fn meals_3_canteens_13_points_80_then_90_percent() {
    let p = policy();

    assert_eq!(targets(rule(&p, "canteens-2024")), [(2024, 3.0, None)]);
    assert_eq!(targets(rule(&p, "meal-points-2024")), [(2024, 13.0, None)]);
    let RuleKind::Share {
        targets, subject, ..
    } = &rule(&p, "meal-delivery-share").kind
    else {
        panic!("a share rule")
    };
    let t: Vec<_> = targets.iter().map(|t| (t.year, t.min)).collect();
    assert_eq!(t, [(2024, 80.0), (2025, 90.0)]);
    // Over villages and communities (administrative units), not settlement points.
    assert_eq!(subject.name(), "unit");
}

/// 二(四)14: 3 gig-work markets.
#[test]
fn gig_markets_3() {
    let p = policy();

    assert_eq!(targets(rule(&p, "gig-markets")), [(2025, 3.0, None)]);
}

/// 二(四)15: the 30-minute training circle is due by the end of 2025, not before.
#[test]
fn training_circle_due_2025() {
    let p = policy();
    let RuleKind::Share {
        minutes, targets, ..
    } = &rule(&p, "training-30min").kind
    else {
        panic!("a share rule with its year")
    };

    assert_eq!(*minutes, 30.0);
    let t: Vec<_> = targets.iter().map(|t| (t.year, t.min)).collect();
    assert_eq!(t, [(2025, 100.0)]);
}

/// 二(一)1: every compulsory-education pupil studies on a large island by 2025.
#[test]
fn pupils_on_large_islands_by_2025() {
    let p = policy();
    let RuleKind::Allocation {
        family,
        min_island_population,
        year,
        ..
    } = &rule(&p, "pupils-on-large-islands").kind
    else {
        panic!("an allocation rule")
    };

    assert_eq!(
        (family.as_str(), *min_island_population, *year),
        ("education", 1000, 2025)
    );
}

/// 二(六)22a, c, d: 4 transport stations; 1 + 7 + 74 logistics; 6 water stations.
#[test]
fn transport_logistics_water_counts() {
    let p = policy();

    for (id, kind, n) in [
        ("transport-stations", "transport_station", 4.0),
        (
            "logistics-district-centre",
            "logistics_district_centre",
            1.0,
        ),
        ("logistics-town-centres", "logistics_town_centre", 7.0),
        ("logistics-village-points", "logistics_point", 74.0),
        ("water-stations", "water_station", 6.0),
    ] {
        let r = rule(&p, id);
        assert_eq!(counted(r), kind, "{id}");
        assert_eq!(targets(r), [(2025, n, None)], "{id}");
    }
}

/// Every family of the rules file has a template under gis/templates/ whose header
/// holds the fields the rules read; the attribute and count rules' fields are in
/// their family's template.
#[test]
fn every_family_has_a_template_with_the_fields_its_rules_read() {
    let p = policy();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gis/templates");
    let header = |family: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(format!("{family}.csv")))
            .unwrap_or_else(|e| panic!("{family}.csv: {e}"));
        text.lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_owned)
            .collect()
    };
    for family in p.families.keys() {
        let h = header(family);
        for f in ["id", "kind", "island", "status", "lon", "lat", "source"] {
            assert!(h.iter().any(|x| x == f), "{family}.csv lacks {f}");
        }
    }
    for rule in &p.rules {
        let (kind, field) = match &rule.kind {
            RuleKind::Attribute { kind, with, .. } => (kind, &with.field),
            RuleKind::Count {
                kind,
                with: Some(with),
                ..
            } => (kind, &with.field),
            _ => continue,
        };
        let family = p.family_of(kind).unwrap();
        assert!(header(family).contains(field), "{}: {field}", rule.id);
    }
    assert!(header("elderly_care").iter().any(|x| x == "staff"));
}

/// Where the public facts hold no facility of a family, its rules say "no data" in
/// the baseline: nothing is placed that the facts do not place.
#[test]
fn families_the_facts_lack_stay_no_data() {
    let o = isleplan::pipeline::run(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline-2024.toml"),
    )
    .unwrap();
    for id in [
        "emergency-sub-centre",
        "aed-count-2024",
        "home-care-centres",
        "village-care-centres",
        "senior-classroom-share",
        "poverty-care-only-main-and-liuheng",
        "canteens-2024",
        "meal-points-2024",
        "pupils-on-large-islands",
        "transport-stations",
        "logistics-village-points",
        "water-stations",
        // Health facilities are in the facts, but none records these fields.
        "community-health-stations",
        "village-clinics-standardised",
    ] {
        let f = o.coverage.rules.iter().find(|r| r.id == id).unwrap();
        assert_eq!(f.status, "no data", "{id}");
        assert_eq!(f.share_required_pct, None, "{id}");
    }
}
