//! Recovery copies: while a document has unsaved changes, a copy is written now and
//! then to the app's data folder (never beside the user's file), so that a crash loses
//! at most a few seconds of work. Each running app holds a lock on its own copy; a copy
//! whose lock nobody holds was left by an app that died, and is offered back at start.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::io;
use crate::model::Agreement;

/// How often unsaved changes are copied, at most this long after they were made.
pub const INTERVAL: Duration = Duration::from_secs(10);

/// What a copy says about itself, beside the copy.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyInfo {
    /// The file the document was opened from or saved to; none if it never was.
    pub path: Option<PathBuf>,
    /// The agreement's title, for documents without a file.
    pub title: String,
    /// When the copy was written, in seconds since 1970 (UTC).
    pub written_secs: u64,
}

impl CopyInfo {
    /// "deal.ron" or, for a document never saved, its title.
    pub fn name(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(|| self.title.clone(), io::display_name)
    }

    /// When the copy was written, as `2026-11-30 14:05 UTC`.
    pub fn written_text(&self) -> String {
        i64::try_from(self.written_secs)
            .ok()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map_or_else(
                || "at an unknown time".to_owned(),
                |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
            )
    }
}

/// A copy left by an app that is no longer running.
#[derive(Debug)]
pub struct Orphan {
    pub info: CopyInfo,
    /// The copy's files share this stem: `<stem>.ron`, `<stem>.json`, `<stem>.lock`.
    stem: PathBuf,
}

impl Orphan {
    /// The copied agreement.
    pub fn load(&self) -> anyhow::Result<Agreement> {
        let path = self.stem.with_extension("ron");
        io::load(&path).map_err(|e| anyhow::anyhow!(e.describe(&path)))
    }

    /// Deletes the copy (after it was restored or the user discarded it).
    pub fn remove(self) {
        remove_copy(&self.stem);
    }
}

/// This app's recovery copy: where it goes, and the lock that says the app is alive.
#[derive(Debug)]
pub struct Recovery {
    stem: PathBuf,
    /// Held while the app runs; dropping it (or the process dying) frees the copy.
    #[cfg_attr(not(test), expect(dead_code, reason = "held for its lock, never read"))]
    lock: Option<File>,
    /// Whether a copy is on disk now.
    written: bool,
}

impl Recovery {
    /// Claims a place for this app's copy in `dir` (created if need be) and lists the
    /// copies that apps which died left there, oldest first.
    pub fn start(dir: &Path) -> anyhow::Result<(Self, Vec<Orphan>)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create the recovery folder {}", dir.display()))?;
        let orphans = orphans(dir);
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let stem = dir.join(format!("{}-{since}", std::process::id()));
        let lock = File::create(stem.with_extension("lock"))
            .with_context(|| format!("could not create a recovery lock in {}", dir.display()))?;
        lock.try_lock()
            .with_context(|| format!("could not lock {}", stem.display()))?;
        Ok((
            Self {
                stem,
                lock: Some(lock),
                written: false,
            },
            orphans,
        ))
    }

    /// Writes `agreement` as the copy, atomically, with what it is and when.
    pub fn write(&mut self, agreement: &Agreement, path: Option<&Path>) -> anyhow::Result<()> {
        let text = io::to_ron_string(agreement)?;
        io::write_atomically(&self.stem.with_extension("ron"), text.as_bytes())?;
        let info = CopyInfo {
            path: path.map(Path::to_path_buf),
            title: agreement.title.clone(),
            written_secs: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs(),
        };
        let json = serde_json::to_vec_pretty(&info)?;
        io::write_atomically(&self.stem.with_extension("json"), &json)?;
        self.written = true;
        Ok(())
    }

    /// Removes the copy: the changes were saved or discarded.
    pub fn clear(&mut self) {
        if self.written {
            for ext in ["ron", "json"] {
                let _ = std::fs::remove_file(self.stem.with_extension(ext));
            }
            self.written = false;
        }
    }
}

