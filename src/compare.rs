//! Two outcomes side by side: rule by rule, facility by facility, settlement by
//! settlement — what a reviewer reads before a decision.
//!
//! Rules are matched by id, facilities and settlements by id; anything present on
//! one side only is reported as such, never dropped.

use std::collections::{BTreeMap, BTreeSet};

use geo::Coord;
use serde::Serialize;

use crate::model::{Facility, World};
use crate::network::travel::Reach;
use crate::pipeline::Outcome;
use crate::projection::distance_m;
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
    let villages = crate::rules::villages(w);
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

fn facility_change(a: Option<&Facility>, b: Option<&Facility>, wa: &Outcome) -> Option<String> {
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
    let p = wa.dataset.projection;
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
    let side = |o: &Outcome, id: &str| {
        o.coverage.rules.iter().find(|r| r.id == id).map(|r| Side {
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
        })
    };
    let mut rule_ids: Vec<(String, String)> = b
        .coverage
        .rules
        .iter()
        .map(|r| (r.id.clone(), r.clause.clone()))
        .collect();
    for r in &a.coverage.rules {
        if !rule_ids.iter().any(|(id, _)| id == &r.id) {
            rule_ids.push((r.id.clone(), r.clause.clone()));
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

    let (wa, wb): (&World, &World) = (&a.dataset.world, &b.dataset.world);
    let ids: BTreeSet<&str> = wa
        .facilities
        .iter()
        .chain(&wb.facilities)
        .map(|f| f.id.as_str())
        .collect();
    let mut facilities = Vec::new();
    let mut new_facilities_by_kind = BTreeMap::new();
    for id in ids {
        let fa = wa.facilities.iter().find(|f| f.id.as_str() == id);
        let fb = wb.facilities.iter().find(|f| f.id.as_str() == id);
        let Some(change) = facility_change(fa, fb, a) else {
            continue;
        };
        if change == "added" {
            *new_facilities_by_kind
                .entry(fb.map(|f| f.kind.clone()).unwrap_or_default())
                .or_insert(0) += 1;
        }
        let p = a.dataset.projection;
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

    let (sa, sb) = (settlement_statuses(a), settlement_statuses(b));
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
            let xa = wa.settlements.iter().find(|s| &s.id.0 == sid);
            let xb = wb.settlements.iter().find(|s| &s.id.0 == sid);
            let x = xb.or(xa).expect("a key comes from one side");
            SettlementDiff {
                id: format!("{rule}:{sid}"),
                settlement: sid.clone(),
                name_zh: x.name_zh.clone(),
                rule: rule.clone(),
                before,
                after,
                change: change.to_owned(),
                minutes_before,
                minutes_after,
                population_before: xa.map(|s| s.population),
                population_after: xb.map(|s| s.population),
                point: x.point,
            }
        })
        .collect();

    let moved = |o: &Outcome| o.moves.iter().map(|m| m.residents).sum::<u64>();
    Comparison {
        a: a.scenario.name.clone(),
        b: b.scenario.name.clone(),
        rules,
        facilities,
        new_facilities_by_kind,
        residents_relocated: moved(b).saturating_sub(moved(a)),
        settlements,
    }
}
