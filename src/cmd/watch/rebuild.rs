//! One rebuild of the watched report, shared by `brief watch` and `brief serve`.
//!
//! A [`Rebuilder`] keeps one [`Renderer`] (its typst world, typst's memoized
//! results and the chart cache) for the whole session, and after every batch
//! of changes opens the project again and renders the one report. Opening
//! is cheap (a few milliseconds for the sample portfolio); the expensive
//! parts, typesetting and charts, only redo what the change touched. Nothing
//! is written here: a rebuild ends with the brief in memory, or with the
//! problems that stopped it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cli::PeriodArgs;
use crate::diag::{self, Diagnostic, Severity};
use crate::manifest::{Manifest, Written};
use crate::pipeline::{BuildPlan, Failure, Options, Rendered, Renderer};
use crate::session::{self, Session};
use crate::watcher::Folders;

/// What to rebuild: one report of one period.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The period and the as-of date, as on the command line.
    pub period: PeriodArgs,
    /// The report's id; default: the first report of brief.yaml.
    pub report: Option<String>,
    /// Mark every page DRAFT.
    pub draft: bool,
    /// Skip the PDF (the web preview only needs the pages).
    pub pages_only: bool,
    /// Longest a template may run; `None`: the default for the report's size.
    pub time_limit: Option<Duration>,
    /// Never use the machine's fonts (`--no-system-fonts`).
    pub no_system_fonts: bool,
    /// The report's language instead of its `locale:` (`--locale`).
    pub locale: Option<String>,
}

/// Problems found by a rebuild, with the files they point into: the
/// project's, and the template files typst reported about.
pub(crate) type Problems = diag::Located;

/// A brief rendered after a change.
pub struct Good {
    pub rendered: Rendered,
    /// Where the PDF belongs (absolute).
    pub target: PathBuf,
    /// The same, relative to the project folder.
    pub(crate) shown: String,
    pub(crate) period: String,
    /// Data-quality and template warnings.
    pub(crate) warnings: Problems,
    /// The manifest of this one report, as `build` would write it (none
    /// when only the pages are rendered).
    pub(crate) manifest: Option<Manifest>,
}

/// The outcome of one rebuild.
pub struct Rebuild {
    /// The project's folders, as brief.yaml names them now.
    pub folders: Folders,
    pub result: Result<Good, Problems>,
    pub(crate) elapsed: Duration,
    /// Program files parsed again for this rebuild, of all program files.
    pub(crate) parsed: (usize, usize),
}

impl Rebuild {
    /// The report asked for is not in brief.yaml: the session cannot start.
    pub(crate) fn names_no_report(&self) -> bool {
        self.result.as_ref().is_err_and(|p| p.diagnostics.iter().any(|d| d.code == session::UNKNOWN_REPORT))
    }
}

/// Rebuilds one report again and again with the same typesetter.
pub struct Rebuilder {
    start: PathBuf,
    settings: Settings,
    /// The renderer and the fonts it was made for: the fonts folder, and
    /// whether installed fonts may join it (a renderer that has taken some
    /// in cannot give them back when `fonts: embedded` is set).
    renderer: Option<((Option<PathBuf>, bool), Renderer)>,
    /// Parsed program files of the last rebuild: only changed files are parsed again.
    parsed: crate::load::ParseCache,
}

impl Rebuilder {
    /// A rebuilder for the project found from `start`; nothing is read yet.
    pub fn new(start: &Path, settings: Settings) -> Rebuilder {
        Rebuilder { start: start.to_path_buf(), settings, renderer: None, parsed: Default::default() }
    }

    /// Opens the project and renders the report. `changed` are the
    /// project-relative paths that changed since the last rebuild (empty:
    /// unknown, read everything).
    pub fn rebuild(&mut self, changed: &[String]) -> Rebuild {
        let started = Instant::now();
        let session = Session::open_cached(&self.start, &mut self.parsed).with_locale(self.settings.locale.as_deref());
        let root = session.root.clone();
        let folders = Folders {
            programs: root.join(&session.project.programs_dir),
            templates: root.join(&session.project.templates_dir),
            out: root.join(&session.project.out_dir),
            fonts: session.project.fonts_dir.as_ref().map(|d| root.join(d)),
            sheets: session.sources.iter().filter(|(_, s)| s.sheet.is_some()).map(|(_, s)| s.path.clone()).collect(),
            root,
        };
        let result = self.render(&session, &folders, changed);
        // Keep the memoized results of the last few rebuilds only, so memory stays flat.
        crate::typeset::evict_cache(10);
        Rebuild { folders, result, elapsed: started.elapsed(), parsed: (self.parsed.parsed, self.parsed.total) }
    }

