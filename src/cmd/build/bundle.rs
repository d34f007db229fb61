//! `brief build --emit-bundle DIR`: what stock typst needs to compile the
//! same document, written beside the brief:
//! `typst compile --root DIR --font-path DIR/fonts DIR/main.typ`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::pipeline::Rendered;

/// Where --emit-bundle writes: DIR, or DIR/<report id>/ when several
/// reports are built; with the project's extra fonts.
pub(super) struct Bundle {
    pub(crate) dir: PathBuf,
    pub(crate) several: bool,
    pub(crate) fonts: Option<PathBuf>,
}

impl Bundle {
    /// Writes a rendered report's template, data, charts and fonts (the
    /// project's extra fonts go to fonts/extra/).
    pub(crate) fn write(&self, r: &Rendered) -> anyhow::Result<()> {
        let name = match &r.spec.group {
            Some(g) => format!("{}-{}", r.spec.id, crate::model::group::slug(g)),
            None => r.spec.id.clone(),
        };
        let dir = if self.several { self.dir.join(name) } else { self.dir.clone() };
        for (path, bytes) in &r.template.files {
            write(&dir, path, bytes)?;
        }
        write(&dir, "/data.json", &r.json)?;
        for (path, svg) in &r.charts {
            write(&dir, path, svg.as_bytes())?;
        }
        for (name, bytes) in crate::fonts::EMBEDDED {
            write(&dir, &format!("/fonts/{name}"), bytes)?;
        }
        write(&dir, "/fonts/OFL.txt", include_bytes!("../../../report-templates/fonts/OFL.txt"))?;
        match &self.fonts {
            Some(folder) => copy_fonts(&dir, folder),
            None => Ok(()),
        }
    }
}

/// Copies the project's fonts folder into DIR/fonts/extra/, hidden files left out.
fn copy_fonts(dir: &Path, folder: &Path) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", folder.display()))?;
        let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        if entry.file_type().is_file() && !rel.to_string_lossy().starts_with('.') {
            let bytes =
                std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            write(dir, &format!("/fonts/extra/{}", rel.join("/")), &bytes)?;
        }
    }
    Ok(())
}

/// Writes a file at a virtual path under `dir`, creating its folders.
fn write(dir: &Path, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = dir.join(rel.trim_start_matches('/'));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
