//! `isleplan propose-merger`: runs a scenario, solves each `merge` rule (which
//! facilities could close with every settlement they serve still within the
//! minutes) and writes `closures.geojson`.

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::error::{Error, Result};
use crate::output::staged::{Committed, OutputDir};
use crate::pipeline;
use crate::propose::merger::Merger;

/// `isleplan propose-merger`'s arguments.
#[derive(Debug, Parser)]
#[command(
    after_help = "Example:\n  isleplan propose-merger                        # the default scenario's merge rules → out/merger-baseline-2024/"
)]
pub struct MergerArgs {
    /// The scenario file.
    #[arg(default_value = crate::cli::DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// Only this merge rule (default: every merge rule).
    #[arg(long)]
    pub rule: Option<String>,
    /// Output folder (default: `out/merger-<scenario name>`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// Runs the command; returns what was committed and where.
pub fn run(a: &MergerArgs, quiet: bool) -> Result<(Committed, PathBuf)> {
    let sc = crate::scenario::Scenario::load(&a.scenario)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(format!("merger-{}", sc.name)));
    let mut inputs: Vec<&Path> = vec![&a.scenario, &sc.rules, &sc.dataset];
    inputs.extend(sc.bases.iter().map(PathBuf::as_path));
    inputs.extend(sc.layers.named.values().map(|l| l.path.as_path()));
    let dir = OutputDir::prepare(&out, &inputs)?;
    let o = pipeline::run(&a.scenario)?;
    // The same mergers `run` writes, one rule only when asked.
    let mut mergers = crate::output::closures::run_mergers(&o);
    if let Some(id) = &a.rule {
        mergers.retain(|m| o.policy.rules[m.rule].id == *id);
    }
    if mergers.is_empty() {
        return Err(Error::Config {
            path: sc.rules.clone(),
            problem: match &a.rule {
                Some(id) => format!("no merge rule {id:?}"),
                None => "the rules file has no merge rule".into(),
            },
            hint: Some("add a rule of type = \"merge\" (README, \"Rules\")".into()),
        });
    }
    crate::output::closures::write_closures(&o, &mergers, &dir)?;
    let committed = dir.finish()?;
    if !quiet {
        print!("{}", table(&o, &mergers));
    }
    Ok((committed, out))
}

/// The mergers as Markdown: per rule, what closes, what stays and who moves.
fn table(o: &pipeline::Outcome, mergers: &[Merger]) -> String {
    let w = &o.dataset.world;
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&f| w.facilities[f].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut t = String::new();
    for m in mergers {
        let rule = &o.policy.rules[m.rule];
        let proof = if m.optimal {
            "proven optimal".to_owned()
        } else {
            format!("not proven: at least {:.0} must stay", m.bound.ceil())
        };
        t.push_str(&format!(
            "# {} ({})\n\ncould close: {} of {} ({})\nclosed: {}\nkept: {}\nstays open: {}\nsettlements that must stay within the minutes: {}\n\n",
            rule.id,
            rule.clause,
            m.closed.len(),
            m.closed.len() + m.kept.len(),
            proof,
            if m.closed.is_empty() { "—".into() } else { ids(&m.closed) },
            if m.kept.is_empty() { "—".into() } else { ids(&m.kept) },
            if m.fixed.is_empty() { "—".into() } else { ids(&m.fixed) },
            m.demand,
        ));
        if !m.moves.is_empty() {
            t.push_str("| settlement | residents | from | to | minutes before | after |\n|---|---:|---|---|---:|---:|\n");
            for mv in &m.moves {
                t.push_str(&format!(
                    "| {} | {} | {} | {} | {:.1} | {} |\n",
                    w.settlements[mv.settlement].id.as_str(),
                    mv.residents,
                    w.facilities[mv.from].id.as_str(),
                    mv.to.map_or("—", |f| w.facilities[f].id.as_str()),
                    mv.before,
                    mv.after.map_or("—".into(), |a| format!("{a:.1}")),
                ));
            }
            t.push('\n');
        }
    }
    t
}
