//! Numbers and words of KPI charts: value precision, the verdict against
//! target, compact axis labels and the alt text.

use crate::format::number;
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

/// The words for which way is good: "higher is better".
pub(crate) fn direction(loc: &Locale, higher: bool) -> String {
    loc.phrase(if higher { "chart.alt.higher-better" } else { "chart.alt.lower-better" }, &[])
}

/// "; target 95% (higher is better), missed by 2.9 pts".
pub(crate) fn target_clause(
    loc: &Locale,
    last: f64,
    target: f64,
    higher: bool,
    dec: usize,
    unit: Option<&str>,
) -> String {
    let (_, verdict) = verdict(loc, last, target, higher, dec, unit);
    let args = [("target", loc.with_unit(target, dec, unit)), ("dir", direction(loc, higher)), ("verdict", verdict)];
    loc.phrase("chart.alt.kpi-target", &args.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}

/// The KPI's alt text: latest value, target, baseline, range and (up to 24) every value.
#[allow(clippy::too_many_arguments)]
pub(crate) fn alt_text(
    loc: &Locale,
    name: &str,
    pts: &[(NaiveDate, f64)],
    target: Option<f64>,
    baseline: Option<f64>,
    higher: bool,
    dec: usize,
    unit: Option<&str>,
    as_of: NaiveDate,
) -> String {
    let name = if name.is_empty() { loc.phrase("chart.alt.kpi-name", &[]) } else { name.to_string() };
    let value = |v: f64| loc.with_unit(v, dec, unit);
    let dir = direction(loc, higher);
    let Some((ld, lv)) = pts.last() else {
        return loc.phrase("chart.alt.kpi-none", &[("name", &name), ("date", &loc.date(as_of)), ("dir", &dir)]);
    };
    let target = match target {
        Some(t) => target_clause(loc, *lv, t, higher, dec, unit),
        None => loc.phrase("chart.alt.kpi-no-target", &[("dir", &dir)]),
    };
    let baseline = baseline.map_or(String::new(), |b| loc.phrase("chart.alt.kpi-baseline", &[("baseline", &value(b))]));
    let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let list = if pts.len() <= 24 {
        let items: Vec<String> = pts
            .iter()
            .map(|(d, v)| loc.phrase("chart.alt.kpi-point", &[("date", &loc.date(*d)), ("value", &value(*v))]))
            .collect();
        loc.phrase("chart.alt.kpi-list", &[("points", &super::alt_clauses(loc, &items))])
    } else {
        String::new()
    };
    let args = [
        ("name", name),
        ("value", value(*lv)),
        ("date", loc.date(*ld)),
        ("target", target),
        ("baseline", baseline),
        ("values", loc.counted("chart.alt.values", pts.len(), &[])),
        ("first", loc.date(pts[0].0)),
        ("last", loc.date(*ld)),
        ("lo", value(lo)),
        ("hi", value(hi)),
        ("list", list),
    ];
    loc.phrase("chart.alt.kpi", &args.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}
