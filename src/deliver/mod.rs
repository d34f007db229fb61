//! Delivery: e-mails a built brief to the readers of its report
//! (`brief build --send`, `brief send`; FORMAT.md 6.4).
//!
//! The e-mail is read before the PDF, so its body is the digest of the
//! executive summary (text/plain, with an optional text/markdown
//! alternative) and the PDF is attached. The stages:
//!
//! - [`settings`]: the `deliver` block ([`Delivery`]: `to`, `cc`, the
//!   subject template with `{title}`, `{period_label}`, `{period}`,
//!   `{report}`), checked before anything is built.
//! - [`smtp`]: [`SmtpSettings::from_env`] reads `BRIEF_SMTP_URL`,
//!   `BRIEF_SMTP_PASSWORD` and `BRIEF_SMTP_FROM`, never `brief.yaml`;
//!   STARTTLS or TLS unless the server is on the loopback address. One
//!   session per message tries every recipient before the data, so a
//!   refused recipient means the message went to nobody
//!   ([`DeliveryError::RecipientsRefused`] lists them with the replies).
//! - [`message`]: builds the MIME message; program text in the subject is
//!   made safe by [`settings::header_text`] and encoded by lettre, so it can
//!   never add a header. The Message-ID and the MIME boundaries come from
//!   the content: the same brief gives the same bytes.
//! - [`record`]: the sent log ([`SentLog`], `sent.json` beside the
//!   manifest) that keeps a rerun from sending twice.
//!
//! How a command wires it in:
//!
//! 1. read the `deliver` blocks with [`Delivery::parse`] (errors name the
//!    key, e.g. `deliver.to[1]`, for the caller's line and column);
//! 2. after the build, [`refusal`] says whether anything may be sent at all
//!    (no report failed, no warning under `--strict`); if not, emit
//!    [`Outcome::Skipped`] events for every report and send nothing;
//! 3. [`SmtpSettings::from_env`] (or, for `--dry-run`, [`dry_run_sender`]);
//! 4. [`SentStore::open`] on `out/<...>/sent.json`;
//! 5. [`deliver_report`] per report, routing each [`Event`] to the printer;
//!    the exit code is the largest [`Outcome::exit_code`].

pub mod message;
pub mod record;
pub mod settings;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use lettre::message::Mailbox;
use serde_json::{Value, json};

pub use message::{Composed, Letter, compose, message_id, write_eml};
pub use record::{SENT_LOG_FILE, SentLog, SentRecord, SentStore};
pub use settings::{Delivery, SettingError, SubjectTemplate, SubjectValues};
pub use smtp::{DeliveryError, RefusedRecipient, Security, SmtpSettings, SmtpSettingsError};

/// One built brief, ready to go out.
pub struct Brief<'a> {
    /// The report id in `brief.yaml`.
    pub report: &'a str,
    pub title: &'a str,
    /// The period, `YYYY-MM`.
    pub period: &'a str,
    /// The period for people, in the report's locale ("March 2026").
    pub period_label: &'a str,
    /// The last day of the period: the Date of a `--dry-run` message.
    pub as_of: NaiveDate,
    pub pdf_path: &'a Path,
    pub pdf: &'a [u8],
    pub digest_text: &'a str,
    pub digest_markdown: Option<&'a str>,
}

/// How the message leaves.
pub enum Via<'a> {
    /// Over SMTP, with the sender of the settings.
    Smtp(&'a SmtpSettings),
    /// `--dry-run`: an `.eml` file in `dir`, named like the PDF; nothing is recorded.
    Eml { dir: &'a Path, from: &'a Mailbox },
}

/// Why a brief was not sent, though nothing went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Sent for this period before; `same_pdf` says whether the PDF is unchanged.
    AlreadySent { message_id: String, same_pdf: bool },
    /// Some report of the build failed, so none is sent.
    BuildFailed { failed: usize },
    /// `--strict` and the build had warnings.
    StrictWarnings { warnings: usize },
}

