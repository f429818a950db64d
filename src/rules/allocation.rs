//! Allocation rules: every settlement's nearest facility of a family (at a tier or
//! better) stands on an island of at least so many residents, from a year on
//! (二(一)1: 100 % of compulsory-education pupils study on a large island, 大岛就读率).
//! Without school-age counts, every settlement with residents stands for its pupils.

use crate::error::Result;

use super::parse::Check;
use super::travel::MAX_RULE_MIN;
use super::{Context, Finding, GapFacts, Kind, Measure, Status, SubjectRef, Travel};

/// An allocation rule's parameters, borrowed from
/// [`RuleKind::Allocation`](super::RuleKind::Allocation).
pub(super) struct AllocationRule<'a> {
    /// The service family.
    pub(super) family: &'a str,
    /// The lowest tier that counts.
    pub(super) min_tier: Option<&'a str>,
    /// Islands with fewer residents are small.
    pub(super) min_island_population: u64,
    /// The year from which it is due.
    pub(super) year: i32,
    /// The travel profile.
    pub(super) profile: Option<&'a str>,
}

impl<'a> Kind<'a> for AllocationRule<'a> {
    fn name(&self) -> &'static str {
        "allocation"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.min_tier(self.family, self.min_tier)?;
        if c.travel.is_none() {
            return Err(c.rule_error(
                None,
                "finds the nearest facility by travel minutes, but the rules file has no [travel] section",
            ));
        }
        Ok(())
    }

    /// The nearest facility at any distance: the rule reads who is nearest, not
    /// within how long.
    fn travel(&self) -> Option<Travel<'a>> {
        Some((self.profile, self.family, self.min_tier, MAX_RULE_MIN))
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.settlements.len()
    }

    /// Each settlement with residents: met when its nearest facility stands on an
    /// island of at least `min_island_population` residents, a gap when on a smaller
    /// one or none is reachable; no data without the family's minutes; no target
    /// before the year.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        let tier = policy.min_tier_index(self.family, self.min_tier);
        let profile = self
            .profile
            .or(policy.travel.as_ref().map(|t| t.default_profile.as_str()))
            .unwrap_or_default();
        let reach = cx
            .travel
            .and_then(|t| t.get(profile, self.family, tier))
            .filter(|_| cx.prepared.has_family(self.family));
        for (s, st) in world.settlements.iter().enumerate() {
            if st.population == 0 {
                continue;
            }
            let (status, measure, found) = match reach {
                None => (Status::NoData, Measure::None, None),
                Some(v) => {
                    let large = v[s].facility().is_some_and(|f| {
                        cx.island_of(&world.facilities[f].island).is_some_and(|i| {
                            world.islands[i].population >= self.min_island_population
                        })
                    });
                    let status = if cx.year < self.year {
                        Status::NoTarget
                    } else if large {
                        Status::Met
                    } else {
                        Status::Gap
                    };
                    let found = v[s].facility().map(|f| cx.name(&world.facilities[f].kind));
                    (status, Measure::Travel(v[s]), found)
                }
            };
            out.push(Finding {
                required: Some(cx.name(&policy.families[self.family][tier])),
                found,
                measure,
                ..Finding::of(r, SubjectRef::Settlement(s), st.population, status)
            });
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        Some((
            format!(
                "the nearest {} of {} is not on an island of {} residents or more",
                self.family, g.subject, self.min_island_population
            ),
            format!(
                "{}最近的{}不在常住人口{}人以上的大岛上",
                g.subject_zh,
                g.policy.name_zh(self.family),
                self.min_island_population
            ),
        ))
    }
}
