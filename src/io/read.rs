//! Dataset folder → [`World`]: one validation pass over every layer.
//!
//! Each feature is used or rejected with its file, index, id, field and reason;
//! harmless repairs are warnings. Layer-level problems (invalid JSON, a foreign CRS,
//! projected coordinates, a missing required layer) are fatal. When a settlement or
//! facility has no `island`, its island is found by point-in-polygon through an
//! R-tree of the island outlines, snapping coastal points within a tolerance.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use geo::{Coord, InteriorPoint};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::fields::{FieldProblem, Props};
use super::geojson::{read_collection, split_feature};
use super::geometry::{self, Geom, GeomError};
use crate::error::{did_you_mean, Diagnostics, Error, FeatureRef, Rejection, Result, Warning};
use crate::index::{Located, OutlineIndex};
use crate::model::{
    CandidateSite, Facility, FacilityId, FacilityStatus, FerryLink, Island, IslandAssignment,
    IslandId, LinkId, LinkMode, Provenance, Settlement, SettlementId, SettlementKind, Territory,
    World, MAX_POPULATION,
};
use crate::projection::LocalProjection;

/// Layer file names inside a dataset folder.
pub const ISLANDS: &str = "islands.geojson";
/// Settlements layer.
pub const SETTLEMENTS: &str = "settlements.geojson";
/// Facilities layer.
pub const FACILITIES: &str = "facilities.geojson";
/// Ferry and bridge links layer (optional).
pub const FERRIES: &str = "ferries.geojson";
/// Candidate sites for new facilities (optional).
pub const CANDIDATES: &str = "candidates.geojson";
/// The land each settlement's residents live on (optional).
pub const TERRITORIES: &str = "territories.geojson";
/// Road layer (optional; not used yet).
pub const ROADS: &str = "roads.geojson";

/// What reading needs to know from the rules.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// How far outside every outline a point may lie and still be put on the
    /// nearest island (coastal piers on simplified outlines), metres.
    pub snap_tolerance_m: f64,
    /// Facility kinds the rules know; any other kind is rejected.
    pub facility_kinds: BTreeSet<String>,
}

/// One input file as read: its path, content hash and feature count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    /// Path as shown in messages.
    pub path: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Features seen in the file.
    pub features: usize,
}

/// A dataset read and validated.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The accepted features.
    pub world: World,
    /// The local metric projection chosen for this dataset.
    pub projection: LocalProjection,
    /// Rejected features and repairs.
    pub diagnostics: Diagnostics,
    /// The files read.
    pub inputs: Vec<InputFile>,
}

