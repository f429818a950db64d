//! Output folders set up to be hostile: links planted at the lock, at outputs and
//! at temp names, inputs reached through the output folder, many runs at once,
//! runs killed at random moments, earlier runs in another format, the user's own
//! files beside the outputs; and `gen` and `optimize --out` on the same ground.
#![cfg(unix)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use isleplan::output::staged::is_output_name;

use crate::common::{copy_fixture, fixture, stderr};
use crate::rng::Rng;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_isleplan"));
    c.env_remove("RAYON_NUM_THREADS");
    c
}

/// `isleplan run SCENARIO --out OUT -q EXTRA…`.
fn run(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .args(extra)
        .output()
        .expect("the isleplan binary runs")
}

/// The isleplan files of `dir` with their bytes, by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| is_output_name(&e.file_name().to_string_lossy()))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Names in `dir` beginning with a dot (lock, temp files, staging folders).
fn dot_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Staging or old folders left beside `dir`.
fn beside(dir: &Path) -> Vec<String> {
    let base = dir.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{base}.isleplan-new-")))
        .collect()
}

fn contract() -> PathBuf {
    fixture("contract").join("scenario.toml")
}

// --- security of writes -------------------------------------------------------

#[test]
fn a_lock_file_that_is_a_link_to_another_file_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, out.join(".isleplan.lock")).unwrap();

    let o = run(&contract(), &out, &[]);

    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(dot_entries(&out).is_empty(), "{:?}", dot_entries(&out));
    assert!(out.join("summary.json").is_file());
}

#[test]
fn a_dangling_lock_link_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let nowhere = dir.path().join("made-through-the-link");
    std::os::unix::fs::symlink(&nowhere, out.join(".isleplan.lock")).unwrap();

    let o = run(&contract(), &out, &[]);

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&nowhere).is_err(),
        "the lock was created through the link"
    );
    assert!(dot_entries(&out).is_empty(), "{:?}", dot_entries(&out));
}

#[test]
fn a_lock_that_is_a_fifo_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let made = Command::new("mkfifo")
        .arg(out.join(".isleplan.lock"))
        .status()
        .unwrap();
    assert!(made.success());

    let o = run(&contract(), &out, &[]);

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is not a plain file"), "{}", stderr(&o));
    assert!(outputs(&out).is_empty());
}

#[test]
fn a_link_at_an_output_name_is_replaced_and_what_it_points_to_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.html");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("report.html")).unwrap();
    let nowhere = dir.path().join("nowhere.json");
    std::os::unix::fs::symlink(&nowhere, out.join("summary.json")).unwrap();

    let o = run(&contract(), &out, &[]);

    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(std::fs::symlink_metadata(&nowhere).is_err());
    for name in ["report.html", "summary.json"] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is still a link");
    }
}

#[test]
fn an_input_layer_whose_file_is_in_the_output_folder_is_never_replaced() {
    let data = copy_fixture(&fixture("contract"));
    let out = tempfile::tempdir().unwrap();
    // The dataset's settlements layer is a link to a file in the output folder,
    // under an output's name.
    let real = out.path().join("settlements.geojson");
    std::fs::rename(data.path().join("settlements.geojson"), &real).unwrap();
    std::os::unix::fs::symlink(&real, data.path().join("settlements.geojson")).unwrap();
    let before = std::fs::read(&real).unwrap();

    let o = run(&data.path().join("scenario.toml"), out.path(), &[]);

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its `settlements.geojson` is an input of this run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&real).unwrap(), before);
    assert!(dot_entries(out.path()).is_empty());
}

