//! The built-in templates (issue 5): each one builds and says what leaders
//! need; audiences, draft, strict, PDF standards, custom templates, the
//! bundle for stock typst, scripts without a font, and data that is too
//! long, too many or full of punctuation.

use std::fmt::Write as _;

use crate::harness::*;

// ------------------------------------------------------------ PDF helpers

/// The text of each page, in order.
pub(crate) fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf).expect("a PDF whose text can be extracted")
}

/// A PDF text string: UTF-16BE with a byte order mark, or PDFDocEncoding.
fn decode(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The titles of the outline (bookmarks), depth first, indented by level.
pub(crate) fn bookmarks(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    let outlines = doc.catalog().unwrap().get(b"Outlines").and_then(lopdf::Object::as_reference);
    if let Ok(id) = outlines {
        let first = doc.get_dictionary(id).unwrap().get(b"First").and_then(lopdf::Object::as_reference).ok();
        walk_outline(&doc, first, 0, &mut out);
    }
    out
}

fn walk_outline(doc: &lopdf::Document, mut item: Option<lopdf::ObjectId>, level: usize, out: &mut Vec<String>) {
    while let Some(id) = item {
        let dict = doc.get_dictionary(id).unwrap();
        let title = dict.get(b"Title").and_then(lopdf::Object::as_str).map(decode).unwrap_or_default();
        out.push(format!("{}{title}", "  ".repeat(level)));
        let child = dict.get(b"First").and_then(lopdf::Object::as_reference).ok();
        walk_outline(doc, child, level + 1, out);
        item = dict.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
}

/// Every string of every object (decoded) and every stream (decompressed):
/// where metadata, bookmarks, alt text and tags live.
fn pdf_strings(pdf: &[u8]) -> String {
    fn visit(o: &lopdf::Object, out: &mut String) {
        match o {
            lopdf::Object::String(s, _) => {
                out.push_str(&decode(s));
                out.push('\n');
            }
            lopdf::Object::Name(n) => {
                out.push_str(&String::from_utf8_lossy(n));
                out.push('\n');
            }
            lopdf::Object::Array(items) => items.iter().for_each(|i| visit(i, out)),
            lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, v)| visit(v, out)),
            lopdf::Object::Stream(s) => {
                s.dict.iter().for_each(|(_, v)| visit(v, out));
                let content = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
                out.push_str(&String::from_utf8_lossy(&content));
                out.push('\n');
            }
            _ => {}
        }
    }
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = String::new();
    for o in doc.objects.values() {
        visit(o, &mut out);
    }
    out
}

/// The XMP metadata packet.
fn xmp(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").and_then(lopdf::Object::as_reference).expect("XMP metadata");
    let stream = doc.get_object(id).and_then(lopdf::Object::as_stream).unwrap();
    String::from_utf8_lossy(&stream.decompressed_content().unwrap_or_else(|_| stream.content.clone())).into_owned()
}

/// Where `needle` appears in a PDF, by any route: extracted text, decoded
/// strings and streams, or the raw decompressed file (also as UTF-16).
fn found_in(pdf: &[u8], needle: &str) -> Vec<&'static str> {
    let mut places = Vec::new();
    if squash(&pdf_text(pdf)).contains(&squash(needle)) {
        places.push("text");
    }
    if pdf_strings(pdf).contains(needle) {
        places.push("objects");
    }
    let raw = pdf_everything(pdf);
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_be_bytes).collect();
    if raw.contains(needle) || raw.as_bytes().windows(utf16.len()).any(|w| w == utf16.as_slice()) {
        places.push("file");
    }
    places
}

/// Like `assert_pdf_has`, ignoring case: block titles are set in capitals.
#[track_caller]
fn assert_has_ci(text: &str, needle: &str) {
    let (t, n) = (squash(text).to_lowercase(), squash(needle).to_lowercase());
    assert!(t.contains(&n), "the PDF text does not contain {needle:?} (in any case)");
}

/// Compiles a bundle with stock typst and checks its laid-out pages: no text
/// or image outside the text area, no text drawn over other text.
#[track_caller]
fn assert_lays_out_cleanly(p: &Project, bundle: &str) {
    let problems = stock::layout_problems(&p.path().join(bundle)).unwrap_or_else(|e| panic!("{bundle}: {e}"));
    assert!(problems.is_empty(), "{bundle}: {problems:#?}");
}

#[track_caller]
fn assert_every_page_has(pdf: &[u8], needle: &str) {
    for (i, text) in page_texts(pdf).iter().enumerate() {
        assert!(squash(text).contains(&squash(needle)), "page {} has no {needle:?}:\n{text}", i + 1);
    }
}

#[track_caller]
fn assert_page_numbers(pdf: &[u8]) {
    let pages = page_texts(pdf);
    for (i, text) in pages.iter().enumerate() {
        let label = format!("Page {} of {}", i + 1, pages.len());
        assert!(squash(text).contains(&squash(&label)), "page {} lacks {label:?}", i + 1);
    }
}

// ------------------------------------------------------------ generated projects

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Every ASCII punctuation character, and the typographic ones people paste.
const PUNCTUATION: &str =
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ “quotes” ‘single’ – — … «» ¿¡ § ¶ † • ‰ ′″ € £ ¥ © ® ™ ° ± × ÷";

/// A narrative of about `len` characters in sentences of 6 to 13 words,
/// with a long unbroken token (a URL) in the middle, as real updates have.
/// Each sentence starts with a tag `T<seed>n<k>x`, so a test can tell that
/// none was lost.
fn narrative(seed: usize, len: usize) -> String {
    let words = [
        "trusted-flagger",
        "notices",
        "backlog",
        "reviewers",
        "vendor",
        "regulator",
        "escalation",
        "timeliness",
        "marketplace",
        "sellers",
        "counterfeit",
        "verification",
        "recovery",
        "milestone",
        "forecast",
        "decision",
        "within",
        "the",
        "and",
        "because",
    ];
    let mut state = seed as u64 * 2_654_435_761 + 1;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut s = String::new();
    let mut k = 0;
    while s.len() < len {
        write!(s, "T{seed}n{k}x").unwrap();
        for _ in 0..6 + next(8) {
            s.push(' ');
            s.push_str(words[next(words.len())]);
        }
        if k == 3 {
            s.push_str(" https://compliance.example.com/evidence/2026/11/trusted-flagger-backlog-recovery-plan-version-3-final-approved.pdf");
        }
        s.push_str(". ");
        k += 1;
    }
    s.trim_end().to_string()
}

/// The sentence tags of a narrative (see `narrative`).
fn tags(text: &str) -> Vec<String> {
    text.split(". ").filter_map(|s| s.split_whitespace().next()).map(str::to_string).collect()
}

/// Options of a generated portfolio.
#[derive(Clone, Copy, Default)]
struct Gen {
    /// 4,000-character summaries and long list items.
    long: bool,
    /// Names and reasons holding every punctuation character.
    punctuation: bool,
    /// Spread the programs over this many divisions (none when 0).
    divisions: usize,
}

