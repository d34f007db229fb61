//! Status history: one row of lettered status cells per program, one cell
//! per period, newest on the right, with a "worse/better" note that answers
//! "what changed since last time?". Paged when rows are many; when periods
//! are too many for legible cells, the most recent ones are kept.

use super::grid::{Grid, GridRow, Note, Page, programs_shown, render_grid};
use super::parts::Shape;
use super::text::clean;
use super::{Chart, Rag, alt_label, alt_list, no_data, size_or, status_mix};
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
        return vec![no_data(loc, name, w, 40.0, loc.phrase("chart.alt.history-none", &[]))];
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
        return vec![no_data(loc, name, w, 40.0, loc.phrase("chart.alt.history-none", &[]))];
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
fn runs(loc: &Locale, cells: &[Rag], periods: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while j + 1 < cells.len() && cells[j + 1] == cells[i] {
            j += 1;
        }
        let span = if i == j {
            periods[i].clone()
        } else {
            loc.phrase("chart.alt.span", &[("from", &periods[i]), ("to", &periods[j])])
        };
        out.push(loc.phrase("chart.alt.history-run", &[("status", &cells[i].word_in(loc)), ("span", &span)]));
        i = j + 1;
    }
    alt_list(loc, &out)
}

fn alt_text(g: &Grid, page: &Page) -> String {
    let loc = g.loc;
    let shown = &g.columns[page.cols.clone()];
    let rows = &g.rows[page.rows.clone()];
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return loc.phrase("chart.alt.history-none", &[]);
    };
    let periods = loc.counted("chart.alt.periods", shown.len(), &[]);
    let hidden = match page.cols.start {
        0 => String::new(),
        n => loc.phrase("chart.alt.history-hidden", &[("periods", &loc.counted("chart.alt.periods", n, &[]))]),
    };
    let latest: Vec<String> = Rag::ALL
        .iter()
        .filter_map(|r| {
            let c = rows.iter().filter(|row| row.cells.last() == Some(r)).count();
            (c > 0).then(|| status_mix(loc, c, *r))
        })
        .collect();
    let args = [
        ("programs", programs_shown(g, page)),
        ("periods", periods),
        ("first", first.clone()),
        ("last", last.clone()),
        ("hidden", hidden),
        ("latest", alt_list(loc, &latest)),
    ];
    let mut s = loc.phrase("chart.alt.history", &args.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    for (key, bold) in [("chart.alt.history-worse", true), ("chart.alt.history-better", false)] {
        let names: Vec<String> =
            rows.iter().filter(|r| r.note.as_ref().is_some_and(|n| n.bold == bold)).map(|r| r.label.clone()).collect();
        if !names.is_empty() && shown.len() >= 2 {
            let prev = &shown[shown.len() - 2];
            s.push_str(&loc.counted(key, names.len(), &[("prev", prev), ("names", &loc.join_names(&names))]));
        }
    }
    for row in rows {
        let text = runs(loc, &row.cells[page.cols.clone()], shown);
        s.push_str(&loc.phrase("chart.alt.row", &[("label", &alt_label(loc, &row.label)), ("text", &text)]));
    }
    s
}
