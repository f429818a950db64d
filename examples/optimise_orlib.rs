//! Solves one OR-Library set-covering instance (Beasley's format) as LSCP and prints
//! one JSON line: `cargo run --release --example optimise_orlib -- FILE [SECONDS]
//! [NODES]`.
//!
//! The format is read by [`isleplan::optimise::orlib`]: rows become demand points of weight
//! 1, columns candidate sites with their cost.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use isleplan::optimise::{propose_with_limits, Model, SearchLimits, SolveOptions, MIP_SOLVER};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: optimise_orlib FILE [SECONDS] [NODES]");
        return ExitCode::from(2);
    };
    let seconds: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(600.0);
    let nodes: Option<u64> = args.get(2).and_then(|s| s.parse().ok());
    let started = Instant::now();
    let problem = match isleplan::optimise::orlib::load(std::path::Path::new(path)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(seconds),
        ..SolveOptions::default()
    };
    let layout = propose_with_limits(&problem, Model::Lscp, &options, SearchLimits { nodes });
    println!(
        "{{\"file\": \"{path}\", \"objective\": {}, \"bound\": {}, \"gap\": {}, \"optimal\": {}, \"nodes\": {}, \"limit\": \"{}\", \"seconds\": {:.3}, \"solver\": \"{}\"}}",
        layout.objective,
        layout.bound,
        layout.gap,
        layout.optimal,
        layout.nodes,
        layout.limit_reached.map_or("none", |l| l.name()),
        started.elapsed().as_secs_f64(),
        MIP_SOLVER
    );
    ExitCode::SUCCESS
}
