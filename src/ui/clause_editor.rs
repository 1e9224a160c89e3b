//! The selected clause's typed editor: its terms with the right widgets, the rate
//! schedule, the effective period, the prose and the sources.
//!
//! The editor edits a copy of the clause and, when something changed, sends one
//! [`Edit`] that puts the copy in place of the clause. The edit is labelled after
//! the field ("Change rate") and merges with the next ones of the same field while
//! a drag or typing goes on, so that a gesture is one undo step.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::model::dates::add_years;
use crate::model::ids::{self, ItemKind};
use crate::model::validate::ItemRef;
use crate::model::{
    Agreement, Boundary, Clause, ClauseKind, ExclusivityLevel, LevelKind, Period, RateStep,
    Uncertain,
};
use crate::ui::widgets::{
    self, Change, Choice, FieldLabel, ItemProblems, Unit, form, form_row, section_heading,
};
use crate::ui::{PanelCx, theme};
use crate::words;

/// Shows the editor of the selected clause, or a hint when none is selected.
pub fn clause_editor_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let (doc, view) = (cx.doc, cx.view);
    let a = doc.agreement();
    let Some(i) = view.selected_index(a) else {
        ui.add_space(theme::GAP);
        ui.weak("Select a clause to edit it");
        return;
    };
    let original = &a.clauses[i];
    let problems = ItemProblems::of(doc.problems(), &ItemRef::Clause(original.id.clone()));
    let editor = Editor {
        a,
        i,
        playhead: view.playhead,
        problems: &problems,
        choices: Choices::of(a),
    };
    if let Some(edit) = widgets::overrides_ui(ui, doc, &ItemRef::Clause(original.id.clone())) {
        cx.edit(edit);
    }
    let mut clause = original.clone();
    let mut change = Change::default();
    ui.push_id(("clause_editor", i), |ui| {
        editor.ui(ui, &mut clause, &mut change);
    });
    if change.is_changed() && clause != *original {
        let old_id = original.id.clone();
        cx.edit(
            change.into_edit(&format!("clause-{i}"), move |a: &mut Agreement| {
                if let Some(c) = a.clauses.get_mut(i)
                    && c.id == old_id
                {
                    let new_id = clause.id.clone();
                    *c = clause;
                    if new_id != old_id {
                        ids::rename_clause_references(a, &old_id, &new_id);
                    }
                }
            }),
        );
    }
}

/// The items a clause can refer to, as choices for the combo boxes.
struct Choices {
    parties: Vec<Choice>,
    providers: Vec<Choice>,
    streams: Vec<Choice>,
    workloads: Vec<Choice>,
    events: Vec<Choice>,
}

impl Choices {
    fn of(a: &Agreement) -> Self {
        Self {
            parties: widgets::choices(a, ItemKind::Party),
            providers: widgets::choices(a, ItemKind::Provider),
            streams: widgets::choices(a, ItemKind::Stream),
            workloads: widgets::choices(a, ItemKind::Workload),
            events: widgets::choices(a, ItemKind::Event),
        }
    }
}

/// What the editor of clause `i` needs to know besides the clause.
struct Editor<'a> {
    a: &'a Agreement,
    i: usize,
    playhead: NaiveDate,
    problems: &'a ItemProblems<'a>,
    choices: Choices,
}

