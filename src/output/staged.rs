//! The output folder, replaced whole: a run writes every file into a new staging
//! folder beside the output folder, then swaps the two folders in one step
//! ([`OutputDir::finish`](crate::output::staged::OutputDir::finish)).
//!
//! What a reader can count on (Linux, the folder and its parent on one file system
//! that can swap two folders — ext4, XFS, Btrfs, tmpfs, F2FS):
//! - **at every instant `<out>` is one complete run**: the old folder or the new
//!   one, never a mix. The swap is `renameat2(RENAME_EXCHANGE)`, one atomic step;
//!   the folder never goes missing. A reader that opens several files one after
//!   the other across the instant of the swap gets some of each run; a reader that
//!   enters the folder first (`cd`, an open folder handle) keeps reading the one it
//!   entered until it leaves.
//! - **the user's other files stay**: everything in `<out>` that is not an
//!   isleplan file ([`is_output_name`](crate::output::staged::is_output_name)) is
//!   carried into the new folder before the swap: files (and FIFOs, sockets,
//!   devices) as hard links, links as links, folders rebuilt — nothing is copied,
//!   nothing is lost. A file the user adds to `<out>` while the run is committing
//!   stays in the old folder, which is then kept beside it and named.
//! - **a killed run** leaves `<out>` whole (old before the swap, new after it),
//!   and a folder `<out>.isleplan-new-<16 hex>` beside it (the half-written run,
//!   or the old folder being removed). The next run removes it: isleplan's files
//!   and entries that are the same as in `<out>` (hard links it made), nothing
//!   else. A stale lock is taken over: the lock is an OS lock, released when its
//!   process dies.
//! - **a failed run** (disk full, say) leaves `<out>` untouched.
//! - **the files of an earlier run that this one does not write** (a GeoPackage
//!   after a GeoJSON run, say) are left out of the new folder, and counted.
//!
//! When the folder cannot be swapped — its parent cannot hold a staging folder
//! (not writable, or the folder is the root), it is a mount point, its file system
//! has no `RENAME_EXCHANGE` (NFS, for one), it holds more than 10,000 other
//! entries or folders more than 64 deep, or the system is not Linux — the files
//! are renamed into place one by one from the staging folder (beside or inside
//! `<out>`): each file whole, but a reader during those renames (or after a kill
//! among them, until the next run) may see new and old files side by side.
//! [`Committed::fallback`](crate::output::staged::Committed::fallback) says why.
//!
//! Writes never go through a link: the lock is created new or opened with
//! `O_NOFOLLOW` (a link at its name is removed, never followed); staging folders
//! are created new and private; renames replace a link at the target, never what
//! it points to. An output folder that holds an input of the run, or whose
//! isleplan files are inputs (through links or hard links, compared by device and
//! inode), is refused before any work.

use std::cell::RefCell;
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::layer::{GPKG_FILE, LAYERS, PROJECT_FILE, REPORT_FILE};

/// Suffix of temp files (`optimize --out`, and earlier isleplan versions).
const TMP_SUFFIX: &str = ".isleplan-tmp";

/// Lock file name inside an output folder.
const LOCK: &str = ".isleplan.lock";

/// What a lock file of this version holds after the pid: a lock file without it
/// (a bare pid) was written by an earlier isleplan, which took no OS lock.
const LOCK_TAG: &str = "isleplan-flock";

/// Infix of staging folders: `<out>.isleplan-new-<hex>` beside the folder, or
/// `.isleplan-new-<hex>` inside it.
const STAGE: &str = ".isleplan-new-";

/// At most this many entries of the user's are carried into the new folder;
/// beyond, files are renamed one by one.
const MAX_CARRIED: usize = 10_000;

/// Deepest folder of the user's carried into the new folder.
const MAX_DEPTH: usize = 64;

/// Files a run or a comparison writes besides the layers and their styles.
const OTHER_OUTPUTS: [&str; 5] = [
    "summary.json",
    "rules.csv",
    "compare.json",
    "compare.csv",
    "compare.md",
];

/// The layers a comparison writes (beside `islands`, one of [`LAYERS`]).
const DIFF_LAYERS: [&str; 6] = [
    "diff_facilities",
    "diff_settlements",
    "a_settlements",
    "a_facilities",
    "b_settlements",
    "b_facilities",
];

/// The layers a run writes only when its rules ask for them (a merge rule, a
/// round rule): a later run without those rules removes them.
const PLAN_LAYERS: [&str; 2] = ["closures", "rounds"];

