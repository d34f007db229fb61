//! Watching a project's input files for `brief watch` and `brief serve`.
//!
//! The watcher follows the folders a build reads: the project folder itself
//! (for brief.yaml, not recursively), the programs folder, the templates
//! folder, the fonts folder and the folders of the spreadsheets the last
//! build read (`values_from`; only those files count). Events are filtered (nothing under the
//! output folder, no hidden files, no editor swap or backup files, no mere
//! reads) and batched: a batch ends 15 ms after an event that completes a
//! change (a file closed after writing, renamed into place, removed), 50 ms
//! after any other event, and at the latest 500 ms after it started, so a
//! burst of saves gives one rebuild and a steady stream of events cannot
//! starve it.
//!
//! Folders are watched rather than files, so editors that save by writing a
//! new file and renaming it over the old one are seen like any other write.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::project::PROJECT_FILES;

/// A batch ends after this long without a new event. Editors save a file
/// (write, or write and rename) within a few milliseconds; a longer quiet
/// period would only delay every preview.
pub(crate) const BATCH: Duration = Duration::from_millis(50);
/// The quiet period after an event that completes a change (a file closed
/// after writing, renamed into place, or removed): the rest of a save or of
/// a checkout follows within microseconds.
pub(crate) const SETTLED: Duration = Duration::from_millis(15);
/// A batch ends at the latest this long after its first event.
pub(crate) const STARVE: Duration = Duration::from_millis(500);

/// The folders of a project, as the last build found them (absolute paths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub root: PathBuf,
    pub programs: PathBuf,
    pub templates: PathBuf,
    pub out: PathBuf,
    pub fonts: Option<PathBuf>,
    /// The spreadsheets the last build read (`values_from`), wherever they are.
    pub sheets: Vec<PathBuf>,
}

impl Folders {
    /// The folders watched recursively.
    fn trees(&self) -> Vec<&Path> {
        let mut trees = vec![self.programs.as_path(), self.templates.as_path()];
        trees.extend(self.fonts.as_deref());
        trees
    }
}

/// What woke the watcher up.
#[derive(Debug)]
pub enum Wake {
    /// Input files changed (project-relative paths, sorted; may be empty
    /// when the system dropped events and everything must be read again).
    Changed(Vec<String>),
    /// Ctrl-C or another request to stop.
    Stop,
}

enum Message {
    Event(notify::Result<notify::Event>),
    /// Read everything again: a folder is newly watched, and files may have
    /// been written into it before the watch was in place.
    Rescan,
    Stop,
}

/// Sends the watcher a request to stop (from a signal handler or another thread).
#[derive(Clone)]
pub(crate) struct Stopper(Sender<Message>);

impl Stopper {
    pub(crate) fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// File events of one project, filtered and batched.
pub struct Watcher {
    inner: RecommendedWatcher,
    rx: Receiver<Message>,
    tx: Sender<Message>,
    folders: Folders,
    /// Paths watched now, with their mode.
    watched: Vec<(PathBuf, RecursiveMode)>,
}

impl Watcher {
    /// Starts watching the project's folders.
    pub fn new(folders: Folders) -> anyhow::Result<Watcher> {
        let (tx, rx) = channel();
        let events = tx.clone();
        let inner = notify::recommended_watcher(move |e| {
            let _ = events.send(Message::Event(e));
        })?;
        let mut w = Watcher { inner, rx, tx, folders: folders.clone(), watched: Vec::new() };
        // The first build has just read everything: no rescan.
        w.watch_folders(folders, false);
        Ok(w)
    }

    pub(crate) fn stopper(&self) -> Stopper {
        Stopper(self.tx.clone())
    }

    /// Watches these folders from now on (brief.yaml may have moved them, or
    /// a folder may have been created or removed since); folders that do not
    /// exist yet are noticed through the watch on the project folder. Call
    /// it after every rebuild: folders already watched are left alone.
    pub fn follow(&mut self, folders: Folders) {
        self.watch_folders(folders, true);
    }

