//! `cargo bench --bench watch`: how fast `brief watch` turns an edit into a
//! new PDF on the sample portfolio, and whether memory stays flat.
//!
//! Prints: the first build; a warm rebuild's phases; edit-to-new-PDF over
//! 50 edits, once for the rebuild alone and once end to end through the
//! file watcher (which waits for a quiet moment before rebuilding); serve's
//! edit-to-new-pages; and the resident memory after 1, 100, 250 and 500
//! rebuilds. `-- --quick` runs fewer rounds. Figures go to
//! docs/PERFORMANCE.md by hand.
//!
//! With a stock typst CLI (`TYPST_BIN`, else `typst` on PATH) it also puts
//! `brief watch` beside `typst watch` recompiling brief's own bundle of the
//! same report after the same edit, in alternating rounds of one run: the
//! time from saving the file to the new PDF on disk, for both.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use brief::cli::PeriodArgs;
use brief::testing::{Rebuilder, Settings};
use brief::testing::{Wake, Watcher};

const EDITED: &str = "programs/counterfeit-enforcement/2026-11.yaml";

fn main() {
    // `cargo bench` passes --bench; a plain `cargo test --benches` passes nothing we use.
    let quick = std::env::args().any(|a| a == "--quick");
    let project = sample();
    let root = project.path();
    let original = std::fs::read_to_string(root.join(EDITED)).expect("the sample has the edited file");
    let edit = |n: usize| {
        let text = original.replacen("summary: >-\n", &format!("summary: >-\n  Edit number {n}.\n"), 1);
        assert_ne!(text, original, "the edit changes the file");
        std::fs::write(root.join(EDITED), text).expect("the edit is written");
    };
    println!("brief watch benchmark (sample portfolio, release build, {} cores)", cores());

    let mut rebuilder = Rebuilder::new(root, settings(false));
    let started = Instant::now();
    let first = rebuilder.rebuild(&[]);
    let good = first.result.as_ref().unwrap_or_else(|_| panic!("the sample builds"));
    brief::testing::write_atomic(&good.target, &good.rendered.pdf).expect("the PDF is written");
    println!(
        "first build: {} ms ({} pages, {} KB); RSS {} MB",
        started.elapsed().as_millis(),
        good.rendered.pages(),
        good.rendered.pdf.len() / 1024,
        rss_mb()
    );

    phases(root, &edit);
    if std::env::var_os("PHASES").is_some() {
        return;
    }

    let rounds = if quick { 10 } else { 50 };
    let mut rebuild_times = Vec::new();
    let cpu = cpu_ms();
    for n in 0..rounds {
        edit(n);
        let t = Instant::now();
        write(&mut rebuilder, &[EDITED.to_string()]);
        rebuild_times.push(t.elapsed());
    }
    let cpu = (cpu_ms() - cpu) / rounds as f64;
    report("edit-to-PDF, rebuild + write only", &mut rebuild_times);
    println!("  CPU time per rebuild, all threads (independent of other load): {cpu:.0} ms");

    let mut watcher = Watcher::new(first.folders.clone()).expect("the watcher starts");
    let mut end_to_end = Vec::new();
    for n in 0..rounds {
        // Let the events of the last write settle, as between two saves by a person.
        std::thread::sleep(Duration::from_millis(150));
        edit(1000 + n);
        let t = Instant::now();
        let Wake::Changed(paths) = watcher.wait() else { unreachable!("nobody stops the watcher") };
        write(&mut rebuilder, &paths);
        end_to_end.push(t.elapsed());
    }
    report("edit-to-PDF through the watcher (incl. the quiet-period wait)", &mut end_to_end);

    preview(root, &edit, rounds);
    match typst_cli() {
        Some(typst) => against_typst_watch(&typst, rounds),
        None => println!("brief watch against typst watch: skipped (no typst CLI in TYPST_BIN or on PATH)"),
    }

    let total = if quick { 50 } else { 500 };
    let mut memory = vec![(1, rss_mb())];
    for n in 2..=total {
        edit(5000 + n);
        write(&mut rebuilder, &[EDITED.to_string()]);
        if n == 100 || n == 250 || n == total {
            memory.push((n, rss_mb()));
        }
    }
    let list: Vec<String> = memory.iter().map(|(n, mb)| format!("{n}: {mb} MB")).collect();
    println!("RSS after rebuilds (edits that change the PDF each time): {}", list.join(", "));
}

fn settings(pages_only: bool) -> Settings {
    Settings {
        no_system_fonts: false,
        period: PeriodArgs { period: None, as_of: None, since: None },
        report: None,
        draft: false,
        pages_only,
        time_limit: None,
        locale: None,
    }
}

