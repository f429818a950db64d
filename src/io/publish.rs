//! Layers → the files GIS staff and reviewers open: GeoJSON with `.qml` styles
//! or one GeoPackage, a QGIS project, and `report.html`.
//!
//! [`crate::io::write`] turns an outcome into GeoJSON text, one layer per file
//! name; this module takes those texts as they are, so a layer another part of
//! the tool adds (`service_areas`, `proposed`, …) is styled, packed, put in the
//! project and drawn in the report as soon as it is in the list, and a layer that
//! is absent is simply skipped. Every file goes through
//! [`OutputDir::write`](crate::io::write::OutputDir::write), atomically.

use std::path::PathBuf;

use serde_json::Value;

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::io::style::{self, Legend};
use crate::io::write::OutputDir;
use crate::io::{gpkg, qgis_project};
use crate::run::Outcome;
use crate::timings::Timings;

/// The language of the report and of legend entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Chinese (the default: the plan, its wording and its users are Chinese).
    #[default]
    Zh,
    /// English.
    En,
}

/// How the layers are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
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

/// The GeoPackage file name.
pub const GPKG_FILE: &str = "isleplan.gpkg";
/// The QGIS project file name.
pub const PROJECT_FILE: &str = "isleplan.qgs";
/// The report file name.
pub const REPORT_FILE: &str = "report.html";

/// A geometry family, as QGIS sorts layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GeomKind {
    /// Point or MultiPoint.
    Point,
    /// LineString or MultiLineString.
    Line,
    /// Polygon or MultiPolygon.
    Polygon,
}

impl GeomKind {
    /// From a GeoJSON geometry type.
    pub fn of(geojson_type: &str) -> Option<Self> {
        match geojson_type {
            "Point" | "MultiPoint" => Some(Self::Point),
            "LineString" | "MultiLineString" => Some(Self::Line),
            "Polygon" | "MultiPolygon" => Some(Self::Polygon),
            _ => None,
        }
    }

    /// QGIS's `layerGeometryType` code.
    pub fn qgis_code(self) -> u8 {
        match self {
            Self::Point => 0,
            Self::Line => 1,
            Self::Polygon => 2,
        }
    }

    /// QGIS's `geometry` attribute of a `<maplayer>`.
    pub fn qgis_name(self) -> &'static str {
        match self {
            Self::Point => "Point",
            Self::Line => "Line",
            Self::Polygon => "Polygon",
        }
    }
}

/// One output layer: its name (file stem), its GeoJSON text and the parsed value.
#[derive(Debug, Clone)]
pub struct Layer {
    /// File stem (`settlements`).
    pub name: String,
    /// The GeoJSON text, as written.
    pub text: String,
    value: Value,
}

impl Layer {
    /// Parses a layer's GeoJSON text.
    pub fn parse(name: &str, text: &str) -> std::result::Result<Self, serde_json::Error> {
        Ok(Self {
            name: name.to_owned(),
            text: text.to_owned(),
            value: serde_json::from_str(text)?,
        })
    }

    /// Its features.
    pub fn features(&self) -> &[Value] {
        self.value["features"].as_array().map_or(&[], Vec::as_slice)
    }

    /// The geometry families present, sorted.
    pub fn kinds(&self) -> Vec<GeomKind> {
        let mut k: Vec<GeomKind> = self
            .features()
            .iter()
            .filter_map(|f| f["geometry"]["type"].as_str().and_then(GeomKind::of))
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    }

    /// The family a single style is written for: the layer's only one, else the
    /// widest (polygons over lines over points).
    pub fn primary_kind(&self) -> Option<GeomKind> {
        self.kinds().last().copied()
    }

    /// Features with geometry of `kind`.
    pub fn count(&self, kind: Option<GeomKind>) -> usize {
        self.features()
            .iter()
            .filter(|f| {
                kind.is_none() || f["geometry"]["type"].as_str().and_then(GeomKind::of) == kind
            })
            .count()
    }

    /// Lon/lat bounds `[min_x, min_y, max_x, max_y]` of every position.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for f in self.features() {
            each_position(&f["geometry"]["coordinates"], &mut |x, y| {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            });
        }
        (b[0] <= b[2]).then_some(b)
    }
}

/// Calls `f` on every `[x, y]` position nested in GeoJSON coordinates.
pub fn each_position(c: &Value, f: &mut impl FnMut(f64, f64)) {
    let Some(items) = c.as_array() else { return };
    if let (Some(x), Some(y)) = (
        items.first().and_then(Value::as_f64),
        items.get(1).and_then(Value::as_f64),
    ) {
        f(x, y);
        return;
    }
    for item in items {
        each_position(item, f);
    }
}

/// The union of the layers' bounds.
pub fn bounds(layers: &[Layer]) -> Option<[f64; 4]> {
    layers.iter().filter_map(Layer::bbox).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// The legend an outcome's styles use: its rules and facility kinds.
pub fn legend(o: &Outcome, lang: Lang) -> Legend {
    let p = &o.policy;
    let mut kinds: Vec<(String, String, String)> = Vec::new();
    for (family, ks) in &p.families {
        for k in ks {
            kinds.push((k.clone(), p.name_zh(k).to_owned(), family.clone()));
        }
    }
    for k in &p.kinds {
        if !kinds.iter().any(|(x, _, _)| x == k) {
            kinds.push((k.clone(), p.name_zh(k).to_owned(), String::new()));
        }
    }
    Legend {
        rules: p
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.clause.clone()))
            .collect(),
        kinds,
        lang,
    }
}

