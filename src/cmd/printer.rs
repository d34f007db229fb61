//! Messages for people and machines on standard error: text (coloured only
//! on a terminal, never when NO_COLOR is set) or JSON, one event per line,
//! for unattended builds whose logs are read by other programs.

use std::io::{IsTerminal, Write};

use serde_json::{Value, json};

use crate::cli::{ColorChoice, Global, LogFormat};
use crate::diag::{self, Diagnostic, Sources, Style};

/// Writes messages for people to standard error.
pub(crate) struct Printer {
    pub(crate) style: Style,
    pub(crate) quiet: bool,
    pub(crate) json: bool,
    /// Standard error is a terminal: progress bars are drawn.
    pub(crate) interactive: bool,
}

impl Printer {
    pub(crate) fn new(global: &Global) -> Self {
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let json = global.log_format == LogFormat::Json;
        let interactive = std::io::stderr().is_terminal() && !json && !global.quiet;
        Printer { style: Style { color: color && !json }, quiet: global.quiet, json, interactive }
    }

    /// Prints diagnostics, errors and warnings alike (even when quiet).
    pub(crate) fn diagnostics<'a>(&self, list: impl IntoIterator<Item = &'a Diagnostic>, sources: &Sources) {
        let mut err = std::io::stderr().lock();
        for d in list {
            if self.json {
                let mut v = serde_json::to_value(diag::to_json(d, sources)).unwrap_or(Value::Null);
                v["event"] = json!("diagnostic");
                let _ = writeln!(err, "{v}");
            } else {
                let _ = write!(err, "{}", diag::render_human(d, sources, self.style));
            }
        }
    }

    /// A progress or result line, left out with --quiet.
    pub(crate) fn status(&self, line: &str) {
        if !self.quiet {
            self.line("info", line);
        }
    }

    pub(crate) fn error(&self, message: &str) {
        self.line("error", message);
    }

    pub(crate) fn warning(&self, message: &str) {
        self.line("warning", message);
    }

    fn line(&self, kind: &str, message: &str) {
        if self.json {
            self.event(json!({ "event": kind, "message": message }));
            return;
        }
        let label = match (kind, self.style.color) {
            ("error", true) => "\x1b[1;31merror\x1b[0m: ",
            ("error", false) => "error: ",
            ("warning", true) => "\x1b[1;33mwarning\x1b[0m: ",
            ("warning", false) => "warning: ",
            _ => "",
        };
        let _ = writeln!(std::io::stderr(), "{label}{message}");
    }

    /// A progress bar for `len` steps, only when a person watches a terminal.
    pub(crate) fn progress(&self, len: u64) -> Option<indicatif::ProgressBar> {
        if !self.interactive {
            return None;
        }
        let bar = indicatif::ProgressBar::new(len).with_finish(indicatif::ProgressFinish::AndClear);
        let style = indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Some(bar)
    }

    /// Diagnostics that point into files of their own (a template's).
    pub(crate) fn located(&self, problems: &diag::Located) {
        self.diagnostics(&problems.diagnostics, &problems.sources);
    }

    /// A structured event: printed as one JSON line, or by `text` for people.
    pub(crate) fn event_or(&self, event: Value, text: impl FnOnce() -> Option<String>) {
        if self.json {
            if !self.quiet || event["event"] != "info" {
                self.event(event);
            }
        } else if let Some(line) = text()
            && !self.quiet
        {
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }

    fn event(&self, event: Value) {
        let _ = writeln!(std::io::stderr().lock(), "{event}");
    }
}
