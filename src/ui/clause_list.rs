//! The clause list: grouped, with an in-force badge at the playhead, problem
//! markers, and add / duplicate / delete / reorder.

use chrono::NaiveDate;

use crate::document::{Document, Edit};
use crate::model::dates::add_years;
use crate::model::{
    Agreement, Boundary, Clause, ClauseKind, ExclusivityLevel, KindTag, Period, RateStep,
    Uncertain, ids, validate::ItemRef,
};
use crate::ui::{GroupBy, PanelCx, ViewCommand, ViewState, theme};

pub fn clause_list_ui(ui: &mut egui::Ui, cx: &mut PanelCx<'_>) {
    let (doc, view) = (cx.doc, cx.view);
    let a = doc.agreement();
    toolbar_ui(ui, a, view, cx);
    ui.separator();
    if a.clauses.is_empty() {
        ui.weak("No clauses yet: add one with “+ Add”");
        return;
    }
    for (group, members) in groups(a, cx.prefs.group_by) {
        egui::CollapsingHeader::new(egui::RichText::new(&group).strong())
            .id_salt(("clause_group", &group))
            .default_open(true)
            .show(ui, |ui| {
                for i in members {
                    row_ui(ui, doc, view, cx.commands, i);
                }
            });
    }
    delete_key(ui, a, view, cx);
}

/// Clause indices per group, groups in a natural order.
fn groups(a: &Agreement, by: GroupBy) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    let mut add = |key: String, i: usize| {
        if let Some((_, v)) = out.iter_mut().find(|(k, _)| *k == key) {
            v.push(i);
        } else {
            out.push((key, vec![i]));
        }
    };
    match by {
        GroupBy::Kind => {
            for tag in KindTag::ALL {
                for (i, c) in a.clauses.iter().enumerate() {
                    if c.kind.tag() == tag {
                        add(tag.label().to_owned(), i);
                    }
                }
            }
        }
        GroupBy::Amendment => {
            let mut keyed: Vec<(Option<NaiveDate>, String, usize)> = a
                .clauses
                .iter()
                .enumerate()
                .map(|(i, c)| match &c.period.start {
                    Boundary::Event(id) => {
                        let e = a.event(id);
                        let name =
                            e.map_or_else(|| format!("“{id}” (unknown event)"), |e| e.name.clone());
                        (e.and_then(|e| e.date), name, i)
                    }
                    Boundary::Date(d) => (Some(*d), format!("From {d}"), i),
                })
                .collect();
            keyed.sort_by(|x, y| x.0.cmp(&y.0).then(x.2.cmp(&y.2)));
            for (_, key, i) in keyed {
                add(key, i);
            }
        }
    }
    out
}

fn row_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &ViewState,
    commands: &mut Vec<ViewCommand>,
    i: usize,
) {
    let a = doc.agreement();
    let clause = &a.clauses[i];
    let in_force = doc
        .projection()
        .segments
        .get(i)
        .and_then(Option::as_ref)
        .is_some_and(|s| s.contains(view.playhead));
    let problems: Vec<String> = doc
        .problems()
        .iter()
        .filter(|p| p.item == ItemRef::Clause(clause.id.clone()))
        .map(ToString::to_string)
        .collect();
    ui.horizontal(|ui| {
        let (rect, badge) = ui.allocate_exact_size(egui::vec2(12.0, 14.0), egui::Sense::hover());
        let centre = rect.center();
        if in_force {
            ui.painter().circle_filled(centre, 4.0, theme::IN_FORCE);
        } else {
            let stroke = egui::Stroke::new(1.2, ui.visuals().weak_text_color());
            ui.painter().circle_stroke(centre, 3.5, stroke);
        }
        badge.on_hover_text(if in_force {
            "In force at the playhead"
        } else {
            "Not in force at the playhead"
        });
        let size = egui::vec2(theme::CLAUSE_STRIPE_WIDTH, 14.0);
        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 1.0, theme::clause_color(&clause.kind));
        let selected = view.is_selected(&clause.id);
        // A long title is cut with "…" rather than widening the panel.
        let response = ui
            .add(egui::Button::selectable(selected, clause.title.as_str()).truncate())
            .on_hover_text(format!(
                "{}\n{} · id “{}”",
                clause.title,
                clause.kind.tag().label(),
                clause.id
            ));
        if response.clicked() {
            commands.push(ViewCommand::Select(Some(clause.id.clone())));
        }
        if !problems.is_empty() {
            ui.label(egui::RichText::new("⚠").color(theme::WARNING))
                .on_hover_text(problems.join("\n"));
        }
    });
}

