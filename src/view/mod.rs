//! The data a template receives (`/data.json`): the whole merged, derived
//! model of one report. docs/TEMPLATES.md documents it field by field.
//!
//! Program text reaches Typst only through this data, never through Typst
//! source, so nothing a program manager writes is ever evaluated.

pub mod charts;
pub mod program;
mod summary;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::chartset::{ChartCache, ChartSlot};
use crate::diag::{Diagnostic, Sources};
use crate::format;
use crate::model::Portfolio;
use crate::model::changes::{self, Change};
use crate::model::lint;
use crate::model::period::{Period, iso};
use crate::model::report::ProgramState;
use crate::model::report::{self, Scope};
use crate::model::types::{AskKind, AskStatus, RiskStatus, Status};
use crate::project::{Audience, Paper, Project};
use program::{AskView, ProgramView, RiskView};

/// Bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// A chart as a template places it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    /// Path in the virtual file system, e.g. "/charts/portfolio-status.svg".
    pub path: String,
    /// Text alternative, generated from the chart's data.
    pub alt: String,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    pub schema_version: u32,
    pub generator: String,
    pub portfolio: PortfolioInfo,
    pub report: ReportInfo,
    pub period: Period,
    pub period_label: String,
    pub previous_period: Option<Period>,
    pub previous_period_label: Option<String>,
    pub as_of: String,
    pub as_of_label: String,
    pub statuses: Vec<StatusInfo>,
    /// The executive summary's sentences.
    pub summary: summary::Sentences,
    pub totals: Totals,
    pub programs: Vec<ProgramView>,
    pub changes: Vec<Change>,
    pub top_risks: Vec<ProgramRisk>,
    pub open_asks: Vec<ProgramAsk>,
    pub charts: BTreeMap<String, Vec<ChartRef>>,
    pub quality: Vec<QualityNote>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioInfo {
    pub title: String,
    pub organization: Option<String>,
    pub author: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub id: String,
    pub title: String,
    pub template: String,
    pub audience: Audience,
    pub classification: Option<String>,
    pub paper: Paper,
    pub draft: bool,
    /// The one program of a `--program` build.
    pub program: Option<String>,
    /// The group of a split report's copy (`split_by`), e.g. "EMEA".
    pub group: Option<String>,
    pub keywords: Vec<String>,
}

/// How a status looks: the same colours and letters as the charts.
#[derive(Debug, Clone, Serialize)]
pub struct StatusInfo {
    pub key: &'static str,
    pub label: &'static str,
    pub letter: &'static str,
    pub fill: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub programs: usize,
    pub active: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    /// Not assessed this period or withheld: not active, not at risk.
    pub unrated: usize,
    pub complete: usize,
    pub paused: usize,
    pub unreported: usize,
    pub stale: usize,
    pub worsened: usize,
    pub improved: usize,
    pub open_risks: usize,
    pub high_risks: usize,
    pub open_asks: usize,
    pub overdue_asks: usize,
    /// Open asks by kind; `needed` (decisions and recommendations) is the
    /// count the headline and the "decisions needed" figure show.
    pub asks: AskCounts,
    /// Milestones whose forecast is past their baseline (not yet due).
    pub milestones_late: usize,
    pub milestones_overdue: usize,
    /// Slipped or overdue: the executive summary's milestone figure.
    pub milestones_off_track: usize,
    /// Programs the executive summary lists under "where we stand".
    pub attention: usize,
    pub changes: usize,
}

