//! Charts for leadership briefs: SVG strings drawn with plotters, sized in
//! points for the Typst templates, each with alt text built from its data.
//!
//! Every function takes plain data and a display size and returns [`Chart`]s;
//! none panics or fails. Empty input draws a "No data" panel, and a drawing
//! error (never expected) draws a "could not be drawn" notice instead of
//! aborting the brief. Output bytes depend only on the input: no clock, no
//! hash-map order, integer geometry, Rust's shortest float formatting.

mod axis;
mod canvas;
mod grid;
mod grid_layout;
mod heatmap;
mod heatmap_alt;
mod history;
mod kpi;
mod kpi_text;
mod matrix;
mod milestones;
mod mix;
mod parts;
mod png;
mod sparkline;
mod status;
pub(crate) mod text;
pub(crate) mod theme;
mod timeline;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_data;
#[cfg(test)]
mod tests_edge;
#[cfg(test)]
mod tests_fuzz;
#[cfg(test)]
mod tests_locale;
#[cfg(test)]
mod tests_paging;

pub use heatmap::{HeatRisk, risk_heatmap};
pub use history::{HistoryRow, status_history};
pub use kpi::{KpiSeries, kpi_trend};
pub use matrix::{MatrixRow, region_matrix};
pub(crate) use mix::TREND_PERIODS;
pub use mix::{GroupMix, TrendPeriod, group_mix, status_trend};
pub(crate) use png::to_png;
pub use sparkline::sparkline;
pub use status::portfolio_status;
pub(crate) use theme::StatusStyle;
pub use timeline::{TimelineItem, milestone_timeline};

use crate::locale::Locale;
pub(crate) use canvas::PX_PER_PT;
use canvas::{Anchor, Canvas, Drawn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use text::Font;

/// One rendered chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Stable file stem, e.g. "risk-heatmap" or "status-history-2".
    pub name: String,
    /// A complete SVG document whose root `width`/`height` are in `pt`, so
    /// its natural size in Typst is the display size below. Shared, not
    /// copied, by the chart cache, the report and typst's files: a
    /// thousand-program brief has tens of megabytes of them.
    pub svg: std::sync::Arc<str>,
    /// Screen-reader description generated from the data (full labels).
    pub alt: String,
    /// Display width in points.
    pub width_pt: f64,
    /// Display height in points.
    pub height_pt: f64,
}

/// Program (or milestone, or cell) status.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Rag {
    /// On track.
    Green,
    /// At risk.
    Amber,
    /// Off track.
    Red,
    /// Not assessed this period, or the rating is withheld.
    Unrated,
    /// Finished.
    Complete,
    /// Stopped for now.
    Paused,
    /// No status reported.
    NoData,
}

impl Rag {
    /// Every status, in legend order.
    pub const ALL: [Rag; 7] = [Rag::Green, Rag::Amber, Rag::Red, Rag::Unrated, Rag::Complete, Rag::Paused, Rag::NoData];

    /// Colours, letter and label of this status.
    pub fn style(self) -> &'static StatusStyle {
        theme::status_style(self)
    }

    /// Active programs count towards at-risk totals; unrated, complete and
    /// paused ones are shown apart (a program with no data is still active).
    pub fn is_active(self) -> bool {
        !matches!(self, Rag::Unrated | Rag::Complete | Rag::Paused)
    }

    /// Severity for "better/worse" comparisons; `None` when not comparable.
    pub(crate) fn severity(self) -> Option<u8> {
        match self {
            Rag::Green => Some(0),
            Rag::Amber => Some(1),
            Rag::Red => Some(2),
            _ => None,
        }
    }

    /// Lower-case word for an alt text in the report's language: "red", "no data".
    pub(crate) fn word_in(self, loc: &Locale) -> String {
        match self {
            Rag::NoData => loc.phrase("chart.alt.no-data", &[]),
            _ => loc.phrase(&format!("status.{}.word", self.style().key), &[]),
        }
    }

    /// The status's name in the report's language, as the tables write it: "Green".
    pub(crate) fn label_in(self, loc: &Locale) -> String {
        loc.phrase(&format!("status.{}", self.style().key), &[])
    }

    /// The letter its cells carry in the report's language: "G".
    pub(crate) fn letter_in(self, loc: &Locale) -> String {
        loc.phrase(&format!("status.{}.letter", self.style().key), &[])
    }
}

/// `v` limited to [lo, hi] without `f64::clamp`'s panic when lo > hi
/// (which tiny or absurd sizes can produce): hi wins.
pub(crate) fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// Largest display dimension accepted, in points (a few A4 pages).
const MAX_PT: f64 = 4000.0;

/// Clamps a requested display size: NaN or non-positive becomes `default`.
pub(crate) fn size_or(v: f64, default: f64) -> f64 {
    if v.is_finite() && v > 0.0 { v.clamp(4.0, MAX_PT) } else { default }
}