/// Reads and validates the dataset in `dir`.
pub fn read_dataset(dir: &Path, opts: &ReadOptions) -> Result<Dataset> {
    let mut diag = Diagnostics::default();
    let mut inputs = Vec::new();

    let islands = read_layer(
        &dir.join(ISLANDS),
        true,
        &mut diag,
        &mut inputs,
        parse_island,
    )?;
    let settlements = read_layer(
        &dir.join(SETTLEMENTS),
        true,
        &mut diag,
        &mut inputs,
        parse_settlement,
    )?;
    let facilities = read_layer(
        &dir.join(FACILITIES),
        true,
        &mut diag,
        &mut inputs,
        |p, g, r| parse_facility(p, g, r, &opts.facility_kinds),
    )?;
    let links = read_layer(
        &dir.join(FERRIES),
        false,
        &mut diag,
        &mut inputs,
        parse_link,
    )?;
    let candidates = read_layer(
        &dir.join(CANDIDATES),
        false,
        &mut diag,
        &mut inputs,
        parse_candidate,
    )?;
    let territories = read_layer(
        &dir.join(TERRITORIES),
        false,
        &mut diag,
        &mut inputs,
        parse_territory,
    )?;
    let roads = clean(&dir.join(ROADS));
    if roads.exists() {
        diag.warnings.push(Warning {
            file: roads.display().to_string(),
            index: None,
            id: None,
            field: None,
            message: "road layer present but not used: on-island legs use straight-line distance × detour".into(),
        });
    }

    let projection = LocalProjection::for_points(
        islands
            .iter()
            .flat_map(|f| {
                let mut pts = vec![f.item.point];
                if let Some(mp) = &f.item.outline {
                    pts.extend(geo::BoundingRect::bounding_rect(mp).map(|r| r.min()));
                    pts.extend(geo::BoundingRect::bounding_rect(mp).map(|r| r.max()));
                }
                pts
            })
            .chain(settlements.iter().map(|f| f.item.at.point))
            .chain(facilities.iter().map(|f| f.item.at.point)),
    );

    let mut islands: Vec<Island> = islands.into_iter().map(|f| f.item).collect();
    islands.sort_by(|a, b| a.id.cmp(&b.id));
    let island_ids: Vec<String> = islands.iter().map(|i| i.id.0.clone()).collect();
    let outlines = OutlineIndex::new(
        &islands
            .iter()
            .map(|i| {
                i.outline
                    .as_ref()
                    .map(|o| projection.forward_multipolygon(o))
            })
            .collect::<Vec<_>>(),
    );
    let locate =
        |f: &PendingPoint| -> std::result::Result<(IslandId, IslandAssignment), FieldProblem> {
            match &f.island {
            Some(id) => {
                if island_ids.binary_search(&id.0).is_ok() {
                    Ok((id.clone(), IslandAssignment::Given))
                } else {
                    let reason = unknown("island", id.as_str(), island_ids.iter().map(String::as_str));
                    Err(FieldProblem::new("island", reason))
                }
            }
            None if outlines.is_empty() => Err(FieldProblem::new(
                "island",
                "`island` is missing and the dataset has no island outlines to derive it from",
            )),
            None => match outlines.locate(projection.forward(f.point), opts.snap_tolerance_m) {
                Located::Inside(ix) => Ok((islands[ix].id.clone(), IslandAssignment::Contained)),
                Located::Near(ix, d) => Ok((
                    islands[ix].id.clone(),
                    IslandAssignment::Snapped { distance_m: d },
                )),
                Located::Nowhere => Err(FieldProblem::new(
                    "island",
                    format!(
                        "`island` is missing and the point lies on no island outline (none within the snapping tolerance of {} m)",
                        opts.snap_tolerance_m
                    ),
                )),
            },
        }
        };

    let mut world = World::default();
    for f in settlements {
        match locate(&f.item.at) {
            Ok((island, how)) => {
                let mut s = f.item.settlement;
                s.island = island;
                s.island_assignment = how;
                world.settlements.push(s);
            }
            Err(p) => diag.rejected.push(f.at().reject(p)),
        }
    }
    world.settlements.sort_by(|a, b| a.id.cmp(&b.id));
    attach_territories(territories, &mut world, &projection, opts, &mut diag);
    for f in facilities {
        if let Some(sid) = &f.item.facility.settlement {
            if world.settlement(sid).is_none() {
                let reason = unknown(
                    "settlement",
                    sid.as_str(),
                    world.settlements.iter().map(|s| s.id.as_str()),
                );
                diag.rejected
                    .push(f.at().reject(FieldProblem::new("settlement", reason)));
                continue;
            }
        }
        match locate(&f.item.at) {
            Ok((island, how)) => {
                let mut fac = f.item.facility;
                fac.island = island;
                fac.island_assignment = how;
                world.facilities.push(fac);
            }
            Err(p) => diag.rejected.push(f.at().reject(p)),
        }
    }
    for f in candidates {
        match locate(&f.item.at) {
            Ok((island, how)) => {
                let mut c = f.item.site;
                c.island = island;
                c.island_assignment = how;
                world.candidates.push(c);
            }
            Err(p) => diag.rejected.push(f.at().reject(p)),
        }
    }
    world.islands = islands;
    world.sort();
    for f in links {
        let at = f.at();
        match resolve_link(f.item, &world) {
            Ok(link) => world.links.push(link),
            Err(p) => diag.rejected.push(at.reject(p)),
        }
    }
    world.sort();
    if let Some((layer, total)) = world.population_excess() {
        return Err(Error::Layer {
            path: clean(&dir.join(if layer == "islands" { ISLANDS } else { SETTLEMENTS })),
            problem: format!(
                "the {layer}' populations add up to {total}, more than the {MAX_POPULATION} a dataset may count"
            ),
            hint: Some("check the `population` values: a figure in the wrong unit or column?".into()),
        });
    }
    diag.sort();
    Ok(Dataset {
        world,
        projection,
        diagnostics: diag,
        inputs,
    })
}

