//! Sources: status badges, read-only lists and editors of where things come from.

use egui::{Response, RichText, Ui};

use super::{FieldLabel, remove_at, remove_button};
use crate::model::{Source, SourceStatus};
use crate::ui::theme;

/// The weakest status among `sources` (an assumption is weaker than a report), if any.
#[must_use]
pub fn weakest_status(sources: &[Source]) -> Option<SourceStatus> {
    sources.iter().map(|s| s.status).max()
}

fn status_letter(status: SourceStatus) -> &'static str {
    match status {
        SourceStatus::Verified => "V",
        SourceStatus::Reported => "R",
        SourceStatus::Assumption => "A",
    }
}

/// A coloured dot with the weakest status's letter (V, R or A); hovering lists the sources
/// with their titles, statuses, notes and links. Clickable (e.g. to open an editor).
pub fn source_badge(ui: &mut Ui, sources: &[Source]) -> Response {
    let size = egui::Vec2::splat(theme::SOURCE_BADGE_SIZE);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let status = weakest_status(sources);
    let name = match status {
        Some(s) => format!("Sources: {} ({})", sources.len(), s.label().to_lowercase()),
        None => "No sources".to_owned(),
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let radius = theme::SOURCE_BADGE_SIZE / 2.0 - 1.0;
        if let Some(s) = status {
            let fill = theme::status_color(s);
            painter.circle_filled(rect.center(), radius, fill);
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                status_letter(s),
                egui::FontId::proportional(theme::SOURCE_BADGE_FONT_SIZE),
                theme::text_on(fill),
            );
        } else {
            let stroke = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
            painter.circle_stroke(rect.center(), radius - 0.5, stroke);
        }
    }
    response.on_hover_ui(|ui| sources_list_ui(ui, sources))
}

/// The sources as read-only text: title, status, note and a link.
pub fn sources_list_ui(ui: &mut Ui, sources: &[Source]) {
    ui.set_max_width(theme::SOURCES_LIST_WIDTH);
    if sources.is_empty() {
        ui.weak("No sources yet");
        return;
    }
    for (k, s) in sources.iter().enumerate() {
        if k > 0 {
            ui.separator();
        }
        ui.label(RichText::new(&s.title).strong());
        let status = if s.field.is_empty() {
            s.status.label().to_owned()
        } else {
            format!("{} · backs {}", s.status.label(), s.field)
        };
        ui.label(
            RichText::new(status)
                .color(theme::status_color(s.status))
                .small(),
        );
        if !s.note.is_empty() {
            ui.add(egui::Label::new(RichText::new(&s.note).small()).wrap());
        }
        if !s.url.is_empty() {
            ui.hyperlink_to(RichText::new(&s.url).small(), &s.url);
        }
    }
}

/// The sources' badge and a "Sources (n)" toggle that shows their editor below, at full width.
/// `changed()` on any change of the sources.
pub fn sources_section_ui(ui: &mut Ui, id_salt: &str, sources: &mut Vec<Source>) -> Response {
    let open_id = ui.make_persistent_id((id_salt, "sources_open"));
    let mut open = ui.data(|d| d.get_temp::<bool>(open_id)).unwrap_or(false);
    let mut response = ui
        .horizontal(|ui| {
            let badge = source_badge(ui, sources);
            let text = format!("Sources ({})", sources.len());
            let hint = if open {
                "Hide the sources"
            } else {
                "Show and edit the sources"
            };
            if ui
                .selectable_label(open, text)
                .on_hover_text(hint)
                .clicked()
                || badge.clicked()
            {
                open = !open;
            }
        })
        .response;
    ui.data_mut(|d| d.insert_temp(open_id, open));
    if open && sources_editor_ui(ui, id_salt, sources).changed() {
        response.mark_changed();
    }
    response
}

