//! Scenario files: which dataset, which rules, which year, and what changes.
//!
//! A scenario (TOML) names its dataset folder and rules file (relative to
//! itself), the year whose targets apply, an optional `base` scenario it starts
//! from, and an ordered list of `[[edit]]`s (see `edit`). Unknown keys are fatal,
//! so a typo never silently changes a run; a `base` cycle is fatal and prints the
//! chain.

pub mod edit;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::read::clean;
use crate::rules::Override;
use crate::scenario::edit::{Edit, Located};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    base: Option<PathBuf>,
    dataset: Option<PathBuf>,
    rules: Option<PathBuf>,
    year: Option<i32>,
    #[serde(rename = "edit", default)]
    edits: Vec<toml::Spanned<Edit>>,
}

/// A scenario, with its base applied and its paths resolved.
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
    /// The chain of base scenarios, nearest first.
    pub bases: Vec<PathBuf>,
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The rules file.
    pub rules: PathBuf,
    /// The year whose targets apply.
    pub year: i32,
    /// The edits, the base's first, each with the place it is written.
    pub edits: Vec<Located<Edit>>,
}

impl Scenario {
    /// Reads a scenario file and its bases.
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_chain(&clean(path), &mut Vec::new())
    }

    fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Self> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        if let Some(start) = chain
            .iter()
            .position(|p| p.canonicalize().unwrap_or_else(|_| p.clone()) == key)
        {
            let mut names: Vec<String> = chain[start..]
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            names.push(path.display().to_string());
            return Err(Error::Config {
                path: chain[start].clone(),
                problem: format!("`base` scenarios form a cycle: {}", names.join(" → ")),
                hint: Some("a scenario cannot be its own base, directly or through others".into()),
            });
        }
        let text = crate::error::read_config(path)?;
        chain.push(path.to_owned());
        let result = Self::parse(&text, path, chain);
        chain.pop();
        result
    }

    /// Parses a scenario from text; `path` locates its base, dataset and rules.
    /// A `base` is read from disk.
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        Self::parse(text, path, &mut vec![path.to_owned()])
    }

    fn parse(text: &str, path: &Path, chain: &mut Vec<PathBuf>) -> Result<Self> {
        let file: ScenarioFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let base = match &file.base {
            Some(b) => Some(Self::load_chain(&clean(&dir.join(b)), chain)?),
            None => None,
        };
        let missing = |key: &str| Error::Config {
            path: path.to_owned(),
            problem: format!("`{key}` is missing (and there is no `base` to inherit it from)"),
            hint: None,
        };
        let year = match (file.year, &base) {
            (Some(y), _) => y,
            (None, Some(b)) => b.year,
            (None, None) => return Err(missing("year")),
        };
        if !(1900..=2200).contains(&year) {
            return Err(Error::Config {
                path: path.to_owned(),
                problem: format!("year {year} is out of range (1900–2200)"),
                hint: None,
            });
        }
        let dataset = match (&file.dataset, &base) {
            (Some(d), _) => clean(&dir.join(d)),
            (None, Some(b)) => b.dataset.clone(),
            (None, None) => return Err(missing("dataset")),
        };
        let rules = match (&file.rules, &base) {
            (Some(r), _) => clean(&dir.join(r)),
            (None, Some(b)) => b.rules.clone(),
            (None, None) => return Err(missing("rules")),
        };
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
        let mut edits = Vec::new();
        let mut bases = Vec::new();
        if let Some(b) = base {
            bases.push(b.path.clone());
            bases.extend(b.bases);
            edits = b.edits;
        }
        for (i, spanned) in file.edits.iter().enumerate() {
            let line = text[..spanned.span().start].matches('\n').count() + 1;
            let edit = spanned.get_ref().clone();
            edit.check().map_err(|problem| Error::Config {
                path: PathBuf::from(format!("{}:{line}", path.display())),
                problem: format!("edit #{} ({}): {problem}", i + 1, edit.type_name()),
                hint: None,
            })?;
            edits.push(Located {
                origin: format!("{}:{line}", path.display()),
                ordinal: i + 1,
                edit,
            });
        }
        Ok(Self {
            path: path.to_owned(),
            title: file.title.unwrap_or_else(|| name.clone()),
            name,
            description: file.description,
            bases,
            dataset,
            rules,
            year,
            edits,
        })
    }

    /// The edits that change the rules, in order, as overrides.
    pub fn rule_overrides(&self) -> Vec<Override> {
        self.edits
            .iter()
            .filter_map(|e| e.edit.rule_override(&e.origin, e.ordinal))
            .collect()
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

    #[test]
    fn edits_keep_their_line() {
        let text = "dataset = \".\"\nrules = \"r.toml\"\nyear = 2024\n\n[[edit]]\ntype = \"close-facility\"\nid = \"x\"\n";

        let s = Scenario::from_str(text, Path::new("s.toml")).unwrap();

        assert_eq!(s.edits.len(), 1);
        assert_eq!(s.edits[0].origin, "s.toml:5");
    }

    #[test]
    fn unknown_edit_type_is_fatal() {
        let text = "dataset = \".\"\nrules = \"r.toml\"\nyear = 2024\n[[edit]]\ntype = \"demolish\"\nid = \"x\"\n";

        let err = Scenario::from_str(text, Path::new("s.toml")).unwrap_err();

        assert!(err.to_string().contains("invalid TOML"), "{err}");
        let Error::Toml { source, .. } = &err else {
            panic!()
        };
        assert!(source.to_string().contains("demolish"), "{source}");
    }
}
