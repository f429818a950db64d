//! A seeded generator of synthetic archipelagos, for benchmarks and stress tests.
//!
//! Writes a dataset folder (islands with outlines, settlements, facilities of each
//! kind, piers and ferry links, candidate sites), a rules file and a scenario, at
//! any size: features stream straight to disk, so a million settlements need
//! memory for the islands only. The same seed gives the same bytes.

use std::f64::consts::TAU;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::{Error, Result};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    /// Settlements (demand points).
    pub settlements: usize,
    /// Islands; 0 picks one per 1,000 settlements (at least 3).
    pub islands: usize,
    /// Facilities other than piers; 0 picks one per 100 settlements (at least 10).
    pub facilities: usize,
    /// Candidate sites; 0 picks one per 10 settlements (at least 10).
    pub candidates: usize,
    /// Random seed.
    pub seed: u64,
    /// Also write `roads.geojson`: a road network on every island.
    pub roads: bool,
}

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.f64() * n as f64) as usize % n.max(1)
    }
}

/// Facility kinds and their share of generated facilities.
const KINDS: [(&str, f64); 12] = [
    ("village_clinic", 0.30),
    ("sub_centre", 0.05),
    ("health_centre", 0.06),
    ("hospital", 0.02),
    ("emergency_point", 0.03),
    ("aed", 0.15),
    ("care_station", 0.12),
    ("elderly_care_centre", 0.03),
    ("meal_point", 0.12),
    ("canteen", 0.03),
    ("senior_school", 0.04),
    ("training_centre", 0.05),
];

struct GenIsland {
    id: String,
    center: (f64, f64),
    /// Radius of each of the 16 outline vertices, degrees of latitude.
    radii: [f64; 16],
    population: u64,
    town: String,
}

impl GenIsland {
    /// A point strictly inside the outline: within the smallest radius.
    fn inside(&self, rng: &mut Rng) -> (f64, f64) {
        let r_min = self.radii.iter().cloned().fold(f64::INFINITY, f64::min) * 0.95;
        let r = r_min * rng.f64().sqrt();
        let a = rng.f64() * TAU;
        self.offset(r, a)
    }

    fn offset(&self, r: f64, a: f64) -> (f64, f64) {
        let k = self.center.1.to_radians().cos();
        (self.center.0 + r * a.cos() / k, self.center.1 + r * a.sin())
    }

    /// Where its pier stands: just inside the outline's first vertex.
    fn pier(&self) -> (f64, f64) {
        let v = self.vertex(0);
        (
            self.center.0 + (v.0 - self.center.0) * 0.97,
            self.center.1 + (v.1 - self.center.1) * 0.97,
        )
    }

