//! The island round (二(三)9 每月至少提供1次上岛服务, 一(四)3 "固定+流动"): round
//! trips of a service team from its base facility that visit every small island at
//! least once in a period, over the ferry network and its timetables.
//!
//! # Model
//! A leg's minutes are the network's fastest way between two stops (land, bridges,
//! ferries with their expected waits). A boat that sails once a day waits half a
//! day on average (`network::cost`): a leg's every whole `WAIT_DAY_MIN` (720 minutes) costs the
//! team a whole day (it waits for tomorrow's boat), and the rest of its minutes
//! count against a working day of `day_minutes` (at most a day). A round's
//! team-days: its legs' and visits' costs in days, rounded up.
//!
//! # Algorithm
//! One tour through every island (nearest neighbour from the base, then 2-opt
//! until no reversal shortens it, over the team-day cost of each leg), then the
//! tour cut into rounds (consecutive runs of it, each from and back to the base)
//! by an exact dynamic programme over the cut points, minimising team-days.
//!
//! # Lower bound
//! Any set of rounds leaves each island once at least and the base once at least,
//! so it costs at least Σ over islands of (its service + its cheapest way out) plus
//! the base's cheapest way out, in team-days (each round's team-days are at least
//! the sum of its legs' and visits' costs); and at least the round trip to the
//! farthest island with its visit. The larger of the two, rounded up.

use serde::Serialize;

use crate::model::World;
use crate::network::travel::minutes_between;
use crate::network::Network;
use crate::prepared::Prepared;
use crate::rules::{small_islands, Policy, RuleKind};

/// The wait that makes a leg cost a whole team-day: half a day, the expected wait
/// for a boat that sails once a day.
pub const WAIT_DAY_MIN: f64 = 720.0;

/// A leg's cost in team-days: each whole [`WAIT_DAY_MIN`] of it is a day (the team
/// waits for tomorrow's boat), and the rest its working minutes over `day_minutes`,
/// at most one day (a wait beyond the working day runs to the next morning). Never
/// less for more minutes, and never more for a leg than for two legs making it up.
fn leg_days(minutes: f64, day_minutes: f64) -> f64 {
    let days = (minutes / WAIT_DAY_MIN).floor();
    days + ((minutes - days * WAIT_DAY_MIN) / day_minutes).min(1.0)
}

/// A round planning problem: stop 0 is the base, stops 1..n the islands.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `minutes[a][b]`: the fastest way from stop `a` to stop `b`.
    pub minutes: Vec<Vec<f64>>,
    /// Service minutes at each stop (the base's is ignored).
    pub service: Vec<f64>,
    /// Working minutes in a team-day.
    pub day_minutes: f64,
}

impl Problem {
    /// Stops besides the base.
    pub fn islands(&self) -> usize {
        self.minutes.len().saturating_sub(1)
    }

    fn cost(&self, a: usize, b: usize) -> f64 {
        leg_days(self.minutes[a][b], self.day_minutes)
    }

    /// Team-days and minutes of one round visiting `stops` in order from the base:
    /// its legs' and visits' costs in team-days, rounded up (at least one).
    pub fn round(&self, stops: &[usize]) -> (u32, f64) {
        if stops.is_empty() {
            return (0, 0.0);
        }
        let mut days = 0.0;
        let mut minutes = 0.0;
        let mut at = 0;
        for &s in stops.iter().chain(std::iter::once(&0)) {
            days += self.cost(at, s);
            minutes += self.minutes[at][s];
            if s != 0 {
                days += self.service[s] / self.day_minutes;
                minutes += self.service[s];
            }
            at = s;
        }
        (((days - 1e-9).ceil() as u32).max(1), minutes)
    }

    /// The best cut of `tour` into rounds: `(team-days, rounds)`.
    pub fn split(&self, tour: &[usize]) -> (u32, Vec<Vec<usize>>) {
        let n = tour.len();
        let mut best = vec![(u32::MAX, 0usize); n + 1];
        best[0] = (0, 0);
        for k in 1..=n {
            for j in 0..k {
                if best[j].0 == u32::MAX {
                    continue;
                }
                let d = best[j].0 + self.round(&tour[j..k]).0;
                if d < best[k].0 {
                    best[k] = (d, j);
                }
            }
        }
        let mut rounds = Vec::new();
        let mut k = n;
        while k > 0 {
            let j = best[k].1;
            rounds.push(tour[j..k].to_vec());
            k = j;
        }
        rounds.reverse();
        (best[n].0, rounds)
    }

    /// The tour's cost in fractional team-days (from the base and back).
    fn tour_cost(&self, tour: &[usize]) -> f64 {
        let mut at = 0;
        let mut c = 0.0;
        for &s in tour.iter().chain(std::iter::once(&0)) {
            c += self.cost(at, s);
            at = s;
        }
        c
    }