/// Gives each settlement its territory: one at most, its settlement must exist, and
/// a settlement point far outside its own territory is warned about (its residents
/// are spread over the territory, but its minutes start from the point).
fn attach_territories(
    territories: Vec<Found<PendingTerritory>>,
    world: &mut World,
    projection: &LocalProjection,
    opts: &ReadOptions,
    diag: &mut Diagnostics,
) {
    use geo::{Distance, Euclidean};
    for f in territories {
        let at = f.at();
        let sid = &f.item.settlement;
        let Ok(s) = world.settlements.binary_search_by(|x| x.id.cmp(sid)) else {
            let reason = unknown(
                "settlement",
                sid.as_str(),
                world.settlements.iter().map(|s| s.id.as_str()),
            );
            diag.rejected
                .push(at.reject(FieldProblem::new("settlement", reason)));
            continue;
        };
        let settlement = &mut world.settlements[s];
        if settlement.territory.is_some() {
            diag.rejected.push(at.reject(FieldProblem::new(
                "settlement",
                format!("settlement {:?} already has a territory", sid.as_str()),
            )));
            continue;
        }
        let area = projection.forward_multipolygon(&f.item.territory.area);
        let point = geo::Point(projection.forward(settlement.point));
        let off = Euclidean.distance(&point, &area);
        if off > opts.snap_tolerance_m {
            diag.warnings.push(Warning {
                file: at.file.clone(),
                index: Some(at.index),
                id: at.id.clone(),
                field: Some("geometry".into()),
                message: format!(
                    "settlement {:?} lies {off:.0} m outside its territory: its minutes start from its point, its residents are spread over the territory",
                    sid.as_str()
                ),
            });
        }
        settlement.territory = Some(f.item.territory);
    }
}

/// A feature that parsed, with where it came from (the file is shared, so a
/// million features do not hold a million copies of its path).
struct Found<T> {
    file: std::sync::Arc<str>,
    index: usize,
    item: T,
}

impl<T: HasId> Found<T> {
    /// The feature's place, for a message.
    fn at(&self) -> FeatureRef {
        FeatureRef {
            file: self.file.to_string(),
            index: self.index,
            id: Some(self.item.id_str().to_owned()),
        }
    }
}

impl FeatureRef {
    fn reject(&self, p: FieldProblem) -> Rejection {
        Rejection {
            at: self.clone(),
            field: p.field,
            reason: p.reason,
        }
    }
}

/// A point feature whose island is not resolved yet.
struct PendingPoint {
    point: Coord<f64>,
    island: Option<IslandId>,
}

struct PendingSettlement {
    settlement: Settlement,
    at: PendingPoint,
}

struct PendingCandidate {
    site: CandidateSite,
    at: PendingPoint,
}

struct PendingFacility {
    facility: Facility,
    at: PendingPoint,
}

/// Why a feature could not be parsed.
enum FeatureError {
    Field(FieldProblem),
    /// Coordinates outside lon/lat range: fatal for the whole layer.
    OutOfRange(Coord<f64>),
}

impl From<FieldProblem> for FeatureError {
    fn from(p: FieldProblem) -> Self {
        Self::Field(p)
    }
}

/// "unknown island \"x\" (did you mean \"y\"?)": the reason for a reference
/// that resolves to nothing, with the nearest known id when one is close.
fn unknown<'a>(what: &str, id: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(id, known) {
        Some(near) => format!("unknown {what} {id:?} (did you mean {near:?}?)"),
        None => format!("unknown {what} {id:?}"),
    }
}