/// Rebuilds and writes the PDF as `brief watch` does.
fn write(rebuilder: &mut Rebuilder, changed: &[String]) {
    let r = rebuilder.rebuild(changed);
    let good = r.result.unwrap_or_else(|_| panic!("the edited sample builds"));
    brief::testing::write_atomic(&good.target, &good.rendered.pdf).expect("the PDF is written");
}

/// Where a warm rebuild spends its time (median of 20): opening the
/// project (parsing only the edited file again, as `watch` does), the steps of `Renderer::render` as it times them, with one
/// long-lived renderer as `watch` keeps, and the atomic write.
fn phases(root: &Path, edit: &dyn Fn(usize)) {
    use brief::testing::{Options, Renderer};
    let names = ["open project", "view", "charts + JSON", "mount", "typeset", "PDF export", "atomic write"];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let same = std::env::var_os("SAME").is_some();
    let mut renderer = None::<Renderer>;
    let mut parsed = brief::testing::ParseCache::default();
    for n in 0..21 {
        if !same {
            edit(100 + n);
        }
        let start = Instant::now();
        let session = brief::testing::Session::open_cached(root, &mut parsed);
        times[0].push(start.elapsed());
        let renderer = renderer.get_or_insert_with(|| Renderer::new(&session).expect("a renderer"));
        let period = settings(false).period;
        let r = brief::testing::render(renderer, &session, None, &period, &Options::default()).expect("it renders");
        for (i, (_, time)) in r.phases.named().into_iter().enumerate() {
            times[i + 1].push(time);
        }
        let written = Instant::now();
        brief::testing::write_atomic(&root.join("out/bench.pdf"), &r.pdf).expect("written");
        times[6].push(written.elapsed());
        brief::testing::evict_cache(if std::env::var_os("EVICT0").is_some() { 0 } else { 10 });
        if n == 0 {
            // The first round is the cold build.
            times.iter_mut().for_each(Vec::clear);
        }
    }
    let list: Vec<String> = names.iter().zip(&mut times).map(|(name, t)| format!("{name} {} ms", median(t))).collect();
    println!("warm rebuild phases (median of 20): {}", list.join(", "));
}

/// `brief serve`'s rebuild: pages only, and the changed pages as SVG.
fn preview(root: &Path, edit: &dyn Fn(usize), rounds: usize) {
    let mut rebuilder = Rebuilder::new(root, settings(true));
    let mut pages = brief::testing::PageCache::default();
    let mut times = Vec::new();
    let mut cpu = 0.0;
    for n in 0..=rounds {
        if n == 1 {
            cpu = cpu_ms();
        }
        edit(3000 + n);
        let t = Instant::now();
        let r = rebuilder.rebuild(&[EDITED.to_string()]);
        let good = r.result.unwrap_or_else(|_| panic!("the edited sample builds"));
        pages.update(&good.rendered.document);
        let _ = brief::testing::outline(&good.rendered.document);
        if n > 0 {
            times.push(t.elapsed());
        }
    }
    let cpu = (cpu_ms() - cpu) / rounds as f64;
    report("serve: edit to new pages (pages only, changed pages as SVG)", &mut times);
    println!("  CPU time per rebuild, all threads: {cpu:.0} ms");
}

