//! Minutes along roads: the hand-made bay (`tests/data/roads/`), random road
//! networks against petgraph's Dijkstra, and byte-identical outputs.
//!
//! Lengths at the equator, where the fixture lies: 0.001° of longitude is
//! 6,378,137 m × π/180 × 0.001 = L = 111.32 m, 0.001° of latitude is the meridian
//! arc there, A = 110.574 m. Coordinates below are in thousandths of a degree.
//!
//! Island `wan` is a U round a bay open to the north (x 10–30, y 12–30 is water).
//! Roads: `coast` (primary) W (5,28) → (5,15) → SW (5,5) → (20,5) → SE (35,5) →
//! (35,15) → E (35,28); `hill` (path) (5,15) → (20,5); `oneway` (primary, one way)
//! (20,5) → (35,15); `lane` (38,22)–(38,26), joined to nothing. Nodes are the shared
//! vertices (5,15), (20,5), (35,15) and the ends W, E: SW and SE are not nodes.
//! Pieces: W–(5,15) 13A = 1,437.46 m; (5,15)–(20,5) along the coast 10A + 15L =
//! 2,775.53 m; (20,5)–(35,15) along the coast 2,775.53 m; (35,15)–E 1,437.46 m; the
//! hill path and the one-way street, each √((15L)² + (10A)²) = 2,002.71 m.
//!
//! `car`: primary 60 km/h = 1,000 m/min, paths closed, off road 6 km/h = 100 m/min;
//! beyond `max_snap_m` = 300 m the leg to the road is straight × 1.25 at 30 km/h
//! (400 m/min). `walk`: 100 m/min everywhere. Island `bei` has no roads: straight
//! lines × 1.25 at 30 km/h. Ferry `wan_bei`: 11 sailings 07:00–17:00, a wait of 30 and
//! 20 minutes across: 50 minutes.

use approx::assert_abs_diff_eq;
use geo::{Contains, Coord, Point};
use petgraph::visit::EdgeRef;

use isleplan::model::{Facility, Island, IslandId, Road, RoadAccess, Settlement, World};
use isleplan::network::areas::service_area;
use isleplan::network::cost::TravelSettings;
use isleplan::network::travel::{minutes_between, nearest, Reach, TargetScratch, Targets};
use isleplan::network::Network;
use isleplan::pipeline::{self, Outcome};
use isleplan::projection::LocalProjection;

use crate::rng::Rng;
use crate::support::{facility, fixture, settings};

const L: f64 = 111.319_5;
const A: f64 = 110.574;

fn outcome() -> Outcome {
    pipeline::run(&fixture("roads").join("scenario.toml")).unwrap()
}

fn facility_ix(o: &Outcome, id: &str) -> usize {
    o.dataset
        .world
        .facilities
        .iter()
        .position(|f| f.id.0 == id)
        .unwrap()
}

/// Minutes per settlement id from `facilities` (ids) for `profile`.
fn minutes_from(o: &Outcome, profile: &str, facilities: &[&str]) -> Vec<(String, Option<f64>)> {
    let net = &o.travel.as_ref().unwrap().networks[profile];
    let fs: Vec<usize> = facilities.iter().map(|f| facility_ix(o, f)).collect();
    let reach = nearest(net, &fs);
    o.dataset
        .world
        .settlements
        .iter()
        .zip(reach)
        .map(|(s, r)| (s.id.0.clone(), r.minutes()))
        .collect()
}

fn get(v: &[(String, Option<f64>)], id: &str) -> Option<f64> {
    v.iter().find(|(s, _)| s == id).unwrap().1
}

