//! The datum a layer's coordinates are written in, and the way to WGS84.
//!
//! - `EPSG:4326` (WGS84) is what isleplan computes and writes.
//! - `EPSG:4490` (CGCS2000) is read as WGS84: the two realisations differ by a few
//!   centimetres at the surface, far below anything a service-coverage plan can see
//!   (the two ellipsoids differ only in their flattening, by 1.6e-11, and the frames
//!   agree to the ITRF realisation used, a few centimetres).
//! - `GCJ-02` (the offset datum of Chinese web maps: AMap/Gaode, Tencent) is turned
//!   back into WGS84 with an iterative inverse of the published forward formula.
//!
//! The forward formula is the one published by the reverse-engineering of the
//! datum (Krasovsky 1940 ellipsoid, a = 6 378 245 m, e² = 0.006 693 421 622 965 943 23,
//! and the two trigonometric series below), the formula every open GCJ-02 library
//! implements; it is defined inside a box around China only (`in_gcj02_domain`).
//! The inverse has no closed form: starting from the GCJ-02 point, the WGS84 guess
//! is corrected by the forward offset of the guess until the forward image of the
//! guess lies within 1e-10° (about 0.01 mm) of the point; the offset changes by
//! less than 1e-4 of a degree per degree, so each step gains about four digits and
//! three or four steps are enough.

use geo::Coord;

/// The datums a dataset layer may declare with `crs = "…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Datum {
    /// `EPSG:4326`: lon/lat on WGS84.
    Wgs84,
    /// `EPSG:4490`: lon/lat on CGCS2000, read as WGS84.
    Cgcs2000,
    /// `GCJ-02`: the offset datum of Chinese web maps.
    Gcj02,
}

/// The names `crs` accepts, for messages.
pub const KNOWN_CRS: &str = "\"EPSG:4326\" (WGS84), \"EPSG:4490\" (CGCS2000) or \"GCJ-02\"";

impl Datum {
    /// The datum `crs = name` means (case and spaces ignored), or `None`.
    pub fn parse(name: &str) -> Option<Self> {
        let n: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        match n.as_str() {
            "EPSG:4326" | "WGS84" | "CRS84" | "OGC:CRS84" => Some(Self::Wgs84),
            "EPSG:4490" | "CGCS2000" => Some(Self::Cgcs2000),
            "GCJ-02" | "GCJ02" => Some(Self::Gcj02),
            _ => None,
        }
    }

    /// The datum of an EPSG code a GeoPackage declares, or `None` for any other.
    pub fn from_epsg(code: i64) -> Option<Self> {
        match code {
            4326 => Some(Self::Wgs84),
            4490 => Some(Self::Cgcs2000),
            _ => None,
        }
    }

    /// The name as written in a scenario.
    pub fn name(self) -> &'static str {
        match self {
            Self::Wgs84 => "EPSG:4326",
            Self::Cgcs2000 => "EPSG:4490",
            Self::Gcj02 => "GCJ-02",
        }
    }

    /// What `location_method` records on each feature read in this datum
    /// (`None` for WGS84, which is taken as it is).
    pub fn location_method(self) -> Option<&'static str> {
        match self {
            Self::Wgs84 => None,
            Self::Cgcs2000 => Some("CGCS2000 (EPSG:4490) read as WGS84: the two differ by centimetres"),
            Self::Gcj02 => Some("GCJ-02 converted to WGS84 by the iterative inverse of the published forward formula (residual under 0.01 mm)"),
        }
    }

    /// The WGS84 point for a point in this datum, or why there is none.
    pub fn to_wgs84(self, c: Coord<f64>) -> Result<Coord<f64>, String> {
        match self {
            Self::Wgs84 | Self::Cgcs2000 => Ok(c),
            Self::Gcj02 => gcj02_to_wgs84(c),
        }
    }
}

/// Krasovsky 1940 semi-major axis, metres (the ellipsoid of the GCJ-02 formula).
const A: f64 = 6_378_245.0;
/// Krasovsky 1940 first eccentricity squared, as the formula publishes it (more
/// digits than an f64 holds; the value is the nearest f64).
#[allow(clippy::excessive_precision)]
const EE: f64 = 0.006_693_421_622_965_943_23;

/// Whether a lon/lat lies in the box where GCJ-02 is defined (the published
/// bounds of the formula: longitude 72.004–137.8347° E, latitude 0.8293–55.8271° N).
/// Outside it, Chinese web maps apply no offset and a `GCJ-02` label is wrong.
pub fn in_gcj02_domain(c: Coord<f64>) -> bool {
    (72.004..=137.8347).contains(&c.x) && (0.8293..=55.8271).contains(&c.y)
}

