//! Reading inputs: dataset layers (GeoJSON, GeoPackage, CSV; `source` says where
//! each comes from, `datum` how its coordinates reach WGS84), their geometry and fields, and the
//! cost-matrix CSVs of `isleplan optimize`. Nothing here writes.
pub mod costs;
pub mod datum;
pub mod feature;
pub mod fields;
pub mod geojson;
pub mod geometry;
pub mod gpkg;
pub mod outline;
pub mod read;
pub mod repair;
pub mod roads;
pub mod source;
