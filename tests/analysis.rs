//! Sensitivity, Monte Carlo and goal seek on small agreements whose answers
//! can be worked out by hand.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use agreement_explorer::analysis::{
    Cancelled, Outcome, Request, Seek, names, seek, simulate, tornado,
};
use agreement_explorer::engine::{MetricId, project};
use agreement_explorer::io;
use agreement_explorer::model::param::{ParamRef, value_from_date};
use agreement_explorer::model::{Agreement, ClauseKind, Sampling};
use chrono::NaiveDate;

/// One year (2026) of $100M a month of revenue, 20 % of it paid to the cloud
/// from January until AGI (2026-07-01), with no discounting: $120M at base.
///
/// Ranges: rate 10–30 %, cap $50M–$2B (base $1B, never reached), scale
/// 0.75–1.25, AGI 2026-05-01 … 2026-10-01, all uniform.
const SHARE: &str = r##"(
    version: 1,
    title: "Share",
    currency: "USD",
    horizon: (first: "2026-01", last: "2026-12"),
    valuation_date: "2026-01-01",
    discount_rate: 0.0,
    migration_months: 6.0,
    parties: [
        (id: "maker", name: "Maker", color: "#112233"),
        (id: "cloud", name: "Cloud Co", color: "#445566"),
    ],
    streams: [
        (id: "revenue", name: "Revenue", owner: "maker",
            scale: (value: 1.0, low: 0.75, high: 1.25, distribution: Uniform),
            path: (points: [(year: 2026, amount: 1200000000.0)], terminal_growth: 0.0)),
    ],
    events: [
        (id: "agi", name: "AGI", kind: Trigger, date: "2026-07-01",
            date_range: (low: "2026-05-01", high: "2026-10-01")),
    ],
    clauses: [
        (id: "share", title: "Share",
            period: (start: Date("2026-01-01"), end: [Event("agi")]),
            kind: RevenueShare(payer: "maker", payee: "cloud", base: "revenue",
                schedule: [(from: "2026-01-01",
                    rate: (value: 0.2, low: 0.1, high: 0.3, distribution: Uniform))],
                cap: (value: 1000000000.0, low: 50000000.0, high: 2000000000.0,
                    distribution: Uniform),
                spread_months: 1)),
    ],
)"##;

fn share() -> Agreement {
    io::from_ron_str(SHARE).expect("the test agreement parses")
}

fn paid() -> MetricId {
    MetricId::Paid {
        clause: "share".into(),
    }
}

fn rate() -> ParamRef {
    ParamRef::Rate {
        clause: "share".into(),
        step: 0,
    }
}

fn day(s: &str) -> f64 {
    value_from_date(s.parse::<NaiveDate>().expect("test date"))
}

fn close(got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{got} is not within {tolerance} of {want}"
    );
}

/// Only the rate uncertain: the other ranges removed, and AGI never comes, so
/// the clause runs all year: paid = $1.2B × rate.
fn rate_only() -> Agreement {
    let mut a = share();
    a.streams[0].scale.range = None;
    a.events[0].date_range = None;
    a.events[0].date = None;
    if let ClauseKind::RevenueShare { cap, .. } = &mut a.clauses[0].kind {
        *cap = None;
    }
    a
}

fn run(a: &Agreement, samples: usize, seed: u64, sampling: Sampling) -> Outcome {
    let request = Request {
        samples,
        seed,
        sampling,
        metrics: vec![paid()],
    };
    simulate(a, &request, &AtomicUsize::new(0), &AtomicBool::new(false)).expect("not cancelled")
}

#[test]
fn the_tornado_has_the_hand_computed_swings_widest_first() {
    let a = share();
    let t = tornado(&a, &paid());
    // Six months (January–June) of $100M at 20 %.
    assert_eq!(t.base, Some(120e6));
    let bars: Vec<(String, f64, f64, f64)> = t
        .bars
        .iter()
        .map(|b| (names::param_name(&b.input), b.at_low, b.at_high, b.swing))
        .collect();
    let want = vec![
        // Rate 10 % / 30 % over six months: $60M / $180M.
        ("clause.share.rate.0".to_owned(), 60e6, 180e6, 120e6),
        // AGI on May 1 (four months) / October 1 (nine months) at $20M a month.
        ("event.agi.date".to_owned(), 80e6, 180e6, 100e6),
        // A $50M cap is reached; a $2B one is not.
        ("clause.share.cap".to_owned(), 50e6, 120e6, 70e6),
        // Revenue × 0.75 / × 1.25: $90M / $150M.
        ("stream.revenue.scale".to_owned(), 90e6, 150e6, 60e6),
    ];
    assert_eq!(bars.len(), want.len());
    for (got, want) in bars.iter().zip(&want) {
        assert_eq!(got.0, want.0);
        close(got.1, want.1, 1e-3);
        close(got.2, want.2, 1e-3);
        close(got.3, want.3, 1e-3);
    }
    let agi = &t.bars[1];
    assert_eq!((agi.low, agi.high), (day("2026-05-01"), day("2026-10-01")));
}

