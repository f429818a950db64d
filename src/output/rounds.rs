//! `rounds.geojson`: the island rounds of a `round` rule (`isleplan
//! propose-rounds`): one LineString per round, from the base through each small
//! island's visited settlement in order and back, with the islands in order, its
//! team-days and minutes, and the period's totals; one Point per small island no
//! round can reach.

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::error::Result;
use crate::output::geojson::round_to;
use crate::output::staged::OutputDir;
use crate::pipeline::Outcome;
use crate::round::Rounds;

/// `[lon, lat]` rounded to 7 decimals.
fn lonlat(c: geo::Coord<f64>) -> Value {
    json!([round_to(c.x, 7), round_to(c.y, 7)])
}

/// Writes `rounds.geojson` for `plans` of outcome `o` into `dir`.
pub fn write_rounds(o: &Outcome, plans: &[Rounds], dir: &OutputDir) -> Result<PathBuf> {
    let world = &o.dataset.world;
    let mut features: Vec<(String, Value)> = Vec::new();
    for p in plans {
        let rule = &o.policy.rules[p.rule];
        let base = &world.facilities[p.base];
        let common = |m: &mut Map<String, Value>| {
            m.insert("rule".into(), json!(rule.id));
            m.insert("clause".into(), json!(rule.clause));
            m.insert("base".into(), json!(base.id.as_str()));
            m.insert("team_days_period".into(), json!(p.team_days));
            m.insert("team_days_lower_bound".into(), json!(p.lower_bound));
            m.insert(
                "team_days_month".into(),
                json!(round_to(p.team_days_month, 2)),
            );
        };
        for (k, r) in p.rounds.iter().enumerate() {
            let id = format!("{}:round:{:03}", rule.id, k + 1);
            let mut m = Map::new();
            m.insert("status".into(), json!("round"));
            common(&mut m);
            m.insert("round".into(), json!(k + 1));
            let islands: Vec<&str> = r
                .islands
                .iter()
                .map(|&i| world.islands[i].id.as_str())
                .collect();
            let names: Vec<&str> = r
                .islands
                .iter()
                .map(|&i| world.islands[i].name_zh.as_str())
                .collect();
            m.insert("islands".into(), json!(islands.join(", ")));
            m.insert("islands_zh".into(), json!(names.join("、")));
            m.insert("stops".into(), json!(r.islands.len()));
            m.insert("days".into(), json!(r.days));
            m.insert("minutes".into(), json!(round_to(r.minutes, 1)));
            let mut line = vec![lonlat(base.point)];
            line.extend(r.stops.iter().map(|&s| lonlat(world.settlements[s].point)));
            line.push(lonlat(base.point));
            features.push((
                id.clone(),
                json!({"type": "Feature", "id": id, "properties": m,
                       "geometry": {"type": "LineString", "coordinates": line}}),
            ));
        }
        for &i in &p.unreachable {
            let island = &world.islands[i];
            let id = format!("{}:unreachable:{}", rule.id, island.id.as_str());
            let mut m = Map::new();
            m.insert("status".into(), json!("unreachable"));
            common(&mut m);
            m.insert("island".into(), json!(island.id.as_str()));
            m.insert("name_zh".into(), json!(island.name_zh));
            m.insert("population".into(), json!(island.population));
            features.push((
                id.clone(),
                json!({"type": "Feature", "id": id, "properties": m,
                       "geometry": {"type": "Point", "coordinates": lonlat(island.point)}}),
            ));
        }
    }
    features.sort_by(|a, b| a.0.cmp(&b.0));
    let layer = json!({
        "type": "FeatureCollection",
        "name": "rounds",
        "features": features.into_iter().map(|f| f.1).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_vec(&layer).map_err(|e| crate::error::Error::Write {
        path: dir.path().join("rounds.geojson"),
        source: std::io::Error::other(e),
    })?;
    text.push(b'\n');
    dir.write("rounds.geojson", &text)
}

/// The rounds of every `round` rule of outcome `o`, over its network of the rule's
/// profile (none when the run has no travel minutes or the base is unknown).
pub fn run_rounds(o: &Outcome) -> Vec<Rounds> {
    let mut out = Vec::new();
    for (r, rule) in o.policy.rules.iter().enumerate() {
        let crate::rules::RuleKind::Round { profile, .. } = &rule.kind else {
            continue;
        };
        let profile = profile
            .clone()
            .or_else(|| o.policy.travel.as_ref().map(|t| t.default_profile.clone()))
            .unwrap_or_default();
        let Some(net) = o.travel.as_ref().and_then(|t| t.networks.get(&profile)) else {
            continue;
        };
        out.extend(crate::round::rounds(
            &o.policy,
            &o.dataset.world,
            &o.prepared,
            net,
            r,
        ));
    }
    out
}

/// `run`'s `rounds.geojson`: written when the rules file has a round rule the run
/// can plan; the file written, if any.
pub fn write_run_rounds(o: &Outcome, dir: &OutputDir) -> Result<Option<PathBuf>> {
    let plans = run_rounds(o);
    if plans.is_empty() {
        return Ok(None);
    }
    write_rounds(o, &plans, dir).map(Some)
}
