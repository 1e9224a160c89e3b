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
//! [`Edit`]: crate::document::Edit

use std::cell::RefCell;
use std::hash::Hash;

use chrono::NaiveDate;
use egui::{Color32, DragValue, Id, Response, RichText, Ui};

use crate::document::Edit;
use crate::model::validate::{ItemRef, Problem};
use crate::model::{
    Agreement, Distribution, Event, Month, Range, Rgb, Source, SourceStatus, Uncertain,
};
use crate::ui::theme;
use crate::words;

/// Width of the label column of the two-column forms.
pub const LABEL_WIDTH: f32 = 84.0;
/// Space above a form label, so that it is level with the text of the field next to it.
const LABEL_TOP_PAD: f32 = 2.0;
/// Years the date pickers offer.
const PICKER_YEARS: std::ops::RangeInclusive<i16> = 1970..=2100;

// ---------------------------------------------------------------------------
// Forms and names

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
        .spacing([8.0, 6.0])
        .min_col_width(LABEL_WIDTH)
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
            ui.add_space(LABEL_TOP_PAD);
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
        ui.spacing_mut().item_spacing.x = 4.0;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(11.0, 11.0), egui::Sense::hover());
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

/// A small colour square, as an atom to put before a name.
#[must_use]
pub fn swatch<'a>(color: Color32) -> egui::Atom<'a> {
    egui::Atom::paint(egui::vec2(10.0, 10.0), move |ui, args| {
        let rect = egui::Rect::from_center_size(args.rect.center(), egui::vec2(10.0, 10.0));
        ui.painter().rect_filled(rect, 2.0, color);
    })
}

// ---------------------------------------------------------------------------
// Numbers

/// What a number means, for how it is shown and dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Money in the agreement's currency, shown as `$12.3B`; typed as `12.3B`, `$450M`.
    Money,
    /// A fraction shown as a percentage: 0.2 is "20.0 %".
    Percent,
    /// A number of months.
    Months,
    /// A plain number (weights, scales).
    Plain,
}

impl Unit {
    /// A drag value for `value` in this unit.
    pub fn drag(self, value: &mut f64) -> DragValue<'_> {
        match self {
            Self::Money => money_drag(value),
            Self::Percent => percent_drag(value),
            Self::Months => months_drag(value).speed(0.1).max_decimals(1),
            Self::Plain => {
                let speed = (value.abs() * 0.01).max(0.01);
                DragValue::new(value)
                    .speed(speed)
                    .range(0.0..=f64::MAX)
                    .clamp_existing_to_range(false)
                    .max_decimals(3)
            }
        }
    }

    /// The half-width of a new uncertainty range around `value`.
    fn default_spread(self, value: f64) -> f64 {
        if value == 0.0 {
            match self {
                Self::Money => 1e9,
                Self::Percent => 0.05,
                Self::Months => 6.0,
                Self::Plain => 1.0,
            }
        } else {
            value.abs() * 0.25
        }
    }
}

/// Money shown as `$12.3B`; typed text such as `38B` or `$450M` is parsed.
pub fn money_drag(value: &mut f64) -> DragValue<'_> {
    // A drag of 300 points changes the amount by about its own size.
    let speed = (value.abs() * 0.003).max(1e5);
    DragValue::new(value)
        .speed(speed)
        .range(0.0..=1e15)
        .clamp_existing_to_range(false)
        .custom_formatter(|v, _| words::money(v))
        .custom_parser(words::parse_money)
}

/// A fraction edited as a percentage: the widget shows and takes "20.0 %" for 0.2.
///
/// The range is 0–100 %; widen it with `.range(..)` in percent (e.g. `-50.0..=100.0`).
pub fn percent_drag(fraction: &mut f64) -> DragValue<'_> {
    DragValue::from_get_set(move |set| {
        if let Some(percent) = set {
            *fraction = percent / 100.0;
        }
        *fraction * 100.0
    })
    .suffix(" %")
    .speed(0.1)
    .range(0.0..=100.0)
    .clamp_existing_to_range(false)
    .min_decimals(1)
    .max_decimals(2)
    .custom_parser(|text| text.trim().trim_end_matches('%').trim().parse().ok())
}

/// A number of months, with a " months" suffix (from 0).
pub fn months_drag<Num: egui::emath::Numeric>(months: &mut Num) -> DragValue<'_> {
    DragValue::new(months)
        .suffix(" months")
        .range(0.0..=600.0)
        .clamp_existing_to_range(false)
}