#[test]
fn a_metric_without_a_value_gives_an_empty_tornado() {
    // The cap is never reached at base, nor at the high end of any input but the cap.
    let t = tornado(
        &share(),
        &MetricId::CapReached {
            clause: "share".into(),
        },
    );
    assert_eq!(t.base, None);
    // Only the cap's low end ($50M) is reached, so no input has a value at both ends.
    assert!(t.bars.is_empty(), "{:?}", t.bars);
}

#[test]
fn the_same_seed_gives_identical_results_on_one_and_two_threads()
-> Result<(), rayon::ThreadPoolBuildError> {
    let a = share();
    for sampling in [Sampling::Random, Sampling::LatinHypercube] {
        let on = |threads: usize| -> Result<Outcome, rayon::ThreadPoolBuildError> {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()?;
            Ok(pool.install(|| run(&a, 1_000, 42, sampling)))
        };
        let one = on(1)?;
        assert_eq!(one, on(2)?, "{sampling:?}");
        // A different seed draws differently.
        assert_ne!(
            one.metrics[0].values,
            run(&a, 1_000, 43, sampling).metrics[0].values
        );
    }
    Ok(())
}

#[test]
fn a_uniform_rate_converges_to_the_closed_form() {
    // Paid = $1.2B × r with r uniform on [0.1, 0.3]: mean $1.2B × 0.2 = $240M,
    // standard deviation $1.2B × 0.2 / √12 = $69.28M; the p-quantile is
    // $1.2B × (0.1 + 0.2 p): P10 $144M, P50 $240M, P90 $336M.
    // With N = 10,000 random samples the mean's standard error is
    // $69.28M / 100 = $0.69M, and a quantile's is √(p(1 − p) / N) × $240M
    // (the density is flat, 1 / $240M): $0.72M at P10 and P90, $1.2M at P50.
    // Four standard errors is a bound a correct estimator breaks about once
    // in 16,000 runs.
    let outcome = run(&rate_only(), 10_000, 7, Sampling::Random);
    let m = &outcome.metrics[0];
    assert_eq!(m.values.len(), 10_000);
    let s = m.summary.as_ref().expect("values");
    close(s.mean, 240e6, 4.0 * 0.693e6);
    close(s.sd, 69.28e6, 2e6);
    close(s.percentiles.p10, 144e6, 4.0 * 0.72e6);
    close(s.percentiles.p50, 240e6, 4.0 * 1.2e6);
    close(s.percentiles.p90, 336e6, 4.0 * 0.72e6);
    // P25 and P75: $1.2B × 0.15 and × 0.25; error √(0.1875 / N) × $240M = $1.04M.
    close(s.percentiles.p25, 180e6, 4.0 * 1.04e6);
    close(s.percentiles.p75, 300e6, 4.0 * 1.04e6);
    // The batch estimate of the P50's error is near the $1.2M of the closed form.
    let se = s.p50_standard_error.expect("enough samples");
    assert!((0.5e6..2.4e6).contains(&se), "{se}");
    // P(paid > $300M) = P(r > 0.25) = 1/4, within four of √(3/16 / N) = 0.0043.
    close(m.probability_above(300e6), 0.25, 4.0 * 0.0043);
    // The rate is the only input and drives the payments one to one.
    assert_eq!(m.drivers.len(), 1);
    close(m.drivers[0].correlation.expect("varies"), 1.0, 1e-9);
}

