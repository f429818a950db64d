//! Oracle: the hub Dijkstra (with its direct-land shortcut) against Floyd–Warshall over
//! every point of seeded random archipelagos of at most 30 points.

use approx::assert_abs_diff_eq;
use geo::Coord;

use isleplan::model::{FacilityId, LinkMode, World};
use isleplan::network::cost::{ferry_cost, FerryCost};
use isleplan::network::travel::{nearest, serving, Reach};
use isleplan::network::Network;
use isleplan::projection::{distance_m, LocalProjection};

use crate::rng::Rng;
use crate::support::{random_world, settings};

fn projection(w: &World) -> LocalProjection {
    LocalProjection::for_points(
        w.islands
            .iter()
            .map(|i| i.point)
            .chain(w.settlements.iter().map(|s| s.point)),
    )
}

/// All-pairs minutes over every settlement, facility and bridge end, with land legs
/// between every two points of an island: no hubs, no shortcuts, no pruning.
///
/// Returns `(matrix, facility node offset)`; settlements are nodes `0..S`, facilities
/// `S..S + F`, bridge ends after.
fn floyd_warshall(w: &World, proj: &LocalProjection) -> (Vec<Vec<f64>>, usize) {
    let s = w.settlements.len();
    let mut nodes: Vec<(String, Coord<f64>)> = Vec::new();
    for st in &w.settlements {
        nodes.push((st.island.0.clone(), proj.forward(st.point)));
    }
    for f in &w.facilities {
        nodes.push((f.island.0.clone(), proj.forward(f.point)));
    }
    let settings = settings();
    let profile = settings.default();
    let mut extra = Vec::new();
    for l in &w.links {
        if l.mode == LinkMode::Bridge {
            let a = nodes.len();
            nodes.push((l.from.clone(), proj.forward(l.line[0])));
            nodes.push((l.to.clone(), proj.forward(*l.line.last().unwrap())));
            let length: f64 = l
                .line
                .windows(2)
                .map(|p| distance_m(proj.forward(p[0]), proj.forward(p[1])))
                .sum();
            extra.push((a, a + 1, profile.land_min(length)));
        }
    }
    let n = nodes.len();
    assert!(n <= 40, "oracle instance too large: {n}");
    let mut d = vec![vec![f64::INFINITY; n]; n];
    for i in 0..n {
        d[i][i] = 0.0;
        for j in 0..n {
            if i != j && nodes[i].0 == nodes[j].0 {
                d[i][j] = profile.land_min(distance_m(nodes[i].1, nodes[j].1));
            }
        }
    }
    for l in &w.links {
        if l.mode == LinkMode::Ferry {
            if let FerryCost::Usable {
                wait_min,
                crossing_min,
                ..
            } = ferry_cost(l, &settings.ferry)
            {
                let ix = |id: &str| {
                    s + w
                        .facilities
                        .binary_search_by(|f| f.id.cmp(&FacilityId(id.into())))
                        .unwrap()
                };
                extra.push((ix(&l.from), ix(&l.to), wait_min + crossing_min));
            }
        }
    }
    for (a, b, c) in extra {
        d[a][b] = d[a][b].min(c);
        d[b][a] = d[b][a].min(c);
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let via = d[i][k] + d[k][j];
                if via < d[i][j] {
                    d[i][j] = via;
                }
            }
        }
    }
    (d, s)
}

#[test]
fn hub_dijkstra_equals_floyd_warshall_on_random_archipelagos() {
    let mut rng = Rng::new(20240607);
    let mut reachable = 0;
    let mut unreachable = 0;
    for case in 0..1000 {
        let w = random_world(&mut rng, 30);
        let proj = projection(&w);
        let settings = settings();
        let net = Network::build(&w, &proj, &settings, settings.default());
        let sources = serving(&w, &["clinic".to_owned()]);

        let got = nearest(&net, &sources);

        let (d, off) = floyd_warshall(&w, &proj);
        for (s, r) in got.iter().enumerate() {
            let best = sources
                .iter()
                .map(|&f| d[off + f][s])
                .fold(f64::INFINITY, f64::min);
            match *r {
                Reach::Reachable { minutes, facility } => {
                    reachable += 1;
                    assert_abs_diff_eq!(minutes, best, epsilon = 1e-6);
                    // The facility named is one that achieves the minimum, the lowest id
                    // among those that do.
                    assert_abs_diff_eq!(d[off + facility][s], best, epsilon = 1e-6);
                    let first = sources
                        .iter()
                        .copied()
                        .find(|&f| (d[off + f][s] - best).abs() < 1e-9)
                        .unwrap();
                    assert_eq!(facility, first, "case {case}, settlement {s}");
                }
                Reach::Unreachable => {
                    unreachable += 1;
                    assert!(
                        best.is_infinite(),
                        "case {case}: settlement {s} reaches in {best}"
                    );
                }
            }
        }
    }
    // The generator exercises both outcomes.
    assert!(
        reachable > 100 && unreachable > 20,
        "{reachable} / {unreachable}"
    );
}
