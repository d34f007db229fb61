//! `values_from` (FORMAT.md 6.3): a metric's values read from a CSV, XLSX or
//! ODS file of the project, at the load stage, so the model sees them as if
//! they were written under `values` and does no I/O.
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
        let Some((table, source)) = self.table(&spec) else { return };
        let (found, problems) = sheets::values(table, &spec.period, &spec.value, &spec.filter);
        let note = format!("read for `values_from` of program `{program}`");
        for p in problems {
            self.diagnostics.push(p.to_diagnostic().in_program(program).related(spec.origin, note.clone()));
        }
        insert_values(metric, &found, source, spec.origin);
    }

    /// The table of a (file, sheet), read once per load; a problem reading
    /// it is reported once.
    fn table(&mut self, spec: &ValuesFrom) -> Option<(&Table, SourceId)> {
        let key = (spec.file.clone(), spec.sheet.clone());
        if !self.tables.contains_key(&key) {
            let read = sheets::read_table(self.root, &spec.file, spec.sheet.as_deref(), &Limits::default());
            let read = read.map(|t| {
                let source = register(self.sources, self.root, &t);
                (t, source)
            });
            if let Err(p) = &read {
                let note = "the file is named here";
                self.diagnostics.push(p.to_diagnostic().related(spec.origin, note));
            }
            self.tables.insert(key.clone(), read);
        }
        self.tables[&key].as_ref().ok().map(|(t, s)| (t, *s))
    }
}

/// Registers a sheet that was read as a source of the run, with its hash.
fn register(sources: &mut Sources, root: &Path, table: &Table) -> SourceId {
    let path = root.join(&*table.file);
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let mut source = Source::new(path, table.file.to_string());
    source.sheet = Some(table.sheet.as_deref().map(str::to_string));
    let id = sources.add(source);
    sources.set_read(id, std::sync::Arc::from(""), Some(table.sha256), bytes);
    id
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
        let scalar = Scalar { text: v.value.to_string(), quoted: false };
        entries.push(Entry { key: v.period.to_string(), key_origin: at, value: Node::new(Value::Scalar(scalar), at) });
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
            Some(t) => pairs.push((pe.key.clone(), t.value)),
            None if pe.value.is_null() => pairs.push((pe.key.clone(), String::new())),
            None => return None,
        }
    }
    Some(pairs)
}
