//! Findings → gaps, relocations and rule-by-rule figures.
//!
//! `rules::evaluate` says how each subject stands against each rule; this module
//! words the failures for people (English and Chinese, with the clause), counts
//! subjects and residents per rule, and lists the relocations.

use std::sync::Arc;

use geo::Coord;
use rayon::prelude::*;
use serde::Serialize;

use crate::model::World;
use crate::network::travel::Reach;
use crate::rules::{
    absent_family, family_in_data, pct, target_for, towns, Base, Counted, Finding, Measure, Policy,
    RatioArea, RuleKind, Status, SubjectRef,
};

/// A (subject, rule) that fails.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Stable id: `rule-id:subject-id`.
    pub id: String,
    /// The rule's id.
    pub rule: String,
    /// The clause the gap answers to (the band's, when narrower).
    pub clause: String,
    /// `island` or the settlement kind.
    pub subject_kind: String,
    /// The subject's id.
    pub subject: String,
    /// The subject's name.
    pub name: String,
    /// The subject's Chinese name.
    pub name_zh: String,
    /// The island the subject is on (its own id, for an island).
    pub island: String,
    /// Residents affected.
    pub population: u64,
    /// The facility kind required.
    pub required: Option<Arc<str>>,
    /// The best kind found serving the subject.
    pub found: Option<Arc<str>>,
    /// Minutes to the nearest facility that counts (travel rules; rounded to 0.1).
    pub minutes: Option<f64>,
    /// That facility's id (travel rules).
    pub facility: Option<String>,
    /// Why, in English.
    pub reason_en: String,
    /// Why, in Chinese.
    pub reason_zh: String,
    /// Where to draw it (lon/lat).
    #[serde(skip)]
    pub point: Coord<f64>,
}

/// Residents of an island moving to another.
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
    /// Residents moving.
    pub population: u64,
    /// Distance between the islands' representative points, metres.
    pub distance_m: Option<f64>,
    /// How the destination was chosen.
    pub basis: String,
}

/// Counts of one band within a band rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandFigures {
    /// The band (`100–499`).
    pub band: String,
    /// Its clause.
    pub clause: String,
    /// What it requires (`none` or a kind).
    pub require: String,
    /// Subjects in the band.
    pub subjects: usize,
    /// Subjects meeting the requirement.
    pub met: usize,
    /// Residents of the subjects in the band.
    pub population: u64,
    /// Residents of the subjects meeting it.
    pub population_met: u64,
}

/// Rule-by-rule figures for the summary.
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
    /// Subjects the rule applies to.
    pub subjects: usize,
    /// Subjects meeting it.
    pub met: usize,
    /// Subjects failing it.
    pub gaps: usize,
    /// Share of subjects meeting it, percent (100 when there are none).
    pub share_subjects_pct: f64,
    /// Residents of the subjects.
    pub population: u64,
    /// Residents of the subjects meeting it.
    pub population_met: u64,
    /// Share of residents meeting it, percent (100 when there are none).
    pub share_population_pct: f64,
    /// Per-band counts (band rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandFigures>,
    /// Whether the rule holds as a whole: `met`, `not met`, `no data` or `no target`
    /// (access, share, per-town and ratio rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The limit, minutes (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// The travel profile (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Subjects with no way at all to the family (access and share rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<usize>,
    /// Subjects the data says nothing about (no travel minutes, no ratio data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_data: Option<usize>,
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

