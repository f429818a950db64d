//! Replays every input of `fuzz/corpus/<target>/` through the same harness as the
//! cargo-fuzz target (`isleplan::fuzzing`), so a crash once found and fixed stays
//! fixed without cargo-fuzz or nightly. Run the fuzzers with `scripts/fuzz.sh`.

use std::path::PathBuf;

use crate::common::root;

/// The files of `fuzz/corpus/<target>/`, sorted; panics if there are none, so a
/// moved corpus cannot pass in silence.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    files
}

fn replay(target: &str, harness: fn(&[u8])) {
    for file in corpus(target) {
        let bytes = std::fs::read(&file).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| harness(&bytes)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("{target}: {} panics: {message}", file.display());
        }
    }
}

#[test]
fn geojson_layer_corpus_replays_without_panic() {
    replay("geojson_layer", isleplan::fuzzing::geojson_layer);
}

#[test]
fn scenario_rules_toml_corpus_replays_without_panic() {
    replay(
        "scenario_rules_toml",
        isleplan::fuzzing::scenario_rules_toml,
    );
}

#[test]
fn end_to_end_corpus_replays_without_panic() {
    replay("end_to_end", isleplan::fuzzing::end_to_end);
}
