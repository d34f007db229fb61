//! `brief build`: the whole pipeline, for every report of a period.
//!
//! Every report is built in memory first; files are moved into place only
//! when all of them succeeded (and, under --strict, had no warnings), so a
//! failed build leaves every earlier output untouched.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use serde_json::json;

use super::{Outcome, Printer};
use crate::cli::{BuildArgs, Global, PdfStandardArg};
use crate::diag::{Diagnostic, Severity};
use crate::manifest::{BuildOptions, FileHash, Manifest, Output, Warning};
use crate::output::{self, Staged};
use crate::pipeline::{Failure, Options, Rendered, Renderer};
use crate::project::{ReportSpec, default_report};
use crate::session::{self, Session, Timeframe};
use crate::typeset::{self, templates};

/// The template of `brief build --program ID` when no report is named.
pub const DEEP_DIVE: &str = "program-deep-dive";

/// A report built in memory, ready to be moved into place.
struct Prepared {
    report: String,
    staged: Staged,
    pages: usize,
    sha256: String,
    bytes: usize,
    elapsed: Duration,
    /// Template files read, for the manifest: (shown path, bytes).
    template_files: Vec<(String, Vec<u8>)>,
}

pub fn run(global: &Global, args: &BuildArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let started = Instant::now();
    let session = Session::open(start);
    let outcome = build(&printer, &session, args)?;
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
    let plan = session::timeframe(&args.period, &session.portfolio).and_then(|tf| Ok((tf, reports(session, args)?)));
    let (tf, specs) = match plan {
        Ok(plan) => plan,
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            return Ok(Outcome::InputErrors);
        }
    };
    let out_dir = args.out.clone().unwrap_or_else(|| session.root.join(&session.project.out_dir));
    let _lock = output::lock(&out_dir, || {
        printer.status(&format!("waiting for another build writing to {} to finish", out_dir.display()))
    })?;
    let renderer = match Renderer::new(session) {
        Ok(r) => r,
        Err(message) => {
            printer.error(&message);
            return Ok(Outcome::InputErrors);
        }
    };
    let jobs = jobs(args, specs.len());
    let options = Options {
        program: args.program.clone(),
        draft: args.draft,
        standards: args.pdf_standards.iter().map(|s| standard(*s)).collect(),
        time_limit: Some(Duration::from_secs(args.time_limit)),
        pages_only: false,
        attach_data: args.attach_data,
        // Alone, a report drops typst's cache before export; next to others
        // it would drop what they are still using.
        evict_before_pdf: jobs == 1,
    };
    // A final build is held to what `brief check` reports for the whole portfolio.
    let mut warnings: Vec<Diagnostic> = session.diagnostics.iter().cloned().collect();
    warnings.extend(super::check::quality(session, tf));
    let mut prepared = Vec::new();
    let mut failed = None;
    let bundle =
        Bundle { several: specs.len() > 1, fonts: session.project.fonts_dir.as_ref().map(|f| session.root.join(f)) };
    let bar = printer.progress(specs.len() as u64);
    let results = render_all(session, &specs, tf, &options, renderer, jobs, bar.as_ref());
    for (spec, result) in specs.iter().zip(results) {
        match result.and_then(|r| prepare(r, tf, &out_dir, args, &bundle, printer, &mut warnings)) {
            Ok(p) => prepared.push(p),
            Err(failure) => {
                let what = if args.keep_going { "failed" } else { "failed; nothing was written" };
                let outcome = report_failure(printer, failure, &format!("report `{}` {what}", spec.id))?;
                failed = Some(outcome);
                if !args.keep_going {
                    return Ok(outcome);
                }
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let warnings = unique_warnings(warnings);
    printer.diagnostics(&warnings, &session.sources);
    if args.strict && !warnings.is_empty() {
        printer.error(&format!("--strict: {}; nothing was written", super::plural(warnings.len(), "warning")));
        return Ok(Outcome::StrictWarnings);
    }
    let manifest = manifest(session, args, tf, &out_dir, &prepared, &warnings);
    commit(printer, session, prepared, manifest, &out_dir, tf)?;
    Ok(failed.unwrap_or(Outcome::Success))
}

/// How many reports to render at once: `--jobs`, or one per core, never
/// more than there are reports.
fn jobs(args: &BuildArgs, reports: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    args.jobs.map_or(cores, usize::from).min(reports).max(1)
}

/// Renders every report, the results in the order of `specs`. With more than
/// one job, reports render at once on that many threads, each with its own
/// typst world (typst's cache is shared), so a build takes about as long as
/// its longest report rather than the sum. Typst's cache is emptied after
/// each report (alone) or once all are done (together).
fn render_all(
    session: &Session,
    specs: &[ReportSpec],
    tf: Timeframe,
    options: &Options,
    mut first: Renderer,
    jobs: usize,
    bar: Option<&indicatif::ProgressBar>,
) -> Vec<Result<Rendered, Failure>> {
    let render = |renderer: &mut Renderer, spec: &ReportSpec| {
        if let Some(bar) = bar {
            bar.set_message(format!("rendering {}", spec.id));
        }
        let result = renderer.render(session, spec, tf, options);
        if let Some(bar) = bar {
            bar.inc(1);
        }
        result
    };
    if jobs <= 1 {
        return specs
            .iter()
            .map(|spec| {
                let result = render(&mut first, spec);
                typeset::evict_cache(0);
                result
            })
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<Result<Rendered, Failure>>>> =
        std::sync::Mutex::new(specs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        let work = |mut renderer: Renderer| {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(spec) = specs.get(i) else { break };
                let result = render(&mut renderer, spec);
                results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(result);
            }
        };
        for _ in 1..jobs {
            // The first renderer has read the project's fonts already; if
            // another cannot, the threads that exist do its share.
            if let Ok(renderer) = Renderer::new(session) {
                scope.spawn(move || work(renderer));
            }
        }
        work(first);
    });
    typeset::evict_cache(0);
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Failure::Tool(anyhow::anyhow!("a report was not rendered")))))
        .collect()
}

