//! Numbers: money, percentages and months as drag values, uncertain values with their
//! ranges, and an optional value behind a checkbox.
//!
//! Numbers are never clamped on display: a value outside its range (from a hand-edited
//! file) stays as it is and is flagged by validation at the field.

use egui::{DragValue, Response, Ui};

use super::FieldLabel;
use crate::model::{Distribution, Range, Uncertain};
use crate::ui::theme;
use crate::words;

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
                .width(theme::DISTRIBUTION_COMBO_WIDTH)
                .show_ui(ui, |ui| {
                    for d in [Distribution::Triangular, Distribution::Uniform] {
                        ui.selectable_value(&mut r.distribution, d, distribution_label(d));
                    }
                })
                .response
                .accessible_name(label.part("distribution"))
                .on_hover_text("How values are drawn between low and high");
        });
        // An edit that moved the value out of its range: say so, and offer the fix.
        if !(r.low <= x.value && x.value <= r.high) {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(theme::WARNING, "⚠ the value is outside its range");
                if ui
                    .small_button("Widen range")
                    .accessible_name(label.part("widen range"))
                    .on_hover_text("Stretch the range to take in the value")
                    .clicked()
                {
                    r.low = r.low.min(x.value);
                    r.high = r.high.max(x.value);
                }
            });
        }
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

/// An optional value: a checkbox `toggle` ("capped") that adds the value made by `new` or
/// removes it, and, when there is one, its editor `edit` under the checkbox.
///
/// The checkbox is the field while there is no value (it then takes the label's name); with
/// a value, `edit` names its own widgets after the label and the checkbox is "<label>
/// <toggle>". `changed()` when the value was added, removed or edited.
pub fn optional_ui<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    value: &mut Option<T>,
    toggle: &str,
    hint: &str,
    new: impl FnOnce() -> T,
    edit: impl FnOnce(&mut Ui, FieldLabel<'_>, &mut T),
) -> Response {
    let before = value.clone();
    let mut response = ui
        .vertical(|ui| {
            let mut on = value.is_some();
            let check = ui.checkbox(&mut on, toggle).on_hover_text(hint);
            if value.is_some() {
                check.clone().accessible_name(label.part(toggle));
            } else {
                label.name(check.clone());
            }
            if check.changed() {
                *value = on.then(new);
            }
            if let Some(v) = value {
                edit(ui, label, v);
            }
        })
        .response;
    if *value != before {
        response.mark_changed();
    }
    response
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    /// A number field's widget, as made by `percent_drag` or `money_drag`.
    type Drag = fn(&mut f64) -> DragValue<'_>;

    /// A number shown with `drag`, labelled `name`, starting at `value`.
    fn drag_harness(name: &'static str, drag: Drag, value: f64) -> Harness<'static, f64> {
        Harness::builder().build_ui_state(
            move |ui, x: &mut f64| {
                let l = ui.label(name);
                FieldLabel::visible(&l, name).name(ui.add(drag(x)));
            },
            value,
        )
    }

    /// A plain uncertain value labelled "Weight", starting at `value`.
    fn weight_harness(value: Uncertain) -> Harness<'static, Uncertain> {
        Harness::builder().build_ui_state(
            |ui, x: &mut Uncertain| {
                let l = ui.label("Weight");
                uncertain_ui(ui, FieldLabel::visible(&l, "Weight"), x, Unit::Plain);
            },
            value,
        )
    }

    #[test]
    fn drag_fields_show_their_value_in_its_unit() {
        let fields: [(&str, Drag, f64, &str); 2] = [
            ("Rate", percent_drag, 0.2, "20.0 %"),
            ("Cap", money_drag, 38e9, "$38.0B"),
        ];
        for (name, drag, value, shown) in fields {
            let harness = drag_harness(name, drag, value);
            assert_eq!(harness.get_by_label(name).value().as_deref(), Some(shown));
        }
    }

    #[test]
    fn percent_field_edits_the_fraction() {
        let mut harness = drag_harness("Rate", percent_drag, 0.2);
        harness.get_by_label("Rate").set_value_accesskit(15.0);
        harness.run();
        assert_eq!(*harness.state(), 0.15);
    }

    #[test]
    fn money_field_reads_and_parses_short_amounts() {
        let mut harness = drag_harness("Cap", money_drag, 38e9);
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
        let mut harness = weight_harness(Uncertain::exact(4.0));
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
    fn a_value_moved_out_of_its_range_is_flagged_and_one_click_widens_the_range() {
        let mut harness = weight_harness(Uncertain {
            value: 4.0,
            range: Some(Range {
                low: 3.0,
                high: 5.0,
                distribution: Distribution::Uniform,
            }),
        });
        harness.run();
        assert!(
            harness
                .query_by_label("⚠ the value is outside its range")
                .is_none()
        );
        harness.get_by_label("Weight").set_value_accesskit(7.5);
        harness.run();
        harness.get_by_label("⚠ the value is outside its range");
        harness.get_by_label("Weight widen range").click();
        harness.run();
        let r = harness.state().range.expect("a range");
        assert_eq!((harness.state().value, r.low, r.high), (7.5, 3.0, 7.5));
        assert!(
            harness
                .query_by_label("⚠ the value is outside its range")
                .is_none()
        );
    }
}
