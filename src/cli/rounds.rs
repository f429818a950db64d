//! `isleplan propose-rounds`: runs a scenario, plans each `round` rule's island
//! rounds and writes `rounds.geojson`.

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::error::{Error, Result};
use crate::output::staged::{Committed, OutputDir};
use crate::pipeline;
use crate::round::Rounds;

/// `isleplan propose-rounds`'s arguments.
#[derive(Debug, Parser)]
#[command(
    after_help = "Example:\n  isleplan propose-rounds                        # the default scenario's round rules → out/rounds-baseline-2024/"
)]
pub struct RoundsArgs {
    /// The scenario file.
    #[arg(default_value = crate::cli::DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// Output folder (default: `out/rounds-<scenario name>`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// Runs the command; returns what was committed and where.
pub fn run(a: &RoundsArgs, quiet: bool) -> Result<(Committed, PathBuf)> {
    let sc = crate::scenario::Scenario::load(&a.scenario)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(format!("rounds-{}", sc.name)));
    let mut inputs: Vec<&Path> = vec![&a.scenario, &sc.rules, &sc.dataset];
    inputs.extend(sc.bases.iter().map(PathBuf::as_path));
    inputs.extend(sc.layers.named.values().map(|l| l.path.as_path()));
    let dir = OutputDir::prepare(&out, &inputs)?;
    let o = pipeline::run(&a.scenario)?;
    // The same rounds `run` writes.
    let plans = crate::output::rounds::run_rounds(&o);
    if plans.is_empty() {
        return Err(Error::Config {
            path: sc.rules.clone(),
            problem: "the rules file has no round rule".into(),
            hint: Some("add a rule of type = \"round\" (README, \"Rules\")".into()),
        });
    }
    crate::output::rounds::write_rounds(&o, &plans, &dir)?;
    let committed = dir.finish()?;
    if !quiet {
        print!("{}", table(&o, &plans));
    }
    Ok((committed, out))
}

/// The rounds as Markdown.
fn table(o: &pipeline::Outcome, plans: &[Rounds]) -> String {
    let w = &o.dataset.world;
    let mut t = String::new();
    for p in plans {
        let rule = &o.policy.rules[p.rule];
        t.push_str(&format!(
            "# {} ({}) from {}\n\nteam-days a period: {} (no rounds need fewer than {}); a month: {:.2}\n\n| round | islands | days | minutes |\n|---:|---|---:|---:|\n",
            rule.id,
            rule.clause,
            w.facilities[p.base].id.as_str(),
            p.team_days,
            p.lower_bound,
            p.team_days_month,
        ));
        for (k, r) in p.rounds.iter().enumerate() {
            let names: Vec<String> = r
                .islands
                .iter()
                .map(|&i| format!("{} {}", w.islands[i].name_zh, w.islands[i].id.as_str()))
                .collect();
            t.push_str(&format!(
                "| {} | {} | {} | {:.0} |\n",
                k + 1,
                names.join(" → "),
                r.days,
                r.minutes
            ));
        }
        if !p.unreachable.is_empty() {
            let names: Vec<String> = p
                .unreachable
                .iter()
                .map(|&i| format!("{} {}", w.islands[i].name_zh, w.islands[i].id.as_str()))
                .collect();
            t.push_str(&format!(
                "\nno round can reach (no scheduled way there and back): {}\n",
                names.join(", ")
            ));
        }
        t.push('\n');
    }
    t
}
