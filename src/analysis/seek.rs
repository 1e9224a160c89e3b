//! Goal seek: which value of an input makes a metric reach a target (DESIGN §4).

use crate::engine::MetricId;
use crate::model::Agreement;
use crate::model::param::{ParamRef, Unit, value_from_date};

use super::sensitivity::metric_with;

/// Points of the coarse scan that brackets the target.
const GRID: usize = 24;
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

/// The input value that makes `metric` equal `target`, within the input's
/// [`search_span`]: a scan on a coarse grid brackets a crossing of the target
/// (the one nearest the current value), then bisection narrows it until the
/// metric is within a relative 10⁻⁹ of the target, or (for dates, which move
/// by whole days) the bracket is a day wide. A target the scan never crosses
/// is unreachable; the closest grid point is reported.
pub fn seek(a: &Agreement, input: &ParamRef, metric: &MetricId, target: f64) -> Seek {
    let (low, high) = search_span(a, input);
    let mut evaluations = 0;
    let mut eval = |x: f64| {
        evaluations += 1;
        metric_with(a, input, x, metric)
    };
    let tolerance = RELATIVE_TOLERANCE * target.abs().max(f64::MIN_POSITIVE);

    let current = input.get(a).unwrap_or(low).clamp(low, high);
    let grid: Vec<(f64, f64)> = (0..=GRID)
        .filter_map(|i| {
            let x = low + (high - low) * i as f64 / GRID as f64;
            eval(x).map(|y| (x, y))
        })
        .collect();
    let Some(&closest) = grid
        .iter()
        .min_by(|p, q| (p.1 - target).abs().total_cmp(&(q.1 - target).abs()))
    else {
        return Seek::NoValue;
    };
    if (closest.1 - target).abs() <= tolerance {
        return Seek::Found {
            value: closest.0,
            metric_value: closest.1,
            evaluations,
        };
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
    let Some(&[mut lo, mut hi]) = bracket else {
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
    for _ in 0..MAX_STEPS {
        let mid = lo.0 + (hi.0 - lo.0) / 2.0;
        let Some(y) = eval(mid) else {
            break;
        };
        if (y - target).abs() <= tolerance {
            return Seek::Found {
                value: mid,
                metric_value: y,
                evaluations,
            };
        }
        if (lo.1 - target) * (y - target) < 0.0 {
            hi = (mid, y);
        } else {
            lo = (mid, y);
        }
        if hi.0 - lo.0 <= resolution {
            break;
        }
    }
    let best = if (lo.1 - target).abs() <= (hi.1 - target).abs() {
        lo
    } else {
        hi
    };
    // Dates move by whole days: a crossing between two neighbouring days is
    // as close as a date can come. Elsewhere the metric jumps over the target.
    if input.unit() == Unit::Date && hi.0 - lo.0 <= resolution {
        return Seek::Found {
            value: best.0.round(),
            metric_value: best.1,
            evaluations,
        };
    }
    Seek::Unreachable {
        closest_value: best.0,
        closest_metric: best.1,
    }
}
