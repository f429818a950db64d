//! Hostile configuration: rules files, scenario files and paths, and the inputs of
//! `optimize`, each written to break one thing. Every test is named for what broke,
//! and checks that the answer is an error naming the file (and line) at fault, not a
//! silent overwrite, a different file read, a hang or a panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use isleplan::rules::{self, Policy};
use isleplan::scenario::{Scenario, MAX_BASE_DEPTH};

use crate::common::{fixture, isleplan, root, stderr};

// ---------------------------------------------------------------------------
// Rules files: rule ids name output fields.

/// The contract fixture's rules with `from` replaced by `to` (each once).
fn contract_rules(edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(fixture("contract").join("rules.toml")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from} is not in the contract rules");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The error (with its hint) of rules that must fail to load, as `rules.toml`.
fn rules_err(text: &str) -> String {
    let err =
        Policy::from_str(text, Path::new("rules.toml")).expect_err("these rules must be refused");
    format!("{err}\nhint: {}", err.hint().unwrap_or(""))
}

/// The line `needle` is on in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn rule_ids_naming_a_fixed_output_field_are_refused_at_load() {
    for id in [
        "population",
        "id",
        "status",
        "name-zh",
        "gap_rules",
        "island-assignment",
        "Population",
        "fid",
    ] {
        let text = contract_rules(&[("id = \"health-15min\"", &format!("id = \"{id}\""))]);
        let line = line_of(&text, &format!("id = \"{id}\""));

        let err = rules_err(&text);

        let field = id.replace('-', "_");
        assert!(
            err.starts_with(&format!(
                "`rules.toml:{line}`: rule id {id:?} writes the output field {field:?}, which "
            )) && err.contains("the tool"),
            "{id}: {err}"
        );
    }
}

#[test]
fn rule_ids_differing_only_by_dash_and_underscore_are_refused_naming_both_and_the_field() {
    let text = contract_rules(&[("id = \"elderly-15min\"", "id = \"health_15min\"")]);
    let first = line_of(&text, "id = \"health-15min\"");
    let second = line_of(&text, "id = \"health_15min\"");

    let err = rules_err(&text);

    assert!(
        err.starts_with(&format!(
            "`rules.toml:{second}`: rule id \"health-15min\" (line {first}) and rule id \"health_15min\" both write the output field \"health_15min\""
        )),
        "{err}"
    );
}

#[test]
fn rule_ids_differing_only_by_case_are_refused() {
    let text = contract_rules(&[("id = \"elderly-15min\"", "id = \"Health-15MIN\"")]);

    let err = rules_err(&text);

    assert!(
        err.contains("\"health-15min\"")
            && err.contains("\"Health-15MIN\"")
            && err.contains("one field without regard to case"),
        "{err}"
    );
}

#[test]
fn rule_id_whose_suffixed_field_is_another_rules_field_is_refused() {
    // `village-clinic` writes `village_clinic_band`; `consolidate` writes `consolidate_to`.
    for (from, to, field) in [
        (
            "id = \"health-15min\"",
            "id = \"village-clinic-band\"",
            "village_clinic_band",
        ),
        (
            "id = \"elderly-15min\"",
            "id = \"consolidate-to\"",
            "consolidate_to",
        ),
        (
            "id = \"elderly-15min\"",
            "id = \"health-15min-reached-pct\"",
            "health_15min_reached_pct",
        ),
    ] {
        let text = contract_rules(&[(from, to)]);
        let line = line_of(&text, to);

        let err = rules_err(&text);

        assert!(
            err.starts_with(&format!("`rules.toml:{line}`:"))
                && err.contains(&format!("both write the output field {field:?}")),
            "{to}: {err}"
        );
    }
}