/// A portfolio of `n` programs with two periods of updates.
fn generated(n: usize, g: Gen) -> Project {
    let p = Project::empty();
    let grouped = if g.divisions > 0 { "    group_by: division\n" } else { "" };
    p.write(
        "brief.yaml",
        &format!(
            "title: Generated Portfolio\norganization: Test Org\nreports:\n\
             \x20 monthly-brief:\n    title: Monthly Leadership Brief\n    classification: Confidential - Internal\n{grouped}\
             \x20 one-pager:\n    template: one-pager\n    title: Portfolio on a Page\n    classification: Confidential - Internal\n{grouped}\
             \x20 program-deep-dive:\n    template: program-deep-dive\n    title: Program Deep Dive\n    classification: Confidential - Internal\n",
        ),
    );
    for i in 0..n {
        let status = ["red", "amber", "green", "green", "green", "amber", "complete", "green"][i % 8];
        let before = ["amber", "amber", "green", "amber", "green", "green", "green", "green"][i % 8];
        let mut name = format!("Program {i:03} {}", ["fraud", "safety", "privacy", "counterfeit"][i % 4]);
        if g.punctuation {
            name = format!("{name} {PUNCTUATION}");
        }
        let long = |k: usize| if g.long { narrative(i + k, 4000) } else { narrative(i + k, 260) };
        let item = |k: usize| if g.long { narrative(i + k, 600) } else { narrative(i + k, 90) };
        let mut y = String::new();
        writeln!(y, "name: {}", q(&name)).unwrap();
        writeln!(
            y,
            "owner: {}",
            q(if g.punctuation { "O'Brien-Smith, J. (acting) <jo@example.com>" } else { "Owner Person" })
        )
        .unwrap();
        writeln!(y, "regions: [{}]", ["EU", "US", "UK", "SEA"][i % 4]).unwrap();
        if g.divisions > 0 {
            writeln!(y, "division: Division {:02}", i % g.divisions).unwrap();
        }
        writeln!(y, "milestones:").unwrap();
        for m in 0..3 {
            writeln!(y, "  - id: m{m}\n    name: {}\n    due: 2026-{:02}-15", q(&item(m)), 10 + m).unwrap();
            if m == 2 {
                writeln!(y, "    forecast: 2027-01-20\n    critical: true").unwrap();
            }
        }
        writeln!(y, "risks:").unwrap();
        for r in 0..2 {
            writeln!(
                y,
                "  - id: r{r}\n    title: {}\n    category: operational\n    likelihood: {}\n    impact: {}\n    owner: Risk Owner\n    mitigation: {}",
                q(&item(r + 10)),
                // Scores up to 12: no green program carries a critical risk,
                // so the one-pager's ladder is what these portfolios test.
                1 + (i + r) % 3,
                3 + r,
                q(&item(r + 20))
            )
            .unwrap();
        }
        writeln!(
            y,
            "metrics:\n  - id: k1\n    name: {}\n    unit: \"%\"\n    target: 95\n    better: higher\n    values: {{2026-09: 90, 2026-10: 92, 2026-11: {}}}",
            q(&item(30)),
            88 + i % 10
        )
        .unwrap();
        writeln!(y, "updates:").unwrap();
        writeln!(y, "  2026-10:\n    status: {before}").unwrap();
        if before != "green" {
            writeln!(y, "    status_reason: {}", q(&item(40))).unwrap();
        }
        writeln!(y, "  2026-11:\n    status: {status}").unwrap();
        writeln!(y, "    summary: {}", q(&long(50))).unwrap();
        writeln!(y, "    highlights: [{}, {}]", q(&item(60)), q(&item(61))).unwrap();
        writeln!(y, "    lowlights: [{}]", q(&item(62))).unwrap();
        if status == "red" || status == "amber" {
            let mut reason = item(70);
            if g.punctuation {
                reason = format!("{PUNCTUATION} {reason}");
            }
            writeln!(y, "    status_reason: {}", q(&reason)).unwrap();
            writeln!(
                y,
                "    asks:\n      - id: a1\n        title: {}\n        kind: decision\n        owner: COO\n        by: 2026-12-{:02}",
                q(&item(80)),
                1 + i % 28
            )
            .unwrap();
        }
        p.write(&format!("programs/p{i:03}.yaml"), &y);
    }
    p
}

// ------------------------------------------------------------ the three templates

