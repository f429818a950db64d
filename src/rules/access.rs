//! Access rules: each subject reaches a facility of a family, at a tier or better,
//! within some minutes (the plan's 15- and 30-minute circles). What they share with
//! share rules is in `travel.rs`.

use crate::error::Result;

use super::parse::Check;
use super::travel::TravelRule;
use super::{Context, Finding, Kind, Travel};

/// An access rule's parameters, borrowed from [`RuleKind::Access`](super::RuleKind::Access).
pub(super) struct AccessRule<'a>(pub(super) TravelRule<'a>);

impl<'a> Kind<'a> for AccessRule<'a> {
    fn name(&self) -> &'static str {
        "access"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        self.0.check(c)
    }

    fn travel(&self) -> Option<Travel<'a>> {
        Some(self.0.travel())
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        self.0.most(cx)
    }

    /// Every settlement not reached within the minutes is a gap.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        self.0.evaluate(cx, r, |_| Some(false), out);
    }
}
