//! QGIS styles: one `.qml` per output layer, chosen by the layer's file name.
//!
//! QGIS applies `<layer>.qml` when it opens `<layer>.geojson`, and the project
//! ([`crate::output::qgis_project`]) and GeoPackage ([`crate::output::gpkg`]) embed the same
//! renderer and labels, so every way of opening the output shows the same map.
//! This module only writes XML; which layers exist and where files go is
//! [`crate::output`]'s business. Colours and the legend are
//! [`legend`](mod@crate::output::legend)'s.
//!
//! The XML is written by hand, in the form QGIS 3.22 itself saves (both the
//! `<Option>` map and the older `<prop>` list, so older 3.x releases read it too),
//! with only the properties we set: QGIS fills in its defaults for the rest.
//! Nothing in it depends on the time or on random ids, so the bytes are stable.

use std::fmt::Write as _;

use crate::output::layer::GeomKind;
use crate::output::legend::{
    gap_ring_step, kind_colour, rule_colour, Lang, Legend, Rgba, ARROW, COAST, GREY,
    MINUTE_CLASSES, PROPOSED, STATUS_COLOURS,
};

/// The font family for labels. Chinese names need a CJK font; Debian's
/// `fonts-noto-cjk` installs this one, and QGIS falls back to a system font
/// where it is missing.
pub const LABEL_FONT: &str = "Noto Sans CJK SC";

const DARK: Rgba = Rgba(50, 50, 50, 255);

const WHITE: Rgba = Rgba(255, 255, 255, 255);

/// Escapes text for an XML attribute or element.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// A symbol layer's properties, written both as `<Option>` map and `<prop>` list.
fn props(indent: &str, kv: &[(&str, String)]) -> String {
    let mut s = format!("{indent}<Option type=\"Map\">\n");
    for (k, v) in kv {
        let _ = writeln!(
            s,
            "{indent}  <Option type=\"QString\" name=\"{k}\" value=\"{}\"/>",
            xml_escape(v)
        );
    }
    let _ = writeln!(s, "{indent}</Option>");
    for (k, v) in kv {
        let _ = writeln!(s, "{indent}<prop k=\"{k}\" v=\"{}\"/>", xml_escape(v));
    }
    s
}

/// Data-defined properties (name → expression) of a symbol layer.
fn data_defined(indent: &str, exprs: &[(&str, &str)]) -> String {
    if exprs.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "{indent}<data_defined_properties>\n{indent}  <Option type=\"Map\">\n{indent}    <Option type=\"QString\" name=\"name\" value=\"\"/>\n{indent}    <Option type=\"Map\" name=\"properties\">\n"
    );
    for (name, expr) in exprs {
        let _ = write!(
            s,
            "{indent}      <Option type=\"Map\" name=\"{name}\">\n{indent}        <Option type=\"bool\" name=\"active\" value=\"true\"/>\n{indent}        <Option type=\"QString\" name=\"expression\" value=\"{}\"/>\n{indent}        <Option type=\"int\" name=\"type\" value=\"3\"/>\n{indent}      </Option>\n",
            xml_escape(expr)
        );
    }
    let _ = write!(
        s,
        "{indent}    </Option>\n{indent}    <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n{indent}  </Option>\n{indent}</data_defined_properties>\n"
    );
    s
}

/// A symbol, as QGIS draws it.
#[derive(Debug, Clone)]
pub enum Symbol {
    /// A simple marker: shape name (`circle`, `square`, `star`, …), fill,
    /// outline, outline width mm, size mm, optional size expression (mm).
    Marker {
        /// QGIS shape name.
        shape: &'static str,
        /// Fill colour.
        fill: Rgba,
        /// Outline colour.
        stroke: Rgba,
        /// Outline width, millimetres.
        stroke_mm: f64,
        /// Size, millimetres.
        size_mm: f64,
        /// Data-defined size in millimetres, overriding `size_mm`.
        size_expr: Option<String>,
    },
    /// A simple line.
    Line {
        /// Colour.
        colour: Rgba,
        /// Width, millimetres.
        width_mm: f64,
    },
    /// A straight arrow (QGIS `ArrowLine`) filled with a colour.
    Arrow {
        /// Fill colour.
        colour: Rgba,
        /// Shaft width, millimetres.
        width_mm: f64,
    },
    /// A simple fill with an outline.
    Fill {
        /// Fill colour.
        fill: Rgba,
        /// Outline colour.
        stroke: Rgba,
        /// Outline width, millimetres.
        stroke_mm: f64,
    },
}

fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

