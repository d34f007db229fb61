//! Finding a template's files: built into the binary, or a folder under the
//! project's templates folder that replaces the built-in one of that name.
//!
//! A template is mounted at the root of Typst's virtual file system
//! (`/main.typ`), the shared components at `/common/`. Files are read into
//! memory here, so the compiler can reach nothing else; links that point
//! outside the project are refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The folder of shared components, mounted at `/common/`.
pub(crate) const COMMON: &str = "common";
/// Largest template file read, in bytes.
pub(crate) const MAX_TEMPLATE_FILE: u64 = 32 * 1024 * 1024;

/// Where a template's files came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    BuiltIn,
    /// The folder on disk (relative to the project root, for messages).
    Folder(String),
}

/// A template's files, keyed by virtual path ("/main.typ", "/common/brief.typ").
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub(crate) name: String,
    pub(crate) origin: Origin,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    /// How each virtual path is shown in messages.
    pub(crate) display: BTreeMap<String, String>,
}

impl Template {
    /// Every file with the path shown to people (`report-templates/...`,
    /// or `<built-in>/...`), as the manifest lists them.
    pub(crate) fn shown_files(&self) -> Vec<(String, Vec<u8>)> {
        let shown = |vpath: &String| self.display.get(vpath).cloned().unwrap_or_else(|| vpath.clone());
        self.files.iter().map(|(vpath, bytes)| (shown(vpath), bytes.clone())).collect()
    }
}

/// Names of the built-in templates (folders with a main.typ).
pub(crate) fn builtin_names() -> Vec<&'static str> {
    let mut names: Vec<&str> =
        BUILTIN.iter().filter_map(|(p, _)| p.strip_suffix("/main.typ")).filter(|n| !n.contains('/')).collect();
    names.dedup();
    names
}

/// Names of every template the project can use: folders with a main.typ and built-ins.
pub(crate) fn available(root: &Path, templates_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = builtin_names().into_iter().map(str::to_string).collect();
    if let Ok(entries) = std::fs::read_dir(root.join(templates_dir)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().join("main.typ").is_file() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

/// Loads a template and the shared components, folder first, built-in second.
pub(crate) fn load(root: &Path, templates_dir: &Path, name: &str) -> Result<Template, String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(format!(
            "template name `{}` must be a folder name (letters, digits, - and _)",
            crate::diag::printable(name)
        ));
    }
    let folder = root.join(templates_dir).join(name);
    let mut t =
        Template { name: name.to_string(), origin: Origin::BuiltIn, files: BTreeMap::new(), display: BTreeMap::new() };
    if folder.join("main.typ").is_file() {
        t.origin = Origin::Folder(crate::load::display_path(root, &folder));
        read_folder(root, &folder, "", &mut t)?;
    } else if builtin_names().contains(&name) {
        add_builtin(name, "", &mut t);
    } else {
        return Err(format!("template `{name}` does not exist"));
    }
    let common = root.join(templates_dir).join(COMMON);
    if common.is_dir() {
        read_folder(root, &common, "/common", &mut t)?;
    } else {
        add_builtin(COMMON, "/common", &mut t);
    }
    Ok(t)
}

fn add_builtin(folder: &str, mount: &str, t: &mut Template) {
    let prefix = format!("{folder}/");
    for (path, bytes) in BUILTIN {
        if let Some(rest) = path.strip_prefix(&prefix) {
            let vpath = format!("{mount}/{rest}");
            t.display.insert(vpath.clone(), format!("{}{path}", crate::manifest::BUILT_IN));
            t.files.insert(vpath, bytes.to_vec());
        }
    }
}

fn read_folder(root: &Path, folder: &Path, mount: &str, t: &mut Template) -> Result<(), String> {
    let canonical_root = crate::load::canonical(root);
    for entry in walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read template folder: {e}"))?;
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && name.starts_with('.') || !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let shown = crate::load::display_path(root, path);
        if !crate::load::canonical(path).starts_with(&canonical_root) {
            return Err(format!(
                "`{shown}` links to a file outside the project; templates may only use files inside it"
            ));
        }
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if len > MAX_TEMPLATE_FILE {
            return Err(format!(
                "`{shown}` is larger than the {} MiB limit for template files",
                MAX_TEMPLATE_FILE >> 20
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        let rel = path.strip_prefix(folder).unwrap_or(path);
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let vpath = format!("{mount}/{}", rel.join("/"));
        t.display.insert(vpath.clone(), shown);
        t.files.insert(vpath, bytes);
    }
    Ok(())
}

/// Copies the built-in templates into `dir` (for `brief init --templates`).
pub(crate) fn write_builtins(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, bytes) in BUILTIN {
        let dest = dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&dest, bytes)?;
        written.push(dest);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::BUILTIN;

    /// Typst hashes everything a closure captures, once for each closure
    /// it creates. A closure written in a function body that names the
    /// dictionary of every program (`id => programs-by-id.at(id)`) hashes
    /// the whole report each time that function runs: the one-pager of
    /// 1,000 programs in 30 divisions took 10 s that way, 3 s through
    /// `program-of`, which is one closure made once. A value built once at
    /// the top level (`#let attention = { for id in ... }`) may name it
    /// outside a closure: a loop there calls nothing, so it hashes nothing.
    /// `#let name = {` or `#let (a, b) = {`: a value computed once, unlike
    /// a function (`#let f(x) = {`).
    fn opens_top_level_value(code: &str) -> bool {
        let Some(binding) = code.strip_prefix("#let ").and_then(|rest| rest.trim_end().strip_suffix("= {")) else {
            return false;
        };
        let binding = binding.trim_end();
        binding.starts_with('(') || !binding.contains('(')
    }

    #[test]
    fn built_in_templates_look_programs_up_through_program_of() {
        for (path, bytes) in BUILTIN.iter().filter(|(p, _)| p.ends_with(".typ")) {
            let text = std::str::from_utf8(bytes).expect("templates are UTF-8");
            let mut in_top_level_value = false;
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let defines = code.starts_with("#let programs-by-id =") || code.starts_with("#let program-of(");
                if opens_top_level_value(code) {
                    in_top_level_value = true;
                }
                let allowed = defines || (in_top_level_value && !code.contains("=>"));
                assert!(
                    !code.contains("programs-by-id") || allowed,
                    "{path}:{}: look programs up with `program-of`, not `programs-by-id` in a closure:\n{line}",
                    i + 1
                );
                if line == "}" {
                    in_top_level_value = false;
                }
            }
        }
    }
}
