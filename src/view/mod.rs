//! The data a template receives (`/data.json`): the whole merged, derived
//! model of one report. docs/TEMPLATES.md documents it field by field.
//!
//! Program text reaches Typst only through this data, never through Typst
//! source, so nothing a program manager writes is ever evaluated.

pub(crate) mod charts;
pub(crate) mod portfolio;
pub(crate) mod program;
mod summary;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::chartset::{ChartCache, ChartSlot};
use crate::diag::{Diagnostic, Sources};
use crate::model::Portfolio;
use crate::model::changes::{self, Change};
use crate::model::group;
use crate::model::lint;
use crate::model::period::{Period, iso};
use crate::model::report::ProgramState;
use crate::model::report::{self, Scope};
use crate::model::types::{AskKind, AskStatus, RiskStatus, Status};
use crate::project::{Audience, Paper, Project};
use program::{AskView, ProgramView, RiskView};

/// Bumped when a field changes meaning or goes away.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// A chart as a template places it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartRef {
    /// Path in the virtual file system, e.g. "/charts/portfolio-status.svg".
    pub(crate) path: String,
    /// Text alternative, generated from the chart's data.
    pub(crate) alt: String,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportData {
    pub(crate) schema_version: u32,
    pub(crate) generator: String,
    /// The report's language and how it writes numbers.
    pub(crate) locale: LocaleInfo,
    /// The fixed words of the templates in that language (`l.<key>` in
    /// brief.typ): a text, or `{one, other}` by count.
    pub(crate) labels: BTreeMap<String, crate::locale::Text>,
    pub(crate) portfolio: PortfolioInfo,
    pub(crate) report: ReportInfo,
    pub(crate) period: Period,
    pub(crate) period_label: String,
    pub(crate) previous_period: Option<Period>,
    pub(crate) previous_period_label: Option<String>,
    pub(crate) as_of: String,
    pub(crate) as_of_label: String,
    pub(crate) statuses: Vec<StatusInfo>,
    /// The executive summary's sentences.
    pub(crate) summary: summary::Sentences,
    pub(crate) totals: Totals,
    pub(crate) programs: Vec<ProgramView>,
    pub(crate) changes: Vec<Change>,
    /// "What changed": one line per program with a change.
    pub(crate) changed: Vec<summary::ChangeLine>,
    pub(crate) top_risks: Vec<ProgramRisk>,
    pub(crate) open_asks: Vec<ProgramAsk>,
    /// The ids of the programs the summary lists, most severe first.
    pub(crate) attention: Vec<String>,
    /// `attention_rest[k]`: the status mix of `attention[k..]`, for the
    /// line that counts the programs a list had no room for.
    pub(crate) attention_rest: Vec<String>,
    /// What `group_by` groups by ("Division"), when set.
    pub(crate) group_by: Option<String>,
    /// The same inside a sentence ("division"; German keeps "Abteilung").
    pub(crate) group_by_word: Option<String>,
    /// The groups of `group_by`, sorted by name, "Other" last.
    pub(crate) groups: Vec<portfolio::GroupView>,
    /// Status now against the previous period's, when there is one.
    pub(crate) transitions: Option<portfolio::Transitions>,
    /// Programs that entered or left the portfolio this period.
    pub(crate) movement: portfolio::Movement,
    /// Budgets summed by unit and status.
    pub(crate) money: Vec<portfolio::MoneyByStatus>,
    /// Whether the brief has a "portfolio at a glance" page after the
    /// summary: with groups, with budgets, or past a few dozen programs.
    pub(crate) glance: bool,
    pub(crate) charts: BTreeMap<String, Vec<ChartRef>>,
    pub(crate) quality: Vec<QualityNote>,
    /// The same notes grouped by check, most frequent first: a message
    /// repeated for 76 programs is one line with its count.
    pub(crate) quality_groups: Vec<QualityGroup>,
    /// Every file the programs were read from: in drafts only (the people
    /// who keep the data need it; leadership does not).
    pub(crate) sources: Vec<String>,
    /// The changes the appendix lists: every change with `detail: all`,
    /// otherwise those of the programs with a page.
    pub(crate) appendix_changes: Vec<Change>,
    /// Changes of programs without a page, counted, not listed.
    pub(crate) changes_not_listed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PortfolioInfo {
    /// The project's own definitions (`definitions:` of brief.yaml): `term`, `text`.
    pub(crate) definitions: Vec<Definition>,
    pub(crate) title: String,
    pub(crate) organization: Option<String>,
    pub(crate) author: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportInfo {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) template: String,
    pub(crate) audience: Audience,
    pub(crate) classification: Option<String>,
    /// `purpose` and `contact` of brief.yaml, as written.
    pub(crate) purpose: Option<String>,
    pub(crate) contact: Option<String>,
    pub(crate) paper: Paper,
    pub(crate) draft: bool,
    /// The one program of a `--program` build.
    pub(crate) program: Option<String>,
    /// The group of a split report's copy (`split_by`), e.g. "EMEA".
    pub(crate) group: Option<String>,
    pub(crate) keywords: Vec<String>,
}

/// What `group_by` groups by, as a heading says it ("Division", "Abteilung")
/// or, `in_text`, inside a sentence ("by division", "nach Abteilung"); a
/// tag prefix is the project's own word and stays as written.
fn dimension_label(loc: &crate::locale::Locale, d: &group::Dimension, in_text: bool) -> String {
    let key = match d {
        group::Dimension::Vertical => "dimension.vertical",
        group::Dimension::Division => "dimension.division",
        group::Dimension::Region => "dimension.region",
        group::Dimension::Sponsor => "dimension.sponsor",
        group::Dimension::Owner => "dimension.owner",
        group::Dimension::Tag(_) if in_text => return d.label().to_lowercase(),
        group::Dimension::Tag(_) => return d.label(),
    };
    if in_text { loc.phrase(&format!("{key}.in-text"), &[]) } else { loc.phrase(key, &[]) }
}

/// The report's language, as a template needs it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LocaleInfo {
    /// As `locale:` names it: "de", "pt-BR".
    pub(crate) code: String,
    /// Typst's `lang` and `region`.
    pub(crate) lang: String,
    pub(crate) region: Option<String>,
    /// Whether long words may be hyphenated (German compounds).
    pub(crate) hyphenate: bool,
    pub(crate) plural: crate::locale::PluralRule,
    pub(crate) decimal: String,
    pub(crate) group: String,
}

