//! The road graph of one profile: nodes where road lines share a vertex, one piece
//! of road between two nodes, minutes per direction, and the joining of points to
//! their nearest road.
//!
//! Nodes are the end points of every line and every vertex that appears more than
//! once in the layer (where two roads meet, or a road meets itself): a crossing
//! without a shared vertex is no junction (a bridge over a road). A piece's minutes
//! are its length at the road's speed for the profile (`Profile::road_speed_kmh`:
//! no detour factor, the road is the detour), or its share of the road's `minutes`.
//! `oneway` and `access` close one direction or both.
//!
//! On each island only the largest connected part of its roads (by length) is used;
//! every other part is listed in the notes. A point is joined to the nearest
//! segment of that part (an R-tree over segments, at the foot of the perpendicular)
//! by an off-road leg at the profile's off-road speed; beyond `max_snap_m` that leg
//! is costed as a straight land leg (metres × detour ÷ speed) and a note names the
//! point.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use geo::Coord;
use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;

use super::cost::Profile;
use super::LinkNote;
use crate::model::{OneWay, RoadAccess, World};
use crate::projection::{distance_m, LocalProjection};

/// `(minutes, origin)` pairs compare by minutes, then by origin (the lower index
/// wins a tie, so answers never depend on input order).
pub fn better(cand: (f64, usize), best: Option<(f64, usize)>) -> bool {
    match best {
        None => true,
        Some(b) => match cand.0.total_cmp(&b.0) {
            Ordering::Less => true,
            Ordering::Equal => cand.1 < b.1,
            Ordering::Greater => false,
        },
    }
}

/// A piece of road between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Node at the start of the line's direction.
    pub a: u32,
    /// Node at its end.
    pub b: u32,
    /// Length along its line, metres.
    pub length_m: f64,
    /// Minutes from `a` to `b` (`INFINITY` where closed that way).
    pub fwd_min: f64,
    /// Minutes from `b` to `a` (`INFINITY` where closed that way).
    pub back_min: f64,
    /// Its road, by index into `World::roads`.
    pub road: u32,
    /// Its island, by index into `World::islands`.
    pub island: u32,
    /// Its vertices: `RoadNet::vertices[start..end]`.
    pub start: u32,
    /// One past its last vertex.
    pub end: u32,
}

impl Piece {
    /// Whether the profile may use it in some direction.
    pub fn usable(&self) -> bool {
        self.fwd_min.is_finite() || self.back_min.is_finite()
    }

    /// Minutes along the piece from `from_m` to `to_m` (metres from `a`), when the
    /// direction is open.
    pub fn along_min(&self, from_m: f64, to_m: f64) -> Option<f64> {
        let frac = |d: f64| {
            if self.length_m > 0.0 {
                d / self.length_m
            } else {
                0.0
            }
        };
        let fwd = (to_m >= from_m && self.fwd_min.is_finite())
            .then(|| self.fwd_min * frac(to_m - from_m));
        let back = (to_m <= from_m && self.back_min.is_finite())
            .then(|| self.back_min * frac(from_m - to_m));
        match (fwd, back) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        }
    }
}

/// Where a point joins its road.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attach {
    /// The piece, by index into `RoadNet::pieces`.
    pub piece: u32,
    /// Metres along the piece from its node `a` to the foot of the perpendicular.
    pub along_m: f64,
    /// Metres from the point to that foot.
    pub off_m: f64,
    /// Minutes of the off-road leg (either way).
    pub access_min: f64,
    /// Farther than `max_snap_m`: the leg is costed as a straight land leg.
    pub far: bool,
}

/// A connected part of one island's roads: length, first piece, pieces, roads.
type Part = (f64, usize, usize, Vec<u32>);

type Segment = GeomWithData<Line<[f64; 2]>, (u32, f64)>;

