//! The prepared world: what every stage reads of the dataset, derived once after
//! loading and editing — points and outlines in metres, each feature's island by
//! index, towns, villages of several settlements, the facilities on each island and
//! the settlement each facility serves, territories in metres, and which service
//! families the data holds. No stage re-projects a point or recounts a town.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Area, Coord, MultiPolygon};

use crate::index::PointIndex;
use crate::model::World;
use crate::projection::LocalProjection;

/// The dataset's derived facts, indexed like the [`World`]'s lists.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Lon/lat to metres.
    pub projection: LocalProjection,
    /// Each island's representative point, metres.
    pub island_xy: Vec<Coord<f64>>,
    /// Each island's outline, metres, when it has one.
    pub outlines: Vec<Option<MultiPolygon<f64>>>,
    /// Each settlement's point, metres.
    pub settlement_xy: Vec<Coord<f64>>,
    /// Each settlement's island, by index.
    pub settlement_island: Vec<usize>,
    /// Each facility's point, metres.
    pub facility_xy: Vec<Coord<f64>>,
    /// Each facility's island, by index.
    pub facility_island: Vec<usize>,
    /// Each candidate site's point, metres.
    pub candidate_xy: Vec<Coord<f64>>,
    /// Each candidate site's island, by index.
    pub candidate_island: Vec<usize>,
    /// Per settlement, its territory in metres and its area (m²); empty when no
    /// settlement has a territory.
    pub territories: Vec<Option<(MultiPolygon<f64>, f64)>>,
    /// The towns, sorted by name.
    pub towns: Vec<Town>,
    /// Per island, its town.
    pub town_of_island: Vec<Option<usize>>,
    /// The villages of several settlements, sorted by code.
    pub villages: Vec<Village>,
    /// Per settlement, the village of several settlements it is part of.
    pub village_of: Vec<Option<usize>>,
    /// Per facility, the settlement it serves: its `settlement`, else the nearest
    /// settlement on its island.
    pub served_by: Vec<Option<usize>>,
    /// Per settlement, the facilities serving it (ascending).
    pub serving: Vec<Vec<usize>>,
    /// Per island, the facilities on it (ascending).
    pub on_island: Vec<Vec<usize>>,
    /// The service families with at least one facility in the data, whatever its
    /// status (see [`Prepared::has_family`]).
    pub families_present: BTreeSet<String>,
}

