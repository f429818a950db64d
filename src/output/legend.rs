//! The legend of a run: its rules and facility kinds, the colours every renderer
//! (QML styles, the GeoPackage, the report) draws them in, the categories
//! present in each layer, and the language. A leaf: it imports nothing of
//! `output`.
//!
//! Colours: one per rule, by its place in the rules file, from `PALETTE`
//! (18 colours, no reds: red means "gap"); a rules file of more than 18 rules
//! starts the palette again, each round darker by a third (`categorical`), so
//! rule 19 is a darker blue than rule 1, and the legend's label tells them
//! apart. Facilities: one hue per family (the same palette, by the family's
//! place), one shade per tier within it, lightest for the lowest tier
//! (`kind_colour`).

use std::collections::{BTreeMap, BTreeSet};

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

/// The scenario's title in `lang`: `title_zh` / `title_en` when the scenario
/// gives them, else its `title` as written.
pub fn title_in(s: &crate::scenario::Scenario, lang: Lang) -> &str {
    match lang {
        Lang::Zh => s.title_zh.as_deref(),
        Lang::En => s.title_en.as_deref(),
    }
    .unwrap_or(&s.title)
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
    let mut present: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    present.insert(
        "gaps".into(),
        o.coverage
            .gaps
            .iter()
            .map(|g| p.rules[g.rule].id.clone())
            .collect(),
    );
    present.insert(
        "facilities".into(),
        o.dataset
            .world
            .facilities
            .iter()
            .map(|f| f.kind.clone())
            .collect(),
    );
    present.insert(
        "proposed".into(),
        o.proposals.sites.iter().map(|s| s.kind.clone()).collect(),
    );
    Legend {
        rules: p
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.clause.clone()))
            .collect(),
        kinds,
        lang,
        present,
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
    /// Per layer (file stem), the values of its categorised field present in
    /// the output (`rule` of gaps, `kind` of facilities and proposals, `status`
    /// of settlements, `change` of diffs): styles list only these. A layer
    /// without an entry lists every category.
    pub present: BTreeMap<String, BTreeSet<String>>,
}

