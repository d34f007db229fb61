//! Load: find the program files under `programs/`, read and parse them.
//!
//! The layout rules of FORMAT.md section 1 live here: program folders (a
//! folder holding `program.yaml`), single-file programs, `_`-prefixed
//! defaults files, `YYYY-MM.yaml` period files and the `updates:` key of base
//! files. Files are read in parallel; everything that goes wrong becomes a
//! located diagnostic, and loading always continues with the other files.

pub(crate) mod sheets;
pub(crate) mod walk;
pub(crate) mod yaml;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Origin, Source, SourceId, Sources};
use crate::model::period::Period;
use walk::{FileRole, ProgramLayout};
use yaml::{Node, Value};

/// Every layer of one program, ready to merge.
#[derive(Debug, Clone)]
pub(crate) struct ProgramSource {
    pub(crate) id: String,
    /// The start of the file that defines the program.
    pub(crate) origin: Origin,
    /// Defaults files that apply, outermost first.
    pub(crate) defaults: Vec<Arc<Node>>,
    /// Base fragments, sorted by path, with any `updates:` key taken out.
    pub(crate) base: Vec<Node>,
    /// Updates sorted by period.
    pub(crate) updates: Vec<Update>,
    /// Every file that contributes to the program.
    pub(crate) files: Vec<SourceId>,
    /// A file of the program could not be parsed: rules that need the
    /// whole program (required fields) are not checked, to avoid noise.
    pub(crate) incomplete: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub(crate) period: Period,
    pub(crate) node: Node,
    /// Where the period is named: the file, or the key under `updates:`.
    pub(crate) origin: Origin,
}

/// The result of loading the programs folder.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) programs: Vec<ProgramSource>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads a whole file as YAML, registering it in `sources`.
pub(crate) fn read_yaml(path: &Path, display: String, sources: &mut Sources) -> (SourceId, Result<Node, Diagnostic>) {
    let id = sources.add(Source::new(path.to_path_buf(), display));
    let parsed = parse_file(path, id);
    sources.set_read(id, parsed.text, parsed.sha256, parsed.bytes);
    // brief.yaml: a key written twice is its error, as in any other file.
    let node = match parsed.also.into_iter().next() {
        Some(d) if parsed.node.is_ok() => Err(d),
        _ => parsed.node,
    };
    (id, node)
}

/// A file read and parsed.
#[derive(Clone)]
struct Parsed {
    /// The text, for snippets in diagnostics.
    text: Arc<str>,
    /// SHA-256 and size of the bytes on disk, for the build manifest.
    sha256: Option<[u8; 32]>,
    bytes: u64,
    node: Result<Node, Diagnostic>,
    /// Problems that leave the tree usable (keys written twice).
    also: Vec<Diagnostic>,
}

/// Reads, decodes and parses one file.
fn parse_file(path: &Path, id: SourceId) -> Parsed {
    match read_limited(path) {
        Ok(bytes) => parse_bytes(&bytes, id),
        Err(d) => parse_failed(d, id),
    }
}

/// A file that could not be read.
fn parse_failed(d: Diagnostic, id: SourceId) -> Parsed {
    Parsed { text: Arc::from(""), sha256: None, bytes: 0, node: Err(d.at(Origin::file_start(id))), also: Vec::new() }
}

/// Decodes and parses the bytes of one file.
fn parse_bytes(bytes: &[u8], id: SourceId) -> Parsed {
    let sha256 = Some(crate::manifest::sha256(bytes));
    let size = bytes.len() as u64;
    match yaml::decode(bytes, id) {
        Ok(text) => {
            let (node, also) = yaml::parse_all(&text, id);
            Parsed { text: Arc::from(text), sha256, bytes: size, node, also }
        }
        Err(d) => {
            let shown = if d.code == "file-too-large" { String::new() } else { yaml::shown_text(bytes) };
            Parsed { text: Arc::from(shown), sha256, bytes: size, node: Err(d), also: Vec::new() }
        }
    }
}

/// Reads a file, refusing one over the size limit before reading it whole.
fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| Diagnostic::error("unreadable", format!("cannot read file: {e}")))?;
    // A file known to be too large is refused unread, naming its real size.
    if let Ok(len) = file.metadata().map(|m| m.len())
        && len > yaml::MAX_FILE_BYTES
    {
        return Err(yaml::too_large(len));
    }
    let mut bytes = Vec::new();
    file.take(yaml::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error("unreadable", format!("cannot read file: {e}")))?;
    Ok(bytes)
}

