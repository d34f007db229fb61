//! Display strings: every number, amount, change, date and period that a
//! reader sees is written by a function of this module, so the PDF, the
//! charts and their alt text can never disagree on how a value reads.
//!
//! The house style: thousands separated by commas, at most two decimals
//! with trailing zeros dropped, a true minus sign (U+2212), "–" for a value
//! that is not a number, dates as "5 Nov 2026", periods as "November 2026"
//! and, where space is short, "Nov 2026" (never "Nov 26", which reads as a
//! day).

pub(crate) mod milestone;

use chrono::{Datelike, NaiveDate};

use crate::locale::Locale;
use crate::model::period::Period;

/// The minus sign of printed numbers (not the hyphen-minus of data files).
pub(crate) const MINUS: char = '\u{2212}';

/// Shown where a number is missing or not finite.
pub(crate) const NO_VALUE: &str = "–";

/// The decimals of a value in running text and tables.
pub(crate) const DECIMALS: usize = 2;

/// A number in English, as everything outside the PDF writes it
/// ([`Locale::number`]).
pub(crate) fn number(x: f64, decimals: usize) -> String {
    Locale::english().number(x, decimals)
}

/// Whether a unit is a percentage ("%", "% of payouts"): such values are
/// written without a space and change in points.
pub(crate) fn is_percent(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.trim_start().starts_with('%'))
}

/// [`Locale::money`] in English (the house style's tests).
#[cfg(test)]
pub(crate) fn money(amount: f64, unit: Option<&str>) -> String {
    Locale::english().money(amount, unit)
}

/// [`Locale::count`] in English.
pub(crate) fn count(n: usize) -> String {
    Locale::english().count(n)
}

/// "1 program", "3 programs", in English.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// The month (1–12) that a month's English name, or its first three
/// letters or more, gives in any case: "dec", "Sept.", "December". File
/// names and spreadsheet cells write months this way.
pub(crate) fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    if n.chars().count() < 3 {
        return None;
    }
    Locale::english().months.iter().position(|m| m.to_lowercase().starts_with(&n)).map(|i| i as u32 + 1)
}

/// [`Locale::date`] in English: "5 Nov 2026".
#[cfg(test)]
pub(crate) fn date(d: NaiveDate) -> String {
    Locale::english().date(d)
}

/// [`Locale::period`] in English: "November 2026".
pub(crate) fn period(p: Period) -> String {
    Locale::english().period(p)
}

/// [`Locale::change`] in English (the house style's tests).
#[cfg(test)]
pub(crate) fn change(x: f64, unit: Option<&str>) -> String {
    Locale::english().change(x, unit)
}

/// [`Locale::days`] in English (the house style's tests).
#[cfg(test)]
pub(crate) fn days(n: i64) -> String {
    Locale::english().days(n)
}

