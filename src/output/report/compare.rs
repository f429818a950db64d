//! The parts of the A/B comparison page: its header, the A and B maps on one
//! frame with the changed facilities ringed, the rule table with A, B and Δ, the
//! chart of residents served in A and B, and the facility and settlement changes
//! — all from the [`Comparison`] and the two outcomes, the maps from their layers.

use std::fmt::Write as _;

use super::chart::{bar_chart, BarRow};
use super::grid::aggregate_note;
use super::map::{map_legend, map_svg, Frame, Highlight};
use super::page::t;
use super::tables::status_words;
use super::{capped, fraction_cell, num};
use crate::compare::{Comparison, FacilityDiff, SettlementDiff, Side};
use crate::output::layer::bounds;
use crate::output::layer::Layer;
use crate::output::layer::DETAIL_MAX_FEATURES;
use crate::output::legend::Lang;
use crate::output::legend::Legend;
use crate::output::legend::Rgba;
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;

/// The page's header: the two scenarios compared.
pub(super) fn header(c: &Comparison, a: &Outcome, b: &Outcome, lang: Lang) -> String {
    format!(
        "<header>\n<h1>{} → {}</h1>\n<p class=\"meta\">A: <b>{}</b> ({}) · B: <b>{}</b> ({})</p>\n</header>\n",
        esc(&c.a),
        esc(&c.b),
        esc(crate::output::legend::title_in(&a.scenario, lang)),
        a.scenario.year,
        esc(crate::output::legend::title_in(&b.scenario, lang)),
        b.scenario.year
    )
}

/// A and B's maps side by side on one frame (so places line up), the facilities
/// that changed ringed on each, with one legend and note under both.
pub(super) fn maps(
    (a, layers_a): (&Outcome, &[Layer]),
    (b, layers_b): (&Outcome, &[Layer]),
    c: &Comparison,
    legend: &Legend,
) -> String {
    let lang = legend.lang;
    let mut out = String::new();
    let all: Vec<Layer> = layers_a.iter().chain(layers_b).cloned().collect();
    let _ = writeln!(out, "<h2>{}</h2>", t(lang, "地图对比", "Maps side by side"));
    if let Some(bx) = bounds(&all) {
        let frame = Frame::new(bx, 700.0);
        let removed = Rgba::hex(0xd7191c);
        let added = Rgba::hex(0x1a9641);
        let mut hl_a = Vec::new();
        let mut hl_b = Vec::new();
        for f in c.facilities.iter().take(DETAIL_MAX_FEATURES) {
            let text = format!("{} {} · {}", f.name_zh, f.id, f.change);
            if let (Some(at), true) = (f.before, f.change != "added") {
                hl_a.push(Highlight {
                    at,
                    colour: removed,
                    text: text.clone(),
                });
            }
            if let Some(at) = f.after {
                hl_b.push(Highlight {
                    at,
                    colour: added,
                    text,
                });
            }
        }
        let _ = write!(
            out,
            "<div class=\"maps\">\n<figure><figcaption>A · {}</figcaption>\n{}</figure>\n<figure><figcaption>B · {}</figcaption>\n{}</figure>\n</div>\n{}",
            esc(crate::output::legend::title_in(&a.scenario, lang)),
            map_svg(layers_a, &frame, legend, "map-a", &hl_a),
            esc(crate::output::legend::title_in(&b.scenario, lang)),
            map_svg(layers_b, &frame, legend, "map-b", &hl_b),
            map_legend(&all, legend)
        );
        out.push_str(&aggregate_note(&all, &frame, lang));
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}</p>",
            t(lang, "虚线圈：A 图中为撤除、关闭、迁出或调整前的设施，B 图中为新增、迁入或调整后的设施。", "Dashed rings: on A, facilities removed, closed, moved away or changed; on B, facilities added, moved in or changed.")
        );
    }
    out
}

/// A side's "met" and "residents met" cells, or dashes where the side has no
/// such rule.
fn side_cells(s: Option<Side>) -> (String, String) {
    match s {
        None => ("—".into(), "—".into()),
        Some(s) => (
            fraction_cell(s.met as u64, s.required as u64, s.share_required_pct),
            fraction_cell(
                s.population_met,
                s.population_required,
                s.share_population_pct,
            ),
        ),
    }
}

