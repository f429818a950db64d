//! Spatial indexes in projected metres: points by id, and island outlines.
//!
//! Both are R-trees (rstar) bulk-loaded from data sorted by id, so queries that
//! tie are broken by id and answers never depend on input order.

use geo::{Contains, Coord, Distance, Euclidean, MultiPolygon, Point, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use crate::projection::distance_m;

/// Points (projected metres) tagged with their position in a sorted list.
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 2], usize>>,
}

impl PointIndex {
    /// Indexes `points`; the tag of each is its position in the slice.
    pub fn new(points: &[Coord<f64>]) -> Self {
        let items = points
            .iter()
            .enumerate()
            .map(|(i, c)| GeomWithData::new([c.x, c.y], i))
            .collect();
        Self {
            tree: RTree::bulk_load(items),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether the index holds no points.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The nearest point to `p` among those `keep` accepts, with its distance in
    /// metres; ties go to the lower tag.
    ///
    /// # Runtime
    /// O(log n) expected when `keep` accepts most points; it walks outward in
    /// distance order until the first accepted point and its exact ties.
    pub fn nearest(
        &self,
        p: Coord<f64>,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for item in self.tree.nearest_neighbor_iter(&[p.x, p.y]) {
            let d = distance_m(
                p,
                Coord {
                    x: item.geom()[0],
                    y: item.geom()[1],
                },
            );
            if let Some((_, bd)) = best {
                if d > bd {
                    break;
                }
            }
            if keep(item.data) {
                best = match best {
                    Some((bi, bd)) if bd == d && bi < item.data => Some((bi, bd)),
                    _ => Some((item.data, d)),
                };
            }
        }
        best
    }

    /// Tags of the points within `radius_m` of `p`, sorted.
    pub fn within(&self, p: Coord<f64>, radius_m: f64) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .tree
            .locate_within_distance([p.x, p.y], radius_m * radius_m)
            .map(|item| item.data)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Island outlines (projected metres), for point-in-polygon and snapping.
#[derive(Debug, Clone)]
pub struct OutlineIndex {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    parts: Vec<(usize, Polygon<f64>)>,
    /// Per tag, the range of its parts in `parts`.
    by_tag: Vec<std::ops::Range<usize>>,
}

/// Where a point falls among the outlines.
#[derive(Debug, Clone, PartialEq)]
pub enum Located {
    /// Inside the outline with this tag.
    Inside(usize),
    /// Outside every outline; this one is the nearest, at this distance (metres).
    Near(usize, f64),
    /// No outline within the search radius.
    Nowhere,
}

impl OutlineIndex {
    /// Indexes each part of each outline; `outlines[i]` is tagged `i`.
    pub fn new(outlines: &[Option<MultiPolygon<f64>>]) -> Self {
        let mut parts = Vec::new();
        let mut by_tag = Vec::with_capacity(outlines.len());
        for (tag, mp) in outlines.iter().enumerate() {
            let start = parts.len();
            if let Some(mp) = mp {
                parts.extend(mp.0.iter().map(|p| (tag, p.clone())));
            }
            by_tag.push(start..parts.len());
        }
        let items = parts
            .iter()
            .enumerate()
            .filter_map(|(i, (_, poly))| {
                let r = geo::BoundingRect::bounding_rect(poly)?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(items),
            parts,
            by_tag,
        }
    }

    /// Distance in metres from `p` to the outline tagged `tag`: 0 inside it,
    /// `None` when that tag has no outline.
    ///
    /// # Runtime
    /// O(v) for the v vertices of the outline.
    pub fn distance_to(&self, tag: usize, p: Coord<f64>) -> Option<f64> {
        let range = self.by_tag.get(tag)?.clone();
        if range.is_empty() {
            return None;
        }
        let pt = Point(p);
        let mut best = f64::INFINITY;
        for (_, poly) in &self.parts[range] {
            if poly.contains(&pt) {
                return Some(0.0);
            }
            best = best.min(Euclidean.distance(&pt, poly));
        }
        Some(best)
    }

    /// Whether any outline is indexed.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Finds the outline containing `p`, or else the nearest within `snap_m` metres.
    ///
    /// When outlines overlap (a data error), the lowest tag wins.
    pub fn locate(&self, p: Coord<f64>, snap_m: f64) -> Located {
        let pt = Point(p);
        let mut inside: Option<usize> = None;
        for item in self.tree.locate_all_at_point(&[p.x, p.y]) {
            let (tag, poly) = &self.parts[item.data];
            if poly.contains(&pt) {
                inside = Some(inside.map_or(*tag, |t| t.min(*tag)));
            }
        }
        if let Some(tag) = inside {
            return Located::Inside(tag);
        }
        let search = AABB::from_corners([p.x - snap_m, p.y - snap_m], [p.x + snap_m, p.y + snap_m]);
        let mut best: Option<(usize, f64)> = None;
        for item in self.tree.locate_in_envelope_intersecting(&search) {
            let (tag, poly) = &self.parts[item.data];
            let d = Euclidean.distance(&pt, poly);
            let better = match best {
                None => true,
                Some((bt, bd)) => d < bd || (d == bd && *tag < bt),
            };
            if better {
                best = Some((*tag, d));
            }
        }
        match best {
            Some((tag, d)) if d <= snap_m => Located::Near(tag, d),
            _ => Located::Nowhere,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Coord};

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    /// A small deterministic generator, so the oracle runs on fixed "random" data.
    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn nearest_matches_a_linear_scan() {
        let mut seed = 42;
        let pts: Vec<_> = (0..500)
            .map(|_| c(lcg(&mut seed) * 10_000.0, lcg(&mut seed) * 10_000.0))
            .collect();
        let index = PointIndex::new(&pts);
        for _ in 0..200 {
            let q = c(
                lcg(&mut seed) * 12_000.0 - 1_000.0,
                lcg(&mut seed) * 12_000.0 - 1_000.0,
            );
            let keep = |i: usize| i % 3 != 0;

            let got = index.nearest(q, keep).unwrap();

            let want = (0..pts.len())
                .filter(|&i| keep(i))
                .map(|i| (distance_m(q, pts[i]), i))
                .min_by(|a, b| a.partial_cmp(b).unwrap())
                .unwrap();
            assert_eq!(got.0, want.1);
            assert!((got.1 - want.0).abs() < 1e-9);
        }
    }

    #[test]
    fn nearest_breaks_ties_by_lower_tag() {
        let index = PointIndex::new(&[c(1.0, 0.0), c(-1.0, 0.0), c(0.0, 1.0)]);

        let (tag, d) = index.nearest(c(0.0, 0.0), |_| true).unwrap();

        assert_eq!(tag, 0);
        assert_eq!(d, 1.0);
    }

    #[test]
    fn within_matches_a_linear_scan() {
        let mut seed = 7;
        let pts: Vec<_> = (0..300)
            .map(|_| c(lcg(&mut seed) * 1_000.0, lcg(&mut seed) * 1_000.0))
            .collect();
        let index = PointIndex::new(&pts);
        let q = c(500.0, 500.0);

        let got = index.within(q, 200.0);

        let want: Vec<usize> = (0..pts.len())
            .filter(|&i| distance_m(q, pts[i]) <= 200.0)
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn locate_inside_near_and_nowhere() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
        let b = polygon![(x: 300.0, y: 0.0), (x: 400.0, y: 0.0), (x: 400.0, y: 100.0), (x: 300.0, y: 100.0)];
        let index = OutlineIndex::new(&[
            Some(MultiPolygon(vec![a])),
            None,
            Some(MultiPolygon(vec![b])),
        ]);

        assert_eq!(index.locate(c(50.0, 50.0), 30.0), Located::Inside(0));
        assert_eq!(index.locate(c(320.0, 50.0), 30.0), Located::Inside(2));
        assert_eq!(index.locate(c(120.0, 50.0), 30.0), Located::Near(0, 20.0));
        assert_eq!(index.locate(c(200.0, 50.0), 30.0), Located::Nowhere);
        assert_eq!(index.distance_to(0, c(50.0, 50.0)), Some(0.0));
        assert_eq!(index.distance_to(0, c(130.0, 50.0)), Some(30.0));
        assert_eq!(index.distance_to(1, c(50.0, 50.0)), None);
        assert_eq!(index.distance_to(2, c(250.0, 50.0)), Some(50.0));
    }
}
