//! The files `brief init` and `brief new` write: they read back through
//! brief's own loader with every value as given, their placeholders are
//! flagged until replaced, and a new update never defaults to a month that
//! has not happened.

use serde_json::Value;

use crate::harness::*;

/// Names and owners that a naive YAML writer would turn into something else.
const HOSTILE: &[&str] = &[
    "a: b # c",
    "\"quoted\"",
    "'single'",
    "yes",
    "null",
    "~",
    "2026-01-01",
    "42",
    "two\nlines",
    "-dash",
    "- dash",
    "@x",
    "`tick`",
    "#hash",
    "back\\slash",
    "tab\there",
    "Zoë & Co, [EU]",
    "{owner}",
];

fn today(date: &'static str) -> [(&'static str, &'static str); 1] {
    [("BRIEF_TODAY", date)]
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// `brief check --format json` with no errors; its diagnostics.
fn check_clean(p: &Project, args: &[&str]) -> Vec<Value> {
    let run = p.run(&[&["check", "--format", "json"], args].concat());
    run.success();
    let report = json(&run);
    assert_eq!(report["errors"], 0, "{}", run.stdout);
    report["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn every_generated_file_reads_back_with_the_values_given() {
    let p = Project::empty();
    p.run_env(&["init", "--period", "2026-11"], &today("2026-11-20")).success();
    for (i, text) in HOSTILE.iter().enumerate() {
        let id = format!("p{i}");
        // `--name=` so that a value starting with a dash is a value.
        let (name, owner) = (format!("--name={text}"), format!("--owner={text}"));
        p.run_env(&["new", "program", &id, &name, &owner], &today("2026-11-20")).success();
        p.run_env(&["new", "update", &id], &today("2026-11-20")).success();
        assert!(p.exists(&format!("programs/{id}/2026-11.yaml")));
    }
    check_clean(&p, &[]);
    // The next update carries the reason and summary over: hostile ones too.
    for (i, text) in HOSTILE.iter().enumerate() {
        let quoted = serde_json::to_string(text).unwrap();
        let update = format!("status: amber\nstatus_reason: {quoted}\nsummary: {quoted}\n");
        p.write(&format!("programs/p{i}/2026-11.yaml"), &update);
        p.run_env(&["new", "update", &format!("p{i}")], &today("2026-12-02")).success();
        // Only the generated file can now hold the values.
        std::fs::remove_file(p.path().join(format!("programs/p{i}/2026-11.yaml"))).unwrap();
    }
    check_clean(&p, &["--period", "2026-12"]);
    p.run(&["build", "--period", "2026-12", "--emit-bundle", "bundle"]).success();
    let data: Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    assert_eq!(data["portfolio"]["organization"], "Your Organization");
    let programs = data["programs"].as_array().unwrap();
    let example = programs.iter().find(|v| v["id"] == "example-program").unwrap();
    assert_eq!((&example["name"], &example["owner"]), (&Value::from("Example Program"), &Value::from("Your Name")));
    for (i, text) in HOSTILE.iter().enumerate() {
        let program = programs.iter().find(|v| v["id"] == format!("p{i}")).unwrap();
        for field in ["name", "owner", "status_reason", "summary"] {
            assert_eq!(program[field], *text, "{field} of p{i}");
        }
    }
}

#[test]
fn a_new_update_never_defaults_to_a_month_that_has_not_started() {
    let p = Project::fixture("minimal");
    // The latest update is November; in November the next one is not due.
    let run = p.run_env(&["new", "update", "alpha"], &today("2026-11-30"));
    run.code(1);
    assert!(run.stderr.contains("December 2026, which has not started yet"), "{}", run.stderr);
    assert!(run.stderr.contains("--period"), "{}", run.stderr);
    assert!(!p.exists("programs/alpha/2026-12.yaml"));
    // Asked for explicitly, it is written, with a warning.
    let run = p.run_env(&["new", "update", "alpha", "--period", "2026-12"], &today("2026-11-30"));
    run.success();
    assert!(run.stderr.contains("warning: December 2026 has not started yet"), "{}", run.stderr);
    assert!(p.exists("programs/alpha/2026-12.yaml"));
    // A month that has started takes no warning.
    let run = p.run_env(&["new", "update", "alpha", "--period", "2026-10"], &today("2026-11-30"));
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // A clock override that is not a date is a tool failure, not a guess.
    p.run_env(&["new", "update", "alpha"], &today("soon")).code(2);
}

#[test]
fn placeholders_are_flagged_at_their_place_until_replaced() {
    let p = Project::empty();
    p.run_env(&["init", "--period", "2026-11"], &today("2026-11-20")).success();
    p.run_env(&["new", "program", "plain"], &today("2026-11-20")).success();
    let found: Vec<Value> = check_clean(&p, &[]).into_iter().filter(|d| d["code"] == "placeholder-text").collect();
    let at = |file: &str, line: u64| {
        found
            .iter()
            .find(|d| d["file"] == file && d["line"] == line)
            .unwrap_or_else(|| panic!("{file}:{line} {found:#?}"))
    };
    let organization = at("brief.yaml", 4);
    assert_eq!(organization["column"], 15);
    assert_eq!(organization["severity"], "warning");
    assert!(organization["message"].as_str().unwrap().contains("\"Your Organization\" written by `brief init`"));
    let owner = at("programs/example-program/program.yaml", 5);
    assert_eq!(owner["column"], 8);
    assert_eq!(owner["program"], "example-program");
    assert_eq!(
        owner["message"].as_str().unwrap(),
        "`owner` still holds the placeholder \"Your Name\" written by `brief new program`; replace it"
    );
    let plain_owner = found.iter().find(|d| d["program"] == "plain" && d["line"] == 5).expect("plain's owner");
    assert!(plain_owner["message"].as_str().unwrap().contains("\"Your Name\""));
    // Every placeholder the scaffold writes is one that check finds.
    for placeholder in brief::testing::PLACEHOLDERS {
        let quoted = format!("\"{}\"", placeholder.text);
        assert!(
            found.iter().any(|d| d["message"].as_str().unwrap().contains(&quoted)),
            "{} not flagged",
            placeholder.text
        );
    }
    let files = [
        "brief.yaml",
        "programs/example-program/program.yaml",
        "programs/example-program/2026-11.yaml",
        "programs/plain/program.yaml",
    ];
    for file in files {
        let mut text = String::from_utf8(p.read(file)).unwrap();
        for placeholder in brief::testing::PLACEHOLDERS {
            text = text.replace(placeholder.text, &format!("Real {}", placeholder.key));
        }
        p.write(file, &text);
    }
    let left: Vec<Value> = check_clean(&p, &[]).into_iter().filter(|d| d["code"] == "placeholder-text").collect();
    assert!(left.is_empty(), "{left:#?}");
}
