//! `host-runner generate completions <SHELL>` and `host-runner generate man [DIR]`: shell
//! completions and man pages, made from the command line's own definition so they never
//! drift from `--help` (scripts/dist.sh packs them; a `cargo install` user runs them).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, CommandFactory, Subcommand};
use clap_complete::Shell;

use super::{Cli, EXIT_OK};

/// Options of `generate`.
#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// What to generate.
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Print the completion script of a shell on stdout.
    ///
    /// E.g. `host-runner generate completions bash >
    /// ~/.local/share/bash-completion/completions/host-runner`; zsh reads `_host-runner` from
    /// a folder on $fpath, fish `host-runner.fish` from ~/.config/fish/completions.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Write the man pages (host-runner.1 and one per command, host-runner-run.1, …) into a
    /// folder.
    ///
    /// E.g. `host-runner generate man ~/.local/share/man/man1`, then `man host-runner-run`.
    Man {
        /// The folder to write the pages into (created if missing; default: the working
        /// directory).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

pub(crate) fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let command = Cli::command();
    match args.what {
        What::Completions { shell } => {
            let name = command.get_name().to_string();
            clap_complete::generate(shell, &mut Cli::command(), name, &mut std::io::stdout());
        }
        What::Man { dir } => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            clap_mangen::generate_to(command, &dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
