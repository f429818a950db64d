//! `isleplan progress`: the baseline and the plan's year scenarios run side by
//! side, each clause's status and figure per year printed, and written as
//! `progress.csv` and `progress.xlsx`.

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::error::Result;
use crate::output::staged::{Committed, OutputDir};
use crate::pipeline;
use crate::progress::{progress, Lang};

/// The scenarios `progress` runs when none is named: the baseline, then the plan's
/// 2024 and 2025 scenarios.
pub const DEFAULT_SCENARIOS: [&str; 3] = [
    "scenarios/baseline-2024.toml",
    "scenarios/plan-2024.toml",
    "scenarios/plan-2025.toml",
];

/// `isleplan progress`'s arguments.
#[derive(Debug, Parser)]
#[command(
    after_help = "Examples:\n  isleplan progress                               # baseline, plan-2024, plan-2025 → out/progress/\n  isleplan progress scenarios/baseline-2024.toml scenarios/plan-2025.toml --out /tmp/p --lang en"
)]
pub struct ProgressArgs {
    /// The scenarios, one column pair each, in order (default: the baseline,
    /// plan-2024 and plan-2025).
    pub scenarios: Vec<PathBuf>,
    /// Output folder (default: `out/progress`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Language of the headers and statuses.
    #[arg(long, value_enum, default_value_t = crate::cli::LangArg::Zh)]
    pub lang: crate::cli::LangArg,
}

/// Runs the scenarios, prints the table (unless `quiet`) and writes the sheet;
/// returns what was committed and where.
pub fn run(p: &ProgressArgs, quiet: bool) -> Result<(Committed, PathBuf)> {
    let scenarios: Vec<PathBuf> = if p.scenarios.is_empty() {
        DEFAULT_SCENARIOS.iter().map(PathBuf::from).collect()
    } else {
        p.scenarios.clone()
    };
    let lang = match p.lang {
        crate::cli::LangArg::Zh => Lang::Zh,
        crate::cli::LangArg::En => Lang::En,
    };
    let out = p
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join("progress"));
    let loaded: Vec<crate::scenario::Scenario> = scenarios
        .iter()
        .map(|s| crate::scenario::Scenario::load(s))
        .collect::<Result<_>>()?;
    let mut inputs: Vec<&Path> = scenarios.iter().map(PathBuf::as_path).collect();
    for s in &loaded {
        inputs.push(&s.rules);
        inputs.push(&s.dataset);
        inputs.extend(s.bases.iter().map(PathBuf::as_path));
    }
    let dir = OutputDir::prepare(&out, &inputs)?;
    let mut loader = pipeline::Loader::default();
    let outcomes = scenarios
        .iter()
        .map(|s| loader.run(s))
        .collect::<Result<Vec<_>>>()?;
    let sheet = progress(&outcomes.iter().collect::<Vec<_>>());
    dir.write("progress.csv", &sheet.csv(lang)?)?;
    dir.write("progress.xlsx", &sheet.xlsx(lang)?)?;
    let committed = dir.finish()?;
    if !quiet {
        print!("{}", sheet.markdown(lang));
    }
    Ok((committed, out))
}
