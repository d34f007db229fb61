//! Region matrix: program x region status, as lettered cells.
//!
//! Built for portfolios of hundreds of programs: rows flow into side-by-side
//! blocks and page-sized charts (see `grid`), regions beyond the width are
//! split into further charts, so every cell stays at a legible size.

use super::grid::{Grid, GridRow, Page, render_grid};
use super::text::clean;
use super::{Chart, Rag, no_data, size_or};
use crate::format::{join_names, plural};
use crate::locale::Locale;

/// One program's statuses, one cell per region (missing cells = no data).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The program's name, left of its row.
    pub label: String,
    /// Its status in each region, in the order of the columns.
    pub cells: Vec<Rag>,
}

/// Region x program status; one [`Chart`] per page-sized block, named
/// "region-matrix", "region-matrix-2", ...
pub fn region_matrix(loc: &Locale, regions: &[String], rows: &[MatrixRow], width_pt: f64) -> Vec<Chart> {
    let name = "region-matrix";
    let w = size_or(width_pt, 740.0);
    let regions: Vec<String> = regions.iter().map(|r| clean(r)).collect();
    if regions.is_empty() || rows.is_empty() {
        return vec![no_data(loc, name, w, 40.0, "Status by region: no data.".into())];
    }
    let n = regions.len();
    let rows: Vec<GridRow> = rows
        .iter()
        .map(|r| GridRow {
            label: clean(&r.label),
            cells: (0..n).map(|i| r.cells.get(i).copied().unwrap_or(Rag::NoData)).collect(),
            note: None,
        })
        .collect();
    let grid = Grid {
        name,
        columns: regions,
        rows,
        width: w,
        cell_max: 64.0,
        cell_min: 16.0,
        note_head: String::new(),
        loc,
        keep_latest: false,
    };
    let charts = render_grid(&grid, |page| alt_text(&grid, page));
    if charts.is_empty() {
        return vec![no_data(loc, name, w, 40.0, "Status by region: no data.".into())];
    }
    charts
}

fn alt_text(g: &Grid, page: &Page) -> String {
    let regions = &g.columns[page.cols.clone()];
    let rows = &g.rows[page.rows.clone()];
    let mut s = String::from("Status by region");
    if page.rows.len() < g.rows.len() {
        s.push_str(&format!(" for programs {}–{} of {}", page.rows.start + 1, page.rows.end, g.rows.len()));
    } else {
        s.push_str(&format!(" for {}", plural(rows.len(), "program", "programs")));
    }
    s.push_str(&format!(" in {}: {}.", plural(regions.len(), "region", "regions"), join_names(regions)));
    // Per region: counts, naming the red and amber programs (the ones a
    // reader acts on); greens are counted only.
    for (j, region) in regions.iter().enumerate() {
        let col = page.cols.start + j;
        let mut parts = Vec::new();
        for rag in Rag::ALL {
            let names: Vec<String> = rows.iter().filter(|r| r.cells[col] == rag).map(|r| r.label.clone()).collect();
            if names.is_empty() {
                continue;
            }
            if matches!(rag, Rag::Red | Rag::Amber) {
                parts.push(format!("{} {} ({})", names.len(), rag.word(), join_names(&names)));
            } else {
                parts.push(format!("{} {}", names.len(), rag.word()));
            }
        }
        s.push_str(&format!(" {region}: {}.", parts.join(", ")));
    }
    // Per program: the full row, grouped by status.
    for row in rows {
        let mut parts = Vec::new();
        for rag in Rag::ALL {
            let names: Vec<String> = regions
                .iter()
                .enumerate()
                .filter(|(j, _)| row.cells[page.cols.start + j] == rag)
                .map(|(_, r)| r.clone())
                .collect();
            if !names.is_empty() {
                parts.push(format!("{} in {}", rag.word(), join_names(&names)));
            }
        }
        let label = if row.label.is_empty() { "(unnamed)" } else { row.label.as_str() };
        s.push_str(&format!(" {label}: {}.", parts.join("; ")));
    }
    s
}
