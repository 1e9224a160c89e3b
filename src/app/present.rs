//! Presenter mode: full screen, large type, no editors — the timeline and the plots a
//! step asks for, stepping through the storyboard with the keyboard or a click.

use egui::{Key, RichText, Ui};

use super::App;
use crate::model::story;
use crate::ui::{self, PanelCx, ViewCommand, theme, widgets};
use crate::view::story::{Slide, slide};

/// Where the presenter is in the story, and what to put back on leaving.
#[derive(Clone, Debug, PartialEq)]
pub struct Presenter {
    pub step: usize,
    /// The zoom before presenting.
    zoom: f32,
    /// The scenario shown before presenting.
    scenario: Option<usize>,
    /// Whether presenting made the window full screen (and leaving must undo it).
    full_screen: bool,
}

/// What the presenter's keys and buttons ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Next,
    Previous,
    To(usize),
    Leave,
}

impl App {
    /// Starts presenter mode at `step` (from 0) on the first frame; `full_screen`
    /// false keeps the window as it is (for a screenshot of a given size).
    pub fn present_on_start(&mut self, step: usize, full_screen: bool) {
        self.present_at_start = Some((step, full_screen));
    }

    /// Starts presenting at the first step: full screen, type scaled for a projector.
    pub fn start_presenting(&mut self, ctx: &egui::Context) {
        self.start_presenting_at(ctx, 0, true);
    }

