//! An in-memory entry point over the real load, merge and validate code, for
//! the fuzz targets (`fuzz/`) and the robustness tests. It reads no files:
//! program files are given as (path under `programs/`, bytes).

use crate::diag::{self, Diagnostic, Sources};
use crate::model::Portfolio;
use crate::model::report::{self, Scope};
use crate::project::{Audience, default_report};

/// What checking a set of program files found.
pub struct Checked {
    pub(crate) sources: Sources,
    /// The merged programs, for the tests of the merge limits.
    #[cfg(test)]
    pub(crate) portfolio: Portfolio,
    /// Loading, merging and validation problems, then the lint of the latest period.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Loads, merges and validates program files held in memory, as
/// `brief check` does; then, as a build would, reads every program at the
/// first and the last three periods, applies both audiences, lists the
/// changes and renders every diagnostic, so that all of it runs on the input.
pub fn check_sources(files: &[(String, Vec<u8>)]) -> Checked {
    let mut sources = Sources::default();
    let loaded = crate::load::load_in_memory(files, &mut sources);
    let mut diagnostics = loaded.diagnostics;
    let portfolio = Portfolio::build(&loaded.programs, &mut diagnostics);
    let latest = portfolio.latest_period();
    // The periods a build would most likely be asked for: the first and the last three.
    let n = portfolio.periods.len();
    let wanted: std::collections::BTreeSet<usize> = (0..n.min(1)).chain(n.saturating_sub(3)..n).collect();
    for i in wanted {
        let period = portfolio.periods[i];
        let previous = i.checked_sub(1).map(|j| portfolio.periods[j]);
        for audience in [Audience::Internal, Audience::External] {
            let mut spec = default_report("fuzz");
            spec.audience = audience;
            let as_of = period.last_day();
            let scope = Scope::new(&spec, crate::model::period::Timeframe { period, previous, as_of }, None);
            let states = report::programs(&portfolio, &scope);
            if audience == Audience::External {
                assert_redacted(&states);
            }
            let _ = crate::model::changes::changes(crate::locale::Locale::english(), &states, &scope);
            let lint = crate::model::lint::lint(&states, &scope);
            if Some(period) == latest && audience == Audience::Internal {
                diagnostics.extend(lint);
            }
        }
    }
    for d in &diagnostics {
        let _ = diag::render_human(d, &sources, diag::Style::default());
        let _ = diag::render_short(d, &sources);
        let _ = serde_json::to_string(&diag::to_json(d, &sources));
    }
    Checked {
        sources,
        #[cfg(test)]
        portfolio,
        diagnostics,
    }
}

/// An external report holds no internal program and no internal item.
fn assert_redacted(states: &[report::ProgramState<'_>]) {
    for s in states {
        assert!(!s.now.is_internal(), "an internal program reached an external report");
        for p in std::iter::once(&s.now).chain(&s.before) {
            assert!(p.risks.iter().all(|r| !r.internal), "an internal risk reached an external report");
            assert!(p.issues.iter().all(|i| !i.internal), "an internal issue reached an external report");
            assert!(p.asks.iter().all(|a| !a.internal), "an internal ask reached an external report");
        }
    }
}

/// The file of an input that names none.
pub const DEFAULT_FILE: &str = "alpha.yaml";

/// Splits a fuzz input into files: a line `#> PATH` starts the file PATH
/// (under `programs/`); text before the first such line, or the whole input
/// when there is none, is `alpha.yaml`. The format keeps inputs readable, so
/// the corpus doubles as regression fixtures.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![(DEFAULT_FILE.to_string(), Vec::new())];
    for line in data.split_inclusive(|&b| b == b'\n') {
        match line.strip_prefix(b"#> ") {
            Some(name) => {
                let name = String::from_utf8_lossy(name).trim().to_string();
                files.push((name, Vec::new()));
            }
            None => files.last_mut().expect("there is always a file").1.extend_from_slice(line),
        }
    }
    if files.len() > 1 && files[0].1.is_empty() {
        files.remove(0);
    }
    files
}

/// What must hold for any input: every diagnostic points at a real place
/// in a file that was loaded (line within the file, column within the line
/// or just past it). Panics otherwise.
pub fn assert_located(checked: &Checked) {
    let count = checked.sources.iter().count();
    for d in &checked.diagnostics {
        let Some(o) = d.origin else { panic!("diagnostic without a location: {d:?}") };
        for o in std::iter::once(o).chain(d.related.iter().map(|(o, _)| *o)) {
            assert!((o.source as usize) < count, "diagnostic in an unknown file: {d:?}");
            let text = &checked.sources.get(o.source).text;
            let lines = text.split('\n').count() as u32;
            assert!(o.line >= 1 && o.line <= lines, "line {} of a {lines}-line file: {d:?}", o.line);
            let line = checked.sources.line(o.source, o.line).unwrap_or_default();
            let width = line.chars().count() as u32;
            assert!(o.col >= 1 && o.col <= width + 1, "column {} of a {width}-character line: {d:?}", o.col);
        }
    }
}

/// Turns fuzz bytes into program files that mostly follow the format: the
/// fields of the schema with good and bad values, in every file layout
/// (single files, program folders with period files, `updates:`, defaults),
/// so that merging, validation, changes and lint see deep structures.
pub fn generate(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut g = Gen { data, pos: 0 };
    let mut files = Vec::new();
    let programs = 1 + g.pick(4);
    for _ in 0..programs {
        let id = g.choose(&["alpha", "beta", "gamma", "delta", "Bad_Id", "alpha"]);
        let dir = g.choose(&["", "", "team/", "team/sub/"]);
        if g.pick(4) == 0 {
            files.push((format!("{dir}_defaults.yaml"), g.body(crate::model::schema::PROGRAM, 1)));
        }
        match g.pick(3) {
            0 => files.push((format!("{dir}{id}.yaml"), g.body(crate::model::schema::PROGRAM, 2))),
            _ => {
                files.push((format!("{dir}{id}/program.yaml"), g.body(crate::model::schema::PROGRAM, 2)));
                if g.pick(2) == 0 {
                    files.push((format!("{dir}{id}/risks.yaml"), g.body(crate::model::schema::PROGRAM, 1)));
                }
                for _ in 0..g.pick(4) {
                    let period = g.choose(PERIODS);
                    files.push((format!("{dir}{id}/{period}.yaml"), g.body(crate::model::schema::PROGRAM, 1)));
                }
            }
        }
    }
    files
}

const PERIODS: &[&str] = &["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2026-13", "1999-01"];
const TEXTS: &[&str] = &[
    "Alpha",
    "Ana Owner",
    "\"quoted: text\"",
    "'single #1'",
    "2026",
    "true",
    "~",
    "\"\"",
    "[a, b]",
    "{x: 1}",
    "&a anchored",
    "*a",
    "\"#read(\\\"/etc/passwd\\\") $x$ *b* <l> @r\"",
    "\"ünïcödé 汉字 🙂\"",
    "|\n  block text\n  second line",
];
const DATES: &[&str] = &["2026-10-15", "2026-11-30", "2027-01-20", "2026-02-30", "15/12/2026", "2026-11", "1900-01-01"];
const NUMBERS: &[&str] = &["1", "3", "5", "0", "7", "-1", "2.5", "1e308", ".nan", "-.inf", "high", "0x10"];
const IDS: &[&str] = &["r1", "r2", "m1", "k1", "a1", "i1", "r1", "\"\"", "~"];

struct Gen<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Gen<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn pick(&mut self, n: usize) -> usize {
        self.byte() as usize % n
    }

