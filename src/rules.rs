//! The plan's rules as data: the rules file, its validation, and evaluation.
//!
//! A rules file (TOML) declares service families with their tier order and a list
//! of rules, each with its clause, the Chinese wording and an English summary.
//! [`evaluate`](crate::rules::evaluate) applies them to a [`World`](crate::model::World) and returns one [`Finding`](crate::rules::Finding) per
//! (subject, rule); turning findings into gaps and figures is `coverage`'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::index::PointIndex;
use crate::model::{IslandId, SettlementKind, World};
use crate::project::{distance_m, LocalProjection};

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

    fn takes(self, kind: SettlementKind) -> bool {
        match self {
            Self::Island => false,
            Self::Village => kind == SettlementKind::Village,
            Self::Community => kind == SettlementKind::Community,
            Self::Settlement => true,
        }
    }
}

/// One population band: `[min, max)` residents, and what it requires.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest population in the band (inclusive).
    pub min: u64,
    /// Population where the next band starts (exclusive); none for the last band.
    pub max: Option<u64>,
    /// The facility kind required (a tier of the family), or `"none"`.
    pub require: String,
    /// The clause for this band, when narrower than the rule's.
    pub clause: Option<String>,
    /// A note shown with findings in this band.
    pub note: Option<String>,
}

impl Band {
    /// The band as text: `100–499`, `1000+`.
    pub fn label(&self) -> String {
        match self.max {
            Some(max) => format!("{}–{}", self.min, max - 1),
            None => format!("{}+", self.min),
        }
    }

    fn contains(&self, population: u64) -> bool {
        population >= self.min && self.max.is_none_or(|m| population < m)
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
        let text = fs_err::read_to_string(path).map_err(|e| Error::Read {
            path: path.to_owned(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        })?;
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

        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        for spanned in &file.rules {
            let line = Some(text[..spanned.span().start].matches('\n').count() + 1);
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
        })
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
                }
            }
        }
        Ok(())
    }
}

/// Bands must start at 0, touch without gaps or overlaps, and end open.
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
            (Some(max), _) if max <= b.min => {
                return Err(format!(
                    "band {} is empty: max {max} is not above min {}",
                    i, b.min
                ));
            }
            (Some(max), Some(next)) if next.min < max => {
                return Err(format!(
                    "bands overlap: band {i} ({}) and band {} ({}) both hold {}",
                    b.label(),
                    i + 1,
                    next.label(),
                    next.min
                ));
            }
            (Some(max), Some(next)) if next.min > max => {
                return Err(format!(
                    "bands leave a gap: populations {max}–{} fall in no band",
                    next.min - 1
                ));
            }
            (Some(max), None) => {
                return Err(format!(
                    "the last band ends at {max}: populations from {max} up fall in no band"
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
}

/// How a subject stands against a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The rule holds.
    Met,
    /// The rule fails: a gap.
    Gap,
    /// The subject is a relocation candidate, moving to this island.
    Relocate {
        /// Index of the destination island.
        to: usize,
        /// Distance between the two islands' representative points, metres.
        distance_m: f64,
        /// Whether the plan names this destination (or it was found as the nearest).
        named: bool,
        /// Clause or note that names the destination.
        note: Option<String>,
    },
    /// The subject is a relocation candidate with nowhere to go.
    NoDestination,
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
    pub required: Option<String>,
    /// The best kind of the family found serving the subject.
    pub found: Option<String>,
    /// How it stands.
    pub status: Status,
}

/// Applies every rule to the world.
///
/// # Returns
/// Findings sorted by rule (file order), then subject (islands, then settlements,
/// each by id), so outputs never depend on input order.
pub fn evaluate(policy: &Policy, world: &World, projection: &LocalProjection) -> Vec<Finding> {
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
    let mut out = Vec::new();
    for (r, rule) in policy.rules.iter().enumerate() {
        match &rule.kind {
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
                    let Some(b) = bands.iter().position(|b| b.contains(population)) else {
                        unreachable!("bands are checked to cover every population");
                    };
                    let required = (bands[b].require != "none").then(|| bands[b].require.clone());
                    let need = required.as_deref().and_then(|k| policy.tier(family, k));
                    let status = match need {
                        Some(need) if best_tier.is_none_or(|t| t < need) => Status::Gap,
                        _ => Status::Met,
                    };
                    out.push(Finding {
                        rule: r,
                        subject: subject_ref,
                        population,
                        band: Some(b),
                        required,
                        found: best_tier.map(|t| policy.families[family][t].clone()),
                        status,
                    });
                };
                if *subject == Subject::Island {
                    for (i, island) in world.islands.iter().enumerate() {
                        let tier = best(&mut on_island[i].iter().copied());
                        judge(SubjectRef::Island(i), island.population, tier);
                    }
                } else {
                    for (s, settlement) in world.settlements.iter().enumerate() {
                        if !subject.takes(settlement.kind) {
                            continue;
                        }
                        let tier = best(&mut serving[s].iter().copied());
                        judge(SubjectRef::Settlement(s), settlement.population, tier);
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
                for (i, island) in world.islands.iter().enumerate() {
                    if island.population == 0 || island.population >= *below {
                        continue;
                    }
                    let named = destinations.iter().find(|d| d.island == island.id.as_str());
                    let named_to = named.and_then(|d| {
                        let to = world.islands.iter().position(|x| x.id.as_str() == d.to)?;
                        Some((to, d))
                    });
                    let status = match named_to {
                        Some((to, d)) => Status::Relocate {
                            to,
                            distance_m: distance_m(points[i], points[to]),
                            named: true,
                            note: d.clause.clone().or_else(|| d.note.clone()),
                        },
                        None => match index.nearest(points[i], |j| j != i && capable[j]) {
                            Some((to, d)) => Status::Relocate {
                                to,
                                distance_m: d,
                                named: false,
                                note: None,
                            },
                            None => Status::NoDestination,
                        },
                    };
                    out.push(Finding {
                        rule: r,
                        subject: SubjectRef::Island(i),
                        population: island.population,
                        band: None,
                        required: None,
                        found: None,
                        status,
                    });
                }
            }
        }
    }
    out
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

    #[test]
    fn contiguous_bands_pass() {
        let bands = [band(0, Some(100)), band(100, Some(500)), band(500, None)];

        assert_eq!(check_bands(&bands), Ok(()));
    }

    #[test]
    fn overlapping_bands_name_the_overlap() {
        let bands = [band(0, Some(100)), band(99, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(
            err.contains("overlap") && err.contains("0–99") && err.contains("99+"),
            "{err}"
        );
    }

    #[test]
    fn gapped_bands_name_the_gap() {
        let bands = [band(0, Some(100)), band(120, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(err.contains("gap") && err.contains("100–119"), "{err}");
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
    fn band_edges_are_half_open() {
        let b = band(100, Some(500));

        assert!(!b.contains(99));
        assert!(b.contains(100));
        assert!(b.contains(499));
        assert!(!b.contains(500));
    }
}
