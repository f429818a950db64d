//! Two outcomes side by side: rule by rule, facility by facility, settlement by
//! settlement — what a reviewer reads before a decision.
//!
//! Rules are matched by id, facilities and settlements by id; anything present on
//! one side only is reported as such, never dropped.

use std::collections::{BTreeMap, BTreeSet};

use geo::Coord;
use serde::Serialize;

use std::path::Path;

use crate::error::Error;
use crate::model::{Facility, FacilityStatus};
use crate::network::travel::Reach;
use crate::pipeline::Outcome;
use crate::projection::{distance_m, LocalProjection};
use crate::rules::{Measure, SubjectRef};

/// One rule's figures in A and in B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDiff {
    /// Rule id.
    pub rule: String,
    /// Clause.
    pub clause: String,
    /// Subjects meeting the rule in A, of how many (`None`: rule absent in A).
    pub a: Option<Side>,
    /// The same in B.
    pub b: Option<Side>,
    /// Change in subjects meeting the rule (B − A).
    pub delta_met: i64,
    /// Change in residents meeting the rule (B − A).
    pub delta_population_met: i64,
}

/// A rule's figures on one side: the fields of `summary.json` → `rules[]`, with the
/// same meaning (README, "Reading the outputs").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Side {
    /// `met`, `not met`, `no data`, `no target` or `not applicable`.
    pub status: &'static str,
    /// Subjects judged.
    pub subjects: usize,
    /// Subjects the rule asks something of.
    pub required: usize,
    /// Subjects it asks nothing of.
    pub exempt: usize,
    /// Required subjects meeting it.
    pub met: usize,
    /// Required subjects failing it.
    pub gaps: usize,
    /// Required subjects waiting for a planned move.
    pub pending: usize,
    /// Residents of the required subjects.
    pub population_required: u64,
    /// Residents of the required subjects who meet it.
    pub population_met: u64,
    /// `met` over `required`, percent; `null` when the rule has no answer.
    pub share_required_pct: Option<f64>,
    /// `population_met` over `population_required`, percent; `null` likewise.
    pub share_population_pct: Option<f64>,
}

/// A facility that differs between A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilityDiff {
    /// Facility id.
    pub id: String,
    /// `added`, `removed`, `closed`, `reopened`, `moved`, `changed`, or several
    /// joined by `+`.
    pub change: String,
    /// Chinese name (B's, else A's).
    pub name_zh: String,
    /// Kind in A.
    pub kind_before: Option<String>,
    /// Kind in B.
    pub kind_after: Option<String>,
    /// Status in A.
    pub status_before: Option<String>,
    /// Status in B.
    pub status_after: Option<String>,
    /// Distance moved, metres.
    pub moved_m: Option<f64>,
    /// Location in A (lon/lat).
    #[serde(skip)]
    pub before: Option<Coord<f64>>,
    /// Location in B (lon/lat).
    #[serde(skip)]
    pub after: Option<Coord<f64>>,
}

/// One settlement against one rule, in A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettlementDiff {
    /// `rule:settlement`.
    pub id: String,
    /// Settlement id.
    pub settlement: String,
    /// Chinese name.
    pub name_zh: String,
    /// Rule id.
    pub rule: String,
    /// Status in A (`met`, `gap`, `relocate`, or none when the rule does not apply).
    pub before: Option<String>,
    /// Status in B.
    pub after: Option<String>,
    /// `gained`, `lost` or `unchanged`.
    pub change: String,
    /// Minutes to the rule's family in A (access and share rules; null when
    /// unreachable or not a travel rule).
    pub minutes_before: Option<f64>,
    /// Minutes in B.
    pub minutes_after: Option<f64>,
    /// Residents in A.
    pub population_before: Option<u64>,
    /// Residents in B.
    pub population_after: Option<u64>,
    /// Location (B's, else A's).
    #[serde(skip)]
    pub point: Coord<f64>,
}