/// Open asks counted by kind, in one breakdown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AskCounts {
    pub decision: usize,
    pub recommendation: usize,
    pub support: usize,
    pub fyi: usize,
    /// Open asks without a kind.
    pub unspecified: usize,
    /// Open asks that name an amount of money, of any kind.
    pub funding: usize,
    /// What leadership must answer: decisions, recommendations, and every
    /// other ask that names money (a funding request is a decision
    /// whatever its kind).
    pub needed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgramRisk {
    pub program: String,
    pub program_name: String,
    #[serde(flatten)]
    pub risk: RiskView,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgramAsk {
    pub program: String,
    pub program_name: String,
    #[serde(flatten)]
    pub ask: AskView,
}

/// A data-quality note for the appendix.
#[derive(Debug, Clone, Serialize)]
pub struct QualityNote {
    pub severity: crate::diag::Severity,
    pub code: &'static str,
    pub message: String,
    pub location: Option<String>,
    pub program: Option<String>,
}

/// How many risks the executive summary lists.
pub const TOP_RISKS: usize = 5;

/// What a report's view is built from.
pub struct Inputs<'a> {
    pub portfolio: &'a Portfolio,
    pub project: &'a Project,
    pub scope: &'a Scope<'a>,
    pub sources: &'a Sources,
    /// Problems found while loading the project, for an internal report's appendix.
    pub load_notes: &'a [Diagnostic],
    pub draft: bool,
}

/// A report's data, its chart files and its warnings.
pub struct Built {
    pub data: ReportData,
    /// (virtual path, SVG) of every chart the data refers to.
    pub charts: Vec<(String, String)>,
    /// Data-quality warnings of the report's programs.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the whole data of a report in one pass: the programs in report
/// order with every derived fact and label, the charts they refer to
/// (drawn through `cache`), the totals, the appendix.
pub fn build(inputs: &Inputs<'_>, cache: &mut ChartCache) -> Built {
    let scope = inputs.scope;
    let mut states = report::programs(inputs.portfolio, scope);
    states.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let all_changes = changes::changes(&states, scope);
    let warnings = lint::lint(&states, scope);
    let requests = charts::requests(&states, scope, &charts::Sizes::for_paper(scope.spec.paper));
    let drawn = cache.draw(&requests);
    let mut placed = charts::Placed::new(&requests, drawn);
    let programs = program_views(&states, scope, &all_changes, inputs.sources, &mut placed);
    let portfolio_charts =
        [ChartSlot::PortfolioStatus, ChartSlot::StatusHistory, ChartSlot::RegionMatrix, ChartSlot::RiskHeatmap]
            .into_iter()
            .map(|slot| (slot.key().to_string(), placed.refs.remove(&slot).unwrap_or_default()))
            .collect();
    let mut notes = warnings.clone();
    if !scope.is_external() {
        notes.extend(inputs.load_notes.iter().cloned());
    }
    let totals = totals(&programs, &all_changes);
    let open_asks = open_asks(&programs);
    let data = ReportData {
        schema_version: SCHEMA_VERSION,
        generator: format!("brief {}", env!("CARGO_PKG_VERSION")),
        portfolio: portfolio_info(inputs.project),
        report: report_info(inputs.project, scope, inputs.draft),
        period: scope.period,
        period_label: scope.period.label(),
        previous_period: scope.previous,
        previous_period_label: scope.previous.map(Period::label),
        as_of: iso(scope.as_of),
        as_of_label: format::date(scope.as_of),
        statuses: status_infos(),
        summary: summary::sentences(&totals, &open_asks),
        top_risks: top_risks(&programs),
        open_asks,
        totals,
        sources: if scope.is_external() { Vec::new() } else { source_files(&programs) },
        programs,
        changes: all_changes,
        charts: portfolio_charts,
        quality: quality_notes(&notes, inputs.sources),
    };
    Built { data, charts: placed.files, warnings }
}

/// The programs' views in report order, each with its charts and sources.
fn program_views(
    states: &[ProgramState<'_>],
    scope: &Scope<'_>,
    changes: &[Change],
    sources: &Sources,
    placed: &mut charts::Placed,
) -> Vec<ProgramView> {
    let mut by_program: HashMap<&str, Vec<Change>> = HashMap::new();
    for c in changes {
        by_program.entry(c.program.as_str()).or_default().push(c.clone());
    }
    let narrative = scope.program.is_some();
    states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let own = by_program.remove(s.id()).unwrap_or_default();
            let mut v = program::program(s, scope, own, narrative);
            v.sources = s.history.files.iter().map(|&f| sources.get(f).display.clone()).collect();
            if let Some(r) = placed.take(ChartSlot::Timeline { program: i }) {
                v.charts.insert("timeline".into(), r);
            }
            for (j, m) in v.metrics.iter_mut().enumerate() {
                m.chart = placed.take(ChartSlot::KpiTrend { program: i, metric: j });
                m.sparkline = placed.take(ChartSlot::Sparkline { program: i, metric: j });
            }
            v
        })
        .collect()
}

