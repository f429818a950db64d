//! Problem reduction: the smaller, equivalent set system that the heuristic and the MIP
//! work on.
//!
//! Owns the rules that shrink a [`CoverProblem`] without changing its optimum, and the
//! objective of a layout on the reduced problem (`value_of`, which every solver's
//! answer is checked with); leaves choosing sites to `greedy` and `exact`, and
//! measuring the answer to `propose`.

use rayon::slice::ParallelSliceMut;

use super::{CoverProblem, Model};

/// Reduction stops looking for dominance after this many list steps per covering pair
/// (plus a fixed allowance), so it stays near-linear on very large inputs. Counting
/// steps instead of timing keeps the result deterministic.
const DOMINANCE_STEPS_PER_PAIR: u64 = 30;
const DOMINANCE_STEPS_BASE: u64 = 20_000_000;

/// A set system equivalent to the original problem under one model.
///
/// Elements are groups of demand points not yet covered by an existing (or forced)
/// site that share the same candidate sites; sets are the surviving candidate sites.
#[derive(Debug, Clone)]
pub(crate) struct Reduced {
    /// `sets[k]`: sorted elements covered by candidate `k`.
    pub sets: Vec<Vec<u32>>,
    /// `rows[e]`: sorted candidates covering element `e` (never empty).
    pub rows: Vec<Vec<u32>>,
    /// Cost of candidate `k` (positive for LSCP: zero-cost sites are fixed open).
    pub set_cost: Vec<f64>,
    /// Original site index of candidate `k`.
    pub set_site: Vec<u32>,
    /// Summed weight of the demand points in element `e`.
    pub element_weight: Vec<f64>,
    /// Original non-existing sites that every optimal answer may open (LSCP).
    pub fixed_sites: Vec<u32>,
    /// Objective already settled: the fixed sites' cost (LSCP) or the weight existing
    /// sites cover (MCLP).
    pub constant: f64,
    /// New sites still allowed (MCLP); unused for LSCP.
    pub p: usize,
    /// Whether every feasible objective value is an integer (integer costs for LSCP,
    /// integer weights for MCLP), so bounds may be rounded.
    pub integral: bool,
}

