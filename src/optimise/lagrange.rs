//! Lagrangian relaxation of the reduced models: bounds near the LP relaxation's in
//! linear time per iteration, better layouts guided by the multipliers, and
//! reduced-cost fixing that shrinks what is left for the MIP.
//!
//! Owns the subgradient optimisation and what follows from the multipliers; leaves the
//! greedy and the local search to `greedy`, the MIP to `exact`.
//!
//! Everything here is counted, not timed (a fixed number of iterations, halving rules
//! on iteration counts), and every sum is taken in a fixed order, so the result is the
//! same whatever the thread count.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::greedy::{self, Answer, Key};
use super::reduce::Reduced;
use super::{Method, Model};

/// Subgradient iterations at most (the step halves after [`PATIENCE`] iterations
/// without a better bound, and the search stops when the step is negligible).
const MAX_ITERATIONS: usize = 3_000;
/// Pair visits allowed over all iterations (see [`iterations_for`]).
const WORK_PAIRS: u64 = 2_000_000_000;
/// Iterations always allowed, however large the problem.
const MIN_ITERATIONS: usize = 200;
/// Iterations without a better bound before the step factor halves.
const PATIENCE: usize = 20;
/// MCLP problems up to this many pairs get a slower step decay
/// ([`SMALL_MCLP_PATIENCE`]) and the heuristic every [`SMALL_MCLP_HEURISTIC_EVERY`]
/// iterations: measured at 10,000 × 1,000, the tighter bound and better layout shrink
/// the MIP that follows by a third and halve its time; at 100,000 × 10,000 the extra
/// iterations would double the heuristic's time for a gap of 0.44 % instead of 0.51 %.
const SMALL_MCLP_PAIRS: usize = 250_000;
const SMALL_MCLP_PATIENCE: usize = 50;
const SMALL_MCLP_HEURISTIC_EVERY: usize = 10;
/// Stop when the step factor falls below this.
const MIN_FACTOR: f64 = 1e-4;
/// Run the Lagrangian heuristic every this many iterations (and at the end).
const HEURISTIC_EVERY: usize = 25;
/// List steps per pair for each local search the Lagrangian heuristic runs.
const HEURISTIC_STEPS_PER_PAIR: u64 = 4;

/// What the relaxation found.
#[derive(Debug, Clone)]
pub(crate) struct Relaxation {
    /// The best answer known (the incumbent given, or a better one found here).
    pub answer: Answer,
    /// The best Lagrangian bound on the reduced problem, rounded when the objective is
    /// integral (lower for LSCP, upper for MCLP).
    pub bound: f64,
    /// Candidates that no answer strictly better than `answer` opens.
    pub fix_closed: Vec<bool>,
    /// Candidates that every answer strictly better than `answer` opens.
    pub fix_open: Vec<bool>,
    /// The multipliers of the best bound, one per element (`u` for LSCP, `λ` for
    /// MCLP); empty when the relaxation had nothing to relax.
    pub multipliers: Vec<f64>,
    /// The best Lagrangian value itself, before rounding and safety margins.
    pub lagrangian: f64,
}

/// Relaxes `model` on `reduced`, starting from `incumbent`.
pub(crate) fn relax(reduced: &Reduced, model: Model, incumbent: Answer) -> Relaxation {
    match model {
        Model::Lscp => lscp(reduced, incumbent, iterations_for(reduced.n_pairs())),
        Model::Mclp { .. } => mclp(reduced, incumbent),
    }
}

/// A computed lower bound moved down by a relative margin that covers the rounding
/// errors of its sums (about 1e-16 per term), so that it stays valid.
fn safe_below(bound: f64) -> f64 {
    bound - 1e-9 * bound.abs().max(1.0)
}

/// A computed upper bound moved up likewise.
fn safe_above(bound: f64) -> f64 {
    bound + 1e-9 * bound.abs().max(1.0)
}

