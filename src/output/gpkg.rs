//! GeoPackage output: every layer in one `.gpkg`, with its QGIS style as default.
//!
//! A small writer of our own on rusqlite's bundled SQLite (the `geopackage` crate
//! pins another SQLite binding; see `ECOSYSTEM.md`). It writes what OGC 12-128r18
//! requires — `gpkg_spatial_ref_sys`, `gpkg_contents`, `gpkg_geometry_columns`,
//! one feature table per layer with geometries as GeoPackage binary (header +
//! little-endian WKB) — plus the `layer_styles` table QGIS reads its default
//! style from. The file is built on disk, at a temp path the caller stages, with
//! each layer's features streamed from its scratch GeoJSON one at a time: no
//! layer is held whole in memory, nor the database.
//!
//! # Deterministic bytes
//! SQLite's file format holds no clock, and the same statements in the same
//! order give the same pages (one transaction, no journal: the page contents do
//! not depend on how the writes are grouped; the two header counters a file
//! build bumps are set back to an in-memory build's). The timestamps GeoPackage asks for
//! (`gpkg_contents.last_change`, `layer_styles.update_time`) are set to a value
//! the caller derives from the inputs (the scenario's year), never the time of
//! the run. `PRAGMA user_version = 10300` because GDAL 3.6 warns on 10400.

use rusqlite::{params, Connection};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::output::layer::GeomKind;
use crate::output::layer::Layer;
use crate::output::legend::Legend;
use crate::output::qml;

/// The geometry column's name in every feature table.
pub const GEOMETRY_COLUMN: &str = "geom";

/// `PRAGMA application_id` of a GeoPackage: `GPKG` in ASCII.
const APPLICATION_ID: i32 = 0x4750_4B47;

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

/// A column's SQLite type, inferred from every feature's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Boolean,
    Integer,
    Real,
    Text,
}

impl ColumnType {
    fn sql(self) -> &'static str {
        match self {
            Self::Boolean => "BOOLEAN",
            Self::Integer => "INTEGER",
            Self::Real => "REAL",
            Self::Text => "TEXT",
        }
    }

    /// The narrowest type holding both.
    fn widen(a: Option<Self>, v: &Value) -> Option<Self> {
        let t = match v {
            Value::Null => return a,
            Value::Bool(_) => Self::Boolean,
            Value::Number(n) if n.is_i64() => Self::Integer,
            Value::Number(_) => Self::Real,
            _ => Self::Text,
        };
        Some(match (a, t) {
            (None, t) => t,
            (Some(a), t) if a == t => a,
            (Some(Self::Integer), Self::Real) | (Some(Self::Real), Self::Integer) => Self::Real,
            _ => Self::Text,
        })
    }
}

/// The GeoPackage geometry type name for a layer: the single type its features
/// share, Polygon promoted to MultiPolygon when both occur, else `GEOMETRY`.
fn geometry_type_name(layer: &Layer) -> &'static str {
    let types: Vec<&str> = layer.geometry_types().iter().map(String::as_str).collect();
    match types.as_slice() {
        ["Point"] => "POINT",
        ["LineString"] => "LINESTRING",
        ["Polygon"] => "POLYGON",
        ["MultiPolygon"] | ["MultiPolygon", "Polygon"] => "MULTIPOLYGON",
        ["MultiLineString"] => "MULTILINESTRING",
        ["MultiPoint"] => "MULTIPOINT",
        _ => "GEOMETRY",
    }
}

/// Writes a GeoJSON position list into WKB.
fn wkb_points(
    out: &mut Vec<u8>,
    coords: &Value,
    env: &mut Envelope,
) -> std::result::Result<(), String> {
    let pts = coords.as_array().ok_or("positions are not an array")?;
    out.extend_from_slice(&(pts.len() as u32).to_le_bytes());
    for p in pts {
        wkb_xy(out, p, env)?;
    }
    Ok(())
}

fn wkb_xy(out: &mut Vec<u8>, p: &Value, env: &mut Envelope) -> std::result::Result<(), String> {
    let x = p[0].as_f64().ok_or("a position lacks x")?;
    let y = p[1].as_f64().ok_or("a position lacks y")?;
    env.add(x, y);
    out.extend_from_slice(&x.to_le_bytes());
    out.extend_from_slice(&y.to_le_bytes());
    Ok(())
}

