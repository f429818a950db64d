//! Reading one feature table of a GeoPackage (OGC 12-128r18) with rusqlite.
//!
//! The table is read row by row in `fid` order (one row in memory at a time); each
//! geometry blob is the GeoPackage binary header (magic `GP`, version, flags,
//! srs id, optional envelope) followed by standard WKB, which georust's `wkb`
//! crate decodes. The datum comes from `gpkg_spatial_ref_sys` (EPSG 4326 and 4490
//! are read; any other is fatal unless the scenario states the layer's `crs`).

use std::path::{Path, PathBuf};

use geo::Geometry;
use geo_traits::to_geo::ToGeoGeometry;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::datum::Datum;
use super::feature::{clean, Hashing, SourceFeature, SourceInfo};
use super::fields::FieldProblem;
use crate::error::{did_you_mean, Error, Result};

/// Reads `layer` (or the only feature table) of the GeoPackage at `path`.
/// `label` names the layer in messages; `crs` is the scenario's, which overrides
/// what the file declares.
pub fn read_layer(
    path: &Path,
    layer: Option<&str>,
    label: &str,
    crs: Option<Datum>,
    mut on_feature: impl FnMut(SourceFeature, Option<Datum>),
) -> Result<SourceInfo> {
    let file = clean(path);
    let fatal = |problem: String, hint: Option<String>| Error::Layer {
        path: PathBuf::from(label),
        problem,
        hint,
    };
    let sha256 = hash_file(path)?;
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fatal(format!("cannot be opened as a GeoPackage: {e}"), None))?;
    let not_gpkg = |why: String| {
        fatal(
            format!("{} is not a GeoPackage: {why}", file.display()),
            Some("a .gpkg layer must be a GeoPackage (an SQLite database with gpkg_contents and gpkg_geometry_columns), e.g. from `ogr2ogr -f GPKG out.gpkg in.shp`".into()),
        )
    };
    let has_table = |name: &str| -> std::result::Result<bool, String> {
        db.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| e.to_string())
    };
    match has_table("gpkg_geometry_columns") {
        Err(e) => return Err(not_gpkg(format!("not an SQLite database ({e})"))),
        Ok(false) => {
            return Err(not_gpkg(
                "an SQLite database without a gpkg_geometry_columns table".into(),
            ))
        }
        Ok(true) => {}
    }
    let tables: Vec<(String, String, i64)> = db
        .prepare(
            "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name",
        )
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| not_gpkg(format!("gpkg_geometry_columns does not read: {e}")))?;
    let names: Vec<&str> = tables.iter().map(|t| t.0.as_str()).collect();
    let (table, geom_col, srs_id) = match layer {
        Some(want) => tables.iter().find(|t| t.0 == want).ok_or_else(|| {
            let near = did_you_mean(want, names.iter().copied())
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            fatal(
                format!(
                    "layer {want:?} is not in the GeoPackage{near}; its feature layers are: {}",
                    if names.is_empty() {
                        "(none)".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
                Some(
                    "name the layer with `layer = \"…\"` in the scenario's [dataset.layers]".into(),
                ),
            )
        })?,
        None if tables.len() == 1 => &tables[0],
        None => {
            return Err(fatal(
                format!(
                    "the GeoPackage holds {} feature layers ({}) and the scenario names none",
                    tables.len(),
                    names.join(", ")
                ),
                Some(
                    "name the layer with `layer = \"…\"` in the scenario's [dataset.layers]".into(),
                ),
            ))
        }
    };
    let declared = declared_datum(&db, *srs_id, crs.is_some()).map_err(|p| fatal(p, Some(
        "reproject to WGS84 or CGCS2000 lon/lat, e.g. `ogr2ogr -f GPKG -t_srs EPSG:4490 out.gpkg in.gpkg` (or state `crs` when the declaration is wrong)".into(),
    )))?;

    let columns: Vec<(String, bool)> = db
        .prepare(&format!("PRAGMA table_info({})", quote(table)))
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)? > 0))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| fatal(format!("the table {table:?} does not read: {e}"), None))?;
    let pk = columns.iter().find(|c| c.1).map(|c| c.0.clone());
    let has_id = columns.iter().any(|c| c.0 == "id" && !c.1);
    let order = pk.as_deref().map_or_else(|| "rowid".to_owned(), quote);
    let mut stmt = db
        .prepare(&format!("SELECT * FROM {} ORDER BY {order}", quote(table)))
        .map_err(|e| fatal(format!("the table {table:?} does not read: {e}"), None))?;
    let mut rows = stmt
        .query([])
        .map_err(|e| fatal(format!("the table {table:?} does not read: {e}"), None))?;
    let mut index = 0usize;
    loop {
        let row = match rows.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                return Err(fatal(
                    format!("row {index} of {table:?} does not read: {e}"),
                    None,
                ))
            }
        };
        let mut props = Map::new();
        let mut geometry = Value::Null;
        let mut problem = None;
        let mut fid = None;
        for (i, (name, is_pk)) in columns.iter().enumerate() {
            let v = row.get_ref(i).map_err(|e| {
                fatal(
                    format!("row {index}, field {name:?} does not read: {e}"),
                    None,
                )
            })?;
            if name == geom_col {
                match v {
                    ValueRef::Null => {}
                    ValueRef::Blob(b) => match decode(b) {
                        Ok(g) => geometry = g,
                        Err(e) => {
                            problem.get_or_insert(FieldProblem::new(name, e));
                        }
                    },
                    _ => {
                        problem.get_or_insert(FieldProblem::new(
                            name,
                            "the geometry column holds no blob",
                        ));
                    }
                }
                continue;
            }
            let value = match v {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => {
                    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
                }
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => {
                    problem.get_or_insert(FieldProblem::new(
                        name,
                        format!(
                            "`{name}` holds binary data ({} bytes), not a value",
                            b.len()
                        ),
                    ));
                    Value::Null
                }
            };
            if *is_pk {
                fid = match &value {
                    Value::Number(n) => Some(n.to_string()),
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                };
                continue;
            }
            // A null cell is a field the feature does not have (a table has every
            // column in every row; a GeoJSON feature only the keys it holds).
            if !value.is_null() {
                props.insert(name.clone(), value);
            }
        }
        // The `id` field; the fid only when the table has no `id` column (an
        // empty `id` is a missing id, as in the other formats).
        let id = match props.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ if has_id => None,
            _ => fid.clone(),
        };
        on_feature(
            SourceFeature {
                index,
                id,
                fid,
                props,
                geometry,
                problem,
            },
            declared,
        );
        index += 1;
    }
    Ok(SourceInfo {
        features: index,
        warnings: Vec::new(),
        sha256,
        declared,
    })
}

