//! Words and numbers for labels and alt text: counts, name lists, values,
//! dates.

use chrono::{Datelike, NaiveDate};

/// Joins names for alt text: "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// "1 program" / "3 programs".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Formats a number for labels: at most `decimals` decimals, trailing zeros
/// dropped, thousands separated, a true minus sign; NaN/inf become "–".
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v.abs() >= 1e15 {
        // Absurd magnitudes: scientific, not a 300-digit label.
        return format!("{v:.2e}").replace('-', "−");
    }
    let s = format!("{:.*}", decimals.min(6), v.abs());
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let neg = v < 0.0 && (grouped.chars().any(|c| c != '0' && c != ',') || !frac.is_empty());
    let mut out = String::new();
    if neg {
        out.push('−');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A value with its unit: "92.5%", "1,200 cases", "4.2".
pub fn with_unit(v: f64, decimals: usize, unit: Option<&str>) -> String {
    let n = number(v, decimals);
    match unit {
        None | Some("") => n,
        Some(u) if u == "%" || u.starts_with('%') => format!("{n}{u}"),
        Some(u) => format!("{n} {u}"),
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "Mar": month abbreviation (chrono's `%b` without parsing a format string
/// per label: axes format hundreds of them).
pub fn month(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize % 12]
}

/// "3 Mar": day and month.
pub fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), month(d))
}

/// "3 Mar 2026": the one date format of the charts and their alt text.
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month(d), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_well() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default();
        assert_eq!((date(d), day_month(d), month(d)), ("3 Mar 2026".into(), "3 Mar".into(), "Mar"));
        assert_eq!(date(d), d.format("%-d %b %Y").to_string());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1234567.0, 0), "1,234,567");
        assert_eq!(number(-3.50, 2), "−3.5");
        assert_eq!(number(-0.001, 1), "0");
        assert_eq!(number(f64::NAN, 1), "–");
        assert_eq!(with_unit(92.5, 1, Some("%")), "92.5%");
        assert_eq!(with_unit(12.0, 1, Some("days")), "12 days");
    }
}
