//! The lane area: group headers and one lane per clause, what is under the pointer,
//! clicks that select, and the lanes scrolled out of view.

use egui::text::{LayoutJob, TextWrapping};
use egui::{
    CursorIcon, FontId, Pos2, Rect, Role, Sense, Shape, Stroke, Ui, Visuals, WidgetInfo, pos2, vec2,
};

use super::axis::RulerSteps;
use super::drag::{ActiveEdge, edge_at, lane_drag};
use super::markers::MarkerLayout;
use super::segments::{LanePaint, paint_segment};
use super::{
    Cx, LocalView, marker_color, paint_outside_horizon, paint_pill, paint_time_lines, tooltips,
};
use crate::document::{Document, Edit};
use crate::model::edges::Edge;
use crate::model::validate::ItemRef;
use crate::ui::theme::timeline::{
    EDGE_GRAB_PX, GROUP_HEADER_HEIGHT, LANE_TITLE_INDENT, SMALL_FONT_SIZE, TITLE_FONT_SIZE,
};
use crate::ui::{theme, widgets};
use crate::view::timeline::{Lane, Row};
use crate::words;

/// What is under the pointer in the lane area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LaneHit {
    Edge(usize, Edge),
    Segment(usize),
    /// A clause's lane, off its segment.
    Lane(usize),
    Background,
}

/// What is at `pos` among the `placed` rows.
pub(super) fn lane_hit(cx: &Cx<'_>, placed: &[(Row, Rect)], pos: Pos2) -> LaneHit {
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

fn row_height(row: Row) -> f32 {
    match row {
        Row::Header(_) => GROUP_HEADER_HEIGHT,
        Row::Lane(_) => theme::LANE_HEIGHT + theme::LANE_GAP,
    }
}

/// The rows with their rectangles, top to bottom from `rect`'s top.
fn place_rows(rows: &[Row], rect: Rect) -> Vec<(Row, Rect)> {
    let mut y = rect.top();
    rows.iter()
        .map(|&row| {
            let r = Rect::from_x_y_ranges(rect.x_range(), y..=y + row_height(row));
            y += row_height(row);
            (row, r)
        })
        .collect()
}

/// The bar of a lane row: the lane without the gap below it, inset a little.
pub(super) fn bar_y(row: Rect) -> egui::Rangef {
    egui::Rangef::new(row.top() + 2.0, row.top() + theme::LANE_HEIGHT - 1.0)
}

/// The lanes: selection by click, edge drags and panning, segments, marker lines, the
/// playhead and tooltips. Returns how many lanes are scrolled out of view.
pub(super) fn lanes_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    doc: &Document,
    markers: &MarkerLayout,
    view: &mut LocalView,
    edits: &mut Vec<Edit>,
) -> HiddenLanes {
    let rows = &cx.model.rows;
    let height: f32 = rows
        .iter()
        .map(|&r| row_height(r))
        .sum::<f32>()
        .max(theme::LANE_HEIGHT);
    let (rect, resp) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
    resp.widget_info(|| WidgetInfo::labeled(Role::Pane, true, "Timeline lanes"));
    let placed = place_rows(rows, rect);
    scroll_to_selection(ui, cx, &placed, view.selected);

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
    let painter = ui.painter().with_clip_rect(clip);
    let time_painter = painter.with_clip_rect(clip.intersect(cx.time_rect(clip.y_range())));
    let visuals = ui.visuals().clone();
    paint_background(
        &painter,
        &time_painter,
        cx,
        &placed,
        view.selected,
        &visuals,
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
                let (Some(c), Some(lane)) = (cx.a.clauses.get(i), cx.model.lane(i)) else {
                    continue;
                };
                let has_problem = problems
                    .iter()
                    .any(|p| matches!(&p.item, ItemRef::Clause(id) if *id == c.id));
                lane_title_ui(ui, cx, lane, r, has_problem, view);
                let how = LanePaint {
                    painter: &time_painter,
                    selected: view.selected == Some(i),
                    hovered: matches!(hover, Some(LaneHit::Segment(h) | LaneHit::Edge(h, _)) if h == i),
                    edge: match (active, hover) {
                        (Some(ActiveEdge { clause, edge, .. }), _)
                        | (None, Some(LaneHit::Edge(clause, edge)))
                            if clause == i =>
                        {
                            Some(edge)
                        }
                        _ => None,
                    },
                    dragging: active.is_some_and(|a| a.clause == i),
                };
                paint_segment(ui, cx, lane, r, &how);
            }
        }
    }

    // Event markers as dashed lines through the lanes.
    let mut shapes = Vec::new();
    for m in &markers.items {
        let Some(marker) = cx.model.markers.get(m.index) else {
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
    if let Some(ActiveEdge { clause, edge, date }) = active
        && let Some((_, r)) = placed.iter().find(|(row, _)| *row == Row::Lane(clause))
    {
        let sx = cx.axis.sx_from_date(date);
        let font = FontId::proportional(SMALL_FONT_SIZE);
        let galley = painter.layout_no_wrap(words::date(date), font, visuals.strong_text_color());
        paint_pill(&time_painter, galley, &visuals, |size| {
            let left = match edge {
                Edge::Start => sx - size.x - 4.0,
                Edge::End => sx + 4.0,
            };
            pos2(left, r.center().y - size.y / 2.0 - 1.0)
        });
    }

    if active.is_none() {
        match hover {
            Some(LaneHit::Edge(i, edge)) => {
                resp.on_hover_ui_at_pointer(|ui| tooltips::edge_tooltip_ui(ui, cx, i, edge));
            }
            Some(LaneHit::Segment(i)) => {
                resp.on_hover_ui_at_pointer(|ui| tooltips::segment_tooltip_ui(ui, cx, doc, i));
            }
            _ => {}
        }
    }
    HiddenLanes::count(&placed, clip)
}

/// Brings the selected clause's lane into view when the selection changes elsewhere.
fn scroll_to_selection(ui: &Ui, cx: &Cx<'_>, placed: &[(Row, Rect)], selected: Option<usize>) {
    let shown_key = cx.id.with("shown-selection");
    if ui.data(|d| d.get_temp::<Option<usize>>(shown_key)) != Some(selected) {
        if let Some(sel) = selected
            && let Some((_, r)) = placed.iter().find(|(row, _)| *row == Row::Lane(sel))
        {
            ui.scroll_to_rect(*r, None);
        }
        ui.data_mut(|d| d.insert_temp(shown_key, selected));
    }
}

/// Stripes on every other lane, the selected lane, the horizon and the year grid.
fn paint_background(
    painter: &egui::Painter,
    time_painter: &egui::Painter,
    cx: &Cx<'_>,
    placed: &[(Row, Rect)],
    selected: Option<usize>,
    visuals: &Visuals,
) {
    let clip = painter.clip_rect();
    let lanes = placed.iter().filter_map(|&(row, r)| match row {
        Row::Lane(i) => Some((i, r)),
        Row::Header(_) => None,
    });
    for (lane_number, (i, r)) in lanes.enumerate() {
        if selected == Some(i) {
            painter.rect_filled(r, 0.0, visuals.selection.bg_fill.gamma_multiply(0.25));
        } else if lane_number % 2 == 1 {
            painter.rect_filled(r, 0.0, visuals.faint_bg_color);
        }
    }
    paint_outside_horizon(time_painter, cx, clip, visuals);
    let grid = visuals
        .widgets
        .noninteractive
        .bg_stroke
        .color
        .gamma_multiply(0.6);
    let step = RulerSteps::at(cx.axis.px_per_year()).year_step;
    cx.axis.for_each_year_tick(step, |_, sx| {
        time_painter.vline(sx, clip.y_range(), Stroke::new(1.0, grid));
    });
}

/// How many lanes are scrolled out of view, above and below.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct HiddenLanes {
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
    pub fn text(self) -> Option<String> {
        let lanes = |n: usize| if n == 1 { "lane" } else { "lanes" };
        match (self.above, self.below) {
            (0, 0) => None,
            (0, b) => Some(format!("{b} more {} below", lanes(b))),
            (a, 0) => Some(format!("{a} more {} above", lanes(a))),
            (a, b) => Some(format!("{a} lanes above, {b} below")),
        }
    }
}

