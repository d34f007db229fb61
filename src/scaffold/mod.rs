//! The files `brief init` and `brief new` start from, and the placeholder
//! texts they hold.
//!
//! Every text a person is meant to replace is listed once in
//! [`PLACEHOLDERS`]: the scaffold files are filled from that list, and
//! `model::placeholders` warns while one of them is still in the data, so
//! the two cannot drift apart. Values that come from the command line or
//! from earlier files are written through [`yaml_text`], which quotes them
//! whenever a plain YAML scalar would read differently.

/// brief.yaml of a new project, with `{key}` slots for [`PLACEHOLDERS`].
pub(crate) const PROJECT_FILE: &str = include_str!("brief.yaml");
/// program.yaml of a new program.
pub(crate) const PROGRAM_FILE: &str = include_str!("program.yaml");
/// The example update `brief init` writes.
pub(crate) const UPDATE_FILE: &str = include_str!("update.yaml");

/// A text written by `brief init` or `brief new` for a person to replace.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    /// The `{key}` slot it fills in the scaffold files.
    pub key: &'static str,
    /// The text itself.
    pub text: &'static str,
    /// The command that writes it, for the warning.
    pub written_by: &'static str,
}

const fn placeholder(key: &'static str, text: &'static str, written_by: &'static str) -> Placeholder {
    Placeholder { key, text, written_by }
}

const INIT: &str = "`brief init`";
const NEW_PROGRAM: &str = "`brief new program`";
const INIT_OR_NEW_UPDATE: &str = "`brief init` and `brief new update`";

pub(crate) const TITLE: Placeholder = placeholder("title", "Program Portfolio", INIT);
pub(crate) const ORGANIZATION: Placeholder = placeholder("organization", "Your Organization", INIT);
pub(crate) const EXAMPLE_NAME: Placeholder = placeholder("name", "Example Program", INIT);
pub(crate) const OWNER: Placeholder = placeholder("owner", "Your Name", NEW_PROGRAM);
pub(crate) const OBJECTIVE: Placeholder =
    placeholder("objective", "One sentence that says what success is.", NEW_PROGRAM);
pub(crate) const MILESTONE_NAME: Placeholder =
    placeholder("milestone_name", "The first thing this program delivers", NEW_PROGRAM);
pub(crate) const RISK_TITLE: Placeholder =
    placeholder("risk_title", "What could go wrong, and what would follow", NEW_PROGRAM);
pub(crate) const MITIGATION: Placeholder = placeholder("mitigation", "What the program does about it", NEW_PROGRAM);
pub(crate) const METRIC_NAME: Placeholder = placeholder("metric_name", "The measure leadership watches", NEW_PROGRAM);
pub(crate) const SUMMARY: Placeholder =
    placeholder("summary", "What an executive needs to know this month, in two to four sentences.", INIT_OR_NEW_UPDATE);
pub(crate) const HIGHLIGHT: Placeholder = placeholder("highlight", "A win of this month", INIT);

/// Every placeholder text the scaffold writes.
pub const PLACEHOLDERS: &[Placeholder] = &[
    TITLE,
    ORGANIZATION,
    EXAMPLE_NAME,
    OWNER,
    OBJECTIVE,
    MILESTONE_NAME,
    RISK_TITLE,
    MITIGATION,
    METRIC_NAME,
    SUMMARY,
    HIGHLIGHT,
];

/// The placeholder whose text is exactly `text`, if any.
pub(crate) fn placeholder_of(text: &str) -> Option<&'static Placeholder> {
    PLACEHOLDERS.iter().find(|p| p.text == text)
}

