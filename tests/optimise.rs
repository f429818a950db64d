//! The optimiser against oracles (exhaustive search on small seeded instances) and
//! against the published answers of the reference problems in `tests/data/bench`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use isleplan::cli::optimize::{self, ModelArg, OptimizeArgs};
use isleplan::optimise::{
    closures, propose, propose_with_limits, CoverProblem, Layout, LimitReached, Method, Model,
    SearchLimits, SolveOptions, Strategy,
};

// ---------------------------------------------------------------- helpers

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

fn exact() -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(120),
        strategy: Strategy::Exact,
    }
}

fn heuristic() -> SolveOptions {
    SolveOptions {
        strategy: Strategy::Heuristic,
        ..exact()
    }
}

/// A random instance: `n` demand points, `m` sites, some existing, integer weights/costs.
fn random_problem(seed: u64, n: usize, m: usize, unit_cost: bool) -> CoverProblem {
    let mut rng = Rng::new(seed);
    let density = 10 + rng.below(30);
    let sets: Vec<Vec<u32>> = (0..m)
        .map(|_| (0..n as u32).filter(|_| rng.chance(density)).collect())
        .collect();
    let weights = (0..n).map(|_| (1 + rng.below(100)) as f64).collect();
    let costs = (0..m)
        .map(|_| {
            if unit_cost {
                1.0
            } else {
                (1 + rng.below(9)) as f64
            }
        })
        .collect();
    let existing = (0..m).map(|_| rng.chance(10)).collect();
    CoverProblem::from_coverage_sets(weights, costs, existing, &sets).unwrap()
}

/// Every subset of the new sites: (new-site mask, cost, covered weight, covers all coverable).
fn subsets(problem: &CoverProblem) -> Vec<(u32, f64, f64, bool)> {
    let m = problem.n_sites();
    let new: Vec<usize> = (0..m).filter(|&j| !problem.is_existing(j)).collect();
    let all: Vec<u32> = (0..m as u32).collect();
    let coverable = problem.covered_mask(&all);
    (0..1u32 << new.len())
        .map(|mask| {
            let mut open: Vec<u32> = problem.existing_sites();
            let mut cost = 0.0;
            for (b, &j) in new.iter().enumerate() {
                if mask >> b & 1 == 1 {
                    open.push(j as u32);
                    cost += problem.cost(j);
                }
            }
            let covered = problem.covered_mask(&open);
            let complete = covered.iter().zip(&coverable).all(|(c, a)| *c || !*a);
            (mask, cost, problem.coverage(&open).0, complete)
        })
        .collect()
}

fn brute_lscp(problem: &CoverProblem) -> f64 {
    subsets(problem)
        .into_iter()
        .filter(|s| s.3)
        .map(|s| s.1)
        .fold(f64::INFINITY, f64::min)
}

fn brute_mclp(problem: &CoverProblem, p: usize) -> f64 {
    subsets(problem)
        .into_iter()
        .filter(|s| s.0.count_ones() as usize <= p)
        .map(|s| s.2)
        .fold(0.0, f64::max)
}

/// `tests/data/bench`: the reference problems, with their sources and licences.
fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bench")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = fs_err::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

// ---------------------------------------------------------------- oracles

#[test]
fn exact_lscp_matches_exhaustive_search_on_small_random_instances() {
    for seed in 0..40 {
        let problem = random_problem(seed, 25, 4 + (seed as usize % 9), seed % 2 == 0);

        let layout = propose(&problem, Model::Lscp, &exact());

        assert!(layout.optimal, "seed {seed}: not proven optimal");
        assert_eq!(layout.objective, brute_lscp(&problem), "seed {seed}");
        assert!(layout.bound <= layout.objective, "seed {seed}");
    }
}

#[test]
fn exact_mclp_matches_exhaustive_search_on_small_random_instances() {
    for seed in 100..140 {
        let problem = random_problem(seed, 30, 12, true);
        let p = 1 + (seed as usize % 5);

        let layout = propose(&problem, Model::Mclp { p }, &exact());

        assert!(layout.optimal, "seed {seed}: not proven optimal");
        assert_eq!(layout.objective, brute_mclp(&problem, p), "seed {seed}");
        assert!(layout.new_sites.len() <= p, "seed {seed}");
    }
}

