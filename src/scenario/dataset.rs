//! A scenario's `dataset`: a folder of GeoJSON layers, or a table naming layers.
//!
//! ```toml
//! dataset = "../gis"                      # a folder, every layer a GeoJSON file
//!
//! [dataset]                               # or a table
//! folder = "../gis"                       # optional: layers not named are looked for here
//! [dataset.layers]
//! settlements = { path = "村庄.gpkg", layer = "villages", fields = { population = "常住人口" } }
//! facilities = { path = "设施.csv", lon = "经度", lat = "纬度", crs = "GCJ-02",
//!                kinds = { "村卫生室" = "village_clinic" } }
//! ```
//!
//! Paths are relative to the scenario file. Without `folder`, a layer not named
//! is absent (a required one is fatal). Unknown keys, roles, formats and datums are
//! fatal, with the scenario's file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::io::source::{parse_crs, Format, LayerSource, Layers};

/// The dataset layers a scenario may name.
pub const ROLES: [&str; 7] = [
    "islands",
    "settlements",
    "facilities",
    "ferries",
    "candidates",
    "territories",
    "roads",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    folder: Option<PathBuf>,
    #[serde(default)]
    layers: BTreeMap<String, Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    path: PathBuf,
    layer: Option<String>,
    lon: Option<String>,
    lat: Option<String>,
    crs: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    kinds: BTreeMap<String, String>,
}

/// The dataset folder and layers of `dataset` in the scenario at `path` (whose
/// text is `text`, for line numbers).
pub fn parse(
    path: &Path,
    text: &str,
    value: &toml::Spanned<toml::Value>,
) -> Result<(PathBuf, Layers)> {
    let line = text[..value.span().start.min(text.len())]
        .matches('\n')
        .count()
        + 1;
    let at = PathBuf::from(format!("{}:{line}", path.display()));
    let bad = |problem: String, hint: Option<String>| Error::Config {
        path: at.clone(),
        problem,
        hint,
    };
    let table: Table = match value.get_ref() {
        toml::Value::String(folder) => {
            return Ok((
                super::locate(path, "dataset", Path::new(folder))?,
                Layers::default(),
            ))
        }
        toml::Value::Table(t) => t.clone().try_into().map_err(|e: toml::de::Error| {
            bad(
                format!("[dataset]: {}", e.message()),
                Some("[dataset] takes `folder` and a `layers` table; each layer `path`, and `layer`, `lon`, `lat`, `crs`, `fields`, `kinds`".into()),
            )
        })?,
        other => {
            return Err(bad(
                format!("`dataset` must be a folder or a table, found a {}", other.type_str()),
                None,
            ))
        }
    };
    let mut layers = Layers {
        named: BTreeMap::new(),
        named_only: table.folder.is_none(),
    };
    let folder = match &table.folder {
        Some(f) => super::locate(path, "dataset.folder", f)?,
        None => super::folder_of(path).to_owned(),
    };
    for (role, spec) in table.layers {
        // The line that names this layer, for its messages.
        let role_at = PathBuf::from(format!(
            "{}:{}",
            path.display(),
            layer_line(text, line, &role)
        ));
        let bad = |problem: String, hint: Option<String>| Error::Config {
            path: role_at.clone(),
            problem,
            hint,
        };
        if !ROLES.contains(&role.as_str()) {
            let near = did_you_mean(&role, ROLES)
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            return Err(bad(
                format!(
                    "[dataset.layers]: unknown layer {role:?}{near}; the layers are {}",
                    ROLES.join(", ")
                ),
                None,
            ));
        }
        let file = super::locate(path, &format!("dataset.layers.{role}.path"), &spec.path)?;
        let lonlat = match (spec.lon, spec.lat) {
            (None, None) => None,
            (lon, lat) => Some((
                lon.unwrap_or_else(|| "lon".into()),
                lat.unwrap_or_else(|| "lat".into()),
            )),
        };
        let given_lonlat = lonlat.is_some();
        let given_layer = spec.layer.is_some();
        let format = LayerSource::format_of(&file, spec.layer, lonlat)
            .map_err(|p| bad(format!("[dataset.layers] {role}: {p}"), None))?;
        match &format {
            Format::GeoPackage { .. } if given_lonlat => {
                return Err(bad(
                    format!("[dataset.layers] {role}: `lon`/`lat` name CSV columns; a GeoPackage layer has its geometry"),
                    None,
                ))
            }
            Format::Csv { .. } | Format::GeoJson if given_layer => {
                return Err(bad(
                    format!("[dataset.layers] {role}: `layer` names a GeoPackage table; {} holds one layer", spec.path.display()),
                    None,
                ))
            }
            Format::GeoJson if given_lonlat => {
                return Err(bad(
                    format!("[dataset.layers] {role}: `lon`/`lat` name CSV columns; a GeoJSON layer has its geometry"),
                    None,
                ))
            }
            _ => {}
        }
        let crs = match &spec.crs {
            None => None,
            Some(name) => Some(
                parse_crs(name).map_err(|p| bad(format!("[dataset.layers] {role}: {p}"), None))?,
            ),
        };
        for (ours, theirs) in &spec.fields {
            if ours.trim().is_empty() || theirs.trim().is_empty() {
                return Err(bad(
                    format!("[dataset.layers] {role}: `fields` maps {ours:?} to {theirs:?}: a field name cannot be empty"),
                    None,
                ));
            }
        }
        layers.named.insert(
            role,
            LayerSource {
                path: file,
                format,
                crs,
                fields: spec.fields,
                kinds: spec.kinds,
            },
        );
    }
    Ok((folder, layers))
}

