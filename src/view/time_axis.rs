//! The time axis shared by the timeline and the plots: x is the date as a fractional year.

use chrono::{Datelike as _, NaiveDate};

use crate::model::Month;
use crate::model::dates::days_in_year;

/// A date as a fractional year: 2025-07-02 → about 2025.5.
pub fn x_from_date(d: NaiveDate) -> f64 {
    let year = d.year();
    f64::from(year) + f64::from(d.ordinal0()) / f64::from(days_in_year(year))
}

/// The first day of a month as a fractional year.
pub fn x_from_month(m: Month) -> f64 {
    x_from_date(m.first_day())
}

/// The date at fractional year `x` (clamped to years 1–9999).
pub fn date_from_x(x: f64) -> NaiveDate {
    let x = if x.is_finite() {
        x.clamp(1.0, 9999.0)
    } else {
        2000.0
    };
    let year = x.floor() as i32;
    let days = days_in_year(year);
    let ordinal = ((x - f64::from(year)) * f64::from(days)).floor() as u32 + 1;
    NaiveDate::from_yo_opt(year, ordinal.min(days)).unwrap_or(NaiveDate::MIN)
}

/// The first day of the month nearest to `x`.
pub fn snap_to_month(x: f64) -> NaiveDate {
    let d = date_from_x(x);
    let Some(m) = Month::of(d) else { return d };
    let start = m.first_day();
    let next = m.end_day();
    if (x - x_from_date(start)).abs() <= (x_from_date(next) - x).abs() {
        start
    } else {
        next
    }
}

/// The visible stretch of time, in fractional years. Changing it returns a new view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeView {
    pub min: f64,
    pub max: f64,
}

impl TimeView {
    /// The smallest span shown: about two months.
    const MIN_SPAN: f64 = 0.15;
    /// The largest span shown.
    const MAX_SPAN: f64 = 200.0;

    pub fn span(self) -> f64 {
        self.max - self.min
    }

    /// Screen x for time `x`, over a screen range `[left, right]`.
    pub fn screen_from_x(self, x: f64, left: f32, right: f32) -> f32 {
        left + ((x - self.min) / self.span()) as f32 * (right - left)
    }

    /// Time at screen x, over a screen range `[left, right]`.
    pub fn x_from_screen(self, sx: f32, left: f32, right: f32) -> f64 {
        self.min + f64::from((sx - left) / (right - left).max(1.0)) * self.span()
    }

    /// Moved by `dx` years.
    #[must_use]
    pub fn pan(self, dx: f64) -> Self {
        Self {
            min: self.min + dx,
            max: self.max + dx,
        }
    }

    #[must_use]
    /// Zoomed by `factor` (> 1 zooms in) keeping time `at` in place.
    pub fn zoom_at(self, at: f64, factor: f64) -> Self {
        let span = (self.span() / factor).clamp(Self::MIN_SPAN, Self::MAX_SPAN);
        let t = (at - self.min) / self.span();
        let min = at - t * span;
        Self {
            min,
            max: min + span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::date as d;

    #[test]
    fn dates_round_trip_through_x() {
        for s in ["2019-07-22", "2024-02-29", "2025-12-31", "2026-01-01"] {
            assert_eq!(date_from_x(x_from_date(d(s)) + 1e-9), d(s));
        }
    }

    #[test]
    fn snapping_goes_to_the_nearest_month_start() {
        assert_eq!(snap_to_month(x_from_date(d("2025-10-28"))), d("2025-11-01"));
        assert_eq!(snap_to_month(x_from_date(d("2025-10-05"))), d("2025-10-01"));
    }

    #[test]
    fn screen_mapping_round_trips_and_zoom_keeps_the_point() {
        let v = TimeView {
            min: 2019.0,
            max: 2033.0,
        };
        let sx = v.screen_from_x(2025.5, 100.0, 1500.0);
        assert!((v.x_from_screen(sx, 100.0, 1500.0) - 2025.5).abs() < 1e-6);
        let z = v.zoom_at(2025.5, 2.0);
        assert!((z.span() - 7.0).abs() < 1e-9);
        assert!((z.screen_from_x(2025.5, 100.0, 1500.0) - sx).abs() < 1e-3);
        assert_eq!(v.pan(1.0).min, 2020.0);
    }
}
