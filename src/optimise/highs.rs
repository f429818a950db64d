//! The exact models solved by HiGHS (cargo feature `highs`).
//!
//! Owns the HiGHS formulation of the reduced LSCP and MCLP, its options and the
//! reading of its answer and proven bound; leaves the thread isolation, the deadline
//! and checking the answer to `exact`.
//!
//! HiGHS is built from C++ source by `highs-sys` (cmake and a C++ compiler at build
//! time, nothing at run time). It is much stronger than `microlp` where the LP bound
//! is far from the optimum, because it adds cuts (PERFORMANCE.md has the figures).
//!
//! # Determinism
//! One thread, presolve and the random seed at their defaults: HiGHS then takes the
//! same path on every run, so an answer proven within the time limit is the same on
//! any machine and thread count. An answer cut by the time limit depends on how far
//! HiGHS got.

use highs::{ColProblem, HighsModelStatus, HighsSolutionStatus, Sense};

use super::reduce::Reduced;
use super::Model;

/// What HiGHS found: the chosen candidates, whether it proved them optimal and the
/// bound it proved.
pub(super) struct Found {
    pub chosen: Vec<u32>,
    pub proven: bool,
    pub best_bound: Option<f64>,
}

/// Solves the reduced problem's MIP (Toregas et al. for LSCP, Church & ReVelle for
/// MCLP, as in `exact`) within `seconds`, starting from `warm` when given.
///
/// # Returns
/// `None` when HiGHS refuses the model or found no feasible answer in time.
pub(super) fn solve(
    reduced: &Reduced,
    model: Model,
    warm: Option<&[u32]>,
    seconds: f64,
) -> Option<Found> {
    let m = reduced.set_cost.len();
    let n = reduced.rows.len();
    let mut problem = ColProblem::default();
    let (sense, columns) = match model {
        Model::Lscp => {
            let rows: Vec<_> = (0..n).map(|_| problem.add_row(1.0..)).collect();
            for (k, set) in reduced.sets.iter().enumerate() {
                let factors = set.iter().map(|&e| (rows[e as usize], 1.0));
                problem.add_integer_column(reduced.set_cost[k], 0.0..=1.0, factors);
            }
            (Sense::Minimise, m)
        }
        Model::Mclp { .. } => {
            // y_e - Σ_{k∈row(e)} x_k ≤ 0 for each element; Σ x_k ≤ p.
            let rows: Vec<_> = (0..n).map(|_| problem.add_row(..=0.0)).collect();
            let budget = problem.add_row(..=reduced.p as f64);
            for set in &reduced.sets {
                let factors = set
                    .iter()
                    .map(|&e| (rows[e as usize], -1.0))
                    .chain([(budget, 1.0)]);
                problem.add_integer_column(0.0, 0.0..=1.0, factors);
            }
            for (e, &row) in rows.iter().enumerate() {
                problem.add_column(reduced.element_weight[e], 0.0..=1.0, [(row, 1.0)]);
            }
            (Sense::Maximise, m + n)
        }
    };
    let mut highs = problem.try_optimise(sense).ok()?;
    highs.make_quiet();
    // Proven means proven: no relative or absolute gap tolerance of HiGHS's own.
    highs.try_set_option("mip_rel_gap", 0.0).ok()?;
    highs.try_set_option("mip_abs_gap", 0.0).ok()?;
    highs.try_set_option("time_limit", seconds).ok()?;
    highs.try_set_option("threads", 1).ok()?;
    // Cuts at the root only: on the hardest OR-Library instances separating cuts at
    // every node cost more than they saved (scpd2 12.7 s with them, 8.3 s without;
    // scpb2 9.3 s against 5.4 s; PERFORMANCE.md).
    highs
        .try_set_option("mip_allow_cut_separation_at_nodes", false)
        .ok()?;
    if let Some(chosen) = warm {
        let mut start = vec![0.0; columns];
        for &k in chosen {
            start[k as usize] = 1.0;
        }
        if let Model::Mclp { .. } = model {
            for (e, row) in reduced.rows.iter().enumerate() {
                if row.iter().any(|&k| start[k as usize] > 0.5) {
                    start[m + e] = 1.0;
                }
            }
        }
        highs
            .try_set_solution(Some(&start), None, None, None)
            .ok()?;
    }
    let solved = highs.try_solve().ok()?;
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return None;
    }
    let values = solved.get_solution();
    let chosen = values.columns()[..m]
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0.5)
        .map(|(k, _)| k as u32)
        .collect();
    let proven = matches!(solved.status(), HighsModelStatus::Optimal);
    let best_bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    Some(Found {
        chosen,
        proven,
        best_bound,
    })
}

