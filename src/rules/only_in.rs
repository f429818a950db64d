//! Only-in rules: facilities of a family may stand only on the named islands
//! (二(三)10b: centralised care for people in extreme poverty is kept only on the
//! main island and 六横). Every island holding one is a subject: met when it is
//! named, a gap when it is not.

use crate::error::{did_you_mean, Error, Result};
use crate::model::{IslandId, World};

use super::parse::Check;
use super::{Context, Finding, GapFacts, Kind, Status, SubjectRef};

/// An only-in rule's parameters, borrowed from [`RuleKind::OnlyIn`](super::RuleKind::OnlyIn).
pub(super) struct OnlyInRule<'a> {
    /// The service family.
    pub(super) family: &'a str,
    /// The islands allowed, by id.
    pub(super) islands: &'a [String],
}

impl<'a> Kind<'a> for OnlyInRule<'a> {
    fn name(&self) -> &'static str {
        "only-in"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.family(self.family)?;
        if self.islands.is_empty() {
            return Err(c.rule_error(Some("islands"), "`islands` names no island"));
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

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.islands.len() + 1
    }

    /// Each island with an open facility of the family: met when named, a gap when
    /// not; one "no data" for the district when the data holds none of the family.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        if !cx.prepared.has_family(self.family) {
            let population = world.islands.iter().map(|i| i.population).sum();
            out.push(Finding::of(
                r,
                SubjectRef::District,
                population,
                Status::NoData,
            ));
            return;
        }
        let mut best: Vec<Option<usize>> = vec![None; world.islands.len()];
        for f in world.facilities.iter().filter(|f| f.status.serves()) {
            let (Some(tier), Some(i)) =
                (policy.tier(self.family, &f.kind), cx.island_of(&f.island))
            else {
                continue;
            };
            best[i] = best[i].max(Some(tier));
        }
        for (i, island) in world.islands.iter().enumerate() {
            let Some(tier) = best[i] else { continue };
            let allowed = self.islands.contains(&island.id.0);
            let status = if allowed { Status::Met } else { Status::Gap };
            out.push(Finding {
                found: Some(cx.name(&policy.families[self.family][tier])),
                ..Finding::of(r, SubjectRef::Island(i), island.population, status)
            });
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        let found = g.found.unwrap_or(self.family);
        Some((
            format!(
                "island {} has a {found}; the plan keeps {} only on {}",
                g.subject,
                self.family,
                self.islands.join(", ")
            ),
            format!(
                "{}设有{}；该类设施仅保留于{}",
                g.subject_zh,
                g.policy.name_zh(found),
                self.islands.join("、")
            ),
        ))
    }
}
