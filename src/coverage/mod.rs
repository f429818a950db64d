//! Findings → gaps, relocations and rule-by-rule figures.
//!
//! `rules::evaluate` says how each subject stands against each rule; this module
//! words the failures for people (English and Chinese, with the clause), counts
//! subjects and residents per rule, and lists the relocations.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{SettlementKind, World};
use crate::network::travel::Reach;
use crate::rules::{
    absent_family, family_in_data, pct, target_for, towns, villages, Basis, Counted, Finding,
    Measure, Policy, RatioArea, RuleKind, Status, SubjectRef, Town, Village,
};

/// A (subject, rule) that fails: indices into the world and the rules, and
/// numbers; no strings. Its id (`rule-id:subject-id`), names and the sentences that
/// explain it are written with the layer (`output::features`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// Whom it is about.
    pub subject: SubjectRef,
    /// Residents affected (for a travel rule, those not reached).
    pub population: u64,
    /// The band the subject falls in (band rules).
    pub band: Option<usize>,
    /// The kind required (shared, not copied).
    pub required: Option<Arc<str>>,
    /// The best kind found serving the subject.
    pub found: Option<Arc<str>>,
    /// Travel rules: how the subject reaches the family.
    pub reach: Option<Reach>,
    /// Ratio rules: the value reached per unit.
    pub ratio: Option<f64>,
}

impl Gap {
    /// The id of the gap's subject: an island's or settlement's id, a village's
    /// code, a town's name, or `district`.
    pub fn subject_id<'a>(
        &self,
        world: &'a World,
        villages: &'a [Village],
        towns: &'a [Town],
    ) -> &'a str {
        subject_id(&self.subject, world, villages, towns)
    }
}

/// The id a subject goes by in outputs.
pub fn subject_id<'a>(
    subject: &SubjectRef,
    world: &'a World,
    villages: &'a [Village],
    towns: &'a [Town],
) -> &'a str {
    match *subject {
        SubjectRef::Island(i) => world.islands[i].id.as_str(),
        SubjectRef::Settlement(s) => world.settlements[s].id.as_str(),
        SubjectRef::Village(v) => &villages[v].code,
        SubjectRef::Town(t) => &towns[t].name,
        SubjectRef::District => "district",
    }
}

/// Residents of a small island moving (or moved, or to be moved) to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relocation {
    /// The rule's id.
    pub rule: String,
    /// The clause.
    pub clause: String,
    /// Index of the island moving.
    #[serde(skip)]
    pub from: usize,
    /// Index of the destination island, if one was found.
    #[serde(skip)]
    pub to: Option<usize>,
    /// Index of the settlement they leave, when the island has one.
    #[serde(skip)]
    pub from_settlement: Option<usize>,
    /// Index of the destination settlement.
    #[serde(skip)]
    pub to_settlement: Option<usize>,
    /// `pending` (the plan moves them, the scenario has not), `relocated` (moved),
    /// `candidate` (under the threshold, not named by the plan: a suggestion), or
    /// `no destination`.
    pub status: &'static str,
    /// Residents moving (pending, candidate) or moved (relocated).
    pub population: u64,
    /// Straight-line metres between the two settlements.
    pub distance_m: Option<f64>,
    /// Minutes between the two settlements over land, bridges and ferries.
    pub minutes: Option<f64>,
    /// How the destination was chosen: `named in the plan (clause)`, `scenario edit`,
    /// or `suggested: …` (the tool's, never the plan's).
    pub basis: String,
    /// What the rules file assumed to pick the destination settlement, if anything.
    pub assumption: Option<String>,
}

/// Counts of one band within a band rule, on the same contract as the rule's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandFigures {
    /// The band (`100–500`).
    pub band: String,
    /// Its clause.
    pub clause: String,
    /// What it requires (`none` or a kind).
    pub require: String,
    /// Subjects in the band.
    pub subjects: usize,
    /// Those the band asks something of (all, or none when it requires `none`).
    pub required: usize,
    /// Those it asks nothing of.
    pub exempt: usize,
    /// Required subjects meeting the requirement.
    pub met: usize,
    /// Required subjects failing it.
    pub gaps: usize,
    /// Residents of the subjects in the band.
    pub population: u64,
    /// Residents of the required subjects.
    pub population_required: u64,
    /// Residents of the required subjects meeting it.
    pub population_met: u64,
    /// `met` over `required`, percent; `null` when the band requires nothing.
    pub share_required_pct: Option<f64>,
    /// `population_met` over `population_required`, percent; `null` likewise.
    pub share_population_pct: Option<f64>,
}

