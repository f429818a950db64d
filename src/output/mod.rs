//! Writing outputs: the only place that writes. GeoJSON layers and `summary.json`
//! (`write`), QGIS styles (`qml`), the project (`qgis_project`), the GeoPackage
//! (`gpkg`), the report (`report`), and which files in which format (`publish`).
/// `compare.md` and `compare.csv`.
pub mod compare;
/// GeoPackage output with QGIS styles as default (rusqlite, bundled SQLite).
pub mod gpkg;
/// Layers → GeoJSON + styles or GeoPackage, QGIS project and report.
pub mod publish;
/// The QGIS project file.
pub mod qgis_project;
/// QGIS `.qml` styles per layer.
pub mod qml;
/// `report.html`: the self-contained page for reviewers.
pub mod report;
pub mod write;
