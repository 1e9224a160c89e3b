//! The timeline (DESIGN §2.6 and §3 "Timeline"): one lane per clause, grouped by
//! topic, on the time axis that the plots share.
//!
//! The ruler, the lanes and the marker strip are each one big widget with our own
//! hit-testing, because a segment's edge, its body and the background under it need
//! different gestures within a few pixels of each other; small hover-only widgets
//! on top carry the accessible names. The panel changes view state directly
//! (playhead, time range, selection, hover) and sends every date change as an
//! [`Edit`].

use chrono::{Datelike as _, Months, NaiveDate};
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Color32, CornerRadius, CursorIcon, FontId, Galley, Mesh, Pos2, Rect, Response, Role, Sense,
    Shape, Stroke, StrokeKind, Ui, WidgetInfo, pos2, vec2,
};
use std::sync::Arc;

use crate::document::{Document, Edit};
use crate::engine::{Marker, Segment};
use crate::model::{
    Agreement, Boundary, Clause, ClauseKind, EventKind, ExclusivityLevel, KindTag, LevelKind,
};
use crate::ui::time_axis::{TimeView, date_from_x, snap_to_month, x_from_date};
use crate::ui::{PanelCx, ViewCommand, ViewState, full_view, theme};
use crate::words;

/// Height of the time ruler above the lanes.
const RULER_HEIGHT: f32 = 28.0;
/// Height of a group header row ("Cloud exclusivity").
const GROUP_HEADER_HEIGHT: f32 = 18.0;
/// How close (px) the pointer must be to a segment's edge to grab it.
const EDGE_GRAB_PX: f32 = 5.0;
/// Room right of the lanes, so that the horizon's end stays clear of the scroll bar.
const RIGHT_MARGIN: f32 = 14.0;
/// Marker labels are staggered on at most this many rows.
const MARKER_ROWS: usize = 3;
const MARKER_ROW_HEIGHT: f32 = 14.0;
/// Height of a marker's triangle below the lanes.
const MARKER_TRIANGLE: f32 = 7.0;
/// Room between two marker labels on one row.
const MARKER_LABEL_GAP: f32 = 10.0;
/// The playhead snaps to an event closer than this (px), so that "terms on that date" is one click.
const MARKER_SNAP_PX: f32 = 6.0;
/// Length of the fade that marks an open end.
const OPEN_END_FADE_PX: f32 = 26.0;
const SEGMENT_RADIUS: u8 = 4;
/// Lane titles sit right of the group headers' text.
const LANE_TITLE_INDENT: f32 = 10.0;
const TITLE_FONT_SIZE: f32 = 12.5;
const SMALL_FONT_SIZE: f32 = 11.0;
/// Month abbreviations for the ruler (cheaper than formatting a date per tick).
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The view as the timeline works on it this frame: a zoom or a new playhead shows at
/// once in the rest of the panel, and goes to the app as view commands at the end.
#[derive(Clone, Debug, PartialEq)]
struct LocalView {
    /// Index of the selected clause.
    selected: Option<usize>,
    playhead: NaiveDate,
    time_view: crate::ui::time_axis::TimeView,
    hover_x: Option<f64>,
    /// The date under the pointer, found this frame.
    next_hover_x: Option<f64>,
}

impl LocalView {
    fn of(view: &ViewState, a: &Agreement) -> Self {
        Self {
            selected: view.selected_index(a),
            playhead: view.playhead,
            time_view: view.time_view,
            hover_x: view.hover_x,
            next_hover_x: None,
        }
    }

    /// The commands that turn `before` into this view.
    fn commands(&self, before: &Self, a: &Agreement, out: &mut Vec<ViewCommand>) {
        if self.selected != before.selected {
            let id = self
                .selected
                .and_then(|i| a.clauses.get(i))
                .map(|c| c.id.clone());
            out.push(ViewCommand::Select(id));
        }
        if self.playhead != before.playhead {
            out.push(ViewCommand::SetPlayhead(self.playhead));
        }
        if self.time_view != before.time_view {
            out.push(ViewCommand::SetTimeView(self.time_view));
        }
        if let Some(x) = self.next_hover_x {
            out.push(ViewCommand::Hover(x));
        }
    }
}

/// The timeline panel: legend, ruler with the playhead, one lane per clause grouped by topic,
/// and the event markers. Reads the document, asks for view changes and pushes date
/// changes as edits.
pub fn timeline_ui(ui: &mut Ui, panel: &mut PanelCx<'_>) {
    let doc = panel.doc;
    let a = doc.agreement();
    let before = LocalView::of(panel.view, a);
    let mut local = before.clone();
    let view = &mut local;
    let edits = &mut *panel.edits;
    let projection = doc.projection();
    let id = ui.make_persistent_id("timeline");
    ui.scope(|ui| {
        // The ruler, lanes and markers touch, so that the lines through them are unbroken.
        ui.spacing_mut().item_spacing.y = 0.0;
        legend_ui(ui, a);
        ui.add_space(4.0);

        let area = ui.available_rect_before_wrap();
        // On a narrow panel the titles give up some room to the lanes.
        let left = area.left() + theme::LANE_LABEL_WIDTH.min(0.3 * area.width());
        let axis = |view: &LocalView| Axis {
            view: view.time_view,
            left,
            right: (area.right() - RIGHT_MARGIN).max(left + 1.0),
        };
        // Zoom and scroll first, so that this frame already shows the new range.
        zoom_and_pan(ui, area, axis(view), view);
        let horizon = (a.horizon.first.first_day(), a.horizon.last.end_day());
        let mut cx = Cx {
            a,
            segments: &projection.segments,
            markers: &projection.markers,
            axis: axis(view),
            horizon,
            id,
        };

        ruler_ui(ui, &cx, view);
        cx.axis = axis(view);

        let marker_layout = MarkerLayout::new(ui, &cx);
        let rows = lane_rows(&a.clauses);
        let lanes_max_height =
            (ui.available_height() - marker_layout.height).max(2.0 * theme::LANE_HEIGHT);
        let hidden = egui::ScrollArea::vertical()
            .id_salt(cx.id.with("lanes-scroll"))
            .max_height(lanes_max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                lanes_ui(ui, &cx, doc, &rows, &marker_layout, view, edits)
            })
            .inner;
        markers_ui(ui, &cx, &marker_layout, hidden, view);
    });
    local.commands(&before, a, panel.commands);
}

// ---------------------------------------------------------------------------
// Geometry

/// The time axis on screen this frame: the shared [`TimeView`] over the lanes' x range.
#[derive(Clone, Copy, Debug)]
struct Axis {
    view: TimeView,
    left: f32,
    right: f32,
}

impl Axis {
    fn sx(self, x: f64) -> f32 {
        self.view.screen_from_x(x, self.left, self.right)
    }

    fn sx_from_date(self, d: NaiveDate) -> f32 {
        self.sx(x_from_date(d))
    }

    fn x_from_sx(self, sx: f32) -> f64 {
        self.view.x_from_screen(sx, self.left, self.right)
    }

    fn width(self) -> f32 {
        (self.right - self.left).max(1.0)
    }

    fn px_per_year(self) -> f32 {
        self.width() / self.view.span().max(1e-6) as f32
    }

    fn contains(self, sx: f32) -> bool {
        (self.left - 1.0..=self.right + 1.0).contains(&sx)
    }
}

/// What every part of the panel reads this frame.
struct Cx<'a> {
    a: &'a Agreement,
    segments: &'a [Option<Segment>],
    markers: &'a [Marker],
    axis: Axis,
    /// First day and exclusive end of the horizon.
    horizon: (NaiveDate, NaiveDate),
    id: egui::Id,
}

impl Cx<'_> {
    fn segment(&self, clause: usize) -> Option<&Segment> {
        self.segments.get(clause)?.as_ref()
    }

    /// Screen x of a segment's start and end; an open end is drawn to the horizon's end.
    fn span(&self, seg: &Segment) -> (f32, f32) {
        let end = seg.end.unwrap_or(self.horizon.1).max(seg.start);
        (
            self.axis.sx_from_date(seg.start),
            self.axis.sx_from_date(end),
        )
    }
}

/// The lanes' topics, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Cloud,
    RevenueShare,
    Compute,
    Licences,
    Equity,
    Notes,
}

impl Group {
    const ALL: [Self; 6] = [
        Self::Cloud,
        Self::RevenueShare,
        Self::Compute,
        Self::Licences,
        Self::Equity,
        Self::Notes,
    ];

    fn of(tag: KindTag) -> Self {
        match tag {
            KindTag::Exclusivity => Self::Cloud,
            KindTag::RevenueShare => Self::RevenueShare,
            KindTag::ComputeCommitment => Self::Compute,
            KindTag::Licence => Self::Licences,
            KindTag::EquityStake => Self::Equity,
            KindTag::Note => Self::Notes,
        }
    }

