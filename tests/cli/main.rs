//! Integration tests: the real `brief` binary on fixture projects.
//!
//! Each test copies a project from `tests/fixtures/` (or the sample
//! portfolio) into a temporary folder, runs the binary there, and checks
//! exit codes, diagnostics, and the PDFs by their text, page count and
//! metadata.

mod audience;
mod build;
mod changes;
mod charts;
mod check;
mod deliver;
mod exceptions;
mod external_text;
#[cfg(unix)]
mod file_modes;
mod fonts;
mod fuzz_regressions;
mod harness;
mod honesty;
mod hostile;
mod injection;
mod languages;
mod locale;
mod locale_monthly;
mod newcomer;
mod page_fit;
mod portfolio;
mod property;
mod quality_notes;
mod sandbox;
mod scaffold;
mod scheduled;
mod seams;
mod serve;
mod sheets;
mod templates;
mod translated_templates;
mod watch;
mod yaml_suite;
