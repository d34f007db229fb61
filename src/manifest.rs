//! The build manifest (`out/<period>/manifest.json`) and its verification.
//!
//! A manifest records what a build read and wrote: the tool version, the
//! period and options, every input file and every output with its SHA-256,
//! and the warnings. It holds no timestamps and no machine paths (every path
//! is relative), so the same build writes the same manifest, and `brief
//! verify` can prove later that a brief still matches its sources.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::pipeline::{BuildPlan, Rendered};
use crate::session::Session;
use crate::typeset::fonts::{Face, Provenance};

/// The manifest's file name, in the period's output folder.
pub(crate) const FILE_NAME: &str = "manifest.json";
/// Bumped when a field changes meaning.
pub(crate) const VERSION: u32 = 1;
/// How built-in template files are named among the inputs.
pub(crate) const BUILT_IN: &str = "<built-in>/";

/// The SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A hash as lowercase hex, as manifests write it.
pub fn hex(hash: &[u8; 32]) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) manifest_version: u32,
    pub(crate) tool: Tool,
    /// The project root, relative to the manifest's folder.
    pub(crate) root: String,
    pub(crate) period: String,
    pub(crate) previous_period: Option<String>,
    pub(crate) as_of: String,
    pub(crate) options: BuildOptions,
    /// Paths relative to the project root; built-in templates as `<built-in>/...`.
    pub(crate) inputs: Vec<FileHash>,
    /// Paths relative to the project root.
    pub(crate) outputs: Vec<Output>,
    pub(crate) warnings: Vec<Warning>,
    /// The fonts the briefs use, each file once: built-in ones by file name,
    /// the project's by path, installed ones by file name only (font
    /// folders differ between machines; `verify` finds the file by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) fonts: Vec<FontHash>,
    /// The briefs of this period sent by e-mail (`--send`), each with its
    /// message id, as the sent log beside the manifest records them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) sent: Vec<crate::deliver::SentRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Tool {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) typst: String,
}

impl Tool {
    pub(crate) fn current() -> Tool {
        Tool { name: "brief".into(), version: env!("CARGO_PKG_VERSION").into(), typst: "0.15.1".into() }
    }
}

/// The options that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct BuildOptions {
    pub(crate) reports: Vec<String>,
    pub(crate) program: Option<String>,
    pub(crate) draft: bool,
    pub(crate) strict: bool,
    pub(crate) pdf_standards: Vec<String>,
    pub(crate) attach_data: bool,
    pub(crate) keep_going: bool,
    /// SOURCE_DATE_EPOCH, when it set the PDF date.
    pub(crate) source_date_epoch: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct FileHash {
    pub(crate) path: String,
    pub(crate) sha256: String,
    pub(crate) bytes: u64,
}

/// A font file a brief uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct FontHash {
    pub(crate) source: Provenance,
    pub(crate) file: String,
    /// The families of the file's faces that were used.
    pub(crate) family: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Output {
    pub(crate) report: String,
    /// The group of a split report's file (`split_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group: Option<String>,
    pub(crate) path: String,
    pub(crate) sha256: String,
    pub(crate) bytes: u64,
    pub(crate) pages: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Warning {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) location: Option<String>,
    pub(crate) program: Option<String>,
}

impl FileHash {
    pub(crate) fn of(path: String, bytes: &[u8]) -> FileHash {
        FileHash { path, sha256: hex(&sha256(bytes)), bytes: bytes.len() as u64 }
    }
}

/// A report a build wrote, as its manifest records it.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub(crate) report: String,
    /// The group of a split report's file.
    pub(crate) group: Option<String>,
    /// Where the PDF goes (absolute).
    pub(crate) target: PathBuf,
    pub(crate) sha256: String,
    pub(crate) bytes: u64,
    pub(crate) pages: usize,
    /// Template files read: (shown path, bytes); built-in ones as `<built-in>/...`.
    pub(crate) template_files: Vec<(String, Vec<u8>)>,
    /// The fonts typst used.
    pub(crate) fonts: Vec<Face>,
}

impl Written {
    pub(crate) fn of(rendered: &Rendered, target: PathBuf) -> Written {
        Written {
            report: rendered.spec.id.clone(),
            group: rendered.spec.group.clone(),
            target,
            sha256: hex(&sha256(&rendered.pdf)),
            bytes: rendered.pdf.len() as u64,
            pages: rendered.pages(),
            template_files: rendered.template.shown_files(),
            fonts: rendered.fonts.clone(),
        }
    }
}

