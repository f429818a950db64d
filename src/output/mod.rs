//! Writing outputs: the only place that writes. An outcome becomes the files GIS
//! staff and reviewers open — GeoJSON layers with `.qml` styles or one GeoPackage,
//! `summary.json`, a QGIS project and `report.html` — all staged in one
//! [`OutputDir`](crate::output::staged::OutputDir) and committed together.
//!
//! The flow, one module per concept (imports point only downward in this list):
//! - [`layer`](crate::output::layer), [`legend`](crate::output::legend): the shared vocabulary (leaves);
//! - [`staged`](crate::output::staged): the atomic output folder (also used by `isleplan optimize`);
//! - [`geojson`](crate::output::geojson): the GeoJSON text writer and its layer sink;
//! - [`features`](crate::output::features): each layer's features and wording;
//! - [`summary`](crate::output::summary): `summary.json`;
//! - [`compare`](crate::output::compare): a comparison's tables and diff layers;
//! - [`qml`](crate::output::qml), [`qgis_project`](crate::output::qgis_project), [`gpkg`](crate::output::gpkg), [`report`](crate::output::report): the renderers, fed what the
//!   writers learnt of each layer;
//! - this module: the options and the one orchestrator.
//!
//! A layer another part of the tool adds (`service_areas`, `proposed`, …) is styled,
//! packed, put in the project and drawn in the report as soon as it is in
//! [`LAYERS`](crate::output::layer::LAYERS); a layer that is absent is simply skipped; no layer is ever parsed
//! back whole.

use std::path::{Path, PathBuf};

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::output::features::LayerWriter;
use crate::output::layer::{last_change, Layer, GPKG_FILE, LAYERS, PROJECT_FILE, REPORT_FILE};
use crate::output::legend::{legend, Lang, Legend};
use crate::output::staged::OutputDir;
use crate::output::summary::summary;
use crate::pipeline::Outcome;
use crate::timings::Timings;

/// The merger layer (`closures.geojson`).
pub mod closures;
/// `compare.md`, `compare.csv` and the diff layers.
pub mod compare;
/// Each layer's features and wording.
pub mod features;
/// The GeoJSON text writer.
pub mod geojson;
/// GeoPackage output with QGIS styles as default (rusqlite, bundled SQLite).
pub mod gpkg;
/// What a layer is, as learnt while writing it.
pub mod layer;
/// The legend: rules, kinds, colours, language.
pub mod legend;
/// The QGIS project file.
pub mod qgis_project;
/// QGIS `.qml` styles per layer.
pub mod qml;
/// `report.html`: the self-contained page for reviewers.
pub mod report;
/// The island rounds layer (`rounds.geojson`).
pub mod rounds;
/// The atomic output folder.
pub mod staged;
/// `summary.json`.
pub mod summary;

/// Stages every output of `outcome` in `out` with the default [`Options`]
/// (GeoJSON + styles, project, report in Chinese); returns the files staged.
/// Call [`OutputDir::commit`] to publish them.
pub fn write_outcome(outcome: &Outcome, out: &OutputDir) -> Result<Vec<PathBuf>> {
    write_outcome_as(outcome, out, &Options::default())
}

/// Stages every output of `outcome` in `out` as `opts` asks: the layers and
/// `summary.json`, styles, the QGIS project and `report.html` (see
/// the renderers); returns the files staged.
pub fn write_outcome_as(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
) -> Result<Vec<PathBuf>> {
    write_outcome_timed(outcome, out, opts, &mut Timings::default())
}

/// [`write_outcome_as`], recording each stage's wall time and peak memory in `timings`.
///
/// Each layer is streamed straight into its staged file (GeoJSON) or a scratch
/// file the GeoPackage is filled from, never held whole in memory; what the
/// styles, the project and the report need of it is collected on the way
/// ([`Layer`]).
pub fn write_outcome_timed(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
    timings: &mut Timings,
) -> Result<Vec<PathBuf>> {
    let layers = timings.stage("layers", || stream_layers(outcome, out, opts.format))?;
    // The merger and the rounds, when the rules file has a merge or round rule.
    let plan: Vec<PathBuf> = [
        closures::write_run_closures(outcome, out)?,
        rounds::write_run_rounds(outcome, out)?,
    ]
    .into_iter()
    .flatten()
    .collect();
    let summary = closures::list_outputs(summary(outcome), &plan);
    let rules = crate::output::summary::rules_csv(outcome);
    let mut written = publish_run(
        outcome,
        out,
        layers,
        &[("summary.json", summary), ("rules.csv", rules)],
        opts,
        timings,
    )?;
    written.extend(plan);
    Ok(written)
}

