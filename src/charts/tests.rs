//! Snapshot and property tests for every chart kind on realistic data.
//!
//! Each chart is checked for what Typst needs (well-formed XML, no control
//! characters, the real font family, sizes in pt) and what readers need
//! (no text under 8 pt on the page, alt text naming the data). Set
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
        assert!(pt >= 8.0 - 1e-6, "{}: text {:?} is {pt:.2} pt", c.name, node.text());
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
        crate::locale::Locale::english(),
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
    let charts = status_history(crate::locale::Locale::english(), &periods, &rows, 740.0);
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
    let charts = region_matrix(crate::locale::Locale::english(), &regions, &rows, 740.0);
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
    let c = risk_heatmap(crate::locale::Locale::english(), &sample_risks(40), 300.0);
    look(&c);
    assert!(c.alt.starts_with("Risk heat map of 40 risks"), "{}", c.alt);
    assert!(c.alt.contains("critical (score 15–25)"), "{}", c.alt);
    assert!(c.alt.contains("Likelihood 1 rare, impact 1 minimal: 2 (R12 and R37)."), "{}", c.alt);
    insta::assert_snapshot!("risk_heatmap", c.svg);
}

#[test]
fn milestone_timeline_shows_slips() {
    let c = milestone_timeline(crate::locale::Locale::english(), &sample_timeline(), as_of(), 740.0);
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
    assert!(c.alt.contains("Vendor contract signed (critical): due 1 Mar 2026, overdue by 7 weeks"), "{}", c.alt);
    insta::assert_snapshot!("milestone_timeline", c.svg);
}

#[test]
fn kpi_trend_against_target() {
    let c = kpi_trend(crate::locale::Locale::english(), &sample_kpi(), as_of(), 240.0, 130.0);
    look(&c);
    assert!(c.alt.starts_with("Notices actioned within 24 h: latest 92.1% on"), "{}", c.alt);
    assert!(c.alt.contains("target 95% (higher is better), missed by 2.9 pts"), "{}", c.alt);
    insta::assert_snapshot!("kpi_trend", c.svg);
}

#[test]
fn sparkline_fits_a_table_cell() {
    let c =
        sparkline(crate::locale::Locale::english(), &[3.0, 4.0, 3.5, 5.0, 6.5, 6.0, 7.2], Some(6.0), true, 60.0, 14.0);
    look(&c);
    assert_eq!(
        c.alt,
        "Trend of 7 values: first 3, latest 7.2, lowest 3, highest 7.2; target 6 (higher is better), met."
    );
    insta::assert_snapshot!("sparkline", c.svg);
}

