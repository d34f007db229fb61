//! Reporting periods (`YYYY-MM`) and calendar dates (`YYYY-MM-DD`), parsed strictly.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// A calendar month, the unit of monthly reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Period {
    pub(crate) year: i32,
    pub(crate) month: u32,
}

/// The period, previous period and as-of date a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timeframe {
    pub(crate) period: Period,
    /// The period compared with: `--since`, or the previous one in the data.
    pub(crate) previous: Option<Period>,
    pub(crate) as_of: NaiveDate,
}

/// Why a text is not a period or a date, phrased for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError(pub String);

impl Period {
    /// Parses exactly `YYYY-MM` with a month from 01 to 12.
    pub(crate) fn parse(text: &str) -> Result<Period, DateError> {
        let b = text.as_bytes();
        let shape = b.len() == 7 && b[4] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit());
        if !shape {
            return Err(DateError("expected a period YYYY-MM".into()));
        }
        let year: i32 = text[..4].parse().map_err(|_| DateError("expected a period YYYY-MM".into()))?;
        let month: u32 = text[5..].parse().map_err(|_| DateError("expected a period YYYY-MM".into()))?;
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("there is no month {month}")));
        }
        Ok(Period { year, month })
    }

    pub(crate) fn of(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    pub(crate) fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("periods hold valid months")
    }

    pub(crate) fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a month has a last day")
    }

    pub(crate) fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }

    /// "November 2026" ([`crate::format::period`]).
    pub(crate) fn label(self) -> String {
        crate::format::period(self)
    }

    pub(crate) fn contains(self, date: NaiveDate) -> bool {
        Period::of(date) == self
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses exactly `YYYY-MM-DD` and checks the day exists (no 2026-02-30).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(DateError("expected a date YYYY-MM-DD".into()));
    }
    let period = Period::parse(&text[..7])?;
    let day: u32 = text[8..].parse().map_err(|_| DateError("expected a date YYYY-MM-DD".into()))?;
    NaiveDate::from_ymd_opt(period.year, period.month, day)
        .ok_or_else(|| DateError(format!("{} has no day {day}", period.label())))
}

/// A date in ISO form for data files.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_strict() {
        assert_eq!(Period::parse("2026-11").unwrap().to_string(), "2026-11");
        assert_eq!(Period::parse("2026-13").unwrap_err().0, "there is no month 13");
        assert!(Period::parse("2026-1").is_err());
        assert_eq!(Period::parse("2026-02").unwrap().last_day().to_string(), "2026-02-28");
        assert_eq!(Period::parse("2026-12").unwrap().next().to_string(), "2027-01");
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(parse_date("2026-02-30").unwrap_err().0, "February 2026 has no day 30");
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("26-02-01").is_err());
    }
}
