//! PNG export of a chart (for `brief charts --png` and for looking at them).
//!
//! Rendered with resvg, the SVG renderer Typst itself uses, with only the
//! embedded Inter fonts loaded: what the PNG shows is what the PDF shows.

use super::Chart;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The embedded fonts as a font database, built once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for (_, bytes) in crate::fonts::EMBEDDED {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family(crate::fonts::SANS_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Renders `chart` to PNG bytes on white; `scale` 1.0 is 96 dpi at the
/// chart's display size (so 2.0 is 192 dpi). Errors are messages.
pub(crate) fn to_png(chart: &Chart, scale: f32) -> Result<Vec<u8>, String> {
    if !scale.is_finite() || scale <= 0.0 || scale > 32.0 {
        return Err(format!("scale {scale} is outside 0..=32"));
    }
    let options = usvg::Options { fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(&chart.svg, &options).map_err(|e| format!("{}: invalid SVG: {e}", chart.name))?;
    let size =
        tree.size().scale_by(scale).map(|s| s.to_int_size()).ok_or_else(|| format!("{}: empty size", chart.name))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("{}: cannot allocate {}x{} pixels", chart.name, size.width(), size.height()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("{}: PNG encoding failed: {e}", chart.name))
}
