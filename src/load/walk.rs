//! Walking the programs folder and giving every YAML file its role.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::period::Period;

/// What a YAML file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileRole {
    /// `_*.yaml`: applies to every program in its folder and below.
    Defaults,
    /// A base fragment of a program folder (program.yaml, risks.yaml, ...).
    Base,
    /// `YYYY-MM.yaml` inside a program folder.
    Update(Period),
    /// A program in one file.
    Single,
    /// A file whose name breaks a rule; reported, not used.
    Invalid,
}

#[derive(Debug, Clone)]
pub(crate) struct FileEntry {
    pub(crate) path: PathBuf,
    pub(crate) display: String,
    pub(crate) role: FileRole,
    /// The folder that holds the file.
    pub(crate) dir: PathBuf,
    /// The program folder the file belongs to, if any.
    pub(crate) program_dir: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub(crate) struct ProgramEntry {
    pub(crate) id: String,
    /// Index in [`ProgramLayout::files`] of program.yaml or the single file.
    pub(crate) defining_file: usize,
    /// Indices of every file of the program, in path order.
    pub(crate) files: Vec<usize>,
    /// Folders whose defaults apply, outermost first.
    pub(crate) defaults_dirs: Vec<PathBuf>,
}

/// The files found and the programs they make up.
#[derive(Debug, Default)]
pub(crate) struct ProgramLayout {
    pub(crate) files: Vec<FileEntry>,
    pub(crate) programs: Vec<ProgramEntry>,
    /// Problems with names and links; `Some(i)` points at `files[i]`.
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) problem_files: Vec<Option<usize>>,
}

pub(crate) fn is_slug(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// A slug close to a name, for hints.
pub(crate) fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(crate) fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A stem that starts like `2026-1...` is meant as a period.
fn looks_like_period(stem: &str) -> bool {
    let b = stem.as_bytes();
    b.len() >= 6 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit()
}

/// The period a base file's name seems to mean (`update-2026-12`,
/// `dec-2026`, `2026_12`, `December 2026`, `2026.12`): a year from 2000 to
/// 2099 and, next to it, a month as a number from 1 to 12 or an English
/// month name. Both are needed, so `metrics-2`, `q4-plan` and `plan-2026`
/// are ordinary fragment names.
pub(crate) fn misnamed_period(stem: &str) -> Option<Period> {
    let words = words(stem);
    let year_at = words.iter().position(|w| w.len() == 4 && w.starts_with("20") && is_number(w))?;
    let year: i32 = words[year_at].parse().ok()?;
    let neighbours = [year_at.checked_sub(1), Some(year_at + 1)];
    let month = neighbours.into_iter().flatten().filter_map(|i| words.get(i)).find_map(|w| month_of(w))?;
    Some(Period { year, month })
}

/// The words of a file name: runs of letters or of digits.
fn words(stem: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for c in stem.chars() {
        if !c.is_ascii_alphanumeric() {
            last = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        match out.last_mut() {
            Some(word) if last == Some(digit) => word.push(c.to_ascii_lowercase()),
            _ => out.push(c.to_ascii_lowercase().to_string()),
        }
        last = Some(digit);
    }
    out
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// A month written as `12`, `03`, `dec`, `sept` or `december`.
fn month_of(word: &str) -> Option<u32> {
    if is_number(word) {
        return word.parse().ok().filter(|m| (1..=12).contains(m) && word.len() <= 2);
    }
    // `dec`, `sept`, `december`: three letters or more of a month's name.
    crate::format::month_from_name(word)
}

/// Scans `programs` (relative to the canonical `root`).
pub(crate) fn scan(root: &Path, programs: &Path) -> Result<ProgramLayout, Diagnostic> {
    let root = super::canonical(root);
    let dir = root.join(programs);
    if !dir.is_dir() {
        // Without brief.yaml the programs folder is only a default: say what is really missing.
        if !crate::project::has_project_file(&root) {
            return Err(crate::project::not_a_project());
        }
        return Err(Diagnostic::error(
            "no-programs",
            format!("the programs folder `{}` does not exist", super::display_path(&root, &dir)),
        )
        .hint("create it with `brief init`, or set `programs:` in brief.yaml"));
    }
    let mut layout = ProgramLayout::default();
    let mut yaml_files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name().into_iter();
    let mut walker = walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                layout.problem(None, Diagnostic::error("unreadable", format!("cannot read the programs folder: {e}")));
                continue;
            }
        };
        let path = entry.path();
        // A linked folder outside the project is not entered at all (it
        // could be `/`): one message for the link, not one per file in it.
        if entry.file_type().is_dir() && entry.path_is_symlink() && !super::canonical(path).starts_with(&root) {
            let shown = super::display_path(&root, path);
            layout.problem(
                None,
                Diagnostic::error(
                    "outside-root",
                    format!("`{shown}` is a link to a folder outside the project; it is not read"),
                ),
            );
            walker.skip_current_dir();
            continue;
        }
        if !entry.file_type().is_file() || !is_yaml(path) {
            continue;
        }
        if !super::canonical(path).starts_with(&root) {
            let shown = super::display_path(&root, path);
            layout.problem(
                None,
                Diagnostic::error(
                    "outside-root",
                    format!("`{shown}` is a link to a file outside the project; it is not read"),
                ),
            );
            continue;
        }
        yaml_files.push(path.to_path_buf());
    }
    layout.arrange(&root, &dir, yaml_files);
    Ok(layout)
}

