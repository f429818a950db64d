//! Same inputs, same bytes: across thread counts and input order; and the seeded
//! generator the random instances come from.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::rng::Rng;
use crate::support::fixture;

/// Runs the binary on `scenario` into `out` with `threads` rayon threads.
fn run(scenario: &Path, out: &Path, threads: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(["run", "--quiet"])
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads)
        .status()
        .unwrap();
    assert!(status.success());
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn outputs_are_byte_identical_with_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = fixture("archipelago").join("scenario.toml");
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));

    run(&scenario, &one, "1");
    run(&scenario, &two, "2");

    let (a, b) = (files(&one), files(&two));
    assert_eq!(
        a.len(),
        19,
        "{:?}",
        a.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between 1 and 2 threads");
    }
}

/// Copies the fixture with every layer's features shuffled.
fn shuffled_copy(to: &Path, seed: u64) {
    let from = fixture("archipelago");
    std::fs::create_dir_all(to).unwrap();
    let mut rng = Rng::new(seed);
    for entry in std::fs::read_dir(&from).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap();
        if p.extension().is_some_and(|e| e == "geojson") {
            let mut v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            rng.shuffle(v["features"].as_array_mut().unwrap());
            std::fs::write(to.join(name), serde_json::to_vec(&v).unwrap()).unwrap();
        } else {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

#[test]
fn outputs_do_not_depend_on_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let (a_in, b_in) = (tmp.path().join("a"), tmp.path().join("b"));
    shuffled_copy(&a_in, 1);
    shuffled_copy(&b_in, 2);
    let (a_out, b_out) = (tmp.path().join("a_out"), tmp.path().join("b_out"));

    run(&a_in.join("scenario.toml"), &a_out, "2");
    run(&b_in.join("scenario.toml"), &b_out, "2");

    for ((name, a), (_, b)) in files(&a_out).iter().zip(&files(&b_out)) {
        if name == "summary.json" {
            // Paths and input hashes differ by construction; everything derived must not.
            let strip = |bytes: &[u8]| {
                let mut v: Value = serde_json::from_slice(bytes).unwrap();
                let m = v.as_object_mut().unwrap();
                m.remove("scenario");
                m.remove("inputs");
                v
            };
            assert_eq!(strip(a), strip(b));
        } else if name == "report.html" {
            // The report lists the input files with their hashes and paths.
            let keep = |bytes: &[u8]| {
                let text = String::from_utf8(bytes.to_vec()).unwrap();
                text.lines()
                    .filter(|l| !l.contains("sha256") && !l.contains("scenario.toml"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert!(keep(a) == keep(b), "report.html depends on input order");
        } else {
            assert!(a == b, "{name} depends on input order");
        }
    }
}

/// The seeded generator every test, bench and example draws from
/// (`tests/support/rng.rs`) gives splitmix64's first outputs for seeds 0 and
/// 1,234,567, as an independent implementation gives them (seed 0 → 0xe220a8397b1dcdaf
/// is the value usually quoted): a change to it, which would silently change every
/// seeded instance and the bench figures quoted in PERFORMANCE.md, fails here first.
#[test]
fn the_seeded_generator_is_splitmix64() {
    let mut r = Rng::new(0);
    assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
    assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    let mut r = Rng::new(1_234_567);
    assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
    assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    let mut r = Rng::new(42);
    let u = r.unit();
    assert!((0.0..1.0).contains(&u));
    assert!(r.below(7) < 7);
}