/// Whether `name` is a file a run or a comparison can write in its folder — every
/// layer's `.geojson` and `.qml`, `isleplan.gpkg`, `isleplan.qgs`, `report.html`,
/// `summary.json` and the comparison's files: the files a run owns there. A run
/// replaces those it writes and removes the others; it never touches any other
/// file.
pub fn is_output_name(name: &str) -> bool {
    if [GPKG_FILE, PROJECT_FILE, REPORT_FILE].contains(&name) || OTHER_OUTPUTS.contains(&name) {
        return true;
    }
    name.strip_suffix(".geojson")
        .or_else(|| name.strip_suffix(".qml"))
        .is_some_and(|stem| {
            LAYERS.contains(&stem) || DIFF_LAYERS.contains(&stem) || PLAN_LAYERS.contains(&stem)
        })
}

/// Whether `name`, at the top of an output or staging folder, is isleplan's own:
/// an output, the lock, a temp or scratch file, the GeoPackage's SQLite journal.
fn is_ours(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    is_output_name(name)
        || name == LOCK
        || name.contains(TMP_SUFFIX)
        || ["-journal", "-wal", "-shm"]
            .iter()
            .any(|s| name.strip_suffix(s) == Some(GPKG_FILE))
}

/// Whether `name` is a staging folder inside an output folder.
fn is_inner_stage(name: &OsStr) -> bool {
    name.as_encoded_bytes()
        .strip_prefix(STAGE.as_bytes())
        .is_some_and(is_hex16)
}

/// Whether `name` is a staging folder beside the output folder named `base`.
fn is_stage_of(base: &OsStr, name: &OsStr) -> bool {
    name.as_encoded_bytes()
        .strip_prefix(base.as_encoded_bytes())
        .and_then(|rest| rest.strip_prefix(STAGE.as_bytes()))
        .is_some_and(is_hex16)
}

fn is_hex16(s: &[u8]) -> bool {
    s.len() == 16 && s.iter().all(u8::is_ascii_hexdigit)
}

/// 16 hex digits, different in every call and every process.
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016x}", h.finish())
}

/// A file's identity: (device, inode) on Unix; elsewhere a hash of its resolved
/// path (hard links are then not recognised).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Id(u64, u64);

#[cfg(unix)]
fn id_of(meta: &std::fs::Metadata, _path: &Path) -> Id {
    use std::os::unix::fs::MetadataExt;
    Id(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn id_of(_meta: &std::fs::Metadata, path: &Path) -> Id {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.canonicalize()
        .unwrap_or_else(|_| path.to_owned())
        .hash(&mut h);
    Id(0, h.finish())
}

/// The identity of what `path` names, following links.
fn identity(path: &Path) -> Option<Id> {
    std::fs::metadata(path).ok().map(|m| id_of(&m, path))
}

/// The identity of `path` itself (a link is not followed).
fn link_identity(path: &Path) -> Option<Id> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| id_of(&m, path))
}

/// Whether `a` and `b` name the same file (following links: a link and what it
/// points to are the same file, and so are two hard links). False when either
/// does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((identity(a), identity(b)), (Some(x), Some(y)) if x == y)
}

/// Whether two folders' metadata are on one file system.
#[cfg(unix)]
fn same_device(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
}

#[cfg(not(unix))]
fn same_device(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// Syncs a folder (its entries' names); not every platform can.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Creates `dir` new (never an existing folder or link), readable by its owner only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Opens an existing file for reading without following a link at its name
/// (`O_NOFOLLOW`; a FIFO does not block the open).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(std::fs::File::from(fd))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a link"));
    }
    std::fs::File::open(path)
}

/// Takes the OS advisory lock on `file` without waiting: false when another
/// open file holds it.
#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(unix))]
#[allow(clippy::incompatible_msrv)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Swaps the entries `a` and `b` in one atomic step.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)?)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "this system cannot swap two folders",
    ))
}

/// Whether this system can swap two folders at all.
const CAN_SWAP: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// The lock of an output folder: `.isleplan.lock`, a plain file holding the pid,
/// with an OS advisory lock (`flock`) on it for as long as the run lives.
///
/// A lock whose OS lock is held means a live run; one whose OS lock is free is
/// stale by definition (the OS releases it when its process ends, even by
/// `SIGKILL`), and is removed while held and made anew — taking it and taking it
/// over are one atomic step each.
#[derive(Debug)]
struct Lock {
    /// Where the lock file is now (it moves with the old folder at the swap).
    path: PathBuf,
    id: Id,
    /// Holds the OS lock; dropped after the file is removed.
    _file: std::fs::File,
}

