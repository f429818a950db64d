//! Scenario edits, base inheritance and `compare`, on the hand-made fixtures.

use std::path::Path;

use isleplan::compare::compare;
use isleplan::model::FacilityStatus;
use isleplan::pipeline::Loader;
use serde_json::Value;

use crate::common::{client_available, copy_fixture, fixture, isleplan, layer, root, stderr};

/// A copy of the `pip` fixture (two outlined islands, a ferry) with `scenario`
/// written beside it as `s.toml` (base fields prepended) and `extra` files.
fn with_scenario(edits: &str) -> tempfile::TempDir {
    let dir = copy_fixture(&fixture("pip"));
    let rules = fixture("bands").join("rules.toml");
    std::fs::write(
        dir.path().join("base.toml"),
        format!(
            "name = \"base\"\ndataset = \".\"\nrules = \"{}\"\nyear = 2024\n",
            rules.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        format!("name = \"s\"\nbase = \"base.toml\"\n{edits}"),
    )
    .unwrap();
    dir
}

fn run(dir: &Path, file: &str) -> isleplan::pipeline::Outcome {
    Loader::default().run(&dir.join(file)).unwrap_or_else(|e| {
        panic!(
            "{e}: {:?}",
            std::error::Error::source(&e).map(|s| s.to_string())
        )
    })
}

fn load_err(dir: &Path) -> String {
    let o = isleplan(dir, &["check", "s.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn add_facility_finds_its_island_by_point_in_polygon() {
    let dir = with_scenario(
        "[[edit]]\ntype = \"add-facility\"\nid = \"clinic-a\"\nkind = \"village_clinic\"\nname_zh = \"西岛卫生室\"\nat = [122.01, 30.012]\nclause = \"二(二)5d\"\n",
    );

    let o = run(dir.path(), "s.toml");

    let f = o
        .dataset
        .world
        .facilities
        .iter()
        .find(|f| f.id.0 == "clinic-a")
        .unwrap();
    assert_eq!(f.island.0, "a");
    // Island a has 600 residents (band 500–999, needs a sub-centre): a clinic is not enough.
    assert!(o.gap("health-band-island:a").is_some());
}

#[test]
fn change_facility_kind_turns_a_gap_into_met() {
    let base = run(with_scenario("").path(), "s.toml");
    let dir = with_scenario(
        "[[edit]]\ntype = \"add-facility\"\nid = \"c\"\nkind = \"village_clinic\"\nat = [122.01, 30.012]\n\n[[edit]]\ntype = \"change-facility\"\nid = \"c\"\nkind = \"sub_centre\"\nname_zh = \"西岛分中心\"\n",
    );

    let o = run(dir.path(), "s.toml");

    assert!(base.gap("health-band-island:a").is_some());
    assert!(o.gap("health-band-island:a").is_none());
    let c = o
        .dataset
        .world
        .facilities
        .iter()
        .find(|f| f.id.0 == "c")
        .unwrap();
    assert_eq!(
        (c.kind.as_str(), c.name_zh.as_str()),
        ("sub_centre", "西岛分中心")
    );
}

#[test]
fn close_facility_keeps_it_as_closing_and_it_serves_no_one() {
    let dir = with_scenario("[[edit]]\ntype = \"close-facility\"\nid = \"hc-b\"\n");

    let o = run(dir.path(), "s.toml");

    let f = o
        .dataset
        .world
        .facilities
        .iter()
        .find(|f| f.id.0 == "hc-b")
        .unwrap();
    assert_eq!(f.status, FacilityStatus::Closing);
    // Village sb (2,000 residents) loses its only health facility.
    assert!(o.gap("health-band-village:sb").is_some());
}

#[test]
fn move_facility_changes_island_by_point_in_polygon() {
    let dir =
        with_scenario("[[edit]]\ntype = \"move-facility\"\nid = \"hc-b\"\nto = [122.01, 30.015]\n");

    let o = run(dir.path(), "s.toml");

    let f = o
        .dataset
        .world
        .facilities
        .iter()
        .find(|f| f.id.0 == "hc-b")
        .unwrap();
    assert_eq!(f.island.0, "a");
    assert!(
        o.gap("health-band-island:a").is_none(),
        "a health centre now on a"
    );
}

#[test]
fn set_population_moves_an_island_across_a_band_edge() {
    let dir =
        with_scenario("[[edit]]\ntype = \"set-population\"\nisland = \"a\"\npopulation = 499\n");

    let o = run(dir.path(), "s.toml");

    let gap = o.gap("health-band-island:a").unwrap();
    assert_eq!(gap.required.as_deref(), Some("village_clinic"));
    assert_eq!(gap.population, 499);
}

#[test]
fn relocate_empties_the_island_and_records_the_move() {
    let dir = with_scenario(
        "[[edit]]\ntype = \"relocate\"\nisland = \"a\"\nto = \"sb\"\nclause = \"二(四)12\"\n",
    );
    let out = tempfile::tempdir().unwrap();

    let o = isleplan(
        dir.path(),
        &["run", "s.toml", "--out", out.path().to_str().unwrap(), "-q"],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let islands = layer(&out.path().join("islands.geojson"));
    let pop = |id: &str| {
        islands.iter().find(|(i, _)| i == id).unwrap().1["population"]
            .as_u64()
            .unwrap()
    };
    assert_eq!((pop("a"), pop("b")), (0, 2600));
    let moves = layer(&out.path().join("relocations.geojson"));
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].1["residents"], 600);
    assert_eq!(moves[0].1["to_settlement"], "sb");
    assert_eq!(moves[0].1["clause"], "二(四)12");
}

#[test]
fn link_edits_add_change_and_remove() {
    let dir = with_scenario(
        "[[edit]]\ntype = \"change-link\"\nid = \"a-b\"\ndepartures_per_day = 20\n\n[[edit]]\ntype = \"add-link\"\nid = \"bridge\"\nmode = \"bridge\"\nfrom = \"a\"\nto = \"b\"\nminutes = 3\n\n[[edit]]\ntype = \"remove-link\"\nid = \"a-b\"\n",
    );

    let o = run(dir.path(), "s.toml");

    let links: Vec<&str> = o
        .dataset
        .world
        .links
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(links, ["bridge"]);
    assert_eq!(o.dataset.world.links[0].crossing_min, Some(3.0));
}

#[test]
fn set_rule_overrides_band_edges() {
    // Move the sub-centre band up to 700: island a (600) now only needs a clinic.
    let dir = with_scenario(
        "[[edit]]\ntype = \"set-rule\"\nrule = \"health-band-island\"\nset = { bands = [ { min = 0, max = 100, require = \"none\" }, { min = 100, max = 700, require = \"village_clinic\" }, { min = 700, max = 1000, require = \"sub_centre\" }, { min = 1000, require = \"none\" } ] }\n",
    );

    let o = run(dir.path(), "s.toml");

    let gap = o.gap("health-band-island:a").unwrap();
    assert_eq!(gap.required.as_deref(), Some("village_clinic"));
}

#[test]
fn a_rule_override_that_breaks_the_bands_is_blamed_on_its_edit() {
    let dir = with_scenario(
        "[[edit]]\ntype = \"set-rule\"\nrule = \"health-band-island\"\nset = { bands = [ { min = 0, max = 100, require = \"none\" }, { min = 90, require = \"none\" } ] }\n",
    );

    let err = load_err(dir.path());

    assert!(err.contains("s.toml:3") && err.contains("overlap"), "{err}");
}

#[test]
fn unknown_ids_are_fatal_with_line_and_did_you_mean() {
    for (edit, what, hint) in [
        (
            "type = \"close-facility\"\nid = \"hc-bb\"",
            "unknown facility \"hc-bb\"",
            "did you mean \"hc-b\"?",
        ),
        (
            "type = \"relocate\"\nisland = \"aa\"\nto = \"sb\"",
            "unknown island \"aa\"",
            "did you mean \"a\"?",
        ),
        (
            "type = \"relocate\"\nisland = \"a\"\nto = \"sbb\"",
            "unknown destination settlement \"sbb\"",
            "did you mean \"sb\"?",
        ),
        (
            "type = \"remove-link\"\nid = \"a-c\"",
            "unknown link \"a-c\"",
            "did you mean \"a-b\"?",
        ),
        (
            "type = \"set-rule\"\nrule = \"health-band-islnd\"\nset = { }",
            "unknown rule \"health-band-islnd\"",
            "did you mean \"health-band-island\"?",
        ),
        (
            "type = \"change-facility\"\nid = \"hc-b\"\nkind = \"hospitl\"",
            "unknown facility kind \"hospitl\"",
            "did you mean \"hospital\"?",
        ),
    ] {
        let dir = with_scenario(&format!("\n[[edit]]\n{edit}\n"));

        let err = load_err(dir.path());

        assert!(err.contains("s.toml:4") && err.contains("edit #1"), "{err}");
        assert!(err.contains(what), "{err}");
        assert!(err.contains(hint), "{err}");
    }
}

#[test]
fn base_inheritance_applies_the_base_edits_first() {
    let dir =
        with_scenario("[[edit]]\ntype = \"change-facility\"\nid = \"c\"\nkind = \"hospital\"\n");
    std::fs::write(
        dir.path().join("base.toml"),
        format!(
            "name = \"base\"\ndataset = \".\"\nrules = \"{}\"\nyear = 2025\n[[edit]]\ntype = \"add-facility\"\nid = \"c\"\nkind = \"village_clinic\"\nat = [122.01, 30.012]\n",
            fixture("bands").join("rules.toml").display()
        ),
    )
    .unwrap();

    let o = run(dir.path(), "s.toml");

    assert_eq!(o.scenario.year, 2025, "the year is inherited");
    assert_eq!(o.scenario.edits.len(), 2);
    let c = o
        .dataset
        .world
        .facilities
        .iter()
        .find(|f| f.id.0 == "c")
        .unwrap();
    assert_eq!(c.kind, "hospital");
}

#[test]
fn a_base_cycle_is_fatal_and_prints_the_chain() {
    let dir = with_scenario("");
    std::fs::write(dir.path().join("base.toml"), "base = \"s.toml\"\n").unwrap();

    let err = load_err(dir.path());

    assert!(
        err.contains("cycle") && err.contains("s.toml → ") && err.contains("base.toml → "),
        "{err}"
    );
}

#[test]
fn adding_then_removing_an_edit_is_a_no_op() {
    let plain = with_scenario("");
    let round_trip = with_scenario(
        "[[edit]]\ntype = \"add-link\"\nid = \"extra\"\nfrom = \"pier-a\"\nto = \"pier-b\"\nminutes = 5\n\n[[edit]]\ntype = \"remove-link\"\nid = \"extra\"\n",
    );
    let (oa, ob) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    isleplan(
        plain.path(),
        &["run", "s.toml", "--out", oa.path().to_str().unwrap(), "-q"],
    );
    isleplan(
        round_trip.path(),
        &["run", "s.toml", "--out", ob.path().to_str().unwrap(), "-q"],
    );

    for f in [
        "islands.geojson",
        "settlements.geojson",
        "facilities.geojson",
        "gaps.geojson",
        "relocations.geojson",
    ] {
        assert_eq!(
            std::fs::read(oa.path().join(f)).unwrap(),
            std::fs::read(ob.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn comparing_a_scenario_with_itself_shows_no_change() {
    let dir = with_scenario("[[edit]]\ntype = \"close-facility\"\nid = \"hc-b\"\n");
    let mut loader = Loader::default();
    let a = loader.run(&dir.path().join("s.toml")).unwrap();
    let b = loader.run(&dir.path().join("s.toml")).unwrap();

    let c = compare(&a, &b);

    assert!(c
        .rules
        .iter()
        .all(|r| r.delta_met == 0 && r.delta_population_met == 0));
    assert!(c.facilities.is_empty());
    assert!(c.settlements.iter().all(|s| s.change == "unchanged"));
    assert_eq!(c.residents_relocated, 0);
}

#[test]
fn comparing_base_with_a_one_edit_scenario_shows_exactly_that_edit() {
    let dir = with_scenario("[[edit]]\ntype = \"close-facility\"\nid = \"hc-b\"\n");
    let mut loader = Loader::default();
    let a = loader.run(&dir.path().join("base.toml")).unwrap();
    let b = loader.run(&dir.path().join("s.toml")).unwrap();

    let c = compare(&a, &b);

    assert_eq!(c.facilities.len(), 1);
    assert_eq!(
        (c.facilities[0].id.as_str(), c.facilities[0].change.as_str()),
        ("hc-b", "closed")
    );
    let changed: Vec<(&str, &str)> = c
        .settlements
        .iter()
        .filter(|s| s.change != "unchanged")
        .map(|s| (s.id.as_str(), s.change.as_str()))
        .collect();
    assert_eq!(changed, [("health-band-village:sb", "lost")]);
    let village = c
        .rules
        .iter()
        .find(|r| r.rule == "health-band-village")
        .unwrap();
    assert_eq!(
        (village.delta_met, village.delta_population_met),
        (-1, -2000)
    );
    let others: Vec<_> = c
        .rules
        .iter()
        .filter(|r| r.rule != "health-band-village")
        .collect();
    assert!(
        others
            .iter()
            .all(|r| r.delta_met == 0 && r.delta_population_met == 0),
        "{others:?}"
    );
}

#[test]
fn compare_command_writes_the_table_and_diff_layers() {
    let dir = with_scenario("[[edit]]\ntype = \"close-facility\"\nid = \"hc-b\"\n");
    let out = tempfile::tempdir().unwrap();

    let o = isleplan(
        dir.path(),
        &[
            "compare",
            "base.toml",
            "s.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );

    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains(
            "| health-band-village | 二(二)5b | met | not met | 1/1 (100.0%) | 0/1 (0.0%) | -1 |"
        ),
        "{table}"
    );
    let diff = layer(&out.path().join("diff_facilities.geojson"));
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].1["status_before"], "existing");
    assert_eq!(diff[0].1["status_after"], "closing");
    let csv = std::fs::read_to_string(out.path().join("compare.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l
                .starts_with("health-band-village,二(二)5b,met,1,1,2000,2000,100,100,not met,1,0,2000,0,0,0,-1,-2000")),
        "{csv}"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("compare.json")).unwrap())
            .unwrap();
    assert_eq!(json["b"], "s");
    if client_available(
        "ogrinfo",
        "compare_command_writes_the_table_and_diff_layers (GDAL part)",
    ) {
        for f in ["diff_facilities.geojson", "diff_settlements.geojson"] {
            let g = std::process::Command::new("ogrinfo")
                .args(["-al", "-so", "-ro"])
                .arg(out.path().join(f))
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&g.stdout);
            assert!(
                g.status.success() && text.contains("change: String"),
                "{f}: {text}"
            );
        }
    }
}

#[test]
fn shipped_scenarios_all_run() {
    let mut loader = Loader::default();
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Every TOML file under scenarios/ is a scenario, except the rules files.
        if path.extension().is_some_and(|e| e == "toml") && !text.contains("[[rule]]") {
            let o = loader
                .run(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                o.dataset.diagnostics.rejected.is_empty(),
                "{}",
                path.display()
            );
        }
    }
}
