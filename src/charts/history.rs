//! Status history: one row of lettered status cells per program, one cell
//! per period, newest on the right, with a "worse/better" note that answers
//! "what changed since last time?". Paged when rows are many; when periods
//! are too many for legible cells, the most recent ones are kept.

use super::grid::{Grid, GridRow, Note, Page, render_grid};
use super::parts::Shape;
use super::text::clean;
use super::{Chart, Rag, no_data, size_or};
use crate::format::{join_names, plural};
use crate::locale::Locale;

/// One program's statuses, one cell per period (missing cells = no data).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The program's name, left of its row.
    pub label: String,
    /// Its status in each period, oldest first.
    pub cells: Vec<Rag>,
}

/// Status strip per program over `periods` (oldest first); one [`Chart`]
/// per page-sized block, named "status-history", "status-history-2", ...
pub fn status_history(loc: &Locale, periods: &[String], rows: &[HistoryRow], width_pt: f64) -> Vec<Chart> {
    let name = "status-history";
    let w = size_or(width_pt, 740.0);
    let periods: Vec<String> = periods.iter().map(|p| clean(p)).collect();
    if periods.is_empty() || rows.is_empty() {
        let alt = "Status history: no data.".to_string();
        return vec![no_data(loc, name, w, 40.0, alt)];
    }
    let n = periods.len();
    let rows: Vec<GridRow> = rows
        .iter()
        .map(|r| {
            let cells: Vec<Rag> = (0..n).map(|i| r.cells.get(i).copied().unwrap_or(Rag::NoData)).collect();
            GridRow { label: clean(&r.label), note: change_note(loc, &cells), cells }
        })
        .collect();
    let grid = Grid {
        name,
        columns: periods,
        rows,
        width: w,
        cell_max: 40.0,
        cell_min: 12.0,
        note_head: loc.phrase("chart.change", &[]),
        loc,
        keep_latest: true,
    };
    let charts = render_grid(&grid, |page| alt_text(&grid, page));
    if charts.is_empty() {
        return vec![no_data(loc, name, w, 40.0, "Status history: no data.".into())];
    }
    charts
}

/// Last period against the one before: "worse" (bold, down triangle) or
/// "better" (up triangle); nothing when equal or not comparable.
fn change_note(loc: &Locale, cells: &[Rag]) -> Option<Note> {
    let [.., prev, last] = cells else { return None };
    let (p, l) = (prev.severity()?, last.severity()?);
    match l.cmp(&p) {
        std::cmp::Ordering::Greater => {
            Some(Note { shape: Some(Shape::TriangleDown), text: loc.phrase("chart.worse", &[]), bold: true })
        }
        std::cmp::Ordering::Less => {
            Some(Note { shape: Some(Shape::TriangleUp), text: loc.phrase("chart.better", &[]), bold: false })
        }
        std::cmp::Ordering::Equal => None,
    }
}

/// Runs of equal status: "green Jan to Mar, amber Apr, red May to Jun".
fn runs(cells: &[Rag], periods: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while j + 1 < cells.len() && cells[j + 1] == cells[i] {
            j += 1;
        }
        let span = if i == j { periods[i].clone() } else { format!("{} to {}", periods[i], periods[j]) };
        out.push(format!("{} {}", cells[i].word(), span));
        i = j + 1;
    }
    out.join(", ")
}

fn alt_text(g: &Grid, page: &Page) -> String {
    let shown = &g.columns[page.cols.clone()];
    let rows = &g.rows[page.rows.clone()];
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return "Status history: no data.".into();
    };
    let mut s = String::from("Status history");
    if page.rows.len() < g.rows.len() {
        s.push_str(&format!(" for programs {}–{} of {}", page.rows.start + 1, page.rows.end, g.rows.len()));
    } else {
        s.push_str(&format!(" for {}", plural(rows.len(), "program", "programs")));
    }
    s.push_str(&format!(" over {} ({first} to {last})", plural(shown.len(), "period", "periods")));
    if page.cols.start > 0 {
        s.push_str(&format!("; the earliest {} are not shown", plural(page.cols.start, "period", "periods")));
    }
    s.push_str(&format!(". Latest period, {last}: "));
    let latest: Vec<String> = Rag::ALL
        .iter()
        .filter_map(|r| {
            let c = rows.iter().filter(|row| row.cells.last() == Some(r)).count();
            (c > 0).then(|| format!("{c} {}", r.word()))
        })
        .collect();
    s.push_str(&latest.join(", "));
    s.push('.');
    for (word, bold) in [("worse", true), ("better", false)] {
        let names: Vec<String> =
            rows.iter().filter(|r| r.note.as_ref().is_some_and(|n| n.bold == bold)).map(|r| r.label.clone()).collect();
        if !names.is_empty() && shown.len() >= 2 {
            let prev = &shown[shown.len() - 2];
            let count = plural(names.len(), "program", "programs");
            s.push_str(&format!(" {count} {word} than {prev}: {}.", join_names(&names)));
        }
    }
    for row in rows {
        let label = if row.label.is_empty() { "(unnamed)" } else { row.label.as_str() };
        s.push_str(&format!(" {label}: {}.", runs(&row.cells[page.cols.clone()], shown)));
    }
    s
}
