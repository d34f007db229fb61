//! A YAML tree whose every node remembers where it was written.
//!
//! serde_yaml's `Value` carries no positions, so merging `Value`s would lose
//! file:line for every later error. This module builds a small located tree
//! from saphyr-parser's span-carrying events instead (see ARCHITECTURE.md).
//! It also enforces the input limits documented in docs/SECURITY.md: file
//! size, nesting depth, and the number of values after aliases are expanded
//! (which stops "billion laughs" alias bombs).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diag::{Diagnostic, Origin, SourceId};

/// Largest YAML file accepted, in bytes.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of sequences and mappings accepted.
pub(crate) const MAX_DEPTH: usize = 64;
/// Most values one file may expand to, counting every alias expansion.
pub(crate) const MAX_NODES: usize = 250_000;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An explicit `null`, `~` or empty value.
    Null,
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A scalar as written. Types are resolved where a field's type is known,
/// so `name: 2026` stays the text "2026" while `impact: 4` reads as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub text: ecow::EcoString,
    /// Quoted or block scalars are always text.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: ecow::EcoString,
    pub key_origin: Origin,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, origin: Origin) -> Self {
        Node { value, origin }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key == key)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// How many values the node holds, itself and every key and value below it.
    pub fn size(&self) -> usize {
        count_nodes(self)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A short name of the node's kind, for messages ("a list", "a mapping").
    pub fn kind_name(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Scalar(s) => crate::diag::found(&s.text),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

/// Checks the raw bytes of a file and decodes them: size, UTF-8, byte order
/// mark, and characters YAML does not allow.
pub fn decode(bytes: &[u8], source: SourceId) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64).at(Origin::file_start(source)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            // Counted in the text as messages show it (see shown_text).
            let before = lone_cr_to_lf(std::str::from_utf8(&bytes[..at]).unwrap_or_default());
            let origin = origin_of_byte(before.as_bytes(), before.len(), source);
            return Err(Diagnostic::error(
                "not-utf8",
                format!("file is not valid UTF-8 (byte 0x{:02X} at this position)", bytes[at]),
            )
            .at(origin)
            .hint("save the file as UTF-8"));
        }
    };
    // YAML counts a lone carriage return as a line break, and so do the
    // parser's positions; made a line feed, it is one for every line shown too.
    let normalized;
    let text = if text.contains('\r') {
        normalized = lone_cr_to_lf(text);
        normalized.as_str()
    } else {
        text
    };
    if let Some((at, c)) = text.char_indices().find(|(_, c)| forbidden_char(*c)) {
        let origin = origin_of_byte(text.as_bytes(), at, source);
        return Err(Diagnostic::error(
            "control-character",
            format!(
                "file contains the control character U+{:04X}; YAML allows only tab, line feed and carriage return",
                c as u32
            ),
        )
        .at(Origin { len: 1, ..origin }));
    }
    Ok(text.to_string())
}

/// The text of a file that [`decode`] refused, as messages show it: like a
/// decoded text (no byte order mark, lone CRs as LFs), with each invalid
/// UTF-8 sequence shown as U+FFFD, so positions match what is shown.
pub(crate) fn shown_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    lone_cr_to_lf(&String::from_utf8_lossy(bytes))
}

/// Replaces each carriage return that does not start a CRLF with a line feed.
fn lone_cr_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// The error for a file of `len` bytes, over [`MAX_FILE_BYTES`].
pub(crate) fn too_large(len: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        format!(
            "file is {:.1} MiB; the limit for a YAML file is {} MiB",
            len as f64 / 1048576.0,
            MAX_FILE_BYTES / 1048576
        ),
    )
    .hint("split the program into several files in a program folder")
}

fn forbidden_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')
}

/// Line and column of a byte offset, counting columns in characters.
fn origin_of_byte(bytes: &[u8], at: usize, source: SourceId) -> Origin {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() as u32 + 1;
    Origin { source, line, col, len: 1 }
}

/// Parses one YAML document into a located tree. An empty file is `Null`.
/// The key of a value written under a key already used: never a real key.
const DROPPED_KEY: &str = "\0";

