//! Nothing false or stale reaches leadership: the as-of date never lies,
//! the default period is never in the future, stale narrative and old
//! comparisons are called out, slips say what they are measured against,
//! and every count of asks matches its list.

use crate::harness::{Project, assert_pdf_has, pdf_text, squash};

/// One program with updates for October and December 2026 (and whatever
/// `december` adds), an ask due 15 December.
fn project(december: &str) -> Project {
    let p = monthly_brief_project();
    p.write(
        "programs/dsa/program.yaml",
        "name: EU DSA\nowner: Ana\nmilestones:\n  - id: m1\n    name: Vendor signed\n    due: 2026-11-14\n    forecast: 2027-01-09\n    critical: true\n  - id: m2\n    name: Audit report\n    due: 2026-12-20\n    forecast: 2026-11-25\nmetrics:\n  - id: cost\n    name: Whole-life cost\n    unit: GBP m\n    values: {2014-06: 1232.35}\n",
    );
    p.write(
        "programs/dsa/2026-10.yaml",
        "status: amber\nstatus_reason: Vendor contract unsigned\nsummary: Waiting on the vendor.\n",
    );
    p.write(
        "programs/dsa/2026-12.yaml",
        &format!(
            "status: red\nasks:\n  - id: fund\n    title: Fund 40 reviewers (USD 1.2m a year)\n    kind: support\n    owner: CFO\n    by: 2026-12-15\n{december}"
        ),
    );
    p
}

/// A project with one report, the monthly brief, and no programs yet.
fn monthly_brief_project() -> Project {
    let p = Project::empty();
    p.write("brief.yaml", "title: Honesty\nreports:\n  monthly-brief:\n    template: monthly-brief\n");
    p
}

#[test]
fn built_on_the_first_of_the_month_an_ask_due_later_is_not_overdue() {
    let p = project("");
    p.run_env(&["build"], &[("BRIEF_TODAY", "2026-12-01")]).success();
    let text = pdf_text(&p.read("out/2026-12/monthly-brief.pdf"));
    assert_pdf_has(&text, "Data as of 1 Dec 2026");
    assert_pdf_has(&text, "data as of 1 Dec 2026");
    assert!(!squash(&text).contains("overdue16"), "an ask due 15 Dec is called overdue on 1 Dec");
    let manifest = String::from_utf8(p.read("out/2026-12/manifest.json")).unwrap();
    assert!(manifest.contains("\"as_of\": \"2026-12-01\""), "{manifest}");
    // --as-of pins it, and then the ask is overdue.
    p.run_env(&["build", "--as-of", "2026-12-31"], &[("BRIEF_TODAY", "2026-12-01")]).success();
    let text = pdf_text(&p.read("out/2026-12/monthly-brief.pdf"));
    assert_pdf_has(&text, "overdue 16 days");
}

#[test]
fn the_default_period_is_never_in_the_future() {
    let p = project("");
    p.write("programs/dsa/2027-01.yaml", "status: red\nstatus_reason: Placeholder for next month\n");
    let run = p.run_env(&["check", "--format", "json"], &[("BRIEF_TODAY", "2026-12-05")]);
    assert!(run.stdout.contains("\"period\": \"2026-12\""), "{}", run.stdout);
    // Every update in the future: an error that says so and how to go on.
    let q = Project::empty();
    q.write("programs/a.yaml", "name: A\nowner: B\nupdates:\n  2027-03: {status: green}\n");
    let run = q.run_env(&["build"], &[("BRIEF_TODAY", "2026-12-05")]);
    run.code(1);
    assert!(run.stderr.contains("has not started yet"), "{}", run.stderr);
    assert!(run.stderr.contains("--period 2027-03"), "{}", run.stderr);
}

#[test]
fn a_period_without_updates_is_an_error_with_a_hint() {
    let p = project("");
    let run = p.run_env(&["build", "--period", "2020-01"], &[("BRIEF_TODAY", "2026-12-05")]);
    run.code(1);
    assert!(run.stderr.contains("no program has an update for 2020-01"), "{}", run.stderr);
    assert!(run.stderr.contains("the updates run from 2026-10 to 2026-12"), "{}", run.stderr);
    assert!(!p.exists("out/2020-01"), "nothing is written");
}

#[test]
fn a_reason_copied_from_last_period_while_the_status_moved_is_a_warning() {
    let p = project("");
    let run = p.run_env(&["check"], &[("BRIEF_TODAY", "2026-12-31")]);
    // December's update leaves out status_reason: October's is reused, at its own line.
    assert!(
        run.stderr.contains(
            "programs/dsa/2026-10.yaml:2:16: warning: the status_reason of program `dsa` is word for word the one of 2026-10 while its status moved from amber to red"
        ),
        "{}",
        run.stderr
    );
    let fixed = project("status_reason: Vendor walked away\nsummary: We need a new vendor.\n");
    let run = fixed.run_env(&["check"], &[("BRIEF_TODAY", "2026-12-31")]);
    assert!(!run.stderr.contains("stale-narrative") && !run.stderr.contains("word for word"), "{}", run.stderr);
}

