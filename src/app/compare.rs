//! Scenarios and comparison in the app: the scenario picker, the scenarios window and
//! the baseline the document is compared with.

use std::path::Path;

use egui::{RichText, Ui};

use super::files::{InAppDialog, Picked};
use super::{App, FileAction};
use crate::document::Edit;
use crate::io;
use crate::model::{Agreement, Scenario};
use crate::ui::{theme, widgets};
use crate::view::baseline::{Baseline, Follows, scenario_terms};

/// What the scenario and compare menus ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareAction {
    /// Show a scenario; none shows the base terms.
    Show(Option<usize>),
    New,
    Duplicate(usize),
    Delete(usize),
    /// Compare with the document as it is now.
    Pin,
    /// Compare with a scenario of this file; none: its base terms.
    WithScenario(Option<usize>),
    /// Compare with another file, asking which.
    WithFile,
    Clear,
}

/// "Base terms" or the scenario's name.
fn scenario_label(a: &Agreement, index: Option<usize>) -> String {
    index
        .and_then(|i| a.scenarios.get(i))
        .map_or_else(|| "Base terms".to_owned(), |s| s.name.clone())
}

/// A name for a new scenario that no other has: "Scenario 3".
fn new_name(a: &Agreement, stem: &str) -> String {
    (1..=a.scenarios.len() + 1)
        .map(|n| {
            if n == 1 && stem != "Scenario" {
                stem.to_owned()
            } else {
                format!("{stem} {n}")
            }
        })
        // One more candidate than there are scenarios: one of them is free.
        .find(|name| a.scenarios.iter().all(|s| s.name != *name))
        .unwrap_or_default()
}

