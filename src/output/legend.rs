//! The legend of a run: its rules and facility kinds, the colours every renderer
//! (QML styles, the GeoPackage, the report) draws them in, and the language. A
//! leaf: it imports nothing of `output`.

use crate::pipeline::Outcome;

/// The language of the report and of legend entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Chinese (the default: the plan, its wording and its users are Chinese).
    #[default]
    Zh,
    /// English.
    En,
}

/// The legend an outcome's styles use: its rules and facility kinds.
pub fn legend(o: &Outcome, lang: Lang) -> Legend {
    let p = &o.policy;
    let mut kinds: Vec<(String, String, String)> = Vec::new();
    for (family, ks) in &p.families {
        for k in ks {
            kinds.push((k.clone(), p.name_zh(k).to_owned(), family.clone()));
        }
    }
    for k in &p.kinds {
        if !kinds.iter().any(|(x, _, _)| x == k) {
            kinds.push((k.clone(), p.name_zh(k).to_owned(), String::new()));
        }
    }
    Legend {
        rules: p
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.clause.clone()))
            .collect(),
        kinds,
        lang,
    }
}

/// What a style needs to know beyond the layer itself: the rules (for gap
/// colours), the facility kinds (for facility colours) and the language of
/// legend entries.
#[derive(Debug, Clone, Default)]
pub struct Legend {
    /// Rule ids with their clauses, in rules-file order.
    pub rules: Vec<(String, String)>,
    /// Facility kinds: (kind, Chinese name, family), families in order, lowest
    /// tier first within each.
    pub kinds: Vec<(String, String, String)>,
    /// The language of legend entries and group names.
    pub lang: Lang,
}

/// An RGBA colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// From `#rrggbb`, opaque.
    pub const fn hex(v: u32) -> Self {
        Self((v >> 16) as u8, (v >> 8) as u8, v as u8, 255)
    }

    /// The colour as QGIS writes it: `r,g,b,a`.
    pub fn qgis(self) -> String {
        format!("{},{},{},{}", self.0, self.1, self.2, self.3)
    }

    /// `#rrggbb` for HTML and SVG.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A categorical palette (Tableau 10 without the reds, which mean "gap").
pub const PALETTE: [Rgba; 9] = [
    Rgba::hex(0x1f77b4),
    Rgba::hex(0xff7f0e),
    Rgba::hex(0x9467bd),
    Rgba::hex(0x8c564b),
    Rgba::hex(0xe377c2),
    Rgba::hex(0x17becf),
    Rgba::hex(0xbcbd22),
    Rgba::hex(0x2ca02c),
    Rgba::hex(0x7f7f7f),
];

/// Settlement status colours: served, gap, relocate (a move pending or suggested),
/// relocated (emptied by a move made).
pub const STATUS_COLOURS: [(&str, Rgba, &str, &str); 4] = [
    ("served", Rgba::hex(0x1a9641), "已达标", "served"),
    ("gap", Rgba::hex(0xd7191c), "未达标", "gap"),
    ("relocate", Rgba::hex(0xfdae61), "拟迁居", "relocate"),
    ("relocated", Rgba::hex(0x9e9e9e), "已迁居", "relocated"),
];

/// Land fill for islands.
pub const LAND: Rgba = Rgba(238, 232, 213, 255);

/// Island outline.
pub const COAST: Rgba = Rgba(140, 130, 105, 255);

/// Relocation arrows.
pub const ARROW: Rgba = Rgba::hex(0xe66101);

/// Proposed facilities.
pub const PROPOSED: Rgba = Rgba::hex(0x6a3d9a);

/// Service-area classes: (upper bound in minutes, colour). Deeper blue = closer.
pub const MINUTE_CLASSES: [(f64, Rgba); 5] = [
    (10.0, Rgba::hex(0x08519c)),
    (15.0, Rgba::hex(0x3182bd)),
    (30.0, Rgba::hex(0x6baed6)),
    (60.0, Rgba::hex(0x9ecae1)),
    (1.0e9, Rgba::hex(0xc6dbef)),
];

/// The colour of a rule, by its place in the rules file.
pub fn rule_colour(legend: &Legend, rule: &str) -> Rgba {
    let i = legend.rules.iter().position(|(id, _)| id == rule);
    i.map_or(GREY, |i| PALETTE[i % PALETTE.len()])
}

/// The colour of a service family, by its place among the families.
pub fn family_colour(legend: &Legend, family: &str) -> Rgba {
    let mut families: Vec<&str> = Vec::new();
    for (_, _, f) in &legend.kinds {
        if !families.contains(&f.as_str()) {
            families.push(f);
        }
    }
    let i = families.iter().position(|f| *f == family);
    i.map_or(GREY, |i| PALETTE[i % PALETTE.len()])
}

fn family_of<'a>(legend: &'a Legend, kind: &str) -> &'a str {
    legend
        .kinds
        .iter()
        .find(|(k, _, _)| k == kind)
        .map_or("", |(_, _, f)| f.as_str())
}

/// The family of a facility kind, for callers that colour by family.
pub fn kind_family<'a>(legend: &'a Legend, kind: &str) -> &'a str {
    family_of(legend, kind)
}

/// Grey: what no palette entry names.
pub const GREY: Rgba = Rgba(150, 150, 150, 255);
