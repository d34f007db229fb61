//! Picking data out of a [`Table`]: the rows matching a `where` filter, then
//! `(period, value)` pairs for a metric ([`values`]) or one item per row
//! through a column mapping ([`items`]). Every bad cell is a [`Problem`];
//! all of them are returned together, with whatever could be read.

use std::collections::HashMap;

use super::cells::{DateOrder, parse_number, parse_period_text, period_of_serial, sniff_date_order};
use super::{Cell, CellRef, Column, Problem, Row, Table, Value};
use crate::model::period::Period;

/// One metric value read from a sheet: its period, the number, and the cell
/// of the number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PeriodValue {
    pub(crate) period: Period,
    pub(crate) value: f64,
    pub(crate) at: CellRef,
}

/// One field of an item read from a sheet: the field's name in the YAML
/// (`title`), the cell's text as shown, and the cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemField {
    pub(crate) field: String,
    pub(crate) text: String,
    pub(crate) at: CellRef,
}

/// One item (a risk, a milestone...) read from one row: its non-empty
/// mapped fields, in the mapping's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub(crate) fields: Vec<ItemField>,
}

impl Item {
    pub(crate) fn get(&self, field: &str) -> Option<&ItemField> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// The metric values of the rows matching every `(column, text)` pair of
/// `filter`: the period from `period_col` (`YYYY-MM`, a date, a date text or
/// a date serial) and the number from `value_col`. A row whose value cell is
/// empty gives nothing; a period given twice is a problem naming both cells.
pub(crate) fn values(
    table: &Table,
    period_col: &str,
    value_col: &str,
    filter: &[(String, String)],
) -> (Vec<PeriodValue>, Vec<Problem>) {
    let mut problems = Vec::new();
    let period = find_column(table, period_col, &mut problems);
    let value = find_column(table, value_col, &mut problems);
    let rows = matching_rows(table, filter, &mut problems);
    let (Some(period), Some(value), Some(rows)) = (period, value, rows) else { return (vec![], problems) };
    let order = sniff_date_order(rows.iter().filter_map(|r| r.get(period)).map(|c| c.text.as_str()));
    let mut out: Vec<PeriodValue> = Vec::new();
    let mut first_at: HashMap<Period, CellRef> = HashMap::new();
    for row in rows {
        let Some(number) = row.get(value).filter(|c| !c.is_empty()) else { continue };
        let n = read_number(table, number, &mut problems);
        let p = match row.get(period).filter(|c| !c.is_empty()) {
            Some(cell) => read_period(table, cell, order, &mut problems),
            None => {
                let at = table.cell_ref(number.at);
                problems.push(Problem::cell(
                    "sheet-cell",
                    at,
                    &number.text,
                    format!("the value \"{}\" has no period in column \"{}\"", number.text, period.name),
                ));
                None
            }
        };
        let (Some(p), Some(n)) = (p, n) else { continue };
        let at = table.cell_ref(number.at);
        if let Some(first) = first_at.get(&p) {
            let message = format!("a second value for {p} (\"{}\"); the first is at {first}", number.text);
            problems.push(
                Problem::cell("sheet-duplicate-period", at, &number.text, message)
                    .hint("keep one row per period, or narrow `where`"),
            );
            continue;
        }
        first_at.insert(p, at.clone());
        out.push(PeriodValue { period: p, value: n, at });
    }
    (out, problems)
}

/// The items of the rows matching `filter`, each field read from the column
/// mapped to it (`(field, column header)`). Rows whose mapped cells are all
/// empty give nothing; error values and formulas without a saved value are
/// problems.
pub(crate) fn items(
    table: &Table,
    columns: &[(String, String)],
    filter: &[(String, String)],
) -> (Vec<Item>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mapped: Vec<(&str, Option<&Column>)> =
        columns.iter().map(|(field, header)| (field.as_str(), find_column(table, header, &mut problems))).collect();
    let rows = matching_rows(table, filter, &mut problems);
    let (true, Some(rows)) = (mapped.iter().all(|(_, c)| c.is_some()), rows) else { return (vec![], problems) };
    let mut out = Vec::new();
    for row in rows {
        let mut fields = Vec::new();
        for (field, column) in &mapped {
            let Some(cell) = column.and_then(|c| row.get(c)).filter(|c| !c.is_empty()) else { continue };
            if let Some(p) = unusable(table, cell) {
                problems.push(p);
                continue;
            }
            fields.push(ItemField {
                field: field.to_string(),
                text: cell.text.trim().to_string(),
                at: table.cell_ref(cell.at),
            });
        }
        if !fields.is_empty() {
            out.push(Item { fields });
        }
    }
    (out, problems)
}

/// The column with this header; a problem listing the headers when missing.
fn find_column<'t>(table: &'t Table, name: &str, problems: &mut Vec<Problem>) -> Option<&'t Column> {
    if let Some(c) = table.column(name) {
        return Some(c);
    }
    let list = table.column_names().iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let mut p =
        Problem::file("sheet-missing-column", &table.file, format!("has no column \"{name}\" in its header row"))
            .in_sheet(table.sheet.as_ref())
            .hint(format!("its columns: {list}"));
    if let Some(close) = table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name.trim())) {
        p = p.hint(format!("did you mean \"{}\"?", close.name));
    }
    problems.push(p);
    None
}

/// The rows whose cells equal (spaces around them ignored) every `where`
/// pair; `None` when a `where` column is missing.
fn matching_rows<'t>(
    table: &'t Table,
    filter: &[(String, String)],
    problems: &mut Vec<Problem>,
) -> Option<Vec<&'t Row>> {
    let wanted: Vec<(Option<&Column>, &str)> =
        filter.iter().map(|(col, text)| (find_column(table, col, problems), text.trim())).collect();
    if wanted.iter().any(|(c, _)| c.is_none()) {
        return None;
    }
    let matches = |row: &Row| {
        wanted.iter().all(|(c, text)| c.and_then(|c| row.get(c)).is_some_and(|cell| cell.text.trim() == *text))
    };
    Some(table.rows.iter().filter(|r| matches(r)).collect())
}

