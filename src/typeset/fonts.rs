//! The fonts a document may use, in the order typst prefers them: the
//! project's extra fonts, Inter, the fonts typst-assets embeds (Libertinus
//! Serif, New Computer Modern, DejaVu Sans Mono), and last the fonts
//! installed on the machine, for text none of those can draw.
//!
//! Installed fonts are found once per process and only when some text (the
//! data, the template's words, the charts) needs them (typst-kit's scan, which maps the files rather than reading them);
//! only the faces that cover such text join the store, and a face's bytes
//! are read when typst first uses it. A report whose text the built-in fonts
//! cover never looks at the machine's fonts, so its bytes do not depend on
//! them; `--no-system-fonts` and `fonts: embedded` never do.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// Largest font file read from the project's fonts folder.
pub(crate) const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;

/// The file names of typst-assets' fonts, in the order `typst_assets::fonts()`
/// yields them (a unit test checks the count and the families).
const TYPST_ASSET_FILES: [&str; 17] = [
    "LibertinusSerif-Regular.otf",
    "LibertinusSerif-Bold.otf",
    "LibertinusSerif-Italic.otf",
    "LibertinusSerif-BoldItalic.otf",
    "LibertinusSerif-Semibold.otf",
    "LibertinusSerif-SemiboldItalic.otf",
    "NewCMMath-Bold.otf",
    "NewCMMath-Book.otf",
    "NewCMMath-Regular.otf",
    "NewCM10-Regular.otf",
    "NewCM10-Bold.otf",
    "NewCM10-Italic.otf",
    "NewCM10-BoldItalic.otf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono-BoldOblique.ttf",
    "DejaVuSansMono-Oblique.ttf",
    "DejaVuSansMono.ttf",
];

/// Where a font comes from, as the manifest records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Provenance {
    /// Built into the binary: Inter, and typst's own fonts.
    BuiltIn,
    /// From the project's `fonts:` folder (path relative to the project).
    Project,
    /// Installed on the machine (file name only: machines differ in folders).
    System,
}

/// One face of the store: what it is called and where its bytes are.
#[derive(Debug, Clone)]
pub(crate) struct Face {
    pub(crate) family: String,
    /// The file name (built-in, system) or project-relative path (project).
    pub(crate) file: String,
    pub(crate) provenance: Provenance,
    bytes: FaceBytes,
}

#[derive(Debug, Clone)]
enum FaceBytes {
    Memory(Bytes),
    File(PathBuf),
}

impl Face {
    /// The bytes of the whole font file (all faces of a collection).
    pub(crate) fn file_bytes(&self) -> Option<Vec<u8>> {
        match &self.bytes {
            FaceBytes::Memory(b) => Some(b.as_slice().to_vec()),
            FaceBytes::File(path) => std::fs::read(path).ok(),
        }
    }
}

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
        out.push((crate::load::display_path(root, path), fonts));
    }
    Ok(out)
}

/// The fonts of one typst world, with where each came from and which of
/// them typst has used since [`Fonts::clear_used`].
pub(crate) struct Fonts {
    store: FontStore,
    faces: Vec<Face>,
    used: Mutex<BTreeSet<usize>>,
    /// Indices into [`installed`] of the faces already in the store.
    installed_added: BTreeSet<usize>,
}

impl Fonts {
    /// Extra fonts first (they win over built-ins of the same family), then
    /// Inter, then typst's embedded fonts; no installed font yet.
    pub(crate) fn new(extra: &[(String, Vec<Font>)]) -> Fonts {
        let mut fonts = Fonts {
            store: FontStore::new(),
            faces: Vec::new(),
            used: Mutex::default(),
            installed_added: BTreeSet::new(),
        };
        for (file, faces) in extra {
            for font in faces {
                fonts.push_font(font.clone(), file.clone(), Provenance::Project);
            }
        }
        for (file, bytes) in crate::fonts::EMBEDDED {
            for font in Font::iter(Bytes::new(*bytes)) {
                fonts.push_font(font, file.to_string(), Provenance::BuiltIn);
            }
        }
        for (file, (font, _)) in TYPST_ASSET_FILES.iter().zip(typst_kit::fonts::embedded()) {
            fonts.push_font(font, file.to_string(), Provenance::BuiltIn);
        }
        fonts
    }

