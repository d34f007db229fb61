//! A sentence kept as a catalogue key and its arguments rather than as
//! text, so it can be written in any language: a data-quality warning is
//! English on the terminal (`brief check`) and the reader's language in
//! the appendix of a brief, from the same key and the same facts.

use chrono::NaiveDate;

use super::Locale;

/// A phrase of the catalogue (`phrases:`) with its named arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Phrase {
    key: String,
    args: Vec<(&'static str, Arg)>,
}

/// What fills a placeholder of a [`Phrase`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Arg {
    /// Written as it is in every language: ids, field names, periods
    /// (`2026-11`, as update files are named), numbers of a few digits.
    Text(String),
    /// A date, as the language writes one.
    Date(NaiveDate),
    /// Words of the catalogue themselves ("green", "it has never reported").
    Phrase(Phrase),
}

impl Phrase {
    /// The phrase `key` with no arguments yet.
    pub(crate) fn new(key: impl Into<String>) -> Self {
        Phrase { key: key.into(), args: Vec::new() }
    }

    /// The same phrase with `{name}` filled by `value`.
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The phrase in `loc`'s words, its arguments written in the same language.
    pub(crate) fn render(&self, loc: &Locale) -> String {
        let written: Vec<(&str, String)> = self.args.iter().map(|(name, arg)| (*name, arg.render(loc))).collect();
        let args: Vec<(&str, &str)> = written.iter().map(|(name, value)| (*name, value.as_str())).collect();
        loc.phrase(&self.key, &args)
    }
}

impl Arg {
    fn render(&self, loc: &Locale) -> String {
        match self {
            Arg::Text(t) => t.clone(),
            Arg::Date(d) => loc.date(*d),
            Arg::Phrase(p) => p.render(loc),
        }
    }
}

impl From<String> for Arg {
    fn from(t: String) -> Self {
        Arg::Text(t)
    }
}

impl From<&str> for Arg {
    fn from(t: &str) -> Self {
        Arg::Text(t.to_string())
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Date(d)
    }
}

impl From<Phrase> for Arg {
    fn from(p: Phrase) -> Self {
        Arg::Phrase(p)
    }
}

impl From<crate::model::period::Period> for Arg {
    fn from(p: crate::model::period::Period) -> Self {
        Arg::Text(p.to_string())
    }
}
