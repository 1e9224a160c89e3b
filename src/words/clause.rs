//! What the terms say, in words: clause kinds, levels, boundaries and segment labels,
//! and what moving an edge or an event does. The timeline, reports and captions read
//! the same words.

use chrono::NaiveDate;

use super::{date, money, month_year};
use crate::model::edges::{self, Edge};
use crate::model::{Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel};

/// A fraction as a short percentage: `0.2` → `20 %`, `0.325` → `32.5 %`.
pub fn short_percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

/// An exclusivity level with its terms: "Preferred: at least 60 % of spend".
pub fn level_text(level: &ExclusivityLevel) -> String {
    match level {
        ExclusivityLevel::Exclusive => "Exclusive".to_owned(),
        ExclusivityLevel::RightOfFirstRefusal { match_probability } => format!(
            "Right of first refusal (matches {} of new capacity)",
            short_percent(match_probability.value)
        ),
        ExclusivityLevel::Preferred { min_share } => format!(
            "Preferred: at least {} of spend",
            short_percent(min_share.value)
        ),
        ExclusivityLevel::NonExclusive => "Non-exclusive".to_owned(),
    }
}

/// One line on what a clause is: kind and its main terms.
pub fn kind_text(a: &Agreement, c: &Clause) -> String {
    match &c.kind {
        ClauseKind::Exclusivity {
            provider,
            workloads,
            level,
        } => {
            let workloads: Vec<&str> = workloads.iter().map(|w| a.workload_name(w)).collect();
            let on = if workloads.is_empty() {
                String::new()
            } else {
                format!(" on {}", workloads.join(", "))
            };
            format!(
                "Exclusivity · {} · {}{on}",
                level_text(level),
                a.provider_name(provider)
            )
        }
        ClauseKind::RevenueShare {
            payer, payee, base, ..
        } => {
            let (rate, terms) = share_terms(&c.kind);
            format!(
                "Revenue share · {} pays {} {rate} of {}{terms}",
                a.party_name(payer),
                a.party_name(payee),
                a.stream_name(base)
            )
        }
        ClauseKind::ComputeCommitment {
            party,
            provider,
            amount,
            ..
        } => format!(
            "Compute commitment · {} commits {} to {}",
            a.party_name(party),
            money(amount.value),
            a.provider_name(provider)
        ),
        ClauseKind::Licence {
            licensee,
            scope,
            exclusive,
        } => format!(
            "{} · to {}: {scope}",
            if *exclusive {
                "Exclusive licence"
            } else {
                "Non-exclusive licence"
            },
            a.party_name(licensee)
        ),
        ClauseKind::EquityStake {
            holder,
            company,
            stake,
        } => format!(
            "Equity stake · {} holds {} of {}",
            a.party_name(holder),
            short_percent(stake.value),
            a.party_name(company)
        ),
        ClauseKind::Note => "Note".to_owned(),
    }
}

/// A revenue share's rate, "20 % (then 2 more steps)", and its other terms,
/// " · cap $38.0B · paid over 12 months"; empty for other kinds.
fn share_terms(kind: &ClauseKind) -> (String, String) {
    let ClauseKind::RevenueShare {
        schedule,
        cap,
        cap_counts,
        cap_from,
        spread_months,
        ..
    } = kind
    else {
        return (String::new(), String::new());
    };
    let rate = schedule
        .first()
        .map_or_else(|| "no rate".to_owned(), |s| short_percent(s.rate.value));
    let more = if schedule.len() > 1 {
        format!(" (then {} more steps)", schedule.len() - 1)
    } else {
        String::new()
    };
    let cap = cap.map_or_else(String::new, |c| {
        let over = if cap_counts.is_empty() {
            String::new()
        } else {
            format!(" over {} clauses", cap_counts.len() + 1)
        };
        let from = cap_from.map_or_else(String::new, |d| format!(" from {}", date(d)));
        format!(" · cap {}{over}{from}", money(c.value))
    });
    let spread = if *spread_months > 1 {
        format!(" · paid over {spread_months} months")
    } else {
        String::new()
    };
    (format!("{rate}{more}"), format!("{cap}{spread}"))
}

/// A boundary in words: "event “Oct 2025 restructuring” (2025-10-28)" or "2030-12-31".
pub fn boundary_text(a: &Agreement, b: &Boundary) -> String {
    match b {
        Boundary::Date(d) => date(*d),
        Boundary::Event(id) => match a.event(id) {
            Some(e) => match e.date {
                Some(d) => format!("event “{}” ({})", e.name, date(d)),
                None => format!("event “{}” (no date)", e.name),
            },
            None => format!("unknown event “{id}”"),
        },
    }
}

