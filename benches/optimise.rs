//! `cargo bench --bench optimise`: the optimiser on the seeded random instances of
//! `examples/optimise_scale.rs` (uniform points, about six candidate sites per demand
//! point, integer weights 1–100, MCLP with p = m / 10), timed with `std::time` only.
//!
//! Prints, per case, the median wall time over the repeats, the objective, the bound
//! and the gap. Cases: LSCP and MCLP at 10,000 × 1,000 (exact, 300 s limit, and the
//! bounded heuristic) and at 100,000 × 10,000 (the bounded heuristic). Set
//! `OPTIMISE_BENCH_REPEATS` (default 3) to change the number of repeats, and
//! `OPTIMISE_BENCH_EXACT_LARGE=1` to add exact runs at 100,000 × 10,000 (60 s limit).

use std::time::{Duration, Instant};

use isleplan::optimise::{propose, CoverProblem, Layout, Model, SolveOptions, Strategy};

mod support {
    pub mod random_instance;
}
use support::random_instance::instance;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn case(
    problem: &CoverProblem,
    label: &str,
    model: Model,
    strategy: Strategy,
    limit: u64,
    repeats: usize,
) {
    let options = SolveOptions {
        time_limit: Duration::from_secs(limit),
        strategy,
    };
    let mut times = Vec::new();
    let mut last: Option<Layout> = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let layout = propose(problem, model, &options);
        times.push(t.elapsed().as_secs_f64());
        last = Some(layout);
    }
    if let Some(layout) = last {
        println!(
            "{label:<12} {:<5} {:<9} median {:>8.3} s  objective {:>10}  bound {:>10}  gap {:>7.4}%  optimal {}",
            model.name(),
            match strategy {
                Strategy::Exact => "exact",
                Strategy::Heuristic => "bounded",
            },
            median(times),
            layout.objective,
            layout.bound,
            100.0 * layout.gap,
            layout.optimal
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, quickly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let repeats: usize = std::env::var("OPTIMISE_BENCH_REPEATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    if quick {
        let problem = instance(2_000, 200);
        case(
            &problem,
            "2k x 200",
            Model::Lscp,
            Strategy::Heuristic,
            10,
            1,
        );
        return;
    }
    let small = instance(10_000, 1_000);
    for model in [Model::Lscp, Model::Mclp { p: 100 }] {
        case(&small, "10k x 1k", model, Strategy::Heuristic, 300, repeats);
        case(&small, "10k x 1k", model, Strategy::Exact, 300, repeats);
    }
    let large = instance(100_000, 10_000);
    for model in [Model::Lscp, Model::Mclp { p: 1_000 }] {
        case(
            &large,
            "100k x 10k",
            model,
            Strategy::Heuristic,
            60,
            repeats,
        );
        if std::env::var_os("OPTIMISE_BENCH_EXACT_LARGE").is_some() {
            case(&large, "100k x 10k", model, Strategy::Exact, 60, 1);
        }
    }
}
