//! The output folder, written atomically: every file goes to a temp file in the
//! folder and is synced; only when all of a run's files are staged are they renamed
//! over the old ones ([`OutputDir::commit`]). A failed run (disk full, say) leaves
//! every old file as it was; a killed run leaves each file either the old complete
//! one or the new complete one. Stale temp files from killed runs are swept first,
//! and a lock file keeps two runs from writing one folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// Writes one file atomically, outside any output folder (`isleplan optimize
/// --out`): a temp file beside `path`, created new (never through a file or link
/// already there), synced, then renamed over `path`, and the folder synced. A
/// reader sees the old file or the new one, never half.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result.json".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        ".{name}.{}-{nanos}{TMP_SUFFIX}",
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_file_replaces_the_file_whole_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.json");

        write_file(&path, b"old").unwrap();
        write_file(&path, b"new").unwrap();

        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["result.json"]);
    }

    /// A result path that is a link to another file replaces the link; the file it
    /// pointed to is left alone.
    #[cfg(unix)]
    #[test]
    fn write_file_never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, b"keep me").unwrap();
        let path = dir.path().join("result.json");
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();

        write_file(&path, b"result").unwrap();

        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&path).unwrap(), b"result");
        assert!(!std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
