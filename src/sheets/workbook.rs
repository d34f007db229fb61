//! XLSX and ODS workbooks, read with `calamine` (pure Rust, no office suite
//! at run time) after [`Limits::check_archive`] has vetted the archive.
//!
//! Formulas are read as the value the spreadsheet saved with them, never
//! evaluated; a formula saved without one (some generators do that) is a
//! [`Value::Uncomputed`] cell. A number formatted as a percentage (XLSX) or of
//! the percentage type (ODS) reads as shown (0.875 shown `87.5%` is 87.5), and
//! a value merged over several cells applies to every cell of the range.

use std::io::{Cursor, Read as _};
use std::sync::Arc;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xlsx};
use chrono::NaiveDate;

use super::cells::{Decimal, show_number};
use super::limits::{Tags, attr, count_attr, tag_name};
use super::{Cell, Column, Format, Limits, Place, Problem, Row, Table, Value};

/// What was taken from one sheet before it becomes a [`Table`].
struct Sheet {
    name: Arc<str>,
    values: Range<Data>,
    formulas: Range<String>,
    /// Positions (0-based row, column) of numbers formatted as percentages.
    percent: Box<dyn Fn(u32, u32) -> bool>,
    merges: Vec<Dimensions>,
    is_1904: bool,
}

/// Reads one sheet (`None`: the first) of an XLSX or ODS file.
pub(crate) fn read(
    file: &Arc<str>,
    bytes: Vec<u8>,
    format: Format,
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Table, Problem> {
    limits.check_archive(file, &bytes, format)?;
    let sheet = match format {
        Format::Ods => read_ods(file, &bytes, sheet)?,
        _ => read_xlsx(file, &bytes, sheet)?,
    };
    let (rows, cols) = sheet.values.get_size();
    limits.check_cells(file, rows as u64, cols as u64)?;
    build(file, sheet)
}

fn unreadable(file: &Arc<str>, e: impl std::fmt::Display) -> Problem {
    Problem::file("sheet-corrupt", file, format!("cannot be read: {e}"))
        .hint("open it in a spreadsheet and save it again")
}

fn read_xlsx(file: &Arc<str>, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, Problem> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let name = pick_sheet(file, &book.sheet_names(), sheet)?;
    let values = book.worksheet_range(&name).map_err(|e| unreadable(file, e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(file, e))?;
    let styles = book.worksheet_style(&name).map_err(|e| unreadable(file, e))?;
    let merges = book.merge_cells_by_sheet_name(&name).map_err(|e| unreadable(file, e))?;
    let percent = move |row: u32, col: u32| {
        let code = styles.get((row, col)).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.as_str());
        code.is_some_and(is_percent_format)
    };
    let is_1904 = book.has_1904_epoch();
    Ok(Sheet { name: Arc::from(name), values, formulas, percent: Box::new(percent), merges, is_1904 })
}

fn read_ods(file: &Arc<str>, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, Problem> {
    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let name = pick_sheet(file, &book.sheet_names(), sheet)?;
    let values = book.worksheet_range(&name).map_err(|e| unreadable(file, e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(file, e))?;
    let scan = ods_scan(bytes, &name);
    let percent_cells = scan.percent;
    let percent = move |row: u32, col: u32| percent_cells.contains(&(row, col));
    Ok(Sheet {
        name: Arc::from(name),
        values,
        formulas,
        percent: Box::new(percent),
        merges: scan.merges,
        is_1904: false,
    })
}

/// The merged ranges and the percentage cells of one ODS sheet. `calamine`
/// reports neither, so content.xml (already vetted by the limits) is scanned,
/// counting repeated rows and cells as ODS writes them.
fn ods_scan(bytes: &[u8], sheet: &str) -> OdsScan {
    let mut scan = OdsScan { sheet: xml_escape(sheet), ..OdsScan::default() };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return scan };
    let Ok(mut content) = archive.by_name("content.xml") else { return scan };
    let mut tags = Tags::default();
    let mut chunk = vec![0u8; 64 * 1024];
    while let Ok(n) = content.read(&mut chunk) {
        if n == 0 {
            break;
        }
        tags.feed(&chunk[..n], |tag| scan.on_tag(tag));
    }
    scan
}

fn xml_escape(text: &str) -> Vec<u8> {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    escaped.into_bytes()
}

/// Where the ODS scan is (0-based row and column of the next cell), and what
/// it found.
#[derive(Default)]
struct OdsScan {
    sheet: Vec<u8>,
    in_sheet: bool,
    row: u32,
    col: u32,
    row_repeat: u32,
    merges: Vec<Dimensions>,
    /// 0-based (row, column) of the cells of value type `percentage`.
    percent: std::collections::HashSet<(u32, u32)>,
}

impl OdsScan {
    fn on_tag(&mut self, tag: &[u8]) {
        if tag.is_empty() {
            return;
        }
        let (name, self_closing) = tag_name(tag);
        let count = |key: &[u8]| u32::try_from(count_attr(tag, key)).unwrap_or(u32::MAX);
        match name {
            b"table:table" => {
                self.in_sheet = attr(tag, b"table:name") == Some(&self.sheet[..]);
                self.row = 0;
            }
            b"/table:table" => self.in_sheet = false,
            b"table:table-row" => {
                self.row_repeat = count(b"table:number-rows-repeated");
                self.col = 0;
                if self_closing {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            b"/table:table-row" => self.row = self.row.saturating_add(self.row_repeat),
            b"table:table-cell" | b"table:covered-table-cell" => {
                let (rows, cols) = (count(b"table:number-rows-spanned"), count(b"table:number-columns-spanned"));
                let repeat = count(b"table:number-columns-repeated");
                if self.in_sheet && (rows > 1 || cols > 1) {
                    let end = (self.row.saturating_add(rows - 1), self.col.saturating_add(cols - 1));
                    self.merges.push(Dimensions::new((self.row, self.col), end));
                }
                if self.in_sheet && attr(tag, b"office:value-type") == Some(b"percentage") {
                    self.mark_percent(repeat);
                }
                self.col = self.col.saturating_add(repeat);
            }
            _ => {}
        }
    }

    /// The limits have bounded the rows and cells with values, so marking
    /// each repeated percentage cell stays within them.
    fn mark_percent(&mut self, repeat: u32) {
        for r in self.row..self.row.saturating_add(self.row_repeat) {
            for c in self.col..self.col.saturating_add(repeat) {
                self.percent.insert((r, c));
            }
        }
    }
}

/// A number format showing a percentage: a `%` outside quoted text.
fn is_percent_format(code: &str) -> bool {
    code.split('"').step_by(2).any(|outside| outside.contains('%'))
}

/// The sheet asked for, or the first; a missing one lists those that exist.
fn pick_sheet(file: &Arc<str>, names: &[String], wanted: Option<&str>) -> Result<String, Problem> {
    let list = || names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let Some(wanted) = wanted else {
        return names.first().cloned().ok_or_else(|| Problem::file("sheet-empty", file, "has no sheets"));
    };
    if let Some(n) = names.iter().find(|n| *n == wanted) {
        return Ok(n.clone());
    }
    let mut p = Problem::file("sheet-missing-sheet", file, format!("has no sheet \"{wanted}\""))
        .hint(format!("its sheets: {}", list()));
    if let Some(close) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())) {
        p = p.hint(format!("did you mean \"{close}\"?"));
    }
    Err(p)
}

fn build(file: &Arc<str>, sheet: Sheet) -> Result<Table, Problem> {
    let (top, left) = sheet.values.start().unwrap_or((0, 0));
    let mut grid: Vec<Vec<Cell>> = sheet
        .values
        .rows()
        .enumerate()
        .map(|(r, cells)| {
            let row = top + r as u32;
            cells.iter().enumerate().map(|(c, data)| cell_of(&sheet, data, row, left + c as u32)).collect()
        })
        .collect();
    spread_merges(&mut grid, &sheet.merges, top, left);
    let mut rows = grid.into_iter().filter(|r| !r.iter().all(Cell::is_empty)).map(|cells| Row { cells });
    let header = rows.next().ok_or_else(|| {
        Problem::file("sheet-empty", file, "is empty: expected a header row").in_sheet(Some(&sheet.name))
    })?;
    let columns = header
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(index, c)| Column { name: c.text.trim().to_string(), index, at: c.at })
        .collect();
    Ok(Table {
        file: file.clone(),
        sheet: Some(sheet.name.clone()),
        sha256: [0; 32],
        columns,
        rows: rows.collect(),
        decimal: Decimal::Point,
        date_1904: sheet.is_1904,
    })
}

/// One cell (0-based absolute `row`, `col`) as text, typed value and place.
fn cell_of(sheet: &Sheet, data: &Data, row: u32, col: u32) -> Cell {
    let at = Place { row: row + 1, col: col + 1 };
    let (text, value) = match data {
        Data::Empty => match sheet.formulas.get_value((row, col)).filter(|f| !f.is_empty()) {
            Some(f) => (format!("={f}"), Value::Uncomputed),
            None => (String::new(), Value::Empty),
        },
        Data::String(s) if s.trim().is_empty() => (s.clone(), Value::Empty),
        Data::String(s) => (s.clone(), Value::Text),
        Data::Int(i) => number_cell(sheet, *i as f64, row, col),
        Data::Float(f) => number_cell(sheet, *f, row, col),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), Value::Text),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => (crate::model::period::iso(date), Value::Date(date)),
                // Serial 60 of the 1900 system: the 29 February 1900 of Lotus 1-2-3.
                None => (format!("{y:04}-{m:02}-{d:02}"), Value::Error),
            }
        }
        Data::DateTime(dt) => (show_number(dt.as_f64()), Value::Text),
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| crate::model::period::parse_date(d).ok()) {
            Some(date) => (crate::model::period::iso(date), Value::Date(date)),
            None => (s.clone(), Value::Text),
        },
        Data::DurationIso(s) => (s.clone(), Value::Text),
        Data::Error(e) => (e.to_string(), Value::Error),
    };
    Cell { text, value, at }
}