/// Whether B is closer to what the plan asks than A, by the shares (percent
/// of the required subjects or residents meeting the rule) and the status: a
/// rule now met, or a higher share, is closer; a rule no longer met, or a lower
/// share, farther. Not by the sign of the count: 98 → 96 required with the same
/// 62 met is closer, and 52 residents leaving a village for a community lower
/// the village count without the plan being farther if the share holds.
fn towards_plan(a: Option<Side>, b: Option<Side>, share: fn(&Side) -> Option<f64>) -> &'static str {
    let status = |s: Option<Side>| s.map(|s| s.status);
    match (status(a), status(b)) {
        (Some(x), Some("met")) if x != "met" => return "closer",
        (Some("met"), Some(y)) if y != "met" => return "farther",
        _ => {}
    }
    match (a.as_ref().and_then(share), b.as_ref().and_then(share)) {
        // Shares are to 0.1 %: a change below that is no change.
        (Some(x), Some(y)) if y > x + 0.05 => "closer",
        (Some(x), Some(y)) if y < x - 0.05 => "farther",
        _ => "",
    }
}

/// A change with its sign, coloured by [`towards_plan`] (`closer` green,
/// `farther` red), with a tooltip saying which.
fn signed(v: i64, towards: &str, lang: Lang) -> String {
    let tip = match towards {
        "closer" => t(lang, "更接近方案要求", "closer to the plan"),
        "farther" => t(lang, "离方案要求更远", "farther from the plan"),
        _ => t(lang, "达标比例不变", "share unchanged"),
    };
    format!("<span class=\"{towards}\" title=\"{tip}\">{v:+}</span>")
}

/// The rule table — met and residents met in A and B, and the change — with
/// the plan's wording, and the chart of residents served per rule in A and B.
pub(super) fn rules(c: &Comparison, a: &Outcome, b: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<h2>{}</h2>\n<table class=\"rules\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"status\">{}</th><th class=\"num\">{} A</th><th class=\"num\">{} B</th><th class=\"num\">Δ</th><th class=\"num\">{} A</th><th class=\"num\">{} B</th><th class=\"num\">Δ</th></tr></thead>\n<tbody>\n",
        t(lang, "逐条规则", "Rule by rule"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
        t(lang, "状态 A → B", "Status A → B"),
        t(lang, "达标对象", "Met"),
        t(lang, "达标对象", "Met"),
        t(lang, "达标人口", "Residents met"),
        t(lang, "达标人口", "Residents met"),
    );
    for r in &c.rules {
        let (ma, pa) = side_cells(r.a);
        let (mb, pb) = side_cells(r.b);
        let wording = b
            .policy
            .rules
            .iter()
            .chain(&a.policy.rules)
            .find(|x| x.id == r.rule)
            .map_or(String::new(), |x| {
                format!(
                    "<br><span class=\"wording\" lang=\"zh-CN\">{}</span>",
                    esc(&x.wording_zh)
                )
            });
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code>{wording}</td><td>{}</td><td class=\"status\">{} → {}</td><td class=\"num\">{ma}</td><td class=\"num\">{mb}</td><td class=\"num\">{}</td><td class=\"num\">{pa}</td><td class=\"num\">{pb}</td><td class=\"num\">{}</td></tr>",
            esc(&r.rule),
            esc(&r.clause),
            status_words(r.a.map_or("", |s| s.status), lang),
            status_words(r.b.map_or("", |s| s.status), lang),
            signed(
                r.delta_met,
                towards_plan(r.a, r.b, |s| s.share_required_pct),
                lang
            ),
            signed(
                r.delta_population_met,
                towards_plan(r.a, r.b, |s| s.share_population_pct),
                lang
            )
        );
    }
    out.push_str("</tbody>\n</table>\n");
    // A side with no answer draws no bar (never a 0 % bar for "no data").
    let rows: Vec<BarRow> = c
        .rules
        .iter()
        .filter(|r| {
            r.a.and_then(|s| s.share_population_pct).is_some()
                || r.b.and_then(|s| s.share_population_pct).is_some()
        })
        .map(|r| {
            let share = |s: Option<Side>| s.and_then(|s| s.share_population_pct).unwrap_or(0.0);
            (
                match lang {
                    // Rule ids are English: the zh chart names the clause.
                    Lang::Zh => r.clause.clone(),
                    Lang::En => format!("{} {}", r.rule, r.clause),
                },
                vec![
                    (share(r.a), Rgba::hex(0x9e9e9e), "A".to_owned()),
                    (share(r.b), Rgba::hex(0x1a9641), "B".to_owned()),
                ],
            )
        })
        .collect();
    let _ = write!(
        out,
        "<h3>{}</h3>\n{}",
        t(
            lang,
            "各规则达标人口占比（A 与 B）",
            "Share of residents served per rule, A and B"
        ),
        bar_chart(
            &rows,
            t(
                lang,
                "各规则达标人口占比",
                "Share of residents served per rule"
            )
        )
    );
    out
}

/// The value, or "—" when there is none.
fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

