//! isleplan: a service-coverage planner for island districts.
pub mod cli;
pub mod coverage;
pub mod error;
pub mod index;
pub mod io;
pub mod model;
/// Travel minutes: mode profiles, ferry waits, the hub network, its search and service areas.
pub mod network;
pub mod project;
pub mod rules;
pub mod run;
pub mod scenario;
