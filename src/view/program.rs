//! The data of one program as a template receives it, with derived values
//! and display labels already computed (templates format nothing themselves).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::ChartRef;
use crate::format;
use crate::locale::Locale;
use crate::model::changes::{Change, ChangeKind, Direction};
use crate::model::derive::{self, Band, MilestoneState, Trend};
use crate::model::period::{Period, Timeframe, iso};
use crate::model::report::{ProgramState, Scope};
use crate::model::types::*;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgramView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) owner: Option<String>,
    pub(crate) sponsor: Option<String>,
    pub(crate) vertical: Option<String>,
    /// The organisational unit that owns the program.
    pub(crate) division: Option<String>,
    /// Money at stake, when an amount is known.
    pub(crate) budget: Option<BudgetView>,
    pub(crate) regions: Vec<String>,
    pub(crate) risk_domains: Vec<RiskDomain>,
    pub(crate) objective: Option<String>,
    pub(crate) start: Option<String>,
    pub(crate) start_label: Option<String>,
    pub(crate) end: Option<String>,
    pub(crate) end_label: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) internal: bool,
    /// green, amber, red, unrated, complete, paused, or null before the first report.
    pub(crate) status: Option<Status>,
    pub(crate) status_reason: Option<String>,
    pub(crate) previous_status: Option<Status>,
    /// worse, better, same, changed (into or out of unrated: neither worse
    /// nor better), new (first report), or none (no status).
    pub(crate) status_trend: &'static str,
    pub(crate) region_status: Vec<RegionStatus>,
    pub(crate) summary: Option<String>,
    pub(crate) highlights: Vec<String>,
    pub(crate) lowlights: Vec<String>,
    pub(crate) last_update: Option<Period>,
    /// "November 2026".
    pub(crate) last_update_label: Option<String>,
    /// Active, but no update for the report's period.
    pub(crate) stale: bool,
    /// What makes a green program's status doubtful, in words ("Green, but check").
    pub(crate) flags: Vec<String>,
    /// Why the program stands where it does, in one line: the status
    /// reason, or for a green program without one the facts that make it
    /// green, with what argues against it ("but 1 milestone slipped").
    /// None for an amber or red program without a reason (a gap the
    /// draft marks).
    pub(crate) why: Option<String>,
    /// The exception rules the program meets (`red`, `worse`, `asks-due`, ...),
    /// whatever the report's `detail`.
    pub(crate) exception: Vec<crate::model::detail::Rule>,
    /// The same in words: "red, got worse, decision due".
    pub(crate) exception_label: String,
    /// Listed under "where we stand": an exception, or active without an
    /// update this period.
    pub(crate) attention: bool,
    /// Gets a full page (the report's `detail`); otherwise it is one row of
    /// the table of programs on track.
    pub(crate) full_page: bool,
    /// Its group of `group_by` (the first, for a program in several regions).
    pub(crate) group: Option<String>,
    /// The program's most urgent open ask (overdue first, then by date).
    pub(crate) top_ask: Option<AskView>,
    /// The changes since the previous period counted by kind, bad news first.
    pub(crate) change_phrases: Vec<ChangePhrase>,
    pub(crate) milestones: Vec<MilestoneView>,
    pub(crate) next_milestone: Option<MilestoneView>,
    pub(crate) risks: Vec<RiskView>,
    pub(crate) issues: Vec<IssueView>,
    pub(crate) metrics: Vec<MetricView>,
    pub(crate) asks: Vec<AskView>,
    pub(crate) changes: Vec<Change>,
    /// Status per period of the report's history, oldest first.
    pub(crate) history: Vec<HistoryEntry>,
    /// Each update's narrative, oldest first (single-program reports only).
    pub(crate) updates: Vec<UpdateEntry>,
    pub(crate) counts: ProgramCounts,
    pub(crate) charts: BTreeMap<String, ChartRef>,
    pub(crate) sources: Vec<String>,
    /// The program as of the previous period (no charts, history or value
    /// series), when the report compares with one and the program reported then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) previous: Option<Box<ProgramView>>,
}

/// A program's budget as a template prints it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BudgetView {
    pub amount: f64,
    pub unit: Option<String>,
    /// "USD 12.5m", written by [`Locale::money`].
    pub label: String,
}

