//! Property test: random valid portfolios with hostile but valid content
//! (0 to 300 programs; empty optional fields, huge lists, 4,000-character
//! names and narratives; every status and programs that have not reported;
//! up to 40 divisions and 12 regions; text in many scripts). For each, every
//! built-in report template builds with exit 0 (exit 2, a template failing
//! on valid data, is the bug this exists to find), the one-pager is one
//! page, and no program is lost from the monthly brief.
//!
//! The strategy draws the portfolio's shape (program count, seed, which
//! hostile features); the content comes from a small random stream seeded by
//! it, so a failing case is reproduced from the shape printed with it.
//! Cases: 8 by default, more with `PROPTEST_CASES`. To reproduce a failure,
//! call `check_portfolio(&Shape { .. })` with the printed shape in a test.
//!
//! What PDF text extraction gives for each script (the embedded Inter and
//! typst's fallback fonts, read back by `harness::pdf_text`) is pinned by
//! `scripts_extract_as_documented`: see [`SCRIPTS`]. A program is found by
//! its name when its script extracts, and always by the tag that starts
//! every generated name (`[P0042]`), which survives any truncation.

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::harness::*;

/// What a script's text gives back from the PDF (`harness::pdf_text`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Extraction {
    /// Character for character, in logical order.
    Exact,
    /// Every character, but not in logical order: Arabic and Hebrew come back
    /// in visual order (reversed), Devanagari with its vowel signs moved.
    Reordered,
    /// None of its non-ASCII characters (the ASCII ones come back): no font of
    /// the build has their glyphs (Thai, CJK, Hangul, emoji; `brief` warns
    /// that they print as empty boxes), or they are invisible format
    /// characters (zero-width space, bidi overrides, soft hyphen).
    Missing,
}

use Extraction::*;

/// A phrase per script, and what extraction gives for it.
const SCRIPTS: [(&str, &str, Extraction); 14] = [
    ("latin", "Überprüfung der Lieferkette: Çeşme, Łódź, São Paulo, Ærøskøbing", Exact),
    ("greek", "Έλεγχος ασφάλειας προϊόντων στην αγορά", Exact),
    ("cyrillic", "Проверка безопасности продукции на площадке", Exact),
    ("arabic", "مراجعة سلامة المنتجات في السوق", Reordered),
    ("hebrew", "בדיקת בטיחות מוצרים בשוק", Reordered),
    ("devanagari", "उत्पाद सुरक्षा समीक्षा कार्यक्रम", Reordered),
    ("thai", "การตรวจสอบความปลอดภัยของผลิตภัณฑ์", Missing),
    ("cjk", "製品安全審査プログラム 产品安全审查", Missing),
    ("hangul", "제품 안전 검토 프로그램", Missing),
    ("emoji", "Launch 🚀 safety 🛡️ team 👩🏽‍💻 done ✅", Missing),
    ("markup", "Plan #1 = $5 *bold* _it_ <x> @ref `code` [link] \\ // ~ -- \"quoted\"", Exact),
    ("controls", "Zero\u{200b}width and \u{202e}override\u{202c} and\u{00ad}soft", Missing),
    ("unbroken", "Supercalifragilisticexpialidocious-counterfeit-enforcement-programme", Exact),
    // Last: the script of every program when `scripts` is off.
    ("plain", "Seller identity verification for new sellers", Exact),
];

const STATUSES: [&str; 6] = ["green", "amber", "red", "unrated", "complete", "paused"];
const DOMAINS: [&str; 7] = ["legal", "regulatory", "reputational", "safety", "ecosystem", "operational", "financial"];
const ASK_KINDS: [&str; 4] = ["decision", "recommendation", "support", "fyi"];
/// The periods a portfolio may report (its last is the one built).
const PERIODS: [&str; 3] = ["2026-09", "2026-10", "2026-11"];

