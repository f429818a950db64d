//! Integration tests: one binary, one module per concern.
mod bands;
mod common;
mod gpkg;
mod loading;
mod outputs;
mod putuo;
mod qgis;
mod report;
mod scenarios;
mod synthetic;
mod terminal;
