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
        serde_json::json!(["green", "amber", "red", "unrated", "complete", "paused"])
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

/// Runs `brief check` and asserts that its messages hold each of `expected`,
/// every one a whole `file:line:col: severity: message` line or a hint line.
#[track_caller]
fn assert_reports(p: &Project, code: i32, expected: &[&str]) -> String {
    let (got, err) = check(p);
    assert_eq!(got, code, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    for line in expected {
        assert!(lines.contains(line), "missing {line:?} in:\n{err}");
    }
    err
}

mod unknown_items {
    use super::*;

    /// A program with a risk and a metric, and an update that misspells both ids.
    fn misspelt() -> Project {
        let p = base();
        p.write(
            "programs/alpha/risks.yaml",
            "risks:\n  - id: seller-readiness\n    title: Sellers are not ready\nmetrics:\n  - id: operator-coverage\n    name: Operator coverage\n    values: {2026-11: 80}\n",
        );
        p.write(
            "programs/alpha/2026-11.yaml",
            "status: green\nrisks:\n  - id: seller-readyness\n    likelihood: 2\n    impact: 3\nmetrics:\n  - id: operator-coverag\n    values: {2026-11: 81}\n",
        );
        p
    }

    #[test]
    fn an_update_item_whose_id_names_nothing_is_a_typo_with_a_hint() {
        assert_reports(
            &misspelt(),
            1,
            &[
                "programs/alpha/2026-11.yaml:3:9: error: program `alpha` has no risk `seller-readyness` before this update, and a new risk needs a title",
                "   = hint: did you mean `seller-readiness`?",
                "programs/alpha/2026-11.yaml:7:9: error: program `alpha` has no metric `operator-coverag` before this update, and a new metric needs a name",
                "   = hint: did you mean `operator-coverage`?",
            ],
        );
    }

    #[test]
    fn every_item_list_is_checked_and_a_milestone_is_reported_once() {
        let p = base();
        p.write(
            "programs/alpha/2026-11.yaml",
            "status: green\nmilestones:\n  - id: m9\n    forecast: 2027-01-10\nissues:\n  - id: i1\n    severity: low\nasks:\n  - id: a1\n    kind: fyi\n",
        );
        let err = assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-11.yaml:3:9: error: program `alpha` has no milestone `m9` before this update, and a new milestone needs a name and a due date",
                "   = hint: did you mean `m1`?",
                "programs/alpha/2026-11.yaml:6:9: error: program `alpha` has no issue `i1` before this update, and a new issue needs a title",
                "   = hint: to add a new issue, give it a title",
                "programs/alpha/2026-11.yaml:9:9: error: program `alpha` has no ask `a1` before this update, and a new ask needs a title",
            ],
        );
        assert!(!err.contains("has no due date"), "the unknown milestone is reported once:\n{err}");
        assert!(err.ends_with("3 errors, 0 warnings\n"), "{err}");
    }

    #[test]
    fn new_items_with_their_fields_and_items_of_earlier_updates_are_fine() {
        let p = base();
        p.write(
            "programs/alpha/2026-10.yaml",
            "status: green\nrisks:\n  - id: r1\n    title: Vendor delay\n    likelihood: 2\n    impact: 2\n",
        );
        p.write(
            "programs/alpha/2026-11.yaml",
            "status: green\nrisks:\n  - id: r1\n    impact: 3\nmilestones:\n  - id: m2\n    name: Pilot\n    due: 2027-02-01\n",
        );
        p.write(
            "programs/beta.yaml",
            "name: Beta\nowner: Bo\nstatus: green\nupdates:\n  2026-10:\n    asks: [{id: a1, title: Approve, by: 2026-12-01}]\n  2026-11:\n    asks: [{id: a1, status: decided}]\n",
        );
        let (code, err) = check(&p);
        assert_eq!(code, 0, "{err}");
        assert!(err.ends_with("0 errors, 0 warnings\n"), "{err}");
    }

    #[test]
    fn an_unknown_id_under_updates_in_a_single_file_is_found_too() {
        let p = base();
        p.write(
            "programs/beta.yaml",
            "name: Beta\nowner: Bo\nstatus: green\nrisks:\n  - {id: vendor-delay, title: Vendor delay}\nupdates:\n  2026-11:\n    risks: [{id: vendor-dealy, impact: 4}]\n",
        );
        assert_reports(
            &p,
            1,
            &[
                "programs/beta.yaml:8:18: error: program `beta` has no risk `vendor-dealy` before this update, and a new risk needs a title",
                "   = hint: did you mean `vendor-delay`?",
            ],
        );
    }
}

mod misnamed_updates {
    use super::*;

    #[test]
    fn files_named_like_a_period_warn_with_the_right_name() {
        for (name, period, ext) in [
            ("update-2026-12.yaml", "2026-12", "yaml"),
            ("dec-2026.yaml", "2026-12", "yaml"),
            ("2026_12.yaml", "2026-12", "yaml"),
            ("December 2026.yaml", "2026-12", "yaml"),
            ("2026.12.yml", "2026-12", "yml"),
        ] {
            let p = base();
            p.write(&format!("programs/alpha/{name}"), "summary: December news\n");
            let (code, err) = check(&p);
            assert_eq!(code, 0, "{name}: {err}");
            let expected = format!(
                "programs/alpha/{name}:1:1: warning: this file looks like the update for {period}: name it `{period}.{ext}`, or it is read as base facts for every period"
            );
            assert!(err.lines().any(|l| l == expected), "{name}: missing {expected:?} in:\n{err}");
            assert!(err.ends_with("0 errors, 1 warning\n"), "{name}: {err}");
        }
    }

