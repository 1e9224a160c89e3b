//! The timeline's view model: lanes grouped by topic, segments with their labels and
//! colours, markers and the legend.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::engine::{Projection, Segment};
use crate::model::{Agreement, Clause, ClauseKind, EventKind, KindTag, LevelKind, Rgb};
use crate::view::palette;
use crate::words;

/// What the timeline draws for one state of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineModel {
    /// The lane area's rows, top to bottom.
    pub rows: Vec<Row>,
    /// One lane per clause, in clause order (`lanes[i].clause == i`).
    pub lanes: Vec<Lane>,
    /// The events with a date, in the projection's order.
    pub markers: Vec<Marker>,
    /// Every exclusivity level, then the other kinds the agreement has.
    pub legend: Vec<LegendEntry>,
    /// First day and exclusive end of the horizon.
    pub horizon: (NaiveDate, NaiveDate),
}

/// The lanes' topics, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Cloud,
    RevenueShare,
    Compute,
    Licences,
    Equity,
    Notes,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Self; 6] = [
        Self::Cloud,
        Self::RevenueShare,
        Self::Compute,
        Self::Licences,
        Self::Equity,
        Self::Notes,
    ];

    /// The group a clause kind's lanes go in.
    pub fn of(tag: KindTag) -> Self {
        match tag {
            KindTag::Exclusivity => Self::Cloud,
            KindTag::RevenueShare => Self::RevenueShare,
            KindTag::ComputeCommitment => Self::Compute,
            KindTag::Licence => Self::Licences,
            KindTag::EquityStake => Self::Equity,
            KindTag::Note => Self::Notes,
        }
    }

    /// The group header's text.
    pub fn title(self) -> &'static str {
        match self {
            Self::Cloud => "Cloud exclusivity",
            Self::RevenueShare => "Revenue share",
            Self::Compute => "Compute commitments",
            Self::Licences => "Licences",
            Self::Equity => "Equity",
            Self::Notes => "Notes",
        }
    }
}

/// A row of the lane area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Header(Group),
    /// The lane of the clause at this index.
    Lane(usize),
}

/// One clause's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Index of the clause.
    pub clause: usize,
    pub title: String,
    /// The segment's fill: the clause's colour.
    pub color: Rgb,
    /// Where the clause is in force; none if it never starts.
    pub segment: Option<Segment>,
    /// Texts for inside the segment, longest first.
    pub labels: Vec<String>,
    /// The segment's accessible name: title, what it is and when; none without a segment.
    pub accessible_label: Option<String>,
}

/// An event on the marker strip.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Index of the event.
    pub event: usize,
    pub date: NaiveDate,
    /// Amendment or trigger: the marker's colour.
    pub kind: EventKind,
    /// The label under the marker, full and short (just the month).
    pub labels: [String; 2],
    pub accessible_label: String,
}

/// A legend entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    pub color: Rgb,
    pub label: &'static str,
    /// For a narrow panel; the full label becomes its tooltip.
    pub short: &'static str,
}

impl TimelineModel {
    /// The timeline of `a` as projected in `p`.
    pub fn new(a: &Agreement, p: &Projection) -> Self {
        let lanes = a
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| Lane::new(a, i, c, p.segments.get(i).cloned().flatten()))
            .collect();
        let markers = p
            .markers
            .iter()
            .map(|m| {
                let name = a.events.get(m.event).map_or("", |e| e.name.as_str());
                Marker {
                    event: m.event,
                    date: m.date,
                    kind: m.kind,
                    labels: words::marker_labels(name, m.kind, m.date),
                    accessible_label: words::marker_accessible_label(name, m.kind, m.date),
                }
            })
            .collect();
        Self {
            rows: lane_rows(&a.clauses),
            lanes,
            markers,
            legend: legend_entries(a),
            horizon: (a.horizon.first.first_day(), a.horizon.last.end_day()),
        }
    }

    /// The lane of the clause at index `clause`.
    pub fn lane(&self, clause: usize) -> Option<&Lane> {
        self.lanes.get(clause)
    }

    /// The segment of the clause at index `clause`, if it starts.
    pub fn segment(&self, clause: usize) -> Option<&Segment> {
        self.lane(clause)?.segment.as_ref()
    }
}

impl Lane {
    fn new(a: &Agreement, clause: usize, c: &Clause, segment: Option<Segment>) -> Self {
        Self {
            clause,
            title: c.title.clone(),
            color: palette::clause(&c.kind),
            accessible_label: segment
                .as_ref()
                .map(|s| words::segment_accessible_label(c, s.start, s.end)),
            segment,
            labels: words::segment_labels(a, c),
        }
    }
}

/// The rows: each non-empty group's header, then its clauses in clause order.
fn lane_rows(clauses: &[Clause]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(clauses.len() + Group::ALL.len());
    for group in Group::ALL {
        let start = rows.len();
        rows.extend(
            clauses
                .iter()
                .enumerate()
                .filter(|(_, c)| Group::of(c.kind.tag()) == group)
                .map(|(i, _)| Row::Lane(i)),
        );
        if rows.len() > start {
            rows.insert(start, Row::Header(group));
        }
    }
    rows
}

