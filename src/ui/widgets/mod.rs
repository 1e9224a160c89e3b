//! Small editing widgets shared by the clause editor and the assumptions panel.
//!
//! Value widgets take the value by `&mut` and return a [`Response`] that is
//! `changed()` when the user changed it, like egui's own widgets; the panels
//! edit a copy of an item and turn a change into one [`Edit`]. Every input has
//! an accessible name: a field's main widget is `labelled_by` its visible label
//! ([`FieldLabel`]), and its secondary widgets (a range's low and high, a
//! remove button) are named after the field.
//!
//! Numbers are never clamped on display: a value outside its range (from a
//! hand-edited file) stays as it is and is flagged by validation at the field
//! ([`ItemProblems`]), so that looking at a field never changes the agreement.
//!
//! One file per family: `form` (labels, rows, text fields, changes, problems),
//! `numbers`, `dates`, `choices` (picking items by id) and `sources`.
//!
//! [`Edit`]: crate::document::Edit
//! [`Response`]: egui::Response

mod choices;
mod dates;
mod form;
mod numbers;
mod overrides;
mod sources;

pub use choices::{Choice, choices, id_combo, id_ui, item_combo_width, multi_select_ui, swatch};
pub use dates::{date_field, date_range_ui, month_ui, optional_date_ui};
pub use form::{
    Change, FieldLabel, ItemProblems, color_ui, form, form_row, multiline_ui, problem_label,
    remove_at, remove_button, section_heading, text_ui, warning_sign,
};
pub use numbers::{
    Unit, money_drag, months_drag, optional_ui, percent_drag, uncertain_in_range_ui, uncertain_ui,
};
pub use overrides::{override_row_ui, overrides_ui};
pub use sources::{
    source_badge, sources_editor_ui, sources_list_ui, sources_section_ui, weakest_status,
};