    fn watch_folders(&mut self, folders: Folders, rescan: bool) {
        let mut wanted = vec![(folders.root.clone(), RecursiveMode::NonRecursive)];
        for tree in folders.trees() {
            if tree.is_dir() && !tree.starts_with(&folders.out) {
                wanted.push((tree.to_path_buf(), RecursiveMode::Recursive));
            }
        }
        // A sheet's folder, not the file: saving by rename replaces the file.
        for folder in folders.sheets.iter().filter_map(|s| s.parent()) {
            let entry = (folder.to_path_buf(), RecursiveMode::NonRecursive);
            if folder.is_dir() && !wanted.contains(&entry) {
                wanted.push(entry);
            }
        }
        for (path, mode) in std::mem::take(&mut self.watched) {
            if wanted.contains(&(path.clone(), mode)) {
                self.watched.push((path, mode));
            } else {
                let _ = self.inner.unwatch(&path);
            }
        }
        for (path, mode) in wanted {
            if !self.watched.contains(&(path.clone(), mode)) && self.inner.watch(&path, mode).is_ok() {
                self.watched.push((path, mode));
                if rescan {
                    let _ = self.tx.send(Message::Rescan);
                }
            }
        }
        self.folders = folders;
    }

    /// Waits for the next batch of relevant changes.
    pub fn wait(&mut self) -> Wake {
        let mut changed = BTreeSet::new();
        let mut rescan = false;
        // The first relevant event starts the batch.
        let mut quiet = loop {
            match self.rx.recv() {
                Ok(Message::Stop) | Err(_) => return Wake::Stop,
                Ok(Message::Rescan) => {
                    rescan = true;
                    break BATCH;
                }
                Ok(Message::Event(e)) => {
                    if let Some(quiet) = self.take(e, &mut changed, &mut rescan) {
                        break quiet;
                    }
                }
            }
        };
        let started = Instant::now();
        let mut last = started;
        loop {
            let deadline = (last + quiet).min(started + STARVE);
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { break };
            match self.rx.recv_timeout(left) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
                Ok(Message::Rescan) => rescan = true,
                Ok(Message::Event(e)) => {
                    if let Some(q) = self.take(e, &mut changed, &mut rescan) {
                        last = Instant::now();
                        quiet = q;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        if rescan {
            changed.clear();
        }
        Wake::Changed(changed.into_iter().collect())
    }

    /// Adds an event's relevant paths to the batch; when there was one,
    /// returns how long to wait for more.
    fn take(
        &mut self,
        event: notify::Result<notify::Event>,
        changed: &mut BTreeSet<String>,
        rescan: &mut bool,
    ) -> Option<Duration> {
        let event = match event {
            Ok(e) => e,
            // The system dropped events (a full queue): read everything again.
            Err(_) => {
                *rescan = true;
                return Some(BATCH);
            }
        };
        if event.need_rescan() {
            *rescan = true;
            return Some(BATCH);
        }
        if !is_change(&event.kind) {
            return None;
        }
        if matches!(event.kind, EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))) {
            // A watched folder that was removed or renamed away must be watched anew when it comes back.
            self.watched.retain(|(p, _)| !event.paths.contains(p));
        }
        let mut any = false;
        for path in &event.paths {
            if relevant(&self.folders, path) {
                changed.insert(crate::load::display_path(&self.folders.root, path));
                any = true;
            }
        }
        any.then(|| if completes(&event.kind) { SETTLED } else { BATCH })
    }
}

/// Whether an event ends a change: a file closed after writing, renamed, or removed.
fn completes(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(_))
            | EventKind::Remove(_)
    )
}