    pub(super) fn start_presenting_at(
        &mut self,
        ctx: &egui::Context,
        step: usize,
        full_screen: bool,
    ) {
        let Some(doc) = &self.doc else { return };
        self.presenter = Some(Presenter {
            step: 0,
            zoom: ctx.zoom_factor(),
            scenario: doc.scenario(),
            full_screen,
        });
        // Designed at 1920×1080: a wide window scales up; 1280×720 stays at 1.
        let width = ctx.content_rect().width() * ctx.zoom_factor();
        ctx.set_zoom_factor((width / theme::PRESENTER_DESIGN_WIDTH * 1.5).clamp(1.0, 1.5));
        if full_screen {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
        self.go_to_step(step);
    }

    /// Leaves presenter mode, putting the zoom, the scenario and the window back.
    pub fn stop_presenting(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenter.take() else {
            return;
        };
        ctx.set_zoom_factor(p.zoom);
        if p.full_screen {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        if let Some(doc) = &mut self.doc {
            doc.show_scenario(p.scenario);
        }
        self.view.reveal_until = None;
    }

    /// Moves to step `index`: the playhead to its date, its scenario shown.
    fn go_to_step(&mut self, index: usize) {
        let (Some(doc), Some(p)) = (&mut self.doc, &mut self.presenter) else {
            return;
        };
        let steps = story::steps(doc.base());
        let Some(step) = steps.get(index) else {
            return;
        };
        p.step = index;
        let scenario = step
            .scenario
            .as_ref()
            .and_then(|name| doc.base().scenarios.iter().position(|s| s.name == *name))
            .or(p.scenario);
        doc.show_scenario(scenario);
        let date = step.when(doc.agreement());
        self.view.reveal_until = Some(date);
        self.commands.push(ViewCommand::SetPlayhead(date));
    }

    /// The presenter's whole window.
    pub(super) fn presenter_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let (Some(doc), Some(p)) = (&self.doc, &self.presenter) else {
            return;
        };
        let steps = story::steps(doc.base());
        let baseline = self
            .baseline
            .as_ref()
            .map(|b| (&b.agreement, &b.projection));
        let Some(slide) = slide(doc.agreement(), doc.projection(), &steps, p.step, baseline) else {
            self.stop_presenting(&ctx);
            return;
        };
        let mut moves = keys(&ctx);
        let scenario = doc.scenario_name().map(ToOwned::to_owned);
        egui::Panel::bottom("presenter_steps").show(ui, |ui| {
            steps_bar_ui(ui, &slide, &mut moves);
        });
        egui::Panel::top("presenter_caption").show(ui, |ui| {
            if caption_ui(
                ui,
                &slide,
                scenario.as_deref(),
                self.baseline.as_ref().map(|b| b.name.as_str()),
            )
            .clicked()
            {
                moves.push(Move::Next);
            }
        });
        let mut cx = PanelCx {
            doc,
            models: self.models.get(doc),
            view: &self.view,
            prefs: &self.settings.view,
            commands: &mut self.commands,
            edits: &mut self.edits,
            baseline: self.baseline.as_ref(),
        };
        let (revenue, cloud) = (slide.plots.revenue, slide.plots.cloud);
        egui::CentralPanel::default().show(ui, |ui| {
            let timeline_height = if revenue || cloud {
                ui.available_height() * 0.45
            } else {
                ui.available_height()
            };
            egui::Panel::top("presenter_timeline")
                .resizable(false)
                .exact_size(timeline_height)
                .show(ui, |ui| ui::timeline::timeline_ui(ui, &mut cx));
            egui::CentralPanel::default().show(ui, |ui| {
                ui::plots::chosen_plots_ui(ui, &mut cx, revenue, cloud);
            });
        });
        // Presenting shows; it does not edit.
        self.edits.clear();
        for m in moves {
            match m {
                Move::Next if slide.index + 1 < slide.count => self.go_to_step(slide.index + 1),
                Move::Previous if slide.index > 0 => self.go_to_step(slide.index - 1),
                Move::To(i) => self.go_to_step(i),
                Move::Leave => self.stop_presenting(&ctx),
                _ => {}
            }
        }
    }
}

/// The presenter's keys: → Page Down Space for the next step, ← Page Up for the one
/// before, Home and End, Esc to leave.
fn keys(ctx: &egui::Context) -> Vec<Move> {
    ctx.input(|i| {
        let mut moves = Vec::new();
        for (keys, m) in [
            (
                &[Key::ArrowRight, Key::PageDown, Key::Space][..],
                Move::Next,
            ),
            (&[Key::ArrowLeft, Key::PageUp][..], Move::Previous),
            (&[Key::Home][..], Move::To(0)),
            (&[Key::Escape][..], Move::Leave),
        ] {
            if keys.iter().any(|k| i.key_pressed(*k)) {
                moves.push(m);
            }
        }
        moves
    })
}

/// The step's date, title, caption, the terms that change and the figures by then.
/// Clicking it moves on.
fn caption_ui(
    ui: &mut Ui,
    s: &Slide,
    scenario: Option<&str>,
    baseline: Option<&str>,
) -> egui::Response {
    let response = ui
        .horizontal(|ui| {
            let text_width = (ui.available_width() * 0.62).max(200.0);
            ui.vertical(|ui| {
                ui.set_width(text_width);
                let mut when = crate::words::date(s.date);
                if let Some(name) = scenario {
                    when = format!("{when} · scenario “{name}”");
                }
                ui.label(RichText::new(when).size(theme::PRESENTER.small).weak());
                ui.label(
                    RichText::new(&s.title)
                        .size(theme::PRESENTER.title)
                        .strong(),
                );
                if !s.caption.is_empty() {
                    ui.add(
                        egui::Label::new(RichText::new(&s.caption).size(theme::PRESENTER.body))
                            .wrap(),
                    );
                }
                // A few lines at most, so that the timeline keeps its room.
                for change in s.changes.iter().take(theme::PRESENTER_CHANGES) {
                    ui.label(RichText::new(format!("• {change}")).size(theme::PRESENTER.small));
                }
                let more = s.changes.len().saturating_sub(theme::PRESENTER_CHANGES);
                if more > 0 {
                    ui.label(
                        RichText::new(format!("• and {more} more terms change here"))
                            .size(theme::PRESENTER.small)
                            .weak(),
                    )
                    .on_hover_text(s.changes[theme::PRESENTER_CHANGES..].join("\n"));
                }
            });
            ui.separator();
            ui.vertical(|ui| {
                for f in &s.figures {
                    ui.label(RichText::new(&f.label).size(theme::PRESENTER.small).weak());
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(&f.value)
                                .size(theme::PRESENTER.figure)
                                .strong(),
                        );
                        if let Some(b) = &f.baseline {
                            ui.label(
                                RichText::new(format!("{} {b}", baseline.unwrap_or("baseline")))
                                    .size(theme::PRESENTER.small)
                                    .color(theme::SCENARIO),
                            );
                        }
                    });
                }
            });
        })
        .response;
    ui.interact(
        response.rect,
        ui.make_persistent_id("presenter_caption_click"),
        egui::Sense::click(),
    )
    .on_hover_text("Click, → or Space for the next step; ← for the one before; Esc to leave")
}

/// "← Previous", a dot per step (click to jump), "Next →", and how to leave.
fn steps_bar_ui(ui: &mut Ui, s: &Slide, moves: &mut Vec<Move>) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                s.index > 0,
                egui::Button::new(RichText::new("← Previous").size(theme::PRESENTER.small)),
            )
            .clicked()
        {
            moves.push(Move::Previous);
        }
        for i in 0..s.count {
            let dot = if i == s.index { "●" } else { "○" };
            if ui
                .add(
                    egui::Button::new(RichText::new(dot).size(theme::PRESENTER.small)).frame(false),
                )
                .on_hover_text(format!("Step {}", i + 1))
                .clicked()
            {
                moves.push(Move::To(i));
            }
        }
        if ui
            .add_enabled(
                s.index + 1 < s.count,
                egui::Button::new(RichText::new("Next →").size(theme::PRESENTER.small)),
            )
            .clicked()
        {
            moves.push(Move::Next);
        }
        ui.label(
            RichText::new(format!("Step {} of {}", s.index + 1, s.count))
                .size(theme::PRESENTER.small)
                .weak(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(RichText::new("Leave (Esc)").size(theme::PRESENTER.small))
                .clicked()
            {
                moves.push(Move::Leave);
            }
        });
    });
}

