//! Helpers shared by the integration tests: fixture paths, and random small
//! archipelagos built in memory from the shared seeded generator (`crate::rng`).

use std::path::PathBuf;

use geo::Coord;
use isleplan::model::{
    Facility, FacilityId, FacilityStatus, FerryLink, Island, IslandAssignment, IslandId, LinkId,
    LinkMode, Provenance, Settlement, SettlementId, SettlementKind, World,
};
use isleplan::network::cost::{FerryRules, Profile, TravelSettings};

use crate::rng::Rng;

/// `tests/data/<case>`.
pub fn fixture(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(case)
}

/// Travel settings with a car profile of 400 straight-line metres a minute.
pub fn settings() -> TravelSettings {
    let car = Profile {
        name: "car".into(),
        speed_kmh: 30.0,
        detour: 1.25,
        note: None,
        road_speeds: Default::default(),
        offroad_speed_kmh: None,
    };
    TravelSettings {
        default_profile: "car".into(),
        profiles: [("car".to_owned(), car)].into_iter().collect(),
        ferry: FerryRules {
            default_service_span_min: 600.0,
            departures_if_unknown: 0.0,
        },
        max_snap_m: 500.0,
    }
}

fn island(i: usize, center: Coord<f64>) -> Island {
    Island {
        id: IslandId(format!("i{i:02}")),
        name: format!("Island {i}"),
        name_zh: format!("岛{i}"),
        town: format!("town{}", i % 2),
        population: 1000,
        outline: None,
        point: center,
        provenance: Provenance::default(),
    }
}

/// A facility at `point` on island `i`.
pub fn facility(id: &str, kind: &str, i: usize, point: Coord<f64>) -> Facility {
    Facility {
        id: FacilityId(id.into()),
        name: id.into(),
        name_zh: id.into(),
        kind: kind.into(),
        island: IslandId(format!("i{i:02}")),
        island_assignment: IslandAssignment::Given,
        settlement: None,
        status: FacilityStatus::Existing,
        capacity: None,
        staff: None,
        point,
        provenance: Provenance::default(),
    }
}

/// A random archipelago of at most `max_nodes` points (settlements, facilities of kind
/// `clinic`, piers and bridge ends), islands a few km apart near 122.3°E 29.9°N, with
/// ferries of random timetables (some unusable) and bridges.
pub fn random_world(rng: &mut Rng, max_nodes: usize) -> World {
    let mut w = World::default();
    let n_islands = 2 + rng.below(4);
    let mut budget = max_nodes;
    let mut piers: Vec<(String, usize)> = Vec::new();
    let spend = |n: usize, budget: &mut usize| {
        let n = n.min(*budget);
        *budget -= n;
        n
    };
    for i in 0..n_islands {
        let c = Coord {
            x: 122.2 + 0.1 * i as f64 + 0.02 * rng.unit(),
            y: 29.8 + 0.1 * rng.unit(),
        };
        w.islands.push(island(i, c));
        let jitter = |rng: &mut Rng| Coord {
            x: c.x + 0.06 * (rng.unit() - 0.5),
            y: c.y + 0.06 * (rng.unit() - 0.5),
        };
        for s in 0..spend(1 + rng.below(3), &mut budget) {
            let p = jitter(rng);
            w.settlements.push(Settlement {
                id: SettlementId(format!("s{i:02}{s}")),
                name: String::new(),
                name_zh: String::new(),
                island: IslandId(format!("i{i:02}")),
                island_assignment: IslandAssignment::Given,
                kind: SettlementKind::Village,
                village_code: None,
                codes: Vec::new(),
                population: 100 + rng.below(2000) as u64,
                elderly: None,
                point: p,
                territory: None,
                provenance: Provenance::default(),
            });
        }
        for f in 0..spend(rng.below(3), &mut budget) {
            let p = jitter(rng);
            w.facilities
                .push(facility(&format!("f{i:02}{f}"), "clinic", i, p));
        }
        for p in 0..spend(1 + rng.below(3), &mut budget) {
            let id = format!("p{i:02}{p}");
            let pt = jitter(rng);
            w.facilities.push(facility(&id, "pier", i, pt));
            piers.push((id, i));
        }
    }
    let n_links = rng.below(2 * n_islands + 1);
    for l in 0..n_links {
        if rng.unit() < 0.25 && budget >= 2 {
            budget -= 2;
            let a = rng.below(n_islands);
            let b = (a + 1 + rng.below(n_islands - 1)) % n_islands;
            let (pa, pb) = (w.islands[a].point, w.islands[b].point);
            w.links.push(FerryLink {
                id: LinkId(format!("l{l:02}")),
                mode: LinkMode::Bridge,
                from: w.islands[a].id.0.clone(),
                to: w.islands[b].id.0.clone(),
                crossing_min: None,
                profile_minutes: Vec::new(),
                departures_per_day: None,
                first_min: None,
                last_min: None,
                line: vec![
                    Coord {
                        x: pa.x + 0.01,
                        y: pa.y,
                    },
                    Coord {
                        x: pb.x - 0.01,
                        y: pb.y,
                    },
                ],
                provenance: Provenance::default(),
            });
        } else {
            let a = rng.below(piers.len());
            let b = rng.below(piers.len());
            if piers[a].1 == piers[b].1 {
                continue;
            }
            let departures = match rng.below(5) {
                0 => None,
                1 => Some(0.0),
                2 => Some(1.0),
                _ => Some(2.0 + rng.below(60) as f64),
            };
            let (first, last) = if rng.unit() < 0.5 {
                (Some(420.0), Some(420.0 + 60.0 * (1 + rng.below(10)) as f64))
            } else {
                (None, None)
            };
            w.links.push(FerryLink {
                id: LinkId(format!("l{l:02}")),
                mode: LinkMode::Ferry,
                from: piers[a].0.clone(),
                to: piers[b].0.clone(),
                crossing_min: Some(1.0 + rng.below(30) as f64),
                profile_minutes: Vec::new(),
                departures_per_day: departures,
                first_min: first,
                last_min: last,
                line: vec![],
                provenance: Provenance::default(),
            });
        }
    }
    w.sort();
    w
}
