//! The public yaml-test-suite (tests/fixtures/yaml-test-suite, MIT): every
//! case fed to `brief check` as a program file. Whatever the YAML, brief
//! ends with exit 0 or 1 within a second, and an input the suite calls
//! invalid is refused with a located message. Where brief's parser
//! (saphyr-parser) disagrees with the suite, the case is listed below with
//! the reason; the lists are exact, so a parser upgrade that fixes or breaks
//! a case shows up here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::*;

/// Valid YAML that the parser refuses as a syntax error: none with
/// saphyr-parser 0.3 on the suite's data-2022-01-17 cases.
const VALID_REFUSED: &[(&str, &str)] = &[];

/// Invalid YAML that the parser accepts: none either. (brief would still
/// refuse such an input as a program file, but not as YAML.)
const INVALID_ACCEPTED: &[(&str, &str)] = &[];

struct Case {
    /// "2G84/00"
    id: String,
    invalid: bool,
    bytes: Vec<u8>,
}

fn suite() -> PathBuf {
    repo().join("tests/fixtures/yaml-test-suite")
}

fn cases() -> Vec<Case> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Case>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.file_name().is_some_and(|n| n == "in.yaml") {
                let dir = path.parent().unwrap();
                let id = dir.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(Case { id, invalid: dir.join("error").exists(), bytes: std::fs::read(&path).unwrap() });
            }
        }
    }
    let mut out = Vec::new();
    walk(&suite(), &suite(), &mut out);
    out
}

/// How brief's YAML layer reads a case: Ok, or the code of the error.
fn parse(bytes: &[u8]) -> Result<(), &'static str> {
    let text = brief::testing::yaml::decode(bytes, 0).map_err(|d| d.code)?;
    brief::testing::yaml::parse(&text, 0).map(|_| ()).map_err(|d| d.code)
}

/// Whether saphyr-parser alone reads every event of every document of the
/// text without an error (brief stops at a second document; this does not).
fn parser_accepts(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else { return false };
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => return true,
            Some(Err(_)) => return false,
            Some(Ok(_)) => {}
        }
    }
}

/// Errors of the YAML layer that are brief's own rules, not syntax:
/// one document per file, text keys, printable characters only.
const BRIEF_RULES: &[&str] = &["several-documents", "complex-key", "control-character", "duplicate-key"];

#[test]
fn the_suite_is_all_there() {
    let cases = cases();
    assert_eq!(cases.len(), 402, "cases in tests/fixtures/yaml-test-suite");
    assert_eq!(cases.iter().filter(|c| c.invalid).count(), 94);
    assert!(suite().join("LICENSE").is_file(), "the suite's MIT licence travels with its data");
}

#[test]
fn the_parser_agrees_with_the_suite_but_for_the_listed_cases() {
    let mut valid_refused = BTreeSet::new();
    let mut invalid_accepted = BTreeSet::new();
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for case in cases() {
        match (parser_accepts(&case.bytes), case.invalid) {
            (false, false) => _ = valid_refused.insert(case.id.clone()),
            (true, true) => _ = invalid_accepted.insert(case.id.clone()),
            _ => {}
        }
        // brief's YAML layer refuses every invalid case, and a valid one only
        // by its own rules (or where the parser disagrees, listed above).
        match parse(&case.bytes) {
            Ok(()) => assert!(!case.invalid || parser_accepts(&case.bytes), "{}: invalid YAML accepted", case.id),
            Err(code) if BRIEF_RULES.contains(&code) => {
                if !case.invalid {
                    *by_rule.entry(code).or_default() += 1;
                }
            }
            Err(code) => {
                assert!(case.invalid || !parser_accepts(&case.bytes), "{}: valid YAML refused with {code}", case.id)
            }
        }
    }
    eprintln!(
        "saphyr-parser: {} valid cases refused, {} invalid cases accepted; valid cases refused by brief's own rules: {by_rule:?}",
        valid_refused.len(),
        invalid_accepted.len()
    );
    let listed = |l: &[(&str, &str)]| l.iter().map(|(id, _)| id.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(valid_refused, listed(VALID_REFUSED), "valid cases the parser refuses");
    assert_eq!(invalid_accepted, listed(INVALID_ACCEPTED), "invalid cases the parser accepts");
}

/// Runs `brief check` on one case; the faster of two tries, so a busy
/// machine does not fail the time bound.
fn check_case(case: &Case) -> (Run, Duration) {
    let p = Project::empty();
    std::fs::create_dir_all(p.path().join("programs")).unwrap();
    std::fs::write(p.path().join("programs/case.yaml"), &case.bytes).unwrap();
    let mut best: Option<(Run, Duration)> = None;
    for _ in 0..2 {
        let started = Instant::now();
        let run = p.run(&["check"]);
        let took = started.elapsed();
        if best.as_ref().is_none_or(|(_, t)| took < *t) {
            best = Some((run, took));
        }
        if took < Duration::from_millis(500) {
            break;
        }
    }
    best.unwrap()
}

/// Whether stderr has an error at `programs/case.yaml:LINE:COL`.
fn located_error(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        let Some(rest) = l.strip_prefix("programs/case.yaml:") else { return false };
        let mut parts = rest.splitn(3, ':');
        let (line, col, tail) = (parts.next(), parts.next(), parts.next());
        line.is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 1))
            && col.is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 1))
            && tail.is_some_and(|t| t.starts_with(" error: "))
    })
}

#[test]
fn every_case_ends_cleanly_within_a_second_and_invalid_ones_are_located() {
    let cases = cases();
    let failures = std::sync::Mutex::new(Vec::new());
    let (exit0, exit1) = (std::sync::atomic::AtomicUsize::new(0), std::sync::atomic::AtomicUsize::new(0));
    let (failures_ref, exit0_ref, exit1_ref) = (&failures, &exit0, &exit1);
    std::thread::scope(|s| {
        for chunk in cases.chunks(cases.len().div_ceil(2)) {
            s.spawn(move || {
                let (failures, exit0, exit1) = (failures_ref, exit0_ref, exit1_ref);
                for case in chunk {
                    let (run, took) = check_case(case);
                    let mut why = Vec::new();
                    match run.code {
                        0 => _ = exit0.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                        1 => _ = exit1.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                        code => why.push(format!("exit code {code}")),
                    }
                    if run.code == 1 && !located_error(&run.stderr) {
                        why.push("no located error".to_string());
                    }
                    if case.invalid && run.code != 1 {
                        why.push("invalid YAML was not refused".to_string());
                    }
                    if run.stderr.contains("panicked") {
                        why.push("panic".to_string());
                    }
                    if took >= Duration::from_secs(1) {
                        why.push(format!("took {took:?}"));
                    }
                    if !why.is_empty() {
                        failures.lock().unwrap().push(format!("{}: {}\n{}", case.id, why.join(", "), run.stderr));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!("exit 0: {exit0:?}, exit 1: {exit1:?}");
    assert!(failures.is_empty(), "{} cases failed:\n{}", failures.len(), failures.join("\n"));
}
