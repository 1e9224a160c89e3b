//! A clause's segment in its lane: the bar in the clause's colour, a fade and a chevron
//! for an open end, the highlighted edge, and the label inside or beside the bar.

use egui::{
    Color32, CornerRadius, FontId, Galley, Mesh, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui,
    WidgetInfo, pos2,
};
use std::sync::Arc;

use super::lanes::bar_y;
use super::{Cx, theme};
use crate::model::edges::Edge;
use crate::ui::theme::timeline::{
    GHOST_HEIGHT, LABEL_PAD, OPEN_END_FADE_PX, SEGMENT_RADIUS, SMALL_FONT_SIZE,
};
use crate::view::timeline::Lane;

/// How to draw one lane's segment.
pub(super) struct LanePaint<'p> {
    pub painter: &'p egui::Painter,
    pub selected: bool,
    pub hovered: bool,
    /// The edge under the pointer or being dragged.
    pub edge: Option<Edge>,
    /// Whether that edge is being dragged: its date is shown instead of the label.
    pub dragging: bool,
}

/// Paints `lane`'s segment in `row`, with an accessible name for its visible part.
pub(super) fn paint_segment(ui: &Ui, cx: &Cx<'_>, lane: &Lane, row: Rect, how: &LanePaint<'_>) {
    let painter = how.painter;
    let visuals = ui.visuals();
    let y = bar_y(row);
    let Some(seg) = &lane.segment else {
        painter.text(
            pos2(cx.axis.left + 6.0, y.center()),
            egui::Align2::LEFT_CENTER,
            "never starts: its start event has no date",
            FontId::proportional(SMALL_FONT_SIZE),
            visuals.weak_text_color(),
        );
        return;
    };
    // The baseline's segment, as a thin faded bar along the bottom of the lane.
    if let Some(ghost) = cx.baseline_segment(lane.clause) {
        let (g0, g1) = cx.span(ghost);
        let band = egui::Rangef::new(y.max + 1.0, y.max + 1.0 + GHOST_HEIGHT);
        painter.rect_filled(
            Rect::from_x_y_ranges(g0..=g1.max(g0 + 2.0), band),
            0.0,
            theme::baseline_color(theme::rgb(lane.color)),
        );
    }
    let (s0, s1) = cx.span(seg);
    // At least a sliver, so that a zero-length segment stays visible and grabbable.
    let s1 = s1.max(s0 + 2.0);
    let bar = Rect::from_x_y_ranges(s0..=s1, y);
    let fill = theme::rgb(lane.color);
    let open = seg.end.is_none();
    let fade = if open {
        OPEN_END_FADE_PX.min(bar.width() / 2.0)
    } else {
        0.0
    };
    if open {
        paint_open_bar(painter, bar, fade, fill);
    } else {
        painter.rect_filled(bar, SEGMENT_RADIUS, fill);
    }
    let outline = if how.selected {
        2.0
    } else if how.hovered {
        1.0
    } else {
        0.0
    };
    if outline > 0.0 {
        painter.rect_stroke(
            bar,
            SEGMENT_RADIUS,
            Stroke::new(outline, visuals.strong_text_color()),
            StrokeKind::Outside,
        );
    }
    if let Some(edge) = how.edge {
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
    if row.intersects(painter.clip_rect()) && !how.dragging {
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let galleys: Vec<Arc<Galley>> = lane
            .labels
            .iter()
            .map(|text| painter.layout_no_wrap(text.clone(), font.clone(), Color32::PLACEHOLDER))
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
        let node = ui.interact(
            visible,
            cx.id.with(("segment", lane.clause)),
            Sense::hover(),
        );
        let label = lane.accessible_label.as_deref().unwrap_or(&lane.title);
        node.widget_info(|| WidgetInfo::labeled(Role::Button, true, label));
    }
}

/// An open-ended bar: solid, then fading out over its last `fade` px, then a chevron past
/// the fade, since the clause runs on beyond what is drawn.
fn paint_open_bar(painter: &egui::Painter, bar: Rect, fade: f32, fill: Color32) {
    let (s0, s1, y) = (bar.left(), bar.right(), bar.y_range());
    let r = SEGMENT_RADIUS;
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
    let tip = pos2(s1 + 5.0, y.center());
    let arrow = Stroke::new(1.5, fill);
    painter.line_segment([pos2(s1 + 1.0, y.min + 3.0), tip], arrow);
    painter.line_segment([pos2(s1 + 1.0, y.max - 3.0), tip], arrow);
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_that_does_not_fit_its_bar_goes_beside_it() {
        let widths = [120.0, 30.0];
        // (inside, right, left, spot)
        let cases = [
            // Fits inside: centred.
            ((0.0, 200.0), (205.0, 800.0), (0.0, 0.0), (0, 40.0, true)),
            // Only the short text fits inside.
            ((0.0, 40.0), (45.0, 800.0), (0.0, 0.0), (1, 5.0, true)),
            // A narrow bar (the nine-month ROFR): the full text to its right.
            (
                (500.0, 530.0),
                (535.0, 800.0),
                (0.0, 495.0),
                (0, 535.0, false),
            ),
            // No room on the right (open to the horizon's end): on the left.
            (
                (700.0, 720.0),
                (725.0, 800.0),
                (0.0, 695.0),
                (0, 575.0, false),
            ),
        ];
        for (inside, right, left, spot) in cases {
            assert_eq!(
                segment_label_spot(&widths, inside, right, left),
                Some(spot),
                "inside {inside:?}"
            );
        }
    }
}
