//! The reader's language: every fixed word the built-in templates and charts
//! print, and how dates and numbers are written, from a catalogue per
//! language (`report-templates/locales/<code>.yaml`).
//!
//! A catalogue is data a translator edits without touching Rust. It has two
//! maps: `labels`, the words the templates print (a template reads them as
//! `tr.<key>`), and `phrases`, the sentences and units brief writes itself
//! (headline, "what changed", slips, chart legends). A value is a text with
//! `{name}` placeholders, or `{one: …, other: …}` where the words depend on
//! a count. English is the base: a key a catalogue lacks reads in English
//! (the built-in catalogues lack none; a test holds them to it), and a
//! project's `labels:` in brief.yaml override any key of any language.
//!
//! Only the PDF and its charts are localised: the digest, `brief changes`
//! and the messages of `brief check` stay English ([`Locale::english`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Origin};
use crate::load::yaml::{self, Node, Value};

mod phrase;
pub(crate) use phrase::{Arg, Phrase};

/// The languages with a built-in catalogue, as `locale:` names them.
pub(crate) const CODES: &[&str] = &["en", "de", "fr", "es", "pt-BR", "ja", "ko", "zh-Hans", "id"];

/// The folder of catalogues, in the built-in templates and a project's templates folder.
pub(crate) const FOLDER: &str = "locales";

/// The language every catalogue falls back to.
pub(crate) const BASE: &str = "en";

/// How a language picks the form of a word that depends on a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PluralRule {
    /// "1 day", "0 days", "2 days" (English, German, Spanish, Indonesian…).
    OneOther,
    /// 0 and 1 take the singular: "0 jour", "1 jour", "2 jours" (French, Brazilian Portuguese).
    ZeroOneOther,
    /// One form for every count (Japanese, Korean, Chinese).
    Other,
}

impl PluralRule {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "one-other" => Some(PluralRule::OneOther),
            "zero-one-other" => Some(PluralRule::ZeroOneOther),
            "other" => Some(PluralRule::Other),
            _ => None,
        }
    }

    /// Whether `n` takes the `one` form.
    pub(crate) fn is_one(self, n: f64) -> bool {
        match self {
            PluralRule::OneOther => n == 1.0,
            PluralRule::ZeroOneOther => (0.0..2.0).contains(&n) && n.fract() == 0.0,
            PluralRule::Other => false,
        }
    }
}

/// A catalogue's value: one text, or forms by count.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum Text {
    One(String),
    Counted { one: String, other: String },
}

impl Text {
    /// The text for a count (the `other` form where no count applies).
    fn form(&self, rule: PluralRule, n: Option<f64>) -> &str {
        match self {
            Text::One(t) => t,
            Text::Counted { one, other } => {
                if n.is_some_and(|n| rule.is_one(n)) {
                    one
                } else {
                    other
                }
            }
        }
    }

    /// The `{name}` placeholders the text holds, in every form.
    pub(crate) fn placeholders(&self) -> Vec<String> {
        let forms: Vec<&str> = match self {
            Text::One(t) => vec![t],
            Text::Counted { one, other } => vec![one, other],
        };
        let mut names: Vec<String> = forms.iter().flat_map(|f| placeholders_of(f)).collect();
        names.sort();
        names.dedup();
        names
    }
}

fn placeholders_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name.to_string());
        }
        rest = &after[end + 1..];
    }
    out
}

/// How numbers are written: "1,234.5" or "1.234,5" or "1 234,5".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct NumberStyle {
    pub(crate) decimal: String,
    pub(crate) group: String,
    /// A percentage: "{n}%" or "{n} %".
    pub(crate) percent: String,
    /// The money scales after the amount: thousands, millions, billions
    /// ("k", "m", "bn"; " Tsd.", " Mio.", " Mrd.").
    pub(crate) thousand: String,
    pub(crate) million: String,
    pub(crate) billion: String,
}

