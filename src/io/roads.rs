//! The road layer (`roads.geojson`, or the scenario's `roads` layer: a GeoJSON file
//! or a GeoPackage layer, with its field mapping and datum; optional): LineStrings or MultiLineStrings with
//! what the data says about each road — `class`, `speed_kmh`, `minutes`, `oneway`,
//! `access` — and the island each lies on.
//!
//! Every feature is used or rejected with its file, index, id and field, as for the
//! other layers. A road without `island` is put on the island whose outline holds
//! (or, within the snapping tolerance, is nearest to) the middle vertex of its first
//! line. How roads become a graph is `network::roads`'s job.

use std::collections::BTreeSet;
use std::path::PathBuf;

use geo::Coord;
use serde_json::{json, Value};

use super::feature::clean;
use super::fields::{FieldProblem, Props};
use super::geometry::{self, Geom, GeomError};
use super::source::{Format, LayerSource, SourceFeature};
use crate::error::{Diagnostics, Error, FeatureRef, Rejection, Result, Warning};
use crate::index::{Located, OutlineIndex};
use crate::model::{IslandId, OneWay, Road, RoadAccess, World};
use crate::projection::LocalProjection;

/// Highest road speed accepted, km/h.
pub const MAX_ROAD_SPEED_KMH: f64 = 200.0;

/// A road as parsed, before its island is resolved.
struct Pending {
    road: Road,
    island: Option<String>,
    index: usize,
}

/// Why a feature could not be parsed: a field, or a layer-level (fatal) problem.
enum Problem {
    Field(FieldProblem),
    Fatal(String),
}

impl From<FieldProblem> for Problem {
    fn from(p: FieldProblem) -> Self {
        Self::Field(p)
    }
}