impl App {
    /// The scenario shown, as a combo box in the menu bar.
    pub(super) fn scenario_picker_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let base = doc.base();
        if base.scenarios.is_empty() && self.baseline.is_none() {
            return;
        }
        let shown = doc.scenario();
        let mut pick = None;
        egui::ComboBox::from_id_salt("scenario_picker")
            .selected_text(format!("Scenario: {}", scenario_label(base, shown)))
            .width(theme::SCENARIO_PICKER_WIDTH)
            .show_ui(ui, |ui| {
                for index in std::iter::once(None).chain((0..base.scenarios.len()).map(Some)) {
                    let r = ui.selectable_label(shown == index, scenario_label(base, index));
                    let r = match index.and_then(|i| base.scenarios.get(i)) {
                        Some(s) if !s.description.is_empty() => r.on_hover_text(&s.description),
                        _ => r,
                    };
                    if r.clicked() {
                        pick = Some(index);
                    }
                }
            })
            .response
            .on_hover_text("What the whole window shows: the base terms or a scenario");
        if let Some(index) = pick {
            self.compare_actions.push(CompareAction::Show(index));
        }
        if let Some(b) = &self.baseline {
            ui.label(RichText::new(format!("compared with {}", b.name)).weak())
                .on_hover_text("Dashed in the plots and timeline; Δ on the cards");
        }
    }

    /// The Scenarios menu.
    pub(super) fn scenarios_menu_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else {
            ui.label("No document");
            return;
        };
        let base = doc.base();
        let shown = doc.scenario();
        for index in std::iter::once(None).chain((0..base.scenarios.len()).map(Some)) {
            if ui
                .radio(shown == index, scenario_label(base, index))
                .clicked()
            {
                self.compare_actions.push(CompareAction::Show(index));
            }
        }
        ui.separator();
        if ui.button("New scenario").clicked() {
            self.compare_actions.push(CompareAction::New);
        }
        if let Some(i) = shown {
            if ui.button("Duplicate this scenario").clicked() {
                self.compare_actions.push(CompareAction::Duplicate(i));
            }
            if ui.button("Delete this scenario").clicked() {
                self.compare_actions.push(CompareAction::Delete(i));
            }
        }
        if ui.button("Manage scenarios…").clicked() {
            self.show_scenarios = true;
        }
        if ui
            .button("Scenario summary…")
            .on_hover_text("Every metric for the base terms and each scenario, side by side")
            .clicked()
        {
            self.compare_windows.show_summary = true;
        }
    }

    /// The Compare menu.
    pub(super) fn compare_menu_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else {
            ui.label("No document");
            return;
        };
        if ui
            .button("Pin as baseline")
            .on_hover_text("Compare what follows with the terms as they are now")
            .clicked()
        {
            self.compare_actions.push(CompareAction::Pin);
        }
        let base = doc.base();
        ui.menu_button("Compare with scenario", |ui| {
            for index in std::iter::once(None).chain((0..base.scenarios.len()).map(Some)) {
                if ui.button(scenario_label(base, index)).clicked() {
                    self.compare_actions
                        .push(CompareAction::WithScenario(index));
                }
            }
        });
        if ui.button("Compare with file…").clicked() {
            self.compare_actions.push(CompareAction::WithFile);
        }
        if ui
            .add_enabled(
                self.baseline.is_some(),
                egui::Button::new("Show differences…"),
            )
            .on_hover_text("What differs from the baseline, parameter by parameter")
            .clicked()
        {
            self.compare_windows.show_diff = true;
        }
        ui.separator();
        if ui
            .add_enabled(self.baseline.is_some(), egui::Button::new("Clear baseline"))
            .clicked()
        {
            self.compare_actions.push(CompareAction::Clear);
        }
    }

    /// Runs what the menus and the window asked for.
    pub(super) fn run_compare_actions(&mut self) {
        for action in std::mem::take(&mut self.compare_actions) {
            self.run_compare(action);
        }
    }

    fn run_compare(&mut self, action: CompareAction) {
        if action == CompareAction::WithFile {
            let folder = self.folder();
            match self.dialogs.pick_open(&folder) {
                Picked::Path(path) => self.compare_with_path(&path),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    self.file_window = Some((InAppDialog::open(&folder), FileAction::Compare));
                }
            }
            return;
        }
        let Some(doc) = &mut self.doc else { return };
        let base = doc.base().clone();
        match action {
            CompareAction::Show(index) => doc.show_scenario(index),
            CompareAction::New => {
                let name = new_name(&base, "Scenario");
                let index = base.scenarios.len();
                doc.apply(Edit::new("New scenario", move |a: &mut Agreement| {
                    a.scenarios.push(Scenario::new(name));
                }));
                doc.show_scenario(Some(index));
                self.show_scenarios = true;
            }
            CompareAction::Duplicate(i) => {
                let Some(mut copy) = base.scenarios.get(i).cloned() else {
                    return;
                };
                copy.name = new_name(&base, &format!("{} copy", copy.name));
                let index = base.scenarios.len();
                doc.apply(Edit::new("Duplicate scenario", move |a: &mut Agreement| {
                    a.scenarios.push(copy);
                }));
                doc.show_scenario(Some(index));
            }
            CompareAction::Delete(i) => {
                let Some(name) = base.scenarios.get(i).map(|s| s.name.clone()) else {
                    return;
                };
                doc.apply(Edit::new(
                    format!("Delete scenario “{name}”"),
                    move |a: &mut Agreement| {
                        if a.scenarios.get(i).is_some_and(|s| s.name == name) {
                            a.scenarios.remove(i);
                        }
                    },
                ));
            }
            CompareAction::Pin => {
                let name = format!(
                    "{} as pinned",
                    doc.scenario_name().unwrap_or("the base terms")
                );
                self.baseline = Some(Baseline::new(name, doc.agreement().clone()));
            }
            CompareAction::WithScenario(index) => {
                let scenario = match index {
                    Some(i) => match base.scenarios.get(i) {
                        Some(s) => Some(s.name.clone()),
                        None => return,
                    },
                    None => None,
                };
                let Some(agreement) = scenario_terms(&base, scenario.as_deref()) else {
                    return;
                };
                let name = match index {
                    Some(_) => format!("scenario “{}”", scenario_label(&base, index)),
                    None => "the base terms".to_owned(),
                };
                let mut baseline = Baseline::new(name, agreement);
                baseline.follows = Some(Follows {
                    document: doc.id(),
                    scenario,
                    revision: doc.revision(),
                });
                self.baseline = Some(baseline);
            }
            CompareAction::Clear => self.baseline = None,
            CompareAction::WithFile => {}
        }
    }

    /// Compares the document with the agreement in `path`.
    pub(super) fn compare_with_path(&mut self, path: &Path) {
        match io::load(path) {
            Ok(a) => {
                self.baseline = Some(Baseline::new(io::display_name(path), a));
            }
            Err(e) => {
                self.error = Some(format!("Could not compare with {}", e.describe(path)));
            }
        }
    }

    /// The scenarios window: each scenario's name, description and overrides.
    pub(super) fn scenarios_window(&mut self, ctx: &egui::Context) {
        if !self.show_scenarios {
            return;
        }
        let Some(doc) = &self.doc else { return };
        let base = doc.base();
        let shown = doc.scenario();
        let mut open = true;
        let mut edits: Vec<Edit> = Vec::new();
        let mut actions = Vec::new();
        egui::Window::new("Scenarios")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new(
                        "A scenario overrides numbers of the base terms. Show one, then edit \
                         any number: the change goes into the scenario.",
                    )
                    .weak(),
                );
                if ui.radio(shown.is_none(), "Base terms").clicked() {
                    actions.push(CompareAction::Show(None));
                }
                for (i, s) in base.scenarios.iter().enumerate() {
                    ui.separator();
                    scenario_ui(ui, base, i, s, shown == Some(i), &mut edits, &mut actions);
                }
                ui.separator();
                if ui.button("+ New scenario").clicked() {
                    actions.push(CompareAction::New);
                }
            });
        self.show_scenarios = open;
        self.edits.extend(edits);
        self.compare_actions.extend(actions);
    }
}

