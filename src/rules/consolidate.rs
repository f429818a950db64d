//! Consolidation rules: islands under a population are relocation candidates, with
//! a destination the plan names, a scenario made, or the tool suggests.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::index::PointIndex;
use crate::model::{IslandId, World};
use crate::network::travel::minutes_between;
use crate::projection::distance_m;

use super::parse::Check;
use super::{Context, Finding, Kind, Status, SubjectRef};

/// A relocation the plan names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// The island whose residents move.
    pub island: String,
    /// The island they move to.
    pub to: String,
    /// The settlement on `to` they move to, when the rules file picks one (the
    /// destination's most populous settlement otherwise).
    pub settlement: Option<String>,
    /// Why that settlement, when the plan names only the island or a region: the
    /// pick is the rules file's assumption, and outputs say so.
    pub assumption: Option<String>,
    /// The clause naming it.
    pub clause: Option<String>,
    /// What the plan says of the destination.
    pub note: Option<String>,
}

/// How a relocation destination was chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// The plan names it (with its clause or note).
    Named(Option<String>),
    /// Not the plan's: the nearest island with a facility of the rule's
    /// `destination_min_tier`, a suggestion only.
    Suggested,
    /// A scenario moved the residents there (with the clause the edit cites), and
    /// the plan names no move of this island: the rule asks nothing of it.
    Edit(Option<String>),
}

/// Where a small island's residents go, or went.
#[derive(Debug, Clone, PartialEq)]
pub struct Resettlement {
    /// The destination island, by index into `World::islands`.
    pub to: usize,
    /// The settlement the island's residents leave from (its most populous one, or
    /// the most populous before they moved), by index into `World::settlements`.
    pub from_settlement: Option<usize>,
    /// The destination settlement, by index into `World::settlements`.
    pub to_settlement: Option<usize>,
    /// Straight-line metres between the two settlements (between the islands'
    /// representative points when either has none).
    pub distance_m: f64,
    /// Minutes between the two settlements over land, bridges and ferries (the default
    /// profile); `None` when no way joins them or no network was built.
    pub minutes: Option<f64>,
    /// How the destination was chosen.
    pub basis: Basis,
    /// What the rules file assumed to pick the destination settlement, when the plan
    /// names only an island or a region.
    pub assumption: Option<String>,
}

/// A consolidation rule's parameters, borrowed from
/// [`RuleKind::Consolidate`](super::RuleKind::Consolidate).
pub(super) struct ConsolidateRule<'a> {
    /// Islands with fewer residents than this (and at least one) are candidates.
    pub(super) below: u64,
    /// The family whose tier a default destination must have.
    pub(super) family: &'a str,
    /// A default destination is the nearest island with at least this tier.
    pub(super) destination_min_tier: &'a str,
    /// Destinations the plan names.
    pub(super) destinations: &'a [Destination],
}

