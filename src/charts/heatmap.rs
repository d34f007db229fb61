//! Risk heat map: 5 x 5, likelihood up, impact right, critical top-right.
//!
//! Cells take the colour of their score band (low, medium, high, critical),
//! pale when empty so the eye lands on occupied cells; each occupied cell
//! shows its count and as many risk ids as fit ("R12, R7 +3").

use super::canvas::Anchor;
use super::heatmap_alt::alt_text;
use super::parts::{Legend, Mark};
use super::text::Font;
use super::text::{clean, wrap_two};
use super::theme::{self, Rgb, size, space};
use super::{Chart, clamp, no_data, render, size_or};
use crate::locale::Locale;

/// One risk to place: likelihood and impact 1..=5 (others are skipped).
#[derive(Clone, Debug, PartialEq)]
pub struct HeatRisk {
    /// The risk's id, written in its cell.
    pub id: String,
    /// How likely the risk is, 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// How bad it would be, 1 (minimal) to 5 (severe).
    pub impact: u8,
}

pub(super) const BANDS: [(&str, &str, Rgb); 4] = [
    ("low", "1–4", theme::HEAT_LOW),
    ("medium", "5–9", theme::HEAT_MEDIUM),
    ("high", "10–14", theme::HEAT_HIGH),
    ("critical", "15–25", theme::HEAT_CRITICAL),
];

/// The band of a cell's score as an index into [`BANDS`]: the model's
/// bands ([`crate::model::derive::band`]), drawn in their colours.
pub(super) fn band(score: usize) -> usize {
    use crate::model::derive::Band;
    match crate::model::derive::band(score.min(25) as u8) {
        Band::Low => 0,
        Band::Medium => 1,
        Band::High => 2,
        Band::Critical => 3,
    }
}