#[test]
fn car_minutes_follow_the_roads_by_hand() {
    let o = outcome();
    let to_clinic = minutes_from(&o, "car", &["clinic"]);
    let to_hospital = minutes_from(&o, "car", &["hospital"]);

    // west (4,28) → clinic (36,28), 1L off E. Off road 1L / 100 = 1.1132 to W; W to
    // (20,5) along the coast 1,437.46 + 2,775.53 m = 4.2130; the one-way street with
    // its direction 2.0027; (35,15) → E 1.4375; off road 1.1132: 9.8796. The straight
    // line across the bay would be 32L = 3,562 m × 1.25 / 500 = 8.91 minutes.
    let west = (1437.46 + 2775.53 + 1437.46) / 1000.0 + 2002.71 / 1000.0 + 2.0 * L / 100.0;
    assert_abs_diff_eq!(get(&to_clinic, "west").unwrap(), west, epsilon = 1e-3);
    assert_abs_diff_eq!(west, 9.8796, epsilon = 1e-3);
    // east (36,15) → hospital (4,5), 1L off the coast's SW corner. The one-way street
    // runs the wrong way, so the coast: 1.1132 + 2.7755 to (20,5) + 15L = 1.6698 along
    // to SW + 1.1132 = 6.6717 (5.8989 if the one-way street could be taken back).
    let east = 2.0 * L / 100.0 + 2775.53 / 1000.0 + 15.0 * L / 1000.0;
    assert_abs_diff_eq!(get(&to_hospital, "east").unwrap(), east, epsilon = 1e-3);
    assert_abs_diff_eq!(east, 6.6717, epsilon = 1e-3);
    // east → clinic: 1.1132 + (35,15) → E 1.4375 + 1.1132 = 3.6639.
    assert_abs_diff_eq!(
        get(&to_clinic, "east").unwrap(),
        2.0 * L / 100.0 + 13.0 * A / 1000.0,
        epsilon = 1e-3
    );
    // ne (37,24): the lane is 1L away but joined to nothing, so ne joins the coast at
    // (35,24), 2L = 222.64 m off (2.2264), 4A = 442.30 m from E along the same piece
    // as the clinic (0.4423, no node passed), + 1.1132: 3.7819.
    assert_abs_diff_eq!(
        get(&to_clinic, "ne").unwrap(),
        2.0 * L / 100.0 + 4.0 * A / 1000.0 + L / 100.0,
        epsilon = 1e-3
    );
    // far (25,1) lies 4A = 442.30 m from the road, more than 300 m: its leg is
    // straight, 442.30 × 1.25 / 500 = 1.1057; along to (20,5) 5L = 0.5566, to SW
    // 1.6698, off road 1.1132: 4.4453. Straight line to the hospital today:
    // √((21L)² + (4A)²) = 2,384 m × 1.25 / 500 = 5.96.
    let far = 4.0 * A * 1.25 / 500.0 + 5.0 * L / 1000.0 + 15.0 * L / 1000.0 + L / 100.0;
    assert_abs_diff_eq!(get(&to_hospital, "far").unwrap(), far, epsilon = 1e-3);
    assert_abs_diff_eq!(far, 4.4453, epsilon = 1e-3);
    // bei1 (55,45) on bei, which has no roads: straight to bei_pier (55,40) 5A × 1.25 /
    // 500 = 1.3822; ferry 50; wan_pier (5,29) joins W 1A off (1.1057); W → SW 2.5432;
    // off road 1.1132: 56.1443.
    let bei1 = 5.0 * A * 1.25 / 500.0 + 50.0 + A / 100.0 + 23.0 * A / 1000.0 + L / 100.0;
    assert_abs_diff_eq!(get(&to_hospital, "bei1").unwrap(), bei1, epsilon = 1e-3);
    assert_abs_diff_eq!(bei1, 56.1443, epsilon = 1e-3);
}

#[test]
fn the_hill_path_is_walked_not_driven() {
    let o = outcome();

    let walk = minutes_from(&o, "walk", &["clinic"]);

    // On foot everything is 100 m/min. west → clinic over the hill: 1,437.46 + 2,002.71
    // (hill) + 2,002.71 (one-way street, with its direction) + 1,437.46 = 6,880.34 m,
    // + 2 × 1L off road: 71.0298 min. Round the coast instead: 7,653.16 m, 78.76 min.
    let hill = (1437.46 + 2.0 * 2002.71 + 1437.46 + 2.0 * L) / 100.0;
    assert_abs_diff_eq!(get(&walk, "west").unwrap(), hill, epsilon = 1e-2);
    assert_abs_diff_eq!(hill, 71.0298, epsilon = 1e-2);
    // The car may not take the path: 9.8796 above, by the one-way street.
}

