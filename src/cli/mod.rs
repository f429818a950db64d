//! The command line: clap arguments → a run, its messages and its exit code.
//!
//! Data goes to stdout, messages to stderr. Exit codes: 0 ok (gaps found is still
//! ok), 1 `check` found rejected features, 2 fatal error.

pub mod completions;
pub mod edits_from;
pub mod merger;
pub mod optimize;
pub mod progress;
pub mod rounds;
pub mod term;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cli::term::{paint, Progress, CYAN, RED, YELLOW};
use crate::error::{Diagnostics, Error, Result};
use crate::output::legend::Lang;
use crate::output::Format;
use crate::output::Options;

/// `--format`: how the layers are written (the command line's name for
/// [`Format`], which knows nothing of clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// One `.geojson` per layer, each with a `.qml` style beside it.
    Geojson,
    /// One `isleplan.gpkg` holding every layer, styles in its `layer_styles`.
    Gpkg,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Geojson => Format::Geojson,
            FormatArg::Gpkg => Format::Gpkg,
        }
    }
}

/// `--lang`: the language of the report and the legends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Chinese (the default: the plan, its wording and its users are Chinese).
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}
use crate::output::staged::OutputDir;
use crate::output::write_outcome_timed;
use crate::pipeline::{self, Outcome};
use crate::timings::Timings;

/// The scenario run when none is named.
pub const DEFAULT_SCENARIO: &str = "scenarios/baseline-2024.toml";

