//! Service areas: the land a facility reaches within some minutes, as polygons.
//!
//! A "15-minute circle" drawn for QGIS is the land reachable in 15 minutes: a disc on
//! the facility's own island, and discs around the piers and bridge ends reached with
//! minutes to spare on other islands, each clipped to its island's outline when the
//! dataset has one. Everything here is in projected metres; the writer brings the
//! polygons back to lon/lat.

use std::collections::BTreeMap;
use std::f64::consts::TAU;

use geo::{
    unary_union, Area, BooleanOps, ConvexHull, Coord, LineString, MultiPoint, MultiPolygon, Polygon,
};
use rayon::prelude::*;

use super::roads::{RoadLabels, RoadNet};
use super::travel::{
    facility_origins, hub_minutes_from, hub_minutes_multi, search_from, Labels, Origin, TravelTimes,
};
use super::Network;
use crate::prepared::Prepared;
use crate::projection::distance_m;

/// Vertices of the polygon standing for a disc.
pub const DISC_VERTICES: usize = 64;
/// Vertices of each end disc of a road buffer (one per road segment reached, so
/// fewer than a facility's disc).
pub const ROAD_DISC_VERTICES: usize = 16;

/// One facility × threshold to draw.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AreaRequest {
    /// Facility, by index into `World::facilities`.
    pub facility: usize,
    /// Threshold in tenths of a minute (an integer, so requests sort and deduplicate).
    pub tenths_min: u64,
    /// Profile name.
    pub profile: String,
    /// The rules asking for it, by id.
    pub rules: Vec<String>,
}

/// The land one facility reaches within a threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceArea {
    /// Facility, by index into `World::facilities`.
    pub facility: usize,
    /// The threshold, minutes.
    pub minutes: f64,
    /// Profile name.
    pub profile: String,
    /// The rules asking for it, by id.
    pub rules: Vec<String>,
    /// The area, projected metres; empty when nothing is reachable on land.
    pub area: MultiPolygon<f64>,
    /// Its area, km².
    pub area_km2: f64,
    /// Residents inside: each settlement with a territory counts its residents ×
    /// the share of its territory's land inside the area (the land reached, as
    /// [`reached_shares`] measures it for the rules); a settlement that is a single
    /// point counts all its residents when the point lies inside, none otherwise.
    pub residents: f64,
}

/// A regular polygon of [`DISC_VERTICES`] vertices inscribed in the circle, counter-clockwise.
pub fn disc(center: Coord<f64>, radius_m: f64) -> Polygon<f64> {
    let ring: Vec<Coord<f64>> = (0..=DISC_VERTICES)
        .map(|k| {
            let a = TAU * (k % DISC_VERTICES) as f64 / DISC_VERTICES as f64;
            Coord {
                x: center.x + radius_m * a.cos(),
                y: center.y + radius_m * a.sin(),
            }
        })
        .collect();
    Polygon::new(LineString(ring), vec![])
}

/// The convex hull of the discs `(a, ra)` and `(b, rb)` (a radius ≤ 0 is the bare
/// point): the union of the discs along the segment whose radius runs linearly
/// from `ra` to `rb`.
fn tapered(a: Coord<f64>, ra: f64, b: Coord<f64>, rb: f64) -> Polygon<f64> {
    let mut pts = Vec::with_capacity(2 * ROAD_DISC_VERTICES);
    for (c, r) in [(a, ra), (b, rb)] {
        if r > 0.0 {
            for k in 0..ROAD_DISC_VERTICES {
                let t = TAU * k as f64 / ROAD_DISC_VERTICES as f64;
                pts.push(geo::Point::new(c.x + r * t.cos(), c.y + r * t.sin()));
            }
        } else {
            pts.push(geo::Point(c));
        }
    }
    MultiPoint(pts).convex_hull()
}

