//! The catalogues hold each other to account: every language has every
//! English key with the same placeholders, and every key the code and the
//! templates use is in the English catalogue.

use super::*;

fn catalogue_of(code: &str) -> (Catalogue, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let bytes = builtin_source(code).unwrap_or_default();
    assert!(!bytes.is_empty(), "report-templates/locales/{code}.yaml is missing");
    let c = parse_catalogue(bytes, 0, &mut diags);
    (c, diags)
}

#[test]
fn every_catalogue_parses_and_has_every_english_key_with_its_placeholders() {
    let (english, diags) = catalogue_of(BASE);
    assert!(diags.is_empty(), "en.yaml: {diags:?}");
    for code in CODES {
        let (c, diags) = catalogue_of(code);
        assert!(diags.is_empty(), "{code}.yaml: {diags:?}");
        for (what, base, own) in [("labels", &english.labels, &c.labels), ("phrases", &english.phrases, &c.phrases)] {
            for (key, text) in base {
                let Some(t) = own.get(key) else { panic!("{code}.yaml lacks {what}.{key}") };
                assert_eq!(t.placeholders(), text.placeholders(), "{code}.yaml: {what}.{key} changes the placeholders");
            }
            if let Some(extra) = own.keys().find(|k| !base.contains_key(*k)) {
                panic!("{code}.yaml has {what}.{extra}, which en.yaml lacks");
            }
        }
        assert_eq!(c.months.as_ref().map(Vec::len), Some(12), "{code}.yaml: months");
        assert_eq!(c.months_abbr.as_ref().map(Vec::len), Some(12), "{code}.yaml: months_abbr");
        for key in ["lang", "plural", "decimal", "group", "percent", "date", "day_month", "period", "period_short"] {
            assert!(c.meta.contains_key(key), "{code}.yaml lacks {key}");
        }
        let l = Locale::builtin(code);
        assert!(PluralRule::parse(c.meta.get("plural").map_or("", String::as_str)).is_some(), "{code}: plural rule");
        assert_ne!(l.numbers.decimal, l.numbers.group, "{code}: decimal and group separators differ");
    }
}

/// Every Rust file under src/ with its text, for the tests that check the
/// catalogue keys the code names.
fn rust_sources() -> Vec<(std::path::PathBuf, String)> {
    walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).unwrap_or_default()))
        .collect()
}

/// Every `phrase("key"` / `counted("key"` in the code names a key of en.yaml.
#[test]
fn every_phrase_the_code_uses_is_in_the_english_catalogue() {
    let en = Locale::english();
    let mut missing = Vec::new();
    for (path, text) in rust_sources() {
        for call in ["phrase(\"", "counted(\""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                if !key.is_empty() && !en.phrases.contains_key(key) && key != "key" {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "phrases missing from en.yaml: {missing:#?}");
}

/// Every `quality.` key written as a literal in the code (the phrases of data-quality
/// warnings, often passed around before they are filled) is in en.yaml.
#[test]
fn every_quality_key_the_code_names_is_in_the_english_catalogue() {
    let en = Locale::english();
    let mut missing = Vec::new();
    for (path, text) in rust_sources() {
        for (i, _) in text.match_indices("\"quality.") {
            let rest = &text[i + 1..];
            let key = &rest[..rest.find('"').unwrap_or(0)];
            // A key built with `format!` (a check's) is lint's own test's;
            // this test's own pattern ends in a dot.
            if !key.contains('{') && !key.ends_with('.') && !en.phrases.contains_key(key) {
                missing.push(format!("{}: {key}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "quality phrases missing from en.yaml: {missing:#?}");
}

/// Every `tr.<key>` a built-in template reads is a label of en.yaml.
#[test]
fn every_label_the_templates_read_is_in_the_english_catalogue() {
    let en = Locale::english();
    let mut missing = Vec::new();
    for (path, bytes) in crate::typeset::templates::BUILTIN.iter().filter(|(p, _)| p.ends_with(".typ")) {
        let text = String::from_utf8_lossy(bytes);
        for (i, _) in text.match_indices("tr.") {
            let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            if text[line_start..i].contains("//") {
                continue;
            }
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.') {
                continue;
            }
            let key: String = text[i + 3..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            let key = key.trim_end_matches('-');
            if !key.is_empty() && !en.labels.contains_key(key) {
                missing.push(format!("{path}: tr.{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "labels missing from en.yaml: {missing:#?}");
}

#[test]
fn numbers_and_dates_follow_the_language() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default();
    let en = Locale::english();
    assert_eq!(en.number(1234567.891, 2), "1,234,567.89");
    assert_eq!(en.date(d), "5 Dec 2026");
    assert_eq!(en.days(1), "1 day");
    assert_eq!(en.days(12), "12 days");
    let de = Locale::builtin("de");
    assert_eq!(de.number(1234567.891, 2), "1.234.567,89");
    assert_eq!(de.quantity(87.5, Some("%")), "87,5\u{a0}%");
    assert_eq!(de.date(d), "05.12.2026");
    assert_eq!(de.period(crate::model::period::Period { year: 2026, month: 3 }), "März 2026");
    assert_eq!(de.money(4481.4, Some("USD m")), "USD 4,5\u{a0}Mrd.");
    let ja = Locale::builtin("ja");
    assert_eq!(ja.date(d), "2026年12月5日");
    // A thousand reads as many in German, though "1.000" starts with a one.
    assert_eq!(de.counted("span.days", 1000, &[]), "1.000 Tage");
    assert_eq!(de.phrase("span.days", &[("n", "1.000")]), "1.000 Tage");
    assert_eq!(de.phrase("span.days", &[("n", "1")]), "1 Tag");
    let fr = Locale::builtin("fr");
    assert_eq!(fr.days(1), "1 jour");
    assert_eq!(fr.days(0), "0 jour");
}

#[test]
fn written_locales_are_found_whatever_their_case_and_a_near_miss_is_suggested() {
    assert_eq!(known_code("pt_br"), Ok("pt-BR"));
    assert_eq!(known_code("ZH-hans"), Ok("zh-Hans"));
    assert_eq!(known_code("zh-CN"), Err(Some("zh-Hans")));
    assert_eq!(known_code("jp"), Err(Some("ja")));
    assert_eq!(known_code("xx-long-nonsense"), Err(None));
}

/// Placeholders are filled in one pass: what a program manager wrote is
/// never read for placeholders itself, and one without an argument stays.
#[test]
fn a_value_that_holds_a_placeholder_prints_as_written() {
    assert_eq!(
        fill_placeholders("{name} is {status}; {other}", &[("name", "Plan {status}"), ("status", "red")]),
        "Plan {status} is red; {other}"
    );
    assert_eq!(fill_placeholders("{ {n}} {", &[("n", "3")]), "{ 3} {");
    let en = Locale::english();
    assert_eq!(en.phrase("status.mix", &[("n", "{status}"), ("status", "red")]), "{status} red");
}
