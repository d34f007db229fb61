//! The labelled status grid behind the status history and the region matrix.
//!
//! Rows are programs, columns are periods or regions, cells are lettered
//! status fills. Long inputs stay readable: rows beyond one page-sized block
//! flow into side-by-side blocks ("snaking", when columns are few) and then
//! onto further pages (one [`Chart`] each); columns too many for the minimum
//! cell width are split into chunks. Header labels rotate when they do not
//! fit over their cell.

use super::canvas::{Anchor, Canvas, Drawn};
use super::grid_layout::{GUTTER, HEAD_MAX, Layout, ROW, head_font, label_font};
use super::parts::{Legend, Shape, marker, status_cell, status_items};
use super::text::Font;
use super::theme::{self, size, space};
use super::{Chart, Rag, render};
use crate::locale::Locale;
use std::ops::Range;

/// One grid row (label already cleaned; cells padded to the column count).
pub(super) struct GridRow {
    pub(crate) label: String,
    pub(crate) cells: Vec<Rag>,
    pub(crate) note: Option<Note>,
}

/// Text after the cells (the history's "worse"/"better" column).
pub(super) struct Note {
    pub(crate) shape: Option<Shape>,
    pub(crate) text: String,
    pub(crate) bold: bool,
}

/// What to draw.
pub(super) struct Grid<'a> {
    pub(crate) name: &'a str,
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<GridRow>,
    pub(crate) width: f64,
    pub(crate) cell_max: f64,
    pub(crate) cell_min: f64,
    pub(crate) note_head: String,
    /// The report's language, for the legend, the letters and "Rows … of …".
    pub(crate) loc: &'a Locale,
    /// When columns do not fit: keep the latest (rightmost) ones instead of
    /// splitting them into chunks (a status strip reads from the right).
    pub(crate) keep_latest: bool,
}

/// The rows and columns one chart (page) shows.
pub(super) struct Page {
    pub(crate) rows: Range<usize>,
    pub(crate) cols: Range<usize>,
}

/// Draws the grid as one or more page-sized charts; `alt` describes a page.
pub(super) fn render_grid(g: &Grid, alt: impl Fn(&Page) -> String) -> Vec<Chart> {
    let w = g.width;
    let ncols = g.columns.len().max(1);
    let present = |rag: Rag| g.rows.iter().any(|r| r.cells.contains(&rag));
    // Paged output puts "Rows 1–34 of 300" at the legend's right: keep the
    // legend clear of it (a page holds at least ~24 rows, so fewer never page).
    let n = g.rows.len();
    let rows_of = |from: usize, to: usize| {
        let (from, to, total) = (g.loc.count(from), g.loc.count(to), g.loc.count(n));
        g.loc.phrase("chart.rows", &[("from", &from), ("to", &to), ("total", &total)])
    };
    let rows_note = if n > 20 { head_font().width(&rows_of(n, n)) + 12.0 } else { 0.0 };
    let legend = Legend::new(g.loc, status_items(g.loc, present), w - rows_note);
    let fixed_h = 6.0 + legend.height();
    let Some(layout) = Layout::plan(g, fixed_h) else {
        return vec![];
    };
    let note_w = layout.note_w;

    let per_page = layout.rows_per_block * layout.blocks;
    let pages = g.rows.len().div_ceil(per_page).max(1);
    let (first_col, chunks) =
        if g.keep_latest { (ncols.saturating_sub(layout.per_chunk), 1) } else { (0, ncols.div_ceil(layout.per_chunk)) };
    let mut charts = Vec::with_capacity(pages * chunks);
    for chunk in 0..chunks {
        let start = first_col + chunk * layout.per_chunk;
        let cols = start..(start + layout.per_chunk).min(g.columns.len());
        for p in 0..pages {
            let rows = p * per_page..((p + 1) * per_page).min(g.rows.len());
            let page = Page { rows, cols: cols.clone() };
            let in_page = page.rows.len();
            let per_block = in_page.div_ceil(layout.blocks).max(1);
            let h = layout.head_h + per_block.min(in_page.max(1)) as f64 * ROW + fixed_h;
            let name = if charts.is_empty() { g.name.to_string() } else { format!("{}-{}", g.name, charts.len() + 1) };
            let note = (pages > 1).then(|| rows_of(page.rows.start + 1, page.rows.end));
            let chart = render(g.loc, &name, w, h, alt(&page), |c| {
                for (b, start) in (page.rows.start..page.rows.end).step_by(per_block).enumerate() {
                    let x0 = b as f64 * ((w - (layout.blocks - 1) as f64 * GUTTER) / layout.blocks as f64 + GUTTER);
                    let rows = start..(start + per_block).min(page.rows.end);
                    draw_block(c, g, &layout, x0, rows, &page.cols, note_w)?;
                }
                let ly = h - legend.height();
                legend.draw(c, 0.0, ly)?;
                if let Some(n) = &note {
                    let f = head_font();
                    c.text_mid(n, w, ly + super::parts::LINE / 2.0, f, Anchor::End)?;
                }
                Ok(())
            });
            charts.push(chart);
        }
    }
    charts
}