#[test]
fn greedy_is_feasible_and_its_bound_holds_against_exhaustive_search() {
    for seed in 200..260 {
        let problem = random_problem(seed, 30, 12, seed % 3 == 0);
        let p = 1 + (seed as usize % 4);
        let best_cover = brute_lscp(&problem);
        let best_weight = brute_mclp(&problem, p);

        let cover = propose(&problem, Model::Lscp, &heuristic());
        let weight = propose(&problem, Model::Mclp { p }, &heuristic());

        assert!(cover.objective >= best_cover, "seed {seed}");
        assert!(
            cover.bound <= best_cover + 1e-9,
            "seed {seed}: LSCP bound too high"
        );
        assert_eq!(
            cover.covered_count,
            problem.n_demand() - cover.uncoverable_count,
            "seed {seed}: LSCP left coverable demand uncovered"
        );
        assert!(weight.objective <= best_weight, "seed {seed}");
        assert!(
            weight.bound >= best_weight - 1e-9,
            "seed {seed}: MCLP bound too low"
        );
        assert_eq!(cover.method, Method::GreedyLocalSearch);
        assert_eq!(cover.optimal, cover.objective == cover.bound);
    }
}

#[test]
fn exact_lscp_never_costs_more_than_greedy() {
    for seed in 300..330 {
        let problem = random_problem(seed, 200, 60, seed % 2 == 0);

        let exact_layout = propose(&problem, Model::Lscp, &exact());
        let greedy_layout = propose(&problem, Model::Lscp, &heuristic());

        assert!(
            exact_layout.objective <= greedy_layout.objective,
            "seed {seed}"
        );
        assert!(exact_layout.optimal, "seed {seed}");
    }
}

#[test]
fn mclp_objective_never_decreases_with_more_sites() {
    let problem = random_problem(7, 300, 40, true);
    let mut last = 0.0;

    for p in 0..=12 {
        let layout = propose(&problem, Model::Mclp { p }, &exact());

        assert!(layout.objective >= last, "p = {p}");
        assert!(layout.optimal, "p = {p}");
        last = layout.objective;
    }
}

#[test]
fn adding_an_existing_site_never_lowers_mclp_coverage() {
    let base = random_problem(11, 100, 20, true);
    let sets: Vec<Vec<u32>> = (0..20).map(|j| base.covers(j).to_vec()).collect();
    let mut existing: Vec<bool> = (0..20).map(|j| base.is_existing(j)).collect();
    let before = propose(&base, Model::Mclp { p: 3 }, &exact());
    let newcomer = (0..20).find(|&j| !existing[j]).unwrap();
    existing[newcomer] = true;
    let costs = vec![1.0; 20];

    let after_problem =
        CoverProblem::from_coverage_sets(base.weights().to_vec(), costs, existing, &sets).unwrap();
    let after = propose(&after_problem, Model::Mclp { p: 3 }, &exact());

    assert!(after.objective >= before.objective);
}

#[test]
fn solving_twice_gives_identical_layouts() {
    let problem = random_problem(5, 400, 50, false);

    let first = propose(&problem, Model::Mclp { p: 6 }, &exact());
    let second = propose(&problem, Model::Mclp { p: 6 }, &exact());

    assert_eq!(first, second);
}

#[test]
fn closure_keeps_coverage_and_matches_exhaustive_search() {
    for seed in 400..420 {
        let mut rng = Rng::new(seed);
        let m = 10;
        let sets: Vec<Vec<u32>> = (0..m)
            .map(|_| (0..20u32).filter(|_| rng.chance(25)).collect())
            .collect();
        let existing: Vec<bool> = (0..m).map(|j| j < 8).collect();
        let problem =
            CoverProblem::from_coverage_sets(vec![1.0; 20], vec![1.0; m], existing, &sets).unwrap();
        let all_existing = problem.coverage(&problem.existing_sites());
        let fewest = (0..1u32 << 8)
            .filter(|mask| {
                let open: Vec<u32> = (0..8).filter(|b| mask >> b & 1 == 1).collect();
                problem.coverage(&open).1 == all_existing.1
            })
            .map(u32::count_ones)
            .min()
            .unwrap();

        let closure = closures(&problem, &exact());

        assert_eq!(problem.coverage(&closure.keep), all_existing, "seed {seed}");
        assert_eq!(closure.keep.len() as u32, fewest, "seed {seed}");
        assert_eq!(closure.keep.len() + closure.close.len(), 8, "seed {seed}");
        assert!(closure.optimal, "seed {seed}");
    }
}

