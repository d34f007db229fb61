//! Test fixtures: a realistic trust-and-safety portfolio (programs, status
//! history, regions, risks, milestones, a KPI), shared by the test modules.

use super::*;
use chrono::NaiveDate;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

pub(crate) fn s(v: &str) -> String {
    v.to_string()
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
    let periods: Vec<String> =
        ["Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"].map(String::from).to_vec();
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
    let rows = programs().into_iter().zip(pattern).map(|(label, cells)| HistoryRow { label, cells }).collect();
    (periods, rows)
}

pub(crate) fn sample_matrix(n: usize) -> (Vec<String>, Vec<MatrixRow>) {
    let regions: Vec<String> = ["North America", "Europe", "UK", "APAC", "LATAM"].map(String::from).to_vec();
    let cycle = [Rag::Green, Rag::Green, Rag::Amber, Rag::Green, Rag::Red, Rag::Green, Rag::NoData, Rag::Complete];
    let names = programs();
    let rows = (0..n)
        .map(|i| MatrixRow {
            label: if i < names.len() { names[i].clone() } else { format!("Program {:03} regional rollout", i + 1) },
            cells: (0..regions.len()).map(|j| cycle[(i * 3 + j * 5 + i / 7) % cycle.len()]).collect(),
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
    let item = |label: &str, due: NaiveDate, forecast: Option<NaiveDate>, done: Option<NaiveDate>, critical: bool| {
        let dates = crate::model::derive::MilestoneDates { due: Some(due), forecast, done };
        TimelineItem::derived(crate::locale::Locale::english(), &s(label), dates, critical, as_of()).unwrap()
    };
    vec![
        item("Scope and legal analysis signed off", d(2026, 1, 15), None, Some(d(2026, 1, 20)), false),
        item("Vendor contract signed", d(2026, 3, 1), Some(d(2026, 3, 1)), None, true),
        item("Classifier v2 in shadow mode", d(2026, 4, 15), Some(d(2026, 5, 20)), None, true),
        item("Transparency report draft", d(2026, 5, 1), Some(d(2026, 5, 1)), None, false),
        item("Regulator walkthrough", d(2026, 6, 10), Some(d(2026, 6, 3)), None, false),
        item("Full launch in all EU markets", d(2026, 9, 30), Some(d(2026, 11, 15)), None, true),
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
            .map(|(i, v)| (d(2025, 9 + (i as u32 % 4), 1) + chrono::Days::new(if i >= 4 { 120 } else { 0 }), *v))
            .collect(),
        target: Some(95.0),
        higher_is_better: true,
        baseline: Some(85.0),
    }
}