/// The budget's view, when it has an amount.
fn budget(loc: &Locale, b: &Option<Budget>) -> Option<BudgetView> {
    let b = b.as_ref()?;
    let amount = b.amount.as_ref()?.value;
    let unit = b.unit.as_ref().map(|u| u.value.trim().to_string());
    Some(BudgetView { amount, label: loc.money(amount, unit.as_deref()), unit })
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegionStatus {
    pub(crate) region: String,
    pub(crate) status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryEntry {
    pub(crate) period: Period,
    pub(crate) label: String,
    pub(crate) status: Option<Status>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct UpdateEntry {
    pub(crate) period: Period,
    pub(crate) label: String,
    pub(crate) status: Option<Status>,
    pub(crate) status_reason: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) highlights: Vec<String>,
    pub(crate) lowlights: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ProgramCounts {
    pub(crate) open_risks: usize,
    pub(crate) high_risks: usize,
    pub(crate) open_issues: usize,
    pub(crate) open_asks: usize,
    pub(crate) overdue_asks: usize,
    pub(crate) milestones_late: usize,
    pub(crate) milestones_overdue: usize,
    pub(crate) metrics_off_target: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MilestoneView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) owner: Option<String>,
    pub(crate) critical: bool,
    pub(crate) due: Option<String>,
    pub(crate) due_label: Option<String>,
    pub(crate) forecast: Option<String>,
    pub(crate) forecast_label: Option<String>,
    pub(crate) done: Option<String>,
    pub(crate) done_label: Option<String>,
    /// done, else forecast, else due.
    pub(crate) expected_label: Option<String>,
    /// Expected date minus baseline; positive is late.
    pub(crate) slip_days: Option<i64>,
    /// The slip against the baseline, when there is one: "6 weeks late
    /// against baseline", "3 days early against baseline".
    pub(crate) slip_label: Option<String>,
    /// When the baseline passed without delivery: "baseline passed 16 days ago".
    pub(crate) overdue_label: Option<String>,
    /// A forecast in the past for a milestone not done: "forecast 20 Nov 2026 has passed".
    pub(crate) stale_forecast: Option<String>,
    /// The one line the timeline chart prints beside the milestone, and
    /// the tables under its date: "29 Jan 2027 · 6 weeks late against baseline".
    pub(crate) note: String,
    pub(crate) state: MilestoneState,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RiskView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) category: Option<RiskDomain>,
    pub(crate) likelihood: Option<u8>,
    pub(crate) impact: Option<u8>,
    pub(crate) score: Option<u8>,
    pub(crate) band: Option<Band>,
    pub(crate) owner: Option<String>,
    pub(crate) mitigation: Option<String>,
    pub(crate) status: RiskStatus,
    pub(crate) due: Option<String>,
    pub(crate) due_label: Option<String>,
    pub(crate) internal: bool,
    pub(crate) trend: Trend,
    pub(crate) previous_score: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct IssueView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) severity: Option<Severity>,
    pub(crate) owner: Option<String>,
    pub(crate) resolution: Option<String>,
    pub(crate) resolve_by: Option<String>,
    pub(crate) resolve_by_label: Option<String>,
    pub(crate) status: IssueStatus,
    pub(crate) internal: bool,
    pub(crate) overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MetricView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) unit: Option<String>,
    pub(crate) better: Better,
    pub(crate) target: Option<f64>,
    pub(crate) target_label: Option<String>,
    pub(crate) baseline: Option<f64>,
    pub(crate) baseline_label: Option<String>,
    pub(crate) latest: Option<f64>,
    pub(crate) latest_label: Option<String>,
    /// The key the latest value was written under (period or date).
    pub(crate) latest_key: Option<String>,
    pub(crate) previous: Option<f64>,
    pub(crate) previous_label: Option<String>,
    pub(crate) change: Option<f64>,
    pub(crate) change_label: Option<String>,
    /// Whether the change went the good way (null when there is no change).
    pub(crate) change_good: Option<bool>,
    pub(crate) on_target: Option<bool>,
    pub(crate) has_value_for_period: bool,
    pub(crate) values: Vec<ValueView>,
    pub(crate) chart: Option<ChartRef>,
    pub(crate) sparkline: Option<ChartRef>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ValueView {
    pub(crate) key: String,
    pub(crate) date: String,
    pub(crate) value: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AskView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) kind: Option<AskKind>,
    pub(crate) owner: Option<String>,
    pub(crate) by: Option<String>,
    pub(crate) by_label: Option<String>,
    /// `by` as a date, for the view's own ordering and date ranges (the
    /// template reads `by` and `by_label`).
    #[serde(skip)]
    pub(crate) by_date: Option<NaiveDate>,
    pub(crate) status: AskStatus,
    pub(crate) outcome: Option<String>,
    pub(crate) internal: bool,
    /// Open and past its date.
    pub(crate) overdue: bool,
    pub(crate) days_overdue: Option<i64>,
    /// "overdue 16 days", when overdue.
    pub(crate) overdue_label: Option<String>,
    /// The money the ask names ("USD 1.3m"), whatever its kind: a funding
    /// request needs a leadership decision.
    pub(crate) amount: Option<String>,
    /// Open and waiting on a leadership answer: a decision, a
    /// recommendation, or any ask that names money.
    pub(crate) needs_answer: bool,
}