impl Editor<'_> {
    /// The other revenue-share clauses, which a cap may count.
    fn other_shares(&self) -> Vec<Choice> {
        self.a
            .clauses
            .iter()
            .enumerate()
            .filter(|&(j, c)| j != self.i && matches!(c.kind, ClauseKind::RevenueShare { .. }))
            .map(|(_, c)| Choice {
                id: c.id.clone(),
                name: c.title.clone(),
                color: None,
            })
            .collect()
    }

    fn ui(&self, ui: &mut Ui, clause: &mut Clause, change: &mut Change) {
        header_ui(ui, clause);
        form(ui, "clause_form", |ui| {
            form_row(ui, "Id", self.problems, "id", |ui, l| {
                let r = widgets::text_ui(ui, l, &mut clause.id);
                change.track(&r, "Change clause id", "id");
            });
            form_row(ui, "Title", self.problems, "title", |ui, l| {
                let r = widgets::text_ui(ui, l, &mut clause.title);
                change.track(&r, "Change clause title", "title");
            });
            self.kind_rows(ui, &mut clause.kind, change);
        });
        if let ClauseKind::RevenueShare { schedule, .. } = &mut clause.kind {
            let fallback = match clause.period.start {
                Boundary::Date(d) => d,
                Boundary::Event(_) => self.playhead,
            };
            self.schedule_ui(ui, schedule, fallback, change);
        }
        self.period_ui(ui, &mut clause.period, change);

        let l = section_heading(ui, "Text");
        ui.weak("What the contract says, in words");
        let r = widgets::multiline_ui(ui, FieldLabel::visible(&l, "Text"), &mut clause.text, 4);
        change.track(&r, "Change clause text", "text");

        ui.add_space(theme::GAP);
        let salt = format!("clause-{}-sources", self.i);
        let r = widgets::sources_section_ui(ui, &salt, &mut clause.sources);
        change.track(&r, "Change clause sources", "sources");
        self.problems.rest_ui(ui);
    }

    /// The rows of the form for the clause's kind.
    fn kind_rows(&self, ui: &mut Ui, kind: &mut ClauseKind, change: &mut Change) {
        let p = self.problems;
        let c = &self.choices;
        let mut rows = Rows { p, change };
        match kind {
            ClauseKind::Exclusivity {
                provider,
                workloads,
                level,
            } => {
                let edit = "Change exclusive provider";
                rows.id(ui, ("Provider", "provider"), provider, &c.providers, edit);
                rows.workloads(ui, workloads, &c.workloads);
                form_row(ui, "Level", p, "", |ui, l| {
                    let r = level_combo(ui, l, level);
                    rows.change.track(&r, "Change exclusivity level", "level");
                });
                match level {
                    ExclusivityLevel::RightOfFirstRefusal { match_probability } => {
                        form_row(ui, "Match prob.", p, "level.match_probability", |ui, l| {
                            let r = widgets::uncertain_ui(ui, l, match_probability, Unit::Percent)
                                .on_hover_text(
                                    "How likely the provider matches an offer for new capacity",
                                );
                            let edit = "Change match probability";
                            rows.change.track(&r, edit, "match_probability");
                        });
                    }
                    ExclusivityLevel::Preferred { min_share } => {
                        form_row(ui, "Min. share", p, "level.min_share", |ui, l| {
                            let r = widgets::uncertain_ui(ui, l, min_share, Unit::Percent)
                                .on_hover_text("The share of spend the provider gets at least");
                            rows.change.track(&r, "Change minimum share", "min_share");
                        });
                    }
                    ExclusivityLevel::Exclusive | ExclusivityLevel::NonExclusive => {}
                }
            }
            ClauseKind::RevenueShare {
                payer,
                payee,
                base,
                cap,
                cap_counts,
                cap_from,
                spread_months,
                ..
            } => {
                rows.id(ui, ("Payer", "payer"), payer, &c.parties, "Change payer");
                rows.id(ui, ("Payee", "payee"), payee, &c.parties, "Change payee");
                rows.id(
                    ui,
                    ("Base", "base"),
                    base,
                    &c.streams,
                    "Change base revenue",
                )
                .on_hover_text("The revenue stream the rate applies to");
                form_row(ui, "Cap", p, "cap", |ui, l| {
                    let r = cap_ui(ui, l, cap);
                    rows.change.track(&r, "Change cap", "cap");
                });
                if cap.is_some() || !cap_counts.is_empty() {
                    let others = self.other_shares();
                    if !others.is_empty() || !cap_counts.is_empty() {
                        form_row(ui, "Cap also counts", p, "cap_counts", |ui, l| {
                            let r = l.name(widgets::multi_select_ui(ui, cap_counts, &others));
                            let r = r.on_hover_text(
                                "Other revenue shares whose accruals count toward this cap; \
                                 they stop with it once it is reached",
                            );
                            rows.change
                                .track(&r, "Change what the cap counts", "cap_counts");
                        });
                    }
                    form_row(ui, "Cap counts from", p, "cap_from", |ui, l| {
                        let r = widgets::optional_date_ui(
                            ui,
                            l,
                            cap_from,
                            "the start",
                            self.playhead,
                        )
                        .on_hover_text(
                            "Accruals before this date neither count toward the cap nor stop \
                             when it is reached",
                        );
                        rows.change
                            .track(&r, "Change when the cap starts counting", "cap_from");
                    });
                }
                form_row(ui, "Paid over", p, "spread_months", |ui, l| {
                    let r = l
                        .name(ui.add(widgets::months_drag(spread_months).range(1..=600)))
                        .on_hover_text(
                            "Each month's accrual is paid in equal parts over this many months",
                        );
                    rows.change
                        .track(&r, "Change payment spread", "spread_months");
                });
            }
            ClauseKind::ComputeCommitment {
                party,
                provider,
                workloads,
                amount,
            } => {
                rows.id(
                    ui,
                    ("Party", "party"),
                    party,
                    &c.parties,
                    "Change committing party",
                );
                let edit = "Change committed provider";
                rows.id(ui, ("Provider", "provider"), provider, &c.providers, edit);
                rows.workloads(ui, workloads, &c.workloads);
                form_row(ui, "Amount", p, "amount", |ui, l| {
                    let r = widgets::uncertain_ui(ui, l, amount, Unit::Money)
                        .on_hover_text("Spend committed over the clause's period");
                    rows.change.track(&r, "Change committed amount", "amount");
                });
            }
            ClauseKind::Licence {
                licensee,
                scope,
                exclusive,
            } => {
                rows.id(
                    ui,
                    ("Licensee", "licensee"),
                    licensee,
                    &c.parties,
                    "Change licensee",
                );
                form_row(ui, "Scope", p, "scope", |ui, l| {
                    let r = widgets::text_ui(ui, l, scope);
                    rows.change.track(&r, "Change licence scope", "scope");
                });
                form_row(ui, "Exclusive", p, "exclusive", |ui, l| {
                    let r = l.name(ui.checkbox(exclusive, "exclusive licence"));
                    rows.change
                        .track(&r, "Change licence exclusivity", "exclusive");
                });
            }
            ClauseKind::EquityStake {
                holder,
                company,
                stake,
            } => {
                rows.id(
                    ui,
                    ("Holder", "holder"),
                    holder,
                    &c.parties,
                    "Change stake holder",
                );
                rows.id(
                    ui,
                    ("Company", "company"),
                    company,
                    &c.parties,
                    "Change company",
                );
                form_row(ui, "Stake", p, "stake", |ui, l| {
                    let r = widgets::uncertain_ui(ui, l, stake, Unit::Percent);
                    rows.change.track(&r, "Change stake", "stake");
                });
            }
            ClauseKind::Note => {}
        }
    }

    /// The rate schedule as a table: from date and rate per step; add and remove steps.
    /// Steps are kept in date order when a date changes or a step is added.
    fn schedule_ui(
        &self,
        ui: &mut Ui,
        schedule: &mut Vec<RateStep>,
        fallback: NaiveDate,
        change: &mut Change,
    ) {
        section_heading(ui, "Rate schedule");
        let p = self.problems;
        let mut remove = None;
        let mut resort = false;
        // The rate is the last column, so that its range wraps in the panel's width.
        egui::Grid::new("rate_schedule")
            .num_columns(2)
            .spacing(theme::SCHEDULE_SPACING)
            .show(ui, |ui| {
                ui.weak("From");
                ui.weak("Rate");
                ui.end_row();
                let removable = schedule.len() > 1;
                for (k, step) in schedule.iter_mut().enumerate() {
                    let n = k + 1;
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            let salt = format!("clause-{}-step-{k}", self.i);
                            let r = widgets::date_field(ui, &mut step.from, &salt)
                                .accessible_name(format!("From, step {n}"));
                            resort |= r.changed();
                            change.track(&r, "Change rate step date", &format!("step-{k}-from"));
                            if widgets::remove_button(ui, removable, "step", n)
                                .on_disabled_hover_text("A schedule needs at least one step")
                                .clicked()
                            {
                                remove = Some(k);
                            }
                        });
                        p.ui(ui, &format!("schedule[{k}].from"));
                    });
                    ui.vertical(|ui| {
                        let name = format!("Rate, step {n}");
                        let r = widgets::uncertain_ui(
                            ui,
                            FieldLabel::hidden(&name),
                            &mut step.rate,
                            Unit::Percent,
                        );
                        change.track(&r, "Change rate", &format!("step-{k}-rate"));
                        p.ui(ui, &format!("schedule[{k}]"));
                    });
                    ui.end_row();
                }
            });
        p.ui(ui, "schedule");
        let add = (
            "rate step",
            "+ Add step",
            "A new rate from a later date (a year after the last step)",
        );
        resort |= remove_or_add(ui, change, schedule, remove, add, |steps| {
            let (from, rate) = steps
                .last()
                .map_or((fallback, 0.1), |s| (add_years(s.from, 1), s.rate.value));
            RateStep {
                from,
                rate: Uncertain::exact(rate),
            }
        });
        if resort {
            schedule.sort_by_key(|s| s.from);
        }
    }

    /// The effective period: a start and the earliest of a list of ends.
    fn period_ui(&self, ui: &mut Ui, period: &mut Period, change: &mut Change) {
        section_heading(ui, "Effective period");
        let p = self.problems;
        let events = &self.choices.events;
        form(ui, "period_form", |ui| {
            form_row(ui, "Starts", p, "period.start", |ui, l| {
                let r = self.boundary_ui(ui, l, &mut period.start, events);
                change.track(&r, "Change start", "start");
            });
            form_row(ui, "Ends", p, "", |ui, _| {
                self.ends_ui(ui, &mut period.end, change);
                p.exact_ui(ui, "period.end");
            });
            form_row(ui, "In force", p, "", |ui, _| {
                ui.weak(self.resolved_text(period));
            });
        });
    }

    fn ends_ui(&self, ui: &mut Ui, ends: &mut Vec<Boundary>, change: &mut Change) {
        let p = self.problems;
        if ends.is_empty() {
            ui.weak("Open-ended");
        } else if ends.len() > 1 {
            ui.weak("at the earliest of");
        }
        let mut remove = None;
        for (k, end) in ends.iter_mut().enumerate() {
            let name = format!("End {}", k + 1);
            ui.horizontal(|ui| {
                let r = self.boundary_ui(ui, FieldLabel::hidden(&name), end, &self.choices.events);
                change.track(&r, "Change end", &format!("end-{k}"));
                if widgets::remove_button(ui, true, "end", k + 1).clicked() {
                    remove = Some(k);
                }
            });
            p.ui(ui, &format!("period.end[{k}]"));
        }
        let add = (
            "end",
            "+ Add end",
            "End on a date or event too: the clause ends at the earliest",
        );
        remove_or_add(ui, change, ends, remove, add, |_| {
            Boundary::Date(add_years(self.playhead, 1))
        });
    }

    /// A start or end: "Date" with a date picker, or "Event" with an event combo.
    fn boundary_ui(
        &self,
        ui: &mut Ui,
        label: FieldLabel<'_>,
        boundary: &mut Boundary,
        events: &[Choice],
    ) -> egui::Response {
        let before = boundary.clone();
        let mut response = ui
            .horizontal(|ui| {
                let is_event = matches!(boundary, Boundary::Event(_));
                let mut want_event = is_event;
                let combo = egui::ComboBox::from_id_salt(label.salt("kind"))
                    .selected_text(if is_event { "Event" } else { "Date" })
                    .width(theme::BOUNDARY_COMBO_WIDTH)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut want_event, false, "Date")
                            .on_hover_text("A fixed date");
                        ui.add_enabled_ui(!events.is_empty(), |ui| {
                            ui.selectable_value(&mut want_event, true, "Event")
                                .on_hover_text("The date of an amendment or trigger")
                                .on_disabled_hover_text("The agreement has no events yet");
                        });
                    })
                    .response;
                label.name(combo);
                if want_event != is_event {
                    *boundary = self.switched(boundary);
                }
                match boundary {
                    Boundary::Date(d) => {
                        widgets::date_field(ui, d, &label.salt("date"))
                            .accessible_name(label.part("date"));
                    }
                    Boundary::Event(id) => {
                        let name = label.part("event");
                        widgets::id_combo(ui, FieldLabel::hidden(&name), id, events);
                    }
                }
            })
            .response;
        if *boundary != before {
            response.mark_changed();
        }
        response
    }

    /// `boundary` switched between a date and an event: a date becomes the event nearest
    /// to it, an event becomes its date (or the playhead if it has none).
    fn switched(&self, boundary: &Boundary) -> Boundary {
        match boundary {
            Boundary::Date(d) => {
                let nearest = self
                    .a
                    .events
                    .iter()
                    .filter_map(|e| e.date.map(|date| (e, (date - *d).num_days().abs())))
                    .min_by_key(|(_, distance)| *distance)
                    .map(|(e, _)| e)
                    .or_else(|| self.a.events.first());
                nearest.map_or_else(|| boundary.clone(), |e| Boundary::Event(e.id.clone()))
            }
            Boundary::Event(id) => Boundary::Date(self.a.event_date(id).unwrap_or(self.playhead)),
        }
    }

    /// The period with its events' dates: "2019-07-22 – 2025-01-21".
    fn resolved_text(&self, period: &Period) -> String {
        match self.a.resolve_period(period).map(|r| (r.start, r.end)) {
            None => "Never (the start event has no date)".to_owned(),
            Some((start, None)) => format!("From {}, open-ended", words::date(start)),
            Some((start, Some(end))) => format!("{} – {}", words::date(start), words::date(end)),
        }
    }
}

