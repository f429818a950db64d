//! Outcome → files: GeoJSON layers for QGIS and `summary.json`, written atomically.
//!
//! Every file goes to a temp file in the output folder and is synced; only when
//! all of a run's files are staged are they renamed over the old ones
//! ([`OutputDir::commit`](crate::output::write::OutputDir::commit)). A failed run (disk
//! full, say) leaves every old file as it was; a killed run leaves each file
//! either the old complete one or the new complete one. Stale temp files from killed runs are swept first, and a lock file
//! keeps two runs from writing one folder. Features are sorted by id, coordinates
//! rounded to 7 decimals (about 1 cm), so the same inputs give the same bytes.
//! Styles, the GeoPackage, the QGIS project and the report are
//! [`crate::output::publish`]'s.
//!
//! # Streaming
//! Each layer is written feature by feature straight into its staged file: the
//! JSON text is produced directly ([`Props`], [`Val`], [`Geom`]), byte for byte
//! what serde_json writes for the same values, without a `serde_json::Value`
//! per feature. While writing, a [`LayerSink`] collects what the styles, the
//! project and the report need ([`Layer`]: counts per geometry kind, bounds, a
//! bounded sample of features, a compact point list), so nothing is parsed back.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use geo::{Coord, MultiPolygon, Orient};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::model::Provenance;
use crate::network::travel::Reach;
use crate::output::publish::{Format, Layer, Options};
use crate::pipeline::Outcome;
use crate::rules::{family_in_data, towns, RuleKind, Status, SubjectRef};
use crate::timings::Timings;

/// Suffix of temp files; anything ending in it inside an output folder is ours.
const TMP_SUFFIX: &str = ".isleplan-tmp";
/// Lock file name inside an output folder.
const LOCK: &str = ".isleplan.lock";

/// An output folder, checked, swept and locked for this run.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    /// Files written to temp names, waiting for `commit`: (temp, target).
    staged: std::cell::RefCell<Vec<(PathBuf, PathBuf)>>,
}

impl OutputDir {
    /// Creates (if needed), checks and locks `dir`.
    ///
    /// Fatal, before any work: the folder cannot be created or written, it holds
    /// one of `inputs` (a file or folder the run reads), or another live run holds
    /// its lock.
    pub fn prepare(dir: &Path, inputs: &[&Path]) -> Result<Self> {
        let io = |source| Error::Write {
            path: dir.to_owned(),
            source,
        };
        fs_err::create_dir_all(dir)
            .map_err(|e| io(std::io::Error::new(e.kind(), e.to_string())))?;
        let canon = dir
            .canonicalize()
            .map_err(|e| io(std::io::Error::new(e.kind(), e.to_string())))?;
        for input in inputs {
            let Ok(input) = input.canonicalize() else {
                continue;
            };
            // Writing into the dataset folder, or next to a scenario or rules file,
            // would overwrite or mingle with what the run reads.
            let clash = if input.is_dir() {
                input == canon
            } else {
                input.parent() == Some(canon.as_path())
            };
            if clash {
                return Err(Error::Output {
                    path: dir.to_owned(),
                    problem: format!("it holds an input of this run (`{}`)", input.display()),
                    hint: Some("choose another folder with --out".into()),
                });
            }
        }
        let lock = dir.join(LOCK);
        match fs_err::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(mut f) => {
                writeln!(f, "{}", std::process::id()).map_err(io)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let pid = fs_err::read_to_string(&lock).unwrap_or_default();
                let pid = pid.trim();
                let alive = !pid.is_empty() && Path::new("/proc").join(pid).exists();
                if alive {
                    return Err(Error::Output {
                        path: dir.to_owned(),
                        problem: format!("another run (pid {pid}) is writing to it"),
                        hint: Some(format!(
                            "wait for it, or remove `{}` if that process is not isleplan",
                            lock.display()
                        )),
                    });
                }
                fs_err::write(&lock, format!("{}\n", std::process::id()))
                    .map_err(|e| io(std::io::Error::new(e.kind(), e.to_string())))?;
            }
            Err(e) => return Err(io(std::io::Error::new(e.kind(), e.to_string()))),
        }
        let out = Self {
            path: dir.to_owned(),
            staged: std::cell::RefCell::new(Vec::new()),
        };
        out.sweep()?;
        Ok(out)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes temp files left by killed runs.
    fn sweep(&self) -> Result<()> {
        let entries = fs_err::read_dir(&self.path).map_err(|e| Error::Write {
            path: self.path.clone(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().ends_with(TMP_SUFFIX) {
                let _ = fs_err::remove_file(entry.path());
            }
        }
        Ok(())
    }

    /// Stages `bytes` as `name` (see [`OutputDir::write_with`]).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Streams `name` through `fill` into a synced temp file, so a large layer is
    /// never held in memory whole. The file takes its name at [`OutputDir::commit`].
    pub fn write_with(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<PathBuf> {
        let target = self.path.join(name);
        let tmp = self
            .path
            .join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()));
        let result = (|| -> std::io::Result<()> {
            let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
            fill(&mut f)?;
            let f = f.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()
        })();
        if let Err(source) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
        self.staged.borrow_mut().push((tmp, target.clone()));
        Ok(target)
    }

    /// Streams several files at once, `fill(i, w)` writing file `i` of `names`
    /// (rayon spreads them over the threads; each file's bytes depend on its
    /// `fill` only). Staged like [`OutputDir::write_with`] when `stage`, else
    /// written to the scratch paths of [`OutputDir::scratch`] (not synced, not
    /// staged). On an error, every file of the call is removed.
    ///
    /// # Returns
    /// Per name, in order: the target (staged) or scratch path, and what `fill` returned.
    pub fn write_all_with<T: Send>(
        &self,
        names: &[String],
        stage: bool,
        fill: impl Fn(usize, &mut dyn Write) -> std::io::Result<T> + Sync,
    ) -> Result<Vec<(PathBuf, T)>> {
        use rayon::prelude::*;
        let paths: Vec<(PathBuf, PathBuf)> = names
            .iter()
            .map(|name| {
                let tmp = if stage {
                    self.path
                        .join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()))
                } else {
                    self.scratch(name)
                };
                (tmp, self.path.join(name))
            })
            .collect();
        let results: Vec<std::io::Result<T>> = paths
            .par_iter()
            .enumerate()
            .map(|(i, (tmp, _))| {
                let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(tmp)?);
                let t = fill(i, &mut f)?;
                let f = f.into_inner().map_err(|e| e.into_error())?;
                if stage {
                    f.sync_all()?;
                }
                Ok(t)
            })
            .collect();
        let failed = results.iter().position(Result::is_err);
        if let Some(i) = failed {
            for (tmp, _) in &paths {
                let _ = std::fs::remove_file(tmp);
            }
            let source = results
                .into_iter()
                .nth(i)
                .and_then(std::result::Result::err)
                .unwrap_or_else(|| std::io::Error::other("write failed"));
            return Err(Error::Write {
                path: paths[i].1.clone(),
                source,
            });
        }
        let mut out = Vec::with_capacity(paths.len());
        for ((tmp, target), t) in paths.into_iter().zip(results) {
            let t = t.map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
            if stage {
                self.staged.borrow_mut().push((tmp, target.clone()));
                out.push((target, t));
            } else {
                out.push((tmp, t));
            }
        }
        Ok(out)
    }

    /// A scratch file in the folder for `name` (swept like any temp file, never
    /// committed): where the GeoPackage's layers are streamed before packing.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.path.join(format!(
            ".{name}.{}.scratch{TMP_SUFFIX}",
            std::process::id()
        ))
    }

    /// Streams `fill` into the scratch file `path` (not synced, not staged);
    /// errors name `name`'s target in the folder.
    pub fn scratch_with<T>(
        &self,
        path: &Path,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
    ) -> Result<T> {
        let result = (|| -> std::io::Result<T> {
            let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
            let t = fill(&mut f)?;
            f.flush()?;
            Ok(t)
        })();
        result.map_err(|source| {
            let _ = std::fs::remove_file(path);
            Error::Write {
                path: self.path.join(name),
                source,
            }
        })
    }

    /// Stages `name` from a file `fill` creates at the temp path it is given (a
    /// database written in place); the file is synced and takes its name at
    /// [`OutputDir::commit`].
    pub fn stage_file(
        &self,
        name: &str,
        fill: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<PathBuf> {
        let target = self.path.join(name);
        let tmp = self
            .path
            .join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        if let Err(e) = fill(&tmp) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        let synced = std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.sync_all());
        if let Err(source) = synced {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
        self.staged.borrow_mut().push((tmp, target.clone()));
        Ok(target)
    }

    /// Renames every staged file over its target, then syncs the folder.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let staged = std::mem::take(&mut *self.staged.borrow_mut());
        let mut done = Vec::with_capacity(staged.len());
        for (tmp, target) in staged {
            std::fs::rename(&tmp, &target).map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
            done.push(target);
        }
        if let Ok(d) = std::fs::File::open(&self.path) {
            let _ = d.sync_all();
        }
        Ok(done)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        for (tmp, _) in self.staged.borrow().iter() {
            let _ = std::fs::remove_file(tmp);
        }
        let _ = std::fs::remove_file(self.path.join(LOCK));
    }
}

