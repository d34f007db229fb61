//! KPI trend: a small line chart that reads as a measure, not a number.
//!
//! Header: KPI name, latest value, and the verdict against target ("target
//! ≥ 95% · missed by 2.9"). Plot: the side of the target that is good is
//! shaded and marked "better", the target is a dashed line, an optional
//! baseline a dotted one, and the latest point is a status-coloured dot.
//! Non-finite values are skipped; the time axis runs to the as-of date so a
//! stale series shows as a gap.

use super::axis::{Linear, date_ticks, day, nice_ticks};
use super::canvas::{Anchor, Canvas, Drawn};
use super::kpi_text::{alt_text, axis_labels, decimals, verdict};
use super::parts::{Shape, marker};
use super::text::{Font, clean};
use super::theme::{self, Rgb, size, space, stroke};
use super::{Chart, Rag, clamp, no_data, render, size_or};
use crate::locale::Locale;
use chrono::NaiveDate;

/// A KPI time series with its target and direction.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiSeries {
    /// The KPI's name, the chart's title.
    pub name: String,
    /// The unit written after values, e.g. `%`.
    pub unit: Option<String>,
    /// The measured values, by date.
    pub points: Vec<(NaiveDate, f64)>,
    /// The value aimed for, drawn as a line.
    pub target: Option<f64>,
    /// Whether values above the target are good.
    pub higher_is_better: bool,
    /// The value before the program started, drawn as a dashed line.
    pub baseline: Option<f64>,
}

/// Shade for the "good side of target" zone: a grey, since colour is status.
const ZONE: Rgb = theme::hex("#EDF0F3");
const HEAD: f64 = 30.0;

