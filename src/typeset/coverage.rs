//! Finding text that no available font can draw, before it turns into empty
//! boxes in an executive's PDF.
//!
//! The distinct characters of the report data are checked once against every
//! font; only when some are missing is the data walked again to say which
//! program and field hold them.

use std::collections::BTreeSet;

use typst::text::FontBook;

/// A field whose text holds characters no font covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uncovered {
    pub(crate) program: Option<String>,
    /// A JSON path such as `risks[2].title`.
    pub(crate) field: String,
    pub(crate) chars: String,
}

/// Characters of `text` that no font in `book` covers.
pub(crate) fn missing_chars(book: &FontBook, text: &str) -> BTreeSet<char> {
    let distinct: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !super::scripts::is_invisible(*c))
        .collect();
    let infos: Vec<_> = (0..).map_while(|i| book.info(i)).collect();
    distinct.into_iter().filter(|c| !infos.iter().any(|info| info.coverage.contains(*c as u32))).collect()
}

/// Walks the report data and names each field that holds a missing character.
pub(crate) fn locate(data: &serde_json::Value, missing: &BTreeSet<char>) -> Vec<Uncovered> {
    let mut out = Vec::new();
    if let Some(programs) = data.get("programs").and_then(|p| p.as_array()) {
        for p in programs {
            let id = p.get("id").and_then(|i| i.as_str()).map(str::to_string);
            walk(p, String::new(), &id, missing, &mut out);
        }
    }
    if let Some(portfolio) = data.get("portfolio") {
        walk(portfolio, "portfolio".into(), &None, missing, &mut out);
    }
    if let Some(report) = data.get("report") {
        walk(report, "report".into(), &None, missing, &mut out);
    }
    out
}

fn walk(
    v: &serde_json::Value,
    path: String,
    program: &Option<String>,
    missing: &BTreeSet<char>,
    out: &mut Vec<Uncovered>,
) {
    match v {
        serde_json::Value::String(s) => {
            let chars: String =
                s.chars().filter(|c| missing.contains(c)).collect::<BTreeSet<char>>().into_iter().collect();
            if !chars.is_empty()
                && !out.iter().any(|u| u.program == *program && u.chars == chars && same_field(&u.field, &path))
            {
                out.push(Uncovered { program: program.clone(), field: path, chars });
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), program, missing, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                // Derived copies (changes, chart alt text, history) repeat fields already reported.
                if matches!(k.as_str(), "changes" | "charts" | "chart" | "sparkline" | "next_milestone" | "updates") {
                    continue;
                }
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(item, p, program, missing, out);
            }
        }
        _ => {}
    }
}

/// Two paths name the same field when they differ only in a copied label.
fn same_field(a: &str, b: &str) -> bool {
    a.trim_end_matches("_label") == b.trim_end_matches("_label")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field_with_unknown_script() {
        let data = serde_json::json!({"programs": [{"id": "p1", "owner": "田中 愛子", "name": "Plain"}]});
        let missing: BTreeSet<char> = "田中愛子".chars().collect();
        let found = locate(&data, &missing);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "owner");
        assert_eq!(found[0].program.as_deref(), Some("p1"));
    }
}
