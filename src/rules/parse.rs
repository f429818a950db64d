//! The rules file: its format (TOML), scenario overrides, and the checks of the file
//! as a whole (settings, families, the `[travel]` section, rule ids, the lines that
//! messages point at). Each rule's parameters are checked by its kind's file, called
//! from here through [`Check`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::model::World;
use crate::network::cost::{TravelFile, TravelSettings};

use super::{Policy, Rule, RuleKind, YearTarget};

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

/// A problem in the rules file at `path`, on `line` when known.
fn config(path: &Path, line: Option<usize>, problem: String, hint: Option<String>) -> Error {
    Error::Config {
        path: match line {
            Some(l) => PathBuf::from(format!("{}:{l}", path.display())),
            None => path.to_owned(),
        },
        problem,
        hint,
    }
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
    ///
    /// # Runtime
    /// An override of one rule re-checks that rule only; an override of a section
    /// (`families`, `[travel]`, …) re-checks the whole file, as every rule may read it.
    pub fn from_str_with(text: &str, path: &Path, overrides: &[Override]) -> Result<Self> {
        let mut policy = Self::from_str(text, path)?;
        if overrides.is_empty() {
            return Ok(policy);
        }
        let mut table: toml::Table = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        // Rule ids by position; ids are unique (checked above) and no override
        // changes one, so this stays true.
        let index: HashMap<String, usize> = policy
            .rules
            .iter()
            .enumerate()
            .map(|(k, r)| (r.id.clone(), k))
            .collect();
        for o in overrides {
            let at = |problem: String, hint: Option<String>| Error::Config {
                path: PathBuf::from(&o.origin),
                problem: format!("{}: {problem}", o.label),
                hint,
            };
            let invalid = |e: Error| match e {
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
            };
            match &o.target {
                OverrideTarget::Rule(id) => {
                    let rules = table
                        .get_mut("rule")
                        .and_then(toml::Value::as_array_mut)
                        .map(Vec::as_mut_slice)
                        .unwrap_or_default();
                    let Some((k, rule)) = index.get(id).and_then(|&k| {
                        rules
                            .get_mut(k)
                            .and_then(toml::Value::as_table_mut)
                            .map(|t| (k, t))
                    }) else {
                        return Err(at(
                            format!("unknown rule {id:?} in `{}`", path.display()),
                            did_you_mean(id, policy.rules.iter().map(|r| r.id.as_str()))
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
                    // Only this rule changed: check it alone, against the file's
                    // families and travel section as they stand.
                    let def = RuleDef::from_table(rule.clone())
                        .map_err(|p| invalid(config(path, None, p, None)))?;
                    def.kind
                        .dispatch()
                        .check(&Check {
                            text,
                            path,
                            start: 0,
                            line: None,
                            id: &def.id,
                            families: &policy.families,
                            travel: policy.travel.as_ref(),
                        })
                        .map_err(invalid)?;
                    policy.rules[k] = Rule {
                        id: def.id,
                        clause: def.clause,
                        wording_zh: def.wording_zh,
                        summary_en: def.summary_en,
                        kind: def.kind,
                    };
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
                    let merged = toml::to_string(&table)
                        .map_err(|e| at(format!("cannot apply: {e}"), None))?;
                    policy = Self::from_str(&merged, path).map_err(invalid)?;
                }
            }
        }
        Ok(policy)
    }

    /// Parses and validates rules from text; `path` is used in messages.
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        let file: RulesFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        let s = &file.settings;
        if !s.snap_tolerance_m.is_finite() || s.snap_tolerance_m < 0.0 {
            return Err(config(
                path,
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
                    path,
                    None,
                    format!("family {family:?} has no kinds"),
                    None,
                ));
            }
            for k in tiers {
                if let Some(other) = tier_of.insert(k, family) {
                    return Err(config(
                        path,
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

        let mut fields = FieldOwners::default();
        for family in file.families.keys() {
            fields
                .claim_family(family)
                .map_err(|(p, h)| config(path, None, p, h))?;
        }
        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        // Where each line starts: a rule's line is a binary search, not a count from
        // the top (which made a file of 20,000 rules take minutes).
        let newlines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
        for spanned in &file.rules {
            let span = spanned.span();
            let line = Some(newlines.partition_point(|&at| at < span.start) + 1);
            let def = RuleDef::from_table(spanned.get_ref().clone())
                .map_err(|p| config(path, line, p, None))?;
            let id_line = line.map(|l| key_line(text, span.start, l, "id"));
            check_id(&def.id).map_err(|(p, h)| config(path, id_line, p, h))?;
            if !ids.insert(def.id.clone()) {
                return Err(config(
                    path,
                    line,
                    format!("rule id {:?} is used twice", def.id),
                    None,
                ));
            }
            fields
                .claim_rule(&def.id, id_line)
                .map_err(|(p, h)| config(path, id_line, p, h))?;
            // The rule's own parameters, checked by its kind.
            def.kind.dispatch().check(&Check {
                text,
                path,
                start: span.start,
                line,
                id: &def.id,
                families: &file.families,
                travel: travel.as_ref(),
            })?;
            rules.push(Rule {
                id: def.id,
                clause: def.clause,
                wording_zh: def.wording_zh,
                summary_en: def.summary_en,
                kind: def.kind,
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

    /// Checks the rules' references to the dataset (named islands), with "did you mean".
    pub fn check_against(&self, world: &World) -> Result<()> {
        for rule in &self.rules {
            rule.kind
                .dispatch()
                .check_world(&rule.id, &self.path, world)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Output field names. The layers name fields after rule ids and families
// (`src/output/features.rs`), beside fields the tool writes itself; a rules file whose
// ids would make two of those one field is refused here, when it is loaded, so no
// output ever overwrites one figure with another.

/// Fields the tool writes itself on the layers that carry rule fields (islands and
/// settlements), and the GeoPackage's own columns (`fid`, and `geom`, which is
/// `output::gpkg::GEOMETRY_COLUMN`). No rule's or family's field may be one of these,
/// without regard to case. The layer writers are meant to list their fixed fields
/// from here, so a new fixed field cannot be forgotten.
pub const RESERVED_FIELDS: &[&str] = &[
    "id",
    "name",
    "name_zh",
    "town",
    "island",
    "island_assignment",
    "kind",
    "village_code",
    "codes",
    "population",
    "elderly",
    "territory",
    "status",
    "gaps",
    "gap_rules",
    "relocation",
    "relocated",
    "fid",
    "geom",
];

/// The prefix an input property takes when its name is already a field of the
/// layer (`input_<name>`); no rule's or family's field may start with it.
pub const INPUT_FIELD_PREFIX: &str = "input_";

/// The fields a rule writes besides [`field_name`] itself, each as
/// `<field>_<suffix>`: a band rule's band, clause, required and found tiers, a
/// consolidation's destination, the land a travel rule reaches. Every rule is held to
/// all of them, whatever its kind, so a set of ids that is safe stays safe.
pub const RULE_FIELD_SUFFIXES: &[&str] =
    &["band", "clause", "required", "found", "to", "reached_pct"];

/// The fields each service family writes on settlements: `<family>_min`,
/// `<family>_facility`, `<family>_reach`.
pub const FAMILY_FIELD_SUFFIXES: &[&str] = &["min", "facility", "reach"];

/// The characters a rule id may hold, for messages.
pub const ID_CHARSET: &str = "ASCII letters, digits, `-` and `_`";

/// The output field of rule `id`: `health-band-island` → `health_band_island`.
/// The layer writers use it (`src/output/features.rs`); with
/// the id charset ([`ID_CHARSET`]) only `-` changes.
pub fn field_name(id: &str) -> String {
    id.replace(['-', '.', ' '], "_")
}

/// Every field rule `id` writes: [`field_name`] and its suffixed fields.
pub fn rule_fields(id: &str) -> Vec<String> {
    let base = field_name(id);
    std::iter::once(base.clone())
        .chain(RULE_FIELD_SUFFIXES.iter().map(|s| format!("{base}_{s}")))
        .collect()
}

/// A message and a hint, for [`config`].
type Problem = (String, Option<String>);

/// That a rule id is non-empty and made of [`ID_CHARSET`] only.
fn check_id(id: &str) -> std::result::Result<(), Problem> {
    if id.is_empty() {
        return Err(("a rule id cannot be empty".into(), None));
    }
    match id
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        None => Ok(()),
        Some((at, c)) => Err((
            format!(
                "rule id {id:?} holds {c:?} at byte {at}: a rule id may hold only {ID_CHARSET}"
            ),
            Some("rule ids name fields of the output layers".into()),
        )),
    }
}

/// Who writes an output field.
#[derive(Debug, Clone)]
enum Owner {
    /// A service family.
    Family(String),
    /// A rule, with the line of its id.
    Rule(String, Option<usize>),
}

/// The output fields claimed so far, without regard to case (GeoPackage columns and
/// QGIS field names do not tell `Health_x` from `health_x`), with the field as
/// written and its owner.
#[derive(Debug, Default)]
struct FieldOwners(HashMap<String, (String, Owner)>);

impl FieldOwners {
    fn claim_family(&mut self, family: &str) -> std::result::Result<(), Problem> {
        let fields: Vec<String> = FAMILY_FIELD_SUFFIXES
            .iter()
            .map(|s| format!("{family}_{s}"))
            .collect();
        self.claim(&fields, Owner::Family(family.to_owned()))
    }

    fn claim_rule(&mut self, id: &str, line: Option<usize>) -> std::result::Result<(), Problem> {
        self.claim(&rule_fields(id), Owner::Rule(id.to_owned(), line))
    }

    /// Claims `fields` for `owner`, or says which field is taken and by whom.
    fn claim(&mut self, fields: &[String], owner: Owner) -> std::result::Result<(), Problem> {
        let who = match &owner {
            Owner::Family(f) => format!("family {f:?}"),
            Owner::Rule(id, _) => format!("rule id {id:?}"),
        };
        let hint = || {
            Some(format!(
                "rule fields are the id with `-` turned into `_`, alone and with the suffixes \
                 _{}; family fields are the family with _{}; the tool's own fields are {}",
                RULE_FIELD_SUFFIXES.join(", _"),
                FAMILY_FIELD_SUFFIXES.join(", _"),
                RESERVED_FIELDS.join(", ")
            ))
        };
        for field in fields {
            let key = field.to_ascii_lowercase();
            if let Some(fixed) = RESERVED_FIELDS.iter().find(|r| **r == key) {
                let whose = if field == fixed {
                    "the tool writes itself".to_owned()
                } else {
                    format!("is the tool's own field {fixed:?} without regard to case")
                };
                return Err((
                    format!("{who} writes the output field {field:?}, which {whose}"),
                    hint(),
                ));
            }
            if key.starts_with(INPUT_FIELD_PREFIX) {
                return Err((
                    format!(
                        "{who} writes the output field {field:?}, but fields starting with \
                         {INPUT_FIELD_PREFIX:?} are kept for input properties whose name is taken"
                    ),
                    hint(),
                ));
            }
            if let Some((theirs, other)) = self.0.get(&key) {
                let other = match other {
                    Owner::Family(f) => format!("family {f:?}"),
                    Owner::Rule(id, Some(l)) => format!("rule id {id:?} (line {l})"),
                    Owner::Rule(id, None) => format!("rule id {id:?}"),
                };
                let same = if theirs == field {
                    format!("both write the output field {field:?}")
                } else {
                    format!(
                        "write the output fields {theirs:?} and {field:?}, one field without \
                         regard to case"
                    )
                };
                return Err((format!("{other} and {who} {same}"), hint()));
            }
        }
        for field in fields {
            self.0
                .insert(field.to_ascii_lowercase(), (field.clone(), owner.clone()));
        }
        Ok(())
    }
}

/// One rule of the rules file being checked, for its kind's checks: where it is
/// written, the file's families and `[travel]` section.
pub(super) struct Check<'a> {
    /// The whole rules file.
    text: &'a str,
    /// Where it came from, for messages.
    path: &'a Path,
    /// Byte offset of the rule in `text`.
    start: usize,
    /// The rule's line.
    line: Option<usize>,
    /// The rule's id.
    pub(super) id: &'a str,
    /// The file's families.
    families: &'a BTreeMap<String, Vec<String>>,
    /// The file's `[travel]` section, validated.
    pub(super) travel: Option<&'a TravelSettings>,
}

impl<'a> Check<'a> {
    /// A problem on `line` of the rules file.
    pub(super) fn error(
        &self,
        line: Option<usize>,
        problem: String,
        hint: Option<String>,
    ) -> Error {
        config(self.path, line, problem, hint)
    }

    /// The rule's own line.
    pub(super) fn line(&self) -> Option<usize> {
        self.line
    }

    /// The line of `key = …` in the rule (the rule's line when not found).
    pub(super) fn key_line(&self, key: &str) -> Option<usize> {
        self.line.map(|l| key_line(self.text, self.start, l, key))
    }

    /// `rule "id": {problem}`, on the line of `key` when given, else the rule's line.
    pub(super) fn rule_error(&self, key: Option<&str>, problem: impl std::fmt::Display) -> Error {
        let line = match key {
            Some(key) => self.key_line(key),
            None => self.line,
        };
        self.error(line, format!("rule {:?}: {problem}", self.id), None)
    }

    /// The tiers of `family`, or an error naming a near family.
    pub(super) fn family(&self, family: &str) -> Result<&'a [String]> {
        let families = self.families;
        match families.get(family) {
            Some(tiers) => Ok(tiers),
            None => Err(self.error(
                self.line,
                format!("rule {:?}: unknown family {family:?}", self.id),
                did_you_mean(family, families.keys().map(String::as_str))
                    .map(|n| format!("did you mean {n:?}?")),
            )),
        }
    }

    /// That `family` is known and `tier` (the rule's `what`) is one of its tiers or
    /// `"none"`.
    pub(super) fn tier(&self, family: &str, tier: &str, what: &str) -> Result<()> {
        let tiers = self.family(family)?;
        if tier != "none" && !tiers.iter().any(|t| t == tier) {
            return Err(self.error(
                self.line,
                format!(
                    "rule {:?}: {what} {tier:?} is not a tier of family {family:?} ({})",
                    self.id,
                    tiers.join(", ")
                ),
                did_you_mean(tier, tiers.iter().map(String::as_str))
                    .map(|n| format!("did you mean {n:?}?")),
            ));
        }
        Ok(())
    }

    /// The family `kind` is a tier of, if any.
    pub(super) fn family_of(&self, kind: &str) -> Option<&'a str> {
        self.families
            .iter()
            .find(|(_, kinds)| kinds.iter().any(|k| k == kind))
            .map(|(f, _)| f.as_str())
    }

    /// That `family` is known and `min_tier`, when given, is one of its tiers.
    pub(super) fn min_tier(&self, family: &str, min_tier: Option<&str>) -> Result<()> {
        self.family(family)?;
        if let Some(t) = min_tier {
            self.tier(family, t, "min_tier")?;
        }
        Ok(())
    }
}

/// The line of `key = …` in the rule starting at byte `start`, on line `first` (the
/// rule's own line when not found), so a bad number is reported where it is written.
/// The rule runs to the next table header: toml's span of an array-of-tables element
/// may cover its header only. Reads only the rule's own lines.
fn key_line(text: &str, start: usize, first: usize, key: &str) -> usize {
    let start = start.min(text.len());
    for (n, line) in text[start..].split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if n > 0 && t.starts_with('[') {
            break;
        }
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return first + n;
            }
        }
    }
    first
}

/// A number that must be finite, > 0 and at most `max` (`what` names it in the message).
pub(super) fn positive(x: f64, what: &str, max: f64) -> std::result::Result<(), String> {
    if x.is_finite() && x > 0.0 && x <= max {
        Ok(())
    } else {
        Err(format!(
            "{what} must be a finite number > 0 and ≤ {max} (got {x})"
        ))
    }
}

/// Targets: at least one, one per year, each finite, > 0 and at most `max`.
pub(super) fn check_targets(targets: &[YearTarget], max: f64) -> std::result::Result<(), String> {
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

/// Rules files and loaders for the tests of every kind's checks.
#[cfg(test)]
pub(super) mod testing {
    use std::path::Path;

    use crate::error::{Error, Result};
    use crate::rules::Policy;

    /// Families and a `[travel]` section, without rules.
    pub(in crate::rules) const TRAVEL: &str = r#"
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

    /// An access rule, to follow [`TRAVEL`].
    pub(in crate::rules) const ACCESS: &str = r#"
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

    /// Loads rules from `text` as `r.toml`.
    pub(in crate::rules) fn load(text: &str) -> Result<Policy> {
        Policy::from_str(text, Path::new("r.toml"))
    }

    /// The `path: problem` of rules that must fail to load.
    pub(in crate::rules) fn problem(text: &str) -> String {
        match load(text).unwrap_err() {
            Error::Config { path, problem, .. } => format!("{}: {problem}", path.display()),
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{load, problem, TRAVEL};

    #[test]
    fn nan_speed_is_fatal_with_file_and_line() {
        let text = TRAVEL.replace("speed_kmh = 30", "speed_kmh = nan");

        let err = problem(&text);

        assert!(err.starts_with("r.toml:9: "), "{err}");
        assert!(err.contains("speed_kmh") && err.contains("NaN"), "{err}");
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
    fn unknown_default_profile_is_fatal() {
        let text = TRAVEL.replace("default_profile = \"car\"", "default_profile = \"bus\"");

        let err = problem(&text);

        assert!(err.contains("unknown travel profile \"bus\""), "{err}");
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
}