#[test]
fn rules_and_layers_read_the_road_minutes() {
    let o = outcome();
    let times = o.travel.as_ref().unwrap();

    let health = times.get("car", "health", 0).unwrap();
    let w = &o.dataset.world;
    let by_id = |id: &str| {
        let s = w.settlements.iter().position(|s| s.id.0 == id).unwrap();
        health[s]
    };
    // west: the hospital (4.7696: 1.1132 + 23A = 2.5432 + 1.1132) beats the clinic (9.88).
    match by_id("west") {
        Reach::Reachable { minutes, facility } => {
            assert_eq!(w.facilities[facility].id.0, "hospital");
            assert_abs_diff_eq!(minutes, 2.0 * L / 100.0 + 23.0 * A / 1000.0, epsilon = 1e-3);
        }
        Reach::Unreachable => panic!("west unreachable"),
    }
    // bei1 → bei_clinic (55,42) on the roadless island: 3A × 1.25 / 500 = 0.8293.
    assert_abs_diff_eq!(
        by_id("bei1").minutes().unwrap(),
        3.0 * A * 1.25 / 500.0,
        epsilon = 1e-3
    );
    // The lane and the far point are named in the notes, for each profile.
    let notes = times.notes();
    let lane: Vec<_> = notes.iter().filter(|n| n.link == "lane").collect();
    assert_eq!(lane.len(), 2, "{notes:?}");
    assert!(lane[0].note.contains("not connected"), "{}", lane[0].note);
    let far: Vec<_> = notes.iter().filter(|n| n.link == "far").collect();
    assert_eq!(far.len(), 2, "{notes:?}");
    assert!(far[0].note.contains("442 m"), "{}", far[0].note);
    // Point to point (relocations): west → clinic, as computed above.
    let net = &times.networks["car"];
    let p = &o.prepared;
    let s = w.settlements.iter().position(|s| s.id.0 == "west").unwrap();
    let f = facility_ix(&o, "clinic");
    let m = minutes_between(
        net,
        (p.settlement_island[s], p.settlement_xy[s]),
        (p.facility_island[f], p.facility_xy[f]),
    )
    .unwrap();
    assert_abs_diff_eq!(m, 9.8796, epsilon = 1e-3);
}

#[test]
fn a_service_area_runs_along_the_roads() {
    let o = outcome();
    let net = &o.travel.as_ref().unwrap().networks["car"];
    let proj = &o.prepared.projection;
    let at = |x: f64, y: f64| {
        Point(proj.forward(Coord {
            x: x / 1000.0,
            y: y / 1000.0,
        }))
    };

    let area = service_area(net, &o.prepared.outlines, facility_ix(&o, "clinic"), 5.0);

    // clinic → E 1.1132, → (35,15) 2.5507; (35,10) on the coast at 2.5507 + 5A/1000 =
    // 3.1036, 1.8964 left: a walk of 189.6 m either side of the road.
    assert!(area.contains(&at(35.0, 10.0)));
    assert!(area.contains(&at(34.0, 10.0))); // 1L = 111 m off the road
    assert!(!area.contains(&at(32.0, 10.0))); // 3L = 334 m off
                                              // The area holds the land from which the clinic is reached in 5 minutes. From
                                              // (20,5) the one-way street leads there in 2.0027 + 1.4375 + 1.1132 = 4.5534
                                              // minutes: reached, 44.7 m of walk to spare. Against it, the way back would be
                                              // the coast, 2.7755 + 1.4375 + 1.1132 = 5.33: so (20,5) lies in the area by the
                                              // one-way street alone.
    assert!(area.contains(&at(20.0, 5.0)));
    // SW (5,5) is 15L = 1.6698 farther: 6.22 minutes, not reached.
    assert!(!area.contains(&at(5.0, 5.0)));
    // (35,20) on the coast: 8A = 0.8846 to E + 1.1132 = 1.9978, 3.0022 left: 300 m of
    // walk. (37,20) is 2L = 223 m off: in; (38,20) is 3L = 334 m off: out (a
    // 5-minute disc of the straight-line model, 2,000 m, would hold both).
    assert!(area.contains(&at(37.0, 20.0)));
    assert!(!area.contains(&at(38.0, 20.0)));
    assert!(area.contains(&at(36.0, 28.0)));
}

/// The settlements of `net` as the demand of a coverage set.
fn all_targets(net: &Network) -> Targets {
    let points: Vec<_> = (0..net.settlement_xy.len())
        .map(|s| {
            (
                net.settlement_island[s],
                net.settlement_xy[s],
                net.settlement_attach[s],
            )
        })
        .collect();
    Targets::new(net, &points)
}