/// The road graph of one profile, ready for searches.
#[derive(Debug, Clone)]
pub struct RoadNet {
    /// Node positions, projected metres.
    pub node_xy: Vec<Coord<f64>>,
    /// Pieces, in road order then along each line.
    pub pieces: Vec<Piece>,
    /// Vertices of every piece, projected metres.
    pub vertices: Vec<Coord<f64>>,
    /// Arcs into each node (CSR): `arc_to[first_out[n]..first_out[n + 1]]` are the
    /// nodes with a way to `n`, `arc_min` its minutes.
    first_out: Vec<u32>,
    arc_to: Vec<u32>,
    arc_min: Vec<f64>,
    /// Pieces touching each node (CSR), for drawing what a search reached.
    first_piece: Vec<u32>,
    node_pieces: Vec<u32>,
    /// Per island: whether the profile has roads there (points on it join roads).
    pub on_island: Vec<bool>,
    snap: Vec<Option<RTree<Segment>>>,
    offroad_m_per_min: f64,
    far_detour: f64,
    far_m_per_min: f64,
    max_snap_m: f64,
    /// Parts of the road network not used (not connected to their island's main part).
    pub notes: Vec<LinkNote>,
}

/// Union–find with path halving, for the connected parts.
fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[parent[x as usize] as usize];
        parent[x as usize] = p;
        x = p;
    }
    x
}

