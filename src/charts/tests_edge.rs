//! Edge cases and a seeded fuzz loop: empty, single, huge, hostile input.
//!
//! Every chart must come back valid (see `tests::check`), never panic, keep
//! full labels in alt text when it truncates them, and page large inputs
//! into blocks that fit under a heading on an A4 landscape page.

use super::tests::{
    AS_OF, as_of, check, d, look, named, s, sample_kpi, sample_matrix, sample_timeline,
};
use super::*;
use chrono::NaiveDate;

const LONG: &str = "Marketplace seller verification and know-your-business uplift";

#[test]
fn empty_inputs_draw_no_data() {
    let charts = [
        portfolio_status(&[], 360.0),
        portfolio_status(&[(Rag::Red, 0)], 360.0),
        status_history(&[], &[], 740.0).remove(0),
        status_history(&[s("Jan")], &[], 740.0).remove(0),
        region_matrix(&[s("EMEA")], &[], 740.0).remove(0),
        risk_heatmap(&[], 300.0),
        milestone_timeline(&[], as_of(), 740.0),
        kpi_trend(
            &KpiSeries {
                points: vec![],
                ..sample_kpi()
            },
            as_of(),
            240.0,
            130.0,
        ),
        sparkline(&[], None, true, 60.0, 14.0),
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
fn long_labels_truncate_and_alt_keeps_them() {
    let mut items = sample_timeline();
    items[0].label = format!("{LONG} and\u{1}\u{7} more \u{1b}[1m"); // 60+ chars with controls
    let c = named(
        milestone_timeline(&items, as_of(), 740.0),
        "edge-timeline-long-labels",
    );
    look(&c);
    assert!(c.svg.contains('…'), "long label not truncated");
    assert!(c.alt.contains(&format!("{LONG} and more [1m")), "{}", c.alt);
    let rows = vec![MatrixRow {
        label: LONG.into(),
        cells: vec![Rag::Red],
    }];
    let m = region_matrix(&[format!("{LONG}\u{0}")], &rows, 300.0).remove(0);
    look(&named(m.clone(), "edge-matrix-long-labels"));
    assert!(
        m.alt.contains(&format!("in 1 region: {LONG}.")),
        "{}",
        m.alt
    );
    insta::assert_snapshot!("long_labels_timeline", c.svg);
}

#[test]
fn three_hundred_programs_stay_readable() {
    let (regions, rows) = sample_matrix(300);
    let pages = region_matrix(&regions, &rows, 740.0);
    assert!(pages.len() <= 5, "{} pages", pages.len());
    let mut listed = 0;
    for (i, p) in pages.iter().enumerate() {
        look(p);
        assert!(
            p.height_pt <= theme::space::PAGE_BLOCK + 0.01,
            "page {i} is {} pt",
            p.height_pt
        );
        assert_eq!(
            p.name,
            if i == 0 {
                "region-matrix".to_string()
            } else {
                format!("region-matrix-{}", i + 1)
            }
        );
        listed += rows
            .iter()
            .filter(|r| p.alt.contains(&format!(" {}:", r.label)))
            .count();
    }
    assert_eq!(listed, 300, "every program is described exactly once");
    let history: Vec<HistoryRow> = rows
        .iter()
        .map(|r| HistoryRow {
            label: r.label.clone(),
            cells: r.cells.clone(),
        })
        .collect();
    let periods: Vec<String> = (1..=52).map(|w| format!("W{w:02}")).collect();
    let h = status_history(&periods, &history, 740.0);
    for p in &h {
        check(p);
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
    format!(
        "{} {}x{} {}B {hex} | {alt}",
        c.name,
        c.width_pt,
        c.height_pt,
        c.svg.len()
    )
}

#[test]
fn many_regions_split_into_chunks() {
    let regions: Vec<String> = (0..60).map(|i| format!("Country {i}")).collect();
    let rows = vec![MatrixRow {
        label: s("Global"),
        cells: vec![Rag::Amber; 60],
    }];
    let pages = region_matrix(&regions, &rows, 740.0);
    assert!(pages.len() >= 2);
    let shown: usize = pages
        .iter()
        .map(|p| p.alt.matches("amber in").count())
        .sum();
    assert_eq!(shown, pages.len());
    pages.iter().for_each(|p| {
        check(p);
    });
}

#[test]
fn dates_decades_apart_and_identical() {
    let item = |label: &str, due: NaiveDate, forecast: Option<NaiveDate>| TimelineItem {
        label: s(label),
        due,
        forecast,
        done: None,
        critical: false,
    };
    let far = vec![
        item("Founding charter", d(1985, 6, 1), None),
        item("Sunset", d(2055, 1, 1), Some(d(2060, 1, 1))),
    ];
    let c = named(
        milestone_timeline(&far, as_of(), 740.0),
        "edge-timeline-decades",
    );
    look(&c);
    let same = vec![item("A", as_of(), None), item("B", as_of(), Some(as_of()))];
    let c2 = named(
        milestone_timeline(&same, as_of(), 740.0),
        "edge-timeline-same-day",
    );
    look(&c2);
    let extreme = vec![
        item("Min", NaiveDate::MIN, None),
        item("Max", NaiveDate::MAX, Some(NaiveDate::MAX)),
    ];
    look(&named(
        milestone_timeline(&extreme, as_of(), 740.0),
        "edge-timeline-extreme",
    ));
    let k = KpiSeries {
        points: vec![(d(1990, 1, 1), 5.0), (d(2030, 1, 1), 7.0)],
        ..sample_kpi()
    };
    look(&named(
        kpi_trend(&k, as_of(), 240.0, 130.0),
        "edge-kpi-decades",
    ));
    insta::assert_snapshot!("timeline_decades", c.svg);
    insta::assert_snapshot!("timeline_same_day", c2.svg);
}

#[test]
fn odd_values_single_points_and_flat_series() {
    let one = KpiSeries {
        points: vec![(as_of(), 42.0)],
        target: None,
        baseline: None,
        unit: None,
        ..sample_kpi()
    };
    let c1 = named(kpi_trend(&one, as_of(), 240.0, 130.0), "edge-kpi-single");
    look(&c1);
    assert!(
        c1.alt
            .contains("latest 42 on 20 Apr 2026; no target (higher is better)"),
        "{}",
        c1.alt
    );
    let pts = [
        f64::NAN,
        -12.5,
        f64::INFINITY,
        -3.0,
        f64::NEG_INFINITY,
        4.25,
        -8.0,
    ];
    let odd = KpiSeries {
        points: pts
            .iter()
            .enumerate()
            .map(|(i, v)| (d(2026, 1 + i as u32, 1), *v))
            .collect(),
        unit: Some(s("M USD")),
        target: Some(0.0),
        higher_is_better: false,
        baseline: Some(f64::NAN),
        ..sample_kpi()
    };
    let c2 = named(
        kpi_trend(&odd, d(2026, 8, 1), 240.0, 130.0),
        "edge-kpi-negative-nan",
    );
    look(&c2);
    assert!(c2.alt.contains("4 values"), "{}", c2.alt);
    let flat = named(
        sparkline(&[5.0; 12], Some(5.0), true, 60.0, 14.0),
        "edge-sparkline-flat",
    );
    look(&flat);
    look(&named(
        sparkline(&[f64::NAN, 3.0], None, false, 60.0, 14.0),
        "edge-sparkline-single",
    ));
    insta::assert_snapshot!("kpi_single_point", c1.svg);
    insta::assert_snapshot!("kpi_negative_nan", c2.svg);
    insta::assert_snapshot!("sparkline_flat", flat.svg);
}

#[test]
fn out_of_range_risks_are_skipped_and_said() {
    let risks = vec![
        HeatRisk {
            id: s("R1"),
            likelihood: 0,
            impact: 3,
        },
        HeatRisk {
            id: s("R2"),
            likelihood: 5,
            impact: 9,
        },
        HeatRisk {
            id: s("R3 \u{2}"),
            likelihood: 5,
            impact: 5,
        },
    ];
    let c = risk_heatmap(&risks, 300.0);
    check(&c);
    assert!(
        c.alt
            .contains("Likelihood 5 almost certain, impact 5 severe: 1 (R3)."),
        "{}",
        c.alt
    );
    assert!(
        c.alt
            .ends_with("2 risks with likelihood or impact outside 1 to 5 not shown."),
        "{}",
        c.alt
    );
    let many = risk_heatmap(&super::tests::sample_risks(400), 300.0);
    look(&named(many, "edge-heatmap-400"));
}

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn maybe(&mut self, v: f64) -> Option<f64> {
        self.next().is_multiple_of(2).then_some(v)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize].clone()
    }
    fn upto(&mut self, n: u64) -> usize {
        (self.next() % (n + 1)) as usize
    }
}

const WORDS: [&str; 12] = [
    "",
    " ",
    "EU DSA",
    "\u{0}\u{1}\u{1b}",
    "\t\n\r",
    "<&>\"'",
    "Zürich",
    "東京",
    "🙂",
    LONG,
    "\u{FFFF}\u{202E}",
    "x",
];
const VALUES: [f64; 12] = [
    f64::NAN,
    f64::INFINITY,
    -f64::INFINITY,
    0.0,
    -1e12,
    1e12,
    1e300,
    -1e300,
    1e-300,
    3.5,
    -2.0,
    100.0,
];
const WIDTHS: [f64; 9] = [
    0.0,
    -5.0,
    f64::NAN,
    f64::INFINITY,
    10.0,
    60.0,
    240.0,
    740.0,
    5000.0,
];

fn word(r: &mut Rng) -> String {
    (0..r.upto(3)).map(|_| r.pick(&WORDS)).collect()
}

fn date(r: &mut Rng) -> NaiveDate {
    match r.upto(5) {
        0 => NaiveDate::MIN,
        1 => NaiveDate::MAX,
        2 => as_of(),
        _ => d(
            1900 + r.upto(200) as i32,
            1 + r.upto(11) as u32,
            1 + r.upto(27) as u32,
        ),
    }
}

#[test]
fn fuzz_never_panics_and_stays_valid() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ AS_OF.0 as u64);
    for _ in 0..300 {
        let w = r.pick(&WIDTHS);
        let rag = |r: &mut Rng| r.pick(&Rag::ALL);
        let counts: Vec<(Rag, usize)> = (0..r.upto(8))
            .map(|_| (rag(&mut r), r.pick(&[0, 1, 7, 300, usize::MAX])))
            .collect();
        check(&portfolio_status(&counts, w));
        let cols: Vec<String> = (0..r.upto(40)).map(|_| word(&mut r)).collect();
        let n = r.pick(&[0usize, 1, 5, 80]);
        let rows: Vec<(String, Vec<Rag>)> = (0..n)
            .map(|_| (word(&mut r), (0..r.upto(45)).map(|_| rag(&mut r)).collect()))
            .collect();
        let hist: Vec<HistoryRow> = rows
            .iter()
            .map(|(l, c)| HistoryRow {
                label: l.clone(),
                cells: c.clone(),
            })
            .collect();
        let mat: Vec<MatrixRow> = rows
            .iter()
            .map(|(l, c)| MatrixRow {
                label: l.clone(),
                cells: c.clone(),
            })
            .collect();
        status_history(&cols, &hist, w).iter().for_each(|c| {
            check(c);
        });
        region_matrix(&cols, &mat, w).iter().for_each(|c| {
            check(c);
        });
        let risks: Vec<HeatRisk> = (0..r.upto(60))
            .map(|_| HeatRisk {
                id: word(&mut r),
                likelihood: r.upto(7) as u8,
                impact: r.upto(7) as u8,
            })
            .collect();
        check(&risk_heatmap(&risks, w));
        let items: Vec<TimelineItem> = (0..r.upto(30))
            .map(|_| TimelineItem {
                label: word(&mut r),
                due: date(&mut r),
                forecast: r.pick(&[true, false]).then(|| date(&mut r)),
                done: r.pick(&[true, false, false]).then(|| date(&mut r)),
                critical: r.pick(&[true, false]),
            })
            .collect();
        check(&milestone_timeline(&items, date(&mut r), w));
        let k = KpiSeries {
            name: word(&mut r),
            unit: match r.upto(2) {
                0 => None,
                1 => Some(s("%")),
                _ => Some(word(&mut r)),
            },
            points: (0..r.upto(30))
                .map(|_| (date(&mut r), r.pick(&VALUES)))
                .collect(),
            target: {
                let v = r.pick(&VALUES);
                r.maybe(v)
            },
            higher_is_better: r.pick(&[true, false]),
            baseline: {
                let v = r.pick(&VALUES);
                r.maybe(v)
            },
        };
        check(&kpi_trend(&k, date(&mut r), w, r.pick(&WIDTHS)));
        let vals: Vec<f64> = (0..r.upto(40)).map(|_| r.pick(&VALUES)).collect();
        let t = r.pick(&VALUES);
        let t = r.maybe(t);
        check(&sparkline(&vals, t, true, w, r.pick(&WIDTHS)));
    }
}

#[test]
fn png_export_renders_every_kind() {
    let c = milestone_timeline(&sample_timeline(), as_of(), 740.0);
    let png = to_png(&c, 1.0).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(to_png(&c, f32::NAN).is_err());
    let broken = Chart {
        svg: s("<svg"),
        ..c
    };
    assert!(to_png(&broken, 1.0).is_err());
}
