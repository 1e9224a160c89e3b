//! The assumptions panel: the agreement's settings and the items clauses refer to
//! (parties, revenue streams, workloads, providers, events), each editable with its
//! uncertainty ranges and sources.
//!
//! Like the clause editor, every item is edited as a copy and sent as one [`Edit`]
//! that puts the copy in place ("Change Azure weight"), merged per field during a
//! gesture. Changing an item's id renames the references to it in one step;
//! removing an item that is referred to is allowed, and validation then flags the
//! references.

use chrono::{Datelike as _, NaiveDate};
use egui::{RichText, Ui};

use crate::document::Edit;
use crate::model::edges;
use crate::model::ids::{self, ItemKind};
use crate::model::validate::{ItemRef, Problem};
use crate::model::{
    Agreement, Event, EventKind, Horizon, MonthShape, Party, Provider, RevenueStream, Rgb, Source,
    Uncertain, Workload, WorkloadSize, YearPoint, YearlyPath,
};
use crate::ui::widgets::{self, Change, Choice, FieldLabel, ItemProblems, Unit, form, form_row};
use crate::ui::{PanelCx, theme};

/// Shows the assumptions: the agreement's settings, then one collapsible section per kind of
/// item, each item collapsible with its form.
pub fn assumptions_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let (doc, view, edits) = (cx.doc, cx.view, &mut *cx.edits);
    let a = doc.agreement();
    let agreement_problems = ItemProblems::of(doc.problems(), &ItemRef::Agreement);
    let ctx = Ctx {
        a,
        doc,
        all_problems: doc.problems(),
        playhead: view.playhead,
        parties: widgets::choices(a, ItemKind::Party),
        streams: widgets::choices(a, ItemKind::Stream),
    };
    ui.heading("Assumptions");
    egui::CollapsingHeader::new("Agreement")
        .id_salt("assumptions_agreement")
        .default_open(true)
        .show(ui, |ui| agreement_ui(ui, &ctx, &agreement_problems, edits));
    items_section::<Party>(ui, &ctx, edits, None);
    items_section::<RevenueStream>(ui, &ctx, edits, None);
    items_section::<Workload>(ui, &ctx, edits, None);
    items_section::<Provider>(ui, &ctx, edits, Some(&agreement_problems));
    items_section::<Event>(ui, &ctx, edits, None);
    agreement_problems.rest_ui(ui);
}

/// What the item editors need besides the item.
struct Ctx<'a> {
    a: &'a Agreement,
    doc: &'a crate::document::Document,
    all_problems: &'a [Problem],
    playhead: NaiveDate,
    parties: Vec<Choice>,
    streams: Vec<Choice>,
}

// ---------------------------------------------------------------------------
// The agreement

/// The agreement's own settings, edited together as a copy.
#[derive(Clone, PartialEq)]
struct Settings {
    title: String,
    description: String,
    currency: String,
    horizon: Horizon,
    valuation_date: NaiveDate,
    discount_rate: Uncertain,
    migration_months: Uncertain,
    sources: Vec<Source>,
}

impl Settings {
    fn of(a: &Agreement) -> Self {
        Self {
            title: a.title.clone(),
            description: a.description.clone(),
            currency: a.currency.clone(),
            horizon: a.horizon,
            valuation_date: a.valuation_date,
            discount_rate: a.discount_rate,
            migration_months: a.migration_months,
            sources: a.sources.clone(),
        }
    }

    fn apply_to(self, a: &mut Agreement) {
        a.title = self.title;
        a.description = self.description;
        a.currency = self.currency;
        a.horizon = self.horizon;
        a.valuation_date = self.valuation_date;
        a.discount_rate = self.discount_rate;
        a.migration_months = self.migration_months;
        a.sources = self.sources;
    }
}