fn wkb_rings(
    out: &mut Vec<u8>,
    rings: &Value,
    env: &mut Envelope,
) -> std::result::Result<(), String> {
    let rings = rings.as_array().ok_or("rings are not an array")?;
    out.extend_from_slice(&(rings.len() as u32).to_le_bytes());
    for r in rings {
        wkb_points(out, r, env)?;
    }
    Ok(())
}

/// GeoJSON geometry → little-endian WKB (2D).
fn wkb(out: &mut Vec<u8>, g: &Value, env: &mut Envelope) -> std::result::Result<(), String> {
    let ty = g["type"].as_str().ok_or("geometry without a type")?;
    let c = &g["coordinates"];
    let code: u32 = match ty {
        "Point" => 1,
        "LineString" => 2,
        "Polygon" => 3,
        "MultiPoint" => 4,
        "MultiLineString" => 5,
        "MultiPolygon" => 6,
        "GeometryCollection" => 7,
        other => return Err(format!("unknown geometry type {other}")),
    };
    out.push(1);
    out.extend_from_slice(&code.to_le_bytes());
    match ty {
        "Point" => wkb_xy(out, c, env)?,
        "LineString" => wkb_points(out, c, env)?,
        "Polygon" => wkb_rings(out, c, env)?,
        "MultiPoint" | "MultiLineString" | "MultiPolygon" => {
            let parts = c.as_array().ok_or("parts are not an array")?;
            out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
            let part_type = &ty[5..];
            for part in parts {
                wkb(
                    out,
                    &serde_json::json!({"type": part_type, "coordinates": part}),
                    env,
                )?;
            }
        }
        _ => {
            let parts = g["geometries"]
                .as_array()
                .ok_or("geometries are not an array")?;
            out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
            for part in parts {
                wkb(out, part, env)?;
            }
        }
    }
    Ok(())
}

/// A bounding box being grown.
#[derive(Debug, Clone, Copy)]
struct Envelope {
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

impl Envelope {
    const EMPTY: Self = Self {
        min_x: f64::INFINITY,
        max_x: f64::NEG_INFINITY,
        min_y: f64::INFINITY,
        max_y: f64::NEG_INFINITY,
    };

    fn add(&mut self, x: f64, y: f64) {
        self.min_x = self.min_x.min(x);
        self.max_x = self.max_x.max(x);
        self.min_y = self.min_y.min(y);
        self.max_y = self.max_y.max(y);
    }

    fn merge(&mut self, o: &Self) {
        self.min_x = self.min_x.min(o.min_x);
        self.max_x = self.max_x.max(o.max_x);
        self.min_y = self.min_y.min(o.min_y);
        self.max_y = self.max_y.max(o.max_y);
    }

