//! `isleplan progress`: the baseline and the plan's years side by side, one row per
//! rule of the default rules file, as CSV and as a workbook GDAL opens.

use std::process::Command;

use crate::common::{client_available, isleplan, root, stderr};

/// Runs `progress` on the default scenarios into a new folder.
fn run(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["progress", "--out", out.path().to_str().unwrap(), "-q"];
    args.extend(extra);
    let o = isleplan(&root(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// The CSV's records (the byte-order mark stripped).
fn records(dir: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("progress.csv")).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], rule: &str) -> &'a [String] {
    rows.iter().find(|r| r[1] == rule).unwrap()
}

/// Headers in Chinese by default; a row per rule of the rules file (29); the moves
/// of 二(四)11–12 pending in the baseline (not met, 0 of 2) and made in both plan
/// years (met, 2 of 2); the gig markets judged only from 2025 (no target in 2024,
/// 1 of 3 in 2025: the plan-2024 scenario adds 六横's); a family the facts hold
/// nothing of stays "no data" with no figure, never 0 %.
#[test]
fn progress_sheet_shows_each_clause_per_year() {
    let out = run(&[]);
    let rows = records(out.path());

    assert_eq!(rows[0][..3], ["条款", "规则", "原文"]);
    assert_eq!(rows[0][3], "baseline-2024 (2024) 状态");
    assert_eq!(rows[0][8], "plan-2025 (2025) 数值");
    let rules = std::fs::read_to_string(root().join("scenarios/putuo-2024-rules.toml")).unwrap();
    assert_eq!(rows.len() - 1, rules.matches("[[rule]]").count());
    let c = row(&rows, "consolidate-small-islands");
    assert_eq!(c[0], "二(四)11–12");
    assert_eq!(
        c[3..],
        [
            "未达标",
            "0/2 (0.0%)",
            "达标",
            "2/2 (100.0%)",
            "达标",
            "2/2 (100.0%)"
        ]
    );
    let g = row(&rows, "gig-markets");
    assert_eq!(g[5], "当年无目标");
    assert_eq!(g[7..], ["未达标", "1 / 3 (gig_market facilities, 2025)"]);
    let e = row(&rows, "elderly-care-15min");
    assert_eq!(e[3..5], ["无数据", "—"]);
}

/// The same sheet twice is the same bytes (no clock in the workbook), and GDAL's
/// XLSX driver opens the workbook with one row per rule plus the header.
#[test]
fn progress_workbook_is_stable_and_opens_in_gdal() {
    let a = run(&["--lang", "en"]);
    let b = run(&["--lang", "en"]);

    for f in ["progress.csv", "progress.xlsx"] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(records(a.path())[0][0], "clause");
    if !client_available("ogrinfo", "progress_workbook_is_stable_and_opens_in_gdal") {
        return;
    }
    let o = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(a.path().join("progress.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = records(a.path()).len();
    assert!(text.contains(&format!("Feature Count: {rows}")), "{text}");
}
