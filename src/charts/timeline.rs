//! Milestone timeline: baseline vs forecast per milestone, with the slip.
//!
//! One row per milestone. The baseline (due) date is a hollow diamond; the
//! forecast or done date carries the status marker, and an arrow from one to
//! the other shows the slip, labelled in days ("the size of a slip matters
//! more than its existence"). Status is shape plus colour: diamond on track,
//! triangle slipped, square overdue, circle done. A dashed line marks the
//! as-of date. Critical milestones have bold labels.

use super::axis::{Linear, date_ticks, day};
use super::canvas::{Anchor, Canvas, Drawn};
use super::milestones::{Row, State, alt_text, look, row, state_label};
use super::parts::{Legend, Mark, hollow_diamond, marker};
use super::text::{Font, wrap_lines, wrap_note};
use super::theme::{self, Rgb, size, space, stroke};
use super::{Chart, clamp, no_data, render, size_or};
use crate::locale::Locale;
use chrono::NaiveDate;

/// One milestone, with the state and slip the model derived for it.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    /// The milestone's title.
    pub label: String,
    /// Baseline date.
    pub due: NaiveDate,
    /// The date now expected, when it differs from the baseline.
    pub forecast: Option<NaiveDate>,
    /// The date it was done.
    pub done: Option<NaiveDate>,
    /// On the critical path: drawn bold.
    pub critical: bool,
    /// Done, on track, late or missed, as the model derived it.
    pub state: crate::model::derive::MilestoneState,
    /// Expected (or done) date minus the baseline, in days; positive is late.
    pub slip_days: i64,
    /// The words beside the marker, as every page writes them.
    pub note: String,
}

impl TimelineItem {
    /// An item whose state and slip are derived from its dates as of a day
    /// (by the model's rules).
    pub(crate) fn derived(
        loc: &Locale,
        label: &str,
        dates: crate::model::derive::MilestoneDates,
        critical: bool,
        as_of: NaiveDate,
    ) -> Option<Self> {
        let state = crate::model::derive::state_of(&dates, as_of);
        Some(TimelineItem {
            label: label.to_string(),
            due: dates.due?,
            forecast: dates.forecast,
            done: dates.done,
            critical,
            state,
            slip_days: dates.slip_days().unwrap_or(0),
            note: crate::format::milestone::wording_in(loc, &dates, state, as_of).note,
        })
    }
}

/// Rows drawn at most; the rest are counted in a note and listed in alt.
const MAX_ROWS: usize = 24;
/// Height of a row of one or two lines; rows with more lines grow.
const ROW: f64 = space::TIMELINE_ROW;
const TOP: f64 = 13.0;
const R: f64 = 3.6;
/// Line spacing of a milestone name or note of several lines in its row.
const LINE: f64 = 8.5;
/// Lines a milestone name may take before it is shortened.
const NAME_LINES: usize = 3;

/// Baseline vs forecast for each milestone, as of `as_of`.
pub fn milestone_timeline(loc: &Locale, items: &[TimelineItem], as_of: NaiveDate, width_pt: f64) -> Chart {
    let name = "milestone-timeline";
    let w = size_or(width_pt, 740.0);
    let rows: Vec<Row> = items.iter().map(row).collect();
    let alt = alt_text(loc, &rows, as_of);
    if rows.is_empty() {
        return no_data(loc, name, w, 40.0, alt);
    }
    let shown = rows.len().min(MAX_ROWS);
    let more = rows.len() - shown;
    let label_w = rows[..shown].iter().map(|r| name_font(r).width(&r.label)).fold(0.0, f64::max);
    // Up to 40 % of the width for names (on more lines when longer): the
    // dates rarely need more than the rest.
    let label_w = clamp(label_w + space::PAD * 2.0, 60.0, w * 0.4);
    let (x0, x1) = (label_w + 6.0, w - 6.0);
    let dates = rows.iter().flat_map(|r| [Some(r.item.due), r.item.forecast, r.item.done]).flatten();
    let (lo, hi) = dates.chain([as_of]).fold((as_of, as_of), |(a, b), d| (a.min(d), b.max(d)));
    let span = day(hi) - day(lo);
    let pad = if span > 0.0 { span * 0.04 } else { 15.0 };
    let scale = Linear { d0: day(lo) - pad, d1: day(hi) + pad, r0: x0, r1: x1 };
    let tick_font = Font::regular(size::TICK, theme::MUTED);
    let ticks = date_ticks(loc, lo, hi, x1 - x0, tick_font);
    let legend = Legend::new(loc, legend_items(loc, &rows), w);
    let frame = Frame { scale: &scale, label_w, w, as_of };
    let laid: Vec<RowLayout> = rows[..shown].iter().map(|r| lay_out_row(r, &frame)).collect();
    let body = laid.iter().map(|l| l.height).sum::<f64>() + if more > 0 { ROW } else { 0.0 };
    let h = TOP + body + 16.0 + legend.height();

    render(loc, name, w, h, alt, |c| {
        let bottom = TOP + body;
        let mut top = TOP;
        for (i, l) in laid.iter().enumerate() {
            if i % 2 == 1 {
                c.rect(0.0, top, w, top + l.height, theme::FAINT)?;
            }
            top += l.height;
        }
        for (d, label) in &ticks {
            let x = scale.map(day(*d));
            c.line(x, TOP, x, bottom, theme::GRID, stroke::HAIR)?;
            let half = tick_font.width(label) / 2.0;
            c.text(label, clamp(x, half, w - half), bottom + 10.0, tick_font, Anchor::Middle)?;
        }
        c.line(x0, bottom, x1, bottom, theme::AXIS, stroke::HAIR)?;
        // The as-of line goes under the markers.
        let ax = scale.map(day(as_of));
        c.dashed((ax, TOP - 2.0), (ax, bottom), theme::INK, stroke::THIN, 2.0)?;
        let mut top = TOP;
        for (i, (r, l)) in rows[..shown].iter().zip(&laid).enumerate() {
            let band = if i % 2 == 1 { theme::FAINT } else { theme::WHITE };
            draw_row(c, r, l, top + l.height / 2.0, band, &frame)?;
            top += l.height;
        }
        if more > 0 {
            let note = loc.counted("chart.more-milestones", more, &[]);
            c.text_mid(&note, space::PAD, top + ROW / 2.0, tick_font, Anchor::Start)?;
        }
        let f = Font::bold(size::TICK, theme::INK);
        let label = loc.phrase("chart.as-of-date", &[("date", &loc.date(as_of))]);
        let half = f.width(&label) / 2.0;
        c.text(&label, clamp(ax, x0 + half, w - half), TOP - 4.0, f, Anchor::Middle)?;
        legend.draw(c, 0.0, bottom + 15.0)
    })
}

