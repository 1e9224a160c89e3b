//! The time ruler above the lanes: year and month ticks, the hovered date and the
//! playhead, which a click or a drag moves.

use chrono::NaiveDate;
use egui::{CursorIcon, FontId, Rect, Role, Sense, Shape, Stroke, Ui, WidgetInfo, pos2, vec2};

use super::axis::RulerSteps;
use super::{Cx, LocalView, paint_outside_horizon, paint_pill};
use crate::ui::theme::timeline::{MARKER_SNAP_PX, RIGHT_MARGIN, RULER_HEIGHT, SMALL_FONT_SIZE};
use crate::ui::{full_view, theme};
use crate::view::time_axis::{date_from_x, snap_to_month};
use crate::words;

/// The ruler: click or drag moves the playhead, a double-click shows the whole horizon.
pub(super) fn ruler_ui(ui: &mut Ui, cx: &Cx<'_>, view: &mut LocalView) {
    let (row, _) = ui.allocate_exact_size(vec2(ui.available_width(), RULER_HEIGHT), Sense::hover());
    let rect = cx.time_rect(row.y_range());
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
    paint_outside_horizon(&painter, cx, rect, visuals);
    paint_ticks(&painter, cx, rect, visuals);

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
            let font = FontId::proportional(SMALL_FONT_SIZE);
            let galley = painter.layout_no_wrap(text, font, visuals.strong_text_color());
            paint_pill(&painter, galley, visuals, |size| {
                let left = (sx - size.x / 2.0)
                    .max(rect.left())
                    .min(rect.right() - size.x);
                pos2(left, rect.top() + 1.0)
            });
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

/// Month ticks and labels when zoomed in, labelled year ticks, and the line under them.
fn paint_ticks(painter: &egui::Painter, cx: &Cx<'_>, rect: Rect, visuals: &egui::Visuals) {
    let steps = RulerSteps::at(cx.axis.px_per_year());
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
                        words::MONTH_NAMES[month as usize - 1],
                        font.clone(),
                        visuals.weak_text_color(),
                    );
                }
            }
        }
    }
    cx.axis.for_each_year_tick(steps.year_step, |year, sx| {
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
}

/// Where a click or drag on the ruler puts the playhead: on an event within a few pixels,
/// else on the day (zoomed in) or the month start (zoomed out), within the horizon.
fn playhead_date(cx: &Cx<'_>, sx: f32) -> NaiveDate {
    let nearest = cx
        .model
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
    let (first, end) = cx.horizon();
    let last = end.pred_opt().unwrap_or(end);
    date.max(first).min(last)
}