// ---------------------------------------------------------------- Swain

/// Swain's 55 nodes (Medrano's copy): every node is a demand point and a candidate.
fn swain(standard: f64) -> CoverProblem {
    let text = fs_err::read_to_string(bench_dir().join("swain/swain_medrano.txt")).unwrap();
    let nodes: Vec<[f64; 3]> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .skip(1)
                .map(|x| x.parse().unwrap())
                .collect();
            [v[0], v[1], v[2]]
        })
        .collect();
    assert_eq!(nodes.len(), 55);
    let n = nodes.len();
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in 0..n {
            let d = (nodes[i][0] - nodes[j][0]).hypot(nodes[i][1] - nodes[j][1]);
            pairs.push((i as u32, j as u32, d));
        }
    }
    let weights = nodes.iter().map(|v| v[2]).collect();
    CoverProblem::from_pairs(weights, vec![1.0; n], vec![false; n], pairs, standard).unwrap()
}

#[test]
fn swain_lscp_matches_the_published_table() {
    let table = read_json(&bench_dir().join("swain/reference_results_computed.json"));
    let lscp = table["lscp"].as_object().unwrap();
    assert!(lscp.len() >= 3);

    for (standard, expected) in lscp {
        let layout = propose(&swain(standard.parse().unwrap()), Model::Lscp, &exact());

        assert_eq!(
            layout.objective,
            expected.as_f64().unwrap(),
            "S = {standard}"
        );
        assert!(layout.optimal, "S = {standard}");
        assert_eq!(layout.covered_weight, 640.0);
    }
    // The README's three headline values, asserted by name.
    for (standard, expected) in [(20.0, 3.0), (15.0, 5.0), (10.0, 9.0)] {
        assert_eq!(
            propose(&swain(standard), Model::Lscp, &exact()).objective,
            expected
        );
    }
}

#[test]
fn swain_mclp_matches_the_published_table() {
    let table = read_json(&bench_dir().join("swain/reference_results_computed.json"));
    let mclp = table["mclp"].as_object().unwrap();
    let mut checked = 0;

    for (standard, by_p) in mclp {
        let problem = swain(standard.parse().unwrap());
        for (p, expected) in by_p.as_object().unwrap() {
            let p: usize = p.parse().unwrap();

            let layout = propose(&problem, Model::Mclp { p }, &exact());

            assert_eq!(
                layout.objective,
                expected.as_f64().unwrap(),
                "S = {standard}, p = {p}"
            );
            assert!(layout.optimal, "S = {standard}, p = {p}");
            checked += 1;
        }
    }
    assert_eq!(checked, 27);
}

// ---------------------------------------------------------------- spopt San Francisco

/// Writes the SF fixture as D/S/P CSVs (population weights, network metres).
fn write_sf(dir: &Path) {
    let fixtures = bench_dir().join("spopt_sf");
    let demand =
        fs_err::read_to_string(fixtures.join("SF_demand_205_centroid_uniform_weight.csv")).unwrap();
    let mut d = String::from("id,weight\n");
    let mut lines = demand.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let name = header.iter().position(|h| *h == "\"NAME\"").unwrap();
    let pop = header.iter().position(|h| *h == "\"POP2000\"").unwrap();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        d.push_str(&format!("{},{}\n", f[name], f[pop]));
    }
    fs_err::write(dir.join("D.csv"), d).unwrap();

    let stores = fs_err::read_to_string(fixtures.join("SF_store_site_16_longlat.csv")).unwrap();
    let mut s = String::from("id,cost,existing\n");
    for line in stores.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        s.push_str(&format!("{},1,false\n", f[2]));
    }
    fs_err::write(dir.join("S.csv"), s).unwrap();

    let matrix = fs_err::read_to_string(
        fixtures.join("SF_network_distance_candidateStore_16_censusTract_205_new.csv"),
    )
    .unwrap();
    let mut p = String::from("demand_id,site_id,cost\n");
    for line in matrix.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        p.push_str(&format!("{},{},{}\n", f[2], f[1], f[0]));
    }
    fs_err::write(dir.join("P.csv"), p).unwrap();
}