/// How much of a travel rule's answer rests on single points: settlements without a
/// territory, whose residents all count as reached or not by their one point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoarseFigures {
    /// Required subjects that are single points.
    pub subjects: usize,
    /// Their residents.
    pub population: u64,
    /// Of those, `area` settlements: one point standing for several villages.
    pub areas: usize,
    /// Residents of those areas.
    pub areas_population: u64,
}

/// Rule-by-rule figures for the summary: one contract for every rule (README,
/// "Reading the outputs").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFigures {
    /// The rule's id.
    pub id: String,
    /// The rule type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The clause.
    pub clause: String,
    /// English summary.
    pub summary_en: String,
    /// The plan's wording.
    pub wording_zh: String,
    /// The rule as a whole: `met`, `not met`, `no data` (the data cannot answer),
    /// `no target` (none for the scenario's year) or `not applicable` (nothing in the
    /// data falls under it).
    pub status: &'static str,
    /// Subjects judged.
    pub subjects: usize,
    /// Subjects the rule asks something of.
    pub required: usize,
    /// Subjects it asks nothing of (a village under 1,000 under 二(二)5b, an island
    /// the plan does not name under 二(四)11, a settlement with no residents).
    pub exempt: usize,
    /// Required subjects meeting it.
    pub met: usize,
    /// Required subjects failing it (each one a feature of `gaps.geojson`).
    pub gaps: usize,
    /// Required subjects waiting for a move the plan makes and the scenario has not
    /// (consolidation): neither met nor a gap, and the rule is not met while any wait.
    pub pending: usize,
    /// Required subjects the data cannot answer for.
    pub no_data: usize,
    /// Residents of all subjects.
    pub population: u64,
    /// Residents of the required subjects.
    pub population_required: u64,
    /// Residents of the required subjects who meet it: for a settlement with a
    /// territory, its residents × the share of its land reached.
    pub population_met: u64,
    /// `met` over `required`, percent (one decimal); `null` when the rule has no data
    /// or nothing applies — never 0 for "no answer".
    pub share_required_pct: Option<f64>,
    /// `population_met` over `population_required`, percent; `null` likewise.
    pub share_population_pct: Option<f64>,
    /// Judged subjects whose population is an estimate (`population_method`
    /// beginning with `estimate`).
    pub estimated: usize,
    /// Travel rules: how much of the answer rests on single points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coarse: Option<CoarseFigures>,
    /// Per-band counts (band rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandFigures>,
    /// The limit, minutes (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// The travel profile (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Subjects with no way at all to the family (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<usize>,
    /// The target in force for the scenario's year (share and ratio rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetFigure>,
    /// The value achieved, in the target's unit (share rules: percent of subjects;
    /// ratio rules over the district: the ratio; rounded to 0.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved: Option<f64>,
    /// Per-area values (ratio rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaFigures>,
    /// Why the rule has no data, when the dataset lacks its family altogether.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A target as applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetFigure {
    /// The year the target is due (the latest not after the scenario's year).
    pub year: i32,
    /// The least value.
    pub min: f64,
    /// What the value measures (`percent of settlements`, `aed per 100000 residents`).
    pub unit: String,
}

/// A ratio rule's figures for one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigures {
    /// `district` or the town's name.
    pub area: String,
    /// Facilities or staff counted.
    pub numerator: f64,
    /// Residents or elderly residents counted.
    pub denominator: f64,
    /// The ratio per unit, rounded to 0.01; none when the data lacks fields.
    pub value: Option<f64>,
    /// `met`, `gap`, `no data` or `no target`.
    pub status: String,
    /// What the data lacks, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// Everything `coverage` derives from the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Failing (subject, rule) pairs, sorted by id.
    pub gaps: Vec<Gap>,
    /// Relocations, sorted by island id.
    pub relocations: Vec<Relocation>,
    /// Figures per rule, in rules-file order.
    pub rules: Vec<RuleFigures>,
}

