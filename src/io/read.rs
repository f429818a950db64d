//! Dataset folder → [`World`]: one validation pass over every layer.
//!
//! Each feature is used or rejected with its file, index, id, field and reason;
//! harmless repairs are warnings. Layer-level problems (invalid JSON, a foreign CRS,
//! projected coordinates, a missing required layer) are fatal. When a settlement or
//! facility has no `island`, its island is found by point-in-polygon through an
//! R-tree of the island outlines, snapping coastal points within a tolerance.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use geo::{Coord, InteriorPoint};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

pub use super::feature::clean;
use super::feature::SourceFeature;
use super::fields::{FieldProblem, Props};
use super::geometry::{self, Geom, GeomError};
use super::source::{LayerSource, Layers};
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
/// Road layer (optional; `io::roads`).
pub const ROADS: &str = "roads.geojson";

/// How far from an island known only by its point (no outline) a feature that
/// names it may lie, metres. An outline bounds a point to the snapping tolerance;
/// a point island can only be given a radius, chosen generous: the islands a
/// district gives as points are islets a few kilometres across, and a point 10 km
/// off one is on another island or in the sea.
pub const POINT_ISLAND_RADIUS_M: f64 = 10_000.0;

/// How far (great circle) an island may lie from the middle of the dataset's
/// islands, metres: further, it is rejected as misplaced (a longitude or latitude
/// with the wrong sign, or the two swapped) rather than allowed to move the
/// projection for everyone. A district spans tens of kilometres, a province a few
/// hundred; 5,000 km keeps any synthetic province and catches any sign error.
pub const ISLAND_SPREAD_M: f64 = 5_000_000.0;

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

/// Reads and validates the dataset in `dir` (every layer a GeoJSON file there).
pub fn read_dataset(dir: &Path, opts: &ReadOptions) -> Result<Dataset> {
    read_dataset_with(dir, &Layers::default(), opts)
}

/// The file name of each dataset layer in a dataset folder, by role.
pub const LAYER_FILES: [(&str, &str); 7] = [
    ("islands", ISLANDS),
    ("settlements", SETTLEMENTS),
    ("facilities", FACILITIES),
    ("ferries", FERRIES),
    ("candidates", CANDIDATES),
    ("territories", TERRITORIES),
    ("roads", ROADS),
];

/// Where the layer `role` comes from: the scenario's `[dataset.layers]`, else the
/// GeoJSON file of that name in the folder `dir` (unless `layers.named_only`).
pub fn source_of(dir: &Path, layers: &Layers, role: &str) -> Option<LayerSource> {
    if let Some(src) = layers.named.get(role) {
        return Some(src.clone());
    }
    let file = LAYER_FILES.iter().find(|(r, _)| *r == role)?.1;
    (!layers.named_only).then(|| LayerSource::geojson(dir.join(file)))
}

/// The settlement kinds, for the kind mapping's messages.
const SETTLEMENT_KINDS: [&str; 4] = ["area", "community", "hamlet", "village"];