fn toolbar_ui(ui: &mut egui::Ui, a: &Agreement, view: &ViewState, cx: &mut PanelCx<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Clauses");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let selected = view.selected_index(a);
            let n = a.clauses.len();
            if ui
                .add_enabled(selected.is_some_and(|i| i + 1 < n), egui::Button::new("⬇"))
                .on_hover_text("Move the clause down")
                .clicked()
                && let Some(i) = selected
            {
                cx.edit(Edit::new("Move clause down", move |a| {
                    if i + 1 < a.clauses.len() {
                        a.clauses.swap(i, i + 1);
                    }
                }));
            }
            if ui
                .add_enabled(selected.is_some_and(|i| i > 0), egui::Button::new("⬆"))
                .on_hover_text("Move the clause up")
                .clicked()
                && let Some(i) = selected
            {
                cx.edit(Edit::new("Move clause up", move |a| {
                    if (1..a.clauses.len()).contains(&i) {
                        a.clauses.swap(i, i - 1);
                    }
                }));
            }
            if ui
                .add_enabled(selected.is_some(), egui::Button::new("Delete"))
                .on_hover_text("Delete the clause (Delete)")
                .clicked()
                && let Some(i) = selected
            {
                delete(a, cx, i);
            }
            if ui
                .add_enabled(selected.is_some(), egui::Button::new("Duplicate"))
                .on_hover_text("Duplicate the clause")
                .clicked()
                && let Some(i) = selected
            {
                let mut copy = a.clauses[i].clone();
                copy.id = unique_id(a, &copy.id);
                copy.title = format!("{} (copy)", copy.title);
                cx.command(ViewCommand::Select(Some(copy.id.clone())));
                cx.edit(Edit::new("Duplicate clause", move |a| {
                    let at = (i + 1).min(a.clauses.len());
                    a.clauses.insert(at, copy);
                }));
            }
            ui.menu_button("+ Add", |ui| {
                for tag in KindTag::ALL {
                    if ui.button(format!("{} clause", tag.label())).clicked() {
                        let clause = new_clause(a, tag, view.playhead);
                        cx.command(ViewCommand::Select(Some(clause.id.clone())));
                        cx.edit(Edit::new(
                            format!("Add {}", tag.label().to_lowercase()),
                            move |a| {
                                a.clauses.push(clause);
                            },
                        ));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Add a clause of any kind, starting at the playhead");
        });
    });
}

/// Deletes clause `i` and selects the one that takes its place (the next, else the previous).
fn delete(a: &Agreement, cx: &mut PanelCx<'_>, i: usize) {
    let title = a.clauses[i].title.clone();
    cx.edit(Edit::new(format!("Delete “{title}”"), move |a| {
        if i < a.clauses.len() {
            a.clauses.remove(i);
        }
    }));
    let next = a
        .clauses
        .get(i + 1)
        .or_else(|| i.checked_sub(1).and_then(|j| a.clauses.get(j)));
    cx.command(ViewCommand::Select(next.map(|c| c.id.clone())));
}

fn delete_key(ui: &egui::Ui, a: &Agreement, view: &ViewState, cx: &mut PanelCx<'_>) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    if let Some(i) = view.selected_index(a)
        && ui.input_mut(|inp| inp.consume_key(egui::Modifiers::NONE, egui::Key::Delete))
    {
        delete(a, cx, i);
    }
}

/// `base` numbered so that no clause uses it: `base-2`, `base-3`, … (counting on from
/// `base`'s own number, so that a copy of `rs-2` is `rs-3`).
fn unique_id(a: &Agreement, base: &str) -> String {
    ids::numbered_id(base, |id| a.clause(id).is_some())
}

/// A new clause of `tag` starting on `start`, referring to the agreement's first items.
pub fn new_clause(a: &Agreement, tag: KindTag, start: NaiveDate) -> Clause {
    let party = |k: usize| a.parties.get(k).map(|p| p.id.clone()).unwrap_or_default();
    let provider = a
        .providers
        .first()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let workloads: Vec<String> = a.workloads.iter().map(|w| w.id.clone()).collect();
    let kind = match tag {
        KindTag::Exclusivity => ClauseKind::Exclusivity {
            provider,
            workloads,
            level: ExclusivityLevel::Exclusive,
        },
        KindTag::RevenueShare => ClauseKind::RevenueShare {
            payer: party(0),
            payee: party(1),
            base: a.streams.first().map(|s| s.id.clone()).unwrap_or_default(),
            schedule: vec![RateStep {
                from: start,
                rate: Uncertain::exact(0.1),
            }],
            cap: None,
            spread_months: 1,
            cap_counts: Vec::new(),
            cap_from: None,
        },
        KindTag::ComputeCommitment => ClauseKind::ComputeCommitment {
            party: party(0),
            provider,
            workloads,
            amount: Uncertain::exact(1e9),
        },
        KindTag::Licence => ClauseKind::Licence {
            licensee: party(1),
            scope: String::new(),
            exclusive: false,
        },
        KindTag::EquityStake => ClauseKind::EquityStake {
            holder: party(1),
            company: party(0),
            stake: Uncertain::exact(0.1),
        },
        KindTag::Note => ClauseKind::Note,
    };
    let base = tag.label().to_lowercase().replace(' ', "-");
    let end = match tag {
        // A commitment is spread over its period, so it needs an end.
        KindTag::ComputeCommitment => {
            vec![Boundary::Date(add_years(start, 5))]
        }
        _ => Vec::new(),
    };
    Clause {
        id: unique_id(a, &base),
        title: format!("New {}", tag.label().to_lowercase()),
        text: String::new(),
        sources: Vec::new(),
        period: Period {
            start: Boundary::Date(start),
            end,
        },
        kind,
    }
}
