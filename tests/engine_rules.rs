//! The projection formulas of DESIGN §2, checked against hand-computed numbers.

use agreement_explorer::engine::{ExclusivityEnd, project};
use agreement_explorer::model::{
    Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel, Horizon, Month,
    Party, Period, Provider, RateStep, RevenueStream, Rgb, Simulation, Uncertain, Workload,
    WorkloadSize, YearPoint, YearlyPath, validate::validate,
};
use chrono::NaiveDate;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn month(s: &str) -> Month {
    s.parse().expect("test month")
}

fn path(points: &[(i32, f64)], growth: f64) -> YearlyPath {
    YearlyPath {
        points: points
            .iter()
            .map(|&(year, amount)| YearPoint {
                year,
                amount,
                sources: vec![],
            })
            .collect(),
        terminal_growth: Uncertain::exact(growth),
    }
}

/// Two parties `a` and `b`, a stream `s` owned by `a` of 1,200 a year (100 a month), 2024 only.
fn agreement() -> Agreement {
    Agreement {
        version: 1,
        title: "Test".into(),
        description: String::new(),
        currency: "USD".into(),
        horizon: Horizon {
            first: month("2024-01"),
            last: month("2024-12"),
        },
        valuation_date: date("2024-01-01"),
        discount_rate: Uncertain::exact(0.0),
        migration_months: Uncertain::exact(0.0),
        parties: ["a", "b"]
            .iter()
            .map(|id| Party {
                id: (*id).into(),
                name: id.to_uppercase(),
                color: Rgb([0, 0, 0]),
            })
            .collect(),
        providers: vec![],
        streams: vec![stream("s", "a", 1200.0)],
        workloads: vec![],
        events: vec![],
        clauses: vec![],
        sources: vec![],
        simulation: Simulation::default(),
    }
}

fn stream(id: &str, owner: &str, yearly: f64) -> RevenueStream {
    RevenueStream {
        id: id.into(),
        name: id.into(),
        owner: owner.into(),
        path: path(&[(2024, yearly)], 0.0),
        scale: Uncertain::exact(1.0),
    }
}

fn period(start: &str, end: Option<&str>) -> Period {
    Period {
        start: Boundary::Date(date(start)),
        end: end.map(|e| Boundary::Date(date(e))).into_iter().collect(),
    }
}

fn clause(id: &str, period: Period, kind: ClauseKind) -> Clause {
    Clause {
        id: id.into(),
        title: id.into(),
        text: String::new(),
        sources: vec![],
        period,
        kind,
    }
}

fn share(
    payer: &str,
    payee: &str,
    base: &str,
    steps: &[(&str, f64)],
    cap: Option<f64>,
    spread: u32,
) -> ClauseKind {
    ClauseKind::RevenueShare {
        payer: payer.into(),
        payee: payee.into(),
        base: base.into(),
        schedule: steps
            .iter()
            .map(|&(from, rate)| RateStep {
                from: date(from),
                rate: Uncertain::exact(rate),
            })
            .collect(),
        cap: cap.map(Uncertain::exact),
        spread_months: spread,
    }
}

fn provider(id: &str, weight: f64, from: Option<&str>) -> Provider {
    Provider {
        id: id.into(),
        name: id.into(),
        color: Rgb([0, 0, 0]),
        weight: Uncertain::exact(weight),
        available_from: from.map(date),
        sources: vec![],
    }
}

/// Adds providers `h` (weight 3) and `x` (weight 1), and workload `w` of 1,200 a year.
fn with_cloud(mut a: Agreement) -> Agreement {
    a.providers = vec![provider("h", 3.0, None), provider("x", 1.0, None)];
    a.workloads = vec![Workload {
        id: "w".into(),
        name: "w".into(),
        size: WorkloadSize::Path(path(&[(2024, 1200.0)], 0.0)),
        sources: vec![],
    }];
    a
}

