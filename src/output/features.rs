//! An outcome as features: one function per layer, each writing its features in
//! id order through a [`LayerSink`](crate::output::geojson::LayerSink) — the layers' schemas, and the zh/en wording
//! of what each feature says.

use std::io::Write;

use crate::coverage::Gap;
use crate::model::Provenance;
use crate::network::travel::Reach;
use crate::output::geojson::{round_to, Geom, LayerSink, Props, Val};
use crate::output::layer::{Layer, LAYERS};
use crate::pipeline::Outcome;
use crate::rules::{
    target_for, Base, Counted, GapFacts, RuleKind, Status, SubjectRef, Town, Village,
};

/// Writes the layers of one outcome, one at a time, as GeoJSON text.
pub struct LayerWriter<'o> {
    o: &'o Outcome,
    index: SubjectIndex<'o>,
}

impl<'o> LayerWriter<'o> {
    /// Indexes `o`'s findings by subject.
    pub fn new(o: &'o Outcome) -> Self {
        Self {
            o,
            index: SubjectIndex::new(o),
        }
    }

    /// Writes the layer `name` (one of [`LAYERS`]) into `w`; returns what was
    /// learnt about it. An unknown name writes an empty collection.
    pub fn write(&self, name: &str, w: &mut dyn Write) -> std::io::Result<Layer> {
        let o = self.o;
        let mut sink = LayerSink::begin(w, name)?;
        match name {
            "islands" => islands_layer(o, &self.index, &mut sink)?,
            "settlements" => settlements_layer(o, &self.index, &mut sink)?,
            "facilities" => facilities_layer(o, &mut sink)?,
            "gaps" => gaps_layer(o, &mut sink)?,
            "relocations" => relocations_layer(o, &mut sink)?,
            "service_areas" => service_areas_layer(o, &mut sink)?,
            "proposed" => proposed_layer(o, &mut sink)?,
            "allocation" => allocation_layer(o, &mut sink)?,
            _ => {}
        }
        sink.finish()
    }

    /// Writes every layer to nowhere, keeping only what was learnt of each
    /// (the text is dropped): what the comparison report needs of an outcome.
    pub fn layers_only(&self) -> std::io::Result<Vec<Layer>> {
        LAYERS
            .iter()
            .map(|name| self.write(name, &mut std::io::sink()))
            .collect()
    }
}

/// Findings by subject, so each feature finds its own in O(its findings).
struct SubjectIndex<'o> {
    by_island: Vec<Vec<usize>>,
    by_settlement: Vec<Vec<usize>>,
    by_town: Vec<Vec<usize>>,
    island_of: &'o [usize],
    town_of_island: &'o [Option<usize>],
}

impl<'o> SubjectIndex<'o> {
    fn new(o: &'o Outcome) -> Self {
        let w = &o.dataset.world;
        let (towns, villages) = (&o.prepared.towns, &o.prepared.villages);
        let mut by_island = vec![Vec::new(); w.islands.len()];
        let mut by_settlement = vec![Vec::new(); w.settlements.len()];
        let mut by_town = vec![Vec::new(); towns.len()];
        for (k, f) in o.findings.iter().enumerate() {
            match f.subject {
                SubjectRef::Island(i) => by_island[i].push(k),
                SubjectRef::Settlement(s) => by_settlement[s].push(k),
                // A village's finding is each of its parts'.
                SubjectRef::Village(v) => {
                    for &s in &villages[v].parts {
                        by_settlement[s].push(k);
                    }
                }
                SubjectRef::Town(t) => by_town[t].push(k),
                SubjectRef::District => {}
            }
        }
        Self {
            by_island,
            by_settlement,
            by_town,
            island_of: &o.prepared.settlement_island,
            town_of_island: &o.prepared.town_of_island,
        }
    }

    /// A settlement's own findings, its island's and its town's, in findings order.
    fn of_settlement(&self, s: usize, v: &mut Vec<usize>) {
        v.clear();
        v.extend(&self.by_settlement[s]);
        let i = self.island_of[s];
        v.extend(&self.by_island[i]);
        if let Some(t) = self.town_of_island[i] {
            v.extend(&self.by_town[t]);
        }
        v.sort_unstable();
    }
}