    fn is_empty(&self) -> bool {
        self.min_x > self.max_x
    }
}

/// A geometry blob and its envelope `[min_x, min_y, max_x, max_y]`.
pub type Blob = (Vec<u8>, [f64; 4]);

/// GeoPackage binary geometry: `GP`, version 0, flags, srs id, envelope, WKB.
/// Points carry no envelope (their envelope is the point), as GDAL writes them.
///
/// # Returns
/// The blob and the geometry's envelope, or `None` for a null geometry.
pub fn gpkg_geometry(g: &Value, srs_id: i32) -> std::result::Result<Option<Blob>, String> {
    if g.is_null() {
        return Ok(None);
    }
    let mut env = Envelope::EMPTY;
    let mut body = Vec::new();
    wkb(&mut body, g, &mut env)?;
    let is_point = g["type"] == "Point";
    let envelope_code: u8 = if is_point || env.is_empty() { 0 } else { 1 };
    let empty_flag: u8 = if env.is_empty() { 1 << 4 } else { 0 };
    // Flags: bit 0 little-endian, bits 1–3 envelope kind, bit 4 empty.
    let flags = 1 | (envelope_code << 1) | empty_flag;
    let mut blob = vec![b'G', b'P', 0, flags];
    blob.extend_from_slice(&srs_id.to_le_bytes());
    if envelope_code == 1 {
        for v in [env.min_x, env.max_x, env.min_y, env.max_y] {
            blob.extend_from_slice(&v.to_le_bytes());
        }
    }
    blob.extend_from_slice(&body);
    Ok(Some((blob, [env.min_x, env.min_y, env.max_x, env.max_y])))
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The type of a column whose every value is null: REAL for the fields the
/// tool writes as numbers (minutes to the nearest facility of a family, shares
/// reached, counts and sizes), so a run with no facility of a family still gives
/// QGIS a numeric column to classify; TEXT for any other.
fn all_null_type(key: &str) -> ColumnType {
    const NUMERIC: [&str; 9] = [
        "capacity",
        "staff",
        "population",
        "elderly",
        "minutes",
        "residents",
        "area_km2",
        "distance_m",
        "population_covered",
    ];
    if key.ends_with("_min") || key.ends_with("_pct") || NUMERIC.contains(&key) {
        ColumnType::Real
    } else {
        ColumnType::Text
    }
}

/// A layer's property keys in first-seen order, each with the type widened
/// over every feature's value, gathered one feature at a time.
#[derive(Debug, Default)]
struct Columns {
    keys: Vec<(String, Option<ColumnType>)>,
}

impl Columns {
    fn add(&mut self, props: &serde_json::Map<String, Value>) {
        for (i, (k, v)) in props.iter().enumerate() {
            // Features of a layer mostly share their keys in the same order:
            // look where this one was last time first.
            let at = match self.keys.get(i) {
                Some((key, _)) if key == k => Some(i),
                _ => self.keys.iter().position(|(key, _)| key == k),
            };
            match at {
                Some(j) => self.keys[j].1 = ColumnType::widen(self.keys[j].1, v),
                None => self.keys.push((k.clone(), ColumnType::widen(None, v))),
            }
        }
    }

    /// Column names: unique without regard to case (SQLite's rule), never
    /// `fid` or the geometry column.
    fn finish(self) -> Vec<(String, String, ColumnType)> {
        let mut taken: Vec<String> = vec!["fid".into(), GEOMETRY_COLUMN.into()];
        self.keys
            .into_iter()
            .map(|(key, t)| {
                let mut name = key.clone();
                let mut n = 1;
                while taken.contains(&name.to_lowercase()) {
                    name = format!("{key}_{n}");
                    n += 1;
                }
                taken.push(name.to_lowercase());
                let t = t.unwrap_or_else(|| all_null_type(&key));
                (key, name, t)
            })
            .collect()
    }
}

/// Calls `f` on each feature of the GeoJSON at `path`, one at a time (the
/// project's streaming reader); stops at the first error `f` returns.
fn each_feature(
    path: &std::path::Path,
    mut f: impl FnMut(usize, &Value) -> Result<()>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut failed = None;
    crate::io::geojson::read_collection(file, path, |raw| {
        if failed.is_none() {
            if let Err(e) = f(raw.index, &raw.value) {
                failed = Some(e);
            }
        }
    })?;
    failed.map_or(Ok(()), Err)
}

/// Column names for a layer's properties, read from its scratch GeoJSON: in
/// first-seen order, unique without regard to case (SQLite's rule), never
/// `fid` or the geometry column.
fn columns(layer: &Layer) -> Result<Vec<(String, String, ColumnType)>> {
    let mut cols = Columns::default();
    if let Some(path) = layer.source() {
        each_feature(path, |_, f| {
            if let Some(props) = f["properties"].as_object() {
                cols.add(props);
            }
            Ok(())
        })?;
    } else {
        for f in layer.features() {
            if let Some(props) = f["properties"].as_object() {
                cols.add(props);
            }
        }
    }
    Ok(cols.finish())
}

fn sql_value(v: &Value, t: ColumnType) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match (v, t) {
        (Value::Null, _) => V::Null,
        (Value::Bool(b), ColumnType::Boolean) => V::Integer(i64::from(*b)),
        (Value::Number(n), ColumnType::Integer) => n.as_i64().map_or(V::Null, V::Integer),
        (Value::Number(n), ColumnType::Real) => n.as_f64().map_or(V::Null, V::Real),
        (Value::String(s), _) => V::Text(s.clone()),
        (other, _) => V::Text(other.to_string()),
    }
}

/// Writes the GeoPackage holding `layers`, each with its style as default,
/// to the file `db` (created; the caller stages it).
///
/// Each layer's features are streamed from its scratch GeoJSON
/// ([`Layer::source`]) twice, one at a time: once for the column types, once to
/// insert them; a layer without one uses its [`Layer::features`] (small layers
/// made in memory, tests). The database is built on disk in one transaction,
/// then its header is set to what an in-memory build serialises, so the bytes
/// are the same as building it whole in memory.
///
/// `last_change` is an ISO 8601 UTC timestamp (`2024-01-01T00:00:00.000Z`)
/// recorded as the contents' last change; `path` names the file in errors.
pub fn gpkg(
    layers: &[Layer],
    legend: &Legend,
    last_change: &str,
    db: &std::path::Path,
    path: &std::path::Path,
) -> Result<()> {
    let fail = |problem: String| Error::Output {
        path: path.to_owned(),
        problem,
        hint: None,
    };
    let sql = |e: rusqlite::Error| fail(format!("SQLite: {e}"));
    let _ = std::fs::remove_file(db);
    let conn = Connection::open(db).map_err(sql)?;
    fill(&conn, layers, legend, last_change, &fail)?;
    conn.close().map_err(|(_, e)| sql(e))?;
    set_header(db).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })
}

