//! Per-town rules: every town (乡镇/街道) of at least some residents has a facility
//! of a family, at a tier or better, on one of its islands.

use crate::error::Result;

use super::parse::Check;
use super::{Context, Finding, Kind, Status, SubjectRef};

/// A per-town rule's parameters, borrowed from
/// [`RuleKind::PerTown`](super::RuleKind::PerTown).
pub(super) struct PerTownRule<'a> {
    /// The service family.
    pub(super) family: &'a str,
    /// The lowest tier that counts (default: the family's lowest).
    pub(super) min_tier: Option<&'a str>,
    /// Towns with fewer residents (sum of their islands') are not subjects.
    pub(super) min_population: u64,
    /// When not empty, only towns whose name ends with one of these are subjects.
    pub(super) town_suffixes: &'a [String],
    /// The plan's towns; those the data has no island for are "no data".
    pub(super) towns: &'a [String],
}

/// The towns of `named` that no island of the data names (in the rule's order).
pub fn missing_towns<'n>(named: &'n [String], towns: &[crate::prepared::Town]) -> Vec<&'n str> {
    named
        .iter()
        .filter(|n| !towns.iter().any(|t| t.name == **n))
        .map(String::as_str)
        .collect()
}

impl<'a> Kind<'a> for PerTownRule<'a> {
    fn name(&self) -> &'static str {
        "per-town"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.min_tier(self.family, self.min_tier)
    }

    /// One finding per town (the bound ratio rules reserve, one to spare).
    fn most(&self, cx: &Context<'_>) -> usize {
        cx.towns.len() + self.towns.len() + 1
    }

    /// Each town against the best tier of the family open on any of its islands.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        let (family, min_population, town_suffixes) =
            (self.family, self.min_population, self.town_suffixes);
        let need = policy.min_tier_index(family, self.min_tier);
        let mut best: Vec<Option<usize>> = vec![None; cx.towns.len()];
        for f in world.facilities.iter().filter(|f| f.status.serves()) {
            let (Some(tier), Some(i)) = (policy.tier(family, &f.kind), cx.island_of(&f.island))
            else {
                continue;
            };
            if let Some(t) = cx.town_of_island[i] {
                best[t] = best[t].max(Some(tier));
            }
        }
        let in_data = cx.prepared.has_family(family);
        for (t, town) in cx.towns.iter().enumerate() {
            let named = town_suffixes.is_empty()
                || town_suffixes
                    .iter()
                    .any(|x| town.name.ends_with(x.as_str()));
            // A street (街道) under a rule for 乡镇, or a town under the
            // threshold: the clause asks nothing of it.
            let status = if !named || town.population < min_population {
                Status::Exempt
            } else if !in_data {
                Status::NoData
            } else if best[t].is_some_and(|b| b >= need) {
                Status::Met
            } else {
                Status::Gap
            };
            out.push(Finding {
                required: Some(cx.name(&policy.families[family][need])),
                found: best[t].map(|b| cx.name(&policy.families[family][b])),
                ..Finding::of(r, SubjectRef::Town(t), town.population, status)
            });
        }
        // A town of the plan with no island in the data (展茅街道 shares Zhoushan
        // Island, whose record names another street): it cannot be judged, and
        // is no data, not dropped. Its residents are counted with the island's
        // town, so it carries none here; summary.json's note names it.
        for _ in missing_towns(self.towns, cx.towns) {
            out.push(Finding {
                required: Some(cx.name(&policy.families[family][need])),
                ..Finding::of(r, SubjectRef::District, 0, Status::NoData)
            });
        }
    }
}
