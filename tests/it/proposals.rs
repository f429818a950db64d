//! Proposals on the default dataset: a site for every band gap, the fewest sites
//! for the 15-minute gaps, each naming its clause.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{isleplan, layer, root, stderr};

fn run_default() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn every_band_gap_gets_a_site_that_names_its_rule_and_clause() {
    let out = run_default();

    let gaps = layer(&out.path().join("gaps.geojson"));
    let proposed = layer(&out.path().join("proposed.geojson"));

    let band_gaps: Vec<_> = gaps
        .iter()
        .filter(|(id, _)| id.starts_with("health-band-"))
        .collect();
    assert!(!band_gaps.is_empty());
    for (id, g) in band_gaps {
        let rule = g["rule"].as_str().unwrap();
        let here = proposed.iter().find(|(_, p)| {
            p["rule"].as_str().unwrap().split(',').any(|r| r == rule)
                && (p["site"] == g["subject"]
                    || p["island"] == g["island"] && g["subject_kind"] == "island")
        });
        let (_, p) = here.unwrap_or_else(|| panic!("no proposal for gap {id}"));
        assert_eq!(p["solver_status"], "rule placement");
        assert!(
            p["clause"]
                .as_str()
                .unwrap()
                .contains(g["clause"].as_str().unwrap()),
            "{p:?}"
        );
        // The kind is the one the band requires (or higher, when two gaps share a site).
        assert!(
            p["kind"] == g["required"] || p["kind"] == "sub_centre",
            "{p:?} for {g:?}"
        );
    }
}

#[test]
fn the_fifteen_minute_gaps_get_a_proven_minimal_set_of_sites() {
    let out = run_default();

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let gains: BTreeMap<&str, &Value> = summary["proposals"]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["rule"].as_str().unwrap(), g))
        .collect();
    let g = gains["health-15min"];

    assert_eq!(
        g["optimal"], true,
        "the solver proved the number of new sites minimal"
    );
    // Every subject is covered after the proposals, except those no candidate site can
    // reach: the islands being relocated, where the plan builds nothing new.
    assert_eq!(
        g["met_after"].as_u64().unwrap() + g["uncoverable"].as_u64().unwrap(),
        g["subjects"].as_u64().unwrap()
    );
    assert!(g["met_after"].as_u64() > g["met_before"].as_u64());
    let proposed = layer(&out.path().join("proposed.geojson"));
    let new: Vec<_> = proposed
        .iter()
        .filter(|(_, p)| p["rule"] == "health-15min")
        .collect();
    assert_eq!(new.len() as u64, g["new_sites"].as_u64().unwrap());
    for (_, p) in &new {
        assert_eq!(p["clause"], "二(二)5a");
        assert_ne!(p["island"], "huangxing");
        assert_ne!(p["island"], "dashuangshan");
    }
    let ranks: Vec<u64> = new
        .iter()
        .map(|(_, p)| p["rank"].as_u64().unwrap())
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=new.len() as u64).collect::<Vec<_>>());
}

#[test]
fn share_rule_proposals_reach_the_years_target_on_a_synthetic_district() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    isleplan(
        dir.path(),
        &["gen", data.to_str().unwrap(), "--settlements", "600", "-q"],
    );
    // Every settlement a candidate, so the target is within reach.
    std::fs::remove_file(data.join("candidates.geojson")).unwrap();

    let out = run_data(dir.path());

    let summary = summary_of(&out);
    let rule = summary["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "meal-delivery-share")
        .unwrap();
    let target = rule["target"]["min"].as_f64().unwrap();
    let gain = gain(&summary, "meal-delivery-share");
    if rule["achieved"].as_f64().unwrap() >= target {
        assert!(gain.is_none(), "no proposal when the target already holds");
        return;
    }
    let g = gain.expect("a share rule below target gets proposals");
    let share = 100.0 * g["met_after"].as_f64().unwrap() / g["subjects"].as_f64().unwrap();
    assert!(share >= target, "{share} < {target}");
    assert!(g["new_sites"].as_u64().unwrap() >= 1);
    // Regression: share rules were solved as a set cover of every village, building
    // far more than the target asks. The fewest sites stop near the target, and on
    // this small district the count is proven minimal.
    assert!(
        g["met_after"].as_u64().unwrap() < g["subjects"].as_u64().unwrap(),
        "every village covered: the target was ignored ({g})"
    );
    assert_eq!(g["optimal"], true, "{g}");
    let proposed = layer(&out.join("proposed.geojson"));
    let meals = proposed
        .iter()
        .filter(|(_, p)| p["rule"] == "meal-delivery-share")
        .count();
    assert_eq!(meals as u64, g["new_sites"].as_u64().unwrap());
}

