//! Status mix across the portfolio: by group (one 100 % bar per division)
//! and over time (stacked columns per period).
//!
//! Both answer "where is the trouble?" at portfolio scale, where a row per
//! program no longer fits a page: the group mix shows which groups carry the
//! red and amber, the trend how the mix moved over the last periods. They use
//! the status bar's order (worst first, inactive last), fills and letters.

use super::canvas::{Anchor, Canvas, Drawn};
use super::parts::{Legend, Mark, status_cell};
use super::status::{ORDER, segment_widths_with_floor, status_count, sum, tally};
use super::text::{Font, clean, wrap_two};
use super::theme::{self, size, space, stroke};
use super::{Chart, Rag, alt_clauses, alt_label, alt_list, no_data, render, size_or, status_mix};
use crate::locale::Locale;

/// One group's programs by status (a status may repeat: counts add up).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMix {
    /// The group's name (a division, a region), left of its bar.
    pub name: String,
    /// Programs of the group by status.
    pub counts: Vec<(Rag, usize)>,
}

/// The portfolio's programs by status in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPeriod {
    /// The period with its year, e.g. "Jun 2026" (the year goes on a line of its own).
    pub label: String,
    /// Programs by status in that period (only programs that existed then).
    pub counts: Vec<(Rag, usize)>,
}

const ROW_ONE_LINE: f64 = 13.0;
const ROW_TWO_LINES: f64 = 21.0;
const BAR_H: f64 = 10.0;
const LINE_H: f64 = 9.0;
const HEAD_H: f64 = 12.0;
const SEG_GAP: f64 = 1.0;
const SEG_FLOOR: f64 = 9.0;
/// Most periods the trend shows; older ones are left out.
pub(crate) const TREND_PERIODS: usize = 12;

fn label_font() -> Font {
    Font::regular(size::LABEL, theme::TEXT)
}

fn tick_font() -> Font {
    Font::regular(size::TICK, theme::MUTED)
}

/// One horizontal 100 % bar per group, in the order given, with the group's
/// name on the left (on two lines when long) and its total on the right.
pub fn group_mix(loc: &Locale, groups: &[GroupMix], width_pt: f64) -> Chart {
    let name = "group-mix";
    let w = size_or(width_pt, 360.0);
    let rows: Vec<(String, [usize; 7])> = groups.iter().map(|g| (clean(&g.name), tally(&g.counts))).collect();
    let alt = group_alt(loc, &rows);
    if rows.iter().all(|(_, n)| sum(n) == 0) {
        return no_data(loc, name, w, 40.0, alt);
    }
    let layout = GroupLayout::new(loc, &rows, w);
    let h = HEAD_H + layout.rows_h() + 6.0 + layout.legend.height();
    render(loc, name, w, h, alt, |c| {
        c.text(
            &loc.phrase("chart.programs", &[]),
            w,
            HEAD_H - 4.0,
            Font::regular(size::TICK, theme::MUTED),
            Anchor::End,
        )?;
        let mut y = HEAD_H;
        for ((_, n), lines) in rows.iter().zip(&layout.labels) {
            let row_h = row_height(lines);
            layout.draw_row(c, n, lines, y + row_h / 2.0)?;
            y += row_h;
        }
        layout.legend.draw(c, 0.0, y + 6.0)
    })
}

/// Where the group mix puts its columns, and each group's label lines.
struct GroupLayout<'a> {
    loc: &'a Locale,
    labels: Vec<Vec<String>>,
    bar_x0: f64,
    bar_x1: f64,
    width: f64,
    legend: Legend,
}

