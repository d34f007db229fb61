//! Rendering one report of an open [`Session`] into memory: view data,
//! charts, typst compilation and PDF. Nothing is written here.
//!
//! `build` renders every report and then writes them; `watch` and `serve`
//! keep one [`Renderer`] (and its typst world and caches) alive and render
//! again after each edit.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Located};
use crate::model::report::Scope;
use crate::project::ReportSpec;
use crate::session::{Session, Timeframe};
use crate::typeset::{self, templates, world::BriefWorld};

/// What to render besides the report's own settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this program (`--program`).
    pub program: Option<String>,
    /// Mark every page DRAFT and show missing content in place (`--draft`).
    pub draft: bool,
    /// PDF standards the export checks and declares (`--pdf-standard`).
    pub standards: Vec<typst_pdf::PdfStandard>,
    /// Longest a template may run; `None`: `typeset::default_time_limit` for the report.
    pub time_limit: Option<Duration>,
    /// Skip PDF export (previews only need the pages).
    pub pages_only: bool,
    /// Attach data.json inside the PDF.
    pub attach_data: bool,
    /// Use only the built-in and project fonts, never the machine's
    /// (`--no-system-fonts`; brief.yaml's `fonts: embedded` says the same).
    pub no_system_fonts: bool,
    /// A digest is written (`--digest`): a report in another language then
    /// also gets its view in English, which the digest reads. A report
    /// with a `deliver` block always does.
    pub digest: bool,
}

/// What a build is asked to do, worked out once from the command line and
/// handed to every stage: rendering, the manifest, writing.
#[derive(Debug, Clone)]
pub(crate) struct BuildPlan {
    pub(crate) timeframe: Timeframe,
    /// The reports, in the order of brief.yaml (or of `--report`).
    pub(crate) specs: Vec<ReportSpec>,
    pub(crate) options: Options,
    /// The out folder the period's folder goes into.
    pub(crate) out_dir: PathBuf,
    /// How many reports render at once.
    pub(crate) jobs: usize,
    /// How the build was held and recorded: `--strict`, `--keep-going`, the
    /// `--pdf-standard` names as given.
    pub(crate) strict: bool,
    pub(crate) keep_going: bool,
    pub(crate) pdf_standards: Vec<String>,
    /// Write each report's digest beside its PDF (`--digest`).
    pub(crate) digest: bool,
    /// Write each report's executive summary page as PNG (`--summary-png`).
    pub(crate) summary_png: bool,
}

impl BuildPlan {
    /// A plan for one report with the default options of a manifest (`watch`).
    pub(crate) fn single(timeframe: Timeframe, spec: ReportSpec, options: Options, out_dir: PathBuf) -> BuildPlan {
        BuildPlan {
            timeframe,
            specs: vec![spec],
            options,
            out_dir,
            jobs: 1,
            digest: false,
            summary_png: false,
            strict: false,
            keep_going: false,
            pdf_standards: Vec::new(),
        }
    }

    /// Each split report (`split_by`) as one copy per group of the programs
    /// it covers as of the period (audience and selection applied), in
    /// group order; other reports as they are. Two groups whose names give
    /// the same file name ("EU", "eu") are an error: one PDF would replace
    /// the other.
    pub(crate) fn split(
        specs: Vec<ReportSpec>,
        portfolio: &crate::model::Portfolio,
        timeframe: Timeframe,
    ) -> Result<Vec<ReportSpec>, Diagnostic> {
        let mut out = Vec::with_capacity(specs.len());
        for spec in specs {
            let Some(dim) = spec.split_by.clone() else {
                out.push(spec);
                continue;
            };
            let scope = Scope::new(&spec, timeframe, None);
            let states = crate::model::report::programs(portfolio, &scope);
            let names = crate::model::group::group_names(states.iter().map(|s| &s.now), &dim);
            let mut slugs = std::collections::HashMap::new();
            for name in &names {
                if let Some(first) = slugs.insert(crate::model::group::slug(name), name) {
                    return Err(Diagnostic::error(
                        "invalid-value",
                        format!("report `{}`: the groups `{first}` and `{name}` would write the same file", spec.id),
                    )
                    .at(dim.origin)
                    .hint("spell the group the same way in every program"));
                }
            }
            out.extend(names.iter().map(|name| spec.for_group(name)));
        }
        Ok(out)
    }