    fn title(self) -> &'static str {
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
enum Row {
    Header(Group),
    /// The lane of the clause at this index.
    Lane(usize),
}

impl Row {
    fn height(self) -> f32 {
        match self {
            Self::Header(_) => GROUP_HEADER_HEIGHT,
            Self::Lane(_) => theme::LANE_HEIGHT + theme::LANE_GAP,
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

/// Which ticks and labels the ruler shows at a zoom level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RulerSteps {
    /// Years between labelled ticks.
    year_step: i32,
    /// Whether each month gets a small tick.
    month_ticks: bool,
    /// Months between month labels ("Apr", "Jul"), if there is room for them.
    month_label_step: Option<u32>,
}

/// Room a ruler label needs, in px.
const RULER_LABEL_PX: f32 = 38.0;

fn ruler_steps(px_per_year: f32) -> RulerSteps {
    let year_step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|&s| s as f32 * px_per_year >= RULER_LABEL_PX)
        .unwrap_or(200);
    let px_per_month = px_per_year / 12.0;
    let month_label_step = if px_per_month >= RULER_LABEL_PX {
        Some(1)
    } else if 3.0 * px_per_month >= RULER_LABEL_PX {
        Some(3)
    } else {
        None
    };
    RulerSteps {
        year_step,
        month_ticks: px_per_month >= 5.0,
        month_label_step,
    }
}

/// Calls `f(year, sx)` for each labelled year tick in view.
fn for_each_year_tick(axis: Axis, step: i32, mut f: impl FnMut(i32, f32)) {
    let first = axis.view.min.floor() as i32;
    let last = axis.view.max.ceil() as i32;
    for year in first..=last {
        if year.rem_euclid(step) == 0 {
            let sx = axis.sx(f64::from(year));
            if axis.contains(sx) {
                f(year, sx);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Edges: which one is under the pointer, and what dragging it changes

/// A segment's start or end edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// The edge of a segment drawn from `start_sx` to `end_sx` within `grab` px of `pointer_x`;
/// the nearer one when both are (a narrow segment), the end on a tie so that it can grow.
fn edge_at(pointer_x: f32, start_sx: f32, end_sx: f32, grab: f32) -> Option<Edge> {
    let to_start = (pointer_x - start_sx).abs();
    let to_end = (pointer_x - end_sx).abs();
    if to_start > grab && to_end > grab {
        None
    } else if to_end <= to_start {
        Some(Edge::End)
    } else {
        Some(Edge::Start)
    }
}

/// What dragging an edge changes in the agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
enum EdgeTarget {
    /// The clause's start, a date.
    StartDate,
    /// The clause's end boundary at this index, a date; one past the last adds a date end.
    EndDate(usize),
    /// The date of the event at this index: every clause on that event moves.
    Event(usize),
}

/// What dragging `edge` of clause `clause` (drawn as `seg`) changes; none if it refers to
/// nothing (e.g. an event id that does not exist).
fn edge_target(a: &Agreement, clause: usize, edge: Edge, seg: &Segment) -> Option<EdgeTarget> {
    let c = a.clauses.get(clause)?;
    let (boundary, as_date) = match edge {
        Edge::Start => (&c.period.start, EdgeTarget::StartDate),
        Edge::End => match seg.end_index {
            Some(k) => (c.period.end.get(k)?, EdgeTarget::EndDate(k)),
            // Open-ended: the drag gives it a date end.
            None => return Some(EdgeTarget::EndDate(c.period.end.len())),
        },
    };
    match boundary {
        Boundary::Date(_) => Some(as_date),
        Boundary::Event(id) => event_index(a, id).map(EdgeTarget::Event),
    }
}

/// The date `target` has now; none for an end that does not exist yet.
fn target_date(a: &Agreement, clause: usize, target: &EdgeTarget) -> Option<NaiveDate> {
    let date = |b: &Boundary| match b {
        Boundary::Date(d) => Some(*d),
        Boundary::Event(_) => None,
    };
    match *target {
        EdgeTarget::StartDate => date(&a.clauses.get(clause)?.period.start),
        EdgeTarget::EndDate(k) => date(a.clauses.get(clause)?.period.end.get(k)?),
        EdgeTarget::Event(e) => a.events.get(e)?.date,
    }
}

/// Sets `target` to `date`. Indices that no longer exist change nothing.
fn apply_edge(a: &mut Agreement, clause: usize, target: &EdgeTarget, date: NaiveDate) {
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
        EdgeTarget::Event(e) => {
            if let Some(event) = a.events.get_mut(e) {
                event.date = Some(date);
            }
        }
    }
}

/// The edit for moving `edge` of `clause` to `date`. Every frame of one drag has the same
/// merge key, so the whole drag is one undo step.
fn edge_edit(
    a: &Agreement,
    clause: usize,
    edge: Edge,
    target: EdgeTarget,
    date: NaiveDate,
) -> Edit {
    let title = a.clauses.get(clause).map_or("clause", |c| c.title.as_str());
    let (what, key) = match edge {
        Edge::Start => ("start", "start"),
        Edge::End => ("end", "end"),
    };
    Edit::merging(
        format!("Move {what} of “{title}”"),
        format!("timeline-drag-{clause}-{key}"),
        move |a| apply_edge(a, clause, &target, date),
    )
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

/// A dragged edge's new date: `date` kept within the horizon and at least a month from
/// `other`, the opposite edge, on a month start.
fn clamp_edge(
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

/// The index of the event `id` (the first, if ids repeat).
fn event_index(a: &Agreement, id: &str) -> Option<usize> {
    a.events.iter().position(|e| e.id == id)
}

/// How many clauses other than `except` start or end on the event `id`.
fn clauses_on_event(a: &Agreement, id: &str, except: Option<usize>) -> usize {
    let on = |b: &Boundary| matches!(b, Boundary::Event(e) if e == id);
    a.clauses
        .iter()
        .enumerate()
        .filter(|&(i, c)| Some(i) != except && (on(&c.period.start) || c.period.end.iter().any(on)))
        .count()
}

/// The boundary that `edge` of a clause stands for: its start, or the end that ends it.
fn edge_boundary<'a>(c: &'a Clause, edge: Edge, seg: &Segment) -> Option<&'a Boundary> {
    match edge {
        Edge::Start => Some(&c.period.start),
        Edge::End => c.period.end.get(seg.end_index?),
    }
}

// ---------------------------------------------------------------------------
// Marker labels

/// A marker label to place: centred on `center`, with its full and short widths.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LabelSpec {
    center: f32,
    /// Full text first, then the short one (e.g. just the month).
    widths: [f32; 2],
}

/// Where a marker label goes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placement {
    row: usize,
    left: f32,
    /// 0: the full text; 1: the short one.
    choice: usize,
}

/// Places labels (sorted by `center`) on at most `rows` rows within `bounds` so that no two on a
/// row are closer than `gap`: each takes the first row where its full text fits, else the first
/// where its short text fits, else is left out (its marker stays, with a tooltip).
fn stagger(
    labels: &[LabelSpec],
    bounds: (f32, f32),
    rows: usize,
    gap: f32,
) -> Vec<Option<Placement>> {
    let mut row_end = [f32::NEG_INFINITY; MARKER_ROWS];
    let rows = rows.min(MARKER_ROWS);
    labels
        .iter()
        .map(|spec| {
            for (choice, &w) in spec.widths.iter().enumerate() {
                if w > bounds.1 - bounds.0 {
                    continue;
                }
                let left = (spec.center - w / 2.0).max(bounds.0).min(bounds.1 - w);
                for (row, end) in row_end.iter_mut().enumerate().take(rows) {
                    if left >= *end + gap {
                        *end = left + w;
                        return Some(Placement { row, left, choice });
                    }
                }
            }
            None
        })
        .collect()
}

/// A marker in view, with its label if it has room.
struct PlacedMarker {
    /// Index into the projection's markers.
    index: usize,
    sx: f32,
    label: Option<(Arc<Galley>, Placement)>,
}

/// The markers in view and where their labels go, worked out before the lanes so that the
/// strip's height is known.
struct MarkerLayout {
    items: Vec<PlacedMarker>,
    height: f32,
}

impl MarkerLayout {
    fn new(ui: &Ui, cx: &Cx<'_>) -> Self {
        // As many rows as there are markers, up to three: the strip keeps its height while
        // zooming, so that the lanes above do not jump.
        let rows = cx.markers.len().clamp(1, MARKER_ROWS);
        let height = MARKER_TRIANGLE + 4.0 + rows as f32 * MARKER_ROW_HEIGHT;
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let visuals = ui.visuals();
        let mut galleys = Vec::new();
        let mut specs = Vec::new();
        let mut items = Vec::new();
        for (index, m) in cx.markers.iter().enumerate() {
            let sx = cx.axis.sx_from_date(m.date);
            if !cx.axis.contains(sx) {
                continue;
            }
            let name = cx.a.events.get(m.event).map_or("", |e| e.name.as_str());
            let color = marker_color(m.kind, visuals);
            let (full, short) = match m.kind {
                EventKind::Amendment => (name.to_owned(), words::month_year(m.date)),
                EventKind::Trigger => (
                    format!("{name} (assumed)"),
                    format!("{} (assumed)", words::month_year(m.date)),
                ),
            };
            let full = ui.painter().layout_no_wrap(full, font.clone(), color);
            let short = ui.painter().layout_no_wrap(short, font.clone(), color);
            specs.push(LabelSpec {
                center: sx,
                widths: [full.size().x, short.size().x],
            });
            galleys.push([full, short]);
            items.push(PlacedMarker {
                index,
                sx,
                label: None,
            });
        }
        let bounds = (cx.axis.left, cx.axis.right + RIGHT_MARGIN);
        let placements = stagger(&specs, bounds, rows, MARKER_LABEL_GAP);
        for ((item, [full, short]), placement) in items.iter_mut().zip(galleys).zip(placements) {
            item.label = placement.map(|p| (if p.choice == 0 { full } else { short }, p));
        }
        Self { items, height }
    }
}

// ---------------------------------------------------------------------------
// Text and colours

/// A fraction as a short percentage: `0.2` → `20 %`, `0.325` → `32.5 %`.
fn short_percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

fn provider_name<'a>(a: &'a Agreement, id: &'a str) -> &'a str {
    a.providers
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

fn party_name<'a>(a: &'a Agreement, id: &'a str) -> &'a str {
    a.parties
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

fn stream_name<'a>(a: &'a Agreement, id: &'a str) -> &'a str {
    a.streams
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.name.as_str())
}

fn workload_name<'a>(a: &'a Agreement, id: &'a str) -> &'a str {
    a.workloads
        .iter()
        .find(|w| w.id == id)
        .map_or(id, |w| w.name.as_str())
}

/// Texts for inside a clause's segment, longest first: the first that fits is drawn.
fn segment_labels(a: &Agreement, c: &Clause) -> Vec<String> {
    match &c.kind {
        ClauseKind::Exclusivity {
            provider, level, ..
        } => {
            let provider = provider_name(a, provider);
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
                labels.push(format!("{rate} · cap {}", words::money(cap.value)));
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
            let amount = words::money(amount.value);
            vec![format!("{amount} → {}", provider_name(a, provider)), amount]
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
            vec![format!("{} {stake}", party_name(a, holder)), stake]
        }
        ClauseKind::Note => Vec::new(),
    }
}

/// Room left and right of a label inside a bar.
const LABEL_PAD: f32 = 4.0;

/// Where a segment's label goes, given its candidate texts' `widths` (longest first): the
/// first that fits `inside` the bar's visible part, centred; else the first that fits in the
/// free lane `right` or `left` of the bar (both as `(from, to)` in screen x).
/// Returns the candidate, its left x, and whether it is inside (text on the fill colour).
fn segment_label_spot(
    widths: &[f32],
    inside: (f32, f32),
    right: (f32, f32),
    left: (f32, f32),
) -> Option<(usize, f32, bool)> {
    let room = |(from, to): (f32, f32)| to - from;
    if let Some(k) = widths
        .iter()
        .position(|&w| w + 2.0 * LABEL_PAD <= room(inside))
    {
        return Some((k, (inside.0 + inside.1 - widths[k]) / 2.0, true));
    }
    // Beside the bar, the longest text that fits on either side, the right side first.
    widths.iter().enumerate().find_map(|(k, &w)| {
        if w <= room(right) {
            Some((k, right.0, false))
        } else if w <= room(left) {
            Some((k, left.1 - w, false))
        } else {
            None
        }
    })
}

/// A segment's fill: its level for exclusivity, exclusive or not for licences, else its kind.
fn segment_color(kind: &ClauseKind) -> Color32 {
    match kind {
        ClauseKind::Exclusivity { level, .. } => theme::level_color(level.kind()),
        ClauseKind::Licence { exclusive, .. } => theme::licence_color(*exclusive),
        other => theme::kind_color(other.tag()),
    }
}

/// A marker's colour; the amendment grey is lightened on dark backgrounds to stay readable.
fn marker_color(kind: EventKind, visuals: &egui::Visuals) -> Color32 {
    match kind {
        EventKind::Amendment if visuals.dark_mode => {
            theme::AMENDMENT.lerp_to_gamma(visuals.strong_text_color(), 0.55)
        }
        EventKind::Amendment => theme::AMENDMENT,
        EventKind::Trigger => theme::TRIGGER,
    }
}

/// The greyed-out tint outside the horizon.
fn outside_horizon_tint(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color().gamma_multiply(0.14)
}

fn level_text(level: &ExclusivityLevel) -> String {
    match level {
        ExclusivityLevel::Exclusive => "Exclusive".to_owned(),
        ExclusivityLevel::RightOfFirstRefusal { match_probability } => format!(
            "Right of first refusal (matches {} of new capacity)",
            short_percent(match_probability.value)
        ),
        ExclusivityLevel::Preferred { min_share } => {
            format!(
                "Preferred: at least {} of spend",
                short_percent(min_share.value)
            )
        }
        ExclusivityLevel::NonExclusive => "Non-exclusive".to_owned(),
    }
}

/// One line on what a clause is: kind and its main terms.
fn kind_text(a: &Agreement, c: &Clause) -> String {
    match &c.kind {
        ClauseKind::Exclusivity {
            provider,
            workloads,
            level,
        } => {
            let workloads: Vec<&str> = workloads.iter().map(|w| workload_name(a, w)).collect();
            let on = if workloads.is_empty() {
                String::new()
            } else {
                format!(" on {}", workloads.join(", "))
            };
            format!(
                "Exclusivity · {} · {}{on}",
                level_text(level),
                provider_name(a, provider)
            )
        }
        ClauseKind::RevenueShare {
            payer,
            payee,
            base,
            schedule,
            cap,
            spread_months,
        } => {
            let rate = schedule
                .first()
                .map_or_else(|| "no rate".to_owned(), |s| short_percent(s.rate.value));
            let more = if schedule.len() > 1 {
                format!(" (then {} more steps)", schedule.len() - 1)
            } else {
                String::new()
            };
            let cap = cap.map_or_else(String::new, |c| format!(" · cap {}", words::money(c.value)));
            let spread = if *spread_months > 1 {
                format!(" · paid over {spread_months} months")
            } else {
                String::new()
            };
            format!(
                "Revenue share · {} pays {} {rate}{more} of {}{cap}{spread}",
                party_name(a, payer),
                party_name(a, payee),
                stream_name(a, base)
            )
        }
        ClauseKind::ComputeCommitment {
            party,
            provider,
            amount,
            ..
        } => format!(
            "Compute commitment · {} commits {} to {}",
            party_name(a, party),
            words::money(amount.value),
            provider_name(a, provider)
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
            party_name(a, licensee)
        ),
        ClauseKind::EquityStake {
            holder,
            company,
            stake,
        } => format!(
            "Equity stake · {} holds {} of {}",
            party_name(a, holder),
            short_percent(stake.value),
            party_name(a, company)
        ),
        ClauseKind::Note => "Note".to_owned(),
    }
}

/// A boundary in words: "event “Oct 2025 restructuring” (2025-10-28)" or "2030-12-31".
fn boundary_text(a: &Agreement, b: &Boundary) -> String {
    match b {
        Boundary::Date(d) => words::date(*d),
        Boundary::Event(id) => match a.events.iter().find(|e| e.id == *id) {
            Some(e) => match e.date {
                Some(d) => format!("event “{}” ({})", e.name, words::date(d)),
                None => format!("event “{}” (no date)", e.name),
            },
            None => format!("unknown event “{id}”"),
        },
    }
}

/// The segment's dates: "2019-07-22 → 2025-01-21" or "2025-10-28 → open-ended".
fn dates_text(seg: &Segment) -> String {
    match seg.end {
        Some(end) => format!("{} → {}", words::date(seg.start), words::date(end)),
        None => format!("{} → open-ended", words::date(seg.start)),
    }
}

/// The accessible name of a segment: title, what it is and when.
fn segment_accessible_label(c: &Clause, seg: &Segment) -> String {
    let what = match &c.kind {
        ClauseKind::Exclusivity { level, .. } => level.kind().short_label(),
        other => other.tag().label(),
    };
    format!("{}: {what}, {}", c.title, dates_text(seg))
}

// ---------------------------------------------------------------------------
// Input shared by the whole panel

/// Ctrl+scroll or pinch zooms around the pointer, horizontal scroll pans, and the pointer's
/// date becomes the shared hover cursor.
fn zoom_and_pan(ui: &Ui, area: Rect, axis: Axis, view: &mut LocalView) {
    let Some(pos) = ui.ctx().pointer_hover_pos() else {
        return;
    };
    if !ui.rect_contains_pointer(area) || pos.x < axis.left || pos.x > axis.right {
        return;
    }
    view.next_hover_x = Some(axis.x_from_sx(pos.x));
    let (zoom, scroll_x) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta.x));
    if zoom != 1.0 {
        view.time_view = view
            .time_view
            .zoom_at(axis.x_from_sx(pos.x), f64::from(zoom));
    }
    if scroll_x != 0.0 {
        let years = f64::from(scroll_x / axis.width()) * view.time_view.span();
        view.time_view = view.time_view.pan(-years);
        // Taken: nothing else should scroll sideways with it.
        ui.ctx().input_mut(|i| i.smooth_scroll_delta.x = 0.0);
    }
}

/// The playhead and hover cursor lines over `y`, shared by ruler, lanes and marker strip.
fn paint_time_lines(painter: &egui::Painter, cx: &Cx<'_>, view: &LocalView, y: egui::Rangef) {
    if let Some(x) = view.hover_x {
        let sx = cx.axis.sx(x);
        if cx.axis.contains(sx) {
            let color = painter
                .ctx()
                .global_style()
                .visuals
                .weak_text_color()
                .gamma_multiply(0.7);
            painter.vline(sx, y, Stroke::new(1.0, color));
        }
    }
    let px = cx.axis.sx_from_date(view.playhead);
    if cx.axis.contains(px) {
        painter.vline(px, y, Stroke::new(1.5, theme::PLAYHEAD));
    }
}

// ---------------------------------------------------------------------------
// Legend

/// A legend entry: its colour, its name, and a shorter name for a narrow panel.
type LegendEntry = (Color32, &'static str, &'static str);

/// The legend's entries: every exclusivity level, then the other kinds the agreement has.
fn legend_entries(a: &Agreement) -> Vec<LegendEntry> {
    let mut entries: Vec<LegendEntry> = LevelKind::ALL
        .into_iter()
        .map(|level| {
            let (long, short) = match level {
                LevelKind::Exclusive => ("Exclusive", "Exclusive"),
                LevelKind::RightOfFirstRefusal => ("Right of first refusal", "ROFR"),
                LevelKind::Preferred => ("Preferred", "Preferred"),
                LevelKind::NonExclusive => ("Non-exclusive", "Non-excl."),
            };
            (theme::level_color(level), long, short)
        })
        .collect();
    let mut has = |color: Color32, long: &'static str, short: &'static str| {
        if !entries.iter().any(|e| e.1 == long) {
            entries.push((color, long, short));
        }
    };
    for c in &a.clauses {
        match &c.kind {
            ClauseKind::RevenueShare { .. } => has(
                theme::kind_color(KindTag::RevenueShare),
                "Revenue share",
                "Rev. share",
            ),
            ClauseKind::ComputeCommitment { .. } => has(
                theme::kind_color(KindTag::ComputeCommitment),
                "Commitment",
                "Commit.",
            ),
            ClauseKind::Licence { exclusive, .. } if *exclusive => {
                has(
                    theme::licence_color(true),
                    "Exclusive licence",
                    "Excl. lic.",
                );
            }
            ClauseKind::Licence { .. } => has(theme::licence_color(false), "Licence", "Licence"),
            ClauseKind::EquityStake { .. } => {
                has(theme::kind_color(KindTag::EquityStake), "Equity", "Equity");
            }
            ClauseKind::Exclusivity { .. } | ClauseKind::Note => {}
        }
    }
    // Same order whatever the clause order: levels first, then kinds as in the groups.
    let rank = |name: &str| {
        [
            "Revenue share",
            "Commitment",
            "Exclusive licence",
            "Licence",
            "Equity",
        ]
        .iter()
        .position(|n| *n == name)
    };
    entries[LevelKind::ALL.len()..].sort_by_key(|e| rank(e.1));
    entries
}

/// Swatch size and the room around each legend entry.
const LEGEND_SWATCH: egui::Vec2 = vec2(12.0, 10.0);
const LEGEND_SPACING: f32 = 4.0;

fn legend_ui(ui: &mut Ui, a: &Agreement) {
    let entries = legend_entries(a);
    // Short names when the long ones would take a second line.
    let font = egui::TextStyle::Small.resolve(ui.style());
    let width = |text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), font.clone(), Color32::PLACEHOLDER)
            .size()
            .x
    };
    let entry_room = LEGEND_SWATCH.x + 2.0 * LEGEND_SPACING + theme::GAP / 2.0;
    let long: f32 = entries.iter().map(|e| width(e.1) + entry_room).sum();
    let title = "Timeline";
    let title_room = 70.0 + theme::GAP;
    let short = long + title_room > ui.available_width();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(LEGEND_SPACING, 2.0);
        ui.strong(title);
        ui.add_space(theme::GAP);
        for (color, long, short_name) in entries {
            let (rect, _) = ui.allocate_exact_size(LEGEND_SWATCH, Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            if short && short_name != long {
                ui.small(short_name).on_hover_text(long);
            } else {
                ui.small(long);
            }
            ui.add_space(theme::GAP / 2.0);
        }
    });
}