    /// Nearest neighbour from the base, lower index on ties.
    fn nearest_neighbour(&self) -> Vec<usize> {
        let n = self.islands();
        let mut left: Vec<usize> = (1..=n).collect();
        let mut tour = Vec::with_capacity(n);
        let mut at = 0;
        while !left.is_empty() {
            let (k, _) = left
                .iter()
                .enumerate()
                .min_by(|a, b| self.cost(at, *a.1).total_cmp(&self.cost(at, *b.1)))
                .expect("not empty");
            at = left.remove(k);
            tour.push(at);
        }
        tour
    }

    /// 2-opt: reverses a run of the tour while that makes it cheaper (the tour's
    /// whole cost is recomputed: legs need not cost the same both ways).
    fn two_opt(&self, mut tour: Vec<usize>) -> Vec<usize> {
        let mut cost = self.tour_cost(&tour);
        let mut better = true;
        while better {
            better = false;
            for i in 0..tour.len() {
                for j in i + 1..tour.len() {
                    tour[i..=j].reverse();
                    let c = self.tour_cost(&tour);
                    if c < cost - 1e-12 {
                        cost = c;
                        better = true;
                    } else {
                        tour[i..=j].reverse();
                    }
                }
            }
        }
        tour
    }

    /// The proven lower bound on the team-days of any rounds visiting every island.
    pub fn lower_bound(&self) -> u32 {
        let n = self.islands();
        if n == 0 {
            return 0;
        }
        let out = |a: usize| {
            (0..=n)
                .filter(|&b| b != a)
                .map(|b| self.cost(a, b))
                .fold(f64::INFINITY, f64::min)
        };
        let svc = |i: usize| self.service[i] / self.day_minutes;
        let leave: f64 = (1..=n).map(|i| svc(i) + out(i)).sum::<f64>() + out(0);
        let farthest = (1..=n)
            .map(|i| self.cost(0, i) + svc(i) + self.cost(i, 0))
            .fold(0.0, f64::max);
        (leave.max(farthest) - 1e-9).ceil().max(1.0) as u32
    }

    /// The heuristic plan: nearest neighbour, 2-opt, the best cut into rounds.
    pub fn plan(&self) -> Plan {
        let tour = self.two_opt(self.nearest_neighbour());
        let (team_days, rounds) = self.split(&tour);
        Plan {
            rounds,
            team_days,
            lower_bound: self.lower_bound(),
        }
    }
}

/// Rounds and their team-days, with the lower bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Each round's stops (island stops, 1-based), in visiting order.
    pub rounds: Vec<Vec<usize>>,
    /// Team-days of all rounds: one period's.
    pub team_days: u32,
    /// No set of rounds needs fewer team-days.
    pub lower_bound: u32,
}

/// One round on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Islands in visiting order, by index into `World::islands`.
    pub islands: Vec<usize>,
    /// The settlement visited on each, by index into `World::settlements`.
    pub stops: Vec<usize>,
    /// Team-days.
    pub days: u32,
    /// Minutes of travel and service.
    pub minutes: f64,
}

/// The rounds of a `round` rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rounds {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// The base facility, by index into `World::facilities`.
    pub base: usize,
    /// The rounds.
    pub rounds: Vec<Round>,
    /// Team-days a month: a period's team-days × 30 ÷ the period's days.
    pub team_days_month: f64,
    /// Team-days of one period, and the proven least.
    pub team_days: u32,
    /// The lower bound on a period's team-days.
    pub lower_bound: u32,
    /// Small islands no round can reach (no scheduled way there or back), by index.
    pub unreachable: Vec<usize>,
}

