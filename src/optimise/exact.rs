//! The exact models as MIPs: by default solved by `good_lp` with the pure-Rust
//! `microlp` backend, with the cargo feature `highs` by HiGHS (see `highs`).
//!
//! Owns the formulations for `microlp`, the time limit and the isolation of the
//! solver in its own thread; leaves reduction and the warm start to `reduce` and
//! `greedy`.
//!
//! Why microlp by default: it needs nothing but cargo (CBC needs a system library,
//! HiGHS needs cmake and builds C++ for minutes, see PERFORMANCE.md), it honours a
//! time limit inside the simplex, takes a warm start and reports its best bound. It is
//! much weaker than CBC or HiGHS on hard instances, which is why the problem is
//! reduced and warm-started first.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use good_lp::{
    microlp, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable, WithInitialSolution, WithTimeLimit,
};

use super::greedy::Answer;
use super::reduce::{self, Reduced};
use super::{Method, Model};

/// How long to wait past the deadline for the solver thread to hand back its answer
/// before giving up on it (both solvers check their own deadline, so this is a
/// backstop).
const GRACE: Duration = Duration::from_secs(2);

/// The MIP solver this build uses: `"highs"` (cargo feature `highs`) or `"microlp"`.
pub const BACKEND: &str = if cfg!(feature = "highs") {
    "highs"
} else {
    "microlp"
};

/// What the solver thread sends back.
struct Outcome {
    chosen: Vec<u32>,
    proven: bool,
    best_bound: Option<f64>,
}

/// The data the solver thread owns.
#[derive(Clone)]
struct Mip {
    reduced: Reduced,
    model: Model,
    warm: Option<Vec<u32>>,
}

impl Mip {
    /// Solves with the backend this build uses.
    fn run(self, seconds: f64) -> Option<Outcome> {
        #[cfg(feature = "highs")]
        {
            let found =
                super::highs::solve(&self.reduced, self.model, self.warm.as_deref(), seconds)?;
            Some(Outcome {
                chosen: found.chosen,
                proven: found.proven,
                best_bound: found.best_bound,
            })
        }
        #[cfg(not(feature = "highs"))]
        self.run_microlp(seconds)
    }

    /// Builds and solves the MIP within `seconds` with `microlp`.
    ///
    /// LSCP (Toregas et al. 1971): minimise Σ c_k x_k subject to Σ_{k∈row(e)} x_k ≥ 1.
    /// MCLP (Church & ReVelle 1974): maximise Σ w_e y_e subject to
    /// y_e ≤ Σ_{k∈row(e)} x_k, Σ x_k ≤ p, 0 ≤ y_e ≤ 1. With `x` binary, `y` need not be.
    #[cfg_attr(feature = "highs", allow(dead_code))]
    fn run_microlp(self, seconds: f64) -> Option<Outcome> {
        let r = &self.reduced;
        let m = r.set_cost.len();
        let mut vars = ProblemVariables::new();
        let x: Vec<Variable> = (0..m).map(|_| vars.add(variable().binary())).collect();
        let mut warm: Vec<(Variable, f64)> = Vec::new();
        if let Some(chosen) = &self.warm {
            let mut on = vec![0.0; m];
            for &k in chosen {
                on[k as usize] = 1.0;
            }
            warm.extend(x.iter().zip(&on).map(|(&v, &val)| (v, val)));
        }
        match self.model {
            Model::Lscp => {
                let mut objective = Expression::with_capacity(m);
                for (k, &v) in x.iter().enumerate() {
                    objective.add_mul(r.set_cost[k], v);
                }
                let mut problem = vars.minimise(objective).using(microlp);
                for row in &r.rows {
                    let mut lhs = Expression::with_capacity(row.len());
                    for &k in row {
                        lhs.add_mul(1.0, x[k as usize]);
                    }
                    problem.add_constraint(lhs.geq(1.0));
                }
                let mut problem = problem.with_time_limit(seconds);
                if !warm.is_empty() {
                    problem = problem.with_initial_solution(warm);
                }
                let solution = problem.solve().ok()?;
                Some(Self::read(solution, &x))
            }
            Model::Mclp { .. } => {
                let n = r.rows.len();
                let y: Vec<Variable> = (0..n).map(|_| vars.add(variable().min(0).max(1))).collect();
                if let Some(chosen) = &self.warm {
                    let mut on = vec![false; m];
                    for &k in chosen {
                        on[k as usize] = true;
                    }
                    for (e, row) in r.rows.iter().enumerate() {
                        let covered = row.iter().any(|&k| on[k as usize]);
                        warm.push((y[e], if covered { 1.0 } else { 0.0 }));
                    }
                }
                let mut objective = Expression::with_capacity(n);
                for (e, &v) in y.iter().enumerate() {
                    objective.add_mul(r.element_weight[e], v);
                }
                let mut problem = vars.maximise(objective).using(microlp);
                for (e, row) in r.rows.iter().enumerate() {
                    let mut lhs = Expression::with_capacity(row.len() + 1);
                    lhs.add_mul(1.0, y[e]);
                    for &k in row {
                        lhs.add_mul(-1.0, x[k as usize]);
                    }
                    problem.add_constraint(lhs.leq(0.0));
                }
                let mut budget = Expression::with_capacity(m);
                for &v in &x {
                    budget.add_mul(1.0, v);
                }
                problem.add_constraint(budget.leq(r.p as f64));
                let mut problem = problem.with_time_limit(seconds);
                if !warm.is_empty() {
                    problem = problem.with_initial_solution(warm);
                }
                let solution = problem.solve().ok()?;
                Some(Self::read(solution, &x))
            }
        }
    }

