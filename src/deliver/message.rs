//! The e-mail that carries a brief: headers from the `deliver` block and
//! program text made safe, the digest as the body, the PDF attached.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::settings::{Delivery, SubjectValues};

/// Everything one message is made of.
pub struct Letter<'a> {
    pub from: &'a Mailbox,
    pub delivery: &'a Delivery,
    pub subject: SubjectValues<'a>,
    pub message_id: String,
    pub date: SystemTime,
    /// The digest of the executive summary: the text/plain body.
    pub digest_text: &'a str,
    /// The same digest as Markdown: a text/markdown alternative, when given.
    pub digest_markdown: Option<&'a str>,
    pub pdf_name: &'a str,
    pub pdf: &'a [u8],
}

/// A built message with the facts a sent record keeps.
#[derive(Debug, Clone)]
pub struct Composed {
    pub message: lettre::Message,
    pub message_id: String,
    pub subject: String,
}

impl Composed {
    /// The message as it goes over the wire (CRLF line ends, ASCII).
    pub fn bytes(&self) -> Vec<u8> {
        self.message.formatted()
    }

    /// Every envelope recipient: `to`, then `cc`.
    pub fn recipients(&self) -> Vec<lettre::Address> {
        self.message.envelope().to().to_vec()
    }

    /// The envelope sender.
    pub fn sender(&self) -> Option<&lettre::Address> {
        self.message.envelope().from()
    }
}

/// Builds the message. Fails only when lettre refuses the addresses.
pub fn compose(letter: &Letter) -> Result<Composed, String> {
    let subject = letter.delivery.subject.render(&letter.subject);
    let mut builder = lettre::Message::builder()
        .from(letter.from.clone())
        .subject(subject.clone())
        .message_id(Some(letter.message_id.clone()))
        .date(letter.date)
        .user_agent(format!("brief {}", env!("CARGO_PKG_VERSION")));
    for to in &letter.delivery.to {
        builder = builder.to(to.clone());
    }
    for cc in &letter.delivery.cc {
        builder = builder.cc(cc.clone());
    }
    let message = builder.multipart(body(letter)).map_err(|e| e.to_string())?;
    Ok(Composed { message, message_id: letter.message_id.clone(), subject })
}

fn body(letter: &Letter) -> MultiPart {
    let boundary = boundary(letter);
    let mixed = || MultiPart::mixed().boundary(format!("{boundary}m"));
    let plain = SinglePart::plain(letter.digest_text.to_string());
    let text = match letter.digest_markdown {
        Some(markdown) => MultiPart::alternative().boundary(format!("{boundary}a")).singlepart(plain).singlepart(
            SinglePart::builder()
                .header(ContentType::parse("text/markdown; charset=utf-8").expect("a valid content type"))
                .body(markdown.to_string()),
        ),
        None => mixed().singlepart(plain),
    };
    let pdf = Attachment::new(letter.pdf_name.to_string())
        .body(letter.pdf.to_vec(), ContentType::parse("application/pdf").expect("a valid content type"));
    match letter.digest_markdown {
        Some(_) => mixed().multipart(text).singlepart(pdf),
        None => text.singlepart(pdf),
    }
}

/// A MIME boundary made from the content (lettre's is random), so the same
/// brief gives the same bytes; `=_` never occurs in quoted-printable or
/// base64, and text that holds this hash of itself cannot be written.
fn boundary(letter: &Letter) -> String {
    let mut content = letter.digest_text.as_bytes().to_vec();
    content.extend_from_slice(letter.digest_markdown.unwrap_or_default().as_bytes());
    content.extend_from_slice(&crate::manifest::sha256(letter.pdf));
    let hash = crate::manifest::hex(&crate::manifest::sha256(&content));
    format!("=_brief_{}_", &hash[..32])
}