    fn vertex(&self, i: usize) -> (f64, f64) {
        self.offset(self.radii[i % 16], TAU * (i % 16) as f64 / 16.0)
    }
}

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A file being written under a temp name beside its target, created new (never
/// through a file or link already there) and renamed over the target when done —
/// which replaces a link at the target, never what it points to. Removed if
/// dropped unfinished.
struct Temp {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Temp {
    fn create(target: &Path) -> Result<(Self, std::fs::File)> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut last = None;
        for attempt in 0..16u64 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let tmp = dir.join(format!(
                ".{name}.{}-{nanos}-{attempt}.isleplan-tmp",
                std::process::id()
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(file) => {
                    return Ok((
                        Self {
                            tmp,
                            target: target.to_owned(),
                            done: false,
                        },
                        file,
                    ))
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(source) => {
                    return Err(Error::Write {
                        path: target.to_owned(),
                        source,
                    })
                }
            }
        }
        Err(Error::Write {
            path: target.to_owned(),
            source: last.unwrap_or_else(|| std::io::Error::other("no temp name free")),
        })
    }

    fn publish(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.target).map_err(|source| Error::Write {
            path: self.target.clone(),
            source,
        })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `text` to `path` through a [`Temp`].
fn write_file(path: &Path, text: &str) -> Result<()> {
    let (temp, mut file) = Temp::create(path)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })?;
    drop(file);
    temp.publish()
}

struct Layer {
    out: BufWriter<std::fs::File>,
    first: bool,
    path: std::path::PathBuf,
    temp: Temp,
}

impl Layer {
    fn create(path: &Path) -> Result<Self> {
        let (temp, file) = Temp::create(path)?;
        let mut l = Self {
            out: BufWriter::with_capacity(1 << 20, file),
            first: true,
            path: path.to_owned(),
            temp,
        };
        l.raw(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
        Ok(l)
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    fn feature(&mut self, props: serde_json::Value, geometry: serde_json::Value) -> Result<()> {
        if !self.first {
            self.raw(b",\n")?;
        }
        self.first = false;
        let f = json!({"type": "Feature", "properties": props, "geometry": geometry});
        self.raw(f.to_string().as_bytes())
    }

    fn finish(mut self) -> Result<()> {
        self.raw(b"\n]}\n")?;
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        drop(self.out);
        self.temp.publish()
    }
}

/// Generates a synthetic archipelago into `dir` (a dataset plus `rules.toml` and
/// `scenario.toml`).
///
/// # Algorithm
/// Settlements are spread over islands in proportion to 1/sqrt(rank); each island
/// is a 16-vertex star outline whose area is about 3 km² per settlement, packed
/// in rows 5 km apart; settlements sit at uniform points inside. Each island gets
/// one pier on its coast; ferry links join each island to the nearest island placed
/// before it and to its row neighbour (a connected network), with crossing minutes
/// from the distance at 25 km/h and 1–12 departures a day.
///
/// # Runtime
/// O(settlements + facilities + candidates), memory O(islands).
pub fn generate(dir: &Path, opts: &GenOptions) -> Result<()> {
    generate_with(dir, opts, false)
}

/// [`generate`], into a folder that may already hold files when `force`: the
/// files gen writes (its layers, `rules.toml`, `scenario.toml`) are replaced —
/// each written to a temp file and renamed over the old one, so a link there is
/// replaced, never written through — and nothing else in the folder is touched.
/// Without `force`, a folder that is not empty is refused before anything is
/// written.
pub fn generate_with(dir: &Path, opts: &GenOptions, force: bool) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let mut entries = std::fs::read_dir(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    if !force && entries.next().is_some() {
        return Err(Error::Output {
            path: dir.to_owned(),
            problem: "it is not empty, and gen would replace its layers, rules.toml and scenario.toml".into(),
            hint: Some(
                "choose a new or empty folder, or add --force to replace the files gen writes (nothing else in the folder is touched)"
                    .into(),
            ),
        });
    }
    let mut rng = Rng::new(opts.seed);
    let n_islands = if opts.islands > 0 {
        opts.islands
    } else {
        (opts.settlements / 1000).max(3)
    };
    let n_fac = if opts.facilities > 0 {
        opts.facilities
    } else {
        (opts.settlements / 100).max(10)
    };
    let n_cand = if opts.candidates > 0 {
        opts.candidates
    } else {
        (opts.settlements / 10).max(10)
    };
    // Island sizes follow 1/sqrt(rank): one large island, a long tail of small ones.
    let weights: Vec<f64> = (0..n_islands)
        .map(|i| 1.0 / (i as f64 + 1.0).sqrt())
        .collect();
    let total_w: f64 = weights.iter().sum();
    // Settlement counts per island, at least one each, summing to the total.
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| ((w / total_w) * opts.settlements as f64).floor() as usize)
        .collect();
    let mut assigned: usize = counts.iter().sum();
    let mut i = 0;
    while assigned < opts.settlements {
        counts[i % n_islands] += 1;
        assigned += 1;
        i += 1;
    }
    // Each island's area grows with its settlements (about 3 km² each, a rural
    // density), so the number of villages within 15 minutes stays realistic at any
    // size. Islands are packed in rows, largest first, 5 km apart.
    let radius_deg: Vec<f64> = counts
        .iter()
        .map(|&c| ((c as f64 * 3.0 / std::f64::consts::PI).sqrt() / 111.0).max(0.01))
        .collect();
    let gap = 0.05;
    let total: f64 = radius_deg.iter().map(|r| (2.0 * r + gap).powi(2)).sum();
    let row_width = total.sqrt().max(2.0 * radius_deg[0] + gap);
    let mut centers = Vec::with_capacity(n_islands);
    let (mut x, mut y, mut row_height) = (0.0, 0.0, 0.0f64);
    for &r in &radius_deg {
        let d = 2.0 * r + gap;
        if x > 0.0 && x + d > row_width {
            x = 0.0;
            y += row_height;
            row_height = 0.0;
        }
        centers.push((x + d / 2.0, y + d / 2.0));
        x += d;
        row_height = row_height.max(d);
    }
    let mut islands: Vec<GenIsland> = (0..n_islands)
        .map(|k| {
            let size = radius_deg[k];
            let mut radii = [0.0; 16];
            for r in &mut radii {
                *r = size * (0.75 + 0.25 * rng.f64());
            }
            let k_lon = (28.0f64).to_radians().cos();
            GenIsland {
                id: format!("i{k:06}"),
                center: (110.0 + centers[k].0 / k_lon, 20.0 + centers[k].1),
                radii,
                population: 0,
                town: format!("town-{:04}", k / 10),
            }
        })
        .collect();

    // Settlements, streamed.
    let mut layer = Layer::create(&dir.join("settlements.geojson"))?;
    let mut sid = 0usize;
    for (k, &count) in counts.iter().enumerate() {
        for _ in 0..count {
            let (x, y) = islands[k].inside(&mut rng);
            let pop = 50 + (rng.f64().powi(3) * 3000.0) as u64;
            let elderly = pop / 4;
            islands[k].population += pop;
            let kind = if rng.f64() < 0.8 {
                "village"
            } else {
                "community"
            };
            layer.feature(
                json!({"id": format!("s{sid:07}"), "name": format!("Settlement {sid}"), "island": islands[k].id,
                       "kind": kind, "population": pop, "elderly": elderly,
                       "population_method": "synthetic (isleplan gen)"}),
                json!({"type": "Point", "coordinates": [r6(x), r6(y)]}),
            )?;
            sid += 1;
        }
    }
    layer.finish()?;

    // Islands with outlines.
    let mut layer = Layer::create(&dir.join("islands.geojson"))?;
    for isl in &islands {
        let mut ring: Vec<[f64; 2]> = (0..16)
            .map(|i| {
                let (x, y) = isl.vertex(i);
                [r6(x), r6(y)]
            })
            .collect();
        ring.push(ring[0]);
        layer.feature(
            json!({"id": isl.id, "name": format!("Island {}", isl.id), "town": isl.town, "population": isl.population,
                   "population_method": "synthetic (isleplan gen)"}),
            json!({"type": "Polygon", "coordinates": [ring]}),
        )?;
    }
    layer.finish()?;

    // Facilities: piers on each coast, then the rest by kind.
    let mut layer = Layer::create(&dir.join("facilities.geojson"))?;
    for isl in &islands {
        let (x, y) = isl.pier();
        layer.feature(
            json!({"id": format!("pier-{}", isl.id), "name": format!("Pier {}", isl.id), "kind": "pier", "island": isl.id}),
            json!({"type": "Point", "coordinates": [r6(x), r6(y)]}),
        )?;
    }
    for f in 0..n_fac {
        let k = rng.below(n_islands);
        let mut u = rng.f64();
        let kind = KINDS
            .iter()
            .find(|(_, share)| {
                u -= share;
                u < 0.0
            })
            .map_or("village_clinic", |(k, _)| k);
        let (x, y) = islands[k].inside(&mut rng);
        let staff = if kind == "elderly_care_centre" || kind == "care_station" {
            2 + rng.below(10)
        } else {
            0
        };
        let mut props = json!({"id": format!("f{f:07}"), "name": format!("{kind} {f}"), "kind": kind, "island": islands[k].id});
        if staff > 0 {
            props["staff"] = json!(staff);
        }
        layer.feature(
            props,
            json!({"type": "Point", "coordinates": [r6(x), r6(y)]}),
        )?;
    }
    layer.finish()?;

    // Ferries: each island to the nearest island placed before it (a connected
    // network), and to the one before it in its row when that is another island.
    let mut layer = Layer::create(&dir.join("ferries.geojson"))?;
    for k in 1..n_islands {
        let dist = |j: usize| {
            let (a, b) = (islands[k].center, islands[j].center);
            ((a.0 - b.0) * 0.88).hypot(a.1 - b.1) - radius_deg[j]
        };
        let nearest = (0..k)
            .min_by(|&a, &b| dist(a).total_cmp(&dist(b)).then(a.cmp(&b)))
            .unwrap_or(0);
        let mut ends = vec![nearest];
        if k - 1 != nearest && (centers[k].1 - centers[k - 1].1).abs() < 1e-12 {
            ends.push(k - 1);
        }
        for j in ends {
            let (a, b) = (&islands[k], &islands[j]);
            let (ax, ay) = a.vertex(0);
            let (bx, by) = b.vertex(0);
            let km = ((ax - bx) * 111.32 * a.center.1.to_radians().cos()).hypot((ay - by) * 110.57);
            layer.feature(
                json!({"id": format!("l-{}-{}", a.id, b.id), "from": format!("pier-{}", a.id), "to": format!("pier-{}", b.id),
                       "minutes": (km / 25.0 * 60.0).round().max(1.0), "departures_per_day": 1 + rng.below(12),
                       "minutes_method": "synthetic: straight line at 25 km/h"}),
                serde_json::Value::Null,
            )?;
        }
    }
    layer.finish()?;

    // Candidate sites.
    let mut layer = Layer::create(&dir.join("candidates.geojson"))?;
    for c in 0..n_cand {
        let k = rng.below(n_islands);
        let (x, y) = islands[k].inside(&mut rng);
        layer.feature(
            json!({"id": format!("c{c:07}"), "island": islands[k].id, "cost": 1}),
            json!({"type": "Point", "coordinates": [r6(x), r6(y)]}),
        )?;
    }
    layer.finish()?;

    if opts.roads {
        write_roads(dir, &islands, &mut rng)?;
    } else {
        // A road network an earlier `gen --roads` wrote here belongs to other
        // islands: replaced by none, not left to be read with these.
        let old = dir.join("roads.geojson");
        match std::fs::remove_file(&old) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Write { path: old, source }),
        }
    }

    let mut rules = strip_named_destinations(include_str!("../scenarios/putuo-2024-rules.toml"));
    if opts.roads {
        // Settlements lie up to about a grid spacing from a road (see `write_roads`).
        rules = rules.replacen(
            "[travel]\n",
            &format!("[travel]\n# Synthetic roads lie up to {ROAD_SPACING_KM} km apart: points join them up to 2 km away.\nmax_snap_m = 2000\n"),
            1,
        );
    }
    let write = |name: &str, text: &str| write_file(&dir.join(name), text);
    write("rules.toml", &rules)?;
    write(
        "scenario.toml",
        &format!(
            "# Synthetic archipelago: {} settlements, {n_islands} islands, {n_fac} facilities, seed {}.\nname = \"synthetic\"\ndataset = \".\"\nrules = \"rules.toml\"\nyear = 2025\n",
            opts.settlements, opts.seed
        ),
    )?;
    Ok(())
}