/// A whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Scenario A's name.
    pub a: String,
    /// Scenario B's name.
    pub b: String,
    /// Rule by rule.
    pub rules: Vec<RuleDiff>,
    /// Facilities that differ.
    pub facilities: Vec<FacilityDiff>,
    /// New facilities in B by kind (the cost in new facilities).
    pub new_facilities_by_kind: BTreeMap<String, usize>,
    /// Residents relocated by B's edits beyond A's.
    pub residents_relocated: u64,
    /// Per settlement and rule.
    pub settlements: Vec<SettlementDiff>,
}

/// Status (and travel minutes, for travel rules) of each settlement under each
/// rule: its own finding, or its island's.
fn settlement_statuses(o: &Outcome) -> BTreeMap<(String, String), (String, Option<f64>)> {
    let w = &o.dataset.world;
    let villages = &o.prepared.villages;
    let mut out = BTreeMap::new();
    for f in &o.findings {
        let rule = o.policy.rules[f.rule].id.clone();
        match f.subject {
            SubjectRef::Settlement(s) => {
                let minutes = match f.measure {
                    Measure::Travel(Reach::Reachable { minutes, .. }) => {
                        Some((minutes * 10.0).round() / 10.0)
                    }
                    _ => None,
                };
                out.insert(
                    (w.settlements[s].id.0.clone(), rule),
                    (crate::coverage::status_name(&f.status).to_owned(), minutes),
                );
            }
            SubjectRef::Island(i) => {
                for s in w.settlements.iter().filter(|s| s.island == w.islands[i].id) {
                    out.entry((s.id.0.clone(), rule.clone()))
                        .or_insert_with(|| {
                            (crate::coverage::status_name(&f.status).to_owned(), None)
                        });
                }
            }
            // A village over several settlements: each part.
            SubjectRef::Village(v) => {
                for &s in &villages[v].parts {
                    out.insert(
                        (w.settlements[s].id.0.clone(), rule.clone()),
                        (crate::coverage::status_name(&f.status).to_owned(), None),
                    );
                }
            }
            // Town and district findings (per-town, share, ratio rules) are not
            // about one settlement; the rule table carries them.
            SubjectRef::Town(_) | SubjectRef::District => {}
        }
    }
    out
}

/// One facility as a comparison reads it.
#[derive(Debug, Clone)]
struct Fac {
    id: String,
    kind: String,
    name: String,
    name_zh: String,
    status: FacilityStatus,
    point: Coord<f64>,
}

impl Fac {
    fn of(f: &Facility) -> Self {
        Self {
            id: f.id.0.clone(),
            kind: f.kind.clone(),
            name: f.name.clone(),
            name_zh: f.name_zh.clone(),
            status: f.status,
            point: f.point,
        }
    }
}

/// One settlement as a comparison reads it: Chinese name, residents, point (lon/lat).
type Place = (String, u64, Coord<f64>);

/// What a comparison reads of one side: an outcome's, or an output folder's.
struct Sides {
    name: String,
    projection: LocalProjection,
    /// `summary.json` → `rules[]`, in order: id, clause, figures.
    rules: Vec<(String, String, Side)>,
    facilities: Vec<Fac>,
    settlements: BTreeMap<String, Place>,
    /// (settlement, rule) → status and travel minutes.
    statuses: BTreeMap<(String, String), (String, Option<f64>)>,
    /// Residents moved by the scenario's edits.
    relocated: u64,
}

