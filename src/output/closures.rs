//! `closures.geojson`: the merger of a `merge` rule (`isleplan propose-merger`).
//! One Point per facility of the merge (status `kept`, `closed`, or `stays open`
//! for a facility of a higher tier the rule does not close), with the residents
//! whose nearest facility closes, where they go and the minutes before and after;
//! and one Line per settlement that moves, from it to its new nearest facility.

use std::path::PathBuf;

use crate::error::Result;
use crate::output::geojson::{round_to, Geom, LayerSink, Props};
use crate::output::staged::OutputDir;
use crate::pipeline::Outcome;
use crate::propose::merger::Merger;

/// Writes `closures.geojson` for `mergers` of outcome `o` into `dir`.
pub fn write_closures(o: &Outcome, mergers: &[Merger], dir: &OutputDir) -> Result<PathBuf> {
    let world = &o.dataset.world;
    dir.write_with("closures.geojson", |w| {
        let mut sink = LayerSink::begin(w, "closures")?;
        let mut features: Vec<(String, Props, Geom)> = Vec::new();
        for m in mergers {
            let rule = &o.policy.rules[m.rule];
            let status = |f: usize| {
                if m.closed.binary_search(&f).is_ok() {
                    "closed"
                } else if m.kept.binary_search(&f).is_ok() {
                    "kept"
                } else {
                    "stays open"
                }
            };
            let mut all: Vec<usize> = m
                .kept
                .iter()
                .chain(&m.closed)
                .chain(&m.fixed)
                .copied()
                .collect();
            all.sort_unstable();
            for f in all {
                let fac = &world.facilities[f];
                let moves: Vec<_> = m.moves.iter().filter(|mv| mv.from == f).collect();
                let mut to: Vec<&str> = moves
                    .iter()
                    .filter_map(|mv| mv.to.map(|t| world.facilities[t].id.as_str()))
                    .collect();
                to.sort_unstable();
                to.dedup();
                let max = |xs: &mut dyn Iterator<Item = f64>| {
                    xs.fold(None, |a: Option<f64>, x| Some(a.map_or(x, |a| a.max(x))))
                        .map(|x| round_to(x, 1))
                };
                let mut p = Props::new();
                p.insert("rule", rule.id.as_str());
                p.insert("clause", rule.clause.as_str());
                p.insert("facility", fac.id.as_str());
                p.insert("name_zh", fac.name_zh.as_str());
                p.insert("kind", fac.kind.as_str());
                p.insert("island", fac.island.as_str());
                p.insert("status", status(f));
                p.insert(
                    "residents_moved",
                    moves.iter().map(|mv| mv.residents).sum::<u64>(),
                );
                p.insert("moved_to", to.join(", "));
                p.insert(
                    "minutes_before_max",
                    max(&mut moves.iter().map(|mv| mv.before)),
                );
                p.insert(
                    "minutes_after_max",
                    max(&mut moves.iter().filter_map(|mv| mv.after)),
                );
                p.insert("optimal", m.optimal);
                p.insert("bound", m.bound);
                p.insert("method", m.method);
                features.push((
                    format!("{}:{}", rule.id, fac.id.as_str()),
                    p,
                    Geom::Point(fac.point),
                ));
            }
            for mv in &m.moves {
                let st = &world.settlements[mv.settlement];
                let Some(to) = mv.to else { continue };
                let to_fac = &world.facilities[to];
                let mut p = Props::new();
                p.insert("rule", rule.id.as_str());
                p.insert("clause", rule.clause.as_str());
                p.insert("status", "moved");
                p.insert("settlement", st.id.as_str());
                p.insert("residents", mv.residents);
                p.insert("from", world.facilities[mv.from].id.as_str());
                p.insert("to", to_fac.id.as_str());
                p.insert("minutes_before", round_to(mv.before, 1));
                p.insert("minutes_after", mv.after.map(|a| round_to(a, 1)));
                features.push((
                    format!("{}:move:{}", rule.id, st.id.as_str()),
                    p,
                    Geom::Line(st.point, to_fac.point),
                ));
            }
        }
        features.sort_by(|a, b| a.0.cmp(&b.0));
        for (id, p, g) in &features {
            sink.feature(id, p, g)?;
        }
        sink.finish()?;
        Ok(())
    })
}

/// The mergers of every `merge` rule of outcome `o`, over its network of the
/// rule's profile (none when the run has no travel minutes).
pub fn run_mergers(o: &Outcome) -> Vec<Merger> {
    let mut out = Vec::new();
    for (r, rule) in o.policy.rules.iter().enumerate() {
        let crate::rules::RuleKind::Merge { profile, .. } = &rule.kind else {
            continue;
        };
        let profile = profile
            .clone()
            .or_else(|| o.policy.travel.as_ref().map(|t| t.default_profile.clone()))
            .unwrap_or_default();
        let Some(net) = o.travel.as_ref().and_then(|t| t.networks.get(&profile)) else {
            continue;
        };
        out.extend(crate::propose::merger::merger(
            &o.policy,
            &o.dataset.world,
            &o.prepared,
            net,
            r,
            &crate::optimise::SolveOptions::default(),
        ));
    }
    out
}

/// `run`'s `closures.geojson`: written when the rules file has a merge rule the
/// run can solve; the file written, if any.
pub fn write_run_closures(o: &Outcome, dir: &OutputDir) -> Result<Option<PathBuf>> {
    let mergers = run_mergers(o);
    if mergers.is_empty() {
        return Ok(None);
    }
    write_closures(o, &mergers, dir).map(Some)
}

/// `summary` (the text of `summary.json`) with an `outputs` list naming the layers
/// `written` beside the standard ones (`closures.geojson`, `rounds.geojson`): the
/// summary unchanged when there are none.
pub fn list_outputs(summary: String, written: &[PathBuf]) -> String {
    if written.is_empty() {
        return summary;
    }
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str(&summary) else {
        return summary;
    };
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    map.insert("outputs".into(), serde_json::json!(names));
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(map))
        .expect("JSON values always serialise");
    text.push('\n');
    text
}
