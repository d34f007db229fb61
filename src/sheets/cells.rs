//! What one cell means: numbers written as text (thousands separators, decimal
//! commas, percent signs) and periods written as `YYYY-MM`, dates, common
//! spreadsheet date texts or spreadsheet date serials.
//!
//! These functions know nothing of files: they take a cell's text or typed
//! value and say what it holds, or why it holds nothing usable, in words that
//! fit after the cell's reference in a message.

use chrono::NaiveDate;

use crate::model::period::Period;

/// How a file writes the decimal separator of numbers kept as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decimal {
    /// `1,234.5`: the comma groups thousands.
    Point,
    /// `1.234,5`: the point (or a space) groups thousands.
    Comma,
}

/// Day-first (`30/11/2026`) or month-first (`11/30/2026`) dates with slashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateOrder {
    DayFirst,
    MonthFirst,
}

/// Spreadsheet date serials taken as periods: 1970-01-01 up to 2099-12-31.
/// Outside this range a number in a period column is far more likely a
/// `YYYYMM` code or a value in the wrong column than a date.
pub(crate) const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 25_569.0..=73_050.0;

/// Reads a number written as text: `1234.5`, `1,234.5`, `-12`, `(1,234)`,
/// `87.5%` (read as 87.5) and, with [`Decimal::Comma`], `1.234,5` or `1 234,5`.
/// `None` for an empty text (an empty cell is never zero).
pub(crate) fn parse_number(text: &str, decimal: Decimal) -> Option<Result<f64, String>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(number_of(t, decimal).ok_or_else(|| not_a_number(t, decimal)))
}

fn number_of(t: &str, decimal: Decimal) -> Option<f64> {
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    // Accounting negatives: (1,234) is -1234.
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        return number_of(inner, decimal).map(|v| -v);
    }
    let (sign, digits) = match t.as_bytes().first()? {
        b'-' => (-1.0, &t[1..]),
        b'+' => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let (group, point) = match decimal {
        Decimal::Point => (',', '.'),
        Decimal::Comma => ('.', ','),
    };
    let (int, frac) = match digits.split_once(point) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int = ungroup(int, group)?;
    let plain = match frac {
        Some(f) if f.bytes().all(|b| b.is_ascii_digit()) && !(int.is_empty() && f.is_empty()) => format!("{int}.{f}"),
        Some(_) => return None,
        None if !int.is_empty() => int,
        // Scientific notation and the like, without separators.
        None => return None,
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| sign * v)
}

/// The digits of an integer part, with thousands separators (`group`, or a
/// space of any kind) removed when they split it into groups of three.
fn ungroup(int: &str, group: char) -> Option<String> {
    let is_sep = |c: char| c == group || c == ' ' || c == '\u{a0}' || c == '\u{202f}';
    if !int.contains(is_sep) {
        return int.bytes().all(|b| b.is_ascii_digit()).then(|| int.to_string());
    }
    let groups: Vec<&str> = int.split(is_sep).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

fn not_a_number(t: &str, decimal: Decimal) -> String {
    let hint = match decimal {
        Decimal::Point if t.contains(',') => " (this file writes decimals with a point: 12.5, 1,234.5)",
        Decimal::Comma if t.contains('.') => " (this file writes decimals with a comma: 12,5, 1.234,5)",
        _ => "",
    };
    format!("\"{t}\" is not a number{hint}")
}

/// The date of a spreadsheet date serial in the 1900 date system, as Excel,
/// LibreOffice and Google Sheets count it: 1 is 1900-01-01 and, because
/// Lotus 1-2-3 took 1900 for a leap year, 60 is the 29 February 1900 that never
/// was (read here as 28 February) and 61 is 1900-03-01. With `is_1904`, 0 is
/// 1904-01-01. The fraction (the time of day) is dropped.
pub(crate) fn serial_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else if days >= 61 {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    } else if days == 60 {
        return NaiveDate::from_ymd_opt(1900, 2, 28);
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, days)
    };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

/// The period of a number in a period column: a date serial in [`SERIAL_RANGE`].
pub(crate) fn period_of_serial(serial: f64, is_1904: bool) -> Result<Period, String> {
    let shift = if is_1904 { 1462.0 } else { 0.0 };
    if !SERIAL_RANGE.contains(&(serial + shift)) {
        return Err(format!(
            "{} is not a period: expected YYYY-MM, a date, or a spreadsheet date between 1970 and 2099",
            show_number(serial)
        ));
    }
    serial_date(serial, is_1904).map(Period::of).ok_or_else(|| format!("{serial} is not a date"))
}

