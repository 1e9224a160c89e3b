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

/// Each month's accrual before any cap into `raw`, and the part of it on or after
/// day `from` (what a cap counting from that day counts) into `counted`.
fn uncapped(
    grid: &Grid,
    t: &Terms<'_>,
    from: i64,
    (raw, counted): (&mut Vec<f64>, &mut Vec<f64>),
    steps: &mut Vec<(i64, f64)>,
) {
    let n = grid.len();
    steps.clear();
    steps.extend(
        t.schedule
            .iter()
            .map(|s| (day(s.from), finite(s.rate.value))),
    );
    steps.sort_by_key(|&(d, _)| d);
    zeros(raw, n);
    zeros(counted, n);
    // A clause that never starts, has no base or no rate accrues nothing, whatever
    // day numbers the grid has (years before 1 included).
    let (Some(period), Some(base)) = (t.period, t.base) else {
        return;
    };
    if steps.is_empty() {
        return;
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
            finite(base[k] * rate_days(steps, lo, hi) / grid.days(k) as f64)
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
            finite(base[k] * rate_days(steps, from, hi) / grid.days(k) as f64)
        };
    }
}

/// Makes `v` `n` zeros, keeping its memory.
fn zeros(v: &mut Vec<f64>, n: usize) {
    v.clear();
    v.resize(n, 0.0);
}

/// What one cap does to its clauses' accruals.
struct Capped {
    reached: Option<usize>,
    counted: f64,
}

