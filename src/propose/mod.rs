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
//! Nothing is proposed for no one: no site lies on an island the consolidation rule
//! empties (the plan builds nothing new there, 二(二)5e; its residents count as
//! uncoverable) or on an island with no residents, no band facility goes to a
//! settlement with no residents, and a settlement with no residents is no demand.
//! Findings are not changed: the proposals and the coverage they would bring are
//! reported beside them.
//!
//! 3. *Remedies* for the rules a new site does not answer (only-in, attribute,
//!    allocation, staff ratio, merge, round): `remedies`.
//!
//! One concept per file: `placement` for the band gaps; `cover` for the candidate
//! sites, their coverage sets and the LSCP, MCLP and share solves; `rank` for the
//! order of a rule's new sites and its figures before and after. This file holds the
//! types and the entry point that calls them,
//! [`proposals`](crate::propose::proposals).

mod counts;
mod cover;
pub mod merger;
mod placement;
mod rank;
mod remedies;

use std::collections::BTreeMap;
use std::time::Duration;

use geo::Coord;
use serde::Serialize;

use crate::model::{IslandId, World};
use crate::network::travel::TravelTimes;
use crate::network::Network;
use crate::optimise::{CoverProblem, Layout};
use crate::prepared::Prepared;
use crate::rules::{Finding, Policy};

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

/// Covering pairs up to which a rule's set cover is solved exactly (within the
/// time limit); above it the heuristic's layout is kept with its gap to the bound.
/// On Putuo the largest rule has a few thousand pairs; at this size the MIP
/// solver finishes well inside the limit, so the answer does not depend on the
/// machine's speed, and a province-sized rule never waits for it.
pub const EXACT_MAX_PAIRS: usize = 20_000;

/// The run's inputs, shared by the coverage solves and the ranking.
#[derive(Clone, Copy)]
struct Run<'a> {
    policy: &'a Policy,
    world: &'a World,
    prepared: &'a Prepared,
    findings: &'a [Finding],
    travel_times: Option<&'a TravelTimes>,
    year: i32,
    time_limit: Duration,
    /// The band placements (site, kind), in rank order: open in every cover problem.
    placed: &'a [(usize, String)],
}

/// Index of island `id` in `world.islands`, if it is there.
fn island_index(world: &World, id: &IslandId) -> Option<usize> {
    world.islands.binary_search_by(|i| i.id.cmp(id)).ok()
}

/// Proposes facilities for the band, access, count, share-per-area and
/// facility-ratio gaps in `findings`.
///
/// # Runtime
/// Rule placement is O(gaps). Each access rule with gaps builds one coverage set per
/// candidate site with one bounded search over the hubs: O(C · ((H + E) log H + S))
/// for C candidates, H hubs, E edges and S settlements; then the solver.
pub fn proposals(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    travel_times: Option<&TravelTimes>,
    year: i32,
    time_limit: Duration,
) -> Proposals {
    let projection = &prepared.projection;
    // 1. Rule placement: one facility per site, of the highest tier any gap there needs.
    let relocating = placement::relocating_islands(policy, findings);
    let band = placement::place(policy, world, prepared, findings, &relocating);
    let mut out = Proposals {
        sites: band.sites,
        gains: band.gains,
    };
    // Count, share-per-area and facility-ratio gaps: how many more, and where.
    let candidates = cover::candidates(world, prepared, &relocating);
    let (sites, gains) = counts::place(policy, world, prepared, findings, &candidates, year);
    out.sites.extend(sites);
    out.gains.extend(gains);
    // Only-in, attribute, allocation, staff-ratio, merge and round gaps: what to
    // change among the facilities there are.
    out.sites.extend(remedies::place(
        policy,
        world,
        prepared,
        findings,
        travel_times,
        year,
    ));

    // 2. Coverage optimisation for access and share rules with gaps.
    if policy.travel.is_none() {
        out.sites.sort_by(|a, b| a.id.cmp(&b.id));
        return out;
    }
    let run = Run {
        policy,
        world,
        prepared,
        findings,
        travel_times,
        year,
        time_limit,
        placed: &band.placed,
    };
    let mut networks: BTreeMap<String, Network> = BTreeMap::new();
    for (r, rule) in policy.rules.iter().enumerate() {
        let Some(solved) = cover::solve_rule(&run, r, &candidates, &mut networks) else {
            continue;
        };
        let (sites, gain) = rank::ranked_proposals(world, projection, rule, &solved);
        out.sites.extend(sites);
        out.gains.push(gain);
    }
    out.sites.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// A place where a new facility could go.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub id: String,
    pub island: usize,
    /// Projected metres.
    pub point: Coord<f64>,
    pub cost: f64,
}

/// One access or share rule, solved.
pub(super) struct Solved<'c> {
    /// The kind a new site gets: the family's kind at the rule's lowest tier.
    pub new_kind: String,
    /// Settlements that are demand (the rule's subjects with residents), by index;
    /// demand point `k` of `problem` is `demand[k]`.
    pub demand: Vec<usize>,
    /// Whether the rule is a share rule (demand counts subjects, not residents).
    pub share: bool,
    /// Sites: the existing facilities as site 0 (what they serve now), then the band
    /// placements of the family, then the candidates that serve someone unserved.
    pub problem: CoverProblem,
    /// Sites standing for facilities open now (site 0 only).
    pub n_real: usize,
    /// The candidate behind each site (`None` for the existing ones).
    pub site_ids: Vec<Option<&'c Candidate>>,
    /// The solver's answer.
    pub layout: Layout,
    /// `optimal`, or the method and its gap (or "fewest sites not proven").
    pub status: String,
    /// Whether the number of new sites is proven minimal.
    pub optimal: bool,
}

#[cfg(test)]
mod tests {
    /// A seeded xorshift stream of numbers below the bound asked for.
    pub(super) fn below(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        }
    }
}
