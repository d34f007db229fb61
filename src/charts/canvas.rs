//! A thin drawing surface over plotters' SVG backend, in points.
//!
//! Charts lay themselves out in printed points; the canvas multiplies by
//! [`PX_PER_PT`] so plotters' integer pixels become quarter points (fine enough
//! for crisp markers and text placement), and the SVG root is then given its
//! size in `pt` so Typst displays it at exactly the designed size.
//! Drawing goes straight to the backend: no chart builder, no shared cells.

use super::text::Font;
use super::theme::Rgb;
use crate::fonts::SANS_FAMILY;
use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle};

/// Canvas pixels per printed point (4x, i.e. 3x oversampling of 1 px = 0.75 pt).
pub(crate) const PX_PER_PT: f64 = 4.0;

/// Drawing failed inside plotters; the chart falls back to a notice.
#[derive(Debug)]
pub(crate) struct DrawError(pub String);

/// Converts a backend result (its error type is not re-exported by plotters).
fn ok<E: std::fmt::Display>(r: Result<(), E>) -> Drawn {
    r.map_err(|e| DrawError(e.to_string()))
}

/// Result of a drawing step.
pub(super) type Drawn = Result<(), DrawError>;

/// Horizontal text anchor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

fn px(v: f64) -> i32 {
    // `as` saturates and maps NaN to 0: no panic on absurd input.
    (v * PX_PER_PT).round() as i32
}

fn stroke(c: Rgb, width_pt: f64) -> ShapeStyle {
    let w = (width_pt * PX_PER_PT).round().clamp(1.0, 1000.0) as u32;
    RGBColor(c.0, c.1, c.2).stroke_width(w)
}

fn solid(c: Rgb) -> ShapeStyle {
    RGBColor(c.0, c.1, c.2).filled()
}

/// The drawing surface of one chart.
pub(crate) struct Canvas<'a> {
    be: SVGBackend<'a>,
    /// Dash styles in use: (colour, dash length in px). plotters' SVG has no
    /// `stroke-dasharray`, so a dashed line is drawn solid in a reserved
    /// sentinel colour (#0001nn, never a theme colour) and [`Canvas::finish`]
    /// reports the substitutions that turn it into a real dashed line:
    /// one element instead of dozens of segments.
    dashes: Vec<(Rgb, u32)>,
    /// Text styles already built, by (size bits, bold, colour, anchor, rotated).
    styles: Vec<(StyleKey, TextStyle<'static>)>,
}

type StyleKey = (u64, bool, Rgb, u8, bool);

/// Text substitutions to apply to the finished SVG.
pub(super) type Fixups = Vec<(String, String)>;

impl<'a> Canvas<'a> {
    /// A canvas writing into `buf`, `w` x `h` points.
    pub(crate) fn new(buf: &'a mut String, w: f64, h: f64) -> Canvas<'a> {
        let size = (px(w).max(1) as u32, px(h).max(1) as u32);
        Canvas { be: SVGBackend::with_string(buf, size), dashes: Vec::new(), styles: Vec::new() }
    }

    /// Closes the SVG document; returns the dash substitutions to apply.
    pub(crate) fn finish(mut self) -> Result<Fixups, DrawError> {
        ok(self.be.present())?;
        let fixups = self.dashes.iter().enumerate().map(|(i, (c, dash))| {
            let from = format!("stroke=\"#0001{i:02X}\"");
            let to = format!("stroke=\"#{:02X}{:02X}{:02X}\" stroke-dasharray=\"{dash} {dash}\"", c.0, c.1, c.2);
            (from, to)
        });
        Ok(fixups.collect())
    }

    /// Filled rectangle from corner to corner.
    pub(crate) fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Rgb) -> Drawn {
        let (a, b) = ((px(x0.min(x1)), px(y0.min(y1))), (px(x0.max(x1)), px(y0.max(y1))));
        if a.0 == b.0 || a.1 == b.1 {
            return Ok(());
        }
        ok(self.be.draw_rect(a, b, &solid(fill), true))
    }

