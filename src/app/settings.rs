//! The app's own settings, kept in eframe's storage and never in an agreement file.

use std::path::{Path, PathBuf};

use crate::ui::ViewPrefs;

/// How many recent files are remembered.
const RECENT_LEN: usize = 10;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    /// The folder a file was last opened from or saved to: where dialogs start.
    pub last_folder: Option<PathBuf>,
    pub dark: bool,
    /// How the window is laid out; changed through view commands.
    #[serde(flatten)]
    pub view: ViewPrefs,
}

impl Settings {
    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.last_folder = path.parent().map(Path::to_path_buf);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LEN);
    }
}
