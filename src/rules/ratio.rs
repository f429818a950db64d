//! Ratio rules: at least so many facilities (or staff) of a family per so many
//! residents (or elderly residents) in an area, with a target per year.

use serde::Deserialize;

use crate::error::Result;
use crate::model::IslandId;

use super::parse::{check_targets, positive, Check};
use super::{
    absent_family, target_for, Context, Finding, Kind, Measure, Status, SubjectRef, Town,
    YearTarget,
};

/// Largest ratio unit or ratio target accepted.
pub const MAX_RATIO: f64 = 1e9;

/// What a ratio rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counted {
    /// Open facilities.
    Facilities,
    /// The `staff` of open facilities.
    Staff,
}

/// Whom a ratio rule counts per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// Settlement residents.
    Residents,
    /// Settlement residents aged 60 and over (`elderly`).
    Elderly,
}

impl Base {
    /// The name used in the rules file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Residents => "residents",
            Self::Elderly => "elderly",
        }
    }
}

/// Where a ratio rule is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatioArea {
    /// The whole dataset.
    #[default]
    District,
    /// Each town.
    Town,
}

/// A ratio rule's parameters, borrowed from [`RuleKind::Ratio`](super::RuleKind::Ratio).
pub(super) struct RatioRule<'a> {
    /// The service family.
    pub(super) family: &'a str,
    /// The lowest tier that counts (default: the family's lowest).
    pub(super) min_tier: Option<&'a str>,
    /// What is counted.
    pub(super) count: Counted,
    /// Per whom.
    pub(super) per: Base,
    /// Per how many of them.
    pub(super) unit: f64,
    /// The whole district, or each town.
    pub(super) area: RatioArea,
    /// Targets: the least ratio, by year.
    pub(super) targets: &'a [YearTarget],
}

impl<'a> Kind<'a> for RatioRule<'a> {
    fn name(&self) -> &'static str {
        "ratio"
    }

    /// The family and tier, the unit, and the targets.
    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.min_tier(self.family, self.min_tier)?;
        positive(self.unit, "unit", MAX_RATIO).map_err(|p| c.rule_error(Some("unit"), p))?;
        check_targets(self.targets, MAX_RATIO).map_err(|p| c.rule_error(Some("targets"), p))
    }

    /// One finding per town, or one for the district.
    fn most(&self, cx: &Context<'_>) -> usize {
        cx.towns.len() + 1
    }

    /// The ratio in each area, against the year's target; no value when the data
    /// lacks what it counts.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        let (family, count, per, unit) = (self.family, self.count, self.per, self.unit);
        let need = policy.min_tier_index(family, self.min_tier);
        let counted = |kind: &str| policy.tier(family, kind).is_some_and(|t| t >= need);
        let any_in_data = cx.prepared.has_family(family);
        let areas: Vec<(SubjectRef, Option<&Town>)> = match self.area {
            RatioArea::District => vec![(SubjectRef::District, None)],
            RatioArea::Town => cx
                .towns
                .iter()
                .enumerate()
                .map(|(t, town)| (SubjectRef::Town(t), Some(town)))
                .collect(),
        };
        let target = target_for(self.targets, cx.year);
        for (subject, town) in areas {
            let inside = |island: &IslandId| match town {
                None => true,
                Some(town) => cx
                    .island_of(island)
                    .is_some_and(|i| town.islands.contains(&i)),
            };
            let mut numerator = 0.0;
            let mut missing = Vec::new();
            let mut lacking_staff = 0;
            for f in &world.facilities {
                if !(f.status.serves() && counted(&f.kind) && inside(&f.island)) {
                    continue;
                }
                match count {
                    Counted::Facilities => numerator += 1.0,
                    Counted::Staff => match f.staff {
                        Some(n) => numerator += n,
                        None => lacking_staff += 1,
                    },
                }
            }
            let mut denominator = 0u64;
            let mut population = 0u64;
            let mut lacking_elderly = 0;
            for st in world.settlements.iter().filter(|st| inside(&st.island)) {
                population += st.population;
                match per {
                    Base::Residents => denominator += st.population,
                    Base::Elderly => match st.elderly {
                        Some(n) => denominator += n,
                        None => lacking_elderly += 1,
                    },
                }
            }
            if !any_in_data {
                missing.push(absent_family(policy, family));
            }
            if lacking_staff > 0 {
                missing.push(format!("{lacking_staff} facilities lack `staff`"));
            }
            if lacking_elderly > 0 {
                missing.push(format!("{lacking_elderly} settlements lack `elderly`"));
            }
            if denominator == 0 && missing.is_empty() {
                missing.push(format!("no {} counted", per.name()));
            }
            let value = missing
                .is_empty()
                .then(|| numerator / denominator as f64 * unit);
            let status = match (value, target) {
                (None, _) => Status::NoData,
                (Some(_), None) => Status::NoTarget,
                (Some(v), Some(t)) if v >= t.min => Status::Met,
                (Some(_), Some(_)) => Status::Gap,
            };
            out.push(Finding {
                measure: Measure::Ratio {
                    numerator,
                    denominator: denominator as f64,
                    value,
                    missing: (!missing.is_empty()).then(|| missing.join("; ")),
                },
                ..Finding::of(r, subject, population, status)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::parse::testing::{problem, TRAVEL};

    #[test]
    fn ratio_unit_must_be_positive() {
        let ratio = r#"
[[rule]]
id = "r"
type = "ratio"
clause = "x"
wording_zh = "x"
summary_en = "x"
family = "health"
count = "facilities"
per = "residents"
unit = 0
targets = [{ year = 2025, min = 50 }]
"#;

        let err = problem(&format!("{TRAVEL}{ratio}"));

        assert!(err.contains("unit must be a finite number > 0"), "{err}");
    }
}