/// An output file: name and text.
pub type File<'a> = (&'a str, String);

/// Splits `files` (name → text) into parsed GeoJSON layers and the other files.
pub fn split_layers<'a>(
    files: &'a [File<'a>],
    out: &OutputDir,
) -> Result<(Vec<Layer>, Vec<&'a File<'a>>)> {
    let mut layers = Vec::new();
    let mut others = Vec::new();
    for file in files {
        match file.0.strip_suffix(".geojson") {
            Some(stem) => layers.push(Layer::parse(stem, &file.1).map_err(|e| Error::Output {
                path: out.path().join(file.0),
                problem: format!("internal error: the layer is not valid JSON ({e})"),
                hint: None,
            })?),
            None => others.push(file),
        }
    }
    Ok((layers, others))
}

/// `gpkg_contents.last_change` and `layer_styles.update_time`: the first
/// instant of the scenario's year, so the bytes depend on the inputs only.
pub fn last_change(year: i32) -> String {
    format!("{year:04}-01-01T00:00:00.000Z")
}

/// Writes a run's outputs: the layers (GeoJSON + `.qml`, or one GeoPackage), the
/// other files as they are (`summary.json`), the QGIS project and the report.
///
/// # Returns
/// The files written, in order.
pub fn write_run(
    o: &Outcome,
    out: &OutputDir,
    files: &[(&str, String)],
    opts: &Options,
    timings: &mut Timings,
) -> Result<Vec<PathBuf>> {
    let (layers, others) = timings.stage("parse layers", || split_layers(files, out))?;
    let legend = legend(o, opts.lang);
    let mut written = timings.stage("stage layers", || {
        write_layers(&layers, &legend, out, opts.format, o.scenario.year)
    })?;
    for (name, text) in others {
        written.push(out.write(name, text.as_bytes())?);
    }
    let source = match opts.format {
        Format::Geojson => qgis_project::Source::GeoJson,
        Format::Gpkg => qgis_project::Source::Gpkg(GPKG_FILE),
    };
    let title = format!("isleplan — {} ({})", o.scenario.title, o.scenario.year);
    let project = timings.stage("project", || {
        qgis_project::project(&title, &layers, &legend, source)
    });
    written.push(out.write(PROJECT_FILE, project.as_bytes())?);
    let html = timings.stage("report", || {
        crate::report::run_report(o, &layers, opts.lang)
    });
    written.push(out.write(REPORT_FILE, html.as_bytes())?);
    Ok(written)
}

/// Writes the layers in `format`, with their styles.
fn write_layers(
    layers: &[Layer],
    legend: &Legend,
    out: &OutputDir,
    format: Format,
    year: i32,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    match format {
        Format::Geojson => {
            for layer in layers {
                written.push(out.write(&format!("{}.geojson", layer.name), layer.text.as_bytes())?);
                if let Some(s) = layer
                    .primary_kind()
                    .and_then(|g| style::style(&layer.name, g, legend))
                {
                    written.push(out.write(&format!("{}.qml", layer.name), s.qml().as_bytes())?);
                }
            }
        }
        Format::Gpkg => {
            let bytes = gpkg::gpkg(
                layers,
                legend,
                &last_change(year),
                &out.path().join(GPKG_FILE),
            )?;
            written.push(out.write(GPKG_FILE, &bytes)?);
        }
    }
    Ok(written)
}

/// Writes what a comparison adds for GIS staff and reviewers: `.qml` styles for
/// the diff layers in `files`, a project of them, and the side-by-side report.
pub fn write_comparison_extras(
    c: &Comparison,
    a: &Outcome,
    b: &Outcome,
    files: &[(&str, String)],
    out: &OutputDir,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    let (layers, _) = split_layers(files, out)?;
    let legend = legend(b, lang);
    let mut written = Vec::new();
    for layer in &layers {
        if let Some(s) = layer
            .primary_kind()
            .and_then(|g| style::style(&layer.name, g, &legend))
        {
            written.push(out.write(&format!("{}.qml", layer.name), s.qml().as_bytes())?);
        }
    }
    let title = format!("isleplan — {} → {}", c.a, c.b);
    let project = qgis_project::project(&title, &layers, &legend, qgis_project::Source::GeoJson);
    written.push(out.write(PROJECT_FILE, project.as_bytes())?);
    let layers_of = |o: &Outcome| -> Result<Vec<Layer>> {
        let files = crate::io::write::outcome_files(o);
        Ok(split_layers(&files, out)?.0)
    };
    let html = crate::report::compare_report(c, a, &layers_of(a)?, b, &layers_of(b)?, lang);
    written.push(out.write(REPORT_FILE, html.as_bytes())?);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_kinds_and_counts_follow_geometry_types() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},
            {"type":"Feature","properties":{},"geometry":null}]}"#;

        let l = Layer::parse("relocations", text).unwrap();

        assert_eq!(l.kinds(), vec![GeomKind::Point, GeomKind::Line]);
        assert_eq!(l.primary_kind(), Some(GeomKind::Line));
        assert_eq!(l.count(Some(GeomKind::Point)), 1);
        assert_eq!(l.count(None), 3);
        assert_eq!(l.bbox(), Some([1.0, 2.0, 3.0, 4.0]));
    }

    #[test]
    fn last_change_depends_on_the_year_only() {
        assert_eq!(last_change(2024), "2024-01-01T00:00:00.000Z");
    }
}
