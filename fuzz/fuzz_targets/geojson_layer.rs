//! Fuzz target: see `isleplan::fuzzing::geojson_layer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isleplan::fuzzing::geojson_layer(data));
