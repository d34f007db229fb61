//! Audience safety, as a property: for random portfolios in which internal
//! programs and internal items carry unique marker words, an external
//! report never contains a marker — not in the PDF's text, not anywhere in
//! its decompressed bytes, not in the data its template receives, not in
//! `brief changes` for it — while the internal report does show them.
//!
//! Cases come from a fixed seed (a small xorshift generator, so the cases
//! are the same on every machine); each builds two reports, so the count
//! is modest.

use std::collections::BTreeSet;

use crate::harness::*;

const CASES: u64 = 24;
const SEED: u64 = 0x5EED_B41E_F00D;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A word no other generated word contains: a prefix and ten letters.
    fn word(&mut self, prefix: &str) -> String {
        let letters: String = (0..10).map(|_| (b'a' + self.below(26) as u8) as char).collect();
        format!("{prefix}{letters}")
    }
}

/// A generated portfolio: its files, the markers that occur only in
/// internal programs and items, and the names that must show internally.
struct Portfolio {
    files: Vec<(String, String)>,
    secret: BTreeSet<String>,
    /// Names of internal programs: the internal brief prints every one.
    internal_names: Vec<String>,
    /// Words of public content, to show the external brief is not empty.
    public_names: Vec<String>,
}

/// Text for a field: a few words, marked secret when `internal`.
fn text(rng: &mut Rng, internal: bool, secret: &mut BTreeSet<String>) -> String {
    let w = if internal { rng.word("zs") } else { rng.word("pb") };
    if internal {
        secret.insert(w.clone());
    }
    format!("Text {w} here")
}

/// An item list (risks, issues or asks) of one layer; `internal` items
/// carry secret words. Returns YAML lines.
fn items(rng: &mut Rng, kind: &str, ids: &[String], program_internal: bool, secret: &mut BTreeSet<String>) -> String {
    let mut out = format!("{kind}:\n");
    for id in ids {
        let internal = program_internal || rng.chance(40);
        let mut t = |rng: &mut Rng| text(rng, internal, secret);
        out.push_str(&format!("  - id: {id}\n    title: {}\n    owner: {}\n", t(rng), t(rng)));
        match kind {
            "risks" => out.push_str(&format!(
                "    likelihood: {}\n    impact: {}\n    mitigation: {}\n",
                1 + rng.below(5),
                1 + rng.below(5),
                t(rng)
            )),
            "issues" => out.push_str(&format!("    severity: high\n    resolution: {}\n", t(rng))),
            _ => out.push_str(&format!("    kind: decision\n    by: 2026-12-{:02}\n", 1 + rng.below(28))),
        }
        if internal && !program_internal {
            out.push_str("    internal: true\n");
        }
    }
    out
}

