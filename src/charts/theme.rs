//! The one chart theme: status palette, greys, type sizes and spacing.
//!
//! Colour carries status only; everything else is grey. The status fills are
//! spaced in lightness (red darkest, then green, then amber, then the inactive
//! states: paused, unrated, no data) so that they stay apart in greyscale and
//! for red-green colour-blind readers, and every status cell also carries a
//! letter. Unrated is a pale lavender, the only tinted light fill, between
//! paused and no data in lightness; its letter "U" tells it apart in print.

use super::Rag;

/// How one status is drawn, shared with the Typst templates (as data) so that
/// tables and charts use the same colours and letters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct StatusStyle {
    /// The status this style is for.
    pub rag: Rag,
    /// Stable lower-case key, e.g. `"green"`, `"no-data"`.
    pub key: &'static str,
    /// Human label, e.g. `"Green"`.
    pub label: &'static str,
    /// The letter printed in cells so status never depends on colour alone.
    pub letter: &'static str,
    /// Fill colour, `#RRGGBB`.
    pub fill: &'static str,
    /// Text colour on that fill, `#RRGGBB` (contrast >= 4.5:1).
    pub text: &'static str,
}

// Lightness L* in brackets: the order that survives greyscale printing.
static STATUS_STYLES: [StatusStyle; 7] = [
    style(Rag::Green, "green", "Green", "G", "#5FA271", INK_HEX), // L* 61
    style(Rag::Amber, "amber", "Amber", "A", "#EBB54A", INK_HEX), // L* 77
    style(Rag::Red, "red", "Red", "R", "#A63A35", "#FFFFFF"),     // L* 40
    style(Rag::Unrated, "unrated", "Unrated", "U", "#ECE6F5", INK_HEX), // L* 92, contrast 12:1
    style(Rag::Complete, "complete", "Complete", "C", "#8EA3B9", INK_HEX), // L* 66
    style(Rag::Paused, "paused", "Paused", "P", "#D6DBE1", INK_HEX), // L* 87
    style(Rag::NoData, "no-data", "No data", "–", "#F4F5F7", "#5F6B7A"), // L* 97
];

const fn style(
    rag: Rag,
    key: &'static str,
    label: &'static str,
    letter: &'static str,
    fill: &'static str,
    text: &'static str,
) -> StatusStyle {
    StatusStyle { rag, key, label, letter, fill, text }
}

/// All status styles, in the order Green, Amber, Red, Unrated, Complete, Paused, No data.
pub(crate) fn status_styles() -> &'static [StatusStyle] {
    &STATUS_STYLES
}

/// The style of one status.
pub(crate) fn status_style(rag: Rag) -> &'static StatusStyle {
    let i = match rag {
        Rag::Green => 0,
        Rag::Amber => 1,
        Rag::Red => 2,
        Rag::Unrated => 3,
        Rag::Complete => 4,
        Rag::Paused => 5,
        Rag::NoData => 6,
    };
    &STATUS_STYLES[i]
}

/// An sRGB colour (the charts draw everything opaque: no alpha, so no
/// `opacity` surprises when Typst or a printer flattens the page).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// Parses `#RRGGBB` at compile time (or at run time for the status table);
/// anything malformed becomes mid grey rather than a panic.
pub(crate) const fn hex(s: &str) -> Rgb {
    let b = s.as_bytes();
    if b.len() != 7 || b[0] != b'#' {
        return Rgb(128, 128, 128);
    }
    Rgb(byte(b[1], b[2]), byte(b[3], b[4]), byte(b[5], b[6]))
}

const fn byte(hi: u8, lo: u8) -> u8 {
    nibble(hi) * 16 + nibble(lo)
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 8,
    }
}

/// Fill colour of a status.
pub(crate) fn fill(rag: Rag) -> Rgb {
    hex(status_style(rag).fill)
}

/// Text colour on a status fill.
pub(crate) fn on_fill(rag: Rag) -> Rgb {
    hex(status_style(rag).text)
}

const INK_HEX: &str = "#1F2933";
/// Values, headline numbers, emphasised labels.
pub(crate) const INK: Rgb = hex(INK_HEX);
/// Row labels and ordinary text.
pub(crate) const TEXT: Rgb = hex("#3E4C59");
/// Tick labels, notes, secondary text.
pub(crate) const MUTED: Rgb = hex("#616E7C");
/// Axis lines, baseline markers, slip arrows.
pub(crate) const AXIS: Rgb = hex("#9AA5B1");
/// Grid lines and cell borders.
pub(crate) const GRID: Rgb = hex("#E4E7EB");
/// Zebra rows, the "good side of target" zone, empty states.
pub(crate) const FAINT: Rgb = hex("#F5F7FA");
/// Page white, gaps between cells.
pub(crate) const WHITE: Rgb = hex("#FFFFFF");

/// Risk heat-map bands (score = likelihood x impact): the status hues again,
/// pale for low/medium so the eye goes to high and critical.
pub(crate) const HEAT_LOW: Rgb = hex("#E6F0E8"); // L* 94
pub(crate) const HEAT_MEDIUM: Rgb = hex("#F2D089"); // L* 85
pub(crate) const HEAT_HIGH: Rgb = hex("#EBB54A"); // L* 77
pub(crate) const HEAT_CRITICAL: Rgb = hex("#A63A35"); // L* 40

/// Mixes a colour with white (`t` = share of white), for empty heat-map cells.
pub(crate) fn tint(c: Rgb, t: f64) -> Rgb {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let m = |v: u8| (v as f64 + (255.0 - v as f64) * t).round() as u8;
    Rgb(m(c.0), m(c.1), m(c.2))
}

/// Type sizes in points as printed. Nothing is smaller than [`size::MIN`].
pub(crate) mod size {
    /// The floor for every text on the page (the house style: nothing that
    /// carries meaning under 8 pt).
    pub(crate) const MIN: f64 = 8.0;
    /// Axis ticks, legends, notes.
    pub(crate) const TICK: f64 = 8.0;
    /// Row and category labels.
    pub(crate) const LABEL: f64 = 8.0;
    /// Letters inside status cells.
    pub(crate) const CELL: f64 = 8.0;
    /// Counts and values drawn on marks.
    pub(crate) const VALUE: f64 = 8.5;
    /// Chart-internal titles (KPI name).
    pub(crate) const TITLE: f64 = 8.0;
    /// Headline numbers (latest KPI value, heat-map counts).
    pub(crate) const BIG: f64 = 11.0;
}

/// Spacing in points.
pub(crate) mod space {
    /// Gap between a label and what it labels.
    pub(crate) const PAD: f64 = 4.0;
    /// Row height of status grids (history, region matrix).
    pub(crate) const GRID_ROW: f64 = 13.0;
    /// Row height of the milestone timeline.
    pub(crate) const TIMELINE_ROW: f64 = 18.0;
    /// Tallest block a paged chart returns: fits under a heading on an A4
    /// landscape page with 15 mm margins (content ~520 pt high).
    pub(crate) const PAGE_BLOCK: f64 = 460.0;
}

/// Stroke widths in points.
pub(crate) mod stroke {
    /// Hairlines: grid, separators.
    pub(crate) const HAIR: f64 = 0.5;
    /// Axes, target and reference lines.
    pub(crate) const THIN: f64 = 0.75;
    /// Data lines.
    pub(crate) const DATA: f64 = 1.5;
}