impl LocaleInfo {
    fn of(l: &crate::locale::Locale) -> Self {
        LocaleInfo {
            code: l.code.clone(),
            lang: l.lang.clone(),
            region: l.region.clone(),
            hyphenate: l.hyphenate,
            plural: l.plural,
            decimal: l.numbers.decimal.clone(),
            group: l.numbers.group.clone(),
        }
    }
}

/// How a status looks: the same colours and letters as the charts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusInfo {
    pub(crate) key: &'static str,
    pub(crate) label: String,
    pub(crate) letter: String,
    pub(crate) fill: &'static str,
    pub(crate) text: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Totals {
    pub(crate) programs: usize,
    pub(crate) active: usize,
    pub(crate) green: usize,
    pub(crate) amber: usize,
    pub(crate) red: usize,
    /// Not assessed this period or withheld: not active, not at risk.
    pub(crate) unrated: usize,
    pub(crate) complete: usize,
    pub(crate) paused: usize,
    pub(crate) unreported: usize,
    pub(crate) stale: usize,
    pub(crate) worsened: usize,
    pub(crate) improved: usize,
    pub(crate) open_risks: usize,
    pub(crate) high_risks: usize,
    pub(crate) open_asks: usize,
    pub(crate) overdue_asks: usize,
    /// Open asks by kind; `needed` (decisions and recommendations) is the
    /// count the headline and the "answers needed" figure show.
    pub(crate) asks: AskCounts,
    /// Milestones whose forecast is past their baseline (not yet due).
    pub(crate) milestones_late: usize,
    pub(crate) milestones_overdue: usize,
    /// Slipped or overdue: the executive summary's milestone figure.
    pub(crate) milestones_off_track: usize,
    /// Programs the executive summary lists under "where we stand".
    pub(crate) attention: usize,
    /// Programs with a full page (the report's `detail`).
    pub(crate) full_pages: usize,
    /// Programs without one: a row in the table of programs on track.
    pub(crate) rows: usize,
    pub(crate) changes: usize,
}

