//! `values_from` (FORMAT.md 6.3): a metric's values read from a CSV, XLSX or
//! ODS file of the project, and `risks_from` (also `milestones_from`,
//! `issues_from`, `asks_from`): a list's items read one per row. Both are
//! read at the load stage and put into the tree as if they were written in
//! the YAML (which wins), so the model validates them like YAML items and
//! does no I/O.
//!
//! Each sheet read is registered in [`Sources`] with its hash, so the
//! manifest lists it, `verify` notices a change and `watch` follows it.
//! Problems in a sheet are diagnostics naming the file, the sheet and the
//! cell (see [`crate::sheets`]); all of them are reported in one run.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Diagnostic, Origin, Source, SourceId, Sources};
use crate::load::yaml::{Entry, Node, Scalar, Value};
use crate::model::period::{Period, parse_date};
use crate::model::read::Reader;
use crate::model::schema;
use crate::sheets::{self, Limits, PeriodValue, Table};

use super::ProgramSource;

/// What a `values_from` mapping asks for, once its shape is valid.
struct ValuesFrom {
    file: String,
    sheet: Option<String>,
    period: String,
    value: String,
    filter: Vec<(String, String)>,
    /// Where `values_from` is written, for the note on every problem.
    origin: Origin,
}

/// A sheet read (with its source id), or why it could not be.
type SheetRead = Result<(Table, SourceId), sheets::Problem>;

/// The sheets read by one load: each (file, sheet) once, with its source id.
struct Reading<'a> {
    root: &'a Path,
    sources: &'a mut Sources,
    diagnostics: &'a mut Vec<Diagnostic>,
    tables: HashMap<(String, Option<String>), SheetRead>,
}

/// Fills the `values` of every metric that has `values_from`, in the base
/// files and the updates of every program; values already in `values` for
/// the same period are kept.
pub(crate) fn fill_values(
    root: &Path,
    programs: &mut [ProgramSource],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut reading = Reading { root, sources, diagnostics, tables: HashMap::new() };
    for program in programs.iter_mut() {
        let id = program.id.clone();
        let nodes = program.base.iter_mut().chain(program.updates.iter_mut().map(|u| &mut u.node));
        for node in nodes {
            for metric in metrics_mut(node) {
                reading.fill_metric(&id, metric);
            }
            reading.fill_lists(&id, node);
        }
    }
}

/// The metric mappings of a program's node (`metrics:` a list of mappings).
fn metrics_mut(node: &mut Node) -> impl Iterator<Item = &mut Vec<Entry>> {
    let list = match &mut node.value {
        Value::Map(entries) => entries.iter_mut().find(|e| e.key == "metrics").map(|e| &mut e.value.value),
        _ => None,
    };
    let items = match list {
        Some(Value::Seq(items)) => items.as_mut_slice(),
        _ => &mut [],
    };
    items.iter_mut().filter_map(|item| match &mut item.value {
        Value::Map(entries) => Some(entries),
        _ => None,
    })
}