#[test]
fn a_change_against_an_old_value_says_from_when_and_ranks_last() {
    let p = project("status_reason: Vendor walked away\nmetrics:\n  - id: cost\n    values: {2026-12: 3772}\n");
    let run = p.run_env(&["changes", "--format", "json"], &[("BRIEF_TODAY", "2026-12-31")]);
    run.success();
    let changes: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = changes.as_array().unwrap();
    let cost = list.iter().find(|c| c["subject"] == "cost").expect("the cost moved");
    assert_eq!(cost["sentence"], "EU DSA: Whole-life cost moved from 1,232.35 GBP m in Jun 2014 to 3,772 GBP m.");
    assert_eq!(list.last().unwrap()["subject"], "cost", "an old comparison ranks below this month's changes");
}

#[test]
fn every_slip_says_what_it_is_measured_against() {
    let p = project("status_reason: Vendor walked away\n");
    p.run_env(&["build"], &[("BRIEF_TODAY", "2026-12-31")]).success();
    let text = pdf_text(&p.read("out/2026-12/monthly-brief.pdf"));
    assert_pdf_has(&text, "8 weeks late against baseline");
    assert_pdf_has(&text, "baseline passed 7 weeks ago");
    // A forecast in the past for a milestone not done is stale, not overdue.
    assert_pdf_has(&text, "forecast 25 Nov 2026 has passed");
    for old in ["+56 d", "overdue 47 d", "(+56 d)"] {
        assert!(!text.contains(old), "an unlabelled slip figure: {old}");
    }
}

#[test]
fn a_funding_request_counts_as_a_decision_whatever_its_kind() {
    let p = project("status_reason: Vendor walked away\n");
    p.run_env(&["build", "--emit-bundle", "bundle"], &[("BRIEF_TODAY", "2026-12-05")]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    assert_eq!(data["totals"]["asks"]["support"], 1);
    assert_eq!(data["totals"]["asks"]["funding"], 1);
    assert_eq!(data["totals"]["asks"]["needed"], 1, "the decisions figure counts the money ask");
    assert_eq!(data["open_asks"][0]["amount"], "USD 1.2m");
    let text = pdf_text(&p.read("out/2026-12/monthly-brief.pdf"));
    assert_pdf_has(&text, "1 funding request is needed by");
    assert_pdf_has(&text, "1 support request; 1 naming money");
}

#[test]
fn a_forecast_that_has_passed_is_a_data_quality_warning() {
    let p = project("status_reason: Vendor walked away\n");
    let run = p.run_env(&["check"], &[("BRIEF_TODAY", "2026-12-31")]);
    assert!(
        run.stderr.contains(
            "programs/dsa/program.yaml:12:15: warning: milestone `m2` is forecast for 25 Nov 2026, which has passed, and it is not done"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_one_pager_top_ask_is_never_an_fyi() {
    let p = project("status_reason: Vendor walked away\n");
    p.write(
        "programs/dsa/2026-10.yaml",
        "status: amber\nstatus_reason: Vendor contract unsigned\nasks:\n  - id: note\n    title: Note that the vendor shortlist is public\n    kind: fyi\n    by: 2026-12-02\n",
    );
    p.run_env(&["build", "--emit-bundle", "bundle"], &[("BRIEF_TODAY", "2026-12-05")]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    // The FYI is earlier and overdue, but the top ask is the money request.
    assert_eq!(data["programs"][0]["top_ask"]["id"], "fund", "{}", data["programs"][0]["top_ask"]);
}

#[test]
fn a_green_program_with_an_overdue_milestone_is_not_on_plan() {
    let p = monthly_brief_project();
    // Neither milestone is critical, so the program is not flagged and
    // gets a row among the programs on track: the row must still say that
    // a milestone is overdue, not that milestones are on plan.
    p.write(
        "programs/recalls/program.yaml",
        "name: Recall notices\nowner: Mei\nmilestones:\n  - id: m1\n    name: Notice templates in 7 languages\n    due: 2026-09-23\n  - id: m2\n    name: Recall portal live\n    due: 2027-02-20\nmetrics:\n  - id: reach\n    name: Buyers reached\n    unit: \"%\"\n    target: 90\n    values: {2026-12: 94}\n",
    );
    p.write("programs/recalls/2026-12.yaml", "status: green\n");
    p.run_env(&["build", "--emit-bundle", "bundle"], &[("BRIEF_TODAY", "2026-12-31")]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    assert_eq!(data["programs"][0]["why"], "Its KPI is on target; but 1 milestone overdue");
    let text = pdf_text(&p.read("out/2026-12/monthly-brief.pdf"));
    assert_pdf_has(&text, "Its KPI is on target; but 1 milestone overdue");
    assert!(!squash(&text).contains(&squash("milestones on plan")), "an overdue milestone called on plan");
}
