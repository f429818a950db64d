//! Edits read from an edited layer: what GIS staff changed in QGIS, as scenario
//! edits.
//!
//! The edited layer (a facilities or settlements layer, GeoJSON or a GeoPackage
//! layer — isleplan's own `facilities` or `proposed` output included) is compared,
//! feature by feature and by id, with the world a scenario loads (its dataset with
//! its edits applied). Each difference becomes one edit of a new scenario that
//! inherits the old one:
//!
//! | in the edited layer | edit |
//! |---|---|
//! | a facility whose id the world lacks (no id: `added-<fid>`) | `add-facility` |
//! | every feature of a `proposed` layer (the proposals kept) | `add-facility` |
//! | a facility more than the tolerance from where it was | `move-facility` |
//! | a facility of the world that is gone | `close-facility` |
//! | a facility whose `status` became `closing` | `close-facility` |
//! | a facility with another `kind`, `name`, `name_zh` or `status` | `change-facility` |
//! | a settlement with another `population` | `set-population` |
//!
//! Every edit carries a comment naming the feature. Changes no edit can express
//! (a settlement moved, added or deleted) are listed, never dropped silently.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use geo::{Coord, Distance, Haversine, Point};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::io::source::{LayerSource, SourceFeature};
use crate::model::{FacilityStatus, World};

/// The default distance below which a facility counts as not moved, metres. The
/// output layers round coordinates to 7 decimals (about 1 cm); a metre is far
/// below any service-area difference and above any rounding.
pub const DEFAULT_TOLERANCE_M: f64 = 1.0;

/// Which layer was edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditedKind {
    /// Facilities: added, moved, closed, changed.
    Facilities,
    /// Proposed facilities: each one kept is added.
    Proposed,
    /// Settlements: populations set.
    Settlements,
}

impl EditedKind {
    /// The kind a layer name (a GeoPackage table, or the file's stem) says.
    pub fn of_name(name: &str) -> Self {
        let n = name.to_ascii_lowercase();
        if n.contains("proposed") {
            Self::Proposed
        } else if n.contains("settlement") {
            Self::Settlements
        } else {
            Self::Facilities
        }
    }
}

/// One feature of the edited layer.
#[derive(Debug, Clone, PartialEq)]
pub struct EditedFeature {
    /// 0-based position in the layer.
    pub index: usize,
    /// Its id (`None`: added without one).
    pub id: Option<String>,
    /// The feature's own id when it has none in `id` (a GeoPackage fid).
    pub fid: Option<String>,
    /// Its fields.
    pub props: Map<String, Value>,
    /// Its point.
    pub point: Option<Coord<f64>>,
}

/// The edited layer as read: its label and features.
#[derive(Debug, Clone)]
pub struct EditedLayer {
    /// The layer as messages name it.
    pub label: String,
    /// Which layer it is.
    pub kind: EditedKind,
    /// Its features, in layer order.
    pub features: Vec<EditedFeature>,
}

/// Reads the edited layer at `path` (`layer`: the GeoPackage table; without it,
/// `facilities` when the GeoPackage has it, else its only table).
pub fn read_edited(path: &Path, layer: Option<&str>) -> Result<EditedLayer> {
    let config = |problem: String| Error::Config {
        path: path.to_owned(),
        problem,
        hint: None,
    };
    let is_gpkg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"));
    let layer = match (layer, is_gpkg) {
        (Some(l), _) => Some(l.to_owned()),
        (None, true) => Some("facilities".to_owned()),
        (None, false) => None,
    };
    let format = LayerSource::format_of(path, layer.clone(), None).map_err(config)?;
    let src = LayerSource {
        path: path.to_owned(),
        format,
        crs: None,
        fields: BTreeMap::new(),
        kinds: BTreeMap::new(),
    };
    let name = layer.clone().unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let label = src.label(&name);
    let mut features = Vec::new();
    let mut problems = Vec::new();
    src.read(&label, &[], |f: SourceFeature| {
        if let Some(p) = &f.problem {
            problems.push(format!(
                "{label}: feature #{} field {:?}: {}",
                f.index, p.field, p.reason
            ));
            return;
        }
        let point = match f.geometry.get("type").and_then(Value::as_str) {
            Some("Point") => {
                let c = &f.geometry["coordinates"];
                c[0].as_f64()
                    .zip(c[1].as_f64())
                    .map(|(x, y)| Coord { x, y })
            }
            _ => None,
        };
        let own_id = match f.props.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        features.push(EditedFeature {
            index: f.index,
            fid: f.fid.clone().filter(|_| own_id.is_none()),
            id: own_id.or(f.id),
            props: f.props,
            point,
        });
    })?;
    if let Some(first) = problems.first() {
        return Err(config(format!(
            "{} feature(s) of the edited layer cannot be read; the first: {first}",
            problems.len()
        )));
    }
    Ok(EditedLayer {
        label,
        kind: EditedKind::of_name(&name),
        features,
    })
}

