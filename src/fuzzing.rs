//! Fuzzing harnesses, shared by the cargo-fuzz targets in `fuzz/` and by the
//! corpus replay in `tests/it/fuzz_corpus.rs`, so both check the same things.
//!
//! Each harness takes arbitrary bytes, never returns an error and panics only when
//! the library panics or breaks one of its promises (see RELIABILITY.md): every
//! input feature is accepted or rejected, never lost. Fatal errors are answers,
//! not failures. Files go to a fresh folder under [`std::env::temp_dir`] (set
//! `TMPDIR=/dev/shm` for speed), removed when the harness returns.
//!
//! The fixed world is `tests/data/pip` (islands with outlines, two piers, a ferry)
//! with the rules of `tests/data/bands` plus the `[travel]` section and travel
//! rules of `tests/data/archipelago`, so one run goes through island assignment,
//! band, consolidation, access, share, per-town and ratio rules, travel minutes,
//! service areas and every writer.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::io::geojson::{read_collection, split_feature};
use crate::io::read::{
    read_dataset, Dataset, ReadOptions, CANDIDATES, FACILITIES, FERRIES, ISLANDS, SETTLEMENTS,
};
use crate::io::{fields::Props, geometry};
use crate::output::staged::OutputDir;
use crate::output::summary::summary;
use crate::output::write_outcome;
use crate::pipeline;
use crate::rules::Policy;
use crate::scenario::edit;
use crate::scenario::Scenario;

const PIP_ISLANDS: &str = include_str!("../tests/data/pip/islands.geojson");
const PIP_SETTLEMENTS: &str = include_str!("../tests/data/pip/settlements.geojson");
const PIP_FACILITIES: &str = include_str!("../tests/data/pip/facilities.geojson");
const PIP_FERRIES: &str = include_str!("../tests/data/pip/ferries.geojson");
const BANDS_RULES: &str = include_str!("../tests/data/bands/rules.toml");
const TRAVEL_RULES: &str = include_str!("../tests/data/archipelago/rules.toml");

const SCENARIO: &str = "dataset = \".\"\nrules = \"rules.toml\"\nyear = 2024\n";

/// The fixed rules: the bands rules, then the archipelago's `[travel]` and rules.
pub fn fixed_rules() -> String {
    let travel = TRAVEL_RULES
        .find("[travel]")
        .map_or("", |at| &TRAVEL_RULES[at..]);
    format!("{BANDS_RULES}\n{travel}")
}

/// A fresh folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("isleplan-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temp folder is writable");
        Self(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("the temp folder is writable");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What reading needs from `policy`.
fn read_options(policy: &Policy) -> ReadOptions {
    ReadOptions {
        snap_tolerance_m: policy.settings.snap_tolerance_m,
        facility_kinds: policy.kinds.clone(),
    }
}

/// [`read_options`] of the fixed rules, parsed once.
fn fixed_read_options() -> &'static ReadOptions {
    static OPTS: OnceLock<ReadOptions> = OnceLock::new();
    OPTS.get_or_init(|| {
        let policy = Policy::from_str(&fixed_rules(), Path::new("rules.toml"))
            .expect("the fixed rules are valid");
        read_options(&policy)
    })
}

/// Checks that every feature of `file` was accepted or rejected, exactly once.
fn assert_accounted(dataset: &Dataset, file: &Path, accepted: usize) {
    let file = file.display().to_string();
    let input = dataset
        .inputs
        .iter()
        .find(|i| i.path == file)
        .unwrap_or_else(|| panic!("{file} is not among the inputs {:?}", dataset.inputs));
    let rejected = dataset
        .diagnostics
        .rejected
        .iter()
        .filter(|r| r.at.file == file)
        .count();
    assert_eq!(
        accepted + rejected,
        input.features,
        "{file}: {accepted} accepted + {rejected} rejected != {} features seen",
        input.features
    );
}

/// `bytes` as one GeoJSON layer: the streaming reader, then the typed parsing of
/// each feature (geometry, outline validity, fields), then the same bytes as every
/// layer of a dataset, so each feature goes through the island, settlement,
/// facility and link parsers, with accepted + rejected = seen for each layer.
pub fn geojson_layer(bytes: &[u8]) {
    let mut seen = 0usize;
    let read = read_collection(bytes, Path::new("layer.geojson"), |raw| {
        assert_eq!(raw.index, seen, "features come in order");
        seen += 1;
        let Ok((_id, props, geom)) = split_feature(raw.value) else {
            return;
        };
        if let Ok(parsed) = geometry::parse(&geom) {
            if let geometry::Geom::Area(mp) = &parsed.geom {
                if geometry::outline_problem(mp).is_none() {
                    let _ = geo::InteriorPoint::interior_point(mp);
                }
            }
        }
        let p = Props(&props);
        for key in ["id", "name", "kind", "island", "population", "first"] {
            let _ = p.text(key);
            let _ = p.count(key);
            let _ = p.opt_non_negative(key);
            let _ = p.opt_clock(key);
        }
    });
    if let Ok(info) = &read {
        assert_eq!(
            info.features, seen,
            "the count matches the features handed out"
        );
    }

    let dir = Scratch::new();
    for name in [ISLANDS, SETTLEMENTS, FACILITIES, FERRIES, CANDIDATES] {
        dir.write(name, bytes);
    }
    let Ok(dataset) = read_dataset(&dir.0, fixed_read_options()) else {
        return;
    };
    let w = &dataset.world;
    assert_accounted(&dataset, &dir.0.join(ISLANDS), w.islands.len());
    assert_accounted(&dataset, &dir.0.join(SETTLEMENTS), w.settlements.len());
    assert_accounted(&dataset, &dir.0.join(FACILITIES), w.facilities.len());
    assert_accounted(&dataset, &dir.0.join(FERRIES), w.links.len());
    assert_accounted(&dataset, &dir.0.join(CANDIDATES), w.candidates.len());
}

