//! Coverage optimisation: which candidate sites to open so that demand lies within the
//! service standard.
//!
//! This module owns the location-science side of isleplan: a [`CoverProblem`](crate::optimise::CoverProblem) (demand
//! points `i` with weights, candidate sites `j` with costs and an `existing` flag, and
//! the coverage set `N_i` of each site), the models that choose sites from it, and the
//! [`Layout`](crate::optimise::Layout) they return. It does not measure travel: whoever builds the problem
//! decides what "within the service standard" means (travel minutes, metres, a cost
//! matrix) and hands over only the pairs that cover.
//!
//! Models, all with existing sites kept open and demand weighted (population):
//! - **LSCP** (location set covering, Toregas et al. 1971): the fewest new sites, or the
//!   cheapest when sites have costs, so that every demand point that any site can
//!   cover is covered. Demand no site can cover is reported, not an error.
//! - **MCLP** (maximal covering, Church & ReVelle 1974): at most `p` new sites
//!   maximising the covered weight.
//! - **Closure** ([`closures`](crate::optimise::closures)): which existing sites could close with no demand point
//!   losing coverage.
//!
//! Each model runs a reduction (drop dominated sites and demand, fix forced
//! sites), then a greedy construction with local search, then a Lagrangian relaxation
//! (bound, guided layouts, reduced-cost fixing), then, unless asked for the
//! heuristic only ([`propose_bounded`](crate::optimise::propose_bounded)), an exact
//! search bounded by a time limit (and, for LSCP, a node limit). For LSCP: column-fixing
//! dives for a cheaper cover, its own branch and bound with a Lagrangian bound at every
//! node, then a MIP on the reduced problem that starts from the best cover (its cost
//! as the cutoff for HiGHS, the cover as a warm start for `microlp`). For MCLP: a MIP
//! on what the root's reduced-cost fixing leaves. The MIP
//! solver is [`MIP_SOLVER`](crate::optimise::MIP_SOLVER): the pure-Rust `microlp` through `good_lp` by default, or
//! HiGHS with the cargo feature `highs` (C++ built from source; cmake at build time),
//! which is far stronger where the LP bound is weak and skips the tree unless a node
//! limit is asked for (PERFORMANCE.md has the figures that chose this). The answer
//! always has the same shape: the layout, a valid bound and whether optimality was
//! proven.
//!
//! Inputs in files (a cost matrix as CSV, like spopt's `from_cost_matrix`) are read by
//! [`csv`](crate::io::costs); the `isleplan optimize` arguments are in
//! [`cli`](crate::cli::optimize).

mod bnb;
mod closure;
mod dive;

mod exact;
mod greedy;
#[cfg(feature = "highs")]
mod highs;
mod lagrange;
pub mod orlib;
mod reduce;

pub use exact::BACKEND as MIP_SOLVER;

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;

pub use closure::{closures, Closure};

/// Demand weights, site costs and coverage sets: the input of every model.
///
/// Coverage sets are stored sparse (CSR: one offset per site into one array of demand
/// indices, `u32`), so an instance of a million demand points and 100,000 sites costs
/// only its number of covering pairs, 4 bytes each.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverProblem {
    demand_weight: Vec<f64>,
    site_cost: Vec<f64>,
    site_existing: Vec<bool>,
    /// `cover_demand[cover_offsets[j]..cover_offsets[j + 1]]` is site `j`'s coverage set.
    cover_offsets: Vec<u64>,
    /// Demand indices, sorted and without repeats within each site.
    cover_demand: Vec<u32>,
}