// ---------------------------------------------------------------------------
// Ruler

fn ruler_ui(ui: &mut Ui, cx: &Cx<'_>, view: &mut LocalView) {
    let (row, _) = ui.allocate_exact_size(vec2(ui.available_width(), RULER_HEIGHT), Sense::hover());
    let rect = Rect::from_x_y_ranges(cx.axis.left..=cx.axis.right + RIGHT_MARGIN, row.y_range());
    let resp = ui.interact(rect, cx.id.with("ruler"), Sense::click_and_drag());

    if resp.double_clicked() {
        view.time_view = full_view(cx.a);
    } else if (resp.clicked() || resp.dragged())
        && let Some(pos) = resp.interact_pointer_pos()
    {
        view.playhead = playhead_date(cx, pos.x);
    }
    if resp.hovered() || resp.dragged() {
        ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
    }
    let playhead = view.playhead;
    resp.widget_info(|| {
        WidgetInfo::labeled(
            Role::Slider,
            true,
            format!("Time ruler, playhead at {}", words::date(playhead)),
        )
    });
    let resp = resp.on_hover_text(
        "Click or drag to move the playhead · double-click to show the whole horizon · \
         Ctrl+scroll to zoom, drag the lanes to pan",
    );

    let painter = ui.painter();
    let visuals = ui.visuals();
    // The label column shows the playhead's date: the date whose terms are "in force".
    painter.text(
        pos2(row.left() + 2.0, row.center().y),
        egui::Align2::LEFT_CENTER,
        format!("Playhead {}", words::date(view.playhead)),
        FontId::proportional(SMALL_FONT_SIZE),
        theme::PLAYHEAD,
    );

    let painter = painter.with_clip_rect(
        rect.expand2(vec2(RIGHT_MARGIN, 0.0))
            .intersect(painter.clip_rect()),
    );
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);
    paint_outside_horizon(&painter, cx, rect, outside_horizon_tint(visuals));

    let steps = ruler_steps(cx.axis.px_per_year());
    let tick = visuals.widgets.noninteractive.fg_stroke.color;
    let font = FontId::proportional(SMALL_FONT_SIZE);
    if steps.month_ticks {
        let first = cx.axis.view.min.floor() as i32;
        let last = cx.axis.view.max.ceil() as i32;
        for year in first..=last {
            for month in 2..=12 {
                let Some(d) = NaiveDate::from_ymd_opt(year, month, 1) else {
                    continue;
                };
                let sx = cx.axis.sx_from_date(d);
                if !cx.axis.contains(sx) {
                    continue;
                }
                painter.vline(
                    sx,
                    rect.bottom() - 4.0..=rect.bottom(),
                    Stroke::new(1.0, tick),
                );
                if steps.month_label_step.is_some_and(|s| (month - 1) % s == 0) {
                    painter.text(
                        pos2(sx + 3.0, rect.top() + 3.0),
                        egui::Align2::LEFT_TOP,
                        MONTHS[month as usize - 1],
                        font.clone(),
                        visuals.weak_text_color(),
                    );
                }
            }
        }
    }
    for_each_year_tick(cx.axis, steps.year_step, |year, sx| {
        painter.vline(sx, rect.top() + 2.0..=rect.bottom(), Stroke::new(1.0, tick));
        let galley = painter.layout_no_wrap(year.to_string(), font.clone(), visuals.text_color());
        // A label cut off at the right edge reads as a different year ("203").
        if sx + 3.0 + galley.size().x <= rect.right() + RIGHT_MARGIN {
            painter.galley(
                pos2(sx + 3.0, rect.top() + 3.0),
                galley,
                visuals.text_color(),
            );
        }
    });
    painter.hline(
        rect.x_range(),
        rect.bottom() - 0.5,
        visuals.widgets.noninteractive.bg_stroke,
    );

    // The hovered date, so that it reads the same here as in the plots.
    if let Some(x) = view.hover_x
        && !resp.dragged()
    {
        let sx = cx.axis.sx(x);
        if cx.axis.contains(sx) {
            let d = date_from_x(x);
            let text = if cx.axis.px_per_year() > 365.0 {
                words::date(d)
            } else {
                words::month_year(d)
            };
            let galley = painter.layout_no_wrap(text, font.clone(), visuals.strong_text_color());
            let size = galley.size() + vec2(8.0, 2.0);
            let left = (sx - size.x / 2.0)
                .max(rect.left())
                .min(rect.right() - size.x);
            let pill = Rect::from_min_size(pos2(left, rect.top() + 1.0), size);
            painter.rect(
                pill,
                3.0,
                visuals.window_fill,
                visuals.window_stroke,
                StrokeKind::Inside,
            );
            painter.galley(
                pill.min + vec2(4.0, 1.0),
                galley,
                visuals.strong_text_color(),
            );
        }
    }

    // The playhead's handle: a pointer down into the lanes.
    let px = cx.axis.sx_from_date(view.playhead);
    if cx.axis.contains(px) {
        painter.vline(px, rect.y_range(), Stroke::new(1.5, theme::PLAYHEAD));
        let (top, bottom) = (rect.bottom() - 12.0, rect.bottom());
        painter.add(Shape::convex_polygon(
            vec![
                pos2(px - 5.0, top),
                pos2(px + 5.0, top),
                pos2(px + 5.0, bottom - 5.0),
                pos2(px, bottom),
                pos2(px - 5.0, bottom - 5.0),
            ],
            theme::PLAYHEAD,
            Stroke::NONE,
        ));
    }
}