/// One row of the facility changes, its words and kinds in `lang`.
fn facility_row(out: &mut String, f: &FacilityDiff, b: &Outcome, lang: Lang) {
    let kind = |k: &Option<String>| match (k, lang) {
        (None, _) => "—".to_owned(),
        (Some(k), Lang::Zh) => esc(b.policy.name_zh(k)),
        (Some(k), Lang::En) => esc(&k.replace('_', " ")),
    };
    let words = |w: &Option<String>| {
        let w = or_dash(w);
        esc(match lang {
            Lang::En => w,
            Lang::Zh => change_words_zh(w),
        })
    };
    let _ = writeln!(
        out,
        "<tr><td>{} <code>{}</code></td><td>{}</td><td>{} → {}</td><td>{} → {}</td><td class=\"num\">{}</td></tr>",
        esc(&f.name_zh),
        esc(&f.id),
        words(&Some(f.change.clone())),
        kind(&f.kind_before),
        kind(&f.kind_after),
        words(&f.status_before),
        words(&f.status_after),
        f.moved_m.map_or("—".to_owned(), |m| format!("{} km", num(m / 1000.0, 1)))
    );
}

/// A facility change or status in Chinese (the word itself when unknown).
fn change_words_zh(w: &str) -> &str {
    match w {
        "added" => "新增",
        "removed" => "撤除",
        "closed" => "关闭",
        "reopened" => "重开",
        "moved" => "迁址",
        "changed" => "调整",
        "existing" => "现有",
        "planned" => "规划",
        "closing" => "关闭",
        other => other,
    }
}

/// The facilities that were added, removed, closed, moved or changed.
pub(super) fn facility_changes(c: &Comparison, b: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<h2>{}</h2>", t(lang, "设施变化", "Facility changes"));
    if c.facilities.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">{}</p>",
            t(lang, "无变化。", "No change.")
        );
    } else {
        let _ = write!(
            out,
            "<table class=\"facility-changes\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            t(lang, "设施", "Facility"),
            t(lang, "变化", "Change"),
            t(lang, "类型 A → B", "Kind A → B"),
            t(lang, "状态 A → B", "Status A → B"),
            t(lang, "迁移距离", "Moved"),
        );
        let total = c.facilities.len();
        capped(
            &mut out,
            &c.facilities,
            total,
            "diff_facilities.geojson",
            lang,
            |out, f| facility_row(out, f, b, lang),
        );
    }
    out
}

/// New facilities by kind, residents relocated, and settlement × rule pairs
/// gained and lost, in one sentence.
pub(super) fn totals(c: &Comparison, b: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    let new: Vec<String> = c
        .new_facilities_by_kind
        .iter()
        .map(|(k, n)| {
            format!(
                "{n} × {}",
                match lang {
                    Lang::Zh => format!("{} ({k})", b.policy.name_zh(k)),
                    Lang::En => k.clone(),
                }
            )
        })
        .collect();
    let gained = c
        .settlements
        .iter()
        .filter(|s| s.change == "gained")
        .count();
    let lost = c.settlements.iter().filter(|s| s.change == "lost").count();
    let _ = writeln!(
        out,
        "<p>{} {}. {} {}. {} {gained}, {} {lost}.</p>",
        t(lang, "新增设施：", "New facilities:"),
        esc(&if new.is_empty() {
            t(lang, "无", "none").to_owned()
        } else {
            new.join(", ")
        }),
        t(lang, "迁居人口：", "Residents relocated:"),
        c.residents_relocated,
        t(lang, "居民点×规则 新达标", "Settlement × rule gained"),
        t(lang, "不再达标", "lost"),
    );
    out
}

/// One row of the settlement changes.
fn settlement_row(out: &mut String, s: &SettlementDiff) {
    let _ = writeln!(
        out,
        "<tr><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(&s.name_zh),
        esc(&s.settlement),
        esc(&s.rule),
        esc(or_dash(&s.before)),
        esc(or_dash(&s.after)),
        esc(&s.change)
    );
}

/// The settlement × rule pairs whose status changed.
pub(super) fn settlement_changes(c: &Comparison, lang: Lang) -> String {
    let mut out = String::new();
    let changed: Vec<_> = c
        .settlements
        .iter()
        .filter(|s| s.change != "unchanged")
        .collect();
    if !changed.is_empty() {
        let _ = write!(
            out,
            "<table class=\"settlement-changes\">\n<thead><tr><th>{}</th><th>{}</th><th>A</th><th>B</th><th>{}</th></tr></thead>\n<tbody>\n",
            t(lang, "居民点", "Settlement"),
            t(lang, "规则", "Rule"),
            t(lang, "变化", "Change"),
        );
        let total = changed.len();
        capped(
            &mut out,
            changed,
            total,
            "diff_settlements.geojson",
            lang,
            settlement_row,
        );
    }
    out
}
