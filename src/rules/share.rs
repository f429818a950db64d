//! Share rules: at least a share of the subjects reach a facility of a family within
//! some minutes, with a target per year. What they share with access rules is in
//! `travel.rs`.

use crate::error::Result;
use crate::model::Settlement;
use crate::network::travel::Reach;

use super::parse::{check_targets, Check};
use super::travel::TravelRule;
use super::{
    target_for, unit_weights, Context, Finding, Kind, Subject, SubjectRef, Travel, YearTarget,
};

/// A share rule's parameters, borrowed from [`RuleKind::Share`](super::RuleKind::Share).
pub(super) struct ShareRule<'a> {
    /// What it shares with access rules.
    pub(super) travel: TravelRule<'a>,
    /// Targets: percent of subjects, by year.
    pub(super) targets: &'a [YearTarget],
}

impl<'a> Kind<'a> for ShareRule<'a> {
    fn name(&self) -> &'static str {
        "share"
    }

    /// The travel checks, then the targets: percentages, one per year.
    fn check(&self, c: &Check<'_>) -> Result<()> {
        self.travel.check(c)?;
        check_targets(self.targets, 100.0).map_err(|p| c.rule_error(Some("targets"), p))
    }

    fn travel(&self) -> Option<Travel<'a>> {
        Some(self.travel.travel())
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        self.travel.most(cx)
    }

    /// A settlement not reached within the minutes is a gap only while the share of
    /// subjects reached misses the year's target.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let world = cx.world;
        let (subject, minutes) = (self.travel.subject, self.travel.minutes);
        // Each subject counts 1, or, over units, the units it stands for.
        let weights = (subject == Subject::Unit).then(|| unit_weights(world, cx.prepared));
        let weight = |s: usize| weights.as_ref().map_or(1.0, |w| w[s]);
        let share_met = |reach: Option<&[Reach]>| {
            let takes = |s: &Settlement| subject.takes(s.kind) && s.population > 0;
            let subjects: Vec<usize> = (0..world.settlements.len())
                .filter(|&s| takes(&world.settlements[s]))
                .collect();
            let whole: f64 = subjects.iter().map(|&s| weight(s)).sum();
            let reached: f64 = subjects
                .iter()
                .filter(|&&s| reach.is_some_and(|v| v[s].within(minutes)))
                .map(|&s| weight(s))
                .sum();
            // Compared unrounded: 79.96 % does not meet 80 %.
            target_for(self.targets, cx.year).map(|t| reached * 100.0 >= t.min * whole - 1e-9)
        };
        let first = out.len();
        self.travel.evaluate(cx, r, share_met, out);
        if let Some(w) = &weights {
            for f in &mut out[first..] {
                if let SubjectRef::Settlement(s) = f.subject {
                    f.units = Some(w[s]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::parse::testing::{problem, ACCESS, TRAVEL};

    #[test]
    fn share_targets_must_be_percentages_once_a_year() {
        let share = ACCESS.replace("\"access\"", "\"share\"");
        for targets in [
            "targets = [{ year = 2024, min = 120 }]",
            "targets = [{ year = 2024, min = nan }]",
            "targets = [{ year = 2024, min = 80 }, { year = 2024, min = 90 }]",
            "targets = []",
        ] {
            let err = problem(&format!("{TRAVEL}{share}{targets}\n"));

            assert!(err.contains("target"), "{targets}: {err}");
        }
    }
}
