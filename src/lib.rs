//! isleplan: a service-coverage planner for island districts.
pub mod error;
pub mod index;
pub mod io;
pub mod model;
pub mod project;