/// Parses a whole file into a located tree. A key written twice is an
/// error, the first one the result.
pub fn parse(text: &str, source: SourceId) -> Result<Node, Diagnostic> {
    // A list item that is a comment is valid YAML, an error only of a program file.
    let (node, also) = parse_all(text, source);
    let mut duplicates: Vec<Diagnostic> = also.into_iter().filter(|d| d.code == "duplicate-key").collect();
    match node {
        Ok(_) if !duplicates.is_empty() => Err(duplicates.remove(0)),
        other => other,
    }
}

/// Parses a whole file into a located tree, with the keys written twice
/// beside it: the tree keeps each key's first value, so the file's other
/// problems can still be found.
///
/// List items that are only a comment (`- #3 partner signed`) are reported
/// here too, where the text is known, and left out of the tree.
pub(crate) fn parse_all(text: &str, source: SourceId) -> (Result<Node, Diagnostic>, Vec<Diagnostic>) {
    let mut builder = Builder::new(source, text);
    let node = build(&mut builder, text, source);
    let mut also = std::mem::take(&mut builder.duplicates);
    also.append(&mut builder.commented_items);
    (node, also)
}

fn build(builder: &mut Builder<'_>, text: &str, source: SourceId) -> Result<Node, Diagnostic> {
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => builder.event(event, span)?,
            Err(e) => {
                let m = e.marker();
                let origin = within(text, Origin { source, line: m.line() as u32, col: m.col() as u32 + 1, len: 1 });
                let mut d = syntax_error(text, e.info(), origin);
                // An unclosed [ or { is found far from where it starts: point there too.
                if let Some(open) = builder.innermost_open().filter(|_| e.info().contains("flow")) {
                    d = d.related(open, "the unclosed bracket opens here");
                }
                return Err(d);
            }
        }
    }
    Ok(builder.finish())
}

/// A syntax error, with a hint for the mistakes YAML beginners make: an
/// indentation with tabs (which the parser reports where it noticed it,
/// often the line above, so the message points at the tab itself),
/// unquoted text that holds `: `, and an empty item in `[a, , b]`.
fn syntax_error(text: &str, info: &str, origin: Origin) -> Diagnostic {
    let d = |origin| Diagnostic::error("yaml-syntax", format!("invalid YAML: {info}")).at(origin);
    if let Some(tab) = indenting_tab(text, origin) {
        return d(tab).hint("YAML indents with spaces, not tabs");
    }
    let line = text.split('\n').nth((origin.line as usize).saturating_sub(1)).unwrap_or_default();
    if info.contains("mapping values are not allowed") {
        return d(origin).hint(quote_hint(line));
    }
    if info.contains("did not find expected node content") && line.chars().nth(origin.col as usize - 1) == Some(',') {
        return d(origin).hint("a list item is empty here: remove the extra `,`");
    }
    d(origin)
}

/// A tab in the indentation of the line of `origin` or of the next line.
fn indenting_tab(text: &str, origin: Origin) -> Option<Origin> {
    let lines = text.split('\n').enumerate().skip((origin.line as usize).saturating_sub(1)).take(2);
    lines.into_iter().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let col = indent.chars().position(|c| c == '\t')?;
        Some(Origin { line: i as u32 + 1, col: col as u32 + 1, len: 1, ..origin })
    })
}

/// "put the text in quotes: summary: \"Status: on track\"" for the line
/// `summary: Status: on track`.
fn quote_hint(line: &str) -> String {
    let line = line.trim();
    match line.split_once(": ") {
        Some((key, value)) if !key.is_empty() && !key.contains(['"', '\'', '-', '[', '{']) => {
            format!("put the text in quotes: {key}: {}", quoted(value.trim()))
        }
        _ => "quote text that contains `: `, e.g. summary: \"Status: on track\"".into(),
    }
}

/// Text in double quotes, as YAML reads it back.
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Moves a position the parser reports past the end of a line or of the
/// text (an error at the end of a file without a final line break) to the
/// last place that exists, so the message points at a real line.
fn within(text: &str, mut o: Origin) -> Origin {
    let lines: Vec<&str> = text.split('\n').collect();
    if o.line as usize > lines.len() {
        o.line = lines.len() as u32;
        o.col = u32::MAX;
    }
    let line = lines[(o.line.max(1) - 1) as usize];
    let width = line.strip_suffix('\r').unwrap_or(line).chars().count() as u32;
    o.line = o.line.max(1);
    o.col = o.col.clamp(1, width + 1);
    o
}

