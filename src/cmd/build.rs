//! `brief build`: the whole pipeline, for every report of a period.
//!
//! Every report is built in memory first; files are moved into place only
//! when all of them succeeded (and, under --strict, had no warnings), so a
//! failed build leaves every earlier output untouched.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::{Outcome, Printer};
use crate::cli::{BuildArgs, Global, PdfStandardArg};
use crate::diag::{Diagnostic, Severity};
use crate::output::{self, Staged};
use crate::pipeline::{Failure, Options, Rendered, Renderer};
use crate::project::{ReportSpec, default_report};
use crate::session::{self, Session, Timeframe};
use crate::typeset::{self, templates};

/// The template of `brief build --program ID` when no report is named.
pub const DEEP_DIVE: &str = "program-deep-dive";

/// A report built in memory, ready to be moved into place.
struct Prepared {
    staged: Staged,
    pages: usize,
    bytes: usize,
    elapsed: Duration,
}

pub fn run(global: &Global, args: &BuildArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let started = Instant::now();
    let session = Session::open(start);
    if session.has_errors() {
        printer.diagnostics(&session.diagnostics.sorted(&session.sources), &session.sources);
        printer.error(&format!(
            "{}; nothing was written",
            super::counts(session.diagnostics.error_count(), session.diagnostics.warning_count())
        ));
        return Ok(Outcome::InputErrors);
    }
    let tf = match session::timeframe(&args.period, &session.portfolio) {
        Ok(tf) => tf,
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            return Ok(Outcome::InputErrors);
        }
    };
    let specs = match reports(&session, args) {
        Ok(specs) => specs,
        Err(d) => {
            printer.diagnostics([&d], &session.sources);
            return Ok(Outcome::InputErrors);
        }
    };
    let mut renderer = match Renderer::new(&session) {
        Ok(r) => r,
        Err(message) => {
            printer.error(&message);
            return Ok(Outcome::InputErrors);
        }
    };
    let options = Options {
        program: args.program.clone(),
        draft: args.draft,
        standards: args.pdf_standards.iter().map(|s| standard(*s)).collect(),
        time_limit: Some(Duration::from_secs(args.time_limit)),
        pages_only: false,
    };
    let mut warnings: Vec<Diagnostic> = session.diagnostics.iter().cloned().collect();
    let mut prepared = Vec::new();
    for spec in &specs {
        let result = renderer.render(&session, spec, tf, &options);
        typeset::evict_cache(0);
        let result = result.and_then(|r| prepare(&session, r, tf, args, &printer, &mut warnings));
        match result {
            Ok(p) => prepared.push((spec.id.clone(), p)),
            Err(Failure::Input(messages)) => {
                messages.iter().for_each(|m| printer.error(m));
                printer.error(&format!("report `{}` failed; nothing was written", spec.id));
                return Ok(Outcome::InputErrors);
            }
            Err(Failure::Tool(e)) => return Err(e.context(format!("report `{}` failed; nothing was written", spec.id))),
        }
    }
    let mut unique = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for w in warnings {
        if seen.insert(w.clone()) {
            unique.push(w);
        }
    }
    let warning_list: Vec<&Diagnostic> = unique.iter().filter(|d| d.severity == Severity::Warning).collect();
    printer.diagnostics(warning_list.iter().copied(), &session.sources);
    if args.strict && !warning_list.is_empty() {
        printer.error(&format!("--strict: {} warnings; nothing was written", warning_list.len()));
        return Ok(Outcome::StrictWarnings);
    }
    for (id, p) in prepared {
        let target = p.staged.target().to_path_buf();
        p.staged.commit()?;
        printer.status(&format!(
            "built {} ({id}): {} pages, {} KB in {} ms",
            crate::load::display_path(&session.root, &target),
            p.pages,
            p.bytes.div_ceil(1024),
            p.elapsed.as_millis()
        ));
    }
    printer.status(&format!("done in {} ms", started.elapsed().as_millis()));
    Ok(Outcome::Success)
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
        specs = project.reports.clone();
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

/// Stages a rendered report's PDF (and writes the bundle when asked).
fn prepare(
    session: &Session,
    r: Rendered,
    tf: Timeframe,
    args: &BuildArgs,
    printer: &Printer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Prepared, Failure> {
    for w in &r.template_warnings {
        printer.warning(&w.to_string());
    }
    warnings.extend(r.warnings.iter().cloned());
    let out_dir = args.out.clone().unwrap_or_else(|| session.root.join(&session.project.out_dir));
    let target = out_dir.join(r.spec.output_path(&tf.period.to_string(), args.program.as_deref()));
    if let Some(dir) = &args.emit_bundle {
        emit_bundle(dir, &r.template, &r.json, &r.charts).map_err(Failure::Tool)?;
    }
    let staged = output::stage(&target, &r.pdf).map_err(Failure::Tool)?;
    Ok(Prepared { staged, pages: r.pages(), bytes: r.pdf.len(), elapsed: r.elapsed })
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
/// `typst compile --root DIR --font-path DIR/fonts DIR/main.typ`.
fn emit_bundle(
    dir: &Path,
    template: &templates::Template,
    json: &[u8],
    charts: &[(String, String)],
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
    Ok(())
}
