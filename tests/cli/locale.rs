//! `--locale`: the PDF speaks the report's language, in its dates, numbers
//! and the sentences brief writes, while the digest beside it stays English.

use crate::harness::{Project, assert_pdf_has, pdf_text, squash};

/// Whether `text` holds a date written dd.mm.yyyy.
fn has_german_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len()).any(|i| {
        digit(i)
            && digit(i + 1)
            && b[i + 2] == b'.'
            && digit(i + 3)
            && digit(i + 4)
            && b.get(i + 5) == Some(&b'.')
            && (6..10).all(|k| digit(i + k))
    })
}

/// Whether `text` holds a number with a decimal comma ("12,5").
fn has_decimal_comma(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(1)).any(|i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

#[test]
fn a_german_brief_writes_german_dates_numbers_and_sentences_and_an_english_digest() {
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief", "--locale", "de", "--digest"]).success();
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert!(has_german_date(&text), "no dd.mm.yyyy date in the German brief:\n{text}");
    assert!(has_decimal_comma(&text), "no decimal comma in the German brief:\n{text}");
    assert_pdf_has(&text, "später als Baseline");
    let digest = String::from_utf8(p.read("out/2026-11/monthly-brief.digest.txt")).unwrap();
    assert!(digest.contains("turned red"), "the digest is not English:\n{digest}");
    assert!(digest.contains("Nov 2026"), "the digest's dates are not English:\n{digest}");
    assert!(!has_german_date(&digest), "a German date in the digest:\n{digest}");
}

/// Japanese text is drawn by an installed CJK font (.ci/run installs
/// fonts-noto-cjk and runs the `installed_fonts::` tests).
mod installed_fonts {
    use super::*;

    #[test]
    #[ignore = "needs fonts-noto-cjk (installed by .ci/run)"]
    fn a_japanese_brief_writes_its_appendix_changes_in_japanese_and_brief_changes_stays_english() {
        let p = Project::sample();
        p.run(&["build", "--report", "monthly-brief", "--locale", "ja", "--digest"]).success();
        let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
        for words in ["新規リスク「", "が今月", "ベースラインより"] {
            assert!(text.contains(words), "no {words:?} in the Japanese appendix:\n{text}");
        }
        for english in ["thismonth,nowforecast", "newrisk\"", "lateagainstbaseline"] {
            assert!(!text.to_lowercase().contains(english), "{english:?} in the Japanese brief:\n{text}");
        }
        let changes = p.run(&["changes"]);
        assert_eq!(changes.code, 0, "{}", changes.stderr);
        assert!(
            changes.stdout.contains("this month, now forecast"),
            "`brief changes` is not English:\n{}",
            changes.stdout
        );
    }
}
