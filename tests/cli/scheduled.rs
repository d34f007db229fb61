//! Unattended builds: manifest and verify, reproducibility, faults, locking, logs.

use std::time::{Duration, Instant};

use crate::harness::*;

fn manifest(p: &Project) -> serde_json::Value {
    serde_json::from_slice(&p.read("out/2026-11/manifest.json")).expect("the manifest is JSON")
}

#[test]
fn the_manifest_records_inputs_outputs_and_options() {
    let p = Project::fixture("minimal");
    p.run(&["build"]).success();
    let m = manifest(&p);
    assert_eq!(m["period"], "2026-11");
    assert_eq!(m["as_of"], "2026-11-30");
    assert_eq!(m["root"], "../..");
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let inputs = m["inputs"].as_array().unwrap();
    for file in ["brief.yaml", "programs/alpha/program.yaml", "programs/alpha/2026-11.yaml", "programs/beta.yaml"] {
        let entry = inputs.iter().find(|i| i["path"] == file).unwrap_or_else(|| panic!("{file} not in the manifest"));
        assert_eq!(entry["sha256"], brief::testing::hex(&brief::testing::sha256(&p.read(file))));
    }
    assert!(inputs.iter().any(|i| i["path"] == "<built-in>/monthly-brief/main.typ"), "the template is an input");
    let out = &m["outputs"][0];
    assert_eq!(out["path"], "out/2026-11/monthly-brief.pdf");
    assert_eq!(out["pages"], 5);
    assert_eq!(out["sha256"], brief::testing::hex(&brief::testing::sha256(&p.read("out/2026-11/monthly-brief.pdf"))));
    assert!(
        !String::from_utf8_lossy(&p.read("out/2026-11/manifest.json")).contains(p.path().to_str().unwrap()),
        "machine path"
    );
}

#[test]
fn verify_names_a_pdf_of_an_earlier_build_that_the_manifest_does_not_cover() {
    let p = Project::fixture("minimal");
    p.write(
        "brief.yaml",
        "title: Minimal\nreports:\n  monthly-brief:\n    template: monthly-brief\n  one-pager:\n    template: one-pager\n",
    );
    p.run(&["build"]).success();
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
    // A build of one report writes the period's manifest anew: the other
    // report's PDF is still there, and nothing vouches for it any more.
    p.run(&["build", "--report", "one-pager"]).success();
    p.write("out/2026-11/monthly-brief.pdf", "tampered");
    let run = p.run(&["verify", "out/2026-11/manifest.json"]);
    run.code(1);
    let expected = "added    out/2026-11/monthly-brief.pdf (a PDF no manifest of this folder covers";
    assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    // Building every report again covers it; a program's brief beside it
    // has its own manifest, which covers that one.
    p.run(&["build"]).success();
    p.run(&["build", "--program", "alpha"]).success();
    assert!(p.exists("out/2026-11/manifest-alpha.json"));
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
    p.run(&["verify", "out/2026-11/manifest-alpha.json"]).success();
}

#[test]
fn verify_accepts_an_intact_build_and_names_every_difference() {
    let p = Project::fixture("minimal");
    p.run(&["build"]).success();
    let ok = p.run(&["verify", "out/2026-11/manifest.json"]);
    ok.success();
    assert!(ok.stderr.contains("files match the manifest of 2026-11"), "{}", ok.stderr);
    p.write("programs/alpha/2026-11.yaml", "status: green\n");
    p.write("programs/gamma.yaml", "name: Gamma\nowner: Gil\n");
    std::fs::remove_file(p.path().join("out/2026-11/monthly-brief.pdf")).unwrap();
    let bad = p.run(&["verify", "out/2026-11/manifest.json"]);
    bad.code(1);
    assert!(bad.stderr.contains("changed  programs/alpha/2026-11.yaml"), "{}", bad.stderr);
    assert!(bad.stderr.contains("added    programs/gamma.yaml"), "{}", bad.stderr);
    assert!(bad.stderr.contains("missing  out/2026-11/monthly-brief.pdf"), "{}", bad.stderr);
    assert!(bad.stderr.contains("3 differences"), "{}", bad.stderr);
    // A file that is not a manifest is a failure to verify, not a difference.
    p.write("junk.json", "{}");
    p.run(&["verify", "junk.json"]).code(2);
}

