//! Findings → gaps, relocations and rule-by-rule figures.
//!
//! `rules::evaluate` says how each subject stands against each rule; this module
//! words the failures for people (English and Chinese, with the clause), counts
//! subjects and residents per rule, and lists the relocations.

mod figures;
mod gap;

use rayon::prelude::*;
use serde::Serialize;

pub use figures::{
    status_name, AreaFigures, BandFigures, CoarseFigures, RuleFigures, TargetFigure,
};
pub use gap::{subject_id, Gap};

use crate::model::{SettlementKind, World};
use crate::network::travel::Reach;
use crate::prepared::Prepared;
use crate::rules::{
    absent_family, pct, Basis, Finding, Measure, Policy, RuleKind, Status, SubjectRef,
};
use figures::{estimated, residents_met, tenth, whole_rule_figures};
use gap::sorted_by_id;

/// Residents of a small island moving (or moved, or to be moved) to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relocation {
    /// The rule's id.
    pub rule: String,
    /// The clause.
    pub clause: String,
    /// Index of the island moving.
    #[serde(skip)]
    pub from: usize,
    /// Index of the destination island, if one was found.
    #[serde(skip)]
    pub to: Option<usize>,
    /// Index of the settlement they leave, when the island has one.
    #[serde(skip)]
    pub from_settlement: Option<usize>,
    /// Index of the destination settlement.
    #[serde(skip)]
    pub to_settlement: Option<usize>,
    /// `pending` (the plan moves them, the scenario has not), `relocated` (moved),
    /// `candidate` (under the threshold, not named by the plan: a suggestion), or
    /// `no destination`.
    pub status: &'static str,
    /// Residents moving (pending, candidate) or moved (relocated).
    pub population: u64,
    /// Straight-line metres between the two settlements.
    pub distance_m: Option<f64>,
    /// Minutes between the two settlements over land, bridges and ferries.
    pub minutes: Option<f64>,
    /// How the destination was chosen: `named in the plan (clause)`, `scenario edit`,
    /// or `suggested: …` (the tool's, never the plan's).
    pub basis: String,
    /// What the rules file assumed to pick the destination settlement, if anything.
    pub assumption: Option<String>,
}

/// Everything `coverage` derives from the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Failing (subject, rule) pairs, sorted by id.
    pub gaps: Vec<Gap>,
    /// Relocations, sorted by island id.
    pub relocations: Vec<Relocation>,
    /// Figures per rule, in rules-file order.
    pub rules: Vec<RuleFigures>,
}

