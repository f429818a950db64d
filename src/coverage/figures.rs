//! A rule's figures on one contract (README, "Reading the outputs"): status,
//! subjects, required, exempt, met, gaps, pending, residents, shares over the
//! required, coarse points and estimated populations; per band, the same.

use serde::Serialize;

use crate::model::World;
use crate::rules::{
    area_target, pct, target_for, Counted, Finding, Measure, Policy, RatioArea, RuleKind, Status,
    SubjectRef, Town, Village,
};

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
    /// Why the rule has no data, when the dataset lacks its family altogether; or,
    /// for a share over units, how many units it counted and how coarsely.
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

/// Rounds to one decimal (minutes, percents).
pub(super) fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whether a subject's population is an estimate: its `population_method` (or, for
/// a town, village or the district, that of any of its parts) begins with `estimate`.
pub(super) fn estimated(
    world: &World,
    villages: &[Village],
    towns: &[Town],
    subject: &SubjectRef,
) -> bool {
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
pub(super) fn residents_met(f: &Finding) -> f64 {
    match f.reached_share {
        Some(share) => f.population as f64 * share,
        None if f.status == Status::Met => f.population as f64,
        None => 0.0,
    }
}

/// Status, shares, target and achieved value of a rule as a whole.
///
/// The shares are over the required subjects, and `null` when the rule has no data,
/// nothing applies, or no required subject has a target for the year (nothing was
/// judged: a share of nothing). The status, in order: `no data` when any required subject
/// lacks data; `not applicable` when nothing is required; `no target` when a target
/// rule has none for the year; then `not met` (a gap, or a move pending, or a share
/// or ratio below its target) or `met`.
pub(super) fn whole_rule_figures(
    fig: &mut RuleFigures,
    kind: &RuleKind,
    mine: &[&Finding],
    policy: &Policy,
    towns: &[crate::rules::Town],
    year: i32,
) {
    // A rule none of whose required subjects has a target for the year judged no
    // one: its met count is 0 of nothing, so its shares are null, not 0 %. A rule
    // that judged its subjects (a share rule past its last target, say) keeps them.
    let untargeted = mine.iter().filter(|f| f.status == Status::NoTarget).count();
    let answered = fig.required > 0 && fig.no_data == 0 && untargeted < fig.required;
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
        RuleKind::PerTown { towns: named, .. } => {
            let missing = crate::rules::missing_towns(named, towns);
            if !missing.is_empty() {
                let town = format!(
                    "no data for {}: a town of the plan with no island of its own in the data",
                    missing.join(", ")
                );
                fig.note = Some(match fig.note.take() {
                    Some(n) => format!("{n}; {town}"),
                    None => town,
                });
            }
        }
        RuleKind::Band { .. }
        | RuleKind::Consolidate { .. }
        | RuleKind::OnlyIn { .. }
        | RuleKind::Round { .. } => {}
        RuleKind::Allocation { .. } | RuleKind::Merge { .. } => no_target(fig, mine),
        RuleKind::Count { kind, targets, .. } | RuleKind::AreaShare { kind, targets } => {
            count_figures(fig, kind, mine, towns, |area| {
                area_target(targets, year, area).map(|t| t.year)
            });
        }
        RuleKind::Attribute {
            kind, year: due, ..
        } => {
            count_figures(fig, kind, mine, towns, |_| Some(*due));
        }
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
            // Over units: the share of villages and communities, each subject
            // counting for the units it stands for.
            let mut units = (0.0, 0.0);
            for f in mine {
                let Some(u) = f.units else { continue };
                if matches!(f.status, Status::Exempt) {
                    continue;
                }
                units.0 += u;
                if f.status == Status::Met {
                    units.1 += u;
                }
            }
            let by_units = *subject == crate::rules::Subject::Unit;
            if by_units && units.0 > 0.0 && fig.no_data == 0 {
                fig.achieved = Some(tenth(units.1 * 100.0 / units.0));
            }
            if by_units && units.0 > 0.0 && fig.no_data == 0 {
                fig.note = Some(format!(
                    "{} villages and communities counted; {} of them through areas that stand for several (coarse: an area's units are reached or not together)",
                    units.0.round(),
                    mine.iter()
                        .filter(|f| f.units.is_some_and(|u| u > 1.0))
                        .map(|f| f.units.unwrap_or_default())
                        .sum::<f64>()
                        .round()
                ));
            }
            let (met_w, whole_w) = if by_units {
                (units.1, units.0)
            } else {
                (fig.met as f64, fig.required as f64)
            };
            let target = target_for(targets, year);
            if let Some(t) = target {
                fig.target = Some(TargetFigure {
                    year: t.year,
                    min: t.min,
                    unit: if by_units {
                        "percent of villages and communities".to_owned()
                    } else {
                        format!("percent of {}s", subject.name())
                    },
                });
            }
            if fig.status == "met" || fig.status == "not met" {
                fig.status = match target {
                    None => "no target",
                    // Compared unrounded: 79.96 % does not meet 80 %.
                    Some(t) if met_w * 100.0 >= t.min * whole_w - 1e-9 => "met",
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

/// Count, share-per-area and attribute rules: one area row per finding (the count,
/// or the part over the whole), the district's (or the only area's) value as
/// `achieved`, and `no target` when no area has one in force.
fn count_figures(
    fig: &mut RuleFigures,
    kind: &str,
    mine: &[&Finding],
    towns: &[crate::rules::Town],
    due: impl Fn(Option<&str>) -> Option<i32>,
) {
    let share = !matches!(fig.kind.as_str(), "count");
    for f in mine {
        let Measure::Count {
            counted,
            of,
            target,
        } = f.measure
        else {
            continue;
        };
        let town = match f.subject {
            SubjectRef::Town(t) => Some(towns[t].name.as_str()),
            _ => None,
        };
        let area_name = town.unwrap_or("district").to_owned();
        let value = match of {
            Some(of) if share && of > 0.0 => Some(tenth(counted * 100.0 / of)),
            Some(_) if share => None,
            _ => Some(counted),
        };
        let missing = (f.status == Status::NoData).then(|| format!("no data on {kind}"));
        fig.areas.push(AreaFigures {
            area: area_name,
            numerator: counted,
            denominator: of.or(target).unwrap_or_default(),
            value: value.filter(|_| f.status != Status::NoData),
            status: status_name(&f.status).into(),
            missing,
        });
        if f.subject == SubjectRef::District || mine.len() == 1 {
            fig.achieved = value.filter(|_| f.status != Status::NoData);
            if let (Some(min), Some(year)) = (target, due(town)) {
                fig.target = Some(TargetFigure {
                    year,
                    min,
                    unit: if share {
                        format!("percent with {kind}")
                    } else {
                        format!("{kind} facilities")
                    },
                });
            }
        }
    }
    no_target(fig, mine);
}

/// `no target` when every finding has none for the year (the shares are then null,
/// see [`whole_rule_figures`]; a ratio rule's computed value stays in `achieved`).
fn no_target(fig: &mut RuleFigures, mine: &[&Finding]) {
    if fig.status == "met" && mine.iter().all(|f| f.status == Status::NoTarget) {
        fig.status = "no target";
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
