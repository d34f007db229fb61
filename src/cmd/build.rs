//! `brief build`: the whole pipeline, for every report of a period.
//!
//! Every report is built in memory first; files are moved into place only
//! when all of them succeeded (and, under --strict, had no warnings), so a
//! failed build leaves every earlier output untouched. The command line is
//! turned once into a [`BuildPlan`]; rendering ([`pipeline::render_all`]),
//! the manifest ([`Manifest::assemble`]) and the bundle ([`bundle`]) work
//! from it.

mod bundle;
mod send;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{Outcome, Printer};
use crate::cli::{BuildArgs, Global};
use crate::diag::Diagnostic;
use crate::manifest::{Manifest, Written};
use crate::output::{self, Staged};
use crate::pipeline::{self, BuildPlan, Failure, Options, Rendered, Renderer};
use crate::project::{Audience, ReportSpec, default_report};
use crate::session::{self, Session};
use bundle::Bundle;

/// The template of `brief build --program ID` when no report is named.
pub(crate) const DEEP_DIVE: &str = "program-deep-dive";

/// The reports staged, and the outcome of those that failed (--keep-going).
struct Batch {
    prepared: Vec<Prepared>,
    failed: Option<Outcome>,
}

/// A report built in memory, its PDF staged beside its target.
struct Prepared {
    written: Written,
    staged: Staged,
    elapsed: Duration,
    /// The report's data-quality warnings.
    warnings: Vec<Diagnostic>,
    /// Files staged beside the PDF: its digest (NAME.digest.txt and .md,
    /// with --digest and always for a report with a `deliver` block) and
    /// its summary page (NAME.summary.png, with --summary-png).
    beside: Vec<Staged>,
    /// What `--send` needs of the report.
    mail: send::Sendable,
}

pub(crate) fn run(global: &Global, args: &BuildArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let started = Instant::now();
    let session = Session::open(start).with_locale(args.locale.as_deref());
    let outcome = build(&printer, &session, args)?;
    leave_to_exit(session);
    printer.event_or(
        json!({ "event": "finished", "exit_code": outcome.code(), "ms": started.elapsed().as_millis() as u64 }),
        || (outcome == Outcome::Success).then(|| format!("done in {} ms", started.elapsed().as_millis())),
    );
    Ok(outcome)
}

fn build(printer: &Printer, session: &Session, args: &BuildArgs) -> anyhow::Result<Outcome> {
    if session.has_errors() {
        printer.diagnostics(&session.diagnostics.sorted(&session.sources), &session.sources);
        printer.error(&format!(
            "{}; nothing was written",
            super::counts(session.diagnostics.error_count(), session.diagnostics.warning_count())
        ));
        return Ok(Outcome::InputErrors);
    }
    let plan = match plan(session, args) {
        Ok(plan) => plan,
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            return Ok(Outcome::InputErrors);
        }
    };
    let _lock = output::lock(&plan.out_dir, || {
        printer.status(&format!("waiting for another build writing to {} to finish", plan.out_dir.display()))
    })?;
    let renderer = match Renderer::new(session) {
        Ok(r) => r,
        Err(message) => {
            printer.error(&message);
            return Ok(Outcome::InputErrors);
        }
    };
    let bar = printer.progress(plan.specs.len() as u64);
    let results = pipeline::render_all(session, &plan, renderer, bar.as_ref());
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let bundle = args.emit_bundle.as_ref().map(|dir| Bundle {
        dir: dir.clone(),
        several: plan.specs.len() > 1,
        fonts: session.project.fonts_dir.as_ref().map(|f| session.root.join(f)),
    });
    let Batch { prepared, failed } = match prepare_all(printer, &plan, bundle.as_ref(), results)? {
        Ok(batch) => batch,
        Err(outcome) => return Ok(outcome),
    };
    let warnings = pipeline::held_warnings(session, plan.timeframe, prepared.iter().flat_map(|p| &p.warnings));
    printer.diagnostics(&warnings, &session.sources);
    if plan.strict && !warnings.is_empty() {
        printer.error(&format!("--strict: {}; nothing was written", super::plural(warnings.len(), "warning")));
        return Ok(Outcome::StrictWarnings);
    }
    let written: Vec<Written> = prepared.iter().map(|p| p.written.clone()).collect();
    let manifest = Manifest::assemble(session, &plan, &written, &warnings);
    let mails = commit(printer, session, prepared, stage_manifest(&manifest, &plan)?)?;
    let outcome = failed.unwrap_or(Outcome::Success);
    if args.send {
        let failed_reports = usize::from(outcome != Outcome::Success);
        let sent = send::send_all(printer, &plan, &mails, failed_reports, args);
        // The manifest records what was sent, with the message ids.
        let mut manifest = manifest;
        manifest.sent = Manifest::sent_records(&plan.out_dir.join(plan.timeframe.period.to_string()));
        output::write_atomic(&manifest.path(&plan.out_dir), &serde_json::to_vec_pretty(&manifest)?)?;
        return Ok(sent.max_with(outcome));
    }
    Ok(outcome)
}