/// Why a [`CoverProblem`] could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemError {
    /// A demand weight is negative, infinite or NaN.
    #[error("demand point #{index} has an invalid weight (got {value}): weights must be finite and non-negative")]
    BadWeight {
        /// 0-based demand index.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// A site cost is negative, infinite or NaN.
    #[error("candidate site #{index} has an invalid cost (got {value}): costs must be finite and non-negative")]
    BadCost {
        /// 0-based site index.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// The demand weights add up past the largest `f64` (each is finite, their total
    /// is not): every covered weight and objective would be infinite.
    #[error("the demand weights add up past the largest number at demand point #{index}: their total must be finite")]
    WeightTotal {
        /// 0-based index of the demand point whose weight made the total infinite.
        index: usize,
    },
    /// The site costs add up past the largest `f64`.
    #[error("the site costs add up past the largest number at candidate site #{index}: their total must be finite")]
    CostTotal {
        /// 0-based index of the site whose cost made the total infinite.
        index: usize,
    },
    /// Two per-site lists differ in length.
    #[error("{what}: expected {expected} values, one per candidate site (got {got})")]
    LengthMismatch {
        /// Which list.
        what: &'static str,
        /// The number of sites.
        expected: usize,
        /// The list's length.
        got: usize,
    },
    /// A pair or coverage set names a demand point or site that does not exist.
    #[error("{what} #{index} names {kind} #{value}, but there are only {count}")]
    OutOfRange {
        /// `pair` or `coverage set`.
        what: &'static str,
        /// 0-based position of the pair or set.
        index: usize,
        /// `demand point` or `site`.
        kind: &'static str,
        /// The index named.
        value: u32,
        /// How many there are.
        count: usize,
    },
    /// A pair's cost is NaN or negative.
    #[error("pair #{index} has an invalid cost (got {value}): costs must be non-negative numbers")]
    BadPairCost {
        /// 0-based pair position.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// The service standard is NaN or negative.
    #[error("invalid maximum cost (got {0}): it must be a non-negative number")]
    BadMaxCost(f64),
    /// More demand points or sites than a `u32` index can name.
    #[error("too many {0}: at most 4,294,967,295 are supported")]
    TooLarge(&'static str),
}

fn check_lists(
    demand_weight: &[f64],
    site_cost: &[f64],
    site_existing: &[bool],
) -> Result<(), ProblemError> {
    if u32::try_from(demand_weight.len()).is_err() {
        return Err(ProblemError::TooLarge("demand points"));
    }
    if u32::try_from(site_cost.len()).is_err() {
        return Err(ProblemError::TooLarge("candidate sites"));
    }
    if site_existing.len() != site_cost.len() {
        return Err(ProblemError::LengthMismatch {
            what: "existing flags",
            expected: site_cost.len(),
            got: site_existing.len(),
        });
    }
    if let Some((index, &value)) = demand_weight
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
    {
        return Err(ProblemError::BadWeight { index, value });
    }
    if let Some((index, &value)) = site_cost
        .iter()
        .enumerate()
        .find(|(_, c)| !(c.is_finite() && **c >= 0.0))
    {
        return Err(ProblemError::BadCost { index, value });
    }
    if let Some(index) = first_infinite_sum(demand_weight) {
        return Err(ProblemError::WeightTotal { index });
    }
    if let Some(index) = first_infinite_sum(site_cost) {
        return Err(ProblemError::CostTotal { index });
    }
    Ok(())
}

/// The index at which the running sum of `values` (finite, non-negative) stops being
/// finite, if it does.
fn first_infinite_sum(values: &[f64]) -> Option<usize> {
    let mut total = 0.0_f64;
    values.iter().position(|&v| {
        total += v;
        !total.is_finite()
    })
}

impl CoverProblem {
    /// A problem from explicit coverage sets: `sets[j]` lists the demand indices that
    /// site `j` covers, in any order and with repeats allowed.
    ///
    /// `site_cost` and `site_existing` have one entry per site; use cost 1 everywhere
    /// for "fewest sites".
    pub fn from_coverage_sets(
        demand_weight: Vec<f64>,
        site_cost: Vec<f64>,
        site_existing: Vec<bool>,
        sets: &[Vec<u32>],
    ) -> Result<Self, ProblemError> {
        check_lists(&demand_weight, &site_cost, &site_existing)?;
        if sets.len() != site_cost.len() {
            return Err(ProblemError::LengthMismatch {
                what: "coverage sets",
                expected: site_cost.len(),
                got: sets.len(),
            });
        }
        let mut cover_offsets = Vec::with_capacity(sets.len() + 1);
        let mut cover_demand = Vec::with_capacity(sets.iter().map(Vec::len).sum());
        cover_offsets.push(0);
        for (j, set) in sets.iter().enumerate() {
            let start = cover_demand.len();
            for &i in set {
                if i as usize >= demand_weight.len() {
                    return Err(ProblemError::OutOfRange {
                        what: "coverage set",
                        index: j,
                        kind: "demand point",
                        value: i,
                        count: demand_weight.len(),
                    });
                }
                cover_demand.push(i);
            }
            cover_demand[start..].sort_unstable();
            let mut kept = start;
            for k in start..cover_demand.len() {
                if kept == start || cover_demand[k] != cover_demand[kept - 1] {
                    cover_demand[kept] = cover_demand[k];
                    kept += 1;
                }
            }
            cover_demand.truncate(kept);
            cover_offsets.push(cover_demand.len() as u64);
        }
        Ok(Self {
            demand_weight,
            site_cost,
            site_existing,
            cover_offsets,
            cover_demand,
        })
    }

    /// A problem from `(demand, site, cost)` pairs, spopt's `from_cost_matrix` in sparse
    /// form: site `j` covers demand point `i` when some pair `(i, j, cost)` has
    /// `cost <= max_cost`. Pairs not listed do not cover; an infinite cost never covers.
    ///
    /// # Runtime
    /// O(P log P) for P covering pairs (one parallel sort); memory 8 bytes per covering
    /// pair while building, 4 after.
    pub fn from_pairs(
        demand_weight: Vec<f64>,
        site_cost: Vec<f64>,
        site_existing: Vec<bool>,
        pairs: impl IntoIterator<Item = (u32, u32, f64)>,
        max_cost: f64,
    ) -> Result<Self, ProblemError> {
        use rayon::slice::ParallelSliceMut;

        check_lists(&demand_weight, &site_cost, &site_existing)?;
        if max_cost.is_nan() || max_cost < 0.0 {
            return Err(ProblemError::BadMaxCost(max_cost));
        }
        let (n_demand, n_sites) = (demand_weight.len(), site_cost.len());
        let mut keys: Vec<u64> = Vec::new();
        for (index, (i, j, cost)) in pairs.into_iter().enumerate() {
            if i as usize >= n_demand {
                return Err(ProblemError::OutOfRange {
                    what: "pair",
                    index,
                    kind: "demand point",
                    value: i,
                    count: n_demand,
                });
            }
            if j as usize >= n_sites {
                return Err(ProblemError::OutOfRange {
                    what: "pair",
                    index,
                    kind: "site",
                    value: j,
                    count: n_sites,
                });
            }
            if cost.is_nan() || cost < 0.0 {
                return Err(ProblemError::BadPairCost { index, value: cost });
            }
            // An infinite cost never covers, not even under an infinite `max_cost`.
            if cost.is_finite() && cost <= max_cost {
                keys.push((u64::from(j) << 32) | u64::from(i));
            }
        }
        // Sorting u64 keys gives the same order whatever the thread schedule.
        keys.par_sort_unstable();
        keys.dedup();
        let mut cover_offsets = vec![0u64; n_sites + 1];
        for &k in &keys {
            cover_offsets[(k >> 32) as usize + 1] += 1;
        }
        for j in 0..n_sites {
            cover_offsets[j + 1] += cover_offsets[j];
        }
        let cover_demand = keys.iter().map(|&k| k as u32).collect();
        Ok(Self {
            demand_weight,
            site_cost,
            site_existing,
            cover_offsets,
            cover_demand,
        })
    }

    /// Number of demand points.
    pub fn n_demand(&self) -> usize {
        self.demand_weight.len()
    }

    /// Number of candidate sites, existing ones included.
    pub fn n_sites(&self) -> usize {
        self.site_cost.len()
    }

    /// Number of covering (demand, site) pairs.
    pub fn n_pairs(&self) -> usize {
        self.cover_demand.len()
    }

    /// Weight (population) of demand point `i`.
    pub fn weight(&self, i: usize) -> f64 {
        self.demand_weight[i]
    }

    /// All demand weights, by demand index.
    pub fn weights(&self) -> &[f64] {
        &self.demand_weight
    }

    /// Cost of opening site `j` (0 for nothing is allowed).
    pub fn cost(&self, j: usize) -> f64 {
        self.site_cost[j]
    }

    /// Whether site `j` is already open (it stays open in every model but [`closures`]).
    pub fn is_existing(&self, j: usize) -> bool {
        self.site_existing[j]
    }

    /// The coverage set of site `j`: sorted demand indices within the service standard.
    pub fn covers(&self, j: usize) -> &[u32] {
        let (a, b) = (self.cover_offsets[j], self.cover_offsets[j + 1]);
        &self.cover_demand[a as usize..b as usize]
    }

    /// Sum of all demand weights, summed in index order.
    pub fn total_weight(&self) -> f64 {
        self.demand_weight.iter().sum()
    }

    /// Which demand points some open site covers, given the open sites.
    pub fn covered_mask(&self, open: &[u32]) -> Vec<bool> {
        let mut covered = vec![false; self.n_demand()];
        for &j in open {
            for &i in self.covers(j as usize) {
                covered[i as usize] = true;
            }
        }
        covered
    }

    /// Covered weight and covered count when the sites `open` are open.
    pub fn coverage(&self, open: &[u32]) -> (f64, usize) {
        let covered = self.covered_mask(open);
        let weight = covered
            .iter()
            .zip(&self.demand_weight)
            .filter(|(c, _)| **c)
            .map(|(_, w)| w)
            .sum();
        (weight, covered.iter().filter(|c| **c).count())
    }

    /// Demand points no site at all covers: (count, weight).
    pub fn uncoverable(&self) -> (usize, f64) {
        let all: Vec<u32> = (0..self.n_sites() as u32).collect();
        let covered = self.covered_mask(&all);
        let mut count = 0;
        let mut weight = 0.0;
        for (i, c) in covered.iter().enumerate() {
            if !c {
                count += 1;
                weight += self.demand_weight[i];
            }
        }
        (count, weight)
    }

    /// Indices of the existing sites, ascending.
    pub fn existing_sites(&self) -> Vec<u32> {
        (0..self.n_sites() as u32)
            .filter(|&j| self.site_existing[j as usize])
            .collect()
    }
}

/// The question asked of a [`CoverProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Location set covering: cover every coverable demand point at least cost.
    Lscp,
    /// Maximal covering: at most `p` new sites maximising the covered weight.
    Mclp {
        /// New sites allowed, in addition to the existing ones.
        p: usize,
    },
}

impl Model {
    /// `"lscp"` or `"mclp"`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Lscp => "lscp",
            Self::Mclp { .. } => "mclp",
        }
    }

    fn maximises(&self) -> bool {
        matches!(self, Self::Mclp { .. })
    }
}

