//! Geometry in metres: a local transverse Mercator projection chosen for the dataset.
//!
//! Every distance in isleplan is measured in metres on this plane, never in degrees.
//! Inputs and outputs stay lon/lat on WGS84; this module owns the round trip.

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// WGS84 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// WGS84 flattening.
const F: f64 = 1.0 / 298.257_223_563;

/// A transverse Mercator projection on WGS84, centred on the dataset.
///
/// # Algorithm
/// Snyder, *Map Projections — A Working Manual* (USGS PP 1395, 1987), equations
/// 8-9 to 8-11 (forward) and 8-18 to 8-25 (inverse), with scale 1 on the central
/// meridian and the origin at the dataset's centre. Within 3° of the centre the
/// scale error stays under 0.14 %, and under 0.004 % within 0.5° (a district).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalProjection {
    lon0: f64,
    lat0: f64,
    m0: f64,
}

impl LocalProjection {
    /// A projection centred on `center` (lon/lat, degrees).
    pub fn new(center: Coord<f64>) -> Self {
        let lat0 = center.y.to_radians();
        Self {
            lon0: center.x.to_radians(),
            lat0,
            m0: meridian_arc(lat0),
        }
    }

    /// A projection for the points given: centred on their bounding box, rounded to
    /// 0.1° so that small edits to a dataset do not move the plane.
    pub fn for_points(points: impl IntoIterator<Item = Coord<f64>>) -> Self {
        let mut lo = Coord {
            x: f64::INFINITY,
            y: f64::INFINITY,
        };
        let mut hi = Coord {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        };
        for p in points {
            lo.x = lo.x.min(p.x);
            lo.y = lo.y.min(p.y);
            hi.x = hi.x.max(p.x);
            hi.y = hi.y.max(p.y);
        }
        if !lo.x.is_finite() {
            return Self::new(Coord { x: 0.0, y: 0.0 });
        }
        let round = |v: f64| (v * 10.0).round() / 10.0;
        Self::new(Coord {
            x: round((lo.x + hi.x) / 2.0),
            y: round((lo.y + hi.y) / 2.0),
        })
    }

    /// The centre (lon/lat, degrees).
    pub fn center(&self) -> Coord<f64> {
        Coord {
            x: self.lon0.to_degrees(),
            y: self.lat0.to_degrees(),
        }
    }

    /// Lon/lat degrees → metres east and north of the centre.
    pub fn forward(&self, p: Coord<f64>) -> Coord<f64> {
        let e2 = F * (2.0 - F);
        let ep2 = e2 / (1.0 - e2);
        let phi = p.y.to_radians();
        let (sin, cos) = phi.sin_cos();
        let n = A / (1.0 - e2 * sin * sin).sqrt();
        let t = (sin / cos).powi(2);
        let c = ep2 * cos * cos;
        // The longitude difference the short way round, so a point just across the
        // 180° meridian from the centre is a few metres away, not a world away
        // (unchanged, bit for bit, within half a world of the centre).
        let mut dlon = p.x.to_radians() - self.lon0;
        if dlon > std::f64::consts::PI {
            dlon -= std::f64::consts::TAU;
        } else if dlon < -std::f64::consts::PI {
            dlon += std::f64::consts::TAU;
        }
        let a = dlon * cos;
        let m = meridian_arc(phi);
        let x = n
            * (a + (1.0 - t + c) * a.powi(3) / 6.0
                + (5.0 - 18.0 * t + t * t + 72.0 * c - 58.0 * ep2) * a.powi(5) / 120.0);
        let y = m - self.m0
            + n * (sin / cos)
                * (a * a / 2.0
                    + (5.0 - t + 9.0 * c + 4.0 * c * c) * a.powi(4) / 24.0
                    + (61.0 - 58.0 * t + t * t + 600.0 * c - 330.0 * ep2) * a.powi(6) / 720.0);
        Coord { x, y }
    }

    /// Metres east and north of the centre → lon/lat degrees.
    pub fn inverse(&self, p: Coord<f64>) -> Coord<f64> {
        let e2 = F * (2.0 - F);
        let ep2 = e2 / (1.0 - e2);
        let e4 = e2 * e2;
        let e6 = e4 * e2;
        let m = self.m0 + p.y;
        let mu = m / (A * (1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0));
        let r = (1.0 - e2).sqrt();
        let e1 = (1.0 - r) / (1.0 + r);
        let phi1 = mu
            + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
            + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
            + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
            + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
        let (sin1, cos1) = phi1.sin_cos();
        let c1 = ep2 * cos1 * cos1;
        let t1 = (sin1 / cos1).powi(2);
        let w = 1.0 - e2 * sin1 * sin1;
        let n1 = A / w.sqrt();
        let r1 = A * (1.0 - e2) / w.powf(1.5);
        let d = p.x / n1;
        let phi = phi1
            - (n1 * sin1 / cos1 / r1)
                * (d * d / 2.0
                    - (5.0 + 3.0 * t1 + 10.0 * c1 - 4.0 * c1 * c1 - 9.0 * ep2) * d.powi(4) / 24.0
                    + (61.0 + 90.0 * t1 + 298.0 * c1 + 45.0 * t1 * t1
                        - 252.0 * ep2
                        - 3.0 * c1 * c1)
                        * d.powi(6)
                        / 720.0);
        let lon = self.lon0
            + (d - (1.0 + 2.0 * t1 + c1) * d.powi(3) / 6.0
                + (5.0 - 2.0 * c1 + 28.0 * t1 - 3.0 * c1 * c1 + 8.0 * ep2 + 24.0 * t1 * t1)
                    * d.powi(5)
                    / 120.0)
                / cos1;
        Coord {
            x: lon.to_degrees(),
            y: phi.to_degrees(),
        }
    }

