//! Branch and bound for the reduced LSCP (weighted set covering) with a Lagrangian
//! bound at every node.
//!
//! Owns the search tree: node bounds, reduced-cost fixing inside the tree, the
//! primal heuristic at the nodes, branching and the node order, and the node and time
//! limits. Leaves the problem reductions to `reduce`, the root relaxation and the
//! fixings before the tree to `lagrange`, and the local search to `greedy`.
//!
//! The search is sequential and every sum is taken in a fixed order, so for a given
//! node limit the answer is the same on any machine and thread count. A time limit
//! cuts the search wherever the clock says: the answer is then valid (a cover with a
//! proven bound) but how far the search got depends on the machine's speed and load.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::time::Instant;

use super::greedy::{self, Key};
use super::reduce::Reduced;

/// Subgradient iterations at the root of the tree.
const ROOT_ITERATIONS: usize = 600;
/// Subgradient iterations at any other node (warm-started from the parent's
/// multipliers, so few are needed; the loop stops early once the node is pruned).
const NODE_ITERATIONS: usize = 60;
/// Iterations without a better node bound before the step factor halves.
const NODE_PATIENCE: usize = 8;
/// Root: iterations without a better bound before the step factor halves.
const ROOT_PATIENCE: usize = 20;
/// Smoothing of the averaged Lagrangian solution that branching reads (Barahona &
/// Anbil's volume algorithm uses the same kind of average as a primal estimate).
const AVERAGE: f64 = 0.15;
/// Local-search list steps per pair for the heuristic run at a node.
const LOCAL_STEPS_PER_PAIR: u64 = 2;
/// Stored multipliers (per open node, one per row) at most, in all; past this the
/// children are warm-started from the root's multipliers instead.
const STORED_MULTIPLIERS: usize = 40_000_000;
/// Bit marking a decision "column in" (otherwise "column out").
const IN: u32 = 1 << 31;

/// Where the search stops besides finishing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Wall-clock deadline (not deterministic).
    pub deadline: Instant,
    /// Nodes at most (deterministic).
    pub nodes: Option<u64>,
}

/// Why a search stopped before proving its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Every node was settled.
    Finished,
    /// The deadline passed.
    Time,
    /// The node limit was reached.
    Nodes,
}

/// What the tree found.
#[derive(Debug, Clone)]
pub(crate) struct Search {
    /// The best cover found that is strictly cheaper than the cutoff given, if any:
    /// chosen candidates ascending, and its cost.
    pub found: Option<(Vec<u32>, f64)>,
    /// A lower bound on the cheapest cover, or the cutoff when no cover is cheaper:
    /// every cover costs at least `min(bound, cutoff)` (rounded when integral).
    pub bound: f64,
    /// Nodes processed.
    pub nodes: u64,
    /// Why it stopped.
    pub stop: Stop,
}

/// An open node: the decisions on its path and the multipliers to start from.
struct Node {
    bound: f64,
    depth: u32,
    id: u64,
    /// Candidates fixed on the path: `k | IN` or `k`.
    decisions: Vec<u32>,
    /// Multipliers (one per row) to warm-start from, or the root's when `None`.
    u: Option<Vec<f64>>,
}

impl Node {
    fn key(&self) -> (Reverse<Key>, u32, Reverse<u64>) {
        (Reverse(Key(self.bound)), self.depth, Reverse(self.id))
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// A candidate's state at a node.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Free,
    In,
    Out,
}

/// What processing a node decided.
enum Outcome {
    /// No cover strictly cheaper than the incumbent below this node.
    Pruned,
    /// Branch on `column`; the node's bound is `bound`, its fixings `fixed`.
    Branch {
        bound: f64,
        /// The bound at the multipliers the reduced cost was computed with.
        level: f64,
        column: u32,
        reduced_cost: f64,
        fixed: Vec<u32>,
        u: Vec<f64>,
    },
}

/// The search's working state.
struct Tree<'a> {
    r: &'a Reduced,
    /// The cost to beat: only covers strictly cheaper count.
    upper: f64,
    found: Option<(Vec<u32>, f64)>,
    state: Vec<State>,
    active: Vec<bool>,
    rc: Vec<f64>,
    xbar: Vec<f64>,
    g: Vec<f64>,
    local_steps: u64,
}