fn agreement_ui(ui: &mut Ui, ctx: &Ctx<'_>, p: &ItemProblems<'_>, edits: &mut Vec<Edit>) {
    if let Some(edit) = widgets::overrides_ui(ui, ctx.doc, &ItemRef::Agreement) {
        edits.push(edit);
    }
    let original = Settings::of(ctx.a);
    let mut s = original.clone();
    let mut change = Change::default();
    form(ui, "agreement_form", |ui| {
        form_row(ui, "Title", p, "title", |ui, l| {
            let r = widgets::text_ui(ui, l, &mut s.title);
            change.track(&r, "Change title", "title");
        });
        form_row(ui, "Description", p, "description", |ui, l| {
            // A long description scrolls rather than pushing the rest of the panel down.
            let r = egui::ScrollArea::vertical()
                .id_salt("description")
                .max_height(theme::DESCRIPTION_MAX_HEIGHT)
                .show(ui, |ui| widgets::multiline_ui(ui, l, &mut s.description, 3))
                .inner;
            change.track(&r, "Change description", "description");
        });
        form_row(ui, "Currency", p, "currency", |ui, l| {
            let r = l
                .name(
                    ui.add(
                        egui::TextEdit::singleline(&mut s.currency)
                            .desired_width(theme::CURRENCY_FIELD_WIDTH),
                    ),
                )
                .on_hover_text("Display only, e.g. USD");
            change.track(&r, "Change currency", "currency");
        });
        form_row(ui, "First month", p, "horizon.first", |ui, l| {
            let r = widgets::month_ui(ui, l, &mut s.horizon.first);
            change.track(&r, "Change horizon", "horizon-first");
        });
        form_row(ui, "Last month", p, "horizon.last", |ui, l| {
            let r = widgets::month_ui(ui, l, &mut s.horizon.last);
            change.track(&r, "Change horizon", "horizon-last");
            p.exact_ui(ui, "horizon");
        });
        form_row(ui, "Valuation date", p, "valuation_date", |ui, l| {
            let r = l
                .name(widgets::date_field(
                    ui,
                    &mut s.valuation_date,
                    "valuation_date",
                ))
                .on_hover_text("Payments are discounted back (or compounded forward) to this date");
            change.track(&r, "Change valuation date", "valuation_date");
        });
        form_row(ui, "Discount rate", p, "discount_rate", |ui, l| {
            let r = widgets::uncertain_in_range_ui(
                ui,
                l,
                &mut s.discount_rate,
                Unit::Percent,
                Some(&(-50.0..=100.0)),
            )
            .on_hover_text("Annual rate for the NPV of payments");
            change.track(&r, "Change discount rate", "discount_rate");
        });
        form_row(ui, "Migration time", p, "migration_months", |ui, l| {
            let r = widgets::uncertain_ui(ui, l, &mut s.migration_months, Unit::Months)
                .on_hover_text(
                    "How fast workloads move to new targets (time constant; 0 = at once)",
                );
            change.track(&r, "Change migration time", "migration_months");
        });
    });
    p.ui(ui, "version");
    sources_ui(ui, "agreement", &mut s.sources, &mut change, "agreement");
    if change.is_changed() && s != original {
        edits.push(change.into_edit("agreement", move |a: &mut Agreement| s.apply_to(a)));
    }
}

// ---------------------------------------------------------------------------
// Items

/// A list item of the agreement that the panel edits generically.
trait Item: Clone + PartialEq + 'static {
    /// What one is called, lower case: "provider".
    const NOUN: &'static str;
    /// The section's title: "Providers".
    const SECTION: &'static str;
    /// Which kind of item it is, for renaming the references to it.
    const KIND: ItemKind;
    fn id(&self) -> &str;
    fn id_mut(&mut self) -> &mut String;
    fn name(&self) -> &str;
    fn name_mut(&mut self) -> &mut String;
    /// The agreement's items of this kind.
    fn list(a: &Agreement) -> &[Self];
    fn list_mut(a: &mut Agreement) -> &mut Vec<Self>;
    /// What validation calls the item with id `id`.
    fn item_ref(id: &str) -> ItemRef;
    /// A new item with id `id`.
    fn new_item(ctx: &Ctx<'_>, id: String) -> Self;
    /// The item's own rows of its form (after name and id).
    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>);
    /// What comes after the form (tables, sources).
    fn extra_ui(&mut self, _ui: &mut Ui, _f: &mut ItemForm<'_>) {}
}

/// The form of the `index`th item: its problems, what changed, and what it can refer to.
struct ItemForm<'a> {
    ctx: &'a Ctx<'a>,
    problems: &'a ItemProblems<'a>,
    change: Change,
    /// The item's name, for edit labels ("Change Azure weight").
    name: String,
    /// Unique among the panel's items, for ids of pickers and tables: "provider-3".
    salt: String,
    /// Where the path table remembers which year's sources are open.
    open_point: egui::Id,
}

impl ItemForm<'_> {
    /// Tracks a change of the item's `field`, labelled "Change <name> <what>".
    fn track(&mut self, response: &egui::Response, what: &str, field: &str) {
        let label = format!("Change {} {what}", self.name);
        self.change.track(response, label, field);
    }

    /// The item's colour, in the plots and on the timeline.
    fn color_row(&mut self, ui: &mut Ui, color: &mut Rgb) {
        form_row(ui, "Colour", self.problems, "color", |ui, l| {
            let r = widgets::color_ui(ui, l, color);
            self.track(&r, "colour", "color");
        });
    }

    /// The item's own sources, after its form.
    fn sources_ui(&mut self, ui: &mut Ui, sources: &mut Vec<Source>) {
        sources_ui(ui, &self.salt, sources, &mut self.change, &self.name);
    }
}