/// Reads a period written as text: `2026-11`, `2026-11-30`, `2026/11/30`,
/// `2026-11-30T00:00:00`, `30.11.2026`, `30/11/2026` or `11/30/2026` (by
/// `order`), `Nov 2026`, `November 2026`, `Nov-26`, or a date serial such as
/// `46356`.
pub(crate) fn parse_period_text(text: &str, order: Option<DateOrder>) -> Result<Period, String> {
    let t = text.trim();
    let expected = || format!("\"{t}\" is not a period: expected YYYY-MM (2026-11) or a date (2026-11-30)");
    match Period::parse(t) {
        Ok(p) => return Ok(p),
        // The shape of a period with an impossible month: say so.
        Err(e) if !e.0.starts_with("expected") => return Err(format!("\"{t}\" is not a period: {}", e.0)),
        Err(_) => {}
    }
    if let Some(date) = iso_date(t) {
        return date.map(Period::of).ok_or_else(|| format!("\"{t}\" is not a date: there is no such day"));
    }
    if let Some(parts) = numeric_parts(t, '/').or_else(|| numeric_parts(t, '.')) {
        return dmy_period(t, parts, order);
    }
    if let Some(p) = month_name_period(t) {
        return Ok(p);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
        return period_of_serial(t.parse::<f64>().map_err(|_| expected())?, false);
    }
    Err(expected())
}

