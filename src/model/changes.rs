//! What changed since the previous period, ranked by what an executive needs first.
//!
//! Each change compares a program's state as of the report's period with its
//! state as of the previous period, and carries a plain sentence generated
//! from the data alone (no text is invented).

use chrono::NaiveDate;
use serde::Serialize;

use super::derive::{self, HIGH_RISK_SCORE, MilestoneState};
use super::period::Period;
use super::report::{ProgramState, Scope};
use super::types::*;
use crate::locale::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ChangeKind {
    StatusChanged,
    ProgramAdded,
    ProgramStale,
    RiskOpened,
    RiskClosed,
    RiskScoreChanged,
    MilestoneSlipped,
    MilestoneRecovered,
    MilestoneDone,
    MilestoneOverdue,
    MetricCrossedTarget,
    MetricMoved,
    AskOpened,
    AskDecided,
    AskOverdue,
}

/// Whether a change is good or bad news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Worse,
    Better,
    Neutral,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change {
    pub(crate) kind: ChangeKind,
    pub(crate) program: String,
    pub(crate) program_name: String,
    /// Id of the item concerned (the program id for program-level changes).
    pub(crate) subject: String,
    pub(crate) subject_name: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    /// Days a milestone moved (slips) or is late (overdue asks and milestones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) days: Option<i64>,
    pub(crate) direction: Direction,
    /// 1 is what an executive must see first.
    pub(crate) rank: u8,
    /// The plain sentence, naming the program.
    pub(crate) sentence: String,
    /// The same sentence without the program's name, for the program's own page.
    pub(crate) detail: String,
}

/// A metric moves notably when it changes by at least this share of its previous value.
pub(crate) const METRIC_MOVE_SHARE: f64 = 0.10;

/// The rank of a change measured against a value older than the previous
/// period: below every change of this month.
pub(crate) const RANK_OLD_COMPARISON: u8 = 10;

/// Every change of every program, ranked.
/// Every change of `programs`, its sentences in `loc` (the PDF's language;
/// `brief changes` and the digest read them in English).
pub(crate) fn changes(loc: &Locale, programs: &[ProgramState<'_>], scope: &Scope<'_>) -> Vec<Change> {
    let mut all: Vec<Change> = programs.iter().flat_map(|p| program_changes(loc, p, scope)).collect();
    all.sort_by(|a, b| {
        (a.rank, &a.program_name, a.kind, &a.subject).cmp(&(b.rank, &b.program_name, b.kind, &b.subject))
    });
    all
}

fn program_changes(loc: &Locale, p: &ProgramState<'_>, scope: &Scope<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut c = Collector { p, loc, out: &mut out };
    if scope.previous.is_none() {
        return out;
    }
    let reported_now = p.history.has_update(scope.period);
    if !p.reported_before && p.has_reported() {
        let status = p.status().map_or("no status".to_string(), |s| s.to_string());
        let status_words = p.status().map_or(loc.phrase("change.no-status", &[]), |s| c.status_word(s));
        c.push(
            ChangeKind::ProgramAdded,
            p.id(),
            p.now.display_name(),
            None,
            Some(status.clone()),
            5,
            Direction::Neutral,
            loc.phrase("change.first-report", &[("name", p.now.display_name()), ("status", &status_words)]),
        );
    } else if !reported_now && p.has_reported() && p.status().is_none_or(Status::is_active) {
        let last = p.last_update.map_or("never".into(), |l| l.label());
        let last_words = p.last_update.map_or(loc.phrase("change.never", &[]), |l| loc.period(l));
        c.push(
            ChangeKind::ProgramStale,
            p.id(),
            p.now.display_name(),
            Some(last.clone()),
            None,
            3,
            Direction::Worse,
            loc.phrase(
                "change.stale",
                &[("name", p.now.display_name()), ("period", &loc.period(scope.period)), ("last", &last_words)],
            ),
        );
    }
    let Some(before) = &p.before else { return out };
    if p.reported_before {
        status_change(&mut c, before);
    }
    risk_changes(&mut c, before);
    milestone_changes(&mut c, before, scope);
    metric_changes(&mut c, before, scope);
    ask_changes(&mut c, before, scope);
    out
}

struct Collector<'a, 'p> {
    p: &'a ProgramState<'p>,
    /// The language of the sentences.
    loc: &'a Locale,
    out: &'a mut Vec<Change>,
}

impl Collector<'_, '_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ChangeKind,
        subject: &str,
        subject_name: &str,
        from: Option<String>,
        to: Option<String>,
        rank: u8,
        direction: Direction,
        sentence: String,
    ) {
        let detail = detail(&sentence, self.p.now.display_name());
        self.out.push(Change {
            kind,
            program: self.p.id().to_string(),
            program_name: self.p.now.display_name().to_string(),
            subject: subject.to_string(),
            subject_name: subject_name.to_string(),
            from,
            to,
            days: None,
            direction,
            rank,
            sentence,
            detail,
        });
    }

    fn name(&self) -> &str {
        self.p.now.display_name()
    }

    /// A sentence of the catalogue about this program (`{name}`) and `args`.
    fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut all = vec![("name", self.name())];
        all.extend_from_slice(args);
        self.loc.phrase(key, &all)
    }

    /// A status in running text: "green".
    fn status_word(&self, s: Status) -> String {
        self.loc.phrase(&format!("status.{}.word", s.as_str()), &[])
    }

    fn date(&self, d: NaiveDate) -> String {
        self.loc.date(d)
    }

    fn with_days(&mut self, days: i64) {
        if let Some(last) = self.out.last_mut() {
            last.days = Some(days);
        }
    }
}

