//! Which charts a report has, what each shows and how big it is printed.
//!
//! Built from the model (typed dates, derived states), never from the view's
//! display strings. Every chart's size is set in [`Sizes`], the one place
//! that decides it; templates place each chart at the width its
//! [`super::ChartRef`] gives, so its text prints at the size it was drawn
//! (a test compiles the built-in templates and checks every placement).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ChartRef;
use crate::charts::TREND_PERIODS;
use crate::charts::{Chart, GroupMix, HeatRisk, HistoryRow, KpiSeries, MatrixRow, Rag, TimelineItem, TrendPeriod};
use crate::chartset::{ChartLocale, ChartRequest, ChartSlot, ChartSpec};
use crate::locale::Locale;
use crate::model::derive::{self, MilestoneDates};
use crate::model::period::Period;
use crate::model::report::{self, ProgramState, Scope};
use crate::model::types::{Better, Status};
use crate::project::Paper;

/// Display sizes of the charts in points, from the page's text width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sizes {
    /// Charts that span the page: status history, region matrix, a
    /// single-program brief's timeline.
    pub(crate) wide: f64,
    /// The portfolio status bar of the executive summary.
    pub(crate) status: f64,
    /// The heat map beside the top risks.
    pub(crate) heatmap: f64,
    /// The status mix by group: half the text width, height from its groups.
    pub(crate) group_mix: f64,
    /// The portfolio's status trend: half the text width, 120 pt high.
    pub(crate) trend: (f64, f64),
    /// A program page's milestone timeline: two of its three columns.
    pub(crate) program_timeline: f64,
    /// A KPI trend chart: a third of the page, less the gutters.
    pub(crate) kpi: (f64, f64),
    /// The sparkline of a KPI row.
    pub(crate) spark: (f64, f64),
}

impl Sizes {
    /// The sizes for a landscape page of this paper with the built-in
    /// templates' 14 mm side margins.
    pub(crate) fn for_paper(paper: Paper) -> Sizes {
        let page: f64 = match paper {
            Paper::A4 => 841.89,
            Paper::UsLetter => 792.0,
        };
        let text = page - 2.0 * 14.0 * 72.0 / 25.4;
        let wide = (text - 22.0).floor();
        Sizes {
            wide,
            status: 300.0,
            heatmap: 220.0,
            // Half of the text width less a 14 pt gutter: two side by side.
            group_mix: ((text - 14.0) / 2.0).floor(),
            trend: (((text - 14.0) / 2.0).floor(), 120.0),
            // The program page's grid: (2fr, 1fr) with a 14 pt gutter.
            program_timeline: ((text - 14.0) * 2.0 / 3.0 - 4.0).floor(),
            kpi: (((text - 24.0) / 3.0 - 6.0).floor(), 130.0),
            // As tall as a KPI row's line of text, so the rows keep their height.
            spark: (40.0, 9.5),
        }
    }
}

/// What the report shows besides its programs' data: the groups'
/// status mix, and which programs have a page (only they get their
/// charts).
pub(crate) struct Shown<'a> {
    pub(crate) groups: &'a [GroupMix],
    /// By program index, as `states`.
    pub(crate) with_page: &'a [bool],
}