#[test]
fn a_candidate_site_covers_along_the_roads_not_across_the_bay() {
    let o = outcome();
    let net = &o.travel.as_ref().unwrap().networks["car"];
    let targets = all_targets(net);
    let mut scratch = TargetScratch::new(net);
    let proj = &o.prepared.projection;
    let west = o
        .dataset
        .world
        .settlements
        .iter()
        .position(|s| s.id.0 == "west")
        .unwrap();
    let wan = net.settlement_island[west];
    // A candidate site at (36,28), where the clinic stands, within 9.5 minutes.
    let site = proj.forward(Coord { x: 0.036, y: 0.028 });
    let ids = |set: Vec<u32>| -> Vec<String> {
        set.into_iter()
            .map(|k| o.dataset.world.settlements[k as usize].id.0.clone())
            .collect()
    };
    let covered = ids(targets.within(net, &mut scratch, wan, site, 9.5));

    // west: 9.8796 by road (worked above), out; across the bay the straight line
    // would be 32L × 1.25 / 500 = 8.91 minutes, in. east 3.6639 and ne 3.7819 in.
    // far: 1.1057 straight to the road, 5L = 0.5566 to (20,5), the one-way street
    // 2.0027, (35,15) → E 1.4375, off road 1.1132: 6.2157, in. bei1: over 50, out.
    let mut want = vec!["east", "far", "ne"];
    want.sort_by_key(|id| {
        o.dataset
            .world
            .settlements
            .iter()
            .position(|s| s.id.0 == *id)
    });
    assert_eq!(covered, want);
    let straight = net.land_min(net.settlement_xy[west], site);
    assert_abs_diff_eq!(straight, 32.0 * L * 1.25 / 500.0, epsilon = 1e-3);
    assert!(straight < 9.5);
    // At 10 minutes west is in (9.8796 ≤ 10).
    assert!(ids(targets.within(net, &mut scratch, wan, site, 10.0)).contains(&"west".to_owned()));

    // Over the ferry too, and on `bei`, which has no roads: every site at a facility,
    // at limits that reach across, against the point-to-point minutes.
    for f in 0..net.facility_xy.len() {
        for limit in [2.0, 10.0, 55.0, 60.0] {
            let (island, xy) = (net.facility_island[f], net.facility_xy[f]);
            let want: Vec<u32> = (0..net.settlement_xy.len() as u32)
                .filter(|&s| {
                    let s = s as usize;
                    minutes_between(
                        net,
                        (net.settlement_island[s], net.settlement_xy[s]),
                        (island, xy),
                    )
                    .is_some_and(|m| m <= limit)
                })
                .collect();
            assert_eq!(targets.within(net, &mut scratch, island, xy, limit), want);
        }
    }
}

#[test]
fn candidate_coverage_sets_match_point_to_point_minutes() {
    let mut rng = Rng::new(0x5eed_c0de);
    let settings = settings();
    let mut checked = 0;
    for _ in 0..15 {
        let w = random_roads(&mut rng);
        let proj = LocalProjection::new(Coord { x: 122.3, y: 29.9 });
        let net = Network::build(&w, &proj, &settings, &settings.profiles["car"]);
        let targets = all_targets(&net);
        let mut scratch = TargetScratch::new(&net);
        // Sites at the facilities and settlements, at several limits.
        let sites: Vec<(usize, Coord<f64>)> = (0..net.facility_xy.len())
            .map(|f| (net.facility_island[f], net.facility_xy[f]))
            .chain(
                (0..net.settlement_xy.len())
                    .map(|s| (net.settlement_island[s], net.settlement_xy[s])),
            )
            .collect();
        for &(island, xy) in &sites {
            let limit = 1.0 + rng.below(12) as f64;
            let got = targets.within(&net, &mut scratch, island, xy, limit);
            let want: Vec<u32> = (0..net.settlement_xy.len())
                .filter(|&s| {
                    minutes_between(
                        &net,
                        (net.settlement_island[s], net.settlement_xy[s]),
                        (island, xy),
                    )
                    .is_some_and(|m| m <= limit)
                })
                .map(|s| s as u32)
                .collect();
            assert_eq!(got, want, "limit {limit}");
            checked += want.len();
        }
    }
    assert!(checked > 100, "{checked}");
}

