//! The plan's rules as data: the rules file, its validation, and evaluation.
//!
//! A rules file (TOML) declares service families with their tier order and a list
//! of rules, each with its clause, the Chinese wording and an English summary.
//! [`evaluate`](crate::rules::evaluate) applies them to a [`World`](crate::model::World) and returns one [`Finding`](crate::rules::Finding) per
//! (subject, rule); turning findings into gaps and figures is `coverage`'s job.
//!
//! # Layout
//!
//! - `mod.rs` (this file): the shared types (`Policy`, `Rule`, `RuleKind`, `Finding`,
//!   `Status`, `Measure`, `SubjectRef`, `Town`, `Village`, `Moved`, targets), the
//!   per-run context every kind reads (facilities serving each settlement, facilities
//!   per island, towns, villages, territories in metres, kind names), computed once
//!   per `evaluate` call, and `evaluate` itself: a dispatch of each rule to its
//!   kind's file.
//! - `parse.rs`: the rules-file format, scenario overrides (`Override`) and the
//!   checks of the file as a whole (settings, families, the `[travel]` section, rule
//!   ids, lines for messages); it calls each kind's own parameter checks.
//! - One file per rule kind, with its parameter checks and its evaluation: `band.rs`
//!   (`Band`), `access.rs`, `share.rs`, `town.rs` (per-town), `ratio.rs`,
//!   `consolidate.rs`. `travel.rs` holds what access and share rules share: their
//!   checks, the minutes reached, and the residents reached on territories.
//!
//! Adding a rule kind means one new file with its checks and its evaluation (a
//! struct of the rule's parameters implementing the private `Kind` trait), one
//! variant in `RuleKind`, and one arm in `RuleKind::dispatch`, the one place that
//! lists the kinds.

mod access;
mod allocation;
mod area_share;
mod attribute;
mod band;
mod consolidate;
mod count;
mod merge;
mod only_in;
mod parse;
mod ratio;
mod round;
mod share;
mod town;
mod travel;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::error::Result;
use geo::MultiPolygon;

use crate::model::{IslandId, SettlementKind, World};
use crate::network::cost::TravelSettings;
use crate::network::travel::{Reach, Request, TravelTimes};
use crate::prepared::Prepared;

pub use crate::prepared::{towns, villages, Town, Village};
pub use band::Band;
pub use consolidate::{Basis, Destination, Resettlement};
pub use count::{area_target, AreaTarget, EACH_TOWN};
pub use parse::{
    field_name, rule_fields, Override, OverrideTarget, Settings, FAMILY_FIELD_SUFFIXES, ID_CHARSET,
    INPUT_FIELD_PREFIX, RESERVED_FIELDS, RULE_FIELD_SUFFIXES,
};
pub use ratio::{Base, Counted, RatioArea, MAX_RATIO};
pub use round::small_islands;
pub use town::missing_towns;
pub use travel::MAX_RULE_MIN;

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
        /// The towns and streets the plan has, when the data may lack some (a
        /// street with no island of its own): each one the data has no island for
        /// is "no data", never dropped. Empty: the towns of the data.
        #[serde(default)]
        towns: Vec<String>,
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
    /// At least so many open facilities of one kind, in the district, in a named
    /// town or in each town, with targets by year.
    Count {
        /// The kind counted (exactly this kind, not a higher tier).
        kind: String,
        /// When given, only facilities with this property value count (new or
        /// rebuilt under the plan, say); a kind none of whose facilities records the
        /// property is "no data".
        #[serde(default)]
        with: Option<FieldValue>,
        /// Targets: the least count, by year and area.
        targets: Vec<AreaTarget>,
    },
    /// At least a share of the villages and communities of each area have a
    /// facility of one kind serving them, with targets by year.
    AreaShare {
        /// The kind that counts (this kind exactly).
        kind: String,
        /// Targets: percent of villages and communities, by year and area.
        targets: Vec<AreaTarget>,
    },
    /// Facilities of a family may stand only on the named islands.
    OnlyIn {
        /// The service family.
        family: String,
        /// The islands allowed, by id.
        islands: Vec<String>,
    },
    /// Every open facility of a kind has a field with a value, from a year on.
    Attribute {
        /// The kind judged.
        kind: String,
        /// The facility property and the value it must have
        /// (`{ field = "standardised", value = true }`).
        with: FieldValue,
        /// The year from which it is due.
        year: i32,
    },
    /// Every settlement's nearest facility of a family (at a tier or better) stands
    /// on an island of at least so many residents, from a year on.
    Allocation {
        /// The service family (schools).
        family: String,
        /// The lowest tier that counts (default: the family's lowest).
        #[serde(default)]
        min_tier: Option<String>,
        /// Islands with fewer residents are small: a nearest facility there is a gap.
        min_island_population: u64,
        /// The year from which it is due.
        year: i32,
        /// The travel profile (default: `travel.default_profile`).
        #[serde(default)]
        profile: Option<String>,
    },
    /// A service team based at a facility visits every small island at least once a
    /// period (二(三)9); each small island no round can reach is a gap.
    /// `isleplan propose-rounds` plans the rounds (`round`).
    Round {
        /// The base facility's id.
        base: String,
        /// Islands with fewer residents (and at least one) are small.
        below: u64,
        /// The period within which each is visited, days (30: monthly).
        #[serde(default = "default_period_days")]
        period_days: f64,
        /// Minutes spent on each island's visit.
        service_minutes: f64,
        /// Working minutes in a team-day.
        #[serde(default = "default_day_minutes")]
        day_minutes: f64,
        /// The travel profile (default: `travel.default_profile`).
        #[serde(default)]
        profile: Option<String>,
    },
    /// Which facilities of some kinds on named islands could close (merge into the
    /// others) while every settlement one of them serves within the minutes today
    /// still has one within the minutes: `isleplan propose-merger` solves it.
    Merge {
        /// The service family.
        family: String,
        /// The kinds that may close; the family's other kinds at a tier as high or
        /// higher stay open and serve as they do.
        kinds: Vec<String>,
        /// The islands whose facilities are merged, by id.
        islands: Vec<String>,
        /// The limit, minutes.
        minutes: f64,
        /// The travel profile (default: `travel.default_profile`).
        #[serde(default)]
        profile: Option<String>,
    },
}

