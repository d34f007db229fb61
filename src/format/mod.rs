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

use crate::model::period::Period;

/// The minus sign of printed numbers (not the hyphen-minus of data files).
pub(crate) const MINUS: char = '\u{2212}';

/// Shown where a number is missing or not finite.
pub(crate) const NO_VALUE: &str = "–";

/// The decimals of a value in running text and tables.
pub(crate) const DECIMALS: usize = 2;

/// A number with at most `decimals` decimals, trailing zeros dropped,
/// thousands separated and a true minus sign: "1,234,567.89", "−3.5".
/// Never "−0"; NaN and infinities read "–"; absurd magnitudes are written
/// in scientific notation rather than as a 300-digit label.
pub(crate) fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return NO_VALUE.into();
    }
    if x.abs() >= 1e15 {
        return format!("{x:.2e}").replace('-', &MINUS.to_string());
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
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Whether a unit is a percentage ("%", "% of payouts"): such values are
/// written without a space and change in points.
pub(crate) fn is_percent(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.trim_start().starts_with('%'))
}

/// A value with its unit: "87.5%", "2.3% of payouts", "12 hours".
pub(crate) fn with_unit(x: f64, decimals: usize, unit: Option<&str>) -> String {
    let n = number(x, decimals);
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if u.starts_with('%') => format!("{n}{u}"),
        Some(u) => format!("{n} {u}"),
        None => n,
    }
}

/// [`with_unit`] with two decimals.
pub(crate) fn quantity(x: f64, unit: Option<&str>) -> String {
    with_unit(x, DECIMALS, unit)
}

/// An amount of money in the one money format of the briefs: a currency
/// code first and the scale joined to the number, "USD 12.5m", "EUR 1,200k",
/// "GBP 3bn", as the asks' amounts read. A unit that does not start with a
/// currency code is kept after the number ("12 person-days"); no currency
/// symbol is ever guessed.
pub(crate) fn money(amount: f64, unit: Option<&str>) -> String {
    let unit = unit.map(str::trim).unwrap_or("");
    let (code, scale) = unit.split_once(char::is_whitespace).map_or((unit, ""), |(c, s)| (c, s.trim()));
    let is_code = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
    let short_scale = matches!(scale, "" | "k" | "m" | "mn" | "bn" | "M" | "B" | "K");
    if is_code && short_scale {
        let (amount, scale, decimals) = larger_scale(amount, scale);
        format!("{code} {}{scale}", number(amount, decimals))
    } else {
        with_unit(amount, DECIMALS, Some(unit))
    }
}

/// A thousand of one scale reads as the next one up, with one decimal:
/// "USD 4,481.4m" is "USD 4.5bn", "EUR 1,200k" is "EUR 1.2m".
fn larger_scale(amount: f64, scale: &str) -> (f64, &str, usize) {
    const SCALES: [&str; 4] = ["", "k", "m", "bn"];
    let Some(mut step) = SCALES.iter().position(|s| *s == scale.to_lowercase().replace("mn", "m")) else {
        return (amount, scale, DECIMALS);
    };
    // Whole currency units stay exact below a million ("GBP 40,000").
    if step == 0 && amount.abs() < 1e6 {
        return (amount, scale, DECIMALS);
    }
    let mut value = amount;
    while step + 1 < SCALES.len() && value.abs() >= 1000.0 {
        value /= 1000.0;
        step += 1;
    }
    if step == SCALES.iter().position(|s| *s == scale).unwrap_or(usize::MAX) || value == amount {
        (amount, scale, DECIMALS)
    } else {
        (value, SCALES[step], 1)
    }
}

/// A difference between two values of a unit: percentages differ in
/// points ("23.6 pts"), anything else in the unit itself.
pub(crate) fn gap(x: f64, decimals: usize, unit: Option<&str>) -> String {
    if is_percent(unit) { format!("{} pts", number(x, decimals)) } else { with_unit(x, decimals, unit) }
}

/// A change with its sign: "+2.5 hours", "−3 pts", "0".
pub(crate) fn change(x: f64, unit: Option<&str>) -> String {
    let sign = if x > 0.0 && number(x, DECIMALS) != "0" { "+" } else { "" };
    format!("{sign}{}", gap(x, DECIMALS, unit))
}

/// "1 program", "3 programs".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A count with thousands separated: "1,000".
pub(crate) fn count(n: usize) -> String {
    number(n as f64, 0)
}

/// Names joined for a sentence: "A", "A and B", "A, B and C".
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month (1–12) that a month's name, or its first three letters or
/// more, gives in any case: "dec", "Sept.", "December". File names and
/// spreadsheet cells write months this way.
pub(crate) fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    if n.chars().count() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.to_lowercase().starts_with(&n)).map(|i| i as u32 + 1)
}

/// "Mar": a month's abbreviation.
pub(crate) fn month_abbr(month0: u32) -> &'static str {
    &MONTHS[month0 as usize % 12][..3]
}

/// "5 Nov 2026": the one date format of the briefs.
pub(crate) fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_abbr(d.month0()), d.year())
}

/// "5 Nov": a date whose year the reader knows from its context.
pub(crate) fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), month_abbr(d.month0()))
}

/// "November 2026".
pub(crate) fn period(p: Period) -> String {
    format!("{} {}", MONTHS[p.month as usize - 1], p.year)
}

/// "Nov 2026": a period where space is short (column heads, axes).
pub(crate) fn period_short(p: Period) -> String {
    format!("{} {}", month_abbr(p.month - 1), p.year)
}

/// A number of days as a reader takes it in: "1 day", "12 days",
/// "5 weeks", "4 months", "2.5 years" (long spans are never "+4952 d").
pub(crate) fn days(n: i64) -> String {
    let d = n.unsigned_abs();
    match d {
        0..=27 => plural(d as usize, "day", "days"),
        28..=90 => plural((d as f64 / 7.0).round() as usize, "week", "weeks"),
        91..=729 => plural((d as f64 / 30.44).round() as usize, "month", "months"),
        _ => format!("{} years", number(d as f64 / 365.25, 1)),
    }
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
        assert_eq!(quantity(87.5, Some("%")), "87.5%");
        assert_eq!(quantity(2.3, Some("% of payouts")), "2.3% of payouts");
        assert_eq!(quantity(12.0, Some("days")), "12 days");
        assert_eq!(change(-2.0, Some("%")), "−2 pts");
        assert_eq!(change(3.0, Some("hours")), "+3 hours");
        assert_eq!(change(-0.4, Some("% of payouts")), "−0.4 pts");
        assert_eq!(change(0.001, None), "0");
        assert_eq!(gap(23.6, 1, Some("%")), "23.6 pts");
    }

    #[test]
    fn dates_and_periods() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default();
        assert_eq!((date(d), day_month(d)), ("3 Mar 2026".to_string(), "3 Mar".to_string()));
        let p = Period { year: 2026, month: 6 };
        assert_eq!((period(p), period_short(p)), ("June 2026".to_string(), "Jun 2026".to_string()));
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