    /// Projects every vertex of a multipolygon to metres.
    pub fn forward_multipolygon(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let ring = |ls: &LineString<f64>| ls.0.iter().map(|&c| self.forward(c)).collect();
        MultiPolygon(
            mp.0.iter()
                .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
                .collect(),
        )
    }

    /// Brings every vertex of a multipolygon back to lon/lat.
    pub fn inverse_multipolygon(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let ring = |ls: &LineString<f64>| ls.0.iter().map(|&c| self.inverse(c)).collect();
        MultiPolygon(
            mp.0.iter()
                .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
                .collect(),
        )
    }
}

/// Distance along the meridian from the equator to latitude `phi` (radians), metres.
fn meridian_arc(phi: f64) -> f64 {
    let e2 = F * (2.0 - F);
    let e4 = e2 * e2;
    let e6 = e4 * e2;
    A * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
        - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
        + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
        - (35.0 * e6 / 3072.0) * (6.0 * phi).sin())
}

/// Straight-line distance between two projected points, metres.
pub fn distance_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    fn lonlat(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn round_trip_is_below_a_millimetre() {
        let proj = LocalProjection::new(lonlat(122.3, 29.9));
        for &(x, y) in &[(122.3, 29.9), (121.5, 29.1), (123.4, 30.7), (122.7, 30.2)] {
            let back = proj.inverse(proj.forward(lonlat(x, y)));

            assert!((back.x - x).abs() < 1e-8, "lon {x} came back as {}", back.x);
            assert!((back.y - y).abs() < 1e-8, "lat {y} came back as {}", back.y);
        }
    }

    #[test]
    fn planar_distances_match_geodesic_ones_within_a_district() {
        let proj = LocalProjection::new(lonlat(122.3, 29.9));
        let pairs = [
            ((122.13, 29.72), (122.68, 30.20)),
            ((122.28, 30.00), (122.30, 29.87)),
            ((122.02, 29.74), (122.77, 30.13)),
        ];
        for ((ax, ay), (bx, by)) in pairs {
            let geodesic = Geodesic.distance(Point::new(ax, ay), Point::new(bx, by));

            let planar = distance_m(proj.forward(lonlat(ax, ay)), proj.forward(lonlat(bx, by)));

            let rel = (planar - geodesic).abs() / geodesic;
            assert!(rel < 1e-4, "planar {planar} vs geodesic {geodesic}");
        }
    }

    #[test]
    fn centre_is_the_origin_and_north_is_up() {
        let proj = LocalProjection::new(lonlat(122.3, 29.9));

        let origin = proj.forward(lonlat(122.3, 29.9));
        let north = proj.forward(lonlat(122.3, 30.0));
        let east = proj.forward(lonlat(122.4, 29.9));

        assert!(origin.x.abs() < 1e-6 && origin.y.abs() < 1e-6);
        assert!(north.y > 11_000.0 && north.x.abs() < 1e-6);
        assert!(east.x > 9_000.0 && east.y > 0.0 && east.y < 50.0);
    }

    #[test]
    fn points_across_the_antimeridian_are_as_far_apart_as_on_the_ground() {
        let proj = LocalProjection::new(lonlat(179.9, -17.0));
        let (a, b) = (lonlat(179.99, -17.0), lonlat(-179.99, -17.0));

        let planar = distance_m(proj.forward(a), proj.forward(b));

        let geodesic = Geodesic.distance(Point::new(a.x, a.y), Point::new(b.x, b.y));
        assert!(
            (planar - geodesic).abs() < 1.0,
            "{planar} m against {geodesic} m"
        );
    }

    #[test]
    fn dataset_centre_is_rounded_and_order_free() {
        let pts = [lonlat(122.02, 29.70), lonlat(122.77, 30.20)];

        let a = LocalProjection::for_points(pts);
        let b = LocalProjection::for_points(pts.into_iter().rev());

        assert_eq!(a, b);
        assert!((a.center().x - 122.4).abs() < 1e-9);
        assert!((a.center().y - 30.0).abs() < 1e-9);
    }
}
