//! The marker strip below the lanes: a triangle per event, labels staggered on a few
//! rows so that they never overlap, and a click moves the playhead to the event.

use egui::{
    CursorIcon, FontId, Galley, Pos2, Rect, Role, Sense, Shape, Stroke, Ui, WidgetInfo, pos2, vec2,
};
use std::sync::Arc;

use chrono::NaiveDate;

use super::lanes::HiddenLanes;
use super::{Cx, LocalView, marker_color, paint_outside_horizon, paint_time_lines, tooltips};
use crate::document::Edit;
use crate::model::edges;
use crate::ui::theme::timeline::{
    MARKER_LABEL_GAP, MARKER_ROW_HEIGHT, MARKER_ROWS, MARKER_TRIANGLE, RIGHT_MARGIN,
    SMALL_FONT_SIZE,
};
use crate::view::time_axis::snap_to_month;

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
pub(super) struct PlacedMarker {
    /// Index into the model's markers.
    pub index: usize,
    pub sx: f32,
    label: Option<(Arc<Galley>, Placement)>,
}

/// The markers in view and where their labels go, worked out before the lanes so that the
/// strip's height is known.
pub(super) struct MarkerLayout {
    pub items: Vec<PlacedMarker>,
    pub height: f32,
}

impl MarkerLayout {
    pub fn new(ui: &Ui, cx: &Cx<'_>) -> Self {
        let markers = &cx.model.markers;
        // As many rows as there are markers, up to three: the strip keeps its height while
        // zooming, so that the lanes above do not jump.
        let rows = markers.len().clamp(1, MARKER_ROWS);
        let height = MARKER_TRIANGLE + 4.0 + rows as f32 * MARKER_ROW_HEIGHT;
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let mut galleys = Vec::new();
        let mut specs = Vec::new();
        let mut items = Vec::new();
        for (index, m) in markers.iter().enumerate() {
            let sx = cx.axis.sx_from_date(m.date);
            if !cx.axis.contains(sx) {
                continue;
            }
            let color = marker_color(m.kind, ui.visuals());
            let [full, short] = m
                .labels
                .clone()
                .map(|text| ui.painter().layout_no_wrap(text, font.clone(), color));
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

/// The marker strip below the lanes; its label column says how many lanes are scrolled away.
pub(super) fn markers_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    layout: &MarkerLayout,
    hidden: HiddenLanes,
    view: &mut LocalView,
    edits: &mut Vec<Edit>,
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
    let rect = cx.time_rect(row.y_range());
    let resp = ui.interact(rect, cx.id.with("markers"), Sense::click_and_drag());
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
        ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
    }
    let dragged = marker_drag(ui, cx, &resp, hit, edits);
    if resp.clicked()
        && let Some(m) = resp.interact_pointer_pos().and_then(hit)
        && let Some(marker) = cx.model.markers.get(m.index)
    {
        view.playhead = marker.date;
    }

    paint_outside_horizon(&painter, cx, rect, &visuals);
    paint_time_lines(&painter, cx, view, rect.y_range());
    for m in &layout.items {
        let Some(marker) = cx.model.markers.get(m.index) else {
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
        node.widget_info(|| WidgetInfo::labeled(Role::Label, true, &marker.accessible_label));
    }

    if let Some((event, date)) = dragged {
        resp.on_hover_ui_at_pointer(|ui| tooltips::event_drag_tooltip_ui(ui, cx.a, event, date));
    } else if let Some(m) = hovered
        && let Some(marker) = cx.model.markers.get(m.index)
    {
        resp.on_hover_ui_at_pointer(|ui| tooltips::marker_tooltip_ui(ui, cx.a, marker));
    }
}

/// Dragging a marker moves its event, snapped to month starts and kept in the horizon;
/// every clause that starts or ends on it follows. One drag is one undo step. Returns
/// the event being dragged and its new date.
fn marker_drag<'m>(
    ui: &Ui,
    cx: &Cx<'_>,
    resp: &egui::Response,
    hit: impl Fn(Pos2) -> Option<&'m PlacedMarker>,
    edits: &mut Vec<Edit>,
) -> Option<(usize, NaiveDate)> {
    let key = resp.id.with("marker-drag");
    if resp.drag_started() {
        // Where the button went down decides, not where the pointer is once the drag is seen.
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or_else(|| resp.interact_pointer_pos());
        let event = origin
            .and_then(&hit)
            .and_then(|m| cx.model.markers.get(m.index))
            .map(|marker| marker.event);
        ui.data_mut(|d| d.insert_temp(key, event));
    }
    if resp.drag_stopped() {
        ui.data_mut(|d| d.remove::<Option<usize>>(key));
        return None;
    }
    let event = ui.data(|d| d.get_temp::<Option<usize>>(key)).flatten()?;
    if !resp.dragged() {
        return None;
    }
    ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
    let pos = resp.interact_pointer_pos()?;
    let (first, end) = cx.horizon();
    let date = snap_to_month(cx.axis.x_from_sx(pos.x)).max(first).min(end);
    if cx.a.events.get(event).and_then(|e| e.date) != Some(date) {
        let name = cx.a.events.get(event).map_or("event", |e| e.name.as_str());
        edits.push(Edit::merging(
            format!("Move “{name}”"),
            format!("timeline-event-{event}"),
            move |a| edges::move_event(a, event, date),
        ));
    }
    Some((event, date))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