/// Open asks counted by kind, in one breakdown.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct AskCounts {
    pub(crate) decision: usize,
    pub(crate) recommendation: usize,
    pub(crate) support: usize,
    pub(crate) fyi: usize,
    /// Open asks without a kind.
    pub(crate) unspecified: usize,
    /// Open asks that name an amount of money, of any kind.
    pub(crate) funding: usize,
    /// What leadership must answer: decisions, recommendations, and every
    /// other ask that names money (a funding request is a decision
    /// whatever its kind).
    pub(crate) needed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgramRisk {
    pub(crate) program: String,
    pub(crate) program_name: String,
    #[serde(flatten)]
    pub(crate) risk: RiskView,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgramAsk {
    pub(crate) program: String,
    pub(crate) program_name: String,
    #[serde(flatten)]
    pub(crate) ask: AskView,
}

/// The data-quality notes of one check.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QualityGroup {
    pub(crate) severity: crate::diag::Severity,
    pub(crate) code: &'static str,
    pub(crate) count: usize,
    /// How many programs the notes are about.
    pub(crate) programs: usize,
    /// The first note, as an example of the rest.
    pub(crate) example: QualityNote,
}

/// A term of the appendix's definitions, as the project wrote it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Definition {
    pub(crate) term: String,
    pub(crate) text: String,
}

/// A data-quality note for the appendix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QualityNote {
    pub(crate) severity: crate::diag::Severity,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) location: Option<String>,
    pub(crate) program: Option<String>,
}

/// How many risks the executive summary lists.
pub(crate) const TOP_RISKS: usize = 5;

/// What a report's view is built from.
pub(crate) struct Inputs<'a> {
    pub(crate) portfolio: &'a Portfolio,
    pub(crate) project: &'a Project,
    pub(crate) scope: &'a Scope<'a>,
    pub(crate) sources: &'a Sources,
    /// Problems found while loading the project, for an internal report's appendix.
    pub(crate) load_notes: &'a [Diagnostic],
    pub(crate) draft: bool,
    /// Whether to draw the charts: the English view the digest reads
    /// besides a translated PDF has no use for them.
    pub(crate) charts: bool,
}

impl<'a> Inputs<'a> {
    /// The inputs of a final (not draft) view of an open session's report,
    /// charts drawn, no load notes: what `brief charts` and `brief fonts`
    /// look at. A build sets its draft flag and notes on top.
    pub(crate) fn of(session: &'a crate::session::Session, scope: &'a Scope<'a>) -> Self {
        Inputs {
            portfolio: &session.portfolio,
            project: &session.project,
            scope,
            sources: &session.sources,
            load_notes: &[],
            draft: false,
            charts: true,
        }
    }
}

