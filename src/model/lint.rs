//! Data-quality warnings: what a chief of staff would send back before the
//! brief goes out. "Watermelon" programs (green outside, red inside) first.
//!
//! Each warning's message is the catalogue phrase `quality.<code>`: English
//! in `brief check`, the reader's language in a brief's appendix.

use super::derive::{self, GreenFlag, HIGH_RISK_SCORE};
use super::report::{ProgramState, Scope};
use super::types::Status;
use crate::diag::Diagnostic;
use crate::locale::{Arg, Phrase};

/// Declares the checks: each one's code, and the list of them all.
macro_rules! checks {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        /// A data-quality check, by the code its warnings carry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Check { $($variant),+ }

        impl Check {
            /// Every check, for the test that holds the catalogue to them.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Check] = &[$(Check::$variant),+];

            pub(crate) fn code(self) -> &'static str {
                match self { $(Check::$variant => $code),+ }
            }
        }
    };
}

checks! {
    StaleNarrative = "stale-narrative",
    InternalNarrative = "internal-narrative",
    OutdatedExternalNarrative = "outdated-external-narrative",
    StaleProgram = "stale-program",
    GreenOverdueMilestone = "green-overdue-milestone",
    GreenRedRisk = "green-red-risk",
    NoRecoveryPath = "no-recovery-path",
    UnscoredRisk = "unscored-risk",
    UnownedRisk = "unowned-risk",
    StaleForecast = "stale-forecast",
    MissingMetricValue = "missing-metric-value",
    OverdueAsk = "overdue-ask",
    PlaceholderText = "placeholder-text",
}

impl Check {
    /// The key of its message in the catalogue: `quality.<code>`.
    pub(crate) fn key(self) -> String {
        format!("quality.{}", self.code())
    }