impl Tree<'_> {
    /// The bound a node must exceed to be pruned: `upper` less the smallest
    /// improvement (1 for integral costs).
    fn cutoff(&self) -> f64 {
        if !self.upper.is_finite() {
            f64::INFINITY
        } else if self.r.integral {
            self.upper - 1.0 + 1e-6
        } else {
            self.upper - 1e-9 * self.upper.abs().max(1.0)
        }
    }

    /// Takes `chosen` (a cover of every row) if it is cheaper than the incumbent.
    fn consider(&mut self, chosen: &[bool]) {
        let value: f64 = chosen
            .iter()
            .zip(&self.r.set_cost)
            .filter(|(on, _)| **on)
            .map(|(_, c)| c)
            .sum();
        let better = if self.upper.is_finite() {
            value < self.upper - 1e-9 * self.upper.abs().max(1.0)
        } else {
            value.is_finite()
        };
        if better {
            self.upper = value;
            let ks = (0..chosen.len() as u32)
                .filter(|&k| chosen[k as usize])
                .collect();
            self.found = Some((ks, value));
        }
    }

    /// Sets `state` and `active` for a node's decisions; returns the fixed cost, or
    /// `None` when some row has no candidate left.
    fn load(&mut self, decisions: &[u32]) -> Option<f64> {
        self.state.fill(State::Free);
        for &d in decisions {
            let k = (d & !IN) as usize;
            self.state[k] = if d & IN != 0 { State::In } else { State::Out };
        }
        self.refresh_rows()
    }

    /// Recomputes which rows are still to cover; `None` if one cannot be.
    fn refresh_rows(&mut self) -> Option<f64> {
        let mut fixed = 0.0;
        for (k, s) in self.state.iter().enumerate() {
            if *s == State::In {
                fixed += self.r.set_cost[k];
            }
        }
        for (e, row) in self.r.rows.iter().enumerate() {
            let mut free = false;
            let mut covered = false;
            for &k in row {
                match self.state[k as usize] {
                    State::In => {
                        covered = true;
                        break;
                    }
                    State::Free => free = true,
                    State::Out => {}
                }
            }
            if !covered && !free {
                return None;
            }
            self.active[e] = !covered;
        }
        Some(fixed)
    }

    /// `L(u)` at the current node, filling `rc` for free candidates.
    fn value(&mut self, u: &[f64], fixed: f64) -> f64 {
        let mut l = fixed;
        for (e, &ue) in u.iter().enumerate() {
            if self.active[e] {
                l += ue;
            }
        }
        for (k, set) in self.r.sets.iter().enumerate() {
            if self.state[k] != State::Free {
                continue;
            }
            let mut c = self.r.set_cost[k];
            for &e in set {
                if self.active[e as usize] {
                    c -= u[e as usize];
                }
            }
            self.rc[k] = c;
            if c < 0.0 {
                l += c;
            }
        }
        l
    }

    /// Subgradient optimisation at the node from `u`; returns the best bound and its
    /// multipliers (`rc` is left at those multipliers).
    fn optimise(
        &mut self,
        mut u: Vec<f64>,
        fixed: f64,
        iterations: usize,
        patience: usize,
        mut factor: f64,
    ) -> (f64, Vec<f64>) {
        for (e, ue) in u.iter_mut().enumerate() {
            if !self.active[e] {
                *ue = 0.0;
            }
        }
        let mut best_l = f64::NEG_INFINITY;
        let mut best_u = u.clone();
        let mut stale = 0;
        self.xbar.fill(0.0);
        for it in 0..iterations {
            let l = self.value(&u, fixed);
            if best_l.is_infinite() || l > best_l + 1e-12 * best_l.abs().max(1.0) {
                best_l = l;
                best_u.clone_from(&u);
                stale = 0;
            } else {
                stale += 1;
                if stale >= patience {
                    factor /= 2.0;
                    stale = 0;
                }
            }
            let alpha = if it == 0 { 1.0 } else { AVERAGE };
            for (k, xb) in self.xbar.iter_mut().enumerate() {
                let x = if self.state[k] == State::Free && self.rc[k] < 0.0 {
                    1.0
                } else {
                    0.0
                };
                *xb = (1.0 - alpha) * *xb + alpha * x;
            }
            if safe_below(best_l) > self.cutoff() || factor < 1e-4 {
                break;
            }
            let mut norm = 0.0;
            for (e, row) in self.r.rows.iter().enumerate() {
                if !self.active[e] {
                    self.g[e] = 0.0;
                    continue;
                }
                let open = row
                    .iter()
                    .filter(|&&k| {
                        self.state[k as usize] == State::Free && self.rc[k as usize] < 0.0
                    })
                    .count();
                let mut ge = 1.0 - open as f64;
                if u[e] <= 0.0 && ge < 0.0 {
                    ge = 0.0;
                }
                self.g[e] = ge;
                norm += ge * ge;
            }
            if norm == 0.0 {
                break;
            }
            let target = self.upper.min(f64::MAX);
            let step = factor * (target - l).max(1e-6 * target.abs().max(1.0)) / norm;
            for (ue, ge) in u.iter_mut().zip(&self.g) {
                *ue = (*ue + step * ge).max(0.0);
            }
        }
        let l = self.value(&best_u, fixed);
        (l.max(best_l), best_u)
    }

    /// A cover from the node's Lagrangian solution: the fixed-in candidates and the
    /// free ones of negative reduced cost, completed by the least `C_k / μ_k` (ties to
    /// the lower index), then improved by the local search of `greedy`.
    fn heuristic(&mut self) {
        let m = self.r.sets.len();
        let n = self.r.rows.len();
        let mut chosen = vec![false; m];
        let mut covered = vec![false; n];
        for (k, on) in chosen.iter_mut().enumerate() {
            *on = match self.state[k] {
                State::In => true,
                State::Free => self.rc[k] < 0.0,
                State::Out => false,
            };
            if *on {
                for &e in &self.r.sets[k] {
                    covered[e as usize] = true;
                }
            }
        }
        let score = |k: usize, mu: usize, rc: &[f64], state: &[State]| -> f64 {
            if mu == 0 || state[k] != State::Free {
                f64::INFINITY
            } else if rc[k] < 0.0 {
                rc[k] * mu as f64
            } else {
                rc[k].max(0.0) / mu as f64
            }
        };
        let fresh = |k: usize, covered: &[bool]| {
            self.r.sets[k]
                .iter()
                .filter(|&&e| !covered[e as usize])
                .count()
        };
        let mut heap: BinaryHeap<(Reverse<Key>, Reverse<u32>)> = (0..m)
            .filter(|&k| self.state[k] == State::Free && !chosen[k])
            .map(|k| {
                let mu = fresh(k, &covered);
                (
                    Reverse(Key(score(k, mu, &self.rc, &self.state))),
                    Reverse(k as u32),
                )
            })
            .collect();
        let mut left = covered.iter().filter(|&&c| !c).count();
        while left > 0 {
            let Some((_, Reverse(k))) = heap.pop() else {
                return;
            };
            let mu = fresh(k as usize, &covered);
            if mu == 0 {
                continue;
            }
            let key = (
                Reverse(Key(score(k as usize, mu, &self.rc, &self.state))),
                Reverse(k),
            );
            if heap.peek().is_some_and(|top| *top > key) {
                heap.push(key);
                continue;
            }
            chosen[k as usize] = true;
            left -= mu;
            for &e in &self.r.sets[k as usize] {
                covered[e as usize] = true;
            }
        }
        // Local search on the whole problem: any cover is a valid incumbent.
        let key: Vec<f64> = (0..m)
            .map(|k| match self.state[k] {
                State::Free => self.rc[k],
                State::In => f64::NEG_INFINITY,
                State::Out => f64::INFINITY,
            })
            .collect();
        let chosen = greedy::lscp_cover(self.r, chosen, self.local_steps, Some(&key));
        self.consider(&chosen);
    }

    /// Processes one node.
    fn process(&mut self, decisions: &[u32], u: Vec<f64>, root: bool) -> Outcome {
        let Some(mut fixed) = self.load(decisions) else {
            return Outcome::Pruned;
        };
        let (iterations, patience, factor) = if root {
            (ROOT_ITERATIONS, ROOT_PATIENCE, 2.0)
        } else {
            (NODE_ITERATIONS, NODE_PATIENCE, 0.5)
        };
        // `l` is always the bound at the multipliers `rc` was computed with (fixing
        // reads both); `node_bound` is the best bound seen at this node.
        let (mut l, mut u) = self.optimise(u, fixed, iterations, patience, factor);
        let mut node_bound = l;
        self.heuristic();
        if safe_below(l) > self.cutoff() {
            return Outcome::Pruned;
        }
        // Reduced-cost fixing: a candidate whose opening (closing) alone lifts the
        // bound past the cutoff is closed (opened) below this node; repeated while it
        // settles something, the bound re-optimised briefly after each round.
        let mut fixings: Vec<u32> = Vec::new();
        for _round in 0..3 {
            let cutoff = self.cutoff();
            let before = fixings.len();
            for k in 0..self.r.sets.len() {
                if self.state[k] != State::Free {
                    continue;
                }
                let c = self.rc[k];
                if c > 0.0 && safe_below(l + c) > cutoff {
                    self.state[k] = State::Out;
                    fixings.push(k as u32);
                } else if c < 0.0 && safe_below(l - c) > cutoff {
                    self.state[k] = State::In;
                    fixings.push(k as u32 | IN);
                }
            }
            if fixings.len() == before {
                break;
            }
            let Some(f) = self.refresh_rows() else {
                return Outcome::Pruned;
            };
            fixed = f;
            if self.active.iter().all(|a| !a) {
                let chosen: Vec<bool> = self.state.iter().map(|s| *s == State::In).collect();
                self.consider(&chosen);
                return Outcome::Pruned;
            }
            let (l2, u2) = self.optimise(u, fixed, NODE_ITERATIONS / 2, NODE_PATIENCE, 0.25);
            u = u2;
            l = l2;
            node_bound = node_bound.max(l2);
            if safe_below(node_bound) > self.cutoff() {
                return Outcome::Pruned;
            }
        }
        // Branch on the most fractional free candidate of the averaged solution (ties:
        // reduced cost nearest zero, then the lower index).
        let mut pick: Option<(f64, f64, u32)> = None;
        for k in 0..self.r.sets.len() {
            if self.state[k] != State::Free {
                continue;
            }
            if !self.r.sets[k].iter().any(|&e| self.active[e as usize]) {
                continue;
            }
            let frac = self.xbar[k].min(1.0 - self.xbar[k]);
            let near = -self.rc[k].abs();
            let better = pick.is_none_or(|(f, a, _)| {
                frac > f + 1e-12 || ((frac - f).abs() <= 1e-12 && near > a + 1e-12)
            });
            if better {
                pick = Some((frac, near, k as u32));
            }
        }
        let Some((_, _, column)) = pick else {
            return Outcome::Pruned;
        };
        Outcome::Branch {
            bound: node_bound,
            level: l,
            column,
            reduced_cost: self.rc[column as usize],
            fixed: fixings,
            u,
        }
    }
}