/// Where a click or drag on the ruler puts the playhead: on an event within a few pixels,
/// else on the day (zoomed in) or the month start (zoomed out), within the horizon.
fn playhead_date(cx: &Cx<'_>, sx: f32) -> NaiveDate {
    let nearest = cx
        .markers
        .iter()
        .map(|m| (m.date, (cx.axis.sx_from_date(m.date) - sx).abs()))
        .filter(|&(_, d)| d <= MARKER_SNAP_PX)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let x = cx.axis.x_from_sx(sx);
    let date = match nearest {
        Some((d, _)) => d,
        None if cx.axis.px_per_year() >= 365.0 * 2.0 => date_from_x(x),
        None => snap_to_month(x),
    };
    let last = cx.horizon.1.pred_opt().unwrap_or(cx.horizon.1);
    date.max(cx.horizon.0).min(last)
}

fn paint_outside_horizon(painter: &egui::Painter, cx: &Cx<'_>, rect: Rect, tint: Color32) {
    let start = cx.axis.sx_from_date(cx.horizon.0);
    let end = cx.axis.sx_from_date(cx.horizon.1);
    if start > rect.left() {
        let r = Rect::from_x_y_ranges(rect.left()..=start.min(rect.right()), rect.y_range());
        painter.rect_filled(r, 0.0, tint);
    }
    if end < rect.right() {
        let r = Rect::from_x_y_ranges(end.max(rect.left())..=rect.right(), rect.y_range());
        painter.rect_filled(r, 0.0, tint);
    }
}

// ---------------------------------------------------------------------------
// Lanes

/// What is under the pointer in the lane area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LaneHit {
    Edge(usize, Edge),
    Segment(usize),
    /// A clause's lane, off its segment.
    Lane(usize),
    Background,
}

/// A drag in progress on the lanes, remembered between frames.
#[derive(Clone, Debug, PartialEq, Eq)]
enum LaneDrag {
    /// Moving the time range.
    Pan,
    /// Moving one boundary of a clause.
    Edge {
        clause: usize,
        edge: Edge,
        target: EdgeTarget,
    },
}

fn lane_hit(cx: &Cx<'_>, placed: &[(Row, Rect)], pos: Pos2) -> LaneHit {
    if pos.x < cx.axis.left - EDGE_GRAB_PX || pos.x > cx.axis.right + EDGE_GRAB_PX {
        return LaneHit::Background;
    }
    let Some(&(Row::Lane(i), _)) = placed.iter().find(|(_, r)| r.y_range().contains(pos.y)) else {
        return LaneHit::Background;
    };
    let Some(seg) = cx.segment(i) else {
        return LaneHit::Lane(i);
    };
    let (s0, s1) = cx.span(seg);
    match edge_at(pos.x, s0, s1, EDGE_GRAB_PX) {
        Some(Edge::Start) if cx.axis.contains(s0) => LaneHit::Edge(i, Edge::Start),
        Some(Edge::End) if cx.axis.contains(s1) => LaneHit::Edge(i, Edge::End),
        _ if (s0..=s1).contains(&pos.x) => LaneHit::Segment(i),
        _ => LaneHit::Lane(i),
    }
}

/// The rows with their rectangles, top to bottom from `top`.
fn place_rows(rows: &[Row], rect: Rect) -> Vec<(Row, Rect)> {
    let mut y = rect.top();
    rows.iter()
        .map(|&row| {
            let r = Rect::from_x_y_ranges(rect.x_range(), y..=y + row.height());
            y += row.height();
            (row, r)
        })
        .collect()
}

/// The bar of a lane row: the lane without the gap below it, inset a little.
fn bar_y(row: Rect) -> egui::Rangef {
    egui::Rangef::new(row.top() + 2.0, row.top() + theme::LANE_HEIGHT - 1.0)
}

fn lanes_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    doc: &Document,
    rows: &[Row],
    markers: &MarkerLayout,
    view: &mut LocalView,
    edits: &mut Vec<Edit>,
) -> HiddenLanes {
    let height: f32 = rows
        .iter()
        .map(|r| r.height())
        .sum::<f32>()
        .max(theme::LANE_HEIGHT);
    let (rect, resp) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    resp.widget_info(|| WidgetInfo::labeled(Role::Pane, true, "Timeline lanes"));
    let placed = place_rows(rows, rect);

    // Bring the selected clause's lane into view when the selection changes elsewhere.
    let shown_key = cx.id.with("shown-selection");
    if ui.data(|d| d.get_temp::<Option<usize>>(shown_key)) != Some(view.selected) {
        if let Some(sel) = view.selected
            && let Some((_, r)) = placed.iter().find(|(row, _)| *row == Row::Lane(sel))
        {
            ui.scroll_to_rect(*r, None);
        }
        ui.data_mut(|d| d.insert_temp(shown_key, view.selected));
    }

    let active = lane_drag(ui, cx, &placed, &resp, view, edits);
    let hover = if resp.dragged() {
        None
    } else {
        resp.hover_pos().map(|p| lane_hit(cx, &placed, p))
    };
    match hover {
        Some(LaneHit::Edge(..)) => ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal),
        Some(LaneHit::Segment(_)) => ui.ctx().set_cursor_icon(CursorIcon::PointingHand),
        _ => {}
    }
    if resp.clicked()
        && let Some(pos) = resp.interact_pointer_pos()
        && let LaneHit::Edge(i, _) | LaneHit::Segment(i) = lane_hit(cx, &placed, pos)
    {
        view.selected = Some(i);
    }

    let clip = ui.clip_rect().intersect(rect);
    let time_rect =
        Rect::from_x_y_ranges(cx.axis.left..=cx.axis.right + RIGHT_MARGIN, clip.y_range());
    let painter = ui.painter().with_clip_rect(clip);
    let time_painter = painter.with_clip_rect(clip.intersect(time_rect));
    let visuals = ui.visuals().clone();

    // Background: stripes, selection, horizon, year grid.
    let mut lane_number = 0;
    for &(row, r) in &placed {
        if let Row::Lane(i) = row {
            if view.selected == Some(i) {
                painter.rect_filled(r, 0.0, visuals.selection.bg_fill.gamma_multiply(0.25));
            } else if lane_number % 2 == 1 {
                painter.rect_filled(r, 0.0, visuals.faint_bg_color);
            }
            lane_number += 1;
        }
    }
    paint_outside_horizon(&time_painter, cx, clip, outside_horizon_tint(&visuals));
    let grid = visuals
        .widgets
        .noninteractive
        .bg_stroke
        .color
        .gamma_multiply(0.6);
    for_each_year_tick(
        cx.axis,
        ruler_steps(cx.axis.px_per_year()).year_step,
        |_, sx| {
            time_painter.vline(sx, clip.y_range(), Stroke::new(1.0, grid));
        },
    );

    let problems = doc.problems();
    for &(row, r) in &placed {
        if !r.intersects(clip) {
            continue;
        }
        match row {
            Row::Header(group) => {
                let text_rect = painter.text(
                    pos2(r.left() + 2.0, r.bottom() - 3.0),
                    egui::Align2::LEFT_BOTTOM,
                    group.title(),
                    FontId::proportional(SMALL_FONT_SIZE),
                    visuals.strong_text_color(),
                );
                painter.hline(
                    text_rect.right() + 6.0..=r.right(),
                    r.bottom() - 7.0,
                    visuals.widgets.noninteractive.bg_stroke,
                );
            }
            Row::Lane(i) => {
                let Some(c) = cx.a.clauses.get(i) else {
                    continue;
                };
                let has_problem = problems
                    .iter()
                    .any(|p| matches!(&p.item, crate::model::validate::ItemRef::Clause(id) if *id == c.id));
                lane_title_ui(ui, cx, i, c, r, has_problem, view);
                let lane = LanePaint {
                    painter: &time_painter,
                    selected: view.selected == Some(i),
                    hovered: matches!(hover, Some(LaneHit::Segment(h) | LaneHit::Edge(h, _)) if h == i),
                    edge: match (active, hover) {
                        (Some((h, e, _)), _) | (None, Some(LaneHit::Edge(h, e))) if h == i => {
                            Some(e)
                        }
                        _ => None,
                    },
                    dragging: active.is_some_and(|(h, _, _)| h == i),
                };
                paint_segment(ui, cx, i, c, r, &lane);
            }
        }
    }

    // Event markers as dashed lines through the lanes.
    let mut shapes = Vec::new();
    for m in &markers.items {
        let Some(marker) = cx.markers.get(m.index) else {
            continue;
        };
        let color = marker_color(marker.kind, &visuals).gamma_multiply(0.8);
        Shape::dashed_line_many(
            &[pos2(m.sx, clip.top()), pos2(m.sx, clip.bottom())],
            Stroke::new(1.0, color),
            4.0,
            3.0,
            &mut shapes,
        );
    }
    time_painter.extend(shapes);
    paint_time_lines(&time_painter, cx, view, clip.y_range());

    // While dragging an edge, the date it will get, next to it.
    if let Some((i, edge, date)) = active
        && let Some((_, r)) = placed.iter().find(|(row, _)| *row == Row::Lane(i))
    {
        let sx = cx.axis.sx_from_date(date);
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let galley = painter.layout_no_wrap(words::date(date), font, visuals.strong_text_color());
        let size = galley.size() + vec2(8.0, 2.0);
        let left = match edge {
            Edge::Start => sx - size.x - 4.0,
            Edge::End => sx + 4.0,
        };
        let pill = Rect::from_min_size(pos2(left, r.center().y - size.y / 2.0 - 1.0), size);
        time_painter.rect(
            pill,
            3.0,
            visuals.window_fill,
            visuals.window_stroke,
            StrokeKind::Inside,
        );
        time_painter.galley(
            pill.min + vec2(4.0, 1.0),
            galley,
            visuals.strong_text_color(),
        );
    }

    if active.is_none() {
        match hover {
            Some(LaneHit::Edge(i, edge)) => {
                resp.on_hover_ui_at_pointer(|ui| edge_tooltip_ui(ui, cx, i, edge));
            }
            Some(LaneHit::Segment(i)) => {
                resp.on_hover_ui_at_pointer(|ui| segment_tooltip_ui(ui, cx, doc, i));
            }
            _ => {}
        }
    }
    HiddenLanes::count(&placed, clip)
}

