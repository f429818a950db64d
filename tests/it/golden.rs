//! Golden outputs: every file a run writes, byte for byte against a committed copy, so
//! output that is stable but wrong (a changed figure, a lost feature, a style that no
//! longer matches its layer) fails here even though every run agrees with the last.
//!
//! - `tests/data/golden-baseline-2024/expected/`: the default scenario
//!   (`scenarios/baseline-2024.toml`), run as `isleplan run --out DIR -q`;
//! - `tests/data/contract/expected/`: the hand-made contract fixture, run as
//!   `isleplan run tests/data/contract/scenario.toml --out DIR -q`.
//!
//! Both run from the repository root, so the input paths `summary.json` and
//! `report.html` record are relative to it and the same everywhere. Nothing is left
//! out of the comparison: the outputs are byte-identical across runs, output folders
//! and thread counts (`determinism.rs`), and hold no time, host or absolute path.
//! They do hold the crate version and the inputs' SHA-256, so a version bump or an
//! edit to the inputs means regenerating. The GeoPackage (`--format gpkg`) is not a
//! default output and has no golden copy; `gpkg.rs` checks it.
//!
//! When a change to the outputs is intended, regenerate and review the diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test it golden
//! git diff --stat tests/data
//! ```
//!
//! With `UPDATE_GOLDEN=1` the tests rewrite the expected files (and delete stale ones),
//! pass, and say on the terminal which files they rewrote.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use crate::common::{isleplan, root, stderr};

/// How to regenerate, for the failure message.
const REGENERATE: &str = "UPDATE_GOLDEN=1 cargo test --test it golden";

/// Lines of context shown before the first difference, and lines shown from there on.
const BEFORE: usize = 3;
const AFTER: usize = 3;

/// Characters of a long line shown either side of its first difference.
const WINDOW: usize = 100;

#[test]
fn default_scenario_matches_its_golden_outputs() {
    check(&[], "tests/data/golden-baseline-2024/expected");
}

#[test]
fn contract_fixture_matches_its_golden_outputs() {
    check(
        &["tests/data/contract/scenario.toml"],
        "tests/data/contract/expected",
    );
}

/// Runs `isleplan run <scenario> --out TMP -q` from the repository root and compares
/// (or, with `UPDATE_GOLDEN=1`, rewrites) `expected`, a folder relative to the root.
fn check(scenario: &[&str], expected: &str) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["run"];
    args.extend_from_slice(scenario);
    args.extend(["--out", out.path().to_str().unwrap(), "-q"]);
    let o = isleplan(&root(), &args);
    assert!(o.status.success(), "isleplan {args:?}: {}", stderr(&o));

    let expected_dir = root().join(expected);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        update(out.path(), &expected_dir, expected);
    } else {
        compare(out.path(), &expected_dir, expected);
    }
}

