//! Every field of the schema tables is read: a field that `schema.rs` names
//! but the conversion (`convert.rs`, `project.rs` for brief.yaml) ignores
//! would be accepted as known and silently dropped. For each field, a
//! minimal document with the field set to a valid value must convert to
//! something other than the same document without it.

use super::program;
use crate::diag::{Origin, Sources};
use crate::load::yaml::parse;
use crate::model::read::Reader;
use crate::model::schema::{self, Field, Kind};

/// A valid value of the field's kind, in YAML flow syntax, that differs
/// from what the field means when absent (hence the last keyword: the
/// first is often the default).
fn sample(kind: Kind) -> String {
    match kind {
        // A valid text for every text field, output paths included.
        Kind::Text => "sample.pdf".into(),
        Kind::Date => "2026-01-15".into(),
        Kind::Bool => "true".into(),
        Kind::Number => "42.5".into(),
        Kind::Int(_, hi) => hi.to_string(),
        Kind::Keyword(values) => values.last().expect("keywords").to_string(),
        // An address, so that e-mail lists (deliver.to) read it too.
        Kind::Texts => "[sample@example.com]".into(),
        Kind::Keywords(values) => format!("[{}]", values.last().expect("keywords")),
        Kind::KeywordOrList(_, many) => format!("[{}]", many.last().expect("keywords")),
        Kind::Items(_) => "[{id: item}]".into(),
        Kind::StatusByRegion => "{EU: red}".into(),
        Kind::Values => "{2026-01: 7}".into(),
        Kind::Updates => "{2026-01: {status: red}}".into(),
        Kind::Object(fields) => format!("{{{}: {}}}", fields[0].name, sample(fields[0].kind)),
        Kind::Named(fields) => format!("{{item: {{{}: {}}}}}", fields[0].name, sample(fields[0].kind)),
        Kind::TextMap => "{Program: a}".into(),
        Kind::Labels => "{de: {list.and: \"{list} sowie {last}\"}}".into(),
    }
}

/// Debug output without origins: only the values count.
fn values_of(debug: String) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(start) = rest.find("Origin {") {
        let end = start + rest[start..].find('}').expect("Origin's closing brace") + 1;
        out.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn converted(yaml: &str) -> String {
    let node = parse(yaml, 0).expect("valid YAML");
    let mut diags = Vec::new();
    let p = program(&mut Reader::new(&mut diags, Some("p")), "p", Origin::file_start(0), &node, &[]);
    assert!(diags.is_empty(), "{yaml}: {diags:?}");
    values_of(format!("{p:?}"))
}

#[track_caller]
fn assert_read(what: &str, with: &str, without: &str) {
    assert_ne!(converted(with), converted(without), "{what} is in the schema table but the conversion drops it");
}

#[test]
fn every_program_field_is_read() {
    // The `_from` fields are read at the load stage (load::sheets), which fills the lists.
    for field in schema::PROGRAM.iter().filter(|f| !f.name.ends_with("_from")) {
        assert_read(field.name, &format!("{}: {}\n", field.name, sample(field.kind)), "{}\n");
    }
}

#[test]
fn every_item_field_is_read() {
    let lists = [
        ("milestones", schema::MILESTONE),
        ("risks", schema::RISK),
        ("issues", schema::ISSUE),
        ("metrics", schema::METRIC),
        ("asks", schema::ASK),
    ];
    for (list, fields) in lists {
        assert_eq!(schema::find(schema::PROGRAM, list).map(|f| matches!(f.kind, Kind::Items(_))), Some(true));
        // `values_from` is read at the load stage (load::sheets), which fills
        // `values`; the CLI tests of tests/cli/sheets.rs cover it.
        for field in fields.iter().filter(|f| f.name != "id" && f.name != "values_from") {
            let with = format!("{list}: [{{id: item, {}: {}}}]\n", field.name, sample(field.kind));
            assert_read(&format!("{list}.{}", field.name), &with, &format!("{list}: [{{id: item}}]\n"));
        }
        // An item always has an id (`#1` without one): two ids must differ.
        assert_read(&format!("{list}.id"), &format!("{list}: [{{id: item}}]\n"), &format!("{list}: [{{id: other}}]\n"));
    }
}

/// `updates` is read when a file's layers are assembled, not by the conversion.
#[test]
fn the_updates_of_a_base_file_are_read() {
    for field in schema::BASE_ONLY {
        let updates = |extra: &str| {
            let file = format!("name: X\nowner: O\n{extra}");
            let mut sources = Sources::default();
            let loaded = crate::load::load_in_memory(&[("x.yaml".into(), file.into_bytes())], &mut sources);
            let portfolio = crate::model::Portfolio::build(&loaded.programs, &mut Vec::new());
            portfolio.get("x").expect("the program").snapshots.len()
        };
        let with = updates(&format!("{}: {}\n", field.name, sample(field.kind)));
        assert_ne!(with, updates(""), "{} is in the schema table but nothing reads it", field.name);
    }
}

/// brief.yaml as `project::load` reads it, without origins.
fn project_values(dir: &std::path::Path, yaml: &str) -> String {
    std::fs::write(dir.join("brief.yaml"), yaml).expect("a temporary brief.yaml");
    let mut diags = Vec::new();
    let project = crate::project::load(dir, &mut Sources::default(), &mut diags);
    assert!(diags.is_empty(), "{yaml}: {diags:?}");
    values_of(format!("{project:?}"))
}

fn assert_project_fields(dir: &std::path::Path, fields: &[Field], document: impl Fn(&str) -> String) {
    for field in fields {
        // A dimension is text of its own grammar: any text is no valid sample.
        let value = if matches!(field.name, "split_by" | "group_by") { "division".into() } else { sample(field.kind) };
        let with = document(&format!("{}: {}", field.name, value));
        assert_ne!(
            project_values(dir, &with),
            project_values(dir, &document("")),
            "{} is in the schema table but project.rs drops it",
            field.name
        );
    }
}

#[test]
fn every_project_report_and_select_field_is_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert_project_fields(dir.path(), schema::PROJECT, |f| format!("{{{f}}}\n"));
    assert_project_fields(dir.path(), schema::REPORT, |f| format!("reports: {{item: {{{f}}}}}\n"));
    assert_project_fields(dir.path(), schema::SELECT, |f| format!("reports: {{item: {{select: {{{f}}}}}}}\n"));
}