/// Stages every output of `outcome` in `out` with the default [`Options`]
/// (GeoJSON + styles, project, report in Chinese); returns the files staged.
/// Call [`OutputDir::commit`] to publish them.
pub fn write_outcome(outcome: &Outcome, out: &OutputDir) -> Result<Vec<PathBuf>> {
    write_outcome_as(outcome, out, &Options::default())
}

/// Stages every output of `outcome` in `out` as `opts` asks: the layers and
/// `summary.json`, styles, the QGIS project and `report.html` (see
/// [`crate::output::publish`]); returns the files staged.
pub fn write_outcome_as(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
) -> Result<Vec<PathBuf>> {
    write_outcome_timed(outcome, out, opts, &mut Timings::default())
}

/// [`write_outcome_as`], recording each stage's wall time and peak memory in `timings`.
///
/// Each layer is streamed straight into its staged file (GeoJSON) or a scratch
/// file the GeoPackage is filled from, never held whole in memory; what the
/// styles, the project and the report need of it is collected on the way
/// ([`Layer`]).
pub fn write_outcome_timed(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
    timings: &mut Timings,
) -> Result<Vec<PathBuf>> {
    let layers = timings.stage("layers", || stream_layers(outcome, out, opts.format))?;
    let summary = summary(outcome);
    crate::output::publish::publish_run(
        outcome,
        out,
        layers,
        &[("summary.json", summary)],
        opts,
        timings,
    )
}

/// A layer written: what was learnt about it, and where its text is.
#[derive(Debug)]
pub struct Written {
    /// The layer's metadata and report sample.
    pub layer: Layer,
    /// The staged GeoJSON (GeoJSON output), or `None` when the text went to a
    /// scratch file for the GeoPackage.
    pub staged: Option<PathBuf>,
}

/// Writes every layer of `outcome`: staged `.geojson` files for
/// [`Format::Geojson`], scratch files (removed once the GeoPackage is built)
/// for [`Format::Gpkg`].
fn stream_layers(outcome: &Outcome, out: &OutputDir, format: Format) -> Result<Vec<Written>> {
    let writer = LayerWriter::new(outcome);
    let names: Vec<String> = LAYERS.iter().map(|n| format!("{n}.geojson")).collect();
    let stage = format == Format::Geojson;
    let files = out.write_all_with(&names, stage, |i, w| writer.write(LAYERS[i], w))?;
    Ok(files
        .into_iter()
        .map(|(path, layer)| {
            if stage {
                Written {
                    layer,
                    staged: Some(path),
                }
            } else {
                Written {
                    layer: layer.with_source(path),
                    staged: None,
                }
            }
        })
        .collect())
}

/// The layers a run writes, in order (file stems).
pub const LAYERS: [&str; 7] = [
    "islands",
    "settlements",
    "facilities",
    "gaps",
    "relocations",
    "service_areas",
    "proposed",
];

/// The GeoJSON layers and `summary.json` of `outcome`, by file name, as text in
/// memory. For tests and small runs: [`write_outcome`] streams instead.
pub fn outcome_files(outcome: &Outcome) -> Vec<(&'static str, String)> {
    let writer = LayerWriter::new(outcome);
    let mut files: Vec<(&'static str, String)> = [
        ("islands.geojson", "islands"),
        ("settlements.geojson", "settlements"),
        ("facilities.geojson", "facilities"),
        ("gaps.geojson", "gaps"),
        ("relocations.geojson", "relocations"),
        ("service_areas.geojson", "service_areas"),
        ("proposed.geojson", "proposed"),
    ]
    .into_iter()
    .map(|(file, name)| {
        let mut bytes = Vec::new();
        writer
            .write(name, &mut bytes)
            .expect("writing to memory cannot fail");
        (file, String::from_utf8(bytes).expect("JSON is UTF-8"))
    })
    .collect();
    files.push(("summary.json", summary(outcome)));
    files
}

/// Writes the layers of one outcome, one at a time, as GeoJSON text.
pub struct LayerWriter<'o> {
    o: &'o Outcome,
    index: SubjectIndex,
}

impl<'o> LayerWriter<'o> {
    /// Indexes `o`'s findings by subject.
    pub fn new(o: &'o Outcome) -> Self {
        Self {
            o,
            index: SubjectIndex::new(o),
        }
    }

    /// Writes the layer `name` (one of [`LAYERS`]) into `w`; returns what was
    /// learnt about it. An unknown name writes an empty collection.
    pub fn write(&self, name: &str, w: &mut dyn Write) -> std::io::Result<Layer> {
        let o = self.o;
        let mut sink = LayerSink::begin(w, name)?;
        match name {
            "islands" => islands_layer(o, &self.index, &mut sink)?,
            "settlements" => settlements_layer(o, &self.index, &mut sink)?,
            "facilities" => facilities_layer(o, &mut sink)?,
            "gaps" => gaps_layer(o, &mut sink)?,
            "relocations" => relocations_layer(o, &mut sink)?,
            "service_areas" => service_areas_layer(o, &mut sink)?,
            "proposed" => proposed_layer(o, &mut sink)?,
            _ => {}
        }
        sink.finish()
    }

    /// Writes every layer to nowhere, keeping only what was learnt of each
    /// (the text is dropped): what the comparison report needs of an outcome.
    pub fn layers_only(&self) -> std::io::Result<Vec<Layer>> {
        LAYERS
            .iter()
            .map(|name| self.write(name, &mut std::io::sink()))
            .collect()
    }
}

/// Findings by subject, so each feature finds its own in O(its findings).
struct SubjectIndex {
    by_island: Vec<Vec<usize>>,
    by_settlement: Vec<Vec<usize>>,
    by_town: Vec<Vec<usize>>,
    island_of: Vec<Option<usize>>,
    town_of_island: Vec<Option<usize>>,
}