impl App {
    /// The storyboard window: the steps in order, each with its date, title, caption,
    /// scenario and plots; reorder, hide, add and remove. Without a storyboard it starts
    /// from the milestones, and the first change saves them as the storyboard.
    pub(super) fn storyboard_window(&mut self, ctx: &egui::Context) {
        if !self.show_storyboard {
            return;
        }
        let Some(doc) = &self.doc else { return };
        let base = doc.base();
        let original = if base.story.is_empty() {
            story::milestones(base)
        } else {
            base.story.clone()
        };
        let mut steps = original.clone();
        let scenarios: Vec<String> = base.scenarios.iter().map(|s| s.name.clone()).collect();
        let playhead = self.view.playhead;
        let mut open = true;
        let mut present = None;
        egui::Window::new("Storyboard")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(520.0)
            .default_height(560.0)
            .show(ctx, |ui| {
                if base.story.is_empty() {
                    ui.label(
                        RichText::new(
                            "No storyboard yet: these are the milestones in date order. Any \
                             change keeps them as the storyboard.",
                        )
                        .weak(),
                    );
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let mut action = None;
                    let n = steps.len();
                    for (i, step) in steps.iter_mut().enumerate() {
                        ui.push_id(("story_step", i), |ui| {
                            egui::Frame::group(ui.style()).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                if let Some(a) = step_ui(ui, i, n, step, &scenarios) {
                                    action = Some(a);
                                }
                                if ui.small_button("Present from here").clicked() {
                                    present = Some(i);
                                }
                            });
                        });
                    }
                    match action {
                        Some(StepAction::Up(i)) if i > 0 => steps.swap(i, i - 1),
                        Some(StepAction::Down(i)) if i + 1 < steps.len() => steps.swap(i, i + 1),
                        Some(StepAction::Remove(i)) => {
                            steps.remove(i);
                        }
                        _ => {}
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .button("+ Add step at the playhead")
                        .on_hover_text("A new step on the playhead's date")
                        .clicked()
                    {
                        steps.push(story::Step {
                            event: None,
                            date: playhead,
                            title: crate::words::month_year(playhead),
                            caption: String::new(),
                            scenario: None,
                            plots: story::Plots::default(),
                            hidden: false,
                        });
                    }
                    if ui
                        .button("Start again from the milestones")
                        .on_hover_text("Replace the storyboard by one step per milestone")
                        .clicked()
                    {
                        steps = story::milestones(base);
                    }
                });
            });
        self.show_storyboard = open;
        if steps != original {
            self.edits.push(crate::document::Edit::merging(
                "Edit storyboard",
                "storyboard",
                move |a: &mut crate::model::Agreement| a.story = steps,
            ));
        }
        if let Some(i) = present {
            self.start_presenting_at(ctx, i, true);
        }
    }
}

/// What a step's buttons ask of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StepAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// One step of the storyboard: order, shown, date, title, caption, scenario, plots.
fn step_ui(
    ui: &mut Ui,
    i: usize,
    n: usize,
    step: &mut story::Step,
    scenarios: &[String],
) -> Option<StepAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.strong(format!("{}.", i + 1));
        if ui
            .add_enabled(i > 0, egui::Button::new("↑").small())
            .on_hover_text("Earlier")
            .clicked()
        {
            action = Some(StepAction::Up(i));
        }
        if ui
            .add_enabled(i + 1 < n, egui::Button::new("↓").small())
            .on_hover_text("Later")
            .clicked()
        {
            action = Some(StepAction::Down(i));
        }
        let mut shown = !step.hidden;
        if ui
            .checkbox(&mut shown, "shown")
            .on_hover_text("Hidden steps are skipped when presenting")
            .changed()
        {
            step.hidden = !shown;
        }
        let name = format!("Step {} date", i + 1);
        let date = widgets::date_field(ui, &mut step.date, &format!("story-date-{i}"));
        widgets::FieldLabel::hidden(&name).name(date);
        if step.event.is_some() {
            ui.weak("(on its event)")
                .on_hover_text("The step follows its event's date");
        }
        if ui.small_button("Remove").clicked() {
            action = Some(StepAction::Remove(i));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Title");
        ui.add(egui::TextEdit::singleline(&mut step.title).desired_width(f32::INFINITY))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("Caption");
        ui.add(
            egui::TextEdit::multiline(&mut step.caption)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("Scenario");
        let text = step
            .scenario
            .clone()
            .unwrap_or_else(|| "as shown".to_owned());
        egui::ComboBox::from_id_salt(("story-scenario", i))
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut step.scenario, None, "as shown");
                for name in scenarios {
                    ui.selectable_value(&mut step.scenario, Some(name.clone()), name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.checkbox(&mut step.plots.revenue, "Revenue plot");
        ui.checkbox(&mut step.plots.cloud, "Cloud plot");
    });
    action
}