/// `brief watch` and `typst watch` side by side: each round saves the same
/// edit to brief's input (the YAML file) and to typst's (the `data.json` of
/// the bundle `--emit-bundle` wrote for the watched report, with the same
/// summary text), and times each from the save to its new PDF. Rounds
/// alternate, so both see the same load.
fn against_typst_watch(typst: &Path, rounds: usize) {
    let project = sample();
    let root = project.path();
    let original = std::fs::read_to_string(root.join(EDITED)).expect("the sample has the edited file");
    let edit = |n: usize| {
        let text = original.replacen("summary: >-\n", &format!("summary: >-\n  Edit number {n}.\n"), 1);
        std::fs::write(root.join(EDITED), text).expect("the edit is written");
    };
    // The bundle lives outside the project, so neither watcher sees the other's files.
    let outside = tempfile::tempdir().expect("a temporary folder");
    let bundle = outside.path().join("bundle");
    let watched = "monthly-brief";
    let status = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("-C")
        .arg(root)
        .args(["build", "-q", "--report", watched, "--emit-bundle"])
        .arg(&bundle)
        .arg("--out")
        .arg(outside.path().join("out"))
        .status()
        .expect("brief runs");
    assert!(status.success(), "brief wrote the bundle");
    let data_path = bundle.join("data.json");
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&data_path).expect("the bundle has data.json")).expect("JSON");
    let program = EDITED.split('/').nth(1).expect("the edited file is in a program folder");
    let at =
        data["programs"].as_array().and_then(|ps| ps.iter().position(|p| p["id"] == program)).expect("the program");
    let summary = data["programs"][at]["summary"].as_str().expect("a summary").to_string();
    let edit_bundle = |n: usize| {
        let mut d = data.clone();
        d["programs"][at]["summary"] = format!("Edit number {n}. {summary}").into();
        std::fs::write(&data_path, serde_json::to_vec(&d).expect("JSON")).expect("data.json is written");
    };

    let (compiled, mut child) = start_typst_watch(typst, &bundle, &outside.path().join("typst.pdf"));
    compiled.recv_timeout(Duration::from_secs(60)).expect("typst watch compiles the bundle");
    let mut rebuilder = Rebuilder::new(root, Settings { report: Some(watched.to_string()), ..settings(false) });
    let first = rebuilder.rebuild(&[]);
    let mut watcher = Watcher::new(first.folders.clone()).expect("the watcher starts");
    let (mut brief_times, mut typst_times) = (Vec::new(), Vec::new());
    for n in 0..rounds {
        std::thread::sleep(Duration::from_millis(150));
        edit(7000 + n);
        let t = Instant::now();
        let Wake::Changed(paths) = watcher.wait() else { unreachable!("nobody stops the watcher") };
        write(&mut rebuilder, &paths);
        brief_times.push(t.elapsed());

        std::thread::sleep(Duration::from_millis(150));
        while compiled.try_recv().is_ok() {}
        edit_bundle(7000 + n);
        let t = Instant::now();
        compiled.recv_timeout(Duration::from_secs(60)).expect("typst watch recompiles");
        typst_times.push(t.elapsed());
    }
    let _ = child.kill();
    let _ = child.wait();
    report("brief watch, edit to PDF (monthly brief)", &mut brief_times);
    report("typst watch on brief's bundle, edit to PDF", &mut typst_times);
    let ratio = brief_times[brief_times.len() / 2].as_secs_f64() / typst_times[typst_times.len() / 2].as_secs_f64();
    println!("  brief / typst watch, medians: {ratio:.2}x (goal: 1.15x or less)");
}

/// `typst watch` on a bundle, and a channel that receives a message each
/// time it reports a successful compilation (it writes the PDF before).
fn start_typst_watch(typst: &Path, bundle: &Path, pdf: &Path) -> (mpsc::Receiver<()>, std::process::Child) {
    let mut child = Command::new(typst)
        .arg("watch")
        .arg("--root")
        .arg(bundle)
        .arg("--font-path")
        .arg(bundle.join("fonts"))
        .arg("--ignore-system-fonts")
        .arg(bundle.join("main.typ"))
        .arg(pdf)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("typst watch starts");
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let done = line.contains("compiled successfully") || line.contains("compiled with warnings");
            if done && tx.send(()).is_err() {
                break;
            }
        }
    });
    (rx, child)
}

/// The stock typst CLI: `TYPST_BIN`, else `typst` on PATH.
fn typst_cli() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("TYPST_BIN") {
        Some(p) => vec![PathBuf::from(p)],
        None => std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join("typst")).collect(),
    };
    candidates.into_iter().find(|p| p.is_file())
}

/// CPU time of this process so far (user + system, all threads), in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // Linux reports clock ticks of 1/100 s (USER_HZ).
    (ticks(11) + ticks(12)) as f64 * 10.0
}

fn median(v: &mut [Duration]) -> String {
    v.sort();
    format!("{:.1}", v[v.len() / 2].as_secs_f64() * 1000.0)
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    println!(
        "{what} ({} edits): min {:.0} ms, median {:.0} ms, p95 {:.0} ms",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(p95)
    );
}

/// Resident memory from /proc/self/status, in MB (0 where there is no /proc).
fn rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A copy of the sample portfolio in a temporary folder.
struct Sample(tempfile::TempDir);

impl Sample {
    fn path(&self) -> &Path {
        self.0.path()
    }
}

fn sample() -> Sample {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&repo.join("programs"), &dir.path().join("programs"));
    // The spreadsheets some programs read with `values_from` and `risks_from`.
    copy(&repo.join("data"), &dir.path().join("data"));
    std::fs::copy(repo.join("brief.yaml"), dir.path().join("brief.yaml")).expect("brief.yaml is copied");
    Sample(dir)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a readable folder").flatten() {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("a copied file");
        }
    }
}
