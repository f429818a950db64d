//! Fuzz target: see `isleplan::fuzzing::scenario_rules_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isleplan::fuzzing::scenario_rules_toml(data));