#[test]
fn monthly_brief_answers_the_three_questions_on_page_two() {
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let pages = page_texts(&pdf);
    // Cover: portfolio, period, classification, as-of date.
    for needle in
        ["Global Trust & Safety Programs", "November 2026", "CONFIDENTIAL - INTERNAL", "Data as of 30 Nov 2026"]
    {
        assert_pdf_has(&pages[0], needle);
    }
    // The executive summary leads with what leadership must do: the action
    // headline, then every decision, then where we stand and what changed.
    let summary = squash(&pages[1]);
    let order: Vec<usize> = [
        "Executive summary",
        "EU Digital Services Act compliance turned red; 5 decisions, 3 recommendations and 1 funding request are needed between 5 Dec 2026 and 15 Jan 2027.",
        "What we need from you",
        "Where we stand",
        "What changed since October 2026",
    ]
    .iter()
    .map(|h| summary.find(&squash(h)).unwrap_or_else(|| panic!("page 2 has no {h:?}:\n{}", pages[1])))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "the executive summary is out of order: {order:?}");
    assert_pdf_has(&pages[1], "2 of 9 active programs are red, 3 amber; 1 worse and 2 better since October 2026.");
    // Every open decision of the sample, with its amount, decider and date;
    // the one that matters most (the red program's USD 1.2m) first.
    let decisions = [
        "Approve USD 1.2m for 40 additional trusted-flagger reviewers",
        "Decide by 5 Dec to suspend overdue sellers",
        "Agree by 10 Dec to answer the Commission's request",
        "Approve the walk-away position in the Veridocs renewal",
        "Decide by 11 Dec to hold first payouts of new affiliates",
    ];
    let at: Vec<usize> = decisions
        .iter()
        .map(|d| summary.find(&squash(d)).unwrap_or_else(|| panic!("page 2 lacks the decision {d:?}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "decisions out of rank: {at:?}");
    assert_pdf_has(&pages[1], "DECISION · USD 1.2m");
    assert_pdf_has(&pages[1], "Margarethe Sørensen · by 15 Dec 2026");
    // What changed: one line per program, improvements too, and not the
    // status reason that "Where we stand" already gives.
    for line in [
        "EU Digital Services Act compliance: status amber → red",
        "Product-safety recalls and unsafe-product removal: status amber → green",
        "Payment fraud and account-takeover defence: status red → amber",
    ] {
        assert_eq!(summary.matches(&squash(line)).count(), 1, "page 2 should say {line:?} once:\n{}", pages[1]);
    }
    let reason = squash("Trusted-flagger notices within 24 hours fell to 71%");
    assert_eq!(summary.matches(&reason).count(), 1, "the status reason is repeated on page 2");
    // The top risks open the page at a glance, beside the heat map.
    assert_pdf_has(&pages[2], "Trusted-flagger notice volume outgrows review capacity");
    // The summary is one page; the portfolio at a glance follows it (the
    // sample has divisions and budgets), then the Programs section.
    assert_pdf_has(&pages[2], "Portfolio at a glance");
    assert_pdf_has(&pages[3], "Programs");
    assert_pdf_has(&pages[3], "Next milestone");
    // A page per program with status, reason, KPIs, risks, asks and milestones.
    let text = pdf_text(&pdf);
    for needle in [
        "KPIs against target",
        "Open risks",
        "Asks of leadership",
        "Milestones: baseline against forecast",
        "Trusted-flagger notices actioned within 24 hours",
        "Mitigation: Vendor overflow pod of 30 reviewers from 2 Dec",
    ] {
        assert_has_ci(&text, needle);
    }
    // Each program page says what changed since the previous period.
    assert_pdf_has(&text, "Since October 2026: ▼ status amber → red");
    // The appendix: every change, data-quality notes, definitions, source files.
    let start = pages.iter().position(|p| squash(p).contains("AllchangessinceOctober2026")).expect("no appendix");
    let last = pages[start..].concat();
    let last = &last;
    for needle in [
        "Appendix",
        "Moved from amber to red: Trusted-flagger notices within 24 hours fell to 71%",
        "Definitions",
        "Data-quality notes",
    ] {
        assert_pdf_has(last, needle);
    }
    // A final brief leaves the list of source files to drafts.
    assert!(!last.contains("Source files"), "a final brief lists its source files");
    // Outline: a bookmark per section and per program.
    let marks = bookmarks(&pdf);
    for needle in [
        "Executive summary",
        "Portfolio at a glance",
        "Programs",
        "  EU Digital Services Act compliance",
        "  SEA cross-border seller onboarding controls",
        "Appendix",
        "  Definitions",
    ] {
        assert!(marks.iter().any(|m| m == needle), "no bookmark {needle:?} in {marks:#?}");
    }
    // Every program (with a page or a row) and the five appendix sections
    // (each paged program's status history and status by region first): a
    // final brief lists no source files.
    assert_eq!(marks.iter().filter(|m| m.starts_with("  ") && !m.starts_with("   ")).count(), 10 + 5, "{marks:#?}");
    assert_every_page_has(&pdf, "CONFIDENTIAL - INTERNAL");
    assert_page_numbers(&pdf);
}

#[test]
fn document_metadata_and_alt_text_on_every_chart() {
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief", "--emit-bundle", "bundle"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let info = pdf_info(&pdf);
    assert_eq!(info.title.as_deref(), Some("Monthly Leadership Brief — November 2026"));
    assert_eq!(info.author.as_deref(), Some("Trust, Safety & Compliance"));
    assert!(info.keywords.unwrap_or_default().contains("Global Trust & Safety Programs"));
    // Every chart the template places carries its alt text into the tags.
    let strings = pdf_strings(&pdf);
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let mut alts: Vec<String> = Vec::new();
    for key in ["portfolio-status", "risk-heatmap", "status-history", "region-matrix"] {
        alts.extend(data["charts"][key].as_array().unwrap().iter().map(|c| c["alt"].as_str().unwrap().to_string()));
    }
    for program in data["programs"].as_array().unwrap() {
        alts.extend(program["charts"]["timeline"]["alt"].as_str().map(str::to_string));
        for m in program["metrics"].as_array().unwrap() {
            alts.extend(m["sparkline"]["alt"].as_str().map(str::to_string));
        }
    }
    assert!(alts.len() > 20, "{} charts", alts.len());
    for alt in &alts {
        assert!(strings.contains(alt.as_str()), "no alt text {alt:?} in the PDF");
    }
    assert!(strings.contains("StructTreeRoot") || strings.contains("Figure"), "the PDF is not tagged");
}

#[test]
fn report_data_has_the_status_trend_and_a_group_mix_slot() {
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let trend = &data["charts"]["status-trend"][0];
    assert_eq!(trend["path"], "/charts/status-trend-1.svg", "{trend}");
    let alt = trend["alt"].as_str().unwrap();
    assert!(alt.starts_with("Status trend over ") && alt.contains(" Nov 2026: "), "{alt}");
    assert!(p.read("bundle/charts/status-trend-1.svg").starts_with(b"<svg"));
    // The sample's brief is grouped by division: one bar per division.
    let mix = data["charts"]["group-mix"][0]["alt"].as_str().unwrap();
    assert!(mix.starts_with("Status mix of 4 groups, 10 programs in all"), "{mix}");
    assert!(mix.contains("Regulatory Compliance: 3 programs, 1 red, 1 amber, 1 green."), "{mix}");
}

#[test]
fn one_pager_is_one_page_for_the_sample_and_names_every_program() {
    let p = Project::sample();
    p.run(&["build", "--report", "one-pager"]).success();
    let pdf = p.read("out/2026-11/one-pager.pdf");
    assert_eq!(pdf_info(&pdf).pages, 1);
    let text = pdf_text(&pdf);
    for needle in [
        "Portfolio on a Page",
        "EU Digital Services Act compliance",
        "Trusted-flagger notices within 24 hours fell to 71%",
        "Trusted-flagger review capacity raised by 25 reviewers",
        "Approve USD 1.2m for 40 additional",
        "SEA cross-border seller onboarding controls",
        "CONFIDENTIAL - INTERNAL",
        "Page 1 of 1",
    ] {
        assert_pdf_has(&text, needle);
    }
    assert!(!text.contains("Condensed"), "ten programs need no condensing");
}

#[test]
fn one_pager_condenses_to_one_page_for_60_and_250_programs() {
    for (n, note) in
        [(10, None), (60, Some("Condensed to fit one page")), (250, Some("each has a page in the monthly brief"))]
    {
        let p = generated(n, Gen::default());
        p.run(&["build", "--report", "one-pager", "--emit-bundle", "bundle"]).success();
        let pdf = p.read("out/2026-11/one-pager.pdf");
        assert_eq!(pdf_info(&pdf).pages, 1, "{n} programs");
        let text = pdf_text(&pdf);
        assert_pdf_has(&text, "Program 000 fraud");
        if let Some(note) = note {
            assert_pdf_has(&text, note);
        }
        assert_lays_out_cleanly(&p, "bundle");
    }
}

/// Each paged program's status over the periods goes under the programs
/// table when it fits there, else into the appendix: never a page of its own.
#[test]
fn the_status_history_sits_under_the_programs_table_or_in_the_appendix() {
    const TITLE: &str = "Status of each program with a page, over the last periods";
    let fixture = Project::fixture("minimal");
    fixture.run(&["build", "--report", "monthly-brief"]).success();
    let pages = page_texts(&fixture.read("out/2026-11/monthly-brief.pdf"));
    let programs = pages.iter().position(|t| t.contains("Programs on track")).expect("a programs page");
    // Section titles print in capitals.
    let has_title = |t: &String| squash(t).to_lowercase().contains(&squash(TITLE).to_lowercase());
    assert!(has_title(&pages[programs]), "{}", pages[programs]);
    assert_eq!(pages.iter().filter(|t| has_title(t)).count(), 1, "shown once");

    let sample = Project::sample();
    sample.run(&["build", "--report", "monthly-brief"]).success();
    let pdf = sample.read("out/2026-11/monthly-brief.pdf");
    let marks = bookmarks(&pdf);
    let appendix = marks.iter().position(|m| m == "Appendix").expect("an appendix");
    assert_eq!(marks.iter().position(|m| m.trim() == TITLE), Some(appendix + 1), "{marks:#?}");
    // Every page before the appendix holds more than a chart: the page
    // after the programs table starts a program.
    let pages = page_texts(&pdf);
    let table = pages.iter().position(|t| t.contains("Programs on track")).expect("a programs page");
    assert!(pages[table + 1].contains("Owner"), "{}", pages[table + 1]);
    assert_eq!(pages.iter().filter(|t| has_title(t)).count(), 1, "shown once");
}

/// With many groups the portfolio-at-a-glance page runs on: each group's
/// exceptions come first, as a table, then the open risks kept together at
/// full width (the top risks as a table beside the heat map), so a table
/// never leaves one row alone on a page before the risks.
#[test]
fn at_a_glance_with_many_groups_puts_the_exceptions_before_the_risks() {
    let p = generated(100, Gen { divisions: 12, ..Gen::default() });
    p.run(&["build", "--report", "monthly-brief"]).success();
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf"))).to_lowercase();
    let at = |needle: &str| text.find(&squash(needle)).unwrap_or_else(|| panic!("no {needle:?}"));
    let (glance, exceptions, risks) = (at("portfolio at a glance"), at("exceptions by division"), at("open risks"));
    assert!(glance < exceptions && exceptions < risks, "{glance} {exceptions} {risks}");
    assert!(at("top 5 risks") > risks);
    assert!(at("programs with a page") > risks, "the risks close the glance pages");
}

#[test]
fn one_pager_of_thirty_divisions_shows_every_division_with_its_mix_and_exceptions() {
    let p = generated(300, Gen { divisions: 30, ..Gen::default() });
    p.run(&["build", "--report", "one-pager", "--emit-bundle", "bundle"]).success();
    let pdf = p.read("out/2026-11/one-pager.pdf");
    assert_eq!(pdf_info(&pdf).pages, 1);
    let text = squash(&pdf_text(&pdf));
    // Cards, not the capped list of the most severe programs.
    assert_pdf_has(&text, "one card per group");
    assert_pdf_has(&text, "each program needing attention has a page in the monthly brief");
    assert!(!text.contains("only the most severe programs have a row"), "{text}");
    for d in 0..30 {
        assert_pdf_has(&text, &format!("Division {d:02} (10)"));
    }
    // Each card names the division's most severe exception, "+ N more" the rest.
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let groups = data["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 30);
    for g in groups {
        let attention = g["attention"].as_array().unwrap();
        let rest = g["attention_rest"].as_array().unwrap();
        assert_eq!(rest.len(), attention.len());
        // The counts after k names add up to the programs not named.
        for (k, counts) in rest.iter().enumerate() {
            let total: u64 = counts.as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
            assert_eq!(total as usize, attention.len() - k);
        }
        let worst = &data["programs"].as_array().unwrap().iter().find(|p| p["id"] == attention[0]).unwrap()["name"];
        assert_pdf_has(&text, worst.as_str().unwrap());
    }
    assert_pdf_has(&text, "more");
    assert_lays_out_cleanly(&p, "bundle");
}

#[test]
fn deep_dive_shows_one_program_with_its_history() {
    let p = Project::sample();
    let run = p.run(&["build", "--program", "eu-dsa-compliance"]);
    run.success();
    assert!(run.stderr.contains("program-deep-dive-eu-dsa-compliance.pdf"), "{}", run.stderr);
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"), "--program builds only the deep dive");
    let pdf = p.read("out/2026-11/program-deep-dive-eu-dsa-compliance.pdf");
    let info = pdf_info(&pdf);
    assert_eq!(info.title.as_deref(), Some("Program Deep Dive: EU Digital Services Act compliance — November 2026"));
    let text = pdf_text(&pdf);
    for needle in [
        "EU Digital Services Act compliance",
        "Objective",
        "Status, period by period",
        "KPIs against target",
        "Milestones: baseline against forecast",
        "Statements of reasons pipeline moved to Transparency Database API v2",
        "Risks",
        "Issues",
        "Asks of leadership",
        "History",
        // Every period's narrative, not only this one's.
        "June 2026",
        "July 2026",
        "October 2026",
        "The program turned red in November.",
    ] {
        assert_has_ci(&text, needle);
    }
    let other = "Seller identity verification";
    assert!(!squash(&text).contains(&squash(other)), "another program is in the deep dive");
    assert_every_page_has(&pdf, "CONFIDENTIAL - INTERNAL");
    assert_page_numbers(&pdf);
    let marks = bookmarks(&pdf);
    assert!(marks.iter().any(|m| m == "EU Digital Services Act compliance"), "{marks:#?}");
    assert!(marks.iter().any(|m| m.trim() == "History"), "{marks:#?}");
}

#[test]
fn a_plain_build_skips_the_deep_dive() {
    let p = Project::sample();
    let run = p.run(&["build"]);
    run.success();
    for report in ["monthly-brief", "one-pager", "partner-brief"] {
        assert!(p.exists(&format!("out/2026-11/{report}.pdf")), "{report} was not built: {}", run.stderr);
    }
    assert!(!run.stderr.contains("program-deep-dive"), "{}", run.stderr);
}

// ------------------------------------------------------------ audiences

/// Marker strings of the audiences fixture: internal programs and items.
const SECRETS: [&str; 9] = [
    "SECRETMARKER",
    "SECRETMARKER-program",
    "SECRETMARKER-risk",
    "SECRETMARKER-ask",
    "SECRETMARKER-issue",
    "SECRETMARKER-flip",
    "SECRETMARKER-hiddenask",
    "SECRETMARKER-summary-november",
    "SECRETMARKER-metric",
];

#[test]
fn an_external_report_of_one_internal_program_is_refused_not_written_empty() {
    let p = Project::fixture("audiences");
    let run = p.run(&["build", "--program", "hidden"]);
    run.code(1);
    let expected = "--program hidden: the program is internal, and the external report `program-deep-dive` leaves internal programs out";
    assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    assert!(!p.exists("out/2026-11"), "nothing is written");
    // An internal report of it is built.
    p.run(&["build", "--program", "hidden", "--report", "leadership"]).success();
    assert_pdf_has(&pdf_text(&p.read("out/2026-11/leadership-hidden.pdf")), "SECRETMARKER-program");
}

#[test]
fn external_reports_hold_no_internal_text_anywhere() {
    let p = Project::fixture("audiences");
    p.run(&["build"]).success();
    p.run(&["build", "--program", "public"]).success();
    let internal = p.read("out/2026-11/leadership.pdf");
    // The markers are findable where they belong, by every route the test uses.
    for secret in ["SECRETMARKER-program", "SECRETMARKER-risk", "SECRETMARKER-ask", "SECRETMARKER-issue"] {
        assert!(found_in(&internal, secret).contains(&"text"), "{secret} is not in the internal brief's text");
    }
    let in_objects = found_in(&internal, "SECRETMARKER-program Hidden Investigations");
    assert!(in_objects.contains(&"objects"), "bookmarks and alt text of the internal brief: {in_objects:?}");
    assert!(bookmarks(&internal).iter().any(|b| b.contains("SECRETMARKER-program")));
    for file in ["partner.pdf", "partner-page.pdf", "program-deep-dive-public.pdf"] {
        let pdf = p.read(&format!("out/2026-11/{file}"));
        for secret in SECRETS {
            let places = found_in(&pdf, secret);
            assert!(places.is_empty(), "{file}: {secret} found in {places:?}");
        }
        let text = pdf_text(&pdf);
        assert_pdf_has(&text, "Public Notice Handling");
        assert_pdf_has(&text, "RESTRICTED - PARTNERS");
        assert_every_page_has(&pdf, "RESTRICTED - PARTNERS");
        assert!(bookmarks(&pdf).iter().all(|b| !b.contains("SECRET")), "{file}");
    }
    // What the partner may see is there; what is for the people who keep
    // the data (data-quality notes, repository paths) is not.
    let partner = pdf_text(&p.read("out/2026-11/partner.pdf"));
    for absent in ["Data-quality notes", "Source files", "programs/"] {
        assert!(!partner.contains(absent), "the partner brief shows {absent:?}");
    }
    let leadership = pdf_text(&internal);
    assert_pdf_has(&leadership, "Data-quality notes");
    // Source files are for drafts, where the data is being checked.
    assert!(!leadership.contains("Source files"), "a final brief lists its source files");
    for needle in ["Notice volume outgrows review capacity", "Intake outage on 3 November"] {
        assert_pdf_has(&partner, needle);
    }
    // A decision for leadership is internal by its nature: the partner brief
    // has none, and no "Asks of leadership"; the leadership brief has it.
    assert!(!squash(&partner).contains(&squash("Approve the appeals vendor change by 12 Dec")));
    assert!(!partner.contains("Asks of leadership"), "the partner brief asks leadership");
    assert_pdf_has(&leadership, "Approve the appeals vendor change by 12 Dec");
}

#[test]
fn a_green_program_that_is_red_inside_is_flagged_where_readers_look() {
    let p = Project::fixture("minimal");
    p.write(
        "programs/beta.yaml",
        "name: Beta Program\nowner: Bo Owner\nstatus: green\n\
         milestones:\n  - {id: m1, name: Regulator filing, due: 2026-11-20, critical: true}\n\
         risks:\n  - {id: r1, title: Fines for late filing, likelihood: 4, impact: 5, owner: Bo, mitigation: File}\n\
         updates:\n  2026-10: {summary: Started.}\n  2026-11: {summary: Going well.}\n",
    );
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\norganization: Test Org\nreports:\n  monthly-brief: {template: monthly-brief}\n  \
         one-pager: {template: one-pager}\n",
    );
    p.run(&["build"]).success();
    let monthly = page_texts(&p.read("out/2026-11/monthly-brief.pdf"));
    let flag = "Green, but check: critical milestone “Regulator filing” is overdue (due 20 Nov 2026); \
                critical risk “Fines for late filing” scores 20.";
    // On the program's page, and among the programs needing attention on page 2.
    assert!(monthly.iter().any(|page| squash(page).contains(&squash(flag))), "no flag on the program page");
    let flagged = squash("Green, but check: critical milestone");
    assert!(squash(&monthly[1]).contains(&flagged), "{}", monthly[1]);
    let one_pager = squash(&pdf_text(&p.read("out/2026-11/one-pager.pdf")));
    assert!(one_pager.contains(&flagged), "{one_pager}");
    // The sample has no such program, and shows no flag.
    let sample = Project::sample();
    sample.run(&["build", "--report", "monthly-brief"]).success();
    assert!(!pdf_text(&sample.read("out/2026-11/monthly-brief.pdf")).contains("Green, but"));
}

// ------------------------------------------------------------ draft and strict

/// The minimal fixture with a program that has no summary, KPIs or milestones.
fn with_gaps() -> Project {
    let p = Project::fixture("minimal");
    p.write("programs/gamma.yaml", "name: Gamma Program\nowner: Gil Owner\nstatus: green\nupdates:\n  2026-11: {}\n");
    p
}

#[test]
fn draft_marks_every_page_and_missing_content_in_place() {
    let p = with_gaps();
    p.run(&["build", "--draft"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let pages = page_texts(&pdf);
    let drafts = pages.iter().filter(|t| squash(t).contains("DRAFT")).count();
    assert_eq!(drafts, pages.len(), "DRAFT is not on every page");
    let text = pdf_text(&pdf);
    for needle in ["MISSING: summary", "MISSING: KPIs", "MISSING: milestones", "MISSING: highlights"] {
        assert_pdf_has(&text, needle);
    }
    p.run(&["build", "--draft", "--program", "gamma"]).success();
    let deep = p.read("out/2026-11/program-deep-dive-gamma.pdf");
    assert_eq!(page_texts(&deep).iter().filter(|t| squash(t).contains("DRAFT")).count(), pdf_info(&deep).pages);
    assert_pdf_has(&pdf_text(&deep), "MISSING: objective");
    // A final build shows neither.
    p.run(&["build"]).success();
    let text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert!(!text.contains("DRAFT") && !text.contains("MISSING"), "{text}");
}

#[test]
fn strict_refuses_while_brief_check_warns_even_for_programs_the_report_leaves_out() {
    let p = Project::fixture("minimal");
    // An overdue critical milestone on a green program: brief check warns.
    p.write(
        "programs/late.yaml",
        "name: Late but green\nowner: Lee\nstatus: green\nmilestones:\n  - id: m1\n    name: Core launch\n    due: 2026-11-10\n    critical: true\nupdates:\n  2026-11: {}\n",
    );
    p.write(
        "brief.yaml",
        "title: Fixture\nreports:\n  alpha-only:\n    template: one-pager\n    title: Alpha\n    select: {programs: [alpha]}\n",
    );
    p.run(&["check", "--strict"]).code(3);
    let run = p.run(&["build", "--strict"]);
    run.code(3);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    assert!(!p.exists("out/2026-11/alpha-only.pdf"), "--strict wrote a file");
    p.run(&["build"]).success();
    assert!(p.exists("out/2026-11/alpha-only.pdf"));
}

// ------------------------------------------------------------ PDF standards

#[test]
fn pdf_a_2b_and_ua_1_are_declared_for_every_template() {
    let p = Project::fixture("minimal");
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\norganization: Test Org\nreports:\n  monthly-brief:\n    title: Monthly Leadership Brief\n    classification: Confidential - Internal\n  one-pager:\n    template: one-pager\n    title: Portfolio on a Page\n",
    );
    p.run(&["build", "--pdf-standard", "a-2b", "--out", "a2b"]).success();
    p.run(&["build", "--pdf-standard", "ua-1", "--out", "ua1"]).success();
    p.run(&["build", "--pdf-standard", "ua-1", "--program", "alpha", "--out", "ua1"]).success();
    p.run(&["build", "--pdf-standard", "a-2b", "--program", "alpha", "--out", "a2b"]).success();
    for file in ["monthly-brief.pdf", "one-pager.pdf", "program-deep-dive-alpha.pdf"] {
        let a = xmp(&p.read(&format!("a2b/2026-11/{file}")));
        assert!(a.contains("pdfaid:part>2<") || a.contains("pdfaid:part=\"2\""), "{file}: {a}");
        assert!(a.contains("pdfaid:conformance>B<") || a.contains("pdfaid:conformance=\"B\""), "{file}: {a}");
        let ua = p.read(&format!("ua1/2026-11/{file}"));
        let x = xmp(&ua);
        assert!(x.contains("pdfuaid:part>1<") || x.contains("pdfuaid:part=\"1\""), "{file}: {x}");
        assert!(pdf_info(&ua).title.is_some_and(|t| !t.is_empty()), "{file}: PDF/UA needs a title");
    }
}

// ------------------------------------------------------------ custom templates

#[test]
fn a_project_template_overrides_the_built_in_and_a_new_one_can_be_named() {
    let p = Project::fixture("minimal");
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\nreports:\n  monthly-brief:\n    title: Monthly Leadership Brief\n  board-memo:\n    template: board-memo\n    title: Board Memo\n    classification: Board only\n",
    );
    // Overriding the built-in monthly brief, reusing the shared components.
    p.write(
        "report-templates/monthly-brief/main.typ",
        "#import \"/common/brief.typ\": *\n#show: page-setup\n= Overridden brief\n#for p in data.programs [- #p.name: #style-of(p.status).label\n]\n",
    );
    // A new template of the project's own.
    p.write(
        "report-templates/board-memo/main.typ",
        "#let data = json(\"/data.json\")\n#set document(title: data.report.title)\n#set text(font: \"Inter\")\n= Board memo for #data.period_label\n#data.report.classification: #data.totals.red red, #data.totals.amber amber.\n",
    );
    p.run(&["build"]).success();
    let brief = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&brief, "Overridden brief");
    assert_pdf_has(&brief, "Alpha Program: Amber");
    assert!(!brief.contains("Executive summary"), "the built-in template was used");
    let memo = pdf_text(&p.read("out/2026-11/board-memo.pdf"));
    assert_pdf_has(&memo, "Board memo for November 2026");
    assert_pdf_has(&memo, "Board only: 0 red, 1 amber.");
    // The other built-ins are still there.
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\nreports:\n  page:\n    template: one-pager\n    title: On a page\n",
    );
    p.run(&["build"]).success();
    assert_pdf_has(&pdf_text(&p.read("out/2026-11/page.pdf")), "On a page");
}