/// The collapsible section of all items of one kind, with "+ Add" at the end.
fn items_section<T: Item>(
    ui: &mut Ui,
    ctx: &Ctx<'_>,
    edits: &mut Vec<Edit>,
    agreement_problems: Option<&ItemProblems<'_>>,
) {
    let items = T::list(ctx.a);
    egui::CollapsingHeader::new(format!("{} ({})", T::SECTION, items.len()))
        .id_salt(("assumptions_section", T::NOUN))
        .default_open(true)
        .show(ui, |ui| {
            if let Some(p) = agreement_problems {
                p.ui(ui, &format!("{}s", T::NOUN));
            }
            let open_new = ui.make_persistent_id(("open_new", T::NOUN));
            let to_open: Option<usize> = ui.data_mut(|d| d.remove_temp(open_new));
            for (i, item) in items.iter().enumerate() {
                item_ui(ui, ctx, edits, i, item, to_open == Some(i));
            }
            if items.is_empty() {
                ui.weak(format!("No {}s yet", T::NOUN));
            }
            if ui.button(format!("+ Add {}", T::NOUN)).clicked() {
                let id = ids::unique_id(&format!("new-{}", T::NOUN), |id| {
                    items.iter().any(|x| x.id() == id)
                });
                let new = T::new_item(ctx, id);
                edits.push(Edit::new(
                    format!("Add {}", T::NOUN),
                    move |a: &mut Agreement| {
                        T::list_mut(a).push(new);
                    },
                ));
                ui.data_mut(|d| d.insert_temp(open_new, items.len()));
            }
        });
}

/// One item: a header with its name (in the warning colour if it has problems), and its form.
fn item_ui<T: Item>(
    ui: &mut Ui,
    ctx: &Ctx<'_>,
    edits: &mut Vec<Edit>,
    i: usize,
    item: &T,
    open: bool,
) {
    let problems = ItemProblems::of(ctx.all_problems, &T::item_ref(item.id()));
    let name = item.name().to_owned();
    let shown_name = if name.trim().is_empty() {
        format!("({})", item.id())
    } else {
        name.clone()
    };
    let header = if problems.is_empty() {
        RichText::new(shown_name)
    } else {
        RichText::new(format!("{shown_name} (problems)")).color(theme::WARNING)
    };
    let mut header = egui::CollapsingHeader::new(header).id_salt((T::NOUN, i));
    if open {
        header = header.open(Some(true));
    }
    let response = header.show(ui, |ui| {
        if let Some(edit) = widgets::overrides_ui(ui, ctx.doc, &T::item_ref(item.id())) {
            edits.push(edit);
        }
        let mut copy = item.clone();
        let mut f = ItemForm {
            ctx,
            problems: &problems,
            change: Change::default(),
            name: name.clone(),
            salt: format!("{}-{i}", T::NOUN),
            open_point: ui.make_persistent_id((T::NOUN, i, "open_point")),
        };
        let mut rename = None;
        form(ui, (T::NOUN, "form", i), |ui| {
            form_row(ui, "Name", &problems, "name", |ui, l| {
                let r = widgets::text_ui(ui, l, copy.name_mut());
                f.change
                    .track(&r, format!("Rename {} “{name}”", T::NOUN), "name");
            });
            form_row(ui, "Id", &problems, "id", |ui, l| {
                let taken = |id: &str| T::list(ctx.a).iter().any(|x| x.id() == id);
                rename = widgets::id_ui(ui, l, item.id(), taken);
            });
            copy.rows_ui(ui, &mut f);
        });
        copy.extra_ui(ui, &mut f);
        problems.rest_ui(ui);
        ui.add_space(theme::TINY_GAP);
        let remove = ui
            .small_button(format!("Remove {}", T::NOUN))
            .on_hover_text("Anything that refers to it will be flagged")
            .clicked();
        ui.add_space(theme::SMALL_GAP);
        (copy, f.change, rename, remove)
    });
    if !problems.is_empty() {
        response.header_response.on_hover_text(problems.summary());
    }
    let Some((copy, change, rename, remove)) = response.body_returned else {
        return;
    };
    let old_id = item.id().to_owned();
    if change.is_changed() && copy != *item {
        let guard = old_id.clone();
        edits.push(
            change.into_edit(&format!("{}-{i}", T::NOUN), move |a: &mut Agreement| {
                if let Some(x) = T::list_mut(a).get_mut(i)
                    && x.id() == guard
                {
                    *x = copy;
                }
            }),
        );
    } else if let Some(new_id) = rename {
        edits.push(Edit::new(
            format!("Change {} id", T::NOUN),
            move |a: &mut Agreement| {
                let Some(x) = T::list_mut(a).get_mut(i).filter(|x| x.id() == old_id) else {
                    return;
                };
                x.id_mut().clone_from(&new_id);
                ids::rename_references(a, T::KIND, &old_id, &new_id);
            },
        ));
    } else if remove {
        edits.push(Edit::new(
            format!("Remove {} “{name}”", T::NOUN),
            move |a: &mut Agreement| {
                let list = T::list_mut(a);
                if list.get(i).is_some_and(|x| x.id() == old_id) {
                    list.remove(i);
                }
            },
        ));
    }
}