/// Which procedure produced a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The MIP solver (whether or not it proved optimality in time).
    Exact,
    /// Greedy construction followed by local search.
    GreedyLocalSearch,
}

impl Method {
    /// `"exact"` or `"greedy+local-search"`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::GreedyLocalSearch => "greedy+local-search",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Heuristic, then the MIP solver within the time limit; the heuristic's layout is
    /// kept if the solver fails or finds nothing better in time.
    Exact,
    /// Heuristic with its best bound, no MIP: reduction, greedy and local search, then
    /// the Lagrangian relaxation (subgradient optimisation, a fixed number of
    /// iterations) for a near-LP bound and Lagrangian-guided layouts. Deterministic
    /// (nothing depends on time or the thread count) and near-linear: about 5 s for
    /// 100,000 demand points × 10,000 sites. `optimal` is still true when the bound
    /// meets the layout. [`propose_bounded`] is a shorthand.
    Heuristic,
}

/// Options shared by every model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveOptions {
    /// Wall-clock budget for the whole solve. Only the MIP and LP solves are cut short
    /// by it; reduction and the heuristic always finish (their work is bounded).
    pub time_limit: Duration,
    /// Exact or heuristic.
    pub strategy: Strategy,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(60),
            strategy: Strategy::Exact,
        }
    }
}

