//! The sent log: which brief went out for which period, kept in a small
//! JSON file beside the manifest so that a rerun does not send twice.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// The file name of the sent log in an out folder.
pub const SENT_LOG_FILE: &str = "sent.json";

/// One delivered brief. No wall clock: the period and the Message-ID say
/// which send it was, so the file is the same for the same sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRecord {
    pub report: String,
    pub period: String,
    pub pdf_sha256: String,
    pub message_id: String,
    /// The recipients the server accepted (to, then cc).
    pub to: Vec<String>,
}

/// Every brief sent so far, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentLog {
    pub entries: Vec<SentRecord>,
}

impl SentLog {
    /// Reads a sent log; a missing file is an empty log.
    pub fn load(path: &Path) -> anyhow::Result<SentLog> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SentLog::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a sent log: {e}; delete it only if the briefs in it may be sent again",
                path.display(),
                e.line(),
                e.column()
            )
        })
    }

    /// Writes the log atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> anyhow::Result<PathBuf> {
        let mut text = serde_json::to_string_pretty(self).context("cannot write the sent log")?;
        text.push('\n');
        crate::output::write_atomic(path, text.as_bytes())
    }

    /// The last send of this report for this period, whatever its PDF was:
    /// the readers have a brief for the period, so only `--resend` sends again.
    pub fn already_sent(&self, report: &str, period: &str) -> Option<&SentRecord> {
        self.entries.iter().rev().find(|e| e.report == report && e.period == period)
    }

    /// How many times this report was sent for this period.
    pub fn send_count(&self, report: &str, period: &str) -> usize {
        self.entries.iter().filter(|e| e.report == report && e.period == period).count()
    }
}

/// A sent log and its file: every record is saved at once, so a send that
/// succeeded is remembered even when a later one in the same run fails.
#[derive(Debug)]
pub struct SentStore {
    pub path: PathBuf,
    pub log: SentLog,
}

impl SentStore {
    pub fn open(path: &Path) -> anyhow::Result<SentStore> {
        Ok(SentStore { path: path.to_path_buf(), log: SentLog::load(path)? })
    }

    /// Adds a record and saves the file.
    pub fn record(&mut self, record: SentRecord) -> anyhow::Result<()> {
        self.log.entries.push(record);
        self.log.save(&self.path).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(report: &str, period: &str, id: &str) -> SentRecord {
        SentRecord {
            report: report.into(),
            period: period.into(),
            pdf_sha256: "ab".repeat(32),
            message_id: id.into(),
            to: vec!["a@example.com".into()],
        }
    }

    #[test]
    fn a_saved_log_remembers_what_was_sent_per_report_and_period() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SENT_LOG_FILE);
        let mut store = SentStore::open(&path).unwrap();
        assert_eq!(store.log, SentLog::default());
        store.record(record("monthly", "2026-03", "<1>")).unwrap();
        store.record(record("monthly", "2026-03", "<2>")).unwrap();
        let log = SentLog::load(&path).unwrap();
        assert_eq!(log.already_sent("monthly", "2026-03").map(|r| r.message_id.as_str()), Some("<2>"));
        assert_eq!(log.send_count("monthly", "2026-03"), 2);
        assert!(log.already_sent("monthly", "2026-04").is_none());
        assert!(log.already_sent("weekly", "2026-03").is_none());
    }

    #[test]
    fn a_broken_log_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SENT_LOG_FILE);
        std::fs::write(&path, "{\n  \"entries\": [1]\n}\n").unwrap();
        let e = SentLog::load(&path).unwrap_err().to_string();
        assert!(e.contains("sent.json:2:") && e.contains("not a sent log"), "{e}");
    }
}