/// The travel a rule needs: `(profile, family, lowest tier, minutes)`; `None` in the
/// profile means the default profile.
type Travel<'a> = (Option<&'a str>, &'a str, Option<&'a str>, f64);

/// What each rule kind's file provides, over the rule's parameters borrowed from its
/// [`RuleKind`] variant: its name, its checks and its evaluation.
trait Kind<'a> {
    /// The rule type as written in the rules file.
    fn name(&self) -> &'static str;

    /// Checks the rule's parameters as the rules file gives them (once the file as a
    /// whole passed its own checks).
    fn check(&self, c: &parse::Check<'_>) -> Result<()>;

    /// Checks the rule's references to the dataset; `id` and `path` are for messages.
    fn check_world(&self, _id: &str, _path: &Path, _world: &World) -> Result<()> {
        Ok(())
    }

    /// The travel minutes the rule reads, if any.
    fn travel(&self) -> Option<Travel<'a>> {
        None
    }

    /// The words of a gap (English, Chinese) of the kinds whose words live beside
    /// their evaluation: `subject` names the gap's subject, `value` is the figure the
    /// gap carries. `None` for the kinds whose words `output::features` writes.
    fn gap_words(&self, _g: &GapFacts<'_>) -> Option<(String, String)> {
        None
    }

    /// The most findings the rule can make, so that the findings are reserved once.
    fn most(&self, cx: &Context<'_>) -> usize;

    /// Appends the rule's findings (`r` is its index in `Policy::rules`) to `out`, in
    /// subject order.
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>);
}

