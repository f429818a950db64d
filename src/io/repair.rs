//! Repaired copies of invalid outlines, for `isleplan check --repair`.
//!
//! A run rejects an island or territory whose outline is invalid (self-touching
//! or crossing rings, spikes, duplicate or overlapping parts, holes outside their
//! shell). On request, each such outline is made valid — each polygon by geo's
//! `MakeValid` (the constrained-triangulation repair of Ledoux, Arroyo Ohori and
//! Meijers 2014), then the pieces that share area unioned (geo's `unary_union`,
//! so a duplicated or overlapping part counts once instead of cancelling out
//! under the odd-even rule)
//! — and written as a copy with what changed. The input is never touched, and a
//! run still rejects the original: the user decides whether to use the copy.

use geo::{BoundingRect, GeodesicArea, MakeValid, MultiPolygon, Orient};
use serde_json::Value;

use super::geometry::{self, Geom};
use super::gpkg::to_geojson;
use super::source::{LayerSource, SourceFeature};
use crate::error::Result;

/// One repaired feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    /// 0-based position in its layer.
    pub index: usize,
    /// Its id, when it has one.
    pub id: Option<String>,
    /// Why a run rejects the original.
    pub problem: String,
    /// What the repair changed, in words.
    pub changes: String,
    /// The repaired feature (its properties, `repair` added; the geometry made
    /// valid), or `None` when the repair failed (`changes` says why).
    pub feature: Option<Value>,
}

/// The repairs of one polygon layer (`role`: `islands`, `territories`).
pub fn repair_layer(src: &LayerSource, role: &str) -> Result<Vec<Repaired>> {
    let label = src.label(role);
    let mut out = Vec::new();
    src.read(&label, &[], |f: SourceFeature| {
        if f.problem.is_some() || f.geometry.is_null() {
            return;
        }
        let Ok(parsed) = geometry::parse(&f.geometry) else {
            return;
        };
        let Geom::Area(mp) = parsed.geom else {
            return;
        };
        let Some(problem) = geometry::outline_problem(&mp) else {
            return;
        };
        let (changes, fixed) = match make_valid(&mp) {
            Ok(fixed) => (describe(&mp, &fixed), Some(fixed)),
            Err(why) => (format!("not repaired: {why}"), None),
        };
        let feature = fixed.map(|fixed| {
            let mut props = f.props.clone();
            props.insert("repair".into(), Value::String(changes.clone()));
            serde_json::json!({
                "type": "Feature",
                "properties": props,
                "geometry": to_geojson(&geo::Geometry::MultiPolygon(fixed)),
            })
        });
        out.push(Repaired {
            index: f.index,
            id: f.id,
            problem,
            changes,
            feature,
        });
    })?;
    Ok(out)
}

/// A valid version of `mp` (exteriors counter-clockwise), or why there is none.
/// Pieces that share area are unioned; vertices elsewhere are kept exactly.
pub fn make_valid(mp: &MultiPolygon<f64>) -> std::result::Result<MultiPolygon<f64>, String> {
    let mut pieces = Vec::new();
    for p in &mp.0 {
        let fixed = p.make_valid().map_err(|e| format!("{e:?}"))?;
        pieces.extend(fixed.0);
    }
    // The union (i_overlay, on an integer grid: it moves vertices by about
    // 5e-11°, a few micrometres) only when two pieces share area.
    let fixed = if overlapping(&pieces) {
        geo::unary_union(&pieces)
    } else {
        MultiPolygon(pieces)
    }
    .orient(geo::orient::Direction::Default);
    if fixed.0.is_empty() {
        return Err("nothing of the outline encloses any area".into());
    }
    if let Some(p) = geometry::outline_problem(&fixed) {
        return Err(format!("the repaired outline is still invalid ({p})"));
    }
    Ok(fixed)
}

