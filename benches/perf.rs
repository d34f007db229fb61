//! `cargo bench --bench perf`: every figure of docs/PERFORMANCE.md, with its
//! goal, as one table.
//!
//! - the sample's cold `brief build` (whole process, the real binary);
//! - the overhead ratio: `brief build --report monthly-brief` against stock
//!   `typst compile` of the bundle `--emit-bundle` wrote for the same report
//!   (skipped, with the install command, when no typst CLI is found in
//!   `TYPST_BIN` or on PATH);
//! - the phases in-process (cold caches each round): load + model, view,
//!   charts, typst compile, PDF export;
//! - a watch-mode rebuild after one edit (one long-lived renderer);
//! - synthetic portfolios of 10, 100 and 1000 programs x 12 months
//!   (benches/support/generate.rs): `brief check` and `brief build` time
//!   and peak memory (the child's peak RSS from wait4), and how time grows
//!   from 100 to 1000 programs.
//!
//! Options after `--`: `--quick` (fewer rounds), `--sizes 10,100`,
//! `--runs N`, `--months M`, `--seed S`,
//! `--skip sample,ratio,phases,watch,scale,scale-phases`. Environment:
//! `TYPST_BIN` (the stock typst CLI), `BRIEF_BIN` (another build of brief, for the whole-process figures).
//! Wall times depend on other load; the table prints the load average and
//! the CPU time, which does not.

#[path = "support/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use brief::cli::PeriodArgs;
use brief::testing::{Options as RenderOptions, Renderer, Session, evict_cache, render};

struct Opts {
    quick: bool,
    sizes: Vec<usize>,
    runs: Option<usize>,
    months: usize,
    seed: u64,
    skip: Vec<String>,
}

fn options() -> Opts {
    let mut o = Opts { quick: false, sizes: vec![10, 100, 1000], runs: None, months: 12, seed: 7, skip: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--quick" => o.quick = true,
            "--sizes" => o.sizes = value().split(',').filter_map(|s| s.trim().parse().ok()).collect(),
            "--runs" => o.runs = value().parse().ok(),
            "--months" => o.months = value().parse().unwrap_or(12),
            "--seed" => o.seed = value().parse().unwrap_or(7),
            "--skip" => o.skip = value().split(',').map(str::to_string).collect(),
            _ => {} // `cargo bench` passes --bench
        }
    }
    o
}

impl Opts {
    fn runs(&self, default: usize) -> usize {
        self.runs.unwrap_or(if self.quick { default.div_ceil(3) } else { default }).max(1)
    }
    fn wants(&self, part: &str) -> bool {
        !self.skip.iter().any(|s| s == part)
    }
}

// ------------------------------------------------------------ measuring a process

/// One run of a child process.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    /// User + system CPU time of the child (all threads).
    cpu: Duration,
    /// Peak resident set size of the child, in KiB (wait4's ru_maxrss).
    peak_kib: u64,
    ok: bool,
}

/// Runs a command to the end; stdout is dropped, stderr kept in a file shown on failure.
fn run(cmd: &mut Command) -> Run {
    run_capture(cmd, None)
}

/// Like [`run`], with stdout written to `stdout`.
///
/// The peak RSS comes from wait4; a child inherits the high-water mark of
/// the process that spawned it, so the in-process parts of this benchmark
/// run in children of their own and this process stays small.
// The child is reaped by wait4 below (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run_capture(cmd: &mut Command, stdout: Option<&Path>) -> Run {
    let err = tempfile::NamedTempFile::new().expect("a temp file");
    let out = match stdout {
        Some(p) => Stdio::from(std::fs::File::create(p).expect("a stdout file")),
        None => Stdio::null(),
    };
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::from(err.reopen().expect("reopen")))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        assert!(std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted, "wait4 failed");
    }
    let wall = started.elapsed();
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let text = std::fs::read_to_string(err.path()).unwrap_or_default();
        eprintln!("command failed ({status}): {cmd:?}\n{}", text.lines().take(20).collect::<Vec<_>>().join("\n"));
    }
    Run { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), peak_kib: usage.ru_maxrss as u64, ok }
}