/// What became of one brief.
#[derive(Debug)]
pub enum Outcome {
    Sent(SentRecord),
    Written {
        path: PathBuf,
        message_id: String,
    },
    Skipped(SkipReason),
    Failed(DeliveryError),
    /// Sent, but the sent log could not be saved: a rerun would send again.
    NotRecorded {
        record: SentRecord,
        reason: String,
    },
}

impl Outcome {
    /// 0 when nothing went wrong, 2 ([`crate::EXIT_TOOL_FAILURE`]) when a delivery failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Failed(_) | Outcome::NotRecorded { .. } => crate::EXIT_TOOL_FAILURE,
            _ => 0,
        }
    }
}

/// A line for the log: `json` for `--log-format json`, `text` for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub json: Value,
    pub text: String,
    pub is_error: bool,
}

/// Whether this build may send at all; `Some` is the reason for sending nothing.
pub fn refusal(failed_reports: usize, strict: bool, warnings: usize) -> Option<SkipReason> {
    if failed_reports > 0 {
        Some(SkipReason::BuildFailed { failed: failed_reports })
    } else if strict && warnings > 0 {
        Some(SkipReason::StrictWarnings { warnings })
    } else {
        None
    }
}

/// The sender of a `--dry-run` message: `BRIEF_SMTP_FROM`, else the sender
/// the SMTP settings would use, else `brief@localhost` (no server needed).
pub fn dry_run_sender() -> Mailbox {
    let from = std::env::var(smtp::FROM_VAR).ok().and_then(|f| settings::parse_mailbox(&f).ok());
    from.or_else(|| SmtpSettings::from_env().ok().map(|s| s.from))
        .unwrap_or_else(|| Mailbox::new(None, "brief@localhost".parse().expect("a valid address")))
}

/// Sends (or writes) one brief unless it was sent for this period already
/// (and `resend` is off), records a send in `store`, and logs the outcome.
pub fn deliver_report(
    brief: &Brief,
    delivery: &Delivery,
    via: Via,
    store: &mut SentStore,
    resend: bool,
    log: &mut dyn FnMut(&Event),
) -> Outcome {
    let pdf_sha256 = crate::manifest::hex(&crate::manifest::sha256(brief.pdf));
    let previous = store.log.already_sent(brief.report, brief.period);
    let outcome = match previous {
        Some(p) if !resend => Outcome::Skipped(SkipReason::AlreadySent {
            message_id: p.message_id.clone(),
            same_pdf: p.pdf_sha256 == pdf_sha256,
        }),
        _ => dispatch(brief, delivery, via, store, pdf_sha256),
    };
    log(&event(brief, &outcome));
    outcome
}

fn dispatch(brief: &Brief, delivery: &Delivery, via: Via, store: &mut SentStore, pdf_sha256: String) -> Outcome {
    let (from, date) = match &via {
        Via::Smtp(settings) => (&settings.from, SystemTime::now()),
        Via::Eml { from, .. } => (*from, midnight(brief.as_of)),
    };
    let send = store.log.send_count(brief.report, brief.period) + 1;
    let composed = match compose(&letter(
        brief,
        delivery,
        from,
        date,
        message_id(brief.report, brief.period, &pdf_sha256, send, from),
    )) {
        Ok(c) => c,
        Err(reason) => return Outcome::Failed(DeliveryError::Other { reason }),
    };
    match via {
        Via::Eml { dir, .. } => written(&composed, &dir.join(eml_name(brief.pdf_path))),
        Via::Smtp(settings) => match transmit(&composed, settings) {
            Ok(to) => {
                let record = SentRecord {
                    report: brief.report.into(),
                    period: brief.period.into(),
                    pdf_sha256,
                    message_id: composed.message_id,
                    to,
                };
                match store.record(record.clone()) {
                    Ok(()) => Outcome::Sent(record),
                    Err(e) => Outcome::NotRecorded { record, reason: format!("{e:#}") },
                }
            }
            Err(e) => Outcome::Failed(e),
        },
    }
}