/// The bytes of the GeoPackage holding `layers` (see [`gpkg`]), built in a
/// temp file beside `path`... for tests and small layers: `path` only names
/// the file in errors.
pub fn gpkg_bytes(
    layers: &[Layer],
    legend: &Legend,
    last_change: &str,
    path: &std::path::Path,
) -> Result<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!(
        "isleplan-gpkg-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let io = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let db = dir.join("x.gpkg");
    let result =
        gpkg(layers, legend, last_change, &db, path).and_then(|()| std::fs::read(&db).map_err(io));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The header fields a file build sets and an in-memory build leaves at zero:
/// the file change counter (offset 24), the version-valid-for number (92) and
/// the SQLite version that last wrote the file (96). Zero there is what the
/// serialised in-memory build always held; readers treat it as "stale change
/// counter" and trust the file itself.
fn set_header(db: &std::path::Path) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db)?;
    f.seek(SeekFrom::Start(24))?;
    f.write_all(&[0; 4])?;
    f.seek(SeekFrom::Start(92))?;
    f.write_all(&[0; 8])?;
    f.sync_all()
}

fn fill(
    db: &Connection,
    layers: &[Layer],
    legend: &Legend,
    last_change: &str,
    fail: &dyn Fn(String) -> Error,
) -> Result<()> {
    let sql = |e: rusqlite::Error| fail(format!("SQLite: {e}"));
    db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        .map_err(sql)?;
    db.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
         CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
           f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
           f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
           useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
           update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    ))
    .map_err(sql)?;
    // The column passes read each layer once more: all layers at once, while
    // the inserts below stay in order, one connection.
    let all_columns: Vec<Result<Vec<(String, String, ColumnType)>>> = {
        use rayon::prelude::*;
        layers.par_iter().map(columns).collect()
    };
    db.execute_batch("BEGIN").map_err(sql)?;
    for (layer, cols) in layers.iter().zip(all_columns) {
        let cols = cols?;
        let gtype = geometry_type_name(layer);
        let mut ddl = format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {GEOMETRY_COLUMN} {gtype}",
            quote_ident(&layer.name)
        );
        for (_, name, t) in &cols {
            ddl.push_str(&format!(", {} {}", quote_ident(name), t.sql()));
        }
        ddl.push(')');
        db.execute_batch(&ddl).map_err(sql)?;
        let insert = format!(
            "INSERT INTO {} ({GEOMETRY_COLUMN}{}) VALUES (?1{})",
            quote_ident(&layer.name),
            cols.iter()
                .map(|(_, n, _)| format!(", {}", quote_ident(n)))
                .collect::<String>(),
            (0..cols.len())
                .map(|i| format!(", ?{}", i + 2))
                .collect::<String>()
        );
        let mut extent = Envelope::EMPTY;
        {
            let mut stmt = db.prepare(&insert).map_err(sql)?;
            let mut insert_one = |i: usize, f: &Value| -> Result<()> {
                let geom = gpkg_geometry(&f["geometry"], 4326)
                    .map_err(|e| fail(format!("layer {}: feature #{i}: {e}", layer.name)))?;
                let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(cols.len() + 1);
                values.push(match geom {
                    Some((blob, [x0, y0, x1, y1])) => {
                        extent.merge(&Envelope {
                            min_x: x0,
                            max_x: x1,
                            min_y: y0,
                            max_y: y1,
                        });
                        rusqlite::types::Value::Blob(blob)
                    }
                    None => rusqlite::types::Value::Null,
                });
                for (key, _, t) in &cols {
                    values.push(sql_value(&f["properties"][key], *t));
                }
                stmt.execute(rusqlite::params_from_iter(values))
                    .map_err(sql)?;
                Ok(())
            };
            match layer.source() {
                Some(path) => each_feature(path, &mut insert_one)?,
                None => {
                    for (i, f) in layer.features().iter().enumerate() {
                        insert_one(i, f)?;
                    }
                }
            }
        }
        let bounds: [Option<f64>; 4] = if extent.is_empty() {
            [None; 4]
        } else {
            [
                Some(extent.min_x),
                Some(extent.min_y),
                Some(extent.max_x),
                Some(extent.max_y),
            ]
        };
        db.execute(
            "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, '', ?2, ?3, ?4, ?5, ?6, 4326)",
            params![
                layer.name,
                last_change,
                bounds[0],
                bounds[1],
                bounds[2],
                bounds[3]
            ],
        )
        .map_err(sql)?;
        db.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, ?3, 4326, 0, 0)",
            params![layer.name, GEOMETRY_COLUMN, gtype],
        )
        .map_err(sql)?;
        if let Some(s) = layer
            .primary_kind()
            .and_then(|g| qml::style(&layer.name, g, legend))
        {
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
                   styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time)
                 VALUES ('', '', ?1, ?2, ?1, ?3, '', 1, 'isleplan default style', '', NULL, ?4)",
                params![layer.name, GEOMETRY_COLUMN, s.qml(), last_change],
            )
            .map_err(sql)?;
        }
    }
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
         VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', ?1)",
        params![last_change],
    )
    .map_err(sql)?;
    db.execute_batch("COMMIT").map_err(sql)?;
    Ok(())
}