    /// Rectangle outline (closed polyline, so any stroke width works).
    pub(crate) fn frame(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, c: Rgb, w: f64) -> Drawn {
        self.polyline(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], c, w)
    }

    /// Straight line.
    pub(crate) fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, c: Rgb, w: f64) -> Drawn {
        ok(self.be.draw_line((px(x0), px(y0)), (px(x1), px(y1)), &stroke(c, w)))
    }

    /// Dashed straight line, `dash` points on, `dash` points off.
    pub(crate) fn dashed(&mut self, from: (f64, f64), to: (f64, f64), c: Rgb, w: f64, dash: f64) -> Drawn {
        let dash_px = (dash * PX_PER_PT).round().clamp(1.0, 1e4) as u32;
        let i = match self.dashes.iter().position(|d| *d == (c, dash_px)) {
            Some(i) => i,
            None if self.dashes.len() < 256 => {
                self.dashes.push((c, dash_px));
                self.dashes.len() - 1
            }
            None => return self.line(from.0, from.1, to.0, to.1, c, w), // never: few styles
        };
        let sentinel = Rgb(0x00, 0x01, i as u8);
        self.line(from.0, from.1, to.0, to.1, sentinel, w)
    }

    /// Open polyline.
    pub(crate) fn polyline(&mut self, pts: &[(f64, f64)], c: Rgb, w: f64) -> Drawn {
        if pts.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        ok(self.be.draw_path(pts, &stroke(c, w)))
    }

    /// Filled polygon.
    pub(crate) fn polygon(&mut self, pts: &[(f64, f64)], fill: Rgb) -> Drawn {
        if pts.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        ok(self.be.fill_polygon(pts, &solid(fill)))
    }

    /// Filled circle.
    pub(crate) fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Rgb) -> Drawn {
        let r = (r * PX_PER_PT).round().clamp(1.0, 1e6) as u32;
        ok(self.be.draw_circle((px(cx), px(cy)), r, &solid(fill), true))
    }

    /// Text with its baseline at `y`. plotters writes a `dy` per vertical
    /// anchor; "Center" is `0.5ex`, which usvg (Typst's SVG reader) takes as
    /// a quarter em, so the anchor point sits a quarter em above the baseline.
    pub(crate) fn text(&mut self, s: &str, x: f64, y: f64, font: Font, anchor: Anchor) -> Drawn {
        self.text_styled(s, x, y, font, anchor, FontTransform::None)
    }

    /// Text whose capitals are vertically centred on `cy` (Inter's cap height
    /// is 0.73 em): for labels in cells, rows and chips.
    pub(crate) fn text_mid(&mut self, s: &str, x: f64, cy: f64, font: Font, anchor: Anchor) -> Drawn {
        self.text(s, x, cy + font.size * 0.365, font, anchor)
    }

    /// Text rotated to read bottom-to-top, baseline at x, anchored on y.
    pub(crate) fn text_up(&mut self, s: &str, x: f64, y: f64, font: Font, anchor: Anchor) -> Drawn {
        self.text_styled(s, x, y, font, anchor, FontTransform::Rotate270)
    }

    fn text_styled(&mut self, s: &str, x: f64, y: f64, font: Font, anchor: Anchor, t: FontTransform) -> Drawn {
        if s.is_empty() {
            return Ok(());
        }
        let rotated = matches!(t, FontTransform::Rotate270);
        let h = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        // Building a plotters font looks the family up in a global table and
        // copies the parsed font: keep the few styles a chart uses.
        let key = (font.size.to_bits(), font.bold, font.color, h as u8, rotated);
        let i = match self.styles.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let weight = if font.bold { FontStyle::Bold } else { FontStyle::Normal };
                // plotters writes font-size = size / 1.24: ask for size_pt x 4 px.
                let size = font.size * PX_PER_PT * 1.24;
                let desc = FontDesc::new(FontFamily::Name(SANS_FAMILY), size, weight).transform(t);
                let color = RGBColor(font.color.0, font.color.1, font.color.2).to_backend_color();
                let pos = Pos::new(h, VPos::Center);
                self.styles.push((key, TextStyle { font: desc, color, pos }));
                self.styles.len() - 1
            }
        };
        let pos = if rotated { (px(x - font.size * 0.25), px(y)) } else { (px(x), px(y - font.size * 0.25)) };
        ok(self.be.draw_text(s, &self.styles[i].1, pos))
    }
}