/// Prints why a report failed and tells the exit code it leads to.
fn report_failure(printer: &Printer, failure: Failure, context: &str) -> anyhow::Result<Outcome> {
    match failure {
        Failure::Input(messages) => {
            messages.iter().for_each(|m| printer.message(m));
            printer.error(context);
            Ok(Outcome::InputErrors)
        }
        Failure::Tool(e) => Err(e.context(context.to_string())),
    }
}

fn unique_warnings(all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut unique: Vec<Diagnostic> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for w in all.into_iter().filter(|d| d.severity == Severity::Warning) {
        if seen.insert(w.clone()) {
            unique.push(w);
        }
    }
    unique
}

/// Moves every staged PDF into place, then the manifest.
fn commit(
    printer: &Printer,
    session: &Session,
    prepared: Vec<Prepared>,
    manifest: Manifest,
    out_dir: &Path,
    tf: Timeframe,
) -> anyhow::Result<()> {
    let manifest_path = out_dir.join(tf.period.to_string()).join(manifest_name(&manifest));
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)?;
    output::remove_stale_temps(&manifest_path);
    let staged_manifest = output::stage(&manifest_path, &manifest_bytes)?;
    for p in prepared {
        let target = p.staged.target().to_path_buf();
        p.staged.commit()?;
        let shown = crate::load::display_path(&session.root, &target);
        printer.event_or(
            json!({ "event": "built", "report": p.report, "path": shown, "pages": p.pages, "bytes": p.bytes,
                    "sha256": p.sha256, "ms": p.elapsed.as_millis() as u64 }),
            || {
                Some(format!(
                    "built {shown} ({}): {} pages, {} KB in {} ms",
                    p.report,
                    p.pages,
                    p.bytes.div_ceil(1024),
                    p.elapsed.as_millis()
                ))
            },
        );
    }
    staged_manifest.commit()?;
    Ok(())
}

fn manifest_name(m: &Manifest) -> String {
    match &m.options.program {
        Some(p) => format!("manifest-{p}.json"),
        None => crate::manifest::FILE_NAME.to_string(),
    }
}

