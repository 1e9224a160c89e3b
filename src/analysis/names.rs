//! Stable text names of inputs and metrics, for the command line:
//! `clause.share.cap`, `clause.share.rate.0`, `stream.revenue.scale`,
//! `event.agi.date`, `metric.paid.share`, `metric.net.maker.cloud`.
//!
//! Ids may hold dots, so a name is read from its known ends: the kind of item
//! from the front and the field from the back, the id being what is between.

use crate::engine::MetricId;
use crate::model::Agreement;
use crate::model::param::ParamRef;

use super::FanSeries;

/// A name that does not name an input or a metric.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("\"{0}\" is not the name of an input")]
    Input(String),
    #[error("\"{0}\" is not the name of a metric")]
    Metric(String),
}

/// The text name of an input.
pub fn param_name(p: &ParamRef) -> String {
    match p {
        ParamRef::DiscountRate => "discount_rate".to_owned(),
        ParamRef::MigrationMonths => "migration_months".to_owned(),
        ParamRef::Rate { clause, step } => format!("clause.{clause}.rate.{step}"),
        ParamRef::Cap { clause } => format!("clause.{clause}.cap"),
        ParamRef::CapFrom { clause } => format!("clause.{clause}.cap_from"),
        ParamRef::MatchProbability { clause } => format!("clause.{clause}.match_probability"),
        ParamRef::MinShare { clause } => format!("clause.{clause}.min_share"),
        ParamRef::CommitmentAmount { clause } => format!("clause.{clause}.amount"),
        ParamRef::Stake { clause } => format!("clause.{clause}.stake"),
        ParamRef::Weight { provider } => format!("provider.{provider}.weight"),
        ParamRef::Scale { stream } => format!("stream.{stream}.scale"),
        ParamRef::StreamPoint { stream, year } => format!("stream.{stream}.point.{year}"),
        ParamRef::StreamGrowth { stream } => format!("stream.{stream}.growth"),
        ParamRef::WorkloadRatio { workload } => format!("workload.{workload}.ratio"),
        ParamRef::WorkloadPoint { workload, year } => format!("workload.{workload}.point.{year}"),
        ParamRef::WorkloadGrowth { workload } => format!("workload.{workload}.growth"),
        ParamRef::EventDate { event } => format!("event.{event}.date"),
    }
}

/// `text` without `prefix.` at the front and `.suffix` at the back, if the
/// id left between is not empty.
fn between<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    let id = text
        .strip_prefix(prefix)?
        .strip_prefix('.')?
        .strip_suffix(suffix)?
        .strip_suffix('.')?;
    (!id.is_empty()).then_some(id)
}

/// The id and number of `prefix.ID.field.N`.
fn with_number<'a, T: std::str::FromStr>(
    text: &'a str,
    prefix: &str,
    field: &str,
) -> Option<(&'a str, T)> {
    let (rest, number) = text.rsplit_once('.')?;
    // Only plain digits (and a sign for years): no "+1" or " 1".
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return None;
    }
    Some((between(rest, prefix, field)?, number.parse().ok()?))
}