#[test]
fn the_page_settings_as_values_give_what_page_setup_gives() {
    // The built-in templates write `page-setup` as set rules of its
    // settings (a show rule with a function hashes the whole document);
    // a custom template may do either, and both must print the same page.
    let p = Project::fixture("minimal");
    p.write(
        "brief.yaml",
        "title: Fixture Portfolio\nreports:\n  by-show:\n    template: by-show\n    title: Memo\n    classification: Internal\n  by-set:\n    template: by-set\n    title: Memo\n    classification: Internal\n",
    );
    let body = "= Programs\n#for p in data.programs [- #p.name: #style-of(p.status).label\n]\n";
    p.write(
        "report-templates/by-show/main.typ",
        &format!("#import \"/common/brief.typ\": *\n#show: page-setup.with(keywords: (\"memo\",))\n{body}"),
    );
    p.write(
        "report-templates/by-set/main.typ",
        &format!(
            "#import \"/common/brief.typ\": *\n#set document(..document-settings(keywords: (\"memo\",)))\n#set page(..page-settings)\n#set text(..text-settings)\n#set par(..par-settings)\n#set list(..list-settings)\n{body}"
        ),
    );
    p.run(&["build", "--draft"]).success();
    let (show, set) = (p.read("out/2026-11/by-show.pdf"), p.read("out/2026-11/by-set.pdf"));
    let text = pdf_text(&show);
    for expected in ["INTERNAL", "Page 1 of 1", "Alpha Program: Amber", "DRAFT"] {
        assert_pdf_has(&text, expected);
    }
    assert_eq!(text, pdf_text(&set));
    let (a, b) = (pdf_info(&show), pdf_info(&set));
    assert_eq!(a.title, b.title);
    assert!(a.title.as_deref().is_some_and(|t| t.starts_with("Memo")), "{:?}", a.title);
    assert_eq!(a.keywords, b.keywords);
    assert_eq!(a.pages, b.pages);
}