/// Edits an uncertain number: its value, and behind the "±" toggle its low–high range and
/// distribution (used by sensitivity and Monte Carlo).
pub fn uncertain_ui(ui: &mut Ui, label: FieldLabel<'_>, x: &mut Uncertain, unit: Unit) -> Response {
    uncertain_in_range_ui(ui, label, x, unit, None)
}

/// Like [`uncertain_ui`], with the value's allowed range (in the unit shown, e.g. percent).
pub fn uncertain_in_range_ui(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    x: &mut Uncertain,
    unit: Unit,
    range: Option<&std::ops::RangeInclusive<f64>>,
) -> Response {
    let before = *x;
    let mut response = ui
        .horizontal(|ui| {
            label.name(ui.add(ranged_drag(unit, &mut x.value, range)));
            let mut ranged = x.range.is_some();
            let tip = if ranged {
                "Remove the uncertainty range"
            } else {
                "Add an uncertainty range (low–high), used by sensitivity and Monte Carlo"
            };
            let toggle = ui
                .add(egui::Button::new("±").selected(ranged))
                .accessible_name(label.part("range"))
                .on_hover_text(tip);
            if toggle.clicked() {
                ranged = !ranged;
                x.range = ranged.then(|| {
                    let spread = unit.default_spread(x.value);
                    let mut low = x.value - spread;
                    if x.value >= 0.0 {
                        low = low.max(0.0);
                    }
                    let mut high = x.value + spread;
                    if unit == Unit::Percent && x.value <= 1.0 {
                        high = high.min(1.0);
                    }
                    Range {
                        low,
                        high,
                        distribution: Distribution::Triangular,
                    }
                });
            }
        })
        .response;
    if let Some(r) = &mut x.range {
        // Wraps in a narrow panel rather than widening it.
        ui.horizontal_wrapped(|ui| {
            ui.weak("low");
            ui.add(ranged_drag(unit, &mut r.low, range))
                .accessible_name(label.part("low"));
            ui.weak("high");
            ui.add(ranged_drag(unit, &mut r.high, range))
                .accessible_name(label.part("high"));
            egui::ComboBox::from_id_salt(label.salt("distribution"))
                .selected_text(distribution_label(r.distribution))
                .width(88.0)
                .show_ui(ui, |ui| {
                    for d in [Distribution::Triangular, Distribution::Uniform] {
                        ui.selectable_value(&mut r.distribution, d, distribution_label(d));
                    }
                })
                .response
                .accessible_name(label.part("distribution"))
                .on_hover_text("How values are drawn between low and high");
        });
    }
    if *x != before {
        response.mark_changed();
    }
    response
}

fn ranged_drag<'v>(
    unit: Unit,
    value: &'v mut f64,
    range: Option<&std::ops::RangeInclusive<f64>>,
) -> DragValue<'v> {
    let drag = unit.drag(value);
    match range {
        Some(r) => drag.range(r.clone()).clamp_existing_to_range(false),
        None => drag,
    }
}

fn distribution_label(d: Distribution) -> &'static str {
    match d {
        Distribution::Uniform => "Uniform",
        Distribution::Triangular => "Triangular",
    }
}

// ---------------------------------------------------------------------------
// Dates, months, colours, ids

/// A date with a calendar picker; `changed()` when a new date was picked.
///
/// `id_salt` must be unique among the pickers of the panel.
pub fn date_field(ui: &mut Ui, date: &mut NaiveDate, id_salt: &str) -> Response {
    // The picker works on its own date type (from the `jiff` crate); dates cross over as
    // ISO text, which both types read and write.
    let Ok(mut picked) = words::date(*date).parse() else {
        return ui
            .label(words::date(*date))
            .on_hover_text("This date is outside the range the calendar can show");
    };
    let mut response = ui
        .scope(|ui| {
            // A date reads as one word: never wrap it, even in a narrow column.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            ui.add(
                egui_extras::DatePickerButton::new(&mut picked)
                    .id_salt(id_salt)
                    .calendar_week(false)
                    .show_icon(false)
                    .start_end_years(PICKER_YEARS),
            )
        })
        .inner;
    let new_date = picked.to_string().parse::<NaiveDate>().ok();
    match new_date {
        Some(d) if d != *date => {
            *date = d;
            response.mark_changed();
        }
        _ => response.flags.remove(egui::response::Flags::CHANGED),
    }
    response
}

/// `date` moved by whole years (29 February becomes 28 February).
#[must_use]
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    use chrono::Datelike as _;
    let year = date.year() + years;
    date.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
        .unwrap_or(date)
}

