//! The default Putuo dataset in `gis/`: bands, relocations, the figure contract's
//! headlines, and island assignment against the real outlines `gis/` carries.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{client_available, isleplan, layer, root, stderr};

fn run_baseline() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// The island band the plan's ranges give, each shared edge going to the stricter.
fn band_of(population: u64) -> &'static str {
    match population {
        0..=99 => "0–100",
        100..=499 => "100–500",
        500..=1000 => "500–1000",
        _ => "1000+",
    }
}

#[test]
fn every_island_appears_in_the_band_results_with_the_right_band() {
    let out = run_baseline();
    let input = layer(&root().join("gis/islands.geojson"));

    let output: BTreeMap<String, _> = layer(&out.path().join("islands.geojson"))
        .into_iter()
        .collect();

    assert!(
        input.len() >= 15,
        "the default dataset has {} islands",
        input.len()
    );
    for (id, props) in &input {
        let pop = props["population"].as_u64().unwrap();
        let got = output
            .get(id)
            .unwrap_or_else(|| panic!("island {id} missing from the output"));
        assert_eq!(
            got["health_band_island_band"],
            band_of(pop),
            "island {id} ({pop} residents)"
        );
        let exempt = !(100..=1000).contains(&pop);
        assert_eq!(
            got["health_band_island"] == "exempt",
            exempt,
            "{id} ({pop} residents): {}",
            got["health_band_island"]
        );
    }
}

#[test]
fn relocations_list_dashuangshan_and_huangxing_with_named_destinations() {
    let out = run_baseline();

    let relocations: BTreeMap<String, _> = layer(&out.path().join("relocations.geojson"))
        .into_iter()
        .collect();

    assert_eq!(relocations["dashuangshan"]["to"], "xiazhi");
    assert_eq!(relocations["dashuangshan"]["to_settlement"], "linghe_cun");
    assert_eq!(relocations["huangxing"]["to"], "zhoushan");
    assert_eq!(relocations["huangxing"]["to_settlement"], "chawan_shequ");
    // The plan names only 舟山本岛 for 黄兴: the settlement is the rules file's pick.
    assert!(relocations["huangxing"]["assumption"].is_string());
    assert_eq!(relocations["dashuangshan"]["assumption"], Value::Null);
    for r in relocations.values() {
        // The baseline is before anyone moved.
        assert_eq!(r["status"], "pending");
        assert!(
            r["basis"]
                .as_str()
                .unwrap()
                .starts_with("named in the plan"),
            "{r:?}"
        );
        assert!(r["residents"].as_u64().unwrap() < 100);
    }
    let moved: u64 = relocations
        .values()
        .map(|r| r["residents"].as_u64().unwrap())
        .sum();
    assert_eq!(
        moved, 96,
        "the plan's 96 registered-and-present residents (二(四)11)"
    );
}

#[test]
fn default_dataset_checks_clean() {
    let o = isleplan(&root(), &["check"]);

    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 rejected"), "{}", stderr(&o));
}

