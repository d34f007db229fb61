//! Snapshot and property tests for every chart kind on realistic data.
//!
//! Each chart is checked for what Typst needs (well-formed XML, no control
//! characters, the real font family, sizes in pt) and what readers need
//! (no text under 7 pt on the page, alt text naming the data). Set
//! `CHARTS_LOOK=DIR` (any folder outside the repository) to also write PNGs
//! there for looking at.

use super::tests_data::*;
use super::theme::status_styles;
use super::*;

/// Asserts everything a chart must satisfy; returns it for chaining.
pub(crate) fn check(c: &Chart) -> &Chart {
    let svg = &c.svg;
    assert!(!c.name.is_empty() && c.name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'), "name {}", c.name);
    assert!(!svg.chars().any(|ch| ch.is_control() && ch != '\n'), "{}: control character in SVG", c.name);
    let doc = resvg::usvg::roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{}: invalid XML: {e}", c.name));
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some(format!("{}pt", c.width_pt).as_str()), "{}", c.name);
    assert_eq!(root.attribute("height"), Some(format!("{}pt", c.height_pt).as_str()), "{}", c.name);
    let view_w: f64 = root
        .attribute("viewBox")
        .and_then(|v| v.split(' ').nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{}: no viewBox", c.name));
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        assert_eq!(node.attribute("font-family"), Some("Inter"), "{}: generic or missing family", c.name);
        let px: f64 = node.attribute("font-size").and_then(|v| v.parse().ok()).unwrap_or(0.0);
        let pt = px * c.width_pt / view_w;
        assert!(pt >= 7.0 - 1e-6, "{}: text {:?} is {pt:.2} pt", c.name, node.text());
    }
    assert!(!c.alt.is_empty(), "{}: empty alt", c.name);
    assert!(!c.alt.chars().any(char::is_control), "{}: control character in alt", c.name);
    c
}

/// Checks the chart and writes a PNG of it when CHARTS_LOOK names a directory.
pub(crate) fn look(c: &Chart) -> &Chart {
    check(c);
    let Some(dir) = std::env::var_os("CHARTS_LOOK") else {
        return c;
    };
    let dir = std::path::PathBuf::from(dir);
    let _ = std::fs::create_dir_all(&dir);
    match to_png(c, 2.0) {
        Ok(png) => {
            let _ = std::fs::write(dir.join(format!("{}.png", c.name)), png);
        }
        Err(e) => panic!("{}: {e}", c.name),
    }
    c
}

/// Renames a chart for snapshot/look purposes (the edge cases share names).
pub(crate) fn named(mut c: Chart, name: &str) -> Chart {
    c.name = name.to_string();
    c
}

#[test]
fn portfolio_status_reads_at_a_glance() {
    let c = portfolio_status(
        &[(Rag::Green, 11), (Rag::Amber, 4), (Rag::Red, 3), (Rag::Complete, 4), (Rag::Paused, 1), (Rag::NoData, 1)],
        360.0,
    );
    look(&c);
    assert_eq!(c.name, "portfolio-status");
    assert_eq!(
        c.alt,
        "Portfolio status of 24 programs. 3 of 19 active programs are red, 4 amber, 11 green, 1 without data. \
         5 programs not active: 4 complete, 1 paused."
    );
    insta::assert_snapshot!("portfolio_status", c.svg);
}

#[test]
fn status_history_shows_change() {
    let (periods, rows) = sample_history();
    let charts = status_history(&periods, &rows, 740.0);
    assert_eq!(charts.len(), 1);
    let c = look(&charts[0]);
    assert!(
        c.alt.contains(
            "EU DSA compliance: green Nov 2025 to Dec 2025, amber Jan 2026 to Feb 2026, red Mar 2026 to Apr 2026."
        ),
        "{}",
        c.alt
    );
    assert!(c.alt.contains("1 program worse than Mar 2026: Seller identity verification (KYB)."), "{}", c.alt);
    assert!(c.alt.contains("1 program better than Mar 2026: Payment fraud controls."), "{}", c.alt);
    insta::assert_snapshot!("status_history", c.svg);
}

