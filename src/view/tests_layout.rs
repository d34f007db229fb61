//! The built-in templates place every chart at the size it was drawn, and
//! no text prints under 8 pt, in charts or on pages: the sample's reports are typeset and
//! every image on every page is measured against its SVG.

use std::path::Path;

use typst::layout::{Frame, FrameItem};

use crate::cli::PeriodArgs;
use crate::pipeline::{Options, Renderer};
use crate::session::{self, Session};

/// (alt text, placed width, natural width) of every image in a frame, in points.
fn images(frame: &Frame, out: &mut Vec<(String, f64, f64)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => images(&g.frame, out),
            FrameItem::Image(image, size, _) => {
                let dpi = image.dpi().unwrap_or(72.0);
                let natural = image.width() * 72.0 / dpi;
                out.push((image.alt().unwrap_or("").to_string(), size.x.to_pt(), natural));
            }
            _ => {}
        }
    }
}

fn sample() -> Session {
    Session::open(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// Every report of the sample (the deep dive of its first program), rendered
/// once each and handed to `each` with its id.
fn for_each_report(mut each: impl FnMut(&str, &crate::pipeline::Rendered)) {
    let session = sample();
    let none = PeriodArgs { period: None, as_of: None, since: None };
    let tf = session::timeframe(&none, &session.portfolio).expect("the sample has a period");
    let mut renderer = Renderer::new(&session).expect("the sample's fonts load");
    let first = session.portfolio.programs[0].id.clone();
    for spec in &session.project.reports {
        let program = (spec.template.value == "program-deep-dive").then(|| first.clone());
        let options = Options { program, pages_only: true, ..Options::default() };
        let Ok(r) = renderer.render(&session, spec, tf, &options) else { panic!("report {} failed", spec.id) };
        each(&spec.id, &r);
    }
}

/// (report, alt text, placed width, natural width) of every image of every report.
fn rendered_images() -> Vec<(String, String, f64, f64)> {
    let mut out = Vec::new();
    for_each_report(|id, r| {
        let mut found = Vec::new();
        for page in r.document.pages() {
            images(&page.frame, &mut found);
        }
        out.extend(found.into_iter().map(|(alt, placed, natural)| (id.to_string(), alt, placed, natural)));
    });
    out
}

#[test]
fn every_chart_is_placed_at_the_size_it_was_drawn() {
    let images = rendered_images();
    // The monthly brief and the one-pager place about thirty (the partner
    // brief, tables for partners, one).
    assert!(images.len() > 25, "the sample's reports placed only {} charts", images.len());
    let wrong: Vec<String> = images
        .into_iter()
        .filter(|(_, _, placed, natural)| (placed - natural).abs() > 0.5)
        .map(|(report, alt, placed, natural)| {
            let what: String = alt.chars().take(50).collect();
            format!("{report}: \"{what}\" drawn {natural:.1} pt wide, placed at {placed:.1} pt")
        })
        .collect();
    assert!(wrong.is_empty(), "charts scaled by the template:\n{}", wrong.join("\n"));
}

/// The font sizes (in points as drawn) of every text of an SVG chart.
fn svg_font_sizes(svg: &str) -> Vec<f64> {
    let px_per_pt = crate::charts::PX_PER_PT;
    svg.match_indices("font-size=\"")
        .filter_map(|(at, m)| {
            let rest = &svg[at + m.len()..];
            rest[..rest.find('"')?].trim_end_matches("px").parse::<f64>().ok()
        })
        .map(|px| px / px_per_pt)
        .collect()
}

#[test]
fn no_chart_text_prints_under_8_pt() {
    for_each_report(|id, r| {
        for (path, svg) in &r.charts {
            let sizes = svg_font_sizes(svg);
            assert!(!sizes.is_empty() || path.contains("spark"), "{path} has no text to measure");
            // Placement at the drawn size is checked above, so a size in the
            // SVG is the size on the page.
            let small: Vec<f64> = sizes.into_iter().filter(|s| *s < 8.0 - 1e-6).collect();
            assert!(small.is_empty(), "{id}: {path} has text at {small:?} pt");
        }
    });
}

/// The size (pt) and text of every run of text in a frame, charts aside
/// (their text is checked in the SVG above).
fn text_sizes(frame: &Frame, out: &mut Vec<(f64, String)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => text_sizes(&g.frame, out),
            FrameItem::Text(t) => out.push((t.size.to_pt(), t.text.to_string())),
            _ => {}
        }
    }
}

/// Type that carries meaning prints at 8 pt or more on every page of every
/// built-in template: the house style (BRIEF-GUIDE.md, "Form"). The DRAFT
/// watermark is the one larger exception, and nothing is smaller.
#[test]
fn no_page_text_prints_under_8_pt() {
    for_each_report(|id, r| {
        let mut runs = Vec::new();
        for page in r.document.pages() {
            text_sizes(&page.frame, &mut runs);
        }
        assert!(runs.len() > 100, "{id}: only {} runs of text", runs.len());
        let small: Vec<String> = runs
            .iter()
            .filter(|(size, _)| *size < 8.0 - 1e-6)
            .map(|(size, text)| format!("{size:.1} pt {text:?}"))
            .collect();
        assert!(small.is_empty(), "{id}: text under 8 pt:\n{}", small.join("\n"));
    });
}
