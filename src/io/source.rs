//! Where a dataset layer comes from: a GeoJSON file, a layer of a GeoPackage, or a
//! CSV of points with longitude/latitude columns; in which datum; and how its
//! field names and kind values map to isleplan's.
//!
//! Every format is read one feature at a time into the same [`SourceFeature`]
//! (id, properties, GeoJSON geometry), so `read` validates all of them in one
//! pass with the same rules, and memory holds one feature of the file at a time.
//! The mapping ([`LayerSource::normalise`]) renames fields, maps kind values and
//! turns the datum into WGS84 before any field is read.
//!
//! A layer of another role (a road layer, later) reads through the same
//! [`LayerSource::read`]: nothing here knows which layer it is reading.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use geo::Coord;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::datum::{Datum, KNOWN_CRS};
use super::feature::clean;
pub use super::feature::{Hashing, SourceFeature, SourceInfo};
use super::fields::FieldProblem;
use super::geojson::{read_collection_with, split_feature};
use crate::error::{Error, Result, Warning};

/// The file format of a layer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A GeoJSON FeatureCollection.
    GeoJson,
    /// One feature table of a GeoPackage (`None`: the only one it holds).
    GeoPackage {
        /// The table name.
        layer: Option<String>,
    },
    /// A CSV of points (UTF-8, a header row).
    Csv {
        /// The longitude column.
        lon: String,
        /// The latitude column.
        lat: String,
    },
}

/// One dataset layer: its file, format, datum and mapping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LayerSource {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The datum of its coordinates (`None`: WGS84, or what a GeoPackage declares).
    pub crs: Option<Datum>,
    /// isleplan field → the layer's own field name (`population = "常住人口"`).
    pub fields: BTreeMap<String, String>,
    /// The layer's kind value → isleplan's kind (`"村卫生室" = "village_clinic"`).
    pub kinds: BTreeMap<String, String>,
}

impl LayerSource {
    /// A GeoJSON file read as it is (the layers of a dataset folder).
    pub fn geojson(path: PathBuf) -> Self {
        Self {
            path,
            format: Format::GeoJson,
            crs: None,
            fields: BTreeMap::new(),
            kinds: BTreeMap::new(),
        }
    }

