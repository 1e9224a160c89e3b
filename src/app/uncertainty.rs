//! The uncertainty window: the tornado of a metric, a Monte Carlo run on background
//! threads with its fan charts, histogram and drivers, and goal seek.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::App;
use crate::analysis::{self, Cancelled, Outcome, Request, Seek, Tornado};
use crate::document::{Document, Edit};
use crate::engine::MetricId;
use crate::model::param::ParamRef;
use crate::model::{Agreement, Sampling};
use crate::ui::{ViewCommand, theme};
use crate::words;

/// The window's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Sensitivity,
    MonteCarlo,
    GoalSeek,
}

/// A Monte Carlo run on background threads.
#[derive(Debug)]
struct Job {
    /// What it runs on: a document revision, or a baseline's id.
    key: u64,
    samples: usize,
    progress: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: Arc<Mutex<Option<Result<Outcome, Cancelled>>>>,
    started: Instant,
}

impl Job {
    /// Starts simulating `a` on a thread of its own (which runs the samples on rayon's
    /// pool), asking `ctx` to repaint when done.
    fn start(key: u64, a: Agreement, ctx: &egui::Context) -> Self {
        let request = Request::for_agreement(&a);
        let job = Self {
            key,
            samples: request.samples,
            progress: Arc::new(AtomicUsize::new(0)),
            cancel: Arc::new(AtomicBool::new(false)),
            result: Arc::new(Mutex::new(None)),
            started: Instant::now(),
        };
        let (progress, cancel, result) = (
            Arc::clone(&job.progress),
            Arc::clone(&job.cancel),
            Arc::clone(&job.result),
        );
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let run = || analysis::simulate(&a, &request, &progress, &cancel);
            let outcome = match background_pool() {
                Some(pool) => pool.install(run),
                None => run(),
            };
            if let Ok(mut slot) = result.lock() {
                *slot = Some(outcome);
            }
            ctx.request_repaint();
        });
        job
    }

    /// The outcome, once the run has finished (taken once).
    fn take(&self) -> Option<Result<Outcome, Cancelled>> {
        self.result.lock().ok()?.take()
    }

    fn fraction(&self) -> f32 {
        self.progress.load(Ordering::Relaxed) as f32 / self.samples.max(1) as f32
    }
}

/// The threads simulations run on: every core but one, which is left for drawing
/// the window, so that the app keeps its frame rate while a run goes on. A run
/// gives the same result on any number of threads.
fn background_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("simulation {i}"))
            .build()
            .ok()
    })
    .as_ref()
}

impl Drop for Job {
    /// A run nobody waits for stops.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A finished run and what it ran on.
#[derive(Debug)]
struct Finished {
    key: u64,
    outcome: Arc<Outcome>,
    took: Duration,
}

/// What the uncertainty window holds between frames.
#[derive(Debug, Default)]
pub struct Uncertainty {
    pub open: bool,
    pub tab: Tab,
    /// The metric the tornado, the histogram and goal seek are about.
    metric: Option<MetricId>,
    /// The tornado of the metric at a document revision.
    tornado: Option<(u64, MetricId, Tornado)>,
    job: Option<Job>,
    finished: Option<Finished>,
    baseline_job: Option<Job>,
    baseline_finished: Option<Finished>,
    threshold: String,
    seek_input: Option<ParamRef>,
    seek_target: String,
    seek_result: Option<(u64, ParamRef, MetricId, f64, Seek)>,
}

impl Uncertainty {
    /// Whether a run is going on (the window then keeps repainting for its progress).
    pub fn running(&self) -> bool {
        self.job.is_some() || self.baseline_job.is_some()
    }

    /// The outcome of the document at `revision`, if a run finished for it.
    pub fn outcome(&self, revision: u64) -> Option<&Outcome> {
        self.finished
            .as_ref()
            .filter(|f| f.key == revision)
            .map(|f| f.outcome.as_ref())
    }

