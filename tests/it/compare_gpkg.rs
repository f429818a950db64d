//! `compare --format gpkg`: the comparison's layers in one GeoPackage, styles
//! inside, as `run --format gpkg` writes them; the tables as with GeoJSON.

use std::process::Command;

use crate::common::{client_available, isleplan, root, stderr};

#[test]
fn compare_as_gpkg_holds_every_layer_and_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |s: &str| tmp.path().join(s).to_str().unwrap().to_owned();
    for (format, out) in [("geojson", "g"), ("gpkg", "p")] {
        let o = isleplan(
            &root(),
            &[
                "compare",
                "--quiet",
                "--format",
                format,
                "scenarios/baseline-2024.toml",
                "scenarios/plan-2024.toml",
                "--out",
                &p(out),
            ],
        );
        assert!(o.status.success(), "{format}: {}", stderr(&o));
    }
    let read = |f: &str| std::fs::read(tmp.path().join(f)).unwrap();
    for table in ["compare.json", "compare.csv", "compare.md"] {
        assert_eq!(
            read(&format!("g/{table}")),
            read(&format!("p/{table}")),
            "{table}"
        );
    }
    // No loose layers, styles or scratch files beside the GeoPackage.
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("p"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "compare.csv",
            "compare.json",
            "compare.md",
            "isleplan.gpkg",
            "isleplan.qgs",
            "report.html"
        ]
    );
    let qgs = String::from_utf8(read("p/isleplan.qgs")).unwrap();
    assert!(
        qgs.contains("isleplan.gpkg|layername=diff_facilities"),
        "{qgs}"
    );
    assert!(!qgs.contains(".geojson"));

    if !client_available(
        "ogrinfo",
        "compare_as_gpkg_holds_every_layer_and_the_same_tables",
    ) {
        return;
    }
    let o = Command::new("ogrinfo")
        .args(["-ro", "-so", "-q"])
        .arg(tmp.path().join("p/isleplan.gpkg"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for layer in [
        "diff_facilities",
        "diff_settlements",
        "islands",
        "a_settlements",
        "a_facilities",
        "b_settlements",
        "b_facilities",
        "layer_styles",
    ] {
        assert!(text.contains(&format!(": {layer} ")), "{layer}: {text}");
    }
}

#[test]
fn gpkg_is_refused_for_two_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().to_str().unwrap();
    let o = isleplan(&root(), &["compare", "--format", "gpkg", a, a]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--format gpkg"), "{}", stderr(&o));
}
