//! The sheet reader on real files: XLSX written by openpyxl, XLSX and ODS
//! saved by LibreOffice, CSV as Excel and a German locale export them, and
//! hostile files (zip bombs, a million rows). See tests/fixtures/sheets/README.md.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::sheets::{Limits, PeriodValue, Problem, Table, items, read_table, values};
use sha2::Digest as _;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets");

/// A project folder holding the fixtures under `data/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.starts_with("bomb") && !name.ends_with(".py") && !name.ends_with(".md") {
            std::fs::copy(&path, dir.path().join("data").join(name)).unwrap();
        }
    }
    dir
}

fn read(root: &Path, file: &str, sheet: Option<&str>) -> Table {
    read_table(root, file, sheet, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn where_(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn series(vals: &[PeriodValue]) -> Vec<(String, f64)> {
    vals.iter().map(|v| (v.period.to_string(), v.value)).collect()
}

fn messages(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.to_diagnostic().message).collect()
}

fn expected_rates() -> Vec<(String, f64)> {
    [("2026-07", 10.5), ("2026-08", 11.0), ("2026-09", 12.25), ("2026-10", 13.0), ("2026-11", 1234.5)]
        .iter()
        .map(|(p, v)| (p.to_string(), *v))
        .collect()
}

#[test]
fn xlsx_periods_from_date_cells_serials_and_text_for_one_program() {
    let dir = project();
    let t = read(dir.path(), "data/kpis.xlsx", Some("Takedowns"));
    let (vals, problems) = values(&t, "Month", "Rate", &where_(&[("Program", "ce")]));
    assert_eq!(messages(&problems), Vec::<String>::new());
    // 2026-12 has an empty value: skipped, not zero; "other" is filtered out.
    assert_eq!(series(&vals), expected_rates());
    assert_eq!(vals[3].at.located(), "data/kpis.xlsx: Takedowns!C5");
}

#[test]
fn xlsx_percent_formatted_numbers_read_as_shown() {
    let dir = project();
    for file in ["data/kpis.xlsx", "data/kpis.ods"] {
        let t = read(dir.path(), file, None);
        let (vals, problems) = values(&t, "Month", "Share", &where_(&[("Program", "ce")]));
        assert!(problems.is_empty(), "{problems:?}");
        let shares: Vec<f64> = vals.iter().map(|v| v.value).collect();
        assert_eq!(shares, vec![87.5, 90.0, 91.5, 92.0, 87.5], "{file}");
    }
}

#[test]
fn xlsx_bad_cells_are_all_reported_with_their_exact_reference() {
    let dir = project();
    let t = read(dir.path(), "data/kpis.xlsx", Some("Takedowns"));
    let (vals, problems) = values(&t, "Month", "Rate", &where_(&[("Program", "bad")]));
    assert_eq!(series(&vals), vec![("2027-01".to_string(), 7.0)]);
    assert_eq!(
        messages(&problems),
        vec![
            "data/kpis.xlsx: Takedowns!B12: \"2027-13\" is not a period: there is no month 13",
            "data/kpis.xlsx: Takedowns!C13: holds the error #N/A",
            "data/kpis.xlsx: Takedowns!C14: \"12,5x\" is not a number (this file writes decimals with a point: 12.5, 1,234.5)",
        ]
    );
    assert_eq!(problems[2].text.as_deref(), Some("12,5x"));
}

#[test]
fn ods_saved_by_libreoffice_reads_the_same_values_and_cells() {
    let dir = project();
    let t = read(dir.path(), "data/kpis.ods", Some("Takedowns"));
    let (vals, problems) = values(&t, "Month", "Rate", &where_(&[("Program", "ce")]));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(series(&vals), expected_rates());
    let (_, problems) = values(&t, "Month", "Rate", &where_(&[("Program", "bad")]));
    let first = messages(&problems).into_iter().next().unwrap();
    assert_eq!(first, "data/kpis.ods: Takedowns!B12: \"2027-13\" is not a period: there is no month 13");
}

#[test]
fn formulas_are_read_as_their_saved_values_never_evaluated() {
    let dir = project();
    // LibreOffice computed and saved the value of =B2*2.
    for file in ["data/kpis-saved.xlsx", "data/kpis.ods"] {
        let t = read(dir.path(), file, Some("Formulas"));
        let (vals, problems) = values(&t, "Month", "Doubled", &[]);
        assert!(problems.is_empty(), "{file}: {problems:?}");
        assert_eq!(series(&vals), vec![("2026-11".to_string(), 42.0)], "{file}");
    }
    // openpyxl saves formulas without a value: refused, not read as empty.
    let t = read(dir.path(), "data/kpis.xlsx", Some("Formulas"));
    let (vals, problems) = values(&t, "Month", "Doubled", &[]);
    assert!(vals.is_empty());
    assert_eq!(messages(&problems), vec!["data/kpis.xlsx: Formulas!C2: the formula =B2*2 was saved without its value"]);
}

#[test]
fn merged_cells_apply_to_every_row_they_cover() {
    let dir = project();
    for file in ["data/kpis.xlsx", "data/kpis.ods"] {
        let t = read(dir.path(), file, Some("Risks"));
        let columns = where_(&[("title", "Risk"), ("likelihood", "L"), ("owner", "Owner")]);
        let (risks, problems) = items(&t, &columns, &where_(&[("Program", "ce")]));
        assert!(problems.is_empty(), "{problems:?}");
        let titles: Vec<&str> = risks.iter().map(|r| r.get("title").unwrap().text.as_str()).collect();
        assert_eq!(titles, vec!["Supplier exit", "Port strike", "Data breach"], "{file}");
        let owners: Vec<&str> = risks.iter().map(|r| r.get("owner").unwrap().text.as_str()).collect();
        assert_eq!(owners, vec!["Ana", "Ana", "Raj"], "{file}");
        // The merged value is located where it is written.
        assert_eq!(risks[1].get("owner").unwrap().at.located(), format!("{file}: Risks!D2"));
        assert_eq!(risks[1].get("title").unwrap().at.located(), format!("{file}: Risks!B3"));
    }
}

#[test]
fn items_with_a_missing_column_list_the_columns() {
    let dir = project();
    let t = read(dir.path(), "data/kpis.xlsx", Some("Risks"));
    let (risks, problems) = items(&t, &where_(&[("title", "Risk"), ("impact", "Impact")]), &[]);
    assert!(risks.is_empty());
    assert_eq!(messages(&problems), vec!["data/kpis.xlsx: sheet Risks: has no column \"Impact\" in its header row"]);
    assert_eq!(problems[0].hints, vec!["its columns: \"Program\", \"Risk\", \"L\", \"Owner\"".to_string()]);
}

#[test]
fn csv_with_bom_thousands_separators_percent_and_a_bad_decimal_comma() {
    let dir = project();
    let t = read(dir.path(), "data/bom.csv", None);
    assert!(t.sheet.is_none());
    let (vals, problems) = values(&t, "Month", "Rate", &where_(&[("Program", "ce")]));
    assert_eq!(series(&vals), vec![("2026-10".to_string(), 1234.5), ("2026-11".to_string(), 87.5)]);
    assert_eq!(
        messages(&problems),
        vec!["data/bom.csv:5:3: \"12,5\" is not a number (this file writes decimals with a point: 12.5, 1,234.5)"]
    );
}

#[test]
fn semicolon_csv_reads_decimal_commas_and_day_first_dates() {
    let dir = project();
    let t = read(dir.path(), "data/european.csv", None);
    let (vals, problems) = values(&t, "Monat", "Quote", &where_(&[("Programm", "ce")]));
    assert_eq!(series(&vals), vec![("2026-10".to_string(), 1234.5), ("2026-11".to_string(), 87.5)]);
    assert_eq!(
        messages(&problems),
        vec!["data/european.csv:4:3: \"12.5\" is not a number (this file writes decimals with a comma: 12,5, 1.234,5)"]
    );
}

#[test]
fn tab_separated_slash_dates_take_their_order_from_the_column() {
    let dir = project();
    let t = read(dir.path(), "data/slashes.tsv", None);
    let (vals, problems) = values(&t, "Month", "Value", &[]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(series(&vals), vec![("2026-11".to_string(), 3.0), ("2026-12".to_string(), 4.0)]);
}

#[test]
fn the_hash_of_the_bytes_read_comes_with_the_table() {
    let dir = project();
    let t = read(dir.path(), "data/kpis.ods", None);
    let bytes = std::fs::read(dir.path().join("data/kpis.ods")).unwrap();
    assert_eq!(t.sha256, <[u8; 32]>::from(sha2::Sha256::digest(&bytes)));
}

fn error(root: &Path, file: &str, sheet: Option<&str>, limits: &Limits) -> Problem {
    match read_table(root, file, sheet, limits) {
        Ok(_) => panic!("{file} was read"),
        Err(e) => e,
    }
}

#[test]
fn a_missing_file_lists_the_spreadsheets_of_its_folder() {
    let dir = project();
    let e = error(dir.path(), "data/kpi.xlsx", None, &Limits::default());
    assert_eq!(e.to_diagnostic().message, "data/kpi.xlsx: no such file");
    assert_eq!(
        e.hints,
        vec![
            "spreadsheets in data/: data/bom.csv, data/european.csv, data/kpis-saved.xlsx, data/kpis.ods, data/kpis.xlsx, data/slashes.tsv"
                .to_string()
        ]
    );
    let e = error(dir.path(), "nowhere/kpi.csv", None, &Limits::default());
    assert_eq!(e.to_diagnostic().message, "nowhere/kpi.csv: no such file: there is no folder nowhere/");
}

#[test]
fn a_missing_sheet_lists_the_sheets() {
    let dir = project();
    let e = error(dir.path(), "data/kpis.ods", Some("Takedown"), &Limits::default());
    assert_eq!(e.to_diagnostic().message, "data/kpis.ods: has no sheet \"Takedown\"");
    assert_eq!(e.hints, vec!["its sheets: \"Takedowns\", \"Risks\", \"Formulas\"".to_string()]);
    let e = error(dir.path(), "data/bom.csv", Some("Takedowns"), &Limits::default());
    assert_eq!(e.code, "sheet-not-a-workbook");
}

#[test]
fn files_outside_the_project_are_refused() {
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.csv"), "a,b\n1,2\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.csv"), dir.path().join("data/link.csv")).unwrap();
    let absolute = outside.path().join("secret.csv").to_string_lossy().to_string();
    for file in ["../secret.csv", "data/../../secret.csv", absolute.as_str(), "data/link.csv"] {
        let e = error(dir.path(), file, None, &Limits::default());
        assert_eq!(e.code, "sheet-outside-project", "{file}");
        assert_eq!(e.message, "is not inside the project", "{file}");
    }
}

/// Reads a hostile file with the default limits and returns the message
/// of its refusal, after checking that it is a refusal of the whole file
/// (no cell, no sheet: nothing of it was read as a table). How fast a
/// refusal is, is measured by the benchmarks, never by a test.
fn refuse(root: &Path, file: &str) -> String {
    let e = error(root, file, None, &Limits::default());
    assert!(e.cell.is_none() && e.sheet.is_none(), "{file}: refused at a place inside it: {e:?}");
    e.to_diagnostic().message
}

fn fixture_root_with(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(Path::new(FIXTURES).join(f), dir.path().join(f)).unwrap();
    }
    let root = dir.path().to_path_buf();
    (dir, root)
}

#[test]
fn a_zip_bomb_is_refused_from_its_central_directory() {
    let (_dir, root) = fixture_root_with(&["bomb.xlsx"]);
    // The size in the message is the one the central directory declares:
    // only that check, before any entry is inflated, knows it.
    assert_eq!(
        refuse(&root, "bomb.xlsx"),
        "bomb.xlsx: unpacks to more than 200.0 MB (1024.0 MB, past the limit): refused as a possible zip bomb"
    );
}

#[test]
fn a_zip_bomb_with_lying_sizes_is_stopped_while_inflating() {
    let (_dir, root) = fixture_root_with(&["bomb-lying.xlsx"]);
    // The zip reader stops at the declared size; the byte count of the limits
    // would stop it at the limit otherwise (unit-tested in sheets::limits).
    assert_eq!(
        refuse(&root, "bomb-lying.xlsx"),
        "bomb-lying.xlsx: is damaged: File is larger than its declared uncompressed size"
    );
}

/// Writes a CSV of a header and `rows` rows.
fn write_csv_rows(dir: &Path, name: &str, rows: u32) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
    writeln!(f, "Month,Value").unwrap();
    for i in 0..rows {
        writeln!(f, "2026-11,{i}").unwrap();
    }
}

#[test]
fn a_million_row_csv_is_refused_at_the_first_row_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write_csv_rows(dir.path(), "rows.csv", 1_000_000);
    assert_eq!(refuse(dir.path(), "rows.csv"), "rows.csv: has more than 100,000 rows, the limit");
    // The count runs with the reading, the header included: the limit's
    // last row is read, the next one refused, whatever follows it.
    let limits = Limits { max_rows: 3, ..Limits::default() };
    write_csv_rows(dir.path(), "three.csv", 2);
    write_csv_rows(dir.path(), "four.csv", 3);
    assert_eq!(read_table(dir.path(), "three.csv", None, &limits).map(|t| t.rows.len()), Ok(2));
    let e = error(dir.path(), "four.csv", None, &limits);
    assert_eq!(e.to_diagnostic().message, "four.csv: has more than 3 rows, the limit");
}