impl RuleKind {
    /// The rule's kind file over its parameters: the one place that lists the kinds.
    fn dispatch(&self) -> Box<dyn Kind<'_> + '_> {
        match self {
            Self::Band {
                subject,
                family,
                bands,
            } => Box::new(band::BandRule {
                subject: *subject,
                family,
                bands,
            }),
            Self::Consolidate {
                below,
                family,
                destination_min_tier,
                destinations,
            } => Box::new(consolidate::ConsolidateRule {
                below: *below,
                family,
                destination_min_tier,
                destinations,
            }),
            Self::Access {
                subject,
                family,
                min_tier,
                minutes,
                profile,
            } => Box::new(access::AccessRule(travel::TravelRule {
                subject: *subject,
                family,
                min_tier: min_tier.as_deref(),
                minutes: *minutes,
                profile: profile.as_deref(),
            })),
            Self::Share {
                subject,
                family,
                min_tier,
                minutes,
                profile,
                targets,
            } => Box::new(share::ShareRule {
                travel: travel::TravelRule {
                    subject: *subject,
                    family,
                    min_tier: min_tier.as_deref(),
                    minutes: *minutes,
                    profile: profile.as_deref(),
                },
                targets,
            }),
            Self::PerTown {
                family,
                min_tier,
                min_population,
                town_suffixes,
                towns,
            } => Box::new(town::PerTownRule {
                family,
                min_tier: min_tier.as_deref(),
                min_population: *min_population,
                town_suffixes,
                towns,
            }),
            Self::Ratio {
                family,
                min_tier,
                count,
                per,
                unit,
                area,
                targets,
            } => Box::new(ratio::RatioRule {
                family,
                min_tier: min_tier.as_deref(),
                count: *count,
                per: *per,
                unit: *unit,
                area: *area,
                targets,
            }),
            Self::Count {
                kind,
                with,
                targets,
            } => Box::new(count::CountRule {
                kind,
                with: with.as_ref(),
                targets,
            }),
            Self::AreaShare { kind, targets } => {
                Box::new(area_share::AreaShareRule { kind, targets })
            }
            Self::OnlyIn { family, islands } => Box::new(only_in::OnlyInRule { family, islands }),
            Self::Attribute { kind, with, year } => Box::new(attribute::AttributeRule {
                kind,
                with,
                year: *year,
            }),
            Self::Round {
                base,
                below,
                period_days,
                service_minutes,
                day_minutes,
                profile,
            } => Box::new(round::RoundRule {
                base,
                below: *below,
                period_days: *period_days,
                service_minutes: *service_minutes,
                day_minutes: *day_minutes,
                profile: profile.as_deref(),
            }),
            Self::Merge {
                family,
                kinds,
                islands,
                minutes,
                profile,
            } => Box::new(merge::MergeRule {
                family,
                kinds,
                islands,
                minutes: *minutes,
                profile: profile.as_deref(),
            }),
            Self::Allocation {
                family,
                min_tier,
                min_island_population,
                year,
                profile,
            } => Box::new(allocation::AllocationRule {
                family,
                min_tier: min_tier.as_deref(),
                min_island_population: *min_island_population,
                year: *year,
                profile: profile.as_deref(),
            }),
        }
    }

    /// The family a rule reads facilities of, if it reads one.
    pub fn family<'a>(&'a self, policy: &'a Policy) -> Option<&'a str> {
        match self {
            Self::Access { family, .. }
            | Self::Share { family, .. }
            | Self::PerTown { family, .. }
            | Self::Ratio { family, .. }
            | Self::OnlyIn { family, .. }
            | Self::Merge { family, .. }
            | Self::Allocation { family, .. } => Some(family),
            Self::Count { kind, .. }
            | Self::AreaShare { kind, .. }
            | Self::Attribute { kind, .. } => policy.family_of(kind),
            Self::Band { .. } | Self::Consolidate { .. } | Self::Round { .. } => None,
        }
    }
}

/// A round's period when the rules file gives none: a month.
fn default_period_days() -> f64 {
    30.0
}

/// A team-day's working minutes when the rules file gives none: 8 hours.
fn default_day_minutes() -> f64 {
    480.0
}

/// A facility property and a value (`standardised = true`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldValue {
    /// The property, as the facilities layer names it.
    pub field: String,
    /// The value: a boolean, a string or a number.
    pub value: toml::Value,
}

impl FieldValue {
    /// The facility's value of the property, when it has one (not null).
    pub fn of<'f>(&self, f: &'f crate::model::Facility) -> Option<&'f serde_json::Value> {
        f.provenance
            .0
            .iter()
            .find(|(k, _)| *k == self.field)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// Whether a property's value is this one (booleans, strings, numbers).
    pub fn matches(&self, json: &serde_json::Value) -> bool {
        match (json, &self.value) {
            (serde_json::Value::Bool(a), toml::Value::Boolean(b)) => a == b,
            // A table converted from CSV may spell booleans as text.
            (serde_json::Value::String(a), toml::Value::Boolean(b)) => a
                .trim()
                .eq_ignore_ascii_case(if *b { "true" } else { "false" }),
            (serde_json::Value::String(a), toml::Value::String(b)) => a == b,
            (serde_json::Value::Number(a), toml::Value::Integer(b)) => {
                a.as_f64() == Some(*b as f64)
            }
            (serde_json::Value::Number(a), toml::Value::Float(b)) => a.as_f64() == Some(*b),
            _ => false,
        }
    }

    /// Whether the value is of a type a property can be compared with.
    pub fn comparable(&self) -> bool {
        matches!(
            self.value,
            toml::Value::Boolean(_)
                | toml::Value::String(_)
                | toml::Value::Integer(_)
                | toml::Value::Float(_)
        ) && !self.field.is_empty()
    }
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