#[test]
fn an_output_name_linked_to_an_input_is_refused() {
    let data = copy_fixture(&fixture("contract"));
    let out = tempfile::tempdir().unwrap();
    // A link from the output folder to the dataset's layer, and a hard link to
    // the rules file under an output's name.
    std::os::unix::fs::symlink(
        data.path().join("islands.geojson"),
        out.path().join("islands.geojson"),
    )
    .unwrap();
    let o = run(&data.path().join("scenario.toml"), out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its `islands.geojson` is an input of this run"),
        "{}",
        stderr(&o)
    );

    std::fs::remove_file(out.path().join("islands.geojson")).unwrap();
    std::fs::hard_link(
        data.path().join("rules.toml"),
        out.path().join("summary.json"),
    )
    .unwrap();
    let rules = std::fs::read(data.path().join("rules.toml")).unwrap();
    let o = run(&data.path().join("scenario.toml"), out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its `summary.json` is an input of this run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(data.path().join("rules.toml")).unwrap(),
        rules
    );
}

#[test]
fn an_output_folder_that_is_a_link_to_the_dataset_or_holds_it_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("project/data");
    std::fs::create_dir_all(&data).unwrap();
    for e in std::fs::read_dir(fixture("contract")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
        }
    }
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&data, &link).unwrap();
    let before = outputs(&data);

    for out in [
        link.clone(),
        dir.path().join("project"),
        dir.path().to_owned(),
    ] {
        let o = run(&data.join("scenario.toml"), &out, &[]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}: {}",
            out.display(),
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("it holds an input of this run"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(outputs(&data), before);
    assert!(dot_entries(&data).is_empty());
}

#[test]
fn an_output_folder_reached_through_a_link_is_written_where_it_points() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let o = run(&contract(), &link, &[]);

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(target.join("summary.json").is_file());
    assert!(beside(&target).is_empty() && dot_entries(&target).is_empty());
}

#[test]
fn an_output_name_that_is_a_folder_is_refused_before_any_work() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("report.html")).unwrap();
    std::fs::write(out.path().join("report.html/mine.txt"), "mine\n").unwrap();

    let o = run(&contract(), out.path(), &[]);

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its `report.html` is a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("report.html/mine.txt")).unwrap(),
        "mine\n"
    );
    assert!(dot_entries(out.path()).is_empty());
}

/// `--out .` from a shell inside the folder: the run says that shell must enter
/// the folder again to see the new files.
#[test]
fn a_run_into_the_folder_it_works_in_says_the_shell_must_enter_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let o = bin()
        .current_dir(&out)
        .arg("run")
        .arg(contract())
        .args(["--out", "."])
        .output()
        .unwrap();

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("`cd .`"), "{}", stderr(&o));
    assert!(out.join("summary.json").is_file());
}

// --- what a run owns, and what it leaves alone ---------------------------------

#[test]
fn the_users_other_files_in_the_output_folder_survive_a_run_untouched() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&contract(), &out, &[]).status.success());
    std::fs::write(out.join("notes.txt"), "mine\n").unwrap();
    std::fs::create_dir_all(out.join("edits/2024")).unwrap();
    std::fs::write(out.join("edits/2024/moved.geojson"), "{}\n").unwrap();
    std::fs::create_dir(out.join("empty")).unwrap();
    std::os::unix::fs::symlink("notes.txt", out.join("notes-link")).unwrap();
    std::os::unix::fs::symlink("/nowhere/at/all", out.join("dangling")).unwrap();
    let made = Command::new("mkfifo")
        .arg(out.join("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let odd = out.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&odd, "latin-1 name\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o750)).unwrap();
    let inode = std::fs::metadata(out.join("notes.txt")).unwrap().ino();

    let o = run(&fixture("contract").join("moved.toml"), &out, &[]);

    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::metadata(out.join("notes.txt")).unwrap().ino(),
        inode,
        "the same file, not a copy"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("edits/2024/moved.geojson")).unwrap(),
        "{}\n"
    );
    assert!(out.join("empty").is_dir());
    assert_eq!(
        std::fs::read_link(out.join("notes-link")).unwrap(),
        Path::new("notes.txt")
    );
    assert_eq!(
        std::fs::read_link(out.join("dangling")).unwrap(),
        Path::new("/nowhere/at/all")
    );
    assert_eq!(std::fs::read_to_string(&odd).unwrap(), "latin-1 name\n");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(out.join("pipe"))
            .unwrap()
            .file_type()
    ));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o750
    );
    assert!(beside(&out).is_empty() && dot_entries(&out).is_empty());
    let reference = tempfile::tempdir().unwrap();
    assert!(run(
        &fixture("contract").join("moved.toml"),
        reference.path(),
        &[]
    )
    .status
    .success());
    assert_eq!(outputs(&out), outputs(reference.path()));
}