impl Sides {
    fn of_outcome(o: &Outcome) -> Self {
        let w = &o.dataset.world;
        Self {
            name: o.scenario.name.clone(),
            projection: o.dataset.projection,
            rules: o
                .coverage
                .rules
                .iter()
                .map(|r| {
                    (
                        r.id.clone(),
                        r.clause.clone(),
                        Side {
                            status: r.status,
                            subjects: r.subjects,
                            required: r.required,
                            exempt: r.exempt,
                            met: r.met,
                            gaps: r.gaps,
                            pending: r.pending,
                            population_required: r.population_required,
                            population_met: r.population_met,
                            share_required_pct: r.share_required_pct,
                            share_population_pct: r.share_population_pct,
                        },
                    )
                })
                .collect(),
            facilities: w.facilities.iter().map(Fac::of).collect(),
            settlements: w
                .settlements
                .iter()
                .rev()
                .map(|s| (s.id.0.clone(), (s.name_zh.clone(), s.population, s.point)))
                .collect(),
            statuses: settlement_statuses(o),
            relocated: o.moves.iter().map(|m| m.residents).sum(),
        }
    }
}

fn facility_change(a: Option<&Fac>, b: Option<&Fac>, p: LocalProjection) -> Option<String> {
    let (a, b) = match (a, b) {
        (None, Some(_)) => return Some("added".into()),
        (Some(_), None) => return Some("removed".into()),
        (Some(a), Some(b)) => (a, b),
        (None, None) => return None,
    };
    let mut parts = Vec::new();
    match (a.status.serves(), b.status.serves()) {
        (true, false) => parts.push("closed"),
        (false, true) => parts.push("reopened"),
        _ if a.status != b.status => parts.push("changed"),
        _ => {}
    }
    if distance_m(p.forward(a.point), p.forward(b.point)) > 0.01 {
        parts.push("moved");
    }
    if (a.kind != b.kind || a.name_zh != b.name_zh || a.name != b.name)
        && !parts.contains(&"changed")
    {
        parts.push("changed");
    }
    (!parts.is_empty()).then(|| parts.join("+"))
}

/// Compares two outcomes.
pub fn compare(a: &Outcome, b: &Outcome) -> Comparison {
    compare_sides(&Sides::of_outcome(a), &Sides::of_outcome(b))
}

/// Compares two output folders of `isleplan run` (GeoJSON layers) without running
/// anything: rules from each `summary.json`, facilities from `facilities.geojson`,
/// settlement statuses from the rule columns of `settlements.geojson` and
/// `islands.geojson`.
///
/// What a folder does not hold is left out: the settlements' `minutes_before` /
/// `minutes_after` are null (a folder holds each family's minutes, not each rule's,
/// which may ask a higher tier or another profile); coordinates are the layers'
/// (rounded to 7 decimals, about 1 cm), so `moved_m` may differ by a metre at a
/// rounding edge. A folder that is not an isleplan output folder is refused, named.
pub fn compare_folders(a: &Path, b: &Path) -> Result<Comparison, Error> {
    Ok(compare_sides(&read_folder(a)?, &read_folder(b)?))
}