/// One scenario in the window: show it, its name and description, its overrides.
fn scenario_ui(
    ui: &mut Ui,
    base: &Agreement,
    i: usize,
    s: &Scenario,
    shown: bool,
    edits: &mut Vec<Edit>,
    actions: &mut Vec<CompareAction>,
) {
    ui.push_id(("scenario", i), |ui| {
        ui.horizontal(|ui| {
            if ui
                .radio(shown, "")
                .on_hover_text("Show this scenario")
                .clicked()
            {
                actions.push(CompareAction::Show(Some(i)));
            }
            let mut name = s.name.clone();
            let label = ui.label("Name");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut name)
                        .desired_width(theme::SCENARIO_PICKER_WIDTH),
                )
                .labelled_by(label.id)
                .on_hover_text("The scenario's name");
            if r.changed() {
                let old = s.name.clone();
                edits.push(Edit::merging(
                    "Rename scenario",
                    format!("scenario-{i}-name"),
                    move |a: &mut Agreement| {
                        if let Some(s) = a.scenarios.get_mut(i).filter(|s| s.name == old) {
                            s.name = name;
                        }
                    },
                ));
            }
            if ui.small_button("Duplicate").clicked() {
                actions.push(CompareAction::Duplicate(i));
            }
            if ui.small_button("Delete").clicked() {
                actions.push(CompareAction::Delete(i));
            }
            if ui
                .small_button("Compare")
                .on_hover_text("Use it as the baseline")
                .clicked()
            {
                actions.push(CompareAction::WithScenario(Some(i)));
            }
        });
        let mut description = s.description.clone();
        let r = ui
            .horizontal(|ui| {
                let label = ui.label("About");
                ui.add(
                    egui::TextEdit::singleline(&mut description)
                        .hint_text("What question it answers")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
                .on_hover_text("The scenario's description")
            })
            .inner;
        if r.changed() {
            let name = s.name.clone();
            edits.push(Edit::merging(
                "Change scenario description",
                format!("scenario-{i}-description"),
                move |a: &mut Agreement| {
                    if let Some(s) = a.scenarios.get_mut(i).filter(|s| s.name == name) {
                        s.description = description;
                    }
                },
            ));
        }
        if s.overrides.is_empty() {
            ui.weak("No overrides yet: show it and edit a number");
        }
        for o in &s.overrides {
            edits.extend(widgets::override_row_ui(ui, base, s, o));
        }
    });
}

/// What the differences and summary windows show, computed once per change.
#[derive(Debug, Default)]
pub struct CompareWindows {
    pub show_diff: bool,
    pub show_summary: bool,
    /// The diff from the baseline (by id) to the document (by revision).
    diff: Option<(u64, u64, Vec<crate::compare::Row>)>,
    /// The scenario summary at a document revision.
    summary: Option<(u64, crate::view::summary::Summary)>,
}