/// Cleans `a/b/../c` to `a/c` without touching the file system, so messages show
/// the path a user would type.
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Feeds bytes through SHA-256 as they are read.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Reads one layer, parsing each feature with `parse`; rejects duplicates and
/// features without an id.
fn read_layer<T>(
    path: &Path,
    required: bool,
    diag: &mut Diagnostics,
    inputs: &mut Vec<InputFile>,
    mut parse: impl FnMut(&Props, &Value, &mut Vec<String>) -> std::result::Result<T, FeatureError>,
) -> Result<Vec<Found<T>>>
where
    T: HasId,
{
    let path = clean(path);
    let file = path.display().to_string();
    let handle = match fs_err::File::open(&path) {
        Ok(h) => h,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Read {
                path: path.clone(),
                source: std::io::Error::new(e.kind(), e.to_string()),
            })
        }
    };
    let mut reader = Hashing {
        inner: handle,
        hasher: Sha256::new(),
    };
    let mut found: Vec<Found<T>> = Vec::new();
    let shared_file: std::sync::Arc<str> = file.as_str().into();
    let mut out_of_range: Option<(FeatureRef, Coord<f64>)> = None;
    let info = read_collection(&mut reader, &path, |raw| {
        let (id, props, geom) = match split_feature(raw.value) {
            Ok(parts) => parts,
            Err(reason) => {
                diag.rejected.push(Rejection {
                    at: FeatureRef {
                        file: file.clone(),
                        index: raw.index,
                        id: None,
                    },
                    field: "type".into(),
                    reason,
                });
                return;
            }
        };
        let at = FeatureRef {
            file: file.clone(),
            index: raw.index,
            id: id.clone(),
        };
        if id.is_none() {
            diag.rejected
                .push(at.reject(FieldProblem::new("id", "the feature has no `id`")));
            return;
        }
        let mut repairs = Vec::new();
        match parse(&Props(&props), &geom, &mut repairs) {
            Ok(item) => {
                for message in repairs {
                    diag.warnings.push(Warning {
                        file: file.clone(),
                        index: Some(raw.index),
                        id: id.clone(),
                        field: Some("geometry".into()),
                        message,
                    });
                }
                found.push(Found {
                    file: shared_file.clone(),
                    index: raw.index,
                    item,
                });
            }
            Err(FeatureError::Field(p)) => diag.rejected.push(at.reject(p)),
            Err(FeatureError::OutOfRange(c)) => {
                if out_of_range.is_none() {
                    out_of_range = Some((at, c));
                }
            }
        }
    })?;
    if let Some((at, c)) = out_of_range {
        return Err(Error::Layer {
            path,
            problem: format!(
                "coordinates are not lon/lat: {at} has ({}, {}), outside ±180/±90",
                c.x, c.y
            ),
            hint: Some(
                "the layer looks projected (metres); reproject to WGS84, e.g. `ogr2ogr -t_srs EPSG:4326 -lco RFC7946=YES out.geojson in.geojson`"
                    .into(),
            ),
        });
    }
    diag.warnings.extend(info.warnings);
    inputs.push(InputFile {
        path: file,
        sha256: format!("{:x}", reader.hasher.finalize()),
        features: info.features,
    });

    // Duplicate ids: the first one (by index) stays, each later one is rejected.
    // Sorting positions by (id, index) finds them without copying any id.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| {
        found[a]
            .item
            .id_str()
            .cmp(found[b].item.id_str())
            .then(found[a].index.cmp(&found[b].index))
    });
    let mut first_of: Vec<Option<usize>> = vec![None; found.len()];
    let mut group_first = 0;
    for (k, &pos) in order.iter().enumerate() {
        if k > 0 && found[pos].item.id_str() == found[order[k - 1]].item.id_str() {
            first_of[pos] = Some(found[group_first].index);
        } else {
            group_first = pos;
        }
    }
    // Reject in place: a second vector of a million features would double the peak.
    let mut pos = 0;
    found.retain(|f| {
        let keep = match first_of[pos] {
            Some(ix) => {
                let reason = format!(
                    "duplicate id {:?}: feature #{ix} has it already",
                    f.item.id_str()
                );
                diag.rejected
                    .push(f.at().reject(FieldProblem::new("id", reason)));
                false
            }
            None => true,
        };
        pos += 1;
        keep
    });
    Ok(found)
}

trait HasId {
    fn id_str(&self) -> &str;
}