/// The rounds of rule `r` (a `round` rule) over `net`; `None` for another kind or
/// an unknown base.
pub fn rounds(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    net: &Network,
    r: usize,
) -> Option<Rounds> {
    let RuleKind::Round {
        base,
        below,
        period_days,
        service_minutes,
        day_minutes,
        ..
    } = &policy.rules[r].kind
    else {
        return None;
    };
    let b = world.facilities.iter().position(|f| f.id.0 == *base)?;
    let base_at = (prepared.facility_island[b], prepared.facility_xy[b]);
    let at = |s: usize| (prepared.settlement_island[s], prepared.settlement_xy[s]);
    let mut reachable = Vec::new();
    let mut unreachable = Vec::new();
    for (i, s) in small_islands(world, prepared, *below, base_at.0) {
        let there = minutes_between(net, base_at, at(s));
        let back = minutes_between(net, at(s), base_at);
        if there.is_some() && back.is_some() {
            reachable.push((i, s));
        } else {
            unreachable.push(i);
        }
    }
    // Stops: the base, then each reachable island's settlement. Two reachable
    // islands are joined through the base at worst, so every leg has minutes.
    let n = reachable.len();
    let mut minutes = vec![vec![0.0; n + 1]; n + 1];
    for a in 0..=n {
        for c in 0..=n {
            if a == c {
                continue;
            }
            let pa = if a == 0 {
                base_at
            } else {
                at(reachable[a - 1].1)
            };
            let pc = if c == 0 {
                base_at
            } else {
                at(reachable[c - 1].1)
            };
            minutes[a][c] = minutes_between(net, pa, pc).unwrap_or(f64::INFINITY);
        }
    }
    let mut service = vec![*service_minutes; n + 1];
    service[0] = 0.0;
    let problem = Problem {
        minutes,
        service,
        day_minutes: *day_minutes,
    };
    let plan = problem.plan();
    let rounds = plan
        .rounds
        .iter()
        .map(|stops| {
            let (days, minutes) = problem.round(stops);
            Round {
                islands: stops.iter().map(|&k| reachable[k - 1].0).collect(),
                stops: stops.iter().map(|&k| reachable[k - 1].1).collect(),
                days,
                minutes,
            }
        })
        .collect();
    Some(Rounds {
        rule: r,
        base: b,
        rounds,
        team_days_month: f64::from(plan.team_days) * 30.0 / period_days,
        team_days: plan.team_days,
        lower_bound: plan.lower_bound,
        unreachable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    /// Every permutation of `items`.
    fn permutations(items: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
        if k == items.len() {
            out.push(items.clone());
            return;
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, out);
            items.swap(k, i);
        }
    }

    /// The least team-days of any rounds: every order of the islands, each cut the
    /// best way (any set of rounds is some order cut into runs).
    fn exhaustive(p: &Problem) -> u32 {
        let mut all = Vec::new();
        permutations(&mut (1..=p.islands()).collect(), 0, &mut all);
        all.iter().map(|t| p.split(t).0).min().unwrap()
    }

    /// A hand-worked case: base 0, islands 1 and 2, 60 minutes between any two
    /// stops, 120 minutes' service, 480-minute days. One round 0→1→2→0: 180 + 240 =
    /// 420 minutes, 1 team-day; the bound: leave each island (60 + 120) twice and
    /// the base once (60) = 420 min = 0.875 days → 1.
    #[test]
    fn two_islands_fit_one_day() {
        let p = Problem {
            minutes: vec![
                vec![0.0, 60.0, 60.0],
                vec![60.0, 0.0, 60.0],
                vec![60.0, 60.0, 0.0],
            ],
            service: vec![0.0, 120.0, 120.0],
            day_minutes: 480.0,
        };

        let plan = p.plan();

        assert_eq!(plan.team_days, 1);
        assert_eq!(plan.lower_bound, 1);
        assert_eq!(plan.rounds, [vec![1, 2]]);
    }

    /// A once-a-day boat to island 1 (wait 720 + crossing 60 = 780 minutes there):
    /// the leg costs a whole day plus 60 minutes; back the same. 1 + 1 days whole,
    /// (60 + 60 + 120) / 480 = 0.5 day over → 2.5, rounded up: 3 team-days.
    #[test]
    fn a_once_a_day_boat_costs_a_day() {
        let p = Problem {
            minutes: vec![vec![0.0, 780.0], vec![780.0, 0.0]],
            service: vec![0.0, 120.0],
            day_minutes: 480.0,
        };

        assert_eq!(p.round(&[1]).0, 3);
        assert_eq!(p.plan().team_days, 3);
    }

    /// 300 random instances of up to 6 islands (some legs over a once-a-day boat):
    /// the bound ≤ the exhaustive optimum ≤ the heuristic's team-days, and the
    /// heuristic visits every island once.
    #[test]
    fn rounds_bound_and_heuristic_bracket_the_exhaustive_optimum() {
        let mut rng = Lcg(9);
        let mut equal = 0;
        for case in 0..300 {
            let n = 1 + (rng.next() % 6) as usize;
            // Direct legs, some over a once-a-day boat; then the fastest ways
            // (Floyd–Warshall), as the network's minutes are.
            let mut minutes: Vec<Vec<f64>> = (0..=n)
                .map(|a| {
                    (0..=n)
                        .map(|b| {
                            if a == b {
                                0.0
                            } else if rng.next() % 7 == 0 {
                                720.0 + (rng.next() % 120) as f64
                            } else {
                                (10 + rng.next() % 400) as f64
                            }
                        })
                        .collect()
                })
                .collect();
            for k in 0..=n {
                for a in 0..=n {
                    for b in 0..=n {
                        let via = minutes[a][k] + minutes[k][b];
                        if via < minutes[a][b] {
                            minutes[a][b] = via;
                        }
                    }
                }
            }
            let p = Problem {
                minutes,
                service: (0..=n).map(|i| if i == 0 { 0.0 } else { 90.0 }).collect(),
                day_minutes: 480.0,
            };

            let plan = p.plan();
            let best = exhaustive(&p);

            assert!(plan.lower_bound <= best, "case {case}");
            assert!(best <= plan.team_days, "case {case}");
            let mut seen: Vec<usize> = plan.rounds.concat();
            seen.sort_unstable();
            assert_eq!(seen, (1..=n).collect::<Vec<_>>(), "case {case}");
            equal += usize::from(best == plan.team_days);
        }
        eprintln!("rounds heuristic optimal on {equal} of 300");
        // The heuristic finds the optimum on most of them (280 of 300 when written).
        assert!(equal >= 240, "optimal on {equal} of 300");
    }
}