/// The answer of [`propose`]: which sites to open, how much they cover and how good
/// the answer is known to be.
///
/// `objective` is the new sites' total cost for LSCP (their count with unit costs) and
/// the covered weight for MCLP. `bound` is a proven bound on the optimum: a lower bound
/// for LSCP, an upper bound for MCLP. `optimal` is true only when the objective meets
/// the bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// The model solved.
    pub model: Model,
    /// Every open site, existing ones included, ascending site index.
    pub selected: Vec<u32>,
    /// The sites to open that are not existing, ascending.
    pub new_sites: Vec<u32>,
    /// New sites' total cost (LSCP) or covered weight (MCLP).
    pub objective: f64,
    /// Weight of the demand points covered by some open site.
    pub covered_weight: f64,
    /// Number of demand points covered by some open site.
    pub covered_count: usize,
    /// Weight of all demand points.
    pub total_weight: f64,
    /// Number of demand points.
    pub total_count: usize,
    /// Demand points that no candidate site covers, open or not.
    pub uncoverable_count: usize,
    /// Their weight.
    pub uncoverable_weight: f64,
    /// Whether `objective` is proven optimal.
    pub optimal: bool,
    /// Proven bound on the optimum (lower for LSCP, upper for MCLP).
    pub bound: f64,
    /// `|bound - objective| / max(|objective|, 1e-9)`; 0 when optimal.
    pub gap: f64,
    /// Which procedure chose `selected`.
    pub method: Method,
    /// Branch-and-bound nodes the exact search processed (0 when it did not run).
    pub nodes: u64,
    /// The limit that stopped the exact search before it proved `selected` optimal;
    /// `None` when it finished (or did not run).
    pub limit_reached: Option<LimitReached>,
}

/// Another name for [`Layout`], the literature's.
pub type CoverSolution = Layout;

impl Layout {
    /// Covered share of the demand points, in percent (0 when there are none).
    pub fn covered_count_pct(&self) -> f64 {
        if self.total_count == 0 {
            0.0
        } else {
            100.0 * self.covered_count as f64 / self.total_count as f64
        }
    }

    /// Covered share of the total weight (population), in percent.
    pub fn covered_weight_pct(&self) -> f64 {
        if self.total_weight > 0.0 {
            100.0 * self.covered_weight / self.total_weight
        } else {
            0.0
        }
    }
}

/// Relative gap between an objective and a bound, as reported in [`Layout::gap`].
pub(crate) fn relative_gap(objective: f64, bound: f64) -> f64 {
    let gap = (bound - objective).abs() / objective.abs().max(1e-9);
    if gap < 1e-9 {
        0.0
    } else {
        gap
    }
}

