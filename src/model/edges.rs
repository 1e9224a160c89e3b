//! Moving a clause's period start or end, as an edit of the agreement: which boundary
//! an edge stands for, what dragging it changes, and where it may go.

use chrono::{Datelike as _, Months, NaiveDate};

use super::{Agreement, Boundary, Clause};

/// A period's start or end edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

impl Edge {
    /// "start" or "end", as in "Move start of …".
    pub fn name(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::End => "end",
        }
    }
}

/// What moving an edge changes in the agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeTarget {
    /// The clause's start, a date.
    StartDate,
    /// The clause's end boundary at this index, a date; one past the last adds a date end.
    EndDate(usize),
    /// The date of the event at this index: every clause on that event moves.
    Event(usize),
}

impl EdgeTarget {
    /// What moving `edge` of the clause at index `clause` changes, given `end_index`, the
    /// index of the end that ends its period now (none: open-ended). None if the edge
    /// refers to nothing (a clause or an event id that does not exist).
    pub fn of(a: &Agreement, clause: usize, edge: Edge, end_index: Option<usize>) -> Option<Self> {
        let c = a.clauses.get(clause)?;
        let (boundary, as_date) = match edge {
            Edge::Start => (&c.period.start, Self::StartDate),
            Edge::End => match end_index {
                Some(k) => (c.period.end.get(k)?, Self::EndDate(k)),
                // Open-ended: the move gives it a date end.
                None => return Some(Self::EndDate(c.period.end.len())),
            },
        };
        match boundary {
            Boundary::Date(_) => Some(as_date),
            Boundary::Event(id) => event_index(a, id).map(Self::Event),
        }
    }

    /// The date this target has now in clause `clause`; none for an end that does not
    /// exist yet or an undated event.
    pub fn date(&self, a: &Agreement, clause: usize) -> Option<NaiveDate> {
        let date = |b: &Boundary| match b {
            Boundary::Date(d) => Some(*d),
            Boundary::Event(_) => None,
        };
        match *self {
            Self::StartDate => date(&a.clauses.get(clause)?.period.start),
            Self::EndDate(k) => date(a.clauses.get(clause)?.period.end.get(k)?),
            Self::Event(e) => a.events.get(e)?.date,
        }
    }
}

/// Sets `target` of the clause at index `clause` to `date`. Indices that no longer exist
/// change nothing.
pub fn apply(a: &mut Agreement, clause: usize, target: &EdgeTarget, date: NaiveDate) {
    match *target {
        EdgeTarget::StartDate => {
            if let Some(c) = a.clauses.get_mut(clause) {
                c.period.start = Boundary::Date(date);
            }
        }
        EdgeTarget::EndDate(k) => {
            if let Some(c) = a.clauses.get_mut(clause) {
                let ends = &mut c.period.end;
                if let Some(b) = ends.get_mut(k) {
                    *b = Boundary::Date(date);
                } else {
                    ends.push(Boundary::Date(date));
                }
            }
        }
        EdgeTarget::Event(e) => move_event(a, e, date),
    }
}

/// Moves the event at index `event` to `date`; every clause that starts or ends on it
/// moves with it. An index that no longer exists changes nothing.
pub fn move_event(a: &mut Agreement, event: usize, date: NaiveDate) {
    if let Some(e) = a.events.get_mut(event) {
        e.date = Some(date);
    }
}

/// A moved edge's new date: `date` kept within `horizon` (first day, exclusive end) and
/// at least a month from `other`, the opposite edge, on a month start.
pub fn clamp(
    edge: Edge,
    date: NaiveDate,
    other: NaiveDate,
    horizon: (NaiveDate, NaiveDate),
) -> NaiveDate {
    // `max` then `min` rather than `clamp`, which panics on an inverted horizon.
    let d = date.max(horizon.0).min(horizon.1);
    match edge {
        Edge::Start => {
            let latest = other.checked_sub_months(Months::new(1)).unwrap_or(other);
            d.min(month_floor(latest))
        }
        Edge::End => {
            let earliest = other.checked_add_months(Months::new(1)).unwrap_or(other);
            d.max(month_ceil(earliest))
        }
    }
}

/// The boundary that `edge` of `c` stands for: its start, or the end at `end_index`, the
/// one that ends it (none: open-ended).
pub fn boundary(c: &Clause, edge: Edge, end_index: Option<usize>) -> Option<&Boundary> {
    match edge {
        Edge::Start => Some(&c.period.start),
        Edge::End => c.period.end.get(end_index?),
    }
}

/// How many clauses other than the one at index `except` start or end on the event `id`:
/// they move with it.
pub fn clauses_on_event(a: &Agreement, id: &str, except: Option<usize>) -> usize {
    let on = |b: &Boundary| matches!(b, Boundary::Event(e) if e == id);
    a.clauses
        .iter()
        .enumerate()
        .filter(|&(i, c)| Some(i) != except && (on(&c.period.start) || c.period.end.iter().any(on)))
        .count()
}