/// A random road network on one island: rows of jittered points joined by short
/// vertical roads (so it is connected), random one-way roads and speeds, some
/// roads with `minutes`; random settlements and facilities.
fn random_roads(rng: &mut Rng) -> World {
    let mut w = World::default();
    let c = Coord { x: 122.3, y: 29.9 };
    w.islands.push(Island {
        id: IslandId("i00".into()),
        name: String::new(),
        name_zh: String::new(),
        town: "t".into(),
        population: 1000,
        outline: None,
        point: c,
        provenance: Default::default(),
    });
    let (rows, cols) = (2 + rng.below(4), 3 + rng.below(5));
    let step = 0.002;
    let grid: Vec<Vec<Coord<f64>>> = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|k| Coord {
                    x: c.x + step * k as f64 + 0.0006 * (rng.unit() - 0.5),
                    y: c.y + step * r as f64 + 0.0006 * (rng.unit() - 0.5),
                })
                .collect()
        })
        .collect();
    let classes = ["primary", "residential", "track"];
    let road = |id: String, line: Vec<Coord<f64>>, rng: &mut Rng| Road {
        id,
        island: IslandId("i00".into()),
        class: Some(classes[rng.below(3)].into()),
        speed_kmh: (rng.below(4) == 0).then(|| 10.0 + 40.0 * rng.unit()),
        minutes: (rng.below(6) == 0).then(|| 0.5 + 3.0 * rng.unit()),
        oneway: match rng.below(4) {
            0 => isleplan::model::OneWay::Forward,
            1 => isleplan::model::OneWay::Backward,
            _ => isleplan::model::OneWay::No,
        },
        access: RoadAccess::All,
        lines: vec![line],
    };
    for (r, row) in grid.iter().enumerate() {
        // A row in one or two roads.
        let cut = 1 + rng.below(cols - 1);
        w.roads
            .push(road(format!("row{r}a"), row[..=cut].to_vec(), rng));
        if cut < cols - 1 {
            w.roads
                .push(road(format!("row{r}b"), row[cut..].to_vec(), rng));
        }
    }
    for (r, pair) in grid.windows(2).enumerate() {
        for (k, (&a, &b)) in pair[0].iter().zip(&pair[1]).enumerate() {
            if k == 0 || rng.below(3) == 0 {
                let mid = Coord {
                    x: (a.x + b.x) / 2.0 + 0.0004 * (rng.unit() - 0.5),
                    y: (a.y + b.y) / 2.0,
                };
                w.roads
                    .push(road(format!("col{r}_{k}"), vec![a, mid, b], rng));
            }
        }
    }
    let span = |rng: &mut Rng| Coord {
        x: c.x - 0.003 + (step * cols as f64 + 0.006) * rng.unit(),
        y: c.y - 0.003 + (step * rows as f64 + 0.006) * rng.unit(),
    };
    for s in 0..(3 + rng.below(10)) {
        let p = span(rng);
        let mut st: Settlement =
            crate::support::random_world(&mut Rng::new(1), 3).settlements[0].clone();
        st.id = isleplan::model::SettlementId(format!("s{s:02}"));
        st.island = IslandId("i00".into());
        st.point = p;
        w.settlements.push(st);
    }
    let n_f = 1 + rng.below(3);
    let fs: Vec<Facility> = (0..n_f)
        .map(|f| facility(&format!("f{f}"), "clinic", 0, span(rng)))
        .collect();
    w.facilities = fs;
    w.sort();
    w
}

