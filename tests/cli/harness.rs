//! Running the real `brief` binary on a copy of a fixture project.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A throwaway copy of a project.
pub(crate) struct Project {
    pub dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl Project {
    /// An empty project folder.
    pub(crate) fn empty() -> Self {
        Project { dir: tempfile::tempdir().unwrap() }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> Self {
        let p = Project::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), p.path());
        p
    }

    /// A copy of the sample portfolio at the root of the repository (brief.yaml, programs/, data/).
    pub(crate) fn sample() -> Self {
        let p = Project::empty();
        copy_dir(&repo().join("programs"), &p.path().join("programs"));
        // The spreadsheets some programs read with `values_from` and `risks_from`.
        copy_dir(&repo().join("data"), &p.path().join("data"));
        std::fs::copy(repo().join("brief.yaml"), p.path().join("brief.yaml")).unwrap();
        p
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub(crate) fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Runs `brief ARGS` in the project folder, without colour.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// The command `brief ARGS` in the project folder, not started yet.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.args(args).current_dir(self.path()).env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
        cmd
    }

    /// Runs `brief ARGS` with extra environment variables.
    pub(crate) fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = self.command(args).envs(env.iter().copied()).output().expect("the brief binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub(crate) fn success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub(crate) fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// The text of a PDF, as a text extractor reads it.
pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).expect("a PDF whose text can be extracted")
}

/// Text with all whitespace and soft hyphens removed, so line breaks,
/// hyphenation (German briefs hyphenate) and letter spacing in the
/// extracted text do not matter.
pub(crate) fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{ad}').collect()
}

/// Asserts that the PDF's text holds `needle` (whitespace ignored).
#[track_caller]
pub(crate) fn assert_pdf_has(text: &str, needle: &str) {
    assert!(squash(text).contains(&squash(needle)), "the PDF text does not contain {needle:?}");
}

/// Page count and document-information entries of a PDF.
pub(crate) struct PdfInfo {
    pub pages: usize,
    pub title: Option<String>,
    pub author: Option<String>,
    pub keywords: Option<String>,
}

pub(crate) fn pdf_info(bytes: &[u8]) -> PdfInfo {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
    let info =
        doc.trailer.get(b"Info").ok().and_then(|r| r.as_reference().ok()).and_then(|id| doc.get_dictionary(id).ok());
    let field = |key: &[u8]| -> Option<String> {
        let obj = info?.get(key).ok()?;
        let bytes = obj.as_str().ok()?;
        Some(decode_pdf_string(bytes))
    };
    PdfInfo {
        pages: doc.get_pages().len(),
        title: field(b"Title"),
        author: field(b"Author"),
        keywords: field(b"Keywords"),
    }
}

/// PDF text strings are UTF-16BE with a byte order mark, or PDFDocEncoding.
fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Every stream of a PDF decompressed and its objects, as one string, for
/// checking that a text appears nowhere in the file.
pub(crate) fn pdf_everything(bytes: &[u8]) -> String {
    let mut doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
    doc.decompress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the PDF can be written back");
    String::from_utf8_lossy(&out).into_owned()
}
