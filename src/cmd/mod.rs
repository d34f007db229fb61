//! The commands: each one is the pipeline cut at some point.

pub(crate) mod build;
pub(crate) mod changes;
pub(crate) mod charts;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod fonts;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod verify;
pub(crate) mod watch;

mod printer;

pub(crate) use printer::Printer;

/// How a command ended, as the exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 0: done.
    Success,
    /// 1: the input is wrong; nothing was written.
    InputErrors,
    /// 3: warnings under --strict; nothing was written.
    StrictWarnings,
    /// 2: the briefs were built and written, but a delivery failed.
    DeliveryFailed,
}

impl Outcome {
    pub(crate) fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::InputErrors => 1,
            Outcome::StrictWarnings => 3,
            Outcome::DeliveryFailed => crate::EXIT_TOOL_FAILURE,
        }
    }
}

/// Opens the project for the period asked for, as the commands that read one
/// period without building do: input errors, or a period the data cannot
/// give, are printed and end the command with exit code 1.
fn open_period(
    printer: &Printer,
    start: &std::path::Path,
    period: &crate::cli::PeriodArgs,
) -> Result<(crate::session::Session, crate::session::Timeframe), Outcome> {
    let session = crate::session::Session::open(start);
    if session.has_errors() {
        printer.diagnostics(&session.diagnostics.sorted(&session.sources), &session.sources);
        return Err(Outcome::InputErrors);
    }
    match crate::session::timeframe(period, &session.portfolio) {
        Ok(tf) => Ok((session, tf)),
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            Err(Outcome::InputErrors)
        }
    }
}

/// One report's data as `brief build` makes it (final, without the load
/// notes), for the commands that export or inspect parts of it.
struct ReportView {
    session: crate::session::Session,
    period: crate::model::period::Period,
    /// The report's id in brief.yaml.
    report: String,
    built: crate::view::Built,
}

/// Opens the period asked for and builds the view of `report` (the first
/// of brief.yaml when `None`); problems are printed and end the command.
fn open_report_view(
    printer: &Printer,
    start: &std::path::Path,
    period: &crate::cli::PeriodArgs,
    report: Option<&str>,
) -> Result<ReportView, Outcome> {
    let (session, tf) = open_period(printer, start, period)?;
    let spec = match session.report_or_first(report) {
        Ok(spec) => spec,
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            return Err(Outcome::InputErrors);
        }
    };
    let scope = crate::model::report::Scope::new(spec, tf, None);
    let inputs = crate::view::Inputs::of(&session, &scope);
    let built = crate::view::build(&inputs, &mut Default::default());
    let report = spec.id.clone();
    Ok(ReportView { period: tf.period, report, built, session })
}

/// "1 program", "2 programs".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// "2 errors, 1 warning".
pub(crate) fn counts(errors: usize, warnings: usize) -> String {
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}
