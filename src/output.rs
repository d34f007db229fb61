//! Output: the only stage that writes files.
//!
//! A file is written to a temporary file in its final folder, flushed to
//! disk, and renamed over the final path only when the whole build has
//! succeeded. A reader (or a PDF viewer) therefore sees the old file or the
//! complete new one, never half of one; a failed build leaves every earlier
//! output untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

/// A file written next to its final path, not yet in place.
pub(crate) struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// Renames the file over its final path (atomic on one file system).
    pub(crate) fn commit(self) -> anyhow::Result<PathBuf> {
        let target = self.target;
        self.temp
            .persist(&target)
            .with_context(|| format!("cannot move the new file into place at {}", target.display()))?;
        sync_dir(target.parent());
        Ok(target)
    }
}

/// Writes `bytes` to a hidden temporary file beside `target`.
pub(crate) fn stage(target: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    let mut temp = with_create_permissions(&mut builder)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes).with_context(|| format!("cannot write {}", temp.path().display()))?;
    temp.as_file().sync_all().with_context(|| format!("cannot flush {}", temp.path().display()))?;
    Ok(Staged { temp, target: target.to_path_buf() })
}

/// Asks for the mode a plain `File::create` would give (0666 less the
/// process umask), not tempfile's private 0600: the renamed file is an
/// output that readers of a shared folder must be able to open. The kernel
/// applies the umask when the file is created, so no umask is read here.
fn with_create_permissions<'a, 'b>(builder: &'b mut tempfile::Builder<'a, 'a>) -> &'b mut tempfile::Builder<'a, 'a> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        builder
    }
}

/// Writes one file atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    stage(target, bytes)?.commit()
}

/// The lock file in the out folder that keeps two builds from writing at once.
pub(crate) const LOCK_FILE: &str = ".brief-build.lock";

/// Held while a build writes to an out folder; released when dropped (or
/// when the process ends, even if it is killed).
pub struct BuildLock {
    _file: std::fs::File,
}

/// Takes the out folder's lock, waiting for another build to finish first;
/// `on_wait` is called once before waiting.
pub fn lock(out_dir: &Path, on_wait: impl FnOnce()) -> anyhow::Result<BuildLock> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("cannot create the folder {}", out_dir.display()))?;
    let path = out_dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    Ok(BuildLock { _file: file })
}

/// Removes temporary files a killed build left beside `target`. Only call
/// this while holding the out folder's lock.
pub(crate) fn remove_stale_temps(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else { return };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Makes a rename durable: on Linux a rename is only on disk once its folder is synced.
fn sync_dir(dir: Option<&Path>) {
    if let Some(dir) = dir
        && let Ok(f) = std::fs::File::open(dir)
    {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b.pdf");
        let staged = stage(&target, b"new").unwrap();
        assert!(!target.exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        drop(stage(&target, b"abandoned").unwrap());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path().join("a")).unwrap().count(), 1, "the abandoned temp file is removed");
    }

    #[cfg(unix)]
    #[test]
    fn staged_files_are_not_private_to_the_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.pdf");
        write_atomic(&target, b"x").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        // The same mode as a file created the ordinary way under this process's umask.
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        assert_eq!(mode, std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777);
    }
}
