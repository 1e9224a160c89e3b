//! One-at-a-time sensitivity: the tornado chart of DESIGN §4.

use crate::engine::{MetricId, project};
use crate::model::Agreement;
use crate::model::param::ParamRef;

use super::sample::Input;

/// A metric's swing as each uncertain input moves alone to its low and its high.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tornado {
    /// The metric with every input at its base value; none if it has no value there.
    pub base: Option<f64>,
    /// One per input whose metric has a value at both ends, widest swing first.
    pub bars: Vec<Bar>,
}

/// One input of a tornado.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub input: ParamRef,
    /// The input's label for people.
    pub label: String,
    /// The input's low and high values (days since the common era for dates).
    pub low: f64,
    pub high: f64,
    /// The metric with the input at its low and at its high.
    pub at_low: f64,
    pub at_high: f64,
    /// `|at_high − at_low|`.
    pub swing: f64,
}

/// The metric with `param` set to `value` on a copy of `a`; none if the value
/// cannot be set or the metric has no value.
pub(crate) fn metric_with(
    a: &Agreement,
    param: &ParamRef,
    value: f64,
    metric: &MetricId,
) -> Option<f64> {
    let mut copy = a.clone();
    param.set(&mut copy, value).ok()?;
    metric
        .value(&copy, &project(&copy))
        .filter(|v| v.is_finite())
}

/// The tornado of `metric`: each uncertain input at its low and its high with
/// the others at base, exact projections, sorted by swing (widest first, ties
/// in input order). Inputs that cannot be set to an end, or at whose ends the
/// metric has no value, are left out.
pub fn tornado(a: &Agreement, metric: &MetricId) -> Tornado {
    let base = metric.value(a, &project(a)).filter(|v| v.is_finite());
    let mut bars: Vec<Bar> = Input::all(a)
        .into_iter()
        .filter_map(|input| {
            let (low, high) = (input.range.low, input.range.high);
            let at_low = metric_with(a, &input.param, low, metric)?;
            let at_high = metric_with(a, &input.param, high, metric)?;
            Some(Bar {
                label: input.param.label(a),
                input: input.param,
                low,
                high,
                at_low,
                at_high,
                swing: (at_high - at_low).abs(),
            })
        })
        .collect();
    // A stable sort keeps equal swings in input order.
    bars.sort_by(|x, y| y.swing.total_cmp(&x.swing));
    Tornado { base, bars }
}
