//! The time plot both plots are: zoom and pan in time only, on the shared time axis,
//! with the shared hover line and playhead; and the marks and labels of its axes.

use std::ops::RangeInclusive;

use egui::{Color32, Ui};
use egui_plot::{AxisHints, GridInput, GridMark, HoverPosition, Plot, PlotResponse, PlotUi, VLine};

use crate::model::Month;
use crate::ui::{PanelCx, ViewCommand, ViewState, theme};
use crate::view::time_axis::{TimeView, date_from_x, x_from_date, x_from_month};
use crate::words;

/// Ticks closer than this to the top of a y axis (as a share of it) get no label.
const TOP_LABEL_ROOM: f64 = 0.03;
/// Ticks closer than this to either end of the time axis (as a share of it) get no label.
const EDGE_LABEL_ROOM: f64 = 0.03;
/// Grid steps on the time axis, in years: months, quarters, years, runs of years.
/// Each divides the next, so that labels of one step never crowd those of another.
const TIME_STEPS: [f64; 8] = [1.0 / 12.0, 0.25, 1.0, 2.0, 10.0, 20.0, 100.0, 200.0];

/// A plot on the shared time axis: zoom and pan in time only.
pub(super) fn time_plot<'a>(id_salt: &str, size: egui::Vec2) -> Plot<'a> {
    Plot::new(id_salt)
        .width(size.x)
        .height(size.y)
        .allow_drag([true, false])
        .allow_zoom([true, false])
        .allow_scroll([true, false])
        .allow_axis_zoom_drag([true, false])
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .y_axis_min_width(theme::PLOT_Y_AXIS_WIDTH)
        .grid_spacing(theme::PLOT_GRID_SPACING)
        .x_grid_spacer(|input| time_marks(&input))
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(time_tick)
                .label_spacing(theme::TIME_LABEL_SPACING),
        ])
}

/// What a time plot shares with the other time panels.
#[derive(Clone, Copy, Debug)]
pub(super) struct Shared {
    /// The time range shown.
    pub time: TimeView,
    /// Where the pointer was over a time panel last frame.
    hover_x: Option<f64>,
    playhead_x: f64,
    /// The hover line's colour: the text colour, faded.
    hover_color: Color32,
    /// Where the plot fades out while presenting, and the colour it fades to.
    reveal: Option<(f64, Color32)>,
}

impl Shared {
    /// What `view` says, in `ui`'s colours.
    pub fn of(ui: &Ui, view: &ViewState) -> Self {
        Self {
            time: view.time_view,
            hover_x: view.hover_x,
            playhead_x: x_from_date(view.playhead),
            hover_color: ui.visuals().text_color().gamma_multiply(0.6),
            reveal: view.reveal_until.map(|d| {
                let veil = ui.visuals().panel_fill.gamma_multiply(theme::REVEAL_VEIL);
                (x_from_date(d), veil)
            }),
        }
    }

    /// Sets the bounds and draws the hover line and the playhead.
    pub fn apply(self, plot_ui: &mut PlotUi<'_>, y: (f64, f64)) {
        plot_ui.set_plot_bounds_x(self.time.min..=self.time.max);
        plot_ui.set_plot_bounds_y(y.0..=y.1);
        // The plot under the pointer draws the line where the pointer is now; the
        // others where it was last frame.
        let rect = plot_ui.response().rect;
        let here = plot_ui
            .response()
            .hover_pos()
            .map(|pos| self.time.x_from_screen(pos.x, rect.left(), rect.right()));
        if let Some(x) = here.or(self.hover_x) {
            plot_ui.vline(
                VLine::new("", x)
                    .id("hover")
                    .color(self.hover_color)
                    .width(1.0)
                    .allow_hover(false),
            );
        }
        plot_ui.vline(
            VLine::new("", self.playhead_x)
                .id("playhead")
                .color(theme::PLAYHEAD)
                .width(1.5)
                .allow_hover(false),
        );
    }
}

