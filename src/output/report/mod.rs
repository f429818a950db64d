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
//! one is skipped. The same inputs give the same bytes: no dates, no random ids.
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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geo::Coord;
use serde_json::Value;

use crate::compare::{Comparison, Side};
use crate::output::layer::bounds;
use crate::output::layer::each_position;
use crate::output::layer::Layer;
use crate::output::layer::DETAIL_MAX_FEATURES;
use crate::output::layer::STATUS_GAP;
use crate::output::legend::family_colour;
use crate::output::legend::rule_colour;
use crate::output::legend::Lang;
use crate::output::legend::Legend;
use crate::output::legend::Rgba;
use crate::output::legend::ARROW;
use crate::output::legend::COAST;
use crate::output::legend::LAND;
use crate::output::legend::MINUTE_CLASSES;
use crate::output::legend::PROPOSED;
use crate::output::legend::STATUS_COLOURS;
use crate::output::qml::xml_escape as esc;
use crate::pipeline::Outcome;

/// Picks the text for `lang`.
fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Rows a table lists before it ends with "and N more" (the full lists are in
/// the layers).
pub const TABLE_ROWS_MAX: usize = 1_000;

/// Columns of the grid a map aggregates large layers on (cells are square).
pub const AGGREGATE_COLUMNS: usize = 48;

/// Fill colours of aggregate cells by the share of their settlements with a
/// gap: (upper bound in percent, colour).
const SHARE_CLASSES: [(f64, Rgba); 5] = [
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
struct Grid {
    cols: usize,
    rows: usize,
    cell: f64,
    /// Per cell: settlements, settlements with `status` = gap, gaps, proposals,
    /// facilities.
    counts: Vec<[u32; 5]>,
}

const SETTLEMENTS: usize = 0;
const WITH_GAP: usize = 1;
const GAPS: usize = 2;
const PROPOSALS: usize = 3;
const FACILITIES: usize = 4;

impl Grid {
    fn new(frame: &Frame) -> Self {
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
    fn add(&mut self, frame: &Frame, layer: Option<&Layer>, slot: usize) {
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
fn aggregated(layers: &[Layer]) -> Vec<&Layer> {
    layers.iter().filter(|l| !l.is_complete()).collect()
}

/// The note under an aggregated map: which layers, why, and how to read it.
fn aggregate_note(layers: &[Layer], frame: &Frame, lang: Lang) -> String {
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
.pos { color: #1a7f37; } .neg { color: #c62828; }
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
  h2 { break-after: avoid; }
  figure, tr, svg.chart { break-inside: avoid; }
  svg.map { background: #fff; }
  .maps { display: block; }
  .maps figure { margin-bottom: 8px; }
}
"#;

fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"isleplan {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        t(lang, "zh-CN", "en"),
        env!("CARGO_PKG_VERSION"),
        esc(title)
    )
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

/// Lon/lat → SVG pixels: equirectangular, x shrunk by cos(latitude) so shapes
/// keep their proportions over a district.
#[derive(Debug, Clone, Copy)]
struct Frame {
    lon0: f64,
    lat1: f64,
    k: f64,
    cos: f64,
    width: f64,
    height: f64,
    pad: f64,
}

impl Frame {
    fn new(b: [f64; 4], width: f64) -> Self {
        let pad = 24.0;
        let cos = ((b[1] + b[3]) / 2.0).to_radians().cos();
        let w_deg = ((b[2] - b[0]) * cos).max(1e-6);
        let h_deg = (b[3] - b[1]).max(1e-6);
        let k = (width - 2.0 * pad) / w_deg;
        let mut height = h_deg * k + 2.0 * pad;
        let mut k = k;
        if height > width * 1.2 {
            // Tall districts: fit the height instead.
            height = width * 1.2;
            k = (height - 2.0 * pad) / h_deg;
        }
        Self {
            lon0: b[0],
            lat1: b[3],
            k,
            cos,
            width,
            height,
            pad,
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.pad + (lon - self.lon0) * self.cos * self.k,
            self.pad + (self.lat1 - lat) * self.k,
        )
    }
}

fn px(v: f64) -> String {
    num(v, 1)
}

/// A ring or line as SVG path data.
fn path_data(frame: &Frame, coords: &Value, close: bool) -> String {
    let mut d = String::new();
    let mut first = true;
    each_position(coords, &mut |x, y| {
        let (sx, sy) = frame.xy(x, y);
        let _ = write!(d, "{}{} {}", if first { "M" } else { "L" }, px(sx), px(sy));
        first = false;
    });
    if close && !d.is_empty() {
        d.push('Z');
    }
    d
}

/// Polygon or MultiPolygon coordinates as one path (even-odd fill for holes).
fn area_path(frame: &Frame, g: &Value) -> Option<String> {
    let polys: Vec<&Value> = match g["type"].as_str()? {
        "Polygon" => vec![&g["coordinates"]],
        "MultiPolygon" => g["coordinates"].as_array()?.iter().collect(),
        _ => return None,
    };
    let mut d = String::new();
    for p in polys {
        for ring in p.as_array()? {
            d.push_str(&path_data(frame, ring, true));
        }
    }
    Some(d)
}

fn point_of(g: &Value) -> Option<(f64, f64)> {
    match g["type"].as_str()? {
        "Point" => Some((g["coordinates"][0].as_f64()?, g["coordinates"][1].as_f64()?)),
        _ => None,
    }
}

fn prop<'a>(f: &'a Value, key: &str) -> &'a str {
    f["properties"][key].as_str().unwrap_or("")
}

fn name_in(f: &Value, lang: Lang) -> String {
    let (zh, en) = (prop(f, "name_zh"), prop(f, "name"));
    match lang {
        Lang::Zh if !zh.is_empty() => zh.to_owned(),
        _ if !en.is_empty() => en.to_owned(),
        _ => zh.to_owned(),
    }
}

fn title_el(text: &str) -> String {
    format!("<title>{}</title>", esc(text))
}

/// A marker drawn at a highlighted place (compare maps).
#[derive(Debug, Clone)]
struct Highlight {
    at: Coord<f64>,
    colour: Rgba,
    text: String,
}

fn layer<'a>(layers: &'a [Layer], name: &str) -> Option<&'a Layer> {
    layers.iter().find(|l| l.name == name)
}

/// The map of `layers` in `frame`; `id` prefixes the SVG ids (two maps per page).
fn map_svg(
    layers: &[Layer],
    frame: &Frame,
    legend: &Legend,
    id: &str,
    highlights: &[Highlight],
) -> String {
    let lang = legend.lang;
    let mut s = format!(
        "<svg class=\"map\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"{}\"/></marker></defs>\n",
        px(frame.width),
        px(frame.height),
        t(lang, "地图", "map"),
        ARROW.css()
    );
    // Layers too large to draw one by one are counted on a grid.
    let grid = (!aggregated(layers).is_empty()).then(|| {
        let mut g = Grid::new(frame);
        g.add(frame, layer(layers, "settlements"), SETTLEMENTS);
        g.add(frame, layer(layers, "gaps"), GAPS);
        g.add(frame, layer(layers, "proposed"), PROPOSALS);
        g.add(frame, layer(layers, "facilities"), FACILITIES);
        g
    });
    let complete = |name: &str| layer(layers, name).filter(|l| l.is_complete());
    let big = |name: &str| layer(layers, name).filter(|l| !l.is_complete());
    // Islands: outlines, else circles by residents.
    let mut labels = String::new();
    if let Some(l) = complete("islands") {
        s.push_str("<g class=\"islands\">\n");
        for f in l.features() {
            let g = &f["geometry"];
            let name = name_in(f, lang);
            let pop = f["properties"]["population"].as_f64().unwrap_or(0.0);
            let tip = title_el(&format!(
                "{name} · {} {}",
                num(pop, 0),
                t(lang, "人", "residents")
            ));
            let label_at = if let Some(d) = area_path(frame, g) {
                let _ = writeln!(
                    s,
                    "<path class=\"island\" d=\"{d}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.8\" fill-rule=\"evenodd\">{tip}</path>",
                    LAND.css(),
                    COAST.css()
                );
                let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                each_position(&g["coordinates"], &mut |x, y| {
                    b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
                });
                Some(frame.xy((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0))
            } else if let Some((x, y)) = point_of(g) {
                let (sx, sy) = frame.xy(x, y);
                let r = (3.0 + pop.sqrt() / 18.0).min(30.0);
                let _ = writeln!(
                    s,
                    "<circle class=\"island\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.8\">{tip}</circle>",
                    px(sx),
                    px(sy),
                    px(r),
                    LAND.css(),
                    COAST.css()
                );
                Some((sx, sy - r - 2.0))
            } else {
                None
            };
            if let Some((lx, ly)) = label_at {
                let _ = writeln!(
                    labels,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\" stroke=\"#fff\" stroke-width=\"2.5\" paint-order=\"stroke\">{}</text>",
                    px(lx),
                    px(ly),
                    esc(&name)
                );
            }
        }
        s.push_str("</g>\n");
    }
    if let Some(l) = complete("service_areas") {
        s.push_str("<g class=\"service-areas\" fill-opacity=\"0.45\">\n");
        // Widest first so nearer (darker) areas lie on top.
        let mut fs: Vec<&Value> = l.features().iter().collect();
        fs.sort_by(|a, b| {
            let m = |f: &Value| f["properties"]["minutes"].as_f64().unwrap_or(0.0);
            m(b).total_cmp(&m(a))
        });
        for f in fs {
            let minutes = f["properties"]["minutes"].as_f64().unwrap_or(0.0);
            let colour = MINUTE_CLASSES
                .iter()
                .find(|(hi, _)| minutes <= *hi)
                .map_or(MINUTE_CLASSES[4].1, |c| c.1);
            if let Some(d) = area_path(frame, &f["geometry"]) {
                let _ = writeln!(
                    s,
                    "<path class=\"service-area\" d=\"{d}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.5\" fill-rule=\"evenodd\">{}</path>",
                    colour.css(),
                    colour.css(),
                    title_el(&format!("{} · {} {}", prop(f, "facility"), num(minutes, 1), t(lang, "分钟", "min")))
                );
            }
        }
        s.push_str("</g>\n");
    }
    if let (Some(g), Some(_)) = (&grid, big("settlements")) {
        s.push_str(&grid_cells(g, lang));
    }
    if let Some(l) = complete("relocations") {
        s.push_str("<g class=\"relocations\">\n");
        for f in l.features() {
            let g = &f["geometry"];
            let tip = title_el(&format!(
                "{} → {} · {} {}",
                name_in(f, lang),
                match lang {
                    Lang::Zh => prop(f, "to_name_zh"),
                    Lang::En => prop(f, "to_name"),
                },
                f["properties"]["residents"].as_u64().unwrap_or(0),
                t(lang, "人", "residents")
            ));
            if g["type"] == "LineString" {
                let _ = writeln!(
                    s,
                    "<path class=\"relocation\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" marker-end=\"url(#{id}-arrow)\">{tip}</path>",
                    path_data(frame, &g["coordinates"], false),
                    ARROW.css()
                );
            } else if let Some((x, y)) = point_of(g) {
                let (sx, sy) = frame.xy(x, y);
                let _ = writeln!(
                    s,
                    "<circle class=\"relocation\" cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"3 2\">{tip}</circle>",
                    px(sx),
                    px(sy),
                    ARROW.css()
                );
            }
        }
        s.push_str("</g>\n");
    }
    if let (Some(g), Some(_)) = (&grid, big("facilities")) {
        s.push_str(&grid_markers(g, FACILITIES, lang));
    }
    if let Some(l) = complete("facilities") {
        s.push_str("<g class=\"facilities\">\n");
        for f in l.features() {
            let Some((x, y)) = point_of(&f["geometry"]) else {
                continue;
            };
            let (sx, sy) = frame.xy(x, y);
            let tier = f["properties"]["tier"].as_f64().unwrap_or(1.0);
            let r = 1.5 + tier.min(5.0);
            let colour = family_colour(legend, prop(f, "family"));
            let closing = prop(f, "status") == "closing";
            let _ = writeln!(
                s,
                "<rect class=\"facility\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"#fff\" stroke-width=\"0.6\">{}</rect>",
                px(sx - r),
                px(sy - r),
                px(2.0 * r),
                px(2.0 * r),
                colour.css(),
                if closing { "0.35" } else { "0.95" },
                title_el(&format!("{} · {} · {}", name_in(f, lang), prop(f, "kind"), prop(f, "status")))
            );
        }
        s.push_str("</g>\n");
    }
    if let Some(l) = complete("settlements") {
        s.push_str("<g class=\"settlements\">\n");
        for f in l.features() {
            let Some((x, y)) = point_of(&f["geometry"]) else {
                continue;
            };
            let (sx, sy) = frame.xy(x, y);
            let status = prop(f, "status");
            let colour = STATUS_COLOURS
                .iter()
                .find(|(v, ..)| *v == status)
                .map_or(Rgba(150, 150, 150, 255), |c| c.1);
            let _ = writeln!(
                s,
                "<circle class=\"settlement {}\" cx=\"{}\" cy=\"{}\" r=\"3.6\" fill=\"{}\" stroke=\"#222\" stroke-width=\"0.5\">{}</circle>",
                esc(status),
                px(sx),
                px(sy),
                colour.css(),
                title_el(&format!(
                    "{} · {} {} · {status}",
                    name_in(f, lang),
                    f["properties"]["population"].as_u64().unwrap_or(0),
                    t(lang, "人", "residents")
                ))
            );
        }
        s.push_str("</g>\n");
    }
    if let (Some(g), Some(_)) = (&grid, big("gaps")) {
        s.push_str(&grid_markers(g, GAPS, lang));
    }
    if let Some(l) = complete("gaps") {
        s.push_str("<g class=\"gaps\">\n");
        for f in l.features() {
            let Some((x, y)) = point_of(&f["geometry"]) else {
                continue;
            };
            let (sx, sy) = frame.xy(x, y);
            let rule = prop(f, "rule");
            let _ = writeln!(
                s,
                "<circle class=\"gap\" cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\">{}</circle>",
                px(sx),
                px(sy),
                rule_colour(legend, rule).css(),
                title_el(&format!(
                    "{rule} ({}): {}",
                    prop(f, "clause"),
                    match lang {
                        Lang::Zh => prop(f, "reason_zh"),
                        Lang::En => prop(f, "reason_en"),
                    }
                ))
            );
        }
        s.push_str("</g>\n");
    }
    if let (Some(g), Some(_)) = (&grid, big("proposed")) {
        s.push_str(&grid_markers(g, PROPOSALS, lang));
    }
    if let Some(l) = complete("proposed") {
        s.push_str("<g class=\"proposals\">\n");
        for f in l.features() {
            let Some((x, y)) = point_of(&f["geometry"]) else {
                continue;
            };
            let (sx, sy) = frame.xy(x, y);
            let kind = prop(f, "kind");
            let fam = crate::output::legend::kind_family(legend, kind);
            let colour = if fam.is_empty() {
                PROPOSED
            } else {
                family_colour(legend, fam)
            };
            let _ = writeln!(
                s,
                "<path class=\"proposed\" d=\"{}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.8\">{}</path>",
                star_path(sx, sy, 8.0),
                colour.css(),
                title_el(&format!(
                    "#{} {kind} · {} ({}) · +{} {}",
                    f["properties"]["rank"],
                    prop(f, "rule"),
                    prop(f, "clause"),
                    f["properties"]["population_covered"].as_u64().unwrap_or(0),
                    t(lang, "人", "residents")
                ))
            );
        }
        s.push_str("</g>\n");
    }
    if !highlights.is_empty() {
        s.push_str("<g class=\"highlights\">\n");
        for h in highlights {
            let (sx, sy) = frame.xy(h.at.x, h.at.y);
            let _ = writeln!(
                s,
                "<circle class=\"highlight\" cx=\"{}\" cy=\"{}\" r=\"10\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"4 2\">{}</circle>",
                px(sx),
                px(sy),
                h.colour.css(),
                title_el(&h.text)
            );
        }
        s.push_str("</g>\n");
    }
    let _ = write!(s, "<g class=\"labels\">\n{labels}</g>\n");
    // Scale bar: a round number of km near a fifth of the width.
    let km_per_px = 111.32 / frame.k;
    let target = frame.width / 5.0 * km_per_px;
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .rfind(|&v| v <= target)
        .unwrap_or(1.0);
    let bar = step / km_per_px;
    let (bx, by) = (frame.pad, frame.height - 10.0);
    let _ = writeln!(
        s,
        "<g class=\"scale\"><path d=\"M{}  {}h{}\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#333\">{} km</text></g>",
        px(bx),
        px(by),
        px(bar),
        px(bx + bar + 4.0),
        px(by + 3.0),
        num(step, 0)
    );
    s.push_str("</svg>\n");
    s
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
fn grid_cells(g: &Grid, lang: Lang) -> String {
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
fn grid_markers(g: &Grid, slot: usize, lang: Lang) -> String {
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

fn star_path(x: f64, y: f64, r: f64) -> String {
    let mut d = String::new();
    for i in 0..10 {
        let rr = if i % 2 == 0 { r } else { r * 0.45 };
        let a = std::f64::consts::PI * (i as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            px(x + rr * a.cos()),
            px(y + rr * a.sin())
        );
    }
    d.push('Z');
    d
}

fn swatch(shape: &str, colour: Rgba) -> String {
    let c = colour.css();
    let inner = match shape {
        "ring" => format!("<circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>"),
        "square" => format!("<rect x=\"3\" y=\"3\" width=\"10\" height=\"10\" fill=\"{c}\"/>"),
        "arrow" => format!("<path d=\"M1 8H12\" stroke=\"{c}\" stroke-width=\"2\"/><path d=\"M10 4L15 8L10 12z\" fill=\"{c}\"/>"),
        "area" => format!("<rect x=\"1\" y=\"3\" width=\"14\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.45\" stroke=\"{c}\"/>"),
        "land" => format!("<rect x=\"1\" y=\"3\" width=\"14\" height=\"10\" fill=\"{c}\" stroke=\"{}\"/>", COAST.css()),
        "star" => format!("<path d=\"{}\" fill=\"{c}\"/>", star_path(8.0, 8.5, 7.0)),
        _ => format!("<circle cx=\"8\" cy=\"8\" r=\"4.5\" fill=\"{c}\" stroke=\"#222\" stroke-width=\"0.6\"/>"),
    };
    format!("<svg viewBox=\"0 0 16 16\" aria-hidden=\"true\">{inner}</svg>")
}

/// The legend under a map: only entries for layers and values present.
fn map_legend(layers: &[Layer], legend: &Legend) -> String {
    let lang = legend.lang;
    let mut items: Vec<(String, String)> = Vec::new();
    if layer(layers, "islands").is_some() {
        items.push((swatch("land", LAND), t(lang, "海岛", "island").into()));
    }
    let complete = |name: &str| layer(layers, name).filter(|l| l.is_complete());
    let big = |name: &str| layer(layers, name).filter(|l| !l.is_complete());
    if big("settlements").is_some() {
        let mut lo: Option<f64> = None;
        for (hi, c) in SHARE_CLASSES {
            let range = match lo {
                None => "0%".to_owned(),
                Some(lo) => format!("{}–{}%", num(lo, 0), num(hi, 0)),
            };
            items.push((
                swatch("land", c),
                format!(
                    "{} {range}",
                    t(lang, "有缺口的居民点占比", "settlements with a gap")
                ),
            ));
            lo = Some(hi);
        }
    }
    if let Some(l) = big("gaps") {
        items.push((
            swatch("ring", Rgba::hex(0xc62828)),
            format!(
                "{} ({} {})",
                t(lang, "每格缺口数（圆圈面积）", "gaps per cell (ring area)"),
                l.len(),
                t(lang, "个", "in all")
            ),
        ));
    }
    if let Some(l) = big("facilities") {
        items.push((
            swatch("square", Rgba::hex(0x333333)),
            format!(
                "{} ({} {})",
                t(
                    lang,
                    "每格设施数（方块面积）",
                    "facilities per cell (square area)"
                ),
                l.len(),
                t(lang, "处", "in all")
            ),
        ));
    }
    if let Some(l) = complete("settlements") {
        for (v, c, zh, en) in STATUS_COLOURS {
            if l.features().iter().any(|f| prop(f, "status") == v) {
                items.push((
                    swatch("dot", c),
                    format!("{} ({})", t(lang, zh, en), t(lang, "居民点", "settlement")),
                ));
            }
        }
    }
    if let Some(l) = complete("gaps") {
        for (id, clause) in &legend.rules {
            if l.features().iter().any(|f| prop(f, "rule") == id) {
                items.push((
                    swatch("ring", rule_colour(legend, id)),
                    format!("{} {id} ({clause})", t(lang, "未达标：", "gap:")),
                ));
            }
        }
    }
    if let Some(l) = complete("facilities") {
        let mut families: Vec<&str> = l.features().iter().map(|f| prop(f, "family")).collect();
        families.sort_unstable();
        families.dedup();
        for fam in families {
            items.push((
                swatch("square", family_colour(legend, fam)),
                format!(
                    "{} {}",
                    t(lang, "设施：", "facility:"),
                    if fam.is_empty() { "—" } else { fam }
                ),
            ));
        }
    }
    if layer(layers, "proposed").is_some() {
        items.push((
            swatch("star", PROPOSED),
            t(lang, "建议新设施", "proposed facility").into(),
        ));
    }
    if complete("relocations").is_some() {
        items.push((swatch("arrow", ARROW), t(lang, "迁居", "relocation").into()));
    }
    if let Some(l) = complete("service_areas") {
        let mut lo = 0.0;
        for (hi, c) in MINUTE_CLASSES {
            let present = l.features().iter().any(|f| {
                let m = f["properties"]["minutes"].as_f64().unwrap_or(-1.0);
                m > lo && m <= hi || (lo == 0.0 && m == 0.0)
            });
            if present {
                let label = if hi > 1e8 {
                    format!("> {lo} {}", t(lang, "分钟", "min"))
                } else {
                    format!("≤ {hi} {}", t(lang, "分钟", "min"))
                };
                items.push((
                    swatch("area", c),
                    format!("{} {label}", t(lang, "服务范围", "service area")),
                ));
            }
            lo = hi;
        }
    }
    let mut s = String::from("<ul class=\"legend\">");
    for (sw, label) in items {
        let _ = write!(s, "<li>{sw}<span>{}</span></li>", esc(&label));
    }
    s.push_str("</ul>\n");
    s
}

/// One bar: a share in percent, its colour and caption.
type Bar = (f64, Rgba, String);

/// One row of a chart: its label and its bars.
type BarRow = (String, Vec<Bar>);

/// Horizontal bars: per row, a label and its bars (shares in percent), stacked.
fn bar_chart(rows: &[BarRow], caption: &str) -> String {
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

fn pct(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        100.0
    } else {
        part * 100.0 / whole
    }
}

/// Residents newly covered by proposals, per rule id (summed while
/// `proposed.geojson` was written), or `None` when no facility is proposed.
fn proposal_gains(layers: &[Layer]) -> Option<&BTreeMap<String, u64>> {
    layer(layers, "proposed")
        .filter(|l| !l.is_empty())
        .map(Layer::gains)
}

/// A rule's status in the page's language.
fn status_words(status: &str, lang: Lang) -> &'static str {
    match status {
        "met" => t(lang, "达标", "met"),
        "not met" => t(lang, "未达标", "not met"),
        "no data" => t(lang, "无数据", "no data"),
        "no target" => t(lang, "本年无目标", "no target"),
        "not applicable" => t(lang, "不适用", "not applicable"),
        _ => t(lang, "—", "—"),
    }
}

/// "met/of (p%)", or "—" when the share is `null`.
fn fraction_cell(met: u64, of: u64, share: Option<f64>) -> String {
    match share {
        Some(p) => format!("{met}/{of} ({}%)", num(p, 1)),
        None => "—".to_owned(),
    }
}

fn rules_section(o: &Outcome, layers: &[Layer], lang: Lang) -> String {
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
                esc(if b.require == "none" { t(lang, "无", "none") } else { o.policy.name_zh(&b.require) }),
                b.subjects,
                b.exempt,
                fraction_cell(b.met as u64, b.required as u64, b.share_required_pct),
                fraction_cell(b.population_met, b.population_required, b.share_population_pct),
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    // Chart: residents served per rule, and after proposals when there are any.
    let gains = proposal_gains(layers);
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
            if let Some(gains) = gains {
                let after = (r.population_met + gains.get(&r.id).copied().unwrap_or(0))
                    .min(r.population_required);
                bars.push((
                    pct(after as f64, whole),
                    PROPOSED,
                    t(lang, "建议实施后", "with proposals").to_owned(),
                ));
            }
            (format!("{} {}", r.id, r.clause), bars)
        })
        .collect();
    let _ = write!(
        s,
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
    );
    s
}

fn gaps_section(layers: &[Layer], lang: Lang) -> String {
    let mut s = format!("<h2>{}</h2>\n", t(lang, "未达标清单", "Gaps"));
    let Some(l) = layer(layers, "gaps").filter(|l| !l.is_empty()) else {
        let _ = writeln!(s, "<p class=\"empty\">{}</p>", t(lang, "无。", "None."));
        return s;
    };
    let _ = write!(
        s,
        "<table class=\"gaps\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t(lang, "对象", "Subject"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
        t(lang, "涉及人口", "Residents"),
        t(lang, "原因", "Reason"),
    );
    let rows = &l.features()[..l.features().len().min(TABLE_ROWS_MAX)];
    for f in rows {
        let _ = writeln!(
            s,
            "<tr><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&name_in(f, lang)),
            esc(prop(f, "subject")),
            esc(prop(f, "rule")),
            esc(prop(f, "clause")),
            f["properties"]["population"].as_u64().unwrap_or(0),
            esc(match lang {
                Lang::Zh => prop(f, "reason_zh"),
                Lang::En => prop(f, "reason_en"),
            })
        );
    }
    s.push_str("</tbody>\n</table>\n");
    s.push_str(&more_rows(rows.len(), l.len(), "gaps.geojson", lang));
    s
}

/// Minutes from each settlement to its nearest facility per service family,
/// where the settlements layer has `<family>_min` fields (travel times).
fn minutes_section(o: &Outcome, layers: &[Layer], lang: Lang) -> String {
    let Some(l) = layer(layers, "settlements") else {
        return String::new();
    };
    let families: Vec<&String> = o
        .policy
        .families
        .keys()
        .filter(|fam| {
            let key = format!("{fam}_min");
            l.features()
                .iter()
                .any(|f| f["properties"].get(&key).is_some())
        })
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
        let _ = write!(s, "<th class=\"num\">{}</th>", esc(fam));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    let rows = &l.features()[..l.features().len().min(TABLE_ROWS_MAX)];
    for f in rows {
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
                    Some(r) if !r.is_empty() => esc(r),
                    _ => "—".to_owned(),
                },
            };
            let _ = write!(s, "<td class=\"num\">{cell}</td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s.push_str(&more_rows(rows.len(), l.len(), "settlements.geojson", lang));
    s
}

fn relocations_section(layers: &[Layer], lang: Lang) -> String {
    let Some(l) = layer(layers, "relocations").filter(|l| !l.is_empty()) else {
        return String::new();
    };
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
    let rows = &l.features()[..l.features().len().min(TABLE_ROWS_MAX)];
    for f in rows {
        let p = &f["properties"];
        let to = match lang {
            Lang::Zh => prop(f, "to_name_zh"),
            Lang::En => prop(f, "to_name"),
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&name_in(f, lang)),
            esc(if to.is_empty() { "—" } else { to }),
            p["residents"].as_u64().unwrap_or(0),
            p["distance_m"].as_f64().map_or("—".to_owned(), |d| format!("{} km", num(d / 1000.0, 1))),
            esc(prop(f, "clause")),
            esc(prop(f, "basis"))
        );
    }
    s.push_str("</tbody>\n</table>\n");
    s.push_str(&more_rows(rows.len(), l.len(), "relocations.geojson", lang));
    s
}

fn proposals_section(o: &Outcome, layers: &[Layer], lang: Lang) -> String {
    let Some(l) = layer(layers, "proposed") else {
        return String::new();
    };
    let mut s = format!(
        "<h2>{}</h2>\n",
        t(lang, "建议新设施", "Proposed facilities")
    );
    if l.is_empty() {
        let _ = writeln!(s, "<p class=\"empty\">{}</p>", t(lang, "无。", "None."));
        return s;
    }
    let _ = write!(
        s,
        "<table class=\"proposals\">\n<thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t(lang, "序", "Rank"),
        t(lang, "类型", "Kind"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
        t(lang, "新增覆盖人口", "Residents newly covered"),
        t(lang, "求解状态", "Solver status"),
    );
    let row = |s: &mut String,
               rank: Option<u64>,
               kind: &str,
               rule: &str,
               clause: &str,
               covered: u64,
               status: &str| {
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            rank.map_or("—".to_owned(), |r| r.to_string()),
            esc(kind),
            esc(rule),
            esc(clause),
            covered,
            esc(status)
        );
    };
    let shown = if l.is_complete() {
        let mut fs: Vec<&Value> = l.features().iter().collect();
        fs.sort_by_key(|f| f["properties"]["rank"].as_u64().unwrap_or(u64::MAX));
        fs.truncate(TABLE_ROWS_MAX);
        for f in &fs {
            let p = &f["properties"];
            row(
                &mut s,
                p["rank"].as_u64(),
                prop(f, "kind"),
                prop(f, "rule"),
                prop(f, "clause"),
                p["population_covered"].as_u64().unwrap_or(0),
                prop(f, "solver_status"),
            );
        }
        fs.len()
    } else {
        // Too many to keep: the best ranked, from the outcome the layer was written from.
        let mut sites: Vec<&crate::propose::Proposal> = o.proposals.sites.iter().collect();
        sites.sort_by_key(|p| p.rank);
        sites.truncate(TABLE_ROWS_MAX);
        for p in &sites {
            row(
                &mut s,
                Some(p.rank as u64),
                &p.kind,
                &p.rule,
                &p.clause,
                p.population_covered,
                &p.solver_status,
            );
        }
        sites.len()
    };
    s.push_str("</tbody>\n</table>\n");
    s.push_str(&more_rows(shown, l.len(), "proposed.geojson", lang));
    s
}

fn facilities_section(o: &Outcome, lang: Lang) -> String {
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

fn header(o: &Outcome, lang: Lang) -> String {
    let w = &o.dataset.world;
    let residents: u64 = w.settlements.iter().map(|s| s.population).sum();
    let d = &o.dataset.diagnostics;
    let mut s = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} <b>{}</b> · {} <code>{}</code> · {} <code>{}</code> · {} <code>{}</code></p>\n<p class=\"meta\">{}</p>\n",
        esc(&o.scenario.title),
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

fn inputs_section(o: &Outcome, lang: Lang) -> String {
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

/// The report of one run: `layers` are the run's GeoJSON layers as written.
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
    body.push_str(&rules_section(o, layers, lang));
    body.push_str(&gaps_section(layers, lang));
    body.push_str(&relocations_section(layers, lang));
    body.push_str(&minutes_section(o, layers, lang));
    body.push_str(&proposals_section(o, layers, lang));
    body.push_str(&facilities_section(o, lang));
    body.push_str(&inputs_section(o, lang));
    page(
        lang,
        &format!("isleplan — {} ({})", o.scenario.title, o.scenario.year),
        &body,
    )
}

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

fn signed(v: i64) -> String {
    let class = match v.cmp(&0) {
        std::cmp::Ordering::Greater => "pos",
        std::cmp::Ordering::Less => "neg",
        std::cmp::Ordering::Equal => "",
    };
    format!("<span class=\"{class}\">{v:+}</span>")
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
    let mut body = format!(
        "<header>\n<h1>{} → {}</h1>\n<p class=\"meta\">A: <b>{}</b> ({}) · B: <b>{}</b> ({})</p>\n</header>\n",
        esc(&c.a),
        esc(&c.b),
        esc(&a.scenario.title),
        a.scenario.year,
        esc(&b.scenario.title),
        b.scenario.year
    );
    // Both maps share one frame so places line up.
    let all: Vec<Layer> = layers_a.iter().chain(layers_b).cloned().collect();
    let _ = writeln!(
        body,
        "<h2>{}</h2>",
        t(lang, "地图对比", "Maps side by side")
    );
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
            body,
            "<div class=\"maps\">\n<figure><figcaption>A · {}</figcaption>\n{}</figure>\n<figure><figcaption>B · {}</figcaption>\n{}</figure>\n</div>\n{}",
            esc(&a.scenario.title),
            map_svg(layers_a, &frame, &legend, "map-a", &hl_a),
            esc(&b.scenario.title),
            map_svg(layers_b, &frame, &legend, "map-b", &hl_b),
            map_legend(&all, &legend)
        );
        body.push_str(&aggregate_note(&all, &frame, lang));
        let _ = writeln!(
            body,
            "<p class=\"meta\">{}</p>",
            t(lang, "虚线圈：A 图中为撤除、关闭、迁出或调整前的设施，B 图中为新增、迁入或调整后的设施。", "Dashed rings: on A, facilities removed, closed, moved away or changed; on B, facilities added, moved in or changed.")
        );
    }
    // Rule table.
    let _ = write!(
        body,
        "<h2>{}</h2>\n<table class=\"rules\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{} A</th><th class=\"num\">{} B</th><th class=\"num\">Δ</th><th class=\"num\">{} A</th><th class=\"num\">{} B</th><th class=\"num\">Δ</th></tr></thead>\n<tbody>\n",
        t(lang, "逐条规则", "Rule by rule"),
        t(lang, "规则", "Rule"),
        t(lang, "条款", "Clause"),
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
            body,
            "<tr><td><code>{}</code>{wording}</td><td>{}</td><td class=\"num\">{ma}</td><td class=\"num\">{mb}</td><td class=\"num\">{}</td><td class=\"num\">{pa}</td><td class=\"num\">{pb}</td><td class=\"num\">{}</td></tr>",
            esc(&r.rule),
            esc(&r.clause),
            signed(r.delta_met),
            signed(r.delta_population_met)
        );
    }
    body.push_str("</tbody>\n</table>\n");
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
                format!("{} {}", r.rule, r.clause),
                vec![
                    (share(r.a), Rgba::hex(0x9e9e9e), "A".to_owned()),
                    (share(r.b), Rgba::hex(0x1a9641), "B".to_owned()),
                ],
            )
        })
        .collect();
    let _ = write!(
        body,
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
    // Facility changes.
    let _ = writeln!(body, "<h2>{}</h2>", t(lang, "设施变化", "Facility changes"));
    if c.facilities.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"empty\">{}</p>",
            t(lang, "无变化。", "No change.")
        );
    } else {
        let _ = write!(
            body,
            "<table class=\"facility-changes\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            t(lang, "设施", "Facility"),
            t(lang, "变化", "Change"),
            t(lang, "类型 A → B", "Kind A → B"),
            t(lang, "状态 A → B", "Status A → B"),
            t(lang, "迁移距离", "Moved"),
        );
        let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
        for f in c.facilities.iter().take(TABLE_ROWS_MAX) {
            let _ = writeln!(
                body,
                "<tr><td>{} <code>{}</code></td><td>{}</td><td>{} → {}</td><td>{} → {}</td><td class=\"num\">{}</td></tr>",
                esc(&f.name_zh),
                esc(&f.id),
                esc(&f.change),
                esc(&o(&f.kind_before)),
                esc(&o(&f.kind_after)),
                esc(&o(&f.status_before)),
                esc(&o(&f.status_after)),
                f.moved_m.map_or("—".to_owned(), |m| format!("{} km", num(m / 1000.0, 1)))
            );
        }
        body.push_str("</tbody>\n</table>\n");
        body.push_str(&more_rows(
            c.facilities.len().min(TABLE_ROWS_MAX),
            c.facilities.len(),
            "diff_facilities.geojson",
            lang,
        ));
    }
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
        body,
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
    let changed: Vec<_> = c
        .settlements
        .iter()
        .filter(|s| s.change != "unchanged")
        .collect();
    if !changed.is_empty() {
        let _ = write!(
            body,
            "<table class=\"settlement-changes\">\n<thead><tr><th>{}</th><th>{}</th><th>A</th><th>B</th><th>{}</th></tr></thead>\n<tbody>\n",
            t(lang, "居民点", "Settlement"),
            t(lang, "规则", "Rule"),
            t(lang, "变化", "Change"),
        );
        for s in changed.iter().take(TABLE_ROWS_MAX) {
            let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
            let _ = writeln!(
                body,
                "<tr><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s.name_zh),
                esc(&s.settlement),
                esc(&s.rule),
                esc(&o(&s.before)),
                esc(&o(&s.after)),
                esc(&s.change)
            );
        }
        body.push_str("</tbody>\n</table>\n");
        body.push_str(&more_rows(
            changed.len().min(TABLE_ROWS_MAX),
            changed.len(),
            "diff_settlements.geojson",
            lang,
        ));
    }
    page(lang, &format!("isleplan — {} → {}", c.a, c.b), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_has_ten_points_and_closes() {
        let d = star_path(0.0, 0.0, 10.0);

        assert_eq!(d.matches('L').count(), 9);
        assert!(d.starts_with("M0 -10") && d.ends_with('Z'));
    }

    #[test]
    fn frame_keeps_north_up_and_fits_the_width() {
        let f = Frame::new([122.0, 29.5, 123.0, 30.5], 1000.0);

        let (x0, y0) = f.xy(122.0, 30.5);
        let (x1, y1) = f.xy(123.0, 29.5);

        assert_eq!((x0, y0), (24.0, 24.0));
        approx::assert_relative_eq!(x1, 976.0, epsilon = 1e-9);
        assert!(y1 > y0);
    }

    #[test]
    fn bar_chart_clamps_shares_to_the_bar() {
        let svg = bar_chart(
            &[("r".into(), vec![(150.0, Rgba::hex(0), "now".into())])],
            "c",
        );

        assert!(svg.contains("class=\"bar\" x=\"230\" y=\"9\" width=\"560\""));
    }

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

    #[test]
    fn long_tables_end_with_how_many_more() {
        let layers = vec![point_layer("gaps", TABLE_ROWS_MAX + 7, |_| "")];

        let html = gaps_section(&layers, Lang::En);

        assert_eq!(html.matches("<tr><td>").count(), TABLE_ROWS_MAX);
        assert!(html.contains("… and 7 more"));
        assert_eq!(more_rows(5, 5, "x", Lang::En), "");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(12.50, 2), "12.5");
        assert_eq!(num(3.0, 1), "3");
        assert_eq!(num(40.0, 0), "40");
    }
}