impl SubjectIndex {
    fn new(o: &Outcome) -> Self {
        let w = &o.dataset.world;
        let towns = towns(w);
        let mut town_of_island = vec![None; w.islands.len()];
        for (t, town) in towns.iter().enumerate() {
            for &i in &town.islands {
                town_of_island[i] = Some(t);
            }
        }
        let mut by_island = vec![Vec::new(); w.islands.len()];
        let mut by_settlement = vec![Vec::new(); w.settlements.len()];
        let mut by_town = vec![Vec::new(); towns.len()];
        let villages = crate::rules::villages(w);
        for (k, f) in o.findings.iter().enumerate() {
            match f.subject {
                SubjectRef::Island(i) => by_island[i].push(k),
                SubjectRef::Settlement(s) => by_settlement[s].push(k),
                // A village's finding is each of its parts'.
                SubjectRef::Village(v) => {
                    for &s in &villages[v].parts {
                        by_settlement[s].push(k);
                    }
                }
                SubjectRef::Town(t) => by_town[t].push(k),
                SubjectRef::District => {}
            }
        }
        let island_of = w
            .settlements
            .iter()
            .map(|s| w.islands.binary_search_by(|i| i.id.cmp(&s.island)).ok())
            .collect();
        Self {
            by_island,
            by_settlement,
            by_town,
            island_of,
            town_of_island,
        }
    }

    /// A settlement's own findings, its island's and its town's, in findings order.
    fn of_settlement(&self, s: usize, v: &mut Vec<usize>) {
        v.clear();
        v.extend(&self.by_settlement[s]);
        if let Some(i) = self.island_of[s] {
            v.extend(&self.by_island[i]);
            if let Some(t) = self.town_of_island[i] {
                v.extend(&self.by_town[t]);
            }
        }
        v.sort_unstable();
    }
}

// ---------------------------------------------------------------------------
// JSON text, written directly: the same bytes serde_json writes for the same
// values (compact formatter, `preserve_order` maps), without building a
// `serde_json::Value` per feature.

/// Appends `s` as a JSON string literal, escaped exactly as serde_json escapes:
/// `"` and `\` by backslash, `\b \f \n \r \t` by name, other C0 controls as
/// `\u00XX` (lower-case hex); everything else, DEL and non-ASCII included, as is.
pub fn push_json_str(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let named: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                buf.extend_from_slice(&bytes[start..i]);
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        buf.extend_from_slice(named);
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Appends a float as serde_json writes it (shortest round-trip form, `null`
/// when not finite).
fn push_f64(buf: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        // serde_json's own float formatting, so the digits are the same.
        let _ = serde_json::to_writer(&mut *buf, &x);
    } else {
        buf.extend_from_slice(b"null");
    }
}

fn push_u64(buf: &mut Vec<u8>, n: u64) {
    let _ = write!(buf, "{n}");
}

/// A property value: the scalars the layers hold, or an input value carried through.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float (`null` when not finite, as `json!` makes it).
    F64(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// Any JSON value (input properties carried through).
    Json(&'a Value),
    /// Any JSON value, owned.
    Value(Value),
}

impl Val<'_> {
    /// Appends the value's JSON text.
    pub fn write(&self, buf: &mut Vec<u8>) {
        match self {
            Val::Null => buf.extend_from_slice(b"null"),
            Val::Bool(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
            Val::U64(n) => push_u64(buf, *n),
            Val::I64(n) => {
                let _ = write!(buf, "{n}");
            }
            Val::F64(x) => push_f64(buf, *x),
            Val::Str(s) => push_json_str(buf, s),
            Val::Json(v) => {
                let _ = serde_json::to_writer(&mut *buf, v);
            }
            Val::Value(v) => {
                let _ = serde_json::to_writer(&mut *buf, v);
            }
        }
    }

    /// The same value as a `serde_json::Value` (what parsing the text gives).
    pub fn to_value(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::U64(n) => Value::from(*n),
            Val::I64(n) => Value::from(*n),
            Val::F64(x) => json!(x),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Json(v) => (*v).clone(),
            Val::Value(v) => v.clone(),
        }
    }

    /// The string, if a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Json(Value::String(s)) | Val::Value(Value::String(s)) => Some(s),
            _ => None,
        }
    }
}

macro_rules! val_from {
    ($($t:ty => $v:ident as $as:ty),*) => {$(
        impl From<$t> for Val<'_> {
            fn from(x: $t) -> Self {
                Val::$v(x as $as)
            }
        }
    )*};
}
val_from!(u64 => U64 as u64, u32 => U64 as u64, usize => U64 as u64, i64 => I64 as i64, i32 => I64 as i64, f64 => F64 as f64);

impl From<bool> for Val<'_> {
    fn from(b: bool) -> Self {
        Val::Bool(b)
    }
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Str(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Val<'a> {
    fn from(s: &'a String) -> Self {
        Val::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Val<'_> {
    fn from(s: String) -> Self {
        Val::Str(Cow::Owned(s))
    }
}

impl<'a> From<&'a Value> for Val<'a> {
    fn from(v: &'a Value) -> Self {
        Val::Json(v)
    }
}

impl<'a, T: Into<Val<'a>>> From<Option<T>> for Val<'a> {
    fn from(x: Option<T>) -> Self {
        x.map_or(Val::Null, Into::into)
    }
}

/// A feature's properties in insertion order, with `serde_json::Map`'s
/// `preserve_order` semantics: inserting a key already present replaces its
/// value in place.
#[derive(Debug, Default)]
pub struct Props<'a> {
    items: Vec<(u64, Cow<'a, str>, Val<'a>)>,
}

/// FNV-1a: a cheap key fingerprint so duplicate checks compare integers first.
fn key_hash(k: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in k.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl<'a> Props<'a> {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the list, keeping its memory.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    fn position(&self, h: u64, key: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|(kh, k, _)| *kh == h && k == key)
    }

    /// Sets `key` to `v`: replaced in place if present, else appended.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, v: impl Into<Val<'a>>) {
        let key = key.into();
        let h = key_hash(&key);
        match self.position(h, &key) {
            Some(i) => self.items[i].2 = v.into(),
            None => self.items.push((h, key, v.into())),
        }
    }

    /// Whether `key` is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key_hash(key), key).is_some()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        self.position(key_hash(key), key).map(|i| &self.items[i].2)
    }

    /// Appends the properties as a JSON object.
    pub fn write(&self, buf: &mut Vec<u8>) {
        buf.push(b'{');
        for (i, (_, k, v)) in self.items.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            push_json_str(buf, k);
            buf.push(b':');
            v.write(buf);
        }
        buf.push(b'}');
    }

    /// The properties as a `serde_json` object.
    pub fn to_map(&self) -> Map<String, Value> {
        self.items
            .iter()
            .map(|(_, k, v)| (k.to_string(), v.to_value()))
            .collect()
    }
}

/// Rounds to `dp` decimals for output.
fn round_to(x: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    (x * f).round() / f
}

/// A feature's geometry, before rounding.
#[derive(Debug, Clone)]
pub enum Geom {
    /// A point.
    Point(Coord<f64>),
    /// A straight line between two points.
    Line(Coord<f64>, Coord<f64>),
    /// Polygons, already oriented the RFC 7946 way.
    Area(MultiPolygon<f64>),
}

