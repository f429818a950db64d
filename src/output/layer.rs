//! The shared vocabulary of the output stage: what was learnt of a layer while it
//! was written ([`Layer`]: counts per geometry kind, bounds, a bounded sample,
//! compact points), geometry kinds, settlement status codes, file names and the
//! timestamps of a run's files. A leaf: it imports nothing of `output`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Result;

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

/// An output file: name and text.
pub type File<'a> = (&'a str, String);

/// `gpkg_contents.last_change` and `layer_styles.update_time`: the first
/// instant of the scenario's year, so the bytes depend on the inputs only.
pub fn last_change(year: i32) -> String {
    format!("{year:04}-01-01T00:00:00.000Z")
}

/// The layers a run writes, in order (file stems).
pub const LAYERS: [&str; 8] = [
    "islands",
    "settlements",
    "facilities",
    "gaps",
    "relocations",
    "service_areas",
    "proposed",
    "allocation",
];

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