/// "EU DSA: risk \"X\" rose" -> "Risk \"X\" rose": a sentence without its subject.
fn detail(sentence: &str, program: &str) -> String {
    let rest = sentence.strip_prefix(program).unwrap_or(sentence);
    let rest = rest.strip_prefix([':', '：']).unwrap_or(rest).trim_start();
    let mut chars = rest.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn status_change(c: &mut Collector<'_, '_>, before: &Program) {
    let (Some(was), Some(now)) = (before.status.as_ref().map(|s| s.value), c.p.status()) else { return };
    if was == now {
        return;
    }
    let reason = c.p.now.status_reason.as_ref();
    let reason =
        reason.map(|r| c.loc.phrase("change.reason", &[("reason", r.value.trim_end_matches('.'))])).unwrap_or_default();
    // Unrated is no rating: a move into or out of it is news, neither worse nor better.
    let (rank, direction) = match now.compared_with(was) {
        Some(std::cmp::Ordering::Greater) => (1, Direction::Worse),
        Some(_) => (6, Direction::Better),
        None => (3, Direction::Neutral),
    };
    let sentence = if now == Status::Unrated {
        c.say("change.unrated", &[("reason", &reason)])
    } else {
        c.say("change.status", &[("from", &c.status_word(was)), ("to", &c.status_word(now)), ("reason", &reason)])
    };
    let id = c.p.id().to_string();
    let name = c.name().to_string();
    c.push(
        ChangeKind::StatusChanged,
        &id,
        &name,
        Some(was.to_string()),
        Some(now.to_string()),
        rank,
        direction,
        sentence,
    );
}

fn risk_title(r: &Risk) -> &str {
    r.title.as_ref().map_or(r.id.value.as_str(), |t| t.value.as_str())
}

fn risk_changes(c: &mut Collector<'_, '_>, before: &Program) {
    for r in &c.p.now.risks.clone() {
        let old = before.risks.iter().find(|o| o.id.value == r.id.value);
        let title = risk_title(r);
        let score = r.score();
        let score_text = score.map_or("unscored".into(), |s| s.to_string());
        let score_words = score.map_or(c.loc.phrase("change.unscored", &[]), |s| s.to_string());
        match (old.filter(|o| o.is_open()), r.is_open()) {
            (None, true) => {
                let high = score.is_some_and(|s| s >= HIGH_RISK_SCORE);
                let band = score.map_or(String::new(), |s| {
                    let key = format!("change.band.{}", format!("{:?}", derive::band(s)).to_lowercase());
                    c.loc.phrase("change.risk-band", &[("band", &c.loc.phrase(&key, &[]))])
                });
                c.push(
                    ChangeKind::RiskOpened,
                    &r.id,
                    title,
                    None,
                    Some(score_text.clone()),
                    if high { 2 } else { 7 },
                    Direction::Worse,
                    c.say("change.risk-new", &[("title", title), ("score", &score_words), ("band", &band)]),
                );
            }
            (Some(o), false) => {
                c.push(
                    ChangeKind::RiskClosed,
                    &r.id,
                    title,
                    o.score().map(|s| s.to_string()),
                    None,
                    9,
                    Direction::Better,
                    c.say("change.risk-closed", &[("title", title)]),
                );
            }
            (Some(o), true) if o.score() != score => {
                let (Some(a), Some(b)) = (o.score(), score) else { continue };
                let up = b > a;
                let into_high = up && b >= HIGH_RISK_SCORE;
                let key = if up { "change.risk-rose" } else { "change.risk-fell" };
                c.push(
                    ChangeKind::RiskScoreChanged,
                    &r.id,
                    title,
                    Some(a.to_string()),
                    Some(b.to_string()),
                    if into_high {
                        2
                    } else if up {
                        7
                    } else {
                        9
                    },
                    if up { Direction::Worse } else { Direction::Better },
                    c.say(key, &[("title", title), ("from", &a.to_string()), ("to", &b.to_string())]),
                );
            }
            _ => {}
        }
    }
}

fn milestone_name(m: &Milestone) -> &str {
    m.name.as_ref().map_or(m.id.value.as_str(), |n| n.value.as_str())
}

fn milestone_changes(c: &mut Collector<'_, '_>, before: &Program, scope: &Scope<'_>) {
    let prev_as_of = scope.previous_as_of().unwrap_or(scope.as_of);
    for m in &c.p.now.milestones.clone() {
        let Some(old) = before.milestones.iter().find(|o| o.id.value == m.id.value) else { continue };
        let name = milestone_name(m);
        let what = c.loc.phrase(if m.critical { "change.critical-milestone" } else { "change.milestone" }, &[]);
        let what = what.as_str();
        let now_state = derive::milestone_state(m, scope.as_of);
        let old_state = derive::milestone_state(old, prev_as_of);
        if m.done.is_some() && old.done.is_none() {
            let on = m.done.as_ref().map(|d| c.date(d.value)).unwrap_or_default();
            c.push(
                ChangeKind::MilestoneDone,
                &m.id,
                name,
                None,
                Some(on.clone()),
                8,
                Direction::Better,
                c.say("change.milestone-done", &[("what", what), ("title", name), ("date", &on)]),
            );
            continue;
        }
        if m.done.is_some() {
            continue;
        }
        let (new_date, old_date) = (derive::expected_date(m), derive::expected_date(old));
        if let (Some(n), Some(o)) = (new_date, old_date) {
            let days = (n - o).num_days();
            if days > 0 {
                c.push(
                    ChangeKind::MilestoneSlipped,
                    &m.id,
                    name,
                    Some(c.date(o)),
                    Some(c.date(n)),
                    if m.critical { 2 } else { 5 },
                    Direction::Worse,
                    {
                        let late = derive::slip_days(m)
                            .and_then(|d| crate::format::milestone::against_baseline_in(c.loc, d))
                            .map(|l| c.loc.phrase("change.late", &[("late", &l)]))
                            .unwrap_or_default();
                        let (span, date) = (c.loc.days(days), c.date(n));
                        c.say(
                            "change.milestone-slipped",
                            &[("what", what), ("title", name), ("span", &span), ("date", &date), ("late", &late)],
                        )
                    },
                );
                c.with_days(days);
            } else if days < 0 && old_state == MilestoneState::AtRisk && now_state == MilestoneState::OnTrack {
                c.push(
                    ChangeKind::MilestoneRecovered,
                    &m.id,
                    name,
                    Some(c.date(o)),
                    Some(c.date(n)),
                    8,
                    Direction::Better,
                    {
                        let due = m.due.as_ref().map(|d| c.date(d.value)).unwrap_or_default();
                        let args = [("what", what), ("title", name), ("date", &c.date(n)), ("due", &due)];
                        c.say("change.milestone-recovered", &args)
                    },
                );
                c.with_days(days);
            }
        }
        if now_state == MilestoneState::Overdue && old_state != MilestoneState::Overdue {
            let due = m.due.as_ref().map(|d| d.value).unwrap_or(scope.as_of);
            c.push(
                ChangeKind::MilestoneOverdue,
                &m.id,
                name,
                None,
                Some(c.date(due)),
                if m.critical { 3 } else { 5 },
                Direction::Worse,
                c.say("change.milestone-overdue", &[("what", what), ("title", name), ("date", &c.date(due))]),
            );
            c.with_days((scope.as_of - due).num_days());
        }
    }
}

fn metric_changes(c: &mut Collector<'_, '_>, before: &Program, scope: &Scope<'_>) {
    for m in &c.p.now.metrics.clone() {
        let name = m.name.as_ref().map_or(m.id.value.as_str(), |n| n.value.as_str());
        let unit = m.unit.as_ref().map(|u| u.value.as_str());
        let stats = derive::metric_stats(m, scope.as_of, scope.previous);
        let (Some(latest), Some(prev), Some(_)) = (stats.latest, stats.previous, stats.change) else { continue };
        let _ = before;
        let (a, b) = (c.loc.quantity(prev.value, unit), c.loc.quantity(latest.value, unit));
        // A value older than the previous period says from when, and ranks
        // below the changes of this month (RANK_OLD_COMPARISON).
        let recent = stats.previous_is_recent;
        let a = if recent {
            a
        } else {
            c.loc.phrase("change.value-in", &[("value", &a), ("period", &c.loc.period_short(Period::of(prev.date)))])
        };
        let rank_of = |rank: u8| if recent { rank } else { RANK_OLD_COMPARISON };
        match (stats.was_on_target, stats.on_target) {
            (Some(was), Some(now)) if was != now => {
                let target = m.target.as_ref().map(|t| c.loc.quantity(t.value, unit)).unwrap_or_default();
                let key = if now { "change.kpi-reached" } else { "change.kpi-fell-off" };
                let sentence = c.say(key, &[("kpi", name), ("from", &a), ("to", &b), ("target", &target)]);
                c.push(
                    ChangeKind::MetricCrossedTarget,
                    &m.id,
                    name,
                    Some(a),
                    Some(b),
                    rank_of(if now { 8 } else { 4 }),
                    if now { Direction::Better } else { Direction::Worse },
                    sentence,
                );
            }
            _ => {
                let moved = (latest.value - prev.value).abs();
                let base = prev.value.abs().max(f64::EPSILON);
                if moved / base >= METRIC_MOVE_SHARE {
                    let good = (latest.value > prev.value) == (derive::better(m) == Better::Higher);
                    c.push(
                        ChangeKind::MetricMoved,
                        &m.id,
                        name,
                        Some(a.clone()),
                        Some(b.clone()),
                        rank_of(9),
                        if good { Direction::Better } else { Direction::Worse },
                        c.say("change.kpi-moved", &[("kpi", name), ("from", &a), ("to", &b)]),
                    );
                }
            }
        }
    }
}

fn ask_title(a: &Ask) -> &str {
    a.title.as_ref().map_or(a.id.value.as_str(), |t| t.value.as_str())
}

/// The catalogue's name of an ask's kind ("decision"; "other" without one).
fn ask_kind_key(kind: Option<AskKind>) -> &'static str {
    kind.map_or("other", AskKind::as_str)
}

