//! Closure: which existing sites could close with no demand point losing coverage.
//!
//! Owns the question maxcovr's relocation model asks of existing facilities, in its
//! strictest form (no loss at all); leaves opening new sites to LSCP and MCLP.

use serde::Serialize;

use super::{propose, CoverProblem, Method, Model, SolveOptions};

/// Which existing sites to keep and which could close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closure {
    /// Existing sites to keep, ascending site index.
    pub keep: Vec<u32>,
    /// Existing sites that could close, ascending.
    pub close: Vec<u32>,
    /// Total cost of the kept sites (their count with unit costs).
    pub kept_cost: f64,
    /// Weight covered by the existing sites, and still covered by the kept ones.
    pub covered_weight: f64,
    /// Number of demand points covered, likewise.
    pub covered_count: usize,
    /// Whether `kept_cost` is proven minimal.
    pub optimal: bool,
    /// Proven lower bound on the minimal kept cost.
    pub bound: f64,
    /// Which procedure chose `keep`.
    pub method: Method,
}

/// The cheapest set of existing sites that still covers every demand point that the
/// existing sites cover now; the other existing sites could close.
///
/// Exactly what it answers: with only existing sites (new candidates play no part),
/// keep a subset `K` of least total cost (fewest sites, with unit costs) such that
/// every demand point within the service standard of some existing site is within
/// it of some site in `K`. No demand point loses coverage, so covered weight and
/// count are unchanged. It is not a relocation: it does not trade closures for new
/// openings, and a demand point covered twice now may be covered once after.
///
/// # Algorithm
/// An LSCP ([`propose`] with [`Model::Lscp`]) on the sub-problem of existing sites,
/// each treated as a candidate at its own cost.
///
/// # Runtime
/// As [`propose`] on a problem with only the existing sites.
pub fn closures(problem: &CoverProblem, options: &SolveOptions) -> Closure {
    let existing = problem.existing_sites();
    let sets: Vec<Vec<u32>> = existing
        .iter()
        .map(|&j| problem.covers(j as usize).to_vec())
        .collect();
    let costs = existing.iter().map(|&j| problem.cost(j as usize)).collect();
    let sub = CoverProblem::from_coverage_sets(
        problem.weights().to_vec(),
        costs,
        vec![false; existing.len()],
        &sets,
    )
    .expect("a sub-problem of a valid problem is valid");
    let layout = propose(&sub, Model::Lscp, options);
    let keep: Vec<u32> = layout
        .selected
        .iter()
        .map(|&k| existing[k as usize])
        .collect();
    let close = existing
        .iter()
        .copied()
        .filter(|j| keep.binary_search(j).is_err())
        .collect();
    Closure {
        keep,
        close,
        kept_cost: layout.objective,
        covered_weight: layout.covered_weight,
        covered_count: layout.covered_count,
        optimal: layout.optimal,
        bound: layout.bound,
        method: layout.method,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redundant_existing_site_can_close() {
        // Existing 0 covers {0,1}, existing 1 covers {1}, existing 2 covers {2}; site 3 is new.
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 4],
            vec![1.0; 4],
            vec![true, true, true, false],
            &[vec![0, 1], vec![1], vec![2], vec![3]],
        )
        .unwrap();

        let closure = closures(&problem, &SolveOptions::default());

        assert_eq!(closure.keep, vec![0, 2]);
        assert_eq!(closure.close, vec![1]);
        assert_eq!(closure.covered_count, 3);
        assert!(closure.optimal);
    }
}
