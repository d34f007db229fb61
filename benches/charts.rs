//! Renders the full chart set of a 100-program brief and prints min/median
//! wall time over 20 runs, serial and in parallel (rayon). Goal: < 50 ms.
//!
//! Per program: a timeline of 6 milestones, 3 KPI trends and 3 sparklines;
//! portfolio-wide: status roll-up, status history, region matrix, and a
//! heat map of 400 risks. Run with `cargo bench --bench charts`.

use brief::testing::charts::*;
use chrono::{Days, NaiveDate};
use rayon::prelude::*;
use std::time::{Duration, Instant};

const PROGRAMS: usize = 100;
const RUNS: usize = 20;
/// The day the brief is drawn for, in days after 2025-01-01.
const AS_OF: u64 = 200;

fn date(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default() + Days::new(offset)
}

struct Program {
    timeline: Vec<TimelineItem>,
    kpis: Vec<KpiSeries>,
    sparks: Vec<Vec<f64>>,
}

fn programs() -> Vec<Program> {
    (0..PROGRAMS)
        .map(|p| Program {
            timeline: (0..6)
                .map(|m| {
                    timeline_item(
                        &format!("Program {p} milestone {m}: regulator-facing deliverable"),
                        date((m * 45 + p % 30) as u64),
                        Some(date((m * 45 + p % 30 + (p * m) % 40) as u64)),
                        (m < 2).then(|| date((m * 45 + 3) as u64)),
                        m % 3 == 0,
                        date(AS_OF),
                    )
                })
                .collect(),
            kpis: (0..3)
                .map(|k| KpiSeries {
                    name: format!("KPI {k} of program {p}"),
                    unit: Some("%".into()),
                    points: (0..12).map(|i| (date(i * 30), 80.0 + ((p + k + i as usize) % 9) as f64 * 1.7)).collect(),
                    target: Some(92.0),
                    higher_is_better: k != 1,
                    baseline: Some(82.0),
                })
                .collect(),
            sparks: (0..3).map(|k| (0..16).map(|i| ((i * 7 + k + p) % 11) as f64).collect()).collect(),
        })
        .collect()
}

fn rag(i: usize) -> Rag {
    [Rag::Green, Rag::Green, Rag::Amber, Rag::Red, Rag::Green, Rag::Complete, Rag::Paused][i % 7]
}

fn portfolio_charts(risks: &[HeatRisk], periods: &[String], regions: &[String]) -> Vec<Chart> {
    let history: Vec<HistoryRow> = (0..PROGRAMS)
        .map(|p| HistoryRow {
            label: format!("Program {p} trust and safety"),
            cells: (0..12).map(|i| rag(p + i / 4)).collect(),
        })
        .collect();
    let matrix: Vec<MatrixRow> = (0..PROGRAMS)
        .map(|p| MatrixRow {
            label: format!("Program {p} trust and safety"),
            cells: (0..5).map(|i| rag(p * 3 + i)).collect(),
        })
        .collect();
    let counts: Vec<(Rag, usize)> = (0..6).map(|i| (rag(i), 10 + i)).collect();
    let mut out =
        vec![portfolio_status(Locale::english(), &counts, 360.0), risk_heatmap(Locale::english(), risks, 300.0)];
    out.extend(status_history(Locale::english(), periods, &history, 740.0));
    out.extend(region_matrix(Locale::english(), regions, &matrix, 740.0));
    out
}

fn program_charts(p: &Program, as_of: NaiveDate) -> Vec<Chart> {
    let mut out = vec![milestone_timeline(Locale::english(), &p.timeline, as_of, 740.0)];
    out.extend(p.kpis.iter().map(|k| kpi_trend(Locale::english(), k, as_of, 240.0, 130.0)));
    out.extend(p.sparks.iter().map(|s| sparkline(Locale::english(), s, Some(5.0), true, 60.0, 14.0)));
    out
}

fn stats(label: &str, mut times: Vec<Duration>, charts: usize, bytes: usize) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label:<10} {charts} charts, {:.1} MB SVG: min {:6.2} ms   median {:6.2} ms   max {:6.2} ms",
        bytes as f64 / 1e6,
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

fn main() {
    let as_of = date(AS_OF);
    let programs = programs();
    let risks: Vec<HeatRisk> = (0..400)
        .map(|i| HeatRisk { id: format!("R{i}"), likelihood: (i % 5 + 1) as u8, impact: ((i / 5) % 5 + 1) as u8 })
        .collect();
    let periods: Vec<String> = (1..=12).map(|m| format!("M{m:02}")).collect();
    let regions: Vec<String> = ["North America", "Europe", "UK", "APAC", "LATAM"].map(String::from).to_vec();

    let serial = || {
        let mut all = portfolio_charts(&risks, &periods, &regions);
        for p in &programs {
            all.extend(program_charts(p, as_of));
        }
        all
    };
    let parallel = || {
        let (mut all, per) = rayon::join(
            || portfolio_charts(&risks, &periods, &regions),
            || programs.par_iter().map(|p| program_charts(p, as_of)).collect::<Vec<_>>(),
        );
        all.extend(per.into_iter().flatten());
        all
    };
    // Warm-up: font registration, rayon pool, page faults.
    let warm = serial();
    let (n, bytes) = (warm.len(), warm.iter().map(|c| c.svg.len()).sum::<usize>());
    assert_eq!(parallel(), warm, "parallel output must equal serial output");
    println!("{} threads available to rayon", rayon::current_num_threads());
    for (label, f) in [("serial", &serial as &dyn Fn() -> Vec<Chart>), ("parallel", &parallel)] {
        let times = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                let charts = f();
                let el = t.elapsed();
                assert_eq!(charts.len(), n);
                el
            })
            .collect();
        stats(label, times, n, bytes);
    }
}
