//! The pipeline, end to end: scenario → dataset → edits → rules → findings → coverage.
//!
//! Each stage is a plain function from borrowed input to a new value; this module
//! only chains them and bundles the result as an [`Outcome`](crate::pipeline::Outcome),
//! plain data that the writers, reports and tests read. No I/O happens between
//! loading and writing. A [`Loader`](crate::pipeline::Loader) reads each (dataset, rules) pair once, so
//! several scenarios share one load and each edits its own copy.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::coverage::{self, Coverage};
use crate::error::Result;
use crate::io::read::{read_dataset_with, Dataset, ReadOptions};
use crate::network::areas::{service_areas, AreaRequest, ServiceArea};
use crate::network::travel::TravelTimes;
use crate::prepared::Prepared;
use crate::propose::{proposals, Proposals};
use crate::rules::{evaluate, Finding, Moved, Policy, RuleKind};
use crate::scenario::edit::{self, Move};
use crate::scenario::Scenario;
use crate::timings::Timings;

/// Time for the exact solver per access rule; the heuristic's answer (with its gap
/// to the bound) is kept when the solver has not finished by then.
pub const PROPOSAL_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Everything one run found: inputs, findings, gaps and figures.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario run.
    pub scenario: Scenario,
    /// The rules applied (with the scenario's overrides).
    pub policy: Policy,
    /// The dataset as read and edited (accepted features, diagnostics, input hashes).
    pub dataset: Dataset,
    /// Residents moved by the scenario's `relocate` edits.
    pub moves: Vec<Move>,
    /// What every stage reads of the dataset, derived once after loading and
    /// editing (points in metres, towns, villages, who serves whom).
    pub prepared: Prepared,
    /// One finding per (subject, rule).
    pub findings: Vec<Finding>,
    /// Gaps, relocations and rule figures.
    pub coverage: Coverage,
    /// Travel minutes (none when the rules file has no `[travel]` section).
    pub travel: Option<TravelTimes>,
    /// The land each facility reaches within each access rule's minutes.
    pub service_areas: Vec<ServiceArea>,
    /// Proposed facilities for the band and access gaps, with the coverage they bring.
    pub proposals: Proposals,
}

/// Reads datasets once and hands out copies.
#[derive(Debug, Default)]
pub struct Loader {
    cache: BTreeMap<(PathBuf, String), Dataset>,
    /// Read every time and keep nothing: for one scenario, so the dataset is never
    /// held twice (a million settlements take hundreds of MB).
    single: bool,
}

impl Outcome {
    /// The gap with this id (`rule-id:subject-id`), if there is one.
    pub fn gap(&self, id: &str) -> Option<&crate::coverage::Gap> {
        let world = &self.dataset.world;
        let (towns, villages) = (&self.prepared.towns, &self.prepared.villages);
        let (rule, subject) = id.split_once(':')?;
        self.coverage.gaps.iter().find(|g| {
            self.policy.rules[g.rule].id == rule && g.subject_id(world, villages, towns) == subject
        })
    }
}

impl Loader {
    /// A loader for one scenario: it keeps no copy of what it reads.
    pub fn single() -> Self {
        Self {
            cache: BTreeMap::new(),
            single: true,
        }
    }

    /// Loads a scenario: its rules (with overrides) and a copy of its dataset with
    /// the scenario's edits applied.
    pub fn load(&mut self, scenario_path: &Path) -> Result<(Scenario, Policy, Dataset, Vec<Move>)> {
        let scenario = Scenario::load(scenario_path)?;
        let policy = Policy::load_with(&scenario.rules, &scenario.rule_overrides())?;
        let opts = ReadOptions {
            snap_tolerance_m: policy.settings.snap_tolerance_m,
            facility_kinds: policy.kinds.clone(),
        };
        // What reading depends on, besides the folder: the tolerance and the kinds.
        let key = (
            scenario.dataset.clone(),
            format!(
                "{}|{:?}|{:?}",
                opts.snap_tolerance_m, opts.facility_kinds, scenario.layers
            ),
        );
        let mut dataset = match self.cache.get(&key) {
            Some(d) => d.clone(),
            None if self.single => read_dataset_with(&scenario.dataset, &scenario.layers, &opts)?,
            None => {
                let d = read_dataset_with(&scenario.dataset, &scenario.layers, &opts)?;
                self.cache.insert(key, d.clone());
                d
            }
        };
        policy.check_against(&dataset.world)?;
        let moves = edit::apply(&mut dataset, &policy, &scenario.edits)?;
        Ok((scenario, policy, dataset, moves))
    }

    /// Runs a scenario: load, edit, evaluate every rule, derive gaps and figures.
    pub fn run(&mut self, scenario_path: &Path) -> Result<Outcome> {
        self.run_timed(scenario_path, &mut Timings::default())
    }

    /// [`Loader::run`], recording each stage's wall time and peak memory in `timings`.
    pub fn run_timed(&mut self, scenario_path: &Path, timings: &mut Timings) -> Result<Outcome> {
        let (scenario, policy, dataset, moves) =
            timings.stage("load", || self.load(scenario_path))?;
        Ok(assess_timed(scenario, policy, dataset, moves, timings))
    }
}