/// A computed lower bound moved down by a margin for the rounding of its sums.
fn safe_below(bound: f64) -> f64 {
    bound - 1e-9 * bound.abs().max(1.0)
}

/// Searches `reduced` for a cover strictly cheaper than `upper` (the incumbent's cost;
/// `f64::INFINITY` for none) within `limits`.
///
/// # Algorithm
/// Best-bound search (ties to the deeper node, then the older). At each node the
/// candidates fixed on its path are applied, the Lagrangian bound with the cover rows
/// relaxed (Beasley 1990) is raised by subgradient steps warm-started from the
/// parent's multipliers, and the node is pruned when the bound reaches the incumbent
/// (less one for integral costs). Otherwise reduced-cost fixing closes a free
/// candidate `k` with `L + C_k` past that cutoff and opens one with `L − C_k` past it;
/// a cover is built from the Lagrangian solution (greedy on reduced costs, then the
/// add-one-drop-many local search); and the node branches on the candidate whose
/// averaged Lagrangian value is nearest ½, opened in one child and closed in the
/// other.
///
/// # Runtime
/// O(P) per subgradient iteration for P pairs, at most [`ROOT_ITERATIONS`] at the root
/// and a few tens per node; exponential in the number of nodes in the worst case,
/// which the limits cap.
pub(crate) fn lscp(reduced: &Reduced, upper: f64, limits: &Limits) -> Search {
    let m = reduced.sets.len();
    let n = reduced.rows.len();
    let mut tree = Tree {
        r: reduced,
        upper,
        found: None,
        state: vec![State::Free; m],
        active: vec![true; n],
        rc: vec![0.0; m],
        xbar: vec![0.0; m],
        g: vec![0.0; n],
        local_steps: LOCAL_STEPS_PER_PAIR.saturating_mul(reduced.n_pairs() as u64),
    };
    if n == 0 {
        tree.consider(&vec![false; m]);
        let bound = tree.upper.min(0.0);
        return Search {
            found: tree.found,
            bound,
            nodes: 0,
            stop: Stop::Finished,
        };
    }
    // Start: each row's cheapest cost per row covered.
    let root_u: Vec<f64> = reduced
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|&k| {
                    reduced.set_cost[k as usize] / reduced.sets[k as usize].len().max(1) as f64
                })
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let mut open: BinaryHeap<Node> = BinaryHeap::new();
    open.push(Node {
        bound: f64::NEG_INFINITY,
        depth: 0,
        id: 0,
        decisions: Vec::new(),
        u: Some(root_u.clone()),
    });
    let mut root_u_best = root_u;
    let mut next_id = 1u64;
    let mut nodes = 0u64;
    let mut stored = n; // the root's multipliers
    let stop = loop {
        // Nodes that cannot beat the incumbent any more are settled.
        while open
            .peek()
            .is_some_and(|node| safe_below(node.bound) > tree.cutoff())
        {
            if let Some(node) = open.pop() {
                stored -= node.u.as_ref().map_or(0, Vec::len);
            }
        }
        let Some(node) = open.pop() else {
            break Stop::Finished;
        };
        if limits.nodes.is_some_and(|cap| nodes >= cap) {
            open.push(node);
            break Stop::Nodes;
        }
        if Instant::now() >= limits.deadline {
            open.push(node);
            break Stop::Time;
        }
        nodes += 1;
        let root = node.depth == 0 && node.decisions.is_empty() && nodes == 1;
        stored -= node.u.as_ref().map_or(0, Vec::len);
        let u = node.u.unwrap_or_else(|| root_u_best.clone());
        let Outcome::Branch {
            bound,
            level,
            column,
            reduced_cost,
            fixed,
            u,
        } = tree.process(&node.decisions, u, root)
        else {
            continue;
        };
        if root {
            root_u_best.clone_from(&u);
        }
        let bound = bound.max(node.bound);
        let mut decisions = node.decisions;
        decisions.extend(fixed);
        let children = [
            (column | IN, bound.max(level + reduced_cost)),
            (column, bound.max(level - reduced_cost)),
        ];
        for (decision, child_bound) in children {
            if safe_below(child_bound) > tree.cutoff() {
                continue;
            }
            let keep = stored + n <= STORED_MULTIPLIERS;
            let mut d = decisions.clone();
            d.push(decision);
            if keep {
                stored += n;
            }
            open.push(Node {
                bound: child_bound,
                depth: node.depth + 1,
                id: next_id,
                decisions: d,
                u: keep.then(|| u.clone()),
            });
            next_id += 1;
        }
    };
    let bound = match stop {
        Stop::Finished => tree.upper,
        Stop::Time | Stop::Nodes => {
            let lowest = open
                .iter()
                .map(|node| node.bound)
                .fold(f64::INFINITY, f64::min);
            let lowest = reduced.round_bound(safe_below(lowest), false);
            lowest.min(tree.upper)
        }
    };
    Search {
        found: tree.found,
        bound,
        nodes,
        stop,
    }
}