#[test]
fn settlement_populations_add_up_to_their_islands() {
    let islands = layer(&root().join("gis/islands.geojson"));
    let settlements = layer(&root().join("gis/settlements.geojson"));

    for (id, props) in &islands {
        let sum: u64 = settlements
            .iter()
            .filter(|(_, s)| s["island"] == id.as_str())
            .map(|(_, s)| s["population"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, props["population"].as_u64().unwrap(), "island {id}");
    }
}

#[test]
fn every_figure_in_gis_carries_a_source_or_a_method() {
    for (layer_name, needs) in [
        ("islands", &["population_source", "population_method"][..]),
        (
            "settlements",
            &["population_source", "population_method", "location_method"][..],
        ),
        ("facilities", &["source", "location_method"][..]),
        ("ferries", &["source", "minutes_method"][..]),
        ("territories", &["method"][..]),
    ] {
        for (id, props) in layer(&root().join(format!("gis/{layer_name}.geojson"))) {
            for key in needs {
                let v = props.get(*key).and_then(Value::as_str).unwrap_or("");
                assert!(
                    !v.trim().is_empty(),
                    "gis/{layer_name}.geojson {id}: `{key}` is empty"
                );
            }
        }
    }
}

fn strip_island(path: &std::path::Path) -> String {
    let mut fc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for f in fc["features"].as_array_mut().unwrap() {
        f["properties"].as_object_mut().unwrap().remove("island");
    }
    fc.to_string()
}

#[test]
fn point_in_polygon_on_the_real_outlines_puts_every_point_on_its_named_island() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gis");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(
        root().join("gis/islands.geojson"),
        data.join("islands.geojson"),
    )
    .unwrap();
    std::fs::write(
        data.join("settlements.geojson"),
        strip_island(&root().join("gis/settlements.geojson")),
    )
    .unwrap();
    std::fs::write(
        data.join("facilities.geojson"),
        strip_island(&root().join("gis/facilities.geojson")),
    )
    .unwrap();
    std::fs::copy(
        root().join("gis/ferries.geojson"),
        data.join("ferries.geojson"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        format!(
            "dataset = \"gis\"\nrules = \"{}\"\nyear = 2024\n",
            root().join("scenarios/putuo-2024-rules.toml").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");

    let o = isleplan(
        dir.path(),
        &["run", "s.toml", "--out", out.to_str().unwrap(), "-q"],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("rejected"), "{}", stderr(&o));
    for name in ["settlements", "facilities"] {
        let named: BTreeMap<String, _> = layer(&root().join(format!("gis/{name}.geojson")))
            .into_iter()
            .collect();
        let derived = layer(&out.join(format!("{name}.geojson")));
        assert_eq!(
            derived.len(),
            named.len(),
            "{name}: every feature is accepted"
        );
        for (id, props) in derived {
            assert_eq!(
                props["island"], named[&id]["island"],
                "{name} {id} ({})",
                props["island_assignment"]
            );
            let how = props["island_assignment"].as_str().unwrap();
            // The stated snapping tolerance (settings.snap_tolerance_m = 300 m) is
            // recorded on the feature; only piers may need it.
            if how != "contained" {
                assert!(how.starts_with("snapped "), "{id}: {how}");
                assert_eq!(
                    props["kind"], "pier",
                    "{id} is not a pier yet lies off the coast: {how}"
                );
            }
        }
    }
}

#[test]
fn gdal_opens_every_output_layer_of_the_default_run() {
    if !client_available(
        "ogrinfo",
        "gdal_opens_every_output_layer_of_the_default_run",
    ) {
        return;
    }
    let out = run_baseline();
    let mut layers = 0;
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "geojson") {
            let o = std::process::Command::new("ogrinfo")
                .args(["-al", "-so", "-ro"])
                .arg(&path)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(o.status.success(), "{}: {text}", path.display());
            assert!(
                !text.contains("ERROR") && !text.contains("Warning"),
                "{}: {text}",
                path.display()
            );
            assert!(
                text.contains("Feature Count:") && text.contains("EPSG") || text.contains("WGS 84"),
                "{}: {text}",
                path.display()
            );
            layers += 1;
        }
    }
    // The eight standard layers, and closures.geojson and rounds.geojson for the
    // rules file's merge and round rules.
    assert_eq!(layers, 10);
}

