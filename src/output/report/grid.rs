//! A layer too large to draw feature by feature (over
//! [`DETAIL_MAX_FEATURES`]), counted on a square grid over the map's frame:
//! settlement cells coloured by the share with a gap, and markers whose area is
//! proportional to the gaps, proposals and facilities per cell; and the note
//! that says which layers are aggregated and why.

use std::fmt::Write as _;

use super::map::{px, star_path, title_el, Frame};
use super::{num, pct, AGGREGATE_COLUMNS};
use crate::output::layer::Layer;
use crate::output::layer::DETAIL_MAX_FEATURES;
use crate::output::layer::STATUS_GAP;
use crate::output::legend::Lang;
use crate::output::legend::Rgba;
use crate::output::legend::PROPOSED;
use crate::output::qml::xml_escape as esc;

/// Fill colours of aggregate cells by the share of their settlements with a
/// gap: (upper bound in percent, colour).
pub(super) const SHARE_CLASSES: [(f64, Rgba); 5] = [
    (0.0, Rgba::hex(0x1a9641)),
    (25.0, Rgba::hex(0xa6d96a)),
    (50.0, Rgba::hex(0xffffbf)),
    (75.0, Rgba::hex(0xfdae61)),
    (100.0, Rgba::hex(0xd7191c)),
];

/// The colour of a cell where `pct` percent of settlements have a gap.
fn share_colour(pct: f64) -> Rgba {
    SHARE_CLASSES
        .iter()
        .find(|(hi, _)| pct <= *hi)
        .map_or(SHARE_CLASSES[4].1, |c| c.1)
}

/// Point layers counted per cell of a square grid over a map's frame, for
/// layers too large to draw feature by feature (see [`DETAIL_MAX_FEATURES`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Grid {
    cols: usize,
    rows: usize,
    cell: f64,
    /// Per cell: settlements, settlements with `status` = gap, gaps, proposals,
    /// facilities.
    pub(super) counts: Vec<[u32; 5]>,
}

/// Slot of [`Grid::counts`]: settlements.
pub(super) const SETTLEMENTS: usize = 0;
/// Slot: settlements with `status` = gap.
pub(super) const WITH_GAP: usize = 1;
/// Slot: gaps.
pub(super) const GAPS: usize = 2;
/// Slot: proposals.
pub(super) const PROPOSALS: usize = 3;
/// Slot: facilities.
pub(super) const FACILITIES: usize = 4;

impl Grid {
    /// An empty grid of [`AGGREGATE_COLUMNS`] columns over `frame`.
    pub(super) fn new(frame: &Frame) -> Self {
        let cols = AGGREGATE_COLUMNS;
        let cell = frame.width / cols as f64;
        let rows = ((frame.height / cell).ceil() as usize).max(1);
        Self {
            cols,
            rows,
            cell,
            counts: vec![[0; 5]; cols * rows],
        }
    }

    fn cell_of(&self, frame: &Frame, lon: f64, lat: f64) -> Option<usize> {
        let (x, y) = frame.xy(lon, lat);
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        let c = ((x / self.cell).floor().max(0.0) as usize).min(self.cols - 1);
        let r = ((y / self.cell).floor().max(0.0) as usize).min(self.rows - 1);
        Some(r * self.cols + c)
    }

    /// Counts the points of `layer` (when it is aggregated) into `slot`.
    pub(super) fn add(&mut self, frame: &Frame, layer: Option<&Layer>, slot: usize) {
        let Some(l) = layer.filter(|l| !l.is_complete()) else {
            return;
        };
        for p in l.points() {
            if let Some(i) = self.cell_of(frame, f64::from(p.lon), f64::from(p.lat)) {
                self.counts[i][slot] += 1;
                if slot == SETTLEMENTS && p.status == STATUS_GAP {
                    self.counts[i][WITH_GAP] += 1;
                }
            }
        }
    }

    fn max(&self, slot: usize) -> u32 {
        self.counts.iter().map(|c| c[slot]).max().unwrap_or(0)
    }

    /// Cell `i`'s centre and top-left corner, in pixels.
    fn at(&self, i: usize) -> ((f64, f64), (f64, f64)) {
        let (c, r) = ((i % self.cols) as f64, (i / self.cols) as f64);
        (
            ((c + 0.5) * self.cell, (r + 0.5) * self.cell),
            (c * self.cell, r * self.cell),
        )
    }

