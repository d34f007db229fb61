//! Sandbox: a project's own template (report-templates/<name>/main.typ)
//! sees only its own files, the shared components, the data and the charts,
//! all in memory. It cannot read the project, the disk or the network,
//! cannot import packages, and is stopped when it runs too long.

use std::time::{Duration, Instant};

use crate::harness::*;

/// The minimal fixture with its report switched to the template `evil`,
/// whose main.typ is `source`. A secret sits at the project root.
fn project(source: &str) -> Project {
    let p = Project::fixture("minimal");
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\nreports:\n  monthly-brief:\n    template: evil\n    title: Monthly Leadership Brief\n",
    );
    p.write("report-templates/evil/main.typ", source);
    p.write("secret.txt", "TOP-SECRET-CONTENT");
    p
}

/// Builds with the template and returns the failed run; nothing is written.
#[track_caller]
fn refused(source: &str, needles: &[&str]) -> Run {
    let p = project(source);
    let run = p.run(&["build"]);
    run.code(1);
    for needle in needles {
        assert!(run.stderr.contains(needle), "expected {needle:?} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("TOP-SECRET-CONTENT") && !run.stderr.contains("root:x:0:0"), "{}", run.stderr);
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"), "a failed build wrote a PDF");
    run
}

#[test]
fn a_project_template_builds_with_the_data() {
    let p = project("#let data = json(\"/data.json\")\n#data.portfolio.title\n");
    p.run(&["build"]).success();
    assert_pdf_has(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")), "Fixture Portfolio");
}

#[test]
fn a_template_cannot_read_outside_the_project_root() {
    refused(
        "#read(\"../secret.txt\")",
        &["report-templates/evil/main.typ:1:7: error: path `\"../secret.txt\"` would escape the project root"],
    );
    let run = refused("#read(\"../secret.txt\")", &["hint: cannot access files outside of the project sandbox"]);
    assert!(!run.stderr.contains("--root"), "a hint names typst's --root, which brief does not have");
    refused("#read(\"/../../secret.txt\")", &["report-templates/evil/main.typ:1:7: error:", "escape the project root"]);
    refused("#image(\"/../../x.png\")", &["report-templates/evil/main.typ:1:8: error:", "escape the project root"]);
}

#[test]
fn absolute_paths_stay_inside_the_template_sandbox() {
    // `/` is the template's own root in memory, not the disk's.
    refused("#read(\"/etc/passwd\")", &["report-templates/evil/main.typ:1:7: error: file not found"]);
    // Nor can it reach the project's other files: programs, brief.yaml, secrets.
    refused("#read(\"/secret.txt\")", &["error: file not found"]);
    refused("#read(\"/programs/alpha/program.yaml\")", &["error: file not found"]);
    refused("#read(\"/brief.yaml\")", &["error: file not found"]);
}

#[cfg(unix)]
#[test]
fn a_link_in_the_template_folder_to_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.typ"), "TOP-SECRET-CONTENT").unwrap();
    let p = project("#include \"secret.typ\"\n");
    std::os::unix::fs::symlink(outside.path().join("secret.typ"), p.path().join("report-templates/evil/secret.typ"))
        .unwrap();
    let run = p.run(&["build"]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error: `report-templates/evil/secret.typ` links to a file outside the project; templates may only use files inside it"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("TOP-SECRET-CONTENT"));
    // A linked folder is refused the same way.
    std::fs::remove_file(p.path().join("report-templates/evil/secret.typ")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("report-templates/evil/linked")).unwrap();
    p.write("report-templates/evil/main.typ", "#include \"linked/secret.typ\"\n");
    let run = p.run(&["build"]);
    run.code(1);
    assert!(run.stderr.contains("`report-templates/evil/linked/secret.typ` links to a file outside"), "{}", run.stderr);
}

#[test]
fn a_package_import_fails_with_a_clear_message() {
    refused(
        "#import \"@preview/cetz:0.4.0\"\n",
        &[
            "report-templates/evil/main.typ:1:9: error:",
            "package @preview/cetz:0.4.0 is not available: brief builds offline and uses no packages",
        ],
    );
}

#[test]
fn a_template_cannot_reach_the_network() {
    refused("#read(\"https://example.com/x\")", &["error: file not found", "network access is not supported"]);
    refused("#image(\"http://127.0.0.1/x.png\")", &["error: file not found", "network access is not supported"]);
}

#[test]
fn a_runaway_template_is_stopped_by_the_time_limit() {
    // An endless loop that typst's own loop guard (10,000 iterations of
    // `while`) does not catch: a `for` over a huge range.
    let p = project("#for i in range(1000000000000) { let x = i * 2 }\n");
    let started = Instant::now();
    let run = p.run(&["build", "--time-limit", "2"]);
    let took = started.elapsed();
    run.code(1);
    assert!(
        run.stderr
            .contains("error: the template `evil` did not finish within 2 seconds and was stopped (see --time-limit)"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10), "the build took {took:?}");
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"));
}

#[test]
fn deep_recursion_in_a_template_is_an_error_not_a_crash() {
    refused(
        "#let f(n) = f(n + 1)\n#f(0)\n",
        &["report-templates/evil/main.typ:1:13: error: maximum function call depth exceeded"],
    );
}

#[cfg(unix)]
#[test]
fn a_font_linked_from_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("report-templates/fonts/Inter-Regular.otf"), outside.path().join("x.otf")).unwrap();
    let p = Project::fixture("minimal");
    p.write("brief.yaml", "title: Fixture Portfolio\nfonts: fonts\n");
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    std::fs::copy(repo().join("report-templates/fonts/Inter-Bold.otf"), p.path().join("fonts/inside.otf")).unwrap();
    p.run(&["build"]).success();
    std::os::unix::fs::symlink(outside.path().join("x.otf"), p.path().join("fonts/x.otf")).unwrap();
    let run = p.run(&["build"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("error: `fonts/x.otf` links to a file outside the project; fonts may only come from inside it"),
        "{}",
        run.stderr
    );
}
