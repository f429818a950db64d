//! The report's tables, each read from the outcome's typed data — never from the
//! layers as written, so a renamed layer property cannot empty a column: rules and
//! their bands (`o.coverage.rules`), gaps (`o.coverage.gaps`, in the words of
//! [`GapWords`]), relocations (`o.coverage.relocations` and the scenario's moves),
//! proposals (`o.proposals.sites`), facilities and inputs (`o.dataset`). The one
//! exception is the minutes table, which lists the travel-time fields the
//! settlements layer carries. Long tables stop at
//! [`TABLE_ROWS_MAX`](super::TABLE_ROWS_MAX) rows.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::chart::served_per_rule;
use super::page::t;
use super::{capped, fraction_cell, layer, name_by, name_in, num};
use crate::model::Island;
use crate::output::features::{proposal_order, proposal_sites, GapWords, ProposalSite};
use crate::output::geojson::round_to;
use crate::output::layer::Layer;
use crate::output::legend::{family_words, Lang};
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;
use crate::projection::distance_m;
use crate::propose::Proposal;

/// A rule's status in the page's language.
pub(super) fn status_words(status: &str, lang: Lang) -> &'static str {
    match status {
        "met" => t(lang, "达标", "met"),
        "not met" => t(lang, "未达标", "not met"),
        "no data" => t(lang, "无数据", "no data"),
        "no target" => t(lang, "本年无目标", "no target"),
        "not applicable" => t(lang, "不适用", "not applicable"),
        _ => t(lang, "—", "—"),
    }
}