/// The oracle: every vertex a node, every segment an edge in its open directions,
/// each point joined by brute force to its nearest segment (split there), and
/// petgraph's Dijkstra back from a sink that every facility leads to: the minutes
/// from each settlement to its nearest facility.
fn oracle(w: &World, proj: &LocalProjection, settings: &TravelSettings) -> Vec<Option<f64>> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let car = &settings.profiles["car"];
    let mut g: DiGraph<(), f64> = DiGraph::new();
    let mut vertex: std::collections::HashMap<(u64, u64), NodeIndex> = Default::default();
    struct Seg {
        a: NodeIndex,
        b: NodeIndex,
        pa: Coord<f64>,
        pb: Coord<f64>,
        fwd: f64,
        back: f64,
    }
    let mut segs = Vec::new();
    for r in &w.roads {
        let line = &r.lines[0];
        let xy: Vec<Coord<f64>> = line.iter().map(|&p| proj.forward(p)).collect();
        let len: f64 = xy
            .windows(2)
            .map(|s| (s[1] - s[0]).x.hypot((s[1] - s[0]).y))
            .sum();
        let speed = car.road_speed_kmh(r.class.as_deref(), r.speed_kmh) * 1000.0 / 60.0;
        for (k, s) in xy.windows(2).enumerate() {
            let mut node = |p: Coord<f64>| {
                *vertex
                    .entry((p.x.to_bits(), p.y.to_bits()))
                    .or_insert_with(|| g.add_node(()))
            };
            let _ = k;
            let (a, b) = (node(s[0]), node(s[1]));
            let l = (s[1] - s[0]).x.hypot((s[1] - s[0]).y);
            let m = match r.minutes {
                Some(m) => m * l / len,
                None => l / speed,
            };
            let fwd = if r.oneway == isleplan::model::OneWay::Backward {
                f64::INFINITY
            } else {
                m
            };
            let back = if r.oneway == isleplan::model::OneWay::Forward {
                f64::INFINITY
            } else {
                m
            };
            segs.push(Seg {
                a,
                b,
                pa: s[0],
                pb: s[1],
                fwd,
                back,
            });
        }
    }
    // Join points: (segment, t, access minutes).
    let join = |p: Coord<f64>| -> (usize, f64, f64) {
        let mut best = (f64::INFINITY, 0, 0.0);
        for (i, s) in segs.iter().enumerate() {
            let d = s.pb - s.pa;
            let l2 = d.x * d.x + d.y * d.y;
            let t = if l2 > 0.0 {
                (((p - s.pa).x * d.x + (p - s.pa).y * d.y) / l2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let foot = s.pa + d * t;
            let off = (p - foot).x.hypot((p - foot).y);
            if off < best.0 {
                best = (off, i, t);
            }
        }
        let (off, i, t) = best;
        let access = if off > settings.max_snap_m {
            off * car.detour / car.speed_m_per_min()
        } else {
            off / car.offroad_m_per_min()
        };
        (i, t, access)
    };
    let mut feet: Vec<Vec<(f64, NodeIndex)>> = (0..segs.len()).map(|_| Vec::new()).collect();
    let mut point = |p: Coord<f64>, to_road: bool, g: &mut DiGraph<(), f64>| {
        let (i, t, access) = join(p);
        let n = g.add_node(());
        let foot = g.add_node(());
        if to_road {
            g.add_edge(n, foot, access);
        } else {
            g.add_edge(foot, n, access);
        }
        feet[i].push((t, foot));
        n
    };
    let settlement_nodes: Vec<NodeIndex> = w
        .settlements
        .iter()
        .map(|s| point(proj.forward(s.point), true, &mut g))
        .collect();
    // Every facility leads to a sink; the search runs from the sink backwards.
    let sink = g.add_node(());
    for f in &w.facilities {
        let n = point(proj.forward(f.point), false, &mut g);
        g.add_edge(n, sink, 0.0);
    }
    for (i, s) in segs.iter().enumerate() {
        let mut chain: Vec<(f64, NodeIndex)> = vec![(0.0, s.a)];
        let mut f = feet[i].clone();
        f.sort_by(|x, y| x.0.total_cmp(&y.0));
        chain.extend(f);
        chain.push((1.0, s.b));
        for w2 in chain.windows(2) {
            let part = w2[1].0 - w2[0].0;
            // Two feet at one spot: no way to go, whatever the direction.
            if part == 0.0 {
                g.add_edge(w2[0].1, w2[1].1, 0.0);
                g.add_edge(w2[1].1, w2[0].1, 0.0);
                continue;
            }
            if s.fwd.is_finite() {
                g.add_edge(w2[0].1, w2[1].1, s.fwd * part);
            }
            if s.back.is_finite() {
                g.add_edge(w2[1].1, w2[0].1, s.back * part);
            }
        }
    }
    let dist = petgraph::algo::dijkstra(petgraph::visit::Reversed(&g), sink, None, |e| *e.weight());
    settlement_nodes
        .iter()
        .map(|n| dist.get(n).copied())
        .collect()
}

#[test]
fn random_road_networks_match_petgraphs_dijkstra() {
    let mut rng = Rng::new(0x5eed_0016);
    let mut settings = settings();
    {
        let car = settings.profiles.get_mut("car").unwrap();
        car.road_speeds = [
            ("primary".to_owned(), 60.0),
            ("residential".to_owned(), 30.0),
        ]
        .into_iter()
        .collect();
        car.offroad_speed_kmh = Some(5.0);
    }
    settings.max_snap_m = 250.0;
    let mut compared = 0;
    for _ in 0..60 {
        let w = random_roads(&mut rng);
        let proj = LocalProjection::new(Coord { x: 122.3, y: 29.9 });
        let net = Network::build(&w, &proj, &settings, &settings.profiles["car"]);
        let fs: Vec<usize> = (0..w.facilities.len()).collect();

        let got = nearest(&net, &fs);
        let want = oracle(&w, &proj, &settings);

        for (g, o) in got.iter().zip(&want) {
            match (g.minutes(), o) {
                (Some(a), Some(b)) => assert_abs_diff_eq!(a, *b, epsilon = 1e-6),
                (None, None) => {}
                other => panic!(
                    "{other:?}\n{:#?}\n{:?}\n{:?}",
                    w.roads
                        .iter()
                        .map(|r| (&r.id, r.oneway, r.lines[0].len()))
                        .collect::<Vec<_>>(),
                    net.settlement_attach,
                    net.facility_attach
                ),
            }
            compared += 1;
        }
    }
    assert!(compared > 300, "{compared}");
}

#[test]
fn road_outputs_are_byte_identical_across_threads_and_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixture("roads");
    // The same dataset with every layer's features reversed.
    let rev = tmp.path().join("reversed");
    std::fs::create_dir(&rev).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_owned();
        if p.extension().is_some_and(|x| x == "geojson") {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["features"].as_array_mut().unwrap().reverse();
            std::fs::write(rev.join(name), serde_json::to_string(&v).unwrap()).unwrap();
        } else {
            std::fs::copy(&p, rev.join(name)).unwrap();
        }
    }
    let run = |scenario: &std::path::Path, out: &std::path::Path, threads: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_isleplan"))
            .args(["run", "--quiet"])
            .arg(scenario)
            .arg("--out")
            .arg(out)
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert!(status.success());
    };
    let outs = [
        (src.join("scenario.toml"), "1"),
        (src.join("scenario.toml"), "2"),
        (rev.join("scenario.toml"), "2"),
    ];
    let mut all = Vec::new();
    for (k, (scenario, threads)) in outs.iter().enumerate() {
        let out = tmp.path().join(format!("out{k}"));
        run(scenario, &out, threads);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        all.push(files);
    }
    assert!(all[0].iter().any(|(n, _)| n == "service_areas.geojson"));
    for other in &all[1..] {
        assert_eq!(all[0].len(), other.len());
        for ((na, a), (nb, b)) in all[0].iter().zip(other) {
            assert_eq!(na, nb);
            if names_the_input_folder(na) {
                continue;
            }
            assert!(a == b, "{na} differs");
        }
    }
}