/// The clause's title in the label column: click to select, elided to fit, with a warning
/// sign if the clause has problems.
fn lane_title_ui(
    ui: &Ui,
    cx: &Cx<'_>,
    lane: &Lane,
    row: Rect,
    has_problem: bool,
    view: &mut LocalView,
) {
    let i = lane.clause;
    let title_rect = Rect::from_x_y_ranges(
        row.left()..=cx.axis.left - 4.0,
        row.top()..=row.top() + theme::LANE_HEIGHT,
    );
    let resp = ui.interact(title_rect, cx.id.with(("lane-title", i)), Sense::click());
    if resp.clicked() {
        view.selected = Some(i);
    }
    let selected = view.selected == Some(i);
    resp.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &lane.title));
    let visuals = ui.visuals();
    let color = if selected || resp.hovered() {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let warning_width = if has_problem { 16.0 } else { 0.0 };
    let max_width = (title_rect.width() - LANE_TITLE_INDENT - warning_width).max(10.0);
    let mut job = LayoutJob::simple_singleline(
        lane.title.clone(),
        FontId::proportional(TITLE_FONT_SIZE),
        color,
    );
    job.wrap = TextWrapping::truncate_at_width(max_width);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let elided = galley.elided;
    let pos = pos2(
        title_rect.left() + LANE_TITLE_INDENT,
        title_rect.center().y - galley.size().y / 2.0,
    );
    ui.painter().galley(pos, galley, color);
    if has_problem {
        let center = pos2(title_rect.right() - 8.0, title_rect.center().y);
        widgets::warning_sign(
            ui.painter(),
            Rect::from_center_size(center, vec2(12.0, 11.0)),
        );
    }
    if elided || has_problem {
        resp.on_hover_ui(|ui| {
            ui.label(&lane.title);
            if has_problem {
                ui.colored_label(
                    theme::WARNING,
                    "This clause has problems: see the status bar",
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::timeline_agreement as agreement;

    #[test]
    fn scrolled_away_lanes_are_counted() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(500.0, 400.0));
        let a = agreement();
        let model = crate::view::timeline::TimelineModel::new(&a, &crate::engine::project(&a));
        let placed = place_rows(&model.rows, rect);
        let view = Rect::from_min_size(pos2(0.0, 0.0), vec2(500.0, 60.0));
        let hidden = HiddenLanes::count(&placed, view);
        assert_eq!(hidden, HiddenLanes { above: 0, below: 4 });
        assert_eq!(hidden.text().as_deref(), Some("4 more lanes below"));
        assert_eq!(HiddenLanes::default().text(), None);
    }
}