impl Reduced {
    /// Reduces `problem` for `model`.
    ///
    /// # Algorithm
    /// Existing sites are opened; each remaining demand point's candidate list is
    /// built (CSR transpose), and points with equal lists are merged (sort by list).
    /// Then, to a fixed point within a step budget:
    /// - a site whose coverage is a subset of another's (at no lower cost for LSCP; an
    ///   exact tie keeps the lower index) is dropped;
    /// - LSCP only: a zero-cost site, or the only candidate of some element, is fixed
    ///   open and what it covers removed; an element whose candidates include all
    ///   candidates of another element is dropped (covering the other covers it).
    ///
    /// # Runtime
    /// O(P log P) for the merge; dominance is capped at about 30 list steps per pair.
    pub fn new(problem: &CoverProblem, model: Model) -> Self {
        let n = problem.n_demand();
        let existing = problem.existing_sites();
        let covered0 = problem.covered_mask(&existing);
        let candidates: Vec<u32> = (0..problem.n_sites() as u32)
            .filter(|&j| !problem.is_existing(j as usize))
            .collect();

        // Demand -> candidate sites, CSR, each list ascending by site.
        let mut offsets = vec![0u64; n + 1];
        for &j in &candidates {
            for &i in problem.covers(j as usize) {
                if !covered0[i as usize] {
                    offsets[i as usize + 1] += 1;
                }
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill: Vec<u64> = offsets[..n].to_vec();
        let mut sites = vec![0u32; offsets[n] as usize];
        for &j in &candidates {
            for &i in problem.covers(j as usize) {
                if !covered0[i as usize] {
                    sites[fill[i as usize] as usize] = j;
                    fill[i as usize] += 1;
                }
            }
        }
        let row = |i: u32| &sites[offsets[i as usize] as usize..offsets[i as usize + 1] as usize];

        // Merge demand points with the same candidate list.
        let mut ids: Vec<u32> = (0..n as u32)
            .filter(|&i| offsets[i as usize + 1] > offsets[i as usize])
            .collect();
        ids.par_sort_by(|&a, &b| row(a).cmp(row(b)).then(a.cmp(&b)));
        let mut rows: Vec<Vec<u32>> = Vec::new();
        let mut element_weight: Vec<f64> = Vec::new();
        for &i in &ids {
            if rows.last().map(Vec::as_slice) != Some(row(i)) {
                rows.push(row(i).to_vec());
                element_weight.push(0.0);
            }
            if let Some(w) = element_weight.last_mut() {
                *w += problem.weight(i as usize);
            }
        }
        drop(sites);

        let constant = match model {
            Model::Lscp => 0.0,
            Model::Mclp { .. } => (0..n)
                .filter(|&i| covered0[i])
                .map(|i| problem.weight(i))
                .sum(),
        };
        let integral = match model {
            Model::Lscp => candidates
                .iter()
                .all(|&j| problem.cost(j as usize).fract() == 0.0),
            Model::Mclp { .. } => problem.weights().iter().all(|w| w.fract() == 0.0),
        };
        let p = match model {
            Model::Lscp => 0,
            Model::Mclp { p } => p,
        };

        // Site -> elements, over all sites (dense by original index for now).
        let mut by_site: Vec<Vec<u32>> = vec![Vec::new(); problem.n_sites()];
        for (e, r) in rows.iter().enumerate() {
            for &j in r {
                by_site[j as usize].push(e as u32);
            }
        }
        let mut work = Work {
            sets: by_site,
            rows,
            set_alive: Vec::new(),
            elem_alive: Vec::new(),
            set_size: Vec::new(),
            row_size: Vec::new(),
            cost: (0..problem.n_sites()).map(|j| problem.cost(j)).collect(),
            weight: element_weight,
            fixed: Vec::new(),
            steps_left: DOMINANCE_STEPS_PER_PAIR
                .saturating_mul(problem.n_pairs() as u64)
                .saturating_add(DOMINANCE_STEPS_BASE),
        };
        work.set_alive = work.sets.iter().map(|s| !s.is_empty()).collect();
        work.elem_alive = vec![true; work.rows.len()];
        work.set_size = work.sets.iter().map(|s| s.len() as u32).collect();
        work.row_size = work.rows.iter().map(|r| r.len() as u32).collect();

        let lscp = matches!(model, Model::Lscp);
        if lscp {
            work.fix_free_sites();
            work.fix_forced();
        }
        loop {
            let mut changed = work.drop_dominated_sets(lscp);
            if lscp {
                changed |= work.fix_forced();
                changed |= work.drop_dominated_elements();
                changed |= work.fix_forced();
            }
            if !changed || work.steps_left == 0 {
                break;
            }
        }
        work.into_reduced(problem, constant, p, integral)
    }

    /// Number of (element, candidate) pairs left.
    pub fn n_pairs(&self) -> usize {
        self.sets.iter().map(Vec::len).sum()
    }

    /// Total weight of the elements.
    pub fn total_weight(&self) -> f64 {
        self.element_weight.iter().sum()
    }

    /// Rounds a bound to the nearest value the objective can take, when integral.
    pub fn round_bound(&self, bound: f64, maximise: bool) -> f64 {
        if !self.integral {
            return bound;
        }
        if maximise {
            (bound + 1e-6).floor()
        } else {
            (bound - 1e-6).ceil()
        }
    }
}

/// The objective of `chosen` on the reduced problem; `None` if it breaks a constraint.
pub(crate) fn value_of(reduced: &Reduced, model: Model, chosen: &[u32]) -> Option<f64> {
    let mut on = vec![false; reduced.sets.len()];
    for &k in chosen {
        on[k as usize] = true;
    }
    match model {
        Model::Lscp => {
            let feasible = reduced
                .rows
                .iter()
                .all(|row| row.iter().any(|&k| on[k as usize]));
            feasible.then(|| chosen.iter().map(|&k| reduced.set_cost[k as usize]).sum())
        }
        Model::Mclp { .. } => {
            if chosen.len() > reduced.p {
                return None;
            }
            Some(
                reduced
                    .rows
                    .iter()
                    .zip(&reduced.element_weight)
                    .filter(|(row, _)| row.iter().any(|&k| on[k as usize]))
                    .map(|(_, w)| w)
                    .sum(),
            )
        }
    }
}

/// Mutable state of the reduction: lists with lazy deletion and live counts.
struct Work {
    sets: Vec<Vec<u32>>,
    rows: Vec<Vec<u32>>,
    set_alive: Vec<bool>,
    elem_alive: Vec<bool>,
    set_size: Vec<u32>,
    row_size: Vec<u32>,
    cost: Vec<f64>,
    weight: Vec<f64>,
    fixed: Vec<u32>,
    steps_left: u64,
}

impl Work {
    fn spend(&mut self, steps: usize) -> bool {
        self.steps_left = self.steps_left.saturating_sub(steps as u64);
        self.steps_left > 0
    }

    fn remove_set(&mut self, k: usize) {
        if !self.set_alive[k] {
            return;
        }
        self.set_alive[k] = false;
        for &e in &self.sets[k] {
            if self.elem_alive[e as usize] {
                self.row_size[e as usize] -= 1;
            }
        }
    }

    fn remove_element(&mut self, e: usize) {
        if !self.elem_alive[e] {
            return;
        }
        self.elem_alive[e] = false;
        for idx in 0..self.rows[e].len() {
            let k = self.rows[e][idx] as usize;
            if self.set_alive[k] {
                self.set_size[k] -= 1;
                if self.set_size[k] == 0 {
                    self.set_alive[k] = false;
                }
            }
        }
    }

    /// Opens site `k` for good: its cost is paid and what it covers is removed.
    fn fix(&mut self, k: usize) {
        self.fixed.push(k as u32);
        for idx in 0..self.sets[k].len() {
            let e = self.sets[k][idx] as usize;
            self.remove_element(e);
        }
        self.set_alive[k] = false;
    }

    fn fix_free_sites(&mut self) {
        for k in 0..self.sets.len() {
            if self.set_alive[k] && self.cost[k] == 0.0 {
                self.fix(k);
            }
        }
    }

    /// Fixes the only candidate of every element that has one; true if any.
    fn fix_forced(&mut self) -> bool {
        let mut changed = false;
        for e in 0..self.rows.len() {
            if self.elem_alive[e] && self.row_size[e] == 1 {
                let k = self.rows[e]
                    .iter()
                    .map(|&k| k as usize)
                    .find(|&k| self.set_alive[k]);
                if let Some(k) = k {
                    self.fix(k);
                    changed = true;
                }
            }
        }
        changed
    }

    /// Whether every live member of `small` is in `big` (both ascending).
    fn live_subset(small: &[u32], big: &[u32], alive: &[bool]) -> (bool, usize) {
        let mut b = 0;
        let mut steps = 0;
        for &x in small {
            if !alive[x as usize] {
                continue;
            }
            while b < big.len() && big[b] < x {
                b += 1;
                steps += 1;
            }
            steps += 1;
            if b == big.len() || big[b] != x {
                return (false, steps);
            }
        }
        (true, steps)
    }

    /// Drops sites whose coverage another site contains (no cheaper, for LSCP).
    fn drop_dominated_sets(&mut self, by_cost: bool) -> bool {
        let mut changed = false;
        for j in 0..self.sets.len() {
            if !self.set_alive[j] || self.steps_left == 0 {
                continue;
            }
            // Any dominating site covers j's rarest element.
            let Some(rare) = self.sets[j]
                .iter()
                .filter(|&&e| self.elem_alive[e as usize])
                .min_by_key(|&&e| (self.row_size[e as usize], e))
                .copied()
            else {
                continue;
            };
            let mut dominated = false;
            let mut steps = self.rows[rare as usize].len();
            for &k in &self.rows[rare as usize] {
                let k = k as usize;
                if k == j || !self.set_alive[k] || self.set_size[k] < self.set_size[j] {
                    continue;
                }
                if by_cost && self.cost[k] > self.cost[j] {
                    continue;
                }
                let strictly_better = self.set_size[k] > self.set_size[j]
                    || (by_cost && self.cost[k] < self.cost[j])
                    || k < j;
                if !strictly_better {
                    continue;
                }
                let (subset, s) = Self::live_subset(&self.sets[j], &self.sets[k], &self.elem_alive);
                steps += s;
                if subset {
                    dominated = true;
                    break;
                }
            }
            if !self.spend(steps) {
                break;
            }
            if dominated {
                self.remove_set(j);
                changed = true;
            }
        }
        changed
    }

    /// Drops elements whose candidates include all candidates of another element.
    fn drop_dominated_elements(&mut self) -> bool {
        let mut changed = false;
        for f in 0..self.rows.len() {
            if !self.elem_alive[f] || self.steps_left == 0 {
                continue;
            }
            // Every element e with rows[f] ⊆ rows[e] lies in f's smallest set.
            let Some(small) = self.rows[f]
                .iter()
                .filter(|&&k| self.set_alive[k as usize])
                .min_by_key(|&&k| (self.set_size[k as usize], k))
                .copied()
            else {
                continue;
            };
            let mut steps = self.sets[small as usize].len();
            let mut doomed = Vec::new();
            for &e in &self.sets[small as usize] {
                let e = e as usize;
                if e == f || !self.elem_alive[e] || self.row_size[e] < self.row_size[f] {
                    continue;
                }
                if self.row_size[e] == self.row_size[f] && e < f {
                    // Equal lists: the lower index survives (it checks e, not f).
                    continue;
                }
                let (subset, s) = Self::live_subset(&self.rows[f], &self.rows[e], &self.set_alive);
                steps += s;
                if subset {
                    doomed.push(e);
                }
            }
            if !self.spend(steps) {
                break;
            }
            for e in doomed {
                self.remove_element(e);
                changed = true;
            }
        }
        changed
    }

    fn into_reduced(
        self,
        problem: &CoverProblem,
        constant: f64,
        p: usize,
        integral: bool,
    ) -> Reduced {
        let mut set_index = vec![u32::MAX; self.sets.len()];
        let mut set_site = Vec::new();
        for (k, &alive) in self.set_alive.iter().enumerate() {
            if alive {
                set_index[k] = set_site.len() as u32;
                set_site.push(k as u32);
            }
        }
        let mut element_weight = Vec::new();
        let mut rows = Vec::new();
        for (e, &alive) in self.elem_alive.iter().enumerate() {
            if alive {
                element_weight.push(self.weight[e]);
                let row: Vec<u32> = self.rows[e]
                    .iter()
                    .filter(|&&k| self.set_alive[k as usize])
                    .map(|&k| set_index[k as usize])
                    .collect();
                rows.push(row);
            }
        }
        // Elements are dropped only for LSCP, where weights play no part in the objective.
        let mut sets = vec![Vec::new(); set_site.len()];
        for (e, row) in rows.iter().enumerate() {
            for &k in row {
                sets[k as usize].push(e as u32);
            }
        }
        let set_cost = set_site.iter().map(|&j| problem.cost(j as usize)).collect();
        let mut fixed_sites = self.fixed.clone();
        fixed_sites.sort_unstable();
        let fixed_cost: f64 = fixed_sites.iter().map(|&j| problem.cost(j as usize)).sum();
        Reduced {
            sets,
            rows,
            set_cost,
            set_site,
            element_weight,
            fixed_sites,
            // Fixing happens only for LSCP, whose constant is the fixed cost.
            constant: constant + fixed_cost,
            p,
            integral,
        }
    }
}

/// splitmix64 (Steele, Lea & Flood 2014): a seeded stream below the bound asked for;
/// the random instances of the optimiser's unit tests.
#[cfg(test)]
pub(super) fn below(mut state: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// The shape of a random instance for the optimiser's unit tests: `n` demand points
/// and `m` sites, each `(least, spread)` for `least + rnd(spread)`; each site covers
/// `1 + rnd(set)` draws among the points (repeats allowed); weights `1 + rnd(weight)`,
/// or all 1 when `weight` is 0.
#[cfg(test)]
pub(super) struct Shape {
    pub n: (usize, u64),
    pub m: (usize, u64),
    pub set: u64,
    pub weight: u64,
}

/// A random problem of `shape` from the stream `rnd`, costs drawn from `costs`.
#[cfg(test)]
pub(super) fn random_problem(
    rnd: &mut impl FnMut(u64) -> u64,
    shape: &Shape,
    costs: &[f64],
) -> CoverProblem {
    let n = shape.n.0 + rnd(shape.n.1) as usize;
    let m = shape.m.0 + rnd(shape.m.1) as usize;
    let sets: Vec<Vec<u32>> = (0..m)
        .map(|_| {
            (0..1 + rnd(shape.set))
                .map(|_| rnd(n as u64) as u32)
                .collect()
        })
        .collect();
    let weights = (0..n)
        .map(|_| {
            if shape.weight == 0 {
                1.0
            } else {
                (1 + rnd(shape.weight)) as f64
            }
        })
        .collect();
    let cost = (0..m)
        .map(|_| costs[rnd(costs.len() as u64) as usize])
        .collect();
    CoverProblem::from_coverage_sets(weights, cost, vec![false; m], &sets).unwrap()
}

/// The reduced problem's optimum, constant aside, by trying every subset of its
/// candidates: the cheapest cover (LSCP; every row has a candidate) or the most
/// weight covered by at most `p` candidates (MCLP). The oracle of the reduction's
/// and the Lagrangian bound's tests.
#[cfg(test)]
pub(super) fn enumerated_optimum(r: &Reduced, model: Model) -> f64 {
    let m = r.sets.len();
    assert!(m <= 16, "{m} candidates is too many to enumerate");
    let mut best = match model {
        Model::Lscp => f64::INFINITY,
        Model::Mclp { .. } => 0.0,
    };
    for mask in 0u32..1 << m {
        let on = |k: u32| mask >> k & 1 == 1;
        match model {
            Model::Lscp => {
                if r.rows.iter().all(|row| row.iter().any(|&k| on(k))) {
                    let cost: f64 = (0..m as u32)
                        .filter(|&k| on(k))
                        .map(|k| r.set_cost[k as usize])
                        .sum();
                    best = best.min(cost);
                }
            }
            Model::Mclp { .. } => {
                if mask.count_ones() as usize <= r.p {
                    let covered: f64 = r
                        .rows
                        .iter()
                        .zip(&r.element_weight)
                        .filter(|(row, _)| row.iter().any(|&k| on(k)))
                        .map(|(_, w)| w)
                        .sum();
                    best = best.max(covered);
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(weights: Vec<f64>, costs: Vec<f64>, sets: &[Vec<u32>]) -> CoverProblem {
        let m = costs.len();
        CoverProblem::from_coverage_sets(weights, costs, vec![false; m], sets).unwrap()
    }

    /// The original sites the reduced problem's candidates stand for.
    fn sites(r: &Reduced) -> Vec<u32> {
        r.set_site.clone()
    }

    #[test]
    fn points_with_the_same_candidates_merge_into_one_weighted_element() {
        // Demand 0 and 1 are both covered by exactly sites {0, 1}; demand 2 by
        // {1, 2}; demand 3 by {0, 2}. MCLP drops no demand: three elements, the
        // first weighing 2 + 3 = 5.
        let p = problem(
            vec![2.0, 3.0, 7.0, 11.0],
            vec![1.0; 3],
            &[vec![0, 1, 3], vec![0, 1, 2], vec![2, 3]],
        );

        let r = Reduced::new(&p, Model::Mclp { p: 1 });

        assert_eq!(r.rows, vec![vec![0, 1], vec![0, 2], vec![1, 2]]);
        assert_eq!(r.element_weight, vec![5.0, 11.0, 7.0]);
        assert_eq!(sites(&r), vec![0, 1, 2]);
        assert_eq!(r.constant, 0.0);
        assert_eq!(r.p, 1);
    }

    #[test]
    fn a_site_inside_another_is_dropped() {
        // MCLP: site 1 covers {0}, inside site 0's {0, 1}; site 2 covers {2}.
        let p = problem(vec![1.0; 3], vec![1.0; 3], &[vec![0, 1], vec![0], vec![2]]);

        let r = Reduced::new(&p, Model::Mclp { p: 1 });

        assert_eq!(sites(&r), vec![0, 2]);
        // Demand is never dropped for MCLP: three elements remain.
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.total_weight(), 3.0);
    }

    #[test]
    fn lscp_keeps_a_cheaper_site_inside_a_dearer_one() {
        // Site 1 covers {0}, inside site 0's {0, 1}, but costs 1 against 5: it may
        // be in the cheapest cover (with site 2 for demand 1), so it stays. Site 3,
        // inside site 0 at the same cost (5), goes.
        let p = problem(
            vec![1.0; 2],
            vec![5.0, 1.0, 1.0, 5.0],
            &[vec![0, 1], vec![0], vec![1], vec![1]],
        );

        let r = Reduced::new(&p, Model::Lscp);

        assert_eq!(sites(&r), vec![0, 1, 2]);
        assert!(r.fixed_sites.is_empty());
    }

    #[test]
    fn lscp_fixes_free_and_forced_sites_to_a_fixed_point() {
        // Site 3 costs nothing: fixed open, taking demand 4. Demand 0 has one
        // candidate, site 0 (cost 2): fixed open, taking demand 1 with it. Left:
        // demand 2 and 3, each covered by sites 1 and 2 alike — one element — where
        // site 2 ({2, 3}, cost 1) is inside site 1 ({1, 2, 3} less the covered 1,
        // cost 1) and loses the tie to the lower index. The element then has one
        // candidate, site 1, which is fixed too: nothing is left to choose, and the
        // settled cost is 0 + 2 + 1 = 3.
        let p = problem(
            vec![1.0; 5],
            vec![2.0, 1.0, 1.0, 0.0],
            &[vec![0, 1], vec![1, 2, 3], vec![2, 3], vec![4]],
        );

        let r = Reduced::new(&p, Model::Lscp);

        assert_eq!(r.fixed_sites, vec![0, 1, 3]);
        assert_eq!(r.constant, 3.0);
        assert!(r.sets.is_empty() && r.rows.is_empty());
    }

    #[test]
    fn lscp_drops_a_point_whose_candidates_include_anothers() {
        // Sites A = 0, B = 1, C = 2 on a triangle of demand — 0 by {A, B}, 1 by
        // {B, C}, 2 by {C, A} — and demand 3 covered by all three. No site is inside
        // another and none is forced, but covering demand 0 covers demand 3, so 3 is
        // dropped: the triangle is left.
        let p = problem(
            vec![1.0; 4],
            vec![1.0; 3],
            &[vec![0, 2, 3], vec![0, 1, 3], vec![1, 2, 3]],
        );

        let r = Reduced::new(&p, Model::Lscp);

        assert_eq!(sites(&r), vec![0, 1, 2]);
        assert!(r.fixed_sites.is_empty());
        assert_eq!(r.rows, vec![vec![0, 1], vec![0, 2], vec![1, 2]]);
        // MCLP keeps every point (weights count there).
        assert_eq!(Reduced::new(&p, Model::Mclp { p: 1 }).rows.len(), 4);
    }

    #[test]
    fn demand_the_existing_sites_cover_leaves_and_counts_for_mclp() {
        // Site 0 is open and covers demand 0 (weight 4) and 1 (weight 6): MCLP's
        // constant is 10, and only demand 2 is left, covered by site 1.
        let p = CoverProblem::from_coverage_sets(
            vec![4.0, 6.0, 3.0],
            vec![1.0; 2],
            vec![true, false],
            &[vec![0, 1], vec![1, 2]],
        )
        .unwrap();

        let r = Reduced::new(&p, Model::Mclp { p: 1 });

        assert_eq!(r.constant, 10.0);
        assert_eq!(sites(&r), vec![1]);
        assert_eq!(r.rows, vec![vec![0]]);
        assert_eq!(r.element_weight, vec![3.0]);
    }

    /// The original problem's optimum by trying every subset of its new sites:
    /// cheapest cover of all coverable demand (LSCP), or most weight covered with at
    /// most `p` new sites (MCLP); existing sites open and free.
    fn original_optimum(p: &CoverProblem, model: Model) -> f64 {
        let new: Vec<u32> = (0..p.n_sites() as u32)
            .filter(|&j| !p.is_existing(j as usize))
            .collect();
        let all: Vec<u32> = (0..p.n_sites() as u32).collect();
        let coverable = p.covered_mask(&all);
        let mut best = match model {
            Model::Lscp => f64::INFINITY,
            Model::Mclp { .. } => 0.0,
        };
        for mask in 0u32..1 << new.len() {
            let mut open = p.existing_sites();
            open.extend(
                (0..new.len())
                    .filter(|b| mask >> b & 1 == 1)
                    .map(|b| new[b]),
            );
            let covered = p.covered_mask(&open);
            match model {
                Model::Lscp => {
                    if covered.iter().zip(&coverable).all(|(c, can)| *c || !*can) {
                        let cost: f64 = (0..new.len())
                            .filter(|b| mask >> b & 1 == 1)
                            .map(|b| p.cost(new[b] as usize))
                            .sum();
                        best = best.min(cost);
                    }
                }
                Model::Mclp { p: most } => {
                    if mask.count_ones() as usize <= most {
                        best = best.max(p.coverage(&open).0);
                    }
                }
            }
        }
        best
    }

    /// The reduced problem's optimum, likewise, plus its constant.
    fn reduced_optimum(r: &Reduced, model: Model) -> f64 {
        r.constant + enumerated_optimum(r, model)
    }

    #[test]
    fn reduction_keeps_the_optimum_on_random_small_problems() {
        let mut rnd = below(0x0dd_ba11);
        let mut shrunk = 0;
        for round in 0..400 {
            let n = 1 + rnd(10) as usize;
            let m = 1 + rnd(10) as usize;
            let sets: Vec<Vec<u32>> = (0..m)
                .map(|_| (0..rnd(5)).map(|_| rnd(n as u64) as u32).collect())
                .collect();
            let weights = (0..n).map(|_| (1 + rnd(6)) as f64).collect();
            // Costs 0–3, with 0 rare; a few sites already open.
            let costs = (0..m)
                .map(|_| [0.0, 1.0, 1.0, 2.0, 3.0, 1.5][rnd(6) as usize])
                .collect();
            let existing = (0..m).map(|_| rnd(5) == 0).collect();
            let p = CoverProblem::from_coverage_sets(weights, costs, existing, &sets).unwrap();
            let model = if round % 2 == 0 {
                Model::Lscp
            } else {
                Model::Mclp { p: rnd(4) as usize }
            };

            let r = Reduced::new(&p, model);

            let (want, got) = (original_optimum(&p, model), reduced_optimum(&r, model));
            assert!(
                (want - got).abs() <= 1e-9,
                "{model:?}: original {want}, reduced {got}; sets {sets:?}"
            );
            // Every surviving row has a candidate, and sets and rows agree.
            assert!(r.rows.iter().all(|row| !row.is_empty()));
            for (e, row) in r.rows.iter().enumerate() {
                for &k in row {
                    assert!(r.sets[k as usize].contains(&(e as u32)));
                }
            }
            if r.n_pairs() < p.n_pairs() {
                shrunk += 1;
            }
        }
        assert!(shrunk > 200, "reduction shrank only {shrunk} of 400");
    }
}
