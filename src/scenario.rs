//! Scenario files: which dataset, which rules, which year.
//!
//! A scenario (TOML) names its dataset folder and rules file, relative to itself,
//! and the year whose targets apply. Unknown keys are fatal, so a typo never
//! silently changes a run.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::read::clean;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    dataset: PathBuf,
    rules: PathBuf,
    year: i32,
}

/// A scenario, with its paths resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The scenario file.
    pub path: PathBuf,
    /// Short name (defaults to the file stem), used for the output folder.
    pub name: String,
    /// One-line title for reports.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The rules file.
    pub rules: PathBuf,
    /// The year whose targets apply.
    pub year: i32,
}

impl Scenario {
    /// Reads a scenario file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = fs_err::read_to_string(path).map_err(|e| Error::Read {
            path: path.to_owned(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        })?;
        Self::from_str(&text, path)
    }

    /// Parses a scenario from text; `path` locates the dataset and rules.
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        let file: ScenarioFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        if !(1900..=2200).contains(&file.year) {
            return Err(Error::Config {
                path: path.to_owned(),
                problem: format!("year {} is out of range (1900–2200)", file.year),
                hint: None,
            });
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = match file.name {
            Some(n) => n,
            None => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into()),
        };
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(Error::Config {
                path: path.to_owned(),
                problem: format!("name {name:?} cannot name an output folder"),
                hint: Some("use letters, digits and dashes".into()),
            });
        }
        Ok(Self {
            path: path.to_owned(),
            title: file.title.unwrap_or_else(|| name.clone()),
            name,
            description: file.description,
            dataset: clean(&dir.join(file.dataset)),
            rules: clean(&dir.join(file.rules)),
            year: file.year,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_scenario() {
        let text = "dataset = \"../gis\"\nrules = \"rules.toml\"\nyear = 2024\n";

        let s = Scenario::from_str(text, Path::new("scenarios/base.toml")).unwrap();

        assert_eq!(s.dataset, PathBuf::from("gis"));
        assert_eq!(s.rules, PathBuf::from("scenarios/rules.toml"));
        assert_eq!(s.name, "base");
    }

    #[test]
    fn unknown_key_is_fatal_with_line() {
        let text = "dataset = \"../gis\"\nrules = \"r.toml\"\nyear = 2024\nyaer = 2025\n";

        let err = Scenario::from_str(text, Path::new("s.toml")).unwrap_err();

        let Error::Toml { source, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(source.to_string().contains("yaer"), "{source}");
        assert!(source.to_string().contains("line 4"), "{source}");
    }
}