#[test]
fn rule_id_writing_a_family_field_is_refused() {
    // The family `health` writes `health_min`, `health_facility`, `health_reach`.
    for id in ["health-min", "health_facility", "elderly-care-reach"] {
        let text = contract_rules(&[("id = \"health-15min\"", &format!("id = \"{id}\""))]);

        let err = rules_err(&text);

        assert!(
            err.contains("family \"")
                && err.contains(&format!("rule id {id:?} both write the output field")),
            "{id}: {err}"
        );
    }
}

#[test]
fn rule_ids_outside_the_safe_charset_or_empty_are_refused() {
    for id in [
        "health 15min",
        "health.15min",
        "health/15min",
        "健康",
        "a\\tb",
        "a\\u0000b",
        "x\\n",
    ] {
        let text = contract_rules(&[("id = \"health-15min\"", &format!("id = \"{id}\""))]);
        let line = line_of(&text, &format!("id = \"{id}\""));

        let err = rules_err(&text);

        assert!(
            err.starts_with(&format!("`rules.toml:{line}`: rule id "))
                && err.contains("may hold only ASCII letters, digits, `-` and `_`"),
            "{id}: {err}"
        );
    }
    for id in ["", "  "] {
        let text = contract_rules(&[("id = \"health-15min\"", &format!("id = \"{id}\""))]);

        let err = rules_err(&text);

        assert!(err.contains("`id` must be non-empty text"), "{id:?}: {err}");
    }
}

#[test]
fn rule_ids_starting_with_the_input_prefix_are_refused() {
    let text = contract_rules(&[("id = \"health-15min\"", "id = \"input-source\"")]);

    let err = rules_err(&text);

    assert!(err.contains("\"input_\""), "{err}");
}

/// The contract rules with the access rule `health-15min` repeated `n` times, as
/// `h0` … `h{n-1}`, after the file's own rules.
fn many_rules(n: usize) -> String {
    let text = contract_rules(&[]);
    let start = text.find("[[rule]]\nid = \"health-15min\"").unwrap();
    let end = text[start + 1..]
        .find("[[rule]]")
        .map_or(text.len(), |e| start + 1 + e);
    let rule = &text[start..end];
    let mut out = text.clone();
    for k in 0..n {
        out.push('\n');
        out.push_str(&rule.replace("health-15min", &format!("h{k}")));
    }
    out
}

#[test]
fn a_rules_file_of_10000_rules_loads_in_linear_time() {
    // Each rule's line was counted from the top of the file: 20,000 rules (4.8 MB)
    // took 3 min 50 s in a debug build.
    let text = many_rules(10_000);

    let started = Instant::now();
    let policy = Policy::from_str(&text, Path::new("rules.toml")).unwrap();

    assert_eq!(policy.rules.len(), 10_004);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Lines are still right at the end of the file.
    let bad = text.replacen(
        "id = \"h9999\"\ntype = \"access\"",
        "id = \"h9999\"\ntype = \"access\"\nminutes_x = 1",
        1,
    );
    let header = line_of(&bad, "id = \"h9999\"") - 1;
    let err = Policy::from_str(&bad, Path::new("rules.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "`rules.toml:{header}`: rule \"h9999\": unknown field `minutes_x`"
        )),
        "{err}"
    );
}

#[test]
fn two_thousand_rule_overrides_on_a_large_rules_file_take_linear_time() {
    // Every override re-serialised and re-checked the whole rules file: edits ×
    // rules, about 100 s for these in a debug build.
    let text = many_rules(2_000);
    let overrides: Vec<rules::Override> = (0..2_000)
        .map(|k| rules::Override {
            target: rules::OverrideTarget::Rule(format!("h{k}")),
            set: toml::from_str(&format!("minutes = {}", 10 + k % 7)).unwrap(),
            origin: format!("s.toml:{}", 4 * k + 4),
            label: format!("edit #{} (set-rule)", k + 1),
        })
        .collect();

    let started = Instant::now();
    let policy = Policy::from_str_with(&text, Path::new("rules.toml"), &overrides).unwrap();

    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let h7 = policy.rules.iter().find(|r| r.id == "h7").unwrap();
    assert!(format!("{:?}", h7.kind).contains("minutes: 10.0"), "{h7:?}");
    // A bad override is still blamed on its edit.
    let mut bad = overrides.clone();
    bad[1_500].set = toml::from_str("minutes = -1").unwrap();
    let err = Policy::from_str_with(&text, Path::new("rules.toml"), &bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("`s.toml:6004`: edit #1501 (set-rule): with this change the rules are invalid: rule \"h1500\": minutes"),
        "{err}"
    );
}

