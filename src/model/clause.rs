//! Clauses: the typed terms of an agreement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::ItemKind;
use super::{Id, Source, Uncertain};

/// Where a clause's period starts or may end: a fixed date or an event's date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Boundary {
    Date(NaiveDate),
    Event(Id),
}

/// When a clause is in force: from `start` (inclusive) until the earliest of
/// `end` (exclusive). An empty `end` means open-ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Boundary,
    #[serde(default)]
    pub end: Vec<Boundary>,
}

impl Boundary {
    /// The boundary's date: its own, or its event's (none for an undated or unknown event).
    pub fn date(&self, event_date: impl Fn(&str) -> Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Self::Date(d) => Some(*d),
            Self::Event(id) => event_date(id),
        }
    }
}

/// A period with its boundaries resolved to dates: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedPeriod {
    pub start: NaiveDate,
    /// None: open-ended (no end, or no end boundary has a date).
    pub end: Option<NaiveDate>,
    /// Index into `Period::end` of the boundary that ends it.
    pub end_index: Option<usize>,
}

impl Period {
    /// Resolves the period with `event_date`; none if it never starts (its start
    /// event has no date). The earliest dated end wins; undated events end nothing.
    pub fn resolve(
        &self,
        event_date: impl Fn(&str) -> Option<NaiveDate>,
    ) -> Option<ResolvedPeriod> {
        let start = self.start.date(&event_date)?;
        let (end_index, end) = self
            .end
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.date(&event_date).map(|d| (i, d)))
            .min_by_key(|&(_, d)| d)
            .unzip();
        Some(ResolvedPeriod {
            start,
            end,
            end_index,
        })
    }
}

/// How strongly an exclusivity clause binds workloads to its provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ExclusivityLevel {
    /// All spend goes to the provider.
    Exclusive,
    /// The provider may match any new capacity; it does with this probability.
    RightOfFirstRefusal { match_probability: Uncertain },
    /// The provider gets at least this share ("Azure first").
    Preferred { min_share: Uncertain },
    /// No preference: spend follows the providers' weights.
    NonExclusive,
}

/// The four exclusivity levels, without their parameters: for colours, legends and pickers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LevelKind {
    Exclusive,
    RightOfFirstRefusal,
    Preferred,
    NonExclusive,
}

impl LevelKind {
    pub const ALL: [Self; 4] = [
        Self::Exclusive,
        Self::RightOfFirstRefusal,
        Self::Preferred,
        Self::NonExclusive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Exclusive => "Exclusive",
            Self::RightOfFirstRefusal => "Right of first refusal",
            Self::Preferred => "Preferred (first on)",
            Self::NonExclusive => "Non-exclusive",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            Self::Exclusive => "exclusive",
            Self::RightOfFirstRefusal => "ROFR",
            Self::Preferred => "preferred",
            Self::NonExclusive => "non-exclusive",
        }
    }
}

impl ExclusivityLevel {
    pub fn kind(&self) -> LevelKind {
        match self {
            Self::Exclusive => LevelKind::Exclusive,
            Self::RightOfFirstRefusal { .. } => LevelKind::RightOfFirstRefusal,
            Self::Preferred { .. } => LevelKind::Preferred,
            Self::NonExclusive => LevelKind::NonExclusive,
        }
    }

    /// The level of `kind` with default parameters (for switching levels in an editor).
    pub fn with_kind(kind: LevelKind) -> Self {
        match kind {
            LevelKind::Exclusive => Self::Exclusive,
            LevelKind::RightOfFirstRefusal => Self::RightOfFirstRefusal {
                match_probability: Uncertain::exact(0.5),
            },
            LevelKind::Preferred => Self::Preferred {
                min_share: Uncertain::exact(0.5),
            },
            LevelKind::NonExclusive => Self::NonExclusive,
        }
    }
}

/// A step of a rate schedule: `rate` applies from `from` until the next step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateStep {
    pub from: NaiveDate,
    /// As a fraction: 0.2 = 20 %.
    pub rate: Uncertain,
}

/// What a clause does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ClauseKind {
    /// Binds workloads to a provider at a level.
    Exclusivity {
        provider: Id,
        workloads: Vec<Id>,
        level: ExclusivityLevel,
    },
    /// The payer pays the payee a share of a revenue stream.
    RevenueShare {
        payer: Id,
        payee: Id,
        /// The revenue stream the rate applies to.
        base: Id,
        schedule: Vec<RateStep>,
        /// Accrual stops once what the cap counts reaches this amount.
        #[serde(default)]
        cap: Option<Uncertain>,
        /// Other revenue-share clauses whose accruals also count toward `cap` and stop
        /// with it; this clause's own accruals always count.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cap_counts: Vec<Id>,
        /// Accruals before this day neither count toward the cap nor stop when it is
        /// reached; none counts them from the start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap_from: Option<NaiveDate>,
        /// Each month's accrual is paid in equal parts over this many months (1 = at once).
        #[serde(default = "one_month")]
        spread_months: u32,
    },
    /// A party commits to spend `amount` with a provider on workloads over the period.
    ComputeCommitment {
        party: Id,
        provider: Id,
        workloads: Vec<Id>,
        amount: Uncertain,
    },
    /// IP rights granted to a licensee; shown on the timeline, no numeric effect.
    Licence {
        licensee: Id,
        scope: String,
        exclusive: bool,
    },
    /// A holder's stake in a company, as a fraction.
    EquityStake {
        holder: Id,
        company: Id,
        stake: Uncertain,
    },
    /// Prose only.
    Note,
}

