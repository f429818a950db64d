//! The travel network: islands joined by ferries and bridges, for one mode profile.
//!
//! On an island, every leg is direct: straight-line metres × the profile's detour at its
//! speed, so the network never holds an on-island graph of all points. Its nodes are the
//! *hubs* where islands meet — piers of usable ferry routes and bridge ends — joined by
//! land legs between hubs of the same island, ferry legs between piers (both ways, wait
//! plus crossing) and bridge legs. Points in metres come from the dataset's
//! [`LocalProjection`](crate::projection::LocalProjection). Costing is `cost`'s job, the search `travel`'s, and the service
//! areas `areas`'s.

pub mod areas;
pub mod cost;
pub mod travel;

use geo::Coord;

use crate::model::{FacilityId, LinkMode, World};
use crate::projection::{distance_m, LocalProjection};
use cost::{ferry_cost, FerryCost, Profile, TravelSettings};

/// What a hub stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum HubKind {
    /// A pier facility, by index into `World::facilities`.
    Pier(usize),
    /// One end of a bridge, by index into `World::links`.
    BridgeEnd(usize),
}

/// A node of the network: where a leg leaves one island for another.
#[derive(Debug, Clone, PartialEq)]
pub struct Hub {
    /// Pier or bridge end.
    pub kind: HubKind,
    /// Index of its island in `World::islands`.
    pub island: usize,
    /// Position, projected metres.
    pub xy: Coord<f64>,
}

/// A directed edge between hubs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Target hub.
    pub to: usize,
    /// Cost, minutes.
    pub cost_min: f64,
}

/// A statement about how a link was used, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LinkNote {
    /// The link's id.
    pub link: String,
    /// What was decided.
    pub note: String,
}

/// The network of one profile, ready for searches.
#[derive(Debug, Clone)]
pub struct Network {
    /// The profile whose speed costs the land legs.
    pub profile: Profile,
    /// Hubs: piers in facility order, then bridge ends in link order.
    pub hubs: Vec<Hub>,
    /// Outgoing edges per hub, in a fixed order.
    pub edges: Vec<Vec<Edge>>,
    /// Hubs on each island (index into `World::islands`), ascending.
    pub hubs_by_island: Vec<Vec<usize>>,
    /// Island index of each settlement.
    pub settlement_island: Vec<usize>,
    /// Position of each settlement, projected metres.
    pub settlement_xy: Vec<Coord<f64>>,
    /// Island index of each facility.
    pub facility_island: Vec<usize>,
    /// Position of each facility, projected metres.
    pub facility_xy: Vec<Coord<f64>>,
    /// Links not used, and assumptions made to use others, sorted by link id.
    pub notes: Vec<LinkNote>,
}