/// The legend: every state, the baseline, the as-of line, and what bold means.
fn legend_items(loc: &Locale, rows: &[Row]) -> Vec<(Mark, String)> {
    let mut items: Vec<(Mark, String)> = [State::OnTrack, State::AtRisk, State::Overdue, State::Done]
        .iter()
        .map(|s| {
            let (shape, rag, _) = look(*s);
            (Mark::Shape(shape, theme::fill(rag)), state_label(loc, *s))
        })
        .collect();
    items.push((Mark::Hollow(theme::MUTED), loc.phrase("chart.baseline", &[])));
    items.push((Mark::Dash(theme::INK), loc.phrase("chart.as-of", &[])));
    if rows.iter().any(|r| r.item.critical) {
        items.push((Mark::Note, loc.phrase("chart.critical-note", &[])));
    }
    items
}

fn label_font() -> Font {
    Font::regular(size::LABEL, theme::TEXT)
}

/// A milestone's name: bold and darker on the critical path.
fn name_font(r: &Row) -> Font {
    Font { bold: r.item.critical, color: if r.item.critical { theme::INK } else { theme::TEXT }, ..label_font() }
}

/// The note beside the marker: bold when the slip is the news.
fn note_font(r: &Row) -> Font {
    if r.state == State::Overdue || (r.item.critical && r.slip > 0) {
        Font::bold(size::TICK, theme::INK)
    } else {
        Font::regular(size::TICK, theme::MUTED)
    }
}

/// What every row is drawn against.
struct Frame<'a> {
    scale: &'a Linear,
    label_w: f64,
    w: f64,
    as_of: NaiveDate,
}

/// A row's words, placed before anything is drawn, and the height they take.
struct RowLayout {
    name: Vec<String>,
    note: NotePlace,
    height: f64,
}

/// Lines for the name and the note, and a row tall enough for the more of them.
fn lay_out_row(r: &Row, at: &Frame<'_>) -> RowLayout {
    let name = wrap_lines(&r.label, name_font(r), at.label_w - space::PAD * 2.0, NAME_LINES);
    let s = at.scale;
    let (kx, bx) = (s.map(day(r.key)), s.map(day(r.item.due)));
    let marks = (kx.min(bx) - R - 3.0, kx.max(bx) + R + 3.0);
    // Between the baseline and the marker, over the slip arrow, as a last resort.
    let gap = (r.slip != 0).then(|| (bx.min(kx) + R + 3.0, bx.max(kx) - R - 3.0));
    let note = place_note(&r.item.note, note_font(r), marks, (s.r0 - 4.0, at.w), gap, s.map(day(at.as_of)));
    let lines = name.len().max(note.lines.len()) as f64;
    RowLayout { name, note, height: ROW.max(lines * LINE + 1.0) }
}

/// Lines of `n` centred on `cy`, `LINE` apart: the first line's centre.
fn first_line(cy: f64, n: usize) -> f64 {
    cy - (n as f64 - 1.0) * LINE / 2.0
}