/// Writes `name` in `dir`: a minimal XLSX whose one sheet holds the rows
/// `write` puts between `<sheetData>` and `</sheetData>`.
fn write_xlsx(dir: &Path, name: &str, write: impl FnOnce(&mut zip::ZipWriter<std::fs::File>)) {
    let file = std::fs::File::create(dir.join(name)).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (part, body) in minimal_xlsx_parts() {
        zip.start_file(part, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
        .unwrap();
    write(&mut zip);
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap();
}

#[test]
fn a_million_row_xlsx_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(dir.path(), "rows.xlsx", |zip| {
        for r in 1..=1_000_000u32 {
            write!(zip, r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#).unwrap();
        }
        // Broken XML after the rows: a parser would stop here with its own
        // error, so the row limit's message shows the limits came first.
        zip.write_all(br#"<row r="1000001"><c r="A1000001"><v>1</v>"#).unwrap();
    });
    assert_eq!(refuse(dir.path(), "rows.xlsx"), "rows.xlsx: has more than 100,000 rows, the limit");
    // The same broken tail under the limit: the parser does refuse it.
    write_xlsx(dir.path(), "broken.xlsx", |zip| {
        zip.write_all(br#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v>"#).unwrap();
    });
    let e = error(dir.path(), "broken.xlsx", None, &Limits::default());
    assert_eq!(e.to_diagnostic().message, "broken.xlsx: cannot be read: Unexpected end of xml, expecting '</c>'");
}

#[test]
fn a_sheet_with_one_far_away_cell_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(dir.path(), "far.xlsx", |zip| {
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="ZZ90000"><v>1</v></c></row>"#;
        zip.write_all(rows.as_bytes()).unwrap();
    });
    assert_eq!(
        refuse(dir.path(), "far.xlsx"),
        "far.xlsx: spans 90,000 rows by 702 columns, more than the 2,000,000 cells a sheet may have"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = project();
    let limits = Limits { max_file_bytes: 1000, ..Limits::default() };
    let e = error(dir.path(), "data/kpis.xlsx", None, &limits);
    assert!(e.to_diagnostic().message.starts_with("data/kpis.xlsx: is 0.0 MB, more than the 0.0 MB"), "{e}");
    assert_eq!(e.code, "sheet-too-large");
}

fn minimal_xlsx_parts() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ]
}
