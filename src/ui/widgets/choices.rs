//! Choosing items by id: one in a combo box, a set with checkboxes, and editing an id.

use egui::{Color32, Response, RichText, Ui};

use super::{FieldLabel, problem_label};
use crate::model::ids::ItemKind;
use crate::model::{Agreement, Rgb};
use crate::ui::theme;
use crate::words;

/// An item that can be picked by id: its id, and what the user sees.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// What references store.
    pub id: String,
    /// What the user sees.
    pub name: String,
    /// The item's colour, shown as a swatch (parties, providers).
    pub color: Option<Color32>,
}

impl Choice {
    /// The name, after a colour square if the item has a colour.
    fn atoms(&self) -> egui::Atoms<'static> {
        use egui::{AtomExt as _, IntoAtoms as _};
        // The name may shrink (with "…") where the box is narrower than it.
        let name = self.name.clone().atom_shrink(true);
        match self.color {
            Some(c) => (swatch(c), name).into_atoms(),
            None => name.into_atoms(),
        }
    }
}

impl Choice {
    /// A choice of the item `id` called `name`, with its colour if it has one.
    fn new(id: &str, name: &str, color: Option<Rgb>) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            color: color.map(theme::rgb),
        }
    }
}

/// The agreement's items of `kind` as choices, in the agreement's order: parties and
/// providers with their colours, events with their dates ("never" if they have none).
#[must_use]
pub fn choices(a: &Agreement, kind: ItemKind) -> Vec<Choice> {
    match kind {
        ItemKind::Party => a
            .parties
            .iter()
            .map(|p| Choice::new(&p.id, &p.name, Some(p.color)))
            .collect(),
        ItemKind::Provider => a
            .providers
            .iter()
            .map(|p| Choice::new(&p.id, &p.name, Some(p.color)))
            .collect(),
        ItemKind::Stream => a
            .streams
            .iter()
            .map(|s| Choice::new(&s.id, &s.name, None))
            .collect(),
        ItemKind::Workload => a
            .workloads
            .iter()
            .map(|w| Choice::new(&w.id, &w.name, None))
            .collect(),
        ItemKind::Event => a
            .events
            .iter()
            .map(|e| {
                let when = e.date.map_or_else(|| "never".to_owned(), words::date);
                Choice::new(&e.id, &format!("{} · {when}", e.name), None)
            })
            .collect(),
    }
}

/// Picks one item by id. An empty id reads "none", an id no item has reads "unknown" in the
/// warning colour (validation flags it too).
pub fn id_combo(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    selected: &mut String,
    choices: &[Choice],
) -> Response {
    use egui::IntoAtoms as _;
    let before = selected.clone();
    let shown: egui::Atoms<'_> = match choices.iter().find(|c| c.id == *selected) {
        Some(c) => c.atoms(),
        None if selected.is_empty() => RichText::new("— none —").weak().into_atoms(),
        None => RichText::new(format!("“{selected}” (unknown)"))
            .color(theme::WARNING)
            .into_atoms(),
    };
    // Held to its width, the name cut with "…", so that a long name never widens the panel.
    let width = item_combo_width(ui);
    let mut response = ui
        .scope(|ui| {
            ui.set_max_width(width);
            egui::ComboBox::from_id_salt(label.salt("combo"))
                .selected_text(shown)
                .width(width)
                .truncate()
                .show_ui(ui, |ui| {
                    if choices.is_empty() {
                        ui.weak("Nothing to choose yet");
                    }
                    for c in choices {
                        ui.selectable_value(selected, c.id.clone(), c.atoms())
                            .on_hover_text(format!("id “{}”", c.id));
                    }
                })
                .response
        })
        .inner;
    response = label.name(response);
    if *selected != before {
        response.mark_changed();
    }
    response
}

/// Picks a set of items by id with one checkbox each, in the agreement's order. Ids no item
/// has are listed too (ticked, in the warning colour) so they can be removed.
pub fn multi_select_ui(ui: &mut Ui, selected: &mut Vec<String>, choices: &[Choice]) -> Response {
    let before = selected.clone();
    let mut response = ui
        .vertical(|ui| {
            if choices.is_empty() && selected.is_empty() {
                ui.weak("None defined yet");
            }
            for c in choices {
                let mut on = selected.contains(&c.id);
                let r = ui
                    .checkbox(&mut on, c.atoms())
                    .on_hover_text(format!("id “{}”", c.id));
                if r.changed() {
                    if on {
                        selected.push(c.id.clone());
                    } else {
                        selected.retain(|id| id != &c.id);
                    }
                }
            }
            let unknown: Vec<String> = selected
                .iter()
                .filter(|id| !choices.iter().any(|c| &c.id == *id))
                .cloned()
                .collect();
            for id in unknown {
                let mut on = true;
                let text = RichText::new(format!("“{id}” (unknown)")).color(theme::WARNING);
                if ui.checkbox(&mut on, text).changed() {
                    selected.retain(|s| s != &id);
                }
            }
        })
        .response;
    if *selected != before {
        // Keep the agreement's order; unknown ids stay at the end.
        let rank = |id: &String| {
            choices
                .iter()
                .position(|c| &c.id == id)
                .unwrap_or(usize::MAX)
        };
        selected.sort_by_key(rank);
        selected.dedup();
        response.mark_changed();
    }
    response
}

/// How wide a combo box that picks an item is: the column's width, within limits, less
/// room for a remove button after it. Without that room a row with a button would be
/// wider than its column, the panel would widen to fit it, the next frame's combo would
/// take the new width, and the panel would grow frame after frame up to the limit.
#[must_use]
pub fn item_combo_width(ui: &Ui) -> f32 {
    let (min, max) = theme::ITEM_COMBO_WIDTH;
    (ui.available_width() - theme::TRAILING_BUTTON_ROOM).clamp(min, max)
}

/// An id (slug) that others refer to: edited as text, applied only when the field loses
/// focus (Enter or a click elsewhere; Escape cancels), so that references can be renamed
/// once. Returns the new id if it was changed to one that `taken` does not reject.
pub fn id_ui(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    current: &str,
    taken: impl Fn(&str) -> bool,
) -> Option<String> {
    let edit_id = ui.make_persistent_id(label.salt("id"));
    let mut text: String = ui
        .data_mut(|d| d.get_temp(edit_id))
        .unwrap_or_else(|| current.to_owned());
    let response = label.name(
        ui.add(
            egui::TextEdit::singleline(&mut text)
                .id(edit_id)
                .font(egui::TextStyle::Monospace)
                .desired_width(ui.available_width()),
        ),
    );
    let clash = text != current && taken(&text);
    if response.has_focus() {
        if clash {
            problem_label(
                ui,
                &format!("“{text}” is already used: the id will not change"),
            );
        }
        ui.data_mut(|d| d.insert_temp(edit_id, text));
        return None;
    }
    ui.data_mut(|d| d.remove_temp::<String>(edit_id));
    let cancelled = ui.input(|i| i.key_pressed(egui::Key::Escape));
    (response.lost_focus() && !cancelled && text != current && !clash).then_some(text)
}

/// A small colour square, as an atom to put before a name.
#[must_use]
pub fn swatch<'a>(color: Color32) -> egui::Atom<'a> {
    let size = egui::Vec2::splat(theme::SWATCH_SIZE);
    egui::Atom::paint(size, move |ui, args| {
        let rect = egui::Rect::from_center_size(args.rect.center(), size);
        ui.painter().rect_filled(rect, 2.0, color);
    })
}