/// `2026-11-30`, `2026/11/30`, or either followed by a time: `Some(None)` when
/// the shape is right but the day does not exist.
fn iso_date(t: &str) -> Option<Option<NaiveDate>> {
    let head = t.get(..10)?;
    let rest = &t[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let parts = numeric_parts(head, '-').or_else(|| numeric_parts(head, '/'))?;
    (parts[0].len() == 4).then(|| ymd(parts[0], parts[1], parts[2]))
}

/// Three runs of digits joined by `sep`, with a four-digit year first or last.
fn numeric_parts(t: &str, sep: char) -> Option<[&str; 3]> {
    let mut it = t.split(sep);
    let parts = [it.next()?, it.next()?, it.next()?];
    let digits = parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    (it.next().is_none() && digits).then_some(parts)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `30/11/2026`, `11/30/2026`, `30.11.2026` (points are always day-first).
fn dmy_period(t: &str, [a, b, c]: [&str; 3], order: Option<DateOrder>) -> Result<Period, String> {
    if a.len() == 4 {
        return ymd(a, b, c).map(Period::of).ok_or_else(|| format!("\"{t}\" is not a date: there is no such day"));
    }
    if c.len() != 4 {
        return Err(format!("\"{t}\" is not a period: write the year with four digits, or YYYY-MM"));
    }
    let order = if t.contains('.') { Some(DateOrder::DayFirst) } else { order };
    let date = match order {
        Some(DateOrder::DayFirst) => ymd(c, b, a),
        Some(DateOrder::MonthFirst) => ymd(c, a, b),
        None => {
            return Err(format!(
                "\"{t}\" is ambiguous: day/month or month/day? No date in this column settles it; write YYYY-MM or YYYY-MM-DD"
            ));
        }
    };
    date.map(Period::of).ok_or_else(|| format!("\"{t}\" is not a date: there is no such day"))
}

/// `Nov 2026`, `November 2026`, `Nov-2026`, `Nov-26` (Excel's `mmm-yy`).
fn month_name_period(t: &str) -> Option<Period> {
    let (name, year) = t.split_once([' ', '-'])?;
    let month = crate::format::month_from_name(name)?;
    let year: i32 = match year.trim() {
        y if y.len() == 4 => y.parse().ok()?,
        y if y.len() == 2 => 2000 + y.parse::<i32>().ok()?,
        _ => return None,
    };
    Some(Period { year, month })
}

/// Which order the slash dates of a column use, when one of them shows it
/// (a first part above 12 is a day; a second part above 12 is a day).
pub(crate) fn sniff_date_order<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    for t in texts {
        let Some([a, b, c]) = numeric_parts(t.trim(), '/') else { continue };
        if c.len() != 4 {
            continue;
        }
        let (a, b): (u32, u32) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
        if a > 12 && b <= 12 {
            return Some(DateOrder::DayFirst);
        }
        if b > 12 && a <= 12 {
            return Some(DateOrder::MonthFirst);
        }
    }
    None
}

/// A number as a person would write it: `12`, `12.5`, never `12.0`.
pub(crate) fn show_number(v: f64) -> String {
    // Twelve significant digits hide binary noise such as 0.1 * 3.
    let rounded: f64 = format!("{v:.12e}").parse().unwrap_or(v);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(t: &str, d: Decimal) -> Result<f64, String> {
        parse_number(t, d).expect("not empty")
    }

    #[test]
    fn numbers_with_separators_and_percent() {
        assert_eq!(num("1,234.5", Decimal::Point), Ok(1234.5));
        assert_eq!(num("1.234,5", Decimal::Comma), Ok(1234.5));
        assert_eq!(num("1 234,5", Decimal::Comma), Ok(1234.5));
        assert_eq!(num("87.5%", Decimal::Point), Ok(87.5));
        assert_eq!(num("87,5 %", Decimal::Comma), Ok(87.5));
        assert_eq!(num("(1,234)", Decimal::Point), Ok(-1234.0));
        assert_eq!(num("-0.5", Decimal::Point), Ok(-0.5));
        assert_eq!(num(".5", Decimal::Point), Ok(0.5));
        assert_eq!(num("1,234,567", Decimal::Point), Ok(1_234_567.0));
        assert_eq!(parse_number("   ", Decimal::Point), None);
    }

    #[test]
    fn wrong_separators_are_refused_with_the_file_s_convention() {
        assert_eq!(
            num("12,5", Decimal::Point).unwrap_err(),
            "\"12,5\" is not a number (this file writes decimals with a point: 12.5, 1,234.5)"
        );
        assert!(num("1.5", Decimal::Comma).is_err());
        assert!(num("12,5x", Decimal::Comma).is_err());
        assert!(num("1,23,4", Decimal::Point).is_err());
        assert!(num("NaN", Decimal::Point).is_err());
        assert!(num("-", Decimal::Point).is_err());
    }

    #[test]
    fn serials_follow_the_1900_system_and_its_leap_year_bug() {
        let d = |s| serial_date(s, false).unwrap().to_string();
        assert_eq!(d(1.0), "1900-01-01");
        assert_eq!(d(59.0), "1900-02-28");
        assert_eq!(d(60.0), "1900-02-28");
        assert_eq!(d(61.0), "1900-03-01");
        assert_eq!(d(46356.0), "2026-11-30");
        assert_eq!(d(46356.75), "2026-11-30");
        assert_eq!(serial_date(0.0, true).unwrap().to_string(), "1904-01-01");
        assert_eq!(period_of_serial(46356.0, false).unwrap().to_string(), "2026-11");
        assert!(period_of_serial(202611.0, false).unwrap_err().contains("202611 is not a period"));
    }

    #[test]
    fn period_texts() {
        let p = |t| parse_period_text(t, None).map(|p| p.to_string());
        assert_eq!(p("2026-11"), Ok("2026-11".into()));
        assert_eq!(p("2026-11-30"), Ok("2026-11".into()));
        assert_eq!(p("2026/11/30"), Ok("2026-11".into()));
        assert_eq!(p("2026-11-30T00:00:00"), Ok("2026-11".into()));
        assert_eq!(p("30.11.2026"), Ok("2026-11".into()));
        assert_eq!(p("Nov 2026"), Ok("2026-11".into()));
        assert_eq!(p("November 2026"), Ok("2026-11".into()));
        assert_eq!(p("Nov-26"), Ok("2026-11".into()));
        assert_eq!(p("46356"), Ok("2026-11".into()));
        assert!(p("2026-02-30").unwrap_err().contains("no such day"));
        assert!(p("01/11/2026").unwrap_err().contains("ambiguous"));
        assert!(p("soon").is_err());
        assert_eq!(p("2027-13").unwrap_err(), "\"2027-13\" is not a period: there is no month 13");
        let order = sniff_date_order(["01/11/2026", "30/11/2026"]);
        assert_eq!(order, Some(DateOrder::DayFirst));
        assert_eq!(parse_period_text("01/11/2026", order).unwrap().to_string(), "2026-11");
        let us = sniff_date_order(["11/30/2026"]);
        assert_eq!(parse_period_text("12/01/2026", us).unwrap().to_string(), "2026-12");
    }

    #[test]
    fn numbers_show_without_noise() {
        assert_eq!(show_number(12.0), "12");
        assert_eq!(show_number(0.1 * 3.0), "0.3");
        assert_eq!(show_number(87.5), "87.5");
    }
}
