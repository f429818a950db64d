//! A comparison as text a reviewer reads as is: `compare.md` (and the table `run`
//! prints for `compare`) and `compare.csv`, on the figure contract of `summary.json`.

use std::io::Write;
use std::path::PathBuf;

use crate::compare::{Comparison, Side};
use crate::error::Result;
use geo::Coord;
use serde_json::json;

use crate::output::geojson::{round_to, Geom, LayerSink, Val};
use crate::output::layer::Layer;
use crate::output::staged::OutputDir;

/// "met/of (share %)", or "—" when the share is `null` (no data, nothing applies).
pub fn fraction(met: u64, of: u64, share: Option<f64>) -> String {
    match share {
        Some(p) => format!("{met}/{of} ({p:.1}%)"),
        None => "—".to_owned(),
    }
}

fn side_text(s: Option<Side>) -> (String, String, String) {
    match s {
        None => ("—".into(), "—".into(), "—".into()),
        Some(s) => (
            s.status.to_owned(),
            fraction(s.met as u64, s.required as u64, s.share_required_pct),
            fraction(
                s.population_met,
                s.population_required,
                s.share_population_pct,
            ),
        ),
    }
}

/// The comparison as a Markdown table a reviewer can read as is.
pub fn markdown(c: &Comparison) -> String {
    let mut t = format!(
        "# {} → {}\n\n| rule | clause | status in A | status in B | required met in A | required met in B | change | residents met in A | residents met in B | change |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|\n",
        c.a, c.b
    );
    for r in &c.rules {
        let (sa, ma, pa) = side_text(r.a);
        let (sb, mb, pb) = side_text(r.b);
        t.push_str(&format!(
            "| {} | {} | {sa} | {sb} | {ma} | {mb} | {:+} | {pa} | {pb} | {:+} |\n",
            r.rule, r.clause, r.delta_met, r.delta_population_met
        ));
    }
    if c.facilities.is_empty() {
        t.push_str("\nFacilities: no change.\n");
    } else {
        t.push_str("\n| facility | change | kind before | kind after | status before | status after |\n|---|---|---|---|---|---|\n");
        for f in &c.facilities {
            let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
            t.push_str(&format!(
                "| {} {} | {} | {} | {} | {} | {} |\n",
                f.name_zh,
                f.id,
                f.change,
                o(&f.kind_before),
                o(&f.kind_after),
                o(&f.status_before),
                o(&f.status_after)
            ));
        }
    }
    let new: Vec<String> = c
        .new_facilities_by_kind
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    t.push_str(&format!(
        "\nNew facilities: {}. Residents relocated: {}.\n",
        if new.is_empty() {
            "none".to_owned()
        } else {
            new.join(", ")
        },
        c.residents_relocated
    ));
    let gained = c
        .settlements
        .iter()
        .filter(|s| s.change == "gained")
        .count();
    let lost = c.settlements.iter().filter(|s| s.change == "lost").count();
    t.push_str(&format!(
        "Settlement × rule: {gained} gained, {lost} lost.\n"
    ));
    t
}

/// The rule table as CSV.
pub fn csv(c: &Comparison) -> String {
    const HEADER: [&str; 18] = [
        "rule",
        "clause",
        "status_a",
        "required_a",
        "met_a",
        "population_required_a",
        "population_met_a",
        "share_required_pct_a",
        "share_population_pct_a",
        "status_b",
        "required_b",
        "met_b",
        "population_required_b",
        "population_met_b",
        "share_required_pct_b",
        "share_population_pct_b",
        "delta_met",
        "delta_population_met",
    ];
    let opt = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
    let side = |s: Option<Side>| -> [String; 7] {
        match s {
            None => Default::default(),
            Some(s) => [
                s.status.to_owned(),
                s.required.to_string(),
                s.met.to_string(),
                s.population_required.to_string(),
                s.population_met.to_string(),
                opt(s.share_required_pct),
                opt(s.share_population_pct),
            ],
        }
    };
    // The csv crate quotes what needs quoting (commas, quotes, CR and LF).
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let failed = "writing CSV to memory cannot fail";
    w.write_record(HEADER).expect(failed);
    for r in &c.rules {
        let mut row = vec![r.rule.clone(), r.clause.clone()];
        row.extend(side(r.a));
        row.extend(side(r.b));
        row.push(r.delta_met.to_string());
        row.push(r.delta_population_met.to_string());
        w.write_record(&row).expect(failed);
    }
    String::from_utf8(w.into_inner().expect(failed)).expect("CSV of UTF-8 text is UTF-8")
}