fn compare_sides(a: &Sides, b: &Sides) -> Comparison {
    let side = |o: &Sides, id: &str| o.rules.iter().find(|r| r.0 == id).map(|r| r.2);
    let mut rule_ids: Vec<(String, String)> =
        b.rules.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
    for r in &a.rules {
        if !rule_ids.iter().any(|(id, _)| id == &r.0) {
            rule_ids.push((r.0.clone(), r.1.clone()));
        }
    }
    let rules = rule_ids
        .into_iter()
        .map(|(rule, clause)| {
            let (sa, sb) = (side(a, &rule), side(b, &rule));
            let met = |s: Option<Side>| s.map_or(0, |s| s.met as i64);
            let pop = |s: Option<Side>| s.map_or(0, |s| s.population_met as i64);
            RuleDiff {
                delta_met: met(sb) - met(sa),
                delta_population_met: pop(sb) - pop(sa),
                rule,
                clause,
                a: sa,
                b: sb,
            }
        })
        .collect();

    let ids: BTreeSet<&str> = a
        .facilities
        .iter()
        .chain(&b.facilities)
        .map(|f| f.id.as_str())
        .collect();
    let mut facilities = Vec::new();
    let mut new_facilities_by_kind = BTreeMap::new();
    let p = a.projection;
    for id in ids {
        let fa = a.facilities.iter().find(|f| f.id == id);
        let fb = b.facilities.iter().find(|f| f.id == id);
        let Some(change) = facility_change(fa, fb, p) else {
            continue;
        };
        if change == "added" {
            *new_facilities_by_kind
                .entry(fb.map(|f| f.kind.clone()).unwrap_or_default())
                .or_insert(0) += 1;
        }
        facilities.push(FacilityDiff {
            id: id.to_owned(),
            change,
            name_zh: fb.or(fa).map(|f| f.name_zh.clone()).unwrap_or_default(),
            kind_before: fa.map(|f| f.kind.clone()),
            kind_after: fb.map(|f| f.kind.clone()),
            status_before: fa.map(|f| f.status.name().to_owned()),
            status_after: fb.map(|f| f.status.name().to_owned()),
            moved_m: match (fa, fb) {
                (Some(x), Some(y)) if x.point != y.point => {
                    Some((distance_m(p.forward(x.point), p.forward(y.point))).round())
                }
                _ => None,
            },
            before: fa.map(|f| f.point),
            after: fb.map(|f| f.point),
        });
    }

    let (sa, sb) = (&a.statuses, &b.statuses);
    let keys: BTreeSet<&(String, String)> = sa.keys().chain(sb.keys()).collect();
    let settlements = keys
        .into_iter()
        .map(|key| {
            let (sid, rule) = key;
            let (before, minutes_before) = sa
                .get(key)
                .cloned()
                .map_or((None, None), |(s, m)| (Some(s), m));
            let (after, minutes_after) = sb
                .get(key)
                .cloned()
                .map_or((None, None), |(s, m)| (Some(s), m));
            let ok = |s: &Option<String>| matches!(s.as_deref(), Some("met" | "relocated"));
            let change = match (ok(&before), ok(&after)) {
                (false, true) if before.is_some() => "gained",
                (true, false) if after.is_some() => "lost",
                _ => "unchanged",
            };
            let xa = a.settlements.get(sid);
            let xb = b.settlements.get(sid);
            let x = xb.or(xa).expect("a key comes from one side");
            SettlementDiff {
                id: format!("{rule}:{sid}"),
                settlement: sid.clone(),
                name_zh: x.0.clone(),
                rule: rule.clone(),
                before,
                after,
                change: change.to_owned(),
                minutes_before,
                minutes_after,
                population_before: xa.map(|s| s.1),
                population_after: xb.map(|s| s.1),
                point: x.2,
            }
        })
        .collect();

    Comparison {
        a: a.name.clone(),
        b: b.name.clone(),
        rules,
        facilities,
        new_facilities_by_kind,
        residents_relocated: b.relocated.saturating_sub(a.relocated),
        settlements,
    }
}