fn draw_block(
    c: &mut Canvas,
    g: &Grid,
    l: &Layout,
    x0: f64,
    rows: Range<usize>,
    cols: &Range<usize>,
    note_w: f64,
) -> Drawn {
    let hf = head_font();
    let cells_x = x0 + l.label_w;
    let note_x = cells_x + cols.len() as f64 * l.cell_w + space::PAD;
    for (j, col) in g.columns[cols.clone()].iter().enumerate() {
        let cx = cells_x + (j as f64 + 0.5) * l.cell_w;
        if l.rotate {
            let label = hf.fit(col, HEAD_MAX);
            c.text_up(&label, cx + hf.size * 0.365, l.head_h - 3.0, hf, Anchor::Start)?;
        } else {
            c.text(col, cx, l.head_h - 3.5, hf, Anchor::Middle)?;
        }
    }
    if note_w > 0.0 {
        c.text(&g.note_head, note_x, l.head_h - 3.5, hf, Anchor::Start)?;
    }
    let lf = label_font();
    let letters: Vec<String> = Rag::ALL.iter().map(|r| r.letter_in(g.loc)).collect();
    for (i, row) in g.rows[rows].iter().enumerate() {
        let y = l.head_h + i as f64 * ROW;
        if i % 2 == 1 {
            // Zebra under label and note only: the cells carry their own fill.
            c.rect(x0, y, cells_x, y + ROW, theme::FAINT)?;
            if note_w > 0.0 {
                c.rect(note_x - space::PAD, y, note_x + note_w - space::PAD, y + ROW, theme::FAINT)?;
            }
        }
        let label = lf.fit_name(&row.label, l.label_w - space::PAD - 2.0);
        c.text_mid(&label, x0 + 2.0, y + ROW / 2.0, lf, Anchor::Start)?;
        for (j, col) in cols.clone().enumerate() {
            let rag = row.cells.get(col).copied().unwrap_or(Rag::NoData);
            let x = cells_x + j as f64 * l.cell_w;
            let letter = Rag::ALL.iter().position(|r| *r == rag).map(|i| letters[i].as_str());
            status_cell(c, rag, (x + 0.5, y + 0.5, x + l.cell_w - 0.5, y + ROW - 0.5), letter)?;
        }
        if let Some(n) = &row.note {
            let mut tx = note_x;
            if let Some(shape) = n.shape {
                marker(c, shape, tx + 3.0, y + ROW / 2.0, 2.6, theme::INK)?;
                tx += 9.0;
            }
            let f = if n.bold { Font::bold(size::TICK, theme::INK) } else { Font::regular(size::TICK, theme::MUTED) };
            c.text_mid(&n.text, tx, y + ROW / 2.0, f, Anchor::Start)?;
        }
    }
    Ok(())
}

/// The programs an alt text of a page covers: "programs 1–34 of 300" when
/// the grid is paged, else "12 programs".
pub(super) fn programs_shown(g: &Grid, page: &Page) -> String {
    let loc = g.loc;
    if page.rows.len() < g.rows.len() {
        let (from, to, total) = (loc.count(page.rows.start + 1), loc.count(page.rows.end), loc.count(g.rows.len()));
        loc.phrase("chart.alt.programs-range", &[("from", &from), ("to", &to), ("total", &total)])
    } else {
        loc.counted("chart.alt.programs", page.rows.len(), &[])
    }
}