/// Every chart of a report, in a fixed order: the portfolio's, then each
/// program's (in the report's program order).
/// `groups` is the status mix of each group of the report's `group_by`
/// (empty without one: then no group chart is drawn).
pub(crate) fn requests(
    states: &[ProgramState<'_>],
    scope: &Scope<'_>,
    shown: &Shown<'_>,
    sizes: &Sizes,
) -> Vec<ChartRequest> {
    let locale = ChartLocale::new(std::sync::Arc::clone(&scope.spec.locale));
    let req = |slot, spec, width, height| ChartRequest { slot, spec, width, height, locale: locale.clone() };
    let groups = shown.groups;
    // The status history and the region matrix show the programs with a
    // page: on a large portfolio's brief the rows are in the table of
    // programs on track, and the trend shows the whole mix.
    let paged: Vec<&ProgramState<'_>> =
        states.iter().zip(shown.with_page).filter(|(_, page)| **page).map(|(s, _)| s).collect();
    let mut out = vec![
        req(
            ChartSlot::PortfolioStatus,
            ChartSpec::PortfolioStatus { counts: status_counts(states) },
            sizes.status,
            0.0,
        ),
        req(ChartSlot::StatusTrend, status_trend(states, scope), sizes.trend.0, sizes.trend.1),
        req(ChartSlot::StatusHistory, status_history(&scope.spec.locale, &paged), sizes.wide, 0.0),
        req(ChartSlot::RegionMatrix, region_matrix(&paged), sizes.wide, 0.0),
        req(ChartSlot::RiskHeatmap, ChartSpec::RiskHeatmap { risks: heat_risks(states) }, sizes.heatmap, 0.0),
    ];
    if !groups.is_empty() {
        out.push(req(ChartSlot::GroupMix, ChartSpec::GroupMix { groups: groups.to_vec() }, sizes.group_mix, 0.0));
    }
    // A single-program brief shows every milestone across the page; a
    // portfolio brief's program page leaves out those done before the
    // previous period.
    let (timeline_w, done_since) = if scope.program.is_some() {
        (sizes.wide, None)
    } else {
        (sizes.program_timeline, scope.previous.map(|p| p.first_day()))
    };
    for (i, p) in states.iter().enumerate().filter(|(i, _)| shown.with_page[*i]) {
        let items = timeline_items(&scope.spec.locale, p, scope.as_of, done_since);
        if !items.is_empty() {
            let spec = ChartSpec::Timeline { items, as_of: scope.as_of };
            out.push(req(ChartSlot::Timeline { program: i }, spec, timeline_w, 0.0));
        }
        for (j, m) in p.now.metrics.iter().enumerate() {
            let points: Vec<(NaiveDate, f64)> =
                m.values.iter().filter(|o| o.date <= scope.as_of).map(|o| (o.date, o.value)).collect();
            let higher_is_better = derive::better(m) == Better::Higher;
            let values = points.iter().map(|(_, v)| *v).collect();
            let target = m.target.as_ref().map(|t| t.value);
            let series = KpiSeries {
                name: m.name.as_ref().map_or(m.id.value.clone(), |n| n.value.clone()),
                unit: m.unit.as_ref().map(|u| u.value.clone()),
                points,
                target,
                higher_is_better,
                baseline: m.baseline.as_ref().map(|b| b.value),
            };
            let (kw, kh) = sizes.kpi;
            out.push(req(
                ChartSlot::KpiTrend { program: i, metric: j },
                ChartSpec::KpiTrend { series, as_of: scope.as_of },
                kw,
                kh,
            ));
            let (sw, sh) = sizes.spark;
            let spark = ChartSpec::Sparkline { values, target, higher_is_better };
            out.push(req(ChartSlot::Sparkline { program: i, metric: j }, spark, sw, sh));
        }
    }
    out
}

/// The drawn charts by slot, as the template places them, and their files.
#[derive(Default)]
pub(crate) struct Placed {
    pub(crate) refs: HashMap<ChartSlot, Vec<ChartRef>>,
    /// (virtual path, SVG), in request order.
    pub(crate) files: Vec<(String, std::sync::Arc<str>)>,
}

impl Placed {
    pub(crate) fn new(requests: &[ChartRequest], drawn: Vec<Vec<Chart>>) -> Placed {
        let mut placed = Placed::default();
        for (r, charts) in requests.iter().zip(drawn) {
            let refs = charts
                .into_iter()
                .enumerate()
                .map(|(page, c)| {
                    let path = r.slot.path(page);
                    placed.files.push((path.clone(), c.svg));
                    ChartRef { path, alt: c.alt, width: c.width_pt, height: c.height_pt }
                })
                .collect();
            placed.refs.insert(r.slot, refs);
        }
        placed
    }

    /// The first (or only) chart of a slot.
    pub(crate) fn take(&mut self, slot: ChartSlot) -> Option<ChartRef> {
        self.refs.remove(&slot).and_then(|v| v.into_iter().next())
    }
}

/// A status as the charts draw it.
pub(crate) fn rag(s: Option<Status>) -> Rag {
    match s {
        Some(Status::Green) => Rag::Green,
        Some(Status::Amber) => Rag::Amber,
        Some(Status::Red) => Rag::Red,
        Some(Status::Unrated) => Rag::Unrated,
        Some(Status::Complete) => Rag::Complete,
        Some(Status::Paused) => Rag::Paused,
        None => Rag::NoData,
    }
}

fn status_counts(states: &[ProgramState<'_>]) -> Vec<(Rag, usize)> {
    [Rag::Red, Rag::Amber, Rag::Green, Rag::Unrated, Rag::Complete, Rag::Paused, Rag::NoData]
        .into_iter()
        .map(|r| (r, states.iter().filter(|p| rag(p.status()) == r).count()))
        .collect()
}

fn status_history(loc: &Locale, states: &[&ProgramState<'_>]) -> ChartSpec {
    let periods = states
        .first()
        .map(|p| p.statuses.iter().map(|(period, _)| loc.period_short(*period)).collect())
        .unwrap_or_default();
    let rows = states
        .iter()
        .map(|p| HistoryRow {
            label: p.now.display_name().to_string(),
            cells: p.statuses.iter().map(|(_, s)| rag(*s)).collect(),
        })
        .collect();
    ChartSpec::StatusHistory { periods, rows }
}

/// Programs by status in each of the last periods of the data up to the
/// report's (at most [`charts::TREND_PERIODS`]); a program counts in a period
/// once it has reported (before that it did not exist yet).
fn status_trend(states: &[ProgramState<'_>], scope: &Scope<'_>) -> ChartSpec {
    let mut periods: Vec<Period> = states
        .iter()
        .flat_map(|p| p.history.snapshots.iter().map(|(q, _)| *q))
        .filter(|q| *q <= scope.period)
        .collect();
    periods.sort();
    periods.dedup();
    let periods = &periods[periods.len().saturating_sub(TREND_PERIODS)..];
    let periods = periods
        .iter()
        .map(|&period| {
            let mut counts: Vec<(Rag, usize)> = Vec::new();
            for p in states.iter().filter(|p| p.history.last_update(period).is_some()) {
                let r = rag(report::status_at(p.history, period));
                match counts.iter_mut().find(|(q, _)| *q == r) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((r, 1)),
                }
            }
            TrendPeriod { label: scope.spec.locale.period_short(period), counts }
        })
        .collect();
    ChartSpec::StatusTrend { periods }
}

/// Regions in the order the organisation reads them; others follow alphabetically.
const REGION_ORDER: [&str; 6] = ["US", "UK", "EU", "SEA", "LATAM", "MENA"];

fn region_matrix(states: &[&ProgramState<'_>]) -> ChartSpec {
    let mut regions: Vec<String> = Vec::new();
    for p in states {
        for r in p.now.regions.iter().chain(p.now.region_status.iter().map(|(r, _)| r)) {
            if !regions.contains(&r.value) {
                regions.push(r.value.clone());
            }
        }
    }
    regions.sort_by_key(|r| (REGION_ORDER.iter().position(|o| o == r).unwrap_or(REGION_ORDER.len()), r.clone()));
    let rows = states
        .iter()
        .map(|p| MatrixRow {
            label: p.now.display_name().to_string(),
            cells: regions
                .iter()
                .map(|region| match p.now.region_status.iter().find(|(r, _)| &r.value == region) {
                    Some((_, s)) => rag(Some(s.value)),
                    None if p.now.regions.iter().any(|r| &r.value == region) => rag(p.status()),
                    None => Rag::NoData,
                })
                .collect(),
        })
        .collect();
    ChartSpec::RegionMatrix { regions, rows }
}

/// Open risks, highest score first: the heat map names the first ids that fit in a cell.
fn heat_risks(states: &[ProgramState<'_>]) -> Vec<HeatRisk> {
    let mut open: Vec<&crate::model::types::Risk> =
        states.iter().flat_map(|p| p.now.risks.iter()).filter(|r| r.is_open()).collect();
    open.sort_by_key(|r| std::cmp::Reverse(r.score().unwrap_or(0)));
    open.into_iter()
        .filter_map(|r| {
            Some(HeatRisk {
                id: r.id.value.clone(),
                likelihood: r.likelihood.as_ref()?.value,
                impact: r.impact.as_ref()?.value,
            })
        })
        .collect()
}

fn timeline_items(
    loc: &Locale,
    p: &ProgramState<'_>,
    as_of: NaiveDate,
    done_since: Option<NaiveDate>,
) -> Vec<TimelineItem> {
    p.now
        .milestones
        .iter()
        .filter(|m| !matches!((m.done.as_ref(), done_since), (Some(d), Some(since)) if d.value < since))
        .filter_map(|m| {
            let label = m.name.as_ref().map_or(m.id.value.as_str(), |n| n.value.as_str());
            TimelineItem::derived(loc, label, MilestoneDates::of(m), m.critical, as_of)
        })
        .collect()
}
