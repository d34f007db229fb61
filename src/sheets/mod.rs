//! Sheets: metric values and lists read from the CSV, XLSX and ODS files a
//! project keeps next to its YAML (FORMAT.md 6.3, `values_from`).
//!
//! The stage has three steps, one per submodule:
//!
//! - [`read_table`] opens a file inside the project root (never outside it),
//!   refuses hostile files before parsing them ([`limits`]), and reads one
//!   sheet into a [`Table`]: a header row of [`Column`]s and rows of [`Cell`]s,
//!   each with its text as shown, its typed [`Value`] and its place. CSV is read
//!   by [`csv`](mod@csv) (delimiter sniffed from the header line, UTF-8 with
//!   or without BOM), XLSX and ODS by [`workbook`] through `calamine`
//!   (formulas read as their cached values, never evaluated).
//! - [`values`] picks the rows of a table that match a `where` filter and
//!   reads `(period, value)` pairs; [`items`] reads one item per row through a
//!   column mapping (risks, milestones, issues, asks).
//! - Every problem is a [`Problem`] naming the file, the sheet and the cell
//!   (`data/kpis.xlsx: Takedowns!C14`) or the CSV line and column
//!   (`data/kpis.csv:14:3`), with the cell's text; [`Problem::to_diagnostic`]
//!   makes a [`Diagnostic`] of it. Cell problems are collected, never fatal,
//!   so one run reports all of them.
//!
//! How cells are read (numbers, separators, percent, periods, serials, merged
//! cells, limits) is documented for users in docs/FORMAT.md ("Values from spreadsheets").

pub(crate) mod cells;
pub(crate) mod csv;
pub(crate) mod limits;
pub(crate) mod select;
#[cfg(test)]
mod tests_files;
pub(crate) mod workbook;

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;

pub(crate) use limits::Limits;
pub(crate) use select::{Item, ItemField, PeriodValue, items, unmatched_filter, values};

/// One sheet (or a whole CSV file) read into memory.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The file's path relative to the project root, as shown to users.
    pub(crate) file: Arc<str>,
    /// The sheet's name; `None` for CSV.
    pub(crate) sheet: Option<Arc<str>>,
    /// SHA-256 of the file's bytes, for the manifest.
    pub(crate) sha256: [u8; 32],
    /// The header row: the first row with any text in it.
    pub(crate) columns: Vec<Column>,
    /// The rows under the header, empty rows left out, in file order.
    pub(crate) rows: Vec<Row>,
    /// How numbers kept as text write their decimals in this file.
    pub(crate) decimal: cells::Decimal,
    /// The workbook counts date serials from 1904 (old Mac Excel).
    pub(crate) date_1904: bool,
}

/// A column of the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    /// The header text, trimmed.
    pub(crate) name: String,
    /// Index of the column's cells in [`Row::cells`].
    pub(crate) index: usize,
    /// Where the header cell is.
    pub(crate) at: Place,
}

/// One row under the header.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The cells, by column index; a short row has fewer (the rest are empty).
    pub(crate) cells: Vec<Cell>,
}

impl Row {
    /// The cell of a column, `None` when the row stops before it.
    pub(crate) fn get(&self, column: &Column) -> Option<&Cell> {
        self.cells.get(column.index)
    }
}

/// One cell: what a person sees, what it holds, where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// The text as shown: a CSV field, a workbook string, a number as
    /// `12.5`, a percent-formatted number as `87.5%`, a date as `2026-11-30`.
    pub(crate) text: String,
    pub(crate) value: Value,
    /// Where the value is written; for a cell covered by a merged range, the
    /// range's top-left cell.
    pub(crate) at: Place,
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self.value, Value::Empty)
    }
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Nothing (or only spaces): never read as zero.
    Empty,
    /// A number cell of a workbook; a percent-formatted one as shown (0.875
    /// formatted `0.0%` is 87.5).
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
    /// Text: every CSV field, workbook strings, booleans and durations.
    Text,
    /// An error value such as `#N/A` or `#DIV/0!` (its text is the error).
    Error,
    /// A formula saved without its computed value (its text is the formula).
    Uncomputed,
}

/// The position of a cell: a sheet row and column, or a CSV line and field.
/// Both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Place {
    pub(crate) row: u32,
    pub(crate) col: u32,
}

/// A cell's full reference: file, sheet (none for CSV) and place.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CellRef {
    pub(crate) file: Arc<str>,
    pub(crate) sheet: Option<Arc<str>>,
    pub(crate) place: Place,
}