impl Locale {
    /// A number with at most `decimals` decimals, trailing zeros dropped,
    /// thousands grouped and a true minus sign: "1,234,567.89", "−3.5"
    /// (German "1.234.567,89"). Never "−0"; NaN and infinities read "–";
    /// absurd magnitudes are written in scientific notation rather than as
    /// a 300-digit label.
    pub(crate) fn number(&self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return NO_VALUE.into();
        }
        if x.abs() >= 1e15 {
            return format!("{x:.2e}").replace('-', &MINUS.to_string()).replace('.', &self.numbers.decimal);
        }
        let text = format!("{:.*}", decimals.min(6), x.abs());
        let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
        let (int, frac) = text.split_once('.').map_or((text, None), |(i, f)| (i, Some(f)));
        let mut out = String::with_capacity(text.len() + text.len() / 3 + 3);
        let zero = int.bytes().all(|b| b == b'0') && frac.is_none();
        if x < 0.0 && !zero {
            out.push(MINUS);
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(&self.numbers.group);
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push_str(&self.numbers.decimal);
            out.push_str(f);
        }
        out
    }

    /// A count with thousands grouped: "1,000".
    pub(crate) fn count(&self, n: usize) -> String {
        self.number(n as f64, 0)
    }

    /// A value with its unit: "87.5%", "2.3% of payouts", "12 hours".
    pub(crate) fn with_unit(&self, x: f64, decimals: usize, unit: Option<&str>) -> String {
        let n = self.number(x, decimals);
        match unit.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) if u.starts_with('%') => self.numbers.percent.replace("{n}", &n) + u[1..].trim_end(),
            Some(u) => format!("{n} {u}"),
            None => n,
        }
    }

    /// [`Locale::with_unit`] with two decimals.
    pub(crate) fn quantity(&self, x: f64, unit: Option<&str>) -> String {
        self.with_unit(x, DECIMALS, unit)
    }

    /// An amount of money in the one money format of the briefs: a currency
    /// code first and the scale joined to the number, "USD 12.5m", "EUR
    /// 1.2m", "GBP 3bn", as the asks' amounts read (German "USD 12,5 Mio.").
    /// A unit that does not start with a currency code is kept after the
    /// number ("12 person-days"); no currency symbol is ever guessed.
    pub(crate) fn money(&self, amount: f64, unit: Option<&str>) -> String {
        let unit = unit.map(str::trim).unwrap_or("");
        let (code, scale) = unit.split_once(char::is_whitespace).map_or((unit, ""), |(c, s)| (c, s.trim()));
        let is_code = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
        let step = SCALES.iter().position(|s| *s == scale.to_lowercase().replace("mn", "m"));
        match step.filter(|_| is_code && matches!(scale, "" | "k" | "m" | "mn" | "bn" | "M" | "B" | "K")) {
            Some(step) => {
                let (amount, step, decimals) = larger_scale(amount, step);
                let scale = match step {
                    1 => &self.numbers.thousand,
                    2 => &self.numbers.million,
                    3 => &self.numbers.billion,
                    _ => "",
                };
                format!("{code} {}{scale}", self.number(amount, decimals))
            }
            None => self.with_unit(amount, DECIMALS, Some(unit)),
        }
    }

    /// A difference between two values of a unit: percentages differ in
    /// points ("23.6 pts"), anything else in the unit itself.
    pub(crate) fn gap(&self, x: f64, decimals: usize, unit: Option<&str>) -> String {
        if is_percent(unit) {
            self.phrase("unit.points", &[("n", &self.number(x, decimals))])
        } else {
            self.with_unit(x, decimals, unit)
        }
    }

    /// A change with its sign: "+2.5 hours", "−3 pts", "0".
    pub(crate) fn change(&self, x: f64, unit: Option<&str>) -> String {
        let sign = if x > 0.0 && self.number(x, DECIMALS) != "0" { "+" } else { "" };
        format!("{sign}{}", self.gap(x, DECIMALS, unit))
    }

    /// Names joined for a sentence: "A", "A and B", "A, B and C".
    pub(crate) fn join_names(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                let list = init.join(&self.phrase("list.separator", &[]));
                self.phrase("list.and", &[("list", &list), ("last", last)])
            }
        }
    }

    /// A date as a pattern of [`DateStyle`] writes it.
    fn date_in(&self, pattern: &str, d: NaiveDate) -> String {
        pattern
            .replace("{dd}", &format!("{:02}", d.day()))
            .replace("{d}", &d.day().to_string())
            .replace("{mm}", &format!("{:02}", d.month()))
            .replace("{m}", &d.month().to_string())
            .replace("{mon}", &self.months_abbr[d.month0() as usize])
            .replace("{month}", &self.months[d.month0() as usize])
            .replace("{yyyy}", &d.year().to_string())
    }

    /// "5 Nov 2026": the one date format of the briefs.
    pub(crate) fn date(&self, d: NaiveDate) -> String {
        self.date_in(&self.dates.date, d)
    }

    /// "5 Nov": a date whose year the reader knows from its context.
    pub(crate) fn day_month(&self, d: NaiveDate) -> String {
        self.date_in(&self.dates.day_month, d)
    }

    /// "November 2026".
    pub(crate) fn period(&self, p: Period) -> String {
        self.date_in(&self.dates.period, p.first_day())
    }

    /// "Nov 2026": a period where space is short (column heads, axes).
    pub(crate) fn period_short(&self, p: Period) -> String {
        self.date_in(&self.dates.period_short, p.first_day())
    }

    /// "Mar": a month's abbreviation.
    pub(crate) fn month_abbr(&self, month0: u32) -> &str {
        &self.months_abbr[month0 as usize % 12]
    }

    /// A number of days as a reader takes it in: "1 day", "12 days",
    /// "5 weeks", "4 months", "2.5 years" (long spans are never "+4952 d").
    pub(crate) fn days(&self, n: i64) -> String {
        let d = n.unsigned_abs();
        match d {
            0..=27 => self.counted("span.days", d as usize, &[]),
            28..=90 => self.counted("span.weeks", (d as f64 / 7.0).round() as usize, &[]),
            91..=729 => self.counted("span.months", (d as f64 / 30.44).round() as usize, &[]),
            _ => self.phrase("span.years", &[("n", &self.number(d as f64 / 365.25, 1))]),
        }
    }
}

