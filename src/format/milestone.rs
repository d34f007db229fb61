//! How a milestone's slip reads, the same on every page and chart: each
//! figure says what it is measured against ("6 weeks late against
//! baseline", "baseline passed 16 days ago"), and a forecast date that has
//! passed without delivery is called stale, not overdue.

use chrono::NaiveDate;

use crate::locale::Locale;
use crate::model::derive::{MilestoneDates, MilestoneState};

/// The words of one milestone as of a date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wording {
    /// Against the baseline: "6 weeks late against baseline", "3 days early
    /// against baseline"; none when on the baseline date.
    pub(crate) slip: Option<String>,
    /// The baseline passed without delivery: "baseline passed 16 days ago".
    pub(crate) overdue: Option<String>,
    /// A forecast in the past for a milestone not done: "forecast 20 Nov 2026 has passed".
    pub(crate) stale_forecast: Option<String>,
    /// The chart's note beside the marker, built from the above:
    /// "29 Jan 2027 · 6 weeks late against baseline".
    pub(crate) note: String,
}

/// "6 weeks late against baseline", "3 days early against baseline", in the reader's language.
pub(crate) fn against_baseline_in(loc: &Locale, days: i64) -> Option<String> {
    match days {
        0 => None,
        d if d > 0 => Some(loc.phrase("milestone.late", &[("span", &loc.days(d))])),
        d => Some(loc.phrase("milestone.early", &[("span", &loc.days(d))])),
    }
}

/// The words of one milestone as of a date, in the reader's language.
pub(crate) fn wording_in(loc: &Locale, dates: &MilestoneDates, state: MilestoneState, as_of: NaiveDate) -> Wording {
    let slip = dates.slip_days().and_then(|d| against_baseline_in(loc, d));
    let overdue = (state == MilestoneState::Overdue)
        .then(|| {
            dates
                .due
                .map(|due| loc.phrase("milestone.baseline-passed", &[("span", &loc.days((as_of - due).num_days()))]))
        })
        .flatten();
    let stale_forecast = dates
        .forecast
        .filter(|f| dates.done.is_none() && *f < as_of)
        .map(|f| loc.phrase("milestone.forecast-passed", &[("date", &loc.date(f))]));
    let key = dates.expected().map(|d| loc.date(d)).unwrap_or_default();
    let note = match state {
        MilestoneState::Done => {
            let mut n = loc.phrase("milestone.done", &[("date", &key)]);
            if let Some(s) = &slip {
                n.push_str(&format!(" · {s}"));
            }
            n
        }
        _ => {
            let parts: Vec<&str> =
                [stale_forecast.as_deref(), slip.as_deref(), overdue.as_deref()].into_iter().flatten().collect();
            if stale_forecast.is_some() || parts.is_empty() {
                parts.first().map_or(key.clone(), |p| p.to_string())
            } else {
                format!("{key} · {}", parts.join(&loc.phrase("list.separator", &[])))
            }
        }
    };
    Wording { slip, overdue, stale_forecast, note }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::derive::state_of;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn words(due: NaiveDate, forecast: Option<NaiveDate>, done: Option<NaiveDate>) -> Wording {
        let dates = MilestoneDates { due: Some(due), forecast, done };
        let as_of = d(2026, 11, 30);
        wording_in(Locale::english(), &dates, state_of(&dates, as_of), as_of)
    }

    #[test]
    fn every_figure_names_what_it_is_measured_against() {
        let w = words(d(2026, 12, 15), Some(d(2027, 1, 26)), None);
        assert_eq!(w.note, "26 Jan 2027 · 6 weeks late against baseline");
        let w = words(d(2026, 11, 14), Some(d(2027, 1, 9)), None);
        assert_eq!(w.note, "9 Jan 2027 · 8 weeks late against baseline, baseline passed 16 days ago");
        let w = words(d(2026, 11, 1), Some(d(2026, 11, 5)), Some(d(2026, 11, 4)));
        assert_eq!(w.note, "done 4 Nov 2026 · 3 days late against baseline");
    }

    #[test]
    fn a_forecast_in_the_past_is_stale_not_overdue() {
        let w = words(d(2026, 12, 15), Some(d(2026, 11, 20)), None);
        assert_eq!(w.note, "forecast 20 Nov 2026 has passed");
        assert_eq!(w.overdue, None);
        let w = words(d(2026, 11, 14), None, None);
        assert_eq!(w.note, "14 Nov 2026 · baseline passed 16 days ago");
    }
}