/// The shape of one random portfolio: everything a case is reproduced from.
#[derive(Debug, Clone)]
struct Shape {
    programs: usize,
    seed: u64,
    /// How many of [`PERIODS`] (the last ones) have updates.
    periods: usize,
    divisions: usize,
    regions: usize,
    /// 4,000-character names, summaries and reasons on some programs.
    long_text: bool,
    /// Hundreds of highlights, dozens of milestones, risks and asks on some programs.
    huge_lists: bool,
    /// Empty strings and lists wherever a field is optional.
    empty_optionals: bool,
    /// Names, owners, divisions and narratives in every script of [`SCRIPTS`].
    scripts: bool,
}

/// Mostly small and middle-sized portfolios, now and then a large one, so
/// eight cases stay within about a minute.
fn shape() -> impl Strategy<Value = Shape> {
    let programs = prop_oneof![2 => 0usize..=8, 4 => 9usize..=60, 1 => 61usize..=300];
    (programs, any::<u64>(), 1usize..=3, 1usize..=40, 1usize..=12, any::<[bool; 4]>()).prop_map(
        |(programs, seed, periods, divisions, regions, [long_text, huge_lists, empty_optionals, scripts])| Shape {
            programs,
            seed,
            periods,
            divisions,
            regions,
            long_text,
            huge_lists,
            empty_optionals,
            scripts,
        },
    )
}

/// SplitMix64: the content stream of a case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A YAML double-quoted scalar.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What the writer decided about one program, for the checks.
struct Written {
    tag: String,
    name: String,
    script: usize,
    /// The last period it has an update for, if any.
    last_update: Option<&'static str>,
    /// `visibility: internal`: never in an external report.
    internal: bool,
}

/// Writes a portfolio of `shape` into `p`; returns its programs.
fn write_portfolio(p: &Project, shape: &Shape) -> Vec<Written> {
    p.write("brief.yaml", BRIEF_YAML);
    // An empty portfolio still has its (empty) programs folder.
    std::fs::create_dir_all(p.path().join("programs")).unwrap();
    let mut rng = Rng(shape.seed);
    (0..shape.programs).map(|i| write_program(p, shape, i, &mut rng)).collect()
}

const BRIEF_YAML: &str = concat!(
    "title: Property Portfolio\n",
    "organization: Hostile Data Office\n",
    "reports:\n",
    "  monthly-brief: {template: monthly-brief, title: Monthly Leadership Brief, audience: internal}\n",
    "  one-pager: {template: one-pager, title: Portfolio on a Page, audience: internal}\n",
    "  partner-brief: {template: monthly-brief, title: Partner Brief, audience: external}\n",
    "  partner-document: {template: partner-brief, title: Partner Brief, audience: external}\n",
    "  program-deep-dive: {template: program-deep-dive, title: Program Deep Dive, audience: internal}\n",
);

/// Text of about `len` characters in `script`, or one phrase.
fn text(script: usize, len: usize) -> String {
    let (name, phrase, _) = SCRIPTS[script];
    let mut s = String::from(phrase);
    while s.chars().count() < len {
        // The unbroken script stays one word however long it gets.
        s.push_str(if name == "unbroken" { "" } else { " " });
        s.push_str(phrase);
    }
    s.chars().take(len.max(phrase.chars().count())).collect()
}