#[test]
fn allocation_lines_on_road_islands_agree_with_the_settlements_minutes() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixture("roads");
    // The fixture without `bei`'s clinic: bei1 must take the ferry to `wan`.
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() == "facilities.geojson" {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["features"]
                .as_array_mut()
                .unwrap()
                .retain(|f| f["properties"]["id"] != "bei_clinic");
            std::fs::write(data.join("facilities.geojson"), v.to_string()).unwrap();
        } else {
            std::fs::copy(&p, data.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = tmp.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["run", "--quiet"])
        .arg(data.join("scenario.toml"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap()
    };
    let lines = read("allocation.geojson");
    let settlements = read("settlements.geojson");
    let line = |id: &str| {
        lines["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["id"] == format!("{id}>health"))
            .unwrap()["properties"]
            .clone()
    };
    // Every line's minutes are its settlement's `health_min`.
    for s in settlements["features"].as_array().unwrap() {
        let id = s["properties"]["id"].as_str().unwrap();
        assert_eq!(line(id)["minutes"], s["properties"]["health_min"], "{id}");
    }
    // bei1 → hospital: 56.1443 worked above, by ferry and the coast road.
    let bei1 = line("bei1");
    assert_eq!(bei1["facility"], "hospital");
    assert_eq!(bei1["path"], "ferry");
    assert_eq!(bei1["minutes"], serde_json::json!(56.1));
    // west → hospital on its own island, along the coast road: 1L off road 1.1132,
    // W → SW 23A = 2.5432, 1L off road 1.1132: 4.7696.
    let west = line("west");
    assert_eq!(west["facility"], "hospital");
    assert_eq!(west["path"], "land");
    assert_eq!(west["minutes"], serde_json::json!(4.8));
}

#[test]
fn a_road_layer_from_a_geopackage_gives_the_same_roads_and_outputs() {
    // roads.gpkg is roads.geojson through ogr2ogr, `class` renamed 等级 and mapped
    // back by the scenario (tests/data/roads/build.py).
    let geojson = outcome();
    let gpkg = pipeline::run(&fixture("roads").join("scenario-gpkg.toml")).unwrap();
    assert_eq!(gpkg.dataset.world.roads, geojson.dataset.world.roads);
    assert_eq!(gpkg.dataset.world.roads.len(), 4);
    assert!(gpkg
        .dataset
        .world
        .roads
        .iter()
        .any(|r| r.class.as_deref() == Some("path")));

    let tmp = tempfile::tempdir().unwrap();
    let mut all = Vec::new();
    for (k, scenario) in ["scenario.toml", "scenario-gpkg.toml"].iter().enumerate() {
        let out = tmp.path().join(format!("out{k}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_isleplan"))
            .args(["run", "--quiet"])
            .arg(fixture("roads").join(scenario))
            .arg("--out")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        all.push(files);
    }
    assert_eq!(all[0].len(), all[1].len());
    for ((na, a), (nb, b)) in all[0].iter().zip(&all[1]) {
        assert_eq!(na, nb);
        if names_the_input_folder(na) {
            continue;
        }
        assert!(a == b, "{na} differs");
    }
    // summary.json names the GeoPackage layer as the road input.
    let summary =
        String::from_utf8_lossy(&all[1].iter().find(|(n, _)| n == "summary.json").unwrap().1)
            .into_owned();
    assert!(summary.contains("roads.gpkg (layer roads)"), "{summary}");
}

#[test]
fn the_summary_lists_road_speeds_offroad_speeds_and_the_snap_distance() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["run", "--json"])
        .arg(fixture("roads").join("scenario.toml"))
        .arg("--out")
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let travel = &summary["travel"];

    // As rules.toml of the fixture sets them.
    let car = &travel["profiles"]["car"];
    assert_eq!(
        car["road_speeds_kmh"],
        serde_json::json!({"path": 0.0, "primary": 60.0, "residential": 30.0})
    );
    assert_eq!(car["offroad_speed_kmh"], serde_json::json!(6.0));
    // walk lists no road speeds: every road at its 6 km/h.
    assert_eq!(
        travel["profiles"]["walk"]["road_speeds_kmh"],
        serde_json::json!({})
    );
    assert_eq!(travel["max_snap_m"], serde_json::json!(300.0));
}