fn exclusivity(level: ExclusivityLevel) -> ClauseKind {
    ClauseKind::Exclusivity {
        provider: "h".into(),
        workloads: vec!["w".into()],
        level,
    }
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

#[test]
fn clause_ending_mid_february_of_a_leap_year_counts_days() {
    let mut a = agreement();
    a.clauses = vec![clause(
        "rs",
        period("2024-01-01", Some("2024-02-15")),
        share("a", "b", "s", &[("2024-01-01", 0.2)], None, 1),
    )];
    assert!(validate(&a).is_empty(), "{:?}", validate(&a));
    let p = project(&a);
    // February 2024 has 29 days; the clause is in force on the 1st to the 14th.
    close(p.in_force[0][1], 14.0 / 29.0);
    close(p.in_force[0][0], 1.0);
    close(p.in_force[0][2], 0.0);
    // 100 a month × 20 % × 14/29.
    close(p.shares[0].accrued[1], 100.0 * 0.2 * 14.0 / 29.0);
    close(p.shares[0].accrued[0], 20.0);
}

#[test]
fn revenue_is_interpolated_geometrically_and_grows_after_the_last_point() {
    let mut a = agreement();
    a.horizon = Horizon {
        first: month("2020-01"),
        last: month("2025-12"),
    };
    a.streams[0].path = path(&[(2020, 1200.0), (2023, 9600.0)], 0.5);
    a.streams[0].scale = Uncertain::exact(2.0);
    let p = project(&a);
    let yearly = p.yearly(&p.streams[0]);
    // 2021 = 1200 × 8^(1/3) = 2400; 2022 = 4800; after 2023: × 1.5 a year; all × scale 2.
    let expected = [1200.0, 2400.0, 4800.0, 9600.0, 14400.0, 21600.0].map(|x| x * 2.0);
    for ((_, got), want) in yearly.iter().zip(expected) {
        close(*got, want);
    }
    close(p.streams[0][13], 2400.0 * 2.0 / 12.0);
}

#[test]
fn cap_crossed_mid_month_accrues_the_remainder_and_a_rate_step_splits_a_month() {
    let mut a = agreement();
    a.clauses = vec![clause(
        "rs",
        period("2024-01-01", None),
        share(
            "a",
            "b",
            "s",
            &[("2024-01-01", 0.1), ("2024-03-16", 0.3)],
            Some(100.0),
            1,
        ),
    )];
    let p = project(&a);
    let s = &p.shares[0];
    // 100 a month at 10 %.
    close(s.accrued[0], 10.0);
    close(s.accrued[1], 10.0);
    // March: 15 days at 10 % and 16 days at 30 % of 100, over 31 days = 20.3226.
    let march = 100.0 * (15.0 * 0.1 + 16.0 * 0.3) / 31.0;
    close(s.accrued[2], march);
    // April at 30 %: cumulative 70.3226; May would add 30 and cross the cap of 100.
    close(s.accrued[3], 30.0);
    close(s.accrued[4], 100.0 - (20.0 + march + 30.0));
    assert_eq!(s.cap_reached, Some(4));
    assert_eq!(s.cum_accrued[4], 100.0, "cumulative equals the cap exactly");
    assert_eq!(s.cum_accrued[11], 100.0);
    assert_eq!(s.accrued[5], 0.0);
    assert_eq!(p.metrics.shares[0].cap_reached, Some(month("2024-05")));
}

#[test]
fn payment_spread_leaves_an_amount_outstanding_at_the_horizon() {
    let mut a = agreement();
    a.clauses = vec![clause(
        "rs",
        period("2024-01-01", None),
        share("a", "b", "s", &[("2024-01-01", 0.3)], None, 3),
    )];
    let p = project(&a);
    let s = &p.shares[0];
    // 30 accrued a month, paid in thirds over three months.
    close(s.paid[0], 10.0);
    close(s.paid[1], 20.0);
    for k in 2..12 {
        close(s.paid[k], 30.0);
    }
    // November's last third and December's last two thirds fall after the horizon.
    close(s.outstanding_at_horizon, 30.0);
    close(p.metrics.shares[0].total_paid, 360.0 - 30.0);
    close(p.metrics.shares[0].total_accrued, 360.0);
}

#[test]
fn two_way_shares_give_payments_per_direction_and_the_net_flow() {
    let mut a = agreement();
    a.streams.push(stream("t", "b", 600.0));
    a.clauses = vec![
        clause(
            "ab",
            period("2024-01-01", None),
            share("a", "b", "s", &[("2024-01-01", 0.2)], None, 1),
        ),
        clause(
            "ba",
            period("2024-01-01", None),
            share("b", "a", "t", &[("2024-01-01", 0.1)], None, 1),
        ),
    ];
    let p = project(&a);
    assert_eq!(p.flows.len(), 2);
    let ab = p.flows.iter().find(|f| f.payer == 0).expect("a pays b");
    let ba = p.flows.iter().find(|f| f.payer == 1).expect("b pays a");
    close(ab.paid[0], 20.0);
    close(ba.paid[0], 5.0);
    assert_eq!((p.nets[0].a, p.nets[0].b), (0, 1));
    close(p.nets[0].net[5], 15.0);
    close(p.metrics.nets[0].total_paid, 180.0);
}

fn shares_in_july(level: ExclusivityLevel, providers: Vec<Provider>) -> Vec<f64> {
    let mut a = with_cloud(agreement());
    a.providers = providers;
    a.clauses = vec![clause("ex", period("2024-01-01", None), exclusivity(level))];
    let p = project(&a);
    p.workloads[0].share.iter().map(|s| s[6]).collect()
}

#[test]
fn target_shares_follow_each_exclusivity_level() {
    let two = || vec![provider("h", 3.0, None), provider("x", 1.0, None)];
    let s = shares_in_july(ExclusivityLevel::Exclusive, two());
    close(s[0], 1.0);
    close(s[1], 0.0);
    // ROFR p = 0.6 over b = (0.75, 0.25): t_H = 0.6 + 0.4 × 0.75 = 0.9.
    let s = shares_in_july(
        ExclusivityLevel::RightOfFirstRefusal {
            match_probability: Uncertain::exact(0.6),
        },
        two(),
    );
    close(s[0], 0.9);
    close(s[1], 0.1);
    // Preferred 0.5 is below b_H = 0.75: the base shares stand.
    let s = shares_in_july(
        ExclusivityLevel::Preferred {
            min_share: Uncertain::exact(0.5),
        },
        two(),
    );
    close(s[0], 0.75);
    // Preferred 0.8 over b = (0.5, 0.25, 0.25): the rest, 0.2, in proportion to b.
    let three = vec![
        provider("h", 2.0, None),
        provider("x", 1.0, None),
        provider("y", 1.0, None),
    ];
    let s = shares_in_july(
        ExclusivityLevel::Preferred {
            min_share: Uncertain::exact(0.8),
        },
        three,
    );
    close(s[0], 0.8);
    close(s[1], 0.1);
    close(s[2], 0.1);
    let s = shares_in_july(ExclusivityLevel::NonExclusive, two());
    close(s[0], 0.75);
    close(s[1], 0.25);
}

#[test]
fn an_unavailable_provider_gets_nothing_and_exclusivity_to_it_falls_back_to_the_base() {
    let s = shares_in_july(
        ExclusivityLevel::Exclusive,
        vec![
            provider("h", 3.0, Some("2024-08-01")),
            provider("x", 1.0, None),
        ],
    );
    close(s[0], 0.0);
    close(s[1], 1.0);
}

fn migration(tau: f64) -> Vec<f64> {
    let mut a = with_cloud(agreement());
    a.migration_months = Uncertain::exact(tau);
    a.clauses = vec![
        clause(
            "ex",
            period("2024-01-01", Some("2024-07-01")),
            exclusivity(ExclusivityLevel::Exclusive),
        ),
        clause(
            "open",
            period("2024-07-01", None),
            exclusivity(ExclusivityLevel::NonExclusive),
        ),
    ];
    project(&a).workloads[0].share[0].to_vec()
}

#[test]
fn migration_with_no_time_constant_jumps_to_the_target() {
    let s = migration(0.0);
    close(s[0], 1.0);
    close(s[5], 1.0);
    close(s[6], 0.75);
    close(s[7], 0.75);
}

#[test]
fn migration_with_a_time_constant_moves_gradually() {
    let s = migration(2.0);
    let alpha = 1.0 - (-0.5_f64).exp();
    close(s[5], 1.0);
    close(s[6], 1.0 - 0.25 * alpha);
    close(s[7], 0.75 + 0.25 * (1.0 - alpha).powi(2));
}

fn commitment(amount: f64) -> agreement_explorer::engine::Projection {
    let mut a = with_cloud(agreement());
    // Base shares: h 0.25, x 0.75 → natural spend with h is 25 a month.
    a.providers = vec![provider("h", 1.0, None), provider("x", 3.0, None)];
    a.clauses = vec![clause(
        "commit",
        period("2024-01-01", Some("2024-07-01")),
        ClauseKind::ComputeCommitment {
            party: "a".into(),
            provider: "h".into(),
            workloads: vec!["w".into()],
            amount: Uncertain::exact(amount),
        },
    )];
    assert!(validate(&a).is_empty(), "{:?}", validate(&a));
    project(&a)
}

#[test]
fn a_lagging_commitment_is_topped_up_from_the_other_providers() {
    // 600 over six months: 100 required a month, 25 natural, 75 moved from x.
    let p = commitment(600.0);
    let c = &p.commitments[0];
    close(c.required_cum[0], 100.0);
    close(c.top_up[0], 75.0);
    close(p.workloads[0].spend[0][0], 100.0);
    close(p.workloads[0].spend[1][0], 0.0);
    close(c.actual_cum[5], 600.0);
    close(c.shortfall_at_end.expect("ends within the horizon"), 0.0);
    // After the period: back to the base shares.
    close(p.workloads[0].spend[0][6], 25.0);
    close(c.top_up[6], 0.0);
}

#[test]
fn a_commitment_too_large_to_meet_leaves_a_shortfall() {
    // 1,200 over six months, but only 100 a month can go to h.
    let p = commitment(1200.0);
    let c = &p.commitments[0];
    close(c.top_up[0], 75.0);
    close(c.actual_cum[5], 600.0);
    close(c.shortfall_at_end.expect("ends within the horizon"), 600.0);
    close(p.metrics.commitments[0].top_up_total, 450.0);
}

#[test]
fn hhi_is_the_sum_of_squared_shares() {
    let mut a = with_cloud(agreement());
    a.clauses = vec![clause(
        "open",
        period("2024-01-01", None),
        exclusivity(ExclusivityLevel::NonExclusive),
    )];
    let p = project(&a);
    close(p.hhi[0], 0.75 * 0.75 + 0.25 * 0.25);
    close(p.metrics.hhi_last_year, 0.625);
    close(p.metrics.provider_share_last_year[0], 0.75);
}

#[test]
fn npv_discounts_future_and_compounds_past_payments() {
    let mut a = agreement();
    a.horizon = Horizon {
        first: month("2023-01"),
        last: month("2025-01"),
    };
    a.discount_rate = Uncertain::exact(0.1);
    a.streams[0].path = path(&[(2023, 1200.0)], 0.0);
    // 100 % of 100 a month, in force only in January 2023 and January 2025.
    a.clauses = vec![
        clause(
            "past",
            period("2023-01-01", Some("2023-02-01")),
            share("a", "b", "s", &[("2023-01-01", 1.0)], None, 1),
        ),
        clause(
            "future",
            period("2025-01-01", Some("2025-02-01")),
            share("a", "b", "s", &[("2023-01-01", 1.0)], None, 1),
        ),
    ];
    let p = project(&a);
    close(p.metrics.shares[0].npv, 100.0 * 1.1);
    close(p.metrics.shares[1].npv, 100.0 / 1.1);
}

#[test]
fn clauses_on_events_follow_the_event_dates() {
    let mut a = with_cloud(agreement());
    a.events = vec![
        Event {
            id: "amend".into(),
            name: "Amendment".into(),
            kind: EventKind::Amendment,
            date: Some(date("2024-04-01")),
            date_range: None,
            description: String::new(),
            sources: vec![],
        },
        Event {
            id: "never".into(),
            name: "Never".into(),
            kind: EventKind::Trigger,
            date: None,
            date_range: None,
            description: String::new(),
            sources: vec![],
        },
    ];
    a.clauses = vec![clause(
        "ex",
        Period {
            start: Boundary::Date(date("2024-01-01")),
            end: vec![
                Boundary::Event("never".into()),
                Boundary::Event("amend".into()),
            ],
        },
        exclusivity(ExclusivityLevel::Exclusive),
    )];
    let p = project(&a);
    let seg = p.segments[0].as_ref().expect("dated");
    assert_eq!(seg.end, Some(date("2024-04-01")));
    assert_eq!(seg.end_index, Some(1));
    assert_eq!(p.in_force_on(date("2024-03-31")), vec![0]);
    assert!(p.in_force_on(date("2024-04-01")).is_empty());
    assert_eq!(
        p.metrics.exclusivity_end[0],
        ExclusivityEnd::Ends(date("2024-04-01"))
    );
}