fn sf_args(dir: &Path, model: ModelArg, p: Option<usize>, out: &str) -> OptimizeArgs {
    OptimizeArgs {
        model,
        demand: dir.join("D.csv"),
        sites: dir.join("S.csv"),
        pairs: dir.join("P.csv"),
        max_cost: 5000.0,
        p,
        time_limit: 120.0,
        node_limit: None,
        heuristic: false,
        out: Some(dir.join(out)),
    }
}

#[test]
fn spopt_san_francisco_through_the_cost_matrix_entry_point() {
    let dir = tempfile::tempdir().unwrap();
    write_sf(dir.path());

    optimize::run(&sf_args(dir.path(), ModelArg::Lscp, None, "lscp.json")).unwrap();
    optimize::run(&sf_args(dir.path(), ModelArg::Mclp, Some(4), "mclp.json")).unwrap();

    let lscp = read_json(&dir.path().join("lscp.json"));
    assert_eq!(lscp["objective"], 8.0);
    assert_eq!(lscp["optimal"], true);
    assert_eq!(lscp["selected"].as_array().unwrap().len(), 8);
    assert_eq!(lscp["covered_count"], 205);
    let mclp = read_json(&dir.path().join("mclp.json"));
    assert_eq!(mclp["optimal"], true);
    assert_eq!(mclp["covered_count"], 184);
    assert_eq!(205 - mclp["covered_count"].as_u64().unwrap(), 21);
    let total = mclp["total_weight"].as_f64().unwrap();
    let covered = mclp["covered_weight"].as_f64().unwrap();
    assert_eq!(format!("{:.3}", 100.0 * 184.0 / 205.0), "89.756");
    assert_eq!(format!("{:.3}", 100.0 * covered / total), "91.638");
    assert_eq!(mclp["objective"], covered);
    // result.json says which MIP solver proved it: the one this build carries.
    let solver = if cfg!(feature = "highs") {
        "highs"
    } else {
        "microlp"
    };
    assert_eq!(lscp["solver"], solver);
    assert_eq!(mclp["solver"], solver);
}

#[test]
fn spopt_san_francisco_mclp_table_for_p_1_to_8() {
    let dir = tempfile::tempdir().unwrap();
    write_sf(dir.path());
    let table = read_json(&bench_dir().join("spopt_sf/reference_results_computed.json"));
    let matrix = isleplan::io::costs::load(
        &dir.path().join("D.csv"),
        &dir.path().join("S.csv"),
        &dir.path().join("P.csv"),
        5000.0,
    )
    .unwrap();
    let (problem, _) = optimize::cover_problem(matrix, &dir.path().join("D.csv")).unwrap();

    for p in 1..=8usize {
        let expected = &table["mclp_5000"][p.to_string()];
        let layout = propose(&problem, Model::Mclp { p }, &exact());

        assert!(layout.optimal, "p = {p}");
        assert_eq!(
            layout.objective,
            expected["pop_covered"].as_f64().unwrap(),
            "p = {p}"
        );
        assert_eq!(
            layout.covered_count as u64,
            expected["n_clients_covered"].as_u64().unwrap(),
            "p = {p}"
        );
    }
}

#[test]
fn cost_matrix_runs_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    write_sf(dir.path());

    optimize::run(&sf_args(dir.path(), ModelArg::Mclp, Some(3), "a.json")).unwrap();
    optimize::run(&sf_args(dir.path(), ModelArg::Mclp, Some(3), "b.json")).unwrap();

    let a = fs_err::read(dir.path().join("a.json")).unwrap();
    let b = fs_err::read(dir.path().join("b.json")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn bad_pair_row_is_reported_with_file_and_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    write_sf(dir.path());
    let pairs = dir.path().join("P.csv");
    let mut text = fs_err::read_to_string(&pairs).unwrap();
    text.push_str("060750479.01,Store_99,10\n");
    fs_err::write(&pairs, text).unwrap();

    let err = optimize::run(&sf_args(dir.path(), ModelArg::Lscp, None, "x.json")).unwrap_err();

    let message = err.to_string();
    assert!(message.contains("P.csv:3282"), "{message}");
    assert!(
        message.contains("unknown site id \"Store_99\""),
        "{message}"
    );
    assert!(!dir.path().join("x.json").exists());
}