#[test]
fn builds_in_different_folders_give_identical_bytes() {
    let (a, b) = (Project::sample(), Project::sample());
    a.run(&["build"]).success();
    b.run(&["build"]).success();
    assert!(a.read("out/2026-11/monthly-brief.pdf") == b.read("out/2026-11/monthly-brief.pdf"));
    assert_eq!(a.read("out/2026-11/manifest.json"), b.read("out/2026-11/manifest.json"));
}

#[test]
fn source_date_epoch_sets_the_pdf_date_and_nothing_else_reads_the_clock() {
    let p = Project::fixture("minimal");
    // 1 December 2026: the build's clock, after the data's last period.
    p.run_env(&["build"], &[("SOURCE_DATE_EPOCH", "1796083200")]).success();
    let everything = pdf_everything(&p.read("out/2026-11/monthly-brief.pdf"));
    assert!(everything.contains("D:20261201000000"), "the PDF date is not 2026-12-01");
    p.run(&["build"]).success();
    assert!(pdf_everything(&p.read("out/2026-11/monthly-brief.pdf")).contains("D:20261130000000"), "as-of date");
}

#[test]
fn a_failed_build_leaves_earlier_outputs_byte_identical() {
    let p = Project::fixture("minimal");
    p.write("brief.yaml", "reports:\n  monthly-brief: {}\n  custom: {template: custom}\n");
    p.write("report-templates/custom/main.typ", "#let data = json(\"/data.json\")\n= Custom #data.period\n");
    p.run(&["build"]).success();
    let before: Vec<Vec<u8>> = ["monthly-brief.pdf", "custom.pdf", "manifest.json"]
        .iter()
        .map(|f| p.read(&format!("out/2026-11/{f}")))
        .collect();
    p.write("programs/alpha/2026-11.yaml", "status: green\nsummary: A change that must not reach the disk.\n");
    p.write("report-templates/custom/main.typ", "#let data = json(\"/data.json\")\n#panic(\"broken template\")\n");
    let run = p.run(&["build"]);
    run.code(1);
    assert!(run.stderr.contains("panicked with: broken template"), "{}", run.stderr);
    assert!(run.stderr.contains("report `custom` failed; nothing was written"), "{}", run.stderr);
    let after: Vec<Vec<u8>> = ["monthly-brief.pdf", "custom.pdf", "manifest.json"]
        .iter()
        .map(|f| p.read(&format!("out/2026-11/{f}")))
        .collect();
    assert!(before == after, "a failed build changed an earlier output");
    // --keep-going writes the reports that succeeded and still fails.
    let run = p.run(&["build", "--keep-going"]);
    run.code(1);
    assert!(p.read("out/2026-11/monthly-brief.pdf") != before[0], "the good report was not written");
    assert!(p.read("out/2026-11/custom.pdf") == before[1], "the failed report changed");
    let m = manifest(&p);
    assert_eq!(m["outputs"].as_array().unwrap().len(), 1);
}

