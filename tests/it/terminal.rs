//! The command line around the GIS outputs: help with examples, quiet and
//! colourless stderr when it is not a terminal or `NO_COLOR` is set, `--json`.

use std::process::Command;

use crate::common::{isleplan, root, stderr};

#[test]
fn help_shows_examples_and_the_output_flags() {
    let top = isleplan(&root(), &["--help"]);
    let run = isleplan(&root(), &["run", "--help"]);

    let top = String::from_utf8_lossy(&top.stdout).into_owned();
    let run = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        top.contains("Examples:") && top.contains("--format gpkg"),
        "{top}"
    );
    assert!(
        run.contains("--format <FORMAT>") && run.contains("geojson") && run.contains("gpkg"),
        "{run}"
    );
    assert!(
        run.contains("--lang <LANG>") && run.contains("[default: zh]"),
        "{run}"
    );
    assert!(run.contains("Examples:"), "{run}");
}

#[test]
fn stderr_has_no_colour_codes_when_not_a_terminal_or_with_no_color() {
    let plain = isleplan(&root(), &["run", "does-not-exist.toml"]);
    let no_color = Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["run", "does-not-exist.toml"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();

    for o in [plain, no_color] {
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2));
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains('\u{1b}'), "colour codes: {err:?}");
    }
}

#[test]
fn a_run_shows_no_progress_when_stderr_is_not_a_terminal() {
    let out = tempfile::tempdir().unwrap();

    let o = isleplan(&root(), &["run", "--out", out.path().to_str().unwrap()]);

    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(
        err.trim_end()
            .ends_with(&format!("to {}", out.path().display())),
        "{err}"
    );
}

#[test]
fn json_prints_the_summary_on_stdout_and_writes_the_gis_files() {
    let out = tempfile::tempdir().unwrap();

    let o = isleplan(
        &root(),
        &["run", "--json", "-q", "--out", out.path().to_str().unwrap()],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tool"], "isleplan");
    for f in ["isleplan.qgs", "report.html", "settlements.qml", "gaps.qml"] {
        assert!(out.path().join(f).exists(), "{f}");
    }
}
