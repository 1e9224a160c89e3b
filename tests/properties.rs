//! Properties of the engine on generated agreements, and a loader that never panics.

use agreement_explorer::engine::{Projector, project};
use agreement_explorer::io;
use agreement_explorer::model::{
    Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel, Horizon, Month,
    MonthShape, Party, Period, Provider, RateStep, RevenueStream, Rgb, Uncertain, Workload,
    WorkloadSize, YearPoint, YearlyPath, validate::validate,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("date") + chrono::Days::new(u64::from(offset))
}

fn path() -> impl Strategy<Value = YearlyPath> {
    (
        prop::collection::btree_map(2018i32..2032, 0.0f64..1e10, 1..5),
        -0.5f64..1.0,
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(|(points, growth, growth_shaped, actual)| YearlyPath {
            points: points
                .into_iter()
                .enumerate()
                .map(|(i, (year, amount))| YearPoint {
                    year,
                    amount,
                    actual: actual & (1 << (i % 8)) != 0,
                    sources: vec![],
                })
                .collect(),
            terminal_growth: Uncertain::exact(growth),
            month_shape: if growth_shaped {
                MonthShape::Growth
            } else {
                MonthShape::Flat
            },
        })
}

/// A boundary: a date in 2020–2031 or one of the events.
fn boundary(events: usize) -> impl Strategy<Value = Boundary> {
    prop_oneof![
        (0u32..4400).prop_map(|d| Boundary::Date(day(d))),
        (0..events.max(1)).prop_map(|e| Boundary::Event(format!("e{e}"))),
    ]
}

fn level() -> impl Strategy<Value = ExclusivityLevel> {
    prop_oneof![
        Just(ExclusivityLevel::Exclusive),
        (0.0f64..=1.0).prop_map(|p| ExclusivityLevel::RightOfFirstRefusal {
            match_probability: Uncertain::exact(p)
        }),
        (0.0f64..=1.0).prop_map(|s| ExclusivityLevel::Preferred {
            min_share: Uncertain::exact(s)
        }),
        Just(ExclusivityLevel::NonExclusive),
    ]
}

fn kind(providers: usize, workloads: usize, streams: usize) -> impl Strategy<Value = ClauseKind> {
    let ids = |prefix: &'static str, n: usize| (0..n).prop_map(move |i| format!("{prefix}{i}"));
    let some_workloads = move || {
        prop::collection::vec(0..workloads, 1..=workloads)
            .prop_map(|v| v.into_iter().map(|i| format!("w{i}")).collect::<Vec<_>>())
    };
    prop_oneof![
        (ids("p", providers), some_workloads(), level()).prop_map(
            |(provider, workloads, level)| {
                ClauseKind::Exclusivity {
                    provider,
                    workloads,
                    level,
                }
            }
        ),
        (
            0usize..2,
            ids("s", streams),
            prop::collection::vec((0u32..4400, 0.0f64..=1.0), 1..4),
            prop::option::of(0.0f64..5e10),
            1u32..36,
            prop::collection::vec(0usize..15, 0..3),
            prop::option::of(0u32..4400),
        )
            .prop_map(|(payer, base, steps, cap, spread, counts, from)| {
                let mut steps = steps;
                steps.sort_by_key(|s| s.0);
                ClauseKind::RevenueShare {
                    payer: format!("party{payer}"),
                    payee: format!("party{}", 1 - payer),
                    base,
                    schedule: steps
                        .into_iter()
                        .map(|(d, r)| RateStep {
                            from: day(d),
                            rate: Uncertain::exact(r),
                        })
                        .collect(),
                    cap: cap.map(Uncertain::exact),
                    cap_counts: counts.into_iter().map(|i| format!("c{i}")).collect(),
                    cap_from: from.map(day),
                    spread_months: spread,
                }
            }),
        (ids("p", providers), some_workloads(), 0.0f64..1e11).prop_map(
            |(provider, workloads, amount)| ClauseKind::ComputeCommitment {
                party: "party0".into(),
                provider,
                workloads,
                amount: Uncertain::exact(amount),
            }
        ),
        Just(ClauseKind::Note),
    ]
}

fn agreement() -> impl Strategy<Value = Agreement> {
    (1usize..5, 1usize..4, 1usize..3, 0usize..4).prop_flat_map(|(np, nw, ns, ne)| {
        let providers = prop::collection::vec((0.0f64..10.0, prop::option::of(0u32..4400)), np);
        let streams = prop::collection::vec(path(), ns);
        let workloads = prop::collection::vec(
            prop_oneof![
                path().prop_map(WorkloadSize::Path),
                (0..ns, 0.0f64..2.0).prop_map(|(s, r)| WorkloadSize::Ratio {
                    stream: format!("s{s}"),
                    ratio: Uncertain::exact(r)
                }),
            ],
            nw,
        );
        let events = prop::collection::vec(prop::option::of(0u32..4400), ne);
        let clauses = prop::collection::vec(
            (
                boundary(ne),
                prop::collection::vec(boundary(ne), 0..3),
                kind(np, nw, ns),
            ),
            0..10,
        );
        (
            providers,
            streams,
            workloads,
            events,
            clauses,
            0.0f64..24.0,
            2019i32..2024,
            1usize..15,
        )
            .prop_map(
                move |(providers, streams, workloads, events, clauses, tau, first, years)| {
                    let first = Month::new(first, 1).expect("month");
                    Agreement {
                        version: agreement_explorer::model::CURRENT_VERSION,
                        title: "Generated".into(),
                        description: String::new(),
                        currency: "USD".into(),
                        horizon: Horizon {
                            first,
                            last: first.offset(years as i64 * 12 - 1).expect("month"),
                        },
                        valuation_date: day(365),
                        discount_rate: Uncertain::exact(0.08),
                        migration_months: Uncertain::exact(tau),
                        parties: (0..2)
                            .map(|i| Party {
                                id: format!("party{i}"),
                                name: format!("Party {i}"),
                                color: Rgb([0, 0, 0]),
                            })
                            .collect(),
                        providers: providers
                            .into_iter()
                            .enumerate()
                            .map(|(i, (w, from))| Provider {
                                id: format!("p{i}"),
                                name: format!("P{i}"),
                                color: Rgb([0, 0, 0]),
                                weight: Uncertain::exact(w),
                                available_from: from.map(day),
                                sources: vec![],
                            })
                            .collect(),
                        streams: streams
                            .into_iter()
                            .enumerate()
                            .map(|(i, path)| RevenueStream {
                                id: format!("s{i}"),
                                name: format!("S{i}"),
                                owner: "party0".into(),
                                path,
                                scale: Uncertain::exact(1.0),
                            })
                            .collect(),
                        workloads: workloads
                            .into_iter()
                            .enumerate()
                            .map(|(i, size)| Workload {
                                id: format!("w{i}"),
                                name: format!("W{i}"),
                                size,
                                sources: vec![],
                            })
                            .collect(),
                        events: events
                            .into_iter()
                            .enumerate()
                            .map(|(i, d)| Event {
                                id: format!("e{i}"),
                                name: format!("E{i}"),
                                kind: EventKind::Trigger,
                                date: d.map(day),
                                date_range: None,
                                description: String::new(),
                                sources: vec![],
                            })
                            .collect(),
                        clauses: clauses
                            .into_iter()
                            .enumerate()
                            .map(|(i, (start, end, kind))| Clause {
                                id: format!("c{i}"),
                                title: format!("C{i}"),
                                text: String::new(),
                                sources: vec![],
                                period: Period { start, end },
                                kind,
                            })
                            .collect(),
                        sources: vec![],
                        calibration: vec![],
                        scenarios: Vec::new(),
                        story: Vec::new(),
                        simulation: agreement_explorer::model::Simulation::default(),
                    }
                },
            )
    })
}

fn all_finite(p: &agreement_explorer::engine::Projection) -> bool {
    let mut series: Vec<&[f64]> = Vec::new();
    series.extend(p.in_force.iter());
    series.extend(p.streams.iter().map(Vec::as_slice));
    for s in &p.shares {
        series.extend([&s.accrued, &s.paid, &s.cum_accrued, &s.cum_paid].map(Vec::as_slice));
    }
    series.extend(p.flows.iter().map(|f| f.paid.as_slice()));
    series.extend(p.nets.iter().map(|n| n.net.as_slice()));
    for w in &p.workloads {
        series.push(&w.amount);
        series.extend(w.spend.iter().chain(w.share.iter()));
    }
    series.extend(p.provider_spend.iter().chain(p.provider_share.iter()));
    series.push(&p.hhi);
    for c in &p.commitments {
        series.extend([&c.required_cum, &c.actual_cum, &c.top_up].map(Vec::as_slice));
    }
    let mut ok = true;
    for s in series {
        ok &= s.iter().all(|v| v.is_finite());
    }
    let m = &p.metrics;
    ok && m
        .shares
        .iter()
        .all(|s| s.npv.is_finite() && s.total_paid.is_finite())
        && m.provider_share_last_year.iter().all(|v| v.is_finite())
        && m.hhi_last_year.is_finite()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn shares_sum_to_one_and_stay_in_range(a in agreement()) {
        let p = project(&a);
        for w in &p.workloads {
            for k in 0..p.months.len() {
                let sum: f64 = w.share.iter().map(|s| s[k]).sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "workload shares sum to {sum}");
                for s in &w.share {
                    prop_assert!((-1e-12..=1.0 + 1e-12).contains(&s[k]), "share {}", s[k]);
                }
            }
        }
        for k in 0..p.months.len() {
            let sum: f64 = p.provider_share.iter().map(|s| s[k]).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "total shares sum to {sum}");
            prop_assert!((0.0..=1.0 + 1e-9).contains(&p.hhi[k]));
        }
    }

    #[test]
    fn accrual_never_exceeds_the_cap_and_payment_never_exceeds_accrual(a in agreement()) {
        let p = project(&a);
        for s in &p.shares {
            if let Some(cap) = s.cap {
                // What the cap counts never exceeds it; a cap over its own clause alone,
                // counting from the start, bounds that clause's cumulative accrual.
                let tolerance = cap * 1e-12 + 1e-6;
                prop_assert!(s.cap_counted <= cap + tolerance, "counted {} over cap {cap}", s.cap_counted);
                let counts_from_start = matches!(
                    &a.clauses[s.clause].kind,
                    ClauseKind::RevenueShare { cap_from: None, .. }
                );
                if s.cap_members.len() == 1 && counts_from_start {
                    for &c in &s.cum_accrued {
                        prop_assert!(c <= cap + tolerance, "cumulative {c} over cap {cap}");
                    }
                }
            }
            for (paid, accrued) in s.cum_paid.iter().zip(&s.cum_accrued) {
                prop_assert!(*paid <= accrued * (1.0 + 1e-12) + 1e-6, "paid {paid} > accrued {accrued}");
            }
        }
    }

    #[test]
    fn nothing_is_nan_or_infinite(a in agreement()) {
        prop_assert!(all_finite(&project(&a)));
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = io::from_ron_str(&text);
    }

    #[test]
    fn the_loader_never_panics_on_mutated_examples(
        file in 0usize..16,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8),
    ) {
        let files = example_texts();
        let mut bytes = files[file % files.len()].clone().into_bytes();
        for (at, op, byte) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.insert(i, byte); }
                _ => { bytes.remove(i); }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(a) = io::from_ron_str(&text) {
            // Whatever loads must validate and project without panicking.
            let _ = validate(&a);
            let _ = project(&a);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Analyses project one agreement after another with a projector that keeps
    /// the memory of the one before: each projection must be the fresh one, bit
    /// for bit, whatever came before it (other items, other numbers, the same again).
    #[test]
    fn a_projector_reusing_its_memory_projects_as_a_fresh_one(
        agreements in prop::collection::vec(agreement(), 2..4),
    ) {
        let mut projector = Projector::default();
        for a in agreements.iter().chain(agreements.first()) {
            let fresh = format!("{:?}", project(a));
            let reused = format!("{:?}", projector.project(a));
            prop_assert!(fresh == reused, "the reused projection differs");
        }
    }
}

