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
    pub spread_months: u32,
}

/// A cap and the clauses whose accruals count toward it.
pub(super) struct Cap {
    /// Position in the terms list of the clause that carries the cap.
    pub owner: usize,
    /// Positions in the terms list of every clause that counts, the owner first.
    pub members: Vec<usize>,
    pub amount: f64,
    /// Accruals before this day neither count nor stop (`i64::MIN` counts all).
    pub from: i64,
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

/// Each month's accrual before any cap, and the part of it on or after day `from`
/// (what a cap counting from that day counts).
fn uncapped(grid: &Grid, t: &Terms<'_>, from: i64) -> (Vec<f64>, Vec<f64>) {
    let n = grid.len();
    let mut steps: Vec<(i64, f64)> = t
        .schedule
        .iter()
        .map(|s| (day(s.from), finite(s.rate.value)))
        .collect();
    steps.sort_by_key(|&(d, _)| d);
    let mut raw = vec![0.0; n];
    let mut counted = vec![0.0; n];
    // A clause that never starts, has no base or no rate accrues nothing, whatever
    // day numbers the grid has (years before 1 included).
    let (Some(period), Some(base)) = (t.period, t.base) else {
        return (raw, counted);
    };
    if steps.is_empty() {
        return (raw, counted);
    }
    // Steps before `next` start on or before the current month's first day in force.
    let mut next = 0;
    for k in grid.overlapping(period.0, period.1) {
        let (ms, me) = (grid.start[k], grid.start[k + 1]);
        let (lo, hi) = (period.0.max(ms), period.1.min(me));
        if hi <= lo {
            continue;
        }
        while next < steps.len() && steps[next].0 <= lo {
            next += 1;
        }
        let rate = steps[next.saturating_sub(1)].1;
        raw[k] = if next < steps.len() && steps[next].0 < hi {
            // A step changes the rate within the month: day by day.
            finite(base[k] * rate_days(&steps, lo, hi) / grid.days(k) as f64)
        } else if lo == ms && hi == me {
            finite(base[k] * rate)
        } else {
            finite(base[k] * rate * (hi - lo) as f64 / (me - ms) as f64)
        };
        counted[k] = if from <= lo {
            raw[k]
        } else if from >= hi {
            0.0
        } else {
            finite(base[k] * rate_days(&steps, from, hi) / grid.days(k) as f64)
        };
    }
    (raw, counted)
}

/// What one cap does to its clauses' accruals, month by month.
struct Capped {
    reached: Option<usize>,
    counted: f64,
    /// What the cap counted each month.
    monthly: Vec<f64>,
}

/// Applies `cap` to the accruals of its members in place. In the month that crosses
/// it, the remaining room is shared in proportion to what each member would have
/// counted; from then on no member accrues.
fn apply_cap(cap: &Cap, raw: &mut [Vec<f64>], counted: &[Vec<f64>], n: usize) -> Capped {
    let mut cum = 0.0;
    let mut reached = None;
    let mut monthly = vec![0.0; n];
    for k in 0..n {
        if reached.is_some() {
            for &i in &cap.members {
                raw[i][k] = 0.0;
            }
            continue;
        }
        let month: f64 = cap.members.iter().map(|&i| counted[i][k]).sum();
        if month > 0.0 && month >= cap.amount - cum {
            let room = (cap.amount - cum).max(0.0);
            for &i in &cap.members {
                let own = counted[i][k];
                raw[i][k] = (raw[i][k] - own).max(0.0) + room * own / month;
            }
            // Set, not add: cumulative counted accrual equals the cap exactly.
            cum = cap.amount.max(cum);
            monthly[k] = room;
            reached = Some(k);
        } else {
            cum += month;
            monthly[k] = month;
        }
    }
    Capped {
        reached,
        counted: cum,
        monthly,
    }
}

/// Accrual and payments of every revenue-share clause, with their caps (DESIGN §2.3).
pub(super) fn accrue(grid: &Grid, terms: &[Terms<'_>], caps: &[Cap]) -> Vec<ShareSeries> {
    let n = grid.len();
    let mut from = vec![i64::MIN; terms.len()];
    for cap in caps {
        for &i in &cap.members {
            from[i] = cap.from;
        }
    }
    let (mut accrued, counted): (Vec<Vec<f64>>, Vec<Vec<f64>>) = terms
        .iter()
        .zip(&from)
        .map(|(t, &from)| uncapped(grid, t, from))
        .unzip();
    let mut capped: Vec<Capped> = caps
        .iter()
        .map(|cap| apply_cap(cap, &mut accrued, &counted, n))
        .collect();

    let mut out: Vec<ShareSeries> = terms
        .iter()
        .zip(accrued)
        .map(|(t, accrued)| pay(t, accrued))
        .collect();
    for (cap, c) in caps.iter().zip(&mut capped) {
        let clauses: Vec<usize> = cap.members.iter().map(|&i| terms[i].clause).collect();
        // The last capped payment: the last month any member accrued, plus its spread.
        let paid_out = c.reached.and_then(|_| {
            cap.members
                .iter()
                .filter_map(|&i| {
                    let last = out[i].accrued.iter().rposition(|&x| x > 0.0)?;
                    Some(last + out[i].spread - 1)
                })
                .max()
                .filter(|&k| k < n)
        });
        for &i in &cap.members {
            out[i].counted_by = Some(terms[cap.owner].clause);
        }
        let owner = &mut out[cap.owner];
        owner.cap = Some(cap.amount);
        owner.cap_reached = c.reached;
        owner.cap_counted = c.counted;
        owner.cap_counted_monthly = std::mem::take(&mut c.monthly);
        owner.cap_members = clauses;
        owner.cap_paid_out = paid_out;
    }
    out
}

/// Cumulative accrual and the payments of one clause's monthly accruals.
fn pay(t: &Terms<'_>, accrued: Vec<f64>) -> ShareSeries {
    let n = accrued.len();
    let mut cum_accrued = vec![0.0; n];
    let mut cum = 0.0;
    for (c, a) in cum_accrued.iter_mut().zip(&accrued) {
        cum += a;
        *c = cum;
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
        spread,
        outstanding_at_horizon,
        ..ShareSeries::default()
    }
}

/// Payments per ordered pair of parties, and the net flow per unordered pair.
pub(super) fn flows(shares: &[ShareSeries], n: usize) -> (Vec<FlowSeries>, Vec<NetSeries>) {
    let mut flows: Vec<FlowSeries> = Vec::with_capacity(shares.len());
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

    let mut nets: Vec<NetSeries> = Vec::with_capacity(flows.len());
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