/// Iterations allowed for a problem of `pairs` pairs: at most [`MAX_ITERATIONS`], and
/// at most [`WORK_PAIRS`] pair visits in all, so that a million demand points stays
/// within seconds (at least [`MIN_ITERATIONS`]).
fn iterations_for(pairs: usize) -> usize {
    let by_work = (WORK_PAIRS / (pairs as u64).max(1)) as usize;
    by_work.clamp(MIN_ITERATIONS, MAX_ITERATIONS)
}

/// The smallest improvement over `value` an answer must make to count as better: 1 for
/// integral objectives, a relative tolerance otherwise.
pub(crate) fn improvement(reduced: &Reduced, value: f64) -> f64 {
    if reduced.integral {
        1.0 - 1e-6
    } else {
        1e-9 * value.abs().max(1.0)
    }
}

/// LSCP with the cover rows relaxed (Beasley 1990).
///
/// # Algorithm
/// With multipliers `u_e ≥ 0` on the rows `Σ_{k∋e} x_k ≥ 1`, the reduced cost of
/// candidate `k` is `C_k = c_k − Σ_{e∈k} u_e` and `L(u) = Σ_e u_e + Σ_k min(0, C_k)`
/// is a lower bound on every cover's cost. Subgradient optimisation (Held, Wolfe &
/// Crowder 1974) maximises it, with the step `f (1.05 UB − L) / ‖g‖²`, `f` halved
/// after [`PATIENCE`] iterations without progress. Every [`HEURISTIC_EVERY`]
/// iterations the candidates with negative reduced cost are completed to a cover by
/// the greedy and improved by local search. Finally, with the best multipliers, a
/// candidate with `L + C_k` at least the incumbent (less one for integral costs) is
/// closed for any better answer, and one with `L − C_k` at least that is opened.
///
/// `relax` runs it for [`iterations_for`] iterations; `dive` for fewer on each
/// residual problem.
///
/// # Runtime
/// O(P) per iteration for P pairs, at most `iterations` iterations.
pub(crate) fn lscp(reduced: &Reduced, incumbent: Answer, iterations: usize) -> Relaxation {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let cost = &reduced.set_cost;
    let mut best = incumbent;
    if n == 0 || m == 0 {
        return Relaxation {
            bound: best.value,
            lagrangian: best.value,
            answer: best,
            fix_closed: vec![false; m],
            fix_open: vec![false; m],
            multipliers: Vec::new(),
        };
    }
    // Start: each element's cheapest cost per element covered.
    let mut u: Vec<f64> = reduced
        .rows
        .par_iter()
        .map(|row| {
            row.iter()
                .map(|&k| cost[k as usize] / reduced.sets[k as usize].len().max(1) as f64)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let mut best_l = f64::NEG_INFINITY;
    let mut best_u = u.clone();
    let mut factor = 2.0;
    let mut stale = 0;
    let heuristic_steps = HEURISTIC_STEPS_PER_PAIR.saturating_mul(reduced.n_pairs() as u64);
    let mut g = vec![0.0f64; n];
    for it in 0..iterations {
        let rc = reduced_costs(reduced, &u);
        let l = u.iter().sum::<f64>() + rc.iter().map(|&c| c.min(0.0)).sum::<f64>();
        if best_l.is_infinite() || l > best_l + 1e-12 * best_l.abs().max(1.0) {
            best_l = l;
            best_u.clone_from(&u);
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                factor /= 2.0;
                stale = 0;
            }
        }
        if it % HEURISTIC_EVERY == 0 {
            let start = cft_greedy(reduced, &rc);
            let chosen = greedy::lscp_cover(reduced, start, heuristic_steps, Some(&rc));
            consider_lscp(reduced, &mut best, &chosen);
        }
        if best_l > best.value - improvement(reduced, best.value) || factor < MIN_FACTOR {
            break;
        }
        // Subgradient: 1 − (open candidates covering e); no push below zero.
        let mut norm = 0.0;
        for (e, row) in reduced.rows.iter().enumerate() {
            let open = row.iter().filter(|&&k| rc[k as usize] < 0.0).count();
            let mut ge = 1.0 - open as f64;
            if u[e] <= 0.0 && ge < 0.0 {
                ge = 0.0;
            }
            g[e] = ge;
            norm += ge * ge;
        }
        if norm == 0.0 {
            // The relaxed solution covers every row exactly where u > 0: L is optimal.
            break;
        }
        let step = factor * (1.05 * best.value - l).max(1e-9) / norm;
        for (ue, ge) in u.iter_mut().zip(&g) {
            *ue = (*ue + step * ge).max(0.0);
        }
    }
    // One last heuristic from the best multipliers.
    let rc = reduced_costs(reduced, &best_u);
    let chosen = greedy::lscp_cover(
        reduced,
        cft_greedy(reduced, &rc),
        heuristic_steps,
        Some(&rc),
    );
    consider_lscp(reduced, &mut best, &chosen);

    // A relative margin for rounding errors in the sums, on the safe side.
    let bound = reduced
        .round_bound(safe_below(best_l).max(0.0), false)
        .min(best.value);
    best.bound = best.bound.max(bound).min(best.value);
    let mut relaxation = Relaxation {
        answer: best,
        bound,
        fix_closed: Vec::new(),
        fix_open: Vec::new(),
        multipliers: best_u,
        lagrangian: best_l,
    };
    refix_lscp(reduced, &mut relaxation);
    relaxation
}

/// Sets the LSCP fixings for answers strictly cheaper than `relaxation.answer`, from
/// the best multipliers: with `L` the best Lagrangian value and `Z` the answer's cost
/// (less one for integral costs), a candidate with `L + C_k > Z` is closed and one
/// with `L − C_k > Z` is opened. Called again when a better answer is found later.
pub(crate) fn refix_lscp(reduced: &Reduced, relaxation: &mut Relaxation) {
    let m = reduced.sets.len();
    if relaxation.multipliers.len() != reduced.rows.len() || reduced.rows.is_empty() {
        relaxation.fix_closed = vec![false; m];
        relaxation.fix_open = vec![false; m];
        return;
    }
    let rc = reduced_costs(reduced, &relaxation.multipliers);
    let best_l = relaxation.lagrangian;
    let value = relaxation.answer.value;
    let threshold = value - improvement(reduced, value);
    relaxation.fix_closed = rc
        .iter()
        .map(|&c| c > 0.0 && best_l + c > threshold)
        .collect();
    relaxation.fix_open = rc
        .iter()
        .map(|&c| c < 0.0 && best_l - c > threshold)
        .collect();
}

/// A cover built greedily on reduced costs (Caprara, Fischetti & Toth 1999): the
/// candidate of least score `C_k / μ_k` (or `C_k μ_k` when `C_k < 0`), `μ_k` the
/// elements it would newly cover. Scores only worsen as `μ_k` falls, so stale heap
/// keys are valid and the evaluation is lazy; ties go to the lowest index.
fn cft_greedy(reduced: &Reduced, rc: &[f64]) -> Vec<bool> {
    let m = reduced.sets.len();
    let mut covered = vec![false; reduced.rows.len()];
    let mut chosen = vec![false; m];
    let score = |k: usize, mu: usize| -> f64 {
        if mu == 0 {
            f64::INFINITY
        } else if rc[k] < 0.0 {
            rc[k] * mu as f64
        } else {
            rc[k] / mu as f64
        }
    };
    let mut heap: BinaryHeap<(Reverse<Key>, Reverse<u32>)> = (0..m)
        .map(|k| {
            (
                Reverse(Key(score(k, reduced.sets[k].len()))),
                Reverse(k as u32),
            )
        })
        .collect();
    let mut uncovered = reduced.rows.len();
    while uncovered > 0 {
        let Some((_, Reverse(k))) = heap.pop() else {
            break;
        };
        let mu = reduced.sets[k as usize]
            .iter()
            .filter(|&&e| !covered[e as usize])
            .count();
        if mu == 0 {
            continue;
        }
        let key = (Reverse(Key(score(k as usize, mu))), Reverse(k));
        if heap.peek().is_some_and(|top| *top > key) {
            heap.push(key);
            continue;
        }
        chosen[k as usize] = true;
        uncovered -= mu;
        for &e in &reduced.sets[k as usize] {
            covered[e as usize] = true;
        }
    }
    chosen
}

/// `c_k − Σ_{e∈k} u_e` for every candidate, each sum in list order.
pub(crate) fn reduced_costs(reduced: &Reduced, u: &[f64]) -> Vec<f64> {
    reduced
        .sets
        .par_iter()
        .zip(&reduced.set_cost)
        .map(|(set, &c)| c - set.iter().map(|&e| u[e as usize]).sum::<f64>())
        .collect()
}

/// Keeps `chosen` if it is a cheaper cover than `best`.
pub(crate) fn consider_lscp(reduced: &Reduced, best: &mut Answer, chosen: &[bool]) {
    let value: f64 = chosen
        .iter()
        .zip(&reduced.set_cost)
        .filter(|(on, _)| **on)
        .map(|(_, c)| c)
        .sum();
    if value < best.value - 1e-9 * best.value.abs().max(1.0) {
        best.chosen = (0..chosen.len() as u32)
            .filter(|&k| chosen[k as usize])
            .collect();
        best.value = value;
        best.method = Method::GreedyLocalSearch;
        best.bound = best.bound.min(value);
    }
}

/// MCLP with the coverage-linking rows relaxed.
///
/// # Algorithm
/// With multipliers `0 ≤ λ_e ≤ w_e` on `y_e ≤ Σ_{k∋e} x_k`, the relaxation separates:
/// `L(λ) = Σ_e (w_e − λ_e) + (sum of the p largest s_k)`, `s_k = Σ_{e∈k} λ_e`, an
/// upper bound on the covered weight. It starts from the submodular bound of the
/// incumbent (`λ_e = w_e` on the elements it leaves uncovered, 0 elsewhere, which gives
/// `f(S) + Σ top-p gains`) and is minimised by subgradient steps as for LSCP. Every
/// [`HEURISTIC_EVERY`] iterations the `p` candidates of largest `s_k` are improved by
/// the swap search. Fixing, for answers better than the incumbent `Z`: a candidate
/// outside the top `p` with `L − s_(p) + s_k` below `Z` (plus one for integral
/// weights) is closed, one inside with `L − s_k + s_(p+1)` below that is opened.
///
/// # Runtime
/// O(P + m log m) per iteration, at most [`iterations_for`] iterations.
fn mclp(reduced: &Reduced, incumbent: Answer) -> Relaxation {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let w = &reduced.element_weight;
    let p = reduced.p.min(m);
    let mut best = incumbent;
    if n == 0 || m == 0 || p == 0 {
        let bound = best.value;
        return Relaxation {
            answer: best,
            bound,
            fix_closed: vec![false; m],
            fix_open: vec![false; m],
            multipliers: Vec::new(),
            lagrangian: bound,
        };
    }
    let mut on = vec![false; m];
    for &k in &best.chosen {
        on[k as usize] = true;
    }
    let mut lambda: Vec<f64> = reduced
        .rows
        .iter()
        .zip(w)
        .map(|(row, &we)| {
            if row.iter().any(|&k| on[k as usize]) {
                0.0
            } else {
                we
            }
        })
        .collect();
    let (patience, every) = if reduced.n_pairs() <= SMALL_MCLP_PAIRS {
        (SMALL_MCLP_PATIENCE, SMALL_MCLP_HEURISTIC_EVERY)
    } else {
        (PATIENCE, HEURISTIC_EVERY)
    };
    let mut best_l = f64::INFINITY;
    let mut best_lambda = lambda.clone();
    let mut factor = 2.0;
    let mut stale = 0;
    let heuristic_steps = HEURISTIC_STEPS_PER_PAIR.saturating_mul(reduced.n_pairs() as u64);
    let mut g = vec![0.0f64; n];
    for it in 0..iterations_for(reduced.n_pairs()) {
        let (l, top) = mclp_value(reduced, &lambda, p);
        if best_l.is_infinite() || l < best_l - 1e-12 * best_l.abs().max(1.0) {
            best_l = l;
            best_lambda.clone_from(&lambda);
            stale = 0;
        } else {
            stale += 1;
            if stale >= patience {
                factor /= 2.0;
                stale = 0;
            }
        }
        let mut open = vec![false; m];
        for &k in &top.order[..top.count] {
            open[k as usize] = true;
        }
        if it % every == 0 {
            let start = greedy::mclp_greedy(reduced, &lambda, p);
            let chosen = greedy::mclp_swap(reduced, start, heuristic_steps);
            consider_mclp(reduced, &mut best, &chosen);
        }
        if best_l < best.value + improvement(reduced, best.value) || factor < MIN_FACTOR {
            break;
        }
        let mut norm = 0.0;
        for (e, row) in reduced.rows.iter().enumerate() {
            let y = if lambda[e] < w[e] { 1.0 } else { 0.0 };
            let cnt = row.iter().filter(|&&k| open[k as usize]).count() as f64;
            let mut ge = y - cnt;
            if (lambda[e] <= 0.0 && ge < 0.0) || (lambda[e] >= w[e] && ge > 0.0) {
                ge = 0.0;
            }
            g[e] = ge;
            norm += ge * ge;
        }
        if norm == 0.0 {
            break;
        }
        let step = factor * (l - 0.95 * best.value).max(1e-9) / norm;
        for ((le, ge), &we) in lambda.iter_mut().zip(&g).zip(w) {
            *le = (*le + step * ge).clamp(0.0, we);
        }
    }
    let (_, top) = mclp_value(reduced, &best_lambda, p);
    let start = greedy::mclp_greedy(reduced, &best_lambda, p);
    let chosen = greedy::mclp_swap(reduced, start, heuristic_steps);
    consider_mclp(reduced, &mut best, &chosen);

    // A relative margin for rounding errors in the sums, on the safe side.
    let bound = reduced
        .round_bound(safe_above(best_l), true)
        .max(best.value);
    // Fixing with the best multipliers: s sorted descending in top.order.
    let threshold = best.value + improvement(reduced, best.value);
    let s = &top.score;
    let s_p = if top.count == p {
        s[top.order[p - 1] as usize]
    } else {
        0.0
    };
    let s_next = top.order.get(p).map_or(0.0, |&k| s[k as usize].max(0.0));
    let mut fix_closed = vec![false; m];
    let mut fix_open = vec![false; m];
    for (rank, &k) in top.order.iter().enumerate() {
        let k = k as usize;
        if rank < top.count {
            fix_open[k] = safe_above(best_l - s[k] + s_next) < threshold;
        } else {
            fix_closed[k] = safe_above(best_l - s_p + s[k].max(0.0)) < threshold;
        }
    }
    best.bound = best.bound.min(bound).max(best.value);
    Relaxation {
        answer: best,
        bound,
        fix_closed,
        fix_open,
        multipliers: best_lambda,
        lagrangian: best_l,
    }
}

/// The MCLP relaxation at `lambda`: candidates by score.
struct Top {
    /// `s_k` for every candidate.
    score: Vec<f64>,
    /// All candidates, highest score first (ties to the lower index).
    order: Vec<u32>,
    /// How many of the first `p` in `order` have a positive score (those are opened).
    count: usize,
}

/// `L(λ)` and the candidates ranked by score.
fn mclp_value(reduced: &Reduced, lambda: &[f64], p: usize) -> (f64, Top) {
    let score: Vec<f64> = reduced
        .sets
        .par_iter()
        .map(|set| set.iter().map(|&e| lambda[e as usize]).sum::<f64>())
        .collect();
    let mut order: Vec<u32> = (0..score.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        score[b as usize]
            .total_cmp(&score[a as usize])
            .then(a.cmp(&b))
    });
    let count = order
        .iter()
        .take(p)
        .take_while(|&&k| score[k as usize] > 0.0)
        .count();
    let top: f64 = order[..count].iter().map(|&k| score[k as usize]).sum();
    let rest: f64 = reduced
        .element_weight
        .iter()
        .zip(lambda)
        .map(|(w, l)| w - l)
        .sum();
    (
        rest + top,
        Top {
            score,
            order,
            count,
        },
    )
}

