//! The timeline (DESIGN §2.6 and §3 "Timeline"): one lane per clause, grouped by
//! topic, on the time axis that the plots share.
//!
//! The ruler, the lanes and the marker strip are each one big widget with our own
//! hit-testing, because a segment's edge, its body and the background under it need
//! different gestures within a few pixels of each other; small hover-only widgets
//! on top carry the accessible names. What the lanes show comes from the timeline's
//! view model ([`crate::view::timeline`]); the panel works on a [`LocalView`] during
//! the frame, asks for the view changes at its end, and sends every date change as an
//! [`crate::document::Edit`].

mod axis;
mod drag;
mod lanes;
mod legend;
mod markers;
mod ruler;
mod segments;
#[cfg(test)]
mod tests;
mod tooltips;

use chrono::NaiveDate;
use egui::{Color32, Galley, Painter, Pos2, Rect, Stroke, StrokeKind, Ui, Vec2, vec2};
use std::sync::Arc;

use crate::engine::Segment;
use crate::model::{Agreement, EventKind};
use crate::ui::theme::timeline::RIGHT_MARGIN;
use crate::ui::{PanelCx, ViewCommand, ViewState, theme};
use crate::view::timeline::TimelineModel;
use axis::Axis;

/// The view as the timeline works on it this frame: a zoom or a new playhead shows at
/// once in the rest of the panel, and goes to the app as view commands at the end.
#[derive(Clone, Debug, PartialEq)]
struct LocalView {
    /// Index of the selected clause.
    selected: Option<usize>,
    playhead: NaiveDate,
    time_view: crate::view::time_axis::TimeView,
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
/// and the event markers. Reads the document and its timeline model, asks for view changes
/// and pushes date changes as edits.
pub fn timeline_ui(ui: &mut Ui, panel: &mut PanelCx<'_>) {
    let doc = panel.doc;
    let a = doc.agreement();
    let model = &panel.models.timeline;
    let before = LocalView::of(panel.view, a);
    let mut local = before.clone();
    let view = &mut local;
    let edits = &mut *panel.edits;
    let id = ui.make_persistent_id("timeline");
    ui.scope(|ui| {
        // The ruler, lanes and markers touch, so that the lines through them are unbroken.
        ui.spacing_mut().item_spacing.y = 0.0;
        legend::legend_ui(ui, &model.legend);
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
        axis::zoom_and_pan(ui, area, axis(view), view);
        let mut cx = Cx {
            a,
            model,
            axis: axis(view),
            id,
            baseline: panel.baseline.map(|b| (&b.agreement, &b.models.timeline)),
        };

        ruler::ruler_ui(ui, &cx, view);
        cx.axis = axis(view);

        let marker_layout = markers::MarkerLayout::new(ui, &cx);
        let lanes_max_height =
            (ui.available_height() - marker_layout.height).max(2.0 * theme::LANE_HEIGHT);
        let hidden = egui::ScrollArea::vertical()
            .id_salt(cx.id.with("lanes-scroll"))
            .max_height(lanes_max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                lanes::lanes_ui(ui, &cx, doc, &marker_layout, view, edits)
            })
            .inner;
        markers::markers_ui(ui, &cx, &marker_layout, hidden, view, edits);
    });
    local.commands(&before, a, panel.commands);
}

/// What every part of the panel reads this frame.
struct Cx<'a> {
    a: &'a Agreement,
    model: &'a TimelineModel,
    axis: Axis,
    id: egui::Id,
    /// The baseline's terms and timeline, whose segments show as ghosts in the lanes.
    baseline: Option<(&'a Agreement, &'a TimelineModel)>,
}

impl Cx<'_> {
    fn segment(&self, clause: usize) -> Option<&Segment> {
        self.model.segment(clause)
    }

    /// The baseline's segment of the clause with the id of clause `clause`; none
    /// without a baseline, or if the baseline has no such clause or it never starts.
    fn baseline_segment(&self, clause: usize) -> Option<&Segment> {
        let (a, model) = self.baseline?;
        let id = &self.a.clauses.get(clause)?.id;
        let i = a.clauses.iter().position(|c| c.id == *id)?;
        model.segment(i)
    }

    /// First day and exclusive end of the horizon.
    fn horizon(&self) -> (NaiveDate, NaiveDate) {
        self.model.horizon
    }

    /// Screen x of a segment's start and end; an open end is drawn to the horizon's end.
    fn span(&self, seg: &Segment) -> (f32, f32) {
        let end = seg.end.unwrap_or(self.horizon().1).max(seg.start);
        (
            self.axis.sx_from_date(seg.start),
            self.axis.sx_from_date(end),
        )
    }

    /// The rect over the time axis (and the margin right of it) across `y`.
    fn time_rect(&self, y: egui::Rangef) -> Rect {
        Rect::from_x_y_ranges(self.axis.left..=self.axis.right + RIGHT_MARGIN, y)
    }
}

/// The playhead and hover cursor lines over `y`, shared by ruler, lanes and marker strip.
fn paint_time_lines(painter: &Painter, cx: &Cx<'_>, view: &LocalView, y: egui::Rangef) {
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

/// Greys out the parts of `rect` outside the horizon.
fn paint_outside_horizon(painter: &Painter, cx: &Cx<'_>, rect: Rect, visuals: &egui::Visuals) {
    let tint = visuals.weak_text_color().gamma_multiply(0.14);
    let (start, end) = cx.horizon();
    let start = cx.axis.sx_from_date(start);
    let end = cx.axis.sx_from_date(end);
    if start > rect.left() {
        let r = Rect::from_x_y_ranges(rect.left()..=start.min(rect.right()), rect.y_range());
        painter.rect_filled(r, 0.0, tint);
    }
    if end < rect.right() {
        let r = Rect::from_x_y_ranges(end.max(rect.left())..=rect.right(), rect.y_range());
        painter.rect_filled(r, 0.0, tint);
    }
}

/// A date in a small framed box (the hovered date, a dragged edge's date), placed by
/// `top_left` from the box's size.
fn paint_pill(
    painter: &Painter,
    galley: Arc<Galley>,
    visuals: &egui::Visuals,
    top_left: impl FnOnce(Vec2) -> Pos2,
) {
    let size = galley.size() + vec2(8.0, 2.0);
    let pill = Rect::from_min_size(top_left(size), size);
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