/// Writes, creations, removals and renames; not opening or reading a file
/// (which every build does).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether a change to `path` can change the brief.
pub(crate) fn relevant(folders: &Folders, path: &Path) -> bool {
    if path.starts_with(&folders.out) {
        return false;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else { return false };
    if is_scratch(&name) {
        return false;
    }
    if folders.sheets.iter().any(|s| s == path) {
        return true;
    }
    // Hidden folders (.git, .idea, ...) anywhere below the project folder.
    if let Ok(rel) = path.strip_prefix(&folders.root)
        && rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return false;
    }
    if folders.trees().iter().any(|tree| path.starts_with(tree)) {
        // Programs are YAML files; a path without an extension may be a folder.
        if path.starts_with(&folders.programs) && !path.starts_with(&folders.templates) {
            return match path.extension().and_then(|e| e.to_str()) {
                Some(ext) => matches!(ext.to_ascii_lowercase().as_str(), "yaml" | "yml"),
                None => true,
            };
        }
        return true;
    }
    // In the project folder itself: brief.yaml, or one of the folders appearing or going.
    if path.parent() == Some(folders.root.as_path()) {
        return PROJECT_FILES.contains(&name.as_ref()) || folders.trees().iter().any(|t| t.starts_with(path));
    }
    false
}

/// Editor swap, backup and lock files, and the temporary files of atomic saves.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim checks it may write to a folder with this file
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".kate-swp", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders() -> Folders {
        Folders {
            root: "/p".into(),
            programs: "/p/programs".into(),
            templates: "/p/report-templates".into(),
            out: "/p/out".into(),
            fonts: None,
            sheets: vec!["/p/data/kpis.xlsx".into()],
        }
    }

    #[test]
    fn only_inputs_are_relevant() {
        let f = folders();
        for yes in [
            "/p/brief.yaml",
            "/p/programs/a.yaml",
            "/p/programs/emea/eu/b.yml",
            "/p/programs/new-folder",
            "/p/programs",
            "/p/report-templates/monthly-brief/main.typ",
            "/p/report-templates/common/logo.svg",
            "/p/data/kpis.xlsx",
        ] {
            assert!(relevant(&f, Path::new(yes)), "{yes} is an input");
        }
        for no in [
            "/p/out/2026-11/monthly-brief.pdf",
            "/p/out/2026-11/.monthly-brief.pdf.x1y2.tmp",
            "/p/programs/.a.yaml.swp",
            "/p/programs/a.yaml~",
            "/p/programs/4913",
            "/p/data/other.xlsx",
            "/p/data/.~lock.kpis.xlsx#",
            "/p/programs/#a.yaml#",
            "/p/programs/notes.txt",
            "/p/.git/index",
            "/p/programs/.hidden/a.yaml",
            "/p/README.md",
            "/p/report-templates/monthly-brief/.main.typ.swp",
            "/elsewhere/brief.yaml",
        ] {
            assert!(!relevant(&f, Path::new(no)), "{no} is not an input");
        }
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(notify::event::ModifyKind::Any)));
    }

    #[test]
    fn a_completed_write_settles_sooner() {
        use notify::event::{ModifyKind, RemoveKind, RenameMode};
        assert!(completes(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(completes(&EventKind::Modify(ModifyKind::Name(RenameMode::To))));
        assert!(completes(&EventKind::Remove(RemoveKind::File)));
        assert!(!completes(&EventKind::Modify(ModifyKind::Any)));
        assert!(!completes(&EventKind::Create(notify::event::CreateKind::File)));
    }

    #[test]
    fn writes_are_batched_and_output_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = crate::load::canonical(dir.path());
        std::fs::create_dir_all(root.join("programs")).unwrap();
        let f = Folders {
            root: root.clone(),
            programs: root.join("programs"),
            templates: root.join("report-templates"),
            out: root.join("out"),
            fonts: None,
            sheets: Vec::new(),
        };
        let mut w = Watcher::new(f).unwrap();
        let writer = std::thread::spawn({
            let root = root.clone();
            move || {
                for i in 0..5 {
                    std::fs::write(root.join("programs/a.yaml"), format!("id: a{i}\n")).unwrap();
                    std::fs::create_dir_all(root.join("out")).unwrap();
                    std::fs::write(root.join("out/x.pdf"), "x").unwrap();
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        });
        let Wake::Changed(paths) = w.wait() else { panic!("stopped") };
        writer.join().unwrap();
        assert_eq!(paths, ["programs/a.yaml"]);
        w.stopper().stop();
        while !matches!(w.wait(), Wake::Stop) {}
    }
}