impl<'a> GroupLayout<'a> {
    fn new(loc: &'a Locale, rows: &[(String, [usize; 7])], w: f64) -> GroupLayout<'a> {
        let f = label_font();
        let widest = rows.iter().map(|(l, _)| f.width(l)).fold(0.0, f64::max);
        // Names take what they need up to 38 % of the width; longer ones wrap.
        let label_w = widest.min(w * 0.38).max(1.0);
        let totals_w = rows.iter().map(|(_, n)| f.width(&loc.count(sum(n)))).fold(0.0, f64::max);
        let labels = rows.iter().map(|(l, _)| wrap_two(&alt_label(loc, l), f, label_w)).collect();
        let mut all = [0usize; 7];
        for (_, n) in rows {
            for (a, b) in all.iter_mut().zip(n) {
                *a = a.saturating_add(*b);
            }
        }
        let items = ORDER
            .iter()
            .zip(all)
            .filter(|(_, c)| *c > 0)
            .map(|(r, c)| (Mark::Status(*r), status_count(loc, *r, loc.count(c))))
            .collect();
        GroupLayout {
            loc,
            labels,
            bar_x0: label_w + space::PAD,
            bar_x1: w - totals_w - space::PAD,
            width: w,
            legend: Legend::new(loc, items, w),
        }
    }

    fn rows_h(&self) -> f64 {
        self.labels.iter().map(|l| row_height(l)).sum()
    }

    /// One group: its name, its bar (segments lettered where they fit), its total.
    fn draw_row(&self, c: &mut Canvas, n: &[usize; 7], lines: &[String], cy: f64) -> Drawn {
        let f = label_font();
        let first = cy - (lines.len() as f64 - 1.0) * LINE_H / 2.0;
        for (i, line) in lines.iter().enumerate() {
            c.text_mid(line, 0.0, first + i as f64 * LINE_H, f, Anchor::Start)?;
        }
        let total = sum(n);
        c.text_mid(&self.loc.count(total), self.width, cy, f, Anchor::End)?;
        if total == 0 {
            return c.text_mid(&self.loc.phrase("status.mix-none", &[]), self.bar_x0, cy, tick_font(), Anchor::Start);
        }
        let segs: Vec<(Rag, usize)> = ORDER.iter().zip(*n).filter(|(_, c)| *c > 0).map(|(r, c)| (*r, c)).collect();
        let widths = segment_widths_with_floor(&segs, self.bar_x1 - self.bar_x0, SEG_FLOOR);
        let mut x = self.bar_x0;
        for (&(rag, k), seg_w) in segs.iter().zip(widths) {
            let x1 = x + seg_w - SEG_GAP;
            status_cell(c, rag, (x, cy - BAR_H / 2.0, x1, cy + BAR_H / 2.0), None)?;
            segment_label(c, self.loc, rag, k, (x, x1), cy)?;
            x += seg_w;
        }
        Ok(())
    }
}

fn row_height(lines: &[String]) -> f64 {
    if lines.len() > 1 { ROW_TWO_LINES } else { ROW_ONE_LINE }
}

/// "R 3" inside a segment, or just "R" when the count does not fit.
fn segment_label(c: &mut Canvas, loc: &Locale, rag: Rag, k: usize, (x0, x1): (f64, f64), cy: f64) -> Drawn {
    let f = Font::bold(size::CELL, theme::on_fill(rag));
    let letter = rag.letter_in(loc);
    // "– 1" would read as minus one: no data shows its dash alone.
    let long = if rag == Rag::NoData { String::new() } else { format!("{letter} {}", loc.count(k)) };
    let label = [long.as_str(), letter.as_str()]
        .into_iter()
        .find(|l| !l.is_empty() && f.width(l) + 3.0 <= x1 - x0)
        .unwrap_or("");
    c.text_mid(label, (x0 + x1) / 2.0, cy, f, Anchor::Middle)
}

/// "3 red, 4 amber, 11 green" for the statuses that occur.
fn mix_words(loc: &Locale, n: &[usize; 7]) -> String {
    let parts: Vec<String> =
        ORDER.iter().zip(n).filter(|(_, c)| **c > 0).map(|(r, c)| status_mix(loc, *c, *r)).collect();
    if parts.is_empty() { loc.phrase("chart.alt.none", &[]) } else { alt_list(loc, &parts) }
}

/// " Payments: 8 programs, 2 red, 6 green." for a group or a period.
fn mix_row(loc: &Locale, label: &str, n: &[usize; 7]) -> String {
    let programs = loc.counted("chart.alt.programs", sum(n), &[]);
    loc.phrase("chart.alt.mix-row", &[("label", label), ("programs", &programs), ("mix", &mix_words(loc, n))])
}

/// "Status mix of 3 groups, 24 programs in all. Payments: 8 programs, 2 red, ..."
fn group_alt(loc: &Locale, rows: &[(String, [usize; 7])]) -> String {
    let total: usize = rows.iter().map(|(_, n)| sum(n)).fold(0, usize::saturating_add);
    if total == 0 {
        return loc.phrase("chart.alt.mix-none", &[]);
    }
    let groups = loc.counted("chart.alt.groups", rows.len(), &[]);
    let programs = loc.counted("chart.alt.programs", total, &[]);
    let mut s = loc.phrase("chart.alt.mix", &[("groups", &groups), ("programs", &programs)]);
    for (label, n) in rows {
        s.push_str(&mix_row(loc, &alt_label(loc, label), n));
    }
    s
}

/// Stacked columns of programs by status per period, oldest left (the last
/// `TREND_PERIODS` (12) periods when given more), worst status at the bottom.
pub fn status_trend(loc: &Locale, periods: &[TrendPeriod], width_pt: f64, height_pt: f64) -> Chart {
    let name = "status-trend";
    let (w, h) = (size_or(width_pt, 360.0), size_or(height_pt, 150.0));
    let periods = &periods[periods.len().saturating_sub(TREND_PERIODS)..];
    let cols: Vec<(String, [usize; 7])> = periods.iter().map(|p| (clean(&p.label), tally(&p.counts))).collect();
    let alt = trend_alt(loc, &cols);
    let top = cols.iter().map(|(_, n)| sum(n)).max().unwrap_or(0);
    if top == 0 {
        return no_data(loc, name, w, 40.0, alt);
    }
    let mut all = [false; 7];
    cols.iter().for_each(|(_, n)| n.iter().zip(all.iter_mut()).for_each(|(c, a)| *a |= *c > 0));
    let mut items: Vec<(Mark, String)> =
        ORDER.iter().zip(all).filter(|(_, a)| *a).map(|(r, _)| (Mark::Status(*r), r.label_in(loc))).collect();
    items.push((Mark::Note, loc.phrase("chart.trend-height", &[])));
    let legend = Legend::new(loc, items, w);
    render(loc, name, w, h, alt, |c| {
        let plot = TrendPlot::new(loc, &cols, top, w, h - legend.height() - 4.0);
        plot.draw(c, &cols)?;
        legend.draw(c, 0.0, h - legend.height())
    })
}

/// The trend's plot area, y scale and period label spacing.
struct TrendPlot<'a> {
    loc: &'a Locale,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    /// Top of the y scale (a multiple of `step`) and the tick step.
    top: usize,
    step: usize,
    /// Label every `stride`-th period (counted from the newest).
    stride: usize,
    years: bool,
}