impl Shared {
    /// While presenting, veils what comes after the step's date: call it after the
    /// plot's items, so that it lies over them.
    pub fn veil(self, plot_ui: &mut PlotUi<'_>, y: (f64, f64)) {
        // While presenting, what comes after the step's date is veiled.
        if let Some((x, veil)) = self.reveal
            && x < self.time.max
        {
            let (lo, hi) = (y.0 - (y.1 - y.0), y.1 + (y.1 - y.0));
            let right = self.time.max + (self.time.max - self.time.min);
            plot_ui.polygon(
                egui_plot::Polygon::new("", vec![[x, lo], [right, lo], [right, hi], [x, hi]])
                    .id("reveal")
                    .fill_color(veil)
                    .stroke(egui::Stroke::NONE)
                    .allow_hover(false),
            );
        }
    }
}

/// After a time plot: writes a zoom or pan back to the view and reports the hover.
pub(super) fn follow_up(response: &PlotResponse<()>, before: TimeView, cx: &mut PanelCx<'_>) {
    let bounds = response.transform.bounds();
    let (min, max) = (bounds.min()[0], bounds.max()[0]);
    let tolerance = before.span().abs() * 1e-9;
    if response.response.double_clicked() {
        cx.command(ViewCommand::ResetTimeView);
    } else if min.is_finite()
        && max.is_finite()
        && max > min
        && ((min - before.min).abs() > tolerance || (max - before.max).abs() > tolerance)
    {
        // zoom_at with factor 1 keeps the view but clamps its span.
        cx.command(ViewCommand::SetTimeView(
            TimeView { min, max }.zoom_at(f64::midpoint(min, max), 1.0),
        ));
    }
    if let Some(pos) = response.response.hover_pos() {
        let rect = response.response.rect;
        let x = before.x_from_screen(pos.x, rect.left(), rect.right());
        cx.command(ViewCommand::Hover(x));
    }
}

/// The x of a hover position.
pub(super) fn hover_x(pos: &HoverPosition<'_>) -> f64 {
    match pos {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => {
            position.x
        }
    }
}

/// Grid marks for a time axis: month starts, quarter starts or years, whichever are
/// at least `base_step_size` apart. Each mark's step is the coarsest step it is on,
/// so that years outrank quarters and 2030 outranks 2031.
#[must_use]
pub fn time_marks(input: &GridInput) -> Vec<GridMark> {
    let (min, max) = input.bounds;
    if !(min.is_finite() && max.is_finite() && max > min) {
        return Vec::new();
    }
    let first = TIME_STEPS
        .iter()
        .position(|&s| s >= input.base_step_size)
        .unwrap_or(TIME_STEPS.len() - 1);
    let steps = &TIME_STEPS[first..(first + 3).min(TIME_STEPS.len())];
    if steps[0] >= 1.0 {
        year_marks(steps, min, max)
    } else {
        month_marks(steps, min, max)
    }
}

/// Never produce more marks than this, whatever the input.
const MAX_MARKS: usize = 2000;

/// The coarsest of `steps` (in years) that `year` is on.
fn coarsest_year_step(steps: &[f64], year: i64) -> f64 {
    steps
        .iter()
        .rev()
        .copied()
        .find(|&s| s >= 1.0 && year % (s as i64) == 0)
        .unwrap_or(1.0)
}

/// Marks every `steps[0]` years (a whole number) within `[min, max]`.
fn year_marks(steps: &[f64], min: f64, max: f64) -> Vec<GridMark> {
    let mut marks = Vec::new();
    let step = steps[0] as i64;
    let mut year = (min / steps[0]).ceil() as i64 * step;
    while (year as f64) <= max && marks.len() < MAX_MARKS {
        marks.push(GridMark {
            value: year as f64,
            step_size: coarsest_year_step(steps, year),
        });
        year += step;
    }
    marks
}

/// Marks at month starts `steps[0]` years apart (a month or a quarter) within
/// `[min, max]`, quarters and years ranked above months.
fn month_marks(steps: &[f64], min: f64, max: f64) -> Vec<GridMark> {
    let mut marks = Vec::new();
    let months_apart = (steps[0] * 12.0).round().max(1.0) as u32;
    let Some(mut month) = Month::of(date_from_x(min)) else {
        return marks;
    };
    while marks.len() < MAX_MARKS {
        let x = x_from_month(month);
        if x > max {
            break;
        }
        let m0 = month.month() - 1;
        if x >= min && m0 % months_apart == 0 {
            let step_size = if m0 == 0 {
                coarsest_year_step(steps, i64::from(month.year()))
            } else if m0 % 3 == 0 {
                0.25
            } else {
                1.0 / 12.0
            };
            marks.push(GridMark {
                value: x,
                step_size: step_size.max(steps[0]),
            });
        }
        let Some(next) = month.offset(1) else { break };
        month = next;
    }
    marks
}