/// Edits a list of sources: title, URL (with a link to open it), status and note; add and
/// remove. `changed()` on any change.
pub fn sources_editor_ui(ui: &mut Ui, id_salt: &str, sources: &mut Vec<Source>) -> Response {
    let before = sources.clone();
    let mut remove = None;
    let mut response = ui
        .vertical(|ui| {
            for (k, s) in sources.iter_mut().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    source_ui(ui, &format!("{id_salt}-{k}"), k, s, &mut remove);
                });
            }
            if ui
                .button("+ Add source")
                .on_hover_text("Add where this comes from")
                .clicked()
            {
                sources.push(Source {
                    title: String::new(),
                    url: String::new(),
                    status: SourceStatus::Assumption,
                    note: String::new(),
                    field: String::new(),
                });
            }
        })
        .response;
    remove_at(sources, remove);
    if *sources != before {
        response.mark_changed();
    }
    response
}

fn source_ui(ui: &mut Ui, salt: &str, k: usize, s: &mut Source, remove: &mut Option<usize>) {
    egui::Grid::new(salt)
        .num_columns(2)
        .spacing(theme::SOURCE_FORM_SPACING)
        .show(ui, |ui| {
            let l = ui.label("Title");
            // Right to left: the button takes its place at the end, the text field the rest.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if remove_button(ui, true, "source", k + 1).clicked() {
                    *remove = Some(k);
                }
                wide_text_ui(
                    ui,
                    FieldLabel::visible(&l, "Title"),
                    &mut s.title,
                    "What the source is",
                );
            });
            ui.end_row();

            let l = ui.label("URL");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if !s.url.is_empty() {
                    ui.hyperlink_to("open", &s.url)
                        .accessible_name(format!("Open source {}", k + 1))
                        .on_hover_text(format!("Open {}", s.url));
                }
                wide_text_ui(ui, FieldLabel::visible(&l, "URL"), &mut s.url, "https://…");
            });
            ui.end_row();

            let l = ui.label("Status");
            let combo = egui::ComboBox::from_id_salt(format!("{salt}-status"))
                .selected_text(RichText::new(s.status.label()).color(theme::status_color(s.status)))
                .show_ui(ui, |ui| {
                    for status in SourceStatus::ALL {
                        ui.selectable_value(&mut s.status, status, status.label());
                    }
                })
                .response;
            FieldLabel::visible(&l, "Status").name(combo).on_hover_text(
            "Verified: official text or filing · Reported: press or estimate · Assumption: ours",
        );
            ui.end_row();

            let l = ui.label("Backs");
            wide_text_ui(
                ui,
                FieldLabel::visible(&l, "Backs"),
                &mut s.field,
                "the whole item, or one number: cap, schedule[1].rate…",
            )
            .on_hover_text(
                "Leave empty when the source backs the item as a whole; name a field when it \
                 backs one number, so that number shows this source's status",
            );
            ui.end_row();

            let l = ui.label("Note");
            FieldLabel::visible(&l, "Note").name(
                ui.add(
                    egui::TextEdit::multiline(&mut s.note)
                        .desired_rows(1)
                        .hint_text("Page, quote, how it was estimated…")
                        .desired_width(ui.available_width()),
                ),
            );
            ui.end_row();
        });
}

/// A single-line text field with a hint, taking the rest of the row.
fn wide_text_ui(ui: &mut Ui, label: FieldLabel<'_>, text: &mut String, hint: &str) -> Response {
    let edit = egui::TextEdit::singleline(text)
        .hint_text(hint)
        .desired_width(ui.available_width());
    label.name(ui.add(edit))
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    #[test]
    fn sources_can_be_added_and_removed() {
        let mut harness = Harness::builder()
            .with_size(egui::vec2(360.0, 600.0))
            .build_ui_state(
                |ui, sources: &mut Vec<Source>| {
                    sources_editor_ui(ui, "test", sources);
                },
                Vec::new(),
            );
        harness.get_by_label("+ Add source").click();
        harness.run();
        assert_eq!(harness.state().len(), 1);
        assert_eq!(harness.state()[0].status, SourceStatus::Assumption);
        harness.get_by_label("Remove source 1").click();
        harness.run();
        assert!(harness.state().is_empty());
    }
}
