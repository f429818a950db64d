//! The plan's rules as data: the rules file, its validation, and evaluation.
//!
//! A rules file (TOML) declares service families with their tier order and a list
//! of rules, each with its clause, the Chinese wording and an English summary.
//! [`evaluate`](crate::rules::evaluate) applies them to a [`World`](crate::model::World) and returns one [`Finding`](crate::rules::Finding) per
//! (subject, rule); turning findings into gaps and figures is `coverage`'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::index::PointIndex;
use geo::{Area, MultiPolygon};

use crate::model::{IslandId, Settlement, SettlementKind, World};
use crate::network::areas::reached_shares;
use crate::network::cost::{line_of, TravelFile, TravelSettings};
use crate::network::travel::{minutes_between, Reach, Request, TravelTimes};
use crate::projection::{distance_m, LocalProjection};

/// The rules file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    settings: Settings,
    families: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    other_kinds: Vec<String>,
    #[serde(default)]
    names_zh: BTreeMap<String, String>,
    #[serde(default)]
    travel: Option<TravelFile>,
    #[serde(rename = "rule", default)]
    rules: Vec<toml::Spanned<toml::Table>>,
}

/// Settings that are not rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// How far outside every outline a coastal point may lie and still be put on
    /// the nearest island, metres.
    #[serde(default = "default_snap")]
    pub snap_tolerance_m: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            snap_tolerance_m: default_snap(),
        }
    }
}

fn default_snap() -> f64 {
    300.0
}

#[derive(Debug, Clone)]
struct RuleDef {
    id: String,
    clause: String,
    wording_zh: String,
    summary_en: String,
    kind: RuleKind,
}

impl RuleDef {
    /// Splits the common fields off a `[[rule]]` table, then reads the rest by type,
    /// refusing unknown keys (serde cannot combine `flatten` with that refusal).
    fn from_table(mut t: toml::Table) -> std::result::Result<Self, String> {
        let mut text = |key: &str| match t.remove(key) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s),
            Some(other) => Err(format!(
                "`{key}` must be non-empty text, found {}",
                other.type_str()
            )),
            None => Err(format!("missing `{key}`")),
        };
        let id = text("id")?;
        let clause = text("clause").map_err(|e| format!("rule {id:?}: {e}"))?;
        let wording_zh = text("wording_zh").map_err(|e| format!("rule {id:?}: {e}"))?;
        let summary_en = text("summary_en").map_err(|e| format!("rule {id:?}: {e}"))?;
        let kind = RuleKind::deserialize(t).map_err(|e| format!("rule {id:?}: {}", e.message()))?;
        Ok(Self {
            id,
            clause,
            wording_zh,
            summary_en,
            kind,
        })
    }
}

/// What a rule checks, with its parameters.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RuleKind {
    /// Subjects in a population band must have a facility of a tier (or better) of
    /// a family, on the same island or in the same village.
    Band {
        /// Islands, villages, communities or any settlement.
        subject: Subject,
        /// The service family whose tiers the bands name.
        family: String,
        /// Population bands, contiguous from 0, in increasing order.
        bands: Vec<Band>,
    },
    /// Islands under a population are relocation candidates, with a destination.
    Consolidate {
        /// Islands with fewer residents than this (and at least one) are candidates.
        below: u64,
        /// The family whose tier a default destination must have.
        family: String,
        /// A default destination is the nearest island with at least this tier.
        destination_min_tier: String,
        /// Destinations the plan names.
        #[serde(default)]
        destinations: Vec<Destination>,
    },
    /// Each subject reaches a facility of a family, at a tier or better, within some
    /// minutes (the plan's 15- and 30-minute circles).
    Access {
        /// Villages, communities or any settlement.
        subject: Subject,
        /// The service family.
        family: String,
        /// The lowest tier that counts (default: the family's lowest).
        #[serde(default)]
        min_tier: Option<String>,
        /// The limit, minutes.
        minutes: f64,
        /// The travel profile (default: `travel.default_profile`).
        #[serde(default)]
        profile: Option<String>,
    },
    /// At least a share of the subjects reach a facility of a family within some
    /// minutes, with a target per year.
    Share {
        /// Villages, communities or any settlement.
        subject: Subject,
        /// The service family.
        family: String,
        /// The lowest tier that counts (default: the family's lowest).
        #[serde(default)]
        min_tier: Option<String>,
        /// The limit, minutes.
        minutes: f64,
        /// The travel profile (default: `travel.default_profile`).
        #[serde(default)]
        profile: Option<String>,
        /// Targets: percent of subjects, by year.
        targets: Vec<YearTarget>,
    },
    /// Every town (乡镇/街道) of at least some residents has a facility of a family, at
    /// a tier or better, on one of its islands.
    PerTown {
        /// The service family.
        family: String,
        /// The lowest tier that counts (default: the family's lowest).
        #[serde(default)]
        min_tier: Option<String>,
        /// Towns with fewer residents (sum of their islands') are not subjects.
        #[serde(default)]
        min_population: u64,
        /// When given, only towns whose name ends with one of these are subjects
        /// (`["镇", "乡"]` for 建制乡镇, leaving out streets 街道).
        #[serde(default)]
        town_suffixes: Vec<String>,
    },
    /// At least so many facilities (or staff) of a family per so many residents (or
    /// elderly residents) in an area, with a target per year.
    Ratio {
        /// The service family.
        family: String,
        /// The lowest tier that counts (default: the family's lowest).
        #[serde(default)]
        min_tier: Option<String>,
        /// What is counted: open facilities, or their `staff`.
        count: Counted,
        /// Per whom: residents, or residents aged 60+ (`elderly`).
        per: Base,
        /// Per how many of them (100000 for "per 100,000 residents").
        unit: f64,
        /// The whole district, or each town.
        #[serde(default)]
        area: RatioArea,
        /// Targets: the least ratio, by year.
        targets: Vec<YearTarget>,
    },
}

/// A target that applies from a year on (until a later target replaces it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearTarget {
    /// The year the target is due.
    pub year: i32,
    /// The least value: percent for share rules, a ratio for ratio rules.
    pub min: f64,
}

/// The target in force in `year`: the one of the latest year not after it.
pub fn target_for(targets: &[YearTarget], year: i32) -> Option<&YearTarget> {
    targets
        .iter()
        .filter(|t| t.year <= year)
        .max_by_key(|t| t.year)
}

/// What a ratio rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counted {
    /// Open facilities.
    Facilities,
    /// The `staff` of open facilities.
    Staff,
}

/// Whom a ratio rule counts per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// Settlement residents.
    Residents,
    /// Settlement residents aged 60 and over (`elderly`).
    Elderly,
}

impl Base {
    /// The name used in the rules file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Residents => "residents",
            Self::Elderly => "elderly",
        }
    }
}

/// Percent of `part` in `whole`, rounded to 0.1 (100 when `whole` is 0).
pub fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Where a ratio rule is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatioArea {
    /// The whole dataset.
    #[default]
    District,
    /// Each town.
    Town,
}

/// Who a band rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// Each island, by its resident population.
    Island,
    /// Each administrative village (settlement kind `village`).
    Village,
    /// Each urban community (settlement kind `community`).
    Community,
    /// Each settlement of any kind.
    Settlement,
}

impl Subject {
    /// The name used in the rules file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Island => "island",
            Self::Village => "village",
            Self::Community => "community",
            Self::Settlement => "settlement",
        }
    }

    /// Whether a settlement of `kind` is one of this rule's subjects.
    pub fn takes(self, kind: SettlementKind) -> bool {
        match self {
            Self::Island => false,
            Self::Village => kind == SettlementKind::Village,
            Self::Community => kind == SettlementKind::Community,
            Self::Settlement => true,
        }
    }
}

