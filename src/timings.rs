//! Stage timings: wall time and peak memory after each stage of one process.
//!
//! `isleplan run --timings` prints them on stderr, so a benchmark can split a
//! whole-process figure into load, travel, rules, proposals and write without a
//! second harness. Timings never reach an output file: outputs stay
//! byte-identical from run to run.

use std::time::{Duration, Instant};

/// One finished stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Its name (`read`, `travel`, …).
    pub name: &'static str,
    /// Wall time it took.
    pub wall: Duration,
    /// Peak resident memory of the process when it ended, in bytes (Linux only).
    pub peak_bytes: Option<u64>,
}

/// The stages of one process, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<Stage>,
}

impl Timings {
    /// Runs `f` as the stage `name` and records its wall time and the peak memory after it.
    pub fn stage<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push(Stage {
            name,
            wall: start.elapsed(),
            peak_bytes: peak_rss_bytes(),
        });
        out
    }

    /// The stages recorded so far.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// A plain table, one stage per line, then the total: what `--timings` prints.
    pub fn table(&self) -> String {
        let mut s = String::from("stage            seconds  peak MiB\n");
        let mut total = Duration::ZERO;
        for st in &self.stages {
            total += st.wall;
            s.push_str(&format!(
                "{:<16} {:>7.3}  {:>8}\n",
                st.name,
                st.wall.as_secs_f64(),
                st.peak_bytes
                    .map_or_else(|| "-".to_owned(), |b| format!("{}", b >> 20))
            ));
        }
        s.push_str(&format!("{:<16} {:>7.3}\n", "total", total.as_secs_f64()));
        s
    }
}

/// The process's peak resident set size (`VmHWM` in `/proc/self/status`), where
/// the system reports one.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_recorded_in_order_with_their_results() {
        let mut t = Timings::default();
        let a = t.stage("first", || 1 + 1);
        let b = t.stage("second", || "x".repeat(3));
        assert_eq!((a, b.as_str()), (2, "xxx"));
        let names: Vec<_> = t.stages().iter().map(|s| s.name).collect();
        assert_eq!(names, ["first", "second"]);
        let table = t.table();
        assert!(table.lines().nth(1).unwrap().starts_with("first "));
        assert!(table.lines().last().unwrap().starts_with("total "));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_is_read_on_linux() {
        let peak = peak_rss_bytes().expect("VmHWM on Linux");
        // A running test binary holds at least a megabyte.
        assert!(peak > 1 << 20, "{peak}");
    }
}
