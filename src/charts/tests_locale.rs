//! Charts drawn for a report in another language carry its words: status
//! names and letters, "No data", axis and legend words, milestone notes.

use super::tests::check;
use super::tests_data::{as_of, d, sample_kpi, sample_risks};
use super::*;
use crate::locale::Locale;
use crate::model::derive::MilestoneDates;

#[test]
fn a_japanese_status_chart_speaks_japanese() {
    let ja = Locale::builtin("ja");
    let counts = [(Rag::Red, 2), (Rag::Amber, 3), (Rag::Green, 4), (Rag::Paused, 1)];
    let c = portfolio_status(&ja, &counts, 360.0);
    check(&c);
    for word in ["赤 2", "黄 3", "緑 4", "稼働中9件", "非稼働1件"] {
        assert!(c.svg.contains(word), "{word} missing");
    }
    for word in ["Red", "Amber", "Green", "active", "Paused"] {
        assert!(!c.svg.contains(word), "{word} is English");
    }
    let empty = portfolio_status(&ja, &[], 360.0);
    assert!(empty.svg.contains("データなし") && !empty.svg.contains("No data"));
}

#[test]
fn a_japanese_timeline_notes_slips_in_japanese() {
    let ja = Locale::builtin("ja");
    let dates = MilestoneDates { due: Some(d(2026, 5, 6)), forecast: Some(d(2026, 6, 17)), done: None };
    let item = TimelineItem::derived(&ja, "Vendor signed", dates, true, as_of()).unwrap();
    assert!(item.note.contains("ベースラインより"), "{}", item.note);
    let c = milestone_timeline(&ja, &[item], as_of(), 500.0);
    check(&c);
    for word in ["ベースラインより", "予定どおり", "遅延", "太字：クリティカル", "基準日 2026年4月20日"]
    {
        assert!(c.svg.contains(word), "{word} missing");
    }
    for word in ["late against", "On track", "Baseline", "As of", "critical"] {
        assert!(!c.svg.contains(word), "{word} is English");
    }
}

#[test]
fn japanese_kpi_and_heatmap_words() {
    let ja = Locale::builtin("ja");
    let k = kpi_trend(&ja, &sample_kpi(), as_of(), 240.0, 130.0);
    assert!(k.svg.contains("目標") && !k.svg.contains("Target") && !k.svg.contains("target"));
    let h = risk_heatmap(&ja, &sample_risks(12), 300.0);
    for word in ["発生可能性", "影響度", "ほぼ確実", "重大"] {
        assert!(h.svg.contains(word), "{word} missing");
    }
    assert!(!h.svg.contains("Likelihood") && !h.svg.contains("Almost certain"));
}

/// Every chart kind drawn in `loc` from data that holds no word of any
/// language ("Ω1", "R3", "2026-01"), so every word of its alt text comes
/// from the catalogue; also the empty charts, whose alt says so.
fn every_kind(loc: &Locale) -> Vec<Chart> {
    let label = |i: usize| format!("Ω{i}");
    let periods: Vec<String> = (1..=4).map(|m| format!("2026-0{m}")).collect();
    let statuses = [Rag::Green, Rag::Amber, Rag::Red, Rag::NoData];
    let cells = |i: usize| (0..4).map(|j| statuses[(i + j) % 4]).collect::<Vec<Rag>>();
    let history: Vec<HistoryRow> = (0..6).map(|i| HistoryRow { label: label(i), cells: cells(i) }).collect();
    let matrix: Vec<MatrixRow> = (0..6).map(|i| MatrixRow { label: label(i), cells: cells(i) }).collect();
    let counts = vec![(Rag::Red, 2), (Rag::Amber, 1), (Rag::Green, 1), (Rag::NoData, 1), (Rag::Paused, 2)];
    let groups: Vec<GroupMix> = (0..3).map(|i| GroupMix { name: label(i), counts: counts.clone() }).collect();
    let trend: Vec<TrendPeriod> =
        periods.iter().map(|p| TrendPeriod { label: p.clone(), counts: counts.clone() }).collect();
    let risks: Vec<HeatRisk> = (0..9)
        .map(|i| HeatRisk { id: format!("R{i}"), likelihood: (i % 5 + 1) as u8, impact: (i * 2 % 5 + 1) as u8 })
        .chain([
            HeatRisk { id: String::new(), likelihood: 5, impact: 5 },
            HeatRisk { id: "R9".into(), likelihood: 9, impact: 1 },
        ])
        .collect();
    let kpi = KpiSeries {
        name: "Ω".into(),
        unit: Some("%".into()),
        points: vec![(d(2026, 2, 1), 90.5), (d(2026, 3, 1), 91.25), (d(2026, 4, 1), 92.5)],
        target: Some(95.0),
        higher_is_better: true,
        baseline: Some(85.0),
    };
    let item = |i: usize, due, forecast, done, critical| {
        let dates = MilestoneDates { due: Some(due), forecast, done };
        TimelineItem::derived(loc, &label(i), dates, critical, as_of()).unwrap()
    };
    let items = vec![
        item(1, d(2026, 1, 15), None, Some(d(2026, 1, 20)), false),
        item(2, d(2026, 3, 1), Some(d(2026, 3, 1)), None, true),
        item(3, d(2026, 5, 6), Some(d(2026, 6, 17)), None, true),
        item(4, d(2026, 6, 10), Some(d(2026, 6, 3)), None, false),
        item(5, d(2026, 9, 30), Some(d(2026, 9, 30)), None, false),
    ];
    let mut charts = vec![
        portfolio_status(loc, &counts, 360.0),
        group_mix(loc, &groups, 360.0),
        status_trend(loc, &trend, 360.0, 150.0),
        status_trend(loc, &trend[..1], 360.0, 150.0),
        risk_heatmap(loc, &risks, 300.0),
        kpi_trend(loc, &kpi, as_of(), 240.0, 130.0),
        kpi_trend(loc, &KpiSeries { target: None, baseline: None, ..kpi.clone() }, as_of(), 240.0, 130.0),
        sparkline(loc, &[3.5, 4.0, 2.25], Some(4.0), true, 60.0, 14.0),
        milestone_timeline(loc, &items, as_of(), 500.0),
        // The empty states.
        portfolio_status(loc, &[], 360.0),
        group_mix(loc, &[], 360.0),
        status_trend(loc, &[], 360.0, 150.0),
        risk_heatmap(loc, &risks[10..], 300.0),
        kpi_trend(loc, &KpiSeries { points: vec![], ..kpi.clone() }, as_of(), 240.0, 130.0),
        sparkline(loc, &[], None, false, 60.0, 14.0),
        milestone_timeline(loc, &[], as_of(), 500.0),
        fallback(loc, "x", 100.0, 40.0, "Ω".into(), "boom"),
    ];
    charts.extend(status_history(loc, &periods, &history, 740.0));
    charts.extend(status_history(loc, &periods, &history, 90.0));
    charts.extend(status_history(loc, &[], &[], 740.0));
    charts.extend(region_matrix(loc, &periods, &matrix, 740.0));
    charts.extend(region_matrix(loc, &[], &[], 740.0));
    charts
}