/// Words the gaps and counts the figures; `year` picks the targets in force.
pub fn assess(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    year: i32,
) -> Coverage {
    let (towns, villages) = (&prepared.towns, &prepared.villages);
    // Rules are independent: assessed in parallel, gathered in rule order.
    let per_rule = |(r, rule): (usize, &crate::rules::Rule)| {
        let mine: Vec<&Finding> = crate::rules::findings_of(findings, r).iter().collect();
        // At most one gap per finding, reserved once (see `rules::evaluate`).
        let mut gaps = Vec::with_capacity(mine.len());
        let mut relocations = Vec::new();
        let mut fig = RuleFigures {
            id: rule.id.clone(),
            kind: rule.type_name().into(),
            clause: rule.clause.clone(),
            summary_en: rule.summary_en.clone(),
            wording_zh: rule.wording_zh.clone(),
            status: "met",
            subjects: mine.len(),
            required: 0,
            exempt: 0,
            met: 0,
            gaps: 0,
            pending: 0,
            no_data: 0,
            population: 0,
            population_required: 0,
            population_met: 0,
            share_required_pct: None,
            share_population_pct: None,
            estimated: 0,
            coarse: None,
            bands: Vec::new(),
            minutes: None,
            profile: None,
            unreachable: None,
            target: None,
            achieved: None,
            areas: Vec::new(),
            note: None,
        };
        if let RuleKind::Band { bands, .. } = &rule.kind {
            fig.bands = bands
                .iter()
                .map(|b| BandFigures {
                    band: b.label(),
                    clause: b.clause.clone().unwrap_or_else(|| rule.clause.clone()),
                    require: b.require.clone(),
                    subjects: 0,
                    required: 0,
                    exempt: 0,
                    met: 0,
                    gaps: 0,
                    population: 0,
                    population_required: 0,
                    population_met: 0,
                    share_required_pct: None,
                    share_population_pct: None,
                })
                .collect();
        }
        let travel_rule = rule.travel().is_some();
        let mut coarse = CoarseFigures {
            subjects: 0,
            population: 0,
            areas: 0,
            areas_population: 0,
        };
        let mut unreachable = 0;
        let mut residents_met_sum = 0.0;
        for f in &mine {
            fig.population += f.population;
            // A town of the plan the data has no island for stands for no one
            // here (population 0): nothing of it is estimated.
            let nobody = f.subject == SubjectRef::District && f.population == 0;
            if !nobody && estimated(world, villages, towns, &f.subject) {
                fig.estimated += 1;
            }
            // A candidate the plan does not name, or an island a scenario emptied
            // without the plan asking, is judged but asked nothing of.
            let required = match &f.status {
                Status::Exempt | Status::Candidate(_) | Status::NoDestination => false,
                Status::Relocated(r) => !matches!(r.basis, Basis::Edit(_)),
                _ => true,
            };
            if required {
                fig.required += 1;
                fig.population_required += f.population;
                match f.status {
                    Status::Met | Status::Relocated(_) => fig.met += 1,
                    Status::Gap => fig.gaps += 1,
                    Status::Pending(_) => fig.pending += 1,
                    Status::NoData => fig.no_data += 1,
                    _ => {}
                }
            } else {
                fig.exempt += 1;
            }
            if required {
                residents_met_sum += if travel_rule {
                    residents_met(f)
                } else if matches!(f.status, Status::Met | Status::Relocated(_)) {
                    f.population as f64
                } else {
                    0.0
                };
            }
            if travel_rule && required && f.status != Status::NoData {
                if let SubjectRef::Settlement(s) = f.subject {
                    if f.reached_share.is_none() {
                        coarse.subjects += 1;
                        coarse.population += f.population;
                        if world.settlements[s].kind == SettlementKind::Area {
                            coarse.areas += 1;
                            coarse.areas_population += f.population;
                        }
                    }
                }
            }
            if f.measure == Measure::Travel(Reach::Unreachable) {
                unreachable += 1;
            }
            if let Some(b) = f.band {
                let bf = &mut fig.bands[b];
                bf.subjects += 1;
                bf.population += f.population;
                if required {
                    bf.required += 1;
                    bf.population_required += f.population;
                } else {
                    bf.exempt += 1;
                }
                match f.status {
                    Status::Met => {
                        bf.met += 1;
                        bf.population_met += f.population;
                    }
                    Status::Gap => bf.gaps += 1,
                    _ => {}
                }
            }
            // A gap holds indices and numbers only; its names and the sentences
            // that explain it are written with the layer (`output::features`), so a
            // million gaps cost a few dozen bytes each.
            let gap = |population: u64| Gap {
                rule: r,
                subject: f.subject.clone(),
                population,
                band: f.band,
                required: f.required.clone(),
                found: f.found.clone(),
                reach: None,
                ratio: None,
            };
            match (&rule.kind, &f.status) {
                (RuleKind::Band { .. } | RuleKind::PerTown { .. }, Status::Gap) => {
                    gaps.push(gap(f.population));
                }
                (
                    RuleKind::Consolidate {
                        destination_min_tier,
                        ..
                    },
                    status,
                ) => {
                    let SubjectRef::Island(from) = f.subject else {
                        unreachable!("consolidation findings are about islands")
                    };
                    relocations.push(relocation(
                        rule,
                        destination_min_tier,
                        from,
                        status,
                        f.population,
                    ));
                }
                (RuleKind::Access { .. } | RuleKind::Share { .. }, Status::Gap) => {
                    let reach = match f.measure {
                        Measure::Travel(r) => r,
                        _ => Reach::Unreachable,
                    };
                    // Affected: the residents not reached (all of a single point).
                    let affected = (f.population as f64 - residents_met(f)).round() as u64;
                    gaps.push(Gap {
                        reach: Some(reach),
                        ..gap(affected)
                    });
                }
                (
                    RuleKind::Count { .. }
                    | RuleKind::AreaShare { .. }
                    | RuleKind::Attribute { .. },
                    Status::Gap,
                ) => {
                    let Measure::Count { counted, of, .. } = f.measure else {
                        unreachable!("a count gap has a count")
                    };
                    // Share-per-area rules carry their percent, the others their count.
                    let value = match (&rule.kind, of) {
                        (RuleKind::AreaShare { .. }, Some(of)) if of > 0.0 => counted * 100.0 / of,
                        _ => counted,
                    };
                    gaps.push(Gap {
                        ratio: Some(value),
                        ..gap(f.population)
                    });
                }
                (RuleKind::OnlyIn { .. } | RuleKind::Round { .. }, Status::Gap) => {
                    gaps.push(gap(f.population));
                }
                (RuleKind::Allocation { .. }, Status::Gap) => {
                    let reach = match f.measure {
                        Measure::Travel(r) => r,
                        _ => Reach::Unreachable,
                    };
                    gaps.push(Gap {
                        reach: Some(reach),
                        ..gap(f.population)
                    });
                }
                (RuleKind::Ratio { .. }, Status::Gap) => {
                    let Measure::Ratio { value, .. } = &f.measure else {
                        unreachable!("a ratio gap has a value")
                    };
                    gaps.push(Gap {
                        required: None,
                        found: None,
                        ratio: Some(value.unwrap_or_default()),
                        ..gap(f.population)
                    });
                }
                _ => {}
            }
        }
        fig.population_met = residents_met_sum.round() as u64;
        for b in &mut fig.bands {
            if b.required > 0 {
                b.share_required_pct = Some(tenth(pct(b.met as u64, b.required as u64)));
                b.share_population_pct = Some(tenth(pct(b.population_met, b.population_required)));
            }
        }
        if travel_rule {
            fig.unreachable = Some(unreachable);
            fig.coarse = Some(coarse);
        }
        let family = rule.kind.family(policy);
        if let Some(family) = family.filter(|f| !prepared.has_family(f)) {
            fig.note = Some(absent_family(policy, family));
        }
        whole_rule_figures(&mut fig, &rule.kind, &mine, policy, towns, year);
        (gaps, relocations, fig)
    };
    let assessed: Vec<(Vec<Gap>, Vec<Relocation>, RuleFigures)> =
        policy.rules.par_iter().enumerate().map(per_rule).collect();
    let mut groups = Vec::new();
    let mut relocations = Vec::new();
    let mut rules = Vec::new();
    for (g, moved, fig) in assessed {
        groups.push(g);
        relocations.extend(moved);
        rules.push(fig);
    }
    let gaps = sorted_by_id(groups, policy, world, villages, towns);
    relocations.sort_by(|a, b| world.islands[a.from].id.cmp(&world.islands[b.from].id));
    Coverage {
        gaps,
        relocations,
        rules,
    }
}

