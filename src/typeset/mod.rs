//! Typeset: compile a template with the report data into pages, then PDF.
//!
//! This stage never reads the programs folder: it receives the template's
//! files, the data as JSON bytes and the chart SVGs, puts them into a
//! [`world::BriefWorld`] and runs the embedded typst compiler.

pub mod coverage;
pub mod fonts;
pub mod templates;
pub mod world;

use std::sync::Arc;
use std::time::Duration;

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use templates::Template;
use world::BriefWorld;

/// A problem reported by typst, located in a template file when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstMessage {
    pub error: bool,
    /// "report-templates/monthly-brief/main.typ:12:5", when known.
    pub location: Option<String>,
    pub message: String,
    pub hints: Vec<String>,
    /// The source line, when known.
    pub line: Option<String>,
}

impl TypstMessage {
    /// An error without a place.
    pub fn error(message: impl Into<String>) -> Self {
        TypstMessage { error: true, location: None, message: message.into(), hints: Vec::new(), line: None }
    }
}

impl std::fmt::Display for TypstMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = if self.error { "error" } else { "warning" };
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{label}: {}", self.message)?;
        if let Some(line) = &self.line {
            write!(f, "\n   | {}", line.trim_end())?;
        }
        for h in &self.hints {
            write!(f, "\n   = hint: {h}")?;
        }
        Ok(())
    }
}

/// The main file of a build with `--attach-data`: the template, then the
/// data attached to the PDF, so any template carries its evidence.
pub const ATTACH_MAIN: &str = "/.brief/attach-data.typ";
const ATTACH_SOURCE: &str = "#include \"/main.typ\"\n#pdf.attach(\"/data.json\", relationship: \"source\", \
mime-type: \"application/json\", description: \"The data this brief was built from, as its template received it.\")\n";

/// Loads a template, the data and the charts into the world's memory.
pub fn mount(world: &BriefWorld, template: &Template, data_json: &[u8], charts: &[(String, String)]) {
    world.remove_files("/");
    for (path, bytes) in &template.files {
        world.set_file(path, Bytes::new(bytes.clone()));
    }
    world.set_file(ATTACH_MAIN, Bytes::from_string(ATTACH_SOURCE));
    world.set_file("/data.json", Bytes::new(data_json.to_vec()));
    for (path, svg) in charts {
        world.set_file(path, Bytes::from_string(svg.clone()));
    }
}

/// The outcome of a compilation: the pages and typst's warnings.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<TypstMessage>,
}

/// How long one compilation may run before it is stopped.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Compiles the mounted template. A template that runs longer than
/// `limit` is abandoned with an error (the compiler cannot be interrupted,
/// so it is run on its own thread and left behind).
pub fn compile(world: Arc<BriefWorld>, template: &Template, limit: Duration) -> Result<Compiled, Vec<TypstMessage>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let w = Arc::clone(&world);
    std::thread::Builder::new()
        .name("typst-compile".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let Warned { output, warnings } = typst::compile::<PagedDocument>(w.as_ref());
            let _ = tx.send((output, warnings));
        })
        .map_err(|e| vec![plain(format!("cannot start the compiler thread: {e}"))])?;
    let (output, warnings) = rx.recv_timeout(limit).map_err(|_| {
        vec![plain(format!(
            "the template `{}` did not finish within {} seconds and was stopped (see --time-limit)",
            template.name,
            limit.as_secs()
        ))]
    })?;
    let warnings = warnings.iter().map(|d| message(&world, template, d)).collect();
    match output {
        Ok(document) => Ok(Compiled { document, warnings }),
        Err(errors) => Err(errors.iter().map(|d| message(&world, template, d)).collect()),
    }
}

fn plain(message: String) -> TypstMessage {
    TypstMessage::error(message)
}

/// Turns a typst diagnostic into a located message naming the template file.
fn message(world: &BriefWorld, template: &Template, d: &SourceDiagnostic) -> TypstMessage {
    let mut location = None;
    let mut line = None;
    if let (Some(id), Some(range)) = (d.span.id(), world.range(d.span)) {
        let vpath = id.vpath().get_with_slash().to_string();
        let name = template.display.get(&vpath).cloned().unwrap_or_else(|| vpath.clone());
        let text = world.source(id).map(|s| s.text().to_string()).ok();
        if let Some(text) = text {
            let before = &text[..range.start.min(text.len())];
            let row = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            location = Some(format!("{name}:{row}:{col}"));
            line = text.lines().nth(row - 1).map(crate::diag::printable);
        } else {
            location = Some(name);
        }
    }
    TypstMessage {
        error: d.severity == Severity::Error,
        location,
        message: crate::diag::printable(&d.message),
        // typst's hint to widen the sandbox with `--root` is for its own CLI:
        // brief has no such flag, and its template sandbox is fixed.
        hints: d.hints.iter().filter(|h| !h.v.contains("--root")).map(|h| crate::diag::printable(&h.v)).collect(),
        line,
    }
}

/// PDF settings of a brief.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    /// A stable document identifier, so the same brief keeps the same PDF id.
    pub ident: String,
    /// The document date: the as-of date, or SOURCE_DATE_EPOCH.
    pub timestamp: chrono::NaiveDateTime,
    pub standards: Vec<PdfStandard>,
}

pub fn pdf(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, Vec<String>> {
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