impl Reading<'_> {
    fn fill_metric(&mut self, program: &str, metric: &mut Vec<Entry>) {
        let Some(entry) = metric.iter().find(|e| e.key == "values_from") else { return };
        let Some(spec) = read_spec(entry, program, self.diagnostics) else { return };
        let Some((table, source)) = self.table(&spec.file, spec.sheet.as_deref(), spec.origin) else { return };
        let (found, problems) = sheets::values(table, &spec.period, &spec.value, &spec.filter);
        let unmatched =
            if found.is_empty() { no_row_matches(program, table, &spec.file, &spec.filter, spec.origin) } else { None };
        let note = format!("read for `values_from` of program `{program}`");
        for p in problems {
            self.diagnostics.push(located(&p, source).in_program(program).related(spec.origin, note.clone()));
        }
        self.diagnostics.extend(unmatched);
        insert_values(metric, &found, source, spec.origin);
    }

    /// The table of a (file, sheet), read once per load; a problem reading
    /// it is reported once.
    fn table(&mut self, file: &str, sheet: Option<&str>, origin: Origin) -> Option<(&Table, SourceId)> {
        let key = (file.to_string(), sheet.map(str::to_string));
        if !self.tables.contains_key(&key) {
            let read = sheets::read_table(self.root, file, sheet, &Limits::default());
            let read = read.map(|t| {
                let source = register(self.sources, self.root, &t.file, t.sheet.as_deref(), Some(t.sha256));
                (t, source)
            });
            if let Err(p) = &read {
                let note = "the file is named here";
                // A problem at a cell (a CSV line that does not line up
                // with its header) is located there, like a bad cell.
                let d = match &p.cell {
                    Some(cell) => {
                        located(p, register(self.sources, self.root, &cell.file, cell.sheet.as_deref(), None))
                    }
                    None => p.to_diagnostic(),
                };
                self.diagnostics.push(d.related(origin, note));
            }
            self.tables.insert(key.clone(), read);
        }
        self.tables[&key].as_ref().ok().map(|(t, s)| (t, *s))
    }

    /// Fills each list that has a `<list>_from` on this node with one item
    /// per row of its sheet.
    fn fill_lists(&mut self, program: &str, node: &mut Node) {
        let Value::Map(entries) = &mut node.value else { return };
        for (list, fields) in LISTS {
            let key = format!("{list}_from");
            let Some(entry) = entries.iter().find(|e| e.key == key) else { continue };
            let Some(spec) = read_list_spec(entry, fields, program, self.diagnostics) else { continue };
            let Some((table, source)) = self.table(&spec.file, spec.sheet.as_deref(), spec.origin) else { continue };
            let (rows, problems) = sheets::items(table, &spec.columns, &spec.filter);
            let note = format!("read for `{key}` of program `{program}`");
            for p in problems {
                self.diagnostics.push(located(&p, source).in_program(program).related(spec.origin, note.clone()));
            }
            let items =
                rows.iter().filter_map(|row| item_node(row, source, program, &note, spec.origin, self.diagnostics));
            let items: Vec<Node> = items.collect();
            merge_items(entries, list, items, spec.origin);
        }
    }
}

/// The lists a sheet may fill, with their items' fields.
const LISTS: [(&str, &[schema::Field]); 4] =
    [("milestones", schema::MILESTONE), ("risks", schema::RISK), ("issues", schema::ISSUE), ("asks", schema::ASK)];

/// What a `<list>_from` mapping asks for, once its shape is valid.
struct ListFrom {
    file: String,
    sheet: Option<String>,
    /// (item field, column header), in the mapping's order.
    columns: Vec<(String, String)>,
    filter: Vec<(String, String)>,
    origin: Origin,
}

/// One row as an item mapping, its values at their cells; a row without an
/// id is a problem (items merge by id).
fn item_node(
    row: &sheets::Item,
    source: SourceId,
    program: &str,
    note: &str,
    origin: Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let at = |f: &sheets::ItemField| Origin { source, line: f.at.place.row, col: f.at.place.col, len: 0 };
    if row.get("id").is_none() {
        let first = &row.fields[0];
        let message = format!("{}: a row without an id (its first cell shows \"{}\")", first.at.located(), first.text);
        let d = Diagnostic::error("sheet-cell", message).hint("give every row an id: items merge with the YAML by id");
        diagnostics.push(d.in_program(program).related(origin, note.to_string()));
        return None;
    }
    let entries = row.fields.iter().map(|f| Entry {
        key: f.field.as_str().into(),
        key_origin: at(f),
        value: Node::new(Value::Scalar(Scalar { text: f.text.as_str().into(), quoted: false }), at(f)),
    });
    Some(Node::new(Value::Map(entries.collect()), at(&row.fields[0])))
}

/// Puts the sheet's items into the YAML list: an item the YAML has (by id)
/// takes the sheet's fields it does not write itself; the others are added.
fn merge_items(entries: &mut Vec<Entry>, list: &str, items: Vec<Node>, origin: Origin) {
    let position = match entries.iter().position(|e| e.key == list) {
        Some(i) => i,
        None => {
            entries.push(Entry { key: list.into(), key_origin: origin, value: Node::new(Value::Null, origin) });
            entries.len() - 1
        }
    };
    let target = &mut entries[position].value;
    if matches!(target.value, Value::Null) {
        target.value = Value::Seq(Vec::new());
    }
    // Anything but a list is the YAML's own error, reported by the model.
    let Value::Seq(yaml_items) = &mut target.value else { return };
    for item in items {
        let id = item.get("id").and_then(Node::as_scalar).map(|s| s.text.clone());
        let same =
            yaml_items.iter_mut().find(|y| y.get("id").and_then(Node::as_scalar).map(|s| &s.text) == id.as_ref());
        match (same, item.value) {
            (Some(Node { value: Value::Map(yaml), .. }), Value::Map(sheet)) => {
                let missing: Vec<Entry> = sheet.into_iter().filter(|e| !yaml.iter().any(|y| y.key == e.key)).collect();
                yaml.extend(missing);
            }
            (_, value) => yaml_items.push(Node::new(value, item.origin)),
        }
    }
}

