//! Forms: labels and rows, plain text fields, what changed, and validation problems at
//! their fields.

use std::cell::RefCell;
use std::hash::Hash;

use egui::{Color32, Id, Response, RichText, Ui};

use crate::document::Edit;
use crate::model::validate::{ItemRef, Problem};
use crate::model::{Agreement, Rgb};
use crate::ui::theme;

/// A field's visible label, for naming its widgets.
///
/// The main widget is `labelled_by` the label (so the label names it, and a
/// test finds it by the label's text); secondary widgets get names derived from
/// the text ("Cap low"). Table cells have no visible label of their own: they
/// use [`FieldLabel::hidden`], which names the main widget directly.
#[derive(Clone, Copy, Debug)]
pub struct FieldLabel<'a> {
    /// The visible label's id, if there is one next to the field.
    pub id: Option<Id>,
    /// The label's text, or the accessible name of a field without a visible label.
    pub text: &'a str,
}

impl<'a> FieldLabel<'a> {
    /// A field named by the visible label `label` showing `text`.
    #[must_use]
    pub fn visible(label: &Response, text: &'a str) -> Self {
        Self {
            id: Some(label.id),
            text,
        }
    }

    /// A field without a visible label of its own (a table cell), named `text`.
    #[must_use]
    pub fn hidden(text: &'a str) -> Self {
        Self { id: None, text }
    }

    /// Names `response` (the field's main widget) after this label.
    #[allow(
        clippy::must_use_candidate,
        reason = "naming is the effect; callers often drop the response"
    )]
    pub fn name(self, response: Response) -> Response {
        match self.id {
            Some(id) => response.labelled_by(id),
            None => response.accessible_name(self.text),
        }
    }

    /// An accessible name for a secondary part of the field, e.g. "Cap low".
    #[must_use]
    pub fn part(self, part: &str) -> String {
        format!("{} {part}", self.text)
    }

    /// A salt for the ids of the field's stateful parts (combo boxes, pickers).
    #[must_use]
    pub fn salt(self, part: &str) -> String {
        format!("{}#{part}", self.text)
    }
}

/// A two-column form (label | field) with the panels' spacing.
pub fn form<R>(
    ui: &mut Ui,
    id_salt: impl Hash + std::fmt::Debug,
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    egui::Grid::new(id_salt)
        .num_columns(2)
        .spacing(theme::FORM_SPACING)
        .min_col_width(theme::FORM_LABEL_WIDTH)
        .show(ui, add)
        .inner
}

/// One row of a [`form`]: the label, then the field with its problems right under it.
///
/// `field` is the validation field path shown under the field (with anything
/// nested in it, like `cap` or `period.end`); empty shows none.
pub fn form_row<R>(
    ui: &mut Ui,
    label: &str,
    problems: &ItemProblems<'_>,
    field: &str,
    add: impl FnOnce(&mut Ui, FieldLabel<'_>) -> R,
) -> R {
    // Labels sit at the top of their row, level with the field's first line.
    let label_response = ui
        .with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.add_space(theme::FORM_LABEL_TOP_PAD);
            ui.add(egui::Label::new(label).extend())
        })
        .inner;
    let inner = ui
        .vertical(|ui| {
            let inner = add(ui, FieldLabel::visible(&label_response, label));
            if !field.is_empty() {
                problems.ui(ui, field);
            }
            inner
        })
        .inner;
    ui.end_row();
    inner
}

/// A small "×" that removes one row of a list: named "Remove <noun> <which>" ("Remove step
/// 2"), with the hover "Remove this <noun>".
pub fn remove_button(
    ui: &mut Ui,
    enabled: bool,
    noun: &str,
    which: impl std::fmt::Display,
) -> Response {
    ui.add_enabled(enabled, egui::Button::new("×").small())
        .accessible_name(format!("Remove {noun} {which}"))
        .on_hover_text(format!("Remove this {noun}"))
}