    fn push_font(&mut self, font: Font, file: String, provenance: Provenance) {
        let info = font.info().clone();
        let bytes = FaceBytes::Memory(font.data().clone());
        self.faces.push(Face { family: info.family.clone(), file, provenance, bytes });
        self.store.push((font, info));
    }

    /// The metadata typst selects fonts by.
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The font at `index`, loaded on first use, and noted as used.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        let font = self.store.font(index)?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(index);
        Some(font)
    }

    /// The face at `index` of the book.
    pub(crate) fn face(&self, index: usize) -> Option<&Face> {
        self.faces.get(index)
    }

    /// Forgets which fonts were used (before the next report).
    pub(crate) fn clear_used(&self) {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The faces typst used since the last [`Fonts::clear_used`], in book order.
    pub(crate) fn used(&self) -> Vec<&Face> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.iter().filter_map(|i| self.faces.get(*i)).collect()
    }

    /// Adds the installed faces that draw characters of `text` that no
    /// font of the store covers. An installed face of a family the store
    /// already has is left out, so it cannot replace a built-in one.
    pub(crate) fn add_installed_for(&mut self, text: &str) {
        let missing = super::coverage::missing_chars(self.book(), text);
        if missing.is_empty() {
            return;
        }
        let families: BTreeSet<String> = self.faces.iter().map(|f| f.family.to_lowercase()).collect();
        for (i, face) in installed().iter().enumerate() {
            let covers = missing.iter().any(|c| face.info.coverage.contains(*c as u32));
            if !covers || self.installed_added.contains(&i) || families.contains(&face.info.family.to_lowercase()) {
                continue;
            }
            self.installed_added.insert(i);
            self.faces.push(Face {
                family: face.info.family.clone(),
                file: face.file_name(),
                provenance: Provenance::System,
                bytes: FaceBytes::File(face.path.clone()),
            });
            self.store.push((FontPath { path: face.path.clone(), index: face.index }, face.info.clone()));
        }
    }
}

/// The bytes of a built-in font file of this name.
pub(crate) fn built_in_file(name: &str) -> Option<Vec<u8>> {
    if let Some((_, bytes)) = crate::fonts::EMBEDDED.iter().find(|(file, _)| *file == name) {
        return Some(bytes.to_vec());
    }
    let (_, (font, _)) = TYPST_ASSET_FILES.iter().zip(typst_kit::fonts::embedded()).find(|(file, _)| **file == name)?;
    Some(font.data().as_slice().to_vec())
}

/// The installed font files of this file name, in path order.
pub(crate) fn installed_files(name: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        installed().iter().filter(|f| f.file_name() == name).map(|f| f.path.clone()).collect();
    paths.dedup();
    paths
}

/// A font face installed on the machine.
pub(crate) struct InstalledFace {
    pub(crate) path: PathBuf,
    pub(crate) index: u32,
    pub(crate) info: FontInfo,
}

impl InstalledFace {
    pub(crate) fn file_name(&self) -> String {
        self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// The machine's installed fonts, found once per process (the standard font
/// folders and fontconfig's), in path order so every run sees them alike.
pub(crate) fn installed() -> &'static [InstalledFace] {
    static FACES: OnceLock<Vec<InstalledFace>> = OnceLock::new();
    FACES.get_or_init(|| {
        let mut faces: Vec<InstalledFace> =
            typst_kit::fonts::system().map(|(p, info)| InstalledFace { path: p.path, index: p.index, info }).collect();
        faces.sort_by(|a, b| (&a.path, a.index).cmp(&(&b.path, b.index)));
        faces
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_asset_file_names_match_the_fonts_in_order() {
        let families: Vec<String> = typst_kit::fonts::embedded().map(|(_, info)| info.family).collect();
        assert_eq!(families.len(), TYPST_ASSET_FILES.len());
        for (file, family) in TYPST_ASSET_FILES.iter().zip(&families) {
            let squeeze = |s: &str| s.chars().filter(|c| c.is_alphabetic()).take(4).collect::<String>().to_lowercase();
            assert_eq!(squeeze(file), squeeze(family), "{file} is not {family}");
        }
    }
}