// ---------------------------------------------------------------------------
// JSON text, written directly: the same bytes serde_json writes for the same
// values (compact formatter, `preserve_order` maps), without building a
// `serde_json::Value` per feature.

/// A field name from a rule id: `health-band-island` → `health_band_island`.
/// A rule's field: the one mapping the rules file checks ids against
/// ([`crate::rules::field_name`], with the reserved fields beside it).
fn field(rule_id: &str) -> String {
    crate::rules::field_name(rule_id)
}

fn add_provenance<'a>(props: &mut Props<'a>, prov: &'a Provenance) {
    for (k, v) in &prov.0 {
        if props.contains_key(k) {
            props.insert(format!("input_{k}"), v);
        } else {
            props.insert(k.as_str(), v);
        }
    }
}

fn islands_layer(o: &Outcome, index: &SubjectIndex, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let keys: Vec<String> = o.policy.rules.iter().map(|r| field(&r.id)).collect();
    let suffixed = |k: usize, s: &str| format!("{}_{s}", keys[k]);
    let mut p = Props::new();
    for (i, island) in world.islands.iter().enumerate() {
        p.clear();
        p.insert("id", &island.id.0);
        p.insert("name", &island.name);
        p.insert("name_zh", &island.name_zh);
        p.insert("town", &island.town);
        p.insert("population", island.population);
        let mut gaps = Vec::new();
        for f in index.by_island[i].iter().map(|&k| &o.findings[k]) {
            let rule = &o.policy.rules[f.rule];
            p.insert(
                keys[f.rule].as_str(),
                crate::coverage::status_name(&f.status),
            );
            if let (RuleKind::Band { bands, .. }, Some(b)) = (&rule.kind, f.band) {
                p.insert(suffixed(f.rule, "band"), bands[b].label());
                p.insert(
                    suffixed(f.rule, "clause"),
                    bands[b]
                        .clause
                        .clone()
                        .unwrap_or_else(|| rule.clause.clone()),
                );
                p.insert(suffixed(f.rule, "required"), f.required.as_deref());
                p.insert(suffixed(f.rule, "found"), f.found.as_deref());
            }
            if let Status::Pending(r) | Status::Relocated(r) | Status::Candidate(r) = &f.status {
                p.insert(suffixed(f.rule, "to"), &world.islands[r.to].id.0);
            }
            if f.status == Status::Gap {
                gaps.push(rule.id.as_str());
            }
        }
        p.insert("gaps", gaps.len());
        p.insert("gap_rules", gaps.join(","));
        add_provenance(&mut p, &island.provenance);
        let geometry = match &island.outline {
            Some(mp) => Geom::area(mp),
            None => Geom::Point(island.point),
        };
        sink.feature(&island.id.0, &p, &geometry)?;
    }
    Ok(())
}

