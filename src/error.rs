//! Errors and diagnostics: where a problem is, what is wrong, and how bad it is.
//!
//! Three kinds of answer (see the README): a fatal [`Error`](crate::error::Error) stops the run before any
//! output is touched; a [`Rejection`](crate::error::Rejection) leaves one feature out and is listed; a
//! [`Warning`](crate::error::Warning) records a harmless repair. Every message names the file and, for a
//! feature, its index and id.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A place in the input: a file, and within it a feature (0-based index, id if any).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FeatureRef {
    /// The file, as the user named it (relative paths stay relative).
    pub file: String,
    /// 0-based position of the feature in the file's `features` array.
    pub index: usize,
    /// The feature's id, when it has one.
    pub id: Option<String>,
}

impl fmt::Display for FeatureRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: feature #{}", self.file, self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        Ok(())
    }
}

/// A feature left out of the run, with the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rejection {
    /// Where the feature is.
    #[serde(flatten)]
    pub at: FeatureRef,
    /// The field at fault (`geometry`, `population`, …).
    pub field: String,
    /// What is wrong, with the bad value.
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: field `{}`: {}", self.at, self.field, self.reason)
    }
}

/// A harmless repair made while reading (BOM stripped, ring closed, Z dropped).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The file.
    pub file: String,
    /// The feature, when the repair is to one feature.
    pub index: Option<usize>,
    /// The feature's id, when it has one.
    pub id: Option<String>,
    /// The field repaired, when there is one.
    pub field: Option<String>,
    /// What was repaired.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(ix) = self.index {
            write!(f, ": feature #{ix}")?;
        }
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Everything read without being fatal: rejected features and repairs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diagnostics {
    /// Features left out, in file order then index order.
    pub rejected: Vec<Rejection>,
    /// Repairs made, in file order then index order.
    pub warnings: Vec<Warning>,
}

impl Diagnostics {
    /// Puts both lists in a fixed order (file, then index), whatever order they came in.
    pub fn sort(&mut self) {
        self.rejected.sort();
        self.warnings.sort();
    }
}

/// A fatal problem: the run cannot mean anything, so nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A GeoJSON file is not valid JSON (the cause gives line and column).
    #[error("invalid GeoJSON in `{}`", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A whole layer is unusable (not a FeatureCollection, wrong CRS, projected coordinates).
    #[error("`{}`: {problem}", path.display())]
    Layer {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// A TOML file (scenario or rules) does not parse (the cause gives line and column).
    #[error("invalid TOML in `{}`", path.display())]
    Toml {
        /// The file.
        path: PathBuf,
        /// The cause, with line, column and a caret.
        #[source]
        source: Box<toml::de::Error>,
    },
    /// A scenario or rules file parses but says something impossible.
    #[error("`{}`: {problem}", path.display())]
    Config {
        /// The file (with `:line` when known).
        path: PathBuf,
        /// What is wrong.
        problem: String,
        /// What to do about it (a "did you mean", say).
        hint: Option<String>,
    },
    /// An output could not be written.
    #[error("cannot write `{}`", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The output folder is unusable (an input lives there, or it is locked).
    #[error("output folder `{}`: {problem}", path.display())]
    Output {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        problem: String,
        /// What to do about it.
        hint: Option<String>,
    },
}

impl Error {
    /// The hint to print after the error, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Self::Layer { hint, .. } | Self::Config { hint, .. } | Self::Output { hint, .. } => {
                hint.as_deref()
            }
            _ => None,
        }
    }
}

/// Result with isleplan's fatal error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Largest scenario or rules file read, bytes: these are hand-written TOML.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// Reads a scenario or rules file: a regular file of at most
/// [`MAX_CONFIG_BYTES`], so a path such as `/dev/zero` is refused, not read forever.
pub fn read_config(path: &std::path::Path) -> Result<String> {
    use std::io::Read as _;
    let err = |source: std::io::Error| Error::Read {
        path: path.to_owned(),
        source,
    };
    // The type is checked before opening: opening a FIFO blocks until a writer
    // comes, which may be never.
    if !std::fs::metadata(path).map_err(err)?.is_file() {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    let file = std::fs::File::open(path).map_err(err)?;
    let meta = file.metadata().map_err(err)?;
    if !meta.is_file() {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(err)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {} MiB", MAX_CONFIG_BYTES >> 20),
        )));
    }
    Ok(text)
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
///
/// Uses edit distance and answers only when the match is close enough to help
/// (at most a third of the word's length).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_ref_names_file_index_and_id() {
        let at = FeatureRef {
            file: "gis/settlements.geojson".into(),
            index: 12,
            id: Some("V-042".into()),
        };

        let text = Rejection {
            at,
            field: "population".into(),
            reason: "population is negative (got -3)".into(),
        }
        .to_string();

        assert_eq!(
            text,
            "gis/settlements.geojson: feature #12 (id \"V-042\"): field `population`: population is negative (got -3)"
        );
    }

    #[test]
    fn did_you_mean_finds_a_near_id_and_ignores_far_ones() {
        let ids = ["xiazhi", "huangxing", "dashuangshan"];

        assert_eq!(did_you_mean("xiazi", ids), Some("xiazhi"));
        assert_eq!(did_you_mean("dashuangshn", ids), Some("dashuangshan"));
        assert_eq!(did_you_mean("zhoushan", ids), None);
    }
}