impl<'a> TrendPlot<'a> {
    fn new(loc: &'a Locale, cols: &[(String, [usize; 7])], max: usize, w: f64, bottom: f64) -> TrendPlot<'a> {
        let f = tick_font();
        let years = cols.iter().any(|(l, _)| split_label(l).1.is_some());
        let y1 = bottom - if years { 2.0 * LINE_H } else { LINE_H } - 3.0;
        let y0 = size::TICK + 4.0;
        let max_ticks = (((y1 - y0) / 18.0).floor() as usize).clamp(1, 5);
        let step = nice_step(max, max_ticks);
        let top = max.div_ceil(step).max(1) * step;
        let x0 = f.width(&loc.count(top)) + space::PAD;
        let slot = (w - x0) / cols.len().max(1) as f64;
        let widest = cols
            .iter()
            .map(|(l, _)| {
                let (a, b) = split_label(l);
                f.width(a).max(b.map_or(0.0, |b| f.width(b)))
            })
            .fold(0.0, f64::max);
        let stride = (1..=cols.len().max(1)).find(|k| slot * *k as f64 >= widest + 4.0).unwrap_or(cols.len().max(1));
        TrendPlot { loc, x0, x1: w, y0, y1, top, step, stride, years }
    }

    fn y(&self, v: usize) -> f64 {
        self.y1 - (self.y1 - self.y0) * v as f64 / self.top as f64
    }

    fn draw(&self, c: &mut Canvas, cols: &[(String, [usize; 7])]) -> Drawn {
        let f = tick_font();
        for v in (0..=self.top).step_by(self.step) {
            let y = self.y(v);
            c.line(self.x0, y, self.x1, y, if v == 0 { theme::AXIS } else { theme::GRID }, stroke::HAIR)?;
            c.text_mid(&self.loc.count(v), self.x0 - space::PAD, y, f, Anchor::End)?;
        }
        let slot = (self.x1 - self.x0) / cols.len().max(1) as f64;
        let bar_w = (slot * 0.62).min(44.0);
        for (i, (label, n)) in cols.iter().enumerate() {
            let cx = self.x0 + slot * (i as f64 + 0.5);
            self.draw_column(c, n, cx - bar_w / 2.0, cx + bar_w / 2.0)?;
            if (cols.len() - 1 - i).is_multiple_of(self.stride) {
                let (month, year) = split_label(label);
                c.text(month, cx, self.y1 + LINE_H, f, Anchor::Middle)?;
                if let (Some(year), true) = (year, self.years) {
                    c.text(year, cx, self.y1 + 2.0 * LINE_H, f, Anchor::Middle)?;
                }
            }
        }
        Ok(())
    }

    /// One period: statuses stacked from the worst at the bottom, total on top.
    fn draw_column(&self, c: &mut Canvas, n: &[usize; 7], x0: f64, x1: f64) -> Drawn {
        let mut below = 0usize;
        for (&rag, &k) in ORDER.iter().zip(n).filter(|(_, k)| **k > 0) {
            let (yb, yt) = (self.y(below), self.y(below + k));
            status_cell(c, rag, (x0, yt, x1, yb - 0.5), None)?;
            if yb - yt >= size::CELL + 2.0 {
                segment_label(c, self.loc, rag, k, (x0, x1), (yt + yb) / 2.0)?;
            }
            below += k;
        }
        c.text(&self.loc.count(below), (x0 + x1) / 2.0, self.y(below) - 2.5, tick_font(), Anchor::Middle)
    }
}

/// "Jun 2026" as ("Jun", Some("2026")): the year goes on its own line.
fn split_label(label: &str) -> (&str, Option<&str>) {
    match label.rsplit_once(' ') {
        Some((a, b)) if !a.is_empty() => (a, Some(b)),
        _ => (label, None),
    }
}

/// The smallest whole step of 1, 2 or 5 x 10^k (or 2.5 x 10^k from 25 up)
/// that covers `max` in at most `max_ticks` steps.
fn nice_step(max: usize, max_ticks: usize) -> usize {
    let mut mag = 1usize;
    loop {
        for m in [1, 2, 5].iter().map(|m| m * mag).chain((mag >= 10).then_some(mag * 5 / 2)) {
            if max.div_ceil(m) <= max_ticks {
                return m;
            }
        }
        match mag.checked_mul(10) {
            Some(next) => mag = next,
            None => return usize::MAX / 2,
        }
    }
}

/// "Status trend over 12 periods, Jan 2026 to Dec 2026. Red 2 in Jan 2026, 5 in Dec 2026. Jan 2026: ..."
fn trend_alt(loc: &Locale, cols: &[(String, [usize; 7])]) -> String {
    let (Some((first, n0)), Some((last, n1))) = (cols.first(), cols.last()) else {
        return loc.phrase("chart.alt.trend-no-periods", &[]);
    };
    if cols.iter().all(|(_, n)| sum(n) == 0) {
        return loc.phrase("chart.alt.trend-none", &[]);
    }
    let periods = loc.counted("chart.alt.periods", cols.len(), &[]);
    let mut s = if cols.len() > 1 {
        let moved: Vec<String> = [Rag::Red, Rag::Amber]
            .iter()
            .map(|r| ORDER.iter().position(|o| o == r).unwrap_or(0))
            .map(|i| {
                let (status, from_n, to_n) = (ORDER[i].label_in(loc), loc.count(n0[i]), loc.count(n1[i]));
                let (first, last) = (first.as_str(), last.as_str());
                let args = [
                    ("status", status.as_str()),
                    ("from_n", &from_n),
                    ("to_n", &to_n),
                    ("first", first),
                    ("last", last),
                ];
                loc.phrase("chart.alt.trend-move", &args)
            })
            .collect();
        let moves = alt_clauses(loc, &moved);
        let args =
            [("periods", periods.as_str()), ("first", first.as_str()), ("last", last.as_str()), ("moves", &moves)];
        loc.phrase("chart.alt.trend", &args)
    } else {
        loc.phrase("chart.alt.trend-single", &[("periods", &periods)])
    };
    for (label, n) in cols {
        s.push_str(&mix_row(loc, label, n));
    }
    s
}
