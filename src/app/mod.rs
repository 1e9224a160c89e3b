//! The desktop app: the open document, view state and settings; lays out the
//! panels and applies what they ask for after layout.

mod compare;
mod export;
pub mod files;
mod help;
mod menu;
mod present;
mod prompts;
pub mod recovery;
mod screenshot;
pub mod settings;
mod shortcuts;
mod status;
pub mod uncertainty;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use egui::ViewportCommand;

use crate::document::{Document, Edit};
use crate::io;
use crate::model::{Agreement, CURRENT_VERSION, Horizon, Month, Uncertain};
use crate::ui::{self, PanelCx, ViewCommand, ViewState, theme};
use crate::view::ViewCache;
use crate::view::baseline::Baseline;
use compare::CompareAction;
pub use export::Export;
use files::{FileDialogs, InAppDialog, Picked};
use recovery::{Orphan, Recovery};
use screenshot::Screenshot;
pub use screenshot::ScreenshotOutcome;
use settings::Settings;

/// The built-in example, embedded from a RON file so that the default is data, not code.
pub const DEFAULT_AGREEMENT: &str = include_str!("../../assets/default.ron");

/// The built-in example agreement.
pub fn builtin_example() -> Agreement {
    io::from_ron_str(DEFAULT_AGREEMENT).unwrap_or_else(|_| new_agreement())
}

/// A blank agreement to start from.
pub fn new_agreement() -> Agreement {
    let first =
        Month::new(2026, 1).unwrap_or_else(|| Month::of(chrono::NaiveDate::MIN).expect("min"));
    Agreement {
        version: CURRENT_VERSION,
        title: "Untitled agreement".to_owned(),
        description: String::new(),
        currency: "USD".to_owned(),
        horizon: Horizon {
            first,
            last: first.offset(10 * 12 - 1).unwrap_or(first),
        },
        valuation_date: first.first_day(),
        discount_rate: Uncertain::exact(0.08),
        migration_months: Uncertain::exact(6.0),
        parties: Vec::new(),
        providers: Vec::new(),
        streams: Vec::new(),
        workloads: Vec::new(),
        events: Vec::new(),
        clauses: Vec::new(),
        sources: Vec::new(),
        calibration: Vec::new(),
        scenarios: Vec::new(),
        story: Vec::new(),
        simulation: crate::model::Simulation::default(),
    }
}

/// A file that could not be opened, shown in place of a document.
#[derive(Clone, Debug)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub message: String,
}

/// Something that would discard unsaved changes, waiting for Save / Discard / Cancel.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    /// Open the built-in example.
    Example,
    /// Open this file, or ask for one.
    Open(Option<PathBuf>),
    Quit,
}

/// What the app's own file dialog is asking for.
#[derive(Clone, Debug, PartialEq)]
enum FileAction {
    Open,
    /// Compare the document with the file picked.
    Compare,
    /// Save there, then do what waited for the save.
    Save {
        then: Option<Pending>,
    },
}

/// How long "Saved to …" stays in the status bar.
const NOTICE_TIME: std::time::Duration = std::time::Duration::from_secs(4);

/// What the menus, shortcuts and buttons ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    New,
    Open,
    OpenPath(PathBuf),
    OpenExample,
    Save,
    SaveAs,
    Undo,
    Redo,
    Quit,
    /// Start presenter mode, or leave it.
    Present,
    FullScreen,
    ToggleTheme,
    ToggleAssumptions,
    ResetView,
    /// File → Export: ask where, then write.
    Export(Export),
}

/// Below this window width (points) the app starts with the assumptions panel closed,
/// so that the timeline and plots keep room to be read.
const NARROW_WINDOW: f32 = 1400.0;

