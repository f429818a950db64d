//! Layers → the files GIS staff and reviewers open: GeoJSON with `.qml` styles
//! or one GeoPackage, a QGIS project, and `report.html`.
//!
//! [`crate::output::write`] streams an outcome's layers into their files and hands
//! this module what it learnt of each ([`Layer`](crate::output::publish::Layer): counts per geometry kind,
//! bounds, a bounded sample, compact points), so a layer another part of the
//! tool adds (`service_areas`, `proposed`, …) is styled, packed, put in the
//! project and drawn in the report as soon as it is in the list, and a layer
//! that is absent is simply skipped; no layer is ever parsed back whole. Every
//! file goes through [`OutputDir`](crate::output::write::OutputDir), atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::output::qml::{self, Legend};
use crate::output::write::{LayerWriter, OutputDir, Written};
use crate::output::{gpkg, qgis_project};
use crate::pipeline::Outcome;
use crate::timings::Timings;

/// The language of the report and of legend entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Chinese (the default: the plan, its wording and its users are Chinese).
    #[default]
    Zh,
    /// English.
    En,
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

/// Features a layer may hold before the report stops drawing it feature by
/// feature and aggregates it instead (see [`crate::output::report`]); also the size of
/// the sample a [`Layer`] keeps.
pub const DETAIL_MAX_FEATURES: usize = 5_000;

/// Positions (vertices) a layer's sample may hold: a few large outlines count
/// as much as many points.
pub const DETAIL_MAX_POSITIONS: usize = 250_000;

/// A point feature, compactly: lon/lat and its status (see [`Layer::points`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkedPoint {
    /// Longitude.
    pub lon: f32,
    /// Latitude.
    pub lat: f32,
    /// The feature's `status`: [`STATUS_SERVED`], [`STATUS_GAP`],
    /// [`STATUS_RELOCATE`] or [`STATUS_OTHER`].
    pub status: u8,
}

/// `status` = `served`.
pub const STATUS_SERVED: u8 = 0;
/// `status` = `gap`.
pub const STATUS_GAP: u8 = 1;
/// `status` = `relocate`.
pub const STATUS_RELOCATE: u8 = 2;
/// Any other status, or none.
pub const STATUS_OTHER: u8 = 3;

fn status_code(s: &str) -> u8 {
    match s {
        "served" => STATUS_SERVED,
        "gap" => STATUS_GAP,
        "relocate" => STATUS_RELOCATE,
        _ => STATUS_OTHER,
    }
}

/// One output layer, as learnt while it was written: its name (file stem),
/// feature counts per geometry kind, bounds, the geometry types present, the
/// first features (every one when the layer is small), every point compactly,
/// and the residents newly covered per `rule` (proposals). Never the whole text.
#[derive(Debug, Clone)]
pub struct Layer {
    /// File stem (`settlements`).
    pub name: String,
    len: usize,
    counts: [usize; 3],
    types: Vec<String>,
    bbox: [f64; 4],
    sample: Vec<Value>,
    sample_positions: usize,
    sampling: bool,
    points: Vec<MarkedPoint>,
    gains: BTreeMap<String, u64>,
    source: Option<PathBuf>,
}

