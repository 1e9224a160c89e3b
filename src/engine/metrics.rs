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

fn npv(paid: &[f64], factors: &[f64]) -> f64 {
    paid.iter().zip(factors).map(|(p, f)| p * f).sum()
}

/// The metrics of `p`, the projection of `a`, into `out`; `factors` is memory for
/// the discount factors.
pub(super) fn compute(a: &Agreement, p: &Projection, out: &mut Metrics, factors: &mut Vec<f64>) {
    discount_factors(
        &p.months,
        Month::of(a.valuation_date),
        a.discount_rate.value,
        factors,
    );
    let factors = &*factors;
    out.shares.clear();
    out.shares.extend(p.shares.iter().map(|s| ShareMetrics {
        clause: s.clause,
        total_accrued: s.cum_accrued.last().copied().unwrap_or(0.0),
        total_paid: s.cum_paid.last().copied().unwrap_or(0.0),
        npv: npv(&s.paid, factors),
        cap_reached: s.cap_reached.and_then(|k| p.months.get(k).copied()),
        cap_paid_out: s.cap_paid_out.and_then(|k| p.months.get(k).copied()),
        cap_counted: s.cap_counted,
        outstanding_at_horizon: s.outstanding_at_horizon,
    }));
    let direction = |payer, payee, paid: &[f64]| DirectionMetrics {
        payer,
        payee,
        total_paid: paid.iter().sum(),
        npv: npv(paid, factors),
    };
    out.directions.clear();
    out.directions.extend(
        p.flows
            .iter()
            .map(|f| direction(f.payer, f.payee, &f.paid)),
    );
    out.nets.clear();
    out.nets
        .extend(p.nets.iter().map(|x| direction(x.a, x.b, &x.net)));

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
        .extend(p.commitments.iter().map(|c| CommitmentMetrics {
            clause: c.clause,
            top_up_total: c.top_up.iter().sum(),
            shortfall_at_end: c.shortfall_at_end,
            behind_at_horizon: c.behind_at_horizon,
        }));

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
