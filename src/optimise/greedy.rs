//! Greedy construction and local search on a reduced problem, with a valid bound.
//!
//! Owns the fast answer that every solve starts from (and ends with when the MIP is
//! not run or fails); leaves the exact search to `exact` and the mapping back to
//! original sites to `propose`.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::reduce::Reduced;
use super::{Method, Model};

/// Local search stops after this many list steps per pair (plus a fixed allowance):
/// counted, not timed, so that answers are deterministic.
const SEARCH_STEPS_PER_PAIR: u64 = 200;
const SEARCH_STEPS_BASE: u64 = 50_000_000;

/// An answer on the reduced problem.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    /// Chosen candidates (reduced indices), ascending.
    pub chosen: Vec<u32>,
    /// Objective on the reduced problem: cost (LSCP) or covered weight (MCLP).
    pub value: f64,
    /// Proven bound on the reduced optimum (lower for LSCP, upper for MCLP).
    pub bound: f64,
    /// Which procedure chose `chosen`.
    pub method: Method,
}

impl Answer {
    /// Whether the value meets the bound.
    pub fn proven(&self, _model: Model) -> bool {
        (self.value - self.bound).abs() <= 1e-9 * self.value.abs().max(1.0)
    }

    /// The better of two answers, with the tighter bound. Ties keep `self`.
    pub fn merge(mut self, other: Answer, model: Model) -> Answer {
        let other_better = if model.maximises() {
            other.value > self.value + 1e-9 * self.value.abs().max(1.0)
        } else {
            other.value < self.value - 1e-9 * self.value.abs().max(1.0)
        };
        let bound = other.bound;
        if other_better {
            self.chosen = other.chosen;
            self.value = other.value;
            self.method = other.method;
        }
        self.tighten(bound, model);
        self
    }

    /// Takes `bound` if it is tighter than the current one.
    pub fn tighten(&mut self, bound: f64, model: Model) {
        self.bound = if model.maximises() {
            self.bound.min(bound).max(self.value)
        } else {
            self.bound.max(bound).min(self.value)
        };
    }
}

/// A float ordered totally, for heap keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Key(pub(crate) f64);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Greedy plus local search for `model`, with a bound.
pub(crate) fn solve(reduced: &Reduced, model: Model) -> Answer {
    match model {
        Model::Lscp => lscp(reduced),
        Model::Mclp { .. } => mclp(reduced),
    }
}

/// Weight of the uncovered elements of each candidate (0 for chosen ones).
fn gains(reduced: &Reduced, covered: &[bool], chosen: &[bool]) -> Vec<f64> {
    reduced
        .sets
        .par_iter()
        .enumerate()
        .map(|(k, set)| {
            if chosen[k] {
                0.0
            } else {
                set.iter()
                    .filter(|&&e| !covered[e as usize])
                    .map(|&e| reduced.element_weight[e as usize])
                    .sum()
            }
        })
        .collect()
}

/// Sum of the `p` largest values (a submodular bound on what `p` more sites can add).
fn top_sum(mut values: Vec<f64>, p: usize) -> f64 {
    values.par_sort_unstable_by(|a, b| b.total_cmp(a));
    values.iter().take(p).sum()
}

/// MCLP: greedy by largest marginal weight, then best-swap local search.
///
/// # Algorithm
/// Lazy greedy (Minoux 1978): marginal gains only shrink, so stale heap keys are upper
/// bounds and a candidate whose fresh gain still tops the heap is the true best. Ties
/// go to the lowest index. Local search: for each chosen site `s` in turn, the best
/// replacement `t` maximises `gain(t) + Σ w(e)` over elements `e` of `t` covered only
/// by `s`; a swap is made when it adds more than `s` alone covers, until no swap helps
/// or the step budget is spent.
///
/// The bound is the smaller of `f(S) + top-p gains given S` and `top-p gains given ∅`
/// (valid for any monotone submodular `f`, Nemhauser, Wolsey & Fisher 1978).
///
/// # Runtime
/// O(P log m) for the greedy; each local-search pass is O(P + Σ_s Σ_{e∈s} |row(e)|).
fn mclp(reduced: &Reduced) -> Answer {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let p = reduced.p.min(m);
    let w = &reduced.element_weight;
    let total = reduced.total_weight();

    let gains0 = gains(reduced, &vec![false; n], &vec![false; m]);
    let empty_bound = top_sum(gains0, reduced.p);
    let chosen = mclp_greedy(reduced, w, p);

    let steps = SEARCH_STEPS_PER_PAIR
        .saturating_mul(reduced.n_pairs() as u64)
        .saturating_add(SEARCH_STEPS_BASE);
    let chosen = mclp_swap(reduced, chosen, steps);
    let mut count = vec![0u32; n];
    for (k, set) in reduced.sets.iter().enumerate() {
        if chosen[k] {
            for &e in set {
                count[e as usize] += 1;
            }
        }
    }
    let covered_now: Vec<bool> = count.iter().map(|&c| c > 0).collect();
    let value: f64 = (0..n).filter(|&e| covered_now[e]).map(|e| w[e]).sum();
    let slack = top_sum(gains(reduced, &covered_now, &chosen), reduced.p);
    let bound = (value + slack).min(empty_bound).min(total).max(value);
    let bound = reduced.round_bound(bound, true).max(value);
    Answer {
        chosen: (0..m as u32).filter(|&k| chosen[k as usize]).collect(),
        value,
        bound,
        method: Method::GreedyLocalSearch,
    }
}