/// A consolidation finding as a relocation: where from and to, and on what basis.
fn relocation(
    rule: &crate::rules::Rule,
    destination_min_tier: &str,
    from: usize,
    status: &Status,
    population: u64,
) -> Relocation {
    let (word, plan) = match status {
        Status::Pending(p) => ("pending", Some(p)),
        Status::Relocated(p) => ("relocated", Some(p)),
        Status::Candidate(p) => ("candidate", Some(p)),
        _ => ("no destination", None),
    };
    let basis = match plan.map(|p| &p.basis) {
        Some(Basis::Named(note)) => format!(
            "named in the plan{}",
            note.as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ),
        Some(Basis::Edit(_)) => "scenario edit (not named in the plan)".to_owned(),
        Some(Basis::Suggested) => format!(
            "suggested: nearest island with a {destination_min_tier} or better (not the plan's)"
        ),
        None => format!("no island with a {destination_min_tier} or better"),
    };
    let clause = match plan.map(|p| &p.basis) {
        Some(Basis::Edit(Some(c))) => c.clone(),
        _ => rule.clause.clone(),
    };
    Relocation {
        rule: rule.id.clone(),
        clause,
        from,
        to: plan.map(|p| p.to),
        from_settlement: plan.and_then(|p| p.from_settlement),
        to_settlement: plan.and_then(|p| p.to_settlement),
        status: word,
        population,
        distance_m: plan.map(|p| tenth(p.distance_m)),
        minutes: plan.and_then(|p| p.minutes).map(tenth),
        basis,
        assumption: plan.and_then(|p| p.assumption.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use geo::Coord;

    use super::*;
    use crate::model::{IslandAssignment, IslandId, Provenance, Settlement, SettlementId};

    const RULES: &str = r#"
[families]
health = ["village_clinic", "health_centre"]

[[rule]]
id = "clinic"
type = "band"
clause = "5b"
wording_zh = "村卫生室"
summary_en = "villages of 1,000+ have a clinic"
subject = "village"
family = "health"
bands = [{ min = 0, max = 1000, require = "none" }, { min = 1000, require = "village_clinic" }]

[[rule]]
id = "clinic-b"
type = "band"
clause = "5b"
wording_zh = "村卫生室"
summary_en = "the same, under another id"
subject = "village"
family = "health"
bands = [{ min = 0, require = "village_clinic" }]
"#;

    fn world(pops: &[u64]) -> World {
        let mut w = World::default();
        w.islands.push(crate::model::Island {
            id: IslandId("i".into()),
            name: "i".into(),
            name_zh: String::new(),
            town: String::new(),
            population: pops.iter().sum(),
            outline: None,
            point: Coord { x: 122.0, y: 30.0 },
            provenance: Provenance::default(),
        });
        for (i, &p) in pops.iter().enumerate() {
            w.settlements.push(Settlement {
                id: SettlementId(format!("s{i}")),
                name: String::new(),
                name_zh: String::new(),
                island: IslandId("i".into()),
                island_assignment: IslandAssignment::Given,
                kind: SettlementKind::Village,
                village_code: None,
                codes: Vec::new(),
                population: p,
                elderly: None,
                point: Coord { x: 122.0, y: 30.0 },
                territory: None,
                provenance: Provenance(vec![(
                    "population_method".into(),
                    serde_json::json!(if i == 0 {
                        "estimate: a share"
                    } else {
                        "reported"
                    }),
                )]),
            });
        }
        w
    }

    fn prepared(policy: &Policy, w: &World) -> Prepared {
        let projection =
            crate::projection::LocalProjection::for_points([Coord { x: 122.0, y: 30.0 }]);
        Prepared::new(w, projection, &policy.families)
    }

    fn finding(rule: usize, s: usize, population: u64, status: Status) -> Finding {
        Finding {
            rule,
            subject: SubjectRef::Settlement(s),
            population,
            // Rule 0 has two bands (under 1,000, and 1,000 up); rule 1 one.
            band: Some(usize::from(rule == 0 && population >= 1000)),
            required: None,
            found: None,
            status,
            measure: Measure::None,
            reached_share: None,
            units: None,
        }
    }

    /// Three villages of 999, 1000 and 2000: the first exempt (not met), the second
    /// met, the third a gap. Required 2, met 1 → 50 %; residents 1000 of 3000 →
    /// 33.3 %; one population (s0's) is an estimate.
    #[test]
    fn exempt_subjects_are_neither_met_nor_in_the_shares() {
        let policy = Policy::from_str(RULES, Path::new("rules.toml")).unwrap();
        let w = world(&[999, 1000, 2000]);
        let findings = [
            finding(0, 0, 999, Status::Exempt),
            finding(0, 1, 1000, Status::Met),
            finding(0, 2, 2000, Status::Gap),
        ];

        let c = assess(&policy, &w, &prepared(&policy, &w), &findings, 2024);

        let r = &c.rules[0];
        assert_eq!(r.status, "not met");
        assert_eq!(
            (r.subjects, r.required, r.exempt, r.met, r.gaps),
            (3, 2, 1, 1, 1)
        );
        assert_eq!((r.population_required, r.population_met), (3000, 1000));
        assert_eq!(r.share_required_pct, Some(50.0));
        assert_eq!(r.share_population_pct, Some(33.3));
        assert_eq!(r.estimated, 1);
        assert_eq!(r.bands[0].share_required_pct, None, "a band asking nothing");
        assert_eq!(c.gaps.len(), 1);
        assert_eq!(c.gaps[0].population, 2000);
    }

    /// Nothing required: "not applicable" and null shares; no data: "no data".
    #[test]
    fn no_answer_is_null_never_zero() {
        let policy = Policy::from_str(RULES, Path::new("rules.toml")).unwrap();
        let w = world(&[10, 20]);
        let findings = [
            finding(0, 0, 10, Status::Exempt),
            finding(0, 1, 20, Status::Exempt),
            finding(1, 0, 10, Status::NoData),
            finding(1, 1, 20, Status::Met),
        ];

        let c = assess(&policy, &w, &prepared(&policy, &w), &findings, 2024);

        assert_eq!(c.rules[0].status, "not applicable");
        assert_eq!(c.rules[1].status, "no data");
        for r in &c.rules {
            assert_eq!((r.share_required_pct, r.share_population_pct), (None, None));
        }
    }

    /// Gaps sort as their ids would, `rule-id:subject-id`: rule `clinic-b` before
    /// `clinic` ('-' < ':'), and subjects by id within a rule.
    #[test]
    fn gaps_sort_by_id_without_building_it() {
        let policy = Policy::from_str(RULES, Path::new("rules.toml")).unwrap();
        let w = world(&[1000, 1000, 1000]);
        let findings = [
            finding(0, 2, 1000, Status::Gap),
            finding(0, 0, 1000, Status::Gap),
            finding(1, 1, 1000, Status::Gap),
        ];

        let c = assess(&policy, &w, &prepared(&policy, &w), &findings, 2024);

        let ids: Vec<String> = c
            .gaps
            .iter()
            .map(|g| format!("{}:{}", policy.rules[g.rule].id, g.subject_id(&w, &[], &[])))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert_eq!(ids, ["clinic-b:s1", "clinic:s0", "clinic:s2"]);
    }

    /// A settlement with a territory counts the residents of the land reached,
    /// whether its point is met or not; a single point counts whole or not at all,
    /// and is coarse.
    #[test]
    fn residents_met_follow_the_territory_share() {
        let met = Finding {
            reached_share: Some(0.25),
            ..finding(0, 0, 1000, Status::Met)
        };
        let gap = Finding {
            reached_share: Some(0.5),
            ..finding(0, 1, 1000, Status::Gap)
        };
        let point = finding(0, 2, 1000, Status::Met);

        assert_eq!(residents_met(&met), 250.0);
        assert_eq!(residents_met(&gap), 500.0);
        assert_eq!(residents_met(&point), 1000.0);
    }
}
