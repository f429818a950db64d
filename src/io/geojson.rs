//! A streaming GeoJSON FeatureCollection reader of our own.
//!
//! One feature at a time goes from the file to a callback, so a 1 GB layer needs
//! memory for one feature, not for the file (a `serde_json::Value` of the whole
//! file costs 6–7× its size). Unlike the geojson crate's streaming reader it
//! accepts a `bbox` before `features` and an empty collection, and it rejects
//! truncation and trailing garbage. What a feature *means* is `read`'s job.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result, Warning};

/// One feature as found in the file, before any interpretation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFeature {
    /// 0-based position in the `features` array.
    pub index: usize,
    /// The whole feature object (or whatever value stood in its place).
    pub value: Value,
}

/// What the reader learnt about the layer as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerInfo {
    /// Number of entries in `features`.
    pub features: usize,
    /// Repairs made to the file as a whole (a BOM stripped, an empty collection).
    pub warnings: Vec<Warning>,
}

/// CRS names that mean lon/lat on WGS84, as legacy `crs` members write them.
const WGS84_NAMES: [&str; 5] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
];

/// Reads the FeatureCollection in `reader`, handing each feature to `on_feature`.
///
/// `path` is used in messages only. Fatal: an empty file, invalid or truncated JSON,
/// trailing characters, a top level that is not a FeatureCollection, a missing
/// `features` array, a legacy `crs` other than WGS84.
pub fn read_collection<R: Read>(
    reader: R,
    path: &Path,
    on_feature: impl FnMut(RawFeature),
) -> Result<LayerInfo> {
    read_collection_with(reader, path, true, on_feature)
}

/// [`read_collection`], with the legacy `crs` member checked only when
/// `check_crs` (not when the scenario states the layer's datum itself).
pub fn read_collection_with<R: Read>(
    reader: R,
    path: &Path,
    check_crs: bool,
    mut on_feature: impl FnMut(RawFeature),
) -> Result<LayerInfo> {
    let file = path.display().to_string();
    let mut info = LayerInfo::default();
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let head = reader.fill_buf().map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
        info.warnings.push(Warning {
            file: file.clone(),
            index: None,
            id: None,
            field: None,
            message: "UTF-8 byte order mark stripped".into(),
        });
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut count = 0usize;
    let mut problem = None;
    let seed = CollectionSeed {
        check_crs,
        on_feature: &mut on_feature,
        count: &mut count,
        problem: &mut problem,
    };
    let outcome = seed.deserialize(&mut de).and_then(|()| de.end());
    if let Some(p) = problem {
        return Err(p.into_error(path));
    }
    outcome.map_err(|source| {
        if source.is_eof() && source.line() == 1 && source.column() == 0 {
            Error::Layer {
                path: path.to_owned(),
                problem: "file is empty".into(),
                hint: Some("a layer must hold a GeoJSON FeatureCollection".into()),
            }
        } else {
            Error::Json {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    info.features = count;
    if count == 0 {
        info.warnings.push(Warning {
            file,
            index: None,
            id: None,
            field: None,
            message: "the FeatureCollection is empty".into(),
        });
    }
    Ok(info)
}

/// A layer-level problem found inside the parse, reported with its own hint.
enum LayerProblem {
    NotCollection(String),
    Crs(String),
    NoFeatures,
}

impl LayerProblem {
    fn into_error(self, path: &Path) -> Error {
        let (problem, hint) = match self {
            Self::NotCollection(t) => (
                format!("expected a FeatureCollection, found type {t:?}"),
                Some("wrap the features in {\"type\": \"FeatureCollection\", \"features\": [...]}".to_owned()),
            ),
            Self::Crs(name) => (
                format!("declares CRS {name:?}; isleplan reads lon/lat on WGS84 only"),
                Some("reproject to WGS84, e.g. `ogr2ogr -t_srs EPSG:4326 -lco RFC7946=YES out.geojson in.geojson`".to_owned()),
            ),
            Self::NoFeatures => (
                "the FeatureCollection has no `features` array".to_owned(),
                None,
            ),
        };
        Error::Layer {
            path: path.to_owned(),
            problem,
            hint,
        }
    }
}

struct CollectionSeed<'a, F> {
    check_crs: bool,
    on_feature: &'a mut F,
    count: &'a mut usize,
    problem: &'a mut Option<LayerProblem>,
}

impl<'de, F: FnMut(RawFeature)> DeserializeSeed<'de> for CollectionSeed<'_, F> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(RawFeature)> Visitor<'de> for CollectionSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        let mut seen_features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let t: String = map.next_value()?;
                    if t != "FeatureCollection" {
                        *self.problem = Some(LayerProblem::NotCollection(t));
                        return Err(de::Error::custom("not a FeatureCollection"));
                    }
                }
                "crs" => {
                    let crs: Value = map.next_value()?;
                    let name = crs
                        .pointer("/properties/name")
                        .and_then(Value::as_str)
                        .unwrap_or("(unnamed)")
                        .to_owned();
                    if self.check_crs && !WGS84_NAMES.iter().any(|n| n.eq_ignore_ascii_case(&name))
                    {
                        *self.problem = Some(LayerProblem::Crs(name));
                        return Err(de::Error::custom("unsupported crs"));
                    }
                }
                "features" => {
                    seen_features = true;
                    map.next_value_seed(FeaturesSeed {
                        on_feature: &mut *self.on_feature,
                        count: &mut *self.count,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !seen_features {
            *self.problem = Some(LayerProblem::NoFeatures);
            return Err(de::Error::custom("no features"));
        }
        Ok(())
    }
}

struct FeaturesSeed<'a, F> {
    on_feature: &'a mut F,
    count: &'a mut usize,
}

impl<'de, F: FnMut(RawFeature)> DeserializeSeed<'de> for FeaturesSeed<'_, F> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(RawFeature)> Visitor<'de> for FeaturesSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            (self.on_feature)(RawFeature {
                index: *self.count,
                value,
            });
            *self.count += 1;
        }
        Ok(())
    }
}

