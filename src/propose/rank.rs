//! Ranking sites by marginal gain: the order in which a rule's new sites are
//! reported, the residents each newly serves, and the rule's coverage before and
//! after.

use crate::model::World;
use crate::optimise::CoverProblem;
use crate::projection::LocalProjection;
use crate::rules::Rule;

use super::{Proposal, RuleGain, Solved};

/// Orders `sites` greedily by marginal gain over `covered` (which ends with every
/// site's coverage marked): the site adding the most uncovered weight first, ties
/// to the earlier position in `sites`. Returns `(site, gain)` in that order.
///
/// # Algorithm
/// Lazy greedy (Minoux, "Accelerated greedy algorithms for maximizing submodular
/// set functions", 1978): a gain can only shrink as sites open, so a stale gain in
/// a max-heap is an upper bound; the top is re-scored and accepted once its fresh
/// gain still heads the heap. The order is exactly that of re-scoring every site
/// at every step.
///
/// # Runtime
/// O(P log k) in practice for k sites with P covering pairs, against O(k · P) for
/// the plain greedy.
pub(super) fn rank_by_gain(
    problem: &CoverProblem,
    sites: &[u32],
    covered: &mut [bool],
) -> Vec<(u32, f64)> {
    use std::cmp::{Ordering, Reverse};
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct Entry(f64, Reverse<usize>);
    impl Eq for Entry {}
    impl Ord for Entry {
        fn cmp(&self, other: &Self) -> Ordering {
            self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
        }
    }
    impl PartialOrd for Entry {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    let gain = |covered: &[bool], j: u32| -> f64 {
        problem
            .covers(j as usize)
            .iter()
            .filter(|&&i| !covered[i as usize])
            .map(|&i| problem.weight(i as usize))
            .sum()
    };
    let mut heap: BinaryHeap<Entry> = sites
        .iter()
        .enumerate()
        .map(|(k, &j)| Entry(gain(covered, j), Reverse(k)))
        .collect();
    let mut order = Vec::with_capacity(sites.len());
    while let Some(Entry(stale, Reverse(k))) = heap.pop() {
        let fresh = gain(covered, sites[k]);
        if fresh != stale {
            heap.push(Entry(fresh, Reverse(k)));
            continue;
        }
        for &i in problem.covers(sites[k] as usize) {
            covered[i as usize] = true;
        }
        order.push((sites[k], fresh));
    }
    order
}

/// The proposals of one solved rule, ranked by marginal gain (ties to the earlier
/// site in the layout's order), and the rule's coverage before and after.
///
/// An access rule ranks by residents; a share rule ranks by subjects but reports
/// the residents each site newly serves, walked in rank order.
///
/// # Runtime
/// O(P log k) for the ranking (see [`rank_by_gain`]) plus O(n) for the figures.
pub(super) fn ranked_proposals(
    world: &World,
    projection: &LocalProjection,
    rule: &Rule,
    solved: &Solved<'_>,
) -> (Vec<Proposal>, RuleGain) {
    let Solved {
        new_kind,
        demand,
        share,
        problem,
        n_real,
        site_ids,
        layout,
        status,
        optimal,
    } = solved;
    let mut sites = Vec::new();
    // Rank the new sites by marginal gain, greedily, ties to the earlier site in
    // the layout's order.
    let open: Vec<u32> = layout
        .selected
        .iter()
        .copied()
        .filter(|j| layout.new_sites.binary_search(j).is_err())
        .collect();
    let mut covered = problem.covered_mask(&open);
    // Residents a site newly serves, given what is marked in `pop_covered` so far
    // (walked in rank order, alongside `covered`).
    let mut pop_covered = covered.clone();
    let mut population_gain = |j: u32| -> f64 {
        let mut g = 0;
        for &i in problem.covers(j as usize) {
            if !pop_covered[i as usize] {
                pop_covered[i as usize] = true;
                g += world.settlements[demand[i as usize]].population;
            }
        }
        g as f64
    };
    let real: Vec<u32> = (0..*n_real as u32).collect();
    let before_mask = problem.covered_mask(&real);
    for (rank, (j, gain)) in rank_by_gain(problem, &layout.new_sites, &mut covered)
        .into_iter()
        .enumerate()
    {
        // A share rule ranks by subjects; the layer reports residents either way.
        let gain = if *share { population_gain(j) } else { gain };
        let c = site_ids[j as usize].expect("new sites are candidates");
        sites.push(Proposal {
            id: format!("{}:{}", rule.id, c.id),
            kind: new_kind.clone(),
            rule: rule.id.clone(),
            clause: rule.clause.clone(),
            island: world.islands[c.island].id.0.clone(),
            site: c.id.clone(),
            rank: rank + 1,
            population_covered: gain.max(0.0).round() as u64,
            solver_status: status.clone(),
            point: projection.inverse(c.point),
        });
    }
    let count = |mask: &[bool]| mask.iter().filter(|&&m| m).count();
    let pop = |mask: &[bool]| -> u64 {
        mask.iter()
            .zip(demand)
            .filter(|(m, _)| **m)
            .map(|(_, &s)| world.settlements[s].population)
            .sum()
    };
    let gain = RuleGain {
        rule: rule.id.clone(),
        clause: rule.clause.clone(),
        met_before: count(&before_mask),
        met_after: count(&covered),
        subjects: demand.len(),
        population_before: pop(&before_mask),
        population_after: pop(&covered),
        population: demand
            .iter()
            .map(|&s| world.settlements[s].population)
            .sum(),
        new_sites: layout.new_sites.len(),
        uncoverable: layout.uncoverable_count,
        optimal: *optimal,
    };
    (sites, gain)
}

#[cfg(test)]
mod tests {
    use super::super::tests::below;
    use super::*;

    /// The plain greedy the lazy one must reproduce: re-score every site each step.
    fn rank_by_rescoring(
        problem: &CoverProblem,
        sites: &[u32],
        covered: &mut [bool],
    ) -> Vec<(u32, f64)> {
        let mut left = sites.to_vec();
        let mut order = Vec::new();
        while !left.is_empty() {
            let gain = |j: u32| -> f64 {
                problem
                    .covers(j as usize)
                    .iter()
                    .filter(|&&i| !covered[i as usize])
                    .map(|&i| problem.weight(i as usize))
                    .sum()
            };
            let (k, g) = left
                .iter()
                .enumerate()
                .map(|(k, &j)| (k, gain(j)))
                .fold((0, -1.0), |best, x| if x.1 > best.1 { x } else { best });
            let j = left.remove(k);
            for &i in problem.covers(j as usize) {
                covered[i as usize] = true;
            }
            order.push((j, g));
        }
        order
    }

    #[test]
    fn lazy_ranking_matches_rescoring_every_site_every_step() {
        let mut rnd = below(0x2545_f491_4f6c_dd1d_u64);
        for _ in 0..200 {
            let n = 1 + rnd(40) as usize;
            let m = 1 + rnd(25) as usize;
            // Few distinct weights, so ties are common.
            let weights: Vec<f64> = (0..n).map(|_| (1 + rnd(4)) as f64).collect();
            let sets: Vec<Vec<u32>> = (0..m)
                .map(|_| (0..rnd(8)).map(|_| rnd(n as u64) as u32).collect())
                .collect();
            let problem =
                CoverProblem::from_coverage_sets(weights, vec![1.0; m], vec![false; m], &sets)
                    .unwrap();
            let sites: Vec<u32> = (0..m as u32).filter(|_| rnd(3) > 0).collect();
            let start: Vec<bool> = (0..n).map(|_| rnd(4) == 0).collect();
            let (mut a, mut b) = (start.clone(), start);
            assert_eq!(
                rank_by_gain(&problem, &sites, &mut a),
                rank_by_rescoring(&problem, &sites, &mut b)
            );
            assert_eq!(a, b);
        }
    }

    #[test]
    fn ranking_takes_the_heaviest_gain_first_and_ties_to_the_earlier_site() {
        // Demand weights 5, 1, 1, 3. Site 0 covers {0, 1} (gain 6), site 1 covers
        // {1, 2} (gain 2), site 2 covers {3} (gain 3), site 3 covers {2} (gain 1).
        // Order: site 0 (6); then site 2 (3) over site 1 (now only {2}: 1) and
        // site 3 (1); then sites 1 and 3 tie at 1 and the earlier in `sites` goes
        // first — listed as [3, 1, 2, 0], that is site 3, whose gain leaves site 1
        // with 0.
        let problem = CoverProblem::from_coverage_sets(
            vec![5.0, 1.0, 1.0, 3.0],
            vec![1.0; 4],
            vec![false; 4],
            &[vec![0, 1], vec![1, 2], vec![3], vec![2]],
        )
        .unwrap();
        let mut covered = vec![false; 4];

        let order = rank_by_gain(&problem, &[3, 1, 2, 0], &mut covered);

        assert_eq!(order, vec![(0, 6.0), (2, 3.0), (3, 1.0), (1, 0.0)]);
        assert_eq!(covered, vec![true; 4]);
    }
}
