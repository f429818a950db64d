//! Integration tests: one binary, one module per concern.
mod archipelago;
mod architecture;
mod bands;
mod common;
mod contract;
mod determinism;
mod fuzz_corpus;
mod golden;
mod gpkg;
mod hostile_folders;
mod loading;
mod oracle;
mod outputs;
mod properties;
mod proposals;
mod putuo;
mod qgis;
mod regression;
mod reliability;
mod report;
#[path = "../support/rng.rs"]
mod rng;
mod scenarios;
mod service_areas;
mod support;
mod synthetic;
mod terminal;