/// One population band: `min`..=`max` residents, as the plan writes its ranges
/// ("100—500人" holds both 100 and 500), and what it requires.
///
/// Neighbouring bands may share an edge, as the plan's ranges do (500 is in both
/// "100—500" and "500—1000"): a population on a shared edge goes to the stricter
/// requirement of the two ([`Band::pick`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest population in the band (inclusive).
    pub min: u64,
    /// Highest population in the band (inclusive); none for the last band.
    pub max: Option<u64>,
    /// The facility kind required (a tier of the family), or `"none"`.
    pub require: String,
    /// The clause for this band, when narrower than the rule's.
    pub clause: Option<String>,
    /// A note shown with findings in this band.
    pub note: Option<String>,
}

impl Band {
    /// The band as text: `100–500`, `1000+`.
    pub fn label(&self) -> String {
        match self.max {
            Some(max) => format!("{}–{}", self.min, max),
            None => format!("{}+", self.min),
        }
    }

    /// Whether the band's range holds `population` (edges included).
    pub fn contains(&self, population: u64) -> bool {
        population >= self.min && self.max.is_none_or(|m| population <= m)
    }

    /// The band a population falls in: among the bands holding it (two on a shared
    /// edge), the one with the stricter requirement (`tier` of its kind; `"none"` is
    /// the least strict), and on a tie the band above.
    ///
    /// # Panics
    /// When no band holds `population`: rules are checked when loaded to
    /// cover every population before they are used.
    pub fn pick(bands: &[Band], population: u64, tier: impl Fn(&str) -> Option<usize>) -> usize {
        let strictness = |b: &Band| match b.require.as_str() {
            "none" => 0,
            kind => tier(kind).map_or(0, |t| t + 1),
        };
        bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.contains(population))
            .max_by_key(|&(i, b)| (strictness(b), i))
            .map(|(i, _)| i)
            .expect("bands are checked to cover every population")
    }
}

/// A relocation the plan names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// The island whose residents move.
    pub island: String,
    /// The island they move to.
    pub to: String,
    /// The settlement on `to` they move to, when the rules file picks one (the
    /// destination's most populous settlement otherwise).
    pub settlement: Option<String>,
    /// Why that settlement, when the plan names only the island or a region: the
    /// pick is the rules file's assumption, and outputs say so.
    pub assumption: Option<String>,
    /// The clause naming it.
    pub clause: Option<String>,
    /// What the plan says of the destination.
    pub note: Option<String>,
}

/// A rule, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Stable id (`health-band-island`).
    pub id: String,
    /// The plan's clause (`二(二)5c–e`).
    pub clause: String,
    /// The plan's wording.
    pub wording_zh: String,
    /// An English summary.
    pub summary_en: String,
    /// What it checks.
    pub kind: RuleKind,
}

impl Rule {
    /// The rule type as written in the rules file.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            RuleKind::Band { .. } => "band",
            RuleKind::Consolidate { .. } => "consolidate",
            RuleKind::Access { .. } => "access",
            RuleKind::Share { .. } => "share",
            RuleKind::PerTown { .. } => "per-town",
            RuleKind::Ratio { .. } => "ratio",
        }
    }

    /// The travel this rule needs: `(profile, family, lowest tier index)`, if any.
    /// `None` in the profile means the default profile.
    pub fn travel(&self) -> Option<(Option<&str>, &str, Option<&str>, f64)> {
        match &self.kind {
            RuleKind::Access {
                family,
                min_tier,
                minutes,
                profile,
                ..
            }
            | RuleKind::Share {
                family,
                min_tier,
                minutes,
                profile,
                ..
            } => Some((
                profile.as_deref(),
                family.as_str(),
                min_tier.as_deref(),
                *minutes,
            )),
            _ => None,
        }
    }
}

/// The rules of a plan, validated: families, tiers and rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Where the rules came from.
    pub path: PathBuf,
    /// Settings.
    pub settings: Settings,
    /// Family name → kinds, lowest tier first.
    pub families: BTreeMap<String, Vec<String>>,
    /// Every facility kind the data may use.
    pub kinds: BTreeSet<String>,
    /// Chinese names of kinds, for messages.
    pub names_zh: BTreeMap<String, String>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// Travel profiles and ferry costing (`[travel]`), when the file has them.
    pub travel: Option<TravelSettings>,
}

/// A scenario's change to the rules: new values for some keys of one rule, or of
/// one section of the rules file (`settings`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// What is changed.
    pub target: OverrideTarget,
    /// The new values, merged over the file's.
    pub set: toml::Table,
    /// Where the change is written (`scenarios/walk.toml:12`), for messages.
    pub origin: String,
    /// What wrote it (`edit #2 (set-rule)`), for messages.
    pub label: String,
}

/// What an [`Override`] changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    /// The rule with this id.
    Rule(String),
    /// A top-level section of the rules file.
    Section(String),
}

