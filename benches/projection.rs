//! Projection speed: the built-in example and a large generated agreement.
//!
//! `cargo bench --bench projection`

use std::hint::black_box;

use agreement_explorer::app::DEFAULT_AGREEMENT;
use agreement_explorer::engine::{Projector, project};
use agreement_explorer::io;
use agreement_explorer::model::{
    Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel, Horizon, Month,
    Party, Period, Provider, RateStep, RevenueStream, Rgb, Simulation, Uncertain, Workload,
    WorkloadSize, YearPoint, YearlyPath, validate::validate,
};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

/// The app's allocator (see `src/main.rs`), so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A 50-year agreement with 300 clauses, 20 providers and 30 workloads.
fn large() -> Agreement {
    let first = Month::new(2000, 1).expect("month");
    let day = |k: u64| {
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Days::new(k * 37 % 18_000)
    };
    let path = |scale: f64| YearlyPath {
        points: (0..6)
            .map(|i| YearPoint {
                year: 2000 + i * 10,
                amount: scale * f64::from(1 + i * i),
                sources: vec![],
                actual: false,
            })
            .collect(),
        terminal_growth: Uncertain::exact(0.03),
        month_shape: agreement_explorer::model::MonthShape::Flat,
    };
    let providers: Vec<Provider> = (0..20)
        .map(|i| Provider {
            id: format!("p{i}"),
            name: format!("Provider {i}"),
            color: Rgb([0, 0, 0]),
            weight: Uncertain::exact(1.0 + f64::from(i % 5)),
            available_from: (i % 3 == 0).then(|| day(i as u64 * 300)),
            sources: vec![],
        })
        .collect();
    let workloads: Vec<Workload> = (0..30)
        .map(|i| Workload {
            id: format!("w{i}"),
            name: format!("Workload {i}"),
            size: if i % 2 == 0 {
                WorkloadSize::Path(path(1e8 * f64::from(i + 1)))
            } else {
                WorkloadSize::Ratio {
                    stream: format!("s{}", i % 4),
                    ratio: Uncertain::exact(0.1),
                }
            },
            sources: vec![],
        })
        .collect();
    let events: Vec<Event> = (0..40)
        .map(|i| Event {
            id: format!("e{i}"),
            name: format!("Event {i}"),
            kind: if i % 4 == 0 {
                EventKind::Trigger
            } else {
                EventKind::Amendment
            },
            date: (i % 7 != 0).then(|| day(i as u64 * 450)),
            date_range: None,
            description: String::new(),
            sources: vec![],
        })
        .collect();
    let clauses: Vec<Clause> = (0..300u64)
        .map(|i| {
            let start = if i % 3 == 0 {
                Boundary::Event(format!("e{}", i % 40))
            } else {
                Boundary::Date(day(i * 61))
            };
            let end = vec![
                Boundary::Date(day(i * 61 + 4000)),
                Boundary::Event(format!("e{}", (i + 5) % 40)),
            ];
            let w: Vec<String> = (0..3).map(|k| format!("w{}", (i + k * 7) % 30)).collect();
            let kind = match i % 4 {
                0 | 1 => ClauseKind::Exclusivity {
                    provider: format!("p{}", i % 20),
                    workloads: w,
                    level: match i % 3 {
                        0 => ExclusivityLevel::Exclusive,
                        1 => ExclusivityLevel::RightOfFirstRefusal {
                            match_probability: Uncertain::exact(0.6),
                        },
                        _ => ExclusivityLevel::Preferred {
                            min_share: Uncertain::exact(0.5),
                        },
                    },
                },
                2 => ClauseKind::RevenueShare {
                    payer: "a".into(),
                    payee: "b".into(),
                    base: format!("s{}", i % 4),
                    schedule: (0..4)
                        .map(|k| RateStep {
                            from: day(i * 61 + k * 900),
                            rate: Uncertain::exact(0.05 * (k + 1) as f64),
                        })
                        .collect(),
                    cap: Some(Uncertain::exact(5e10)),
                    spread_months: 1 + (i % 24) as u32,
                    cap_counts: Vec::new(),
                    cap_from: None,
                },
                _ => ClauseKind::ComputeCommitment {
                    party: "a".into(),
                    provider: format!("p{}", i % 20),
                    workloads: w,
                    amount: Uncertain::exact(1e10),
                },
            };
            Clause {
                id: format!("c{i}"),
                title: format!("Clause {i}"),
                text: String::new(),
                sources: vec![],
                period: Period { start, end },
                kind,
            }
        })
        .collect();
    Agreement {
        version: agreement_explorer::model::CURRENT_VERSION,
        title: "Large".into(),
        description: String::new(),
        currency: "USD".into(),
        horizon: Horizon {
            first,
            last: first.offset(50 * 12 - 1).expect("month"),
        },
        valuation_date: day(3650),
        discount_rate: Uncertain::exact(0.08),
        migration_months: Uncertain::exact(12.0),
        parties: ["a", "b"]
            .iter()
            .map(|id| Party {
                id: (*id).into(),
                name: (*id).into(),
                color: Rgb([0, 0, 0]),
            })
            .collect(),
        providers,
        streams: (0..4)
            .map(|i| RevenueStream {
                id: format!("s{i}"),
                name: format!("Stream {i}"),
                owner: "a".into(),
                path: path(1e9),
                scale: Uncertain::exact(1.0),
            })
            .collect(),
        workloads,
        events,
        clauses,
        sources: vec![],
        calibration: Vec::new(),
        scenarios: Vec::new(),
        story: Vec::new(),
        simulation: Simulation::default(),
    }
}

fn benches(c: &mut Criterion) {
    let default = io::from_ron_str(DEFAULT_AGREEMENT).expect("default loads");
    c.bench_function("project default example", |b| {
        b.iter(|| project(black_box(&default)));
    });
    // An analysis projects one variation after another with one projector.
    let mut projector = Projector::default();
    c.bench_function("project default example, reusing a projector", |b| {
        b.iter(|| projector.project(black_box(&default)).metrics.hhi_last_year);
    });
    let large = large();
    assert_eq!(large.clauses.len(), 300);
    c.bench_function(
        "project large (50 y, 300 clauses, 20 providers, 30 workloads)",
        |b| {
            b.iter(|| project(black_box(&large)));
        },
    );
    c.bench_function("load and validate default example", |b| {
        b.iter(|| {
            let a = io::from_ron_str(black_box(DEFAULT_AGREEMENT)).expect("loads");
            validate(&a)
        });
    });
}

criterion_group!(projection, benches);
criterion_main!(projection);
