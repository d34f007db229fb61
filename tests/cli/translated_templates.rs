//! The one-pager, the program deep dive and the partner brief in another
//! language: their fixed words come from the report's locale catalogue, and
//! the one-pager stays one page. Section titles print in capitals, so the
//! needles for them are in capitals too.

use crate::harness::{Project, assert_pdf_has, pdf_info, pdf_text, squash};

/// Asserts that the PDF's text has none of `english` (whitespace ignored).
#[track_caller]
fn assert_pdf_lacks(text: &str, english: &[&str]) {
    for word in english {
        assert!(!squash(text).contains(&squash(word)), "the PDF text still contains {word:?}");
    }
}

/// Japanese text is drawn by an installed CJK font (.ci/run installs
/// fonts-noto-cjk and runs the `installed_fonts::` tests).
mod installed_fonts {
    use super::*;

    #[test]
    #[ignore = "needs fonts-noto-cjk (installed by .ci/run)"]
    fn one_pager_in_german_and_japanese_prints_their_words_on_one_page() {
        let p = Project::sample();
        p.run(&["build", "--report", "one-pager", "--locale", "de", "--out", "de"]).success();
        let de = p.read("de/2026-11/one-pager.pdf");
        assert_eq!(pdf_info(&de).pages, 1, "the German one-pager is one page");
        let text = pdf_text(&de);
        for needle in [
            "Programm",
            "Nächster Meilenstein",
            "Wichtigste Bitte",
            "Trend: seit Oktober 2026",
            "1 Programm schlechter",
        ] {
            assert_pdf_has(&text, needle);
        }
        assert_pdf_lacks(&text, &["Next milestone", "Top ask", "high or critical risk", "slipped or overdue"]);
        p.run(&["build", "--report", "one-pager", "--locale", "ja", "--out", "ja"]).success();
        let ja = p.read("ja/2026-11/one-pager.pdf");
        assert_eq!(pdf_info(&ja).pages, 1, "the Japanese one-pager is one page");
        assert_pdf_has(&pdf_text(&ja), "最優先の依頼");
    }
}

#[test]
fn partner_brief_in_german_frames_itself_in_german() {
    let p = Project::sample();
    p.run(&["build", "--report", "partner-brief", "--locale", "de"]).success();
    let text = pdf_text(&p.read("out/2026-11/partner-brief.pdf"));
    for needle in [
        "Über diesen Bericht",
        "Zweck und Zielgruppe.",
        "WO JEDES PROGRAMM STEHT",
        "EINHALTUNG DER FRISTEN",
        "WAS WIR VON PARTNERN BENÖTIGEN",
        "Fragen zu diesem Bericht: Partner Programs Office",
    ] {
        assert_pdf_has(&text, needle);
    }
    assert_pdf_lacks(&text, &["About this brief", "WHAT WE NEED FROM PARTNERS", "PERFORMANCE AGAINST DEADLINES"]);
}

#[test]
fn partner_brief_default_purpose_is_in_the_report_language() {
    let p = Project::sample();
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    // The sample's partner brief states its own purpose; without one the
    // template's default purpose text is printed.
    let start = yaml.find("    purpose: >-").expect("the sample's partner brief has a purpose");
    let end = start + yaml[start..].find("    contact:").unwrap();
    p.write("brief.yaml", &(yaml[..start].to_string() + &yaml[end..]));
    p.run(&["build", "--report", "partner-brief", "--locale", "de"]).success();
    assert_pdf_has(
        &pdf_text(&p.read("out/2026-11/partner-brief.pdf")),
        "Dieser Bericht informiert unsere Partner über die Trust-&-Safety- und Compliance-Programme",
    );
}

#[test]
fn deep_dive_in_german_names_its_sections_and_states_in_german() {
    let p = Project::sample();
    p.run(&["build", "--program", "eu-dsa-compliance", "--locale", "de"]).success();
    let text = pdf_text(&p.read("out/2026-11/program-deep-dive-eu-dsa-compliance.pdf"));
    for needle in [
        "ECKDATEN",
        "DIESER ZEITRAUM IN ZAHLEN",
        "KPIs gegen Ziel",
        "Meilensteine: Basis gegen Prognose",
        "Bitten an die Leitung",
        "Verlauf",
        "Überfällig",
        "in Minderung",
        "Anhang",
    ] {
        assert_pdf_has(&text, needle);
    }
    assert_pdf_lacks(
        &text,
        &["Asks of leadership", "THIS PERIOD IN NUMBERS", "No risks in the register", "mitigating"],
    );
}
