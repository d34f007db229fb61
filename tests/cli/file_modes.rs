//! Outputs get the permissions of any file the user creates: readers of a
//! shared out folder can open the briefs (the umask decides, not brief).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::harness::*;

/// Builds the minimal fixture under `umask` and returns the modes of the PDF and the manifest.
fn modes_under(umask: &str) -> (u32, u32) {
    let p = Project::fixture("minimal");
    let script = format!("umask {umask}; exec \"$0\" build");
    let out = std::process::Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_brief")])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
    let mode = |path: PathBuf| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let out = p.path().join("out");
    let pdf = find(&out, &|path| path.extension().is_some_and(|e| e == "pdf")).expect("the build wrote a PDF");
    let manifest = find(&out, &|path| path.ends_with("manifest.json")).expect("the build wrote a manifest");
    (mode(pdf), mode(manifest))
}

/// The first file under `dir` (in any folder below it) that `wanted` accepts.
fn find(dir: &Path, wanted: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
        let path = e.path();
        if path.is_dir() { find(&path, wanted) } else { wanted(&path).then_some(path) }
    })
}

#[test]
fn outputs_are_readable_by_others_under_umask_022() {
    assert_eq!(modes_under("022"), (0o644, 0o644));
}

#[test]
fn outputs_stay_private_under_umask_077() {
    assert_eq!(modes_under("077"), (0o600, 0o600));
}
