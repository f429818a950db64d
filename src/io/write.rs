//! Outcome → files: GeoJSON layers for QGIS and `summary.json`, written atomically.
//!
//! Every file goes to a temp file in the output folder and is synced; only when
//! all of a run's files are staged are they renamed over the old ones
//! ([`OutputDir::commit`](crate::io::write::OutputDir::commit)). A failed run (disk
//! full, say) leaves every old file as it was; a killed run leaves each file
//! either the old complete one or the new complete one. Stale temp files from killed runs are swept first, and a lock file
//! keeps two runs from writing one folder. Features are sorted by id, coordinates
//! rounded to 7 decimals (about 1 cm), so the same inputs give the same bytes.
//! Styles, the GeoPackage, the QGIS project and the report are
//! [`crate::io::publish`]'s: this module hands it the layers as text.

use std::io::Write;
use std::path::{Path, PathBuf};

use geo::{Coord, MultiPolygon, Orient};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::io::publish::Options;
use crate::model::Provenance;
use crate::network::travel::Reach;
use crate::rules::{family_in_data, towns, RuleKind, Status, SubjectRef};
use crate::run::Outcome;
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
/// [`crate::io::publish`]); returns the files staged.
pub fn write_outcome_as(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
) -> Result<Vec<PathBuf>> {
    write_outcome_timed(outcome, out, opts, &mut Timings::default())
}

/// [`write_outcome_as`], recording each stage's wall time and peak memory in `timings`.
pub fn write_outcome_timed(
    outcome: &Outcome,
    out: &OutputDir,
    opts: &Options,
    timings: &mut Timings,
) -> Result<Vec<PathBuf>> {
    let files = timings.stage("layers", || outcome_files(outcome));
    crate::io::publish::write_run(outcome, out, &files, opts, timings)
}