/// Rows of the clause's form that pick items, tracking their changes.
struct Rows<'a, 'p> {
    p: &'a ItemProblems<'p>,
    change: &'a mut Change,
}

impl Rows<'_, '_> {
    /// A row that picks one item by id. `label_field` is the row's label and its field (also
    /// the edit's merge key); `edit` labels the edit.
    fn id(
        &mut self,
        ui: &mut Ui,
        (label, field): (&str, &str),
        id: &mut String,
        choices: &[Choice],
        edit: &str,
    ) -> egui::Response {
        form_row(ui, label, self.p, field, |ui, l| {
            let r = widgets::id_combo(ui, l, id, choices);
            self.change.track(&r, edit, field);
            r
        })
    }

    /// The row of the workloads a clause binds.
    fn workloads(&mut self, ui: &mut Ui, workloads: &mut Vec<String>, choices: &[Choice]) {
        form_row(ui, "Workloads", self.p, "workloads", |ui, _| {
            let r = widgets::multi_select_ui(ui, workloads, choices);
            self.change.track(&r, "Change workloads", "workloads");
        });
    }
}

/// The clause's kind (not switchable) with its colour, and its sources' badge.
/// The end of an editable list: drops the row whose remove button was clicked, then offers
/// a button that appends `new(list)`. `(item, button, hint)` name the row in the edits
/// ("Remove <item>", "Add <item>"), the button and its hover text. Returns whether a row
/// was added.
fn remove_or_add<T>(
    ui: &mut Ui,
    change: &mut Change,
    list: &mut Vec<T>,
    remove: Option<usize>,
    (item, button, hint): (&str, &str, &str),
    new: impl FnOnce(&[T]) -> T,
) -> bool {
    if widgets::remove_at(list, remove).is_some() {
        change.once(format!("Remove {item}"));
    }
    let added = ui.button(button).on_hover_text(hint).clicked();
    if added {
        let row = new(list);
        list.push(row);
        change.once(format!("Add {item}"));
    }
    added
}

