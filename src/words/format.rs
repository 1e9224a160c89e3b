//! How numbers, money and dates read, on screen and in reports alike.

use chrono::NaiveDate;

/// Money in short form: `$12.3B`, `$450M`, `$12K`, `-$1.2B`.
pub fn money(amount: f64) -> String {
    if !amount.is_finite() {
        return "—".to_owned();
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    let (value, unit) = if a >= 1e12 {
        (a / 1e12, "T")
    } else if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "K")
    } else {
        (a, "")
    };
    let digits = usize::from(value < 100.0 && !unit.is_empty());
    format!("{sign}${value:.digits$}{unit}")
}

/// Parses money as typed: `12.3B`, `$450M`, `1,200`, `38e9`.
pub fn parse_money(text: &str) -> Option<f64> {
    let t = text.trim().replace([',', '$', ' '], "");
    let (number, factor) = match t.chars().last()?.to_ascii_uppercase() {
        'T' => (&t[..t.len() - 1], 1e12),
        'B' => (&t[..t.len() - 1], 1e9),
        'M' => (&t[..t.len() - 1], 1e6),
        'K' => (&t[..t.len() - 1], 1e3),
        _ => (t.as_str(), 1.0),
    };
    let v: f64 = number.parse().ok()?;
    v.is_finite().then_some(v * factor)
}

/// A fraction as a percentage: `0.2` → `20.0 %`.
pub fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

/// A date as `2025-10-28`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Month abbreviations, January first (cheaper than formatting a date).
pub const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as `Oct 2025`.
pub fn month_year(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

/// A number in its unit's words: money, a percentage, months, a date or a plain number.
pub fn value(unit: crate::model::param::Unit, x: f64) -> String {
    use crate::model::param::{Unit, date_from_value};
    match unit {
        Unit::Money => money(x),
        Unit::Fraction => percent(x),
        Unit::Months => format!("{x:.1} months"),
        Unit::Weight | Unit::Ratio => format!("{x:.2}"),
        Unit::Date => date_from_value(x).map_or_else(|| "—".to_owned(), date),
    }
}

/// Parses a number as typed in its unit's words: money as `12.3B`, a fraction as
/// `15 %` or `0.15`, a date as `2028-06-30`, months and plain numbers as numbers.
pub fn parse_value(unit: crate::model::param::Unit, text: &str) -> Option<f64> {
    use crate::model::param::{Unit, value_from_date};
    let t = text.trim();
    match unit {
        Unit::Money => parse_money(t),
        Unit::Fraction => match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().ok().map(|p| p / 100.0),
            None => t.parse().ok(),
        },
        Unit::Date => t.parse::<NaiveDate>().ok().map(value_from_date),
        Unit::Months => t.trim_end_matches("months").trim().parse().ok(),
        Unit::Weight | Unit::Ratio => t.parse().ok(),
    }
    .filter(|v: &f64| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_short_and_signed() {
        assert_eq!(money(12.34e9), "$12.3B");
        assert_eq!(money(450e6), "$450M");
        assert_eq!(money(493.8e6), "$494M");
        assert_eq!(money(-1.25e9), "-$1.2B");
        assert_eq!(money(38e9), "$38.0B");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(f64::NAN), "—");
    }

    #[test]
    fn money_parses_as_typed() {
        assert_eq!(parse_money("$38B"), Some(38e9));
        assert_eq!(parse_money("450m"), Some(450e6));
        assert_eq!(parse_money("1,200"), Some(1200.0));
        assert_eq!(parse_money("38e9"), Some(38e9));
        assert_eq!(parse_money("lots"), None);
    }

    #[test]
    fn values_read_in_their_units() {
        use crate::model::param::{Unit, value_from_date};
        let day = chrono::NaiveDate::from_ymd_opt(2028, 6, 30).expect("date");
        assert_eq!(value(Unit::Money, 38e9), "$38.0B");
        assert_eq!(value(Unit::Fraction, 0.15), "15.0 %");
        assert_eq!(value(Unit::Months, 12.0), "12.0 months");
        assert_eq!(value(Unit::Weight, 0.8), "0.80");
        assert_eq!(value(Unit::Date, value_from_date(day)), "2028-06-30");
    }

    #[test]
    fn values_parse_as_typed() {
        use crate::model::param::{Unit, value_from_date};
        let day = chrono::NaiveDate::from_ymd_opt(2028, 6, 30).expect("date");
        assert_eq!(parse_value(Unit::Money, "$30B"), Some(30e9));
        assert_eq!(parse_value(Unit::Fraction, "15 %"), Some(0.15));
        assert_eq!(parse_value(Unit::Fraction, "0.15"), Some(0.15));
        assert_eq!(
            parse_value(Unit::Date, "2028-06-30"),
            Some(value_from_date(day))
        );
        assert_eq!(parse_value(Unit::Months, "12 months"), Some(12.0));
        assert_eq!(parse_value(Unit::Money, "lots"), None);
    }
}
