//! Integration tests: one binary, one module per concern.

mod archipelago;
mod bench;
mod determinism;
mod oracle;
mod properties;
mod service_areas;
mod support;