/// How dates and periods are written, as patterns of `{d}` (day), `{dd}`
/// (two digits), `{m}`, `{mm}` (month number), `{mon}` (month abbreviated),
/// `{month}` (month name) and `{yyyy}` (year).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct DateStyle {
    /// "5 Nov 2026".
    pub(crate) date: String,
    /// "5 Nov": a date whose year the context gives.
    pub(crate) day_month: String,
    /// "November 2026".
    pub(crate) period: String,
    /// "Nov 2026": a period where space is short.
    pub(crate) period_short: String,
}

/// One language's catalogue, over English, with the project's overrides.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The name `locale:` gives ("de", "pt-BR").
    pub(crate) code: String,
    /// Typst's `lang` and `region` (hyphenation, quotes): "de", "DE".
    pub(crate) lang: String,
    pub(crate) region: Option<String>,
    pub(crate) plural: PluralRule,
    /// Whether long words may be hyphenated (German compounds would
    /// otherwise overflow a narrow column).
    pub(crate) hyphenate: bool,
    pub(crate) numbers: NumberStyle,
    pub(crate) dates: DateStyle,
    pub(crate) months: [String; 12],
    pub(crate) months_abbr: [String; 12],
    pub(crate) labels: BTreeMap<String, Text>,
    pub(crate) phrases: BTreeMap<String, Text>,
}

/// The built-in catalogue of a language, as shipped.
fn builtin_source(code: &str) -> Option<&'static [u8]> {
    let path = format!("{FOLDER}/{code}.yaml");
    crate::typeset::templates::BUILTIN.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

/// The [`CODES`] entry a written locale means, whatever its case or
/// separator ("pt_br", "zh-hans"), or the closest one for a hint.
pub(crate) fn known_code(written: &str) -> Result<&'static str, Option<&'static str>> {
    let norm = |s: &str| s.trim().to_lowercase().replace('_', "-");
    let w = norm(written);
    if let Some(code) = CODES.iter().find(|c| norm(c) == w) {
        return Ok(code);
    }
    // "pt" is Brazilian Portuguese, "zh" and "zh-CN" simplified Chinese.
    let alias = match w.as_str() {
        "pt" => Some("pt-BR"),
        "zh" | "zh-cn" | "zh-sg" => Some("zh-Hans"),
        "en-us" | "en-gb" => Some("en"),
        "de-de" | "de-at" | "de-ch" => Some("de"),
        _ => None,
    };
    Err(alias.or_else(|| crate::diag::did_you_mean(&w, CODES.iter().copied())))
}

/// The error for a locale brief has no catalogue for (`--locale`, `locale:`).
pub(crate) fn unknown(written: &str, meant: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::error(
        "invalid-value",
        format!("locale `{}` has no catalogue; brief speaks {}", crate::diag::printable(written), CODES.join(", ")),
    );
    if let Some(m) = meant {
        d = d.hint(format!("did you mean `{m}`?"));
    }
    d
}