#[test]
fn a_latin_hypercube_steadies_the_median_across_seeds() {
    // 40 runs of 200 samples each: by the closed form above, a random run's
    // P50 wanders by √(1/4 / 200) × $240M = $8.5M; a Latin hypercube puts one
    // sample in each 0.5 % of the rate's range, so its P50 barely moves.
    let a = rate_only();
    let spread = |sampling| {
        let medians: Vec<f64> = (0..40)
            .map(|seed| {
                let o = run(&a, 200, seed, sampling);
                o.metrics[0]
                    .summary
                    .as_ref()
                    .expect("values")
                    .percentiles
                    .p50
            })
            .collect();
        agreement_explorer::analysis::stats::mean_sd(&medians)
            .expect("medians")
            .1
    };
    let random = spread(Sampling::Random);
    let latin = spread(Sampling::LatinHypercube);
    assert!((4e6..14e6).contains(&random), "random: {random}");
    assert!(latin < random / 5.0, "latin {latin} vs random {random}");
}

#[test]
fn goal_seek_finds_the_hand_computed_rate() {
    // $160M over six months of $100M needs a rate of 160 / 600 = 26.67 %.
    let a = share();
    match seek(&a, &rate(), &paid(), 160e6) {
        Seek::Found {
            value,
            metric_value,
            evaluations,
        } => {
            close(value, 160.0 / 600.0, 1e-9);
            close(metric_value, 160e6, 160e6 * 1e-9);
            // Paid is linear in the rate (the $1B cap is out of reach), so after
            // the 17 points of the scan (0 %, 6.25 %, … 100 %) one step of
            // regula falsi lands on the root.
            assert_eq!(evaluations, 18);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn goal_seek_moves_a_date_to_the_day() {
    // $20M a month: $149.7M needs 7 months and 15.03 days of August's 31,
    // so AGI falls on August 16 (7 months and 15 days pay $149.68M).
    let agi = ParamRef::EventDate {
        event: "agi".into(),
    };
    match seek(&share(), &agi, &paid(), 149.7e6) {
        Seek::Found {
            value,
            metric_value,
            ..
        } => {
            assert_eq!(value, day("2026-08-16"));
            close(metric_value, 20e6 * (7.0 + 15.0 / 31.0), 1e-3);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn goal_seek_reports_an_unreachable_target_with_the_closest_value() {
    // Even a 100 % rate pays only $600M in six months.
    match seek(&share(), &rate(), &paid(), 700e6) {
        Seek::Unreachable {
            closest_value,
            closest_metric,
        } => {
            assert_eq!(closest_value, 1.0);
            close(closest_metric, 600e6, 1e-3);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn cancelling_stops_a_run_early() {
    let a = share();
    let request = Request {
        samples: 1_000_000,
        seed: 1,
        sampling: Sampling::Random,
        metrics: vec![paid()],
    };
    let progress = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        let run = s.spawn(|| simulate(&a, &request, &progress, &cancel));
        while progress.load(Ordering::Relaxed) < 500 {
            std::thread::yield_now();
        }
        cancel.store(true, Ordering::Relaxed);
        run.join().expect("the run does not panic")
    });
    assert_eq!(result, Err(Cancelled));
    // Each chunk in flight finishes at most its current sample.
    assert!(progress.load(Ordering::Relaxed) < 100_000);
}

#[test]
fn the_base_projection_is_what_the_tornado_starts_from() {
    let a = share();
    assert_eq!(paid().value(&a, &project(&a)), tornado(&a, &paid()).base);
}

#[test]
fn every_input_and_metric_of_every_shipped_file_reads_back_from_its_name() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("saves"))
        .expect("saves/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.push(dir.join("assets/default.ron"));
    assert!(files.len() > 2);
    for path in files {
        let a = io::load(&path).expect("an example loads");
        let inputs = ParamRef::inputs(&a);
        assert!(!inputs.is_empty());
        for p in inputs {
            let name = names::param_name(&p);
            assert_eq!(
                names::parse_param(&name),
                Ok(p),
                "{}: {name}",
                path.display()
            );
        }
        let projection = project(&a);
        for m in MetricId::all(&a, &projection) {
            let name = names::metric_name(&m);
            assert_eq!(
                names::parse_metric(&name, &a),
                Ok(m),
                "{}: {name}",
                path.display()
            );
        }
    }
}

#[test]
fn values_that_cannot_be_set_are_counted_and_leave_the_base() {
    // A rate range of 50–150 % (validation flags it): with 100 Latin hypercube
    // samples exactly one lands in each 1 % of the range, so the 50 above 100 %
    // cannot be set and keep the base 20 %: $1.2B × 20 % = $240M. The other 50
    // pay $1.2B × 50–100 %, capped at $1B: never $240M.
    let text = SHARE
        .replace(
            "rate: (value: 0.2, low: 0.1, high: 0.3, distribution: Uniform)",
            "rate: (value: 0.2, low: 0.5, high: 1.5, distribution: Uniform)",
        )
        .replace(
            "cap: (value: 1000000000.0, low: 50000000.0, high: 2000000000.0,\n                    distribution: Uniform)",
            "cap: 1000000000.0",
        );
    let mut a = io::from_ron_str(&text).expect("parses");
    a.streams[0].scale.range = None;
    a.events[0].date_range = None;
    a.events[0].date = None;
    assert_eq!(ParamRef::uncertain_inputs(&a), vec![rate()]);
    let o = run(&a, 100, 5, Sampling::LatinHypercube);
    assert_eq!(o.inputs[0].failed_sets, 50);
    let m = &o.metrics[0];
    let at_base = m.values.iter().filter(|&&v| v == 240e6).count();
    assert_eq!(at_base, 50);
    assert!(
        m.values
            .iter()
            .all(|&v| v == 240e6 || (600e6..=1e9).contains(&v))
    );
}

#[test]
fn fans_follow_the_cumulative_payments() {
    // Rate only, all year: January pays $100M × r, December's cumulative total
    // $1.2B × r. With 2,000 Latin hypercube samples of r uniform on 10–30 %,
    // each P-quantile sits within one stratum (0.05 % of the range) of
    // 10 % + 20 % × p: the P50 band ends near $1.2B × 20 % = $240M and
    // starts near $20M, and the P10 band ends near $1.2B × 12 % = $144M.
    let o = run(&rate_only(), 2_000, 11, Sampling::LatinHypercube);
    assert_eq!(o.fan_samples, 2_000);
    assert_eq!(o.fans.len(), 1);
    let fan = &o.fans[0];
    assert_eq!(
        names::fan_name(&fan.series),
        "payments.maker.cloud".to_owned()
    );
    assert_eq!(fan.bands.p50.len(), 12);
    close(fan.bands.p50[0], 20e6, 0.05e6);
    close(fan.bands.p50[11], 240e6, 0.5e6);
    close(fan.bands.p10[11], 144e6, 0.5e6);
    // The fan's last month agrees with the metric's own percentiles (the fan
    // keeps values in single precision: seven significant digits).
    let s = o.metrics[0].summary.as_ref().expect("values");
    close(
        fan.bands.p90[11],
        s.percentiles.p90,
        1e-6 * s.percentiles.p90,
    );
    let bins = o.metrics[0].histogram(4);
    assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 2_000);
    // Equal quarters of a uniform range, 500 samples each, one per stratum.
    assert!(
        bins.iter().all(|b| (495..=505).contains(&b.count)),
        "{bins:?}"
    );
}

#[test]
fn an_agreement_without_uncertainty_gives_one_value_and_no_drivers() {
    // Every range removed: each sample is the base projection, $120M.
    let mut a = rate_only();
    if let ClauseKind::RevenueShare { schedule, .. } = &mut a.clauses[0].kind {
        schedule[0].rate.range = None;
    }
    assert!(ParamRef::uncertain_inputs(&a).is_empty());
    let o = run(&a, 400, 1, Sampling::LatinHypercube);
    let m = &o.metrics[0];
    // No AGI date: the whole year at 20 %, $240M.
    assert!(m.values.iter().all(|&v| v == 240e6));
    let s = m.summary.as_ref().expect("values");
    assert_eq!(
        (s.percentiles.p10, s.percentiles.p90, s.sd),
        (240e6, 240e6, 0.0)
    );
    assert_eq!(s.p50_standard_error, Some(0.0));
    assert!(m.drivers.is_empty());
    assert_eq!(m.probability_above(239e6), 1.0);
    assert_eq!(m.probability_above(240e6), 0.0);
}

#[test]
fn samples_without_a_value_count_against_probabilities() {
    // The cap is reached only when it is below what six months pay at the
    // drawn rate; with the cap uniform on $50M–$2B and the rate on 10–30 %
    // most samples never reach it, and those have no value.
    let o = {
        let request = Request {
            samples: 1_000,
            seed: 2,
            sampling: Sampling::Random,
            metrics: vec![MetricId::CapReached {
                clause: "share".into(),
            }],
        };
        simulate(
            &share(),
            &request,
            &AtomicUsize::new(0),
            &AtomicBool::new(false),
        )
        .expect("runs")
    };
    let m = &o.metrics[0];
    assert_eq!(m.values.len() + m.undefined, 1_000);
    assert!(m.undefined > 500, "{}", m.undefined);
    // Every reached date is in 2026; the share above any day counts all samples.
    let before = day("2025-12-31");
    close(
        m.probability_above(before),
        m.values.len() as f64 / 1_000.0,
        1e-12,
    );
}

#[test]
fn a_run_cancelled_before_it_starts_does_nothing() {
    let request = Request {
        samples: 10_000,
        seed: 1,
        sampling: Sampling::LatinHypercube,
        metrics: vec![paid()],
    };
    let progress = AtomicUsize::new(0);
    let result = simulate(&share(), &request, &progress, &AtomicBool::new(true));
    assert_eq!(result, Err(Cancelled));
    assert_eq!(progress.load(Ordering::Relaxed), 0);
}

#[test]
fn a_run_of_no_samples_summarises_nothing() {
    let o = run(&share(), 0, 1, Sampling::LatinHypercube);
    assert_eq!(o.samples, 0);
    assert!(o.metrics[0].values.is_empty());
    assert_eq!(o.metrics[0].summary, None);
    assert_eq!(o.metrics[0].probability_above(0.0), 0.0);
    assert!(o.metrics[0].histogram(10).is_empty());
}

#[test]
fn one_figure_under_two_names_is_summarised_alike() {
    // With no spread the clause's accrual is its payment, and it is the only
    // clause from the maker to the cloud: three names for one figure.
    let request = Request {
        samples: 500,
        seed: 4,
        sampling: Sampling::Random,
        metrics: vec![
            paid(),
            MetricId::Accrued {
                clause: "share".into(),
            },
            MetricId::DirectionPaid {
                payer: "maker".into(),
                payee: "cloud".into(),
            },
            MetricId::Npv {
                clause: "share".into(),
            },
        ],
    };
    let o = simulate(
        &share(),
        &request,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    )
    .expect("runs");
    let [paid, accrued, flow, npv] = &o.metrics[..] else {
        panic!("four metrics");
    };
    for same in [accrued, flow] {
        assert_eq!(same.values, paid.values);
        assert_eq!(same.summary, paid.summary);
        assert_eq!(same.drivers, paid.drivers);
    }
    assert_eq!(flow.metric, request.metrics[2]);
    assert_eq!(flow.label, "Paid Maker → Cloud Co");
    // At a 0 % discount rate the NPV is the same figure too.
    assert_eq!(npv.summary, paid.summary);
    assert_eq!(npv.label, "NPV · Share");
}

#[test]
fn drivers_tell_a_clear_link_from_chance() {
    // Migration time cannot move a revenue share: any correlation it shows is chance.
    let text = SHARE.replace(
        "migration_months: 6.0,",
        "migration_months: (value: 6.0, low: 3.0, high: 12.0, distribution: Uniform),",
    );
    let a = io::from_ron_str(&text).expect("loads");
    let migration = names::parse_param("migration_months").expect("an input");
    let o = run(&a, 2000, 3, Sampling::LatinHypercube);
    let m = &o.metrics[0];
    assert!(m.drivers.iter().any(|d| d.input == migration));
    // Three standard errors of a chance correlation over 2,000 samples: 3 / √1999.
    close(m.clear_correlation(), 3.0 / 1999f64.sqrt(), 1e-12);
    let clear: Vec<&ParamRef> = m.clear_drivers().map(|d| &d.input).collect();
    assert!(clear.contains(&&rate()), "{clear:?}");
    assert!(!clear.contains(&&migration), "{clear:?}");
    // Fewer samples, a wider margin; 0.05 at the least.
    let few = run(&a, 101, 3, Sampling::LatinHypercube);
    close(few.metrics[0].clear_correlation(), 0.3, 1e-12);
    let many = run(&rate_only(), 10_000, 3, Sampling::LatinHypercube);
    close(many.metrics[0].clear_correlation(), 0.05, 1e-12);
}
