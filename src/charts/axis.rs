//! Scales and ticks: "nice" numeric steps and calendar-aligned date ticks.
//!
//! plotters' own axes label every key point and cannot check for collisions,
//! so ticks are chosen here from the measured label width: the finest
//! calendar step (day, week, month, quarter, year, decades...) whose labels
//! fit side by side.

use super::text::Font;
use crate::locale::Locale;
use crate::model::period::Period;
use chrono::{Datelike, Months, NaiveDate};

/// Linear map from a data interval to a drawing interval.
#[derive(Clone, Copy, Debug)]
pub(super) struct Linear {
    pub(crate) d0: f64,
    pub(crate) d1: f64,
    pub(crate) r0: f64,
    pub(crate) r1: f64,
}

impl Linear {
    /// Position of `v`; a zero-width domain maps everything to the middle.
    pub(super) fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span.abs() < f64::EPSILON || !span.is_finite() {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Day number of a date (days since 1 Jan of year 1).
pub(super) fn day(d: NaiveDate) -> f64 {
    d.num_days_from_ce() as f64
}

/// Nice numeric ticks covering [min, max] with at most `max_ticks` ticks.
/// Returns the ticks and the decimals their step needs.
pub(super) fn nice_ticks(min: f64, max: f64, max_ticks: usize) -> (Vec<f64>, usize) {
    let span = max - min;
    if !span.is_finite() || span <= 0.0 || max_ticks < 2 {
        return (vec![min], 0);
    }
    let raw = span / (max_ticks - 1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step =
        [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * mag);
    let (lo, hi) = ((min / step).floor(), (max / step).ceil());
    if !(lo.is_finite() && hi.is_finite() && step > 0.0) || hi - lo > 100.0 {
        return (vec![min, max], 0);
    }
    let ticks = (0..=(hi - lo) as usize).map(|i| (lo + i as f64) * step).collect();
    let mut decimals = (-step.log10().floor()).max(0.0) as usize;
    if (step / 10f64.powi(-(decimals as i32)) - 2.5).abs() < 1e-6 {
        decimals += 1; // 0.25, 2.5: one more digit
    }
    (ticks, decimals.min(6))
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Days(u32),
    Months(u32),
    Years(i32),
}

const STEPS: [Step; 7] =
    [Step::Days(1), Step::Days(7), Step::Months(1), Step::Months(3), Step::Months(6), Step::Years(1), Step::Years(2)];

/// Calendar ticks between `d0` and `d1` (inclusive) whose labels, set in
/// `font`, fit side by side in `width` points. Always returns something
/// sensible for a zero-length or decades-long range.
pub(super) fn date_ticks(
    loc: &Locale,
    d0: NaiveDate,
    d1: NaiveDate,
    width: f64,
    font: Font,
) -> Vec<(NaiveDate, String)> {
    let (d0, d1) = if d0 <= d1 { (d0, d1) } else { (d1, d0) };
    let gap = font.size * 1.6;
    let years = (d1.year() - d0.year()).max(1);
    // Decades and beyond: 5, 10, 20, 50, ... years.
    let mut big = vec![];
    let mut k = 5i32;
    while k / 2 <= years && k < 1_000_000 {
        big.push(Step::Years(k));
        k = if k.to_string().starts_with('2') { k * 5 / 2 } else { k * 2 };
    }
    for step in STEPS.iter().copied().chain(big) {
        // Cheap bound first: each label is at least ~2.5 em wide.
        let n_est = match step {
            Step::Days(n) => (day(d1) - day(d0)) / n as f64,
            Step::Months(n) => ((d1.year() - d0.year()) * 12) as f64 / n as f64,
            Step::Years(n) => (d1.year() - d0.year()) as f64 / n as f64,
        };
        if n_est * (font.size * 2.5 + gap) > width * 1.5 {
            continue;
        }
        let ticks = generate(loc, step, d0, d1);
        // Ticks are (nearly) evenly spaced: each neighbouring pair must fit
        // its two half-labels and a gap into one spacing.
        let spacing = width / ticks.len().max(1) as f64;
        let widths: Vec<f64> = ticks.iter().map(|(_, l)| font.width(l)).collect();
        let crowded = widths.windows(2).any(|p| (p[0] + p[1]) / 2.0 + gap > spacing);
        if !ticks.is_empty() && !crowded && widths.iter().all(|w| *w <= width) {
            return ticks;
        }
    }
    // Nothing fits (tiny width): label the ends only if even that fits.
    let single = vec![(d0, d0.year().to_string())];
    if d0.year() != d1.year() && font.width("0000") * 2.0 + gap <= width {
        return vec![single[0].clone(), (d1, d1.year().to_string())];
    }
    single
}

fn generate(loc: &Locale, step: Step, d0: NaiveDate, d1: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    let mut d = match step {
        Step::Days(1) => Some(d0),
        // Weeks start on Monday.
        Step::Days(_) => {
            d0.checked_add_days(chrono::Days::new(u64::from((7 - d0.weekday().num_days_from_monday()) % 7)))
        }
        Step::Months(n) => {
            let first = d0.with_day(1);
            let m0 = d0.month0();
            let skip = (n - m0 % n) % n;
            let start = first.and_then(|f| f.checked_add_months(Months::new(skip)));
            match start {
                Some(s) if s < d0 => s.checked_add_months(Months::new(n)),
                other => other,
            }
        }
        Step::Years(n) => {
            let y = d0.year();
            let mut y1 = y.div_euclid(n) * n;
            if NaiveDate::from_ymd_opt(y1, 1, 1).is_none_or(|s| s < d0) {
                y1 += n;
            }
            NaiveDate::from_ymd_opt(y1, 1, 1)
        }
    };
    let mut prev_year: Option<i32> = None;
    while let Some(t) = d {
        if t > d1 || out.len() > 400 {
            break;
        }
        let new_year = prev_year != Some(t.year());
        let label = match step {
            Step::Days(_) if new_year => loc.date(t),
            Step::Days(_) => loc.day_month(t),
            Step::Months(_) if new_year => loc.period_short(Period::of(t)),
            Step::Months(_) => loc.month_abbr(t.month0()).to_string(),
            Step::Years(_) => t.year().to_string(),
        };
        prev_year = Some(t.year());
        out.push((t, label));
        d = match step {
            Step::Days(n) => t.checked_add_days(chrono::Days::new(u64::from(n))),
            Step::Months(n) => t.checked_add_months(Months::new(n)),
            Step::Years(n) => t.year().checked_add(n).and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::{MUTED, size};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }

    #[test]
    fn nice_ticks_are_round() {
        assert_eq!(nice_ticks(0.0, 97.0, 5).0, vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(nice_ticks(-3.0, 3.0, 4).0, vec![-4.0, -2.0, 0.0, 2.0, 4.0]);
    }

    #[test]
    fn date_ticks_scale_from_days_to_decades() {
        let f = Font::regular(size::TICK, MUTED);
        let w = date_ticks(Locale::english(), d(2025, 3, 1), d(2025, 3, 10), 600.0, f);
        assert_eq!(w[0].1, "1 Mar 2025");
        let m = date_ticks(Locale::english(), d(2025, 1, 15), d(2025, 12, 31), 560.0, f);
        assert_eq!(m[0].1, "Feb 2025");
        let y = date_ticks(Locale::english(), d(1990, 1, 1), d(2040, 1, 1), 200.0, f);
        assert!(y.len() >= 2 && y.iter().all(|(_, l)| l.len() == 4), "{y:?}");
        assert_eq!(date_ticks(Locale::english(), d(2025, 5, 5), d(2025, 5, 5), 200.0, f).len(), 1);
    }
}