#[test]
fn region_matrix_small() {
    let (regions, rows) = sample_matrix(12);
    let charts = region_matrix(&regions, &rows, 740.0);
    assert_eq!(charts.len(), 1);
    let c = look(&charts[0]);
    assert!(
        c.alt.starts_with("Status by region for 12 programs in 5 regions: North America, Europe, UK, APAC and LATAM."),
        "{}",
        c.alt
    );
    assert!(c.alt.contains("Trust & safety tooling <v2>:"), "{}", c.alt);
    insta::assert_snapshot!("region_matrix", c.svg);
}

#[test]
fn risk_heatmap_counts_and_ids() {
    let c = risk_heatmap(&sample_risks(40), 300.0);
    look(&c);
    assert!(c.alt.starts_with("Risk heat map of 40 risks"), "{}", c.alt);
    assert!(c.alt.contains("critical (score 15–25)"), "{}", c.alt);
    assert!(c.alt.contains("Likelihood 1 rare, impact 1 minimal: 2 (R12 and R37)."), "{}", c.alt);
    insta::assert_snapshot!("risk_heatmap", c.svg);
}

#[test]
fn milestone_timeline_shows_slips() {
    let c = milestone_timeline(&sample_timeline(), as_of(), 740.0);
    look(&c);
    assert!((c.height_pt - (13.0 + 6.0 * 18.0 + 16.0 + 24.0)).abs() < 13.0, "height {}", c.height_pt);
    assert!(
        c.alt.contains("Classifier v2 in shadow mode (critical): due 15 Apr 2026, overdue")
            || c.alt.contains(
                "Classifier v2 in shadow mode (critical): due 15 Apr 2026, slipped, forecast 20 May 2026, 35 days late."
            ),
        "{}",
        c.alt
    );
    assert!(c.alt.contains("Vendor contract signed (critical): due 1 Mar 2026, overdue by 50 days"), "{}", c.alt);
    insta::assert_snapshot!("milestone_timeline", c.svg);
}

#[test]
fn kpi_trend_against_target() {
    let c = kpi_trend(&sample_kpi(), as_of(), 240.0, 130.0);
    look(&c);
    assert!(c.alt.starts_with("Notices actioned within 24 h: latest 92.1% on"), "{}", c.alt);
    assert!(c.alt.contains("target 95% (higher is better), missed by 2.9 pts"), "{}", c.alt);
    insta::assert_snapshot!("kpi_trend", c.svg);
}

#[test]
fn sparkline_fits_a_table_cell() {
    let c = sparkline(&[3.0, 4.0, 3.5, 5.0, 6.5, 6.0, 7.2], Some(6.0), true, 60.0, 14.0);
    look(&c);
    assert_eq!(
        c.alt,
        "Trend of 7 values: first 3, latest 7.2, lowest 3, highest 7.2; target 6 (higher is better), met."
    );
    insta::assert_snapshot!("sparkline", c.svg);
}

#[test]
fn output_is_deterministic() {
    let a = milestone_timeline(&sample_timeline(), as_of(), 740.0);
    let b = milestone_timeline(&sample_timeline(), as_of(), 740.0);
    assert_eq!(a, b);
    let h1 = risk_heatmap(&sample_risks(400), 300.0);
    let h2 = std::thread::spawn(|| risk_heatmap(&sample_risks(400), 300.0)).join().ok();
    assert_eq!(Some(h1), h2);
}

#[test]
fn status_styles_cover_every_status() {
    for rag in Rag::ALL {
        let st = rag.style();
        assert_eq!(st.rag, rag);
        assert!(st.fill.len() == 7 && st.text.len() == 7 && !st.letter.is_empty());
    }
    let letters: Vec<&str> = status_styles().iter().map(|s| s.letter).collect();
    assert_eq!(letters, ["G", "A", "R", "U", "C", "P", "–"]);
}