/// How many lanes are scrolled out of view, above and below.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct HiddenLanes {
    above: usize,
    below: usize,
}

impl HiddenLanes {
    /// Lanes that are more than half outside `view`.
    fn count(placed: &[(Row, Rect)], view: Rect) -> Self {
        let mut hidden = Self::default();
        for (row, r) in placed {
            if let Row::Lane(_) = row {
                if r.center().y < view.top() {
                    hidden.above += 1;
                } else if r.center().y > view.bottom() {
                    hidden.below += 1;
                }
            }
        }
        hidden
    }

    /// "14 more lanes below", so that lanes scrolled away are not missed.
    fn text(self) -> Option<String> {
        let lanes = |n: usize| if n == 1 { "lane" } else { "lanes" };
        match (self.above, self.below) {
            (0, 0) => None,
            (0, b) => Some(format!("{b} more {} below", lanes(b))),
            (a, 0) => Some(format!("{a} more {} above", lanes(a))),
            (a, b) => Some(format!("{a} lanes above, {b} below")),
        }
    }
}

/// Starts, continues and ends a drag on the lanes: an edge drag emits edits, anything else
/// pans. Returns the edge being dragged and the date it gets.
fn lane_drag(
    ui: &Ui,
    cx: &Cx<'_>,
    placed: &[(Row, Rect)],
    resp: &Response,
    view: &mut LocalView,
    edits: &mut Vec<Edit>,
) -> Option<(usize, Edge, NaiveDate)> {
    let key = resp.id.with("drag");
    if resp.drag_started() {
        // Where the button went down decides, not where the pointer is once the drag is seen.
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or_else(|| resp.interact_pointer_pos());
        let drag = match origin.map(|p| lane_hit(cx, placed, p)) {
            Some(LaneHit::Edge(clause, edge)) => cx
                .segment(clause)
                .and_then(|seg| edge_target(cx.a, clause, edge, seg))
                .map_or(LaneDrag::Pan, |target| LaneDrag::Edge {
                    clause,
                    edge,
                    target,
                }),
            _ => LaneDrag::Pan,
        };
        // Changing a clause's dates is working on it: show it in the editor too.
        if let LaneDrag::Edge { clause, .. } = drag {
            view.selected = Some(clause);
        }
        ui.data_mut(|d| d.insert_temp(key, drag));
    }
    let mut active = None;
    if resp.dragged() {
        match ui.data(|d| d.get_temp::<LaneDrag>(key)) {
            Some(LaneDrag::Edge {
                clause,
                edge,
                target,
            }) => {
                ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
                if let Some(pos) = resp.interact_pointer_pos()
                    && let Some(seg) = cx.segment(clause)
                {
                    let other = match edge {
                        Edge::Start => seg.end.unwrap_or(cx.horizon.1),
                        Edge::End => seg.start,
                    };
                    let date = clamp_edge(
                        edge,
                        snap_to_month(cx.axis.x_from_sx(pos.x)),
                        other,
                        cx.horizon,
                    );
                    if target_date(cx.a, clause, &target) != Some(date) {
                        edits.push(edge_edit(cx.a, clause, edge, target, date));
                    }
                    active = Some((clause, edge, date));
                }
            }
            Some(LaneDrag::Pan) | None => {
                ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
                let dx = resp.drag_delta().x;
                if dx != 0.0 {
                    let years = f64::from(dx / cx.axis.width()) * view.time_view.span();
                    view.time_view = view.time_view.pan(-years);
                }
            }
        }
    }
    if resp.drag_stopped() {
        ui.data_mut(|d| d.remove::<LaneDrag>(key));
    }
    active
}

/// The clause's title in the label column: click to select, elided to fit.
fn lane_title_ui(
    ui: &Ui,
    cx: &Cx<'_>,
    i: usize,
    c: &Clause,
    row: Rect,
    has_problem: bool,
    view: &mut LocalView,
) {
    let lane = Rect::from_x_y_ranges(
        row.left()..=cx.axis.left - 4.0,
        row.top()..=row.top() + theme::LANE_HEIGHT,
    );
    let resp = ui.interact(lane, cx.id.with(("lane-title", i)), Sense::click());
    if resp.clicked() {
        view.selected = Some(i);
    }
    resp.widget_info(|| {
        WidgetInfo::selected(Role::Button, true, view.selected == Some(i), &c.title)
    });
    let visuals = ui.visuals();
    let selected = view.selected == Some(i);
    let color = if selected || resp.hovered() {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let warning_width = if has_problem { 16.0 } else { 0.0 };
    let max_width = (lane.width() - LANE_TITLE_INDENT - warning_width).max(10.0);
    let mut job = LayoutJob::simple_singleline(
        c.title.clone(),
        FontId::proportional(TITLE_FONT_SIZE),
        color,
    );
    job.wrap = TextWrapping::truncate_at_width(max_width);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let elided = galley.elided;
    let pos = pos2(
        lane.left() + LANE_TITLE_INDENT,
        lane.center().y - galley.size().y / 2.0,
    );
    ui.painter().galley(pos, galley, color);
    if has_problem {
        paint_warning_sign(ui.painter(), pos2(lane.right() - 8.0, lane.center().y));
    }
    if elided || has_problem {
        resp.on_hover_ui(|ui| {
            ui.label(&c.title);
            if has_problem {
                ui.colored_label(
                    theme::WARNING,
                    "This clause has problems: see the status bar",
                );
            }
        });
    }
}

/// A small warning triangle centred on `center`, painted rather than a glyph so that it does
/// not depend on the fonts installed.
fn paint_warning_sign(painter: &egui::Painter, center: Pos2) {
    let (w, h) = (6.0, 11.0);
    painter.add(Shape::convex_polygon(
        vec![
            pos2(center.x, center.y - h / 2.0),
            pos2(center.x + w, center.y + h / 2.0),
            pos2(center.x - w, center.y + h / 2.0),
        ],
        theme::WARNING,
        Stroke::NONE,
    ));
    let mark = Stroke::new(1.5, theme::text_on(theme::WARNING));
    painter.line_segment(
        [
            pos2(center.x, center.y - 2.0),
            pos2(center.x, center.y + 2.0),
        ],
        mark,
    );
    painter.circle_filled(pos2(center.x, center.y + 4.0), 0.9, mark.color);
}

/// How to draw one lane's segment.
struct LanePaint<'p> {
    painter: &'p egui::Painter,
    selected: bool,
    hovered: bool,
    /// The edge under the pointer or being dragged.
    edge: Option<Edge>,
    /// Whether that edge is being dragged: its date is shown instead of the label.
    dragging: bool,
}

fn paint_segment(ui: &Ui, cx: &Cx<'_>, i: usize, c: &Clause, row: Rect, lane: &LanePaint<'_>) {
    let painter = lane.painter;
    let visuals = ui.visuals();
    let y = bar_y(row);
    let Some(seg) = cx.segment(i) else {
        painter.text(
            pos2(cx.axis.left + 6.0, y.center()),
            egui::Align2::LEFT_CENTER,
            "never starts: its start event has no date",
            FontId::proportional(SMALL_FONT_SIZE),
            visuals.weak_text_color(),
        );
        return;
    };
    let (s0, s1) = cx.span(seg);
    // At least a sliver, so that a zero-length segment stays visible and grabbable.
    let s1 = s1.max(s0 + 2.0);
    let bar = Rect::from_x_y_ranges(s0..=s1, y);
    let fill = segment_color(&c.kind);
    let open = seg.end.is_none();
    let r = SEGMENT_RADIUS;
    let fade = if open {
        OPEN_END_FADE_PX.min(bar.width() / 2.0)
    } else {
        0.0
    };
    if open {
        let solid = Rect::from_x_y_ranges(s0..=s1 - fade, y);
        painter.rect_filled(
            solid,
            CornerRadius {
                nw: r,
                sw: r,
                ne: 0,
                se: 0,
            },
            fill,
        );
        let mut mesh = Mesh::default();
        mesh.colored_vertex(pos2(s1 - fade, y.min), fill);
        mesh.colored_vertex(pos2(s1, y.min), Color32::TRANSPARENT);
        mesh.colored_vertex(pos2(s1, y.max), Color32::TRANSPARENT);
        mesh.colored_vertex(pos2(s1 - fade, y.max), fill);
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(0, 2, 3);
        painter.add(Shape::mesh(mesh));
        // A chevron past the fade: the clause runs on beyond what is drawn.
        let tip = pos2(s1 + 5.0, y.center());
        let arrow = Stroke::new(1.5, fill);
        painter.line_segment([pos2(s1 + 1.0, y.min + 3.0), tip], arrow);
        painter.line_segment([pos2(s1 + 1.0, y.max - 3.0), tip], arrow);
    } else {
        painter.rect_filled(bar, r, fill);
    }
    if lane.selected {
        painter.rect_stroke(
            bar,
            r,
            Stroke::new(2.0, visuals.strong_text_color()),
            StrokeKind::Outside,
        );
    } else if lane.hovered {
        painter.rect_stroke(
            bar,
            r,
            Stroke::new(1.0, visuals.strong_text_color()),
            StrokeKind::Outside,
        );
    }
    if let Some(edge) = lane.edge {
        let sx = match edge {
            Edge::Start => s0,
            Edge::End => s1,
        };
        painter.vline(
            sx,
            y.min - 2.0..=y.max + 2.0,
            Stroke::new(3.0, visuals.strong_text_color()),
        );
    }

    // The label: inside the part of the bar that is in view, else beside the bar.
    let left = s0.max(cx.axis.left);
    let right = (s1 - fade).min(cx.axis.right);
    if row.intersects(painter.clip_rect()) && !lane.dragging {
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let galleys: Vec<Arc<Galley>> = segment_labels(cx.a, c)
            .into_iter()
            .map(|text| painter.layout_no_wrap(text, font.clone(), Color32::PLACEHOLDER))
            .collect();
        let widths: Vec<f32> = galleys.iter().map(|g| g.size().x).collect();
        let after_end = if open { s1 + 10.0 } else { s1 + 5.0 };
        let spot = segment_label_spot(
            &widths,
            (left, right),
            (after_end.max(cx.axis.left), cx.axis.right),
            (cx.axis.left, (s0 - 5.0).min(cx.axis.right)),
        );
        if let Some((k, x, inside)) = spot
            && let Some(galley) = galleys.get(k)
        {
            let color = if inside {
                theme::text_on(fill)
            } else {
                visuals.text_color()
            };
            let pos = pos2(x, y.center() - galley.size().y / 2.0);
            painter.galley(pos, galley.clone(), color);
        }
    }

    // An accessible name for the segment, for screen readers and tests.
    let visible = Rect::from_x_y_ranges(left.min(right)..=right.max(left + 1.0), y);
    if cx.axis.contains(left) || cx.axis.contains(right) {
        let node = ui.interact(visible, cx.id.with(("segment", i)), Sense::hover());
        node.widget_info(|| {
            WidgetInfo::labeled(Role::Button, true, segment_accessible_label(c, seg))
        });
    }
}

