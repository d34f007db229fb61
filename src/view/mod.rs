//! The data a template receives (`/data.json`): the whole merged, derived
//! model of one report. docs/TEMPLATES.md documents it field by field.
//!
//! Program text reaches Typst only through this data, never through Typst
//! source, so nothing a program manager writes is ever evaluated.

pub mod program;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::{Diagnostic, Sources};
use crate::model::changes::{self, Change};
use crate::model::lint;
use crate::model::period::{Period, date_label, iso};
use crate::model::report::{self, Scope};
use crate::model::types::{AskStatus, RiskStatus, Status};
use crate::model::{Portfolio, derive::MilestoneState};
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
    pub decisions_open: usize,
    pub milestones_late: usize,
    pub milestones_overdue: usize,
    pub changes: usize,
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

/// Everything a report needs besides its charts, and the report's warnings.
pub struct Built {
    pub data: ReportData,
    pub warnings: Vec<Diagnostic>,
}

pub fn build(portfolio: &Portfolio, project: &Project, scope: &Scope<'_>, sources: &Sources, draft: bool) -> Built {
    let states = report::programs(portfolio, scope);
    let all_changes = changes::changes(&states, scope);
    let warnings = lint::lint(&states, scope);
    let narrative = scope.program.is_some();
    let mut by_program: std::collections::HashMap<&str, Vec<Change>> = std::collections::HashMap::new();
    for c in &all_changes {
        by_program.entry(c.program.as_str()).or_default().push(c.clone());
    }
    let mut programs: Vec<ProgramView> = states
        .iter()
        .map(|s| {
            let own = by_program.remove(s.id()).unwrap_or_default();
            let mut v = program::program(s, scope, own, narrative);
            v.sources = s.history.files.iter().map(|&f| sources.get(f).display.clone()).collect();
            v
        })
        .collect();
    programs.sort_by(|a, b| (order(a.status), &a.name, &a.id).cmp(&(order(b.status), &b.name, &b.id)));
    let totals = totals(&programs, &all_changes);
    let data = ReportData {
        schema_version: SCHEMA_VERSION,
        generator: format!("brief {}", env!("CARGO_PKG_VERSION")),
        portfolio: PortfolioInfo {
            title: project.title.clone(),
            organization: project.organization.clone(),
            author: project.author.clone().or(project.organization.clone()).unwrap_or_else(|| project.title.clone()),
        },
        report: ReportInfo {
            id: scope.spec.id.clone(),
            title: scope.spec.title.clone(),
            template: scope.spec.template.value.clone(),
            audience: scope.spec.audience,
            classification: scope.spec.classification.clone(),
            paper: scope.spec.paper,
            draft,
            program: scope.program.map(str::to_string),
            keywords: keywords(project, scope),
        },
        period: scope.period,
        period_label: scope.period.label(),
        previous_period: scope.previous,
        previous_period_label: scope.previous.map(Period::label),
        as_of: iso(scope.as_of),
        as_of_label: date_label(scope.as_of),
        statuses: Vec::new(),
        top_risks: top_risks(&programs),
        open_asks: open_asks(&programs),
        totals,
        programs,
        changes: all_changes,
        charts: BTreeMap::new(),
        quality: Vec::new(),
        sources: Vec::new(),
    };
    Built { data, warnings }
}

/// Reds first, then amber, green, not yet reported, paused, complete.
fn order(s: Option<Status>) -> u8 {
    match s {
        Some(Status::Red) => 0,
        Some(Status::Amber) => 1,
        Some(Status::Green) => 2,
        None => 3,
        Some(Status::Paused) => 4,
        Some(Status::Complete) => 5,
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
        decisions_open: programs
            .iter()
            .flat_map(|p| &p.asks)
            .filter(|a| a.status == AskStatus::Open && a.kind == Some(crate::model::types::AskKind::Decision))
            .count(),
        milestones_late: programs
            .iter()
            .flat_map(|p| &p.milestones)
            .filter(|m| m.state == MilestoneState::AtRisk)
            .count(),
        milestones_overdue: programs.iter().map(|p| p.counts.milestones_overdue).sum(),
        changes: changes.len(),
    }
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

/// Open asks: overdue first, then by date.
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
    all.sort_by(|a, b| {
        let key = |x: &ProgramAsk| {
            (
                !x.ask.overdue,
                x.ask.by.clone().unwrap_or_else(|| "9999".into()),
                x.program_name.clone(),
                x.ask.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    all
}

impl ReportData {
    /// Fills the appendix: data-quality notes and the source files.
    pub fn attach_quality(&mut self, notes: &[Diagnostic], sources: &Sources) {
        self.quality = notes
            .iter()
            .map(|d| QualityNote {
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                location: d.origin.map(|o| format!("{}:{}", sources.get(o.source).display, o.line)),
                program: d.program.clone(),
            })
            .collect();
        let mut files: Vec<String> = self.programs.iter().flat_map(|p| p.sources.iter().cloned()).collect();
        files.sort();
        files.dedup();
        self.sources = files;
    }
}