/// isleplan: who is not served, by which rule of the plan, and where the next
/// facility should go.
#[derive(Debug, Parser)]
#[command(
    name = "isleplan",
    version,
    about = "Service-coverage planner for island districts",
    after_help = "Examples:\n  isleplan run                                   # the default scenario, into out/baseline-2024/\n  isleplan run scenarios/baseline-2024.toml --out /tmp/base\n  isleplan run --format gpkg --lang en           # one GeoPackage, English report\n  isleplan run --json > summary.json             # the summary on stdout\n  isleplan check scenarios/baseline-2024.toml    # list every problem in the inputs\n  isleplan compare scenarios/baseline-2024.toml scenarios/plan-2024.toml\n\nEach output folder holds isleplan.qgs (open it in QGIS: every layer styled) and\nreport.html (open it in a browser, or print it). NO_COLOR turns colour off."
)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print each stage's wall time and the peak memory after it on stderr
    /// (`run` only; also with --quiet).
    #[arg(long, global = true)]
    pub timings: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write its outputs: layers with QGIS styles, a QGIS
    /// project (isleplan.qgs), summary.json and report.html.
    #[command(
        after_help = "Examples:\n  isleplan run\n  isleplan run scenarios/plan-2024.toml --out /tmp/plan --lang en\n  isleplan run --format gpkg                     # isleplan.gpkg instead of .geojson + .qml"
    )]
    Run {
        /// The scenario file.
        #[arg(default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Output folder (default: `out/<scenario name>`).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Print summary.json on stdout instead of the table.
        #[arg(long)]
        json: bool,
        /// Layer format: one GeoJSON file per layer with a .qml style beside it,
        /// or one GeoPackage with the styles inside.
        #[arg(long, value_enum, default_value_t = FormatArg::Geojson)]
        format: FormatArg,
        /// Language of report.html and of legend entries.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Compare two scenarios rule by rule, and write the diff layers (styled),
    /// a QGIS project and a side-by-side report.html; or compare two output
    /// folders of `run` as they are (compare.json, .csv, .md and the diff layers).
    #[command(
        after_help = "Examples:\n  isleplan compare scenarios/baseline-2024.toml scenarios/plan-2024.toml --out /tmp/c --lang en\n  isleplan compare out/baseline-2024 out/plan-2024 --out /tmp/c   # two run folders, not re-run"
    )]
    Compare {
        /// Scenario A (before), or an output folder of `run`.
        a: PathBuf,
        /// Scenario B (after), or an output folder of `run`.
        b: PathBuf,
        /// Output folder (default: `out/compare-<A>-<B>`).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Print compare.json on stdout instead of the table.
        #[arg(long)]
        json: bool,
        /// Layer format, as for `run`: one .geojson per layer with a .qml style,
        /// or one GeoPackage with the styles inside (two scenarios only).
        #[arg(long, value_enum, default_value_t = FormatArg::Geojson)]
        format: FormatArg,
        /// Language of report.html and of legend entries.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Plan progress by year: run the baseline and the plan's year scenarios and
    /// print each clause's status and figure per year; write progress.csv and
    /// progress.xlsx (one row per rule, its clause first).
    Progress(crate::cli::progress::ProgressArgs),
    /// Which facilities a `merge` rule could close (二(五)19: 六横's village
    /// clinics) with every settlement they serve still within its minutes; writes
    /// closures.geojson.
    ProposeMerger(crate::cli::merger::MergerArgs),
    /// Plan the island rounds of each `round` rule (二(三)9: a visit to every small
    /// island each month): round trips from the base over the ferry network;
    /// writes rounds.geojson.
    ProposeRounds(crate::cli::rounds::RoundsArgs),
    /// Solve a coverage problem from a cost matrix (LSCP or MCLP), like spopt's
    /// `from_cost_matrix`, for travel times from another tool.
    Optimize(crate::cli::optimize::OptimizeArgs),
    /// Generate a synthetic archipelago (dataset, rules and scenario) for
    /// benchmarks and stress tests.
    Gen {
        /// Output folder.
        out: PathBuf,
        /// Settlements.
        #[arg(long, default_value_t = 10_000)]
        settlements: usize,
        /// Islands (0: one per 1,000 settlements).
        #[arg(long, default_value_t = 0)]
        islands: usize,
        /// Facilities besides piers (0: one per 100 settlements).
        #[arg(long, default_value_t = 0)]
        facilities: usize,
        /// Candidate sites (0: one per 10 settlements).
        #[arg(long, default_value_t = 0)]
        candidates: usize,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write into a folder that is not empty, replacing the files gen writes
        /// (its layers, rules.toml and scenario.toml); nothing else is touched.
        #[arg(long)]
        force: bool,
        /// Also write a road network on every island (roads.geojson).
        #[arg(long)]
        roads: bool,
    },
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell)
    /// on stdout.
    #[command(
        after_help = "Example:\n  isleplan completions bash > ~/.local/share/bash-completion/completions/isleplan"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Validate a scenario's inputs and list every problem (exit 0 clean, 1 some
    /// features rejected, 2 fatal).
    Check {
        /// The scenario file.
        #[arg(default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Write a repaired copy of each invalid outline (islands, territories)
        /// into this folder, with what changed per feature; the inputs are never
        /// touched, and `run` still rejects the originals.
        #[arg(long, value_name = "OUT")]
        repair: Option<PathBuf>,
    },
    /// Turn a layer edited in QGIS (facilities, proposals kept, or settlements'
    /// populations) into a scenario that inherits the one it came from.
    #[command(
        after_help = "Example:\n  isleplan edits-from out/baseline-2024/isleplan.gpkg --scenario scenarios/baseline-2024.toml --out scenarios/edited.toml"
    )]
    EditsFrom(crate::cli::edits_from::EditsFromArgs),
}

/// Runs the command line and returns the exit code; prints errors as
/// `error: …`, `  caused by: …`, then `hint: …`.
pub fn main(args: Args) -> ExitCode {
    match dispatch(&args) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}