/// The command line worked out against the project: period, reports,
/// options, out folder and how many reports render at once.
fn plan(session: &Session, args: &BuildArgs) -> Result<BuildPlan, Diagnostic> {
    let timeframe = session::timeframe(&args.period, &session.portfolio)?;
    let specs = BuildPlan::split(reports(session, args)?, &session.portfolio, timeframe)?;
    BuildPlan::distinct_outputs(&specs, timeframe, args.program.as_deref())?;
    if let Some(id) = &args.program {
        external_of_internal(session, &specs, id, timeframe)?;
    }
    let jobs = jobs(args, specs.len());
    let options = Options {
        program: args.program.clone(),
        draft: args.draft,
        standards: args.pdf_standards.iter().map(|s| s.typst()).collect(),
        time_limit: args.time_limit.map(Duration::from_secs),
        pages_only: false,
        attach_data: args.attach_data,
        no_system_fonts: args.no_system_fonts,
        digest: args.digest,
    };
    Ok(BuildPlan {
        timeframe,
        specs,
        options,
        out_dir: args.out.clone().unwrap_or_else(|| session.root.join(&session.project.out_dir)),
        jobs,
        strict: args.strict,
        digest: args.digest,
        summary_png: args.summary_png,
        keep_going: args.keep_going,
        pdf_standards: args.pdf_standards.iter().map(|s| format!("{s:?}")).collect(),
    })
}

/// An external report of one internal program would hold nothing (its
/// audience rules leave the program out): refused, rather than a PDF named
/// after the program that says no program is in it.
fn external_of_internal(
    session: &Session,
    specs: &[ReportSpec],
    id: &str,
    tf: crate::model::period::Timeframe,
) -> Result<(), Diagnostic> {
    let Some(history) = session.portfolio.get(id) else { return Ok(()) };
    let Some(spec) = specs.iter().find(|s| s.audience == Audience::External) else { return Ok(()) };
    if !history.program_at(tf.period).is_internal() {
        return Ok(());
    }
    Err(Diagnostic::error(
        "invalid-value",
        format!(
            "--program {id}: the program is internal, and the external report `{}` leaves internal programs out",
            spec.id
        ),
    )
    .hint("build an internal report of it (the deep dive: `brief build --program ID`), or change its `visibility`"))
}

/// How many reports to render at once: `--jobs`, or one per core, never
/// more than there are reports.
fn jobs(args: &BuildArgs, reports: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    args.jobs.map_or(cores, usize::from).min(reports).max(1)
}

/// Stages every rendered report, in the plan's order. A failure ends the
/// build (the outcome is the `Err`) unless --keep-going, which goes on with
/// the others and tells the outcome beside them.
fn prepare_all(
    printer: &Printer,
    plan: &BuildPlan,
    bundle: Option<&Bundle>,
    results: Vec<Result<Rendered, Failure>>,
) -> anyhow::Result<Result<Batch, Outcome>> {
    let (mut prepared, mut failed) = (Vec::new(), None);
    for (spec, result) in plan.specs.iter().zip(results) {
        match result.and_then(|r| prepare(printer, plan, bundle, r)) {
            Ok(p) => prepared.push(p),
            Err(failure) => {
                let what = if plan.keep_going { "failed" } else { "failed; nothing was written" };
                let outcome = report_failure(printer, failure, &format!("report `{}` {what}", spec.id))?;
                if !plan.keep_going {
                    return Ok(Err(outcome));
                }
                failed = Some(outcome);
            }
        }
    }
    Ok(Ok(Batch { prepared, failed }))
}

/// Prints why a report failed and tells the exit code it leads to.
fn report_failure(printer: &Printer, failure: Failure, context: &str) -> anyhow::Result<Outcome> {
    match failure {
        Failure::Input(problems) => {
            printer.located(&problems);
            printer.error(context);
            Ok(Outcome::InputErrors)
        }
        Failure::Tool(e) => Err(e.context(context.to_string())),
    }
}

