//! The menu bar, and what the window shows when no document could be opened.

use egui::KeyboardShortcut;

use super::shortcuts::{
    FULL_SCREEN, NEW, OPEN, PRESENT, QUIT, REDO, RESET_VIEW, SAVE, SAVE_AS, UNDO,
};
use super::{Action, App};
use crate::document::Document;
use crate::io;
use crate::ui::{GroupBy, ViewCommand, theme};

impl App {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let sc = |s: &KeyboardShortcut| ctx.format_shortcut(s);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("New").shortcut_text(sc(&NEW)))
                    .clicked()
                {
                    self.actions.push(Action::New);
                }
                if ui
                    .add(egui::Button::new("Open…").shortcut_text(sc(&OPEN)))
                    .clicked()
                {
                    self.actions.push(Action::Open);
                }
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.settings.recent.clone() {
                        if ui
                            .button(io::display_name(&path))
                            .on_hover_text(path.display().to_string())
                            .clicked()
                        {
                            self.actions.push(Action::OpenPath(path));
                        }
                    }
                });
                if ui.button("Open built-in example").clicked() {
                    self.actions.push(Action::OpenExample);
                }
                ui.separator();
                let has_doc = self.doc.is_some();
                if ui
                    .add_enabled(has_doc, egui::Button::new("Save").shortcut_text(sc(&SAVE)))
                    .clicked()
                {
                    self.actions.push(Action::Save);
                }
                if ui
                    .add_enabled(
                        has_doc,
                        egui::Button::new("Save as…").shortcut_text(sc(&SAVE_AS)),
                    )
                    .clicked()
                {
                    self.actions.push(Action::SaveAs);
                }
                ui.menu_button("Export", |ui| self.export_menu_ui(ui));
                ui.separator();
                if ui
                    .add(egui::Button::new("Quit").shortcut_text(sc(&QUIT)))
                    .clicked()
                {
                    self.actions.push(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let doc = self.doc.as_ref();
                let steps = [
                    (
                        "Undo",
                        doc.and_then(Document::undo_label),
                        UNDO,
                        Action::Undo,
                    ),
                    (
                        "Redo",
                        doc.and_then(Document::redo_label),
                        REDO,
                        Action::Redo,
                    ),
                ];
                for (verb, what, keys, action) in steps {
                    // "Undo: Change rate", or plain "Undo" when there is nothing to undo.
                    let text = what.map_or_else(|| verb.to_owned(), |w| format!("{verb}: {w}"));
                    let item = egui::Button::new(text).shortcut_text(sc(&keys));
                    if ui.add_enabled(what.is_some(), item).clicked() {
                        self.actions.push(action);
                    }
                }
            });
            ui.menu_button("View", |ui| {
                let mut show = self.settings.view.show_assumptions && !self.narrow_start;
                if ui.checkbox(&mut show, "Assumptions panel").clicked() {
                    self.actions.push(Action::ToggleAssumptions);
                }
                let mut dark = self.settings.dark;
                if ui.checkbox(&mut dark, "Dark theme").clicked() {
                    self.actions.push(Action::ToggleTheme);
                }
                if ui
                    .add(egui::Button::new("Show whole horizon").shortcut_text(sc(&RESET_VIEW)))
                    .clicked()
                {
                    self.actions.push(Action::ResetView);
                }
                ui.separator();
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new("Present").shortcut_text(sc(&PRESENT)),
                    )
                    .on_hover_text("Full screen, large type: step through the storyboard")
                    .clicked()
                {
                    self.actions.push(Action::Present);
                }
                if ui
                    .add_enabled(self.doc.is_some(), egui::Button::new("Uncertainty…"))
                    .on_hover_text("Sensitivity tornado, Monte Carlo and goal seek")
                    .clicked()
                {
                    self.uncertainty.open = true;
                }
                if ui
                    .add_enabled(self.doc.is_some(), egui::Button::new("Storyboard…"))
                    .on_hover_text("The steps presenter mode walks through")
                    .clicked()
                {
                    self.show_storyboard = true;
                }
                if ui
                    .add(egui::Button::new("Full screen").shortcut_text(sc(&FULL_SCREEN)))
                    .clicked()
                {
                    self.actions.push(Action::FullScreen);
                }
                ui.separator();
                ui.label("Group clauses by");
                for (by, label) in [(GroupBy::Kind, "Kind"), (GroupBy::Amendment, "Amendment")] {
                    if ui.radio(self.settings.view.group_by == by, label).clicked() {
                        self.commands.push(ViewCommand::SetGroupBy(by));
                    }
                }
            });
            ui.menu_button("Scenarios", |ui| self.scenarios_menu_ui(ui));
            ui.menu_button("Compare", |ui| self.compare_menu_ui(ui));
            ui.menu_button("Help", |ui| {
                if ui.button("Getting started").clicked() {
                    self.show_getting_started = true;
                }
                if ui.button("Keyboard shortcuts").clicked() {
                    self.show_shortcuts = true;
                }
                ui.separator();
                if ui.button("About Agreement Explorer").clicked() {
                    self.show_about = true;
                }
            });
            ui.separator();
            self.scenario_picker_ui(ui);
        });
    }

    pub(super) fn empty_state_ui(&mut self, ui: &mut egui::Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.25);
            ui.heading("This file could not be opened");
            ui.add_space(theme::GAP);
            if let Some(f) = &self.failure {
                ui.colored_label(theme::ERROR, &f.message);
            }
            ui.add_space(2.0 * theme::GAP);
            ui.horizontal(|ui| {
                let width = 3.0 * 130.0;
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                if ui.button("Open…").clicked() {
                    self.actions.push(Action::Open);
                }
                if ui.button("New").clicked() {
                    self.actions.push(Action::New);
                }
                if ui.button("Built-in example").clicked() {
                    self.actions.push(Action::OpenExample);
                }
            });
        });
    }
}
