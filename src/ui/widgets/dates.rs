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