fn draw_row(c: &mut Canvas<'_>, r: &Row, l: &RowLayout, cy: f64, band: Rgb, at: &Frame<'_>) -> Drawn {
    let lf = name_font(r);
    for (i, line) in l.name.iter().enumerate() {
        c.text_mid(line, space::PAD, first_line(cy, l.name.len()) + i as f64 * LINE, lf, Anchor::Start)?;
    }
    let (kx, bx) = (at.scale.map(day(r.key)), at.scale.map(day(r.item.due)));
    let (shape, rag, _) = look(r.state);
    if r.slip != 0 {
        // Hollow baseline, then a shaft to the marker and an arrowhead at it.
        hollow_diamond(c, bx, cy, R * 0.9, theme::MUTED, stroke::THIN)?;
        let dir = if kx >= bx { 1.0 } else { -1.0 };
        let tip = kx - dir * (R + 1.0);
        let tail = bx + dir * (R + 1.0);
        if (tip - tail) * dir > 3.0 {
            c.line(tail, cy, tip - dir * 2.5, cy, theme::MUTED, stroke::THIN)?;
            c.polygon(&[(tip, cy), (tip - dir * 3.0, cy - 2.0), (tip - dir * 3.0, cy + 2.0)], theme::MUTED)?;
        }
    }
    marker(c, shape, kx, cy, R, theme::fill(rag))?;
    draw_note(c, &l.note, note_font(r), cy, band)
}

fn draw_note(c: &mut Canvas<'_>, place: &NotePlace, nf: Font, cy: f64, band: Rgb) -> Drawn {
    for (i, line) in place.lines.iter().enumerate() {
        let y = first_line(cy, place.lines.len()) + i as f64 * LINE;
        // A note the as-of line runs through gets the row's colour behind it,
        // so the dashes never cut through its letters.
        if place.crosses {
            let (x0, x1) = match place.anchor {
                Anchor::End => (place.x - nf.width(line), place.x),
                _ => (place.x, place.x + nf.width(line)),
            };
            c.rect(x0 - 1.0, y - nf.size * 0.6, x1 + 1.0, y + nf.size * 0.6, band)?;
        }
        c.text_mid(line, place.x, y, nf, place.anchor)?;
    }
    Ok(())
}

/// Where a milestone's note goes.
struct NotePlace {
    lines: Vec<String>,
    x: f64,
    anchor: Anchor,
    /// The as-of line or the slip arrow runs through it: a halo goes behind.
    crosses: bool,
}

/// On one line right of the marks, unless that overflows or crosses the
/// as-of line while the left side is free of both; left of them (never
/// over the milestone's name) when the right has no room. A note that fits
/// one line on neither side is wrapped (dates and counts kept whole) on the
/// side that takes the fewest lines, the row growing to hold them; over the
/// slip arrow (`gap`, with a halo) when that takes fewer still; cut only
/// when not even a date fits anywhere.
fn place_note(
    note: &str,
    f: Font,
    (left, right): (f64, f64),
    (lo, hi): (f64, f64),
    gap: Option<(f64, f64)>,
    ax: f64,
) -> NotePlace {
    let crosses = |a: f64, b: f64| a < ax + 1.0 && ax - 1.0 < b;
    let nw = f.width(note);
    let (right_ok, left_ok) = (right + nw <= hi, left - nw >= lo);
    let one = || vec![note.to_string()];
    if right_ok && (!crosses(right, right + nw) || !left_ok || crosses(left - nw, left)) {
        return NotePlace { lines: one(), x: right, anchor: Anchor::Start, crosses: crosses(right, right + nw) };
    }
    if left_ok {
        return NotePlace { lines: one(), x: left, anchor: Anchor::End, crosses: crosses(left - nw, left) };
    }
    // (room, x, anchor, extra lines it costs): the arrow's gap hides the
    // arrow, so it counts two lines more and a side wins unless it takes
    // three lines more than the gap.
    let mut sides = vec![(hi - right, right, Anchor::Start, 0), (left - lo, left, Anchor::End, 0)];
    if let Some((g0, g1)) = gap {
        sides.push((g1 - g0 - 4.0, g1 - 2.0, Anchor::End, 2));
    }
    let wrapped = sides
        .iter()
        .filter_map(|&(room, x, anchor, cost)| wrap_note(note, f, room).map(|lines| (lines, x, anchor, cost)))
        .min_by_key(|(lines, .., cost)| lines.len() + cost);
    if let Some((lines, x, anchor, cost)) = wrapped {
        let lw = lines.iter().map(|l| f.width(l)).fold(0.0, f64::max);
        let span = if anchor == Anchor::End { (x - lw, x) } else { (x, x + lw) };
        return NotePlace { lines, x, anchor, crosses: cost > 0 || crosses(span.0, span.1) };
    }
    // Not even a date fits anywhere: the roomier side, each line fitted.
    let (room, x, anchor) =
        if hi - right >= left - lo { (hi - right, right, Anchor::Start) } else { (left - lo, left, Anchor::End) };
    let lines: Vec<String> = note.split(" · ").map(|l| f.fit(l, room.max(0.0)).into_owned()).collect();
    let crosses = match anchor {
        Anchor::End => crosses(left - room, left),
        _ => crosses(right, right + room),
    };
    NotePlace { lines, x, anchor, crosses }
}
