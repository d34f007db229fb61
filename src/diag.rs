//! Diagnostics: problems in the user's files, located by file, line and column.
//!
//! Every stage collects problems instead of stopping at the first one, so a
//! person fixing a portfolio sees all of them in one run. A [`Diagnostic`]
//! points at an [`Origin`] inside a [`Sources`] entry; rendering shows the
//! source line with a caret under the offending value, in the style of rustc
//! and typst. Failures of the tool or the system are a different channel
//! (`anyhow::Error`), never a diagnostic.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// Index of a file in [`Sources`].
pub(crate) type SourceId = u32;

/// Where a value was written: file, 1-based line, 1-based column (in
/// characters) and the length of the underlined text on that line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub source: SourceId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Origin {
    /// The first character of a file: used for problems about a whole file.
    pub fn file_start(source: SourceId) -> Self {
        Origin { source, line: 1, col: 1, len: 0 }
    }
}

/// One loaded file: where it is and what it holds.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to the project root with `/` separators, as shown to users.
    pub display: String,
    /// The text, after decoding (empty when the file could not be decoded).
    pub text: Arc<str>,
    /// SHA-256 of the bytes read, when the file could be read.
    pub sha256: Option<[u8; 32]>,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// A spreadsheet read by `values_from`: positions in it are rows and
    /// columns of this sheet (`None` inside: a CSV's lines and fields).
    pub sheet: Option<Option<String>>,
}

impl Source {
    /// A file not read yet.
    pub fn new(path: PathBuf, display: String) -> Self {
        Source { path, display, text: Arc::from(""), sha256: None, bytes: 0, sheet: None }
    }
}

/// Every file a run has read, indexed by [`SourceId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<Source>,
    /// Byte offset of each line start, per file, computed on first use.
    line_starts: Vec<std::sync::OnceLock<Vec<usize>>>,
}

impl Sources {
    /// Registers a file and returns its id.
    pub fn add(&mut self, source: Source) -> SourceId {
        self.files.push(source);
        self.line_starts.push(std::sync::OnceLock::new());
        (self.files.len() - 1) as SourceId
    }

    pub fn get(&self, id: SourceId) -> &Source {
        &self.files[id as usize]
    }

    /// Records what was read from a file.
    pub fn set_read(&mut self, id: SourceId, text: Arc<str>, sha256: Option<[u8; 32]>, bytes: u64) {
        let f = &mut self.files[id as usize];
        f.text = text;
        f.sha256 = sha256;
        f.bytes = bytes;
        self.line_starts[id as usize] = std::sync::OnceLock::new();
    }