#[test]
fn output_is_deterministic() {
    let a = milestone_timeline(crate::locale::Locale::english(), &sample_timeline(), as_of(), 740.0);
    let b = milestone_timeline(crate::locale::Locale::english(), &sample_timeline(), as_of(), 740.0);
    assert_eq!(a, b);
    let h1 = risk_heatmap(crate::locale::Locale::english(), &sample_risks(400), 300.0);
    let h2 =
        std::thread::spawn(|| risk_heatmap(crate::locale::Locale::english(), &sample_risks(400), 300.0)).join().ok();
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

/// 30 divisions with long names and every status, some groups empty of reds.
fn sample_groups(n: usize) -> Vec<GroupMix> {
    let names = ["Trust and Safety Operations", "Payments", "Marketplace Integrity and Seller Verification Programme"];
    (0..n)
        .map(|i| GroupMix {
            name: format!("{} {}", names[i % names.len()], i + 1),
            counts: vec![
                (Rag::Red, i % 4),
                (Rag::Amber, (i * 7) % 9),
                (Rag::Green, 3 + (i * 5) % 20),
                (Rag::Unrated, i % 3),
                (Rag::Complete, i % 2),
                (Rag::NoData, usize::from(i % 5 == 0)),
            ],
        })
        .collect()
}

#[test]
fn group_mix_one_group() {
    let groups = [GroupMix { name: "Payments".into(), counts: vec![(Rag::Red, 1), (Rag::Green, 6), (Rag::Amber, 2)] }];
    let c = group_mix(crate::locale::Locale::english(), &groups, 374.0);
    look(&named(c.clone(), "group-mix-1"));
    assert_eq!(
        c.alt,
        "Status mix of 1 group, 9 programs in all, worst first. Payments: 9 programs, 1 red, 2 amber, 6 green."
    );
    assert!(c.height_pt < 80.0, "{}", c.height_pt);
    insta::assert_snapshot!("group_mix_one", c.svg);
}

#[test]
fn group_mix_thirty_groups_with_long_names() {
    let c = group_mix(crate::locale::Locale::english(), &sample_groups(30), 374.0);
    look(&named(c.clone(), "group-mix-30"));
    assert!(c.alt.starts_with("Status mix of 30 groups,"), "{}", c.alt);
    // Every full name is in the alt text, however the label was wrapped.
    assert!(c.alt.contains("Marketplace Integrity and Seller Verification Programme 30: "), "{}", c.alt);
    // Long names wrap to two lines: no name is cut while its first line still has room.
    assert!(
        c.svg.contains("\nMarketplace Integrity and Seller\n") && c.svg.contains("\nVerification Programme 30\n"),
        "no wrapped name"
    );
    assert!(c.height_pt > 30.0 * 12.0 && c.height_pt < 30.0 * 22.0, "{}", c.height_pt);
    insta::assert_snapshot!("group_mix_thirty", c.svg);
}

/// `n` periods from Jan 2026 of a portfolio of about `size` programs that
/// grows and turns from amber to green.
fn sample_trend(n: usize, size: usize) -> Vec<TrendPeriod> {
    (0..n)
        .map(|i| {
            let total = size - size * (n - 1 - i) / 20;
            let red = total / 10 + i % 3;
            let amber = total * (n - i) / (3 * n);
            let unrated = total / 50;
            TrendPeriod {
                label: format!("{} {}", crate::locale::Locale::english().month_abbr((i % 12) as u32), 2026 + i / 12),
                counts: vec![
                    (Rag::Red, red),
                    (Rag::Amber, amber),
                    (Rag::Green, total.saturating_sub(red + amber + unrated)),
                    (Rag::Unrated, unrated),
                ],
            }
        })
        .collect()
}

#[test]
fn status_trend_one_period() {
    let c = status_trend(crate::locale::Locale::english(), &sample_trend(1, 5), 374.0, 150.0);
    look(&named(c.clone(), "status-trend-1"));
    assert_eq!(
        c.alt,
        "Status trend over 1 period. Jan 2026: 5 programs, 0 red, 1 amber, 4 green.".replace(", 0 red", "")
    );
    insta::assert_snapshot!("status_trend_one", c.svg);
}

#[test]
fn status_trend_twelve_periods_of_five_and_a_thousand() {
    for (size, snap) in [(5, "status_trend_twelve_small"), (1000, "status_trend_twelve_large")] {
        let c = status_trend(crate::locale::Locale::english(), &sample_trend(12, size), 374.0, 150.0);
        look(&named(c.clone(), &snap.replace('_', "-")));
        assert!(c.alt.starts_with("Status trend over 12 periods, Jan 2026 to Dec 2026. Red "), "{}", c.alt);
        // Period labels carry their year on a line of their own: never "Jun 26".
        assert!(c.svg.contains("\nJun\n") && c.svg.contains("\n2026\n"), "{snap}: period labels");
        insta::assert_snapshot!(snap, c.svg);
    }
    // More than 12 periods: the latest 12 are shown.
    let c = status_trend(crate::locale::Locale::english(), &sample_trend(15, 40), 374.0, 150.0);
    assert!(c.alt.starts_with("Status trend over 12 periods, Apr 2026 to Mar 2027."), "{}", c.alt);
}

#[test]
fn group_mix_and_trend_without_data() {
    assert!(group_mix(crate::locale::Locale::english(), &[], 300.0).svg.contains("No data"));
    assert!(
        status_trend(
            crate::locale::Locale::english(),
            &[TrendPeriod { label: "Jan 2026".into(), counts: vec![] }],
            300.0,
            150.0
        )
        .svg
        .contains("No data")
    );
}
