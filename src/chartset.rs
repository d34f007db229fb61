//! The charts stage: draws the charts a report's view asks for.
//!
//! The view ([`crate::view`]) decides which charts a report has, with their
//! data (states already derived) and their display size, as typed
//! [`ChartRequest`]s; this stage only draws them, in parallel, and keeps the
//! result of each request by a hash of it, so `watch` and `serve` redraw
//! only the charts whose data an edit changed. Paths never contain user
//! text: they are made from the [`ChartSlot`], i.e. from positions.

use std::sync::Arc;

use rayon::prelude::*;

use crate::charts::{
    self, Chart, GroupMix, HeatRisk, HistoryRow, KpiSeries, MatrixRow, Rag, TimelineItem, TrendPeriod,
};
use crate::locale::Locale;

/// Where a chart goes in the report data, which also names its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ChartSlot {
    /// `charts["portfolio-status"]`: the status mix of the portfolio.
    PortfolioStatus,
    /// `charts["group-mix"]`: the status mix of each group (`group_by`).
    GroupMix,
    /// `charts["status-trend"]`: the portfolio's status counts over the last periods.
    StatusTrend,
    /// `charts["status-history"]`: each program's status over the last periods (paged).
    StatusHistory,
    /// `charts["region-matrix"]`: each program's status by region (paged).
    RegionMatrix,
    /// `charts["risk-heatmap"]`: open risks by likelihood and impact.
    RiskHeatmap,
    /// `programs[program].charts.timeline`.
    Timeline { program: usize },
    /// `programs[program].metrics[metric].chart`.
    KpiTrend { program: usize, metric: usize },
    /// `programs[program].metrics[metric].sparkline`.
    Sparkline { program: usize, metric: usize },
}

impl ChartSlot {
    /// The key of a portfolio chart in `ReportData.charts`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            ChartSlot::PortfolioStatus => "portfolio-status",
            ChartSlot::GroupMix => "group-mix",
            ChartSlot::StatusTrend => "status-trend",
            ChartSlot::StatusHistory => "status-history",
            ChartSlot::RegionMatrix => "region-matrix",
            ChartSlot::RiskHeatmap => "risk-heatmap",
            ChartSlot::Timeline { .. } => "timeline",
            ChartSlot::KpiTrend { .. } => "kpi",
            ChartSlot::Sparkline { .. } => "spark",
        }
    }

    /// The virtual path of the chart's `page`-th file (0-based), e.g.
    /// "/charts/portfolio-status-1.svg" or "/charts/p3-kpi-0.svg".
    pub(crate) fn path(self, page: usize) -> String {
        match self {
            ChartSlot::Timeline { program } => format!("/charts/p{program}-timeline.svg"),
            ChartSlot::KpiTrend { program, metric } | ChartSlot::Sparkline { program, metric } => {
                format!("/charts/p{program}-{}-{metric}.svg", self.key())
            }
            _ => format!("/charts/{}-{}.svg", self.key(), page + 1),
        }
    }
}

/// What to draw, with its data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ChartSpec {
    PortfolioStatus { counts: Vec<(Rag, usize)> },
    GroupMix { groups: Vec<GroupMix> },
    StatusTrend { periods: Vec<TrendPeriod> },
    StatusHistory { periods: Vec<String>, rows: Vec<HistoryRow> },
    RegionMatrix { regions: Vec<String>, rows: Vec<MatrixRow> },
    RiskHeatmap { risks: Vec<HeatRisk> },
    Timeline { items: Vec<TimelineItem>, as_of: chrono::NaiveDate },
    KpiTrend { series: KpiSeries, as_of: chrono::NaiveDate },
    Sparkline { values: Vec<f64>, target: Option<f64>, higher_is_better: bool },
}

/// The language a chart's words are in, with a fingerprint of its words,
/// so the cache tells two catalogues apart without hashing every word of
/// every request (a request prints as the code and the fingerprint).
#[derive(Clone)]
pub(crate) struct ChartLocale {
    pub(crate) locale: Arc<Locale>,
    fingerprint: u128,
}

impl ChartLocale {
    /// The words of `locale`, fingerprinted once for all of a report's charts.
    pub(crate) fn new(locale: Arc<Locale>) -> Self {
        let fingerprint = typst::utils::hash128(&format!("{:?}", *locale));
        ChartLocale { locale, fingerprint }
    }
}

impl std::fmt::Debug for ChartLocale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{:032x}", self.locale.code, self.fingerprint)
    }
}

impl PartialEq for ChartLocale {
    fn eq(&self, other: &Self) -> bool {
        self.locale.code == other.locale.code && self.fingerprint == other.fingerprint
    }
}

/// A chart the view asks for: where it goes, what it shows, how big it is
/// printed (points; the template places it at exactly this size).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartRequest {
    pub(crate) slot: ChartSlot,
    pub(crate) spec: ChartSpec,
    pub(crate) width: f64,
    /// Only for charts whose height is not decided by their content.
    pub(crate) height: f64,
    /// The report's language, for the chart's words.
    pub(crate) locale: ChartLocale,
}

impl ChartRequest {
    /// Draws the chart: one page, or several for the paged grids.
    pub(crate) fn draw(&self) -> Vec<Chart> {
        let (w, h, loc) = (self.width, self.height, &*self.locale.locale);
        match &self.spec {
            ChartSpec::PortfolioStatus { counts } => vec![charts::portfolio_status(loc, counts, w)],
            ChartSpec::GroupMix { groups } => vec![charts::group_mix(loc, groups, w)],
            ChartSpec::StatusTrend { periods } => vec![charts::status_trend(loc, periods, w, h)],
            ChartSpec::StatusHistory { periods, rows } => charts::status_history(loc, periods, rows, w),
            ChartSpec::RegionMatrix { regions, rows } => charts::region_matrix(loc, regions, rows, w),
            ChartSpec::RiskHeatmap { risks } => vec![charts::risk_heatmap(loc, risks, w)],
            ChartSpec::Timeline { items, as_of } => vec![charts::milestone_timeline(loc, items, *as_of, w)],
            ChartSpec::KpiTrend { series, as_of } => vec![charts::kpi_trend(loc, series, *as_of, w, h)],
            ChartSpec::Sparkline { values, target, higher_is_better } => {
                vec![charts::sparkline(loc, values, *target, *higher_is_better, w, h)]
            }
        }
    }

    /// A hash of everything the drawing depends on.
    fn key(&self) -> u128 {
        typst::utils::hash128(&format!("{self:?}"))
    }
}

/// The charts of earlier renders by the hash of their request, so `watch`
/// and `serve` redraw only what an edit changed.
#[derive(Default)]
pub(crate) struct ChartCache {
    drawn: std::collections::HashMap<u128, Vec<Chart>>,
}

impl ChartCache {
    /// Draws every request (in parallel), reusing what the last call drew
    /// for an identical request; the result is in the order of `requests`.
    pub(crate) fn draw(&mut self, requests: &[ChartRequest]) -> Vec<Vec<Chart>> {
        let keys: Vec<u128> = requests.par_iter().map(ChartRequest::key).collect();
        let drawn: Vec<Vec<Chart>> = requests
            .par_iter()
            .zip(&keys)
            .map(|(r, k)| self.drawn.get(k).cloned().unwrap_or_else(|| r.draw()))
            .collect();
        self.drawn = keys.into_iter().zip(drawn.iter().cloned()).collect();
        drawn
    }
}
