//! The headline figures (DESIGN §2.7).

use crate::model::{Agreement, ClauseKind, ExclusivityLevel, Month};

use super::{
    CommitmentMetrics, DirectionMetrics, ExclusivityEnd, Metrics, Projection, ShareMetrics, finite,
};

/// Discount factor per grid month: `(1 + r)^(−t/12)`, t = whole months from the valuation month.
fn discount_factors(months: &[Month], valuation: Option<Month>, rate: f64) -> Vec<f64> {
    let r = finite(rate).max(-0.99);
    let Some(v) = valuation else {
        return vec![1.0; months.len()];
    };
    let per_month = (1.0 + r).powf(-1.0 / 12.0);
    let Some(first) = months.first() else {
        return Vec::new();
    };
    // One power for the first month, then a multiplication per month.
    let mut factor = per_month.powi(first.months_since(v).clamp(-100_000, 100_000) as i32);
    let mut out = Vec::with_capacity(months.len());
    for _ in months {
        out.push(factor);
        factor *= per_month;
    }
    out
}

fn npv(paid: &[f64], factors: &[f64]) -> f64 {
    paid.iter().zip(factors).map(|(p, f)| p * f).sum()
}

pub(super) fn compute(a: &Agreement, p: &Projection) -> Metrics {
    let factors = discount_factors(
        &p.months,
        Month::of(a.valuation_date),
        a.discount_rate.value,
    );
    let shares = p
        .shares
        .iter()
        .map(|s| ShareMetrics {
            clause: s.clause,
            total_accrued: s.cum_accrued.last().copied().unwrap_or(0.0),
            total_paid: s.cum_paid.last().copied().unwrap_or(0.0),
            npv: npv(&s.paid, &factors),
            cap_reached: s.cap_reached.and_then(|k| p.months.get(k).copied()),
            cap_paid_out: s.cap_paid_out.and_then(|k| p.months.get(k).copied()),
            cap_counted: s.cap_counted,
            outstanding_at_horizon: s.outstanding_at_horizon,
        })
        .collect();
    let direction = |payer, payee, paid: &[f64]| DirectionMetrics {
        payer,
        payee,
        total_paid: paid.iter().sum(),
        npv: npv(paid, &factors),
    };
    let directions = p
        .flows
        .iter()
        .map(|f| direction(f.payer, f.payee, &f.paid))
        .collect();
    let nets = p.nets.iter().map(|x| direction(x.a, x.b, &x.net)).collect();

    let last_year = p.months.last().map_or(0, |m| m.year());
    // The grid runs month after month, so the last year's months are its last ones.
    let in_last_year = p
        .months
        .iter()
        .position(|m| m.year() == last_year)
        .map_or(0..0, |first| first..p.months.len());
    let spend_last: Vec<f64> = p
        .provider_spend
        .iter()
        .map(|s| s[in_last_year.clone()].iter().sum())
        .collect();
    let total_last: f64 = spend_last.iter().sum();
    let provider_share_last_year: Vec<f64> = if total_last > 0.0 {
        spend_last.iter().map(|s| s / total_last).collect()
    } else {
        // No spend that year: the average of the monthly shares.
        p.provider_share
            .iter()
            .map(|s| s[in_last_year.clone()].iter().sum::<f64>() / in_last_year.len().max(1) as f64)
            .collect()
    };
    let hhi_last_year = provider_share_last_year.iter().map(|s| s * s).sum();

    let commitments = p
        .commitments
        .iter()
        .map(|c| CommitmentMetrics {
            clause: c.clause,
            top_up_total: c.top_up.iter().sum(),
            shortfall_at_end: c.shortfall_at_end,
            behind_at_horizon: c.behind_at_horizon,
        })
        .collect();

    let exclusivity_end = a
        .workloads
        .iter()
        .map(|w| {
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
        })
        .collect();

    Metrics {
        shares,
        directions,
        nets,
        last_year,
        provider_share_last_year,
        hhi_last_year,
        commitments,
        exclusivity_end,
    }
}
