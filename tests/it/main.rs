//! Integration tests: one binary, one module per concern.
mod bands;
mod common;
mod loading;
mod outputs;
mod putuo;
mod scenarios;
