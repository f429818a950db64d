//! Reading datasets and writing outputs.
pub mod fields;
pub mod geojson;
pub mod geometry;
pub mod read;
pub mod write;