/// The rule table (`o.coverage.rules`), a band table per band rule, and the
/// chart of residents served per rule.
pub(super) fn rules_section(o: &Outcome, lang: Lang) -> String {
    let mut s = format!(
        "<h2>{}</h2>\n<table class=\"rules\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        t(lang, "逐条规则", "Rule by rule"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
        t(lang, "方案原文", "Plan wording"),
        t(lang, "状态", "Status"),
        t(lang, "应达标对象中达标", "Required met"),
        t(lang, "达标人口", "Residents met"),
        t(lang, "豁免", "Exempt"),
        t(lang, "缺口", "Gaps"),
        t(lang, "待迁", "Pending"),
    );
    for r in &o.coverage.rules {
        let english = match lang {
            Lang::En => format!("<br><span>{}</span>", esc(&r.summary_en)),
            Lang::Zh => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td><span class=\"wording\" lang=\"zh-CN\">{}</span>{english}</td><td class=\"status\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.id),
            esc(&r.clause),
            esc(&r.wording_zh),
            status_words(r.status, lang),
            fraction_cell(r.met as u64, r.required as u64, r.share_required_pct),
            fraction_cell(r.population_met, r.population_required, r.share_population_pct),
            r.exempt,
            r.gaps,
            r.pending
        );
    }
    s.push_str("</tbody>\n</table>\n");
    // Bands, where a rule has them.
    for r in o.coverage.rules.iter().filter(|r| !r.bands.is_empty()) {
        let _ = write!(
            s,
            "<h3>{} <code>{}</code></h3>\n<table class=\"bands\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            t(lang, "人口分档：", "Bands of"),
            esc(&r.id),
            t(lang, "人口档", "Band"),
            t(lang, "条款", "Clause"),
            t(lang, "要求", "Requires"),
            t(lang, "对象", "Subjects"),
            t(lang, "豁免", "Exempt"),
            t(lang, "应达标对象中达标", "Required met"),
            t(lang, "达标人口", "Residents met"),
        );
        for b in &r.bands {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&b.band),
                esc(&b.clause),
                esc(&match (b.require.as_str(), lang) {
                    ("none", _) => t(lang, "无", "none").to_owned(),
                    (k, Lang::Zh) => o.policy.name_zh(k).to_owned(),
                    (k, Lang::En) => k.replace('_', " "),
                }),
                b.subjects,
                b.exempt,
                fraction_cell(b.met as u64, b.required as u64, b.share_required_pct),
                fraction_cell(b.population_met, b.population_required, b.share_population_pct),
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str(&served_per_rule(o, lang));
    s
}

/// The gaps (`o.coverage.gaps`), in id order, in the words of the gaps layer
/// ([`GapWords`]).
pub(super) fn gaps_section(o: &Outcome, lang: Lang) -> String {
    let mut s = format!("<h2>{}</h2>\n", t(lang, "未达标清单", "Gaps"));
    let gaps = &o.coverage.gaps;
    if gaps.is_empty() {
        let _ = writeln!(s, "<p class=\"empty\">{}</p>", t(lang, "无。", "None."));
        return s;
    }
    let _ = write!(
        s,
        "<table class=\"gaps\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t(lang, "对象", "Subject"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
        t(lang, "涉及人口", "Residents"),
        t(lang, "原因", "Reason"),
    );
    let words = GapWords::new(o);
    capped(&mut s, gaps, gaps.len(), "gaps.geojson", lang, |s, g| {
        let w = words.text(g);
        let _ = writeln!(
            s,
            "<tr><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(name_by(lang, &w.name_zh, &w.name)),
            esc(&w.subject),
            esc(&o.policy.rules[g.rule].id),
            esc(&w.clause),
            g.population,
            esc(t(lang, &w.reason_zh, &w.reason_en))
        );
    });
    s
}

/// Minutes from each settlement to its nearest facility per service family,
/// where the settlements layer has `<family>_min` fields (travel times).
///
/// The one table read from a layer: its columns are whatever `<family>_min` and
/// `<family>_reach` fields the settlements layer carries, so a layer made
/// elsewhere (with travel times the outcome does not hold) is tabled as written.
pub(super) fn minutes_section(o: &Outcome, layers: &[Layer], lang: Lang) -> String {
    let Some(l) = layer(layers, "settlements") else {
        return String::new();
    };
    let families: Vec<&String> = o
        .policy
        .families
        .keys()
        // A family no settlement has an answer for (no facility of it in the
        // data) would be a column of "no data" only: left out, and named below.
        .filter(|fam| {
            let (min, reach) = (format!("{fam}_min"), format!("{fam}_reach"));
            l.features().iter().any(|f| {
                f["properties"].get(&min).is_some() && f["properties"][&reach] != "no data"
            })
        })
        .collect();
    let without: Vec<String> = o
        .policy
        .families
        .keys()
        .filter(|fam| !families.contains(fam))
        .map(|fam| family_cell(lang, fam))
        .collect();
    if families.is_empty() {
        return String::new();
    }
    let mut s =
        format!(
        "<h2>{}</h2>\n<table class=\"minutes\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th>",
        t(lang, "到最近设施的出行时间（分钟）", "Minutes to the nearest facility"),
        t(lang, "居民点", "Settlement"),
        t(lang, "人口", "Residents"),
    );
    for fam in &families {
        let _ = write!(s, "<th class=\"num\">{}</th>", family_cell(lang, fam));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    capped(
        &mut s,
        l.features(),
        l.len(),
        "settlements.geojson",
        lang,
        |s, f| {
            let p = &f["properties"];
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td>",
                esc(&name_in(f, lang)),
                p["population"].as_u64().unwrap_or(0)
            );
            for fam in &families {
                let cell = match p[format!("{fam}_min")].as_f64() {
                    Some(m) => num(m, 1),
                    None => match p[format!("{fam}_reach")].as_str() {
                        Some("unreachable") => t(lang, "不可达", "unreachable").to_owned(),
                        Some("no data") => t(lang, "无数据", "no data").to_owned(),
                        Some(r) if !r.is_empty() => format!("<code>{}</code>", esc(r)),
                        _ => "—".to_owned(),
                    },
                };
                let _ = write!(s, "<td class=\"num\">{cell}</td>");
            }
            s.push_str("</tr>\n");
        },
    );
    if !without.is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} {}</p>",
            t(
                lang,
                "无数据（数据中没有该类设施）：",
                "No data (no facility of the family in the data):"
            ),
            without.join(", ")
        );
    }
    s
}

/// A family as a table heading: its name in `lang`, or its id as code.
fn family_cell(lang: Lang, fam: &str) -> String {
    family_words(lang, fam).map_or_else(|| format!("<code>{}</code>", esc(fam)), esc)
}

/// How a relocation's destination was chosen, in `lang` (the words of
/// [`crate::coverage`], which are English; a clause in brackets is kept).
fn basis_words(lang: Lang, basis: &str) -> String {
    if lang == Lang::En {
        return esc(basis);
    }
    let known = [
        ("named in the plan", "方案点名"),
        (
            "scenario edit (not named in the plan)",
            "情景编辑（非方案点名）",
        ),
        ("suggested:", "工具建议，非方案所定："),
        ("relocated by scenario edit", "情景编辑迁居"),
        ("no island with a", "无符合条件的目的岛："),
    ];
    for (en, zh) in known {
        if let Some(rest) = basis.strip_prefix(en) {
            let rest = rest.trim();
            return if rest.is_empty() {
                zh.to_owned()
            } else if rest.starts_with('(') {
                format!("{zh}{}", esc(rest))
            } else {
                format!("{zh} <code>{}</code>", esc(rest))
            };
        }
    }
    format!("<code>{}</code>", esc(basis))
}