/// Lazy greedy for MCLP on element values `value` (the weights, or multipliers): up to
/// `p` candidates, each the one adding the most value, ties to the lowest index.
pub(crate) fn mclp_greedy(reduced: &Reduced, value: &[f64], p: usize) -> Vec<bool> {
    let m = reduced.sets.len();
    let mut covered = vec![false; reduced.rows.len()];
    let mut chosen = vec![false; m];
    let fresh_of = |k: usize, covered: &[bool]| -> f64 {
        reduced.sets[k]
            .iter()
            .filter(|&&e| !covered[e as usize])
            .map(|&e| value[e as usize])
            .sum()
    };
    let mut heap: BinaryHeap<(Key, Reverse<u32>)> = (0..m)
        .map(|k| (Key(fresh_of(k, &covered)), Reverse(k as u32)))
        .collect();
    let mut picked = 0;
    while picked < p.min(m) {
        let Some((_, Reverse(k))) = heap.pop() else {
            break;
        };
        let fresh = fresh_of(k as usize, &covered);
        let key = (Key(fresh), Reverse(k));
        if heap.peek().is_some_and(|top| *top > key) {
            heap.push(key);
            continue;
        }
        if fresh <= 0.0 {
            break;
        }
        chosen[k as usize] = true;
        picked += 1;
        for &e in &reduced.sets[k as usize] {
            covered[e as usize] = true;
        }
    }
    chosen
}

/// Best-swap local search for MCLP from `chosen` (see [`mclp`]), within `steps` list
/// steps; returns the improved choice (never worse, never more sites).
pub(crate) fn mclp_swap(reduced: &Reduced, mut chosen: Vec<bool>, steps: u64) -> Vec<bool> {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let w = &reduced.element_weight;
    let eps = 1e-9 * reduced.total_weight().max(1.0);
    // Cover counts for the local search.
    let mut count = vec![0u32; n];
    for (k, set) in reduced.sets.iter().enumerate() {
        if chosen[k] {
            for &e in set {
                count[e as usize] += 1;
            }
        }
    }
    let mut steps_left = steps;
    let mut extra = vec![0.0f64; m];
    let mut touched: Vec<u32> = Vec::new();
    let mut improved = true;
    while improved && steps_left > 0 {
        improved = false;
        let covered_now: Vec<bool> = count.iter().map(|&c| c > 0).collect();
        let mut gain = gains(reduced, &covered_now, &chosen);
        steps_left = steps_left.saturating_sub(reduced.n_pairs() as u64);
        let snapshot: Vec<u32> = (0..m as u32).filter(|&k| chosen[k as usize]).collect();
        for s in snapshot {
            let s = s as usize;
            let mut loss = 0.0;
            for &e in &reduced.sets[s] {
                if count[e as usize] == 1 {
                    loss += w[e as usize];
                    for &t in &reduced.rows[e as usize] {
                        if extra[t as usize] == 0.0 {
                            touched.push(t);
                        }
                        extra[t as usize] += w[e as usize];
                    }
                    steps_left = steps_left.saturating_sub(reduced.rows[e as usize].len() as u64);
                }
            }
            // Best replacement: the best untouched gain, or a touched one with its extra.
            let mut best: Option<(f64, usize)> = None;
            let mut consider = |t: usize, value: f64| {
                if chosen[t] {
                    return;
                }
                if best.is_none_or(|(v, b)| value > v || (value == v && t < b)) {
                    best = Some((value, t));
                }
            };
            for (t, &g) in gain.iter().enumerate() {
                consider(t, g + extra[t]);
            }
            for &t in &touched {
                extra[t as usize] = 0.0;
            }
            touched.clear();
            steps_left = steps_left.saturating_sub(m as u64);
            if let Some((value, t)) = best {
                if value - loss > eps {
                    chosen[s] = false;
                    for &e in &reduced.sets[s] {
                        count[e as usize] -= 1;
                    }
                    chosen[t] = true;
                    for &e in &reduced.sets[t] {
                        count[e as usize] += 1;
                    }
                    improved = true;
                    let covered_now: Vec<bool> = count.iter().map(|&c| c > 0).collect();
                    gain = gains(reduced, &covered_now, &chosen);
                    steps_left = steps_left.saturating_sub(reduced.n_pairs() as u64);
                }
            }
            if steps_left == 0 {
                break;
            }
        }
    }

    chosen
}

