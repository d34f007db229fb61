//! `brief charts`: every chart of a report as SVG (and PNG) files, for slides.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Outcome, Printer};
use crate::cli::{ChartsArgs, Global};
use crate::load::walk::slugify;
use crate::view::{ChartRef, ReportData};

/// PNGs are drawn at twice the display size (192 dpi), sharp on slides.
pub(crate) const PNG_SCALE: f32 = 2.0;

/// One chart file written, for `charts.json`.
#[derive(Serialize)]
struct Written {
    file: String,
    alt: String,
    width_pt: f64,
    height_pt: f64,
}

pub(crate) fn run(global: &Global, args: &ChartsArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let view = match super::open_report_view(&printer, start, &args.period, args.report.as_deref()) {
        Ok(view) => view,
        Err(outcome) => return Ok(outcome),
    };
    let session = &view.session;
    let (data, files) = (view.built.data, view.built.charts);
    let dir = args.out.clone().unwrap_or_else(|| {
        default_dir(&session.root, &session.project.out_dir, &view.period.to_string(), &view.report)
    });
    let mut written = Vec::new();
    for (stem, chart) in named(&data) {
        let Some((_, svg)) = files.iter().find(|(path, _)| *path == chart.path) else { continue };
        let svg_path = dir.join(format!("{stem}.svg"));
        crate::output::write_atomic(&svg_path, svg.as_bytes())?;
        if args.png {
            let c = crate::charts::Chart {
                name: stem.clone(),
                svg: svg.clone(),
                alt: chart.alt.clone(),
                width_pt: chart.width,
                height_pt: chart.height,
            };
            let png =
                crate::charts::to_png(&c, PNG_SCALE).map_err(|e| anyhow::anyhow!("cannot draw {stem}.png: {e}"))?;
            crate::output::write_atomic(&dir.join(format!("{stem}.png")), &png)?;
        }
        written.push(Written {
            file: format!("{stem}.svg"),
            alt: chart.alt.clone(),
            width_pt: chart.width,
            height_pt: chart.height,
        });
    }
    crate::output::write_atomic(&dir.join("charts.json"), &serde_json::to_vec_pretty(&written)?)?;
    printer.status(&format!(
        "wrote {} charts{} to {} (alt texts in charts.json)",
        written.len(),
        if args.png { " as SVG and PNG" } else { " as SVG" },
        crate::load::display_path(&session.root, &dir)
    ));
    Ok(Outcome::Success)
}

/// Every chart of the data with a readable, file-safe name.
fn named(data: &ReportData) -> Vec<(String, ChartRef)> {
    let mut out = Vec::new();
    for (key, pages) in &data.charts {
        for (i, c) in pages.iter().enumerate() {
            let stem = if pages.len() == 1 { key.clone() } else { format!("{key}-{}", i + 1) };
            out.push((stem, c.clone()));
        }
    }
    for p in &data.programs {
        if let Some(t) = p.charts.get("timeline") {
            out.push((format!("{}-timeline", p.id), t.clone()));
        }
        for m in &p.metrics {
            let metric = slugify(&m.id);
            if let Some(c) = &m.chart {
                out.push((format!("{}-kpi-{metric}", p.id), c.clone()));
            }
            if let Some(c) = &m.sparkline {
                out.push((format!("{}-sparkline-{metric}", p.id), c.clone()));
            }
        }
    }
    out
}

/// Where `brief charts` writes by default.
pub(crate) fn default_dir(root: &Path, out: &Path, period: &str, report: &str) -> PathBuf {
    root.join(out).join(period).join("charts").join(report)
}