impl Legend {
    /// Whether `value` occurs in `layer`'s categorised field (true when the
    /// layer's values are not known).
    pub fn is_present(&self, layer: &str, value: &str) -> bool {
        self.present.get(layer).is_none_or(|v| v.contains(value))
    }
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

/// A categorical palette: Tableau 20 without its two reds (red means "gap"),
/// the nine strong colours first, then their light partners, so the first nine
/// rules are the most distinct. See [`categorical`] past its end.
pub const PALETTE: [Rgba; 18] = [
    Rgba::hex(0x1f77b4),
    Rgba::hex(0xff7f0e),
    Rgba::hex(0x9467bd),
    Rgba::hex(0x8c564b),
    Rgba::hex(0xe377c2),
    Rgba::hex(0x17becf),
    Rgba::hex(0xbcbd22),
    Rgba::hex(0x2ca02c),
    Rgba::hex(0x7f7f7f),
    Rgba::hex(0xaec7e8),
    Rgba::hex(0xffbb78),
    Rgba::hex(0xc5b0d5),
    Rgba::hex(0xc49c94),
    Rgba::hex(0xf7b6d2),
    Rgba::hex(0x9edae5),
    Rgba::hex(0xdbdb8d),
    Rgba::hex(0x98df8a),
    Rgba::hex(0xc7c7c7),
];

/// The `i`-th categorical colour: [`PALETTE`]`[i % 18]`, darkened by a third
/// for each time the palette has been used up (`i / 18`), so no two of the
/// first 54 categories share a colour.
pub fn categorical(i: usize) -> Rgba {
    let base = PALETTE[i % PALETTE.len()];
    let round = (i / PALETTE.len()) as i32;
    let k = (2.0f64 / 3.0).powi(round);
    let f = |c: u8| (f64::from(c) * k).round() as u8;
    Rgba(f(base.0), f(base.1), f(base.2), 255)
}

/// `c` mixed with white (`t` > 0) or black (`t` < 0) by |t| (0..1).
pub fn shade(c: Rgba, t: f64) -> Rgba {
    let (target, k) = if t >= 0.0 { (255.0, t) } else { (0.0, -t) };
    let f = |x: u8| (f64::from(x) + (target - f64::from(x)) * k).round() as u8;
    Rgba(f(c.0), f(c.1), f(c.2), c.3)
}

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
pub const MINUTE_CLASSES: [(f64, Rgba); 6] = [
    (5.0, Rgba::hex(0x08306b)),
    (10.0, Rgba::hex(0x08519c)),
    (15.0, Rgba::hex(0x3182bd)),
    (30.0, Rgba::hex(0x6baed6)),
    (60.0, Rgba::hex(0x9ecae1)),
    (1.0e9, Rgba::hex(0xc6dbef)),
];

/// The colour of a rule, by its place in the rules file.
pub fn rule_colour(legend: &Legend, rule: &str) -> Rgba {
    let i = legend.rules.iter().position(|(id, _)| id == rule);
    i.map_or(GREY, categorical)
}

/// The place of `rule` among the rules with a gap (rules-file order; 0 when
/// unknown): gap rings grow by it, so the rings of several rules failed at one
/// place are concentric instead of stacked.
pub fn gap_ring_step(legend: &Legend, rule: &str) -> usize {
    legend
        .rules
        .iter()
        .filter(|(id, _)| legend.is_present("gaps", id))
        .position(|(id, _)| id == rule)
        .unwrap_or(0)
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
    i.map_or(GREY, categorical)
}

/// The colour of a facility kind: its family's colour, shaded by its tier
/// within the family — lightest (+40 % white) for the lowest tier, darkest
/// (−35 %, black) for the highest; a family of one kind keeps its colour.
pub fn kind_colour(legend: &Legend, kind: &str) -> Rgba {
    let family = family_of(legend, kind);
    if family.is_empty() {
        return GREY;
    }
    let tiers: Vec<&str> = legend
        .kinds
        .iter()
        .filter(|(_, _, f)| f == family)
        .map(|(k, _, _)| k.as_str())
        .collect();
    let base = family_colour(legend, family);
    let n = tiers.len();
    if n < 2 {
        return base;
    }
    let t = tiers.iter().position(|k| *k == kind).unwrap_or(0) as f64 / (n - 1) as f64;
    shade(base, 0.4 - 0.75 * t)
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

/// A service family's name in `lang`, for the families of the plan's rules
/// file; `None` for a family this table does not know (show its id as code).
pub fn family_words(lang: Lang, family: &str) -> Option<&'static str> {
    let (zh, en) = match family {
        "health" => ("医疗卫生", "health"),
        "emergency" => ("急救", "emergency"),
        "aed" => ("AED", "AED"),
        "elderly_care" => ("养老服务", "elderly care"),
        "meals" => ("助餐", "meals"),
        "senior_education" => ("老年教育", "senior education"),
        "education" => ("教育", "education"),
        "training" => ("职业技能培训", "training"),
        "employment" => ("就业", "employment"),
        "livelihood" => ("民生服务", "livelihood"),
        _ => return None,
    };
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// Grey: what no palette entry names.
pub const GREY: Rgba = Rgba(150, 150, 150, 255);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_54_categories_have_distinct_colours() {
        let colours: BTreeSet<(u8, u8, u8)> =
            (0..54).map(categorical).map(|c| (c.0, c.1, c.2)).collect();

        assert_eq!(colours.len(), 54);
        // Round 2 is the palette darkened by a third: 0x1f77b4 → (21, 79, 120).
        assert_eq!(categorical(18), Rgba(21, 79, 120, 255));
    }

    #[test]
    fn tiers_of_a_family_get_distinct_shades_lightest_first() {
        let legend = Legend {
            kinds: ["village_clinic", "sub_centre", "health_centre", "hospital"]
                .iter()
                .map(|k| ((*k).to_owned(), String::new(), "health".to_owned()))
                .collect(),
            ..Legend::default()
        };

        let c: Vec<Rgba> = legend
            .kinds
            .iter()
            .map(|(k, _, _)| kind_colour(&legend, k))
            .collect();

        let sum = |c: Rgba| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(c.windows(2).all(|w| sum(w[0]) > sum(w[1])), "{c:?}");
        // Lowest tier: 0x1f77b4 + 40 % white: 31 + (255 − 31) × 0.4 = 120.6 → 121.
        assert_eq!(c[0], Rgba(121, 173, 210, 255));
    }
}
