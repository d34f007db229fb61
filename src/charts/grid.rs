//! The labelled status grid behind the status history and the region matrix.
//!
//! Rows are programs, columns are periods or regions, cells are lettered
//! status fills. Long inputs stay readable: rows beyond one page-sized block
//! flow into side-by-side blocks ("snaking", when columns are few) and then
//! onto further pages (one [`Chart`] each); columns too many for the minimum
//! cell width are split into chunks. Header labels rotate when they do not
//! fit over their cell.

use super::canvas::{Anchor, Canvas, Drawn, Font, Shape};
use super::parts::{Legend, status_cell, status_items};
use super::theme::{self, size, space};
use super::{Chart, Rag, clamp, render};
use std::ops::Range;

/// One grid row (label already cleaned; cells padded to the column count).
pub struct GridRow {
    pub label: String,
    pub cells: Vec<Rag>,
    pub note: Option<Note>,
}

/// Text after the cells (the history's "worse"/"better" column).
pub struct Note {
    pub shape: Option<Shape>,
    pub text: String,
    pub bold: bool,
}

/// What to draw.
pub struct Grid<'a> {
    pub name: &'a str,
    pub columns: Vec<String>,
    pub rows: Vec<GridRow>,
    pub width: f64,
    pub cell_max: f64,
    pub cell_min: f64,
    pub note_head: &'a str,
    /// When columns do not fit: keep the latest (rightmost) ones instead of
    /// splitting them into chunks (a status strip reads from the right).
    pub keep_latest: bool,
}

/// The rows and columns one chart (page) shows.
pub struct Page {
    pub rows: Range<usize>,
    pub cols: Range<usize>,
}

const ROW: f64 = space::GRID_ROW;
const GUTTER: f64 = 24.0;
const HEAD_MAX: f64 = 64.0;

fn label_font() -> Font {
    Font::regular(size::LABEL, theme::TEXT)
}
fn head_font() -> Font {
    Font::regular(size::TICK, theme::MUTED)
}

/// Column geometry of one block layout.
struct Layout {
    blocks: usize,
    label_w: f64,
    cell_w: f64,
    per_chunk: usize,
    head_h: f64,
    rotate: bool,
    rows_per_block: usize,
}

