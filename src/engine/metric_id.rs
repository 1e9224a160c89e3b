//! Addressable results: every scalar metric of a projection, named by id.
//!
//! Sensitivity, Monte Carlo and goal seek store a [`MetricId`] in the agreement
//! file and read the figure it names from each projection. Items are named by
//! id, never by list position, so a metric survives reordering.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::param::{Unit, value_from_date};
use crate::model::{Agreement, Id};

use super::{DirectionMetrics, ExclusivityEnd, Metrics, Projection};

/// One scalar figure of [`super::Metrics`] (DESIGN §2.7).
///
/// In a file: `Paid(clause: "share")`, `NetPaid(payer: "openai", payee: "microsoft")`,
/// `Hhi`. Dates are days since the common era, as [`value_from_date`] gives them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MetricId {
    /// Total paid under a revenue-share clause within the horizon.
    Paid { clause: Id },
    /// NPV of a revenue-share clause's payments.
    Npv { clause: Id },
    /// Total accrued under a revenue-share clause within the horizon.
    Accrued { clause: Id },
    /// Accrued within the horizon but paid after it.
    OutstandingAtHorizon { clause: Id },
    /// The first day of the month a revenue share's cap is reached; none if it is not.
    CapReached { clause: Id },
    /// Total paid from one party to another.
    DirectionPaid { payer: Id, payee: Id },
    /// NPV of the payments from one party to another.
    DirectionNpv { payer: Id, payee: Id },
    /// Payments `payer` → `payee` minus payments `payee` → `payer`.
    NetPaid { payer: Id, payee: Id },
    /// NPV of the net payments `payer` → `payee`.
    NetNpv { payer: Id, payee: Id },
    /// A provider's share of all spend in the horizon's last year.
    ProviderShare { provider: Id },
    /// Concentration of spend (Σ share²) in the horizon's last year.
    Hhi,
    /// Spend moved to a commitment's provider to keep up with it.
    CommitmentTopUp { clause: Id },
    /// A commitment's shortfall at its end; none if it ends after the horizon.
    ShortfallAtEnd { clause: Id },
    /// How far a commitment is behind at the horizon's end; none if it ends within it.
    BehindAtHorizon { clause: Id },
    /// When a workload's last exclusive term ends; none if it is never
    /// exclusive or open-ended.
    ExclusivityEnd { workload: Id },
}

/// Builds a metric of a pair of parties from their ids.
type PairMetric = fn(Id, Id) -> MetricId;

/// Directions and nets alike: their lists, with the paid and the NPV metric of a pair.
fn per_pair(m: &Metrics) -> [(&[DirectionMetrics], PairMetric, PairMetric); 2] {
    [
        (
            &m.directions,
            |payer, payee| MetricId::DirectionPaid { payer, payee },
            |payer, payee| MetricId::DirectionNpv { payer, payee },
        ),
        (
            &m.nets,
            |payer, payee| MetricId::NetPaid { payer, payee },
            |payer, payee| MetricId::NetNpv { payer, payee },
        ),
    ]
}

/// Index of the first item whose id is `id`, as the engine resolves ids.
fn index_of<T>(items: &[T], id: &str, item_id: impl Fn(&T) -> &str) -> Option<usize> {
    items.iter().position(|x| item_id(x) == id)
}

