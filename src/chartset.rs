//! Which charts a report gets, drawn from the report data alone.
//!
//! Turns the view ([`ReportData`]) into the inputs of the chart functions,
//! renders them (in parallel, one task per program), and records each
//! chart's virtual path, size and alt text in the data for the template.
//! Paths never contain user text: per-program charts use the program's
//! position, metrics their index.

use rayon::prelude::*;

use crate::charts::{self, Chart, HeatRisk, HistoryRow, KpiSeries, MatrixRow, Rag, TimelineItem};
use crate::model::period::parse_date;
use crate::model::types::{Better, RiskStatus, Status};
use crate::view::program::ProgramView;
use crate::view::{ChartRef, ReportData, StatusInfo};

/// Display sizes in points (A4 landscape, 14 mm margins: 762 pt of text width).
pub const WIDE: f64 = 740.0;
/// A program page's timeline spans two of its three columns.
pub const PROGRAM_TIMELINE: f64 = 495.0;
pub const STATUS_WIDTH: f64 = 360.0;
/// The heat map is drawn at the size the executive summary shows it, so its
/// 7 pt labels print at 7 pt (scaled down from 300 pt they printed at 4 pt).
pub const HEATMAP_WIDTH: f64 = 220.0;
pub const KPI_SIZE: (f64, f64) = (240.0, 130.0);
pub const SPARK_SIZE: (f64, f64) = (60.0, 14.0);

/// Regions in the order the organisation reads them; others follow alphabetically.
const REGION_ORDER: [&str; 6] = ["US", "UK", "EU", "SEA", "LATAM", "MENA"];

/// Renders every chart of a report; returns (virtual path, SVG) pairs.
pub fn render(data: &mut ReportData) -> Vec<(String, String)> {
    render_cached(data, &mut ChartCache::default())
}

/// The charts of each program drawn by earlier renders, keyed by a hash of
/// everything they are drawn from, so `watch` and `serve` redraw only the
/// charts of the programs an edit touched.
#[derive(Default)]
pub struct ChartCache {
    programs: std::collections::HashMap<u128, Vec<(String, Chart)>>,
}

/// Like [`render`], re-using the charts of programs whose data did not change.
pub fn render_cached(data: &mut ReportData, cache: &mut ChartCache) -> Vec<(String, String)> {
    data.statuses = charts::theme::status_styles()
        .iter()
        .map(|s| StatusInfo { key: s.key, label: s.label, letter: s.letter, fill: s.fill, text: s.text })
        .collect();
    let mut files = Vec::new();
    let portfolio: Vec<(&str, Vec<Chart>)> = vec![
        ("portfolio-status", vec![charts::portfolio_status(&status_counts(&data.programs), STATUS_WIDTH)]),
        ("status-history", status_history(data)),
        ("region-matrix", region_matrix(&data.programs)),
        ("risk-heatmap", vec![charts::risk_heatmap(&heat_risks(&data.programs), HEATMAP_WIDTH)]),
    ];
    for (key, list) in portfolio {
        let refs = list
            .into_iter()
            .enumerate()
            .map(|(i, c)| place(c, &format!("/charts/{key}-{}.svg", i + 1), &mut files))
            .collect();
        data.charts.insert(key.to_string(), refs);
    }
    let as_of = parse_date(&data.as_of).ok();
    // A single-program brief shows every milestone; a portfolio brief's
    // program page leaves out those done before the previous period.
    let timeline = if data.report.program.is_some() {
        Timeline { width: WIDE, done_since: None }
    } else {
        Timeline { width: PROGRAM_TIMELINE, done_since: data.previous_period.map(|p| p.first_day()) }
    };
    // `program_charts` depends on its arguments alone, so they are the key.
    let keys: Vec<u128> = data
        .programs
        .iter()
        .enumerate()
        .map(|(i, p)| typst::utils::hash128(&format!("{i} {as_of:?} {timeline:?} {p:?}")))
        .collect();
    let per_program: Vec<Vec<(String, Chart)>> = data
        .programs
        .par_iter()
        .enumerate()
        .map(|(i, p)| cache.programs.get(&keys[i]).cloned().unwrap_or_else(|| program_charts(i, p, as_of, timeline)))
        .collect();
    cache.programs = keys.iter().copied().zip(per_program.iter().cloned()).collect();
    for (p, list) in data.programs.iter_mut().zip(per_program) {
        for (slot, chart) in list {
            let path = format!("/charts/p{slot}.svg");
            attach(p, &slot, chart, &path, &mut files);
        }
    }
    files
}

fn place(chart: Chart, path: &str, files: &mut Vec<(String, String)>) -> ChartRef {
    let r = ChartRef { path: path.to_string(), alt: chart.alt, width: chart.width_pt, height: chart.height_pt };
    files.push((path.to_string(), chart.svg));
    r
}

fn attach(p: &mut ProgramView, slot: &str, chart: Chart, path: &str, files: &mut Vec<(String, String)>) {
    let r = place(chart, path, files);
    if slot.ends_with("timeline") {
        p.charts.insert("timeline".into(), r);
    } else if let Some((kind, index)) = slot.rsplit_once('-').and_then(|(k, i)| Some((k, i.parse::<usize>().ok()?)))
        && let Some(m) = p.metrics.get_mut(index)
    {
        if kind.ends_with("kpi") {
            m.chart = Some(r);
        } else {
            m.sparkline = Some(r);
        }
    }
}