/// "asks for a decision by 15 Dec 2026": the opening of an ask, by kind.
fn ask_phrase(loc: &Locale, kind: Option<AskKind>, by: Option<&str>) -> String {
    let when = by.map(|b| loc.phrase("change.ask-by", &[("date", b)])).unwrap_or_default();
    loc.phrase(&format!("change.ask.{}", ask_kind_key(kind)), &[("by", &when)])
}

/// "the decision", "the request for support": an ask named by its kind.
fn ask_noun(loc: &Locale, kind: Option<AskKind>) -> String {
    loc.phrase(&format!("change.noun.{}", ask_kind_key(kind)), &[])
}

fn ask_changes(c: &mut Collector<'_, '_>, before: &Program, scope: &Scope<'_>) {
    let prev_as_of = scope.previous_as_of().unwrap_or(scope.as_of);
    let overdue = |a: &Ask, on: NaiveDate| a.is_open() && a.by.as_ref().is_some_and(|b| b.value < on);
    for a in &c.p.now.asks.clone() {
        let old = before.asks.iter().find(|o| o.id.value == a.id.value);
        let title = ask_title(a);
        let kind = a.kind.as_ref().map(|k| k.value);
        let by = a.by.as_ref().map(|b| c.date(b.value));
        match (old, a.status) {
            (None, AskStatus::Open) => {
                let rank = if kind == Some(AskKind::Decision) { 4 } else { 7 };
                c.push(
                    ChangeKind::AskOpened,
                    &a.id,
                    title,
                    None,
                    Some("open".into()),
                    rank,
                    Direction::Neutral,
                    c.say("change.ask-opened", &[("what", &ask_phrase(c.loc, kind, by.as_deref())), ("title", title)]),
                );
            }
            (old, AskStatus::Decided) if old.is_none_or(|o| o.status != AskStatus::Decided) => {
                let outcome = a.outcome.as_ref();
                let outcome = outcome
                    .map(|o| c.loc.phrase("change.reason", &[("reason", o.value.trim_end_matches('.'))]))
                    .unwrap_or_default();
                c.push(
                    ChangeKind::AskDecided,
                    &a.id,
                    title,
                    old.map(|o| o.status.to_string()),
                    Some("decided".into()),
                    8,
                    Direction::Better,
                    c.say("change.ask-decided", &[("title", title), ("outcome", &outcome)]),
                );
            }
            _ => {}
        }
        if overdue(a, scope.as_of) && !old.is_some_and(|o| overdue(o, prev_as_of)) {
            let due = a.by.as_ref().map(|b| b.value).unwrap_or(scope.as_of);
            c.push(
                ChangeKind::AskOverdue,
                &a.id,
                title,
                None,
                by.clone(),
                1,
                Direction::Worse,
                c.say(
                    "change.ask-overdue",
                    &[("what", &ask_noun(c.loc, kind)), ("title", title), ("date", &c.date(due))],
                ),
            );
            c.with_days((scope.as_of - due).num_days());
        }
    }
}