fn settlements_layer(
    o: &Outcome,
    index: &SubjectIndex,
    sink: &mut LayerSink,
) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let family_reach: Vec<(&String, &[Reach], bool)> = match &o.travel {
        Some(t) => o
            .policy
            .families
            .keys()
            .filter_map(|family| {
                let reach = t.get(&t.default_profile, family, 0)?;
                Some((family, reach, o.prepared.has_family(family)))
            })
            .collect(),
        None => Vec::new(),
    };
    let family_keys: Vec<[String; 3]> = family_reach
        .iter()
        .map(|(f, ..)| {
            [
                format!("{f}_min"),
                format!("{f}_facility"),
                format!("{f}_reach"),
            ]
        })
        .collect();
    let keys: Vec<String> = o.policy.rules.iter().map(|r| field(&r.id)).collect();
    let reached_keys: Vec<String> = keys.iter().map(|k| format!("{k}_reached_pct")).collect();
    let mut p = Props::new();
    let mut mine_all = Vec::new();
    for (s, st) in world.settlements.iter().enumerate() {
        p.clear();
        p.insert("id", &st.id.0);
        p.insert("name", &st.name);
        p.insert("name_zh", &st.name_zh);
        p.insert("island", &st.island.0);
        p.insert("island_assignment", st.island_assignment.describe());
        p.insert("kind", st.kind.name());
        p.insert("village_code", st.village_code.as_deref());
        if !st.codes.is_empty() {
            p.insert("codes", st.codes.join(","));
        }
        p.insert("population", st.population);
        p.insert("elderly", st.elderly);
        p.insert(
            "territory",
            st.territory.as_ref().map(|t| t.method.as_str()),
        );
        for ((_, reach, in_data), [k_min, k_fac, k_reach]) in family_reach.iter().zip(&family_keys)
        {
            let (minutes, facility, text): (Val, Val, &str) = match reach[s] {
                Reach::Reachable { minutes, facility } => (
                    round_to(minutes, 1).into(),
                    (&world.facilities[facility].id.0).into(),
                    "reachable",
                ),
                // No facility of the family anywhere in the data: not a finding.
                Reach::Unreachable if !in_data => (Val::Null, Val::Null, "no data"),
                Reach::Unreachable => (Val::Null, Val::Null, "unreachable"),
            };
            p.insert(k_min.as_str(), minutes);
            p.insert(k_fac.as_str(), facility);
            p.insert(k_reach.as_str(), text);
        }
        let mut gaps: Vec<&str> = Vec::new();
        index.of_settlement(s, &mut mine_all);
        for f in mine_all.iter().map(|&k| &o.findings[k]) {
            let mine = matches!(
                f.subject,
                SubjectRef::Settlement(_) | SubjectRef::Village(_)
            );
            let rule = &o.policy.rules[f.rule];
            if mine {
                p.insert(
                    keys[f.rule].as_str(),
                    crate::coverage::status_name(&f.status),
                );
                if let Some(share) = f.reached_share {
                    p.insert(reached_keys[f.rule].as_str(), round_to(share * 100.0, 1));
                }
            }
            if f.status == Status::Gap {
                gaps.push(&rule.id);
            }
            match f.status {
                Status::Pending(_) | Status::Candidate(_) => {
                    p.insert("relocation", &rule.id);
                }
                Status::Relocated(_) => {
                    p.insert("relocated", &rule.id);
                }
                _ => {}
            }
        }
        let status = if p.contains_key("relocation") {
            "relocate"
        } else if p.contains_key("relocated") {
            "relocated"
        } else if gaps.is_empty() {
            "served"
        } else {
            "gap"
        };
        p.insert("status", status);
        p.insert("gaps", gaps.len());
        p.insert("gap_rules", gaps.join(","));
        add_provenance(&mut p, &st.provenance);
        sink.feature(&st.id.0, &p, &Geom::Point(st.point))?;
    }
    Ok(())
}

/// Per facility, the (residents, settlements) its family's allocation sends to
/// it: each settlement goes to the nearest facility of a family with the default
/// profile, as in `allocation.geojson`; `None` when no travel times were
/// computed or the family has none.
fn served(o: &Outcome, family: &str) -> Option<Vec<(u64, u64)>> {
    let t = o.travel.as_ref()?;
    let reach = t.get(&t.default_profile, family, 0)?;
    let mut out = vec![(0, 0); o.dataset.world.facilities.len()];
    for (s, r) in reach.iter().enumerate() {
        if let Reach::Reachable { facility, .. } = *r {
            out[facility].0 += o.dataset.world.settlements[s].population;
            out[facility].1 += 1;
        }
    }
    Some(out)
}

fn facilities_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let mut p = Props::new();
    let served: std::collections::BTreeMap<&str, Option<Vec<(u64, u64)>>> = o
        .policy
        .families
        .keys()
        .map(|f| (f.as_str(), served(o, f)))
        .collect();
    for (i, f) in o.dataset.world.facilities.iter().enumerate() {
        let family = o
            .policy
            .families
            .iter()
            .find(|(_, kinds)| kinds.contains(&f.kind));
        p.clear();
        p.insert("id", &f.id.0);
        p.insert("name", &f.name);
        p.insert("name_zh", &f.name_zh);
        p.insert("kind", &f.kind);
        p.insert("kind_zh", o.policy.name_zh(&f.kind));
        p.insert("family", family.map(|(name, _)| name));
        p.insert(
            "tier",
            family
                .and_then(|(_, kinds)| kinds.iter().position(|k| k == &f.kind))
                .map(|t| t + 1),
        );
        p.insert("status", f.status.name());
        p.insert("island", &f.island.0);
        p.insert("island_assignment", f.island_assignment.describe());
        p.insert("settlement", f.settlement.as_ref().map(|s| &s.0));
        p.insert("capacity", f.capacity);
        p.insert("staff", f.staff);
        // What its family's allocation sends to it (null without travel times).
        let sent = family
            .and_then(|(name, _)| served.get(name.as_str()))
            .and_then(|v| v.as_ref())
            .map(|v| v[i]);
        p.insert("served_residents", sent.map(|v| v.0));
        p.insert("served_settlements", sent.map(|v| v.1));
        add_provenance(&mut p, &f.provenance);
        sink.feature(&f.id.0, &p, &Geom::Point(f.point))?;
    }
    Ok(())
}

