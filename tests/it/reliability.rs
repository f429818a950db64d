//! Failure modes of a run: a full disk, every feature accounted for.

use std::path::Path;
use std::process::Command;

use crate::common::{isleplan, stderr};

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
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

#[test]
fn a_full_disk_fails_cleanly_and_leaves_the_old_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = isleplan(
        dir.path(),
        &["gen", data.to_str().unwrap(), "--settlements", "3000", "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        data.join("b.toml"),
        "name = \"b\"\nbase = \"scenario.toml\"\n[[edit]]\ntype = \"close-facility\"\nid = \"f0000000\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let first = isleplan(
        dir.path(),
        &["run", "data/scenario.toml", "--out", "out", "-q"],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let before = listing(&out);

    // Files over 200 KB fail with EFBIG, as on a full disk; the settlements layer
    // of 3,000 settlements is larger than that, the first layers are not.
    let o = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 200; exec \"$0\" run data/b.toml --out out -q",
        ])
        .arg(env!("CARGO_BIN_EXE_isleplan"))
        .current_dir(dir.path())
        .output()
        .unwrap();

    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert!(stderr(&o).contains("File too large"), "{}", stderr(&o));
    assert_eq!(
        listing(&out),
        before,
        "every old output intact, no temp file or lock left"
    );
}

#[test]
fn accepted_plus_rejected_equals_features_seen_on_a_noisy_layer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    isleplan(
        dir.path(),
        &["gen", data.to_str().unwrap(), "--settlements", "500", "-q"],
    );
    // Damage every 7th settlement in one of several ways, and duplicate some ids.
    let text = std::fs::read_to_string(data.join("settlements.geojson")).unwrap();
    let mut fc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    for (i, f) in features.iter_mut().enumerate() {
        match i % 7 {
            1 => f["properties"]["population"] = serde_json::json!(-1),
            2 => f["geometry"] = serde_json::Value::Null,
            3 => f["properties"]["id"] = serde_json::json!("s0000000"),
            4 => f["geometry"]["coordinates"] = serde_json::json!([1.0]),
            5 => f["properties"]["kind"] = serde_json::json!("hut"),
            _ => {}
        }
    }
    let seen = features.len();
    std::fs::write(data.join("settlements.geojson"), fc.to_string()).unwrap();

    let (_, _, dataset, _) = isleplan::pipeline::load(&data.join("scenario.toml")).unwrap();

    let rejected = dataset
        .diagnostics
        .rejected
        .iter()
        .filter(|r| r.at.file.ends_with("settlements.geojson"))
        .count();
    assert_eq!(dataset.world.settlements.len() + rejected, seen);
    // Five of every seven features were damaged (the rest are whole).
    assert_eq!(
        rejected,
        (0..seen).filter(|i| (1..=5).contains(&(i % 7))).count()
    );
    let input = dataset
        .inputs
        .iter()
        .find(|i| i.path.ends_with("settlements.geojson"))
        .unwrap();
    assert_eq!(input.features, seen);
}