impl Lock {
    /// Takes the lock of folder `dir` (shown as `shown`), or says which run holds it.
    fn take(dir: &Path, shown: &Path) -> Result<Self> {
        let path = dir.join(LOCK);
        let io = |source| Error::Write {
            path: path.clone(),
            source,
        };
        for _ in 0..32 {
            let (mut file, created) = match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => (f, true),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    match std::fs::symlink_metadata(&path) {
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(io(e)),
                        // isleplan's lock is always a plain file: a link at its
                        // name is nobody's lock. The link goes; what it points
                        // to is never opened.
                        Ok(m) if m.file_type().is_symlink() => match std::fs::remove_file(&path) {
                            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                                return Err(io(e))
                            }
                            _ => continue,
                        },
                        Ok(m) if !m.is_file() => {
                            return Err(Error::Output {
                                path: shown.to_owned(),
                                problem: format!(
                                    "its `{LOCK}` is not a plain file, so it is not isleplan's lock"
                                ),
                                hint: Some(format!("remove `{}`", path.display())),
                            })
                        }
                        Ok(_) => {}
                    }
                    match open_no_follow(&path) {
                        Ok(f) => (f, false),
                        // Gone, or made a link since: look again.
                        Err(_) if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) => {
                            continue
                        }
                        Err(e) => return Err(io(e)),
                    }
                }
                Err(e) => return Err(io(e)),
            };
            let meta = file.metadata().map_err(io)?;
            if !meta.is_file() {
                continue;
            }
            if !try_lock(&file).map_err(io)? {
                return Err(busy(shown, read_pid(&mut file), None));
            }
            let id = id_of(&meta, &path);
            // The file at the path may have been removed (or replaced) between our
            // open and our lock, by the run that held it: then ours is a dead file.
            if link_identity(&path) != Some(id) {
                continue;
            }
            if !created {
                let mut text = String::new();
                let _ = Read::by_ref(&mut file).take(64).read_to_string(&mut text);
                if let Some(pid) = legacy_live_pid(&text) {
                    return Err(busy(shown, Some(pid), Some(&path)));
                }
                // Stale: its run is gone. Removed while we hold it; made anew next.
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                    _ => continue,
                }
            }
            file.write_all(format!("{} {LOCK_TAG}\n", std::process::id()).as_bytes())
                .map_err(io)?;
            return Ok(Self {
                path,
                id,
                _file: file,
            });
        }
        Err(Error::Output {
            path: shown.to_owned(),
            problem: format!("its `{LOCK}` keeps changing under this run"),
            hint: Some("another program is touching it: try again".into()),
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this), and only if it is
        // still ours: a run that finds it gone or new starts again.
        if link_identity(&self.path) == Some(self.id) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The pid at the start of a lock file.
fn read_pid(file: &mut std::fs::File) -> Option<u32> {
    use std::io::Seek;
    let mut text = String::new();
    file.seek(std::io::SeekFrom::Start(0)).ok()?;
    file.take(64).read_to_string(&mut text).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// A lock file of an earlier isleplan (a bare pid, no OS lock) naming a live
/// process: that run may still be writing.
fn legacy_live_pid(text: &str) -> Option<u32> {
    let pid: u32 = text.trim().parse().ok()?;
    (pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()).then_some(pid)
}

fn busy(shown: &Path, pid: Option<u32>, legacy: Option<&Path>) -> Error {
    let who = pid.map_or(String::new(), |p| format!(" (pid {p})"));
    Error::Output {
        path: shown.to_owned(),
        problem: format!("another run{who} is writing to it"),
        hint: Some(match legacy {
            None => "wait for it to finish (its lock ends with it, even if it is killed), or choose another folder with --out".into(),
            Some(lock) => format!(
                "its lock names a live process but holds no OS lock: an older isleplan, or not isleplan at all; if that process is not writing here, remove `{}`",
                lock.display()
            ),
        }),
    }
}

/// A file the run reads, by identity.
#[derive(Debug, Clone)]
struct Input {
    id: Id,
    path: PathBuf,
}

/// The files among `inputs`, and the files directly inside the folders among
/// them (a dataset's layers), following links.
fn input_files(inputs: &[&Path]) -> Vec<Input> {
    let mut files = Vec::new();
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            continue;
        };
        if meta.is_file() {
            files.push(Input {
                id: id_of(&meta, input),
                path: input.to_path_buf(),
            });
        } else if meta.is_dir() {
            for entry in std::fs::read_dir(input).into_iter().flatten().flatten() {
                let path = entry.path();
                if let Ok(m) = std::fs::metadata(&path) {
                    if m.is_file() {
                        files.push(Input {
                            id: id_of(&m, &path),
                            path,
                        });
                    }
                }
            }
        }
    }
    files
}