/// The words of a text: its runs of two or more Latin letters.
fn latin_words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2).map(str::to_string).collect()
}

/// Asserts that no alt text in `loc` holds a word of its English twin,
/// other than the words `shared` the two languages have in common.
fn alt_texts_hold_no_english(loc: &Locale, shared: &[&str]) {
    let english = every_kind(Locale::english());
    let local = every_kind(loc);
    assert_eq!(english.len(), local.len());
    for (en, other) in english.iter().zip(&local) {
        assert!(!latin_words(&en.alt).is_empty(), "{}: the English alt has words: {}", en.name, en.alt);
        let left: Vec<String> = latin_words(&en.alt)
            .intersection(&latin_words(&other.alt))
            .filter(|w| !shared.contains(&w.as_str()))
            .cloned()
            .collect();
        assert!(left.is_empty(), "{} in {}: English words {left:?} in {}", en.name, loc.code, other.alt);
    }
}

#[test]
fn japanese_alt_texts_hold_no_english_word() {
    alt_texts_hold_no_english(&Locale::builtin("ja"), &[]);
}

#[test]
fn german_alt_texts_hold_no_english_word() {
    // Words German writes the same way: "Status nach Region", "in 5 Regionen", "1 minimal".
    alt_texts_hold_no_english(&Locale::builtin("de"), &["Status", "in", "minimal"]);
}

#[test]
fn german_alt_texts_write_german_numbers_and_dates() {
    let de = Locale::builtin("de");
    let charts = every_kind(&de);
    let alt = |name: &str| charts.iter().find(|c| c.name == name).map(|c| c.alt.clone()).unwrap();
    let kpi = alt("kpi-trend");
    // German writes a no-break space before the percent sign.
    for part in [
        "zuletzt 92,5\u{a0}% am 01.04.2026",
        "Ziel 95\u{a0}% (höher ist besser), verfehlt um 2,5 Pp.",
        "01.02.2026 90,5\u{a0}%",
    ] {
        assert!(kpi.contains(part), "{part} missing: {kpi}");
    }
    assert!(alt("sparkline").contains("Verlauf über 3 Werte: erster 3,5, letzter 2,2,"), "{}", alt("sparkline"));
    let timeline = alt("milestone-timeline");
    assert!(timeline.starts_with("Meilensteinplan, Stand 20.04.2026: 5 Meilensteine"), "{timeline}");
    assert!(timeline.contains("fällig 06.05.2026, verschoben, Prognose 17.06.2026, 6 Wochen Verzug"), "{timeline}");
    // Counts are grouped the German way.
    let big = portfolio_status(&de, &[(Rag::Green, 1200), (Rag::Red, 3)], 360.0);
    assert!(
        big.alt.starts_with("Portfoliostatus von 1.203 Programmen. 3 von 1.203 aktiven Programmen sind rot"),
        "{}",
        big.alt
    );
}

#[test]
fn the_fallback_notice_speaks_the_report_language() {
    let ja = fallback(&Locale::builtin("ja"), "x", 100.0, 40.0, "代替".into(), "boom");
    assert!(ja.svg.contains(">グラフを描画できませんでした</text>") && !ja.svg.contains("Chart could"), "{}", ja.svg);
    assert_eq!(ja.alt, "代替（グラフを描画できませんでした。）");
    let en = fallback(Locale::english(), "x", 100.0, 40.0, "Alt.".into(), "boom");
    assert!(en.svg.contains(">Chart could not be drawn</text>"), "{}", en.svg);
    assert_eq!(en.alt, "Alt. (The chart could not be drawn.)");
}