/// Rounds to one decimal (minutes, percents).
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whether a subject's population is an estimate: its `population_method` (or, for
/// a town, village or the district, that of any of its parts) begins with `estimate`.
fn estimated(world: &World, villages: &[Village], towns: &[Town], subject: &SubjectRef) -> bool {
    let method = |p: &crate::model::Provenance| {
        p.0.iter().any(|(k, v)| {
            k == "population_method" && v.as_str().is_some_and(|m| m.starts_with("estimate"))
        })
    };
    match *subject {
        SubjectRef::Island(i) => method(&world.islands[i].provenance),
        SubjectRef::Settlement(s) => method(&world.settlements[s].provenance),
        SubjectRef::Village(v) => villages[v]
            .parts
            .iter()
            .any(|&s| method(&world.settlements[s].provenance)),
        SubjectRef::Town(t) => towns[t]
            .islands
            .iter()
            .any(|&i| method(&world.islands[i].provenance)),
        SubjectRef::District => world.islands.iter().any(|i| method(&i.provenance)),
    }
}

/// Residents of a finding's subject who meet a travel rule: all of a single point
/// when it is met, or the territory's share reached.
fn residents_met(f: &Finding) -> f64 {
    match f.reached_share {
        Some(share) => f.population as f64 * share,
        None if f.status == Status::Met => f.population as f64,
        None => 0.0,
    }
}