/// One derived edit: the comment naming the feature and the `[[edit]]` body.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedEdit {
    /// Says which feature, and what changed.
    pub comment: String,
    /// `key = value` lines, `type` first.
    pub body: Vec<(String, toml::Value)>,
}

/// The edits, and the changes no edit can express.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// The edits, in order: closures, moves and changes by id, then additions.
    pub edits: Vec<DerivedEdit>,
    /// What the layer changed that no edit expresses.
    pub unexpressed: Vec<String>,
}

fn text(props: &Map<String, Value>, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn s(v: &str) -> toml::Value {
    toml::Value::String(v.to_owned())
}

fn at(c: Coord<f64>) -> toml::Value {
    toml::Value::Array(vec![toml::Value::Float(c.x), toml::Value::Float(c.y)])
}

/// The feature in words: its name (the layer's, else `known`), id, index and fid.
fn named(f: &EditedFeature, label: &str, known: &str) -> String {
    let name = text(&f.props, "name_zh")
        .or_else(|| text(&f.props, "name"))
        .unwrap_or_else(|| known.to_owned());
    let id =
        f.id.as_deref()
            .map_or_else(|| "(no id)".to_owned(), |i| format!("({i})"));
    let fid = f
        .fid
        .as_deref()
        .map(|x| format!(", fid {x}"))
        .unwrap_or_default();
    format!("{name} {id}, feature #{}{fid} of {label}", f.index)
        .trim_start()
        .to_owned()
}

/// Compares the edited layer with `world`; `tolerance_m` is the distance below
/// which a facility has not moved. Fatal: two features with one id, an added
/// facility without a point or a kind.
pub fn derive(world: &World, layer: &EditedLayer, tolerance_m: f64) -> Result<Derived> {
    let fatal = |problem: String| Error::Layer {
        path: PathBuf::from(&layer.label),
        problem,
        hint: None,
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &layer.features {
        if let Some(id) = f.id.as_deref() {
            if let Some(first) = seen.insert(id, f.index) {
                return Err(fatal(format!(
                    "feature #{} field \"id\": id {id:?} is also feature #{first}'s; each feature needs its own",
                    f.index
                )));
            }
        }
    }
    match layer.kind {
        EditedKind::Settlements => Ok(derive_settlements(world, layer)),
        EditedKind::Facilities | EditedKind::Proposed => {
            derive_facilities(world, layer, tolerance_m).map_err(fatal)
        }
    }
}

fn derive_facilities(
    world: &World,
    layer: &EditedLayer,
    tolerance_m: f64,
) -> std::result::Result<Derived, String> {
    let mut out = Derived::default();
    let label = &layer.label;
    let proposals = layer.kind == EditedKind::Proposed;
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    let mut additions = Vec::new();
    for f in &layer.features {
        let existing =
            f.id.as_deref()
                .filter(|_| f.fid.is_none())
                .and_then(|id| world.facilities.iter().find(|w| w.id.as_str() == id));
        let Some(w) = existing.filter(|_| !proposals) else {
            additions.push(f);
            continue;
        };
        kept.insert(w.id.as_str());
        let known = if w.name_zh.is_empty() {
            &w.name
        } else {
            &w.name_zh
        };
        let who = named(f, label, known);
        if let Some(p) = f.point {
            let d = Haversine.distance(Point(w.point), Point(p));
            if d > tolerance_m {
                out.edits.push(DerivedEdit {
                    comment: format!("moved {d:.0} m: {who}"),
                    body: vec![
                        ("type".into(), s("move-facility")),
                        ("id".into(), s(w.id.as_str())),
                        ("to".into(), at(p)),
                    ],
                });
            }
        }
        let status = text(&f.props, "status");
        if status.as_deref() == Some("closing") && w.status != FacilityStatus::Closing {
            out.edits.push(DerivedEdit {
                comment: format!("status set to closing: {who}"),
                body: vec![
                    ("type".into(), s("close-facility")),
                    ("id".into(), s(w.id.as_str())),
                ],
            });
        }
        let mut changed = Vec::new();
        let mut what = Vec::new();
        for (key, before) in [
            ("kind", w.kind.as_str()),
            ("name", w.name.as_str()),
            ("name_zh", w.name_zh.as_str()),
            ("status", w.status.name()),
        ] {
            let Some(after) = text(&f.props, key) else {
                continue;
            };
            if after != before && !(key == "status" && after == "closing") {
                what.push(format!("{key} {before:?} → {after:?}"));
                changed.push((key.to_owned(), s(&after)));
            }
        }
        if !changed.is_empty() {
            let mut body = vec![
                ("type".into(), s("change-facility")),
                ("id".into(), s(w.id.as_str())),
            ];
            body.extend(changed);
            out.edits.push(DerivedEdit {
                comment: format!("changed {}: {who}", what.join(", ")),
                body,
            });
        }
    }
    if !proposals {
        for w in &world.facilities {
            if w.status != FacilityStatus::Closing && !kept.contains(w.id.as_str()) {
                let name = if w.name_zh.is_empty() {
                    &w.name
                } else {
                    &w.name_zh
                };
                out.edits.push(DerivedEdit {
                    comment: format!("deleted from {label}: {name} ({})", w.id.as_str()),
                    body: vec![
                        ("type".into(), s("close-facility")),
                        ("id".into(), s(w.id.as_str())),
                    ],
                });
            }
        }
    }
    for f in additions {
        let who = named(f, label, "");
        let id = match (&f.fid, &f.id) {
            (None, Some(id)) => id.clone(),
            (Some(fid), _) => format!("added-{fid}"),
            (None, None) => format!("added-{}", f.index + 1),
        };
        if world.facilities.iter().any(|w| w.id.as_str() == id) && proposals {
            out.unexpressed.push(format!(
                "{who}: the proposal's id is already a facility's; left out"
            ));
            continue;
        }
        let point = f.point.ok_or_else(|| {
            format!(
                "feature #{} field \"geometry\": an added facility needs a point ({who})",
                f.index
            )
        })?;
        let kind = text(&f.props, "kind").ok_or_else(|| {
            format!(
                "feature #{} field \"kind\": an added facility needs a kind ({who})",
                f.index
            )
        })?;
        let mut body = vec![
            ("type".into(), s("add-facility")),
            ("id".into(), s(&id)),
            ("kind".into(), s(&kind)),
        ];
        for key in ["name", "name_zh"] {
            if let Some(v) = text(&f.props, key) {
                body.push((key.into(), s(&v)));
            }
        }
        body.push(("at".into(), at(point)));
        if let Some(st) = text(&f.props, "status").filter(|st| st != "existing") {
            body.push(("status".into(), s(&st)));
        }
        if proposals {
            if let Some(c) = text(&f.props, "clause") {
                body.push(("clause".into(), s(&c)));
            }
        }
        let how = if proposals { "proposal kept" } else { "added" };
        out.edits.push(DerivedEdit {
            comment: format!("{how}: {who}"),
            body,
        });
    }
    Ok(out)
}

fn derive_settlements(world: &World, layer: &EditedLayer) -> Derived {
    let mut out = Derived::default();
    let label = &layer.label;
    let mut kept = BTreeSet::new();
    for f in &layer.features {
        let who = named(f, label, "");
        let Some(w) =
            f.id.as_deref()
                .and_then(|id| world.settlements.iter().find(|s| s.id.as_str() == id))
        else {
            out.unexpressed.push(format!(
                "{who}: a settlement the dataset lacks; no edit adds a settlement (add it to the dataset)"
            ));
            continue;
        };
        kept.insert(w.id.as_str());
        if let Some(p) = f.point {
            let d = Haversine.distance(Point(w.point), Point(p));
            if d > DEFAULT_TOLERANCE_M {
                out.unexpressed.push(format!(
                    "{who}: moved {d:.0} m; no edit moves a settlement (move it in the dataset)"
                ));
            }
        }
        match f.props.get("population").and_then(Value::as_u64) {
            Some(pop) if pop != w.population => out.edits.push(DerivedEdit {
                comment: format!("population {} → {pop}: {who}", w.population),
                body: vec![
                    ("type".into(), s("set-population")),
                    ("settlement".into(), s(w.id.as_str())),
                    (
                        "population".into(),
                        toml::Value::Integer(i64::try_from(pop).unwrap_or(i64::MAX)),
                    ),
                ],
            }),
            _ => {}
        }
    }
    for w in &world.settlements {
        if !kept.contains(w.id.as_str()) {
            out.unexpressed.push(format!(
                "{} ({}): deleted from {label}; no edit removes a settlement (set its population to 0, or relocate its island)",
                w.name_zh,
                w.id.as_str()
            ));
        }
    }
    out
}

/// The new scenario's text: it inherits `base` (written relative to the new
/// file's folder `out_dir`), then holds the edits, each under its comment;
/// without `name`, the scenario is named after its file.
pub fn scenario_text(
    base: &Path,
    out_dir: &Path,
    name: Option<&str>,
    layer: &EditedLayer,
    derived: &Derived,
    tolerance_m: f64,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Edits read from {} against {}.\n# A facility within {tolerance_m} m of where it was counts as not moved.",
        layer.label,
        base.display()
    );
    for u in &derived.unexpressed {
        let _ = writeln!(t, "# not expressed: {u}");
    }
    if let Some(name) = name {
        let _ = writeln!(t, "name = {}", s(name));
    }
    let base_text = relative(base, out_dir);
    let _ = writeln!(t, "base = {}", s(&base_text.display().to_string()));
    for e in &derived.edits {
        let _ = writeln!(t, "\n[[edit]]\n# {}", e.comment.replace('\n', " "));
        for (k, v) in &e.body {
            let _ = writeln!(t, "{k} = {v}");
        }
    }
    t
}

/// `path` relative to the folder `from` (both made absolute first); `path`
/// itself, absolute, when they share no root.
pub fn relative(path: &Path, from: &Path) -> PathBuf {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|a| super::resolve(&a))
            .unwrap_or_else(|_| p.to_owned())
    };
    let (p, f) = (abs(path), abs(from));
    let pc: Vec<_> = p.components().collect();
    let fc: Vec<_> = f.components().collect();
    let common = pc.iter().zip(&fc).take_while(|(a, b)| a == b).count();
    // Sharing only the root (or nothing), the absolute path says more.
    if common <= 1 {
        return p;
    }
    let mut out = PathBuf::new();
    for _ in common..fc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Facility, FacilityId, IslandAssignment, IslandId, Provenance};
    use serde_json::json;

    fn facility(id: &str, x: f64) -> Facility {
        Facility {
            id: FacilityId(id.into()),
            name: String::new(),
            name_zh: format!("{id}站"),
            kind: "village_clinic".into(),
            island: IslandId("i".into()),
            island_assignment: IslandAssignment::Given,
            settlement: None,
            status: FacilityStatus::Existing,
            capacity: None,
            staff: None,
            point: Coord { x, y: 30.0 },
            provenance: Provenance::default(),
        }
    }

    fn feature(index: usize, id: Option<&str>, x: f64, props: Value) -> EditedFeature {
        EditedFeature {
            index,
            id: id.map(str::to_owned),
            fid: None,
            props: props.as_object().unwrap().clone(),
            point: Some(Coord { x, y: 30.0 }),
        }
    }

    #[test]
    fn moves_closures_changes_and_additions_are_found() {
        let world = World {
            facilities: vec![
                facility("a", 122.0),
                facility("b", 122.1),
                facility("c", 122.2),
            ],
            ..World::default()
        };
        // a moved 0.001° of longitude at 30° N: 96.5 m (111.32 km × cos 30° / 1000);
        // b deleted; c renamed and nudged 0.000001° (9.6 cm, under 1 m); d added.
        let layer = EditedLayer {
            label: "e.geojson".into(),
            kind: EditedKind::Facilities,
            features: vec![
                feature(0, Some("a"), 122.001, json!({"id": "a"})),
                feature(
                    1,
                    Some("c"),
                    122.200001,
                    json!({"id": "c", "name_zh": "新名"}),
                ),
                feature(2, None, 122.3, json!({"kind": "village_clinic"})),
            ],
        };

        let d = derive(&world, &layer, 1.0).unwrap();

        let types: Vec<(String, String)> = d
            .edits
            .iter()
            .map(|e| {
                (
                    e.body[0].1.as_str().unwrap().to_owned(),
                    e.body[1].1.as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            types,
            [
                ("move-facility".to_owned(), "a".to_owned()),
                ("change-facility".to_owned(), "c".to_owned()),
                ("close-facility".to_owned(), "b".to_owned()),
                ("add-facility".to_owned(), "added-3".to_owned()),
            ]
        );
        assert!(
            d.edits[0]
                .comment
                .starts_with("moved 96 m: a站 (a), feature #0"),
            "{}",
            d.edits[0].comment
        );
    }

    #[test]
    fn an_added_facility_without_a_kind_is_named() {
        let world = World::default();
        let layer = EditedLayer {
            label: "e.geojson".into(),
            kind: EditedKind::Facilities,
            features: vec![feature(4, Some("new"), 122.0, json!({"id": "new"}))],
        };

        let err = derive(&world, &layer, 1.0).unwrap_err().to_string();

        assert!(err.contains("feature #4 field \"kind\""), "{err}");
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative(Path::new("/a/b/s.toml"), Path::new("/a/c/d")),
            PathBuf::from("../../b/s.toml")
        );
        assert_eq!(
            relative(Path::new("/a/b/s.toml"), Path::new("/tmp/x")),
            PathBuf::from("/a/b/s.toml")
        );
    }
}