/// A report's data, its chart files and its warnings.
pub(crate) struct Built {
    pub(crate) data: ReportData,
    /// (virtual path, SVG) of every chart the data refers to.
    pub(crate) charts: Vec<(String, std::sync::Arc<str>)>,
    /// Data-quality warnings of the report's programs.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Builds the whole data of a report in one pass: the programs in report
/// order with every derived fact and label, the charts they refer to
/// (drawn through `cache`), the totals, the appendix.
pub(crate) fn build(inputs: &Inputs<'_>, cache: &mut ChartCache) -> Built {
    let scope = inputs.scope;
    let mut states = report::programs(inputs.portfolio, scope);
    let dimension = scope.spec.group_by.as_ref().map(|d| &d.value);
    let memberships: HashMap<String, Vec<String>> = match dimension {
        Some(dim) => states.iter().map(|s| (s.id().to_string(), group::groups_of(&s.now, dim))).collect(),
        None => HashMap::new(),
    };
    // With group_by the brief is ordered by group (its first, for a program
    // in several regions), "Other" last, then as without.
    let group_rank: HashMap<&str, (bool, &str)> =
        memberships.iter().map(|(id, g)| (id.as_str(), g.first().map_or((true, ""), |g| group::sort_key(g)))).collect();
    states.sort_by(|a, b| {
        let g = |s: &ProgramState<'_>| group_rank.get(s.id()).copied().unwrap_or((false, ""));
        (g(a), sort_key(a)).cmp(&(g(b), sort_key(b)))
    });
    let all_changes = changes::changes(&scope.spec.locale, &states, scope);
    let warnings = lint::lint(&states, scope);
    let loc = &*scope.spec.locale;
    let mut programs = program_views(&states, scope, &all_changes, inputs.sources);
    for p in &mut programs {
        p.group = memberships.get(&p.id).and_then(|g| g.first()).map(|g| portfolio::group_name(loc, g));
    }
    let attention = portfolio::ranked_attention(&programs);
    let money = portfolio::money_by_status(loc, &programs);
    let groups =
        if dimension.is_some() { portfolio::groups(loc, &programs, &memberships, &attention) } else { Vec::new() };
    let glance = portfolio::has_glance(&groups, &money, programs.len());
    // Only the programs with a full page show their charts: a portfolio of
    // a thousand draws the charts of its exceptions, not of every row.
    let sizes = charts::Sizes::for_paper(scope.spec.paper);
    let with_page: Vec<bool> = programs.iter().map(|p| p.full_page).collect();
    let shown = charts::Shown { groups: &portfolio::group_mixes(&groups), with_page: &with_page };
    let requests = if inputs.charts { charts::requests(&states, scope, &shown, &sizes) } else { Vec::new() };
    let drawn = cache.draw(&requests);
    let mut placed = charts::Placed::new(&requests, drawn);
    place_program_charts(&mut programs, &mut placed);
    let with_page: std::collections::HashSet<&str> =
        programs.iter().filter(|p| p.full_page).map(|p| p.id.as_str()).collect();
    let appendix_changes: Vec<Change> =
        all_changes.iter().filter(|c| with_page.contains(c.program.as_str())).cloned().collect();
    let listed = appendix_changes.len();
    let portfolio_charts = [
        ChartSlot::PortfolioStatus,
        ChartSlot::StatusHistory,
        ChartSlot::RegionMatrix,
        ChartSlot::RiskHeatmap,
        ChartSlot::GroupMix,
        ChartSlot::StatusTrend,
    ]
    .into_iter()
    .map(|slot| (slot.key().to_string(), placed.refs.remove(&slot).unwrap_or_default()))
    .collect();
    let mut notes = warnings.clone();
    if !scope.is_external() {
        notes.extend(inputs.load_notes.iter().cloned());
    }
    let quality = quality_notes(&notes, inputs.sources, loc);
    let totals = totals(&programs, &all_changes);
    let open_asks = open_asks(&programs);
    let sources = if scope.is_external() || !inputs.draft { Vec::new() } else { source_files(&programs) };
    // A program without a page is one row: its earlier state and its files
    // are for the pages and the drafts, and would only make /data.json of a
    // thousand programs three times longer for typst to read.
    for p in &mut programs {
        if !p.full_page {
            p.previous = None;
        }
        if !inputs.draft {
            p.sources.clear();
        }
    }
    let data = ReportData {
        schema_version: SCHEMA_VERSION,
        generator: format!("brief {}", env!("CARGO_PKG_VERSION")),
        locale: LocaleInfo::of(loc),
        labels: loc.labels.clone(),
        portfolio: portfolio_info(inputs.project),
        report: report_info(inputs.project, scope, inputs.draft),
        period: scope.period,
        period_label: loc.period(scope.period),
        previous_period: scope.previous,
        previous_period_label: scope.previous.map(|p| loc.period(p)),
        as_of: iso(scope.as_of),
        as_of_label: loc.date(scope.as_of),
        statuses: status_infos(loc),
        summary: summary::sentences(loc, &totals, &programs, &open_asks, scope.is_external()),
        changed: summary::change_lines(loc, &programs),
        top_risks: top_risks(&programs),
        open_asks,
        group_by: dimension.map(|d| dimension_label(loc, d, false)),
        group_by_word: dimension.map(|d| dimension_label(loc, d, true)),
        groups,
        transitions: portfolio::transitions(&programs, scope),
        movement: portfolio::movement(&programs, scope),
        money,
        attention_rest: portfolio::mix_of_rest(loc, &attention, &programs),
        glance,
        attention,
        totals,
        sources,
        appendix_changes,
        changes_not_listed: all_changes.len() - listed,
        programs,
        changes: all_changes,
        charts: portfolio_charts,
        quality_groups: quality_groups(&quality),
        quality,
    };
    Built { data, charts: placed.files, warnings }
}

/// The programs' views in report order, each with its sources.
fn program_views(
    states: &[ProgramState<'_>],
    scope: &Scope<'_>,
    changes: &[Change],
    sources: &Sources,
) -> Vec<ProgramView> {
    let mut by_program: HashMap<&str, Vec<Change>> = HashMap::new();
    for c in changes {
        by_program.entry(c.program.as_str()).or_default().push(c.clone());
    }
    let own: Vec<Vec<Change>> = states.iter().map(|s| by_program.remove(s.id()).unwrap_or_default()).collect();
    let narrative = scope.program.is_some();
    // Each program's view is its own (a third of the view's time at a
    // thousand programs): built on every core, in the states' order.
    states
        .par_iter()
        .zip(own)
        .map(|(s, own)| {
            let mut v = program::program(s, scope, own, narrative);
            v.sources = s.history.files.iter().map(|&f| sources.get(f).display.clone()).collect();
            v
        })
        .collect()
}

/// Puts each program's drawn charts where the template finds them.
fn place_program_charts(programs: &mut [ProgramView], placed: &mut charts::Placed) {
    for (i, v) in programs.iter_mut().enumerate() {
        if let Some(r) = placed.take(ChartSlot::Timeline { program: i }) {
            v.charts.insert("timeline".into(), r);
        }
        for (j, m) in v.metrics.iter_mut().enumerate() {
            m.chart = placed.take(ChartSlot::KpiTrend { program: i, metric: j });
            m.sparkline = placed.take(ChartSlot::Sparkline { program: i, metric: j });
        }
    }
}

fn portfolio_info(project: &Project) -> PortfolioInfo {
    PortfolioInfo {
        definitions: project
            .definitions
            .iter()
            .map(|(term, text)| Definition { term: term.clone(), text: text.clone() })
            .collect(),
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
        purpose: scope.spec.purpose.clone(),
        contact: scope.spec.contact.clone(),
        paper: scope.spec.paper,
        draft,
        program: scope.program.map(str::to_string),
        group: scope.spec.group.clone(),
        keywords: keywords(project, scope),
    }
}

/// How each status looks: the charts' theme, so tables and charts agree.
fn status_infos(loc: &crate::locale::Locale) -> Vec<StatusInfo> {
    crate::charts::theme::status_styles()
        .iter()
        .map(|s| StatusInfo {
            key: s.key,
            label: loc.phrase(&format!("status.{}", s.key), &[]),
            letter: loc.phrase(&format!("status.{}.letter", s.key), &[]),
            fill: s.fill,
            text: s.text,
        })
        .collect()
}

/// A status in running text ("red", "not reported"), by its key
/// (`unreported` for a program without one); a key without a word reads
/// as itself.
pub(crate) fn status_word(loc: &crate::locale::Locale, key: &str) -> String {
    let phrase = format!("status.{key}.word");
    if loc.phrases.contains_key(&phrase) { loc.phrase(&phrase, &[]) } else { key.to_string() }
}

/// Reds first, then amber, green, not yet reported, unrated, paused, complete; by name.
fn sort_key<'a>(p: &'a ProgramState<'_>) -> (u8, &'a str, &'a str) {
    (order(p.status()), p.now.display_name(), p.id())
}

/// A status's place in the report's one order ([`portfolio::STATUS_ORDER`]).
fn order(s: Option<Status>) -> u8 {
    portfolio::rank(s) as u8
}

fn keywords(project: &Project, scope: &Scope<'_>) -> Vec<String> {
    let mut k = vec![
        project.title.clone(),
        scope.spec.title.clone(),
        scope.period.to_string(),
        scope.spec.locale.period(scope.period),
    ];
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
        full_pages: programs.iter().filter(|p| p.full_page).count(),
        rows: programs.iter().filter(|p| !p.full_page).count(),
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

/// Whether an open ask waits on a leadership answer: a decision, a
/// recommendation to accept or reject, or any ask that names money (a
/// funding request is a decision whatever its kind).
pub(crate) fn needs_leadership(kind: &Option<AskKind>, names_money: bool) -> bool {
    matches!(kind, Some(AskKind::Decision | AskKind::Recommendation)) || names_money
}

/// How an ask ranks by kind: decisions before recommendations before
/// support before FYI. Money and the program's status rank within a kind.
pub(crate) fn kind_rank(kind: Option<AskKind>) -> u8 {
    match kind {
        Some(AskKind::Decision) => 0,
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
            kind_rank(x.ask.kind),
            status.get(x.program.as_str()).copied().unwrap_or(u8::MAX),
            x.ask.amount.is_none(),
            x.ask.by_date.unwrap_or(chrono::NaiveDate::MAX),
            x.program_name.clone(),
            x.ask.id.clone(),
        )
    });
    all
}