/// The land reached along roads by a search: for every piece touching a reached
/// node or holding an origin, each way along it from a reached end or an origin,
/// the stretch with minutes left buffered by the off-road walk those minutes allow
/// (radius = minutes left × off-road speed, tapering to 0 where they run out).
/// Returns the polygons per island, in piece order.
///
/// # Runtime
/// O(P × v) for the P pieces touched and v vertices each.
fn road_buffers(r: &RoadNet, labels: &Labels, minutes: f64) -> BTreeMap<usize, Vec<Polygon<f64>>> {
    let Some(road) = &labels.road else {
        return BTreeMap::new();
    };
    let mut pieces: Vec<u32> = road
        .touched()
        .iter()
        .flat_map(|&n| r.pieces_at(n).iter().copied())
        .chain(labels.on_piece.iter().map(|x| x.piece))
        .collect();
    pieces.sort_unstable();
    pieces.dedup();
    let speed = r.offroad_m_per_min();
    let mut out: BTreeMap<usize, Vec<Polygon<f64>>> = BTreeMap::new();
    for p in pieces {
        let piece = &r.pieces[p as usize];
        let verts = &r.vertices[piece.start as usize..piece.end as usize];
        let mut at = Vec::with_capacity(verts.len());
        let mut s = 0.0;
        for (k, v) in verts.iter().enumerate() {
            if k > 0 {
                s += crate::projection::distance_m(verts[k - 1], *v);
            }
            at.push(s);
        }
        let total = s;
        // Each wave: where it starts (metres from `a`), its direction, minutes left
        // there and minutes per metre.
        let per_m = |m: f64| if total > 0.0 { m / total } else { 0.0 };
        let mut waves: Vec<(f64, bool, f64, f64)> = Vec::new();
        // A label is the minutes from a node to the facility: a point `s` metres
        // along reaches it through `a` going back along the piece, through `b`
        // going forward.
        let (la, _) = road.get(piece.a);
        if la.is_finite() && piece.back_min.is_finite() {
            waves.push((0.0, true, minutes - la, per_m(piece.back_min)));
        }
        let (lb, _) = road.get(piece.b);
        if lb.is_finite() && piece.fwd_min.is_finite() {
            waves.push((total, false, minutes - lb, per_m(piece.fwd_min)));
        }
        let lo = labels.on_piece.partition_point(|x| x.piece < p);
        for x in labels.on_piece[lo..].iter().take_while(|x| x.piece == p) {
            let along = x.along_m
                * if piece.length_m > 0.0 {
                    total / piece.length_m
                } else {
                    0.0
                };
            if piece.back_min.is_finite() {
                waves.push((along, true, minutes - x.minutes, per_m(piece.back_min)));
            }
            if piece.fwd_min.is_finite() {
                waves.push((along, false, minutes - x.minutes, per_m(piece.fwd_min)));
            }
        }
        let polys = out.entry(piece.island as usize).or_default();
        for (from, forward, left, rate) in waves {
            if left <= 0.0 {
                continue;
            }
            let left_at = |d: f64| left - rate * (d - from).abs();
            let point_at = |d: f64| -> Coord<f64> {
                let k = at.partition_point(|&x| x < d).clamp(1, at.len() - 1);
                let (s0, s1) = (at[k - 1], at[k]);
                let t = if s1 > s0 {
                    ((d - s0) / (s1 - s0)).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                Coord {
                    x: verts[k - 1].x + t * (verts[k].x - verts[k - 1].x),
                    y: verts[k - 1].y + t * (verts[k].y - verts[k - 1].y),
                }
            };
            // Where the minutes run out, and the vertices in between.
            let reach = if rate > 0.0 {
                left / rate
            } else {
                f64::INFINITY
            };
            let end = if forward {
                (from + reach).min(total)
            } else {
                (from - reach).max(0.0)
            };
            let mut stops = vec![from];
            let inner: Vec<f64> = at
                .iter()
                .copied()
                .filter(|&d| {
                    if forward {
                        d > from && d < end
                    } else {
                        d < from && d > end
                    }
                })
                .collect();
            if forward {
                stops.extend(inner);
            } else {
                stops.extend(inner.into_iter().rev());
            }
            stops.push(end);
            for w in stops.windows(2) {
                polys.push(tapered(
                    point_at(w[0]),
                    left_at(w[0]) * speed,
                    point_at(w[1]),
                    left_at(w[1]) * speed,
                ));
            }
        }
    }
    out
}

/// The reached land per island of a search with roads: road buffers on road
/// islands, discs at the origins (at the off-road speed where they join roads)
/// and, on islands without roads, at the hubs reached.
fn land_with_roads(
    net: &Network,
    r: &RoadNet,
    labels: &Labels,
    origins: &[Origin],
    minutes: f64,
) -> BTreeMap<usize, Vec<Polygon<f64>>> {
    let mut per_island = road_buffers(r, labels, minutes);
    let mut discs: BTreeMap<usize, Vec<(Coord<f64>, f64)>> = BTreeMap::new();
    for o in origins {
        let radius = match o.attach {
            Some(at) if !at.far => minutes * r.offroad_m_per_min(),
            _ => net.profile.reach_m(minutes),
        };
        discs.entry(o.island).or_default().push((o.xy, radius));
    }
    for (h, hub) in net.hubs.iter().enumerate() {
        let m = labels.hubs.minutes[h];
        if net.hub_attach[h].is_none() && m < minutes {
            discs
                .entry(hub.island)
                .or_default()
                .push((hub.xy, net.profile.reach_m(minutes - m)));
        }
    }
    for (i, d) in discs {
        per_island.entry(i).or_default().extend(united_discs(d).0);
    }
    per_island
}

/// The land of a search with roads, united per island and clipped to outlines.
fn clipped_land(
    per_island: BTreeMap<usize, Vec<Polygon<f64>>>,
    outlines: &[Option<MultiPolygon<f64>>],
) -> BTreeMap<usize, MultiPolygon<f64>> {
    per_island
        .into_iter()
        .map(|(i, polys)| {
            let mut land = unary_union(&polys);
            if let Some(outline) = &outlines[i] {
                land = land.intersection(outline);
            }
            (i, land)
        })
        .collect()
}

/// [`service_area`] on a network with roads, reusing `buffer` for the road labels.
fn service_area_on_roads(
    net: &Network,
    r: &RoadNet,
    outlines: &[Option<MultiPolygon<f64>>],
    facility: usize,
    minutes: f64,
    buffer: &mut Option<RoadLabels>,
) -> MultiPolygon<f64> {
    let origins = facility_origins(net, &[facility]);
    let mut labels = search_from(net, &origins, minutes, buffer.take());
    let land = clipped_land(
        land_with_roads(net, r, &labels, &origins, minutes),
        outlines,
    );
    *buffer = labels.road.take();
    let mut out = MultiPolygon::new(vec![]);
    for (_, l) in land {
        out = out.union(&l);
    }
    out
}

/// The land reachable from facility `facility` within `minutes` on `net`.
///
/// # Algorithm
/// A search from the facility over the hubs, cut off at `minutes`, gives the minutes
/// left at each pier or bridge end reached. The land reached from a point with `t`
/// minutes left is a disc of radius `t × speed ÷ detour`. Discs inside a larger disc of
/// the same island are dropped; the rest are united per island, clipped to that
/// island's outline (`outlines`, projected, indexed like `World::islands`) when it
/// has one, and the islands united. Boolean operations are geo's (i_overlay).
///
/// # Runtime
/// O(H log H) for the search, then the boolean operations on the discs kept and the
/// outlines of the islands reached.
pub fn service_area(
    net: &Network,
    outlines: &[Option<MultiPolygon<f64>>],
    facility: usize,
    minutes: f64,
) -> MultiPolygon<f64> {
    if let Some(r) = &net.roads {
        return service_area_on_roads(net, r, outlines, facility, minutes, &mut None);
    }
    let island = net.facility_island[facility];
    let xy = net.facility_xy[facility];
    let left = hub_minutes_from(net, island, xy, minutes);
    let mut discs: Vec<(usize, Coord<f64>, f64)> = vec![(island, xy, net.profile.reach_m(minutes))];
    for (h, &m) in left.iter().enumerate() {
        if m < minutes {
            let hub = &net.hubs[h];
            discs.push((hub.island, hub.xy, net.profile.reach_m(minutes - m)));
        }
    }
    // Largest first, so a disc is dropped only when a kept one holds it.
    discs.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.2.total_cmp(&a.2))
            .then(a.1.x.total_cmp(&b.1.x))
            .then(a.1.y.total_cmp(&b.1.y))
    });
    let mut per_island: BTreeMap<usize, Vec<(Coord<f64>, f64)>> = BTreeMap::new();
    for (i, c, r) in discs {
        if r <= 0.0 {
            continue;
        }
        let kept = per_island.entry(i).or_default();
        if !kept.iter().any(|&(k, kr)| distance_m(k, c) + r <= kr) {
            kept.push((c, r));
        }
    }
    let mut out = MultiPolygon::new(vec![]);
    for (i, kept) in per_island {
        let mut land = MultiPolygon::new(vec![]);
        for (c, r) in kept {
            land = land.union(&disc(c, r));
        }
        if let Some(outline) = &outlines[i] {
            land = land.intersection(outline);
        }
        out = out.union(&land);
    }
    out
}