impl Prepared {
    /// Derives everything from a loaded and edited `world`; `families` maps each
    /// service family to its kinds (the rules file's `[families]`).
    ///
    /// # Runtime
    /// O(n log n) for n features (one R-tree of settlements).
    pub fn new(
        world: &World,
        projection: LocalProjection,
        families: &BTreeMap<String, Vec<String>>,
    ) -> Self {
        let island_ix = |id: &crate::model::IslandId| {
            world
                .islands
                .binary_search_by(|i| i.id.cmp(id))
                .expect("every feature's island is resolved when read")
        };
        let island_xy = world
            .islands
            .iter()
            .map(|i| projection.forward(i.point))
            .collect();
        let outlines = world
            .islands
            .iter()
            .map(|i| {
                i.outline
                    .as_ref()
                    .map(|o| projection.forward_multipolygon(o))
            })
            .collect();
        let settlement_xy: Vec<Coord<f64>> = world
            .settlements
            .iter()
            .map(|s| projection.forward(s.point))
            .collect();
        let settlement_island: Vec<usize> = world
            .settlements
            .iter()
            .map(|s| island_ix(&s.island))
            .collect();
        let facility_xy: Vec<Coord<f64>> = world
            .facilities
            .iter()
            .map(|f| projection.forward(f.point))
            .collect();
        let facility_island: Vec<usize> = world
            .facilities
            .iter()
            .map(|f| island_ix(&f.island))
            .collect();
        let candidate_xy = world
            .candidates
            .iter()
            .map(|c| projection.forward(c.point))
            .collect();
        let candidate_island = world
            .candidates
            .iter()
            .map(|c| island_ix(&c.island))
            .collect();
        let territories = if world.settlements.iter().any(|s| s.territory.is_some()) {
            world
                .settlements
                .iter()
                .map(|s| {
                    s.territory.as_ref().map(|t| {
                        let m = projection.forward_multipolygon(&t.area);
                        let a = m.unsigned_area();
                        (m, a)
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let towns = towns(world);
        let mut town_of_island = vec![None; world.islands.len()];
        for (t, town) in towns.iter().enumerate() {
            for &i in &town.islands {
                town_of_island[i] = Some(t);
            }
        }
        let villages = villages(world);
        let mut village_of = vec![None; world.settlements.len()];
        for (v, village) in villages.iter().enumerate() {
            for &s in &village.parts {
                village_of[s] = Some(v);
            }
        }
        // The settlement each facility serves: the one it names, else the nearest
        // on its own island.
        let index = PointIndex::new(&settlement_xy);
        let served_by: Vec<Option<usize>> = world
            .facilities
            .iter()
            .enumerate()
            .map(|(f, fac)| match &fac.settlement {
                Some(id) => world.settlements.binary_search_by(|s| s.id.cmp(id)).ok(),
                None => index
                    .nearest(facility_xy[f], |s| {
                        settlement_island[s] == facility_island[f]
                    })
                    .map(|(s, _)| s),
            })
            .collect();
        let mut serving = vec![Vec::new(); world.settlements.len()];
        for (f, owner) in served_by.iter().enumerate() {
            if let Some(s) = owner {
                serving[*s].push(f);
            }
        }
        let mut on_island = vec![Vec::new(); world.islands.len()];
        for (f, &i) in facility_island.iter().enumerate() {
            on_island[i].push(f);
        }
        let families_present = families
            .iter()
            .filter(|(_, kinds)| world.facilities.iter().any(|f| kinds.contains(&f.kind)))
            .map(|(family, _)| family.clone())
            .collect();
        Self {
            projection,
            island_xy,
            outlines,
            settlement_xy,
            settlement_island,
            facility_xy,
            facility_island,
            candidate_xy,
            candidate_island,
            territories,
            towns,
            town_of_island,
            villages,
            village_of,
            served_by,
            serving,
            on_island,
            families_present,
        }
    }

    /// Whether the dataset has any facility of `family`, whatever its status.
    ///
    /// A dataset with none at all (no AED, no senior school anywhere) is taken to
    /// lack that layer: rules on the family report "no data" rather than a gap
    /// everywhere. A family whose facilities are all closed or planned is in the
    /// data, and its gaps are real.
    pub fn has_family(&self, family: &str) -> bool {
        self.families_present.contains(family)
    }
}

/// A town or street (乡镇/街道): the islands that name it in their `town` field.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// Its name, as the islands give it.
    pub name: String,
    /// Its islands, by index into `World::islands`, ascending.
    pub islands: Vec<usize>,
    /// Residents: the sum of its islands' populations.
    pub population: u64,
}

/// The towns of the world, sorted by name; islands with no town belong to none.
pub fn towns(world: &World) -> Vec<Town> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, island) in world.islands.iter().enumerate() {
        if !island.town.is_empty() {
            by_name.entry(island.town.as_str()).or_default().push(i);
        }
    }
    by_name
        .into_iter()
        .map(|(name, islands)| Town {
            name: name.to_owned(),
            population: islands.iter().map(|&i| world.islands[i].population).sum(),
            islands,
        })
        .collect()
}

/// An administrative village (行政村) or community made of several settlements that
/// share a `village_code`: one village over several islands (东极村 = 庙子湖, 青浜,
/// 东福山 and 黄兴).
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    /// The 12-digit code the parts share.
    pub code: String,
    /// Its parts, by index into `World::settlements`, most populous first (lower
    /// index on ties): the first stands for the village on the map.
    pub parts: Vec<usize>,
    /// Residents: the sum of its parts.
    pub population: u64,
}

/// The villages of more than one settlement, sorted by code. A settlement whose
/// `village_code` no other settlement shares is its own village and is judged as a
/// a settlement.
pub fn villages(world: &World) -> Vec<Village> {
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (s, settlement) in world.settlements.iter().enumerate() {
        if let Some(code) = &settlement.village_code {
            by_code.entry(code.as_str()).or_default().push(s);
        }
    }
    by_code
        .into_iter()
        .filter(|(_, parts)| parts.len() > 1)
        .map(|(code, mut parts)| {
            let pop = |s: usize| world.settlements[s].population;
            parts.sort_by(|&a, &b| pop(b).cmp(&pop(a)).then(a.cmp(&b)));
            Village {
                code: code.to_owned(),
                population: parts.iter().map(|&s| pop(s)).sum(),
                parts,
            }
        })
        .collect()
}
