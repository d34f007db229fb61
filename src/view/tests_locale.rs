//! The sentences the view writes speak the report's language: the
//! headline, a green program's why-line and a milestone's slip read in
//! German or Japanese for a `de` or `ja` report, from the same sample data.

use std::path::Path;
use std::sync::Arc;

use crate::cli::PeriodArgs;
use crate::locale::Locale;
use crate::model::types::Status;
use crate::session::{self, Session};

/// The monthly brief of the sample, in the language of `code`.
fn data_in(code: &str) -> super::ReportData {
    let session = Session::open(Path::new(env!("CARGO_MANIFEST_DIR")));
    let none = PeriodArgs { period: None, as_of: None, since: None };
    let tf = session::timeframe(&none, &session.portfolio).expect("the sample has a period");
    let spec = session.project.reports.iter().find(|s| s.id == "monthly-brief").expect("the sample's monthly brief");
    let spec = crate::project::ReportSpec { locale: Arc::new(Locale::builtin(code)), ..spec.clone() };
    let scope = crate::model::report::Scope::new(&spec, tf, None);
    let inputs = super::Inputs::of(&session, &scope);
    super::build(&inputs, &mut Default::default()).data
}

/// The why-line brief writes itself (a green program without a reason),
/// and a milestone's slip, of a report.
fn written_lines(d: &super::ReportData) -> (String, String) {
    let green = d
        .programs
        .iter()
        .find(|p| p.status == Some(Status::Green) && p.status_reason.is_none() && p.summary.is_none())
        .or_else(|| d.programs.iter().find(|p| p.status == Some(Status::Green) && p.status_reason.is_none()))
        .expect("the sample has a green program without a reason");
    let slip = d.programs.iter().flat_map(|p| &p.milestones).find_map(|m| m.slip_label.clone());
    (green.why.clone().unwrap_or_default(), slip.expect("the sample has a slipped milestone"))
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

#[test]
fn german_and_japanese_reports_get_their_own_sentences() {
    let en = data_in("en");
    let (en_why, en_slip) = written_lines(&en);
    assert!(en.summary.headline.contains("turned red"), "{}", en.summary.headline);
    assert!(en_slip.contains("against baseline"), "{en_slip}");
    for (code, headline, why, slip) in [
        (
            "de",
            ["auf Rot gefallen", "erforderlich"],
            ["im Ziel", "im Plan", "aber prüfen", "ohne Begründung"],
            "als Baseline",
        ),
        ("ja", ["赤に悪化", "必要"], ["目標達成", "計画どおり", "要確認", "理由の記載なし"], "ベースラインより"),
    ] {
        let d = data_in(code);
        let (w, s) = written_lines(&d);
        assert!(headline.iter().all(|h| d.summary.headline.contains(h)), "{code}: {}", d.summary.headline);
        assert!(has_any(&w, &why), "{code}: {w} (English: {en_why})");
        assert!(s.contains(slip) && !s.contains("baseline"), "{code}: {s}");
        assert_eq!(d.statuses[0].label, Locale::builtin(code).phrase("status.green", &[]));
    }
}