/// Texts for inside a clause's segment, longest first: the first that fits is drawn.
pub fn segment_labels(a: &Agreement, c: &Clause) -> Vec<String> {
    match &c.kind {
        ClauseKind::Exclusivity {
            provider, level, ..
        } => {
            let provider = a.provider_name(provider);
            let short = level.kind().short_label();
            match level {
                ExclusivityLevel::Exclusive | ExclusivityLevel::RightOfFirstRefusal { .. } => {
                    vec![format!("{short} · {provider}"), short.to_owned()]
                }
                ExclusivityLevel::Preferred { min_share } => vec![
                    format!("{short} · {provider} ≥ {}", short_percent(min_share.value)),
                    format!("{short} · {provider}"),
                    short.to_owned(),
                ],
                ExclusivityLevel::NonExclusive => vec![short.to_owned(), "open".to_owned()],
            }
        }
        ClauseKind::RevenueShare { schedule, cap, .. } => {
            let first = schedule.first().map(|s| s.rate.value);
            let last = schedule.last().map(|s| s.rate.value);
            let rate = match (first, last) {
                (Some(f), Some(l)) if f != l => {
                    format!("{} → {}", short_percent(f), short_percent(l))
                }
                (Some(f), _) => short_percent(f),
                _ => "no rate".to_owned(),
            };
            let mut labels = Vec::with_capacity(3);
            if let Some(cap) = cap {
                labels.push(format!("{rate} · cap {}", money(cap.value)));
            }
            labels.push(rate);
            if let Some(f) = first.filter(|_| labels.len() == 1 && first != last) {
                labels.push(short_percent(f));
            }
            labels
        }
        ClauseKind::ComputeCommitment {
            provider, amount, ..
        } => {
            let amount = money(amount.value);
            vec![format!("{amount} → {}", a.provider_name(provider)), amount]
        }
        ClauseKind::Licence { exclusive, .. } => {
            if *exclusive {
                vec!["exclusive licence".to_owned(), "excl.".to_owned()]
            } else {
                vec!["licence".to_owned()]
            }
        }
        ClauseKind::EquityStake { holder, stake, .. } => {
            let stake = short_percent(stake.value);
            vec![format!("{} {stake}", a.party_name(holder)), stake]
        }
        ClauseKind::Note => Vec::new(),
    }
}

/// A segment's dates: "2019-07-22 → 2025-01-21" or "2025-10-28 → open-ended".
pub fn dates_text(start: NaiveDate, end: Option<NaiveDate>) -> String {
    match end {
        Some(end) => format!("{} → {}", date(start), date(end)),
        None => format!("{} → open-ended", date(start)),
    }
}

/// The accessible name of a clause's segment: title, what it is and when.
pub fn segment_accessible_label(c: &Clause, start: NaiveDate, end: Option<NaiveDate>) -> String {
    let what = match &c.kind {
        ClauseKind::Exclusivity { level, .. } => level.kind().short_label(),
        other => other.tag().label(),
    };
    format!("{}: {what}, {}", c.title, dates_text(start, end))
}

/// The name of the edit that moves `edge` of the clause titled `title`.
pub fn move_edge_label(edge: Edge, title: &str) -> String {
    format!("Move {} of “{title}”", edge.name())
}

/// What moving an edge does, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeHint {
    /// What the edge is and that it moves.
    pub text: String,
    /// For an edge on an event: the event moves, and every clause on it.
    pub moves: Option<String>,
}

/// What moving `edge` of the clause at index `clause` does; `end_index` is the end that
/// ends its period now (none: open-ended). None for a clause that does not exist.
pub fn edge_hint(
    a: &Agreement,
    clause: usize,
    edge: Edge,
    end_index: Option<usize>,
) -> Option<EdgeHint> {
    let c = a.clauses.get(clause)?;
    let title = &c.title;
    let which = edge.name();
    let hint = match edges::boundary(c, edge, end_index) {
        None => EdgeHint {
            text: format!("“{title}” is open-ended: drag to give it an end date"),
            moves: None,
        },
        Some(b @ Boundary::Date(_)) => EdgeHint {
            text: format!(
                "Drag to move the {which} of “{title}” ({})",
                boundary_text(a, b)
            ),
            moves: None,
        },
        Some(b @ Boundary::Event(id)) => {
            let name = a.event_name(id);
            let moves = match edges::clauses_on_event(a, id, Some(clause)) {
                0 => format!("Moves event “{name}”"),
                1 => format!("Moves event “{name}” — also moves 1 other clause"),
                n => format!("Moves event “{name}” — also moves {n} other clauses"),
            };
            EdgeHint {
                text: format!(
                    "Drag to move the {which} of “{title}”: {}",
                    boundary_text(a, b)
                ),
                moves: Some(moves),
            }
        }
    };
    Some(hint)
}

