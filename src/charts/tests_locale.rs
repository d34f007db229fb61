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
