//! The search: minutes from every settlement to its nearest facility of a set of kinds.
//!
//! Sources are the open facilities of the kinds asked for. A multi-source Dijkstra runs
//! over the hubs only (the network holds no on-island graph of all points); each
//! settlement then takes the best of a direct land leg to the nearest source on its own
//! island (an R-tree per island) and of every hub of its island plus the land leg from
//! it. Ties go to the facility with the lower id, so answers never depend on input order
//! or thread count. A settlement with no way to any source is [`Reach::Unreachable`].

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use geo::Coord;
use rayon::prelude::*;

use super::cost::TravelSettings;
use super::roads::{better, sort_on_piece, Attach, OnPiece, RoadLabels};
use super::{LinkNote, Network};
use crate::index::PointIndex;
use crate::model::World;
use crate::prepared::Prepared;

/// How a settlement reaches a set of facilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach {
    /// The nearest facility, by index into `World::facilities`, and the minutes to it.
    Reachable {
        /// Minutes of the fastest way.
        minutes: f64,
        /// The facility reached (the lower id on ties).
        facility: usize,
    },
    /// No way over land, bridges and usable ferries reaches any such facility.
    Unreachable,
}

impl Reach {
    /// The minutes, when reachable.
    pub fn minutes(&self) -> Option<f64> {
        match *self {
            Self::Reachable { minutes, .. } => Some(minutes),
            Self::Unreachable => None,
        }
    }

    /// The facility reached, when reachable.
    pub fn facility(&self) -> Option<usize> {
        match *self {
            Self::Reachable { facility, .. } => Some(facility),
            Self::Unreachable => None,
        }
    }

    /// Whether the facility is reached within `limit_min` minutes.
    pub fn within(&self, limit_min: f64) -> bool {
        self.minutes().is_some_and(|m| m <= limit_min)
    }
}

/// The sources of one search, indexed per island.
struct Sources {
    /// Per island: an R-tree of the sources on it and their facility indices (ascending,
    /// so the index's lower-tag tie-break is the lower facility id).
    per_island: Vec<Option<(PointIndex, Vec<usize>)>>,
}

impl Sources {
    /// The origins that join no road, per island (ascending by tag).
    fn new(net: &Network, origins: &[Origin]) -> Self {
        let mut lists: Vec<Vec<(usize, Coord<f64>)>> = vec![Vec::new(); net.hubs_by_island.len()];
        let mut sorted: Vec<&Origin> = origins.iter().filter(|o| o.attach.is_none()).collect();
        sorted.sort_by_key(|o| o.tag);
        sorted.dedup_by_key(|o| o.tag);
        for o in sorted {
            lists[o.island].push((o.tag, o.xy));
        }
        let per_island = lists
            .into_iter()
            .map(|list| {
                (!list.is_empty()).then(|| {
                    let pts: Vec<Coord<f64>> = list.iter().map(|&(_, xy)| xy).collect();
                    (
                        PointIndex::new(&pts),
                        list.into_iter().map(|(t, _)| t).collect(),
                    )
                })
            })
            .collect();
        Self { per_island }
    }

    /// Every hub's start label: the land minutes from the nearest source on its
    /// island, and that source (hubs of islands with no source, or that join the
    /// roads, have none here).
    fn hub_starts(&self, net: &Network) -> Vec<(usize, f64, usize)> {
        net.hubs
            .iter()
            .enumerate()
            .filter(|(h, _)| net.hub_attach[*h].is_none())
            .filter_map(|(h, hub)| {
                let (m, f) = self.nearest(net, hub.island, hub.xy)?;
                Some((h, m, f))
            })
            .collect()
    }

    /// The nearest source on `island` to `p` over land: `(minutes, facility)`.
    fn nearest(&self, net: &Network, island: usize, p: Coord<f64>) -> Option<(f64, usize)> {
        let (index, list) = self.per_island[island].as_ref()?;
        let (tag, d) = index.nearest(p, |_| true)?;
        Some((net.profile.land_min(d), list[tag]))
    }
}

/// One origin of a search: a point of an island, where it joins the roads (`None`
/// on an island without roads for the profile), and its tag (a facility index).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Origin {
    /// Island, by index into `World::islands`.
    pub island: usize,
    /// Position, projected metres.
    pub xy: Coord<f64>,
    /// Where it joins the roads.
    pub attach: Option<Attach>,
    /// What it stands for; the lower tag wins a tie.
    pub tag: usize,
}

