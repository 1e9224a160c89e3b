//! Help → Getting started: what each part of the window is for and how to work in it.

use std::path::PathBuf;

/// The parts of the window and what they are for.
const PANELS: [(&str, &str); 6] = [
    (
        "Clauses (left)",
        "Every term of the agreement, grouped by kind or by amendment. The dot says whether \
         the clause is in force at the playhead; ⚠ marks a problem. Select a clause to edit \
         it below the list: its terms, its period, its text and its sources.",
    ),
    (
        "Timeline (centre, top)",
        "One lane per clause, coloured by how exclusive it is: deep red exclusive, amber \
         right of first refusal, yellow preferred, teal non-exclusive. Triangles mark \
         amendments and triggers. Drag a segment's edge to move that date.",
    ),
    (
        "Revenue share (plot)",
        "Payments per calendar year as bars, the running totals as lines, the cap and the \
         net flow between the parties.",
    ),
    (
        "Cloud distribution (plot)",
        "How compute spend spreads across cloud providers, as shares or amounts, for all \
         workloads or one.",
    ),
    (
        "Figures (bottom)",
        "The headline numbers; click a dated one to move the playhead there. More… lists \
         them all.",
    ),
    (
        "Assumptions (right)",
        "What the terms act on: revenue streams, workloads, providers, events and their \
         dates, migration time, discount rate and horizon. Numbers may carry ranges.",
    ),
];

/// How to work.
const HOW: [(&str, &str); 5] = [
    (
        "Edit",
        "Change any field; the plots and figures follow at once.",
    ),
    (
        "Drag",
        "Edges on the timeline, the playhead on the ruler; scroll to pan, Ctrl+scroll to zoom.",
    ),
    (
        "Undo",
        "Every change can be undone (Ctrl+Z) and redone (Ctrl+Shift+Z).",
    ),
    (
        "Save",
        "Ctrl+S. Saving is atomic; unsaved changes are also copied now and then, so a crash loses at most a few seconds.",
    ),
    (
        "Open",
        "Ctrl+O, Open recent, or drop a .ron file on the window.",
    ),
];

/// The example files beside the app, if it runs from its folder.
fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("saves")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The Getting started window's content; returns an example to open, if one was clicked.
pub fn getting_started_ui(ui: &mut egui::Ui) -> Option<PathBuf> {
    let mut open = None;
    egui::ScrollArea::vertical()
        .max_height(560.0)
        .show(ui, |ui| {
            for (title, text) in PANELS {
                ui.strong(title);
                ui.label(text);
                ui.add_space(6.0);
            }
            ui.separator();
            egui::Grid::new("getting_started_how")
                .num_columns(2)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for (verb, text) in HOW {
                        ui.strong(verb);
                        ui.label(text);
                        ui.end_row();
                    }
                });
            ui.separator();
            ui.strong("Examples");
            let files = examples();
            if files.is_empty() {
                ui.label("The examples are in the saves/ folder of the app's source.");
            }
            for path in files {
                let name = crate::io::display_name(&path);
                if ui.link(&name).on_hover_text("Open this example").clicked() {
                    open = Some(path);
                }
            }
        });
    open
}
