//! The bar chart: horizontal bars of shares in percent, one row per rule; and
//! the run report's chart of residents served per rule, now and with the
//! proposals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::map::px;
use super::page::t;
use super::{num, pct};
use crate::output::legend::Lang;
use crate::output::legend::Rgba;
use crate::output::legend::PROPOSED;
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;

/// One bar: a share in percent, its colour and caption.
pub(super) type Bar = (f64, Rgba, String);

/// One row of a chart: its label and its bars.
pub(super) type BarRow = (String, Vec<Bar>);

/// Horizontal bars: per row, a label and its bars (shares in percent), stacked.
pub(super) fn bar_chart(rows: &[BarRow], caption: &str) -> String {
    let label_w = 230.0;
    let bar_w = 560.0;
    let row_h = 16.0;
    let gap = 10.0;
    let mut y = 8.0;
    let mut body = String::new();
    for (label, bars) in rows {
        let block = bars.len() as f64 * row_h;
        let _ = writeln!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#222\">{}</text>",
            px(label_w - 8.0),
            px(y + block / 2.0 + 4.0),
            esc(label)
        );
        for (i, (pct, colour, cap)) in bars.iter().enumerate() {
            let by = y + i as f64 * row_h;
            let w = bar_w * pct.clamp(0.0, 100.0) / 100.0;
            let _ = writeln!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eee\"/><rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#222\">{} {}%</text>",
                px(label_w),
                px(by + 1.0),
                px(bar_w),
                px(row_h - 3.0),
                px(label_w),
                px(by + 1.0),
                px(w),
                px(row_h - 3.0),
                colour.css(),
                esc(cap),
                px(label_w + bar_w + 6.0),
                px(by + row_h - 4.0),
                esc(cap),
                num(*pct, 1)
            );
        }
        y += block + gap;
    }
    let height = y + 4.0;
    format!(
        "<figure><svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n{body}</svg></figure>\n",
        px(label_w + bar_w + 150.0),
        px(height),
        esc(caption)
    )
}

/// Residents newly covered by the proposals, per `rule` as a proposal states it,
/// or `None` when no facility is proposed.
fn proposal_gains(o: &Outcome) -> Option<BTreeMap<&str, u64>> {
    let sites = &o.proposals.sites;
    if sites.is_empty() {
        return None;
    }
    let mut gains = BTreeMap::new();
    for p in sites {
        *gains.entry(p.rule.as_str()).or_insert(0) += p.population_covered;
    }
    Some(gains)
}

/// The chart of residents served per rule (`o.coverage.rules`), and after the
/// proposals when there are any, with its heading.
pub(super) fn served_per_rule(o: &Outcome, lang: Lang) -> String {
    let gains = proposal_gains(o);
    // Rules with no answer (no data, nothing applies) draw no bar: a 0 % bar would
    // read as total failure.
    let rows: Vec<BarRow> = o
        .coverage
        .rules
        .iter()
        .filter(|r| r.share_population_pct.is_some())
        .map(|r| {
            let whole = r.population_required as f64;
            let mut bars = vec![(
                pct(r.population_met as f64, whole),
                Rgba::hex(0x1a9641),
                t(lang, "现状", "now").to_owned(),
            )];
            if let Some(gains) = &gains {
                let after = (r.population_met + gains.get(r.id.as_str()).copied().unwrap_or(0))
                    .min(r.population_required);
                bars.push((
                    pct(after as f64, whole),
                    PROPOSED,
                    t(lang, "建议实施后", "with proposals").to_owned(),
                ));
            }
            let label = match lang {
                // Rule ids are English: the zh chart names the clause.
                Lang::Zh => r.clause.clone(),
                Lang::En => format!("{} {}", r.id, r.clause),
            };
            (label, bars)
        })
        .collect();
    format!(
        "<h3>{}</h3>\n{}",
        t(
            lang,
            "各规则达标人口占比",
            "Share of residents served, per rule"
        ),
        bar_chart(
            &rows,
            t(
                lang,
                "各规则达标人口占比",
                "Share of residents served per rule"
            )
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_clamps_shares_to_the_bar() {
        let svg = bar_chart(
            &[("r".into(), vec![(150.0, Rgba::hex(0), "now".into())])],
            "c",
        );

        assert!(svg.contains("class=\"bar\" x=\"230\" y=\"9\" width=\"560\""));
    }
}
