//! What every command does alike: a report id that brief.yaml does not have
//! gets one diagnostic from each command, and a problem in a template file
//! is a diagnostic like a problem in a YAML file (the same text with a
//! caret, the same JSON).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

/// How long a command may take to give up on a typo: it renders nothing.
const AT_ONCE: Duration = Duration::from_secs(30);

/// Runs `brief ARGS`, failing the test when it is still running after `limit`
/// (`watch` and `serve` would otherwise wait for changes for ever).
#[track_caller]
fn run_bounded(p: &Project, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the brief binary starts");
    let started = Instant::now();
    while child.try_wait().expect("the child can be waited for").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("brief {args:?} still ran after {limit:?}\nstderr:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_report_id_typo_gets_the_same_diagnostic_from_every_command() {
    let p = Project::fixture("minimal");
    let expected = "error: brief.yaml has no report `montly-brief`\n   = hint: did you mean `monthly-brief`?\n";
    let commands: [&[&str]; 6] = [
        &["build", "--report", "montly-brief"],
        &["changes", "--report", "montly-brief"],
        &["charts", "--report", "montly-brief"],
        &["watch", "montly-brief"],
        &["serve", "--port", "0", "montly-brief"],
        &["build", "--report", "montly-brief", "--report", "monthly-brief"],
    ];
    for args in commands {
        let run = run_bounded(&p, args, AT_ONCE);
        run.code(1);
        assert!(run.stderr.contains(expected), "brief {args:?}:\n{}", run.stderr);
    }
    assert!(!p.exists("out/2026-11"), "nothing was written");
    // Far from every id, the hint lists the reports instead.
    let run = p.run(&["changes", "--report", "quarterly-review"]);
    run.code(1);
    assert!(run.stderr.contains("   = hint: reports: monthly-brief\n"), "{}", run.stderr);
    let json = p.run(&["build", "--report", "montly-brief", "--log-format", "json"]);
    let event: serde_json::Value = serde_json::from_str(json.stderr.lines().next().unwrap()).unwrap();
    assert_eq!((event["event"].as_str(), event["code"].as_str()), (Some("diagnostic"), Some("unknown-report")));
}

/// The minimal fixture with its own monthly-brief template, whose main.typ is `source`.
fn with_template(source: &str) -> Project {
    let p = Project::fixture("minimal");
    p.write("report-templates/monthly-brief/main.typ", source);
    p
}

#[test]
fn a_template_error_is_located_with_a_caret_like_a_yaml_error() {
    let p = with_template("#let data = json(\"/data.json\")\n= Brief\n#data.portfolio.titel\n");
    let run = p.run(&["build"]);
    run.code(1);
    let expected = "report-templates/monthly-brief/main.typ:3:17: error: dictionary does not contain key \"titel\"";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(run.stderr.contains("3 | #data.portfolio.titel\n"), "the source line: {}", run.stderr);
    assert!(run.stderr.contains("  |                 ^^^^^\n"), "a caret under the key: {}", run.stderr);
    assert!(run.stderr.contains("error: report `monthly-brief` failed; nothing was written"), "{}", run.stderr);
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"));
}

#[test]
fn template_and_yaml_diagnostics_have_the_same_json_shape() {
    let diagnostic = |run: &Run| -> serde_json::Value {
        let line = run.stderr.lines().find(|l| l.contains(r#""event":"diagnostic""#)).expect("a diagnostic event");
        serde_json::from_str(line).unwrap()
    };
    let p = with_template("#let data = json(\"/data.json\")\n#data.portfolio.titel\n");
    let template = diagnostic(p.run(&["build", "--log-format", "json"]).code(1));
    assert_eq!(template["code"], "template-error");
    assert_eq!(template["severity"], "error");
    assert_eq!(template["file"], "report-templates/monthly-brief/main.typ");
    assert_eq!((template["line"].as_u64(), template["column"].as_u64()), (Some(2), Some(17)));

    let p = Project::fixture("minimal");
    let update = "programs/alpha/2026-11.yaml";
    let text = String::from_utf8(p.read(update)).unwrap();
    p.write(update, &text.replace("status: amber", "status: purple"));
    let yaml = diagnostic(p.run(&["build", "--log-format", "json"]).code(1));
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&template), keys(&yaml), "{template}\n{yaml}");
}

#[test]
fn a_template_warning_is_a_located_warning() {
    // A label nothing refers to is fine; an unknown font family is a typst warning.
    let p = with_template("#set text(font: \"No Such Font Family\")\nHello\n");
    let run = p.run(&["build"]);
    run.success();
    assert!(
        run.stderr.contains("report-templates/monthly-brief/main.typ:1:17: warning: unknown font family"),
        "{}",
        run.stderr
    );
    let json = p.run(&["build", "--log-format", "json"]);
    let warning = json.stderr.lines().find(|l| l.contains("template-warning")).expect("a template warning");
    let v: serde_json::Value = serde_json::from_str(warning).unwrap();
    assert_eq!((v["event"].as_str(), v["severity"].as_str()), (Some("diagnostic"), Some("warning")));
}