enum Frame {
    Seq {
        items: Vec<Node>,
        origin: Origin,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        keys: HashMap<ecow::EcoString, Origin>,
        key: Option<(ecow::EcoString, Origin)>,
        origin: Origin,
        anchor: usize,
    },
}

struct Builder<'t> {
    source: SourceId,
    text: &'t str,
    /// Byte offset of the start of each line, to look at the text of a value.
    line_starts: Vec<usize>,
    /// Just past the last character of the text.
    end: Origin,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    /// Keys written twice: reported, the later value dropped, and parsing
    /// goes on, so the file's other problems are found in the same run.
    duplicates: Vec<Diagnostic>,
    /// List items that hold only a comment: reported, left out of the list.
    commented_items: Vec<Diagnostic>,
}

impl<'t> Builder<'t> {
    fn new(source: SourceId, text: &'t str) -> Self {
        let last = text.rsplit('\n').next().unwrap_or_default();
        let end = Origin {
            source,
            line: text.split('\n').count() as u32,
            col: last.strip_suffix('\r').unwrap_or(last).chars().count() as u32 + 1,
            len: 1,
        };
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Builder {
            source,
            text,
            line_starts,
            end,
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            documents: 0,
            nodes: 0,
            duplicates: Vec::new(),
            commented_items: Vec::new(),
        }
    }

    /// The comment that makes an empty list item of a line `- #3 partner
    /// signed` (the parser puts the empty item after it), with its place.
    fn comment_after(&self, origin: Origin) -> Option<(Origin, &'t str)> {
        let start = *self.line_starts.get((origin.line as usize).checked_sub(1)?)?;
        let end = self.line_starts.get(origin.line as usize).map_or(self.text.len(), |e| e - 1);
        let line = &self.text[start..end];
        let comment = line.trim_start().strip_prefix('-')?.trim_start();
        if !comment.starts_with('#') {
            return None;
        }
        let col = line[..line.len() - comment.len()].chars().count() as u32 + 1;
        let comment = comment.trim_end();
        Some((Origin { col, len: comment.chars().count() as u32, ..origin }, comment))
    }

    /// Reports a list item that is empty only because its text is a comment.
    fn commented_item(&mut self, text: &str, is_quoted: bool, origin: Origin) -> bool {
        let in_list = matches!(self.stack.last(), Some(Frame::Seq { .. }));
        let Some((at, comment)) =
            (in_list && !is_quoted && text.is_empty()).then(|| self.comment_after(origin)).flatten()
        else {
            return false;
        };
        self.commented_items.push(
            Diagnostic::error(
                "commented-item",
                "this list item is empty: its text starts with `#`, which starts a comment",
            )
            .at(at)
            .hint(format!("`#` starts a comment in YAML: quote the text ({})", quoted(comment))),
        );
        true
    }

