//! Reading typed values out of located YAML nodes, with precise diagnostics.
//!
//! A [`Reader`] never stops at a bad value: it records a diagnostic at the
//! value's origin and returns `None`, so one run reports every problem.

use chrono::NaiveDate;

use super::period::parse_date;
use super::schema::{self, Field};
use super::types::Sp;
use crate::diag::{Diagnostic, Origin, did_you_mean, found};
use crate::load::yaml::{Entry, Node, Plain, Value};

/// Collects diagnostics while typed values are read.
pub(crate) struct Reader<'d> {
    pub(crate) diags: &'d mut Vec<Diagnostic>,
    /// The program being read, attached to each diagnostic.
    pub(crate) program: Option<String>,
}

impl<'d> Reader<'d> {
    pub(crate) fn new(diags: &'d mut Vec<Diagnostic>, program: Option<&str>) -> Self {
        Reader { diags, program: program.map(str::to_string) }
    }

    pub(crate) fn report(&mut self, d: Diagnostic) {
        let d = match &self.program {
            Some(p) if d.program.is_none() => d.in_program(p),
            _ => d,
        };
        self.diags.push(d);
    }

    fn invalid(&mut self, origin: Origin, message: String) {
        self.report(Diagnostic::error("invalid-value", message).at(origin));
    }

    /// The entries of a mapping whose keys are all known; unknown keys are
    /// reported with a "did you mean" hint and `x-` keys are skipped.
    pub(crate) fn fields<'n>(&mut self, node: &'n Node, what: &str, known: &[&[Field]]) -> Vec<&'n Entry> {
        let Some(entries) = node.as_map() else {
            if !node.is_null() {
                self.invalid(node.origin, format!("{what} must be a mapping of fields (found {})", node.kind_name()));
            }
            return Vec::new();
        };
        let names = || known.iter().flat_map(|fs| schema::names(fs));
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            if schema::is_extension_key(&e.key) {
                continue;
            }
            if names().any(|n| n == e.key) {
                out.push(e);
                continue;
            }
            let origin = Origin { len: e.key.chars().count().max(1) as u32, ..e.key_origin };
            let mut d = Diagnostic::error(
                "unknown-key",
                format!("unknown field `{}` in {what}", crate::diag::printable(&e.key)),
            )
            .at(origin);
            d = match did_you_mean(&e.key, names()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "known fields: {}; keys starting with `x-` are free for your own use",
                    names().collect::<Vec<_>>().join(", ")
                )),
            };
            self.report(d);
        }
        out
    }

    pub(crate) fn text(&mut self, e: &Entry) -> Option<Sp<String>> {
        match &e.value.value {
            Value::Null => None,
            Value::Scalar(s) => Some(Sp::new(s.text.to_string(), e.value.origin)),
            _ => {
                self.invalid(e.value.origin, format!("{} must be text (found {})", e.key, e.value.kind_name()));
                None
            }
        }
    }

    pub(crate) fn texts(&mut self, e: &Entry) -> Vec<Sp<String>> {
        self.list(e, "text")
            .iter()
            .filter_map(|n| match &n.value {
                Value::Scalar(s) => Some(Sp::new(s.text.to_string(), n.origin)),
                Value::Null => {
                    self.empty_item(e, n);
                    None
                }
                _ => {
                    self.invalid(n.origin, format!("each item of {} must be text (found {})", e.key, n.kind_name()));
                    None
                }
            })
            .collect()
    }

    /// An item of a list that is empty (`- `, `- ~`, `[a, null]`): it would
    /// vanish from the brief without a word, so it is an error.
    pub(crate) fn empty_item(&mut self, e: &Entry, n: &Node) {
        self.report(
            Diagnostic::error("empty-item", format!("this item of {} is empty", e.key))
                .at(n.origin)
                .hint("write the item, or remove the line"),
        );
    }

    /// The items of a list field; a single value where a list is expected is an error.
    pub(crate) fn list<'n>(&mut self, e: &'n Entry, of: &str) -> &'n [Node] {
        match &e.value.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.invalid(
                    e.value.origin,
                    format!("{} must be a list of {of} (found {})", e.key, e.value.kind_name()),
                );
                &[]
            }
        }
    }

    pub(crate) fn date(&mut self, e: &Entry) -> Option<Sp<NaiveDate>> {
        self.date_node(&e.key, &e.value)
    }

    pub(crate) fn date_node(&mut self, name: &str, n: &Node) -> Option<Sp<NaiveDate>> {
        let s = match &n.value {
            Value::Null => return None,
            Value::Scalar(s) => s,
            _ => {
                self.invalid(n.origin, format!("{name} must be a date YYYY-MM-DD (found {})", n.kind_name()));
                return None;
            }
        };
        match parse_date(&s.text) {
            Ok(d) => Some(Sp::new(d, n.origin)),
            Err(why) if why.0.starts_with("expected") => {
                self.invalid(n.origin, format!("{name} must be a date YYYY-MM-DD (found {})", found(&s.text)));
                None
            }
            Err(why) => {
                self.invalid(
                    n.origin,
                    format!("{name} must be a date that exists (found {}: {})", found(&s.text), why.0),
                );
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, e: &Entry) -> Option<Sp<bool>> {
        match &e.value.value {
            Value::Null => None,
            Value::Scalar(s) => match s.resolve() {
                Plain::Bool(b) => Some(Sp::new(b, e.value.origin)),
                _ => {
                    self.invalid(e.value.origin, format!("{} must be true or false (found {})", e.key, found(&s.text)));
                    None
                }
            },
            _ => {
                self.invalid(
                    e.value.origin,
                    format!("{} must be true or false (found {})", e.key, e.value.kind_name()),
                );
                None
            }
        }
    }

    pub(crate) fn number(&mut self, e: &Entry) -> Option<Sp<f64>> {
        self.number_node(&e.key, &e.value)
    }

    pub(crate) fn number_node(&mut self, name: &str, n: &Node) -> Option<Sp<f64>> {
        let value = match &n.value {
            Value::Null => return None,
            Value::Scalar(s) => match s.resolve() {
                Plain::Int(i) => Some(i as f64),
                Plain::Float(x) if x.is_finite() => Some(x),
                _ => None,
            },
            _ => None,
        };
        if value.is_none() {
            self.invalid(n.origin, format!("{name} must be a number (found {})", n.kind_name()));
        }
        value.map(|v| Sp::new(v, n.origin))
    }

    pub(crate) fn int_in(&mut self, e: &Entry, lo: i64, hi: i64) -> Option<Sp<u8>> {
        let n = &e.value;
        let value = match &n.value {
            Value::Null => return None,
            Value::Scalar(s) => match s.resolve() {
                Plain::Int(i) if (lo..=hi).contains(&i) => Some(i as u8),
                _ => None,
            },
            _ => None,
        };
        if value.is_none() {
            self.invalid(n.origin, format!("{} must be an integer from {lo} to {hi} (found {})", e.key, n.kind_name()));
        }
        value.map(|v| Sp::new(v, n.origin))
    }

    /// A keyword out of a fixed list, with a hint when the text is close to one.
    pub(crate) fn keyword<K>(
        &mut self,
        name: &str,
        n: &Node,
        values: &'static [&'static str],
        parse: fn(&str) -> Option<K>,
    ) -> Option<Sp<K>> {
        let text = match &n.value {
            Value::Null => return None,
            Value::Scalar(s) => s.text.as_str(),
            _ => "",
        };
        if let Some(k) = parse(text) {
            return Some(Sp::new(k, n.origin));
        }
        let mut d = Diagnostic::error(
            "invalid-value",
            format!("{name} must be one of {} (found {})", values.join(", "), n.kind_name()),
        )
        .at(n.origin);
        if let Some(s) = keyword_meant(text, values) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        self.report(d);
        None
    }
}

