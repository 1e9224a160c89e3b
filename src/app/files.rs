//! File dialogs behind a trait, so that tests pass paths and never open a dialog.

use std::path::PathBuf;

/// Asks the user for a file to open or a place to save.
pub trait FileDialogs {
    /// A `.ron` file to open; none if cancelled.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, suggesting `file_name`; none if cancelled.
    fn pick_save(&mut self, file_name: &str) -> Option<PathBuf>;
}

/// The desktop's own dialogs (xdg portal on Linux).
#[derive(Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Agreement", &["ron"])
            .set_directory(start_dir())
            .pick_file()
    }

    fn pick_save(&mut self, file_name: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .add_filter("Agreement", &["ron"])
            .set_directory(start_dir())
            .set_file_name(file_name)
            .save_file()?;
        Some(if path.extension().is_some() {
            path
        } else {
            path.with_extension("ron")
        })
    }
}

fn start_dir() -> PathBuf {
    let saves = PathBuf::from("saves");
    if saves.is_dir() {
        saves
    } else {
        std::env::current_dir().unwrap_or_default()
    }
}

/// Dialogs that answer from queues: for tests.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    pub open: Vec<PathBuf>,
    pub save: Vec<PathBuf>,
}

impl FileDialogs for ScriptedDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        (!self.open.is_empty()).then(|| self.open.remove(0))
    }

    fn pick_save(&mut self, _file_name: &str) -> Option<PathBuf> {
        (!self.save.is_empty()).then(|| self.save.remove(0))
    }
}