/// How a program's milestone timeline is drawn.
#[derive(Clone, Copy, Debug)]
struct Timeline {
    width: f64,
    /// Leave out milestones done before this date.
    done_since: Option<chrono::NaiveDate>,
}

/// The charts of one program, each with a slot name unique in the report.
fn program_charts(
    i: usize,
    p: &ProgramView,
    as_of: Option<chrono::NaiveDate>,
    timeline: Timeline,
) -> Vec<(String, Chart)> {
    let mut out = Vec::new();
    let Some(as_of) = as_of else { return out };
    let items: Vec<TimelineItem> = p
        .milestones
        .iter()
        .filter(|m| {
            let done = m.done.as_deref().and_then(|d| parse_date(d).ok());
            !matches!((done, timeline.done_since), (Some(d), Some(since)) if d < since)
        })
        .filter_map(|m| {
            Some(TimelineItem {
                label: m.name.clone(),
                due: parse_date(m.due.as_deref()?).ok()?,
                forecast: m.forecast.as_deref().and_then(|d| parse_date(d).ok()),
                done: m.done.as_deref().and_then(|d| parse_date(d).ok()),
                critical: m.critical,
            })
        })
        .collect();
    if !items.is_empty() {
        out.push((format!("{i}-timeline"), charts::milestone_timeline(&items, as_of, timeline.width)));
    }
    for (j, m) in p.metrics.iter().enumerate() {
        let points: Vec<(chrono::NaiveDate, f64)> =
            m.values.iter().filter_map(|v| Some((parse_date(&v.date).ok()?, v.value))).collect();
        let higher = m.better == Better::Higher;
        let series = KpiSeries {
            name: m.name.clone(),
            unit: m.unit.clone(),
            points: points.clone(),
            target: m.target,
            higher_is_better: higher,
            baseline: m.baseline,
        };
        out.push((format!("{i}-kpi-{j}"), charts::kpi_trend(&series, as_of, KPI_SIZE.0, KPI_SIZE.1)));
        let values: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
        out.push((format!("{i}-spark-{j}"), charts::sparkline(&values, m.target, higher, SPARK_SIZE.0, SPARK_SIZE.1)));
    }
    out
}

pub fn rag(s: Option<Status>) -> Rag {
    match s {
        Some(Status::Green) => Rag::Green,
        Some(Status::Amber) => Rag::Amber,
        Some(Status::Red) => Rag::Red,
        Some(Status::Complete) => Rag::Complete,
        Some(Status::Paused) => Rag::Paused,
        None => Rag::NoData,
    }
}

fn status_counts(programs: &[ProgramView]) -> Vec<(Rag, usize)> {
    [Rag::Red, Rag::Amber, Rag::Green, Rag::Complete, Rag::Paused, Rag::NoData]
        .into_iter()
        .map(|r| (r, programs.iter().filter(|p| rag(p.status) == r).count()))
        .collect()
}

fn status_history(data: &ReportData) -> Vec<Chart> {
    let periods: Vec<String> =
        data.programs.first().map(|p| p.history.iter().map(|h| h.label.clone()).collect()).unwrap_or_default();
    let rows: Vec<HistoryRow> = data
        .programs
        .iter()
        .map(|p| HistoryRow { label: p.name.clone(), cells: p.history.iter().map(|h| rag(h.status)).collect() })
        .collect();
    charts::status_history(&periods, &rows, WIDE)
}

fn region_matrix(programs: &[ProgramView]) -> Vec<Chart> {
    let mut regions: Vec<String> = Vec::new();
    for p in programs {
        for r in p.regions.iter().chain(p.region_status.iter().map(|s| &s.region)) {
            if !regions.contains(r) {
                regions.push(r.clone());
            }
        }
    }
    regions.sort_by_key(|r| (REGION_ORDER.iter().position(|o| o == r).unwrap_or(REGION_ORDER.len()), r.clone()));
    let rows: Vec<MatrixRow> = programs
        .iter()
        .map(|p| MatrixRow {
            label: p.name.clone(),
            cells: regions
                .iter()
                .map(|region| match p.region_status.iter().find(|s| &s.region == region) {
                    Some(s) => rag(Some(s.status)),
                    None if p.regions.contains(region) => rag(p.status),
                    None => Rag::NoData,
                })
                .collect(),
        })
        .collect();
    charts::region_matrix(&regions, &rows, WIDE)
}

/// Open risks, highest score first: the heat map names the first ids that fit in a cell.
fn heat_risks(programs: &[ProgramView]) -> Vec<HeatRisk> {
    let mut open: Vec<&crate::view::program::RiskView> =
        programs.iter().flat_map(|p| p.risks.iter()).filter(|r| r.status != RiskStatus::Closed).collect();
    open.sort_by_key(|r| std::cmp::Reverse(r.score.unwrap_or(0)));
    open.into_iter()
        .filter_map(|r| Some(HeatRisk { id: r.id.clone(), likelihood: r.likelihood?, impact: r.impact? }))
        .collect()
}