    #[cfg_attr(feature = "highs", allow(dead_code))]
    fn read(solution: good_lp::solvers::microlp::MicroLpSolution, x: &[Variable]) -> Outcome {
        let proven = matches!(solution.status(), SolutionStatus::Optimal);
        let chosen = x
            .iter()
            .enumerate()
            .filter(|(_, &v)| solution.value(v) > 0.5)
            .map(|(k, _)| k as u32)
            .collect();
        let inner = solution.into_inner();
        let best_bound = if proven {
            Some(inner.objective())
        } else {
            inner.stats().best_bound
        };
        Outcome {
            chosen,
            proven,
            best_bound: best_bound.filter(|b| b.is_finite()),
        }
    }
}

/// Runs `mip` in its own thread, so that a solver that overruns its deadline, or
/// panics, costs only its answer.
fn run_isolated(mip: Mip, deadline: Instant) -> Option<Outcome> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    let seconds = left.as_secs_f64();
    std::thread::Builder::new()
        .name("isleplan-mip".into())
        .spawn(move || {
            let _ = tx.send(mip.run(seconds));
        })
        .ok()?;
    rx.recv_timeout(left + GRACE).ok().flatten()
}

/// Solves the reduced problem exactly from `incumbent` until `deadline`: `microlp`
/// takes it as a warm start, HiGHS takes an LSCP incumbent's cost as its cutoff (and
/// nothing of an MCLP one; see `highs`).
///
/// # Returns
/// The solver's answer with the bound it proved, or `None` when it failed, ran out of
/// time before its first solution, or answered something infeasible.
pub(crate) fn solve(
    reduced: &Reduced,
    model: Model,
    incumbent: &Answer,
    deadline: Instant,
) -> Option<Answer> {
    if reduced.sets.is_empty() {
        return None;
    }
    let mip = Mip {
        reduced: reduced.clone(),
        model,
        warm: Some(incumbent.chosen.clone()),
    };
    let outcome = run_isolated(mip, deadline)?;
    let value = reduce::value_of(reduced, model, &outcome.chosen)?;
    let bound = if outcome.proven {
        value
    } else {
        let raw = outcome.best_bound.unwrap_or(incumbent.bound);
        reduced.round_bound(raw, model.maximises())
    };
    let bound = if model.maximises() {
        bound.max(value)
    } else {
        bound.min(value)
    };
    Some(Answer {
        chosen: outcome.chosen,
        value,
        bound,
        method: Method::Exact,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{CoverProblem, Model};
    use super::*;

    #[test]
    fn mip_with_no_time_left_gives_no_answer() {
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 2],
            vec![1.0; 2],
            vec![false; 2],
            &[vec![0], vec![1]],
        )
        .unwrap();
        let reduced = Reduced::new(&problem, Model::Mclp { p: 1 });
        let incumbent = super::super::greedy::solve(&reduced, Model::Mclp { p: 1 });

        let answer = solve(&reduced, Model::Mclp { p: 1 }, &incumbent, Instant::now());

        assert_eq!(answer, None);
    }
}