fn portfolio_info(project: &Project) -> PortfolioInfo {
    PortfolioInfo {
        title: project.title.clone(),
        organization: project.organization.clone(),
        author: project.author.clone().or(project.organization.clone()).unwrap_or_else(|| project.title.clone()),
    }
}

fn report_info(project: &Project, scope: &Scope<'_>, draft: bool) -> ReportInfo {
    ReportInfo {
        id: scope.spec.id.clone(),
        title: scope.spec.title.clone(),
        template: scope.spec.template.value.clone(),
        audience: scope.spec.audience,
        classification: scope.spec.classification.clone(),
        paper: scope.spec.paper,
        draft,
        program: scope.program.map(str::to_string),
        group: scope.spec.group.clone(),
        keywords: keywords(project, scope),
    }
}

/// How each status looks: the charts' theme, so tables and charts agree.
fn status_infos() -> Vec<StatusInfo> {
    crate::charts::theme::status_styles()
        .iter()
        .map(|s| StatusInfo { key: s.key, label: s.label, letter: s.letter, fill: s.fill, text: s.text })
        .collect()
}

/// Reds first, then amber, green, not yet reported, unrated, paused, complete; by name.
fn sort_key<'a>(p: &'a ProgramState<'_>) -> (u8, &'a str, &'a str) {
    (order(p.status()), p.now.display_name(), p.id())
}

/// Reds first, then amber, green, not yet reported, unrated (after the
/// active ones), paused, complete.
fn order(s: Option<Status>) -> u8 {
    match s {
        Some(Status::Red) => 0,
        Some(Status::Amber) => 1,
        Some(Status::Green) => 2,
        None => 3,
        Some(Status::Unrated) => 4,
        Some(Status::Paused) => 5,
        Some(Status::Complete) => 6,
    }
}

fn keywords(project: &Project, scope: &Scope<'_>) -> Vec<String> {
    let mut k = vec![project.title.clone(), scope.spec.title.clone(), scope.period.to_string(), scope.period.label()];
    if let Some(o) = &project.organization {
        k.push(o.clone());
    }
    k
}

fn totals(programs: &[ProgramView], changes: &[Change]) -> Totals {
    let count = |s: Status| programs.iter().filter(|p| p.status == Some(s)).count();
    Totals {
        programs: programs.len(),
        active: programs.iter().filter(|p| p.status.is_some_and(Status::is_active)).count(),
        green: count(Status::Green),
        amber: count(Status::Amber),
        red: count(Status::Red),
        unrated: count(Status::Unrated),
        complete: count(Status::Complete),
        paused: count(Status::Paused),
        unreported: programs.iter().filter(|p| p.status.is_none()).count(),
        stale: programs.iter().filter(|p| p.stale).count(),
        worsened: programs.iter().filter(|p| p.status_trend == "worse").count(),
        improved: programs.iter().filter(|p| p.status_trend == "better").count(),
        open_risks: programs.iter().map(|p| p.counts.open_risks).sum(),
        high_risks: programs.iter().map(|p| p.counts.high_risks).sum(),
        open_asks: programs.iter().map(|p| p.counts.open_asks).sum(),
        overdue_asks: programs.iter().map(|p| p.counts.overdue_asks).sum(),
        asks: ask_counts(programs),
        milestones_late: programs.iter().map(|p| p.counts.milestones_late).sum(),
        milestones_overdue: programs.iter().map(|p| p.counts.milestones_overdue).sum(),
        milestones_off_track: programs.iter().map(|p| p.counts.milestones_late + p.counts.milestones_overdue).sum(),
        attention: programs.iter().filter(|p| p.attention).count(),
        changes: changes.len(),
    }
}

