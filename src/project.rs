//! The project file `brief.yaml`: portfolio settings and the reports to build.
//!
//! Every setting has a default (FORMAT.md section 4), so a folder holding
//! only `programs/` is a project too.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Origin, SourceId, Sources};
use crate::load::yaml::{Entry, Node};
use crate::locale::{self, Locale, Override};
use crate::model::detail::Detail;
use crate::model::group::{self, Dimension};
use crate::model::read::Reader;
use crate::model::schema;
use crate::model::types::Sp;

/// The project file names, in the order they are looked for.
pub(crate) const PROJECT_FILES: [&str; 2] = ["brief.yaml", "brief.yml"];
/// The report assumed when brief.yaml names none.
pub(crate) const DEFAULT_REPORT: &str = "monthly-brief";
/// The default output path pattern, under the out folder.
pub(crate) const DEFAULT_OUTPUT: &str = "{period}/{report}.pdf";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Audience {
    Internal,
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Paper {
    #[serde(rename = "a4")]
    A4,
    #[serde(rename = "us-letter")]
    UsLetter,
}

/// Which programs a report covers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Select {
    pub(crate) programs: Vec<Sp<String>>,
    pub(crate) tags: Vec<Sp<String>>,
    pub(crate) regions: Vec<Sp<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct ReportSpec {
    pub(crate) id: String,
    pub(crate) origin: Option<Origin>,
    pub(crate) template: Sp<String>,
    pub(crate) title: String,
    pub(crate) audience: Audience,
    pub(crate) classification: Option<String>,
    /// What the brief is for and who reads it, in the reader's words: the
    /// opening of an external brief (`purpose`).
    pub(crate) purpose: Option<String>,
    /// Who a reader writes to about the brief (`contact`): a name and an
    /// address, as written.
    pub(crate) contact: Option<String>,
    pub(crate) select: Select,
    pub(crate) output: String,
    /// Where `output` is written, when it is.
    pub(crate) output_origin: Option<Origin>,
    pub(crate) paper: Paper,
    /// `split_by`: one PDF per group of this dimension.
    pub(crate) split_by: Option<Sp<Dimension>>,
    /// `group_by`: the brief sectioned and ordered by this dimension.
    pub(crate) group_by: Option<Sp<Dimension>>,
    /// `detail`: which programs get a full page; the others get a row.
    pub(crate) detail: Detail,
    /// The group this copy of the report holds (set when a split report is
    /// planned: one spec per group).
    pub(crate) group: Option<String>,
    /// Who the brief is e-mailed to (`brief build --send`), when set.
    pub(crate) deliver: Option<crate::deliver::Delivery>,
    /// `locale`: the language of the PDF's fixed words, dates and numbers,
    /// with the project's `labels:` for it applied.
    pub(crate) locale: Arc<Locale>,
}

#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub(crate) source: Option<SourceId>,
    pub(crate) title: String,
    pub(crate) organization: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) programs_dir: PathBuf,
    pub(crate) templates_dir: PathBuf,
    pub(crate) out_dir: PathBuf,
    pub(crate) fonts_dir: Option<PathBuf>,
    /// Whether installed fonts may draw text the others cannot (`fonts:
    /// embedded` says no).
    pub(crate) system_fonts: bool,
    /// The project's own definitions (`definitions:`), in the order
    /// written: a status key (green, amber, red, unrated, complete, paused)
    /// replaces that status's meaning, any other term replaces the built-in
    /// term of that name or is added after them. A portfolio that rates on
    /// another scale says so here.
    pub(crate) definitions: Vec<(String, String)>,
    /// The project's words for the built-in templates (`labels:`), by locale.
    pub(crate) labels: BTreeMap<String, Vec<Override>>,
    /// The catalogue of each language the reports use, resolved.
    pub(crate) locales: BTreeMap<String, Arc<Locale>>,
    pub(crate) reports: Vec<ReportSpec>,
}

