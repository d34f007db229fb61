//! FORMAT 1.1 for large portfolios: the `unrated` status, `division` and
//! `budget`, and one PDF per group with `split_by`.

use crate::harness::{Project, assert_pdf_has, pdf_text, squash};

/// Two programs reporting for October and November 2026: `red` stays red,
/// `quiet` goes from amber to whatever `november` says.
fn project(november: &str) -> Project {
    let p = Project::empty();
    p.write("brief.yaml", "title: Portfolio\nreports:\n  monthly-brief:\n    template: monthly-brief\n");
    p.write(
        "programs/red/program.yaml",
        "name: Redline\nowner: Ana\ndivision: Trust Ops\nbudget: {amount: 12.5, unit: USD m}\n",
    );
    p.write("programs/red/2026-10.yaml", "status: red\nstatus_reason: Vendor gone\n");
    p.write("programs/red/2026-11.yaml", "status: red\nstatus_reason: Vendor still gone\n");
    p.write("programs/quiet/program.yaml", "name: Quietus\nowner: Bo\n");
    p.write("programs/quiet/2026-10.yaml", "status: amber\nstatus_reason: Hiring late\n");
    p.write("programs/quiet/2026-11.yaml", november);
    p
}

/// data.json of the monthly brief, built with `--emit-bundle`.
fn data(p: &Project) -> serde_json::Value {
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    serde_json::from_slice(&p.read("bundle/data.json")).unwrap()
}

fn program<'a>(data: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    data["programs"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()
}

#[test]
fn unrated_needs_a_reason() {
    let p = project("status: unrated\n");
    // No reason to carry over from October.
    p.write("programs/quiet/2026-10.yaml", "status: green\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.contains("programs/quiet/2026-11.yaml:1:9: error: status_reason is required when status is unrated"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_program_that_becomes_unrated_says_why_in_that_update() {
    // October's reason is the one for amber: beside "unrated" it would read
    // as the reason for a colour the brief no longer shows.
    let p = project("status: unrated\n");
    let run = p.run(&["check"]);
    run.code(1);
    let expected = "programs/quiet/2026-11.yaml:1:9: error: program `quiet` is unrated from 2026-11 on, \
                    but its status_reason is still the one given for amber";
    assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    p.run(&["build"]).code(1);
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"));
    // Staying unrated keeps the reason given when it became so.
    p.write("programs/quiet/2026-11.yaml", "status: unrated\nstatus_reason: Withheld pending audit\n");
    p.write("programs/quiet/2026-12.yaml", "status: unrated\n");
    p.write("programs/red/2026-12.yaml", "status: red\n");
    p.run(&["check"]).success();
}

#[test]
fn a_brief_of_a_past_month_leaves_out_programs_that_had_not_started() {
    let p = project("status: green\n");
    p.write("programs/late/program.yaml", "name: Latecomer\nowner: Cy\nstart: 2026-11-03\n");
    p.write("programs/late/2026-11.yaml", "status: green\n");
    // Started, but never reported by October: that is news for October.
    p.write("programs/silent/program.yaml", "name: Silent\nowner: Di\nstart: 2026-09-01\n");
    p.write("programs/silent/2026-11.yaml", "status: green\n");
    p.run(&["build", "--period", "2026-10", "--emit-bundle", "bundle"]).success();
    let d: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let ids: Vec<&str> = d["programs"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&"late") && ids.contains(&"silent"), "{ids:?}");
    assert_eq!(d["totals"]["programs"], 3);
    let check = p.run(&["check", "--period", "2026-10"]);
    assert!(!check.stderr.contains("program `late`"), "{}", check.stderr);
    assert!(check.stderr.contains("program `silent` has no update for 2026-10"), "{}", check.stderr);
    // In November it is in the brief, new.
    let november = data(&p);
    assert_eq!(program(&november, "late")["status_trend"], "new");
}

#[test]
fn programs_not_reported_yet_are_counted_as_active_in_the_sentence_as_in_the_chart() {
    let p = project("status: amber\nstatus_reason: Hiring later\n");
    p.write("programs/silent/program.yaml", "name: Silent\nowner: Di\n");
    let d = data(&p);
    // The status chart shows three active programs, one of them "No data":
    // the sentence counts the same three and says which has not reported.
    assert_eq!(d["summary"]["standing"], "1 of 3 active programs is red, 1 amber; 1 not reported yet");
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
    assert!(text.contains(&squash("3 active")), "{text}");
    // Green apart from it: not "all green".
    p.write("programs/red/2026-11.yaml", "status: green\n");
    p.write("programs/quiet/2026-11.yaml", "status: green\n");
    let d = data(&p);
    assert_eq!(
        d["summary"]["standing"],
        "No program is red or amber; 2 of 3 active programs are green; 1 not reported yet"
    );
    // Nobody has reported.
    let p = Project::empty();
    p.write("brief.yaml", "title: Portfolio\n");
    p.write("programs/a.yaml", "name: A\nowner: O\nupdates:\n  2026-11:\n    status: complete\n");
    p.write("programs/b.yaml", "name: B\nowner: O\n");
    assert_eq!(data(&p)["summary"]["standing"], "The one active program has not reported yet");
}

