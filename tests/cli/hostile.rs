//! Hostile YAML: alias bombs, deep nesting, huge files, bad bytes, odd
//! line ends, and files shaped to make some step quadratic. Each gives a
//! clear, located error or is read correctly, within bounded time and
//! memory (the limits are in docs/SECURITY.md).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

/// Time any hostile input may take (generous: the machine may be busy).
const TIME: Duration = Duration::from_secs(5);
/// Peak memory any hostile input may take, in MiB.
const MEMORY_MIB: u64 = 400;

/// A run of the binary with its wall time and peak resident memory.
struct Measured {
    run: Run,
    took: Duration,
    peak_mib: u64,
}

/// Runs `brief ARGS` in the project, reading the child's peak resident set
/// (VmHWM in /proc/PID/status, Linux) while it runs.
fn measure(p: &Project, args: &[&str]) -> Measured {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the brief binary runs");
    // Read the pipes on threads so a chatty child never blocks on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let run = Run { code: status.code().unwrap_or(-1), stdout: out.join().unwrap(), stderr: err.join().unwrap() };
    Measured { run, took, peak_mib: peak_kib / 1024 }
}

/// `brief check` on a project, within the time and memory bounds; returns the run.
#[track_caller]
fn check_bounded(p: &Project) -> Run {
    let m = measure(p, &["check"]);
    let head: String = m.run.stderr.chars().take(2000).collect();
    assert!(m.took < TIME, "took {:?}\n{head}", m.took);
    assert!(m.peak_mib < MEMORY_MIB, "peak memory {} MiB\n{head}", m.peak_mib);
    assert!(matches!(m.run.code, 0 | 1), "exit code {}\n{head}", m.run.code);
    assert!(!m.run.stderr.contains("panicked"), "{head}");
    m.run
}

fn project_with(file: &str, bytes: &[u8]) -> Project {
    let p = Project::empty();
    let path = p.path().join("programs").join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    p
}

/// A valid program, for inputs that should be read correctly.
const PROGRAM: &str = "name: Alpha\nowner: Ana\nupdates:\n  2026-11:\n    status: green\n";

#[track_caller]
fn assert_error(run: &Run, needle: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "expected {needle:?} in:\n{}",
        run.stderr.chars().take(2000).collect::<String>()
    );
}