/// Finds and parses every program file under `dir`.
pub(crate) fn load_programs(root: &Path, dir: &Path, sources: &mut Sources) -> Loaded {
    let mut loaded = Loaded::default();
    match walk::scan(root, dir) {
        Ok(layout) => load_layout(&layout, sources, &mut loaded, |f, id| parse_file(&f.path, id)),
        Err(d) => loaded.diagnostics.push(d),
    }
    sheets::fill_values(root, &mut loaded.programs, sources, &mut loaded.diagnostics);
    loaded
}

/// Parsed program files kept between loads (by `watch` and `serve`), so a
/// rebuild parses again only the files whose bytes changed: every file is
/// still read and hashed, which is cheap, and a file whose bytes and place
/// in the layout are the same is taken from the cache.
#[derive(Default)]
pub struct ParseCache {
    files: HashMap<PathBuf, (SourceId, Parsed)>,
    /// Files parsed by the last load, and files it loaded.
    pub(crate) parsed: usize,
    pub(crate) total: usize,
}

/// [`load_programs`], parsing only the files the cache does not hold as they are.
pub(crate) fn load_programs_cached(root: &Path, dir: &Path, sources: &mut Sources, cache: &mut ParseCache) -> Loaded {
    let mut loaded = Loaded::default();
    let layout = match walk::scan(root, dir) {
        Ok(layout) => layout,
        Err(d) => {
            loaded.diagnostics.push(d);
            return loaded;
        }
    };
    let old = std::mem::take(&mut cache.files);
    let fresh = std::sync::atomic::AtomicUsize::new(0);
    let kept = std::sync::Mutex::new(HashMap::with_capacity(layout.files.len()));
    load_layout(&layout, sources, &mut loaded, |f, id| {
        let parsed = match read_limited(&f.path) {
            Err(d) => return parse_failed(d, id),
            Ok(bytes) => match old.get(&f.path) {
                // Positions in the tree name the file by id: same bytes, same id, same tree.
                Some((was, p)) if *was == id && p.sha256 == Some(crate::manifest::sha256(&bytes)) => p.clone(),
                _ => {
                    fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    parse_bytes(&bytes, id)
                }
            },
        };
        kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(f.path.clone(), (id, parsed.clone()));
        parsed
    });
    cache.files = kept.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.parsed = fresh.into_inner();
    cache.total = layout.files.len();
    // After the cache: the trees it keeps are the YAML alone, and sheets are read again every time.
    sheets::fill_values(root, &mut loaded.programs, sources, &mut loaded.diagnostics);
    loaded
}

/// Loads program files held in memory, as (path under the programs folder,
/// bytes): the same layout rules, decoding, parsing and assembly as
/// [`load_programs`], without the file system. For fuzzing and tests.
pub(crate) fn load_in_memory(files: &[(String, Vec<u8>)], sources: &mut Sources) -> Loaded {
    let root = Path::new("/project");
    let dir = root.join("programs");
    // Names as the walk would see them: no hidden or empty parts, YAML only; first one wins.
    let mut by_path: BTreeMap<PathBuf, &[u8]> = BTreeMap::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        let hidden = name.split('/').any(|part| part.is_empty() || part.starts_with('.'));
        if !hidden && walk::is_yaml(&path) {
            by_path.entry(path).or_insert(bytes.as_slice());
        }
    }
    let layout = walk::layout_of(root, &dir, by_path.keys().cloned().collect());
    let mut loaded = Loaded::default();
    load_layout(&layout, sources, &mut loaded, |f, id| {
        let bytes = by_path.get(&f.path).copied().unwrap_or_default();
        // Like read_limited: never more than one byte past the limit.
        parse_bytes(&bytes[..bytes.len().min(yaml::MAX_FILE_BYTES as usize + 1)], id)
    });
    loaded
}