fn runs(n: usize, mut make: impl FnMut() -> Command) -> Vec<Run> {
    (0..n).map(|_| run(&mut make())).collect()
}

struct Stats {
    min: Duration,
    median: Duration,
}

fn stats(mut d: Vec<Duration>) -> Stats {
    d.sort();
    Stats { min: d[0], median: d[d.len() / 2] }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn mib(kib: u64) -> String {
    format!("{} MiB", kib.div_ceil(1024))
}

/// min / median wall, median CPU, max peak RSS of a set of runs.
fn summary(r: &[Run]) -> String {
    let wall = stats(r.iter().map(|r| r.wall).collect());
    let cpu = stats(r.iter().map(|r| r.cpu).collect());
    let peak = r.iter().map(|r| r.peak_kib).max().unwrap_or(0);
    format!(
        "wall min {} / median {}, CPU median {}, peak RSS {} ({} runs)",
        ms(wall.min),
        ms(wall.median),
        ms(cpu.median),
        mib(peak),
        r.len()
    )
}

// ------------------------------------------------------------ the figures table

/// "1 page", "68 pages".
fn page_count(n: usize) -> String {
    if n == 1 { "1 page".to_string() } else { format!("{n} pages") }
}

struct Row {
    what: String,
    figure: String,
    goal: String,
    verdict: String,
}

#[derive(Default)]
struct Table(Vec<Row>);

impl Table {
    fn add(&mut self, what: impl Into<String>, figure: impl Into<String>, goal: impl Into<String>, met: Option<bool>) {
        let verdict = match met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        self.0.push(Row { what: what.into(), figure: figure.into(), goal: goal.into(), verdict: verdict.into() });
    }

    fn print(&self) {
        println!("\n| what | figure | goal | |\n|---|---|---|---|");
        for r in &self.0 {
            println!("| {} | {} | {} | {} |", r.what, r.figure, r.goal, r.verdict);
        }
    }
}

// ------------------------------------------------------------ main

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--internal") {
        internal(&args[i + 1..]);
        return;
    }
    let o = options();
    // BRIEF_BIN measures another build of the binary (another profile or version);
    // the in-process parts always use this benchmark's own build.
    let brief = std::env::var_os("BRIEF_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_brief")), PathBuf::from);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let typst = typst_cli();
    println!("brief performance benchmark (release build)");
    println!("machine: {}", machine());
    println!("load average at start: {}", load());
    println!("brief: {}", brief.display());
    match &typst {
        Some((path, version)) => println!("typst CLI: {} ({version})", path.display()),
        None => println!("typst CLI: not found (TYPST_BIN or PATH)"),
    }
    let mut table = Table::default();
    let started = Instant::now();

    let sample = copy_sample(&repo);
    let mut brief_monthly: Option<Vec<Run>> = None;
    if o.wants("sample") {
        println!("\n## Sample portfolio: cold `brief build` (whole process)");
        let n = o.runs(7);
        let out = sample.path().join("out");
        let all = runs(n, || {
            let mut c = Command::new(&brief);
            c.arg("-C").arg(sample.path()).args(["build", "-q", "--out"]).arg(&out);
            c
        });
        println!("all reports (3):      {}", summary(&all));
        let monthly = runs(n, || {
            let mut c = Command::new(&brief);
            c.arg("-C").arg(sample.path()).args(["build", "-q", "--report", "monthly-brief", "--out"]).arg(&out);
            c
        });
        println!("monthly brief alone:  {}", summary(&monthly));
        let check = runs(n, || {
            let mut c = Command::new(&brief);
            c.arg("-C").arg(sample.path()).args(["check", "-q"]);
            c
        });
        println!("brief check:          {}", summary(&check));
        let w = stats(all.iter().map(|r| r.wall).collect());
        table.add(
            "sample, `brief build` (3 reports), cold, whole process",
            format!("{} (min {})", ms(w.median), ms(w.min)),
            "faster than switching windows (~1 s)",
            Some(w.median < Duration::from_secs(1)),
        );
        let w = stats(monthly.iter().map(|r| r.wall).collect());
        table.add(
            "sample, `brief build --report monthly-brief`, cold",
            format!(
                "{} (min {}), CPU {}, peak {}",
                ms(w.median),
                ms(w.min),
                ms(stats(monthly.iter().map(|r| r.cpu).collect()).median),
                mib(monthly.iter().map(|r| r.peak_kib).max().unwrap_or(0))
            ),
            "",
            None,
        );
        brief_monthly = Some(monthly);
    }

    if o.wants("ratio") {
        println!("\n## Overhead over the typesetting engine (monthly brief of the sample)");
        match (&typst, &brief_monthly) {
            (Some((typst, _)), Some(monthly)) => {
                let bundle = tempfile::tempdir().expect("a temp dir");
                let r = run(Command::new(&brief)
                    .arg("-C")
                    .arg(sample.path())
                    .args(["build", "-q", "--report", "monthly-brief", "--emit-bundle"])
                    .arg(bundle.path())
                    .arg("--out")
                    .arg(sample.path().join("out")));
                assert!(r.ok, "the bundle is written");
                let b = bundle.path();
                let pdf = b.join("typst.pdf");
                let stock = runs(o.runs(7), || {
                    let mut c = Command::new(typst);
                    c.arg("compile")
                        .arg("--root")
                        .arg(b)
                        .arg("--font-path")
                        .arg(b.join("fonts"))
                        .arg("--ignore-system-fonts");
                    c.arg(b.join("main.typ")).arg(&pdf);
                    c
                });
                println!("typst compile (bundle): {}", summary(&stock));
                let ours = stats(monthly.iter().map(|r| r.wall).collect());
                let theirs = stats(stock.iter().map(|r| r.wall).collect());
                let ratio = ours.median.as_secs_f64() / theirs.median.as_secs_f64();
                let ratio_min = ours.min.as_secs_f64() / theirs.min.as_secs_f64();
                let cpu_ratio = stats(monthly.iter().map(|r| r.cpu).collect()).median.as_secs_f64()
                    / stats(stock.iter().map(|r| r.cpu).collect()).median.as_secs_f64();
                println!("ratio brief / typst: median {ratio:.2}, min {ratio_min:.2}, CPU {cpu_ratio:.2}");
                table.add(
                    "sample monthly brief: `brief build` / stock `typst compile` of its bundle",
                    format!(
                        "{ratio:.2}x median ({} vs {}), {ratio_min:.2}x min, {cpu_ratio:.2}x CPU",
                        ms(ours.median),
                        ms(theirs.median)
                    ),
                    "within 1.25x",
                    Some(ratio <= 1.25),
                );
            }
            (None, _) => {
                println!("SKIPPED: no typst CLI. Install the same version outside the repo and point TYPST_BIN at it:");
                println!("  cargo install typst-cli --version 0.15.1 --locked --root DIR");
                println!("  TYPST_BIN=DIR/bin/typst cargo bench --bench perf");
                table.add(
                    "sample monthly brief / stock typst",
                    "skipped: no typst CLI (TYPST_BIN)",
                    "within 1.25x",
                    None,
                );
            }
            (_, None) => println!("SKIPPED: needs the sample figures (do not --skip sample)"),
        }
    }

    if o.wants("phases") {
        println!("\n## Phases in-process, sample monthly brief (cold typst caches each round)");
        let (p, r) = in_child(&["phases", &sample.path().to_string_lossy(), &o.runs(7).to_string()]);
        for (name, v) in &p {
            println!("{name:<22} min {:>9} median {:>9}", ms(v[0]), ms(v[1]));
        }
        println!("(peak RSS of that process: {})", mib(r.peak_kib));
        let line: Vec<String> = p.iter().map(|(n, v)| format!("{n} {}", ms(v[1]))).collect();
        table.add("sample monthly brief, phases (median)", line.join(", "), "", None);
    }

    if o.wants("watch") {
        println!("\n## Watch-mode rebuild after one edit (sample monthly brief, one long-lived renderer)");
        let (w, r) = in_child(&["watch", &repo.to_string_lossy(), &o.runs(30).to_string()]);
        let v = &w.first().expect("watch figures").1;
        let (min, median, cpu) = (v[0], v[1], v[2]);
        println!(
            "edit to new PDF (open + render + write): min {} median {}; CPU per rebuild {}; peak RSS {}",
            ms(min),
            ms(median),
            ms(cpu),
            mib(r.peak_kib)
        );
        table.add(
            "watch rebuild after one edit (sample monthly brief)",
            format!("median {} (min {}), CPU {}", ms(median), ms(min), ms(cpu)),
            "under 50 ms",
            Some(median < Duration::from_millis(50)),
        );
    }

    if o.wants("scale") {
        println!("\n## Synthetic portfolios: programs x {} months (seed {})", o.months, o.seed);
        let mut per_size: Vec<(usize, Duration, Duration)> = Vec::new();
        for &n in &o.sizes {
            let dir = tempfile::tempdir().expect("a temp dir");
            let t = Instant::now();
            let w = generate::write(dir.path(), &generate::Spec::new(n, o.months, o.seed))
                .expect("the portfolio is written");
            println!("{n} programs: generated {} files, {} KB in {}", w.files, w.bytes / 1024, ms(t.elapsed()));
            let rounds = if n >= 1000 { o.runs(3) } else { o.runs(5) };
            let check = runs(rounds, || {
                let mut c = Command::new(&brief);
                c.arg("-C").arg(dir.path()).args(["check", "-q"]);
                c
            });
            println!("  brief check:                  {}", summary(&check));
            let out = dir.path().join("out");
            let build = runs(rounds, || {
                let mut c = Command::new(&brief);
                c.arg("-C").arg(dir.path());
                c.args(["build", "-q", "--report", "monthly-brief", "--time-limit", "1800", "--out"]).arg(&out);
                c
            });
            let pages = pages(&out, &w.period);
            println!("  brief build (monthly brief):  {} -> {pages} pages", summary(&build));
            let wall = stats(build.iter().map(|r| r.wall).collect());
            let cpu = stats(build.iter().map(|r| r.cpu).collect());
            let peak = build.iter().map(|r| r.peak_kib).max().unwrap_or(0);
            let ok = build.iter().all(|r| r.ok);
            let cw = stats(check.iter().map(|r| r.wall).collect());
            table.add(
                format!("{n} programs x {} months: `brief check`", o.months),
                format!(
                    "{} (min {}), peak {}",
                    ms(cw.median),
                    ms(cw.min),
                    mib(check.iter().map(|r| r.peak_kib).max().unwrap_or(0))
                ),
                "",
                None,
            );
            // The goals of the issue on large portfolios (docs/PERFORMANCE.md).
            let (goal, met) = match n {
                1000 => (
                    "under 10 s, peak under 1 GiB",
                    Some(ok && wall.median < Duration::from_secs(10) && peak < 1024 * 1024),
                ),
                100 => ("under 1 s", Some(ok && wall.median < Duration::from_secs(1))),
                _ => ("", None),
            };
            table.add(
                format!("{n} programs x {} months: `brief build` monthly brief ({})", o.months, page_count(pages)),
                format!(
                    "{}{} (min {}), CPU {}, peak {}",
                    if ok { "" } else { "FAILED " },
                    ms(wall.median),
                    ms(wall.min),
                    ms(cpu.median),
                    mib(peak)
                ),
                goal,
                met,
            );
            // The one-pager: one page at every size, from the same data.
            let one_out = dir.path().join("out-one-pager");
            let one = runs(rounds, || {
                let mut c = Command::new(&brief);
                c.arg("-C").arg(dir.path());
                c.args(["build", "-q", "--report", "one-pager", "--time-limit", "1800", "--out"]).arg(&one_out);
                c
            });
            let one_pages = crate::pages(&one_out, &w.period);
            println!("  brief build (one-pager):      {} -> {one_pages} pages", summary(&one));
            let ow = stats(one.iter().map(|r| r.wall).collect());
            table.add(
                format!("{n} programs x {} months: `brief build` one-pager ({})", o.months, page_count(one_pages)),
                format!(
                    "{}{} (min {}), peak {}",
                    if one.iter().all(|r| r.ok) { "" } else { "FAILED " },
                    ms(ow.median),
                    ms(ow.min),
                    mib(one.iter().map(|r| r.peak_kib).max().unwrap_or(0))
                ),
                "one page",
                Some(one_pages == 1),
            );
            if n == *o.sizes.iter().max().unwrap_or(&0) && o.wants("scale-phases") {
                let (p, r) = in_child(&["phases", &dir.path().to_string_lossy(), "1"]);
                let line: Vec<String> = p.iter().map(|(n, v)| format!("{n} {}", ms(v[1]))).collect();
                println!("  phases in-process: {} (peak RSS {})", line.join(", "), mib(r.peak_kib));
                table.add(format!("{n} programs, phases in-process"), line.join(", "), "", None);
            }
            per_size.push((n, wall.median, cpu.median));
        }
        let find = |n: usize| per_size.iter().find(|(m, ..)| *m == n).copied();
        if let (Some((_, w100, c100)), Some((_, w1000, c1000))) = (find(100), find(1000)) {
            let wr = w1000.as_secs_f64() / w100.as_secs_f64();
            let cr = c1000.as_secs_f64() / c100.as_secs_f64();
            println!("growth 100 -> 1000 programs: wall x{wr:.1}, CPU x{cr:.1} (linear: x10 or less)");
            table.add(
                "growth from 100 to 1000 programs",
                format!("wall x{wr:.1}, CPU x{cr:.1}"),
                "linear (x10 for 10x the programs)",
                Some(cr <= 11.0),
            );
        }
    }

    println!("\nload average at end: {}; total {}", load(), ms(started.elapsed()));
    table.print();
}

