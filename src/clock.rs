//! The one place brief reads the clock: what "today" is, for the default
//! as-of date (never after today), the default period (never in the future)
//! and the periods of new files. A build of a past period never depends on
//! it, and `SOURCE_DATE_EPOCH` (reproducible builds) or `BRIEF_TODAY` (tests)
//! pin it.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::period::parse_date;

/// The variable that stands in for the clock: `YYYY-MM-DD`.
pub(crate) const TODAY_VARIABLE: &str = "BRIEF_TODAY";

/// Today: the day of `SOURCE_DATE_EPOCH` (UTC) when set, else
/// `BRIEF_TODAY`, else the local date. A malformed variable is an error
/// naming it, never a silent fallback to the clock.
pub(crate) fn today() -> Result<NaiveDate, String> {
    if let Some(epoch) = source_date_epoch() {
        return epoch.map(|t| t.date());
    }
    match std::env::var(TODAY_VARIABLE) {
        Ok(text) => {
            parse_date(&text).map_err(|e| format!("{TODAY_VARIABLE}={}: {}", crate::diag::printable(&text), e.0))
        }
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// `SOURCE_DATE_EPOCH` as a UTC time, when it is set: the build's clock for
/// reproducible builds (today, and the PDF's date).
pub(crate) fn source_date_epoch() -> Option<Result<NaiveDateTime, String>> {
    let text = std::env::var("SOURCE_DATE_EPOCH").ok()?;
    Some(match text.trim().parse::<i64>() {
        Ok(secs) => chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.naive_utc())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH {secs} is out of range")),
        Err(_) => Err(format!("SOURCE_DATE_EPOCH must be a number of seconds (found {text:?})")),
    })
}
