//! Proposals: where the next facilities should go, and the clause each answers.
//!
//! Two kinds of proposal, in order:
//! 1. *Rule placement* for band gaps (二(二)5b–e): the missing facility goes to the
//!    village itself, or to the most populous settlement of the island.
//! 2. *Coverage optimisation* for access gaps (15- and 30-minute circles): the fewest
//!    new sites (LSCP) among candidate sites — settlements and piers — that bring
//!    every reachable settlement within the rule's minutes, with existing facilities
//!    (and the band placements) kept open; for share rules (meal delivery to 80 % of
//!    villages), the fewest sites that reach the year's target (MCLP with the
//!    smallest p that does). Coverage sets come from the travel minutes over land
//!    and ferries, solved by `optimise`.
//!
//! No candidate site lies on an island the consolidation rule empties (the plan
//! builds nothing new there, 二(二)5e): its residents count as uncoverable.
//! Findings are not changed: the proposals and the coverage they would bring are
//! reported beside them.

use std::collections::BTreeMap;
use std::time::Duration;

use geo::Coord;
use serde::Serialize;

use crate::index::PointIndex;
use crate::model::World;
use crate::network::travel::{hub_minutes_from, nearest};
use crate::network::Network;
use crate::optimise::{propose as solve, CoverProblem, Model, SolveOptions, Strategy};
use crate::project::LocalProjection;
use crate::rules::{family_in_data, target_for, Finding, Policy, RuleKind, Status, SubjectRef};

/// One proposed facility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Stable id: `<rule>:<site>`.
    pub id: String,
    /// The kind to build.
    pub kind: String,
    /// The rules it answers, comma-separated.
    pub rule: String,
    /// Their clauses, comma-separated.
    pub clause: String,
    /// The island it is on.
    pub island: String,
    /// The settlement or pier it is placed at.
    pub site: String,
    /// Order of marginal gain within its rule (1 = most residents newly served).
    pub rank: usize,
    /// Residents newly served by it.
    pub population_covered: u64,
    /// How it was chosen: `rule placement` or the solver's status.
    pub solver_status: String,
    /// Where (lon/lat).
    #[serde(skip)]
    pub point: Coord<f64>,
}

/// Coverage of one rule before and after the proposals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleGain {
    /// The rule.
    pub rule: String,
    /// The clause.
    pub clause: String,
    /// Subjects meeting it now.
    pub met_before: usize,
    /// Subjects meeting it with the proposals.
    pub met_after: usize,
    /// Subjects it applies to.
    pub subjects: usize,
    /// Residents meeting it now.
    pub population_before: u64,
    /// Residents meeting it with the proposals.
    pub population_after: u64,
    /// Residents of its subjects.
    pub population: u64,
    /// New facilities proposed for it.
    pub new_sites: usize,
    /// Subjects no candidate site can bring within the limit (no usable ferry, say).
    pub uncoverable: usize,
    /// Whether the number of new sites is proven minimal.
    pub optimal: bool,
}

/// All proposals of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Proposals {
    /// Proposed facilities, sorted by id.
    pub sites: Vec<Proposal>,
    /// Per rule with proposals, before and after.
    pub gains: Vec<RuleGain>,
}

/// A place where a new facility could go.
#[derive(Debug, Clone)]
struct Candidate {
    id: String,
    island: usize,
    point: Coord<f64>,
}