/// Spacing of the synthetic road grid, km: with a midpoint on each row's edges, about
/// two road segments per settlement at gen's density (3 km² a settlement).
pub const ROAD_SPACING_KM: f64 = 1.6;

/// A road network on each island, streamed to `roads.geojson`.
///
/// Inside a coast road (a closed 64-gon at 0.955 of the island's smallest radius,
/// inside the outline and outside every generated point),
/// a grid of jittered points `ROAD_SPACING_KM` apart: rows (each edge with a
/// jittered midpoint that is no junction) and columns, one feature per unbroken
/// run; one column edge in five is missing (except every third column, so the
/// grid stays connected), one column in ten is one-way (alternately with and
/// against its line), one point in ten has a dead-end track, and each row's ends
/// join the coast road's nearest vertex; a short road joins the pier to the coast road.
fn write_roads(dir: &Path, islands: &[GenIsland], rng: &mut Rng) -> Result<()> {
    let mut layer = Layer::create(&dir.join("roads.geojson"))?;
    let d = ROAD_SPACING_KM;
    for isl in islands {
        let k_lon = isl.center.1.to_radians().cos();
        let at = |x: f64, y: f64| {
            [
                r6(isl.center.0 + x / 111.0 / k_lon),
                r6(isl.center.1 + y / 111.0),
            ]
        };
        let r_min = isl.radii.iter().cloned().fold(f64::INFINITY, f64::min) * 111.0;
        let ring_r = 0.955 * r_min;
        let ring: Vec<[f64; 2]> = (0..=64)
            .map(|i| {
                let a = TAU * (i % 64) as f64 / 64.0;
                at(ring_r * a.cos(), ring_r * a.sin())
            })
            .collect();
        layer.feature(
            json!({"id": format!("{}-coast", isl.id), "island": isl.id, "class": "primary"}),
            json!({"type": "LineString", "coordinates": ring}),
        )?;
        // The pier (see the facilities) lies on the coast road's side, at angle 0.
        let (px, py) = isl.pier();
        layer.feature(
            json!({"id": format!("{}-pier", isl.id), "island": isl.id, "class": "primary"}),
            json!({"type": "LineString", "coordinates": [ring[0], [r6(px), r6(py)]]}),
        )?;
        let n = ((ring_r - 0.2 * d) / d).floor() as i64;
        if n < 1 {
            continue;
        }
        let inside = |i: i64, j: i64| ((i * i + j * j) as f64).sqrt() * d <= ring_r - 0.2 * d;
        let side = (2 * n + 1) as usize;
        let mut grid = vec![[0.0f64; 2]; side * side];
        let ix = |i: i64, j: i64| ((j + n) as usize) * side + (i + n) as usize;
        for j in -n..=n {
            for i in -n..=n {
                let (x, y) = (
                    i as f64 * d + 0.2 * d * (rng.f64() - 0.5),
                    j as f64 * d + 0.2 * d * (rng.f64() - 0.5),
                );
                grid[ix(i, j)] = [x, y];
            }
        }
        let pt = |i: i64, j: i64| {
            let [x, y] = grid[ix(i, j)];
            at(x, y)
        };
        let nearest_ring = |i: i64, j: i64| {
            let [x, y] = grid[ix(i, j)];
            let k = ((y.atan2(x) / TAU * 64.0).round() as i64).rem_euclid(64) as usize;
            ring[k]
        };
        for j in -n..=n {
            let row: Vec<i64> = (-n..=n).filter(|&i| inside(i, j)).collect();
            if row.len() < 2 {
                continue;
            }
            let mut line = vec![nearest_ring(row[0], j), pt(row[0], j)];
            for w in row.windows(2) {
                let ([ax, ay], [bx, by]) = (grid[ix(w[0], j)], grid[ix(w[1], j)]);
                line.push(at(
                    (ax + bx) / 2.0,
                    (ay + by) / 2.0 + 0.1 * d * (rng.f64() - 0.5),
                ));
                line.push(pt(w[1], j));
            }
            line.push(nearest_ring(row[row.len() - 1], j));
            layer.feature(
                json!({"id": format!("{}-row{}", isl.id, j + n), "island": isl.id, "class": "secondary"}),
                json!({"type": "LineString", "coordinates": line}),
            )?;
        }
        for i in -n..=n {
            let oneway = match rng.below(20) {
                0 => Some("yes"),
                1 => Some("-1"),
                _ => None,
            };
            let mut run: Vec<[f64; 2]> = Vec::new();
            let mut runs = Vec::new();
            for j in -n..=n {
                if !inside(i, j) {
                    continue;
                }
                if !run.is_empty() && i % 3 != 0 && rng.below(5) == 0 {
                    runs.push(std::mem::take(&mut run));
                }
                run.push(pt(i, j));
            }
            runs.push(run);
            for (r, line) in runs.into_iter().enumerate().filter(|(_, l)| l.len() >= 2) {
                let mut props = json!({"id": format!("{}-col{}-{r}", isl.id, i + n), "island": isl.id, "class": "residential"});
                if let Some(o) = oneway {
                    props["oneway"] = json!(o);
                }
                layer.feature(props, json!({"type": "LineString", "coordinates": line}))?;
            }
        }
        for j in -n..=n {
            for i in -n..=n {
                if inside(i, j) && rng.below(10) == 0 {
                    let [x, y] = grid[ix(i, j)];
                    let a = rng.f64() * TAU;
                    layer.feature(
                        json!({"id": format!("{}-track{}", isl.id, ix(i, j)), "island": isl.id, "class": "track"}),
                        json!({"type": "LineString", "coordinates": [pt(i, j), at(x + 0.4 * d * a.cos(), y + 0.4 * d * a.sin())]}),
                    )?;
                }
            }
        }
    }
    layer.finish()
}

