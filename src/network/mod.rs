//! The travel network: islands joined by ferries and bridges, for one mode profile.
//!
//! On an island without roads, every leg is direct: straight-line metres × the
//! profile's detour at its speed, so the network holds no on-island graph of all
//! points; on an island with roads, legs run along them (`roads`). Its nodes are the
//! *hubs* where islands meet — piers of usable ferry routes and bridge ends — joined by
//! land legs between hubs of the same island, ferry legs between piers (both ways, wait
//! plus crossing) and bridge legs. Points in metres come from the dataset's
//! [`LocalProjection`](crate::projection::LocalProjection). Costing is `cost`'s job, the search `travel`'s, and the service
//! areas `areas`'s.

pub mod areas;
pub mod cost;
pub mod roads;
pub mod route;
pub mod travel;

use geo::Coord;
use rayon::prelude::*;

use crate::model::{FacilityId, LinkMode, World};
use crate::prepared::Prepared;
use crate::projection::{distance_m, LocalProjection};
use cost::{ferry_cost, FerryCost, Profile, TravelSettings};
use roads::{Attach, RoadLabels, RoadNet};

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
    /// Legs per hub, in a fixed order: `edges[h]` holds `Edge { to: g, cost_min }`
    /// for the leg from `g` to `h`. Searches run from the facilities backwards, so
    /// their labels are minutes *to* a facility; ferry, bridge and straight land legs
    /// are the same both ways, road legs (one-way streets) need not be.
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
    /// Links not used, and assumptions made to use others, sorted by link id; road
    /// pieces not used and points far from every road.
    pub notes: Vec<LinkNote>,
    /// The road graph, when the profile has roads on some island.
    pub roads: Option<RoadNet>,
    /// Where each settlement joins the roads (`None` on an island without roads).
    pub settlement_attach: Vec<Option<Attach>>,
    /// Where each facility joins the roads.
    pub facility_attach: Vec<Option<Attach>>,
    /// Where each hub joins the roads.
    pub hub_attach: Vec<Option<Attach>>,
}

/// Index of island `id` (every reference is resolved when the dataset is read).
fn island_index(world: &World, id: &crate::model::IslandId) -> usize {
    world
        .islands
        .binary_search_by(|i| i.id.cmp(id))
        .expect("read_dataset resolves every island reference")
}

/// The points a network joins, in metres, with their islands by index.
struct Points {
    settlement_xy: Vec<Coord<f64>>,
    settlement_island: Vec<usize>,
    facility_xy: Vec<Coord<f64>>,
    facility_island: Vec<usize>,
}

