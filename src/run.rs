//! The pipeline, end to end: scenario → dataset → rules → findings → coverage.
//!
//! Each stage is a plain function from borrowed input to a new value; this module
//! only chains them and bundles the result as an [`Outcome`](crate::run::Outcome), plain data that the
//! writers, reports and tests read. No I/O happens between loading and writing.

use std::path::Path;

use crate::coverage::{self, Coverage};
use crate::error::Result;
use crate::io::read::{read_dataset, Dataset, ReadOptions};
use crate::rules::{evaluate, Finding, Policy};
use crate::scenario::Scenario;

/// Everything one run found: inputs, findings, gaps and figures.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario run.
    pub scenario: Scenario,
    /// The rules applied.
    pub policy: Policy,
    /// The dataset as read (accepted features, diagnostics, input hashes).
    pub dataset: Dataset,
    /// One finding per (subject, rule).
    pub findings: Vec<Finding>,
    /// Gaps, relocations and rule figures.
    pub coverage: Coverage,
}

/// Loads the scenario's rules and dataset, without evaluating anything.
pub fn load(scenario_path: &Path) -> Result<(Scenario, Policy, Dataset)> {
    let scenario = Scenario::load(scenario_path)?;
    let policy = Policy::load(&scenario.rules)?;
    let opts = ReadOptions {
        snap_tolerance_m: policy.settings.snap_tolerance_m,
        facility_kinds: policy.kinds.clone(),
    };
    let dataset = read_dataset(&scenario.dataset, &opts)?;
    policy.check_against(&dataset.world)?;
    Ok((scenario, policy, dataset))
}

/// Runs a scenario: load, validate, evaluate every rule, derive gaps and figures.
pub fn run(scenario_path: &Path) -> Result<Outcome> {
    let (scenario, policy, dataset) = load(scenario_path)?;
    Ok(assess(scenario, policy, dataset))
}

/// Evaluates the rules on a loaded dataset.
pub fn assess(scenario: Scenario, policy: Policy, dataset: Dataset) -> Outcome {
    let findings = evaluate(&policy, &dataset.world, &dataset.projection);
    let coverage = coverage::assess(&policy, &dataset.world, &findings);
    Outcome {
        scenario,
        policy,
        dataset,
        findings,
        coverage,
    }
}
