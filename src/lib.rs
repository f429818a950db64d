//! isleplan: a service-coverage planner for island districts.
pub mod error;
pub mod index;
pub mod io;
pub mod model;
/// Coverage optimisation: LSCP, MCLP and closures on a sparse cover problem, exact or greedy.
pub mod optimise;
pub mod project;