fn number_cell(sheet: &Sheet, v: f64, row: u32, col: u32) -> (String, Value) {
    if (sheet.percent)(row, col) {
        let shown: f64 = show_number(v * 100.0).parse().unwrap_or(v * 100.0);
        (format!("{}%", show_number(shown)), Value::Number(shown))
    } else {
        (show_number(v), Value::Number(v))
    }
}

/// Copies the top-left cell of each merged range into the cells it covers
/// (they are empty in the file), keeping the top-left cell's place.
fn spread_merges(grid: &mut [Vec<Cell>], merges: &[Dimensions], top: u32, left: u32) {
    for m in merges {
        let (Some(r0), Some(c0)) = (m.start.0.checked_sub(top), m.start.1.checked_sub(left)) else { continue };
        let Some(origin) = grid.get(r0 as usize).and_then(|r| r.get(c0 as usize)).cloned() else { continue };
        for r in r0..=m.end.0.saturating_sub(top) {
            for c in c0..=m.end.1.saturating_sub(left) {
                if let Some(cell) = grid.get_mut(r as usize).and_then(|row| row.get_mut(c as usize))
                    && cell.is_empty()
                {
                    *cell = origin.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_found_outside_quoted_text() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("General"));
    }

    #[test]
    fn a_missing_sheet_lists_the_sheets() {
        let names = vec!["Takedowns".to_string(), "Risks".to_string()];
        let e = pick_sheet(&Arc::from("data/kpis.xlsx"), &names, Some("takedowns")).unwrap_err();
        assert_eq!(e.located_message(), "data/kpis.xlsx: has no sheet \"takedowns\"");
        assert_eq!(
            e.hints,
            vec!["its sheets: \"Takedowns\", \"Risks\"".to_string(), "did you mean \"Takedowns\"?".to_string()]
        );
    }
}
