//! Proposals for the gaps a new site does not close, or not alone: what to change
//! among the facilities there are.
//!
//! - *only-in* (二(三)10b): each facility on an island the rule does not allow is
//!   moved to the nearest allowed island (straight line from the facility to that
//!   island's most populous settlement), or closed; the proposal stands at the
//!   destination.
//! - *attribute* (二(五)19c): one proposal per facility whose field has another
//!   value (a village clinic not standardised), at the facility: upgrade it.
//! - *allocation* (二(一)1): for each settlement whose nearest school is on a small
//!   island, the school on a large island it reaches soonest (over the network of
//!   the rule's profile), or, when it reaches none, a school of the rule's lowest
//!   tier at the most populous settlement of the nearest large island.
//!   With no scheduled way to any school on a large island, the nearest one by
//!   straight line, and the proposal says there is no way; a school is added only
//!   when no large island has one.
//! - *ratio of staff* (二(五)20): per area short of its ratio, the workers short
//!   (`⌈target × base ÷ unit − staff⌉`), at the area's counted facility with the
//!   most staff recorded (then the lower id): where a team already works.
//! - *merge* (二(五)19): one proposal per facility the merger closes
//!   ([`merger`](super::merger)).
//! - *round* (二(三)9): the round plan at the team's base — its rounds, team-days a
//!   period and a month, the proven least, and the islands no round reaches.
//!
//! None of these serves residents who are not served today (a move, an upgrade or
//! a new assignment changes who serves them, not whether), so `population_covered`
//! is 0 except for allocation (the residents re-assigned) and the round (the
//! residents of the islands it visits), and a school added where none is reached.

use crate::model::World;
use crate::network::travel::{minutes_between, TravelTimes};
use crate::optimise::SolveOptions;
use crate::prepared::Prepared;
use crate::rules::{Counted, Finding, Measure, Policy, RuleKind, Status, SubjectRef};

use super::Proposal;

/// The most populous settlement with residents on island `i` (then the lower index).
fn seat(world: &World, prepared: &Prepared, i: usize) -> Option<usize> {
    (0..world.settlements.len())
        .filter(|&s| prepared.settlement_island[s] == i && world.settlements[s].population > 0)
        .max_by(|&a, &b| {
            world.settlements[a]
                .population
                .cmp(&world.settlements[b].population)
                .then(b.cmp(&a))
        })
}

/// Squared distance, projected metres.
fn d2(a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    (a.x - b.x).powi(2) + (a.y - b.y).powi(2)
}

