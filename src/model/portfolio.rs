//! The whole portfolio as one report sees it: the internal view of every
//! program, which `check` lints, `build` holds a final brief to, and
//! `changes` lists when no report is named.

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