/// The input a text name names.
pub fn parse_param(text: &str) -> Result<ParamRef, NameError> {
    let id = |s: &str| s.to_owned();
    let clause = |field: &str| between(text, "clause", field).map(id);
    let found = match text {
        "discount_rate" => Some(ParamRef::DiscountRate),
        "migration_months" => Some(ParamRef::MigrationMonths),
        _ => None,
    }
    .or_else(|| {
        with_number(text, "clause", "rate").map(|(c, step)| ParamRef::Rate {
            clause: id(c),
            step,
        })
    })
    .or_else(|| {
        with_number(text, "stream", "point").map(|(s, year)| ParamRef::StreamPoint {
            stream: id(s),
            year,
        })
    })
    .or_else(|| {
        with_number(text, "workload", "point").map(|(w, year)| ParamRef::WorkloadPoint {
            workload: id(w),
            year,
        })
    })
    .or_else(|| clause("cap").map(|clause| ParamRef::Cap { clause }))
    .or_else(|| clause("cap_from").map(|clause| ParamRef::CapFrom { clause }))
    .or_else(|| clause("match_probability").map(|clause| ParamRef::MatchProbability { clause }))
    .or_else(|| clause("min_share").map(|clause| ParamRef::MinShare { clause }))
    .or_else(|| clause("amount").map(|clause| ParamRef::CommitmentAmount { clause }))
    .or_else(|| clause("stake").map(|clause| ParamRef::Stake { clause }))
    .or_else(|| between(text, "provider", "weight").map(|p| ParamRef::Weight { provider: id(p) }))
    .or_else(|| between(text, "stream", "scale").map(|s| ParamRef::Scale { stream: id(s) }))
    .or_else(|| between(text, "stream", "growth").map(|s| ParamRef::StreamGrowth { stream: id(s) }))
    .or_else(|| {
        between(text, "workload", "ratio").map(|w| ParamRef::WorkloadRatio { workload: id(w) })
    })
    .or_else(|| {
        between(text, "workload", "growth").map(|w| ParamRef::WorkloadGrowth { workload: id(w) })
    })
    .or_else(|| between(text, "event", "date").map(|e| ParamRef::EventDate { event: id(e) }));
    found.ok_or_else(|| NameError::Input(text.to_owned()))
}

/// The text name of a fan-chart series: `payments.maker.cloud`, `provider_share.azure`.
pub fn fan_name(series: &FanSeries) -> String {
    match series {
        FanSeries::Payments { payer, payee } => format!("payments.{payer}.{payee}"),
        FanSeries::ProviderShare { provider } => format!("provider_share.{provider}"),
    }
}

/// The text name of a metric.
pub fn metric_name(m: &MetricId) -> String {
    let name = match m {
        MetricId::Paid { clause } => format!("paid.{clause}"),
        MetricId::Npv { clause } => format!("npv.{clause}"),
        MetricId::Accrued { clause } => format!("accrued.{clause}"),
        MetricId::OutstandingAtHorizon { clause } => format!("outstanding.{clause}"),
        MetricId::CapReached { clause } => format!("cap_reached.{clause}"),
        MetricId::DirectionPaid { payer, payee } => format!("flow.{payer}.{payee}"),
        MetricId::DirectionNpv { payer, payee } => format!("flow_npv.{payer}.{payee}"),
        MetricId::NetPaid { payer, payee } => format!("net.{payer}.{payee}"),
        MetricId::NetNpv { payer, payee } => format!("net_npv.{payer}.{payee}"),
        MetricId::ProviderShare { provider } => format!("provider_share.{provider}"),
        MetricId::Hhi => "hhi".to_owned(),
        MetricId::CommitmentTopUp { clause } => format!("top_up.{clause}"),
        MetricId::ShortfallAtEnd { clause } => format!("shortfall.{clause}"),
        MetricId::BehindAtHorizon { clause } => format!("behind.{clause}"),
        MetricId::ExclusivityEnd { workload } => format!("exclusivity_end.{workload}"),
    };
    format!("metric.{name}")
}