/// Registers, reads and parses the files of a layout, then assembles programs.
fn load_layout(
    layout: &ProgramLayout,
    sources: &mut Sources,
    loaded: &mut Loaded,
    read: impl Fn(&walk::FileEntry, SourceId) -> Parsed + Sync,
) {
    // Register every file first so ids follow the sorted path order, then parse in parallel.
    let ids: Vec<SourceId> =
        layout.files.iter().map(|f| sources.add(Source::new(f.path.clone(), f.display.clone()))).collect();
    for (d, file) in layout.problems.iter().zip(&layout.problem_files) {
        let origin = file.map(|i| Origin::file_start(ids[i]));
        loaded.diagnostics.push(d.clone().at_opt(origin));
    }
    let parsed: Vec<Parsed> = layout.files.par_iter().zip(ids.par_iter()).map(|(f, &id)| read(f, id)).collect();
    let mut nodes: Vec<Option<Node>> = Vec::with_capacity(parsed.len());
    for (id, p) in ids.iter().zip(parsed) {
        sources.set_read(*id, p.text, p.sha256, p.bytes);
        loaded.diagnostics.extend(p.also);
        match p.node {
            Ok(n) => nodes.push(Some(n)),
            Err(d) => {
                loaded.diagnostics.push(d);
                nodes.push(None);
            }
        }
    }
    assemble(layout, &ids, nodes, sources, loaded);
}

/// Groups parsed files into programs and checks the cross-file layout rules.
fn assemble(
    layout: &ProgramLayout,
    ids: &[SourceId],
    mut nodes: Vec<Option<Node>>,
    sources: &Sources,
    loaded: &mut Loaded,
) {
    // Defaults files by folder, in path order.
    let mut defaults: BTreeMap<&Path, Vec<Arc<Node>>> = BTreeMap::new();
    for (i, f) in layout.files.iter().enumerate() {
        if let FileRole::Defaults = f.role {
            let node = nodes[i].take().unwrap_or_else(|| empty(ids[i]));
            let node = root_mapping(node, "a defaults file", &mut loaded.diagnostics);
            let node = reject_updates(node, &mut loaded.diagnostics);
            defaults.entry(f.dir.as_path()).or_default().push(Arc::new(node));
        }
    }
    let mut by_id: BTreeMap<String, Origin> = BTreeMap::new();
    for program in &layout.programs {
        let origin = Origin::file_start(ids[program.defining_file]);
        if let Some(first) = by_id.get(&program.id) {
            let (a, b) = (&sources.get(first.source).display, &sources.get(origin.source).display);
            loaded.diagnostics.push(
                Diagnostic::error(
                    "duplicate-program",
                    format!("program id `{}` is defined twice: {a} and {b}", program.id),
                )
                .at(origin)
                .related(*first, "first defined here")
                .hint("program ids must be unique in the whole programs folder; rename one folder or file"),
            );
            continue;
        }
        by_id.insert(program.id.clone(), origin);
        let chain =
            program.defaults_dirs.iter().flat_map(|d| defaults.get(d.as_path()).cloned().unwrap_or_default()).collect();
        let mut source = ProgramSource {
            id: program.id.clone(),
            origin,
            defaults: chain,
            base: Vec::new(),
            updates: Vec::new(),
            files: Vec::new(),
            incomplete: false,
        };
        // The first update of each period, by period: a lookup, not a scan.
        let mut seen: HashMap<Period, Origin> = HashMap::new();
        for &i in &program.files {
            source.files.push(ids[i]);
            let Some(node) = nodes[i].take() else {
                source.incomplete = true;
                continue;
            };
            match layout.files[i].role {
                FileRole::Update(period) => {
                    let node = root_mapping(node, "an update", &mut loaded.diagnostics);
                    let node = reject_updates(node, &mut loaded.diagnostics);
                    add_update(
                        &mut source,
                        &mut seen,
                        Update { period, node, origin: Origin::file_start(ids[i]) },
                        &mut loaded.diagnostics,
                    );
                }
                _ => {
                    let node = root_mapping(node, "a program file", &mut loaded.diagnostics);
                    let (base, updates) = split_updates(node, &mut loaded.diagnostics);
                    for u in updates {
                        add_update(&mut source, &mut seen, u, &mut loaded.diagnostics);
                    }
                    source.base.push(base);
                }
            }
        }
        source.updates.sort_by_key(|u| u.period);
        loaded.programs.push(source);
    }
}

