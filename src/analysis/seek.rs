//! Goal seek: which value of an input makes a metric reach a target (DESIGN §4).

use crate::engine::{MetricId, Projector};
use crate::model::Agreement;
use crate::model::param::{ParamRef, Unit, value_from_date};

/// Points of the coarse scan that brackets the target.
const GRID: usize = 16;
/// The refinement stops when the metric is this close to the target, relative to it.
const RELATIVE_TOLERANCE: f64 = 1e-9;
/// At most this many refinement steps (bisection halves the bracket each time).
const MAX_STEPS: usize = 100;

/// What goal seek found.
#[derive(Clone, Debug, PartialEq)]
pub enum Seek {
    /// The input value at which the metric reaches the target.
    Found {
        value: f64,
        metric_value: f64,
        /// How many projections it took.
        evaluations: usize,
    },
    /// No value in the searched span reaches the target; the closest found.
    Unreachable {
        closest_value: f64,
        closest_metric: f64,
    },
    /// The metric has no value anywhere in the span, or the input cannot be set.
    NoValue,
}

/// The span searched for `input`: its valid range, narrowed for amounts,
/// weights and multipliers (whose valid range is unbounded or far wider than
/// any sensible value) to 0 … 10 × the larger of the value and its range's
/// high end, and for dates to the horizon (a date beyond it changes nothing
/// within it).
pub fn search_span(a: &Agreement, input: &ParamRef) -> (f64, f64) {
    let (low, high) = input.valid_range();
    match input.unit() {
        Unit::Date => {
            let first = value_from_date(a.horizon.first.first_day());
            let last = value_from_date(a.horizon.last.end_day());
            (first.max(low), last.min(high))
        }
        Unit::Money | Unit::Weight | Unit::Ratio => {
            let current = input.get(a).unwrap_or(0.0);
            let top = input
                .uncertainty(a)
                .map_or(current, |r| r.high.max(current));
            let top = if top > 0.0 { 10.0 * top } else { 1.0 };
            (low, top.min(high))
        }
        Unit::Fraction | Unit::Months => (low, high),
    }
}

/// Evaluates a metric with one input moved, on one working copy of the
/// agreement (setting a number changes only that number, so no copy per point).
struct Probe<'a> {
    work: Agreement,
    projector: Projector,
    input: &'a ParamRef,
    metric: &'a MetricId,
    evaluations: usize,
}

impl Probe<'_> {
    /// The metric with the input at `x`; none if `x` cannot be set or the
    /// metric has no value there.
    fn at(&mut self, x: f64) -> Option<f64> {
        self.evaluations += 1;
        // A failed set leaves the copy as it was.
        self.input.set(&mut self.work, x).ok()?;
        self.metric
            .value(&self.work, self.projector.project(&self.work))
            .filter(|v| v.is_finite())
    }
}

/// The input value that makes `metric` equal `target`, within the input's
/// [`search_span`]: a scan on a coarse grid brackets a crossing of the target
/// (the one nearest the current value), then the Illinois variant of regula
/// falsi (with a bisection every fourth step, so that a kinked metric cannot
/// stall it) narrows it until the metric is within a relative 10⁻⁹ of the
/// target, or (for dates, which move by whole days) the bracket is a day wide.
/// A target the scan never crosses is unreachable; the closest grid point is
/// reported.
pub fn seek(a: &Agreement, input: &ParamRef, metric: &MetricId, target: f64) -> Seek {
    let (low, high) = search_span(a, input);
    let mut probe = Probe {
        work: a.clone(),
        projector: Projector::default(),
        input,
        metric,
        evaluations: 0,
    };
    let tolerance = RELATIVE_TOLERANCE * target.abs().max(f64::MIN_POSITIVE);
    let found = |value: f64, metric_value: f64, evaluations: usize| Seek::Found {
        value,
        metric_value,
        evaluations,
    };

    let current = input.get(a).unwrap_or(low).clamp(low, high);
    let grid: Vec<(f64, f64)> = (0..=GRID)
        .filter_map(|i| {
            let x = low + (high - low) * i as f64 / GRID as f64;
            probe.at(x).map(|y| (x, y))
        })
        .collect();
    let Some(&closest) = grid
        .iter()
        .min_by(|p, q| (p.1 - target).abs().total_cmp(&(q.1 - target).abs()))
    else {
        return Seek::NoValue;
    };
    if (closest.1 - target).abs() <= tolerance {
        return found(closest.0, closest.1, probe.evaluations);
    }
    // Neighbouring grid points on either side of the target; the pair nearest
    // the current value wins.
    let bracket = grid
        .windows(2)
        .filter(|w| (w[0].1 - target) * (w[1].1 - target) < 0.0)
        .min_by(|p, q| {
            let distance = |w: &[(f64, f64)]| (w[0].0.max(current.min(w[1].0)) - current).abs();
            distance(p).total_cmp(&distance(q))
        });
    let Some(&[lo, hi]) = bracket else {
        return Seek::Unreachable {
            closest_value: closest.0,
            closest_metric: closest.1,
        };
    };
    let resolution = if input.unit() == Unit::Date {
        1.0
    } else {
        (high - low) * f64::EPSILON
    };
    // Ends of the bracket as (x, metric − target); Illinois halves the weight
    // of an end that stays put twice in a row.
    let (mut lo, mut hi) = ((lo.0, lo.1 - target), (hi.0, hi.1 - target));
    let (mut weight_lo, mut weight_hi) = (lo.1, hi.1);
    let mut kept = 0i8;
    for step in 0..MAX_STEPS {
        let falsi = (lo.0 * weight_hi - hi.0 * weight_lo) / (weight_hi - weight_lo);
        let x = if step % 4 == 3 || !(lo.0 < falsi && falsi < hi.0) {
            lo.0 + (hi.0 - lo.0) / 2.0
        } else {
            falsi
        };
        let Some(y) = probe.at(x) else {
            break;
        };
        let f = y - target;
        if f.abs() <= tolerance {
            return found(x, y, probe.evaluations);
        }
        if f * lo.1 < 0.0 {
            hi = (x, f);
            weight_hi = f;
            if kept == -1 {
                weight_lo /= 2.0;
            }
            kept = -1;
        } else {
            lo = (x, f);
            weight_lo = f;
            if kept == 1 {
                weight_hi /= 2.0;
            }
            kept = 1;
        }
        if hi.0 - lo.0 <= resolution {
            break;
        }
    }
    let best = if lo.1.abs() <= hi.1.abs() { lo } else { hi };
    let (best_x, best_y) = (best.0, best.1 + target);
    // Dates move by whole days: a crossing between two neighbouring days is
    // as close as a date can come. Elsewhere the metric jumps over the target.
    if input.unit() == Unit::Date && hi.0 - lo.0 <= resolution {
        return found(best_x.round(), best_y, probe.evaluations);
    }
    Seek::Unreachable {
        closest_value: best_x,
        closest_metric: best_y,
    }
}
