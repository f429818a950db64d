//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

/// Runs the isleplan binary with `args` in `cwd`.
pub fn isleplan(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isleplan"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("the isleplan binary runs")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies every file of `from` into a fresh temp folder.
pub fn copy_fixture(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(from).expect("fixture folder") {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// Reads a GeoJSON output into (id → properties), checking it parses with the
/// geojson crate as an RFC 7946 FeatureCollection.
pub fn layer(path: &Path) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let fc: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .unwrap_or_else(|e| panic!("{} is not GeoJSON: {e}", path.display()))
        .try_into()
        .expect("a FeatureCollection");
    fc.features
        .into_iter()
        .map(|f| {
            let props = f.properties.unwrap_or_default();
            let id = props["id"]
                .as_str()
                .expect("every output feature has an id")
                .to_owned();
            (id, props)
        })
        .collect()
}

/// Whether a command exists on PATH.
pub fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// For tests that need a real client: true to run; in CI a missing client fails
/// the test, elsewhere it says loudly that the test did not run.
pub fn client_available(cmd: &str, test: &str) -> bool {
    if have(cmd) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: `{cmd}` is required in CI but is not installed"
    );
    eprintln!("\n*** {test}: DID NOT RUN — `{cmd}` is not installed (CI installs it) ***\n");
    false
}

/// For tests that need PyQGIS: true to run. PyQGIS imports only under
/// `/usr/bin/python3` (see ECOSYSTEM.md); in CI a missing QGIS fails the test,
/// elsewhere it says loudly that the test did not run.
pub fn pyqgis_available(test: &str) -> bool {
    let ok = Command::new("/usr/bin/python3")
        .args(["-c", "import qgis.core"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: PyQGIS (`/usr/bin/python3 -c 'import qgis.core'`) is required in CI but is not installed"
    );
    eprintln!(
        "\n*** {test}: DID NOT RUN — PyQGIS is not installed (CI installs qgis python3-qgis) ***\n"
    );
    false
}

/// Runs a PyQGIS script from `tests/qgis/` headless; returns its stdout.
pub fn pyqgis(script: &str, args: &[&str]) -> String {
    let runtime = tempfile::tempdir().expect("temp dir");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(runtime.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let o = Command::new("/usr/bin/python3")
        .arg(root().join("tests/qgis").join(script))
        .args(args)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("XDG_RUNTIME_DIR", runtime.path())
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{script} {args:?} failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}
