//! `report.html`: one self-contained page a reviewer opens or prints.
//!
//! An inline SVG map (islands — outlines when known, else circles by residents —
//! service areas, relocation arrows, facilities, settlements by status, gaps and
//! proposals), the rule-by-rule tables with clause and the plan's wording, bar
//! charts of residents served per rule, the gap, relocation and proposal lists,
//! and minutes to the nearest facility per family where settlements carry
//! `<family>_min` fields; for `compare`, the A and B maps side by side with the rule and facility
//! changes. Chinese or English ([`Lang`](crate::output::legend::Lang)).
//!
//! The page loads nothing: no scripts, no web fonts, no images, no links to
//! other files; fonts come from the reader's system (a CJK font stack first).
//! The map draws the GeoJSON layers as written, so a layer added elsewhere
//! (`service_areas`, `proposed`) appears once it is in the output, and an absent
//! one is skipped. The tables are read from the outcome's typed data (rules,
//! gaps, relocations, proposals, facilities, inputs), so they say what the run
//! found whatever the layers' property names; only the minutes table lists what
//! the settlements layer carries. The same inputs give the same bytes: no dates,
//! no random ids.
//!
//! One concept per file: `page` (the HTML page, its CSS, the header, the
//! language helper), `map` (the SVG map and its legend), `grid` (a large layer
//! aggregated on a grid), `tables` (the run report's tables), `chart` (the bar
//! chart), `compare` (the A/B page's parts); this module holds the two entry
//! points and what they share.
//!
//! # Bounded at any scale
//! The page is built from the outcome and from what was collected while the
//! layers were written ([`Layer`](crate::output::layer::Layer): counts, bounds, the first features, compact
//! points), never from the layer files. A layer of at most
//! [`DETAIL_MAX_FEATURES`](crate::output::layer::DETAIL_MAX_FEATURES) features (and
//! [`DETAIL_MAX_POSITIONS`](crate::output::layer::DETAIL_MAX_POSITIONS) vertices)
//! is drawn feature by feature, exactly as always; a larger one is aggregated
//! on a grid of [`AGGREGATE_COLUMNS`](crate::output::report::AGGREGATE_COLUMNS) square cells: settlements as cells
//! coloured by the share with a gap, gaps, proposals and facilities as markers
//! whose area is proportional to their count per cell, each cell's counts in its
//! tooltip, and the page says which layers are aggregated and why. Large outline
//! layers (islands, service areas) and relocations are left out of the map. Tables
//! list at most [`TABLE_ROWS_MAX`](crate::output::report::TABLE_ROWS_MAX) rows, then say how many more there are.

use std::fmt::Write as _;

use serde_json::Value;

use crate::compare::Comparison;
use crate::output::layer::bounds;
use crate::output::layer::Layer;
use crate::output::legend::Lang;
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;

mod chart;
mod compare;
mod grid;
mod map;
mod page;
mod tables;

use grid::aggregate_note;
use map::{map_legend, map_svg, Frame};
use page::{header, page, t};

/// Rows a table lists before it ends with "and N more" (the full lists are in
/// the layers).
pub const TABLE_ROWS_MAX: usize = 1_000;

/// Columns of the grid a map aggregates large layers on (cells are square).
pub const AGGREGATE_COLUMNS: usize = 48;

/// The report of one run: `layers` are the run's GeoJSON layers as written, for
/// the map (and the minutes table); the other tables read `o`.
pub fn run_report(o: &Outcome, layers: &[Layer], lang: Lang) -> String {
    let legend = crate::output::legend::legend(o, lang);
    let mut body = header(o, lang);
    let _ = writeln!(body, "<h2>{}</h2>", t(lang, "地图", "Map"));
    match bounds(layers) {
        Some(b) => {
            let frame = Frame::new(b, 1000.0);
            let _ = write!(
                body,
                "<figure>\n{}{}</figure>\n{}",
                map_svg(layers, &frame, &legend, "map", &[]),
                map_legend(layers, &legend),
                aggregate_note(layers, &frame, lang)
            );
        }
        None => {
            let _ = writeln!(
                body,
                "<p class=\"empty\">{}</p>",
                t(lang, "无可绘制的要素。", "Nothing to draw.")
            );
        }
    }
    body.push_str(&tables::rules_section(o, lang));
    body.push_str(&tables::gaps_section(o, lang));
    body.push_str(&tables::relocations_section(o, lang));
    body.push_str(&tables::minutes_section(o, layers, lang));
    body.push_str(&tables::proposals_section(o, lang));
    body.push_str(&tables::facilities_section(o, lang));
    body.push_str(&tables::inputs_section(o, lang));
    page(
        lang,
        &format!(
            "isleplan — {} ({})",
            crate::output::legend::title_in(&o.scenario, lang),
            o.scenario.year
        ),
        &body,
    )
}