/// The index of the event `id` (the first, if ids repeat, as in the lookups).
fn event_index(a: &Agreement, id: &str) -> Option<usize> {
    a.events.iter().position(|e| e.id == id)
}

/// First day of `d`'s month.
fn month_floor(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// First month start on or after `d`.
fn month_ceil(d: NaiveDate) -> NaiveDate {
    if d.day() == 1 {
        d
    } else {
        month_floor(d)
            .checked_add_months(Months::new(1))
            .unwrap_or(d)
    }
}

/// How a clause hangs on an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnEvent {
    /// Index of the clause.
    pub clause: usize,
    pub starts: bool,
    pub ends: bool,
}

/// The clauses that start or end on the event `id`, in clause order.
pub fn clauses_on(a: &Agreement, id: &str) -> Vec<OnEvent> {
    let on = |b: &Boundary| matches!(b, Boundary::Event(e) if e == id);
    a.clauses
        .iter()
        .enumerate()
        .map(|(clause, c)| OnEvent {
            clause,
            starts: on(&c.period.start),
            ends: c.period.end.iter().any(on),
        })
        .filter(|o| o.starts || o.ends)
        .collect()
}

/// Whether the event `id`, on its date, changes any clause's time in force inside the
/// horizon: compared with the event never happening. It does not when no clause hangs
/// on it, when its date is outside the horizon, or when an earlier end applies anyway.
pub fn event_matters(a: &Agreement, id: &str) -> bool {
    let horizon = (a.horizon.first.first_day(), a.horizon.last.end_day());
    // A period as the days inside the horizon it is in force, or none.
    let inside = |r: Option<super::ResolvedPeriod>| {
        let r = r?;
        let start = r.start.max(horizon.0);
        let end = r.end.unwrap_or(horizon.1).min(horizon.1);
        (start < end).then_some((start, end))
    };
    clauses_on(a, id).iter().any(|o| {
        let period = &a.clauses[o.clause].period;
        let with = inside(a.resolve_period(period));
        let without = inside(period.resolve(|e| if e == id { None } else { a.event_date(e) }));
        with != without
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::date as d;
    use crate::model::{ClauseKind, Event, EventKind, Period};

    fn ev(id: &str) -> Boundary {
        Boundary::Event(id.to_owned())
    }

    /// Three events and four notes: two share the "invest" start; one ends on the earlier
    /// of an event and a date; one is open-ended.
    fn agreement() -> Agreement {
        let mut a = crate::app::new_agreement();
        a.events = [
            ("invest", "2019-07-22"),
            ("rofr", "2025-01-21"),
            ("agi", "2030-06-30"),
        ]
        .map(|(id, date)| Event {
            id: id.to_owned(),
            name: id.to_owned(),
            kind: EventKind::Amendment,
            date: Some(d(date)),
            date_range: None,
            description: String::new(),
            sources: Vec::new(),
        })
        .to_vec();
        let clause = |id: &str, start: Boundary, end: Vec<Boundary>| Clause {
            id: id.to_owned(),
            title: id.to_owned(),
            text: String::new(),
            sources: Vec::new(),
            period: Period { start, end },
            kind: ClauseKind::Note,
        };
        a.clauses = vec![
            clause("excl", ev("invest"), vec![ev("rofr")]),
            clause(
                "share",
                ev("invest"),
                vec![ev("agi"), Boundary::Date(d("2030-12-31"))],
            ),
            clause("rofr", ev("rofr"), vec![Boundary::Date(d("2025-10-28"))]),
            clause("open", Boundary::Date(d("2025-10-28")), Vec::new()),
        ];
        a
    }

    #[test]
    fn moving_an_event_edge_moves_every_clause_on_it() {
        let mut a = agreement();
        let start = EdgeTarget::of(&a, 0, Edge::Start, Some(0)).expect("target");
        assert_eq!(start, EdgeTarget::Event(0));
        assert_eq!(clauses_on_event(&a, "invest", Some(0)), 1);
        assert_eq!(clauses_on_event(&a, "invest", None), 2);
        assert_eq!(clauses_on_event(&a, "rofr", Some(0)), 1);
        apply(&mut a, 0, &start, d("2019-09-01"));
        assert_eq!(a.events[0].date, Some(d("2019-09-01")));
        assert_eq!(start.date(&a, 0), Some(d("2019-09-01")));
        let share = a.resolve_period(&a.clauses[1].period).expect("starts");
        assert_eq!(share.start, d("2019-09-01"), "the other clause moved too");
        assert_eq!(
            EdgeTarget::of(&a, 0, Edge::End, Some(0)),
            Some(EdgeTarget::Event(1))
        );
    }

    #[test]
    fn a_date_edge_is_set_in_place_by_the_index_of_the_end_that_ends_it() {
        let mut a = agreement();
        // Ended by the date 2030-12-31 (index 1), not the AGI event.
        let end = EdgeTarget::of(&a, 1, Edge::End, Some(1)).expect("target");
        assert_eq!(end, EdgeTarget::EndDate(1));
        apply(&mut a, 1, &end, d("2029-01-01"));
        assert_eq!(a.clauses[1].period.end[1], Boundary::Date(d("2029-01-01")));
        assert_eq!(end.date(&a, 1), Some(d("2029-01-01")));
        assert_eq!(
            EdgeTarget::of(&a, 3, Edge::Start, None),
            Some(EdgeTarget::StartDate)
        );
        assert_eq!(
            boundary(&a.clauses[1], Edge::End, Some(0)),
            Some(&ev("agi"))
        );
        assert_eq!(
            boundary(&a.clauses[1], Edge::Start, None),
            Some(&ev("invest"))
        );
        assert_eq!(boundary(&a.clauses[3], Edge::End, None), None);
    }

    #[test]
    fn an_open_end_gets_a_date_that_later_moves_replace() {
        let mut a = agreement();
        let add = EdgeTarget::of(&a, 3, Edge::End, None).expect("target");
        assert_eq!(add, EdgeTarget::EndDate(0));
        assert_eq!(add.date(&a, 3), None);
        apply(&mut a, 3, &add, d("2030-01-01"));
        apply(&mut a, 3, &add, d("2031-01-01"));
        assert_eq!(
            a.clauses[3].period.end,
            vec![Boundary::Date(d("2031-01-01"))]
        );
    }

    #[test]
    fn stale_indices_change_nothing() {
        let mut a = agreement();
        let before = a.clone();
        apply(&mut a, 99, &EdgeTarget::StartDate, d("2020-01-01"));
        apply(&mut a, 0, &EdgeTarget::Event(99), d("2020-01-01"));
        assert_eq!(a, before);
        assert_eq!(EdgeTarget::of(&a, 99, Edge::Start, None), None);
        assert_eq!(EdgeTarget::of(&a, 0, Edge::End, Some(5)), None);
        a.clauses[0].period.start = ev("nowhere");
        assert_eq!(EdgeTarget::of(&a, 0, Edge::Start, None), None);
    }

    #[test]
    fn a_moved_edge_keeps_a_month_from_the_other_and_stays_in_the_horizon() {
        let horizon = (d("2019-01-01"), d("2033-01-01"));
        // (edge, date, other edge, kept date)
        let cases = [
            // The end cannot come within a month of the start: the first month start after it.
            (Edge::End, "2019-08-01", "2019-07-22", "2019-09-01"),
            (Edge::End, "2019-08-01", "2019-07-01", "2019-08-01"),
            (Edge::End, "2024-02-01", "2019-07-22", "2024-02-01"),
            // The start cannot come within a month of the end.
            (Edge::Start, "2025-02-01", "2025-01-21", "2024-12-01"),
            // Nothing leaves the horizon.
            (Edge::End, "2040-01-01", "2025-01-01", "2033-01-01"),
            (Edge::Start, "2010-01-01", "2025-01-01", "2019-01-01"),
        ];
        for (edge, date, other, kept) in cases {
            assert_eq!(
                clamp(edge, d(date), d(other), horizon),
                d(kept),
                "{edge:?} to {date}, other edge {other}"
            );
        }
        // An inverted horizon does not panic.
        let inverted = (d("2030-01-01"), d("2020-01-01"));
        let _ = clamp(Edge::Start, d("2025-01-01"), d("2026-01-01"), inverted);
    }

    #[test]
    fn edges_have_names() {
        assert_eq!(Edge::Start.name(), "start");
        assert_eq!(Edge::End.name(), "end");
    }

    #[test]
    fn an_event_matters_only_where_it_changes_a_period_inside_the_horizon() {
        let mut a = agreement();
        a.horizon.first = crate::model::Month::new(2019, 1).expect("month");
        a.horizon.last = crate::model::Month::new(2032, 12).expect("month");
        assert_eq!(
            clauses_on(&a, "rofr"),
            [
                OnEvent {
                    clause: 0,
                    starts: false,
                    ends: true
                },
                OnEvent {
                    clause: 2,
                    starts: true,
                    ends: false
                }
            ]
        );
        assert!(event_matters(&a, "rofr"));
        // AGI in mid-2030 ends the share before its 2030-12-31 date: it matters.
        assert!(event_matters(&a, "agi"));
        // In 2031 the date ends the share first: AGI changes nothing.
        a.events[2].date = Some(d("2031-03-01"));
        assert!(!event_matters(&a, "agi"));
        // A start before the horizon still matters: without it the clauses never start.
        a.horizon.first = crate::model::Month::new(2020, 1).expect("month");
        assert!(event_matters(&a, "invest"));
        // An end after the horizon does not.
        a.events[1].date = Some(d("2033-06-01"));
        a.clauses[2].period.end.clear();
        assert!(!event_matters(&a, "rofr"));
        // No clause on it, or no such event: nothing.
        assert!(clauses_on(&a, "none").is_empty());
        assert!(!event_matters(&a, "none"));
    }
}
