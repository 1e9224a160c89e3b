//! The windows over the app: the questions it asks (save changes?, restore a copy?),
//! its own file dialog, the problems list and the help.

use egui::Key;

use super::{Action, App, FileAction, help, shortcuts, status};
use crate::document::Document;
use crate::ui::theme;

impl App {
    pub(super) fn windows(&mut self, ctx: &egui::Context) {
        self.file_window_ui(ctx);
        self.scenarios_window(ctx);
        self.storyboard_window(ctx);
        self.uncertainty_window(ctx);
        self.diff_window(ctx);
        self.summary_window(ctx);
        self.restore_prompt(ctx);
        if self.show_problems
            && let Some(doc) = &self.doc
        {
            let mut open = true;
            egui::Window::new("Problems")
                .open(&mut open)
                .default_width(520.0)
                .show(ctx, |ui| status::problems_ui(ui, doc, &mut self.commands));
            self.show_problems = open;
        }
        if self.show_shortcuts {
            egui::Window::new("Keyboard shortcuts")
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .open(&mut self.show_shortcuts)
                .collapsible(false)
                .show(ctx, shortcuts::help_ui);
        }
        if self.show_getting_started {
            let mut example = None;
            egui::Window::new("Getting started")
                .pivot(egui::Align2::CENTER_CENTER)
                .default_pos(ctx.content_rect().center())
                .open(&mut self.show_getting_started)
                .default_width(560.0)
                .collapsible(false)
                .show(ctx, |ui| example = help::getting_started_ui(ui));
            if let Some(path) = example {
                self.actions.push(Action::OpenPath(path));
            }
        }
        if self.show_about {
            egui::Window::new("About Agreement Explorer")
                .open(&mut self.show_about)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("Edit an agreement's clauses and see at once what the terms do.");
                    ui.label("Every built-in number carries its source: hover a badge to see it.");
                });
        }
    }

    /// Offers back a copy that an app which died left: Restore (Enter) or Discard.
    fn restore_prompt(&mut self, ctx: &egui::Context) {
        let Some(orphan) = self.orphans.first() else {
            return;
        };
        let message = format!(
            "Agreement Explorer closed unexpectedly while \"{}\" had unsaved changes. \
             A copy of them was kept at {}.",
            orphan.info.name(),
            orphan.info.written_text()
        );
        let restore = Question {
            id: "restore_prompt",
            heading: "Recover unsaved changes?",
            message: &message,
            answers: &[
                ("Restore", "Open the copy (Enter); save it to keep it", true),
                ("Discard", "Delete the copy", false),
            ],
            enter: Some(true),
            escape: None,
        }
        .ask(ctx);
        let Some(restore) = restore else { return };
        let orphan = self.orphans.remove(0);
        if restore {
            match orphan.load() {
                Ok(a) => {
                    let mut doc = Document::new(a, orphan.info.path.clone());
                    doc.mark_unsaved();
                    self.set_document(doc);
                    orphan.remove();
                }
                // The copy stays on disk for another try; say why it did not open.
                Err(e) => self.error = Some(format!("Could not restore the copy: {e:#}")),
            }
        } else {
            orphan.remove();
        }
    }

    /// The app's own file dialog, and what follows its answer.
    fn file_window_ui(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = &mut self.file_window else {
            return;
        };
        let Some(answer) = dialog.show(ctx) else {
            return;
        };
        let Some((_, action)) = self.file_window.take() else {
            return;
        };
        let Some(path) = answer else { return };
        match action {
            FileAction::Open => self.open_path(&path),
            FileAction::Compare => self.compare_with_path(&path),
            FileAction::Save { then } => self.save_to(&path, then),
        }
    }

    /// Save / Discard / Cancel before something would discard unsaved changes.
    pub(super) fn prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        let message = format!(
            "\"{}\" has changes that are not saved.",
            self.document_name()
        );
        let answer = Question {
            id: "unsaved_prompt",
            heading: "Save changes?",
            message: &message,
            answers: &[
                ("Save", "Save, then go on", SaveAnswer::Save),
                ("Discard", "Go on without saving", SaveAnswer::Discard),
                ("Cancel", "Stay with the document (Esc)", SaveAnswer::Cancel),
            ],
            enter: None,
            escape: Some(SaveAnswer::Cancel),
        }
        .ask(ctx);
        let Some(answer) = answer else { return };
        self.pending = None;
        match answer {
            SaveAnswer::Save => self.save(false, Some(pending)),
            SaveAnswer::Discard => self.perform(pending),
            SaveAnswer::Cancel => {}
        }
    }
}

/// The answers to "Save changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SaveAnswer {
    /// Save, then go on if the save worked.
    Save,
    /// Go on without saving.
    Discard,
    /// Stay with the document as it is.
    Cancel,
}

/// A question the app must have answered before it goes on: a modal with a heading, a
/// message and one button per answer; Enter and Esc may answer too.
struct Question<'a, T> {
    id: &'a str,
    heading: &'a str,
    message: &'a str,
    /// Label, tooltip, answer.
    answers: &'a [(&'a str, &'a str, T)],
    enter: Option<T>,
    escape: Option<T>,
}

impl<T: Copy> Question<'_, T> {
    /// Shows the question; the answer given this frame, if any.
    fn ask(self, ctx: &egui::Context) -> Option<T> {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique(self.id)).show(ctx, |ui| {
            ui.set_width(theme::QUESTION_WIDTH);
            ui.heading(self.heading);
            ui.label(self.message);
            ui.add_space(theme::GAP);
            ui.horizontal(|ui| {
                for &(label, tooltip, value) in self.answers {
                    if ui.button(label).on_hover_text(tooltip).clicked() {
                        answer = Some(value);
                    }
                }
            });
            let (enter, escape) =
                ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
            if enter {
                answer = answer.or(self.enter);
            }
            if escape {
                answer = answer.or(self.escape);
            }
        });
        answer
    }
}