/// The proposals of the only-in, attribute, allocation, staff-ratio, merge and
/// round rules of `findings`, against the targets of `year`.
///
/// # Runtime
/// O(F) per only-in or attribute rule; per allocation gap one network search per
/// school on a large island; the merger's and the rounds' own solves.
pub(super) fn place(
    policy: &Policy,
    world: &World,
    prepared: &Prepared,
    findings: &[Finding],
    travel_times: Option<&TravelTimes>,
    year: i32,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    let profile_of = |p: &Option<String>| {
        p.clone()
            .or_else(|| policy.travel.as_ref().map(|t| t.default_profile.clone()))
            .unwrap_or_default()
    };
    let fac_island = |f: usize| world.islands[prepared.facility_island[f]].id.0.clone();
    for (r, rule) in policy.rules.iter().enumerate() {
        let gaps: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == r && f.status == Status::Gap)
            .collect();
        let first = out.len();
        let mut push =
            |id: &str, kind: &str, site: &str, island: String, pop: u64, why: String, xy| {
                out.push(Proposal {
                    id: format!("{}:{id}", rule.id),
                    kind: kind.to_owned(),
                    rule: rule.id.clone(),
                    clause: rule.clause.clone(),
                    island,
                    site: site.to_owned(),
                    rank: 0,
                    population_covered: pop,
                    solver_status: why,
                    point: prepared.projection.inverse(xy),
                });
            };
        match &rule.kind {
            RuleKind::OnlyIn { family, islands } => {
                let allowed: Vec<usize> = islands
                    .iter()
                    .filter_map(|id| world.islands.iter().position(|i| i.id.0 == *id))
                    .filter_map(|i| seat(world, prepared, i))
                    .collect();
                for g in &gaps {
                    let SubjectRef::Island(i) = g.subject else {
                        continue;
                    };
                    for (f, fac) in world.facilities.iter().enumerate() {
                        if !(fac.status.serves()
                            && prepared.facility_island[f] == i
                            && policy.tier(family, &fac.kind).is_some())
                        {
                            continue;
                        }
                        let xy = prepared.facility_xy[f];
                        let to = allowed.iter().copied().min_by(|&a, &b| {
                            d2(xy, prepared.settlement_xy[a])
                                .total_cmp(&d2(xy, prepared.settlement_xy[b]))
                                .then(a.cmp(&b))
                        });
                        match to {
                            Some(s) => {
                                let st = &world.settlements[s];
                                let km = d2(xy, prepared.settlement_xy[s]).sqrt() / 1000.0;
                                push(
                                    &fac.id.0,
                                    &fac.kind,
                                    st.id.as_str(),
                                    world.islands[prepared.settlement_island[s]].id.0.clone(),
                                    0,
                                    format!(
                                        "move {} to {} ({:.1} km, the nearest allowed island), or close it",
                                        fac.id.0,
                                        st.id.as_str(),
                                        km
                                    ),
                                    prepared.settlement_xy[s],
                                );
                            }
                            None => push(
                                &fac.id.0,
                                &fac.kind,
                                &fac.id.0,
                                fac_island(f),
                                0,
                                format!("close {}: no allowed island has residents", fac.id.0),
                                xy,
                            ),
                        }
                    }
                }
            }
            RuleKind::Attribute { kind, with, .. } => {
                for g in &gaps {
                    for (f, fac) in world.facilities.iter().enumerate() {
                        if !(fac.status.serves() && fac.kind == *kind) {
                            continue;
                        }
                        let in_area = match g.subject {
                            SubjectRef::Town(t) => {
                                prepared.town_of_island[prepared.facility_island[f]] == Some(t)
                            }
                            _ => prepared.town_of_island[prepared.facility_island[f]].is_none(),
                        };
                        let Some(v) = with.of(fac).filter(|v| !with.matches(v)) else {
                            continue;
                        };
                        if !in_area {
                            continue;
                        }
                        push(
                            &fac.id.0,
                            kind,
                            &fac.id.0,
                            fac_island(f),
                            0,
                            format!(
                                "upgrade {}: {} = {} (now {v})",
                                fac.id.0, with.field, with.value
                            ),
                            prepared.facility_xy[f],
                        );
                    }
                }
            }
            RuleKind::Allocation {
                family,
                min_tier,
                min_island_population,
                profile,
                ..
            } => {
                let need = policy.min_tier_index(family, min_tier.as_deref());
                let net = travel_times.and_then(|t| t.networks.get(&profile_of(profile)));
                let large = |i: usize| world.islands[i].population >= *min_island_population;
                let schools: Vec<usize> = (0..world.facilities.len())
                    .filter(|&f| {
                        let fac = &world.facilities[f];
                        fac.status.serves()
                            && policy.tier(family, &fac.kind).is_some_and(|t| t >= need)
                            && large(prepared.facility_island[f])
                    })
                    .collect();
                for g in &gaps {
                    let SubjectRef::Settlement(s) = g.subject else {
                        continue;
                    };
                    let st = &world.settlements[s];
                    let from = (prepared.settlement_island[s], prepared.settlement_xy[s]);
                    let best = net.and_then(|net| {
                        schools
                            .iter()
                            .filter_map(|&f| {
                                let to = (prepared.facility_island[f], prepared.facility_xy[f]);
                                minutes_between(net, from, to).map(|m| (m, f))
                            })
                            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                    });
                    match best {
                        Some((m, f)) => {
                            let fac = &world.facilities[f];
                            push(
                                st.id.as_str(),
                                &fac.kind,
                                &fac.id.0,
                                fac_island(f),
                                st.population,
                                format!(
                                    "assign the pupils of {} to {} ({m:.0} min, the soonest on a large island)",
                                    st.id.as_str(),
                                    fac.id.0
                                ),
                                prepared.facility_xy[f],
                            );
                        }
                        None if !schools.is_empty() => {
                            // No scheduled way to any: the nearest by straight line.
                            let f = schools
                                .iter()
                                .copied()
                                .min_by(|&a, &b| {
                                    d2(from.1, prepared.facility_xy[a])
                                        .total_cmp(&d2(from.1, prepared.facility_xy[b]))
                                        .then(a.cmp(&b))
                                })
                                .unwrap_or(schools[0]);
                            let fac = &world.facilities[f];
                            push(
                                st.id.as_str(),
                                &fac.kind,
                                &fac.id.0,
                                fac_island(f),
                                st.population,
                                format!(
                                    "assign the pupils of {} to {} ({:.1} km, the nearest on a large island; no scheduled way there)",
                                    st.id.as_str(),
                                    fac.id.0,
                                    d2(from.1, prepared.facility_xy[f]).sqrt() / 1000.0
                                ),
                                prepared.facility_xy[f],
                            );
                        }
                        None => {
                            let target = (0..world.islands.len())
                                .filter(|&i| large(i))
                                .filter_map(|i| seat(world, prepared, i))
                                .min_by(|&a, &b| {
                                    d2(from.1, prepared.settlement_xy[a])
                                        .total_cmp(&d2(from.1, prepared.settlement_xy[b]))
                                        .then(a.cmp(&b))
                                });
                            let Some(t) = target else { continue };
                            let kind = &policy.families[family][need];
                            push(
                                st.id.as_str(),
                                kind,
                                world.settlements[t].id.as_str(),
                                world.islands[prepared.settlement_island[t]].id.0.clone(),
                                st.population,
                                format!(
                                    "add a {kind} at {} (nearest large island): {} reaches no {family} on a large island",
                                    world.settlements[t].id.as_str(),
                                    st.id.as_str()
                                ),
                                prepared.settlement_xy[t],
                            );
                        }
                    }
                }
            }
            RuleKind::Ratio {
                family,
                min_tier,
                count: Counted::Staff,
                unit,
                targets,
                per,
                ..
            } => {
                let Some(t) = crate::rules::target_for(targets, year) else {
                    continue;
                };
                let need = policy.min_tier_index(family, min_tier.as_deref());
                for g in &gaps {
                    let Measure::Ratio {
                        numerator,
                        denominator,
                        ..
                    } = g.measure
                    else {
                        continue;
                    };
                    let short = ((t.min * denominator / unit - numerator) - 1e-9).ceil();
                    if short <= 0.0 {
                        continue;
                    }
                    let area = match g.subject {
                        SubjectRef::Town(t) => Some(t),
                        _ => None,
                    };
                    let at = (0..world.facilities.len())
                        .filter(|&f| {
                            let fac = &world.facilities[f];
                            fac.status.serves()
                                && policy.tier(family, &fac.kind).is_some_and(|t| t >= need)
                                && (area.is_none()
                                    || prepared.town_of_island[prepared.facility_island[f]] == area)
                        })
                        .max_by(|&a, &b| {
                            let sa = world.facilities[a].staff.unwrap_or(0.0);
                            let sb = world.facilities[b].staff.unwrap_or(0.0);
                            sa.total_cmp(&sb).then(b.cmp(&a))
                        });
                    let Some(f) = at else { continue };
                    let fac = &world.facilities[f];
                    push(
                        &fac.id.0,
                        &fac.kind,
                        &fac.id.0,
                        fac_island(f),
                        0,
                        format!(
                            "add {short:.0} {family} staff: {numerator} for {denominator} {}, {} per {unit} asks {:.1}",
                            per.name(),
                            t.min,
                            t.min * denominator / unit
                        ),
                        prepared.facility_xy[f],
                    );
                }
            }
            RuleKind::Merge { profile, .. } => {
                let Some(net) = travel_times.and_then(|t| t.networks.get(&profile_of(profile)))
                else {
                    continue;
                };
                let options = SolveOptions::default();
                let Some(m) = super::merger::merger(policy, world, prepared, net, r, &options)
                else {
                    continue;
                };
                for &f in &m.closed {
                    let fac = &world.facilities[f];
                    let moved: Vec<_> = m.moves.iter().filter(|mv| mv.from == f).collect();
                    let residents: u64 = moved.iter().map(|mv| mv.residents).sum();
                    push(
                        &fac.id.0,
                        &fac.kind,
                        &fac.id.0,
                        fac_island(f),
                        0,
                        format!(
                            "close {} (merger, {}): {residents} residents of {} settlement{} move to a kept facility within the minutes",
                            fac.id.0,
                            if m.optimal { "proven least kept".to_owned() } else { format!("{}, bound {:.1}", m.method, m.bound) },
                            moved.len(),
                            if moved.len() == 1 { "" } else { "s" }
                        ),
                        prepared.facility_xy[f],
                    );
                }
            }
            RuleKind::Round { profile, .. } => {
                let Some(net) = travel_times.and_then(|t| t.networks.get(&profile_of(profile)))
                else {
                    continue;
                };
                let Some(plan) = crate::round::rounds(policy, world, prepared, net, r) else {
                    continue;
                };
                let b = plan.base;
                let fac = &world.facilities[b];
                let visited: u64 = plan
                    .rounds
                    .iter()
                    .flat_map(|rd| rd.islands.iter())
                    .map(|&i| world.islands[i].population)
                    .sum();
                let unreachable: Vec<&str> = plan
                    .unreachable
                    .iter()
                    .map(|&i| world.islands[i].id.0.as_str())
                    .collect();
                push(
                    &fac.id.0,
                    &fac.kind,
                    &fac.id.0,
                    fac_island(b),
                    visited,
                    format!(
                        "{} round{}, {} team-days a period (least possible ≥ {}), {:.1} team-days a month{}",
                        plan.rounds.len(),
                        if plan.rounds.len() == 1 { "" } else { "s" },
                        plan.team_days,
                        plan.lower_bound,
                        plan.team_days_month,
                        if unreachable.is_empty() {
                            String::new()
                        } else {
                            format!("; no scheduled way to {}", unreachable.join(", "))
                        }
                    ),
                    prepared.facility_xy[b],
                );
            }
            _ => {}
        }
        // Ranked by the residents each concerns (then by id).
        out[first..].sort_by(|a, b| {
            b.population_covered
                .cmp(&a.population_covered)
                .then_with(|| a.id.cmp(&b.id))
        });
        for (k, p) in out[first..].iter_mut().enumerate() {
            p.rank = k + 1;
        }
    }
    out
}
