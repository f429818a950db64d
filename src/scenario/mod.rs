//! Scenario files: which dataset, which rules, which year, and what changes.
//!
//! A scenario (TOML) names its dataset (a folder, or a `[dataset]` table naming
//! each layer's file, format, datum and mapping: see `dataset`) and rules file
//! (relative to itself), the year whose targets apply, an optional `base` scenario it starts
//! from, and an ordered list of `[[edit]]`s (see `edit`). Unknown keys are fatal,
//! so a typo never silently changes a run; a `base` cycle is fatal and prints the
//! chain, and so is a chain of more than [`MAX_BASE_DEPTH`](crate::scenario::MAX_BASE_DEPTH) bases.
//!
//! Paths are resolved as the operating system resolves them (see [`resolve`](crate::scenario::resolve)): a
//! `..` after a symbolic link to a folder leads to the parent of the link's target,
//! not back to the folder holding the link.

pub mod dataset;
pub mod edit;
pub mod edits_from;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::io::source::Layers;
use crate::rules::Override;
use crate::scenario::edit::{Edit, Located};

/// The most `base` scenarios one scenario may stand on (its base, the base's base, …).
pub const MAX_BASE_DEPTH: usize = 64;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: Option<String>,
    title: Option<String>,
    title_zh: Option<String>,
    title_en: Option<String>,
    description: Option<String>,
    base: Option<PathBuf>,
    dataset: Option<toml::Spanned<toml::Value>>,
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
    /// The title in Chinese, for a report in Chinese (`title` when not given).
    pub title_zh: Option<String>,
    /// The title in English, for a report in English (`title` when not given).
    pub title_en: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// The chain of base scenarios, nearest first.
    pub bases: Vec<PathBuf>,
    /// The dataset folder (with `[dataset]` naming no folder: the scenario's
    /// own folder, shown in outputs; no layer is looked for there).
    pub dataset: PathBuf,
    /// The layers `[dataset.layers]` names, each with its format, datum and
    /// mapping; empty for a dataset given as a folder.
    pub layers: Layers,
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
        let path = resolve(path);
        let text = crate::error::read_config(&path)?;
        Self::load_chain(text, path)
    }

    /// Parses a scenario from text; `path` locates its base, dataset and rules.
    /// A `base` is read from disk.
    pub fn from_str(text: &str, path: &Path) -> Result<Self> {
        Self::load_chain(text.to_owned(), path.to_owned())
    }

    /// The scenario at `path` (whose text is `text`) with its chain of bases: each
    /// file read and parsed once, head first, then resolved from the last base back
    /// to the head. Linear in the length of the chain, which is at most
    /// [`MAX_BASE_DEPTH`] bases.
    fn load_chain(text: String, path: PathBuf) -> Result<Self> {
        let head = path.clone();
        let mut chain: Vec<(PathBuf, String, ScenarioFile)> = Vec::new();
        // Each file of the chain by its real path, with its place in `chain`.
        let mut seen: HashMap<PathBuf, usize> = HashMap::new();
        let (mut path, mut text) = (path, text);
        loop {
            let file: ScenarioFile = toml::from_str(&text).map_err(|e| Error::Toml {
                path: path.clone(),
                source: Box::new(e),
            })?;
            seen.insert(real_path(&path), chain.len());
            let base = match &file.base {
                Some(b) => Some(locate(&path, "base", b)?),
                None => None,
            };
            chain.push((path, text, file));
            let Some(base) = base else { break };
            if let Some(&start) = seen.get(&real_path(&base)) {
                let mut names: Vec<String> = chain[start..]
                    .iter()
                    .map(|(p, ..)| p.display().to_string())
                    .collect();
                names.push(base.display().to_string());
                return Err(Error::Config {
                    path: chain[start].0.clone(),
                    problem: format!("`base` scenarios form a cycle: {}", names.join(" → ")),
                    hint: Some(
                        "a scenario cannot be its own base, directly or through others".into(),
                    ),
                });
            }
            if chain.len() > MAX_BASE_DEPTH {
                return Err(Error::Config {
                    path: head,
                    problem: format!(
                        "the chain of `base` scenarios is longer than {MAX_BASE_DEPTH} (the limit): \
                         it reaches {} and goes on to {}",
                        chain[chain.len() - 1].0.display(),
                        base.display()
                    ),
                    hint: Some(format!(
                        "a scenario may stand on at most {MAX_BASE_DEPTH} bases; \
                         merge the edits of some of them into one file"
                    )),
                });
            }
            text = crate::error::read_config(&base)?;
            path = base;
        }
        let bases: Vec<PathBuf> = chain[1..].iter().map(|(p, ..)| p.clone()).collect();
        let mut scenario = None;
        for (path, text, file) in chain.into_iter().rev() {
            scenario = Some(Self::resolve_one(&text, path, file, scenario)?);
        }
        let mut scenario = scenario.expect("the chain holds at least its head");
        scenario.bases = bases;
        Ok(scenario)
    }

    /// One scenario of a chain over its resolved `base` (its `bases` left empty).
    fn resolve_one(
        text: &str,
        path: PathBuf,
        file: ScenarioFile,
        base: Option<Self>,
    ) -> Result<Self> {
        let missing = |key: &str| Error::Config {
            path: path.clone(),
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
                path: path.clone(),
                problem: format!("year {year} is out of range (1900–2200)"),
                hint: None,
            });
        }
        let (dataset, layers) = match (&file.dataset, &base) {
            (Some(d), _) => dataset::parse(&path, text, d)?,
            (None, Some(b)) => (b.dataset.clone(), b.layers.clone()),
            (None, None) => return Err(missing("dataset")),
        };
        let rules = match (&file.rules, &base) {
            (Some(r), _) => locate(&path, "rules", r)?,
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
                path: path.clone(),
                problem: format!("name {name:?} cannot name an output folder"),
                hint: Some("use letters, digits and dashes".into()),
            });
        }
        let mut edits = base.map(|b| b.edits).unwrap_or_default();
        // Where each line starts, so an edit's line is a binary search, not a count
        // from the top (which made 100,000 edits take minutes).
        let newlines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
        for (i, spanned) in file.edits.iter().enumerate() {
            let line = newlines.partition_point(|&at| at < spanned.span().start) + 1;
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
            title: file.title.unwrap_or_else(|| name.clone()),
            title_zh: file.title_zh,
            title_en: file.title_en,
            path,
            name,
            description: file.description,
            bases: Vec::new(),
            dataset,
            layers,
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

/// `path` with `.` and `..` resolved as the operating system resolves them, kept
/// relative when it is relative. `x/..` is dropped only when `x` is a folder that is
/// not a symbolic link; after a link to a folder, `..` is the parent of the link's
/// real target (the path becomes that real, absolute path). When `x` does not exist
/// or is not a folder, `..` is left in place for the OS to refuse when the path is
/// opened. Lexical clean-up (`a/link/../b` → `a/b`) would read another file than the
/// one the OS opens for the same text.
pub fn resolve(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                // `/..` is `/`.
                Some(Component::RootDir) => {}
                Some(Component::Normal(_)) => match std::fs::symlink_metadata(&out) {
                    Ok(m) if m.file_type().is_symlink() => match out.canonicalize() {
                        Ok(real) if real.is_dir() => {
                            out = real;
                            out.pop();
                        }
                        _ => out.push(".."),
                    },
                    Ok(m) if m.is_dir() => {
                        out.pop();
                    }
                    _ => out.push(".."),
                },
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The path `value` of `key` in the scenario at `scenario`, resolved from the
/// scenario's folder as the OS resolves it; an error when a `..` cannot be followed
/// (the part before it is missing, a file or a broken link), rather than a path that
/// a later lexical clean-up could turn into another folder.
pub(crate) fn locate(scenario: &Path, key: &str, value: &Path) -> Result<PathBuf> {
    let path = resolve(&folder_of(scenario).join(value));
    let mut before = PathBuf::new();
    for c in path.components() {
        if c == Component::ParentDir
            && matches!(before.components().next_back(), Some(Component::Normal(_)))
        {
            return Err(Error::Config {
                path: scenario.to_owned(),
                problem: format!(
                    "`{key}` = {:?}: cannot go up (`..`) from `{}`: it is not a folder \
                     (missing, a file, or a link that leads nowhere)",
                    value.display().to_string(),
                    before.display()
                ),
                hint: None,
            });
        }
        before.push(c.as_os_str());
    }
    Ok(path)
}

/// The folder a scenario file's relative paths start from.
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// The file `path` names, for telling two spellings of one file apart (the path
/// itself when it cannot be resolved).
fn real_path(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
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
    fn dotdot_after_a_missing_or_non_folder_part_is_left_to_the_os() {
        assert_eq!(
            resolve(Path::new("no-such-dir/../x")),
            PathBuf::from("no-such-dir/../x")
        );
        assert_eq!(
            resolve(Path::new("Cargo.toml/../src")),
            PathBuf::from("Cargo.toml/../src")
        );
        assert_eq!(resolve(Path::new("/../tmp")), PathBuf::from("/tmp"));
        assert_eq!(resolve(Path::new("../a/./b")), PathBuf::from("../a/b"));
        assert_eq!(resolve(Path::new("src/..")), PathBuf::from("."));
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