fn letter<'a>(
    brief: &'a Brief,
    delivery: &'a Delivery,
    from: &'a Mailbox,
    date: SystemTime,
    message_id: String,
) -> Letter<'a> {
    Letter {
        from,
        delivery,
        subject: SubjectValues {
            title: brief.title,
            period_label: brief.period_label,
            period: brief.period,
            report: brief.report,
        },
        message_id,
        date,
        digest_text: brief.digest_text,
        digest_markdown: brief.digest_markdown,
        pdf_name: brief.pdf_path.file_name().and_then(|n| n.to_str()).unwrap_or("brief.pdf"),
        pdf: brief.pdf,
    }
}

/// Sends a composed message; the accepted recipients on success.
pub fn transmit(composed: &Composed, settings: &SmtpSettings) -> Result<Vec<String>, DeliveryError> {
    let from = composed.sender().ok_or_else(|| DeliveryError::Other { reason: "the message has no sender".into() })?;
    let recipients = composed.recipients();
    smtp::send_raw(settings, from, &recipients, &composed.bytes())?;
    Ok(recipients.iter().map(|a| a.to_string()).collect())
}

fn written(composed: &Composed, path: &Path) -> Outcome {
    match write_eml(composed, path) {
        Ok(path) => Outcome::Written { path, message_id: composed.message_id.clone() },
        Err(e) => Outcome::Failed(DeliveryError::Other { reason: format!("{e:#}") }),
    }
}

/// `out/2026-03/monthly.pdf` gives `monthly.eml`.
fn eml_name(pdf_path: &Path) -> String {
    let stem = pdf_path.file_stem().and_then(|s| s.to_str()).unwrap_or("brief");
    format!("{stem}.eml")
}

fn midnight(day: NaiveDate) -> SystemTime {
    let seconds = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds.max(0) as u64)
}

/// The log line for an outcome; the JSON `event` is `sent`, `eml-written`,
/// `send-skipped` or `send-failed`.
pub fn event(brief: &Brief, outcome: &Outcome) -> Event {
    let (name, fields, text) = describe(brief, outcome);
    let mut json = json!({ "event": name, "report": brief.report, "period": brief.period });
    if let (Value::Object(map), Value::Object(more)) = (&mut json, fields) {
        map.extend(more);
    }
    json["message"] = json!(text);
    Event { json, text, is_error: outcome.exit_code() != 0 }
}

fn describe(brief: &Brief, outcome: &Outcome) -> (&'static str, Value, String) {
    let what = format!("{} for {}", brief.report, brief.period);
    match outcome {
        Outcome::Sent(r) => {
            ("sent", json!({ "message_id": r.message_id, "to": r.to }), format!("sent {what} to {}", r.to.join(", ")))
        }
        Outcome::Written { path, message_id } => (
            "eml-written",
            json!({ "message_id": message_id, "path": path.display().to_string() }),
            format!("dry run: wrote the e-mail of {what} to {} (nothing sent)", path.display()),
        ),
        Outcome::Skipped(reason) => skipped(&what, reason),
        Outcome::Failed(e) => failed(&what, e),
        Outcome::NotRecorded { record, reason } => (
            "send-failed",
            json!({ "error": "not-recorded", "message_id": record.message_id, "to": record.to }),
            format!("sent {what}, but could not record it ({reason}): a rerun would send it again"),
        ),
    }
}

fn skipped(what: &str, reason: &SkipReason) -> (&'static str, Value, String) {
    let (code, fields, text) = match reason {
        SkipReason::AlreadySent { message_id, same_pdf } => (
            "already-sent",
            json!({ "message_id": message_id, "same_pdf": same_pdf }),
            format!(
                "not sending {what}: already sent as {message_id}{}; use --resend to send it again",
                if *same_pdf { "" } else { " (the PDF has changed since)" }
            ),
        ),
        SkipReason::BuildFailed { failed } => (
            "build-failed",
            json!({ "failed": failed }),
            format!("not sending {what}: {failed} report(s) of the build failed"),
        ),
        SkipReason::StrictWarnings { warnings } => (
            "strict-warnings",
            json!({ "warnings": warnings }),
            format!("not sending {what}: {warnings} warning(s) under --strict"),
        ),
    };
    let mut fields = fields;
    fields["reason"] = json!(code);
    ("send-skipped", fields, text)
}

