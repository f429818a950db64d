//! Rule placement for band gaps (二(二)5b–e): the missing facility goes to the
//! village itself, or to the most populous settlement of the island.
//!
//! One facility per site, of the highest tier any gap there needs; sites ranked by
//! the residents of their largest gap. Nothing goes to a settlement with no residents
//! or on an island the consolidation rule empties.

use std::collections::BTreeMap;

use crate::model::World;
use crate::prepared::Prepared;
use crate::rules::{Finding, Policy, RuleKind, Status, SubjectRef};

use super::{island_index, Proposal, RuleGain};

/// What rule placement proposes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Placements {
    /// One proposal per site, in rank order.
    pub sites: Vec<Proposal>,
    /// Per band rule with gaps, before and after (every gap gets its facility).
    pub gains: Vec<RuleGain>,
    /// The sites placed and the kind each gets, in rank order: the coverage
    /// optimisation counts them as open.
    pub placed: Vec<(usize, String)>,
}

/// Islands the consolidation rule empties (二(二)5e, 二(四)11), by index, in
/// finding order: their residents are relocation candidates (or gone), so nothing
/// is placed there.
pub(super) fn relocating_islands(policy: &Policy, findings: &[Finding]) -> Vec<usize> {
    findings
        .iter()
        .filter(|f| matches!(policy.rules[f.rule].kind, RuleKind::Consolidate { .. }))
        .filter_map(|f| match f.subject {
            SubjectRef::Island(i) => Some(i),
            _ => None,
        })
        .collect()
}

/// Places one facility per site for the band gaps in `findings`, and measures each
/// band rule with gaps before and after.
///
/// # Runtime
/// O(S + F log F) for S settlements and F findings.
pub(super) fn place(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    relocating: &[usize],
) -> Placements {
    let mut out = Placements::default();
    let island_ix = |id: &crate::model::IslandId| island_index(world, id);

    // Per site: (tier, kind, [(rule, clause, residents)]).
    type Placement = (usize, String, Vec<(String, String, u64)>);
    let mut placed: BTreeMap<usize, Placement> = BTreeMap::new();
    // Each island's most populous settlement (the lower index on ties), in one pass.
    let mut main_settlement: Vec<Option<usize>> = vec![None; world.islands.len()];
    for (s, st) in world.settlements.iter().enumerate() {
        if let Some(i) = island_ix(&st.island) {
            let best = &mut main_settlement[i];
            if best.is_none_or(|b| st.population > world.settlements[b].population) {
                *best = Some(s);
            }
        }
    }
    let villages = &prepared.villages;
    // Nothing for no one: a site must have residents and stay inhabited.
    let inhabited = |s: usize| {
        world.settlements[s].population > 0
            && island_ix(&world.settlements[s].island).is_some_and(|i| !relocating.contains(&i))
    };
    for f in findings
        .iter()
        .filter(|f| f.status == Status::Gap && f.population > 0)
    {
        let rule = &policy.rules[f.rule];
        let RuleKind::Band { family, bands, .. } = &rule.kind else {
            continue;
        };
        let Some(kind) = &f.required else { continue };
        let site = match f.subject {
            SubjectRef::Settlement(s) => Some(s),
            SubjectRef::Island(i) => main_settlement[i],
            // A village over several settlements: at its most populous part.
            SubjectRef::Village(v) => villages[v].parts.first().copied(),
            _ => None,
        };
        let Some(site) = site.filter(|&s| inhabited(s)) else {
            continue;
        };
        let tier = policy.tier(family, kind).unwrap_or(0);
        let clause = f
            .band
            .and_then(|b| bands[b].clause.clone())
            .unwrap_or_else(|| rule.clause.clone());
        let entry = placed
            .entry(site)
            .or_insert((tier, kind.to_string(), Vec::new()));
        if tier > entry.0 {
            entry.0 = tier;
            entry.1 = kind.to_string();
        }
        entry.2.push((rule.id.clone(), clause, f.population));
    }
    // Band rules after placement: every gap gets its facility.
    for (r, rule) in policy.rules.iter().enumerate() {
        if !matches!(rule.kind, RuleKind::Band { .. }) {
            continue;
        }
        // Figures over the required subjects, as in `coverage`.
        let mine: Vec<&Finding> = crate::rules::findings_of(findings, r)
            .iter()
            .filter(|f| f.status != Status::Exempt)
            .collect();
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
        out.placed.push((s, kind.clone()));
    }
    out
}