/// A layer written: what was learnt about it, and where its text is.
#[derive(Debug)]
pub struct Written {
    /// The layer's metadata and report sample.
    pub layer: Layer,
    /// The staged GeoJSON (GeoJSON output), or `None` when the text went to a
    /// scratch file for the GeoPackage.
    pub staged: Option<PathBuf>,
}

/// Writes every layer of `outcome`: staged `.geojson` files for
/// [`Format::Geojson`], scratch files (removed once the GeoPackage is built)
/// for [`Format::Gpkg`].
fn stream_layers(outcome: &Outcome, out: &OutputDir, format: Format) -> Result<Vec<Written>> {
    let writer = LayerWriter::new(outcome);
    let names: Vec<String> = LAYERS.iter().map(|n| format!("{n}.geojson")).collect();
    let stage = format == Format::Geojson;
    let files = out.write_all_with(&names, stage, |i, w| writer.write(LAYERS[i], w))?;
    Ok(files
        .into_iter()
        .map(|(path, layer)| {
            if stage {
                Written {
                    layer,
                    staged: Some(path),
                }
            } else {
                Written {
                    layer: layer.with_source(path),
                    staged: None,
                }
            }
        })
        .collect())
}

/// The GeoJSON layers and `summary.json` of `outcome`, by file name, as text in
/// memory. For tests and small runs: [`write_outcome`] streams instead.
pub fn outcome_files(outcome: &Outcome) -> Vec<(&'static str, String)> {
    let writer = LayerWriter::new(outcome);
    let mut files: Vec<(&'static str, String)> = [
        ("islands.geojson", "islands"),
        ("settlements.geojson", "settlements"),
        ("facilities.geojson", "facilities"),
        ("gaps.geojson", "gaps"),
        ("relocations.geojson", "relocations"),
        ("service_areas.geojson", "service_areas"),
        ("proposed.geojson", "proposed"),
        ("allocation.geojson", "allocation"),
    ]
    .into_iter()
    .filter_map(|(file, name)| {
        let mut bytes = Vec::new();
        let layer = writer
            .write(name, &mut bytes)
            .expect("writing to memory cannot fail");
        // Allocation lines need travel minutes per family: a world without
        // them has none, and the layer is left out rather than handed on empty.
        if name == "allocation" && layer.is_empty() {
            return None;
        }
        Some((file, String::from_utf8(bytes).expect("JSON is UTF-8")))
    })
    .collect();
    files.push(("summary.json", summary(outcome)));
    files
}

/// How the layers are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// One `.geojson` per layer, each with a `.qml` style beside it.
    #[default]
    Geojson,
    /// One `isleplan.gpkg` holding every layer, styles in its `layer_styles`.
    Gpkg,
}

/// Output choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Layer format.
    pub format: Format,
    /// Report and legend language.
    pub lang: Lang,
}

/// Writes a run's outputs from files given as text (name → text): the layers
/// (GeoJSON + `.qml`, or one GeoPackage), the other files as they are
/// (`summary.json`), the QGIS project and the report. The layer writers
/// streams its layers instead ([`publish_run`]); this is for layers made
/// elsewhere (tests add some by hand). Each layer's text is scanned one feature
/// at a time, never parsed whole.
///
/// # Returns
/// The files written, in order.
pub fn write_run(
    o: &Outcome,
    out: &OutputDir,
    files: &[(&str, String)],
    opts: &Options,
) -> Result<Vec<PathBuf>> {
    let mut layers = Vec::new();
    let mut others = Vec::new();
    for (name, text) in files {
        let Some(stem) = name.strip_suffix(".geojson") else {
            others.push((*name, text.clone()));
            continue;
        };
        let scanned = |layer: Result<Layer>, path: &Path| {
            layer.map_err(|e| Error::Output {
                path: path.to_owned(),
                problem: format!("the layer is not a valid FeatureCollection ({e})"),
                hint: None,
            })
        };
        layers.push(match opts.format {
            Format::Geojson => {
                let path = out.write(name, text.as_bytes())?;
                Written {
                    layer: scanned(Layer::parse(stem, text), &path)?,
                    staged: Some(path),
                }
            }
            Format::Gpkg => {
                let scratch = out.scratch(name);
                out.scratch_with(&scratch, name, |w| w.write_all(text.as_bytes()))?;
                Written {
                    layer: scanned(Layer::parse(stem, text), &out.path().join(name))?
                        .with_source(scratch),
                    staged: None,
                }
            }
        });
    }
    publish_run(o, out, layers, &others, opts, &mut Timings::default())
}