impl Recovery {
    /// What dying does: the lock goes with the process, the files stay.
    #[cfg(test)]
    fn crash(mut self) -> PathBuf {
        drop(self.lock.take());
        let stem = self.stem.clone();
        std::mem::forget(self);
        stem
    }
}

impl Drop for Recovery {
    /// A normal exit leaves nothing behind: the copy only outlives a crash.
    fn drop(&mut self) {
        self.clear();
        let _ = std::fs::remove_file(self.stem.with_extension("lock"));
    }
}

fn remove_copy(stem: &Path) {
    for ext in ["ron", "json", "lock"] {
        let _ = std::fs::remove_file(stem.with_extension(ext));
    }
}

/// Copies in `dir` whose lock nobody holds, oldest first. Locks without a copy are
/// tidied away; a copy that cannot be read is left alone.
fn orphans(dir: &Path) -> Vec<Orphan> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stems: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "lock"))
        .map(|p| p.with_extension(""))
        .collect();
    stems.sort();
    let mut found = Vec::new();
    for stem in stems {
        let Ok(lock) = File::options()
            .write(true)
            .open(stem.with_extension("lock"))
        else {
            continue;
        };
        if lock.try_lock().is_err() {
            continue; // A running app's copy.
        }
        let info = std::fs::read(stem.with_extension("json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CopyInfo>(&bytes).ok());
        match info {
            Some(info) if stem.with_extension("ron").is_file() => found.push(Orphan { info, stem }),
            _ => remove_copy(&stem),
        }
    }
    found.sort_by_key(|o| o.info.written_secs);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(title: &str) -> Agreement {
        let mut a = crate::app::new_agreement();
        a.title = title.to_owned();
        a
    }

    #[test]
    fn a_running_apps_copy_is_not_offered_and_a_dead_ones_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut first, orphans) = Recovery::start(dir.path()).expect("starts");
        assert!(orphans.is_empty());
        first
            .write(&agreement("First"), Some(Path::new("/deals/first.ron")))
            .expect("writes");
        // Another app starting now sees a live lock: nothing to offer.
        let (second, orphans) = Recovery::start(dir.path()).expect("starts");
        assert!(orphans.is_empty());
        drop(second);
        let stem = first.crash();
        let (_third, orphans) = Recovery::start(dir.path()).expect("starts");
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].info.name(), "first.ron");
        assert_eq!(orphans[0].load().expect("loads").title, "First");
        assert_eq!(orphans[0].stem, stem);
    }

    #[test]
    fn copies_of_several_crashed_apps_are_kept_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Two apps write copies of different documents, then both die.
        let mut stems = Vec::new();
        for (title, path) in [
            ("Alpha", None),
            ("Beta", Some(Path::new("/deals/beta.ron"))),
        ] {
            let (mut app, _) = Recovery::start(dir.path()).expect("starts");
            app.write(&agreement(title), path).expect("writes");
            stems.push(app.crash());
        }
        assert_ne!(stems[0], stems[1]);
        let (_app, orphans) = Recovery::start(dir.path()).expect("starts");
        let mut names: Vec<(String, String)> = orphans
            .iter()
            .map(|o| (o.info.name(), o.load().expect("loads").title))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ("Alpha".to_owned(), "Alpha".to_owned()),
                ("beta.ron".to_owned(), "Beta".to_owned())
            ]
        );
        // Discarding one leaves the other.
        let mut orphans = orphans;
        orphans.remove(0).remove();
        let (_again, left) = Recovery::start(dir.path()).expect("starts");
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn clearing_removes_the_copy_and_a_normal_exit_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut app, _) = Recovery::start(dir.path()).expect("starts");
        app.write(&agreement("Gamma"), None).expect("writes");
        assert!(app.stem.with_extension("ron").exists());
        app.clear();
        assert!(!app.stem.with_extension("ron").exists());
        app.write(&agreement("Gamma"), None).expect("writes");
        drop(app);
        assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 0);
    }
}