/// When no row of the table matches a `where`: the first of its columns
/// whose value no row has, and the values that column does hold (for a
/// "did you mean"). None when some row matches, or the filter is empty.
pub(crate) fn unmatched_filter<'t>(
    table: &'t Table,
    filter: &'t [(String, String)],
) -> Option<(&'t str, &'t str, Vec<&'t str>)> {
    let mut problems = Vec::new();
    let rows = matching_rows(table, filter, &mut problems)?;
    if filter.is_empty() || !rows.is_empty() || !problems.is_empty() {
        return None;
    }
    filter.iter().find_map(|(name, wanted)| {
        let column = table.column(name)?;
        let held: Vec<&str> = table.rows.iter().filter_map(|r| r.get(column)).map(|c| c.text.trim()).collect();
        (!held.contains(&wanted.trim())).then_some((column.name.as_str(), wanted.as_str(), held))
    })
}

/// Why a cell cannot be used at all: an error value or a formula without a
/// saved value.
fn unusable(table: &Table, cell: &Cell) -> Option<Problem> {
    let at = table.cell_ref(cell.at);
    match cell.value {
        Value::Error => Some(Problem::cell("sheet-cell", at, &cell.text, format!("holds the error {}", cell.text))),
        Value::Uncomputed => Some(
            Problem::cell(
                "sheet-cell",
                at,
                &cell.text,
                format!("the formula {} was saved without its value", cell.text),
            )
            .hint("open the file in a spreadsheet and save it, so the computed values are stored"),
        ),
        _ => None,
    }
}

fn read_number(table: &Table, cell: &Cell, problems: &mut Vec<Problem>) -> Option<f64> {
    if let Some(p) = unusable(table, cell) {
        problems.push(p);
        return None;
    }
    let result = match cell.value {
        Value::Number(n) => Ok(n),
        Value::Date(d) => Err(format!("\"{d}\" is a date, not a number")),
        _ => parse_number(&cell.text, table.decimal).unwrap_or_else(|| Err("is empty".into())),
    };
    result.map_err(|m| problems.push(Problem::cell("sheet-cell", table.cell_ref(cell.at), &cell.text, m))).ok()
}

fn read_period(table: &Table, cell: &Cell, order: Option<DateOrder>, problems: &mut Vec<Problem>) -> Option<Period> {
    if let Some(p) = unusable(table, cell) {
        problems.push(p);
        return None;
    }
    let result = match cell.value {
        Value::Date(d) => Ok(Period::of(d)),
        Value::Number(n) => period_of_serial(n, table.date_1904),
        _ => parse_period_text(&cell.text, order),
    };
    result.map_err(|m| problems.push(Problem::cell("sheet-cell", table.cell_ref(cell.at), &cell.text, m))).ok()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::sheets::{Limits, csv};

    fn table(text: &str) -> Table {
        csv::read(&Arc::from("data/k.csv"), text.as_bytes(), &Limits::default()).unwrap()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    fn messages(ps: &[Problem]) -> Vec<String> {
        ps.iter().map(Problem::located_message).collect()
    }

    #[test]
    fn values_of_one_program_with_every_bad_cell_reported() {
        let t = table(
            "Program,Month,Rate\na,2026-09,1\nb,2026-09,50\na,2026-10,\na,Oct 2026,\"12,5x\"\na,nope,3\na,2026-11,4\na,2026-11,5\n",
        );
        let (vals, problems) = values(&t, "Month", "Rate", &pairs(&[("Program", "a")]));
        let got: Vec<(String, f64)> = vals.iter().map(|v| (v.period.to_string(), v.value)).collect();
        assert_eq!(got, vec![("2026-09".into(), 1.0), ("2026-11".into(), 4.0)]);
        assert_eq!(vals[1].at.located(), "data/k.csv:7:3");
        assert_eq!(
            messages(&problems),
            vec![
                "data/k.csv:5:3: \"12,5x\" is not a number (this file writes decimals with a point: 12.5, 1,234.5)"
                    .to_string(),
                "data/k.csv:6:2: \"nope\" is not a period: expected YYYY-MM (2026-11) or a date (2026-11-30)"
                    .to_string(),
                "data/k.csv:8:3: a second value for 2026-11 (\"5\"); the first is at line 7, column 3".to_string(),
            ]
        );
    }

    #[test]
    fn missing_columns_list_the_header() {
        let t = table("Month,Rate\n2026-11,1\n");
        let (vals, problems) = values(&t, "month", "Value", &pairs(&[("Program", "a")]));
        assert!(vals.is_empty());
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0].located_message(), "data/k.csv: has no column \"month\" in its header row");
        assert_eq!(
            problems[0].hints,
            vec!["its columns: \"Month\", \"Rate\"".to_string(), "did you mean \"Month\"?".to_string()]
        );
    }

    #[test]
    fn items_map_columns_to_fields_and_skip_empty_cells() {
        let t = table("Risk,L,Owner\nSupplier exit,high,\n,,\nPort strike,low,Ana\n");
        let cols = pairs(&[("title", "Risk"), ("likelihood", "L"), ("owner", "Owner")]);
        let (items, problems) = items(&t, &cols, &[]);
        assert!(problems.is_empty());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].fields.len(), 2);
        assert_eq!(items[1].get("owner").unwrap().text, "Ana");
        assert_eq!(items[1].get("owner").unwrap().at.located(), "data/k.csv:4:3");
    }
}
