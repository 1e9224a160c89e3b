//! Ids: unique ones for new items, and renaming an id with every reference to it.

use super::{Agreement, Boundary, ClauseKind, Id, WorkloadSize};

/// The kinds of item that clauses and other items refer to by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Party,
    Provider,
    Stream,
    Workload,
    Event,
}

impl ItemKind {
    /// The kind's name in messages: "party", "provider", …
    pub fn label(self) -> &'static str {
        match self {
            Self::Party => "party",
            Self::Provider => "provider",
            Self::Stream => "stream",
            Self::Workload => "workload",
            Self::Event => "event",
        }
    }
}

/// Points every reference to the `kind` item `old` at `new`: clauses' parties, providers,
/// workloads, base streams and period boundaries, streams' owners and workloads' streams.
/// The item itself keeps its id (see [`rename`]).
pub fn rename_references(a: &mut Agreement, kind: ItemKind, old: &str, new: &str) {
    let rename = |id: &mut String| {
        if id.as_str() == old {
            new.clone_into(id);
        }
    };
    match kind {
        ItemKind::Party => {
            for s in &mut a.streams {
                rename(&mut s.owner);
            }
        }
        ItemKind::Stream => {
            for w in &mut a.workloads {
                if let WorkloadSize::Ratio { stream, .. } = &mut w.size {
                    rename(stream);
                }
            }
        }
        ItemKind::Event => {
            for c in &mut a.clauses {
                let period = &mut c.period;
                for b in std::iter::once(&mut period.start).chain(period.end.iter_mut()) {
                    if let Boundary::Event(id) = b {
                        rename(id);
                    }
                }
            }
        }
        ItemKind::Provider | ItemKind::Workload => {}
    }
    for c in &mut a.clauses {
        for id in clause_references(&mut c.kind, kind) {
            rename(id);
        }
    }
    rename_in_scenarios(a, |item| item.kind() == Some(kind), old, new);
}

/// Points the scenarios' overrides of the item `old` (of the kind `is_kind` accepts) at `new`.
fn rename_in_scenarios(
    a: &mut Agreement,
    is_kind: impl Fn(&crate::model::validate::ItemRef) -> bool,
    old: &str,
    new: &str,
) {
    for s in &mut a.scenarios {
        for o in &mut s.overrides {
            if is_kind(&o.input.item())
                && let Some(id) = o.input.item_id_mut().filter(|id| id.as_str() == old)
            {
                new.clone_into(id);
            }
        }
    }
}

/// Points the clauses that name clause `old` (caps counting it) at `new`.
pub fn rename_clause_references(a: &mut Agreement, old: &str, new: &str) {
    for c in &mut a.clauses {
        if let ClauseKind::RevenueShare { cap_counts, .. } = &mut c.kind {
            for id in cap_counts.iter_mut().filter(|id| id.as_str() == old) {
                new.clone_into(id);
            }
        }
    }
    rename_in_scenarios(
        a,
        |item| matches!(item, crate::model::validate::ItemRef::Clause(_)),
        old,
        new,
    );
}

/// The ids a clause's terms hold that refer to items of `kind`.
fn clause_references(clause: &mut ClauseKind, kind: ItemKind) -> Vec<&mut String> {
    match (kind, clause) {
        (ItemKind::Party, ClauseKind::RevenueShare { payer, payee, .. }) => vec![payer, payee],
        (
            ItemKind::Party,
            ClauseKind::EquityStake {
                holder, company, ..
            },
        ) => {
            vec![holder, company]
        }
        (ItemKind::Party, ClauseKind::ComputeCommitment { party, .. }) => vec![party],
        (ItemKind::Party, ClauseKind::Licence { licensee, .. }) => vec![licensee],
        (
            ItemKind::Provider,
            ClauseKind::Exclusivity { provider, .. }
            | ClauseKind::ComputeCommitment { provider, .. },
        ) => vec![provider],
        (ItemKind::Stream, ClauseKind::RevenueShare { base, .. }) => vec![base],
        (
            ItemKind::Workload,
            ClauseKind::Exclusivity { workloads, .. }
            | ClauseKind::ComputeCommitment { workloads, .. },
        ) => workloads.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// Renames the first `kind` item with id `old` to `new`, with every reference to it.
/// Returns whether there was such an item (if not, nothing changes).
pub fn rename(a: &mut Agreement, kind: ItemKind, old: &str, new: &str) -> bool {
    fn find<'a>(mut ids: impl Iterator<Item = &'a mut Id>, old: &str) -> Option<&'a mut Id> {
        ids.find(|id| *id == old)
    }
    let id = match kind {
        ItemKind::Party => find(a.parties.iter_mut().map(|x| &mut x.id), old),
        ItemKind::Provider => find(a.providers.iter_mut().map(|x| &mut x.id), old),
        ItemKind::Stream => find(a.streams.iter_mut().map(|x| &mut x.id), old),
        ItemKind::Workload => find(a.workloads.iter_mut().map(|x| &mut x.id), old),
        ItemKind::Event => find(a.events.iter_mut().map(|x| &mut x.id), old),
    };
    let Some(id) = id else {
        return false;
    };
    new.clone_into(id);
    rename_references(a, kind, old, new);
    true
}