// ---------------------------------------------------------------- Lagrangian bound

#[test]
fn lagrangian_bound_holds_against_exhaustive_search_and_proofs_are_right() {
    let mut proven = 0;
    for seed in 500..620 {
        let unit = seed % 2 == 0;
        let problem = random_problem(seed, 40, 5 + (seed as usize % 10), unit);
        let p = 1 + (seed as usize % 4);
        let best_cover = brute_lscp(&problem);
        let best_weight = brute_mclp(&problem, p);

        let cover = isleplan::optimise::propose_bounded(&problem, Model::Lscp);
        let weight = isleplan::optimise::propose_bounded(&problem, Model::Mclp { p });

        assert!(
            cover.bound <= best_cover + 1e-9,
            "seed {seed}: LSCP bound {} above the optimum {best_cover}",
            cover.bound
        );
        assert!(
            weight.bound >= best_weight - 1e-9,
            "seed {seed}: MCLP bound {} below the optimum {best_weight}",
            weight.bound
        );
        assert!(cover.objective >= best_cover && weight.objective <= best_weight);
        assert!(weight.new_sites.len() <= p, "seed {seed}");
        if cover.optimal {
            assert_eq!(cover.objective, best_cover, "seed {seed}: false LSCP proof");
            proven += 1;
        }
        if weight.optimal {
            assert_eq!(
                weight.objective, best_weight,
                "seed {seed}: false MCLP proof"
            );
            proven += 1;
        }
    }
    // The relaxation must actually prove something on instances this small.
    assert!(proven > 120, "only {proven} of 240 proven");
}

#[test]
fn bounded_heuristic_is_deterministic_and_never_worse_than_before_on_larger_instances() {
    for seed in 700..706 {
        let problem = random_problem(seed, 400, 80, seed % 2 == 0);
        for model in [Model::Lscp, Model::Mclp { p: 5 }] {
            let a = isleplan::optimise::propose_bounded(&problem, model);
            let b = isleplan::optimise::propose_bounded(&problem, model);
            let exact_layout = propose(&problem, model, &exact());

            assert_eq!(a, b, "seed {seed}");
            assert!(exact_layout.optimal, "seed {seed}");
            if model == Model::Lscp {
                assert!(a.bound <= exact_layout.objective + 1e-9, "seed {seed}");
            } else {
                assert!(a.bound >= exact_layout.objective - 1e-9, "seed {seed}");
            }
            if a.optimal {
                assert_eq!(a.objective, exact_layout.objective, "seed {seed}");
            }
        }
    }
}