/// The sources' badge and editor, tracked as one field.
fn sources_ui(ui: &mut Ui, salt: &str, sources: &mut Vec<Source>, change: &mut Change, name: &str) {
    let r = widgets::sources_section_ui(ui, &format!("{salt}-sources"), sources);
    change.track(&r, format!("Change {name} sources"), "sources");
}

// ---------------------------------------------------------------------------
// Each kind of item

/// The names and accessors of an [`Item`] called `$noun` in a section `$section`, whose list
/// is `a.$list` and whose kind is `$kind` (the same name in [`ItemKind`] and [`ItemRef`]).
macro_rules! item_accessors {
    ($noun:literal, $section:literal, $list:ident, $kind:ident) => {
        const NOUN: &'static str = $noun;
        const SECTION: &'static str = $section;
        const KIND: ItemKind = ItemKind::$kind;

        fn id(&self) -> &str {
            &self.id
        }

        fn id_mut(&mut self) -> &mut String {
            &mut self.id
        }

        fn name(&self) -> &str {
            &self.name
        }

        fn name_mut(&mut self) -> &mut String {
            &mut self.name
        }

        fn list(a: &Agreement) -> &[Self] {
            &a.$list
        }

        fn list_mut(a: &mut Agreement) -> &mut Vec<Self> {
            &mut a.$list
        }

        fn item_ref(id: &str) -> ItemRef {
            ItemRef::$kind(id.to_owned())
        }
    };
}

impl Item for Party {
    item_accessors!("party", "Parties", parties, Party);

    fn new_item(_ctx: &Ctx<'_>, id: String) -> Self {
        Self {
            id,
            name: "New party".to_owned(),
            color: Rgb([0x80, 0x80, 0x80]),
        }
    }

    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        f.color_row(ui, &mut self.color);
    }
}

impl Item for Provider {
    item_accessors!("provider", "Providers", providers, Provider);

    fn new_item(_ctx: &Ctx<'_>, id: String) -> Self {
        Self {
            id,
            name: "New provider".to_owned(),
            color: Rgb([0x80, 0x80, 0x80]),
            weight: Uncertain::exact(1.0),
            available_from: None,
            sources: Vec::new(),
        }
    }

    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        let p = f.problems;
        f.color_row(ui, &mut self.color);
        form_row(ui, "Weight", p, "weight", |ui, l| {
            let r = widgets::uncertain_ui(ui, l, &mut self.weight, Unit::Plain).on_hover_text(
                "Relative attractiveness (capacity × price competitiveness); shares follow weights",
            );
            f.track(&r, "weight", "weight");
        });
        form_row(ui, "Available", p, "available_from", |ui, l| {
            let r = widgets::optional_date_ui(
                ui,
                l,
                &mut self.available_from,
                "always",
                f.ctx.playhead,
            )
            .on_hover_text("First day the provider can receive spend");
            f.track(&r, "availability", "available_from");
        });
    }

    fn extra_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        f.sources_ui(ui, &mut self.sources);
    }
}

impl Item for RevenueStream {
    item_accessors!("stream", "Revenue streams", streams, Stream);

    fn new_item(ctx: &Ctx<'_>, id: String) -> Self {
        Self {
            id,
            name: "New revenue stream".to_owned(),
            owner: ctx
                .a
                .parties
                .first()
                .map(|p| p.id.clone())
                .unwrap_or_default(),
            path: new_path(ctx.a),
            scale: Uncertain::exact(1.0),
        }
    }

    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        let p = f.problems;
        form_row(ui, "Owner", p, "owner", |ui, l| {
            let r = widgets::id_combo(ui, l, &mut self.owner, &f.ctx.parties)
                .on_hover_text("The party that earns it");
            f.track(&r, "owner", "owner");
        });
        path_rows(ui, f, &mut self.path, "path");
        form_row(ui, "Scale", p, "scale", |ui, l| {
            let r = widgets::uncertain_ui(ui, l, &mut self.scale, Unit::Plain)
                .on_hover_text("Multiplies the whole path (1 = as given)");
            f.track(&r, "scale", "scale");
        });
    }

    fn extra_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        point_sources_ui(ui, f, &mut self.path);
    }
}

impl Item for Workload {
    item_accessors!("workload", "Workloads", workloads, Workload);

