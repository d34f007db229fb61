//! `brief completions SHELL` and `brief man`: generated from the command
//! line definition, so they never drift from it.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

pub(crate) fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    clap_complete::generate(args.shell, &mut Cli::command(), "brief", &mut std::io::stdout());
    Ok(Outcome::Success)
}

pub(crate) fn man() -> anyhow::Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(Outcome::Success)
}
