//! The commands: each one is the pipeline cut at some point.

pub mod build;
pub mod changes;
pub mod check;
pub mod schema;
pub mod serve;
pub mod watch;

use std::io::{IsTerminal, Write};

use crate::cli::{ColorChoice, Global};
use crate::diag::{self, Diagnostic, Sources, Style};

/// How a command ended, as the exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done.
    Success,
    /// 1: the input is wrong; nothing was written.
    InputErrors,
    /// 3: warnings under --strict; nothing was written.
    StrictWarnings,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::InputErrors => 1,
            Outcome::StrictWarnings => 3,
        }
    }
}

/// Writes messages for people to standard error.
pub struct Printer {
    pub style: Style,
    pub quiet: bool,
}

impl Printer {
    pub fn new(global: &Global) -> Self {
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Printer { style: Style { color }, quiet: global.quiet }
    }

    /// Prints diagnostics, errors and warnings alike (even when quiet).
    pub fn diagnostics<'a>(&self, list: impl IntoIterator<Item = &'a Diagnostic>, sources: &Sources) {
        let mut err = std::io::stderr().lock();
        for d in list {
            let _ = write!(err, "{}", diag::render_human(d, sources, self.style));
        }
    }

    /// A progress or result line, left out with --quiet.
    pub fn status(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }

    pub fn error(&self, message: &str) {
        let label = if self.style.color { "\x1b[1;31merror\x1b[0m" } else { "error" };
        let _ = writeln!(std::io::stderr(), "{label}: {message}");
    }

    pub fn warning(&self, message: &str) {
        let label = if self.style.color { "\x1b[1;33mwarning\x1b[0m" } else { "warning" };
        let _ = writeln!(std::io::stderr(), "{label}: {message}");
    }
}

/// "1 program", "2 programs".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// "2 errors, 1 warning".
pub fn counts(errors: usize, warnings: usize) -> String {
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}
