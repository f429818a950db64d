//! The `isleplan` binary: parse arguments, run, exit.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    isleplan::cli::main(isleplan::cli::Args::parse())
}
