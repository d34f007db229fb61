//! `brief charts`: every chart of a report as files, for slides.

use crate::harness::*;

#[test]
fn charts_are_written_as_svg_and_png_with_alt_texts() {
    let p = Project::fixture("minimal");
    let run = p.run(&["charts", "--png"]);
    run.success();
    let dir = "out/2026-11/charts/monthly-brief";
    for stem in [
        "portfolio-status",
        "status-trend",
        "status-history",
        "region-matrix",
        "risk-heatmap",
        "alpha-timeline",
        "alpha-kpi-k1",
        "alpha-sparkline-k1",
    ] {
        let svg = String::from_utf8(p.read(&format!("{dir}/{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{stem}.svg");
        // Text, where a chart has any, is set in the font the PDF embeds.
        assert!(!svg.contains("<text") || svg.contains("font-family=\"Inter\""), "{stem}.svg");
        assert!(p.read(&format!("{dir}/{stem}.png")).starts_with(b"\x89PNG\r\n\x1a\n"), "{stem}.png");
    }
    let index: Vec<serde_json::Value> = serde_json::from_slice(&p.read(&format!("{dir}/charts.json"))).unwrap();
    let heat = index.iter().find(|c| c["file"] == "risk-heatmap.svg").unwrap();
    assert!(heat["alt"].as_str().unwrap().contains("Likelihood 3 possible, impact 4 major: 1 (r1)"), "{heat}");
    assert!(run.stderr.contains("wrote 8 charts as SVG and PNG"), "{}", run.stderr);
}

#[test]
fn charts_can_go_to_another_folder_and_are_deterministic() {
    let p = Project::fixture("minimal");
    p.run(&["charts", "--out", "slides"]).success();
    let first = p.read("slides/alpha-timeline.svg");
    p.run(&["charts", "--out", "slides"]).success();
    assert_eq!(first, p.read("slides/alpha-timeline.svg"));
    assert!(!p.exists("slides/alpha-timeline.png"), "PNG only with --png");
}