impl Geom {
    /// RFC 7946 polygons: exterior counter-clockwise, holes clockwise.
    pub fn area(mp: &MultiPolygon<f64>) -> Self {
        Geom::Area(mp.orient(geo::orient::Direction::Default))
    }

    fn type_name(&self) -> &'static str {
        match self {
            Geom::Point(_) => "Point",
            Geom::Line(..) => "LineString",
            Geom::Area(mp) if mp.0.len() == 1 => "Polygon",
            Geom::Area(_) => "MultiPolygon",
        }
    }

    /// Calls `f` on every position, rounded as written.
    fn each(&self, f: &mut impl FnMut(f64, f64)) {
        let mut pos = |c: &Coord<f64>| f(round_to(c.x, 7), round_to(c.y, 7));
        match self {
            Geom::Point(c) => pos(c),
            Geom::Line(a, b) => {
                pos(a);
                pos(b);
            }
            Geom::Area(mp) => {
                for p in &mp.0 {
                    for c in &p.exterior().0 {
                        pos(c);
                    }
                    for r in p.interiors() {
                        for c in &r.0 {
                            pos(c);
                        }
                    }
                }
            }
        }
    }

    fn write(&self, buf: &mut Vec<u8>) {
        let pos = |buf: &mut Vec<u8>, c: &Coord<f64>| {
            buf.push(b'[');
            push_f64(buf, round_to(c.x, 7));
            buf.push(b',');
            push_f64(buf, round_to(c.y, 7));
            buf.push(b']');
        };
        let ring = |buf: &mut Vec<u8>, ls: &geo::LineString<f64>| {
            buf.push(b'[');
            for (i, c) in ls.0.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                pos(buf, c);
            }
            buf.push(b']');
        };
        let polygon = |buf: &mut Vec<u8>, p: &geo::Polygon<f64>| {
            buf.push(b'[');
            ring(buf, p.exterior());
            for r in p.interiors() {
                buf.push(b',');
                ring(buf, r);
            }
            buf.push(b']');
        };
        buf.extend_from_slice(b"{\"type\":\"");
        buf.extend_from_slice(self.type_name().as_bytes());
        buf.extend_from_slice(b"\",\"coordinates\":");
        match self {
            Geom::Point(c) => pos(buf, c),
            Geom::Line(a, b) => {
                buf.push(b'[');
                pos(buf, a);
                buf.push(b',');
                pos(buf, b);
                buf.push(b']');
            }
            Geom::Area(mp) if mp.0.len() == 1 => polygon(buf, &mp.0[0]),
            Geom::Area(mp) => {
                buf.push(b'[');
                for (i, p) in mp.0.iter().enumerate() {
                    if i > 0 {
                        buf.push(b',');
                    }
                    polygon(buf, p);
                }
                buf.push(b']');
            }
        }
        buf.push(b'}');
    }

    fn to_value(&self) -> Value {
        let pos = |c: &Coord<f64>| json!([json!(round_to(c.x, 7)), json!(round_to(c.y, 7))]);
        let ring = |ls: &geo::LineString<f64>| Value::Array(ls.0.iter().map(pos).collect());
        let polygon = |p: &geo::Polygon<f64>| {
            let mut rings = vec![ring(p.exterior())];
            rings.extend(p.interiors().iter().map(ring));
            Value::Array(rings)
        };
        let coordinates = match self {
            Geom::Point(c) => pos(c),
            Geom::Line(a, b) => json!([pos(a), pos(b)]),
            Geom::Area(mp) if mp.0.len() == 1 => polygon(&mp.0[0]),
            Geom::Area(mp) => Value::Array(mp.0.iter().map(polygon).collect()),
        };
        json!({"type": self.type_name(), "coordinates": coordinates})
    }
}

/// Writes one FeatureCollection feature by feature, collecting its [`Layer`].
pub struct LayerSink<'w> {
    w: &'w mut dyn Write,
    buf: Vec<u8>,
    layer: Layer,
}

impl<'w> LayerSink<'w> {
    /// Writes the collection's head.
    pub fn begin(w: &'w mut dyn Write, name: &str) -> std::io::Result<Self> {
        let mut buf = Vec::with_capacity(4096);
        buf.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"name\":");
        push_json_str(&mut buf, name);
        buf.extend_from_slice(b",\"features\":[\n");
        w.write_all(&buf)?;
        Ok(Self {
            w,
            buf,
            layer: Layer::new(name),
        })
    }

    fn open(&mut self, id: &str) {
        self.buf.clear();
        if !self.layer.is_empty() {
            self.buf.extend_from_slice(b",\n");
        }
        self.buf.extend_from_slice(b"{\"type\":\"Feature\",\"id\":");
        push_json_str(&mut self.buf, id);
        self.buf.extend_from_slice(b",\"properties\":");
    }

    fn close(
        &mut self,
        id: &str,
        geom: &Geom,
        props: impl FnOnce() -> Map<String, Value>,
        status: &str,
        gain: Option<(&str, u64)>,
    ) -> std::io::Result<()> {
        self.buf.extend_from_slice(b",\"geometry\":");
        geom.write(&mut self.buf);
        self.buf.push(b'}');
        self.w.write_all(&self.buf)?;
        let mut n = 0;
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        geom.each(&mut |x, y| {
            n += 1;
            if x.is_finite() && y.is_finite() {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        });
        let point = match geom {
            Geom::Point(c) => Some((round_to(c.x, 7), round_to(c.y, 7))),
            _ => None,
        };
        self.layer.record(
            Some(geom.type_name()),
            (b[0] <= b[2]).then_some(b),
            n,
            point,
            status,
            gain,
            || {
                let mut f = Map::with_capacity(4);
                f.insert("type".into(), Value::String("Feature".into()));
                f.insert("id".into(), Value::String(id.into()));
                f.insert("properties".into(), Value::Object(props()));
                f.insert("geometry".into(), geom.to_value());
                Value::Object(f)
            },
        );
        Ok(())
    }

    /// Writes a feature with `props`.
    pub fn feature(&mut self, id: &str, props: &Props, geom: &Geom) -> std::io::Result<()> {
        self.open(id);
        props.write(&mut self.buf);
        let status = props.get("status").and_then(Val::as_str).unwrap_or("");
        let gain = match (
            props.get("rule").and_then(Val::as_str),
            props.get("population_covered"),
        ) {
            (Some(r), Some(Val::U64(n))) => Some((r, *n)),
            _ => None,
        };
        self.close(id, geom, || props.to_map(), status, gain)
    }

    /// Writes a feature whose properties are `value` serialised (a struct's
    /// fields in order), then `extra` set over them as `Map::insert` would.
    /// `status` and `gain` are what the struct holds of the feature's `status`
    /// and (`rule`, `population_covered`), for the layer's summary.
    pub fn feature_of<T: serde::Serialize>(
        &mut self,
        id: &str,
        value: &T,
        extra: &[(&str, Val)],
        geom: &Geom,
        (status, gain): (&str, Option<(&str, u64)>),
    ) -> std::io::Result<()> {
        self.open(id);
        let start = self.buf.len();
        serde_json::to_writer(&mut self.buf, value).map_err(std::io::Error::other)?;
        if !extra.is_empty() {
            let needles: Vec<Vec<u8>> = extra
                .iter()
                .map(|(k, _)| {
                    let mut needle = Vec::with_capacity(k.len() + 3);
                    push_json_str(&mut needle, k);
                    needle.push(b':');
                    needle
                })
                .collect();
            let body = &self.buf[start..];
            let present = needles
                .iter()
                .any(|n| body.windows(n.len()).any(|w| w == n.as_slice()));
            let distinct = extra
                .iter()
                .enumerate()
                .all(|(i, (k, _))| extra[..i].iter().all(|(j, _)| j != k));
            if body.last() == Some(&b'}') && !present && distinct {
                // New keys go at the end, as `insert` puts them.
                self.buf.pop();
                for (needle, (_, v)) in needles.iter().zip(extra) {
                    if self.buf.len() > start + 1 {
                        self.buf.push(b',');
                    }
                    self.buf.extend_from_slice(needle);
                    v.write(&mut self.buf);
                }
                self.buf.push(b'}');
            } else {
                // A key may be there already: through a map, replaced in place.
                let mut map = to_map(value)?;
                for (k, v) in extra {
                    map.insert((*k).to_owned(), v.to_value());
                }
                self.buf.truncate(start);
                serde_json::to_writer(&mut self.buf, &map).map_err(std::io::Error::other)?;
            }
        }
        let map_of = || -> Map<String, Value> {
            let mut map = to_map(value).unwrap_or_default();
            for (k, v) in extra {
                map.insert((*k).to_owned(), v.to_value());
            }
            map
        };
        self.close(id, geom, map_of, status, gain)
    }

    /// Writes the collection's tail; returns the layer's metadata.
    pub fn finish(mut self) -> std::io::Result<Layer> {
        self.w.write_all(b"\n]}\n")?;
        self.layer.seal();
        Ok(self.layer)
    }
}