/// LSCP: Chvátal's greedy, redundant sites dropped, then add-one-drop-many search.
///
/// # Algorithm
/// Greedy (Chvátal 1979): repeatedly open the site covering the most uncovered
/// elements per unit cost (lazy evaluation; ties to the lowest index). Elements stand
/// for merged demand points, and every one must be covered, so the count, not the
/// population, is what matters. Then sites all of whose elements are covered twice
/// are closed, costliest first. Local search: open one unused site and close every
/// site that became redundant (costliest first); keep the move if it saves cost.
///
/// The bound is a dual-feasible solution of the LP relaxation built by dual ascent:
/// elements in order of fewest candidates take the smallest remaining slack of their
/// candidates (Balas & Ho 1980); its sum is a lower bound on any cover's cost.
///
/// # Runtime
/// O(P log m) for the greedy; a local-search pass is O(Σ_t Σ_{e∈t} |row(e)|), capped
/// by the step budget.
fn lscp(reduced: &Reduced) -> Answer {
    let m = reduced.sets.len();
    let cost = &reduced.set_cost;
    let steps = SEARCH_STEPS_PER_PAIR
        .saturating_mul(reduced.n_pairs() as u64)
        .saturating_add(SEARCH_STEPS_BASE);
    let chosen = lscp_cover(reduced, vec![false; m], steps, None);
    let chosen: Vec<u32> = (0..m as u32).filter(|&k| chosen[k as usize]).collect();
    let value: f64 = chosen.iter().map(|&k| cost[k as usize]).sum();
    let bound = reduced.round_bound(dual_ascent(reduced), false).min(value);
    Answer {
        chosen,
        value,
        bound,
        method: Method::GreedyLocalSearch,
    }
}

