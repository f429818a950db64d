//! Proposals for the count-like gaps: a count rule short of its number (二(三)10c's
//! 13 meal points), a share-per-area rule short of its percent (二(三)8c's senior
//! classrooms), a ratio rule of facilities short of its ratio (二(五)19b's AEDs per
//! 100,000): how many more, and where.
//!
//! How many: the count short (`target − counted`, rounded up); for a share, the
//! villages and communities short of the percent; for a ratio, the facilities short
//! of `target × residents ÷ unit`. Where: among the candidate sites (the dataset's
//! `candidates.geojson`, else every settlement and pier), a new facility serves the
//! nearest settlement with residents on its island (as a facility without
//! `settlement` does), and newly serves its residents when no facility of the kind
//! serves it now (a facility serves its `settlement`, else the nearest settlement
//! on its island); so the sites serve the most populous
//! such settlements of the area, one facility each (the cheaper candidate, then the
//! lower index, on ties), ranked by residents. Nothing goes to a settlement with no residents or on an island the
//! consolidation rule empties, and nothing is proposed for a rule with no data.

use crate::index::PointIndex;
use crate::model::{SettlementKind, World};
use crate::prepared::Prepared;
use crate::rules::{Counted, Finding, Measure, Policy, RuleKind, Status, SubjectRef};

use super::{Candidate, Proposal, RuleGain};

/// Per candidate, the settlement with residents it would serve: the nearest on its
/// island.
fn served(world: &World, prepared: &Prepared, candidates: &[Candidate]) -> Vec<Option<usize>> {
    let index = PointIndex::new(&prepared.settlement_xy);
    candidates
        .iter()
        .map(|c| {
            index
                .nearest(c.point, |s| {
                    prepared.settlement_island[s] == c.island && world.settlements[s].population > 0
                })
                .map(|(s, _)| s)
        })
        .collect()
}

/// The sites and the rule's gain for each count-like rule with gaps, against the
/// targets of `year`.
pub(super) fn place(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    candidates: &[Candidate],
    year: i32,
) -> (Vec<Proposal>, Vec<RuleGain>) {
    let mut sites = Vec::new();
    let mut serves: Option<Vec<Option<usize>>> = None;
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
            let serves = serves.get_or_insert_with(|| served(world, prepared, candidates));
            let wanted = |s: usize| {
                let st = &world.settlements[s];
                in_area(prepared.settlement_island[s])
                    && (!share
                        || matches!(st.kind, SettlementKind::Village | SettlementKind::Community))
                    && !prepared.serving[s].iter().any(|&x| {
                        let x = &world.facilities[x];
                        x.status.serves() && x.kind == kind
                    })
                    && !taken.iter().any(|(t, k)| *t == s && k == kind)
            };
            let mut pool: Vec<(usize, usize)> = (0..candidates.len())
                .filter_map(|c| serves[c].filter(|&s| wanted(s)).map(|s| (c, s)))
                .collect();
            pool.sort_by(|&(ca, sa), &(cb, sb)| {
                world.settlements[sb]
                    .population
                    .cmp(&world.settlements[sa].population)
                    .then(sa.cmp(&sb))
                    .then(candidates[ca].cost.total_cmp(&candidates[cb].cost))
                    .then(ca.cmp(&cb))
            });
            // One facility per settlement served.
            pool.dedup_by_key(|&mut (_, s)| s);
            pool.truncate(k);
            if pool.len() == k {
                met_after += 1;
                population_after += f.population;
            }
            for (c, s) in pool {
                let (cand, st) = (&candidates[c], &world.settlements[s]);
                new_sites += 1;
                taken.push((s, kind.to_owned()));
                sites.push(Proposal {
                    id: format!("{}:{}", rule.id, cand.id),
                    kind: kind.to_owned(),
                    rule: rule.id.clone(),
                    clause: rule.clause.clone(),
                    island: world.islands[cand.island].id.0.clone(),
                    site: cand.id.clone(),
                    rank: 0,
                    population_covered: st.population,
                    solver_status: format!(
                        "count placement: serves {}, the most populous settlement not served",
                        st.id.as_str()
                    ),
                    point: prepared.projection.inverse(cand.point),
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
