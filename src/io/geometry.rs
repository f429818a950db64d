//! GeoJSON geometry → geo types, checked before conversion.
//!
//! The geojson crate panics on short positions when converting, and geo closes
//! rings and drops Z without a word; here every such case is either a stated repair
//! or a reason to reject the feature.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

use super::geojson::json_type;

/// A geometry the layers use.
#[derive(Debug, Clone, PartialEq)]
pub enum Geom {
    /// A Point.
    Point(Coord<f64>),
    /// A LineString.
    LineString(Vec<Coord<f64>>),
    /// A Polygon or MultiPolygon (a Polygon becomes a one-part MultiPolygon).
    Area(MultiPolygon<f64>),
}

impl Geom {
    /// The GeoJSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Point(_) => "Point",
            Self::LineString(_) => "LineString",
            Self::Area(mp) if mp.0.len() == 1 => "Polygon",
            Self::Area(_) => "MultiPolygon",
        }
    }
}

/// Why a geometry was not usable.
#[derive(Debug, Clone, PartialEq)]
pub enum GeomError {
    /// A coordinate outside lon ±180 / lat ±90: the layer is probably projected.
    OutOfRange(Coord<f64>),
    /// A ring or line that runs across the 180° meridian, from the westmost to the
    /// eastmost longitude given: fatal for the dataset.
    Antimeridian {
        /// The lowest longitude of the ring or line.
        west: f64,
        /// The highest.
        east: f64,
    },
    /// Any other problem, stated for the user.
    Invalid(String),
}

/// A geometry with the repairs made to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The geometry.
    pub geom: Geom,
    /// Repairs made (Z dropped, ring closed).
    pub repairs: Vec<String>,
}

/// Parses a GeoJSON geometry object.
pub fn parse(value: &Value) -> Result<Parsed, GeomError> {
    let invalid = |m: String| GeomError::Invalid(m);
    let Value::Object(obj) = value else {
        return Err(invalid(format!(
            "expected a geometry object, found {}",
            json_type(value)
        )));
    };
    let ty = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("the geometry has no `type`".into()))?;
    let coords = || {
        obj.get("coordinates")
            .ok_or_else(|| invalid(format!("the {ty} has no `coordinates`")))
    };
    let mut repairs = Vec::new();
    let mut z = false;
    let geom = match ty {
        "Point" => Geom::Point(position(coords()?, &mut z)?),
        "LineString" => {
            let line = positions(coords()?, &mut z)?;
            if line.len() < 2 {
                return Err(invalid(format!(
                    "a LineString needs at least 2 positions (got {})",
                    line.len()
                )));
            }
            Geom::LineString(line)
        }
        "Polygon" => Geom::Area(MultiPolygon(vec![polygon(
            coords()?,
            &mut z,
            &mut repairs,
        )?])),
        "MultiPolygon" => {
            let parts = array(coords()?, "MultiPolygon coordinates")?;
            if parts.is_empty() {
                return Err(invalid("empty MultiPolygon".into()));
            }
            let polys = parts
                .iter()
                .map(|p| polygon(p, &mut z, &mut repairs))
                .collect::<Result<Vec<_>, _>>()?;
            Geom::Area(MultiPolygon(polys))
        }
        other => {
            return Err(invalid(format!("unsupported geometry type {other:?}")));
        }
    };
    if z {
        repairs.push("Z coordinates ignored".into());
    }
    match &geom {
        Geom::Area(mp) => check_antimeridian(mp)?,
        Geom::LineString(line) => {
            let (lo, hi) = line
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.x), hi.max(c.x))
                });
            if hi - lo > 180.0 {
                return Err(GeomError::Antimeridian { west: lo, east: hi });
            }
        }
        Geom::Point(_) => {}
    }
    Ok(Parsed { geom, repairs })
}

fn array<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, GeomError> {
    v.as_array().ok_or_else(|| {
        GeomError::Invalid(format!("{what} must be an array, found {}", json_type(v)))
    })
}

fn position(v: &Value, z: &mut bool) -> Result<Coord<f64>, GeomError> {
    let nums = array(v, "a position")?;
    if nums.len() < 2 {
        return Err(GeomError::Invalid(format!(
            "a position needs 2 numbers (got {})",
            Value::Array(nums.clone())
        )));
    }
    let num = |i: usize| {
        nums[i].as_f64().ok_or_else(|| {
            GeomError::Invalid(format!(
                "a position holds {} where a number is expected",
                json_type(&nums[i])
            ))
        })
    };
    let c = Coord {
        x: num(0)?,
        y: num(1)?,
    };
    for (i, n) in nums.iter().enumerate().skip(2) {
        if !n.is_number() {
            return Err(GeomError::Invalid(format!(
                "a position holds {} at place {i}",
                json_type(n)
            )));
        }
        *z = true;
    }
    if !c.x.is_finite() || !c.y.is_finite() {
        return Err(GeomError::Invalid("a position is not finite".into()));
    }
    if c.x.abs() > 180.0 || c.y.abs() > 90.0 {
        return Err(GeomError::OutOfRange(c));
    }
    Ok(c)
}