/// Words the gaps and counts the figures; `year` picks the targets in force.
pub fn assess(policy: &Policy, world: &World, findings: &[Finding], year: i32) -> Coverage {
    let towns = towns(world);
    let villages = villages(world);
    // Rules are independent: assessed in parallel, gathered in rule order.
    let per_rule = |(r, rule): (usize, &crate::rules::Rule)| {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r).collect();
        // At most one gap per finding, reserved once (see `rules::evaluate`).
        let mut gaps = Vec::with_capacity(mine.len());
        let mut relocations = Vec::new();
        let mut fig = RuleFigures {
            id: rule.id.clone(),
            kind: rule.type_name().into(),
            clause: rule.clause.clone(),
            summary_en: rule.summary_en.clone(),
            wording_zh: rule.wording_zh.clone(),
            status: "met",
            subjects: mine.len(),
            required: 0,
            exempt: 0,
            met: 0,
            gaps: 0,
            pending: 0,
            no_data: 0,
            population: 0,
            population_required: 0,
            population_met: 0,
            share_required_pct: None,
            share_population_pct: None,
            estimated: 0,
            coarse: None,
            bands: Vec::new(),
            minutes: None,
            profile: None,
            unreachable: None,
            target: None,
            achieved: None,
            areas: Vec::new(),
            note: None,
        };
        if let RuleKind::Band { bands, .. } = &rule.kind {
            fig.bands = bands
                .iter()
                .map(|b| BandFigures {
                    band: b.label(),
                    clause: b.clause.clone().unwrap_or_else(|| rule.clause.clone()),
                    require: b.require.clone(),
                    subjects: 0,
                    required: 0,
                    exempt: 0,
                    met: 0,
                    gaps: 0,
                    population: 0,
                    population_required: 0,
                    population_met: 0,
                    share_required_pct: None,
                    share_population_pct: None,
                })
                .collect();
        }
        let travel_rule = rule.travel().is_some();
        let mut coarse = CoarseFigures {
            subjects: 0,
            population: 0,
            areas: 0,
            areas_population: 0,
        };
        let mut unreachable = 0;
        let mut residents_met_sum = 0.0;
        for f in &mine {
            fig.population += f.population;
            if estimated(world, &villages, &towns, &f.subject) {
                fig.estimated += 1;
            }
            // A candidate the plan does not name, or an island a scenario emptied
            // without the plan asking, is judged but asked nothing of.
            let required = match &f.status {
                Status::Exempt | Status::Candidate(_) | Status::NoDestination => false,
                Status::Relocated(r) => !matches!(r.basis, Basis::Edit(_)),
                _ => true,
            };
            if required {
                fig.required += 1;
                fig.population_required += f.population;
                match f.status {
                    Status::Met | Status::Relocated(_) => fig.met += 1,
                    Status::Gap => fig.gaps += 1,
                    Status::Pending(_) => fig.pending += 1,
                    Status::NoData => fig.no_data += 1,
                    _ => {}
                }
            } else {
                fig.exempt += 1;
            }
            if required {
                residents_met_sum += if travel_rule {
                    residents_met(f)
                } else if matches!(f.status, Status::Met | Status::Relocated(_)) {
                    f.population as f64
                } else {
                    0.0
                };
            }
            if travel_rule && required && f.status != Status::NoData {
                if let SubjectRef::Settlement(s) = f.subject {
                    if f.reached_share.is_none() {
                        coarse.subjects += 1;
                        coarse.population += f.population;
                        if world.settlements[s].kind == SettlementKind::Area {
                            coarse.areas += 1;
                            coarse.areas_population += f.population;
                        }
                    }
                }
            }
            if f.measure == Measure::Travel(Reach::Unreachable) {
                unreachable += 1;
            }
            if let Some(b) = f.band {
                let bf = &mut fig.bands[b];
                bf.subjects += 1;
                bf.population += f.population;
                if required {
                    bf.required += 1;
                    bf.population_required += f.population;
                } else {
                    bf.exempt += 1;
                }
                match f.status {
                    Status::Met => {
                        bf.met += 1;
                        bf.population_met += f.population;
                    }
                    Status::Gap => bf.gaps += 1,
                    _ => {}
                }
            }
            // A gap holds indices and numbers only; its names and the sentences
            // that explain it are written with the layer (`output::features`), so a
            // million gaps cost a few dozen bytes each.
            let gap = |population: u64| Gap {
                rule: r,
                subject: f.subject.clone(),
                population,
                band: f.band,
                required: f.required.clone(),
                found: f.found.clone(),
                reach: None,
                ratio: None,
            };
            match (&rule.kind, &f.status) {
                (RuleKind::Band { .. } | RuleKind::PerTown { .. }, Status::Gap) => {
                    gaps.push(gap(f.population));
                }
                (
                    RuleKind::Consolidate {
                        destination_min_tier,
                        ..
                    },
                    status,
                ) => {
                    let SubjectRef::Island(from) = f.subject else {
                        unreachable!("consolidation findings are about islands")
                    };
                    relocations.push(relocation(
                        rule,
                        destination_min_tier,
                        from,
                        status,
                        f.population,
                    ));
                }
                (RuleKind::Access { .. } | RuleKind::Share { .. }, Status::Gap) => {
                    let reach = match f.measure {
                        Measure::Travel(r) => r,
                        _ => Reach::Unreachable,
                    };
                    // Affected: the residents not reached (all of a single point).
                    let affected = (f.population as f64 - residents_met(f)).round() as u64;
                    gaps.push(Gap {
                        reach: Some(reach),
                        ..gap(affected)
                    });
                }
                (RuleKind::Ratio { .. }, Status::Gap) => {
                    let Measure::Ratio { value, .. } = &f.measure else {
                        unreachable!("a ratio gap has a value")
                    };
                    gaps.push(Gap {
                        required: None,
                        found: None,
                        ratio: Some(value.unwrap_or_default()),
                        ..gap(f.population)
                    });
                }
                _ => {}
            }
        }
        fig.population_met = residents_met_sum.round() as u64;
        for b in &mut fig.bands {
            if b.required > 0 {
                b.share_required_pct = Some(tenth(pct(b.met as u64, b.required as u64)));
                b.share_population_pct = Some(tenth(pct(b.population_met, b.population_required)));
            }
        }
        if travel_rule {
            fig.unreachable = Some(unreachable);
            fig.coarse = Some(coarse);
        }
        let family = match &rule.kind {
            RuleKind::Access { family, .. }
            | RuleKind::Share { family, .. }
            | RuleKind::PerTown { family, .. }
            | RuleKind::Ratio { family, .. } => Some(family),
            _ => None,
        };
        if let Some(family) = family.filter(|f| !family_in_data(policy, world, f)) {
            fig.note = Some(absent_family(policy, family));
        }
        whole_rule_figures(&mut fig, &rule.kind, &mine, policy, &towns, year);
        (gaps, relocations, fig)
    };
    let assessed: Vec<(Vec<Gap>, Vec<Relocation>, RuleFigures)> =
        policy.rules.par_iter().enumerate().map(per_rule).collect();
    let mut groups = Vec::new();
    let mut relocations = Vec::new();
    let mut rules = Vec::new();
    for (g, moved, fig) in assessed {
        groups.push(g);
        relocations.extend(moved);
        rules.push(fig);
    }
    let gaps = sorted_by_id(groups, policy, world, &villages, &towns);
    relocations.sort_by(|a, b| world.islands[a.from].id.cmp(&world.islands[b.from].id));
    Coverage {
        gaps,
        relocations,
        rules,
    }
}

