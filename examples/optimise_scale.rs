//! How the optimiser copes with a large seeded instance (default one million demand
//! points × 100,000 sites): build time, heuristic time, peak memory.
//!
//! `cargo run --release --example optimise_scale -- [N_DEMAND] [N_SITES] [P] [TIME_LIMIT_S] [CASES]`
//!
//! `CASES` is a comma-separated subset of `mclp-bounded,lscp-bounded,mclp-exact,lscp-exact`
//! (all by default), so that one model can be timed as a whole process.

use std::time::{Duration, Instant};

use isleplan::optimise::{propose, Model, SolveOptions, Strategy};

#[path = "../benches/support/random_instance.rs"]
mod random_instance;

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
    let started = Instant::now();
    let problem = random_instance::instance(n, m);
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