#[test]
fn unrated_is_counted_apart_and_never_shown_as_the_last_colour() {
    let p = project("status: unrated\nstatus_reason: Withheld pending audit\n");
    let d = data(&p);
    let t = &d["totals"];
    assert_eq!((t["unrated"].as_u64(), t["active"].as_u64(), t["amber"].as_u64()), (Some(1), Some(1), Some(0)));
    let quiet = program(&d, "quiet");
    assert_eq!(quiet["status"], "unrated");
    assert_eq!(quiet["status_trend"], "changed", "amber to unrated is neither worse nor better");
    let history = quiet["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["status"], "unrated");
    assert!(d["statuses"].as_array().unwrap().iter().any(|s| s["key"] == "unrated" && s["letter"] == "U"));
    let change = d["changes"].as_array().unwrap().iter().find(|c| c["program"] == "quiet").unwrap();
    assert_eq!(change["sentence"], "Quietus is unrated this period: Withheld pending audit.");
    assert_eq!(change["direction"], "neutral");
    assert_eq!(d["totals"]["worsened"], 0);
    assert_eq!(d["summary"]["standing"], "1 of 1 active program is red; 1 program unrated");
    // The lint about a recovery path is for amber and red only.
    assert!(!p.run(&["check"]).stderr.contains("no-recovery-path: program `quiet`"));
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&text, "1 unrated");
}

#[test]
fn division_and_budget_reach_the_data_and_the_program_page() {
    let p = project("status: green\n");
    let d = data(&p);
    let red = program(&d, "red");
    assert_eq!(red["division"], "Trust Ops");
    assert_eq!(red["budget"], serde_json::json!({"amount": 12.5, "unit": "USD m", "label": "USD 12.5m"}));
    assert_eq!(program(&d, "quiet")["budget"], serde_json::Value::Null);
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
    assert!(text.contains(&squash("Division Trust Ops")), "{text}");
    assert!(text.contains(&squash("Budget USD 12.5m")), "{text}");
}

#[test]
fn an_update_may_change_the_budget_amount() {
    let p = project("status: green\n");
    p.write("programs/red/2026-11.yaml", "status: red\nstatus_reason: Vendor gone\nbudget: {amount: 14}\n");
    assert_eq!(program(&data(&p), "red")["budget"]["label"], "USD 14m");
}

#[test]
fn budget_errors_are_located() {
    let p = project("status: green\n");
    p.write("programs/quiet/program.yaml", "name: Quietus\nowner: Bo\nbudget: {amount: -1}\n");
    p.write("programs/red/program.yaml", "name: Redline\nowner: Ana\nbudget: {amout: 3, unit: x}\n");
    let run = p.run(&["check"]);
    run.code(1);
    let err = &run.stderr;
    assert!(
        err.contains("programs/quiet/program.yaml:3:18: error: budget amount must be 0 or more (found -1)"),
        "{err}"
    );
    assert!(err.contains("programs/red/program.yaml:3:10: error: unknown field `amout` in budget"), "{err}");
    assert!(err.contains("did you mean `amount`?"), "{err}");
    assert!(err.contains("budget of program `red` has no amount"), "{err}");
    assert!(err.contains("budget of program `quiet` has no unit"), "{err}");
}

/// Four programs in two divisions and none, one of them internal, and a
/// report split by division for each audience.
fn split_project() -> Project {
    let p = Project::empty();
    p.write(
        "brief.yaml",
        "title: Portfolio\nreports:\n  monthly-brief:\n    template: monthly-brief\n    split_by: division\n    output: \"{period}/{report}-{group}.pdf\"\n  partner:\n    template: monthly-brief\n    audience: external\n    split_by: division\n    output: \"{period}/partner/{group}.pdf\"\n",
    );
    let programs = [
        ("alpha", "Alphorn", "division: Trust Ops\n"),
        ("beta", "Bassoon", "division: Trust Ops\nvisibility: internal\n"),
        ("gamma", "Glockenspiel", "division: Legal & Policy\n"),
        ("delta", "Didgeridoo", ""),
    ];
    for (id, name, extra) in programs {
        p.write(&format!("programs/{id}/program.yaml"), &format!("name: {name}\nowner: Ana\n{extra}"));
        p.write(&format!("programs/{id}/2026-11.yaml"), "status: green\n");
    }
    p
}

