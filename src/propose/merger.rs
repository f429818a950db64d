//! The merger of a `merge` rule (二(五)19, 六横's village clinics): which facilities
//! of the kinds that may close could close while every settlement that one of them
//! serves within the rule's minutes today still has an open one within them.
//!
//! # Model
//! Sites: the open facilities of the family on the rule's islands. Those of the
//! kinds that may close are candidates; the others (a health centre, a hospital)
//! stay open. Demand: each settlement with residents on the islands that some
//! closable site reaches within the minutes and no fixed site does (one a fixed
//! site reaches stays served whatever closes). Keep the fewest closable sites that
//! still reach every such settlement: [`closures`] (an LSCP over the
//! existing sites, exact with its proof or bounded), used as is.

use serde::Serialize;

use crate::model::World;
use crate::network::travel::minutes_between;
use crate::network::Network;
use crate::optimise::{closures, CoverProblem, SolveOptions};
use crate::prepared::Prepared;
use crate::rules::{Policy, RuleKind};

/// A settlement whose nearest open facility closes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// The settlement, by index into `World::settlements`.
    pub settlement: usize,
    /// Its residents.
    pub residents: u64,
    /// The facility it used (nearest), closed, by index into `World::facilities`.
    pub from: usize,
    /// The nearest facility left open, if any reaches it.
    pub to: Option<usize>,
    /// Minutes to `from`.
    pub before: f64,
    /// Minutes to `to`.
    pub after: Option<f64>,
}

/// The answer for one merge rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merger {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// Facilities that may close and stay open, ascending.
    pub kept: Vec<usize>,
    /// Facilities that could close, ascending.
    pub closed: Vec<usize>,
    /// Facilities of the family that stay open whatever closes, ascending.
    pub fixed: Vec<usize>,
    /// Settlements whose nearest facility closes, by settlement index.
    pub moves: Vec<Move>,
    /// Settlements that must stay within the minutes of a closable site.
    pub demand: usize,
    /// Whether the number kept is proven least.
    pub optimal: bool,
    /// A proven lower bound on the number kept.
    pub bound: f64,
    /// The procedure that chose (`exact`, `greedy+local-search`).
    pub method: &'static str,
}

/// Keeps the fewest candidate sites that still reach every demand point a
/// candidate reaches and no fixed site does. `reach[s][j]`: whether candidate `j`
/// reaches demand point `s`; `fixed[s]`: whether a fixed site does. Returns the
/// kept candidates (ascending), the closed ones, whether proven optimal, the
/// bound, the method and how many demand points counted.
pub fn solve(
    reach: &[Vec<bool>],
    fixed: &[bool],
    weights: &[f64],
    n_sites: usize,
    options: &SolveOptions,
) -> (Vec<usize>, Vec<usize>, bool, f64, &'static str, usize) {
    let demand: Vec<usize> = (0..reach.len())
        .filter(|&s| !fixed[s] && reach[s].iter().any(|&r| r))
        .collect();
    if n_sites == 0 {
        return (Vec::new(), Vec::new(), true, 0.0, "exact", 0);
    }
    let sets: Vec<Vec<u32>> = (0..n_sites)
        .map(|j| {
            demand
                .iter()
                .enumerate()
                .filter(|(_, &s)| reach[s][j])
                .map(|(d, _)| d as u32)
                .collect()
        })
        .collect();
    let w: Vec<f64> = demand.iter().map(|&s| weights[s].max(1.0)).collect();
    let problem =
        CoverProblem::from_coverage_sets(w, vec![1.0; n_sites], vec![true; n_sites], &sets)
            .expect("a problem built from its own sets is valid");
    let c = closures(&problem, options);
    let kept = c.keep.iter().map(|&j| j as usize).collect();
    let closed = c.close.iter().map(|&j| j as usize).collect();
    (
        kept,
        closed,
        c.optimal,
        c.bound,
        c.method.name(),
        demand.len(),
    )
}