/// How a clause's period starts and ends, a line each: "Starts on event …" (only for a
/// start on an event; the dates say the rest), then "Ends on …" or "Open-ended".
/// `end_index` is the end that ends it now.
pub fn period_lines(a: &Agreement, c: &Clause, end_index: Option<usize>) -> Vec<String> {
    let mut lines = Vec::with_capacity(2);
    if let Boundary::Event(_) = &c.period.start {
        lines.push(format!("Starts on {}", boundary_text(a, &c.period.start)));
    }
    lines.push(match edges::boundary(c, Edge::End, end_index) {
        Some(b) => format!("Ends on {}", boundary_text(a, b)),
        None => "Open-ended".to_owned(),
    });
    lines
}

/// The ends that have not (yet) come first: "Or earlier on: event “AGI” (2030-06-30)",
/// as in "until AGI or 2030, whichever comes first".
pub fn other_ends_text(a: &Agreement, c: &Clause, end_index: Option<usize>) -> Option<String> {
    let others: Vec<String> = c
        .period
        .end
        .iter()
        .enumerate()
        .filter(|&(k, _)| Some(k) != end_index)
        .map(|(_, b)| boundary_text(a, b))
        .collect();
    (!others.is_empty()).then(|| format!("Or earlier on: {}", others.join(", ")))
}

/// A marker's label under the timeline, full and short: the event's name, or just the
/// month; a trigger's date is marked as assumed.
pub fn marker_labels(name: &str, kind: EventKind, on: NaiveDate) -> [String; 2] {
    match kind {
        EventKind::Amendment => [name.to_owned(), month_year(on)],
        EventKind::Trigger => [
            format!("{name} (assumed)"),
            format!("{} (assumed)", month_year(on)),
        ],
    }
}

/// The accessible name of an event's marker: "Amendment: Jan 2025 …, 2025-01-21".
pub fn marker_accessible_label(name: &str, kind: EventKind, on: NaiveDate) -> String {
    let kind = match kind {
        EventKind::Amendment => "Amendment",
        EventKind::Trigger => "Trigger (assumed date)",
    };
    format!("{kind}: {name}, {}", date(on))
}

/// An event's kind and date, and for a trigger the range it may fall in.
pub fn event_lines(e: &Event, on: NaiveDate) -> (String, Option<String>) {
    match e.kind {
        EventKind::Amendment => (format!("Amendment · {}", date(on)), None),
        EventKind::Trigger => (
            format!("Trigger · assumed date {}", date(on)),
            e.date_range
                .map(|r| format!("May fall between {} and {}", date(r.low), date(r.high))),
        ),
    }
}

