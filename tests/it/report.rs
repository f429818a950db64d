//! `report.html`: self-contained, and as headless Chromium renders it — the map
//! (SVG with island shapes) and the tables are there, and the page is not blank.

use std::path::{Path, PathBuf};
use std::process::Command;

use isleplan::output::legend::Lang;
use isleplan::output::Format;

use crate::common::{client_available, fixture, isleplan, root, stderr};
use crate::synthetic::run_with_extras;

/// Distinct RGB colours in a PNG (a blank page has one or two).
pub fn distinct_colours(png_path: &Path) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let mut seen = std::collections::BTreeSet::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        seen.insert((px[0], px.get(1).copied(), px.get(2).copied()));
        if seen.len() > 5000 {
            break;
        }
    }
    seen.len()
}

/// Headless Chromium with the flags this machine needs (ECOSYSTEM.md).
fn chromium(args: &[&str], page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium failed: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn screenshot(page: &Path, png: &Path) {
    chromium(
        &[
            "--window-size=1200,1800",
            &format!("--screenshot={}", png.display()),
        ],
        page,
    );
    assert!(png.exists(), "no screenshot of {}", page.display());
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Rows in the body of the table with `class`.
fn rows(dom: &str, class: &str) -> usize {
    let start = dom
        .find(&format!("<table class=\"{class}\""))
        .unwrap_or_else(|| panic!("no table.{class}"));
    let body = &dom[start..];
    let body = &body[..body.find("</table>").unwrap()];
    count(body, "<tr>") - 1
}

fn run_default(args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut all = vec!["run", "--out", out.path().to_str().unwrap(), "-q"];
    all.extend_from_slice(args);
    let o = isleplan(&root(), &all);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn compare_default() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = isleplan(
        &root(),
        &[
            "compare",
            "scenarios/baseline-2024.toml",
            "scenarios/plan-2024.toml",
            "--out",
            out.path().to_str().unwrap(),
            "-q",
            "--lang",
            "en",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn report(dir: &Path) -> PathBuf {
    dir.join("report.html")
}

#[test]
fn reports_load_nothing_from_outside() {
    let zh = run_default(&[]);
    let en = run_default(&["--lang", "en"]);
    let cmp = compare_default();

    for page in [report(zh.path()), report(en.path()), report(cmp.path())] {
        let html = std::fs::read_to_string(&page).unwrap();
        for banned in [
            "<script",
            "<link",
            "<img",
            "<iframe",
            "@import",
            "@font-face",
            " src=",
            "href=",
        ] {
            assert!(
                !html.contains(banned),
                "{}: contains {banned}",
                page.display()
            );
        }
        let urls = html.matches("http").count();
        let svg_ns = html.matches("http://www.w3.org/2000/svg").count();
        assert_eq!(
            urls,
            svg_ns,
            "{}: a URL other than the SVG namespace",
            page.display()
        );
        assert_eq!(
            html.matches("url(").count(),
            html.matches("url(#").count(),
            "{}",
            page.display()
        );
        assert!(html.contains("@media print"), "a print stylesheet");
    }
}

#[test]
fn report_speaks_the_language_asked_for() {
    let zh = std::fs::read_to_string(report(run_default(&[]).path())).unwrap();
    let en = std::fs::read_to_string(report(run_default(&["--lang", "en"]).path())).unwrap();

    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("逐条规则"));
    assert!(en.contains("<html lang=\"en\">") && en.contains("Rule by rule"));
    // The plan's wording is quoted in Chinese in both.
    assert!(en.contains("15分钟公共服务圈") && zh.contains("15分钟公共服务圈"));
}

#[test]
fn chromium_renders_the_default_report_with_map_and_tables() {
    if !client_available(
        "chromium",
        "chromium_renders_the_default_report_with_map_and_tables",
    ) {
        return;
    }
    let out = run_default(&[]);
    let page = report(out.path());

    let dom = chromium(&["--dump-dom"], &page);
    // What the page must show, from the run's own outputs.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let n_rules = summary["rules"].as_array().unwrap().len();
    let n_gaps = summary["totals"]["gaps"].as_u64().unwrap() as usize;
    assert!(
        n_rules >= 3 && n_gaps >= 8,
        "{n_rules} rules, {n_gaps} gaps"
    );

    assert_eq!(count(&dom, "<svg class=\"map\""), 1);
    let totals = &summary["totals"];
    let n = |k: &str| totals[k].as_u64().unwrap() as usize;
    // The default data carries every island's outline: drawn as shapes, not circles.
    assert_eq!(count(&dom, "<path class=\"island\""), n("islands"));
    assert_eq!(count(&dom, "<circle class=\"island\""), 0);
    assert_eq!(count(&dom, "<circle class=\"settlement "), n("settlements"));
    assert_eq!(count(&dom, "<rect class=\"facility\""), n("facilities"));
    assert_eq!(count(&dom, "<circle class=\"gap\""), n_gaps);
    assert_eq!(count(&dom, "<path class=\"relocation\""), 2);
    assert_eq!(rows(&dom, "rules"), n_rules);
    assert_eq!(rows(&dom, "gaps"), n_gaps);
    assert_eq!(rows(&dom, "relocations"), 2);
    assert!(count(&dom, "class=\"bar\"") >= 3, "one bar per rule");
    let png = out.path().join("report.png");
    screenshot(&page, &png);
    assert!(std::fs::metadata(&png).unwrap().len() > 20_000);
    assert!(distinct_colours(&png) > 50, "the page looks blank");
}

#[test]
fn chromium_renders_island_outlines_service_areas_and_proposals() {
    if !client_available(
        "chromium",
        "chromium_renders_island_outlines_service_areas_and_proposals",
    ) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    run_with_extras(
        &fixture("pip").join("scenario.toml"),
        out.path(),
        Format::Geojson,
        Lang::En,
    );
    let page = report(out.path());

    let dom = chromium(&["--dump-dom"], &page);

    assert_eq!(
        count(&dom, "<path class=\"island\""),
        2,
        "outlines are drawn as shapes"
    );
    assert_eq!(count(&dom, "<path class=\"service-area\""), 6);
    assert!(count(&dom, "<path class=\"proposed\"") >= 1);
    assert_eq!(
        count(&dom, "<circle class=\"relocation\""),
        1,
        "a relocation without destination"
    );
    assert!(rows(&dom, "proposals") >= 1);
    assert_eq!(
        rows(&dom, "minutes"),
        2,
        "minutes per family, one row per settlement"
    );
    assert!(dom.contains("unreachable") && dom.contains(">12.5<"));
    assert!(
        dom.contains("with proposals"),
        "the chart shows residents served after proposals"
    );
    let png = out.path().join("report.png");
    screenshot(&page, &png);
    assert!(distinct_colours(&png) > 50, "the page looks blank");
}

#[test]
fn chromium_renders_the_compare_report_side_by_side() {
    if !client_available(
        "chromium",
        "chromium_renders_the_compare_report_side_by_side",
    ) {
        return;
    }
    let out = compare_default();
    let page = report(out.path());

    let dom = chromium(&["--dump-dom"], &page);

    assert_eq!(count(&dom, "<svg class=\"map\""), 2, "A and B maps");
    assert!(dom.contains("id=\"map-a\"") && dom.contains("id=\"map-b\""));
    let compare: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("compare.json")).unwrap())
            .unwrap();
    assert_eq!(
        rows(&dom, "rules"),
        compare["rules"].as_array().unwrap().len()
    );
    assert_eq!(rows(&dom, "facility-changes"), 5);
    assert!(count(&dom, "<circle class=\"highlight\"") >= 5);
    let png = out.path().join("report.png");
    screenshot(&page, &png);
    assert!(distinct_colours(&png) > 50, "the page looks blank");
}

/// The text of `dom` a reader sees outside `code` elements (and the style
/// sheet), tags dropped.
fn prose(dom: &str) -> String {
    let mut s = dom.to_owned();
    for (open, close) in [("<style", "</style>"), ("<code>", "</code>")] {
        while let Some(a) = s.find(open) {
            let b = s[a..].find(close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    let mut text = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether `word` occurs in `text` as a whole identifier (not inside a longer
/// one such as a facility id: `baisha_health_centre` holds no `health_centre`).
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

fn summary_of(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

// See: #14. The rule table had no status column, "no data" rules drew 0 % bars,
// and the zh page kept rule ids, kinds and "no data" in English.
#[test]
fn chromium_reports_give_status_no_bar_for_no_data_and_one_language() {
    if !client_available(
        "chromium",
        "chromium_reports_give_status_no_bar_for_no_data_and_one_language",
    ) {
        return;
    }
    let zh = run_default(&[]);
    let en = run_default(&["--lang", "en"]);
    let summary = summary_of(zh.path());
    let rules = summary["rules"].as_array().unwrap();
    let no_data: Vec<&serde_json::Value> =
        rules.iter().filter(|r| r["status"] == "no data").collect();
    assert!(
        no_data.len() >= 3,
        "the default data lacks several families"
    );
    let kinds: Vec<String> = {
        let f: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(zh.path().join("facilities.geojson")).unwrap(),
        )
        .unwrap();
        f["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["kind"].as_str().unwrap().to_owned())
            .collect()
    };

    let dom_zh = chromium(&["--dump-dom"], &report(zh.path()));
    let dom_en = chromium(&["--dump-dom"], &report(en.path()));

    // The status column, on the summary's contract.
    for (dom, no_data_word) in [(&dom_zh, "无数据"), (&dom_en, "no data")] {
        let cells = dom.matches("<td class=\"status\">").count();
        assert_eq!(cells, rules.len(), "one status cell per rule");
        let said = dom
            .matches(&format!("<td class=\"status\">{no_data_word}</td>"))
            .count();
        assert_eq!(said, no_data.len());
    }
    // No bar for a rule with no answer: its label is not in the chart.
    let chart = &dom_en[dom_en.find("<svg class=\"chart\"").expect("a chart")..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    for r in rules {
        let label = format!(
            "{} {}",
            r["id"].as_str().unwrap(),
            r["clause"].as_str().unwrap()
        );
        let drawn = chart.contains(&label);
        assert_eq!(
            drawn,
            r["share_population_pct"].is_number(),
            "{label}: {chart}"
        );
    }
    // zh: no English rule id, kind or contract word outside code.
    let text = prose(&dom_zh);
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(!has_word(&text, id), "zh page says `{id}` outside code");
    }
    for k in &kinds {
        assert!(!has_word(&text, k), "zh page says kind `{k}` outside code");
    }
    for w in ["no data", "unreachable", "named in the plan", "not met"] {
        assert!(!text.contains(w), "zh page says `{w}`");
    }
    // en: no Chinese outside the plan's wording (its clauses, wording and the
    // rules file's summaries, which quote place names) and code.
    let mut text = dom_en.clone();
    for r in rules {
        for k in ["wording_zh", "summary_en", "clause"] {
            text = text.replace(r[k].as_str().unwrap(), " ");
        }
    }
    let text = prose(&text);
    let clause = |c: char| "一二三四五六七八九十()（）".contains(c);
    let chinese: Vec<String> = text
        .split(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c) && !clause(c))
        .filter(|w| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        // A clause of a band or a gap (二(二)5c): the plan's numbering.
        .filter(|w| !w.chars().all(clause))
        .map(str::to_owned)
        .collect();
    assert!(chinese.is_empty(), "Chinese on the en page: {chinese:?}");
}
