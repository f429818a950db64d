//! Regressions: each test is named after what broke, with the input that broke it.

use std::fmt::Write as _;

use isleplan::io::read::{read_dataset, ReadOptions};

use crate::common::{copy_fixture, fixture};

// Found while fuzzing (by reading the sums the fuzzer could not reach: a layer of
// 18,447 features is past libFuzzer's input sizes). Every population was checked
// on its own (at most 10^15), never their total, so the coverage figures'
// `population += …` overflowed u64: a panic in debug builds, wrapped figures in
// release.
#[test]
fn settlement_populations_adding_past_u64_are_fatal_not_an_overflow() {
    let dir = copy_fixture(&fixture("pip"));
    let mut layer = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..18_447 {
        if i > 0 {
            layer.push(',');
        }
        write!(
            layer,
            r#"{{"type":"Feature","properties":{{"id":"s{i}","name":"S","kind":"village","population":1e15,"island":"a"}},"geometry":{{"type":"Point","coordinates":[122.01,30.01]}}}}"#
        )
        .unwrap();
    }
    layer.push_str("]}");
    std::fs::write(dir.path().join("settlements.geojson"), layer).unwrap();
    let opts = ReadOptions {
        snap_tolerance_m: 300.0,
        facility_kinds: ["pier", "health_centre"].map(String::from).into(),
    };

    let err = read_dataset(dir.path(), &opts).unwrap_err();

    let message = err.to_string();
    assert!(message.contains("settlements.geojson"), "{message}");
    assert!(
        message.contains("populations add up to 18447000000000000000"),
        "{message}"
    );
}

// The same overflow through a scenario: `set-population` took any u64, so three
// settlements of 2^63 - 1 residents overflowed the same sums.
#[test]
fn set_population_edits_past_the_bound_are_fatal_not_an_overflow() {
    let dir = copy_fixture(&fixture("bands"));
    let head = "dataset = \".\"\nrules = \"rules.toml\"\nyear = 2024\n";
    let edit = |id: &str, population: &str| {
        format!("[[edit]]\ntype = \"set-population\"\nsettlement = \"{id}\"\npopulation = {population}\n")
    };
    let huge: String = ["s-i99", "s-i100", "s-i499"]
        .iter()
        .map(|id| edit(id, "9223372036854775807"))
        .collect();
    let large: String = ["s-i99", "s-i100"]
        .iter()
        .map(|id| edit(id, "600000000000000"))
        .collect();
    std::fs::write(dir.path().join("huge.toml"), format!("{head}{huge}")).unwrap();
    std::fs::write(dir.path().join("large.toml"), format!("{head}{large}")).unwrap();

    let huge = isleplan::pipeline::run(&dir.path().join("huge.toml")).unwrap_err();
    let large = isleplan::pipeline::run(&dir.path().join("large.toml")).unwrap_err();

    assert!(
        huge.to_string()
            .contains("`population` must be at most 1000000000000000 (got 9223372036854775807)"),
        "{huge}"
    );
    assert!(large.to_string().contains("large.toml:8"), "{large}");
    assert!(
        large.to_string().contains(
            "edit #2 (set-population): with this edit the settlements' populations add up to"
        ),
        "{large}"
    );
}

/// A scenario `base` naming a device (`/dev/zero`) was read forever.
#[test]
fn a_base_that_is_not_a_regular_file_is_refused_not_read_forever() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), "base = \"/dev/zero\"\n").unwrap();

    let o = crate::common::isleplan(dir.path(), &["check", "s.toml"]);

    assert_eq!(o.status.code(), Some(2));
    let err = crate::common::stderr(&o);
    assert!(
        err.contains("cannot read `/dev/zero`") && err.contains("not a regular file"),
        "{err}"
    );
}