    fn new_item(ctx: &Ctx<'_>, id: String) -> Self {
        let size = match ctx.a.streams.first() {
            Some(s) => WorkloadSize::Ratio {
                stream: s.id.clone(),
                ratio: Uncertain::exact(0.1),
            },
            None => WorkloadSize::Path(new_path(ctx.a)),
        };
        Self {
            id,
            name: "New workload".to_owned(),
            size,
            sources: Vec::new(),
        }
    }

    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        let p = f.problems;
        form_row(ui, "Size", p, "", |ui, l| {
            let is_path = matches!(self.size, WorkloadSize::Path(_));
            let mut want_path = is_path;
            let combo = egui::ComboBox::from_id_salt((f.salt.as_str(), "size"))
                .selected_text(if is_path {
                    "Own yearly path"
                } else {
                    "Share of a stream"
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut want_path, true, "Own yearly path");
                    ui.selectable_value(&mut want_path, false, "Share of a stream");
                })
                .response;
            let mut r = l.name(combo);
            if want_path != is_path {
                self.size = switched_size(f.ctx.a, &self.size);
                r.mark_changed();
            }
            f.track(&r, "size", "size-kind");
        });
        match &mut self.size {
            WorkloadSize::Path(path) => path_rows(ui, f, path, "size"),
            WorkloadSize::Ratio { stream, ratio } => {
                form_row(ui, "Stream", p, "size.stream", |ui, l| {
                    let r = widgets::id_combo(ui, l, stream, &f.ctx.streams);
                    f.track(&r, "stream", "size-stream");
                });
                form_row(ui, "Share", p, "size.ratio", |ui, l| {
                    let r = widgets::uncertain_in_range_ui(
                        ui,
                        l,
                        ratio,
                        Unit::Percent,
                        Some(&(0.0..=100_000.0)),
                    )
                    .on_hover_text("Spend as a share of the stream, month by month");
                    f.track(&r, "share of revenue", "size-ratio");
                });
            }
        }
    }

    fn extra_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        if let WorkloadSize::Path(path) = &mut self.size {
            point_sources_ui(ui, f, path);
        }
        f.sources_ui(ui, &mut self.sources);
    }
}

impl Item for Event {
    item_accessors!("event", "Events", events, Event);

    fn new_item(ctx: &Ctx<'_>, id: String) -> Self {
        Self {
            id,
            name: "New event".to_owned(),
            kind: EventKind::Trigger,
            date: Some(ctx.playhead),
            date_range: None,
            description: String::new(),
            sources: Vec::new(),
        }
    }

    fn rows_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        let p = f.problems;
        form_row(ui, "Kind", p, "kind", |ui, l| {
            let label = |k: EventKind| match k {
                EventKind::Amendment => "Amendment",
                EventKind::Trigger => "Trigger",
            };
            let before = self.kind;
            let combo = egui::ComboBox::from_id_salt((f.salt.as_str(), "kind"))
                .selected_text(label(self.kind))
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.kind,
                        EventKind::Amendment,
                        label(EventKind::Amendment),
                    )
                    .on_hover_text("A signed change of terms");
                    ui.selectable_value(
                        &mut self.kind,
                        EventKind::Trigger,
                        label(EventKind::Trigger),
                    )
                    .on_hover_text("A condition whose date is a scenario assumption");
                })
                .response;
            let mut r = l.name(combo);
            if self.kind != before {
                r.mark_changed();
            }
            f.track(&r, "kind", "kind");
        });
        form_row(ui, "Date", p, "date", |ui, l| {
            let r =
                widgets::optional_date_ui(ui, l, &mut self.date, "no date (never)", f.ctx.playhead)
                    .on_hover_text("An event with no date never happens within the horizon");
            f.track(&r, "date", "date");
        });
        if self.kind == EventKind::Trigger || self.date_range.is_some() {
            form_row(ui, "Date range", p, "date_range", |ui, l| {
                let r = widgets::date_range_ui(
                    ui,
                    l,
                    &mut self.date_range,
                    self.date.unwrap_or(f.ctx.playhead),
                );
                f.track(&r, "date range", "date_range");
            });
        }
        form_row(ui, "Description", p, "description", |ui, l| {
            let r = widgets::multiline_ui(ui, l, &mut self.description, 2);
            f.track(&r, "description", "description");
        });
        form_row(ui, "Clauses", p, "clauses", |ui, _| {
            on_event_ui(ui, f.ctx.a, &self.id);
        });
    }

    fn extra_ui(&mut self, ui: &mut Ui, f: &mut ItemForm<'_>) {
        f.sources_ui(ui, &mut self.sources);
    }
}

/// The clauses that start or end on an event, and a word when, on its date, the event
/// changes nothing inside the horizon.
fn on_event_ui(ui: &mut Ui, a: &Agreement, id: &str) {
    let on = edges::clauses_on(a, id);
    ui.vertical(|ui| {
        if on.is_empty() {
            ui.weak("No clause starts or ends on it");
            return;
        }
        for o in &on {
            let role = match (o.starts, o.ends) {
                (true, true) => "starts and ends",
                (true, false) => "starts",
                _ => "ends",
            };
            ui.label(format!("{} {role}", a.clauses[o.clause].title));
        }
        if !edges::event_matters(a, id) {
            ui.colored_label(
                theme::WARNING,
                "On this date it changes nothing inside the horizon",
            )
            .on_hover_text(
                "An earlier end applies anyway, or the date is outside the horizon: \
                 moving it within that stretch changes no figure",
            );
        }
    });
}

// ---------------------------------------------------------------------------
// Helpers of the item forms