/// The 5 x 5 risk heat map; ids in cells follow input order (pass risks
/// sorted by priority to show the top ones).
pub fn risk_heatmap(loc: &Locale, risks: &[HeatRisk], width_pt: f64) -> Chart {
    let name = "risk-heatmap";
    let w = size_or(width_pt, 300.0);
    // cells[l-1][i-1]: ids in input order.
    let mut cells: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); 5]; 5];
    let mut skipped = 0usize;
    for r in risks {
        if (1..=5).contains(&r.likelihood) && (1..=5).contains(&r.impact) {
            cells[r.likelihood as usize - 1][r.impact as usize - 1].push(clean(&r.id));
        } else {
            skipped += 1;
        }
    }
    let alt = alt_text(loc, &cells, skipped);
    let placed = risks.len() - skipped;
    if placed == 0 {
        return no_data(loc, name, w, 60.0, alt);
    }

    let tick = Font::regular(size::TICK, theme::TEXT);
    let title = Font::bold(size::TICK, theme::MUTED);
    let words =
        |axis: &str| -> Vec<String> { (1..=5).map(|i| loc.phrase(&format!("chart.heat.{axis}-{i}"), &[])).collect() };
    let (likelihood, impact) = (words("likelihood"), words("impact"));
    let y_labels: Vec<String> = (0..5).map(|l| format!("{} {}", l + 1, likelihood[l])).collect();
    // Likelihood labels wrap rather than lose their words ("5 Almost" over "certain").
    let y_lines: Vec<Vec<String>> =
        y_labels.iter().map(|l| wrap_two(l, tick, (w * 0.26 - 12.0 - space::PAD).max(20.0))).collect();
    let widest = y_lines.iter().flatten().map(|l| tick.width(l)).fold(0.0, f64::max);
    let left = clamp(12.0 + widest + space::PAD, 30.0, w * 0.34);
    let cell_w = (w - left) / 5.0;
    let cell_h = clamp(cell_w * 0.8, 22.0, 48.0);
    let grid_h = cell_h * 5.0;
    let mut band_count = [0usize; 4];
    for (l, row) in cells.iter().enumerate() {
        for (i, ids) in row.iter().enumerate() {
            band_count[band((l + 1) * (i + 1))] += ids.len();
        }
    }
    let items = BANDS
        .iter()
        .zip(band_count)
        .map(|((key, range, col), n)| {
            let band = loc.phrase(&format!("chart.heat.{key}"), &[]);
            (
                Mark::Swatch(*col),
                loc.phrase("chart.heat.band", &[("band", &band), ("range", range), ("n", &n.to_string())]),
            )
        })
        .collect();
    let legend = Legend::new(loc, items, w);
    // Impact heads never cut: "3 Moderate" on one line, or the number above
    // the word when a cell is too narrow for both.
    let two_line_heads = (0..5).any(|i| tick.width(&format!("{} {}", i + 1, impact[i])) > cell_w - 2.0);
    // Words wider than a cell alternate between two lines so neighbours never touch.
    let staggered = impact.iter().any(|n| tick.width(n) > cell_w - 2.0);
    let head_h = if staggered {
        18.0
    } else if two_line_heads {
        9.0
    } else {
        0.0
    };
    let h = grid_h + 30.0 + head_h + legend.height();

    render(loc, name, w, h, alt, |c| {
        c.text_up(
            &loc.phrase("chart.heat.likelihood", &[]),
            0.0 + title.size * 0.75,
            grid_h / 2.0,
            title,
            Anchor::Middle,
        )?;
        for l in 0..5 {
            let y0 = (4 - l) as f64 * cell_h;
            let lines = &y_lines[l];
            let first = y0 + cell_h / 2.0 - (lines.len() as f64 - 1.0) * 4.5;
            for (k, line) in lines.iter().enumerate() {
                let line = tick.fit(line, left - 12.0 - space::PAD);
                c.text_mid(&line, left - space::PAD, first + 9.0 * k as f64, tick, Anchor::End)?;
            }
            for (i, ids) in cells[l].iter().enumerate() {
                let x0 = left + i as f64 * cell_w;
                let b = band((l + 1) * (i + 1));
                let fill = if ids.is_empty() { theme::tint(BANDS[b].2, 0.55) } else { BANDS[b].2 };
                c.rect(x0 + 1.0, y0 + 1.0, x0 + cell_w - 1.0, y0 + cell_h - 1.0, fill)?;
                if ids.is_empty() {
                    continue;
                }
                let ink = if b == 3 { theme::WHITE } else { theme::INK };
                let count = Font::bold(size::BIG, ink);
                let small = Font::regular(size::TICK, ink);
                let lines = ((cell_h - 19.0) / 8.5).floor().max(0.0) as usize;
                let id_lines = pack_ids(ids, small, cell_w - 6.0, lines);
                let block = size::BIG * 0.73 + id_lines.len() as f64 * 8.5;
                let top = y0 + (cell_h - block) / 2.0;
                c.text(&ids.len().to_string(), x0 + cell_w / 2.0, top + size::BIG * 0.73, count, Anchor::Middle)?;
                for (k, line) in id_lines.iter().enumerate() {
                    let base = top + size::BIG * 0.73 + 8.5 * (k + 1) as f64;
                    c.text(line, x0 + cell_w / 2.0, base, small, Anchor::Middle)?;
                }
            }
        }
        for (i, name) in impact.iter().enumerate() {
            let cx = left + (i as f64 + 0.5) * cell_w;
            if two_line_heads {
                c.text(&(i + 1).to_string(), cx, grid_h + 10.0, tick, Anchor::Middle)?;
                let line = if staggered && i % 2 == 1 { 2.0 } else { 1.0 };
                c.text(name, cx, grid_h + 10.0 + 9.0 * line, tick, Anchor::Middle)?;
            } else {
                c.text(&format!("{} {name}", i + 1), cx, grid_h + 10.0, tick, Anchor::Middle)?;
            }
        }
        c.text(
            &loc.phrase("chart.heat.impact", &[]),
            left + 2.5 * cell_w,
            grid_h + 21.0 + head_h,
            title,
            Anchor::Middle,
        )?;
        legend.draw(c, left.min(w - legend.width).max(0.0), grid_h + 27.0 + head_h)
    })
}

/// Fills up to `lines` lines of `width` with ids, ending with "+n" for the
/// ones left over; an id too long for a line is truncated with an ellipsis.
fn pack_ids(ids: &[String], f: Font, width: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while out.len() < lines && i < ids.len() {
        let last_line = out.len() + 1 == lines;
        let mut line = String::new();
        while i < ids.len() {
            let rest = ids.len() - i - 1;
            let sep = if line.is_empty() { "" } else { ", " };
            let candidate = format!("{line}{sep}{}", ids[i]);
            // On the last line keep room for "+n".
            let reserve = if last_line && rest > 0 { f.width(&format!(" +{rest}")) } else { 0.0 };
            if f.width(&candidate) + reserve <= width {
                line = candidate;
                i += 1;
            } else if line.is_empty() {
                line = f.fit(&ids[i], width - reserve).into_owned();
                i += 1;
                break;
            } else {
                break;
            }
        }
        if last_line && i < ids.len() {
            line = format!("{line} +{}", ids.len() - i).trim_start().to_string();
            i = ids.len();
        }
        out.push(line);
    }
    out
}