/// The land of island `island` reached within `minutes`: discs of the given
/// `(centre, radius)` united (a disc inside a kept larger one is dropped first).
fn united_discs(mut discs: Vec<(Coord<f64>, f64)>) -> MultiPolygon<f64> {
    discs.retain(|&(_, r)| r > 0.0);
    discs.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(a.0.x.total_cmp(&b.0.x))
            .then(a.0.y.total_cmp(&b.0.y))
    });
    let mut kept: Vec<(Coord<f64>, f64)> = Vec::new();
    for (c, r) in discs {
        if !kept.iter().any(|&(k, kr)| distance_m(k, c) + r <= kr) {
            kept.push((c, r));
        }
    }
    let mut land = MultiPolygon::new(vec![]);
    for (c, r) in kept {
        land = land.union(&disc(c, r));
    }
    land
}

/// For each settlement with a territory, the share of the territory's land reached
/// within `minutes` from the nearest of `facilities` (indices into
/// `World::facilities`): residents spread evenly over their land are reached in that
/// share. `territories` is indexed like `World::settlements`, each entry the
/// settlement's territory in projected metres and its area (m²), `None` for a
/// settlement that is a single point.
///
/// # Algorithm
/// One multi-source search over the hubs, cut off at `minutes`
/// ([`hub_minutes_multi`]). The land reached on an island is the union of discs of
/// radius `minutes left × speed ÷ detour` around each source on it and each hub
/// reached with minutes to spare, as for [`service_area`]. A territory counts the
/// land reached on its own settlement's island only: a disc of another island that
/// spills across the water reaches nobody.
///
/// # Runtime
/// O((H + E) log H) for the search, then per island holding a territory the union
/// of its discs, and per territory one intersection; islands and territories in
/// parallel.
pub fn reached_shares(
    net: &Network,
    territories: &[Option<(MultiPolygon<f64>, f64)>],
    facilities: &[usize],
    minutes: f64,
) -> Vec<Option<f64>> {
    if let Some(r) = &net.roads {
        let origins = facility_origins(net, facilities);
        let labels = search_from(net, &origins, minutes, None);
        let mut wanted: Vec<usize> = territories
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_some())
            .map(|(s, _)| net.settlement_island[s])
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let per_island: BTreeMap<usize, Vec<Polygon<f64>>> =
            land_with_roads(net, r, &labels, &origins, minutes)
                .into_iter()
                .filter(|(i, _)| wanted.binary_search(i).is_ok())
                .collect();
        // Outlines do not matter here: a territory lies on its island.
        let land: BTreeMap<usize, MultiPolygon<f64>> = per_island
            .into_par_iter()
            .map(|(i, polys)| (i, unary_union(&polys)))
            .collect();
        return shares_of(net, territories, &land);
    }
    let at_hub = hub_minutes_multi(net, facilities, minutes);
    let mut wanted: Vec<usize> = territories
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_some())
        .map(|(s, _)| net.settlement_island[s])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let land: BTreeMap<usize, MultiPolygon<f64>> = wanted
        .par_iter()
        .map(|&i| {
            let mut discs: Vec<(Coord<f64>, f64)> = facilities
                .iter()
                .filter(|&&f| net.facility_island[f] == i)
                .map(|&f| (net.facility_xy[f], net.profile.reach_m(minutes)))
                .collect();
            for &h in &net.hubs_by_island[i] {
                if at_hub[h] <= minutes {
                    discs.push((net.hubs[h].xy, net.profile.reach_m(minutes - at_hub[h])));
                }
            }
            (i, united_discs(discs))
        })
        .collect();
    shares_of(net, territories, &land)
}

