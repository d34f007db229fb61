//! Limits that protect memory and time from hostile or runaway sheet files,
//! checked before anything is parsed, like the YAML limits.
//!
//! XLSX and ODS are zip archives of XML. Before `calamine` sees one, the zip
//! central directory is read (declared sizes), then every entry is inflated
//! as a stream into a counter that stops at the limit, so a zip bomb costs at
//! most the limit in time and nothing in memory. The sheet XML is scanned on
//! the way for its rows and the furthest cell, because `calamine` allocates
//! the whole rectangle from A1-ish to the furthest cell.

use std::io::{Cursor, Read};
use std::sync::Arc;

use super::{Format, Problem};

/// The sizes a sheet file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Bytes of the file on disk.
    pub(crate) max_file_bytes: u64,
    /// Bytes of all entries of an XLSX/ODS archive once inflated.
    pub(crate) max_unzipped_bytes: u64,
    /// Rows with content in one sheet (the sheets of an ODS file together).
    pub(crate) max_rows: u64,
    /// Cells of one sheet: its rows times its columns, empty cells included.
    pub(crate) max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20 * 1024 * 1024,
            max_unzipped_bytes: 200 * 1024 * 1024,
            max_rows: 100_000,
            max_cells: 2_000_000,
        }
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Limits {
    pub(crate) fn check_file_size(&self, file: &Arc<str>, size: u64) -> Result<(), Problem> {
        if size <= self.max_file_bytes {
            return Ok(());
        }
        Err(Problem::file(
            "sheet-too-large",
            file,
            format!("is {}, more than the {} a sheet file may have", mib(size), mib(self.max_file_bytes)),
        )
        .hint("keep only the rows the briefs need, or split the file"))
    }

    /// Refuses a file with more rows than the limit (`rows` counted so far).
    pub(crate) fn check_rows(&self, file: &Arc<str>, rows: u64) -> Result<(), Problem> {
        if rows <= self.max_rows {
            return Ok(());
        }
        Err(Problem::file(
            "sheet-too-large",
            file,
            format!("has more than {} rows, the limit", thousands(self.max_rows)),
        )
        .hint("keep only the rows the briefs need, or split the file"))
    }

    /// Refuses a sheet whose rectangle of cells is larger than the limit.
    pub(crate) fn check_cells(&self, file: &Arc<str>, rows: u64, cols: u64) -> Result<(), Problem> {
        if rows.saturating_mul(cols) <= self.max_cells {
            return Ok(());
        }
        Err(Problem::file(
            "sheet-too-large",
            file,
            format!(
                "spans {} rows by {} columns, more than the {} cells a sheet may have",
                thousands(rows),
                thousands(cols),
                thousands(self.max_cells)
            ),
        )
        .hint("delete stray cells far below or right of the data"))
    }

    /// Checks an XLSX/ODS archive before it is parsed: declared and real
    /// inflated sizes, rows and the furthest cell of each sheet.
    pub(crate) fn check_archive(&self, file: &Arc<str>, bytes: &[u8], format: Format) -> Result<(), Problem> {
        let not_zip = |e: zip::result::ZipError| {
            Problem::file("sheet-corrupt", file, format!("is not a valid {} workbook ({e})", format_name(format)))
                .hint("open it in a spreadsheet and save it again")
        };
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_zip)?;
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            declared = declared.saturating_add(archive.by_index_raw(i).map_err(not_zip)?.size());
        }
        self.check_unzipped(file, declared, true)?;
        let mut inflated: u64 = 0;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(not_zip)?;
            let is_sheet = entry.name().is_ok_and(|name| is_sheet_xml(&name, format));
            let mut scan = is_sheet.then(|| SheetScan::new(format));
            inflated = self.inflate(file, &mut entry, inflated, scan.as_mut())?;
            if let Some(scan) = scan {
                self.check_rows(file, scan.rows)?;
                self.check_cells(file, scan.max_row, scan.max_col)?;
            }
        }
        Ok(())
    }

    /// Refuses an archive unpacking past the limit: `declared` is the size its
    /// central directory gives, `None` when the count while inflating passed it.
    fn check_unzipped(&self, file: &Arc<str>, size: u64, declared: bool) -> Result<(), Problem> {
        if size <= self.max_unzipped_bytes {
            return Ok(());
        }
        let how_much = if declared { format!("{}, past", mib(size)) } else { "past".to_string() };
        Err(Problem::file(
            "sheet-too-large",
            file,
            format!(
                "unpacks to more than {} ({how_much} the limit): refused as a possible zip bomb",
                mib(self.max_unzipped_bytes)
            ),
        ))
    }

    /// Inflates one entry in chunks, counting bytes (all entries so far:
    /// `so_far`) and feeding the sheet scanner; stops at the first limit passed.
    fn inflate(
        &self,
        file: &Arc<str>,
        entry: &mut impl Read,
        so_far: u64,
        mut scan: Option<&mut SheetScan>,
    ) -> Result<u64, Problem> {
        let mut total = so_far;
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = entry.read(&mut chunk).map_err(|e| {
                Problem::file("sheet-corrupt", file, format!("is damaged: {e}"))
                    .hint("open it in a spreadsheet and save it again")
            })?;
            if n == 0 {
                return Ok(total);
            }
            total += n as u64;
            self.check_unzipped(file, total, false)?;
            if let Some(scan) = scan.as_deref_mut() {
                scan.feed(&chunk[..n]);
                self.check_rows(file, scan.rows)?;
            }
        }
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "CSV",
        Format::Xlsx => "XLSX",
        Format::Ods => "ODS",
    }
}

