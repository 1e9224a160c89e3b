//! The headline figures (DESIGN §2.7).

use crate::model::{Agreement, ClauseKind, ExclusivityLevel, Month};

use super::{
    CommitmentMetrics, DirectionMetrics, ExclusivityEnd, Metrics, Projection, ShareMetrics, finite,
};

/// Discount factor per grid month into `out`: `(1 + r)^(−t/12)`, t = whole months
/// from the valuation month.
fn discount_factors(months: &[Month], valuation: Option<Month>, rate: f64, out: &mut Vec<f64>) {
    out.clear();
    let r = finite(rate).max(-0.99);
    let Some(v) = valuation else {
        out.resize(months.len(), 1.0);
        return;
    };
    let per_month = (1.0 + r).powf(-1.0 / 12.0);
    let Some(first) = months.first() else {
        return;
    };
    // One power for the first month, then a multiplication per month.
    let mut factor = per_month.powi(first.months_since(v).clamp(-100_000, 100_000) as i32);
    for _ in months {
        out.push(factor);
        factor *= per_month;
    }
}

/// Series summed side by side in [`totals`], their sums held in registers.
const GROUP: usize = 4;

/// Each series' total and present value, `(Σ x, Σ x · factor)` over its months, into
/// `out`. Each sum adds its months in order from −0, as `Iterator::sum` does, so the
/// figures are those of summing one series after another; summing several at once
/// lets the processor overlap them instead of waiting on each addition in turn.
fn totals(series: &[&[f64]], factors: &[f64], out: &mut Vec<(f64, f64)>) {
    out.clear();
    let n = factors.len();
    for group in series.chunks(GROUP) {
        if group.iter().any(|s| s.len() != n) {
            // Series off the grid: one at a time, over the months both have.
            out.extend(group.iter().map(|s| {
                let total = s.iter().sum();
                let pv = s.iter().zip(factors).map(|(x, f)| x * f).sum();
                (total, pv)
            }));
            continue;
        }
        // Places beyond the group's series sum the factors, and are left out.
        let rows: [&[f64]; GROUP] =
            std::array::from_fn(|j| &group.get(j).copied().unwrap_or(factors)[..n]);
        let mut total = [-0.0; GROUP];
        let mut pv = [-0.0; GROUP];
        for k in 0..n {
            let f = factors[k];
            for j in 0..GROUP {
                let x = rows[j][k];
                total[j] += x;
                pv[j] += x * f;
            }
        }
        out.extend(total.into_iter().zip(pv).take(group.len()));
    }
}

/// Memory [`compute`] keeps between projections.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    factors: Vec<f64>,
    totals: Vec<(f64, f64)>,
}

/// The metrics of `p`, the projection of `a`, into `out`.
pub(super) fn compute(a: &Agreement, p: &Projection, out: &mut Metrics, scratch: &mut Scratch) {
    let Scratch {
        factors,
        totals: sums,
    } = scratch;
    discount_factors(
        &p.months,
        Month::of(a.valuation_date),
        a.discount_rate.value,
        factors,
    );
    // Every payment series, then every commitment's top-ups: their totals in one pass.
    let series: Vec<&[f64]> = p
        .shares
        .iter()
        .map(|s| s.paid.as_slice())
        .chain(p.flows.iter().map(|f| f.paid.as_slice()))
        .chain(p.nets.iter().map(|x| x.net.as_slice()))
        .chain(p.commitments.iter().map(|c| c.top_up.as_slice()))
        .collect();
    totals(&series, factors, sums);
    let (of_shares, rest) = sums.split_at(p.shares.len());
    let (of_flows, rest) = rest.split_at(p.flows.len());
    let (of_nets, of_commitments) = rest.split_at(p.nets.len());

    out.shares.clear();
    out.shares.extend(
        p.shares
            .iter()
            .zip(of_shares)
            .map(|(s, &(_, npv))| ShareMetrics {
                clause: s.clause,
                total_accrued: s.cum_accrued.last().copied().unwrap_or(0.0),
                total_paid: s.cum_paid.last().copied().unwrap_or(0.0),
                npv,
                cap_reached: s.cap_reached.and_then(|k| p.months.get(k).copied()),
                cap_paid_out: s.cap_paid_out.and_then(|k| p.months.get(k).copied()),
                cap_counted: s.cap_counted,
                outstanding_at_horizon: s.outstanding_at_horizon,
            }),
    );
    let direction = |payer, payee, &(total_paid, npv): &(f64, f64)| DirectionMetrics {
        payer,
        payee,
        total_paid,
        npv,
    };
    out.directions.clear();
    out.directions.extend(
        p.flows
            .iter()
            .zip(of_flows)
            .map(|(f, sums)| direction(f.payer, f.payee, sums)),
    );
    out.nets.clear();
    out.nets.extend(
        p.nets
            .iter()
            .zip(of_nets)
            .map(|(x, sums)| direction(x.a, x.b, sums)),
    );

    let last_year = p.months.last().map_or(0, |m| m.year());
    // The grid runs month after month, so the last year's months are its last ones.
    let in_last_year = p
        .months
        .iter()
        .position(|m| m.year() == last_year)
        .map_or(0..0, |first| first..p.months.len());
    // Spend per provider in the last year, then the shares of it.
    let shares_last = &mut out.provider_share_last_year;
    shares_last.clear();
    shares_last.extend(
        p.provider_spend
            .iter()
            .map(|s| s[in_last_year.clone()].iter().sum::<f64>()),
    );
    let total_last: f64 = shares_last.iter().sum();
    if total_last > 0.0 {
        for s in shares_last.iter_mut() {
            *s /= total_last;
        }
    } else {
        // No spend that year: the average of the monthly shares.
        shares_last.clear();
        shares_last.extend(p.provider_share.iter().map(|s| {
            s[in_last_year.clone()].iter().sum::<f64>() / in_last_year.len().max(1) as f64
        }));
    }
    out.hhi_last_year = shares_last.iter().map(|s| s * s).sum();
    out.last_year = last_year;

    out.commitments.clear();
    out.commitments
        .extend(
            p.commitments
                .iter()
                .zip(of_commitments)
                .map(|(c, &(top_up_total, _))| CommitmentMetrics {
                    clause: c.clause,
                    top_up_total,
                    shortfall_at_end: c.shortfall_at_end,
                    behind_at_horizon: c.behind_at_horizon,
                }),
        );

    out.exclusivity_end.clear();
    out.exclusivity_end.extend(a.workloads.iter().map(|w| {
        let mut end = ExclusivityEnd::NeverExclusive;
        for (i, clause) in a.clauses.iter().enumerate() {
            let ClauseKind::Exclusivity {
                workloads,
                level: ExclusivityLevel::Exclusive,
                ..
            } = &clause.kind
            else {
                continue;
            };
            let Some(seg) = &p.segments[i] else { continue };
            if !workloads.contains(&w.id) || seg.end.is_some_and(|e| e <= seg.start) {
                continue;
            }
            end = match (end, seg.end) {
                (ExclusivityEnd::OpenEnded, _) | (_, None) => ExclusivityEnd::OpenEnded,
                (ExclusivityEnd::Ends(d), Some(e)) => ExclusivityEnd::Ends(d.max(e)),
                (ExclusivityEnd::NeverExclusive, Some(e)) => ExclusivityEnd::Ends(e),
            };
        }
        end
    }));
}
