//! Portfolio status roll-up: one bar split by status, worst first.
//!
//! A single 100 % bar answers "where do we stand?" at a glance and prints well
//! (a donut needs trigonometry and wastes width). Active programs (red,
//! amber, green, no data) come first; unrated, complete and paused sit apart after a
//! gap, as the brief guide asks. Every segment keeps a minimum width so a
//! single red program among hundreds is still visible and lettered.

use super::canvas::Anchor;
use super::parts::{Legend, Mark};
use super::text::Font;
use super::theme::{self, size};
use super::{Chart, Rag, alt_list, no_data, render, size_or, status_mix};
use crate::locale::Locale;

/// Drawing order: worst first, inactive last.
pub(super) const ORDER: [Rag; 7] =
    [Rag::Red, Rag::Amber, Rag::Green, Rag::NoData, Rag::Unrated, Rag::Complete, Rag::Paused];
const CAPTION_H: f64 = 13.0;
const BAR_H: f64 = 26.0;
const GROUP_GAP: f64 = 8.0;
const SEG_GAP: f64 = 1.0;
const SEG_MIN: f64 = 16.0;

/// Portfolio roll-up by status (`counts` may repeat a status: they add up).
pub fn portfolio_status(loc: &Locale, counts: &[(Rag, usize)], width_pt: f64) -> Chart {
    let name = "portfolio-status";
    let w = size_or(width_pt, 360.0);
    let n = tally(counts);
    let total = sum(&n);
    let alt = alt_text(loc, &n, total);
    if total == 0 {
        return no_data(loc, name, w, 40.0, alt);
    }
    let active = n[..4].iter().fold(0usize, |a, b| a.saturating_add(*b));
    let segs: Vec<(Rag, usize)> = ORDER.iter().zip(n).filter(|(_, c)| *c > 0).map(|(r, c)| (*r, c)).collect();
    let split = active > 0 && active < total;
    let avail = w - if split { GROUP_GAP } else { 0.0 };
    let widths = segment_widths(&segs, avail);

    let legend_items = segs.iter().map(|&(rag, c)| (Mark::Status(rag), status_count(loc, rag, c))).collect();
    let legend = Legend::new(loc, legend_items, w);
    let h = CAPTION_H + BAR_H + 8.0 + legend.height();

    render(loc, name, w, h, alt, |c| {
        let cap = Font::regular(size::TICK, theme::MUTED);
        let active_cap = loc.counted("chart.active", active, &[]);
        let inactive_cap = loc.counted("chart.not-active", total.saturating_sub(active), &[]);
        let mut x = 0.0;
        let mut inactive_x = None;
        for (&(rag, count), seg_w) in segs.iter().zip(&widths) {
            if !rag.is_active() && inactive_x.is_none() {
                if split {
                    x += GROUP_GAP;
                }
                inactive_x = Some(x);
            }
            let (x0, x1) = (x, x + seg_w - SEG_GAP);
            super::parts::status_cell(c, rag, (x0, CAPTION_H, x1, CAPTION_H + BAR_H), None)?;
            let f = Font::bold(size::VALUE, theme::on_fill(rag));
            let letter = rag.letter_in(loc);
            let long = format!("{letter} {count}");
            let label =
                [long.as_str(), letter.as_str()].into_iter().find(|l| f.width(l) + 6.0 <= x1 - x0).unwrap_or("");
            c.text_mid(label, (x0 + x1) / 2.0, CAPTION_H + BAR_H / 2.0, f, Anchor::Middle)?;
            x += seg_w;
        }
        let base = CAPTION_H - 4.0;
        let active_w = cap.width(&active_cap);
        if active > 0 {
            c.text(&active_cap, 0.0, base, cap, Anchor::Start)?;
        }
        if let Some(ix) = inactive_x {
            // Right-aligned over the inactive group; dropped if it would collide.
            let left = w - cap.width(&inactive_cap);
            if active == 0 || left >= active_w + 8.0 {
                c.text(
                    &inactive_cap,
                    if active == 0 { ix } else { w },
                    base,
                    cap,
                    if active == 0 { Anchor::Start } else { Anchor::End },
                )?;
            }
        }
        legend.draw(c, 0.0, CAPTION_H + BAR_H + 6.0)
    })
}