/// Refuses an output folder (identity `real`) that is an input folder, holds an
/// input file, or holds one further down — by identity, so a link or a bind
/// mount is no way round it.
fn refuse_folder_holding_inputs(shown: &Path, real: Id, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            continue;
        };
        let resolved = input.canonicalize().unwrap_or_else(|_| input.to_path_buf());
        // The folders above the input as it resolves, the input itself if it is a
        // folder, and the folder it is named in (which may hold a link to it).
        let mut holders: Vec<PathBuf> = resolved.ancestors().map(Path::to_owned).collect();
        if meta.is_file() {
            holders.push(match input.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                _ => PathBuf::from("."),
            });
        }
        if holders.iter().any(|h| identity(h) == Some(real)) {
            return Err(Error::Output {
                path: shown.to_owned(),
                problem: format!("it holds an input of this run (`{}`)", resolved.display()),
                hint: Some("choose another folder with --out".into()),
            });
        }
    }
    Ok(())
}

/// Refuses an output folder whose isleplan files (those a run replaces or
/// removes) are inputs of the run — a link or a hard link to a layer, say — or
/// are folders.
fn refuse_outputs_that_are_inputs(shown: &Path, real: &Path, inputs: &[Input]) -> Result<()> {
    let entries = std::fs::read_dir(real).map_err(|source| Error::Write {
        path: shown.to_owned(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| is_output_name(n)) else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            return Err(Error::Output {
                path: shown.to_owned(),
                problem: format!("its `{name}` is a folder, where a run writes a file"),
                hint: Some("move that folder away, or choose another folder with --out".into()),
            });
        }
        let ids = [Some(id_of(&meta, &path)), identity(&path)];
        if let Some(input) = inputs.iter().find(|i| ids.contains(&Some(i.id))) {
            return Err(Error::Output {
                path: shown.to_owned(),
                problem: format!(
                    "its `{name}` is an input of this run (`{}`), which the run would replace",
                    input.path.display()
                ),
                hint: Some("choose another folder with --out".into()),
            });
        }
    }
    Ok(())
}

/// Carries every entry of `from` that is not isleplan's into `to`: files (and
/// FIFOs, sockets, devices) as hard links, links as links, folders rebuilt.
/// `Err` says why it cannot.
fn carry(
    from: &Path,
    to: &Path,
    top: bool,
    budget: &mut usize,
    depth: usize,
) -> std::result::Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "it holds folders more than {MAX_DEPTH} deep (`{}`)",
            from.display()
        ));
    }
    let entries = std::fs::read_dir(from)
        .map_err(|e| format!("`{}` cannot be listed ({e})", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("`{}` cannot be listed ({e})", from.display()))?;
        let name = entry.file_name();
        if top && (is_ours(&name) || is_inner_stage(&name)) {
            continue;
        }
        if *budget == 0 {
            return Err(format!("it holds more than {MAX_CARRIED} other entries"));
        }
        *budget -= 1;
        let (src, dst) = (entry.path(), to.join(&name));
        let cannot =
            |e: std::io::Error| format!("`{}` cannot be carried over ({e})", src.display());
        let meta = std::fs::symlink_metadata(&src).map_err(cannot)?;
        let kind = meta.file_type();
        if kind.is_symlink() {
            #[cfg(unix)]
            std::fs::read_link(&src)
                .and_then(|target| std::os::unix::fs::symlink(target, &dst))
                .map_err(cannot)?;
            #[cfg(not(unix))]
            return Err(format!("`{}` is a link", src.display()));
        } else if kind.is_dir() {
            std::fs::create_dir(&dst).map_err(cannot)?;
            carry(&src, &dst, false, budget, depth + 1)?;
            std::fs::set_permissions(&dst, meta.permissions()).map_err(cannot)?;
        } else {
            // A file, or a FIFO, socket or device: the same inode, nothing copied.
            std::fs::hard_link(&src, &dst).map_err(cannot)?;
        }
    }
    Ok(())
}

/// Whether `path` (metadata `meta`) is the same entry as `twin`: the same file
/// (a hard link of it), or a link with the same target.
fn same_entry(meta: &std::fs::Metadata, path: &Path, twin: &Path) -> bool {
    let Ok(t) = std::fs::symlink_metadata(twin) else {
        return false;
    };
    let (a, b) = (meta.file_type(), t.file_type());
    if a.is_symlink() && b.is_symlink() {
        matches!((std::fs::read_link(path), std::fs::read_link(twin)), (Ok(a), Ok(b)) if a == b)
    } else if !a.is_symlink() && !b.is_symlink() && !a.is_dir() && !b.is_dir() {
        id_of(meta, path) == id_of(&t, twin)
    } else {
        false
    }
}