impl RoadNet {
    /// The road graph of `world`'s roads for `profile`, or `None` when the world has
    /// no road the profile may use.
    ///
    /// # Runtime
    /// O(V log V) for V road vertices (hashing the shared vertices, sorting the arcs,
    /// bulk-loading the R-trees).
    pub fn build(
        world: &World,
        projection: &LocalProjection,
        profile: &Profile,
        max_snap_m: f64,
    ) -> Option<Self> {
        if world.roads.is_empty() {
            return None;
        }
        // How often each vertex occurs; ends always count as nodes.
        let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
        let mut seen: HashMap<(u64, u64), u32> = HashMap::new();
        for road in &world.roads {
            for line in &road.lines {
                for c in line {
                    *seen.entry(key(c)).or_insert(0) += 1;
                }
            }
        }
        let mut node_of: HashMap<(u64, u64), u32> = HashMap::new();
        let mut node_xy = Vec::new();
        let mut pieces = Vec::new();
        let mut vertices = Vec::new();
        let island_of = |id: &crate::model::IslandId| {
            world
                .islands
                .binary_search_by(|i| i.id.cmp(id))
                .expect("the road reader resolves every island") as u32
        };
        for (r, road) in world.roads.iter().enumerate() {
            let island = island_of(&road.island);
            let allowed = match &road.access {
                RoadAccess::All => true,
                RoadAccess::None => false,
                RoadAccess::Only(names) => names.contains(&profile.name),
            };
            let speed = profile.road_speed_kmh(road.class.as_deref(), road.speed_kmh);
            let m_per_min = speed * 1000.0 / 60.0;
            let first_piece = pieces.len();
            let mut road_len = 0.0;
            for line in &road.lines {
                let mut node = |c: &Coord<f64>, node_xy: &mut Vec<Coord<f64>>| {
                    *node_of.entry(key(c)).or_insert_with(|| {
                        node_xy.push(projection.forward(*c));
                        (node_xy.len() - 1) as u32
                    })
                };
                let mut from = node(&line[0], &mut node_xy);
                let mut start = vertices.len() as u32;
                vertices.push(projection.forward(line[0]));
                let mut length = 0.0;
                for k in 1..line.len() {
                    let xy = projection.forward(line[k]);
                    length += distance_m(vertices[vertices.len() - 1], xy);
                    vertices.push(xy);
                    if k == line.len() - 1 || seen[&key(&line[k])] > 1 {
                        let to = node(&line[k], &mut node_xy);
                        pieces.push(Piece {
                            a: from,
                            b: to,
                            length_m: length,
                            fwd_min: 0.0,
                            back_min: 0.0,
                            road: r as u32,
                            island,
                            start,
                            end: vertices.len() as u32,
                        });
                        road_len += length;
                        from = to;
                        length = 0.0;
                        if k < line.len() - 1 {
                            start = vertices.len() as u32;
                            vertices.push(xy);
                        }
                    }
                }
            }
            for p in &mut pieces[first_piece..] {
                let minutes = if !allowed {
                    f64::INFINITY
                } else if let Some(m) = road.minutes {
                    if road_len > 0.0 {
                        m * p.length_m / road_len
                    } else {
                        m
                    }
                } else if speed > 0.0 {
                    p.length_m / m_per_min
                } else {
                    f64::INFINITY
                };
                p.fwd_min = if road.oneway == OneWay::Backward {
                    f64::INFINITY
                } else {
                    minutes
                };
                p.back_min = if road.oneway == OneWay::Forward {
                    f64::INFINITY
                } else {
                    minutes
                };
            }
        }
        drop(seen);
        drop(node_of);
        let n = node_xy.len();

        // Connected parts (ignoring direction) of the usable pieces; per island the
        // longest part is used, ties to the one holding the lower piece.
        let mut parent: Vec<u32> = (0..n as u32).collect();
        for p in pieces.iter().filter(|p| p.usable()) {
            let (x, y) = (find(&mut parent, p.a), find(&mut parent, p.b));
            if x != y {
                parent[x.max(y) as usize] = x.min(y);
            }
        }
        let mut parts: BTreeMap<(u32, u32), Part> = BTreeMap::new();
        for (i, p) in pieces.iter().enumerate().filter(|(_, p)| p.usable()) {
            let root = find(&mut parent, p.a);
            let e = parts
                .entry((p.island, root))
                .or_insert((0.0, i, 0, Vec::new()));
            e.0 += p.length_m;
            e.2 += 1;
            if e.3.last() != Some(&p.road) {
                e.3.push(p.road);
            }
        }
        let mut main: BTreeMap<u32, (u32, f64, usize)> = BTreeMap::new();
        for (&(island, root), &(len, first, _, _)) in &parts {
            let better_part = match main.get(&island) {
                None => true,
                Some(&(_, l, f)) => len > l || (len == l && first < f),
            };
            if better_part {
                main.insert(island, (root, len, first));
            }
        }
        let mut notes = Vec::new();
        for (&(island, root), (len, _, count, roads)) in &parts {
            if main[&island].0 == root {
                continue;
            }
            let mut ids: Vec<&str> = roads
                .iter()
                .map(|&r| world.roads[r as usize].id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let shown: Vec<&str> = ids.iter().take(5).copied().collect();
            let more = if ids.len() > 5 {
                format!(" and {} more", ids.len() - 5)
            } else {
                String::new()
            };
            notes.push(LinkNote {
                link: ids[0].to_owned(),
                note: format!(
                    "road piece not connected to the rest of island {:?}'s roads for {} ({count} pieces, {len:.0} m; roads {}{more}): not used",
                    world.islands[island as usize].id.as_str(),
                    profile.name,
                    shown.join(", ")
                ),
            });
        }
        notes.sort();
        let in_main = |p: &Piece, parent: &mut Vec<u32>| {
            p.usable()
                && main
                    .get(&p.island)
                    .is_some_and(|&(root, _, _)| find(parent, p.a) == root)
        };

        // Arcs (CSR), only of the main parts: the rest cannot be reached.
        let mut arcs: Vec<(u32, u32, f64)> = Vec::new();
        let mut touching: Vec<(u32, u32)> = Vec::new();
        let mut keep = vec![false; pieces.len()];
        for (i, p) in pieces.iter().enumerate() {
            if !in_main(p, &mut parent) {
                continue;
            }
            keep[i] = true;
            // Stored by their end: searches run from the facilities backwards.
            if p.fwd_min.is_finite() {
                arcs.push((p.b, p.a, p.fwd_min));
            }
            if p.back_min.is_finite() {
                arcs.push((p.a, p.b, p.back_min));
            }
            touching.push((p.a, i as u32));
            if p.b != p.a {
                touching.push((p.b, i as u32));
            }
        }
        arcs.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.total_cmp(&y.2)));
        touching.sort_unstable();
        let csr = |from: &mut dyn Iterator<Item = u32>| {
            let mut first = vec![0u32; n + 1];
            for f in from {
                first[f as usize + 1] += 1;
            }
            for k in 0..n {
                first[k + 1] += first[k];
            }
            first
        };
        let first_out = csr(&mut arcs.iter().map(|a| a.0));
        let arc_to = arcs.iter().map(|a| a.1).collect();
        let arc_min = arcs.iter().map(|a| a.2).collect();
        let first_piece = csr(&mut touching.iter().map(|t| t.0));
        let node_pieces = touching.iter().map(|t| t.1).collect();