fn gaps_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let words = GapWords::new(o);
    for g in &o.coverage.gaps {
        let t = words.text(g);
        let mut p = Props::new();
        p.insert("id", &t.id);
        p.insert("rule", &o.policy.rules[g.rule].id);
        p.insert("clause", &t.clause);
        p.insert("subject_kind", &t.subject_kind);
        p.insert("subject", &t.subject);
        p.insert("name", &t.name);
        p.insert("name_zh", &t.name_zh);
        p.insert("island", &t.island);
        p.insert("population", g.population);
        p.insert("required", g.required.as_deref());
        p.insert("found", g.found.as_deref());
        p.insert("minutes", g.reach.and_then(|r| r.minutes()).map(tenth));
        p.insert(
            "facility",
            g.reach
                .and_then(|r| r.facility())
                .map(|f| &o.dataset.world.facilities[f].id.0),
        );
        p.insert("reason_en", &t.reason_en);
        p.insert("reason_zh", &t.reason_zh);
        sink.feature(&t.id, &p, &Geom::Point(t.point))?;
    }
    Ok(())
}

/// Rounds to one decimal (minutes).
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// What a gap says, in words: its id, clause, subject and the reasons in English
/// and Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct GapText {
    /// `rule-id:subject-id`.
    pub id: String,
    /// The clause the gap answers to (the band's, when narrower).
    pub clause: String,
    /// `island`, `town`, `district`, `village` or the settlement kind.
    pub subject_kind: String,
    /// The subject's id.
    pub subject: String,
    /// The subject's name.
    pub name: String,
    /// The subject's Chinese name.
    pub name_zh: String,
    /// The island the subject is on (its own id, for an island).
    pub island: String,
    /// Why, in English.
    pub reason_en: String,
    /// Why, in Chinese.
    pub reason_zh: String,
    /// Where to draw it (lon/lat).
    pub point: geo::Coord<f64>,
}

/// Words for gaps: the world's towns and villages, derived once per layer.
pub struct GapWords<'o> {
    o: &'o Outcome,
    towns: &'o [Town],
    villages: &'o [Village],
}

impl<'o> GapWords<'o> {
    /// Words for the gaps of `o`.
    pub fn new(o: &'o Outcome) -> Self {
        Self {
            o,
            towns: &o.prepared.towns,
            villages: &o.prepared.villages,
        }
    }