    fn origin(&self, span: &Span) -> Origin {
        // An empty value at the very end of a file is reported past its last
        // line (found by the fuzzer); such a value is at the end of the text.
        if span.start.line() as u32 > self.end.line {
            return self.end;
        }
        let len = if span.end.line() == span.start.line() {
            span.end.col().saturating_sub(span.start.col()).max(1) as u32
        } else {
            1
        };
        Origin { source: self.source, line: span.start.line() as u32, col: span.start.col() as u32 + 1, len }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        let origin = self.origin(&span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::error(
                        "several-documents",
                        "a file holds one YAML document; a second one starts here",
                    )
                    .at(origin)
                    .hint("remove the `---` line or move the second document to its own file"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_text = tag.as_ref().is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let quoted = style != ScalarStyle::Plain || forced_text;
                self.count(1, origin)?;
                if self.commented_item(&text, quoted, origin) {
                    return Ok(());
                }
                let value = if !quoted && is_null(&text) {
                    Value::Null
                } else {
                    Value::Scalar(Scalar { text: text.as_ref().into(), quoted })
                };
                self.emit(Node::new(value, origin), anchor)?;
            }
            Event::Alias(id) => {
                let (node, size) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    Diagnostic::error("yaml-alias", "alias refers to an anchor that is not defined before it")
                        .at(origin)
                })?;
                self.count(size, origin)?;
                self.emit(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(origin)?;
                self.stack.push(Frame::Seq { items: Vec::new(), origin, anchor });
            }
            Event::MappingStart(anchor, _) => {
                self.open(origin)?;
                self.stack.push(Frame::Map { entries: Vec::new(), keys: HashMap::new(), key: None, origin, anchor });
            }
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            _ => {}
        }
        Ok(())
    }

    fn innermost_open(&self) -> Option<Origin> {
        self.stack.last().map(|f| match f {
            Frame::Seq { origin, .. } | Frame::Map { origin, .. } => *origin,
        })
    }

    fn open(&mut self, origin: Origin) -> Result<(), Diagnostic> {
        self.count(1, origin)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(Diagnostic::error("too-deep", format!("values are nested more than {MAX_DEPTH} levels deep"))
                .at(origin));
        }
        Ok(())
    }

    fn count(&mut self, n: usize, origin: Origin) -> Result<(), Diagnostic> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(Diagnostic::error(
                "too-many-values",
                format!("file expands to more than {MAX_NODES} values (aliases included)"),
            )
            .at(origin)
            .hint("aliases that repeat large values multiply the size of a file"));
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { items, origin, anchor }) => (Node::new(Value::Seq(items), origin), anchor),
            Some(Frame::Map { entries, origin, anchor, .. }) => (Node::new(Value::Map(entries), origin), anchor),
            None => return Ok(()),
        };
        self.emit(node, anchor)
    }

    fn emit(&mut self, node: Node, anchor: usize) -> Result<(), Diagnostic> {
        if anchor != 0 {
            let size = count_nodes(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, keys, key, .. }) => match key.take() {
                None => {
                    let text = match &node.value {
                        Value::Scalar(s) => s.text.clone(),
                        Value::Null => ecow::EcoString::new(),
                        _ => {
                            return Err(Diagnostic::error(
                                "complex-key",
                                "a mapping key must be plain text, not a list or mapping",
                            )
                            .at(node.origin));
                        }
                    };
                    if let Some(first) = keys.get(&text) {
                        self.duplicates.push(
                            Diagnostic::error(
                                "duplicate-key",
                                format!("key `{}` appears twice in this mapping", crate::diag::printable(&text)),
                            )
                            .at(Origin { len: text.chars().count().max(1) as u32, ..node.origin })
                            .related(*first, "first written here"),
                        );
                        // The value that follows is dropped (decoded text never holds a NUL).
                        *key = Some((DROPPED_KEY.into(), node.origin));
                        return Ok(());
                    }
                    keys.insert(text.clone(), node.origin);
                    *key = Some((text, node.origin));
                }
                Some((k, _)) if k == DROPPED_KEY => {}
                Some((k, key_origin)) => entries.push(Entry { key: k, key_origin, value: node }),
            },
        }
        Ok(())
    }

    fn finish(&mut self) -> Node {
        self.root.take().unwrap_or(Node::new(Value::Null, Origin::file_start(self.source)))
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|e| 1 + count_nodes(&e.value)).sum(),
        _ => 0,
    }
}

/// How a plain scalar reads under the YAML 1.2 core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plain {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text,
}

impl Scalar {
    /// Resolves the scalar's type as YAML 1.2 would.
    pub fn resolve(&self) -> Plain {
        if self.quoted {
            return Plain::Text;
        }
        let t = self.text.as_str();
        match t {
            "true" | "True" | "TRUE" => return Plain::Bool(true),
            "false" | "False" | "FALSE" => return Plain::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Plain::Float(f64::INFINITY),
            "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
            _ => {}
        }
        if let Some(hex) = t.strip_prefix("0x") {
            return i64::from_str_radix(hex, 16).map_or(Plain::Text, Plain::Int);
        }
        if let Some(oct) = t.strip_prefix("0o") {
            return i64::from_str_radix(oct, 8).map_or(Plain::Text, Plain::Int);
        }
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse().map_or(Plain::Text, Plain::Int);
        }
        if looks_like_float(digits) {
            return t.parse().map_or(Plain::Text, Plain::Float);
        }
        Plain::Text
    }
}