/// The merger of rule `r` (a `merge` rule) over `net`'s minutes; `None` for a rule
/// of another kind.
pub fn merger(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    net: &Network,
    r: usize,
    options: &SolveOptions,
) -> Option<Merger> {
    let RuleKind::Merge {
        family,
        kinds,
        islands,
        minutes,
        ..
    } = &policy.rules[r].kind
    else {
        return None;
    };
    let island_ix: Vec<usize> = islands
        .iter()
        .filter_map(|id| world.islands.iter().position(|i| i.id.0 == *id))
        .collect();
    let lowest = kinds
        .iter()
        .filter_map(|k| policy.tier(family, k))
        .min()
        .unwrap_or(0);
    let mut candidates = Vec::new();
    let mut fixed = Vec::new();
    for (f, fac) in world.facilities.iter().enumerate() {
        if !fac.status.serves() || !island_ix.contains(&prepared.facility_island[f]) {
            continue;
        }
        match policy.tier(family, &fac.kind) {
            Some(_) if kinds.contains(&fac.kind) => candidates.push(f),
            Some(t) if t >= lowest => fixed.push(f),
            _ => {}
        }
    }
    let settlements: Vec<usize> = (0..world.settlements.len())
        .filter(|&s| {
            world.settlements[s].population > 0
                && island_ix.contains(&prepared.settlement_island[s])
        })
        .collect();
    let at = |s: usize, f: usize| {
        minutes_between(
            net,
            (prepared.settlement_island[s], prepared.settlement_xy[s]),
            (prepared.facility_island[f], prepared.facility_xy[f]),
        )
    };
    let cand_min: Vec<Vec<Option<f64>>> = settlements
        .iter()
        .map(|&s| candidates.iter().map(|&f| at(s, f)).collect())
        .collect();
    let fixed_min: Vec<Vec<Option<f64>>> = settlements
        .iter()
        .map(|&s| fixed.iter().map(|&f| at(s, f)).collect())
        .collect();
    let within = |m: &Option<f64>| m.is_some_and(|m| m <= *minutes);
    let reach: Vec<Vec<bool>> = cand_min
        .iter()
        .map(|row| row.iter().map(within).collect())
        .collect();
    let fixed_reach: Vec<bool> = fixed_min.iter().map(|row| row.iter().any(within)).collect();
    let weights: Vec<f64> = settlements
        .iter()
        .map(|&s| world.settlements[s].population as f64)
        .collect();
    let (kept_j, closed_j, optimal, bound, method, demand) =
        solve(&reach, &fixed_reach, &weights, candidates.len(), options);
    let kept: Vec<usize> = kept_j.iter().map(|&j| candidates[j]).collect();
    let closed: Vec<usize> = closed_j.iter().map(|&j| candidates[j]).collect();
    // Nearest open facility before (all) and after (kept and fixed), lower index on
    // ties.
    let nearest = |row_c: &[Option<f64>], row_f: &[Option<f64>], open: &dyn Fn(usize) -> bool| {
        let mut best: Option<(f64, usize)> = None;
        let all = candidates.iter().zip(row_c).chain(fixed.iter().zip(row_f));
        for (&f, m) in all {
            if let (Some(m), true) = (*m, open(f)) {
                if best.is_none_or(|(bm, bf)| m < bm || (m == bm && f < bf)) {
                    best = Some((m, f));
                }
            }
        }
        best
    };
    let mut moves = Vec::new();
    for (k, &s) in settlements.iter().enumerate() {
        let Some((before, from)) = nearest(&cand_min[k], &fixed_min[k], &|_| true) else {
            continue;
        };
        if closed.binary_search(&from).is_err() {
            continue;
        }
        let after = nearest(&cand_min[k], &fixed_min[k], &|f| {
            closed.binary_search(&f).is_err()
        });
        moves.push(Move {
            settlement: s,
            residents: world.settlements[s].population,
            from,
            to: after.map(|a| a.1),
            before,
            after: after.map(|a| a.0),
        });
    }
    Some(Merger {
        rule: r,
        kept,
        closed,
        fixed,
        moves,
        demand,
        optimal,
        bound,
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded linear congruential generator: the instances are the same on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    /// The fewest sites that still reach every demand point, by trying every subset.
    fn brute(reach: &[Vec<bool>], fixed: &[bool], n: usize) -> usize {
        let need: Vec<usize> = (0..reach.len())
            .filter(|&s| !fixed[s] && reach[s].iter().any(|&r| r))
            .collect();
        (0u32..1 << n)
            .filter(|mask| {
                need.iter()
                    .all(|&s| (0..n).any(|j| mask & (1 << j) != 0 && reach[s][j]))
            })
            .map(|mask| mask.count_ones() as usize)
            .min()
            .unwrap_or(0)
    }

    /// 200 random instances of up to 8 sites and 12 settlements: the merger keeps
    /// as few sites as the exhaustive search, proves it, and every demand point is
    /// still reached by a kept site.
    #[test]
    fn merger_keeps_as_few_as_exhaustive_search() {
        let mut rng = Lcg(17);
        for case in 0..200 {
            let n = 1 + (rng.next() % 8) as usize;
            let m = 1 + (rng.next() % 12) as usize;
            let reach: Vec<Vec<bool>> = (0..m)
                .map(|_| (0..n).map(|_| rng.next() % 3 == 0).collect())
                .collect();
            let fixed: Vec<bool> = (0..m).map(|_| rng.next() % 5 == 0).collect();
            let weights: Vec<f64> = (0..m).map(|_| (1 + rng.next() % 500) as f64).collect();

            let (kept, closed, optimal, bound, _, _) =
                solve(&reach, &fixed, &weights, n, &SolveOptions::default());

            assert!(optimal, "case {case}");
            assert_eq!(kept.len(), brute(&reach, &fixed, n), "case {case}");
            assert!(bound <= kept.len() as f64 + 1e-9, "case {case}");
            assert_eq!(kept.len() + closed.len(), n, "case {case}");
            for s in 0..m {
                if !fixed[s] && reach[s].iter().any(|&r| r) {
                    assert!(kept.iter().any(|&j| reach[s][j]), "case {case}: {s} lost");
                }
            }
        }
    }
}
