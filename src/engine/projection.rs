//! What the engine computes: series on a monthly grid, timeline and metrics.

use chrono::NaiveDate;

use crate::model::{EventKind, LevelKind, Month};

use super::Rows;

/// The result of [`super::project`]. Series are indexed like [`Projection::months`];
/// clause, provider, workload, stream and party indices are those of the agreement's lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Projection {
    /// The monthly grid, first to last month of the horizon.
    pub months: Vec<Month>,
    /// Per clause: fraction of each month in force (0..=1).
    pub in_force: Rows,
    /// Per stream: amount per month.
    pub streams: Vec<Vec<f64>>,
    /// One per revenue-share clause, in clause order.
    pub shares: Vec<ShareSeries>,
    /// Payments per ordered pair of parties that has a revenue-share clause.
    pub flows: Vec<FlowSeries>,
    /// Net flow per unordered pair of parties that has any flow.
    pub nets: Vec<NetSeries>,
    /// Per workload.
    pub workloads: Vec<WorkloadSeries>,
    /// Per provider: spend on all workloads per month.
    pub provider_spend: Rows,
    /// Per provider: share of all spend per month (sums to 1 over providers).
    pub provider_share: Rows,
    /// Concentration of total spend per month: Σ share², 0..=1.
    pub hhi: Vec<f64>,
    /// One per compute-commitment clause, in clause order.
    pub commitments: Vec<CommitmentSeries>,
    /// Per clause: its dated segment, or none if it never starts.
    pub segments: Vec<Option<Segment>>,
    /// Dated events, in date order.
    pub markers: Vec<Marker>,
    pub metrics: Metrics,
}

/// Accrual and payment of one revenue-share clause.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShareSeries {
    /// Index of the clause.
    pub clause: usize,
    /// Index of the paying party; none for an unknown party.
    pub payer: Option<usize>,
    /// Index of the party paid; none for an unknown party.
    pub payee: Option<usize>,
    /// Accrued per month.
    pub accrued: Vec<f64>,
    /// Paid per month (accruals spread over the payment months).
    pub paid: Vec<f64>,
    /// Accrued up to the end of each month.
    pub cum_accrued: Vec<f64>,
    /// Paid up to the end of each month.
    pub cum_paid: Vec<f64>,
    /// Months over which each month's accrual is paid.
    pub spread: usize,
    /// The cap, if the clause has one.
    pub cap: Option<f64>,
    /// Index of the month in which the accruals the cap counts reached it.
    pub cap_reached: Option<usize>,
    /// What the cap counted within the horizon (the cap itself once reached).
    pub cap_counted: f64,
    /// What the cap counted each month, over all the clauses it counts.
    pub cap_counted_monthly: Vec<f64>,
    /// The clauses whose accruals the cap counts, this one first.
    pub cap_members: Vec<usize>,
    /// Index of the month in which the last capped accrual is paid; none if the cap
    /// is not reached or that payment falls after the horizon.
    pub cap_paid_out: Option<usize>,
    /// The clause whose cap counts this clause's accruals (itself for its own cap).
    pub counted_by: Option<usize>,
    /// Accrued within the horizon but paid after it.
    pub outstanding_at_horizon: f64,
}

/// Payments from one party to another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowSeries {
    pub payer: usize,
    pub payee: usize,
    pub paid: Vec<f64>,
}

/// `a → b` payments minus `b → a` payments (a has the lower party index).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetSeries {
    pub a: usize,
    pub b: usize,
    pub net: Vec<f64>,
}

/// One workload's size and how it is spread across providers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadSeries {
    pub amount: Vec<f64>,
    /// Per provider: spend per month (after commitment top-ups).
    pub spend: Rows,
    /// Per provider: share of the workload's spend per month.
    pub share: Rows,
}

