//! A newcomer's first ten minutes: init, new program, new update, check, build.

use crate::harness::*;

#[test]
fn from_an_empty_folder_to_a_first_brief() {
    let p = Project::empty();
    p.run(&["init", "--period", "2026-11"]).success();
    for file in [
        "brief.yaml",
        "programs/example-program/program.yaml",
        "programs/example-program/2026-11.yaml",
        ".gitignore",
        "schema/program.schema.json",
    ] {
        assert!(p.exists(file), "init did not write {file}");
    }
    p.run(&["new", "program", "seller-kyc", "--name", "Seller KYC", "--owner", "Ana Ruiz"]).success();
    p.run(&["new", "update", "seller-kyc", "--period", "2026-11"]).success();
    let update = String::from_utf8(p.read("programs/seller-kyc/2026-11.yaml")).unwrap();
    assert!(update.contains("status: green"), "{update}");
    // The new update carries the metric to fill in; until then check warns.
    let check = p.run(&["check"]);
    check.success();
    assert!(check.stderr.contains("metric `first-kpi` has no value for 2026-11"), "{}", check.stderr);
    p.run(&["build"]).success();
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&text, "Seller KYC");
    assert_pdf_has(&text, "Example Program");
}

#[test]
fn the_next_update_starts_from_the_previous_one() {
    let p = Project::fixture("minimal");
    let december = [("BRIEF_TODAY", "2026-12-05")];
    p.run_env(&["new", "update", "alpha"], &december).success();
    let text = String::from_utf8(p.read("programs/alpha/2026-12.yaml")).unwrap();
    assert!(text.contains("The update for December 2026, started from November 2026"), "{text}");
    assert!(text.contains("status: amber"), "{text}");
    assert!(text.contains("status_reason: Vendor contract still unsigned two weeks before launch"), "{text}");
    assert!(text.contains("- id: k1\n  values:\n    2026-12: null"), "{text}");
    // Running it again would overwrite: it refuses.
    p.run(&["new", "update", "alpha", "--period", "2026-12"]).code(1);
    // A single-file program gets the block to paste under `updates:`.
    let run = p.run_env(&["new", "update", "beta"], &december);
    run.success();
    assert!(run.stdout.starts_with("  2026-12:\n    status: green\n"), "{}", run.stdout);
    assert!(run.stderr.contains("programs/beta.yaml is a single-file program"), "{}", run.stderr);
}

#[test]
fn init_never_overwrites_and_can_copy_the_templates() {
    let p = Project::fixture("minimal");
    let before = p.read("brief.yaml");
    p.run(&["init"]).code(1);
    assert_eq!(before, p.read("brief.yaml"));
    let q = Project::empty();
    q.run(&["init", "fresh", "--templates"]).success();
    assert!(q.exists("fresh/report-templates/monthly-brief/main.typ"));
    assert!(q.exists("fresh/report-templates/common/brief.typ"));
    let run = q.run(&["-C", "fresh", "build", "--period", &current_period(&q)]);
    run.success();
}

/// The period `init` used for its example update (this month).
fn current_period(p: &Project) -> String {
    let dir = p.path().join("fresh/programs/example-program");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find_map(|n| n.strip_suffix(".yaml").filter(|s| s.starts_with("20")).map(str::to_string))
        .unwrap()
}

#[test]
fn completions_man_page_and_help() {
    let p = Project::empty();
    for shell in ["bash", "zsh", "fish"] {
        let run = p.run(&["completions", shell]);
        run.success();
        assert!(run.stdout.contains("brief") && run.stdout.len() > 500, "{shell}");
    }
    let man = p.run(&["man"]);
    man.success();
    assert!(man.stdout.contains(".TH brief 1"));
    let help = p.run(&["build", "--help"]);
    assert!(help.stdout.contains("Examples:") && help.stdout.contains("--pdf-standard"));
}

#[test]
fn no_color_is_respected_and_pipes_get_plain_text() {
    let p = Project::fixture("minimal");
    p.write("programs/alpha/2026-11.yaml", "status: purple\n");
    let run = p.run_env(&["check", "--color", "auto"], &[("NO_COLOR", "1")]);
    assert!(!run.stderr.contains('\x1b'));
    let forced = p.run(&["check", "--color", "always"]);
    assert!(forced.stderr.contains("\x1b[1;31merror"), "{}", forced.stderr);
}