/// Stages a rendered report's PDF and digest (and writes the bundle when asked).
fn prepare(printer: &Printer, plan: &BuildPlan, bundle: Option<&Bundle>, mut r: Rendered) -> Result<Prepared, Failure> {
    printer.located(&r.template_warnings);
    let target = plan.target(&r.spec);
    if let Some(bundle) = bundle {
        bundle.write(&r).map_err(Failure::Tool)?;
    }
    output::remove_stale_temps(&target);
    let staged = output::stage(&target, &r.pdf).map_err(Failure::Tool)?;
    let mut beside: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let digest = (plan.digest || r.spec.deliver.is_some()).then(|| {
        let name = target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        crate::digest::digest(&r.data, &name)
    });
    if let Some(d) = &digest {
        beside.push((target.with_extension("digest.txt"), d.text.clone().into_bytes()));
        beside.push((target.with_extension("digest.md"), d.markdown.clone().into_bytes()));
    }
    if plan.summary_png {
        let png = crate::typeset::summary_png(&r.document, 2.0).map_err(|e| Failure::Tool(anyhow::anyhow!(e)))?;
        beside.push((target.with_extension("summary.png"), png));
    }
    let beside = beside
        .iter()
        .map(|(path, bytes)| {
            output::remove_stale_temps(path);
            output::stage(path, bytes)
        })
        .collect::<anyhow::Result<Vec<Staged>>>()
        .map_err(Failure::Tool)?;
    let mail = send::Sendable {
        spec: r.spec.clone(),
        title: r.data.report.title.clone(),
        period_label: r.data.period_label.clone(),
        pdf: r.pdf.clone(),
        pdf_path: target.clone(),
        digest,
    };
    let warnings = std::mem::take(&mut r.warnings);
    let prepared = Prepared { written: Written::of(&r, target), staged, elapsed: r.elapsed, warnings, beside, mail };
    leave_to_exit(r);
    Ok(prepared)
}

/// Keeps a value the build no longer needs until the process ends instead
/// of freeing it now. The laid-out pages of a thousand-program brief, and
/// the project's YAML trees, are millions of small allocations: freeing
/// them one by one took half a second or more at 1,000 programs, and the
/// system takes the whole memory back at once when `brief build` exits.
fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Stages the manifest in the period's folder, beside the PDFs.
fn stage_manifest(manifest: &Manifest, plan: &BuildPlan) -> anyhow::Result<Staged> {
    let path = manifest.path(&plan.out_dir);
    output::remove_stale_temps(&path);
    output::stage(&path, &serde_json::to_vec_pretty(manifest)?)
}

/// Moves every staged PDF (and digest) into place, then the manifest;
/// returns what `--send` needs of each report.
fn commit(
    printer: &Printer,
    session: &Session,
    prepared: Vec<Prepared>,
    manifest: Staged,
) -> anyhow::Result<Vec<send::Sendable>> {
    let mut mails = Vec::new();
    for p in prepared {
        let target = p.staged.commit()?;
        for s in p.beside {
            s.commit()?;
        }
        mails.push(p.mail);
        let shown = crate::load::display_path(&session.root, &target);
        let w = &p.written;
        let ms = p.elapsed.as_millis() as u64;
        printer.event_or(
            json!({ "event": "built", "report": w.report, "path": shown, "pages": w.pages, "bytes": w.bytes,
                    "sha256": w.sha256, "ms": ms }),
            || {
                let kb = w.bytes.div_ceil(1024);
                Some(format!("built {shown} ({}): {} pages, {kb} KB in {ms} ms", w.report, w.pages))
            },
        );
    }
    manifest.commit()?;
    Ok(mails)
}

/// The reports to build: those named, or every report of brief.yaml; with
/// --program, the deep-dive of that one program.
fn reports(session: &Session, args: &BuildArgs) -> Result<Vec<ReportSpec>, Diagnostic> {
    let project = &session.project;
    if let Some(id) = &args.program
        && session.portfolio.get(id).is_none()
    {
        let mut d = Diagnostic::error(
            "unknown-program",
            format!("--program {}: no program has this id", crate::diag::printable(id)),
        );
        if let Some(s) = crate::diag::did_you_mean(id, session.portfolio.programs.iter().map(|p| p.id.as_str())) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        return Err(d);
    }
    let mut specs = Vec::new();
    if args.reports.is_empty() && args.program.is_some() {
        specs.push(project.report(DEEP_DIVE).cloned().unwrap_or_else(|| {
            let mut spec = default_report(DEEP_DIVE);
            spec.title = "Program Deep Dive".into();
            spec
        }));
    } else if args.reports.is_empty() {
        // A deep dive is about one program: it is built with --program only.
        specs = project.reports.iter().filter(|r| r.template.value != DEEP_DIVE).cloned().collect();
    } else {
        for id in &args.reports {
            let spec = session.report(id)?;
            specs.push(spec.clone());
        }
    }
    if let Some(written) = &args.locale {
        let code = crate::locale::known_code(written).map_err(|meant| crate::locale::unknown(written, meant))?;
        for spec in &mut specs {
            spec.locale = project.locale(code);
        }
    }
    if args.program.is_some() {
        for spec in &mut specs {
            if !spec.output.contains("{program}") {
                spec.output = spec.output.trim_end_matches(".pdf").to_string() + "-{program}.pdf";
            }
        }
    }
    Ok(specs)
}
