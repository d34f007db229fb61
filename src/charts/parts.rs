//! Pieces shared by several charts: status cells and the horizontal legend.
//!
//! plotters' own legend is a vertical box that can cover data, so legends
//! are laid out here from measured label widths and wrap when they must.

use super::Rag;
use super::canvas::{Anchor, Canvas, Drawn};
use super::text::Font;
use super::theme::{self, Rgb, size, stroke};
use crate::locale::Locale;

/// A status cell: fill, letter (so status never rests on colour alone) and,
/// for "no data", a hairline frame so the pale cell still reads as a cell.
pub(super) fn status_cell(
    c: &mut Canvas,
    rag: Rag,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    letter: Option<&str>,
) -> Drawn {
    c.rect(x0, y0, x1, y1, theme::fill(rag))?;
    if rag == Rag::NoData {
        c.frame(x0, y0, x1, y1, theme::GRID, stroke::HAIR)?;
    }
    let font = Font::bold(size::CELL, theme::on_fill(rag));
    if let Some(l) = letter.filter(|l| font.width(l) + 2.0 <= x1 - x0 && size::CELL <= y1 - y0) {
        c.text_mid(l, (x0 + x1) / 2.0, (y0 + y1) / 2.0, font, Anchor::Middle)?;
    }
    Ok(())
}

/// Marker shapes: status in the timeline is shape plus colour.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    Circle,
    Diamond,
    Square,
    TriangleUp,
    TriangleDown,
}

/// A filled marker of `shape` centred on (cx, cy); `r` is the radius of the
/// circle, and the other shapes are scaled to the same visual weight.
pub(super) fn marker(c: &mut Canvas, shape: Shape, cx: f64, cy: f64, r: f64, fill: Rgb) -> Drawn {
    match shape {
        Shape::Circle => c.circle(cx, cy, r, fill),
        Shape::Diamond => {
            let r = r * 1.25;
            c.polygon(&[(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill)
        }
        Shape::Square => {
            let r = r * 0.88;
            c.rect(cx - r, cy - r, cx + r, cy + r, fill)
        }
        Shape::TriangleUp => {
            let r = r * 1.2;
            c.polygon(&[(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)], fill)
        }
        Shape::TriangleDown => {
            let r = r * 1.2;
            c.polygon(&[(cx - r, cy - r * 0.8), (cx + r, cy - r * 0.8), (cx, cy + r)], fill)
        }
    }
}

/// A hollow diamond (the timeline's baseline date).
pub(super) fn hollow_diamond(c: &mut Canvas, cx: f64, cy: f64, r: f64, col: Rgb, w: f64) -> Drawn {
    let r = r * 1.25;
    let pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy), (cx, cy - r)];
    c.polyline(&pts, col, w)
}

/// What a legend entry shows before its label.
#[derive(Clone, Copy, Debug)]
pub(super) enum Mark {
    /// A status chip with its letter.
    Status(Rag),
    /// A plain colour swatch (heat-map bands).
    Swatch(Rgb),
    /// A filled marker shape (timeline).
    Shape(Shape, Rgb),
    /// A hollow diamond (timeline baseline).
    Hollow(Rgb),
    /// A short dashed line (as-of, target).
    Dash(Rgb),
    /// No mark: a note such as "Bold label: critical".
    Note,
}

const CHIP: f64 = 9.0;
const GAP_MARK: f64 = 3.0;
const GAP_ITEM: f64 = 10.0;
/// Height of one legend line.
pub(super) const LINE: f64 = 12.0;

/// A legend laid out for a given width.
pub(super) struct Legend {
    /// Each item with its status letter (empty for other marks), place and line.
    items: Vec<(Mark, String, String, f64, usize)>,
    /// Number of lines after wrapping.
    pub(crate) lines: usize,
    /// Width of the widest line.
    pub(crate) width: f64,
}

fn font() -> Font {
    Font::regular(size::TICK, theme::TEXT)
}

impl Legend {
    /// Lays out `items` left to right, wrapping at `max_w`.
    pub(super) fn new(loc: &Locale, items: Vec<(Mark, String)>, max_w: f64) -> Legend {
        let f = font();
        let mut placed = Vec::with_capacity(items.len());
        let (mut x, mut line, mut width) = (0.0_f64, 0usize, 0.0_f64);
        for (mark, label) in items {
            let label = f.fit(&label, (max_w - CHIP - GAP_MARK).max(0.0)).into_owned();
            let mark_w = if matches!(mark, Mark::Note) { 0.0 } else { CHIP + GAP_MARK };
            let w = mark_w + f.width(&label);
            if x > 0.0 && x + w > max_w {
                line += 1;
                x = 0.0;
            }
            let letter = match mark {
                Mark::Status(rag) => rag.letter_in(loc),
                _ => String::new(),
            };
            placed.push((mark, label, letter, x, line));
            width = width.max(x + w);
            x += w + GAP_ITEM;
        }
        let lines = if placed.is_empty() { 0 } else { line + 1 };
        Legend { items: placed, lines, width }
    }

    /// Height in points.
    pub(super) fn height(&self) -> f64 {
        self.lines as f64 * LINE
    }

    /// Draws with the first line's top-left at (x0, y0).
    pub(super) fn draw(&self, c: &mut Canvas, x0: f64, y0: f64) -> Drawn {
        let f = font();
        for (mark, label, letter, x, line) in &self.items {
            let (x, cy) = (x0 + x, y0 + *line as f64 * LINE + LINE / 2.0);
            let (mx, r) = (x + CHIP / 2.0, CHIP / 2.0);
            match *mark {
                Mark::Status(rag) => status_cell(c, rag, (x, cy - r, x + CHIP, cy + r), Some(letter))?,
                Mark::Swatch(col) => c.rect(x, cy - r, x + CHIP, cy + r, col)?,
                Mark::Shape(shape, col) => marker(c, shape, mx, cy, 3.0, col)?,
                Mark::Hollow(col) => hollow_diamond(c, mx, cy, 3.0, col, stroke::THIN)?,
                Mark::Dash(col) => c.dashed((mx, cy - r), (mx, cy + r), col, stroke::THIN, 1.5)?,
                Mark::Note => {
                    c.text_mid(label, x, cy, f, Anchor::Start)?;
                    continue;
                }
            }
            c.text_mid(label, x + CHIP + GAP_MARK, cy, f, Anchor::Start)?;
        }
        Ok(())
    }
}

/// Legend entries for the statuses that occur, in theme order.
pub(super) fn status_items(loc: &Locale, present: impl Fn(Rag) -> bool) -> Vec<(Mark, String)> {
    Rag::ALL.iter().filter(|r| present(**r)).map(|r| (Mark::Status(*r), r.label_in(loc))).collect()
}