pub struct App {
    doc: Option<Document>,
    failure: Option<LoadFailure>,
    pub view: ViewState,
    pub settings: Settings,
    dialogs: Box<dyn FileDialogs>,
    pending: Option<Pending>,
    /// The last error, shown in a bar until dismissed.
    pub error: Option<String>,
    /// A passing message ("Saved to …") and when it was given.
    notice: Option<(String, Instant)>,
    /// The app's own file dialog, while it is open, and what its answer is for.
    file_window: Option<(InAppDialog, FileAction)>,
    /// Where unsaved changes are copied, if the data folder could be used.
    recovery: Option<Recovery>,
    /// Copies left by apps that died, offered one at a time.
    orphans: Vec<Orphan>,
    /// While there are unsaved changes: the revision last copied (none yet, or the last
    /// write failed), and when the clock for the next copy started.
    copied: Option<(Option<u64>, Instant)>,
    /// Whether the window had focus last frame: losing it writes the copy at once.
    focused: bool,
    edits: Vec<Edit>,
    commands: Vec<ViewCommand>,
    /// What the panels draw, rebuilt when the document changes.
    models: ViewCache,
    actions: Vec<Action>,
    show_problems: bool,
    show_about: bool,
    show_shortcuts: bool,
    show_getting_started: bool,
    allow_close: bool,
    /// Close the window at the end of this frame.
    quit_now: bool,
    screenshot: Option<Screenshot>,
    /// File → Export's chart size, dialog and window capture.
    exports: export::Exports,
    frames: u64,
    applied_theme: Option<bool>,
    title: String,
    /// The horizon the time view was fitted to.
    shown_horizon: Option<Horizon>,
    /// The window started too narrow for three columns: the assumptions panel
    /// stays closed until the user opens it.
    narrow_start: bool,
    /// What the document is compared with, if anything; untouched by its edits.
    pub baseline: Option<Baseline>,
    show_scenarios: bool,
    compare_actions: Vec<CompareAction>,
    /// Presenter mode, while it is on.
    pub presenter: Option<present::Presenter>,
    show_storyboard: bool,
    /// Present from this step on the first frame (and whether full screen).
    present_at_start: Option<(usize, bool)>,
    /// The uncertainty window: tornado, Monte Carlo, goal seek.
    pub uncertainty: uncertainty::Uncertainty,
    compare_windows: compare::CompareWindows,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("path", &self.doc.as_ref().and_then(|d| d.path.clone()))
            .field("failure", &self.failure)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl App {
    /// An app on `path`, or on the built-in example; a file that cannot be opened
    /// gives the empty state with its error.
    pub fn new(path: Option<&Path>, settings: Settings, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut app = Self {
            doc: None,
            failure: None,
            view: ViewState::for_agreement(&new_agreement()),
            settings,
            dialogs,
            pending: None,
            error: None,
            notice: None,
            file_window: None,
            recovery: None,
            orphans: Vec::new(),
            copied: None,
            focused: true,
            edits: Vec::new(),
            commands: Vec::new(),
            models: ViewCache::default(),
            actions: Vec::new(),
            show_problems: false,
            show_about: false,
            show_shortcuts: false,
            show_getting_started: false,
            allow_close: false,
            quit_now: false,
            screenshot: None,
            exports: export::Exports::default(),
            frames: 0,
            applied_theme: None,
            title: String::new(),
            shown_horizon: None,
            narrow_start: false,
            baseline: None,
            show_scenarios: false,
            compare_actions: Vec::new(),
            presenter: None,
            show_storyboard: false,
            present_at_start: None,
            uncertainty: uncertainty::Uncertainty::default(),
            compare_windows: compare::CompareWindows::default(),
        };
        match path {
            Some(p) => app.open_path(p),
            None => app.set_document(Document::new(builtin_example(), None)),
        }
        app
    }

    /// Keeps recovery copies of unsaved changes in `dir`, and offers back the copies
    /// that apps which died left there.
    pub fn enable_recovery(&mut self, dir: &Path) {
        match Recovery::start(dir) {
            Ok((recovery, orphans)) => {
                self.recovery = Some(recovery);
                self.orphans = orphans;
            }
            Err(e) => {
                self.error = Some(format!(
                    "Unsaved changes cannot be protected against a crash: {e:#}"
                ));
            }
        }
    }

    pub fn document_mut(&mut self) -> Option<&mut Document> {
        self.doc.as_mut()
    }

    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    pub fn failure(&self) -> Option<&LoadFailure> {
        self.failure.as_ref()
    }

    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// Queues an action, as a menu item would.
    pub fn request(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Queues an edit, as a panel would.
    pub fn edit(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    fn set_document(&mut self, doc: Document) {
        self.view = ViewState {
            // Open on the first clause, so that the editor shows what a clause holds.
            selected: doc.agreement().clauses.first().map(|c| c.id.clone()),
            ..ViewState::for_agreement(doc.agreement())
        };
        self.shown_horizon = Some(doc.agreement().horizon);
        // The document before was saved or its changes discarded: its copy goes.
        if let Some(recovery) = &mut self.recovery {
            recovery.clear();
        }
        self.copied = None;
        self.doc = Some(doc);
        self.failure = None;
        self.show_problems = false;
    }

    fn open_path(&mut self, path: &Path) {
        match io::load(path) {
            Ok(a) => {
                self.settings.remember(path);
                self.set_document(Document::new(a, Some(path.to_owned())));
                self.error = None;
            }
            Err(e) => {
                let message = e.describe(path);
                if self.doc.is_some() {
                    // Keep what is open; say why the other file did not open.
                    self.error = Some(format!("Could not open {message}"));
                } else {
                    self.failure = Some(LoadFailure {
                        path: path.to_owned(),
                        message,
                    });
                }
            }
        }
    }

    fn is_modified(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::is_modified)
    }

    /// Runs `pending` now, or asks first if that would discard changes.
    fn guard(&mut self, pending: Pending) {
        if self.is_modified() {
            self.pending = Some(pending);
        } else {
            self.perform(pending);
        }
    }

    fn perform(&mut self, pending: Pending) {
        match pending {
            Pending::New => {
                self.set_document(Document::new(new_agreement(), None));
            }
            Pending::Example => {
                self.set_document(Document::new(builtin_example(), None));
            }
            Pending::Open(Some(path)) => self.open_path(&path),
            Pending::Open(None) => {
                let folder = self.folder();
                match self.dialogs.pick_open(&folder) {
                    Picked::Path(path) => self.open_path(&path),
                    Picked::Cancelled => {}
                    Picked::Unavailable => {
                        self.file_window = Some((InAppDialog::open(&folder), FileAction::Open));
                    }
                }
            }
            Pending::Quit => {
                self.allow_close = true;
                self.quit_now = true;
            }
        }
    }

    /// Where file dialogs start: the folder last used, else the examples or the working folder.
    fn folder(&self) -> PathBuf {
        self.settings
            .last_folder
            .clone()
            .filter(|f| f.is_dir())
            .unwrap_or_else(files::default_folder)
    }

    /// Saves to the document's path, or asks where (`ask`, or no path yet), then does
    /// `then`. Without a desktop dialog, the app's own dialog asks and the rest follows
    /// when it is answered. A failed save is shown, and `then` does not happen.
    fn save(&mut self, ask: bool, then: Option<Pending>) {
        let Some(doc) = &self.doc else { return };
        if let Some(path) = doc.path.clone().filter(|_| !ask) {
            self.save_to(&path, then);
            return;
        }
        let name = doc.path.as_deref().map_or_else(
            || format!("{}.ron", slug(&doc.agreement().title)),
            io::display_name,
        );
        let folder = self.folder();
        match self.dialogs.pick_save(&folder, &name) {
            Picked::Path(path) => self.save_to(&path, then),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let dialog = InAppDialog::save(&folder, &name);
                self.file_window = Some((dialog, FileAction::Save { then }));
            }
        }
    }

    /// Saves to `path` and says so, or shows why not; then does `then` if it was saved.
    fn save_to(&mut self, path: &Path, then: Option<Pending>) {
        match self.write(path) {
            Ok(()) => {
                self.notice = Some((format!("Saved to {}", path.display()), Instant::now()));
                if let Some(pending) = then {
                    self.perform(pending);
                }
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
    }

    /// Writes the document to `path` and marks it saved there.
    fn write(&mut self, path: &Path) -> anyhow::Result<()> {
        let Some(doc) = &mut self.doc else {
            return Ok(());
        };
        io::save(path, doc.base()).with_context(|| {
            format!(
                "Could not save {}; the file on disk is unchanged",
                io::display_name(path)
            )
        })?;
        doc.mark_saved(path.to_owned());
        self.settings.remember(path);
        self.error = None;
        Ok(())
    }

    fn run_action(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::New => self.guard(Pending::New),
            Action::Open => self.guard(Pending::Open(None)),
            Action::OpenPath(p) => self.guard(Pending::Open(Some(p))),
            Action::OpenExample => self.guard(Pending::Example),
            Action::Save => self.save(false, None),
            Action::SaveAs => self.save(true, None),
            Action::Undo => {
                if let Some(d) = &mut self.doc {
                    d.undo();
                }
            }
            Action::Redo => {
                if let Some(d) = &mut self.doc {
                    d.redo();
                }
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Present => {
                if self.presenter.is_some() {
                    self.stop_presenting(ctx);
                } else {
                    self.start_presenting(ctx);
                }
            }
            Action::FullScreen => {
                let full = ctx.input(|i| i.viewport().fullscreen).unwrap_or(false);
                ctx.send_viewport_cmd(ViewportCommand::Fullscreen(!full));
            }
            Action::ToggleTheme => self.settings.dark = !self.settings.dark,
            Action::ToggleAssumptions => {
                let show = self.narrow_start || !self.settings.view.show_assumptions;
                self.narrow_start = false;
                self.commands.push(ViewCommand::ShowAssumptions(show));
            }
            Action::ResetView => self.commands.push(ViewCommand::ResetTimeView),
            Action::Export(what) => self.export(what, ctx),
        }
    }
}

/// A file name from a title: lower case, words joined by '-'.
fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "agreement".to_owned()
    } else {
        s
    }
}

impl App {
    /// Draws the whole window into `ui` and applies what it asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.frames += 1;
        if self.frames == 1 {
            self.narrow_start = ctx.content_rect().width() < NARROW_WINDOW;
        }
        if self.applied_theme != Some(self.settings.dark) {
            ctx.set_theme(if self.settings.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_theme = Some(self.settings.dark);
        }
        self.actions.extend(shortcuts::pressed(&ctx));
        self.dropped_files(&ctx);

        if let Some((step, full_screen)) = self.present_at_start.take() {
            self.start_presenting_at(&ctx, step, full_screen);
        }
        if self.presenter.is_some() && self.doc.is_some() {
            self.presenter_ui(ui);
            self.prompt(&ctx);
            self.finish_frame(&ctx);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            if let Some((_, since)) = &self.notice {
                let left = NOTICE_TIME.saturating_sub(since.elapsed());
                if left.is_zero() {
                    self.notice = None;
                } else {
                    ui.ctx().request_repaint_after(left);
                }
            }
            let notice = self.notice.as_ref().map(|(text, _)| text.as_str());
            status::status_ui(
                ui,
                self.doc.as_ref(),
                &self.view,
                notice,
                &mut self.show_problems,
            );
        });
        if let Some(message) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(theme::ERROR, format!("⚠ {message}"));
                    if ui.small_button("Dismiss").clicked() {
                        self.error = None;
                    }
                });
            });
        }

        if let Some(doc) = &self.doc {
            let mut cx = PanelCx {
                doc,
                models: self.models.get(doc),
                view: &self.view,
                prefs: &self.settings.view,
                commands: &mut self.commands,
                edits: &mut self.edits,
                baseline: self.baseline.as_ref(),
            };
            egui::Panel::left("clauses")
                .resizable(true)
                .default_size(360.0)
                .size_range(260.0..=640.0)
                .show(ui, |ui| {
                    let list_height = (ui.available_height() * 0.42).max(160.0);
                    egui::ScrollArea::vertical()
                        .id_salt("clause_list")
                        .max_height(list_height)
                        .show(ui, |ui| {
                            ui::clause_list::clause_list_ui(ui, &mut cx);
                        });
                    ui.separator();
                    egui::ScrollArea::vertical()
                        .id_salt("clause_editor")
                        .show(ui, |ui| {
                            ui::clause_editor::clause_editor_ui(ui, &mut cx);
                        });
                });
            if cx.prefs.show_assumptions && !self.narrow_start {
                egui::Panel::right("assumptions")
                    .resizable(true)
                    .default_size(330.0)
                    .size_range(240.0..=640.0)
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("assumptions")
                            .show(ui, |ui| {
                                ui::assumptions::assumptions_ui(ui, &mut cx);
                            });
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| centre_ui(ui, &mut cx));
        } else {
            egui::CentralPanel::default().show(ui, |ui| self.empty_state_ui(ui));
        }

        self.windows(&ctx);
        self.export_step(&ctx);
        self.prompt(&ctx);
        self.finish_frame(&ctx);
    }

    /// Applies edits and actions, keeps the title current, handles closing and screenshots.
    fn finish_frame(&mut self, ctx: &egui::Context) {
        if let Some(doc) = &mut self.doc {
            let selected_before = self.view.selected_index(doc.agreement());
            for edit in self.edits.drain(..) {
                doc.apply(edit);
            }
            // A drag lasts while a button is down; typing lasts while a text field has focus.
            let gesture_over = !ctx.input(|i| i.pointer.any_down()) && !ctx.text_edit_focused();
            if gesture_over {
                doc.end_gesture();
            }
            let commands = self.commands.drain(..);
            if self
                .view
                .apply_all(&mut self.settings.view, doc.agreement(), commands)
            {
                ctx.request_repaint();
            }
            // A new horizon (from the assumptions panel, undo or redo) shows whole.
            let horizon = doc.agreement().horizon;
            if self.shown_horizon != Some(horizon) {
                if self.shown_horizon.is_some() {
                    self.view.time_view = ui::full_view(doc.agreement());
                }
                self.shown_horizon = Some(horizon);
            }
            // A selected clause whose id went away (renamed, deleted, undone) gives way
            // to the clause now in its place, or the last one.
            let a = doc.agreement();
            if self.view.selected.is_some() && self.view.selected_index(a).is_none() {
                let at = selected_before
                    .unwrap_or(0)
                    .min(a.clauses.len().saturating_sub(1));
                self.view.selected = a.clauses.get(at).map(|c| c.id.clone());
            }
        } else {
            self.edits.clear();
            self.commands.clear();
        }
        for action in std::mem::take(&mut self.actions) {
            self.run_action(action, ctx);
        }
        self.run_compare_actions();
        // A baseline that is one of the document's scenarios follows its edits.
        if let (Some(doc), Some(baseline)) = (&self.doc, &mut self.baseline)
            && baseline.follow(doc.id(), doc.base(), doc.revision())
        {
            ctx.request_repaint();
        }
        self.recovery_step(ctx);
        // What an action asked of the view (reset, show a panel) shows next frame.
        if !self.commands.is_empty() {
            ctx.request_repaint();
        }

        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_modified()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.pending = Some(Pending::Quit);
        }
        if self.quit_now {
            self.quit_now = false;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        self.screenshot_step(ctx);
    }

    /// Copies unsaved changes now and then, and at once when the window loses focus;
    /// removes the copy once there is nothing unsaved.
    fn recovery_step(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused).unwrap_or(true);
        let lost_focus = self.focused && !focused;
        self.focused = focused;
        let (Some(recovery), Some(doc)) = (&mut self.recovery, &self.doc) else {
            return;
        };
        if !doc.is_modified() {
            recovery.clear();
            self.copied = None;
            return;
        }
        let due = match self.copied {
            Some((revision, _)) if revision == Some(doc.revision()) => false,
            Some((_, at)) => lost_focus || at.elapsed() >= recovery::INTERVAL,
            // The first unsaved change starts the clock.
            None => {
                self.copied = Some((None, Instant::now()));
                lost_focus
            }
        };
        if due {
            match recovery.write(doc.base(), doc.path.as_deref()) {
                Ok(()) => self.copied = Some((Some(doc.revision()), Instant::now())),
                Err(e) => {
                    self.error = Some(format!("Could not write the recovery copy: {e:#}"));
                    // Try again after the interval, not every frame.
                    self.copied = Some((None, Instant::now()));
                }
            }
        } else {
            ctx.request_repaint_after(recovery::INTERVAL);
        }
    }

    /// The window title: file name, unsaved mark, app name.
    pub fn window_title(&self) -> String {
        let mark = if self.is_modified() { " ●" } else { "" };
        let scenario = self
            .doc
            .as_ref()
            .and_then(|d| d.scenario_name())
            .map_or_else(String::new, |s| format!(" · {s}"));
        format!(
            "{}{mark}{scenario} — Agreement Explorer",
            self.document_name()
        )
    }

    /// What the open document is called: its file name, or its title before it is saved.
    fn document_name(&self) -> String {
        match (&self.doc, &self.failure) {
            (Some(d), _) => d
                .path
                .as_deref()
                .map_or_else(|| d.agreement().title.clone(), io::display_name),
            (None, Some(f)) => io::display_name(&f.path),
            (None, None) => String::new(),
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            {
                self.actions.push(Action::OpenPath(path));
            } else {
                self.error = Some(format!(
                    "{} is not an agreement file (.ron)",
                    io::display_name(&path)
                ));
            }
        }
    }
}