    /// The words of one gap.
    pub fn text(&self, g: &Gap) -> GapText {
        let (policy, world, year) = (&self.o.policy, &self.o.dataset.world, self.o.scenario.year);
        let rule = &policy.rules[g.rule];
        let d = self.describe(&g.subject);
        let required = g.required.clone().unwrap_or_default();
        let mut clause = rule.clause.clone();
        let (reason_en, reason_zh) = match &rule.kind {
            RuleKind::Band { bands, .. } => {
                let band = &bands[g.band.expect("band gaps carry their band")];
                clause = band.clause.clone().unwrap_or(clause);
                let found_en = g.found.clone().unwrap_or_else(|| "none".into());
                let found_zh = g.found.as_deref().map_or("无", |k| policy.name_zh(k));
                let on_island = matches!(g.subject, SubjectRef::Island(_));
                let (subject_en, subject_zh, where_en) = if on_island {
                    ("island", "海岛", "on the island")
                } else {
                    ("village", "行政村", "serving it")
                };
                (
                    format!(
                        "{subject_en} of {} residents (band {}) needs a {required} or better; best {where_en}: {found_en}",
                        g.population,
                        band.label()
                    ),
                    format!(
                        "常住人口{}人的{subject_zh}（{}人档）应设{}或更高层级设施；现有最高：{found_zh}",
                        g.population,
                        band.label(),
                        policy.name_zh(&required)
                    ),
                )
            }
            RuleKind::Access {
                subject,
                family,
                minutes,
                ..
            }
            | RuleKind::Share {
                subject,
                family,
                minutes,
                ..
            } => {
                let share_note = match &rule.kind {
                    RuleKind::Share { targets, .. } => target_for(targets, year)
                        .map(|t| {
                            (
                                format!(
                                    "; the plan's target for {} is {}% of {}s, not met",
                                    t.year,
                                    t.min,
                                    subject.name()
                                ),
                                format!("；{}年目标为{}%，未达到", t.year, t.min),
                            )
                        })
                        .unwrap_or_default(),
                    _ => Default::default(),
                };
                match g.reach.unwrap_or(Reach::Unreachable) {
                    Reach::Unreachable => (
                        format!(
                            "unreachable: no {family} facility ({required} or better) can be reached over land, bridges or ferries with a scheduled service{}",
                            share_note.0
                        ),
                        format!(
                            "无法到达：经陆路、桥梁或有定班的渡轮均无法到达{}或更高层级设施{}",
                            policy.name_zh(&required),
                            share_note.1
                        ),
                    ),
                    Reach::Reachable {
                        minutes: m,
                        facility,
                    } => {
                        let fac = &world.facilities[facility];
                        (
                            format!(
                                "nearest {} or better ({} {}) is {:.1} min away; the limit is {minutes} min{}",
                                required, fac.kind, fac.id.0, m, share_note.0
                            ),
                            format!(
                                "最近的{}或更高层级设施（{}）需{:.1}分钟，超过{minutes}分钟{}",
                                policy.name_zh(&required),
                                fac.name_zh,
                                m,
                                share_note.1
                            ),
                        )
                    }
                }
            }
            RuleKind::PerTown { min_population, .. } => (
                format!(
                    "town {} of {} residents (at least {min_population}) has no {required} or better on its islands",
                    d.id, g.population
                ),
                format!(
                    "常住人口{}人的{}（不少于{min_population}人）未设{}",
                    g.population,
                    d.id,
                    policy.name_zh(&required)
                ),
            ),
            RuleKind::Ratio {
                family,
                count,
                per,
                unit,
                targets,
                ..
            } => {
                let t = target_for(targets, year).expect("a ratio gap has a target");
                let value = g.ratio.unwrap_or_default();
                let what = match count {
                    Counted::Facilities => format!("{family} facilities"),
                    Counted::Staff => format!("{family} staff"),
                };
                let per_zh = match per {
                    Base::Residents => "常住人口",
                    Base::Elderly => "老年人口",
                };
                (
                    format!(
                        "{value:.2} {what} per {unit} {} in {}; the target for {} is {}",
                        per.name(),
                        d.id,
                        t.year,
                        t.min
                    ),
                    format!(
                        "{}每{unit}{per_zh}{value:.2}；{}年目标为{}",
                        d.name_zh, t.year, t.min
                    ),
                )
            }
            RuleKind::Consolidate { .. } => unreachable!("consolidation has relocations, not gaps"),
            // The newer kinds keep their words beside their evaluation (`src/rules/`).
            _ => rule
                .gap_words(&GapFacts {
                    policy,
                    year,
                    subject: &d.id,
                    subject_zh: &d.name_zh,
                    population: g.population,
                    value: g.ratio,
                    found: g.found.as_deref(),
                })
                .unwrap_or_default(),
        };
        GapText {
            id: format!("{}:{}", rule.id, d.id),
            clause,
            subject_kind: d.kind,
            subject: d.id,
            name: d.name,
            name_zh: d.name_zh,
            island: d.island,
            reason_en,
            reason_zh,
            point: d.point,
        }
    }