/// The side-by-side report of a comparison: A and B maps on one frame, the rule
/// table, a chart of residents served in A and B, and the facility changes.
pub fn compare_report(
    c: &Comparison,
    a: &Outcome,
    layers_a: &[Layer],
    b: &Outcome,
    layers_b: &[Layer],
    lang: Lang,
) -> String {
    let legend = crate::output::legend::legend(b, lang);
    let mut body = compare::header(c, a, b, lang);
    body.push_str(&compare::maps((a, layers_a), (b, layers_b), c, &legend));
    body.push_str(&compare::rules(c, a, b, lang));
    body.push_str(&compare::facility_changes(c, b, lang));
    body.push_str(&compare::totals(c, b, lang));
    body.push_str(&compare::settlement_changes(c, lang));
    page(lang, &format!("isleplan — {} → {}", c.a, c.b), &body)
}

/// Writes a row per item with `row`, at most [`TABLE_ROWS_MAX`] of them, closes
/// the table, and says how many of the `total` are left out (every one is in
/// `file`).
fn capped<T>(
    s: &mut String,
    items: impl IntoIterator<Item = T>,
    total: usize,
    file: &str,
    lang: Lang,
    mut row: impl FnMut(&mut String, T),
) {
    let mut shown = 0;
    for item in items.into_iter().take(TABLE_ROWS_MAX) {
        row(s, item);
        shown += 1;
    }
    s.push_str("</tbody>\n</table>\n");
    s.push_str(&more_rows(shown, total, file, lang));
}

/// "… and N more" under a capped table.
fn more_rows(shown: usize, total: usize, file: &str, lang: Lang) -> String {
    if total <= shown {
        return String::new();
    }
    let text = match lang {
        Lang::Zh => format!(
            "另有 {} 条未列出（表格最多列 {TABLE_ROWS_MAX} 条；完整内容见 {file}）。",
            total - shown
        ),
        Lang::En => format!(
            "… and {} more (tables list at most {TABLE_ROWS_MAX} rows; every one is in {file}).",
            total - shown
        ),
    };
    format!("<p class=\"meta more\">{}</p>\n", esc(&text))
}

/// A fixed-decimal number without trailing zeros.
fn num(x: f64, dp: usize) -> String {
    let s = format!("{x:.dp$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// `part` as a percentage of `whole` (100 when there is no whole).
fn pct(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        100.0
    } else {
        part * 100.0 / whole
    }
}

/// "met/of (p%)", or "—" when the share is `null`.
fn fraction_cell(met: u64, of: u64, share: Option<f64>) -> String {
    match share {
        Some(p) => format!("{met}/{of} ({}%)", num(p, 1)),
        None => "—".to_owned(),
    }
}

/// The name to show in `lang`: the Chinese one in Chinese when there is one,
/// else the English one when there is one, else the Chinese one.
fn name_by<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh if !zh.is_empty() => zh,
        _ if !en.is_empty() => en,
        _ => zh,
    }
}

/// The layer named `name`, if written.
fn layer<'a>(layers: &'a [Layer], name: &str) -> Option<&'a Layer> {
    layers.iter().find(|l| l.name == name)
}

/// A collected feature's string property (empty when absent or not a string).
fn prop<'a>(f: &'a Value, key: &str) -> &'a str {
    f["properties"][key].as_str().unwrap_or("")
}

/// A collected feature's name in `lang` (see [`name_by`]).
fn name_in(f: &Value, lang: Lang) -> String {
    name_by(lang, prop(f, "name_zh"), prop(f, "name")).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tables_end_with_how_many_more() {
        let mut html = String::new();

        capped(
            &mut html,
            0..TABLE_ROWS_MAX + 7,
            TABLE_ROWS_MAX + 7,
            "gaps.geojson",
            Lang::En,
            |s, i| {
                let _ = writeln!(s, "<tr><td>{i}</td></tr>");
            },
        );

        assert_eq!(html.matches("<tr><td>").count(), TABLE_ROWS_MAX);
        assert!(html.contains("… and 7 more"));
        assert!(html.contains("every one is in gaps.geojson"));
        assert_eq!(more_rows(5, 5, "x", Lang::En), "");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(12.50, 2), "12.5");
        assert_eq!(num(3.0, 1), "3");
        assert_eq!(num(40.0, 0), "40");
    }
}