/// A one-point path at the valuation year, for new streams and workloads.
fn new_path(a: &Agreement) -> YearlyPath {
    YearlyPath {
        points: vec![YearPoint {
            year: a.valuation_date.year(),
            amount: 1e9,
            sources: Vec::new(),
            actual: false,
        }],
        terminal_growth: Uncertain::exact(0.0),
        month_shape: crate::model::MonthShape::Flat,
    }
}

/// A workload size switched between its own path and a share of a stream.
fn switched_size(a: &Agreement, size: &WorkloadSize) -> WorkloadSize {
    match size {
        WorkloadSize::Path(_) => WorkloadSize::Ratio {
            stream: a.streams.first().map(|s| s.id.clone()).unwrap_or_default(),
            ratio: Uncertain::exact(0.1),
        },
        WorkloadSize::Ratio { stream, ratio } => {
            // Start from what the share amounted to in the stream's first given year.
            let first = a.stream(stream).and_then(|s| s.path.points.first());
            let mut path = new_path(a);
            if let (Some(first), Some(point)) = (first, path.points.first_mut()) {
                point.year = first.year;
                point.amount = first.amount * ratio.value;
            }
            WorkloadSize::Path(path)
        }
    }
}

/// The rows of a yearly path: the year → amount table, and the growth after the last year.
/// `prefix` is the path's validation field ("path" for streams, "size" for workloads).
fn path_rows(ui: &mut Ui, f: &mut ItemForm<'_>, path: &mut YearlyPath, prefix: &str) {
    let p = f.problems;
    form_row(ui, "Amounts", p, "", |ui, _| {
        path_table_ui(ui, f, path, prefix);
        p.exact_ui(ui, prefix);
    });
    let growth_field = format!("{prefix}.terminal_growth");
    form_row(ui, "Growth after", p, &growth_field, |ui, l| {
        let r = widgets::uncertain_in_range_ui(
            ui,
            l,
            &mut path.terminal_growth,
            Unit::Percent,
            Some(&(-99.0..=1000.0)),
        )
        .on_hover_text("Compound growth per year after the last given year");
        f.track(&r, "growth", "terminal_growth");
    });
    form_row(
        ui,
        "Months",
        p,
        &format!("{prefix}.month_shape"),
        |ui, l| {
            let before = path.month_shape;
            let mut r = ui
                .horizontal(|ui| {
                    for (shape, text, hint) in [
                        (
                            MonthShape::Flat,
                            "Flat",
                            "Each month gets a twelfth of the year",
                        ),
                        (
                            MonthShape::Growth,
                            "Growing",
                            "Months grow through the year at the pace from the year before, \
                         so a fast-growing year is back-loaded; each year still sums to \
                         its amount",
                        ),
                    ] {
                        ui.selectable_value(&mut path.month_shape, shape, text)
                            .on_hover_text(hint);
                    }
                })
                .response;
            r = l.name(r);
            if path.month_shape != before {
                r.mark_changed();
            }
            f.track(&r, "month shape", "month_shape");
        },
    );
}

const ACTUAL_HINT: &str = "A reported figure rather than a forecast: a stream's scale \
     leaves it, and every year before it, as given";

/// The year → amount table with a sources badge per year (click it to edit the year's
/// sources below the form); add a year after the last, remove any but the last one left.
fn path_table_ui(ui: &mut Ui, f: &mut ItemForm<'_>, path: &mut YearlyPath, prefix: &str) {
    let open_id = f.open_point;
    let mut open: Option<usize> = ui.data(|d| d.get_temp(open_id)).flatten();
    let mut remove = None;
    let mut resort = false;
    egui::Grid::new((f.salt.as_str(), "points"))
        .num_columns(5)
        .spacing(theme::YEAR_TABLE_SPACING)
        .show(ui, |ui| {
            ui.weak("Year");
            ui.weak("Amount");
            ui.weak("Actual").on_hover_text(ACTUAL_HINT);
            ui.label("");
            ui.label("");
            ui.end_row();
            let removable = path.points.len() > 1;
            for (k, point) in path.points.iter_mut().enumerate() {
                let year_name = format!("Year {}", k + 1);
                let r = FieldLabel::hidden(&year_name).name(
                    ui.add(
                        egui::DragValue::new(&mut point.year)
                            .range(1900..=2200)
                            .clamp_existing_to_range(false)
                            .speed(0.05),
                    ),
                );
                resort |= r.changed();
                f.track(&r, "years", &format!("point-{k}-year"));
                ui.vertical(|ui| {
                    let amount_name = format!("Amount {}", point.year);
                    let r = FieldLabel::hidden(&amount_name)
                        .name(ui.add(widgets::money_drag(&mut point.amount)));
                    f.track(
                        &r,
                        &format!("{} amount", point.year),
                        &format!("point-{k}-amount"),
                    );
                    f.problems.ui(ui, &format!("{prefix}.points[{k}]"));
                });
                let r = FieldLabel::hidden(&format!("{} actual", point.year))
                    .name(ui.checkbox(&mut point.actual, ""))
                    .on_hover_text(ACTUAL_HINT);
                f.track(
                    &r,
                    &format!("{} actual", point.year),
                    &format!("point-{k}-actual"),
                );
                let badge = widgets::source_badge(ui, &point.sources)
                    .accessible_name(format!("{} sources", point.year));
                if badge.clicked() {
                    open = if open == Some(k) { None } else { Some(k) };
                }
                if widgets::remove_button(ui, removable, "year", point.year).clicked() {
                    remove = Some(k);
                }
                ui.end_row();
            }
        });
    if let Some(point) = widgets::remove_at(&mut path.points, remove) {
        f.change.once(format!("Remove {} {}", f.name, point.year));
        open = None;
    }
    if ui
        .small_button("+ Add year")
        .on_hover_text("Add the year after the last, grown at the growth rate")
        .clicked()
    {
        let growth = path.terminal_growth.value;
        let next = path.points.iter().max_by_key(|p| p.year).map_or_else(
            || (f.ctx.playhead.year(), 1e9),
            |p| (p.year + 1, p.amount * (1.0 + growth)),
        );
        path.points.push(YearPoint {
            year: next.0,
            amount: next.1,
            sources: Vec::new(),
            actual: false,
        });
        resort = true;
        f.change.once(format!("Add {} {}", f.name, next.0));
    }
    if resort {
        path.points.sort_by_key(|p| p.year);
        open = None;
    }
    ui.data_mut(|d| d.insert_temp(open_id, open));
}

