//! The panels of the window. Panels read the [`Document`], its view models and the
//! view state through a [`PanelCx`]; they send every change to the agreement as an
//! [`Edit`] and every change to the view as a [`ViewCommand`].
//!
//! [`Document`]: crate::document::Document
//! [`Edit`]: crate::document::Edit

pub mod analysis;
pub mod assumptions;
pub mod clause_editor;
pub mod clause_list;
pub mod metrics;
pub mod plots;
pub mod theme;
pub mod timeline;
pub mod widgets;

#[cfg(test)]
pub(crate) mod testing;

use chrono::NaiveDate;

use crate::document::{Document, Edit};
use crate::model::{Agreement, Id};
use crate::view::ViewModels;
use crate::view::baseline::Baseline;
use crate::view::cloud::CloudMode;
use crate::view::time_axis::{TimeView, x_from_month};

/// How the clause list groups clauses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GroupBy {
    #[default]
    Kind,
    /// By the event (or date) the clause starts on.
    Amendment,
}

/// How the user likes the window laid out; kept with the app's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewPrefs {
    pub show_assumptions: bool,
    pub group_by: GroupBy,
    pub cloud_mode: CloudMode,
}

impl Default for ViewPrefs {
    fn default() -> Self {
        Self {
            show_assumptions: true,
            group_by: GroupBy::Kind,
            cloud_mode: CloudMode::Share,
        }
    }
}

/// Where the user is looking: selection, playhead, time range, hover. Not part of the
/// file. Panels read it and ask for changes with [`ViewCommand`]s.
#[derive(Clone, Debug)]
pub struct ViewState {
    /// Id of the selected clause.
    pub selected: Option<Id>,
    /// The date whose terms are shown as in force.
    pub playhead: NaiveDate,
    /// The time range shown by the timeline and the plots alike.
    pub time_view: TimeView,
    /// The date under the pointer in any time panel, as of the last frame.
    pub hover_x: Option<f64>,
    /// Id of the workload shown in the cloud plot; none = all workloads.
    pub cloud_workload: Option<Id>,
    /// While presenting: the plots show what happens up to this date, the rest faded.
    pub reveal_until: Option<NaiveDate>,
}

/// A change to the view, asked for by a panel (or a menu, or presenter mode) and
/// applied by the app after layout, so that every panel of a frame sees the same view.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewCommand {
    /// Select a clause by id, or nothing.
    Select(Option<Id>),
    SetPlayhead(NaiveDate),
    SetTimeView(TimeView),
    /// Show the whole horizon.
    ResetTimeView,
    /// The pointer is over this date in a time panel.
    Hover(f64),
    /// Show one workload (by id) in the cloud plot, or all of them.
    SetCloudWorkload(Option<Id>),
    SetCloudMode(CloudMode),
    SetGroupBy(GroupBy),
    ShowAssumptions(bool),
}

impl ViewState {
    /// A view of the whole horizon with the playhead at the valuation date.
    pub fn for_agreement(a: &Agreement) -> Self {
        Self {
            selected: None,
            playhead: a.valuation_date,
            time_view: full_view(a),
            hover_x: None,
            cloud_workload: None,
            reveal_until: None,
        }
    }

    /// Index of the selected clause in `a`, if it is still there.
    pub fn selected_index(&self, a: &Agreement) -> Option<usize> {
        self.selected.as_deref().and_then(|id| a.clause_index(id))
    }

    /// Whether the clause with this id is selected.
    pub fn is_selected(&self, id: &str) -> bool {
        self.selected.as_deref() == Some(id)
    }

    /// Index of the workload shown in the cloud plot, if one is chosen and still there.
    pub fn cloud_workload_index(&self, a: &Agreement) -> Option<usize> {
        let id = self.cloud_workload.as_deref()?;
        a.workloads.iter().position(|w| w.id == id)
    }

    /// Applies a frame's commands; returns whether anything changed, so that the next
    /// frame is drawn. The hover date is what the frame reported, or none.
    pub fn apply_all(
        &mut self,
        prefs: &mut ViewPrefs,
        a: &Agreement,
        commands: impl IntoIterator<Item = ViewCommand>,
    ) -> bool {
        let hover_before = self.hover_x.take();
        let mut changed = false;
        for command in commands {
            changed |= self.apply(prefs, a, command);
        }
        changed || self.hover_x != hover_before
    }

    /// Applies one command; returns whether anything but the hover date changed.
    fn apply(&mut self, prefs: &mut ViewPrefs, a: &Agreement, command: ViewCommand) -> bool {
        fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
            let changed = *slot != value;
            *slot = value;
            changed
        }
        match command {
            ViewCommand::Select(id) => set(&mut self.selected, id),
            ViewCommand::SetPlayhead(date) => set(&mut self.playhead, date),
            ViewCommand::SetTimeView(view) => set(&mut self.time_view, view),
            ViewCommand::ResetTimeView => set(&mut self.time_view, full_view(a)),
            ViewCommand::Hover(x) => {
                self.hover_x = Some(x);
                false
            }
            ViewCommand::SetCloudWorkload(id) => set(&mut self.cloud_workload, id),
            ViewCommand::SetCloudMode(mode) => set(&mut prefs.cloud_mode, mode),
            ViewCommand::SetGroupBy(by) => set(&mut prefs.group_by, by),
            ViewCommand::ShowAssumptions(show) => set(&mut prefs.show_assumptions, show),
        }
    }
}

/// What a panel reads — the document, its view models, the view — and where it sends
/// what it wants changed: edits to the agreement, commands to the view.
#[derive(Debug)]
pub struct PanelCx<'a> {
    pub doc: &'a Document,
    pub models: &'a ViewModels,
    pub view: &'a ViewState,
    pub prefs: &'a ViewPrefs,
    pub commands: &'a mut Vec<ViewCommand>,
    pub edits: &'a mut Vec<Edit>,
    /// What the document is compared with, if anything: drawn dashed under it.
    pub baseline: Option<&'a Baseline>,
}

impl PanelCx<'_> {
    pub fn agreement(&self) -> &Agreement {
        self.doc.agreement()
    }

    pub fn command(&mut self, command: ViewCommand) {
        self.commands.push(command);
    }

    pub fn edit(&mut self, edit: Edit) {
        self.edits.push(edit);
    }
}

/// The whole horizon, with a little room on either side.
pub fn full_view(a: &Agreement) -> TimeView {
    let min = x_from_month(a.horizon.first);
    let max = a.horizon.last.offset(1).map_or(min + 1.0, x_from_month);
    let pad = (max - min).max(0.5) * 0.01;
    TimeView {
        min: min - pad,
        max: max + pad,
    }
}
