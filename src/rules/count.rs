//! Count rules: at least so many open facilities of one kind in the district, in a
//! named town or in each town, with targets by year (二(二)6's 10 community health
//! stations in 沈家门街道, 二(五)19b's 100 AEDs in 2024, 二(三)8b's 7 and 37 care
//! centres). Also the areas and targets-by-area that share-per-area rules read.

use serde::Deserialize;

use crate::error::{did_you_mean, Result};
use crate::model::World;

use super::parse::Check;
use super::{Context, FieldValue, Finding, GapFacts, Kind, Measure, Status, SubjectRef};

/// The area name that applies a target to every town.
pub const EACH_TOWN: &str = "each-town";

/// Largest count or percent accepted in a target.
const MAX_TARGET: f64 = 1e9;

/// A target in force from a year on, in an area: the district (no `area`), a town
/// by name, or every town ([`EACH_TOWN`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaTarget {
    /// The year the target is due.
    pub year: i32,
    /// The least count (count rules) or percent (share-per-area rules).
    pub min: f64,
    /// The area: a town's name, `each-town`, or none for the district.
    #[serde(default)]
    pub area: Option<String>,
}

/// The areas a rule's targets name: each named town and, with `each-town`, every
/// town, by index into the towns (ascending); then the district when a target has no
/// area.
pub(super) fn areas(targets: &[AreaTarget], cx: &Context<'_>) -> Vec<SubjectRef> {
    let mut towns: Vec<usize> = Vec::new();
    let mut district = false;
    for t in targets {
        match t.area.as_deref() {
            None => district = true,
            Some(EACH_TOWN) => towns.extend(0..cx.towns.len()),
            Some(name) => towns.extend(cx.towns.iter().position(|town| town.name == name)),
        }
    }
    towns.sort_unstable();
    towns.dedup();
    let mut out: Vec<SubjectRef> = towns.into_iter().map(SubjectRef::Town).collect();
    if district {
        out.push(SubjectRef::District);
    }
    out
}

/// The target in force in `year` for the area named `area` (`None`: the district):
/// the latest year not after `year` among the targets that name it (a town is also
/// named by `each-town`); of two in one year, the larger.
pub fn area_target<'t>(
    targets: &'t [AreaTarget],
    year: i32,
    area: Option<&str>,
) -> Option<&'t AreaTarget> {
    targets
        .iter()
        .filter(|t| t.year <= year)
        .filter(|t| match (t.area.as_deref(), area) {
            (None, None) => true,
            (Some(EACH_TOWN), Some(_)) => true,
            (Some(a), Some(b)) => a == b,
            _ => false,
        })
        .max_by(|a, b| a.year.cmp(&b.year).then(a.min.total_cmp(&b.min)))
}

/// The area name of a subject for [`area_target`].
pub(super) fn area_name<'c>(cx: &'c Context<'_>, subject: &SubjectRef) -> Option<&'c str> {
    match *subject {
        SubjectRef::Town(t) => Some(cx.towns[t].name.as_str()),
        _ => None,
    }
}

/// Residents of an area.
pub(super) fn area_population(cx: &Context<'_>, subject: &SubjectRef) -> u64 {
    match *subject {
        SubjectRef::Town(t) => cx.towns[t].population,
        _ => cx.world.islands.iter().map(|i| i.population).sum(),
    }
}