/// The default rules without the plan's named destinations, which name Putuo's
/// islands.
fn strip_named_destinations(rules: &str) -> String {
    let Some(start) = rules.find("destinations = [") else {
        return rules.to_owned();
    };
    let end = rules[start..]
        .find("\n]")
        .map_or(rules.len(), |e| start + e + 2);
    let stripped = format!("{}destinations = []{}", &rules[..start], &rules[end..]);
    strip_named_places(&stripped)
}

/// The rules without those that name Putuo's towns, islands or facilities
/// (`area = "…"`, `islands = […]`, `base = "…"`), which a synthetic archipelago
/// does not have.
fn strip_named_places(rules: &str) -> String {
    let mut parts = rules.split("\n[[rule]]\n");
    let mut out = parts.next().unwrap_or_default().to_owned();
    for rule in parts {
        let body = rule.split("\n[").next().unwrap_or(rule);
        if ["area = \"", "islands = [", "base = \""]
            .iter()
            .any(|k| body.contains(k))
        {
            // Keep what follows the rule (another section), drop the rule.
            if let Some(rest) = rule.find("\n[").map(|i| &rule[i..]) {
                out.push_str(rest);
            }
            continue;
        }
        out.push_str("\n[[rule]]\n");
        out.push_str(rule);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_a_clean_load() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let opts = GenOptions {
            settlements: 500,
            islands: 0,
            facilities: 0,
            candidates: 0,
            seed: 7,
            roads: false,
        };

        generate(a.path(), &opts).unwrap();
        generate(b.path(), &opts).unwrap();

        for f in [
            "islands",
            "settlements",
            "facilities",
            "ferries",
            "candidates",
        ] {
            let name = format!("{f}.geojson");
            assert_eq!(
                std::fs::read(a.path().join(&name)).unwrap(),
                std::fs::read(b.path().join(&name)).unwrap(),
                "{name}"
            );
        }
        let outcome = crate::pipeline::run(&a.path().join("scenario.toml")).unwrap();
        assert!(
            outcome.dataset.diagnostics.rejected.is_empty(),
            "{:?}",
            outcome.dataset.diagnostics.rejected.first()
        );
        assert_eq!(outcome.dataset.world.settlements.len(), 500);
        assert_eq!(outcome.dataset.world.islands.len(), 3);
        assert_eq!(outcome.dataset.world.links.len(), 2);
    }

    #[test]
    fn roads_are_seeded_joined_and_used() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let opts = GenOptions {
            settlements: 3000,
            islands: 0,
            facilities: 0,
            candidates: 0,
            seed: 7,
            roads: true,
        };

        generate(a.path(), &opts).unwrap();
        generate(b.path(), &opts).unwrap();

        let roads = std::fs::read(a.path().join("roads.geojson")).unwrap();
        assert_eq!(
            roads,
            std::fs::read(b.path().join("roads.geojson")).unwrap()
        );
        let outcome = crate::pipeline::run(&a.path().join("scenario.toml")).unwrap();
        assert!(outcome.dataset.diagnostics.rejected.is_empty());
        let w = &outcome.dataset.world;
        // About two segments per settlement, with one-way streets among them.
        let segments: usize = w.roads.iter().map(|r| r.lines[0].len() - 1).sum();
        assert!(segments > 3000 && segments < 12_000, "{segments}");
        assert!(w.roads.iter().any(|r| r.oneway != crate::model::OneWay::No));
        let times = outcome.travel.as_ref().unwrap();
        let net = &times.networks[&times.default_profile];
        assert!(net.roads.is_some());
        // Every settlement joins a road within travel.max_snap_m (2 km), and no part
        // of the roads is cut off.
        assert!(net
            .settlement_attach
            .iter()
            .all(|a| a.is_some_and(|a| !a.far)));
        assert!(
            times.notes().iter().all(|n| !n.note.contains("road")),
            "{:?}",
            times.notes()
        );
    }

    #[test]
    fn force_without_roads_removes_the_roads_an_earlier_run_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = GenOptions {
            settlements: 300,
            islands: 0,
            facilities: 0,
            candidates: 0,
            seed: 7,
            roads: true,
        };
        generate(dir.path(), &opts).unwrap();
        assert!(dir.path().join("roads.geojson").exists());
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();

        opts.roads = false;
        generate_with(dir.path(), &opts, true).unwrap();

        assert!(!dir.path().join("roads.geojson").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        let outcome = crate::pipeline::run(&dir.path().join("scenario.toml")).unwrap();
        assert!(outcome.dataset.world.roads.is_empty());
    }

    #[test]
    fn named_destinations_are_stripped() {
        let rules = strip_named_destinations(include_str!("../scenarios/putuo-2024-rules.toml"));

        assert!(rules.contains("destinations = []"));
        assert!(!rules.contains("dashuangshan"));
        assert!(crate::rules::Policy::from_str(&rules, Path::new("r.toml")).is_ok());
    }
}