/// How a compute commitment is met.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommitmentSeries {
    pub clause: usize,
    pub provider: Option<usize>,
    /// Required cumulative spend by the end of each month.
    pub required_cum: Vec<f64>,
    /// Actual cumulative spend with the provider on the committed workloads.
    pub actual_cum: Vec<f64>,
    /// Spend moved to the provider each month to keep up.
    pub top_up: Vec<f64>,
    /// Shortfall left when the period ends, if it ends within the horizon.
    pub shortfall_at_end: Option<f64>,
    /// Required minus actual at the horizon's end, if the period runs beyond it.
    pub behind_at_horizon: Option<f64>,
}

/// A clause's dated extent on the timeline: `[start, end)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub start: NaiveDate,
    /// None: open-ended.
    pub end: Option<NaiveDate>,
    /// Index into the clause's `period.end` of the boundary that ends it.
    pub end_index: Option<usize>,
    /// For exclusivity clauses, the level.
    pub level: Option<LevelKind>,
}

impl Segment {
    /// Whether `date` falls within the segment.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }
}

/// An event on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub event: usize,
    pub date: NaiveDate,
    pub kind: EventKind,
}

/// The headline figures of DESIGN §2.7.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub shares: Vec<ShareMetrics>,
    pub directions: Vec<DirectionMetrics>,
    pub nets: Vec<DirectionMetrics>,
    /// The last calendar year of the horizon.
    pub last_year: i32,
    /// Per provider: share of total spend in the last year.
    pub provider_share_last_year: Vec<f64>,
    pub hhi_last_year: f64,
    pub commitments: Vec<CommitmentMetrics>,
    /// Per workload: when its exclusivity ends.
    pub exclusivity_end: Vec<ExclusivityEnd>,
}

/// Totals of one revenue-share clause.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShareMetrics {
    pub clause: usize,
    pub total_accrued: f64,
    pub total_paid: f64,
    pub npv: f64,
    /// The month the accruals the cap counts reached it.
    pub cap_reached: Option<Month>,
    /// The month the last capped accrual is paid (none: not reached, or after the horizon).
    pub cap_paid_out: Option<Month>,
    /// What the cap counted within the horizon.
    pub cap_counted: f64,
    pub outstanding_at_horizon: f64,
}

/// Totals of payments from `payer` to `payee` (for nets: payer = a, payee = b).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirectionMetrics {
    pub payer: usize,
    pub payee: usize,
    pub total_paid: f64,
    pub npv: f64,
}

/// Totals of one compute commitment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommitmentMetrics {
    pub clause: usize,
    pub top_up_total: f64,
    pub shortfall_at_end: Option<f64>,
    pub behind_at_horizon: Option<f64>,
}

/// When a workload stops being exclusive to one provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExclusivityEnd {
    /// No exclusive clause covers it.
    NeverExclusive,
    /// Exclusive with no end in sight.
    OpenEnded,
    /// The last exclusive segment ends on this date.
    Ends(NaiveDate),
}

impl Projection {
    /// Sums a monthly series per calendar year: `(year, total)` in year order.
    pub fn yearly(&self, series: &[f64]) -> Vec<(i32, f64)> {
        let mut out: Vec<(i32, f64)> = Vec::new();
        for (m, v) in self.months.iter().zip(series) {
            match out.last_mut() {
                Some((y, total)) if *y == m.year() => *total += v,
                _ => out.push((m.year(), *v)),
            }
        }
        out
    }

    /// Index of the month containing `date`, if it is on the grid.
    pub fn month_index(&self, date: NaiveDate) -> Option<usize> {
        let first = *self.months.first()?;
        let m = Month::of(date)?;
        usize::try_from(m.months_since(first))
            .ok()
            .filter(|&i| i < self.months.len())
    }

    /// The clauses whose segments contain `date`: the terms in force then.
    pub fn in_force_on(&self, date: NaiveDate) -> Vec<usize> {
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.as_ref().is_some_and(|s| s.contains(date)))
            .map(|(i, _)| i)
            .collect()
    }
}