fn is_sheet_xml(name: &str, format: Format) -> bool {
    match format {
        Format::Xlsx => name.starts_with("xl/worksheets/") && name.ends_with(".xml"),
        Format::Ods => name == "content.xml",
        Format::Csv => false,
    }
}

/// A streaming look at sheet XML: start tags and their attributes, enough to
/// count rows and find the furthest cell without building a document.
struct SheetScan {
    format: Format,
    tags: Tags,
    /// Rows with content seen so far.
    rows: u64,
    /// The furthest row and column of one sheet (the largest seen).
    max_row: u64,
    max_col: u64,
    ods: OdsCursor,
}

/// A streaming tokenizer of XML start and end tags: hands each tag's text
/// (between `<` and `>`, quotes respected) to a callback, across chunks.
#[derive(Default)]
pub(super) struct Tags {
    tag: Vec<u8>,
    state: TagState,
}

impl Tags {
    pub(super) fn feed(&mut self, bytes: &[u8], mut on_tag: impl FnMut(&[u8])) {
        for &b in bytes {
            match self.state {
                TagState::Text if b == b'<' => {
                    self.tag.clear();
                    self.state = TagState::Tag;
                }
                TagState::Text => {}
                TagState::Tag if b == b'>' => {
                    self.state = TagState::Text;
                    on_tag(&self.tag);
                }
                TagState::Tag | TagState::Quoted(_) => {
                    if let TagState::Quoted(q) = self.state {
                        if b == q {
                            self.state = TagState::Tag;
                        }
                    } else if b == b'"' || b == b'\'' {
                        self.state = TagState::Quoted(b);
                    }
                    if self.tag.len() < MAX_TAG {
                        self.tag.push(b);
                    }
                }
            }
        }
    }
}

/// A tag's name (`table:table-row`, `/row`) and whether it closes itself.
pub(super) fn tag_name(tag: &[u8]) -> (&[u8], bool) {
    let end = tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'/' && tag[0] != b'/').unwrap_or(tag.len());
    (&tag[..end], tag.ends_with(b"/"))
}

