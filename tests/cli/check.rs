//! `brief check`: every rule of the input format, with its exact message,
//! location and exit code.

use crate::harness::*;

/// A project with one valid program, to break one thing at a time.
fn base() -> Project {
    let p = Project::empty();
    p.write(
        "programs/alpha/program.yaml",
        "name: Alpha\nowner: Ana\nmilestones:\n  - id: m1\n    name: Launch\n    due: 2026-12-15\n",
    );
    p.write("programs/alpha/2026-11.yaml", "status: green\n");
    p
}

/// Runs `brief check` and returns (exit code, stderr).
fn check(p: &Project) -> (i32, String) {
    let run = p.run(&["check"]);
    (run.code, run.stderr)
}

#[test]
fn a_valid_project_checks_clean() {
    let (code, err) = check(&base());
    assert_eq!(code, 0);
    assert_eq!(err, "checked 1 program in 2 files for 2026-11: 0 errors, 0 warnings\n");
}

#[test]
fn the_sample_portfolio_checks_clean() {
    let run = Project::sample().run(&["check", "--strict"]);
    run.success();
    assert!(run.stderr.ends_with("0 errors, 0 warnings\n"), "{}", run.stderr);
}

#[test]
fn unknown_keys_get_a_did_you_mean_hint_and_x_keys_are_ignored() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nx-jira: TNS-1\nrisks:\n  - id: r1\n    likelyhood: 3\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn a_value_out_of_range_names_file_line_and_column() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nrisks:\n  - id: r1\n    likelihood: high\n    impact: 7\n");
    let (code, err) = check(&p);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn dates_that_do_not_exist_are_errors() {
    let p = base();
    p.write(
        "programs/alpha/2026-11.yaml",
        "status: green\nmilestones:\n  - id: m1\n    forecast: 2026-02-30\n  - id: m2\n    due: 15/12/2026\n",
    );
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn keywords_and_types_are_checked() {
    let p = base();
    p.write(
        "programs/alpha/2026-11.yaml",
        "status: gren\nvisibility: secret\nregions: EU\nmilestones:\n  - id: m1\n    critical: yes\nmetrics:\n  - id: k1\n    target: lots\n    better: up\nasks:\n  - id: a1\n    kind: decison\n    status: pending\n",
    );
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn duplicate_program_ids_name_both_paths() {
    let p = base();
    p.write("programs/emea/alpha.yaml", "name: Alpha again\nowner: Bo\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn period_file_names_must_be_real_months() {
    let p = base();
    p.write("programs/alpha/2026-13.yaml", "status: green\n");
    p.write("programs/2026-10.yaml", "status: green\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn the_same_period_twice_is_an_error() {
    let p = base();
    p.write("programs/alpha/updates.yaml", "updates:\n  2026-11:\n    status: amber\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn status_is_required_once_a_program_reports() {
    let p = base();
    p.write("programs/alpha/2026-10.yaml", "summary: first report, no status\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn amber_and_red_need_a_reason() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: red\nasks:\n  - id: a1\n    title: Decide\n    by: 2026-12-20\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn metric_values_are_keyed_by_period_or_date() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nmetrics:\n  - id: k1\n    values:\n      2026-11: 5\n      Q3: 4\n      2026-11-31: 3\n      2026-10-02: many\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn name_and_owner_are_required() {
    let p = base();
    p.write("programs/alpha/program.yaml", "sponsor: Someone\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn brief_yaml_references_must_exist() {
    let p = base();
    p.write(
        "brief.yaml",
        "reports:\n  monthly-brief:\n    template: montly-brief\n    select:\n      programs: [alpha, alpah]\n      tags: [emea]\n",
    );
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn yaml_syntax_errors_and_duplicate_keys_are_located() {
    let p = base();
    p.write("programs/beta.yaml", "name: Beta\nowner: Bo\nowner: Cy\n");
    p.write("programs/gamma.yaml", "name: Gamma\nowner: [unclosed\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn ids_and_file_names_are_slugs() {
    let p = base();
    p.write("programs/Bad_Name.yaml", "name: Bad\nowner: Bo\n");
    insta::assert_snapshot!(check(&p).1);
}

#[test]
fn updates_after_the_period_are_ignored_but_still_checked() {
    let p = base();
    p.write("programs/alpha/2026-12.yaml", "status: red\nstatus_reason: later\nownr: x\n");
    let run = p.run(&["check", "--period", "2026-11"]);
    run.code(1);
    assert!(
        run.stderr.contains("programs/alpha/2026-12.yaml:3:1: error: unknown field `ownr` in a program"),
        "{}",
        run.stderr
    );
}

#[test]
fn twenty_mistakes_in_four_files_give_twenty_diagnostics() {
    let p = Project::fixture("mistakes");
    let run = p.run(&["check", "--format", "json"]);
    run.code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    let files: std::collections::BTreeSet<&str> = diags.iter().filter_map(|d| d["file"].as_str()).collect();
    assert_eq!(diags.len(), 20, "{}", run.stdout);
    assert_eq!(report["errors"], 20);
    assert_eq!(files.len(), 4, "{files:?}");
    insta::assert_snapshot!(p.run(&["check"]).stderr);
}

#[test]
fn json_diagnostics_carry_location_code_and_hints() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nrisks:\n  - id: r1\n    likelyhood: 3\n");
    let run = p.run(&["check", "--format", "json"]);
    run.code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_json_snapshot!(v);
}

mod warnings {
    use super::*;

    /// A project whose data trips every data-quality rule.
    fn dirty() -> Project {
        let p = Project::empty();
        p.write(
            "programs/green-but-late.yaml",
            "name: Green but late\nowner: Gil\nstatus: green\nmilestones:\n  - id: m1\n    name: Core launch\n    due: 2026-11-10\n    critical: true\nrisks:\n  - id: r1\n    title: Regulator fines\n    likelihood: 4\n    impact: 4\nupdates:\n  2026-11: {}\n",
        );
        p.write(
            "programs/red-no-path.yaml",
            "name: Red without a path\nowner: Rae\nstatus: red\nstatus_reason: Everything is late\nmetrics:\n  - id: k1\n    name: Backlog\n    values: {2026-10: 5}\nasks:\n  - id: a1\n    title: Old decision\n    status: decided\nupdates:\n  2026-11: {}\n",
        );
        p.write(
            "programs/quiet.yaml",
            "name: Quiet\nowner: Quinn\nasks:\n  - id: a2\n    title: Approve budget\n    by: 2026-10-01\nupdates:\n  2026-10: {status: green}\n",
        );
        p
    }

    #[test]
    fn every_data_quality_rule_warns_with_a_location() {
        let p = dirty();
        let run = p.run(&["check", "--period", "2026-11"]);
        run.code(0);
        insta::assert_snapshot!(run.stderr);
    }

    #[test]
    fn strict_turns_warnings_into_exit_code_3() {
        dirty().run(&["check", "--strict", "--period", "2026-11"]).code(3);
    }

    #[test]
    fn build_strict_refuses_and_writes_nothing() {
        let p = dirty();
        p.run(&["build", "--strict", "--period", "2026-11"]).code(3);
        assert!(!p.exists("out/2026-11/monthly-brief.pdf"));
    }
}

#[test]
fn a_system_failure_exits_with_code_2() {
    let p = base();
    p.write("blocker", "a file where a folder must go");
    p.run(&["build", "--out", "blocker/out"]).code(2);
}

#[test]
fn schema_describes_every_field() {
    let run = Project::empty().run(&["schema", "program"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["properties"]["status"]["anyOf"][0]["enum"],
        serde_json::json!(["green", "amber", "red", "complete", "paused"])
    );
    let committed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo().join("schema/program.schema.json")).unwrap()).unwrap();
    assert_eq!(
        v, committed,
        "schema/program.schema.json is out of date: run `brief schema program > schema/program.schema.json`"
    );
    let project = Project::empty().run(&["schema", "project"]);
    let committed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo().join("schema/project.schema.json")).unwrap()).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&project.stdout).unwrap(),
        committed,
        "schema/project.schema.json is out of date"
    );
}

#[test]
fn a_milestone_needs_its_baseline_date() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nmilestones:\n  - id: m2\n    name: Pilot\n");
    let (code, err) = check(&p);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
}

#[test]
fn x_keys_are_ignored_among_regions_and_metric_values_too() {
    let p = base();
    p.write(
        "programs/alpha/2026-11.yaml",
        "status: green\nregion_status: {x-note: hi, US: green}\n\
         metrics:\n  - {id: k1, name: Notices, values: {2026-11: 1, x-source: weekly export}}\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 0, "{err}");
    assert!(err.ends_with("0 errors, 0 warnings\n"), "{err}");
}

#[test]
fn a_problem_in_a_shared_defaults_file_is_reported_once() {
    let p = base();
    p.write("programs/_defaults.yaml", "visibility: secret\n");
    p.write("programs/beta.yaml", "name: Beta\nowner: Bo\nstatus: green\nupdates:\n  2026-11: {}\n");
    p.write("programs/gamma.yaml", "name: Gamma\nowner: Cy\nstatus: green\nupdates:\n  2026-11: {}\n");
    let (code, err) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(err.matches("visibility must be one of").count(), 1, "{err}");
    assert!(err.ends_with("1 error, 0 warnings\n"), "{err}");
}

#[test]
fn a_risk_without_a_score_is_a_warning_and_still_builds() {
    let p = base();
    p.write("programs/alpha/2026-11.yaml", "status: green\nrisks:\n  - {id: r1, title: Unscored, likelihood: 2}\n");
    let (code, err) = check(&p);
    assert_eq!(code, 0);
    assert!(err.contains("warning: risk `r1` has no score: it needs both likelihood and impact"), "{err}");
    // Every built-in template draws it (it once stopped the monthly brief with exit 2).
    p.write("brief.yaml", "reports:\n  monthly-brief: {template: monthly-brief}\n  one-pager: {template: one-pager}\n");
    p.run(&["build"]).success();
    p.run(&["build", "--program", "alpha"]).success();
}

#[test]
fn a_key_written_twice_does_not_hide_the_files_other_problems() {
    let p = base();
    p.write(
        "programs/alpha/2026-11.yaml",
        "status: gren\nsummary: One.\nrisks:\n  - id: r1\n    likelyhood: 3\nsummary: Two.\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1);
    for message in [
        "2026-11.yaml:1:9: error: status must be one of",
        "2026-11.yaml:5:5: error: unknown field `likelyhood` in a risk",
        "2026-11.yaml:6:1: error: key `summary` appears twice in this mapping",
    ] {
        assert!(err.contains(message), "missing {message:?} in:\n{err}");
    }
    p.run(&["build"]).code(1);
}