/// Empties and removes a staging folder or an old output folder: removes
/// isleplan's own files at its top, and every entry that is the same as the
/// entry of that name in `twin` (what [`carry`] linked); keeps anything else.
///
/// # Returns
/// Whether `dir` is gone.
fn clear(dir: &Path, twin: Option<&Path>, top: bool) -> bool {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return e.kind() == std::io::ErrorKind::NotFound,
    };
    let mut left = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let twin_path = twin.map(|t| t.join(&name));
        let gone = if meta.is_dir() {
            let twin_dir =
                twin_path.filter(|t| std::fs::symlink_metadata(t).is_ok_and(|m| m.is_dir()));
            // A staging folder left inside an old output folder holds only isleplan's files.
            clear(&path, twin_dir.as_deref(), top && is_inner_stage(&name))
        } else if (top && is_ours(&name)) || twin_path.is_some_and(|t| same_entry(&meta, &path, &t))
        {
            match std::fs::remove_file(&path) {
                Ok(()) => true,
                Err(e) => e.kind() == std::io::ErrorKind::NotFound,
            }
        } else {
            false
        };
        left |= !gone;
    }
    if left {
        return false;
    }
    match std::fs::remove_dir(dir) {
        Ok(()) => true,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Whether the lock file at `path` is held by a live run.
fn lock_held(path: &Path) -> bool {
    open_no_follow(path).is_ok_and(|f| matches!(try_lock(&f), Ok(false)))
}

/// Removes what killed runs left in and beside `real` (shown as `shown`): temp
/// files of earlier versions, staging folders, an old folder half removed.
///
/// # Returns
/// The staging folders kept because they hold something that is not isleplan's.
fn sweep(real: &Path) -> Vec<PathBuf> {
    let mut kept = Vec::new();
    for entry in std::fs::read_dir(real).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() && is_inner_stage(&name) {
            if !clear(&path, Some(real), true) {
                kept.push(path);
            }
        } else if !meta.is_dir() && name.to_str().is_some_and(|n| n.contains(TMP_SUFFIX)) {
            let _ = std::fs::remove_file(&path);
        }
    }
    let (Some(parent), Some(base)) = (real.parent(), real.file_name()) else {
        return kept;
    };
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let name = entry.file_name();
        if !is_stage_of(base, &name) {
            continue;
        }
        let path = entry.path();
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        // An old folder its run is still removing (after its swap).
        if lock_held(&path.join(LOCK)) {
            continue;
        }
        if !clear(&path, Some(real), true) {
            kept.push(path);
        }
    }
    kept
}

/// A run's output folder, checked, locked and swept, with the staging folder its
/// files are written to until [`OutputDir::finish`] publishes them all at once.
#[derive(Debug)]
pub struct OutputDir {
    /// The folder as the user named it (in messages and returned paths).
    path: PathBuf,
    /// The folder, resolved (a link to a folder is written where it points).
    real: PathBuf,
    /// The staging folder.
    stage: PathBuf,
    /// Why the folders cannot be swapped (then files are renamed one by one).
    no_swap: Option<String>,
    /// What the run reads, for the check at the commit.
    inputs: Vec<Input>,
    /// Staging folders of killed runs kept because they hold other files.
    kept: Vec<PathBuf>,
    /// Whether this process works inside the folder (a shell's `--out .`).
    cwd_inside: bool,
    /// Names staged, in order.
    staged: RefCell<Vec<String>>,
    /// Published (or given up): nothing left to clear.
    done: bool,
    /// Dropped last: the lock outlives the clearing of the staging folder.
    lock: Option<Lock>,
}

/// What [`OutputDir::finish`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The files written, in the order they were staged.
    pub written: Vec<PathBuf>,
    /// isleplan files of an earlier run this run did not write, now gone.
    pub removed: Vec<String>,
    /// Why the files were renamed into place one by one instead of the folders
    /// swapped at once (see the module's guarantee), if they were.
    pub fallback: Option<String>,
    /// Folders left beside or in the output folder, with files in them that are
    /// not isleplan's (written to the old folder during the commit, or left by a
    /// killed run): the user's to check.
    pub kept: Vec<PathBuf>,
    /// The folder was swapped while this process (and so, likely, the shell that
    /// started it) worked inside it: that shell still sees the old, emptied folder
    /// until it enters the folder again.
    pub left_cwd_behind: bool,
}