/// A consolidation finding as a relocation: where from and to, and on what basis.
fn relocation(
    rule: &crate::rules::Rule,
    destination_min_tier: &str,
    from: usize,
    status: &Status,
    population: u64,
) -> Relocation {
    let (word, plan) = match status {
        Status::Pending(p) => ("pending", Some(p)),
        Status::Relocated(p) => ("relocated", Some(p)),
        Status::Candidate(p) => ("candidate", Some(p)),
        _ => ("no destination", None),
    };
    let basis = match plan.map(|p| &p.basis) {
        Some(Basis::Named(note)) => format!(
            "named in the plan{}",
            note.as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ),
        Some(Basis::Edit(_)) => "scenario edit (not named in the plan)".to_owned(),
        Some(Basis::Suggested) => format!(
            "suggested: nearest island with a {destination_min_tier} or better (not the plan's)"
        ),
        None => format!("no island with a {destination_min_tier} or better"),
    };
    let clause = match plan.map(|p| &p.basis) {
        Some(Basis::Edit(Some(c))) => c.clone(),
        _ => rule.clause.clone(),
    };
    Relocation {
        rule: rule.id.clone(),
        clause,
        from,
        to: plan.map(|p| p.to),
        from_settlement: plan.and_then(|p| p.from_settlement),
        to_settlement: plan.and_then(|p| p.to_settlement),
        status: word,
        population,
        distance_m: plan.map(|p| tenth(p.distance_m)),
        minutes: plan.and_then(|p| p.minutes).map(tenth),
        basis,
        assumption: plan.and_then(|p| p.assumption.clone()),
    }
}

/// One rule's gaps per entry (in rule order) → every gap sorted by id
/// (`rule-id:subject-id`, compared without building the strings).
///
/// A rule's gaps come in subject order, which is almost always id order already,
/// and two rules' ids never interleave (the order is settled within `rule:`), so
/// sorting the groups by `rule:` and checking each costs O(n) comparisons where
/// sorting millions of gaps would move each some 20 times. A check falls back to a
/// full sort, so the order is the same whatever the ids.
fn sorted_by_id(
    mut groups: Vec<Vec<Gap>>,
    policy: &Policy,
    world: &World,
    villages: &[Village],
    towns: &[Town],
) -> Vec<Gap> {
    let key = |g: &Gap| {
        (
            policy.rules[g.rule].id.as_str(),
            g.subject_id(world, villages, towns),
        )
    };
    // `a:b` orders as (a + ":", b): a rule id that is a prefix of another sorts by
    // the character after it against ':'.
    let cmp = |a: &Gap, b: &Gap| {
        let (ra, sa) = key(a);
        let (rb, sb) = key(b);
        ra.bytes()
            .chain(std::iter::once(b':'))
            .chain(sa.bytes())
            .cmp(rb.bytes().chain(std::iter::once(b':')).chain(sb.bytes()))
    };
    let le = |a: &Gap, b: &Gap| cmp(a, b) != std::cmp::Ordering::Greater;
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_cached_key(|&r| format!("{}:", policy.rules[r].id));
    groups.par_iter_mut().for_each(|g| {
        if !g.is_sorted_by(le) {
            g.sort_by(cmp);
        }
    });
    let mut gaps = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for r in order {
        gaps.append(&mut groups[r]);
    }
    if !gaps.is_sorted_by(le) {
        gaps.sort_by(cmp);
    }
    gaps
}