        let mut per_island: Vec<Vec<Segment>> = vec![Vec::new(); world.islands.len()];
        for (i, p) in pieces.iter().enumerate() {
            if !keep[i] {
                continue;
            }
            let mut offset = 0.0;
            for k in p.start as usize..p.end as usize - 1 {
                let (u, v) = (vertices[k], vertices[k + 1]);
                per_island[p.island as usize].push(GeomWithData::new(
                    Line::new([u.x, u.y], [v.x, v.y]),
                    (i as u32, offset),
                ));
                offset += distance_m(u, v);
            }
        }
        let on_island: Vec<bool> = per_island.iter().map(|s| !s.is_empty()).collect();
        if !on_island.iter().any(|&b| b) {
            return None;
        }
        let snap = per_island
            .into_iter()
            .map(|segs| (!segs.is_empty()).then(|| RTree::bulk_load(segs)))
            .collect();
        Some(Self {
            node_xy,
            pieces,
            vertices,
            first_out,
            arc_to,
            arc_min,
            first_piece,
            node_pieces,
            on_island,
            snap,
            offroad_m_per_min: profile.offroad_m_per_min(),
            far_detour: profile.detour,
            far_m_per_min: profile.speed_m_per_min(),
            max_snap_m,
            notes,
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_xy.len()
    }

    /// Arcs into node `n`: `(from, minutes from there to n)`. Searches run from
    /// the facilities backwards along them, so their labels are minutes *to* a
    /// facility.
    pub fn arcs(&self, n: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let (s, e) = (
            self.first_out[n as usize] as usize,
            self.first_out[n as usize + 1] as usize,
        );
        self.arc_to[s..e]
            .iter()
            .copied()
            .zip(self.arc_min[s..e].iter().copied())
    }

    /// Pieces touching node `n`.
    pub fn pieces_at(&self, n: u32) -> &[u32] {
        &self.node_pieces
            [self.first_piece[n as usize] as usize..self.first_piece[n as usize + 1] as usize]
    }

    /// Metres covered off road in a minute.
    pub fn offroad_m_per_min(&self) -> f64 {
        self.offroad_m_per_min
    }

    /// Where point `xy` of island `island` joins the roads, or `None` when the
    /// profile has no road there.
    ///
    /// # Algorithm
    /// The nearest segment in the island's R-tree (ties to the lower piece and
    /// offset, so the answer never depends on the tree's shape), then the foot of
    /// the perpendicular on it, clamped to the segment.
    pub fn attach(&self, island: usize, xy: Coord<f64>) -> Option<Attach> {
        let tree = self.snap.get(island)?.as_ref()?;
        let q = [xy.x, xy.y];
        let mut best: Option<(f64, (u32, f64), &Segment)> = None;
        for (seg, d2) in tree.nearest_neighbor_iter_with_distance_2(&q) {
            match best {
                Some((bd, _, _)) if d2 > bd => break,
                Some((_, key, _)) if (seg.data.0, seg.data.1) >= key => {}
                _ => best = Some((d2, seg.data, seg)),
            }
        }
        let (_, (piece, offset), seg) = best?;
        let (u, v) = (seg.geom().from, seg.geom().to);
        let (dx, dy) = (v[0] - u[0], v[1] - u[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((xy.x - u[0]) * dx + (xy.y - u[1]) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let foot = Coord {
            x: u[0] + t * dx,
            y: u[1] + t * dy,
        };
        let off_m = distance_m(xy, foot);
        let along_m = (offset + t * len2.sqrt()).min(self.pieces[piece as usize].length_m);
        let far = off_m > self.max_snap_m;
        let access_min = if far {
            off_m * self.far_detour / self.far_m_per_min
        } else {
            off_m / self.offroad_m_per_min
        };
        Some(Attach {
            piece,
            along_m,
            off_m,
            access_min,
            far,
        })
    }

    /// The labels an origin joined at `at` (a facility, or a hub `minutes` from
    /// one) gives the two ends of its piece: `(node, minutes from the node to the
    /// origin's facility, origin)` for each end with an open way to it.
    pub fn leave(&self, at: &Attach, minutes: f64, origin: usize) -> Vec<(u32, f64, usize)> {
        let p = &self.pieces[at.piece as usize];
        let start = minutes + at.access_min;
        let mut out = Vec::with_capacity(2);
        if let Some(m) = p.along_min(0.0, at.along_m) {
            out.push((p.a, start + m, origin));
        }
        if let Some(m) = p.along_min(p.length_m, at.along_m) {
            out.push((p.b, start + m, origin));
        }
        out
    }

    /// The best `(minutes, origin)` from a point joined at `at` to the origins of a
    /// search: from the point to an end of its piece and on by the end's label, or
    /// along its own piece to an origin on it (`on_piece`, sorted by piece).
    pub fn arrive(
        &self,
        labels: &RoadLabels,
        on_piece: &[OnPiece],
        at: &Attach,
    ) -> Option<(f64, usize)> {
        let p = &self.pieces[at.piece as usize];
        let mut best: Option<(f64, usize)> = None;
        for (node, node_m) in [(p.a, 0.0), (p.b, p.length_m)] {
            let (m, o) = labels.get(node);
            if m.is_finite() {
                if let Some(leg) = p.along_min(at.along_m, node_m) {
                    let cand = (m + leg + at.access_min, o);
                    if better(cand, best) {
                        best = Some(cand);
                    }
                }
            }
        }
        let lo = on_piece.partition_point(|x| x.piece < at.piece);
        for x in on_piece[lo..].iter().take_while(|x| x.piece == at.piece) {
            if let Some(leg) = p.along_min(at.along_m, x.along_m) {
                let cand = (x.minutes + leg + at.access_min, x.origin);
                if better(cand, best) {
                    best = Some(cand);
                }
            }
        }
        best
    }
}

/// An origin already on a piece (its off-road leg counted in `minutes`), so a
/// point further along the same piece is reached without passing a node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnPiece {
    /// The piece.
    pub piece: u32,
    /// Metres from its node `a`.
    pub along_m: f64,
    /// Minutes on arrival at the road.
    pub minutes: f64,
    /// The origin.
    pub origin: usize,
}

/// Sorts origins on pieces for [`RoadNet::arrive`].
pub fn sort_on_piece(v: &mut [OnPiece]) {
    v.sort_by(|x, y| {
        x.piece
            .cmp(&y.piece)
            .then(x.along_m.total_cmp(&y.along_m))
            .then(x.minutes.total_cmp(&y.minutes))
            .then(x.origin.cmp(&y.origin))
    });
}

#[derive(Debug, Clone, PartialEq)]
struct Queued {
    minutes: f64,
    origin: usize,
    node: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .minutes
            .total_cmp(&self.minutes)
            .then(other.origin.cmp(&self.origin))
            .then(other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Node labels of a road search: minutes and origin, with the nodes touched so a
/// search that reaches few nodes costs few (the buffers are reused).
#[derive(Debug, Clone)]
pub struct RoadLabels {
    minutes: Vec<f64>,
    origin: Vec<usize>,
    touched: Vec<u32>,
    heap: BinaryHeap<Queued>,
}

impl RoadLabels {
    /// Empty labels for `net`.
    pub fn new(net: &RoadNet) -> Self {
        Self {
            minutes: vec![f64::INFINITY; net.node_count()],
            origin: vec![usize::MAX; net.node_count()],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// `(minutes, origin)` of node `n` (`INFINITY` when not reached).
    pub fn get(&self, n: u32) -> (f64, usize) {
        (self.minutes[n as usize], self.origin[n as usize])
    }

    /// The nodes reached, in the order they were first labelled.
    pub fn touched(&self) -> &[u32] {
        &self.touched
    }

    /// Forgets the last search (O(nodes it touched)).
    pub fn clear(&mut self) {
        for &n in &self.touched {
            self.minutes[n as usize] = f64::INFINITY;
            self.origin[n as usize] = usize::MAX;
        }
        self.touched.clear();
        self.heap.clear();
    }

    fn offer(&mut self, n: u32, m: f64, o: usize) -> bool {
        let cur = self.minutes[n as usize];
        let current = cur.is_finite().then(|| (cur, self.origin[n as usize]));
        if better((m, o), current) {
            if cur.is_infinite() {
                self.touched.push(n);
            }
            self.minutes[n as usize] = m;
            self.origin[n as usize] = o;
            true
        } else {
            false
        }
    }

    /// Multi-source Dijkstra over the road graph from `(node, minutes, origin)`
    /// labels, backwards along the arcs (so a label is the minutes from the node to
    /// its origin), up to `cutoff_min`; clears the previous search first.
    ///
    /// # Algorithm
    /// Dijkstra's algorithm with a binary heap and every source in the heap at the
    /// start; labels compare as `(minutes, origin)`, so among equally fast origins
    /// the lower index wins whatever the order of the seeds.
    ///
    /// # Runtime
    /// O((N + A) log N) for the N nodes and A arcs reached.
    pub fn search(&mut self, net: &RoadNet, seeds: &[(u32, f64, usize)], cutoff_min: f64) {
        self.clear();
        for &(n, m, o) in seeds {
            if m <= cutoff_min && self.offer(n, m, o) {
                self.heap.push(Queued {
                    minutes: m,
                    origin: o,
                    node: n,
                });
            }
        }
        while let Some(Queued {
            minutes: m,
            origin: o,
            node,
        }) = self.heap.pop()
        {
            if m != self.minutes[node as usize] || o != self.origin[node as usize] {
                continue;
            }
            for (to, c) in net.arcs(node) {
                let next = m + c;
                if next <= cutoff_min && self.offer(to, next, o) {
                    self.heap.push(Queued {
                        minutes: next,
                        origin: o,
                        node: to,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(fwd: f64, back: f64) -> Piece {
        Piece {
            a: 0,
            b: 1,
            length_m: 1000.0,
            fwd_min: fwd,
            back_min: back,
            road: 0,
            island: 0,
            start: 0,
            end: 2,
        }
    }

    #[test]
    fn along_a_piece_follows_its_open_direction() {
        // 1 km in 2 minutes forward; 250 m of it is half a minute.
        let two_way = piece(2.0, 2.0);
        let one_way = piece(2.0, f64::INFINITY);

        assert_eq!(two_way.along_min(250.0, 500.0), Some(0.5));
        assert_eq!(two_way.along_min(500.0, 250.0), Some(0.5));
        assert_eq!(one_way.along_min(250.0, 500.0), Some(0.5));
        assert_eq!(one_way.along_min(500.0, 250.0), None);
        assert!(!piece(f64::INFINITY, f64::INFINITY).usable());
    }
}