fn edge_tooltip_ui(ui: &mut Ui, cx: &Cx<'_>, i: usize, edge: Edge) {
    let (Some(c), Some(seg)) = (cx.a.clauses.get(i), cx.segment(i)) else {
        return;
    };
    let which = match edge {
        Edge::Start => "start",
        Edge::End => "end",
    };
    match edge_boundary(c, edge, seg) {
        None => {
            ui.label(format!(
                "“{}” is open-ended: drag to give it an end date",
                c.title
            ));
        }
        Some(b @ Boundary::Date(_)) => {
            ui.label(format!(
                "Drag to move the {which} of “{}” ({})",
                c.title,
                boundary_text(cx.a, b)
            ));
        }
        Some(b @ Boundary::Event(id)) => {
            ui.label(format!(
                "Drag to move the {which} of “{}”: {}",
                c.title,
                boundary_text(cx.a, b)
            ));
            let name =
                cx.a.events
                    .iter()
                    .find(|e| e.id == *id)
                    .map_or(id.as_str(), |e| e.name.as_str());
            let others = clauses_on_event(cx.a, id, Some(i));
            let text = match others {
                0 => format!("Moves event “{name}”"),
                1 => format!("Moves event “{name}” — also moves 1 other clause"),
                n => format!("Moves event “{name}” — also moves {n} other clauses"),
            };
            ui.colored_label(theme::WARNING, text);
        }
    }
    ui.weak("Snaps to the first of a month");
}

fn segment_tooltip_ui(ui: &mut Ui, cx: &Cx<'_>, doc: &Document, i: usize) {
    let (Some(c), Some(seg)) = (cx.a.clauses.get(i), cx.segment(i)) else {
        return;
    };
    ui.strong(&c.title);
    ui.label(kind_text(cx.a, c));
    ui.label(dates_text(seg));
    if let Boundary::Event(_) = &c.period.start {
        ui.label(format!(
            "Starts on {}",
            boundary_text(cx.a, &c.period.start)
        ));
    }
    match edge_boundary(c, Edge::End, seg) {
        Some(b) => {
            ui.label(format!("Ends on {}", boundary_text(cx.a, b)));
        }
        None => {
            ui.label("Open-ended");
        }
    }
    // Other ends that have not (yet) come first: "until AGI or 2030, whichever comes first".
    let others: Vec<String> = c
        .period
        .end
        .iter()
        .enumerate()
        .filter(|&(k, _)| Some(k) != seg.end_index)
        .map(|(_, b)| boundary_text(cx.a, b))
        .collect();
    if !others.is_empty() {
        ui.weak(format!("Or earlier on: {}", others.join(", ")));
    }
    if let Some(source) = c.sources.first() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label("Source:");
            ui.colored_label(theme::status_color(source.status), source.status.label());
            ui.label(&source.title);
            if c.sources.len() > 1 {
                ui.weak(format!("(+{} more)", c.sources.len() - 1));
            }
        });
    }
    for p in doc.problems() {
        if matches!(&p.item, crate::model::validate::ItemRef::Clause(id) if *id == c.id) {
            ui.colored_label(theme::WARNING, &p.message);
        }
    }
    ui.weak("Click to select · drag an edge to change its date");
}

// ---------------------------------------------------------------------------
// Marker strip

/// The marker strip below the lanes; its label column says how many lanes are scrolled away.
fn markers_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    layout: &MarkerLayout,
    hidden: HiddenLanes,
    view: &mut LocalView,
) {
    let (row, _) =
        ui.allocate_exact_size(vec2(ui.available_width(), layout.height), Sense::hover());
    if let Some(text) = hidden.text() {
        ui.painter().text(
            pos2(row.left() + 2.0, row.top() + 3.0),
            egui::Align2::LEFT_TOP,
            text,
            FontId::proportional(SMALL_FONT_SIZE),
            ui.visuals().weak_text_color(),
        );
    }
    let rect = Rect::from_x_y_ranges(cx.axis.left..=cx.axis.right + RIGHT_MARGIN, row.y_range());
    let resp = ui.interact(rect, cx.id.with("markers"), Sense::click());
    resp.widget_info(|| WidgetInfo::labeled(Role::Group, true, "Event markers"));
    let visuals = ui.visuals().clone();
    let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
    let top = rect.top();
    let label_top = |row: usize| top + MARKER_TRIANGLE + 3.0 + row as f32 * MARKER_ROW_HEIGHT;

    // Hit areas: the triangle, and the label if it has one.
    let hit_rects = |m: &PlacedMarker| {
        let triangle = Rect::from_center_size(
            pos2(m.sx, top + MARKER_TRIANGLE / 2.0),
            vec2(12.0, MARKER_TRIANGLE + 4.0),
        );
        let label = m
            .label
            .as_ref()
            .map(|(g, p)| Rect::from_min_size(pos2(p.left, label_top(p.row)), g.size()));
        (triangle, label)
    };
    let hit = |pos: Pos2| {
        layout.items.iter().find(|m| {
            let (t, l) = hit_rects(m);
            t.contains(pos) || l.is_some_and(|l| l.contains(pos))
        })
    };
    let hovered = resp.hover_pos().and_then(hit);
    if hovered.is_some() {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
    }
    if resp.clicked()
        && let Some(m) = resp.interact_pointer_pos().and_then(hit)
        && let Some(marker) = cx.markers.get(m.index)
    {
        view.playhead = marker.date;
    }

    paint_outside_horizon(&painter, cx, rect, outside_horizon_tint(&visuals));
    paint_time_lines(&painter, cx, view, rect.y_range());
    for m in &layout.items {
        let Some(marker) = cx.markers.get(m.index) else {
            continue;
        };
        let is_hovered = hovered.is_some_and(|h| h.index == m.index);
        let color = marker_color(marker.kind, &visuals);
        let w = if is_hovered { 6.0 } else { 5.0 };
        painter.add(Shape::convex_polygon(
            vec![
                pos2(m.sx, top),
                pos2(m.sx + w, top + MARKER_TRIANGLE),
                pos2(m.sx - w, top + MARKER_TRIANGLE),
            ],
            color,
            Stroke::NONE,
        ));
        if let Some((galley, p)) = &m.label {
            let y = label_top(p.row);
            if p.row > 0 {
                // A leader from the triangle down to a label on a lower row.
                painter.vline(
                    m.sx,
                    top + MARKER_TRIANGLE..=y + 2.0,
                    Stroke::new(1.0, color.gamma_multiply(0.5)),
                );
            }
            if is_hovered {
                let bg = Rect::from_min_size(pos2(p.left, y), galley.size()).expand(1.0);
                painter.rect_filled(bg, 2.0, visuals.widgets.hovered.weak_bg_fill);
            }
            painter.galley(pos2(p.left, y), galley.clone(), color);
        }
        let (t, l) = hit_rects(m);
        let node_rect = l.map_or(t, |l| l.union(t));
        let node = ui.interact(node_rect, cx.id.with(("marker", m.index)), Sense::hover());
        node.widget_info(|| {
            let name =
                cx.a.events
                    .get(marker.event)
                    .map_or("", |e| e.name.as_str());
            let kind = match marker.kind {
                EventKind::Amendment => "Amendment",
                EventKind::Trigger => "Trigger (assumed date)",
            };
            WidgetInfo::labeled(
                Role::Label,
                true,
                format!("{kind}: {name}, {}", words::date(marker.date)),
            )
        });
    }

    if let Some(m) = hovered
        && let Some(marker) = cx.markers.get(m.index)
    {
        resp.on_hover_ui_at_pointer(|ui| marker_tooltip_ui(ui, cx.a, marker));
    }
}

