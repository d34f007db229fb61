//! Region matrix: program x region status, as lettered cells.
//!
//! Built for portfolios of hundreds of programs: rows flow into side-by-side
//! blocks and page-sized charts (see `grid`), regions beyond the width are
//! split into further charts, so every cell stays at a legible size.

use super::grid::{Grid, GridRow, Page, programs_shown, render_grid};
use super::text::clean;
use super::{Chart, Rag, alt_clauses, alt_label, alt_list, no_data, size_or, status_mix};
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
        return vec![no_data(loc, name, w, 40.0, loc.phrase("chart.alt.matrix-none", &[]))];
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
        return vec![no_data(loc, name, w, 40.0, loc.phrase("chart.alt.matrix-none", &[]))];
    }
    charts
}

fn alt_text(g: &Grid, page: &Page) -> String {
    let loc = g.loc;
    let regions = &g.columns[page.cols.clone()];
    let rows = &g.rows[page.rows.clone()];
    let programs = programs_shown(g, page);
    let count = loc.counted("chart.alt.regions", regions.len(), &[]);
    let args = [("programs", programs.as_str()), ("regions", &count), ("names", &loc.join_names(regions))];
    let mut s = loc.phrase("chart.alt.matrix", &args);
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
            parts.push(if matches!(rag, Rag::Red | Rag::Amber) {
                let (n, status, names) = (loc.count(names.len()), rag.word_in(loc), loc.join_names(&names));
                loc.phrase("chart.alt.matrix-named", &[("n", &n), ("status", &status), ("names", &names)])
            } else {
                status_mix(loc, names.len(), rag)
            });
        }
        s.push_str(&loc.phrase("chart.alt.row", &[("label", region), ("text", &alt_list(loc, &parts))]));
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
                let (status, names) = (rag.word_in(loc), loc.join_names(&names));
                parts.push(loc.phrase("chart.alt.matrix-in", &[("status", &status), ("names", &names)]));
            }
        }
        let (label, text) = (alt_label(loc, &row.label), alt_clauses(loc, &parts));
        s.push_str(&loc.phrase("chart.alt.row", &[("label", &label), ("text", &text)]));
    }
    s
}