    #[test]
    fn a_period_with_a_suffix_is_an_error_that_names_the_right_file() {
        let p = base();
        p.write("programs/alpha/2026-12-update.yaml", "status: green\n");
        assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-12-update.yaml:1:1: error: `2026-12-update` is not a valid period file name (expected a period YYYY-MM)",
                "   = hint: name it `2026-12.yaml`",
            ],
        );
    }

    #[test]
    fn ordinary_fragment_names_do_not_warn() {
        let p = base();
        for name in ["risks.yaml", "metrics-2.yaml", "q4-plan.yaml", "plan-2026.yaml"] {
            p.write(&format!("programs/alpha/{name}"), "tags: [x]\n");
        }
        let (code, err) = check(&p);
        assert_eq!(code, 0, "{err}");
        assert!(err.ends_with("0 errors, 0 warnings\n"), "{err}");
    }
}

mod empty_items {
    use super::*;

    #[test]
    fn a_list_item_that_is_a_comment_is_an_error_with_a_quoting_hint() {
        let p = base();
        p.write("programs/alpha/2026-11.yaml", "status: green\nhighlights:\n  - #3 partner signed\n  - Launch done\n");
        assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-11.yaml:3:5: error: this list item is empty: its text starts with `#`, which starts a comment",
                "   = hint: `#` starts a comment in YAML: quote the text (\"#3 partner signed\")",
            ],
        );
    }

    #[test]
    fn an_empty_item_between_commas_is_located_with_a_hint() {
        let p = base();
        p.write("programs/alpha/2026-11.yaml", "status: green\nhighlights: [ \"a\", , \"b\"]\n");
        assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-11.yaml:2:20: error: invalid YAML: while parsing a node, did not find expected node content",
                "   = hint: a list item is empty here: remove the extra `,`",
            ],
        );
    }

    #[test]
    fn empty_and_null_items_are_errors_in_lists_of_text_keywords_and_items() {
        let p = base();
        p.write(
            "programs/alpha/2026-11.yaml",
            "status: green\nhighlights:\n  - First\n  -\n  - ~\nlowlights: [a, null, b]\nrisk_domains: [legal, ~]\nrisks:\n  -\n",
        );
        let err = assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-11.yaml:4:4: error: this item of highlights is empty",
                "programs/alpha/2026-11.yaml:5:5: error: this item of highlights is empty",
                "   = hint: write the item, or remove the line",
                "programs/alpha/2026-11.yaml:6:16: error: this item of lowlights is empty",
                "programs/alpha/2026-11.yaml:7:23: error: this item of risk_domains is empty",
                "programs/alpha/2026-11.yaml:9:4: error: this item of risks is empty",
            ],
        );
        assert!(err.ends_with("5 errors, 0 warnings\n"), "{err}");
    }
}

mod yaml_hints {
    use super::*;

    #[test]
    fn a_tab_in_the_indentation_is_reported_at_the_tab() {
        let p = base();
        p.write("programs/alpha/2026-11.yaml", "status: green\nrisks:\n  - id: r1\n\ttitle: Vendor delay\n");
        assert_reports(&p, 1, &["   = hint: YAML indents with spaces, not tabs"]);
        let err = check(&p).1;
        assert!(err.starts_with("programs/alpha/2026-11.yaml:4:1: error: invalid YAML:"), "{err}");
    }

    #[test]
    fn a_colon_in_unquoted_text_gets_a_quoting_hint() {
        let p = base();
        p.write("programs/alpha/2026-11.yaml", "status: green\nsummary: Status: on track\n");
        let err = assert_reports(&p, 1, &["   = hint: put the text in quotes: summary: \"Status: on track\""]);
        assert!(err.starts_with("programs/alpha/2026-11.yaml:2:"), "{err}");
        assert!(err.contains("error: invalid YAML: mapping values are not allowed"), "{err}");
    }

    #[test]
    fn keyword_values_get_synonym_and_spelling_hints() {
        let p = base();
        p.write(
            "programs/alpha/2026-11.yaml",
            "status: yellow\nstatus_reason: Late\nregion_status: {EU: done}\nrisks:\n  - {id: r1, title: T, status: mitigated}\nissues:\n  - {id: i1, title: T, severity: severe, status: fixed}\nmetrics:\n  - {id: k1, name: K, better: up}\nasks:\n  - {id: a1, title: T, kind: decison, status: approved}\n",
        );
        assert_reports(
            &p,
            1,
            &[
                "programs/alpha/2026-11.yaml:1:9: error: status must be one of green, amber, red, unrated, complete, paused (found \"yellow\")",
                "   = hint: did you mean `amber`?",
                "   = hint: did you mean `complete`?",
                "   = hint: did you mean `closed`?",
                "   = hint: did you mean `critical`?",
                "   = hint: did you mean `resolved`?",
                "   = hint: did you mean `higher`?",
                "   = hint: did you mean `decision`?",
                "   = hint: did you mean `decided`?",
            ],
        );
    }
}

#[test]
fn an_empty_folder_says_there_is_no_brief_yaml() {
    let p = Project::empty();
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.starts_with("error: no brief.yaml was found here or in any parent folder, and there is no programs folder\n   = hint: run `brief init` to start a project here, or run brief from inside a project folder\n"),
        "{}",
        run.stderr
    );
    // With brief.yaml, the message is about its programs folder.
    p.write("brief.yaml", "programs: data\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: the programs folder `data` does not exist\n"), "{}", run.stderr);
}