/// Each territory's share of its island's land reached.
fn shares_of(
    net: &Network,
    territories: &[Option<(MultiPolygon<f64>, f64)>],
    land: &BTreeMap<usize, MultiPolygon<f64>>,
) -> Vec<Option<f64>> {
    territories
        .par_iter()
        .enumerate()
        .map(|(s, t)| {
            let (area, total) = t.as_ref()?;
            if *total <= 0.0 {
                return Some(0.0);
            }
            let reached = land
                .get(&net.settlement_island[s])
                .map_or(0.0, |l| l.intersection(area).unsigned_area());
            Some((reached / total).clamp(0.0, 1.0))
        })
        .collect()
}

/// Draws every requested service area, in parallel; the result follows the requests'
/// order (sorted by facility, threshold and profile).
///
/// `population` is indexed like `World::settlements` (the residents of each).
pub fn service_areas(
    prepared: &Prepared,
    travel: &TravelTimes,
    requests: &[AreaRequest],
    population: &[u64],
) -> Vec<ServiceArea> {
    let outlines = &prepared.outlines;
    let mut requests = requests.to_vec();
    requests.sort();
    requests
        .par_iter()
        .map_init(
            || None,
            |buffer, r| {
                let net = travel.networks.get(&r.profile)?;
                let minutes = r.tenths_min as f64 / 10.0;
                let area = match &net.roads {
                    Some(roads) => {
                        service_area_on_roads(net, roads, outlines, r.facility, minutes, buffer)
                    }
                    None => service_area(net, outlines, r.facility, minutes),
                };
                let area_km2 = area.unsigned_area() / 1e6;
                let residents = residents_inside(prepared, population, &area);
                Some(ServiceArea {
                    facility: r.facility,
                    minutes,
                    profile: r.profile.clone(),
                    rules: r.rules.clone(),
                    area,
                    area_km2,
                    residents,
                })
            },
        )
        .flatten()
        .collect()
}