    /// How a subject is named and drawn.
    fn describe(&self, subject: &SubjectRef) -> Described {
        let world = &self.o.dataset.world;
        match *subject {
            SubjectRef::Town(t) => {
                let town = &self.towns[t];
                // Drawn at its most populous island (the lower id on ties).
                let main = town
                    .islands
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        world.islands[a]
                            .population
                            .cmp(&world.islands[b].population)
                            .then(b.cmp(&a))
                    })
                    .expect("a town has at least one island");
                Described {
                    kind: "town".to_owned(),
                    id: town.name.clone(),
                    name: town.name.clone(),
                    name_zh: town.name.clone(),
                    island: world.islands[main].id.0.clone(),
                    point: world.islands[main].point,
                }
            }
            SubjectRef::District => {
                // The centre of the islands' representative points.
                let n = world.islands.len().max(1) as f64;
                let (x, y) = world
                    .islands
                    .iter()
                    .fold((0.0, 0.0), |(x, y), i| (x + i.point.x, y + i.point.y));
                Described {
                    kind: "district".to_owned(),
                    id: "district".to_owned(),
                    name: "district".to_owned(),
                    name_zh: "全区".to_owned(),
                    island: String::new(),
                    point: geo::Coord { x: x / n, y: y / n },
                }
            }
            SubjectRef::Island(i) => {
                let x = &world.islands[i];
                Described {
                    kind: "island".to_owned(),
                    id: x.id.0.clone(),
                    name: x.name.clone(),
                    name_zh: x.name_zh.clone(),
                    island: x.id.0.clone(),
                    point: x.point,
                }
            }
            SubjectRef::Settlement(s) => {
                let x = &world.settlements[s];
                Described {
                    kind: x.kind.name().to_owned(),
                    id: x.id.0.clone(),
                    name: x.name.clone(),
                    name_zh: x.name_zh.clone(),
                    island: x.island.0.clone(),
                    point: x.point,
                }
            }
            SubjectRef::Village(v) => {
                // Drawn at its most populous part, and named by its code: the parts
                // are places, the village is their sum.
                let village = &self.villages[v];
                let x = &world.settlements[village.parts[0]];
                let parts = village.parts.len();
                Described {
                    kind: "village".to_owned(),
                    id: village.code.clone(),
                    name: format!("{} (+{} parts)", x.name, parts - 1),
                    name_zh: format!("{}（等{parts}处）", x.name_zh),
                    island: x.island.0.clone(),
                    point: x.point,
                }
            }
        }
    }
}

/// A subject's names and place, for a gap.
struct Described {
    kind: String,
    id: String,
    name: String,
    name_zh: String,
    island: String,
    point: geo::Coord<f64>,
}

fn relocations_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let mut features: Vec<(&str, Props, Geom)> = Vec::new();
    let point_of = |island: usize, settlement: Option<usize>| {
        settlement.map_or(world.islands[island].point, |s| world.settlements[s].point)
    };
    for r in &o.coverage.relocations {
        let from = &world.islands[r.from];
        let to = r.to.map(|t| &world.islands[t]);
        let mut p = Props::new();
        p.insert("id", &from.id.0);
        p.insert("island", &from.id.0);
        p.insert("name", &from.name);
        p.insert("name_zh", &from.name_zh);
        p.insert("status", r.status);
        p.insert("residents", r.population);
        p.insert(
            "from_settlement",
            r.from_settlement.map(|s| &world.settlements[s].id.0),
        );
        p.insert("to", to.map(|t| &t.id.0));
        p.insert("to_name", to.map(|t| &t.name));
        p.insert("to_name_zh", to.map(|t| &t.name_zh));
        p.insert(
            "to_settlement",
            r.to_settlement.map(|s| &world.settlements[s].id.0),
        );
        p.insert("distance_m", r.distance_m.map(|d| round_to(d, 0)));
        p.insert("minutes", r.minutes.map(|m| round_to(m, 1)));
        p.insert("basis", &r.basis);
        p.insert("assumption", r.assumption.as_deref());
        p.insert("rule", &r.rule);
        p.insert("clause", &r.clause);
        let geometry = match r.to {
            Some(t) => Geom::Line(
                point_of(r.from, r.from_settlement),
                point_of(t, r.to_settlement),
            ),
            None => Geom::Point(point_of(r.from, r.from_settlement)),
        };
        features.push((&from.id.0, p, geometry));
    }
    // Moves no consolidation rule records (no such rule in the rules file).
    for m in o
        .moves
        .iter()
        .filter(|m| !o.coverage.relocations.iter().any(|r| r.from == m.island))
    {
        let from = &world.islands[m.island];
        let dest = &world.settlements[m.to];
        let to = world.island(&dest.island);
        let mut p = Props::new();
        p.insert("id", &from.id.0);
        p.insert("island", &from.id.0);
        p.insert("name", &from.name);
        p.insert("name_zh", &from.name_zh);
        p.insert("status", "relocated");
        p.insert("residents", m.residents);
        p.insert("from_settlement", Val::Null);
        p.insert("to", &dest.island.0);
        p.insert("to_name", to.map(|t| &t.name));
        p.insert("to_name_zh", to.map(|t| &t.name_zh));
        p.insert("to_settlement", &dest.id.0);
        let d = crate::projection::distance_m(
            o.prepared.island_xy[m.island],
            o.prepared.settlement_xy[m.to],
        );
        p.insert("distance_m", round_to(d, 0));
        p.insert("minutes", Val::Null);
        p.insert(
            "basis",
            format!("relocated by scenario edit ({})", m.origin),
        );
        p.insert("assumption", Val::Null);
        p.insert("rule", "edit:relocate");
        p.insert("clause", m.clause.as_deref());
        features.push((&from.id.0, p, Geom::Line(from.point, dest.point)));
    }
    features.sort_by(|a, b| a.0.cmp(b.0));
    for (id, p, g) in &features {
        sink.feature(id, p, g)?;
    }
    Ok(())
}