/// Runs a streaming layer writer into memory.
fn to_text(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    fill(&mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// The GeoJSON layers and `summary.json` of `outcome`, by file name.
pub fn outcome_files(outcome: &Outcome) -> Vec<(&'static str, String)> {
    let index = SubjectIndex::new(outcome);
    vec![
        (
            "islands.geojson",
            to_text(|w| islands_layer(outcome, &index, w)),
        ),
        (
            "settlements.geojson",
            to_text(|w| settlements_layer(outcome, &index, w)),
        ),
        (
            "facilities.geojson",
            to_text(|w| facilities_layer(outcome, w)),
        ),
        ("gaps.geojson", to_text(|w| gaps_layer(outcome, w))),
        (
            "relocations.geojson",
            to_text(|w| relocations_layer(outcome, w)),
        ),
        (
            "service_areas.geojson",
            to_text(|w| service_areas_layer(outcome, w)),
        ),
        ("proposed.geojson", to_text(|w| proposed_layer(outcome, w))),
        ("summary.json", summary(outcome)),
    ]
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
        for (k, f) in o.findings.iter().enumerate() {
            match f.subject {
                SubjectRef::Island(i) => by_island[i].push(k),
                SubjectRef::Settlement(s) => by_settlement[s].push(k),
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
    fn of_settlement(&self, s: usize) -> Vec<usize> {
        let mut v = self.by_settlement[s].clone();
        if let Some(i) = self.island_of[s] {
            v.extend(&self.by_island[i]);
            if let Some(t) = self.town_of_island[i] {
                v.extend(&self.by_town[t]);
            }
        }
        v.sort_unstable();
        v
    }
}

/// Rounds to `dp` decimals for output.
fn round(x: f64, dp: i32) -> Value {
    let f = 10f64.powi(dp);
    json!((x * f).round() / f)
}

fn position(c: Coord<f64>) -> Value {
    json!([round(c.x, 7), round(c.y, 7)])
}

fn point_geometry(c: Coord<f64>) -> Value {
    json!({"type": "Point", "coordinates": position(c)})
}

/// RFC 7946 polygon: exterior counter-clockwise, holes clockwise.
fn area_geometry(mp: &MultiPolygon<f64>) -> Value {
    let mp = mp.orient(geo::orient::Direction::Default);
    let ring =
        |ls: &geo::LineString<f64>| Value::Array(ls.0.iter().map(|&c| position(c)).collect());
    let polys: Vec<Value> =
        mp.0.iter()
            .map(|p| {
                let mut rings = vec![ring(p.exterior())];
                rings.extend(p.interiors().iter().map(ring));
                Value::Array(rings)
            })
            .collect();
    if polys.len() == 1 {
        json!({"type": "Polygon", "coordinates": polys[0]})
    } else {
        json!({"type": "MultiPolygon", "coordinates": polys})
    }
}

/// A field name from a rule id: `health-band-island` → `health_band_island`.
fn field(rule_id: &str) -> String {
    rule_id.replace(['-', '.', ' '], "_")
}

fn add_provenance(props: &mut Map<String, Value>, prov: &Provenance) {
    for (k, v) in &prov.0 {
        let key = if props.contains_key(k) {
            format!("input_{k}")
        } else {
            k.clone()
        };
        props.insert(key, v.clone());
    }
}

fn write_collection(
    w: &mut dyn Write,
    name: &str,
    features: impl Iterator<Item = Value>,
) -> std::io::Result<()> {
    writeln!(
        w,
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
        json!(name)
    )?;
    for (i, f) in features.enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *w, &f)?;
    }
    w.write_all(b"\n]}\n")
}

/// A Feature built by moving its parts in (`json!` would copy them through
/// serialisation, which dominated the time on large layers).
fn feature(id: &str, props: Map<String, Value>, geometry: Value) -> Value {
    let mut f = Map::with_capacity(4);
    f.insert("type".into(), Value::String("Feature".into()));
    f.insert("id".into(), Value::String(id.into()));
    f.insert("properties".into(), Value::Object(props));
    f.insert("geometry".into(), geometry);
    Value::Object(f)
}

fn islands_layer(o: &Outcome, index: &SubjectIndex, w: &mut dyn Write) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let features = world.islands.iter().enumerate().map(|(i, island)| {
        let mut p = Map::new();
        p.insert("id".into(), json!(island.id.0));
        p.insert("name".into(), json!(island.name));
        p.insert("name_zh".into(), json!(island.name_zh));
        p.insert("town".into(), json!(island.town));
        p.insert("population".into(), json!(island.population));
        let mut gaps = Vec::new();
        for f in index.by_island[i].iter().map(|&k| &o.findings[k]) {
            let rule = &o.policy.rules[f.rule];
            let key = field(&rule.id);
            p.insert(key.clone(), json!(crate::coverage::status_name(&f.status)));
            if let (RuleKind::Band { bands, .. }, Some(b)) = (&rule.kind, f.band) {
                p.insert(format!("{key}_band"), json!(bands[b].label()));
                p.insert(
                    format!("{key}_clause"),
                    json!(bands[b]
                        .clause
                        .clone()
                        .unwrap_or_else(|| rule.clause.clone())),
                );
                p.insert(format!("{key}_required"), json!(f.required));
                p.insert(format!("{key}_found"), json!(f.found));
            }
            if let Status::Relocate { to, .. } = &f.status {
                p.insert(format!("{key}_to"), json!(world.islands[*to].id.0));
            }
            if matches!(f.status, Status::Gap | Status::NoDestination) {
                gaps.push(rule.id.clone());
            }
        }
        p.insert("gaps".into(), json!(gaps.len()));
        p.insert("gap_rules".into(), json!(gaps.join(",")));
        add_provenance(&mut p, &island.provenance);
        let geometry = match &island.outline {
            Some(mp) => area_geometry(mp),
            None => point_geometry(island.point),
        };
        feature(&island.id.0, p, geometry)
    });
    write_collection(w, "islands", features)
}

fn settlements_layer(o: &Outcome, index: &SubjectIndex, w: &mut dyn Write) -> std::io::Result<()> {
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
    let features = world.settlements.iter().enumerate().map(|(s, st)| {
        let mut p = Map::new();
        p.insert("id".into(), json!(st.id.0));
        p.insert("name".into(), json!(st.name));
        p.insert("name_zh".into(), json!(st.name_zh));
        p.insert("island".into(), json!(st.island.0));
        p.insert(
            "island_assignment".into(),
            json!(st.island_assignment.describe()),
        );
        p.insert("kind".into(), json!(st.kind.name()));
        p.insert("population".into(), json!(st.population));
        p.insert("elderly".into(), json!(st.elderly));
        for (family, reach, in_data) in &family_reach {
            let (minutes, facility, text) = match reach[s] {
                Reach::Reachable { minutes, facility } => (
                    round(minutes, 1),
                    json!(world.facilities[facility].id.0),
                    "reachable",
                ),
                // No facility of the family anywhere in the data: not a finding.
                Reach::Unreachable if !in_data => (Value::Null, Value::Null, "no data"),
                Reach::Unreachable => (Value::Null, Value::Null, "unreachable"),
            };
            p.insert(format!("{family}_min"), minutes);
            p.insert(format!("{family}_facility"), facility);
            p.insert(format!("{family}_reach"), json!(text));
        }
        let mut gaps = Vec::new();
        for f in index.of_settlement(s).into_iter().map(|k| &o.findings[k]) {
            let mine = f.subject == SubjectRef::Settlement(s);
            let rule = &o.policy.rules[f.rule];
            if mine {
                p.insert(
                    field(&rule.id),
                    json!(crate::coverage::status_name(&f.status)),
                );
            }
            if matches!(f.status, Status::Gap | Status::NoDestination) {
                gaps.push(rule.id.clone());
            }
            if let Status::Relocate { .. } = f.status {
                p.insert("relocation".into(), json!(rule.id));
            }
        }
        let status = if p.contains_key("relocation") {
            "relocate"
        } else if gaps.is_empty() {
            "served"
        } else {
            "gap"
        };
        p.insert("status".into(), json!(status));
        p.insert("gaps".into(), json!(gaps.len()));
        p.insert("gap_rules".into(), json!(gaps.join(",")));
        add_provenance(&mut p, &st.provenance);
        feature(&st.id.0, p, point_geometry(st.point))
    });
    write_collection(w, "settlements", features)
}

fn facilities_layer(o: &Outcome, w: &mut dyn Write) -> std::io::Result<()> {
    let features = o.dataset.world.facilities.iter().map(|f| {
        let family = o
            .policy
            .families
            .iter()
            .find(|(_, kinds)| kinds.contains(&f.kind));
        let mut p = Map::new();
        p.insert("id".into(), json!(f.id.0));
        p.insert("name".into(), json!(f.name));
        p.insert("name_zh".into(), json!(f.name_zh));
        p.insert("kind".into(), json!(f.kind));
        p.insert("kind_zh".into(), json!(o.policy.name_zh(&f.kind)));
        p.insert("family".into(), json!(family.map(|(name, _)| name)));
        p.insert(
            "tier".into(),
            json!(family
                .and_then(|(_, kinds)| kinds.iter().position(|k| k == &f.kind))
                .map(|t| t + 1)),
        );
        p.insert("status".into(), json!(f.status.name()));
        p.insert("island".into(), json!(f.island.0));
        p.insert(
            "island_assignment".into(),
            json!(f.island_assignment.describe()),
        );
        p.insert(
            "settlement".into(),
            json!(f.settlement.as_ref().map(|s| &s.0)),
        );
        p.insert("capacity".into(), json!(f.capacity));
        p.insert("staff".into(), json!(f.staff));
        add_provenance(&mut p, &f.provenance);
        feature(&f.id.0, p, point_geometry(f.point))
    });
    write_collection(w, "facilities", features)
}

fn gaps_layer(o: &Outcome, w: &mut dyn Write) -> std::io::Result<()> {
    let features = o.coverage.gaps.iter().map(|g| {
        let Value::Object(p) = serde_json::to_value(g).expect("gaps serialise") else {
            unreachable!("a struct serialises to an object")
        };
        feature(&g.id, p, point_geometry(g.point))
    });
    write_collection(w, "gaps", features)
}

fn relocations_layer(o: &Outcome, w: &mut dyn Write) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let features = o
        .coverage
        .relocations
        .iter()
        .map(|r| {
            let from = &world.islands[r.from];
            let to = r.to.map(|t| &world.islands[t]);
            let mut p = Map::new();
            p.insert("id".into(), json!(from.id.0));
            p.insert("island".into(), json!(from.id.0));
            p.insert("name".into(), json!(from.name));
            p.insert("name_zh".into(), json!(from.name_zh));
            p.insert("residents".into(), json!(r.population));
            p.insert("to".into(), json!(to.map(|t| &t.id.0)));
            p.insert("to_name".into(), json!(to.map(|t| &t.name)));
            p.insert("to_name_zh".into(), json!(to.map(|t| &t.name_zh)));
            p.insert("distance_m".into(), r.distance_m.map_or(Value::Null, |d| round(d, 0)));
            p.insert("basis".into(), json!(r.basis));
            p.insert("rule".into(), json!(r.rule));
            p.insert("clause".into(), json!(r.clause));
            let geometry = match to {
                Some(t) => json!({"type": "LineString", "coordinates": [position(from.point), position(t.point)]}),
                None => point_geometry(from.point),
            };
            feature(&from.id.0, p, geometry)
        })
        .chain(o.moves.iter().map(|m| {
            let from = &world.islands[m.island];
            let dest = &world.settlements[m.to];
            let to = world.island(&dest.island);
            let mut p = Map::new();
            p.insert("id".into(), json!(from.id.0));
            p.insert("island".into(), json!(from.id.0));
            p.insert("name".into(), json!(from.name));
            p.insert("name_zh".into(), json!(from.name_zh));
            p.insert("residents".into(), json!(m.residents));
            p.insert("to".into(), json!(dest.island.0));
            p.insert("to_name".into(), json!(to.map(|t| &t.name)));
            p.insert("to_name_zh".into(), json!(to.map(|t| &t.name_zh)));
            p.insert("to_settlement".into(), json!(dest.id.0));
            let d = crate::project::distance_m(o.dataset.projection.forward(from.point), o.dataset.projection.forward(dest.point));
            p.insert("distance_m".into(), round(d, 0));
            p.insert("basis".into(), json!(format!("relocated by scenario edit ({})", m.origin)));
            p.insert("rule".into(), json!("edit:relocate"));
            p.insert("clause".into(), json!(m.clause));
            let geometry = json!({"type": "LineString", "coordinates": [position(from.point), position(dest.point)]});
            feature(&from.id.0, p, geometry)
        }))
        .collect::<Vec<_>>();
    let mut features = features;
    features.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    write_collection(w, "relocations", features.into_iter())
}