/// One phrase of a program's changes line: "1 milestone slipped (+14 d)".
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangePhrase {
    pub(crate) direction: Direction,
    pub(crate) text: String,
}

fn text(v: &Option<Sp<String>>) -> Option<String> {
    v.as_ref().map(|s| s.value.clone())
}

fn texts(v: &[Sp<String>]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

fn date(loc: &Locale, v: &Option<Sp<NaiveDate>>) -> (Option<String>, Option<String>) {
    (v.as_ref().map(|d| iso(d.value)), v.as_ref().map(|d| loc.date(d.value)))
}

pub(crate) fn program(p: &ProgramState<'_>, scope: &Scope<'_>, changes: Vec<Change>, narrative: bool) -> ProgramView {
    let now = &p.now;
    let loc = &*scope.spec.locale;
    let milestones: Vec<MilestoneView> = now.milestones.iter().map(|m| milestone(loc, m, scope.as_of)).collect();
    let next_milestone = milestones
        .iter()
        .filter(|m| m.state != MilestoneState::Done)
        .min_by_key(|m| (m.forecast.clone().or(m.due.clone()), m.id.clone()))
        .cloned();
    let mut risks: Vec<RiskView> = now.risks.iter().map(|r| risk(loc, r, p.before.as_ref())).collect();
    risks.sort_by_key(|r| (r.status == RiskStatus::Closed, std::cmp::Reverse(r.score.unwrap_or(0))));
    let issues: Vec<IssueView> = now.issues.iter().map(|i| issue(loc, i, scope.as_of)).collect();
    let metrics: Vec<MetricView> = now.metrics.iter().map(|m| metric(m, scope)).collect();
    let mut asks: Vec<AskView> = now.asks.iter().map(|a| ask(loc, a, scope.as_of)).collect();
    asks.sort_by_key(|a| (a.status != AskStatus::Open, !a.overdue, a.by_date.unwrap_or(NaiveDate::MAX)));
    let status = p.status();
    let stale = status.is_none_or(Status::is_active) && !p.history.has_update(scope.period);
    let flags = flag_texts(loc, &p.now, scope.as_of);
    // The ask leadership must act on first: never an FYI; overdue ones
    // first, then by kind, money before none (asks are already by date).
    let top_ask = asks
        .iter()
        .filter(|a| a.status == AskStatus::Open && a.kind != Some(AskKind::Fyi))
        .min_by_key(|a| (!a.overdue, super::kind_rank(a.kind), a.amount.is_none()))
        .cloned();
    let change_phrases = change_phrases(loc, &changes);
    let previous_status =
        p.before.as_ref().filter(|_| p.reported_before).and_then(|b| b.status.as_ref().map(|s| s.value));
    let counts = ProgramCounts {
        open_risks: risks.iter().filter(|r| r.status != RiskStatus::Closed).count(),
        high_risks: now.risks.iter().filter(|r| derive::is_high_or_critical(r)).count(),
        open_issues: issues.iter().filter(|i| i.status == IssueStatus::Open).count(),
        open_asks: asks.iter().filter(|a| a.status == AskStatus::Open).count(),
        overdue_asks: asks.iter().filter(|a| a.overdue).count(),
        milestones_late: milestones.iter().filter(|m| m.state == MilestoneState::AtRisk).count(),
        milestones_overdue: milestones.iter().filter(|m| m.state == MilestoneState::Overdue).count(),
        metrics_off_target: metrics.iter().filter(|m| m.on_target == Some(false)).count(),
    };
    let mut view = ProgramView {
        id: now.id.clone(),
        name: now.display_name().to_string(),
        owner: text(&now.owner),
        sponsor: text(&now.sponsor),
        vertical: text(&now.vertical),
        division: text(&now.division),
        budget: budget(loc, &now.budget),
        regions: texts(&now.regions),
        risk_domains: now.risk_domains.iter().map(|d| d.value).collect(),
        objective: text(&now.objective),
        start: date(loc, &now.start).0,
        start_label: date(loc, &now.start).1,
        end: date(loc, &now.end).0,
        end_label: date(loc, &now.end).1,
        tags: texts(&now.tags),
        internal: now.is_internal(),
        status,
        status_reason: text(&now.status_reason),
        previous_status,
        status_trend: status_trend(status, previous_status, p.reported_before),
        region_status: now
            .region_status
            .iter()
            .map(|(r, s)| RegionStatus { region: r.value.clone(), status: s.value })
            .collect(),
        summary: text(&now.summary),
        highlights: texts(&now.highlights),
        lowlights: texts(&now.lowlights),
        last_update: p.last_update,
        last_update_label: p.last_update.map(|l| loc.period(l)),
        stale,
        flags,
        why: None,
        exception: Vec::new(),
        exception_label: String::new(),
        attention: false,
        full_page: false,
        group: None,
        top_ask,
        change_phrases,
        milestones,
        next_milestone,
        risks,
        issues,
        metrics,
        asks,
        changes,
        history: p
            .statuses
            .iter()
            .map(|(period, s)| HistoryEntry { period: *period, label: loc.period_short(*period), status: *s })
            .collect(),
        updates: if narrative { updates(p, scope) } else { Vec::new() },
        counts,
        charts: BTreeMap::new(),
        sources: Vec::new(),
        previous: previous_view(p, scope),
    };
    view.why = why(loc, &view);
    super::portfolio::mark_exception(&mut view, scope);
    view
}

/// The one line of [`ProgramView::why`].
fn why(loc: &Locale, v: &ProgramView) -> Option<String> {
    if v.stale {
        return Some(match v.last_update_label.as_deref() {
            Some(last) => loc.phrase("why.stale-since", &[("period", last)]),
            None => loc.phrase("why.stale", &[]),
        });
    }
    let reason = v.status_reason.clone().filter(|r| !r.trim().is_empty());
    match v.status {
        Some(Status::Green) => Some(green_why(loc, v, reason)),
        Some(Status::Amber | Status::Red | Status::Unrated) => reason,
        Some(Status::Complete) => Some(reason.unwrap_or_else(|| loc.phrase("why.complete", &[]))),
        Some(Status::Paused) => Some(reason.unwrap_or_else(|| loc.phrase("why.paused", &[]))),
        None => Some(loc.phrase("why.not-reported", &[])),
    }
}

/// A green program's line: what argues against green first ("Green, but
/// check"), then its reason, or the facts behind it (KPIs on target,
/// milestones on plan), or its summary when there are none, then the
/// overdue milestones, slips and KPIs off target a green program still has.
fn green_why(loc: &Locale, v: &ProgramView, reason: Option<String>) -> String {
    let separator = loc.phrase("why.separator", &[]);
    if !v.flags.is_empty() {
        return loc.phrase("why.green-check", &[("flags", &v.flags.join(&separator))]);
    }
    // The counts the view already made (milestones overdue or forecast
    // late, KPIs off target).
    let (off, slipped, overdue) = (v.counts.metrics_off_target, v.counts.milestones_late, v.counts.milestones_overdue);
    let mut against = Vec::new();
    if overdue > 0 {
        against.push(loc.counted("line.milestones-overdue", overdue, &[]));
    }
    if slipped > 0 {
        against.push(loc.counted("why.forecast-late", slipped, &[]));
    }
    // The derived facts count the KPIs off target already; a written
    // reason may not.
    if off > 0 && reason.is_some() {
        against.push(loc.counted("why.off-target", off, &[]));
    }
    let base = reason.unwrap_or_else(|| green_facts(loc, v, &separator));
    if against.is_empty() {
        base
    } else {
        loc.phrase("why.but", &[("reason", &base), ("against", &loc.join_names(&against))])
    }
}

/// Why a green program without a reason is green: its KPIs on target and
/// milestones on plan, or its summary when there are none.
fn green_facts(loc: &Locale, v: &ProgramView, separator: &str) -> String {
    let with_target = v.metrics.iter().filter(|m| m.on_target.is_some()).count();
    let (off, off_plan) = (v.counts.metrics_off_target, v.counts.milestones_late + v.counts.milestones_overdue);
    let mut facts = Vec::new();
    match (with_target, off) {
        (0, _) => {}
        (1, 0) => facts.push(loc.phrase("why.kpi-on-target", &[])),
        (n, 0) => facts.push(loc.counted("why.all-kpis-on-target", n, &[])),
        (n, off) => facts.push(loc.counted("why.kpis-on-target", n, &[("on", &loc.count(n - off))])),
    }
    // Not "on plan" while one is overdue or forecast late: the line says
    // that instead (see `green_why`).
    if off_plan == 0 && v.milestones.iter().any(|m| m.state != MilestoneState::Done) {
        facts.push(loc.phrase("why.milestones-on-plan", &[]));
    }
    // Without facts to show, the program's own summary says why.
    match (facts.is_empty(), v.summary.as_ref().filter(|s| !s.trim().is_empty())) {
        (false, _) => capitalise(&facts.join(separator)),
        (true, Some(summary)) => summary.clone(),
        (true, None) => loc.phrase("why.no-reason", &[]),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The state as of the previous period, through the same view code.
fn previous_view(p: &ProgramState<'_>, scope: &Scope<'_>) -> Option<Box<ProgramView>> {
    let (before, period) = (p.before.as_ref()?, scope.previous?);
    if !p.reported_before {
        return None;
    }
    let then = Scope::new(scope.spec, Timeframe { period, previous: None, as_of: period.last_day() }, scope.program);
    let state = ProgramState {
        history: p.history,
        now: before.clone(),
        before: None,
        reported_before: false,
        last_update: p.history.last_update(period),
        statuses: Vec::new(),
        withheld: Vec::new(),
        outdated: Vec::new(),
    };
    let mut v = program(&state, &then, Vec::new(), false);
    v.status_trend = "none";
    for m in &mut v.metrics {
        m.values.clear();
    }
    Some(Box::new(v))
}

fn status_trend(now: Option<Status>, before: Option<Status>, reported_before: bool) -> &'static str {
    match (now, before) {
        (None, _) => "none",
        (Some(_), None) if !reported_before => "new",
        (Some(_), None) => "same",
        (Some(n), Some(b)) => match n.compared_with(b) {
            Some(std::cmp::Ordering::Greater) => "worse",
            Some(std::cmp::Ordering::Less) => "better",
            Some(std::cmp::Ordering::Equal) => "same",
            // Into or out of unrated: a change, but neither worse nor better.
            None if n == b => "same",
            None => "changed",
        },
    }
}

fn updates(p: &ProgramState<'_>, scope: &Scope<'_>) -> Vec<UpdateEntry> {
    let h = p.history;
    h.snapshots
        .iter()
        .filter(|(period, _)| *period <= scope.period)
        .map(|(period, _)| {
            let mut state = h.program_at(*period);
            if scope.is_external() {
                crate::model::report::redact(&mut state);
            }
            UpdateEntry {
                period: *period,
                label: scope.spec.locale.period(*period),
                status: state.status.as_ref().map(|s| s.value),
                status_reason: text(&state.status_reason),
                summary: text(&state.summary),
                highlights: texts(&state.highlights),
                lowlights: texts(&state.lowlights),
            }
        })
        .collect()
}

fn milestone(loc: &Locale, m: &Milestone, as_of: NaiveDate) -> MilestoneView {
    let state = derive::milestone_state(m, as_of);
    let words = format::milestone::wording_in(loc, &derive::MilestoneDates::of(m), state, as_of);
    let (due, due_label) = date(loc, &m.due);
    let (forecast, forecast_label) = date(loc, &m.forecast);
    let (done, done_label) = date(loc, &m.done);
    MilestoneView {
        id: m.id.value.clone(),
        name: text(&m.name).unwrap_or_else(|| m.id.value.clone()),
        owner: text(&m.owner),
        critical: m.critical,
        due,
        due_label,
        forecast,
        forecast_label,
        done,
        done_label,
        expected_label: derive::expected_date(m).map(|d| loc.date(d)),
        slip_days: derive::slip_days(m),
        slip_label: words.slip,
        overdue_label: words.overdue,
        stale_forecast: words.stale_forecast,
        note: words.note,
        state,
    }
}

fn risk(loc: &Locale, r: &Risk, before: Option<&Program>) -> RiskView {
    let old = before.and_then(|b| b.risks.iter().find(|o| o.id.value == r.id.value));
    let (due, due_label) = date(loc, &r.due);
    RiskView {
        id: r.id.value.clone(),
        title: text(&r.title).unwrap_or_else(|| r.id.value.clone()),
        category: r.category.as_ref().map(|c| c.value),
        likelihood: r.likelihood.as_ref().map(|l| l.value),
        impact: r.impact.as_ref().map(|i| i.value),
        score: r.score(),
        band: r.score().map(derive::band),
        owner: text(&r.owner),
        mitigation: text(&r.mitigation),
        status: r.status,
        due,
        due_label,
        internal: r.internal,
        trend: derive::risk_trend(r, old),
        previous_score: old.and_then(Risk::score),
    }
}

fn issue(loc: &Locale, i: &Issue, as_of: NaiveDate) -> IssueView {
    let (resolve_by, resolve_by_label) = date(loc, &i.resolve_by);
    IssueView {
        id: i.id.value.clone(),
        title: text(&i.title).unwrap_or_else(|| i.id.value.clone()),
        severity: i.severity.as_ref().map(|s| s.value),
        owner: text(&i.owner),
        resolution: text(&i.resolution),
        resolve_by,
        resolve_by_label,
        status: i.status,
        internal: i.internal,
        overdue: i.status == IssueStatus::Open && i.resolve_by.as_ref().is_some_and(|d| d.value < as_of),
    }
}

fn metric(m: &Metric, scope: &Scope<'_>) -> MetricView {
    let unit = m.unit.as_ref().map(|u| u.value.as_str());
    let stats = derive::metric_stats(m, scope.as_of, scope.previous);
    let loc = &*scope.spec.locale;
    let label = |x: f64| loc.quantity(x, unit);
    let better = derive::better(m);
    MetricView {
        id: m.id.value.clone(),
        name: text(&m.name).unwrap_or_else(|| m.id.value.clone()),
        unit: unit.map(str::to_string),
        better,
        target: m.target.as_ref().map(|t| t.value),
        target_label: m.target.as_ref().map(|t| label(t.value)),
        baseline: m.baseline.as_ref().map(|b| b.value),
        baseline_label: m.baseline.as_ref().map(|b| label(b.value)),
        latest: stats.latest.map(|o| o.value),
        latest_label: stats.latest.map(|o| label(o.value)),
        latest_key: stats.latest.map(|o| o.key.clone()),
        previous: stats.previous.map(|o| o.value),
        previous_label: stats.previous.map(|o| label(o.value)),
        change: stats.change,
        change_label: stats.change.map(|c| loc.change(c, unit)),
        change_good: stats.change.filter(|c| *c != 0.0).map(|c| (c > 0.0) == (better == Better::Higher)),
        on_target: stats.on_target,
        has_value_for_period: m.values.iter().any(|o| scope.period.contains(o.date)),
        values: m
            .values
            .iter()
            .filter(|o| o.date <= scope.as_of)
            .map(|o| ValueView { key: o.key.clone(), date: iso(o.date), value: o.value })
            .collect(),
        chart: None,
        sparkline: None,
    }
}

fn ask(loc: &Locale, a: &Ask, as_of: NaiveDate) -> AskView {
    let mut view = ask_view(loc, a, as_of);
    view.needs_answer = view.status == AskStatus::Open && super::needs_leadership(&view.kind, view.amount.is_some());
    view
}

fn ask_view(loc: &Locale, a: &Ask, as_of: NaiveDate) -> AskView {
    let (by, by_label) = date(loc, &a.by);
    let overdue = a.is_open() && a.by.as_ref().is_some_and(|b| b.value < as_of);
    AskView {
        id: a.id.value.clone(),
        title: text(&a.title).unwrap_or_else(|| a.id.value.clone()),
        kind: a.kind.as_ref().map(|k| k.value),
        owner: text(&a.owner),
        by,
        by_label,
        by_date: a.by.as_ref().map(|b| b.value),
        status: a.status,
        outcome: text(&a.outcome),
        internal: a.internal,
        overdue,
        days_overdue: a.by.as_ref().filter(|_| overdue).map(|b| (as_of - b.value).num_days()),
        overdue_label: a
            .by
            .as_ref()
            .filter(|_| overdue)
            .map(|b| loc.phrase("ask.overdue", &[("span", &loc.days((as_of - b.value).num_days()))])),
        amount: a.title.as_ref().and_then(|t| derive::money_named(&t.value)),
        needs_answer: false,
    }
}

/// The green flags of a program in words.
fn flag_texts(loc: &Locale, p: &Program, as_of: NaiveDate) -> Vec<String> {
    derive::green_flags(p, as_of)
        .into_iter()
        .map(|f| match f {
            derive::GreenFlag::OverdueCriticalMilestone(m) => {
                let name = m.name.as_ref().map_or(m.id.value.as_str(), |n| n.value.as_str());
                match &m.due {
                    Some(d) => {
                        loc.phrase("flag.milestone-overdue-due", &[("name", name), ("date", &loc.date(d.value))])
                    }
                    None => loc.phrase("flag.milestone-overdue", &[("name", name)]),
                }
            }
            derive::GreenFlag::CriticalRisk(r, score) => {
                let title = r.title.as_ref().map_or(r.id.value.as_str(), |t| t.value.as_str());
                loc.phrase("flag.critical-risk", &[("title", title), ("score", &loc.count(score as usize))])
            }
        })
        .collect()
}

/// A program's changes counted by kind, bad news first, as the one line
/// under its status on its page.
fn change_phrases(loc: &Locale, changes: &[Change]) -> Vec<ChangePhrase> {
    use ChangeKind as K;
    let of = |kind: K, dir: Option<Direction>| -> Vec<&Change> {
        changes.iter().filter(|c| c.kind == kind && dir.is_none_or(|d| c.direction == d)).collect()
    };
    let mut out = Vec::new();
    for c in of(K::StatusChanged, None) {
        let word = |s: Option<&str>| super::status_word(loc, s.unwrap_or(""));
        let text = loc.phrase("line.status", &[("from", &word(c.from.as_deref())), ("to", &word(c.to.as_deref()))]);
        out.push(ChangePhrase { direction: c.direction, text });
    }
    if !of(K::ProgramStale, None).is_empty() {
        out.push(ChangePhrase { direction: Direction::Worse, text: loc.phrase("line.stale", &[]) });
    }
    if !of(K::ProgramAdded, None).is_empty() {
        out.push(ChangePhrase { direction: Direction::Neutral, text: loc.phrase("line.first-report", &[]) });
    }
    let slips = of(K::MilestoneSlipped, None);
    if !slips.is_empty() {
        // "1 milestone slipped 6 weeks", "2 milestones slipped, by up to 6 weeks".
        let text = match slips.iter().filter_map(|c| c.days).max() {
            Some(d) => loc.counted("line.slipped-by", slips.len(), &[("span", &loc.days(d))]),
            None => loc.counted("line.slipped", slips.len(), &[]),
        };
        out.push(ChangePhrase { direction: Direction::Worse, text });
    }
    const RULES: [(ChangeKind, Option<Direction>, &str); 14] = [
        (K::MilestoneOverdue, Some(Direction::Worse), "line.milestones-overdue"),
        (K::AskOverdue, Some(Direction::Worse), "line.asks-overdue"),
        (K::RiskOpened, Some(Direction::Worse), "line.risks-new"),
        (K::RiskScoreChanged, Some(Direction::Worse), "line.risks-rose"),
        (K::MetricCrossedTarget, Some(Direction::Worse), "line.kpis-off-target"),
        (K::MetricMoved, Some(Direction::Worse), "line.kpis-wrong-way"),
        (K::AskOpened, None, "line.asks-new"),
        (K::MilestoneDone, None, "line.milestones-done"),
        (K::MilestoneRecovered, None, "line.milestones-recovered"),
        (K::RiskClosed, None, "line.risks-closed"),
        (K::RiskScoreChanged, Some(Direction::Better), "line.risks-fell"),
        (K::MetricCrossedTarget, Some(Direction::Better), "line.kpis-on-target"),
        (K::MetricMoved, Some(Direction::Better), "line.kpis-right-way"),
        (K::AskDecided, None, "line.asks-decided"),
    ];
    for (kind, dir, key) in RULES {
        let list = of(kind, dir);
        if let Some(first) = list.first() {
            out.push(ChangePhrase { direction: first.direction, text: loc.counted(key, list.len(), &[]) });
        }
    }
    out
}