/// What this build read and wrote, with hashes.
fn manifest(
    session: &Session,
    args: &BuildArgs,
    tf: Timeframe,
    out_dir: &Path,
    prepared: &[Prepared],
    warnings: &[Diagnostic],
) -> Manifest {
    let mut inputs: Vec<FileHash> = session
        .sources
        .iter()
        .filter_map(|(_, s)| {
            Some(FileHash { path: s.display.clone(), sha256: crate::manifest::hex(&s.sha256?), bytes: s.bytes })
        })
        .collect();
    for (path, bytes) in prepared.iter().flat_map(|p| &p.template_files) {
        inputs.push(FileHash::of(path.clone(), bytes));
    }
    if let Some(dir) = &session.project.fonts_dir {
        for entry in walkdir::WalkDir::new(session.root.join(dir)).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file()
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                inputs.push(FileHash::of(crate::load::display_path(&session.root, entry.path()), &bytes));
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    let manifest_dir = out_dir.join(tf.period.to_string());
    let root = crate::load::canonical(&session.root);
    let manifest_dir = crate::load::canonical(&manifest_dir);
    Manifest {
        manifest_version: crate::manifest::VERSION,
        tool: crate::manifest::Tool::current(),
        root: crate::manifest::relative(&manifest_dir, &root),
        period: tf.period.to_string(),
        previous_period: tf.previous.map(|p| p.to_string()),
        as_of: tf.as_of.to_string(),
        options: BuildOptions {
            reports: prepared.iter().map(|p| p.report.clone()).collect(),
            program: args.program.clone(),
            draft: args.draft,
            strict: args.strict,
            pdf_standards: args.pdf_standards.iter().map(|s| format!("{s:?}")).collect(),
            attach_data: args.attach_data,
            keep_going: args.keep_going,
            source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        },
        inputs,
        outputs: prepared
            .iter()
            .map(|p| Output {
                report: p.report.clone(),
                path: crate::manifest::relative(&root, &crate::load::canonical_parent(p.staged.target())),
                sha256: p.sha256.clone(),
                bytes: p.bytes as u64,
                pages: p.pages,
            })
            .collect(),
        warnings: warnings
            .iter()
            .map(|d| Warning {
                code: d.code.to_string(),
                message: d.message.clone(),
                location: d.origin.map(|o| format!("{}:{}:{}", session.sources.get(o.source).display, o.line, o.col)),
                program: d.program.clone(),
            })
            .collect(),
    }
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
            let Some(spec) = project.report(id) else {
                let known: Vec<&str> = project.reports.iter().map(|r| r.id.as_str()).collect();
                let mut d = Diagnostic::error(
                    "unknown-report",
                    format!("--report {}: brief.yaml has no such report", crate::diag::printable(id)),
                );
                d = match crate::diag::did_you_mean(id, known.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("reports: {}", known.join(", "))),
                };
                return Err(d);
            };
            specs.push(spec.clone());
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

/// Where --emit-bundle writes: DIR, or DIR/<report id>/ when several
/// reports are built; with the project's extra fonts.
struct Bundle {
    several: bool,
    fonts: Option<std::path::PathBuf>,
}

/// Stages a rendered report's PDF (and writes the bundle when asked).
fn prepare(
    r: Rendered,
    tf: Timeframe,
    out_dir: &Path,
    args: &BuildArgs,
    bundle: &Bundle,
    printer: &Printer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Prepared, Failure> {
    for w in &r.template_warnings {
        printer.message(w);
    }
    warnings.extend(r.warnings.iter().cloned());
    let target = out_dir.join(r.spec.output_path(&tf.period.to_string(), args.program.as_deref()));
    if let Some(dir) = &args.emit_bundle {
        let dir = if bundle.several { dir.join(&r.spec.id) } else { dir.clone() };
        emit_bundle(&dir, &r.template, &r.json, &r.charts, bundle.fonts.as_deref()).map_err(Failure::Tool)?;
    }
    output::remove_stale_temps(&target);
    let staged = output::stage(&target, &r.pdf).map_err(Failure::Tool)?;
    let template_files = r
        .template
        .files
        .iter()
        .map(|(vpath, bytes)| (r.template.display.get(vpath).cloned().unwrap_or_else(|| vpath.clone()), bytes.clone()))
        .map(|(shown, bytes)| (shown.replace("<built-in>/", crate::manifest::BUILT_IN), bytes))
        .collect();
    Ok(Prepared {
        report: r.spec.id.clone(),
        staged,
        pages: r.pages(),
        sha256: crate::manifest::hex(&crate::manifest::sha256(&r.pdf)),
        bytes: r.pdf.len(),
        elapsed: r.elapsed,
        template_files,
    })
}

fn standard(s: PdfStandardArg) -> typst_pdf::PdfStandard {
    use typst_pdf::PdfStandard as P;
    match s {
        PdfStandardArg::V1_7 => P::V_1_7,
        PdfStandardArg::V2_0 => P::V_2_0,
        PdfStandardArg::A1b => P::A_1b,
        PdfStandardArg::A2b => P::A_2b,
        PdfStandardArg::A2u => P::A_2u,
        PdfStandardArg::A2a => P::A_2a,
        PdfStandardArg::A3b => P::A_3b,
        PdfStandardArg::A3u => P::A_3u,
        PdfStandardArg::A3a => P::A_3a,
        PdfStandardArg::A4 => P::A_4,
        PdfStandardArg::Ua1 => P::Ua_1,
    }
}

/// Writes what stock typst needs to compile the same document:
/// `typst compile --root DIR --font-path DIR/fonts DIR/main.typ`
/// (the project's extra fonts go to DIR/fonts/extra/).
fn emit_bundle(
    dir: &Path,
    template: &templates::Template,
    json: &[u8],
    charts: &[(String, String)],
    extra_fonts: Option<&Path>,
) -> anyhow::Result<()> {
    let write = |rel: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(rel.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    };
    for (path, bytes) in &template.files {
        write(path, bytes)?;
    }
    write("/data.json", json)?;
    for (path, svg) in charts {
        write(path, svg.as_bytes())?;
    }
    for (name, bytes) in crate::fonts::EMBEDDED {
        write(&format!("/fonts/{name}"), bytes)?;
    }
    write("/fonts/OFL.txt", include_bytes!("../../report-templates/fonts/OFL.txt"))?;
    if let Some(folder) = extra_fonts {
        for entry in walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", folder.display()))?;
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            if entry.file_type().is_file() && !rel.to_string_lossy().starts_with('.') {
                let bytes =
                    std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
                let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                write(&format!("/fonts/extra/{}", rel.join("/")), &bytes)?;
            }
        }
    }
    Ok(())
}
