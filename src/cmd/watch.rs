//! `brief watch`: rebuild one report's PDF after every change to its inputs.
//!
//! The loop is typst's: build once, then wait for a batch of file events
//! ([`crate::watcher`]), rebuild with the same typesetter ([`rebuild`]) and
//! write the PDF atomically, so a PDF viewer reloads a complete file, and
//! the manifest beside it, so `brief verify` holds after every rebuild.
//! Broken input never ends the loop: the problems are printed, the last good
//! PDF stays in place, and the next good save replaces it. Only a report id
//! that brief.yaml does not have ends it at once. Ctrl-C stops it.

pub(crate) mod rebuild;

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use super::{Outcome, Printer};
use crate::cli::{Global, WatchArgs};
use crate::diag::Style;
use crate::watcher::{Stopper, Wake, Watcher};
use rebuild::{Good, Problems, Rebuild, Rebuilder, Settings};

pub(crate) fn run(global: &Global, args: &WatchArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let mut rebuilder = Rebuilder::new(start, settings(args, false));
    let first = rebuilder.rebuild(&[]);
    if let Some(outcome) = end_on_unknown_report(&printer, &first) {
        return Ok(outcome);
    }
    let mut watcher = Watcher::new(first.folders.clone())?;
    stop_on_ctrl_c(watcher.stopper());
    printer.status(&format!("watching {} for changes (Ctrl-C to stop)", first.folders.root.display()));
    let mut log = Log::default();
    log.report(&printer, first);
    loop {
        match watcher.wait() {
            Wake::Stop => break,
            Wake::Changed(paths) => {
                let r = rebuilder.rebuild(&paths);
                watcher.follow(r.folders.clone());
                log.report(&printer, r);
            }
        }
    }
    printer.status("stopped watching");
    Ok(Outcome::Success)
}

/// A session asked for a report brief.yaml does not have ends at once
/// (exit code 1), before waiting for any change: a typo is no broken save.
pub(crate) fn end_on_unknown_report(printer: &Printer, first: &Rebuild) -> Option<Outcome> {
    match &first.result {
        Err(problems) if first.names_no_report() => {
            print_problems(printer, problems);
            Some(Outcome::InputErrors)
        }
        _ => None,
    }
}

/// What `watch` and `serve` rebuild, from their shared arguments.
pub(crate) fn settings(args: &WatchArgs, pages_only: bool) -> Settings {
    Settings {
        period: args.period.clone(),
        report: args.report.clone(),
        draft: args.draft,
        pages_only,
        time_limit: args.time_limit.map(Duration::from_secs),
        no_system_fonts: args.no_system_fonts,
        locale: args.locale.clone(),
    }
}

/// Ctrl-C (and SIGTERM) ends the wait for changes; the loop then stops
/// between rebuilds, never halfway through writing a file. A second Ctrl-C
/// (say, during a long rebuild) stops at once.
pub(crate) fn stop_on_ctrl_c(stopper: Stopper) {
    let pressed = std::sync::atomic::AtomicBool::new(false);
    // Only fails when a handler is already set (a second watch in one process).
    let _ = ctrlc::set_handler(move || {
        if pressed.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        stopper.stop();
    });
}

/// "[14:02:11]": the wall clock, for status lines only (never in output files).
pub(crate) fn clock() -> String {
    chrono::Local::now().format("[%H:%M:%S]").to_string()
}

/// What has been written and printed so far.
#[derive(Default)]
struct Log {
    /// The PDF on disk from this session: path and hash of its bytes.
    written: Option<(std::path::PathBuf, u128)>,
    /// The hash of the manifest last written.
    manifest: Option<u128>,
    /// Warnings printed after the last good build, so unchanged ones are not repeated.
    warnings: Warnings,
}

