//! The plots below the timeline: revenue-share payments and the cloud distribution.
//!
//! Both plots follow the shared time axis ([`ViewState::time_view`]): they zoom and pan
//! in time only (y fits what is visible), and write the range back when the user moves
//! them. They draw the shared hover line and the playhead. What they draw is prepared
//! once per document revision ([`ViewModels`]), so a frame only turns prepared points
//! into plot items.
//!
//! [`ViewState::time_view`]: crate::ui::ViewState::time_view
//! [`ViewModels`]: crate::view::ViewModels

mod cloud;
mod legend;
mod revenue;
mod time_plot;

use egui::{Ui, vec2};

use crate::ui::{PanelCx, theme};

/// Where a plot's header (title, controls, legend) goes.
#[derive(Clone, Copy, Debug)]
enum Placement {
    /// Header rows above the plot, all in this rect.
    Above(egui::Rect),
    /// Header in a column left of the plot, so that the plot area lines up with the
    /// timeline's lanes above it.
    Beside {
        header: egui::Rect,
        plot: egui::Rect,
    },
}

/// Top-down layout in `rect`, with a stable id and clipped to the rect.
fn in_rect<R>(
    ui: &mut Ui,
    rect: egui::Rect,
    salt: impl egui::AsIdSalt,
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    let builder = egui::UiBuilder::new()
        .id_salt(salt)
        .max_rect(rect)
        .layout(egui::Layout::top_down(egui::Align::Min));
    ui.scope_builder(builder, |ui| {
        ui.set_clip_rect(rect.intersect(ui.clip_rect()));
        add(ui)
    })
    .inner
}

/// Shows the header, then the plot in the space left. `header` lays out its rows itself:
/// wrapped rows above the plot (`true`), or one item per row beside it (`false`).
fn with_header<S>(
    ui: &mut Ui,
    placement: Placement,
    salt: &str,
    state: &mut S,
    header: impl FnOnce(&mut Ui, &mut S, bool),
    plot: impl FnOnce(&mut Ui, &mut S, egui::Vec2),
) {
    match placement {
        Placement::Above(rect) => in_rect(ui, rect, salt, |ui| {
            header(ui, state, true);
            ui.add_space(2.0);
            let size = vec2(ui.max_rect().width(), ui.available_height());
            plot(ui, state, size);
        }),
        Placement::Beside {
            header: side,
            plot: area,
        } => {
            in_rect(ui, side, (salt, "header"), |ui| {
                header(ui, state, false);
            });
            in_rect(ui, area, (salt, "plot"), |ui| {
                plot(ui, state, area.size());
            });
        }
    }
}

/// A weak message where a plot would be.
fn empty_plot_ui(ui: &mut Ui, size: egui::Vec2, message: &str) {
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::centered_and_justified(egui::Direction::TopDown),
        |ui| ui.weak(message),
    );
}

/// The plots below the timeline: revenue share and cloud distribution. Side by side
/// when there is room; otherwise stacked, with their headers on the left so that the
/// plot areas line up with the timeline's lanes above, or above the plots where the
/// left column would be too narrow for them.
pub fn plots_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let full = ui.available_rect_before_wrap();
    let gap = 2.0 * theme::GAP;
    if full.width() >= theme::PLOTS_SIDE_BY_SIDE_MIN_WIDTH {
        let w = (full.width() - gap) / 2.0;
        let left = egui::Rect::from_min_size(full.min, vec2(w, full.height()));
        revenue::revenue_ui(ui, cx, Placement::Above(left));
        cloud::cloud_ui(ui, cx, Placement::Above(left.translate(vec2(w + gap, 0.0))));
        ui.advance_cursor_after_rect(full);
        return;
    }
    // A plot with its header beside it needs less height than one with its header above.
    let probe = egui::Rect::from_min_size(full.min, vec2(full.width(), full.height() / 2.0));
    let least = if aligned_with_timeline(probe).is_some() {
        theme::PLOT_BESIDE_MIN_HEIGHT
    } else {
        theme::PLOT_ABOVE_MIN_HEIGHT
    };
    let row = ((full.height() - gap) / 2.0).max(least);
    let total = 2.0 * row + gap;
    if total <= full.height() + 0.5 {
        stacked_ui(ui, cx, full, row, gap);
        ui.advance_cursor_after_rect(full);
    } else {
        // Too short for both: the plots scroll, so that each keeps a readable height.
        egui::ScrollArea::vertical()
            .id_salt("plots_scroll")
            .show(ui, |ui| {
                let size = vec2(ui.available_width(), total);
                let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                stacked_ui(ui, cx, rect, row, gap);
            });
    }
}