#[test]
fn a_killed_build_never_leaves_a_truncated_pdf() {
    let p = Project::fixture("minimal");
    p.run(&["build"]).success();
    let old = p.read("out/2026-11/monthly-brief.pdf");
    p.write(
        "programs/beta.yaml",
        "name: Beta Program\nowner: Bo Owner\nstatus: green\nupdates:\n  2026-11: {summary: New text.}\n",
    );
    let reference = Project::fixture("minimal");
    reference.write(
        "programs/beta.yaml",
        "name: Beta Program\nowner: Bo Owner\nstatus: green\nupdates:\n  2026-11: {summary: New text.}\n",
    );
    reference.run(&["build"]).success();
    let new = reference.read("out/2026-11/monthly-brief.pdf");
    assert!(old != new);
    // Kill points spread over the whole build, from before loading to after writing.
    let mut seen = std::collections::BTreeSet::new();
    for step in 0..24u64 {
        std::fs::write(p.path().join("out/2026-11/monthly-brief.pdf"), &old).unwrap();
        let mut child = p.command(&["build", "-q"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(step * 17 % 400));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(p.path().join("out/2026-11/monthly-brief.pdf")).unwrap();
        let state = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            "corrupt"
        };
        assert_ne!(
            state,
            "corrupt",
            "kill after {} ms left a file that is neither the old nor the new PDF",
            step * 17 % 400
        );
        seen.insert(state);
    }
    // A later build cleans up what killed builds left behind.
    p.run(&["build"]).success();
    let leftovers: Vec<String> = std::fs::read_dir(p.path().join("out/2026-11"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    assert!(seen.contains("old"), "no kill landed before the rename: {seen:?}");
}

#[test]
fn concurrent_builds_take_turns() {
    let p = Project::sample();
    // Hold the out folder's lock as another build would.
    let lock = brief::testing::lock(&p.path().join("out"), || {}).unwrap();
    let child = p.command(&["build"]).stderr(std::process::Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"), "a build wrote while another held the lock");
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("waiting for another build"), "{stderr}");
    // Two real builds at once: both succeed and the result verifies.
    let started = Instant::now();
    let a = p.command(&["build", "-q"]).spawn().unwrap();
    let b = p.command(&["build", "-q"]).spawn().unwrap();
    assert!(a.wait_with_output().unwrap().status.success());
    assert!(b.wait_with_output().unwrap().status.success());
    assert!(started.elapsed() < Duration::from_secs(60));
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
}

#[test]
fn json_logs_have_one_event_per_line() {
    let p = Project::fixture("minimal");
    let run = p.run(&["build", "--log-format", "json"]);
    run.success();
    let events: Vec<serde_json::Value> =
        run.stderr.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert!(events.iter().any(|e| e["event"] == "built" && e["pages"] == 5));
    assert_eq!(events.last().unwrap()["event"], "finished");
    assert_eq!(events.last().unwrap()["exit_code"], 0);
    p.write("programs/alpha/2026-11.yaml", "status: purple\n");
    let run = p.run(&["build", "--log-format", "json"]);
    run.code(1);
    let first: serde_json::Value = serde_json::from_str(run.stderr.lines().next().unwrap()).unwrap();
    assert_eq!(first["event"], "diagnostic");
    assert_eq!(first["file"], "programs/alpha/2026-11.yaml");
    assert_eq!(first["line"], 1);
    assert!(!run.stderr.contains('\x1b'), "no colour in logs");
}

#[test]
fn attach_data_puts_the_data_inside_the_pdf() {
    let p = Project::fixture("minimal");
    p.run(&["build", "--attach-data"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let everything = pdf_everything(&pdf);
    assert!(everything.contains("/EmbeddedFiles"), "no attachment");
    assert!(everything.contains("\"schema_version\":1"), "the attachment is not the data");
    assert_eq!(pdf_info(&pdf).pages, 5, "attaching adds no page");
}

#[test]
fn as_of_moves_the_date_of_overdue_checks() {
    let p = Project::fixture("minimal");
    p.run(&["build", "--as-of", "2026-12-20", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    assert_eq!(data["as_of"], "2026-12-20");
    let m2 = &data["programs"].as_array().unwrap().iter().find(|p| p["id"] == "alpha").unwrap()["milestones"][1];
    assert_eq!(m2["state"], "overdue", "due 15 Dec, not done, as of 20 Dec");
    p.run(&["build", "--as-of", "2026-10-01"]).code(1);
}
