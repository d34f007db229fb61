//! Numbers and words of KPI charts: value precision, the verdict against
//! target, compact axis labels and the alt text.

use crate::format::{date, number, plural, with_unit};
use crate::locale::Locale;
use chrono::NaiveDate;

/// Decimals that show the data faithfully without noise.
pub(crate) fn decimals(values: &[f64]) -> usize {
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if values.iter().all(|v| v.fract() == 0.0) {
        0
    } else if hi - lo < 1.0 && hi.abs() < 10.0 {
        2
    } else {
        1
    }
}

/// Verdict of a value against a target: (meets, text such as "missed by 2.9").
/// The gap between two percentages is in percentage points ("23.6 pts",
/// not "23.6%", which would read as a share of the target).
pub(crate) fn verdict(
    loc: &Locale,
    v: f64,
    target: f64,
    higher: bool,
    dec: usize,
    unit: Option<&str>,
) -> (bool, String) {
    let gap = if higher { target - v } else { v - target };
    if gap <= 0.0 {
        return (true, loc.phrase("chart.kpi.met", &[]));
    }
    (false, loc.phrase("chart.kpi.missed-by", &[("gap", &loc.gap(gap, dec, unit))]))
}

/// Axis labels: one scale for the whole axis ("2.5k ... 15k", not
/// "7,500 ... 15k"), chosen by the largest tick.
pub(crate) fn axis_labels(ticks: &[f64], dec: usize, suffix: &str) -> Vec<String> {
    let top = ticks.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let (div, unit) = match top {
        t if t >= 1e9 => (1e9, "B"),
        t if t >= 1e6 => (1e6, "M"),
        t if t >= 1e4 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let dec = if unit.is_empty() { dec } else { 2 };
    let label = |v: f64| match v {
        0.0 => format!("0{suffix}"),
        _ => format!("{}{unit}{suffix}", number(v / div, dec)),
    };
    ticks.iter().map(|v| label(*v)).collect()
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn alt_text(
    name: &str,
    pts: &[(NaiveDate, f64)],
    target: Option<f64>,
    baseline: Option<f64>,
    higher: bool,
    dec: usize,
    unit: Option<&str>,
    as_of: NaiveDate,
) -> String {
    let name = if name.is_empty() { "KPI" } else { name };
    let fmt = |d: &NaiveDate| date(*d);
    let dir = if higher { "higher is better" } else { "lower is better" };
    let Some((ld, lv)) = pts.last() else {
        return format!("{name}: no data as of {} ({dir}).", fmt(&as_of));
    };
    let mut s = format!("{name}: latest {} on {}", with_unit(*lv, dec, unit), fmt(ld));
    match target {
        Some(t) => {
            let (_, v) = verdict(Locale::english(), *lv, t, higher, dec, unit);
            s.push_str(&format!("; target {} ({dir}), {v}", with_unit(t, dec, unit)));
        }
        None => s.push_str(&format!("; no target ({dir})")),
    }
    if let Some(b) = baseline {
        s.push_str(&format!("; baseline {}", with_unit(b, dec, unit)));
    }
    s.push_str(&format!(". {} from {} to {}", plural(pts.len(), "value", "values"), fmt(&pts[0].0), fmt(ld)));
    let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    s.push_str(&format!(", lowest {}, highest {}", with_unit(lo, dec, unit), with_unit(hi, dec, unit)));
    if pts.len() <= 24 {
        let list: Vec<String> = pts.iter().map(|(d, v)| format!("{} {}", fmt(d), with_unit(*v, dec, unit))).collect();
        s.push_str(&format!(": {}", list.join("; ")));
    }
    s.push('.');
    s
}
