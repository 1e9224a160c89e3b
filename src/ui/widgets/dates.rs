//! Dates: a calendar picker, optional dates, months and ranges of dates.

use chrono::NaiveDate;
use egui::{DragValue, Response, Ui};

use super::{FieldLabel, optional_ui};
use crate::model::dates::add_years;
use crate::model::{DateRange, Month};
use crate::ui::theme;
use crate::words;

/// Years the date pickers offer.
const PICKER_YEARS: std::ops::RangeInclusive<i16> = 1970..=2100;

/// A date typed as `YYYY-MM-DD` or picked from a calendar; `changed()` when it got a
/// new date. Typed text is checked as it is typed: a date that reads takes effect at
/// once, anything else shows in the warning colour until it is fixed or the field is
/// left (then the date stays as it was). The returned response is the text field's.
///
/// `id_salt` must be unique among the date fields of the panel.
pub fn date_field(ui: &mut Ui, date: &mut NaiveDate, id_salt: &str) -> Response {
    let text_id = ui.make_persistent_id((id_salt, "typed"));
    // While the field has the keyboard, its text is what was typed; otherwise the date.
    let typed: Option<String> = ui.data(|d| d.get_temp(text_id));
    let mut text = typed.unwrap_or_else(|| words::date(*date));
    let parsed = parse_date(&text);
    let (mut field, picked) = ui
        .horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = theme::SMALL_GAP;
            let mut edit = egui::TextEdit::singleline(&mut text)
                .desired_width(theme::DATE_FIELD_WIDTH)
                .char_limit(10)
                .hint_text("YYYY-MM-DD");
            if parsed.is_none() {
                edit = edit.text_color(theme::WARNING);
            }
            let mut field = ui.add(edit);
            if parsed.is_none() {
                field = field.on_hover_text("Type a date as YYYY-MM-DD, e.g. 2026-04-27");
            }
            let picked = calendar_button(ui, *date, id_salt);
            (field, picked)
        })
        .inner;
    let mut changed = false;
    if field.has_focus() {
        ui.data_mut(|d| d.insert_temp(text_id, text.clone()));
        if let Some(d) = parse_date(&text)
            && d != *date
        {
            *date = d;
            changed = true;
        }
    } else {
        ui.data_mut(|d| d.remove::<String>(text_id));
    }
    if let Some(d) = picked {
        *date = d;
        changed = true;
    }
    if changed {
        field.mark_changed();
    } else {
        field.flags.remove(egui::response::Flags::CHANGED);
    }
    field
}

/// A typed date, if it reads as `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The calendar button beside a date field; the date picked, if one was.
fn calendar_button(ui: &mut Ui, date: NaiveDate, id_salt: &str) -> Option<NaiveDate> {
    // The picker works on its own date type (from the `jiff` crate); dates cross over as
    // ISO text, which both types read and write.
    let Ok(mut picked) = words::date(date).parse() else {
        ui.weak("📆")
            .on_hover_text("This date is outside the range the calendar can show");
        return None;
    };
    ui.add(
        egui_extras::DatePickerButton::new(&mut picked)
            .id_salt(id_salt)
            .format("")
            .calendar_week(false)
            .start_end_years(PICKER_YEARS),
    )
    .on_hover_text("Pick the date from a calendar");
    picked
        .to_string()
        .parse::<NaiveDate>()
        .ok()
        .filter(|d| *d != date)
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
    let before = *month;
    let mut year = month.year();
    let mut number = month.month();
    let mut response = ui
        .horizontal(|ui| {
            let index = (number as usize).clamp(1, 12) - 1;
            egui::ComboBox::from_id_salt(label.salt("month"))
                .selected_text(words::MONTH_NAMES[index])
                .width(theme::MONTH_COMBO_WIDTH)
                .show_ui(ui, |ui| {
                    for (k, name) in (1..=12).zip(words::MONTH_NAMES) {
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

/// A range of possible dates (a trigger's): "uncertain" and, when ticked, its first and last
/// day. A new range runs from a year before `around` to two years after it.
pub fn date_range_ui(
    ui: &mut Ui,
    label: FieldLabel<'_>,
    range: &mut Option<DateRange>,
    around: NaiveDate,
) -> Response {
    let new = || DateRange {
        low: add_years(around, -1),
        high: add_years(around, 2),
    };
    let hint = "The dates the trigger may fall on (for Monte Carlo)";
    optional_ui(ui, label, range, "uncertain", hint, new, |ui, label, r| {
        ui.horizontal_wrapped(|ui| {
            ui.weak("from");
            label.name(date_field(ui, &mut r.low, &label.salt("low")));
            ui.weak("to");
            date_field(ui, &mut r.high, &label.salt("high")).accessible_name(label.part("to"));
        });
    })
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::fixtures::date as d;

    fn harness() -> Harness<'static, NaiveDate> {
        Harness::builder().build_ui_state(
            |ui, date: &mut NaiveDate| {
                let l = ui.label("Start");
                FieldLabel::visible(&l, "Start").name(date_field(ui, date, "start"));
            },
            d("2025-01-21"),
        )
    }

    /// Selects the field's text and types `text` over it.
    fn type_over(harness: &mut Harness<'_, NaiveDate>, text: &str) {
        harness.get_by_label("Start").focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.get_by_label("Start").type_text(text);
        harness.run();
    }

    #[test]
    fn a_typed_date_takes_effect_as_soon_as_it_reads() {
        let mut harness = harness();
        harness.run();
        assert_eq!(
            harness.get_by_label("Start").value().as_deref(),
            Some("2025-01-21")
        );
        type_over(&mut harness, "2027-03-15");
        assert_eq!(*harness.state(), d("2027-03-15"));
    }

    #[test]
    fn a_date_that_does_not_read_changes_nothing_and_leaving_restores_the_text() {
        let mut harness = harness();
        harness.run();
        type_over(&mut harness, "2027-13-01");
        assert_eq!(*harness.state(), d("2025-01-21"), "month 13 is no date");
        assert_eq!(
            harness.get_by_label("Start").value().as_deref(),
            Some("2027-13-01"),
            "the typed text stays while typing"
        );
        harness.key_press(egui::Key::Escape);
        harness.run();
        assert_eq!(
            harness.get_by_label("Start").value().as_deref(),
            Some("2025-01-21")
        );
    }
}
