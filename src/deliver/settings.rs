//! The `deliver` block of a report: who gets the brief and the subject
//! template, checked before anything is built or sent.

use lettre::message::Mailbox;

/// The placeholders a subject template may use.
pub const PLACEHOLDERS: [&str; 4] = ["title", "period_label", "period", "report"];

/// The subject when a `deliver` block gives none.
pub const DEFAULT_SUBJECT: &str = "{title}: {period_label}";

/// Where one report goes, parsed from its `deliver` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub subject: SubjectTemplate,
}

/// A problem in a `deliver` block; `key` is the path in the block
/// (`deliver.to[1]`), so the caller can point at the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl Delivery {
    /// Parses the addresses and the subject template, reporting every problem at once.
    pub fn parse(to: &[String], cc: &[String], subject: Option<&str>) -> Result<Delivery, Vec<SettingError>> {
        let mut errors = Vec::new();
        let to_boxes = mailboxes("deliver.to", to, &mut errors);
        let cc_boxes = mailboxes("deliver.cc", cc, &mut errors);
        if to.is_empty() {
            errors.push(SettingError { key: "deliver.to".into(), message: "names no recipient".into() });
        }
        let subject = SubjectTemplate::parse(subject.unwrap_or(DEFAULT_SUBJECT)).map_err(|message| {
            errors.push(SettingError { key: "deliver.subject".into(), message });
        });
        match subject {
            Ok(subject) if errors.is_empty() => Ok(Delivery { to: to_boxes, cc: cc_boxes, subject }),
            _ => Err(errors),
        }
    }
}

fn mailboxes(key: &str, list: &[String], errors: &mut Vec<SettingError>) -> Vec<Mailbox> {
    let mut out = Vec::new();
    for (i, text) in list.iter().enumerate() {
        match parse_mailbox(text) {
            Ok(m) => out.push(m),
            Err(message) => errors.push(SettingError { key: format!("{key}[{i}]"), message }),
        }
    }
    out
}

/// Parses `a@b.example` or `Name <a@b.example>`, with a message a person understands.
pub fn parse_mailbox(text: &str) -> Result<Mailbox, String> {
    if text.chars().any(char::is_control) {
        return Err(format!("{text:?} is not an e-mail address: it holds a line break or a control character"));
    }
    text.trim().parse::<Mailbox>().map_err(|e| {
        format!("{text:?} is not an e-mail address ({e}); write name@example.com or \"Name <name@example.com>\"")
    })
}

/// A subject with `{placeholder}`s, checked when the settings are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectTemplate {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Placeholder(&'static str),
}

/// The values a subject template is filled with; any of them may be program text.
pub struct SubjectValues<'a> {
    pub title: &'a str,
    pub period_label: &'a str,
    pub period: &'a str,
    pub report: &'a str,
}

impl SubjectTemplate {
    /// Parses a template; `{{` and `}}` stand for literal braces.
    pub fn parse(template: &str) -> Result<SubjectTemplate, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = template;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("{{") || rest.starts_with("}}") {
                text.push(c);
                rest = &rest[2..];
            } else if c == '{' {
                let end = rest.find('}').ok_or_else(|| format!("{template:?}: a {{ without its }}"))?;
                let name = placeholder(&rest[1..end]).ok_or_else(|| {
                    format!("{template:?}: unknown placeholder {}; known: {}", &rest[..=end], known())
                })?;
                parts.push(Part::Text(std::mem::take(&mut text)));
                parts.push(Part::Placeholder(name));
                rest = &rest[end + 1..];
            } else if c == '}' {
                return Err(format!("{template:?}: a }} without its {{ (write }}}} for a brace)"));
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        parts.push(Part::Text(text));
        parts.retain(|p| *p != Part::Text(String::new()));
        Ok(SubjectTemplate { parts })
    }

    /// The subject for these values, made safe for a header by [`header_text`].
    pub fn render(&self, values: &SubjectValues) -> String {
        let raw: String = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.as_str(),
                Part::Placeholder("title") => values.title,
                Part::Placeholder("period_label") => values.period_label,
                Part::Placeholder("period") => values.period,
                Part::Placeholder(_) => values.report,
            })
            .collect();
        header_text(&raw)
    }
}

fn placeholder(name: &str) -> Option<&'static str> {
    PLACEHOLDERS.iter().copied().find(|p| *p == name)
}

fn known() -> String {
    PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
}

/// Zero width space: splits a `=?` so that a reader never decodes program
/// text as an RFC 2047 encoded word, and (being non-ASCII) makes lettre
/// encode that word itself.
const WORD_BREAK: char = '\u{200B}';

/// Program text made safe for one header line: control characters and line
/// breaks become spaces, runs of white space one space, and `=?` can never
/// start an encoded word. Lettre then encodes non-ASCII words (RFC 2047).
pub fn header_text(raw: &str) -> String {
    let spaced: String =
        raw.chars().map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").replace("=?", &format!("={WORD_BREAK}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(title: &'a str) -> SubjectValues<'a> {
        SubjectValues { title, period_label: "March 2026", period: "2026-03", report: "monthly" }
    }

    #[test]
    fn the_default_subject_names_title_and_period() {
        let t = SubjectTemplate::parse(DEFAULT_SUBJECT).unwrap();
        assert_eq!(t.render(&values("Portfolio")), "Portfolio: March 2026");
    }

    #[test]
    fn braces_can_be_written_and_unknown_placeholders_are_refused() {
        let t = SubjectTemplate::parse("{{{report}}} {period}").unwrap();
        assert_eq!(t.render(&values("x")), "{monthly} 2026-03");
        let e = SubjectTemplate::parse("{titel}").unwrap_err();
        assert!(e.contains("unknown placeholder {titel}") && e.contains("{period_label}"), "{e}");
        assert!(SubjectTemplate::parse("{title").unwrap_err().contains("without its }"));
        assert!(SubjectTemplate::parse("a } b").unwrap_err().contains("without its {"));
    }

    #[test]
    fn line_breaks_and_control_characters_never_reach_a_header() {
        let t = SubjectTemplate::parse("{title}").unwrap();
        let s = t.render(&values("Status\r\nBcc: evil@example.com\u{0}\u{1b}[31m\u{85}x\u{2028}y"));
        assert_eq!(s, "Status Bcc: evil@example.com [31m x y");
    }

    #[test]
    fn encoded_words_in_program_text_stay_literal_text() {
        let s = header_text("Status =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=");
        assert!(!s.contains("=?"), "{s}");
        assert_eq!(s.replace(WORD_BREAK, ""), "Status =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=");
    }

    #[test]
    fn addresses_are_checked_all_at_once() {
        let to = vec!["Ada <ada@example.com>".to_string(), "not an address".to_string()];
        let cc = vec!["x@example.com\r\nBcc: evil@example.com".to_string()];
        let errors = Delivery::parse(&to, &cc, Some("{nope}")).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["deliver.to[1]", "deliver.cc[0]", "deliver.subject"]);
        assert!(errors[0].message.contains("\"not an address\" is not an e-mail address"), "{}", errors[0]);
        assert!(errors[1].message.contains("line break"), "{}", errors[1]);
        assert_eq!(Delivery::parse(&[], &[], None).unwrap_err()[0].message, "names no recipient");
        let ok = Delivery::parse(&to[..1], &[], None).unwrap();
        assert_eq!(ok.to[0].email.to_string(), "ada@example.com");
    }
}
