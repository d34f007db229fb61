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
pub fn milestone_state(m: &Milestone, as_of: NaiveDate) -> MilestoneState {
    if m.done.is_some() {
        return MilestoneState::Done;
    }
    let Some(due) = m.due.as_ref().map(|d| d.value) else { return MilestoneState::OnTrack };
    if due < as_of {
        MilestoneState::Overdue
    } else if m.forecast.as_ref().is_some_and(|f| f.value > due) {
        MilestoneState::AtRisk
    } else {
        MilestoneState::OnTrack
    }
}

/// The date the milestone is expected (or was achieved): done, else forecast, else due.
pub fn expected_date(m: &Milestone) -> Option<NaiveDate> {
    m.done.as_ref().or(m.forecast.as_ref()).or(m.due.as_ref()).map(|d| d.value)
}

/// Days between the baseline and the expected date; positive is late.
pub fn slip_days(m: &Milestone) -> Option<i64> {
    let due = m.due.as_ref()?.value;
    Some((expected_date(m)? - due).num_days())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Low,
    Medium,
    High,
    Critical,
}

/// Common bands: 1-4 low, 5-9 medium, 10-14 high, 15-25 critical.
pub fn band(score: u8) -> Band {
    match score {
        0..=4 => Band::Low,
        5..=9 => Band::Medium,
        10..=14 => Band::High,
        _ => Band::Critical,
    }
}

/// The score from which a risk counts as high in warnings and changes.
pub const HIGH_RISK_SCORE: u8 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// Not present (or closed) in the previous period.
    New,
    Up,
    Down,
    Same,
}

pub fn risk_trend(now: &Risk, before: Option<&Risk>) -> Trend {
    let Some(before) = before.filter(|b| b.is_open()) else { return Trend::New };
    match (now.score(), before.score()) {
        (Some(a), Some(b)) if a > b => Trend::Up,
        (Some(a), Some(b)) if a < b => Trend::Down,
        _ => Trend::Same,
    }
}

/// The direction in which a metric improves: as given, else from the
/// baseline towards the target, else higher.
pub fn better(m: &Metric) -> Better {
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
pub struct MetricStats<'m> {
    pub latest: Option<&'m Observation>,
    pub previous: Option<&'m Observation>,
    pub change: Option<f64>,
    pub on_target: Option<bool>,
    pub was_on_target: Option<bool>,
}

/// `previous_as_of` is the last day of the previous period, when there is one.
pub fn metric_stats(m: &Metric, as_of: NaiveDate, previous_as_of: Option<NaiveDate>) -> MetricStats<'_> {
    let upto = |d: NaiveDate| m.values.iter().rev().find(|o| o.date <= d);
    let latest = upto(as_of);
    let previous = previous_as_of.and_then(upto);
    let hit = |o: Option<&Observation>| on_target(m, o?.value);
    MetricStats {
        latest,
        previous,
        change: latest.zip(previous).map(|(l, p)| l.value - p.value),
        on_target: hit(latest),
        was_on_target: hit(previous),
    }
}

fn on_target(m: &Metric, value: f64) -> Option<bool> {
    let target = m.target.as_ref()?.value;
    Some(match better(m) {
        Better::Higher => value >= target,
        Better::Lower => value <= target,
    })
}

/// Formats a number for a brief: thousands separators, at most two decimals,
/// no trailing zeros; "-" never shows as "−0".
pub fn format_number(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value with its unit: "87.5%", "12 hours", "1.2 USD m".
pub fn format_with_unit(x: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        // "2.3% of payouts", as one writes it.
        Some(u) if u.starts_with('%') => format!("{}{u}", format_number(x)),
        Some(u) => format!("{} {u}", format_number(x)),
        None => format_number(x),
    }
}

/// A change with its sign: "+2.5", "-3"; percentages (a unit of "%" or
/// "% of payouts") move in points.
pub fn format_change(x: f64, unit: Option<&str>) -> String {
    let sign = if x > 0.0 { "+" } else { "" };
    match unit.map(str::trim) {
        Some(u) if u.starts_with('%') => format!("{sign}{} pts", format_number(x)),
        _ => format!("{sign}{}", format_with_unit(x, unit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(1234567.891), "1,234,567.89");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(12.50), "12.5");
        assert_eq!(format_with_unit(87.5, Some("%")), "87.5%");
        assert_eq!(format_change(-2.0, Some("%")), "-2 pts");
        assert_eq!(format_change(3.0, Some("hours")), "+3 hours");
        assert_eq!(format_with_unit(2.3, Some("% of payouts")), "2.3% of payouts");
        assert_eq!(format_change(-0.4, Some("% of payouts")), "-0.4 pts");
    }

    #[test]
    fn bands() {
        assert_eq!(band(4), Band::Low);
        assert_eq!(band(9), Band::Medium);
        assert_eq!(band(14), Band::High);
        assert_eq!(band(15), Band::Critical);
    }
}
