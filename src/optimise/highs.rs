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
//! # The incumbent as a cutoff, never as a start
//! For LSCP the incumbent's cost `U` is given to HiGHS as its objective bound (the
//! cutoff of other solvers): `U − 1` plus a small margin when costs are integers, `U`
//! otherwise. HiGHS then prunes every node that cannot beat `U`, the root included,
//! while it is still separating cuts; handed the same cover as a start instead, it
//! separated cuts at the root until its own heuristics had found the optimum again
//! (on the 10,000 × 1,000 benchmark LSCP, the optimum known in both cases: 0.16 s
//! with the cutoff, 0.57 s with the start; PERFORMANCE.md). HiGHS finishing with
//! nothing below the cutoff proves the incumbent optimal.
//!
//! No start is handed to HiGHS, for either model: HiGHS 1.16 was seen to report
//! "optimal" with the columns of a start it had improved on after presolve (an LSCP
//! start with every site open, an MCLP start of the first `p` sites; both are
//! regression tests here). MCLP took the same time without its start (1.14 s at
//! 10,000 × 1,000, three runs each); its caller keeps the better of HiGHS's answer and
//! its own. As a second guard, an answer counts as proven only if the layout handed
//! back attains the bound HiGHS proved.
//!
//! # Determinism
//! One thread, presolve and the random seed at their defaults: HiGHS then takes the
//! same path on every run, so an answer proven within the time limit is the same on
//! any machine and thread count. An answer cut by the time limit depends on how far
//! HiGHS got.

use highs::{ColProblem, HighsModelStatus, HighsSolutionStatus, Sense};

use super::reduce::{self, Reduced};
use super::Model;

/// What HiGHS found: the chosen candidates, whether it proved them optimal and the
/// bound it proved.
pub(super) struct Found {
    pub chosen: Vec<u32>,
    pub proven: bool,
    pub best_bound: Option<f64>,
}

