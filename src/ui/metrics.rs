//! The metrics strip: the headline figures of DESIGN §2.7 as cards in one row.
//!
//! The cards are view models ([`crate::view::cards`]), built once per revision; the
//! strip shows as many of the most important ones as fit and puts the rest under
//! "More…".

use egui::{Color32, RichText, Ui, vec2};

use crate::ui::theme::CARD;
use crate::ui::{PanelCx, ViewCommand, theme};
use crate::view::cards::{Card, Comparison, compare, fitting};

fn small(text: &str) -> RichText {
    RichText::new(text).size(CARD.small)
}

/// A card's value stands out; in the warning colour if it needs attention.
fn value_color(ui: &Ui, card: &Card) -> Color32 {
    if card.warning {
        theme::WARNING
    } else {
        ui.visuals().strong_text_color()
    }
}

/// The size a card needs for its text: every card gets the height of one with a detail line.
fn card_size(ui: &Ui, card: &Card, compared: Option<&Comparison>) -> egui::Vec2 {
    let painter = ui.painter();
    let size = |text: &str, font_size: f32| {
        painter
            .layout_no_wrap(
                text.to_owned(),
                egui::FontId::proportional(font_size),
                Color32::WHITE,
            )
            .size()
    };
    let caption = size(&card.caption, CARD.small);
    let scope = size(&card.scope, CARD.scope);
    let value = size(&card.value, CARD.value);
    let detail = size(&card.detail, CARD.small);
    let versus = compared.map_or(egui::Vec2::ZERO, |c| size(&versus_text(c), CARD.small));
    let stroke = ui.visuals().widgets.noninteractive.bg_stroke.width;
    let lines = if compared.is_some() { 4.0 } else { 3.0 };
    vec2(
        caption
            .x
            .max(scope.x)
            .max(value.x)
            .max(detail.x)
            .max(versus.x)
            + 2.0 * (CARD.margin + stroke),
        caption.y
            + scope.y
            + value.y
            + caption.y
            + versus.y
            + lines * CARD.line_gap
            + 2.0 * (CARD.margin + stroke),
    )
}

/// One card: caption, scope, value, detail, in a frame. Clicking a dated card moves the playhead.
/// "base $38.0B · Δ +$3.3B (+8.7 %)".
fn versus_text(c: &Comparison) -> String {
    format!("base {} · Δ {}", c.baseline, c.delta)
}

fn card_ui(
    ui: &mut Ui,
    card: &Card,
    compared: Option<&Comparison>,
    size: egui::Vec2,
    cx: &mut PanelCx<'_>,
) {
    let value_color = value_color(ui, card);
    let response = egui::Frame::group(ui.style())
        .inner_margin(CARD.margin)
        .show(ui, |ui| {
            let stroke = ui.visuals().widgets.noninteractive.bg_stroke.width;
            ui.vertical(|ui| {
                ui.set_min_size(size - egui::Vec2::splat(2.0 * (CARD.margin + stroke)));
                ui.spacing_mut().item_spacing.y = CARD.line_gap;
                ui.label(small(&card.caption).weak());
                ui.label(RichText::new(&card.scope).size(CARD.scope).italics().weak());
                ui.label(
                    RichText::new(&card.value)
                        .size(CARD.value)
                        .color(value_color),
                );
                if !card.detail.is_empty() {
                    ui.label(small(&card.detail).weak());
                }
                if let Some(c) = compared {
                    ui.label(small(&versus_text(c)).color(theme::SCENARIO));
                }
            });
        })
        .response;
    let sense = if card.date.is_some() {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let mut response = ui
        .interact(response.rect, ui.auto_id_with(&card.caption), sense)
        .on_hover_text(&card.tooltip);
    if card.date.is_some() {
        response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
    }
    if let Some(date) = card.date
        && response.clicked()
    {
        cx.command(ViewCommand::SetPlayhead(date));
    }
}

/// The metrics strip: as many cards as fit, the rest under "More…".
pub fn metrics_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let all = &cx.models.cards;
    let compared: Vec<Option<Comparison>> = all
        .iter()
        .map(|c| cx.baseline.and_then(|b| compare(c, &b.models.cards)))
        .collect();
    let gap = ui.spacing().item_spacing.x;
    let mut height = 0.0_f32;
    let widths: Vec<f32> = all
        .iter()
        .zip(&compared)
        .map(|(c, versus)| {
            let size = card_size(ui, c, versus.as_ref());
            height = height.max(size.y);
            size.x
        })
        .collect();
    let shown = fitting(
        all,
        &widths,
        ui.available_width() - theme::CARD.more_width,
        gap,
    );
    // Frames lay out from the top, so centre the row by hand.
    ui.add_space(((ui.available_height() - height) / 2.0).max(0.0));
    ui.horizontal(|ui| {
        for &i in &shown {
            card_ui(
                ui,
                &all[i],
                compared[i].as_ref(),
                vec2(widths[i], height),
                cx,
            );
        }
        if shown.len() < all.len() {
            let more = ui
                .button("More…")
                .on_hover_text("All figures, including those that do not fit here");
            egui::Popup::from_toggle_button_response(&more)
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show(|ui| more_ui(ui, all, &compared, cx));
        }
    });
}

/// Every card as a row of a table.
fn more_ui(ui: &mut Ui, cards: &[Card], compared: &[Option<Comparison>], cx: &mut PanelCx<'_>) {
    egui::Grid::new("more_metrics")
        .num_columns(5)
        .striped(true)
        .spacing(vec2(2.0 * theme::GAP, 4.0))
        .show(ui, |ui| {
            for (card, versus) in cards.iter().zip(compared) {
                ui.label(&card.caption).on_hover_text(&card.tooltip);
                ui.weak(&card.scope);
                let color = value_color(ui, card);
                match card.date {
                    Some(date) => {
                        if ui
                            .link(RichText::new(&card.value).color(color))
                            .on_hover_text("Move the playhead here")
                            .clicked()
                        {
                            cx.command(ViewCommand::SetPlayhead(date));
                        }
                    }
                    None => {
                        ui.label(RichText::new(&card.value).color(color));
                    }
                }
                ui.weak(&card.detail);
                match versus {
                    Some(c) => ui.colored_label(theme::SCENARIO, versus_text(c)),
                    None => ui.label(""),
                };
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{self, PanelState};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::fixtures::{date, small_agreement};

    fn harness() -> Harness<'static, PanelState> {
        testing::harness(small_agreement(), vec2(700.0, 96.0), metrics_ui)
    }
    #[test]
    fn the_strip_shows_the_first_cards_and_the_rest_under_more() {
        let mut harness = harness();
        harness.run();
        harness.get_by_label("Net paid Alpha → Beta");
        harness.get_by_label("$102");
        harness.get_by_label("Cap reached");
        assert!(
            harness
                .query_by_label("Exclusivity ends: Training")
                .is_none()
        );
        testing::click(&mut harness, "More…");
        harness.get_by_label("Exclusivity ends: Training");
    }

    #[test]
    fn clicking_a_dated_card_moves_the_playhead() {
        let mut harness = harness();
        harness.run();
        testing::click(&mut harness, "Mar 2025");
        assert_eq!(harness.state().view.playhead, date("2025-03-01"));
    }
}
