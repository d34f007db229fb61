//! `brief watch`: a running watcher rebuilds the PDF after an edit, keeps
//! the last good PDF while the input is broken, and recovers.
//!
//! Also holds [`Live`], the harness for commands that keep running (shared
//! with the `serve` tests): output is collected on threads and waited for
//! with a bounded poll, and the process is killed when the test ends.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::*;

/// How long the first build may take on a busy machine.
pub(crate) const FIRST_BUILD: Duration = Duration::from_secs(120);
/// How long a rebuild after an edit may take on a busy machine.
pub(crate) const REBUILD: Duration = Duration::from_secs(60);

/// A `brief` process that keeps running; killed on drop.
pub(crate) struct Live {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Live {
    /// Starts `brief ARGS` in the project folder, without colour.
    pub(crate) fn start(p: &Project, args: &[&str]) -> Live {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .current_dir(p.path())
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the brief binary starts");
        let stdout = collect(child.stdout.take().expect("piped"));
        let stderr = collect(child.stderr.take().expect("piped"));
        Live { child, stdout, stderr }
    }

    pub(crate) fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Polls until `done(stdout, stderr)` holds; fails after `limit` or when the process ends.
    #[track_caller]
    pub(crate) fn wait_until(&mut self, what: &str, limit: Duration, done: impl Fn(&str, &str) -> bool) {
        let start = Instant::now();
        loop {
            if done(&self.stdout(), &self.stderr()) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader threads take the last output.
                std::thread::sleep(Duration::from_millis(100));
                panic!("brief ended ({status}) before {what}\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
            }
            assert!(
                start.elapsed() < limit,
                "timed out after {limit:?} waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until stderr holds `needle` at least `count` times.
    #[track_caller]
    pub(crate) fn wait_for(&mut self, needle: &str, count: usize, limit: Duration) {
        self.wait_until(&format!("{count} × {needle:?}"), limit, |_, err| err.matches(needle).count() >= count);
    }

    /// Waits for the process to end by itself and returns the exit code.
    #[track_caller]
    pub(crate) fn wait_exit(&mut self, limit: Duration) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return status.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < limit, "brief still runs after {limit:?}\nstderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends Ctrl-C and returns the exit code.
    #[track_caller]
    pub(crate) fn interrupt(&mut self) -> i32 {
        let sent = Command::new("kill").args(["-INT", &self.pid().to_string()]).status().expect("kill runs");
        assert!(sent.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return status.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < REBUILD, "brief did not stop after Ctrl-C\nstderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let into = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            into.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// Replaces `from` with `to` in a project file (a plain write).
pub(crate) fn edit(p: &Project, rel: &str, from: &str, to: &str) {
    let text = String::from_utf8(p.read(rel)).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    p.write(rel, &text.replace(from, to));
}

/// Saves a file the way many editors do: a new file renamed over the old one.
pub(crate) fn save_by_rename(p: &Project, rel: &str, text: &str) {
    let path = p.path().join(rel);
    let temp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

const UPDATE: &str = "programs/alpha/2026-11.yaml";
const PDF: &str = "out/2026-11/monthly-brief.pdf";
const REBUILT: &str = "rebuilt out/2026-11/monthly-brief.pdf in ";

#[test]
fn watch_rebuilds_after_an_edit_keeps_the_last_good_pdf_and_recovers() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    assert!(w.stderr().contains("watching "), "{}", w.stderr());
    assert_pdf_has(&pdf_text(&p.read(PDF)), "Vendor contract still unsigned two weeks before launch");

    // An edit gives a new PDF with the change.
    edit(&p, UPDATE, "Vendor contract still unsigned", "Vendor signed late, launch moved");
    w.wait_for(REBUILT, 2, REBUILD);
    let good = p.read(PDF);
    let text = pdf_text(&good);
    assert_pdf_has(&text, "Vendor signed late, launch moved two weeks before launch");
    assert!(!squash(&text).contains("Vendorcontractstillunsigned"), "the old reason is gone");
    // Only the edited file was parsed again; the first build parsed them all.
    let err = w.stderr();
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(REBUILT)).collect();
    assert!(lines[0].ends_with("; 4 of 4 program files parsed)"), "{}", lines[0]);
    assert!(lines[1].ends_with("; 1 of 4 program files parsed)"), "{}", lines[1]);

    // Broken input: a located diagnostic, and the last good PDF stays as it was.
    let fixed = String::from_utf8(p.read(UPDATE)).unwrap();
    p.write(UPDATE, &fixed.replace("status: amber", "status: purple"));
    w.wait_for("kept the last good out/2026-11/monthly-brief.pdf", 1, REBUILD);
    let err = w.stderr();
    assert!(err.contains("programs/alpha/2026-11.yaml:1:9: error:"), "{err}");
    assert!(err.contains("1 | status: purple"), "the source line is shown: {err}");
    assert!(p.read(PDF) == good, "the last good PDF is untouched");

    // The fix, saved by renaming a new file over the old one.
    save_by_rename(&p, UPDATE, &fixed.replace("launch moved", "launch moved to January"));
    w.wait_for(REBUILT, 3, REBUILD);
    assert_pdf_has(&pdf_text(&p.read(PDF)), "Vendor signed late, launch moved to January");

    // Writing the PDF, or a file outside the inputs, never caused a rebuild of its own.
    let err = w.stderr();
    assert_eq!(err.matches("] rebuilt ").count() + err.matches("] unchanged ").count(), 3, "{err}");
    assert_eq!(w.interrupt(), 0, "Ctrl-C stops watch cleanly");
    assert!(w.stderr().ends_with("stopped watching\n"), "{}", w.stderr());
    let mut leftovers: Vec<String> = std::fs::read_dir(p.path().join("out/2026-11"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(leftovers, ["manifest.json", "monthly-brief.pdf"], "the PDF and its manifest, no temporary files");
}

#[test]
fn watch_writes_the_same_pdf_as_build() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    let watched = p.read(PDF);
    drop(w);
    p.run(&["build"]).success();
    assert!(p.read(PDF) == watched, "watch and build give different bytes");
}

#[test]
fn watch_starts_on_broken_input_and_builds_once_it_is_fixed() {
    let p = Project::fixture("minimal");
    let good = String::from_utf8(p.read(UPDATE)).unwrap();
    p.write(UPDATE, "status: amber\nsummary: [unclosed\n");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for("no PDF written yet", 1, FIRST_BUILD);
    assert!(w.stderr().contains("programs/alpha/2026-11.yaml:2:"), "{}", w.stderr());
    assert!(!p.exists(PDF));
    p.write(UPDATE, &good);
    w.wait_for(REBUILT, 1, REBUILD);
    assert_pdf_has(&pdf_text(&p.read(PDF)), "Vendor contract still unsigned");
}

#[test]
fn watch_follows_a_program_added_while_it_runs() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    p.write("programs/gamma/program.yaml", "name: Gamma Program\nowner: Gil Owner\nstatus: green\n");
    p.write("programs/gamma/2026-11.yaml", "summary: Gamma joined the portfolio.\n");
    w.wait_until("the new program in the PDF", REBUILD, |_, _| {
        p.exists(PDF) && squash(&pdf_text(&p.read(PDF))).contains("GammaProgram")
    });
}

#[test]
fn watch_ends_at_once_on_an_unknown_report() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch", "monthly-breif"]);
    assert_eq!(w.wait_exit(FIRST_BUILD), 1, "a typo in the report id ends watch with exit code 1");
    assert!(w.stderr().contains("error: brief.yaml has no report `monthly-breif`"), "{}", w.stderr());
    assert!(w.stderr().contains("did you mean `monthly-brief`?"), "{}", w.stderr());
    assert!(!w.stderr().contains("watching "), "it never started watching: {}", w.stderr());
}

#[test]
fn watch_writes_a_manifest_that_verifies_after_every_rebuild() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
    edit(&p, UPDATE, "Vendor contract still unsigned", "Vendor signed late");
    w.wait_for(REBUILT, 2, REBUILD);
    // The manifest is written after the PDF, under the same lock: wait for both.
    w.wait_until("the manifest of the rebuild", REBUILD, |_, _| {
        p.run(&["verify", "out/2026-11/manifest.json"]).code == 0
    });
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    assert_eq!(manifest["options"]["reports"], serde_json::json!(["monthly-brief"]));
    assert_eq!(manifest["outputs"][0]["path"], "out/2026-11/monthly-brief.pdf");
    // A comment changes an input but not the PDF: the manifest follows all the same.
    let text = String::from_utf8(p.read(UPDATE)).unwrap();
    p.write(UPDATE, &format!("# reviewed\n{text}"));
    w.wait_for("] unchanged ", 1, REBUILD);
    w.wait_until("the manifest of the unchanged rebuild", REBUILD, |_, _| {
        p.run(&["verify", "out/2026-11/manifest.json"]).code == 0
    });
}

#[test]
fn watch_follows_a_templates_folder_created_while_it_runs() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    // The project gets its own copy of the monthly-brief template, with a marker.
    let builtin = repo().join("report-templates/monthly-brief");
    for entry in std::fs::read_dir(&builtin).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = if name == "main.typ" { text + "\n#text[Custom marker one]\n" } else { text };
        p.write(&format!("report-templates/monthly-brief/{name}"), &text);
    }
    let has = |needle: &str| p.exists(PDF) && squash(&pdf_text(&p.read(PDF))).contains(needle);
    w.wait_until("the project's template in use", REBUILD, |_, _| has("Custommarkerone"));
    // A later edit inside the new folder is seen too.
    edit(&p, "report-templates/monthly-brief/main.typ", "Custom marker one", "Custom marker two");
    w.wait_until("the edited template in use", REBUILD, |_, _| has("Custommarkertwo"));
}

#[test]
fn watch_logs_json_events_with_log_format_json() {
    let p = Project::fixture("minimal");
    let mut w = Live::start(&p, &["watch", "--log-format", "json"]);
    w.wait_for(r#""event":"rebuilt""#, 1, FIRST_BUILD);
    edit(&p, UPDATE, "status: amber", "status: purple");
    w.wait_for(r#""event":"failed""#, 1, REBUILD);
    let err = w.stderr();
    let diagnostic = err.lines().find(|l| l.contains(r#""event":"diagnostic""#)).expect("a diagnostic event");
    let d: serde_json::Value = serde_json::from_str(diagnostic).unwrap();
    assert_eq!(d["file"], "programs/alpha/2026-11.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(9)));
    for line in err.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
}