fn write_program(p: &Project, shape: &Shape, i: usize, rng: &mut Rng) -> Written {
    let script = if shape.scripts { rng.below(SCRIPTS.len()) } else { SCRIPTS.len() - 1 };
    // The first program of a case carries the costly features, a few others too.
    let long = shape.long_text && (i == 0 || rng.chance(4));
    let huge = shape.huge_lists && (i == 0 || rng.chance(4));
    let empty = shape.empty_optionals && rng.chance(50);
    let tag = format!("[P{i:04}]");
    let name = format!("{tag} {}", text(script, if long { 4000 } else { 20 }));
    let id = format!("p{i:04}-{}", "x".repeat(if long { rng.below(60) } else { 0 }));
    let mut base = String::new();
    let _ = writeln!(base, "name: {}\nowner: {}", q(&name), q(&text(rng.below(SCRIPTS.len()), 12)));
    let milestones = base_optionals(&mut base, shape, rng, empty, huge);
    let internal = base.contains("\nvisibility: internal\n");
    // Programs that have not reported: none at all, or not for the last period.
    let first = PERIODS.len() - shape.periods;
    let last = match rng.below(10) {
        0 => first,
        1 => PERIODS.len() - 1,
        _ => PERIODS.len(),
    }
    .max(first);
    let updates: Vec<(&str, String)> = PERIODS[first..last]
        .iter()
        .map(|period| (*period, update(rng, milestones, script, long, huge, empty)))
        .collect();
    let folder = if rng.chance(30) { "nested/deeper/" } else { "" };
    let id = id.trim_end_matches('-');
    if rng.chance(40) {
        // A program folder: program.yaml and one file per period.
        p.write(&format!("programs/{folder}{id}/program.yaml"), &base);
        for (period, text) in &updates {
            p.write(&format!("programs/{folder}{id}/{period}.yaml"), text);
        }
    } else {
        // A single file with an `updates:` key.
        for (i, (period, text)) in updates.iter().enumerate() {
            base.push_str(if i == 0 { "updates:\n" } else { "" });
            let _ = writeln!(base, "  {period}:");
            text.lines().for_each(|line| {
                let _ = writeln!(base, "    {line}");
            });
        }
        p.write(&format!("programs/{folder}{id}.yaml"), &base);
    }
    Written { tag, name, script, last_update: (last > first).then(|| PERIODS[last - 1]), internal }
}

/// The optional base fields: division, regions, budget, visibility, items;
/// returns how many milestones it wrote.
fn base_optionals(s: &mut String, shape: &Shape, rng: &mut Rng, empty: bool, huge: bool) -> usize {
    if rng.chance(90) {
        let d = rng.below(shape.divisions);
        let _ = writeln!(s, "division: {}", q(&format!("{} {d}", text(d % SCRIPTS.len(), 10))));
    }
    if empty {
        let _ = writeln!(s, "sponsor: \"\"\nvertical: \"\"\nobjective: \"\"\nregions: []\ntags: []\nrisk_domains: []");
    } else {
        // R0 always, so an update's region_status names a region of the program.
        let regions: Vec<String> =
            (0..rng.below(4) + 1).map(|n| format!("R{}", if n == 0 { 0 } else { rng.below(shape.regions) })).collect();
        let _ = writeln!(s, "regions: [{}]\nrisk_domains: [{}]", regions.join(", "), DOMAINS.join(", "));
    }
    match rng.below(4) {
        0 => {}
        1 => s.push_str("budget: {amount: 0, unit: \"USD m\"}\n"),
        _ => {
            let _ = writeln!(s, "budget: {{amount: {}.{}, unit: \"EUR bn\"}}", rng.below(100_000), rng.below(10));
        }
    }
    if rng.chance(10) {
        s.push_str("visibility: internal\n");
    }
    base_items(s, rng, empty, huge)
}

/// Milestones, risks and metrics: none, a few, or dozens; returns how many
/// milestones it wrote.
fn base_items(s: &mut String, rng: &mut Rng, empty: bool, huge: bool) -> usize {
    let milestones = if huge {
        60
    } else if empty {
        0
    } else {
        rng.below(4)
    };
    let _ = writeln!(s, "milestones:{}", if milestones == 0 { " []" } else { "" });
    for m in 0..milestones {
        let _ = writeln!(
            s,
            "  - {{id: m{m}, name: {}, due: 2026-{:02}-15, critical: {}}}",
            q(&format!("Milestone {m}")),
            1 + m % 12,
            m % 3 == 0
        );
    }
    let risks = if huge {
        40
    } else if empty {
        0
    } else {
        rng.below(3)
    };
    let _ = writeln!(s, "risks:{}", if risks == 0 { " []" } else { "" });
    for r in 0..risks {
        let cat = if empty { "operational" } else { rng.pick(&DOMAINS) };
        let _ = writeln!(
            s,
            "  - {{id: r{r}, title: {}, category: {cat}, likelihood: {}, impact: {}, internal: {}}}",
            q(&format!("Risk {r}")),
            1 + rng.below(5),
            1 + rng.below(5),
            r % 4 == 0
        );
    }
    let metrics = if huge { 12 } else { rng.below(3) };
    let _ = writeln!(s, "metrics:{}", if metrics == 0 { " []" } else { "" });
    for k in 0..metrics {
        let _ = writeln!(
            s,
            "  - {{id: k{k}, name: {}, unit: \"%\", target: 95, baseline: 60, better: higher, values: {{2026-10: {}, 2026-11: {}}}}}",
            q(&format!("Metric {k}")),
            rng.below(100),
            rng.below(100)
        );
    }
    milestones
}