fn generate(rng: &mut Rng) -> Portfolio {
    let mut p =
        Portfolio { files: Vec::new(), secret: BTreeSet::new(), internal_names: Vec::new(), public_names: Vec::new() };
    let programs = 2 + rng.below(4);
    for i in 0..programs {
        let internal = rng.chance(35);
        // An internal program's id is secret too: it names its folder.
        let id = if internal { rng.word("zs") } else { format!("p{i}") };
        let name = if internal { rng.word("zs") } else { rng.word("pb") };
        if internal {
            p.secret.insert(id.clone());
            p.secret.insert(name.clone());
            p.internal_names.push(name.clone());
        } else {
            p.public_names.push(name.clone());
        }
        let s = &mut p.secret;
        let mut base = format!(
            "name: Program {name}\nowner: {}\nobjective: {}\nregions: [EU]\ntags: [t{}]\n",
            text(rng, internal, s),
            text(rng, internal, s),
            rng.below(3)
        );
        if internal {
            base.push_str("visibility: internal\n");
        }
        base.push_str(&format!(
            "milestones:\n  - id: m1\n    name: {}\n    due: 2026-12-15\n    critical: true\n",
            text(rng, internal, s)
        ));
        base.push_str(&format!(
            "metrics:\n  - id: k1\n    name: {}\n    unit: '%'\n    target: 90\n    values: {{2026-10: {}}}\n",
            text(rng, internal, s),
            50 + rng.below(50)
        ));
        let risk_ids: Vec<String> = (0..rng.below(4)).map(|j| format!("r{j}")).collect();
        base.push_str(&items(rng, "risks", &risk_ids, internal, s));
        p.files.push((format!("programs/{id}/program.yaml"), base));

        let status = ["green", "amber", "red"][rng.below(3) as usize];
        let mut oct = format!("status: green\nsummary: {}\n", text(rng, internal, &mut p.secret));
        // A public risk in October that turns internal, with a new title, in November.
        let turncoat = !internal && rng.chance(50);
        if turncoat {
            oct.push_str(&format!(
                "risks:\n  - id: rt\n    title: {}\n    likelihood: 3\n    impact: 3\n",
                rng.word("pb")
            ));
        }
        p.files.push((format!("programs/{id}/2026-10.yaml"), oct));

        let s = &mut p.secret;
        let mut nov = format!("status: {status}\nsummary: {}\n", text(rng, internal, s));
        if status != "green" {
            nov.push_str(&format!("status_reason: {}\n", text(rng, internal, s)));
        }
        nov.push_str(&format!("highlights: [{}]\n", text(rng, internal, s)));
        nov.push_str(&format!("metrics:\n  - id: k1\n    values: {{2026-11: {}}}\n", 50 + rng.below(50)));
        let issue_ids: Vec<String> = (0..rng.below(3)).map(|j| format!("i{j}")).collect();
        let ask_ids: Vec<String> = (0..rng.below(3)).map(|j| format!("a{j}")).collect();
        nov.push_str(&items(rng, "issues", &issue_ids, internal, s));
        nov.push_str(&items(rng, "asks", &ask_ids, internal, s));
        if turncoat {
            let w = rng.word("zs");
            s.insert(w.clone());
            nov.push_str(&format!(
                "risks:\n  - id: rt\n    internal: true\n    title: Now {w}\n    mitigation: {}\n",
                text(rng, true, s)
            ));
        }
        p.files.push((format!("programs/{id}/2026-11.yaml"), nov));
    }
    p
}

const BRIEF_YAML: &str = "title: Random Portfolio\norganization: Test Org\nreports:\n  \
    internal-brief:\n    template: monthly-brief\n    audience: internal\n  \
    external-brief:\n    template: monthly-brief\n    audience: external\n    classification: Public\n";

/// The markers found in `haystack`.
fn found<'a>(secret: &'a BTreeSet<String>, haystack: &str) -> Vec<&'a String> {
    secret.iter().filter(|m| haystack.contains(m.as_str())).collect()
}

