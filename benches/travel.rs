//! Travel minutes alone (the hub Dijkstra) on a seeded synthetic province: 250
//! settlements per island, five facility kinds, ferries between grid neighbours.
//!
//! ```text
//! cargo bench --bench travel                     # 400 islands: 100,000 settlements
//! BENCH_ISLANDS=4000 cargo bench --bench travel  # a million settlements
//! cargo test --benches                           # 16 islands, once (smoke test)
//! ```
//!
//! Prints the figures for people to read; no timing is asserted.

use std::time::Instant;

use geo::Coord;
use isleplan::model::{
    FerryLink, IslandAssignment, IslandId, LinkId, LinkMode, Provenance, Settlement, SettlementId,
    SettlementKind, World,
};
use isleplan::network::travel::{Request, TravelTimes};
use isleplan::projection::LocalProjection;

#[path = "../tests/support/rng.rs"]
mod rng;
// The integration tests' world builders (`facility`, `settings`); the rest of that
// file is unused here.
#[allow(dead_code)]
#[path = "../tests/it/support.rs"]
mod support;

use rng::Rng;
use support::{facility, settings};

/// `islands` islands on a grid 0.1° apart, `per_island` settlements each, 1 in 50 of them
/// with a facility of one of 5 kinds, 2 piers per island, ferries between grid
/// neighbours and a bridge every 10 islands.
fn province(islands: usize, per_island: usize) -> World {
    let mut rng = Rng::new(42);
    let mut w = World::default();
    let side = (islands as f64).sqrt().ceil() as usize;
    let kinds = ["k0", "k1", "k2", "k3", "k4"];
    for i in 0..islands {
        let c = Coord {
            x: 118.0 + 0.1 * (i % side) as f64,
            y: 27.0 + 0.1 * (i / side) as f64,
        };
        let mut isl = isleplan::model::Island {
            id: IslandId(format!("i{i:05}")),
            name: String::new(),
            name_zh: String::new(),
            town: format!("t{}", i / 20),
            population: 0,
            outline: None,
            point: c,
            provenance: Provenance::default(),
        };
        let at = |rng: &mut Rng| Coord {
            x: c.x + 0.08 * (rng.unit() - 0.5),
            y: c.y + 0.08 * (rng.unit() - 0.5),
        };
        for s in 0..per_island {
            let p = at(&mut rng);
            let population = 50 + rng.below(3000) as u64;
            isl.population += population;
            w.settlements.push(Settlement {
                id: SettlementId(format!("s{i:05}-{s:04}")),
                name: String::new(),
                name_zh: String::new(),
                island: isl.id.clone(),
                island_assignment: IslandAssignment::Given,
                kind: SettlementKind::Village,
                village_code: None,
                codes: Vec::new(),
                population,
                elderly: None,
                point: p,
                territory: None,
                provenance: Provenance::default(),
            });
            if rng.below(50) == 0 {
                let k = kinds[rng.below(kinds.len())];
                let mut f = facility(&format!("f{i:05}-{s:04}"), k, i, at(&mut rng));
                f.island = isl.id.clone();
                w.facilities.push(f);
            }
        }
        for p in 0..2 {
            let mut f = facility(&format!("p{i:05}-{p}"), "pier", i, at(&mut rng));
            f.island = isl.id.clone();
            w.facilities.push(f);
        }
        w.islands.push(isl);
    }
    for i in 0..islands {
        for j in [i + 1, i + side] {
            if j < islands && (j != i + 1 || (i + 1) % side != 0) {
                w.links.push(FerryLink {
                    id: LinkId(format!("l{i:05}-{j:05}")),
                    mode: LinkMode::Ferry,
                    from: format!("p{i:05}-{}", rng.below(2)),
                    to: format!("p{j:05}-{}", rng.below(2)),
                    crossing_min: Some(10.0 + rng.below(40) as f64),
                    profile_minutes: Vec::new(),
                    departures_per_day: Some(rng.below(20) as f64),
                    first_min: None,
                    last_min: None,
                    line: vec![],
                    provenance: Provenance::default(),
                });
            }
        }
        if i % 10 == 0 && i + 1 < islands {
            let (a, b) = (w.islands[i].point, w.islands[i + 1].point);
            w.links.push(FerryLink {
                id: LinkId(format!("b{i:05}")),
                mode: LinkMode::Bridge,
                from: w.islands[i].id.0.clone(),
                to: w.islands[i + 1].id.0.clone(),
                crossing_min: None,
                profile_minutes: Vec::new(),
                departures_per_day: None,
                first_min: None,
                last_min: None,
                line: vec![a, b],
                provenance: Provenance::default(),
            });
        }
    }
    w.sort();
    w
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and gets a
    // quick smoke run on a small province (what CI runs).
    let quick = !std::env::args().any(|a| a == "--bench");
    let t0 = Instant::now();
    // BENCH_ISLANDS=4000 makes it a million settlements.
    let islands = std::env::var("BENCH_ISLANDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 16 } else { 400 });
    let w = province(islands, 250);
    let proj = LocalProjection::for_points(w.islands.iter().map(|i| i.point));
    let families = (0..5)
        .map(|k| (format!("f{k}"), vec![format!("k{k}")]))
        .collect();
    let requests: Vec<Request> = (0..5)
        .map(|k| Request {
            profile: "car".into(),
            family: format!("f{k}"),
            min_tier: 0,
        })
        .collect();
    let built = t0.elapsed();

    let prepared = isleplan::prepared::Prepared::new(&w, proj, &families);
    let t1 = Instant::now();
    let times = TravelTimes::compute(&w, &prepared, &settings(), &families, &requests);
    let computed = t1.elapsed();

    let reached = times
        .reach
        .values()
        .flatten()
        .filter(|r| r.minutes().is_some())
        .count();
    let net = &times.networks["car"];
    eprintln!(
        "{} settlements, {} facilities, {} links, {} hubs: generated in {:.2?}, travel times for {} kinds in {:.2?} ({} of {} answers reachable; {} threads)",
        w.settlements.len(),
        w.facilities.len(),
        w.links.len(),
        net.hubs.len(),
        built,
        requests.len(),
        computed,
        reached,
        w.settlements.len() * requests.len(),
        rayon::current_num_threads()
    );
}