    /// The format a file's extension names, or why it names none.
    pub fn format_of(
        path: &Path,
        layer: Option<String>,
        lonlat: Option<(String, String)>,
    ) -> std::result::Result<Format, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "gpkg" => Ok(Format::GeoPackage { layer }),
            "csv" | "txt" => {
                let (lon, lat) = lonlat.unwrap_or_else(|| ("lon".into(), "lat".into()));
                Ok(Format::Csv { lon, lat })
            }
            other => Err(format!(
                "cannot tell the format of {:?} from its extension {other:?}: expected .geojson, .gpkg or .csv",
                path.display().to_string()
            )),
        }
    }

    /// The layer as messages name it: the file, and for a GeoPackage or a CSV
    /// the layer (`村庄.gpkg (layer villages)`, `设施.csv (layer facilities)`).
    /// `role` is the dataset layer it stands for.
    pub fn label(&self, role: &str) -> String {
        let file = clean(&self.path).display().to_string();
        match &self.format {
            Format::GeoJson => file,
            Format::GeoPackage { layer } => {
                format!("{file} (layer {})", layer.as_deref().unwrap_or(role))
            }
            Format::Csv { .. } => format!("{file} (layer {role})"),
        }
    }

    /// Reads the layer, handing each feature to `on_feature`; fatal problems are
    /// the layer's (not a GeoPackage, a missing layer or column, a foreign CRS,
    /// invalid JSON). The file must exist and be a regular file (`read` checks).
    ///
    /// Each feature comes mapped ([`Self::normalise`]): a problem of the mapping
    /// is in its `problem`, with the field as [`Self::shown_field`] names it.
    /// `known_kinds` are the kinds a `kinds` mapping may leave as they are.
    pub fn read(
        &self,
        label: &str,
        known_kinds: &[&str],
        mut on_feature: impl FnMut(SourceFeature),
    ) -> Result<SourceInfo> {
        let mut mapped = |mut f: SourceFeature, declared: Option<Datum>| {
            if f.problem.is_none() {
                if let Err(p) = self.normalise(&mut f, known_kinds, declared) {
                    f.problem = Some(FieldProblem::new(&self.shown_field(&p.field), p.reason));
                }
            }
            on_feature(f);
        };
        match &self.format {
            Format::GeoJson => self.read_geojson(|f| mapped(f, None)),
            Format::Csv { lon, lat } => self.read_csv(label, lon, lat, |f| mapped(f, None)),
            Format::GeoPackage { layer } => {
                super::gpkg::read_layer(&self.path, layer.as_deref(), label, self.crs, mapped)
            }
        }
    }

    fn open(&self) -> Result<Hashing<fs_err::File>> {
        let handle = fs_err::File::open(&self.path).map_err(|e| Error::Read {
            path: self.path.clone(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        })?;
        Ok(Hashing {
            inner: handle,
            hasher: Sha256::new(),
        })
    }

    fn read_geojson(&self, mut on_feature: impl FnMut(SourceFeature)) -> Result<SourceInfo> {
        let mut reader = self.open()?;
        // A `crs` the scenario states overrides the file's legacy `crs` member.
        let info =
            read_collection_with(&mut reader, &clean(&self.path), self.crs.is_none(), |raw| {
                on_feature(match split_feature(raw.value) {
                    Ok((id, props, geometry)) => SourceFeature {
                        index: raw.index,
                        id,
                        fid: None,
                        props,
                        geometry,
                        problem: None,
                    },
                    Err(reason) => SourceFeature {
                        index: raw.index,
                        id: None,
                        fid: None,
                        props: Map::new(),
                        geometry: Value::Null,
                        problem: Some(FieldProblem::new("type", reason)),
                    },
                });
            })?;
        Ok(SourceInfo {
            features: info.features,
            warnings: info.warnings,
            sha256: format!("{:x}", reader.hasher.finalize()),
            declared: None,
        })
    }

    fn read_csv(
        &self,
        label: &str,
        lon: &str,
        lat: &str,
        mut on_feature: impl FnMut(SourceFeature),
    ) -> Result<SourceInfo> {
        let mut reader = self.open()?;
        let mut warnings = Vec::new();
        let mut count = 0usize;
        {
            let mut buffered = BufReader::with_capacity(1 << 16, &mut reader);
            let mut bom = [0u8; 3];
            let head = std::io::BufRead::fill_buf(&mut buffered).map_err(|source| Error::Read {
                path: self.path.clone(),
                source,
            })?;
            if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                buffered.read_exact(&mut bom).ok();
                warnings.push(Warning {
                    file: label.to_owned(),
                    index: None,
                    id: None,
                    field: None,
                    message: "UTF-8 byte order mark stripped".into(),
                });
            }
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(false)
                .from_reader(buffered);
            let layer_error = |problem: String, hint: Option<String>| Error::Layer {
                path: PathBuf::from(label),
                problem,
                hint,
            };
            let headers: Vec<String> = csv
                .headers()
                .map_err(|e| {
                    layer_error(format!("the header row does not read as CSV: {e}"), None)
                })?
                .iter()
                .map(|h| h.trim().to_owned())
                .collect();
            if headers.iter().all(String::is_empty) {
                return Err(layer_error(
                    "the file is empty: a CSV layer needs a header row".into(),
                    None,
                ));
            }
            let find = |name: &str, which: &str| {
                headers.iter().position(|h| h == name).ok_or_else(|| {
                    layer_error(
                        format!(
                            "field {name:?} (the {which} column) is not in the header row; its columns are: {}",
                            headers.join(", ")
                        ),
                        Some(format!(
                            "name the {which} column in the scenario: `{which} = \"…\"` in the layer's table under [dataset.layers]"
                        )),
                    )
                })
            };
            let (ix_lon, ix_lat) = (find(lon, "lon")?, find(lat, "lat")?);
            let mut record = csv::StringRecord::new();
            loop {
                let index = count;
                match csv.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        return Err(layer_error(
                            format!("row {} (line {line}) does not read as CSV: {e}", index),
                            Some(
                                "every row must have as many fields as the header row, in UTF-8"
                                    .into(),
                            ),
                        ));
                    }
                }
                count += 1;
                let mut props = Map::new();
                for (i, cell) in record.iter().enumerate() {
                    if i == ix_lon || i == ix_lat {
                        continue;
                    }
                    // An empty cell is a field the feature does not have.
                    let v = cell_value(cell);
                    if !v.is_null() {
                        props.insert(headers[i].clone(), v);
                    }
                }
                let id = props.get("id").and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
                let coord = |ix: usize, name: &str| -> std::result::Result<f64, FieldProblem> {
                    let text = record.get(ix).unwrap_or("").trim();
                    if text.is_empty() {
                        return Err(FieldProblem::new(
                            name,
                            format!("`{name}` is empty: the point has no coordinate"),
                        ));
                    }
                    text.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| {
                            FieldProblem::new(
                                name,
                                format!("`{name}` is not a number (got {text:?})"),
                            )
                        })
                };
                let (geometry, problem) = match (coord(ix_lon, lon), coord(ix_lat, lat)) {
                    (Ok(x), Ok(y)) => (
                        serde_json::json!({"type": "Point", "coordinates": [x, y]}),
                        None,
                    ),
                    (Err(p), _) | (_, Err(p)) => (Value::Null, Some(p)),
                };
                on_feature(SourceFeature {
                    index,
                    id,
                    fid: None,
                    props,
                    geometry,
                    problem,
                });
            }
        }
        if count == 0 {
            warnings.push(Warning {
                file: label.to_owned(),
                index: None,
                id: None,
                field: None,
                message: "the CSV has a header row and no features".into(),
            });
        }
        Ok(SourceInfo {
            features: count,
            warnings,
            sha256: format!("{:x}", reader.hasher.finalize()),
            declared: None,
        })
    }

    /// Renames fields, maps kind values and brings the geometry to WGS84, in that
    /// order; records `location_method` when the datum is not WGS84. `known_kinds`
    /// are the kinds isleplan knows for this layer (empty: the layer has none);
    /// `declared` is the datum the file itself declares.
    pub fn normalise(
        &self,
        f: &mut SourceFeature,
        known_kinds: &[&str],
        declared: Option<Datum>,
    ) -> std::result::Result<(), FieldProblem> {
        if !self.fields.is_empty() {
            let theirs: BTreeMap<&str, &str> = self
                .fields
                .iter()
                .map(|(ours, theirs)| (theirs.as_str(), ours.as_str()))
                .collect();
            let props = std::mem::take(&mut f.props);
            for (k, v) in props {
                match theirs.get(k.as_str()) {
                    Some(ours) => {
                        f.props.insert((*ours).to_owned(), v);
                    }
                    // A field of the same name as a mapped one is the layer's own,
                    // not isleplan's: the mapping wins.
                    None if self.fields.contains_key(&k) => {}
                    None => {
                        f.props.insert(k, v);
                    }
                }
            }
            if f.id.is_none() || self.fields.contains_key("id") {
                f.id = f.props.get("id").and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            }
        }
        if !self.kinds.is_empty() {
            if let Some(Value::String(k)) = f.props.get("kind") {
                let k = k.trim().to_owned();
                if let Some(mapped) = self.kinds.get(&k) {
                    f.props.insert("kind".into(), Value::String(mapped.clone()));
                } else if !known_kinds.contains(&k.as_str()) {
                    let mapped: Vec<&str> = self.kinds.keys().map(String::as_str).collect();
                    return Err(FieldProblem::new(
                        "kind",
                        format!(
                            "kind {k:?} has no mapping in `kinds` (mapped: {}) and is not a kind isleplan knows (known kinds: {})",
                            mapped.join(", "),
                            known_kinds.join(", ")
                        ),
                    ));
                }
            }
        }
        let datum = self.crs.or(declared).unwrap_or(Datum::Wgs84);
        if datum != Datum::Wgs84 && !f.geometry.is_null() {
            let mut problem = None;
            map_positions(&mut f.geometry, &mut |c| match datum.to_wgs84(c) {
                Ok(w) => w,
                Err(e) => {
                    problem.get_or_insert(e);
                    c
                }
            });
            if let Some(reason) = problem {
                return Err(FieldProblem::new("geometry", reason));
            }
            if let Some(method) = datum.location_method() {
                f.props
                    .insert("location_method".into(), Value::String(method.into()));
            }
        }
        Ok(())
    }

    /// The field name a problem with isleplan's `field` should show: the layer's
    /// own name beside isleplan's when the two differ.
    pub fn shown_field(&self, field: &str) -> String {
        match self.fields.get(field) {
            Some(theirs) => format!("{field} (field {theirs:?})"),
            None => field.to_owned(),
        }
    }
}

