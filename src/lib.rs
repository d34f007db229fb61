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
//! `Diagnostic`s, reported all at once; failures of the tool are errors.

mod charts;
mod chartset;
pub mod cli;
mod clock;
mod cmd;
// Public (hidden) only so `testing` can hand it to the SMTP tests.
#[doc(hidden)]
pub mod deliver;
mod diag;
mod digest;
mod fonts;
mod format;
pub mod fuzzing;
mod load;
mod locale;
mod manifest;
mod model;
mod output;
mod pipeline;
mod project;
mod scaffold;
mod session;
mod sheets;
mod typeset;
mod view;
mod watcher;

#[doc(hidden)]
pub mod testing {
    //! Internals the benchmarks and integration tests drive directly; not a
    //! stable API. Everything else in the crate is private to it.

    pub use crate::cmd::serve::pages::{PageCache, outline};
    pub use crate::cmd::watch::rebuild::{Rebuilder, Settings};
    /// Delivery by e-mail, for the tests against a real SMTP server.
    pub use crate::deliver;
    pub use crate::load::ParseCache;
    pub use crate::manifest::{hex, sha256};
    pub use crate::output::{lock, write_atomic};
    pub use crate::pipeline::{Options, Renderer};
    pub use crate::scaffold::PLACEHOLDERS;
    pub use crate::session::Session;
    pub use crate::typeset::evict_cache;
    pub use crate::watcher::{Wake, Watcher};

    /// Renders one report of an open session (the first of brief.yaml when
    /// `report` is `None`) for the period `period` selects, as `brief build`
    /// does, keeping the renderer's caches for the next call.
    pub fn render(
        renderer: &mut Renderer,
        session: &Session,
        report: Option<&str>,
        period: &crate::cli::PeriodArgs,
        options: &Options,
    ) -> Result<crate::pipeline::Rendered, String> {
        let timeframe = crate::session::timeframe(period, &session.portfolio).map_err(|d| d.message)?;
        let spec = session.report_or_first(report).map_err(|d| d.message)?.clone();
        renderer.render(session, &spec, timeframe, options).map_err(|_| format!("report `{}` did not render", spec.id))
    }

    pub mod yaml {
        //! The YAML reader alone, for the YAML test suite.
        pub use crate::load::yaml::{decode, parse};
    }

    pub mod charts {
        //! The chart functions and their inputs, for `benches/charts.rs`.
        pub use crate::charts::{
            Chart, GroupMix, HeatRisk, HistoryRow, KpiSeries, MatrixRow, Rag, TimelineItem, TrendPeriod, group_mix,
            kpi_trend, milestone_timeline, portfolio_status, region_matrix, risk_heatmap, sparkline, status_history,
            status_trend,
        };
        /// The words of a report's language; the benches draw in English.
        pub use crate::locale::Locale;

        /// A milestone for the timeline, its state, slip and note derived
        /// from its dates as of a day by the model's rules, as a brief does.
        pub fn timeline_item(
            label: &str,
            due: chrono::NaiveDate,
            forecast: Option<chrono::NaiveDate>,
            done: Option<chrono::NaiveDate>,
            critical: bool,
            as_of: chrono::NaiveDate,
        ) -> TimelineItem {
            let dates = crate::model::derive::MilestoneDates { due: Some(due), forecast, done };
            TimelineItem::derived(crate::locale::Locale::english(), label, dates, critical, as_of)
                .expect("a milestone with a due date")
        }
    }
}

use std::process::ExitCode;

use cli::{Cli, Command};

/// Exit code when the tool or the system failed.
pub const EXIT_TOOL_FAILURE: u8 = 2;

/// Runs a command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let start = cli.global.project.clone().unwrap_or_else(|| std::path::PathBuf::from("."));
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.global, args, &start),
        Command::Send(args) => cmd::build::run(&cli.global, &args.with_send(), &start),
        Command::Check(args) => cmd::check::run(&cli.global, args, &start),
        Command::Changes(args) => cmd::changes::run(&cli.global, args, &start),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Verify(args) => cmd::verify::run(&cli.global, args),
        Command::Charts(args) => cmd::charts::run(&cli.global, args, &start),
        Command::Fonts(args) => cmd::fonts::run(&cli.global, args, &start),
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