    fn choose<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.pick(items.len())]
    }

    /// A mapping of fields as YAML text.
    fn body(&mut self, fields: &[crate::model::schema::Field], depth: usize) -> Vec<u8> {
        let mut out = String::new();
        self.map(fields, depth, 0, &mut out);
        out.into_bytes()
    }

    fn map(&mut self, fields: &[crate::model::schema::Field], depth: usize, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        let n = self.pick(9);
        if n == 0 {
            out.push_str(&pad);
            out.push_str("{}\n");
            return;
        }
        for _ in 0..n {
            let (name, kind) = match self.pick(16) {
                0 => ("statuz", crate::model::schema::Kind::Text),
                1 => ("x-extra", crate::model::schema::Kind::Text),
                2 if depth > 1 => ("updates", crate::model::schema::Kind::Updates),
                _ => {
                    let f = self.choose(fields);
                    (f.name, f.kind)
                }
            };
            out.push_str(&format!("{pad}{name}:"));
            self.value(kind, depth, indent, out);
        }
    }

    fn value(&mut self, kind: crate::model::schema::Kind, depth: usize, indent: usize, out: &mut String) {
        use crate::model::schema::Kind;
        if self.pick(12) == 0 {
            out.push_str(self.choose(&["\n", " null\n", " []\n", " {}\n", " 3\n", " [x]\n"]));
            return;
        }
        let scalar = |s: &str, out: &mut String| {
            // Block scalars continue on the next lines, indented under the key.
            let s = s.replace('\n', &format!("\n{}", " ".repeat(indent)));
            out.push_str(&format!(" {s}\n"));
        };
        match kind {
            Kind::Text => scalar(self.choose(TEXTS), out),
            Kind::Date => scalar(self.choose(DATES), out),
            Kind::Bool => scalar(self.choose(&["true", "false", "yes", "1"]), out),
            Kind::Number | Kind::Int(..) => scalar(self.choose(NUMBERS), out),
            Kind::Keyword(values) | Kind::KeywordOrList(values, _) => {
                let v = if self.pick(5) == 0 { "purple" } else { self.choose(values) };
                scalar(v, out)
            }
            Kind::Texts | Kind::Keywords(_) => {
                let n = self.pick(4);
                let items: Vec<&str> =
                    (0..n).map(|_| self.choose(&["EU", "UK", "US", "legal", "x y", "\"q\""])).collect();
                out.push_str(&format!(" [{}]\n", items.join(", ")));
            }
            Kind::Items(fields) | Kind::Named(fields) => {
                out.push('\n');
                for _ in 0..self.pick(4) {
                    let mut item = String::new();
                    item.push_str(&format!("{}id: {}\n", " ".repeat(indent + 2), self.choose(IDS)));
                    if depth > 0 {
                        self.map(fields, depth - 1, indent + 2, &mut item);
                    }
                    if self.pick(3) == 0 {
                        item.push_str(&format!("{}internal: true\n", " ".repeat(indent + 2)));
                    }
                    out.push_str(&" ".repeat(indent));
                    out.push_str("- ");
                    out.push_str(&item[indent + 2..]);
                }
                if out.ends_with(":\n") {
                    out.truncate(out.len() - 1);
                    out.push_str(" []\n");
                }
            }
            Kind::Object(fields) => {
                out.push('\n');
                self.map(fields, depth.saturating_sub(1), indent + 2, out);
            }
            Kind::StatusByRegion => {
                let (r, s) = (self.choose(&["EU", "UK"]), self.choose(&["green", "red", "blue"]));
                out.push_str(&format!(" {{{r}: {s}}}\n"));
            }
            Kind::Values => {
                let n = self.pick(4);
                let items: Vec<String> = (0..n)
                    .map(|_| {
                        let k = self.choose(&["2026-09", "2026-10", "2026-11", "2026-11-15", "2026-13", "x"]);
                        format!("{k}: {}", self.choose(NUMBERS))
                    })
                    .collect();
                out.push_str(&format!(" {{{}}}\n", items.join(", ")));
            }
            Kind::TextMap => out.push_str(" {Program: a}\n"),
            Kind::Labels => {
                let (lang, key) = (self.choose(&["de", "ja", "xx"]), self.choose(&["asks-title", "span.days", "nope"]));
                out.push_str(&format!(" {{{lang}: {{{key}: \"{}\"}}}}\n", self.choose(TEXTS)));
            }
            Kind::Updates => {
                out.push('\n');
                for _ in 0..self.pick(3) {
                    out.push_str(&format!("{}{}:\n", " ".repeat(indent + 2), self.choose(PERIODS)));
                    self.map(crate::model::schema::PROGRAM, depth.saturating_sub(1), indent + 4, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(files: &[(&str, String)]) -> Checked {
        let files: Vec<(String, Vec<u8>)> =
            files.iter().map(|(n, t)| (n.to_string(), t.clone().into_bytes())).collect();
        check_sources(&files)
    }

    fn codes(c: &Checked) -> Vec<&'static str> {
        c.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn split_files_reads_path_lines() {
        let files = split_files(b"#> a/program.yaml\nname: A\n#> a/2026-11.yaml\nstatus: green\n");
        assert_eq!(files[0], ("a/program.yaml".to_string(), b"name: A\n".to_vec()));
        assert_eq!(files[1], ("a/2026-11.yaml".to_string(), b"status: green\n".to_vec()));
        assert_eq!(split_files(b"name: A\n"), [(DEFAULT_FILE.to_string(), b"name: A\n".to_vec())]);
    }

    #[test]
    fn the_in_memory_check_finds_what_brief_check_finds() {
        let c = check(&[
            ("alpha/program.yaml", "name: A\nowner: B\n".into()),
            ("alpha/2026-11.yaml", "status: purple\n".into()),
            ("beta.yaml", "name: B\n".into()),
        ]);
        assert_eq!(codes(&c), ["invalid-value", "missing-field", "stale-program"]);
        assert_located(&c);
    }

    #[test]
    fn many_periods_are_checked_in_linear_time() {
        // Each update looked for an earlier one of its period in a list: 60,000
        // periods took 22 s. A later update of the same period is still refused.
        let periods: String =
            (0..60_000).map(|i| format!("  {:04}-{:02}: {{}}\n", 1000 + i / 12, 1 + i % 12)).collect();
        let started = std::time::Instant::now();
        let c = check(&[
            ("alpha/program.yaml", format!("name: A\nowner: B\nstatus: green\nupdates:\n{periods}")),
            ("alpha/1000-01.yaml", "status: green\n".into()),
        ]);
        assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
        assert_eq!(codes(&c), ["duplicate-period"]);
        assert_eq!(c.portfolio.programs[0].snapshots.len(), 60_000);
    }

    #[test]
    fn updates_that_keep_adding_values_stop_at_the_merged_values_limit() {
        // Every state is kept whole: 35,000 updates adding one risk each held
        // 600 million values (over 7 GB) before this limit.
        let updates: String = (0..35_000)
            .map(|i| format!("  {:04}-{:02}: {{risks: [{{id: r{i}}}]}}\n", 1000 + i / 12, 1 + i % 12))
            .collect();
        let c = check(&[("alpha.yaml", format!("name: A\nowner: B\nstatus: green\nupdates:\n{updates}"))]);
        // (The risks have no likelihood, impact or title: each is also
        // unscored, and its id, new in an update, is taken for a typo.)
        let codes: Vec<&str> =
            codes(&c).into_iter().filter(|c| *c != "unscored-risk" && *c != "unknown-item").collect();
        assert_eq!(codes, ["too-many-values"]);
        let h = &c.portfolio.programs[0];
        let total: usize = h.snapshots.iter().map(|(_, n)| n.size()).sum();
        assert!(total <= crate::model::MAX_MERGED_VALUES);
        assert_eq!(h.update_origins.len(), h.snapshots.len());
    }
}