/// Reads and checks the shape of a `<list>_from`; the columns must name
/// fields of the list's items, `id` among them.
fn read_list_spec(
    entry: &Entry,
    item_fields: &[schema::Field],
    program: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ListFrom> {
    let mut r = Reader::new(diagnostics, Some(program));
    let fields = r.fields(&entry.value, &entry.key, &[schema::LIST_FROM]);
    let get = |key: &str| fields.iter().find(|e| e.key == key).copied();
    let file = get("file").and_then(|e| r.text(e)).map(|s| s.value);
    let sheet = get("sheet").and_then(|e| r.text(e)).map(|s| s.value);
    let filter = get("where").map_or(Some(Vec::new()), |e| where_pairs(&mut r, e));
    let columns = get("columns").and_then(|e| column_pairs(&mut r, e, item_fields));
    if entry.value.as_map().is_some() {
        for (name, missing) in [("file", file.is_none()), ("columns", get("columns").is_none_or(|e| e.value.is_null()))]
        {
            if missing && get(name).is_none_or(|e| e.value.is_null()) {
                r.report(
                    Diagnostic::error("missing-field", format!("{} needs `{name}`", entry.key))
                        .at(entry.key_origin)
                        .hint("e.g. `risks_from: {file: data/risks.csv, columns: {id: ID, title: Risk}}`"),
                );
            }
        }
    }
    Some(ListFrom { file: file?, sheet, columns: columns?, filter: filter?, origin: entry.key_origin })
}

/// `columns: {field: Header}`: every field known to the item, `id` required.
fn column_pairs(r: &mut Reader<'_>, e: &Entry, item_fields: &[schema::Field]) -> Option<Vec<(String, String)>> {
    let known = r.fields(&e.value, "columns", &[item_fields]);
    let pairs = where_pairs(r, e)?;
    if known.len() < pairs.iter().filter(|(k, _)| !schema::is_extension_key(k)).count() {
        return None;
    }
    if !pairs.iter().any(|(k, _)| k == "id") {
        r.report(
            Diagnostic::error("missing-field", "columns needs `id`: the column that identifies each item")
                .at(e.key_origin)
                .hint("items from a sheet merge with the YAML's by id, e.g. `columns: {id: ID, title: Risk}`"),
        );
        return None;
    }
    Some(pairs.into_iter().filter(|(k, _)| !schema::is_extension_key(k)).collect())
}

/// A problem of a sheet that was read: a bad cell is located at its cell,
/// like a bad YAML value (`data/kpis.xlsx: Takedowns!C14: error: ...`, and
/// its file, row and column in `--format json`); other problems carry their
/// place in the message.
fn located(p: &sheets::Problem, source: SourceId) -> Diagnostic {
    let Some(cell) = &p.cell else { return p.to_diagnostic() };
    let at = Origin { source, line: cell.place.row, col: cell.place.col, len: 0 };
    p.hints.iter().fold(Diagnostic::error(p.code, p.message.clone()).at(at), |d, h| d.hint(h.clone()))
}

/// Registers a sheet as a source of the run: with its hash when it was
/// read, without one when it could not be (so that a problem at one of its
/// cells can still point there).
fn register(sources: &mut Sources, root: &Path, file: &str, sheet: Option<&str>, sha256: Option<[u8; 32]>) -> SourceId {
    let path = root.join(file);
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let mut source = Source::new(path, file.to_string());
    source.sheet = Some(sheet.map(str::to_string));
    let id = sources.add(source);
    sources.set_read(id, std::sync::Arc::from(""), sha256, bytes);
    id
}

/// A `where` that no row of its sheet matches, most often a misspelt
/// program name: the metric would be empty with nothing but "no value
/// for the period" to say why.
fn no_row_matches(
    program: &str,
    table: &Table,
    file: &str,
    filter: &[(String, String)],
    at: Origin,
) -> Option<Diagnostic> {
    let (column, wanted, held) = sheets::unmatched_filter(table, filter)?;
    let mut d = Diagnostic::warning(
        "sheet-no-rows",
        format!("`where` of program `{program}`: no row of {file} has {column} = \"{wanted}\", so nothing is read"),
    )
    .at(at)
    .in_program(program);
    if let Some(close) = crate::diag::did_you_mean(wanted, held.iter().copied()) {
        d = d.hint(format!("did you mean \"{close}\"?"));
    }
    Some(d)
}

/// Adds each value to the metric's `values` unless a value for its period
/// is there already (written in the YAML: it wins).
fn insert_values(metric: &mut Vec<Entry>, found: &[PeriodValue], source: SourceId, origin: Origin) {
    let position = match metric.iter().position(|e| e.key == "values") {
        Some(i) => i,
        None => {
            metric.push(Entry { key: "values".into(), key_origin: origin, value: Node::new(Value::Null, origin) });
            metric.len() - 1
        }
    };
    let values = &mut metric[position].value;
    if matches!(values.value, Value::Null) {
        values.value = Value::Map(Vec::new());
    }
    // Anything but a mapping is the YAML's own error, reported by the model.
    let Value::Map(entries) = &mut values.value else { return };
    let written: Vec<Period> = entries.iter().filter_map(|e| period_of_key(&e.key)).collect();
    for v in found.iter().filter(|v| !written.contains(&v.period)) {
        let at = Origin { source, line: v.at.place.row, col: v.at.place.col, len: 0 };
        let scalar = Scalar { text: ecow::eco_format!("{}", v.value), quoted: false };
        entries.push(Entry {
            key: ecow::eco_format!("{}", v.period),
            key_origin: at,
            value: Node::new(Value::Scalar(scalar), at),
        });
    }
}

/// The period a `values` key stands for: `2026-11`, or the month of `2026-11-30`.
fn period_of_key(key: &str) -> Option<Period> {
    Period::parse(key).ok().or_else(|| parse_date(key).ok().map(Period::of))
}

/// Reads and checks the shape of `values_from`; `None` (with diagnostics)
/// when it cannot be used.
fn read_spec(entry: &Entry, program: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<ValuesFrom> {
    let mut r = Reader::new(diagnostics, Some(program));
    let fields = r.fields(&entry.value, "values_from", &[schema::VALUES_FROM]);
    let text =
        |r: &mut Reader<'_>, key: &str| fields.iter().find(|e| e.key == key).and_then(|e| r.text(e)).map(|s| s.value);
    let (file, sheet, period, value) =
        (text(&mut r, "file"), text(&mut r, "sheet"), text(&mut r, "period"), text(&mut r, "value"));
    let filter = fields.iter().find(|e| e.key == "where").map_or(Some(Vec::new()), |e| where_pairs(&mut r, e));
    if entry.value.as_map().is_some() {
        for (name, got) in [("file", &file), ("period", &period), ("value", &value)] {
            if got.is_none() && fields.iter().find(|e| e.key == name).is_none_or(|e| e.value.is_null()) {
                r.report(
                    Diagnostic::error("missing-field", format!("values_from needs `{name}`"))
                        .at(entry.key_origin)
                        .hint("e.g. `values_from: {file: data/kpis.xlsx, period: Month, value: Rate}`"),
                );
            }
        }
    }
    Some(ValuesFrom { file: file?, sheet, period: period?, value: value?, filter: filter?, origin: entry.key_origin })
}

/// `where: {Column: text}` as (column, text) pairs; the texts are scalars.
fn where_pairs(r: &mut Reader<'_>, e: &Entry) -> Option<Vec<(String, String)>> {
    let Some(entries) = e.value.as_map() else {
        r.report(
            Diagnostic::error(
                "invalid-value",
                format!("where must map column headers to the text of their cells (found {})", e.value.kind_name()),
            )
            .at(e.value.origin)
            .hint("e.g. `where: {Program: counterfeit-enforcement}`"),
        );
        return None;
    };
    let mut pairs = Vec::new();
    for pe in entries {
        match r.text(pe) {
            Some(t) => pairs.push((pe.key.to_string(), t.value)),
            None if pe.value.is_null() => pairs.push((pe.key.to_string(), String::new())),
            None => return None,
        }
    }
    Some(pairs)
}