/// Removes the element at `index`, if there is one (a row whose remove button was clicked).
pub fn remove_at<T>(list: &mut Vec<T>, index: Option<usize>) -> Option<T> {
    index.filter(|&k| k < list.len()).map(|k| list.remove(k))
}

/// A section heading inside a panel, with a little room above it.
pub fn section_heading(ui: &mut Ui, text: &str) -> Response {
    ui.add_space(theme::GAP);
    ui.label(RichText::new(text).strong())
}

/// Tracks what the user changed while a panel was drawn, for the edit's label and merge key.
#[derive(Debug, Default)]
pub struct Change {
    label: Option<String>,
    key: String,
    merge: bool,
}

impl Change {
    /// Notes a change if `response` changed: the edit is labelled `label` and merges with
    /// other edits of `key` in the same gesture (a drag, typing in one field).
    pub fn track(&mut self, response: &Response, label: impl Into<String>, key: &str) {
        if response.changed() {
            self.set(label, key, true);
        }
    }

    /// Notes a change that is its own undo step (adding or removing a row).
    pub fn once(&mut self, label: impl Into<String>) {
        self.set(label, "", false);
    }

    fn set(&mut self, label: impl Into<String>, key: &str, merge: bool) {
        self.label = Some(label.into());
        key.clone_into(&mut self.key);
        self.merge = merge;
    }

    /// Whether anything changed.
    #[must_use]
    pub fn is_changed(&self) -> bool {
        self.label.is_some()
    }

    /// The edit for the change, with `key_prefix` naming the item (e.g. `clause-3`) in its
    /// merge key; "Edit" if nothing was tracked.
    pub fn into_edit(self, key_prefix: &str, apply: impl FnOnce(&mut Agreement) + 'static) -> Edit {
        match self.label {
            Some(label) if self.merge => {
                Edit::merging(label, format!("{key_prefix}-{}", self.key), apply)
            }
            Some(label) => Edit::new(label, apply),
            None => Edit::new("Edit", apply),
        }
    }
}

// ---------------------------------------------------------------------------
// Problems

/// The validation problems of one item, shown at its fields.
///
/// Each problem shown by [`Self::ui`] is remembered; [`Self::rest_ui`] shows the
/// ones that no field showed, so that no problem goes unseen.
#[derive(Debug)]
pub struct ItemProblems<'a> {
    problems: Vec<&'a Problem>,
    shown: RefCell<Vec<bool>>,
}

impl<'a> ItemProblems<'a> {
    /// The problems of `item` among `all`.
    #[must_use]
    pub fn of(all: &'a [Problem], item: &ItemRef) -> Self {
        let problems: Vec<&Problem> = all.iter().filter(|p| &p.item == item).collect();
        let shown = RefCell::new(vec![false; problems.len()]);
        Self { problems, shown }
    }

    /// Whether the item has no problems.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether `field` or anything inside it has a problem.
    pub fn has(&self, field: &str) -> bool {
        self.problems.iter().any(|p| within(&p.field, field))
    }

