//! Values derived from the data, never entered: milestone slip and state,
//! risk score band and trend, metric latest value, change and target status.

use chrono::NaiveDate;
use serde::Serialize;

use super::types::{Better, Metric, Milestone, Observation, Risk};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneState {
    Done,
    OnTrack,
    AtRisk,
    Overdue,
}

/// Done when a done date is recorded; overdue when the baseline is before
/// the as-of date; at risk when the forecast is later than the baseline.
pub(crate) fn milestone_state(m: &Milestone, as_of: NaiveDate) -> MilestoneState {
    state_of(&MilestoneDates::of(m), as_of)
}

/// The dates of a milestone that its state and slip are derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MilestoneDates {
    /// The baseline.
    pub(crate) due: Option<NaiveDate>,
    pub(crate) forecast: Option<NaiveDate>,
    pub(crate) done: Option<NaiveDate>,
}

impl MilestoneDates {
    pub(crate) fn of(m: &Milestone) -> Self {
        let d = |v: &Option<super::types::Sp<NaiveDate>>| v.as_ref().map(|d| d.value);
        MilestoneDates { due: d(&m.due), forecast: d(&m.forecast), done: d(&m.done) }
    }

    /// The date the milestone is expected (or was achieved): done, else forecast, else due.
    pub(crate) fn expected(&self) -> Option<NaiveDate> {
        self.done.or(self.forecast).or(self.due)
    }

    /// Days between the baseline and the expected date; positive is late.
    pub(crate) fn slip_days(&self) -> Option<i64> {
        Some((self.expected()? - self.due?).num_days())
    }
}

/// [`milestone_state`] from the dates alone: the one rule of FORMAT.md.
pub(crate) fn state_of(dates: &MilestoneDates, as_of: NaiveDate) -> MilestoneState {
    if dates.done.is_some() {
        return MilestoneState::Done;
    }
    let Some(due) = dates.due else { return MilestoneState::OnTrack };
    if due < as_of {
        MilestoneState::Overdue
    } else if dates.forecast.is_some_and(|f| f > due) {
        MilestoneState::AtRisk
    } else {
        MilestoneState::OnTrack
    }
}

/// The date the milestone is expected (or was achieved): done, else forecast, else due.
pub(crate) fn expected_date(m: &Milestone) -> Option<NaiveDate> {
    MilestoneDates::of(m).expected()
}

/// Days between the baseline and the expected date; positive is late.
pub(crate) fn slip_days(m: &Milestone) -> Option<i64> {
    MilestoneDates::of(m).slip_days()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Band {
    Low,
    Medium,
    High,
    Critical,
}

/// Common bands: 1-4 low, 5-9 medium, 10-14 high, 15-25 critical.
pub(crate) fn band(score: u8) -> Band {
    match score {
        0..=4 => Band::Low,
        5..=9 => Band::Medium,
        10..=14 => Band::High,
        _ => Band::Critical,
    }
}

/// The score from which a risk is critical (the [`Band::Critical`] band):
/// a green program carrying one is flagged, a new one ranks high among changes.
pub(crate) const HIGH_RISK_SCORE: u8 = 15;

/// Whether a risk is open and counts as high or critical in the totals.
pub(crate) fn is_high_or_critical(r: &Risk) -> bool {
    r.is_open() && r.score().is_some_and(|s| band(s) >= Band::High)
}

/// What makes a green program's status doubtful ("watermelon" reporting:
/// green outside, red inside). `brief check` warns of each, and the brief
/// flags the program where a reader looks ("Green, but check").
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GreenFlag<'p> {
    /// A critical milestone past its baseline and not done.
    OverdueCriticalMilestone(&'p Milestone),
    /// An open risk in the critical band.
    CriticalRisk(&'p Risk, u8),
}

/// The flags of a program as of a date; none unless it is green.
pub(crate) fn green_flags(p: &super::types::Program, as_of: NaiveDate) -> Vec<GreenFlag<'_>> {
    if p.status.as_ref().map(|s| s.value) != Some(super::types::Status::Green) {
        return Vec::new();
    }
    let milestones = p
        .milestones
        .iter()
        .filter(|m| m.critical && milestone_state(m, as_of) == MilestoneState::Overdue)
        .map(GreenFlag::OverdueCriticalMilestone);
    let risks = p
        .risks
        .iter()
        .filter(|r| r.is_open())
        .filter_map(|r| Some(GreenFlag::CriticalRisk(r, r.score().filter(|s| *s >= HIGH_RISK_SCORE)?)));
    milestones.chain(risks).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Trend {
    /// Not present (or closed) in the previous period.
    New,
    Up,
    Down,
    Same,
}

pub(crate) fn risk_trend(now: &Risk, before: Option<&Risk>) -> Trend {
    let Some(before) = before.filter(|b| b.is_open()) else { return Trend::New };
    match (now.score(), before.score()) {
        (Some(a), Some(b)) if a > b => Trend::Up,
        (Some(a), Some(b)) if a < b => Trend::Down,
        _ => Trend::Same,
    }
}

/// The direction in which a metric improves: as given, else from the
/// baseline towards the target, else higher.
pub(crate) fn better(m: &Metric) -> Better {
    if let Some(b) = &m.better {
        return b.value;
    }
    match (&m.baseline, &m.target) {
        (Some(base), Some(target)) if target.value < base.value => Better::Lower,
        _ => Better::Higher,
    }
}

/// A metric's figures as of a date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetricStats<'m> {
    pub(crate) latest: Option<&'m Observation>,
    /// The latest value as of the previous period's end, however old.
    pub(crate) previous: Option<&'m Observation>,
    /// `previous` was given for the previous period itself; when it is
    /// older, a change since then is not a change "since last period".
    pub(crate) previous_is_recent: bool,
    /// Latest minus previous, only when they are two different values.
    pub(crate) change: Option<f64>,
    pub(crate) on_target: Option<bool>,
    pub(crate) was_on_target: Option<bool>,
}

/// The figures of a metric as of `as_of`, compared with the previous period
/// (when there is one). Only values given count: a period without a value
/// has none, never zero.
pub(crate) fn metric_stats(m: &Metric, as_of: NaiveDate, previous: Option<super::period::Period>) -> MetricStats<'_> {
    let upto = |d: NaiveDate| m.values.iter().rev().find(|o| o.date <= d);
    let latest = upto(as_of);
    let before = previous.and_then(|p| upto(p.last_day()));
    let hit = |o: Option<&Observation>| on_target(m, o?.value);
    let distinct = latest.zip(before).filter(|(l, p)| !std::ptr::eq(*l, *p));
    MetricStats {
        latest,
        previous: before,
        previous_is_recent: before.zip(previous).is_some_and(|(o, p)| p.contains(o.date)),
        change: distinct.map(|(l, p)| l.value - p.value),
        on_target: hit(latest),
        was_on_target: hit(before),
    }
}