/// The datum of `srs_id`: EPSG 4326 and 4490 are known; the undefined systems
/// (0, -1) are taken as WGS84 lon/lat (the range check catches metres); any other
/// is fatal, unless `stated` (the scenario names the layer's datum).
fn declared_datum(
    db: &Connection,
    srs_id: i64,
    stated: bool,
) -> std::result::Result<Option<Datum>, String> {
    if srs_id == 0 || srs_id == -1 {
        return Ok(None);
    }
    let row: Option<(String, String, i64)> = db
        .query_row(
            "SELECT srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    let known = row
        .as_ref()
        .filter(|(_, org, _)| org.eq_ignore_ascii_case("EPSG"))
        .and_then(|(_, _, code)| Datum::from_epsg(*code));
    match (known, stated) {
        (Some(d), _) => Ok(Some(d)),
        (None, true) => Ok(None),
        (None, false) => Err(match row {
            Some((name, org, code)) => format!(
                "the layer declares {org}:{code} ({name}); isleplan reads lon/lat in EPSG:4326, EPSG:4490 or GCJ-02"
            ),
            None => format!("the layer's srs_id {srs_id} is not in gpkg_spatial_ref_sys"),
        }),
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn hash_file(path: &Path) -> Result<String> {
    let handle = fs_err::File::open(path).map_err(|e| Error::Read {
        path: path.to_owned(),
        source: std::io::Error::new(e.kind(), e.to_string()),
    })?;
    let mut h = Hashing {
        inner: handle,
        hasher: Sha256::new(),
    };
    std::io::copy(&mut h, &mut std::io::sink()).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(format!("{:x}", h.hasher.finalize()))
}

/// A GeoPackage geometry blob → GeoJSON geometry (`null` for an empty one).
pub fn decode(blob: &[u8]) -> std::result::Result<Value, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("the geometry is not GeoPackage binary (no `GP` header)".into());
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err("the geometry uses an extended GeoPackage geometry type".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        n => {
            return Err(format!(
                "the geometry header has an invalid envelope code {n}"
            ))
        }
    };
    if flags & 0b0001_0000 != 0 {
        return Ok(Value::Null);
    }
    let start = 8 + envelope;
    let wkb_bytes = blob
        .get(start..)
        .filter(|b| !b.is_empty())
        .ok_or("the geometry blob ends inside its header")?;
    let wkb =
        wkb::reader::read_wkb(wkb_bytes).map_err(|e| format!("the WKB does not decode: {e}"))?;
    match wkb.try_to_geometry() {
        Some(g) => Ok(to_geojson(&g)),
        None => Ok(Value::Null),
    }
}

fn ring(ls: &geo::LineString<f64>) -> Value {
    Value::Array(ls.0.iter().map(|c| json!([c.x, c.y])).collect())
}

fn polygon(p: &geo::Polygon<f64>) -> Value {
    let mut rings = vec![ring(p.exterior())];
    rings.extend(p.interiors().iter().map(ring));
    Value::Array(rings)
}

/// A geo geometry as a GeoJSON geometry object.
pub fn to_geojson(g: &Geometry<f64>) -> Value {
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": [p.x(), p.y()]}),
        Geometry::MultiPoint(m) => json!({"type": "MultiPoint", "coordinates":
            m.0.iter().map(|p| json!([p.x(), p.y()])).collect::<Vec<_>>()}),
        Geometry::Line(l) => json!({"type": "LineString", "coordinates":
            [[l.start.x, l.start.y], [l.end.x, l.end.y]]}),
        Geometry::LineString(l) => json!({"type": "LineString", "coordinates": ring(l)}),
        Geometry::MultiLineString(m) => json!({"type": "MultiLineString", "coordinates":
            m.0.iter().map(ring).collect::<Vec<_>>()}),
        Geometry::Polygon(p) => json!({"type": "Polygon", "coordinates": polygon(p)}),
        Geometry::MultiPolygon(m) => json!({"type": "MultiPolygon", "coordinates":
            m.0.iter().map(polygon).collect::<Vec<_>>()}),
        Geometry::Rect(r) => json!({"type": "Polygon", "coordinates": polygon(&r.to_polygon())}),
        Geometry::Triangle(t) => {
            json!({"type": "Polygon", "coordinates": polygon(&t.to_polygon())})
        }
        Geometry::GeometryCollection(c) => json!({"type": "GeometryCollection", "geometries":
            c.0.iter().map(to_geojson).collect::<Vec<_>>()}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_blob_decodes() {
        // GP, version 0, flags 0b01 (little endian, no envelope), srs 4326, then
        // WKB little-endian Point (type 1) at (122.3, 29.95).
        let mut blob = vec![b'G', b'P', 0, 1];
        blob.extend(4326i32.to_le_bytes());
        blob.push(1);
        blob.extend(1u32.to_le_bytes());
        blob.extend(122.3f64.to_le_bytes());
        blob.extend(29.95f64.to_le_bytes());

        assert_eq!(
            decode(&blob).unwrap(),
            json!({"type": "Point", "coordinates": [122.3, 29.95]})
        );
    }

    #[test]
    fn a_blob_without_the_header_is_refused() {
        assert!(decode(b"\x01\x01\x00\x00\x00").unwrap_err().contains("GP"));
        assert!(decode(b"GP\x00\x03\xe6\x10\x00\x00")
            .unwrap_err()
            .contains("ends inside"));
    }
}