/// Checks targets: at least one; each `min` finite, ≥ 0 and at most `max`; one per
/// (year, area).
pub(super) fn check_area_targets(targets: &[AreaTarget], max: f64, c: &Check<'_>) -> Result<()> {
    if targets.is_empty() {
        return Err(c.rule_error(
            Some("targets"),
            "`targets` needs at least one { year, min }",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in targets {
        if !(t.min.is_finite() && t.min >= 0.0 && t.min <= max) {
            return Err(c.rule_error(
                Some("targets"),
                format!(
                    "target for {} must be a finite number ≥ 0 and ≤ {max} (got {})",
                    t.year, t.min
                ),
            ));
        }
        if !seen.insert((t.year, t.area.clone())) {
            return Err(c.rule_error(
                Some("targets"),
                format!(
                    "two targets for year {} in {}",
                    t.year,
                    t.area.as_deref().unwrap_or("the district")
                ),
            ));
        }
    }
    Ok(())
}

/// Checks that every town a target names is a town of the dataset.
pub(super) fn check_target_towns(
    targets: &[AreaTarget],
    id: &str,
    path: &std::path::Path,
    world: &World,
) -> Result<()> {
    let towns = super::towns(world);
    for t in targets {
        let Some(name) = t.area.as_deref().filter(|a| *a != EACH_TOWN) else {
            continue;
        };
        if !towns.iter().any(|town| town.name == name) {
            return Err(crate::error::Error::Config {
                path: path.to_path_buf(),
                problem: format!(
                    "rule {id:?}: target area {name:?} is no town of the dataset (islands' `town`)"
                ),
                hint: did_you_mean(name, towns.iter().map(|t| t.name.as_str()))
                    .map(|n| format!("did you mean {n:?}?")),
            });
        }
    }
    Ok(())
}

/// Checks that `kind` is a tier of some family; returns the family.
pub(super) fn check_kind<'c>(kind: &str, c: &Check<'c>) -> Result<&'c str> {
    match c.family_of(kind) {
        Some(f) => Ok(f),
        None => Err(c.rule_error(
            Some("kind"),
            format!("kind {kind:?} is no tier of any family in [families]"),
        )),
    }
}

/// A count rule's parameters, borrowed from [`RuleKind::Count`](super::RuleKind::Count).
pub(super) struct CountRule<'a> {
    /// The kind counted.
    pub(super) kind: &'a str,
    /// Only facilities with this property value count, when given.
    pub(super) with: Option<&'a FieldValue>,
    /// Targets by year and area.
    pub(super) targets: &'a [AreaTarget],
}

