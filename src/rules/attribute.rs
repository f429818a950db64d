//! Attribute rules: every open facility of a kind has a property with a value,
//! from a year on (二(五)19c: every village clinic standardised, 规范化, by the end
//! of 2024). Judged per town, over the facilities on its islands.

use crate::error::Result;

use super::count::check_kind;
use super::parse::Check;
use super::{Context, FieldValue, Finding, GapFacts, Kind, Measure, Status, SubjectRef};

/// An attribute rule's parameters, borrowed from
/// [`RuleKind::Attribute`](super::RuleKind::Attribute).
pub(super) struct AttributeRule<'a> {
    /// The kind judged.
    pub(super) kind: &'a str,
    /// The property and the value it must have.
    pub(super) with: &'a FieldValue,
    /// The year from which it is due.
    pub(super) year: i32,
}

impl<'a> Kind<'a> for AttributeRule<'a> {
    fn name(&self) -> &'static str {
        "attribute"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        check_kind(self.kind, c)?;
        if !self.with.comparable() {
            return Err(c.rule_error(
                Some("value"),
                "`field` must be named and `value` be a boolean, a string or a number",
            ));
        }
        Ok(())
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.towns.len() + 1
    }

    /// Per town with facilities of the kind, those with the value over all of them.
    /// No data when the data holds no facility of the family, or when a facility of
    /// the kind lacks the field (an unknown is not a "no"); no target before the year.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let world = cx.world;
        let family = cx.policy.family_of(self.kind).unwrap_or_default();
        if !cx.prepared.has_family(family) {
            let population = world.islands.iter().map(|i| i.population).sum();
            out.push(Finding::of(
                r,
                SubjectRef::District,
                population,
                Status::NoData,
            ));
            return;
        }
        // Per town: (with the value, without it, lacking the field); facilities on
        // islands of no town are judged under the district.
        let mut tally = vec![(0u32, 0u32, 0u32); cx.towns.len() + 1];
        for f in world
            .facilities
            .iter()
            .filter(|f| f.status.serves() && f.kind == self.kind)
        {
            let area = cx
                .island_of(&f.island)
                .and_then(|i| cx.town_of_island[i])
                .unwrap_or(cx.towns.len());
            let t = &mut tally[area];
            match self.with.of(f) {
                None => t.2 += 1,
                Some(v) if self.with.matches(v) => t.0 += 1,
                Some(_) => t.1 += 1,
            }
        }
        for (a, &(with, without, lacking)) in tally.iter().enumerate() {
            let of = with + without + lacking;
            if of == 0 {
                continue;
            }
            let (subject, population) = if a < cx.towns.len() {
                (SubjectRef::Town(a), cx.towns[a].population)
            } else {
                let population = world.islands.iter().map(|i| i.population).sum();
                (SubjectRef::District, population)
            };
            let status = if lacking > 0 {
                Status::NoData
            } else if cx.year < self.year {
                Status::NoTarget
            } else if without == 0 {
                Status::Met
            } else {
                Status::Gap
            };
            out.push(Finding {
                required: Some(cx.name(self.kind)),
                measure: Measure::Count {
                    counted: f64::from(with),
                    of: Some(f64::from(of)),
                    target: (cx.year >= self.year).then_some(f64::from(of)),
                },
                ..Finding::of(r, subject, population, status)
            });
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        let with = g.value.unwrap_or_default();
        Some((
            format!(
                "{with} {} in {} have {} = {}; the plan asks every one by {}",
                self.kind, g.subject, self.with.field, self.with.value, self.year
            ),
            format!(
                "{}{}中{with}个符合{} = {}；{}年底前应全部达到",
                g.subject_zh,
                g.policy.name_zh(self.kind),
                self.with.field,
                self.with.value,
                self.year
            ),
        ))
    }
}