impl<'a> Kind<'a> for ConsolidateRule<'a> {
    fn name(&self) -> &'static str {
        "consolidate"
    }

    /// The destination tier, and one destination per island at most.
    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.tier(
            self.family,
            self.destination_min_tier,
            "destination_min_tier",
        )?;
        let mut seen = BTreeSet::new();
        for d in self.destinations {
            if !seen.insert(&d.island) {
                return Err(
                    c.rule_error(None, format!("island {:?} has two destinations", d.island))
                );
            }
        }
        Ok(())
    }

    /// The named islands, destination islands and settlements exist, and each
    /// destination settlement lies on its destination island.
    fn check_world(&self, rule: &str, path: &Path, world: &World) -> Result<()> {
        for d in self.destinations {
            for id in [&d.island, &d.to] {
                if world.island(&IslandId(id.clone())).is_none() {
                    return Err(Error::Config {
                        path: path.to_owned(),
                        problem: format!("rule {rule:?}: unknown island {id:?}"),
                        hint: did_you_mean(id, world.islands.iter().map(|i| i.id.as_str()))
                            .map(|n| format!("did you mean {n:?}?")),
                    });
                }
            }
            if let Some(id) = &d.settlement {
                match world.settlement(&crate::model::SettlementId(id.clone())) {
                    None => {
                        return Err(Error::Config {
                            path: path.to_owned(),
                            problem: format!(
                                "rule {rule:?}: unknown destination settlement {id:?}"
                            ),
                            hint: did_you_mean(
                                id,
                                world.settlements.iter().map(|s| s.id.as_str()),
                            )
                            .map(|n| format!("did you mean {n:?}?")),
                        })
                    }
                    Some(s) if s.island.0 != d.to => {
                        return Err(Error::Config {
                            path: path.to_owned(),
                            problem: format!(
                                "rule {rule:?}: destination settlement {id:?} lies on island {:?}, not on {:?}",
                                s.island.0, d.to
                            ),
                            hint: None,
                        })
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }

    /// One finding per island at most.
    fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.islands.len()
    }

    /// Each island the plan names, a scenario emptied, or under `below` residents,
    /// with where its residents go or went.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        let (travel, moved) = (cx.travel, cx.moved);
        let (below, family, destination_min_tier, destinations) = (
            self.below,
            self.family,
            self.destination_min_tier,
            self.destinations,
        );
        let min_tier = policy.tier(family, destination_min_tier);
        let capable: Vec<bool> = world
            .islands
            .iter()
            .enumerate()
            .map(|(i, island)| {
                island.population >= below
                    && cx.on_island[i].iter().any(|&f| {
                        let f = &world.facilities[f];
                        f.status.serves() && policy.tier(family, &f.kind) >= min_tier
                    })
            })
            .collect();
        let points = &cx.prepared.island_xy;
        let index = PointIndex::new(points);
        let net = travel.and_then(|t| t.networks.get(&t.default_profile));
        let resettle = |i: usize, to: usize, to_settlement: Option<usize>, basis, assumption| {
            let from_settlement = main_settlement(world, i);
            let to_settlement = to_settlement.or_else(|| main_settlement(world, to));
            let xy = |s: Option<usize>, island: usize| {
                s.map_or(points[island], |s| cx.prepared.settlement_xy[s])
            };
            let (a, b) = (xy(from_settlement, i), xy(to_settlement, to));
            // Boxed: findings of every other rule stay small.
            Box::new(Resettlement {
                to,
                from_settlement,
                to_settlement,
                distance_m: distance_m(a, b),
                minutes: net.and_then(|n| minutes_between(n, (i, a), (to, b))),
                basis,
                assumption,
            })
        };
        for (i, island) in world.islands.iter().enumerate() {
            let named = destinations.iter().find(|d| d.island == island.id.as_str());
            let made = moved.iter().find(|m| m.island == i);
            let status = match (named, made) {
                (Some(d), _) => {
                    let Some(to) = world.islands.iter().position(|x| x.id.as_str() == d.to) else {
                        unreachable!("destinations are checked against the dataset")
                    };
                    let to_settlement = d
                        .settlement
                        .as_ref()
                        .and_then(|id| world.settlements.iter().position(|s| &s.id.0 == id));
                    let basis = Basis::Named(d.clause.clone().or_else(|| d.note.clone()));
                    match made {
                        // Moved: the destination is where the scenario sent them.
                        Some(m) => Status::Relocated(resettle(
                            i,
                            island_index(world, &world.settlements[m.to].island),
                            Some(m.to),
                            basis,
                            None,
                        )),
                        None if island.population == 0 => Status::Relocated(resettle(
                            i,
                            to,
                            to_settlement,
                            basis,
                            d.assumption.clone(),
                        )),
                        None => Status::Pending(resettle(
                            i,
                            to,
                            to_settlement,
                            basis,
                            d.assumption.clone(),
                        )),
                    }
                }
                (None, Some(m)) => Status::Relocated(resettle(
                    i,
                    island_index(world, &world.settlements[m.to].island),
                    Some(m.to),
                    Basis::Edit(m.clause.clone()),
                    None,
                )),
                (None, None) if island.population == 0 || island.population >= below => continue,
                (None, None) => match index.nearest(points[i], |j| j != i && capable[j]) {
                    Some((to, _)) => {
                        Status::Candidate(resettle(i, to, None, Basis::Suggested, None))
                    }
                    None => Status::NoDestination,
                },
            };
            let residents = match &status {
                // The residents who moved, as the move recorded them.
                Status::Relocated(_) => made.map_or(0, |m| m.residents),
                _ => island.population,
            };
            out.push(Finding::of(r, SubjectRef::Island(i), residents, status));
        }
    }
}

/// Index of an island by id (ids are resolved when the dataset is read).
fn island_index(world: &World, id: &IslandId) -> usize {
    world
        .islands
        .binary_search_by(|i| i.id.cmp(id))
        .expect("settlement islands are resolved when read")
}

/// The settlement standing for an island: its most populous (lower id on ties).
fn main_settlement(world: &World, island: usize) -> Option<usize> {
    let id = &world.islands[island].id;
    world
        .settlements
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.island == id)
        .max_by(|(a, x), (b, y)| x.population.cmp(&y.population).then(b.cmp(a)))
        .map(|(s, _)| s)
}