/// The trend of one KPI, `width_pt` x `height_pt` (e.g. 240 x 130).
pub fn kpi_trend(loc: &Locale, k: &KpiSeries, as_of: NaiveDate, width_pt: f64, height_pt: f64) -> Chart {
    let (w, h) = (size_or(width_pt, 240.0), size_or(height_pt, 130.0));
    let title = clean(&k.name);
    let unit = k.unit.as_deref().map(clean).filter(|u| !u.is_empty());
    let unit = unit.as_deref();
    let mut pts: Vec<(NaiveDate, f64)> = k.points.iter().copied().filter(|(_, v)| v.is_finite()).collect();
    pts.sort_by_key(|p| p.0); // stable: equal dates keep input order
    let target = k.target.filter(|t| t.is_finite());
    let baseline = k.baseline.filter(|b| b.is_finite());
    let values: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let dec = decimals(&values);
    let alt = alt_text(loc, &title, &pts, target, baseline, k.higher_is_better, dec, unit, as_of);
    let name = "kpi-trend";
    let Some(&(last_d, last_v)) = pts.last() else {
        return no_data(loc, name, w, h, alt);
    };

    // Value domain from data and reference lines, rounded to nice ticks.
    let refs = values.iter().chain(target.iter()).chain(baseline.iter());
    let (mut lo, mut hi) = refs.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = (hi.abs() * 0.1).max(1.0);
        (lo, hi) = (lo - pad, hi + pad);
    }
    // Room on the good side of the target, so the "better" zone shows.
    if let Some(t) = target {
        let room = (hi - lo) * 0.12;
        if k.higher_is_better {
            hi = hi.max(t + room);
        } else {
            lo = lo.min(t - room);
        }
    }
    // Counts, hours and shares never go below zero: keep the axis there too.
    if values.iter().chain(target.iter()).all(|v| *v >= 0.0) {
        lo = lo.max(0.0);
    }
    let plot_top = HEAD + 8.0;
    let plot_bottom = h - 12.0;
    let max_ticks = clamp(((plot_bottom - plot_top) / 18.0).floor(), 2.0, 6.0) as usize;
    let (yticks, ydec) = nice_ticks(lo, hi, max_ticks);
    let (ylo, yhi) = (yticks.first().copied().unwrap_or(lo), yticks.last().copied().unwrap_or(hi));
    let tick = Font::regular(size::TICK, theme::MUTED);
    let pct = if unit == Some("%") { "%" } else { "" };
    let ylabels = axis_labels(&yticks, ydec, pct);
    let left = ylabels.iter().map(|l| tick.width(l)).fold(0.0, f64::max) + space::PAD;
    let (target_word, baseline_word) = (loc.phrase("chart.target", &[]), loc.phrase("chart.baseline", &[]));
    let right_label = |t: Option<f64>, s: &str| t.map(|_| tick.width(s) + space::PAD).unwrap_or(0.0);
    let right = right_label(target, &target_word).max(right_label(baseline, &baseline_word)).max(4.0);
    let (x0, x1) = (left + 2.0, w - right);
    let (d0, d1) = (pts[0].0, last_d.max(as_of));
    let xpad = if d1 > d0 { 0.0 } else { 15.0 };
    let xs = Linear { d0: day(d0) - xpad, d1: day(d1) + xpad, r0: x0 + 3.0, r1: x1 - 4.0 };
    let ys = Linear { d0: ylo, d1: yhi, r0: plot_bottom, r1: plot_top };
    let xticks = date_ticks(loc, d0, d1, x1 - x0, tick);

    render(loc, name, w, h, alt, |c| {
        // Header: name, latest value, verdict.
        let tf = Font::bold(size::TITLE, theme::INK);
        c.text(&tf.fit(&title, w), 0.0, 8.0, tf, Anchor::Start)?;
        let vf = Font::bold(size::BIG, theme::INK);
        let value = loc.with_unit(last_v, dec, unit);
        c.text(&value, 0.0, HEAD - 3.0, vf, Anchor::Start)?;
        let vw = vf.width(&value) + 6.0;
        let (meets, note) = match target {
            Some(t) => {
                let (ok, v) = verdict(loc, last_v, t, k.higher_is_better, dec, unit);
                let cmp = if k.higher_is_better { "≥" } else { "≤" };
                let target = loc.with_unit(t, dec, unit);
                (Some(ok), loc.phrase("chart.kpi.target-note", &[("cmp", cmp), ("target", &target), ("verdict", &v)]))
            }
            None if k.higher_is_better => (None, loc.phrase("chart.kpi.higher-better", &[])),
            None => (None, loc.phrase("chart.kpi.lower-better", &[])),
        };
        let nf = Font::regular(size::TICK, theme::TEXT);
        c.text(&nf.fit(&note, w - vw), vw, HEAD - 3.0, nf, Anchor::Start)?;

        if let Some(t) = target {
            let ty = ys.map(t);
            let (za, zb) = if k.higher_is_better { (plot_top, ty) } else { (ty, plot_bottom) };
            c.rect(x0, za, x1, zb, ZONE)?;
            better_tag(c, &loc.phrase("chart.kpi.better", &[]), x0 + 3.0, za, zb, k.higher_is_better)?;
        }
        for (v, l) in yticks.iter().zip(&ylabels) {
            let y = ys.map(*v);
            c.line(x0, y, x1, y, theme::GRID, stroke::HAIR)?;
            c.text_mid(l, left - 2.0, y, tick, Anchor::End)?;
        }
        c.line(x0, plot_bottom, x1, plot_bottom, theme::AXIS, stroke::HAIR)?;
        for (i, (d, l)) in xticks.iter().enumerate() {
            let x = xs.map(day(*d));
            let half = tick.width(l) / 2.0;
            let anchor_x = clamp(x, half, w - half);
            if i == 0 || xticks.len() < 2 || x - half >= x0 - 8.0 {
                c.text(l, anchor_x, h - 2.0, tick, Anchor::Middle)?;
            }
        }
        let mut ref_y = f64::NAN;
        if let Some(t) = target {
            let y = ys.map(t);
            c.dashed((x0, y), (x1, y), theme::INK, stroke::THIN, 2.5)?;
            c.text_mid(&target_word, x1 + 2.0, y, tick, Anchor::Start)?;
            ref_y = y;
        }
        if let Some(b) = baseline {
            let y = ys.map(b);
            c.dashed((x0, y), (x1, y), theme::MUTED, stroke::THIN, 0.8)?;
            // Keep the two right-margin labels apart.
            let ly = if (y - ref_y).abs() < 8.0 { if y > ref_y { ref_y + 8.0 } else { ref_y - 8.0 } } else { y };
            c.text_mid(&baseline_word, x1 + 2.0, ly, tick, Anchor::Start)?;
        }
        let line: Vec<(f64, f64)> = pts.iter().map(|(d, v)| (xs.map(day(*d)), ys.map(*v))).collect();
        c.polyline(&line, theme::INK, stroke::DATA)?;
        if line.len() <= 30 {
            for &(x, y) in &line[..line.len() - 1] {
                c.circle(x, y, 1.4, theme::INK)?;
            }
        }
        let (lx, ly) = line[line.len() - 1];
        let dot = match meets {
            Some(true) => theme::fill(Rag::Green),
            Some(false) => theme::fill(Rag::Red),
            None => theme::INK,
        };
        c.circle(lx, ly, 3.6, theme::WHITE)?;
        c.circle(lx, ly, 2.9, dot)
    })
}

/// "▲ better" in the top (or bottom) corner of the good zone, if it fits.
fn better_tag(c: &mut Canvas, better: &str, x: f64, za: f64, zb: f64, up: bool) -> Drawn {
    if (zb - za).abs() < size::TICK + 4.0 {
        return Ok(());
    }
    let f = Font::regular(size::TICK, theme::MUTED);
    let cy = if up { za.min(zb) + 6.0 } else { za.max(zb) - 6.0 };
    let shape = if up { Shape::TriangleUp } else { Shape::TriangleDown };
    marker(c, shape, x + 2.5, cy, 2.2, theme::MUTED)?;
    c.text_mid(better, x + 7.0, cy, f, Anchor::Start)
}
