//! The monthly brief in the reader's language: the words its templates
//! print (titles, table heads, notes, definitions, page furniture) come from
//! the locale's catalogue, and none of the English ones is left.

use crate::harness::{Project, assert_pdf_has, pdf_text, squash};

/// Fixed English words of the monthly brief and its shared components, all
/// in the English brief of the sample (section titles there are in capitals,
/// so the check ignores case).
const ENGLISH_WORDS: &[&str] = &[
    "Executive summary",
    "What we need from you",
    "Where we stand",
    "most severe first",
    "Portfolio at a glance",
    "Budget by status",
    "Programs with a page",
    "Next milestone",
    "KPIs against target",
    "Asks of leadership",
    "Milestones: baseline against forecast",
    "Open issues",
    "Data-quality notes",
    "Risk score",
    "data as of",
    "Prepared by",
    "Page 1 of",
];

/// The sample's monthly brief built in `locale`, as text.
fn monthly_brief_text(locale: &str) -> String {
    let p = Project::sample();
    p.run(&["build", "--locale", locale, "--report", "monthly-brief", "--out", "out"]).success();
    pdf_text(&p.read("out/2026-11/monthly-brief.pdf"))
}

#[track_caller]
fn assert_no_english_word(text: &str) {
    let squashed = squash(text).to_lowercase();
    let left: Vec<&&str> = ENGLISH_WORDS.iter().filter(|w| squashed.contains(&squash(w).to_lowercase())).collect();
    assert!(left.is_empty(), "English words left in the brief: {left:?}");
}

#[test]
fn a_german_monthly_brief_prints_the_templates_words_in_german() {
    let text = monthly_brief_text("de");
    for words in ["Was wir von Ihnen brauchen", "Wo wir stehen", "Portfolio auf einen Blick", "Seite 1 von", "Anhang"] {
        assert_pdf_has(&text, words);
    }
    assert_no_english_word(&text);
}

/// Japanese text is drawn by an installed CJK font (.ci/run installs
/// fonts-noto-cjk and runs the `installed_fonts::` tests).
mod installed_fonts {
    use super::*;

    #[test]
    #[ignore = "needs fonts-noto-cjk (installed by .ci/run)"]
    fn a_japanese_monthly_brief_prints_the_templates_words_in_japanese() {
        let text = monthly_brief_text("ja");
        for words in ["エグゼクティブサマリー", "ご判断いただきたい事項", "ポートフォリオ概観", "付録", "用語の定義"]
        {
            assert_pdf_has(&text, words);
        }
        assert_no_english_word(&text);
    }
}

/// The words the other tests look for are the English brief's own, so
/// their absence in another language means something.
#[test]
fn the_english_monthly_brief_prints_every_word_the_locale_tests_look_for() {
    let squashed = squash(&monthly_brief_text("en")).to_lowercase();
    let absent: Vec<&&str> = ENGLISH_WORDS.iter().filter(|w| !squashed.contains(&squash(w).to_lowercase())).collect();
    assert!(absent.is_empty(), "not in the English brief: {absent:?}");
}
