//! The projection engine: a pure, deterministic function of the agreement (DESIGN §2).

pub mod calibration;
mod cloud;
pub mod metric_id;
mod metrics;
mod paths;
mod projection;
mod rows;
mod share;
pub mod table;

use chrono::{Datelike as _, NaiveDate};

use crate::model::{Agreement, ClauseKind, Month, validate::MAX_HORIZON_MONTHS};

pub use calibration::calibration;
pub use metric_id::MetricId;
pub use paths::annual;
pub use projection::{
    CommitmentMetrics, CommitmentSeries, DirectionMetrics, ExclusivityEnd, FlowSeries, Marker,
    Metrics, NetSeries, Projection, Segment, ShareMetrics, ShareSeries, WorkloadSeries,
};
pub use rows::Rows;

/// An open end, as a day number.
const OPEN: i64 = i64::MAX;

/// A value usable in arithmetic: non-finite becomes 0.
fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// Days since the common era: dates as plain numbers.
fn day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// The monthly grid as day numbers: month `k` is `[start[k], start[k + 1])`.
struct Grid {
    months: Vec<Month>,
    start: Vec<i64>,
}

/// Days since the common era of the first day of `year`-`month`, by arithmetic
/// (the civil-from-days algorithm), which is much cheaper than building dates.
fn day_of_month_start(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // Days since 0000-03-01, shifted to chrono's days-from-CE (0001-01-01 is day 1).
    era * 146_097 + doe - 305
}

/// Days in `month` (1..=12) of `year`, Gregorian.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Grid {
    fn new(agreement: &Agreement) -> Self {
        let first = agreement.horizon.first;
        let n = agreement.horizon.len_months().min(MAX_HORIZON_MONTHS);
        // Month after month, into a list reserved whole.
        let mut months = Vec::with_capacity(n);
        let mut month = Some(first);
        while let Some(m) = month.filter(|_| months.len() < n) {
            months.push(m);
            month = m.next_month();
        }
        // The first month start by arithmetic, the rest by adding each month's length.
        let mut start = Vec::with_capacity(months.len() + 1);
        let mut day = day_of_month_start(i64::from(first.year()), i64::from(first.month()));
        start.push(day);
        for m in &months {
            day += i64::from(days_in_month(m.year(), m.month()));
            start.push(day);
        }
        Self { months, start }
    }

    fn len(&self) -> usize {
        self.months.len()
    }

    fn days(&self, k: usize) -> i64 {
        self.start[k + 1] - self.start[k]
    }

    /// The range of month indices that `[lo, hi)` overlaps.
    fn overlapping(&self, lo: i64, hi: i64) -> std::ops::Range<usize> {
        let n = self.len();
        let first = self.start[..n]
            .partition_point(|&s| s < lo)
            .saturating_sub(1);
        let end = self.start[..n].partition_point(|&s| s < hi);
        first..end.max(first)
    }

    /// Fraction of month `k` inside `[lo, hi)`.
    fn fraction(&self, k: usize, lo: i64, hi: i64) -> f64 {
        let (ms, me) = (self.start[k], self.start[k + 1]);
        let overlap = hi.min(me) - lo.max(ms);
        if overlap > 0 {
            overlap as f64 / (me - ms) as f64
        } else {
            0.0
        }
    }
}

/// Σ over all calendar months of the fraction of the month inside `[lo, hi)`,
/// without walking the months (the interval may reach far beyond the horizon).
fn fraction_sum(lo: NaiveDate, hi: NaiveDate) -> f64 {
    if hi <= lo {
        return 0.0;
    }
    let (Some(m_lo), Some(m_hi)) = (Month::of(lo), hi.pred_opt().and_then(Month::of)) else {
        return 0.0;
    };
    let part =
        |m: Month, a: NaiveDate, b: NaiveDate| (b - a).num_days() as f64 / f64::from(m.days());
    if m_lo == m_hi {
        return part(m_lo, lo, hi);
    }
    let between = (m_hi.months_since(m_lo) - 1) as f64;
    part(m_lo, lo, m_lo.end_day()) + between + part(m_hi, m_hi.first_day(), hi)
}

/// A clause's period resolved to day numbers `[start, end)`, or none if it never starts.
struct Resolved {
    start: i64,
    end: i64,
    segment: crate::engine::Segment,
}

fn resolve(
    clause: &crate::model::Clause,
    events: &impl Fn(&str) -> Option<NaiveDate>,
) -> Option<Resolved> {
    let r = clause.period.resolve(events)?;
    let level = match &clause.kind {
        ClauseKind::Exclusivity { level, .. } => Some(level.kind()),
        _ => None,
    };
    Some(Resolved {
        start: day(r.start),
        end: r.end.map_or(OPEN, day),
        segment: Segment {
            start: r.start,
            end: r.end,
            end_index: r.end_index,
            level,
        },
    })
}

