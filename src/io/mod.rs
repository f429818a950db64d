//! Reading datasets and writing outputs.
pub mod geojson;
pub mod geometry;