/// One row of the relocation table: a consolidation rule's relocation, or a
/// scenario edit's move no such rule records.
struct Relocated<'o> {
    from: &'o Island,
    to: Option<&'o Island>,
    residents: u64,
    /// Metres, rounded as the relocations layer states them.
    distance_m: Option<f64>,
    clause: &'o str,
    basis: Cow<'o, str>,
}

/// The relocations (`o.coverage.relocations`) and the scenario edits' moves no
/// consolidation rule records, by island id: the rows of the relocations layer.
fn relocated(o: &Outcome) -> Vec<Relocated<'_>> {
    let world = &o.dataset.world;
    let relocations = &o.coverage.relocations;
    let mut rows: Vec<Relocated> = relocations
        .iter()
        .map(|r| Relocated {
            from: &world.islands[r.from],
            to: r.to.map(|t| &world.islands[t]),
            residents: r.population,
            distance_m: r.distance_m.map(|d| round_to(d, 0)),
            clause: &r.clause,
            basis: Cow::Borrowed(&r.basis),
        })
        .collect();
    for m in o
        .moves
        .iter()
        .filter(|m| !relocations.iter().any(|r| r.from == m.island))
    {
        let from = &world.islands[m.island];
        let dest = &world.settlements[m.to];
        let projection = &o.dataset.projection;
        let d = distance_m(
            projection.forward(from.point),
            projection.forward(dest.point),
        );
        rows.push(Relocated {
            from,
            to: world.island(&dest.island),
            residents: m.residents,
            distance_m: Some(round_to(d, 0)),
            clause: m.clause.as_deref().unwrap_or(""),
            basis: Cow::Owned(format!("relocated by scenario edit ({})", m.origin)),
        });
    }
    rows.sort_by(|a, b| a.from.id.cmp(&b.from.id));
    rows
}

/// One row of the relocation table.
fn relocation_row(s: &mut String, r: &Relocated, lang: Lang) {
    let to = r.to.map_or("", |i| t(lang, &i.name_zh, &i.name));
    let distance = r
        .distance_m
        .filter(|d| d.is_finite())
        .map_or("—".to_owned(), |d| format!("{} km", num(d / 1000.0, 1)));
    let _ = writeln!(
        s,
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{distance}</td><td>{}</td><td>{}</td></tr>",
        esc(name_by(lang, &r.from.name_zh, &r.from.name)),
        esc(if to.is_empty() { "—" } else { to }),
        r.residents,
        esc(r.clause),
        basis_words(lang, &r.basis)
    );
}

/// Who moves where: the relocations and the scenario's moves, by island id.
pub(super) fn relocations_section(o: &Outcome, lang: Lang) -> String {
    let rows = relocated(o);
    if rows.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h2>{}</h2>\n<table class=\"relocations\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t(lang, "迁居", "Relocations"),
        t(lang, "海岛", "Island"),
        t(lang, "迁往", "To"),
        t(lang, "人口", "Residents"),
        t(lang, "距离", "Distance"),
        t(lang, "条款", "Clause"),
        t(lang, "依据", "Basis"),
    );
    capped(
        &mut s,
        &rows,
        rows.len(),
        "relocations.geojson",
        lang,
        |s, r| {
            relocation_row(s, r, lang);
        },
    );
    s
}

/// The proposed facilities (`o.proposals.sites`), in the one order over every
/// rule that the map numbers them by ([`proposal_order`]): where (site and
/// island), what, for which rule, and how many residents it newly covers.
pub(super) fn proposals_section(o: &Outcome, lang: Lang) -> String {
    let mut s = format!(
        "<h2>{}</h2>\n",
        t(lang, "建议新设施", "Proposed facilities")
    );
    let sites = &o.proposals.sites;
    if sites.is_empty() {
        let _ = writeln!(s, "<p class=\"empty\">{}</p>", t(lang, "无。", "None."));
        return s;
    }
    let _ = write!(
        s,
        "<table class=\"proposals\">\n<thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t(lang, "序", "Rank"),
        t(lang, "选址", "Site"),
        t(lang, "海岛", "Island"),
        t(lang, "类型", "Kind"),
        t(lang, "规则（条款）", "Rule (clause)"),
        t(lang, "新增覆盖人口", "Residents newly covered"),
        t(lang, "求解", "Solver"),
    );
    let names = proposal_sites(o);
    let order = proposal_order(o);
    capped(
        &mut s,
        order.iter().enumerate(),
        sites.len(),
        "proposed.geojson",
        lang,
        |s, (place, &k)| proposal_row(s, o, &sites[k], place + 1, &names[k], lang),
    );
    s
}

