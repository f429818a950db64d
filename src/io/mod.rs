//! Reading datasets and writing outputs.
pub mod fields;
pub mod geojson;
pub mod geometry;
/// GeoPackage output with QGIS styles as default (rusqlite, bundled SQLite).
pub mod gpkg;
/// Layers → GeoJSON + styles or GeoPackage, QGIS project and report.
pub mod publish;
/// The QGIS project file.
pub mod qgis_project;
pub mod read;
/// QGIS `.qml` styles per layer.
pub mod style;
pub mod write;