fn to_map<T: serde::Serialize>(value: &T) -> std::io::Result<Map<String, Value>> {
    match serde_json::to_value(value).map_err(std::io::Error::other)? {
        Value::Object(m) => Ok(m),
        _ => Err(std::io::Error::other(
            "properties must serialise to an object",
        )),
    }
}

/// A field name from a rule id: `health-band-island` → `health_band_island`.
fn field(rule_id: &str) -> String {
    rule_id.replace(['-', '.', ' '], "_")
}

fn add_provenance<'a>(props: &mut Props<'a>, prov: &'a Provenance) {
    for (k, v) in &prov.0 {
        if props.contains_key(k) {
            props.insert(format!("input_{k}"), v);
        } else {
            props.insert(k.as_str(), v);
        }
    }
}

fn islands_layer(o: &Outcome, index: &SubjectIndex, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let keys: Vec<String> = o.policy.rules.iter().map(|r| field(&r.id)).collect();
    let suffixed = |k: usize, s: &str| format!("{}_{s}", keys[k]);
    let mut p = Props::new();
    for (i, island) in world.islands.iter().enumerate() {
        p.clear();
        p.insert("id", &island.id.0);
        p.insert("name", &island.name);
        p.insert("name_zh", &island.name_zh);
        p.insert("town", &island.town);
        p.insert("population", island.population);
        let mut gaps = Vec::new();
        for f in index.by_island[i].iter().map(|&k| &o.findings[k]) {
            let rule = &o.policy.rules[f.rule];
            p.insert(
                keys[f.rule].as_str(),
                crate::coverage::status_name(&f.status),
            );
            if let (RuleKind::Band { bands, .. }, Some(b)) = (&rule.kind, f.band) {
                p.insert(suffixed(f.rule, "band"), bands[b].label());
                p.insert(
                    suffixed(f.rule, "clause"),
                    bands[b]
                        .clause
                        .clone()
                        .unwrap_or_else(|| rule.clause.clone()),
                );
                p.insert(suffixed(f.rule, "required"), f.required.as_deref());
                p.insert(suffixed(f.rule, "found"), f.found.as_deref());
            }
            if let Status::Pending(r) | Status::Relocated(r) | Status::Candidate(r) = &f.status {
                p.insert(suffixed(f.rule, "to"), &world.islands[r.to].id.0);
            }
            if f.status == Status::Gap {
                gaps.push(rule.id.as_str());
            }
        }
        p.insert("gaps", gaps.len());
        p.insert("gap_rules", gaps.join(","));
        add_provenance(&mut p, &island.provenance);
        let geometry = match &island.outline {
            Some(mp) => Geom::area(mp),
            None => Geom::Point(island.point),
        };
        sink.feature(&island.id.0, &p, &geometry)?;
    }
    Ok(())
}

fn settlements_layer(
    o: &Outcome,
    index: &SubjectIndex,
    sink: &mut LayerSink,
) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let family_reach: Vec<(&String, &[Reach], bool)> = match &o.travel {
        Some(t) => o
            .policy
            .families
            .keys()
            .filter_map(|family| {
                let reach = t.get(&t.default_profile, family, 0)?;
                Some((family, reach, family_in_data(&o.policy, world, family)))
            })
            .collect(),
        None => Vec::new(),
    };
    let family_keys: Vec<[String; 3]> = family_reach
        .iter()
        .map(|(f, ..)| {
            [
                format!("{f}_min"),
                format!("{f}_facility"),
                format!("{f}_reach"),
            ]
        })
        .collect();
    let keys: Vec<String> = o.policy.rules.iter().map(|r| field(&r.id)).collect();
    let reached_keys: Vec<String> = keys.iter().map(|k| format!("{k}_reached_pct")).collect();
    let mut p = Props::new();
    let mut mine_all = Vec::new();
    for (s, st) in world.settlements.iter().enumerate() {
        p.clear();
        p.insert("id", &st.id.0);
        p.insert("name", &st.name);
        p.insert("name_zh", &st.name_zh);
        p.insert("island", &st.island.0);
        p.insert("island_assignment", st.island_assignment.describe());
        p.insert("kind", st.kind.name());
        p.insert("village_code", st.village_code.as_deref());
        if !st.codes.is_empty() {
            p.insert("codes", st.codes.join(","));
        }
        p.insert("population", st.population);
        p.insert("elderly", st.elderly);
        p.insert(
            "territory",
            st.territory.as_ref().map(|t| t.method.as_str()),
        );
        for ((_, reach, in_data), [k_min, k_fac, k_reach]) in family_reach.iter().zip(&family_keys)
        {
            let (minutes, facility, text): (Val, Val, &str) = match reach[s] {
                Reach::Reachable { minutes, facility } => (
                    round_to(minutes, 1).into(),
                    (&world.facilities[facility].id.0).into(),
                    "reachable",
                ),
                // No facility of the family anywhere in the data: not a finding.
                Reach::Unreachable if !in_data => (Val::Null, Val::Null, "no data"),
                Reach::Unreachable => (Val::Null, Val::Null, "unreachable"),
            };
            p.insert(k_min.as_str(), minutes);
            p.insert(k_fac.as_str(), facility);
            p.insert(k_reach.as_str(), text);
        }
        let mut gaps: Vec<&str> = Vec::new();
        index.of_settlement(s, &mut mine_all);
        for f in mine_all.iter().map(|&k| &o.findings[k]) {
            let mine = matches!(
                f.subject,
                SubjectRef::Settlement(_) | SubjectRef::Village(_)
            );
            let rule = &o.policy.rules[f.rule];
            if mine {
                p.insert(
                    keys[f.rule].as_str(),
                    crate::coverage::status_name(&f.status),
                );
                if let Some(share) = f.reached_share {
                    p.insert(reached_keys[f.rule].as_str(), round_to(share * 100.0, 1));
                }
            }
            if f.status == Status::Gap {
                gaps.push(&rule.id);
            }
            match f.status {
                Status::Pending(_) | Status::Candidate(_) => {
                    p.insert("relocation", &rule.id);
                }
                Status::Relocated(_) => {
                    p.insert("relocated", &rule.id);
                }
                _ => {}
            }
        }
        let status = if p.contains_key("relocation") {
            "relocate"
        } else if p.contains_key("relocated") {
            "relocated"
        } else if gaps.is_empty() {
            "served"
        } else {
            "gap"
        };
        p.insert("status", status);
        p.insert("gaps", gaps.len());
        p.insert("gap_rules", gaps.join(","));
        add_provenance(&mut p, &st.provenance);
        sink.feature(&st.id.0, &p, &Geom::Point(st.point))?;
    }
    Ok(())
}

