//! A (subject, rule) that fails, held compactly: indices and numbers, no strings.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::World;
use crate::network::travel::Reach;
use crate::rules::{Policy, SubjectRef, Town, Village};

/// A (subject, rule) that fails: indices into the world and the rules, and
/// numbers; no strings. Its id (`rule-id:subject-id`), names and the sentences that
/// explain it are written with the layer (`output::features`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// Whom it is about.
    pub subject: SubjectRef,
    /// Residents affected (for a travel rule, those not reached).
    pub population: u64,
    /// The band the subject falls in (band rules).
    pub band: Option<usize>,
    /// The kind required (shared, not copied).
    pub required: Option<Arc<str>>,
    /// The best kind found serving the subject.
    pub found: Option<Arc<str>>,
    /// Travel rules: how the subject reaches the family.
    pub reach: Option<Reach>,
    /// Ratio rules: the value reached per unit.
    pub ratio: Option<f64>,
}

impl Gap {
    /// The id of the gap's subject: an island's or settlement's id, a village's
    /// code, a town's name, or `district`.
    pub fn subject_id<'a>(
        &self,
        world: &'a World,
        villages: &'a [Village],
        towns: &'a [Town],
    ) -> &'a str {
        subject_id(&self.subject, world, villages, towns)
    }
}

/// The id a subject goes by in outputs.
pub fn subject_id<'a>(
    subject: &SubjectRef,
    world: &'a World,
    villages: &'a [Village],
    towns: &'a [Town],
) -> &'a str {
    match *subject {
        SubjectRef::Island(i) => world.islands[i].id.as_str(),
        SubjectRef::Settlement(s) => world.settlements[s].id.as_str(),
        SubjectRef::Village(v) => &villages[v].code,
        SubjectRef::Town(t) => &towns[t].name,
        SubjectRef::District => "district",
    }
}

/// One rule's gaps per entry (in rule order) → every gap sorted by id
/// (`rule-id:subject-id`, compared without building the strings).
///
/// A rule's gaps come in subject order, which is almost always id order already,
/// and two rules' ids never interleave (the order is settled within `rule:`), so
/// sorting the groups by `rule:` and checking each costs O(n) comparisons where
/// sorting millions of gaps would move each some 20 times. A check falls back to a
/// full sort, so the order is the same whatever the ids.
pub(super) fn sorted_by_id(
    mut groups: Vec<Vec<Gap>>,
    policy: &Policy,
    world: &World,
    villages: &[Village],
    towns: &[Town],
) -> Vec<Gap> {
    let key = |g: &Gap| {
        (
            policy.rules[g.rule].id.as_str(),
            g.subject_id(world, villages, towns),
        )
    };
    // `a:b` orders as (a + ":", b): a rule id that is a prefix of another sorts by
    // the character after it against ':'.
    let cmp = |a: &Gap, b: &Gap| {
        let (ra, sa) = key(a);
        let (rb, sb) = key(b);
        ra.bytes()
            .chain(std::iter::once(b':'))
            .chain(sa.bytes())
            .cmp(rb.bytes().chain(std::iter::once(b':')).chain(sb.bytes()))
    };
    let le = |a: &Gap, b: &Gap| cmp(a, b) != std::cmp::Ordering::Greater;
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_cached_key(|&r| format!("{}:", policy.rules[r].id));
    groups.par_iter_mut().for_each(|g| {
        if !g.is_sorted_by(le) {
            g.sort_by(cmp);
        }
    });
    let mut gaps = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for r in order {
        // Taken, so each group's buffer is freed as soon as it is moved.
        gaps.extend(std::mem::take(&mut groups[r]));
    }
    if !gaps.is_sorted_by(le) {
        gaps.sort_by(cmp);
    }
    gaps
}