/// The names of the files in `dir` (none if it does not exist).
fn names(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn compare(got_dir: &Path, expected_dir: &Path, expected: &str) {
    let got = names(got_dir);
    let want = names(expected_dir);
    assert!(
        !want.is_empty(),
        "no golden outputs in {expected}/: create them with `{REGENERATE}`"
    );
    let mut problems = Vec::new();
    for name in want.difference(&got) {
        problems.push(format!(
            "{expected}/{name}: the run no longer writes this file"
        ));
    }
    for name in got.difference(&want) {
        problems.push(format!(
            "{name}: the run writes this file and {expected}/ has no golden copy"
        ));
    }
    for name in got.intersection(&want) {
        let a = std::fs::read(expected_dir.join(name)).unwrap();
        let b = std::fs::read(got_dir.join(name)).unwrap();
        if a != b {
            problems.push(format!(
                "{expected}/{name} differs from the run's {name}:\n{}",
                first_difference(&a, &b)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "\n{} difference(s) between the run and the golden copies in {expected}/:\n\n{}\n\n\
         If the change is intended, regenerate with `{REGENERATE}` and review the diff \
         (`git diff {expected}`) before committing it.\n",
        problems.len(),
        problems.join("\n\n")
    );
}

/// Where `expected` and `got` first differ, by line, with a few lines of context;
/// long lines (a GeoJSON feature is one line) are cut to a window around the
/// first differing character.
fn first_difference(expected: &[u8], got: &[u8]) -> String {
    let a = String::from_utf8_lossy(expected);
    let b = String::from_utf8_lossy(got);
    let la: Vec<&str> = a.split('\n').collect();
    let lb: Vec<&str> = b.split('\n').collect();
    let i = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let mut s = format!(
        "  first difference at line {} (expected {} lines, {} bytes; got {} lines, {} bytes)\n",
        i + 1,
        la.len(),
        expected.len(),
        lb.len(),
        got.len()
    );
    let (x, y) = (la.get(i).copied(), lb.get(i).copied());
    // The first differing character of the first differing line, for the window.
    let column = match (x, y) {
        (Some(x), Some(y)) => x
            .chars()
            .zip(y.chars())
            .position(|(p, q)| p != q)
            .unwrap_or(x.chars().count().min(y.chars().count())),
        _ => 0,
    };
    if column > 0 {
        s += &format!(
            "  (line {}: first difference at character {})\n",
            i + 1,
            column + 1
        );
    }
    for (n, line) in la.iter().enumerate().take(i).skip(i.saturating_sub(BEFORE)) {
        s += &format!("    {:>6} | {}\n", n + 1, cut(line, column));
    }
    for (n, line) in la.iter().enumerate().skip(i).take(AFTER) {
        s += &format!("  - {:>6} | {}\n", n + 1, cut(line, column));
    }
    if i >= la.len() {
        s += "  - (end of file)\n";
    }
    for (n, line) in lb.iter().enumerate().skip(i).take(AFTER) {
        s += &format!("  + {:>6} | {}\n", n + 1, cut(line, column));
    }
    if i >= lb.len() {
        s += "  + (end of file)\n";
    }
    s
}

/// `line`, or the part of it around character `column` if it is long.
fn cut(line: &str, column: usize) -> String {
    let n = line.chars().count();
    if n <= 2 * WINDOW {
        return line.to_owned();
    }
    let start = column.saturating_sub(WINDOW).min(n - 2 * WINDOW);
    let end = start + 2 * WINDOW;
    let mut s: String = line.chars().skip(start).take(end - start).collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < n {
        s.push('…');
    }
    s
}

/// Makes `expected_dir` hold exactly what the run wrote, and says what changed.
fn update(got_dir: &Path, expected_dir: &Path, expected: &str) {
    std::fs::create_dir_all(expected_dir).unwrap();
    let got = names(got_dir);
    let want = names(expected_dir);
    let mut changed = Vec::new();
    for name in &got {
        let bytes = std::fs::read(got_dir.join(name)).unwrap();
        let target = expected_dir.join(name);
        match std::fs::read(&target) {
            Ok(old) if old == bytes => {}
            Ok(_) => {
                std::fs::write(&target, &bytes).unwrap();
                changed.push(format!("rewrote {expected}/{name}"));
            }
            Err(_) => {
                std::fs::write(&target, &bytes).unwrap();
                changed.push(format!("created {expected}/{name}"));
            }
        }
    }
    for name in want.difference(&got) {
        std::fs::remove_file(expected_dir.join(name)).unwrap();
        changed.push(format!(
            "removed {expected}/{name} (the run no longer writes it)"
        ));
    }
    let message = if changed.is_empty() {
        format!("\nUPDATE_GOLDEN=1: {expected}/ was already up to date\n")
    } else {
        format!(
            "\n*** UPDATE_GOLDEN=1: {} golden file(s) changed; review `git diff {expected}` ***\n  {}\n",
            changed.len(),
            changed.join("\n  ")
        )
    };
    // Straight to the terminal: the test harness captures `eprintln!` of passing
    // tests, and this must be seen.
    let _ = std::io::stderr().write_all(message.as_bytes());
}
