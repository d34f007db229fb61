//! Edge cases and a seeded fuzz loop: empty, single, huge, hostile input.
//!
//! Every chart must come back valid (see `tests::check`), never panic, keep
//! full labels in alt text when it truncates them, and page large inputs
//! into blocks that fit under a heading on an A4 landscape page.

use super::tests::{check, look, named};
use super::tests_data::{as_of, d, s, sample_kpi, sample_risks, sample_timeline};
use super::*;
use chrono::NaiveDate;

const LONG: &str = "Marketplace seller verification and know-your-business uplift";

#[test]
fn empty_inputs_draw_no_data() {
    let charts = [
        portfolio_status(crate::locale::Locale::english(), &[], 360.0),
        portfolio_status(crate::locale::Locale::english(), &[(Rag::Red, 0)], 360.0),
        status_history(crate::locale::Locale::english(), &[], &[], 740.0).remove(0),
        status_history(crate::locale::Locale::english(), &[s("Jan")], &[], 740.0).remove(0),
        region_matrix(crate::locale::Locale::english(), &[s("EMEA")], &[], 740.0).remove(0),
        risk_heatmap(crate::locale::Locale::english(), &[], 300.0),
        milestone_timeline(crate::locale::Locale::english(), &[], as_of(), 740.0),
        kpi_trend(
            crate::locale::Locale::english(),
            &KpiSeries { points: vec![], ..sample_kpi() },
            as_of(),
            240.0,
            130.0,
        ),
        sparkline(crate::locale::Locale::english(), &[], None, true, 60.0, 14.0),
    ];
    for c in &charts {
        check(c);
        assert!(c.svg.contains("No data"), "{}", c.name);
    }
    assert_eq!(charts[0].alt, "Portfolio status: no programs reported.");
    assert_eq!(charts[8].alt, "Trend: no data.");
    insta::assert_snapshot!("no_data_timeline", charts[6].svg);
    insta::assert_snapshot!("no_data_sparkline", charts[8].svg);
}

#[test]
fn long_labels_wrap_to_two_lines_and_alt_keeps_them() {
    let mut items = sample_timeline();
    items[0].label = format!("{LONG} and\u{1}\u{7} more \u{1b}[1m"); // 60+ chars with controls
    let c = named(
        milestone_timeline(crate::locale::Locale::english(), &items, as_of(), 740.0),
        "edge-timeline-long-labels",
    );
    look(&c);
    // Two lines before any shortening: nothing is cut while a line has room.
    assert!(!c.svg.contains('…'), "long label truncated");
    assert!(c.svg.contains("\nMarketplace seller verification and know-your-business uplift and more\n"), "first line");
    assert!(c.svg.contains("\n[1m\n"), "second line");
    assert!(c.alt.contains(&format!("{LONG} and more [1m")), "{}", c.alt);
    let rows = vec![MatrixRow { label: LONG.into(), cells: vec![Rag::Red] }];
    let m = region_matrix(crate::locale::Locale::english(), &[format!("{LONG}\u{0}")], &rows, 300.0).remove(0);
    look(&named(m.clone(), "edge-matrix-long-labels"));
    assert!(m.alt.contains(&format!("in 1 region: {LONG}.")), "{}", m.alt);
    insta::assert_snapshot!("long_labels_timeline", c.svg);
}