impl Locale {
    /// The English catalogue: the base of every other, and the language of
    /// everything brief prints outside the PDF.
    pub fn english() -> &'static Locale {
        static EN: OnceLock<Locale> = OnceLock::new();
        EN.get_or_init(|| {
            let bytes = builtin_source(BASE).unwrap_or_default();
            let mut diags = Vec::new();
            let catalogue = parse_catalogue(bytes, 0, &mut diags);
            Locale::from_parts(BASE, catalogue, None)
        })
    }

    /// The built-in catalogue of `code` (one of [`CODES`]) over English.
    pub(crate) fn builtin(code: &str) -> Locale {
        Locale::builtin_ref(code).clone()
    }

    /// The built-in catalogue of `code`, parsed once per process: every
    /// session `watch` opens asks for it again.
    fn builtin_ref(code: &str) -> &'static Locale {
        static PARSED: [OnceLock<Locale>; CODES.len()] = [const { OnceLock::new() }; CODES.len()];
        let Some(i) = CODES.iter().position(|c| *c == code).filter(|_| code != BASE) else {
            return Locale::english();
        };
        PARSED[i].get_or_init(|| {
            let mut diags = Vec::new();
            let catalogue = builtin_source(code).map(|b| parse_catalogue(b, 0, &mut diags)).unwrap_or_default();
            Locale::from_parts(code, catalogue, Some(Locale::english()))
        })
    }

    /// The catalogue of `code` for a project: its own files under
    /// `<templates>/locales/` (`en.yaml` over the built-in English, then
    /// `<code>.yaml` instead of the built-in one) where it has them, so a
    /// translator edits a language without rebuilding brief. Problems are
    /// located in those files.
    pub(crate) fn for_project(
        code: &str,
        folder: &std::path::Path,
        root: &std::path::Path,
        sources: &mut crate::diag::Sources,
        diags: &mut Vec<Diagnostic>,
    ) -> Locale {
        let mut read = |name: &str| {
            let path = folder.join(format!("{name}.yaml"));
            if !path.is_file() {
                return None;
            }
            let (_, node) = crate::load::read_yaml(&path, crate::load::display_path(root, &path), sources);
            match node {
                Ok(node) => Some(read_catalogue(&node, diags)),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        };
        let english = read(BASE).map(|c| Locale::from_parts(BASE, c, Some(Locale::english())));
        if code == BASE {
            return english.unwrap_or_else(|| Locale::english().clone());
        }
        match (read(code), english) {
            (Some(own), english) => Locale::from_parts(code, own, Some(english.as_ref().unwrap_or(Locale::english()))),
            // No file of its own: the built-in language, over the project's English if it has one.
            (None, Some(english)) => {
                let mut quiet = Vec::new();
                let own = builtin_source(code).map(|b| parse_catalogue(b, 0, &mut quiet)).unwrap_or_default();
                Locale::from_parts(code, own, Some(&english))
            }
            (None, None) => Locale::builtin(code),
        }
    }

    fn from_parts(code: &str, c: Catalogue, base: Option<&Locale>) -> Locale {
        let fallback = |k: &str| base.and_then(|b| b.meta(k));
        let meta = |k: &str, default: &str| c.meta.get(k).cloned().or_else(|| fallback(k)).unwrap_or(default.into());
        let months = |list: &Option<Vec<String>>, k: fn(&Locale) -> &[String; 12], english: fn(usize) -> String| {
            let mut out: [String; 12] = std::array::from_fn(english);
            match (list, base) {
                (Some(l), _) if l.len() == 12 => out.clone_from_slice(l),
                (_, Some(b)) => out.clone_from(k(b)),
                _ => {}
            }
            out
        };
        let mut labels = base.map(|b| b.labels.clone()).unwrap_or_default();
        labels.extend(c.labels);
        let mut phrases = base.map(|b| b.phrases.clone()).unwrap_or_default();
        phrases.extend(c.phrases);
        Locale {
            code: code.to_string(),
            lang: meta("lang", code),
            region: Some(meta("region", "")).filter(|r| !r.is_empty()),
            plural: PluralRule::parse(&meta("plural", "one-other")).unwrap_or(PluralRule::OneOther),
            hyphenate: meta("hyphenate", "false") == "true",
            numbers: NumberStyle {
                decimal: meta("decimal", "."),
                group: meta("group", ","),
                percent: meta("percent", "{n}%"),
                thousand: meta("thousand", "k"),
                million: meta("million", "m"),
                billion: meta("billion", "bn"),
            },
            dates: DateStyle {
                date: meta("date", "{d} {mon} {yyyy}"),
                day_month: meta("day_month", "{d} {mon}"),
                period: meta("period", "{month} {yyyy}"),
                period_short: meta("period_short", "{mon} {yyyy}"),
            },
            months: months(&c.months, |l| &l.months, |i| ENGLISH_MONTHS[i].to_string()),
            months_abbr: months(&c.months_abbr, |l| &l.months_abbr, |i| ENGLISH_MONTHS[i][..3].to_string()),
            labels,
            phrases,
        }
    }

    /// A setting of the catalogue's head, as a text ("lang", "decimal", "date"…).
    fn meta(&self, key: &str) -> Option<String> {
        Some(match key {
            "lang" => self.lang.clone(),
            "region" => self.region.clone().unwrap_or_default(),
            "plural" => serde_json::to_value(self.plural).ok()?.as_str()?.to_string(),
            "hyphenate" => self.hyphenate.to_string(),
            "decimal" => self.numbers.decimal.clone(),
            "group" => self.numbers.group.clone(),
            "percent" => self.numbers.percent.clone(),
            "thousand" => self.numbers.thousand.clone(),
            "million" => self.numbers.million.clone(),
            "billion" => self.numbers.billion.clone(),
            "date" => self.dates.date.clone(),
            "day_month" => self.dates.day_month.clone(),
            "period" => self.dates.period.clone(),
            "period_short" => self.dates.period_short.clone(),
            _ => return None,
        })
    }

    /// A sentence or unit brief writes, with its placeholders filled:
    /// `phrase("span.days", &[("n", "3")])`. A count named `n` picks the
    /// form. An unknown key reads as itself (a test keeps every key the code
    /// uses in the English catalogue).
    pub(crate) fn phrase(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(self.phrases.get(key), key, None, args)
    }

    /// [`Locale::phrase`] with a count `n`, written in this language's digits.
    pub(crate) fn counted(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let written = self.count(n);
        let mut all = vec![("n", written.as_str())];
        all.extend_from_slice(args);
        self.fill(self.phrases.get(key), key, Some(n as f64), &all)
    }

    /// A text's form for the count (`count`, or the `n` argument read back
    /// with this language's separators: "1.000" is a thousand in German),
    /// its placeholders filled.
    fn fill(&self, text: Option<&Text>, key: &str, count: Option<f64>, args: &[(&str, &str)]) -> String {
        let Some(text) = text else { return key.to_string() };
        let n = count.or_else(|| {
            let written = args.iter().find(|(k, _)| *k == "n")?.1;
            let plain = written.replace(&self.numbers.group, "").replace(&self.numbers.decimal, ".");
            plain.trim().parse().ok()
        });
        fill_placeholders(text.form(self.plural, n), args)
    }

    /// Applies a project's overrides of one language, reporting an unknown
    /// key (with the closest one) or a placeholder the English text lacks.
    pub(crate) fn apply_overrides(&mut self, overrides: &[Override], diags: &mut Vec<Diagnostic>) {
        let english = Locale::english();
        for o in overrides {
            let (map, base) = if english.labels.contains_key(&o.key) {
                (&mut self.labels, english.labels.get(&o.key))
            } else if english.phrases.contains_key(&o.key) {
                (&mut self.phrases, english.phrases.get(&o.key))
            } else {
                let keys = english.labels.keys().chain(english.phrases.keys()).map(String::as_str);
                let mut d =
                    Diagnostic::error("unknown-label", format!("`{}` is not a label of the built-in templates", o.key))
                        .at(o.key_origin);
                if let Some(m) = crate::diag::did_you_mean(&o.key, keys) {
                    d = d.hint(format!("did you mean `{m}`?"));
                }
                diags.push(d);
                continue;
            };
            let allowed = base.map(Text::placeholders).unwrap_or_default();
            if let Some(extra) = o.text.placeholders().into_iter().find(|p| !allowed.contains(p)) {
                let mut d =
                    Diagnostic::error("invalid-value", format!("label `{}` has no placeholder {{{extra}}}", o.key))
                        .at(o.origin);
                if !allowed.is_empty() {
                    let list: Vec<String> = allowed.iter().map(|p| format!("{{{p}}}")).collect();
                    d = d.hint(format!("its placeholders are {}", list.join(", ")));
                }
                diags.push(d);
                continue;
            }
            map.insert(o.key.clone(), o.text.clone());
        }
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The settings of a catalogue's head (docs/LOCALES.md).
const META_KEYS: &[&str] = &[
    "lang",
    "region",
    "plural",
    "hyphenate",
    "decimal",
    "group",
    "percent",
    "thousand",
    "million",
    "billion",
    "date",
    "day_month",
    "period",
    "period_short",
];

/// The lists and maps of a catalogue.
const LISTS: &[&str] = &["months", "months_abbr", "labels", "phrases"];

/// A catalogue file as read, before it is laid over English.
#[derive(Debug, Default)]
struct Catalogue {
    meta: BTreeMap<String, String>,
    months: Option<Vec<String>>,
    months_abbr: Option<Vec<String>>,
    labels: BTreeMap<String, Text>,
    phrases: BTreeMap<String, Text>,
}

/// One `labels:` override of brief.yaml, with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Override {
    pub(crate) key: String,
    pub(crate) key_origin: Origin,
    pub(crate) text: Text,
    pub(crate) origin: Origin,
}

/// A catalogue value: a text, or a mapping of `one` and `other`.
pub(crate) fn text_of(node: &Node) -> Option<Text> {
    match &node.value {
        Value::Scalar(s) => Some(Text::One(s.text.to_string())),
        Value::Map(_) => {
            let form = |k: &str| node.get(k).and_then(Node::as_scalar).map(|s| s.text.to_string());
            let other = form("other")?;
            Some(Text::Counted { one: form("one").unwrap_or_else(|| other.clone()), other })
        }
        _ => None,
    }
}

fn parse_catalogue(bytes: &[u8], source: crate::diag::SourceId, diags: &mut Vec<Diagnostic>) -> Catalogue {
    let text = String::from_utf8_lossy(bytes);
    match yaml::parse(&text, source) {
        Ok(root) => read_catalogue(&root, diags),
        Err(d) => {
            diags.push(d);
            Catalogue::default()
        }
    }
}

fn read_catalogue(root: &Node, diags: &mut Vec<Diagnostic>) -> Catalogue {
    let mut c = Catalogue::default();
    if root.as_map().is_none() && !root.is_null() {
        diags.push(Diagnostic::error("invalid-value", "a locale catalogue must be a mapping").at(root.origin));
    }
    for e in root.as_map().unwrap_or_default() {
        match (e.key.as_str(), &e.value.value) {
            ("labels" | "phrases", Value::Map(entries)) => {
                let map = if e.key == "labels" { &mut c.labels } else { &mut c.phrases };
                for item in entries {
                    match text_of(&item.value) {
                        Some(t) => {
                            map.insert(item.key.to_string(), t);
                        }
                        None => diags.push(
                            Diagnostic::error("invalid-value", format!("`{}` must be a text", item.key))
                                .at(item.value.origin),
                        ),
                    }
                }
            }
            ("months" | "months_abbr", Value::Seq(items)) => {
                let names: Vec<String> =
                    items.iter().filter_map(|n| n.as_scalar().map(|s| s.text.to_string())).collect();
                if names.len() != 12 {
                    diags.push(
                        Diagnostic::error("invalid-value", format!("{} must list the twelve months", e.key))
                            .at(e.value.origin),
                    );
                } else if e.key == "months" {
                    c.months = Some(names);
                } else {
                    c.months_abbr = Some(names);
                }
            }
            (key, Value::Scalar(sc)) if META_KEYS.contains(&key) => {
                c.meta.insert(e.key.to_string(), sc.text.to_string());
            }
            (key, Value::Null) if META_KEYS.contains(&key) || LISTS.contains(&key) => {}
            (key, _) if META_KEYS.contains(&key) || LISTS.contains(&key) => {
                let kind = if META_KEYS.contains(&key) {
                    "a text"
                } else if key.starts_with("months") {
                    "a list of the twelve months"
                } else {
                    "a mapping of keys to texts"
                };
                diags.push(Diagnostic::error("invalid-value", format!("`{key}` must be {kind}")).at(e.value.origin));
            }
            (key, _) => {
                let keys = META_KEYS.iter().chain(LISTS).copied();
                let mut d =
                    Diagnostic::error("invalid-value", format!("`{key}` is not a catalogue setting")).at(e.key_origin);
                if let Some(m) = crate::diag::did_you_mean(key, keys) {
                    d = d.hint(format!("did you mean `{m}`? docs/LOCALES.md lists the settings"));
                }
                diags.push(d);
            }
        }
    }
    c
}

#[cfg(test)]
mod tests;

/// `template` with each `{name}` of `args` replaced by its value, in one
/// pass: a value is never read for placeholders itself, so a program name
/// that holds "{status}" prints as written. Placeholders without an
/// argument stay as they are.
fn fill_placeholders(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
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