fn folder_error(path: &Path, problem: String) -> Error {
    Error::Layer {
        path: path.to_path_buf(),
        problem,
        hint: Some(
            "give two folders written by `isleplan run` (with summary.json and the GeoJSON layers), or two scenario files".into(),
        ),
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// A layer feature's properties and point.
type PointFeature = (
    serde_json::Map<String, serde_json::Value>,
    Option<Coord<f64>>,
);

/// The features of a GeoJSON layer: (properties, point) for each, the point
/// `None` for a geometry that is not a point.
fn read_points(path: &Path) -> Result<Vec<PointFeature>, Error> {
    let v = read_json(path)?;
    let Some(features) = v["features"].as_array() else {
        return Err(folder_error(path, "not a GeoJSON FeatureCollection".into()));
    };
    Ok(features
        .iter()
        .map(|f| {
            let props = f["properties"].as_object().cloned().unwrap_or_default();
            let c = &f["geometry"]["coordinates"];
            let point = (f["geometry"]["type"] == "Point")
                .then(|| {
                    Some(Coord {
                        x: c[0].as_f64()?,
                        y: c[1].as_f64()?,
                    })
                })
                .flatten();
            (props, point)
        })
        .collect())
}

fn field_error(path: &Path, index: usize, id: &str, field: &str) -> Error {
    folder_error(
        path,
        format!("feature {index} (id {id:?}): field `{field}` is missing or of the wrong type"),
    )
}

fn static_status(s: &str) -> Option<&'static str> {
    ["met", "not met", "no data", "no target", "not applicable"]
        .into_iter()
        .find(|k| *k == s)
}

/// Reads an output folder of `isleplan run` (GeoJSON layers).
fn read_folder(dir: &Path) -> Result<Sides, Error> {
    let summary_path = dir.join("summary.json");
    if !dir.is_dir() {
        return Err(folder_error(dir, "is not a folder".into()));
    }
    if !summary_path.is_file() {
        return Err(folder_error(
            dir,
            "is not an isleplan output folder: it holds no summary.json".into(),
        ));
    }
    let summary = read_json(&summary_path)?;
    if summary["tool"] != "isleplan" {
        return Err(folder_error(
            &summary_path,
            "is not an isleplan summary (its `tool` is not \"isleplan\")".into(),
        ));
    }
    if !dir.join("settlements.geojson").is_file() {
        return Err(folder_error(
                dir,
                "holds no settlements.geojson: only GeoJSON run folders can be compared (not yet a GeoPackage one)".into(),
            ));
    }
    let bad = |field: &str| {
        folder_error(
            &summary_path,
            format!("field `{field}` is missing or of the wrong type"),
        )
    };
    let name = summary["scenario"]["name"]
        .as_str()
        .ok_or_else(|| bad("scenario.name"))?
        .to_owned();
    let projection = LocalProjection::new(Coord {
        x: summary["projection"]["lon_0"]
            .as_f64()
            .ok_or_else(|| bad("projection.lon_0"))?,
        y: summary["projection"]["lat_0"]
            .as_f64()
            .ok_or_else(|| bad("projection.lat_0"))?,
    });
    let mut rules = Vec::new();
    for (i, r) in summary["rules"]
        .as_array()
        .ok_or_else(|| bad("rules"))?
        .iter()
        .enumerate()
    {
        let f = |k: &str| format!("rules[{i}].{k}");
        let n = |k: &str| -> Result<u64, Error> { r[k].as_u64().ok_or_else(|| bad(&f(k))) };
        let status = r["status"]
            .as_str()
            .and_then(static_status)
            .ok_or_else(|| bad(&f("status")))?;
        rules.push((
            r["id"].as_str().ok_or_else(|| bad(&f("id")))?.to_owned(),
            r["clause"].as_str().unwrap_or_default().to_owned(),
            Side {
                status,
                subjects: n("subjects")? as usize,
                required: n("required")? as usize,
                exempt: n("exempt")? as usize,
                met: n("met")? as usize,
                gaps: n("gaps")? as usize,
                pending: n("pending")? as usize,
                population_required: n("population_required")?,
                population_met: n("population_met")?,
                share_required_pct: r["share_required_pct"].as_f64(),
                share_population_pct: r["share_population_pct"].as_f64(),
            },
        ));
    }
    // The scenario's own moves are the relocations done (`relocated`); pending
    // and candidate ones are the plan's, not the scenario's edits.
    let relocated = summary["relocations"].as_array().map_or(0, |a| {
        a.iter()
            .filter(|r| r["status"] == "relocated")
            .filter_map(|r| r["residents"].as_u64())
            .sum()
    });

    let path = dir.join("facilities.geojson");
    let mut facilities = Vec::new();
    for (i, (p, point)) in read_points(&path)?.into_iter().enumerate() {
        let id = p
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let status = s("status")
            .as_deref()
            .and_then(FacilityStatus::parse)
            .ok_or_else(|| field_error(&path, i, &id, "status"))?;
        facilities.push(Fac {
            kind: s("kind").ok_or_else(|| field_error(&path, i, &id, "kind"))?,
            name: s("name").unwrap_or_default(),
            name_zh: s("name_zh").unwrap_or_default(),
            status,
            point: point.ok_or_else(|| field_error(&path, i, &id, "geometry"))?,
            id,
        });
    }

    let rule_ids: Vec<(String, String)> = rules
        .iter()
        .map(|(id, ..)| (id.clone(), crate::rules::field_name(id)))
        .collect();
    let statuses = |p: &serde_json::Map<String, serde_json::Value>| -> BTreeMap<String, String> {
        rule_ids
            .iter()
            .filter_map(|(id, col)| Some((id.clone(), p.get(col)?.as_str()?.to_owned())))
            .collect()
    };
    let path = dir.join("islands.geojson");
    let islands: BTreeMap<String, BTreeMap<String, String>> = read_points(&path)?
        .into_iter()
        .filter_map(|(p, _)| Some((p.get("id")?.as_str()?.to_owned(), statuses(&p))))
        .collect();
    let path = dir.join("settlements.geojson");
    let mut settlements = BTreeMap::new();
    let mut statuses_of = BTreeMap::new();
    for (i, (p, point)) in read_points(&path)?.into_iter().enumerate() {
        let id = p
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let island = p.get("island").and_then(|v| v.as_str()).unwrap_or_default();
        let mut st = statuses(&p);
        if let Some(of_island) = islands.get(island) {
            for (rule, status) in of_island {
                st.entry(rule.clone()).or_insert_with(|| status.clone());
            }
        }
        for (rule, status) in st {
            statuses_of.insert((id.clone(), rule), (status, None));
        }
        let place = (
            p.get("name_zh")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            p.get("population")
                .and_then(|v| v.as_u64())
                .ok_or_else(|| field_error(&path, i, &id, "population"))?,
            point.ok_or_else(|| field_error(&path, i, &id, "geometry"))?,
        );
        settlements.entry(id).or_insert(place);
    }
    Ok(Sides {
        name,
        projection,
        rules,
        facilities,
        settlements,
        statuses: statuses_of,
        relocated,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::error::Diagnostics;
    use crate::io::read::Dataset;
    use crate::model::{
        FacilityId, Island, IslandAssignment, IslandId, Provenance, Settlement, SettlementId,
        SettlementKind, World,
    };
    use crate::projection::LocalProjection;
    use crate::rules::Policy;
    use crate::scenario::edit::Move;
    use crate::scenario::Scenario;

    /// A car at 60 km/h with no detour: one minute a kilometre. `clinic`: an island
    /// of 100–499 residents needs a village clinic; `health-15`: every settlement
    /// reaches one within 15 minutes.
    const RULES: &str = r#"
        other_kinds = ["pier"]
        [travel]
        default_profile = "car"
        [travel.profiles.car]
        speed_kmh = 60
        detour = 1
        [travel.ferry]
        default_service_span_min = 600
        departures_if_unknown = 0
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
        [[rule]]
        id = "health-15"
        type = "access"
        clause = "5a"
        wording_zh = "15分钟公共服务圈"
        summary_en = "every settlement reaches a clinic within 15 minutes"
        subject = "settlement"
        family = "health"
        minutes = 15
    "#;

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

    fn settlement(id: &str, island: &str, population: u64, point: Coord<f64>) -> Settlement {
        Settlement {
            id: SettlementId(id.into()),
            name: id.into(),
            name_zh: format!("{id}村"),
            island: IslandId(island.into()),
            island_assignment: IslandAssignment::Given,
            kind: SettlementKind::Village,
            village_code: None,
            codes: vec![],
            population,
            elderly: None,
            point,
            territory: None,
            provenance: Provenance::default(),
        }
    }

    fn facility(id: &str, kind: &str, island: &str, point: Coord<f64>) -> Facility {
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
            point,
            provenance: Provenance::default(),
        }
    }

    // At 30° N one degree of longitude is ≈ 96.5 km, so a1 and a2, 0.2° apart, are
    // ≈ 19.3 km and ≈ 19.3 minutes apart: outside 15 minutes.
    const A1: Coord<f64> = Coord { x: 122.0, y: 30.0 };
    const A2: Coord<f64> = Coord { x: 122.2, y: 30.0 };
    const B1: Coord<f64> = Coord { x: 122.1, y: 30.1 };

    /// Island a (300 residents: a1 200, a2 100) with clinic c1 at a1 and pier pa;
    /// island b (200 residents: b1) with nothing, and no ferry to it.
    fn world() -> World {
        let mut w = World {
            islands: vec![island("a", 300, A1), island("b", 200, B1)],
            settlements: vec![
                settlement("a1", "a", 200, A1),
                settlement("a2", "a", 100, A2),
                settlement("b1", "b", 200, B1),
            ],
            facilities: vec![
                facility("c1", "village_clinic", "a", A1),
                facility("pa", "pier", "a", pt(122.1, 30.0)),
            ],
            ..World::default()
        };
        w.sort();
        w
    }

    fn outcome(name: &str, world: World) -> Outcome {
        let scenario = Scenario::from_str(
            &format!("name = \"{name}\"\ndataset = \".\"\nrules = \"r.toml\"\nyear = 2024\n"),
            Path::new("s.toml"),
        )
        .unwrap();
        let policy = Policy::from_str(RULES, Path::new("r.toml")).unwrap();
        let dataset = Dataset {
            world,
            projection: LocalProjection::new(pt(122.1, 30.0)),
            diagnostics: Diagnostics::default(),
            inputs: vec![],
        };
        crate::pipeline::assess(scenario, policy, dataset, Vec::new())
    }

    /// A as built; B with c1 moved to a2, clinic c2 added at b1 and pier pa closed.
    fn a_and_b() -> (Outcome, Outcome) {
        let mut w = world();
        w.facilities[0].point = A2;
        w.facilities[1].status = FacilityStatus::Closing;
        w.facilities.push(facility("c2", "village_clinic", "b", B1));
        w.sort();
        (outcome("a", world()), outcome("b", w))
    }

    #[test]
    fn rules_are_compared_side_by_side_with_their_deltas() {
        let (a, b) = a_and_b();

        let c = compare(&a, &b);

        assert_eq!((c.a.as_str(), c.b.as_str()), ("a", "b"));
        let ids: Vec<&str> = c.rules.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(ids, vec!["clinic", "health-15"]);
        // clinic: A has a clinic on a (300) but none on b (200): 1 of 2 met, 300
        // residents. B adds c2 on b: 2 of 2, 500 residents.
        let clinic = &c.rules[0];
        let (sa, sb) = (clinic.a.unwrap(), clinic.b.unwrap());
        assert_eq!(
            (sa.status, sa.met, sa.gaps, sa.population_met),
            ("not met", 1, 1, 300)
        );
        assert_eq!(
            (sb.status, sb.met, sb.gaps, sb.population_met),
            ("met", 2, 0, 500)
        );
        assert_eq!((clinic.delta_met, clinic.delta_population_met), (1, 200));
        // health-15: A reaches a1 (200) only; B reaches a2 (100) and b1 (200) but
        // loses a1: 1 → 2 met, 200 → 300 residents.
        let h = &c.rules[1];
        assert_eq!((h.a.unwrap().met, h.b.unwrap().met), (1, 2));
        assert_eq!((h.delta_met, h.delta_population_met), (1, 100));
        assert_eq!(h.b.unwrap().status, "not met");

        // The other way round the clinic rule is met in A and not in B.
        let back = compare(&b, &a);
        let clinic = &back.rules[0];
        assert_eq!(
            (clinic.a.unwrap().status, clinic.b.unwrap().status),
            ("met", "not met")
        );
        assert_eq!((clinic.delta_met, clinic.delta_population_met), (-1, -200));
    }

    #[test]
    fn facilities_added_closed_and_moved_are_listed_and_new_ones_counted() {
        let (a, b) = a_and_b();

        let c = compare(&a, &b);

        let changes: Vec<(&str, &str)> = c
            .facilities
            .iter()
            .map(|f| (f.id.as_str(), f.change.as_str()))
            .collect();
        assert_eq!(
            changes,
            vec![("c1", "moved"), ("c2", "added"), ("pa", "closed")]
        );
        let c1 = &c.facilities[0];
        // ≈ 19.3 km: 0.2° of longitude at 30° N.
        let moved = c1.moved_m.unwrap();
        assert!((19_250.0..19_350.0).contains(&moved), "{moved}");
        assert_eq!((c1.before, c1.after), (Some(A1), Some(A2)));
        let c2 = &c.facilities[1];
        assert_eq!(c2.kind_before, None);
        assert_eq!(c2.kind_after.as_deref(), Some("village_clinic"));
        assert_eq!(c2.moved_m, None);
        let pa = &c.facilities[2];
        assert_eq!(
            (pa.status_before.as_deref(), pa.status_after.as_deref()),
            (Some("existing"), Some("closing"))
        );
        assert_eq!(
            c.new_facilities_by_kind,
            BTreeMap::from([("village_clinic".to_owned(), 1)])
        );

        // Backwards: c2 removed, pa reopened, nothing new.
        let back = compare(&b, &a);
        let changes: Vec<(&str, &str)> = back
            .facilities
            .iter()
            .map(|f| (f.id.as_str(), f.change.as_str()))
            .collect();
        assert_eq!(
            changes,
            vec![("c1", "moved"), ("c2", "removed"), ("pa", "reopened")]
        );
        assert!(back.new_facilities_by_kind.is_empty());
    }

    #[test]
    fn settlements_gained_and_lost_per_rule() {
        let (a, b) = a_and_b();

        let c = compare(&a, &b);

        let rows: Vec<(&str, Option<&str>, Option<&str>, &str)> = c
            .settlements
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.before.as_deref(),
                    s.after.as_deref(),
                    s.change.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("clinic:a1", Some("met"), Some("met"), "unchanged"),
                ("health-15:a1", Some("met"), Some("gap"), "lost"),
                ("clinic:a2", Some("met"), Some("met"), "unchanged"),
                ("health-15:a2", Some("gap"), Some("met"), "gained"),
                ("clinic:b1", Some("gap"), Some("met"), "gained"),
                ("health-15:b1", Some("gap"), Some("met"), "gained"),
            ]
        );
        // Minutes, to a tenth: a1 0 → ≈ 19.3, a2 the reverse; b1 from unreachable (no
        // minutes) to 0.
        let minutes = |i: usize| {
            (
                c.settlements[i].minutes_before,
                c.settlements[i].minutes_after,
            )
        };
        assert_eq!(minutes(1).0, Some(0.0));
        assert_eq!(minutes(3).1, Some(0.0));
        assert_eq!(minutes(1).1, minutes(3).0);
        let far = minutes(1).1.unwrap();
        assert!((19.2..=19.4).contains(&far), "{far}");
        assert_eq!(minutes(5), (None, Some(0.0)));
        // Island-rule rows carry no minutes.
        assert_eq!(minutes(0), (None, None));
        let b1 = &c.settlements[5];
        assert_eq!(
            (b1.population_before, b1.population_after),
            (Some(200), Some(200))
        );
        assert_eq!(b1.name_zh, "b1村");
    }

    #[test]
    fn residents_relocated_count_b_beyond_a() {
        let (a, mut b) = a_and_b();
        b.moves = vec![Move {
            island: 1,
            to: 0,
            residents: 200,
            clause: None,
            origin: "s.toml:9".into(),
        }];

        assert_eq!(compare(&a, &b).residents_relocated, 200);
        // Fewer relocated in B than in A is no negative count.
        assert_eq!(compare(&b, &a).residents_relocated, 0);
    }
}