#[cfg(test)]
mod tests {
    use super::super::reduce::below;
    use super::super::reduce::enumerated_optimum;
    use super::super::{exact, CoverProblem, Model};
    use super::*;

    /// A random problem large enough that reduction leaves something to solve: `n`
    /// demand points, `m` sites each covering up to 5 of them, weights 1–9, costs
    /// from `costs`.
    fn random_problem(rnd: &mut impl FnMut(u64) -> u64, costs: &[f64]) -> CoverProblem {
        let n = 6 + rnd(10) as usize;
        let m = 4 + rnd(11) as usize;
        let sets: Vec<Vec<u32>> = (0..m)
            .map(|_| (0..1 + rnd(5)).map(|_| rnd(n as u64) as u32).collect())
            .collect();
        let weights = (0..n).map(|_| (1 + rnd(9)) as f64).collect();
        let cost = (0..m)
            .map(|_| costs[rnd(costs.len() as u64) as usize])
            .collect();
        CoverProblem::from_coverage_sets(weights, cost, vec![false; m], &sets).unwrap()
    }

    #[test]
    fn highs_proves_the_enumerated_optimum_of_random_lscp_and_mclp() {
        let mut rnd = below(0x5eed_4163);
        let mut solved = 0;
        for round in 0..240 {
            let costs: &[f64] = if round % 2 == 0 {
                &[1.0, 2.0, 3.0]
            } else {
                &[0.5, 1.25, 2.0]
            };
            let problem = random_problem(&mut rnd, costs);
            let p = 1 + rnd(3) as usize;
            for model in [Model::Lscp, Model::Mclp { p }] {
                let reduced = Reduced::new(&problem, model);
                if reduced.sets.is_empty() {
                    continue;
                }
                let optimum = enumerated_optimum(&reduced, model);

                let found = solve(&reduced, model, None, 60.0).expect("HiGHS answers");

                assert!(found.proven, "round {round} {model:?}: not proven");
                let value = exact::value_of(&reduced, model, &found.chosen)
                    .expect("HiGHS's answer is feasible");
                assert!(
                    (value - optimum).abs() < 1e-9,
                    "round {round} {model:?}: {value} vs the enumerated {optimum}"
                );
                let bound = found.best_bound.expect("a proven bound");
                assert!((bound - optimum).abs() < 1e-6, "bound {bound} vs {optimum}");
                solved += 1;
            }
        }
        assert!(
            solved >= 300,
            "only {solved} instances left after reduction"
        );
    }

    #[test]
    fn highs_keeps_a_warm_start_that_is_already_optimal() {
        // Two disjoint pairs of demand and a site covering all four at cost 3: the
        // pair of single sites (cost 2) is optimal and HiGHS keeps it.
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 4],
            vec![1.0, 1.0, 3.0],
            vec![false; 3],
            &[vec![0, 1], vec![2, 3], vec![0, 1, 2, 3]],
        )
        .unwrap();
        let reduced = Reduced::new(&problem, Model::Lscp);
        let all: Vec<u32> = (0..reduced.sets.len() as u32).collect();
        let warm: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&k| reduced.set_cost[k as usize] == 1.0)
            .collect();

        let found = solve(&reduced, Model::Lscp, Some(&warm), 60.0).unwrap();

        assert!(found.proven);
        let value = exact::value_of(&reduced, Model::Lscp, &found.chosen).unwrap();
        assert_eq!(value + reduced.constant, 2.0);
    }

    /// scpcyc06 from the OR-Library (unicost, 240 rows × 192 columns; its LP bound is
    /// far below its optimum of 60), reduced as an LSCP.
    fn scpcyc06() -> Reduced {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/bench/orlib_scp/scpcyc06.txt");
        let problem = super::super::orlib::load(&path).unwrap();
        Reduced::new(&problem, Model::Lscp)
    }

    #[test]
    fn highs_cut_by_its_time_limit_hands_back_a_cover_and_a_bound_below_it() {
        let reduced = scpcyc06();
        let start = super::super::greedy::solve(&reduced, Model::Lscp);

        let found = solve(&reduced, Model::Lscp, Some(&start.chosen), 0.3).unwrap();

        assert!(
            !found.proven,
            "scpcyc06 proven in 0.3 s: pick a harder case"
        );
        let value = exact::value_of(&reduced, Model::Lscp, &found.chosen)
            .expect("the layout at the limit is a cover");
        assert!(value <= start.value, "worse than its start");
        let bound = found.best_bound.expect("a bound at the limit");
        assert!(
            bound <= 60.0 - reduced.constant + 1e-9,
            "bound {bound} above the optimum"
        );
        assert!(bound > 0.0 && bound < value, "bound {bound}, cover {value}");
    }
}
