//! One feature of any layer format before its fields are read, what reading a
//! layer learns about it as a whole, and the path and hash functions every format
//! shares. A leaf of `io`: the format readers (`geojson`, `gpkg`, `source`) and
//! the loader (`read`) build on it.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::datum::Datum;
use super::fields::FieldProblem;
use crate::error::Warning;

/// One feature of any format, before its fields are read.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFeature {
    /// 0-based position in the layer (array index, data row, or table row by fid).
    pub index: usize,
    /// The feature's id (the `id` field; a GeoPackage's fid when its table has
    /// no `id` column).
    pub id: Option<String>,
    /// A GeoPackage row's fid (`None` in the other formats).
    pub fid: Option<String>,
    /// The fields, in the layer's order.
    pub props: Map<String, Value>,
    /// The geometry as GeoJSON (`null` when absent).
    pub geometry: Value,
    /// Why the feature cannot be read at all (not a Feature, no coordinates).
    pub problem: Option<FieldProblem>,
}

/// What reading learnt about the layer as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceInfo {
    /// Features seen.
    pub features: usize,
    /// Repairs made to the file as a whole.
    pub warnings: Vec<Warning>,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// The datum the file declares (a GeoPackage's srs), when it declares one.
    pub declared: Option<Datum>,
}

/// Feeds bytes through SHA-256 as they are read.
pub struct Hashing<R> {
    /// The reader.
    pub inner: R,
    /// The hash so far.
    pub hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Cleans `a/b/../c` to `a/c` without touching the file system, so messages show
/// the path a user would type.
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