impl Manifest {
    /// What a build read and wrote, with hashes: the plan's period and
    /// options, every file of the session, the template files and fonts
    /// read, each report written, and the warnings it was held to.
    pub(crate) fn assemble(
        session: &Session,
        plan: &BuildPlan,
        written: &[Written],
        warnings: &[Diagnostic],
    ) -> Manifest {
        let tf = plan.timeframe;
        let root = crate::load::canonical(&session.root);
        let manifest_dir = crate::load::canonical(&plan.out_dir.join(tf.period.to_string()));
        Manifest {
            manifest_version: VERSION,
            tool: Tool::current(),
            root: relative(&manifest_dir, &root),
            period: tf.period.to_string(),
            previous_period: tf.previous.map(|p| p.to_string()),
            as_of: tf.as_of.to_string(),
            options: BuildOptions {
                reports: written.iter().map(|w| w.report.clone()).collect(),
                program: plan.options.program.clone(),
                draft: plan.options.draft,
                strict: plan.strict,
                pdf_standards: plan.pdf_standards.clone(),
                attach_data: plan.options.attach_data,
                keep_going: plan.keep_going,
                source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
            },
            inputs: inputs(session, written),
            outputs: written
                .iter()
                .map(|w| Output {
                    report: w.report.clone(),
                    group: w.group.clone(),
                    path: relative(&root, &crate::load::canonical_parent(&w.target)),
                    sha256: w.sha256.clone(),
                    bytes: w.bytes,
                    pages: w.pages,
                })
                .collect(),
            warnings: warnings.iter().map(|d| Warning::of(d, &session.sources)).collect(),
            fonts: font_hashes(written.iter().flat_map(|w| &w.fonts)),
            sent: Self::sent_records(&plan.out_dir.join(tf.period.to_string())),
        }
    }

    /// What the sent log of a period's folder records (nothing when it has none).
    pub(crate) fn sent_records(period_dir: &Path) -> Vec<crate::deliver::SentRecord> {
        crate::deliver::SentLog::load(&period_dir.join(crate::deliver::SENT_LOG_FILE))
            .map_or_else(|_| Vec::new(), |l| l.entries)
    }

    /// Where the manifest goes: `manifest.json` in the period's folder, or
    /// `manifest-<program>.json` for a build of one program.
    pub(crate) fn path(&self, out_dir: &Path) -> PathBuf {
        let name = match &self.options.program {
            Some(p) => format!("manifest-{p}.json"),
            None => FILE_NAME.to_string(),
        };
        out_dir.join(&self.period).join(name)
    }
}

impl Warning {
    fn of(d: &Diagnostic, sources: &crate::diag::Sources) -> Warning {
        Warning {
            code: d.code.to_string(),
            message: d.message.clone(),
            location: d.origin.map(|o| format!("{}:{}:{}", sources.get(o.source).display, o.line, o.col)),
            program: d.program.clone(),
        }
    }
}

/// Every file a build read: the session's, the templates', the project's fonts.
fn inputs(session: &Session, written: &[Written]) -> Vec<FileHash> {
    let mut inputs: Vec<FileHash> = session
        .sources
        .iter()
        .filter_map(|(_, s)| Some(FileHash { path: s.display.clone(), sha256: hex(&s.sha256?), bytes: s.bytes }))
        .collect();
    for (path, bytes) in written.iter().flat_map(|w| &w.template_files) {
        inputs.push(FileHash::of(path.clone(), bytes));
    }
    if let Some(dir) = &session.project.fonts_dir {
        for entry in walkdir::WalkDir::new(session.root.join(dir)).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file()
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                inputs.push(FileHash::of(crate::load::display_path(&session.root, entry.path()), &bytes));
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs
}

/// Each font file used, once, with the families used from it and its hash.
fn font_hashes<'a>(faces: impl Iterator<Item = &'a Face>) -> Vec<FontHash> {
    let mut files: std::collections::BTreeMap<(Provenance, String), (BTreeSet<String>, &Face)> = Default::default();
    for face in faces {
        let entry = files.entry((face.provenance, face.file.clone())).or_insert_with(|| (BTreeSet::new(), face));
        entry.0.insert(face.family.clone());
    }
    files
        .into_iter()
        .map(|((source, file), (families, face))| FontHash {
            source,
            file,
            family: families.into_iter().collect::<Vec<_>>().join(", "),
            sha256: face.file_bytes().map_or_else(String::new, |b| hex(&sha256(&b))),
        })
        .collect()
}

/// `to` relative to the folder `from` (both absolute), with `/` separators.
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".into() } else { parts.join("/") }
}

/// One way in which the files on disk no longer match a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    pub(crate) kind: &'static str,
    pub(crate) path: String,
    pub(crate) detail: String,
}