/// Completes `chosen` to a cover of every element (Chvátal's ratio rule), closes
/// redundant sites (costliest first) and runs the add-one-drop-many search within
/// `steps` list steps (see [`lscp`]).
///
/// `drop_key`, when given, orders the closing: highest key first among equal costs
/// (the Lagrangian heuristic passes reduced costs); otherwise highest index first.
pub(crate) fn lscp_cover(
    reduced: &Reduced,
    mut chosen: Vec<bool>,
    steps: u64,
    drop_key: Option<&[f64]>,
) -> Vec<bool> {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let cost = &reduced.set_cost;
    let mut count = vec![0u32; n];
    for (k, set) in reduced.sets.iter().enumerate() {
        if chosen[k] {
            for &e in set {
                count[e as usize] += 1;
            }
        }
    }
    let mut uncovered = count.iter().filter(|&&c| c == 0).count();
    let mut heap: BinaryHeap<(Key, Reverse<u32>)> = (0..m)
        .filter(|&k| !chosen[k])
        .map(|k| {
            let fresh = reduced.sets[k]
                .iter()
                .filter(|&&e| count[e as usize] == 0)
                .count();
            (Key(fresh as f64 / cost[k]), Reverse(k as u32))
        })
        .collect();
    while uncovered > 0 {
        let Some((_, Reverse(k))) = heap.pop() else {
            break;
        };
        let fresh = reduced.sets[k as usize]
            .iter()
            .filter(|&&e| count[e as usize] == 0)
            .count();
        let key = (Key(fresh as f64 / cost[k as usize]), Reverse(k));
        if heap.peek().is_some_and(|top| *top > key) {
            heap.push(key);
            continue;
        }
        if fresh == 0 {
            continue;
        }
        chosen[k as usize] = true;
        uncovered -= fresh;
        for &e in &reduced.sets[k as usize] {
            count[e as usize] += 1;
        }
    }

    // Costliest first, then highest index: a fixed order for dropping.
    let drop_order = |ks: &mut Vec<u32>| {
        ks.sort_by(|&a, &b| {
            let by_key = drop_key.map_or(Ordering::Equal, |key| {
                key[b as usize].total_cmp(&key[a as usize])
            });
            cost[b as usize]
                .total_cmp(&cost[a as usize])
                .then(by_key)
                .then(b.cmp(&a))
        });
    };
    let mut all: Vec<u32> = (0..m as u32).filter(|&k| chosen[k as usize]).collect();
    drop_order(&mut all);
    for k in all {
        let set = &reduced.sets[k as usize];
        if set.iter().all(|&e| count[e as usize] >= 2) {
            chosen[k as usize] = false;
            for &e in set {
                count[e as usize] -= 1;
            }
        }
    }

    let mut steps_left = steps;
    let mut mark = vec![false; m];
    let mut improved = true;
    while improved && steps_left > 0 {
        improved = false;
        for t in 0..m {
            if chosen[t] {
                continue;
            }
            // Chosen sites sharing an element with t: the only ones t can make redundant.
            let mut near: Vec<u32> = Vec::new();
            for &e in &reduced.sets[t] {
                count[e as usize] += 1;
                for &k in &reduced.rows[e as usize] {
                    if chosen[k as usize] && !mark[k as usize] {
                        mark[k as usize] = true;
                        near.push(k);
                    }
                }
                steps_left = steps_left.saturating_sub(reduced.rows[e as usize].len() as u64);
            }
            for &k in &near {
                mark[k as usize] = false;
            }
            drop_order(&mut near);
            let mut dropped = Vec::new();
            let mut saved = 0.0;
            for k in near {
                let set = &reduced.sets[k as usize];
                steps_left = steps_left.saturating_sub(set.len() as u64);
                if set.iter().all(|&e| count[e as usize] >= 2) {
                    for &e in set {
                        count[e as usize] -= 1;
                    }
                    saved += cost[k as usize];
                    dropped.push(k);
                }
            }
            if saved - cost[t] > 1e-9 * cost[t].max(1.0) {
                chosen[t] = true;
                for k in dropped {
                    chosen[k as usize] = false;
                }
                improved = true;
            } else {
                for k in dropped {
                    for &e in &reduced.sets[k as usize] {
                        count[e as usize] += 1;
                    }
                }
                for &e in &reduced.sets[t] {
                    count[e as usize] -= 1;
                }
            }
            if steps_left == 0 {
                break;
            }
        }
    }

    chosen
}

/// A lower bound on the reduced LSCP: the value of a feasible dual solution.
fn dual_ascent(reduced: &Reduced) -> f64 {
    let mut slack = reduced.set_cost.clone();
    let mut order: Vec<u32> = (0..reduced.rows.len() as u32).collect();
    order.sort_by_key(|&e| (reduced.rows[e as usize].len(), e));
    let mut total = 0.0;
    for e in order {
        let row = &reduced.rows[e as usize];
        let y = row
            .iter()
            .map(|&k| slack[k as usize])
            .fold(f64::INFINITY, f64::min);
        if y.is_finite() && y > 0.0 {
            total += y;
            for &k in row {
                slack[k as usize] -= y;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::super::{CoverProblem, Model};
    use super::*;

    fn reduced(sets: &[Vec<u32>], n: usize, model: Model) -> Reduced {
        let m = sets.len();
        let problem =
            CoverProblem::from_coverage_sets(vec![1.0; n], vec![1.0; m], vec![false; m], sets)
                .unwrap();
        Reduced::new(&problem, model)
    }

    #[test]
    fn mclp_greedy_breaks_ties_to_the_lowest_index() {
        let r = reduced(
            &[vec![0, 1], vec![2, 3], vec![4, 5]],
            6,
            Model::Mclp { p: 1 },
        );

        let answer = solve(&r, Model::Mclp { p: 1 });

        assert_eq!(answer.chosen, vec![0]);
        assert_eq!(answer.value, 2.0);
    }

    #[test]
    fn mclp_swap_fixes_a_greedy_trap() {
        // Greedy takes the big middle site {1,2,3,4}; two end sites cover all six.
        let sets = [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]];
        let r = reduced(&sets, 6, Model::Mclp { p: 2 });

        let answer = solve(&r, Model::Mclp { p: 2 });

        assert_eq!(answer.value, 6.0);
        assert!(answer.proven(Model::Mclp { p: 2 }));
    }

    #[test]
    fn lscp_dual_bound_never_exceeds_the_cover_cost() {
        let sets = [vec![0, 1], vec![1, 2], vec![2, 3], vec![3, 0]];
        let r = reduced(&sets, 4, Model::Lscp);

        let answer = solve(&r, Model::Lscp);

        assert_eq!(answer.value, 2.0);
        assert!(answer.bound <= answer.value);
    }
}