fn looks_like_float(t: &str) -> bool {
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mantissa_ok = {
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        (int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()))
            && !(int.is_empty() && frac.is_empty())
            && (mantissa.contains('.') || exp.is_some())
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, Diagnostic> {
        parse(text, 0)
    }

    #[test]
    fn keeps_positions_of_values() {
        let n = p("name: EU DSA\nrisks:\n  - id: r1\n    impact: 4\n").unwrap();
        let impact = n.get("risks").unwrap();
        let Value::Seq(items) = &impact.value else { panic!() };
        let v = items[0].get("impact").unwrap();
        assert_eq!((v.origin.line, v.origin.col, v.origin.len), (4, 13, 1));
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.code, "duplicate-key");
        assert_eq!(e.origin.unwrap().line, 3);
        assert_eq!(e.related[0].0.line, 1);
    }

    #[test]
    fn alias_bombs_stop_at_the_limit() {
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert_eq!(p(&y).unwrap_err().code, "too-many-values");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(p(&y).unwrap_err().code, "too-deep");
        // Far deeper input stops in the parser's own recursion limit.
        let y = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(p(&y).unwrap_err().message.contains("recursion limit"));
    }

    #[test]
    fn errors_at_the_end_of_a_file_point_at_its_last_line() {
        // Found by the fuzzer: saphyr reports line 3 of this 2-line text.
        let e = p("- [ one, two, ]\n- [").unwrap_err();
        assert_eq!((e.origin.unwrap().line, e.origin.unwrap().col), (2, 4));
        // And values: saphyr puts this empty key on line 3.
        let n = p("? \n  ").unwrap();
        let key = &n.as_map().unwrap()[0];
        assert_eq!((key.key_origin.line, key.key_origin.col), (2, 3));
    }

    #[test]
    fn resolves_core_schema_scalars() {
        let s = |t: &str| Scalar { text: t.into(), quoted: false }.resolve();
        assert_eq!(s("4"), Plain::Int(4));
        assert_eq!(s("-1.5e3"), Plain::Float(-1500.0));
        assert_eq!(s("true"), Plain::Bool(true));
        assert_eq!(s("2026-11"), Plain::Text);
        assert_eq!(s("1."), Plain::Float(1.0));
        assert_eq!(s("."), Plain::Text);
    }

    #[test]
    fn rejects_bad_bytes_with_a_location() {
        let e = decode(b"name: a\nowner: \xff\n", 0).unwrap_err();
        assert_eq!((e.origin.unwrap().line, e.origin.unwrap().col), (2, 8));
        let e = decode(b"a: b\0", 0).unwrap_err();
        assert_eq!(e.code, "control-character");
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1", 0).unwrap(), "a: 1");
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        // Found by the fuzzer: the parser counted the CR as a line break, the
        // messages did not, so a diagnostic named the line after its own.
        assert_eq!(decode(b"a: 1\rb: 2\r\nc: [x,\ry]\r", 0).unwrap(), "a: 1\nb: 2\r\nc: [x,\ny]\n");
        let e = decode(b"a: 1\rb: \0", 0).unwrap_err();
        assert_eq!((e.origin.unwrap().line, e.origin.unwrap().col), (2, 4));
        let e = decode(b"\xEF\xBB\xBFa: 1\rb: \xff", 0).unwrap_err();
        assert_eq!((e.origin.unwrap().line, e.origin.unwrap().col), (2, 4));
        // And the text shown with such an error has the same lines.
        assert_eq!(shown_text(b"\xEF\xBB\xBFa: 1\rb: \xff\0"), "a: 1\nb: \u{FFFD}\0");
        let text = decode(b"a: [1,\r  2]\rbad key: 1\rbad key: 2", 0).unwrap();
        let e = p(&text).unwrap_err();
        assert_eq!((e.code, e.origin.unwrap().line, e.origin.unwrap().col), ("duplicate-key", 4, 1));
    }
}
