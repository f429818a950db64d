//! Travel minutes along roads on a synthetic archipelago (`isleplan gen --roads`):
//! the travel stage of one request (every settlement to its nearest health
//! facility), and the multi-source Dijkstra over the road graph beside petgraph's
//! Dijkstra on the same graph (same nodes, arcs and start labels), checked to agree.
//!
//! ```text
//! cargo bench --bench roads                                # 100,000 settlements
//! BENCH_SETTLEMENTS=1000000 cargo bench --bench roads      # a million
//! cargo test --benches                                     # 2,000, once (smoke test)
//! ```
//!
//! Prints the figures for people to read; no timing is asserted.

use std::time::{Duration, Instant};

use isleplan::gen::{generate, GenOptions};
use isleplan::network::roads::RoadLabels;
use isleplan::network::travel::{facility_origins, nearest, serving};
use isleplan::network::Network;
use isleplan::prepared::Prepared;
use petgraph::graph::{DiGraph, NodeIndex};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let smoke =
        std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("BENCH_SETTLEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 2_000 } else { 100_000 });
    let repeats = if smoke { 1 } else { 5 };
    let dir = tempfile::tempdir().expect("temp dir");
    generate(
        dir.path(),
        &GenOptions {
            settlements: n,
            islands: 0,
            facilities: 0,
            candidates: 0,
            seed: 42,
            roads: true,
        },
    )
    .expect("generate");
    let (_, policy, dataset, _) =
        isleplan::pipeline::load(&dir.path().join("scenario.toml")).expect("load");
    let world = &dataset.world;
    let prepared = Prepared::new(world, dataset.projection, &policy.families);
    let settings = policy.travel.as_ref().expect("travel");
    let profile = settings.default();

    let t = Instant::now();
    let net = Network::build_prepared(world, &prepared, settings, profile);
    let build = t.elapsed();
    let roads = net.roads.as_ref().expect("roads");
    let kinds = &policy.families["health"];
    let sources = serving(world, kinds);

    // The travel stage of one request.
    let stage: Vec<Duration> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(nearest(&net, &sources));
            t.elapsed()
        })
        .collect();

    // One multi-source Dijkstra over the road graph: ours and petgraph's.
    let seeds: Vec<(u32, f64, usize)> = facility_origins(&net, &sources)
        .iter()
        .filter_map(|o| o.attach.map(|a| roads.leave(&a, 0.0, o.tag)))
        .flatten()
        .collect();
    let mut labels = RoadLabels::new(roads);
    let ours: Vec<Duration> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            labels.search(roads, &seeds, f64::INFINITY);
            t.elapsed()
        })
        .collect();
    // The same graph for petgraph: each arc into a node (searches run backwards from
    // the facilities) and a super-source joined to every seed at its start label.
    let nodes = roads.node_count();
    let mut g: DiGraph<(), f64> = DiGraph::with_capacity(nodes + 1, 0);
    for _ in 0..=nodes {
        g.add_node(());
    }
    for to in 0..nodes as u32 {
        for (from, m) in roads.arcs(to) {
            g.add_edge(
                NodeIndex::new(to as usize),
                NodeIndex::new(from as usize),
                m,
            );
        }
    }
    let source = NodeIndex::new(nodes);
    for &(node, m, _) in &seeds {
        g.add_edge(source, NodeIndex::new(node as usize), m);
    }
    let mut dist = Default::default();
    let theirs: Vec<Duration> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            dist = petgraph::algo::dijkstra(&g, source, None, |e| *e.weight());
            t.elapsed()
        })
        .collect();
    let mut worst = 0.0f64;
    for n in 0..nodes as u32 {
        let a = labels.get(n).0;
        let b = dist
            .get(&NodeIndex::new(n as usize))
            .copied()
            .unwrap_or(f64::INFINITY);
        assert_eq!(a.is_finite(), b.is_finite(), "node {n}");
        if a.is_finite() {
            worst = worst.max((a - b).abs());
        }
    }
    assert!(worst < 1e-9, "labels differ by {worst}");

    let segments: usize = world
        .roads
        .iter()
        .flat_map(|r| r.lines.iter().map(|l| l.len() - 1))
        .sum();
    let (ours, theirs, stage) = (median(ours), median(theirs), median(stage));
    println!(
        "{n} settlements, {} facilities of the family, {} road features, {segments} segments, {nodes} nodes, {} pieces",
        sources.len(),
        world.roads.len(),
        roads.pieces.len()
    );
    println!(
        "network build (road graph, joins, hub legs): {:.3} s",
        build.as_secs_f64()
    );
    println!(
        "travel stage, one request (both road passes, hub search, every settlement): {:.3} s (median of {repeats})",
        stage.as_secs_f64()
    );
    println!(
        "one multi-source road Dijkstra: isleplan {:.3} s, petgraph {:.3} s ({:.1}× ), labels equal (max |Δ| {worst:.1e} min)",
        ours.as_secs_f64(),
        theirs.as_secs_f64(),
        theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
    );
}