/// Chooses sites for `model`.
///
/// # Algorithm
/// 1. Existing sites are opened and the demand they cover set aside; demand no site
///    covers is counted as uncoverable.
/// 2. Reduction: demand points with the same candidate sites are merged; dominated
///    sites (coverage a subset of another's, at no lower cost for LSCP) are dropped;
///    for LSCP, a demand point with a single candidate forces that site open and a
///    demand point whose candidates include all of another's is dropped, repeated to a
///    fixed point. A work budget keeps this near-linear on very large inputs.
/// 3. Greedy (Chvátal's ratio rule for LSCP, largest marginal weight for MCLP; ties to
///    the lowest index) and local search (add one and drop the redundant for LSCP;
///    best swap for MCLP).
/// 4. Lagrangian relaxation (cover rows relaxed for LSCP, coverage-linking rows for
///    MCLP), optimised by subgradient steps: a bound close to the LP relaxation's,
///    rounded for integral objectives, which alone often proves the layout optimal;
///    greedy layouts guided by the multipliers replace step 3's when better.
/// 5. With [`Strategy::Exact`], unless step 4 proved optimality: for LSCP
///    column-fixing dives for a cheaper cover, then a branch and bound of its own on
///    what reduced-cost fixing leaves (a Lagrangian bound at every node, see
///    [`propose_with_limits`]), which after 10,000 nodes without a proof (at once
///    with HiGHS) hands over to the MIP of Toregas et al. on the reduced problem
///    (the best cover as `microlp`'s warm start, its cost as HiGHS's cutoff); for MCLP the MIP of Church & ReVelle on what
///    reduced-cost fixing leaves (only sites that can be in a strictly better
///    layout); within the time limit, solved by [`MIP_SOLVER`].
///
/// # Returns
/// A [`Layout`] whose `optimal` and `bound` tell how good it is. Deterministic when
/// the search finishes within the time limit, and always with
/// [`Strategy::Heuristic`]: the same input gives the same output.
///
/// # Runtime
/// Reduction and the heuristic are roughly O(P log P) in the number of covering
/// pairs, the relaxation O(P) per iteration (at most 3,000); the MIP is exponential in
/// the worst case and capped by the time limit.
pub fn propose(problem: &CoverProblem, model: Model, options: &SolveOptions) -> Layout {
    propose_with_limits(problem, model, options, SearchLimits::default())
}

/// Limits on the exact search besides [`SolveOptions::time_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchLimits {
    /// Branch-and-bound nodes at most (LSCP). Unlike the time limit, a node limit cuts
    /// the search at the same place on every machine and thread count, so the layout,
    /// bound and gap it returns are reproducible. `None`: no limit.
    pub nodes: Option<u64>,
}

/// Which limit stopped the exact search before it proved its layout optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitReached {
    /// [`SolveOptions::time_limit`]: where the search stopped depends on the clock.
    Time,
    /// [`SearchLimits::nodes`]: deterministic.
    Nodes,
}

impl LimitReached {
    /// `"time"` or `"nodes"`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Nodes => "nodes",
        }
    }
}