/// Gives each YAML file (sorted by path, under `dir`) its role and groups
/// the files into programs: what [`scan`] does once the folder is walked.
/// Used alone, it lays out files that exist only in memory.
pub(crate) fn layout_of(root: &Path, dir: &Path, yaml_files: Vec<PathBuf>) -> ProgramLayout {
    let mut layout = ProgramLayout::default();
    layout.arrange(root, dir, yaml_files);
    layout
}

impl ProgramLayout {
    fn arrange(&mut self, root: &Path, dir: &Path, yaml_files: Vec<PathBuf>) {
        let program_dirs: BTreeSet<PathBuf> = yaml_files
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n == "program.yaml" || n == "program.yml"))
            .map(|p| p.parent().unwrap_or(dir).to_path_buf())
            .collect();
        for file in yaml_files {
            self.classify(root, dir, &program_dirs, file);
        }
        self.group(dir);
    }

    fn problem(&mut self, file: Option<usize>, d: Diagnostic) {
        self.problems.push(d);
        self.problem_files.push(file);
    }

    fn classify(&mut self, root: &Path, dir: &Path, program_dirs: &BTreeSet<PathBuf>, path: PathBuf) {
        let parent = path.parent().unwrap_or(dir).to_path_buf();
        let display = super::display_path(root, &path);
        // Program folders that hold this file, innermost first: a lookup per
        // ancestor, so classifying stays linear in the number of files.
        let holders: Vec<&PathBuf> = path.ancestors().skip(1).filter_map(|a| program_dirs.get(a)).collect();
        let owner = holders.last().map(|p| (*p).clone());
        let stem = stem(&path);
        let index = self.files.len();
        let role = if stem.starts_with('_') {
            FileRole::Defaults
        } else if owner.is_some() {
            let nested = holders.len() > 1;
            if nested && path.file_stem().is_some_and(|s| s == "program") {
                self.problem(
                    Some(index),
                    Diagnostic::error("nested-program", "a program folder cannot hold another program folder")
                        .hint("move the inner folder next to the outer one"),
                );
                FileRole::Invalid
            } else if looks_like_period(&stem) {
                match Period::parse(&stem) {
                    Ok(p) => FileRole::Update(p),
                    Err(why) => {
                        self.problem(
                            Some(index),
                            Diagnostic::error(
                                "invalid-period",
                                format!("`{stem}` is not a valid period file name ({})", why.0),
                            )
                            .hint(match misnamed_period(&stem) {
                                Some(period) => format!("name it `{period}.yaml`"),
                                None => "name monthly updates YYYY-MM.yaml, e.g. 2026-11.yaml".into(),
                            }),
                        );
                        FileRole::Invalid
                    }
                }
            } else {
                if let Some(period) = misnamed_period(&stem) {
                    self.problem(Some(index), misnamed_update(&path, period));
                }
                FileRole::Base
            }
        } else if looks_like_period(&stem) {
            self.problem(
                Some(index),
                Diagnostic::error(
                    "stray-update",
                    format!("`{stem}` looks like a monthly update but is not inside a program folder"),
                )
                .hint("put period files in the program's folder, next to its program.yaml"),
            );
            FileRole::Invalid
        } else {
            FileRole::Single
        };
        self.files.push(FileEntry { path, display, role, dir: parent, program_dir: owner });
    }

    /// Builds the program list: one per program folder and per single file.
    fn group(&mut self, dir: &Path) {
        let mut folders: std::collections::BTreeMap<PathBuf, ProgramEntry> = std::collections::BTreeMap::new();
        for i in 0..self.files.len() {
            let f = self.files[i].clone();
            match f.role {
                FileRole::Single => {
                    let id = stem(&f.path);
                    if self.check_id(i, &id, "file") {
                        let defaults_dirs = ancestors(dir, &f.dir);
                        self.programs.push(ProgramEntry { id, defining_file: i, files: vec![i], defaults_dirs });
                    }
                }
                FileRole::Base | FileRole::Update(_) => {
                    let Some(folder) = f.program_dir.clone() else { continue };
                    match folders.get_mut(&folder) {
                        Some(entry) => entry.files.push(i),
                        None => {
                            let id = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                            let defaults_dirs = ancestors(dir, &folder);
                            folders
                                .insert(folder, ProgramEntry { id, defining_file: i, files: vec![i], defaults_dirs });
                        }
                    }
                }
                _ => {}
            }
        }
        for (folder, mut entry) in folders {
            if let Some(def) = entry
                .files
                .iter()
                .copied()
                .find(|&i| self.files[i].path.parent() == Some(&folder) && stem(&self.files[i].path) == "program")
            {
                entry.defining_file = def;
            }
            let def = entry.defining_file;
            if self.check_id(def, &entry.id.clone(), "folder") {
                self.programs.push(entry);
            }
        }
        self.programs.sort_by(|a, b| self.files[a.defining_file].path.cmp(&self.files[b.defining_file].path));
    }

    fn check_id(&mut self, file: usize, id: &str, what: &str) -> bool {
        if is_slug(id) {
            return true;
        }
        let suggestion = slugify(id);
        let mut d = Diagnostic::error(
            "invalid-id",
            format!(
                "program id `{}` (the {what} name) must be lowercase letters, digits and dashes",
                crate::diag::printable(id)
            ),
        );
        if !suggestion.is_empty() {
            d = d.hint(format!("rename it to `{suggestion}`"));
        }
        self.problem(Some(file), d);
        false
    }
}

