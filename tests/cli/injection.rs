//! Injection: program text full of Typst markup and code is printed as
//! text, never evaluated. Data reaches the template only as `/data.json`.

use crate::harness::*;

/// Typst syntax that would read a file, stop the compiler, switch to math,
/// make a label or reference, comment out the rest, escape, emphasise or
/// open content blocks if it were ever evaluated.
const MARKUP: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    r#"#panic("x")"#,
    "$x^2$",
    "<label>",
    "@ref",
    "// comment",
    r"back\slash",
    "*bold*",
    "_em_",
    "[a]",
    "#set page(width: 1pt)",
    "= Heading",
    "```raw```",
    "#{1+1}",
];

/// One YAML single-quoted string holding every piece of markup, with a tag
/// so each field can be told apart.
fn hostile(tag: &str) -> String {
    format!("'{tag} {}'", MARKUP.join(" ").replace('\'', "''"))
}

fn project() -> Project {
    let p = Project::empty();
    p.write(
        "brief.yaml",
        &format!(
            "title: {}\norganization: {}\nreports:\n  monthly-brief:\n    title: {}\n    classification: {}\n",
            hostile("T1"),
            hostile("O1"),
            hostile("R1"),
            hostile("C1")
        ),
    );
    p.write(
        "programs/alpha/program.yaml",
        &format!(
            "name: {}\nowner: {}\nsponsor: {}\nobjective: {}\nregions: [EU]\n\
             milestones:\n  - id: m1\n    name: {}\n    due: 2026-12-15\n    critical: true\n\
             risks:\n  - id: r1\n    title: {}\n    likelihood: 4\n    impact: 5\n    owner: {}\n    mitigation: {}\n\
             metrics:\n  - id: k1\n    name: {}\n    unit: '%'\n    target: 95\n    values: {{2026-10: 90}}\n",
            hostile("N1"),
            hostile("W1"),
            hostile("S1"),
            hostile("B1"),
            hostile("M1"),
            hostile("K1"),
            hostile("K2"),
            hostile("K3"),
            hostile("E1"),
        ),
    );
    p.write(
        "programs/alpha/2026-11.yaml",
        &format!(
            "status: red\nstatus_reason: {}\nsummary: {}\nhighlights: [{}]\nlowlights: [{}]\n\
             metrics:\n  - id: k1\n    values: {{2026-11: 93}}\n\
             asks:\n  - id: a1\n    title: {}\n    kind: decision\n    owner: COO\n    by: 2026-12-10\n\
             issues:\n  - id: i1\n    title: {}\n    severity: high\n    owner: Ana\n",
            hostile("Q1"),
            hostile("U1"),
            hostile("H1"),
            hostile("L1"),
            hostile("A1"),
            hostile("I1"),
        ),
    );
    p
}

#[test]
fn typst_markup_in_the_data_is_printed_literally() {
    let p = project();
    p.run(&["build"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let text = pdf_text(&pdf);
    // Fields a brief always prints: each carries all of the markup, as text.
    for tag in ["T1", "N1", "Q1", "U1", "K1", "A1"] {
        let needle = format!("{tag} {}", MARKUP.join(" "));
        assert_pdf_has(&text, &needle);
    }
    // Nothing was evaluated: no file was read into the PDF, the page was not
    // resized, and the compiler did not stop.
    let everything = pdf_everything(&pdf);
    for leaked in ["root:x:0:0", "/bin/bash", "/usr/sbin/nologin"] {
        assert!(!text.contains(leaked) && !everything.contains(leaked), "{leaked} is in the PDF");
    }
    assert!(pdf_info(&pdf).pages >= 4, "the document was cut short");
    let info = pdf_info(&pdf);
    let title = info.title.unwrap_or_default();
    assert!(title.contains(r#"#read("/etc/passwd")"#), "the PDF title is not literal: {title}");
}

#[test]
fn markup_in_messages_is_printed_as_it_is() {
    // Diagnostics quote the value, escaped for the terminal, never interpreted.
    let p = project();
    p.write("programs/alpha/2026-11.yaml", &format!("status: {}\n", hostile("X1")));
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains(r#"#read(\"/etc/passwd\")"#) || run.stderr.contains(r#"#read("/etc/passwd")"#));
    assert!(!run.stderr.contains("root:x:0:0"));
}

#[test]
fn every_built_in_template_prints_markup_literally() {
    let p = project();
    let brief = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("{brief}  one-pager:\n    template: one-pager\n    title: {}\n", hostile("P1")));
    p.run(&["build"]).success();
    p.run(&["build", "--program", "alpha"]).success();
    // The one-pager shortens program names; its title and the reasons are whole.
    for (pdf, tag) in [("out/2026-11/one-pager.pdf", "P1"), ("out/2026-11/program-deep-dive-alpha.pdf", "N1")] {
        let pdf = p.read(pdf);
        let text = pdf_text(&pdf);
        assert_pdf_has(&text, &format!("{tag} {}", MARKUP.join(" ")));
        assert_pdf_has(&text, &format!("Q1 {}", MARKUP.join(" ")));
        assert!(!pdf_everything(&pdf).contains("root:x:0:0"));
    }
}