/// The facilities `facilities` as origins.
pub fn facility_origins(net: &Network, facilities: &[usize]) -> Vec<Origin> {
    facilities
        .iter()
        .map(|&f| Origin {
            island: net.facility_island[f],
            xy: net.facility_xy[f],
            attach: net.facility_attach[f],
            tag: f,
        })
        .collect()
}

/// A point as an origin, joined to the roads of its island when it has some.
pub fn point_origin(net: &Network, island: usize, xy: Coord<f64>, tag: usize) -> Origin {
    Origin {
        island,
        xy,
        attach: net.roads.as_ref().and_then(|r| r.attach(island, xy)),
        tag,
    }
}

/// What a search from a set of origins reached: every hub, every road node, and
/// the origins (direct legs on islands without roads, legs along their own piece).
pub struct Labels {
    /// Labels of the hubs.
    pub hubs: HubLabels,
    /// Labels of the road nodes (when the network has roads).
    pub road: Option<RoadLabels>,
    /// Origins on road pieces (and hubs, after the second pass), sorted by piece.
    pub on_piece: Vec<OnPiece>,
    sources: Sources,
}

/// Multi-source search from `origins` over hubs and roads, up to `cutoff_min`.
///
/// # Algorithm
/// Without roads, [`search`] from the hubs' start labels (the land leg from the
/// nearest origin of their island). With roads, three passes: a road Dijkstra from
/// the origins that join roads gives the start labels of the hubs on road islands
/// (hub-to-hub legs on those islands are already road minutes); the hub search
/// runs; a second road Dijkstra from those origins and from every hub reached, at
/// its label, gives every road node its best label. Any way is a road part from an
/// origin to a hub, hub legs, then a road part to the point (or one road part with
/// no hub), so the passes are exact.
///
/// # Runtime
/// O((H + E) log H) for the hub search plus twice O((N + A) log N) over the road
/// nodes and arcs reached.
pub fn search_from(
    net: &Network,
    origins: &[Origin],
    cutoff_min: f64,
    buffer: Option<RoadLabels>,
) -> Labels {
    search_from_where(net, origins, cutoff_min, buffer, &|_, _| true)
}

/// [`search_from`] over the hub legs `keep(from, to)` accepts only (a leg from hub
/// `from` to hub `to`); roads and the legs joining points to them are always kept.
pub fn search_from_where(
    net: &Network,
    origins: &[Origin],
    cutoff_min: f64,
    buffer: Option<RoadLabels>,
    keep: &impl Fn(usize, usize) -> bool,
) -> Labels {
    let sources = Sources::new(net, origins);
    let mut starts = sources.hub_starts(net);
    let Some(r) = &net.roads else {
        return Labels {
            hubs: search_where(net, &starts, cutoff_min, keep),
            road: None,
            on_piece: Vec::new(),
            sources,
        };
    };
    let mut seeds = Vec::new();
    let mut on_piece = Vec::new();
    for o in origins {
        if let Some(at) = &o.attach {
            seeds.extend(r.leave(at, 0.0, o.tag));
            on_piece.push(OnPiece {
                piece: at.piece,
                along_m: at.along_m,
                minutes: at.access_min,
                origin: o.tag,
            });
        }
    }
    sort_on_piece(&mut on_piece);
    let mut labels = buffer.unwrap_or_else(|| RoadLabels::new(r));
    labels.search(r, &seeds, cutoff_min);
    for (h, at) in net.hub_attach.iter().enumerate() {
        if let Some(at) = at {
            if let Some((m, o)) = r.arrive(&labels, &on_piece, at) {
                if m <= cutoff_min {
                    starts.push((h, m, o));
                }
            }
        }
    }
    let hubs = search_where(net, &starts, cutoff_min, keep);
    for (h, at) in net.hub_attach.iter().enumerate() {
        if let Some(at) = at {
            let m = hubs.minutes[h];
            if m.is_finite() {
                seeds.extend(r.leave(at, m, hubs.origin[h]));
                on_piece.push(OnPiece {
                    piece: at.piece,
                    along_m: at.along_m,
                    minutes: m + at.access_min,
                    origin: hubs.origin[h],
                });
            }
        }
    }
    sort_on_piece(&mut on_piece);
    labels.search(r, &seeds, cutoff_min);
    Labels {
        hubs,
        road: Some(labels),
        on_piece,
        sources,
    }
}