/// One row of the proposal table.
fn proposal_row(
    s: &mut String,
    o: &Outcome,
    p: &Proposal,
    rank: usize,
    at: &ProposalSite,
    lang: Lang,
) {
    let pick = |zh: &str, en: &str, id: &str| -> String {
        let v = match lang {
            Lang::Zh if !zh.is_empty() => zh,
            _ if !en.is_empty() => en,
            _ => return format!("<code>{}</code>", esc(id)),
        };
        esc(v)
    };
    let kind = match lang {
        Lang::Zh => esc(o.policy.name_zh(&p.kind)),
        Lang::En => esc(&p.kind.replace('_', " ")),
    };
    let solver = match (p.solver_status.as_str(), lang) {
        ("rule placement", Lang::Zh) => "按规则布点".to_owned(),
        ("optimal", Lang::Zh) => "最优".to_owned(),
        (other, Lang::Zh) => format!("<code>{}</code>", esc(other)),
        (other, Lang::En) => esc(other),
    };
    let _ = writeln!(
        s,
        "<tr><td class=\"num\">{rank}</td><td>{}</td><td>{}</td><td>{kind}</td><td><code>{}</code> {}</td><td class=\"num\">{}</td><td>{solver}</td></tr>",
        pick(at.name_zh, at.name, &p.site),
        pick(at.island_zh, at.island, &p.island),
        esc(&p.rule),
        esc(&p.clause),
        p.population_covered,
    );
}

