//! One report's view of the portfolio: which programs it covers, their state
//! now and at the previous period, with the audience's redactions applied.
//!
//! This is the last stage of the model; [`crate::view`] turns it into the
//! data a template receives.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::period::Period;
use super::types::{Ask, AskKind, Program, Sp, Status};
use super::{Portfolio, ProgramHistory};
use crate::diag::Origin;
use crate::project::{Audience, ReportSpec};

/// What a report is asked to show.
#[derive(Debug, Clone)]
pub(crate) struct Scope<'a> {
    pub(crate) spec: &'a ReportSpec,
    pub(crate) period: Period,
    /// The period the report compares with (`--since`, or the previous one in the data).
    pub(crate) previous: Option<Period>,
    pub(crate) as_of: NaiveDate,
    /// Only this program (`brief build --program ID`).
    pub(crate) program: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// The scope of a report over a timeframe, for every program of the
    /// report or only `program`.
    pub(crate) fn new(
        spec: &'a ReportSpec,
        timeframe: super::period::Timeframe,
        program: Option<&'a str>,
    ) -> Scope<'a> {
        Scope { spec, period: timeframe.period, previous: timeframe.previous, as_of: timeframe.as_of, program }
    }

    /// The as-of date of the previous period: its last day.
    pub(crate) fn previous_as_of(&self) -> Option<NaiveDate> {
        self.previous.map(Period::last_day)
    }

    pub(crate) fn is_external(&self) -> bool {
        self.spec.audience == Audience::External
    }
}

/// A program in a report: its state now and before, after redaction.
#[derive(Debug, Clone)]
pub(crate) struct ProgramState<'p> {
    pub(crate) history: &'p ProgramHistory,
    pub(crate) now: Program,
    /// The state as of the previous period, when the program existed then.
    pub(crate) before: Option<Program>,
    /// Whether the program had reported (had an update) by the previous period.
    pub(crate) reported_before: bool,
    pub(crate) last_update: Option<Period>,
    /// Status in each of the report's history periods (oldest first).
    pub(crate) statuses: Vec<(Period, Option<Status>)>,
    /// The narrative an external report left out for want of a text
    /// written for partners (empty for an internal report).
    pub(crate) withheld: Vec<Withheld>,
    /// The texts for partners an external report prints although the
    /// internal text was rewritten since they were (empty for an internal report).
    pub(crate) outdated: Vec<Outdated>,
}

/// A text for partners older than the internal text it stands for: the
/// internal one changed since the previous period, the one for partners
/// did not, so partners may read last month's reason beside this month's status.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outdated {
    pub(crate) field: &'static str,
    pub(crate) external_field: &'static str,
    /// Where the text for partners was written.
    pub(crate) external: Origin,
    /// Where the newer internal text was written.
    pub(crate) internal: Origin,
}

/// A narrative field an external report does not print: the program has
/// the internal text but not the one for partners.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Withheld {
    /// `summary` or `status_reason`.
    pub(crate) field: &'static str,
    /// The field that gives partners their text.
    pub(crate) external_field: &'static str,
    /// Where the internal text was written.
    pub(crate) origin: Origin,
}

impl ProgramState<'_> {
    pub(crate) fn id(&self) -> &str {
        &self.now.id
    }

    pub(crate) fn status(&self) -> Option<Status> {
        self.now.status.as_ref().map(|s| s.value)
    }

    pub(crate) fn has_reported(&self) -> bool {
        self.last_update.is_some()
    }
}

/// How many periods the status history shows.
pub(crate) const HISTORY_PERIODS: usize = 6;

/// A program that starts after the period and has reported nothing up to
/// it was not in the portfolio then: a brief of that month leaves it out
/// (it is not "not reported", and `check` does not ask for its update).
fn not_started(h: &ProgramHistory, now: &Program, period: Period) -> bool {
    h.last_update(period).is_none() && now.start.as_ref().is_some_and(|s| s.value > period.last_day())
}

/// The programs a report covers, in portfolio (id) order, redacted for its audience.
pub(crate) fn programs<'p>(portfolio: &'p Portfolio, scope: &Scope<'_>) -> Vec<ProgramState<'p>> {
    let history_periods = history_periods(portfolio, scope.period);
    // Each program's state is its own: worked out on every core, in order.
    portfolio
        .programs
        .par_iter()
        .filter(|h| scope.program.is_none_or(|id| h.id == id))
        .filter_map(|h| {
            let mut now = h.program_at(scope.period);
            if !selected(&now, scope) || not_started(h, &now, scope.period) {
                return None;
            }
            let mut before = scope.previous.map(|p| h.program_at(p));
            let (mut withheld, mut outdated) = (Vec::new(), Vec::new());
            if scope.is_external() {
                withheld = withheld_narrative(&now);
                outdated = before.as_ref().map_or_else(Vec::new, |b| outdated_narrative(&now, b));
                // What is internal now takes its earlier text with it: the
                // previous state must not show what the current one hides.
                before = before.filter(|b| !b.is_internal());
                if let Some(b) = before.as_mut() {
                    redact_as(b, &now);
                }
                redact(&mut now);
                before.iter_mut().for_each(redact);
            }
            let statuses = history_periods.iter().map(|&p| (p, status_at(h, p))).collect();
            Some(ProgramState {
                history: h,
                now,
                before,
                reported_before: scope.previous.is_some_and(|p| h.last_update(p).is_some()),
                last_update: h.last_update(scope.period),
                statuses,
                withheld,
                outdated,
            })
        })
        .collect()
}

