//! Proposals for the count-like gaps: a count rule short of its number (二(三)10c's
//! 13 meal points), a share-per-area rule short of its percent (二(三)8c's senior
//! classrooms), a ratio rule of facilities short of its ratio (二(五)19b's AEDs per
//! 100,000): how many more, and where.
//!
//! How many: the count short (`target − counted`, rounded up); for a share, the
//! villages and communities short of the percent; for a ratio, the facilities short
//! of `target × residents ÷ unit`. Where: a new facility newly serves the residents
//! of the settlement it stands at when no facility of the kind serves that
//! settlement now (a facility serves its `settlement`, else the nearest settlement
//! on its island), so the sites are the most populous
//! such settlements of the area (lower index on ties), one facility each, ranked by
//! residents. Nothing goes to a settlement with no residents or on an island the
//! consolidation rule empties, and nothing is proposed for a rule with no data.

use crate::model::{SettlementKind, World};
use crate::prepared::Prepared;
use crate::rules::{Counted, Finding, Measure, Policy, RuleKind, Status, SubjectRef};

use super::{island_index, Proposal, RuleGain};

/// The sites and the rule's gain for each count-like rule with gaps, against the
/// targets of `year`.
pub(super) fn place(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    relocating: &[usize],
    year: i32,
) -> (Vec<Proposal>, Vec<RuleGain>) {
    let mut sites = Vec::new();
    let mut gains = Vec::new();
    let mut taken: Vec<(usize, String)> = Vec::new();
    for (r, rule) in policy.rules.iter().enumerate() {
        let kind: &str = match &rule.kind {
            RuleKind::Count { kind, .. } | RuleKind::AreaShare { kind, .. } => kind,
            RuleKind::Ratio {
                family,
                count: Counted::Facilities,
                min_tier,
                ..
            } => {
                let t = policy.min_tier_index(family, min_tier.as_deref());
                &policy.families[family][t]
            }
            _ => continue,
        };
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r).collect();
        let first = sites.len();
        let mut new_sites = 0;
        let mut met_after = 0;
        let mut population_after = 0;
        for f in &mine {
            if f.status == Status::Met {
                met_after += 1;
                population_after += f.population;
            }
            if f.status != Status::Gap {
                continue;
            }
            let short = match (&rule.kind, &f.measure) {
                (
                    RuleKind::Count { .. },
                    Measure::Count {
                        counted,
                        target: Some(t),
                        ..
                    },
                ) => t - counted,
                (
                    RuleKind::AreaShare { .. },
                    Measure::Count {
                        counted,
                        of: Some(of),
                        target: Some(t),
                    },
                ) => t * of / 100.0 - counted,
                (
                    RuleKind::Ratio { unit, targets, .. },
                    Measure::Ratio {
                        numerator,
                        denominator,
                        ..
                    },
                ) => crate::rules::target_for(targets, year)
                    .map_or(0.0, |t| t.min * denominator / unit - numerator),
                _ => 0.0,
            };
            // The district counts what this rule already placed in its towns.
            let short = if f.subject == SubjectRef::District {
                short - new_sites as f64
            } else {
                short
            };
            let k = (short - 1e-9).ceil().max(0.0) as usize;
            let in_area = |i: usize| match f.subject {
                SubjectRef::Town(t) => prepared.town_of_island[i] == Some(t),
                _ => true,
            };
            let share = matches!(rule.kind, RuleKind::AreaShare { .. });
            let mut pool: Vec<usize> = (0..world.settlements.len())
                .filter(|&s| {
                    let st = &world.settlements[s];
                    let i = island_index(world, &st.island);
                    st.population > 0
                        && i.is_some_and(|i| in_area(i) && !relocating.contains(&i))
                        && (!share
                            || matches!(
                                st.kind,
                                SettlementKind::Village | SettlementKind::Community
                            ))
                        && !prepared.serving[s].iter().any(|&x| {
                            let x = &world.facilities[x];
                            x.status.serves() && x.kind == kind
                        })
                        && !taken.iter().any(|(t, k)| *t == s && k == kind)
                })
                .collect();
            pool.sort_by(|&a, &b| {
                world.settlements[b]
                    .population
                    .cmp(&world.settlements[a].population)
                    .then(a.cmp(&b))
            });
            pool.truncate(k);
            if pool.len() == k {
                met_after += 1;
                population_after += f.population;
            }
            for s in pool {
                let st = &world.settlements[s];
                new_sites += 1;
                taken.push((s, kind.to_owned()));
                sites.push(Proposal {
                    id: format!("{}:{}", rule.id, st.id.as_str()),
                    kind: kind.to_owned(),
                    rule: rule.id.clone(),
                    clause: rule.clause.clone(),
                    island: st.island.0.clone(),
                    site: st.id.0.clone(),
                    rank: 0,
                    population_covered: st.population,
                    solver_status: "count placement: most populous settlements not served".into(),
                    point: st.point,
                });
            }
        }
        if new_sites == 0 {
            continue;
        }
        // Ranked by the residents each newly serves (then by id).
        let mine_sites = &mut sites[first..];
        mine_sites.sort_by(|a, b| {
            b.population_covered
                .cmp(&a.population_covered)
                .then_with(|| a.id.cmp(&b.id))
        });
        for (k, p) in mine_sites.iter_mut().enumerate() {
            p.rank = k + 1;
        }
        let judged = mine
            .iter()
            .filter(|f| !matches!(f.status, Status::Exempt | Status::NoTarget));
        gains.push(RuleGain {
            rule: rule.id.clone(),
            clause: rule.clause.clone(),
            met_before: mine.iter().filter(|f| f.status == Status::Met).count(),
            met_after,
            subjects: judged.clone().count(),
            population_before: mine
                .iter()
                .filter(|f| f.status == Status::Met)
                .map(|f| f.population)
                .sum(),
            population_after,
            population: judged.map(|f| f.population).sum(),
            new_sites,
            uncoverable: 0,
            optimal: false,
        });
    }
    (sites, gains)
}