/// `stem` if `taken` does not reject it, else the first of `stem-2`, `stem-3`, … it does not.
#[must_use]
pub fn unique_id(stem: &str, taken: impl Fn(&str) -> bool) -> String {
    if taken(stem) {
        numbered_id(stem, taken)
    } else {
        stem.to_owned()
    }
}

/// The first of `stem-2`, `stem-3`, … that `taken` does not reject, where `stem` is `base`
/// without its number ("rs-2" counts on from "rs"; an empty stem is "clause"). For copies
/// and new clauses, whose ids always carry a number.
#[must_use]
pub fn numbered_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let stem = base
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('-');
    let stem = if stem.is_empty() { "clause" } else { stem };
    // `taken` rejects finitely many ids, so the search ends long before the last number.
    (2..=u64::MAX)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| format!("{stem}-new"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{bare_agreement, date};
    use crate::model::{
        Clause, Event, EventKind, ExclusivityLevel, Party, Period, Provider, RevenueStream, Rgb,
        Uncertain, Workload, YearlyPath,
    };

    /// A clause from the event `deal` until 2030 or `deal` again.
    fn clause(id: &str, kind: ClauseKind) -> Clause {
        Clause {
            period: Period {
                start: Boundary::Event("deal".into()),
                end: vec![
                    Boundary::Date(date("2030-01-01")),
                    Boundary::Event("deal".into()),
                ],
            },
            ..crate::fixtures::clause(id, "2020-01-01", None, kind)
        }
    }

    /// One item of each kind, each referred to from every place that can refer to it.
    fn agreement() -> Agreement {
        let path = YearlyPath {
            points: vec![],
            terminal_growth: Uncertain::exact(0.0),
            month_shape: crate::model::MonthShape::Flat,
        };
        Agreement {
            title: "Ids".into(),
            parties: vec![Party {
                id: "p".into(),
                name: "P".into(),
                color: Rgb([0, 0, 0]),
            }],
            providers: vec![Provider {
                id: "cloud".into(),
                name: "Cloud".into(),
                color: Rgb([0, 0, 0]),
                weight: Uncertain::exact(1.0),
                available_from: None,
                sources: vec![],
            }],
            streams: vec![RevenueStream {
                id: "rev".into(),
                name: "Revenue".into(),
                owner: "p".into(),
                path: path.clone(),
                scale: Uncertain::exact(1.0),
            }],
            workloads: vec![Workload {
                id: "w".into(),
                name: "W".into(),
                size: WorkloadSize::Ratio {
                    stream: "rev".into(),
                    ratio: Uncertain::exact(0.5),
                },
                sources: vec![],
            }],
            events: vec![Event {
                id: "deal".into(),
                name: "Deal".into(),
                kind: EventKind::Amendment,
                date: Some(date("2021-01-01")),
                date_range: None,
                description: String::new(),
                sources: vec![],
            }],
            clauses: vec![
                clause(
                    "excl",
                    ClauseKind::Exclusivity {
                        provider: "cloud".into(),
                        workloads: vec!["w".into(), "other".into()],
                        level: ExclusivityLevel::Exclusive,
                    },
                ),
                clause(
                    "rs",
                    ClauseKind::RevenueShare {
                        payer: "p".into(),
                        payee: "p".into(),
                        base: "rev".into(),
                        schedule: vec![],
                        cap: None,
                        spread_months: 1,
                        cap_counts: Vec::new(),
                        cap_from: None,
                    },
                ),
                clause(
                    "cc",
                    ClauseKind::ComputeCommitment {
                        party: "p".into(),
                        provider: "cloud".into(),
                        workloads: vec!["w".into()],
                        amount: Uncertain::exact(1.0),
                    },
                ),
                clause(
                    "lic",
                    ClauseKind::Licence {
                        licensee: "p".into(),
                        scope: String::new(),
                        exclusive: false,
                    },
                ),
                clause(
                    "eq",
                    ClauseKind::EquityStake {
                        holder: "p".into(),
                        company: "p".into(),
                        stake: Uncertain::exact(0.1),
                    },
                ),
            ],
            ..bare_agreement()
        }
    }

    #[test]
    fn a_party_is_renamed_in_every_clause_and_stream() {
        let mut a = agreement();
        assert!(rename(&mut a, ItemKind::Party, "p", "q"));
        assert_eq!(a.parties[0].id, "q");
        assert_eq!(a.streams[0].owner, "q");
        let k = |i: usize| &a.clauses[i].kind;
        assert!(
            matches!(k(1), ClauseKind::RevenueShare { payer, payee, .. } if payer == "q" && payee == "q")
        );
        assert!(matches!(k(2), ClauseKind::ComputeCommitment { party, .. } if party == "q"));
        assert!(matches!(k(3), ClauseKind::Licence { licensee, .. } if licensee == "q"));
        assert!(
            matches!(k(4), ClauseKind::EquityStake { holder, company, .. } if holder == "q" && company == "q")
        );
        // Nothing else is touched.
        assert_eq!(a.clauses[0], agreement().clauses[0]);
    }

    /// Providers in exclusivity and commitments, streams in bases and workload ratios,
    /// workloads in workload lists only where they stand.
    #[test]
    fn providers_streams_and_workloads_are_renamed_where_they_are_referred_to() {
        type Check = fn(&Agreement) -> bool;
        let cases: [(ItemKind, &str, &str, Check); 3] = [
            (ItemKind::Provider, "cloud", "sky", |a| {
                a.providers[0].id == "sky"
                    && matches!(&a.clauses[0].kind, ClauseKind::Exclusivity { provider, .. } if provider == "sky")
                    && matches!(&a.clauses[2].kind, ClauseKind::ComputeCommitment { provider, .. } if provider == "sky")
            }),
            (ItemKind::Stream, "rev", "revenue", |a| {
                a.streams[0].id == "revenue"
                    && matches!(&a.clauses[1].kind, ClauseKind::RevenueShare { base, .. } if base == "revenue")
                    && matches!(&a.workloads[0].size, WorkloadSize::Ratio { stream, .. } if stream == "revenue")
            }),
            (ItemKind::Workload, "w", "train", |a| {
                a.workloads[0].id == "train"
                    && matches!(&a.clauses[0].kind, ClauseKind::Exclusivity { workloads, .. } if workloads == &["train", "other"])
                    && matches!(&a.clauses[2].kind, ClauseKind::ComputeCommitment { workloads, .. } if workloads == &["train"])
            }),
        ];
        for (kind, old, new, renamed) in cases {
            let mut a = agreement();
            assert!(rename(&mut a, kind, old, new));
            assert!(renamed(&a), "{kind:?} {old} → {new}: {a:#?}");
        }
    }

    #[test]
    fn an_event_is_renamed_in_period_starts_and_ends() {
        let mut a = agreement();
        assert!(rename(&mut a, ItemKind::Event, "deal", "signing"));
        assert_eq!(a.events[0].id, "signing");
        for c in &a.clauses {
            assert_eq!(c.period.start, Boundary::Event("signing".into()));
            assert_eq!(
                c.period.end,
                vec![
                    Boundary::Date(date("2030-01-01")),
                    Boundary::Event("signing".into())
                ]
            );
        }
    }

    #[test]
    fn renaming_a_missing_item_changes_nothing() {
        let mut a = agreement();
        assert!(!rename(&mut a, ItemKind::Party, "nobody", "p"));
        assert_eq!(a, agreement());
    }

    #[test]
    fn unique_ids_count_up() {
        let taken = ["new-event", "new-event-2"];
        assert_eq!(
            unique_id("new-event", |id| taken.contains(&id)),
            "new-event-3"
        );
        assert_eq!(unique_id("fresh", |id| taken.contains(&id)), "fresh");
    }

    #[test]
    fn numbered_ids_count_on_from_the_stem() {
        let taken = ["rs", "rs-2"];
        let is_taken = |id: &str| taken.contains(&id);
        assert_eq!(numbered_id("rs", is_taken), "rs-3");
        assert_eq!(numbered_id("rs-2", is_taken), "rs-3");
        assert_eq!(numbered_id("note", is_taken), "note-2");
        assert_eq!(numbered_id("42", is_taken), "clause-2");
    }
}
