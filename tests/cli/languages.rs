//! Choosing the PDF's language: `locale:` on a report, `--locale`, the
//! project's `labels:` and its own catalogue files, and the located errors
//! of each. (What each language prints is checked in `locale.rs`.)

use crate::harness::*;

/// The fixture's brief.yaml with a setting added to its report.
fn with_report_setting(p: &Project, setting: &str) {
    let yaml = String::from_utf8(Project::fixture("minimal").read("brief.yaml")).unwrap();
    p.write("brief.yaml", &yaml.replace("    classification:", &format!("    {setting}\n    classification:")));
}

#[test]
fn a_report_written_in_german_dates_the_german_way_and_an_unknown_locale_is_located() {
    let p = Project::fixture("minimal");
    with_report_setting(&p, "locale: de");
    p.run(&["build"]).success();
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert!(text.contains("30.11.2026"), "no German date in:\n{text}");
    assert!(!text.contains("30 Nov 2026"), "an English date is left");

    with_report_setting(&p, "locale: jp");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("brief.yaml:6:13"), "{}", run.stderr);
    assert!(
        run.stderr.contains("locale `jp` has no catalogue") && run.stderr.contains("did you mean `ja`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_command_line_sets_the_language_of_every_report_built() {
    let p = Project::fixture("minimal");
    p.run(&["build", "--locale", "DE"]).success();
    assert!(pdf_text(&p.read("out/2026-11/monthly-brief.pdf")).contains("30.11.2026"));
    let run = p.run(&["build", "--locale", "klingon", "--out", "elsewhere"]);
    run.code(1);
    assert!(run.stderr.contains("locale `klingon` has no catalogue"), "{}", run.stderr);
    assert!(!p.exists("elsewhere"), "nothing is written for a wrong locale");
}

#[test]
fn a_project_replaces_a_word_and_a_wrong_key_names_the_closest_one() {
    let p = Project::fixture("minimal");
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("{yaml}labels:\n  de:\n    list.and: \"{{list}} sowie {{last}}\"\n"));
    p.run(&["check"]).success();
    p.write("brief.yaml", &format!("{yaml}labels:\n  de:\n    list.andd: \"{{list}} sowie {{last}}\"\n  xx: {{}}\n"));
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.contains("`list.andd` is not a label") && run.stderr.contains("did you mean `list.and`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("brief.yaml:9:5"), "{}", run.stderr);
    assert!(run.stderr.contains("locale `xx` has no catalogue"), "{}", run.stderr);
    // A placeholder the English text does not have would print as written.
    p.write("brief.yaml", &format!("{yaml}labels:\n  de:\n    list.and: \"{{liste}} und {{last}}\"\n"));
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.contains("has no placeholder {liste}") && run.stderr.contains("{last}, {list}"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_projects_own_catalogue_replaces_the_built_in_one_and_its_errors_are_located() {
    let p = Project::fixture("minimal");
    with_report_setting(&p, "locale: de");
    p.write("report-templates/locales/de.yaml", "date: \"{d}/{m}/{yyyy}\"\n");
    p.run(&["build"]).success();
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert!(text.contains("30/11/2026"), "the project's date format is not used:\n{text}");
    // What the file does not say comes from English, not from nowhere.
    assert!(text.contains("November 2026"), "{text}");

    p.write("report-templates/locales/de.yaml", "date: \"{d}/{m}/{yyyy}\"\nmonth: [Jan]\nmonths: [Jan, Feb]\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("report-templates/locales/de.yaml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`month` is not a catalogue setting") && run.stderr.contains("did you mean `months`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("months must list the twelve months"), "{}", run.stderr);
}

/// The English words left in a PDF's text: runs of two or more Latin
/// letters that are not in `allowed` (codes, the contact's address).
fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !allowed.contains(w))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Japanese text is drawn by an installed CJK font (.ci/run installs
/// fonts-noto-cjk and runs the `installed_fonts::` tests).
mod installed_fonts {
    use super::*;

    #[test]
    #[ignore = "needs fonts-noto-cjk (installed by .ci/run)"]
    fn a_japanese_brief_of_japanese_data_holds_no_english_word() {
        let p = Project::fixture("japanese");
        p.run(&["build"]).success();
        // Currency and region codes, the program's KPI, the contact's address
        // and the names of brief and its commands are no words of a language.
        let allowed = ["KPI", "KPIs", "USD", "JP", "hanako", "example", "com", "brief", "check"];
        for report in ["monthly-brief", "one-pager", "partner-brief"] {
            let text = pdf_text(&p.read(&format!("out/2026-11/{report}.pdf")));
            let left = english_words(&text, &allowed);
            assert!(left.is_empty(), "{report}: English words in the Japanese brief: {left:?}");
            // Japanese dates, and the status words of the catalogue.
            assert!(squash(&text).contains("2026年11月30日"), "{report}: no Japanese date");
        }
    }
}