/// Words the gaps and counts the figures; `year` picks the targets in force.
pub fn assess(policy: &Policy, world: &World, findings: &[Finding], year: i32) -> Coverage {
    let towns = towns(world);
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
            subjects: mine.len(),
            met: 0,
            gaps: 0,
            share_subjects_pct: 0.0,
            population: 0,
            population_met: 0,
            share_population_pct: 0.0,
            bands: Vec::new(),
            status: None,
            minutes: None,
            profile: None,
            unreachable: None,
            no_data: None,
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
                    met: 0,
                    population: 0,
                    population_met: 0,
                })
                .collect();
        }
        let mut unreachable = 0;
        let mut no_data = 0;
        for f in &mine {
            let ok = matches!(f.status, Status::Met | Status::Relocate { .. });
            fig.population += f.population;
            if ok {
                fig.met += 1;
                fig.population_met += f.population;
            } else if matches!(f.status, Status::Gap | Status::NoDestination) {
                fig.gaps += 1;
            }
            if f.status == Status::NoData {
                no_data += 1;
            }
            if f.measure == Measure::Travel(Reach::Unreachable) {
                unreachable += 1;
            }
            if let Some(b) = f.band {
                let bf = &mut fig.bands[b];
                bf.subjects += 1;
                bf.population += f.population;
                if ok {
                    bf.met += 1;
                    bf.population_met += f.population;
                }
            }
            // Only gaps and relocations need the subject's names: built on demand, so
            // a million met findings allocate nothing here.
            let describe = || match f.subject {
                SubjectRef::Town(t) => {
                    let town = &towns[t];
                    // Drawn at its most populous island (the lower id on ties).
                    let main = town
                        .islands
                        .iter()
                        .copied()
                        .max_by(|&a, &b| {
                            world.islands[a]
                                .population
                                .cmp(&world.islands[b].population)
                                .then(b.cmp(&a))
                        })
                        .expect("a town has at least one island");
                    (
                        "town".to_owned(),
                        town.name.clone(),
                        town.name.clone(),
                        town.name.clone(),
                        world.islands[main].id.0.clone(),
                        world.islands[main].point,
                    )
                }
                SubjectRef::District => (
                    "district".to_owned(),
                    "district".to_owned(),
                    "district".to_owned(),
                    "全区".to_owned(),
                    String::new(),
                    district_point(world),
                ),
                SubjectRef::Island(i) => {
                    let x = &world.islands[i];
                    (
                        "island".to_owned(),
                        x.id.0.clone(),
                        x.name.clone(),
                        x.name_zh.clone(),
                        x.id.0.clone(),
                        x.point,
                    )
                }
                SubjectRef::Settlement(s) => {
                    let x = &world.settlements[s];
                    (
                        x.kind.name().to_owned(),
                        x.id.0.clone(),
                        x.name.clone(),
                        x.name_zh.clone(),
                        x.island.0.clone(),
                        x.point,
                    )
                }
            };
            match (&rule.kind, &f.status) {
                (RuleKind::Band { bands, .. }, Status::Gap) => {
                    let (subject_kind, subject, name, name_zh, island, point) = describe();
                    let band = &bands[f.band.expect("band findings carry their band")];
                    let required = f.required.clone().unwrap_or_default();
                    let found_en = f.found.clone().unwrap_or_else(|| "none".into());
                    let found_zh = f
                        .found
                        .as_deref()
                        .map_or("无", |k| policy.name_zh(k))
                        .to_owned();
                    let subject_en = if subject_kind == "island" {
                        "island"
                    } else {
                        "village"
                    };
                    let subject_zh = if subject_kind == "island" {
                        "海岛"
                    } else {
                        "行政村"
                    };
                    let where_en = if subject_kind == "island" {
                        "on the island"
                    } else {
                        "serving it"
                    };
                    gaps.push(Gap {
                        id: format!("{}:{}", rule.id, subject),
                        rule: rule.id.clone(),
                        clause: band.clause.clone().unwrap_or_else(|| rule.clause.clone()),
                        subject_kind,
                        subject,
                        name,
                        name_zh,
                        island,
                        population: f.population,
                        reason_en: format!(
                            "{subject_en} of {} residents (band {}) needs a {required} or better; best {where_en}: {found_en}",
                            f.population,
                            band.label()
                        ),
                        reason_zh: format!(
                            "常住人口{}人的{subject_zh}（{}人档）应设{}或更高层级设施；现有最高：{found_zh}",
                            f.population,
                            band.label(),
                            policy.name_zh(&required)
                        ),
                        required: f.required.clone(),
                        found: f.found.clone(),
                        minutes: None,
                        facility: None,
                        point,
                    });
                }
                (
                    RuleKind::Consolidate {
                        below,
                        destination_min_tier,
                        ..
                    },
                    status,
                ) => {
                    let (subject_kind, subject, name, name_zh, island, point) = describe();
                    let (to, distance_m, basis) = match status {
                        Status::Relocate {
                            to,
                            distance_m,
                            named,
                            note,
                        } => {
                            let basis = if *named {
                                format!(
                                    "named in the plan{}",
                                    note.as_deref()
                                        .map(|n| format!(" ({n})"))
                                        .unwrap_or_default()
                                )
                            } else {
                                format!("nearest island with a {destination_min_tier} or better")
                            };
                            (Some(*to), Some((distance_m * 10.0).round() / 10.0), basis)
                        }
                        _ => (
                            None,
                            None,
                            format!("no island with a {destination_min_tier} or better"),
                        ),
                    };
                    if to.is_none() {
                        gaps.push(Gap {
                            id: format!("{}:{}", rule.id, subject),
                            rule: rule.id.clone(),
                            clause: rule.clause.clone(),
                            subject_kind,
                            subject: subject.clone(),
                            name,
                            name_zh,
                            island,
                            population: f.population,
                            required: Some(Arc::from(destination_min_tier.as_str())),
                            found: None,
                            minutes: None,
                            facility: None,
                            reason_en: format!(
                                "island of {} residents (under {below}) should be relocated, but no island with a {destination_min_tier} or better exists",
                                f.population
                            ),
                            reason_zh: format!(
                                "常住人口{}人（不足{below}人）的海岛应迁居，但无设有{}的海岛可迁入",
                                f.population,
                                policy.name_zh(destination_min_tier)
                            ),
                            point,
                        });
                    }
                    let SubjectRef::Island(from) = f.subject else {
                        unreachable!("consolidation findings are about islands")
                    };
                    relocations.push(Relocation {
                        rule: rule.id.clone(),
                        clause: rule.clause.clone(),
                        from,
                        to,
                        population: f.population,
                        distance_m,
                        basis,
                    });
                }
                (
                    RuleKind::Access {
                        family, minutes, ..
                    }
                    | RuleKind::Share {
                        family, minutes, ..
                    },
                    Status::Gap,
                ) => {
                    let (subject_kind, subject, name, name_zh, island, point) = describe();
                    let required = f.required.clone().unwrap_or_default();
                    let reach = match f.measure {
                        Measure::Travel(r) => r,
                        _ => Reach::Unreachable,
                    };
                    let share_note = match &rule.kind {
                        RuleKind::Share { targets, .. } => target_for(targets, year)
                            .map(|t| {
                                (
                                    format!(
                                        "; the plan's target for {} is {}% of {}s, not met",
                                        t.year,
                                        t.min,
                                        subject_name(&rule.kind)
                                    ),
                                    format!("；{}年目标为{}%，未达到", t.year, t.min),
                                )
                            })
                            .unwrap_or_default(),
                        _ => Default::default(),
                    };
                    let (reason_en, reason_zh) = match reach {
                        Reach::Unreachable => (
                            format!(
                                "unreachable: no {family} facility ({required} or better) can be reached over land, bridges or ferries with a scheduled service{}",
                                share_note.0
                            ),
                            format!(
                                "无法到达：经陆路、桥梁或有定班的渡轮均无法到达{}或更高层级设施{}",
                                policy.name_zh(&required),
                                share_note.1
                            ),
                        ),
                        Reach::Reachable {
                            minutes: m,
                            facility,
                        } => {
                            let fac = &world.facilities[facility];
                            (
                                format!(
                                    "nearest {} or better ({} {}) is {:.1} min away; the limit is {minutes} min{}",
                                    required,
                                    fac.kind,
                                    fac.id.0,
                                    m,
                                    share_note.0
                                ),
                                format!(
                                    "最近的{}或更高层级设施（{}）需{:.1}分钟，超过{minutes}分钟{}",
                                    policy.name_zh(&required),
                                    fac.name_zh,
                                    m,
                                    share_note.1
                                ),
                            )
                        }
                    };
                    gaps.push(Gap {
                        id: format!("{}:{}", rule.id, subject),
                        rule: rule.id.clone(),
                        clause: rule.clause.clone(),
                        subject_kind,
                        subject,
                        name,
                        name_zh,
                        island,
                        population: f.population,
                        required: f.required.clone(),
                        found: f.found.clone(),
                        minutes: reach.minutes().map(tenth),
                        facility: reach.facility().map(|x| world.facilities[x].id.0.clone()),
                        reason_en,
                        reason_zh,
                        point,
                    });
                }
                (RuleKind::PerTown { min_population, .. }, Status::Gap) => {
                    let (subject_kind, subject, name, name_zh, island, point) = describe();
                    let required = f.required.clone().unwrap_or_default();
                    gaps.push(Gap {
                        id: format!("{}:{}", rule.id, subject),
                        rule: rule.id.clone(),
                        clause: rule.clause.clone(),
                        subject_kind,
                        subject: subject.clone(),
                        name,
                        name_zh,
                        island,
                        population: f.population,
                        required: f.required.clone(),
                        found: f.found.clone(),
                        minutes: None,
                        facility: None,
                        reason_en: format!(
                            "town {subject} of {} residents (at least {min_population}) has no {required} or better on its islands",
                            f.population
                        ),
                        reason_zh: format!(
                            "常住人口{}人的{subject}（不少于{min_population}人）未设{}",
                            f.population,
                            policy.name_zh(&required)
                        ),
                        point,
                    });
                }
                (
                    RuleKind::Ratio {
                        family,
                        count,
                        per,
                        unit,
                        targets,
                        ..
                    },
                    Status::Gap,
                ) => {
                    let (subject_kind, subject, name, name_zh, island, point) = describe();
                    let (Measure::Ratio { value, .. }, Some(t)) =
                        (&f.measure, target_for(targets, year))
                    else {
                        unreachable!("a ratio gap has a value and a target")
                    };
                    let value = value.unwrap_or_default();
                    let what = match count {
                        Counted::Facilities => format!("{family} facilities"),
                        Counted::Staff => format!("{family} staff"),
                    };
                    let per_zh = match per {
                        Base::Residents => "常住人口",
                        Base::Elderly => "老年人口",
                    };
                    gaps.push(Gap {
                        id: format!("{}:{}", rule.id, subject),
                        rule: rule.id.clone(),
                        clause: rule.clause.clone(),
                        subject_kind,
                        subject: subject.clone(),
                        name,
                        name_zh: name_zh.clone(),
                        island,
                        population: f.population,
                        required: None,
                        found: None,
                        minutes: None,
                        facility: None,
                        reason_en: format!(
                            "{value:.2} {what} per {unit} {} in {subject}; the target for {} is {}",
                            per.name(),
                            t.year,
                            t.min
                        ),
                        reason_zh: format!(
                            "{name_zh}每{unit}{per_zh}{value:.2}；{}年目标为{}",
                            t.year, t.min
                        ),
                        point,
                    });
                }
                _ => {}
            }
        }
        fig.share_subjects_pct = pct(fig.met as u64, fig.subjects as u64);
        fig.share_population_pct = pct(fig.population_met, fig.population);
        whole_rule_figures(&mut fig, &rule.kind, &mine, policy, &towns, year);
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
        if rule.travel().is_some() {
            fig.unreachable = Some(unreachable);
        }
        if !matches!(
            rule.kind,
            RuleKind::Band { .. } | RuleKind::Consolidate { .. }
        ) {
            fig.no_data = Some(no_data);
        }
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
    let gaps = sorted_by_id(groups, policy);
    relocations.sort_by(|a, b| world.islands[a.from].id.cmp(&world.islands[b.from].id));
    Coverage {
        gaps,
        relocations,
        rules,
    }
}