/// The warning for a base file whose name looks like an update's.
fn misnamed_update(path: &Path, period: Period) -> Diagnostic {
    let ext = path.extension().map_or("yaml".into(), |e| e.to_string_lossy());
    let phrase = crate::locale::Phrase::new("quality.misnamed-update").with("period", period).with("ext", ext.as_ref());
    Diagnostic::warning_of("misnamed-update", phrase).hint(
        "in a program folder only files named YYYY-MM.yaml are monthly updates; any other name is a base fragment",
    )
}

/// `base` and every folder between it and `to`, outermost first.
fn ancestors(base: &Path, to: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = to.ancestors().take_while(|a| a.starts_with(base)).map(Path::to_path_buf).collect();
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("eu-dsa-2"));
        assert!(!is_slug("EU_DSA"));
        assert!(!is_slug("-x"));
        assert_eq!(slugify("EU DSA (2026)"), "eu-dsa-2026");
    }

    #[test]
    fn period_like_names() {
        assert!(looks_like_period("2026-13"));
        assert!(looks_like_period("2026-1"));
        assert!(!looks_like_period("risks"));
        assert!(!looks_like_period("2026"));
    }

    #[test]
    fn misnamed_updates_need_a_year_and_a_month() {
        let p = |y, m| Some(Period { year: y, month: m });
        for (stem, want) in [
            ("update-2026-12", p(2026, 12)),
            ("dec-2026", p(2026, 12)),
            ("2026_12", p(2026, 12)),
            ("2026-12-update", p(2026, 12)),
            ("December 2026", p(2026, 12)),
            ("2026.12", p(2026, 12)),
            ("sept2026", p(2026, 9)),
            ("status-may-2027", p(2027, 5)),
        ] {
            assert_eq!(misnamed_period(stem), want, "{stem}");
        }
        for stem in
            ["risks", "metrics-2", "q4-plan", "plan-2026", "2026", "risks-2026-v2", "ma-2026", "1999-12", "2026-123"]
        {
            assert_eq!(misnamed_period(stem), None, "{stem}");
        }
    }
}
