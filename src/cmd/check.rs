//! `brief check`: validate everything and list data-quality warnings.

use serde::Serialize;

use super::{Outcome, Printer};
use crate::cli::{CheckArgs, Format, Global};
use crate::diag::{self, Diagnostics, JsonDiagnostic};
use crate::model::portfolio;
use crate::pipeline::BuildPlan;
use crate::session::{self, Session};

#[derive(Serialize)]
struct JsonReport<'a> {
    period: Option<String>,
    as_of: Option<String>,
    programs: usize,
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

pub(crate) fn run(global: &Global, args: &CheckArgs, start: &std::path::Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let session = Session::open(start);
    let mut all = session.diagnostics.clone();
    let mut timeframe = None;
    if !session.has_errors() {
        match session::timeframe(&args.period, &session.portfolio) {
            Ok(tf) => {
                all.extend(portfolio::lint(&session.portfolio, tf));
                all.extend(portfolio::external_narrative(&session.portfolio, &session.project.reports, tf));
                // What `build` refuses before writing anything: two groups
                // or two reports writing one file.
                let split = BuildPlan::split(session.project.reports.clone(), &session.portfolio, tf);
                if let Err(d) = split.and_then(|specs| BuildPlan::distinct_outputs(&specs, tf, None)) {
                    all.push(d);
                }
                timeframe = Some(tf);
            }
            Err(d) if d.code == "no-updates" && args.period.period.is_none() => {}
            Err(d) => all.push(d),
        }
    }
    let sorted = all.sorted(&session.sources);
    let (errors, warnings) = (all.error_count(), all.warning_count());
    match args.format {
        Format::Json => {
            let report = JsonReport {
                period: timeframe.map(|t| t.period.to_string()),
                as_of: timeframe.map(|t| t.as_of.to_string()),
                programs: session.portfolio.programs.len(),
                files: session.sources.iter().count(),
                errors,
                warnings,
                diagnostics: sorted.iter().map(|d| diag::to_json(d, &session.sources)).collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            printer.diagnostics(&sorted, &session.sources);
            let period = timeframe.map(|t| format!(" for {}", t.period)).unwrap_or_default();
            printer.status(&format!(
                "checked {} in {}{period}: {}",
                super::plural(session.portfolio.programs.len(), "program"),
                super::plural(session.sources.iter().count(), "file"),
                super::counts(errors, warnings)
            ));
        }
    }
    Ok(outcome(&all, args.strict))
}

pub(crate) fn outcome(all: &Diagnostics, strict: bool) -> Outcome {
    if all.has_errors() {
        Outcome::InputErrors
    } else if strict && all.warning_count() > 0 {
        Outcome::StrictWarnings
    } else {
        Outcome::Success
    }
}
