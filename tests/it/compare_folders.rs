//! `compare OUT_A OUT_B`: two output folders of `run`, compared as they are, give
//! the comparison of the two scenarios; a folder that is not an output folder is
//! refused, named.

use std::path::Path;

use serde_json::Value;

use crate::common::{isleplan, root, stderr};

fn ok(args: &[&str]) {
    let o = isleplan(&root(), args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn comparing_the_run_folders_of_baseline_and_plan_gives_the_scenarios_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |s: &str| tmp.path().join(s).to_str().unwrap().to_owned();
    ok(&[
        "run",
        "--quiet",
        "scenarios/baseline-2024.toml",
        "--out",
        &p("a"),
    ]);
    ok(&[
        "run",
        "--quiet",
        "scenarios/plan-2024.toml",
        "--out",
        &p("b"),
    ]);
    ok(&[
        "compare",
        "--quiet",
        "scenarios/baseline-2024.toml",
        "scenarios/plan-2024.toml",
        "--out",
        &p("by-scenario"),
    ]);
    ok(&[
        "compare",
        "--quiet",
        &p("a"),
        &p("b"),
        "--out",
        &p("by-folder"),
    ]);

    let mut want = json(&tmp.path().join("by-scenario/compare.json"));
    let got = json(&tmp.path().join("by-folder/compare.json"));
    // The one documented difference: a folder holds each family's minutes, not each
    // rule's, so a folder comparison leaves the settlements' minutes null.
    let mut with_minutes = 0;
    for s in want["settlements"].as_array_mut().unwrap() {
        for k in ["minutes_before", "minutes_after"] {
            with_minutes += usize::from(!s[k].is_null());
            s[k] = Value::Null;
        }
    }
    assert!(
        with_minutes > 0,
        "the scenario comparison has minutes to drop"
    );
    assert!(
        !want["facilities"].as_array().unwrap().is_empty(),
        "plan-2024 changes facilities"
    );
    assert!(want["residents_relocated"].as_u64().unwrap() > 0);
    assert_eq!(got, want);

    // The diff layers are written too, styled, in a project of their own.
    for f in [
        "diff_facilities.qml",
        "diff_settlements.qml",
        "isleplan.qgs",
    ] {
        assert!(tmp.path().join("by-folder").join(f).is_file(), "{f}");
    }
    let qgs = std::fs::read_to_string(tmp.path().join("by-folder/isleplan.qgs")).unwrap();
    assert!(qgs.contains("diff_facilities.geojson") && qgs.contains("diff_settlements.geojson"));
    // One feature per change and per row.
    let layer = json(&tmp.path().join("by-folder/diff_facilities.geojson"));
    assert_eq!(
        layer["features"].as_array().unwrap().len(),
        want["facilities"].as_array().unwrap().len()
    );
}

#[test]
fn a_folder_that_is_not_an_output_folder_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("holiday-photos");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("summary.json"), "{\"tool\": \"something else\"}").unwrap();
    let out = tmp.path().join("c");
    let args = |x: &Path, y: &Path| {
        [
            "compare".to_owned(),
            x.display().to_string(),
            y.display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ]
    };

    let run = |x: &Path, y: &Path| {
        let a = args(x, y);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        isleplan(&root(), &a)
    };
    let o = run(&b, &b);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("holiday-photos") && e.contains("not an isleplan output folder"),
        "{e}"
    );

    let o = run(&a, &b);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("summary.json") && e.contains("not an isleplan summary"),
        "{e}"
    );

    // A folder against a scenario file: refused, naming the file.
    let scenario = root().join("scenarios/baseline-2024.toml");
    let o = run(&b, &scenario);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("baseline-2024.toml") && e.contains("is not a folder"),
        "{e}"
    );
    assert!(!out.exists(), "nothing written");
}