impl OutputDir {
    /// Creates (if needed), checks and locks `dir`, removes what killed runs
    /// left, and makes the staging folder.
    ///
    /// Fatal, before any work: the folder cannot be created or written; it is, or
    /// holds (at any depth), an input of the run among `inputs` (files, or
    /// folders whose files are read); one of its isleplan files is such an input
    /// (by identity: through a link or a hard link) or is a folder; another live
    /// run holds its lock.
    pub fn prepare(dir: &Path, inputs: &[&Path]) -> Result<Self> {
        let io = |source: std::io::Error| Error::Write {
            path: dir.to_owned(),
            source,
        };
        fs_err::create_dir_all(dir)
            .map_err(|e| io(std::io::Error::new(e.kind(), e.to_string())))?;
        let real = dir.canonicalize().map_err(io)?;
        let meta = std::fs::metadata(&real).map_err(io)?;
        refuse_folder_holding_inputs(dir, id_of(&meta, &real), inputs)?;
        let files = input_files(inputs);
        refuse_outputs_that_are_inputs(dir, &real, &files)?;
        let lock = Lock::take(&real, dir)?;
        let kept = sweep(&real);
        let (stage, no_swap) = make_stage(&real, &meta).map_err(io)?;
        let cwd_inside = std::env::current_dir()
            .and_then(|d| d.canonicalize())
            .is_ok_and(|d| d.starts_with(&real));
        Ok(Self {
            path: dir.to_owned(),
            real,
            stage,
            no_swap,
            inputs: files,
            kept,
            cwd_inside,
            staged: RefCell::new(Vec::new()),
            done: false,
            lock: Some(lock),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records `name` as staged (once).
    fn note(&self, name: &str) {
        let mut staged = self.staged.borrow_mut();
        if !staged.iter().any(|n| n == name) {
            staged.push(name.to_owned());
        }
    }

    /// Stages `bytes` as `name` (see [`OutputDir::write_with`]).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Streams `name` through `fill` into a synced file of the staging folder, so
    /// a large layer is never held in memory whole. The file is published at
    /// [`OutputDir::finish`].
    pub fn write_with(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<PathBuf> {
        let target = self.path.join(name);
        let file = self.stage.join(name);
        let result = (|| -> std::io::Result<()> {
            let mut f = std::io::BufWriter::with_capacity(1 << 20, create_new(&file)?);
            fill(&mut f)?;
            let f = f.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()
        })();
        if let Err(source) = result {
            let _ = std::fs::remove_file(&file);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
        self.note(name);
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
                let file = if stage {
                    self.stage.join(name)
                } else {
                    self.scratch(name)
                };
                (file, self.path.join(name))
            })
            .collect();
        let results: Vec<std::io::Result<T>> = paths
            .par_iter()
            .enumerate()
            .map(|(i, (file, _))| {
                let mut f = std::io::BufWriter::with_capacity(1 << 20, create_new(file)?);
                let t = fill(i, &mut f)?;
                let f = f.into_inner().map_err(|e| e.into_error())?;
                if stage {
                    f.sync_all()?;
                }
                Ok(t)
            })
            .collect();
        if let Some(i) = results.iter().position(Result::is_err) {
            for (file, _) in &paths {
                let _ = std::fs::remove_file(file);
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
        for (((file, target), t), name) in paths.into_iter().zip(results).zip(names) {
            let t = t.map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
            if stage {
                self.note(name);
                out.push((target, t));
            } else {
                out.push((file, t));
            }
        }
        Ok(out)
    }

    /// A scratch file for `name` in the staging folder (never published): where
    /// the GeoPackage's layers are streamed before packing.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.stage.join(format!(".{name}.scratch{TMP_SUFFIX}"))
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
            let mut f = std::io::BufWriter::with_capacity(1 << 20, create_new(path)?);
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

    /// Stages `name` from a file `fill` creates at the path it is given (a
    /// database written in place); the file is synced and published at
    /// [`OutputDir::finish`].
    pub fn stage_file(
        &self,
        name: &str,
        fill: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<PathBuf> {
        let target = self.path.join(name);
        let file = self.stage.join(name);
        let _ = std::fs::remove_file(&file);
        if let Err(e) = fill(&file) {
            let _ = std::fs::remove_file(&file);
            return Err(e);
        }
        let synced = std::fs::OpenOptions::new()
            .write(true)
            .open(&file)
            .and_then(|f| f.sync_all());
        if let Err(source) = synced {
            let _ = std::fs::remove_file(&file);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
        self.note(name);
        Ok(target)
    }

    /// Publishes every staged file ([`OutputDir::finish`]) and returns their paths.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        Ok(self.finish()?.written)
    }

    /// Publishes every staged file at once: carries the folder's other entries
    /// into the staging folder and swaps the two folders, then removes the old
    /// one (isleplan's files and what was carried; anything else is kept and
    /// named). The isleplan files of an earlier run that this run did not write
    /// are not carried, so they are gone. When the folders cannot be swapped, the
    /// files are renamed into place one by one and the earlier ones removed
    /// ([`Committed::fallback`] says why).
    pub fn finish(mut self) -> Result<Committed> {
        let staged = std::mem::take(&mut *self.staged.borrow_mut());
        // Links may have been planted while the run worked.
        refuse_outputs_that_are_inputs(&self.path, &self.real, &self.inputs)?;
        let written: Vec<PathBuf> = staged.iter().map(|n| self.path.join(n)).collect();
        let removed = earlier_outputs(&self.real, &staged);
        sync_dir(&self.stage);
        let mut fallback = self.no_swap.clone();
        if fallback.is_none() {
            let mut budget = MAX_CARRIED;
            match carry(&self.real, &self.stage, true, &mut budget, 0) {
                Err(why) => fallback = Some(why),
                Ok(()) => {
                    if let Ok(meta) = std::fs::metadata(&self.real) {
                        let _ = std::fs::set_permissions(&self.stage, meta.permissions());
                    }
                    sync_dir(&self.stage);
                    if let Err(e) = exchange(&self.stage, &self.real) {
                        fallback = Some(format!("the two folders could not be swapped ({e})"));
                    }
                }
            }
        }
        let mut kept = std::mem::take(&mut self.kept);
        if fallback.is_none() {
            // Swapped: the staging path now holds the old folder, lock included.
            if let Some(parent) = self.real.parent() {
                sync_dir(parent);
            }
            if let Some(lock) = &mut self.lock {
                lock.path = self.stage.join(LOCK);
            }
            if !clear(&self.stage, Some(&self.real), true) {
                kept.push(self.stage.clone());
            }
        } else {
            for name in &staged {
                std::fs::rename(self.stage.join(name), self.real.join(name)).map_err(|source| {
                    Error::Write {
                        path: self.path.join(name),
                        source,
                    }
                })?;
            }
            for name in &removed {
                match std::fs::remove_file(self.real.join(name)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::Write {
                            path: self.path.join(name),
                            source: e,
                        })
                    }
                    _ => {}
                }
            }
            sync_dir(&self.real);
            clear(&self.stage, Some(&self.real), true);
        }
        self.done = true;
        Ok(Committed {
            written,
            removed,
            left_cwd_behind: fallback.is_none() && self.cwd_inside,
            fallback,
            kept,
        })
    }
}

/// The isleplan files in `real` (files or links) that are not among `staged`.
fn earlier_outputs(real: &Path, staged: &[String]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(real)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_output_name(n) && !staged.contains(n))
        .collect();
    names.sort();
    names
}

/// Creates `path` new (a file already there, from an earlier write of the same
/// name, is removed first; a link is never followed).
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Makes the staging folder: beside `real` when the two can be swapped, else
/// inside it. Returns it, and why the folders cannot be swapped, if so.
fn make_stage(real: &Path, meta: &std::fs::Metadata) -> std::io::Result<(PathBuf, Option<String>)> {
    let why = match (real.parent(), real.file_name()) {
        _ if !CAN_SWAP => "this system cannot swap two folders".to_owned(),
        (Some(parent), Some(base)) => {
            let mut name = OsString::from(base);
            name.push(STAGE);
            name.push(random_hex());
            let stage = parent.join(name);
            match create_private_dir(&stage) {
                Ok(()) => {
                    if std::fs::metadata(&stage).is_ok_and(|m| same_device(&m, meta)) {
                        return Ok((stage, None));
                    }
                    let _ = std::fs::remove_dir(&stage);
                    "it is a mount point".to_owned()
                }
                Err(e) => format!(
                    "its parent folder `{}` cannot hold a staging folder ({e})",
                    parent.display()
                ),
            }
        }
        _ => "it is the root of the file system".to_owned(),
    };
    let stage = real.join(format!("{STAGE}{}", random_hex()));
    create_private_dir(&stage)?;
    Ok((stage, Some(why)))
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.done {
            clear(&self.stage, Some(&self.real), true);
        }
        // The lock goes last (field order), once the staging folder is gone.
    }
}

/// Writes one file atomically, outside any output folder (`isleplan optimize
/// --out`): a temp file beside `path` with a random name, created new (a file or
/// link already at that name is never opened: another name is tried), synced,
/// then renamed over `path` — which replaces a link at `path`, never what it
/// points to — and the folder synced. A reader sees the old file or the new one,
/// never half.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result.json".into());
    let temps = (0..16).map(|_| {
        dir.join(format!(
            ".{name}.{}-{}{TMP_SUFFIX}",
            std::process::id(),
            random_hex()
        ))
    });
    write_file_via(path, &dir, bytes, temps)
}

/// [`write_file`] through the first of `temps` that can be created new.
fn write_file_via(
    path: &Path,
    dir: &Path,
    bytes: &[u8],
    temps: impl IntoIterator<Item = PathBuf>,
) -> std::io::Result<()> {
    for tmp in temps {
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let result = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| {
                drop(file);
                std::fs::rename(&tmp, path)
            });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
            return result;
        }
        sync_dir(dir);
        return Ok(());
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "every temp file name tried beside it is taken",
    ))
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

    /// A link planted at the temp name (dangling, or to another file) is never
    /// opened: the next name is taken, and the link and its target stay as they were.
    #[cfg(unix)]
    #[test]
    fn write_file_skips_a_link_planted_at_its_temp_name() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let planted = dir.path().join(".result.json.1.isleplan-tmp");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let dangling = dir.path().join(".result.json.2.isleplan-tmp");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let path = dir.path().join("result.json");

        write_file_via(
            &path,
            dir.path(),
            b"result",
            [
                planted.clone(),
                dangling.clone(),
                dir.path().join(".result.json.3.isleplan-tmp"),
            ],
        )
        .unwrap();

        assert_eq!(std::fs::read(&path).unwrap(), b"result");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read_link(&planted).unwrap(), victim);
        assert!(!dir.path().join("nowhere").exists());
    }

    /// The OS lock keeps a second taker out while the first lives (even in one
    /// process: the lock belongs to the open file), and is taken at once after.
    #[test]
    fn a_held_lock_keeps_a_second_taker_out_and_a_released_one_is_taken() {
        let dir = tempfile::tempdir().unwrap();

        let first = Lock::take(dir.path(), dir.path()).unwrap();
        let second = Lock::take(dir.path(), dir.path()).unwrap_err();
        drop(first);
        let third = Lock::take(dir.path(), dir.path());

        assert!(
            second.to_string().contains(&format!(
                "another run (pid {}) is writing to it",
                std::process::id()
            )),
            "{second}"
        );
        assert!(third.is_ok(), "{third:?}");
        drop(third);
        assert!(!dir.path().join(LOCK).exists(), "the lock is removed after");
    }

    /// A lock file nobody holds (its run killed) is taken over, whatever pid it
    /// names.
    #[test]
    fn a_lock_file_nobody_holds_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK), format!("1 {LOCK_TAG}\n")).unwrap();

        let lock = Lock::take(dir.path(), dir.path()).unwrap();

        let text = std::fs::read_to_string(dir.path().join(LOCK)).unwrap();
        assert_eq!(text, format!("{} {LOCK_TAG}\n", std::process::id()));
        drop(lock);
    }

    /// The race of the pid-file lock: a taker that found the lock file empty (its
    /// holder had created it and not yet written its pid) took it over. Now an
    /// empty lock file whose OS lock is held is busy.
    #[test]
    fn a_lock_file_still_empty_is_busy_while_its_holder_lives() {
        let dir = tempfile::tempdir().unwrap();
        let holder = std::fs::File::create(dir.path().join(LOCK)).unwrap();
        assert!(try_lock(&holder).unwrap());

        let err = Lock::take(dir.path(), dir.path()).unwrap_err();

        assert!(
            err.to_string().contains("another run is writing to it"),
            "{err}"
        );
        assert_eq!(std::fs::read(dir.path().join(LOCK)).unwrap(), b"");
    }

    /// The race of the pid-file takeover: every taker that found a stale lock
    /// wrote its own pid over it, and all ran. Now one taker of many gets it.
    #[test]
    fn many_takers_of_one_stale_lock_at_once_get_it_once() {
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(LOCK), "999999999\n").unwrap();
            let barrier = std::sync::Barrier::new(16);
            let got: Vec<bool> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..16)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            let lock = Lock::take(dir.path(), dir.path());
                            // Every taker holds what it got until all have tried.
                            barrier.wait();
                            lock.is_ok()
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert_eq!(got.iter().filter(|&&g| g).count(), 1, "round {round}");
        }
    }

    #[test]
    fn output_names_are_the_files_a_run_or_a_comparison_writes() {
        for name in [
            "islands.geojson",
            "proposed.qml",
            "diff_settlements.geojson",
            "isleplan.gpkg",
            "isleplan.qgs",
            "report.html",
            "summary.json",
            "compare.md",
            "rules.csv",
            "allocation.geojson",
            "closures.geojson",
            "rounds.geojson",
        ] {
            assert!(is_output_name(name), "{name}");
        }
        for name in [
            "notes.txt",
            "islands.geojson.bak",
            "my.qml",
            ".isleplan.lock",
        ] {
            assert!(!is_output_name(name), "{name}");
        }
        assert!(is_stage_of(
            OsStr::new("out"),
            OsStr::new("out.isleplan-new-0123456789abcdef")
        ));
        assert!(!is_stage_of(
            OsStr::new("out"),
            OsStr::new("out.isleplan-new-mine")
        ));
    }
}