/// Draws one chart. A drawing error or a panic inside plotters turns into a
/// fallback notice with the same name, size and alt text.
pub(crate) fn render(
    loc: &Locale,
    name: &str,
    w: f64,
    h: f64,
    alt: String,
    draw: impl FnOnce(&mut Canvas) -> Drawn,
) -> Chart {
    // Whole canvas pixels, so the viewBox and the pt size agree exactly.
    let snap = |v: f64| (v * PX_PER_PT).round() / PX_PER_PT;
    let (w, h) = (snap(size_or(w, 100.0)), snap(size_or(h, 40.0)));
    let mut svg = String::with_capacity(16 * 1024);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut canvas = Canvas::new(&mut svg, w, h);
        draw(&mut canvas)?;
        canvas.finish()
    }));
    match outcome {
        Ok(Ok(fixups)) => Chart {
            name: name.to_string(),
            svg: size_in_points(apply(svg, &fixups), w, h).into(),
            alt,
            width_pt: w,
            height_pt: h,
        },
        Ok(Err(e)) => fallback(loc, name, w, h, alt, &e.0),
        Err(_) => fallback(loc, name, w, h, alt, "panic while drawing"),
    }
}

/// The "No data" state: a quiet panel that cannot be mistaken for a chart.
pub(crate) fn no_data(loc: &Locale, name: &str, w: f64, h: f64, alt: String) -> Chart {
    let words = Rag::NoData.label_in(loc);
    render(loc, name, w, h, alt, |c| {
        let (w, h) = (size_or(w, 100.0), size_or(h, 40.0));
        c.rect(0.0, 0.0, w, h, theme::FAINT)?;
        c.frame(0.0, 0.0, w, h, theme::GRID, theme::stroke::HAIR)?;
        let font = Font::regular(theme::size::LABEL.min(h * 0.6).max(theme::size::MIN), theme::MUTED);
        let label = font.fit(&words, w - 4.0);
        c.text(&label, w / 2.0, h / 2.0 + font.size * 0.36, font, Anchor::Middle)
    })
}

/// Applies the canvas' text substitutions (real dashed lines) in one pass:
/// every sentinel starts with `stroke="#0001`, so only those spots are
/// looked up.
fn apply(svg: String, fixups: &canvas::Fixups) -> String {
    const MARK: &str = "stroke=\"#0001";
    if fixups.is_empty() || !svg.contains(MARK) {
        return svg;
    }
    let mut out = String::with_capacity(svg.len() + fixups.len() * 64);
    let mut rest = svg.as_str();
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match fixups.iter().find(|(from, _)| rest.starts_with(from.as_str())) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push_str(MARK);
                rest = &rest[MARK.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Gives the SVG root its display size in points; the viewBox keeps the
/// canvas pixels, so Typst scales the drawing to exactly `w` x `h` pt.
fn size_in_points(svg: String, w: f64, h: f64) -> String {
    match (svg.starts_with("<svg "), svg.find(" viewBox=")) {
        (true, Some(at)) => format!("<svg width=\"{w}pt\" height=\"{h}pt\"{}", &svg[at..]),
        _ => svg,
    }
}

/// Hand-written SVG for when plotters failed: needs nothing that can fail.
fn fallback(loc: &Locale, name: &str, w: f64, h: f64, alt: String, reason: &str) -> Chart {
    let reason: String = reason.chars().filter(|c| c.is_alphanumeric() || " .,:;()-_".contains(*c)).collect();
    let (pw, ph) = ((w * PX_PER_PT).round(), (h * PX_PER_PT).round());
    let font_px = theme::size::LABEL * PX_PER_PT;
    let notice = xml_text(&loc.phrase("chart.not-drawn", &[]));
    let svg = format!(
        "<svg width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {pw} {ph}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <desc>{reason}</desc>\n\
         <rect x=\"0\" y=\"0\" width=\"{pw}\" height=\"{ph}\" fill=\"#F5F7FA\" stroke=\"#E4E7EB\"/>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{font_px}\" fill=\"#616E7C\">{notice}</text>\n\
         </svg>\n",
        pw / 2.0,
        ph / 2.0 + font_px * 0.36,
        crate::fonts::SANS_FAMILY,
    );
    Chart {
        name: name.to_string(),
        svg: svg.into(),
        alt: loc.phrase("chart.alt.not-drawn", &[("alt", &alt)]),
        width_pt: w,
        height_pt: h,
    }
}

/// Text for an SVG text node: a project's catalogue may hold `&` or `<`.
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// "3 red" in the report's language.
pub(crate) fn status_mix(loc: &Locale, n: usize, rag: Rag) -> String {
    loc.phrase("status.mix", &[("n", &loc.count(n)), ("status", &rag.word_in(loc))])
}

/// Parts of an alt text listed: "3 red, 4 amber" (Japanese "赤3件、黄4件").
pub(crate) fn alt_list(loc: &Locale, parts: &[String]) -> String {
    parts.join(&loc.phrase("list.separator", &[]))
}

/// Clauses of an alt text apart: "a; b".
pub(crate) fn alt_clauses(loc: &Locale, parts: &[String]) -> String {
    parts.join(&loc.phrase("chart.alt.list-break", &[]))
}

/// A label an alt text reads, or "(unnamed)" when it is empty.
pub(crate) fn alt_label(loc: &Locale, label: &str) -> String {
    if label.is_empty() { loc.phrase("chart.unnamed", &[]) } else { label.to_string() }
}
