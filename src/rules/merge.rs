//! Merge rules: which facilities of some kinds on named islands could close while
//! every settlement they serve within the minutes still has one within them
//! (二(五)19: 加快整合六横镇村卫生室资源). The rule reports the facilities it may
//! merge, island by island, and judges nothing ("no target": the plan names no
//! number); `isleplan propose-merger` solves which could close
//! (`propose::merger`).

use crate::error::{did_you_mean, Error, Result};
use crate::model::{IslandId, World};

use super::parse::{positive, Check};
use super::travel::MAX_RULE_MIN;
use super::{Context, Finding, Kind, Measure, Status, SubjectRef, Travel};

/// A merge rule's parameters, borrowed from [`RuleKind::Merge`](super::RuleKind::Merge).
pub(super) struct MergeRule<'a> {
    /// The service family.
    pub(super) family: &'a str,
    /// The kinds that may close.
    pub(super) kinds: &'a [String],
    /// The islands, by id.
    pub(super) islands: &'a [String],
    /// The limit, minutes.
    pub(super) minutes: f64,
    /// The travel profile.
    pub(super) profile: Option<&'a str>,
}

impl<'a> Kind<'a> for MergeRule<'a> {
    fn name(&self) -> &'static str {
        "merge"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.family(self.family)?;
        if self.kinds.is_empty() {
            return Err(c.rule_error(Some("kinds"), "`kinds` names no kind that may close"));
        }
        for k in self.kinds {
            c.tier(self.family, k, "kind")?;
        }
        if self.islands.is_empty() {
            return Err(c.rule_error(Some("islands"), "`islands` names no island"));
        }
        positive(self.minutes, "minutes", MAX_RULE_MIN)
            .map_err(|p| c.rule_error(Some("minutes"), p))?;
        if c.travel.is_none() {
            return Err(c.rule_error(
                None,
                "measures minutes, but the rules file has no [travel] section",
            ));
        }
        Ok(())
    }

    fn check_world(&self, rule: &str, path: &std::path::Path, world: &World) -> Result<()> {
        for id in self.islands {
            if world.island(&IslandId(id.clone())).is_none() {
                return Err(Error::Config {
                    path: path.to_owned(),
                    problem: format!("rule {rule:?}: unknown island {id:?} in `islands`"),
                    hint: did_you_mean(id, world.islands.iter().map(|i| i.id.as_str()))
                        .map(|n| format!("did you mean {n:?}?")),
                });
            }
        }
        Ok(())
    }

    /// The minutes of the family at the profile, so the profile's network is built.
    fn travel(&self) -> Option<Travel<'a>> {
        Some((self.profile, self.family, None, self.minutes))
    }

    fn most(&self, _cx: &Context<'_>) -> usize {
        self.islands.len()
    }

    /// Each named island with the open facilities of the kinds that may close on
    /// it: "no target" (reported, not judged), or "no data" without any facility of
    /// the family in the data.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let world = cx.world;
        let mut islands: Vec<usize> = self
            .islands
            .iter()
            .filter_map(|id| cx.island_of(&IslandId(id.clone())))
            .collect();
        islands.sort_unstable();
        islands.dedup();
        for i in islands {
            let counted = cx.on_island[i]
                .iter()
                .filter(|&&f| {
                    let f = &world.facilities[f];
                    f.status.serves() && self.kinds.contains(&f.kind)
                })
                .count() as f64;
            let status = if cx.prepared.has_family(self.family) {
                Status::NoTarget
            } else {
                Status::NoData
            };
            out.push(Finding {
                measure: Measure::Count {
                    counted,
                    of: None,
                    target: None,
                },
                ..Finding::of(
                    r,
                    SubjectRef::Island(i),
                    world.islands[i].population,
                    status,
                )
            });
        }
    }
}