impl Labels {
    /// The best `(minutes, origin)` at a point of `island` joined to the roads at
    /// `attach` (or not): along the roads where it joins them; else the land leg
    /// from the nearest origin on its island or from a hub of it (`by_island`: the
    /// reached hubs per island in increasing order of minutes, see [`Self::hubs_in_order`]).
    pub fn at_point(
        &self,
        net: &Network,
        island: usize,
        xy: Coord<f64>,
        attach: Option<&Attach>,
        by_island: &[Vec<usize>],
    ) -> Option<(f64, usize)> {
        if let (Some(r), Some(labels), Some(at)) = (&net.roads, &self.road, attach) {
            return r.arrive(labels, &self.on_piece, at);
        }
        let labels = &self.hubs;
        let mut best = self.sources.nearest(net, island, xy);
        for &h in &by_island[island] {
            let at_hub = labels.minutes[h];
            if best.is_some_and(|(b, _)| at_hub > b) {
                break;
            }
            let cand = (at_hub + net.land_min(net.hubs[h].xy, xy), labels.origin[h]);
            if better(cand, best) {
                best = Some(cand);
            }
        }
        best
    }

    /// The hubs reached on each island, by increasing minutes (then origin, hub).
    pub fn hubs_in_order(&self, net: &Network) -> Vec<Vec<usize>> {
        let labels = &self.hubs;
        net.hubs_by_island
            .iter()
            .map(|hubs| {
                let mut reached: Vec<usize> = hubs
                    .iter()
                    .copied()
                    .filter(|&h| labels.minutes[h].is_finite())
                    .collect();
                reached.sort_by(|&a, &b| {
                    labels.minutes[a]
                        .total_cmp(&labels.minutes[b])
                        .then(labels.origin[a].cmp(&labels.origin[b]))
                        .then(a.cmp(&b))
                });
                reached
            })
            .collect()
    }
}