/// The shipped examples with every uncertain input at its low end, then its high
/// end, then back at base, as an analysis moves them: one projector keeps up with
/// every move.
#[test]
fn a_projector_follows_the_examples_as_their_inputs_move() {
    for text in example_texts() {
        let base = io::from_ron_str(&text).expect("an example loads");
        let inputs = agreement_explorer::analysis::Input::all(&base);
        let mut projector = Projector::default();
        let mut work = base.clone();
        for end in [Some(false), Some(true), None] {
            for input in &inputs {
                let value = match end {
                    Some(false) => input.range.low,
                    Some(true) => input.range.high,
                    None => input.base.unwrap_or(input.range.low),
                };
                let _ = input.param.set(&mut work, value);
            }
            assert_eq!(
                format!("{:?}", projector.project(&work)),
                format!("{:?}", project(&work)),
                "{}: the projection with the inputs at {end:?}",
                base.title
            );
        }
    }
}

fn example_texts() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("saves")
        .expect("saves folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| std::fs::read_to_string(p).expect("reads"))
        .collect();
    texts.push(std::fs::read_to_string("tests/fixtures/v1.ron").expect("fixture"));
    texts
}

#[test]
fn the_loader_never_panics_on_any_truncation_of_an_example() {
    for text in example_texts() {
        let mut ends: Vec<usize> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Every truncation of the small fixture; every 7th of the larger files keeps CI quick.
        if text.len() > 20_000 {
            ends.retain(|i| i % 7 == 0);
        }
        for end in ends {
            assert!(io::from_ron_str(&text[..end]).is_err() || end > text.len() - 3);
        }
    }
}