/// One feature per facility × threshold: the land reached, in lon/lat (RFC 7946 winding),
/// with `residents` inside (see `ServiceArea::residents`); `rules` is empty for the
/// finer breaks below the rules' smallest threshold.
/// Areas with no land (a facility off every outline it could reach) are left out; the
/// summary counts them.
fn service_areas_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let mut p = Props::new();
    for a in o.service_areas.iter().filter(|a| !a.area.0.is_empty()) {
        let fac = &world.facilities[a.facility];
        let id = format!("{}@{}min-{}", fac.id.0, a.minutes, a.profile);
        p.clear();
        p.insert("id", id.clone());
        p.insert("facility", &fac.id.0);
        p.insert("kind", &fac.kind);
        p.insert("island", &fac.island.0);
        p.insert("minutes", a.minutes);
        p.insert("profile", &a.profile);
        p.insert("rules", a.rules.join(","));
        p.insert("area_km2", round_to(a.area_km2, 3));
        // An estimate (residents spread evenly over each territory's land), so
        // whole residents only.
        p.insert("residents", a.residents.round() as u64);
        let lonlat = o.dataset.projection.inverse_multipolygon(&a.area);
        sink.feature(&id, &p, &Geom::area(&lonlat))?;
    }
    Ok(())
}

/// One line per settlement and service family: from the settlement to the
/// facility that serves it (the nearest of the family, any tier, with the default
/// profile), with `minutes` (the travel times'), `profile`, and `path` —
/// `land`, `bridge` or `ferry` — from the rebuilt route
/// ([`crate::network::route`]). A settlement no facility of the family reaches
/// has no line (its `<family>_reach` says `unreachable`). Ids are
/// `<settlement>><family>`, in settlement then family order.
fn allocation_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    use crate::network::route::path_kinds;
    use crate::network::travel::serving;
    let Some(t) = &o.travel else {
        return Ok(());
    };
    let Some(net) = t.networks.get(&t.default_profile) else {
        return Ok(());
    };
    let world = &o.dataset.world;
    // Each family's path kinds, from the same searches as its minutes.
    let families: Vec<(&String, &[Reach], Vec<Option<_>>)> = o
        .policy
        .families
        .iter()
        .filter_map(|(f, kinds)| {
            let reach = t.get(&t.default_profile, f, 0)?;
            let paths = path_kinds(net, &serving(world, kinds), reach);
            Some((f, reach, paths))
        })
        .collect();
    let mut p = Props::new();
    for (s, settlement) in world.settlements.iter().enumerate() {
        for (family, reach, paths) in &families {
            let Reach::Reachable { minutes, facility } = reach[s] else {
                continue;
            };
            let path = paths[s];
            let fac = &world.facilities[facility];
            let id = format!("{}>{family}", settlement.id.0);
            p.clear();
            p.insert("id", id.clone());
            p.insert("settlement", &settlement.id.0);
            p.insert("family", family.as_str());
            p.insert("facility", &fac.id.0);
            p.insert("kind", &fac.kind);
            p.insert("minutes", round_to(minutes, 1));
            p.insert("profile", &t.default_profile);
            p.insert("path", path.map(|k| k.name()));
            p.insert("residents", settlement.population);
            sink.feature(&id, &p, &Geom::Line(settlement.point, fac.point))?;
        }
    }
    Ok(())
}