/// The plots a presenter step asks for: both as [`plots_ui`] lays them out, or the one
/// chosen across the whole space.
pub fn chosen_plots_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, revenue: bool, cloud: bool) {
    let full = ui.available_rect_before_wrap();
    match (revenue, cloud) {
        (true, true) => plots_ui(ui, cx),
        (true, false) => revenue::revenue_ui(ui, cx, Placement::Above(full)),
        (false, true) => cloud::cloud_ui(ui, cx, Placement::Above(full)),
        (false, false) => {}
    }
    ui.advance_cursor_after_rect(full);
}

/// The two plots one above the other in `rect`, each `row` high.
fn stacked_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, rect: egui::Rect, row: f32, gap: f32) {
    let at = |top: f32| {
        let r = egui::Rect::from_min_size(egui::pos2(rect.left(), top), vec2(rect.width(), row));
        aligned_with_timeline(r).unwrap_or(Placement::Above(r))
    };
    revenue::revenue_ui(ui, cx, at(rect.top()));
    cloud::cloud_ui(ui, cx, at(rect.top() + row + gap));
}

/// A row split so that the plot area spans the same x range as the timeline's lanes:
/// from the lane-title column's right edge to a small margin before the right edge.
/// None when the column left for the header would be too narrow to read: then the
/// header goes above the plot.
fn aligned_with_timeline(row: egui::Rect) -> Option<Placement> {
    let lanes_left = row.left() + theme::LANE_LABEL_WIDTH.min(0.3 * row.width());
    let plot_left = (lanes_left - theme::PLOT_Y_AXIS_WIDTH).max(row.left());
    let header =
        egui::Rect::from_x_y_ranges(row.left()..=plot_left - theme::GAP / 2.0, row.y_range());
    let plot = egui::Rect::from_x_y_ranges(
        plot_left..=(row.right() - theme::PLOT_RIGHT_MARGIN).max(plot_left + 1.0),
        row.y_range(),
    );
    (header.width() >= theme::PLOT_HEADER_MIN_WIDTH).then_some(Placement::Beside { header, plot })
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::fixtures::small_agreement;
    use crate::ui::testing::{self, PanelState};
    use crate::view::cloud::CloudMode;

    fn harness(size: egui::Vec2) -> Harness<'static, PanelState> {
        testing::harness(small_agreement(), size, plots_ui)
    }

    #[test]
    fn the_panel_shows_both_plots_with_legends_and_keeps_the_time_view() {
        let mut harness = harness(egui::vec2(900.0, 400.0));
        harness.run();
        harness.get_by_label("Alpha → Beta");
        // Stacked, with the headers beside the plots, too.
        harness.set_size(egui::vec2(600.0, 500.0));
        harness.run();
        let before = harness.state().view.time_view;
        harness.get_by_label("Revenue share");
        harness.get_by_label("Cloud distribution");
        harness.get_by_label("Alpha → Beta");
        harness.get_by_label("Net Alpha → Beta");
        harness.get_by_label("cap $150");
        harness.get_by_label("Harbor");
        harness.get_by_label("Xeno");
        harness.run();
        // Drawing alone never moves the shared time axis.
        assert_eq!(harness.state().view.time_view, before);
    }

    #[test]
    fn hovering_shares_the_date_and_dragging_pans_the_shared_time_axis() {
        let mut harness = harness(egui::vec2(900.0, 400.0));
        harness.run();
        let before = harness.state().view.time_view;
        // Inside the revenue plot, on the left half.
        let at = egui::pos2(250.0, 200.0);
        harness.hover_at(at);
        harness.run();
        let hover = harness
            .state()
            .view
            .hover_x
            .expect("hover over a plot is shared");
        assert!(
            before.min < hover && hover < before.max,
            "{hover} outside {before:?}"
        );

        harness.drag_at(at);
        harness.step();
        harness.hover_at(at - vec2(50.0, 0.0));
        harness.step();
        harness.hover_at(at - vec2(100.0, 0.0));
        harness.step();
        harness.drop_at(at - vec2(100.0, 0.0));
        harness.run();
        let after = harness.state().view.time_view;
        // Dragging left by about a quarter of the plot shows later years; the span stays.
        let moved = (after.min - before.min) / before.span();
        assert!((0.15..0.4).contains(&moved), "{before:?} → {after:?}");
        assert!((after.span() - before.span()).abs() < 1e-9);
    }

    #[test]
    fn clicking_amount_switches_the_cloud_plot_to_amounts() {
        let mut harness = harness(egui::vec2(600.0, 700.0));
        harness.run();
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Share);
        testing::click(&mut harness, "Amount");
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Amount);
        testing::click(&mut harness, "Share");
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Share);
    }
}