/// One line of a road geometry, through the shared geometry parser.
fn line_of(
    coords: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<Vec<Coord<f64>>, Problem> {
    let value = json!({"type": "LineString", "coordinates": coords});
    match geometry::parse(&value) {
        Ok(p) => {
            repairs.extend(p.repairs);
            match p.geom {
                Geom::LineString(l) => Ok(l),
                other => Err(FieldProblem::new(
                    "geometry",
                    format!("expected a LineString, found a {}", other.type_name()),
                )
                .into()),
            }
        }
        Err(GeomError::OutOfRange(c)) => Err(Problem::Fatal(format!(
            "coordinates are not lon/lat: ({}, {}) is outside ±180/±90; reproject to WGS84",
            c.x, c.y
        ))),
        Err(GeomError::Antimeridian { west, east }) => Err(Problem::Fatal(format!(
            "a road runs across the 180° meridian (longitude {west} to {east})"
        ))),
        Err(GeomError::Invalid(m)) => Err(FieldProblem::new("geometry", m).into()),
    }
}

fn parse(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<(Road, Option<String>), Problem> {
    let id = p.text("id")?;
    let kind = geom.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = geom.get("coordinates");
    let lines = match (kind, coords) {
        ("LineString", Some(c)) => vec![line_of(c, repairs)?],
        ("MultiLineString", Some(Value::Array(parts))) if !parts.is_empty() => parts
            .iter()
            .map(|c| line_of(c, repairs))
            .collect::<std::result::Result<Vec<_>, _>>()?,
        ("", _) if geom.is_null() => {
            return Err(FieldProblem::new("geometry", "geometry is null").into())
        }
        (k, _) => {
            return Err(FieldProblem::new(
                "geometry",
                format!("expected a LineString or MultiLineString, found {k:?}"),
            )
            .into())
        }
    };
    let speed_kmh = p.opt_non_negative("speed_kmh")?;
    if let Some(v) = speed_kmh {
        if v <= 0.0 || v > MAX_ROAD_SPEED_KMH {
            return Err(FieldProblem::new(
                "speed_kmh",
                format!(
                    "`speed_kmh` must be > 0 and ≤ {MAX_ROAD_SPEED_KMH} (got {v}); to close a road to a profile use `access`"
                ),
            )
            .into());
        }
    }
    let oneway = match p.opt_text("oneway")?.as_deref() {
        None | Some("no") | Some("false") | Some("0") => OneWay::No,
        Some("yes") | Some("true") | Some("1") => OneWay::Forward,
        Some("-1") | Some("reverse") => OneWay::Backward,
        Some(other) => {
            return Err(FieldProblem::new(
                "oneway",
                format!("unknown `oneway` {other:?}; expected yes, -1 or no"),
            )
            .into())
        }
    };
    let access = match p.opt_list("access")?.as_slice() {
        [] => RoadAccess::All,
        [one] if one == "yes" => RoadAccess::All,
        [one] if one == "no" => RoadAccess::None,
        names => {
            let mut names = names.to_vec();
            names.sort();
            names.dedup();
            if names.iter().any(|n| n == "yes" || n == "no") {
                return Err(FieldProblem::new(
                    "access",
                    "`access` is yes, no, or a list of the profiles that may use the road",
                )
                .into());
            }
            RoadAccess::Only(names)
        }
    };
    let road = Road {
        id,
        island: IslandId(String::new()),
        class: p.opt_text("class")?,
        speed_kmh,
        minutes: p.opt_non_negative("minutes")?,
        oneway,
        access,
        lines,
    };
    Ok((road, p.opt_text("island")?))
}

/// The road layer as read: the roads accepted, and the layer's name as messages
/// give it, its file's hash and its feature count.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadLayer {
    /// Roads accepted, sorted by id.
    pub roads: Vec<Road>,
    /// The layer as messages and `summary.json` name it (`LayerSource::label`).
    pub label: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Features seen in the file.
    pub features: usize,
}

/// Reads the road layer `src` (a GeoJSON file, a GeoPackage layer; absent file:
/// `None`), with its field mapping and datum, and puts each road on an island of
/// `world` (its islands already read and sorted).
///
/// A profile name in `access` that the rules file does not know is noted when the
/// network is built (`network::Network::build`).
pub fn read_roads(
    src: &LayerSource,
    world: &World,
    projection: &LocalProjection,
    snap_m: f64,
    diag: &mut Diagnostics,
) -> Result<Option<RoadLayer>> {
    let path = clean(&src.path);
    let file = src.label("roads");
    // The type is checked before the file is opened: opening a FIFO for reading
    // blocks until a writer comes.
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Read { path, source }),
        Ok(m) if !m.is_file() => {
            return Err(Error::Read {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file; a layer must be a GeoJSON file or a GeoPackage",
                ),
            })
        }
        Ok(_) => {}
    }
    if matches!(src.format, Format::Csv { .. }) {
        return Err(Error::Layer {
            path: PathBuf::from(&file),
            problem: "a CSV holds points, and a road layer needs lines".into(),
            hint: Some("give the roads as a GeoJSON file or a GeoPackage layer".into()),
        });
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut fatal: Option<String> = None;
    let info = src.read(&file, &[], |raw: SourceFeature| {
        let at = FeatureRef {
            file: file.clone(),
            index: raw.index,
            id: raw.id.clone(),
        };
        let reject = |p: FieldProblem| Rejection {
            at: at.clone(),
            field: src.shown_field(&p.field),
            reason: p.reason,
        };
        if let Some(p) = raw.problem {
            diag.rejected.push(Rejection {
                at: at.clone(),
                field: p.field,
                reason: p.reason,
            });
            return;
        }
        if raw.id.is_none() {
            diag.rejected
                .push(reject(FieldProblem::new("id", "the feature has no `id`")));
            return;
        }
        let mut repairs = Vec::new();
        match parse(&Props(&raw.props), &raw.geometry, &mut repairs) {
            Ok((road, island)) => {
                for message in repairs {
                    diag.warnings.push(Warning {
                        file: file.clone(),
                        index: Some(raw.index),
                        id: raw.id.clone(),
                        field: Some("geometry".into()),
                        message,
                    });
                }
                pending.push(Pending {
                    road,
                    island,
                    index: raw.index,
                });
            }
            Err(Problem::Field(p)) => diag.rejected.push(reject(p)),
            Err(Problem::Fatal(m)) => {
                if fatal.is_none() {
                    fatal = Some(format!("{at}: {m}"));
                }
            }
        }
    })?;
    if let Some(problem) = fatal {
        return Err(Error::Layer {
            path: PathBuf::from(&file),
            problem,
            hint: None,
        });
    }
    diag.warnings.extend(info.warnings);

    let outlines = OutlineIndex::new(
        &world
            .islands
            .iter()
            .map(|i| {
                i.outline
                    .as_ref()
                    .map(|o| projection.forward_multipolygon(o))
            })
            .collect::<Vec<_>>(),
    );
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut roads = Vec::with_capacity(pending.len());
    for Pending {
        mut road,
        island,
        index,
    } in pending
    {
        let at = FeatureRef {
            file: file.clone(),
            index,
            id: Some(road.id.clone()),
        };
        let reject = |field: &str, reason: String| Rejection {
            at: at.clone(),
            field: field.into(),
            reason,
        };
        if !seen.insert(road.id.clone()) {
            diag.rejected.push(reject(
                "id",
                format!("duplicate id {:?}: an earlier road has it already", road.id),
            ));
            continue;
        }
        let placed = match island {
            Some(id) => match world.island(&IslandId(id.clone())) {
                Some(i) => Ok(i.id.clone()),
                None => Err(reject(
                    "island",
                    crate::error::did_you_mean(&id, world.islands.iter().map(|i| i.id.as_str()))
                        .map_or_else(
                            || format!("unknown island {id:?}"),
                            |n| format!("unknown island {id:?} (did you mean {n:?}?)"),
                        ),
                )),
            },
            None => {
                let line = &road.lines[0];
                let mid = projection.forward(line[line.len() / 2]);
                match outlines.locate(mid, snap_m) {
                    Located::Inside(ix) | Located::Near(ix, _) => Ok(world.islands[ix].id.clone()),
                    Located::Nowhere => Err(reject(
                        "island",
                        format!(
                            "`island` is missing and the road's middle vertex lies on no island outline (none within the snapping tolerance of {snap_m} m)"
                        ),
                    )),
                }
            }
        };
        match placed {
            Ok(id) => {
                road.island = id;
                roads.push(road);
            }
            Err(r) => diag.rejected.push(r),
        }
    }
    roads.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Some(RoadLayer {
        roads,
        label: file,
        sha256: info.sha256,
        features: info.features,
    }))
}
