//! Opening a project: brief.yaml, every program file, the merged portfolio,
//! and the checks that span them (references from brief.yaml).
//!
//! Every command starts here; `check` stops after it.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Origin, Sources, did_you_mean};
use crate::model::Portfolio;
use crate::model::period::{Period, parse_date};
use crate::project::{self, Project, ReportSpec};

/// A loaded, merged and validated project.
pub struct Session {
    pub(crate) root: PathBuf,
    pub(crate) sources: Sources,
    pub(crate) project: Project,
    pub(crate) portfolio: Portfolio,
    /// Input errors and warnings found while loading (not the data-quality lint).
    pub(crate) diagnostics: Diagnostics,
}

impl Session {
    /// Finds the project from `start` and reads, merges and validates all of it.
    pub fn open(start: &Path) -> Session {
        Session::open_with(start, None)
    }

    /// [`Session::open`], parsing again only the program files that changed
    /// since the cache last saw them (`watch` and `serve` keep one).
    pub fn open_cached(start: &Path, cache: &mut crate::load::ParseCache) -> Session {
        Session::open_with(start, Some(cache))
    }

    fn open_with(start: &Path, cache: Option<&mut crate::load::ParseCache>) -> Session {
        let root = project::find_root(start);
        let mut sources = Sources::default();
        let mut diags = Vec::new();
        let project = project::load(&root, &mut sources, &mut diags);
        diags.extend(crate::model::placeholders::check_project(&project, &sources));
        let loaded = match cache {
            // A one-off command keeps nothing: no copies of the parsed files.
            None => crate::load::load_programs(&root, &project.programs_dir, &mut sources),
            Some(cache) => crate::load::load_programs_cached(&root, &project.programs_dir, &mut sources, cache),
        };
        diags.extend(loaded.diagnostics);
        let portfolio = Portfolio::build(&loaded.programs, &mut diags);
        diags.extend(check_references(&project, &portfolio, &root));
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(diags);
        Session { root, sources, project, portfolio, diagnostics }
    }

    /// The session with the catalogue of a `--locale` read too: the
    /// project's own file for it, its problems among the session's.
    pub(crate) fn with_locale(mut self, written: Option<&str>) -> Session {
        if let Some(code) = written.and_then(|w| crate::locale::known_code(w).ok()) {
            let mut diags = Vec::new();
            self.project.resolve_locale(code, &self.root, &mut self.sources, &mut diags);
            self.diagnostics.extend(diags);
        }
        self
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// The report of brief.yaml with this id, or the one diagnostic every
    /// command gives for an id it does not know.
    pub(crate) fn report(&self, id: &str) -> Result<&ReportSpec, Diagnostic> {
        self.project.report(id).ok_or_else(|| unknown_report(&self.project, id))
    }

    /// The report named, or the first of brief.yaml when none is.
    pub(crate) fn report_or_first(&self, id: Option<&str>) -> Result<&ReportSpec, Diagnostic> {
        match id {
            Some(id) => self.report(id),
            // brief.yaml always has a report: the default one when it names none.
            None => self.project.reports.first().ok_or_else(|| unknown_report(&self.project, "")),
        }
    }
}

/// The code of a report id that brief.yaml does not have.
pub(crate) const UNKNOWN_REPORT: &str = "unknown-report";

/// `unknown-report`: with the closest id, or the list of reports.
fn unknown_report(project: &Project, id: &str) -> Diagnostic {
    let known: Vec<&str> = project.reports.iter().map(|r| r.id.as_str()).collect();
    let d = Diagnostic::error(UNKNOWN_REPORT, format!("brief.yaml has no report `{}`", crate::diag::printable(id)));
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!("reports: {}", known.join(", "))),
    }
}

