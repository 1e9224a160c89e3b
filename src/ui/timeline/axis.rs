//! The time axis on screen: where a date is in px, which ruler ticks fit at a zoom
//! level, and zooming and panning with the wheel.

use chrono::NaiveDate;
use egui::{Rect, Ui};

use super::LocalView;
use crate::ui::theme::timeline::RULER_LABEL_PX;
use crate::view::time_axis::{TimeView, x_from_date};

/// The time axis on screen this frame: the shared [`TimeView`] over the lanes' x range.
#[derive(Clone, Copy, Debug)]
pub(super) struct Axis {
    pub view: TimeView,
    /// Screen x of the view's start.
    pub left: f32,
    /// Screen x of the view's end.
    pub right: f32,
}

impl Axis {
    /// Screen x of the time `x` (fractional years).
    pub fn sx(self, x: f64) -> f32 {
        self.view.screen_from_x(x, self.left, self.right)
    }

    pub fn sx_from_date(self, d: NaiveDate) -> f32 {
        self.sx(x_from_date(d))
    }

    pub fn x_from_sx(self, sx: f32) -> f64 {
        self.view.x_from_screen(sx, self.left, self.right)
    }

    pub fn width(self) -> f32 {
        (self.right - self.left).max(1.0)
    }

    pub fn px_per_year(self) -> f32 {
        self.width() / self.view.span().max(1e-6) as f32
    }

    /// Whether screen x `sx` is on the axis, give or take a pixel.
    pub fn contains(self, sx: f32) -> bool {
        (self.left - 1.0..=self.right + 1.0).contains(&sx)
    }

    /// The view moved by `dx` px: the time under the pointer follows it.
    pub fn panned(self, dx: f32) -> TimeView {
        let years = f64::from(dx / self.width()) * self.view.span();
        self.view.pan(-years)
    }

    /// Calls `f(year, sx)` for each labelled year tick in view, every `step` years.
    pub fn for_each_year_tick(self, step: i32, mut f: impl FnMut(i32, f32)) {
        let first = self.view.min.floor() as i32;
        let last = self.view.max.ceil() as i32;
        for year in first..=last {
            if year.rem_euclid(step) == 0 {
                let sx = self.sx(f64::from(year));
                if self.contains(sx) {
                    f(year, sx);
                }
            }
        }
    }
}

/// Which ticks and labels the ruler shows at a zoom level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RulerSteps {
    /// Years between labelled ticks.
    pub year_step: i32,
    /// Whether each month gets a small tick.
    pub month_ticks: bool,
    /// Months between month labels ("Apr", "Jul"), if there is room for them.
    pub month_label_step: Option<u32>,
}

impl RulerSteps {
    /// The steps at `px_per_year`: as fine as the labels have room for.
    pub fn at(px_per_year: f32) -> Self {
        let year_step = [1, 2, 5, 10, 20, 50, 100]
            .into_iter()
            .find(|&s| s as f32 * px_per_year >= RULER_LABEL_PX)
            .unwrap_or(200);
        let px_per_month = px_per_year / 12.0;
        let month_label_step = if px_per_month >= RULER_LABEL_PX {
            Some(1)
        } else if 3.0 * px_per_month >= RULER_LABEL_PX {
            Some(3)
        } else {
            None
        };
        Self {
            year_step,
            month_ticks: px_per_month >= 5.0,
            month_label_step,
        }
    }
}

/// Ctrl+scroll or pinch zooms around the pointer, horizontal scroll pans, and the pointer's
/// date becomes the shared hover cursor.
pub(super) fn zoom_and_pan(ui: &Ui, area: Rect, axis: Axis, view: &mut LocalView) {
    let Some(pos) = ui.ctx().pointer_hover_pos() else {
        return;
    };
    if !ui.rect_contains_pointer(area) || pos.x < axis.left || pos.x > axis.right {
        return;
    }
    view.next_hover_x = Some(axis.x_from_sx(pos.x));
    let (zoom, scroll_x) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta.x));
    if zoom != 1.0 {
        view.time_view = view
            .time_view
            .zoom_at(axis.x_from_sx(pos.x), f64::from(zoom));
    }
    if scroll_x != 0.0 {
        view.time_view = Axis {
            view: view.time_view,
            ..axis
        }
        .panned(scroll_x);
        // Taken: nothing else should scroll sideways with it.
        ui.ctx().input_mut(|i| i.smooth_scroll_delta.x = 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ruler_shows_months_only_when_zoomed_in() {
        // The whole 14-year example on ~700 px.
        let wide = RulerSteps::at(50.0);
        assert_eq!(wide.year_step, 1);
        assert!(!wide.month_ticks && wide.month_label_step.is_none());
        assert_eq!(RulerSteps::at(10.0).year_step, 5);
        let quarters = RulerSteps::at(200.0);
        assert!(quarters.month_ticks);
        assert_eq!(quarters.month_label_step, Some(3));
        assert_eq!(RulerSteps::at(600.0).month_label_step, Some(1));
    }

    #[test]
    fn panning_moves_the_view_by_the_pointers_share_of_the_width() {
        let axis = Axis {
            view: TimeView {
                min: 2020.0,
                max: 2030.0,
            },
            left: 100.0,
            right: 600.0,
        };
        assert!((axis.sx(2025.0) - 350.0).abs() < 1e-3);
        assert!((axis.x_from_sx(350.0) - 2025.0).abs() < 1e-6);
        assert!((axis.px_per_year() - 50.0).abs() < 1e-3);
        // Dragging 50 px to the left shows one year later.
        let panned = axis.panned(-50.0);
        assert!((panned.min - 2021.0).abs() < 1e-6 && (panned.max - 2031.0).abs() < 1e-6);
        let mut years = Vec::new();
        axis.for_each_year_tick(5, |year, _| years.push(year));
        assert_eq!(years, [2020, 2025, 2030]);
    }
}
