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
                actual: false,
            })
            .collect(),
        terminal_growth: Uncertain::exact(growth),
        month_shape: agreement_explorer::model::MonthShape::Flat,
    }
}

/// Two parties `a` and `b`, a stream `s` owned by `a` of 1,200 a year (100 a month), 2024 only.
fn agreement() -> Agreement {
    Agreement {
        version: agreement_explorer::model::CURRENT_VERSION,
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
        calibration: Vec::new(),
        scenarios: Vec::new(),
        story: Vec::new(),
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
        cap_counts: Vec::new(),
        cap_from: None,
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

/// A commitment of `amount` to provider `h` on workload `w`, from `start` to 2024-07-01.
fn commitment_clause(start: &str, amount: f64) -> Clause {
    clause(
        "commit",
        period(start, Some("2024-07-01")),
        ClauseKind::ComputeCommitment {
            party: "a".into(),
            provider: "h".into(),
            workloads: vec!["w".into()],
            amount: Uncertain::exact(amount),
        },
    )
}

fn commitment(amount: f64) -> agreement_explorer::engine::Projection {
    let mut a = with_cloud(agreement());
    // Base shares: h 0.25, x 0.75 → natural spend with h is 25 a month.
    a.providers = vec![provider("h", 1.0, None), provider("x", 3.0, None)];
    a.clauses = vec![commitment_clause("2024-01-01", amount)];
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
fn a_commitment_topped_up_in_full_keeps_pace_exactly() {
    // 233.6 over six months: 38.93 required a month, 25 natural, the rest moved.
    // The total meets each month's requirement to the last bit (adding up what was
    // spent and moved left the fourth month 3e-14 behind), so no month is behind,
    // not even by a rounding error that a chance of "behind above 0" would count.
    let p = commitment(233.6);
    let c = &p.commitments[0];
    for k in 0..6 {
        assert_eq!(
            c.actual_cum[k].to_bits(),
            c.required_cum[k].to_bits(),
            "month {k}"
        );
    }
    assert_eq!(c.shortfall_at_end, Some(0.0));
    close(p.metrics.commitments[0].top_up_total, 233.6 - 6.0 * 25.0);
}

#[test]
fn a_commitment_to_a_provider_that_is_not_there_requires_nothing() {
    // With workloads (the general path) and with no providers or workloads at all
    // (the short one), the same: no requirement, no top-up, no shortfall.
    let mut with_workloads = with_cloud(agreement());
    with_workloads.providers.clear();
    let mut bare = agreement();
    bare.providers.clear();
    bare.workloads.clear();
    for mut a in [with_workloads, bare] {
        a.clauses = vec![commitment_clause("2024-01-01", 600.0)];
        let p = project(&a);
        let c = &p.commitments[0];
        assert_eq!((c.clause, c.provider), (0, None));
        assert_eq!(c.required_cum, vec![0.0; 12]);
        assert_eq!(c.actual_cum, vec![0.0; 12]);
        assert_eq!(c.top_up, vec![0.0; 12]);
        assert_eq!((c.shortfall_at_end, c.behind_at_horizon), (None, None));
        assert_eq!(p.hhi, vec![0.0; 12]);
        assert!(p.provider_share.is_empty() && p.provider_spend.is_empty());
    }
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

/// `one` (20 %) carries a cap of `cap` that also counts `two` (10 %), from `from`.
/// Both accrue on `s`, 100 a month, from January 2024.
fn two_clauses_under_one_cap(cap: f64, from: Option<&str>, spread_two: u32) -> Agreement {
    let mut a = agreement();
    let mut one = share("a", "b", "s", &[("2024-01-01", 0.2)], Some(cap), 1);
    if let ClauseKind::RevenueShare {
        cap_counts,
        cap_from,
        ..
    } = &mut one
    {
        *cap_counts = vec!["two".into()];
        *cap_from = from.map(date);
    }
    a.clauses = vec![
        clause("one", period("2024-01-01", None), one),
        clause(
            "two",
            period("2024-01-01", None),
            share("a", "b", "s", &[("2024-01-01", 0.1)], None, spread_two),
        ),
    ];
    assert!(validate(&a).is_empty(), "{:?}", validate(&a));
    a
}

#[test]
fn a_cap_counts_several_clauses_from_a_date_and_shares_the_last_room() {
    let p = project(&two_clauses_under_one_cap(100.0, Some("2024-03-01"), 1));
    let (one, two) = (&p.shares[0], &p.shares[1]);
    // January and February accrue 20 and 10 uncounted. From March 30 a month counts:
    // 30, 60, 90 by May; June would bring 120, so the room of 10 is shared 20 : 10.
    for k in 0..5 {
        close(one.accrued[k], 20.0);
        close(two.accrued[k], 10.0);
    }
    close(one.accrued[5], 10.0 * 2.0 / 3.0);
    close(two.accrued[5], 10.0 / 3.0);
    for k in 6..12 {
        assert_eq!((one.accrued[k], two.accrued[k]), (0.0, 0.0), "month {k}");
    }
    // Totals: 40 + 60 + 6.67 and 20 + 30 + 3.33; of these, 100 counted.
    close(one.cum_accrued[11], 100.0 + 20.0 / 3.0);
    close(two.cum_accrued[11], 50.0 + 10.0 / 3.0);
    close(one.cap_counted, 100.0);
    let counted = &one.cap_counted_monthly;
    for (k, expected) in [0.0, 0.0, 30.0, 30.0, 30.0, 10.0, 0.0]
        .into_iter()
        .enumerate()
    {
        close(counted[k], expected);
    }
    assert_eq!(one.cap_reached, Some(5));
    assert_eq!(one.cap_members, vec![0, 1]);
    assert_eq!((one.counted_by, two.counted_by), (Some(0), Some(0)));
    // Paid as accrued: the last capped payment is in June, with the crossing.
    assert_eq!(one.cap_paid_out, Some(5));
    let m = &p.metrics.shares[0];
    assert_eq!(m.cap_reached, Some(month("2024-06")));
    assert_eq!(m.cap_paid_out, Some(month("2024-06")));
}

#[test]
fn the_last_capped_payment_follows_the_longest_spread() {
    // `two` pays each accrual over 3 months: its June accrual is paid June to August.
    let p = project(&two_clauses_under_one_cap(100.0, Some("2024-03-01"), 3));
    assert_eq!(p.shares[0].cap_reached, Some(5));
    assert_eq!(p.shares[0].cap_paid_out, Some(7));
    assert_eq!(p.metrics.shares[0].cap_paid_out, Some(month("2024-08")));
    // Paid out after the horizon: no month to name.
    let mut a = two_clauses_under_one_cap(100.0, Some("2024-03-01"), 12);
    a.clauses[1].kind = share("a", "b", "s", &[("2024-01-01", 0.1)], None, 12);
    let p = project(&a);
    assert_eq!(p.shares[0].cap_reached, Some(5));
    assert_eq!(p.shares[0].cap_paid_out, None);
}

#[test]
fn a_cap_counting_from_mid_month_counts_only_those_days() {
    let mut a = agreement();
    let mut capped = share("a", "b", "s", &[("2024-01-01", 0.2)], Some(50.0), 1);
    if let ClauseKind::RevenueShare { cap_from, .. } = &mut capped {
        *cap_from = Some(date("2024-03-16"));
    }
    a.clauses = vec![clause("one", period("2024-01-01", None), capped)];
    let p = project(&a);
    let s = &p.shares[0];
    // March counts its 16th–31st: 20 × 16/31 = 10.32; April 20 more (30.32); May's
    // 20 would cross 50, so May accrues the room, 50 − 30.32 = 19.68.
    let march_counted = 20.0 * 16.0 / 31.0;
    close(s.accrued[2], 20.0);
    close(s.accrued[4], 50.0 - march_counted - 20.0);
    assert_eq!(s.accrued[5], 0.0);
    assert_eq!(s.cap_reached, Some(4));
    close(s.cum_accrued[11], 60.0 + 50.0 - march_counted);
}

#[test]
fn a_clause_counted_by_two_caps_is_a_problem() {
    let mut a = two_clauses_under_one_cap(100.0, None, 1);
    let mut second = share("a", "b", "s", &[("2024-01-01", 0.05)], Some(10.0), 1);
    if let ClauseKind::RevenueShare { cap_counts, .. } = &mut second {
        *cap_counts = vec!["two".into(), "note".into(), "nope".into()];
    }
    a.clauses
        .push(clause("three", period("2024-01-01", None), second));
    a.clauses
        .push(clause("note", period("2024-01-01", None), ClauseKind::Note));
    let messages: Vec<String> = validate(&a).iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "clause \"three\", cap_counts[0]: clause \"two\" already counts toward the cap of \"one\"",
            "clause \"three\", cap_counts[1]: clause \"note\" is not a revenue share, so it has nothing to count",
            "clause \"three\", cap_counts[2]: unknown clause \"nope\"",
        ]
    );
    // The engine lets the first cap have it: `three` counts only itself.
    let p = project(&a);
    assert_eq!(p.shares[2].cap_members, vec![2]);
    assert_eq!(p.shares[1].counted_by, Some(0));
}

/// A stream of 1 in 2024 and 3 in 2025, on a 2024–2025 grid.
fn one_then_three(shape: agreement_explorer::model::MonthShape) -> Agreement {
    let mut a = agreement();
    a.horizon.last = month("2025-12");
    a.streams[0].path = path(&[(2024, 1.0), (2025, 3.0)], 0.0);
    a.streams[0].path.month_shape = shape;
    a
}

#[test]
fn growth_shaped_months_keep_each_year_and_back_load_a_growing_one() {
    use agreement_explorer::model::MonthShape;
    let p = project(&one_then_three(MonthShape::Growth));
    let s = &p.streams[0];
    let sum = |r: std::ops::Range<usize>| s[r].iter().sum::<f64>();
    close(sum(0..12), 1.0);
    close(sum(12..24), 3.0);
    // q = 3: the first half of 2025 is 3 × (√3 − 1)/(3 − 1) ≈ 1.098.
    close(sum(12..18), 3.0 * (3f64.sqrt() - 1.0) / 2.0);
    assert!((sum(12..18) - 1.098).abs() < 5e-4);
    // 2024, the path's first year, has no year before it: it grows at the pace into
    // 2025, q = 3.
    close(sum(0..6), (3f64.sqrt() - 1.0) / 2.0);
    // Month k gets q^(k/12) of month 0: December is 3^(11/12) times January.
    close(s[23] / s[12], 3f64.powf(11.0 / 12.0));
    // Flat months stay a twelfth.
    let p = project(&one_then_three(MonthShape::Flat));
    close(p.streams[0][12], 0.25);
}

#[test]
fn growth_shape_of_a_year_before_the_grid_starts_follows_the_path_not_the_grid() {
    use agreement_explorer::model::MonthShape;
    // Points 1 (2023), 3 (2024), 6 (2025) on a 2024–2025 grid: 2024 grows at 3 / 1,
    // as it would on a grid that started earlier, not at the pace into 2025.
    let mut a = agreement();
    a.horizon.last = month("2025-12");
    a.streams[0].path = path(&[(2023, 1.0), (2024, 3.0), (2025, 6.0)], 0.0);
    a.streams[0].path.month_shape = MonthShape::Growth;
    let p = project(&a);
    let first_half: f64 = p.streams[0][0..6].iter().sum();
    close(first_half, 3.0 * (3f64.sqrt() - 1.0) / 2.0);
    // Before the first point the path is flat, and so are its months.
    a.horizon.first = month("2022-01");
    let p = project(&a);
    close(p.streams[0][0], 1.0 / 12.0);
    close(p.streams[0][11], 1.0 / 12.0);
}

#[test]
fn growth_shape_is_flat_where_a_neighbouring_year_is_zero() {
    use agreement_explorer::model::MonthShape;
    let mut a = one_then_three(MonthShape::Growth);
    a.streams[0].path = path(&[(2024, 0.0), (2025, 1.2)], 0.0);
    a.streams[0].path.month_shape = MonthShape::Growth;
    let p = project(&a);
    // q = 1.2 / 0 is replaced by 1: a tenth each month.
    close(p.streams[0][12], 0.1);
    close(p.streams[0][23], 0.1);
}

#[test]
fn a_scale_moves_forecast_years_only() {
    let mut a = agreement();
    a.horizon = Horizon {
        first: month("2023-01"),
        last: month("2025-12"),
    };
    a.streams[0].path = path(&[(2024, 1200.0), (2025, 2400.0)], 0.0);
    a.streams[0].path.points[0].actual = true;
    a.streams[0].scale = Uncertain::exact(2.0);
    let p = project(&a);
    // 2023 (before the first point) and 2024 (actual) stay as reported: 100 a month.
    close(p.streams[0][0], 100.0);
    close(p.streams[0][12], 100.0);
    // 2025 is a forecast: 2,400 × 2 / 12.
    close(p.streams[0][24], 400.0);
    // With nothing marked actual the scale moves every year.
    a.streams[0].path.points[0].actual = false;
    close(project(&a).streams[0][12], 200.0);
}

#[test]
fn a_commitment_begun_before_the_horizon_requires_only_its_part_inside() {
    let mut a = with_cloud(agreement());
    // Natural spend with h: 25 a month (weights 1 : 3 of 100).
    a.providers = vec![provider("h", 1.0, None), provider("x", 3.0, None)];
    a.clauses = vec![commitment_clause("2023-07-01", 240.0)];
    let p = project(&a);
    let c = &p.commitments[0];
    // 240 over 12 months, 6 of them before the horizon and taken as met: 20 a month
    // is required from January, 120 by June; natural spend of 25 keeps ahead.
    close(c.required_cum[0], 20.0);
    close(c.required_cum[5], 120.0);
    assert!(c.top_up.iter().all(|&t| t == 0.0), "{:?}", c.top_up);
    assert_eq!(c.shortfall_at_end, Some(0.0));
}

#[test]
fn calibration_targets_measure_the_projection_over_their_months() {
    use agreement_explorer::engine::calibration;
    use agreement_explorer::model::{Measure, Source, SourceStatus, Target};
    let mut a = agreement();
    a.streams.push(stream("t", "b", 120.0));
    a.clauses = vec![
        clause(
            "ab",
            period("2024-01-01", None),
            share("a", "b", "s", &[("2024-01-01", 0.2)], None, 1),
        ),
        clause(
            "ba",
            period("2024-01-01", None),
            share("b", "a", "t", &[("2024-01-01", 0.5)], None, 1),
        ),
    ];
    let target = |what, from: &str, to: &str, value| Target {
        what,
        from: month(from),
        to: month(to),
        value,
        source: Source {
            title: "test".into(),
            url: String::new(),
            status: SourceStatus::Reported,
            note: String::new(),
            field: String::new(),
        },
    };
    let pair = || ("a".to_owned(), "b".to_owned());
    a.calibration = vec![
        // a pays 20 a month, b pays back 5: Q1 gross 60, net 45.
        target(
            Measure::Paid {
                payer: pair().0,
                payee: pair().1,
            },
            "2024-01",
            "2024-03",
            60.0,
        ),
        target(
            Measure::NetPaid {
                payer: pair().0,
                payee: pair().1,
            },
            "2024-01",
            "2024-03",
            50.0,
        ),
        target(
            Measure::Revenue { stream: "s".into() },
            "2024-01",
            "2024-06",
            600.0,
        ),
        target(
            Measure::Revenue { stream: "s".into() },
            "2024-06",
            "2025-01",
            1.0,
        ),
    ];
    assert!(validate(&a).is_empty(), "{:?}", validate(&a));
    let checks = calibration(&a, &project(&a));
    let models: Vec<Option<f64>> = checks.iter().map(|c| c.model).collect();
    assert_eq!(models, [Some(60.0), Some(45.0), Some(600.0), None]);
    assert_eq!(checks[0].relative_error(), Some(0.0));
    close(checks[1].relative_error().expect("a figure"), -0.1);
}
