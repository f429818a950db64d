//! `isleplan optimize` alone, as a small binary the benchmark scripts build without the
//! rest of the command line: `cargo run --release --example optimize -- --model mclp
//! --demand D.csv --sites S.csv --pairs P.csv --max-cost 5000 --p 4 --out
//! result.json` (the same arguments and `result.json` as [`OptimizeArgs`]).

use std::process::ExitCode;

use clap::Parser;
use isleplan::cli::optimize::{run, OptimizeArgs};

/// Choose sites from a cost matrix (LSCP or MCLP) and write result.json.
#[derive(Debug, Parser)]
#[command(name = "isleplan-optimize")]
struct Cli {
    #[command(flatten)]
    args: OptimizeArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            if let Some(hint) = error.hint() {
                eprintln!("\nhint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}