/// One feature per proposed facility (see [`crate::propose`]), with its
/// `overall_rank` (one order over every rule, [`proposal_order`]) and the names of
/// its site and island.
fn proposed_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let overall = overall_ranks(o);
    let names = proposal_sites(o);
    for (k, p) in o.proposals.sites.iter().enumerate() {
        let site = &names[k];
        sink.feature_of(
            &p.id,
            p,
            &[
                ("kind_zh", Val::from(o.policy.name_zh(&p.kind))),
                ("overall_rank", Val::from(overall[k])),
                ("site_name", Val::from(site.name)),
                ("site_name_zh", Val::from(site.name_zh)),
                ("island_name", Val::from(site.island)),
                ("island_name_zh", Val::from(site.island_zh)),
            ],
            &Geom::Point(p.point),
            ("", Some((&p.rule, p.population_covered))),
        )?;
    }
    Ok(())
}

/// The proposals (indices into `o.proposals.sites`) in one order over every
/// rule: most residents newly covered first, then the rule's place in the rules
/// file, its rank within the rule, and its id. A map or a list numbers them
/// 1, 2, … in this order, so no two proposals share a number.
pub fn proposal_order(o: &Outcome) -> Vec<usize> {
    let sites = &o.proposals.sites;
    let rule_pos = |rule: &str| {
        let first = rule.split(',').next().unwrap_or(rule);
        o.policy
            .rules
            .iter()
            .position(|r| r.id == first)
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..sites.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&sites[a], &sites[b]);
        pb.population_covered
            .cmp(&pa.population_covered)
            .then(rule_pos(&pa.rule).cmp(&rule_pos(&pb.rule)))
            .then(pa.rank.cmp(&pb.rank))
            .then(pa.id.cmp(&pb.id))
    });
    order
}

/// Per proposal (index into `o.proposals.sites`), its 1-based place in
/// [`proposal_order`].
pub fn overall_ranks(o: &Outcome) -> Vec<usize> {
    let mut ranks = vec![0; o.proposals.sites.len()];
    for (place, k) in proposal_order(o).into_iter().enumerate() {
        ranks[k] = place + 1;
    }
    ranks
}

/// The names of a proposal's site (the settlement or pier it is placed at) and
/// island, empty when the dataset does not hold them.
pub struct ProposalSite<'o> {
    /// The site's name.
    pub name: &'o str,
    /// The site's Chinese name.
    pub name_zh: &'o str,
    /// The island's name.
    pub island: &'o str,
    /// The island's Chinese name.
    pub island_zh: &'o str,
}

/// The names of every proposal's site and island, in `o.proposals.sites` order:
/// one pass over the settlements, facilities and islands, whatever their number.
pub fn proposal_sites(o: &Outcome) -> Vec<ProposalSite<'_>> {
    use std::collections::HashMap;
    let w = &o.dataset.world;
    let sites = &o.proposals.sites;
    let mut names: HashMap<&str, (&str, &str)> =
        sites.iter().map(|p| (p.site.as_str(), ("", ""))).collect();
    let mut islands: HashMap<&str, (&str, &str)> = sites
        .iter()
        .map(|p| (p.island.as_str(), ("", "")))
        .collect();
    // Facilities first, so a settlement of the same id wins.
    for (id, n, z) in w
        .facilities
        .iter()
        .map(|f| (&f.id.0, &f.name, &f.name_zh))
        .chain(w.settlements.iter().map(|s| (&s.id.0, &s.name, &s.name_zh)))
    {
        if let Some(v) = names.get_mut(id.as_str()) {
            *v = (n.as_str(), z.as_str());
        }
    }
    for i in &w.islands {
        if let Some(v) = islands.get_mut(i.id.0.as_str()) {
            *v = (i.name.as_str(), i.name_zh.as_str());
        }
    }
    sites
        .iter()
        .map(|p| {
            let (name, name_zh) = names[p.site.as_str()];
            let (island, island_zh) = islands[p.island.as_str()];
            ProposalSite {
                name,
                name_zh,
                island,
                island_zh,
            }
        })
        .collect()
}