/// Draws the grid as one or more page-sized charts; `alt` describes a page.
pub fn render_grid(g: &Grid, alt: impl Fn(&Page) -> String) -> Vec<Chart> {
    let w = g.width;
    let ncols = g.columns.len().max(1);
    let note_font = Font::bold(size::TICK, theme::INK);
    let note_w = g
        .rows
        .iter()
        .filter_map(|r| r.note.as_ref())
        .map(|n| note_font.width(&n.text) + 11.0)
        .fold(0.0, f64::max);
    let note_w = if note_w > 0.0 {
        note_w.max(head_font().width(g.note_head)) + space::PAD * 2.0
    } else {
        0.0
    };
    let label_nat = g
        .rows
        .iter()
        .map(|r| label_font().width(&r.label))
        .fold(40.0, f64::max)
        + space::PAD;
    let present = |rag: Rag| g.rows.iter().any(|r| r.cells.contains(&rag));
    let legend = Legend::new(status_items(present), w);
    let fixed_h = 6.0 + legend.height();
    let widest_head = g
        .columns
        .iter()
        .map(|c| head_font().width(c))
        .fold(0.0, f64::max);

    let layout_for = |blocks: usize| -> Option<Layout> {
        let avail = (w - (blocks - 1) as f64 * GUTTER) / blocks as f64;
        let label_w = clamp(
            label_nat,
            (avail * 0.3).min(60.0),
            (avail * if blocks > 1 { 0.55 } else { 0.4 }).min(220.0),
        );
        let cells_w = avail - label_w - note_w;
        let per_chunk = ((cells_w / g.cell_min).floor() as usize).clamp(1, ncols);
        if blocks > 1 && (per_chunk < ncols || label_w < label_nat.min(100.0)) {
            return None; // snaking must not cost columns or legible labels
        }
        let cell_w = (cells_w / per_chunk as f64).min(g.cell_max).max(1.0);
        let rotate = widest_head + 2.0 > cell_w;
        let head_h = if rotate {
            widest_head.min(HEAD_MAX) + 6.0
        } else {
            12.0
        };
        let rows_per_block =
            (((space::PAGE_BLOCK - head_h - fixed_h) / ROW).floor() as usize).max(1);
        Some(Layout {
            blocks,
            label_w,
            cell_w,
            per_chunk,
            head_h,
            rotate,
            rows_per_block,
        })
    };
    let single = layout_for(1);
    let layout = match single {
        Some(l) if g.rows.len() > l.rows_per_block => {
            (2..=4).rev().find_map(layout_for).unwrap_or(l)
        }
        Some(l) => l,
        None => return vec![],
    };

    let per_page = layout.rows_per_block * layout.blocks;
    let pages = g.rows.len().div_ceil(per_page).max(1);
    let (first_col, chunks) = if g.keep_latest {
        (ncols.saturating_sub(layout.per_chunk), 1)
    } else {
        (0, ncols.div_ceil(layout.per_chunk))
    };
    let mut charts = Vec::with_capacity(pages * chunks);
    for chunk in 0..chunks {
        let start = first_col + chunk * layout.per_chunk;
        let cols = start..(start + layout.per_chunk).min(g.columns.len());
        for p in 0..pages {
            let rows = p * per_page..((p + 1) * per_page).min(g.rows.len());
            let page = Page {
                rows,
                cols: cols.clone(),
            };
            let in_page = page.rows.len();
            let per_block = in_page.div_ceil(layout.blocks).max(1);
            let h = layout.head_h + per_block.min(in_page.max(1)) as f64 * ROW + fixed_h;
            let name = if charts.is_empty() {
                g.name.to_string()
            } else {
                format!("{}-{}", g.name, charts.len() + 1)
            };
            let note = (pages > 1).then(|| {
                format!(
                    "Rows {}–{} of {}",
                    page.rows.start + 1,
                    page.rows.end,
                    g.rows.len()
                )
            });
            let chart = render(&name, w, h, alt(&page), |c| {
                for (b, start) in (page.rows.start..page.rows.end)
                    .step_by(per_block)
                    .enumerate()
                {
                    let x0 = b as f64
                        * ((w - (layout.blocks - 1) as f64 * GUTTER) / layout.blocks as f64
                            + GUTTER);
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
            c.text_up(
                &label,
                cx + hf.size * 0.365,
                l.head_h - 3.0,
                hf,
                Anchor::Start,
            )?;
        } else {
            c.text(col, cx, l.head_h - 3.5, hf, Anchor::Middle)?;
        }
    }
    if note_w > 0.0 {
        c.text(g.note_head, note_x, l.head_h - 3.5, hf, Anchor::Start)?;
    }
    let lf = label_font();
    for (i, row) in g.rows[rows].iter().enumerate() {
        let y = l.head_h + i as f64 * ROW;
        if i % 2 == 1 {
            // Zebra under label and note only: the cells carry their own fill.
            c.rect(x0, y, cells_x, y + ROW, theme::FAINT)?;
            if note_w > 0.0 {
                c.rect(
                    note_x - space::PAD,
                    y,
                    note_x + note_w - space::PAD,
                    y + ROW,
                    theme::FAINT,
                )?;
            }
        }
        let label = lf.fit(&row.label, l.label_w - space::PAD - 2.0);
        c.text_mid(&label, x0 + 2.0, y + ROW / 2.0, lf, Anchor::Start)?;
        for (j, col) in cols.clone().enumerate() {
            let rag = row.cells.get(col).copied().unwrap_or(Rag::NoData);
            let x = cells_x + j as f64 * l.cell_w;
            status_cell(
                c,
                rag,
                x + 0.5,
                y + 0.5,
                x + l.cell_w - 0.5,
                y + ROW - 0.5,
                true,
            )?;
        }
        if let Some(n) = &row.note {
            let mut tx = note_x;
            if let Some(shape) = n.shape {
                c.marker(shape, tx + 3.0, y + ROW / 2.0, 2.6, theme::INK)?;
                tx += 9.0;
            }
            let f = if n.bold {
                Font::bold(size::TICK, theme::INK)
            } else {
                Font::regular(size::TICK, theme::MUTED)
            };
            c.text_mid(&n.text, tx, y + ROW / 2.0, f, Anchor::Start)?;
        }
    }
    Ok(())
}
