//! The legend above the ruler: what each segment colour means.

use egui::{Color32, Sense, Ui, vec2};

use crate::ui::theme::{self, timeline::LEGEND_SPACING, timeline::LEGEND_SWATCH};
use crate::view::timeline::LegendEntry;

/// The panel's title and the legend's entries on a line, with short names when the long
/// ones would take a second line.
pub(super) fn legend_ui(ui: &mut Ui, entries: &[LegendEntry]) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let width = |text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), font.clone(), Color32::PLACEHOLDER)
            .size()
            .x
    };
    let entry_room = LEGEND_SWATCH.x + 2.0 * LEGEND_SPACING + theme::GAP / 2.0;
    let long: f32 = entries.iter().map(|e| width(e.label) + entry_room).sum();
    let title = "Timeline";
    let title_room = 70.0 + theme::GAP;
    let short = long + title_room > ui.available_width();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(LEGEND_SPACING, 2.0);
        ui.strong(title);
        ui.add_space(theme::GAP);
        for e in entries {
            let (rect, _) = ui.allocate_exact_size(LEGEND_SWATCH, Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::rgb(e.color));
            if short && e.short != e.label {
                ui.small(e.short).on_hover_text(e.label);
            } else {
                ui.small(e.label);
            }
            ui.add_space(theme::GAP / 2.0);
        }
    });
}