    /// Two reports (or two groups of a split one) whose `output` gives the
    /// same file for the period are an error: one PDF would replace the
    /// other. `specs` as [`BuildPlan::split`] returns them.
    pub(crate) fn distinct_outputs(
        specs: &[ReportSpec],
        timeframe: Timeframe,
        program: Option<&str>,
    ) -> Result<(), Diagnostic> {
        let period = timeframe.period.to_string();
        let mut seen: std::collections::HashMap<PathBuf, &ReportSpec> = std::collections::HashMap::new();
        for spec in specs {
            let path = spec.output_path(&period, program);
            let Some(first) = seen.insert(path.clone(), spec) else { continue };
            let name = |s: &ReportSpec| match &s.group {
                Some(group) => format!("`{}` (group `{group}`)", s.id),
                None => format!("`{}`", s.id),
            };
            let mut d = Diagnostic::error(
                "invalid-value",
                format!("reports {} and {} would both write {}", name(first), name(spec), path.display()),
            )
            .hint("give each report its own `output:`, e.g. \"{period}/{report}.pdf\"");
            if let Some(origin) = spec.output_origin.or(spec.origin) {
                d = d.at(origin);
            }
            return Err(d);
        }
        Ok(())
    }

    /// Where a report's PDF goes.
    pub(crate) fn target(&self, spec: &ReportSpec) -> PathBuf {
        self.out_dir.join(spec.output_path(&self.timeframe.period.to_string(), self.options.program.as_deref()))
    }
}

/// The warnings a build is held to (`--strict`) and records in its
/// manifest, each once: the session's, the portfolio's data-quality ones
/// (what `brief check` reports) and those of the reports rendered.
pub(crate) fn held_warnings<'a>(
    session: &Session,
    timeframe: Timeframe,
    reports: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<Diagnostic> {
    let portfolio = crate::model::portfolio::lint(&session.portfolio, timeframe);
    let mut held = crate::diag::Diagnostics::default();
    held.extend(session.diagnostics.iter().cloned());
    held.extend(portfolio);
    held.extend(reports.into_iter().cloned());
    held.into_vec().into_iter().filter(|d| d.severity == crate::diag::Severity::Warning).collect()
}

/// A rendered report, still in memory.
pub struct Rendered {
    pub(crate) spec: ReportSpec,
    /// The report's data; in English when a digest or mail is written from
    /// it (only the PDF speaks the report's language).
    pub(crate) data: crate::view::ReportData,
    /// The data as the template read it.
    pub(crate) json: typst::foundations::Bytes,
    /// Chart files: (virtual path, SVG).
    pub(crate) charts: Vec<(String, Arc<str>)>,
    pub(crate) template: templates::Template,
    /// The laid-out pages; empty once [`Rendered::free_pages`] has run.
    pub document: PagedDocument,
    page_count: usize,
    /// Empty when `pages_only`.
    pub pdf: Vec<u8>,
    /// Data-quality warnings of this report and text no font can draw.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Warnings from typst, located in the template files they name.
    pub(crate) template_warnings: Located,
    /// The fonts typst used for this report, for the manifest.
    pub(crate) fonts: Vec<typeset::fonts::Face>,
    pub(crate) elapsed: Duration,
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
    /// How many pages the report has (also after [`Rendered::free_pages`]).
    pub fn pages(&self) -> usize {
        self.page_count
    }

    /// Gives back the laid-out pages once the PDF is written into memory, so
    /// that a build of many reports (a `split_by` brief per division) does
    /// not hold every report's pages until the last is done.
    fn free_pages(&mut self) {
        self.document = PagedDocument::new(Default::default(), Default::default());
    }
}