// ------------------------------------------------------------ parts

/// Runs an in-process part in a child (this benchmark again, `--internal`),
/// so its memory does not count towards the children measured later.
/// Returns its `@name ns ns ...` lines and the run.
fn in_child(args: &[&str]) -> (Vec<(String, Vec<Duration>)>, Run) {
    let out = tempfile::NamedTempFile::new().expect("a temp file");
    let exe = std::env::current_exe().expect("this benchmark's path");
    let r = run_capture(Command::new(exe).arg("--internal").args(args), Some(out.path()));
    assert!(r.ok, "the {} part ran", args[0]);
    let text = std::fs::read_to_string(out.path()).unwrap_or_default();
    let lines = text
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .map(|l| {
            let (name, rest) = l.split_once('\t').unwrap_or((l, ""));
            (name.to_string(), rest.split('\t').filter_map(|n| n.parse().ok()).map(Duration::from_nanos).collect())
        })
        .collect();
    (lines, r)
}

/// The in-process parts, run by [`in_child`]: prints `@name\tns\tns...` lines.
fn internal(args: &[String]) {
    let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
    let path = PathBuf::from(args.get(1).expect("a path"));
    match args.first().map(String::as_str) {
        Some("phases") => {
            for (name, s) in phases(&path, rounds) {
                println!("@{name}\t{}\t{}", s.min.as_nanos(), s.median.as_nanos());
            }
        }
        Some("watch") => {
            let (s, cpu) = watch(&path, rounds);
            println!("@watch\t{}\t{}\t{}", s.min.as_nanos(), s.median.as_nanos(), cpu.as_nanos());
        }
        other => panic!("unknown internal part {other:?}"),
    }
}

