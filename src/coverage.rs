//! Findings → gaps, relocations and rule-by-rule figures.
//!
//! `rules::evaluate` says how each subject stands against each rule; this module
//! words the failures for people (English and Chinese, with the clause), counts
//! subjects and residents per rule, and lists the relocations.

use geo::Coord;
use serde::Serialize;

use crate::model::World;
use crate::rules::{Finding, Policy, RuleKind, Status, SubjectRef};

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
    pub required: Option<String>,
    /// The best kind found serving the subject.
    pub found: Option<String>,
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

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Words the gaps and counts the figures.
pub fn assess(policy: &Policy, world: &World, findings: &[Finding]) -> Coverage {
    let mut gaps = Vec::new();
    let mut relocations = Vec::new();
    let mut rules = Vec::new();
    for (r, rule) in policy.rules.iter().enumerate() {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r).collect();
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
        for f in mine {
            let ok = matches!(f.status, Status::Met | Status::Relocate { .. });
            fig.population += f.population;
            if ok {
                fig.met += 1;
                fig.population_met += f.population;
            } else {
                fig.gaps += 1;
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
            let (subject_kind, subject, name, name_zh, island, point) = match f.subject {
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
                            required: Some(destination_min_tier.clone()),
                            found: None,
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
                _ => {}
            }
        }
        fig.share_subjects_pct = pct(fig.met as u64, fig.subjects as u64);
        fig.share_population_pct = pct(fig.population_met, fig.population);
        rules.push(fig);
    }
    gaps.sort_by(|a, b| a.id.cmp(&b.id));
    relocations.sort_by(|a, b| world.islands[a.from].id.cmp(&world.islands[b.from].id));
    Coverage {
        gaps,
        relocations,
        rules,
    }
}