/// The `<symbol>` element for `sym`, named `name`, with opacity `alpha` (0–1).
pub fn symbol_xml(indent: &str, name: &str, sym: &Symbol, alpha: f64) -> String {
    let inner = format!("{indent}    ");
    let (ty, layer) = match sym {
        Symbol::Marker {
            shape,
            fill,
            stroke,
            stroke_mm,
            size_mm,
            size_expr,
        } => {
            let mut l = format!(
                "{indent}  <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            );
            l.push_str(&props(
                &inner,
                &[
                    ("color", fill.qgis()),
                    ("name", (*shape).to_owned()),
                    ("outline_color", stroke.qgis()),
                    ("outline_style", "solid".into()),
                    ("outline_width", num(*stroke_mm)),
                    ("outline_width_unit", "MM".into()),
                    ("size", num(*size_mm)),
                    ("size_unit", "MM".into()),
                ],
            ));
            if let Some(e) = size_expr {
                l.push_str(&data_defined(&inner, &[("size", e)]));
            }
            l.push_str(&format!("{indent}  </layer>\n"));
            ("marker", l)
        }
        Symbol::Line { colour, width_mm } => {
            let mut l = format!(
                "{indent}  <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            );
            l.push_str(&props(
                &inner,
                &[
                    ("capstyle", "round".into()),
                    ("joinstyle", "round".into()),
                    ("line_color", colour.qgis()),
                    ("line_style", "solid".into()),
                    ("line_width", num(*width_mm)),
                    ("line_width_unit", "MM".into()),
                ],
            ));
            l.push_str(&format!("{indent}  </layer>\n"));
            ("line", l)
        }
        Symbol::Arrow { colour, width_mm } => {
            let mut l = format!(
                "{indent}  <layer class=\"ArrowLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            );
            l.push_str(&props(
                &inner,
                &[
                    ("arrow_start_width", num(*width_mm)),
                    ("arrow_start_width_unit", "MM".into()),
                    ("arrow_type", "0".into()),
                    ("arrow_width", num(*width_mm)),
                    ("arrow_width_unit", "MM".into()),
                    ("head_length", num(width_mm * 3.0)),
                    ("head_length_unit", "MM".into()),
                    ("head_thickness", num(width_mm * 1.6)),
                    ("head_thickness_unit", "MM".into()),
                    ("head_type", "0".into()),
                    ("is_curved", "0".into()),
                    ("is_repeated", "0".into()),
                ],
            ));
            let fill = Symbol::Fill {
                fill: *colour,
                stroke: WHITE,
                stroke_mm: 0.2,
            };
            l.push_str(&symbol_xml(&inner, "@0@0", &fill, 1.0));
            l.push_str(&format!("{indent}  </layer>\n"));
            ("line", l)
        }
        Symbol::Fill {
            fill,
            stroke,
            stroke_mm,
        } => {
            let mut l = format!(
                "{indent}  <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            );
            l.push_str(&props(
                &inner,
                &[
                    ("color", fill.qgis()),
                    ("joinstyle", "round".into()),
                    ("outline_color", stroke.qgis()),
                    ("outline_style", "solid".into()),
                    ("outline_width", num(*stroke_mm)),
                    ("outline_width_unit", "MM".into()),
                    ("style", "solid".into()),
                ],
            ));
            l.push_str(&format!("{indent}  </layer>\n"));
            ("fill", l)
        }
    };
    format!(
        "{indent}<symbol type=\"{ty}\" name=\"{}\" alpha=\"{}\" clip_to_extent=\"1\" force_rhr=\"0\">\n{layer}{indent}</symbol>\n",
        xml_escape(name),
        num(alpha)
    )
}

/// How a layer's features are drawn.
#[derive(Debug, Clone)]
pub enum Renderer {
    /// One symbol for all.
    Single(Symbol),
    /// By the value of `field`: (value, legend label, symbol); a `None` value is
    /// QGIS's "all other values" entry.
    Categorized {
        /// The field.
        field: String,
        /// The categories.
        categories: Vec<(Option<String>, String, Symbol)>,
        /// Values whose category is off by default (the reader ticks it in
        /// the legend to see them).
        hidden: Vec<String>,
    },
    /// By ranges of a numeric `field`: (lower, upper, label, symbol).
    Graduated {
        /// The field.
        field: String,
        /// The ranges.
        ranges: Vec<(f64, f64, String, Symbol)>,
    },
}

/// Labels for a layer.
#[derive(Debug, Clone)]
pub struct Labels {
    /// A QGIS expression giving the label text.
    pub expression: String,
    /// Font size, points.
    pub size_pt: f64,
    /// Text colour.
    pub colour: Rgba,
    /// Show only at scales larger than 1:`max_scale` (0: always).
    pub max_scale: u32,
}

/// A layer's whole style.
#[derive(Debug, Clone)]
pub struct Style {
    /// The renderer.
    pub renderer: Renderer,
    /// Symbol opacity, 0–1 (applied to every symbol).
    pub alpha: f64,
    /// Draw features in this order: (field, ascending); a value holding a space
    /// is a QGIS expression.
    pub order_by: Option<(String, bool)>,
    /// Labels, if any.
    pub labels: Option<Labels>,
    /// The geometry the symbols are for.
    pub geom: GeomKind,
    /// Attribute aliases: (field, alias in the legend's language); QGIS shows
    /// the alias in the attribute table and forms.
    pub aliases: Vec<(String, String)>,
}

impl Style {
    /// The `<renderer-v2>`, `<labeling>` and blending elements, as they sit both
    /// in a `.qml` and inside a project's `<maplayer>`.
    pub fn body(&self, indent: &str) -> String {
        let i1 = format!("{indent}  ");
        let i2 = format!("{indent}    ");
        let mut s = String::new();
        let order = if self.order_by.is_some() { "1" } else { "0" };
        let (head, mut symbols) = match &self.renderer {
            Renderer::Single(sym) => (
                format!("{indent}<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"{order}\" referencescale=\"-1\">\n"),
                vec![("0".to_owned(), sym.clone())],
            ),
            Renderer::Categorized {
                field,
                categories,
                hidden,
            } => {
                let mut h = format!("{indent}<renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"{order}\" referencescale=\"-1\">\n{i1}<categories>\n", xml_escape(field));
                for (n, (value, label, _)) in categories.iter().enumerate() {
                    let _ = writeln!(
                        h,
                        "{i2}<category symbol=\"{n}\" value=\"{}\" label=\"{}\" render=\"{}\"/>",
                        xml_escape(value.as_deref().unwrap_or("")),
                        xml_escape(label),
                        value.as_ref().is_none_or(|v| !hidden.contains(v))
                    );
                }
                let _ = writeln!(h, "{i1}</categories>");
                let syms = categories
                    .iter()
                    .enumerate()
                    .map(|(n, (_, _, sym))| (n.to_string(), sym.clone()))
                    .collect();
                (h, syms)
            }
            Renderer::Graduated { field, ranges } => {
                let mut h = format!("{indent}<renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"{order}\" referencescale=\"-1\">\n{i1}<ranges>\n", xml_escape(field));
                for (n, (lo, hi, label, _)) in ranges.iter().enumerate() {
                    let _ = writeln!(
                        h,
                        "{i2}<range symbol=\"{n}\" lower=\"{lo:.6}\" upper=\"{hi:.6}\" label=\"{}\" render=\"true\"/>",
                        xml_escape(label)
                    );
                }
                let _ = writeln!(h, "{i1}</ranges>");
                let syms = ranges
                    .iter()
                    .enumerate()
                    .map(|(n, (_, _, _, sym))| (n.to_string(), sym.clone()))
                    .collect();
                (h, syms)
            }
        };
        s.push_str(&head);
        let _ = writeln!(s, "{i1}<symbols>");
        for (name, sym) in symbols.drain(..) {
            s.push_str(&symbol_xml(&i2, &name, &sym, self.alpha));
        }
        let _ = writeln!(s, "{i1}</symbols>");
        if let Some((field, asc)) = &self.order_by {
            let _ = writeln!(
                s,
                "{i1}<orderby>\n{i2}<orderByClause asc=\"{}\" nullsFirst=\"0\">{}</orderByClause>\n{i1}</orderby>",
                u8::from(*asc),
                xml_escape(&if field.contains(' ') {
                    field.clone()
                } else {
                    format!("\"{field}\"")
                })
            );
        }
        let _ = writeln!(s, "{indent}</renderer-v2>");
        if let Some(l) = &self.labels {
            s.push_str(&labeling_xml(indent, l, self.geom));
        }
        if !self.aliases.is_empty() {
            let _ = writeln!(s, "{indent}<aliases>");
            for (field, alias) in &self.aliases {
                let _ = writeln!(
                    s,
                    "{i1}<alias field=\"{}\" name=\"{}\"/>",
                    xml_escape(field),
                    xml_escape(alias)
                );
            }
            let _ = writeln!(s, "{indent}</aliases>");
        }
        let _ = writeln!(s, "{indent}<blendMode>0</blendMode>");
        let _ = writeln!(s, "{indent}<featureBlendMode>0</featureBlendMode>");
        let _ = writeln!(s, "{indent}<layerOpacity>1</layerOpacity>");
        s
    }

    /// The whole `.qml` document.
    pub fn qml(&self) -> String {
        format!(
            "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Labeling|Rendering|Fields\" labelsEnabled=\"{}\">\n{}  <layerGeometryType>{}</layerGeometryType>\n</qgis>\n",
            u8::from(self.labels.is_some()),
            self.body("  "),
            self.geom.qgis_code()
        )
    }
}

fn labeling_xml(indent: &str, l: &Labels, geom: GeomKind) -> String {
    // Placement: around the point, over the polygon's centroid, along the line.
    let (placement, flags) = match geom {
        GeomKind::Point => (0, 10),
        GeomKind::Polygon => (1, 10),
        GeomKind::Line => (2, 10),
    };
    let scale = if l.max_scale > 0 {
        format!(
            "scaleVisibility=\"1\" scaleMin=\"0\" scaleMax=\"{}\"",
            l.max_scale
        )
    } else {
        "scaleVisibility=\"0\" scaleMin=\"0\" scaleMax=\"0\"".to_owned()
    };
    format!(
        "{indent}<labeling type=\"simple\">
{indent}  <settings calloutType=\"simple\">
{indent}    <text-style fieldName=\"{expr}\" isExpression=\"1\" fontFamily=\"{font}\" namedStyle=\"Regular\" fontSize=\"{size}\" fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" textColor=\"{colour}\" textOpacity=\"1\" multilineHeight=\"1\" blendMode=\"0\" allowHtml=\"0\" capitalization=\"0\">
{indent}      <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" bufferNoFill=\"1\" bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/>
{indent}    </text-style>
{indent}    <text-format multilineAlign=\"3\" wrapChar=\"\" autoWrapLength=\"0\" formatNumbers=\"0\" decimals=\"3\" plussign=\"0\" addDirectionSymbol=\"0\"/>
{indent}    <placement placement=\"{placement}\" placementFlags=\"{flags}\" dist=\"1\" distUnits=\"MM\" quadOffset=\"4\" offsetType=\"0\" centroidInside=\"1\" centroidWhole=\"0\" fitInPolygonOnly=\"0\" priority=\"5\" repeatDistance=\"0\" overrunDistance=\"0\" lineAnchorPercent=\"0.5\"/>
{indent}    <rendering drawLabels=\"1\" {scale} obstacle=\"1\" obstacleFactor=\"1\" obstacleType=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\" limitNumLabels=\"0\" maxNumLabels=\"2000\" minFeatureSize=\"0\" zIndex=\"0\" fontLimitPixelSize=\"0\" fontMinPixelSize=\"0\" fontMaxPixelSize=\"10000\"/>
{indent}  </settings>
{indent}</labeling>
",
        expr = xml_escape(&l.expression),
        font = LABEL_FONT,
        size = num(l.size_pt),
        colour = l.colour.qgis(),
    )
}

/// The drawing order of settlements, ascending: served places by population
/// (largest first, at the bottom), then every gap on top.
const SETTLEMENT_ORDER: &str = "if(\"status\" = 'gap', 1e12, 0) - coalesce(\"population\", 0)";

/// The label expression showing `name_zh` over `name` (either may be missing).
pub const NAME_LABEL: &str = "trim(coalesce(\"name_zh\", '') || '\n' || coalesce(\"name\", ''))";

fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => format!("{zh} {en}"),
        Lang::En => en.to_owned(),
    }
}

fn dot(fill: Rgba, size_mm: f64) -> Symbol {
    Symbol::Marker {
        shape: "circle",
        fill,
        stroke: DARK,
        stroke_mm: 0.2,
        size_mm,
        size_expr: None,
    }
}

/// The style of the layer named `layer` (file stem) drawn as `geom`, or `None`
/// for a layer this module does not know.
///
/// A comparison's `a_<layer>` and `b_<layer>` (the two scenarios' layers side by
/// side) take `<layer>`'s style.
pub fn style(layer: &str, geom: GeomKind, legend: &Legend) -> Option<Style> {
    let layer = side_of(layer).1;
    let lang = legend.lang;
    let name_labels = |size_pt: f64, max_scale: u32| Labels {
        expression: NAME_LABEL.to_owned(),
        size_pt,
        colour: DARK,
        max_scale,
    };
    let other = |sym: Symbol| (None, tr(lang, "其他", "other"), sym);
    let style = match (layer, geom) {
        ("islands", GeomKind::Polygon) => Style {
            // Outlines only: the coast, with no fill to hide what lies beneath
            // (service areas, and the sea a disc spills over stays visible).
            renderer: Renderer::Single(Symbol::Fill {
                fill: Rgba(COAST.0, COAST.1, COAST.2, 0),
                stroke: COAST,
                stroke_mm: 0.4,
            }),
            alpha: 1.0,
            order_by: None,
            labels: Some(name_labels(8.0, 0)),
            geom,
            aliases: Vec::new(),
        },
        ("islands", _) => Style {
            renderer: Renderer::Single(Symbol::Marker {
                shape: "circle",
                fill: Rgba(COAST.0, COAST.1, COAST.2, 0),
                stroke: COAST,
                stroke_mm: 0.4,
                size_mm: 4.0,
                // Area ∝ residents, capped so the main island does not cover the map.
                size_expr: Some("min(14, 2.5 + sqrt(coalesce(\"population\", 0)) / 20)".into()),
            }),
            alpha: 1.0,
            order_by: Some(("population".into(), false)),
            labels: Some(name_labels(8.0, 0)),
            geom,
            aliases: Vec::new(),
        },
        ("settlements", _) => Style {
            renderer: Renderer::Categorized {
                field: "status".into(),
                hidden: Vec::new(),
                categories: STATUS_COLOURS
                    .iter()
                    .map(|(v, c, zh, en)| (Some((*v).to_owned()), tr(lang, zh, en), dot(*c, 3.2)))
                    .chain([other(dot(GREY, 2.4))])
                    .collect(),
            },
            alpha: 1.0,
            // Gaps drawn last, over served neighbours; larger places first below.
            order_by: Some((SETTLEMENT_ORDER.into(), true)),
            labels: Some(name_labels(7.5, 250_000)),
            geom,
            aliases: Vec::new(),
        },
        ("gaps", _) => Style {
            renderer: Renderer::Categorized {
                field: "rule".into(),
                hidden: Vec::new(),
                categories: legend
                    .rules
                    .iter()
                    .map(|(id, clause)| {
                        (
                            Some(id.clone()),
                            format!("{id} ({clause})"),
                            ring(rule_colour(legend, id), gap_ring_step(legend, id)),
                        )
                    })
                    .chain([other(ring(GREY, 0))])
                    .collect(),
            },
            alpha: 1.0,
            order_by: None,
            labels: None,
            geom,
            aliases: Vec::new(),
        },
        ("facilities", _) => Style {
            renderer: Renderer::Categorized {
                field: "kind".into(),
                hidden: Vec::new(),
                categories: legend
                    .kinds
                    .iter()
                    .map(|(kind, zh, family)| {
                        (
                            Some(kind.clone()),
                            tr(lang, zh, kind),
                            facility_symbol(kind_colour(legend, kind), family_shape(legend, family)),
                        )
                    })
                    .chain([other(facility_symbol(GREY, "circle"))])
                    .collect(),
            },
            alpha: 1.0,
            order_by: Some(("tier".into(), true)),
            labels: Some(Labels {
                expression: "coalesce(\"name_zh\", \"name\")".into(),
                size_pt: 6.5,
                colour: DARK,
                max_scale: 60_000,
            }),
            geom,
            aliases: Vec::new(),
        },
        ("proposed", _) => Style {
            renderer: Renderer::Categorized {
                field: "kind".into(),
                hidden: Vec::new(),
                categories: legend
                    .kinds
                    .iter()
                    .map(|(kind, zh, _)| {
                        (
                            Some(kind.clone()),
                            tr(lang, &format!("拟建{zh}"), &format!("proposed {kind}")),
                            star(kind_colour(legend, kind)),
                        )
                    })
                    .chain([other(star(PROPOSED))])
                    .collect(),
            },
            alpha: 1.0,
            order_by: Some(("rank".into(), false)),
            labels: Some(Labels {
                // The number only: the kind is the legend's, and long kind names
                // would bury the map; the number is the report's list order.
                expression: "'#' || coalesce(to_string(\"overall_rank\"), '')".into(),
                size_pt: 7.0,
                colour: PROPOSED,
                max_scale: 0,
            }),
            geom,
            aliases: Vec::new(),
        },
        ("service_areas", _) => Style {
            renderer: Renderer::Graduated {
                field: "minutes".into(),
                ranges: minute_ranges(lang),
            },
            alpha: 0.5,
            // Widest areas first, so nearer (darker) ones lie on top.
            order_by: Some(("minutes".into(), false)),
            labels: None,
            geom,
            aliases: Vec::new(),
        },
        ("relocations", GeomKind::Line) => Style {
            renderer: Renderer::Single(Symbol::Arrow {
                colour: ARROW,
                width_mm: 0.8,
            }),
            alpha: 1.0,
            order_by: None,
            labels: Some(Labels {
                expression: "coalesce(\"name_zh\", \"name\") || ' → ' || coalesce(\"to_name_zh\", \"to_name\", '?') || ' (' || coalesce(to_string(\"residents\"), '?') || ')'".into(),
                size_pt: 7.0,
                colour: ARROW,
                max_scale: 0,
            }),
            geom,
            aliases: Vec::new(),
        },
        ("relocations", _) => Style {
            // A relocation without a destination is drawn where it starts.
            renderer: Renderer::Single(ring(ARROW, 1)),
            alpha: 1.0,
            order_by: None,
            labels: None,
            geom,
            aliases: Vec::new(),
        },
        ("allocation", _) => Style {
            renderer: Renderer::Categorized {
                field: "path".into(),
                hidden: Vec::new(),
                categories: [
                    ("land", Rgba(110, 110, 110, 255), "陆路", "land"),
                    ("bridge", Rgba::hex(0x8c564b), "经桥梁", "bridge"),
                    ("ferry", Rgba::hex(0x1f77b4), "经轮渡", "ferry"),
                ]
                .iter()
                .map(|(v, c, zh, en)| {
                    (
                        Some((*v).to_owned()),
                        tr(lang, zh, en),
                        Symbol::Line {
                            colour: *c,
                            width_mm: 0.3,
                        },
                    )
                })
                .collect(),
            },
            alpha: 0.7,
            order_by: None,
            labels: None,
            geom,
            aliases: Vec::new(),
        },
        ("diff_facilities", _) => Style {
            renderer: Renderer::Categorized {
                field: "change".into(),
                hidden: Vec::new(),
                categories: [
                    ("added", Rgba::hex(0x1a9641), "新增", "added"),
                    ("removed", Rgba::hex(0xd7191c), "撤除", "removed"),
                    ("closed", Rgba::hex(0xd7191c), "关闭", "closed"),
                    ("reopened", Rgba::hex(0x2ca02c), "重开", "reopened"),
                    ("moved", Rgba::hex(0x1f77b4), "迁址", "moved"),
                    ("changed", Rgba::hex(0x9467bd), "调整", "changed"),
                ]
                .iter()
                .map(|(v, c, zh, en)| (Some((*v).to_owned()), tr(lang, zh, en), change_symbol(*c)))
                .chain([other(change_symbol(GREY))])
                .collect(),
            },
            alpha: 1.0,
            order_by: None,
            labels: Some(Labels {
                expression: "coalesce(\"name_zh\", \"id\")".into(),
                size_pt: 7.0,
                colour: DARK,
                max_scale: 0,
            }),
            geom,
            aliases: Vec::new(),
        },
        ("diff_settlements", _) => Style {
            renderer: Renderer::Categorized {
                field: "change".into(),
                // Unchanged places stack under the changes: off until asked for.
                hidden: vec!["unchanged".into()],
                categories: [
                    ("gained", Rgba::hex(0x1a9641), "新达标", "gained"),
                    ("lost", Rgba::hex(0xd7191c), "不再达标", "lost"),
                    ("unchanged", Rgba(200, 200, 200, 255), "不变", "unchanged"),
                ]
                .iter()
                .map(|(v, c, zh, en)| (Some((*v).to_owned()), tr(lang, zh, en), dot(*c, 3.0)))
                .chain([other(dot(GREY, 2.4))])
                .collect(),
            },
            alpha: 1.0,
            order_by: Some(("change".into(), false)),
            labels: None,
            geom,
            aliases: Vec::new(),
        },
        _ => return None,
    };
    let mut style = present_only(style, layer, legend);
    style.aliases = aliases(layer, legend);
    Some(style)
}

/// Fields every layer may hold: (field, zh, en).
const FIELD_ALIASES: [(&str, &str, &str); 44] = [
    ("id", "编号", "id"),
    ("name", "名称(拼音)", "name"),
    ("name_zh", "名称", "Chinese name"),
    ("island", "海岛", "island"),
    ("island_name", "海岛(拼音)", "island name"),
    ("island_name_zh", "海岛名称", "island (Chinese)"),
    ("island_assignment", "海岛归属方式", "island assignment"),
    ("town", "乡镇(街道)", "town"),
    ("kind", "类型", "kind"),
    ("kind_zh", "类型(中文)", "kind (Chinese)"),
    ("family", "服务类别", "service family"),
    ("tier", "等级", "tier"),
    ("status", "状态", "status"),
    ("population", "常住人口", "residents"),
    ("elderly", "老年人口", "elderly residents"),
    ("village_code", "区划代码", "village code"),
    ("territory", "居住范围", "territory"),
    ("gaps", "未达标规则数", "rules failed"),
    ("gap_rules", "未达标规则", "rules failed (ids)"),
    ("rule", "规则", "rule"),
    ("clause", "条款", "clause"),
    ("subject", "对象", "subject"),
    ("subject_kind", "对象类型", "subject kind"),
    ("required", "要求", "required"),
    ("found", "现有", "found"),
    ("minutes", "分钟", "minutes"),
    ("facility", "设施", "facility"),
    ("reason_zh", "原因", "reason (Chinese)"),
    ("reason_en", "原因(英文)", "reason"),
    ("rank", "规则内排名", "rank within rule"),
    ("overall_rank", "总排名", "overall rank"),
    ("site", "选址", "site"),
    ("site_name", "选址(拼音)", "site name"),
    ("site_name_zh", "选址名称", "site (Chinese)"),
    (
        "population_covered",
        "新覆盖人口",
        "residents newly covered",
    ),
    ("solver_status", "求解状态", "solver status"),
    ("profile", "出行方式", "travel profile"),
    ("area_km2", "面积(平方公里)", "area (km²)"),
    ("path", "路径类型", "path kind"),
    ("residents", "居民数", "residents"),
    ("settlement", "居民点", "settlement"),
    ("distance_m", "直线距离(米)", "straight-line distance (m)"),
    ("basis", "依据", "basis"),
    ("change", "变化", "change"),
];

/// The attribute aliases of `layer`, in the legend's language: the fields every
/// layer may hold, and per rule and per service family the fields named after
/// them (`<rule>`, `<rule>_clause`, `<family>_min`, ...). A field the layer does
/// not hold is ignored by QGIS.
pub fn aliases(layer: &str, legend: &Legend) -> Vec<(String, String)> {
    let lang = legend.lang;
    let pick = |zh: String, en: String| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let mut out: Vec<(String, String)> = FIELD_ALIASES
        .iter()
        .map(|(f, zh, en)| ((*f).to_owned(), pick((*zh).to_owned(), (*en).to_owned())))
        .collect();
    // Islands carry a band rule's figures, settlements a travel rule's share
    // and the minutes to each family.
    let suffixes: &[(&str, &str, &str)] = match side_of(layer).1 {
        "islands" => &[
            ("band", "人口档", "band"),
            ("clause", "条款", "clause"),
            ("required", "要求", "required"),
            ("found", "现有", "found"),
            ("to", "迁往", "moves to"),
        ],
        "settlements" => &[("reached_pct", "可达居民比例(%)", "residents reached (%)")],
        _ => &[],
    };
    if !suffixes.is_empty() {
        for (id, clause) in &legend.rules {
            let f = id.replace('-', "_");
            out.push((
                f.clone(),
                pick(format!("{clause} {id}"), format!("{id} ({clause})")),
            ));
            for (suffix, zh, en) in suffixes {
                out.push((
                    format!("{f}_{suffix}"),
                    pick(format!("{id} {zh}"), format!("{id}: {en}")),
                ));
            }
        }
    }
    if side_of(layer).1 == "settlements" {
        let mut families: Vec<&str> = Vec::new();
        for (_, _, fam) in &legend.kinds {
            if !fam.is_empty() && !families.contains(&fam.as_str()) {
                families.push(fam);
            }
        }
        for fam in families {
            for (suffix, zh, en) in [
                ("min", "最近设施分钟", "minutes to the nearest"),
                ("facility", "最近设施", "nearest facility"),
                ("reach", "可达方式", "reach"),
            ] {
                out.push((
                    format!("{fam}_{suffix}"),
                    pick(format!("{fam} {zh}"), format!("{en} {fam}")),
                ));
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A comparison layer's side and base name: `a_settlements` → (Some('a'),
/// `settlements`); any other name → (None, itself).
pub fn side_of(layer: &str) -> (Option<char>, &str) {
    match layer.split_once('_') {
        Some(("a", rest)) => (Some('a'), rest),
        Some(("b", rest)) => (Some('b'), rest),
        _ => (None, layer),
    }
}

/// `style` with only the categories present in `layer` (see
/// [`Legend::present`]); the catch-all "other" stays only when some value
/// present has no category of its own.
fn present_only(mut style: Style, layer: &str, legend: &Legend) -> Style {
    let Some(present) = legend.present.get(layer) else {
        return style;
    };
    if let Renderer::Categorized { categories, .. } = &mut style.renderer {
        let named: Vec<String> = categories.iter().filter_map(|c| c.0.clone()).collect();
        let unnamed = present.iter().any(|v| !named.contains(v));
        categories.retain(|(v, _, _)| match v {
            Some(v) => present.contains(v),
            None => unnamed,
        });
    }
    style
}

/// A gap mark: a hollow ring, 5 mm across for the first rule with a gap and
/// 1.5 mm wider for each next one ([`gap_ring_step`]).
fn ring(colour: Rgba, step: usize) -> Symbol {
    Symbol::Marker {
        shape: "circle",
        fill: Rgba(colour.0, colour.1, colour.2, 0),
        stroke: colour,
        stroke_mm: 0.7,
        size_mm: 5.0 + 1.5 * step as f64,
        size_expr: None,
    }
}

/// A proposal: a hollow star larger than a gap's ring, drawn beneath the gaps
/// and settlements (see [`crate::output::qgis_project`]): its points show around
/// a gap mark without covering it.
fn star(colour: Rgba) -> Symbol {
    Symbol::Marker {
        shape: "star",
        fill: Rgba(colour.0, colour.1, colour.2, 0),
        stroke: colour,
        stroke_mm: 0.6,
        size_mm: 9.0,
        size_expr: None,
    }
}

fn facility_symbol(colour: Rgba, shape: &'static str) -> Symbol {
    Symbol::Marker {
        shape,
        fill: colour,
        stroke: WHITE,
        stroke_mm: 0.25,
        size_mm: 2.5,
        // Higher tiers draw larger: a hospital outweighs a village clinic.
        size_expr: Some("1.6 + 0.8 * coalesce(\"tier\", 1)".into()),
    }
}

/// A facility change: a large square with a dark edge, above every
/// facility of either side.
fn change_symbol(colour: Rgba) -> Symbol {
    Symbol::Marker {
        shape: "square",
        fill: colour,
        stroke: DARK,
        stroke_mm: 0.5,
        size_mm: 5.0,
        size_expr: None,
    }
}

/// Marker shapes, one per family in order, so colour is not the only cue.
const SHAPES: [&str; 6] = [
    "square", "triangle", "diamond", "pentagon", "hexagon", "circle",
];

fn family_shape(legend: &Legend, family: &str) -> &'static str {
    let mut families: Vec<&str> = Vec::new();
    for (_, _, f) in &legend.kinds {
        if !families.contains(&f.as_str()) {
            families.push(f);
        }
    }
    families
        .iter()
        .position(|f| *f == family)
        .map_or("circle", |i| SHAPES[i % SHAPES.len()])
}

fn minute_ranges(lang: Lang) -> Vec<(f64, f64, String, Symbol)> {
    let mut lo = 0.0;
    MINUTE_CLASSES
        .iter()
        .map(|&(hi, colour)| {
            let label = if hi >= 1.0e8 {
                tr(lang, &format!("{lo}分钟以上"), &format!("over {lo} min"))
            } else {
                tr(lang, &format!("≤{hi}分钟"), &format!("≤ {hi} min"))
            };
            let r = (
                lo,
                hi,
                label,
                Symbol::Fill {
                    fill: colour,
                    stroke: Rgba(colour.0 / 2, colour.1 / 2, colour.2 / 2, 255),
                    stroke_mm: 0.2,
                },
            );
            lo = hi;
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legend() -> Legend {
        Legend {
            rules: vec![("band".into(), "5b".into()), ("reloc".into(), "11".into())],
            kinds: vec![
                ("village_clinic".into(), "村卫生室".into(), "health".into()),
                ("hospital".into(), "医院".into(), "health".into()),
                ("canteen".into(), "食堂".into(), "meals".into()),
            ],
            lang: Lang::Zh,
            present: Default::default(),
        }
    }

    fn values(style: &Style) -> Vec<Option<String>> {
        match &style.renderer {
            Renderer::Categorized { categories, .. } => {
                categories.iter().map(|c| c.0.clone()).collect()
            }
            _ => panic!("not categorised"),
        }
    }

    #[test]
    fn aliases_follow_the_language_and_name_rule_and_family_fields() {
        let mut l = legend();
        let zh = aliases("settlements", &l);
        l.lang = Lang::En;
        let en = aliases("settlements", &l);
        let find = |a: &[(String, String)], f: &str| {
            a.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone())
        };

        assert_eq!(find(&zh, "population").as_deref(), Some("常住人口"));
        assert_eq!(find(&en, "population").as_deref(), Some("residents"));
        assert_eq!(find(&en, "band").as_deref(), Some("band (5b)"));
        assert_eq!(
            find(&zh, "meals_min").as_deref(),
            Some("meals 最近设施分钟")
        );
        assert_eq!(
            find(&en, "meals_min").as_deref(),
            Some("minutes to the nearest meals")
        );
        // Rule and family fields belong to settlements and islands only.
        assert_eq!(find(&aliases("gaps", &l), "meals_min"), None);
        let qml = style("settlements", GeomKind::Point, &l).unwrap().qml();
        assert!(
            qml.contains("<alias field=\"population\" name=\"residents\"/>"),
            "{qml}"
        );
    }

    #[test]
    fn legends_list_only_the_categories_present() {
        let mut l = legend();
        l.present
            .insert("facilities".into(), ["hospital".to_owned()].into());
        l.present.insert(
            "gaps".into(),
            ["reloc".to_owned(), "elsewhere".to_owned()].into(),
        );

        let facilities = style("facilities", GeomKind::Point, &l).unwrap();
        let gaps = style("gaps", GeomKind::Point, &l).unwrap();

        assert_eq!(values(&facilities), [Some("hospital".to_owned())]);
        // "elsewhere" has no category of its own: the catch-all stays for it.
        assert_eq!(values(&gaps), [Some("reloc".to_owned()), None]);
    }

    #[test]
    fn unchanged_places_are_off_when_a_comparison_opens() {
        let s = style("diff_settlements", GeomKind::Point, &legend()).unwrap();

        let xml = s.body("");

        assert!(
            xml.contains("value=\"unchanged\" label=\"不变 unchanged\" render=\"false\""),
            "{xml}"
        );
        assert!(xml.contains("value=\"gained\" label=\"新达标 gained\" render=\"true\""));
    }

    #[test]
    fn a_and_b_layers_take_their_layers_style() {
        let a = style("a_settlements", GeomKind::Point, &legend()).unwrap();
        let plain = style("settlements", GeomKind::Point, &legend()).unwrap();

        assert_eq!(a.body(""), plain.body(""));
        assert_eq!(side_of("b_facilities"), (Some('b'), "facilities"));
        assert_eq!(side_of("service_areas"), (None, "service_areas"));
    }

    #[test]
    fn settlements_are_categorized_by_status_with_bilingual_labels() {
        let l = legend();

        let qml = style("settlements", GeomKind::Point, &l).unwrap().qml();

        assert!(qml.contains("type=\"categorizedSymbol\" attr=\"status\""));
        for v in ["served", "gap", "relocate", "relocated"] {
            assert!(qml.contains(&format!("value=\"{v}\"")), "{v}");
        }
        assert!(qml.contains("&quot;name_zh&quot;") && qml.contains("&quot;name&quot;"));
        assert!(qml.contains(LABEL_FONT));
    }

    #[test]
    fn gaps_get_one_colour_per_rule_in_file_order() {
        let l = legend();

        let (a, b) = (rule_colour(&l, "band"), rule_colour(&l, "reloc"));

        assert_ne!(a, b);
        assert_eq!(rule_colour(&l, "unknown"), GREY);
    }

    #[test]
    fn service_areas_are_graduated_by_minutes_and_half_transparent() {
        let l = legend();

        let s = style("service_areas", GeomKind::Polygon, &l).unwrap();

        let qml = s.qml();
        assert!(qml.contains("type=\"graduatedSymbol\" attr=\"minutes\""));
        assert!(qml.contains("alpha=\"0.5\""));
        assert!(qml.contains("<layerGeometryType>2</layerGeometryType>"));
    }

    #[test]
    fn relocation_lines_are_arrows() {
        let l = legend();

        let qml = style("relocations", GeomKind::Line, &l).unwrap().qml();

        assert!(qml.contains("class=\"ArrowLine\""));
        assert!(qml.contains("name=\"@0@0\""));
    }

    #[test]
    fn unknown_layers_have_no_style() {
        assert!(style("summary", GeomKind::Point, &legend()).is_none());
    }

    #[test]
    fn xml_escape_handles_quotes_and_newlines() {
        assert_eq!(
            xml_escape("a\"b'<c>&\n"),
            "a&quot;b&apos;&lt;c&gt;&amp;&#10;"
        );
    }
}
