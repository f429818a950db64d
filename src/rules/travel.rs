//! What access and share rules share: their parameters' checks, the minutes each
//! settlement takes to reach the family, and the residents reached on territories.

use crate::error::{did_you_mean, Result};
use crate::model::World;
use crate::network::areas::reached_shares;
use crate::network::travel::Reach;

use super::parse::{positive, Check};
use super::{Context, Finding, Measure, Status, Subject, SubjectRef, Travel};

/// Most minutes a travel rule may ask for: a day.
pub const MAX_RULE_MIN: f64 = 1440.0;

/// The parameters access and share rules share, borrowed from their
/// [`RuleKind`](super::RuleKind) variant.
pub(super) struct TravelRule<'a> {
    /// Villages, communities or any settlement.
    pub(super) subject: Subject,
    /// The service family.
    pub(super) family: &'a str,
    /// The lowest tier that counts (default: the family's lowest).
    pub(super) min_tier: Option<&'a str>,
    /// The limit, minutes.
    pub(super) minutes: f64,
    /// The travel profile (default: `travel.default_profile`).
    pub(super) profile: Option<&'a str>,
}

impl<'a> TravelRule<'a> {
    /// Checks the family and tier, the subject, the minutes and the profile, against
    /// the file's `[travel]` section.
    pub(super) fn check(&self, c: &Check<'_>) -> Result<()> {
        c.min_tier(self.family, self.min_tier)?;
        if self.subject == Subject::Island {
            return Err(c.rule_error(
                Some("subject"),
                "travel minutes are measured from settlements; subject must be village, community or settlement",
            ));
        }
        positive(self.minutes, "minutes", MAX_RULE_MIN)
            .map_err(|p| c.rule_error(Some("minutes"), p))?;
        let Some(settings) = c.travel else {
            return Err(c.error(
                c.line(),
                format!(
                    "rule {:?} measures minutes, but the rules file has no [travel] section",
                    c.id
                ),
                Some(
                    "add [travel] with default_profile, [travel.profiles.NAME] and [travel.ferry]"
                        .into(),
                ),
            ));
        };
        if let Some(p) = self.profile {
            if settings.profile(p).is_none() {
                return Err(c.error(
                    c.key_line("profile"),
                    format!("rule {:?}: unknown travel profile {p:?}", c.id),
                    did_you_mean(p, settings.profiles.keys().map(String::as_str))
                        .map(|n| format!("did you mean {n:?}?")),
                ));
            }
        }
        Ok(())
    }

    /// The travel the rule reads.
    pub(super) fn travel(&self) -> Travel<'a> {
        (self.profile, self.family, self.min_tier, self.minutes)
    }

    /// One finding per settlement at most.
    pub(super) fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.settlements.len()
    }

    /// One finding per settlement of the subject kind: met when it reaches the family
    /// within the minutes; otherwise a gap, unless `share_met` (given the minutes of
    /// every settlement, `None` without them) says the rule's share target holds or
    /// that no target is in force.
    pub(super) fn evaluate(
        &self,
        cx: &Context<'_>,
        r: usize,
        share_met: impl FnOnce(Option<&[Reach]>) -> Option<bool>,
        out: &mut Vec<Finding>,
    ) {
        let (policy, world, travel) = (cx.policy, cx.world, cx.travel);
        let (subject, family, minutes) = (self.subject, self.family, self.minutes);
        let tier = policy.min_tier_index(family, self.min_tier);
        let profile = self
            .profile
            .or(policy.travel.as_ref().map(|t| t.default_profile.as_str()))
            .unwrap_or_default();
        let reach = travel
            .and_then(|t| t.get(profile, family, tier))
            .filter(|_| cx.prepared.has_family(family));
        // Residents reached on each settlement's territory, when any has one.
        let shares: Vec<Option<f64>> = match (reach, travel) {
            (Some(_), Some(t)) if !cx.territories.is_empty() => {
                match (t.networks.get(profile), policy.families.get(family)) {
                    (Some(net), Some(kinds)) => reached_shares(
                        net,
                        cx.territories,
                        &serving_kinds(world, &kinds[tier..]),
                        minutes,
                    ),
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        let share_met = share_met(reach);
        for (s, settlement) in world.settlements.iter().enumerate() {
            if !subject.takes(settlement.kind) {
                continue;
            }
            if settlement.population == 0 {
                // Nobody lives here (an island emptied by a move): the circle
                // asks nothing of it, and nothing is proposed for it.
                out.push(Finding::of(r, SubjectRef::Settlement(s), 0, Status::Exempt));
                continue;
            }
            let (status, measure, found) = match reach {
                None => (Status::NoData, Measure::None, None),
                Some(v) => {
                    let status = if v[s].within(minutes) {
                        Status::Met
                    } else if share_met != Some(false) {
                        Status::NotReached
                    } else {
                        Status::Gap
                    };
                    let found = v[s].facility().map(|f| cx.name(&world.facilities[f].kind));
                    (status, Measure::Travel(v[s]), found)
                }
            };
            out.push(Finding {
                required: Some(cx.name(&policy.families[family][tier])),
                found,
                measure,
                reached_share: shares.get(s).copied().flatten(),
                ..Finding::of(r, SubjectRef::Settlement(s), settlement.population, status)
            });
        }
    }
}

/// Open facilities of `kinds`, by index into `World::facilities`.
fn serving_kinds(world: &World, kinds: &[String]) -> Vec<usize> {
    crate::network::travel::serving(world, kinds)
}

#[cfg(test)]
mod tests {
    use crate::rules::parse::testing::{load, problem, ACCESS, TRAVEL};

    #[test]
    fn infinite_minutes_are_fatal_on_their_own_line() {
        let text = format!(
            "{TRAVEL}{}",
            ACCESS.replace("minutes = 15", "minutes = inf")
        );

        let err = problem(&text);

        assert!(err.starts_with("r.toml:24: "), "{err}");
        assert!(err.contains("minutes must be a finite number"), "{err}");
    }

    #[test]
    fn access_rule_without_travel_section_is_fatal_with_a_hint() {
        let text = format!("[families]\nhealth = [\"village_clinic\"]\n{ACCESS}");

        let err = load(&text).unwrap_err();

        assert!(err.to_string().contains("no [travel] section"), "{err}");
        assert!(err.hint().unwrap().contains("[travel.profiles.NAME]"));
    }

    #[test]
    fn unknown_profile_in_a_rule_suggests_a_near_one() {
        let text = format!("{TRAVEL}{ACCESS}profile = \"cra\"\n");

        let err = load(&text).unwrap_err();

        assert!(
            err.to_string().contains("unknown travel profile \"cra\""),
            "{err}"
        );
        assert_eq!(err.hint(), Some("did you mean \"car\"?"));
    }
}