fn ask_counts(programs: &[ProgramView]) -> AskCounts {
    let mut c = AskCounts::default();
    for a in programs.iter().flat_map(|p| &p.asks).filter(|a| a.status == AskStatus::Open) {
        match a.kind {
            Some(AskKind::Decision) => c.decision += 1,
            Some(AskKind::Recommendation) => c.recommendation += 1,
            Some(AskKind::Support) => c.support += 1,
            Some(AskKind::Fyi) => c.fyi += 1,
            None => c.unspecified += 1,
        }
        c.funding += usize::from(a.amount.is_some());
        c.needed += usize::from(needs_leadership(&a.kind, a.amount.is_some()));
    }
    c
}

/// The highest-scoring open risks of the portfolio.
fn top_risks(programs: &[ProgramView]) -> Vec<ProgramRisk> {
    let mut all: Vec<ProgramRisk> = programs
        .iter()
        .flat_map(|p| {
            p.risks.iter().filter(|r| r.status != RiskStatus::Closed).map(|r| ProgramRisk {
                program: p.id.clone(),
                program_name: p.name.clone(),
                risk: r.clone(),
            })
        })
        .collect();
    all.sort_by(|a, b| {
        (std::cmp::Reverse(a.risk.score.unwrap_or(0)), &a.program_name, &a.risk.id).cmp(&(
            std::cmp::Reverse(b.risk.score.unwrap_or(0)),
            &b.program_name,
            &b.risk.id,
        ))
    });
    all.truncate(TOP_RISKS);
    all
}

/// Whether an open ask waits on a leadership decision.
fn needs_leadership(kind: &Option<AskKind>, names_money: bool) -> bool {
    matches!(kind, Some(AskKind::Decision | AskKind::Recommendation)) || names_money
}

/// How an ask ranks by kind: decisions (and money asks) before
/// recommendations before support before FYI.
fn kind_rank(kind: Option<AskKind>, names_money: bool) -> u8 {
    match kind {
        Some(AskKind::Decision) => 0,
        _ if names_money => 0,
        Some(AskKind::Recommendation) => 1,
        Some(AskKind::Support) | None => 2,
        Some(AskKind::Fyi) => 3,
    }
}

/// Open asks, what leadership must do first: overdue ones (escalations),
/// then by kind, by the program's status (red first), money before none,
/// then by date.
fn open_asks(programs: &[ProgramView]) -> Vec<ProgramAsk> {
    let mut all: Vec<ProgramAsk> = programs
        .iter()
        .flat_map(|p| {
            p.asks.iter().filter(|a| a.status == AskStatus::Open).map(|a| ProgramAsk {
                program: p.id.clone(),
                program_name: p.name.clone(),
                ask: a.clone(),
            })
        })
        .collect();
    let status: HashMap<&str, u8> = programs.iter().map(|p| (p.id.as_str(), order(p.status))).collect();
    all.sort_by_cached_key(|x| {
        (
            !x.ask.overdue,
            kind_rank(x.ask.kind, x.ask.amount.is_some()),
            status.get(x.program.as_str()).copied().unwrap_or(u8::MAX),
            x.ask.amount.is_none(),
            x.ask.by.clone().unwrap_or_else(|| "9999".into()),
            x.program_name.clone(),
            x.ask.id.clone(),
        )
    });
    all
}

/// The appendix's data-quality notes.
fn quality_notes(notes: &[Diagnostic], sources: &Sources) -> Vec<QualityNote> {
    notes
        .iter()
        .map(|d| QualityNote {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            location: d.origin.map(|o| format!("{}:{}", sources.get(o.source).display, o.line)),
            program: d.program.clone(),
        })
        .collect()
}

/// Every file the report's programs were read from, sorted.
fn source_files(programs: &[ProgramView]) -> Vec<String> {
    let mut files: Vec<String> = programs.iter().flat_map(|p| p.sources.iter().cloned()).collect();
    files.sort();
    files.dedup();
    files
}
#[cfg(test)]
mod tests_layout;
