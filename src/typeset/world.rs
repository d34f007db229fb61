//! The typst `World` of a brief: a sandbox made only of memory.
//!
//! It serves the template's files, `/data.json` (the report data), the chart
//! SVGs under `/charts/` and the fonts, all held in memory. There is no other
//! way in: no file system, no network, no packages. The date is the brief's
//! as-of date, never the clock.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::RwLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore};

use super::fonts::Fonts;

/// Files by virtual path ("/main.typ", "/data.json", "/charts/x.svg").
#[derive(Default)]
pub(crate) struct MemoryFiles {
    files: RwLock<HashMap<String, Bytes>>,
}

impl FileLoader for MemoryFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available: brief builds offline and uses no packages; copy what you need into the template folder"
                )
                .into(),
            )));
        }
        let key = id.vpath().get_with_slash();
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.get(key).cloned().ok_or_else(|| FileError::NotFound(PathBuf::from(key)))
    }
}

pub(crate) struct BriefWorld {
    library: LazyHash<Library>,
    fonts: Fonts,
    files: FileStore<MemoryFiles>,
    main: FileId,
    today: Datetime,
}

/// The id of a path in the project root of the virtual file system.
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

impl BriefWorld {
    pub(crate) fn new(fonts: Fonts, today: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        BriefWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            files: FileStore::new(MemoryFiles::default()),
            main: file_id("/main.typ").expect("a valid virtual path"),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8).expect("a valid date"),
        }
    }

    /// Puts a file into the virtual file system, replacing any earlier one.
    pub(crate) fn set_file(&self, path: &str, bytes: Bytes) {
        let mut files = self.files.loader().files.write().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes);
    }

    /// Removes every file whose path starts with `prefix`.
    pub(crate) fn remove_files(&self, prefix: &str) {
        let mut files = self.files.loader().files.write().unwrap_or_else(|e| e.into_inner());
        files.retain(|k, _| !k.starts_with(prefix));
    }

    /// Marks every file as possibly changed before the next compilation;
    /// unchanged sources are re-used, keeping typst's caches warm.
    pub(crate) fn reset(&mut self) {
        self.files.reset();
    }

    pub(crate) fn set_today(&mut self, today: chrono::NaiveDate) {
        use chrono::Datelike;
        if let Some(d) = Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8) {
            self.today = d;
        }
    }

    /// Makes another mounted file the one typst compiles.
    pub(crate) fn set_main(&mut self, path: &str) {
        if let Some(id) = file_id(path) {
            self.main = id;
        }
    }

    pub(crate) fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    pub(crate) fn fonts_mut(&mut self) -> &mut Fonts {
        &mut self.fonts
    }
}

impl World for BriefWorld {
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

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
