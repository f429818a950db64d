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
