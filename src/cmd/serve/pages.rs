//! The preview's view of a rebuild: each page as SVG, the outline, the
//! problems, as the state the browser page receives.
//!
//! Pages are named by a hash of their layout, so a page the edit did not
//! touch keeps its name, is not exported again, and the browser keeps its
//! copy. Chart images are embedded in the page SVG as data URLs, so the
//! browser draws their text with its own fonts (the PDF uses Inter).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use typst::foundations::NativeElement;
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;

/// Exported pages by their hash (hex), carried over from one rebuild to the next.
#[derive(Default)]
pub struct PageCache {
    svgs: HashMap<String, Arc<String>>,
}

impl PageCache {
    /// Exports the pages of a document, re-using the SVG of every page whose
    /// layout did not change; returns the pages' descriptions.
    pub fn update(&mut self, document: &PagedDocument) -> Vec<PageInfo> {
        let hashed: Vec<(String, &typst_layout::Page)> =
            document.pages().par_iter().map(|page| (format!("{:032x}", typst::utils::hash128(page)), page)).collect();
        let fresh: Vec<(String, Arc<String>)> = hashed
            .par_iter()
            .filter(|(hash, _)| !self.svgs.contains_key(hash))
            .map(|(hash, page)| (hash.clone(), Arc::new(typst_svg::svg(page, &typst_svg::SvgOptions::default()))))
            .collect();
        let mut svgs: HashMap<String, Arc<String>> = fresh.into_iter().collect();
        for (hash, _) in &hashed {
            if let Some(svg) = self.svgs.get(hash) {
                svgs.insert(hash.clone(), Arc::clone(svg));
            }
        }
        self.svgs = svgs;
        hashed
            .iter()
            .enumerate()
            .map(|(i, (hash, page))| PageInfo {
                number: i + 1,
                hash: hash.clone(),
                width: round(page.frame.width().to_pt()),
                height: round(page.frame.height().to_pt()),
            })
            .collect()
    }

    /// The SVG of every current page, by hash.
    pub fn svgs(&self) -> &HashMap<String, Arc<String>> {
        &self.svgs
    }
}

fn round(pt: f64) -> f64 {
    (pt * 100.0).round() / 100.0
}

/// One page of the preview.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    pub number: usize,
    /// Names the page's SVG: `/pages/<hash>.svg`.
    pub hash: String,
    /// Size in points.
    pub width: f64,
    pub height: f64,
}

/// A heading of the brief and the page it is on.
#[derive(Debug, Clone, Serialize)]
pub struct OutlineEntry {
    pub title: String,
    pub level: i64,
    pub page: usize,
}

/// The headings of a document, in order, for jumping between pages.
pub fn outline(document: &PagedDocument) -> Vec<OutlineEntry> {
    let introspector = document.introspector();
    introspector
        .query(&HeadingElem::ELEM.select())
        .iter()
        .filter_map(|heading| {
            let page = introspector.page(heading.location()?)?.get();
            let level = match heading.get_by_name("level") {
                Ok(typst::foundations::Value::Int(n)) => n,
                _ => 1,
            };
            // The body only: the heading's own plain text starts with its supplement ("Section").
            let title = match heading.get_by_name("body") {
                Ok(typst::foundations::Value::Content(body)) => body.plain_text().trim().to_string(),
                _ => heading.plain_text().trim().to_string(),
            };
            (!title.is_empty()).then_some(OutlineEntry { title, level, page })
        })
        .collect()
}

/// Everything the browser page shows, sent on every rebuild.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct State {
    /// Counts rebuilds; 0 until the first one has finished.
    pub(crate) generation: u64,
    /// Whether the last rebuild succeeded.
    pub(crate) ok: bool,
    pub(crate) report: String,
    pub(crate) title: String,
    pub(crate) period: String,
    /// How long the last rebuild took.
    pub(crate) elapsed_ms: u128,
    /// The pages of the last good build (still shown while the input is broken).
    pub(crate) pages: Vec<PageInfo>,
    pub(crate) outline: Vec<OutlineEntry>,
    /// What stopped the last rebuild, each as the terminal shows it (without colour).
    pub(crate) errors: Vec<String>,
    pub(crate) warnings: Vec<String>,
}