/// One rule's gaps per entry (in rule order) → every gap sorted by id.
///
/// Gap ids are `rule:subject`. A rule's gaps come in subject order, which is
/// almost always id order already, and two rules' ids never interleave (the
/// order is settled within `rule:`), so sorting the groups by `rule:` and
/// checking each costs O(n) string comparisons where sorting millions of gaps
/// would move every 350-byte gap some 20 times. A final check falls back to a
/// full sort, so the order is the same whatever the ids.
fn sorted_by_id(mut groups: Vec<Vec<Gap>>, policy: &Policy) -> Vec<Gap> {
    let by_id = |a: &Gap, b: &Gap| a.id <= b.id;
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let prefix = |r: usize| format!("{}:", policy.rules[r].id);
    order.sort_by_cached_key(|&r| prefix(r));
    groups.par_iter_mut().for_each(|g| {
        if !g.is_sorted_by(by_id) {
            g.sort_by(|a, b| a.id.cmp(&b.id));
        }
    });
    let mut gaps = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for r in order {
        gaps.append(&mut groups[r]);
    }
    if !gaps.is_sorted_by(by_id) {
        gaps.sort_by(|a, b| a.id.cmp(&b.id));
    }
    gaps
}

/// The centre of the islands' representative points, for drawing district-wide gaps.
fn district_point(world: &World) -> Coord<f64> {
    let n = world.islands.len().max(1) as f64;
    let (x, y) = world
        .islands
        .iter()
        .fold((0.0, 0.0), |(x, y), i| (x + i.point.x, y + i.point.y));
    Coord { x: x / n, y: y / n }
}

