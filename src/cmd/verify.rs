//! `brief verify MANIFEST`: prove that a brief still matches its sources.

use serde_json::json;

use super::{Outcome, Printer};
use crate::cli::{Global, VerifyArgs};

pub(crate) fn run(global: &Global, args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let mut outcome = Outcome::Success;
    for path in &args.manifests {
        if verify_one(&printer, path)? != Outcome::Success {
            outcome = Outcome::InputErrors;
        }
    }
    Ok(outcome)
}

fn verify_one(printer: &Printer, path: &std::path::Path) -> anyhow::Result<Outcome> {
    let (manifest, diffs) = crate::manifest::verify(path)?;
    for d in &diffs {
        printer.event_or(json!({ "event": "difference", "kind": d.kind, "path": d.path, "detail": d.detail }), || {
            Some(format!("  {:<8} {} ({})", d.kind, d.path, d.detail))
        });
    }
    let files = manifest.inputs.len() + manifest.outputs.len();
    let summary = if diffs.is_empty() {
        format!("verified {}: {files} files match the manifest of {}", path.display(), manifest.period)
    } else {
        format!(
            "{}: {} of the manifest of {}",
            path.display(),
            super::plural(diffs.len(), "difference"),
            manifest.period
        )
    };
    let outcome = if diffs.is_empty() { Outcome::Success } else { Outcome::InputErrors };
    printer.event_or(
        json!({ "event": "verified", "differences": diffs.len(), "files": files, "exit_code": outcome.code() }),
        || Some(summary.clone()),
    );
    if !diffs.is_empty() && printer.quiet && !printer.json {
        printer.error(&summary);
    }
    Ok(outcome)
}
