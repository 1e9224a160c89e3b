//! Revenue-share accrual, cap, payment spread and flows (DESIGN §2.3).

use crate::model::{RateStep, validate::MAX_SPREAD_MONTHS};

use super::{FlowSeries, Grid, NetSeries, ShareSeries, day, finite};

/// One revenue-share clause, resolved for the engine.
pub(super) struct Terms<'a> {
    pub clause: usize,
    pub payer: Option<usize>,
    pub payee: Option<usize>,
    /// `[start, end)` as day numbers; none if it never starts.
    pub period: Option<(i64, i64)>,
    /// The base stream's monthly amounts; none if the stream is unknown.
    pub base: Option<&'a [f64]>,
    pub schedule: &'a [RateStep],
    pub cap: Option<f64>,
    pub spread_months: u32,
}

/// Σ rate(d) over the days d in `[lo, hi)`, for steps sorted by day.
fn rate_days(steps: &[(i64, f64)], lo: i64, hi: i64) -> f64 {
    let Some(&(_, first_rate)) = steps.first() else {
        return 0.0;
    };
    let mut j = steps.partition_point(|&(d, _)| d <= lo);
    let mut rate = if j == 0 { first_rate } else { steps[j - 1].1 };
    let mut cur = lo;
    let mut sum = 0.0;
    while j < steps.len() && steps[j].0 < hi {
        sum += rate * (steps[j].0 - cur) as f64;
        cur = steps[j].0;
        rate = steps[j].1;
        j += 1;
    }
    sum + rate * (hi - cur) as f64
}

pub(super) fn accrue(grid: &Grid, t: &Terms<'_>) -> ShareSeries {
    let n = grid.len();
    let mut steps: Vec<(i64, f64)> = t
        .schedule
        .iter()
        .map(|s| (day(s.from), finite(s.rate.value)))
        .collect();
    steps.sort_by_key(|&(d, _)| d);

    let mut accrued = vec![0.0; n];
    let mut cum_accrued = vec![0.0; n];
    let mut cum = 0.0;
    let mut cap_reached = None;
    // A clause that never starts, has no base or no rate accrues nothing, whatever
    // day numbers the grid has (years before 1 included).
    let (period, base, months) = match (t.period, t.base) {
        (Some(period), Some(base)) if !steps.is_empty() => {
            (period, base, grid.overlapping(period.0, period.1))
        }
        _ => ((0, 0), &[][..], 0..0),
    };
    // Steps before `next` start on or before the current month's first day in force.
    let mut next = 0;
    for k in 0..n {
        if months.contains(&k) {
            let (ms, me) = (grid.start[k], grid.start[k + 1]);
            let (lo, hi) = (period.0.max(ms), period.1.min(me));
            while next < steps.len() && steps[next].0 <= lo {
                next += 1;
            }
            let rate = steps[next.saturating_sub(1)].1;
            let raw = if next < steps.len() && steps[next].0 < hi {
                // A step changes the rate within the month: day by day.
                finite(base[k] * rate_days(&steps, lo, hi) / grid.days(k) as f64)
            } else if lo == ms && hi == me {
                finite(base[k] * rate)
            } else {
                finite(base[k] * rate * (hi - lo) as f64 / (me - ms) as f64)
            };
            if hi > lo {
                accrued[k] = match t.cap {
                    Some(cap) if raw > 0.0 && raw >= cap - cum => {
                        cap_reached.get_or_insert(k);
                        let remainder = (cap - cum).max(0.0);
                        // Set, not add: cumulative accrual equals the cap exactly.
                        cum = cap.max(cum);
                        remainder
                    }
                    _ => {
                        cum += raw;
                        raw
                    }
                };
            }
        }
        cum_accrued[k] = cum;
    }

    // Each month's accrual is paid in equal parts over `spread` months from that month:
    // paid(k) = (cum_accrued(k) − cum_accrued(k − spread)) / spread, which is exactly 0
    // once accrual has stopped for `spread` months.
    let spread = t.spread_months.clamp(1, MAX_SPREAD_MONTHS) as usize;
    let mut paid = vec![0.0; n];
    let mut cum_paid = vec![0.0; n];
    let mut total_paid = 0.0;
    for k in 0..n {
        let before = if k >= spread {
            cum_accrued[k - spread]
        } else {
            0.0
        };
        paid[k] = (cum_accrued[k] - before) / spread as f64;
        total_paid += paid[k];
        cum_paid[k] = total_paid;
    }
    let outstanding_at_horizon = accrued
        .iter()
        .enumerate()
        .skip(n.saturating_sub(spread - 1))
        .map(|(j, a)| a * (j + spread).saturating_sub(n) as f64 / spread as f64)
        .sum();

    ShareSeries {
        clause: t.clause,
        payer: t.payer,
        payee: t.payee,
        accrued,
        paid,
        cum_accrued,
        cum_paid,
        cap: t.cap,
        cap_reached,
        outstanding_at_horizon,
    }
}

/// Payments per ordered pair of parties, and the net flow per unordered pair.
pub(super) fn flows(shares: &[ShareSeries], n: usize) -> (Vec<FlowSeries>, Vec<NetSeries>) {
    let mut flows: Vec<FlowSeries> = Vec::new();
    for s in shares {
        let (Some(payer), Some(payee)) = (s.payer, s.payee) else {
            continue;
        };
        let flow = if let Some(f) = flows
            .iter_mut()
            .find(|f| f.payer == payer && f.payee == payee)
        {
            f
        } else {
            flows.push(FlowSeries {
                payer,
                payee,
                paid: vec![0.0; n],
            });
            flows.last_mut().expect("just pushed")
        };
        for (total, p) in flow.paid.iter_mut().zip(&s.paid) {
            *total += p;
        }
    }
    flows.sort_by_key(|f| (f.payer, f.payee));

    let mut nets: Vec<NetSeries> = Vec::new();
    for f in &flows {
        if f.payer == f.payee {
            continue;
        }
        let (a, b, sign) = if f.payer < f.payee {
            (f.payer, f.payee, 1.0)
        } else {
            (f.payee, f.payer, -1.0)
        };
        let net = if let Some(x) = nets.iter_mut().find(|x| x.a == a && x.b == b) {
            x
        } else {
            nets.push(NetSeries {
                a,
                b,
                net: vec![0.0; n],
            });
            nets.last_mut().expect("just pushed")
        };
        for (total, p) in net.net.iter_mut().zip(&f.paid) {
            *total += sign * p;
        }
    }
    nets.sort_by_key(|x| (x.a, x.b));
    (flows, nets)
}