#[test]
fn an_external_report_never_holds_a_word_found_only_in_internal_content() {
    let mut rng = Rng(SEED);
    let mut shown_internally = 0;
    for case in 0..CASES {
        let portfolio = generate(&mut rng);
        let p = Project::empty();
        p.write("brief.yaml", BRIEF_YAML);
        for (path, text) in &portfolio.files {
            p.write(path, text);
        }
        let context = || {
            let files: Vec<String> = portfolio.files.iter().map(|(f, t)| format!("--- {f}\n{t}")).collect();
            format!("case {case}:\n{}", files.join(""))
        };
        let build = p.run(&["build", "--period", "2026-11"]);
        assert_eq!(build.code, 0, "{}\n{}", context(), build.stderr);
        let external = p.read("out/2026-11/external-brief.pdf");
        let internal = p.read("out/2026-11/internal-brief.pdf");

        let ext_text = squash(&pdf_text(&external)).replace('-', "");
        let leaks = found(&portfolio.secret, &ext_text);
        assert!(leaks.is_empty(), "external PDF text holds {leaks:?}\n{}", context());
        let leaks = found(&portfolio.secret, &pdf_everything(&external));
        assert!(leaks.is_empty(), "external PDF bytes hold {leaks:?}\n{}", context());

        // The data the template receives, and `brief changes` for the report.
        p.run(&["build", "--period", "2026-11", "--report", "external-brief", "--emit-bundle", "bundle"]).success();
        let data = String::from_utf8(p.read("bundle/data.json")).unwrap();
        let leaks = found(&portfolio.secret, &data);
        assert!(leaks.is_empty(), "external data.json holds {leaks:?}\n{}", context());
        for format in ["text", "json"] {
            let changes = p.run(&["changes", "--report", "external-brief", "--format", format]);
            assert_eq!(changes.code, 0, "{}", changes.stderr);
            let leaks = found(&portfolio.secret, &format!("{}{}", changes.stdout, changes.stderr));
            assert!(leaks.is_empty(), "brief changes ({format}) holds {leaks:?}\n{}", context());
        }

        // The same content does reach the internal brief, so the markers are real.
        let int_text = squash(&pdf_text(&internal)).replace('-', "");
        for name in &portfolio.internal_names {
            assert!(int_text.contains(name.as_str()), "internal brief lacks program {name}\n{}", context());
        }
        shown_internally += found(&portfolio.secret, &int_text).len();
        // And the external brief still shows the public programs.
        for name in &portfolio.public_names {
            assert!(ext_text.contains(name.as_str()), "external brief lacks public program {name}\n{}", context());
        }
    }
    assert!(shown_internally > 100, "only {shown_internally} markers reached the internal briefs");
}

#[test]
fn an_item_that_turns_internal_takes_its_earlier_text_with_it() {
    // Public in October, internal in November: the previous-period copy the
    // template receives must not show what the current one hides, and a
    // program that was internal in October shows no October state at all.
    let p = Project::empty();
    // Every program with a page, so each carries its previous-period copy.
    p.write(
        "brief.yaml",
        &BRIEF_YAML.replace("    template: monthly-brief\n", "    template: monthly-brief\n    detail: all\n"),
    );
    p.write(
        "programs/open.yaml",
        "name: Open Program\nowner: Ana Owner\nstatus: green\n\
         risks:\n  - {id: r1, title: OLDRISKTEXT, likelihood: 2, impact: 2, mitigation: OLDMITIGATION}\n\
         issues:\n  - {id: i1, title: OLDISSUETEXT, severity: low}\n\
         asks:\n  - {id: a1, title: OLDASKTEXT, kind: fyi, by: 2026-12-01}\n\
         updates:\n  2026-10: {summary: October.}\n\
         \x20 2026-11:\n    summary: November.\n\
         \x20   risks: [{id: r1, internal: true, title: NEWRISKTEXT}]\n\
         \x20   issues: [{id: i1, internal: true}]\n\
         \x20   asks: [{id: a1, internal: true}]\n",
    );
    p.write(
        "programs/was-internal.yaml",
        "name: Later Public\nowner: Bo Owner\nstatus: green\nvisibility: internal\nsummary: OLDPROGRAMTEXT\n\
         updates:\n  2026-10: {}\n  2026-11: {visibility: external, summary: Now public.}\n",
    );
    p.run(&["check"]).success();
    p.run(&["build", "--period", "2026-11", "--attach-data", "--emit-bundle", "bundle"]).success();
    let markers = ["OLDRISKTEXT", "OLDMITIGATION", "NEWRISKTEXT", "OLDISSUETEXT", "OLDASKTEXT", "OLDPROGRAMTEXT"];
    let data = String::from_utf8(p.read("bundle/external-brief/data.json")).unwrap();
    let pdf = pdf_everything(&p.read("out/2026-11/external-brief.pdf"));
    for marker in markers {
        assert!(!data.contains(marker), "external data.json holds {marker}");
        assert!(!pdf.contains(marker), "external PDF (with its attached data) holds {marker}");
    }
    let internal = String::from_utf8(p.read("bundle/internal-brief/data.json")).unwrap();
    for marker in markers {
        assert!(internal.contains(marker), "the internal data lacks {marker}: the test proves nothing");
    }
}