/// What a row of in-force fractions holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InForceRow {
    /// Nothing known: it has to be found.
    Unknown,
    /// The fractions of a clause that is never in force: zeros.
    Never,
    /// The fractions of the period `[start, end)`, as day numbers.
    Period(i64, i64),
}

/// Items by id: a list searched by halves, which for the lists of an agreement is
/// cheaper to build and to query than a hash map; most lists are a handful of items,
/// which are simply scanned.
struct Index<'a>(Vec<(&'a str, usize)>);

impl<'a> Index<'a> {
    /// The most items scanned rather than searched by halves.
    const SCANNED: usize = 16;

    /// The first item with each id wins, as everywhere else in the engine.
    fn of<T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> Self {
        let mut pairs: Vec<(&str, usize)> =
            items.iter().enumerate().map(|(i, t)| (id(t), i)).collect();
        // A scan in the items' order finds the first with an id first: short lists
        // are not sorted.
        if pairs.len() > Self::SCANNED {
            pairs.sort_unstable();
            pairs.dedup_by_key(|p| p.0);
        }
        Self(pairs)
    }

    fn get(&self, id: &str) -> Option<usize> {
        // A scan that skips on length is cheapest.
        if self.0.len() <= Self::SCANNED {
            return self
                .0
                .iter()
                .find(|(k, _)| k.len() == id.len() && *k == id)
                .map(|&(_, i)| i);
        }
        self.0
            .binary_search_by(|(k, _)| (*k).cmp(id))
            .ok()
            .map(|i| self.0[i].1)
    }
}

/// The caps over revenue shares: each counts its own clause and the revenue-share
/// clauses it names. A clause counts toward one cap only, the first that claims it
/// (validation reports the others).
fn share_caps(
    a: &Agreement,
    terms: &[share::Terms<'_>],
    capped: Vec<(usize, f64, &Vec<crate::model::Id>, Option<NaiveDate>)>,
) -> Vec<share::Cap> {
    let mut claimed = vec![false; terms.len()];
    // Owners first, so that a clause with its own cap is never claimed by another.
    for &(owner, ..) in &capped {
        claimed[owner] = true;
    }
    capped
        .into_iter()
        .map(|(owner, amount, counts, from)| {
            let mut members = Vec::with_capacity(counts.len() + 1);
            members.push(owner);
            for id in counts {
                let position = terms.iter().position(|t| a.clauses[t.clause].id == *id);
                if let Some(i) = position.filter(|&i| !claimed[i]) {
                    claimed[i] = true;
                    members.push(i);
                }
            }
            share::Cap {
                owner,
                members,
                amount,
                from: from.map_or(i64::MIN, day),
            }
        })
        .collect()
}

/// Projects `agreement` on its monthly grid: revenue, revenue shares, cloud
/// distribution, commitments, timeline and metrics (DESIGN §2).
pub fn project(agreement: &Agreement) -> Projection {
    let mut projector = Projector::default();
    projector.project(agreement);
    projector.out
}

/// Projects one agreement after another, reusing the memory of the projection
/// before: for analyses that project many variations of one agreement (the same
/// items with other numbers). Each projection equals [`project`]'s.
#[derive(Default)]
pub struct Projector {
    out: Projection,
    grid: Option<Grid>,
    resolved: Vec<Option<Resolved>>,
    /// Per clause, what its row of in-force fractions holds on the grid kept.
    in_force_keys: Vec<InForceRow>,
    /// Per stream, what its monthly amounts were computed from.
    stream_keys: Vec<paths::PathKey>,
    shares: share::Scratch,
    cloud: cloud::Scratch,
    metrics: metrics::Scratch,
}

impl std::fmt::Debug for Projector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projector")
            .field("projection", &self.out)
            .finish_non_exhaustive()
    }
}