fn dispatch(args: &Args) -> Result<ExitCode> {
    match &args.command {
        Command::Run {
            scenario,
            out,
            json,
            format,
            lang,
        } => {
            let progress = Progress::new(args.quiet);
            let (sc, policy, dataset_paths) = {
                let sc = crate::scenario::Scenario::load(scenario)?;
                let rules = sc.rules.clone();
                let dataset = sc.dataset.clone();
                (sc, rules, dataset)
            };
            let out = out
                .clone()
                .unwrap_or_else(|| Path::new("out").join(&sc.name));
            let mut inputs: Vec<&Path> = vec![scenario, &policy, &dataset_paths];
            inputs.extend(sc.bases.iter().map(PathBuf::as_path));
            inputs.extend(sc.layers.named.values().map(|l| l.path.as_path()));
            let dir = OutputDir::prepare(&out, &inputs)?;
            let mut timings = Timings::default();
            let outcome = progress.step("running the scenario", || {
                pipeline::Loader::single().run_timed(scenario, &mut timings)
            })?;
            report_diagnostics(&outcome.dataset.diagnostics, args.quiet, false);
            let opts = Options {
                format: (*format).into(),
                lang: (*lang).into(),
            };
            progress.step("writing layers, styles, project and report", || {
                write_outcome_timed(&outcome, &dir, &opts, &mut timings)
            })?;
            let committed = timings.stage("commit", || dir.finish())?;
            if args.timings {
                eprint!("{}", timings.table());
            }
            if *json {
                print!("{}", crate::output::summary::summary(&outcome));
            } else if !args.quiet {
                print!("{}", table(&outcome));
            }
            if !args.quiet {
                eprint!("{}", where_to_look(&out, opts.format));
            }
            report_commit(&committed, &out, args.quiet, *json);
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare {
            a,
            b,
            out,
            json,
            format,
            lang,
        } => {
            let progress = Progress::new(args.quiet);
            if a.is_dir() || b.is_dir() {
                if *format == FormatArg::Gpkg {
                    return Err(Error::Config {
                        path: a.clone(),
                        problem: "`--format gpkg` compares two scenarios; two output folders are compared into GeoJSON layers".into(),
                        hint: Some("leave out --format, or give the two scenario files".into()),
                    });
                }
                return compare_folders(a, b, out.as_deref(), (*json, (*lang).into()), args.quiet);
            }
            let sa = crate::scenario::Scenario::load(a)?;
            let sb = crate::scenario::Scenario::load(b)?;
            let out = out.clone().unwrap_or_else(|| {
                Path::new("out").join(format!("compare-{}-{}", sa.name, sb.name))
            });
            let mut inputs: Vec<&Path> = [
                a.as_path(),
                b,
                &sa.rules,
                &sa.dataset,
                &sb.rules,
                &sb.dataset,
            ]
            .to_vec();
            inputs.extend(sa.bases.iter().chain(&sb.bases).map(PathBuf::as_path));
            inputs.extend(
                sa.layers
                    .named
                    .values()
                    .chain(sb.layers.named.values())
                    .map(|l| l.path.as_path()),
            );
            let dir = OutputDir::prepare(&out, &inputs)?;
            let mut loader = pipeline::Loader::default();
            let (oa, ob) = progress.step("running both scenarios", || {
                Ok::<_, Error>((loader.run(a)?, loader.run(b)?))
            })?;
            report_diagnostics(&oa.dataset.diagnostics, args.quiet, false);
            if (&oa.scenario.dataset, &oa.scenario.layers)
                != (&ob.scenario.dataset, &ob.scenario.layers)
            {
                report_diagnostics(&ob.dataset.diagnostics, args.quiet, false);
            }
            let c = crate::compare::compare(&oa, &ob);
            let format: crate::output::Format = (*format).into();
            let (_, layers) = match format {
                crate::output::Format::Geojson => {
                    crate::output::compare::write_comparison_layers(&c, &dir)?
                }
                crate::output::Format::Gpkg => {
                    crate::output::compare::write_comparison_scratch(&c, &dir)?
                }
            };
            progress.step("writing styles, project and report", || {
                crate::output::write_comparison_extras_as(
                    &c,
                    (&oa, &ob),
                    &layers,
                    &dir,
                    (*lang).into(),
                    format,
                )
            })?;
            let committed = dir.finish()?;
            if *json {
                print!("{}", crate::output::compare::json(&c));
            } else if !args.quiet {
                print!("{}", crate::output::compare::markdown(&c));
            }
            report_commit(&committed, &out, args.quiet, *json);
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            crate::cli::completions::write(*shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Optimize(o) => {
            crate::cli::optimize::run(o)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ProposeMerger(m) => {
            let (committed, out) = crate::cli::merger::run(m, args.quiet)?;
            report_commit(&committed, &out, args.quiet, false);
            Ok(ExitCode::SUCCESS)
        }
        Command::ProposeRounds(r) => {
            let (committed, out) = crate::cli::rounds::run(r, args.quiet)?;
            report_commit(&committed, &out, args.quiet, false);
            Ok(ExitCode::SUCCESS)
        }
        Command::Progress(p) => {
            let (committed, out) = crate::cli::progress::run(p, args.quiet)?;
            report_commit(&committed, &out, args.quiet, false);
            Ok(ExitCode::SUCCESS)
        }
        Command::Gen {
            out,
            settlements,
            islands,
            facilities,
            candidates,
            seed,
            force,
            roads,
        } => {
            crate::gen::generate_with(
                out,
                &crate::gen::GenOptions {
                    settlements: *settlements,
                    islands: *islands,
                    facilities: *facilities,
                    candidates: *candidates,
                    seed: *seed,
                    roads: *roads,
                },
                *force,
            )?;
            if !args.quiet {
                eprintln!("wrote a synthetic archipelago to {}", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::EditsFrom(a) => crate::cli::edits_from::run(a, args.quiet),
        Command::Check { scenario, repair } => {
            if let Some(out) = repair {
                repair_outlines(scenario, out, args.quiet)?;
            }
            let (_, _, dataset, _) = pipeline::load(scenario)?;
            let d = &dataset.diagnostics;
            report_diagnostics(d, args.quiet, true);
            let w = &dataset.world;
            if !args.quiet {
                let candidates = if w.candidates.is_empty() {
                    String::new()
                } else {
                    format!(", {} candidate sites", w.candidates.len())
                };
                eprintln!(
                    "checked {} islands, {} settlements, {} facilities, {} links{candidates}: {} rejected, {} warnings",
                    w.islands.len(),
                    w.settlements.len(),
                    w.facilities.len(),
                    w.links.len(),
                    d.rejected.len(),
                    d.warnings.len()
                );
            }
            Ok(if d.rejected.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// `check --repair OUT`: a repaired copy of each invalid outline of the
/// scenario's polygon layers, one `<layer>.geojson` per layer that has one,
/// written through an output folder (staged, then committed whole).
fn repair_outlines(scenario: &Path, out: &Path, quiet: bool) -> Result<()> {
    let sc = crate::scenario::Scenario::load(scenario)?;
    let mut inputs: Vec<PathBuf> = vec![scenario.to_owned(), sc.dataset.clone()];
    inputs.extend(sc.layers.named.values().map(|l| l.path.clone()));
    let input_refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let dir = OutputDir::prepare(out, &input_refs)?;
    let mut total = 0;
    for role in ["islands", "territories"] {
        let Some(src) = crate::io::read::source_of(&sc.dataset, &sc.layers, role) else {
            continue;
        };
        if !src.path.exists() {
            continue;
        }
        let label = src.label(role);
        let repaired = crate::io::repair::repair_layer(&src, role)?;
        let features: Vec<&serde_json::Value> =
            repaired.iter().filter_map(|r| r.feature.as_ref()).collect();
        for r in &repaired {
            total += 1;
            if !quiet {
                eprintln!(
                    "{}: {label}: feature #{}{}: {}; {}",
                    paint("repair", CYAN),
                    r.index,
                    r.id.as_deref()
                        .map(|i| format!(" (id {i:?})"))
                        .unwrap_or_default(),
                    r.problem,
                    r.changes
                );
            }
        }
        if !features.is_empty() {
            let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
            let text = serde_json::to_string_pretty(&fc).map_err(|e| Error::Output {
                path: out.to_owned(),
                problem: e.to_string(),
                hint: None,
            })?;
            dir.write(&format!("{role}.geojson"), format!("{text}\n").as_bytes())?;
        }
    }
    dir.finish()?;
    if !quiet {
        eprintln!(
            "{total} invalid outlines found; repaired copies in {}",
            out.display()
        );
    }
    Ok(())
}

/// What a commit did, on stderr: the files written (unless `quiet` or `json`),
/// the files of an earlier run removed, and (unless `quiet`) warnings: files
/// renamed one by one instead of the folder swapped at once, folders kept
/// because they hold files that are not isleplan's.
fn report_commit(c: &crate::output::staged::Committed, out: &Path, quiet: bool, json: bool) {
    if quiet {
        return;
    }
    if !json {
        eprintln!("wrote {} files to {}", c.written.len(), out.display());
    }
    if !c.removed.is_empty() {
        let n = c.removed.len();
        eprintln!(
            "removed {n} file{} of an earlier run: {}",
            if n == 1 { "" } else { "s" },
            c.removed.join(", ")
        );
    }
    if let Some(why) = &c.fallback {
        eprintln!(
            "{} the files were renamed into place one by one, not swapped in as one folder ({why}): a reader during the commit could see old and new files side by side",
            paint("warning:", YELLOW)
        );
    }
    if c.left_cwd_behind {
        eprintln!(
            "note: {} was replaced by the new folder while this shell was inside it: `cd .` (or cd back in) to see the new files",
            out.display()
        );
    }
    for k in &c.kept {
        eprintln!(
            "{} kept `{}`: it holds files that are not isleplan's (written to the old folder during the commit, or left by a killed run); move what you need and remove it",
            paint("warning:", YELLOW),
            k.display()
        );
    }
}

/// The closing lines of `run`: where the report, the QGIS project and the layers are.
fn where_to_look(out: &Path, format: Format) -> String {
    let at = |f: &str| out.join(f).display().to_string();
    let layers = match format {
        Format::Geojson => format!("{} (one .geojson + .qml per layer)", at("*.geojson")),
        Format::Gpkg => at(crate::output::layer::GPKG_FILE),
    };
    format!(
        "report:       {}\nQGIS project: {}\nlayers:       {layers}\n",
        at(crate::output::layer::REPORT_FILE),
        at(crate::output::layer::PROJECT_FILE),
    )
}

fn report_diagnostics(d: &Diagnostics, quiet: bool, all: bool) {
    if quiet {
        return;
    }
    for r in &d.rejected {
        eprintln!("{} {r}", paint("rejected:", YELLOW));
    }
    const SHOWN: usize = 20;
    for (i, w) in d.warnings.iter().enumerate() {
        if !all && i == SHOWN {
            eprintln!(
                "warning: … and {} more (see summary.json)",
                d.warnings.len() - SHOWN
            );
            break;
        }
        eprintln!("{} {w}", paint("warning:", YELLOW));
    }
}

fn print_error(e: &Error) {
    eprintln!("{} {e}", paint("error:", RED));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        eprintln!("  caused by: {s}");
        source = s.source();
    }
    if let Some(h) = e.hint() {
        eprintln!("\n{} {h}", paint("hint:", CYAN));
    }
}

/// What a rule's row needs beside its counts: target, limit, coarse points,
/// estimated populations.
pub fn row_notes(r: &crate::coverage::RuleFigures) -> String {
    let mut notes = Vec::new();
    if let Some(tg) = &r.target {
        let achieved = r.achieved.map_or("—".to_owned(), |a| format!("{a}"));
        notes.push(format!(
            "{achieved} vs {} {} by {}",
            tg.min, tg.unit, tg.year
        ));
    }
    if let Some(m) = r.minutes {
        notes.push(format!(
            "≤{m} min {}",
            r.profile.as_deref().unwrap_or_default()
        ));
    }
    if let Some(c) = r.coarse.as_ref().filter(|c| c.subjects > 0) {
        notes.push(format!(
            "coarse: {} single points ({} residents){}",
            c.subjects,
            c.population,
            if c.areas > 0 {
                format!(", {} of them areas", c.areas)
            } else {
                String::new()
            }
        ));
    }
    if r.estimated > 0 {
        notes.push(format!(
            "{} of {} populations estimated",
            r.estimated, r.subjects
        ));
    }
    notes.join("; ")
}

/// The rule-by-rule table printed after a run (Markdown, readable as is).
pub fn table(o: &Outcome) -> String {
    let mut t = format!(
        "# {} ({})\n\n| rule | clause | status | required met | residents met | exempt | gaps | pending | notes |\n|---|---|---|---:|---:|---:|---:|---:|---|\n",
        o.scenario.title, o.scenario.year
    );
    for r in &o.coverage.rules {
        t.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.clause,
            r.status,
            crate::output::compare::fraction(r.met as u64, r.required as u64, r.share_required_pct),
            crate::output::compare::fraction(
                r.population_met,
                r.population_required,
                r.share_population_pct
            ),
            r.exempt,
            r.gaps,
            r.pending,
            row_notes(r),
        ));
    }
    if !o.coverage.relocations.is_empty() {
        t.push_str(
            "\n| island | status | residents | from → to | distance | minutes | basis |\n|---|---|---:|---|---:|---:|---|\n",
        );
        let w = &o.dataset.world;
        let place = |island: Option<usize>, settlement: Option<usize>| match (island, settlement) {
            (_, Some(s)) => format!("{} {}", w.settlements[s].name_zh, w.settlements[s].id.0),
            (Some(i), None) => format!("{} {}", w.islands[i].name_zh, w.islands[i].id.0),
            (None, None) => "—".to_owned(),
        };
        for r in &o.coverage.relocations {
            let from = &w.islands[r.from];
            let dist = r
                .distance_m
                .map_or("—".to_owned(), |d| format!("{:.1} km", d / 1000.0));
            let minutes = r.minutes.map_or("—".to_owned(), |m| format!("{m:.0} min"));
            let basis = match &r.assumption {
                Some(a) => format!("{}; assumed: {a}", r.basis),
                None => r.basis.clone(),
            };
            t.push_str(&format!(
                "| {} {} | {} | {} | {} → {} | {} | {} | {} |\n",
                from.name_zh,
                from.id.0,
                r.status,
                r.population,
                place(Some(r.from), r.from_settlement),
                place(r.to, r.to_settlement),
                dist,
                minutes,
                basis
            ));
        }
    }
    t
}

/// `compare OUT_A OUT_B`: two output folders of `run`, compared as they are.
fn compare_folders(
    a: &Path,
    b: &Path,
    out: Option<&Path>,
    (json, lang): (bool, Lang),
    quiet: bool,
) -> Result<ExitCode, Error> {
    for (side, other) in [(a, b), (b, a)] {
        if !side.is_dir() {
            return Err(Error::Output {
                path: side.to_path_buf(),
                problem: format!(
                    "is not a folder, but `{}` is: compare two scenarios or two output folders",
                    other.display()
                ),
                hint: None,
            });
        }
    }
    let c = crate::compare::compare_folders(a, b)?;
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new("out").join(format!("compare-{}-{}", c.a, c.b)));
    let dir = OutputDir::prepare(&out, &[a, b])?;
    let (_, layers) = crate::output::compare::write_comparison_layers(&c, &dir)?;
    crate::output::write_folder_comparison_extras(&c, &layers, &dir, lang)?;
    let committed = dir.finish()?;
    if json {
        print!("{}", crate::output::compare::json(&c));
    } else if !quiet {
        print!("{}", crate::output::compare::markdown(&c));
    }
    report_commit(&committed, &out, quiet, json);
    Ok(ExitCode::SUCCESS)
}
