//! What the forms' tests start from.

use chrono::NaiveDate;

use crate::model::{Agreement, Horizon, Month, Uncertain};

/// A date written as ISO text.
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// An agreement over 2019–2030 valued at 2025-01-01, with nothing in it yet: tests add their
/// items with `Agreement { parties: …, ..bare_agreement() }`.
pub fn bare_agreement() -> Agreement {
    Agreement {
        version: crate::model::CURRENT_VERSION,
        title: "Test".into(),
        description: String::new(),
        currency: "USD".into(),
        horizon: Horizon {
            first: Month::new(2019, 1).expect("month"),
            last: Month::new(2030, 12).expect("month"),
        },
        valuation_date: date("2025-01-01"),
        discount_rate: Uncertain::exact(0.08),
        migration_months: Uncertain::exact(12.0),
        parties: vec![],
        providers: vec![],
        streams: vec![],
        workloads: vec![],
        events: vec![],
        clauses: vec![],
        sources: vec![],
    }
}