    /// A marker radius for `n` of at most `max` in a cell: area proportional.
    fn radius(&self, n: u32, max: u32) -> f64 {
        let full = self.cell * 0.48;
        (full * (f64::from(n) / f64::from(max.max(1))).sqrt()).max(1.5)
    }
}

/// The layers of `layers` a map aggregates (too large to draw one by one).
pub(super) fn aggregated(layers: &[Layer]) -> Vec<&Layer> {
    layers.iter().filter(|l| !l.is_complete()).collect()
}

/// The note under an aggregated map: which layers, why, and how to read it.
pub(super) fn aggregate_note(layers: &[Layer], frame: &Frame, lang: Lang) -> String {
    let big = aggregated(layers);
    if big.is_empty() {
        return String::new();
    }
    let mut names: Vec<String> = Vec::new();
    for l in &big {
        let item = format!("{} ({})", l.name, l.len());
        if !names.contains(&item) {
            names.push(item);
        }
    }
    let list = names.join(", ");
    let km = frame.width / AGGREGATE_COLUMNS as f64 * 111.32 / frame.k;
    let text = match lang {
        Lang::Zh => format!(
            "汇总显示：图层 {list} 要素超过 {DETAIL_MAX_FEATURES} 个，逐个绘制会使本页过大且难以阅读，故按约 {} 公里的方格汇总：方格颜色为其中存在缺口的居民点占比，圆圈面积与方格内缺口数成正比，星形面积与建议新设施数成正比，方块面积与设施数成正比；悬停可见各格计数。海岛轮廓、服务范围和迁居中超过上限的图层不绘制。逐个要素见同目录的图层文件。",
            num(km, 1)
        ),
        Lang::En => format!(
            "Aggregated map: the layers {list} hold more than {DETAIL_MAX_FEATURES} features each, too many to draw one by one on a page that stays small and readable, so they are counted on a grid of cells about {} km across: a cell's colour is the share of its settlements with a gap, ring area is proportional to its gaps, star area to its proposed facilities, square area to its facilities; hover a cell for its counts. Island outlines, service areas and relocations over the limit are not drawn. Every feature is in the layer files beside this page.",
            num(km, 1)
        ),
    };
    format!("<p class=\"meta aggregate-note\">{}</p>\n", esc(&text))
}

/// A cell's counts as a tooltip.
fn cell_title(c: &[u32; 5], lang: Lang) -> String {
    let mut parts = Vec::new();
    if c[SETTLEMENTS] > 0 {
        let share = num(pct(f64::from(c[WITH_GAP]), f64::from(c[SETTLEMENTS])), 1);
        parts.push(match lang {
            Lang::Zh => format!(
                "{} 个居民点，{} 个有缺口（{share}%）",
                c[SETTLEMENTS], c[WITH_GAP]
            ),
            Lang::En => format!(
                "{} settlements, {} with a gap ({share}%)",
                c[SETTLEMENTS], c[WITH_GAP]
            ),
        });
    }
    for (slot, zh, en) in [
        (GAPS, "个缺口", "gaps"),
        (PROPOSALS, "处建议新设施", "proposed facilities"),
        (FACILITIES, "处设施", "facilities"),
    ] {
        if c[slot] > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{} {zh}", c[slot]),
                Lang::En => format!("{} {en}", c[slot]),
            });
        }
    }
    parts.join(" · ")
}

/// Grid cells holding settlements, coloured by the share with a gap.
pub(super) fn grid_cells(g: &Grid, lang: Lang) -> String {
    let mut s = String::from("<g class=\"aggregate-cells\" fill-opacity=\"0.8\">\n");
    for (i, c) in g.counts.iter().enumerate() {
        if c[SETTLEMENTS] == 0 {
            continue;
        }
        let (_, (x, y)) = g.at(i);
        let share = pct(f64::from(c[WITH_GAP]), f64::from(c[SETTLEMENTS]));
        let _ = writeln!(
            s,
            "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.4\">{}</rect>",
            px(x),
            px(y),
            px(g.cell),
            px(g.cell),
            share_colour(share).css(),
            title_el(&cell_title(c, lang))
        );
    }
    s.push_str("</g>\n");
    s
}