    /// Where an origin is, as messages start: `programs/a.yaml:3:5`, or
    /// `data/kpis.xlsx: Takedowns!C14` in a workbook's sheet.
    pub fn place(&self, o: Origin) -> String {
        let src = self.get(o.source);
        match &src.sheet {
            Some(Some(sheet)) => {
                let place = crate::sheets::Place { row: o.line, col: o.col };
                let cell = crate::sheets::CellRef {
                    file: src.display.as_str().into(),
                    sheet: Some(sheet.as_str().into()),
                    place,
                };
                cell.located()
            }
            _ => format!("{}:{}:{}", src.display, o.line, o.col),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &Source)> {
        self.files.iter().enumerate().map(|(i, s)| (i as SourceId, s))
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, id: SourceId, line: u32) -> Option<&str> {
        let text = &self.get(id).text;
        // An index of line starts: one scan per file, however many diagnostics it has.
        let starts = self.line_starts[id as usize]
            .get_or_init(|| std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let start = *starts.get(line.checked_sub(1)? as usize)?;
        let end = starts.get(line as usize).map_or(text.len(), |next| next - 1);
        let l = &text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

impl Sources {
    /// Adds every file of `other`, returning how far its ids moved: a
    /// diagnostic of `other` is [`Diagnostic::moved`] by that much.
    pub fn append(&mut self, other: &Sources) -> SourceId {
        let offset = self.files.len() as SourceId;
        for (_, source) in other.iter() {
            self.add(source.clone());
        }
        offset
    }
}

/// Diagnostics together with the files they point into, for problems found
/// outside the session's own files (the templates typst reports about).
#[derive(Debug, Default, Clone)]
pub struct Located {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
}

impl Located {
    /// Problems without a place, such as a fonts folder that cannot be read.
    pub fn unplaced(diagnostics: Vec<Diagnostic>) -> Located {
        Located { sources: Sources::default(), diagnostics }
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// Takes in the diagnostics of `other`, and the files they point into.
    pub fn absorb(&mut self, other: Located) {
        let offset = self.sources.append(&other.sources);
        self.diagnostics.extend(other.diagnostics.into_iter().map(|d| d.moved(offset)));
    }

    /// Every diagnostic in the human format, one after the other.
    pub fn render(&self, style: Style) -> Vec<String> {
        self.diagnostics.iter().map(|d| render_human(d, &self.sources, style)).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the user's input, or a data-quality warning.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case code, for filtering and for JSON consumers.
    pub code: &'static str,
    /// The message in English, as `brief check` prints it.
    pub message: String,
    /// The same message as a catalogue phrase, for a brief that speaks
    /// another language; `None` for messages only ever shown in English.
    pub(crate) phrase: Option<crate::locale::Phrase>,
    pub origin: Option<Origin>,
    /// Program the problem belongs to, when there is one.
    pub program: Option<String>,
    pub hints: Vec<String>,
    /// Other places that explain the problem (the first definition of a duplicate, ...).
    pub related: Vec<(Origin, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            phrase: None,
            origin: None,
            program: None,
            hints: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// A warning whose message is a catalogue phrase: English (from the
    /// built-in English catalogue) wherever brief prints it, in the
    /// report's language in a brief's appendix ([`Diagnostic::message_in`]).
    pub(crate) fn warning_of(code: &'static str, phrase: crate::locale::Phrase) -> Self {
        let message = phrase.render(crate::locale::Locale::english());
        Diagnostic { phrase: Some(phrase), ..Diagnostic::warning(code, message) }
    }

    /// The message in `loc`'s language, or in English when it has no phrase.
    pub(crate) fn message_in(&self, loc: &crate::locale::Locale) -> String {
        self.phrase.as_ref().map_or_else(|| self.message.clone(), |p| p.render(loc))
    }

    pub fn at(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }

    pub fn at_opt(mut self, origin: Option<Origin>) -> Self {
        self.origin = origin;
        self
    }

    pub fn in_program(mut self, id: &str) -> Self {
        self.program = Some(id.to_string());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn related(mut self, origin: Origin, note: impl Into<String>) -> Self {
        self.related.push((origin, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with its places in a [`Sources`] whose ids start `offset` later.
    pub fn moved(mut self, offset: SourceId) -> Self {
        let shift = |o: Origin| Origin { source: o.source + offset, ..o };
        self.origin = self.origin.map(shift);
        self.related = self.related.into_iter().map(|(o, note)| (shift(o), note)).collect();
        self
    }
}

/// A growing list of diagnostics; the same problem reported twice (for example
/// once per period in which a value is in force) is kept once.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    list: Vec<Diagnostic>,
    seen: std::collections::HashSet<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.seen.insert(d.clone()) {
            self.list.push(d);
        }
    }

    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Orders diagnostics by file, line and column so output is stable.
    pub(crate) fn sorted(&self, sources: &Sources) -> Vec<Diagnostic> {
        let mut v = self.list.clone();
        v.sort_by(|a, b| sort_key(a, sources).cmp(&sort_key(b, sources)));
        v
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

fn sort_key<'a>(d: &'a Diagnostic, sources: &'a Sources) -> impl Ord + 'a {
    let (file, line, col) = match d.origin {
        Some(o) => (sources.get(o.source).display.as_str(), o.line, o.col),
        None => ("", 0, 0),
    };
    (file, line, col, d.severity, &d.message)
}

/// Makes user text safe to print on a terminal: control characters (which
/// could move the cursor or recolour the screen) are shown escaped.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Quotes a value found in the input for use inside a message.
pub(crate) fn found(text: &str) -> String {
    const MAX: usize = 60;
    let clipped: String = text.chars().take(MAX).collect();
    let ellipsis = if text.chars().count() > MAX { "…" } else { "" };
    format!("\"{}{}\"", printable(&clipped), ellipsis)
}

/// Terminal styles for the human format.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
}

/// Renders one diagnostic as `file:line:col: severity: message`, then the
/// source line with a caret under the value, then hints and related places.
pub(crate) fn render_human(d: &Diagnostic, sources: &Sources, style: Style) -> String {
    let mut out = String::new();
    let (label, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    if let Some(o) = d.origin {
        let _ = write!(out, "{}: ", style.paint("1", &sources.place(o)));
    }
    let _ = writeln!(out, "{}: {}", style.paint(code, label), style.paint("1", &printable(&d.message)));
    if let Some(o) = d.origin {
        snippet(&mut out, o, sources, style, code);
    }
    for h in &d.hints {
        let _ = writeln!(out, "   = {}: {}", style.paint("1;36", "hint"), printable(h));
    }
    for (o, note) in &d.related {
        let _ = writeln!(out, "   = {}: {}: {}", style.paint("1;36", "note"), sources.place(*o), printable(note));
    }
    out
}

fn snippet(out: &mut String, o: Origin, sources: &Sources, style: Style, caret_style: &str) {
    if o.len == 0 {
        return;
    }
    let Some(line) = sources.line(o.source, o.line) else { return };
    if line.chars().count() > 300 {
        return;
    }
    // Tabs become one space so the caret lines up with what is printed.
    let shown = printable(&line.replace('\t', " "));
    let number = o.line.to_string();
    let pad = " ".repeat(number.len());
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {}", style.paint("1;34", &number), shown);
    let indent = " ".repeat(o.col.saturating_sub(1) as usize);
    let carets = "^".repeat(o.len.max(1) as usize);
    let _ = writeln!(out, "{pad} {bar} {indent}{}", style.paint(caret_style, &carets));
}

/// The machine-readable form of one diagnostic (`--format json`).
#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    pub(crate) severity: Severity,
    pub(crate) code: &'a str,
    pub(crate) message: &'a str,
    pub(crate) file: Option<&'a str>,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) program: Option<&'a str>,
    pub(crate) hints: &'a [String],
    pub(crate) related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonRelated<'a> {
    pub(crate) file: &'a str,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) message: &'a str,
}

pub(crate) fn to_json<'a>(d: &'a Diagnostic, sources: &'a Sources) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        severity: d.severity,
        code: d.code,
        message: &d.message,
        file: d.origin.map(|o| sources.get(o.source).display.as_str()),
        line: d.origin.map(|o| o.line),
        column: d.origin.map(|o| o.col),
        program: d.program.as_deref(),
        hints: &d.hints,
        related: d
            .related
            .iter()
            .map(|(o, m)| JsonRelated { file: &sources.get(o.source).display, line: o.line, column: o.col, message: m })
            .collect(),
    }
}

/// One line per diagnostic, `file:line:col: severity: message`, for
/// places where a snippet would be noise (the appendix of a brief, logs).
pub(crate) fn render_short(d: &Diagnostic, sources: &Sources) -> String {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    match d.origin {
        Some(o) => {
            format!("{}: {label}: {}", sources.place(o), printable(&d.message))
        }
        None => format!("{label}: {}", printable(&d.message)),
    }
}

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The closest candidate to a misspelt word, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let (n, max) = (c.chars().count(), c.chars().count().div_ceil(3).max(1));
            // The distance is at least the difference in length: a word far
            // longer or shorter is no typo, and is not worth a len × len table.
            let distance = if len.abs_diff(n) <= max { edit_distance(&lower, c) } else { usize::MAX };
            (distance <= max || (c.len() > 3 && lower.contains(c))).then_some((distance, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["likelihood", "impact", "owner", "mitigation"];
        assert_eq!(did_you_mean("likelyhood", keys), Some("likelihood"));
        assert_eq!(did_you_mean("onwer", keys), Some("owner"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("alpah", ["alpha", "beta"]), Some("alpha"));
        assert_eq!(did_you_mean("my-owner-field", keys), Some("owner"));
        // A key of megabytes is compared by length first, not by a table of its size.
        let started = std::time::Instant::now();
        assert_eq!(did_you_mean(&"k".repeat(3_000_000), keys), None);
        assert!(started.elapsed().as_secs() < 2, "took {:?}", started.elapsed());
    }

    #[test]
    fn lines_are_found_by_number() {
        let mut sources = Sources::default();
        let text = "a: 1\r\nb: 2\n\nlast";
        let id = sources.add(Source::new("x".into(), "x".into()));
        sources.set_read(id, Arc::from(text), None, text.len() as u64);
        let lines: Vec<Option<&str>> = (0..=5).map(|n| sources.line(id, n)).collect();
        assert_eq!(lines, [None, Some("a: 1"), Some("b: 2"), Some(""), Some("last"), None]);
        let split: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        assert_eq!(lines[1..5].iter().map(|l| l.unwrap()).collect::<Vec<_>>(), split);
    }

    #[test]
    fn absorbed_diagnostics_still_point_at_their_own_files() {
        let file = |sources: &mut Sources, name: &str, text: &str| {
            let id = sources.add(Source::new(name.into(), name.into()));
            sources.set_read(id, Arc::from(text), None, text.len() as u64);
            id
        };
        let mut project = Located::default();
        let yaml = file(&mut project.sources, "programs/a.yaml", "status: purple\n");
        project.diagnostics.push(Diagnostic::warning("w", "yaml").at(Origin { source: yaml, line: 1, col: 9, len: 6 }));
        let mut template = Located::default();
        let typ = file(&mut template.sources, "report-templates/t/main.typ", "#x\n#data.titel\n");
        let origin = Origin { source: typ, line: 2, col: 7, len: 5 };
        template.diagnostics.push(Diagnostic::error("template-error", "no key").at(origin).related(origin, "here"));
        project.absorb(template);
        let shown = project.render(Style::default());
        assert!(shown[0].starts_with("programs/a.yaml:1:9: warning: yaml\n"), "{}", shown[0]);
        assert!(shown[1].starts_with("report-templates/t/main.typ:2:7: error: no key\n"), "{}", shown[1]);
        assert!(shown[1].contains("2 | #data.titel\n"), "{}", shown[1]);
        assert!(shown[1].contains("note: report-templates/t/main.typ:2:7: here"), "{}", shown[1]);
    }

    #[test]
    fn printable_escapes_terminal_controls() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    }
}