/// How a travel rule's subjects are called in messages.
fn subject_name(kind: &RuleKind) -> &'static str {
    match kind {
        RuleKind::Access { subject, .. } | RuleKind::Share { subject, .. } => subject.name(),
        _ => "subject",
    }
}

/// Status, target and achieved value of a rule as a whole.
fn whole_rule_figures(
    fig: &mut RuleFigures,
    kind: &RuleKind,
    mine: &[&Finding],
    policy: &Policy,
    towns: &[crate::rules::Town],
    year: i32,
) {
    let judged = |fig: &RuleFigures| {
        if fig.gaps > 0 {
            "not met"
        } else if mine.iter().any(|f| f.status == Status::NoData) {
            "no data"
        } else {
            "met"
        }
    };
    match kind {
        RuleKind::Band { .. } | RuleKind::Consolidate { .. } => {}
        RuleKind::Access {
            minutes, profile, ..
        } => {
            fig.status = Some(judged(fig).into());
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
            let no_data = mine.iter().any(|f| f.status == Status::NoData);
            fig.achieved = (!no_data).then_some(fig.share_subjects_pct);
            match target_for(targets, year) {
                Some(t) => {
                    let met = fig.met as f64 * 100.0 >= t.min * fig.subjects as f64;
                    fig.status = Some(
                        if no_data {
                            "no data"
                        } else if met {
                            "met"
                        } else {
                            "not met"
                        }
                        .into(),
                    );
                    fig.target = Some(TargetFigure {
                        year: t.year,
                        min: t.min,
                        unit: format!("percent of {}s", subject.name()),
                    });
                }
                None => fig.status = Some("no target".into()),
            }
        }
        RuleKind::PerTown { .. } => fig.status = Some(judged(fig).into()),
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
            let all = |s: Status| !mine.is_empty() && mine.iter().all(|f| f.status == s);
            fig.status = Some(
                if fig.gaps > 0 {
                    "not met"
                } else if mine.iter().any(|f| f.status == Status::NoData) {
                    "no data"
                } else if all(Status::NoTarget) {
                    "no target"
                } else {
                    "met"
                }
                .into(),
            );
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
        Status::Gap | Status::NoDestination => "gap",
        Status::Relocate { .. } => "relocate",
        Status::NotReached => "not reached",
        Status::NoData => "no data",
        Status::NoTarget => "no target",
    }
}
