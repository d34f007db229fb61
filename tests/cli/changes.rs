//! `brief changes`: every kind of change, ranked, as text and JSON.

use crate::harness::*;

fn changes_json(p: &Project, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["changes", "--format", "json"];
    all.extend_from_slice(args);
    let run = p.run(&all);
    run.success();
    serde_json::from_str(&run.stdout).expect("changes --format json prints JSON")
}

#[test]
fn every_kind_of_change_is_found() {
    let p = Project::fixture("changes");
    let list = changes_json(&p, &[]);
    let kinds: std::collections::BTreeSet<&str> = list.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    let expected = [
        "ask-decided",
        "ask-opened",
        "ask-overdue",
        "metric-crossed-target",
        "metric-moved",
        "milestone-done",
        "milestone-overdue",
        "milestone-recovered",
        "milestone-slipped",
        "program-added",
        "program-stale",
        "risk-closed",
        "risk-opened",
        "risk-score-changed",
        "status-changed",
    ];
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), expected);
    // Every change carries the contract's fields; slips carry their days.
    for c in &list {
        for field in ["kind", "program", "subject", "from", "to"] {
            assert!(c.get(field).is_some(), "{field} missing in {c}");
        }
    }
    let slip = list.iter().find(|c| c["kind"] == "milestone-slipped").unwrap();
    assert_eq!(slip["days"], 40);
    insta::assert_json_snapshot!(list);
}

#[test]
fn changes_are_ranked_and_told_in_plain_sentences() {
    let run = Project::fixture("changes").run(&["changes"]);
    run.success();
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_period_with_no_previous_one_has_no_changes() {
    let p = Project::fixture("changes");
    assert!(changes_json(&p, &["--period", "2026-09"]).is_empty());
    let run = p.run(&["changes", "--period", "2026-09"]);
    assert!(run.stdout.starts_with("September 2026 with no earlier period in the data: 0 changes"), "{}", run.stdout);
}

#[test]
fn since_compares_with_an_older_period() {
    let p = Project::fixture("changes");
    let list = changes_json(&p, &["--since", "2026-09"]);
    // Against September the metrics had no values yet, so they cannot have moved.
    assert!(list.iter().all(|c| c["kind"] != "metric-moved"));
    assert!(list.iter().any(|c| c["kind"] == "status-changed" && c["from"] == "green" && c["to"] == "amber"));
    let run = p.run(&["changes", "--since", "2026-11"]);
    run.code(1);
    assert!(run.stderr.contains("--since 2026-11: must be before the period 2026-11"), "{}", run.stderr);
}

#[test]
fn the_sample_shows_a_realistic_mix() {
    let list = changes_json(&Project::sample(), &[]);
    let kinds: std::collections::BTreeSet<&str> = list.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    for kind in [
        "status-changed",
        "risk-opened",
        "risk-closed",
        "milestone-slipped",
        "milestone-done",
        "metric-crossed-target",
        "ask-decided",
    ] {
        assert!(kinds.contains(kind), "the sample has no {kind}");
    }
    // Bad news first: the first change is a status that worsened.
    assert_eq!(list[0]["kind"], "status-changed");
    assert_eq!(list[0]["direction"], "worse");
}