/// Percent of `part` in `whole`, rounded to 0.1 (100 when `whole` is 0).
pub fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Per settlement, the administrative units it counts for under [`Subject::Unit`]:
/// 0 for a hamlet or a settlement with no residents; an `area` its `codes` (1 when
/// it lists none); a part of a village of several settlements 1 ÷ its parts with
/// residents; any other village or community 1.
pub fn unit_weights(world: &World, prepared: &Prepared) -> Vec<f64> {
    world
        .settlements
        .iter()
        .enumerate()
        .map(|(s, st)| {
            if st.population == 0 || st.kind == SettlementKind::Hamlet {
                return 0.0;
            }
            if st.kind == SettlementKind::Area {
                return st.codes.len().max(1) as f64;
            }
            match prepared.village_of[s] {
                Some(v) => {
                    let parts = prepared.villages[v]
                        .parts
                        .iter()
                        .filter(|&&p| world.settlements[p].population > 0)
                        .count();
                    1.0 / parts.max(1) as f64
                }
                None => 1.0,
            }
        })
        .collect()
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
    /// Villages and communities as administrative units (share rules): a village
    /// of several settlements counts once, each part for its share of the parts; an
    /// `area` counts for the units it stands for (its `codes`), reached or not
    /// together (coarse); a natural village (hamlet) is no unit.
    Unit,
}

impl Subject {
    /// The name used in the rules file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Island => "island",
            Self::Village => "village",
            Self::Community => "community",
            Self::Settlement => "settlement",
            Self::Unit => "unit",
        }
    }

    /// Whether a settlement of `kind` is one of this rule's subjects.
    pub fn takes(self, kind: SettlementKind) -> bool {
        match self {
            Self::Island => false,
            Self::Village => kind == SettlementKind::Village,
            Self::Community => kind == SettlementKind::Community,
            Self::Settlement => true,
            Self::Unit => kind != SettlementKind::Hamlet,
        }
    }
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
        self.kind.dispatch().name()
    }

    /// The words of one of its gaps (English, Chinese), for the kinds whose words
    /// live beside their evaluation; `None` for the others.
    pub fn gap_words(&self, g: &GapFacts<'_>) -> Option<(String, String)> {
        self.kind.dispatch().gap_words(g)
    }

    /// The travel this rule needs: `(profile, family, lowest tier index)`, if any.
    /// `None` in the profile means the default profile.
    pub fn travel(&self) -> Option<(Option<&str>, &str, Option<&str>, f64)> {
        self.kind.dispatch().travel()
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

impl Policy {
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

    /// The family a kind belongs to, if any.
    pub fn family_of(&self, kind: &str) -> Option<&str> {
        self.families
            .iter()
            .find(|(_, kinds)| kinds.iter().any(|k| k == kind))
            .map(|(f, _)| f.as_str())
    }

    /// The Chinese name of a kind, or the kind itself.
    pub fn name_zh<'a>(&'a self, kind: &'a str) -> &'a str {
        self.names_zh.get(kind).map_or(kind, String::as_str)
    }
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
    Pending(Box<Resettlement>),
    /// The plan's move is made: the island is empty and its residents live at the
    /// destination.
    Relocated(Box<Resettlement>),
    /// A small island the plan does not name: a relocation candidate, with a
    /// destination suggested by the tool (not the plan's). The rule asks nothing of it.
    Candidate(Box<Resettlement>),
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
    /// A count (count rules), or a part of a whole (share-per-area and attribute
    /// rules), against the target in force.
    Count {
        /// Facilities, or villages and communities, or facilities with the value.
        counted: f64,
        /// The whole the part is of (share and attribute rules).
        of: Option<f64>,
        /// The least count or percent in force, when one is.
        target: Option<f64>,
    },
}

/// What a gap's words are made of, for [`Rule::gap_words`].
#[derive(Debug, Clone)]
pub struct GapFacts<'a> {
    /// The rules.
    pub policy: &'a Policy,
    /// The scenario's year.
    pub year: i32,
    /// The subject's id (a town's name, an island's id, `district`).
    pub subject: &'a str,
    /// The subject's Chinese name, when it has one.
    pub subject_zh: &'a str,
    /// Residents of the subject.
    pub population: u64,
    /// The figure the gap carries (a count, a percent), when it carries one.
    pub value: Option<f64>,
    /// The kind found, when the gap names one.
    pub found: Option<&'a str>,
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
    /// Share rules over units ([`Subject::Unit`]): the administrative villages and
    /// communities the subject counts for (1 alone, a part's share of a village of
    /// several settlements, an area's units). `None` for any other rule.
    pub units: Option<f64>,
}