    /// Keeps the runs in step with the document and the baseline: a new revision
    /// cancels the run of the old one and starts one of its own.
    fn step(&mut self, doc: &Document, baseline: Option<(u64, &Agreement)>, ctx: &egui::Context) {
        let revision = doc.revision();
        if let Some(job) = &self.job
            && let Some(result) = job.take()
        {
            if let Ok(outcome) = result {
                self.finished = Some(Finished {
                    key: job.key,
                    outcome: Arc::new(outcome),
                    took: job.started.elapsed(),
                });
            }
            self.job = None;
        }
        let have = self.finished.as_ref().is_some_and(|f| f.key == revision);
        let running = self.job.as_ref().is_some_and(|j| j.key == revision);
        if !have && !running {
            // Replacing the job drops the old one, which cancels it.
            self.job = Some(Job::start(revision, doc.agreement().clone(), ctx));
        }
        if let Some(job) = &self.baseline_job
            && let Some(result) = job.take()
        {
            if let Ok(outcome) = result {
                self.baseline_finished = Some(Finished {
                    key: job.key,
                    outcome: Arc::new(outcome),
                    took: job.started.elapsed(),
                });
            }
            self.baseline_job = None;
        }
        if let Some((id, a)) = baseline {
            let have = self.baseline_finished.as_ref().is_some_and(|f| f.key == id);
            let running = self.baseline_job.as_ref().is_some_and(|j| j.key == id);
            if !have && !running {
                self.baseline_job = Some(Job::start(id, a.clone(), ctx));
            }
        } else {
            self.baseline_job = None;
            self.baseline_finished = None;
        }
    }
}

impl App {
    /// The uncertainty window, if open.
    pub(super) fn uncertainty_window(&mut self, ctx: &egui::Context) {
        if !self.uncertainty.open {
            // Closing the window stops its runs.
            self.uncertainty.job = None;
            self.uncertainty.baseline_job = None;
            return;
        }
        let Some(doc) = &self.doc else { return };
        let mut open = true;
        let mut commands = Vec::new();
        let mut edits = Vec::new();
        let u = &mut self.uncertainty;
        let baseline = self.baseline.as_ref();
        egui::Window::new("Uncertainty")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(760.0)
            .default_height(640.0)
            .show(ctx, |ui| {
                let a = doc.agreement();
                let p = doc.projection();
                let metrics = MetricId::all(a, p);
                let metric = u
                    .metric
                    .clone()
                    .filter(|m| metrics.contains(m))
                    .or_else(|| default_metric(&metrics));
                ui.horizontal(|ui| {
                    for (tab, name) in [
                        (Tab::Sensitivity, "Sensitivity"),
                        (Tab::MonteCarlo, "Monte Carlo"),
                        (Tab::GoalSeek, "Goal seek"),
                    ] {
                        ui.selectable_value(&mut u.tab, tab, name);
                    }
                    ui.separator();
                    let label = ui.label("Metric");
                    let shown = metric
                        .as_ref()
                        .map_or_else(|| "none".to_owned(), |m| m.label(a, p));
                    egui::ComboBox::from_id_salt("uncertainty_metric")
                        .selected_text(shown)
                        .width(theme::METRIC_PICKER_WIDTH)
                        .show_ui(ui, |ui| {
                            for m in &metrics {
                                if ui
                                    .selectable_label(metric.as_ref() == Some(m), m.label(a, p))
                                    .clicked()
                                {
                                    u.metric = Some(m.clone());
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
                ui.separator();
                let Some(metric) = metric else {
                    ui.weak("This agreement has no metric to analyse");
                    return;
                };
                match u.tab {
                    Tab::Sensitivity => sensitivity_ui(ui, u, doc, &metric, &mut commands),
                    Tab::MonteCarlo => {
                        u.step(doc, baseline.map(|b| (b.id, &b.agreement)), ui.ctx());
                        monte_carlo_ui(
                            ui,
                            u,
                            doc,
                            &metric,
                            baseline.map(|b| b.name.as_str()),
                            &mut edits,
                        );
                    }
                    Tab::GoalSeek => seek_ui(ui, u, doc, &metric, &mut edits),
                }
            });
        self.uncertainty.open = open;
        self.commands.extend(commands);
        self.edits.extend(edits);
        if self.uncertainty.running() {
            // The progress bar moves while the window keeps drawing.
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }
}

/// A first metric worth looking at: a net flow, else a total paid, else the first.
fn default_metric(metrics: &[MetricId]) -> Option<MetricId> {
    metrics
        .iter()
        .find(|m| matches!(m, MetricId::NetPaid { .. }))
        .or_else(|| {
            metrics
                .iter()
                .find(|m| matches!(m, MetricId::DirectionPaid { .. }))
        })
        .or_else(|| metrics.first())
        .cloned()
}

fn sensitivity_ui(
    ui: &mut Ui,
    u: &mut Uncertainty,
    doc: &Document,
    metric: &MetricId,
    commands: &mut Vec<ViewCommand>,
) {
    let revision = doc.revision();
    let a = doc.agreement();
    let fresh = u
        .tornado
        .as_ref()
        .is_some_and(|(r, m, _)| *r == revision && m == metric);
    if !fresh {
        // Exact projections at each input's ends: a few milliseconds, once per change.
        u.tornado = Some((revision, metric.clone(), analysis::tornado(a, metric)));
    }
    let Some((_, _, t)) = &u.tornado else { return };
    ui.label(
        RichText::new(
            "Each input with a range set to its low (blue) and its high (orange), the others \
             at base. Widest swing at the top; click a bar to open its input.",
        )
        .weak(),
    );
    if let Some(base) = t.base {
        ui.label(format!("Base: {}", words::value(metric.unit(), base)));
    }
    let height = (ui.available_height() - theme::GAP).max(240.0);
    if let Some(i) = crate::ui::analysis::tornado_ui(ui, t, metric.unit(), height)
        && let Some(bar) = t.bars.get(i)
    {
        open_input(&bar.input, commands);
    }
}

/// Shows where `input` is edited: its clause in the clause editor, else the
/// assumptions panel.
fn open_input(input: &ParamRef, commands: &mut Vec<ViewCommand>) {
    match input.item() {
        crate::model::validate::ItemRef::Clause(id) => commands.push(ViewCommand::Select(Some(id))),
        _ => commands.push(ViewCommand::ShowAssumptions(true)),
    }
}

fn monte_carlo_ui(
    ui: &mut Ui,
    u: &mut Uncertainty,
    doc: &Document,
    metric: &MetricId,
    baseline_name: Option<&str>,
    edits: &mut Vec<Edit>,
) {
    let a = doc.agreement();
    let settings = a.simulation;
    ui.horizontal(|ui| {
        let label = ui.label("Samples");
        let mut samples = settings.samples;
        let r = ui
            .add(
                egui::DragValue::new(&mut samples)
                    .range(100..=1_000_000)
                    .speed(100),
            )
            .labelled_by(label.id)
            .on_hover_text("Saved with the agreement; more samples, steadier percentiles");
        let label = ui.label("Seed");
        let mut seed = settings.seed;
        let r2 = ui
            .add(egui::DragValue::new(&mut seed))
            .labelled_by(label.id)
            .on_hover_text("The same seed gives the same results on any machine");
        let mut latin = settings.sampling == Sampling::LatinHypercube;
        let r3 = ui
            .checkbox(&mut latin, "Latin hypercube")
            .on_hover_text("Stratified draws: steadier percentiles for the same number of samples");
        if r.changed() || r2.changed() || r3.changed() {
            edits.push(Edit::merging(
                "Change simulation settings",
                "simulation",
                move |a: &mut Agreement| {
                    a.simulation.samples = samples;
                    a.simulation.seed = seed;
                    a.simulation.sampling = if latin {
                        Sampling::LatinHypercube
                    } else {
                        Sampling::Random
                    };
                },
            ));
        }
    });
    if let Some(job) = &u.job {
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(theme::PROGRESS_WIDTH)
                    .show_percentage()
                    .text(format!(
                        "{} of {} samples",
                        job.progress.load(Ordering::Relaxed),
                        job.samples
                    )),
            );
            if ui.button("Cancel").clicked() {
                job.cancel.store(true, Ordering::Relaxed);
            }
        });
    }
    let Some(outcome) = u
        .finished
        .as_ref()
        .filter(|f| f.key == doc.revision())
        .map(|f| (Arc::clone(&f.outcome), f.took))
    else {
        if u.job.is_none() {
            ui.weak("Cancelled: change anything, or reopen the tab, to run again");
        }
        return;
    };
    let (outcome, took) = outcome;
    ui.label(
        RichText::new(format!(
            "{} samples ({}), seed {}, in {:.2} s",
            outcome.samples,
            match outcome.sampling {
                Sampling::LatinHypercube => "Latin hypercube",
                Sampling::Random => "random",
            },
            outcome.seed,
            took.as_secs_f64()
        ))
        .weak(),
    );
    let baseline = u
        .baseline_finished
        .as_ref()
        .map(|f| Arc::clone(&f.outcome))
        .filter(|_| baseline_name.is_some());
    egui::ScrollArea::vertical().show(ui, |ui| {
        if let Some(m) = outcome.metric(metric) {
            metric_ui(ui, u, m, metric);
        }
        ui.add_space(theme::GAP);
        ui.strong("Fan charts");
        ui.label(RichText::new("Bands P10–P90 and P25–P75, line P50; a baseline dashed").weak());
        for (i, fan) in outcome.fans.iter().enumerate() {
            ui.label(&fan.label);
            let theirs = baseline.as_deref().and_then(|b| {
                b.fans
                    .iter()
                    .find(|f| f.series == fan.series)
                    .map(|f| (f, b.months.as_slice()))
            });
            crate::ui::analysis::fan_ui(
                ui,
                &format!("fan_{i}"),
                fan,
                &outcome.months,
                theme::SCENARIO,
                theirs,
                theme::FAN_HEIGHT,
            );
        }
    });
}

/// A metric's distribution: percentiles with the P50's standard error, the chance of
/// exceeding a typed threshold, the histogram and the drivers.
fn metric_ui(
    ui: &mut Ui,
    u: &mut Uncertainty,
    outcome: &analysis::MetricOutcome,
    metric: &MetricId,
) {
    let m = outcome;
    let unit = metric.unit();
    let Some(summary) = &m.summary else {
        ui.weak("The metric has no value in any sample");
        return;
    };
    let p = &summary.percentiles;
    ui.horizontal_wrapped(|ui| {
        for (name, v) in [("P10", p.p10), ("P50", p.p50), ("P90", p.p90), ("Mean", summary.mean)] {
            ui.label(RichText::new(format!("{name} {}", words::value(unit, v))).strong());
        }
        if let Some(se) = summary.p50_standard_error {
            ui.label(format!("P50 ± {} (standard error)", words::value(unit, se)))
                .on_hover_text("How far the P50 may move with another seed: when small next to the P50, the samples are enough");
        }
        if m.undefined > 0 {
            ui.weak(format!("no value in {} samples", m.undefined));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Chance above");
        ui.add(
            egui::TextEdit::singleline(&mut u.threshold)
                .desired_width(theme::THRESHOLD_WIDTH)
                .hint_text(words::value(unit, p.p50)),
        )
        .labelled_by(label.id);
        match words::parse_value(unit, &u.threshold) {
            Some(x) => {
                ui.strong(format!(
                    "P({} > {}) = {}",
                    m.label,
                    words::value(unit, x),
                    words::percent(m.probability_above(x))
                ));
            }
            None if !u.threshold.trim().is_empty() => {
                ui.colored_label(theme::WARNING, "not a value of this metric");
            }
            None => {}
        }
    });
    crate::ui::analysis::histogram_ui(ui, m, theme::HISTOGRAM_HEIGHT);
    ui.strong("What drives it");
    ui.label(
        RichText::new("Each input's rank correlation with the metric over the samples").weak(),
    );
    crate::ui::analysis::drivers_ui(ui, m, theme::DRIVERS_HEIGHT);
}

fn seek_ui(
    ui: &mut Ui,
    u: &mut Uncertainty,
    doc: &Document,
    metric: &MetricId,
    edits: &mut Vec<Edit>,
) {
    let a = doc.agreement();
    let p = doc.projection();
    let inputs = ParamRef::inputs(a);
    let input = u
        .seek_input
        .clone()
        .filter(|i| inputs.contains(i))
        .or_else(|| {
            inputs
                .iter()
                .find(|i| matches!(i, ParamRef::Cap { .. }))
                .cloned()
        })
        .or_else(|| inputs.first().cloned());
    ui.label(RichText::new("Which value of an input makes the metric reach a target?").weak());
    let mut run = false;
    egui::Grid::new("seek_form").num_columns(2).show(ui, |ui| {
        let label = ui.label("Input");
        egui::ComboBox::from_id_salt("seek_input")
            .selected_text(
                input
                    .as_ref()
                    .map_or_else(|| "none".to_owned(), |i| i.label(a)),
            )
            .width(theme::METRIC_PICKER_WIDTH)
            .show_ui(ui, |ui| {
                for i in &inputs {
                    if ui
                        .selectable_label(input.as_ref() == Some(i), i.label(a))
                        .clicked()
                    {
                        u.seek_input = Some(i.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        ui.label("Metric");
        ui.label(metric.label(a, p));
        ui.end_row();
        let label = ui.label("Target");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut u.seek_target)
                    .desired_width(theme::THRESHOLD_WIDTH)
                    .hint_text(
                        metric
                            .value(a, p)
                            .map_or_else(String::new, |v| words::value(metric.unit(), v)),
                    ),
            )
            .labelled_by(label.id);
        run |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.end_row();
    });
    let target = words::parse_value(metric.unit(), &u.seek_target);
    run |= ui
        .add_enabled(
            target.is_some() && input.is_some(),
            egui::Button::new("Seek"),
        )
        .clicked();
    if let (true, Some(target), Some(input)) = (run, target, input.clone()) {
        let found = analysis::seek(a, &input, metric, target);
        u.seek_result = Some((doc.revision(), input, metric.clone(), target, found));
    }
    let Some((revision, input, m, target, found)) = &u.seek_result else {
        return;
    };
    if *revision != doc.revision() || m != metric {
        ui.weak("The terms changed since: seek again");
        return;
    }
    let unit = input.unit();
    match found {
        Seek::Found {
            value,
            metric_value,
            evaluations,
        } => {
            ui.label(format!(
                "{} = {} gives {} = {} ({evaluations} projections)",
                input.label(a),
                words::value(unit, *value),
                m.label(a, p),
                words::value(m.unit(), *metric_value)
            ));
            if ui
                .button("Apply")
                .on_hover_text("Set the input to this value: one step to undo (an override if a scenario is shown)")
                .clicked()
            {
                let (input, value) = (input.clone(), *value);
                edits.push(Edit::new(format!("Apply goal seek: {}", input.label(a)), move |a: &mut Agreement| {
                    // The value came from the input's own range, so it can be set.
                    let _ = input.set(a, value);
                }));
            }
        }
        Seek::Unreachable {
            closest_value,
            closest_metric,
        } => {
            let (low, high) = analysis::search_span(a, input);
            ui.colored_label(
                theme::WARNING,
                format!(
                    "No value of {} between {} and {} makes it {}; the closest is {}, giving {}",
                    input.label(a),
                    words::value(unit, low),
                    words::value(unit, high),
                    words::value(m.unit(), *target),
                    words::value(unit, *closest_value),
                    words::value(m.unit(), *closest_metric)
                ),
            );
        }
        Seek::NoValue => {
            ui.colored_label(
                theme::WARNING,
                "The metric has no value for any value of this input",
            );
        }
    }
}