impl Network {
    /// Builds the network of `world` for `profile`, projecting its points.
    ///
    /// A ferry route is used when both piers are open (`existing`) and [`ferry_cost`]
    /// finds it usable; a bridge is a land leg along its line (first point on its `from`
    /// island, last on its `to` island) at the profile's speed, or in its `minutes` for the
    /// profile they are given for (a plain number: the default profile; a table: the
    /// profiles it names). Every link left out, and every
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
        let island_ix = |id: &crate::model::IslandId| island_index(world, id);
        let points = Points {
            settlement_xy: world
                .settlements
                .iter()
                .map(|s| projection.forward(s.point))
                .collect(),
            settlement_island: world
                .settlements
                .iter()
                .map(|s| island_ix(&s.island))
                .collect(),
            facility_xy: world
                .facilities
                .iter()
                .map(|f| projection.forward(f.point))
                .collect(),
            facility_island: world
                .facilities
                .iter()
                .map(|f| island_ix(&f.island))
                .collect(),
        };
        Self::assemble(world, projection, points, settings, profile)
    }

    /// [`Network::build`] from the prepared world's points, metres and islands
    /// (what the pipeline does: nothing is projected again).
    pub fn build_prepared(
        world: &World,
        prepared: &Prepared,
        settings: &TravelSettings,
        profile: &Profile,
    ) -> Self {
        let points = Points {
            settlement_xy: prepared.settlement_xy.clone(),
            settlement_island: prepared.settlement_island.clone(),
            facility_xy: prepared.facility_xy.clone(),
            facility_island: prepared.facility_island.clone(),
        };
        Self::assemble(world, &prepared.projection, points, settings, profile)
    }

    fn assemble(
        world: &World,
        projection: &LocalProjection,
        points: Points,
        settings: &TravelSettings,
        profile: &Profile,
    ) -> Self {
        let island_ix = |id: &crate::model::IslandId| island_index(world, id);
        let Points {
            settlement_xy,
            settlement_island,
            facility_xy,
            facility_island,
        } = points;

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
            Bridge { link: usize, cost: f64 },
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
                    let own = profile.land_min(length_m);
                    // The data's minutes belong to one mode: a plain number to the
                    // default profile, a table to the profiles it names. Any other
                    // profile crosses at its own speed, never at another mode's time.
                    let given = link
                        .profile_minutes
                        .iter()
                        .find(|(p, _)| *p == profile.name)
                        .map(|&(_, m)| m)
                        .or(link
                            .crossing_min
                            .filter(|_| profile.name == settings.default_profile));
                    let for_whom: Vec<&str> = match link.crossing_min {
                        Some(_) => vec![settings.default_profile.as_str()],
                        None => link
                            .profile_minutes
                            .iter()
                            .map(|(p, _)| p.as_str())
                            .collect(),
                    };
                    let cost = match given {
                        Some(m) => m,
                        None if for_whom.is_empty() => own,
                        None => {
                            note(
                                &link.id.0,
                                format!(
                                    "bridge crossed at the profile's speed along its line ({length_m:.0} m, {own:.1} min); its `minutes` are given for {} only",
                                    for_whom.join(", ")
                                ),
                            );
                            own
                        }
                    };
                    uses.push(Use::Bridge { link: l, cost });
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
                Use::Bridge { link, cost } => {
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
                    crossings.push((a, a + 1, cost));
                }
            }
        }

        let mut hubs_by_island = vec![Vec::new(); world.islands.len()];
        for (h, hub) in hubs.iter().enumerate() {
            hubs_by_island[hub.island].push(h);
        }
        let roads = RoadNet::build(world, projection, profile, settings.max_snap_m);
        let attach_all = |xy: &[Coord<f64>], island: &[usize]| -> Vec<Option<Attach>> {
            match &roads {
                Some(r) => xy
                    .par_iter()
                    .zip(island)
                    .map(|(&p, &i)| r.attach(i, p))
                    .collect(),
                None => vec![None; xy.len()],
            }
        };
        let settlement_attach = attach_all(&settlement_xy, &settlement_island);
        let facility_attach = attach_all(&facility_xy, &facility_island);
        let hub_attach = attach_all(
            &hubs.iter().map(|h| h.xy).collect::<Vec<_>>(),
            &hubs.iter().map(|h| h.island).collect::<Vec<_>>(),
        );
        if let Some(r) = &roads {
            notes.extend(r.notes.iter().cloned());
            for road in &world.roads {
                if let crate::model::RoadAccess::Only(names) = &road.access {
                    for name in names.iter().filter(|n| settings.profile(n).is_none()) {
                        notes.push(LinkNote {
                            link: road.id.clone(),
                            note: format!(
                                "`access` names {name:?}, which is no travel profile of the rules file (profiles: {})",
                                settings.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        });
                    }
                }
            }
            let far = |what: &str, id: &str, a: &Option<Attach>| {
                a.filter(|a| a.far).map(|a| LinkNote {
                    link: id.to_owned(),
                    note: format!(
                        "{what} lies {:.0} m from the nearest road, more than travel.max_snap_m ({} m): its leg to the road is a straight line × detour at {}'s speed",
                        a.off_m, settings.max_snap_m, profile.name
                    ),
                })
            };
            notes.extend(
                world
                    .settlements
                    .iter()
                    .zip(&settlement_attach)
                    .filter_map(|(s, a)| far("settlement", s.id.as_str(), a)),
            );
            notes.extend(
                world
                    .facilities
                    .iter()
                    .zip(&facility_attach)
                    .filter_map(|(f, a)| far("facility", f.id.as_str(), a)),
            );
            notes.extend(
                hubs.iter()
                    .zip(&hub_attach)
                    .filter_map(|(h, a)| match h.kind {
                        HubKind::BridgeEnd(l) => far("bridge end", world.links[l].id.as_str(), a),
                        HubKind::Pier(_) => None,
                    }),
            );
        }
        let mut edges = vec![Vec::new(); hubs.len()];
        let mut labels = roads.as_ref().map(RoadLabels::new);
        for on_island in &hubs_by_island {
            for &a in on_island {
                match (&roads, &mut labels, hub_attach[a]) {
                    (_, _, Some(_)) if on_island.len() == 1 => {}
                    (Some(r), Some(labels), Some(at)) => {
                        // Land legs between hubs of a road island run along its roads:
                        // a search back from `a` gives the minutes from each `b` to `a`.
                        labels.search(r, &r.leave(&at, 0.0, a), f64::INFINITY);
                        let here = [roads::OnPiece {
                            piece: at.piece,
                            along_m: at.along_m,
                            minutes: at.access_min,
                            origin: a,
                        }];
                        for &b in on_island {
                            if a == b {
                                continue;
                            }
                            if let Some(to) = hub_attach[b] {
                                if let Some((cost_min, _)) = r.arrive(labels, &here, &to) {
                                    edges[a].push(Edge { to: b, cost_min });
                                }
                            }
                        }
                    }
                    _ => {
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
            roads,
            settlement_attach,
            facility_attach,
            hub_attach,
        }
    }

    /// Minutes over land between two points of one island, by the straight-line
    /// model (metres × detour ÷ speed). The searches use roads where an island has
    /// them; this is what an island without roads, and the proposals' coverage sets,
    /// use.
    pub fn land_min(&self, a: Coord<f64>, b: Coord<f64>) -> f64 {
        self.profile.land_min(distance_m(a, b))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use approx::assert_relative_eq;

    use super::cost::{FerryRules, Profile, TravelSettings};
    use super::*;
    use crate::model::{
        Facility, FacilityStatus, FerryLink, Island, IslandAssignment, IslandId, LinkId, Provenance,
    };

    /// 60 km/h with no detour: one minute per kilometre.
    fn profile() -> Profile {
        Profile {
            name: "car".into(),
            speed_kmh: 60.0,
            detour: 1.0,
            note: None,
            road_speeds: Default::default(),
            offroad_speed_kmh: None,
        }
    }

    fn settings() -> TravelSettings {
        TravelSettings {
            default_profile: "car".into(),
            profiles: BTreeMap::from([("car".to_owned(), profile())]),
            ferry: FerryRules {
                default_service_span_min: 600.0,
                departures_if_unknown: 0.0,
            },
            max_snap_m: 500.0,
        }
    }

    fn pt(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    fn island(id: &str, x: f64) -> Island {
        Island {
            id: IslandId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            town: "t".into(),
            population: 100,
            outline: None,
            point: pt(x, 0.0),
            provenance: Provenance::default(),
        }
    }

    fn pier(id: &str, island: &str, at: Coord<f64>, status: FacilityStatus) -> Facility {
        Facility {
            id: FacilityId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            kind: "pier".into(),
            island: IslandId(island.into()),
            island_assignment: IslandAssignment::Given,
            settlement: None,
            status,
            capacity: None,
            staff: None,
            point: at,
            provenance: Provenance::default(),
        }
    }

    /// 11 departures from 07:00 to 17:00 (600 min): a headway of 60, a wait of 30,
    /// and 20 minutes across, so 50 minutes a leg.
    fn ferry(id: &str, from: &str, to: &str, departures: f64) -> FerryLink {
        FerryLink {
            id: LinkId(id.into()),
            mode: LinkMode::Ferry,
            from: from.into(),
            to: to.into(),
            crossing_min: Some(20.0),
            profile_minutes: Vec::new(),
            departures_per_day: Some(departures),
            first_min: Some(420.0),
            last_min: Some(1020.0),
            line: vec![],
            provenance: Provenance::default(),
        }
    }

    fn bridge(id: &str, from: &str, to: &str, line: Vec<Coord<f64>>) -> FerryLink {
        FerryLink {
            id: LinkId(id.into()),
            mode: LinkMode::Bridge,
            from: from.into(),
            to: to.into(),
            crossing_min: None,
            profile_minutes: Vec::new(),
            departures_per_day: None,
            first_min: None,
            last_min: None,
            line,
            provenance: Provenance::default(),
        }
    }

    /// Three islands along the equator, 0.1° (≈ 11.13 km) apart: piers `pa` on a
    /// and `pb` on b joined by ferry `f1`; a pier `pc` on c that no route uses; and
    /// bridge `br` from b to c along the line (0.1, 0.01) → (0.2, 0.01).
    fn world() -> World {
        let mut w = World {
            islands: vec![island("a", 0.0), island("b", 0.1), island("c", 0.2)],
            facilities: vec![
                pier("pa", "a", pt(0.0, 0.0), FacilityStatus::Existing),
                pier("pb", "b", pt(0.1, 0.0), FacilityStatus::Existing),
                pier("pc", "c", pt(0.2, 0.0), FacilityStatus::Existing),
            ],
            links: vec![
                ferry("f1", "pa", "pb", 11.0),
                bridge("br", "b", "c", vec![pt(0.1, 0.01), pt(0.2, 0.01)]),
            ],
            ..World::default()
        };
        w.sort();
        w
    }

    fn build(w: &World) -> Network {
        let projection = LocalProjection::new(pt(0.1, 0.0));
        Network::build(w, &projection, &settings(), &profile())
    }

    // Metres near the equator: 0.1° of longitude is 6,378,137 × 0.1 × π/180 ≈
    // 11,132 m, 0.01° of latitude ≈ 1,106 m (the meridian arc at the equator is
    // 110,574 m a degree). At 1 km a minute those are ≈ 11.13 and ≈ 1.106 minutes.
    const LON_01_M: f64 = 11_132.0;
    const LAT_001_M: f64 = 1_105.7;

    #[test]
    fn hubs_are_the_piers_of_usable_ferries_then_the_bridge_ends() {
        let net = build(&world());

        // Facilities sorted: pa (0), pb (1), pc (2); pc serves no route, so no hub.
        let kinds: Vec<&HubKind> = net.hubs.iter().map(|h| &h.kind).collect();
        // Links sorted: br (0), f1 (1). Piers first, then both ends of the bridge:
        // its first point on b (island 1), its last on c (island 2).
        assert_eq!(
            kinds,
            vec![
                &HubKind::Pier(0),
                &HubKind::Pier(1),
                &HubKind::BridgeEnd(0),
                &HubKind::BridgeEnd(0)
            ]
        );
        let islands: Vec<usize> = net.hubs.iter().map(|h| h.island).collect();
        assert_eq!(islands, vec![0, 1, 1, 2]);
        assert_eq!(net.hubs_by_island, vec![vec![0], vec![1, 2], vec![3]]);
        assert_eq!(net.facility_island, vec![0, 1, 2]);
        assert!(net.notes.is_empty(), "{:?}", net.notes);
    }

    #[test]
    fn every_leg_runs_both_ways() {
        let net = build(&world());
        let cost = |a: usize, b: usize| -> Vec<f64> {
            net.edges[a]
                .iter()
                .filter(|e| e.to == b)
                .map(|e| e.cost_min)
                .collect()
        };

        // Ferry f1: wait 30 + crossing 20 = 50 minutes, each way.
        assert_eq!(cost(0, 1), vec![50.0]);
        assert_eq!(cost(1, 0), vec![50.0]);
        // Land leg on b, pier (0.1, 0) to the bridge's end (0.1, 0.01): ≈ 1.106 min.
        assert_relative_eq!(cost(1, 2)[0], LAT_001_M / 1000.0, max_relative = 1e-3);
        assert_eq!(cost(1, 2), cost(2, 1));
        // Bridge: 0.1° of longitude along its line, ≈ 11.13 min, each way.
        assert_relative_eq!(cost(2, 3)[0], LON_01_M / 1000.0, max_relative = 1e-3);
        assert_eq!(cost(2, 3), cost(3, 2));
        // Hubs on different islands have no land leg: a to c only through b.
        assert!(cost(0, 3).is_empty() && cost(0, 2).is_empty());
        // Out-edges: land legs first, then crossings in link order (br, then f1).
        let to: Vec<Vec<usize>> = net
            .edges
            .iter()
            .map(|es| es.iter().map(|e| e.to).collect())
            .collect();
        assert_eq!(to, vec![vec![1], vec![2, 0], vec![1, 3], vec![2]]);
    }

    #[test]
    fn a_route_to_a_closed_pier_is_left_out_and_noted() {
        let mut w = world();
        w.facilities[1].status = FacilityStatus::Closing;

        let net = build(&w);

        // Only the bridge remains: two hubs, no pier.
        assert_eq!(
            net.hubs.iter().map(|h| &h.kind).collect::<Vec<_>>(),
            vec![&HubKind::BridgeEnd(0), &HubKind::BridgeEnd(0)]
        );
        assert_eq!(
            net.notes,
            vec![LinkNote {
                link: "f1".into(),
                note: "unusable: pier pb is not open".into()
            }]
        );
    }

    #[test]
    fn a_route_with_no_departures_is_left_out_and_noted() {
        let mut w = world();
        w.links[1] = ferry("f1", "pa", "pb", 0.0);

        let net = build(&w);

        assert!(net
            .hubs
            .iter()
            .all(|h| matches!(h.kind, HubKind::BridgeEnd(_))));
        assert_eq!(
            net.notes,
            vec![LinkNote {
                link: "f1".into(),
                note: "unusable: 0 departures per day: no scheduled service".into()
            }]
        );
    }

    #[test]
    fn a_route_naming_a_missing_pier_is_noted_and_notes_are_sorted() {
        let mut w = world();
        w.links.push(ferry("f0", "pa", "nowhere", 11.0));
        w.links.push(ferry("f2", "pa", "pc", 0.0));
        w.sort();

        let net = build(&w);

        let links: Vec<&str> = net.notes.iter().map(|n| n.link.as_str()).collect();
        assert_eq!(links, vec!["f0", "f2"]);
        assert_eq!(net.notes[0].note, "unusable: a pier is not in the dataset");
        // f1 still runs: pa and pb are hubs, pc is not.
        assert_eq!(net.hubs[0].kind, HubKind::Pier(0));
        assert_eq!(net.hubs[1].kind, HubKind::Pier(1));
    }

    /// The network of `w` for a profile called `name` (60 km/h, no detour), with
    /// `car` the default profile.
    fn build_for(w: &World, name: &str) -> Network {
        let projection = LocalProjection::new(pt(0.1, 0.0));
        let mut p = profile();
        p.name = name.into();
        Network::build(w, &projection, &settings(), &p)
    }

    #[test]
    fn a_bridge_takes_its_minutes_for_the_default_profile_only() {
        let mut w = world();
        // The bridge's line is ≈ 11.13 minutes at 1 km a minute; the data says 5,
        // a figure of the default profile (car): faster than the line, and used.
        w.links[0].crossing_min = Some(5.0);

        let car = build_for(&w, "car");
        let walk = build_for(&w, "walk");

        let leg = |net: &Network| net.edges[2].iter().find(|e| e.to == 3).unwrap().cost_min;
        assert_eq!(leg(&car), 5.0);
        assert!(car.notes.is_empty(), "{:?}", car.notes);
        // Another profile crosses at its own speed, whatever the car's time.
        assert_relative_eq!(leg(&walk), LON_01_M / 1000.0, max_relative = 1e-3);
        assert!(
            walk.notes[0]
                .note
                .ends_with("its `minutes` are given for car only"),
            "{}",
            walk.notes[0].note
        );
    }

    #[test]
    fn a_table_of_minutes_gives_each_profile_its_own() {
        let mut w = world();
        w.links[0].profile_minutes = vec![("car".into(), 2.0), ("walk".into(), 20.0)];

        let leg = |name: &str| {
            build_for(&w, name).edges[2]
                .iter()
                .find(|e| e.to == 3)
                .unwrap()
                .cost_min
        };

        assert_eq!(leg("car"), 2.0);
        assert_eq!(leg("walk"), 20.0);
        // Not in the table: its own speed along the line, ≈ 11.13 minutes.
        assert_relative_eq!(leg("e-bike"), LON_01_M / 1000.0, max_relative = 1e-3);
        assert!(build_for(&w, "e-bike").notes[0]
            .note
            .ends_with("given for car, walk only"));
    }

    #[test]
    fn a_bridge_without_minutes_is_a_land_leg_along_its_line() {
        let mut w = world();
        // Bent: north ≈ 1,106 m, then east ≈ 11,132 m; ≈ 12,238 m in all against
        // ≈ 11,187 m straight, so ≈ 12.24 minutes.
        w.links[0] = bridge(
            "br",
            "b",
            "c",
            vec![pt(0.1, 0.0), pt(0.1, 0.01), pt(0.2, 0.01)],
        );

        let net = build(&w);

        let leg = net.edges[2].iter().find(|e| e.to == 3).unwrap().cost_min;
        assert_relative_eq!(leg, (LAT_001_M + LON_01_M) / 1000.0, max_relative = 1e-3);
        // The ends sit on the line's first and last points.
        let projection = LocalProjection::new(pt(0.1, 0.0));
        assert_eq!(net.hubs[2].xy, projection.forward(pt(0.1, 0.0)));
        assert_eq!(net.hubs[3].xy, projection.forward(pt(0.2, 0.01)));
        assert!(net.notes.is_empty());
    }
}
