//! The whole portfolio as one report sees it: the internal view of every
//! program, which `check` lints, `build` holds a final brief to, and
//! `changes` lists when no report is named; and what the project's
//! external reports leave out, which `check` reports too.

use super::Portfolio;
use super::report::{self, Scope};
use crate::diag::Diagnostic;
use crate::project::{self, Audience, ReportSpec};
use crate::session::Timeframe;

/// A report over every program for the internal audience.
pub(crate) fn spec() -> ReportSpec {
    let mut spec = project::default_report(project::DEFAULT_REPORT);
    spec.audience = Audience::Internal;
    spec
}

/// The data-quality warnings of the whole portfolio (internal view, all programs).
pub(crate) fn lint(portfolio: &Portfolio, timeframe: Timeframe) -> Vec<Diagnostic> {
    let spec = spec();
    let scope = Scope::new(&spec, timeframe, None);
    let states = report::programs(portfolio, &scope);
    super::lint::lint(&states, &scope)
}

/// The narrative each external report of the project leaves out for want
/// of a text for partners, and the texts for partners it prints that are
/// older than the internal ones (`brief check`; a build warns per report it renders).
pub(crate) fn external_narrative(
    portfolio: &Portfolio,
    reports: &[ReportSpec],
    timeframe: Timeframe,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for spec in reports.iter().filter(|s| s.audience == Audience::External) {
        let scope = Scope::new(spec, timeframe, None);
        for state in report::programs(portfolio, &scope) {
            super::lint::withheld_narrative(&state, &scope, &mut out);
            super::lint::outdated_narrative(&state, &scope, &mut out);
        }
    }
    out
}
