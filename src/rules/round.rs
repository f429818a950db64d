//! Round rules: a service team based at a facility visits every small island at
//! least once a period (二(三)9: 每月至少提供1次上岛服务; 一(四)3: "固定+流动").
//! Each small island is a subject: met when a round can reach it from the base and
//! come back over land, bridges and scheduled ferries; a gap when none can. The
//! rounds themselves are planned by `crate::round` (`isleplan propose-rounds`).

use crate::error::{did_you_mean, Error, Result};
use crate::model::World;
use crate::network::travel::minutes_between;
use crate::prepared::Prepared;

use super::parse::{positive, Check};
use super::travel::MAX_RULE_MIN;
use super::{Context, Finding, GapFacts, Kind, Status, SubjectRef};

/// A round rule's parameters, borrowed from [`RuleKind::Round`](super::RuleKind::Round).
pub(super) struct RoundRule<'a> {
    /// The base facility's id.
    pub(super) base: &'a str,
    /// Islands with fewer residents are small.
    pub(super) below: u64,
    /// The period, days.
    pub(super) period_days: f64,
    /// Minutes of each visit.
    pub(super) service_minutes: f64,
    /// Working minutes in a team-day.
    pub(super) day_minutes: f64,
    /// The travel profile.
    pub(super) profile: Option<&'a str>,
}

impl<'a> Kind<'a> for RoundRule<'a> {
    fn name(&self) -> &'static str {
        "round"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        positive(self.period_days, "period_days", 366.0)
            .map_err(|p| c.rule_error(Some("period_days"), p))?;
        positive(self.day_minutes, "day_minutes", MAX_RULE_MIN)
            .map_err(|p| c.rule_error(Some("day_minutes"), p))?;
        if !(self.service_minutes.is_finite()
            && self.service_minutes >= 0.0
            && self.service_minutes <= self.day_minutes)
        {
            return Err(c.rule_error(
                Some("service_minutes"),
                format!(
                    "service_minutes must be a finite number ≥ 0 and ≤ day_minutes (got {})",
                    self.service_minutes
                ),
            ));
        }
        let Some(travel) = c.travel else {
            return Err(c.rule_error(
                None,
                "plans rounds over travel minutes, but the rules file has no [travel] section",
            ));
        };
        if let Some(p) = self.profile.filter(|p| travel.profile(p).is_none()) {
            return Err(c.rule_error(Some("profile"), format!("unknown travel profile {p:?}")));
        }
        Ok(())
    }

    fn check_world(&self, rule: &str, path: &std::path::Path, world: &World) -> Result<()> {
        if world.facilities.iter().any(|f| f.id.0 == self.base) {
            return Ok(());
        }
        Err(Error::Config {
            path: path.to_owned(),
            problem: format!("rule {rule:?}: unknown base facility {:?}", self.base),
            hint: did_you_mean(self.base, world.facilities.iter().map(|f| f.id.as_str()))
                .map(|n| format!("did you mean {n:?}?")),
        })
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.islands.len()
    }

    /// Each small island: met when a round reaches it and returns, a gap when no
    /// scheduled way joins it to the base; no data without the profile's network.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world, prepared) = (cx.policy, cx.world, cx.prepared);
        let Some(b) = world.facilities.iter().position(|f| f.id.0 == self.base) else {
            return;
        };
        let base_island = prepared.facility_island[b];
        let base_at = (base_island, prepared.facility_xy[b]);
        let profile = self
            .profile
            .or(policy.travel.as_ref().map(|t| t.default_profile.as_str()))
            .unwrap_or_default();
        let net = cx.travel.and_then(|t| t.networks.get(profile));
        for (i, s) in small_islands(world, prepared, self.below, base_island) {
            let status = match net {
                None => Status::NoData,
                Some(net) => {
                    let at = (prepared.settlement_island[s], prepared.settlement_xy[s]);
                    if minutes_between(net, base_at, at).is_some()
                        && minutes_between(net, at, base_at).is_some()
                    {
                        Status::Met
                    } else {
                        Status::Gap
                    }
                }
            };
            out.push(Finding::of(
                r,
                SubjectRef::Island(i),
                world.islands[i].population,
                status,
            ));
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        Some((
            format!(
                "island {} ({} residents) cannot be reached from {} and back over land, bridges or scheduled ferries: no round can visit it every {} days",
                g.subject, g.population, self.base, self.period_days
            ),
            format!(
                "{}（常住人口{}人）与{}之间无陆路、桥梁或定班渡轮往返，无法每{}天上岛服务",
                g.subject_zh, g.population, self.base, self.period_days
            ),
        ))
    }
}

/// The islands a round rule visits: with residents, fewer than `below`, not the
/// base's island; each with its most populous settlement (lower index on ties).
pub fn small_islands(
    world: &World,
    prepared: &Prepared,
    below: u64,
    base_island: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, island) in world.islands.iter().enumerate() {
        if i == base_island || island.population == 0 || island.population >= below {
            continue;
        }
        let stop = (0..world.settlements.len())
            .filter(|&s| prepared.settlement_island[s] == i && world.settlements[s].population > 0)
            .max_by(|&a, &b| {
                world.settlements[a]
                    .population
                    .cmp(&world.settlements[b].population)
                    .then(b.cmp(&a))
            });
        if let Some(s) = stop {
            out.push((i, s));
        }
    }
    out
}
