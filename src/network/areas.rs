//! Service areas: the land a facility reaches within some minutes, as polygons.
//!
//! A "15-minute circle" drawn for QGIS is the land reachable in 15 minutes: a disc on
//! the facility's own island, and discs around the piers and bridge ends reached with
//! minutes to spare on other islands, each clipped to its island's outline when the
//! dataset has one. Everything here is in projected metres; the writer brings the
//! polygons back to lon/lat.

use std::collections::BTreeMap;
use std::f64::consts::TAU;

use geo::{Area, BooleanOps, Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;

use super::travel::{hub_minutes_from, hub_minutes_multi, TravelTimes};
use super::Network;
use crate::prepared::Prepared;
use crate::projection::distance_m;

/// Vertices of the polygon standing for a disc.
pub const DISC_VERTICES: usize = 64;

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
pub fn service_areas(
    prepared: &Prepared,
    travel: &TravelTimes,
    requests: &[AreaRequest],
) -> Vec<ServiceArea> {
    let outlines = &prepared.outlines;
    let mut requests = requests.to_vec();
    requests.sort();
    requests
        .par_iter()
        .filter_map(|r| {
            let net = travel.networks.get(&r.profile)?;
            let minutes = r.tenths_min as f64 / 10.0;
            let area = service_area(net, outlines, r.facility, minutes);
            let area_km2 = area.unsigned_area() / 1e6;
            Some(ServiceArea {
                facility: r.facility,
                minutes,
                profile: r.profile.clone(),
                rules: r.rules.clone(),
                area,
                area_km2,
            })
        })
        .collect()
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