/// Proposes facilities for the band and access gaps in `findings`.
///
/// # Runtime
/// Rule placement is O(gaps). Each access rule with gaps builds one coverage set per
/// candidate site with one bounded search over the hubs: O(C · ((H + E) log H + S))
/// for C candidates, H hubs, E edges and S settlements; then the solver.
pub fn proposals(
    policy: &Policy,
    world: &World,
    projection: &LocalProjection,
    findings: &[Finding],
    year: i32,
    time_limit: Duration,
) -> Proposals {
    let mut out = Proposals::default();
    let island_ix =
        |id: &crate::model::IslandId| world.islands.binary_search_by(|i| i.id.cmp(id)).ok();

    // 1. Rule placement: one facility per site, of the highest tier any gap there needs.
    // Per site: (tier, kind, [(rule, clause, residents)]).
    type Placement = (usize, String, Vec<(String, String, u64)>);
    let mut placed: BTreeMap<usize, Placement> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.status == Status::Gap) {
        let rule = &policy.rules[f.rule];
        let RuleKind::Band { family, bands, .. } = &rule.kind else {
            continue;
        };
        let Some(kind) = &f.required else { continue };
        let site = match f.subject {
            SubjectRef::Settlement(s) => Some(s),
            SubjectRef::Island(i) => world
                .settlements
                .iter()
                .enumerate()
                .filter(|(_, s)| island_ix(&s.island) == Some(i))
                .max_by(|(a, x), (b, y)| x.population.cmp(&y.population).then(b.cmp(a)))
                .map(|(s, _)| s),
            _ => None,
        };
        let Some(site) = site else { continue };
        let tier = policy.tier(family, kind).unwrap_or(0);
        let clause = f
            .band
            .and_then(|b| bands[b].clause.clone())
            .unwrap_or_else(|| rule.clause.clone());
        let entry = placed
            .entry(site)
            .or_insert((tier, kind.clone(), Vec::new()));
        if tier > entry.0 {
            entry.0 = tier;
            entry.1 = kind.clone();
        }
        entry.2.push((rule.id.clone(), clause, f.population));
    }
    // Band rules after placement: every gap gets its facility.
    for (r, rule) in policy.rules.iter().enumerate() {
        if !matches!(rule.kind, RuleKind::Band { .. }) {
            continue;
        }
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r).collect();
        let gaps = mine.iter().filter(|f| f.status == Status::Gap).count();
        if gaps == 0 {
            continue;
        }
        let met: Vec<&&Finding> = mine.iter().filter(|f| f.status == Status::Met).collect();
        let population: u64 = mine.iter().map(|f| f.population).sum();
        let gap_population: u64 = mine
            .iter()
            .filter(|f| f.status == Status::Gap)
            .map(|f| f.population)
            .sum();
        let met_population: u64 = met.iter().map(|f| f.population).sum();
        out.gains.push(RuleGain {
            rule: rule.id.clone(),
            clause: rule.clause.clone(),
            met_before: met.len(),
            met_after: met.len() + gaps,
            subjects: mine.len(),
            population_before: met_population,
            population_after: met_population + gap_population,
            population,
            new_sites: gaps,
            uncoverable: 0,
            optimal: true,
        });
    }
    let mut band_sites: Vec<(usize, String)> = Vec::new();
    let mut ranked: Vec<(u64, usize)> = placed
        .iter()
        .map(|(&s, (_, _, why))| (why.iter().map(|w| w.2).max().unwrap_or(0), s))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (rank, (population, s)) in ranked.into_iter().enumerate() {
        let (_, kind, why) = &placed[&s];
        let st = &world.settlements[s];
        let rules: Vec<&str> = why.iter().map(|w| w.0.as_str()).collect();
        let clauses: Vec<&str> = why.iter().map(|w| w.1.as_str()).collect();
        out.sites.push(Proposal {
            id: format!("{}:{}", rules[0], st.id.0),
            kind: kind.clone(),
            rule: rules.join(","),
            clause: clauses.join(","),
            island: st.island.0.clone(),
            site: st.id.0.clone(),
            rank: rank + 1,
            population_covered: population,
            solver_status: "rule placement".into(),
            point: st.point,
        });
        band_sites.push((s, kind.clone()));
    }

    // 2. Coverage optimisation for access rules with gaps.
    let Some(travel) = &policy.travel else {
        out.sites.sort_by(|a, b| a.id.cmp(&b.id));
        return out;
    };
    let mut networks: BTreeMap<String, Network> = BTreeMap::new();
    // No new facility on islands the plan empties (二(二)5e, 二(四)11): their
    // residents are relocation candidates, so no candidate site lies there.
    let relocating: Vec<usize> = findings
        .iter()
        .filter(|f| matches!(policy.rules[f.rule].kind, RuleKind::Consolidate { .. }))
        .filter_map(|f| match f.subject {
            SubjectRef::Island(i) => Some(i),
            _ => None,
        })
        .collect();
    let candidates: Vec<Candidate> = world
        .settlements
        .iter()
        .filter_map(|s| {
            Some(Candidate {
                id: s.id.0.clone(),
                island: island_ix(&s.island)?,
                point: projection.forward(s.point),
            })
        })
        .chain(
            world
                .facilities
                .iter()
                .filter(|f| f.kind == "pier" && f.status.serves())
                .filter_map(|f| {
                    Some(Candidate {
                        id: f.id.0.clone(),
                        island: island_ix(&f.island)?,
                        point: projection.forward(f.point),
                    })
                }),
        )
        .filter(|c| !relocating.contains(&c.island))
        .collect();
    for (r, rule) in policy.rules.iter().enumerate() {
        // Access rules: close every gap (LSCP). Share rules: the fewest sites that
        // lift the share of subjects within the minutes to the year's target (MCLP
        // with growing p, each subject counting once).
        let (subject, family, min_tier, minutes, profile, share_target) = match &rule.kind {
            RuleKind::Access {
                subject,
                family,
                min_tier,
                minutes,
                profile,
            } => (subject, family, min_tier, minutes, profile, None),
            RuleKind::Share {
                subject,
                family,
                min_tier,
                minutes,
                profile,
                targets,
            } => {
                // A family absent from the data is "no data", not a call to build.
                let Some(t) = target_for(targets, year) else {
                    continue;
                };
                if !family_in_data(policy, world, family) {
                    continue;
                }
                (subject, family, min_tier, minutes, profile, Some(t.min))
            }
            _ => continue,
        };
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r).collect();
        if share_target.is_none() && !mine.iter().any(|f| f.status == Status::Gap) {
            continue;
        }
        let profile_name = profile
            .clone()
            .unwrap_or_else(|| travel.default_profile.clone());
        let Some(prof) = travel.profile(&profile_name) else {
            continue;
        };
        let net = networks
            .entry(profile_name.clone())
            .or_insert_with(|| Network::build(world, projection, travel, prof));
        let need = policy.min_tier_index(family, min_tier.as_deref());
        let new_kind = policy.families[family][need].clone();
        // Demand: the rule's subjects.
        let demand: Vec<usize> = (0..world.settlements.len())
            .filter(|&s| subject.takes(world.settlements[s].kind))
            .collect();
        let weights: Vec<f64> = demand
            .iter()
            .map(|&s| world.settlements[s].population as f64)
            .collect();
        // Demand points per island in R-trees, so a site's coverage set costs a
        // radius query on its own island and one per hub reached, not a scan of all.
        // Demand the existing facilities already serve needs no coverage set: one
        // search from all of them marks it, and only the rest goes in the trees.
        let serving: Vec<usize> = world
            .facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.status.serves() && policy.tier(family, &f.kind).is_some_and(|t| t >= need)
            })
            .map(|(f, _)| f)
            .collect();
        let reach = nearest(net, &serving);
        let served_now: Vec<u32> = (0..demand.len() as u32)
            .filter(|&k| reach[demand[k as usize]].within(*minutes))
            .collect();
        let mut by_island: Vec<Vec<u32>> = vec![Vec::new(); world.islands.len()];
        for (k, &s) in demand.iter().enumerate() {
            if !reach[s].within(*minutes) {
                by_island[net.settlement_island[s]].push(k as u32);
            }
        }
        let trees: Vec<PointIndex> = by_island
            .iter()
            .map(|ks| {
                PointIndex::new(
                    &ks.iter()
                        .map(|&k| net.settlement_xy[demand[k as usize]])
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let limit = *minutes;
        let covers = |island: usize, xy: Coord<f64>| -> Vec<u32> {
            let mut out = Vec::new();
            let mut reach_from = |isl: usize, from: Coord<f64>, spent: f64| {
                let left = limit - spent;
                if left < 0.0 {
                    return;
                }
                // A hair wider than the exact reach, then the exact test, so the
                // answer matches the travel minutes to the last bit.
                let radius = net.profile.reach_m(left) * (1.0 + 1e-9) + 1e-6;
                for tag in trees[isl].within(from, radius) {
                    let k = by_island[isl][tag];
                    if spent + net.land_min(from, net.settlement_xy[demand[k as usize]]) <= limit {
                        out.push(k);
                    }
                }
            };
            reach_from(island, xy, 0.0);
            let hubs = hub_minutes_from(net, island, xy, limit);
            for (h, &m) in hubs.iter().enumerate() {
                if m.is_finite() {
                    reach_from(net.hubs[h].island, net.hubs[h].xy, m);
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        // Existing sites: open facilities of the family at the tier or better, and the
        // band placements of that family.
        // The existing facilities are one site whose set is what they serve now.
        let mut sets = vec![served_now];
        let mut existing = vec![true];
        let mut site_ids = vec![None];
        let n_real = sets.len();
        for (s, kind) in &band_sites {
            if policy.tier(family, kind).is_some_and(|t| t >= need) {
                sets.push(covers(net.settlement_island[*s], net.settlement_xy[*s]));
                existing.push(true);
                site_ids.push(None);
            }
        }
        for c in &candidates {
            let set = covers(c.island, c.point);
            // A candidate that would serve no one unserved cannot be in any answer.
            if !set.is_empty() {
                sets.push(set);
                existing.push(false);
                site_ids.push(Some(c));
            }
        }
        let costs = vec![1.0; sets.len()];
        let Ok(problem) = CoverProblem::from_coverage_sets(weights.clone(), costs, existing, &sets)
        else {
            continue;
        };
        let layout = solve(
            &problem,
            Model::Lscp,
            &SolveOptions {
                time_limit,
                strategy: Strategy::Exact,
            },
        );
        let status = if layout.optimal {
            "optimal".to_owned()
        } else {
            format!("{} (gap {:.1}%)", layout.method, layout.gap * 100.0)
        };
        // Rank the new sites by marginal gain, greedily, ties to the lower index.
        let mut open: Vec<u32> = layout
            .selected
            .iter()
            .copied()
            .filter(|j| !layout.new_sites.contains(j))
            .collect();
        let mut covered = problem.covered_mask(&open);
        let real: Vec<u32> = (0..n_real as u32).collect();
        let before_mask = problem.covered_mask(&real);
        let mut left: Vec<u32> = layout.new_sites.clone();
        let mut rank = 0;
        while !left.is_empty() {
            let gain = |j: u32| -> f64 {
                problem
                    .covers(j as usize)
                    .iter()
                    .filter(|&&i| !covered[i as usize])
                    .map(|&i| weights[i as usize])
                    .sum()
            };
            let (k, g) = left
                .iter()
                .enumerate()
                .map(|(k, &j)| (k, gain(j)))
                .fold((0, -1.0), |best, x| if x.1 > best.1 { x } else { best });
            let j = left.remove(k);
            open.push(j);
            for &i in problem.covers(j as usize) {
                covered[i as usize] = true;
            }
            rank += 1;
            let c = site_ids[j as usize].expect("new sites are candidates");
            out.sites.push(Proposal {
                id: format!("{}:{}", rule.id, c.id),
                kind: new_kind.clone(),
                rule: rule.id.clone(),
                clause: rule.clause.clone(),
                island: world.islands[c.island].id.0.clone(),
                site: c.id.clone(),
                rank,
                population_covered: g.max(0.0).round() as u64,
                solver_status: status.clone(),
                point: projection.inverse(c.point),
            });
        }
        let count = |mask: &[bool]| mask.iter().filter(|&&m| m).count();
        let pop = |mask: &[bool]| -> u64 {
            mask.iter()
                .zip(&demand)
                .filter(|(m, _)| **m)
                .map(|(_, &s)| world.settlements[s].population)
                .sum()
        };
        out.gains.push(RuleGain {
            rule: rule.id.clone(),
            clause: rule.clause.clone(),
            met_before: count(&before_mask),
            met_after: count(&covered),
            subjects: demand.len(),
            population_before: pop(&before_mask),
            population_after: pop(&covered),
            population: demand
                .iter()
                .map(|&s| world.settlements[s].population)
                .sum(),
            new_sites: layout.new_sites.len(),
            uncoverable: layout.uncoverable_count,
            optimal: layout.optimal,
        });
    }
    out.sites.sort_by(|a, b| a.id.cmp(&b.id));
    out
}