/// An optional date: a checkbox for "no date" (`none_text`, e.g. "always") and the date
/// when there is one. Unticking the checkbox starts from `fallback`.
pub fn optional_date_ui(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    date: &mut Option<NaiveDate>,
    none_text: &str,
    fallback: NaiveDate,
) -> Response {
    let before = *date;
    let mut response = ui
        .horizontal(|ui| {
            let mut none = date.is_none();
            if let Some(d) = date {
                label.name(date_field(ui, d, &label.salt("date")));
            }
            let check = ui.checkbox(&mut none, none_text);
            if date.is_none() {
                label.name(check.clone());
            }
            if check.changed() {
                *date = if none { None } else { Some(fallback) };
            }
        })
        .response;
    if *date != before {
        response.mark_changed();
    }
    response
}

/// A calendar month as a year and a month name.
pub fn month_ui(ui: &mut Ui, label: FieldLabel<'_>, month: &mut Month) -> Response {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let before = *month;
    let mut year = month.year();
    let mut number = month.month();
    let mut response = ui
        .horizontal(|ui| {
            let index = (number as usize).clamp(1, 12) - 1;
            egui::ComboBox::from_id_salt(label.salt("month"))
                .selected_text(NAMES[index])
                .width(56.0)
                .show_ui(ui, |ui| {
                    for (k, name) in (1..=12).zip(NAMES) {
                        ui.selectable_value(&mut number, k, name);
                    }
                })
                .response
                .accessible_name(label.part("month"));
            label.name(ui.add(DragValue::new(&mut year).range(1900..=2200).speed(0.1)));
        })
        .response;
    if let Some(m) = Month::new(year, number) {
        *month = m;
    }
    if *month != before {
        response.mark_changed();
    }
    response
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

// ---------------------------------------------------------------------------
// Choosing items by id

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
        use egui::IntoAtoms as _;
        match self.color {
            Some(c) => (swatch(c), self.name.clone()).into_atoms(),
            None => self.name.clone().into_atoms(),
        }
    }
}

/// The agreement's parties as choices.
#[must_use]
pub fn party_choices(a: &Agreement) -> Vec<Choice> {
    a.parties
        .iter()
        .map(|p| Choice {
            id: p.id.clone(),
            name: p.name.clone(),
            color: Some(theme::rgb(p.color)),
        })
        .collect()
}

/// The agreement's providers as choices.
#[must_use]
pub fn provider_choices(a: &Agreement) -> Vec<Choice> {
    a.providers
        .iter()
        .map(|p| Choice {
            id: p.id.clone(),
            name: p.name.clone(),
            color: Some(theme::rgb(p.color)),
        })
        .collect()
}

/// The agreement's revenue streams as choices.
#[must_use]
pub fn stream_choices(a: &Agreement) -> Vec<Choice> {
    a.streams
        .iter()
        .map(|s| Choice {
            id: s.id.clone(),
            name: s.name.clone(),
            color: None,
        })
        .collect()
}

/// The agreement's workloads as choices.
#[must_use]
pub fn workload_choices(a: &Agreement) -> Vec<Choice> {
    a.workloads
        .iter()
        .map(|w| Choice {
            id: w.id.clone(),
            name: w.name.clone(),
            color: None,
        })
        .collect()
}

/// The agreement's events as choices, each with its date ("never" if it has none).
#[must_use]
pub fn event_choices(a: &Agreement) -> Vec<Choice> {
    a.events.iter().map(event_choice).collect()
}

