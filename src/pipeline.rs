//! Rendering one report of an open [`Session`] into memory: view data,
//! charts, typst compilation and PDF. Nothing is written here.
//!
//! `build` renders every report and then writes them; `watch` and `serve`
//! keep one [`Renderer`] (and its typst world and caches) alive and render
//! again after each edit.

use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::diag::Diagnostic;
use crate::model::report::Scope;
use crate::project::ReportSpec;
use crate::session::{Session, Timeframe};
use crate::typeset::{self, TypstMessage, templates, world::BriefWorld};
use crate::view::ReportData;

/// What to render besides the report's own settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this program (`--program`).
    pub program: Option<String>,
    pub draft: bool,
    pub standards: Vec<typst_pdf::PdfStandard>,
    /// Longest a template may run.
    pub time_limit: Option<Duration>,
    /// Skip PDF export (previews only need the pages).
    pub pages_only: bool,
    /// Attach data.json inside the PDF.
    pub attach_data: bool,
    /// Empty typst's memoization caches once the pages are laid out, before
    /// PDF export. A one-off build needs them no longer, and on a
    /// thousand-program brief they hold most of the memory; `watch` keeps
    /// them for the next rebuild.
    pub evict_before_pdf: bool,
}

/// A rendered report, still in memory.
pub struct Rendered {
    pub spec: ReportSpec,
    pub data: ReportData,
    /// The data as the template read it.
    pub json: Vec<u8>,
    /// Chart files: (virtual path, SVG).
    pub charts: Vec<(String, String)>,
    pub template: templates::Template,
    pub document: PagedDocument,
    /// Empty when `pages_only`.
    pub pdf: Vec<u8>,
    /// Data-quality warnings of this report and text no font can draw.
    pub warnings: Vec<Diagnostic>,
    /// Warnings from typst about the template.
    pub template_warnings: Vec<TypstMessage>,
    pub elapsed: Duration,
    /// Where that time went.
    pub phases: Phases,
}

/// The time of each step of [`Renderer::render`], for the benchmarks and
/// for anyone asking where a build spends its time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    /// The report's data: scope, redaction, derived values, labels, quality notes.
    pub view: Duration,
    /// Charts drawn (or taken from the cache) and the data as JSON.
    pub charts: Duration,
    /// The template read and mounted with the data, charts and fonts.
    pub mount: Duration,
    /// Typst evaluating and laying out the template.
    pub typeset: Duration,
    /// PDF export (zero when `pages_only`).
    pub pdf: Duration,
}

impl Phases {
    /// The steps with their names, in order.
    pub fn named(&self) -> [(&'static str, Duration); 5] {
        [
            ("view", self.view),
            ("charts", self.charts),
            ("mount", self.mount),
            ("typeset", self.typeset),
            ("PDF export", self.pdf),
        ]
    }
}

impl Rendered {
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }
}

/// Why a report could not be rendered.
pub enum Failure {
    /// The input (data or a project template) is wrong: exit code 1.
    Input(Vec<TypstMessage>),
    /// The tool or the system failed: exit code 2.
    Tool(anyhow::Error),
}

/// Renders reports with one typst world, so fonts are read once and
/// typst's caches carry over between reports and rebuilds.
pub struct Renderer {
    world: Arc<BriefWorld>,
    /// Charts of earlier renders, redrawn only when their data changes.
    charts: crate::chartset::ChartCache,
}