/// One period's update: a status (every one), its reason, narratives, asks,
/// issues, per-region statuses, milestone progress and a budget change.
fn update(rng: &mut Rng, milestones: usize, script: usize, long: bool, huge: bool, empty: bool) -> String {
    let mut s = String::new();
    let status = rng.pick(&STATUSES);
    let _ = writeln!(s, "status: {status}");
    let len = if long { 4000 } else { 60 };
    if matches!(status, "amber" | "red" | "unrated") || rng.chance(20) {
        let _ = writeln!(s, "status_reason: {}", q(&text(script, len)));
    }
    if empty {
        s.push_str("summary: \"\"\nhighlights: []\nlowlights: []\nasks: []\nissues: []\n");
        return s;
    }
    let _ = writeln!(s, "summary: {}", q(&text(script, len)));
    let items = if huge { 200 } else { rng.below(3) };
    for key in ["highlights", "lowlights"] {
        let _ = writeln!(s, "{key}:{}", if items == 0 { " []" } else { "" });
        for h in 0..items {
            let _ = writeln!(s, "  - {}", q(&format!("{key} {h}: {}", text(script, 10))));
        }
    }
    if rng.chance(30) {
        let _ = writeln!(s, "region_status: {{R0: {}}}", rng.pick(&STATUSES[..3]));
    }
    if milestones > 0 && rng.chance(30) {
        let _ = writeln!(s, "milestones:\n  - {{id: m0, forecast: 2026-12-{:02}}}", 1 + rng.below(28));
    }
    if rng.chance(20) {
        let _ = writeln!(s, "budget: {{amount: {}, unit: \"USD m\"}}", rng.below(1_000_000));
    }
    let issues = if huge { 25 } else { rng.below(2) };
    let _ = writeln!(s, "issues:{}", if issues == 0 { " []" } else { "" });
    for n in 0..issues {
        let severity = rng.pick(&["low", "medium", "high", "critical"]);
        let _ = writeln!(
            s,
            "  - {{id: i{n}, title: {}, severity: {severity}, resolve_by: 2026-10-01}}",
            q(&text(script, len))
        );
    }
    let asks = if huge { 30 } else { rng.below(2) };
    let _ = writeln!(s, "asks:{}", if asks == 0 { " []" } else { "" });
    for a in 0..asks {
        let kind = rng.pick(&ASK_KINDS);
        let ask_status = rng.pick(&["open", "open", "decided", "withdrawn"]);
        let _ = writeln!(
            s,
            "  - {{id: a{a}, title: {}, kind: {kind}, status: {ask_status}, owner: {}, by: 2026-{:02}-{:02}}}",
            q(&text(script, if long { 4000 } else { 40 })),
            q(&text(rng.below(SCRIPTS.len()), 8)),
            9 + rng.below(4),
            1 + rng.below(28)
        );
    }
    s
}