/// One feature per facility × threshold: the land reached, in lon/lat (RFC 7946 winding).
/// Areas with no land (a facility off every outline it could reach) are left out; the
/// summary counts them.
fn service_areas_layer(o: &Outcome, w: &mut dyn Write) -> std::io::Result<()> {
    let world = &o.dataset.world;
    let features = o
        .service_areas
        .iter()
        .filter(|a| !a.area.0.is_empty())
        .map(|a| {
            let fac = &world.facilities[a.facility];
            let id = format!("{}@{}min-{}", fac.id.0, a.minutes, a.profile);
            let mut p = Map::new();
            p.insert("id".into(), json!(id));
            p.insert("facility".into(), json!(fac.id.0));
            p.insert("kind".into(), json!(fac.kind));
            p.insert("island".into(), json!(fac.island.0));
            p.insert("minutes".into(), json!(a.minutes));
            p.insert("profile".into(), json!(a.profile));
            p.insert("rules".into(), json!(a.rules.join(",")));
            p.insert("area_km2".into(), round(a.area_km2, 3));
            let lonlat = o.dataset.projection.inverse_multipolygon(&a.area);
            feature(&id, p, area_geometry(&lonlat))
        });
    write_collection(w, "service_areas", features)
}

/// One feature per proposed facility (see [`crate::propose`]).
fn proposed_layer(o: &Outcome, w: &mut dyn Write) -> std::io::Result<()> {
    let features = o.proposals.sites.iter().map(|p| {
        let Value::Object(props) = serde_json::to_value(p).expect("proposals serialise") else {
            unreachable!("a struct serialises to an object")
        };
        let mut props = props;
        props.insert("kind_zh".into(), json!(o.policy.name_zh(&p.kind)));
        feature(&p.id, props, point_geometry(p.point))
    });
    write_collection(w, "proposed", features)
}