fn positions(v: &Value, z: &mut bool) -> Result<Vec<Coord<f64>>, GeomError> {
    array(v, "a coordinate list")?
        .iter()
        .map(|p| position(p, z))
        .collect()
}

fn polygon(v: &Value, z: &mut bool, repairs: &mut Vec<String>) -> Result<Polygon<f64>, GeomError> {
    let rings = array(v, "Polygon coordinates")?;
    if rings.is_empty() {
        return Err(GeomError::Invalid("empty polygon (no rings)".into()));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (i, r) in rings.iter().enumerate() {
        let mut ring = positions(r, z)?;
        if ring.is_empty() {
            return Err(GeomError::Invalid(format!(
                "empty polygon (ring {i} has no positions)"
            )));
        }
        if ring.first() != ring.last() {
            ring.push(ring[0]);
            repairs.push(format!("ring {i} was not closed; closed it"));
        }
        if ring.len() < 4 {
            return Err(GeomError::Invalid(format!(
                "ring {i} has {} positions; a ring needs at least 4",
                ring.len()
            )));
        }
        out.push(LineString(ring));
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

/// Refuses an area whose ring runs across the 180° meridian (a step of more than
/// 180° of longitude between two of its longitudes): the local projection needs
/// the data on one side of it (see `read`).
fn check_antimeridian(mp: &MultiPolygon<f64>) -> Result<(), GeomError> {
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let (lo, hi) = ring
                .0
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.x), hi.max(c.x))
                });
            if hi - lo > 180.0 {
                return Err(GeomError::Antimeridian { west: lo, east: hi });
            }
        }
    }
    Ok(())
}

/// Why an outline is not a valid area (self-intersection, crossing or nested
/// rings, overlapping parts), naming the part, the ring, the edges and the place,
/// or `None` when it is valid. O(n log n) in the vertices (see `outline`).
pub fn outline_problem(mp: &MultiPolygon<f64>) -> Option<String> {
    super::outline::problem(mp).map(|p| format!("invalid outline: {p}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_position_in_a_ring_is_rejected_not_a_panic() {
        let g = json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1], [0, 0]]]});

        let err = parse(&g).unwrap_err();

        assert!(matches!(err, GeomError::Invalid(m) if m.contains("2 numbers")));
    }

    #[test]
    fn unclosed_ring_is_closed_with_a_repair() {
        let g = json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]});

        let p = parse(&g).unwrap();

        let Geom::Area(mp) = &p.geom else { panic!() };
        assert_eq!(mp.0[0].exterior().0.len(), 5);
        assert!(p.repairs[0].contains("closed"));
    }

    #[test]
    fn empty_polygon_is_rejected() {
        let err = parse(&json!({"type": "Polygon", "coordinates": []})).unwrap_err();

        assert!(matches!(err, GeomError::Invalid(m) if m.contains("empty polygon")));
    }

    #[test]
    fn projected_metres_are_out_of_range() {
        let err =
            parse(&json!({"type": "Point", "coordinates": [512345.0, 3301234.0]})).unwrap_err();

        assert!(matches!(err, GeomError::OutOfRange(_)));
    }

    #[test]
    fn z_is_dropped_with_a_repair() {
        let p = parse(&json!({"type": "Point", "coordinates": [122.0, 29.0, 5.0]})).unwrap();

        assert_eq!(p.geom, Geom::Point(Coord { x: 122.0, y: 29.0 }));
        assert_eq!(p.repairs, vec!["Z coordinates ignored".to_owned()]);
    }

    #[test]
    fn bow_tie_outline_has_a_problem() {
        let g =
            json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]});
        let Geom::Area(mp) = parse(&g).unwrap().geom else {
            panic!()
        };

        let problem = outline_problem(&mp);

        assert!(problem.unwrap().contains("self-intersection"));
    }

    #[test]
    fn antimeridian_ring_is_refused_not_shifted() {
        let g = json!({"type": "Polygon", "coordinates": [[[179.5, 0], [-179.5, 0], [-179.5, 1], [179.5, 1], [179.5, 0]]]});

        let err = parse(&g).unwrap_err();

        assert_eq!(
            err,
            GeomError::Antimeridian {
                west: -179.5,
                east: 179.5
            }
        );
    }
}
