//! Dragging on the lanes: a segment's edge changes the boundary it stands for (an edit
//! per frame, one undo step per drag); anywhere else pans the time range.

use chrono::NaiveDate;
use egui::{CursorIcon, Rect, Response, Ui};

use super::lanes::{LaneHit, lane_hit};
use super::{Cx, LocalView};
use crate::document::Edit;
use crate::model::Agreement;
use crate::model::edges::{self, Edge, EdgeTarget};
use crate::view::time_axis::snap_to_month;
use crate::view::timeline::Row;
use crate::words;

/// The edge of a segment drawn from `start_sx` to `end_sx` within `grab` px of `pointer_x`;
/// the nearer one when both are (a narrow segment), the end on a tie so that it can grow.
pub(super) fn edge_at(pointer_x: f32, start_sx: f32, end_sx: f32, grab: f32) -> Option<Edge> {
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

/// The edge being dragged this frame and the date it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ActiveEdge {
    pub clause: usize,
    pub edge: Edge,
    pub date: NaiveDate,
}

/// Starts, continues and ends a drag on the lanes: an edge drag emits edits, anything else
/// pans. Returns the edge being dragged.
pub(super) fn lane_drag(
    ui: &Ui,
    cx: &Cx<'_>,
    placed: &[(Row, Rect)],
    resp: &Response,
    view: &mut LocalView,
    edits: &mut Vec<Edit>,
) -> Option<ActiveEdge> {
    let key = resp.id.with("drag");
    if resp.drag_started() {
        // Where the button went down decides, not where the pointer is once the drag is seen.
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or_else(|| resp.interact_pointer_pos());
        let drag = match origin.map(|p| lane_hit(cx, placed, p)) {
            Some(LaneHit::Edge(clause, edge)) => cx
                .segment(clause)
                .and_then(|seg| EdgeTarget::of(cx.a, clause, edge, seg.end_index))
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
                        Edge::Start => seg.end.unwrap_or(cx.horizon().1),
                        Edge::End => seg.start,
                    };
                    let pointer = snap_to_month(cx.axis.x_from_sx(pos.x));
                    let date = edges::clamp(edge, pointer, other, cx.horizon());
                    if target.date(cx.a, clause) != Some(date) {
                        edits.push(edge_edit(cx.a, clause, edge, target, date));
                    }
                    active = Some(ActiveEdge { clause, edge, date });
                }
            }
            Some(LaneDrag::Pan) | None => {
                ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
                let dx = resp.drag_delta().x;
                if dx != 0.0 {
                    let axis = super::Axis {
                        view: view.time_view,
                        ..cx.axis
                    };
                    view.time_view = axis.panned(dx);
                }
            }
        }
    }
    if resp.drag_stopped() {
        ui.data_mut(|d| d.remove::<LaneDrag>(key));
    }
    active
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
    Edit::merging(
        words::move_edge_label(edge, title),
        format!("timeline-drag-{clause}-{}", edge.name()),
        move |a| edges::apply(a, clause, &target, date),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date as d, timeline_agreement as agreement};

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
    fn an_edge_edit_is_labelled_and_merges_per_clause_and_edge() {
        let a = agreement();
        let edit = edge_edit(&a, 2, Edge::Start, EdgeTarget::Event(1), d("2025-02-01"));
        assert_eq!(edit.label, "Move start of “ROFR on new capacity”");
        assert_eq!(edit.merge_key.as_deref(), Some("timeline-drag-2-start"));
        let mut b = a.clone();
        (edit.apply)(&mut b);
        assert_eq!(b.events[1].date, Some(d("2025-02-01")));
    }
}