/// A legend entry: "Green 3" (`n` as written, the caller groups its digits or not).
pub(super) fn status_count(loc: &Locale, rag: Rag, n: impl std::fmt::Display) -> String {
    loc.phrase("chart.status-count", &[("status", &rag.label_in(loc)), ("n", &n.to_string())])
}

/// Counts by status in [`ORDER`] (a status may repeat: its counts add up).
pub(super) fn tally(counts: &[(Rag, usize)]) -> [usize; ORDER.len()] {
    let mut n = [0usize; ORDER.len()];
    for &(rag, c) in counts {
        let i = ORDER.iter().position(|r| *r == rag).unwrap_or(3);
        n[i] = n[i].saturating_add(c);
    }
    n
}

/// The sum of counts, saturating.
pub(super) fn sum(n: &[usize]) -> usize {
    n.iter().fold(0usize, |a, b| a.saturating_add(*b))
}

/// Proportional widths with a floor, so small counts stay visible.
fn segment_widths(segs: &[(Rag, usize)], avail: f64) -> Vec<f64> {
    segment_widths_with_floor(segs, avail, SEG_MIN)
}

/// Proportional widths with at least `min` points each (less when even
/// that does not fit).
pub(super) fn segment_widths_with_floor(segs: &[(Rag, usize)], avail: f64, min: f64) -> Vec<f64> {
    let floor = min.min(avail / segs.len().max(1) as f64);
    let mut fixed = vec![false; segs.len()];
    let mut widths = vec![0.0; segs.len()];
    for _ in 0..=segs.len() {
        let free: f64 = avail - fixed.iter().filter(|f| **f).count() as f64 * floor;
        let free_count: f64 = segs.iter().zip(&fixed).filter(|(_, f)| !**f).map(|(s, _)| s.1 as f64).sum();
        let mut changed = false;
        for (i, &(_, c)) in segs.iter().enumerate() {
            widths[i] = if fixed[i] || free_count <= 0.0 { floor } else { free * c as f64 / free_count };
            if !fixed[i] && widths[i] < floor {
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    widths
}

/// "Portfolio status of 24 programs. 3 of 19 active programs are red, 4 amber, ..."
fn alt_text(loc: &Locale, n: &[usize; ORDER.len()], total: usize) -> String {
    if total == 0 {
        return loc.phrase("chart.alt.status-none", &[]);
    }
    let word = |r: Rag| if r == Rag::NoData { loc.phrase("chart.alt.without-data", &[]) } else { r.word_in(loc) };
    let active = n[..4].iter().fold(0usize, |a, b| a.saturating_add(*b));
    let mut s = loc.counted("chart.alt.status", total, &[]);
    let mut parts: Vec<String> = Vec::new();
    for (r, c) in ORDER[..4].iter().zip(n).filter(|(_, c)| **c > 0) {
        parts.push(if parts.is_empty() {
            let of = loc.counted("chart.alt.active-programs", active, &[]);
            loc.counted("chart.alt.status-first", *c, &[("active", &of), ("status", &word(*r))])
        } else {
            loc.phrase("status.mix", &[("n", &loc.count(*c)), ("status", &word(*r))])
        });
    }
    if !parts.is_empty() {
        s.push_str(&loc.phrase("chart.alt.status-active", &[("list", &alt_list(loc, &parts))]));
    }
    let inactive = total.saturating_sub(active);
    if inactive > 0 {
        let parts: Vec<String> =
            ORDER[4..].iter().zip(&n[4..]).filter(|(_, c)| **c > 0).map(|(r, c)| status_mix(loc, *c, *r)).collect();
        s.push_str(&loc.counted("chart.alt.status-inactive", inactive, &[("list", &alt_list(loc, &parts))]));
    }
    s
}