/// A time-axis label: the year at year marks, the month's short name at the others.
#[must_use]
pub fn time_label(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    if mark.step_size >= 1.0 {
        format!("{}", mark.value.round())
    } else {
        date_from_x(mark.value + 1e-6).format("%b").to_string()
    }
}

/// A time-axis label, unless its tick is so close to an edge that the label would be cut.
fn time_tick(mark: GridMark, range: &RangeInclusive<f64>) -> String {
    let span = range.end() - range.start();
    let room = (mark.value - range.start()).min(range.end() - mark.value);
    if span > 0.0 && room / span < EDGE_LABEL_ROOM {
        String::new()
    } else {
        time_label(mark, range)
    }
}

/// Money on an axis: `$10B` rather than `$10.0B`.
#[must_use]
pub fn money_tick(value: f64) -> String {
    let text = words::money(value);
    match text.find(".0") {
        Some(i) if !text[i + 2..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}{}", &text[..i], &text[i + 2..])
        }
        _ => text,
    }
}

/// An axis label, unless its tick is so close to the top edge that the label would be cut.
pub(super) fn unless_at_top(
    mark: GridMark,
    range: &RangeInclusive<f64>,
    label: fn(f64) -> String,
) -> String {
    let span = range.end() - range.start();
    if span > 0.0 && (range.end() - mark.value) / span < TOP_LABEL_ROOM {
        String::new()
    } else {
        label(mark.value)
    }
}

/// A share on an axis: `40 %`.
pub(super) fn percent_tick(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(min: f64, max: f64, base_step_size: f64) -> Vec<GridMark> {
        time_marks(&GridInput {
            bounds: (min, max),
            base_step_size,
        })
    }

    #[test]
    fn time_marks_are_nested_years_or_months() {
        // Zoomed out: every year, every other year stronger, every tenth strongest.
        let m = marks(2019.3, 2033.2, 0.5);
        let values: Vec<f64> = m.iter().map(|g| g.value).collect();
        assert_eq!(values, (2020..=2033).map(f64::from).collect::<Vec<_>>());
        let step = |year: f64| m.iter().find(|g| g.value == year).map(|g| g.step_size);
        assert_eq!(step(2021.0), Some(1.0));
        assert_eq!(step(2022.0), Some(2.0));
        assert_eq!(step(2030.0), Some(10.0));
        assert_eq!(time_label(m[0], &(2019.3..=2033.2)), "2020");

        // Zoomed in: month starts, quarters and years ranked.
        let m = marks(2024.9, 2025.6, 0.05);
        let labels: Vec<String> = m
            .iter()
            .map(|g| time_label(*g, &(2024.9..=2025.6)))
            .collect();
        assert_eq!(
            labels,
            [
                "Dec", "2025", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"
            ]
        );
        assert_eq!(m[4].step_size, 0.25);
        assert_eq!(m[3].step_size, 1.0 / 12.0);

        assert!(marks(2025.0, 2025.0, 1.0).is_empty());
        assert!(marks(f64::NAN, 2025.0, 1.0).is_empty());
    }

    #[test]
    fn labels_that_would_be_cut_at_an_edge_are_left_out() {
        let year = |value: f64| GridMark {
            value,
            step_size: 1.0,
        };
        let range = 2019.0..=2033.1;
        assert_eq!(time_tick(year(2033.0), &range), "");
        assert_eq!(time_tick(year(2020.0), &range), "2020");
        let share = |value: f64| GridMark {
            value,
            step_size: 0.25,
        };
        assert_eq!(
            unless_at_top(share(1.0), &(0.0..=1.04), percent_tick),
            "100 %"
        );
        assert_eq!(unless_at_top(share(1.0), &(0.0..=1.01), percent_tick), "");
    }

    #[test]
    fn money_ticks_drop_a_trailing_zero_decimal() {
        let ticks = [
            (10e9, "$10B"),
            (2.5e9, "$2.5B"),
            (0.0, "$0"),
            (-20e9, "-$20B"),
            (100e6, "$100M"),
        ];
        for (value, text) in ticks {
            assert_eq!(money_tick(value), text, "{value}");
        }
        assert_eq!(percent_tick(0.4), "40 %");
    }
}