/// How many clauses start or end on an event: "2 clauses start or end on it".
pub fn clauses_on_event_text(n: usize) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "{n} clause{} start or end on it",
            if n == 1 { "" } else { "s" }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date as d, timeline_agreement as agreement};

    #[test]
    fn segment_labels_read_like_the_terms() {
        let a = agreement();
        let labels = |i: usize| segment_labels(&a, &a.clauses[i]);
        assert_eq!(labels(0), ["exclusive · Azure", "exclusive"]);
        assert_eq!(labels(1), ["20 % · cap $38.0B", "20 %"]);
        assert_eq!(labels(2)[1], "ROFR");
        assert_eq!(labels(3)[0], "non-exclusive");
        assert_eq!(labels(4), ["$250B → Azure", "$250B"]);
        assert_eq!(labels(5), ["Microsoft 27 %", "27 %"]);
        assert_eq!(short_percent(0.325), "32.5 %");
        assert_eq!(
            segment_accessible_label(&a.clauses[0], d("2019-07-22"), Some(d("2025-01-21"))),
            "Azure exclusive: exclusive, 2019-07-22 → 2025-01-21"
        );
        assert_eq!(dates_text(d("2025-10-28"), None), "2025-10-28 → open-ended");
    }

    #[test]
    fn kinds_and_levels_read_with_their_terms() {
        let a = agreement();
        let kinds = [
            (0, "Exclusivity · Exclusive · Azure"),
            (
                1,
                "Revenue share · OpenAI pays Microsoft 20 % of revenue · cap $38.0B",
            ),
            (
                2,
                "Exclusivity · Right of first refusal (matches 50 % of new capacity) · Azure",
            ),
            (4, "Compute commitment · OpenAI commits $250B to Azure"),
            (5, "Equity stake · Microsoft holds 27 % of OpenAI"),
        ];
        for (i, text) in kinds {
            assert_eq!(kind_text(&a, &a.clauses[i]), text);
        }
        let mut stepped = a.clauses[1].clone();
        if let ClauseKind::RevenueShare {
            schedule,
            cap,
            spread_months,
            ..
        } = &mut stepped.kind
        {
            schedule.extend([schedule[0].clone(), schedule[0].clone()]);
            *cap = None;
            *spread_months = 12;
        }
        assert_eq!(
            kind_text(&a, &stepped),
            "Revenue share · OpenAI pays Microsoft 20 % (then 2 more steps) of revenue · paid over 12 months"
        );
        assert_eq!(
            boundary_text(&a, &Boundary::Event("rofr".to_owned())),
            "event “Jan 2025: right of first refusal” (2025-01-21)"
        );
        assert_eq!(
            boundary_text(&a, &Boundary::Event("x".to_owned())),
            "unknown event “x”"
        );
    }

    #[test]
    fn edge_hints_say_what_moves_with_an_event() {
        let a = agreement();
        let hint = edge_hint(&a, 0, Edge::End, Some(0)).expect("clause");
        assert_eq!(
            hint.text,
            "Drag to move the end of “Azure exclusive”: event “Jan 2025: right of first refusal” (2025-01-21)"
        );
        assert_eq!(
            hint.moves.as_deref(),
            Some("Moves event “Jan 2025: right of first refusal” — also moves 1 other clause")
        );
        let open = edge_hint(&a, 3, Edge::End, None).expect("clause");
        assert_eq!(
            open.text,
            "“Any cloud” is open-ended: drag to give it an end date"
        );
        assert_eq!(open.moves, None);
        assert_eq!(
            edge_hint(&a, 3, Edge::Start, None).map(|h| h.text),
            Some("Drag to move the start of “Any cloud” (2025-10-28)".to_owned())
        );
        assert_eq!(
            move_edge_label(Edge::Start, "ROFR on new capacity"),
            "Move start of “ROFR on new capacity”"
        );
    }

    #[test]
    fn a_period_reads_as_its_start_its_end_and_the_ends_not_reached() {
        let a = agreement();
        let share = &a.clauses[1];
        assert_eq!(
            period_lines(&a, share, Some(1)),
            [
                "Starts on event “2019 investment” (2019-07-22)",
                "Ends on 2030-12-31"
            ]
        );
        assert_eq!(
            other_ends_text(&a, share, Some(1)).as_deref(),
            Some("Or earlier on: event “AGI verified” (2030-06-30)")
        );
        assert_eq!(period_lines(&a, &a.clauses[3], None), ["Open-ended"]);
        assert_eq!(other_ends_text(&a, &a.clauses[3], None), None);
    }

    #[test]
    fn markers_read_as_their_event() {
        let a = agreement();
        let agi = &a.events[2];
        let on = d("2030-06-30");
        assert_eq!(
            marker_labels(&agi.name, agi.kind, on),
            ["AGI verified (assumed)", "Jun 2030 (assumed)"]
        );
        assert_eq!(
            marker_labels("Deal", EventKind::Amendment, on),
            ["Deal", "Jun 2030"]
        );
        assert_eq!(
            marker_accessible_label(&agi.name, agi.kind, on),
            "Trigger (assumed date): AGI verified, 2030-06-30"
        );
        assert_eq!(
            event_lines(agi, on),
            ("Trigger · assumed date 2030-06-30".to_owned(), None)
        );
        assert_eq!(
            event_lines(&a.events[0], d("2019-07-22")).0,
            "Amendment · 2019-07-22"
        );
        let on_event = [
            None,
            Some("1 clause start or end on it"),
            Some("2 clauses start or end on it"),
        ];
        for (n, text) in on_event.into_iter().enumerate() {
            assert_eq!(clauses_on_event_text(n).as_deref(), text);
        }
    }
}
