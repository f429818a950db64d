//! The SVG map of a report and its legend, drawn from the layers' collected
//! features ([`Layer`]): islands (outlines, else circles by residents), service
//! areas, relocation arrows, facilities, settlements by status, gaps, proposals
//! and, on compare maps, highlighted places; layers too large to draw one by one
//! are drawn as a grid (see the `grid` module).

use std::fmt::Write as _;

use geo::Coord;
use serde_json::Value;

use super::grid::{
    aggregated, grid_cells, grid_markers, Grid, FACILITIES, GAPS, PROPOSALS, SETTLEMENTS,
    SHARE_CLASSES,
};
use super::page::t;
use super::{layer, name_in, num, prop};
use crate::output::layer::each_position;
use crate::output::layer::Layer;
use crate::output::legend::gap_ring_step;
use crate::output::legend::kind_colour;
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

/// Lon/lat → SVG pixels: equirectangular, x shrunk by cos(latitude) so shapes
/// keep their proportions over a district.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    lon0: f64,
    lat1: f64,
    /// Pixels per degree of latitude.
    pub(super) k: f64,
    cos: f64,
    /// Width in pixels.
    pub(super) width: f64,
    /// Height in pixels.
    pub(super) height: f64,
    pad: f64,
}

impl Frame {
    /// The frame of lon/lat bounds `b` (`[min_x, min_y, max_x, max_y]`), `width` pixels wide.
    pub(super) fn new(b: [f64; 4], width: f64) -> Self {
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

    /// Lon/lat → pixels.
    pub(super) fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.pad + (lon - self.lon0) * self.cos * self.k,
            self.pad + (self.lat1 - lat) * self.k,
        )
    }
}

/// A pixel coordinate, to a tenth.
pub(super) fn px(v: f64) -> String {
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

/// A Point geometry's lon/lat.
fn point_of(g: &Value) -> Option<(f64, f64)> {
    match g["type"].as_str()? {
        "Point" => Some((g["coordinates"][0].as_f64()?, g["coordinates"][1].as_f64()?)),
        _ => None,
    }
}

/// An SVG tooltip.
pub(super) fn title_el(text: &str) -> String {
    format!("<title>{}</title>", esc(text))
}

/// A marker drawn at a highlighted place (compare maps).
#[derive(Debug, Clone)]
pub(super) struct Highlight {
    /// Where (lon/lat).
    pub(super) at: Coord<f64>,
    /// The ring's colour.
    pub(super) colour: Rgba,
    /// Its tooltip.
    pub(super) text: String,
}

/// The map of `layers` in `frame`; `id` prefixes the SVG ids (two maps per page).
pub(super) fn map_svg(
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
                .map_or(MINUTE_CLASSES[MINUTE_CLASSES.len() - 1].1, |c| c.1);
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
    // Proposals lie beneath facilities, settlements and gaps, as hollow stars
    // larger than a gap's ring: a gap mark is never covered by a proposal.
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
                kind_colour(legend, kind)
            };
            let _ = writeln!(
                s,
                "<path class=\"proposed\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" stroke-linejoin=\"round\">{}</path>",
                star_path(sx, sy, 11.0),
                colour.css(),
                title_el(&format!(
                    "#{} {} · {}{} · +{} {}",
                    f["properties"]["overall_rank"],
                    match lang {
                        Lang::Zh => prop(f, "kind_zh"),
                        Lang::En => kind,
                    },
                    match lang {
                        Lang::Zh => String::new(),
                        Lang::En => format!("{} ", prop(f, "rule")),
                    },
                    prop(f, "clause"),
                    f["properties"]["population_covered"].as_u64().unwrap_or(0),
                    t(lang, "人", "residents")
                ))
            );
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
            let colour = kind_colour(legend, prop(f, "kind"));
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
                title_el(&format!(
                    "{} · {} · {}",
                    name_in(f, lang),
                    match lang {
                        Lang::Zh => prop(f, "kind_zh"),
                        Lang::En => prop(f, "kind"),
                    },
                    match (lang, prop(f, "status")) {
                        (Lang::Zh, "existing") => "现有",
                        (Lang::Zh, "planned") => "规划",
                        (Lang::Zh, "closing") => "关闭",
                        (_, other) => other,
                    }
                ))
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
                    "{} · {} {} · {}",
                    name_in(f, lang),
                    f["properties"]["population"].as_u64().unwrap_or(0),
                    t(lang, "人", "residents"),
                    STATUS_COLOURS
                        .iter()
                        .find(|(v, ..)| *v == status)
                        .map_or(status, |c| t(lang, c.2, c.3))
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
                "<circle class=\"gap\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\">{}</circle>",
                px(sx),
                px(sy),
                // Concentric: one ring per rule failed here, none hidden.
                px(6.5 + 3.0 * gap_ring_step(legend, rule) as f64),
                rule_colour(legend, rule).css(),
                title_el(&format!(
                    "{}{}: {}",
                    // Rule ids are English: the zh page names the clause only.
                    match lang {
                        Lang::Zh => String::new(),
                        Lang::En => format!("{rule} "),
                    },
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

/// A five-pointed star of radius `r` at (`x`, `y`), as SVG path data.
pub(super) fn star_path(x: f64, y: f64, r: f64) -> String {
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

/// A legend swatch: `ring`, `square`, `arrow`, `area`, `land`, `star` or a dot.
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
/// A facility kind in the page's language: its Chinese name, or its id with
/// underscores as spaces; an id with no Chinese name stays code.
fn kind_words(lang: Lang, kind: &str, zh: &str) -> String {
    match lang {
        Lang::Zh if zh != kind && !zh.is_empty() => esc(zh),
        Lang::Zh => format!("<code>{}</code>", esc(kind)),
        Lang::En => esc(&kind.replace('_', " ")),
    }
}

pub(super) fn map_legend(layers: &[Layer], legend: &Legend) -> String {
    let lang = legend.lang;
    // (swatch, label as HTML: ids and kinds in `code`, the rest escaped)
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
                    format!(
                        "{} <code>{}</code> ({})",
                        t(lang, "未达标：", "gap:"),
                        esc(id),
                        esc(clause)
                    ),
                ));
            }
        }
    }
    if let Some(l) = complete("facilities") {
        for (kind, zh, _) in &legend.kinds {
            if l.features().iter().any(|f| prop(f, "kind") == kind) {
                items.push((
                    swatch("square", kind_colour(legend, kind)),
                    format!(
                        "{} {}",
                        t(lang, "设施：", "facility:"),
                        kind_words(lang, kind, zh)
                    ),
                ));
            }
        }
    }
    if let Some(l) = complete("proposed") {
        for (kind, zh, _) in &legend.kinds {
            if l.features().iter().any(|f| prop(f, "kind") == kind) {
                items.push((
                    swatch("star", kind_colour(legend, kind)),
                    format!(
                        "{} {}",
                        t(lang, "建议新设：", "proposed:"),
                        kind_words(lang, kind, zh)
                    ),
                ));
            }
        }
    } else if layer(layers, "proposed").is_some() {
        items.push((
            swatch("star", PROPOSED),
            esc(t(lang, "建议新设施", "proposed facility")),
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
        let _ = write!(s, "<li>{sw}<span>{label}</span></li>");
    }
    s.push_str("</ul>\n");
    s
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
}
