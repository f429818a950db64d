//! The pipeline stage by stage on seeded synthetic archipelagos (`cargo bench --bench
//! pipeline`): load, travel, rules, gaps, service areas, proposals and the output
//! stages, each timed separately, medians of several runs in one process, and the
//! growth exponent of every stage between the smallest and the largest size.
//!
//! ```text
//! cargo bench --bench pipeline                       # 10,000 and 100,000 settlements, 3 runs
//! cargo test --benches                               # 2,000 settlements, once (smoke test)
//! ISLEPLAN_BENCH_SIZES=10000,100000,1000000 ISLEPLAN_BENCH_REPEATS=1 cargo bench --bench pipeline
//! ```
//!
//! Peak memory per size is a whole-process figure: see `benches/scale.py`, which
//! runs `isleplan run --timings` under `/usr/bin/time -v`. No timing is asserted
//! anywhere: this prints figures for people to read.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use isleplan::gen::{generate, GenOptions};
use isleplan::output::staged::OutputDir;
use isleplan::output::write_outcome_timed;
use isleplan::output::Options;
use isleplan::pipeline::Loader;
use isleplan::timings::Timings;

/// The allocator the binary uses, so the stages cost here what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .expect("a list of whole numbers")
        })
        .collect()
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// One run of the whole pipeline on the scenario in `dir`, stage by stage.
fn run_once(dir: &Path) -> Timings {
    let mut timings = Timings::default();
    let scenario = dir.join("scenario.toml");
    let outcome = Loader::single()
        .run_timed(&scenario, &mut timings)
        .expect("the synthetic scenario runs");
    let out_path = dir.join("out");
    let out = OutputDir::prepare(&out_path, &[&scenario]).expect("an output folder");
    write_outcome_timed(&outcome, &out, &Options::default(), &mut timings).expect("outputs");
    timings.stage("commit", || out.commit()).expect("commit");
    drop(outcome);
    timings
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and gets a
    // quick smoke run at the smallest size (what CI runs).
    let quick = !std::env::args().any(|a| a == "--bench");
    let (sizes, repeats) = if quick {
        ("2000", "1")
    } else {
        ("10000,100000", "3")
    };
    let sizes = env_list("ISLEPLAN_BENCH_SIZES", sizes);
    let repeats = env_list("ISLEPLAN_BENCH_REPEATS", repeats)[0].max(1);
    let tmp = tempfile::tempdir().expect("a temporary folder");
    // Per size: stage → median seconds, in stage order.
    let mut table: Vec<(usize, Vec<(&'static str, f64)>)> = Vec::new();
    for &n in &sizes {
        let dir = tmp.path().join(format!("g{n}"));
        generate(
            &dir,
            &GenOptions {
                settlements: n,
                islands: 0,
                facilities: 0,
                candidates: 0,
                seed: 42,
                roads: false,
            },
        )
        .expect("generate");
        let runs: Vec<Timings> = (0..repeats).map(|_| run_once(&dir)).collect();
        let mut by_stage: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
        let order: Vec<&'static str> = runs[0].stages().iter().map(|s| s.name).collect();
        for t in &runs {
            for s in t.stages() {
                by_stage.entry(s.name).or_default().push(s.wall);
            }
            by_stage
                .entry("total")
                .or_default()
                .push(t.stages().iter().map(|s| s.wall).sum());
        }
        let mut row: Vec<(&'static str, f64)> = order
            .iter()
            .map(|name| (*name, median(by_stage[name].clone()).as_secs_f64()))
            .collect();
        row.push(("total", median(by_stage["total"].clone()).as_secs_f64()));
        eprintln!("{n} settlements: {repeats} runs done");
        table.push((n, row));
        std::fs::remove_dir_all(&dir).ok();
    }

    println!("\nmedian seconds per stage ({repeats} runs each, one process)\n");
    print!("| stage |");
    for (n, _) in &table {
        print!(" {n} |");
    }
    let growth = table.len() >= 2;
    if growth {
        print!(" growth exponent |");
    }
    println!();
    print!("|---|");
    for _ in 0..table.len() + usize::from(growth) {
        print!("---:|");
    }
    println!();
    for (i, (stage, _)) in table[0].1.iter().enumerate() {
        print!("| {stage} |");
        for (_, row) in &table {
            print!(" {:.3} |", row[i].1);
        }
        if growth {
            let (n0, first) = &table[0];
            let (n1, last) = &table[table.len() - 1];
            let (a, b) = (first[i].1, last[i].1);
            if a > 0.0 && b > 0.0 {
                let k = (b / a).ln() / (*n1 as f64 / *n0 as f64).ln();
                print!(" n^{k:.2} |");
            } else {
                print!(" — |");
            }
        }
        println!();
    }
}