/// Solves the reduced problem's MIP (Toregas et al. for LSCP, Church & ReVelle for
/// MCLP, as in `exact`) within `seconds`. For LSCP, `incumbent` sets the
/// cutoff and is handed back, proven or not, when HiGHS finds nothing cheaper; for
/// MCLP it is not used (see the module's documentation).
///
/// # Returns
/// `None` when HiGHS refuses the model or found no feasible answer in time.
pub(super) fn solve(
    reduced: &Reduced,
    model: Model,
    incumbent: Option<&[u32]>,
    seconds: f64,
) -> Option<Found> {
    let m = reduced.set_cost.len();
    let n = reduced.rows.len();
    let mut problem = ColProblem::default();
    let sense = match model {
        Model::Lscp => {
            let rows: Vec<_> = (0..n).map(|_| problem.add_row(1.0..)).collect();
            for (k, set) in reduced.sets.iter().enumerate() {
                let factors = set.iter().map(|&e| (rows[e as usize], 1.0));
                problem.add_integer_column(reduced.set_cost[k], 0.0..=1.0, factors);
            }
            Sense::Minimise
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
            Sense::Maximise
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
    // LSCP: only covers cheaper than the start are of interest (module documentation).
    let cutoff = match (model, incumbent) {
        (Model::Lscp, Some(chosen)) => {
            let value: f64 = chosen.iter().map(|&k| reduced.set_cost[k as usize]).sum();
            let limit = if reduced.integral {
                value - 1.0 + CUTOFF_MARGIN
            } else {
                value
            };
            highs.try_set_option("objective_bound", limit).ok()?;
            Some(Cutoff {
                start: chosen,
                value,
                limit,
            })
        }
        _ => None,
    };
    let solved = highs.try_solve().ok()?;
    let status = solved.status();
    let best_bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    let found: Option<(Vec<u32>, f64)> = (solved.primal_solution_status()
        == HighsSolutionStatus::Feasible)
        .then(|| {
            solved.get_solution().columns()[..m]
                .iter()
                .enumerate()
                .filter(|(_, &v)| v > 0.5)
                .map(|(k, _)| k as u32)
                .collect::<Vec<u32>>()
        })
        .and_then(|chosen| {
            let value = reduce::value_of(reduced, model, &chosen)?;
            Some((chosen, value))
        });
    let optimal = status == HighsModelStatus::Optimal;
    // Proven only when the layout handed back attains the bound HiGHS proved (module
    // documentation).
    let attains = |value: f64| {
        best_bound.is_some_and(|bound| {
            let slack = 1e-6 * value.abs().max(1.0);
            if model.maximises() {
                value >= bound - slack
            } else {
                value <= bound + slack
            }
        })
    };
    let Some(cutoff) = cutoff else {
        // MCLP: the start is not handed to HiGHS (module documentation); the caller
        // keeps the better of the two.
        let (chosen, value) = found?;
        return Some(Found {
            chosen,
            proven: optimal && attains(value),
            best_bound,
        });
    };
    // HiGHS may also report covers it found above the cutoff: only a cheaper one
    // replaces the start.
    let cheaper = found.filter(|(_, value)| *value <= cutoff.limit);
    Some(match cheaper {
        // A cheaper cover: HiGHS went on from it as from any incumbent.
        Some((chosen, value)) => Found {
            chosen,
            proven: optimal && attains(value),
            best_bound,
        },
        // Nothing below the cutoff. A search that finished proves the start optimal:
        // infeasible below the cutoff, or optimal with its bound above the cutoff
        // (HiGHS reports covers above the cutoff that its heuristics found). Cut by a
        // limit, every cover costs at least HiGHS's bound or the start's cost.
        None => {
            let finished = status == HighsModelStatus::Infeasible
                || (optimal && best_bound.is_some_and(|b| b > cutoff.limit));
            Found {
                chosen: cutoff.start.to_vec(),
                proven: finished,
                best_bound: if finished {
                    Some(cutoff.value)
                } else {
                    best_bound.map(|b| b.min(cutoff.value))
                },
            }
        }
    })
}

/// The LSCP start handed to HiGHS as a cutoff: its candidates, its cost and the
/// objective bound set from it.
struct Cutoff<'a> {
    start: &'a [u32],
    value: f64,
    limit: f64,
}

/// What is added to `U − 1` for the LSCP cutoff with integral costs: a cover of cost
/// `U − 1` must stay within it whatever HiGHS's tolerances, a node whose bound is
/// `U − 1` plus a fraction must not.
const CUTOFF_MARGIN: f64 = 1e-3;

#[cfg(test)]
mod tests {
    use super::super::reduce::{below, enumerated_optimum, Shape};
    use super::super::{CoverProblem, Model};
    use super::*;

    /// A random problem large enough that reduction leaves something to solve: 6–15
    /// demand points, 4–14 sites each covering up to 5 of them, weights 1–9.
    fn random_problem(rnd: &mut impl FnMut(u64) -> u64, costs: &[f64]) -> CoverProblem {
        let shape = Shape {
            n: (6, 10),
            m: (4, 11),
            set: 5,
            weight: 9,
        };
        super::super::reduce::random_problem(rnd, &shape, costs)
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
                let value = reduce::value_of(&reduced, model, &found.chosen)
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
    fn highs_with_the_start_as_cutoff_proves_the_enumerated_optimum() {
        // Starts of every quality: the greedy's (often optimal: HiGHS must then hand
        // it back, proven) and every site open (rarely optimal: HiGHS must find a
        // cheaper cover below the cutoff).
        let mut rnd = below(0x5eed_c070);
        let (mut kept, mut improved) = (0, 0);
        for round in 0..200 {
            let costs: &[f64] = if round % 2 == 0 {
                &[1.0, 2.0, 3.0]
            } else {
                &[0.5, 1.25, 2.0]
            };
            let problem = random_problem(&mut rnd, costs);
            let reduced = Reduced::new(&problem, Model::Lscp);
            if reduced.sets.is_empty() {
                continue;
            }
            let optimum = enumerated_optimum(&reduced, Model::Lscp);
            let greedy = super::super::greedy::solve(&reduced, Model::Lscp).chosen;
            let all: Vec<u32> = (0..reduced.sets.len() as u32).collect();
            for start in [greedy, all] {
                let start_value = reduce::value_of(&reduced, Model::Lscp, &start).unwrap();

                let found = solve(&reduced, Model::Lscp, Some(&start), 60.0).unwrap();

                let value =
                    reduce::value_of(&reduced, Model::Lscp, &found.chosen).expect("a cover");
                assert!(found.proven, "round {round}: not proven");
                assert!(
                    (value - optimum).abs() < 1e-9,
                    "round {round}: {value} vs the enumerated {optimum}"
                );
                let bound = found.best_bound.expect("a proven bound");
                assert!((bound - optimum).abs() < 1e-6, "bound {bound} vs {optimum}");
                if found.chosen == start {
                    kept += 1;
                } else if start_value > optimum + 1e-9 {
                    improved += 1;
                }
            }
        }
        assert!(
            kept >= 50 && improved >= 50,
            "kept {kept}, improved {improved}"
        );
    }

    #[test]
    fn highs_from_a_poor_mclp_start_still_proves_the_enumerated_optimum() {
        // Regression: handed this start (the first p sites), HiGHS reported "optimal"
        // with the start's columns (round 63: 9 covered, the optimum 22); the start
        // is no longer handed to HiGHS.
        let mut rnd = below(0x5eed_3c1f);
        let mut poor = 0;
        for round in 0..200 {
            let problem = random_problem(&mut rnd, &[1.0]);
            let p = 1 + rnd(3) as usize;
            let model = Model::Mclp { p };
            let reduced = Reduced::new(&problem, model);
            if reduced.sets.is_empty() {
                continue;
            }
            let optimum = enumerated_optimum(&reduced, model);
            let first: Vec<u32> = (0..reduced.sets.len().min(reduced.p) as u32).collect();
            if reduce::value_of(&reduced, model, &first).unwrap() < optimum - 1e-9 {
                poor += 1;
            }

            let found = solve(&reduced, model, Some(&first), 60.0).unwrap();

            let value = reduce::value_of(&reduced, model, &found.chosen).expect("feasible");
            assert!(
                found.proven,
                "round {round}: not proven ({value} vs {optimum})"
            );
            assert!(
                (value - optimum).abs() < 1e-9,
                "round {round}: {value} vs the enumerated {optimum}"
            );
        }
        assert!(poor >= 50, "only {poor} poor starts");
    }

    #[test]
    fn highs_keeps_an_incumbent_that_is_already_optimal() {
        // Two disjoint pairs of demand and a site covering all four at cost 3: the
        // pair of single sites (cost 2) is optimal; with its cost as the cutoff HiGHS
        // finds nothing cheaper and hands it back, proven.
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 4],
            vec![1.0, 1.0, 3.0],
            vec![false; 3],
            &[vec![0, 1], vec![2, 3], vec![0, 1, 2, 3]],
        )
        .unwrap();
        let reduced = Reduced::new(&problem, Model::Lscp);
        let all: Vec<u32> = (0..reduced.sets.len() as u32).collect();
        let incumbent: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&k| reduced.set_cost[k as usize] == 1.0)
            .collect();

        let found = solve(&reduced, Model::Lscp, Some(&incumbent), 60.0).unwrap();

        assert!(found.proven);
        let value = reduce::value_of(&reduced, Model::Lscp, &found.chosen).unwrap();
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
        let value = reduce::value_of(&reduced, Model::Lscp, &found.chosen)
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