/// The appendix's data-quality notes, their messages in the report's
/// language (the codes stay as `brief check` prints them).
fn quality_notes(notes: &[Diagnostic], sources: &Sources, loc: &crate::locale::Locale) -> Vec<QualityNote> {
    notes
        .iter()
        .map(|d| QualityNote {
            severity: d.severity,
            code: d.code,
            message: d.message_in(loc),
            location: d.origin.map(|o| format!("{}:{}", sources.get(o.source).display, o.line)),
            program: d.program.clone(),
        })
        .collect()
}

/// The notes grouped by check (severity and code), most frequent first.
fn quality_groups(notes: &[QualityNote]) -> Vec<QualityGroup> {
    let mut groups: Vec<QualityGroup> = Vec::new();
    let mut programs: Vec<std::collections::HashSet<&str>> = Vec::new();
    for n in notes {
        let at = groups.iter().position(|g| g.code == n.code && g.severity == n.severity);
        let i = at.unwrap_or_else(|| {
            groups.push(QualityGroup { severity: n.severity, code: n.code, count: 0, programs: 0, example: n.clone() });
            programs.push(Default::default());
            groups.len() - 1
        });
        groups[i].count += 1;
        programs[i].extend(n.program.as_deref());
    }
    for (g, p) in groups.iter_mut().zip(&programs) {
        g.programs = p.len();
    }
    groups.sort_by(|a, b| {
        (a.severity, std::cmp::Reverse(a.count), a.code).cmp(&(b.severity, std::cmp::Reverse(b.count), b.code))
    });
    groups
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
#[cfg(test)]
mod tests_locale;