#[test]
fn a_colliding_rule_id_is_refused_by_check_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = contract_rules(&[("id = \"elderly-15min\"", "id = \"health_15min\"")]);
    std::fs::write(dir.path().join("rules.toml"), &text).unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        format!(
            "dataset = \"{}\"\nrules = \"rules.toml\"\nyear = 2024\n",
            fixture("contract").display()
        ),
    )
    .unwrap();

    let o = isleplan(dir.path(), &["check", "s.toml"]);

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let line = line_of(&text, "id = \"health_15min\"");
    assert!(
        stderr(&o).contains(&format!("rules.toml:{line}`"))
            && stderr(&o).contains("\"health-15min\"")
            && stderr(&o).contains("\"health_15min\""),
        "{}",
        stderr(&o)
    );
}

/// Property keys of every feature of a GeoJSON file.
fn keys(path: &Path) -> BTreeSet<String> {
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value["features"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["properties"].as_object().unwrap().keys().cloned())
        .collect()
}

/// Guards the reserved list: every field the islands and settlements layers of the
/// golden outputs hold is a rule's, a family's, an input property carried through,
/// or in `rules::RESERVED_FIELDS`. A new fixed field missing from the list fails here.
#[test]
fn every_fixed_field_the_layers_write_is_in_the_reserved_list() {
    for (dataset, rules_file, expected) in [
        (
            "tests/data/contract",
            "tests/data/contract/rules.toml",
            "tests/data/contract/expected",
        ),
        (
            "gis",
            "scenarios/putuo-2024-rules.toml",
            "tests/data/golden-baseline-2024/expected",
        ),
    ] {
        let policy = Policy::load(&root().join(rules_file)).unwrap();
        let mut known: BTreeSet<String> = rules::RESERVED_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        for rule in &policy.rules {
            known.extend(rules::rule_fields(&rule.id));
        }
        for family in policy.families.keys() {
            known.extend(
                rules::FAMILY_FIELD_SUFFIXES
                    .iter()
                    .map(|s| format!("{family}_{s}")),
            );
        }
        for layer in ["islands.geojson", "settlements.geojson"] {
            let input = keys(&root().join(dataset).join(layer));
            let written = keys(&root().join(expected).join(layer));
            let unknown: Vec<&String> = written
                .iter()
                .filter(|k| !known.contains(*k) && !input.contains(*k))
                .filter(|k| !k.starts_with(rules::INPUT_FIELD_PREFIX))
                .collect();
            assert!(
                unknown.is_empty(),
                "{expected}/{layer}: fields neither a rule's, a family's, an input's nor reserved: {unknown:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Scenario files and paths.

/// A project folder `real/` (scenarios in `real/scenarios/`, the dataset in
/// `real/gis/`) reached through `work/link` → `real/scenarios`, beside a decoy
/// `work/gis/` that `link/../gis` names when `..` is taken as text.
#[cfg(unix)]
fn symlinked_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    std::fs::create_dir_all(real.join("scenarios")).unwrap();
    std::fs::create_dir_all(real.join("gis")).unwrap();
    for layer in [
        "islands.geojson",
        "settlements.geojson",
        "facilities.geojson",
        "territories.geojson",
    ] {
        std::fs::copy(
            fixture("contract").join(layer),
            real.join("gis").join(layer),
        )
        .unwrap();
    }
    std::fs::copy(
        fixture("contract").join("rules.toml"),
        real.join("rules.toml"),
    )
    .unwrap();
    // The decoys: an empty dataset folder and a rules file that does not parse.
    let work = tmp.path().join("work");
    std::fs::create_dir_all(work.join("gis")).unwrap();
    std::fs::write(work.join("rules.toml"), "not toml [").unwrap();
    std::os::unix::fs::symlink("../real/scenarios", work.join("link")).unwrap();
    (tmp, work)
}

#[cfg(unix)]
#[test]
fn dataset_and_rules_through_a_symlinked_folder_are_read_where_the_os_reads_them() {
    let (tmp, work) = symlinked_project();
    let real = tmp.path().join("real");
    std::fs::write(
        real.join("scenarios/s.toml"),
        "dataset = \"../gis\"\nrules = \"../rules.toml\"\nyear = 2024\n",
    )
    .unwrap();

    let s = Scenario::load(&work.join("link/s.toml")).unwrap();

    assert_eq!(
        s.dataset.canonicalize().unwrap(),
        real.join("gis").canonicalize().unwrap()
    );
    assert_eq!(
        s.rules.canonicalize().unwrap(),
        real.join("rules.toml").canonicalize().unwrap()
    );
    // And end to end, from the folder holding the link: the real dataset is read.
    let o = isleplan(&work, &["check", "link/s.toml", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_base_through_a_symlinked_folder_is_read_where_the_os_reads_it() {
    let (tmp, work) = symlinked_project();
    let real = tmp.path().join("real");
    std::fs::write(
        real.join("base.toml"),
        "dataset = \"gis\"\nrules = \"rules.toml\"\nyear = 2024\n",
    )
    .unwrap();
    // The decoy base beside the link: the wrong year, the decoy dataset.
    std::fs::write(
        work.join("base.toml"),
        "dataset = \"gis\"\nrules = \"rules.toml\"\nyear = 2030\n",
    )
    .unwrap();
    std::fs::write(real.join("scenarios/s.toml"), "base = \"../base.toml\"\n").unwrap();

    let s = Scenario::load(&work.join("link/s.toml")).unwrap();

    assert_eq!(s.year, 2024);
    assert_eq!(
        s.bases[0].canonicalize().unwrap(),
        real.join("base.toml").canonicalize().unwrap()
    );
    assert_eq!(
        s.dataset.canonicalize().unwrap(),
        real.join("gis").canonicalize().unwrap()
    );
}

#[cfg(unix)]
#[test]
fn a_scenario_path_with_dotdot_after_a_symlink_is_read_where_the_os_reads_it() {
    let (tmp, work) = symlinked_project();
    let real = tmp.path().join("real");
    std::fs::write(
        real.join("s.toml"),
        "dataset = \"gis\"\nrules = \"rules.toml\"\nyear = 2024\n",
    )
    .unwrap();
    // `work/link/../s.toml` is `real/s.toml` to the OS, `work/s.toml` as text.
    std::fs::write(work.join("s.toml"), "year = 2030\n").unwrap();

    let s = Scenario::load(&work.join("link/../s.toml")).unwrap();

    assert_eq!(s.year, 2024);
    assert_eq!(
        s.dataset.canonicalize().unwrap(),
        real.join("gis").canonicalize().unwrap()
    );
}

#[test]
fn a_dotdot_after_a_missing_folder_is_refused_not_cleaned_away() {
    // `nope/../gis` is no path to the OS; cleaned as text it was `gis`, and read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("gis")).unwrap();
    for (key, text) in [
        (
            "dataset",
            "dataset = \"nope/../gis\"\nrules = \"r.toml\"\nyear = 2024\n",
        ),
        (
            "rules",
            "dataset = \"gis\"\nrules = \"nope/../r.toml\"\nyear = 2024\n",
        ),
        ("base", "base = \"nope/../b.toml\"\n"),
    ] {
        let err = Scenario::from_str(text, &dir.path().join("s.toml"))
            .unwrap_err()
            .to_string();

        assert!(
            err.contains(&format!("`{key}` = \"nope/../"))
                && err.contains("cannot go up (`..`) from")
                && err.contains("nope`: it is not a folder"),
            "{key}: {err}"
        );
    }
}

#[test]
fn relative_paths_without_links_stay_relative_and_clean() {
    // What summary.json records for the shipped scenarios (`gis`, not
    // `scenarios/../gis`) must not change: the golden outputs hold it.
    let s = Scenario::from_str(
        "dataset = \"../gis\"\nrules = \"./putuo-2024-rules.toml\"\nyear = 2024\n",
        &root().join("scenarios/x.toml"),
    )
    .unwrap();

    assert_eq!(s.dataset, root().join("gis"));
    assert_eq!(s.rules, root().join("scenarios/putuo-2024-rules.toml"));
}

/// Writes `s0.toml` … `s{n}.toml` into `dir`, each the base of the one before, the
/// last naming the contract dataset; each adds one edit.
fn base_chain(dir: &Path, n: usize) {
    let contract = fixture("contract");
    for i in 0..n {
        std::fs::write(
            dir.join(format!("s{i}.toml")),
            format!(
                "base = \"s{}.toml\"\n[[edit]]\ntype = \"close-facility\"\nid = \"f{i}\"\n",
                i + 1
            ),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join(format!("s{n}.toml")),
        format!(
            "dataset = \"{}\"\nrules = \"{}\"\nyear = 2024\n",
            contract.display(),
            contract.join("rules.toml").display()
        ),
    )
    .unwrap();
}

#[test]
fn a_scenario_of_50000_edits_loads_in_linear_time() {
    // Each edit's line was counted from the top of the file: 100,000 edits ran for
    // more than 8 minutes in a debug build.
    let mut text = String::from("dataset = \".\"\nrules = \"r.toml\"\nyear = 2024\n");
    for i in 0..50_000 {
        text.push_str(&format!(
            "[[edit]]\ntype = \"close-facility\"\nid = \"f{i}\"\n"
        ));
    }

    let started = Instant::now();
    let s = Scenario::from_str(&text, Path::new("s.toml")).unwrap();

    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.edits.len(), 50_000);
    assert_eq!(s.edits[49_999].origin, format!("s.toml:{}", 4 + 3 * 49_999));
}

#[test]
fn a_base_chain_3000_deep_is_refused_at_once_naming_its_head_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    base_chain(dir.path(), 3000);
    let head = dir.path().join("s0.toml");

    let started = Instant::now();
    let err = Scenario::load(&head).unwrap_err().to_string();

    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.starts_with(&format!("`{}`", head.display()))
            && err.contains(&format!("longer than {MAX_BASE_DEPTH} (the limit)")),
        "{err}"
    );
}

#[test]
fn a_base_chain_at_the_limit_loads_with_its_edits_in_order() {
    let dir = tempfile::tempdir().unwrap();
    base_chain(dir.path(), MAX_BASE_DEPTH);

    let s = Scenario::load(&dir.path().join("s0.toml")).unwrap();

    assert_eq!(s.bases.len(), MAX_BASE_DEPTH);
    assert_eq!(s.bases[0], dir.path().join("s1.toml"));
    assert_eq!(s.edits.len(), MAX_BASE_DEPTH);
    // The base's edits first: the deepest base's edit is the first.
    assert_eq!(
        s.edits[0].origin,
        format!(
            "{}:2",
            dir.path()
                .join(format!("s{}.toml", MAX_BASE_DEPTH - 1))
                .display()
        )
    );
    assert_eq!(
        s.edits[MAX_BASE_DEPTH - 1].origin,
        format!("{}:2", dir.path().join("s0.toml").display())
    );
    std::fs::write(dir.path().join("s-1.toml"), "base = \"s0.toml\"\n").unwrap();
    let err = Scenario::load(&dir.path().join("s-1.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("the limit"), "{err}");
}

// ---------------------------------------------------------------------------
// `optimize` inputs.

/// Runs `isleplan optimize --model lscp` on D, S and P written to a temp folder,
/// with `extra` arguments; returns (exit code, stdout, stderr).
fn optimize(d: &str, s: &str, p: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("D.csv", d), ("S.csv", s), ("P.csv", p)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut args = vec![
        "optimize", "--model", "lscp", "--demand", "D.csv", "--sites", "S.csv", "--pairs", "P.csv",
    ];
    args.extend_from_slice(extra);
    let o = isleplan(dir.path(), &args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr(&o),
    )
}

#[test]
fn a_time_limit_too_large_for_a_duration_is_refused_not_a_panic() {
    for limit in ["1e20", "1e300", "1000000001"] {
        let (code, _, err) = optimize(
            "a,1\n",
            "x\n",
            "a,x,1\n",
            &["--max-cost", "5", "--time-limit", limit],
        );

        assert_eq!(code, 2, "{limit}: {err}");
        assert!(
            err.contains("`--time-limit`: time limit too large") && !err.contains("panicked"),
            "{limit}: {err}"
        );
    }
    let (code, _, err) = optimize(
        "a,1\n",
        "x\n",
        "a,x,1\n",
        &["--max-cost", "5", "--time-limit", "1e9"],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_inf_pair_never_covers_even_under_max_cost_inf() {
    let (code, out, err) = optimize(
        "id,weight\na,1\nb,1\n",
        "id\nx\ny\n",
        "demand_id,site_id,cost\na,x,inf\nb,y,1e300\n",
        &["--max-cost", "inf"],
    );

    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["selected"], serde_json::json!(["y"]));
    assert_eq!(r["covered_count"], 1);
    assert_eq!(r["uncoverable_count"], 1);
}

#[test]
fn weights_whose_sum_overflows_are_refused_naming_the_file_and_line() {
    let (code, out, err) = optimize(
        "id,weight\na,1e308\nb,1\nc,1e308\n",
        "x\n",
        "a,x,1\nc,x,1\n",
        &["--max-cost", "5"],
    );

    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("`D.csv:4`: column 2 (`weight`): the weights add up past the largest number"),
        "{err}"
    );
}

#[test]
fn site_costs_whose_sum_overflows_are_refused_naming_the_file_and_line() {
    let (code, out, err) = optimize(
        "a,1\nb,1\n",
        "id,cost\nx,1e308\ny,1e308\n",
        "a,x,1\nb,y,1\n",
        &["--max-cost", "5"],
    );

    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("`S.csv:3`: column 2 (`cost`): the site costs add up past the largest number"),
        "{err}"
    );
}

#[test]
fn an_empty_demand_file_is_blamed_on_d_csv_not_on_p_csv() {
    for (d, what) in [
        ("id,weight\n", "only a header row"),
        ("", "no rows"),
        ("\n\n", "no rows"),
    ] {
        let (code, _, err) = optimize(d, "x\n", "a,x,1\n", &["--max-cost", "5"]);

        assert_eq!(code, 2, "{d:?}: {err}");
        assert!(
            err.contains(&format!("`D.csv`: no demand points: the file has {what}"))
                && !err.contains("P.csv"),
            "{d:?}: {err}"
        );
    }
}

#[test]
fn an_empty_sites_file_is_blamed_on_s_csv_not_on_p_csv() {
    for (s, what) in [("id,cost,existing\n", "only a header row"), ("", "no rows")] {
        let (code, _, err) = optimize("a,1\n", s, "a,x,1\n", &["--max-cost", "5"]);

        assert_eq!(code, 2, "{s:?}: {err}");
        assert!(
            err.contains(&format!("`S.csv`: no candidate sites: the file has {what}"))
                && !err.contains("P.csv"),
            "{s:?}: {err}"
        );
    }
}
