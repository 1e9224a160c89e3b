//! The status bar and the list of validation problems.

use crate::document::Document;
use crate::model::validate::{self, ItemRef};
use crate::ui::{ViewCommand, ViewState, theme};

pub fn status_ui(
    ui: &mut egui::Ui,
    doc: Option<&Document>,
    view: &ViewState,
    notice: Option<&str>,
    show_problems: &mut bool,
) {
    ui.horizontal(|ui| {
        let Some(doc) = doc else {
            ui.label("No agreement open");
            return;
        };
        let place = doc.path.as_ref().map_or_else(
            || "Built-in example, not saved to a file".to_owned(),
            |p| p.display().to_string(),
        );
        ui.label(place);
        if doc.is_modified() {
            ui.colored_label(theme::WARNING, "Unsaved changes")
                .on_hover_text("Save with Ctrl+S");
        }
        if let Some(name) = doc.scenario_name() {
            ui.separator();
            ui.colored_label(theme::SCENARIO, format!("Scenario: {name}"))
                .on_hover_text("Numbers you edit now change this scenario, not the base terms");
        }
        ui.separator();
        let errors = validate::error_count(doc.problems());
        let warnings = doc.problems().len() - errors;
        if errors + warnings == 0 {
            ui.label("✔ no problems");
        } else {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let text = match (errors, warnings) {
                (0, w) => format!("⚠ {}", plural(w, "warning")),
                (e, 0) => format!("⚠ {}", plural(e, "problem")),
                (e, w) => format!("⚠ {} · {}", plural(e, "problem"), plural(w, "warning")),
            };
            if ui
                .add(
                    egui::Button::new(egui::RichText::new(text).color(theme::WARNING)).frame(false),
                )
                .on_hover_text("Show the list of problems and warnings")
                .clicked()
            {
                *show_problems = !*show_problems;
            }
        }
        ui.separator();
        ui.label(format!("playhead {}", view.playhead));
        if let Some(text) = notice {
            ui.separator();
            ui.colored_label(theme::IN_FORCE, format!("✔ {text}"));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("recomputed in {}", micros(doc.recompute_time)))
                .on_hover_text("The projection is recomputed once per change, never per frame");
        });
    });
}

fn micros(d: std::time::Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else {
        format!("{:.1} ms", us / 1000.0)
    }
}

/// Every problem; a click on a clause's problem selects the clause.
pub fn problems_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<ViewCommand>) {
    if doc.problems().is_empty() {
        ui.label("No problems");
        return;
    }
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show(ui, |ui| {
            for problem in doc.problems() {
                let clause = match &problem.item {
                    ItemRef::Clause(id) => doc.agreement().clause(id).map(|c| c.id.clone()),
                    _ => None,
                };
                let text = egui::RichText::new(format!("⚠ {problem}")).color(theme::WARNING);
                if let Some(id) = clause {
                    if ui
                        .add(egui::Button::new(text).frame(false))
                        .on_hover_text("Select this clause")
                        .clicked()
                    {
                        commands.push(ViewCommand::Select(Some(id)));
                    }
                } else {
                    ui.label(text)
                        .on_hover_text("Fix it in the assumptions panel");
                }
            }
        });
}