    /// A warning of this check, its message the check's phrase with `args`.
    pub(crate) fn warning(self, args: Vec<(&'static str, Arg)>) -> Diagnostic {
        let phrase = args.into_iter().fold(Phrase::new(self.key()), |p, (name, value)| p.with(name, value));
        Diagnostic::warning_of(self.code(), phrase)
    }
}

/// A status in running text, as a phrase: "green", or "no status".
fn status_word(s: Option<Status>) -> Arg {
    Arg::Phrase(Phrase::new(s.map_or("quality.no-status".to_string(), |s| format!("status.{}.word", s.as_str()))))
}

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
        Phrase::new("quality.moved-status").with("from", status_word(was)).with("to", status_word(now))
    } else if p
        .now
        .metrics
        .iter()
        .any(|m| derive::metric_stats(m, scope.as_of, scope.previous).change.is_some_and(|c| c != 0.0))
    {
        Phrase::new("quality.moved-kpis")
    } else {
        return;
    };
    let fields =
        [("status_reason", &p.now.status_reason, &before.status_reason), ("summary", &p.now.summary, &before.summary)];
    for (field, now, then) in fields {
        let (Some(n), Some(t)) = (now, then) else { continue };
        if n.value.trim() == t.value.trim() {
            out.push(
                Check::StaleNarrative
                    .warning(vec![
                        ("field", field.into()),
                        ("program", p.id().into()),
                        ("previous", previous.into()),
                        ("moved", moved.clone().into()),
                    ])
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
            Check::InternalNarrative
                .warning(vec![
                    ("report", scope.spec.id.as_str().into()),
                    ("field", w.field.into()),
                    ("program", p.id().into()),
                    ("external", w.external_field.into()),
                ])
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
            Check::OutdatedExternalNarrative
                .warning(vec![
                    ("report", scope.spec.id.as_str().into()),
                    ("external", o.external_field.into()),
                    ("program", p.id().into()),
                    ("field", o.field.into()),
                ])
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
    let mut warn = |check: Check, args: Vec<(&'static str, Arg)>, origin, hint: &str| {
        out.push(check.warning(args).at(origin).in_program(id).hint(hint));
    };
    if active && !p.history.has_update(scope.period) {
        let last = p
            .last_update
            .map_or(Phrase::new("quality.never-reported"), |l| Phrase::new("quality.last-update").with("period", l));
        warn(
            Check::StaleProgram,
            vec![("program", id.into()), ("period", scope.period.into()), ("last", last.into())],
            p.now.origin,
            "add the period's update file, or set the status to paused or complete",
        );
    }
    for flag in derive::green_flags(&p.now, scope.as_of) {
        match flag {
            GreenFlag::OverdueCriticalMilestone(m) => {
                let due = m.due.as_ref().map_or(Arg::Text(String::new()), |d| d.value.into());
                let origin = m.due.as_ref().map_or(m.origin, |d| d.origin);
                warn(
                    Check::GreenOverdueMilestone,
                    vec![("program", id.into()), ("milestone", m.id.value.as_str().into()), ("due", due)],
                    origin,
                    "a green program is on track: mark it amber or red, or record the milestone as done",
                );
            }
            GreenFlag::CriticalRisk(r, score) => warn(
                Check::GreenRedRisk,
                vec![("program", id.into()), ("risk", r.id.value.as_str().into()), ("score", score.to_string().into())],
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
                Check::NoRecoveryPath,
                vec![("program", id.into()), ("status", status_word(Some(st)))],
                at.origin,
                "say what leadership must do (an ask) or what the program is doing about it (a mitigation)",
            );
        }
    }
    for r in p.now.risks.iter().filter(|r| r.is_open() && r.score().is_none()) {
        warn(
            Check::UnscoredRisk,
            vec![("risk", r.id.value.as_str().into())],
            r.id.origin,
            "add `likelihood:` and `impact:` (1 to 5 each); an unscored risk is ranked last and never counted as high",
        );
    }
    for r in p.now.risks.iter().filter(|r| r.is_open()) {
        let Some(score) = r.score().filter(|s| *s >= HIGH_RISK_SCORE) else { continue };
        let missing = match (r.owner.is_none(), r.mitigation.is_none()) {
            (true, true) => "quality.missing.owner-and-mitigation",
            (true, false) => "quality.missing.owner",
            (false, true) => "quality.missing.mitigation",
            (false, false) => continue,
        };
        warn(
            Check::UnownedRisk,
            vec![
                ("risk", r.id.value.as_str().into()),
                ("score", score.to_string().into()),
                ("missing", Phrase::new(missing).into()),
            ],
            r.id.origin,
            "a risk is not a worry: give it an owner and a mitigation with a date",
        );
    }
    for m in p.now.milestones.iter().filter(|m| m.done.is_none()) {
        if let Some(f) = m.forecast.as_ref().filter(|f| f.value < scope.as_of) {
            warn(
                Check::StaleForecast,
                vec![("milestone", m.id.value.as_str().into()), ("date", f.value.into())],
                f.origin,
                "give a new forecast, or record the delivery with `done:`",
            );
        }
    }
    if active {
        for m in &p.now.metrics {
            if !m.values.iter().any(|o| scope.period.contains(o.date)) {
                warn(
                    Check::MissingMetricValue,
                    vec![("metric", m.id.value.as_str().into()), ("period", scope.period.into())],
                    m.id.origin,
                    "add the period's value under `values:`, keyed by the period or a date in it",
                );
            }
        }
    }
    for a in p.now.asks.iter().filter(|a| a.is_open()) {
        if let Some(by) = a.by.as_ref().filter(|b| b.value < scope.as_of) {
            warn(
                Check::OverdueAsk,
                vec![("ask", a.id.value.as_str().into()), ("date", by.value.into())],
                by.origin,
                "escalate it, record the decision (status: decided, outcome), or move the date",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Check;
    use crate::locale::Locale;

    /// A check's message is its phrase `quality.<code>`: one without it would
    /// print the bare key in `brief check` and in every brief (the catalogue
    /// test then holds every language to the English keys).
    #[test]
    fn every_check_has_its_quality_phrase_in_the_english_catalogue() {
        let en = Locale::english();
        let missing: Vec<String> = Check::ALL.iter().map(|c| c.key()).filter(|k| !en.phrases.contains_key(k)).collect();
        assert!(missing.is_empty(), "checks without a phrase in en.yaml: {missing:?}");
    }

    /// The message `brief check` prints is the English catalogue's text,
    /// and a brief in another language gets its own words for the same facts.
    #[test]
    fn a_warning_reads_in_english_for_check_and_in_the_reader_s_language_for_a_brief() {
        let last = crate::locale::Phrase::new("quality.last-update").with("period", "2026-10");
        let d = Check::StaleProgram.warning(vec![
            ("program", "quiet".into()),
            ("period", "2026-11".into()),
            ("last", last.into()),
        ]);
        assert_eq!(d.code, "stale-program");
        assert_eq!(d.message, "program `quiet` has no update for 2026-11 (last update 2026-10)");
        assert_eq!(d.message_in(Locale::english()), d.message);
        let de = d.message_in(&Locale::builtin("de"));
        assert_eq!(de, "Programm `quiet` hat kein Update für 2026-11 (letztes Update 2026-10)");
    }
}