/// A synthetic district of `n` settlements (with its `candidates.geojson`) in `dir/data`.
fn synthetic(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let data = dir.join("data");
    let o = isleplan(
        dir,
        &[
            "gen",
            data.to_str().unwrap(),
            "--settlements",
            &n.to_string(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    data
}

/// Runs `dir/data/scenario.toml` into `dir/out`, which it returns.
fn run_data(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("out");
    let o = isleplan(
        dir,
        &[
            "run",
            "data/scenario.toml",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn summary_of(out: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// A rule's entry in `summary.json` → `proposals.coverage`.
fn gain<'a>(summary: &'a Value, rule: &str) -> Option<&'a Value> {
    summary["proposals"]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["rule"] == rule)
}

/// Proposed sites per rule family: (rule, site) of every coverage proposal.
fn coverage_sites(dir: &std::path::Path) -> Vec<(String, String)> {
    layer(&run_data(dir).join("proposed.geojson"))
        .into_iter()
        .filter(|(_, p)| p["solver_status"] != "rule placement")
        .map(|(_, p)| {
            (
                p["rule"].as_str().unwrap().to_owned(),
                p["site"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn coverage_proposals_use_the_candidate_layer_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path(), 2000);
    let candidates: std::collections::BTreeSet<String> = layer(&data.join("candidates.geojson"))
        .into_iter()
        .map(|(id, _)| id)
        .collect();

    let with_layer = coverage_sites(dir.path());
    std::fs::remove_file(data.join("candidates.geojson")).unwrap();
    let without = coverage_sites(dir.path());

    assert!(!with_layer.is_empty());
    for (rule, site) in &with_layer {
        assert!(
            candidates.contains(site),
            "{rule} proposes {site}, not a candidate"
        );
    }
    // Without the layer, settlements (and piers) are the candidates.
    assert!(!without.is_empty());
    assert!(without.iter().all(|(_, site)| !candidates.contains(site)));
}

#[test]
fn set_cover_prefers_the_cheaper_of_two_candidates_at_the_same_place() {
    // Every candidate gets a twin at the same point: each pair covers the same
    // settlements, so only the cheaper of the two may ever be chosen, whichever it is.
    for twin_cost in [5.0, 0.2] {
        let dir = tempfile::tempdir().unwrap();
        let data = synthetic(dir.path(), 1000);
        let path = data.join("candidates.geojson");
        let mut fc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let features = fc["features"].as_array_mut().unwrap();
        let twins: Vec<Value> = features
            .iter()
            .map(|f| {
                let mut t = f.clone();
                let id = format!("{}-twin", f["properties"]["id"].as_str().unwrap());
                t["properties"]["id"] = Value::from(id);
                t["properties"]["cost"] = Value::from(twin_cost);
                t
            })
            .collect();
        features.extend(twins);
        std::fs::write(&path, serde_json::to_string(&fc).unwrap()).unwrap();

        let sites = coverage_sites(dir.path());

        assert!(!sites.is_empty());
        let twins_chosen = sites.iter().filter(|(_, s)| s.ends_with("-twin")).count();
        if twin_cost > 1.0 {
            assert_eq!(twins_chosen, 0, "a dearer twin was chosen: {sites:?}");
        } else {
            assert_eq!(
                twins_chosen,
                sites.len(),
                "a dearer original was chosen: {sites:?}"
            );
        }
    }
}

#[test]
fn a_share_target_out_of_reach_gets_every_coverable_subject_covered() {
    // 600 settlements and 60 candidate sites: about one village in six lies beyond
    // 15 minutes of every candidate, so 2025's 90 % cannot be reached.
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 600);

    let summary = summary_of(&run_data(dir.path()));

    let g = gain(&summary, "meal-delivery-share").expect("proposals for the share rule");
    let (met, subjects, uncoverable) = (
        g["met_after"].as_u64().unwrap(),
        g["subjects"].as_u64().unwrap(),
        g["uncoverable"].as_u64().unwrap(),
    );

    assert!(100 * (subjects - uncoverable) < 90 * subjects, "{g}");
    assert_eq!(met + uncoverable, subjects, "{g}");
}

#[test]
fn proposals_reusing_the_runs_travel_minutes_equal_those_computed_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path(), 3000);
    let o = isleplan::pipeline::run(&data.join("scenario.toml")).unwrap();

    let afresh = isleplan::propose::proposals(
        &o.policy,
        &o.dataset.world,
        &o.prepared,
        &o.findings,
        None,
        o.scenario.year,
        isleplan::pipeline::PROPOSAL_TIME_LIMIT,
    );

    assert!(o.proposals.sites.len() > 10);
    assert_eq!(o.proposals, afresh);
}