// ------------------------------------------------------------ the bundle and stock typst

/// A typst World that reads a folder exactly as
/// `typst compile --root DIR --font-path DIR/fonts DIR/main.typ` does,
/// without system fonts: only files under DIR, fonts from DIR/fonts
/// (recursively) and typst's embedded fonts.
mod stock {
    use std::path::{Path, PathBuf};

    use typst::diag::{FileError, FileResult};
    use typst::foundations::{Bytes, Datetime, Duration};
    use typst::layout::{Frame, FrameItem, Point, Transform};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt, World};
    use typst_kit::files::{FileLoader, FileStore, FsRoot};
    use typst_kit::fonts::FontStore;

    struct DirFiles(FsRoot);

    impl FileLoader for DirFiles {
        fn load(&self, id: FileId) -> FileResult<Bytes> {
            match id.root() {
                VirtualRoot::Project => self.0.load(id.vpath()),
                VirtualRoot::Package(_) => Err(FileError::Other(Some("no packages in this test".into()))),
            }
        }
    }

    pub(super) struct DirWorld {
        library: LazyHash<Library>,
        fonts: FontStore,
        files: FileStore<DirFiles>,
        main: FileId,
    }

    impl DirWorld {
        pub(super) fn new(dir: &Path) -> Self {
            let mut fonts = FontStore::new();
            for entry in walkdir::WalkDir::new(dir.join("fonts")).sort_by_file_name() {
                let entry = entry.unwrap();
                let ext = entry.path().extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                if entry.file_type().is_file() && matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                    for font in Font::iter(Bytes::new(std::fs::read(entry.path()).unwrap())) {
                        let info = font.info().clone();
                        fonts.push((font, info));
                    }
                }
            }
            fonts.extend(typst_kit::fonts::embedded());
            DirWorld {
                library: LazyHash::new(Library::builder().build()),
                fonts,
                files: FileStore::new(DirFiles(FsRoot::new(PathBuf::from(dir)))),
                main: RootedPath::new(VirtualRoot::Project, VirtualPath::new("main.typ").unwrap()).intern(),
            }
        }
    }

    impl World for DirWorld {
        fn library(&self) -> &LazyHash<Library> {
            &self.library
        }
        fn book(&self) -> &LazyHash<FontBook> {
            self.fonts.book()
        }
        fn main(&self) -> FileId {
            self.main
        }
        fn source(&self, id: FileId) -> FileResult<Source> {
            self.files.source(id)
        }
        fn file(&self, id: FileId) -> FileResult<Bytes> {
            self.files.file(id)
        }
        fn font(&self, index: usize) -> Option<Font> {
            self.fonts.font(index)
        }
        fn today(&self, _: Option<Duration>) -> Option<Datetime> {
            Datetime::from_ymd(2030, 1, 1)
        }
    }

    fn document(dir: &Path) -> Result<typst_layout::PagedDocument, String> {
        let world = DirWorld::new(dir);
        typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .map_err(|errors| errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("\n"))
    }

    /// Compiles DIR/main.typ to PDF bytes, or typst's error messages.
    pub(super) fn compile(dir: &Path) -> Result<Vec<u8>, String> {
        typst_pdf::pdf(&document(dir)?, &typst_pdf::PdfOptions::default())
            .map_err(|errors| errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("\n"))
    }

    /// A run of text or an image where it lands on its page, in points.
    struct Placed {
        x0: f64,
        x1: f64,
        top: f64,
        bottom: f64,
        what: String,
    }

    fn walk(frame: &Frame, ts: Transform, out: &mut Vec<Placed>) {
        for (pos, item) in frame.items() {
            let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(g) => walk(&g.frame, ts.pre_concat(g.transform), out),
                FrameItem::Text(t) => {
                    let start = Point::zero().transform(ts);
                    let end = Point::with_x(t.width()).transform(ts);
                    let size = t.size.to_pt();
                    out.push(Placed {
                        x0: start.x.to_pt().min(end.x.to_pt()),
                        x1: start.x.to_pt().max(end.x.to_pt()),
                        top: start.y.to_pt() - 0.72 * size,
                        bottom: start.y.to_pt() + 0.2 * size,
                        what: t.text.to_string(),
                    });
                }
                FrameItem::Image(_, size, _) => {
                    let a = Point::zero().transform(ts);
                    let b = Point::new(size.x, size.y).transform(ts);
                    out.push(Placed {
                        x0: a.x.to_pt(),
                        x1: b.x.to_pt(),
                        top: a.y.to_pt(),
                        bottom: b.y.to_pt(),
                        what: "an image".into(),
                    });
                }
                _ => {}
            }
        }
    }

    /// Text or images outside the page's text area (13 mm from each side
    /// edge), and runs of text drawn over each other: what overflowing or
    /// colliding content looks like in the laid-out pages.
    pub(super) fn layout_problems(dir: &Path) -> Result<Vec<String>, String> {
        let margin = 13.0 * 72.0 / 25.4;
        let mut problems = Vec::new();
        for (n, page) in document(dir)?.pages().iter().enumerate() {
            let (width, height) = (page.frame.width().to_pt(), page.frame.height().to_pt());
            let mut placed = Vec::new();
            walk(&page.frame, Transform::identity(), &mut placed);
            for p in &placed {
                if p.x0 < margin - 0.5 || p.x1 > width - margin + 0.5 || p.top < 0.0 || p.bottom > height {
                    problems.push(format!(
                        "page {}: {:?} at x {:.1}..{:.1}, y {:.1}..{:.1}",
                        n + 1,
                        p.what,
                        p.x0,
                        p.x1,
                        p.top,
                        p.bottom
                    ));
                }
            }
            let texts: Vec<&Placed> = placed.iter().filter(|p| p.what != "an image").collect();
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    let across = a.x1.min(b.x1) - a.x0.max(b.x0);
                    let down = a.bottom.min(b.bottom) - a.top.max(b.top);
                    if across > 1.0 && down > 1.5 {
                        problems.push(format!("page {}: {:?} overlaps {:?}", n + 1, a.what, b.what));
                    }
                }
            }
        }
        problems.truncate(20);
        Ok(problems)
    }
}