/// Per grid cell, a marker whose area is proportional to its count in `slot`
/// (gaps: rings, proposals: stars, facilities: squares).
pub(super) fn grid_markers(g: &Grid, slot: usize, lang: Lang) -> String {
    let max = g.max(slot);
    let class = match slot {
        GAPS => "aggregate-gaps",
        PROPOSALS => "aggregate-proposals",
        _ => "aggregate-facilities",
    };
    let mut s = format!("<g class=\"{class}\">\n");
    for (i, c) in g.counts.iter().enumerate() {
        let n = c[slot];
        if n == 0 {
            continue;
        }
        let ((cx, cy), _) = g.at(i);
        let r = g.radius(n, max);
        let tip = title_el(&cell_title(c, lang));
        let _ = match slot {
            GAPS => writeln!(
                s,
                "<circle class=\"gap-count\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.2\">{tip}</circle>",
                px(cx),
                px(cy),
                px(r)
            ),
            PROPOSALS => writeln!(
                s,
                "<path class=\"proposed-count\" d=\"{}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.5\">{tip}</path>",
                star_path(cx, cy, r),
                PROPOSED.css()
            ),
            _ => writeln!(
                s,
                "<rect class=\"facility-count\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#333\" fill-opacity=\"0.7\">{tip}</rect>",
                px(cx - r * 0.7),
                px(cy - r * 0.7),
                px(r * 1.4),
                px(r * 1.4)
            ),
        };
    }
    s.push_str("</g>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::layer::bounds;
    use crate::output::legend::Legend;
    use crate::output::report::layer;
    use crate::output::report::map::{map_legend, map_svg};

    fn point_layer(name: &str, n: usize, status: impl Fn(usize) -> &'static str) -> Layer {
        let mut l = Layer::new(name);
        for i in 0..n {
            let (x, y) = (
                122.0 + (i % 100) as f64 * 0.01,
                30.0 + (i / 100) as f64 * 0.01,
            );
            l.record(
                Some("Point"),
                Some([x, y, x, y]),
                1,
                Some((x, y)),
                status(i),
                None,
                || serde_json::json!({"type": "Feature", "properties": {"status": status(i), "name": format!("s{i}"), "population": 1}, "geometry": {"type": "Point", "coordinates": [x, y]}}),
            );
        }
        l.seal();
        l
    }

    #[test]
    fn the_grid_counts_settlements_and_the_share_with_a_gap() {
        let layers = vec![
            point_layer("settlements", DETAIL_MAX_FEATURES + 1, |i| {
                if i % 2 == 0 {
                    "gap"
                } else {
                    "served"
                }
            }),
            point_layer("gaps", 10, |_| ""),
        ];
        let frame = Frame::new(bounds(&layers).unwrap(), 1000.0);
        let mut g = Grid::new(&frame);

        g.add(&frame, layer(&layers, "settlements"), SETTLEMENTS);
        g.add(&frame, layer(&layers, "gaps"), GAPS);

        let total: u32 = g.counts.iter().map(|c| c[SETTLEMENTS]).sum();
        let gaps: u32 = g.counts.iter().map(|c| c[WITH_GAP]).sum();
        assert_eq!(total as usize, DETAIL_MAX_FEATURES + 1);
        assert_eq!(gaps as usize, DETAIL_MAX_FEATURES / 2 + 1);
        assert_eq!(
            g.counts.iter().map(|c| c[GAPS]).sum::<u32>(),
            0,
            "a complete layer is drawn feature by feature, not counted"
        );
    }

    #[test]
    fn large_layers_are_drawn_as_a_grid_with_a_note_and_small_ones_as_features() {
        let layers = vec![
            point_layer("settlements", DETAIL_MAX_FEATURES + 1, |_| "gap"),
            point_layer("gaps", 3, |_| ""),
        ];
        let frame = Frame::new(bounds(&layers).unwrap(), 1000.0);
        let legend = Legend {
            lang: Lang::En,
            ..Legend::default()
        };

        let svg = map_svg(&layers, &frame, &legend, "map", &[]);
        let note = aggregate_note(&layers, &frame, Lang::En);
        let items = map_legend(&layers, &legend);

        assert!(svg.contains("class=\"aggregate-cells\""));
        assert!(
            !svg.contains("class=\"settlement "),
            "no settlement drawn one by one"
        );
        assert_eq!(svg.matches("class=\"gap\"").count(), 3);
        assert!(svg.len() < 1_000_000);
        assert!(note.contains("settlements (5001)") && note.contains("5000 features"));
        assert!(items.contains("settlements with a gap 75–100%"));
    }

    #[test]
    fn small_layers_have_no_aggregate_note() {
        let layers = vec![point_layer("settlements", 10, |_| "served")];
        let frame = Frame::new(bounds(&layers).unwrap(), 1000.0);

        assert_eq!(aggregate_note(&layers, &frame, Lang::En), "");
    }
}
