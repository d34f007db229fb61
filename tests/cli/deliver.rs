//! Delivery over a real SMTP server: `tests/support/smtp_server.py`
//! (aiosmtpd) on 127.0.0.1 saves what it receives, and the tests parse it.
//!
//! The tests that need the server are `#[ignore]`d so that a machine with
//! only Rust stays green; CI runs them with Python and aiosmtpd:
//!
//! ```text
//! python3 -m venv VENV && VENV/bin/pip install aiosmtpd
//! BRIEF_TEST_PYTHON=VENV/bin/python cargo test --release --test cli -- --ignored deliver::
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use brief::testing::deliver::{
    self, Brief, Delivery, DeliveryError, Event, Outcome, SENT_LOG_FILE, SentStore, SkipReason, SmtpSettings, Via,
};
use mail_parser::{MessageParser, MimeHeaders};

use crate::harness::repo;

/// The test server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

fn python() -> String {
    std::env::var("BRIEF_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "BRIEF_TEST_PYTHON is not set: the delivery tests need Python with aiosmtpd. Run \
             `python3 -m venv VENV && VENV/bin/pip install aiosmtpd` and set BRIEF_TEST_PYTHON=VENV/bin/python \
             (.ci/run does this)"
        )
    })
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(python())
            .arg(repo().join("tests/support/smtp_server.py"))
            .arg("--dir")
            .arg(dir.path())
            .args(["--max-seconds", "60"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("BRIEF_TEST_PYTHON runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Ok(port) = line.trim().parse() else {
            let out = child.wait_with_output().unwrap();
            panic!(
                "the SMTP test server did not start (is aiosmtpd installed?): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        Server { child, port, dir }
    }

    fn settings(&self, vars: &[(&str, &str)]) -> SmtpSettings {
        settings_for(&format!("smtp://127.0.0.1:{}", self.port), vars)
    }

    /// The received messages, oldest first, each with its envelope recipients.
    fn received(&self) -> Vec<(Vec<u8>, Vec<String>)> {
        (1..)
            .map(|n| self.dir.path().join(n.to_string()))
            .take_while(|base| base.with_extension("eml").exists())
            .map(|base| {
                let rcpt = std::fs::read_to_string(base.with_extension("rcpt")).unwrap();
                (std::fs::read(base.with_extension("eml")).unwrap(), rcpt.lines().map(String::from).collect())
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn settings_for(url: &str, vars: &[(&str, &str)]) -> SmtpSettings {
    let mut map: std::collections::HashMap<&str, String> = vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
    map.insert("BRIEF_SMTP_URL", url.to_string());
    map.entry("BRIEF_SMTP_FROM").or_insert_with(|| "Brief Bot <brief@example.com>".into());
    let mut s = SmtpSettings::from_vars(|name| map.get(name).cloned()).unwrap();
    s.timeout = Duration::from_secs(5);
    s
}

/// Bytes that catch any slip in the attachment's encoding: every byte value.
fn pdf_bytes() -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    for _ in 0..300 {
        pdf.extend(0..=255u8);
    }
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

/// A digest with what trips mail: non-ASCII, a line of a lone dot (the end
/// of DATA), "From " at a line start, and a line longer than 998 bytes.
fn digest() -> String {
    format!(
        "Portfolio: 3 green, 1 amber, 1 red. Decisions needed: 2, the first by 2 April.\n\
         Got worse: Überprüfung 日本 (amber to red).\n.\n..\nFrom the owners: see the PDF.\n{}\n",
        "long ".repeat(250)
    )
}

const HOSTILE_TITLE: &str =
    "Status\r\nBcc: evil@example.com =?utf-8?b?DQpYLUV2aWw6IDE=?= =?utf-8?q?=0D=0AX-Evil:_2?= Überprüfung 日本";

struct Fixture {
    dir: tempfile::TempDir,
    pdf: Vec<u8>,
    digest: String,
    delivery: Delivery,
}

impl Fixture {
    fn new(to: &[&str], cc: &[&str]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let pdf = pdf_bytes();
        std::fs::write(dir.path().join("monthly-2026-03.pdf"), &pdf).unwrap();
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let delivery = Delivery::parse(&strings(to), &strings(cc), Some("{title}: {period_label} ({report})")).unwrap();
        Fixture { dir, pdf, digest: digest(), delivery }
    }

    fn pdf_path(&self) -> PathBuf {
        self.dir.path().join("monthly-2026-03.pdf")
    }

    fn brief<'a>(&'a self, pdf_path: &'a Path) -> Brief<'a> {
        Brief {
            report: "monthly",
            title: HOSTILE_TITLE,
            period: "2026-03",
            period_label: "März 2026",
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            pdf_path,
            pdf: &self.pdf,
            digest_text: &self.digest,
            digest_markdown: Some("**Portfolio**: 3 green, 1 amber, 1 red.\n"),
        }
    }

    fn store(&self) -> SentStore {
        SentStore::open(&self.dir.path().join(SENT_LOG_FILE)).unwrap()
    }

    /// Delivers once with a fresh view of the sent log; the outcome and its events.
    fn deliver(&self, settings: &SmtpSettings, resend: bool) -> (Outcome, Vec<Event>) {
        let pdf_path = self.pdf_path();
        let mut events = Vec::new();
        let outcome = deliver::deliver_report(
            &self.brief(&pdf_path),
            &self.delivery,
            Via::Smtp(settings),
            &mut self.store(),
            resend,
            &mut |e| events.push(e.clone()),
        );
        (outcome, events)
    }
}

fn header_names(raw: &[u8]) -> Vec<String> {
    let message = MessageParser::default().parse(raw).unwrap();
    message.headers().iter().map(|h| h.name().to_string()).collect()
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn the_server_receives_the_pdf_the_digest_and_only_the_headers_brief_wrote() {
    let server = Server::start(&[]);
    let f = Fixture::new(&["Überprüfung 日本 <lead@example.com>", "cfo@example.com"], &["pmo@example.com"]);
    let (outcome, events) = f.deliver(&server.settings(&[]), false);
    let Outcome::Sent(record) = &outcome else { panic!("{outcome:?}") };
    assert_eq!(record.to, ["lead@example.com", "cfo@example.com", "pmo@example.com"]);
    assert_eq!(events[0].json["event"], "sent");
    assert_eq!(events[0].json["message_id"], record.message_id.as_str());

    let received = server.received();
    assert_eq!(received.len(), 1);
    let (raw, envelope) = &received[0];
    assert_eq!(envelope, &record.to, "the envelope holds to and cc, and nothing else");
    let names = header_names(raw);
    assert_eq!(
        names,
        ["From", "Subject", "Message-ID", "Date", "User-Agent", "To", "Cc", "MIME-Version", "Content-Type"]
    );

    let message = MessageParser::default().parse(raw).unwrap();
    let subject = message.subject().unwrap().replace('\u{200B}', "");
    assert_eq!(
        subject,
        "Status Bcc: evil@example.com =?utf-8?b?DQpYLUV2aWw6IDE=?= =?utf-8?q?=0D=0AX-Evil:_2?= Überprüfung 日本: März 2026 (monthly)",
        "program text stays literal: no line break, no decoded encoded word"
    );
    assert_eq!(format!("<{}>", message.message_id().unwrap()), record.message_id);
    let sha = brief::testing::hex(&brief::testing::sha256(&f.pdf));
    assert_eq!(record.message_id, format!("<brief.monthly.2026-03.{}.1@example.com>", &sha[..16]));
    let to: Vec<(Option<&str>, Option<&str>)> = message.to().unwrap().iter().map(|a| (a.name(), a.address())).collect();
    assert_eq!(to, [(Some("Überprüfung 日本"), Some("lead@example.com")), (None, Some("cfo@example.com"))]);
    assert_eq!(message.cc().unwrap().first().unwrap().address(), Some("pmo@example.com"));
    assert_eq!(message.from().unwrap().first().unwrap().address(), Some("brief@example.com"));

    assert_eq!(message.body_text(0).unwrap().replace("\r\n", "\n"), f.digest, "the body is the digest");
    let attachments: Vec<_> = message.attachments().filter(|a| a.is_content_type("application", "pdf")).collect();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].attachment_name(), Some("monthly-2026-03.pdf"));
    assert!(attachments[0].contents() == f.pdf.as_slice(), "the attachment is the PDF byte for byte");

    let log = brief::testing::deliver::SentLog::load(&f.dir.path().join(SENT_LOG_FILE)).unwrap();
    assert_eq!(log.entries.as_slice(), std::slice::from_ref(record));
    assert_eq!(log.entries[0].pdf_sha256, sha);
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn a_rerun_does_not_send_twice_and_a_resend_is_a_new_message_of_the_same_pdf() {
    let server = Server::start(&[]);
    let f = Fixture::new(&["lead@example.com"], &[]);
    let settings = server.settings(&[]);
    let (first, _) = f.deliver(&settings, false);
    let Outcome::Sent(first) = first else { panic!("{first:?}") };

    let (again, events) = f.deliver(&settings, false);
    assert!(
        matches!(&again, Outcome::Skipped(SkipReason::AlreadySent { same_pdf: true, message_id }) if *message_id == first.message_id),
        "{again:?}"
    );
    assert_eq!(again.exit_code(), 0);
    assert_eq!(
        (events[0].json["event"].as_str(), events[0].json["reason"].as_str()),
        (Some("send-skipped"), Some("already-sent"))
    );
    assert_eq!(server.received().len(), 1, "a rerun sends nothing");

    let (resent, _) = f.deliver(&settings, true);
    let Outcome::Sent(resent) = resent else { panic!("{resent:?}") };
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_ne!(resent.message_id, first.message_id);
    let hash_part = |id: &str| id.split('@').next().unwrap().rsplit_once('.').unwrap().0.to_string();
    assert_eq!(hash_part(&resent.message_id), hash_part(&first.message_id), "a resend of the same PDF is recognisable");
    let second = MessageParser::default().parse(&received[1].0).unwrap();
    assert_eq!(format!("<{}>", second.message_id().unwrap()), resent.message_id);
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn a_refused_recipient_sends_to_nobody_and_is_named() {
    let server = Server::start(&["--refuse", "gone@example.com", "--refuse", "left@example.com"]);
    let f = Fixture::new(&["lead@example.com", "gone@example.com"], &["left@example.com"]);
    let (outcome, events) = f.deliver(&server.settings(&[]), false);
    let Outcome::Failed(DeliveryError::RecipientsRefused { refused }) = &outcome else { panic!("{outcome:?}") };
    let addresses: Vec<&str> = refused.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["gone@example.com", "left@example.com"]);
    assert!(
        refused.iter().all(|r| r.reply.contains("550") && r.reply.contains("Recipient address rejected")),
        "{refused:?}"
    );
    assert_eq!(outcome.exit_code(), 2);
    let json = &events[0].json;
    assert_eq!((json["event"].as_str(), json["error"].as_str()), (Some("send-failed"), Some("recipients-refused")));
    assert_eq!(json["refused"][1]["address"], "left@example.com");
    assert!(
        events[0].is_error && events[0].text.contains("refused 2 recipients (sent to nobody)"),
        "{}",
        events[0].text
    );
    assert!(events[0].text.contains("gone@example.com") && events[0].text.contains("the PDF stays in place"));
    assert!(server.received().is_empty(), "nothing was sent");
    assert!(f.pdf_path().exists());
    assert!(f.store().log.entries.is_empty(), "a failed delivery is not recorded, so a rerun sends it");
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn the_login_comes_from_the_url_and_the_password_from_the_environment() {
    let server = Server::start(&["--user", "brief", "--password", "s3cret"]);
    let f = Fixture::new(&["lead@example.com"], &[]);
    let url = format!("smtp://brief@127.0.0.1:{}", server.port);
    let (outcome, events) = f.deliver(&settings_for(&url, &[("BRIEF_SMTP_PASSWORD", "wrong")]), false);
    assert!(
        matches!(&outcome, Outcome::Failed(DeliveryError::Authentication { user, .. }) if user == "brief"),
        "{outcome:?}"
    );
    assert_eq!(events[0].json["error"], "authentication");
    assert!(server.received().is_empty());
    let (outcome, _) = f.deliver(&settings_for(&url, &[("BRIEF_SMTP_PASSWORD", "s3cret")]), false);
    assert!(matches!(outcome, Outcome::Sent(_)), "{outcome:?}");
    assert_eq!(server.received().len(), 1);
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn a_server_without_starttls_gets_nothing_when_tls_is_required() {
    let server = Server::start(&[]);
    let f = Fixture::new(&["lead@example.com"], &[]);
    // What smtp:// to any other machine than this one requires.
    let mut settings = server.settings(&[]);
    settings.security = brief::testing::deliver::Security::StartTls;
    let (outcome, events) = f.deliver(&settings, false);
    let Outcome::Failed(DeliveryError::Tls { reason, .. }) = &outcome else { panic!("{outcome:?}") };
    assert_eq!(reason, "the server does not offer STARTTLS");
    assert_eq!((events[0].json["error"].as_str(), outcome.exit_code()), (Some("tls"), 2));
    assert!(server.received().is_empty());
}

/// No Python needed: nothing listens on the port.
#[test]
fn a_server_that_is_down_fails_quickly_and_records_nothing() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let f = Fixture::new(&["lead@example.com"], &[]);
    let start = Instant::now();
    let (outcome, events) = f.deliver(&settings_for(&format!("smtp://127.0.0.1:{port}"), &[]), false);
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    let Outcome::Failed(DeliveryError::Unreachable { server, .. }) = &outcome else { panic!("{outcome:?}") };
    assert_eq!(server, &format!("127.0.0.1:{port}"));
    assert_eq!(outcome.exit_code(), 2);
    assert_eq!(events[0].json["error"], "unreachable");
    assert!(
        events[0]
            .text
            .starts_with(&format!("could not send monthly for 2026-03: cannot reach the mail server 127.0.0.1:{port}")),
        "{}",
        events[0].text
    );
    assert!(f.pdf_path().exists() && f.store().log.entries.is_empty());
}

/// The sample with a `deliver` block on the monthly and the partner brief.
fn sample_with_delivery() -> crate::harness::Project {
    let p = crate::harness::Project::sample();
    let yaml = std::fs::read_to_string(p.path().join("brief.yaml")).unwrap();
    let deliver = |to: &str| {
        format!(
            "    deliver:\n      to: [\"{to}\"]\n      cc: [chief-of-staff@example.com]\n      subject: \"{{title}}: {{period_label}}\"\n"
        )
    };
    let yaml = yaml
        .replace(
            "    classification: Confidential - Internal\n  one-pager:",
            &format!(
                "    classification: Confidential - Internal\n{}  one-pager:",
                deliver("Leadership <leadership@example.com>")
            ),
        )
        .replace(
            "    classification: Restricted - Shared with Partners\n",
            &format!("    classification: Restricted - Shared with Partners\n{}", deliver("partners@example.org")),
        );
    assert!(yaml.matches("deliver:").count() == 2, "{yaml}");
    p.write("brief.yaml", &yaml);
    p
}

#[test]
#[ignore = "needs BRIEF_TEST_PYTHON with aiosmtpd (see the module doc)"]
fn build_send_mails_each_report_with_its_digest_and_pdf_once() {
    let server = Server::start(&[]);
    let p = sample_with_delivery();
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let env = [("BRIEF_SMTP_URL", url.as_str()), ("BRIEF_SMTP_FROM", "Brief <brief@example.com>")];
    p.run_env(&["build", "--send", "--log-format", "json"], &env).success();
    let received = server.received();
    assert_eq!(received.len(), 2, "the monthly and the partner brief");
    for (raw, rcpt) in &received {
        let m = MessageParser::default().parse(raw).expect("a message");
        let subject = m.subject().unwrap_or_default().to_string();
        let (stem, to) = if subject.starts_with("Partner Brief") {
            ("partner-brief", "partners@example.org")
        } else {
            ("monthly-brief", "leadership@example.com")
        };
        assert!(rcpt.iter().any(|r| r == to), "{rcpt:?}");
        assert_eq!(
            subject,
            format!(
                "{}: November 2026",
                if stem == "partner-brief" { "Partner Brief" } else { "Monthly Leadership Brief" }
            )
        );
        let pdf = p.read(&format!("out/2026-11/{stem}.pdf"));
        let attachment = m
            .attachments()
            .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".pdf")))
            .expect("the PDF is attached");
        assert!(attachment.contents() == pdf.as_slice(), "the attachment is the PDF byte for byte");
        let digest = String::from_utf8(p.read(&format!("out/2026-11/{stem}.digest.txt"))).unwrap();
        assert_eq!(m.body_text(0).unwrap().replace("\r\n", "\n"), digest, "the body is the digest");
        // The brief's action headline opens the body.
        assert!(digest.contains("turned red"), "{digest}");
    }
    // The partner digest leaks no internal program.
    let partner = String::from_utf8(p.read("out/2026-11/partner-brief.digest.txt")).unwrap();
    assert!(!partner.contains("Creator and affiliate"), "{partner}");
    // A rerun sends nothing new; --resend sends again.
    let run = p.run_env(&["send", "--log-format", "json"], &env);
    run.success();
    assert!(run.stderr.contains("\"event\":\"send-skipped\""), "{}", run.stderr);
    assert_eq!(server.received().len(), 2, "a rerun does not send twice");
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    let sent = manifest["sent"].as_array().expect("the manifest records what was sent");
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| r["message_id"].as_str().is_some_and(|m| m.starts_with("<brief."))), "{sent:?}");
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
}

#[test]
fn build_send_dry_run_writes_eml_files_and_a_server_that_is_down_exits_2() {
    let p = sample_with_delivery();
    // Under --strict a warning (here a placeholder owner) stops the build: nothing is written or sent.
    p.write("programs/extra.yaml", "name: Extra\nowner: Your Name\nupdates:\n  2026-11: {status: green}\n");
    p.run_env(&["build", "--send", "--dry-run", "--strict"], &[]).code(3);
    assert!(!p.exists("out/2026-11/monthly-brief.eml") && !p.exists("out/2026-11/monthly-brief.pdf"));
    std::fs::remove_file(p.path().join("programs/extra.yaml")).unwrap();
    p.run_env(&["build", "--send", "--dry-run", "--summary-png"], &[]).success();
    let png = p.read("out/2026-11/monthly-brief.summary.png");
    assert!(png.starts_with(b"\x89PNG"), "the executive summary page as PNG");
    // 144 dpi of an A4 landscape page: 1684 pixels wide.
    assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 1684);
    let eml = String::from_utf8(p.read("out/2026-11/monthly-brief.eml")).unwrap();
    assert!(eml.contains("Subject: Monthly Leadership Brief: November 2026"), "{eml}");
    assert!(p.exists("out/2026-11/monthly-brief.digest.md"), "the digest is written for a report with deliver");
    // Nothing listens on this port: the PDFs stay, the exit is 2, the reason is named.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("smtp://127.0.0.1:{port}");
    let before = p.read("out/2026-11/monthly-brief.pdf");
    let run =
        p.run_env(&["build", "--send"], &[("BRIEF_SMTP_URL", url.as_str()), ("BRIEF_SMTP_FROM", "b@example.com")]);
    run.code(2);
    assert!(run.stderr.to_lowercase().contains("127.0.0.1"), "{}", run.stderr);
    assert_eq!(p.read("out/2026-11/monthly-brief.pdf"), before, "the PDFs stay in place");
}