impl HasId for Island {
    fn id_str(&self) -> &str {
        self.id.as_str()
    }
}
impl HasId for PendingSettlement {
    fn id_str(&self) -> &str {
        self.settlement.id.as_str()
    }
}
impl HasId for PendingFacility {
    fn id_str(&self) -> &str {
        self.facility.id.as_str()
    }
}
impl HasId for PendingCandidate {
    fn id_str(&self) -> &str {
        &self.site.id
    }
}
impl HasId for PendingTerritory {
    fn id_str(&self) -> &str {
        &self.id
    }
}
impl HasId for PendingLink {
    fn id_str(&self) -> &str {
        self.link.id.as_str()
    }
}

fn geometry_of(geom: &Value, repairs: &mut Vec<String>) -> std::result::Result<Geom, FeatureError> {
    if geom.is_null() {
        return Err(FieldProblem::new("geometry", "geometry is null").into());
    }
    match geometry::parse(geom) {
        Ok(p) => {
            repairs.extend(p.repairs);
            Ok(p.geom)
        }
        Err(GeomError::OutOfRange(c)) => Err(FeatureError::OutOfRange(c)),
        Err(GeomError::Invalid(m)) => Err(FieldProblem::new("geometry", m).into()),
    }
}

fn point_of(
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<Coord<f64>, FeatureError> {
    match geometry_of(geom, repairs)? {
        Geom::Point(c) => Ok(c),
        other => Err(FieldProblem::new(
            "geometry",
            format!("expected a Point, found a {}", other.type_name()),
        )
        .into()),
    }
}

/// Properties the tool reads itself; the rest are carried through as provenance.
fn provenance(props: &Props, known: &[&str]) -> Provenance {
    Provenance(
        props
            .0
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

fn names(p: &Props) -> std::result::Result<(String, String), FieldProblem> {
    let name = p.opt_text("name")?;
    let name_zh = p.opt_text("name_zh")?;
    if name.is_none() && name_zh.is_none() {
        return Err(FieldProblem::new(
            "name",
            "the feature has neither `name` nor `name_zh`",
        ));
    }
    Ok((name.unwrap_or_default(), name_zh.unwrap_or_default()))
}

fn parse_island(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<Island, FeatureError> {
    let id = IslandId(p.text("id")?);
    let (name, name_zh) = names(p)?;
    let town = p.opt_text("town")?.unwrap_or_default();
    let population = p.count("population")?;
    let (outline, point) = match geometry_of(geom, repairs)? {
        Geom::Point(c) => (None, c),
        Geom::Area(mp) => {
            if let Some(problem) = geometry::outline_problem(&mp) {
                return Err(FieldProblem::new("geometry", problem).into());
            }
            let point = mp.interior_point().map(|p| p.0).ok_or_else(|| {
                FieldProblem::new("geometry", "the outline has no interior point")
            })?;
            (Some(mp), point)
        }
        Geom::LineString(_) => {
            return Err(FieldProblem::new(
                "geometry",
                "expected a Polygon, MultiPolygon or Point, found a LineString",
            )
            .into())
        }
    };
    Ok(Island {
        id,
        name,
        name_zh,
        town,
        population,
        outline,
        point,
        provenance: provenance(p, &["id", "name", "name_zh", "town", "population"]),
    })
}

fn parse_settlement(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<PendingSettlement, FeatureError> {
    let id = SettlementId(p.text("id")?);
    let point = point_of(geom, repairs)?;
    let (name, name_zh) = names(p)?;
    let kind_text = p.text("kind")?;
    let kind = SettlementKind::parse(&kind_text).ok_or_else(|| {
        FieldProblem::new(
            "kind",
            format!(
                "unknown settlement kind {kind_text:?}; expected village, community, area or hamlet"
            ),
        )
    })?;
    let village_code = p.opt_text("village_code")?;
    if let Some(code) = &village_code {
        check_code("village_code", code)?;
        if !matches!(kind, SettlementKind::Village | SettlementKind::Community) {
            return Err(FieldProblem::new(
                "village_code",
                format!(
                    "a settlement of kind {kind_text:?} has a `village_code`: only villages and communities are parts of an administrative village"
                ),
            )
            .into());
        }
    }
    let codes = p.opt_list("codes")?;
    for code in &codes {
        check_code("codes", code)?;
    }
    let population = p.count("population")?;
    let elderly = p.opt_count("elderly")?;
    if let Some(e) = elderly {
        if e > population {
            return Err(FieldProblem::new(
                "elderly",
                format!("`elderly` ({e}) exceeds `population` ({population})"),
            )
            .into());
        }
    }
    let island = p.opt_text("island")?.map(IslandId);
    Ok(PendingSettlement {
        settlement: Settlement {
            id,
            name,
            name_zh,
            island: island.clone().unwrap_or(IslandId(String::new())),
            island_assignment: IslandAssignment::Given,
            kind,
            village_code,
            codes,
            population,
            elderly,
            point,
            territory: None,
            provenance: provenance(
                p,
                &[
                    "id",
                    "name",
                    "name_zh",
                    "island",
                    "kind",
                    "village_code",
                    "codes",
                    "population",
                    "elderly",
                ],
            ),
        },
        at: PendingPoint { point, island },
    })
}

/// A village code of the statistical division list: 12 digits.
fn check_code(field: &str, code: &str) -> std::result::Result<(), FieldProblem> {
    if code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(FieldProblem::new(
            field,
            format!("{code:?} is not a 12-digit village code of the statistical division list"),
        ))
    }
}

/// A territory as read, before its settlement is resolved.
struct PendingTerritory {
    id: String,
    settlement: SettlementId,
    territory: Territory,
}

fn parse_territory(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<PendingTerritory, FeatureError> {
    let id = p.text("id")?;
    let settlement = SettlementId(p.opt_text("settlement")?.unwrap_or_else(|| id.clone()));
    let method = p.opt_text("method")?.unwrap_or_else(|| "given".to_owned());
    let area = match geometry_of(geom, repairs)? {
        Geom::Area(mp) => {
            if let Some(problem) = geometry::outline_problem(&mp) {
                return Err(FieldProblem::new("geometry", problem).into());
            }
            mp
        }
        other => {
            return Err(FieldProblem::new(
                "geometry",
                format!(
                    "expected a Polygon or MultiPolygon, found a {}",
                    other.type_name()
                ),
            )
            .into())
        }
    };
    Ok(PendingTerritory {
        id,
        settlement,
        territory: Territory { area, method },
    })
}

fn parse_candidate(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<PendingCandidate, FeatureError> {
    let id = p.text("id")?;
    let point = point_of(geom, repairs)?;
    let cost = match p.opt_number("cost")? {
        None => 1.0,
        Some(c) if c > 0.0 && c.is_finite() => c,
        Some(c) => {
            return Err(FieldProblem::new(
                "cost",
                format!("`cost` must be a positive number, got {c}"),
            )
            .into())
        }
    };
    let island = p.opt_text("island")?.map(IslandId);
    Ok(PendingCandidate {
        site: CandidateSite {
            id,
            island: island.clone().unwrap_or(IslandId(String::new())),
            island_assignment: IslandAssignment::Given,
            cost,
            point,
        },
        at: PendingPoint { point, island },
    })
}

fn parse_facility(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
    kinds: &BTreeSet<String>,
) -> std::result::Result<PendingFacility, FeatureError> {
    let id = FacilityId(p.text("id")?);
    let point = point_of(geom, repairs)?;
    let (name, name_zh) = names(p)?;
    let kind = p.text("kind")?;
    if !kinds.contains(&kind) {
        let reason = unknown("facility kind", &kind, kinds.iter().map(String::as_str));
        return Err(FieldProblem::new("kind", reason).into());
    }
    let status = match p.opt_text("status")? {
        None => FacilityStatus::Existing,
        Some(s) => FacilityStatus::parse(&s).ok_or_else(|| {
            FieldProblem::new(
                "status",
                format!("unknown status {s:?}; expected existing, planned or closing"),
            )
        })?,
    };
    let island = p.opt_text("island")?.map(IslandId);
    Ok(PendingFacility {
        facility: Facility {
            id,
            name,
            name_zh,
            kind,
            island: island.clone().unwrap_or(IslandId(String::new())),
            island_assignment: IslandAssignment::Given,
            settlement: p.opt_text("settlement")?.map(SettlementId),
            status,
            capacity: p.opt_non_negative("capacity")?,
            staff: p.opt_non_negative("staff")?,
            point,
            provenance: provenance(
                p,
                &[
                    "id",
                    "name",
                    "name_zh",
                    "kind",
                    "island",
                    "settlement",
                    "status",
                    "capacity",
                    "staff",
                ],
            ),
        },
        at: PendingPoint { point, island },
    })
}

struct PendingLink {
    link: FerryLink,
}

fn parse_link(
    p: &Props,
    geom: &Value,
    repairs: &mut Vec<String>,
) -> std::result::Result<PendingLink, FeatureError> {
    let id = LinkId(p.text("id")?);
    let mode = match p.opt_text("mode")?.as_deref() {
        None | Some("ferry") => LinkMode::Ferry,
        Some("bridge") => LinkMode::Bridge,
        Some(other) => {
            return Err(FieldProblem::new(
                "mode",
                format!("unknown link mode {other:?}; expected ferry or bridge"),
            )
            .into())
        }
    };
    let line = if geom.is_null() {
        Vec::new()
    } else {
        match geometry_of(geom, repairs)? {
            Geom::LineString(l) => l,
            other => {
                return Err(FieldProblem::new(
                    "geometry",
                    format!("expected a LineString, found a {}", other.type_name()),
                )
                .into())
            }
        }
    };
    let from = p.text("from")?;
    let to = p.text("to")?;
    if from == to {
        return Err(
            FieldProblem::new("to", format!("the link goes from {from:?} to itself")).into(),
        );
    }
    let first_min = p.opt_clock("first")?;
    let last_min = p.opt_clock("last")?;
    if let (Some(a), Some(b)) = (first_min, last_min) {
        if b < a {
            return Err(FieldProblem::new("last", "the last departure is before the first").into());
        }
    }
    Ok(PendingLink {
        link: FerryLink {
            id,
            mode,
            from,
            to,
            crossing_min: p.opt_non_negative("minutes")?,
            departures_per_day: p.opt_non_negative("departures_per_day")?,
            first_min,
            last_min,
            line,
            provenance: provenance(
                p,
                &[
                    "id",
                    "mode",
                    "from",
                    "to",
                    "minutes",
                    "departures_per_day",
                    "first",
                    "last",
                ],
            ),
        },
    })
}

/// Checks a link's ends against the accepted piers (ferry) or islands (bridge).
fn resolve_link(
    pending: PendingLink,
    world: &World,
) -> std::result::Result<FerryLink, FieldProblem> {
    let mut link = pending.link;
    let mut ends = Vec::with_capacity(2);
    for (field, end) in [("from", &link.from), ("to", &link.to)] {
        let point = match link.mode {
            LinkMode::Ferry => {
                let Some(f) = world.facility(&FacilityId(end.clone())) else {
                    let piers = world
                        .facilities
                        .iter()
                        .filter(|f| f.kind == "pier")
                        .map(|f| f.id.as_str());
                    let reason = unknown("pier", end, piers);
                    return Err(FieldProblem::new(field, reason));
                };
                if f.kind != "pier" {
                    return Err(FieldProblem::new(
                        field,
                        format!("facility {end:?} is a {}, not a pier", f.kind),
                    ));
                }
                f.point
            }
            LinkMode::Bridge => {
                let Some(i) = world.island(&IslandId(end.clone())) else {
                    let reason =
                        unknown("island", end, world.islands.iter().map(|i| i.id.as_str()));
                    return Err(FieldProblem::new(field, reason));
                };
                i.point
            }
        };
        ends.push(point);
    }
    if link.line.is_empty() {
        link.line = ends;
    }
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_resolves_parent_components() {
        assert_eq!(
            clean(Path::new("scenarios/../gis/islands.geojson")),
            PathBuf::from("gis/islands.geojson")
        );
        assert_eq!(clean(Path::new("../x/./y")), PathBuf::from("../x/y"));
    }
}