fn facilities_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let mut p = Props::new();
    for f in &o.dataset.world.facilities {
        let family = o
            .policy
            .families
            .iter()
            .find(|(_, kinds)| kinds.contains(&f.kind));
        p.clear();
        p.insert("id", &f.id.0);
        p.insert("name", &f.name);
        p.insert("name_zh", &f.name_zh);
        p.insert("kind", &f.kind);
        p.insert("kind_zh", o.policy.name_zh(&f.kind));
        p.insert("family", family.map(|(name, _)| name));
        p.insert(
            "tier",
            family
                .and_then(|(_, kinds)| kinds.iter().position(|k| k == &f.kind))
                .map(|t| t + 1),
        );
        p.insert("status", f.status.name());
        p.insert("island", &f.island.0);
        p.insert("island_assignment", f.island_assignment.describe());
        p.insert("settlement", f.settlement.as_ref().map(|s| &s.0));
        p.insert("capacity", f.capacity);
        p.insert("staff", f.staff);
        add_provenance(&mut p, &f.provenance);
        sink.feature(&f.id.0, &p, &Geom::Point(f.point))?;
    }
    Ok(())
}

fn gaps_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    for g in &o.coverage.gaps {
        sink.feature_of(&g.id, g, &[], &Geom::Point(g.point), ("", None))?;
    }
    Ok(())
}

fn relocations_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let mut features: Vec<(&str, Props, Geom)> = Vec::new();
    let point_of = |island: usize, settlement: Option<usize>| {
        settlement.map_or(world.islands[island].point, |s| world.settlements[s].point)
    };
    for r in &o.coverage.relocations {
        let from = &world.islands[r.from];
        let to = r.to.map(|t| &world.islands[t]);
        let mut p = Props::new();
        p.insert("id", &from.id.0);
        p.insert("island", &from.id.0);
        p.insert("name", &from.name);
        p.insert("name_zh", &from.name_zh);
        p.insert("status", r.status);
        p.insert("residents", r.population);
        p.insert(
            "from_settlement",
            r.from_settlement.map(|s| &world.settlements[s].id.0),
        );
        p.insert("to", to.map(|t| &t.id.0));
        p.insert("to_name", to.map(|t| &t.name));
        p.insert("to_name_zh", to.map(|t| &t.name_zh));
        p.insert(
            "to_settlement",
            r.to_settlement.map(|s| &world.settlements[s].id.0),
        );
        p.insert("distance_m", r.distance_m.map(|d| round_to(d, 0)));
        p.insert("minutes", r.minutes.map(|m| round_to(m, 1)));
        p.insert("basis", &r.basis);
        p.insert("assumption", r.assumption.as_deref());
        p.insert("rule", &r.rule);
        p.insert("clause", &r.clause);
        let geometry = match r.to {
            Some(t) => Geom::Line(
                point_of(r.from, r.from_settlement),
                point_of(t, r.to_settlement),
            ),
            None => Geom::Point(point_of(r.from, r.from_settlement)),
        };
        features.push((&from.id.0, p, geometry));
    }
    // Moves no consolidation rule records (no such rule in the rules file).
    for m in o
        .moves
        .iter()
        .filter(|m| !o.coverage.relocations.iter().any(|r| r.from == m.island))
    {
        let from = &world.islands[m.island];
        let dest = &world.settlements[m.to];
        let to = world.island(&dest.island);
        let mut p = Props::new();
        p.insert("id", &from.id.0);
        p.insert("island", &from.id.0);
        p.insert("name", &from.name);
        p.insert("name_zh", &from.name_zh);
        p.insert("status", "relocated");
        p.insert("residents", m.residents);
        p.insert("from_settlement", Val::Null);
        p.insert("to", &dest.island.0);
        p.insert("to_name", to.map(|t| &t.name));
        p.insert("to_name_zh", to.map(|t| &t.name_zh));
        p.insert("to_settlement", &dest.id.0);
        let d = crate::projection::distance_m(
            o.dataset.projection.forward(from.point),
            o.dataset.projection.forward(dest.point),
        );
        p.insert("distance_m", round_to(d, 0));
        p.insert("minutes", Val::Null);
        p.insert(
            "basis",
            format!("relocated by scenario edit ({})", m.origin),
        );
        p.insert("assumption", Val::Null);
        p.insert("rule", "edit:relocate");
        p.insert("clause", m.clause.as_deref());
        features.push((&from.id.0, p, Geom::Line(from.point, dest.point)));
    }
    features.sort_by(|a, b| a.0.cmp(b.0));
    for (id, p, g) in &features {
        sink.feature(id, p, g)?;
    }
    Ok(())
}

/// One feature per facility × threshold: the land reached, in lon/lat (RFC 7946 winding).
/// Areas with no land (a facility off every outline it could reach) are left out; the
/// summary counts them.
fn service_areas_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let mut p = Props::new();
    for a in o.service_areas.iter().filter(|a| !a.area.0.is_empty()) {
        let fac = &world.facilities[a.facility];
        let id = format!("{}@{}min-{}", fac.id.0, a.minutes, a.profile);
        p.clear();
        p.insert("id", id.clone());
        p.insert("facility", &fac.id.0);
        p.insert("kind", &fac.kind);
        p.insert("island", &fac.island.0);
        p.insert("minutes", a.minutes);
        p.insert("profile", &a.profile);
        p.insert("rules", a.rules.join(","));
        p.insert("area_km2", round_to(a.area_km2, 3));
        let lonlat = o.dataset.projection.inverse_multipolygon(&a.area);
        sink.feature(&id, &p, &Geom::area(&lonlat))?;
    }
    Ok(())
}

/// One feature per proposed facility (see [`crate::propose`]).
fn proposed_layer(o: &Outcome, sink: &mut LayerSink) -> std::io::Result<()> {
    for p in &o.proposals.sites {
        sink.feature_of(
            &p.id,
            p,
            &[("kind_zh", Val::from(o.policy.name_zh(&p.kind)))],
            &Geom::Point(p.point),
            ("", Some((&p.rule, p.population_covered))),
        )?;
    }
    Ok(())
}

