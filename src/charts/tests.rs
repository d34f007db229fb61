//! Snapshot and property tests for every chart kind on realistic data.
//!
//! Each chart is checked for what Typst needs (well-formed XML, no control
//! characters, the real font family, sizes in pt) and what readers need
//! (no text under 7 pt on the page, alt text naming the data). Set
//! `CHARTS_LOOK=/tmp/charts-look` to also write PNGs for looking at.

use super::*;
use chrono::NaiveDate;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

pub(crate) fn s(v: &str) -> String {
    v.to_string()
}

/// Asserts everything a chart must satisfy; returns it for chaining.
pub(crate) fn check(c: &Chart) -> &Chart {
    let svg = &c.svg;
    assert!(
        !c.name.is_empty()
            && c.name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-'),
        "name {}",
        c.name
    );
    assert!(
        !svg.chars().any(|ch| ch.is_control() && ch != '\n'),
        "{}: control character in SVG",
        c.name
    );
    let doc = resvg::usvg::roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{}: invalid XML: {e}", c.name));
    let root = doc.root_element();
    assert_eq!(
        root.attribute("width"),
        Some(format!("{}pt", c.width_pt).as_str()),
        "{}",
        c.name
    );
    assert_eq!(
        root.attribute("height"),
        Some(format!("{}pt", c.height_pt).as_str()),
        "{}",
        c.name
    );
    let view_w: f64 = root
        .attribute("viewBox")
        .and_then(|v| v.split(' ').nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{}: no viewBox", c.name));
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        assert_eq!(
            node.attribute("font-family"),
            Some("Inter"),
            "{}: generic or missing family",
            c.name
        );
        let px: f64 = node
            .attribute("font-size")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let pt = px * c.width_pt / view_w;
        assert!(
            pt >= 7.0 - 1e-6,
            "{}: text {:?} is {pt:.2} pt",
            c.name,
            node.text()
        );
    }
    assert!(!c.alt.is_empty(), "{}: empty alt", c.name);
    assert!(
        !c.alt.chars().any(char::is_control),
        "{}: control character in alt",
        c.name
    );
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

pub(crate) fn programs() -> Vec<String> {
    [
        "EU DSA compliance",
        "Payment fraud controls",
        "Seller identity verification (KYB)",
        "Child safety classifier refresh",
        "UK Online Safety Act readiness",
        "Counterfeit takedown automation",
        "Ads policy enforcement",
        "Appeals backlog reduction",
        "Marketplace review integrity",
        "Sanctions screening uplift",
        "Creator payout risk",
        "Trust & safety tooling <v2>",
    ]
    .map(String::from)
    .to_vec()
}

pub(crate) fn sample_history() -> (Vec<String>, Vec<HistoryRow>) {
    use Rag::*;
    let periods: Vec<String> = [
        "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026",
    ]
    .map(String::from)
    .to_vec();
    let pattern = [
        vec![Green, Green, Amber, Amber, Red, Red],
        vec![Amber, Amber, Amber, Red, Red, Amber],
        vec![Green, Green, Green, Green, Green, Amber],
        vec![NoData, Green, Green, Green, Green, Green],
        vec![Amber, Amber, Green, Green, Green, Green],
        vec![Green, Green, Green, Green, Complete, Complete],
        vec![Red, Red, Amber, Amber, Green, Green],
        vec![Green, Green, Paused, Paused, Paused, Green],
    ];
    let rows = programs()
        .into_iter()
        .zip(pattern)
        .map(|(label, cells)| HistoryRow { label, cells })
        .collect();
    (periods, rows)
}

pub(crate) fn sample_matrix(n: usize) -> (Vec<String>, Vec<MatrixRow>) {
    let regions: Vec<String> = ["North America", "Europe", "UK", "APAC", "LATAM"]
        .map(String::from)
        .to_vec();
    let cycle = [
        Rag::Green,
        Rag::Green,
        Rag::Amber,
        Rag::Green,
        Rag::Red,
        Rag::Green,
        Rag::NoData,
        Rag::Complete,
    ];
    let names = programs();
    let rows = (0..n)
        .map(|i| MatrixRow {
            label: if i < names.len() {
                names[i].clone()
            } else {
                format!("Program {:03} regional rollout", i + 1)
            },
            cells: (0..regions.len())
                .map(|j| cycle[(i * 3 + j * 5 + i / 7) % cycle.len()])
                .collect(),
        })
        .collect();
    (regions, rows)
}

pub(crate) fn sample_risks(n: usize) -> Vec<HeatRisk> {
    (0..n)
        .map(|i| HeatRisk {
            id: format!("R{}", i + 1),
            likelihood: ((i * 7 + 3) % 5 + 1) as u8,
            impact: ((i * 3 + i / 5) % 5 + 1) as u8,
        })
        .collect()
}

pub(crate) fn sample_timeline() -> Vec<TimelineItem> {
    let item = |label: &str,
                due: NaiveDate,
                forecast: Option<NaiveDate>,
                done: Option<NaiveDate>,
                critical: bool| TimelineItem {
        label: s(label),
        due,
        forecast,
        done,
        critical,
    };
    vec![
        item(
            "Scope and legal analysis signed off",
            d(2026, 1, 15),
            None,
            Some(d(2026, 1, 20)),
            false,
        ),
        item(
            "Vendor contract signed",
            d(2026, 3, 1),
            Some(d(2026, 3, 1)),
            None,
            true,
        ),
        item(
            "Classifier v2 in shadow mode",
            d(2026, 4, 15),
            Some(d(2026, 5, 20)),
            None,
            true,
        ),
        item(
            "Transparency report draft",
            d(2026, 5, 1),
            Some(d(2026, 5, 1)),
            None,
            false,
        ),
        item(
            "Regulator walkthrough",
            d(2026, 6, 10),
            Some(d(2026, 6, 3)),
            None,
            false,
        ),
        item(
            "Full launch in all EU markets",
            d(2026, 9, 30),
            Some(d(2026, 11, 15)),
            None,
            true,
        ),
    ]
}

pub(crate) const AS_OF: (i32, u32, u32) = (2026, 4, 20);

pub(crate) fn as_of() -> NaiveDate {
    d(AS_OF.0, AS_OF.1, AS_OF.2)
}

pub(crate) fn sample_kpi() -> KpiSeries {
    let v = [88.2, 89.0, 90.4, 91.1, 90.2, 92.3, 93.0, 92.1];
    KpiSeries {
        name: s("Notices actioned within 24 h"),
        unit: Some(s("%")),
        points: v
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    d(2025, 9 + (i as u32 % 4), 1)
                        + chrono::Days::new(if i >= 4 { 120 } else { 0 }),
                    *v,
                )
            })
            .collect(),
        target: Some(95.0),
        higher_is_better: true,
        baseline: Some(85.0),
    }
}