/// Applies `cap` to the accruals of its members in place, and writes what it counted
/// each month into `monthly`. In the month that crosses it, the remaining room is
/// shared in proportion to what each member would have counted; from then on no
/// member accrues.
fn apply_cap(
    cap: &Cap,
    raw: &mut [Vec<f64>],
    counted: &[Vec<f64>],
    n: usize,
    monthly: &mut Vec<f64>,
) -> Capped {
    let mut cum = 0.0;
    let mut reached = None;
    // Every month is written below.
    monthly.resize(n, 0.0);
    for k in 0..n {
        if reached.is_some() {
            for &i in &cap.members {
                raw[i][k] = 0.0;
            }
            monthly[k] = 0.0;
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
    }
}

/// Memory [`accrue`] keeps between projections.
#[derive(Default)]
pub(super) struct Scratch {
    /// Per clause: the accrual before caps (then after them, until paid).
    raw: Vec<Vec<f64>>,
    /// Per clause: what a cap would count of it.
    counted: Vec<Vec<f64>>,
    /// Per clause: where its cap starts counting.
    from: Vec<i64>,
    /// Per cap: what it counted each month.
    monthly: Vec<Vec<f64>>,
    /// A clause's rate steps as day numbers, sorted.
    steps: Vec<(i64, f64)>,
}

/// Accrual and payments of every revenue-share clause, with their caps (DESIGN §2.3),
/// into `out`, one per clause, reusing the memory of what it held.
pub(super) fn accrue(
    grid: &Grid,
    terms: &[Terms<'_>],
    caps: &[Cap],
    out: &mut Vec<ShareSeries>,
    scratch: &mut Scratch,
) {
    let n = grid.len();
    let Scratch {
        raw,
        counted,
        from,
        monthly,
        steps,
    } = scratch;
    from.clear();
    from.resize(terms.len(), i64::MIN);
    for cap in caps {
        for &i in &cap.members {
            from[i] = cap.from;
        }
    }
    raw.resize_with(terms.len(), Vec::new);
    counted.resize_with(terms.len(), Vec::new);
    for (((t, &from), raw), counted) in terms.iter().zip(&*from).zip(&mut *raw).zip(&mut *counted) {
        uncapped(grid, t, from, (raw, counted), steps);
    }
    monthly.resize_with(caps.len(), Vec::new);
    let capped: Vec<Capped> = caps
        .iter()
        .zip(&mut *monthly)
        .map(|(cap, monthly)| apply_cap(cap, &mut raw[..terms.len()], counted, n, monthly))
        .collect();

    out.truncate(terms.len());
    out.resize_with(terms.len(), ShareSeries::default);
    for ((t, accrued), series) in terms.iter().zip(&mut *raw).zip(&mut *out) {
        // The accruals move into the series, and its old memory is the next scratch.
        std::mem::swap(&mut series.accrued, accrued);
        pay(t, series);
    }
    for ((cap, c), monthly) in caps.iter().zip(&capped).zip(&mut *monthly) {
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
        std::mem::swap(&mut owner.cap_counted_monthly, monthly);
        owner.cap_members.clear();
        owner
            .cap_members
            .extend(cap.members.iter().map(|&i| terms[i].clause));
        owner.cap_paid_out = paid_out;
    }
}

/// Cumulative accrual and the payments of the monthly accruals in `s.accrued`, for
/// the clause `t`; every other field of `s` is set as for a clause without a cap.
fn pay(t: &Terms<'_>, s: &mut ShareSeries) {
    let n = s.accrued.len();
    // Each month's accrual is paid in equal parts over `spread` months from that month:
    // paid(k) = (cum_accrued(k) − cum_accrued(k − spread)) / spread, which is exactly 0
    // once accrual has stopped for `spread` months. Accrued and paid add up side by side.
    let spread = t.spread_months.clamp(1, MAX_SPREAD_MONTHS) as usize;
    // Every month of these is written below.
    for series in [&mut s.cum_accrued, &mut s.paid, &mut s.cum_paid] {
        series.resize(n, 0.0);
    }
    // Before the first accrual everything is 0; from `spread` months after the last
    // one nothing more is paid, and the totals stay where they are.
    let first = s.accrued.iter().position(|&a| a != 0.0).unwrap_or(n);
    let settled = s
        .accrued
        .iter()
        .rposition(|&a| a != 0.0)
        .map_or(first, |last| (last + spread).min(n));
    for series in [&mut s.cum_accrued, &mut s.paid, &mut s.cum_paid] {
        series[..first].fill(0.0);
    }
    let (mut cum, mut total_paid) = (0.0, 0.0);
    for k in first..settled {
        cum += s.accrued[k];
        s.cum_accrued[k] = cum;
        let before = if k >= spread {
            s.cum_accrued[k - spread]
        } else {
            0.0
        };
        // Over one month the difference is the payment itself.
        s.paid[k] = if spread == 1 {
            cum - before
        } else {
            (cum - before) / spread as f64
        };
        total_paid += s.paid[k];
        s.cum_paid[k] = total_paid;
    }
    s.cum_accrued[settled..].fill(cum);
    s.paid[settled..].fill(0.0);
    s.cum_paid[settled..].fill(total_paid);
    s.outstanding_at_horizon = s
        .accrued
        .iter()
        .enumerate()
        .skip(n.saturating_sub(spread - 1))
        .map(|(j, a)| a * (j + spread).saturating_sub(n) as f64 / spread as f64)
        .sum();
    s.clause = t.clause;
    s.payer = t.payer;
    s.payee = t.payee;
    s.spread = spread;
    s.cap = None;
    s.cap_reached = None;
    s.cap_counted = 0.0;
    s.cap_counted_monthly.clear();
    s.cap_members.clear();
    s.cap_paid_out = None;
    s.counted_by = None;
}

/// Payments per ordered pair of parties into `flows`, and the net flow per unordered
/// pair into `nets`, each sorted by pair, reusing the memory of what they held.
pub(super) fn flows(
    shares: &[ShareSeries],
    n: usize,
    flows: &mut Vec<FlowSeries>,
    nets: &mut Vec<NetSeries>,
) {
    let mut used = Vec::new();
    for s in shares {
        let (Some(payer), Some(payee)) = (s.payer, s.payee) else {
            continue;
        };
        let paid = pair_series(
            flows,
            &mut used,
            (payer, payee),
            n,
            |f| (f.payer, f.payee),
            |f| &mut f.paid,
        );
        for (total, p) in paid.iter_mut().zip(&s.paid) {
            *total += p;
        }
    }
    keep_used(flows, &used, |f| (f.payer, f.payee));

    let mut used = Vec::new();
    for f in flows.iter() {
        if f.payer == f.payee {
            continue;
        }
        let (a, b, sign) = if f.payer < f.payee {
            (f.payer, f.payee, 1.0)
        } else {
            (f.payee, f.payer, -1.0)
        };
        let net = pair_series(nets, &mut used, (a, b), n, |x| (x.a, x.b), |x| &mut x.net);
        for (total, p) in net.iter_mut().zip(&f.paid) {
            *total += sign * p;
        }
    }
    keep_used(nets, &used, |x| (x.a, x.b));
}

/// A series of payments between a pair of parties: a flow or a net.
trait PairSeries {
    fn of_pair(pair: (usize, usize)) -> Self;
}

impl PairSeries for FlowSeries {
    fn of_pair((payer, payee): (usize, usize)) -> Self {
        Self {
            payer,
            payee,
            paid: Vec::new(),
        }
    }
}

impl PairSeries for NetSeries {
    fn of_pair((a, b): (usize, usize)) -> Self {
        Self {
            a,
            b,
            net: Vec::new(),
        }
    }
}

/// The series of `pair` in `list` (`pair_of` tells an item's pair, `series_of` its
/// series), `n` zeros the first time it is asked for; a pair not in the list is
/// added at the end. `used` marks the items asked for: pairs found again keep their
/// place and memory.
fn pair_series<'a, T: PairSeries>(
    list: &'a mut Vec<T>,
    used: &mut Vec<bool>,
    pair: (usize, usize),
    n: usize,
    pair_of: impl Fn(&T) -> (usize, usize),
    series_of: impl Fn(&mut T) -> &mut Vec<f64>,
) -> &'a mut Vec<f64> {
    used.resize(list.len(), false);
    let i = list
        .iter()
        .position(|x| pair_of(x) == pair)
        .unwrap_or_else(|| {
            list.push(T::of_pair(pair));
            used.push(false);
            list.len() - 1
        });
    let series = series_of(&mut list[i]);
    if !used[i] {
        used[i] = true;
        series.clear();
        series.resize(n, 0.0);
    }
    series
}

/// Drops the items of `list` not marked `used`, and sorts the rest by pair.
fn keep_used<T>(list: &mut Vec<T>, used: &[bool], pair_of: impl Fn(&T) -> (usize, usize)) {
    let mut used = used.iter().chain(std::iter::repeat(&false));
    list.retain(|_| *used.next().unwrap_or(&false));
    list.sort_by_key(pair_of);
}
