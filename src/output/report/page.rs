//! The page around a report: the HTML shell and its stylesheet (screen and
//! print), the run report's header, and the language helper.

use std::fmt::Write as _;

use crate::output::legend::Lang;
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;

/// Picks the text for `lang`.
pub(super) fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The stylesheet: screen and print (A4).
const CSS: &str = r#"
:root { --ink: #222; --muted: #666; --rule: #ddd; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 2px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: var(--muted); font-size: 12.5px; }
.meta code { font-size: 11.5px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.status { white-space: nowrap; }
.wording { color: var(--muted); font-size: 12px; }
.pos, .closer { color: #1a7f37; font-weight: 600; } .neg, .farther { color: #c62828; font-weight: 600; }
figure { margin: 0; }
svg.map { width: 100%; height: auto; border: 1px solid var(--rule); background: #eef4f8; }
.maps { display: flex; gap: 12px; }
.maps figure { flex: 1 1 0; min-width: 0; }
figcaption { font-weight: 600; margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 6px 0 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 4px; }
.legend svg { width: 16px; height: 16px; }
svg.chart { width: 100%; height: auto; }
.empty { color: var(--muted); font-style: italic; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  table { font-size: 10px; }
  thead { display: table-header-group; }
  th { white-space: nowrap; }
  td:first-child { min-width: 9em; }
  td code { overflow-wrap: normal; word-break: normal; }
  .wording { display: block; min-width: 14em; font-size: 9px; }
  h2 { break-after: avoid; }
  figure, tr, svg.chart { break-inside: avoid; }
  svg.map { background: #fff; max-height: 240mm; }
  .maps { display: block; }
  .maps figure { margin-bottom: 8px; }
}
"#;

/// The whole page: `title`, the stylesheet and `body`.
pub(super) fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"isleplan {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        t(lang, "zh-CN", "en"),
        env!("CARGO_PKG_VERSION"),
        esc(title)
    )
}

/// The run report's header: title, year, inputs, what the data holds.
pub(super) fn header(o: &Outcome, lang: Lang) -> String {
    let w = &o.dataset.world;
    let residents: u64 = w.settlements.iter().map(|s| s.population).sum();
    let d = &o.dataset.diagnostics;
    let mut s = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} <b>{}</b> · {} <code>{}</code> · {} <code>{}</code> · {} <code>{}</code></p>\n<p class=\"meta\">{}</p>\n",
        esc(crate::output::legend::title_in(&o.scenario, lang)),
        t(lang, "年份", "Year"),
        o.scenario.year,
        t(lang, "情景", "Scenario"),
        esc(&o.scenario.path.display().to_string()),
        t(lang, "数据", "Dataset"),
        esc(&o.scenario.dataset.display().to_string()),
        t(lang, "规则", "Rules"),
        esc(&o.scenario.rules.display().to_string()),
        esc(&match lang {
            Lang::Zh => format!(
                "{} 个海岛，{} 个居民点（常住 {} 人），{} 处设施，{} 条航线；剔除 {} 个要素，警告 {} 条。",
                w.islands.len(), w.settlements.len(), residents, w.facilities.len(), w.links.len(), d.rejected.len(), d.warnings.len()
            ),
            Lang::En => format!(
                "{} islands, {} settlements ({} residents), {} facilities, {} ferry links; {} features rejected, {} warnings.",
                w.islands.len(), w.settlements.len(), residents, w.facilities.len(), w.links.len(), d.rejected.len(), d.warnings.len()
            ),
        }),
    );
    if let Some(desc) = &o.scenario.description {
        let _ = writeln!(s, "<p>{}</p>", esc(desc));
    }
    s.push_str("</header>\n");
    s
}