/// The number in attribute `key` (ODS repeat and span counts), 1 when absent.
pub(super) fn count_attr(tag: &[u8], key: &[u8]) -> u64 {
    attr(tag, key).and_then(|v| std::str::from_utf8(v).ok()?.parse::<u64>().ok()).unwrap_or(1)
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum TagState {
    #[default]
    Text,
    Tag,
    Quoted(u8),
}

/// Where an ODS scan is: ODS counts repeated rows and columns instead of
/// naming cells.
#[derive(Default)]
struct OdsCursor {
    row: u64,
    col: u64,
    row_repeat: u64,
    row_has_value: bool,
}

/// Tags longer than this keep only their start: the attributes that matter
/// come first.
const MAX_TAG: usize = 4096;

impl SheetScan {
    fn new(format: Format) -> Self {
        SheetScan { format, tags: Tags::default(), rows: 0, max_row: 0, max_col: 0, ods: OdsCursor::default() }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let mut tags = std::mem::take(&mut self.tags);
        tags.feed(bytes, |tag| self.on_tag(tag));
        self.tags = tags;
    }

    fn on_tag(&mut self, tag: &[u8]) {
        if tag.is_empty() {
            return;
        }
        let (name, self_closing) = tag_name(tag);
        match self.format {
            Format::Xlsx => self.on_xlsx_tag(local_name(name), tag),
            Format::Ods => self.on_ods_tag(name, tag, self_closing),
            Format::Csv => {}
        }
    }

    fn on_xlsx_tag(&mut self, name: &[u8], tag: &[u8]) {
        match name {
            b"row" => self.rows += 1,
            b"c" => {
                if let Some((col, row)) = attr(tag, b"r").and_then(split_cell_ref) {
                    self.max_row = self.max_row.max(row);
                    self.max_col = self.max_col.max(col);
                }
            }
            _ => {}
        }
        self.rows = self.rows.max(self.max_row);
    }

    fn on_ods_tag(&mut self, name: &[u8], tag: &[u8], self_closing: bool) {
        let count =
            |key: &[u8]| attr(tag, key).and_then(|v| std::str::from_utf8(v).ok()?.parse::<u64>().ok()).unwrap_or(1);
        match name {
            b"table:table" => self.ods = OdsCursor::default(),
            b"table:table-row" => {
                self.ods.row_repeat = count(b"table:number-rows-repeated");
                self.ods.row_has_value = false;
                self.ods.col = 0;
                if self_closing {
                    self.end_ods_row();
                }
            }
            b"/table:table-row" => self.end_ods_row(),
            b"table:table-cell" | b"table:covered-table-cell" => {
                let repeat = count(b"table:number-columns-repeated");
                self.ods.col = self.ods.col.saturating_add(repeat);
                if attr(tag, b"office:value-type").is_some() {
                    self.ods.row_has_value = true;
                    self.max_col = self.max_col.max(self.ods.col);
                }
            }
            _ => {}
        }
    }

    fn end_ods_row(&mut self) {
        let o = &mut self.ods;
        o.row = o.row.saturating_add(o.row_repeat);
        if o.row_has_value {
            self.rows = self.rows.saturating_add(o.row_repeat);
            self.max_row = self.max_row.max(o.row);
        }
        o.row_has_value = false;
    }
}

/// `x:row` -> `row`: XLSX writers may prefix the main namespace.
fn local_name(name: &[u8]) -> &[u8] {
    name.iter().position(|b| *b == b':').map_or(name, |i| &name[i + 1..])
}

/// The value of attribute `key` in a tag's text.
pub(super) fn attr<'t>(tag: &'t [u8], key: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(i) = find(&tag[from..], key).map(|i| i + from) {
        let after = i + key.len();
        let starts_word = i > 0 && tag[i - 1].is_ascii_whitespace();
        if starts_word && tag.get(after) == Some(&b'=') {
            let quote = *tag.get(after + 1)?;
            let rest = &tag[after + 2..];
            let end = rest.iter().position(|b| *b == quote)?;
            return Some(&rest[..end]);
        }
        from = after;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `C14` -> (3, 14).
fn split_cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let col = r[..letters]
        .iter()
        .try_fold(0u64, |acc, b| acc.checked_mul(26)?.checked_add(u64::from(b.to_ascii_uppercase() - b'A' + 1)))?;
    let row = std::str::from_utf8(&r[letters..]).ok()?.parse().ok()?;
    Some((col, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(format: Format, xml: &str, chunk: usize) -> SheetScan {
        let mut s = SheetScan::new(format);
        for part in xml.as_bytes().chunks(chunk) {
            s.feed(part);
        }
        s
    }

    #[test]
    fn xlsx_scan_finds_rows_and_the_furthest_cell_across_chunks() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="7"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#;
        for chunk in [1, 3, 7, 1000] {
            let s = scan(Format::Xlsx, xml, chunk);
            assert_eq!((s.rows, s.max_row, s.max_col), (1_048_576, 1_048_576, 16_384), "chunk {chunk}");
        }
    }

    #[test]
    fn ods_scan_counts_repeated_rows_with_values_only() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="5" office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        let s = scan(Format::Ods, xml, 5);
        assert_eq!((s.rows, s.max_row, s.max_col), (3, 3, 6));
    }

    #[test]
    fn inflating_stops_at_the_limit_whatever_the_headers_declared() {
        let limits = Limits { max_unzipped_bytes: 1000, ..Limits::default() };
        let file: Arc<str> = Arc::from("b.xlsx");
        let mut endless = std::io::repeat(b' ').take(1 << 40);
        let e = limits.inflate(&file, &mut endless, 0, None).unwrap_err();
        assert_eq!(
            e.located_message(),
            "b.xlsx: unpacks to more than 0.0 MB (past the limit): refused as a possible zip bomb"
        );
        assert_eq!(limits.inflate(&file, &mut std::io::repeat(b' ').take(999), 0, None).unwrap(), 999);
    }

    #[test]
    fn attributes_are_found_whole_words_only() {
        assert_eq!(attr(br#"c s="1" r="B2""#, b"r"), Some(&b"B2"[..]));
        assert_eq!(attr(br#"c rr="1""#, b"r"), None);
        assert_eq!(split_cell_ref(b"AA10"), Some((27, 10)));
    }
}