fn failed(what: &str, e: &DeliveryError) -> (&'static str, Value, String) {
    let mut fields = json!({ "error": e.kind() });
    if let DeliveryError::RecipientsRefused { refused } = e {
        fields["refused"] = refused.iter().map(|r| json!({ "address": r.address, "reply": r.reply })).collect();
    }
    ("send-failed", fields, format!("could not send {what}: {e}; the PDF stays in place"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_sent_after_a_failed_build_or_strict_warnings() {
        assert_eq!(refusal(1, false, 0), Some(SkipReason::BuildFailed { failed: 1 }));
        assert_eq!(refusal(0, true, 2), Some(SkipReason::StrictWarnings { warnings: 2 }));
        assert_eq!(refusal(0, false, 2), None);
    }

    fn brief<'a>(pdf_path: &'a Path) -> Brief<'a> {
        Brief {
            report: "monthly",
            title: "Portfolio",
            period: "2026-03",
            period_label: "March 2026",
            as_of: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            pdf_path,
            pdf: b"%PDF-1.7",
            digest_text: "3 green.\n",
            digest_markdown: None,
        }
    }

    #[test]
    fn a_dry_run_writes_an_eml_named_like_the_pdf_and_records_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("monthly-2026-03.pdf");
        let delivery = Delivery::parse(&["a@example.com".into()], &[], None).unwrap();
        let mut store = SentStore::open(&dir.path().join(SENT_LOG_FILE)).unwrap();
        let from: Mailbox = "brief@example.com".parse().unwrap();
        let mut events = Vec::new();
        let outcome = deliver_report(
            &brief(&pdf),
            &delivery,
            Via::Eml { dir: dir.path(), from: &from },
            &mut store,
            false,
            &mut |e| events.push(e.clone()),
        );
        let Outcome::Written { path, .. } = &outcome else { panic!("{outcome:?}") };
        assert_eq!(path, &dir.path().join("monthly-2026-03.eml"));
        let eml = std::fs::read_to_string(path).unwrap();
        assert!(eml.contains("Date: Tue, 31 Mar 2026 00:00:00 +0000\r\n"), "{eml}");
        assert_eq!(events[0].json["event"], "eml-written");
        assert!(store.log.entries.is_empty() && !dir.path().join(SENT_LOG_FILE).exists());
    }

    #[test]
    fn a_brief_sent_for_the_period_is_skipped_without_resend() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("monthly.pdf");
        let delivery = Delivery::parse(&["a@example.com".into()], &[], None).unwrap();
        let mut store = SentStore::open(&dir.path().join(SENT_LOG_FILE)).unwrap();
        store.log.entries.push(SentRecord {
            report: "monthly".into(),
            period: "2026-03".into(),
            pdf_sha256: "0".into(),
            message_id: "<m>".into(),
            to: vec![],
        });
        let from: Mailbox = "brief@example.com".parse().unwrap();
        let mut events = Vec::new();
        let outcome = deliver_report(
            &brief(&pdf),
            &delivery,
            Via::Eml { dir: dir.path(), from: &from },
            &mut store,
            false,
            &mut |e| events.push(e.clone()),
        );
        assert!(matches!(outcome, Outcome::Skipped(SkipReason::AlreadySent { same_pdf: false, .. })), "{outcome:?}");
        assert_eq!(events[0].json["reason"], "already-sent");
        assert!(
            events[0].text.contains("--resend") && events[0].text.contains("the PDF has changed"),
            "{}",
            events[0].text
        );
        let outcome = deliver_report(
            &brief(&pdf),
            &delivery,
            Via::Eml { dir: dir.path(), from: &from },
            &mut store,
            true,
            &mut |_| {},
        );
        let Outcome::Written { message_id, .. } = outcome else { panic!() };
        assert!(message_id.ends_with(".2@example.com>"), "the second send has its own id: {message_id}");
    }
}