impl Serialize for LimitReached {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// [`propose`] with a node limit on the branch and bound.
///
/// LSCP with [`Strategy::Exact`] first looks for a cheaper cover by column-fixing
/// dives (see `dive`), then runs a branch and bound of its own (a Lagrangian bound at
/// every node, see `bnb`) on what the root's reduced-cost fixing leaves, and with no
/// node limit from the caller hands over to the MIP (see `TREE_NODES`); with a node
/// limit the tree alone runs, to that limit.
/// MCLP runs the MIP on what its fixing leaves (the node limit does not apply to it).
/// At a limit the best layout found so far is returned with the proven bound and the
/// gap; [`Layout::limit_reached`] says which limit stopped it.
///
/// # Determinism
/// Everything before the exact search is counted, not timed. The LSCP tree is
/// sequential, and HiGHS runs on one thread with its default seed: with a node limit,
/// or with no limit reached, the answer is the same on any machine and thread count.
/// When the time limit stops a search, the layout and bound are valid but depend on
/// how far the search got, which depends on the machine's speed and load (not on the
/// thread count as such). Where several layouts are optimal, the default build and
/// the HiGHS build may return different ones of the same objective.
pub fn propose_with_limits(
    problem: &CoverProblem,
    model: Model,
    options: &SolveOptions,
    limits: SearchLimits,
) -> Layout {
    let started = Instant::now();
    // A limit too large for the clock means no limit (a year is as good).
    let deadline = started
        .checked_add(options.time_limit)
        .or_else(|| started.checked_add(Duration::from_secs(365 * 86_400)))
        .unwrap_or(started);
    let reduced = reduce::Reduced::new(problem, model);
    let mut best = greedy::solve(&reduced, model);
    let mut search = SearchStats::default();
    if !best.proven(model) {
        let mut relaxation = lagrange::relax(&reduced, model, best);
        best = relaxation.answer.clone();
        best.tighten(relaxation.bound, model);
        if !best.proven(model) && options.strategy == Strategy::Exact && model == Model::Lscp {
            // A cheaper cover before the exact search makes its fixing and pruning
            // stronger (see `dive`); the root's fixings are then taken again.
            let dived = dive::lscp(&reduced, &relaxation, best.clone());
            if dived.value < best.value {
                best = dived;
                relaxation.answer = best.clone();
                lagrange::refix_lscp(&reduced, &mut relaxation);
            }
        }
        if !best.proven(model) && options.strategy == Strategy::Exact {
            best = match model {
                Model::Lscp => {
                    let limits = bnb::Limits {
                        deadline,
                        nodes: limits.nodes,
                    };
                    lscp_tree(&reduced, &relaxation, best, &limits, &mut search)
                }
                Model::Mclp { .. } => {
                    let answer = exact_after_fixing(&reduced, model, &relaxation, best, deadline);
                    if !answer.proven(model) && Instant::now() >= deadline {
                        search.limit = Some(LimitReached::Time);
                    }
                    answer
                }
            };
        }
    }
    let mut layout = finish(problem, model, &reduced, &best);
    layout.nodes = search.nodes;
    layout.limit_reached = if layout.optimal { None } else { search.limit };
    layout
}

/// How the exact search went.
#[derive(Debug, Clone, Copy, Default)]
struct SearchStats {
    nodes: u64,
    limit: Option<LimitReached>,
}

/// The LSCP branch and bound on what the relaxation's fixings leave; `best` is the
/// relaxation's answer, kept unless the tree finds a cheaper cover.
fn lscp_tree(
    reduced: &reduce::Reduced,
    relaxation: &lagrange::Relaxation,
    mut best: greedy::Answer,
    limits: &bnb::Limits,
    stats: &mut SearchStats,
) -> greedy::Answer {
    let Some(restricted) = lagrange::restrict(reduced, Model::Lscp, relaxation) else {
        // No cover strictly cheaper than `best` exists.
        best.bound = best.value;
        return best;
    };
    let sub = &restricted.reduced;
    // A sub-problem cover costs, in the parent's terms, its own cost plus the
    // candidates fixed open before it and by its own reduction.
    let offset: f64 = sub.constant
        + restricted
            .open
            .iter()
            .map(|&k| reduced.set_cost[k as usize])
            .sum::<f64>();
    // Without a node limit from the caller, the tree gets a fixed node budget and the
    // MIP the rest of the time (see [`TREE_NODES`]).
    let fallback = limits.nodes.is_none();
    let tree_limits = bnb::Limits {
        nodes: limits.nodes.or(Some(TREE_NODES)),
        ..*limits
    };
    let search = bnb::lscp(sub, best.value - offset, &tree_limits);
    stats.nodes = search.nodes;
    stats.limit = match search.stop {
        bnb::Stop::Finished => None,
        bnb::Stop::Time => Some(LimitReached::Time),
        bnb::Stop::Nodes => Some(LimitReached::Nodes),
    };
    // Covers outside the sub-problem cost at least `best.value`; those inside at least
    // the tree's bound, shifted.
    let bound = reduced.round_bound(search.bound + offset - 1e-9 * offset.abs().max(1.0), false);
    if let Some((chosen_sub, _)) = search.found {
        let chosen = lagrange::lift(&restricted, &chosen_sub);
        if let Some(value) = reduce::value_of(reduced, Model::Lscp, &chosen) {
            let candidate = greedy::Answer {
                chosen,
                value,
                bound: bound.min(value),
                method: Method::Exact,
            };
            best = best.merge(candidate, Model::Lscp);
        }
    }
    best.tighten(bound.min(best.value), Model::Lscp);
    if fallback && search.stop == bnb::Stop::Nodes {
        stats.limit = None;
        if let Some(mip) = exact::solve(reduced, Model::Lscp, &best, limits.deadline) {
            best = best.merge(mip, Model::Lscp);
        }
        if !best.proven(Model::Lscp) {
            stats.limit = Some(LimitReached::Time);
        }
    }
    best
}

/// Nodes the LSCP tree may use before the MIP takes over, when the caller sets no
/// node limit. Measured (PERFORMANCE.md):
/// - with `microlp` (the default build): every OR-Library instance the tree proves
///   within 10 s needs fewer; on the random 10,000 × 1,000 instance the Lagrangian
///   bound of the tree stalls 2 below the optimum after 30,000 nodes, where
///   `microlp`'s LP bounds prove it;
/// - with HiGHS (cargo feature `highs`): none. HiGHS straight after the root
///   relaxation proves every weighted OR-Library instance within 10 s; 400 or 1,000
///   tree nodes first made the hardest ones slower (scpd2 8.3 s → 10.5 s and 10.7 s)
///   while saving at most 2 s on the ones the tree finishes.
const TREE_NODES: u64 = if cfg!(feature = "highs") { 0 } else { 10_000 };

/// The MIP on what the Lagrangian fixings leave, within `deadline`; `best` is the
/// relaxation's answer, kept unless the MIP finds better.
fn exact_after_fixing(
    reduced: &reduce::Reduced,
    model: Model,
    relaxation: &lagrange::Relaxation,
    mut best: greedy::Answer,
    deadline: Instant,
) -> greedy::Answer {
    let Some(restricted) = lagrange::restrict(reduced, model, relaxation) else {
        // No answer strictly better than `best` exists.
        best.bound = best.value;
        return best;
    };
    let sub = &restricted.reduced;
    // The objective of a restricted answer, in the parent's terms, is found by lifting
    // it; the sub-problem's own bound is shifted by what the fixings settled.
    let shift = |value_sub: f64, chosen_sub: &[u32]| -> Option<(Vec<u32>, f64, f64)> {
        let chosen = lagrange::lift(&restricted, chosen_sub);
        let value = reduce::value_of(reduced, model, &chosen)?;
        Some((chosen, value, value - value_sub))
    };
    let start = greedy::solve(sub, restricted.model);
    let Some((_, _, offset)) = shift(start.value, &start.chosen) else {
        return best;
    };
    let outcome = if start.proven(restricted.model) || sub.sets.is_empty() {
        Some(start)
    } else {
        exact::solve(sub, restricted.model, &start, deadline)
    };
    let Some(outcome) = outcome else {
        return best;
    };
    let Some((chosen, value, _)) = shift(outcome.value, &outcome.chosen) else {
        return best;
    };
    // Any answer better than `best` is in the sub-problem, so its bound (shifted)
    // bounds them; `best` itself bounds the rest.
    let sub_bound = outcome.bound + offset;
    let candidate = greedy::Answer {
        chosen,
        value,
        bound: if model.maximises() {
            sub_bound.max(best.value)
        } else {
            sub_bound.min(best.value)
        },
        method: outcome.method,
    };
    best.merge(candidate, model)
}

/// The bounded heuristic: [`propose`] with [`Strategy::Heuristic`] (no MIP, no time
/// dependence). The layout's `bound` and `gap` say how far from optimal it can be;
/// `optimal` is true only when proven.
pub fn propose_bounded(problem: &CoverProblem, model: Model) -> Layout {
    propose(
        problem,
        model,
        &SolveOptions {
            time_limit: Duration::from_secs(365 * 86_400),
            strategy: Strategy::Heuristic,
        },
    )
}

/// Maps a reduced-problem answer back to the original sites and measures it.
fn finish(
    problem: &CoverProblem,
    model: Model,
    reduced: &reduce::Reduced,
    answer: &greedy::Answer,
) -> Layout {
    let mut new_sites: Vec<u32> = reduced.fixed_sites.clone();
    new_sites.extend(answer.chosen.iter().map(|&k| reduced.set_site[k as usize]));
    new_sites.sort_unstable();
    new_sites.dedup();
    let mut selected = problem.existing_sites();
    selected.extend(&new_sites);
    selected.sort_unstable();
    selected.dedup();
    let (covered_weight, covered_count) = problem.coverage(&selected);
    let objective = match model {
        Model::Lscp => new_sites.iter().map(|&j| problem.cost(j as usize)).sum(),
        Model::Mclp { .. } => covered_weight,
    };
    let mut bound = reduced.constant + answer.bound;
    // The bound cannot be worse than the answer in hand.
    bound = if model.maximises() {
        bound.max(objective)
    } else {
        bound.min(objective)
    };
    let optimal = relative_gap(objective, bound) == 0.0;
    if optimal {
        bound = objective;
    }
    let (uncoverable_count, uncoverable_weight) = problem.uncoverable();
    Layout {
        model,
        selected,
        new_sites,
        objective,
        covered_weight,
        covered_count,
        total_weight: problem.total_weight(),
        total_count: problem.n_demand(),
        uncoverable_count,
        uncoverable_weight,
        optimal,
        bound,
        gap: relative_gap(objective, bound),
        method: answer.method,
        nodes: 0,
        limit_reached: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> CoverProblem {
        // Site 0 covers {0,1}, site 1 covers {1,2}, site 2 covers {3}; demand 4 alone.
        CoverProblem::from_coverage_sets(
            vec![10.0, 1.0, 5.0, 2.0, 7.0],
            vec![1.0; 3],
            vec![false; 3],
            &[vec![1, 0, 1], vec![2, 1], vec![3]],
        )
        .unwrap()
    }

    #[test]
    fn coverage_sets_are_sorted_and_deduplicated() {
        let problem = toy();

        assert_eq!(problem.covers(0), &[0, 1]);
        assert_eq!(problem.n_pairs(), 5);
    }

    #[test]
    fn pairs_cover_only_within_the_standard() {
        let pairs = vec![(0, 0, 5.0), (1, 0, 5.1), (1, 1, f64::INFINITY), (0, 1, 0.0)];

        let problem =
            CoverProblem::from_pairs(vec![1.0, 1.0], vec![1.0; 2], vec![false; 2], pairs, 5.0)
                .unwrap();

        assert_eq!(problem.covers(0), &[0]);
        assert_eq!(problem.covers(1), &[0]);
    }

    #[test]
    fn an_infinite_pair_never_covers_even_under_an_infinite_standard() {
        let pairs = vec![(0, 0, f64::INFINITY), (1, 1, 1e308)];

        let problem = CoverProblem::from_pairs(
            vec![1.0, 1.0],
            vec![1.0; 2],
            vec![false; 2],
            pairs,
            f64::INFINITY,
        )
        .unwrap();

        assert!(problem.covers(0).is_empty());
        assert_eq!(problem.covers(1), &[1]);
    }

    #[test]
    fn weights_or_costs_adding_past_f64_are_rejected_with_the_index() {
        let weights =
            CoverProblem::from_coverage_sets(vec![1e308, 1.0, 1e308], vec![], vec![], &[]);
        let costs = CoverProblem::from_coverage_sets(
            vec![1.0],
            vec![1e308, 1e308],
            vec![false; 2],
            &[vec![0], vec![0]],
        );

        assert_eq!(weights, Err(ProblemError::WeightTotal { index: 2 }));
        assert_eq!(costs, Err(ProblemError::CostTotal { index: 1 }));
    }

    #[test]
    fn negative_weight_is_rejected_with_its_index() {
        let result = CoverProblem::from_coverage_sets(vec![1.0, -3.0], vec![], vec![], &[]);

        assert_eq!(
            result,
            Err(ProblemError::BadWeight {
                index: 1,
                value: -3.0
            })
        );
    }

    #[test]
    fn pair_naming_a_missing_site_is_an_error_not_a_panic() {
        let result =
            CoverProblem::from_pairs(vec![1.0], vec![1.0], vec![false], [(0, 7, 1.0)], 2.0);

        assert!(matches!(
            result,
            Err(ProblemError::OutOfRange { value: 7, .. })
        ));
    }

    #[test]
    fn lscp_reports_uncoverable_demand_instead_of_failing() {
        let layout = propose(&toy(), Model::Lscp, &SolveOptions::default());

        assert_eq!(layout.objective, 3.0);
        assert!(layout.optimal);
        assert_eq!(layout.uncoverable_count, 1);
        assert_eq!(layout.uncoverable_weight, 7.0);
        assert_eq!(layout.covered_count, 4);
    }

    #[test]
    fn mclp_picks_the_heaviest_sites() {
        let layout = propose(&toy(), Model::Mclp { p: 1 }, &SolveOptions::default());

        assert_eq!(layout.selected, vec![0]);
        assert_eq!(layout.objective, 11.0);
        assert!(layout.optimal);
    }

    #[test]
    fn existing_sites_stay_open_and_cost_nothing() {
        let problem = CoverProblem::from_coverage_sets(
            vec![1.0; 4],
            vec![1.0; 3],
            vec![true, false, false],
            &[vec![0, 1], vec![1, 2], vec![3]],
        )
        .unwrap();

        let layout = propose(&problem, Model::Lscp, &SolveOptions::default());

        assert_eq!(layout.selected, vec![0, 1, 2]);
        assert_eq!(layout.new_sites, vec![1, 2]);
        assert_eq!(layout.objective, 2.0);
    }

    /// Three sites on a triangle of demand: any two cover, one cannot. The greedy's
    /// dual bound is 1; the LP relaxation's is 1.5, which rounds up to 2.
    fn triangle() -> CoverProblem {
        CoverProblem::from_coverage_sets(
            vec![1.0; 3],
            vec![1.0; 3],
            vec![false; 3],
            &[vec![0, 1], vec![1, 2], vec![2, 0]],
        )
        .unwrap()
    }

    #[test]
    fn zero_time_limit_falls_back_to_the_heuristic_with_its_bound() {
        let options = SolveOptions {
            time_limit: Duration::ZERO,
            strategy: Strategy::Exact,
        };

        let layout = propose(&triangle(), Model::Lscp, &options);

        assert_eq!(layout.method, Method::GreedyLocalSearch);
        assert_eq!(layout.objective, 2.0);
        // The Lagrangian bound (1.5, rounded up) proves it without the MIP.
        assert!(layout.optimal);
        assert_eq!(layout.bound, 2.0);
    }

    #[test]
    fn lagrangian_bound_proves_the_heuristic_optimal_on_the_triangle() {
        let options = SolveOptions {
            strategy: Strategy::Heuristic,
            ..SolveOptions::default()
        };

        let layout = propose(&triangle(), Model::Lscp, &options);

        assert_eq!(layout.objective, 2.0);
        assert!(layout.optimal);
        assert_eq!(layout.bound, 2.0);
    }

    #[test]
    fn heuristic_strategy_reports_its_method_and_a_valid_bound() {
        let options = SolveOptions {
            strategy: Strategy::Heuristic,
            ..SolveOptions::default()
        };

        let layout = propose(&toy(), Model::Mclp { p: 2 }, &options);

        assert_eq!(layout.method, Method::GreedyLocalSearch);
        assert!(layout.bound >= layout.objective);
    }
}
