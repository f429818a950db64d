//! The one seeded random-number generator of the tests, benches and examples, so a
//! seeded loop draws the same "random" data on every machine.
//!
//! Included by path, not through a crate, so every target compiles its own copy of
//! this one file:
//! - `tests/it/main.rs` and `tests/optimise.rs`: `#[path = "../support/rng.rs"]` /
//!   `#[path = "support/rng.rs"]`;
//! - `benches/support/random_instance.rs` (the optimiser's bench and
//!   `examples/optimise_scale.rs`) and `benches/travel.rs`.
//!
//! The generator is splitmix64 (Steele, Lea & Flood 2014, with Vigna's constants):
//! the one `tests/optimise.rs` and the optimiser's bench instances already used, so
//! their seeded instances, and the figures PERFORMANCE.md quotes for them, are
//! unchanged. `tests/it/determinism.rs` pins its first outputs. Not for anything but
//! tests: no cryptographic or statistical claims.

// Each target that includes this file uses a different part of it.
#![allow(dead_code)]

/// splitmix64, seeded.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// In `0..n` (by remainder: the bias is below n / 2⁶⁴). Panics if `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0): the range 0..0 is empty");
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100 (whole percent).
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}