/// The centre: timeline on top, plots below, metrics at the bottom.
fn centre_ui(ui: &mut egui::Ui, cx: &mut PanelCx<'_>) {
    // Cards compared with a baseline carry one more line.
    let metrics_height = if cx.baseline.is_some() { 112.0 } else { 96.0 };
    let timeline_height = (ui.available_height() * 0.42).max(180.0);
    egui::Panel::bottom("metrics")
        .resizable(false)
        .exact_size(metrics_height)
        .show(ui, |ui| ui::metrics::metrics_ui(ui, cx));
    egui::Panel::top("timeline")
        .resizable(true)
        .default_size(timeline_height)
        .show(ui, |ui| ui::timeline::timeline_ui(ui, cx));
    egui::CentralPanel::default().show(ui, |ui| ui::plots::plots_ui(ui, cx));
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // A screenshot run starts from defaults and leaves the user's settings alone.
        if self.screenshot.is_none() {
            eframe::set_value(storage, eframe::APP_KEY, &self.settings);
        }
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // A screenshot shows the app at rest, whatever the pointer of the display is doing.
        if self.screenshot.is_some() {
            raw_input.events.retain(|e| {
                !matches!(
                    e,
                    egui::Event::PointerMoved(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseMoved(_)
                        | egui::Event::MouseWheel { .. }
                )
            });
        }
    }
}