#[test]
fn split_by_division_writes_one_pdf_per_division() {
    let p = split_project();
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    let text = |rel: &str| squash(&pdf_text(&p.read(rel)));
    let expect = [
        ("out/2026-11/monthly-brief-trust-ops.pdf", &["Alphorn", "Bassoon"][..]),
        ("out/2026-11/monthly-brief-legal-policy.pdf", &["Glockenspiel"][..]),
        ("out/2026-11/monthly-brief-other.pdf", &["Didgeridoo"][..]),
        ("out/2026-11/partner/trust-ops.pdf", &["Alphorn"][..]),
        ("out/2026-11/partner/legal-policy.pdf", &["Glockenspiel"][..]),
        ("out/2026-11/partner/other.pdf", &["Didgeridoo"][..]),
    ];
    for (file, names) in expect {
        let t = text(file);
        for name in ["Alphorn", "Bassoon", "Glockenspiel", "Didgeridoo"] {
            assert_eq!(t.contains(name), names.contains(&name), "{file}: {name}");
        }
    }
    assert!(text("out/2026-11/monthly-brief-trust-ops.pdf").contains(&squash("Monthly Brief — Trust Ops")));
    let data: serde_json::Value =
        serde_json::from_slice(&p.read("bundle/monthly-brief-legal-policy/data.json")).unwrap();
    assert_eq!(data["report"]["group"], "Legal & Policy");
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    let outputs: Vec<(String, String)> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["path"].as_str().unwrap().to_string(), o["group"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(outputs.len(), 6, "{outputs:?}");
    for (file, _) in expect {
        assert!(outputs.iter().any(|(path, _)| path == file), "{file} is not in the manifest");
    }
    assert!(outputs.contains(&("out/2026-11/partner/other.pdf".into(), "Other".into())), "{outputs:?}");
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
}

#[test]
fn a_split_report_needs_group_in_its_output() {
    let p = split_project();
    p.write("brief.yaml", "reports:\n  monthly-brief:\n    split_by: division\n    output: \"{period}/brief.pdf\"\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.contains("brief.yaml:4:13: error: output must contain {group} when split_by is set"),
        "{}",
        run.stderr
    );
    p.write("brief.yaml", "reports:\n  monthly-brief:\n    split_by: divison\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("brief.yaml:3:15: error: split_by must be one of"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `division`?"), "{}", run.stderr);
}

#[test]
fn split_by_tag_prefix_and_region() {
    let p = split_project();
    p.write("brief.yaml", "reports:\n  monthly-brief:\n    split_by: tag:dept\n");
    p.write("programs/alpha/program.yaml", "name: Alphorn\nowner: Ana\ntags: [x, dept:MOD]\nregions: [EU, US]\n");
    p.run(&["build"]).success();
    assert!(squash(&pdf_text(&p.read("out/2026-11/monthly-brief-mod.pdf"))).contains("Alphorn"));
    assert!(!squash(&pdf_text(&p.read("out/2026-11/monthly-brief-other.pdf"))).contains("Alphorn"));
    p.write("brief.yaml", "reports:\n  monthly-brief:\n    split_by: region\n");
    p.run(&["build"]).success();
    for region in ["eu", "us"] {
        let t = squash(&pdf_text(&p.read(&format!("out/2026-11/monthly-brief-{region}.pdf"))));
        assert!(t.contains("Alphorn") && !t.contains("Glockenspiel"), "{region}");
    }
}

#[test]
fn groups_that_would_write_the_same_file_are_an_error() {
    let p = split_project();
    p.write("programs/delta/program.yaml", "name: Didgeridoo\nowner: Ana\ndivision: trust-ops\n");
    let run = p.run(&["build"]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "brief.yaml:5:15: error: report `monthly-brief`: the groups `Trust Ops` and `trust-ops` would write the same file"
        ),
        "{}",
        run.stderr
    );
    assert!(!p.exists("out/2026-11"), "nothing is written");
    // `check` says so too: a scheduled build gated on it would fail later.
    let check = p.run(&["check"]);
    check.code(1);
    assert!(
        check.stderr.contains("the groups `Trust Ops` and `trust-ops` would write the same file"),
        "{}",
        check.stderr
    );
}

#[test]
fn two_reports_that_would_write_one_file_are_an_error_before_anything_is_written() {
    let p = split_project();
    p.write(
        "brief.yaml",
        "title: Portfolio\nreports:\n  monthly-brief:\n    template: monthly-brief\n  one-pager:\n    template: one-pager\n    output: \"{period}/monthly-brief.pdf\"\n",
    );
    let expected =
        "brief.yaml:7:13: error: reports `monthly-brief` and `one-pager` would both write 2026-11/monthly-brief.pdf";
    for command in ["check", "build"] {
        let run = p.run(&[command]);
        run.code(1);
        assert!(run.stderr.contains(expected), "{command}: missing {expected:?} in\n{}", run.stderr);
    }
    assert!(!p.exists("out/2026-11"), "nothing is written");
    // Building one of them alone writes no other report's file.
    p.run(&["build", "--report", "one-pager"]).success();
}
