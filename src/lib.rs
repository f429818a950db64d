//! isleplan: a service-coverage planner for island districts.
//!
//! It answers, on a map: who is not served, by which rule of the plan, and where
//! the next facility should go. The data flow, one module per stage:
//!
//! ```text
//! scenario::Scenario::load ─┐
//! rules::Policy::load ──────┼─> io::read::read_dataset ─> World (lon/lat) + LocalProjection (metres)
//!                           │        (index::OutlineIndex assigns islands by point-in-polygon)
//!                           └─> rules::evaluate ─> Finding ─> coverage::assess ─> Gap, RuleFigures
//!                                ─> pipeline::Outcome ─> io::write (GeoJSON layers, summary.json)
//! ```
//!
//! A whole run on an inline toy world:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let d = dir.path();
//! let pt = |x: f64, y: f64| format!(r#"{{"type":"Point","coordinates":[{x},{y}]}}"#);
//! std::fs::write(d.join("islands.geojson"), format!(
//!     r#"{{"type":"FeatureCollection","features":[
//!        {{"type":"Feature","properties":{{"id":"a","name":"A","population":300}},"geometry":{}}}]}}"#,
//!     pt(122.0, 30.0)))?;
//! std::fs::write(d.join("settlements.geojson"), format!(
//!     r#"{{"type":"FeatureCollection","features":[
//!        {{"type":"Feature","properties":{{"id":"v","name":"V","island":"a","kind":"village","population":300}},"geometry":{}}}]}}"#,
//!     pt(122.0, 30.0)))?;
//! std::fs::write(d.join("facilities.geojson"), r#"{"type":"FeatureCollection","features":[]}"#)?;
//! std::fs::write(d.join("rules.toml"), r#"
//!     [families]
//!     health = ["village_clinic", "health_centre"]
//!     [[rule]]
//!     id = "clinic"
//!     type = "band"
//!     clause = "5d"
//!     wording_zh = "对常住人口100—500人小岛设村卫生室"
//!     summary_en = "islands of 100-499 residents have a clinic"
//!     subject = "island"
//!     family = "health"
//!     bands = [{ min = 0, max = 100, require = "none" },
//!              { min = 100, max = 500, require = "village_clinic" },
//!              { min = 500, require = "none" }]
//! "#)?;
//! std::fs::write(d.join("s.toml"), "dataset = \".\"\nrules = \"rules.toml\"\nyear = 2024\n")?;
//!
//! let outcome = isleplan::pipeline::run(&d.join("s.toml"))?;
//!
//! let gap = &outcome.coverage.gaps[0];
//! assert_eq!(outcome.coverage.gaps.len(), 1);
//! assert_eq!(outcome.policy.rules[gap.rule].id, "clinic");
//! assert_eq!(gap.population, 300);
//! // Its words are written with the layer:
//! let words = isleplan::output::features::GapWords::new(&outcome);
//! assert_eq!(words.text(gap).id, "clinic:a");
//! # Ok(())
//! # }
//! ```

/// The command line: arguments, messages, exit codes; the only place that knows clap.
pub mod cli;
/// Two outcomes side by side (data only; `output::compare` writes it).
pub mod compare;
/// Findings → gaps, relocations and rule-by-rule figures.
pub mod coverage;
/// Errors and diagnostics (fatal, rejected, warned), with their places.
pub mod error;
/// Fuzzing harnesses shared by `fuzz/` and the corpus replay test (not a public API).
#[doc(hidden)]
pub mod fuzzing;
/// Synthetic archipelagos for benchmarks.
pub mod gen;
/// R-tree indexes of points and island outlines, in metres.
pub mod index;
/// Reading inputs: datasets, their layers and fields, cost matrices.
pub mod io;
/// The district as plain data: islands, settlements, facilities, links.
pub mod model;
/// Travel minutes: mode profiles, ferry waits, the hub network, its search and service areas.
pub mod network;
/// Coverage optimisation: LSCP, MCLP and closures on a sparse cover problem, exact or greedy.
pub mod optimise;
/// Writing outputs: layers, styles, the QGIS project, GeoPackage, summary, report.
pub mod output;
/// The pipeline end to end.
pub mod pipeline;
/// The prepared world: what every stage reads of the dataset, derived once.
pub mod prepared;
/// Plan progress by year: each clause's status and figure across scenario runs.
pub mod progress;
/// The local metric projection.
pub mod projection;
/// Proposals: rule placement for band gaps, set cover for access gaps.
pub mod propose;
/// The island round: service teams' round trips to every small island.
pub mod round;
/// The plan's rules as data, and their evaluation.
pub mod rules;
/// Scenario files and their edits.
pub mod scenario;
/// Stage timings and peak memory (`--timings`).
pub mod timings;