#[test]
fn a_run_in_another_format_removes_the_files_of_the_earlier_run_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&contract(), &out, &["--format", "gpkg"])
        .status
        .success());
    std::fs::write(out.join("notes.txt"), "mine\n").unwrap();
    std::fs::write(out.join("islands.geojson.bak"), "mine too\n").unwrap();

    let o = bin()
        .arg("run")
        .arg(contract())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed 1 file of an earlier run: isleplan.gpkg"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("isleplan.gpkg").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert!(out.join("islands.geojson.bak").exists());
    let reference = tempfile::tempdir().unwrap();
    assert!(run(&contract(), reference.path(), &[]).status.success());
    assert_eq!(outputs(&out), outputs(reference.path()));

    // Back to a GeoPackage: every layer and style of the GeoJSON run goes.
    let o = bin()
        .arg("run")
        .arg(contract())
        .arg("--out")
        .arg(&out)
        .args(["--format", "gpkg"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed 16 files of an earlier run"),
        "{}",
        stderr(&o)
    );
    let names: Vec<String> = outputs(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "isleplan.gpkg",
            "isleplan.qgs",
            "report.html",
            "rules.csv",
            "summary.json"
        ]
    );
    assert!(out.join("notes.txt").exists() && out.join("islands.geojson.bak").exists());
}

#[test]
fn a_run_without_merge_or_round_rules_removes_the_earlier_runs_closures_and_rounds() {
    // The default rules have a merge rule and a round rule, so their run writes
    // closures.geojson and rounds.geojson; the contract's rules have neither. The
    // second run into the same folder must not leave the first run's layers behind
    // as if they were the user's files.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let default = crate::common::root().join("scenarios/baseline-2024.toml");
    let o = run(&default, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("closures.geojson").exists() && out.join("rounds.geojson").exists());

    let o = run(&contract(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !out.join("closures.geojson").exists(),
        "stale closures layer kept"
    );
    assert!(
        !out.join("rounds.geojson").exists(),
        "stale rounds layer kept"
    );
    let reference = tempfile::tempdir().unwrap();
    assert!(run(&contract(), reference.path(), &[]).status.success());
    assert_eq!(outputs(&out), outputs(reference.path()));
}

#[test]
fn a_killed_runs_staging_folder_is_swept_but_files_not_isleplans_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&contract(), &out, &[]).status.success());
    std::fs::write(out.join("notes.txt"), "mine\n").unwrap();
    // What a run killed before its swap leaves: its files and links to the user's.
    let killed = dir.path().join("out.isleplan-new-0123456789abcdef");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join("summary.json"), "half").unwrap();
    std::fs::write(killed.join(".isleplan.lock"), "1 isleplan-flock\n").unwrap();
    std::fs::hard_link(out.join("notes.txt"), killed.join("notes.txt")).unwrap();
    // And one with a file of the user's in it, which must stay.
    let other = dir.path().join("out.isleplan-new-fedcba9876543210");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("report.html"), "old").unwrap();
    std::fs::write(other.join("written-during-the-commit.txt"), "mine\n").unwrap();
    // Not a staging folder at all, by its name.
    let lookalike = dir.path().join("out.isleplan-new-mine");
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("summary.json"), "mine\n").unwrap();

    let o = bin()
        .arg("run")
        .arg(contract())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();

    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!killed.exists());
    assert_eq!(
        std::fs::read_to_string(other.join("written-during-the-commit.txt")).unwrap(),
        "mine\n"
    );
    assert!(!other.join("report.html").exists());
    assert!(
        stderr(&o).contains(&format!("kept `{}`", other.display())),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(lookalike.join("summary.json")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine\n"
    );
}