impl<'a> Kind<'a> for CountRule<'a> {
    fn name(&self) -> &'static str {
        "count"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        check_kind(self.kind, c)?;
        if self.with.is_some_and(|w| !w.comparable()) {
            return Err(c.rule_error(
                Some("with"),
                "`with` needs a named `field` and a boolean, string or number `value`",
            ));
        }
        check_area_targets(self.targets, MAX_TARGET, c)
    }

    fn check_world(&self, id: &str, path: &std::path::Path, world: &World) -> Result<()> {
        check_target_towns(self.targets, id, path, world)
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.towns.len() + 1
    }

    /// Per area, the open facilities of the kind against the count in force: no
    /// data when the dataset has no facility of the kind's family at all; exempt in
    /// an area with no target this year while another area has one; no target when
    /// none is in force anywhere.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let world = cx.world;
        let family = cx.policy.family_of(self.kind).unwrap_or_default();
        let of_kind = || {
            world
                .facilities
                .iter()
                .filter(|f| f.status.serves() && f.kind == self.kind)
        };
        // A property none of the kind's facilities records is unknown, not "no".
        let in_data = cx.prepared.has_family(family)
            && self
                .with
                .is_none_or(|w| of_kind().any(|f| w.of(f).is_some()));
        let areas = areas(self.targets, cx);
        let any_target = areas
            .iter()
            .any(|a| area_target(self.targets, cx.year, area_name(cx, a)).is_some());
        // Per town and in all, the facilities counted: one pass.
        let mut per_town = vec![0u64; cx.towns.len()];
        let mut total = 0u64;
        for f in of_kind().filter(|f| {
            self.with
                .is_none_or(|w| w.of(f).is_some_and(|v| w.matches(v)))
        }) {
            let Some(i) = cx.island_of(&f.island) else {
                continue;
            };
            total += 1;
            if let Some(t) = cx.town_of_island[i] {
                per_town[t] += 1;
            }
        }
        for subject in areas {
            let counted = match subject {
                SubjectRef::Town(t) => per_town[t],
                _ => total,
            } as f64;
            let target = area_target(self.targets, cx.year, area_name(cx, &subject)).map(|t| t.min);
            let status = match target {
                _ if !in_data => Status::NoData,
                None if any_target => Status::Exempt,
                None => Status::NoTarget,
                Some(t) if counted >= t => Status::Met,
                Some(_) => Status::Gap,
            };
            let population = area_population(cx, &subject);
            out.push(Finding {
                required: Some(cx.name(self.kind)),
                measure: Measure::Count {
                    counted,
                    of: None,
                    target,
                },
                ..Finding::of(r, subject, population, status)
            });
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        let area = (g.subject != "district").then_some(g.subject);
        let t = area_target(self.targets, g.year, area)?;
        let counted = g.value.unwrap_or_default();
        let kind_zh = g.policy.name_zh(self.kind);
        let where_zh = area.map_or("全区", |_| g.subject_zh);
        Some((
            format!(
                "{counted} open {} in {}; the plan asks at least {} by {}, {} more",
                self.kind,
                g.subject,
                t.min,
                t.year,
                (t.min - counted).max(0.0)
            ),
            format!(
                "{where_zh}现有{kind_zh}{counted}个；{}年目标不少于{}个，尚缺{}个",
                t.year,
                t.min,
                (t.min - counted).max(0.0)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(year: i32, min: f64, area: Option<&str>) -> AreaTarget {
        AreaTarget {
            year,
            min,
            area: area.map(str::to_owned),
        }
    }

    #[test]
    fn a_town_target_comes_from_its_name_or_each_town_latest_year_first() {
        // 二(三)10a: 3 named streets in 2024, every town by 2025.
        let targets = [
            t(2024, 1.0, Some("东港街道")),
            t(2025, 1.0, Some(EACH_TOWN)),
            t(2024, 100.0, None),
        ];

        assert_eq!(
            area_target(&targets, 2024, Some("东港街道")).map(|t| t.year),
            Some(2024)
        );
        assert_eq!(area_target(&targets, 2024, Some("桃花镇")), None);
        assert_eq!(
            area_target(&targets, 2025, Some("桃花镇")).map(|t| t.year),
            Some(2025)
        );
        assert_eq!(
            area_target(&targets, 2025, None).map(|t| t.min),
            Some(100.0)
        );
        assert_eq!(area_target(&targets, 2023, None), None);
    }
}

#[cfg(test)]
mod check_tests {
    use crate::rules::parse::testing::{problem, TRAVEL};

    fn count(extra: &str) -> String {
        format!(
            "{TRAVEL}\n[[rule]]\nid = \"c\"\ntype = \"count\"\nclause = \"x\"\nwording_zh = \"x\"\nsummary_en = \"x\"\n{extra}\n"
        )
    }

    #[test]
    fn a_count_of_an_unknown_kind_is_fatal() {
        let err = problem(&count(
            "kind = \"canteen\"\ntargets = [{ year = 2024, min = 3 }]",
        ));

        assert!(
            err.contains("kind \"canteen\" is no tier of any family"),
            "{err}"
        );
    }

    #[test]
    fn two_targets_for_one_year_and_area_or_a_negative_one_are_fatal() {
        for targets in [
            "targets = [{ year = 2024, min = 3 }, { year = 2024, min = 4 }]",
            "targets = [{ year = 2024, min = -1 }]",
            "targets = []",
        ] {
            let err = problem(&count(&format!("kind = \"village_clinic\"\n{targets}")));

            assert!(err.contains("target"), "{targets}: {err}");
        }
    }

    #[test]
    fn an_attribute_without_a_comparable_value_is_fatal() {
        let text = format!(
            "{TRAVEL}\n[[rule]]\nid = \"a\"\ntype = \"attribute\"\nclause = \"x\"\nwording_zh = \"x\"\nsummary_en = \"x\"\nkind = \"village_clinic\"\nwith = {{ field = \"standardised\", value = [1] }}\nyear = 2024\n"
        );

        let err = problem(&text);

        assert!(err.contains("`value` be a boolean"), "{err}");
    }
}