#[test]
fn dates_decades_apart_and_identical() {
    let item = |label: &str, due: NaiveDate, forecast: Option<NaiveDate>| {
        let dates = crate::model::derive::MilestoneDates { due: Some(due), forecast, done: None };
        TimelineItem::derived(crate::locale::Locale::english(), label, dates, false, as_of()).unwrap()
    };
    let far = vec![item("Founding charter", d(1985, 6, 1), None), item("Sunset", d(2055, 1, 1), Some(d(2060, 1, 1)))];
    let c = named(milestone_timeline(crate::locale::Locale::english(), &far, as_of(), 740.0), "edge-timeline-decades");
    look(&c);
    let same = vec![item("A", as_of(), None), item("B", as_of(), Some(as_of()))];
    let c2 =
        named(milestone_timeline(crate::locale::Locale::english(), &same, as_of(), 740.0), "edge-timeline-same-day");
    look(&c2);
    let extreme = vec![item("Min", NaiveDate::MIN, None), item("Max", NaiveDate::MAX, Some(NaiveDate::MAX))];
    look(&named(
        milestone_timeline(crate::locale::Locale::english(), &extreme, as_of(), 740.0),
        "edge-timeline-extreme",
    ));
    let k = KpiSeries { points: vec![(d(1990, 1, 1), 5.0), (d(2030, 1, 1), 7.0)], ..sample_kpi() };
    look(&named(kpi_trend(crate::locale::Locale::english(), &k, as_of(), 240.0, 130.0), "edge-kpi-decades"));
    insta::assert_snapshot!("timeline_decades", c.svg);
    insta::assert_snapshot!("timeline_same_day", c2.svg);
}

#[test]
fn odd_values_single_points_and_flat_series() {
    let one = KpiSeries { points: vec![(as_of(), 42.0)], target: None, baseline: None, unit: None, ..sample_kpi() };
    let c1 = named(kpi_trend(crate::locale::Locale::english(), &one, as_of(), 240.0, 130.0), "edge-kpi-single");
    look(&c1);
    assert!(c1.alt.contains("latest 42 on 20 Apr 2026; no target (higher is better)"), "{}", c1.alt);
    let pts = [f64::NAN, -12.5, f64::INFINITY, -3.0, f64::NEG_INFINITY, 4.25, -8.0];
    let odd = KpiSeries {
        points: pts.iter().enumerate().map(|(i, v)| (d(2026, 1 + i as u32, 1), *v)).collect(),
        unit: Some(s("M USD")),
        target: Some(0.0),
        higher_is_better: false,
        baseline: Some(f64::NAN),
        ..sample_kpi()
    };
    let c2 =
        named(kpi_trend(crate::locale::Locale::english(), &odd, d(2026, 8, 1), 240.0, 130.0), "edge-kpi-negative-nan");
    look(&c2);
    assert!(c2.alt.contains("4 values"), "{}", c2.alt);
    let flat = named(
        sparkline(crate::locale::Locale::english(), &[5.0; 12], Some(5.0), true, 60.0, 14.0),
        "edge-sparkline-flat",
    );
    look(&flat);
    look(&named(
        sparkline(crate::locale::Locale::english(), &[f64::NAN, 3.0], None, false, 60.0, 14.0),
        "edge-sparkline-single",
    ));
    insta::assert_snapshot!("kpi_single_point", c1.svg);
    insta::assert_snapshot!("kpi_negative_nan", c2.svg);
    insta::assert_snapshot!("sparkline_flat", flat.svg);
}

#[test]
fn out_of_range_risks_are_skipped_and_said() {
    let risks = vec![
        HeatRisk { id: s("R1"), likelihood: 0, impact: 3 },
        HeatRisk { id: s("R2"), likelihood: 5, impact: 9 },
        HeatRisk { id: s("R3 \u{2}"), likelihood: 5, impact: 5 },
    ];
    let c = risk_heatmap(crate::locale::Locale::english(), &risks, 300.0);
    check(&c);
    assert!(c.alt.contains("Likelihood 5 almost certain, impact 5 severe: 1 (R3)."), "{}", c.alt);
    assert!(c.alt.ends_with("2 risks with likelihood or impact outside 1 to 5 not shown."), "{}", c.alt);
    let many = risk_heatmap(crate::locale::Locale::english(), &sample_risks(400), 300.0);
    look(&named(many, "edge-heatmap-400"));
}

#[test]
fn png_export_renders_every_kind() {
    let c = milestone_timeline(crate::locale::Locale::english(), &sample_timeline(), as_of(), 740.0);
    let png = to_png(&c, 1.0).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(to_png(&c, f32::NAN).is_err());
    let broken = Chart { svg: s("<svg").into(), ..c };
    assert!(to_png(&broken, 1.0).is_err());
}