/// `summary.json`: rule-by-rule figures, totals, inputs, rejections and warnings.
pub fn summary(o: &Outcome) -> String {
    let world = &o.dataset.world;
    let c = o.dataset.projection.center();
    let population: u64 = world.settlements.iter().map(|s| s.population).sum();
    let island_population: u64 = world.islands.iter().map(|i| i.population).sum();
    let estimated = |p: &crate::model::Provenance| {
        p.0.iter().any(|(k, v)| {
            k == "population_method" && v.as_str().is_some_and(|m| m.starts_with("estimate"))
        })
    };
    let single: Vec<&crate::model::Settlement> = world
        .settlements
        .iter()
        .filter(|s| s.territory.is_none() && s.population > 0)
        .collect();
    let value = json!({
        "tool": "isleplan",
        "version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": o.scenario.name,
            "title": o.scenario.title,
            "file": o.scenario.path.display().to_string(),
            "year": o.scenario.year,
            "dataset": o.scenario.dataset.display().to_string(),
            "rules": o.scenario.rules.display().to_string(),
        },
        "projection": {
            "method": "transverse Mercator on WGS84",
            "lon_0": c.x,
            "lat_0": c.y,
        },
        "inputs": o.dataset.inputs,
        "totals": {
            "islands": world.islands.len(),
            "settlements": world.settlements.len(),
            "facilities": world.facilities.len(),
            "links": world.links.len(),
            "population_settlements": population,
            "population_islands": island_population,
            "settlements_with_territory": world.settlements.iter().filter(|s| s.territory.is_some()).count(),
            "coarse": {
                "settlements": single.len(),
                "population": single.iter().map(|s| s.population).sum::<u64>(),
                "areas": single.iter().filter(|s| s.kind == crate::model::SettlementKind::Area).count(),
            },
            "estimated_population": {
                "settlements": world.settlements.iter().filter(|s| estimated(&s.provenance)).count(),
                "islands": world.islands.iter().filter(|i| estimated(&i.provenance)).count(),
            },
            "gaps": o.coverage.gaps.len(),
            "relocations": o.coverage.relocations.len(),
            "rejected": o.dataset.diagnostics.rejected.len(),
            "warnings": o.dataset.diagnostics.warnings.len(),
        },
        "rules": o.coverage.rules,
        "travel": travel_summary(o),
        "proposals": {
            "sites": o.proposals.sites.len(),
            "rule_placements": o.proposals.sites.iter().filter(|p| p.solver_status == "rule placement").count(),
            "coverage": o.proposals.gains,
        },
        "relocations": o.coverage.relocations.iter().map(|r| json!({
            "island": world.islands[r.from].id.0,
            "status": r.status,
            "from_settlement": r.from_settlement.map(|s| &world.settlements[s].id.0),
            "to": r.to.map(|t| &world.islands[t].id.0),
            "to_settlement": r.to_settlement.map(|s| &world.settlements[s].id.0),
            "residents": r.population,
            "distance_m": r.distance_m.map(|d| d.round()),
            "minutes": r.minutes,
            "basis": r.basis,
            "assumption": r.assumption,
            "clause": r.clause,
        })).collect::<Vec<_>>(),
        "rejected": o.dataset.diagnostics.rejected,
        "warnings": o.dataset.diagnostics.warnings,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// Writes a comparison: `compare.json`, `compare.csv`, `compare.md` and the diff
/// layers `diff_facilities.geojson` and `diff_settlements.geojson`.
pub fn write_comparison(c: &crate::compare::Comparison, out: &OutputDir) -> Result<Vec<PathBuf>> {
    Ok(write_comparison_layers(c, out)?.0)
}

/// [`write_comparison`], also returning the diff layers' metadata (for their
/// styles, the project and the report). Every file is streamed.
pub fn write_comparison_layers(
    c: &crate::compare::Comparison,
    out: &OutputDir,
) -> Result<(Vec<PathBuf>, Vec<Layer>)> {
    let mut written = vec![out.write_with("compare.json", |w| {
        serde_json::to_writer_pretty(&mut *w, c).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?];
    written.push(out.write("compare.csv", crate::output::compare::csv(c).as_bytes())?);
    written.push(out.write("compare.md", crate::output::compare::markdown(c).as_bytes())?);
    let mut layers = Vec::new();
    for name in ["diff_facilities", "diff_settlements"] {
        let mut got = None;
        written.push(out.write_with(&format!("{name}.geojson"), |w| {
            got = Some(diff_layer(c, name, w)?);
            Ok(())
        })?);
        layers.push(got.expect("a layer written has its metadata"));
    }
    Ok((written, layers))
}

/// The files of a comparison, by name, as text in memory (see [`write_comparison`]).
pub fn comparison_files(c: &crate::compare::Comparison) -> Vec<(&'static str, String)> {
    let mut json_text = serde_json::to_string_pretty(c).expect("comparisons serialise");
    json_text.push('\n');
    let text = |name: &str| {
        let mut bytes = Vec::new();
        diff_layer(c, name, &mut bytes).expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("JSON is UTF-8")
    };
    vec![
        ("compare.json", json_text),
        ("compare.csv", crate::output::compare::csv(c)),
        ("compare.md", crate::output::compare::markdown(c)),
        ("diff_facilities.geojson", text("diff_facilities")),
        ("diff_settlements.geojson", text("diff_settlements")),
    ]
}

/// Writes the diff layer `name` (`diff_facilities` or `diff_settlements`).
fn diff_layer(
    c: &crate::compare::Comparison,
    name: &str,
    w: &mut dyn Write,
) -> std::io::Result<Layer> {
    let mut sink = LayerSink::begin(w, name)?;
    if name == "diff_facilities" {
        let pos = |c: Option<Coord<f64>>| {
            c.map_or(Val::Null, |c| {
                Val::Value(json!([json!(round_to(c.x, 7)), json!(round_to(c.y, 7))]))
            })
        };
        for f in &c.facilities {
            let Some(at) = f.after.or(f.before) else {
                continue;
            };
            sink.feature_of(
                &f.id,
                f,
                &[
                    ("before_lonlat", pos(f.before)),
                    ("after_lonlat", pos(f.after)),
                ],
                &Geom::Point(at),
                ("", None),
            )?;
        }
    } else {
        for s in &c.settlements {
            sink.feature_of(&s.id, s, &[], &Geom::Point(s.point), ("", None))?;
        }
    }
    sink.finish()
}

/// The travel settings used and every decision about links, for `summary.json`.
fn travel_summary(o: &Outcome) -> Value {
    let (Some(settings), Some(times)) = (&o.policy.travel, &o.travel) else {
        return json!({
            "note": "the rules file has no [travel] section: no travel minutes, no access or share rules",
        });
    };
    let profiles: Map<String, Value> = settings
        .profiles
        .iter()
        .map(|(name, p)| {
            (
                name.clone(),
                json!({"speed_kmh": p.speed_kmh, "detour": p.detour, "note": p.note}),
            )
        })
        .collect();
    let empty = o
        .service_areas
        .iter()
        .filter(|a| a.area.0.is_empty())
        .count();
    json!({
        "default_profile": settings.default_profile,
        "profiles_used": times.networks.keys().collect::<Vec<_>>(),
        "profiles": profiles,
        "ferry": {
            "wait": "half the headway; headway = service span / (departures - 1), or 1440 / departures below 2 a day",
            "default_service_span_min": settings.ferry.default_service_span_min,
            "departures_if_unknown": settings.ferry.departures_if_unknown,
        },
        "on_island": "straight-line metres x detour / speed (roads.geojson is not used)",
        "hubs": times.networks.get(&settings.default_profile).map_or(0, |n| n.hubs.len()),
        "link_notes": times.notes(),
        "service_areas": o.service_areas.len() - empty,
        "service_areas_empty": empty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: [&str; 10] = [
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        "\u{0}\u{1}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1b}\u{1f} controls",
        "del \u{7f} and nbsp \u{a0}",
        "普陀区 桃花岛 二(二)5b",
        "emoji 🏝️⛴️ and 𝄞",
        "line\nbreak\r\ttab",
        "\u{2028}\u{2029} separators",
        "\"\"\\\\\"",
    ];

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in TRICKY {
            let mut buf = Vec::new();
            push_json_str(&mut buf, s);

            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
        for b in 0u8..0x80 {
            let s = (b as char).to_string();
            let mut buf = Vec::new();
            push_json_str(&mut buf, &s);
            assert_eq!(buf, serde_json::to_vec(&s).unwrap(), "byte {b:#x}");
        }
    }

    #[test]
    fn numbers_are_written_as_json_macro_values_serialise() {
        let floats = [
            0.0,
            -0.0,
            0.1,
            1.0,
            122.123_456_7,
            -33.5,
            1e21,
            1e-7,
            123_456_789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
        ];
        for x in floats {
            let mut buf = Vec::new();
            Val::from(x).write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&json!(x)).unwrap(), "{x}");
            assert_eq!(Val::from(x).to_value(), json!(x));
        }
        for (v, expected) in [
            (Val::from(u64::MAX), json!(u64::MAX)),
            (Val::from(i64::MIN), json!(i64::MIN)),
            (Val::from(7usize), json!(7usize)),
            (Val::from(-3i32), json!(-3i32)),
            (Val::from(None::<u64>), json!(null)),
            (Val::from(Some("x")), json!("x")),
            (Val::from(true), json!(true)),
        ] {
            let mut buf = Vec::new();
            v.write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&expected).unwrap());
            assert_eq!(v.to_value(), expected);
        }
    }

    #[test]
    fn props_replace_in_place_like_a_preserve_order_map() {
        let input = json!({"nested": [1, {"a": "b"}]});
        let mut p = Props::new();
        let mut m = Map::new();
        for (k, v) in [
            ("id", json!("a")),
            ("name", json!("甲")),
            ("status", json!("served")),
            ("id", json!("b")),
            ("extra", input.clone()),
            ("status", json!("gap")),
        ] {
            m.insert(k.to_owned(), v.clone());
            p.insert(k, Val::Value(v));
        }
        let mut buf = Vec::new();

        p.write(&mut buf);

        assert_eq!(buf, serde_json::to_vec(&m).unwrap());
        assert_eq!(p.to_map(), m);
        assert!(p.contains_key("extra") && !p.contains_key("Extra"));
        assert_eq!(p.get("status").and_then(Val::as_str), Some("gap"));
    }

    fn square(x: f64, y: f64, r: f64, hole: bool) -> geo::Polygon<f64> {
        let ring = |r: f64| {
            geo::LineString::from(vec![
                (x - r, y - r),
                (x + r, y - r),
                (x + r, y + r),
                (x - r, y + r),
                (x - r, y - r),
            ])
        };
        let holes = if hole { vec![ring(r / 2.0)] } else { vec![] };
        geo::Polygon::new(ring(r), holes)
    }

    #[test]
    fn geometries_are_written_as_their_values_serialise() {
        let a = Coord {
            x: 122.123_456_789,
            y: 30.000_000_04,
        };
        let b = Coord { x: -1.5, y: 2.0 };
        for g in [
            Geom::Point(a),
            Geom::Point(Coord {
                x: f64::NAN,
                y: 1.0,
            }),
            Geom::Line(a, b),
            Geom::area(&MultiPolygon(vec![square(122.0, 30.0, 0.1, true)])),
            Geom::area(&MultiPolygon(vec![
                square(122.0, 30.0, 0.1, false),
                square(123.0, 31.0, 0.2, true),
            ])),
        ] {
            let mut buf = Vec::new();
            g.write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&g.to_value()).unwrap(), "{g:?}");
        }
    }

    #[test]
    fn rfc7946_winding_matches_the_old_area_geometry() {
        // Clockwise exterior in: counter-clockwise out, as `orient` makes it.
        let cw = geo::Polygon::new(
            geo::LineString::from(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]),
            vec![],
        );
        let g = Geom::area(&MultiPolygon(vec![cw]));

        let v = g.to_value();

        assert_eq!(v["type"], "Polygon");
        assert_eq!(v["coordinates"][0][1], json!([1.0, 1.0]));
    }

    #[derive(serde::Serialize)]
    struct Thing {
        id: String,
        rule: String,
        population_covered: u64,
        minutes: Option<f64>,
    }

    #[test]
    fn struct_features_with_extra_keys_match_the_map_path() {
        let t = Thing {
            id: "t\"1".into(),
            rule: "r".into(),
            population_covered: 12,
            minutes: None,
        };
        let mut text = Vec::new();
        let mut sink = LayerSink::begin(&mut text, "things").unwrap();
        // A new key is appended; a key already there is replaced in place.
        sink.feature_of(
            &t.id,
            &t,
            &[("kind_zh", Val::from("卫生室"))],
            &Geom::Point(Coord { x: 1.0, y: 2.0 }),
            ("", Some((&t.rule, t.population_covered))),
        )
        .unwrap();
        sink.feature_of(
            &t.id,
            &t,
            &[("rule", Val::from("changed")), ("z", Val::Null)],
            &Geom::Point(Coord { x: 1.0, y: 2.0 }),
            ("", Some((&t.rule, t.population_covered))),
        )
        .unwrap();
        let layer = sink.finish().unwrap();

        let v: Value = serde_json::from_slice(&text).unwrap();
        let mut first = serde_json::to_value(&t).unwrap();
        first["kind_zh"] = json!("卫生室");
        assert_eq!(v["features"][0]["properties"], first);
        let keys: Vec<&String> = v["features"][1]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["id", "rule", "population_covered", "minutes", "z"]);
        assert_eq!(v["features"][1]["properties"]["rule"], "changed");
        assert_eq!(
            layer.features(),
            v["features"].as_array().unwrap().as_slice()
        );
        assert_eq!(layer.gains().get("r"), Some(&24));
    }

    #[test]
    fn the_sink_collects_what_a_parse_of_its_text_finds() {
        let mut text = Vec::new();
        let mut sink = LayerSink::begin(&mut text, "mixed").unwrap();
        let mut p = Props::new();
        for i in 0..5 {
            p.clear();
            p.insert("id", format!("f{i}"));
            p.insert("status", if i % 2 == 0 { "gap" } else { "served" });
            let g = if i == 4 {
                Geom::Line(Coord { x: 0.0, y: 0.0 }, Coord { x: 3.0, y: 4.0 })
            } else {
                Geom::Point(Coord {
                    x: f64::from(i),
                    y: -f64::from(i),
                })
            };
            sink.feature(&format!("f{i}"), &p, &g).unwrap();
        }
        let written = sink.finish().unwrap();

        let parsed = Layer::parse("mixed", std::str::from_utf8(&text).unwrap()).unwrap();

        for l in [&written, &parsed] {
            assert_eq!(l.len(), 5);
            assert_eq!(
                l.kinds(),
                vec![
                    crate::output::publish::GeomKind::Point,
                    crate::output::publish::GeomKind::Line
                ]
            );
            assert_eq!(l.bbox(), Some([0.0, -3.0, 3.0, 4.0]));
            assert!(l.is_complete());
            assert_eq!(l.geometry_types(), ["LineString", "Point"]);
        }
        assert_eq!(written.features(), parsed.features());
    }

    #[test]
    fn empty_layers_are_written_as_before() {
        let mut text = Vec::new();
        let layer = LayerSink::begin(&mut text, "gaps")
            .unwrap()
            .finish()
            .unwrap();

        assert_eq!(
            String::from_utf8(text).unwrap(),
            "{\"type\":\"FeatureCollection\",\"name\":\"gaps\",\"features\":[\n\n]}\n"
        );
        assert!(layer.is_empty() && layer.bbox().is_none());
    }
}
