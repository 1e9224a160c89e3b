//! Agreements and helpers the unit tests share: the model's, the view models' and the
//! panels'.

use chrono::NaiveDate;

use crate::model::{
    Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel, Horizon, Month,
    Party, Period, Provider, RateStep, RevenueStream, Rgb, Source, SourceStatus, Uncertain,
    Workload, WorkloadSize, YearPoint, YearlyPath,
};

/// A date written as ISO text.
pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A month written as `YYYY-MM`.
pub(crate) fn month(s: &str) -> Month {
    s.parse().expect("test month")
}

/// An agreement over 2019–2030 valued at 2025-01-01, with nothing in it yet: tests add their
/// items with `Agreement { parties: …, ..bare_agreement() }`.
pub(crate) fn bare_agreement() -> Agreement {
    Agreement {
        version: crate::model::CURRENT_VERSION,
        title: "Test".into(),
        description: String::new(),
        currency: "USD".into(),
        horizon: Horizon {
            first: month("2019-01"),
            last: month("2030-12"),
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
        calibration: Vec::new(),
        scenarios: Vec::new(),
        story: Vec::new(),
        simulation: crate::model::Simulation::default(),
    }
}

/// The trigger "AGI verified" (`agi`), assumed on 2029-01-01.
pub(crate) fn agi_trigger() -> Event {
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
pub(crate) fn openai_revenue(id: &str, growth: f64) -> RevenueStream {
    RevenueStream {
        id: id.into(),
        name: "OpenAI revenue".into(),
        owner: "openai".into(),
        path: YearlyPath {
            points: vec![YearPoint {
                year: 2024,
                amount: 4e9,
                sources: vec![],
                actual: false,
            }],
            terminal_growth: Uncertain::exact(growth),
            month_shape: crate::model::MonthShape::Flat,
        },
        scale: Uncertain::exact(1.0),
    }
}

/// The same amount every year from 2024 on.
fn flat(amount: f64) -> YearlyPath {
    YearlyPath {
        points: vec![YearPoint {
            year: 2024,
            amount,
            sources: vec![],
            actual: false,
        }],
        terminal_growth: Uncertain::exact(0.0),
        month_shape: crate::model::MonthShape::Flat,
    }
}

/// A clause titled by its id, from `start` to `end` (or open-ended).
pub(crate) fn clause(id: &str, start: &str, end: Option<&str>, kind: ClauseKind) -> Clause {
    Clause {
        id: id.into(),
        title: id.into(),
        text: String::new(),
        sources: vec![],
        period: Period {
            start: Boundary::Date(date(start)),
            end: end.map(|e| Boundary::Date(date(e))).into_iter().collect(),
        },
        kind,
    }
}

/// `payer` pays `payee` `rate` of stream `base` from 2024, every month, up to `cap`.
fn share(payer: &str, payee: &str, base: &str, rate: f64, cap: Option<f64>) -> ClauseKind {
    ClauseKind::RevenueShare {
        payer: payer.into(),
        payee: payee.into(),
        base: base.into(),
        schedule: vec![RateStep {
            from: date("2024-01-01"),
            rate: Uncertain::exact(rate),
        }],
        cap: cap.map(Uncertain::exact),
        spread_months: 1,
        cap_counts: Vec::new(),
        cap_from: None,
    }
}

/// 2024–2025 with no discounting and instant migration:
/// - Alpha pays Beta 10 % of 100 a month ("ab"), capped at 150: reached in March 2025;
/// - Beta pays Alpha 1 % of 200 a month ("ba"): 2 a month;
/// - providers Harbor (weight 4) and Xeno (weight 1); workload "Training" (100 a month)
///   is exclusive to Harbor in 2024, workload "Serving" (200 a month) never is.
pub(crate) fn small_agreement() -> Agreement {
    let party = |id: &str, name: &str, rgb: [u8; 3]| Party {
        id: id.into(),
        name: name.into(),
        color: Rgb(rgb),
    };
    let provider = |id: &str, name: &str, weight: f64, rgb: [u8; 3]| Provider {
        id: id.into(),
        name: name.into(),
        color: Rgb(rgb),
        weight: Uncertain::exact(weight),
        available_from: None,
        sources: vec![],
    };
    let stream = |id: &str, owner: &str, yearly: f64| RevenueStream {
        id: id.into(),
        name: id.into(),
        owner: owner.into(),
        path: flat(yearly),
        scale: Uncertain::exact(1.0),
    };
    let workload = |id: &str, name: &str, yearly: f64| Workload {
        id: id.into(),
        name: name.into(),
        size: WorkloadSize::Path(flat(yearly)),
        sources: vec![],
    };
    Agreement {
        title: "Small".into(),
        horizon: Horizon {
            first: month("2024-01"),
            last: month("2025-12"),
        },
        valuation_date: date("2024-01-01"),
        discount_rate: Uncertain::exact(0.0),
        migration_months: Uncertain::exact(0.0),
        parties: vec![
            party("a", "Alpha", [200, 40, 40]),
            party("b", "Beta", [40, 40, 200]),
        ],
        providers: vec![
            provider("h", "Harbor", 4.0, [0, 120, 212]),
            provider("x", "Xeno", 1.0, [255, 153, 0]),
        ],
        streams: vec![stream("s", "a", 1200.0), stream("t", "b", 2400.0)],
        workloads: vec![
            workload("w", "Training", 1200.0),
            workload("v", "Serving", 2400.0),
        ],
        clauses: vec![
            clause(
                "ab",
                "2024-01-01",
                None,
                share("a", "b", "s", 0.1, Some(150.0)),
            ),
            clause("ba", "2024-01-01", None, share("b", "a", "t", 0.01, None)),
            clause(
                "excl",
                "2024-01-01",
                Some("2025-01-01"),
                ClauseKind::Exclusivity {
                    provider: "h".into(),
                    workloads: vec!["w".into()],
                    level: ExclusivityLevel::Exclusive,
                },
            ),
        ],
        ..bare_agreement()
    }
}

fn ev(id: &str) -> Boundary {
    Boundary::Event(id.to_owned())
}

fn event((id, name, kind, day): (&str, &str, EventKind, &str)) -> Event {
    Event {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
        date: Some(date(day)),
        date_range: None,
        description: format!("What {name} changed"),
        sources: Vec::new(),
    }
}

fn sourced_clause(id: &str, title: &str, period: Period, kind: ClauseKind) -> Clause {
    Clause {
        id: id.to_owned(),
        title: title.to_owned(),
        text: String::new(),
        sources: vec![Source {
            title: format!("Press release on {title}"),
            url: String::new(),
            status: SourceStatus::Reported,
            note: String::new(),
            field: String::new(),
        }],
        period,
        kind,
    }
}

fn period(start: Boundary, end: Vec<Boundary>) -> Period {
    Period { start, end }
}

fn exclusivity(level: ExclusivityLevel) -> ClauseKind {
    ClauseKind::Exclusivity {
        provider: "azure".to_owned(),
        workloads: Vec::new(),
        level,
    }
}

/// Clauses: 0 exclusive, 1 revenue share, 2 ROFR, 3 open (open-ended), 4 commitment,
/// 5 stake. Events: 0 "invest", 1 "rofr", 2 "agi" (a trigger).
pub(crate) fn timeline_agreement() -> Agreement {
    let mut a = crate::app::new_agreement();
    a.horizon = Horizon {
        first: Month::new(2019, 1).expect("month"),
        last: Month::new(2032, 12).expect("month"),
    };
    a.valuation_date = date("2026-04-27");
    a.parties = [("openai", "OpenAI"), ("microsoft", "Microsoft")]
        .map(|(id, name)| Party {
            id: id.to_owned(),
            name: name.to_owned(),
            color: Rgb([10, 10, 10]),
        })
        .to_vec();
    a.providers = vec![Provider {
        id: "azure".to_owned(),
        name: "Azure".to_owned(),
        color: Rgb([0, 120, 212]),
        weight: Uncertain::exact(1.0),
        available_from: None,
        sources: Vec::new(),
    }];
    a.events = [
        (
            "invest",
            "2019 investment",
            EventKind::Amendment,
            "2019-07-22",
        ),
        (
            "rofr",
            "Jan 2025: right of first refusal",
            EventKind::Amendment,
            "2025-01-21",
        ),
        ("agi", "AGI verified", EventKind::Trigger, "2030-06-30"),
    ]
    .map(event)
    .to_vec();
    let restructured = || Boundary::Date(date("2025-10-28"));
    a.clauses = vec![
        sourced_clause(
            "excl",
            "Azure exclusive",
            period(ev("invest"), vec![ev("rofr")]),
            exclusivity(ExclusivityLevel::Exclusive),
        ),
        sourced_clause(
            "share",
            "Revenue share",
            period(
                ev("invest"),
                vec![ev("agi"), Boundary::Date(date("2030-12-31"))],
            ),
            ClauseKind::RevenueShare {
                payer: "openai".to_owned(),
                payee: "microsoft".to_owned(),
                base: "revenue".to_owned(),
                schedule: vec![RateStep {
                    from: date("2019-07-22"),
                    rate: Uncertain::exact(0.2),
                }],
                cap: Some(Uncertain::exact(38e9)),
                spread_months: 1,
                cap_counts: Vec::new(),
                cap_from: None,
            },
        ),
        sourced_clause(
            "rofr_clause",
            "ROFR on new capacity",
            period(ev("rofr"), vec![restructured()]),
            exclusivity(ExclusivityLevel::RightOfFirstRefusal {
                match_probability: Uncertain::exact(0.5),
            }),
        ),
        sourced_clause(
            "open",
            "Any cloud",
            period(restructured(), Vec::new()),
            exclusivity(ExclusivityLevel::NonExclusive),
        ),
        sourced_clause(
            "commit",
            "Azure commitment",
            period(restructured(), vec![Boundary::Date(date("2033-01-01"))]),
            ClauseKind::ComputeCommitment {
                party: "openai".to_owned(),
                provider: "azure".to_owned(),
                workloads: Vec::new(),
                amount: Uncertain::exact(250e9),
            },
        ),
        sourced_clause(
            "stake",
            "Stake",
            period(restructured(), Vec::new()),
            ClauseKind::EquityStake {
                holder: "microsoft".to_owned(),
                company: "openai".to_owned(),
                stake: Uncertain::exact(0.27),
            },
        ),
    ];
    a
}

/// Asserts that `actual` is `expected` up to rounding.
pub(crate) fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}