#[test]
fn portfolio_status_reads_at_a_glance() {
    let c = portfolio_status(
        &[
            (Rag::Green, 11),
            (Rag::Amber, 4),
            (Rag::Red, 3),
            (Rag::Complete, 4),
            (Rag::Paused, 1),
            (Rag::NoData, 1),
        ],
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
    assert!(c.alt.contains("EU DSA compliance: green Nov 2025 to Dec 2025, amber Jan 2026 to Feb 2026, red Mar 2026 to Apr 2026."), "{}", c.alt);
    assert!(
        c.alt
            .contains("1 program worse than Mar 2026: Seller identity verification (KYB)."),
        "{}",
        c.alt
    );
    assert!(
        c.alt
            .contains("1 program better than Mar 2026: Payment fraud controls."),
        "{}",
        c.alt
    );
    insta::assert_snapshot!("status_history", c.svg);
}

#[test]
fn region_matrix_small() {
    let (regions, rows) = sample_matrix(12);
    let charts = region_matrix(&regions, &rows, 740.0);
    assert_eq!(charts.len(), 1);
    let c = look(&charts[0]);
    assert!(c.alt.starts_with("Status by region for 12 programs in 5 regions: North America, Europe, UK, APAC and LATAM."), "{}", c.alt);
    assert!(c.alt.contains("Trust & safety tooling <v2>:"), "{}", c.alt);
    insta::assert_snapshot!("region_matrix", c.svg);
}

#[test]
fn risk_heatmap_counts_and_ids() {
    let c = risk_heatmap(&sample_risks(40), 300.0);
    look(&c);
    assert!(c.alt.starts_with("Risk heat map of 40 risks"), "{}", c.alt);
    assert!(c.alt.contains("critical (score 15–25)"), "{}", c.alt);
    insta::assert_snapshot!("risk_heatmap", c.svg);
}

#[test]
fn milestone_timeline_shows_slips() {
    let c = milestone_timeline(&sample_timeline(), as_of(), 740.0);
    look(&c);
    assert!(
        (c.height_pt - (13.0 + 6.0 * 18.0 + 16.0 + 24.0)).abs() < 13.0,
        "height {}",
        c.height_pt
    );
    assert!(c.alt.contains("Classifier v2 in shadow mode (critical): due 15 Apr 2026, overdue") || c.alt.contains("Classifier v2 in shadow mode (critical): due 15 Apr 2026, slipped, forecast 20 May 2026, 35 days late."), "{}", c.alt);
    assert!(
        c.alt
            .contains("Vendor contract signed (critical): due 1 Mar 2026, overdue by 50 days"),
        "{}",
        c.alt
    );
    insta::assert_snapshot!("milestone_timeline", c.svg);
}

#[test]
fn kpi_trend_against_target() {
    let c = kpi_trend(&sample_kpi(), as_of(), 240.0, 130.0);
    look(&c);
    assert!(
        c.alt
            .starts_with("Notices actioned within 24 h: latest 92.1% on"),
        "{}",
        c.alt
    );
    assert!(
        c.alt
            .contains("target 95% (higher is better), missed by 2.9%"),
        "{}",
        c.alt
    );
    insta::assert_snapshot!("kpi_trend", c.svg);
}

#[test]
fn sparkline_fits_a_table_cell() {
    let c = sparkline(
        &[3.0, 4.0, 3.5, 5.0, 6.5, 6.0, 7.2],
        Some(6.0),
        true,
        60.0,
        14.0,
    );
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
    let h2 = std::thread::spawn(|| risk_heatmap(&sample_risks(400), 300.0))
        .join()
        .ok();
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
    assert_eq!(letters, ["G", "A", "R", "C", "P", "–"]);
}