impl Log {
    fn report(&mut self, printer: &Printer, r: Rebuild) {
        let ms = r.elapsed.as_millis();
        let good = match r.result {
            Ok(good) => good,
            Err(problems) => {
                print_problems(printer, &problems);
                let kept = self.written.as_ref().map(|(path, _)| crate::load::display_path(&r.folders.root, path));
                let text = match &kept {
                    Some(path) => format!("kept the last good {path}"),
                    None => "no PDF written yet".to_string(),
                };
                failed(printer, &problems, json!({ "kept": kept }), &text);
                return;
            }
        };
        self.warnings.print(printer, &good.warnings);
        let verb = match self.write(printer, &r.folders.out, &good) {
            Ok(verb) => verb,
            Err(e) => {
                printer.error(&format!("{} {e:#}; will try again after the next change", clock()));
                return;
            }
        };
        let (pages, warnings) = (good.rendered.pages(), good.warnings.len());
        let (parsed, files) = r.parsed;
        let event = json!({ "event": verb, "path": good.shown, "ms": ms, "pages": pages, "warnings": warnings,
            "files_parsed": parsed, "files": files });
        printer.event_or(event, || {
            let warned =
                if warnings == 0 { String::new() } else { format!(", {}", super::plural(warnings, "warning")) };
            Some(format!(
                "{} {verb} {} in {ms} ms ({}{warned}; {parsed} of {} parsed)",
                clock(),
                good.shown,
                super::plural(pages, "page"),
                super::plural(files, "program file")
            ))
        });
    }

    /// Writes what differs from the files this session wrote last: the
    /// PDF, then its manifest (which also follows an input edit that left
    /// the PDF as it was). Tells whether the PDF was "rebuilt" or "unchanged".
    fn write(&mut self, printer: &Printer, out: &Path, good: &Good) -> anyhow::Result<&'static str> {
        let pdf = &good.rendered.pdf;
        let hash = typst::utils::hash128(pdf);
        let unchanged =
            self.written.as_ref().is_some_and(|(p, h)| *p == good.target && *h == hash) && good.target.exists();
        let manifest = match &good.manifest {
            Some(m) => Some((m.path(out), serde_json::to_vec_pretty(m)?)),
            None => None,
        };
        let manifest_hash = manifest.as_ref().map(|(_, bytes)| typst::utils::hash128(bytes));
        let manifest = manifest.filter(|_| !unchanged || manifest_hash != self.manifest);
        if !unchanged || manifest.is_some() {
            let pdf = (!unchanged).then_some(pdf.as_slice());
            let manifest = manifest.as_ref().map(|(path, bytes)| (path.as_path(), bytes.as_slice()));
            write(printer, out, (&good.target, pdf), manifest)?;
        }
        self.written = Some((good.target.clone(), hash));
        self.manifest = manifest_hash;
        Ok(if unchanged { "unchanged" } else { "rebuilt" })
    }
}

/// The status line of a rebuild that failed: "[14:02:11] not rebuilt: 2 errors; ...".
pub(crate) fn failed(printer: &Printer, problems: &Problems, mut event: serde_json::Value, what_now: &str) {
    event["event"] = json!("failed");
    event["errors"] = json!(problems.len());
    // Shown even with --quiet, like the problems themselves.
    let quiet = Printer { quiet: false, ..*printer };
    quiet.event_or(event, || {
        Some(format!("{} not rebuilt: {}; {what_now}", clock(), super::plural(problems.len(), "error")))
    });
}

/// Writes the PDF (when it changed) and then the manifest atomically,
/// holding the out folder's lock as `build` does, so a build started
/// meanwhile (a scheduled one, say) is never interleaved.
fn write(
    printer: &Printer,
    out: &Path,
    (target, pdf): (&Path, Option<&[u8]>),
    manifest: Option<(&Path, &[u8])>,
) -> anyhow::Result<()> {
    let _lock = crate::output::lock(out, || printer.status("waiting for a build writing to the out folder to finish"))?;
    if let Some(pdf) = pdf {
        crate::output::remove_stale_temps(target);
        crate::output::write_atomic(target, pdf)?;
    }
    if let Some((path, bytes)) = manifest {
        crate::output::remove_stale_temps(path);
        crate::output::write_atomic(path, bytes)?;
    }
    Ok(())
}

/// Prints a rebuild's problems (as text, or as JSON events with --log-format json).
pub(crate) fn print_problems(printer: &Printer, problems: &Problems) {
    printer.located(problems);
}

/// Prints warnings when they differ from the ones printed last.
#[derive(Default)]
pub(crate) struct Warnings {
    last: Vec<String>,
}

impl Warnings {
    pub(crate) fn print(&mut self, printer: &Printer, warnings: &Problems) {
        let texts = warnings.render(Style { color: false });
        if texts == self.last {
            return;
        }
        print_problems(printer, warnings);
        self.last = texts;
    }
}