impl Layer {
    /// An empty layer named `name`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            len: 0,
            counts: [0; 3],
            types: Vec::new(),
            bbox: [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            sample: Vec::new(),
            sample_positions: 0,
            sampling: true,
            points: Vec::new(),
            gains: BTreeMap::new(),
            source: None,
        }
    }

    /// Reads a layer's GeoJSON text, one feature at a time.
    pub fn parse(name: &str, text: &str) -> Result<Self> {
        Self::scan(name, text.as_bytes(), Path::new(&format!("{name}.geojson")))
    }

    /// Reads a layer's GeoJSON from `reader`, one feature at a time (the
    /// project's streaming reader); `path` names it in errors.
    pub fn scan(name: &str, reader: impl std::io::Read, path: &Path) -> Result<Self> {
        let mut layer = Self::new(name);
        crate::io::geojson::read_collection(reader, path, |raw| layer.record_value(raw.value))?;
        layer.seal();
        Ok(layer)
    }

    /// Records one feature given as a parsed value.
    fn record_value(&mut self, f: Value) {
        let g = &f["geometry"];
        let gtype = g["type"].as_str().map(str::to_owned);
        let mut n = 0;
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        each_position(&g["coordinates"], &mut |x, y| {
            n += 1;
            b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        });
        let point = match (gtype.as_deref(), g["coordinates"].as_array()) {
            (Some("Point"), Some(c)) => c
                .first()
                .and_then(Value::as_f64)
                .zip(c.get(1).and_then(Value::as_f64)),
            _ => None,
        };
        let p = &f["properties"];
        let status = p["status"].as_str().unwrap_or("").to_owned();
        let gain = match (p["rule"].as_str(), p["population_covered"].as_u64()) {
            (Some(r), Some(c)) => Some((r.to_owned(), c)),
            _ => None,
        };
        self.record(
            gtype.as_deref(),
            (b[0] <= b[2]).then_some(b),
            n,
            point,
            &status,
            gain.as_ref().map(|(r, c)| (r.as_str(), *c)),
            || f,
        );
    }

    /// Whether the next feature would still go into the sample.
    pub fn sampling(&self) -> bool {
        self.sampling
    }

    /// Records one feature: its geometry type, bounds, number of positions,
    /// point (for point features), `status`, (`rule`, `population_covered`),
    /// and the feature itself, built only if it goes into the sample.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        gtype: Option<&str>,
        bbox: Option<[f64; 4]>,
        positions: usize,
        point: Option<(f64, f64)>,
        status: &str,
        gain: Option<(&str, u64)>,
        feature: impl FnOnce() -> Value,
    ) {
        self.len += 1;
        if let Some(t) = gtype {
            if !self.types.iter().any(|x| x == t) {
                self.types.push(t.to_owned());
            }
            if let Some(k) = GeomKind::of(t) {
                self.counts[k as usize] += 1;
            }
        }
        if let Some(b) = bbox {
            self.bbox = [
                self.bbox[0].min(b[0]),
                self.bbox[1].min(b[1]),
                self.bbox[2].max(b[2]),
                self.bbox[3].max(b[3]),
            ];
        }
        if let Some((x, y)) = point {
            self.points.push(MarkedPoint {
                lon: x as f32,
                lat: y as f32,
                status: status_code(status),
            });
        }
        if let Some((rule, n)) = gain {
            match self.gains.get_mut(rule) {
                Some(v) => *v += n,
                None => {
                    self.gains.insert(rule.to_owned(), n);
                }
            }
        }
        if self.sampling {
            if self.sample.len() < DETAIL_MAX_FEATURES
                && self.sample_positions + positions <= DETAIL_MAX_POSITIONS
            {
                self.sample.push(feature());
                self.sample_positions += positions;
            } else {
                self.sampling = false;
            }
        }
    }

    /// Ends recording: a layer held whole by its sample drops its point list.
    pub fn seal(&mut self) {
        self.types.sort_unstable();
        if self.sampling {
            self.points = Vec::new();
        } else {
            self.points.shrink_to_fit();
        }
    }

    /// The same layer, its GeoJSON text at `path` (a scratch file).
    pub fn with_source(mut self, path: PathBuf) -> Self {
        self.source = Some(path);
        self
    }

    /// Where the layer's GeoJSON text is, when kept in a scratch file.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the layer has no feature.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether [`Layer::features`] holds every feature (at most
    /// [`DETAIL_MAX_FEATURES`] and [`DETAIL_MAX_POSITIONS`]).
    pub fn is_complete(&self) -> bool {
        self.sampling
    }

    /// The first features as written: all of them when [`Layer::is_complete`].
    pub fn features(&self) -> &[Value] {
        &self.sample
    }

    /// Every point feature's lon/lat and status, when the layer is not
    /// complete (empty otherwise: the features are there).
    pub fn points(&self) -> &[MarkedPoint] {
        &self.points
    }

    /// Residents newly covered (`population_covered`) summed per `rule`.
    pub fn gains(&self) -> &BTreeMap<String, u64> {
        &self.gains
    }

    /// The GeoJSON geometry types present, sorted.
    pub fn geometry_types(&self) -> &[String] {
        &self.types
    }

    /// The geometry families present, sorted.
    pub fn kinds(&self) -> Vec<GeomKind> {
        [GeomKind::Point, GeomKind::Line, GeomKind::Polygon]
            .into_iter()
            .filter(|&k| self.counts[k as usize] > 0)
            .collect()
    }

    /// The family a single style is written for: the layer's only one, else the
    /// widest (polygons over lines over points).
    pub fn primary_kind(&self) -> Option<GeomKind> {
        self.kinds().last().copied()
    }

    /// Features with geometry of `kind` (every feature for `None`).
    pub fn count(&self, kind: Option<GeomKind>) -> usize {
        match kind {
            None => self.len,
            Some(k) => self.counts[k as usize],
        }
    }

    /// Lon/lat bounds `[min_x, min_y, max_x, max_y]` of every position.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        (self.bbox[0] <= self.bbox[2]).then_some(self.bbox)
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

