//! Placeholder texts still in the data: what `brief init` and `brief new`
//! wrote for a person to replace ("Your Name", "Your Organization"), found
//! in a program's merged state and in brief.yaml, each at the place that
//! holds it. The texts come from [`crate::scaffold::PLACEHOLDERS`], the list
//! the scaffold files are written from.

use super::lint::Check;
use super::types::{Program, Sp};
use crate::diag::{Diagnostic, Origin, Sources};
use crate::locale::Phrase;
use crate::project::Project;
use crate::scaffold::{Placeholder, placeholder_of};

/// A text value of a program and what to call it in a message.
struct Text<'p> {
    field: &'static str,
    /// The item holding the field: the phrase naming its kind and its id,
    /// e.g. ("quality.item.risk", "first-risk").
    item: Option<(&'static str, &'p str)>,
    value: &'p Sp<String>,
}

/// A `placeholder-text` warning for every value of the program that still
/// holds a placeholder text.
pub(crate) fn check(program: &Program) -> Vec<Diagnostic> {
    texts(program)
        .into_iter()
        .filter_map(|t| {
            let placeholder = placeholder_of(&t.value.value)?;
            let what = match t.item {
                Some((kind, id)) => Phrase::new("quality.placeholder.item-field")
                    .with("field", t.field)
                    .with("item", Phrase::new(kind).with("id", id)),
                None => Phrase::new("quality.placeholder.field").with("field", t.field),
            };
            Some(warning(what, placeholder, t.value.origin).in_program(&program.id))
        })
        .collect()
}

/// The same warning for the top-level settings of brief.yaml (its title and
/// organization), read again from the file's text for their places.
pub(crate) fn check_project(project: &Project, sources: &Sources) -> Vec<Diagnostic> {
    let Some(source) = project.source else { return Vec::new() };
    // A file that does not parse was reported when the project was loaded.
    let Ok(node) = crate::load::yaml::parse(&sources.get(source).text, source) else { return Vec::new() };
    node.as_map()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let placeholder = placeholder_of(&e.value.as_scalar()?.text)?;
            let what = Phrase::new("quality.placeholder.project-field").with("field", e.key.as_str());
            Some(warning(what, placeholder, e.value.origin))
        })
        .collect()
}

fn warning(what: Phrase, placeholder: &Placeholder, origin: Origin) -> Diagnostic {
    Check::PlaceholderText
        .warning(vec![("what", what.into()), ("text", placeholder.text.into()), ("by", placeholder.written_by.into())])
        .at(origin)
        .hint("leadership reads this text in the brief: write the real value in its place")
}

/// Every free-text value of a program, items included.
fn texts(p: &Program) -> Vec<Text<'_>> {
    let mut out = present(
        None,
        &[
            ("name", &p.name),
            ("owner", &p.owner),
            ("sponsor", &p.sponsor),
            ("vertical", &p.vertical),
            ("objective", &p.objective),
            ("status_reason", &p.status_reason),
            ("summary", &p.summary),
        ],
    );
    for (field, values) in
        [("regions", &p.regions), ("tags", &p.tags), ("highlights", &p.highlights), ("lowlights", &p.lowlights)]
    {
        out.extend(values.iter().map(|value| Text { field, item: None, value }));
    }
    fn item<'p>(kind: &'static str, id: &'p Sp<String>) -> Option<(&'static str, &'p str)> {
        Some((kind, id.value.as_str()))
    }
    for m in &p.milestones {
        out.extend(present(item("quality.item.milestone", &m.id), &[("name", &m.name), ("owner", &m.owner)]));
    }
    for r in &p.risks {
        out.extend(present(
            item("quality.item.risk", &r.id),
            &[("title", &r.title), ("owner", &r.owner), ("mitigation", &r.mitigation)],
        ));
    }
    for i in &p.issues {
        out.extend(present(
            item("quality.item.issue", &i.id),
            &[("title", &i.title), ("owner", &i.owner), ("resolution", &i.resolution)],
        ));
    }
    for m in &p.metrics {
        out.extend(present(item("quality.item.metric", &m.id), &[("name", &m.name), ("unit", &m.unit)]));
    }
    for a in &p.asks {
        out.extend(present(
            item("quality.item.ask", &a.id),
            &[("title", &a.title), ("owner", &a.owner), ("outcome", &a.outcome)],
        ));
    }
    out
}

/// The fields of one item (or of the program) that hold a value.
fn present<'p>(
    item: Option<(&'static str, &'p str)>,
    fields: &[(&'static str, &'p Option<Sp<String>>)],
) -> Vec<Text<'p>> {
    fields.iter().filter_map(|&(field, value)| Some(Text { field, item, value: value.as_ref()? })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;
    use crate::model::read::Reader;

    fn program(yaml: &str) -> Program {
        let node = parse(yaml, 0).expect("valid YAML");
        let mut diags = Vec::new();
        let mut r = Reader::new(&mut diags, Some("p"));
        crate::model::convert::program(&mut r, "p", Origin::file_start(0), &node, &[])
    }

    #[test]
    fn each_placeholder_is_reported_at_its_value() {
        let p = program("name: Real\nowner: Your Name\nrisks:\n  - id: r1\n    owner: Your Name\n");
        let found = check(&p);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("`owner` still holds the placeholder \"Your Name\" written by `brief new program`")
        );
        assert_eq!(found[0].origin.map(|o| (o.line, o.col)), Some((2, 8)));
        assert!(found[1].message.starts_with("`owner` of risk `r1` still holds"), "{}", found[1].message);
        assert_eq!(found[1].origin.map(|o| (o.line, o.col)), Some((5, 12)));
        assert!(found.iter().all(|d| d.code == "placeholder-text" && !d.is_error()));
    }

    #[test]
    fn real_values_and_similar_texts_are_not_placeholders() {
        let p = program("name: Seller KYC\nowner: Ana Ruiz\nsummary: Your Name is not here.\nhighlights: [Shipped]\n");
        assert!(check(&p).is_empty());
    }
}