/// Reads and validates a dataset whose layers `layers` names (each a GeoJSON
/// file, a GeoPackage layer or a CSV), the others looked for in `dir` unless
/// `layers.named_only`.
pub fn read_dataset_with(dir: &Path, layers: &Layers, opts: &ReadOptions) -> Result<Dataset> {
    let mut diag = Diagnostics::default();
    let mut inputs = Vec::new();
    let source = |role: &str, _file: &str| source_of(dir, layers, role);
    let facility_kinds: Vec<&str> = opts.facility_kinds.iter().map(String::as_str).collect();
    let islands_src = source("islands", ISLANDS);
    let islands_file = islands_src
        .as_ref()
        .map(|s| s.label("islands"))
        .unwrap_or_default();

    let islands = read_layer(
        islands_src.as_ref(),
        "islands",
        true,
        &[],
        &mut diag,
        &mut inputs,
        parse_island,
    )?;
    let settlements_src = source("settlements", SETTLEMENTS);
    let settlements = read_layer(
        settlements_src.as_ref(),
        "settlements",
        true,
        &SETTLEMENT_KINDS,
        &mut diag,
        &mut inputs,
        parse_settlement,
    )?;
    let facilities = read_layer(
        source("facilities", FACILITIES).as_ref(),
        "facilities",
        true,
        &facility_kinds,
        &mut diag,
        &mut inputs,
        |p, g, r| parse_facility(p, g, r, &opts.facility_kinds),
    )?;
    let links = read_layer(
        source("ferries", FERRIES).as_ref(),
        "ferries",
        false,
        &[],
        &mut diag,
        &mut inputs,
        parse_link,
    )?;
    let candidates = read_layer(
        source("candidates", CANDIDATES).as_ref(),
        "candidates",
        false,
        &[],
        &mut diag,
        &mut inputs,
        parse_candidate,
    )?;
    let territories = read_layer(
        source("territories", TERRITORIES).as_ref(),
        "territories",
        false,
        &[],
        &mut diag,
        &mut inputs,
        parse_territory,
    )?;

    let mut islands = drop_far_islands(islands, &mut diag);
    check_one_side(&islands)?;
    islands.sort_by(|a, b| a.item.id.cmp(&b.item.id));
    overlap_warnings(&islands, &mut diag);
    let rejected_islands: BTreeSet<String> = diag
        .rejected
        .iter()
        .filter(|r| r.at.file == islands_file)
        .filter_map(|r| r.at.id.clone())
        .collect();
    let islands: Vec<Island> = islands.into_iter().map(|f| f.item).collect();

    // The projection is centred on accepted features only: the islands first, then
    // the settlements and facilities placed on them with it. When those widen the
    // extent enough to move the (rounded) centre, they are placed again on the new
    // plane, until the centre holds (twice at most on real data). A rejected point
    // never counts, so it cannot move anyone else's minutes.
    let extent: Vec<Coord<f64>> = islands
        .iter()
        .flat_map(|i| {
            let mut pts = vec![i.point];
            if let Some(r) = i
                .outline
                .as_ref()
                .and_then(geo::BoundingRect::bounding_rect)
            {
                pts.push(r.min());
                pts.push(r.max());
            }
            pts
        })
        .collect();
    let mut projection = LocalProjection::for_points(extent.iter().copied());
    let mut round = 0;
    let (placer, settlement_places, facility_places) = loop {
        round += 1;
        let placer = Placer::new(
            &islands,
            projection,
            opts.snap_tolerance_m,
            &rejected_islands,
        );
        let settlement_places: Vec<Placed> = settlements
            .iter()
            .map(|f| placer.place(&f.item.at))
            .collect();
        // The settlements placed, by id, when a facility names one.
        let mut placed_ids: Vec<&str> = Vec::new();
        if facilities
            .iter()
            .any(|f| f.item.facility.settlement.is_some())
        {
            placed_ids = settlements
                .iter()
                .zip(&settlement_places)
                .filter(|(_, p)| p.is_ok())
                .map(|(f, _)| f.item.settlement.id.as_str())
                .collect();
            placed_ids.sort_unstable();
        }
        let facility_places: Vec<Placed> = facilities
            .iter()
            .map(|f| {
                if let Some(sid) = &f.item.facility.settlement {
                    if placed_ids.binary_search(&sid.as_str()).is_err() {
                        let reason =
                            unknown("settlement", sid.as_str(), placed_ids.iter().copied());
                        return Err(Box::new(FieldProblem::new("settlement", reason)));
                    }
                }
                placer.place(&f.item.at)
            })
            .collect();
        // Accepted points must lie on the same side of the 180° meridian as the
        // islands: the plane is continuous across it, but the outputs are not.
        let centre_lon = projection.center().x;
        let is_across = |p: Coord<f64>| (p.x - centre_lon).abs() > 180.0;
        let across = settlements
            .iter()
            .zip(&settlement_places)
            .find_map(|(f, placed)| match placed {
                Ok((ix, _)) if is_across(f.item.at.point) => {
                    across_the_meridian(&projection, f.at(), f.item.at.point, &islands[*ix].id)
                }
                _ => None,
            })
            .or_else(|| {
                facilities
                    .iter()
                    .zip(&facility_places)
                    .find_map(|(f, placed)| match placed {
                        Ok((ix, _)) if is_across(f.item.at.point) => across_the_meridian(
                            &projection,
                            f.at(),
                            f.item.at.point,
                            &islands[*ix].id,
                        ),
                        _ => None,
                    })
            });
        if let Some(e) = across {
            return Err(e);
        }
        let next = LocalProjection::for_points(
            extent
                .iter()
                .copied()
                .chain(
                    settlements
                        .iter()
                        .zip(&settlement_places)
                        .filter(|(_, p)| p.is_ok())
                        .map(|(f, _)| f.item.at.point),
                )
                .chain(
                    facilities
                        .iter()
                        .zip(&facility_places)
                        .filter(|(_, p)| p.is_ok())
                        .map(|(f, _)| f.item.at.point),
                ),
        );
        if next == projection || round == 4 {
            break (placer, settlement_places, facility_places);
        }
        projection = next;
    };

    let mut world = World::default();
    for (f, placed) in settlements.into_iter().zip(settlement_places) {
        match placed {
            Ok((ix, how)) => {
                let island = &islands[ix];
                let mut s = f.item.settlement;
                if s.population > island.population {
                    diag.warnings.push(Warning {
                        file: f.file.to_string(),
                        index: Some(f.index),
                        id: Some(s.id.0.clone()),
                        field: Some("population".into()),
                        message: format!(
                            "settlement {:?} has {} residents, more than its island {:?} ({}): one of the two figures is wrong; each is used as given (island rules count the island's, settlement rules the settlement's)",
                            s.id.as_str(),
                            s.population,
                            island.id.as_str(),
                            island.population
                        ),
                    });
                }
                s.island = island.id.clone();
                s.island_assignment = how;
                world.settlements.push(s);
            }
            Err(p) => diag.rejected.push(f.at().reject(*p)),
        }
    }
    world.settlements.sort_by(|a, b| a.id.cmp(&b.id));
    attach_territories(territories, &mut world, &projection, opts, &mut diag);
    for (f, placed) in facilities.into_iter().zip(facility_places) {
        match placed {
            Ok((ix, how)) => {
                let mut fac = f.item.facility;
                fac.island = islands[ix].id.clone();
                fac.island_assignment = how;
                world.facilities.push(fac);
            }
            Err(p) => diag.rejected.push(f.at().reject(*p)),
        }
    }
    for f in candidates {
        match placer.place(&f.item.at) {
            Ok((ix, how)) => {
                if let Some(e) =
                    across_the_meridian(&projection, f.at(), f.item.at.point, &islands[ix].id)
                {
                    return Err(e);
                }
                let mut c = f.item.site;
                c.island = islands[ix].id.clone();
                c.island_assignment = how;
                world.candidates.push(c);
            }
            Err(p) => diag.rejected.push(f.at().reject(*p)),
        }
    }
    world.islands = islands;
    world.sort();
    for f in links {
        let at = f.at();
        match resolve_link(f.item, &world, &placer) {
            Ok(link) => world.links.push(link),
            Err(p) => diag.rejected.push(at.reject(p)),
        }
    }
    // The road layer: the scenario's `roads` layer (any format), else
    // `roads.geojson` in the dataset folder.
    let roads = match source("roads", ROADS) {
        Some(src) => {
            super::roads::read_roads(&src, &world, &projection, opts.snap_tolerance_m, &mut diag)?
        }
        None => None,
    };
    if let Some(layer) = roads {
        world.roads = layer.roads;
        inputs.push(InputFile {
            path: layer.label,
            sha256: layer.sha256,
            features: layer.features,
        });
    }
    world.sort();
    if let Some((layer, total)) = world.population_excess() {
        let label = if layer == "islands" {
            islands_file.clone()
        } else {
            settlements_src
                .as_ref()
                .map(|s| s.label("settlements"))
                .unwrap_or_default()
        };
        return Err(Error::Layer {
            path: PathBuf::from(label),
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

/// What to do about a dataset across the 180° meridian.
const ANTIMERIDIAN_HINT: &str = "isleplan measures in one local projection and writes RFC 7946 lon/lat, which needs the data on one side of the 180° meridian; split the dataset at the meridian and run each side on its own";

/// Where a point goes: its island (index into the sorted islands) and how, or why
/// it is rejected (boxed: a million of these are held while the plane settles).
type Placed = std::result::Result<(usize, IslandAssignment), Box<FieldProblem>>;

/// Puts points on islands: the island a point names, when the point lies on it
/// (within the snapping tolerance of its outline, or within
/// [`POINT_ISLAND_RADIUS_M`] of an island known only by its point); else, for a
/// point that names none, the outline that holds it or the nearest one within
/// the snapping tolerance.
struct Placer {
    ids: Vec<IslandId>,
    points: Vec<Coord<f64>>,
    outlines: OutlineIndex,
    projection: LocalProjection,
    snap_m: f64,
    rejected: BTreeSet<String>,
}

impl Placer {
    fn new(
        islands: &[Island],
        projection: LocalProjection,
        snap_m: f64,
        rejected: &BTreeSet<String>,
    ) -> Self {
        Self {
            ids: islands.iter().map(|i| i.id.clone()).collect(),
            points: islands
                .iter()
                .map(|i| projection.forward(i.point))
                .collect(),
            outlines: OutlineIndex::new(
                &islands
                    .iter()
                    .map(|i| {
                        i.outline
                            .as_ref()
                            .map(|o| projection.forward_multipolygon(o))
                    })
                    .collect::<Vec<_>>(),
            ),
            projection,
            snap_m,
            rejected: rejected.clone(),
        }
    }

    /// The island `id`, by index, or why it is not there.
    fn island(&self, field: &str, id: &str) -> std::result::Result<usize, FieldProblem> {
        if let Ok(ix) = self.ids.binary_search_by(|i| i.as_str().cmp(id)) {
            return Ok(ix);
        }
        let reason = if self.rejected.contains(id) {
            format!("island {id:?} is rejected (see its own entry in {ISLANDS})")
        } else {
            unknown("island", id, self.ids.iter().map(IslandId::as_str))
        };
        Err(FieldProblem::new(field, reason))
    }

    /// How far the point (metres) lies from island `ix`, how far it may, and
    /// what that limit is, for messages.
    fn distance(&self, ix: usize, xy: Coord<f64>) -> (f64, f64, String) {
        match self.outlines.distance_to(ix, xy) {
            Some(d) => (
                d,
                self.snap_m,
                format!(
                    "its outline, more than the snapping tolerance of {} m",
                    self.snap_m
                ),
            ),
            None => (
                crate::projection::distance_m(xy, self.points[ix]),
                POINT_ISLAND_RADIUS_M,
                format!(
                    "its point (it has no outline), more than the {} km an island known only by its point may reach",
                    POINT_ISLAND_RADIUS_M / 1000.0
                ),
            ),
        }
    }

    /// Which island the point lies on, in words, for a message.
    fn lies_on(&self, xy: Coord<f64>) -> String {
        match self.outlines.locate(xy, self.snap_m) {
            Located::Inside(ix) => format!("it lies on island {:?}", self.ids[ix].as_str()),
            Located::Near(ix, d) => {
                format!("it lies {d:.0} m off island {:?}", self.ids[ix].as_str())
            }
            Located::Nowhere if self.outlines.is_empty() => String::new(),
            Located::Nowhere => "it lies on no island outline of the dataset".into(),
        }
    }

    fn place(&self, at: &PendingPoint) -> Placed {
        let xy = self.projection.forward(at.point);
        match &at.island {
            Some(id) => {
                let ix = self.island("island", id.as_str()).map_err(Box::new)?;
                let (d, limit, what) = self.distance(ix, xy);
                if d > limit {
                    let on = self.lies_on(xy);
                    let on = if on.is_empty() { on } else { format!(" ({on})") };
                    return Err(Box::new(FieldProblem::new(
                        "geometry",
                        format!(
                            "the point ({}, {}) lies {} from island {:?}: from {what}{on}; is the point or its `island` wrong?",
                            at.point.x,
                            at.point.y,
                            metres(d),
                            id.as_str()
                        ),
                    )));
                }
                Ok((ix, IslandAssignment::Given))
            }
            None if self.outlines.is_empty() => Err(Box::new(FieldProblem::new(
                "island",
                "`island` is missing and the dataset has no island outlines to derive it from",
            ))),
            None => match self.outlines.locate(xy, self.snap_m) {
                Located::Inside(ix) => Ok((ix, IslandAssignment::Contained)),
                Located::Near(ix, d) => Ok((ix, IslandAssignment::Snapped { distance_m: d })),
                Located::Nowhere => Err(Box::new(FieldProblem::new(
                    "island",
                    format!(
                        "`island` is missing and the point lies on no island outline (none within the snapping tolerance of {} m)",
                        self.snap_m
                    ),
                ))),
            },
        }
    }
}

/// A distance for a message: metres below 10 km, else kilometres.
fn metres(d: f64) -> String {
    if d < 10_000.0 {
        format!("{d:.0} m")
    } else {
        format!("{:.1} km", d / 1000.0)
    }
}

/// The fatal error for an accepted point across the 180° meridian from the
/// centre of the plane (its island and the rest of the data), or `None`.
fn across_the_meridian(
    projection: &LocalProjection,
    at: FeatureRef,
    p: Coord<f64>,
    island: &IslandId,
) -> Option<Error> {
    let centre_lon = projection.center().x;
    ((p.x - centre_lon).abs() > 180.0).then(|| Error::Layer {
        path: PathBuf::from(&at.file),
        problem: format!(
            "the dataset crosses the 180° meridian: {at} lies at longitude {}, across it from its island {:?} and the rest of the data (centred on longitude {centre_lon:.1})",
            p.x,
            island.as_str()
        ),
        hint: Some(ANTIMERIDIAN_HINT.into()),
    })
}

/// Rejects islands that lie more than [`ISLAND_SPREAD_M`] from the middle of the
/// dataset's islands: the island nearest the median of their longitudes and of
/// their latitudes (ties to the lower id). One misplaced island cannot move the
/// median far, so it is the one rejected, and the others keep their plane.
fn drop_far_islands(islands: Vec<Found<Island>>, diag: &mut Diagnostics) -> Vec<Found<Island>> {
    use geo::{Distance, Haversine, Point};
    if islands.len() < 2 {
        return islands;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[(v.len() - 1) / 2]
    };
    let mid = Point::new(
        median(islands.iter().map(|f| f.item.point.x).collect()),
        median(islands.iter().map(|f| f.item.point.y).collect()),
    );
    let home = islands
        .iter()
        .min_by(|a, b| {
            Haversine
                .distance(mid, Point(a.item.point))
                .total_cmp(&Haversine.distance(mid, Point(b.item.point)))
                .then_with(|| a.item.id.cmp(&b.item.id))
        })
        .map(|f| (f.item.id.clone(), f.item.point))
        .expect("two islands or more");
    let mut kept = Vec::with_capacity(islands.len());
    for f in islands {
        let d = Haversine.distance(Point(home.1), Point(f.item.point));
        if d > ISLAND_SPREAD_M {
            let reason = format!(
                "the island lies {:.0} km from the middle of the dataset's islands (island {:?} at ({:.5}, {:.5})), more than the {:.0} km a dataset may spread: a longitude or latitude with the wrong sign, or the two swapped?",
                d / 1000.0,
                home.0.as_str(),
                home.1.x,
                home.1.y,
                ISLAND_SPREAD_M / 1000.0
            );
            diag.rejected
                .push(f.at().reject(FieldProblem::new("geometry", reason)));
        } else {
            kept.push(f);
        }
    }
    kept
}

/// Fatal when the islands lie on both sides of the 180° meridian: an island whose
/// longitude (point or outline) is more than 180° from the first island's, the
/// short way round being across the meridian.
fn check_one_side(islands: &[Found<Island>]) -> Result<()> {
    let Some(first) = islands.iter().min_by_key(|f| f.index) else {
        return Ok(());
    };
    let lon0 = first.item.point.x;
    for f in islands {
        let mut lons = vec![f.item.point.x];
        if let Some(r) = f
            .item
            .outline
            .as_ref()
            .and_then(geo::BoundingRect::bounding_rect)
        {
            lons.extend([r.min().x, r.max().x]);
        }
        if let Some(x) = lons.into_iter().find(|x| (x - lon0).abs() > 180.0) {
            return Err(Error::Layer {
                path: PathBuf::from(f.file.as_ref()),
                problem: format!(
                    "the dataset crosses the 180° meridian: {} reaches longitude {x}, across it from {} at longitude {lon0}",
                    f.at(),
                    first.at()
                ),
                hint: Some(ANTIMERIDIAN_HINT.into()),
            });
        }
    }
    Ok(())
}

/// Warns about islands whose outlines overlap (their interiors share land): a
/// point in both that names no `island` is put on the first by id (what
/// [`OutlineIndex::locate`] does); a point that names one stays on it.
///
/// # Runtime
/// O(n log n) to find the pairs whose boxes meet, then geo's `Relate` on each.
fn overlap_warnings(islands: &[Found<Island>], diag: &mut Diagnostics) {
    use geo::coordinate_position::CoordPos;
    use geo::dimensions::Dimensions;
    use geo::{BoundingRect, Relate};
    use rstar::primitives::{GeomWithData, Rectangle};
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = islands
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let r = f.item.outline.as_ref()?.bounding_rect()?;
            Some(GeomWithData::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                i,
            ))
        })
        .collect();
    let tree = rstar::RTree::bulk_load(boxes.clone());
    for a in &boxes {
        let mut others: Vec<usize> = tree
            .locate_in_envelope_intersecting(&rstar::RTreeObject::envelope(a.geom()))
            .map(|b| b.data)
            .filter(|&b| b > a.data)
            .collect();
        others.sort_unstable();
        for b in others {
            let (fa, fb) = (&islands[a.data], &islands[b]);
            let (Some(oa), Some(ob)) = (&fa.item.outline, &fb.item.outline) else {
                continue;
            };
            if oa.relate(ob).get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                diag.warnings.push(Warning {
                    file: fb.file.to_string(),
                    index: Some(fb.index),
                    id: Some(fb.item.id.0.clone()),
                    field: Some("geometry".into()),
                    message: format!(
                        "the outlines of islands {:?} and {:?} overlap: a point in both that names no `island` is put on {:?} (the first by id); a point that names one stays on it",
                        fa.item.id.as_str(),
                        fb.item.id.as_str(),
                        fa.item.id.as_str()
                    ),
                });
            }
        }
    }
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
    /// A ring or line across the 180° meridian (west and east longitudes): fatal.
    Antimeridian(f64, f64),
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

/// What a path is when it is not a regular file, in words; `None` for a regular
/// file (a link is followed).
fn not_a_regular_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Reads one layer from `src` (none: the scenario names no such layer and gives
/// no folder), parsing each feature with `parse` after the source's mapping;
/// rejects duplicates and features without an id. `role` is the dataset layer
/// (`settlements`, …); `known_kinds` the kinds a `kinds` mapping may map to.
#[allow(clippy::too_many_arguments)]
fn read_layer<T>(
    src: Option<&LayerSource>,
    role: &str,
    required: bool,
    known_kinds: &[&str],
    diag: &mut Diagnostics,
    inputs: &mut Vec<InputFile>,
    mut parse: impl FnMut(&Props, &Value, &mut Vec<String>) -> std::result::Result<T, FeatureError>,
) -> Result<Vec<Found<T>>>
where
    T: HasId,
{
    let Some(src) = src else {
        if required {
            return Err(Error::Layer {
                path: PathBuf::from(role),
                problem: format!(
                    "the scenario names no `{role}` layer under [dataset.layers] and gives no dataset folder to find it in"
                ),
                hint: Some(format!(
                    "add `{role} = {{ path = \"…\" }}` under [dataset.layers], or `folder = \"…\"` under [dataset]"
                )),
            });
        }
        return Ok(Vec::new());
    };
    let path = clean(&src.path);
    let file = src.label(role);
    // The file type is checked before the file is opened: opening a FIFO for
    // reading blocks until a writer comes, which may be never.
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Read {
                path: path.clone(),
                source: e,
            })
        }
        Ok(meta) => {
            if let Some(what) = not_a_regular_file(&meta) {
                return Err(Error::Read {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        format!("not a regular file ({what}); a layer must be a GeoJSON file, a GeoPackage or a CSV"),
                    ),
                });
            }
        }
    }
    let mut found: Vec<Found<T>> = Vec::new();
    let shared_file: std::sync::Arc<str> = file.as_str().into();
    let mut out_of_range: Option<(FeatureRef, Coord<f64>)> = None;
    let mut across: Option<(FeatureRef, f64, f64)> = None;
    let info = src.read(&file, known_kinds, |raw: SourceFeature| {
        let at = FeatureRef {
            file: file.clone(),
            index: raw.index,
            id: raw.id.clone(),
        };
        if let Some(p) = raw.problem {
            diag.rejected.push(at.reject(p));
            return;
        }
        let id = raw.id.clone();
        if id.is_none() {
            diag.rejected.push(at.reject(FieldProblem::new(
                &src.shown_field("id"),
                "the feature has no `id`",
            )));
            return;
        }
        let mut repairs = Vec::new();
        match parse(&Props(&raw.props), &raw.geometry, &mut repairs) {
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
            Err(FeatureError::Field(p)) => {
                let field = src.shown_field(&p.field);
                diag.rejected
                    .push(at.reject(FieldProblem::new(&field, p.reason)));
            }
            Err(FeatureError::OutOfRange(c)) => {
                if out_of_range.is_none() {
                    out_of_range = Some((at, c));
                }
            }
            Err(FeatureError::Antimeridian(west, east)) => {
                if across.is_none() {
                    across = Some((at, west, east));
                }
            }
        }
    })?;
    let path = PathBuf::from(&file);
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
    if let Some((at, west, east)) = across {
        return Err(Error::Layer {
            path,
            problem: format!(
                "the dataset crosses the 180° meridian: {at} runs from longitude {west} to {east} (a step of more than 180°: across the meridian, the short way)"
            ),
            hint: Some(ANTIMERIDIAN_HINT.into()),
        });
    }
    diag.warnings.extend(info.warnings);
    inputs.push(InputFile {
        path: file,
        sha256: info.sha256,
        features: info.features,
    });

    // Duplicate ids: the first one (by index) stays, each later one is rejected.
    // Ids are compared under Unicode NFC, so a composed and a decomposed "é" are
    // one id. Sorting positions by (id, index) finds them without copying any id
    // that is already in NFC (nearly all of them).
    let nfc: Vec<Option<String>> = found
        .iter()
        .map(|f| {
            let id = f.item.id_str();
            match unicode_normalization::is_nfc_quick(id.chars()) {
                unicode_normalization::IsNormalized::Yes => None,
                _ => {
                    let n: String = id.nfc().collect();
                    (n != id).then_some(n)
                }
            }
        })
        .collect();
    let key = |i: usize| nfc[i].as_deref().unwrap_or(found[i].item.id_str());
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| key(a).cmp(key(b)).then(found[a].index.cmp(&found[b].index)));
    let mut first_of: Vec<Option<usize>> = vec![None; found.len()];
    let mut group_first = 0;
    for (k, &pos) in order.iter().enumerate() {
        if k > 0 && key(pos) == key(order[k - 1]) {
            first_of[pos] = Some(group_first);
        } else {
            group_first = pos;
        }
    }
    let first_ids: Vec<Option<(usize, String)>> = first_of
        .iter()
        .map(|f| f.map(|g| (found[g].index, found[g].item.id_str().to_owned())))
        .collect();
    drop(nfc);
    // Reject in place: a second vector of a million features would double the peak.
    let mut pos = 0;
    found.retain(|f| {
        let keep = match &first_ids[pos] {
            Some((ix, first)) => {
                let id = f.item.id_str();
                let reason = if first == id {
                    format!("duplicate id {id:?}: feature #{ix} has it already")
                } else {
                    format!(
                        "duplicate id {id:?}: feature #{ix} has {first:?}, the same id under Unicode normalisation (NFC)"
                    )
                };
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
        Err(GeomError::Antimeridian { west, east }) => Err(FeatureError::Antimeridian(west, east)),
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
    let (crossing_min, profile_minutes) = link_minutes(p, mode)?;
    // `last` before `first` is a service across midnight (22:00 to 02:00): the
    // span runs over it (`network::cost::ferry_cost`).
    Ok(PendingLink {
        link: FerryLink {
            id,
            mode,
            from,
            to,
            crossing_min,
            profile_minutes,
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

/// A link's crossing minutes: one number, and per profile.
type LinkMinutes = (Option<f64>, Vec<(String, f64)>);

/// A link's `minutes`: one number (a ferry's crossing; a bridge's crossing for the
/// default profile), or, for a bridge, a table of minutes per profile
/// (`{"car": 2, "walk": 11}`; the profiles it does not list cross at their speed).
fn link_minutes(p: &Props, mode: LinkMode) -> std::result::Result<LinkMinutes, FieldProblem> {
    let Some(Value::Object(table)) = p.0.get("minutes") else {
        return Ok((p.opt_non_negative("minutes")?, Vec::new()));
    };
    if mode != LinkMode::Bridge {
        return Err(FieldProblem::new(
            "minutes",
            "a table of minutes per profile is for bridges; a ferry's crossing is one number",
        ));
    }
    if table.is_empty() {
        return Err(FieldProblem::new(
            "minutes",
            "the table of minutes per profile is empty",
        ));
    }
    let mut out = Vec::with_capacity(table.len());
    for (profile, v) in table {
        match v.as_f64() {
            Some(m) if m.is_finite() && m >= 0.0 && v.is_number() => out.push((profile.clone(), m)),
            _ => {
                return Err(FieldProblem::new(
                    "minutes",
                    format!("`minutes.{profile}` must be a non-negative number (got {v})"),
                ))
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((None, out))
}

/// Checks a link's ends against the accepted piers (ferry) or islands (bridge),
/// and that a bridge's line starts on its `from` island and ends on its `to`
/// island (within the distance [`Placer::distance`] allows): a bridge drawn
/// elsewhere would join two islands by land across open sea.
fn resolve_link(
    pending: PendingLink,
    world: &World,
    placer: &Placer,
) -> std::result::Result<FerryLink, FieldProblem> {
    let mut link = pending.link;
    let mut ends = Vec::with_capacity(2);
    let mut islands = Vec::with_capacity(2);
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
                let ix = placer.island(field, end)?;
                islands.push(ix);
                world.islands[ix].point
            }
        };
        ends.push(point);
    }
    if link.line.is_empty() {
        link.line = ends;
    }
    if let ([from, to], (Some(&first), Some(&last))) =
        (islands.as_slice(), (link.line.first(), link.line.last()))
    {
        let proj = &placer.projection;
        let off = |ix: usize, p: Coord<f64>| placer.distance(ix, proj.forward(p));
        for (which, p, ix) in [("start", first, *from), ("end", last, *to)] {
            let (d, limit, what) = off(ix, p);
            if d > limit {
                let reversed = off(*from, last).0 <= off(*from, last).1
                    && off(*to, first).0 <= off(*to, first).1;
                let hint = if reversed {
                    " (its line runs from `to` to `from`: reverse the line or swap the two)"
                } else {
                    ""
                };
                return Err(FieldProblem::new(
                    "geometry",
                    format!(
                        "bridge {:?} does not reach its islands: its {which} ({}, {}) lies {} from island {:?}: from {what}{hint}",
                        link.id.as_str(),
                        p.x,
                        p.y,
                        metres(d),
                        placer.ids[ix].as_str()
                    ),
                ));
            }
        }
    }
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bridge_takes_minutes_per_profile_and_a_ferry_one_number() {
        let props = |v: serde_json::Value| v.as_object().unwrap().clone();

        let table = props(serde_json::json!({"minutes": {"walk": 11, "car": 2}}));
        assert_eq!(
            link_minutes(&Props(&table), LinkMode::Bridge).unwrap(),
            (
                None,
                vec![("car".to_owned(), 2.0), ("walk".to_owned(), 11.0)]
            )
        );
        let one = props(serde_json::json!({"minutes": 2}));
        assert_eq!(
            link_minutes(&Props(&one), LinkMode::Bridge).unwrap(),
            (Some(2.0), vec![])
        );
        let err = link_minutes(&Props(&table), LinkMode::Ferry).unwrap_err();
        assert_eq!(err.field, "minutes");
        assert!(err.reason.contains("for bridges"), "{}", err.reason);
        let bad = props(serde_json::json!({"minutes": {"car": "2"}}));
        let err = link_minutes(&Props(&bad), LinkMode::Bridge).unwrap_err();
        assert!(err.reason.contains("`minutes.car`"), "{}", err.reason);
        let negative = props(serde_json::json!({"minutes": {"car": -1}}));
        assert!(link_minutes(&Props(&negative), LinkMode::Bridge).is_err());
        let empty = props(serde_json::json!({"minutes": {}}));
        assert!(link_minutes(&Props(&empty), LinkMode::Bridge).is_err());
    }

    #[test]
    fn clean_resolves_parent_components() {
        assert_eq!(
            clean(Path::new("scenarios/../gis/islands.geojson")),
            PathBuf::from("gis/islands.geojson")
        );
        assert_eq!(clean(Path::new("../x/./y")), PathBuf::from("../x/y"));
    }
}