/// The 1-based line of `text`, at `from` or after it, that names the layer
/// `role` (`role = {…}` or `[dataset.layers.role]`); `from` when none does.
fn layer_line(text: &str, from: usize, role: &str) -> usize {
    let header = format!("[dataset.layers.{role}]");
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let l = l.trim_start();
            l.starts_with(&header)
                || l.strip_prefix(role)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
                || l.strip_prefix(&format!("\"{role}\""))
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(from, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use crate::io::datum::Datum;
    use crate::io::source::Format;
    use crate::scenario::Scenario;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_table_names_layers_relative_to_the_scenario() {
        let text = "rules = \"r.toml\"\nyear = 2024\n[dataset]\nfolder = \"../gis\"\n[dataset.layers]\nfacilities = { path = \"f.csv\", lon = \"经度\", lat = \"纬度\", crs = \"GCJ-02\" }\nsettlements = { path = \"v.gpkg\", layer = \"villages\", fields = { population = \"常住人口\" } }\n";

        let s = Scenario::from_str(text, Path::new("scenarios/s.toml")).unwrap();

        assert_eq!(s.dataset, PathBuf::from("gis"));
        assert!(!s.layers.named_only);
        let f = &s.layers.named["facilities"];
        assert_eq!(f.path, PathBuf::from("scenarios/f.csv"));
        assert_eq!(f.crs, Some(Datum::Gcj02));
        assert_eq!(
            f.format,
            Format::Csv {
                lon: "经度".into(),
                lat: "纬度".into()
            }
        );
        assert_eq!(
            s.layers.named["settlements"].fields["population"],
            "常住人口"
        );
    }

    #[test]
    fn a_crs_typo_is_fatal_with_the_line() {
        let text = "rules = \"r.toml\"\nyear = 2024\n[dataset.layers]\nfacilities = { path = \"f.csv\", crs = \"GJC-02\" }\n";

        let err = Scenario::from_str(text, Path::new("s.toml")).unwrap_err();

        let msg = err.to_string();
        assert!(msg.contains("unknown crs \"GJC-02\""), "{msg}");
        assert!(msg.contains("s.toml:4"), "{msg}");
    }

    #[test]
    fn an_unknown_layer_or_key_is_fatal() {
        let text =
            "rules = \"r.toml\"\nyear = 2024\n[dataset.layers]\nfacilites = { path = \"f.csv\" }\n";
        let err = Scenario::from_str(text, Path::new("s.toml")).unwrap_err();
        assert!(
            err.to_string().contains("did you mean \"facilities\""),
            "{err}"
        );

        let text = "rules = \"r.toml\"\nyear = 2024\n[dataset.layers]\nfacilities = { path = \"f.csv\", lng = \"x\" }\n";
        let err = Scenario::from_str(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().contains("lng"), "{err}");
    }
}
