//! Typeset: compile a template with the report data into pages, then PDF.
//!
//! This stage never reads the programs folder: it receives the template's
//! files, the data as JSON bytes and the chart SVGs, puts them into a
//! [`world::BriefWorld`] and runs the embedded typst compiler.

pub(crate) mod coverage;
pub(crate) mod fonts;
pub(crate) mod scripts;
pub(crate) mod templates;
pub(crate) mod world;

use std::sync::Arc;
use std::time::Duration;

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Smart};
use typst::syntax::{DiagSpan, FileId};
use typst::{World, WorldExt};

use crate::diag::{Diagnostic, Located, Origin, SourceId, Sources};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use templates::Template;
use world::BriefWorld;

/// The main file of a build with `--attach-data`: the template, then the
/// data attached to the PDF, so any template carries its evidence.
pub(crate) const ATTACH_MAIN: &str = "/.brief/attach-data.typ";
const ATTACH_SOURCE: &str = "#include \"/main.typ\"\n#pdf.attach(\"/data.json\", relationship: \"source\", \
mime-type: \"application/json\", description: \"The data this brief was built from, as its template received it.\")\n";

/// Loads a template, the data and the charts into the world's memory.
pub(crate) fn mount(
    world: &BriefWorld,
    template: &Template,
    data_json: &Bytes,
    charts: &[(String, std::sync::Arc<str>)],
) {
    world.remove_files("/");
    for (path, bytes) in &template.files {
        world.set_file(path, Bytes::new(bytes.clone()));
    }
    world.set_file(ATTACH_MAIN, Bytes::from_string(ATTACH_SOURCE));
    world.set_file("/data.json", data_json.clone());
    for (path, svg) in charts {
        world.set_file(path, Bytes::from_string(std::sync::Arc::clone(svg)));
    }
}

/// The outcome of a compilation: the pages and typst's warnings.
pub(crate) struct Compiled {
    pub(crate) document: PagedDocument,
    pub(crate) warnings: Located,
}

/// How long one compilation may run before it is stopped when no
/// `--time-limit` is given: a minute, and a second more for each program
/// the report shows. A valid portfolio of a few hundred programs with long
/// texts takes over a minute on a busy two-core machine, and a built-in
/// template must never fail on valid data; a runaway project template is
/// still stopped, later.
pub(crate) fn default_time_limit(programs: usize) -> Duration {
    Duration::from_secs(60 + programs as u64)
}

/// Compiles the mounted template. A template that runs longer than
/// `limit` is abandoned with an error (the compiler cannot be interrupted,
/// so it is run on its own thread and left behind). Typst's errors and
/// warnings come back as diagnostics located in the template files.
pub(crate) fn compile(world: Arc<BriefWorld>, template: &Template, limit: Duration) -> Result<Compiled, Located> {
    let (tx, rx) = std::sync::mpsc::channel();
    let w = Arc::clone(&world);
    std::thread::Builder::new()
        .name("typst-compile".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let Warned { output, warnings } = typst::compile::<PagedDocument>(w.as_ref());
            let _ = tx.send((output, warnings));
        })
        .map_err(|e| unplaced(format!("cannot start the compiler thread: {e}")))?;
    let (output, warnings) = rx.recv_timeout(limit).map_err(|_| {
        unplaced(format!(
            "the template `{}` did not finish within {} seconds and was stopped (see --time-limit)",
            template.name,
            limit.as_secs()
        ))
    })?;
    let warnings = located(&world, template, &warnings);
    match output {
        Ok(document) => Ok(Compiled { document, warnings }),
        Err(errors) => Err(located(&world, template, &errors)),
    }
}

fn unplaced(message: String) -> Located {
    Located::unplaced(vec![Diagnostic::error(TEMPLATE_ERROR, message)])
}

/// The code of an error typst reports about a template.
pub(crate) const TEMPLATE_ERROR: &str = "template-error";
/// The code of a warning typst reports about a template.
pub(crate) const TEMPLATE_WARNING: &str = "template-warning";

/// Typst's diagnostics as located ones: each template file they name is
/// registered once, under the path shown to people, with its text.
fn located(world: &BriefWorld, template: &Template, list: &[SourceDiagnostic]) -> Located {
    let mut files = TemplateFiles::default();
    let diagnostics = list.iter().map(|d| diagnostic(world, template, d, &mut files)).collect();
    Located { sources: files.sources, diagnostics }
}

/// Turns one typst diagnostic into a diagnostic pointing into the template file.
fn diagnostic(world: &BriefWorld, template: &Template, d: &SourceDiagnostic, files: &mut TemplateFiles) -> Diagnostic {
    let message = d.message.to_string();
    let out = match d.severity {
        Severity::Error => Diagnostic::error(TEMPLATE_ERROR, message),
        Severity::Warning => Diagnostic::warning(TEMPLATE_WARNING, message),
    };
    let mut out = out.at_opt(place(world, template, d.span, files));
    // typst's hint to widen the sandbox with `--root` is for its own CLI:
    // brief has no such flag, and its template sandbox is fixed.
    for h in d.hints.iter().filter(|h| !h.v.contains("--root")) {
        out = out.hint(h.v.to_string());
    }
    out
}

