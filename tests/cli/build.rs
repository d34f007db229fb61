//! `brief build`: the sample and fixture projects become PDF briefs.

use crate::harness::*;

#[test]
fn sample_portfolio_builds_a_brief_with_every_program() {
    let p = Project::sample();
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let text = pdf_text(&pdf);
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/monthly-brief/data.json")).unwrap();
    let programs = data["programs"].as_array().unwrap();
    assert_eq!(programs.len(), 10, "the sample has ten programs");
    // A template sees each program now and as of the previous period.
    let dsa = programs.iter().find(|p| p["id"] == "eu-dsa-compliance").unwrap();
    assert_eq!((dsa["status"].as_str(), dsa["previous"]["status"].as_str()), (Some("red"), Some("amber")));
    assert_eq!(dsa["previous"]["last_update"], "2026-10");
    for program in programs {
        assert_pdf_has(&text, program["name"].as_str().unwrap());
        if let Some(reason) = program["status_reason"].as_str() {
            assert_pdf_has(&text, reason);
        }
    }
    let info = pdf_info(&pdf);
    assert_eq!(info.title.as_deref(), Some("Monthly Leadership Brief — November 2026"));
    assert!(info.pages >= 13, "cover, summary, overview, ten programs and an appendix: {} pages", info.pages);
}

#[test]
fn a_second_build_gives_identical_bytes() {
    let p = Project::sample();
    p.run(&["build"]).success();
    let first = p.read("out/2026-11/monthly-brief.pdf");
    p.run(&["build"]).success();
    assert!(first == p.read("out/2026-11/monthly-brief.pdf"), "two builds of the same data differ");
}

#[test]
fn fixture_brief_gives_the_exception_a_page_and_the_rest_a_row() {
    let p = Project::fixture("minimal");
    let run = p.run(&["build"]);
    run.success();
    assert!(run.stderr.contains("built out/2026-11/monthly-brief.pdf"), "{}", run.stderr);
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    // Cover, executive summary, programs (the amber one with its page, the
    // green one in a row), Alpha's page, appendix.
    let info = pdf_info(&pdf);
    assert_eq!(info.pages, 5);
    let text = pdf_text(&pdf);
    assert_pdf_has(&text, "Programs on track");
    assert_pdf_has(&text, "Beta Program");
    assert_eq!(info.author.as_deref(), Some("Test Org"));
    assert!(info.keywords.unwrap_or_default().contains("November 2026"));
    // Text is set in the embedded Inter font, never a system font.
    assert!(pdf_everything(&pdf).contains("Inter-Regular"), "Inter is not embedded");
    let text = pdf_text(&pdf);
    for needle in [
        "Fixture Portfolio",
        "November 2026",
        "Alpha Program",
        "Vendor contract still unsigned two weeks before launch",
        "Beta Program",
        "Approve the fallback vendor by 10 Dec",
        "CONFIDENTIAL - INTERNAL",
        "Page 2 of 5",
    ] {
        assert_pdf_has(&text, needle);
    }
}

#[test]
fn an_earlier_period_is_rebuilt_from_the_updates_up_to_it() {
    let p = Project::fixture("minimal");
    p.run(&["build", "--period", "2026-10", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let alpha = data["programs"].as_array().unwrap().iter().find(|p| p["id"] == "alpha").unwrap();
    assert_eq!(alpha["summary"], "Alpha is on track.", "October's update is in force");
    let text = pdf_text(&p.read("out/2026-10/monthly-brief.pdf"));
    assert!(
        !squash(&text).contains(&squash("Vendor contract still unsigned")),
        "a November update leaked into October"
    );
}

#[test]
fn a_build_with_errors_writes_nothing_and_keeps_earlier_output() {
    let p = Project::fixture("minimal");
    p.run(&["build"]).success();
    let before = p.read("out/2026-11/monthly-brief.pdf");
    p.write("programs/alpha/2026-11.yaml", "status: purple\n");
    let run = p.run(&["build"]);
    run.code(1);
    assert!(run.stderr.contains("programs/alpha/2026-11.yaml:1:9: error: status must be one of"), "{}", run.stderr);
    assert!(before == p.read("out/2026-11/monthly-brief.pdf"), "a failed build changed the earlier PDF");
}

#[test]
fn reports_built_at_once_are_the_bytes_of_reports_built_one_by_one() {
    let p = Project::sample();
    p.run(&["build", "--jobs", "1", "--out", "one-by-one"]).success();
    let run = p.run(&["build", "--jobs", "3", "--out", "at-once"]);
    run.success();
    // Messages come in the order of brief.yaml, whichever report finished first.
    let built: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("built ")).collect();
    assert_eq!(built.len(), 3, "{}", run.stderr);
    for (line, report) in built.iter().zip(["monthly-brief", "one-pager", "partner-brief"]) {
        assert!(line.contains(&format!("({report})")), "{line}");
    }
    for report in ["monthly-brief", "one-pager", "partner-brief"] {
        let file = format!("2026-11/{report}.pdf");
        assert!(
            p.read(&format!("one-by-one/{file}")) == p.read(&format!("at-once/{file}")),
            "{report} differs when reports are built at once"
        );
    }
    let manifest = |dir: &str| -> serde_json::Value {
        let mut m: serde_json::Value =
            serde_json::from_slice(&p.read(&format!("{dir}/2026-11/manifest.json"))).unwrap();
        // Everything but where the file went.
        m["outputs"].as_array_mut().unwrap().iter_mut().for_each(|o| o["path"] = serde_json::Value::Null);
        m["outputs"].clone()
    };
    assert_eq!(manifest("one-by-one"), manifest("at-once"));
    p.run(&["build", "--jobs", "0"]).code(2);
}