impl Renderer {
    /// A renderer with the project's extra fonts (`fonts:` in brief.yaml).
    pub fn new(session: &Session) -> Result<Renderer, String> {
        let extra = match &session.project.fonts_dir {
            Some(dir) => typeset::fonts::read_folder(&session.root, &session.root.join(dir))?,
            None => Vec::new(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        let world = Arc::new(BriefWorld::new(typeset::fonts::store(&extra), today));
        Ok(Renderer { world, charts: Default::default() })
    }

    pub fn world(&self) -> &BriefWorld {
        &self.world
    }

    pub fn render(
        &mut self,
        session: &Session,
        spec: &ReportSpec,
        tf: Timeframe,
        options: &Options,
    ) -> Result<Rendered, Failure> {
        let started = Instant::now();
        let mut phases = Phases::default();
        let mut lap = Instant::now();
        let mut step = |phase: &mut Duration| {
            *phase = lap.elapsed();
            lap = Instant::now();
        };
        let scope = Scope {
            spec,
            period: tf.period,
            previous: tf.previous,
            as_of: tf.as_of,
            program: options.program.as_deref(),
        };
        let load_notes: Vec<Diagnostic> = session.diagnostics.iter().cloned().collect();
        let inputs = crate::view::Inputs {
            portfolio: &session.portfolio,
            project: &session.project,
            scope: &scope,
            sources: &session.sources,
            load_notes: &load_notes,
            draft: options.draft,
        };
        let built = crate::view::build(&inputs, &mut self.charts);
        let (data, charts) = (built.data, built.charts);
        step(&mut phases.view);
        let json = serde_json::to_vec(&data).map_err(|e| Failure::Tool(e.into()))?;
        step(&mut phases.charts);
        let template = templates::load(&session.root, &session.project.templates_dir, &spec.template.value)
            .map_err(|m| Failure::Input(vec![TypstMessage::error(m)]))?;
        let world = Arc::get_mut(&mut self.world)
            .ok_or_else(|| Failure::Tool(anyhow::anyhow!("the typesetter is still busy with an earlier report")))?;
        world.reset();
        world.set_today(tf.as_of);
        typeset::mount(&self.world, &template, &json, &charts);
        if let Some(world) = Arc::get_mut(&mut self.world) {
            world.set_main(if options.attach_data { typeset::ATTACH_MAIN } else { "/main.typ" });
        }
        step(&mut phases.mount);
        let limit = options.time_limit.unwrap_or(typeset::DEFAULT_TIME_LIMIT);
        let compiled = typeset::compile(Arc::clone(&self.world), &template, limit);
        let compiled = match compiled {
            Ok(c) => c,
            Err(messages) => {
                return Err(match template.origin {
                    templates::Origin::Folder(_) => Failure::Input(messages),
                    templates::Origin::BuiltIn => {
                        let text: Vec<String> = messages.iter().map(ToString::to_string).collect();
                        Failure::Tool(anyhow::anyhow!(
                            "the built-in template `{}` failed:\n{}",
                            template.name,
                            text.join("\n")
                        ))
                    }
                });
            }
        };
        let mut warnings = built.warnings;
        warnings.extend(coverage_warnings(&self.world, &data));
        step(&mut phases.typeset);
        if options.evict_before_pdf {
            typeset::evict_cache(0);
        }
        let pdf = if options.pages_only {
            Vec::new()
        } else {
            let settings = typeset::PdfSettings {
                ident: format!("brief/{}/{}", spec.id, tf.period),
                timestamp: document_date(tf.as_of).map_err(input)?,
                standards: options.standards.clone(),
            };
            typeset::pdf(&compiled.document, &settings).map_err(input)?
        };
        step(&mut phases.pdf);
        Ok(Rendered {
            spec: spec.clone(),
            data,
            json,
            charts,
            template,
            document: compiled.document,
            pdf,
            warnings,
            template_warnings: compiled.warnings,
            elapsed: started.elapsed(),
            phases,
        })
    }
}

fn input(messages: Vec<String>) -> Failure {
    Failure::Input(messages.into_iter().map(TypstMessage::error).collect())
}

/// Warnings for text that no font can draw, naming program and field.
fn coverage_warnings(world: &BriefWorld, data: &ReportData) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::to_value(data) else { return Vec::new() };
    let text = value.to_string();
    let missing = typeset::coverage::missing_chars(world.font_store().book(), &text);
    if missing.is_empty() {
        return Vec::new();
    }
    typeset::coverage::locate(&value, &missing)
        .into_iter()
        .map(|u| {
            let whose = u.program.as_ref().map(|p| format!(" of program `{p}`")).unwrap_or_default();
            let d = Diagnostic::warning(
                "no-font",
                format!("no font can draw \"{}\" in the field {}{whose}; it would print as empty boxes", u.chars, u.field),
            )
            .hint("add a font that covers this script (e.g. Noto Sans CJK) to a folder and name it in brief.yaml as `fonts: <folder>`");
            match u.program {
                Some(p) => d.in_program(&p),
                None => d,
            }
        })
        .collect()
}

/// The PDF's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the as-of date.
pub fn document_date(as_of: chrono::NaiveDate) -> Result<chrono::NaiveDateTime, Vec<String>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let secs: i64 = text
                .trim()
                .parse()
                .map_err(|_| vec![format!("SOURCE_DATE_EPOCH must be a number of seconds (found {text:?})")])?;
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|d| d.naive_utc())
                .ok_or_else(|| vec![format!("SOURCE_DATE_EPOCH {secs} is out of range")])
        }
        Err(_) => Ok(as_of.and_hms_opt(0, 0, 0).expect("midnight exists")),
    }
}