/// A clause's title, or its id if it has none or there is no such clause.
fn clause_title<'a>(a: &'a Agreement, id: &'a str) -> &'a str {
    a.clause(id)
        .map(|c| c.title.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or(id)
}

/// Where a metric's figure is in a projection's [`Metrics`]: a [`MetricId`]
/// with its ids looked up once. Projections of agreements that list the same
/// items (Monte Carlo samples, goal-seek probes) keep their figures in the same
/// places, so reading many of them skips the lookups by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located(Place);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Share(usize, ShareField),
    Direction(usize, Amount),
    /// A net, and whether it is read the other way round (sign flipped).
    Net(usize, Amount, bool),
    ProviderShare(usize),
    Hhi,
    Commitment(usize, CommitmentField),
    ExclusivityEnd(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ShareField {
    Paid,
    Npv,
    Accrued,
    Outstanding,
    CapReached,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Amount {
    Paid,
    Npv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CommitmentField {
    TopUp,
    ShortfallAtEnd,
    BehindAtHorizon,
}

impl Amount {
    fn of(self, d: &DirectionMetrics) -> f64 {
        match self {
            Self::Paid => d.total_paid,
            Self::Npv => d.npv,
        }
    }
}

impl Located {
    /// The figure in `p`; none if it has no value there (a cap not reached, say)
    /// or `p` lists fewer items than the projection it was located in.
    pub fn value(self, p: &Projection) -> Option<f64> {
        let metrics = &p.metrics;
        match self.0 {
            Place::Share(i, field) => {
                let share = metrics.shares.get(i)?;
                match field {
                    ShareField::Paid => Some(share.total_paid),
                    ShareField::Npv => Some(share.npv),
                    ShareField::Accrued => Some(share.total_accrued),
                    ShareField::Outstanding => Some(share.outstanding_at_horizon),
                    ShareField::CapReached => share
                        .cap_reached
                        .map(|month| value_from_date(month.first_day())),
                }
            }
            Place::Direction(i, amount) => metrics.directions.get(i).map(|d| amount.of(d)),
            Place::Net(i, amount, flipped) => metrics.nets.get(i).map(|d| {
                let v = amount.of(d);
                if flipped { -v } else { v }
            }),
            Place::ProviderShare(i) => metrics.provider_share_last_year.get(i).copied(),
            Place::Hhi => {
                (!metrics.provider_share_last_year.is_empty()).then_some(metrics.hhi_last_year)
            }
            Place::Commitment(i, field) => {
                let commitment = metrics.commitments.get(i)?;
                match field {
                    CommitmentField::TopUp => Some(commitment.top_up_total),
                    CommitmentField::ShortfallAtEnd => commitment.shortfall_at_end,
                    CommitmentField::BehindAtHorizon => commitment.behind_at_horizon,
                }
            }
            Place::ExclusivityEnd(i) => match metrics.exclusivity_end.get(i)? {
                ExclusivityEnd::Ends(date) => Some(value_from_date(*date)),
                ExclusivityEnd::NeverExclusive | ExclusivityEnd::OpenEnded => None,
            },
        }
    }
}

impl MetricId {
    /// The figure in `p`, the projection of `a`; none if an id names nothing
    /// in it or the figure has no value (a cap not reached, say).
    pub fn value(&self, a: &Agreement, p: &Projection) -> Option<f64> {
        self.locate(a, p)?.value(p)
    }

    /// Where the figure is in `p`, the projection of `a`; none if an id names
    /// nothing in it.
    pub fn locate(&self, a: &Agreement, p: &Projection) -> Option<Located> {
        let metrics = &p.metrics;
        let party = |id: &str| index_of(&a.parties, id, |x| x.id.as_str());
        let place = match self {
            Self::Paid { clause: id }
            | Self::Npv { clause: id }
            | Self::Accrued { clause: id }
            | Self::OutstandingAtHorizon { clause: id }
            | Self::CapReached { clause: id } => {
                let index = a.clause_index(id)?;
                let i = metrics.shares.iter().position(|s| s.clause == index)?;
                let field = match self {
                    Self::Paid { .. } => ShareField::Paid,
                    Self::Npv { .. } => ShareField::Npv,
                    Self::Accrued { .. } => ShareField::Accrued,
                    Self::OutstandingAtHorizon { .. } => ShareField::Outstanding,
                    _ => ShareField::CapReached,
                };
                Place::Share(i, field)
            }
            Self::DirectionPaid { payer, payee } | Self::DirectionNpv { payer, payee } => {
                let pair = (party(payer)?, party(payee)?);
                let i = metrics
                    .directions
                    .iter()
                    .position(|d| (d.payer, d.payee) == pair)?;
                Place::Direction(i, self.amount())
            }
            Self::NetPaid { payer, payee } | Self::NetNpv { payer, payee } => {
                let (from, to) = (party(payer)?, party(payee)?);
                // Nets are kept once per pair, from the lower party index; the
                // other way round is the same flow with the sign flipped.
                metrics
                    .nets
                    .iter()
                    .enumerate()
                    .find_map(|(i, d)| match (d.payer, d.payee) {
                        pair if pair == (from, to) => Some(Place::Net(i, self.amount(), false)),
                        pair if pair == (to, from) => Some(Place::Net(i, self.amount(), true)),
                        _ => None,
                    })?
            }
            Self::ProviderShare { provider } => {
                Place::ProviderShare(index_of(&a.providers, provider, |x| x.id.as_str())?)
            }
            Self::Hhi => Place::Hhi,
            Self::CommitmentTopUp { clause: id }
            | Self::ShortfallAtEnd { clause: id }
            | Self::BehindAtHorizon { clause: id } => {
                let index = a.clause_index(id)?;
                let i = metrics.commitments.iter().position(|c| c.clause == index)?;
                let field = match self {
                    Self::CommitmentTopUp { .. } => CommitmentField::TopUp,
                    Self::ShortfallAtEnd { .. } => CommitmentField::ShortfallAtEnd,
                    _ => CommitmentField::BehindAtHorizon,
                };
                Place::Commitment(i, field)
            }
            Self::ExclusivityEnd { workload } => {
                Place::ExclusivityEnd(index_of(&a.workloads, workload, |x| x.id.as_str())?)
            }
        };
        Some(Located(place))
    }

    /// A direction's or a net's figure: its total paid or its NPV.
    fn amount(&self) -> Amount {
        match self {
            Self::DirectionNpv { .. } | Self::NetNpv { .. } => Amount::Npv,
            _ => Amount::Paid,
        }
    }

    /// A label for people: "Paid · Revenue share through 2030", "Paid Maker → Cloud
    /// Co", "Azure share in 2032", "HHI in 2032". Names fall back to ids;
    /// the year is the projection's last.
    pub fn label(&self, a: &Agreement, p: &Projection) -> String {
        let year = p.metrics.last_year;
        let (what, name) = match self {
            Self::Paid { clause } => ("Paid", clause_title(a, clause)),
            Self::Npv { clause } => ("NPV", clause_title(a, clause)),
            Self::Accrued { clause } => ("Accrued", clause_title(a, clause)),
            Self::OutstandingAtHorizon { clause } => {
                ("Outstanding at horizon", clause_title(a, clause))
            }
            Self::CapReached { clause } => ("Cap reached", clause_title(a, clause)),
            Self::CommitmentTopUp { clause } => ("Top-ups", clause_title(a, clause)),
            Self::ShortfallAtEnd { clause } => ("Shortfall at end", clause_title(a, clause)),
            Self::BehindAtHorizon { clause } => ("Behind at horizon", clause_title(a, clause)),
            Self::ExclusivityEnd { workload } => ("Exclusivity ends", a.workload_name(workload)),
            Self::DirectionPaid { payer, payee }
            | Self::DirectionNpv { payer, payee }
            | Self::NetPaid { payer, payee }
            | Self::NetNpv { payer, payee } => {
                let what = match self {
                    Self::DirectionPaid { .. } => "Paid",
                    Self::DirectionNpv { .. } => "NPV",
                    Self::NetPaid { .. } => "Net paid",
                    _ => "Net NPV",
                };
                return format!("{what} {} → {}", a.party_name(payer), a.party_name(payee));
            }
            Self::ProviderShare { provider } => {
                return format!("{} share in {year}", a.provider_name(provider));
            }
            Self::Hhi => return format!("HHI in {year}"),
        };
        format!("{what} · {name}")
    }

    /// What the figure measures.
    pub fn unit(&self) -> Unit {
        match self {
            Self::Paid { .. }
            | Self::Npv { .. }
            | Self::Accrued { .. }
            | Self::OutstandingAtHorizon { .. }
            | Self::DirectionPaid { .. }
            | Self::DirectionNpv { .. }
            | Self::NetPaid { .. }
            | Self::NetNpv { .. }
            | Self::CommitmentTopUp { .. }
            | Self::ShortfallAtEnd { .. }
            | Self::BehindAtHorizon { .. } => Unit::Money,
            Self::CapReached { .. } | Self::ExclusivityEnd { .. } => Unit::Date,
            Self::ProviderShare { .. } => Unit::Fraction,
            Self::Hhi => Unit::Ratio,
        }
    }

    /// Every figure `p` (the projection of `a`) has a value for, in a stable
    /// order: revenue shares, directions, nets, provider shares, HHI,
    /// commitments, exclusivity ends, each in the projection's order.
    pub fn all(a: &Agreement, p: &Projection) -> Vec<Self> {
        let m = &p.metrics;
        let clause = |i: usize| a.clauses.get(i).map(|c| c.id.clone());
        let party = |i: usize| a.parties.get(i).map(|x| x.id.clone());
        let pair = |d: &DirectionMetrics| Some((party(d.payer)?, party(d.payee)?));
        let mut out = Vec::new();
        for id in m.shares.iter().filter_map(|s| clause(s.clause)) {
            out.extend([
                Self::Paid { clause: id.clone() },
                Self::Npv { clause: id.clone() },
                Self::Accrued { clause: id.clone() },
                Self::OutstandingAtHorizon { clause: id.clone() },
                Self::CapReached { clause: id },
            ]);
        }
        for (list, paid, npv) in per_pair(m) {
            for (payer, payee) in list.iter().filter_map(pair) {
                out.extend([paid(payer.clone(), payee.clone()), npv(payer, payee)]);
            }
        }
        out.extend(a.providers.iter().map(|x| Self::ProviderShare {
            provider: x.id.clone(),
        }));
        out.push(Self::Hhi);
        for id in m.commitments.iter().filter_map(|c| clause(c.clause)) {
            out.extend([
                Self::CommitmentTopUp { clause: id.clone() },
                Self::ShortfallAtEnd { clause: id.clone() },
                Self::BehindAtHorizon { clause: id },
            ]);
        }
        out.extend(a.workloads.iter().map(|w| Self::ExclusivityEnd {
            workload: w.id.clone(),
        }));
        // Keep the figures that have a value; a later item with the same id (a
        // validation error) names the first one's figures again.
        let mut seen = HashSet::new();
        out.retain(|id| id.value(a, p).is_some() && seen.insert(id.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::project;
    use crate::model::Month;
    use crate::model::param::{ParamRef, tests::small};

    fn id(s: &str) -> Id {
        s.to_owned()
    }

    fn example() -> Agreement {
        crate::io::from_ron_str(include_str!("../../assets/default.ron")).expect("example parses")
    }

    #[test]
    fn every_metric_of_the_example_has_the_value_of_the_field_it_names() {
        let a = example();
        let p = project(&a);
        let m = &p.metrics;
        let all = MetricId::all(&a, &p);
        for metric in &all {
            assert!(metric.value(&a, &p).is_some(), "{metric:?}");
        }
        // Each metric has the value of its field, and is listed exactly when it has one.
        let check = |cases: Vec<(MetricId, Option<f64>)>| {
            for (metric, want) in cases {
                assert_eq!(metric.value(&a, &p), want, "{metric:?}");
                assert_eq!(all.contains(&metric), want.is_some(), "{metric:?}");
            }
        };
        assert!(!m.shares.is_empty() && !m.directions.is_empty() && !m.nets.is_empty());
        let day = |month: Month| value_from_date(month.first_day());
        for s in &m.shares {
            let clause = || a.clauses[s.clause].id.clone();
            check(vec![
                (MetricId::Paid { clause: clause() }, Some(s.total_paid)),
                (MetricId::Npv { clause: clause() }, Some(s.npv)),
                (
                    MetricId::Accrued { clause: clause() },
                    Some(s.total_accrued),
                ),
                (
                    MetricId::OutstandingAtHorizon { clause: clause() },
                    Some(s.outstanding_at_horizon),
                ),
                (
                    MetricId::CapReached { clause: clause() },
                    s.cap_reached.map(day),
                ),
            ]);
        }
        let party = |i: usize| a.parties[i].id.clone();
        for (list, paid, npv) in per_pair(m) {
            for d in list {
                let (payer, payee) = (party(d.payer), party(d.payee));
                check(vec![
                    (paid(payer.clone(), payee.clone()), Some(d.total_paid)),
                    (npv(payer, payee), Some(d.npv)),
                ]);
            }
        }
        for d in &m.nets {
            let (payer, payee) = (party(d.payer), party(d.payee));
            // The other way round is the same flow, negated (and not listed twice).
            let back = MetricId::NetPaid {
                payer: payee,
                payee: payer,
            };
            assert_eq!(back.value(&a, &p), Some(-d.total_paid));
            assert!(!all.contains(&back));
        }
        check(
            a.providers
                .iter()
                .zip(&m.provider_share_last_year)
                .map(|(x, &share)| {
                    (
                        MetricId::ProviderShare {
                            provider: x.id.clone(),
                        },
                        Some(share),
                    )
                })
                .collect(),
        );
        check(vec![(MetricId::Hhi, Some(m.hhi_last_year))]);
        for c in &m.commitments {
            let clause = || a.clauses[c.clause].id.clone();
            check(vec![
                (
                    MetricId::CommitmentTopUp { clause: clause() },
                    Some(c.top_up_total),
                ),
                (
                    MetricId::ShortfallAtEnd { clause: clause() },
                    c.shortfall_at_end,
                ),
                (
                    MetricId::BehindAtHorizon { clause: clause() },
                    c.behind_at_horizon,
                ),
            ]);
        }
        for (w, end) in a.workloads.iter().zip(&m.exclusivity_end) {
            let want = match end {
                ExclusivityEnd::Ends(date) => Some(value_from_date(*date)),
                ExclusivityEnd::NeverExclusive | ExclusivityEnd::OpenEnded => None,
            };
            check(vec![(
                MetricId::ExclusivityEnd {
                    workload: w.id.clone(),
                },
                want,
            )]);
        }
        assert!(
            all.iter()
                .any(|x| matches!(x, MetricId::ExclusivityEnd { .. }))
        );
    }

    #[test]
    fn a_located_metric_reads_the_same_figure_in_a_changed_copy() {
        // Numbers change, items do not: every figure is where it was.
        let a = example();
        let p = project(&a);
        let located: Vec<(MetricId, Located)> = MetricId::all(&a, &p)
            .into_iter()
            .map(|m| {
                let at = m.locate(&a, &p).expect("listed metrics are located");
                (m, at)
            })
            .collect();
        let mut b = a.clone();
        for input in ParamRef::uncertain_inputs(&b) {
            let range = input.uncertainty(&b).expect("uncertain");
            input.set(&mut b, range.high).expect("the high end sets");
        }
        let q = project(&b);
        assert_ne!(p.metrics, q.metrics);
        for (m, at) in located {
            assert_eq!(at.value(&q), m.value(&b, &q), "{m:?}");
        }
        assert_eq!(MetricId::Paid { clause: id("nope") }.locate(&a, &p), None);
    }

    #[test]
    fn the_small_agreement_pays_a_fifth_of_its_revenue() {
        // $100M a month for 12 months at 20 %: $240M, at a 0 % discount rate.
        let a = small();
        let p = project(&a);
        let value = |metric: MetricId| metric.value(&a, &p);
        let share = || id("share");
        assert_eq!(value(MetricId::Paid { clause: share() }), Some(240e6));
        assert_eq!(value(MetricId::Npv { clause: share() }), Some(240e6));
        assert_eq!(value(MetricId::Accrued { clause: share() }), Some(240e6));
        assert_eq!(
            value(MetricId::OutstandingAtHorizon { clause: share() }),
            Some(0.0)
        );
        assert_eq!(value(MetricId::CapReached { clause: share() }), None);
        let maker_to_cloud = MetricId::DirectionPaid {
            payer: id("maker"),
            payee: id("cloud"),
        };
        assert_eq!(value(maker_to_cloud), Some(240e6));
        assert_eq!(
            value(MetricId::DirectionPaid {
                payer: id("cloud"),
                payee: id("maker")
            }),
            None
        );
        assert_eq!(
            value(MetricId::NetPaid {
                payer: id("maker"),
                payee: id("cloud")
            }),
            Some(240e6)
        );
        assert_eq!(
            value(MetricId::NetNpv {
                payer: id("cloud"),
                payee: id("maker")
            }),
            Some(-240e6)
        );
        assert_eq!(value(MetricId::Paid { clause: id("nope") }), None);
        assert_eq!(value(MetricId::Paid { clause: id("rofr") }), None);
        assert_eq!(
            value(MetricId::ProviderShare {
                provider: id("nope")
            }),
            None
        );
        // Training is $50M a month, two thirds on Azure (weights 1 and 0.5, above
        // its 50 % minimum). The $500M commitment over January–June needs $83.3M a
        // month: the other third ($16.7M) is moved to Azure each month, $100M in all,
        // and $500M − 6 × $50M = $200M is still missing at the end.
        let close = |metric: MetricId, want: f64| {
            let got = value(metric.clone()).expect("a value");
            assert!((got - want).abs() < 1e-3, "{metric:?}: {got} ≠ {want}");
        };
        close(
            MetricId::CommitmentTopUp {
                clause: id("commit"),
            },
            100e6,
        );
        close(
            MetricId::ShortfallAtEnd {
                clause: id("commit"),
            },
            200e6,
        );
        assert_eq!(
            value(MetricId::BehindAtHorizon {
                clause: id("commit")
            }),
            None
        );
        // No clause makes a workload exclusive.
        assert_eq!(
            value(MetricId::ExclusivityEnd {
                workload: id("training")
            }),
            None
        );
    }

    #[test]
    fn changing_a_rate_changes_the_total_paid_by_the_hand_computed_amount() {
        let mut a = small();
        let paid = MetricId::Paid {
            clause: id("share"),
        };
        let rate = ParamRef::Rate {
            clause: id("share"),
            step: 0,
        };
        let revenue = ParamRef::StreamPoint {
            stream: id("revenue"),
            year: 2026,
        };
        // $100M × 12 × 25 % = $300M, $60M more than at 20 %; then twice the revenue.
        for (param, value, want) in [(rate, 0.25, 300e6), (revenue, 2.4e9, 600e6)] {
            param.set(&mut a, value).expect("a valid value");
            assert_eq!(paid.value(&a, &project(&a)), Some(want), "{param:?}");
        }
    }

    #[test]
    fn labels_name_the_figure_and_its_item() {
        let a = small();
        let p = project(&a);
        let label = |metric: MetricId| metric.label(&a, &p);
        assert_eq!(
            label(MetricId::Paid {
                clause: id("share")
            }),
            "Paid · Revenue share through 2030"
        );
        assert_eq!(
            label(MetricId::CapReached {
                clause: id("share")
            }),
            "Cap reached · Revenue share through 2030"
        );
        assert_eq!(
            label(MetricId::ShortfallAtEnd {
                clause: id("commit")
            }),
            "Shortfall at end · Azure commitment"
        );
        assert_eq!(
            label(MetricId::DirectionPaid {
                payer: id("maker"),
                payee: id("cloud")
            }),
            "Paid Maker → Cloud Co"
        );
        assert_eq!(
            label(MetricId::NetNpv {
                payer: id("cloud"),
                payee: id("maker")
            }),
            "Net NPV Cloud Co → Maker"
        );
        assert_eq!(
            label(MetricId::ProviderShare {
                provider: id("azure")
            }),
            "Azure share in 2026"
        );
        assert_eq!(label(MetricId::Hhi), "HHI in 2026");
        assert_eq!(
            label(MetricId::ExclusivityEnd {
                workload: id("training")
            }),
            "Exclusivity ends · Training"
        );
        assert_eq!(label(MetricId::Npv { clause: id("gone") }), "NPV · gone");
    }

    #[test]
    fn all_lists_the_small_agreements_figures_in_order() {
        let a = small();
        let p = project(&a);
        let share = || id("share");
        let commit = || id("commit");
        let want = vec![
            MetricId::Paid { clause: share() },
            MetricId::Npv { clause: share() },
            MetricId::Accrued { clause: share() },
            MetricId::OutstandingAtHorizon { clause: share() },
            MetricId::DirectionPaid {
                payer: id("maker"),
                payee: id("cloud"),
            },
            MetricId::DirectionNpv {
                payer: id("maker"),
                payee: id("cloud"),
            },
            MetricId::NetPaid {
                payer: id("maker"),
                payee: id("cloud"),
            },
            MetricId::NetNpv {
                payer: id("maker"),
                payee: id("cloud"),
            },
            MetricId::ProviderShare {
                provider: id("azure"),
            },
            MetricId::ProviderShare {
                provider: id("other"),
            },
            MetricId::Hhi,
            MetricId::CommitmentTopUp { clause: commit() },
            // The commitment ends within the horizon: a shortfall at its end, never behind.
            MetricId::ShortfallAtEnd { clause: commit() },
        ];
        assert_eq!(MetricId::all(&a, &p), want);
        assert_eq!(MetricId::Hhi.unit(), Unit::Ratio);
        assert_eq!(MetricId::Paid { clause: share() }.unit(), Unit::Money);
        assert_eq!(MetricId::CapReached { clause: share() }.unit(), Unit::Date);
        assert_eq!(
            MetricId::ProviderShare {
                provider: id("azure")
            }
            .unit(),
            Unit::Fraction
        );
    }

    #[test]
    fn metric_ids_round_trip_through_ron_and_json() {
        let a = example();
        let p = project(&a);
        for metric in MetricId::all(&a, &p) {
            let ron_text = ron::to_string(&metric).expect("to RON");
            assert_eq!(
                ron::from_str::<MetricId>(&ron_text).expect("from RON"),
                metric
            );
            let json = serde_json::to_string(&metric).expect("to JSON");
            assert_eq!(
                serde_json::from_str::<MetricId>(&json).expect("from JSON"),
                metric
            );
        }
        assert_eq!(
            ron::from_str::<MetricId>(r#"NetPaid(payer: "openai", payee: "microsoft")"#)
                .expect("RON"),
            MetricId::NetPaid {
                payer: id("openai"),
                payee: id("microsoft")
            }
        );
        assert_eq!(ron::to_string(&MetricId::Hhi).expect("RON"), "Hhi");
    }
}