/// Minutes and origin facility of each hub after a search (`INFINITY` = not reached;
/// internal only, never written out).
#[derive(Debug, Clone)]
pub struct HubLabels {
    /// Minutes to each hub.
    pub minutes: Vec<f64>,
    /// Facility each hub was reached from (meaningless where `minutes` is infinite).
    pub origin: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct Queued {
    minutes: f64,
    origin: usize,
    hub: usize,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the smallest label first.
        other
            .minutes
            .total_cmp(&self.minutes)
            .then(other.origin.cmp(&self.origin))
            .then(other.hub.cmp(&self.hub))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Multi-source Dijkstra over the hubs, from labels `(hub, minutes, origin facility)`.
///
/// # Algorithm
/// Dijkstra's algorithm (Dijkstra, "A note on two problems in connexion with graphs",
/// *Numerische Mathematik* 1, 1959) with a binary heap, all sources in the heap at the
/// start (a virtual super-source), stopping at `cutoff_min` like 15m's
/// `Graph::get_costs`. Labels are `(minutes, origin)` pairs compared lexicographically,
/// so among equally fast facilities the lower id wins, whatever the input order.
///
/// # Runtime
/// O((H + E) log H) for H hubs and E edges.
pub fn search(net: &Network, starts: &[(usize, f64, usize)], cutoff_min: f64) -> HubLabels {
    search_where(net, starts, cutoff_min, &|_, _| true)
}

/// [`search`] over the legs `keep(from, to)` accepts only.
pub fn search_where(
    net: &Network,
    starts: &[(usize, f64, usize)],
    cutoff_min: f64,
    keep: &impl Fn(usize, usize) -> bool,
) -> HubLabels {
    let n = net.hubs.len();
    let mut minutes = vec![f64::INFINITY; n];
    let mut origin = vec![usize::MAX; n];
    let mut heap = BinaryHeap::new();
    for &(hub, m, o) in starts {
        if m <= cutoff_min
            && better(
                (m, o),
                minutes[hub]
                    .is_finite()
                    .then(|| (minutes[hub], origin[hub])),
            )
        {
            minutes[hub] = m;
            origin[hub] = o;
            heap.push(Queued {
                minutes: m,
                origin: o,
                hub,
            });
        }
    }
    while let Some(Queued {
        minutes: m,
        origin: o,
        hub,
    }) = heap.pop()
    {
        if m != minutes[hub] || o != origin[hub] {
            continue;
        }
        for e in &net.edges[hub] {
            let next = m + e.cost_min;
            // The leg runs from `e.to` to `hub` (the search runs backwards).
            if next > cutoff_min || !keep(e.to, hub) {
                continue;
            }
            let current = minutes[e.to]
                .is_finite()
                .then(|| (minutes[e.to], origin[e.to]));
            if better((next, o), current) {
                minutes[e.to] = next;
                origin[e.to] = o;
                heap.push(Queued {
                    minutes: next,
                    origin: o,
                    hub: e.to,
                });
            }
        }
    }
    HubLabels { minutes, origin }
}

/// Minutes from every settlement to its nearest facility among `facilities` (indices
/// into `World::facilities`; the caller picks kind and status).
///
/// # Algorithm
/// Every hub starts at the land minutes from the nearest source on its island (an R-tree
/// per island), then [`search`] runs with no cutoff. A settlement's answer is the best of
/// the nearest source on its own island and, over the hubs of its island in increasing
/// order of their minutes (stopping once a hub alone is slower than the best so far), the
/// hub's minutes plus the land leg from it. This is exact because land legs obey the
/// triangle inequality: any way ends with a land leg from a source or from a hub of the
/// settlement's island.
///
/// # Returns
/// One [`Reach`] per settlement, in `World::settlements` order.
///
/// # Runtime
/// O(F log F + (H + E) log H + S (log F + h)) for F sources, H hubs, E edges, S
/// settlements and h hubs on a settlement's island.
pub fn nearest(net: &Network, facilities: &[usize]) -> Vec<Reach> {
    nearest_where(net, facilities, &|_, _| true)
}

/// [`nearest`] over the hub legs `keep(from, to)` accepts only.
pub fn nearest_where(
    net: &Network,
    facilities: &[usize],
    keep: &impl Fn(usize, usize) -> bool,
) -> Vec<Reach> {
    let labels = search_from_where(
        net,
        &facility_origins(net, facilities),
        f64::INFINITY,
        None,
        keep,
    );
    let by_island = labels.hubs_in_order(net);
    (0..net.settlement_xy.len())
        .into_par_iter()
        .map(|s| {
            let best = labels.at_point(
                net,
                net.settlement_island[s],
                net.settlement_xy[s],
                net.settlement_attach[s].as_ref(),
                &by_island,
            );
            match best {
                Some((minutes, facility)) => Reach::Reachable { minutes, facility },
                None => Reach::Unreachable,
            }
        })
        .collect()
}

/// Minutes from one point of island `island` to every hub, up to `cutoff_min`
/// (`INFINITY` where not reached).
pub fn hub_minutes_from(net: &Network, island: usize, xy: Coord<f64>, cutoff_min: f64) -> Vec<f64> {
    if net.roads.is_some() {
        let origin = point_origin(net, island, xy, 0);
        return search_from(net, &[origin], cutoff_min, None).hubs.minutes;
    }
    let starts: Vec<(usize, f64, usize)> = net.hubs_by_island[island]
        .iter()
        .map(|&h| (h, net.land_min(xy, net.hubs[h].xy), 0))
        .collect();
    search(net, &starts, cutoff_min).minutes
}

/// Minutes from the nearest of `facilities` to every hub, up to `cutoff_min`
/// (`INFINITY` where not reached): the labels of [`nearest`]'s search.
pub fn hub_minutes_multi(net: &Network, facilities: &[usize], cutoff_min: f64) -> Vec<f64> {
    search_from(net, &facility_origins(net, facilities), cutoff_min, None)
        .hubs
        .minutes
}

/// Minutes of the fastest way from point `a` to point `b` (each `(island, metres)`),
/// over land, bridges and usable ferries; `None` when no way joins them.
///
/// # Algorithm
/// The direct land leg when both lie on one island, and every hub of `b`'s island
/// reached from `a` ([`hub_minutes_from`]) plus its land leg to `b`.
pub fn minutes_between(
    net: &Network,
    a: (usize, Coord<f64>),
    b: (usize, Coord<f64>),
) -> Option<f64> {
    if net.roads.is_some() {
        // Searches run backwards from their origin: the origin is where one goes.
        let labels = search_from(net, &[point_origin(net, b.0, b.1, 0)], f64::INFINITY, None);
        let from = point_origin(net, a.0, a.1, 0);
        let by_island = labels.hubs_in_order(net);
        return labels
            .at_point(net, a.0, a.1, from.attach.as_ref(), &by_island)
            .map(|(m, _)| m);
    }
    let mut best = (a.0 == b.0).then(|| net.land_min(a.1, b.1));
    let at_hub = hub_minutes_from(net, a.0, a.1, f64::INFINITY);
    for &h in &net.hubs_by_island[b.0] {
        if at_hub[h].is_finite() {
            let m = at_hub[h] + net.land_min(net.hubs[h].xy, b.1);
            if best.is_none_or(|x| m < x) {
                best = Some(m);
            }
        }
    }
    best
}

/// Reusable buffers for [`HubScratch::reached_from`]: one per thread, so a million
/// searches that each reach a handful of hubs cost a handful of hubs each, not a
/// fresh array of every hub.
#[derive(Debug, Clone)]
pub struct HubScratch {
    minutes: Vec<f64>,
    touched: Vec<usize>,
    heap: BinaryHeap<Queued>,
}

impl HubScratch {
    /// Buffers for `net`.
    pub fn new(net: &Network) -> Self {
        Self {
            minutes: vec![f64::INFINITY; net.hubs.len()],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// The hubs reachable within `cutoff_min` from a point `xy` on `island`, as
    /// `(hub, minutes)` ascending by hub: the finite entries of
    /// [`hub_minutes_from`], to the last bit.
    ///
    /// # Runtime
    /// O(h + (R + E_R) log R) for h hubs on the island and R hubs reached (E_R their
    /// edges); nothing is proportional to the network's size.
    pub fn reached_from(
        &mut self,
        net: &Network,
        island: usize,
        xy: Coord<f64>,
        cutoff_min: f64,
    ) -> Vec<(usize, f64)> {
        for &h in &net.hubs_by_island[island] {
            let m = net.land_min(xy, net.hubs[h].xy);
            if m <= cutoff_min && m < self.minutes[h] {
                if self.minutes[h].is_infinite() {
                    self.touched.push(h);
                }
                self.minutes[h] = m;
                self.heap.push(Queued {
                    minutes: m,
                    origin: 0,
                    hub: h,
                });
            }
        }
        while let Some(Queued {
            minutes: m, hub, ..
        }) = self.heap.pop()
        {
            if m != self.minutes[hub] {
                continue;
            }
            for e in &net.edges[hub] {
                let next = m + e.cost_min;
                if next <= cutoff_min && next < self.minutes[e.to] {
                    if self.minutes[e.to].is_infinite() {
                        self.touched.push(e.to);
                    }
                    self.minutes[e.to] = next;
                    self.heap.push(Queued {
                        minutes: next,
                        origin: 0,
                        hub: e.to,
                    });
                }
            }
        }
        self.touched.sort_unstable();
        let out = self.touched.iter().map(|&h| (h, self.minutes[h])).collect();
        for &h in &self.touched {
            self.minutes[h] = f64::INFINITY;
        }
        self.touched.clear();
        out
    }
}

/// Points to be reached from a site (the demand of a coverage set), indexed so
/// that "which of them reach this site within N minutes" costs what the site's
/// search reaches, not a scan of them all.
#[derive(Debug, Clone)]
pub struct Targets {
    /// Per island: an R-tree of the points on it that join no road, and their tags.
    trees: Vec<(PointIndex, Vec<u32>)>,
    /// Points joined to the roads: `(piece, tag, where it joins)`, sorted by piece.
    on_roads: Vec<(u32, u32, Attach)>,
    /// Every point's position, by tag.
    xy: Vec<Coord<f64>>,
}

/// Reusable buffers for [`Targets::within`]: one per thread.
#[derive(Debug, Clone)]
pub struct TargetScratch {
    hubs: HubScratch,
    road: Option<RoadLabels>,
}

impl TargetScratch {
    /// Buffers for `net`.
    pub fn new(net: &Network) -> Self {
        Self {
            hubs: HubScratch::new(net),
            road: net.roads.as_ref().map(RoadLabels::new),
        }
    }
}

impl Targets {
    /// The points `(island, position, where it joins the roads)`; a point's tag is
    /// its index in `points`.
    pub fn new(net: &Network, points: &[(usize, Coord<f64>, Option<Attach>)]) -> Self {
        let mut by_island: Vec<Vec<u32>> = vec![Vec::new(); net.hubs_by_island.len()];
        let mut on_roads = Vec::new();
        for (k, &(island, _, attach)) in points.iter().enumerate() {
            match attach {
                Some(at) if net.roads.is_some() => on_roads.push((at.piece, k as u32, at)),
                _ => by_island[island].push(k as u32),
            }
        }
        on_roads.sort_by_key(|&(piece, k, _)| (piece, k));
        let trees = by_island
            .into_iter()
            .map(|ks| {
                let pts: Vec<Coord<f64>> = ks.iter().map(|&k| points[k as usize].1).collect();
                (PointIndex::new(&pts), ks)
            })
            .collect();
        Self {
            trees,
            on_roads,
            xy: points.iter().map(|p| p.1).collect(),
        }
    }

    /// The tags of the points from which a site at `xy` on `island` is reached within
    /// `limit_min` minutes, ascending: the points whose travel minutes to a facility
    /// there ([`nearest`]) would be at most `limit_min`, to the last bit.
    ///
    /// # Algorithm
    /// Without roads: the hubs reached from the site ([`HubScratch::reached_from`])
    /// and a radius query around the site and each hub, then the exact test. With
    /// roads: one [`search_from`] the site as the only origin, up to `limit_min`; the
    /// points joined to a piece the search reached (a labelled end, or the site's own
    /// piece) take the same arrival as the travel minutes; points of islands without
    /// roads take the radius queries around the site and the hubs reached.
    ///
    /// # Runtime
    /// Without roads O(h + (R + E_R) log R + k) for h hubs on the island, R hubs
    /// reached and k points found; with roads the search's O((H + E) log H + (N + A)
    /// log N) over the nodes reached, plus the points on the pieces reached.
    pub fn within(
        &self,
        net: &Network,
        scratch: &mut TargetScratch,
        island: usize,
        xy: Coord<f64>,
        limit_min: f64,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let reach_from = |out: &mut Vec<u32>, isl: usize, from: Coord<f64>, spent: f64| {
            let left = limit_min - spent;
            if left < 0.0 {
                return;
            }
            // A hair wider than the exact reach, then the exact test, so the answer
            // matches the travel minutes to the last bit.
            let radius = net.profile.reach_m(left) * (1.0 + 1e-9) + 1e-6;
            let (tree, tags) = &self.trees[isl];
            for t in tree.within(from, radius) {
                let k = tags[t];
                if spent + net.land_min(from, self.xy[k as usize]) <= limit_min {
                    out.push(k);
                }
            }
        };
        match &net.roads {
            None => {
                reach_from(&mut out, island, xy, 0.0);
                for (h, m) in scratch.hubs.reached_from(net, island, xy, limit_min) {
                    reach_from(&mut out, net.hubs[h].island, net.hubs[h].xy, m);
                }
            }
            Some(r) => {
                let origin = point_origin(net, island, xy, 0);
                let mut labels = search_from(net, &[origin], limit_min, scratch.road.take());
                if origin.attach.is_none() {
                    reach_from(&mut out, island, xy, 0.0);
                }
                for (h, &m) in labels.hubs.minutes.iter().enumerate() {
                    if m <= limit_min && net.hub_attach[h].is_none() {
                        reach_from(&mut out, net.hubs[h].island, net.hubs[h].xy, m);
                    }
                }
                if let Some(road) = &labels.road {
                    let mut pieces: Vec<u32> = road
                        .touched()
                        .iter()
                        .flat_map(|&n| r.pieces_at(n).iter().copied())
                        .chain(labels.on_piece.iter().map(|o| o.piece))
                        .collect();
                    pieces.sort_unstable();
                    pieces.dedup();
                    for p in pieces {
                        let lo = self.on_roads.partition_point(|x| x.0 < p);
                        for &(_, k, at) in self.on_roads[lo..].iter().take_while(|x| x.0 == p) {
                            if r.arrive(road, &labels.on_piece, &at)
                                .is_some_and(|(m, _)| m <= limit_min)
                            {
                                out.push(k);
                            }
                        }
                    }
                }
                scratch.road = labels.road.take();
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The open facilities of `kinds`, ascending.
pub fn serving(world: &World, kinds: &[String]) -> Vec<usize> {
    world
        .facilities
        .iter()
        .enumerate()
        .filter(|(_, f)| f.status.serves() && kinds.contains(&f.kind))
        .map(|(i, _)| i)
        .collect()
}

/// One set of travel times to compute: a family at a tier or better, for a profile.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Request {
    /// Profile name.
    pub profile: String,
    /// Service family.
    pub family: String,
    /// Lowest tier accepted (0 = any kind of the family).
    pub min_tier: usize,
}

/// Travel times for a set of requests, with the networks they used.
#[derive(Debug, Clone)]
pub struct TravelTimes {
    /// The profile whose family minutes go into the outputs.
    pub default_profile: String,
    /// One network per profile used.
    pub networks: BTreeMap<String, Network>,
    /// Per request, one [`Reach`] per settlement.
    pub reach: BTreeMap<Request, Vec<Reach>>,
}

impl TravelTimes {
    /// Computes every request, in parallel over requests.
    ///
    /// `families` maps a family to its kinds, lowest tier first. Requests naming an
    /// unknown profile or family are skipped (the rules are validated before this).
    /// Results are the same whatever the thread count: each request is one sequential
    /// search, and results are keyed, not collected in completion order.
    pub fn compute(
        world: &World,
        prepared: &Prepared,
        settings: &TravelSettings,
        families: &BTreeMap<String, Vec<String>>,
        requests: &[Request],
    ) -> Self {
        let mut requests = requests.to_vec();
        requests.sort();
        requests.dedup();
        let mut networks = BTreeMap::new();
        for r in &requests {
            if networks.contains_key(&r.profile) {
                continue;
            }
            if let Some(p) = settings.profile(&r.profile) {
                networks.insert(
                    r.profile.clone(),
                    Network::build_prepared(world, prepared, settings, p),
                );
            }
        }
        let jobs: Vec<(&Request, &Network, Vec<usize>)> = requests
            .iter()
            .filter_map(|r| {
                let net = networks.get(&r.profile)?;
                let kinds = families.get(&r.family)?.get(r.min_tier..)?;
                Some((r, net, serving(world, kinds)))
            })
            .collect();
        let results: Vec<Vec<Reach>> = jobs
            .par_iter()
            .map(|(_, net, sources)| nearest(net, sources))
            .collect();
        let reach = jobs
            .into_iter()
            .zip(results)
            .map(|((r, _, _), v)| (r.clone(), v))
            .collect();
        Self {
            default_profile: settings.default_profile.clone(),
            networks,
            reach,
        }
    }

    /// The answers of one request, one per settlement.
    pub fn get(&self, profile: &str, family: &str, min_tier: usize) -> Option<&[Reach]> {
        self.reach
            .get(&Request {
                profile: profile.to_owned(),
                family: family.to_owned(),
                min_tier,
            })
            .map(Vec::as_slice)
    }

    /// How land legs are costed, in words, for the summary.
    pub fn on_island(&self) -> String {
        let with_roads: Vec<&str> = self
            .networks
            .iter()
            .filter(|(_, n)| n.roads.is_some())
            .map(|(p, _)| p.as_str())
            .collect();
        if with_roads.is_empty() {
            return "straight-line metres x detour / speed (roads.geojson is not used)".into();
        }
        format!(
            "along roads where an island has roads ({}): length / road speed, joined by an off-road leg at the off-road speed; straight-line metres x detour / speed elsewhere",
            with_roads.join(", ")
        )
    }

    /// Notes of every network (links unused, assumptions), deduplicated and sorted.
    pub fn notes(&self) -> Vec<LinkNote> {
        let mut all: Vec<LinkNote> = self
            .networks
            .values()
            .flat_map(|n| n.notes.iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_go_to_the_lower_facility() {
        assert!(better((1.0, 2), Some((1.0, 3))));
        assert!(!better((1.0, 4), Some((1.0, 3))));
        assert!(better((0.5, 9), Some((1.0, 3))));
        assert!(better((7.0, 9), None));
    }

    /// A network in metres by hand: 1 km a minute, no detour.
    fn net(hubs: &[(usize, f64, f64)], crossings: &[(usize, usize, f64)]) -> Network {
        use super::super::cost::Profile;
        use super::super::{Edge, Hub, HubKind};
        let profile = Profile {
            name: "test".into(),
            speed_kmh: 60.0,
            detour: 1.0,
            note: None,
            road_speeds: Default::default(),
            offroad_speed_kmh: None,
        };
        let hubs: Vec<Hub> = hubs
            .iter()
            .enumerate()
            .map(|(h, &(island, x, y))| Hub {
                kind: HubKind::Pier(h),
                island,
                xy: Coord { x, y },
            })
            .collect();
        let n_hubs = hubs.len();
        let mut edges = vec![Vec::new(); hubs.len()];
        let mut hubs_by_island = vec![Vec::new(); 2];
        for (a, ha) in hubs.iter().enumerate() {
            hubs_by_island[ha.island].push(a);
            for (b, hb) in hubs.iter().enumerate() {
                if a != b && ha.island == hb.island {
                    let cost_min = profile.land_min(crate::projection::distance_m(ha.xy, hb.xy));
                    edges[a].push(Edge { to: b, cost_min });
                }
            }
        }
        for &(a, b, cost_min) in crossings {
            edges[a].push(Edge { to: b, cost_min });
        }
        Network {
            profile,
            hubs,
            edges,
            hubs_by_island,
            settlement_island: vec![1],
            settlement_xy: vec![Coord {
                x: 7800.0,
                y: 10_000.0,
            }],
            facility_island: vec![0],
            facility_xy: vec![Coord { x: 0.0, y: 0.0 }],
            notes: vec![],
            roads: None,
            settlement_attach: vec![None],
            facility_attach: vec![None],
            hub_attach: vec![None; n_hubs],
        }
    }

    #[test]
    fn sparse_hub_search_matches_the_dense_one_to_the_bit() {
        // Random hubs on two islands and random one-way crossings, searched from
        // random points with random cutoffs, the scratch reused throughout.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..50 {
            let hubs: Vec<(usize, f64, f64)> = (0..12)
                .map(|h| (h % 2, rnd() * 20_000.0, rnd() * 20_000.0))
                .collect();
            let crossings: Vec<(usize, usize, f64)> = (0..10)
                .map(|_| {
                    (
                        (rnd() * 12.0) as usize,
                        (rnd() * 12.0) as usize,
                        rnd() * 30.0,
                    )
                })
                .filter(|(a, b, _)| a != b)
                .collect();
            let n = net(&hubs, &crossings);
            let mut scratch = HubScratch::new(&n);
            for _ in 0..20 {
                let island = (rnd() * 2.0) as usize;
                let xy = Coord {
                    x: rnd() * 20_000.0,
                    y: rnd() * 20_000.0,
                };
                let cutoff = rnd() * 60.0;
                let dense = hub_minutes_from(&n, island, xy, cutoff);
                let want: Vec<(usize, f64)> = dense
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.is_finite())
                    .map(|(h, &m)| (h, m))
                    .collect();
                assert_eq!(scratch.reached_from(&n, island, xy, cutoff), want);
            }
        }
    }

    #[test]
    fn a_later_hub_with_a_shorter_land_leg_wins() {
        // Facility and pier A at the origin of island 0. Crossings: A → B1 (0, 10 km)
        // in 10 min, A → B2 (8 km, 10 km) in 17.5 min; B1–B2 over land is 8 min, so B2
        // keeps 17.5. The settlement at (7.8 km, 10 km): via B1 10 + 7.8 = 17.8, via B2
        // 17.5 + 0.2 = 17.7. B2 is later in minutes order but wins.
        let n = net(
            &[(0, 0.0, 0.0), (1, 0.0, 10_000.0), (1, 8_000.0, 10_000.0)],
            &[(0, 1, 10.0), (0, 2, 17.5)],
        );

        let r = nearest(&n, &[0]);

        assert!((r[0].minutes().unwrap() - 17.7).abs() < 1e-9, "{r:?}");
    }

    #[test]
    fn cutoff_stops_the_search() {
        let n = net(
            &[(0, 0.0, 0.0), (1, 0.0, 10_000.0), (1, 8_000.0, 10_000.0)],
            &[(0, 1, 10.0), (0, 2, 17.5)],
        );

        let m = search(&n, &[(0, 0.0, 0)], 12.0).minutes;

        assert_eq!(m[0], 0.0);
        assert_eq!(m[1], 10.0);
        assert!(m[2].is_infinite()); // 17.5 and 10 + 8 are both past 12
    }

    #[test]
    fn unreachable_has_no_minutes_and_is_within_nothing() {
        let r = Reach::Unreachable;

        assert_eq!(r.minutes(), None);
        assert!(!r.within(f64::MAX));
    }
}