    fn render(&mut self, session: &Session, folders: &Folders, changed: &[String]) -> Result<Good, Problems> {
        let problems = |diagnostics: Vec<Diagnostic>| Problems { sources: session.sources.clone(), diagnostics };
        if session.has_errors() {
            let list = session.diagnostics.sorted(&session.sources);
            return Err(problems(list.into_iter().filter(|d| d.severity == Severity::Error).collect()));
        }
        let tf = session::timeframe(&self.settings.period, &session.portfolio).map_err(|d| problems(vec![d]))?;
        let mut spec = session.report_or_first(self.settings.report.as_deref()).map_err(|d| problems(vec![d]))?.clone();
        if let Some(written) = &self.settings.locale {
            let code = crate::locale::known_code(written)
                .map_err(|meant| problems(vec![crate::locale::unknown(written, meant)]))?;
            spec.locale = session.project.locale(code);
        }
        let fonts_changed = match &folders.fonts {
            Some(dir) => {
                let shown = crate::load::display_path(&folders.root, dir);
                changed.is_empty() || changed.iter().any(|c| Path::new(c).starts_with(&shown))
            }
            None => false,
        };
        let fonts = (folders.fonts.clone(), session.project.system_fonts && !self.settings.no_system_fonts);
        let renderer = match self.renderer.take() {
            Some((made_for, r)) if made_for == fonts && !fonts_changed => r,
            _ => Renderer::new(session).map_err(|m| unplaced("unreadable-fonts", m))?,
        };
        let renderer = &mut self.renderer.insert((fonts, renderer)).1;
        let options = Options {
            program: None,
            draft: self.settings.draft,
            standards: Vec::new(),
            time_limit: self.settings.time_limit,
            pages_only: self.settings.pages_only,
            attach_data: false,
            no_system_fonts: self.settings.no_system_fonts,
            digest: false,
        };
        let rendered = match renderer.render(session, &spec, tf, &options) {
            Ok(r) => r,
            Err(Failure::Input(problems)) => return Err(problems),
            Err(Failure::Tool(e)) => return Err(unplaced("internal-error", format!("{e:#}"))),
        };
        let warnings = warnings(session, &rendered);
        let plan = BuildPlan::single(tf, spec, options, folders.out.clone());
        let target = plan.target(&plan.specs[0]);
        let manifest = (!self.settings.pages_only).then(|| manifest(session, &plan, &rendered, &target));
        let shown = crate::load::display_path(&folders.root, &target);
        Ok(Good { rendered, target, shown, period: tf.period.to_string(), warnings, manifest })
    }
}

/// The warnings to show after a good rebuild: the project's, the report's
/// and typst's about the template, each once.
fn warnings(session: &Session, rendered: &Rendered) -> Problems {
    let mut diagnostics = session.diagnostics.sorted(&session.sources);
    for w in &rendered.warnings {
        if !diagnostics.contains(w) {
            diagnostics.push(w.clone());
        }
    }
    let mut warnings = Problems { sources: session.sources.clone(), diagnostics };
    warnings.absorb(rendered.template_warnings.clone());
    warnings
}

/// The manifest `build` would write for this one report.
fn manifest(session: &Session, plan: &BuildPlan, rendered: &Rendered, target: &Path) -> Manifest {
    let held = crate::pipeline::held_warnings(session, plan.timeframe, &rendered.warnings);
    Manifest::assemble(session, plan, &[Written::of(rendered, target.to_path_buf())], &held)
}

/// A problem with no place in any file.
fn unplaced(code: &'static str, message: String) -> Problems {
    Problems::unplaced(vec![Diagnostic::error(code, message)])
}