impl CellRef {
    /// The reference as messages start: `data/kpis.xlsx: Takedowns!C14` or
    /// `data/kpis.csv:14:3`.
    pub(crate) fn located(&self) -> String {
        match &self.sheet {
            Some(_) => format!("{}: {self}", self.file),
            None => format!("{}:{}:{}", self.file, self.place.row, self.place.col),
        }
    }
}

/// `Takedowns!C14` (`'Open risks'!B2` when the name needs quotes), or
/// `line 14, column 3` for CSV.
impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Place { row, col } = self.place;
        match &self.sheet {
            Some(sheet) if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                write!(f, "{sheet}!{}{row}", column_letters(col))
            }
            Some(sheet) => write!(f, "'{}'!{}{row}", sheet.replace('\'', "''"), column_letters(col)),
            None => write!(f, "line {row}, column {col}"),
        }
    }
}

/// `1` -> `A`, `27` -> `AA`: spreadsheet column names.
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

impl Table {
    /// The full reference of a place in this table.
    pub(crate) fn cell_ref(&self, place: Place) -> CellRef {
        CellRef { file: self.file.clone(), sheet: self.sheet.clone(), place }
    }

    /// The column with this header (spaces around it ignored); the first one
    /// when two share it.
    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name.trim())
    }

    /// The header names, in order, for messages listing what exists.
    pub(crate) fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

/// A problem with a sheet file or one of its cells, with everything a
/// located message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// A stable kebab-case code (`sheet-cell`, `sheet-missing-file`, ...).
    pub(crate) code: &'static str,
    /// The file's path as shown.
    pub(crate) file: Arc<str>,
    /// The sheet, when the problem is in one.
    pub(crate) sheet: Option<Arc<str>>,
    /// The cell, when the problem is in one.
    pub(crate) cell: Option<CellRef>,
    /// The cell's text as shown, when there is a cell.
    pub(crate) text: Option<String>,
    /// What is wrong, without the location (it is added in front).
    pub(crate) message: String,
    pub(crate) hints: Vec<String>,
}

impl Problem {
    /// A problem with a whole file.
    pub(crate) fn file(code: &'static str, file: &Arc<str>, message: impl Into<String>) -> Self {
        Problem {
            code,
            file: file.clone(),
            sheet: None,
            cell: None,
            text: None,
            message: message.into(),
            hints: vec![],
        }
    }

    /// A problem with one cell; `message` quotes the cell's text itself.
    pub(crate) fn cell(code: &'static str, at: CellRef, text: &str, message: impl Into<String>) -> Self {
        Problem {
            code,
            file: at.file.clone(),
            sheet: at.sheet.clone(),
            text: Some(text.to_string()),
            cell: Some(at),
            message: message.into(),
            hints: vec![],
        }
    }

    /// A problem with one sheet of a workbook.
    pub(crate) fn in_sheet(mut self, sheet: Option<&Arc<str>>) -> Self {
        self.sheet = sheet.cloned();
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The message with its location in front: `data/kpis.xlsx: Takedowns!C14: ...`,
    /// `data/kpis.csv:14:3: ...`, `data/kpis.xlsx: sheet Takedowns: ...` or `data/kpis.csv: ...`.
    pub(crate) fn located_message(&self) -> String {
        match (&self.cell, &self.sheet) {
            (Some(cell), _) => format!("{}: {}", cell.located(), self.message),
            (None, Some(sheet)) => format!("{}: sheet {sheet}: {}", self.file, self.message),
            (None, None) => format!("{}: {}", self.file, self.message),
        }
    }

    /// The problem as a diagnostic of the run (an error; it has no
    /// [`crate::diag::Origin`], the location is in the message).
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        self.hints.iter().fold(Diagnostic::error(self.code, self.located_message()), |d, h| d.hint(h.clone()))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.located_message())
    }
}

impl std::error::Error for Problem {}

/// The file formats read, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Xlsx,
    Ods,
}

/// Reads one sheet of a file of the project: `file` is relative to `root`
/// with `/` separators; `sheet` names a workbook sheet (default: the first)
/// and must be `None` for CSV.
pub(crate) fn read_table(root: &Path, file: &str, sheet: Option<&str>, limits: &Limits) -> Result<Table, Problem> {
    let shown: Arc<str> = Arc::from(file);
    let format = format_of(&shown)?;
    let path = resolve(root, &shown)?;
    let bytes = read_bounded(&path, &shown, limits)?;
    let sha256: [u8; 32] = Sha256::digest(&bytes).into();
    let mut table = match format {
        Format::Csv => {
            if let Some(s) = sheet {
                return Err(Problem::file(
                    "sheet-not-a-workbook",
                    &shown,
                    format!("a CSV file has no sheets (sheet: {s})"),
                )
                .hint("remove `sheet`, or point `file` at the XLSX/ODS workbook"));
            }
            csv::read(&shown, &bytes, limits)?
        }
        Format::Xlsx | Format::Ods => workbook::read(&shown, bytes, format, sheet, limits)?,
    };
    table.sha256 = sha256;
    Ok(table)
}