impl Finding {
    /// A finding of rule `rule` with nothing measured, required or found.
    fn of(rule: usize, subject: SubjectRef, population: u64, status: Status) -> Self {
        Self {
            rule,
            subject,
            population,
            band: None,
            required: None,
            found: None,
            status,
            measure: Measure::None,
            reached_share: None,
            units: None,
        }
    }
}

/// What every rule kind reads in one [`evaluate`] call: its arguments, and what the
/// prepared world derived once for every stage.
struct Context<'a> {
    /// The rules.
    policy: &'a Policy,
    /// The dataset.
    world: &'a World,
    /// What is derived of the dataset once.
    prepared: &'a Prepared,
    /// The minutes access and share rules read.
    travel: Option<&'a TravelTimes>,
    /// The year whose targets are in force.
    year: i32,
    /// The islands a scenario has emptied.
    moved: &'a [Moved],
    /// Per settlement, the facilities serving it (by index into `World::facilities`).
    serving: &'a [Vec<usize>],
    /// Per island, the facilities on it.
    on_island: &'a [Vec<usize>],
    /// The towns, as [`towns`] gives them.
    towns: &'a [Town],
    /// The villages of several settlements, as [`villages`] gives them.
    villages: &'a [Village],
    /// Per settlement, the village of several settlements it is part of.
    village_of: &'a [Option<usize>],
    /// Per island, its town.
    town_of_island: &'a [Option<usize>],
    /// One shared name per kind: the rules' families and every facility's kind.
    names: BTreeMap<&'a str, Arc<str>>,
    /// Per settlement, its territory in metres and its area (m²); empty when no
    /// settlement has a territory.
    territories: &'a [Option<(MultiPolygon<f64>, f64)>],
}

impl<'a> Context<'a> {
    /// What the rules share, from `evaluate`'s arguments.
    fn new(
        policy: &'a Policy,
        world: &'a World,
        prepared: &'a Prepared,
        travel: Option<&'a TravelTimes>,
        year: i32,
        moved: &'a [Moved],
    ) -> Self {
        // One shared name per kind: the rules' families and every facility's kind.
        let names: BTreeMap<&str, Arc<str>> = policy
            .families
            .values()
            .flatten()
            .map(String::as_str)
            .chain(world.facilities.iter().map(|f| f.kind.as_str()))
            .map(|k| (k, Arc::from(k)))
            .collect();
        Self {
            policy,
            world,
            prepared,
            travel,
            year,
            moved,
            serving: &prepared.serving,
            on_island: &prepared.on_island,
            towns: &prepared.towns,
            villages: &prepared.villages,
            village_of: &prepared.village_of,
            town_of_island: &prepared.town_of_island,
            names,
            territories: &prepared.territories,
        }
    }

    /// The shared name of kind `k`.
    fn name(&self, k: &str) -> Arc<str> {
        self.names.get(k).cloned().unwrap_or_else(|| Arc::from(k))
    }

    /// Index of an island by id, if any.
    fn island_of(&self, id: &IslandId) -> Option<usize> {
        self.world.islands.binary_search_by(|i| i.id.cmp(id)).ok()
    }
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
    prepared: &Prepared,
    travel: Option<&TravelTimes>,
    year: i32,
    moved: &[Moved],
) -> Vec<Finding> {
    let cx = Context::new(policy, world, prepared, travel, year, moved);
    let kinds: Vec<_> = policy
        .rules
        .iter()
        .map(|rule| rule.kind.dispatch())
        .collect();
    // At most one finding per subject and rule: reserved once, so millions of
    // findings are never copied as the list grows (untouched capacity costs no memory).
    let most: usize = kinds.iter().map(|kind| kind.most(&cx)).sum();
    let mut out = Vec::with_capacity(most);
    for (r, kind) in kinds.iter().enumerate() {
        kind.evaluate(&cx, r, &mut out);
    }
    out
}

/// The findings of rule `r`: `evaluate` returns them grouped by rule, in rule order,
/// so they are one contiguous run found by two binary searches.
pub fn findings_of(findings: &[Finding], r: usize) -> &[Finding] {
    debug_assert!(
        findings.is_sorted_by_key(|f| f.rule),
        "findings come grouped by rule"
    );
    let start = findings.partition_point(|f| f.rule < r);
    let end = findings.partition_point(|f| f.rule <= r);
    &findings[start..end]
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

#[cfg(test)]
mod tests {
    use super::*;

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