/// Publishes a run whose layers are written: their styles (GeoJSON) or the
/// GeoPackage (filled from the layers' scratch files, which are then removed),
/// the `others` files as they are, the QGIS project and the report, each built
/// from the layers' metadata and the outcome.
///
/// # Returns
/// The files written, in order.
pub fn publish_run(
    o: &Outcome,
    out: &OutputDir,
    layers: Vec<Written>,
    others: &[(&str, String)],
    opts: &Options,
    timings: &mut Timings,
) -> Result<Vec<PathBuf>> {
    let staged: Vec<Option<PathBuf>> = layers.iter().map(|w| w.staged.clone()).collect();
    let layers: Vec<Layer> = layers.into_iter().map(|w| w.layer).collect();
    let legend = observe_present(legend(o, opts.lang), &layers);
    let result = timings.stage("stage layers", || {
        write_layers(&layers, &staged, &legend, out, opts.format, o.scenario.year)
    });
    for l in &layers {
        if let Some(p) = l.source() {
            let _ = std::fs::remove_file(p);
        }
    }
    let mut written = result?;
    for (name, text) in others {
        written.push(out.write(name, text.as_bytes())?);
    }
    let source = match opts.format {
        Format::Geojson => qgis_project::Source::GeoJson,
        Format::Gpkg => qgis_project::Source::Gpkg(GPKG_FILE),
    };
    let title = format!(
        "isleplan — {} ({})",
        crate::output::legend::title_in(&o.scenario, opts.lang),
        o.scenario.year
    );
    let project = timings.stage("project", || {
        qgis_project::project(&title, &layers, &legend, source)
    });
    written.push(out.write(PROJECT_FILE, project.as_bytes())?);
    let html = timings.stage("report", || {
        crate::output::report::run_report(o, &layers, opts.lang)
    });
    written.push(out.write(REPORT_FILE, html.as_bytes())?);
    Ok(written)
}

/// The field each categorised layer is styled by.
const CATEGORY_FIELDS: [(&str, &str); 3] = [
    ("settlements", "status"),
    ("diff_facilities", "change"),
    ("diff_settlements", "change"),
];

/// `legend` with the categories present in `layers` that the outcome does not
/// tell directly (settlement statuses, diff changes), read from each layer's
/// features when it holds them all; a layer too large for that keeps every
/// category.
fn observe_present(mut legend: Legend, layers: &[Layer]) -> Legend {
    for l in layers.iter().filter(|l| l.is_complete()) {
        let Some((_, field)) = CATEGORY_FIELDS.iter().find(|(n, _)| *n == l.name) else {
            continue;
        };
        let values = l
            .features()
            .iter()
            .map(|f| f["properties"][field].as_str().unwrap_or("").to_owned())
            .collect();
        legend.present.insert(l.name.clone(), values);
    }
    legend
}

/// Writes the layers' styles beside their staged GeoJSON, or the GeoPackage.
fn write_layers(
    layers: &[Layer],
    staged: &[Option<PathBuf>],
    legend: &Legend,
    out: &OutputDir,
    format: Format,
    year: i32,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    match format {
        Format::Geojson => {
            for (layer, path) in layers.iter().zip(staged) {
                written.extend(path.clone());
                if let Some(s) = layer
                    .primary_kind()
                    .and_then(|g| qml::style(&layer.name, g, legend))
                {
                    written.push(out.write(&format!("{}.qml", layer.name), s.qml().as_bytes())?);
                }
            }
        }
        Format::Gpkg => {
            let target = out.path().join(GPKG_FILE);
            written.push(out.stage_file(GPKG_FILE, |tmp| {
                gpkg::gpkg(layers, legend, &last_change(year), tmp, &target)
            })?);
        }
    }
    Ok(written)
}

/// Writes what a comparison adds for GIS staff and reviewers: B's islands and
/// each side's settlements and facilities (`a_settlements.geojson`, …), `.qml`
/// styles for them and the diff `layers` (see
/// [`write_comparison_layers`](crate::output::compare::write_comparison_layers)), a
/// project of them, and the side-by-side report. The two outcomes' layers are
/// written once more, to nowhere, for what the report draws of them.
pub fn write_comparison_extras(
    c: &Comparison,
    a: &Outcome,
    b: &Outcome,
    layers: &[Layer],
    out: &OutputDir,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    write_comparison_extras_as(c, (a, b), layers, out, lang, Format::Geojson)
}