fn empty(source: SourceId) -> Node {
    Node::new(Value::Map(Vec::new()), Origin::file_start(source))
}

/// The top of a program file must be a mapping; an empty file is an empty mapping.
fn root_mapping(node: Node, what: &str, diags: &mut Vec<Diagnostic>) -> Node {
    match node.value {
        Value::Map(_) => node,
        Value::Null => Node::new(Value::Map(Vec::new()), node.origin),
        _ => {
            diags.push(
                Diagnostic::error(
                    "not-a-mapping",
                    format!("{what} must be a mapping of fields (found {})", node.kind_name()),
                )
                .at(node.origin)
                .hint("write one `field: value` per line"),
            );
            Node::new(Value::Map(Vec::new()), node.origin)
        }
    }
}

/// `updates:` belongs in base files only.
fn reject_updates(mut node: Node, diags: &mut Vec<Diagnostic>) -> Node {
    if let Value::Map(entries) = &mut node.value
        && let Some(i) = entries.iter().position(|e| e.key == "updates")
    {
        let e = entries.remove(i);
        diags.push(
            Diagnostic::error("misplaced-updates", "`updates` is allowed only in a program's base files")
                .at(Origin { len: 7, ..e.key_origin })
                .hint("in a period file, write the fields of that period directly"),
        );
    }
    node
}

/// Takes the `updates:` mapping out of a base file.
fn split_updates(mut node: Node, diags: &mut Vec<Diagnostic>) -> (Node, Vec<Update>) {
    let mut updates = Vec::new();
    if let Value::Map(entries) = &mut node.value
        && let Some(i) = entries.iter().position(|e| e.key == "updates")
    {
        let e = entries.remove(i);
        match e.value.value {
            Value::Map(periods) => {
                for pe in periods {
                    let origin = Origin { len: pe.key.chars().count().max(1) as u32, ..pe.key_origin };
                    match Period::parse(&pe.key) {
                        Ok(period) => {
                            let n = root_mapping(pe.value, "an update", diags);
                            let n = reject_updates(n, diags);
                            updates.push(Update { period, node: n, origin });
                        }
                        Err(why) => diags.push(
                            Diagnostic::error(
                                "invalid-period",
                                format!(
                                    "updates must be keyed by period YYYY-MM (found {}: {})",
                                    crate::diag::found(&pe.key),
                                    why.0
                                ),
                            )
                            .at(origin),
                        ),
                    }
                }
            }
            Value::Null => {}
            _ => diags.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("updates must map periods to updates (found {})", e.value.kind_name()),
                )
                .at(e.value.origin),
            ),
        }
    }
    (node, updates)
}

fn add_update(
    source: &mut ProgramSource,
    seen: &mut HashMap<Period, Origin>,
    update: Update,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(first) = seen.get(&update.period) {
        diags.push(
            Diagnostic::error(
                "duplicate-period",
                format!("program `{}` has two updates for {}", source.id, update.period),
            )
            .at(update.origin)
            .related(*first, "the other update for this period")
            .in_program(&source.id)
            .hint("keep one update per period: merge the two, in a period file or under `updates:`"),
        );
        return;
    }
    seen.insert(update.period, update.origin);
    source.updates.push(update);
}

/// Path relative to the project root, with `/` separators.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        // Outside the project (an `--out` folder elsewhere): as it is. Its
        // root component joined like the others would print a doubled `/`.
        Err(_) => path.display().to_string(),
    }
}

/// A path with its folder made canonical (the file itself may not exist yet).
pub(crate) fn canonical_parent(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => canonical(dir).join(name),
        _ => path.to_path_buf(),
    }
}

/// The canonical project root, or the path as given if it cannot be resolved.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::display_path;

    #[test]
    fn paths_show_relative_inside_the_project_and_whole_outside_it() {
        let base = std::env::temp_dir();
        let root = base.join("briefs");
        assert_eq!(
            display_path(&root, &root.join("out").join("2026-11").join("monthly-brief.pdf")),
            "out/2026-11/monthly-brief.pdf"
        );
        let elsewhere = base.join("out").join("monthly-brief.pdf");
        let shown = display_path(&root, &elsewhere);
        assert_eq!(shown, elsewhere.display().to_string());
        assert!(!shown.starts_with("//"), "{shown}");
    }
}
