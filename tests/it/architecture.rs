//! The house's layout, checked on the code itself: the import graph of `src/`
//! between top-level modules points only downward, has no cycle, and holds none of
//! the imports the design forbids (README, "Code map").
//!
//! An import is any `crate::<module>` path outside comments and `#[cfg(test)]`
//! modules, in any file of the module's folder. The same check runs by hand with
//! `cargo test --test it architecture -- --nocapture`, which prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::root;

/// The floors, lowest first: a module may import only modules on lower floors.
const FLOORS: &[&str] = &[
    "error",
    "model",
    "projection",
    "index",
    "prepared",
    "timings",
    "gen",
    "optimise",
    "network",
    "rules",
    "coverage",
    "round",
    "propose",
    "io",
    "scenario",
    "pipeline",
    "compare",
    "progress",
    "output",
    "cli",
    "fuzzing",
];

/// Imports the design forbids even where the floors would allow them.
fn forbidden(from: &str, to: &str) -> Option<&'static str> {
    match (from, to) {
        ("optimise", _) => Some("optimise is pure covering maths: it reaches nothing of the crate"),
        ("model", t) if t != "error" => Some("model reaches nothing above error"),
        ("rules" | "network", "io" | "output" | "cli") => {
            Some("rules and network never reach io, output or cli")
        }
        (
            "io",
            "rules" | "network" | "optimise" | "coverage" | "propose" | "pipeline" | "output"
            | "scenario" | "cli",
        ) => Some("io is input only: it reaches the ground floor alone"),
        (f, "output") if !matches!(f, "cli" | "fuzzing") => {
            Some("nothing imports output but pipeline's callers (cli, tests, benches)")
        }
        _ => None,
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level module → the top-level modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = root().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = code(&std::fs::read_to_string(&f).unwrap());
        let entry = g.entry(top.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                entry.insert(name);
            }
        }
    }
    g
}

#[test]
fn imports_point_only_downward_and_break_no_rule_of_the_design() {
    let g = graph();
    let floor = |m: &str| {
        FLOORS
            .iter()
            .position(|f| *f == m)
            .unwrap_or_else(|| panic!("module `{m}` has no floor: add it to FLOORS"))
    };
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        println!(
            "{from} -> {}",
            tos.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        for to in tos {
            if floor(to) >= floor(from) {
                wrong.push(format!("{from} -> {to}: points upward"));
            }
            if let Some(why) = forbidden(from, to) {
                wrong.push(format!("{from} -> {to}: {why}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Floors alone rule cycles out; this names one if the floors are ever loosened.
#[test]
fn the_import_graph_has_no_cycle() {
    if let Some(cycle) = find_cycle(&graph()) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

/// A cycle of `g`, if it has one (depth-first search, in key order).
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_owned());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for to in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(to, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(m, g, &mut Vec::new(), &mut done))
}

/// Within each folder module, its files (its children; `mod.rs` aside, which
/// declares and dispatches to them) import each other without a cycle: the kind of
/// circle six output files once formed (writer ↔ publisher ↔ renderers).
#[test]
fn the_files_of_a_folder_import_each_other_without_a_cycle() {
    let src = root().join("src");
    let mut cycles = Vec::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let dir = e.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let top = dir.file_name().unwrap().to_str().unwrap().to_owned();
        // child → the siblings it names (`crate::top::x`, `super::x`).
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let children: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .filter(|c| c != "mod")
            .collect();
        for f in walkdir(&dir) {
            let child = f
                .strip_prefix(&dir)
                .unwrap()
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_str()
                .unwrap()
                .trim_end_matches(".rs")
                .to_owned();
            if child == "mod" {
                continue;
            }
            let text = code(&std::fs::read_to_string(&f).unwrap());
            let entry = g.entry(child.clone()).or_default();
            for prefix in [format!("crate::{top}::"), "super::".to_owned()] {
                for (at, _) in text.match_indices(&prefix) {
                    let name: String = text[at + prefix.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if name != child && children.contains(&name) {
                        entry.insert(name);
                    }
                }
            }
        }
        if let Some(c) = find_cycle(&g) {
            cycles.push(format!("{top}/: {}", c.join(" -> ")));
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

/// Only the command line knows clap.
#[test]
fn only_the_command_line_knows_clap() {
    let g = graph();
    let mut offenders = Vec::new();
    for m in g.keys().filter(|m| *m != "cli") {
        let path = root().join("src").join(m);
        let mut files = Vec::new();
        if path.is_dir() {
            for e in walkdir(&path) {
                files.push(e);
            }
        } else {
            files.push(root().join("src").join(format!("{m}.rs")));
        }
        for f in files {
            if code(&std::fs::read_to_string(&f).unwrap()).contains("clap::") {
                offenders.push(f.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "clap outside cli/: {offenders:?}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}