/// Applies `f` to every `[x, y, …]` position of a GeoJSON geometry value.
fn map_positions(g: &mut Value, f: &mut impl FnMut(Coord<f64>) -> Coord<f64>) {
    match g {
        Value::Object(o) => {
            if let Some(c) = o.get_mut("coordinates") {
                map_positions(c, f);
            }
            if let Some(Value::Array(gs)) = o.get_mut("geometries") {
                for g in gs {
                    map_positions(g, f);
                }
            }
        }
        Value::Array(items) => {
            let is_position = items.len() >= 2 && items.iter().all(Value::is_number);
            if is_position {
                if let (Some(x), Some(y)) = (items[0].as_f64(), items[1].as_f64()) {
                    let w = f(Coord { x, y });
                    if let (Some(x), Some(y)) = (
                        serde_json::Number::from_f64(w.x),
                        serde_json::Number::from_f64(w.y),
                    ) {
                        items[0] = Value::Number(x);
                        items[1] = Value::Number(y);
                    }
                }
            } else {
                for item in items {
                    map_positions(item, f);
                }
            }
        }
        _ => {}
    }
}

/// A CSV cell as a JSON value: empty is null; a number written as one (no
/// leading zero, no sign other than `-`) is a number; anything else is text, so
/// a code such as `0580` stays text.
pub fn cell_value(cell: &str) -> Value {
    let t = cell.trim();
    if t.is_empty() {
        return Value::Null;
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    let numeric_chars = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !leading_zero && numeric_chars && digits.starts_with(|c: char| c.is_ascii_digit()) {
        if let Ok(i) = t.parse::<i64>() {
            return Value::from(i);
        }
        if let Ok(u) = t.parse::<u64>() {
            return Value::from(u);
        }
        if let Some(n) = t.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(t.to_owned())
}

/// How a scenario names a dataset's layers: each by role (`settlements`, …), and
/// whether the layers it does not name are looked for in the dataset folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Layers {
    /// The layers named, by role.
    pub named: BTreeMap<String, LayerSource>,
    /// No folder: a layer not named is absent (a required one is an error).
    pub named_only: bool,
}

/// Checks a `crs` name, or says which are known.
pub fn parse_crs(name: &str) -> std::result::Result<Datum, String> {
    Datum::parse(name).ok_or_else(|| {
        format!("unknown crs {name:?}: isleplan reads {KNOWN_CRS}; reproject anything else first (see the README, \"Bring your own data\")")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_become_numbers_only_when_written_as_numbers() {
        assert_eq!(cell_value("120"), json!(120));
        assert_eq!(cell_value("-3"), json!(-3));
        assert_eq!(cell_value("12.5"), json!(12.5));
        assert_eq!(cell_value("0580"), json!("0580"));
        assert_eq!(cell_value(""), Value::Null);
        assert_eq!(cell_value("村卫生室"), json!("村卫生室"));
        assert_eq!(cell_value("1e3x"), json!("1e3x"));
        assert_eq!(cell_value("330903001001"), json!(330903001001u64));
    }

    fn feature(props: Value) -> SourceFeature {
        SourceFeature {
            index: 0,
            id: Some("a".into()),
            fid: None,
            props: props.as_object().unwrap().clone(),
            geometry: json!({"type": "Point", "coordinates": [122.3, 29.9]}),
            problem: None,
        }
    }

    #[test]
    fn fields_and_kinds_are_mapped() {
        let mut src = LayerSource::geojson("x.geojson".into());
        src.fields.insert("population".into(), "常住人口".into());
        src.kinds.insert("村卫生室".into(), "village_clinic".into());
        let mut f = feature(json!({"id": "a", "常住人口": 120, "kind": "村卫生室", "note": "n"}));

        src.normalise(&mut f, &["village_clinic"], None).unwrap();

        assert_eq!(
            Value::Object(f.props),
            json!({"id": "a", "population": 120, "kind": "village_clinic", "note": "n"})
        );
    }

    #[test]
    fn an_unmapped_kind_names_the_value_and_the_known_kinds() {
        let mut src = LayerSource::geojson("x.geojson".into());
        src.kinds.insert("村卫生室".into(), "village_clinic".into());
        let mut f = feature(json!({"kind": "药店"}));

        let p = src
            .normalise(&mut f, &["health_centre", "village_clinic"], None)
            .unwrap_err();

        assert_eq!(p.field, "kind");
        assert!(p.reason.contains("\"药店\""), "{}", p.reason);
        assert!(
            p.reason
                .contains("known kinds: health_centre, village_clinic"),
            "{}",
            p.reason
        );
    }

    #[test]
    fn gcj02_geometry_is_moved_and_the_method_recorded() {
        let mut src = LayerSource::geojson("x.geojson".into());
        src.crs = Some(Datum::Gcj02);
        let mut f = feature(json!({}));

        src.normalise(&mut f, &[], None).unwrap();

        let x = f.geometry["coordinates"][0].as_f64().unwrap();
        // Around Putuo the offset is about 0.0045° east: the WGS84 point lies west.
        assert!(x < 122.3 && x > 122.29, "{x}");
        assert!(f.props["location_method"]
            .as_str()
            .unwrap()
            .starts_with("GCJ-02"));
    }

    #[test]
    fn gcj02_outside_china_is_a_geometry_problem() {
        let mut src = LayerSource::geojson("x.geojson".into());
        src.crs = Some(Datum::Gcj02);
        let mut f = feature(json!({}));
        f.geometry = json!({"type": "Point", "coordinates": [2.35, 48.85]});

        let p = src.normalise(&mut f, &[], None).unwrap_err();

        assert_eq!(p.field, "geometry");
        assert!(p.reason.contains("outside the domain of GCJ-02"));
    }
}