fn on_target(m: &Metric, value: f64) -> Option<bool> {
    let target = m.target.as_ref()?.value;
    Some(match better(m) {
        Better::Higher => value >= target,
        Better::Lower => value <= target,
    })
}

/// Currency codes and signs that mark an amount of money in an ask's text.
const CURRENCIES: [&str; 14] =
    ["USD", "EUR", "GBP", "SGD", "JPY", "KRW", "IDR", "AED", "CNY", "AUD", "CAD", "$", "€", "£"];

/// The amount of money an ask's text names ("USD 1.3m", "$450k", "€2 million"),
/// so a funding request is recognised whatever its kind.
pub(crate) fn money_named(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_start_matches(['(', '[']);
        let Some(cur) = CURRENCIES.iter().find(|c| w.starts_with(**c)) else { continue };
        let rest = &w[cur.len()..];
        // "USD 1.3m" (amount in the next word) or "$1.3m" / "USD1.3m" (in this one).
        let (amount, next) = if rest.is_empty() { (words.get(i + 1).copied()?, i + 2) } else { (rest, i + 1) };
        let amount = amount.trim_end_matches([')', ']', ',', ';', '.']);
        if !amount.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let scale = words
            .get(next)
            .map(|s| s.trim_end_matches([')', ',', ';', '.']))
            .filter(|s| matches!(s.to_lowercase().as_str(), "million" | "billion" | "thousand" | "m" | "bn" | "k"));
        let sep = if rest.is_empty() { " " } else { "" };
        return Some(match scale {
            Some(s) => format!("{cur}{sep}{amount} {s}"),
            None => format!("{cur}{sep}{amount}"),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_found_in_any_ask() {
        assert_eq!(money_named("Fund six data scientists (USD 1.3m a year) in FY27").as_deref(), Some("USD 1.3m"));
        assert_eq!(money_named("Approve $450k for vendors").as_deref(), Some("$450k"));
        assert_eq!(money_named("Approve €2 million for a pilot").as_deref(), Some("€2 million"));
        assert_eq!(money_named("Approve USD1.2m").as_deref(), Some("USD1.2m"));
        assert_eq!(money_named("Lend two engineers from Payments by 20 Nov"), None);
        assert_eq!(money_named("USD reporting for the EU"), None);
    }

    #[test]
    fn bands() {
        assert_eq!(band(4), Band::Low);
        assert_eq!(band(9), Band::Medium);
        assert_eq!(band(14), Band::High);
        assert_eq!(band(15), Band::Critical);
    }
}