/// A feature object taken apart: id (from `properties.id` or the feature's `id`),
/// properties and geometry (`null` when absent).
pub type FeatureParts = (Option<String>, Map<String, Value>, Value);

/// The parts of a feature object, or why it is not one.
pub fn split_feature(value: Value) -> Result<FeatureParts, String> {
    let Value::Object(mut obj) = value else {
        return Err(format!(
            "expected a Feature object, found {}",
            json_type(&value)
        ));
    };
    match obj.get("type").and_then(Value::as_str) {
        Some("Feature") => {}
        Some(t) => return Err(format!("expected type \"Feature\", found {t:?}")),
        None => return Err("the feature has no `type`".into()),
    }
    let properties = match obj.remove("properties") {
        Some(Value::Object(p)) => p,
        None | Some(Value::Null) => Map::new(),
        Some(other) => {
            return Err(format!(
                "`properties` must be an object, found {}",
                json_type(&other)
            ))
        }
    };
    let id = properties
        .get("id")
        .or_else(|| obj.get("id"))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let geometry = obj.remove("geometry").unwrap_or(Value::Null);
    Ok((id, properties, geometry))
}

/// A JSON value's type, for messages.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(LayerInfo, Vec<RawFeature>)> {
        let mut out = Vec::new();
        let info = read_collection(text.as_bytes(), Path::new("t.geojson"), |f| out.push(f))?;
        Ok((info, out))
    }

    #[test]
    fn reads_features_in_order_with_bbox_first() {
        let text = r#"{"bbox":[0,0,1,1],"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"a"},"geometry":null},
            {"type":"Feature","properties":{"id":"b"},"geometry":null}]}"#;

        let (info, feats) = read(text).unwrap();

        assert_eq!(info.features, 2);
        assert_eq!(feats[1].index, 1);
        assert_eq!(feats[1].value["properties"]["id"], "b");
    }

    #[test]
    fn empty_collection_is_a_warning() {
        let (info, feats) = read(r#"{"type":"FeatureCollection","features":[]}"#).unwrap();

        assert!(feats.is_empty());
        assert!(info.warnings[0].message.contains("empty"));
    }

    #[test]
    fn bom_is_stripped_with_a_warning() {
        let text = "\u{feff}{\"type\":\"FeatureCollection\",\"features\":[]}";

        let (info, _) = read(text).unwrap();

        assert!(info.warnings[0].message.contains("byte order mark"));
    }

    #[test]
    fn truncated_json_is_fatal_with_line_and_column() {
        let err = read("{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":").unwrap_err();

        let Error::Json { source, .. } = &err else {
            panic!("expected a JSON error, got {err:?}");
        };
        assert_eq!(source.line(), 2);
    }

    #[test]
    fn trailing_garbage_is_fatal() {
        let err = read(r#"{"type":"FeatureCollection","features":[]} xyz"#).unwrap_err();

        assert!(matches!(err, Error::Json { .. }), "{err:?}");
    }

    #[test]
    fn empty_file_is_fatal() {
        let err = read("").unwrap_err();

        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[test]
    fn foreign_crs_is_fatal_and_named() {
        let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},"features":[]}"#;

        let err = read(text).unwrap_err();

        assert!(err.to_string().contains("EPSG::32651"), "{err}");
        assert!(err.hint().unwrap().contains("ogr2ogr"));
    }

    #[test]
    fn a_foreign_crs_is_left_to_the_scenario_when_it_states_one() {
        let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[]}"#;

        assert!(read(text).is_err());
        assert!(
            read_collection_with(text.as_bytes(), Path::new("t.geojson"), false, |_| {}).is_ok()
        );
    }

    #[test]
    fn wgs84_crs_is_accepted() {
        let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}"#;

        assert!(read(text).is_ok());
    }

    #[test]
    fn a_single_feature_is_not_a_collection() {
        let err = read(r#"{"type":"Feature","properties":{},"geometry":null}"#).unwrap_err();

        assert!(
            err.to_string().contains("expected a FeatureCollection"),
            "{err}"
        );
    }
}