/// The last periods of the data up to `period`, oldest first.
pub(crate) fn history_periods(portfolio: &Portfolio, period: Period) -> Vec<Period> {
    let upto: Vec<Period> = portfolio.periods.iter().copied().filter(|p| *p <= period).collect();
    upto[upto.len().saturating_sub(HISTORY_PERIODS)..].to_vec()
}

/// The status a program reported as of a period (only once it has reported).
pub(crate) fn status_at(h: &ProgramHistory, period: Period) -> Option<Status> {
    h.last_update(period)?;
    h.state_at(period).get("status")?.as_scalar().and_then(|s| Status::parse(&s.text))
}

/// Whether the report's filter keeps the program: internal programs never go
/// to an external audience; each `select` list given must match.
fn selected(p: &Program, scope: &Scope<'_>) -> bool {
    if scope.is_external() && p.is_internal() {
        return false;
    }
    let s = &scope.spec.select;
    let matches = |wanted: &[Sp<String>], have: &[&str]| {
        wanted.is_empty() || wanted.iter().any(|w| have.contains(&w.value.as_str()))
    };
    let tags: Vec<&str> = p.tags.iter().map(|t| t.value.as_str()).collect();
    let regions: Vec<&str> = p.regions.iter().map(|t| t.value.as_str()).collect();
    matches(&s.programs, &[p.id.as_str()])
        && matches(&s.tags, &tags)
        && matches(&s.regions, &regions)
        && in_group(p, scope)
}

/// Whether the program belongs to the group of a split report's copy
/// (every program does when the report is not split).
fn in_group(p: &Program, scope: &Scope<'_>) -> bool {
    match (&scope.spec.split_by, &scope.spec.group) {
        (Some(dim), Some(name)) => super::group::groups_of(p, dim).contains(name),
        _ => true,
    }
}

/// Drops every item marked `internal: true`, and what is internal by its
/// nature: the budget, the decisions and recommendations put to the
/// organisation's own leadership (a partner is never asked to take them),
/// and the narrative written for leadership, which gives way to the text
/// written for partners (`external_summary`, `external_status_reason`) or
/// to none: a summary or reason may hold legal advice, internal approvals
/// and decision dates, and nothing in the data says which.
pub(crate) fn redact(p: &mut Program) {
    p.risks.retain(|r| !r.internal);
    p.issues.retain(|i| !i.internal);
    p.asks.retain(|a| !is_internal_ask(a));
    p.budget = None;
    p.summary = p.external_summary.take();
    p.status_reason = p.external_status_reason.take();
}

/// One narrative field: its name and text, and the name and text of the
/// field for partners.
type NarrativeField<'p> = (&'static str, &'p Option<Sp<String>>, &'static str, &'p Option<Sp<String>>);

/// A program's narrative fields: the internal text and the one for partners.
fn narrative(p: &Program) -> [NarrativeField<'_>; 2] {
    [
        ("summary", &p.summary, "external_summary", &p.external_summary),
        ("status_reason", &p.status_reason, "external_status_reason", &p.external_status_reason),
    ]
}

/// The texts for partners that stayed as they were at the previous period
/// (`before`, not yet redacted) while the internal text was rewritten.
fn outdated_narrative(now: &Program, before: &Program) -> Vec<Outdated> {
    let origin = |t: &Option<Sp<String>>| t.as_ref().map(|t| t.origin);
    narrative(now)
        .into_iter()
        .zip(narrative(before))
        .filter_map(|((field, internal, external_field, external), (_, internal_then, _, external_then))| {
            let text = |t: &Option<Sp<String>>| t.as_ref().map(|t| t.value.clone());
            let (external, internal_at) = (origin(external)?, origin(internal)?);
            let kept = origin(external_then) == Some(external);
            // Written again word for word (a copied update) is no rewrite.
            let rewritten = origin(internal_then) != Some(internal_at) && text(internal_then) != text(internal);
            (kept && rewritten).then_some(Outdated { field, external_field, external, internal: internal_at })
        })
        .collect()
}

/// The internal narrative of a program that has no text for partners,
/// which an external report therefore leaves out. A blank internal text
/// withholds nothing.
fn withheld_narrative(p: &Program) -> Vec<Withheld> {
    narrative(p)
        .into_iter()
        .filter(|(_, internal, _, external)| {
            external.is_none() && internal.as_ref().is_some_and(|t| !t.trim().is_empty())
        })
        .filter_map(|(field, internal, external_field, _)| {
            Some(Withheld { field, external_field, origin: internal.as_ref()?.origin })
        })
        .collect()
}

/// An ask an external report leaves out: marked internal, or a decision or
/// recommendation for leadership.
fn is_internal_ask(a: &Ask) -> bool {
    a.internal || matches!(a.kind.as_ref().map(|k| k.value), Some(AskKind::Decision | AskKind::Recommendation))
}

/// Drops from an earlier state of a program every item that `now` marks
/// internal, whatever it was then.
fn redact_as(before: &mut Program, now: &Program) {
    use std::collections::HashSet;
    let risks: HashSet<&str> = now.risks.iter().filter(|r| r.internal).map(|r| r.id.value.as_str()).collect();
    let issues: HashSet<&str> = now.issues.iter().filter(|i| i.internal).map(|i| i.id.value.as_str()).collect();
    let asks: HashSet<&str> = now.asks.iter().filter(|a| is_internal_ask(a)).map(|a| a.id.value.as_str()).collect();
    before.risks.retain(|r| !risks.contains(r.id.value.as_str()));
    before.issues.retain(|i| !issues.contains(i.id.value.as_str()));
    before.asks.retain(|a| !asks.contains(a.id.value.as_str()) && !is_internal_ask(a));
    before.budget = None;
}
