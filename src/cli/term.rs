//! The terminal: progress spinners and colour on stderr, only where a person
//! watches.
//!
//! A step shows a spinner only once it has run for a second, only when stderr
//! is a terminal and `--quiet` is off, so scripts, pipes and tests see nothing.
//! Colour follows <https://no-color.org>: none when `NO_COLOR` is set (to any
//! non-empty value) or stderr is not a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a step runs before its spinner shows.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether stderr may carry colour codes.
pub fn colour_on_stderr() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// `text` in bold `code` (an ANSI colour number) when colour is on.
pub fn paint(text: &str, code: u8) -> String {
    if colour_on_stderr() {
        format!("\x1b[1;{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// ANSI red.
pub const RED: u8 = 31;
/// ANSI yellow.
pub const YELLOW: u8 = 33;
/// ANSI cyan.
pub const CYAN: u8 = 36;

/// Progress for the steps of one command.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Progress that shows when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        Self {
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Runs `f` as a step named `message`, with a spinner if it takes over a second.
    pub fn step<T>(&self, message: &str, f: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return f();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let template = if colour_on_stderr() {
            "{spinner:.cyan} {msg} {elapsed}"
        } else {
            "{spinner} {msg} {elapsed}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_owned());
        let done = Arc::new(AtomicBool::new(false));
        let (b, d) = (bar.clone(), Arc::clone(&done));
        let shower = std::thread::spawn(move || {
            std::thread::park_timeout(SHOW_AFTER);
            if !d.load(Ordering::SeqCst) {
                b.set_draw_target(ProgressDrawTarget::stderr());
                b.enable_steady_tick(Duration::from_millis(120));
            }
        });
        let out = f();
        done.store(true, Ordering::SeqCst);
        shower.thread().unpark();
        let _ = shower.join();
        bar.finish_and_clear();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_progress_just_runs_the_step() {
        let p = Progress { enabled: false };

        let v = p.step("x", || 42);

        assert_eq!(v, 42);
    }

    #[test]
    fn paint_leaves_text_plain_when_stderr_is_not_a_terminal() {
        // Under `cargo test` stderr is captured, not a terminal.
        if std::io::stderr().is_terminal() {
            return;
        }

        assert_eq!(paint("error:", RED), "error:");
    }
}
