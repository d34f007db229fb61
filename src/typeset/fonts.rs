//! The fonts a document may use: the project's extra fonts, Inter, and the
//! fonts typst-assets embeds (Libertinus Serif, New Computer Modern, DejaVu
//! Sans Mono). System fonts are never searched, so a brief renders the same
//! on every machine.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::FontStore;

/// Largest font file read from the project's fonts folder.
pub(crate) const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;

/// Fonts from the project's `fonts:` folder, read into memory: (file, fonts).
/// Links that point outside the project `root` are refused, as for templates.
pub(crate) fn read_folder(root: &Path, dir: &Path) -> Result<Vec<(String, Vec<Font>)>, String> {
    let canonical_root = crate::load::canonical(root);
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
    for entry in walker {
        let entry = entry.map_err(|e| format!("cannot read the fonts folder: {e}"))?;
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !entry.file_type().is_file() || !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
            continue;
        }
        if !crate::load::canonical(path).starts_with(&canonical_root) {
            return Err(format!(
                "`{}` links to a file outside the project; fonts may only come from inside it",
                crate::load::display_path(root, path)
            ));
        }
        if entry.metadata().map(|m| m.len()).unwrap_or(0) > MAX_FONT_FILE {
            return Err(format!("font file `{}` is larger than {} MiB", path.display(), MAX_FONT_FILE >> 20));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read font `{}`: {e}", path.display()))?;
        let fonts: Vec<Font> = Font::iter(Bytes::new(bytes)).collect();
        if fonts.is_empty() {
            return Err(format!("`{}` is not a font file typst can read (TTF, OTF or TTC)", path.display()));
        }
        out.push((entry.file_name().to_string_lossy().into_owned(), fonts));
    }
    Ok(out)
}

/// The font store: extra fonts first (they win over built-ins of the same
/// family), then Inter, then typst's embedded fonts.
pub(crate) fn store(extra: &[(String, Vec<Font>)]) -> FontStore {
    let mut store = FontStore::new();
    for font in extra.iter().flat_map(|(_, fonts)| fonts) {
        store.push((font.clone(), font.info().clone()));
    }
    for (_, bytes) in crate::fonts::EMBEDDED {
        for font in Font::iter(Bytes::new(*bytes)) {
            let info: FontInfo = font.info().clone();
            store.push((font, info));
        }
    }
    store.extend(typst_kit::fonts::embedded());
    store
}
