//! Calibration targets: the reported figures an agreement says it reproduces, set
//! against what the projection gives over the same months.

use crate::model::{Agreement, Measure, Month};

use super::Projection;

/// One calibration target beside the projection.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// Index of the target in the agreement's calibration list.
    pub target: usize,
    /// The reported figure.
    pub reported: f64,
    /// The projection's figure; none if an item is unknown or a month lies outside
    /// the horizon.
    pub model: Option<f64>,
}

impl Check {
    /// `(model − reported) / reported`; none without a model figure or a reported 0.
    pub fn relative_error(&self) -> Option<f64> {
        let model = self.model?;
        (self.reported != 0.0).then(|| (model - self.reported) / self.reported)
    }
}

/// Every calibration target of `a`, in order, beside the projection's figure.
pub fn calibration(a: &Agreement, p: &Projection) -> Vec<Check> {
    a.calibration
        .iter()
        .enumerate()
        .map(|(target, t)| Check {
            target,
            reported: t.value,
            model: measure(a, p, &t.what, t.from, t.to),
        })
        .collect()
}

/// The sum of what `what` measures over the months `from..=to`; none if an item is
/// unknown, the span is empty or it reaches outside the horizon.
pub fn measure(
    a: &Agreement,
    p: &Projection,
    what: &Measure,
    from: Month,
    to: Month,
) -> Option<f64> {
    let first = p.month_index(from.first_day())?;
    let last = p.month_index(to.first_day())?;
    if last < first {
        return None;
    }
    let sum = |series: &[f64]| series.get(first..=last).map(|s| s.iter().sum::<f64>());
    let party = |id: &str| a.parties.iter().position(|x| x.id == id);
    let paid = |payer: usize, payee: usize| {
        p.flows
            .iter()
            .find(|f| f.payer == payer && f.payee == payee)
            .map_or(Some(0.0), |f| sum(&f.paid))
    };
    match what {
        Measure::Paid { payer, payee } => paid(party(payer)?, party(payee)?),
        Measure::NetPaid { payer, payee } => {
            let (payer, payee) = (party(payer)?, party(payee)?);
            Some(paid(payer, payee)? - paid(payee, payer)?)
        }
        Measure::Revenue { stream } => {
            let i = a.streams.iter().position(|s| s.id == *stream)?;
            sum(p.streams.get(i)?)
        }
        Measure::Spend { workload } => {
            let i = a.workloads.iter().position(|w| w.id == *workload)?;
            sum(&p.workloads.get(i)?.amount)
        }
    }
}