impl App {
    /// The differences window: what differs from the baseline to the terms shown, one
    /// row per changed parameter; a click selects the item.
    pub(super) fn diff_window(&mut self, ctx: &egui::Context) {
        if !self.compare_windows.show_diff {
            return;
        }
        let Some(doc) = &self.doc else { return };
        let mut open = true;
        let mut commands = Vec::new();
        let w = &mut self.compare_windows;
        let baseline = self.baseline.as_ref();
        egui::Window::new("Differences")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(620.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                let Some(b) = baseline else {
                    ui.weak("Pin a baseline, or compare with a scenario or a file (Compare menu), to see what differs");
                    return;
                };
                let key = (b.id, doc.revision());
                if w.diff.as_ref().is_none_or(|(id, rev, _)| (*id, *rev) != key) {
                    w.diff = Some((key.0, key.1, crate::compare::diff(&b.agreement, doc.agreement())));
                }
                let Some((_, _, rows)) = &w.diff else { return };
                ui.label(RichText::new(format!("From {} to the terms shown: {} differences", b.name, rows.len())).weak());
                if rows.is_empty() {
                    ui.label("No differences");
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for row in rows {
                        if ui
                            .add(egui::Button::new(row.to_string()).frame(false).wrap())
                            .on_hover_text("Select it")
                            .clicked()
                        {
                            match row.item.item_ref() {
                                crate::model::validate::ItemRef::Clause(id) => {
                                    commands.push(crate::ui::ViewCommand::Select(Some(id)));
                                }
                                _ => commands.push(crate::ui::ViewCommand::ShowAssumptions(true)),
                            }
                        }
                    }
                });
            });
        self.compare_windows.show_diff = open;
        self.commands.extend(commands);
    }

    /// The scenario summary: every metric for the base terms and each scenario, with
    /// the difference to the base; copyable as CSV.
    pub(super) fn summary_window(&mut self, ctx: &egui::Context) {
        if !self.compare_windows.show_summary {
            return;
        }
        let Some(doc) = &self.doc else { return };
        let mut open = true;
        let w = &mut self.compare_windows;
        let mut notice = None;
        egui::Window::new("Scenario summary")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(820.0)
            .default_height(520.0)
            .show(ctx, |ui| {
                let revision = doc.revision();
                if w.summary.as_ref().is_none_or(|(r, _)| *r != revision) {
                    let base = doc.base();
                    let p = crate::engine::project(base);
                    w.summary = Some((revision, crate::view::summary::Summary::new(base, &p)));
                }
                let Some((_, s)) = &w.summary else { return };
                if s.scenarios.is_empty() {
                    ui.weak("No scenarios yet: Scenarios → New scenario");
                    return;
                }
                if ui
                    .button("Copy as CSV")
                    .on_hover_text("Every metric, the base and each scenario with its difference, for a spreadsheet")
                    .clicked()
                {
                    ui.ctx().copy_text(s.to_csv());
                    notice = Some("Copied the scenario summary as CSV".to_owned());
                }
                egui::ScrollArea::both().show(ui, |ui| {
                    egui::Grid::new("scenario_summary")
                        .striped(true)
                        .num_columns(2 + s.scenarios.len())
                        .show(ui, |ui| {
                            ui.strong("Metric");
                            ui.strong("Base terms");
                            for name in &s.scenarios {
                                ui.strong(name);
                            }
                            ui.end_row();
                            for row in &s.rows {
                                ui.label(&row.label);
                                ui.label(&row.base.text);
                                for c in &row.scenarios {
                                    let delta = if c.delta_text.is_empty() {
                                        String::new()
                                    } else if c.delta_fraction_text.is_empty() {
                                        format!(" (Δ {})", c.delta_text)
                                    } else {
                                        format!(" (Δ {}, {})", c.delta_text, c.delta_fraction_text)
                                    };
                                    ui.label(format!("{}{delta}", c.cell.text));
                                }
                                ui.end_row();
                            }
                        });
                });
            });
        self.compare_windows.show_summary = open;
        if let Some(text) = notice {
            self.notice = Some((text, std::time::Instant::now()));
        }
    }
}
