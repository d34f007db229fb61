//! The files `brief init` and `brief new` write: they read back through
//! brief's own loader with every value as given, and a new update never
//! defaults to a month that has not happened.

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
