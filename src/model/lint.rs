//! Data-quality warnings: what a chief of staff would send back before the
//! brief goes out. "Watermelon" programs (green outside, red inside) first.

use super::derive::{self, GreenFlag, HIGH_RISK_SCORE};
use super::report::{ProgramState, Scope};
use super::types::Status;
use crate::diag::Diagnostic;
use crate::format::date as date_label;

/// A status reason or summary copied unchanged from the previous period
/// while the status or a KPI moved reads as news but is not: warn, at the
/// place the text was written (often last month's file, when this month's
/// update left it out).
fn stale_narrative(p: &ProgramState<'_>, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(before), Some(previous)) = (&p.before, scope.previous) else { return };
    if !p.reported_before || !p.history.has_update(scope.period) {
        return;
    }
    let (was, now) = (before.status.as_ref().map(|s| s.value), p.status());
    let moved = if was != now {
        let word = |s: Option<Status>| s.map_or("no status".to_string(), |s| s.to_string());
        format!("its status moved from {} to {}", word(was), word(now))
    } else if p
        .now
        .metrics
        .iter()
        .any(|m| derive::metric_stats(m, scope.as_of, scope.previous).change.is_some_and(|c| c != 0.0))
    {
        "its KPIs moved".to_string()
    } else {
        return;
    };
    let fields =
        [("status_reason", &p.now.status_reason, &before.status_reason), ("summary", &p.now.summary, &before.summary)];
    for (field, now, then) in fields {
        let (Some(n), Some(t)) = (now, then) else { continue };
        if n.value.trim() == t.value.trim() {
            out.push(
                Diagnostic::warning(
                    "stale-narrative",
                    format!("the {field} of program `{}` is word for word the one of {previous} while {moved}", p.id()),
                )
                .at(n.origin)
                .in_program(p.id())
                .hint(format!(
                    "say what is true in {}: set `{field}:` in the update for {}",
                    scope.period.label(),
                    scope.period
                )),
            );
        }
    }
}

/// The narrative an external report leaves out because no text for
/// partners was written: warn at the internal text, so its author writes
/// the partners' version (or an empty one, to print nothing on purpose).
pub(crate) fn withheld_narrative(p: &ProgramState<'_>, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for w in &p.withheld {
        out.push(
            Diagnostic::warning(
                "internal-narrative",
                format!(
                    "external report `{}` leaves out the {} of program `{}`: it has no {}",
                    scope.spec.id,
                    w.field,
                    p.id(),
                    w.external_field
                ),
            )
            .at(w.origin)
            .in_program(p.id())
            .hint(format!(
                "add `{}:` with what partners may read (no legal advice, internal approvals or decision dates), or `{}: \"\"` to print none",
                w.external_field, w.external_field
            )),
        );
    }
}

/// A text for partners left as it was while the internal text it stands
/// for was rewritten: partners would read last month's words.
pub(crate) fn outdated_narrative(p: &ProgramState<'_>, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for o in &p.outdated {
        out.push(
            Diagnostic::warning(
                "outdated-external-narrative",
                format!(
                    "external report `{}` prints the {} of program `{}` from before its {} was rewritten",
                    scope.spec.id,
                    o.external_field,
                    p.id(),
                    o.field
                ),
            )
            .at(o.external)
            .related(o.internal, format!("the {} was rewritten here", o.field))
            .in_program(p.id())
            .hint(format!("write `{}:` for {} next to the new {}", o.external_field, scope.period, o.field)),
        );
    }
}

/// Every data-quality warning for the programs of a report.
pub(crate) fn lint(programs: &[ProgramState<'_>], scope: &Scope<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in programs {
        program(p, scope, &mut out);
    }
    out
}