/// `summary.json` and `report.html` name the input folder (and `summary.json` the
/// hashes of the reversed files): every other file must match to the byte.
fn names_the_input_folder(name: &str) -> bool {
    name == "summary.json" || name == "report.html"
}

#[test]
fn bad_road_features_are_rejected_with_file_feature_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fixture("roads")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    let roads = tmp.path().join("roads.geojson");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&roads).unwrap()).unwrap();
    let bad = [
        // (properties, geometry): one problem each.
        (
            serde_json::json!({"id": "b0", "oneway": "sideways"}),
            serde_json::json!({"type": "LineString", "coordinates": [[0.005, 0.028], [0.005, 0.02]]}),
        ),
        (
            serde_json::json!({"id": "b1", "speed_kmh": -3}),
            serde_json::json!({"type": "LineString", "coordinates": [[0.005, 0.028], [0.005, 0.02]]}),
        ),
        (
            serde_json::json!({"id": "b2"}),
            serde_json::json!({"type": "Point", "coordinates": [0.005, 0.028]}),
        ),
        (
            serde_json::json!({"id": "b3", "island": "nowhere"}),
            serde_json::json!({"type": "LineString", "coordinates": [[0.005, 0.028], [0.005, 0.02]]}),
        ),
        (
            serde_json::json!({"id": "b4"}),
            serde_json::json!({"type": "LineString", "coordinates": [[0.2, 0.2], [0.21, 0.2]]}),
        ),
        (
            serde_json::json!({"id": "coast"}),
            serde_json::json!({"type": "LineString", "coordinates": [[0.005, 0.028], [0.005, 0.02]]}),
        ),
    ];
    for (props, geom) in &bad {
        v["features"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"type": "Feature", "properties": props, "geometry": geom}));
    }
    std::fs::write(&roads, v.to_string()).unwrap();

    let o = pipeline::run(&tmp.path().join("scenario.toml")).unwrap();

    let rejected: Vec<(usize, String, String)> = o
        .dataset
        .diagnostics
        .rejected
        .iter()
        .filter(|r| r.at.file.ends_with("roads.geojson"))
        .map(|r| {
            (
                r.at.index,
                r.at.id.clone().unwrap_or_default(),
                r.field.clone(),
            )
        })
        .collect();
    // Features 4.. are the bad ones, in order; the duplicate `coast` is the later one.
    assert_eq!(
        rejected,
        vec![
            (4, "b0".into(), "oneway".into()),
            (5, "b1".into(), "speed_kmh".into()),
            (6, "b2".into(), "geometry".into()),
            (7, "b3".into(), "island".into()),
            (8, "b4".into(), "island".into()),
            (9, "coast".into(), "id".into()),
        ]
    );
    // The good roads still give the same minutes (east → clinic, 3.6639).
    assert_eq!(o.dataset.world.roads.len(), 4);
}

#[cfg(unix)]
#[test]
fn a_road_layer_that_is_a_fifo_is_refused_not_read_forever() {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fixture("roads")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "roads.geojson" {
            std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let fifo = tmp.path().join("roads.geojson");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());

    let err = pipeline::run(&tmp.path().join("scenario.toml")).unwrap_err();

    assert!(err.to_string().contains("roads.geojson"), "{err}");
    assert!(format!("{err:?}").contains("not a regular file"), "{err:?}");
}