/// The money scales, smallest first, as brief.yaml and the data write them.
const SCALES: [&str; 4] = ["", "k", "m", "bn"];

/// A thousand of one scale reads as the next one up, with one decimal:
/// "USD 4,481.4m" is "USD 4.5bn", "EUR 1,200k" is "EUR 1.2m". Returns the
/// amount, its scale (an index of [`SCALES`]) and its decimals.
fn larger_scale(amount: f64, scale: usize) -> (f64, usize, usize) {
    // Whole currency units stay exact below a million ("GBP 40,000").
    if scale == 0 && amount.abs() < 1e6 {
        return (amount, scale, DECIMALS);
    }
    let (mut value, mut step) = (amount, scale);
    while step + 1 < SCALES.len() && value.abs() >= 1000.0 {
        value /= 1000.0;
        step += 1;
    }
    if step == scale { (amount, scale, DECIMALS) } else { (value, step, 1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_reads_one_way_code_first() {
        assert_eq!(super::money(12.5, Some("USD m")), "USD 12.5m");
        assert_eq!(super::money(1200.0, Some(" EUR k ")), "EUR 1.2m");
        assert_eq!(super::money(4481.4, Some("USD m")), "USD 4.5bn");
        assert_eq!(super::money(999.5, Some("USD m")), "USD 999.5m");
        assert_eq!(super::money(40_000.0, Some("GBP")), "GBP 40,000");
        assert_eq!(super::money(2_500_000.0, Some("GBP")), "GBP 2.5m");
        assert_eq!(super::money(-4481.4, Some("USD m")), "USD \u{2212}4.5bn");
        assert_eq!(super::money(3.0, Some("GBP bn")), "GBP 3bn");
        assert_eq!(super::money(40.0, Some("GBP")), "GBP 40");
        assert_eq!(super::money(12.0, Some("person-days")), "12 person-days");
        assert_eq!(super::money(0.0, None), "0");
    }

    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(-3.50, 2), "−3.5");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(12.50, 2), "12.5");
        assert_eq!(number(f64::NAN, 1), "–");
        assert_eq!(number(-2e20, 1), "−2.00e20");
        assert_eq!(count(1000), "1,000");
    }

    #[test]
    fn units_and_changes() {
        assert_eq!(Locale::english().quantity(87.5, Some("%")), "87.5%");
        assert_eq!(Locale::english().quantity(2.3, Some("% of payouts")), "2.3% of payouts");
        assert_eq!(Locale::english().quantity(12.0, Some("days")), "12 days");
        assert_eq!(change(-2.0, Some("%")), "−2 pts");
        assert_eq!(change(3.0, Some("hours")), "+3 hours");
        assert_eq!(change(-0.4, Some("% of payouts")), "−0.4 pts");
        assert_eq!(change(0.001, None), "0");
        assert_eq!(Locale::english().gap(23.6, 1, Some("%")), "23.6 pts");
    }

    #[test]
    fn dates_and_periods() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default();
        assert_eq!((date(d), Locale::english().day_month(d)), ("3 Mar 2026".to_string(), "3 Mar".to_string()));
        let p = Period { year: 2026, month: 6 };
        assert_eq!((period(p), Locale::english().period_short(p)), ("June 2026".to_string(), "Jun 2026".to_string()));
    }

    #[test]
    fn spans_of_days() {
        assert_eq!(days(1), "1 day");
        assert_eq!(days(-12), "12 days");
        assert_eq!(days(56), "8 weeks");
        assert_eq!(days(120), "4 months");
        assert_eq!(days(4952), "13.6 years");
    }
}