/// A folder holding more of the user's entries than are carried into a new
/// folder is committed file by file, and says so; everything else holds.
#[test]
fn a_folder_too_full_to_swap_is_committed_file_by_file_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&contract(), &out, &["--format", "gpkg"])
        .status
        .success());
    std::fs::create_dir(out.join("many")).unwrap();
    for i in 0..10_001 {
        std::fs::write(out.join("many").join(i.to_string()), "").unwrap();
    }

    let o = bin()
        .arg("run")
        .arg(contract())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();

    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("renamed into place one by one")
            && err.contains("it holds more than 10000 other entries")
            && err.contains("removed 1 file of an earlier run: isleplan.gpkg"),
        "{err}"
    );
    let reference = tempfile::tempdir().unwrap();
    assert!(run(&contract(), reference.path(), &[]).status.success());
    assert_eq!(outputs(&out), outputs(reference.path()));
    assert_eq!(std::fs::read_dir(out.join("many")).unwrap().count(), 10_001);
    assert!(dot_entries(&out).is_empty(), "{:?}", dot_entries(&out));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

// --- concurrency and commits ---------------------------------------------------

/// 50 runs started at once (released together by a file they wait for) into one
/// folder, half with one scenario and half with another — into a new folder, and
/// into one whose last run was killed while it held the lock (a stale lock and a
/// staging folder left): every run either succeeds or is turned away with
/// "another run … is writing to it"; the folder then holds one complete run, byte
/// for byte one of the two, the user's file, and nothing else.
#[test]
fn fifty_simultaneous_runs_into_one_folder_leave_one_complete_run() {
    const RUNS: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let scenarios = [contract(), fixture("contract").join("moved.toml")];
    let refs: Vec<_> = scenarios
        .iter()
        .map(|s| {
            let r = tempfile::tempdir().unwrap();
            assert!(run(s, r.path(), &[]).status.success());
            outputs(r.path())
        })
        .collect();
    assert_ne!(refs[0], refs[1]);
    for round in ["new", "after a killed run"] {
        let out = dir.path().join(format!("out-{}", round.len()));
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine\n").unwrap();
        if round != "new" {
            let mut child = bin()
                .arg("run")
                .arg(&scenarios[0])
                .arg("--out")
                .arg(&out)
                .arg("-q")
                .spawn()
                .unwrap();
            while !out.join(".isleplan.lock").exists() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(
                out.join(".isleplan.lock").exists(),
                "the killed run left no lock"
            );
        }
        let go = dir.path().join(format!("go-{}", round.len()));
        let children: Vec<Child> = (0..RUNS)
            .map(|i| {
                Command::new("sh")
                    .args([
                        "-c",
                        "while [ ! -e \"$1\" ]; do sleep 0.002; done; exec \"$0\" run \"$2\" --out \"$3\" -q",
                    ])
                    .arg(env!("CARGO_BIN_EXE_isleplan"))
                    .arg(&go)
                    .arg(&scenarios[i % 2])
                    .arg(&out)
                    .env_remove("RAYON_NUM_THREADS")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&go, "").unwrap();

        let (mut ok, mut busy) = (0, 0);
        for child in children {
            let o = child.wait_with_output().unwrap();
            let err = stderr(&o);
            if o.status.success() {
                ok += 1;
            } else {
                assert_eq!(o.status.code(), Some(2), "{err}");
                assert!(
                    err.contains("another run") && err.contains("is writing to it"),
                    "a run failed otherwise than by the lock: {err}"
                );
                busy += 1;
            }
        }
        eprintln!(
            "{RUNS} simultaneous starts ({round}): {ok} succeeded, {busy} turned away by the lock"
        );

        assert!(ok >= 1, "{round}");
        assert_eq!(ok + busy, RUNS);
        let got = outputs(&out);
        assert!(
            got == refs[0] || got == refs[1],
            "{round}: the folder is no single run"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine\n"
        );
        assert!(
            dot_entries(&out).is_empty(),
            "{round}: {:?}",
            dot_entries(&out)
        );
        assert!(beside(&out).is_empty(), "{round}: {:?}", beside(&out));
    }
}

/// Runs of a synthetic district of 3,000 settlements killed with SIGKILL at random
/// moments — half anywhere in the run, half while it writes and commits: after
/// each kill the folder is byte for byte the old run or the new one (never a
/// mix), the user's file beside them is intact, and the next run succeeds and
/// leaves nothing behind.
#[test]
fn runs_killed_at_random_moments_leave_the_folder_all_old_or_all_new() {
    const KILLS: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = bin()
        .arg("gen")
        .arg(&data)
        .args(["--settlements", "3000", "--seed", "11", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        data.join("b.toml"),
        "name = \"b\"\nbase = \"scenario.toml\"\n[[edit]]\ntype = \"set-population\"\nsettlement = \"s0000000\"\npopulation = 12345\n[[edit]]\ntype = \"close-facility\"\nid = \"f0000000\"\n",
    )
    .unwrap();
    let scenarios = [data.join("scenario.toml"), data.join("b.toml")];
    let refs: Vec<_> = scenarios
        .iter()
        .map(|s| {
            let r = dir
                .path()
                .join(format!("ref-{}", s.file_stem().unwrap().to_string_lossy()));
            assert!(run(s, &r, &[]).status.success());
            outputs(&r)
        })
        .collect();
    assert_ne!(refs[0], refs[1]);
    let out = dir.path().join("out");
    // A calibration run: how long a run takes, and when it starts writing.
    let start = Instant::now();
    let mut child = bin()
        .arg("run")
        .arg(&scenarios[0])
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .spawn()
        .unwrap();
    let mut writing = None;
    while child.try_wait().unwrap().is_none() {
        if writing.is_none() && staging_has_files(&out) {
            writing = Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let full = start.elapsed();
    let writing = writing.unwrap_or(full / 2);
    std::fs::write(out.join("notes.txt"), "mine\n").unwrap();

    let mut rng = Rng::new(2026);
    let mut now = 0; // which reference the folder holds
    let (mut old, mut new, mut swapped_then_killed, mut finished) = (0, 0, 0, 0);
    for i in 0..KILLS {
        let next = 1 - now;
        let started = Instant::now();
        let mut child = bin()
            .arg("run")
            .arg(&scenarios[next])
            .arg("--out")
            .arg(&out)
            .arg("-q")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Even kills: anywhere in the run; odd ones: once it writes, before it ends.
        let mut deadline = (i % 2 == 0).then(|| full.mul_f64(1.1 * rng.unit()));
        while child.try_wait().unwrap().is_none() {
            if deadline.is_none() && staging_has_files(&out) {
                deadline = Some(started.elapsed() + (full - writing).mul_f64(0.8 * rng.unit()));
            }
            if deadline.is_some_and(|d| started.elapsed() >= d) {
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        }
        let got = outputs(&out);
        if got == refs[now] {
            old += 1;
        } else if got == refs[next] {
            new += 1;
            if !status.success() {
                swapped_then_killed += 1;
            }
        } else {
            panic!(
                "kill {i} after {:?}: the folder is neither the old run nor the new one ({:?})",
                started.elapsed(),
                got.iter().map(|(n, _)| n).collect::<Vec<_>>()
            );
        }
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine\n"
        );
        // The next run succeeds over whatever the kill left, and sweeps it.
        let o = run(&scenarios[next], &out, &[]);
        assert!(o.status.success(), "after kill {i}: {}", stderr(&o));
        assert_eq!(outputs(&out), refs[next]);
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine\n"
        );
        assert!(dot_entries(&out).is_empty(), "{:?}", dot_entries(&out));
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
        now = next;
    }
    eprintln!(
        "{KILLS} kills (a run takes {full:?}, writes from {writing:?}): {old} left the old run, {new} the new one ({swapped_then_killed} killed after the swap, {finished} had finished); every next run succeeded"
    );
}

/// Whether a staging folder beside `out` already holds a file (the run writes).
fn staging_has_files(out: &Path) -> bool {
    let Some(parent) = out.parent() else {
        return false;
    };
    beside(out)
        .iter()
        .any(|n| std::fs::read_dir(parent.join(n)).is_ok_and(|mut d| d.next().is_some()))
}

// --- gen ----------------------------------------------------------------------

#[test]
fn gen_refuses_a_folder_that_is_not_empty_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("islands.geojson"), "mine\n").unwrap();

    let o = bin()
        .arg("gen")
        .arg(dir.path())
        .args(["--settlements", "50"])
        .output()
        .unwrap();

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("`{}`", dir.path().display()))
            && err.contains("not empty")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("islands.geojson")).unwrap(),
        "mine\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn gen_force_replaces_its_files_never_through_a_link_and_leaves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let victim = dir.path().join("victim.geojson");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, data.join("islands.geojson")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere.toml"), data.join("rules.toml")).unwrap();
    std::fs::write(data.join("notes.txt"), "mine\n").unwrap();

    let o = bin()
        .arg("gen")
        .arg(&data)
        .args(["--settlements", "50", "--force", "-q"])
        .output()
        .unwrap();

    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(!dir.path().join("nowhere.toml").exists());
    assert!(std::fs::symlink_metadata(data.join("islands.geojson"))
        .unwrap()
        .is_file());
    assert_eq!(
        std::fs::read_to_string(data.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert!(dot_entries(&data).is_empty(), "{:?}", dot_entries(&data));
    let o = bin()
        .arg("check")
        .arg(data.join("scenario.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

// --- optimize --out -------------------------------------------------------------

fn optimize_inputs(dir: &Path) {
    std::fs::write(dir.join("D.csv"), "id,weight\na,5\nb,2\nc,1\n").unwrap();
    std::fs::write(
        dir.join("S.csv"),
        "id,cost,existing\ny,1,false\nx,1,false\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("P.csv"),
        "demand_id,site_id,cost\na,x,3\nb,x,20\nb,y,1\nc,y,2\n",
    )
    .unwrap();
}

fn optimize(dir: &Path, out: &Path) -> Output {
    bin()
        .current_dir(dir)
        .args([
            "optimize",
            "--model",
            "lscp",
            "--demand",
            "D.csv",
            "--sites",
            "S.csv",
            "--pairs",
            "P.csv",
            "--max-cost",
            "10",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn optimize_refuses_an_out_that_is_one_of_its_inputs_by_name_link_or_hard_link() {
    let dir = tempfile::tempdir().unwrap();
    optimize_inputs(dir.path());
    std::os::unix::fs::symlink("S.csv", dir.path().join("link.json")).unwrap();
    std::fs::hard_link(dir.path().join("P.csv"), dir.path().join("hard.json")).unwrap();
    let before: Vec<Vec<u8>> = ["D.csv", "S.csv", "P.csv"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();

    for (out, input) in [
        ("D.csv", "D.csv"),
        ("./S.csv", "S.csv"),
        ("link.json", "S.csv"),
        ("hard.json", "P.csv"),
    ] {
        let o = optimize(dir.path(), Path::new(out));
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("is an input of this run (`{input}`)")),
            "{out}: {}",
            stderr(&o)
        );
    }
    let after: Vec<Vec<u8>> = ["D.csv", "S.csv", "P.csv"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn optimize_out_that_is_a_link_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    optimize_inputs(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("result.json")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling.json"))
        .unwrap();

    for out in ["result.json", "dangling.json"] {
        let o = optimize(dir.path(), Path::new(out));
        assert!(o.status.success(), "{out}: {}", stderr(&o));
        let meta = std::fs::symlink_metadata(dir.path().join(out)).unwrap();
        assert!(meta.is_file(), "{out} is still a link");
        assert!(std::fs::read_to_string(dir.path().join(out))
            .unwrap()
            .contains("\"selected\""));
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(!dir.path().join("nowhere").exists());
    assert!(dot_entries(dir.path()).is_empty());
}
