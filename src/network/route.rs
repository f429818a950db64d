//! Which way a trip goes: the kind of the fastest path from a settlement to the
//! facility that serves it (all on land, over a bridge, or by ferry). It owns no
//! minutes of its own: the minutes of a trip are [`Reach`]'s; this tells how the
//! trip is made, for the allocation lines GIS staff draw, and agrees with those
//! minutes on every island, with roads or without.

use crate::network::travel::{nearest_where, Reach};
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

/// The kind of the leg from hub `a` to hub `b`: a land leg on one island, the
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

/// The kind of each settlement's fastest path to the facility `reach` gives it
/// (`reach`: [`nearest`](crate::network::travel::nearest)'s answer for the sources
/// `facilities`), or `None` where it has none.
///
/// # Algorithm
/// The same multi-source search twice more, once over land legs only (roads, and
/// hub legs on one island) and once over land and bridges: a settlement whose
/// answer (minutes and facility) the land-only search reproduces has a land path,
/// else one the bridge search reproduces a bridge path, else a ferry path. Ties go
/// to the simpler kind, and the minutes are those of the travel search itself, so
/// kinds and minutes agree wherever roads run.
///
/// # Runtime
/// Twice that of [`nearest`](crate::network::travel::nearest).
pub fn path_kinds(net: &Network, facilities: &[usize], reach: &[Reach]) -> Vec<Option<PathKind>> {
    let land = nearest_where(net, facilities, &|a, b| {
        edge_kind(net, a, b) == PathKind::Land
    });
    let bridge = nearest_where(net, facilities, &|a, b| {
        edge_kind(net, a, b) <= PathKind::Bridge
    });
    let same = |got: &Reach, minutes: f64, facility: usize| {
        got.facility() == Some(facility)
            && got
                .minutes()
                .is_some_and(|m| (m - minutes).abs() <= 1e-9 * minutes.max(1.0))
    };
    reach
        .iter()
        .enumerate()
        .map(|(s, r)| {
            let Reach::Reachable { minutes, facility } = *r else {
                return None;
            };
            Some(if same(&land[s], minutes, facility) {
                PathKind::Land
            } else if same(&bridge[s], minutes, facility) {
                PathKind::Bridge
            } else {
                PathKind::Ferry
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use geo::Coord;

    use super::*;
    use crate::network::travel::nearest;
    use crate::network::{Edge, Hub};

    /// Three islands in a row, 0 — ferry — 1 — bridge — 2; e-bike at 15 km/h,
    /// detour 1 (a kilometre is 4 minutes). Settlements at x = 0 (island 0), 2,600
    /// (island 1) and 3,500 (island 2); facilities at x = 2,500 (island 1) and 500
    /// (island 0).
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
                road_speeds: Default::default(),
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
            settlement_island: vec![0, 1, 2],
            settlement_xy: vec![xy(0.0), xy(2600.0), xy(3500.0)],
            facility_island: vec![1, 0],
            facility_xy: vec![xy(2500.0), xy(500.0)],
            notes: Vec::new(),
            roads: None,
            settlement_attach: vec![None; 3],
            facility_attach: vec![None; 2],
            hub_attach: vec![None; 4],
        }
    }

    fn kinds(net: &Network, facilities: &[usize]) -> Vec<Option<PathKind>> {
        path_kinds(net, facilities, &nearest(net, facilities))
    }

    #[test]
    fn paths_are_land_bridge_or_ferry_by_what_they_cross() {
        let net = chain();

        // From facility 0 (x 2,500 on island 1): x 2,600 by land; x 3,500 on island 2
        // over the bridge (2 + 0.4 + 1.6 = 4 min); x 0 on island 0 by the ferry.
        assert_eq!(
            kinds(&net, &[0]),
            vec![
                Some(PathKind::Ferry),
                Some(PathKind::Land),
                Some(PathKind::Bridge)
            ]
        );
        // From facility 1 (x 500 on island 0): x 3,500 crosses the ferry and the
        // bridge, and the ferry names it.
        assert_eq!(kinds(&net, &[1])[2], Some(PathKind::Ferry));
    }

    #[test]
    fn an_island_no_edge_reaches_has_no_path() {
        let mut net = chain();
        net.edges[1].retain(|e| e.to != 0);
        net.edges[0].clear();

        assert_eq!(kinds(&net, &[0])[0], None);
    }
}
