//! Fuzz target: see `isleplan::fuzzing::end_to_end`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isleplan::fuzzing::end_to_end(data));
