//! `brief build --send` (and `brief send`): after the PDFs are in place,
//! e-mail each report that has a `deliver` block, with [`crate::deliver`].
//! Nothing is sent when a report of the build failed; a failed delivery
//! leaves the PDFs where they are and ends the build with exit code 2.

use std::path::PathBuf;

use super::super::{Outcome, Printer};
use crate::cli::BuildArgs;
use crate::deliver::{self, Brief, Event, SentStore, SmtpSettings, Via};
use crate::digest::Digest;
use crate::pipeline::BuildPlan;
use crate::project::ReportSpec;

/// A report in place, with what its e-mail needs.
pub(super) struct Sendable {
    pub(super) spec: ReportSpec,
    pub(super) title: String,
    pub(super) period_label: String,
    pub(super) pdf: Vec<u8>,
    pub(super) pdf_path: PathBuf,
    /// Present for every report with a `deliver` block.
    pub(super) digest: Option<Digest>,
}

/// How the sending went, as the build's exit code sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sent {
    /// Sent, skipped (already sent) or nothing to send.
    Fine,
    /// A delivery failed: exit code 2.
    Failed,
}

impl Sent {
    /// The build's outcome with the sending's: a failed delivery is a tool
    /// failure (exit 2), which no input error outranks.
    pub(super) fn max_with(self, build: Outcome) -> Outcome {
        match self {
            Sent::Failed => Outcome::DeliveryFailed,
            Sent::Fine => build,
        }
    }
}

/// Sends every report that has a `deliver` block; prints an event for each.
pub(super) fn send_all(
    printer: &Printer,
    plan: &BuildPlan,
    reports: &[Sendable],
    failed_reports: usize,
    args: &BuildArgs,
) -> Sent {
    let mut log = |e: &Event| {
        if e.is_error && !printer.json {
            printer.error(&e.text);
        } else {
            printer.event_or(e.json.clone(), || Some(e.text.clone()));
        }
    };
    let with_deliver: Vec<&Sendable> = reports.iter().filter(|r| r.spec.deliver.is_some()).collect();
    if with_deliver.is_empty() {
        printer.warning("--send: no report of this build has a `deliver` block in brief.yaml; nothing was sent");
        return Sent::Fine;
    }
    let period = plan.timeframe.period.to_string();
    if let Some(reason) = deliver::refusal(failed_reports, plan.strict, 0) {
        for r in &with_deliver {
            let outcome = deliver::Outcome::Skipped(reason.clone());
            log(&deliver::event(&brief(r, &period, plan), &outcome));
        }
        return Sent::Fine;
    }
    let settings = if args.dry_run {
        None
    } else {
        match SmtpSettings::from_env() {
            Ok(s) => Some(s),
            Err(e) => {
                printer.error(&format!("--send: {e}; the PDFs are in place, nothing was sent"));
                return Sent::Failed;
            }
        }
    };
    let from = deliver::dry_run_sender();
    let period_dir = plan.out_dir.join(plan.timeframe.period.to_string());
    let mut store = match SentStore::open(&period_dir.join(deliver::SENT_LOG_FILE)) {
        Ok(s) => s,
        Err(e) => {
            printer.error(&format!("--send: {e:#}; nothing was sent"));
            return Sent::Failed;
        }
    };
    let mut result = Sent::Fine;
    for r in with_deliver {
        let Some(delivery) = &r.spec.deliver else { continue };
        let dir = r.pdf_path.parent().map_or_else(|| period_dir.clone(), PathBuf::from);
        let via = match &settings {
            Some(s) => Via::Smtp(s),
            None => Via::Eml { dir: &dir, from: &from },
        };
        let outcome =
            deliver::deliver_report(&brief(r, &period, plan), delivery, via, &mut store, args.resend, &mut log);
        if outcome.exit_code() != 0 {
            result = Sent::Failed;
        }
    }
    result
}

fn brief<'a>(r: &'a Sendable, period: &'a str, plan: &BuildPlan) -> Brief<'a> {
    let (text, markdown) = r.digest.as_ref().map_or(("", None), |d| (d.text.as_str(), Some(d.markdown.as_str())));
    Brief {
        report: &r.spec.id,
        title: &r.title,
        period,
        period_label: &r.period_label,
        as_of: plan.timeframe.as_of,
        pdf_path: &r.pdf_path,
        pdf: &r.pdf,
        digest_text: text,
        digest_markdown: markdown,
    }
}
