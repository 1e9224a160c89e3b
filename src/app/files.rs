//! File dialogs: the desktop's own where it has them, the app's own where it does not.
//! Behind a trait, so that tests pass paths and never open a dialog.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What came of asking for a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown (no desktop portal): ask inside the window instead.
    Unavailable,
}

/// Asks the user for a file to open or a place to save.
pub trait FileDialogs {
    /// A `.ron` file to open, starting in `folder`.
    fn pick_open(&mut self, folder: &Path) -> Picked;
    /// Where to save, starting in `folder` and suggesting `file_name`.
    fn pick_save(&mut self, folder: &Path, file_name: &str) -> Picked;
}

/// A native dialog that answers faster than this did not open: a person takes longer
/// to cancel one. Without a desktop portal, rfd answers within milliseconds.
const NO_DIALOG: Duration = Duration::from_millis(250);

/// The desktop's own dialogs (the xdg portal on Linux). Once they have failed to
/// appear, the app asks inside the window for the rest of the session.
#[derive(Debug, Default)]
pub struct NativeDialogs {
    unavailable: bool,
}

impl NativeDialogs {
    fn ask(&mut self, pick: impl FnOnce() -> Option<PathBuf>) -> Picked {
        if self.unavailable {
            return Picked::Unavailable;
        }
        let start = Instant::now();
        match pick() {
            Some(path) => Picked::Path(path),
            None if start.elapsed() < NO_DIALOG => {
                self.unavailable = true;
                Picked::Unavailable
            }
            None => Picked::Cancelled,
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self, folder: &Path) -> Picked {
        self.ask(|| {
            rfd::FileDialog::new()
                .add_filter("Agreement", &["ron"])
                .set_directory(folder)
                .pick_file()
        })
    }

    fn pick_save(&mut self, folder: &Path, file_name: &str) -> Picked {
        match self.ask(|| {
            rfd::FileDialog::new()
                .add_filter("Agreement", &["ron"])
                .set_directory(folder)
                .set_file_name(file_name)
                .save_file()
        }) {
            Picked::Path(path) => Picked::Path(with_ron_extension(path)),
            other => other,
        }
    }
}

/// `path`, with `.ron` added if it has no extension.
pub fn with_ron_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}

/// Where dialogs start when no folder has been used yet: the examples, if they are
/// at hand, or the working folder.
pub fn default_folder() -> PathBuf {
    let saves = PathBuf::from("saves");
    if saves.is_dir() {
        std::fs::canonicalize(&saves).unwrap_or(saves)
    } else {
        std::env::current_dir().unwrap_or_default()
    }
}

/// Dialogs that answer from queues, for tests; with `native: false` they behave like a
/// desktop without a portal, so that the app asks inside the window.
#[derive(Debug)]
pub struct ScriptedDialogs {
    pub open: Vec<PathBuf>,
    pub save: Vec<PathBuf>,
    pub native: bool,
}

impl Default for ScriptedDialogs {
    fn default() -> Self {
        Self {
            open: Vec::new(),
            save: Vec::new(),
            native: true,
        }
    }
}

impl ScriptedDialogs {
    fn next(native: bool, queue: &mut Vec<PathBuf>) -> Picked {
        if !native {
            Picked::Unavailable
        } else if queue.is_empty() {
            Picked::Cancelled
        } else {
            Picked::Path(queue.remove(0))
        }
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick_open(&mut self, _folder: &Path) -> Picked {
        Self::next(self.native, &mut self.open)
    }

    fn pick_save(&mut self, _folder: &Path, _file_name: &str) -> Picked {
        Self::next(self.native, &mut self.save)
    }
}

/// The app's own file dialog, shown inside the window where the desktop has none:
/// `.ron` files only, a typed path accepted.
pub struct InAppDialog {
    dialog: egui_file::FileDialog,
}

impl std::fmt::Debug for InAppDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppDialog")
            .field("folder", &self.dialog.directory())
            .finish_non_exhaustive()
    }
}

impl InAppDialog {
    /// Asks for a file to open, starting in `folder`.
    pub fn open(folder: &Path) -> Self {
        Self::new(egui_file::FileDialog::open_file(), folder, "Open agreement")
    }

    /// Asks where to save, starting in `folder` with `file_name` filled in.
    pub fn save(folder: &Path, file_name: &str) -> Self {
        let dialog = egui_file::FileDialog::save_file().default_filename(file_name);
        Self::new(dialog, folder, "Save agreement")
    }

    fn new(dialog: egui_file::FileDialog, folder: &Path, title: &str) -> Self {
        let is_ron = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        let mut dialog = dialog
            .initial_path(folder)
            .title(title)
            .id(egui::Id::unique("in_app_file_dialog"))
            .default_size(egui::vec2(560.0, 420.0))
            .show_files_filter(Box::new(is_ron))
            .show_rename(false)
            .show_new_folder(true)
            .keep_on_top(true);
        dialog.open();
        Self { dialog }
    }

    /// Shows the dialog; once it is done, `Some` with the chosen path (`.ron` added to a
    /// new file's name) or `None` if it was cancelled.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Option<PathBuf>> {
        self.dialog.show(ctx);
        match self.dialog.state() {
            egui_file::State::Open => None,
            egui_file::State::Selected => {
                Some(self.dialog.path().map(|p| with_ron_extension(p.to_owned())))
            }
            egui_file::State::Closed | egui_file::State::Cancelled => Some(None),
        }
    }
}