fn event_choice(e: &Event) -> Choice {
    let when = e.date.map_or_else(|| "never".to_owned(), words::date);
    Choice {
        id: e.id.clone(),
        name: format!("{} · {when}", e.name),
        color: None,
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
    let mut response = egui::ComboBox::from_id_salt(label.salt("combo"))
        .selected_text(shown)
        .width(ui.available_width().clamp(120.0, 240.0))
        .show_ui(ui, |ui| {
            if choices.is_empty() {
                ui.weak("Nothing to choose yet");
            }
            for c in choices {
                ui.selectable_value(selected, c.id.clone(), c.atoms())
                    .on_hover_text(format!("id “{}”", c.id));
            }
        })
        .response;
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

// ---------------------------------------------------------------------------
// Sources

/// The weakest status among `sources` (an assumption is weaker than a report), if any.
#[must_use]
pub fn weakest_status(sources: &[Source]) -> Option<SourceStatus> {
    sources.iter().map(|s| s.status).max()
}

fn status_letter(status: SourceStatus) -> &'static str {
    match status {
        SourceStatus::Verified => "V",
        SourceStatus::Reported => "R",
        SourceStatus::Assumption => "A",
    }
}

/// A coloured dot with the weakest status's letter (V, R or A); hovering lists the sources
/// with their titles, statuses, notes and links. Clickable (e.g. to open an editor).
pub fn source_badge(ui: &mut Ui, sources: &[Source]) -> Response {
    let size = egui::vec2(16.0, 16.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let status = weakest_status(sources);
    let name = match status {
        Some(s) => format!("Sources: {} ({})", sources.len(), s.label().to_lowercase()),
        None => "No sources".to_owned(),
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let radius = 7.0;
        if let Some(s) = status {
            let fill = theme::status_color(s);
            painter.circle_filled(rect.center(), radius, fill);
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                status_letter(s),
                egui::FontId::proportional(10.0),
                theme::text_on(fill),
            );
        } else {
            let stroke = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
            painter.circle_stroke(rect.center(), radius - 0.5, stroke);
        }
    }
    response.on_hover_ui(|ui| sources_list_ui(ui, sources))
}

/// The sources as read-only text: title, status, note and a link.
pub fn sources_list_ui(ui: &mut Ui, sources: &[Source]) {
    ui.set_max_width(360.0);
    if sources.is_empty() {
        ui.weak("No sources yet");
        return;
    }
    for (k, s) in sources.iter().enumerate() {
        if k > 0 {
            ui.separator();
        }
        ui.label(RichText::new(&s.title).strong());
        ui.label(
            RichText::new(s.status.label())
                .color(theme::status_color(s.status))
                .small(),
        );
        if !s.note.is_empty() {
            ui.add(egui::Label::new(RichText::new(&s.note).small()).wrap());
        }
        if !s.url.is_empty() {
            ui.hyperlink_to(RichText::new(&s.url).small(), &s.url);
        }
    }
}

/// The sources' badge and a "Sources (n)" toggle that shows their editor below, at full width.
/// `changed()` on any change of the sources.
pub fn sources_section_ui(ui: &mut Ui, id_salt: &str, sources: &mut Vec<Source>) -> Response {
    let open_id = ui.make_persistent_id((id_salt, "sources_open"));
    let mut open = ui.data(|d| d.get_temp::<bool>(open_id)).unwrap_or(false);
    let mut response = ui
        .horizontal(|ui| {
            let badge = source_badge(ui, sources);
            let text = format!("Sources ({})", sources.len());
            let hint = if open {
                "Hide the sources"
            } else {
                "Show and edit the sources"
            };
            if ui
                .selectable_label(open, text)
                .on_hover_text(hint)
                .clicked()
                || badge.clicked()
            {
                open = !open;
            }
        })
        .response;
    ui.data_mut(|d| d.insert_temp(open_id, open));
    if open && sources_editor_ui(ui, id_salt, sources).changed() {
        response.mark_changed();
    }
    response
}

/// Edits a list of sources: title, URL (with a link to open it), status and note; add and
/// remove. `changed()` on any change.
pub fn sources_editor_ui(ui: &mut Ui, id_salt: &str, sources: &mut Vec<Source>) -> Response {
    let before = sources.clone();
    let mut remove = None;
    let mut response = ui
        .vertical(|ui| {
            for (k, s) in sources.iter_mut().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    source_ui(ui, &format!("{id_salt}-{k}"), k, s, &mut remove);
                });
            }
            if ui
                .button("+ Add source")
                .on_hover_text("Add where this comes from")
                .clicked()
            {
                sources.push(Source {
                    title: String::new(),
                    url: String::new(),
                    status: SourceStatus::Assumption,
                    note: String::new(),
                });
            }
        })
        .response;
    if let Some(k) = remove
        && k < sources.len()
    {
        sources.remove(k);
    }
    if *sources != before {
        response.mark_changed();
    }
    response
}