/// Fills the `{key}` slots of a scaffold file in one pass (so a value that
/// itself reads `{owner}` stays as written): from `values` (already YAML,
/// e.g. from [`yaml_text`]), else with the placeholder of that key.
pub(crate) fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key = after.find('}').map(|close| &after[..close]);
        match key.and_then(|key| Some((key, slot_value(key, values)?))) {
            Some((key, value)) => {
                out.push_str(&value);
                rest = &after[key.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn slot_value(key: &str, values: &[(&str, String)]) -> Option<String> {
    let given = values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
    given.or_else(|| PLACEHOLDERS.iter().find(|p| p.key == key).map(|p| yaml_text(p.text)))
}

/// A text written as a YAML scalar that reads back as exactly this text:
/// plain when that is unambiguous, double-quoted with escapes otherwise.
pub(crate) fn yaml_text(text: &str) -> String {
    if is_plain_safe(text) { text.to_string() } else { double_quoted(text) }
}

/// Words that YAML 1.1 or 1.2 reads as a boolean or null when plain.
const SPECIAL_WORDS: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

/// Whether `text` can be written as a plain scalar in block context and read
/// back as the same string by any YAML parser. Errs towards quoting.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let indicator = "-?:,[]{}#&*!|>'\"%@`~".contains(first);
    // Numbers, dates, times, `.inf` and `.nan` all start like this.
    let numeric_start = first.is_ascii_digit() || first == '+' || first == '.';
    let special = SPECIAL_WORDS.contains(&text.to_ascii_lowercase().as_str());
    let breaks = text.contains(": ") || text.contains(" #") || text.ends_with(':');
    let awkward_char = text.chars().any(needs_escape);
    let padded = text.trim() != text;
    !(indicator || numeric_start || special || breaks || awkward_char || padded)
}

/// Characters that cannot stand as themselves in a plain scalar.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// A double-quoted YAML scalar with every special character escaped.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x100 && needs_escape(c) => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `key: <scalar>` with brief's own YAML reader.
    fn read_back(scalar: &str) -> (String, bool) {
        let node = crate::load::yaml::parse(&format!("key: {scalar}\n"), 0).expect("valid YAML");
        let s = node.get("key").and_then(|n| n.as_scalar()).expect("a scalar").clone();
        (s.text.to_string(), s.quoted)
    }

    #[test]
    fn ordinary_names_stay_plain() {
        for text in [
            "Seller KYC",
            "Ana Ruiz",
            "Trust, Safety & Compliance",
            "R&D phase two",
            "C# rewrite",
            "Zoë",
            "back\\slash",
        ] {
            assert_eq!(yaml_text(text), text);
            assert_eq!(read_back(&yaml_text(text)).0, text);
        }
    }

    #[test]
    fn ambiguous_texts_are_quoted_and_read_back_unchanged() {
        let hostile = [
            "a: b # c",
            "\"quoted\"",
            "'single'",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "2026-01-01",
            "42",
            "-1",
            "+1",
            ".inf",
            "0x1F",
            "line\nbreak",
            "- dash",
            "-dash",
            "? q",
            "*alias",
            "&anchor",
            "!tag",
            "| pipe",
            "> fold",
            "%directive",
            "@x",
            "`tick`",
            "#hash",
            " leading",
            "trailing ",
            "",
            "tab\there",
            "ends with:",
            "{flow}",
            "[flow]",
            ",comma",
            "nul\0",
            "bell\u{7}",
            "del\u{7f}",
            "nel\u{85}",
            "ls\u{2028}",
            "bom\u{FEFF}",
            "---",
            "...",
        ];
        for text in hostile {
            let written = yaml_text(text);
            assert!(written.starts_with('"') && written.ends_with('"'), "{text:?} was written as {written}");
            assert_eq!(read_back(&written), (text.to_string(), true), "{text:?} written as {written}");
        }
    }

    #[test]
    fn a_value_that_looks_like_a_slot_is_not_filled_again() {
        let filled = fill("name: {name}\nowner: {owner}\nother: {unknown}\n", &[("name", yaml_text("{owner}"))]);
        assert_eq!(filled, "name: \"{owner}\"\nowner: Your Name\nother: {unknown}\n");
    }

    #[test]
    fn every_placeholder_slot_is_filled() {
        for file in [PROJECT_FILE, PROGRAM_FILE, UPDATE_FILE] {
            let filled = fill(file, &[("start", "2026-01-01".into()), ("due", "2026-03-31".into())]);
            let filled = fill(&filled, &[("period", "2026-01".into()), ("period_label", "January 2026".into())]);
            assert!(!filled.contains('{'), "{filled}");
        }
    }
}