/// Splits `bytes` at the first 0 byte: rules text before it, scenario text after
/// (either side must be UTF-8 to be parsed). When both parse, the scenario's rule
/// overrides are applied, and its edits run on the fixed world with those rules.
pub fn scenario_rules_toml(bytes: &[u8]) {
    let (rules, scenario) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[][..]),
    };
    let dir = Scratch::new();
    let rules_path = dir.0.join("rules.toml");
    let scenario_path = dir.0.join("scenario.toml");
    let policy = std::str::from_utf8(rules)
        .ok()
        .and_then(|t| Policy::from_str(t, &rules_path).ok().map(|p| (t, p)));
    let scenario = std::str::from_utf8(scenario)
        .ok()
        .filter(|t| !reads_outside(t))
        .and_then(|t| Scenario::from_str(t, &scenario_path).ok());
    let (Some((rules_text, _)), Some(scenario)) = (policy, scenario) else {
        return;
    };
    let Ok(policy) = Policy::from_str_with(rules_text, &rules_path, &scenario.rule_overrides())
    else {
        return;
    };
    dir.write(ISLANDS, PIP_ISLANDS);
    dir.write(SETTLEMENTS, PIP_SETTLEMENTS);
    dir.write(FACILITIES, PIP_FACILITIES);
    dir.write(FERRIES, PIP_FERRIES);
    let Ok(mut dataset) = read_dataset(&dir.0, &read_options(&policy)) else {
        return;
    };
    if policy.check_against(&dataset.world).is_err() {
        return;
    }
    let Ok(moves) = edit::apply(&mut dataset, &policy, &scenario.edits) else {
        return;
    };
    let outcome = pipeline::assess(scenario, policy, dataset, moves);
    let _ = summary(&outcome);
}

/// Whether a scenario's `base` could name a file outside the scratch folder (an
/// absolute path or one through `..`): `/dev/zero` would hang the harness, and
/// reading the machine's files is not what is being fuzzed.
fn reads_outside(text: &str) -> bool {
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    match table.get("base").and_then(toml::Value::as_str) {
        Some(base) => Path::new(base).is_absolute() || base.contains(".."),
        None => false,
    }
}

/// `bytes` as the settlements layer beside the fixed islands, facilities and
/// ferries: a whole run (read, rules, travel, coverage, every output written),
/// checking accepted + rejected = seen for the settlements.
pub fn end_to_end(bytes: &[u8]) {
    let dir = Scratch::new();
    dir.write(ISLANDS, PIP_ISLANDS);
    let settlements = dir.write(SETTLEMENTS, bytes);
    dir.write(FACILITIES, PIP_FACILITIES);
    dir.write(FERRIES, PIP_FERRIES);
    dir.write("rules.toml", fixed_rules());
    let scenario = dir.write("scenario.toml", SCENARIO);

    let Ok((scenario, policy, dataset, moves)) = pipeline::load(&scenario) else {
        return;
    };
    assert_accounted(&dataset, &settlements, dataset.world.settlements.len());
    let outcome = pipeline::assess(scenario, policy, dataset, moves);
    let out = OutputDir::prepare(&dir.0.join("out"), &[&dir.0])
        .expect("a fresh output folder can be prepared");
    write_outcome(&outcome, &out).expect("outputs can be written");
    out.commit().expect("outputs can be committed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_world_runs_with_every_feature_accepted() {
        let dir = Scratch::new();
        dir.write(ISLANDS, PIP_ISLANDS);
        dir.write(SETTLEMENTS, PIP_SETTLEMENTS);
        dir.write(FACILITIES, PIP_FACILITIES);
        dir.write(FERRIES, PIP_FERRIES);
        dir.write("rules.toml", fixed_rules());
        let scenario = dir.write("scenario.toml", SCENARIO);

        let outcome = pipeline::run(&scenario).unwrap();

        assert!(outcome.dataset.diagnostics.rejected.is_empty());
        assert!(outcome.travel.is_some());
        assert_eq!(outcome.dataset.world.settlements.len(), 2);
    }

    #[test]
    fn harnesses_accept_the_fixture_layers() {
        geojson_layer(PIP_ISLANDS.as_bytes());
        end_to_end(PIP_SETTLEMENTS.as_bytes());
        scenario_rules_toml(format!("{}\0{SCENARIO}", fixed_rules()).as_bytes());
    }
}