fn program(p: &ProgramState<'_>, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(super::placeholders::check(&p.now));
    let id = p.id();
    let status = p.status();
    let active = status.is_none_or(Status::is_active);
    stale_narrative(p, scope, out);
    withheld_narrative(p, scope, out);
    outdated_narrative(p, scope, out);
    let mut warn = |code: &'static str, message: String, origin, hint: &str| {
        out.push(Diagnostic::warning(code, message).at(origin).in_program(id).hint(hint));
    };
    if active && !p.history.has_update(scope.period) {
        let last = p.last_update.map_or("it has never reported".to_string(), |l| format!("last update {l}"));
        warn(
            "stale-program",
            format!("program `{id}` has no update for {} ({last})", scope.period),
            p.now.origin,
            "add the period's update file, or set the status to paused or complete",
        );
    }
    for flag in derive::green_flags(&p.now, scope.as_of) {
        match flag {
            GreenFlag::OverdueCriticalMilestone(m) => {
                let due = m.due.as_ref().map(|d| date_label(d.value)).unwrap_or_default();
                let origin = m.due.as_ref().map_or(m.origin, |d| d.origin);
                warn(
                    "green-overdue-milestone",
                    format!(
                        "program `{id}` is green but its critical milestone `{}` is overdue (due {due})",
                        m.id.value
                    ),
                    origin,
                    "a green program is on track: mark it amber or red, or record the milestone as done",
                );
            }
            GreenFlag::CriticalRisk(r, score) => warn(
                "green-red-risk",
                format!("program `{id}` is green but carries the critical risk `{}` (score {score})", r.id.value),
                r.id.origin,
                "a critical open risk usually means amber or red; lower the score if it is mitigated",
            ),
        }
    }
    if let (Some(st @ (Status::Amber | Status::Red)), Some(at)) = (status, p.now.status.as_ref()) {
        let open_ask = p.now.asks.iter().any(|a| a.is_open());
        let mitigated = p.now.risks.iter().any(|r| r.is_open() && r.mitigation.is_some());
        if !open_ask && !mitigated {
            warn(
                "no-recovery-path",
                format!("program `{id}` is {st} but has no open ask and no open risk with a mitigation"),
                at.origin,
                "say what leadership must do (an ask) or what the program is doing about it (a mitigation)",
            );
        }
    }
    for r in p.now.risks.iter().filter(|r| r.is_open() && r.score().is_none()) {
        warn(
            "unscored-risk",
            format!("risk `{}` has no score: it needs both likelihood and impact", r.id.value),
            r.id.origin,
            "add `likelihood:` and `impact:` (1 to 5 each); an unscored risk is ranked last and never counted as high",
        );
    }
    for r in p.now.risks.iter().filter(|r| r.is_open()) {
        let Some(score) = r.score().filter(|s| *s >= HIGH_RISK_SCORE) else { continue };
        let missing = match (r.owner.is_none(), r.mitigation.is_none()) {
            (true, true) => "no owner and no mitigation",
            (true, false) => "no owner",
            (false, true) => "no mitigation",
            (false, false) => continue,
        };
        {
            warn(
                "unowned-risk",
                format!("risk `{}` scores {score} but has {missing}", r.id.value),
                r.id.origin,
                "a risk is not a worry: give it an owner and a mitigation with a date",
            );
        }
    }
    for m in p.now.milestones.iter().filter(|m| m.done.is_none()) {
        if let Some(f) = m.forecast.as_ref().filter(|f| f.value < scope.as_of) {
            warn(
                "stale-forecast",
                format!(
                    "milestone `{}` is forecast for {}, which has passed, and it is not done",
                    m.id.value,
                    date_label(f.value)
                ),
                f.origin,
                "give a new forecast, or record the delivery with `done:`",
            );
        }
    }
    if active {
        for m in &p.now.metrics {
            if !m.values.iter().any(|o| scope.period.contains(o.date)) {
                warn(
                    "missing-metric-value",
                    format!("metric `{}` has no value for {}", m.id.value, scope.period),
                    m.id.origin,
                    "add the period's value under `values:`, keyed by the period or a date in it",
                );
            }
        }
    }
    for a in p.now.asks.iter().filter(|a| a.is_open()) {
        if let Some(by) = a.by.as_ref().filter(|b| b.value < scope.as_of) {
            warn(
                "overdue-ask",
                format!("ask `{}` was due {} and is still open", a.id.value, date_label(by.value)),
                by.origin,
                "escalate it, record the decision (status: decided, outcome), or move the date",
            );
        }
    }
}