impl Policy {
    /// Reads and validates a rules file.
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_with(path, &[])
    }

    /// Reads a rules file, validates it as written, then applies `overrides` in
    /// order, validating again after each so a bad value is blamed on its edit.
    pub fn load_with(path: &Path, overrides: &[Override]) -> Result<Self> {
        let text = crate::error::read_config(path)?;
        Self::from_str_with(&text, path, overrides)
    }

    /// [`Policy::load_with`] on text; `path` is used in messages.
    pub fn from_str_with(text: &str, path: &Path, overrides: &[Override]) -> Result<Self> {
        let mut policy = Self::from_str(text, path)?;
        if overrides.is_empty() {
            return Ok(policy);
        }
        let mut table: toml::Table = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        for o in overrides {
            let at = |problem: String, hint: Option<String>| Error::Config {
                path: PathBuf::from(&o.origin),
                problem: format!("{}: {problem}", o.label),
                hint,
            };
            match &o.target {
                OverrideTarget::Rule(id) => {
                    let rules = table
                        .get_mut("rule")
                        .and_then(toml::Value::as_array_mut)
                        .map(Vec::as_mut_slice)
                        .unwrap_or_default();
                    let ids: Vec<String> = rules
                        .iter()
                        .filter_map(|r| {
                            r.get("id").and_then(toml::Value::as_str).map(str::to_owned)
                        })
                        .collect();
                    let Some(rule) = rules
                        .iter_mut()
                        .find(|r| r.get("id").and_then(toml::Value::as_str) == Some(id))
                        .and_then(toml::Value::as_table_mut)
                    else {
                        return Err(at(
                            format!("unknown rule {id:?} in `{}`", path.display()),
                            did_you_mean(id, ids.iter().map(String::as_str))
                                .map(|n| format!("did you mean {n:?}?")),
                        ));
                    };
                    if o.set.contains_key("id") || o.set.contains_key("type") {
                        return Err(at(
                            "an override cannot change a rule's `id` or `type`".into(),
                            None,
                        ));
                    }
                    rule.extend(o.set.clone());
                }
                OverrideTarget::Section(name) => {
                    if name == "rule" {
                        return Err(at(
                            "rules are changed one at a time by id, not as a section".into(),
                            None,
                        ));
                    }
                    let section = table
                        .entry(name.clone())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    let Some(section) = section.as_table_mut() else {
                        return Err(at(
                            format!("`{name}` is not a section of the rules file"),
                            None,
                        ));
                    };
                    section.extend(o.set.clone());
                }
            }
            let merged =
                toml::to_string(&table).map_err(|e| at(format!("cannot apply: {e}"), None))?;
            policy = Self::from_str(&merged, path).map_err(|e| match e {
                Error::Config { problem, hint, .. } => at(
                    format!("with this change the rules are invalid: {problem}"),
                    hint,
                ),
                Error::Toml { source, .. } => at(
                    format!(
                        "with this change the rules are invalid: {}",
                        source.message().trim()
                    ),
                    None,
                ),
                other => other,
            })?;
        }
        Ok(policy)
    }

    /// Parses and validates rules from text; `path` is used in messages.
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        let file: RulesFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        let config = |line: Option<usize>, problem: String, hint: Option<String>| Error::Config {
            path: match line {
                Some(l) => PathBuf::from(format!("{}:{l}", path.display())),
                None => path.to_owned(),
            },
            problem,
            hint,
        };
        let s = &file.settings;
        if !s.snap_tolerance_m.is_finite() || s.snap_tolerance_m < 0.0 {
            return Err(config(
                None,
                format!(
                    "settings.snap_tolerance_m must be a finite number ≥ 0 (got {})",
                    s.snap_tolerance_m
                ),
                None,
            ));
        }
        let mut kinds = BTreeSet::new();
        let mut tier_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (family, tiers) in &file.families {
            if tiers.is_empty() {
                return Err(config(
                    None,
                    format!("family {family:?} has no kinds"),
                    None,
                ));
            }
            for k in tiers {
                if let Some(other) = tier_of.insert(k, family) {
                    return Err(config(
                        None,
                        format!("kind {k:?} is in two families ({other:?} and {family:?})"),
                        None,
                    ));
                }
                kinds.insert(k.clone());
            }
        }
        kinds.extend(file.other_kinds.iter().cloned());
        let travel = match file.travel.clone() {
            Some(t) => Some(t.validate(text, path)?),
            None => None,
        };

        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        for spanned in &file.rules {
            let span = spanned.span();
            let line = Some(line_of(text, span.start));
            let key_line = |key: &str| Some(key_line(text, span.start, key));
            let def = RuleDef::from_table(spanned.get_ref().clone())
                .map_err(|p| config(line, p, None))?;
            let def = &def;
            if !ids.insert(def.id.clone()) {
                return Err(config(
                    line,
                    format!("rule id {:?} is used twice", def.id),
                    None,
                ));
            }
            let family_tiers = |family: &str| {
                file.families.get(family).ok_or_else(|| {
                    config(
                        line,
                        format!("rule {:?}: unknown family {family:?}", def.id),
                        did_you_mean(family, file.families.keys().map(String::as_str))
                            .map(|n| format!("did you mean {n:?}?")),
                    )
                })
            };
            let check_tier = |family: &str, tier: &str, what: &str| -> Result<()> {
                let tiers = family_tiers(family)?;
                if tier != "none" && !tiers.iter().any(|t| t == tier) {
                    return Err(config(
                        line,
                        format!(
                            "rule {:?}: {what} {tier:?} is not a tier of family {family:?} ({})",
                            def.id,
                            tiers.join(", ")
                        ),
                        did_you_mean(tier, tiers.iter().map(String::as_str))
                            .map(|n| format!("did you mean {n:?}?")),
                    ));
                }
                Ok(())
            };
            match &def.kind {
                RuleKind::Band { family, bands, .. } => {
                    family_tiers(family)?;
                    check_bands(bands)
                        .map_err(|p| config(line, format!("rule {:?}: {p}", def.id), None))?;
                    for b in bands {
                        check_tier(family, &b.require, "band requirement")?;
                    }
                }
                RuleKind::Access {
                    subject,
                    family,
                    min_tier,
                    minutes,
                    profile,
                }
                | RuleKind::Share {
                    subject,
                    family,
                    min_tier,
                    minutes,
                    profile,
                    ..
                } => {
                    family_tiers(family)?;
                    if let Some(t) = min_tier {
                        check_tier(family, t, "min_tier")?;
                    }
                    if *subject == Subject::Island {
                        return Err(config(
                            key_line("subject"),
                            format!(
                                "rule {:?}: travel minutes are measured from settlements; subject must be village, community or settlement",
                                def.id
                            ),
                            None,
                        ));
                    }
                    positive(*minutes, "minutes", MAX_RULE_MIN).map_err(|p| {
                        config(key_line("minutes"), format!("rule {:?}: {p}", def.id), None)
                    })?;
                    let Some(settings) = &travel else {
                        return Err(config(
                            line,
                            format!(
                                "rule {:?} measures minutes, but the rules file has no [travel] section",
                                def.id
                            ),
                            Some("add [travel] with default_profile, [travel.profiles.NAME] and [travel.ferry]".into()),
                        ));
                    };
                    if let Some(p) = profile {
                        if settings.profile(p).is_none() {
                            return Err(config(
                                key_line("profile"),
                                format!("rule {:?}: unknown travel profile {p:?}", def.id),
                                did_you_mean(p, settings.profiles.keys().map(String::as_str))
                                    .map(|n| format!("did you mean {n:?}?")),
                            ));
                        }
                    }
                    if let RuleKind::Share { targets, .. } = &def.kind {
                        check_targets(targets, 100.0).map_err(|p| {
                            config(key_line("targets"), format!("rule {:?}: {p}", def.id), None)
                        })?;
                    }
                }
                RuleKind::PerTown {
                    family, min_tier, ..
                } => {
                    family_tiers(family)?;
                    if let Some(t) = min_tier {
                        check_tier(family, t, "min_tier")?;
                    }
                }
                RuleKind::Ratio {
                    family,
                    min_tier,
                    unit,
                    targets,
                    ..
                } => {
                    family_tiers(family)?;
                    if let Some(t) = min_tier {
                        check_tier(family, t, "min_tier")?;
                    }
                    positive(*unit, "unit", MAX_RATIO).map_err(|p| {
                        config(key_line("unit"), format!("rule {:?}: {p}", def.id), None)
                    })?;
                    check_targets(targets, MAX_RATIO).map_err(|p| {
                        config(key_line("targets"), format!("rule {:?}: {p}", def.id), None)
                    })?;
                }
                RuleKind::Consolidate {
                    family,
                    destination_min_tier,
                    destinations,
                    ..
                } => {
                    check_tier(family, destination_min_tier, "destination_min_tier")?;
                    let mut seen = BTreeSet::new();
                    for d in destinations {
                        if !seen.insert(&d.island) {
                            return Err(config(
                                line,
                                format!(
                                    "rule {:?}: island {:?} has two destinations",
                                    def.id, d.island
                                ),
                                None,
                            ));
                        }
                    }
                }
            }
            rules.push(Rule {
                id: def.id.clone(),
                clause: def.clause.clone(),
                wording_zh: def.wording_zh.clone(),
                summary_en: def.summary_en.clone(),
                kind: def.kind.clone(),
            });
        }
        Ok(Self {
            path: path.to_owned(),
            settings: file.settings,
            families: file.families,
            kinds,
            names_zh: file.names_zh,
            rules,
            travel,
        })
    }

    /// Makes `name` the default travel profile, for rules that name none and for the
    /// per-family minutes in the outputs (a scenario's "what if 15 minutes means walking?").
    pub fn set_default_profile(&mut self, name: &str) -> Result<()> {
        let Some(travel) = &mut self.travel else {
            return Err(Error::Config {
                path: self.path.clone(),
                problem: format!(
                    "cannot choose travel profile {name:?}: the rules file has no [travel] section"
                ),
                hint: None,
            });
        };
        travel
            .set_default_profile(name)
            .map_err(|problem| Error::Config {
                path: self.path.clone(),
                problem,
                hint: None,
            })
    }

    /// The lowest tier index a rule accepts: `min_tier`'s, or 0.
    pub fn min_tier_index(&self, family: &str, min_tier: Option<&str>) -> usize {
        min_tier.and_then(|t| self.tier(family, t)).unwrap_or(0)
    }

    /// Every travel-time computation the outputs and rules need: each family at any
    /// tier with the default profile (for the settlements layer), and each access or
    /// share rule's family, tier and profile. Empty without a `[travel]` section.
    pub fn travel_requests(&self) -> Vec<Request> {
        let Some(travel) = &self.travel else {
            return Vec::new();
        };
        let mut out: Vec<Request> = self
            .families
            .keys()
            .map(|f| Request {
                profile: travel.default_profile.clone(),
                family: f.clone(),
                min_tier: 0,
            })
            .collect();
        for rule in &self.rules {
            if let Some((profile, family, min_tier, _)) = rule.travel() {
                out.push(Request {
                    profile: profile.unwrap_or(&travel.default_profile).to_owned(),
                    family: family.to_owned(),
                    min_tier: self.min_tier_index(family, min_tier),
                });
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The rank of `kind` within `family` (0 = lowest tier), if it belongs to it.
    pub fn tier(&self, family: &str, kind: &str) -> Option<usize> {
        self.families.get(family)?.iter().position(|k| k == kind)
    }

    /// The Chinese name of a kind, or the kind itself.
    pub fn name_zh<'a>(&'a self, kind: &'a str) -> &'a str {
        self.names_zh.get(kind).map_or(kind, String::as_str)
    }

    /// Checks the rules' references to the dataset (named islands), with "did you mean".
    pub fn check_against(&self, world: &World) -> Result<()> {
        for rule in &self.rules {
            if let RuleKind::Consolidate { destinations, .. } = &rule.kind {
                for d in destinations {
                    for id in [&d.island, &d.to] {
                        if world.island(&IslandId(id.clone())).is_none() {
                            return Err(Error::Config {
                                path: self.path.clone(),
                                problem: format!("rule {:?}: unknown island {id:?}", rule.id),
                                hint: did_you_mean(id, world.islands.iter().map(|i| i.id.as_str()))
                                    .map(|n| format!("did you mean {n:?}?")),
                            });
                        }
                    }
                    if let Some(id) = &d.settlement {
                        match world.settlement(&crate::model::SettlementId(id.clone())) {
                            None => {
                                return Err(Error::Config {
                                    path: self.path.clone(),
                                    problem: format!(
                                        "rule {:?}: unknown destination settlement {id:?}",
                                        rule.id
                                    ),
                                    hint: did_you_mean(
                                        id,
                                        world.settlements.iter().map(|s| s.id.as_str()),
                                    )
                                    .map(|n| format!("did you mean {n:?}?")),
                                })
                            }
                            Some(s) if s.island.0 != d.to => {
                                return Err(Error::Config {
                                    path: self.path.clone(),
                                    problem: format!(
                                        "rule {:?}: destination settlement {id:?} lies on island {:?}, not on {:?}",
                                        rule.id, s.island.0, d.to
                                    ),
                                    hint: None,
                                })
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The line of `key = …` in the rule starting at byte `start` (the rule's own line when
/// not found), so a bad number is reported where it is written. The rule runs to the
/// next table header: toml's span of an array-of-tables element may cover its header only.
fn key_line(text: &str, start: usize, key: &str) -> usize {
    let start = start.min(text.len());
    let mut offset = start;
    for (n, line) in text[start..].split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if n > 0 && t.starts_with('[') {
            break;
        }
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return line_of(text, offset);
            }
        }
        offset += line.len();
    }
    line_of(text, start)
}

/// Most minutes a travel rule may ask for: a day.
pub const MAX_RULE_MIN: f64 = 1440.0;
/// Largest ratio unit or ratio target accepted.
pub const MAX_RATIO: f64 = 1e9;

fn positive(x: f64, what: &str, max: f64) -> std::result::Result<(), String> {
    if x.is_finite() && x > 0.0 && x <= max {
        Ok(())
    } else {
        Err(format!(
            "{what} must be a finite number > 0 and ≤ {max} (got {x})"
        ))
    }
}

/// Targets: at least one, one per year, each finite, > 0 and at most `max`.
fn check_targets(targets: &[YearTarget], max: f64) -> std::result::Result<(), String> {
    if targets.is_empty() {
        return Err("`targets` needs at least one { year, min }".into());
    }
    let mut years = BTreeSet::new();
    for t in targets {
        if !years.insert(t.year) {
            return Err(format!("two targets for year {}", t.year));
        }
        if !(t.min.is_finite() && t.min > 0.0 && t.min <= max) {
            return Err(format!(
                "target for {} must be a finite number > 0 and ≤ {max} (got {})",
                t.year, t.min
            ));
        }
    }
    Ok(())
}

/// Bands must start at 0, follow each other without gaps, overlap at most on a shared
/// edge (one population, as the plan's "100—500" and "500—1000" share 500), and end
/// open.
fn check_bands(bands: &[Band]) -> std::result::Result<(), String> {
    let Some(first) = bands.first() else {
        return Err("a band rule needs at least one band".into());
    };
    if first.min != 0 {
        return Err(format!(
            "the first band starts at {}, not 0: populations below it fall in no band",
            first.min
        ));
    }
    for (i, b) in bands.iter().enumerate() {
        match (b.max, bands.get(i + 1)) {
            (Some(max), _) if max < b.min => {
                return Err(format!(
                    "band {} is empty: max {max} is below min {}",
                    i, b.min
                ));
            }
            (Some(max), Some(next)) if next.min < max => {
                return Err(format!(
                    "bands overlap: band {i} ({}) and band {} ({}) both hold {}–{max}; neighbouring bands may share one edge only",
                    b.label(),
                    i + 1,
                    next.label(),
                    next.min
                ));
            }
            (Some(max), Some(next)) if next.min > max + 1 => {
                return Err(format!(
                    "bands leave a gap: populations {}–{} fall in no band",
                    max + 1,
                    next.min - 1
                ));
            }
            (Some(max), None) => {
                return Err(format!(
                    "the last band ends at {max}: populations above {max} fall in no band"
                ));
            }
            (None, Some(_)) => {
                return Err(format!("band {i} has no max but is not the last band"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whom a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubjectRef {
    /// An island, by index into `World::islands`.
    Island(usize),
    /// A settlement, by index into `World::settlements`.
    Settlement(usize),
    /// An administrative village of several settlements, by index into [`villages`].
    Village(usize),
    /// A town, by index into [`towns`].
    Town(usize),
    /// The whole dataset.
    District,
}

/// A town or street (乡镇/街道): the islands that name it in their `town` field.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// Its name, as the islands give it.
    pub name: String,
    /// Its islands, by index into `World::islands`, ascending.
    pub islands: Vec<usize>,
    /// Residents: the sum of its islands' populations.
    pub population: u64,
}

/// The towns of the world, sorted by name; islands with no town belong to none.
pub fn towns(world: &World) -> Vec<Town> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, island) in world.islands.iter().enumerate() {
        if !island.town.is_empty() {
            by_name.entry(island.town.as_str()).or_default().push(i);
        }
    }
    by_name
        .into_iter()
        .map(|(name, islands)| Town {
            name: name.to_owned(),
            population: islands.iter().map(|&i| world.islands[i].population).sum(),
            islands,
        })
        .collect()
}

/// An administrative village (行政村) or community made of several settlements that
/// share a `village_code`: one village over several islands (东极村 = 庙子湖, 青浜,
/// 东福山 and 黄兴).
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    /// The 12-digit code the parts share.
    pub code: String,
    /// Its parts, by index into `World::settlements`, most populous first (lower
    /// index on ties): the first stands for the village on the map.
    pub parts: Vec<usize>,
    /// Residents: the sum of its parts.
    pub population: u64,
}

/// The villages of more than one settlement, sorted by code. A settlement whose
/// `village_code` no other settlement shares is its own village and is judged as a
/// [`SubjectRef::Settlement`].
pub fn villages(world: &World) -> Vec<Village> {
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (s, settlement) in world.settlements.iter().enumerate() {
        if let Some(code) = &settlement.village_code {
            by_code.entry(code.as_str()).or_default().push(s);
        }
    }
    by_code
        .into_iter()
        .filter(|(_, parts)| parts.len() > 1)
        .map(|(code, mut parts)| {
            let pop = |s: usize| world.settlements[s].population;
            parts.sort_by(|&a, &b| pop(b).cmp(&pop(a)).then(a.cmp(&b)));
            Village {
                code: code.to_owned(),
                population: parts.iter().map(|&s| pop(s)).sum(),
                parts,
            }
        })
        .collect()
}

/// An island emptied by a scenario's `relocate` edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The island emptied, by index into `World::islands`.
    pub island: usize,
    /// The settlement its residents moved to, by index into `World::settlements`.
    pub to: usize,
    /// Residents moved.
    pub residents: u64,
    /// The clause the edit cites.
    pub clause: Option<String>,
}

/// How a relocation destination was chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// The plan names it (with its clause or note).
    Named(Option<String>),
    /// Not the plan's: the nearest island with a facility of the rule's
    /// `destination_min_tier`, a suggestion only.
    Suggested,
    /// A scenario moved the residents there (with the clause the edit cites), and
    /// the plan names no move of this island: the rule asks nothing of it.
    Edit(Option<String>),
}

/// Where a small island's residents go, or went.
#[derive(Debug, Clone, PartialEq)]
pub struct Resettlement {
    /// The destination island, by index into `World::islands`.
    pub to: usize,
    /// The settlement the island's residents leave from (its most populous one, or
    /// the most populous before they moved), by index into `World::settlements`.
    pub from_settlement: Option<usize>,
    /// The destination settlement, by index into `World::settlements`.
    pub to_settlement: Option<usize>,
    /// Straight-line metres between the two settlements (between the islands'
    /// representative points when either has none).
    pub distance_m: f64,
    /// Minutes between the two settlements over land, bridges and ferries (the default
    /// profile); `None` when no way joins them or no network was built.
    pub minutes: Option<f64>,
    /// How the destination was chosen.
    pub basis: Basis,
    /// What the rules file assumed to pick the destination settlement, when the plan
    /// names only an island or a region.
    pub assumption: Option<String>,
}

/// How a subject stands against a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The rule holds.
    Met,
    /// The rule fails: a gap.
    Gap,
    /// The rule asks nothing of this subject (a village under 1,000 residents under
    /// 二(二)5b, a settlement with no residents): neither met nor a gap.
    Exempt,
    /// The plan moves this island's residents, and the scenario has not moved them
    /// yet: the rule is not met until it does.
    Pending(Resettlement),
    /// The plan's move is made: the island is empty and its residents live at the
    /// destination.
    Relocated(Resettlement),
    /// A small island the plan does not name: a relocation candidate, with a
    /// destination suggested by the tool (not the plan's). The rule asks nothing of it.
    Candidate(Resettlement),
    /// A relocation candidate with nowhere to go.
    NoDestination,
    /// Not reached within the minutes, but the rule's share target holds, so not a gap.
    NotReached,
    /// The data lacks what the rule needs (`staff`, `elderly`, or any facility of the
    /// kinds counted): neither met nor a gap.
    NoData,
    /// The rule sets no target for the scenario's year: reported, not judged.
    NoTarget,
}

/// What a finding measured, beyond met or not.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Nothing more.
    None,
    /// How the subject reaches the family (access and share rules).
    Travel(Reach),
    /// A ratio rule's figures for the area.
    Ratio {
        /// Facilities or staff counted.
        numerator: f64,
        /// Residents or elderly residents counted.
        denominator: f64,
        /// The ratio per `unit`, when the data allows one.
        value: Option<f64>,
        /// Why there is no value, when there is none.
        missing: Option<String>,
    },
}

/// One subject against one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index of the rule in `Policy::rules`.
    pub rule: usize,
    /// Whom it is about.
    pub subject: SubjectRef,
    /// Residents of the subject.
    pub population: u64,
    /// The band the subject falls in (band rules).
    pub band: Option<usize>,
    /// The kind required (band rules; `None` when the band requires nothing).
    /// Kind names are shared, not copied: millions of findings name a dozen kinds.
    pub required: Option<Arc<str>>,
    /// The best kind of the family found serving the subject.
    pub found: Option<Arc<str>>,
    /// How it stands.
    pub status: Status,
    /// What was measured.
    pub measure: Measure,
    /// Travel rules, for a settlement with a territory: the share of its residents
    /// (spread evenly over the territory) within the minutes, 0–1. `None` for a
    /// settlement that is a single point: its residents count whole, as its point does.
    pub reached_share: Option<f64>,
}

/// Applies every rule to the world.
///
/// `travel` holds the minutes that access and share rules read (see
/// [`Policy::travel_requests`]); `year` picks the share and ratio targets in force;
/// `moved` lists the islands a scenario has emptied, so that consolidation can tell
/// a move made from one pending.
/// A travel rule whose minutes are missing from `travel` finds [`Status::NoData`].
///
/// # Returns
/// Findings sorted by rule (file order), then subject (islands, then settlements,
/// each by id; villages by code; towns by name), so outputs never depend on input
/// order.
pub fn evaluate(
    policy: &Policy,
    world: &World,
    projection: &LocalProjection,
    travel: Option<&TravelTimes>,
    year: i32,
    moved: &[Moved],
) -> Vec<Finding> {
    let served_by = facility_settlements(world, projection);
    // Facilities grouped by the settlement they serve and by island, so each
    // subject looks at its own facilities only.
    let mut serving: Vec<Vec<usize>> = vec![Vec::new(); world.settlements.len()];
    for (f, owner) in served_by.iter().enumerate() {
        if let Some(s) = owner {
            serving[*s].push(f);
        }
    }
    let mut on_island: Vec<Vec<usize>> = vec![Vec::new(); world.islands.len()];
    for (f, fac) in world.facilities.iter().enumerate() {
        if let Ok(i) = world.islands.binary_search_by(|x| x.id.cmp(&fac.island)) {
            on_island[i].push(f);
        }
    }
    let towns = towns(world);
    let villages = villages(world);
    let mut village_of: Vec<Option<usize>> = vec![None; world.settlements.len()];
    for (v, village) in villages.iter().enumerate() {
        for &s in &village.parts {
            village_of[s] = Some(v);
        }
    }
    let mut town_of_island = vec![None; world.islands.len()];
    for (t, town) in towns.iter().enumerate() {
        for &i in &town.islands {
            town_of_island[i] = Some(t);
        }
    }
    let island_of = |id: &IslandId| world.islands.binary_search_by(|i| i.id.cmp(id)).ok();
    // One shared name per kind: the rules' families and every facility's kind.
    let names: BTreeMap<&str, Arc<str>> = policy
        .families
        .values()
        .flatten()
        .map(String::as_str)
        .chain(world.facilities.iter().map(|f| f.kind.as_str()))
        .map(|k| (k, Arc::from(k)))
        .collect();
    let name = |k: &str| -> Arc<str> { names.get(k).cloned().unwrap_or_else(|| Arc::from(k)) };
    // Territories in metres, once, for the travel rules' residents reached.
    let territories: Vec<Option<(MultiPolygon<f64>, f64)>> =
        if world.settlements.iter().any(|s| s.territory.is_some()) {
            world
                .settlements
                .iter()
                .map(|s| {
                    s.territory.as_ref().map(|t| {
                        let m = projection.forward_multipolygon(&t.area);
                        let a = m.unsigned_area();
                        (m, a)
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
    // At most one finding per subject and rule: reserved once, so millions of
    // findings are never copied as the list grows (untouched capacity costs no memory).
    let most: usize = policy
        .rules
        .iter()
        .map(|rule| match rule.kind {
            RuleKind::Band { .. } => world.settlements.len() + world.islands.len(),
            RuleKind::Consolidate { .. } => world.islands.len(),
            RuleKind::Access { .. } | RuleKind::Share { .. } => world.settlements.len(),
            RuleKind::PerTown { .. } | RuleKind::Ratio { .. } => towns.len() + 1,
        })
        .sum();
    let mut out = Vec::with_capacity(most);
    for (r, rule) in policy.rules.iter().enumerate() {
        let finding = |subject: SubjectRef, population: u64, status: Status| Finding {
            rule: r,
            subject,
            population,
            band: None,
            required: None,
            found: None,
            status,
            measure: Measure::None,
            reached_share: None,
        };
        match &rule.kind {
            RuleKind::Access {
                subject,
                family,
                min_tier,
                minutes,
                profile,
            }
            | RuleKind::Share {
                subject,
                family,
                min_tier,
                minutes,
                profile,
                ..
            } => {
                let tier = policy.min_tier_index(family, min_tier.as_deref());
                let profile = profile
                    .as_deref()
                    .or(policy.travel.as_ref().map(|t| t.default_profile.as_str()))
                    .unwrap_or_default();
                let reach = travel
                    .and_then(|t| t.get(profile, family, tier))
                    .filter(|_| family_in_data(policy, world, family));
                // Residents reached on each settlement's territory, when any has one.
                let shares: Vec<Option<f64>> = match (reach, travel) {
                    (Some(_), Some(t)) if !territories.is_empty() => {
                        match (t.networks.get(profile), policy.families.get(family)) {
                            (Some(net), Some(kinds)) => reached_shares(
                                net,
                                &territories,
                                &serving_kinds(world, &kinds[tier..]),
                                *minutes,
                            ),
                            _ => Vec::new(),
                        }
                    }
                    _ => Vec::new(),
                };
                let takes = |s: &Settlement| subject.takes(s.kind) && s.population > 0;
                let share_met = match &rule.kind {
                    RuleKind::Share { targets, .. } => {
                        let subjects: Vec<usize> = (0..world.settlements.len())
                            .filter(|&s| takes(&world.settlements[s]))
                            .collect();
                        let reached = subjects
                            .iter()
                            .filter(|&&s| reach.is_some_and(|v| v[s].within(*minutes)))
                            .count();
                        // Compared unrounded: 79.96 % does not meet 80 %.
                        target_for(targets, year)
                            .map(|t| reached as f64 * 100.0 >= t.min * subjects.len() as f64)
                    }
                    _ => Some(false),
                };
                for (s, settlement) in world.settlements.iter().enumerate() {
                    if !subject.takes(settlement.kind) {
                        continue;
                    }
                    if settlement.population == 0 {
                        // Nobody lives here (an island emptied by a move): the circle
                        // asks nothing of it, and nothing is proposed for it.
                        out.push(finding(SubjectRef::Settlement(s), 0, Status::Exempt));
                        continue;
                    }
                    let (status, measure, found) = match reach {
                        None => (Status::NoData, Measure::None, None),
                        Some(v) => {
                            let status = if v[s].within(*minutes) {
                                Status::Met
                            } else if share_met != Some(false) {
                                Status::NotReached
                            } else {
                                Status::Gap
                            };
                            let found = v[s].facility().map(|f| name(&world.facilities[f].kind));
                            (status, Measure::Travel(v[s]), found)
                        }
                    };
                    out.push(Finding {
                        required: Some(name(&policy.families[family][tier])),
                        found,
                        measure,
                        reached_share: shares.get(s).copied().flatten(),
                        ..finding(SubjectRef::Settlement(s), settlement.population, status)
                    });
                }
            }
            RuleKind::PerTown {
                family,
                min_tier,
                min_population,
                town_suffixes,
            } => {
                let need = policy.min_tier_index(family, min_tier.as_deref());
                let mut best: Vec<Option<usize>> = vec![None; towns.len()];
                for f in world.facilities.iter().filter(|f| f.status.serves()) {
                    let (Some(tier), Some(i)) =
                        (policy.tier(family, &f.kind), island_of(&f.island))
                    else {
                        continue;
                    };
                    if let Some(t) = town_of_island[i] {
                        best[t] = best[t].max(Some(tier));
                    }
                }
                let in_data = family_in_data(policy, world, family);
                for (t, town) in towns.iter().enumerate() {
                    let named = town_suffixes.is_empty()
                        || town_suffixes
                            .iter()
                            .any(|x| town.name.ends_with(x.as_str()));
                    // A street (街道) under a rule for 乡镇, or a town under the
                    // threshold: the clause asks nothing of it.
                    let status = if !named || town.population < *min_population {
                        Status::Exempt
                    } else if !in_data {
                        Status::NoData
                    } else if best[t].is_some_and(|b| b >= need) {
                        Status::Met
                    } else {
                        Status::Gap
                    };
                    out.push(Finding {
                        required: Some(name(&policy.families[family][need])),
                        found: best[t].map(|b| name(&policy.families[family][b])),
                        ..finding(SubjectRef::Town(t), town.population, status)
                    });
                }
            }
            RuleKind::Ratio {
                family,
                min_tier,
                count,
                per,
                unit,
                area,
                targets,
            } => {
                let need = policy.min_tier_index(family, min_tier.as_deref());
                let counted = |kind: &str| policy.tier(family, kind).is_some_and(|t| t >= need);
                let any_in_data = family_in_data(policy, world, family);
                let areas: Vec<(SubjectRef, Option<&Town>)> = match area {
                    RatioArea::District => vec![(SubjectRef::District, None)],
                    RatioArea::Town => towns
                        .iter()
                        .enumerate()
                        .map(|(t, town)| (SubjectRef::Town(t), Some(town)))
                        .collect(),
                };
                let target = target_for(targets, year);
                for (subject, town) in areas {
                    let inside = |island: &IslandId| match town {
                        None => true,
                        Some(town) => island_of(island).is_some_and(|i| town.islands.contains(&i)),
                    };
                    let mut numerator = 0.0;
                    let mut missing = Vec::new();
                    let mut lacking_staff = 0;
                    for f in &world.facilities {
                        if !(f.status.serves() && counted(&f.kind) && inside(&f.island)) {
                            continue;
                        }
                        match count {
                            Counted::Facilities => numerator += 1.0,
                            Counted::Staff => match f.staff {
                                Some(n) => numerator += n,
                                None => lacking_staff += 1,
                            },
                        }
                    }
                    let mut denominator = 0u64;
                    let mut population = 0u64;
                    let mut lacking_elderly = 0;
                    for st in world.settlements.iter().filter(|st| inside(&st.island)) {
                        population += st.population;
                        match per {
                            Base::Residents => denominator += st.population,
                            Base::Elderly => match st.elderly {
                                Some(n) => denominator += n,
                                None => lacking_elderly += 1,
                            },
                        }
                    }
                    if !any_in_data {
                        missing.push(absent_family(policy, family));
                    }
                    if lacking_staff > 0 {
                        missing.push(format!("{lacking_staff} facilities lack `staff`"));
                    }
                    if lacking_elderly > 0 {
                        missing.push(format!("{lacking_elderly} settlements lack `elderly`"));
                    }
                    if denominator == 0 && missing.is_empty() {
                        missing.push(format!("no {} counted", per.name()));
                    }
                    let value = missing
                        .is_empty()
                        .then(|| numerator / denominator as f64 * unit);
                    let status = match (value, target) {
                        (None, _) => Status::NoData,
                        (Some(_), None) => Status::NoTarget,
                        (Some(v), Some(t)) if v >= t.min => Status::Met,
                        (Some(_), Some(_)) => Status::Gap,
                    };
                    out.push(Finding {
                        measure: Measure::Ratio {
                            numerator,
                            denominator: denominator as f64,
                            value,
                            missing: (!missing.is_empty()).then(|| missing.join("; ")),
                        },
                        ..finding(subject, population, status)
                    });
                }
            }
            RuleKind::Band {
                subject,
                family,
                bands,
            } => {
                let best = |facilities: &mut dyn Iterator<Item = usize>| -> Option<usize> {
                    facilities
                        .filter(|&f| world.facilities[f].status.serves())
                        .filter_map(|f| policy.tier(family, &world.facilities[f].kind))
                        .max()
                };
                let mut judge = |subject_ref: SubjectRef,
                                 population: u64,
                                 best_tier: Option<usize>| {
                    let b = Band::pick(bands, population, |k| policy.tier(family, k));
                    let required = (bands[b].require != "none").then(|| name(&bands[b].require));
                    let need = required.as_deref().and_then(|k| policy.tier(family, k));
                    let status = match need {
                        None => Status::Exempt,
                        Some(need) if best_tier.is_none_or(|t| t < need) => Status::Gap,
                        Some(_) => Status::Met,
                    };
                    out.push(Finding {
                        band: Some(b),
                        required,
                        found: best_tier.map(|t| name(&policy.families[family][t])),
                        ..finding(subject_ref, population, status)
                    });
                };
                if *subject == Subject::Island {
                    for (i, island) in world.islands.iter().enumerate() {
                        let tier = best(&mut on_island[i].iter().copied());
                        judge(SubjectRef::Island(i), island.population, tier);
                    }
                } else {
                    // Administrative villages: a settlement alone, or the parts of a
                    // village over several settlements summed into one subject.
                    for (s, settlement) in world.settlements.iter().enumerate() {
                        if !subject.takes(settlement.kind) || village_of[s].is_some() {
                            continue;
                        }
                        let tier = best(&mut serving[s].iter().copied());
                        judge(SubjectRef::Settlement(s), settlement.population, tier);
                    }
                    for (v, village) in villages.iter().enumerate() {
                        if !village
                            .parts
                            .iter()
                            .any(|&s| subject.takes(world.settlements[s].kind))
                        {
                            continue;
                        }
                        let tier = best(
                            &mut village
                                .parts
                                .iter()
                                .flat_map(|&s| serving[s].iter().copied()),
                        );
                        judge(SubjectRef::Village(v), village.population, tier);
                    }
                }
            }
            RuleKind::Consolidate {
                below,
                family,
                destination_min_tier,
                destinations,
            } => {
                let min_tier = policy.tier(family, destination_min_tier);
                let capable: Vec<bool> = world
                    .islands
                    .iter()
                    .enumerate()
                    .map(|(i, island)| {
                        island.population >= *below
                            && on_island[i].iter().any(|&f| {
                                let f = &world.facilities[f];
                                f.status.serves() && policy.tier(family, &f.kind) >= min_tier
                            })
                    })
                    .collect();
                let points: Vec<_> = world
                    .islands
                    .iter()
                    .map(|i| projection.forward(i.point))
                    .collect();
                let index = PointIndex::new(&points);
                let net = travel.and_then(|t| t.networks.get(&t.default_profile));
                let resettle =
                    |i: usize, to: usize, to_settlement: Option<usize>, basis, assumption| {
                        let from_settlement = main_settlement(world, i);
                        let to_settlement = to_settlement.or_else(|| main_settlement(world, to));
                        let xy = |s: Option<usize>, island: usize| {
                            s.map_or(points[island], |s| {
                                projection.forward(world.settlements[s].point)
                            })
                        };
                        let (a, b) = (xy(from_settlement, i), xy(to_settlement, to));
                        Resettlement {
                            to,
                            from_settlement,
                            to_settlement,
                            distance_m: distance_m(a, b),
                            minutes: net.and_then(|n| minutes_between(n, (i, a), (to, b))),
                            basis,
                            assumption,
                        }
                    };
                for (i, island) in world.islands.iter().enumerate() {
                    let named = destinations.iter().find(|d| d.island == island.id.as_str());
                    let made = moved.iter().find(|m| m.island == i);
                    let status = match (named, made) {
                        (Some(d), _) => {
                            let Some(to) = world.islands.iter().position(|x| x.id.as_str() == d.to)
                            else {
                                unreachable!("destinations are checked against the dataset")
                            };
                            let to_settlement = d.settlement.as_ref().and_then(|id| {
                                world.settlements.iter().position(|s| &s.id.0 == id)
                            });
                            let basis = Basis::Named(d.clause.clone().or_else(|| d.note.clone()));
                            match made {
                                // Moved: the destination is where the scenario sent them.
                                Some(m) => Status::Relocated(resettle(
                                    i,
                                    island_index(world, &world.settlements[m.to].island),
                                    Some(m.to),
                                    basis,
                                    None,
                                )),
                                None if island.population == 0 => Status::Relocated(resettle(
                                    i,
                                    to,
                                    to_settlement,
                                    basis,
                                    d.assumption.clone(),
                                )),
                                None => Status::Pending(resettle(
                                    i,
                                    to,
                                    to_settlement,
                                    basis,
                                    d.assumption.clone(),
                                )),
                            }
                        }
                        (None, Some(m)) => Status::Relocated(resettle(
                            i,
                            island_index(world, &world.settlements[m.to].island),
                            Some(m.to),
                            Basis::Edit(m.clause.clone()),
                            None,
                        )),
                        (None, None) if island.population == 0 || island.population >= *below => {
                            continue
                        }
                        (None, None) => match index.nearest(points[i], |j| j != i && capable[j]) {
                            Some((to, _)) => {
                                Status::Candidate(resettle(i, to, None, Basis::Suggested, None))
                            }
                            None => Status::NoDestination,
                        },
                    };
                    let residents = match &status {
                        // The residents who moved, as the move recorded them.
                        Status::Relocated(_) => made.map_or(0, |m| m.residents),
                        _ => island.population,
                    };
                    out.push(finding(SubjectRef::Island(i), residents, status));
                }
            }
        }
    }
    out
}

/// Index of an island by id (ids are resolved when the dataset is read).
fn island_index(world: &World, id: &IslandId) -> usize {
    world
        .islands
        .binary_search_by(|i| i.id.cmp(id))
        .expect("settlement islands are resolved when read")
}

/// The settlement standing for an island: its most populous (lower id on ties).
fn main_settlement(world: &World, island: usize) -> Option<usize> {
    let id = &world.islands[island].id;
    world
        .settlements
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.island == id)
        .max_by(|(a, x), (b, y)| x.population.cmp(&y.population).then(b.cmp(a)))
        .map(|(s, _)| s)
}

/// Open facilities of `kinds`, by index into `World::facilities`.
fn serving_kinds(world: &World, kinds: &[String]) -> Vec<usize> {
    crate::network::travel::serving(world, kinds)
}

/// Whether the dataset has any facility of `family`, whatever its status.
///
/// A dataset with none at all (no AED, no senior school anywhere) is taken to lack that
/// layer: rules on the family report "no data" rather than a gap everywhere. A family
/// whose facilities are all closed or planned is in the data, and its gaps are real.
pub fn family_in_data(policy: &Policy, world: &World, family: &str) -> bool {
    world
        .facilities
        .iter()
        .any(|f| policy.tier(family, &f.kind).is_some())
}

/// The "no data" note for a family absent from the dataset.
pub fn absent_family(policy: &Policy, family: &str) -> String {
    format!(
        "the dataset has no {family} facility ({}) at all",
        policy
            .families
            .get(family)
            .map_or(String::new(), |k| k.join(", "))
    )
}

/// For each facility, the settlement it serves: the one named in its `settlement`
/// field, else the nearest settlement on the same island (ties to the lower id).
fn facility_settlements(world: &World, projection: &LocalProjection) -> Vec<Option<usize>> {
    let points: Vec<_> = world
        .settlements
        .iter()
        .map(|s| projection.forward(s.point))
        .collect();
    let index = PointIndex::new(&points);
    world
        .facilities
        .iter()
        .map(|f| match &f.settlement {
            Some(id) => world.settlements.binary_search_by(|s| s.id.cmp(id)).ok(),
            None => index
                .nearest(projection.forward(f.point), |s| {
                    world.settlements[s].island == f.island
                })
                .map(|(s, _)| s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(min: u64, max: Option<u64>) -> Band {
        Band {
            min,
            max,
            require: "none".into(),
            clause: None,
            note: None,
        }
    }

    const TRAVEL: &str = r#"
[families]
health = ["village_clinic", "hospital"]

[travel]
default_profile = "car"

[travel.profiles.car]
speed_kmh = 30
detour = 1.25

[travel.ferry]
default_service_span_min = 600
departures_if_unknown = 0
"#;

    const ACCESS: &str = r#"
[[rule]]
id = "h15"
type = "access"
clause = "x"
wording_zh = "x"
summary_en = "x"
subject = "settlement"
family = "health"
minutes = 15
"#;

    fn load(text: &str) -> Result<Policy> {
        Policy::from_str(text, Path::new("r.toml"))
    }

    fn problem(text: &str) -> String {
        match load(text).unwrap_err() {
            Error::Config { path, problem, .. } => format!("{}: {problem}", path.display()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nan_speed_is_fatal_with_file_and_line() {
        let text = TRAVEL.replace("speed_kmh = 30", "speed_kmh = nan");

        let err = problem(&text);

        assert!(err.starts_with("r.toml:9: "), "{err}");
        assert!(err.contains("speed_kmh") && err.contains("NaN"), "{err}");
    }

    #[test]
    fn infinite_minutes_are_fatal_on_their_own_line() {
        let text = format!(
            "{TRAVEL}{}",
            ACCESS.replace("minutes = 15", "minutes = inf")
        );

        let err = problem(&text);

        assert!(err.starts_with("r.toml:24: "), "{err}");
        assert!(err.contains("minutes must be a finite number"), "{err}");
    }

    #[test]
    fn zero_speed_low_detour_and_a_huge_span_are_fatal() {
        for (from, to) in [
            ("speed_kmh = 30", "speed_kmh = 0"),
            ("speed_kmh = 30", "speed_kmh = -inf"),
            ("speed_kmh = 30", "speed_kmh = 1e300"),
            ("detour = 1.25", "detour = 0.9"),
            (
                "default_service_span_min = 600",
                "default_service_span_min = 2000",
            ),
            ("departures_if_unknown = 0", "departures_if_unknown = -1"),
        ] {
            let err = problem(&TRAVEL.replace(from, to));

            assert!(err.contains("must be a finite number"), "{to}: {err}");
        }
    }

    #[test]
    fn access_rule_without_travel_section_is_fatal_with_a_hint() {
        let text = format!("[families]\nhealth = [\"village_clinic\"]\n{ACCESS}");

        let err = load(&text).unwrap_err();

        assert!(err.to_string().contains("no [travel] section"), "{err}");
        assert!(err.hint().unwrap().contains("[travel.profiles.NAME]"));
    }

    #[test]
    fn unknown_profile_in_a_rule_suggests_a_near_one() {
        let text = format!("{TRAVEL}{ACCESS}profile = \"cra\"\n");

        let err = load(&text).unwrap_err();

        assert!(
            err.to_string().contains("unknown travel profile \"cra\""),
            "{err}"
        );
        assert_eq!(err.hint(), Some("did you mean \"car\"?"));
    }

    #[test]
    fn unknown_default_profile_is_fatal() {
        let text = TRAVEL.replace("default_profile = \"car\"", "default_profile = \"bus\"");

        let err = problem(&text);

        assert!(err.contains("unknown travel profile \"bus\""), "{err}");
    }

    #[test]
    fn share_targets_must_be_percentages_once_a_year() {
        let share = ACCESS.replace("\"access\"", "\"share\"");
        for targets in [
            "targets = [{ year = 2024, min = 120 }]",
            "targets = [{ year = 2024, min = nan }]",
            "targets = [{ year = 2024, min = 80 }, { year = 2024, min = 90 }]",
            "targets = []",
        ] {
            let err = problem(&format!("{TRAVEL}{share}{targets}\n"));

            assert!(err.contains("target"), "{targets}: {err}");
        }
    }

    #[test]
    fn ratio_unit_must_be_positive() {
        let ratio = r#"
[[rule]]
id = "r"
type = "ratio"
clause = "x"
wording_zh = "x"
summary_en = "x"
family = "health"
count = "facilities"
per = "residents"
unit = 0
targets = [{ year = 2025, min = 50 }]
"#;

        let err = problem(&format!("{TRAVEL}{ratio}"));

        assert!(err.contains("unit must be a finite number > 0"), "{err}");
    }

    #[test]
    fn default_profile_can_be_overridden() {
        let text = TRAVEL.replace(
            "[travel.ferry]",
            "[travel.profiles.walk]\nspeed_kmh = 4.5\ndetour = 1.3\n\n[travel.ferry]",
        );
        let mut policy = load(&text).unwrap();

        policy.set_default_profile("walk").unwrap();

        assert_eq!(policy.travel.as_ref().unwrap().default().name, "walk");
        assert!(policy.set_default_profile("bike").is_err());
    }

    #[test]
    fn target_in_force_is_the_latest_not_after_the_year() {
        let t = [
            YearTarget {
                year: 2024,
                min: 80.0,
            },
            YearTarget {
                year: 2025,
                min: 90.0,
            },
        ];

        assert_eq!(target_for(&t, 2023), None);
        assert_eq!(target_for(&t, 2024).map(|t| t.min), Some(80.0));
        assert_eq!(target_for(&t, 2030).map(|t| t.min), Some(90.0));
    }

    #[test]
    fn bands_sharing_an_edge_or_adjacent_pass() {
        let shared = [band(0, Some(100)), band(100, Some(500)), band(500, None)];
        let adjacent = [band(0, Some(99)), band(100, Some(499)), band(500, None)];

        assert_eq!(check_bands(&shared), Ok(()));
        assert_eq!(check_bands(&adjacent), Ok(()));
    }

    #[test]
    fn overlapping_bands_name_the_overlap() {
        let bands = [band(0, Some(100)), band(99, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(
            err.contains("overlap") && err.contains("0–100") && err.contains("99–100"),
            "{err}"
        );
    }

    #[test]
    fn gapped_bands_name_the_gap() {
        let bands = [band(0, Some(100)), band(120, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(err.contains("gap") && err.contains("101–119"), "{err}");
    }

    #[test]
    fn bands_must_start_at_zero_and_end_open() {
        assert!(check_bands(&[band(1, None)])
            .unwrap_err()
            .contains("starts at 1"));
        assert!(check_bands(&[band(0, Some(10))])
            .unwrap_err()
            .contains("last band"));
    }

    #[test]
    fn band_edges_are_inclusive() {
        let b = band(100, Some(500));

        assert!(!b.contains(99));
        assert!(b.contains(100));
        assert!(b.contains(500));
        assert!(!b.contains(501));
    }

    /// The plan's island bands (二(二)5c–e): "100人以下" none, "100—500人" a village
    /// clinic, "500—1000人" a sub-centre, "1000人以上" nothing of this clause. Each
    /// shared edge goes to the stricter requirement.
    #[test]
    fn a_shared_edge_goes_to_the_stricter_band() {
        let req = |min: u64, max: Option<u64>, require: &str| Band {
            require: require.into(),
            ..band(min, max)
        };
        let bands = [
            req(0, Some(100), "none"),
            req(100, Some(500), "village_clinic"),
            req(500, Some(1000), "sub_centre"),
            req(1000, None, "none"),
        ];
        let tier = |k: &str| {
            ["village_clinic", "sub_centre"]
                .iter()
                .position(|x| *x == k)
        };
        let cases = [
            (99, "none"),
            (100, "village_clinic"),
            (499, "village_clinic"),
            (500, "sub_centre"),
            (999, "sub_centre"),
            (1000, "sub_centre"),
            (1001, "none"),
        ];

        for (population, want) in cases {
            let b = Band::pick(&bands, population, tier);
            assert_eq!(bands[b].require, want, "island of {population}");
        }
        // Equal strictness on an edge: the band above.
        assert_eq!(Band::pick(&bands, 1000, |_| None), 3);
    }

    fn settlement(id: &str, code: Option<&str>, population: u64) -> crate::model::Settlement {
        crate::model::Settlement {
            id: crate::model::SettlementId(id.into()),
            name: id.into(),
            name_zh: String::new(),
            island: IslandId("i".into()),
            island_assignment: crate::model::IslandAssignment::Given,
            kind: SettlementKind::Village,
            village_code: code.map(str::to_owned),
            codes: Vec::new(),
            population,
            elderly: None,
            point: geo::Coord { x: 0.0, y: 0.0 },
            territory: None,
            provenance: crate::model::Provenance::default(),
        }
    }

    #[test]
    fn parts_sharing_a_code_are_one_village_most_populous_first() {
        let world = World {
            settlements: vec![
                settlement("a", Some("330903105204"), 600),
                settlement("b", Some("330903105204"), 3113),
                settlement("c", Some("330903100001"), 900),
                settlement("d", None, 1200),
                settlement("e", Some("330903105204"), 74),
            ],
            ..World::default()
        };

        let v = villages(&world);

        // `c` alone with its code and `d` without one are their own villages.
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].code, "330903105204");
        assert_eq!(v[0].parts, [1, 0, 4]);
        assert_eq!(v[0].population, 3787);
    }
}