/// Keeps `chosen` if it covers more weight than `best` with at most `p` candidates.
fn consider_mclp(reduced: &Reduced, best: &mut Answer, chosen: &[bool]) {
    if chosen.iter().filter(|&&c| c).count() > reduced.p {
        return;
    }
    let value: f64 = reduced
        .rows
        .iter()
        .zip(&reduced.element_weight)
        .filter(|(row, _)| row.iter().any(|&k| chosen[k as usize]))
        .map(|(_, w)| w)
        .sum();
    if value > best.value + 1e-9 * best.value.abs().max(1.0) {
        best.chosen = (0..chosen.len() as u32)
            .filter(|&k| chosen[k as usize])
            .collect();
        best.value = value;
        best.method = Method::GreedyLocalSearch;
        best.bound = best.bound.max(value);
    }
}

/// What is left for the MIP once the relaxation's fixings are applied: every answer
/// strictly better than the relaxation's lies in it.
pub(crate) struct Restricted {
    /// The smaller problem, reduced again (its candidates index the parent's).
    pub reduced: Reduced,
    /// The model on it (MCLP: `p` less the candidates fixed open).
    pub model: Model,
    /// Parent candidates fixed open, ascending.
    pub open: Vec<u32>,
}

/// Applies the fixings of `relaxation` to `reduced`.
///
/// # Returns
/// `None` when no answer strictly better than the relaxation's can exist (an element
/// left without candidates for LSCP, more forced candidates than `p` for MCLP): the
/// relaxation's answer is then optimal.
pub(crate) fn restrict(
    reduced: &Reduced,
    model: Model,
    relaxation: &Relaxation,
) -> Option<Restricted> {
    let m = reduced.sets.len();
    let open: Vec<u32> = (0..m as u32)
        .filter(|&k| relaxation.fix_open[k as usize])
        .collect();
    let closed = |k: u32| relaxation.fix_closed[k as usize] && !relaxation.fix_open[k as usize];
    let sub_model = match model {
        Model::Lscp => {
            let mut on = vec![false; m];
            for &k in &open {
                on[k as usize] = true;
            }
            let stranded = reduced
                .rows
                .iter()
                .any(|row| row.iter().all(|&k| closed(k) && !on[k as usize]));
            if stranded {
                return None;
            }
            Model::Lscp
        }
        Model::Mclp { .. } => Model::Mclp {
            p: reduced.p.checked_sub(open.len())?,
        },
    };
    let sets: Vec<Vec<u32>> = (0..m as u32)
        .map(|k| {
            if closed(k) {
                Vec::new()
            } else {
                reduced.sets[k as usize].clone()
            }
        })
        .collect();
    let existing = relaxation.fix_open.clone();
    let problem = super::CoverProblem::from_coverage_sets(
        reduced.element_weight.clone(),
        reduced.set_cost.clone(),
        existing,
        &sets,
    )
    .ok()?;
    let mut sub = Reduced::new(&problem, sub_model);
    // The sub-problem's objective must still be integral where the parent's is.
    sub.integral = reduced.integral;
    Some(Restricted {
        reduced: sub,
        model: sub_model,
        open,
    })
}

