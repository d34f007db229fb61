//! Large inputs: 300 programs, 52 periods, 60 regions. Every page-sized
//! chart must fit under a heading on an A4 landscape page, and every
//! program must be described exactly once across the pages' alt texts.

use super::tests::{check, look, named};
use super::tests_data::{s, sample_matrix};
use super::*;

#[test]
fn three_hundred_programs_stay_readable() {
    let (regions, rows) = sample_matrix(300);
    let pages = region_matrix(crate::locale::Locale::english(), &regions, &rows, 740.0);
    assert!(pages.len() <= 5, "{} pages", pages.len());
    let mut listed = 0;
    for (i, p) in pages.iter().enumerate() {
        look(&named(p.clone(), &format!("edge-300-{}", p.name)));
        assert!(p.height_pt <= theme::space::PAGE_BLOCK + 0.01, "page {i} is {} pt", p.height_pt);
        assert_eq!(p.name, if i == 0 { "region-matrix".to_string() } else { format!("region-matrix-{}", i + 1) });
        listed += rows.iter().filter(|r| p.alt.contains(&format!(" {}:", r.label))).count();
    }
    assert_eq!(listed, 300, "every program is described exactly once");
    let history: Vec<HistoryRow> =
        rows.iter().map(|r| HistoryRow { label: r.label.clone(), cells: r.cells.clone() }).collect();
    let periods: Vec<String> = (1..=52).map(|w| format!("W{w:02}")).collect();
    let h = status_history(crate::locale::Locale::english(), &periods, &history, 740.0);
    for p in &h {
        look(&named(p.clone(), &format!("edge-300-{}", p.name)));
        assert!(p.height_pt <= theme::space::PAGE_BLOCK + 0.01);
        assert!(p.alt.contains("(W"), "{}", &p.alt[..200.min(p.alt.len())]);
    }
    let summary: Vec<String> = pages.iter().chain(&h).map(summary).collect();
    insta::assert_snapshot!("three_hundred_programs", summary.join("\n"));
}

/// A line per chart: name, size, SVG length and digest, start of alt.
fn summary(c: &Chart) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(c.svg.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let alt: String = c.alt.chars().take(90).collect();
    format!("{} {}x{} {}B {hex} | {alt}", c.name, c.width_pt, c.height_pt, c.svg.len())
}

#[test]
fn many_regions_split_into_chunks() {
    let regions: Vec<String> = (0..60).map(|i| format!("Country {i}")).collect();
    let rows = vec![MatrixRow { label: s("Global"), cells: vec![Rag::Amber; 60] }];
    let pages = region_matrix(crate::locale::Locale::english(), &regions, &rows, 740.0);
    assert!(pages.len() >= 2);
    let shown: usize = pages.iter().map(|p| p.alt.matches("amber in").count()).sum();
    assert_eq!(shown, pages.len());
    pages.iter().for_each(|p| {
        check(p);
    });
}
