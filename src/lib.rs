//! `brief` turns program data kept as YAML into PDF leadership briefs.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//!
//! ```text
//! programs/**/*.yaml ─load─▶ located YAML trees ─model─▶ Portfolio (merged, validated)
//! brief.yaml                                              │ report scope, changes, lint
//!                                                         ▼
//!                                  view: the data a template receives (/data.json)
//!                                                         │ chartset: plotters SVGs
//!                                                         ▼
//!                     typeset: typst World (template + data + charts + fonts) ─▶ pages ─▶ PDF
//!                                                         │
//!                                  output: temp file + rename, only when all succeeded
//! ```
//!
//! `model` does no I/O, `charts` and `typeset` never read the programs folder,
//! and only `output` writes files. Problems in the user's files are
//! [`diag::Diagnostic`]s, reported all at once; failures of the tool are errors.

pub mod charts;
pub mod chartset;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod fonts;
pub mod fuzzing;
pub mod load;
pub mod manifest;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod session;
pub mod sheets;
pub mod typeset;
pub mod view;
pub mod watcher;

use std::process::ExitCode;

use cli::{Cli, Command};

/// Exit code when the tool or the system failed.
pub const EXIT_TOOL_FAILURE: u8 = 2;

/// Runs a command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let start = cli.global.project.clone().unwrap_or_else(|| std::path::PathBuf::from("."));
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.global, args, &start),
        Command::Check(args) => cmd::check::run(&cli.global, args, &start),
        Command::Changes(args) => cmd::changes::run(&cli.global, args, &start),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Verify(args) => cmd::verify::run(&cli.global, args),
        Command::Charts(args) => cmd::charts::run(&cli.global, args, &start),
        Command::Init(args) => cmd::init::run(&cli.global, args),
        Command::New(args) => cmd::new::run(&cli.global, args, &start),
        Command::Completions(args) => cmd::completions::completions(args),
        Command::Man => cmd::completions::man(),
        Command::Watch(args) => cmd::watch::run(&cli.global, args, &start),
        Command::Serve(args) => cmd::serve::run(&cli.global, args, &start),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) => {
            let printer = cmd::Printer::new(&cli.global);
            printer.error(&format!("{e:#}"));
            ExitCode::from(EXIT_TOOL_FAILURE)
        }
    }
}
