//! Sparkline: a word-sized trend for table cells (e.g. 60 x 14 pt).
//!
//! No axes and no text (none would stay above 7 pt): a grey line, the target
//! as a dashed hairline, and the latest value as a dot coloured by whether it
//! meets the target (green or red) or ink when there is no target.

use super::axis::Linear;
use super::kpi_text::{decimals, target_clause, verdict};
use super::theme::{self, stroke};
use super::{Chart, Rag, no_data, render, size_or};
use crate::locale::Locale;

/// A tiny trend line of `values` (non-finite values skipped).
pub fn sparkline(
    loc: &Locale,
    values: &[f64],
    target: Option<f64>,
    higher_is_better: bool,
    width_pt: f64,
    height_pt: f64,
) -> Chart {
    let name = "sparkline";
    let (w, h) = (size_or(width_pt, 60.0), size_or(height_pt, 14.0));
    let vals: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let target = target.filter(|t| t.is_finite());
    let alt = alt_text(loc, &vals, target, higher_is_better);
    let Some(&last) = vals.last() else {
        return no_data(loc, name, w, h, alt);
    };
    let (mut lo, mut hi) =
        vals.iter().chain(target.iter()).fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        (lo, hi) = (lo - 1.0, hi + 1.0); // all equal: a flat line through the middle
    }
    let r = (h * 0.16).clamp(1.2, 2.5);
    let xs = Linear { d0: 0.0, d1: (vals.len() - 1).max(1) as f64, r0: r + 0.5, r1: w - r - 0.5 };
    let ys = Linear { d0: lo, d1: hi, r0: h - r - 0.5, r1: r + 0.5 };
    render(loc, name, w, h, alt, |c| {
        if let Some(t) = target {
            let y = ys.map(t);
            c.dashed((0.0, y), (w, y), theme::AXIS, stroke::HAIR, 1.5)?;
        }
        let pts: Vec<(f64, f64)> = vals.iter().enumerate().map(|(i, v)| (xs.map(i as f64), ys.map(*v))).collect();
        c.polyline(&pts, theme::MUTED, stroke::THIN)?;
        let dot = match target {
            Some(t) if verdict(loc, last, t, higher_is_better, 0, None).0 => theme::fill(Rag::Green),
            Some(_) => theme::fill(Rag::Red),
            None => theme::INK,
        };
        let (lx, ly) = pts[pts.len() - 1];
        c.circle(lx, ly, r, dot)
    })
}

/// "Trend of 6 values: first 3, latest 5, lowest 2, highest 5; target 4 (higher is better), met."
fn alt_text(loc: &Locale, vals: &[f64], target: Option<f64>, higher: bool) -> String {
    let Some(last) = vals.last() else {
        return loc.phrase("chart.alt.spark-none", &[]);
    };
    let dec = decimals(vals);
    let (lo, hi) = vals.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let target = target.map_or(String::new(), |t| target_clause(loc, *last, t, higher, dec, None));
    let args = [
        ("values", loc.counted("chart.alt.values", vals.len(), &[])),
        ("first", loc.number(vals[0], dec)),
        ("latest", loc.number(*last, dec)),
        ("lo", loc.number(lo, dec)),
        ("hi", loc.number(hi, dec)),
        ("target", target),
    ];
    loc.phrase("chart.alt.spark", &args.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}