fn header_ui(ui: &mut Ui, clause: &Clause) {
    ui.horizontal(|ui| {
        let size = egui::vec2(theme::CLAUSE_STRIPE_WIDTH, 16.0);
        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 1.0, theme::clause_color(&clause.kind));
        ui.label(RichText::new(clause.kind.tag().label()).strong())
            .on_hover_text("A clause's kind is fixed; add a new clause for another kind");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            widgets::source_badge(ui, &clause.sources);
        });
    });
    ui.add_space(theme::SMALL_GAP);
}

/// The exclusivity level, in its timeline colour.
fn level_combo(ui: &mut Ui, label: FieldLabel<'_>, level: &mut ExclusivityLevel) -> egui::Response {
    let current = level.kind();
    let mut picked = current;
    let text = |k: LevelKind| (widgets::swatch(theme::level_color(k)), k.label());
    let combo = egui::ComboBox::from_id_salt(label.salt("level"))
        .selected_text(text(current))
        .width(widgets::item_combo_width(ui))
        .show_ui(ui, |ui| {
            for k in LevelKind::ALL {
                ui.selectable_value(&mut picked, k, text(k));
            }
        })
        .response;
    let mut response = label.name(combo);
    if picked != current {
        *level = ExclusivityLevel::with_kind(picked);
        response.mark_changed();
    }
    response
}