impl Project {
    fn defaults() -> Self {
        Project {
            source: None,
            title: "Program Portfolio".into(),
            organization: None,
            author: None,
            programs_dir: "programs".into(),
            templates_dir: "report-templates".into(),
            out_dir: "out".into(),
            fonts_dir: None,
            system_fonts: true,
            definitions: Vec::new(),
            labels: BTreeMap::new(),
            locales: BTreeMap::new(),
            reports: Vec::new(),
        }
    }

    /// Reads the catalogue of `code`: the project's own files for it (only
    /// for the languages in use: reading all nine on every `watch` rebuild
    /// cost more than the rest of opening the sample), then `labels:`.
    pub(crate) fn resolve_locale(
        &mut self,
        code: &str,
        root: &Path,
        sources: &mut Sources,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<Locale> {
        if let Some(l) = self.locales.get(code) {
            return l.clone();
        }
        let folder = root.join(&self.templates_dir).join(locale::FOLDER);
        let mut l = Locale::for_project(code, &folder, root, sources, diags);
        l.apply_overrides(self.labels.get(code).map_or(&[][..], Vec::as_slice), diags);
        let l = Arc::new(l);
        self.locales.insert(code.to_string(), l.clone());
        l
    }

    /// The catalogue of `code` (`--locale`): as resolved when the session
    /// was opened (`Session::with_locale`), else built-in plus `labels:`.
    pub(crate) fn locale(&self, code: &str) -> Arc<Locale> {
        if let Some(l) = self.locales.get(code) {
            return l.clone();
        }
        let mut l = Locale::builtin(code);
        if let Some(overrides) = self.labels.get(code) {
            l.apply_overrides(overrides, &mut Vec::new());
        }
        Arc::new(l)
    }

    pub(crate) fn report(&self, id: &str) -> Option<&ReportSpec> {
        self.reports.iter().find(|r| r.id == id)
    }
}

/// The project root: the nearest folder, from `start` upwards, that holds
/// brief.yaml; `start` itself when there is none.
pub(crate) fn find_root(start: &Path) -> PathBuf {
    let start = crate::load::canonical(start);
    start.ancestors().find(|dir| has_project_file(dir)).map_or(start.clone(), Path::to_path_buf)
}

/// Whether `dir` holds a project file.
pub(crate) fn has_project_file(dir: &Path) -> bool {
    PROJECT_FILES.iter().any(|f| dir.join(f).is_file())
}

/// The error for a folder that is no project: no brief.yaml in it or above
/// it, and no programs folder to work on without one.
pub(crate) fn not_a_project() -> Diagnostic {
    Diagnostic::error(
        "no-project",
        "no brief.yaml was found here or in any parent folder, and there is no programs folder",
    )
    .hint("run `brief init` to start a project here, or run brief from inside a project folder")
}

/// Reads brief.yaml under `root` (if any) into a [`Project`].
pub(crate) fn load(root: &Path, sources: &mut Sources, diags: &mut Vec<Diagnostic>) -> Project {
    let mut project = Project::defaults();
    let file = PROJECT_FILES.iter().map(|f| root.join(f)).find(|p| p.is_file());
    if let Some(path) = file {
        let display = crate::load::display_path(root, &path);
        let (id, node) = crate::load::read_yaml(&path, display, sources);
        project.source = Some(id);
        match node {
            Ok(node) => read_project(&mut project, &node, &mut Reader::new(diags, None), root),
            Err(d) => diags.push(d),
        }
    }
    if project.reports.is_empty() {
        project.reports.push(default_report(DEFAULT_REPORT));
    }
    resolve_locales(&mut project, root, sources, diags);
    project
}

/// The settings of a report that brief.yaml does not describe.
pub(crate) fn default_report(id: &str) -> ReportSpec {
    ReportSpec {
        id: id.to_string(),
        origin: None,
        template: Sp::new(id.to_string(), Origin::file_start(0)),
        title: "Monthly Leadership Brief".into(),
        audience: Audience::Internal,
        classification: None,
        purpose: None,
        contact: None,
        select: Select::default(),
        output: DEFAULT_OUTPUT.into(),
        output_origin: None,
        paper: Paper::A4,
        deliver: None,
        locale: Arc::new(Locale::english().clone()),
        split_by: None,
        group_by: None,
        detail: Detail::default(),
        group: None,
    }
}

/// The output of a split report when brief.yaml gives none.
pub(crate) const DEFAULT_SPLIT_OUTPUT: &str = "{period}/{report}-{group}.pdf";

fn read_project(p: &mut Project, node: &Node, r: &mut Reader<'_>, root: &Path) {
    for e in r.fields(node, "brief.yaml", &[schema::PROJECT]) {
        match e.key.as_str() {
            "title" => p.title = r.text(e).map_or(p.title.clone(), |t| t.value),
            "organization" => p.organization = r.text(e).map(|t| t.value),
            "author" => p.author = r.text(e).map(|t| t.value),
            "programs" => p.programs_dir = folder(r, e).unwrap_or(p.programs_dir.clone()),
            "templates" => p.templates_dir = folder(r, e).unwrap_or(p.templates_dir.clone()),
            "out" => p.out_dir = folder(r, e).unwrap_or(p.out_dir.clone()),
            "fonts" => fonts(p, r, e, root),
            "definitions" => p.definitions = definitions(r, e),
            "labels" => p.labels = labels(r, e),
            "reports" => p.reports = reports(r, e),
            _ => {}
        }
    }
}

/// Each report's catalogue, once brief.yaml is read: the project's own
/// catalogue files where it has them, then its `labels:`. Problems are
/// reported once per language.
fn resolve_locales(p: &mut Project, root: &Path, sources: &mut Sources, diags: &mut Vec<Diagnostic>) {
    let mut codes: Vec<String> = p.reports.iter().map(|s| s.locale.code.clone()).collect();
    codes.extend(p.labels.keys().cloned());
    codes.sort();
    codes.dedup();
    for code in codes {
        p.resolve_locale(&code, root, sources, diags);
    }
    for spec in &mut p.reports {
        if let Some(l) = p.locales.get(&spec.locale.code) {
            spec.locale = l.clone();
        }
    }
}

/// `labels:`: locale to label key to text; an unknown locale is reported
/// with the closest one.
fn labels(r: &mut Reader<'_>, e: &Entry) -> BTreeMap<String, Vec<Override>> {
    let mut out = BTreeMap::new();
    let Some(languages) = e.value.as_map() else {
        if !e.value.is_null() {
            r.report(
                Diagnostic::error(
                    "invalid-value",
                    format!("labels must map a locale to its words (found {})", e.value.kind_name()),
                )
                .at(e.value.origin)
                .hint("e.g. `labels: {en: {asks-title: \"Decisions\"}}`"),
            );
        }
        return out;
    };
    for lang in languages {
        let Some(code) = locale_code(r, &lang.key, lang.key_origin) else { continue };
        let Some(items) = lang.value.as_map() else {
            r.report(
                Diagnostic::error(
                    "invalid-value",
                    format!("labels.{} must map label keys to words (found {})", lang.key, lang.value.kind_name()),
                )
                .at(lang.value.origin),
            );
            continue;
        };
        let overrides: &mut Vec<Override> = out.entry(code.to_string()).or_default();
        for item in items {
            match locale::text_of(&item.value) {
                Some(text) => overrides.push(Override {
                    key: item.key.to_string(),
                    key_origin: item.key_origin,
                    text,
                    origin: item.value.origin,
                }),
                None => r.report(
                    Diagnostic::error(
                        "invalid-value",
                        format!("label `{}` must be text or {{one: ..., other: ...}}", item.key),
                    )
                    .at(item.value.origin),
                ),
            }
        }
    }
    out
}

/// A locale as written, if brief has a catalogue for it; reported with the
/// closest one if not.
fn locale_code(r: &mut Reader<'_>, written: &str, origin: Origin) -> Option<&'static str> {
    match locale::known_code(written) {
        Ok(code) => Some(code),
        Err(meant) => {
            r.report(locale::unknown(written, meant).at(origin));
            None
        }
    }
}

/// The keyword of `fonts:` that keeps to the built-in fonts.
pub(crate) const EMBEDDED_FONTS: &str = "embedded";

/// `fonts:`: `embedded` (the built-in fonts only, never the machine's), or
/// a folder of extra fonts. A folder that happens to be called `embedded`
/// is `./embedded`; writing the bare word beside such a folder warns.
fn fonts(p: &mut Project, r: &mut Reader<'_>, e: &Entry, root: &Path) {
    let is_keyword = matches!(&e.value.value, crate::load::yaml::Value::Scalar(s) if s.text == EMBEDDED_FONTS);
    if !is_keyword {
        p.fonts_dir = folder(r, e);
        return;
    }
    p.system_fonts = false;
    if root.join(EMBEDDED_FONTS).is_dir() {
        r.report(
            Diagnostic::warning_of("ambiguous-value", crate::locale::Phrase::new("quality.embedded-fonts"))
                .at(e.value.origin)
                .hint("write `fonts: ./embedded` to use that folder's fonts"),
        );
    }
}

/// A folder setting: relative to the project root and inside it.
fn folder(r: &mut Reader<'_>, e: &Entry) -> Option<PathBuf> {
    let text = r.text(e)?;
    let path = PathBuf::from(&text.value);
    let escapes =
        path.is_absolute() || path.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    if escapes || text.value.is_empty() {
        r.report(
            Diagnostic::error(
                "outside-root",
                format!("{} must be a folder inside the project (found {})", e.key, crate::diag::found(&text.value)),
            )
            .at(text.origin)
            .hint("write a path relative to the folder of brief.yaml, without `..`"),
        );
        return None;
    }
    Some(path)
}

fn reports(r: &mut Reader<'_>, e: &Entry) -> Vec<ReportSpec> {
    let Some(entries) = e.value.as_map() else {
        if !e.value.is_null() {
            r.report(
                Diagnostic::error(
                    "invalid-value",
                    format!("reports must map report ids to settings (found {})", e.value.kind_name()),
                )
                .at(e.value.origin),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for re in entries {
        if !crate::load::walk::is_slug(&re.key) {
            r.report(
                Diagnostic::error(
                    "invalid-id",
                    format!(
                        "report id `{}` must be lowercase letters, digits and dashes",
                        crate::diag::printable(&re.key)
                    ),
                )
                .at(Origin { len: re.key.chars().count().max(1) as u32, ..re.key_origin }),
            );
            continue;
        }
        out.push(report(r, re));
    }
    out
}

/// `definitions:`: term to text, each value a text, reported where it is
/// not one.
fn definitions(r: &mut Reader<'_>, e: &Entry) -> Vec<(String, String)> {
    let Some(entries) = e.value.as_map() else {
        r.report(
            Diagnostic::error(
                "invalid-value",
                format!("definitions must map a term to its meaning (found {})", e.value.kind_name()),
            )
            .at(e.value.origin)
            .hint("e.g. `definitions: {amber: \"Forecast to miss a tolerance by up to 10%.\"}`"),
        );
        return Vec::new();
    };
    entries.iter().filter_map(|d| r.text(d).map(|t| (d.key.to_string(), t.value))).collect()
}

fn report(r: &mut Reader<'_>, re: &Entry) -> ReportSpec {
    let mut spec = default_report(&re.key);
    spec.origin = Some(re.key_origin);
    spec.template = Sp::new(re.key.to_string(), re.key_origin);
    spec.title = title_case(&re.key);
    let mut output: Option<Sp<String>> = None;
    for e in r.fields(&re.value, "a report", &[schema::REPORT]) {
        match e.key.as_str() {
            "template" => spec.template = r.text(e).unwrap_or(spec.template),
            "title" => spec.title = r.text(e).map_or(spec.title, |t| t.value),
            "audience" => {
                let parse = |t: &str| match t {
                    "internal" => Some(Audience::Internal),
                    "external" => Some(Audience::External),
                    _ => None,
                };
                spec.audience = r
                    .keyword("audience", &e.value, &["internal", "external"], parse)
                    .map_or(Audience::Internal, |a| a.value);
            }
            "classification" => spec.classification = r.text(e).map(|t| t.value),
            "purpose" => spec.purpose = r.text(e).map(|t| t.value),
            "contact" => spec.contact = r.text(e).map(|t| t.value),
            "select" => spec.select = select(r, e),
            "output" => output = output_pattern(r, e),
            "deliver" => spec.deliver = deliver(r, e),
            "split_by" => spec.split_by = dimension(r, e),
            "group_by" => spec.group_by = dimension(r, e),
            "detail" => spec.detail = detail(r, e),
            "locale" => {
                if let Some(code) = r.text(e).and_then(|t| locale_code(r, &t.value, t.origin)) {
                    spec.locale = Arc::new(Locale::builtin(code));
                }
            }
            "paper" => {
                let parse = |t: &str| match t {
                    "a4" => Some(Paper::A4),
                    "us-letter" => Some(Paper::UsLetter),
                    _ => None,
                };
                spec.paper = r.keyword("paper", &e.value, &["a4", "us-letter"], parse).map_or(Paper::A4, |p| p.value);
            }
            _ => {}
        }
    }
    spec.output_origin = output.as_ref().map(|o| o.origin);
    spec.output = split_output(r, &spec, output);
    spec
}

/// A report's `deliver` block; every problem is located at its value.
fn deliver(r: &mut Reader<'_>, e: &Entry) -> Option<crate::deliver::Delivery> {
    let (mut to, mut cc, mut subject) = (Vec::new(), Vec::new(), None);
    for f in r.fields(&e.value, "deliver", &[schema::DELIVER]) {
        match f.key.as_str() {
            "to" => to = r.texts(f),
            "cc" => cc = r.texts(f),
            "subject" => subject = r.text(f),
            _ => {}
        }
    }
    let texts = |v: &[Sp<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    match crate::deliver::Delivery::parse(&texts(&to), &texts(&cc), subject.as_ref().map(|s| s.value.as_str())) {
        Ok(d) => Some(d),
        Err(errors) => {
            for err in errors {
                // "deliver.to[1]" -> the second address; "deliver.to" -> the block.
                let item = |list: &[Sp<String>], key: &str| {
                    let i: usize = err.key.strip_prefix(key)?.strip_prefix('[')?.strip_suffix(']')?.parse().ok()?;
                    list.get(i).map(|s| s.origin)
                };
                let origin = item(&to, "deliver.to")
                    .or_else(|| item(&cc, "deliver.cc"))
                    .or_else(|| subject.as_ref().filter(|_| err.key == "deliver.subject").map(|s| s.origin))
                    .unwrap_or(e.value.origin);
                r.report(Diagnostic::error("invalid-value", format!("{}: {}", err.key, err.message)).at(origin));
            }
            None
        }
    }
}

/// Reads `split_by` or `group_by`: a dimension, with a hint for a close spelling.
fn dimension(r: &mut Reader<'_>, e: &Entry) -> Option<Sp<Dimension>> {
    let text = r.text(e)?;
    match Dimension::parse(text.value.trim()) {
        Ok(dim) => Some(Sp::new(dim, text.origin)),
        Err((why, meant)) => {
            let mut d = Diagnostic::error("invalid-value", format!("{} {why}", e.key)).at(text.origin);
            if let Some(m) = meant {
                d = d.hint(format!("did you mean `{m}`?"));
            }
            r.report(d);
            None
        }
    }
}

/// Reads `detail`: `attention`, `all` or `none`, or a list of rules; every
/// bad word is located, and the default (`attention`) stands in for it.
fn detail(r: &mut Reader<'_>, e: &Entry) -> Detail {
    use crate::model::detail::{LEVELS, RULES, Rule};
    if !matches!(e.value.value, crate::load::yaml::Value::Seq(_)) {
        return r.keyword("detail", &e.value, LEVELS, Detail::level).map_or_else(Detail::default, |d| d.value);
    }
    let mut rules: Vec<Rule> = r
        .list(e, "rules")
        .iter()
        .filter_map(|n| r.keyword("each rule of detail", n, RULES, Rule::parse).map(|s| s.value))
        .collect();
    rules.sort();
    rules.dedup();
    Detail::Rules(rules)
}

/// The output pattern of a report: a split report's must hold `{group}`
/// (each group its own file), and defaults to [`DEFAULT_SPLIT_OUTPUT`].
fn split_output(r: &mut Reader<'_>, spec: &ReportSpec, output: Option<Sp<String>>) -> String {
    match (&spec.split_by, output) {
        (Some(_), None) => DEFAULT_SPLIT_OUTPUT.into(),
        (Some(_), Some(out)) if !out.value.contains("{group}") => {
            r.report(
                Diagnostic::error("invalid-value", "output must contain {group} when split_by is set")
                    .at(out.origin)
                    .hint("each group gets its own file, e.g. \"{period}/{report}-{group}.pdf\""),
            );
            out.value
        }
        (_, Some(out)) => out.value,
        (None, None) => spec.output.clone(),
    }
}

fn select(r: &mut Reader<'_>, e: &Entry) -> Select {
    let mut s = Select::default();
    for f in r.fields(&e.value, "select", &[schema::SELECT]) {
        match f.key.as_str() {
            "programs" => s.programs = r.texts(f),
            "tags" => s.tags = r.texts(f),
            "regions" => s.regions = r.texts(f),
            _ => {}
        }
    }
    s
}

/// Output patterns stay inside the out folder and end in `.pdf`.
fn output_pattern(r: &mut Reader<'_>, e: &Entry) -> Option<Sp<String>> {
    let text = r.text(e)?;
    let path = Path::new(&text.value);
    let bad = path.is_absolute() || path.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    if bad || !text.value.ends_with(".pdf") {
        r.report(
            Diagnostic::error(
                "invalid-value",
                format!("output must be a relative path ending in .pdf (found {})", crate::diag::found(&text.value)),
            )
            .at(text.origin)
            .hint("e.g. \"{period}/{report}.pdf\"; the path is inside the out folder"),
        );
        return None;
    }
    if let Some(bad) = unknown_placeholder(&text.value) {
        r.report(
            Diagnostic::error("invalid-value", format!("output uses the unknown placeholder {{{bad}}}"))
                .at(text.origin)
                .hint("placeholders are {period}, {report}, {audience}, {program} and {group}"),
        );
        return None;
    }
    Some(text)
}

fn unknown_placeholder(pattern: &str) -> Option<String> {
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        if !matches!(name, "period" | "report" | "audience" | "program" | "group") {
            return Some(name.to_string());
        }
        rest = &rest[close + 1..];
    }
    None
}

/// "partner-brief" -> "Partner Brief": a readable title when none is given.
pub(crate) fn title_case(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl ReportSpec {
    /// The output path under the out folder for a period (and the one
    /// program of a `--program` build).
    pub(crate) fn output_path(&self, period: &str, program: Option<&str>) -> PathBuf {
        let audience = match self.audience {
            Audience::Internal => "internal",
            Audience::External => "external",
        };
        PathBuf::from(
            self.output
                .replace("{period}", period)
                .replace("{report}", &self.id)
                .replace("{audience}", audience)
                .replace("{program}", program.unwrap_or("all"))
                .replace("{group}", &self.group.as_deref().map_or_else(|| "all".to_string(), group::slug)),
        )
    }

    /// The copy of a split report that holds one group: its programs only,
    /// the group in the title ("Monthly Leadership Brief — EMEA").
    pub(crate) fn for_group(&self, name: &str) -> ReportSpec {
        let mut spec = self.clone();
        spec.title = format!("{} — {name}", self.title);
        spec.group = Some(name.to_string());
        spec
    }
}