/// The metric a text name names. A pair of parties is split at the dot that
/// leaves two party ids of `a` (ids may hold dots themselves); if none does,
/// at the first dot.
pub fn parse_metric(text: &str, a: &Agreement) -> Result<MetricId, NameError> {
    let bad = || NameError::Metric(text.to_owned());
    let rest = text.strip_prefix("metric.").ok_or_else(bad)?;
    if rest == "hhi" {
        return Ok(MetricId::Hhi);
    }
    let (kind, id) = rest.split_once('.').ok_or_else(bad)?;
    if id.is_empty() {
        return Err(bad());
    }
    let one = id.to_owned();
    let pair = || -> Option<(String, String)> {
        let splits = id.match_indices('.').map(|(i, _)| (&id[..i], &id[i + 1..]));
        let known = |s: &str| a.party(s).is_some();
        let mut first = None;
        for (payer, payee) in splits {
            if payer.is_empty() || payee.is_empty() {
                continue;
            }
            if known(payer) && known(payee) {
                return Some((payer.to_owned(), payee.to_owned()));
            }
            first.get_or_insert((payer.to_owned(), payee.to_owned()));
        }
        first
    };
    let metric = match kind {
        "paid" => MetricId::Paid { clause: one },
        "npv" => MetricId::Npv { clause: one },
        "accrued" => MetricId::Accrued { clause: one },
        "outstanding" => MetricId::OutstandingAtHorizon { clause: one },
        "cap_reached" => MetricId::CapReached { clause: one },
        "provider_share" => MetricId::ProviderShare { provider: one },
        "top_up" => MetricId::CommitmentTopUp { clause: one },
        "shortfall" => MetricId::ShortfallAtEnd { clause: one },
        "behind" => MetricId::BehindAtHorizon { clause: one },
        "exclusivity_end" => MetricId::ExclusivityEnd { workload: one },
        "flow" | "flow_npv" | "net" | "net_npv" => {
            let (payer, payee) = pair().ok_or_else(bad)?;
            match kind {
                "flow" => MetricId::DirectionPaid { payer, payee },
                "flow_npv" => MetricId::DirectionNpv { payer, payee },
                "net" => MetricId::NetPaid { payer, payee },
                _ => MetricId::NetNpv { payer, payee },
            }
        }
        _ => return Err(bad()),
    };
    Ok(metric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::param::tests::small;

    #[test]
    fn names_read_back_as_what_they_name() {
        let a = small();
        for p in ParamRef::inputs(&a) {
            assert_eq!(parse_param(&param_name(&p)), Ok(p.clone()), "{p:?}");
        }
        let p = crate::engine::project(&a);
        for m in MetricId::all(&a, &p) {
            assert_eq!(parse_metric(&metric_name(&m), &a), Ok(m.clone()), "{m:?}");
        }
    }

    #[test]
    fn ids_with_dots_survive() {
        let tricky = [
            ParamRef::Cap {
                clause: "a.rate.1".into(),
            },
            ParamRef::Rate {
                clause: "x.cap".into(),
                step: 3,
            },
            ParamRef::StreamPoint {
                stream: "s.point".into(),
                year: 2027,
            },
            ParamRef::EventDate {
                event: "agi.date".into(),
            },
        ];
        for p in tricky {
            assert_eq!(parse_param(&param_name(&p)), Ok(p.clone()), "{p:?}");
        }
        let mut a = small();
        a.parties[0].id = "maker.inc".into();
        let m = MetricId::NetPaid {
            payer: "maker.inc".into(),
            payee: "cloud".into(),
        };
        assert_eq!(metric_name(&m), "metric.net.maker.inc.cloud");
        assert_eq!(parse_metric(&metric_name(&m), &a), Ok(m));
    }

    #[test]
    fn the_documented_forms() {
        assert_eq!(
            param_name(&ParamRef::Rate {
                clause: "share".into(),
                step: 1
            }),
            "clause.share.rate.1"
        );
        assert_eq!(
            parse_param("stream.revenue.scale"),
            Ok(ParamRef::Scale {
                stream: "revenue".into()
            })
        );
        assert_eq!(parse_param("discount_rate"), Ok(ParamRef::DiscountRate));
        assert_eq!(
            parse_metric("metric.paid.share", &small()),
            Ok(MetricId::Paid {
                clause: "share".into()
            })
        );
        for bad in [
            "",
            "clause..cap",
            "clause.share",
            "clause.share.rate.x",
            "cap",
            "stream.s.point.+1",
        ] {
            assert!(parse_param(bad).is_err(), "{bad}");
        }
        for bad in [
            "paid.share",
            "metric.paid",
            "metric.paid.",
            "metric.what.x",
            "metric.net.maker",
        ] {
            assert!(parse_metric(bad, &small()).is_err(), "{bad}");
        }
    }
}