/// The sources of the year whose badge was clicked in the path table.
fn point_sources_ui(ui: &mut Ui, f: &mut ItemForm<'_>, path: &mut YearlyPath) {
    let open_id = f.open_point;
    let open: Option<usize> = ui.data(|d| d.get_temp(open_id)).flatten();
    let Some(point) = open.and_then(|k| path.points.get_mut(k)) else {
        return;
    };
    ui.group(|ui| {
        ui.label(RichText::new(format!("Sources of {}", point.year)).strong());
        let salt = format!("{}-point-{}", f.salt, point.year);
        let r = widgets::sources_editor_ui(ui, &salt, &mut point.sources);
        let label = format!("Change {} {} sources", f.name, point.year);
        f.change.track(&r, label, "point-sources");
    });
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{self, PanelState};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::fixtures::{agi_trigger, bare_agreement, date, openai_revenue};
    use crate::model::{Boundary, Clause, ClauseKind, ExclusivityLevel, Period};

    fn provider(id: &str, name: &str, weight: f64) -> Provider {
        Provider {
            id: id.into(),
            name: name.into(),
            color: Rgb([0x00, 0x78, 0xd4]),
            weight: Uncertain::exact(weight),
            available_from: None,
            sources: vec![],
        }
    }

    /// A party, a stream, a workload on two providers, an event and an exclusivity clause.
    fn agreement() -> Agreement {
        Agreement {
            parties: vec![Party {
                id: "openai".into(),
                name: "OpenAI".into(),
                color: Rgb([0x10, 0xa3, 0x7f]),
            }],
            providers: vec![provider("azure", "Azure", 3.0), provider("aws", "AWS", 1.0)],
            streams: vec![openai_revenue("rev", 0.5)],
            workloads: vec![Workload {
                id: "train".into(),
                name: "Training".into(),
                size: WorkloadSize::Ratio {
                    stream: "rev".into(),
                    ratio: Uncertain::exact(0.5),
                },
                sources: vec![],
            }],
            events: vec![agi_trigger()],
            clauses: vec![Clause {
                id: "excl".into(),
                title: "Azure exclusive".into(),
                text: String::new(),
                sources: vec![],
                period: Period {
                    start: Boundary::Date(date("2019-07-22")),
                    end: vec![Boundary::Event("agi".into())],
                },
                kind: ClauseKind::Exclusivity {
                    provider: "azure".into(),
                    workloads: vec!["train".into()],
                    level: ExclusivityLevel::Exclusive,
                },
            }],
            ..bare_agreement()
        }
    }

    /// The panel on `a`, after its first frames.
    fn harness(a: Agreement) -> Harness<'static, PanelState> {
        let mut harness = testing::harness(a, egui::vec2(330.0, 1400.0), |ui, cx| {
            egui::ScrollArea::vertical().show(ui, |ui| assumptions_ui(ui, cx));
        });
        harness.run();
        harness
    }

    #[test]
    fn changing_a_provider_weight_is_one_labelled_edit() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "Azure");
        harness.get_by_label("Weight").set_value_accesskit(5.0);
        harness.run();
        let state = harness.state();
        assert_eq!(state.applied, vec!["Change Azure weight"]);
        assert_eq!(
            state.doc.agreement().providers[0].weight,
            Uncertain::exact(5.0)
        );
        assert_eq!(
            state.doc.agreement().providers[1].weight,
            Uncertain::exact(1.0)
        );
    }

    #[test]
    fn a_year_can_be_marked_actual_and_months_made_to_grow() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "OpenAI revenue");
        testing::click(&mut harness, "2024 actual");
        testing::click(&mut harness, "Growing");
        let state = harness.state();
        let path = &state.doc.agreement().streams[0].path;
        assert!(path.points[0].actual);
        assert_eq!(path.month_shape, MonthShape::Growth);
        assert_eq!(
            state.applied,
            vec![
                "Change OpenAI revenue 2024 actual",
                "Change OpenAI revenue month shape"
            ]
        );
    }

    #[test]
    fn a_stream_year_can_be_added_and_its_amount_set() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "OpenAI revenue");
        testing::click(&mut harness, "+ Add year");
        let points = &harness.state().doc.agreement().streams[0].path.points;
        assert_eq!(points.len(), 2);
        assert_eq!((points[1].year, points[1].amount), (2025, 6e9));
        harness.get_by_label("Amount 2025").set_value_accesskit(7e9);
        harness.run();
        let state = harness.state();
        assert_eq!(state.doc.agreement().streams[0].path.points[1].amount, 7e9);
        assert_eq!(
            state.applied,
            vec![
                "Add OpenAI revenue 2025",
                "Change OpenAI revenue 2025 amount"
            ]
        );
    }

    #[test]
    fn renaming_an_id_renames_the_references() {
        let mut a = agreement();
        ids::rename_references(&mut a, Provider::KIND, "azure", "microsoft-azure");
        ids::rename_references(&mut a, Workload::KIND, "train", "training");
        ids::rename_references(&mut a, Event::KIND, "agi", "agi-verified");
        ids::rename_references(&mut a, RevenueStream::KIND, "rev", "revenue");
        let ClauseKind::Exclusivity {
            provider,
            workloads,
            ..
        } = &a.clauses[0].kind
        else {
            panic!("not exclusivity");
        };
        assert_eq!(provider, "microsoft-azure");
        assert_eq!(workloads, &vec!["training".to_owned()]);
        assert_eq!(
            a.clauses[0].period.end,
            vec![Boundary::Event("agi-verified".into())]
        );
        assert!(
            matches!(&a.workloads[0].size, WorkloadSize::Ratio { stream, .. } if stream == "revenue")
        );
    }

    #[test]
    fn removing_a_referenced_provider_is_allowed_and_flagged() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "Azure");
        testing::click(&mut harness, "Remove provider");
        let state = harness.state();
        assert_eq!(state.applied, vec!["Remove provider “Azure”"]);
        assert_eq!(state.doc.agreement().providers.len(), 1);
        assert!(
            state
                .doc
                .problems()
                .iter()
                .any(|p| p.message.contains("unknown provider \"azure\""))
        );
    }

    #[test]
    fn an_added_event_is_open_and_dated_at_the_playhead() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "+ Add event");
        let state = harness.state();
        let event = state.doc.agreement().events.last().expect("an event");
        assert_eq!(event.id, "new-event");
        assert_eq!(event.date, Some(state.view.playhead));
        harness.get_by_label("no date (never)");
    }

    #[test]
    fn an_event_lists_its_clauses_and_says_when_it_changes_nothing() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "AGI verified");
        harness.get_by_label("Azure exclusive ends");
        assert!(
            harness
                .query_by_label("On this date it changes nothing inside the horizon")
                .is_none()
        );
        // Past the horizon's end, the trigger ends nothing that the horizon shows.
        let mut a = agreement();
        a.events[0].date = Some(date("2099-01-01"));
        let mut harness = super::tests::harness(a);
        harness.run();
        testing::click(&mut harness, "AGI verified");
        harness.get_by_label("On this date it changes nothing inside the horizon");
    }

    #[test]
    fn a_year_badge_opens_the_sources_of_that_year() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "OpenAI revenue");
        testing::click(&mut harness, "2024 sources");
        harness.get_by_label("Sources of 2024");
        testing::click(&mut harness, "+ Add source");
        let state = harness.state();
        assert_eq!(state.applied, vec!["Change OpenAI revenue 2024 sources"]);
        assert_eq!(
            state.doc.agreement().streams[0].path.points[0]
                .sources
                .len(),
            1
        );
    }

    #[test]
    fn an_id_is_renamed_with_its_references_when_typing_ends() {
        let mut harness = harness(agreement());
        testing::click(&mut harness, "Azure");
        harness.get_by_label("Id").focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.get_by_label("Id").type_text("az");
        harness.run();
        // Nothing changes while typing.
        assert!(harness.state().applied.is_empty());
        harness.key_press(egui::Key::Enter);
        harness.run();
        let state = harness.state();
        assert_eq!(state.applied, vec!["Change provider id"]);
        let a = state.doc.agreement();
        assert_eq!(a.providers[0].id, "az");
        assert!(
            matches!(&a.clauses[0].kind, ClauseKind::Exclusivity { provider, .. } if provider == "az")
        );
        assert!(
            state.doc.problems().is_empty(),
            "{:?}",
            state.doc.problems()
        );
    }
}