/// `summary.json`: rule-by-rule figures, totals, inputs, rejections and warnings.
pub fn summary(o: &Outcome) -> String {
    let world = &o.dataset.world;
    let c = o.dataset.projection.center();
    let population: u64 = world.settlements.iter().map(|s| s.population).sum();
    let island_population: u64 = world.islands.iter().map(|i| i.population).sum();
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
            "to": r.to.map(|t| &world.islands[t].id.0),
            "residents": r.population,
            "distance_m": r.distance_m.map(|d| d.round()),
            "basis": r.basis,
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
    comparison_files(c)
        .iter()
        .map(|(name, text)| out.write(name, text.as_bytes()))
        .collect()
}

/// The files of a comparison, by name (see [`write_comparison`]).
pub fn comparison_files(c: &crate::compare::Comparison) -> Vec<(&'static str, String)> {
    let facilities: Vec<Value> = c
        .facilities
        .iter()
        .map(|f| {
            let Value::Object(mut p) = serde_json::to_value(f).expect("diffs serialise") else {
                unreachable!("a struct serialises to an object")
            };
            let pos = |c: Option<Coord<f64>>| c.map_or(Value::Null, position);
            p.insert("before_lonlat".into(), pos(f.before));
            p.insert("after_lonlat".into(), pos(f.after));
            let at = f.after.or(f.before).expect("a diff has one side at least");
            feature(&f.id, p, point_geometry(at))
        })
        .collect();
    let settlements = c
        .settlements
        .iter()
        .map(|s| {
            let Value::Object(p) = serde_json::to_value(s).expect("diffs serialise") else {
                unreachable!("a struct serialises to an object")
            };
            feature(&s.id, p, point_geometry(s.point))
        })
        .collect::<Vec<_>>();
    let mut json_text = serde_json::to_string_pretty(c).expect("comparisons serialise");
    json_text.push('\n');
    vec![
        ("compare.json", json_text),
        ("compare.csv", crate::compare::csv(c)),
        ("compare.md", crate::compare::markdown(c)),
        (
            "diff_facilities.geojson",
            to_text(|w| write_collection(w, "diff_facilities", facilities.into_iter())),
        ),
        (
            "diff_settlements.geojson",
            to_text(|w| write_collection(w, "diff_settlements", settlements.into_iter())),
        ),
    ]
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
