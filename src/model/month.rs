//! A calendar month: the engine's time step.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike as _, NaiveDate};

/// A calendar month, e.g. 2025-10. Ordered in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1..=12
    month: u32,
}

impl Month {
    /// The month `month` (1..=12) of `year`, if both are in chrono's range.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        // Inside chrono's range with a year to spare on either side, so that the
        // month's first day and the next month's first day always exist.
        let years = (NaiveDate::MIN.year() + 1)..NaiveDate::MAX.year();
        ((1..=12).contains(&month) && years.contains(&year)).then_some(Self { year, month })
    }

    /// The month containing `date`; `None` only at the very end of chrono's range.
    pub fn of(date: NaiveDate) -> Option<Self> {
        Self::new(date.year(), date.month())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1..=12
    pub fn month(self) -> u32 {
        self.month
    }

    /// Months since year 0, January: a linear index for arithmetic.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month at a linear `index` (see [`Self::index`]).
    pub fn from_index(index: i64) -> Option<Self> {
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        Self::new(year, (index.rem_euclid(12) + 1) as u32)
    }

    /// The month after this one.
    pub fn next_month(self) -> Option<Self> {
        if self.month < 12 {
            Some(Self {
                year: self.year,
                month: self.month + 1,
            })
        } else {
            Self::new(self.year.checked_add(1)?, 1)
        }
    }

    /// This month moved by `months` (negative moves back).
    pub fn offset(self, months: i64) -> Option<Self> {
        Self::from_index(self.index().checked_add(months)?)
    }

    /// Whole months from `earlier` to `self` (negative if `self` is before).
    pub fn months_since(self, earlier: Self) -> i64 {
        self.index() - earlier.index()
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first day of the next month (the exclusive end of this one).
    pub fn end_day(self) -> NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
    }

    /// Number of days in the month.
    pub fn days(self) -> u32 {
        (self.end_day() - self.first_day()).num_days() as u32
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected a month as YYYY-MM, found {s:?}");
        let (y, m) = s.trim().rsplit_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Self::new(year, month).ok_or_else(bad)
    }
}

serde_as_text!(Month);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_month_is_one_month_on() {
        let mut m = Month::new(2023, 1).expect("month");
        for _ in 0..40 {
            assert_eq!(m.next_month(), m.offset(1));
            m = m.next_month().expect("month");
        }
        assert_eq!(m, Month::new(2026, 5).expect("month"));
        let last = Month::new(NaiveDate::MAX.year() - 1, 12).expect("month");
        assert_eq!(last.next_month(), None);
    }

    #[test]
    fn days_include_leap_february() {
        assert_eq!(Month::new(2024, 2).map(Month::days), Some(29));
        assert_eq!(Month::new(2025, 2).map(Month::days), Some(28));
        assert_eq!(Month::new(2025, 12).map(Month::days), Some(31));
    }

    #[test]
    fn index_round_trips() {
        let m = Month::new(2019, 7).expect("valid");
        assert_eq!(Month::from_index(m.index()), Some(m));
        assert_eq!(m.offset(6), Month::new(2020, 1));
        assert_eq!(m.offset(-7), Month::new(2018, 12));
        assert_eq!(Month::new(2020, 1).expect("valid").months_since(m), 6);
    }

    #[test]
    fn parses_and_prints() {
        let m: Month = "2025-10".parse().expect("valid");
        assert_eq!(m.to_string(), "2025-10");
        assert!("2025-13".parse::<Month>().is_err());
        assert!("October".parse::<Month>().is_err());
    }
}