/// [`write_comparison_extras`] in either format: with [`Format::Gpkg`], the diff
/// `layers` are scratch files (see
/// [`write_comparison_scratch`](crate::output::compare::write_comparison_scratch)),
/// and every layer goes into one `isleplan.gpkg`, styles inside, as for `run`.
pub fn write_comparison_extras_as(
    c: &Comparison,
    (a, b): (&Outcome, &Outcome),
    layers: &[Layer],
    out: &OutputDir,
    lang: Lang,
    format: Format,
) -> Result<Vec<PathBuf>> {
    let legend = observe_present(legend(b, lang), layers);
    let mut written = Vec::new();
    // The two scenarios' own settlements and facilities, and B's islands, so the
    // project shows the changes over what each side holds.
    let mut layers = layers.to_vec();
    for (side, o, name) in [
        ("b", b, "islands"),
        ("a", a, "settlements"),
        ("a", a, "facilities"),
        ("b", b, "settlements"),
        ("b", b, "facilities"),
    ] {
        let file = if name == "islands" {
            name.to_owned()
        } else {
            format!("{side}_{name}")
        };
        let writer = LayerWriter::new(o);
        let geojson = format!("{file}.geojson");
        let mut layer = match format {
            Format::Geojson => {
                let mut got = None;
                written.push(out.write_with(&geojson, |w| {
                    got = Some(writer.write(name, w)?);
                    Ok(())
                })?);
                got.expect("a layer written has its metadata")
            }
            Format::Gpkg => {
                let scratch = out.scratch(&geojson);
                out.scratch_with(&scratch, &geojson, |w| writer.write(name, w))?
                    .with_source(scratch)
            }
        };
        layer.name = file;
        layers.push(layer);
    }
    let layers = &layers;
    let source = match format {
        Format::Geojson => {
            for layer in layers {
                if let Some(s) = layer
                    .primary_kind()
                    .and_then(|g| qml::style(&layer.name, g, &legend))
                {
                    written.push(out.write(&format!("{}.qml", layer.name), s.qml().as_bytes())?);
                }
            }
            qgis_project::Source::GeoJson
        }
        Format::Gpkg => {
            let none = vec![None; layers.len()];
            let result = write_layers(layers, &none, &legend, out, format, b.scenario.year);
            for l in layers {
                if let Some(p) = l.source() {
                    let _ = std::fs::remove_file(p);
                }
            }
            written.extend(result?);
            qgis_project::Source::Gpkg(GPKG_FILE)
        }
    };
    let title = format!("isleplan — {} → {}", c.a, c.b);
    let project = qgis_project::project(&title, layers, &legend, source);
    written.push(out.write(PROJECT_FILE, project.as_bytes())?);
    let layers_of = |o: &Outcome| -> Result<Vec<Layer>> {
        LayerWriter::new(o)
            .layers_only()
            .map_err(|source| Error::Write {
                path: out.path().join(REPORT_FILE),
                source,
            })
    };
    let html = crate::output::report::compare_report(c, a, &layers_of(a)?, b, &layers_of(b)?, lang);
    written.push(out.write(REPORT_FILE, html.as_bytes())?);
    Ok(written)
}

/// Writes what a comparison of two output folders adds to its tables and diff
/// `layers`: their `.qml` styles and a QGIS project of them. The islands and each
/// side's layers, and the report, are drawn from full outcomes, which two folders
/// do not give; see [`write_comparison_extras`].
pub fn write_folder_comparison_extras(
    c: &Comparison,
    layers: &[Layer],
    out: &OutputDir,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    let legend = observe_present(
        Legend {
            rules: c
                .rules
                .iter()
                .map(|r| (r.rule.clone(), r.clause.clone()))
                .collect(),
            kinds: Vec::new(),
            lang,
            present: Default::default(),
        },
        layers,
    );
    let mut written = Vec::new();
    for layer in layers {
        if let Some(s) = layer
            .primary_kind()
            .and_then(|g| qml::style(&layer.name, g, &legend))
        {
            written.push(out.write(&format!("{}.qml", layer.name), s.qml().as_bytes())?);
        }
    }
    let title = format!("isleplan — {} → {}", c.a, c.b);
    let project = qgis_project::project(&title, layers, &legend, qgis_project::Source::GeoJson);
    written.push(out.write(PROJECT_FILE, project.as_bytes())?);
    Ok(written)
}