/// Maps an answer on the restricted problem back to parent candidates, ascending.
pub(crate) fn lift(restricted: &Restricted, chosen: &[u32]) -> Vec<u32> {
    let mut out = restricted.open.clone();
    out.extend(&restricted.reduced.fixed_sites);
    out.extend(
        chosen
            .iter()
            .map(|&k| restricted.reduced.set_site[k as usize]),
    );
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::super::reduce::{below, Shape};
    use super::super::{greedy, CoverProblem, Model};
    use super::*;

    /// The reduced problem's optimum by trying every subset of its candidates.
    fn brute_force(reduced: &Reduced, model: Model) -> f64 {
        super::super::reduce::enumerated_optimum(reduced, model)
    }

    /// A random problem: 3–10 demand points, 2–10 sites each covering up to 4 of
    /// them, weights 1–5.
    fn random_problem(rnd: &mut impl FnMut(u64) -> u64, costs: &[f64]) -> CoverProblem {
        let shape = Shape {
            n: (3, 8),
            m: (2, 9),
            set: 4,
            weight: 5,
        };
        super::super::reduce::random_problem(rnd, &shape, costs)
    }

    fn relaxed(problem: &CoverProblem, model: Model) -> (Reduced, Relaxation) {
        let reduced = Reduced::new(problem, model);
        let incumbent = greedy::solve(&reduced, model);
        let relaxation = relax(&reduced, model, incumbent);
        (reduced, relaxation)
    }

    #[test]
    fn lscp_lower_bound_never_exceeds_the_optimum() {
        let mut rnd = below(0x5eed_0001);
        let mut relaxed_for_real = 0;
        // Integral costs (the bound is rounded up) and fractional ones (it is not).
        for costs in [&[1.0, 2.0, 3.0][..], &[0.5, 1.25, 2.0][..]] {
            for _ in 0..60 {
                let problem = random_problem(&mut rnd, costs);

                let (reduced, r) = relaxed(&problem, Model::Lscp);

                if reduced.sets.len() >= 2 {
                    relaxed_for_real += 1;
                }
                let optimum = brute_force(&reduced, Model::Lscp);
                assert!(
                    r.bound <= optimum + 1e-9,
                    "bound {} above the optimum {optimum}",
                    r.bound
                );
                // The answer kept is a cover, so no cheaper than the optimum.
                assert!(r.answer.value >= optimum - 1e-9);
                assert!(r.answer.bound <= optimum + 1e-9);
            }
        }
        // Reduction settles many instances outright; enough are left to relax.
        assert!(relaxed_for_real >= 30, "only {relaxed_for_real}");
    }

    #[test]
    fn mclp_upper_bound_is_never_below_the_optimum() {
        let mut rnd = below(0x5eed_0002);
        let mut relaxed_for_real = 0;
        for _ in 0..120 {
            let problem = random_problem(&mut rnd, &[1.0]);
            let p = 1 + rnd(3) as usize;

            let (reduced, r) = relaxed(&problem, Model::Mclp { p });

            if reduced.sets.len() > p {
                relaxed_for_real += 1;
            }
            let optimum = brute_force(&reduced, Model::Mclp { p });
            assert!(
                r.bound >= optimum - 1e-9,
                "bound {} below the optimum {optimum} (p {p})",
                r.bound
            );
            // The answer kept opens at most p sites, so covers no more than the optimum.
            assert!(r.answer.value <= optimum + 1e-9);
            assert!(r.answer.bound >= optimum - 1e-9);
        }
        // More candidates than p is where a bound has something to say.
        assert!(relaxed_for_real >= 30, "only {relaxed_for_real}");
    }

    #[test]
    fn lscp_fixings_keep_every_cover_cheaper_than_the_answer() {
        // The fixings claim: a cover cheaper than the answer (by one for integral
        // costs) opens no closed candidate and every opened one. Checked against all
        // covers, for the relaxation's own answer and, through `refix_lscp`, for a
        // better answer found later (its value set just above the optimum).
        let mut rnd = below(0x5eed_0f1c);
        let mut fixed_any = 0;
        for costs in [&[1.0, 2.0, 3.0][..], &[0.5, 1.25, 2.0][..]] {
            for round in 0..80 {
                let problem = random_problem(&mut rnd, costs);
                let (reduced, mut r) = relaxed(&problem, Model::Lscp);
                let m = reduced.sets.len();
                if m == 0 {
                    continue;
                }
                let optimum = brute_force(&reduced, Model::Lscp);
                let later = if reduced.integral {
                    optimum + 1.0
                } else {
                    optimum + 1e-6
                };
                for value in [r.answer.value, later] {
                    r.answer.value = value;
                    refix_lscp(&reduced, &mut r);
                    let limit = value - improvement(&reduced, value);
                    fixed_any += r
                        .fix_closed
                        .iter()
                        .chain(&r.fix_open)
                        .filter(|&&f| f)
                        .count();
                    for mask in 0u32..1 << m {
                        let on = |k: usize| mask >> k & 1 == 1;
                        let covers = reduced
                            .rows
                            .iter()
                            .all(|row| row.iter().any(|&k| on(k as usize)));
                        let cost: f64 =
                            (0..m).filter(|&k| on(k)).map(|k| reduced.set_cost[k]).sum();
                        if !covers || cost > limit + 1e-9 {
                            continue;
                        }
                        for k in 0..m {
                            assert!(
                                (!r.fix_closed[k] || !on(k)) && (!r.fix_open[k] || on(k)),
                                "round {round}: cover {mask:b} of cost {cost} (answer {value}) \
                                 breaks the fixing of candidate {k}"
                            );
                        }
                    }
                }
            }
        }
        assert!(
            fixed_any >= 50,
            "only {fixed_any} fixings made: nothing tested"
        );
    }

    #[test]
    fn lscp_bound_meets_the_optimum_on_the_triangle() {
        // Three sites on a triangle of demand, each covering two of the three
        // points: no site is dominated and none is forced, so the reduced problem
        // is the triangle itself. With u = ½ on every point each site's reduced cost
        // is 1 − ½ − ½ = 0 and L(u) = 3 × ½ = 1.5, the LP optimum; costs are
        // integral, so the bound rounds up to 2 — the optimum (any two sites).
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 3],
            vec![1.0; 3],
            vec![false; 3],
            &[vec![0, 1], vec![1, 2], vec![2, 0]],
        )
        .unwrap();

        let (reduced, r) = relaxed(&problem, Model::Lscp);

        assert_eq!(reduced.sets.len(), 3);
        assert_eq!(brute_force(&reduced, Model::Lscp), 2.0);
        assert_eq!(r.bound, 2.0);
        assert_eq!(r.answer.value, 2.0);
    }

    #[test]
    fn mclp_bound_meets_the_optimum_on_disjoint_sites() {
        // Two sites covering disjoint demand of weight 5 and 3, p = 1: the best one
        // site covers 5. With λ = (5, 3) the bound is Σ(w − λ) + the largest score,
        // 0 + 5 = 5: the relaxation is tight, and the subgradient steps reach it
        // from the start λ = (0, 3) (bound 5 + 3 = 8).
        let problem = CoverProblem::from_coverage_sets(
            vec![5.0, 3.0],
            vec![1.0; 2],
            vec![false; 2],
            &[vec![0], vec![1]],
        )
        .unwrap();

        let (reduced, r) = relaxed(&problem, Model::Mclp { p: 1 });

        assert_eq!(brute_force(&reduced, Model::Mclp { p: 1 }), 5.0);
        assert_eq!(r.bound, 5.0);
        assert_eq!(r.answer.value, 5.0);
        assert_eq!(r.answer.chosen, vec![0]);
    }
}