#[test]
fn alias_expansion_bombs_stop_at_the_values_limit() {
    // "Billion laughs": nine levels of ten aliases each would be 10^9 values.
    let mut y = String::from("name: Alpha\nowner: Ana\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        y.push_str(&format!("x-a{i}: &a{i} [{refs}]\n"));
    }
    let run = check_bounded(&project_with("alpha.yaml", y.as_bytes()));
    assert_error(&run, "programs/alpha.yaml:8:");
    assert_error(&run, "error: file expands to more than 250000 values (aliases included)");
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    for (shape, y) in [
        ("flow lists", "[".repeat(10_000) + &"]".repeat(10_000)),
        ("flow mappings", "{a: ".repeat(10_000) + &"}".repeat(10_000)),
        ("block lists", "- ".repeat(10_000) + "x\n"),
    ] {
        let run = check_bounded(&project_with("alpha.yaml", y.as_bytes()));
        assert_eq!(run.code, 1, "{shape}");
        assert!(
            run.stderr.contains("programs/alpha.yaml:1:")
                && (run.stderr.contains("values are nested more than 64 levels deep")
                    || run.stderr.contains("recursion limit")),
            "{shape}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_50_mb_file_is_refused_by_its_size_without_being_read() {
    let p = project_with("alpha.yaml", b"");
    // Sparse: 50 MB on paper, nothing on disk; reading it would cost 50 MB.
    let file = std::fs::OpenOptions::new().write(true).open(p.path().join("programs/alpha.yaml")).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let m = measure(&p, &["check"]);
    assert_error(&m.run, "programs/alpha.yaml:1:1: error: file is 50.0 MiB; the limit for a YAML file is 8 MiB");
    assert!(m.took < TIME && m.peak_mib < 40, "took {:?}, peak {} MiB", m.took, m.peak_mib);
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_at_it_is_read() {
    let filler = |size: usize| {
        let mut y = PROGRAM.to_string();
        y.push_str("summary: ");
        y.push_str(&"word ".repeat((size - y.len() - 1) / 5));
        while y.len() < size - 1 {
            y.push('x');
        }
        y.push('\n');
        y
    };
    let limit = 8 * 1024 * 1024;
    check_bounded(&project_with("alpha.yaml", filler(limit).as_bytes())).success();
    let run = check_bounded(&project_with("alpha.yaml", filler(limit + 1).as_bytes()));
    assert_error(&run, "programs/alpha.yaml:1:1: error: file is 8.0 MiB; the limit for a YAML file is 8 MiB");
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let run = check_bounded(&project_with("alpha.yaml", b"name: Alpha\nowner: An\xe9 Owner\n"));
    assert_error(&run, "programs/alpha.yaml:2:10: error: file is not valid UTF-8 (byte 0xE9 at this position)");
    // UTF-16 (a BOM of FF FE) is not UTF-8 either.
    let run = check_bounded(&project_with("alpha.yaml", b"\xff\xfen\x00a\x00"));
    assert_error(&run, "programs/alpha.yaml:1:1: error: file is not valid UTF-8");
}

#[test]
fn nul_and_control_bytes_are_located() {
    let run = check_bounded(&project_with("alpha.yaml", b"name: Alpha\nowner: Ana\0\n"));
    assert_error(&run, "programs/alpha.yaml:2:11: error: file contains the control character U+0000");
    let run = check_bounded(&project_with("alpha.yaml", b"name: Alpha \x1b[2J\n"));
    assert_error(&run, "programs/alpha.yaml:1:13: error: file contains the control character U+001B");
    assert!(!run.stderr.contains('\x1b'), "an escape sequence reached the terminal");
}

#[test]
fn a_byte_order_mark_is_skipped_and_positions_stay_right() {
    check_bounded(&project_with("alpha.yaml", format!("\u{feff}{PROGRAM}").as_bytes())).success();
    let y = "\u{feff}name: Alpha\nowner: Ana\nupdates:\n  2026-11:\n    status: blue\n";
    let run = check_bounded(&project_with("alpha.yaml", y.as_bytes()));
    assert_error(&run, "programs/alpha.yaml:5:13: error: status must be one of");
}

#[test]
fn crlf_line_ends_read_like_lf() {
    let lf = format!("{PROGRAM}    status_reason: fine\nrisks:\n  - id: r1\n    impact: 9\n");
    let crlf = lf.replace('\n', "\r\n");
    let a = check_bounded(&project_with("alpha.yaml", lf.as_bytes()));
    let b = check_bounded(&project_with("alpha.yaml", crlf.as_bytes()));
    assert_error(&a, "programs/alpha.yaml:9:13: error: impact must be");
    assert_eq!(a.stderr, b.stderr, "CRLF files give other diagnostics than LF files");
    // A lone CR is a line break too (YAML 1.2); the file is still read.
    check_bounded(&project_with("alpha.yaml", PROGRAM.replace('\n', "\r").as_bytes())).success();
}

#[test]
fn tabs_indent_nothing_but_are_fine_inside_values() {
    let run = check_bounded(&project_with("alpha.yaml", b"name: Alpha\nowner: Ana\nrisks:\n\t- id: r1\n"));
    assert_error(&run, "programs/alpha.yaml:4:");
    assert_error(&run, "invalid YAML");
    let y = format!("{PROGRAM}summary: \"a\ttab\"\nobjective: plain\twith a tab\t\nsponsor: Sam\t# comment\n");
    check_bounded(&project_with("alpha.yaml", y.as_bytes())).success();
    // A tab alone between `key:` and a plain value: valid YAML 1.2, refused
    // by saphyr-parser (as by libyaml), with a located message.
    let run = check_bounded(&project_with("alpha.yaml", format!("{PROGRAM}objective:\tafter a tab\n").as_bytes()));
    assert_error(
        &run,
        "programs/alpha.yaml:6:12: error: invalid YAML: ':' must be followed by a valid YAML whitespace",
    );
}

#[test]
fn duplicate_keys_are_refused_naming_both() {
    let run = check_bounded(&project_with("alpha.yaml", format!("{PROGRAM}owner: Bo\n").as_bytes()));
    assert_error(&run, "programs/alpha.yaml:6:1: error: key `owner` appears twice in this mapping");
    assert_error(&run, "programs/alpha.yaml:2:1: first written here");
}

/// Inputs of a few MB shaped to hit a quadratic step; each took from 20 s
/// to over 4 minutes, or over 7 GB, before it was fixed.
#[test]
fn large_inputs_stay_within_time_and_memory() {
    let periods = |n: usize| (0..n).map(|i| format!("{:04}-{:02}", 1000 + i / 12, 1 + i % 12)).collect::<Vec<_>>();
    let head = "name: Alpha\nowner: Ana\nstatus: green\n";
    let cases: Vec<(&str, String)> = vec![
        ("120,000 keys", format!("{head}{}", (0..120_000).map(|i| format!("x-k{i}: v\n")).collect::<String>())),
        (
            "40,000 risks",
            format!(
                "{head}risks:\n{}",
                (0..40_000).map(|i| format!("  - {{id: r{i}, impact: 2}}\n")).collect::<String>()
            ),
        ),
        (
            "60,000 periods",
            format!("{head}updates:\n{}", periods(60_000).iter().map(|p| format!("  {p}: {{}}\n")).collect::<String>()),
        ),
        ("200,000 tags", format!("{head}tags:\n{}", (0..200_000).map(|i| format!("  - t{i}\n")).collect::<String>())),
        (
            "40,000 bad values",
            format!(
                "{head}risks:\n{}",
                (0..40_000).map(|i| format!("  - {{id: r{i}, impact: high}}\n")).collect::<String>()
            ),
        ),
        (
            "35,000 updates that each add a risk",
            format!(
                "{head}updates:\n{}",
                periods(35_000)
                    .iter()
                    .enumerate()
                    .map(|(i, p)| format!("  {p}: {{risks: [{{id: r{i}}}]}}\n"))
                    .collect::<String>()
            ),
        ),
        ("a key of 3 MB", format!("{head}? {}\n: 1\n", "k".repeat(3_000_000))),
        (
            "7,000 keys of 1,000 characters",
            format!("{head}{}", (0..7_000).map(|i| format!("\"{i}{}\": 1\n", "k".repeat(1000))).collect::<String>()),
        ),
        ("a line of 8 MB", format!("{head}summary: {}\n", "word ".repeat(1_600_000))),
    ];
    for (shape, y) in cases {
        let started = Instant::now();
        let run = check_bounded(&project_with("alpha.yaml", y.as_bytes()));
        eprintln!("{shape}: exit {} in {:?}", run.code, started.elapsed());
    }
}

#[test]
fn many_small_files_are_fine() {
    let p = Project::empty();
    for i in 0..2000 {
        p.write(&format!("programs/p{i}.yaml"), PROGRAM);
    }
    let run = check_bounded(&p);
    run.success();
    assert!(run.stderr.contains("checked 2000 programs in 2000 files"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "name: Secret\nowner: Eve\n").unwrap();
    let p = project_with("alpha.yaml", PROGRAM.as_bytes());
    let programs = p.path().join("programs");
    std::os::unix::fs::symlink(outside.path().join("secret.yaml"), programs.join("secret.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), programs.join("linked")).unwrap();
    // A link to `/` must not walk the whole file system, nor loop.
    std::os::unix::fs::symlink("/", programs.join("root")).unwrap();
    std::os::unix::fs::symlink(&programs, programs.join("loop")).unwrap();
    let run = check_bounded(&p);
    assert_error(&run, "error: `programs/secret.yaml` is a link to a file outside the project; it is not read");
    assert_error(&run, "error: `programs/linked` is a link to a folder outside the project; it is not read");
    // (`/` is an ancestor of the project, so the walk reports a loop.)
    assert_error(&run, "programs/root");
    assert!(!run.stderr.contains("Secret") && !run.stderr.contains("Eve"), "{}", run.stderr);
}

#[test]
fn brief_yaml_gets_the_same_limits() {
    let p = project_with("alpha.yaml", PROGRAM.as_bytes());
    let mut y = String::from("title: T\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        y.push_str(&format!("x{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    p.write("brief.yaml", &y);
    assert_error(&check_bounded(&p), "brief.yaml:7:");
    p.write("brief.yaml", &("[".repeat(10_000) + &"]".repeat(10_000)));
    assert_error(&check_bounded(&p), "brief.yaml:1:");
    std::fs::write(p.path().join("brief.yaml"), b"title: \xff\n").unwrap();
    assert_error(&check_bounded(&p), "brief.yaml:1:8: error: file is not valid UTF-8");
}