    /// Every message of the item, one per line (for a hover text).
    #[must_use]
    pub fn summary(&self) -> String {
        self.problems
            .iter()
            .map(|p| {
                if p.field.is_empty() {
                    p.message.clone()
                } else {
                    format!("{}: {}", p.field, p.message)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Shows the problems of `field` and of anything inside it (`field.x`, `field[i]`).
    pub fn ui(&self, ui: &mut Ui, field: &str) {
        self.show_where(ui, |f| within(f, field));
    }

    /// Shows the problems of exactly `field`, not of its parts.
    pub fn exact_ui(&self, ui: &mut Ui, field: &str) {
        self.show_where(ui, |f| f == field);
    }

    /// Shows the problems no field has shown (e.g. the item's own, or an unexpected field).
    pub fn rest_ui(&self, ui: &mut Ui) {
        self.show_where(ui, |_| true);
    }

    fn show_where(&self, ui: &mut Ui, matches: impl Fn(&str) -> bool) {
        let mut shown = self.shown.borrow_mut();
        for (p, seen) in self.problems.iter().zip(shown.iter_mut()) {
            if !*seen && matches(&p.field) {
                *seen = true;
                problem_label(ui, &p.message);
            }
        }
    }
}

/// Whether the problem field `problem` is `field` or inside it.
fn within(problem: &str, field: &str) -> bool {
    problem
        .strip_prefix(field)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// A validation message with a warning sign, in the warning colour, wrapped to the field's
/// width.
pub fn problem_label(ui: &mut Ui, message: &str) {
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = theme::PROBLEM_SIGN_GAP;
        let (rect, _) = ui.allocate_exact_size(
            egui::Vec2::splat(theme::PROBLEM_SIGN_SIZE),
            egui::Sense::hover(),
        );
        warning_sign(ui.painter(), rect.translate(egui::vec2(0.0, 1.0)));
        ui.add(egui::Label::new(RichText::new(message).color(theme::WARNING).small()).wrap());
    });
}

/// A small filled triangle with "!", drawn rather than typed so that it shows with any font.
pub fn warning_sign(painter: &egui::Painter, rect: egui::Rect) {
    let points = vec![rect.center_top(), rect.right_bottom(), rect.left_bottom()];
    painter.add(egui::Shape::convex_polygon(
        points,
        theme::WARNING,
        egui::Stroke::NONE,
    ));
    painter.text(
        rect.center_bottom() - egui::vec2(0.0, 0.5),
        egui::Align2::CENTER_BOTTOM,
        "!",
        egui::FontId::proportional(rect.height() * 0.8),
        Color32::WHITE,
    );
}

/// A colour button with a picker.
pub fn color_ui(ui: &mut Ui, label: FieldLabel<'_>, color: &mut Rgb) -> Response {
    label.name(ui.color_edit_button_srgb(&mut color.0))
}

/// A single-line text field as wide as the form column.
pub fn text_ui(ui: &mut Ui, label: FieldLabel<'_>, text: &mut String) -> Response {
    label.name(ui.add(egui::TextEdit::singleline(text).desired_width(ui.available_width())))
}

/// A multi-line text field as wide as the panel.
pub fn multiline_ui(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    text: &mut String,
    rows: usize,
) -> Response {
    label.name(
        ui.add(
            egui::TextEdit::multiline(text)
                .desired_rows(rows)
                .desired_width(ui.available_width()),
        ),
    )
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    #[test]
    fn only_an_existing_row_is_removed() {
        let mut list = vec![1, 2, 3];
        assert_eq!(remove_at(&mut list, Some(1)), Some(2));
        assert_eq!(remove_at(&mut list, Some(2)), None);
        assert_eq!(remove_at(&mut list, None), None);
        assert_eq!(list, vec![1, 3]);
    }

    #[test]
    fn nested_fields_are_within_their_parent() {
        assert!(within("cap", "cap"));
        assert!(within("schedule[1].rate", "schedule"));
        assert!(within("schedule[1].rate", "schedule[1]"));
        assert!(within("period.end[0]", "period.end"));
        assert!(!within("schedule10", "schedule1"));
        assert!(!within("payee", "payer"));
    }

    #[test]
    fn problems_are_shown_once_and_the_rest_at_the_end() {
        let item = ItemRef::Provider("p".into());
        let all = vec![
            Problem::error(item.clone(), "weight", "bad weight"),
            Problem::error(item.clone(), "id", "bad id"),
            Problem::error(ItemRef::Provider("other".into()), "weight", "not ours"),
        ];
        let problems = ItemProblems::of(&all, &item);
        assert!(problems.has("weight"));
        assert!(!problems.has("available_from"));
        let harness = Harness::new_ui(|ui| {
            let problems = ItemProblems::of(&all, &item);
            problems.ui(ui, "weight");
            problems.ui(ui, "weight");
            problems.rest_ui(ui);
        });
        assert_eq!(harness.query_all_by_label("bad weight").count(), 1);
        assert_eq!(harness.query_all_by_label("bad id").count(), 1);
        assert!(harness.query_by_label("not ours").is_none());
    }
}