/// Whether two of the polygons share area (their interiors meet).
fn overlapping(pieces: &[geo::Polygon<f64>]) -> bool {
    use geo::coordinate_position::CoordPos;
    use geo::dimensions::Dimensions;
    use geo::Relate;
    let boxes: Vec<_> = pieces.iter().map(BoundingRect::bounding_rect).collect();
    for i in 0..pieces.len() {
        for j in i + 1..pieces.len() {
            let (Some(a), Some(b)) = (boxes[i], boxes[j]) else {
                continue;
            };
            let apart = a.max().x < b.min().x
                || b.max().x < a.min().x
                || a.max().y < b.min().y
                || b.max().y < a.min().y;
            if !apart
                && pieces[i]
                    .relate(&pieces[j])
                    .get(CoordPos::Inside, CoordPos::Inside)
                    == Dimensions::TwoDimensional
            {
                return true;
            }
        }
    }
    false
}

/// What changed, for the `repair` field: parts, holes, vertices and area
/// (geodesic, m²) before and after.
pub fn describe(before: &MultiPolygon<f64>, after: &MultiPolygon<f64>) -> String {
    let holes = |m: &MultiPolygon<f64>| m.0.iter().map(|p| p.interiors().len()).sum::<usize>();
    let vertices = |m: &MultiPolygon<f64>| {
        m.0.iter()
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum::<usize>()
    };
    let area = |m: &MultiPolygon<f64>| m.geodesic_area_unsigned();
    let moved = match (before.bounding_rect(), after.bounding_rect()) {
        (Some(a), Some(b)) if a != b => ", its bounding box changed",
        _ => "",
    };
    format!(
        "made valid: {} → {} parts, {} → {} holes, {} → {} vertices, area {:.0} → {:.0} m²{moved}",
        before.0.len(),
        after.0.len(),
        holes(before),
        holes(after),
        vertices(before),
        vertices(after),
        area(before),
        area(after)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    #[test]
    fn a_bowtie_becomes_two_triangles() {
        // Crossing at (0.5, 0.5): two triangles of 0.25 square degrees each.
        let bowtie = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)
        ]]);
        assert!(geometry::outline_problem(&bowtie).is_some());

        let fixed = make_valid(&bowtie).unwrap();

        assert_eq!(fixed.0.len(), 2);
        assert!((fixed.unsigned_area() - 0.5).abs() < 1e-12);
        assert!(geometry::outline_problem(&fixed).is_none());
    }

    #[test]
    fn a_spike_is_cut_off() {
        // A square of 0.1° with a spike out to (0.15, 0.05) and back along the
        // same edge: the spike encloses nothing, the square's 0.01 square degrees stay.
        let spiked = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 0.1, y: 0.0), (x: 0.15, y: 0.05), (x: 0.1, y: 0.0),
            (x: 0.1, y: 0.1), (x: 0.0, y: 0.1), (x: 0.0, y: 0.0)
        ]]);
        assert!(geometry::outline_problem(&spiked).is_some());

        let fixed = make_valid(&spiked).unwrap();

        assert_eq!(fixed.0.len(), 1, "{fixed:?}");
        assert!(
            (fixed.unsigned_area() - 0.01).abs() < 1e-12,
            "{fixed:?} {}",
            fixed.unsigned_area()
        );
        assert!(!fixed.0[0].exterior().0.iter().any(|c| c.x > 0.1));
    }

    #[test]
    fn a_duplicated_part_counts_once() {
        let square = polygon![
            (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0), (x: 0.0, y: 0.0)
        ];
        let twice = MultiPolygon(vec![square.clone(), square]);
        assert!(geometry::outline_problem(&twice).is_some());

        let fixed = make_valid(&twice).unwrap();

        assert_eq!(fixed.0.len(), 1);
        // The union's grid moves vertices by a few micrometres at most.
        assert!((fixed.unsigned_area() - 1.0).abs() < 1e-8);
        assert!(describe(&twice, &fixed).starts_with("made valid: 2 → 1 parts"));
    }
}
