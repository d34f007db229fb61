//! Geometry of the status grid: label and cell widths, header rotation,
//! rows per block, and whether rows snake into side-by-side blocks.

use super::clamp;
use super::grid::Grid;
use super::text::Font;
use super::theme::{self, size, space};

pub(super) const ROW: f64 = space::GRID_ROW;
/// Space between side-by-side blocks.
pub(super) const GUTTER: f64 = 24.0;
/// Tallest rotated header.
pub(super) const HEAD_MAX: f64 = 64.0;

pub(super) fn label_font() -> Font {
    Font::regular(size::LABEL, theme::TEXT)
}

pub(super) fn head_font() -> Font {
    Font::regular(size::TICK, theme::MUTED)
}

/// Column geometry of one page layout.
pub(super) struct Layout {
    /// Side-by-side blocks of rows per page (1 to 4).
    pub(crate) blocks: usize,
    pub(crate) label_w: f64,
    pub(crate) cell_w: f64,
    /// Columns per chart; fewer than all means chunks (or only the latest).
    pub(crate) per_chunk: usize,
    pub(crate) head_h: f64,
    pub(crate) rotate: bool,
    pub(crate) rows_per_block: usize,
    /// Width of the note column after the cells (0 when there are none).
    pub(crate) note_w: f64,
}

impl Layout {
    /// The layout for `g`, given the height taken by the legend; `None`
    /// only when there is nothing to lay out.
    pub(super) fn plan(g: &Grid, fixed_h: f64) -> Option<Layout> {
        let w = g.width;
        let ncols = g.columns.len().max(1);
        let note_font = Font::bold(size::TICK, theme::INK);
        let notes = g.rows.iter().filter_map(|r| r.note.as_ref());
        let note_w = notes.map(|n| note_font.width(&n.text) + 11.0).fold(0.0, f64::max);
        let note_w = if note_w > 0.0 { note_w.max(head_font().width(&g.note_head)) + space::PAD * 2.0 } else { 0.0 };
        // +2: labels are drawn 2 pt in from the block edge.
        let widest = g.rows.iter().map(|r| label_font().width(&r.label)).fold(40.0, f64::max);
        let label_nat = widest + space::PAD + 2.0;
        let widest_head = g.columns.iter().map(|c| head_font().width(c)).fold(0.0, f64::max);

        let layout_for = |blocks: usize| -> Option<Layout> {
            let avail = (w - (blocks - 1) as f64 * GUTTER) / blocks as f64;
            let share = if blocks > 1 { 0.55 } else { 0.4 };
            let label_w = clamp(label_nat, (avail * 0.3).min(60.0), (avail * share).min(220.0));
            let cells_w = avail - label_w - note_w;
            let per_chunk = ((cells_w / g.cell_min).floor() as usize).clamp(1, ncols);
            if blocks > 1 && (per_chunk < ncols || label_w < label_nat.min(100.0)) {
                return None; // snaking must not cost columns or legible labels
            }
            let cell_w = (cells_w / per_chunk as f64).min(g.cell_max).max(1.0);
            let rotate = widest_head + 4.0 > cell_w; // keep neighbours apart
            let head_h = if rotate { widest_head.min(HEAD_MAX) + 6.0 } else { 12.0 };
            let rows = ((space::PAGE_BLOCK - head_h - fixed_h) / ROW).floor() as usize;
            let rows_per_block = rows.max(1);
            Some(Layout { blocks, label_w, cell_w, per_chunk, head_h, rotate, rows_per_block, note_w })
        };
        match layout_for(1) {
            // Too many rows for one block: snake into as many blocks as fit.
            Some(l) if g.rows.len() > l.rows_per_block => Some((2..=4).rev().find_map(layout_for).unwrap_or(l)),
            other => other,
        }
    }
}
