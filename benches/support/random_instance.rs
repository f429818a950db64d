//! The seeded random cover instances of the optimiser's bench and scale example
//! (`benches/optimise.rs`, `examples/optimise_scale.rs`), in one place so both
//! time the same problem.

use isleplan::optimise::CoverProblem;

// Relative to this file's folder, whichever target includes it.
#[path = "../../tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// `n` demand points and `m` sites uniform in a 100 km square, integer weights
/// 1–100, covering within the radius that gives about six sites per demand point
/// (pairs found through grid buckets of that radius); seed 42.
pub fn instance(n: usize, m: usize) -> CoverProblem {
    let side = 100_000.0;
    let radius = (6.0 * side * side / (std::f64::consts::PI * m as f64)).sqrt();
    let mut rng = Rng::new(42);
    let demand: Vec<[f64; 2]> = (0..n)
        .map(|_| [rng.unit() * side, rng.unit() * side])
        .collect();
    let sites: Vec<[f64; 2]> = (0..m)
        .map(|_| [rng.unit() * side, rng.unit() * side])
        .collect();
    let weights: Vec<f64> = (0..n).map(|_| (1.0 + rng.unit() * 100.0).floor()).collect();
    let cells = (side / radius).ceil() as usize;
    let cell = |x: f64| ((x / radius) as usize).min(cells - 1);
    let mut grid: Vec<Vec<u32>> = vec![Vec::new(); cells * cells];
    for (j, s) in sites.iter().enumerate() {
        grid[cell(s[0]) * cells + cell(s[1])].push(j as u32);
    }
    let mut pairs = Vec::new();
    for (i, d) in demand.iter().enumerate() {
        let (cx, cy) = (cell(d[0]), cell(d[1]));
        for x in cx.saturating_sub(1)..=(cx + 1).min(cells - 1) {
            for y in cy.saturating_sub(1)..=(cy + 1).min(cells - 1) {
                for &j in &grid[x * cells + y] {
                    let s = sites[j as usize];
                    pairs.push((i as u32, j, (d[0] - s[0]).hypot(d[1] - s[1])));
                }
            }
        }
    }
    match CoverProblem::from_pairs(weights, vec![1.0; m], vec![false; m], pairs, radius) {
        Ok(problem) => problem,
        Err(error) => panic!("the generated instance is valid: {error}"),
    }
}