#[cfg(test)]
mod tests {
    use super::super::reduce::{below, random_problem, Shape};
    use super::super::Model;
    use super::*;

    fn no_limit() -> Limits {
        Limits {
            deadline: Instant::now() + std::time::Duration::from_secs(3600),
            nodes: None,
        }
    }

    /// A random reduced LSCP with up to 14 candidates (so it can be enumerated).
    fn random_reduced(rnd: &mut impl FnMut(u64) -> u64, costs: &[f64]) -> Reduced {
        let shape = Shape {
            n: (4, 12),
            m: (4, 11),
            set: 5,
            weight: 0,
        };
        Reduced::new(&random_problem(rnd, &shape, costs), Model::Lscp)
    }

    #[test]
    fn tree_finds_the_enumerated_optimum_from_no_incumbent() {
        let mut rnd = below(0x5eed_b0b0);
        let mut searched = 0;
        for costs in [&[1.0][..], &[1.0, 2.0, 5.0][..], &[0.5, 1.25, 3.0][..]] {
            for _ in 0..80 {
                let reduced = random_reduced(&mut rnd, costs);
                let optimum = super::super::reduce::enumerated_optimum(&reduced, Model::Lscp);

                let search = lscp(&reduced, f64::INFINITY, &no_limit());

                assert_eq!(search.stop, Stop::Finished);
                let (chosen, value) = search.found.expect("some cover");
                let cost: f64 = chosen.iter().map(|&k| reduced.set_cost[k as usize]).sum();
                assert!((cost - value).abs() < 1e-9);
                assert!(reduced
                    .rows
                    .iter()
                    .all(|row| row.iter().any(|k| chosen.contains(k))));
                assert!((value - optimum).abs() < 1e-9, "{value} vs {optimum}");
                assert!((search.bound - optimum).abs() < 1e-9);
                if search.nodes > 1 {
                    searched += 1;
                }
            }
        }
        // Enough instances needed more than the root to make the test say something.
        assert!(searched >= 10, "only {searched} searched past the root");
    }

    #[test]
    fn tree_with_the_optimum_as_incumbent_finds_nothing_better_and_proves_it() {
        let mut rnd = below(0x5eed_b0b1);
        for _ in 0..60 {
            let reduced = random_reduced(&mut rnd, &[1.0, 2.0, 3.0]);
            let optimum = super::super::reduce::enumerated_optimum(&reduced, Model::Lscp);

            let search = lscp(&reduced, optimum, &no_limit());

            assert!(search.found.is_none());
            assert_eq!(search.bound, optimum);
        }
    }

    #[test]
    fn node_limit_stops_with_a_valid_bound() {
        let mut rnd = below(0x5eed_b0b2);
        for _ in 0..60 {
            let reduced = random_reduced(&mut rnd, &[1.0]);
            let optimum = super::super::reduce::enumerated_optimum(&reduced, Model::Lscp);
            let limits = Limits {
                nodes: Some(1),
                ..no_limit()
            };

            let search = lscp(&reduced, f64::INFINITY, &limits);

            assert!(search.nodes <= 1);
            assert!(search.bound <= optimum + 1e-9);
            if let Some((_, value)) = search.found {
                assert!(value >= optimum - 1e-9);
            }
        }
    }
}
