//! Date arithmetic the editors share.

use chrono::{Datelike as _, NaiveDate};

/// `date` moved by whole years; 29 February becomes 28 February in a year that is not leap.
///
/// A year outside what dates can hold leaves `date` as it is.
#[must_use]
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    date.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
        .unwrap_or(date)
}

/// How many days `year` has: 366 in a leap year, else 365.
#[must_use]
pub fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::date;

    #[test]
    fn years_are_added_even_from_a_leap_day() {
        assert_eq!(add_years(date("2024-02-29"), 1), date("2025-02-28"));
        assert_eq!(add_years(date("2019-07-22"), 1), date("2020-07-22"));
    }

    #[test]
    fn a_leap_day_stays_a_leap_day_in_a_leap_year() {
        assert_eq!(add_years(date("2024-02-29"), 4), date("2028-02-29"));
        assert_eq!(add_years(date("2024-02-29"), -4), date("2020-02-29"));
    }

    #[test]
    fn years_can_be_taken_away_from_a_leap_day() {
        assert_eq!(add_years(date("2024-02-29"), -1), date("2023-02-28"));
        assert_eq!(add_years(date("2020-03-01"), -1), date("2019-03-01"));
    }

    #[test]
    fn leap_years_have_366_days() {
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(days_in_year(2025), 365);
        assert_eq!(days_in_year(1900), 365);
        assert_eq!(days_in_year(2000), 366);
    }

    #[test]
    fn the_day_before_a_leap_day_is_kept() {
        assert_eq!(add_years(date("2023-02-28"), 1), date("2024-02-28"));
    }
}
