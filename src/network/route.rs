//! Which way a trip goes: the fastest path from a settlement to a facility over
//! the hub [`Network`], rebuilt with its predecessors, and the kind of path it is
//! (all on land, over a bridge, or by ferry). It owns no minutes of its own: the
//! minutes of a trip are [`Reach`](crate::network::travel::Reach)'s; this tells
//! how the trip is made, for the allocation lines GIS staff draw.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::Coord;

use crate::network::{HubKind, Network};

/// How a path crosses water.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathKind {
    /// On one island, or over land legs only.
    Land,
    /// Over at least one bridge and no ferry.
    Bridge,
    /// By at least one ferry.
    Ferry,
}

impl PathKind {
    /// The word written in the outputs: `land`, `bridge` or `ferry`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Land => "land",
            Self::Bridge => "bridge",
            Self::Ferry => "ferry",
        }
    }
}

/// The kind of the edge from hub `a` to hub `b`: a land leg on one island, the
/// two ends of one bridge, or else a ferry crossing between piers.
fn edge_kind(net: &Network, a: usize, b: usize) -> PathKind {
    let (ha, hb) = (&net.hubs[a], &net.hubs[b]);
    if ha.island == hb.island {
        return PathKind::Land;
    }
    match (&ha.kind, &hb.kind) {
        (HubKind::BridgeEnd(x), HubKind::BridgeEnd(y)) if x == y => PathKind::Bridge,
        _ => PathKind::Ferry,
    }
}

#[derive(Debug, PartialEq)]
struct Label(f64, usize);

impl Eq for Label {}

impl Ord for Label {
    // A min-heap on minutes, ties to the lower hub.
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The shortest-path tree from one point over the hubs: minutes to each hub and
/// each hub's predecessor (`None` for a hub entered from the point by land).
#[derive(Debug, Clone)]
pub struct Tree {
    island: usize,
    xy: Coord<f64>,
    minutes: Vec<f64>,
    pred: Vec<Option<usize>>,
}

impl Tree {
    /// Dijkstra from point `xy` on island `island` over every hub of `net`.
    ///
    /// # Runtime
    /// O((H + E) log H) for H hubs and E edges.
    pub fn from(net: &Network, island: usize, xy: Coord<f64>) -> Self {
        let n = net.hubs.len();
        let mut minutes = vec![f64::INFINITY; n];
        let mut pred = vec![None; n];
        let mut heap = BinaryHeap::new();
        for &h in &net.hubs_by_island[island] {
            minutes[h] = net.land_min(xy, net.hubs[h].xy);
            heap.push(Label(minutes[h], h));
        }
        while let Some(Label(m, h)) = heap.pop() {
            if m > minutes[h] {
                continue;
            }
            for e in &net.edges[h] {
                let next = m + e.cost_min;
                if next < minutes[e.to] {
                    minutes[e.to] = next;
                    pred[e.to] = Some(h);
                    heap.push(Label(next, e.to));
                }
            }
        }
        Self {
            island,
            xy,
            minutes,
            pred,
        }
    }

    /// The kind of the fastest path to point `to` on island `to_island`, or
    /// `None` when no path reaches it. The direct land leg wins a tie.
    pub fn kind_to(&self, net: &Network, to_island: usize, to: Coord<f64>) -> Option<PathKind> {
        let mut best = (to_island == self.island).then(|| (net.land_min(self.xy, to), None));
        for &h in &net.hubs_by_island[to_island] {
            if self.minutes[h].is_finite() {
                let m = self.minutes[h] + net.land_min(net.hubs[h].xy, to);
                if best.is_none_or(|(b, _)| m < b) {
                    best = Some((m, Some(h)));
                }
            }
        }
        let (_, mut at) = best?;
        let mut kind = PathKind::Land;
        while let Some(h) = at {
            let from = self.pred[h];
            if let Some(f) = from {
                kind = kind.max(edge_kind(net, f, h));
            }
            at = from;
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Edge, Hub};

    /// Three islands in a row, 0 — ferry — 1 — bridge — 2; e-bike at 15 km/h,
    /// detour 1 (a kilometre is 4 minutes).
    fn chain() -> Network {
        let xy = |x: f64| Coord { x, y: 0.0 };
        let hub = |kind, island, x| Hub {
            kind,
            island,
            xy: xy(x),
        };
        let e = |to, cost_min| Edge { to, cost_min };
        Network {
            profile: crate::network::cost::Profile {
                name: "e-bike".into(),
                speed_kmh: 15.0,
                detour: 1.0,
                note: None,
                road_speeds: std::collections::BTreeMap::new(),
                offroad_speed_kmh: None,
            },
            hubs: vec![
                hub(HubKind::Pier(0), 0, 1000.0),
                hub(HubKind::Pier(1), 1, 2000.0),
                hub(HubKind::BridgeEnd(0), 1, 3000.0),
                hub(HubKind::BridgeEnd(0), 2, 3100.0),
            ],
            // Ferry 0 ↔ 1: 20 min; land 1 ↔ 2 on island 1: 4 min; bridge 2 ↔ 3: 0.4 min.
            edges: vec![
                vec![e(1, 20.0)],
                vec![e(0, 20.0), e(2, 4.0)],
                vec![e(1, 4.0), e(3, 0.4)],
                vec![e(2, 0.4)],
            ],
            hubs_by_island: vec![vec![0], vec![1, 2], vec![3]],
            settlement_island: Vec::new(),
            settlement_xy: Vec::new(),
            facility_island: Vec::new(),
            facility_xy: Vec::new(),
            notes: Vec::new(),
            roads: None,
            settlement_attach: Vec::new(),
            facility_attach: Vec::new(),
            hub_attach: vec![None; 4],
        }
    }

    #[test]
    fn paths_are_land_bridge_or_ferry_by_what_they_cross() {
        let net = chain();
        let at = |x: f64| Coord { x, y: 0.0 };

        let from_1 = Tree::from(&net, 1, at(2500.0));
        let from_0 = Tree::from(&net, 0, at(0.0));

        assert_eq!(from_1.kind_to(&net, 1, at(2600.0)), Some(PathKind::Land));
        assert_eq!(from_1.kind_to(&net, 2, at(3500.0)), Some(PathKind::Bridge));
        assert_eq!(from_1.kind_to(&net, 0, at(500.0)), Some(PathKind::Ferry));
        // 0 → 2 crosses the ferry and the bridge: the ferry names it.
        assert_eq!(from_0.kind_to(&net, 2, at(3500.0)), Some(PathKind::Ferry));
    }

    #[test]
    fn an_island_no_edge_reaches_has_no_path() {
        let mut net = chain();
        net.edges[1].retain(|e| e.to != 0);
        net.edges[0].clear();

        let from_1 = Tree::from(&net, 1, Coord { x: 2500.0, y: 0.0 });

        assert_eq!(from_1.kind_to(&net, 0, Coord { x: 0.0, y: 0.0 }), None);
    }
}