/// "capped" and, when capped, the cap as money with its range.
fn cap_ui(ui: &mut Ui, label: FieldLabel<'_>, cap: &mut Option<Uncertain>) -> egui::Response {
    let hint = "Accrual stops once the total reaches the cap";
    let new = || Uncertain::exact(10e9);
    widgets::optional_ui(ui, label, cap, "capped", hint, new, |ui, label, c| {
        widgets::uncertain_ui(ui, label, c, Unit::Money);
    })
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{self, PanelState};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::fixtures::{agi_trigger, bare_agreement, date, openai_revenue};
    use crate::model::{Party, Rgb};

    /// Two parties, a stream, an event and one revenue-share clause at 20 %.
    fn agreement() -> Agreement {
        let party = |id: &str, name: &str| Party {
            id: id.into(),
            name: name.into(),
            color: Rgb([0x33, 0x66, 0x99]),
        };
        Agreement {
            parties: vec![party("openai", "OpenAI"), party("msft", "Microsoft")],
            streams: vec![openai_revenue("openai-rev", 0.3)],
            events: vec![agi_trigger()],
            clauses: vec![Clause {
                id: "rs".into(),
                title: "OpenAI to Microsoft".into(),
                text: "20 % of revenue".into(),
                sources: vec![],
                period: Period {
                    start: Boundary::Date(date("2019-07-22")),
                    end: vec![Boundary::Date(date("2030-12-31"))],
                },
                kind: ClauseKind::RevenueShare {
                    payer: "openai".into(),
                    payee: "msft".into(),
                    base: "openai-rev".into(),
                    schedule: vec![RateStep {
                        from: date("2019-07-22"),
                        rate: Uncertain::exact(0.2),
                    }],
                    cap: None,
                    spread_months: 1,
                    cap_counts: Vec::new(),
                    cap_from: None,
                },
            }],
            ..bare_agreement()
        }
    }

    /// The editor with the first clause selected.
    fn harness(a: Agreement) -> Harness<'static, PanelState> {
        let first = a.clauses.first().map(|c| c.id.clone());
        let mut harness = testing::harness(a, egui::vec2(360.0, 900.0), clause_editor_ui);
        harness.state_mut().view.selected = first;
        harness
    }

    fn schedule(state: &PanelState) -> Vec<RateStep> {
        match &state.doc.agreement().clauses[0].kind {
            ClauseKind::RevenueShare { schedule, .. } => schedule.clone(),
            other => panic!("not a revenue share: {other:?}"),
        }
    }

    #[test]
    fn without_a_selection_it_says_how_to_start() {
        let mut harness = harness(agreement());
        harness.state_mut().view.selected = None;
        harness.run();
        harness.get_by_label("Select a clause to edit it");
    }

    #[test]
    fn setting_the_rate_sends_one_edit_with_the_fraction() {
        let mut harness = harness(agreement());
        harness.run();
        assert_eq!(
            harness.get_by_label("Rate, step 1").value().as_deref(),
            Some("20.0 %")
        );
        harness
            .get_by_label("Rate, step 1")
            .set_value_accesskit(15.0);
        harness.run();
        let state = harness.state();
        assert_eq!(state.applied, vec!["Change rate"]);
        assert_eq!(schedule(state)[0].rate, Uncertain::exact(0.15));
        assert_eq!(state.doc.undo_label(), Some("Change rate"));
    }

    #[test]
    fn adding_a_step_adds_a_later_one_with_the_same_rate() {
        let mut harness = harness(agreement());
        harness.run();
        testing::click(&mut harness, "+ Add step");
        let steps = schedule(harness.state());
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].from, date("2020-07-22"));
        assert_eq!(steps[1].rate.value, 0.2);
        assert_eq!(harness.state().applied, vec!["Add rate step"]);
        // The new step can be removed again.
        testing::click(&mut harness, "Remove step 2");
        assert_eq!(schedule(harness.state()).len(), 1);
    }

    #[test]
    fn an_end_can_be_switched_to_an_event() {
        let mut harness = harness(agreement());
        harness.run();
        testing::click(&mut harness, "End 1");
        testing::click(&mut harness, "Event");
        let a = harness.state().doc.agreement();
        assert_eq!(a.clauses[0].period.end, vec![Boundary::Event("agi".into())]);
        assert_eq!(harness.state().applied, vec!["Change end"]);
        harness.get_by_label("In force");
        harness.get_by_label("2019-07-22 – 2029-01-01");
    }

    #[test]
    fn a_cap_counts_another_share_from_a_date_and_follows_its_renaming() {
        let mut a = agreement();
        let mut earlier = a.clauses[0].clone();
        earlier.id = "early".into();
        earlier.title = "Earlier share".into();
        a.clauses.push(earlier);
        let mut harness = harness(a);
        harness.run();
        assert!(
            harness.query_by_label("Cap also counts").is_none(),
            "nothing to count without a cap"
        );
        testing::click(&mut harness, "Cap");
        testing::click(&mut harness, "Earlier share");
        testing::click(&mut harness, "Cap counts from");
        let a = harness.state().doc.agreement();
        let ClauseKind::RevenueShare {
            cap_counts,
            cap_from,
            ..
        } = &a.clauses[0].kind
        else {
            panic!("not a revenue share");
        };
        assert_eq!(cap_counts, &vec!["early".to_owned()]);
        // Unticking "from the start" counts from the playhead's date.
        assert_eq!(*cap_from, Some(harness.state().view.playhead));
        assert_eq!(
            harness.state().applied,
            vec![
                "Change cap",
                "Change what the cap counts",
                "Change when the cap starts counting"
            ]
        );
        // Renaming the counted clause keeps the cap pointing at it.
        let mut a = harness.state().doc.agreement().clone();
        ids::rename_clause_references(&mut a, "early", "before");
        let ClauseKind::RevenueShare { cap_counts, .. } = &a.clauses[0].kind else {
            panic!("not a revenue share");
        };
        assert_eq!(cap_counts, &vec!["before".to_owned()]);
    }

    #[test]
    fn capping_the_share_and_setting_the_cap() {
        let mut harness = harness(agreement());
        harness.run();
        testing::click(&mut harness, "Cap");
        assert_eq!(
            harness.get_by_label("Cap").value().as_deref(),
            Some("$10.0B")
        );
        harness.get_by_label("Cap").set_value_accesskit(38e9);
        harness.run();
        let a = harness.state().doc.agreement();
        let ClauseKind::RevenueShare { cap, .. } = &a.clauses[0].kind else {
            panic!("not a revenue share");
        };
        assert_eq!(*cap, Some(Uncertain::exact(38e9)));
        assert_eq!(harness.state().applied, vec!["Change cap", "Change cap"]);
    }

    #[test]
    fn a_problem_is_shown_at_its_field() {
        let mut a = agreement();
        if let ClauseKind::RevenueShare {
            schedule, payee, ..
        } = &mut a.clauses[0].kind
        {
            schedule[0].rate = Uncertain::exact(1.5);
            *payee = "nobody".into();
        }
        let mut harness = harness(a);
        harness.run();
        harness.get_by_label("rate 150.0000 % is outside 0–100 %");
        harness.get_by_label("unknown party \"nobody\"");
        // Showing an invalid value does not change it.
        assert!(harness.state().applied.is_empty());
    }
}