/// The Message-ID of a brief: made from the report, the period, the PDF's
/// SHA-256 and the how-manieth send this is, so it is the same for the same
/// send on any machine, a resend of the same PDF is recognisable by its
/// hash, and yet no mail client takes a resend for a duplicate.
pub fn message_id(report: &str, period: &str, pdf_sha256: &str, send: usize, from: &Mailbox) -> String {
    let hash: String = pdf_sha256.chars().take(16).collect();
    format!("<brief.{}.{}.{hash}.{send}@{}>", atom(report), atom(period), atom(from.email.domain()))
}

/// Keeps the characters a Message-ID may hold without quoting.
fn atom(text: &str) -> String {
    let kept: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect();
    if kept.is_empty() { "x".into() } else { kept }
}

/// Writes the message as an `.eml` file: a temporary file beside it, then renamed.
pub fn write_eml(composed: &Composed, path: &Path) -> anyhow::Result<PathBuf> {
    crate::output::write_atomic(path, &composed.bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery() -> Delivery {
        Delivery::parse(
            &["Überprüfung 日本 <lead@example.com>".into()],
            &["cc@example.com".into()],
            Some("{title}: {period_label}"),
        )
        .unwrap()
    }

    fn letter<'a>(delivery: &'a Delivery, from: &'a Mailbox, title: &'a str) -> Letter<'a> {
        Letter {
            from,
            delivery,
            subject: SubjectValues { title, period_label: "März 2026", period: "2026-03", report: "monthly" },
            message_id: "<brief.monthly.2026-03.0123456789abcdef.1@example.com>".into(),
            date: SystemTime::UNIX_EPOCH,
            digest_text: "Headline: 3 green, 1 red.\nDecision needed by 2026-04-02.\n",
            digest_markdown: Some("**Headline**: 3 green, 1 red.\n"),
            pdf_name: "monthly-2026-03.pdf",
            pdf: b"%PDF-1.7 test",
        }
    }

    fn headers(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let head = text.split("\r\n\r\n").next().unwrap().to_string();
        head.split("\r\n")
            .filter(|l| !l.starts_with(' ') && !l.starts_with('\t'))
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_hostile_title_adds_no_header_and_the_message_is_ascii() {
        let from: Mailbox = "brief@example.com".parse().unwrap();
        let d = delivery();
        let composed =
            compose(&letter(&d, &from, "Status\r\nBcc: evil@example.com =?utf-8?b?DQpYOiB5?= 日本")).unwrap();
        let bytes = composed.bytes();
        assert!(bytes.is_ascii());
        let names = headers(&bytes);
        assert_eq!(
            names,
            ["From", "Subject", "Message-ID", "Date", "User-Agent", "To", "Cc", "MIME-Version", "Content-Type"]
        );
        assert!(!String::from_utf8(bytes).unwrap().contains("\r\nBcc:"));
        assert_eq!(
            composed.subject.replace('\u{200B}', ""),
            "Status Bcc: evil@example.com =?utf-8?b?DQpYOiB5?= 日本: März 2026"
        );
        let rcpt: Vec<String> = composed.recipients().iter().map(|a| a.to_string()).collect();
        assert_eq!(rcpt, ["lead@example.com", "cc@example.com"]);
    }

    #[test]
    fn the_message_id_is_stable_and_safe() {
        let from: Mailbox = "b@mail.example.com".parse().unwrap();
        let id = message_id("monthly brief", "2026-03", &"ab".repeat(32), 2, &from);
        assert_eq!(id, "<brief.monthly-brief.2026-03.abababababababab.2@mail.example.com>");
    }

    #[test]
    fn an_eml_is_written_whole_and_the_same_twice() {
        let from: Mailbox = "brief@example.com".parse().unwrap();
        let d = delivery();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("monthly-2026-03.eml");
        let first = compose(&letter(&d, &from, "Portfolio")).unwrap();
        write_eml(&first, &path).unwrap();
        let again = compose(&letter(&d, &from, "Portfolio")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), again.bytes());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
