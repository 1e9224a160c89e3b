//! The timeline's tooltips: on a segment's edge, on a segment, on an event's marker.
//! Their words come from [`crate::words`].

use chrono::NaiveDate;
use egui::Ui;

use super::Cx;
use crate::document::Document;
use crate::model::edges::{self, Edge};
use crate::model::validate::ItemRef;
use crate::model::{Agreement, Source};
use crate::ui::theme;
use crate::view::timeline::Marker;
use crate::words;

/// What dragging `edge` of the clause at index `i` changes.
pub(super) fn edge_tooltip_ui(ui: &mut Ui, cx: &Cx<'_>, i: usize, edge: Edge) {
    let Some(seg) = cx.segment(i) else {
        return;
    };
    let Some(hint) = words::edge_hint(cx.a, i, edge, seg.end_index) else {
        return;
    };
    ui.label(hint.text);
    if let Some(moves) = hint.moves {
        ui.colored_label(theme::WARNING, moves);
    }
    ui.weak("Snaps to the first of a month");
}

/// The clause of segment `i`: what it is, when, where it comes from and its problems.
pub(super) fn segment_tooltip_ui(ui: &mut Ui, cx: &Cx<'_>, doc: &Document, i: usize) {
    let (Some(c), Some(seg)) = (cx.a.clauses.get(i), cx.segment(i)) else {
        return;
    };
    ui.strong(&c.title);
    ui.label(words::kind_text(cx.a, c));
    ui.label(words::dates_text(seg.start, seg.end));
    for line in words::period_lines(cx.a, c, seg.end_index) {
        ui.label(line);
    }
    if let Some(others) = words::other_ends_text(cx.a, c, seg.end_index) {
        ui.weak(others);
    }
    if let Some(source) = c.sources.first() {
        source_ui(ui, source, c.sources.len() - 1);
    }
    for p in doc.problems() {
        if matches!(&p.item, ItemRef::Clause(id) if *id == c.id) {
            ui.colored_label(theme::WARNING, &p.message);
        }
    }
    ui.weak("Click to select · drag an edge to change its date");
}

/// The event of marker `m`: its kind, date, description, the clauses on it, its source.
pub(super) fn marker_tooltip_ui(ui: &mut Ui, a: &Agreement, m: &Marker) {
    let Some(e) = a.events.get(m.event) else {
        return;
    };
    ui.strong(&e.name);
    let (kind, range) = words::event_lines(e, m.date);
    ui.label(kind);
    if let Some(range) = range {
        ui.weak(range);
    }
    if !e.description.is_empty() {
        ui.label(&e.description);
    }
    if let Some(text) = words::clauses_on_event_text(edges::clauses_on_event(a, &e.id, None)) {
        ui.weak(text);
    }
    if let Some(source) = e.sources.first() {
        source_ui(ui, source, 0);
    }
    ui.weak("Click to move the playhead here");
}

/// "Source: Reported Press release (+2 more)", the status in its colour.
fn source_ui(ui: &mut Ui, source: &Source, more: usize) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label("Source:");
        ui.colored_label(theme::status_color(source.status), source.status.label());
        ui.label(&source.title);
        if more > 0 {
            ui.weak(format!("(+{more} more)"));
        }
    });
}

/// While an event's marker is dragged: where it goes and what moves with it.
pub(super) fn event_drag_tooltip_ui(ui: &mut Ui, a: &Agreement, event: usize, date: NaiveDate) {
    let Some(e) = a.events.get(event) else { return };
    ui.strong(format!("{} → {}", e.name, words::date(date)));
    let moving = edges::clauses_on_event(a, &e.id, None);
    ui.label(words::clauses_on_event_text(moving).map_or_else(
        || "No clause starts or ends on it".to_owned(),
        |t| format!("{t}: they move with it"),
    ));
}