/// Loads one scenario (see [`Loader::load`]).
pub fn load(scenario_path: &Path) -> Result<(Scenario, Policy, Dataset, Vec<Move>)> {
    Loader::single().load(scenario_path)
}

/// Runs one scenario (see [`Loader::run`]).
pub fn run(scenario_path: &Path) -> Result<Outcome> {
    Loader::single().run(scenario_path)
}

/// Evaluates the rules on a loaded, edited dataset: travel minutes, findings,
/// coverage and service areas.
pub fn assess(scenario: Scenario, policy: Policy, dataset: Dataset, moves: Vec<Move>) -> Outcome {
    assess_timed(scenario, policy, dataset, moves, &mut Timings::default())
}

/// [`assess`], recording each stage's wall time and peak memory in `timings`.
pub fn assess_timed(
    scenario: Scenario,
    policy: Policy,
    dataset: Dataset,
    moves: Vec<Move>,
    timings: &mut Timings,
) -> Outcome {
    let world = &dataset.world;
    let prepared = timings.stage("prepare", || {
        Prepared::new(world, dataset.projection, &policy.families)
    });
    let travel = timings.stage("travel", || {
        policy.travel.as_ref().map(|settings| {
            TravelTimes::compute(
                world,
                &prepared,
                settings,
                &policy.families,
                &policy.travel_requests(),
            )
        })
    });
    let moved: Vec<Moved> = moves
        .iter()
        .map(|m| Moved {
            island: m.island,
            to: m.to,
            residents: m.residents,
            clause: m.clause.clone(),
        })
        .collect();
    let findings = timings.stage("rules", || {
        evaluate(
            &policy,
            world,
            &prepared,
            travel.as_ref(),
            scenario.year,
            &moved,
        )
    });
    let coverage = timings.stage("gaps", || {
        coverage::assess(&policy, world, &prepared, &findings, scenario.year)
    });
    let service_areas = timings.stage("service areas", || match &travel {
        Some(t) => {
            let population: Vec<u64> = world.settlements.iter().map(|s| s.population).collect();
            service_areas(&prepared, t, &area_requests(&policy, world), &population)
        }
        None => Vec::new(),
    });
    let proposals = timings.stage("proposals", || {
        proposals(
            &policy,
            world,
            &prepared,
            &findings,
            travel.as_ref(),
            scenario.year,
            PROPOSAL_TIME_LIMIT,
        )
    });
    Outcome {
        scenario,
        policy,
        dataset,
        moves,
        prepared,
        findings,
        coverage,
        travel,
        service_areas,
        proposals,
    }
}

/// The breaks drawn below the rules' smallest threshold, tenths of a minute (5 and
/// 10 minutes, as service-area tools commonly break).
pub const FINER_BREAKS_TENTHS: [u64; 2] = [50, 100];

/// One service area per open facility and access-rule threshold (the facility at the
/// rule's tier or better), merged across rules with the same minutes and profile;
/// plus, for each such facility and profile, the [`FINER_BREAKS_TENTHS`] below the
/// smallest threshold any access rule uses.
pub fn area_requests(policy: &Policy, world: &crate::model::World) -> Vec<AreaRequest> {
    let Some(travel) = &policy.travel else {
        return Vec::new();
    };
    let mut merged: BTreeMap<(usize, u64, String), Vec<String>> = BTreeMap::new();
    for rule in &policy.rules {
        let RuleKind::Access {
            family,
            min_tier,
            minutes,
            profile,
            ..
        } = &rule.kind
        else {
            continue;
        };
        let need = policy.min_tier_index(family, min_tier.as_deref());
        let profile = profile
            .clone()
            .unwrap_or_else(|| travel.default_profile.clone());
        let tenths = (minutes * 10.0).round() as u64;
        for (f, fac) in world.facilities.iter().enumerate() {
            if fac.status.serves() && policy.tier(family, &fac.kind).is_some_and(|t| t >= need) {
                merged
                    .entry((f, tenths, profile.clone()))
                    .or_default()
                    .push(rule.id.clone());
            }
        }
    }
    // Finer breaks below the smallest threshold the rules use: 5 and 10 minutes
    // when smaller, for every facility and profile that has an area at all. They
    // answer to no rule (an empty rule list).
    let smallest = merged.keys().map(|(_, t, _)| *t).min().unwrap_or(0);
    let drawn: BTreeSet<(usize, String)> = merged.keys().map(|(f, _, p)| (*f, p.clone())).collect();
    for tenths in FINER_BREAKS_TENTHS.into_iter().filter(|&t| t < smallest) {
        for (f, profile) in &drawn {
            merged.entry((*f, tenths, profile.clone())).or_default();
        }
    }
    merged
        .into_iter()
        .map(|((facility, tenths_min, profile), rules)| AreaRequest {
            facility,
            tenths_min,
            profile,
            rules,
        })
        .collect()
}
