//! Share-per-area rules: at least a share of the villages and communities of each
//! area (the district, a named town, or every town) have a facility of one kind
//! serving them, with targets by year (二(三)8c: a senior classroom in 30 % of
//! villages and communities in 2024).

use crate::error::Result;
use crate::model::{SettlementKind, World};

use super::count::{
    area_name, area_population, area_target, areas, check_area_targets, check_kind,
    check_target_towns, AreaTarget,
};
use super::parse::Check;
use super::{Context, Finding, GapFacts, Kind, Measure, Status, SubjectRef};

/// A share-per-area rule's parameters, borrowed from
/// [`RuleKind::AreaShare`](super::RuleKind::AreaShare).
pub(super) struct AreaShareRule<'a> {
    /// The kind that counts.
    pub(super) kind: &'a str,
    /// Targets: percent, by year and area.
    pub(super) targets: &'a [AreaTarget],
}

/// The villages and communities of the world, each once: a settlement of kind
/// `village` or `community` with residents; the parts of one village (sharing a
/// code) are one, kept under their first part. Each with the island of that part
/// and whether `kind` serves any part.
fn units(cx: &Context<'_>, kind: &str) -> Vec<(usize, bool)> {
    let world = cx.world;
    let serves = |s: usize| {
        cx.serving[s].iter().any(|&f| {
            let f = &world.facilities[f];
            f.status.serves() && f.kind == kind
        })
    };
    let mut out = Vec::new();
    let mut seen_village = vec![false; cx.villages.len()];
    for (s, st) in world.settlements.iter().enumerate() {
        if !matches!(st.kind, SettlementKind::Village | SettlementKind::Community) {
            continue;
        }
        match cx.village_of[s] {
            Some(v) => {
                if seen_village[v] {
                    continue;
                }
                seen_village[v] = true;
                let parts = &cx.villages[v].parts;
                if parts.iter().all(|&p| world.settlements[p].population == 0) {
                    continue;
                }
                let lead = parts[0];
                out.push((island(world, cx, lead), parts.iter().any(|&p| serves(p))));
            }
            None if st.population > 0 => out.push((island(world, cx, s), serves(s))),
            None => {}
        }
    }
    out
}

/// The island index of settlement `s` (0 when not found: never, once loaded).
fn island(world: &World, cx: &Context<'_>, s: usize) -> usize {
    cx.island_of(&world.settlements[s].island).unwrap_or(0)
}

impl<'a> Kind<'a> for AreaShareRule<'a> {
    fn name(&self) -> &'static str {
        "area-share"
    }

    fn check(&self, c: &Check<'_>) -> Result<()> {
        check_kind(self.kind, c)?;
        check_area_targets(self.targets, 100.0, c)
    }

    fn check_world(&self, id: &str, path: &std::path::Path, world: &World) -> Result<()> {
        check_target_towns(self.targets, id, path, world)
    }

    fn most(&self, cx: &Context<'_>) -> usize {
        cx.towns.len() + 1
    }

    /// Per area, the villages and communities the kind serves over all of them,
    /// against the percent in force.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let family = cx.policy.family_of(self.kind).unwrap_or_default();
        let in_data = cx.prepared.has_family(family);
        let units = units(cx, self.kind);
        let areas = areas(self.targets, cx);
        let any_target = areas
            .iter()
            .any(|a| area_target(self.targets, cx.year, area_name(cx, a)).is_some());
        // Per town and in all, (units served, units): one pass.
        let mut per_town = vec![(0u64, 0u64); cx.towns.len()];
        let mut total = (0u64, 0u64);
        for &(i, has) in &units {
            total.0 += u64::from(has);
            total.1 += 1;
            if let Some(t) = cx.town_of_island[i] {
                per_town[t].0 += u64::from(has);
                per_town[t].1 += 1;
            }
        }
        for subject in areas {
            let (counted, of) = match subject {
                SubjectRef::Town(t) => per_town[t],
                _ => total,
            };
            let (counted, of) = (counted as f64, of as f64);
            let target = area_target(self.targets, cx.year, area_name(cx, &subject)).map(|t| t.min);
            let status = match target {
                _ if !in_data => Status::NoData,
                _ if of == 0.0 => Status::Exempt,
                None if any_target => Status::Exempt,
                None => Status::NoTarget,
                // Compared unrounded: 29.96 % does not meet 30 %.
                Some(t) if counted * 100.0 >= t * of => Status::Met,
                Some(_) => Status::Gap,
            };
            let population = area_population(cx, &subject);
            out.push(Finding {
                required: Some(cx.name(self.kind)),
                measure: Measure::Count {
                    counted,
                    of: Some(of),
                    target,
                },
                ..Finding::of(r, subject, population, status)
            });
        }
    }

    fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        let area = (g.subject != "district").then_some(g.subject);
        let t = area_target(self.targets, g.year, area)?;
        let pct = g.value.unwrap_or_default();
        let kind_zh = g.policy.name_zh(self.kind);
        let where_zh = area.map_or("全区", |_| g.subject_zh);
        Some((
            format!(
                "{pct:.1}% of villages and communities in {} have a {}; the plan asks {}% by {}",
                g.subject, self.kind, t.min, t.year
            ),
            format!(
                "{where_zh}村(社区){kind_zh}覆盖率{pct:.1}%；{}年目标为{}%",
                t.year, t.min
            ),
        ))
    }
}
