//! How the optimiser copes with a large seeded instance (default one million demand
//! points × 100,000 sites): build time, heuristic time, peak memory.
//!
//! `cargo run --release --example optimise_scale -- [N_DEMAND] [N_SITES] [P] [TIME_LIMIT_S] [CASES]`
//!
//! `CASES` is a comma-separated subset of `mclp-bounded,lscp-bounded,mclp-exact,lscp-exact`
//! (all by default), so that one model can be timed as a whole process.

use std::time::{Duration, Instant};

use isleplan::optimise::{propose, CoverProblem, Model, SolveOptions, Strategy};

/// splitmix64, seeded.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn peak_memory_mib() -> Option<f64> {
    let status = fs_err::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let arg = |k: usize, default: f64| {
        std::env::args()
            .nth(k)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let n = arg(1, 1_000_000.0) as usize;
    let m = arg(2, 100_000.0) as usize;
    let p = arg(3, (m / 10) as f64) as usize;
    let limit = arg(4, 60.0);
    let side_m = 100_000.0;
    // About six candidate sites within the standard of each demand point.
    let radius_m = (6.0 * side_m * side_m / (std::f64::consts::PI * m as f64)).sqrt();

    let started = Instant::now();
    let mut rng = Rng(42);
    let demand: Vec<[f64; 2]> = (0..n)
        .map(|_| [rng.unit() * side_m, rng.unit() * side_m])
        .collect();
    let sites: Vec<[f64; 2]> = (0..m)
        .map(|_| [rng.unit() * side_m, rng.unit() * side_m])
        .collect();
    let weights: Vec<f64> = (0..n).map(|_| (1.0 + rng.unit() * 100.0).floor()).collect();
    // Grid buckets of the radius for the pair search.
    let cells = (side_m / radius_m).ceil() as usize;
    let cell = |x: f64| ((x / radius_m) as usize).min(cells - 1);
    let mut grid: Vec<Vec<u32>> = vec![Vec::new(); cells * cells];
    for (j, s) in sites.iter().enumerate() {
        grid[cell(s[0]) * cells + cell(s[1])].push(j as u32);
    }
    let pairs = demand.iter().enumerate().flat_map(|(i, d)| {
        let (cx, cy) = (cell(d[0]), cell(d[1]));
        let grid = &grid;
        let sites = &sites;
        (cx.saturating_sub(1)..=(cx + 1).min(cells - 1)).flat_map(move |x| {
            (cy.saturating_sub(1)..=(cy + 1).min(cells - 1)).flat_map(move |y| {
                grid[x * cells + y].iter().map(move |&j| {
                    let s = sites[j as usize];
                    (i as u32, j, (d[0] - s[0]).hypot(d[1] - s[1]))
                })
            })
        })
    });
    let problem = CoverProblem::from_pairs(weights, vec![1.0; m], vec![false; m], pairs, radius_m)
        .expect("valid instance");
    drop(demand);
    println!(
        "instance: {n} demand x {m} sites, {} covering pairs, built in {:.1} s",
        problem.n_pairs(),
        started.elapsed().as_secs_f64()
    );

    let cases = std::env::args()
        .nth(5)
        .unwrap_or_else(|| "mclp-bounded,lscp-bounded,mclp-exact,lscp-exact".into());
    for (name, model, strategy) in [
        ("mclp-bounded", Model::Mclp { p }, Strategy::Heuristic),
        ("lscp-bounded", Model::Lscp, Strategy::Heuristic),
        ("mclp-exact", Model::Mclp { p }, Strategy::Exact),
        ("lscp-exact", Model::Lscp, Strategy::Exact),
    ] {
        if !cases.split(',').any(|c| c == name) {
            continue;
        }
        let t = Instant::now();
        let layout = propose(
            &problem,
            model,
            &SolveOptions {
                time_limit: Duration::from_secs_f64(limit),
                strategy,
            },
        );
        println!(
            "{:?} {:?}: objective {} bound {} gap {:.4} optimal {} method {} in {:.1} s",
            model,
            strategy,
            layout.objective,
            layout.bound,
            layout.gap,
            layout.optimal,
            layout.method,
            t.elapsed().as_secs_f64()
        );
    }
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory: {mib:.0} MiB");
    }
}
