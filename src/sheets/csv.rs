//! CSV files as spreadsheets export them: UTF-8 with or without a byte order
//! mark, the delimiter (comma, semicolon, tab or pipe) sniffed from the
//! header line, quotes as RFC 4180. A semicolon-separated file is taken to
//! come from a locale that writes decimal commas (`1.234,5`), as Excel and
//! LibreOffice do there; any other delimiter means decimal points.

use std::sync::Arc;

use super::cells::Decimal;
use super::{Cell, CellRef, Column, Limits, Place, Problem, Row, Table, Value};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a whole CSV file: the first non-empty line is the header.
pub(crate) fn read(file: &Arc<str>, bytes: &[u8], limits: &Limits) -> Result<Table, Problem> {
    let text = decode(file, bytes)?;
    let delimiter = sniff_delimiter(text);
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut columns: Option<Vec<Column>> = None;
    let mut rows = Vec::new();
    // Rows with content so far, the header included, and the widest of them.
    let (mut seen, mut width): (u64, u64) = (0, 0);
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|e| broken(file, &e))?;
        let line = lines.line_at(text, record.position().map_or(0, |p| p.byte()) as usize);
        let row = row_of(&record, line);
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        seen += 1;
        width = width.max(row.cells.len() as u64);
        limits.check_rows(file, seen)?;
        limits.check_cells(file, seen, width)?;
        match &columns {
            None => columns = Some(header_of(&row)),
            Some(header) => {
                beyond_header(file, header, &row)?;
                rows.push(row);
            }
        }
    }
    let decimal = if delimiter == b';' { Decimal::Comma } else { Decimal::Point };
    let columns = columns.ok_or_else(|| Problem::file("sheet-empty", file, "is empty: expected a header row"))?;
    Ok(Table { file: file.clone(), sheet: None, sha256: [0; 32], columns, rows, decimal, date_1904: false })
}

/// Line numbers of record starts. The CSV parser places a record after
/// blank lines at the start of those lines, so they are skipped here; the
/// count advances with the records, once over the text.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, start: usize) -> u32 {
        let bytes = text.as_bytes();
        let start = start + bytes[start.min(bytes.len())..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let start = start.max(self.byte);
        self.line += bytes[self.byte..start].iter().filter(|b| **b == b'\n').count() as u32;
        self.byte = start;
        self.line + 1
    }
}

/// The text of the file, without its byte order mark.
fn decode<'b>(file: &Arc<str>, bytes: &'b [u8]) -> Result<&'b str, Problem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Problem::file("sheet-encoding", file, "is UTF-16 text; CSV files are read as UTF-8")
            .hint("export it as \"CSV UTF-8 (Comma delimited)\""));
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let upto = &body[..e.valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Problem::file("sheet-encoding", file, format!("line {line}, byte {col}: is not UTF-8 text"))
            .hint("export it as \"CSV UTF-8 (Comma delimited)\"")
    })
}

/// The delimiter used most in the header line, outside quotes; a comma when
/// the header has none of them (a single column).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        if b == b'\n' && !quoted {
            break;
        }
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
            c.1 += 1;
        }
    }
    // The first of the most used wins a tie, so commas come first.
    counts.iter().fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best }).0
}

fn row_of(record: &::csv::StringRecord, line: u32) -> Row {
    let cells = record
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let value = if text.trim().is_empty() { Value::Empty } else { Value::Text };
            Cell { text: text.to_string(), value, at: Place { row: line, col: i as u32 + 1 } }
        })
        .collect();
    Row { cells }
}

fn header_of(row: &Row) -> Vec<Column> {
    row.cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(index, c)| Column { name: c.text.trim().to_string(), index, at: c.at })
        .collect()
}

/// Refuses a row with text in a field past the header's last column: its
/// fields no longer line up with the header, most often because a number
/// with a decimal comma (`12,5`) went unquoted into a comma-separated file,
/// so any column after it would be read from its neighbour. Empty fields
/// past the header (a trailing delimiter) are harmless.
fn beyond_header(file: &Arc<str>, header: &[Column], row: &Row) -> Result<(), Problem> {
    let width = header.iter().map(|c| c.index + 1).max().unwrap_or(0);
    let Some(extra) = row.cells.iter().skip(width).find(|c| !c.is_empty()) else { return Ok(()) };
    let fields = row.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
    let at = CellRef { file: file.clone(), sheet: None, place: extra.at };
    Err(Problem::cell(
        "sheet-row-width",
        at,
        &extra.text,
        format!("\"{}\": this line has {fields} fields, the header {width}, so its fields do not line up with the header's columns", extra.text),
    )
    .hint("quote a value that holds the delimiter (\"12,5\"), or export the file with the delimiter your numbers do not use"))
}

/// A record the CSV parser could not read (an unterminated quote and such).
fn broken(file: &Arc<str>, e: &::csv::Error) -> Problem {
    let line = e.position().map(|p| p.line());
    let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
    Problem::file("sheet-corrupt", file, format!("{at}cannot be read as CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        read(&Arc::from("t.csv"), text.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header_line() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n"), b'|');
        assert_eq!(sniff_delimiter("\"x;y\",b\n"), b',');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }

    #[test]
    fn lines_and_columns_are_1_based_and_skip_empty_lines() {
        let t = table("\u{feff}Month,Rate\n\n2026-10,1\n\"2026-11\",\"a\nb\"\n2026-12,3\n");
        assert_eq!(t.column_names(), vec!["Month", "Rate"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells[1].at, Place { row: 3, col: 2 });
        assert_eq!(t.rows[2].cells[0].at, Place { row: 6, col: 1 });
        assert_eq!(t.decimal, Decimal::Point);
    }

    #[test]
    fn a_row_longer_than_the_header_is_refused_at_its_first_extra_field() {
        let e = read(&Arc::from("t.csv"), b"Month,Value\n2026-10,14\n2026-11,12,5\n", &Limits::default()).unwrap_err();
        assert_eq!(e.code, "sheet-row-width");
        assert_eq!(
            e.located_message(),
            "t.csv:3:3: \"5\": this line has 3 fields, the header 2, so its fields do not line up with the header's columns"
        );
        // Trailing delimiters (empty fields past the header) are fine.
        let t = table("Month,Value,\n2026-10,14,,\n");
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_csv_over_the_cell_limit_is_refused_with_its_size() {
        let limits = Limits { max_cells: 5, ..Limits::default() };
        let e = read(&Arc::from("t.csv"), b"a,b\n1,2\n3,4\n", &limits).unwrap_err();
        assert_eq!(e.located_message(), "t.csv: spans 3 rows by 2 columns, more than the 5 cells a sheet may have");
    }

    #[test]
    fn non_utf8_is_refused_with_its_line() {
        let e = read(&Arc::from("t.csv"), b"a,b\n1,caf\xe9\n", &Limits::default()).unwrap_err();
        assert_eq!(e.located_message(), "t.csv: line 2, byte 6: is not UTF-8 text");
    }
}