/// Whether a layer holds more than one kind of geometry, which QGIS shows as one
/// sublayer per kind.
pub fn is_mixed(layer: &Layer) -> bool {
    layer.kinds().len() > 1
}

/// The geometry type QGIS expects in a `geometrytype=` filter.
pub fn qgis_geometry_filter(kind: GeomKind) -> &'static str {
    match kind {
        GeomKind::Point => "Point",
        GeomKind::Line => "LineString",
        GeomKind::Polygon => "Polygon",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn point_blob_has_header_without_envelope_then_wkb() {
        let g = json!({"type": "Point", "coordinates": [122.5, 30.25]});

        let (blob, _) = gpkg_geometry(&g, 4326).unwrap().unwrap();

        assert_eq!(&blob[..4], b"GP\x00\x01");
        assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
        assert_eq!(blob[8], 1, "little-endian WKB");
        assert_eq!(u32::from_le_bytes(blob[9..13].try_into().unwrap()), 1);
        assert_eq!(f64::from_le_bytes(blob[13..21].try_into().unwrap()), 122.5);
        assert_eq!(blob.len(), 8 + 21);
    }

    #[test]
    fn polygon_blob_carries_its_xy_envelope() {
        let g = json!({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [0, 0]]]});

        let (blob, bbox) = gpkg_geometry(&g, 4326).unwrap().unwrap();

        assert_eq!(blob[3], 0b0000_0011, "little-endian, xy envelope");
        let env: Vec<f64> = (0..4)
            .map(|i| f64::from_le_bytes(blob[8 + i * 8..16 + i * 8].try_into().unwrap()))
            .collect();
        assert_eq!(env, vec![0.0, 2.0, 0.0, 1.0]);
        assert_eq!(bbox, [0.0, 0.0, 2.0, 1.0]);
    }

    #[test]
    fn null_geometry_is_stored_as_null() {
        assert!(gpkg_geometry(&Value::Null, 4326).unwrap().is_none());
    }

    fn layer(features: Value) -> Layer {
        Layer::parse(
            "things",
            &json!({"type": "FeatureCollection", "features": features}).to_string(),
        )
        .unwrap()
    }

    #[test]
    fn all_null_numeric_fields_are_real_others_text() {
        let mut c = Columns::default();
        let props = serde_json::json!({"aed_min": null, "health_15min_reached_pct": null, "staff": null, "note": null});
        c.add(props.as_object().unwrap());

        let types: std::collections::BTreeMap<String, ColumnType> =
            c.finish().into_iter().map(|(k, _, t)| (k, t)).collect();

        assert_eq!(types["aed_min"], ColumnType::Real);
        assert_eq!(types["health_15min_reached_pct"], ColumnType::Real);
        assert_eq!(types["staff"], ColumnType::Real);
        assert_eq!(types["note"], ColumnType::Text);
    }

    #[test]
    fn column_types_widen_over_features() {
        let l = layer(json!([
            {"type": "Feature", "properties": {"n": 1, "x": 1, "s": "a", "b": true, "FID": 3}, "geometry": null},
            {"type": "Feature", "properties": {"n": null, "x": 1.5, "s": 2, "b": false}, "geometry": null}
        ]));

        let cols = columns(&l).unwrap();

        let types: Vec<(&str, ColumnType)> =
            cols.iter().map(|(_, n, t)| (n.as_str(), *t)).collect();
        assert_eq!(
            types,
            vec![
                ("n", ColumnType::Integer),
                ("x", ColumnType::Real),
                ("s", ColumnType::Text),
                ("b", ColumnType::Boolean),
                ("FID_1", ColumnType::Integer),
            ]
        );
    }

    #[test]
    fn a_layer_streamed_from_its_scratch_file_packs_as_one_held_in_memory() {
        let text = json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"id": "a", "n": 1, "name": "甲"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
            {"type": "Feature", "properties": {"id": "b", "n": 2.5, "extra": true}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
        ]})
        .to_string();
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("things.geojson");
        std::fs::write(&src, &text).unwrap();
        let in_memory = Layer::parse("things", &text).unwrap();
        let streamed = Layer::parse("things", &text).unwrap().with_source(src);
        let legend = Legend::default();
        let p = std::path::Path::new("x.gpkg");
        let stamp = "2024-01-01T00:00:00.000Z";

        let a = gpkg_bytes(&[in_memory], &legend, stamp, p).unwrap();
        let b = gpkg_bytes(&[streamed], &legend, stamp, p).unwrap();

        assert_eq!(a, b);
        assert_eq!(
            &a[24..28],
            &[0; 4],
            "header as an in-memory build leaves it"
        );
    }

    #[test]
    fn same_layers_give_the_same_bytes() {
        let l = layer(json!([
            {"type": "Feature", "properties": {"id": "a", "name": "A"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
        ]));
        let legend = Legend::default();
        let p = std::path::Path::new("x.gpkg");

        let a = gpkg_bytes(
            std::slice::from_ref(&l),
            &legend,
            "2024-01-01T00:00:00.000Z",
            p,
        )
        .unwrap();
        let b = gpkg_bytes(&[l], &legend, "2024-01-01T00:00:00.000Z", p).unwrap();

        assert_eq!(a, b);
        assert_eq!(&a[..16], b"SQLite format 3\0");
        assert_eq!(&a[68..72], &APPLICATION_ID.to_be_bytes());
        assert_eq!(&a[60..64], &10300i32.to_be_bytes());
    }
}