fn format_of(shown: &Arc<str>) -> Result<Format, Problem> {
    let ext = shown.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(Format::Csv),
        "xlsx" | "xlsm" => Ok(Format::Xlsx),
        "ods" => Ok(Format::Ods),
        "xls" => Err(Problem::file("sheet-format", shown, "old binary .xls workbooks are not read")
            .hint("save it as .xlsx (Excel Workbook) or .ods")),
        _ => Err(Problem::file("sheet-format", shown, "is not a spreadsheet: expected a .csv, .xlsx or .ods file")),
    }
}

/// The file's path on disk, checked to stay inside the project root.
fn resolve(root: &Path, shown: &Arc<str>) -> Result<PathBuf, Problem> {
    let rel = Path::new(&**shown);
    let outside = || {
        Problem::file("sheet-outside-project", shown, "is not inside the project")
            .hint("give the file's path relative to the project folder, without `..`")
    };
    if rel.is_absolute()
        || shown.starts_with(['/', '\\'])
        || rel.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let path = root.join(rel);
    if !path.is_file() {
        return Err(missing_file(root, rel, shown));
    }
    // Links may point anywhere: compare where both really are.
    let real_root = root.canonicalize().map_err(|_| outside())?;
    let real = path.canonicalize().map_err(|_| outside())?;
    if !real.starts_with(&real_root) {
        return Err(outside().hint("the file is a link to a place outside the project"));
    }
    Ok(real)
}

/// "no such file", listing the spreadsheets of that folder.
fn missing_file(root: &Path, rel: &Path, shown: &Arc<str>) -> Problem {
    let folder = rel.parent().unwrap_or(Path::new(""));
    let folder_shown = folder.to_string_lossy().replace('\\', "/");
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        let name = if folder_shown.is_empty() { "the project".to_string() } else { format!("{folder_shown}/") };
        return Problem::file("sheet-missing-file", shown, format!("no such file: there is no folder {name}"));
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            matches!(
                n.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref(),
                Some("csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "ods")
            )
        })
        .collect();
    names.sort();
    let prefix = if folder_shown.is_empty() { String::new() } else { format!("{folder_shown}/") };
    let list = if names.is_empty() {
        "none".to_string()
    } else {
        names.iter().map(|n| format!("{prefix}{n}")).collect::<Vec<_>>().join(", ")
    };
    let place = if prefix.is_empty() { "the project folder".to_string() } else { prefix.clone() };
    Problem::file("sheet-missing-file", shown, "no such file").hint(format!("spreadsheets in {place}: {list}"))
}

/// The file's bytes, refused when larger than the limit (before reading them).
fn read_bounded(path: &Path, shown: &Arc<str>, limits: &Limits) -> Result<Vec<u8>, Problem> {
    let cannot = |e: std::io::Error| Problem::file("sheet-unreadable", shown, format!("cannot be read: {e}"));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    limits.check_file_size(shown, size)?;
    std::fs::read(path).map_err(cannot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_render_as_spreadsheets_write_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(16384), "XFD");
        let file: Arc<str> = Arc::from("data/kpis.xlsx");
        let r = CellRef { file: file.clone(), sheet: Some(Arc::from("Takedowns")), place: Place { row: 14, col: 3 } };
        assert_eq!(r.located(), "data/kpis.xlsx: Takedowns!C14");
        let r = CellRef { sheet: Some(Arc::from("Open risks")), ..r };
        assert_eq!(r.to_string(), "'Open risks'!C14");
        let csv = CellRef { file: Arc::from("data/kpis.csv"), sheet: None, place: Place { row: 14, col: 3 } };
        assert_eq!(csv.to_string(), "line 14, column 3");
        assert_eq!(csv.located(), "data/kpis.csv:14:3");
    }

    #[test]
    fn a_problem_becomes_a_located_diagnostic() {
        let at = CellRef {
            file: Arc::from("data/kpis.xlsx"),
            sheet: Some(Arc::from("Takedowns")),
            place: Place { row: 14, col: 3 },
        };
        let p = Problem::cell("sheet-cell", at, "12,5x", "\"12,5x\" is not a number").hint("write 12.5");
        let d = p.to_diagnostic();
        assert_eq!(d.code, "sheet-cell");
        assert_eq!(d.message, "data/kpis.xlsx: Takedowns!C14: \"12,5x\" is not a number");
        assert_eq!(d.hints, vec!["write 12.5".to_string()]);
        assert!(d.origin.is_none() && d.is_error());
    }
}
