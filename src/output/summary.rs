//! `summary.json`: rule-by-rule figures on the contract of the README ("Reading
//! the outputs"), totals, inputs, rejections and warnings.

use serde_json::{json, Map, Value};

use crate::pipeline::Outcome;

/// `summary.json`: rule-by-rule figures, totals, inputs, rejections and warnings.
pub fn summary(o: &Outcome) -> String {
    let world = &o.dataset.world;
    let c = o.dataset.projection.center();
    let population: u64 = world.settlements.iter().map(|s| s.population).sum();
    let island_population: u64 = world.islands.iter().map(|i| i.population).sum();
    let estimated = |p: &crate::model::Provenance| {
        p.0.iter().any(|(k, v)| {
            k == "population_method" && v.as_str().is_some_and(|m| m.starts_with("estimate"))
        })
    };
    let single: Vec<&crate::model::Settlement> = world
        .settlements
        .iter()
        .filter(|s| s.territory.is_none() && s.population > 0)
        .collect();
    let value = json!({
        "tool": "isleplan",
        "version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": o.scenario.name,
            "title": o.scenario.title,
            "file": o.scenario.path.display().to_string(),
            "year": o.scenario.year,
            "dataset": o.scenario.dataset.display().to_string(),
            "rules": o.scenario.rules.display().to_string(),
        },
        "projection": {
            "method": "transverse Mercator on WGS84",
            "lon_0": c.x,
            "lat_0": c.y,
        },
        "inputs": o.dataset.inputs,
        "totals": {
            "islands": world.islands.len(),
            "settlements": world.settlements.len(),
            "facilities": world.facilities.len(),
            "links": world.links.len(),
            "population_settlements": population,
            "population_islands": island_population,
            "settlements_with_territory": world.settlements.iter().filter(|s| s.territory.is_some()).count(),
            "coarse": {
                "settlements": single.len(),
                "population": single.iter().map(|s| s.population).sum::<u64>(),
                "areas": single.iter().filter(|s| s.kind == crate::model::SettlementKind::Area).count(),
            },
            "estimated_population": {
                "settlements": world.settlements.iter().filter(|s| estimated(&s.provenance)).count(),
                "islands": world.islands.iter().filter(|i| estimated(&i.provenance)).count(),
            },
            "gaps": o.coverage.gaps.len(),
            "relocations": o.coverage.relocations.len(),
            "rejected": o.dataset.diagnostics.rejected.len(),
            "warnings": o.dataset.diagnostics.warnings.len(),
        },
        "rules": o.coverage.rules,
        "travel": travel_summary(o),
        "proposals": {
            "sites": o.proposals.sites.len(),
            "rule_placements": o.proposals.sites.iter().filter(|p| p.solver_status == "rule placement").count(),
            "coverage": o.proposals.gains,
        },
        "relocations": o.coverage.relocations.iter().map(|r| json!({
            "island": world.islands[r.from].id.0,
            "status": r.status,
            "from_settlement": r.from_settlement.map(|s| &world.settlements[s].id.0),
            "to": r.to.map(|t| &world.islands[t].id.0),
            "to_settlement": r.to_settlement.map(|s| &world.settlements[s].id.0),
            "residents": r.population,
            "distance_m": r.distance_m.map(|d| d.round()),
            "minutes": r.minutes,
            "basis": r.basis,
            "assumption": r.assumption,
            "clause": r.clause,
        })).collect::<Vec<_>>(),
        "rejected": o.dataset.diagnostics.rejected,
        "warnings": o.dataset.diagnostics.warnings,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// `rules.csv`: the rule table `run` prints, one row per rule in rules-file
/// order, on the contract of `summary.json`'s `rules` (the same field names);
/// a share with no answer (`no data`, nothing applies) is an empty cell, never 0.
pub fn rules_csv(o: &Outcome) -> String {
    const HEADER: [&str; 16] = [
        "rule",
        "clause",
        "type",
        "status",
        "subjects",
        "required",
        "exempt",
        "met",
        "gaps",
        "pending",
        "no_data",
        "population_required",
        "population_met",
        "share_required_pct",
        "share_population_pct",
        "estimated",
    ];
    // Numbers written as summary.json writes them (20.7, 0.0).
    let opt = |x: Option<f64>| x.map_or(String::new(), |x| Value::from(x).to_string());
    // The csv crate quotes what needs quoting (commas, quotes, CR and LF).
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let failed = "writing CSV to memory cannot fail";
    w.write_record(HEADER).expect(failed);
    for r in &o.coverage.rules {
        w.write_record([
            r.id.clone(),
            r.clause.clone(),
            r.kind.clone(),
            r.status.to_owned(),
            r.subjects.to_string(),
            r.required.to_string(),
            r.exempt.to_string(),
            r.met.to_string(),
            r.gaps.to_string(),
            r.pending.to_string(),
            r.no_data.to_string(),
            r.population_required.to_string(),
            r.population_met.to_string(),
            opt(r.share_required_pct),
            opt(r.share_population_pct),
            r.estimated.to_string(),
        ])
        .expect(failed);
    }
    String::from_utf8(w.into_inner().expect(failed)).expect("CSV of UTF-8 text is UTF-8")
}

/// The travel settings used and every decision about links, for `summary.json`.
fn travel_summary(o: &Outcome) -> Value {
    let (Some(settings), Some(times)) = (&o.policy.travel, &o.travel) else {
        return json!({
            "note": "the rules file has no [travel] section: no travel minutes, no access or share rules",
        });
    };
    // With roads, each profile's road speeds and off-road speed, and how far a
    // point may lie from its road, are part of how every minute was made.
    let roads = times.networks.values().any(|n| n.roads.is_some());
    let profiles: Map<String, Value> = settings
        .profiles
        .iter()
        .map(|(name, p)| {
            let mut v = json!({"speed_kmh": p.speed_kmh, "detour": p.detour, "note": p.note});
            if roads {
                v["road_speeds_kmh"] = json!(p.road_speeds);
                v["offroad_speed_kmh"] = json!(p.offroad_speed_kmh.unwrap_or(p.speed_kmh));
            }
            (name.clone(), v)
        })
        .collect();
    let empty = o
        .service_areas
        .iter()
        .filter(|a| a.area.0.is_empty())
        .count();
    let mut out = json!({
        "default_profile": settings.default_profile,
        "profiles_used": times.networks.keys().collect::<Vec<_>>(),
        "profiles": profiles,
        "ferry": {
            "wait": "half the headway; headway = service span / (departures - 1), or 1440 / departures below 2 a day",
            "default_service_span_min": settings.ferry.default_service_span_min,
            "departures_if_unknown": settings.ferry.departures_if_unknown,
        },
        "on_island": times.on_island(),
        "hubs": times.networks.get(&settings.default_profile).map_or(0, |n| n.hubs.len()),
        "link_notes": times.notes(),
        "service_areas": o.service_areas.len() - empty,
        "service_areas_empty": empty,
    });
    if roads {
        out["max_snap_m"] = json!(settings.max_snap_m);
    }
    out
}