#[test]
fn crowded_inputs_stay_legible() {
    let one_red = named(
        portfolio_status(crate::locale::Locale::english(), &[(Rag::Green, 299), (Rag::Red, 1)], 360.0),
        "edge-portfolio-one-red",
    );
    look(&one_red);
    assert!(
        one_red.svg.contains(">\nR\n<") || one_red.svg.contains(">\nR 1\n<"),
        "the lone red segment keeps its letter"
    );
    let items: Vec<TimelineItem> = (0..30)
        .map(|i| {
            let dates =
                crate::model::derive::MilestoneDates { due: Some(d(2026, 1 + i % 12, 1)), forecast: None, done: None };
            TimelineItem::derived(crate::locale::Locale::english(), &format!("Milestone {i:02}"), dates, false, as_of())
                .unwrap()
        })
        .collect();
    let c = named(milestone_timeline(crate::locale::Locale::english(), &items, as_of(), 740.0), "edge-timeline-30");
    look(&c);
    assert!(c.svg.contains("+ 6 more milestones not shown"));
    assert!(c.alt.contains("Milestone 29:"), "alt lists every milestone");
    assert!(c.height_pt < 520.0, "{}", c.height_pt);
}

#[test]
fn a_note_the_as_of_line_runs_through_gets_the_row_colour_behind_it() {
    // A milestone that slipped far: its note cannot go right of the arrow
    // (no room), so it goes left of the baseline, across the as-of line.
    let far = as_of() + chrono::Days::new(90);
    let dates = crate::model::derive::MilestoneDates {
        due: Some(as_of() + chrono::Days::new(12)),
        forecast: Some(far),
        done: None,
    };
    let items = [TimelineItem::derived(
        crate::locale::Locale::english(),
        "Highly effective age assurance",
        dates,
        true,
        as_of(),
    )
    .unwrap()];
    let c = named(
        milestone_timeline(crate::locale::Locale::english(), &items, as_of(), 495.0),
        "edge-timeline-note-over-as-of",
    );
    check(&c);
    // No room on either side: the note goes over the slip arrow, uncut.
    let note = c.svg.find("19 Jul 2026 · 11 weeks late against baseline").expect("the slip is noted");
    let halo = c.svg[..note].rfind("<rect").expect("a rectangle is drawn before the note");
    assert!(c.svg[halo..note].contains("#FFFFFF"), "the first row's colour: {}", &c.svg[halo..note]);
    assert_eq!(c.svg[halo..note].matches("<text").count(), 1, "the rectangle is right behind the note (its own text)");
}

#[test]
fn heatmap_impact_heads_are_never_cut() {
    // The heat map beside the top risks is 220 pt: "3 Moderate" does not
    // fit a cell, so the number goes above the word.
    let c = named(risk_heatmap(crate::locale::Locale::english(), &sample_risks(12), 220.0), "edge-heatmap-narrow");
    look(&c);
    assert!(!c.svg.contains('…'), "a cut label");
    assert!(c.svg.contains("\nModerate\n") && c.svg.contains("\nMinimal\n"), "impact words in full");
}

#[test]
fn a_note_that_fits_nowhere_beside_its_marks_never_covers_the_name() {
    // Due early, forecast at the far right edge: the note fits right of
    // neither mark, and left of the baseline is the name's column.
    let dates = crate::model::derive::MilestoneDates {
        due: Some(as_of() + chrono::Days::new(2)),
        forecast: Some(as_of() + chrono::Days::new(200)),
        done: None,
    };
    let items =
        [TimelineItem::derived(crate::locale::Locale::english(), "Vendor signed", dates, true, as_of()).unwrap()];
    let c = named(
        milestone_timeline(crate::locale::Locale::english(), &items, as_of(), 300.0),
        "edge-timeline-note-nowhere",
    );
    look(&c);
    let doc = resvg::usvg::roxmltree::Document::parse(&c.svg).unwrap();
    let px = |n: &resvg::usvg::roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
    let texts: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("text")).collect();
    let name = texts.iter().find(|n| n.text().is_some_and(|t| t.contains("Vendor signed"))).unwrap();
    let name_right = px(name, "x").unwrap() / PX_PER_PT + super::text::width("Vendor signed", 8.0, true);
    let note = texts
        .iter()
        .find(|n| n.text().is_some_and(|t| t.contains("late against baseline")))
        .expect("the slip is noted");
    let anchor = note.attribute("text-anchor").unwrap_or("start");
    let x = px(note, "x").unwrap() / PX_PER_PT;
    let text = note.text().unwrap_or_default().trim();
    let left = if anchor == "end" { x - super::text::width(text, 8.0, true) } else { x };
    assert!(left > name_right, "note {text:?} starts at {left} over the name ending at {name_right}");
    assert!(!c.svg.contains('…'), "the note was cut");
}