impl Projector {
    /// The projection of `agreement`, valid until the next call.
    pub fn project(&mut self, agreement: &Agreement) -> &Projection {
        let a = agreement;
        let len = a.horizon.len_months().min(MAX_HORIZON_MONTHS);
        // The grid depends on the horizon only, which variations rarely change.
        let grid = match self.grid.take() {
            Some(grid) if grid.months.first() == Some(&a.horizon.first) && grid.len() == len => {
                grid
            }
            _ => {
                // Rows found on another grid are of no use.
                self.in_force_keys.clear();
                Grid::new(a)
            }
        };
        let n = grid.len();
        let out = &mut self.out;

        let event_index = Index::of(&a.events, |e| e.id.as_str());
        let events = |id: &str| event_index.get(id).and_then(|i| a.events[i].date);
        let parties = Index::of(&a.parties, |p| p.id.as_str());
        let streams_by_id = Index::of(&a.streams, |s| s.id.as_str());

        // §2.1 and §2.6: periods, in-force fractions, segments.
        let resolved = &mut self.resolved;
        resolved.clear();
        resolved.extend(a.clauses.iter().map(|c| resolve(c, &events)));
        // Every value of every row is written, unless the row holds that period's
        // fractions on this grid already.
        out.in_force.reshape(resolved.len(), n);
        self.in_force_keys
            .resize(resolved.len(), InForceRow::Unknown);
        for ((f, r), key) in out
            .in_force
            .iter_mut()
            .zip(resolved.iter())
            .zip(&mut self.in_force_keys)
        {
            let row = r
                .as_ref()
                .map_or(InForceRow::Never, |r| InForceRow::Period(r.start, r.end));
            if *key == row {
                continue;
            }
            *key = row;
            let Some(r) = r else {
                f.fill(0.0);
                continue;
            };
            let months = grid.overlapping(r.start, r.end);
            f[..months.start].fill(0.0);
            f[months.end..].fill(0.0);
            // Whole months in between are simply in force; only the ends need days.
            if months.len() > 2 {
                f[months.start + 1..months.end - 1].fill(1.0);
            }
            for k in [months.start, months.end.saturating_sub(1)] {
                if months.contains(&k) {
                    f[k] = grid.fraction(k, r.start, r.end);
                }
            }
        }

        // §2.2: revenue streams.
        out.streams.truncate(a.streams.len());
        out.streams.resize_with(a.streams.len(), Vec::new);
        self.stream_keys
            .resize_with(a.streams.len(), paths::PathKey::default);
        for ((s, series), key) in a
            .streams
            .iter()
            .zip(&mut out.streams)
            .zip(&mut self.stream_keys)
        {
            paths::monthly_kept(&s.path, finite(s.scale.value), &grid.months, series, key);
        }

        // §2.3: revenue shares, then the caps over them.
        // Reserved for every clause: growing lists cost more than the few unused slots.
        let mut terms = Vec::with_capacity(a.clauses.len());
        let mut capped = Vec::with_capacity(a.clauses.len());
        for (i, c) in a.clauses.iter().enumerate() {
            let ClauseKind::RevenueShare {
                payer,
                payee,
                base,
                schedule,
                cap,
                cap_counts,
                cap_from,
                spread_months,
            } = &c.kind
            else {
                continue;
            };
            if let Some(cap) = cap {
                capped.push((terms.len(), finite(cap.value), cap_counts, *cap_from));
            }
            terms.push(share::Terms {
                clause: i,
                payer: parties.get(payer),
                payee: parties.get(payee),
                period: resolved[i].as_ref().map(|r| (r.start, r.end)),
                base: streams_by_id
                    .get(base.as_str())
                    .map(|s| out.streams[s].as_slice()),
                schedule,
                spread_months: *spread_months,
            });
        }
        let caps = share_caps(a, &terms, capped);
        share::accrue(&grid, &terms, &caps, &mut out.shares, &mut self.shares);
        drop(terms);
        share::flows(&out.shares, n, &mut out.flows, &mut out.nets);

        // §2.4 and §2.5: workloads across providers.
        cloud::distribute(
            &cloud::Sources {
                agreement: a,
                grid: &grid,
                streams: &out.streams,
                streams_by_id: &streams_by_id,
                in_force: &out.in_force,
                resolved,
            },
            cloud::Cloud {
                workloads: &mut out.workloads,
                provider_spend: &mut out.provider_spend,
                provider_share: &mut out.provider_share,
                hhi: &mut out.hhi,
                commitments: &mut out.commitments,
            },
            &mut self.cloud,
        );

        out.segments.clear();
        out.segments.extend(
            resolved
                .iter()
                .map(|r| r.as_ref().map(|r| r.segment.clone())),
        );
        out.markers.clear();
        out.markers
            .extend(a.events.iter().enumerate().filter_map(|(i, e)| {
                e.date.map(|date| Marker {
                    event: i,
                    date,
                    kind: e.kind,
                })
            }));
        out.markers.sort_by_key(|m| (m.date, m.event));

        out.months.clone_from(&grid.months);
        self.grid = Some(grid);
        let mut metrics = std::mem::take(&mut out.metrics);
        metrics::compute(a, out, &mut metrics, &mut self.metrics);
        out.metrics = metrics;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_agree_with_chrono() {
        for year in [1900, 2000, 2023, 2024, 2100] {
            for month in 1..=12 {
                let m = Month::new(year, month).expect("month");
                assert_eq!(days_in_month(year, month), m.days(), "{m}");
            }
        }
    }

    #[test]
    fn month_start_arithmetic_agrees_with_chrono() {
        for year in [1, 1900, 1999, 2000, 2024, 2025, 2100, 2200] {
            for month in 1..=12 {
                let d = NaiveDate::from_ymd_opt(year, month, 1).expect("date");
                assert_eq!(
                    day_of_month_start(i64::from(year), i64::from(month)),
                    day(d),
                    "{d}"
                );
            }
        }
    }
}
