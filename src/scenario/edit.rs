//! Scenario edits: what-if changes applied to a copy of the loaded dataset.
//!
//! Each edit names its target by id; an unknown id is fatal, with the scenario
//! file and line and a "did you mean". Edits apply in order, base scenario's
//! first, to a clone of the dataset, so several scenarios share one load.

use geo::Coord;
use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::index::{Located as Place, OutlineIndex};
use crate::io::read::Dataset;
use crate::model::{
    Facility, FacilityId, FacilityStatus, FerryLink, IslandAssignment, IslandId, LinkId, LinkMode,
    Provenance, MAX_POPULATION,
};
use crate::rules::{Override, OverrideTarget, Policy};

/// An edit with the place it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// `file:line`.
    pub origin: String,
    /// 1-based position among the file's edits.
    pub ordinal: usize,
    /// The edit.
    pub edit: T,
}

/// One what-if change. `clause` and `note` say why, and travel to the outputs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Edit {
    /// Adds a facility.
    AddFacility {
        /// New facility id.
        id: String,
        /// Its kind.
        kind: String,
        /// Name in Latin script.
        #[serde(default)]
        name: String,
        /// Name in Chinese.
        #[serde(default)]
        name_zh: String,
        /// Location, `[lon, lat]` WGS84.
        at: [f64; 2],
        /// Island id (found by point-in-polygon when omitted and outlines exist).
        island: Option<String>,
        /// `existing` (default), `planned` or `closing`.
        status: Option<String>,
        /// Staff, when known.
        staff: Option<f64>,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Closes a facility: it stays in the data as `closing` and serves no one.
    CloseFacility {
        /// Facility id.
        id: String,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Moves a facility.
    MoveFacility {
        /// Facility id.
        id: String,
        /// New location, `[lon, lat]` WGS84.
        to: [f64; 2],
        /// New island id (found by point-in-polygon when omitted and outlines exist).
        island: Option<String>,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Changes a facility's kind, names or status (白沙岛卫生院 → 白沙港村卫生室).
    ChangeFacility {
        /// Facility id.
        id: String,
        /// New kind.
        kind: Option<String>,
        /// New name.
        name: Option<String>,
        /// New Chinese name.
        name_zh: Option<String>,
        /// New status.
        status: Option<String>,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Sets the population of one settlement or one island.
    SetPopulation {
        /// Settlement id (give this or `island`).
        settlement: Option<String>,
        /// Island id (give this or `settlement`).
        island: Option<String>,
        /// Residents.
        population: u64,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Moves every resident of an island to a destination settlement; the island
    /// stays in the data with 0 residents and the move is recorded.
    Relocate {
        /// The island whose residents move.
        island: String,
        /// The settlement they move to.
        to: String,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Adds a ferry or bridge link.
    AddLink {
        /// New link id.
        id: String,
        /// `ferry` (default) or `bridge`.
        mode: Option<String>,
        /// Pier facility id (ferry) or island id (bridge).
        from: String,
        /// Pier facility id (ferry) or island id (bridge).
        to: String,
        /// Crossing minutes.
        minutes: Option<f64>,
        /// Departures per day in each direction.
        departures_per_day: Option<f64>,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Changes a link's service (new boats, pier upgrades).
    ChangeLink {
        /// Link id.
        id: String,
        /// New crossing minutes.
        minutes: Option<f64>,
        /// New departures per day.
        departures_per_day: Option<f64>,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Removes a link.
    RemoveLink {
        /// Link id.
        id: String,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Overrides parameters of one rule (minutes, band edges, targets).
    SetRule {
        /// Rule id.
        rule: String,
        /// New values, merged over the rules file's.
        set: toml::Table,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Overrides keys of a section of the rules file (`settings`, travel modes).
    SetRules {
        /// Section name.
        section: String,
        /// New values, merged over the rules file's.
        set: toml::Table,
        /// The plan clause behind the edit.
        clause: Option<String>,
        /// Why.
        note: Option<String>,
    },
}

impl Edit {
    /// The edit type as written.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::AddFacility { .. } => "add-facility",
            Self::CloseFacility { .. } => "close-facility",
            Self::MoveFacility { .. } => "move-facility",
            Self::ChangeFacility { .. } => "change-facility",
            Self::SetPopulation { .. } => "set-population",
            Self::Relocate { .. } => "relocate",
            Self::AddLink { .. } => "add-link",
            Self::ChangeLink { .. } => "change-link",
            Self::RemoveLink { .. } => "remove-link",
            Self::SetRule { .. } => "set-rule",
            Self::SetRules { .. } => "set-rules",
        }
    }

    /// The clause the edit cites.
    pub fn clause(&self) -> Option<&str> {
        match self {
            Self::AddFacility { clause, .. }
            | Self::CloseFacility { clause, .. }
            | Self::MoveFacility { clause, .. }
            | Self::ChangeFacility { clause, .. }
            | Self::SetPopulation { clause, .. }
            | Self::Relocate { clause, .. }
            | Self::AddLink { clause, .. }
            | Self::ChangeLink { clause, .. }
            | Self::RemoveLink { clause, .. }
            | Self::SetRule { clause, .. }
            | Self::SetRules { clause, .. } => clause.as_deref(),
        }
    }

    /// Checks what can be checked without the dataset: finite numbers, lon/lat
    /// ranges, exactly one target.
    pub fn check(&self) -> std::result::Result<(), String> {
        let lonlat = |p: &[f64; 2], what: &str| {
            if p.iter().all(|v| v.is_finite()) && p[0].abs() <= 180.0 && p[1].abs() <= 90.0 {
                Ok(())
            } else {
                Err(format!(
                    "`{what}` must be [lon, lat] in WGS84 degrees (got [{}, {}])",
                    p[0], p[1]
                ))
            }
        };
        let non_negative = |v: Option<f64>, what: &str| match v {
            Some(x) if !x.is_finite() || x < 0.0 => {
                Err(format!("`{what}` must be a finite number ≥ 0 (got {x})"))
            }
            _ => Ok(()),
        };
        match self {
            Self::AddFacility { at, staff, .. } => {
                lonlat(at, "at")?;
                non_negative(*staff, "staff")
            }
            Self::MoveFacility { to, .. } => lonlat(to, "to"),
            Self::SetPopulation {
                settlement,
                island,
                population,
                ..
            } => match (settlement, island) {
                _ if *population > MAX_POPULATION => Err(format!(
                    "`population` must be at most {MAX_POPULATION} (got {population})"
                )),
                (Some(_), None) | (None, Some(_)) => Ok(()),
                _ => Err("give exactly one of `settlement` and `island`".into()),
            },
            Self::AddLink {
                minutes,
                departures_per_day,
                ..
            }
            | Self::ChangeLink {
                minutes,
                departures_per_day,
                ..
            } => {
                non_negative(*minutes, "minutes")?;
                non_negative(*departures_per_day, "departures_per_day")
            }
            _ => Ok(()),
        }
    }

    /// The rules override this edit makes, if it is a rules edit.
    pub fn rule_override(&self, origin: &str, ordinal: usize) -> Option<Override> {
        let label = format!("edit #{ordinal} ({})", self.type_name());
        match self {
            Self::SetRule { rule, set, .. } => Some(Override {
                target: OverrideTarget::Rule(rule.clone()),
                set: set.clone(),
                origin: origin.to_owned(),
                label: label.clone(),
            }),
            Self::SetRules { section, set, .. } => Some(Override {
                target: OverrideTarget::Section(section.clone()),
                set: set.clone(),
                origin: origin.to_owned(),
                label: label.clone(),
            }),
            _ => None,
        }
    }
}

/// Residents moved by a `relocate` edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Index of the island emptied.
    pub island: usize,
    /// Index of the destination settlement.
    pub to: usize,
    /// Residents moved.
    pub residents: u64,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where the edit is written.
    pub origin: String,
}

fn unknown(e: &Located<Edit>, what: &str, id: &str, known: Vec<&str>) -> Error {
    Error::Config {
        path: e.origin.clone().into(),
        problem: format!(
            "edit #{} ({}): unknown {what} {id:?}",
            e.ordinal,
            e.edit.type_name()
        ),
        hint: did_you_mean(id, known).map(|n| format!("did you mean {n:?}?")),
    }
}

fn fail(e: &Located<Edit>, problem: String) -> Error {
    Error::Config {
        path: e.origin.clone().into(),
        problem: format!("edit #{} ({}): {problem}", e.ordinal, e.edit.type_name()),
        hint: None,
    }
}

/// Applies the dataset edits (rules edits are applied when the rules load) to
/// `dataset`, in order.
///
/// # Returns
/// The residents moved by `relocate` edits, in edit order.
pub fn apply(dataset: &mut Dataset, policy: &Policy, edits: &[Located<Edit>]) -> Result<Vec<Move>> {
    let proj = dataset.projection;
    let outlines = OutlineIndex::new(
        &dataset
            .world
            .islands
            .iter()
            .map(|i| i.outline.as_ref().map(|o| proj.forward_multipolygon(o)))
            .collect::<Vec<_>>(),
    );
    let snap = policy.settings.snap_tolerance_m;
    let mut moves = Vec::new();
    for e in edits {
        let w = &mut dataset.world;
        let island_ids: Vec<String> = w.islands.iter().map(|i| i.id.0.clone()).collect();
        let find_island = |id: &str| -> Result<IslandId> {
            if island_ids.iter().any(|i| i == id) {
                Ok(IslandId(id.to_owned()))
            } else {
                Err(unknown(
                    e,
                    "island",
                    id,
                    island_ids.iter().map(String::as_str).collect(),
                ))
            }
        };
        let place = |at: Coord<f64>,
                     island: &Option<String>|
         -> Result<(IslandId, IslandAssignment)> {
            match island {
                Some(id) => Ok((find_island(id)?, IslandAssignment::Given)),
                None => match outlines.locate(proj.forward(at), snap) {
                    Place::Inside(i) => Ok((IslandId(island_ids[i].clone()), IslandAssignment::Contained)),
                    Place::Near(i, d) => Ok((IslandId(island_ids[i].clone()), IslandAssignment::Snapped { distance_m: d })),
                    Place::Nowhere => Err(fail(
                        e,
                        "no `island` given and the point lies on no island outline (or the dataset has none)".into(),
                    )),
                },
            }
        };
        let check_kind = |kind: &str| -> Result<()> {
            if policy.kinds.contains(kind) {
                Ok(())
            } else {
                Err(unknown(
                    e,
                    "facility kind",
                    kind,
                    policy.kinds.iter().map(String::as_str).collect(),
                ))
            }
        };
        let parse_status = |s: &Option<String>| -> Result<Option<FacilityStatus>> {
            match s {
                None => Ok(None),
                Some(s) => FacilityStatus::parse(s).map(Some).ok_or_else(|| {
                    fail(
                        e,
                        format!("unknown status {s:?}; expected existing, planned or closing"),
                    )
                }),
            }
        };
        let facility_ix = |w: &crate::model::World, id: &str| -> Result<usize> {
            w.facilities
                .iter()
                .position(|f| f.id.0 == id)
                .ok_or_else(|| {
                    unknown(
                        e,
                        "facility",
                        id,
                        w.facilities.iter().map(|f| f.id.as_str()).collect(),
                    )
                })
        };
        let mut provenance = Provenance::default();
        provenance
            .0
            .push(("edit".into(), serde_json::json!(e.origin)));
        if let Some(c) = e.edit.clause() {
            provenance
                .0
                .push(("edit_clause".into(), serde_json::json!(c)));
        }
        match &e.edit {
            Edit::AddFacility {
                id,
                kind,
                name,
                name_zh,
                at,
                island,
                status,
                staff,
                note,
                ..
            } => {
                if w.facilities.iter().any(|f| &f.id.0 == id) {
                    return Err(fail(e, format!("facility {id:?} already exists")));
                }
                check_kind(kind)?;
                let point = Coord { x: at[0], y: at[1] };
                let (island, how) = place(point, island)?;
                if let Some(n) = note {
                    provenance.0.push(("note".into(), serde_json::json!(n)));
                }
                w.facilities.push(Facility {
                    id: FacilityId(id.clone()),
                    name: if name.is_empty() {
                        id.clone()
                    } else {
                        name.clone()
                    },
                    name_zh: name_zh.clone(),
                    kind: kind.clone(),
                    island,
                    island_assignment: how,
                    settlement: None,
                    status: parse_status(status)?.unwrap_or(FacilityStatus::Existing),
                    capacity: None,
                    staff: *staff,
                    point,
                    provenance,
                });
            }
            Edit::CloseFacility { id, .. } => {
                let ix = facility_ix(w, id)?;
                w.facilities[ix].status = FacilityStatus::Closing;
                w.facilities[ix].provenance.0.extend(provenance.0);
            }
            Edit::MoveFacility { id, to, island, .. } => {
                let ix = facility_ix(w, id)?;
                let point = Coord { x: to[0], y: to[1] };
                let (island, how) = place(point, island)?;
                let f = &mut w.facilities[ix];
                f.point = point;
                f.island = island;
                f.island_assignment = how;
                f.provenance.0.extend(provenance.0);
            }
            Edit::ChangeFacility {
                id,
                kind,
                name,
                name_zh,
                status,
                ..
            } => {
                let ix = facility_ix(w, id)?;
                if let Some(k) = kind {
                    check_kind(k)?;
                }
                let status = parse_status(status)?;
                let f = &mut w.facilities[ix];
                if let Some(k) = kind {
                    f.kind = k.clone();
                }
                if let Some(n) = name {
                    f.name = n.clone();
                }
                if let Some(n) = name_zh {
                    f.name_zh = n.clone();
                }
                if let Some(s) = status {
                    f.status = s;
                }
                f.provenance.0.extend(provenance.0);
            }
            Edit::SetPopulation {
                settlement,
                island,
                population,
                ..
            } => match (settlement, island) {
                (Some(sid), _) => {
                    let Some(s) = w.settlements.iter_mut().find(|s| &s.id.0 == sid) else {
                        let known = dataset
                            .world
                            .settlements
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect();
                        return Err(unknown(e, "settlement", sid, known));
                    };
                    s.population = *population;
                    s.elderly = s.elderly.map(|x| x.min(*population));
                }
                (None, Some(iid)) => {
                    let iid = find_island(iid)?;
                    let island = w
                        .islands
                        .iter_mut()
                        .find(|i| i.id == iid)
                        .expect("found above");
                    island.population = *population;
                }
                (None, None) => unreachable!("checked when the scenario was read"),
            },
            Edit::Relocate {
                island, to, clause, ..
            } => {
                let iid = find_island(island)?;
                let Some(dest) = w.settlements.iter().position(|s| &s.id.0 == to) else {
                    let known = w.settlements.iter().map(|s| s.id.as_str()).collect();
                    return Err(unknown(e, "destination settlement", to, known));
                };
                if w.settlements[dest].island == iid {
                    return Err(fail(
                        e,
                        format!("destination {to:?} is on the island being emptied"),
                    ));
                }
                let i = w
                    .islands
                    .iter()
                    .position(|x| x.id == iid)
                    .expect("found above");
                let mut residents = 0;
                let mut elderly = 0;
                for s in w.settlements.iter_mut().filter(|s| s.island == iid) {
                    residents += s.population;
                    elderly += s.elderly.unwrap_or(0);
                    s.population = 0;
                    s.elderly = s.elderly.map(|_| 0);
                }
                // The island's own figure may differ from its settlements' sum.
                let residents = residents.max(w.islands[i].population);
                w.islands[i].population = 0;
                let d = &mut w.settlements[dest];
                d.population += residents;
                d.elderly = d.elderly.map(|x| x + elderly);
                let dest_island = d.island.clone();
                if let Some(di) = w.islands.iter_mut().find(|x| x.id == dest_island) {
                    di.population += residents;
                }
                moves.push(Move {
                    island: i,
                    to: dest,
                    residents,
                    clause: clause.clone(),
                    origin: e.origin.clone(),
                });
            }
            Edit::AddLink {
                id,
                mode,
                from,
                to,
                minutes,
                departures_per_day,
                ..
            } => {
                if w.links.iter().any(|l| &l.id.0 == id) {
                    return Err(fail(e, format!("link {id:?} already exists")));
                }
                let mode = match mode.as_deref() {
                    None | Some("ferry") => LinkMode::Ferry,
                    Some("bridge") => LinkMode::Bridge,
                    Some(m) => {
                        return Err(fail(
                            e,
                            format!("unknown mode {m:?}; expected ferry or bridge"),
                        ))
                    }
                };
                let mut ends = Vec::new();
                for end in [from, to] {
                    let point = match mode {
                        LinkMode::Ferry => {
                            let Some(f) = w
                                .facilities
                                .iter()
                                .find(|f| &f.id.0 == end && f.kind == "pier")
                            else {
                                let piers = w
                                    .facilities
                                    .iter()
                                    .filter(|f| f.kind == "pier")
                                    .map(|f| f.id.as_str())
                                    .collect();
                                return Err(unknown(e, "pier", end, piers));
                            };
                            f.point
                        }
                        LinkMode::Bridge => {
                            let iid = find_island(end)?;
                            w.islands
                                .iter()
                                .find(|i| i.id == iid)
                                .expect("found above")
                                .point
                        }
                    };
                    ends.push(point);
                }
                w.links.push(FerryLink {
                    id: LinkId(id.clone()),
                    mode,
                    from: from.clone(),
                    to: to.clone(),
                    crossing_min: *minutes,
                    profile_minutes: Vec::new(),
                    departures_per_day: *departures_per_day,
                    first_min: None,
                    last_min: None,
                    line: ends,
                    provenance,
                });
            }
            Edit::ChangeLink {
                id,
                minutes,
                departures_per_day,
                ..
            } => {
                let Some(l) = w.links.iter_mut().find(|l| &l.id.0 == id) else {
                    let known = dataset.world.links.iter().map(|l| l.id.as_str()).collect();
                    return Err(unknown(e, "link", id, known));
                };
                if minutes.is_some() {
                    l.crossing_min = *minutes;
                }
                if departures_per_day.is_some() {
                    l.departures_per_day = *departures_per_day;
                }
                l.provenance.0.extend(provenance.0);
            }
            Edit::RemoveLink { id, .. } => {
                let Some(ix) = w.links.iter().position(|l| &l.id.0 == id) else {
                    let known = w.links.iter().map(|l| l.id.as_str()).collect();
                    return Err(unknown(e, "link", id, known));
                };
                w.links.remove(ix);
            }
            Edit::SetRule { .. } | Edit::SetRules { .. } => {}
        }
        dataset.world.sort();
        // Checked after every edit, so the next one's sums cannot overflow either.
        if let Some((layer, total)) = dataset.world.population_excess() {
            return Err(fail(
                e,
                format!(
                    "with this edit the {layer}' populations add up to {total}, more than the {MAX_POPULATION} a dataset may count"
                ),
            ));
        }
    }
    // Indexes in `moves` stay valid: no edit adds or removes islands or settlements.
    Ok(moves)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use geo::{polygon, MultiPolygon};

    use super::*;
    use crate::error::Diagnostics;
    use crate::model::{Island, Settlement, SettlementId, SettlementKind, World};
    use crate::projection::LocalProjection;

    const RULES: &str = r#"
        other_kinds = ["pier"]
        [families]
        health = ["village_clinic", "health_centre"]
        [[rule]]
        id = "clinic"
        type = "band"
        clause = "5d"
        wording_zh = "对常住人口100—500人小岛设村卫生室"
        summary_en = "islands of 100-499 residents have a clinic"
        subject = "island"
        family = "health"
        bands = [{ min = 0, max = 100, require = "none" },
                 { min = 100, max = 500, require = "village_clinic" },
                 { min = 500, require = "none" }]
    "#;

    fn policy() -> Policy {
        Policy::from_str(RULES, Path::new("rules.toml")).unwrap()
    }

    fn pt(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    fn island(id: &str, population: u64, point: Coord<f64>) -> Island {
        Island {
            id: IslandId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            town: "t".into(),
            population,
            outline: None,
            point,
            provenance: Provenance::default(),
        }
    }

    fn settlement(id: &str, island: &str, population: u64, elderly: Option<u64>) -> Settlement {
        Settlement {
            id: SettlementId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            island: IslandId(island.into()),
            island_assignment: IslandAssignment::Given,
            kind: SettlementKind::Village,
            village_code: None,
            codes: vec![],
            population,
            elderly,
            point: pt(122.01, 30.01),
            territory: None,
            provenance: Provenance::default(),
        }
    }

    fn facility(id: &str, kind: &str, island: &str, at: Coord<f64>) -> Facility {
        Facility {
            id: FacilityId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            kind: kind.into(),
            island: IslandId(island.into()),
            island_assignment: IslandAssignment::Given,
            settlement: None,
            status: FacilityStatus::Existing,
            capacity: None,
            staff: None,
            point: at,
            provenance: Provenance::default(),
        }
    }

    /// Island a (300 residents, outlined by the square 122.00–122.02 E,
    /// 30.00–30.02 N) with villages a1 (200, 40 of them 60+) and a2 (100), a clinic
    /// and pier pa; island b (50, no outline) with village b1 (50, 10 of them 60+)
    /// and pier pb; ferry f1 from pa to pb, 30 minutes, 4 departures a day.
    fn dataset() -> Dataset {
        let mut a = island("a", 300, pt(122.01, 30.01));
        a.outline = Some(MultiPolygon(vec![polygon![
            (x: 122.0, y: 30.0),
            (x: 122.02, y: 30.0),
            (x: 122.02, y: 30.02),
            (x: 122.0, y: 30.02),
            (x: 122.0, y: 30.0),
        ]]));
        let mut world = World {
            islands: vec![a, island("b", 50, pt(122.1, 30.0))],
            settlements: vec![
                settlement("a1", "a", 200, Some(40)),
                settlement("a2", "a", 100, None),
                settlement("b1", "b", 50, Some(10)),
            ],
            facilities: vec![
                facility("clinic-a", "village_clinic", "a", pt(122.01, 30.01)),
                facility("pa", "pier", "a", pt(122.02, 30.01)),
                facility("pb", "pier", "b", pt(122.1, 30.0)),
            ],
            links: vec![FerryLink {
                id: LinkId("f1".into()),
                mode: LinkMode::Ferry,
                from: "pa".into(),
                to: "pb".into(),
                crossing_min: Some(30.0),
                profile_minutes: Vec::new(),
                departures_per_day: Some(4.0),
                first_min: None,
                last_min: None,
                line: vec![pt(122.02, 30.01), pt(122.1, 30.0)],
                provenance: Provenance::default(),
            }],
            candidates: vec![],
            roads: vec![],
        };
        world.sort();
        Dataset {
            world,
            projection: LocalProjection::new(pt(122.0, 30.0)),
            diagnostics: Diagnostics::default(),
            inputs: vec![],
        }
    }

    /// Edits written as TOML, numbered from 1, each on its own line of `s.toml`.
    fn edits(tomls: &[&str]) -> Vec<Located<Edit>> {
        tomls
            .iter()
            .enumerate()
            .map(|(i, t)| Located {
                origin: format!("s.toml:{}", 10 * (i + 1)),
                ordinal: i + 1,
                edit: toml::from_str(t).unwrap(),
            })
            .collect()
    }

    fn apply_all(tomls: &[&str]) -> Result<(Dataset, Vec<Move>)> {
        let mut d = dataset();
        let moves = apply(&mut d, &policy(), &edits(tomls))?;
        Ok((d, moves))
    }

    /// The error's place, problem and hint.
    fn config_error(tomls: &[&str]) -> (String, String, Option<String>) {
        match apply_all(tomls) {
            Err(Error::Config {
                path,
                problem,
                hint,
            }) => (path.display().to_string(), problem, hint),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    fn find<'a>(w: &'a World, id: &str) -> &'a Facility {
        w.facility(&FacilityId(id.into())).unwrap()
    }

    #[test]
    fn add_facility_places_it_by_outline_or_by_the_island_given() {
        let (d, moves) = apply_all(&[
            r#"type = "add-facility"
               id = "hc"
               kind = "health_centre"
               at = [122.01, 30.005]
               clause = "5c""#,
            r#"type = "add-facility"
               id = "clinic-b"
               kind = "village_clinic"
               name = "B clinic"
               at = [122.1, 30.0]
               island = "b"
               status = "planned""#,
        ])
        .unwrap();

        assert!(moves.is_empty());
        let w = &d.world;
        // Sorted by id after every edit.
        let ids: Vec<&str> = w.facilities.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["clinic-a", "clinic-b", "hc", "pa", "pb"]);
        let hc = find(w, "hc");
        assert_eq!(hc.island, IslandId("a".into()));
        assert_eq!(hc.island_assignment, IslandAssignment::Contained);
        assert_eq!(hc.status, FacilityStatus::Existing);
        // No name given: the id stands in.
        assert_eq!(hc.name, "hc");
        assert_eq!(hc.point, pt(122.01, 30.005));
        assert_eq!(
            hc.provenance.0,
            vec![
                ("edit".to_owned(), serde_json::json!("s.toml:10")),
                ("edit_clause".to_owned(), serde_json::json!("5c")),
            ]
        );
        let b = find(w, "clinic-b");
        assert_eq!(b.island, IslandId("b".into()));
        assert_eq!(b.island_assignment, IslandAssignment::Given);
        assert_eq!(b.status, FacilityStatus::Planned);
        assert_eq!(b.name, "B clinic");
    }

    #[test]
    fn add_facility_errors_name_the_edit() {
        // Island b has no outline: a point off a's square lies on no island.
        let (path, problem, _) = config_error(&[r#"type = "add-facility"
               id = "hc"
               kind = "health_centre"
               at = [122.5, 30.5]"#]);
        assert_eq!(path, "s.toml:10");
        assert!(
            problem.starts_with("edit #1 (add-facility): no `island` given"),
            "{problem}"
        );

        let (_, problem, hint) = config_error(&[
            r#"type = "close-facility"
               id = "pa""#,
            r#"type = "add-facility"
               id = "x"
               kind = "village_clinc"
               at = [122.01, 30.01]"#,
        ]);
        assert_eq!(
            problem,
            r#"edit #2 (add-facility): unknown facility kind "village_clinc""#
        );
        assert_eq!(hint.as_deref(), Some(r#"did you mean "village_clinic"?"#));

        let (_, problem, _) = config_error(&[r#"type = "add-facility"
               id = "pa"
               kind = "pier"
               at = [122.01, 30.01]"#]);
        assert_eq!(
            problem,
            r#"edit #1 (add-facility): facility "pa" already exists"#
        );
    }

    #[test]
    fn close_facility_keeps_it_as_closing() {
        let (d, _) = apply_all(&[r#"type = "close-facility"
               id = "clinic-a"
               note = "merged into the health centre""#])
        .unwrap();

        let f = find(&d.world, "clinic-a");
        assert_eq!(f.status, FacilityStatus::Closing);
        assert!(!f.status.serves());
        assert_eq!(
            f.provenance.0,
            vec![("edit".to_owned(), serde_json::json!("s.toml:10"))]
        );
        assert_eq!(d.world.facilities.len(), 3);
    }

    #[test]
    fn an_unknown_facility_is_fatal_with_the_edit_number_and_a_did_you_mean() {
        let (path, problem, hint) = config_error(&[
            r#"type = "close-facility"
               id = "pa""#,
            r#"type = "close-facility"
               id = "clinic-b""#,
        ]);

        assert_eq!(path, "s.toml:20");
        assert_eq!(
            problem,
            r#"edit #2 (close-facility): unknown facility "clinic-b""#
        );
        assert_eq!(hint.as_deref(), Some(r#"did you mean "clinic-a"?"#));
    }

    #[test]
    fn move_facility_takes_the_new_point_and_island() {
        let (d, _) = apply_all(&[
            r#"type = "move-facility"
               id = "clinic-a"
               to = [122.1, 30.0]
               island = "b""#,
            r#"type = "move-facility"
               id = "pb"
               to = [122.005, 30.015]"#,
        ])
        .unwrap();

        let f = find(&d.world, "clinic-a");
        assert_eq!(f.point, pt(122.1, 30.0));
        assert_eq!(f.island, IslandId("b".into()));
        assert_eq!(f.island_assignment, IslandAssignment::Given);
        // Without an island: inside a's outline.
        let p = find(&d.world, "pb");
        assert_eq!(p.island, IslandId("a".into()));
        assert_eq!(p.island_assignment, IslandAssignment::Contained);

        let (_, problem, hint) = config_error(&[r#"type = "move-facility"
               id = "pc"
               to = [122.1, 30.0]
               island = "c""#]);
        assert_eq!(problem, r#"edit #1 (move-facility): unknown facility "pc""#);
        // "pc" is one letter from both piers: the nearer by name wins the tie.
        assert_eq!(hint.as_deref(), Some(r#"did you mean "pa"?"#));
    }

    #[test]
    fn change_facility_changes_only_what_it_names() {
        let (d, _) = apply_all(&[r#"type = "change-facility"
               id = "clinic-a"
               kind = "health_centre"
               name_zh = "卫生院"
               status = "planned""#])
        .unwrap();

        let f = find(&d.world, "clinic-a");
        assert_eq!(f.kind, "health_centre");
        assert_eq!(f.name_zh, "卫生院");
        assert_eq!(f.name, "clinic-a");
        assert_eq!(f.status, FacilityStatus::Planned);
        assert_eq!(f.point, pt(122.01, 30.01));

        let (_, problem, _) = config_error(&[r#"type = "change-facility"
               id = "clinic-a"
               status = "shut""#]);
        assert_eq!(
            problem,
            r#"edit #1 (change-facility): unknown status "shut"; expected existing, planned or closing"#
        );
    }

    #[test]
    fn set_population_of_a_settlement_caps_its_elderly_and_of_an_island_sets_it() {
        let (d, _) = apply_all(&[
            r#"type = "set-population"
               settlement = "a1"
               population = 20"#,
            r#"type = "set-population"
               island = "b"
               population = 80"#,
        ])
        .unwrap();

        let a1 = d.world.settlement(&SettlementId("a1".into())).unwrap();
        // 40 residents aged 60+ cannot outnumber 20 residents: capped at 20.
        assert_eq!((a1.population, a1.elderly), (20, Some(20)));
        assert_eq!(
            d.world.island(&IslandId("b".into())).unwrap().population,
            80
        );
        // The island's figure is its own: a's stays 300.
        assert_eq!(d.world.islands[0].population, 300);

        let (_, problem, hint) = config_error(&[r#"type = "set-population"
               settlement = "a3"
               population = 5"#]);
        assert_eq!(
            problem,
            r#"edit #1 (set-population): unknown settlement "a3""#
        );
        // a1 and a2 are both one letter away; the first in order is offered.
        assert_eq!(hint.as_deref(), Some(r#"did you mean "a1"?"#));
    }

    #[test]
    fn relocate_moves_every_resident_and_records_the_move() {
        let (d, moves) = apply_all(&[r#"type = "relocate"
               island = "b"
               to = "a1"
               clause = "二(四)11""#])
        .unwrap();

        let w = &d.world;
        let s = |id: &str| w.settlement(&SettlementId(id.into())).unwrap();
        // b1's 50 residents (10 of them 60+) move to a1: 200 + 50 = 250, 40 + 10 = 50.
        assert_eq!((s("b1").population, s("b1").elderly), (0, Some(0)));
        assert_eq!((s("a1").population, s("a1").elderly), (250, Some(50)));
        // Islands: b empties, a gains the same 50 (300 + 50 = 350).
        assert_eq!(w.islands[1].population, 0);
        assert_eq!(w.islands[0].population, 350);
        assert_eq!(
            moves,
            vec![Move {
                island: 1,
                to: 0,
                residents: 50,
                clause: Some("二(四)11".into()),
                origin: "s.toml:10".into(),
            }]
        );

        let (_, problem, _) = config_error(&[r#"type = "relocate"
               island = "a"
               to = "a2""#]);
        assert_eq!(
            problem,
            r#"edit #1 (relocate): destination "a2" is on the island being emptied"#
        );
        let (_, problem, hint) = config_error(&[r#"type = "relocate"
               island = "bb"
               to = "a2""#]);
        assert_eq!(problem, r#"edit #1 (relocate): unknown island "bb""#);
        assert_eq!(hint.as_deref(), Some(r#"did you mean "b"?"#));
    }

    #[test]
    fn add_link_joins_two_piers_or_two_islands() {
        let (d, _) = apply_all(&[
            r#"type = "add-link"
               id = "f2"
               from = "pb"
               to = "pa"
               minutes = 25
               departures_per_day = 6"#,
            r#"type = "add-link"
               id = "br"
               mode = "bridge"
               from = "a"
               to = "b""#,
        ])
        .unwrap();

        let ids: Vec<&str> = d.world.links.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, vec!["br", "f1", "f2"]);
        let (br, f2) = (&d.world.links[0], &d.world.links[2]);
        assert_eq!(f2.mode, LinkMode::Ferry);
        assert_eq!(
            (f2.crossing_min, f2.departures_per_day),
            (Some(25.0), Some(6.0))
        );
        // A ferry's line runs pier to pier; a bridge's island point to island point.
        assert_eq!(f2.line, vec![pt(122.1, 30.0), pt(122.02, 30.01)]);
        assert_eq!(br.mode, LinkMode::Bridge);
        assert_eq!(br.line, vec![pt(122.01, 30.01), pt(122.1, 30.0)]);
        assert_eq!(br.crossing_min, None);

        // A ferry ends at piers only: the clinic is no pier.
        let (_, problem, hint) = config_error(&[r#"type = "add-link"
               id = "f2"
               from = "clinic-a"
               to = "pb""#]);
        assert_eq!(problem, r#"edit #1 (add-link): unknown pier "clinic-a""#);
        assert_eq!(hint, None);
        let (_, problem, _) = config_error(&[r#"type = "add-link"
               id = "f1"
               from = "pa"
               to = "pb""#]);
        assert_eq!(problem, r#"edit #1 (add-link): link "f1" already exists"#);
    }

    #[test]
    fn change_link_changes_only_what_it_names() {
        let (d, _) = apply_all(&[r#"type = "change-link"
               id = "f1"
               departures_per_day = 12"#])
        .unwrap();

        let f1 = &d.world.links[0];
        assert_eq!(f1.departures_per_day, Some(12.0));
        assert_eq!(f1.crossing_min, Some(30.0));
        assert_eq!(
            f1.provenance.0,
            vec![("edit".to_owned(), serde_json::json!("s.toml:10"))]
        );

        let (_, problem, hint) = config_error(&[r#"type = "change-link"
               id = "f2"
               minutes = 10"#]);
        assert_eq!(problem, r#"edit #1 (change-link): unknown link "f2""#);
        assert_eq!(hint.as_deref(), Some(r#"did you mean "f1"?"#));
    }

    #[test]
    fn remove_link_takes_it_out() {
        let (d, _) = apply_all(&[r#"type = "remove-link"
               id = "f1""#])
        .unwrap();

        assert!(d.world.links.is_empty());

        // Removed by the first edit, it is unknown to the second.
        let (path, problem, hint) = config_error(&[
            r#"type = "remove-link"
               id = "f1""#,
            r#"type = "remove-link"
               id = "f1""#,
        ]);
        assert_eq!(path, "s.toml:20");
        assert_eq!(problem, r#"edit #2 (remove-link): unknown link "f1""#);
        assert_eq!(hint, None);
    }

    #[test]
    fn set_rule_leaves_the_world_and_overrides_the_rule() {
        // The first edit only makes the set-rule edit #2.
        let located = edits(&[
            r#"type = "close-facility"
               id = "pa""#,
            r#"type = "set-rule"
               rule = "clinic"
               set = { clause = "5e" }"#,
        ]);
        let mut d = dataset();

        apply(&mut d, &policy(), &located[1..]).unwrap();

        assert_eq!(d.world, dataset().world);
        let o = located[1]
            .edit
            .rule_override(&located[1].origin, located[1].ordinal)
            .unwrap();
        assert_eq!(o.target, OverrideTarget::Rule("clinic".into()));
        assert_eq!(o.label, "edit #2 (set-rule)");
        assert_eq!(o.origin, "s.toml:20");
        assert!(located[0].edit.rule_override("s.toml:10", 1).is_none());
        let p = Policy::from_str_with(RULES, Path::new("rules.toml"), std::slice::from_ref(&o))
            .unwrap();
        assert_eq!(p.rules[0].clause, "5e");

        // An unknown rule is fatal when the rules load, with the edit and a hint.
        let typo = Override {
            target: OverrideTarget::Rule("clinc".into()),
            ..o
        };
        let Err(Error::Config {
            path,
            problem,
            hint,
        }) = Policy::from_str_with(RULES, Path::new("rules.toml"), &[typo])
        else {
            panic!("an unknown rule must be fatal")
        };
        assert_eq!(path.display().to_string(), "s.toml:20");
        assert!(
            problem.starts_with(r#"edit #2 (set-rule): unknown rule "clinc""#),
            "{problem}"
        );
        assert_eq!(hint.as_deref(), Some(r#"did you mean "clinic"?"#));
    }
}