/// The legend's entries: every exclusivity level, then the other kinds the agreement has,
/// in the groups' order whatever the clause order.
fn legend_entries(a: &Agreement) -> Vec<LegendEntry> {
    let entry = |color, label, short| LegendEntry {
        color,
        label,
        short,
    };
    let levels = LevelKind::ALL.into_iter().map(|level| {
        let (long, short) = match level {
            LevelKind::Exclusive => ("Exclusive", "Exclusive"),
            LevelKind::RightOfFirstRefusal => ("Right of first refusal", "ROFR"),
            LevelKind::Preferred => ("Preferred", "Preferred"),
            LevelKind::NonExclusive => ("Non-exclusive", "Non-excl."),
        };
        entry(palette::level(level), long, short)
    });
    // Ranked, so that each kind shows once and in a fixed order.
    let kinds: BTreeMap<u8, LegendEntry> = a
        .clauses
        .iter()
        .filter_map(|c| {
            let (rank, long, short) = match &c.kind {
                ClauseKind::RevenueShare { .. } => (0, "Revenue share", "Rev. share"),
                ClauseKind::ComputeCommitment { .. } => (1, "Commitment", "Commit."),
                ClauseKind::Licence {
                    exclusive: true, ..
                } => (2, "Exclusive licence", "Excl. lic."),
                ClauseKind::Licence { .. } => (3, "Licence", "Licence"),
                ClauseKind::EquityStake { .. } => (4, "Equity", "Equity"),
                ClauseKind::Exclusivity { .. } | ClauseKind::Note => return None,
            };
            Some((rank, entry(palette::clause(&c.kind), long, short)))
        })
        .collect();
    levels.chain(kinds.into_values()).collect()
}

/// A small agreement with the shape of the Microsoft–OpenAI history, shared by the
/// timeline's tests: exclusive until an amendment, then a right of first refusal, then
/// open; a capped revenue share until AGI or 2030; a commitment; a stake. Built in code so
/// that the tests do not depend on the shipped example's details.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date as d, timeline_agreement as agreement};

    fn model(a: &Agreement) -> TimelineModel {
        TimelineModel::new(a, &crate::engine::project(a))
    }

    #[test]
    fn lanes_are_grouped_by_topic_in_clause_order() {
        let rows = model(&agreement()).rows;
        assert_eq!(
            rows,
            vec![
                Row::Header(Group::Cloud),
                Row::Lane(0),
                Row::Lane(2),
                Row::Lane(3),
                Row::Header(Group::RevenueShare),
                Row::Lane(1),
                Row::Header(Group::Compute),
                Row::Lane(4),
                Row::Header(Group::Equity),
                Row::Lane(5),
            ]
        );
        assert_eq!(Group::Cloud.title(), "Cloud exclusivity");
    }

    #[test]
    fn lanes_carry_their_colour_dates_and_words() {
        let a = agreement();
        let m = model(&a);
        assert_eq!(m.lanes.len(), 6);
        assert!(m.lanes.iter().enumerate().all(|(i, l)| l.clause == i));
        let excl = &m.lanes[0];
        assert_eq!(excl.title, "Azure exclusive");
        assert_eq!(excl.color, palette::level(LevelKind::Exclusive));
        let seg = excl.segment.as_ref().expect("segment");
        assert_eq!(
            (seg.start, seg.end, seg.end_index),
            (d("2019-07-22"), Some(d("2025-01-21")), Some(0))
        );
        assert_eq!(excl.labels, ["exclusive · Azure", "exclusive"]);
        assert_eq!(
            excl.accessible_label.as_deref(),
            Some("Azure exclusive: exclusive, 2019-07-22 → 2025-01-21")
        );
        // The revenue share ends on the earlier of AGI and 2030-12-31.
        assert_eq!(m.segment(1).and_then(|s| s.end), Some(d("2030-06-30")));
        assert_eq!(m.lanes[1].color, palette::kind(KindTag::RevenueShare));
        assert_eq!(m.segment(3).and_then(|s| s.end), None);
        assert_eq!(m.horizon, (d("2019-01-01"), d("2033-01-01")));
        assert_eq!(m.lane(6), None);

        // A clause whose start event has no date has a lane but no segment.
        let mut b = a.clone();
        b.events[1].date = None;
        let m = model(&b);
        assert_eq!(m.lanes[2].segment, None);
        assert_eq!(m.lanes[2].accessible_label, None);
    }

    #[test]
    fn markers_are_the_dated_events_with_their_labels() {
        let m = model(&agreement());
        let agi = m.markers.iter().find(|k| k.event == 2).expect("agi marker");
        assert_eq!(agi.date, d("2030-06-30"));
        assert_eq!(agi.kind, EventKind::Trigger);
        assert_eq!(agi.labels, ["AGI verified (assumed)", "Jun 2030 (assumed)"]);
        assert_eq!(
            agi.accessible_label,
            "Trigger (assumed date): AGI verified, 2030-06-30"
        );
        assert_eq!(m.markers.len(), 3);
    }

    #[test]
    fn the_legend_lists_every_level_then_the_kinds_present_in_a_fixed_order() {
        let mut a = agreement();
        let labels = |a: &Agreement| -> Vec<&'static str> {
            model(a).legend.iter().map(|e| e.label).collect()
        };
        assert_eq!(
            labels(&a),
            [
                "Exclusive",
                "Right of first refusal",
                "Preferred",
                "Non-exclusive",
                "Revenue share",
                "Commitment",
                "Equity"
            ]
        );
        // Whatever the clause order, and each kind once.
        a.clauses.reverse();
        a.clauses.push(a.clauses[0].clone());
        a.clauses[0].kind = ClauseKind::Licence {
            licensee: "microsoft".to_owned(),
            scope: "models".to_owned(),
            exclusive: true,
        };
        let legend = model(&a).legend;
        assert_eq!(
            legend[4..].iter().map(|e| e.label).collect::<Vec<_>>(),
            ["Revenue share", "Commitment", "Exclusive licence", "Equity"]
        );
        assert_eq!(legend[6].color, palette::licence(true));
        assert_eq!(legend[6].short, "Excl. lic.");
        assert_eq!(
            legend[1],
            LegendEntry {
                color: palette::level(LevelKind::RightOfFirstRefusal),
                label: "Right of first refusal",
                short: "ROFR",
            }
        );
    }
}
