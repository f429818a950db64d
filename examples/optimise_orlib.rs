//! Solves one OR-Library set-covering instance (Beasley's format) as LSCP and prints
//! one JSON line: `cargo run --release --example optimise_orlib -- FILE [SECONDS]
//! [NODES]`.
//!
//! The format: the number of rows and columns, one cost per column, then for each row
//! the number of columns covering it followed by those columns (1-based). Rows become
//! demand points of weight 1, columns candidate sites with their cost.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use isleplan::optimise::{
    propose_with_limits, CoverProblem, Model, SearchLimits, SolveOptions, MIP_SOLVER,
};

/// Reads an OR-Library set-covering file.
fn read(path: &str) -> Result<CoverProblem, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut numbers = text.split_ascii_whitespace().map(|t| {
        t.parse::<u64>()
            .map_err(|e| format!("{path}: `{t}` is not a whole number: {e}"))
    });
    let mut next = |what: &str| -> Result<u64, String> {
        numbers
            .next()
            .ok_or_else(|| format!("{path}: the file ends before {what}"))?
    };
    let rows = next("the number of rows")? as usize;
    let columns = next("the number of columns")? as usize;
    let mut costs = Vec::with_capacity(columns);
    for j in 0..columns {
        costs.push(next(&format!("the cost of column {}", j + 1))? as f64);
    }
    let mut sets: Vec<Vec<u32>> = vec![Vec::new(); columns];
    for i in 0..rows {
        let count = next(&format!("row {}'s column count", i + 1))?;
        for _ in 0..count {
            let j = next(&format!("row {}'s columns", i + 1))? as usize;
            if j == 0 || j > columns {
                return Err(format!(
                    "{path}: row {} names column {j}, outside 1..={columns}",
                    i + 1
                ));
            }
            sets[j - 1].push(i as u32);
        }
    }
    CoverProblem::from_coverage_sets(vec![1.0; rows], costs, vec![false; columns], &sets)
        .map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: optimise_orlib FILE [SECONDS] [NODES]");
        return ExitCode::from(2);
    };
    let seconds: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(600.0);
    let nodes: Option<u64> = args.get(2).and_then(|s| s.parse().ok());
    let started = Instant::now();
    let problem = match read(path) {
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