/// Every text the chart draws, as (text, left, top, right, bottom) in points.
fn text_boxes(c: &Chart) -> Vec<(String, f64, f64, f64, f64)> {
    let doc = resvg::usvg::roxmltree::Document::parse(&c.svg).unwrap();
    let num = |n: &resvg::usvg::roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
    let texts = doc.descendants().filter(|n| n.has_tag_name("text"));
    texts
        .map(|n| {
            let text = n.text().unwrap_or_default().trim().to_string();
            let size = num(&n, "font-size").unwrap_or(0.0) / PX_PER_PT;
            let w = super::text::width(&text, size, n.attribute("font-weight") == Some("bold"));
            let x = num(&n, "x").unwrap_or(0.0) / PX_PER_PT;
            let left = match n.attribute("text-anchor") {
                Some("end") => x - w,
                Some("middle") => x - w / 2.0,
                _ => x,
            };
            // The canvas sets the anchor a quarter em above the baseline.
            let baseline = num(&n, "y").unwrap_or(0.0) / PX_PER_PT + size * 0.25;
            (text, left, baseline - size * 0.73, left + w, baseline + size * 0.2)
        })
        .collect()
}

#[test]
fn milestone_labels_never_collide_nor_get_cut() {
    // The sample brief's EU DSA rows on a program page's 495 pt: a critical
    // milestone overdue near the right edge with a long name and the longest
    // slip wording, one slipped across the whole span, one on track far right.
    let at = |days: i64| as_of() + chrono::Duration::days(days);
    let dates = |due, forecast| crate::model::derive::MilestoneDates { due: Some(due), forecast, done: None };
    let items = [
        ("Trusted-flagger review capacity raised by 25 reviewers in Dublin and Lisbon", dates(at(-16), Some(at(40)))),
        ("Bulk-notice API live for all designated trusted flaggers", dates(at(-60), Some(at(120)))),
        ("Evidence pack for the 2027 independent audit (Art. 37) complete", dates(at(120), None)),
        ("Out-of-court dispute settlement (Art. 21) case connector live", dates(at(90), Some(at(118)))),
    ];
    let items: Vec<TimelineItem> = items
        .iter()
        .map(|(name, d)| TimelineItem::derived(crate::locale::Locale::english(), name, *d, true, as_of()).unwrap())
        .collect();
    let c = named(
        milestone_timeline(crate::locale::Locale::english(), &items, as_of(), 495.0),
        "edge-timeline-right-edge-notes",
    );
    look(&c);
    assert!(!c.svg.contains('…'), "a label was cut:\n{}", c.svg);
    let boxes = text_boxes(&c);
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.1 >= -0.01 && a.3 <= c.width_pt + 0.01, "{:?} leaves the canvas ({} pt wide)", a, c.width_pt);
        assert!(a.2 >= -0.01 && a.4 <= c.height_pt + 0.01, "{:?} leaves the canvas ({} pt high)", a, c.height_pt);
        for b in &boxes[i + 1..] {
            let apart = a.3 <= b.1 + 0.1 || b.3 <= a.1 + 0.1 || a.4 <= b.2 + 0.1 || b.4 <= a.2 + 0.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    for it in &items {
        let words: String = boxes.iter().map(|b| b.0.as_str()).collect::<Vec<_>>().join(" ");
        for word in it.note.split([' ', '·']).filter(|w| !w.is_empty()) {
            assert!(words.contains(word), "{word:?} of {:?} is missing", it.note);
        }
    }
}
