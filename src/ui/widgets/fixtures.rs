//! What the forms' tests start from.

use chrono::NaiveDate;

use crate::model::{
    Agreement, Event, EventKind, Horizon, Month, RevenueStream, Uncertain, YearPoint, YearlyPath,
};

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

/// The trigger "AGI verified" (`agi`), assumed on 2029-01-01.
pub fn agi_trigger() -> Event {
    Event {
        id: "agi".into(),
        name: "AGI verified".into(),
        kind: EventKind::Trigger,
        date: Some(date("2029-01-01")),
        date_range: None,
        description: String::new(),
        sources: vec![],
    }
}

/// The model maker's revenue stream, owned by `openai`: $4B in 2024, growing by `growth` a
/// year after.
pub fn openai_revenue(id: &str, growth: f64) -> RevenueStream {
    RevenueStream {
        id: id.into(),
        name: "OpenAI revenue".into(),
        owner: "openai".into(),
        path: YearlyPath {
            points: vec![YearPoint {
                year: 2024,
                amount: 4e9,
                sources: vec![],
            }],
            terminal_growth: Uncertain::exact(growth),
        },
        scale: Uncertain::exact(1.0),
    }
}