impl Network {
    /// Builds the network of `world` for `profile`.
    ///
    /// A ferry route is used when both piers are open (`existing`) and [`ferry_cost`]
    /// finds it usable; a bridge is a land leg along its line (first point on its `from`
    /// island, last on its `to` island) at the profile's speed, whatever `minutes` the
    /// data gives (those cannot know the mode). Every link left out, and every
    /// assumption, is a [`LinkNote`].
    ///
    /// # Runtime
    /// O(F + L + Σ h²) for F facilities, L links and h hubs per island.
    pub fn build(
        world: &World,
        projection: &LocalProjection,
        settings: &TravelSettings,
        profile: &Profile,
    ) -> Self {
        let island_ix = |id: &crate::model::IslandId| {
            world
                .islands
                .binary_search_by(|i| i.id.cmp(id))
                .expect("read_dataset resolves every island reference")
        };
        let settlement_island: Vec<usize> = world
            .settlements
            .iter()
            .map(|s| island_ix(&s.island))
            .collect();
        let settlement_xy = world
            .settlements
            .iter()
            .map(|s| projection.forward(s.point))
            .collect();
        let facility_island: Vec<usize> = world
            .facilities
            .iter()
            .map(|f| island_ix(&f.island))
            .collect();
        let facility_xy: Vec<Coord<f64>> = world
            .facilities
            .iter()
            .map(|f| projection.forward(f.point))
            .collect();

        let mut notes = Vec::new();
        let mut note = |link: &str, text: String| {
            notes.push(LinkNote {
                link: link.to_owned(),
                note: text,
            })
        };
        // Decide which links are used before numbering hubs, so hub order is fixed.
        enum Use {
            Ferry { a: usize, b: usize, cost: f64 },
            Bridge { link: usize, length_m: f64 },
        }
        let mut uses = Vec::new();
        for (l, link) in world.links.iter().enumerate() {
            match link.mode {
                LinkMode::Ferry => {
                    let ends: Vec<usize> = [&link.from, &link.to]
                        .iter()
                        .filter_map(|id| {
                            world
                                .facilities
                                .binary_search_by(|f| f.id.cmp(&FacilityId((*id).clone())))
                                .ok()
                        })
                        .collect();
                    if ends.len() != 2 {
                        note(&link.id.0, "unusable: a pier is not in the dataset".into());
                        continue;
                    }
                    let closed: Vec<&str> = ends
                        .iter()
                        .filter(|&&f| !world.facilities[f].status.serves())
                        .map(|&f| world.facilities[f].id.as_str())
                        .collect();
                    if !closed.is_empty() {
                        note(
                            &link.id.0,
                            format!("unusable: pier {} is not open", closed.join(", ")),
                        );
                        continue;
                    }
                    match ferry_cost(link, &settings.ferry) {
                        FerryCost::Usable {
                            wait_min,
                            crossing_min,
                            assumed,
                        } => {
                            if let Some(a) = assumed {
                                note(&link.id.0, a);
                            }
                            uses.push(Use::Ferry {
                                a: ends[0],
                                b: ends[1],
                                cost: wait_min + crossing_min,
                            });
                        }
                        FerryCost::Unusable(why) => note(&link.id.0, format!("unusable: {why}")),
                    }
                }
                LinkMode::Bridge => {
                    let length_m: f64 = link
                        .line
                        .windows(2)
                        .map(|w| distance_m(projection.forward(w[0]), projection.forward(w[1])))
                        .sum();
                    if let Some(m) = link.crossing_min {
                        note(
                            &link.id.0,
                            format!(
                                "bridge crossed at the profile's speed along its line ({:.0} m); `minutes` ({m}) not used",
                                length_m
                            ),
                        );
                    }
                    uses.push(Use::Bridge { link: l, length_m });
                }
            }
        }

        let mut hubs = Vec::new();
        let mut pier_hub = vec![usize::MAX; world.facilities.len()];
        let mut piers: Vec<usize> = uses
            .iter()
            .flat_map(|u| match u {
                Use::Ferry { a, b, .. } => vec![*a, *b],
                Use::Bridge { .. } => vec![],
            })
            .collect();
        piers.sort_unstable();
        piers.dedup();
        for f in piers {
            pier_hub[f] = hubs.len();
            hubs.push(Hub {
                kind: HubKind::Pier(f),
                island: facility_island[f],
                xy: facility_xy[f],
            });
        }
        let mut crossings = Vec::new();
        for u in &uses {
            match *u {
                Use::Ferry { a, b, cost } => crossings.push((pier_hub[a], pier_hub[b], cost)),
                Use::Bridge { link, length_m } => {
                    let l = &world.links[link];
                    let (Some(&first), Some(&last)) = (l.line.first(), l.line.last()) else {
                        unreachable!("read_dataset gives every link a line")
                    };
                    let a = hubs.len();
                    hubs.push(Hub {
                        kind: HubKind::BridgeEnd(link),
                        island: island_ix(&crate::model::IslandId(l.from.clone())),
                        xy: projection.forward(first),
                    });
                    hubs.push(Hub {
                        kind: HubKind::BridgeEnd(link),
                        island: island_ix(&crate::model::IslandId(l.to.clone())),
                        xy: projection.forward(last),
                    });
                    crossings.push((a, a + 1, profile.land_min(length_m)));
                }
            }
        }

        let mut hubs_by_island = vec![Vec::new(); world.islands.len()];
        for (h, hub) in hubs.iter().enumerate() {
            hubs_by_island[hub.island].push(h);
        }
        let mut edges = vec![Vec::new(); hubs.len()];
        for on_island in &hubs_by_island {
            for &a in on_island {
                for &b in on_island {
                    if a != b {
                        edges[a].push(Edge {
                            to: b,
                            cost_min: profile.land_min(distance_m(hubs[a].xy, hubs[b].xy)),
                        });
                    }
                }
            }
        }
        for (a, b, cost_min) in crossings {
            edges[a].push(Edge { to: b, cost_min });
            edges[b].push(Edge { to: a, cost_min });
        }
        notes.sort();
        Self {
            profile: profile.clone(),
            hubs,
            edges,
            hubs_by_island,
            settlement_island,
            settlement_xy,
            facility_island,
            facility_xy,
            notes,
        }
    }

    /// Minutes over land between two points of one island.
    pub fn land_min(&self, a: Coord<f64>, b: Coord<f64>) -> f64 {
        self.profile.land_min(distance_m(a, b))
    }
}