fn source_ui(ui: &mut Ui, salt: &str, k: usize, s: &mut Source, remove: &mut Option<usize>) {
    egui::Grid::new(salt)
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            let l = ui.label("Title");
            // Right to left: the button takes its place at the end, the text field the rest.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("×")
                    .accessible_name(format!("Remove source {}", k + 1))
                    .on_hover_text("Remove this source")
                    .clicked()
                {
                    *remove = Some(k);
                }
                FieldLabel::visible(&l, "Title").name(
                    ui.add(
                        egui::TextEdit::singleline(&mut s.title)
                            .hint_text("What the source is")
                            .desired_width(ui.available_width()),
                    ),
                );
            });
            ui.end_row();

            let l = ui.label("URL");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if !s.url.is_empty() {
                    ui.hyperlink_to("open", &s.url)
                        .accessible_name(format!("Open source {}", k + 1))
                        .on_hover_text(format!("Open {}", s.url));
                }
                FieldLabel::visible(&l, "URL").name(
                    ui.add(
                        egui::TextEdit::singleline(&mut s.url)
                            .hint_text("https://…")
                            .desired_width(ui.available_width()),
                    ),
                );
            });
            ui.end_row();

            let l = ui.label("Status");
            let combo = egui::ComboBox::from_id_salt(format!("{salt}-status"))
                .selected_text(RichText::new(s.status.label()).color(theme::status_color(s.status)))
                .show_ui(ui, |ui| {
                    for status in SourceStatus::ALL {
                        ui.selectable_value(&mut s.status, status, status.label());
                    }
                })
                .response;
            FieldLabel::visible(&l, "Status").name(combo).on_hover_text(
            "Verified: official text or filing · Reported: press or estimate · Assumption: ours",
        );
            ui.end_row();

            let l = ui.label("Note");
            FieldLabel::visible(&l, "Note").name(
                ui.add(
                    egui::TextEdit::multiline(&mut s.note)
                        .desired_rows(1)
                        .hint_text("Page, quote, how it was estimated…")
                        .desired_width(ui.available_width()),
                ),
            );
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

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
            Problem {
                item: item.clone(),
                field: "weight".into(),
                message: "bad weight".into(),
            },
            Problem {
                item: item.clone(),
                field: "id".into(),
                message: "bad id".into(),
            },
            Problem {
                item: ItemRef::Provider("other".into()),
                field: "weight".into(),
                message: "not ours".into(),
            },
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

    #[test]
    fn percent_field_edits_the_fraction() {
        let mut harness = Harness::builder().build_ui_state(
            |ui, rate: &mut f64| {
                let l = ui.label("Rate");
                FieldLabel::visible(&l, "Rate").name(ui.add(percent_drag(rate)));
            },
            0.2,
        );
        assert_eq!(
            harness.get_by_label("Rate").value().as_deref(),
            Some("20.0 %")
        );
        harness.get_by_label("Rate").set_value_accesskit(15.0);
        harness.run();
        assert_eq!(*harness.state(), 0.15);
    }

    #[test]
    fn money_field_reads_and_parses_short_amounts() {
        let mut harness = Harness::builder().build_ui_state(
            |ui, cap: &mut f64| {
                let l = ui.label("Cap");
                FieldLabel::visible(&l, "Cap").name(ui.add(money_drag(cap)));
            },
            38e9,
        );
        assert_eq!(
            harness.get_by_label("Cap").value().as_deref(),
            Some("$38.0B")
        );
        harness.get_by_label("Cap").click();
        harness.run();
        harness.get_by_label("Cap").type_text("50B");
        harness.key_press(egui::Key::Enter);
        harness.run();
        assert_eq!(*harness.state(), 50e9);
    }

    #[test]
    fn an_out_of_range_value_is_left_alone() {
        let mut harness = Harness::builder().build_ui_state(
            |ui, rate: &mut f64| {
                let l = ui.label("Rate");
                let r = FieldLabel::visible(&l, "Rate").name(ui.add(percent_drag(rate)));
                assert!(!r.changed(), "showing a field must not change it");
            },
            1.5,
        );
        harness.run();
        assert_eq!(*harness.state(), 1.5);
    }

    #[test]
    fn the_range_toggle_adds_a_range_around_the_value() {
        let mut harness = Harness::builder().build_ui_state(
            |ui, x: &mut Uncertain| {
                let l = ui.label("Weight");
                uncertain_ui(ui, FieldLabel::visible(&l, "Weight"), x, Unit::Plain);
            },
            Uncertain::exact(4.0),
        );
        harness.get_by_label("Weight range").click();
        harness.run();
        let r = harness.state().range.expect("a range");
        assert_eq!((r.low, r.high), (3.0, 5.0));
        harness.get_by_label("Weight high").set_value_accesskit(8.0);
        harness.run();
        assert_eq!(harness.state().range.map(|r| r.high), Some(8.0));
        harness.get_by_label("Weight range").click();
        harness.run();
        assert_eq!(*harness.state(), Uncertain::exact(4.0));
    }

    #[test]
    fn sources_can_be_added_and_removed() {
        let mut harness = Harness::builder()
            .with_size(egui::vec2(360.0, 600.0))
            .build_ui_state(
                |ui, sources: &mut Vec<Source>| {
                    sources_editor_ui(ui, "test", sources);
                },
                Vec::new(),
            );
        harness.get_by_label("+ Add source").click();
        harness.run();
        assert_eq!(harness.state().len(), 1);
        assert_eq!(harness.state()[0].status, SourceStatus::Assumption);
        harness.get_by_label("Remove source 1").click();
        harness.run();
        assert!(harness.state().is_empty());
    }
}