/// Words people write for a keyword, and the keyword they mean. A synonym
/// counts only where its keyword is one of the values allowed; the first
/// that is wins (`done` is complete for a program, resolved for an issue).
const SYNONYMS: &[(&str, &str)] = &[
    ("yellow", "amber"),
    ("orange", "amber"),
    ("ok", "green"),
    ("good", "green"),
    ("on-track", "green"),
    ("done", "complete"),
    ("done", "resolved"),
    ("done", "decided"),
    ("done", "closed"),
    ("finished", "complete"),
    ("completed", "complete"),
    ("on-hold", "paused"),
    ("hold", "paused"),
    ("stopped", "paused"),
    ("withheld", "unrated"),
    ("not-rated", "unrated"),
    ("not-assessed", "unrated"),
    ("fixed", "resolved"),
    ("closed", "resolved"),
    ("approved", "decided"),
    ("rejected", "decided"),
    ("pending", "open"),
    ("new", "open"),
    ("mitigated", "closed"),
    ("in-progress", "mitigating"),
    ("up", "higher"),
    ("down", "lower"),
    ("med", "medium"),
    ("severe", "critical"),
    ("private", "internal"),
    ("secret", "internal"),
    ("confidential", "internal"),
];

/// The keyword a text that is none probably means: a synonym (`yellow` for
/// amber) or a close spelling (`gren`).
pub(crate) fn keyword_meant(text: &str, values: &[&'static str]) -> Option<&'static str> {
    let word: String = text.trim().to_lowercase().chars().map(|c| if c == ' ' || c == '_' { '-' } else { c }).collect();
    let synonym = SYNONYMS.iter().filter(|(w, _)| *w == word).map(|(_, k)| *k).find(|k| values.contains(k));
    synonym.or_else(|| did_you_mean(&word, values.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{AskStatus, IssueStatus, Status};

    #[test]
    fn keywords_are_suggested_by_synonym_and_spelling() {
        let status = Status::VALUES;
        for (written, meant) in [
            ("yellow", "amber"),
            ("Orange", "amber"),
            ("done", "complete"),
            ("Completed", "complete"),
            ("on hold", "paused"),
            ("on_hold", "paused"),
            ("stopped", "paused"),
            ("OK", "green"),
            ("gren", "green"),
            ("withheld", "unrated"),
            ("not rated", "unrated"),
        ] {
            assert_eq!(keyword_meant(written, status), Some(meant), "{written}");
        }
        assert_eq!(keyword_meant("closed", IssueStatus::VALUES), Some("resolved"));
        assert_eq!(keyword_meant("done", AskStatus::VALUES), Some("decided"));
        assert_eq!(keyword_meant("purple", status), None);
    }
}