/// Facilities (`o.dataset.world`) per family and kind, by status.
pub(super) fn facilities_section(o: &Outcome, lang: Lang) -> String {
    let mut by_kind: BTreeMap<(String, String), [usize; 3]> = BTreeMap::new();
    let fam_of = |k: &str| {
        o.policy
            .families
            .iter()
            .find(|(_, ks)| ks.iter().any(|x| x == k))
            .map_or(String::new(), |(f, _)| f.clone())
    };
    for f in &o.dataset.world.facilities {
        let e = by_kind
            .entry((fam_of(&f.kind), f.kind.clone()))
            .or_insert([0; 3]);
        match f.status.name() {
            "existing" => e[0] += 1,
            "planned" => e[1] += 1,
            _ => e[2] += 1,
        }
    }
    let mut s = format!(
        "<h2>{}</h2>\n<table class=\"facilities\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        t(lang, "设施", "Facilities"),
        t(lang, "服务类别", "Family"),
        t(lang, "类型", "Kind"),
        t(lang, "现有", "Existing"),
        t(lang, "规划", "Planned"),
        t(lang, "拟撤", "Closing"),
    );
    for ((fam, kind), [e, p, c]) in by_kind {
        let kind_text = match lang {
            Lang::Zh => format!(
                "{} <code>{}</code>",
                esc(o.policy.name_zh(&kind)),
                esc(&kind)
            ),
            Lang::En => format!("<code>{}</code>", esc(&kind)),
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{kind_text}</td><td class=\"num\">{e}</td><td class=\"num\">{p}</td><td class=\"num\">{c}</td></tr>",
            esc(if fam.is_empty() { "—" } else { &fam })
        );
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

/// The inputs with their hashes, and the features the loader rejected.
pub(super) fn inputs_section(o: &Outcome, lang: Lang) -> String {
    let mut s = format!(
        "<h2>{}</h2>\n<p class=\"meta\">",
        t(lang, "输入与可追溯性", "Inputs and provenance")
    );
    for i in &o.dataset.inputs {
        let _ = write!(
            s,
            "<code>{}</code> sha256 <code>{}</code><br>",
            esc(&i.path),
            esc(&i.sha256.chars().take(16).collect::<String>())
        );
    }
    let _ = writeln!(
        s,
        "isleplan {} · {}</p>",
        env!("CARGO_PKG_VERSION"),
        t(
            lang,
            "本页为离线自包含文件，不加载任何外部资源。图层与字段见同目录的 GeoJSON / GeoPackage 与 QGIS 工程。",
            "This page is self-contained and loads nothing. Layers and fields: the GeoJSON / GeoPackage files and the QGIS project beside it."
        )
    );
    let rejected = &o.dataset.diagnostics.rejected;
    if !rejected.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3>\n<ul>\n",
            t(lang, "剔除的要素", "Rejected features")
        );
        for r in rejected.iter().take(50) {
            let _ = writeln!(s, "<li>{}</li>", esc(&r.to_string()));
        }
        s.push_str("</ul>\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(file: &str) -> Outcome {
        let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/contract")
            .join(file);
        crate::pipeline::run(&scenario).expect("the contract fixture runs")
    }

    fn contract() -> Outcome {
        fixture("scenario.toml")
    }

    /// Rows in the body of the table with `class`.
    fn rows(html: &str, class: &str) -> Vec<String> {
        let Some(start) = html.find(&format!("<table class=\"{class}\"")) else {
            return Vec::new();
        };
        let table = &html[start..];
        let table = &table[..table.find("</table>").unwrap()];
        table
            .split("<tr>")
            .skip(2)
            .map(|r| r.trim_end().to_owned())
            .collect()
    }

    #[test]
    fn tables_read_the_outcome_without_any_layer() {
        let o = contract();
        assert!(
            !o.coverage.gaps.is_empty()
                && !o.coverage.relocations.is_empty()
                && !o.proposals.sites.is_empty(),
            "the fixture has gaps, relocations and proposals"
        );

        let html = super::super::run_report(&o, &[], Lang::En);

        assert_eq!(rows(&html, "gaps").len(), o.coverage.gaps.len());
        assert_eq!(rows(&html, "relocations").len(), relocated(&o).len());
        assert_eq!(rows(&html, "proposals").len(), o.proposals.sites.len());
        assert_eq!(rows(&html, "rules").len(), o.coverage.rules.len());
        assert!(
            !html.contains("<table class=\"minutes\""),
            "minutes come from the layer"
        );
    }

    #[test]
    fn a_gap_row_says_what_the_gaps_layer_says() {
        let o = contract();
        let words = GapWords::new(&o);

        for lang in [Lang::En, Lang::Zh] {
            let html = gaps_section(&o, lang);
            let rows = rows(&html, "gaps");
            for (g, row) in o.coverage.gaps.iter().zip(&rows) {
                let w = words.text(g);
                let reason = t(lang, &w.reason_zh, &w.reason_en);
                assert!(
                    row.contains(&format!("<code>{}</code>", esc(&w.subject))),
                    "{row}"
                );
                assert!(row.contains(&esc(reason)), "{row}");
                assert!(
                    row.contains(&format!("<td class=\"num\">{}</td>", g.population)),
                    "{row}"
                );
            }
        }
    }

    #[test]
    fn proposals_are_listed_best_ranked_first() {
        let o = contract();

        let html = proposals_section(&o, Lang::En);

        let ranks: Vec<usize> = rows(&html, "proposals")
            .iter()
            .map(|r| {
                let cell = &r["<td class=\"num\">".len()..];
                cell[..cell.find('<').unwrap()].parse().unwrap()
            })
            .collect();
        let mut sorted = ranks.clone();
        sorted.sort_unstable();
        assert_eq!(ranks, sorted);
        assert_eq!(ranks.len(), o.proposals.sites.len());
    }

    #[test]
    fn relocation_rows_match_the_relocations_layer() {
        let o = fixture("moved.toml");
        // Also the moves no consolidation rule records (none in the fixture's rules).
        let mut no_rule = o.clone();
        no_rule.coverage.relocations.clear();
        assert!(!o.moves.is_empty());

        for o in [&o, &no_rule] {
            let mut text = Vec::new();
            let layer = crate::output::features::LayerWriter::new(o)
                .write("relocations", &mut text)
                .unwrap();
            let rows = relocated(o);

            assert!(!rows.is_empty());
            assert_eq!(rows.len(), layer.len());
            for (r, f) in rows.iter().zip(layer.features()) {
                let p = &f["properties"];
                assert_eq!(p["island"], r.from.id.0.as_str());
                assert_eq!(p["residents"], r.residents);
                assert_eq!(p["distance_m"].as_f64(), r.distance_m);
                assert_eq!(p["clause"].as_str().unwrap_or(""), r.clause);
                assert_eq!(p["basis"], &*r.basis);
                assert_eq!(p["to_name"].as_str(), r.to.map(|t| t.name.as_str()));
            }
        }
    }
}
