//! `isleplan edits-from`: a scenario from a layer edited in QGIS.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::{Error, Result};
use crate::scenario::edits_from::{derive, read_edited, scenario_text, DEFAULT_TOLERANCE_M};

/// Arguments of `edits-from`.
#[derive(Debug, clap::Args)]
pub struct EditsFromArgs {
    /// The edited layer: a GeoJSON file, or a GeoPackage (its `facilities` layer
    /// unless --layer names another: `proposed`, `settlements`).
    pub edited: PathBuf,
    /// The scenario the layer was made from (or is compared with).
    #[arg(long)]
    pub scenario: PathBuf,
    /// The GeoPackage layer to read.
    #[arg(long)]
    pub layer: Option<String>,
    /// Write the new scenario here (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// A facility closer than this to where it was has not moved, metres.
    #[arg(long, default_value_t = DEFAULT_TOLERANCE_M)]
    pub tolerance_m: f64,
    /// The new scenario's name (default: its file's name).
    #[arg(long)]
    pub name: Option<String>,
}

/// Runs `edits-from`; prints what no edit expresses on stderr.
pub fn run(args: &EditsFromArgs, quiet: bool) -> Result<ExitCode> {
    if !(args.tolerance_m.is_finite() && args.tolerance_m >= 0.0) {
        return Err(Error::Config {
            path: args.scenario.clone(),
            problem: format!(
                "--tolerance-m must be a distance of 0 m or more, got {}",
                args.tolerance_m
            ),
            hint: None,
        });
    }
    if let Some(out) = &args.out {
        for input in [&args.scenario, &args.edited] {
            if crate::output::staged::same_file(out, input) {
                return Err(Error::Config {
                    path: out.clone(),
                    problem: format!(
                        "--out {} is the input {}: the new scenario is written beside it, never over it",
                        out.display(),
                        input.display()
                    ),
                    hint: Some("choose another file name".into()),
                });
            }
        }
    }
    let (scenario, _, dataset, _) = crate::pipeline::Loader::single().load(&args.scenario)?;
    let layer = read_edited(&args.edited, args.layer.as_deref())?;
    let derived = derive(&dataset.world, &layer, args.tolerance_m)?;
    let out_dir = match &args.out {
        Some(out) => out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
        None => PathBuf::from("."),
    };
    let text = scenario_text(
        &scenario.path,
        &out_dir,
        args.name.as_deref(),
        &layer,
        &derived,
        args.tolerance_m,
    );
    if !quiet {
        for u in &derived.unexpressed {
            eprintln!("warning: not expressed: {u}");
        }
    }
    match &args.out {
        Some(out) => {
            crate::output::staged::write_file(out, text.as_bytes()).map_err(|source| {
                Error::Write {
                    path: out.clone(),
                    source,
                }
            })?;
            if !quiet {
                eprintln!(
                    "wrote {} edits to {} (base {})",
                    derived.edits.len(),
                    out.display(),
                    scenario.path.display()
                );
            }
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
