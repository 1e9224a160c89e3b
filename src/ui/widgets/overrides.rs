//! What the scenario shown overrides in an item: each number with its base value and a
//! way back to it.

use egui::{RichText, Ui};

use crate::document::{Document, Edit};
use crate::model::validate::ItemRef;
use crate::model::{Agreement, Override, Scenario};
use crate::ui::theme;
use crate::words;

/// Lists the overrides the scenario shown has for `item`, each with "Reset to base";
/// nothing without a scenario or overrides. Returns the edit a reset asks for.
pub fn overrides_ui(ui: &mut Ui, doc: &Document, item: &ItemRef) -> Option<Edit> {
    let index = doc.scenario()?;
    let base = doc.base();
    let scenario = base.scenarios.get(index)?;
    let mine: Vec<_> = scenario
        .overrides
        .iter()
        .filter(|o| o.input.item() == *item)
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut edit = None;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, theme::SCENARIO))
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!("Scenario “{}” overrides", scenario.name))
                    .color(theme::SCENARIO),
            );
            for o in mine {
                edit = override_row_ui(ui, base, scenario, o).or(edit.take());
            }
        });
    edit
}

/// One override: the input, its value and the base's, and "Reset to base", whose edit
/// is returned when clicked.
pub fn override_row_ui(
    ui: &mut Ui,
    base: &Agreement,
    scenario: &Scenario,
    o: &Override,
) -> Option<Edit> {
    let mut edit = None;
    ui.horizontal_wrapped(|ui| {
        let unit = o.input.unit();
        let base_value = o
            .input
            .get(base)
            .map_or_else(|| "—".to_owned(), |v| words::value(unit, v));
        ui.label(format!(
            "{}: {} (base {base_value})",
            o.input.label(base),
            words::value(unit, o.value)
        ));
        if ui
            .small_button("Reset to base")
            .on_hover_text("Drop this override: the scenario takes the base value")
            .clicked()
        {
            let (name, input) = (scenario.name.clone(), o.input.clone());
            edit = Some(Edit::new("Reset to base", move |a: &mut Agreement| {
                if let Some(s) = a.scenarios.iter_mut().find(|s| s.name == name) {
                    s.reset(&input);
                }
            }));
        }
    });
    edit
}