/// `gpkg_contents.last_change` and `layer_styles.update_time`: the first
/// instant of the scenario's year, so the bytes depend on the inputs only.
pub fn last_change(year: i32) -> String {
    format!("{year:04}-01-01T00:00:00.000Z")
}

/// Writes a run's outputs from files given as text (name → text): the layers
/// (GeoJSON + `.qml`, or one GeoPackage), the other files as they are
/// (`summary.json`), the QGIS project and the report. [`crate::output::write`]
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
    let legend = legend(o, opts.lang);
    let staged: Vec<Option<PathBuf>> = layers.iter().map(|w| w.staged.clone()).collect();
    let layers: Vec<Layer> = layers.into_iter().map(|w| w.layer).collect();
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
    let title = format!("isleplan — {} ({})", o.scenario.title, o.scenario.year);
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

/// Writes what a comparison adds for GIS staff and reviewers: `.qml` styles for
/// the diff `layers` (see
/// [`write_comparison_layers`](crate::output::write::write_comparison_layers)), a
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
    let legend = legend(b, lang);
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
    fn a_large_layer_keeps_a_bounded_sample_and_every_point_compactly() {
        let features: Vec<String> = (0..=DETAIL_MAX_FEATURES)
            .map(|i| {
                format!(
                    r#"{{"type":"Feature","properties":{{"status":"{}","rule":"r","population_covered":2}},"geometry":{{"type":"Point","coordinates":[{i},1]}}}}"#,
                    if i % 4 == 0 { "gap" } else { "served" }
                )
            })
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );

        let l = Layer::parse("settlements", &text).unwrap();

        assert!(!l.is_complete());
        assert_eq!(l.len(), DETAIL_MAX_FEATURES + 1);
        assert_eq!(l.features().len(), DETAIL_MAX_FEATURES);
        assert_eq!(l.points().len(), DETAIL_MAX_FEATURES + 1);
        assert_eq!(
            l.points().iter().filter(|p| p.status == STATUS_GAP).count(),
            DETAIL_MAX_FEATURES / 4 + 1
        );
        assert_eq!(
            l.gains().get("r"),
            Some(&(2 * (DETAIL_MAX_FEATURES as u64 + 1)))
        );
        assert_eq!(l.bbox(), Some([0.0, 1.0, DETAIL_MAX_FEATURES as f64, 1.0]));
    }

    #[test]
    fn a_small_layer_is_complete_and_drops_its_point_list() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"status":"gap"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;

        let l = Layer::parse("settlements", text).unwrap();

        assert!(l.is_complete());
        assert!(l.points().is_empty());
        assert_eq!(l.features().len(), 1);
    }

    #[test]
    fn last_change_depends_on_the_year_only() {
        assert_eq!(last_change(2024), "2024-01-01T00:00:00.000Z");
    }
}
