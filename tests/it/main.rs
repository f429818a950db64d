//! Integration tests: one binary, one module per concern.
mod archipelago;
mod bands;
mod bench;
mod common;
mod determinism;
mod fuzz_corpus;
mod loading;
mod oracle;
mod outputs;
mod properties;
mod putuo;
mod regression;
mod scenarios;
mod service_areas;
mod support;
