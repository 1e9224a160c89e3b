//! The plots' legends: a swatch drawn like the series it stands for, then its name.

use egui::{Color32, Stroke, Ui, vec2};

use crate::ui::theme;

/// How a legend entry's swatch looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Swatch {
    /// A filled block (bars, areas).
    Fill,
    /// A filled block with a line through it (bars with a cumulative line).
    FillAndLine,
    /// A thick line.
    ThickLine,
    /// A dashed line.
    Dashed,
    /// A dotted line.
    Dotted,
}

/// The size of a swatch, and the gap between it and its text.
const SWATCH: egui::Vec2 = vec2(16.0, 10.0);
const SWATCH_GAP: f32 = 4.0;

/// One legend entry: a swatch and its text, with a tooltip.
pub(super) fn legend_entry(ui: &mut Ui, swatch: Swatch, color: Color32, text: &str, tooltip: &str) {
    // One widget for swatch and text, so that a wrapping row can wrap between entries.
    // Wrap only what is wider than the whole column, not at the end of a row.
    let wrap_width = (ui.max_rect().width() - SWATCH.x - SWATCH_GAP).max(40.0);
    let galley = ui.painter().layout(
        text.to_owned(),
        egui::FontId::proportional(theme::LEGEND_TEXT_SIZE),
        ui.visuals().text_color(),
        wrap_width,
    );
    let size = vec2(
        SWATCH.x + SWATCH_GAP + galley.size().x,
        galley.size().y.max(SWATCH.y),
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), text));
    let swatch_rect =
        egui::Rect::from_min_size(rect.left_center() - vec2(0.0, SWATCH.y / 2.0), SWATCH);
    paint_swatch(ui.painter(), swatch_rect, swatch, color);
    let text_pos = egui::pos2(swatch_rect.right() + SWATCH_GAP, rect.top());
    ui.painter()
        .galley(text_pos, galley, ui.visuals().text_color());
    response.on_hover_text(tooltip);
}

/// Paints a swatch in `rect`.
fn paint_swatch(painter: &egui::Painter, rect: egui::Rect, swatch: Swatch, color: Color32) {
    let mid = [rect.left_center(), rect.right_center()];
    let line = |width: f32| Stroke::new(width, color);
    match swatch {
        Swatch::Fill => {
            painter.rect_filled(rect.shrink2(vec2(2.0, 0.0)), 1.0, band_fill(color));
        }
        Swatch::FillAndLine => {
            painter.rect_filled(rect.shrink2(vec2(4.0, 0.0)), 1.0, bar_fill(color));
            painter.line_segment(mid, line(1.5));
        }
        Swatch::ThickLine => {
            painter.line_segment(mid, line(2.5));
        }
        Swatch::Dashed => {
            painter.add(egui::Shape::dashed_line(&mid, line(1.5), 4.0, 3.0));
        }
        Swatch::Dotted => {
            painter.add(egui::Shape::dotted_line(&mid, color, 3.0, 1.0));
        }
    }
}

/// Legend entries in wrapped rows (`wrapped`) or one per row.
pub(super) fn legend_rows(ui: &mut Ui, wrapped: bool, add: impl FnOnce(&mut Ui)) {
    if wrapped {
        ui.horizontal_wrapped(add);
    } else {
        ui.spacing_mut().item_spacing.y = 3.0;
        add(ui);
    }
}

/// Bars are translucent so that lines behind them stay visible.
pub(super) fn bar_fill(color: Color32) -> Color32 {
    color.gamma_multiply(0.55)
}

/// Cloud bands are nearly opaque: their colours are what the user reads.
pub(super) fn band_fill(color: Color32) -> Color32 {
    color.gamma_multiply(0.85)
}