/// Residents inside `area` (projected metres): for each settlement with a territory,
/// its residents × (territory ∩ area) ÷ territory; for one without, all its residents
/// when its point lies inside. See [`ServiceArea::residents`].
///
/// # Runtime
/// O(S) bounding-box tests, then one intersection per territory whose box meets the
/// area's.
pub fn residents_inside(prepared: &Prepared, population: &[u64], area: &MultiPolygon<f64>) -> f64 {
    use geo::{BoundingRect, Contains, Intersects};
    let Some(bbox) = area.bounding_rect() else {
        return 0.0;
    };
    let mut total = 0.0;
    for (s, &people) in population.iter().enumerate() {
        if people == 0 {
            continue;
        }
        match prepared.territories.get(s).and_then(Option::as_ref) {
            Some((t, land)) => {
                if *land <= 0.0 || !t.bounding_rect().is_some_and(|b| b.intersects(&bbox)) {
                    continue;
                }
                let inside = t.intersection(area).unsigned_area();
                total += people as f64 * (inside / land).clamp(0.0, 1.0);
            }
            None => {
                let xy = prepared.settlement_xy[s];
                if bbox.intersects(&xy) && area.contains(&xy) {
                    total += people as f64;
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use geo::Validation;

    #[test]
    fn disc_is_a_closed_valid_64_gon_close_to_the_circle_area() {
        let d = disc(Coord { x: 10.0, y: -5.0 }, 1000.0);

        assert_eq!(d.exterior().0.len(), DISC_VERTICES + 1);
        assert!(d.is_valid());
        // A regular n-gon inscribed in radius r has area n r² sin(2π/n) / 2.
        let want = 64.0 * 1e6 * (TAU / 64.0).sin() / 2.0;
        assert_relative_eq!(d.unsigned_area(), want, max_relative = 1e-9);
    }
}