/// Writes a comparison: `compare.json`, `compare.csv`, `compare.md` and the diff
/// layers `diff_facilities.geojson` and `diff_settlements.geojson`.
pub fn write_comparison(c: &crate::compare::Comparison, out: &OutputDir) -> Result<Vec<PathBuf>> {
    Ok(write_comparison_layers(c, out)?.0)
}

/// [`write_comparison`], also returning the diff layers' metadata (for their
/// styles, the project and the report). Every file is streamed.
pub fn write_comparison_layers(
    c: &crate::compare::Comparison,
    out: &OutputDir,
) -> Result<(Vec<PathBuf>, Vec<Layer>)> {
    let mut written = vec![out.write_with("compare.json", |w| {
        serde_json::to_writer_pretty(&mut *w, c).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?];
    written.push(out.write("compare.csv", crate::output::compare::csv(c).as_bytes())?);
    written.push(out.write("compare.md", crate::output::compare::markdown(c).as_bytes())?);
    let mut layers = Vec::new();
    for name in ["diff_facilities", "diff_settlements"] {
        let mut got = None;
        written.push(out.write_with(&format!("{name}.geojson"), |w| {
            got = Some(diff_layer(c, name, w)?);
            Ok(())
        })?);
        layers.push(got.expect("a layer written has its metadata"));
    }
    Ok((written, layers))
}

/// The comparison's tables (`compare.json`, `.csv`, `.md`) as files, and its diff
/// layers as scratch files for a GeoPackage (each [`Layer`]'s source is its scratch
/// file; the caller removes them once the GeoPackage is built).
pub fn write_comparison_scratch(
    c: &crate::compare::Comparison,
    out: &OutputDir,
) -> Result<(Vec<PathBuf>, Vec<Layer>)> {
    let mut written = vec![out.write_with("compare.json", |w| {
        serde_json::to_writer_pretty(&mut *w, c).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?];
    written.push(out.write("compare.csv", crate::output::compare::csv(c).as_bytes())?);
    written.push(out.write("compare.md", crate::output::compare::markdown(c).as_bytes())?);
    let mut layers = Vec::new();
    for name in ["diff_facilities", "diff_settlements"] {
        let file = format!("{name}.geojson");
        let scratch = out.scratch(&file);
        let layer = out.scratch_with(&scratch, &file, |w| diff_layer(c, name, w))?;
        layers.push(layer.with_source(scratch));
    }
    Ok((written, layers))
}

/// `compare.json`'s text: the comparison, pretty-printed, ending in a newline.
pub fn json(c: &crate::compare::Comparison) -> String {
    let mut text = serde_json::to_string_pretty(c).expect("comparisons serialise");
    text.push('\n');
    text
}

/// The files of a comparison, by name, as text in memory (see [`write_comparison`]).
pub fn comparison_files(c: &crate::compare::Comparison) -> Vec<(&'static str, String)> {
    let json_text = json(c);
    let text = |name: &str| {
        let mut bytes = Vec::new();
        diff_layer(c, name, &mut bytes).expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("JSON is UTF-8")
    };
    vec![
        ("compare.json", json_text),
        ("compare.csv", crate::output::compare::csv(c)),
        ("compare.md", crate::output::compare::markdown(c)),
        ("diff_facilities.geojson", text("diff_facilities")),
        ("diff_settlements.geojson", text("diff_settlements")),
    ]
}

/// Writes the diff layer `name` (`diff_facilities` or `diff_settlements`).
fn diff_layer(
    c: &crate::compare::Comparison,
    name: &str,
    w: &mut dyn Write,
) -> std::io::Result<Layer> {
    let mut sink = LayerSink::begin(w, name)?;
    if name == "diff_facilities" {
        let pos = |c: Option<Coord<f64>>| {
            c.map_or(Val::Null, |c| {
                Val::Value(json!([json!(round_to(c.x, 7)), json!(round_to(c.y, 7))]))
            })
        };
        for f in &c.facilities {
            let Some(at) = f.after.or(f.before) else {
                continue;
            };
            sink.feature_of(
                &f.id,
                f,
                &[
                    ("before_lonlat", pos(f.before)),
                    ("after_lonlat", pos(f.after)),
                ],
                &Geom::Point(at),
                ("", None),
            )?;
        }
    } else {
        for s in &c.settlements {
            sink.feature_of(&s.id, s, &[], &Geom::Point(s.point), ("", None))?;
        }
    }
    sink.finish()
}