#[test]
fn fractional_costs_and_weights_bounds_and_proofs_hold_against_exhaustive_search() {
    for seed in 800..860 {
        let base = random_problem(seed, 30, 4 + (seed as usize % 9), false);
        let mut rng = Rng::new(seed * 7 + 1);
        let weights: Vec<f64> = (0..base.n_demand())
            .map(|i| base.weight(i) * (0.5 + rng.below(1000) as f64 / 997.0))
            .collect();
        let costs: Vec<f64> = (0..base.n_sites())
            .map(|j| base.cost(j) + rng.below(100) as f64 / 37.0)
            .collect();
        let existing: Vec<bool> = (0..base.n_sites()).map(|j| base.is_existing(j)).collect();
        let sets: Vec<Vec<u32>> = (0..base.n_sites())
            .map(|j| base.covers(j).to_vec())
            .collect();
        let problem = CoverProblem::from_coverage_sets(weights, costs, existing, &sets).unwrap();
        let p = 1 + (seed as usize % 3);
        let best_cover = brute_lscp(&problem);
        let best_weight = brute_mclp(&problem, p);
        let tol = 1e-9 * best_weight.max(best_cover).max(1.0);

        for options in [heuristic(), exact()] {
            let cover = propose(&problem, Model::Lscp, &options);
            let weight = propose(&problem, Model::Mclp { p }, &options);

            assert!(cover.bound <= best_cover + tol, "seed {seed}: LSCP bound");
            assert!(weight.bound >= best_weight - tol, "seed {seed}: MCLP bound");
            if cover.optimal {
                assert!(
                    (cover.objective - best_cover).abs() <= tol,
                    "seed {seed}: LSCP proof"
                );
            }
            if weight.optimal {
                assert!(
                    (weight.objective - best_weight).abs() <= tol,
                    "seed {seed}: MCLP proof"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- branch and bound

/// Unit-cost instances with overlapping sites, where the Lagrangian bound at the root
/// often falls short of the optimum and the branch and bound has to search.
fn tree_problem(seed: u64, n: usize, m: usize) -> CoverProblem {
    let mut rng = Rng::new(seed);
    let sets: Vec<Vec<u32>> = (0..m)
        .map(|_| (0..n as u32).filter(|_| rng.chance(22)).collect())
        .collect();
    let costs = (0..m)
        .map(|_| {
            if seed % 2 == 0 {
                1.0
            } else {
                (1 + rng.below(3)) as f64
            }
        })
        .collect();
    CoverProblem::from_coverage_sets(vec![1.0; n], costs, vec![false; m], &sets).unwrap()
}

#[test]
fn branch_and_bound_matches_exhaustive_search_where_the_root_does_not_prove() {
    let mut searched = 0;
    for seed in 0..100 {
        let problem = tree_problem(1_000 + seed, 30, 14);
        let optimum = brute_lscp(&problem);

        // The search as this build runs it (the tree then the MIP, or HiGHS at once)
        // and the tree alone (a node limit keeps the MIP out), each against
        // enumeration.
        let layout = propose(&problem, Model::Lscp, &exact());
        let tree_only = SearchLimits {
            nodes: Some(1_000_000),
        };
        let tree = propose_with_limits(&problem, Model::Lscp, &exact(), tree_only);

        for (what, layout) in [("search", &layout), ("tree", &tree)] {
            assert!(layout.optimal, "seed {seed} {what}: not proven optimal");
            assert_eq!(layout.objective, optimum, "seed {seed} {what}");
            assert_eq!(layout.bound, layout.objective, "seed {seed} {what}");
            assert_eq!(layout.limit_reached, None, "seed {seed} {what}");
        }
        if tree.nodes > 1 {
            searched += 1;
        }
    }
    // The comparison says something about the tree only where the tree searched (the
    // tree's own unit tests compare it with enumeration on many more).
    assert!(searched >= 4, "only {searched} of 100 instances branched");
}

#[test]
fn exact_search_gives_the_same_layout_on_one_and_two_threads() {
    // scpe1 (50 × 500, unit costs: the root does not prove it) and seeded instances
    // the root does not prove either, through the search this build runs (the tree
    // and microlp, or HiGHS): the whole layout, not only its objective.
    let mut problems = vec![orlib("scpe1")];
    problems.extend((0..12).map(|seed| tree_problem(2_000 + seed, 30, 14)));
    let solve = |problem: &CoverProblem, threads: usize| -> Layout {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| propose(problem, Model::Lscp, &exact()))
    };
    for (i, problem) in problems.iter().enumerate() {
        let one = solve(problem, 1);
        let two = solve(problem, 2);

        assert!(one.optimal, "problem {i}: not proven");
        assert_eq!(
            one, two,
            "problem {i}: the layout depends on the thread count"
        );
    }
}

/// An OR-Library set-covering file (rows and columns, column costs, then each row's
/// covering columns, 1-based) as an LSCP: rows are demand points, columns sites.
fn orlib(name: &str) -> CoverProblem {
    let path = bench_dir().join("orlib_scp").join(format!("{name}.txt"));
    isleplan::optimise::orlib::load(&path).unwrap()
}

#[test]
fn orlib_instances_are_proven_at_their_known_optima() {
    // Optima from Beasley (1987), as tests/data/bench/orlib_scp/README.md says.
    for (name, optimum) in [("scp41", 429.0), ("scp51", 253.0), ("scpe1", 5.0)] {
        let problem = orlib(name);

        let layout = propose(&problem, Model::Lscp, &exact());

        assert!(layout.optimal, "{name}: not proven");
        assert_eq!(layout.objective, optimum, "{name}");
        assert_eq!(
            layout.covered_count,
            problem.n_demand(),
            "{name}: not a cover"
        );
        let cost: f64 = layout
            .new_sites
            .iter()
            .map(|&j| problem.cost(j as usize))
            .sum();
        assert_eq!(cost, optimum, "{name}: objective is not the sites' cost");
    }
}

/// A layout's figures as reported at a limit: the bound below the objective, the
/// gap between them, the layout a cover.
fn assert_limit_figures(layout: &Layout, problem: &CoverProblem) {
    assert!(!layout.optimal);
    assert!(layout.bound <= layout.objective);
    assert!(layout.bound > 0.0);
    let gap = (layout.objective - layout.bound) / layout.objective;
    assert!(
        (layout.gap - gap).abs() < 1e-12,
        "gap {} vs {gap}",
        layout.gap
    );
    assert_eq!(layout.covered_count, problem.n_demand());
}

#[test]
fn node_limit_reports_best_bound_and_gap_and_is_the_same_on_any_thread_count() {
    // scpcyc06 (unicost, 240 rows × 192 columns): the root's bound is far below the
    // best cover, so a 30-node search stops at its limit with a gap.
    let problem = orlib("scpcyc06");
    let limits = SearchLimits { nodes: Some(30) };
    let solve = |threads: usize| -> Layout {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| propose_with_limits(&problem, Model::Lscp, &exact(), limits))
    };

    let one = solve(1);
    let two = solve(2);
    let again = solve(2);

    assert_eq!(one.limit_reached, Some(LimitReached::Nodes));
    assert_eq!(one.nodes, 30);
    assert_limit_figures(&one, &problem);
    assert_eq!(one, two);
    assert_eq!(two, again);
    // A larger node limit never does worse, on either side of the gap.
    let more = propose_with_limits(
        &problem,
        Model::Lscp,
        &exact(),
        SearchLimits { nodes: Some(120) },
    );
    assert!(more.objective <= one.objective);
    assert!(more.bound >= one.bound);
}

#[test]
fn time_limit_returns_the_best_layout_with_its_bound_and_gap() {
    let problem = orlib("scpcyc06");
    let options = SolveOptions {
        time_limit: Duration::from_millis(200),
        strategy: Strategy::Exact,
    };

    let layout = propose(&problem, Model::Lscp, &options);

    assert_eq!(layout.limit_reached, Some(LimitReached::Time));
    assert_limit_figures(&layout, &problem);
}

#[test]
fn cli_node_limit_writes_nodes_and_the_limit_reached() {
    let dir = tempfile::tempdir().unwrap();
    let problem = orlib("scpcyc06");
    let mut demand = String::from("id,weight\n");
    for i in 0..problem.n_demand() {
        demand.push_str(&format!("d{i},1\n"));
    }
    let mut sites = String::from("id,cost\n");
    let mut pairs = String::from("demand_id,site_id,cost\n");
    for j in 0..problem.n_sites() {
        sites.push_str(&format!("s{j},1\n"));
        for &i in problem.covers(j) {
            pairs.push_str(&format!("d{i},s{j},0\n"));
        }
    }
    fs_err::write(dir.path().join("D.csv"), demand).unwrap();
    fs_err::write(dir.path().join("S.csv"), sites).unwrap();
    fs_err::write(dir.path().join("P.csv"), pairs).unwrap();
    let mut args = sf_args(dir.path(), ModelArg::Lscp, None, "a.json");
    args.max_cost = 0.0;
    args.node_limit = Some(25);

    optimize::run(&args).unwrap();
    args.out = Some(dir.path().join("b.json"));
    optimize::run(&args).unwrap();

    let a = fs_err::read(dir.path().join("a.json")).unwrap();
    let b = fs_err::read(dir.path().join("b.json")).unwrap();
    assert_eq!(a, b, "the same node limit must write the same bytes");
    let result = read_json(&dir.path().join("a.json"));
    assert_eq!(result["limit_reached"], "nodes");
    assert_eq!(result["nodes"], 25);
    assert_eq!(result["optimal"], false);
    assert!(result["bound"].as_f64().unwrap() <= result["objective"].as_f64().unwrap());
}