/// The stock typst CLI: `TYPST_BIN`, else `typst` on PATH; with its version line.
fn typst_cli() -> Option<(PathBuf, String)> {
    let candidates: Vec<PathBuf> = match std::env::var_os("TYPST_BIN") {
        Some(p) => vec![PathBuf::from(p)],
        None => std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join("typst")).collect(),
    };
    candidates.into_iter().filter(|p| p.is_file()).find_map(|p| {
        let out = Command::new(&p).arg("--version").output().ok()?;
        out.status.success().then(|| (p, String::from_utf8_lossy(&out.stdout).trim().to_string()))
    })
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    format!("{cores} cores, {model}, {:.1} GiB RAM", mem_kib as f64 / 1024.0 / 1024.0)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A copy of the sample portfolio (brief.yaml and programs/) in a temp dir.
fn copy_sample(repo: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy(repo.join("brief.yaml"), dir.path().join("brief.yaml")).expect("brief.yaml is copied");
    copy_dir(&repo.join("programs"), &dir.path().join("programs"));
    // The spreadsheets some programs read with `values_from` and `risks_from`.
    copy_dir(&repo.join("data"), &dir.path().join("data"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for e in std::fs::read_dir(from).expect("a readable folder").flatten() {
        let target = to.join(e.file_name());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("a copied file");
        }
    }
}

/// Pages of the built monthly brief, from the build manifest.
fn pages(out: &Path, period: &str) -> usize {
    let text = std::fs::read_to_string(out.join(period).join("manifest.json")).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["outputs"][0]["pages"].as_u64().unwrap_or(0) as usize
}

fn period_args() -> PeriodArgs {
    PeriodArgs { period: None, as_of: None, since: None }
}

/// The steps of `Renderer::render` as it times them (`Rendered::phases`),
/// with typst's caches emptied and a new renderer (fonts parsed again) each
/// round; "load + model" is opening the project, "total" includes the new
/// renderer.
fn phases(root: &Path, rounds: usize) -> Vec<(&'static str, Stats)> {
    let names = ["load + model", "view", "charts", "mount", "typst compile", "PDF export", "total"];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let options = RenderOptions { time_limit: Some(Duration::from_secs(600)), ..RenderOptions::default() };
    for _ in 0..rounds {
        typst::comemo::evict(0);
        let start = Instant::now();
        let session = Session::open(root);
        times[0].push(start.elapsed());
        let mut renderer = Renderer::new(&session).expect("a renderer");
        let r = render(&mut renderer, &session, Some("monthly-brief"), &period_args(), &options)
            .expect("the report renders");
        assert!(!r.pdf.is_empty());
        for (i, (_, time)) in r.phases.named().into_iter().enumerate() {
            times[i + 1].push(time);
        }
        times[6].push(start.elapsed());
    }
    typst::comemo::evict(0);
    names.into_iter().zip(times.into_iter().map(stats)).collect()
}

/// Edit, then rebuild as `brief watch` does: open the project again, render
/// with the same renderer (typst's caches warm), write the PDF atomically.
fn watch(repo: &Path, rounds: usize) -> (Stats, Duration) {
    const EDITED: &str = "programs/counterfeit-enforcement/2026-11.yaml";
    let project = copy_sample(repo);
    let root = project.path();
    let original = std::fs::read_to_string(root.join(EDITED)).expect("the sample has the edited file");
    let out = root.join("out/watch.pdf");
    let session = Session::open(root);
    let mut renderer = Renderer::new(&session).expect("a renderer");
    let options = RenderOptions::default();
    let render = |renderer: &mut Renderer| {
        let session = Session::open(root);
        let r =
            render(renderer, &session, Some("monthly-brief"), &period_args(), &options).expect("the sample renders");
        brief::testing::write_atomic(&out, &r.pdf).expect("the PDF is written");
        evict_cache(10);
    };
    render(&mut renderer);
    let mut times = Vec::new();
    let cpu_before = cpu_time();
    for n in 0..rounds {
        let text = original.replacen("summary: >-\n", &format!("summary: >-\n  Edit number {n}.\n"), 1);
        std::fs::write(root.join(EDITED), text).expect("the edit is written");
        let t = Instant::now();
        render(&mut renderer);
        times.push(t.elapsed());
    }
    let cpu = (cpu_time() - cpu_before) / rounds as u32;
    (stats(times), cpu)
}

/// CPU time of this process so far (all threads).
fn cpu_time() -> Duration {
    // SAFETY: plain data filled by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