/// The template files diagnostics point into, each registered once.
#[derive(Default)]
struct TemplateFiles {
    sources: Sources,
    ids: Vec<(FileId, SourceId)>,
}

impl TemplateFiles {
    fn id(&mut self, world: &BriefWorld, template: &Template, file: FileId) -> SourceId {
        if let Some((_, id)) = self.ids.iter().find(|(f, _)| *f == file) {
            return *id;
        }
        let vpath = file.vpath().get_with_slash().to_string();
        let shown = template.display.get(&vpath).cloned().unwrap_or(vpath);
        let text: Arc<str> = world.source(file).map_or(Arc::from(""), |s| Arc::from(s.text()));
        let id = self.sources.add(crate::diag::Source::new(shown.clone().into(), shown));
        self.sources.set_read(id, Arc::clone(&text), None, text.len() as u64);
        self.ids.push((file, id));
        id
    }
}

/// Line, column (in characters) and length on that line of a typst span.
fn place(world: &BriefWorld, template: &Template, span: DiagSpan, files: &mut TemplateFiles) -> Option<Origin> {
    let file = span.id()?;
    let source = files.id(world, template, file);
    let text = Arc::clone(&files.sources.get(source).text);
    let Some(range) = world.range(span).filter(|r| text.is_char_boundary(r.start.min(text.len()))) else {
        return Some(Origin::file_start(source));
    };
    let start = range.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find(['\r', '\n']).map_or(text.len(), |i| start + i);
    let end = if text.is_char_boundary(range.end.min(line_end)) { range.end.clamp(start, line_end) } else { start };
    Some(Origin {
        source,
        line: (text[..start].matches('\n').count() + 1) as u32,
        col: (text[line_start..start].chars().count() + 1) as u32,
        len: text[start..end].chars().count().max(1) as u32,
    })
}

/// PDF settings of a brief.
#[derive(Debug, Clone)]
pub(crate) struct PdfSettings {
    /// A stable document identifier, so the same brief keeps the same PDF id.
    pub(crate) ident: String,
    /// The document date: the as-of date, or SOURCE_DATE_EPOCH.
    pub(crate) timestamp: chrono::NaiveDateTime,
    pub(crate) standards: Vec<PdfStandard>,
}

pub(crate) fn pdf(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, Vec<String>> {
    use chrono::{Datelike, Timelike};
    let t = settings.timestamp;
    let datetime = typst::foundations::Datetime::from_ymd_hms(
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok_or_else(|| vec![format!("the document date {t} cannot be written into a PDF")])?;
    let standards = PdfStandards::new(&settings.standards).map_err(|e| vec![e.message().to_string()])?;
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(format!("brief {} (typst 0.15.1)", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(datetime)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let hints: Vec<String> = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
                format!("{}{}", e.message, hints.join(""))
            })
            .collect()
    })
}

/// Drops typst's memoized results after a compilation, so memory stays flat.
pub fn evict_cache(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// The label a template puts on its executive summary (`#metadata(none)
/// <executive-summary>`), so `--summary-png` finds the page.
pub(crate) const SUMMARY_LABEL: &str = "executive-summary";

/// The executive summary page as PNG at `pixels_per_pt` (2.0 is 144 dpi),
/// for chat tools: the page that holds [`SUMMARY_LABEL`], else the first.
pub(crate) fn summary_png(document: &PagedDocument, pixels_per_pt: f64) -> Result<Vec<u8>, String> {
    use typst::introspection::Introspector;
    let introspector = document.introspector();
    let page = typst::foundations::Label::new(typst::utils::PicoStr::intern(SUMMARY_LABEL))
        .and_then(|label| introspector.query_label(label).ok())
        .and_then(|content| content.location())
        .and_then(|location| introspector.page(location))
        .map_or(0, |n| n.get() - 1);
    let page = document.pages().get(page).ok_or("the document has no page")?;
    let options = typst_render::RenderOptions { pixel_per_pt: pixels_per_pt.into(), render_bleed: false };
    typst_render::render(page, &options).encode_png().map_err(|e| format!("PNG encoding failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large valid portfolio gets the time it needs: a fixed minute
    /// stopped a built-in template on 250 programs with long texts.
    #[test]
    fn the_default_time_limit_grows_with_the_programs_shown() {
        assert_eq!(default_time_limit(0), Duration::from_secs(60));
        assert_eq!(default_time_limit(250), Duration::from_secs(310));
        assert_eq!(default_time_limit(1000), Duration::from_secs(1060));
    }
}