/// `summary.json` of a run of `scenario` (relative to the repository).
fn summary_of(scenario: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &["run", scenario, "--out", out.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
        .unwrap()
}

fn rule<'a>(summary: &'a Value, id: &str) -> &'a Value {
    summary["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

/// Regression: the village rule counted villages under 1,000 (of which 二(二)5b asks
/// nothing) as met. Its figures are over the villages the clause applies to.
#[test]
fn village_rule_counts_only_villages_it_asks_something_of() {
    let s = summary_of("scenarios/baseline-2024.toml");
    let r = rule(&s, "health-band-village");
    let settlements = layer(&root().join("gis/settlements.geojson"));
    // Administrative villages (kind village; parts summed by code), ≥ 1000 residents.
    let mut by_code: BTreeMap<String, u64> = BTreeMap::new();
    for (_, p) in &settlements {
        if p["kind"] == "village" {
            *by_code
                .entry(p["village_code"].as_str().unwrap().to_owned())
                .or_default() += p["population"].as_u64().unwrap();
        }
    }
    let required = by_code.values().filter(|&&p| p >= 1000).count() as u64;
    assert_eq!(r["subjects"], by_code.len() as u64);
    assert_eq!(r["required"], required);
    assert_eq!(r["exempt"], by_code.len() as u64 - required);
    assert_eq!(
        r["met"].as_u64().unwrap() + r["gaps"].as_u64().unwrap(),
        required,
        "every required village is met or a gap"
    );
    // Every judged village rests on an estimated population, and says so.
    assert_eq!(r["estimated"], r["subjects"]);
}

/// Regression: 东极村's islands were judged as four villages; it is one village of
/// the code list, over four islands.
#[test]
fn dongji_village_is_one_subject_over_its_islands() {
    let out = run_baseline();
    let settlements = layer(&out.path().join("settlements.geojson"));
    let parts: Vec<&serde_json::Map<String, Value>> = settlements
        .iter()
        .filter(|(_, p)| p["village_code"] == "330903105204")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(parts.len(), 4, "庙子湖, 青浜, 东福山 and 黄兴");
    // One verdict for the village, on every part.
    let verdicts: std::collections::BTreeSet<&str> = parts
        .iter()
        .map(|p| p["health_band_village"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts.len(), 1, "{verdicts:?}");
    // A place outside the code list (大双山's 双山村) is no village.
    let shuangshan = &settlements
        .iter()
        .find(|(id, _)| id == "shuangshan_cun")
        .unwrap()
        .1;
    assert_eq!(shuangshan["kind"], "hamlet");
    assert_eq!(shuangshan.get("health_band_village"), None);
}

/// Regression: consolidation read "2/2 (100 %)" before anyone had moved. The
/// plan's two moves are pending in the baseline and done in plan-2024.
#[test]
fn consolidation_is_pending_before_the_move_and_met_after() {
    let base = summary_of("scenarios/baseline-2024.toml");
    let r = rule(&base, "consolidate-small-islands");
    assert_eq!(r["status"], "not met");
    assert_eq!([&r["required"], &r["pending"], &r["met"]], [2, 2, 0]);
    assert_eq!(r["population_required"], 96);

    let plan = summary_of("scenarios/plan-2024.toml");
    let r = rule(&plan, "consolidate-small-islands");
    assert_eq!(r["status"], "met");
    assert_eq!([&r["required"], &r["pending"], &r["met"]], [2, 0, 2]);
    assert_eq!(r["population_met"], 96);
    for rel in plan["relocations"].as_array().unwrap() {
        assert_eq!(rel["status"], "relocated", "{rel}");
    }
}

/// Regression: rules with no data printed `0/23 (0.0 %)`. Their shares are null.
#[test]
fn rules_without_data_have_no_share_and_say_no_data() {
    let s = summary_of("scenarios/baseline-2024.toml");
    for id in ["elderly-care-15min", "training-30min", "aed-per-100k"] {
        let r = rule(&s, id);
        assert_eq!(r["status"], "no data", "{id}");
        assert_eq!(r["share_required_pct"], Value::Null, "{id}");
        assert_eq!(r["share_population_pct"], Value::Null, "{id}");
    }
}

/// Regression: plan-2024 proposed village clinics on 黄兴岛 and 大双山岛 after their
/// residents had moved (二(二)5e).
#[test]
fn plan_2024_proposes_nothing_on_islands_being_emptied() {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &[
            "run",
            "scenarios/plan-2024.toml",
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let proposed = layer(&out.path().join("proposed.geojson"));
    assert!(!proposed.is_empty());
    for (id, p) in &proposed {
        assert!(
            !matches!(p["island"].as_str(), Some("huangxing" | "dashuangshan")),
            "{id} on {}",
            p["island"]
        );
        // A closure of the merger (二(五)19) newly serves no one: it is the one
        // proposal with no residents covered.
        assert!(
            p["population_covered"].as_u64().unwrap() > 0 || p["rule"] == "liuheng-clinic-merger",
            "{id}"
        );
    }
}

/// One point is not a town: every settlement of the default data has a territory,
/// so no figure rests on a single point, and a travel rule's residents reached are
/// its territories' land shares, not whole towns at 0 minutes.
#[test]
fn travel_figures_rest_on_territories_not_single_points() {
    let s = summary_of("scenarios/baseline-2024.toml");
    assert_eq!(s["totals"]["coarse"]["settlements"], 0);
    let r = rule(&s, "health-15min");
    assert_eq!(r["coarse"]["subjects"], 0);
    let share = r["share_population_pct"].as_f64().unwrap();
    assert!(share > 0.0 && share < 100.0, "{share}");
}