/// Reads a manifest and compares every recorded file with what is on disk
/// now; also reports program files added since the build.
pub(crate) fn verify(manifest_path: &Path) -> anyhow::Result<(Manifest, Vec<Difference>)> {
    let text = std::fs::read(manifest_path).with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("{} is not a brief manifest", manifest_path.display()))?;
    let dir = manifest_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let root = crate::load::canonical(&dir.join(&manifest.root));
    let mut diffs = Vec::new();
    for input in &manifest.inputs {
        let current = match input.path.strip_prefix(BUILT_IN) {
            Some(rel) => crate::typeset::templates::BUILTIN.iter().find(|(p, _)| *p == rel).map(|(_, b)| b.to_vec()),
            None => safe_join(&root, &input.path).and_then(|p| std::fs::read(p).ok()),
        };
        compare(&mut diffs, &input.path, &input.sha256, current.as_deref());
    }
    for output in &manifest.outputs {
        let current = safe_join(&root, &output.path).and_then(|p| std::fs::read(p).ok());
        compare(&mut diffs, &output.path, &output.sha256, current.as_deref());
    }
    for font in &manifest.fonts {
        let shown = format!("font {} ({})", font.file, font.family);
        compare(&mut diffs, &shown, &font.sha256, current_font(&root, font).as_deref());
    }
    for added in added_program_files(&root, &manifest) {
        diffs.push(Difference { kind: "added", path: added, detail: "a program file the build did not read".into() });
    }
    for stray in uncovered_pdfs(dir, &root, &manifest) {
        let detail = "a PDF no manifest of this folder covers: an earlier build wrote it (build every report at once to cover it)";
        diffs.push(Difference { kind: "added", path: stray, detail: detail.into() });
    }
    Ok((manifest, diffs))
}

/// The PDFs in the manifest's folder (and below it) that neither it nor a
/// manifest beside it (`manifest-<program>.json` of a `--program` build)
/// lists. Every build writes the period's manifest anew, so after `build
/// --report one-pager` the monthly brief of an earlier build still lies
/// there, vouched for by nothing: verifying must not pass over it.
fn uncovered_pdfs(dir: &Path, root: &Path, manifest: &Manifest) -> Vec<String> {
    let siblings: Vec<Manifest> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("manifest") && name.ends_with(".json")
        })
        .filter_map(|e| serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok())
        .collect();
    let listed: BTreeSet<&str> =
        manifest.outputs.iter().chain(siblings.iter().flat_map(|m| &m.outputs)).map(|o| o.path.as_str()).collect();
    let pdfs = walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| {
        let name = e.file_name().to_string_lossy();
        e.file_type().is_file() && !name.starts_with('.') && name.to_ascii_lowercase().ends_with(".pdf")
    });
    let mut stray: Vec<String> = pdfs
        .map(|e| relative(root, &crate::load::canonical_parent(e.path())))
        .filter(|path| !listed.contains(path.as_str()))
        .collect();
    stray.sort();
    stray
}

/// The bytes a recorded font has on this machine now: the built-in file of
/// that name, the project's file, or an installed file of that name (the
/// one with the recorded hash, if several have the name).
fn current_font(root: &Path, font: &FontHash) -> Option<Vec<u8>> {
    match font.source {
        Provenance::BuiltIn => crate::typeset::fonts::built_in_file(&font.file),
        Provenance::Project => safe_join(root, &font.file).and_then(|p| std::fs::read(p).ok()),
        Provenance::System => {
            let mut candidates = crate::typeset::fonts::installed_files(&font.file).into_iter();
            let first = candidates.next()?;
            let same = |b: &Vec<u8>| hex(&sha256(b)) == font.sha256;
            let first = std::fs::read(first).ok();
            if first.as_ref().is_some_and(same) {
                return first;
            }
            candidates.filter_map(|p| std::fs::read(p).ok()).find(same).or(first)
        }
    }
}

fn compare(diffs: &mut Vec<Difference>, path: &str, recorded: &str, current: Option<&[u8]>) {
    match current {
        None => diffs.push(Difference { kind: "missing", path: path.into(), detail: "no longer exists".into() }),
        Some(bytes) => {
            let now = hex(&sha256(bytes));
            if now != recorded {
                let detail = format!("sha256 {} (recorded {})", &now[..12], &recorded[..recorded.len().min(12)]);
                diffs.push(Difference { kind: "changed", path: path.into(), detail });
            }
        }
    }
}

/// A recorded relative path under the root; `None` if it would leave it.
fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let escapes =
        path.is_absolute() || path.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    (!escapes).then(|| root.join(path))
}

/// YAML files of the project that the manifest does not list as inputs.
fn added_program_files(root: &Path, manifest: &Manifest) -> Vec<String> {
    let mut sources = crate::diag::Sources::default();
    let project = crate::project::load(root, &mut sources, &mut Vec::new());
    let Ok(layout) = crate::load::walk::scan(root, &project.programs_dir) else { return Vec::new() };
    let known: std::collections::BTreeSet<&str> = manifest.inputs.iter().map(|i| i.path.as_str()).collect();
    let mut added: Vec<String> =
        layout.files.into_iter().map(|f| f.display).filter(|d| !known.contains(d.as_str())).collect();
    for name in crate::project::PROJECT_FILES {
        if root.join(name).is_file() && !known.contains(name) {
            added.push(name.to_string());
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(relative(Path::new("/p/out/2026-11"), Path::new("/p")), "../..");
        assert_eq!(relative(Path::new("/p"), Path::new("/p/out/a.pdf")), "out/a.pdf");
        assert_eq!(relative(Path::new("/p"), Path::new("/p")), ".");
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
