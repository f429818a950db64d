//! `isleplan completions SHELL`: the shell completion script for the command
//! line, generated from the clap definition so it never falls behind it.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Args;

/// Writes the completion script for `shell` to `out`.
///
/// Install it as the shell expects, e.g. `isleplan completions bash >
/// ~/.local/share/bash-completion/completions/isleplan`.
pub fn write(shell: Shell, out: &mut dyn Write) {
    let mut cmd = Args::command();
    clap_complete::generate(shell, &mut cmd, "isleplan", out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_script_completes_every_subcommand() {
        let mut buf = Vec::new();

        write(Shell::Bash, &mut buf);

        let text = String::from_utf8(buf).unwrap();
        for sub in ["run", "compare", "check", "gen", "optimize", "completions"] {
            assert!(text.contains(sub), "bash completion lacks `{sub}`");
        }
        assert!(text.contains("--format"), "bash completion lacks --format");
    }
}