/// The references of a clause's `workloads` list.
fn workload_references(ids: &[Id]) -> Vec<Reference<'_>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (format!("workloads[{i}]"), ItemKind::Workload, id))
        .collect()
}

fn one_month() -> u32 {
    1
}

/// The clause kinds without parameters: for menus, grouping and colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindTag {
    Exclusivity,
    RevenueShare,
    ComputeCommitment,
    Licence,
    EquityStake,
    Note,
}

impl KindTag {
    pub const ALL: [Self; 6] = [
        Self::Exclusivity,
        Self::RevenueShare,
        Self::ComputeCommitment,
        Self::Licence,
        Self::EquityStake,
        Self::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Exclusivity => "Exclusivity",
            Self::RevenueShare => "Revenue share",
            Self::ComputeCommitment => "Compute commitment",
            Self::Licence => "Licence",
            Self::EquityStake => "Equity stake",
            Self::Note => "Note",
        }
    }
}

/// A reference a clause's terms make to another item: the field that holds it (with its
/// index in a list, as in `workloads[1]`), the kind of item and the item's id.
pub type Reference<'a> = (String, ItemKind, &'a Id);

impl ClauseKind {
    /// Every id the clause's terms refer to, in the order of its fields.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let field = |name: &str, kind, id| (name.to_owned(), kind, id);
        match self {
            Self::Exclusivity {
                provider,
                workloads: ids,
                ..
            } => [
                vec![field("provider", ItemKind::Provider, provider)],
                workload_references(ids),
            ]
            .concat(),
            Self::RevenueShare {
                payer, payee, base, ..
            } => vec![
                field("payer", ItemKind::Party, payer),
                field("payee", ItemKind::Party, payee),
                field("base", ItemKind::Stream, base),
            ],
            Self::ComputeCommitment {
                party,
                provider,
                workloads: ids,
                ..
            } => [
                vec![
                    field("party", ItemKind::Party, party),
                    field("provider", ItemKind::Provider, provider),
                ],
                workload_references(ids),
            ]
            .concat(),
            Self::Licence { licensee, .. } => vec![field("licensee", ItemKind::Party, licensee)],
            Self::EquityStake {
                holder, company, ..
            } => vec![
                field("holder", ItemKind::Party, holder),
                field("company", ItemKind::Party, company),
            ],
            Self::Note => Vec::new(),
        }
    }

    pub fn tag(&self) -> KindTag {
        match self {
            Self::Exclusivity { .. } => KindTag::Exclusivity,
            Self::RevenueShare { .. } => KindTag::RevenueShare,
            Self::ComputeCommitment { .. } => KindTag::ComputeCommitment,
            Self::Licence { .. } => KindTag::Licence,
            Self::EquityStake { .. } => KindTag::EquityStake,
            Self::Note => KindTag::Note,
        }
    }
}

/// A term of the agreement, with the words it stands for and where they come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: Id,
    pub title: String,
    /// What the contract says, in words.
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    pub period: Period,
    pub kind: ClauseKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clause's references as plain data, to compare.
    fn references(kind: &ClauseKind) -> Vec<(String, ItemKind, String)> {
        kind.references()
            .into_iter()
            .map(|(field, item, id)| (field, item, id.clone()))
            .collect()
    }

    fn reference(field: &str, item: ItemKind, id: &str) -> (String, ItemKind, String) {
        (field.to_owned(), item, id.to_owned())
    }

    #[test]
    fn clauses_refer_to_items_in_the_order_of_their_fields() {
        let commitment = ClauseKind::ComputeCommitment {
            party: "p".into(),
            provider: "cloud".into(),
            workloads: vec!["w".into(), "v".into()],
            amount: Uncertain::exact(1.0),
        };
        let share = ClauseKind::RevenueShare {
            payer: "a".into(),
            payee: "b".into(),
            base: "s".into(),
            schedule: vec![],
            cap: None,
            spread_months: 1,
            cap_counts: Vec::new(),
            cap_from: None,
        };
        let cases = [
            (
                commitment,
                vec![
                    reference("party", ItemKind::Party, "p"),
                    reference("provider", ItemKind::Provider, "cloud"),
                    reference("workloads[0]", ItemKind::Workload, "w"),
                    reference("workloads[1]", ItemKind::Workload, "v"),
                ],
            ),
            (
                share,
                vec![
                    reference("payer", ItemKind::Party, "a"),
                    reference("payee", ItemKind::Party, "b"),
                    reference("base", ItemKind::Stream, "s"),
                ],
            ),
            (ClauseKind::Note, vec![]),
        ];
        for (kind, expected) in cases {
            assert_eq!(references(&kind), expected, "{kind:?}");
        }
    }
}