/// Builds every report of the portfolio and checks the three properties.
fn check_portfolio(shape: &Shape) -> Result<(), TestCaseError> {
    let p = Project::empty();
    let programs = write_portfolio(&p, shape);
    let started = std::time::Instant::now();
    let run = p.run(&["build", "--quiet"]);
    // Printed with --nocapture: which shapes cost the time.
    eprintln!("{shape:?}: built in {:.1} s", started.elapsed().as_secs_f64());
    let head: String = run.stderr.chars().take(3000).collect();
    // The period built is the latest any program reported; with none there is
    // nothing to report on, which is a located refusal (exit 1), not a crash.
    let Some(period) = programs.iter().filter_map(|w| w.last_update).max() else {
        prop_assert_eq!(run.code, 1, "{:?}\n{}", shape, head);
        prop_assert!(run.stderr.contains("no program has a monthly update yet"), "{:?}\n{}", shape, head);
        return Ok(());
    };
    prop_assert_eq!(run.code, 0, "brief build failed on {:?}\n{}", shape, head);
    let pages = pdf_info(&p.read(&format!("out/{period}/one-pager.pdf"))).pages;
    prop_assert_eq!(pages, 1, "the one-pager has {} pages for {:?}", pages, shape);
    let text = squash(&pdf_text(&p.read(&format!("out/{period}/monthly-brief.pdf"))));
    for w in &programs {
        prop_assert!(text.contains(&squash(&w.tag)), "program {} is not in the monthly brief of {:?}", w.tag, shape);
        // The name's first words: a 4,000-character name in a row breaks
        // across pages, and the page's header and footer come between its
        // parts in the text (shape 225 programs, seed 615158696785525096).
        let needle = squash(&w.name.chars().take(40).collect::<String>());
        let exact = SCRIPTS[w.script].2 == Exact;
        prop_assert!(
            !exact || text.contains(&needle),
            "the name of {} is not in the monthly brief of {:?}",
            w.tag,
            shape
        );
    }
    // The external briefs (the monthly brief for partners and the partner
    // brief's own template) hold every program but the internal ones.
    for report in ["partner-brief", "partner-document"] {
        let partner = squash(&pdf_text(&p.read(&format!("out/{period}/{report}.pdf"))));
        for w in &programs {
            let shown = partner.contains(&squash(&w.tag));
            prop_assert_eq!(shown, !w.internal, "program {} in the {} of {:?}", w.tag, report, shape);
        }
    }
    Ok(())
}

/// How many random portfolios to build: `PROPTEST_CASES`, or 8.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(8)
}

#[test]
fn every_template_builds_every_valid_portfolio() {
    // Few shrink steps: each is a full build, and the shape is printed anyway.
    let config = Config { cases: cases(), max_shrink_iters: 16, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&shape(), |shape| check_portfolio(&shape)) {
        panic!("{e}");
    }
}

/// What extraction gives for a phrase in `text` (squashed).
fn extraction(text: &str, phrase: &str) -> Extraction {
    let foreign: Vec<char> = squash(phrase).chars().filter(|c| !c.is_ascii()).collect();
    if text.contains(&squash(phrase)) {
        Exact
    } else if foreign.iter().all(|c| text.contains(*c)) {
        Reordered
    } else {
        assert!(!foreign.iter().any(|c| text.contains(*c)), "{phrase:?} comes back in part");
        Missing
    }
}

/// What extraction gives for each script, as [`SCRIPTS`] says: the property
/// test looks for a program's name only where it comes back exactly.
#[test]
fn scripts_extract_as_documented() {
    let p = Project::empty();
    p.write("brief.yaml", "title: Scripts\nreports:\n  monthly-brief: {template: monthly-brief}\n");
    for (i, (script, phrase, _)) in SCRIPTS.iter().enumerate() {
        let program = format!("name: {}\nowner: Owner {i}\nupdates:\n  2026-11:\n    status: green\n", q(phrase));
        p.write(&format!("programs/{script}.yaml"), &program);
    }
    // With the built-in fonts only: what comes back must not depend on the
    // fonts this machine has installed (with them, Thai, CJK and emoji render).
    p.run(&["build", "--quiet", "--no-system-fonts"]).success();
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
    let found: Vec<_> = SCRIPTS.iter().map(|(s, phrase, _)| (*s, extraction(&text, phrase))).collect();
    let documented: Vec<_> = SCRIPTS.iter().map(|(s, _, e)| (*s, *e)).collect();
    assert_eq!(found, documented);
}
