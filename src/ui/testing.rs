//! What the panels' tests share: a document with its view, shown by one panel the way
//! the app shows it (the panel reads; edits and view commands are applied after layout).

use egui_kittest::{Harness, HarnessBuilder};

use crate::document::{Document, Edit};
use crate::model::Agreement;
use crate::ui::{PanelCx, ViewCommand, ViewPrefs, ViewState};
use crate::view::ViewCache;
use crate::view::baseline::Baseline;

/// A panel as the app calls it.
pub type Panel = fn(&mut egui::Ui, &mut PanelCx<'_>);

/// One document, its view and what the panel asked for.
pub struct PanelState {
    pub doc: Document,
    pub view: ViewState,
    pub prefs: ViewPrefs,
    models: ViewCache,
    /// What the document is compared with, if anything.
    pub baseline: Option<Baseline>,
    /// Labels of the edits applied, in order.
    pub applied: Vec<String>,
    /// Every view command applied, in order.
    pub commands: Vec<ViewCommand>,
    panel: Panel,
}

impl PanelState {
    /// `a` with nothing selected.
    pub fn new(a: Agreement, panel: Panel) -> Self {
        let view = ViewState::for_agreement(&a);
        Self {
            doc: Document::new(a, None),
            view,
            prefs: ViewPrefs::default(),
            models: ViewCache::default(),
            baseline: None,
            applied: Vec::new(),
            commands: Vec::new(),
            panel,
        }
    }

    /// Shows the panel, then applies what it asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut edits: Vec<Edit> = Vec::new();
        let mut commands = Vec::new();
        let mut cx = PanelCx {
            doc: &self.doc,
            models: self.models.get(&self.doc),
            view: &self.view,
            prefs: &self.prefs,
            commands: &mut commands,
            edits: &mut edits,
            baseline: self.baseline.as_ref(),
        };
        (self.panel)(ui, &mut cx);
        for edit in edits {
            self.applied.push(edit.label.clone());
            self.doc.apply(edit);
        }
        if !ui.ctx().input(|i| i.pointer.any_down()) && !ui.ctx().text_edit_focused() {
            self.doc.end_gesture();
        }
        self.commands.extend(commands.iter().cloned());
        if self
            .view
            .apply_all(&mut self.prefs, self.doc.agreement(), commands)
        {
            ui.ctx().request_repaint();
        }
    }
}

/// A harness builder of `size` for a panel's state. The app draws with the system's
/// fonts; the harness has only egui's bundled subset, which lacks arrows such as "→".
pub fn builder(size: egui::Vec2) -> HarnessBuilder<PanelState> {
    Harness::builder().with_size(size).allow_missing_glyphs()
}

/// A harness from `builder` showing `panel` on `a`.
pub fn build(
    builder: HarnessBuilder<PanelState>,
    a: Agreement,
    panel: Panel,
) -> Harness<'static, PanelState> {
    builder.build_ui_state(
        |ui, state: &mut PanelState| state.ui(ui),
        PanelState::new(a, panel),
    )
}

/// A harness of `size` showing `panel` on `a`.
pub fn harness(a: Agreement, size: egui::Vec2, panel: Panel) -> Harness<'static, PanelState> {
    build(builder(size), a, panel)
}

/// Clicks the widget labelled `label` and runs the frames that follow, as a user's click does.
pub fn click<S>(harness: &mut Harness<'_, S>, label: &str) {
    egui_kittest::kittest::Queryable::get_by_label(harness, label).click();
    harness.run();
}