/// Status, shares, target and achieved value of a rule as a whole.
///
/// The shares are over the required subjects, and `null` when the rule has no data
/// or nothing applies. The status, in order: `no data` when any required subject
/// lacks data; `not applicable` when nothing is required; `no target` when a target
/// rule has none for the year; then `not met` (a gap, or a move pending, or a share
/// or ratio below its target) or `met`.
fn whole_rule_figures(
    fig: &mut RuleFigures,
    kind: &RuleKind,
    mine: &[&Finding],
    policy: &Policy,
    towns: &[crate::rules::Town],
    year: i32,
) {
    let answered = fig.required > 0 && fig.no_data == 0;
    if answered {
        fig.share_required_pct = Some(tenth(pct(fig.met as u64, fig.required as u64)));
        fig.share_population_pct = Some(tenth(pct(fig.population_met, fig.population_required)));
    }
    fig.status = if fig.no_data > 0 {
        "no data"
    } else if fig.required == 0 {
        "not applicable"
    } else if fig.gaps > 0 || fig.pending > 0 {
        "not met"
    } else {
        "met"
    };
    match kind {
        RuleKind::Band { .. } | RuleKind::Consolidate { .. } | RuleKind::PerTown { .. } => {}
        RuleKind::Access {
            minutes, profile, ..
        } => {
            fig.minutes = Some(*minutes);
            fig.profile = Some(default_profile(profile.as_deref(), policy));
        }
        RuleKind::Share {
            subject,
            minutes,
            profile,
            targets,
            ..
        } => {
            fig.minutes = Some(*minutes);
            fig.profile = Some(default_profile(profile.as_deref(), policy));
            fig.achieved = fig.share_required_pct;
            let target = target_for(targets, year);
            if let Some(t) = target {
                fig.target = Some(TargetFigure {
                    year: t.year,
                    min: t.min,
                    unit: format!("percent of {}s", subject.name()),
                });
            }
            if fig.status == "met" || fig.status == "not met" {
                fig.status = match target {
                    None => "no target",
                    // Compared unrounded: 79.96 % does not meet 80 %.
                    Some(t) if fig.met as f64 * 100.0 >= t.min * fig.required as f64 => "met",
                    Some(_) => "not met",
                };
            }
        }
        RuleKind::Ratio {
            family,
            count,
            per,
            unit,
            area,
            targets,
            ..
        } => {
            let what = match count {
                Counted::Facilities => family.clone(),
                Counted::Staff => format!("{family} staff"),
            };
            if let Some(t) = target_for(targets, year) {
                fig.target = Some(TargetFigure {
                    year: t.year,
                    min: t.min,
                    unit: format!("{what} per {unit} {}", per.name()),
                });
            }
            for f in mine {
                let Measure::Ratio {
                    numerator,
                    denominator,
                    value,
                    missing,
                } = &f.measure
                else {
                    continue;
                };
                let area_name = match f.subject {
                    SubjectRef::Town(t) => towns[t].name.clone(),
                    _ => "district".to_owned(),
                };
                fig.areas.push(AreaFigures {
                    area: area_name,
                    numerator: *numerator,
                    denominator: *denominator,
                    value: value.map(|v| (v * 100.0).round() / 100.0),
                    status: status_name(&f.status).into(),
                    missing: missing.clone(),
                });
                if *area == RatioArea::District {
                    fig.achieved = value.map(tenth);
                }
            }
            if fig.status == "met" && mine.iter().all(|f| f.status == Status::NoTarget) {
                fig.status = "no target";
            }
        }
    }
}

fn default_profile(profile: Option<&str>, policy: &Policy) -> String {
    profile
        .map(str::to_owned)
        .or_else(|| policy.travel.as_ref().map(|t| t.default_profile.clone()))
        .unwrap_or_default()
}

/// The word for a status in outputs.
pub fn status_name(s: &Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Gap => "gap",
        Status::NoDestination => "no destination",
        Status::Exempt => "exempt",
        Status::Pending(_) => "pending",
        Status::Relocated(_) => "relocated",
        Status::Candidate(_) => "candidate",
        Status::NotReached => "not reached",
        Status::NoData => "no data",
        Status::NoTarget => "no target",
    }
}