/// Why a report could not be rendered.
pub(crate) enum Failure {
    /// The input (data or a project template) is wrong: exit code 1. The
    /// diagnostics come with the template files they point into, which
    /// are not among the session's files.
    Input(Located),
    /// The tool or the system failed: exit code 2.
    Tool(anyhow::Error),
}

/// Renders reports with one typst world, so fonts are read once and
/// typst's caches carry over between reports and rebuilds.
pub struct Renderer {
    world: Arc<BriefWorld>,
    /// Charts of earlier renders, redrawn only when their data changes.
    charts: crate::chartset::ChartCache,
    /// Whether typst's memoized layout results are dropped as soon as the
    /// pages are laid out, before PDF export: only when no other report is
    /// being laid out at the same time (they share the cache) and nothing
    /// comes back for a rebuild (`watch` keeps it).
    drop_cache_before_pdf: bool,
}

impl Renderer {
    /// A renderer with the project's extra fonts (`fonts:` in brief.yaml).
    pub fn new(session: &Session) -> Result<Renderer, String> {
        let extra = match &session.project.fonts_dir {
            Some(dir) => typeset::fonts::read_folder(&session.root, &session.root.join(dir))?,
            None => Vec::new(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        let world = Arc::new(BriefWorld::new(typeset::fonts::Fonts::new(&extra), today));
        Ok(Renderer { world, charts: Default::default(), drop_cache_before_pdf: false })
    }

    pub(crate) fn render(
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
        let scope = Scope::new(spec, tf, options.program.as_deref());
        let load_notes: Vec<Diagnostic> = session.diagnostics.iter().cloned().collect();
        let inputs = crate::view::Inputs {
            load_notes: &load_notes,
            draft: options.draft,
            ..crate::view::Inputs::of(session, &scope)
        };
        let built = crate::view::build(&inputs, &mut self.charts);
        let (data, charts) = (built.data, built.charts);
        let shown = data.programs.len();
        step(&mut phases.view);
        let json = typst::foundations::Bytes::new(serde_json::to_vec(&data).map_err(|e| Failure::Tool(e.into()))?);
        let wants_digest = options.digest || spec.deliver.is_some();
        let data = if spec.locale.code == crate::locale::BASE || !wants_digest {
            data
        } else {
            // The same view in English for the digest, without charts (the
            // digest shows none; drawing them in English would redo them all).
            let english = ReportSpec { locale: Arc::new(crate::locale::Locale::english().clone()), ..spec.clone() };
            let scope = Scope::new(&english, tf, options.program.as_deref());
            let inputs = crate::view::Inputs { scope: &scope, charts: false, ..inputs };
            crate::view::build(&inputs, &mut crate::chartset::ChartCache::default()).data
        };
        step(&mut phases.charts);
        let template = templates::load(&session.root, &session.project.templates_dir, &spec.template.value)
            .map_err(|m| input(typeset::TEMPLATE_ERROR)(vec![m]))?;
        let world = Arc::get_mut(&mut self.world)
            .ok_or_else(|| Failure::Tool(anyhow::anyhow!("the typesetter is still busy with an earlier report")))?;
        world.reset();
        world.set_today(tf.as_of);
        world.fonts().clear_used();
        if !options.no_system_fonts && session.project.system_fonts {
            world.fonts_mut().add_installed_for(&drawn_text(&json, &template, &charts));
        }
        typeset::mount(&self.world, &template, &json, &charts);
        if let Some(world) = Arc::get_mut(&mut self.world) {
            world.set_main(if options.attach_data { typeset::ATTACH_MAIN } else { "/main.typ" });
        }
        step(&mut phases.mount);
        let limit = options.time_limit.unwrap_or_else(|| typeset::default_time_limit(shown));
        let compiled = typeset::compile(Arc::clone(&self.world), &template, limit);
        let compiled = match compiled {
            Ok(c) => c,
            Err(problems) => {
                return Err(match template.origin {
                    templates::Origin::Folder(_) => Failure::Input(problems),
                    templates::Origin::BuiltIn => Failure::Tool(anyhow::anyhow!(
                        "the built-in template `{}` failed:\n{}",
                        template.name,
                        problems.render(crate::diag::Style::default()).concat().trim_end()
                    )),
                });
            }
        };
        let mut warnings = built.warnings;
        warnings.extend(coverage_warnings(&self.world, &json));
        if self.drop_cache_before_pdf {
            // The pages are laid out and PDF export needs none of it: the
            // memory goes to the export instead of adding to it. Counted
            // with typesetting, so the export phase is the export alone.
            typeset::evict_cache(0);
        }
        step(&mut phases.typeset);
        let pdf = if options.pages_only {
            Vec::new()
        } else {
            let settings = typeset::PdfSettings {
                ident: match &spec.group {
                    Some(g) => format!("brief/{}/{}/{}", spec.id, tf.period, crate::model::group::slug(g)),
                    None => format!("brief/{}/{}", spec.id, tf.period),
                },
                timestamp: document_date(tf.as_of).map_err(input("source-date-epoch"))?,
                standards: options.standards.clone(),
            };
            typeset::pdf(&compiled.document, &settings).map_err(input("pdf-export"))?
        };
        step(&mut phases.pdf);
        Ok(Rendered {
            spec: spec.clone(),
            data,
            json,
            charts,
            template,
            page_count: compiled.document.pages().len(),
            document: compiled.document,
            pdf,
            warnings,
            template_warnings: compiled.warnings,
            fonts: self.world.fonts().used().into_iter().cloned().collect(),
            elapsed: started.elapsed(),
            phases,
        })
    }
}

/// Everything that may end up as text on the pages: the data, the template's
/// text files (fixed words, labels) and the chart SVGs.
fn drawn_text(json: &[u8], template: &templates::Template, charts: &[(String, Arc<str>)]) -> String {
    let mut text = String::from_utf8_lossy(json).into_owned();
    for bytes in template.files.values() {
        if let Ok(file) = std::str::from_utf8(bytes) {
            text.push_str(file);
        }
    }
    for (_, svg) in charts {
        text.push_str(svg);
    }
    text
}

/// Input errors without a place in any file, under one code.
fn input(code: &'static str) -> impl Fn(Vec<String>) -> Failure {
    move |messages| {
        Failure::Input(Located::unplaced(messages.into_iter().map(|m| Diagnostic::error(code, m)).collect()))
    }
}

/// Warnings for text that no font can draw, naming program and field.
///
/// Reads the data typst was given (`json`); it is parsed into a tree, to
/// name the fields, only when some character is missing. This runs while
/// typst still holds the laid-out pages, at the build's peak of memory, and
/// a tree of a thousand programs' data added about 100 MB to that peak.
fn coverage_warnings(world: &BriefWorld, json: &[u8]) -> Vec<Diagnostic> {
    let Ok(text) = std::str::from_utf8(json) else { return Vec::new() };
    let missing = typeset::coverage::missing_chars(world.fonts().book(), text);
    if missing.is_empty() {
        return Vec::new();
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else { return Vec::new() };
    typeset::coverage::locate(&value, &missing)
        .into_iter()
        .map(|u| {
            let whose = u.program.as_ref().map(|p| format!(" of program `{p}`")).unwrap_or_default();
            let d = Diagnostic::warning(
                "no-font",
                format!(
                    "no font can draw \"{}\" in the field {}{whose}; it would print as empty boxes",
                    u.chars, u.field
                ),
            )
            .hint(install_hint(&u.chars));
            match u.program {
                Some(p) => d.in_program(&p),
                None => d,
            }
        })
        .collect()
}

/// What to install for characters no font draws: the Debian packages of
/// their scripts where known, or a folder of fonts named in brief.yaml.
fn install_hint(chars: &str) -> String {
    let packages: std::collections::BTreeSet<&str> =
        chars.chars().filter_map(|c| typeset::scripts::of(c).package).collect();
    let folder = "or put a font that covers it into a folder and name it in brief.yaml as `fonts: <folder>`";
    if packages.is_empty() {
        return format!("install a font that covers this script, {folder}");
    }
    let list: Vec<&str> = packages.into_iter().collect();
    format!("install a font for it (on Debian and Ubuntu: apt install {}), {folder}", list.join(" "))
}

/// The PDF's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the as-of date.
pub(crate) fn document_date(as_of: chrono::NaiveDate) -> Result<chrono::NaiveDateTime, Vec<String>> {
    match crate::clock::source_date_epoch() {
        Some(epoch) => epoch.map_err(|e| vec![e]),
        None => Ok(as_of.and_hms_opt(0, 0, 0).expect("midnight exists")),
    }
}

/// How many trims of typst's shared cache an unused entry survives while
/// reports render in parallel. Emptying it (0) took the division briefs of
/// a thousand programs to 950–987 MiB instead of 1,025–1,072 MiB but cost
/// more CPU (15.1–16.4 s against 15.2–15.5 s): the report another thread is
/// laying out redoes what it had. Trimming alone (every report's pages
/// kept) gave 1.4 GiB; neither, 2.9 GiB.
const PARALLEL_CACHE_AGE: usize = 2;

/// Renders every report of the plan, the results in the order of its specs.
/// With more than one job, reports render at once on that many threads, each
/// with its own typst world (typst's cache is shared), so a build takes about
/// as long as its longest report rather than the sum. Rendered one after
/// the other, typst's cache is emptied between reports.
///
/// While more reports are still to render, each finished report gives back
/// its laid-out pages (unless `--summary-png` needs them) and typst's cache
/// is trimmed: 30 division briefs of a thousand-program portfolio took 2.9
/// GiB holding them all, and 1.0 GiB this way (docs/PERFORMANCE.md).
pub(crate) fn render_all(
    session: &Session,
    plan: &BuildPlan,
    mut first: Renderer,
    bar: Option<&indicatif::ProgressBar>,
) -> Vec<Result<Rendered, Failure>> {
    let render = |renderer: &mut Renderer, spec: &ReportSpec, more_to_come: bool| {
        if let Some(bar) = bar {
            bar.set_message(format!("rendering {}", spec.id));
        }
        let mut result = renderer.render(session, spec, plan.timeframe, &plan.options);
        if let Some(bar) = bar {
            bar.inc(1);
        }
        // Not the last ones: the build ends right after them, and freeing
        // a thousand-program brief's pages takes half a second for nothing.
        if more_to_come
            && !plan.summary_png
            && let Ok(rendered) = &mut result
        {
            rendered.free_pages();
        }
        result
    };
    if plan.jobs <= 1 {
        // One after the other, each report starts with an empty cache: the
        // memory the last one used is reused, not added to. Each drops the
        // cache of its layout before its PDF export, whose memory then comes
        // out of it (4 % less peak for a thousand-program brief, in about the
        // same time); between reports, what the export memoized goes too.
        let last = plan.specs.len().saturating_sub(1);
        first.drop_cache_before_pdf = true;
        return plan
            .specs
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let result = render(&mut first, spec, i < last);
                if i < last {
                    typeset::evict_cache(0);
                }
                result
            })
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<Result<Rendered, Failure>>>> =
        std::sync::Mutex::new(plan.specs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        let work = |mut renderer: Renderer| {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(spec) = plan.specs.get(i) else { break };
                let more_to_come = i + plan.jobs < plan.specs.len();
                let result = render(&mut renderer, spec, more_to_come);
                results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(result);
                if more_to_come {
                    // The cache is shared with the reports other threads are
                    // laying out: keep what was used since the last two
                    // trims (their passes reuse it), drop the rest.
                    typeset::evict_cache(PARALLEL_CACHE_AGE);
                }
            }
        };
        for _ in 1..plan.jobs {
            // The first renderer has read the project's fonts already; if
            // another cannot, the threads that exist do its share.
            if let Ok(renderer) = Renderer::new(session) {
                scope.spawn(move || work(renderer));
            }
        }
        work(first);
    });
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Failure::Tool(anyhow::anyhow!("a report was not rendered")))))
        .collect()
}