/// References from brief.yaml to programs, tags and templates must exist.
fn check_references(project: &Project, portfolio: &Portfolio, root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: Vec<&str> = portfolio.programs.iter().map(|p| p.id.as_str()).collect();
    let mut tags = Texts::default();
    let mut regions = Texts::default();
    for h in &portfolio.programs {
        for period in std::iter::once(None).chain(h.snapshots.iter().map(|(p, _)| Some(*p))) {
            let node = period.map_or(&h.base, |p| h.state_at(p));
            collect_texts(node, "tags", &mut tags);
            collect_texts(node, "regions", &mut regions);
        }
    }
    let (tags, regions) = (tags.list, regions.list);
    let templates = crate::typeset::templates::available(root, &project.templates_dir);
    for report in &project.reports {
        let template = &report.template;
        if !templates.contains(&template.value) {
            let mut d = Diagnostic::error(
                "unknown-template",
                format!("report `{}` uses the template `{}`, which does not exist", report.id, template.value),
            )
            .at_opt(report.origin.map(|_| template.origin));
            d = match did_you_mean(&template.value, templates.iter().map(String::as_str)) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("available templates: {}", templates.join(", "))),
            };
            out.push(d);
        }
        let s = &report.select;
        unknown(&mut out, "program id", &s.programs, &ids);
        unknown(&mut out, "tag", &s.tags, &tags.iter().map(String::as_str).collect::<Vec<_>>());
        unknown(&mut out, "region", &s.regions, &regions.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

fn unknown(out: &mut Vec<Diagnostic>, what: &str, wanted: &[crate::model::types::Sp<String>], known: &[&str]) {
    for w in wanted {
        if known.contains(&w.value.as_str()) {
            continue;
        }
        let origin = Origin { len: w.value.chars().count().max(1) as u32, ..w.origin };
        let mut d = Diagnostic::error(
            "unknown-reference",
            format!("the report selects the {what} `{}`, which no program has", crate::diag::printable(&w.value)),
        )
        .at(origin);
        if let Some(s) = did_you_mean(&w.value, known.iter().copied()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        out.push(d);
    }
}

/// Distinct texts in the order first seen.
#[derive(Default)]
struct Texts {
    list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

fn collect_texts(node: &crate::load::yaml::Node, key: &str, into: &mut Texts) {
    if let Some(crate::load::yaml::Value::Seq(items)) = node.get(key).map(|n| &n.value) {
        for i in items {
            if let Some(s) = i.as_scalar()
                && into.seen.insert(s.text.to_string())
            {
                into.list.push(s.text.to_string());
            }
        }
    }
}

pub(crate) use crate::model::period::Timeframe;

/// Resolves `--period`, `--since` and `--as-of` against the data.
pub(crate) fn timeframe(args: &crate::cli::PeriodArgs, portfolio: &Portfolio) -> Result<Timeframe, Diagnostic> {
    let flag = |name: &str, text: &str, why: String| {
        Diagnostic::error("invalid-option", format!("--{name} {}: {why}", crate::diag::printable(text)))
    };
    let today = crate::clock::today().map_err(|e| Diagnostic::error("invalid-option", e))?;
    let period = match &args.period {
        Some(text) => {
            let period = Period::parse(text).map_err(|e| flag("period", text, e.0))?;
            reported(portfolio, period).map_err(|why| {
                flag("period", text, why)
                    .hint(format!("build a period the data has, or add the updates for {period} first"))
            })?;
            period
        }
        None => default_period(portfolio, Period::of(today))?,
    };
    let previous = match &args.since {
        Some(text) => {
            let since = Period::parse(text).map_err(|e| flag("since", text, e.0))?;
            if since >= period {
                return Err(flag("since", text, format!("must be before the period {period}")));
            }
            Some(since)
        }
        None => portfolio.previous_period(period),
    };
    let as_of = match &args.as_of {
        Some(text) => {
            let d = parse_date(text).map_err(|e| flag("as-of", text, e.0))?;
            if d < period.first_day() {
                return Err(flag("as-of", text, format!("must not be before the period {period} starts")));
            }
            d
        }
        // The data is as of the period's end, or today when that has not
        // come yet (an ask due on the 15th is not overdue on the 1st);
        // a period not started yet is as of its first day.
        None => period.last_day().min(today).max(period.first_day()),
    };
    Ok(Timeframe { period, previous, as_of })
}

/// The latest period that some program has an update for and that has
/// started: the default period is never in the future.
fn default_period(portfolio: &Portfolio, current: Period) -> Result<Period, Diagnostic> {
    let Some(latest) = portfolio.latest_period() else {
        return Err(Diagnostic::error(
            "no-updates",
            "no program has a monthly update yet, so there is no period to report on",
        )
        .hint(format!("add an update such as programs/<program>/{current}.yaml, or pass --period YYYY-MM")));
    };
    portfolio.periods.iter().rev().copied().find(|p| *p <= current).ok_or_else(|| {
        Diagnostic::error(
            "future-period",
            format!(
                "every update is for a month that has not started yet (the first is {}, this month is {current})",
                portfolio.periods[0]
            ),
        )
        .hint(format!(
            "pass --period {latest} to build it all the same, or rename the update to the month it reports on"
        ))
    })
}

/// A period is reported on only when some program has an update for it.
fn reported(portfolio: &Portfolio, period: Period) -> Result<(), String> {
    if portfolio.periods.contains(&period) {
        return Ok(());
    }
    let range = match (portfolio.periods.first(), portfolio.periods.last()) {
        (Some(first), Some(last)) if first == last => format!("the only period with updates is {first}"),
        (Some(first), Some(last)) => format!("the updates run from {first} to {last}"),
        _ => "no program has an update yet".to_string(),
    };
    Err(format!("no program has an update for {period}; {range}"))
}