fn marker_tooltip_ui(ui: &mut Ui, a: &Agreement, m: &Marker) {
    let Some(e) = a.events.get(m.event) else {
        return;
    };
    ui.strong(&e.name);
    match e.kind {
        EventKind::Amendment => {
            ui.label(format!("Amendment · {}", words::date(m.date)));
        }
        EventKind::Trigger => {
            ui.label(format!("Trigger · assumed date {}", words::date(m.date)));
            if let Some(r) = e.date_range {
                ui.weak(format!(
                    "May fall between {} and {}",
                    words::date(r.low),
                    words::date(r.high)
                ));
            }
        }
    }
    if !e.description.is_empty() {
        ui.label(&e.description);
    }
    let n = clauses_on_event(a, &e.id, None);
    if n > 0 {
        ui.weak(format!(
            "{n} clause{} start or end on it",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(source) = e.sources.first() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label("Source:");
            ui.colored_label(theme::status_color(source.status), source.status.label());
            ui.label(&source.title);
        });
    }
    ui.weak("Click to move the playhead here");
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{self, PanelState};
    use egui::{Event, Modifiers, PointerButton};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::model::{
        Event as AgreementEvent, Horizon, Month, Party, Provider, RateStep, Rgb, Source,
        SourceStatus, Uncertain,
    };

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn event(id: &str, name: &str, kind: EventKind, date: &str) -> AgreementEvent {
        AgreementEvent {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
            date: Some(d(date)),
            date_range: None,
            description: format!("What {name} changed"),
            sources: Vec::new(),
        }
    }

    fn clause(
        id: &str,
        title: &str,
        start: Boundary,
        end: Vec<Boundary>,
        kind: ClauseKind,
    ) -> Clause {
        Clause {
            id: id.to_owned(),
            title: title.to_owned(),
            text: String::new(),
            sources: vec![Source {
                title: format!("Press release on {title}"),
                url: String::new(),
                status: SourceStatus::Reported,
                note: String::new(),
            }],
            period: crate::model::Period { start, end },
            kind,
        }
    }

    fn exclusivity(level: ExclusivityLevel) -> ClauseKind {
        ClauseKind::Exclusivity {
            provider: "azure".to_owned(),
            workloads: Vec::new(),
            level,
        }
    }

    fn ev(id: &str) -> Boundary {
        Boundary::Event(id.to_owned())
    }

    /// A small agreement with the shape of the Microsoft–OpenAI history: exclusive until an
    /// amendment, then a right of first refusal, then open; a capped revenue share until AGI
    /// or 2030; a commitment; a stake. Built in code so that the tests do not depend on the
    /// shipped example's details.
    fn agreement() -> Agreement {
        let mut a = crate::app::new_agreement();
        a.horizon = Horizon {
            first: Month::new(2019, 1).expect("month"),
            last: Month::new(2032, 12).expect("month"),
        };
        a.valuation_date = d("2026-04-27");
        a.parties = ["openai", "microsoft"]
            .map(|id| Party {
                id: id.to_owned(),
                name: if id == "openai" {
                    "OpenAI"
                } else {
                    "Microsoft"
                }
                .to_owned(),
                color: Rgb([10, 10, 10]),
            })
            .to_vec();
        a.providers = vec![Provider {
            id: "azure".to_owned(),
            name: "Azure".to_owned(),
            color: Rgb([0, 120, 212]),
            weight: Uncertain::exact(1.0),
            available_from: None,
            sources: Vec::new(),
        }];
        a.events = vec![
            event(
                "invest",
                "2019 investment",
                EventKind::Amendment,
                "2019-07-22",
            ),
            event(
                "rofr",
                "Jan 2025: right of first refusal",
                EventKind::Amendment,
                "2025-01-21",
            ),
            event("agi", "AGI verified", EventKind::Trigger, "2030-06-30"),
        ];
        a.clauses = vec![
            clause(
                "excl",
                "Azure exclusive",
                ev("invest"),
                vec![ev("rofr")],
                exclusivity(ExclusivityLevel::Exclusive),
            ),
            clause(
                "share",
                "Revenue share",
                ev("invest"),
                vec![ev("agi"), Boundary::Date(d("2030-12-31"))],
                ClauseKind::RevenueShare {
                    payer: "openai".to_owned(),
                    payee: "microsoft".to_owned(),
                    base: "revenue".to_owned(),
                    schedule: vec![RateStep {
                        from: d("2019-07-22"),
                        rate: Uncertain::exact(0.2),
                    }],
                    cap: Some(Uncertain::exact(38e9)),
                    spread_months: 1,
                },
            ),
            clause(
                "rofr_clause",
                "ROFR on new capacity",
                ev("rofr"),
                vec![Boundary::Date(d("2025-10-28"))],
                exclusivity(ExclusivityLevel::RightOfFirstRefusal {
                    match_probability: Uncertain::exact(0.5),
                }),
            ),
            clause(
                "open",
                "Any cloud",
                Boundary::Date(d("2025-10-28")),
                Vec::new(),
                exclusivity(ExclusivityLevel::NonExclusive),
            ),
            clause(
                "commit",
                "Azure commitment",
                Boundary::Date(d("2025-10-28")),
                vec![Boundary::Date(d("2033-01-01"))],
                ClauseKind::ComputeCommitment {
                    party: "openai".to_owned(),
                    provider: "azure".to_owned(),
                    workloads: Vec::new(),
                    amount: Uncertain::exact(250e9),
                },
            ),
            clause(
                "stake",
                "Stake",
                Boundary::Date(d("2025-10-28")),
                Vec::new(),
                ClauseKind::EquityStake {
                    holder: "microsoft".to_owned(),
                    company: "openai".to_owned(),
                    stake: Uncertain::exact(0.27),
                },
            ),
        ];
        a
    }

    fn segment(start: &str, end: Option<&str>, end_index: Option<usize>) -> Segment {
        Segment {
            start: d(start),
            end: end.map(d),
            end_index,
            level: None,
        }
    }

    #[test]
    fn the_nearer_edge_within_reach_is_grabbed() {
        assert_eq!(edge_at(103.0, 100.0, 300.0, 5.0), Some(Edge::Start));
        assert_eq!(edge_at(296.0, 100.0, 300.0, 5.0), Some(Edge::End));
        assert_eq!(edge_at(200.0, 100.0, 300.0, 5.0), None);
        assert_eq!(edge_at(94.0, 100.0, 300.0, 5.0), None);
        // A narrow segment: the nearer edge wins, and the end on a tie so that it can grow.
        assert_eq!(edge_at(99.0, 100.0, 104.0, 5.0), Some(Edge::Start));
        assert_eq!(edge_at(103.0, 100.0, 104.0, 5.0), Some(Edge::End));
        assert_eq!(edge_at(100.0, 100.0, 100.0, 5.0), Some(Edge::End));
    }

    #[test]
    fn lanes_are_grouped_by_topic_in_clause_order() {
        let rows = lane_rows(&agreement().clauses);
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
    fn an_edge_drag_changes_the_boundary_that_edge_stands_for() {
        let mut a = agreement();
        // Start on an event: moves the event, and so the other clause on it.
        let excl = segment("2019-07-22", Some("2025-01-21"), Some(0));
        let start = edge_target(&a, 0, Edge::Start, &excl).expect("target");
        assert_eq!(start, EdgeTarget::Event(0));
        assert_eq!(clauses_on_event(&a, "invest", Some(0)), 1);
        apply_edge(&mut a, 0, &start, d("2019-09-01"));
        assert_eq!(a.events[0].date, Some(d("2019-09-01")));

        // The end that ends it, by index: the date 2030-12-31 (index 1), not the AGI event.
        let share = segment("2019-07-22", Some("2030-12-31"), Some(1));
        let end = edge_target(&a, 1, Edge::End, &share).expect("target");
        assert_eq!(end, EdgeTarget::EndDate(1));
        apply_edge(&mut a, 1, &end, d("2029-01-01"));
        assert_eq!(a.clauses[1].period.end[1], Boundary::Date(d("2029-01-01")));
        assert_eq!(target_date(&a, 1, &end), Some(d("2029-01-01")));

        // A date start is set in place.
        let open = segment("2025-10-28", None, None);
        assert_eq!(
            edge_target(&a, 3, Edge::Start, &open),
            Some(EdgeTarget::StartDate)
        );

        // An open end gets a date end; the next frame of the same drag replaces it.
        let add = edge_target(&a, 3, Edge::End, &open).expect("target");
        assert_eq!(add, EdgeTarget::EndDate(0));
        assert_eq!(target_date(&a, 3, &add), None);
        apply_edge(&mut a, 3, &add, d("2030-01-01"));
        apply_edge(&mut a, 3, &add, d("2031-01-01"));
        assert_eq!(
            a.clauses[3].period.end,
            vec![Boundary::Date(d("2031-01-01"))]
        );

        // Stale indices change nothing rather than panic.
        let before = a.clone();
        apply_edge(&mut a, 99, &EdgeTarget::StartDate, d("2020-01-01"));
        apply_edge(&mut a, 0, &EdgeTarget::Event(99), d("2020-01-01"));
        assert_eq!(a, before);
    }

    #[test]
    fn an_edge_edit_is_labelled_and_merges_per_clause_and_edge() {
        let a = agreement();
        let edit = edge_edit(&a, 2, Edge::Start, EdgeTarget::Event(1), d("2025-02-01"));
        assert_eq!(edit.label, "Move start of “ROFR on new capacity”");
        assert_eq!(edit.merge_key.as_deref(), Some("timeline-drag-2-start"));
        let mut b = a.clone();
        (edit.apply)(&mut b);
        assert_eq!(b.events[1].date, Some(d("2025-02-01")));
    }

    #[test]
    fn a_dragged_edge_keeps_a_month_from_the_other_and_stays_in_the_horizon() {
        let horizon = (d("2019-01-01"), d("2033-01-01"));
        // The end cannot come within a month of the start: the first month start after it.
        assert_eq!(
            clamp_edge(Edge::End, d("2019-08-01"), d("2019-07-22"), horizon),
            d("2019-09-01")
        );
        assert_eq!(
            clamp_edge(Edge::End, d("2019-08-01"), d("2019-07-01"), horizon),
            d("2019-08-01")
        );
        assert_eq!(
            clamp_edge(Edge::End, d("2024-02-01"), d("2019-07-22"), horizon),
            d("2024-02-01")
        );
        // The start cannot come within a month of the end.
        assert_eq!(
            clamp_edge(Edge::Start, d("2025-02-01"), d("2025-01-21"), horizon),
            d("2024-12-01")
        );
        // Nothing leaves the horizon, and an inverted horizon does not panic.
        assert_eq!(
            clamp_edge(Edge::End, d("2040-01-01"), d("2025-01-01"), horizon),
            d("2033-01-01")
        );
        assert_eq!(
            clamp_edge(Edge::Start, d("2010-01-01"), d("2025-01-01"), horizon),
            d("2019-01-01")
        );
        let inverted = (d("2030-01-01"), d("2020-01-01"));
        let _ = clamp_edge(Edge::Start, d("2025-01-01"), d("2026-01-01"), inverted);
    }

    #[test]
    fn marker_labels_never_overlap_and_fall_back_to_short_text() {
        let spec = |center: f32| LabelSpec {
            center,
            widths: [120.0, 40.0],
        };
        // Five events close together, as in 2025–2026.
        let labels: Vec<LabelSpec> = [300.0, 330.0, 360.0, 390.0, 420.0].map(spec).to_vec();
        let placed = stagger(&labels, (0.0, 800.0), 3, 8.0);
        let boxes: Vec<(usize, f32, f32)> = placed
            .iter()
            .zip(&labels)
            .filter_map(|(p, s)| p.map(|p| (p.row, p.left, p.left + s.widths[p.choice])))
            .collect();
        for (k, a) in boxes.iter().enumerate() {
            for b in &boxes[k + 1..] {
                assert!(
                    a.0 != b.0 || a.2 + 8.0 <= b.1 || b.2 + 8.0 <= a.1,
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        assert_eq!(
            placed[0],
            Some(Placement {
                row: 0,
                left: 240.0,
                choice: 0
            })
        );
        assert_eq!(placed[1].map(|p| (p.row, p.choice)), Some((1, 0)));
        assert_eq!(placed[2].map(|p| (p.row, p.choice)), Some((2, 0)));
        // No row has room for the full text any more: the short one takes the gap.
        assert_eq!(placed[3].map(|p| p.choice), Some(1));
        assert!(placed.iter().filter(|p| p.is_some()).count() >= 4);

        // Labels stay within bounds, and one that fits nowhere is left out.
        let edge = stagger(&[spec(2.0)], (0.0, 800.0), 1, 8.0);
        assert_eq!(edge[0].map(|p| p.left), Some(0.0));
        let crowded = stagger(
            &[spec(100.0), spec(101.0), spec(102.0)],
            (0.0, 800.0),
            1,
            8.0,
        );
        assert_eq!(crowded[2], None);
    }

    #[test]
    fn the_ruler_shows_months_only_when_zoomed_in() {
        // The whole 14-year example on ~700 px.
        let wide = ruler_steps(50.0);
        assert_eq!(wide.year_step, 1);
        assert!(!wide.month_ticks && wide.month_label_step.is_none());
        assert_eq!(ruler_steps(10.0).year_step, 5);
        let quarters = ruler_steps(200.0);
        assert!(quarters.month_ticks);
        assert_eq!(quarters.month_label_step, Some(3));
        assert_eq!(ruler_steps(600.0).month_label_step, Some(1));
    }

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
            segment_accessible_label(
                &a.clauses[0],
                &segment("2019-07-22", Some("2025-01-21"), Some(0))
            ),
            "Azure exclusive: exclusive, 2019-07-22 → 2025-01-21"
        );
    }

    #[test]
    fn a_label_that_does_not_fit_its_bar_goes_beside_it() {
        let widths = [120.0, 30.0];
        // Fits inside: centred.
        assert_eq!(
            segment_label_spot(&widths, (0.0, 200.0), (205.0, 800.0), (0.0, 0.0)),
            Some((0, 40.0, true))
        );
        // Only the short text fits inside.
        assert_eq!(
            segment_label_spot(&widths, (0.0, 40.0), (45.0, 800.0), (0.0, 0.0)),
            Some((1, 5.0, true))
        );
        // A narrow bar (the nine-month ROFR): the full text to its right.
        assert_eq!(
            segment_label_spot(&widths, (500.0, 530.0), (535.0, 800.0), (0.0, 495.0)),
            Some((0, 535.0, false))
        );
        // No room on the right (open to the horizon's end): on the left.
        assert_eq!(
            segment_label_spot(&widths, (700.0, 720.0), (725.0, 800.0), (0.0, 695.0)),
            Some((0, 575.0, false))
        );
    }

    #[test]
    fn scrolled_away_lanes_are_counted() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(500.0, 400.0));
        let rows = lane_rows(&agreement().clauses);
        let placed = place_rows(&rows, rect);
        let view = Rect::from_min_size(pos2(0.0, 0.0), vec2(500.0, 60.0));
        let hidden = HiddenLanes::count(&placed, view);
        assert_eq!(hidden, HiddenLanes { above: 0, below: 4 });
        assert_eq!(hidden.text().as_deref(), Some("4 more lanes below"));
        assert_eq!(HiddenLanes::default().text(), None);
    }

    // --- The panel, driven like a user would -------------------------------------------

    fn harness(a: Agreement) -> Harness<'static, PanelState> {
        let builder = testing::builder(vec2(1000.0, 400.0))
            .with_max_steps(32)
            // Frames as fast as a real app's, so that two clicks make a double-click.
            .with_step_dt(1.0 / 30.0);
        testing::build(builder, a, timeline_ui)
    }

    /// Presses at `from`, moves to `to` in small steps, releases.
    fn drag(harness: &mut Harness<'_, PanelState>, from: Pos2, to: Pos2) {
        harness.hover_at(from);
        harness.step();
        harness.drag_at(from);
        harness.step();
        for k in 1..=8 {
            harness.hover_at(from + (to - from) * (k as f32 / 8.0));
            harness.step();
        }
        harness.event(Event::PointerButton {
            pos: to,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }

    /// The first exclusive clause that has an end, its title and how its end is given.
    fn first_exclusive_with_end(doc: &Document) -> Option<(usize, String)> {
        let a = doc.agreement();
        a.clauses.iter().enumerate().find_map(|(i, c)| {
            let exclusive = matches!(
                &c.kind,
                ClauseKind::Exclusivity {
                    level: ExclusivityLevel::Exclusive,
                    ..
                }
            );
            let ends = doc.projection().segments.get(i)?.as_ref()?.end.is_some();
            (exclusive && ends).then(|| (i, c.title.clone()))
        })
    }

    /// Drags the end of the first exclusive segment 60 px later and checks what a user relies
    /// on: the boundary that ends it moves to a month start, later than before, the plots'
    /// data follows while dragging, and the whole drag is one undo step.
    fn drag_exclusive_end_checks(a: Agreement) {
        let mut harness = harness(a);
        harness.run();
        let (i, title) = first_exclusive_with_end(&harness.state().doc)
            .expect("an exclusive clause with an end");
        let original = harness.state().doc.agreement().clone();
        let old_end = harness.state().doc.projection().segments[i]
            .as_ref()
            .and_then(|s| s.end)
            .expect("end");

        let label = format!("{title}: exclusive, ");
        let rect = harness.get_by_label_contains(&label).rect();
        let from = pos2(rect.right() - 1.0, rect.center().y);
        drag(&mut harness, from, from + vec2(60.0, 0.0));

        let app = harness.state();
        let seg = app.doc.projection().segments[i].as_ref().expect("segment");
        let new_end = seg.end.expect("still ends");
        assert_eq!(new_end.day(), 1, "snapped to a month start: {new_end}");
        assert!(new_end > old_end, "{new_end} is later than {old_end}");
        // 60 px of ~14 years on ~780 px is about 13 months.
        assert!((new_end - old_end).num_days() > 200 && (new_end - old_end).num_days() < 600);
        assert!(
            app.applied.len() > 1,
            "edits while dragging: {:?}",
            app.applied
        );
        assert_eq!(
            app.view.selected_index(app.doc.agreement()),
            Some(i),
            "dragging an edge selects its clause"
        );
        let label = format!("Move end of “{title}”");
        assert!(app.applied.iter().all(|l| *l == label), "{:?}", app.applied);

        let state = harness.state_mut();
        assert!(state.doc.undo());
        assert_eq!(state.doc.agreement(), &original);
        assert!(!state.doc.can_undo(), "the drag is one undo step");
    }

    #[test]
    fn dragging_an_exclusive_segments_end_moves_it_to_a_month_start_in_one_undo_step() {
        drag_exclusive_end_checks(agreement());
    }

    #[test]
    fn on_the_default_example_the_exclusive_end_drags_and_the_transition_is_shown() {
        let example = crate::app::builtin_example();
        if example.clauses.is_empty() {
            // The shipped example is still a placeholder; the test above covers the drag.
            return;
        }
        let mut h = harness(example.clone());
        h.run();
        // Every exclusivity level in the example has a labelled segment.
        for c in &example.clauses {
            if let ClauseKind::Exclusivity { level, .. } = &c.kind {
                let label = format!("{}: {}, ", c.title, level.kind().short_label());
                assert!(
                    h.query_by_label_contains(&label).is_some(),
                    "no segment {label:?}"
                );
            }
        }
        drop(h);
        drag_exclusive_end_checks(example);
    }

    #[test]
    fn hovering_an_event_edge_says_which_clauses_move_with_it() {
        let mut harness = harness(agreement());
        harness.run();
        let rect = harness
            .get_by_label_contains("Azure exclusive: exclusive")
            .rect();
        harness.hover_at(pos2(rect.right() - 1.0, rect.center().y));
        // Past the tooltip delay.
        for _ in 0..30 {
            harness.step();
        }
        assert!(
            harness
                .query_by_label_contains(
                    "Moves event “Jan 2025: right of first refusal” — also moves 1 other clause"
                )
                .is_some()
        );
    }

    #[test]
    fn clicking_a_title_or_a_segment_selects_the_clause() {
        let mut harness = harness(agreement());
        harness.run();
        harness.get_by_label("ROFR on new capacity").click();
        harness.run();
        assert_eq!(
            harness.state().view.selected.as_deref(),
            Some("rofr_clause")
        );
        harness
            .get_by_label_contains("Revenue share: Revenue share, ")
            .click();
        harness.run();
        assert_eq!(harness.state().view.selected.as_deref(), Some("share"));
        assert!(
            harness.state().applied.is_empty(),
            "selecting is not an edit"
        );
    }

    #[test]
    fn open_ended_ends_get_a_date_when_dragged() {
        let mut harness = harness(agreement());
        harness.run();
        let rect = harness
            .get_by_label_contains("Any cloud: non-exclusive")
            .rect();
        // The visible bar stops where the fade starts; the edge is at the horizon's end.
        let end = rect.right() + OPEN_END_FADE_PX - 1.0;
        drag(
            &mut harness,
            pos2(end, rect.center().y),
            pos2(end - 100.0, rect.center().y),
        );
        let ends = &harness.state().doc.agreement().clauses[3].period.end;
        assert_eq!(ends.len(), 1, "{ends:?}");
        assert!(
            matches!(ends[0], Boundary::Date(d) if d.day() == 1 && d < NaiveDate::from_ymd_opt(2033, 1, 1).expect("date"))
        );
    }

    #[test]
    fn the_ruler_moves_the_playhead_and_zoom_and_reset_change_the_shared_view() {
        let mut harness = harness(agreement());
        harness.run();
        let full = harness.state().view.time_view;
        let ruler = harness.get_by_label_contains("Time ruler").rect();

        // Click near 2021 on the ruler: the playhead goes to a month start there.
        let x = full.screen_from_x(2021.3, ruler.left(), ruler.right() - RIGHT_MARGIN);
        harness.get_by_label_contains("Time ruler").hover();
        harness.hover_at(pos2(x, ruler.center().y));
        harness.step();
        harness.drag_at(pos2(x, ruler.center().y));
        harness.step();
        harness.event(Event::PointerButton {
            pos: pos2(x, ruler.center().y),
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.run();
        let playhead = harness.state().view.playhead;
        assert_eq!((playhead.year(), playhead.day()), (2021, 1), "{playhead}");

        // Ctrl+scroll (a zoom event) over the lanes zooms in around the pointer.
        let lanes = harness.get_by_label("Timeline lanes").rect();
        harness.hover_at(lanes.center());
        harness.step();
        harness.event(Event::Zoom(2.0));
        harness.run();
        let zoomed = harness.state().view.time_view;
        assert!(
            (zoomed.span() - full.span() / 2.0).abs() < 1e-6,
            "{zoomed:?}"
        );

        // The pointer's date is shared with the plots through the view state.
        assert!(harness.state().view.hover_x.is_some());

        // Dragging the lanes' background pans: the time under the pointer follows it.
        let seg = harness
            .get_by_label_contains("Azure exclusive: exclusive")
            .rect();
        let from = pos2(seg.right() + 80.0, seg.center().y);
        let before = harness.state().view.time_view;
        drag(&mut harness, from, from - vec2(100.0, 0.0));
        let after = harness.state().view.time_view;
        assert!((after.span() - before.span()).abs() < 1e-9);
        assert!(after.min > before.min, "{before:?} → {after:?}");
        assert!(harness.state().applied.is_empty(), "panning is not an edit");

        // Double-click on the ruler shows the whole horizon again.
        harness.get_by_label_contains("Time ruler").click();
        harness.step();
        harness.get_by_label_contains("Time ruler").click();
        harness.run();
        assert_eq!(
            harness.state().view.time_view,
            full_view(harness.state().doc.agreement())
        );
        assert!(
            harness.state().applied.is_empty(),
            "view changes are not edits"
        );
    }
}