#[test]
fn the_bundle_compiles_with_stock_typst_to_the_same_document() {
    let p = Project::sample();
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/fonts/NotoSansCJKjp-Subset.otf"),
        p.path().join("fonts/NotoSansCJKjp-Subset.otf"),
    )
    .unwrap();
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: fonts\n{yaml}"));
    p.write(
        "programs/data-protection-requests.yaml",
        &String::from_utf8(p.read("programs/data-protection-requests.yaml")).unwrap().replacen(
            "owner: ",
            "owner: 田中愛子 ",
            1,
        ),
    );
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    p.run(&["build", "--program", "eu-dsa-compliance", "--emit-bundle", "deep"]).success();
    for (dir, pdf) in [
        ("bundle/monthly-brief", "out/2026-11/monthly-brief.pdf"),
        ("bundle/one-pager", "out/2026-11/one-pager.pdf"),
        ("bundle/partner-brief", "out/2026-11/partner-brief.pdf"),
        ("deep", "out/2026-11/program-deep-dive-eu-dsa-compliance.pdf"),
    ] {
        let dir = p.path().join(dir);
        for part in [
            "main.typ",
            "data.json",
            "common/brief.typ",
            "fonts/Inter-Regular.otf",
            "fonts/OFL.txt",
            "fonts/extra/NotoSansCJKjp-Subset.otf",
        ] {
            assert!(dir.join(part).is_file(), "{} has no {part}", dir.display());
        }
        let stock = stock::compile(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let ours = p.read(pdf);
        assert_eq!(pdf_info(&stock).pages, pdf_info(&ours).pages, "{pdf}");
        assert_eq!(pdf_text(&stock), pdf_text(&ours), "{pdf}: stock typst sets different text");
    }
    assert_pdf_has(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")), "田中愛子");
}

// ------------------------------------------------------------ scripts and fonts

#[test]
fn text_without_a_font_warns_naming_program_and_field_and_renders_with_one() {
    let p = Project::fixture("minimal");
    p.write(
        "programs/tokyo.yaml",
        "name: 東京 Trust Program\nowner: 田中愛子\nsponsor: 김민준\nstatus: green\nstatus_reason: Vendor 王伟 left, replaced\nupdates:\n  2026-11: {}\n",
    );
    // Without the machine's fonts (which may well cover these scripts).
    let run = p.run(&["build", "--no-system-fonts"]);
    run.success();
    for needle in [
        "no font can draw",
        "field owner of program `tokyo`",
        "field name of program `tokyo`",
        "field sponsor of program `tokyo`",
        "fonts: <folder>",
    ] {
        assert!(run.stderr.contains(needle), "no {needle:?} in:\n{}", run.stderr);
    }
    p.run(&["build", "--strict", "--no-system-fonts"]).code(3);
    // With a folder of fonts that cover the script, it renders and nothing warns.
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    for f in ["NotoSansCJKjp-Subset.otf", "OFL.txt"] {
        std::fs::copy(repo().join("tests/fixtures/fonts").join(f), p.path().join("fonts").join(f)).unwrap();
    }
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: fonts\n{yaml}"));
    let run = p.run(&["build", "--strict", "--no-system-fonts"]);
    run.success();
    assert!(!run.stderr.contains("no font can draw"), "{}", run.stderr);
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let text = pdf_text(&pdf);
    for needle in ["東京 Trust Program", "田中愛子", "김민준", "Vendor 王伟 left, replaced"] {
        assert_pdf_has(&text, needle);
    }
    assert!(pdf_everything(&pdf).contains("NotoSansCJK"), "the CJK font is not embedded");
}

// ------------------------------------------------------------ too long, too many, punctuation

#[test]
fn long_narratives_and_punctuation_lay_out_without_overflow_or_loss() {
    let p = generated(6, Gen { long: true, punctuation: true, ..Gen::default() });
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    p.run(&["build", "--program", "p000", "--emit-bundle", "bundle/deep"]).success();
    for bundle in ["bundle/monthly-brief", "bundle/one-pager", "bundle/deep"] {
        assert_lays_out_cleanly(&p, bundle);
    }
    for file in ["monthly-brief.pdf", "one-pager.pdf", "program-deep-dive-p000.pdf"] {
        let pdf = p.read(&format!("out/2026-11/{file}"));
        assert_every_page_has(&pdf, "CONFIDENTIAL - INTERNAL");
        assert_page_numbers(&pdf);
    }
    // The program pages and the deep dive print every word of the narratives.
    let brief = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    let deep = pdf_text(&p.read("out/2026-11/program-deep-dive-p000.pdf"));
    let summary = narrative(50, 4000);
    assert!(summary.len() >= 4000 && tags(&summary).len() > 30, "{summary}");
    for tag in tags(&summary) {
        for (name, text) in [("brief", &brief), ("deep dive", &deep)] {
            assert!(squash(text).contains(tag.as_str()), "the {name} lost the sentence {tag}");
        }
    }
    assert_pdf_has(&brief, &format!("Program 000 fraud {PUNCTUATION}"));
    assert_pdf_has(&brief, "O'Brien-Smith, J. (acting) <jo@example.com>");
    // The executive summary stays one page however long the texts.
    let pages = page_texts(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&pages[1], "Executive summary");
    assert!(next_section_starts(&pages[2]), "the executive summary spilled:\n{}", pages[2]);
}

/// Whether a page starts a section after the executive summary: the
/// portfolio at a glance, or the programs table.
fn next_section_starts(page: &str) -> bool {
    let page = squash(page);
    page.contains("Portfolioataglance") || page.contains("Nextmilestone")
}

#[test]
fn two_hundred_and_fifty_programs_build_without_overflow() {
    let p = generated(250, Gen { punctuation: true, ..Gen::default() });
    p.run(&["build", "--report", "monthly-brief", "--emit-bundle", "bundle"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let pages = page_texts(&pdf);
    assert!(pages.len() > 100, "{} pages", pages.len());
    assert!(next_section_starts(&pages[2]), "the executive summary spilled:\n{}", pages[2]);
    assert_lays_out_cleanly(&p, "bundle");
    let marks = bookmarks(&pdf);
    assert_eq!(marks.iter().filter(|m| m.starts_with("  Program ")).count(), 250);
    assert_page_numbers(&pdf);
}

#[test]
fn the_layout_check_catches_overflow_and_collisions() {
    let p = Project::fixture("minimal");
    p.write("brief.yaml", "reports:\n  wide:\n    template: wide\n    title: Wide\n");
    p.write(
        "report-templates/wide/main.typ",
        "#set page(paper: \"a4\", flipped: true, margin: 14mm)\n#set text(font: \"Inter\")\n#block(width: 125%, lorem(80))\n",
    );
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    let problems = stock::layout_problems(&p.path().join("bundle")).unwrap();
    assert!(problems.iter().any(|p| p.contains("at x")), "overflowing text went unnoticed: {problems:?}");
    p.write(
        "report-templates/wide/main.typ",
        "#set page(paper: \"a4\", flipped: true, margin: 14mm)\n#set text(font: \"Inter\")\n#grid(columns: (1fr, 1fr), [#box(width: 190%, lorem(40))], [#lorem(8)])\n",
    );
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    let problems = stock::layout_problems(&p.path().join("bundle")).unwrap();
    assert!(problems.iter().any(|p| p.contains("overlaps")), "colliding text went unnoticed: {problems:?}");
}

/// The real typst CLI compiles an emitted bundle to the same document: the
/// promise of `--emit-bundle` for people who use stock typst or tinymist.
#[test]
#[ignore = "needs the typst CLI 0.15.1; .ci/run installs it and sets TYPST_BIN"]
fn stock_typst_cli_compiles_the_bundle_to_the_same_document() {
    let typst = std::env::var("TYPST_BIN").unwrap_or_else(|_| "typst".into());
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief", "--emit-bundle", "bundle"]).success();
    let dir = p.path().join("bundle");
    let out = p.path().join("stock.pdf");
    let run = std::process::Command::new(&typst)
        .arg("compile")
        .arg("--root")
        .arg(&dir)
        .arg("--font-path")
        .arg(dir.join("fonts"))
        .arg("--ignore-system-fonts")
        .arg(dir.join("main.typ"))
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {typst}: {e}"));
    assert!(run.status.success(), "typst failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let (stock, ours) = (std::fs::read(&out).unwrap(), p.read("out/2026-11/monthly-brief.pdf"));
    assert_eq!(pdf_info(&stock).pages, pdf_info(&ours).pages);
    assert_eq!(pdf_text(&stock), pdf_text(&ours), "stock typst sets different text");
}

#[test]
fn a_program_longer_than_a_page_is_named_on_the_pages_it_continues_on() {
    let p = generated(6, Gen { long: true, ..Gen::default() });
    p.run(&["build", "--report", "monthly-brief"]).success();
    let pages = page_texts(&p.read("out/2026-11/monthly-brief.pdf"));
    let continued: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].contains("(continued)")).collect();
    assert!(!continued.is_empty(), "no program ran over a page, so this test proves nothing");
    for &i in &continued {
        let line = pages[i].lines().find(|l| l.contains("(continued)")).unwrap();
        let name = line.split("(continued)").next().unwrap().trim().trim_end_matches('…');
        assert!(name.starts_with("Program "), "page {}: {line:?}", i + 1);
        // The program started on an earlier page.
        assert!(pages[..i].iter().any(|page| page.contains(name)), "page {}: {name} did not start earlier", i + 1);
    }
    // The pages that start a program, and the summary pages, say nothing of the kind.
    assert!(!pages[1].contains("(continued)") && !pages[2].contains("(continued)"));
}

#[test]
fn every_green_program_says_why_and_a_doubtful_green_says_so() {
    let p = Project::sample();
    p.run(&["build", "--report", "monthly-brief", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let why = |id: &str| {
        let p = data["programs"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap();
        p["why"].as_str().unwrap_or_else(|| panic!("{id} has no why")).to_string()
    };
    assert_eq!(why("counterfeit-enforcement"), "2 of 3 KPIs on target; milestones on plan");
    // A green program with a milestone forecast late says so.
    assert_eq!(why("prohibited-items-enforcement"), "All 3 KPIs on target; but 1 milestone forecast late");
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
    assert!(text.contains(&squash("All 3 KPIs on target; but 1 milestone forecast late")));
    assert!(!text.contains(&squash("On track On track")), "greens all read the same");
}

#[test]
fn one_set_of_trend_marks_with_one_meaning() {
    let p = Project::sample();
    p.run(&["build"]).success();
    for file in ["monthly-brief.pdf", "one-pager.pdf", "partner-brief.pdf"] {
        let text = pdf_text(&p.read(&format!("out/2026-11/{file}")));
        for old in ["↑", "↓", "→ same", "→ steady", "rising", "falling"] {
            assert!(!text.contains(old), "{file} still prints {old:?}");
        }
        let squashed = squash(&text);
        assert!(
            squashed.contains(&squash("▲ better")) || squashed.contains(&squash("◆ steady")),
            "{file} has no trend mark"
        );
    }
    // The definitions say what the marks mean, once for every kind of trend.
    let brief = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&brief, "▲ better, ▼ worse or ◆ steady against the previous period");
}

#[test]
fn the_partner_brief_is_its_own_document_framed_for_partners() {
    let p = Project::sample();
    p.run(&["build", "--report", "partner-brief"]).success();
    let text = pdf_text(&p.read("out/2026-11/partner-brief.pdf"));
    // Section titles print in capitals: compare in lower case.
    let squashed = squash(&text).to_lowercase();
    let squash = |s: &str| squash(s).to_lowercase();
    // Purpose and audience, performance against obligations and deadlines,
    // what we are doing and by when, what we need from partners, a contact.
    let order: Vec<usize> = [
        "About this brief",
        "Purpose and audience. For the brand owners, payment partners",
        "Where each program stands",
        "Performance against deadlines",
        "Performance against obligations",
        "What we are doing and by when",
        "What we need from partners",
        "Questions about this brief: Partner Programs Office <partner-programs@example.com>.",
        "Definitions",
    ]
    .iter()
    .map(|h| squashed.find(&squash(h)).unwrap_or_else(|| panic!("the partner brief has no {h:?}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "out of order: {order:?}");
    // Nothing put to the organisation's own leadership, no money at stake,
    // no definition that speaks of leadership decisions.
    for absent in [
        "Asks of leadership",
        "Budget",
        "USD 1.2m",
        "USD 23.9m",
        "leadership decision",
        "Legal to approve a data-sharing agreement with Dubai Customs",
    ] {
        assert!(!squashed.contains(&squash(absent)), "the partner brief shows {absent:?}");
    }
    for kind in ["DECISION", "RECOMMENDATION"] {
        assert!(!text.contains(kind), "the partner brief puts a {kind} to leadership");
    }
    // The headline says what changed, and asks nothing of leadership.
    assert_pdf_has(&text, "EU Digital Services Act compliance turned red.");
}

#[test]
fn a_project_names_its_own_rating_scale_in_the_definitions() {
    let p = Project::fixture("minimal");
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write(
        "brief.yaml",
        &format!(
            "{yaml}definitions:\n  amber: \"Forecast to miss a tolerance by up to 10%; the DCA scale's amber/red.\"\n  risk score: \"Impact (1-4) x probability (1-4) on the group's risk matrix.\"\n  DCA: Delivery confidence assessment, the rating scale of this portfolio.\n"
        ),
    );
    p.run(&["build"]).success();
    let text = squash(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")));
    for own in [
        "Forecast to miss a tolerance by up to 10%; the DCA scale's amber/red.",
        "Impact (1-4) x probability (1-4) on the group's risk matrix.",
        "DCA Delivery confidence assessment, the rating scale of this portfolio.",
    ] {
        assert!(text.contains(&squash(own)), "the definitions lack {own:?}");
    }
    // Replaced, not added beside: the built-in meaning of amber is gone.
    assert!(!text.contains(&squash("At risk; the program can recover with actions within its own authority")));
    // A definition that is not text is an error at its place.
    p.write("brief.yaml", &format!("{yaml}definitions: [amber, red]\n"));
    let run = p.run(&["check"]);
    run.code(1);
    assert!(
        run.stderr.contains("brief.yaml:") && run.stderr.contains("definitions must map a term to its meaning"),
        "{}",
        run.stderr
    );
}