fn series_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn series_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// The GCJ-02 offset (degrees) of a WGS84 point inside the domain.
fn offset(c: Coord<f64>) -> Coord<f64> {
    use std::f64::consts::PI;
    let (x, y) = (c.x - 105.0, c.y - 35.0);
    let rad_lat = c.y / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let d_lat = series_lat(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = series_lon(x, y) * 180.0 / (A / sqrt_magic * rad_lat.cos() * PI);
    Coord { x: d_lon, y: d_lat }
}

/// WGS84 → GCJ-02 (the forward formula); a point outside the domain is returned
/// unchanged, as the web maps do.
pub fn wgs84_to_gcj02(c: Coord<f64>) -> Coord<f64> {
    if !in_gcj02_domain(c) {
        return c;
    }
    let d = offset(c);
    Coord {
        x: c.x + d.x,
        y: c.y + d.y,
    }
}

/// GCJ-02 → WGS84 by fixed-point iteration on the forward formula, or why not: a
/// point outside the domain (no GCJ-02 offset is defined there).
pub fn gcj02_to_wgs84(g: Coord<f64>) -> Result<Coord<f64>, String> {
    if !g.x.is_finite() || !g.y.is_finite() || !in_gcj02_domain(g) {
        return Err(format!(
            "the point ({}, {}) lies outside the domain of GCJ-02 (longitude 72.004–137.8347, latitude 0.8293–55.8271): it cannot be GCJ-02; is the layer's `crs` right?",
            g.x, g.y
        ));
    }
    let mut w = g;
    for _ in 0..30 {
        let f = wgs84_to_gcj02(w);
        let (dx, dy) = (f.x - g.x, f.y - g.y);
        if dx.abs() < 1e-10 && dy.abs() < 1e-10 {
            break;
        }
        w = Coord {
            x: w.x - dx,
            y: w.y - dy,
        };
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Haversine, Point};

    fn distance_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
        Haversine.distance(Point(a), Point(b))
    }

    /// Published control points: the test vectors of the eviltransform project
    /// (googollee/eviltransform, its test files in every language), as
    /// (WGS84 lat, lon) → (GCJ-02 lat, lon): Shanghai, Shenzhen, Beijing.
    const CONTROL: [([f64; 2], [f64; 2]); 3] = [
        (
            [31.1774276, 121.5272106],
            [31.17530398364597, 121.531541859215],
        ),
        (
            [22.543847, 113.912316],
            [22.540796131694766, 113.9171764808363],
        ),
        (
            [39.911954, 116.377817],
            [39.91334545536069, 116.38404722455657],
        ),
    ];

    fn c(latlon: [f64; 2]) -> Coord<f64> {
        Coord {
            x: latlon[1],
            y: latlon[0],
        }
    }

    #[test]
    fn forward_matches_the_published_control_points() {
        for (wgs, gcj) in CONTROL {
            let got = wgs84_to_gcj02(c(wgs));

            assert!((got.x - gcj[1]).abs() < 1e-9, "{got:?} vs {gcj:?}");
            assert!((got.y - gcj[0]).abs() < 1e-9, "{got:?} vs {gcj:?}");
        }
    }

    #[test]
    fn inverse_returns_the_published_wgs84_points_within_a_millimetre() {
        for (wgs, gcj) in CONTROL {
            let back = gcj02_to_wgs84(c(gcj)).unwrap();

            // The offset is 300–700 m here (Shanghai: 0.0043° east, 0.0021° south);
            // the inverse must undo it to the millimetre.
            let d = distance_m(back, c(wgs));
            assert!(d < 0.001, "{d} m off at {wgs:?}");
        }
    }

    #[test]
    fn round_trip_holds_across_putuo() {
        // A grid over Putuo (121.9–122.9 E, 29.5–30.3 N): forward then inverse.
        for i in 0..=10 {
            for j in 0..=8 {
                let w = Coord {
                    x: 121.9 + 0.1 * f64::from(i),
                    y: 29.5 + 0.1 * f64::from(j),
                };
                let back = gcj02_to_wgs84(wgs84_to_gcj02(w)).unwrap();
                assert!(distance_m(back, w) < 0.001, "{w:?} → {back:?}");
            }
        }
    }

    #[test]
    fn outside_the_domain_is_refused() {
        let err = gcj02_to_wgs84(Coord { x: 2.35, y: 48.85 }).unwrap_err();

        assert!(err.contains("outside the domain of GCJ-02"), "{err}");
        assert_eq!(
            wgs84_to_gcj02(Coord { x: 2.35, y: 48.85 }),
            Coord { x: 2.35, y: 48.85 }
        );
    }

    #[test]
    fn names_parse_and_typos_do_not() {
        assert_eq!(Datum::parse("epsg:4490"), Some(Datum::Cgcs2000));
        assert_eq!(Datum::parse("GCJ-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("EPSG:4362"), None);
        assert_eq!(Datum::parse("GJC-02"), None);
    }
}
