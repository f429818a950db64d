//! Reading inputs: dataset layers (GeoJSON), their geometry and fields, and the
//! cost-matrix CSVs of `isleplan optimize`. Nothing here writes.
pub mod costs;
pub mod fields;
pub mod geojson;
pub mod geometry;
pub mod outline;
pub mod read;
pub mod roads;
