//! The panels of the window, one file each. Panels read the [`Document`] and its
//! projection, change only view state directly, and send every change to the
//! agreement as an [`Edit`].
//!
//! [`Document`]: crate::document::Document
//! [`Edit`]: crate::document::Edit

pub mod assumptions;
pub mod clause_editor;
pub mod clause_list;
pub mod format;
pub mod metrics;
pub mod plots;
pub mod theme;
pub mod time_axis;
pub mod timeline;
pub mod widgets;

use chrono::NaiveDate;

use crate::model::Agreement;
use time_axis::{TimeView, x_from_month};

/// What the cloud-distribution plot shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CloudMode {
    /// Each provider's share, stacked to 100 %.
    #[default]
    Share,
    /// Each provider's spend, stacked to the total.
    Amount,
}

/// How the clause list groups clauses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GroupBy {
    #[default]
    Kind,
    /// By the event (or date) the clause starts on.
    Amendment,
}

/// Where the user is looking: selection, playhead, time range, hover. Not part of the file.
#[derive(Clone, Debug)]
pub struct ViewState {
    /// Index of the selected clause.
    pub selected: Option<usize>,
    /// The date whose terms are shown as in force.
    pub playhead: NaiveDate,
    /// The time range shown by the timeline and the plots alike.
    pub time_view: TimeView,
    /// The date under the pointer in any time panel, as of the last frame.
    pub hover_x: Option<f64>,
    /// Set by a time panel this frame; becomes `hover_x` next frame.
    pub next_hover_x: Option<f64>,
    pub cloud_mode: CloudMode,
    /// Index of the workload shown in the cloud plot; none = all workloads.
    pub cloud_workload: Option<usize>,
    pub group_by: GroupBy,
}

impl ViewState {
    /// A view of the whole horizon with the playhead at the valuation date.
    pub fn for_agreement(a: &Agreement) -> Self {
        Self {
            selected: None,
            playhead: a.valuation_date,
            time_view: full_view(a),
            hover_x: None,
            next_hover_x: None,
            cloud_mode: CloudMode::Share,
            cloud_workload: None,
            group_by: GroupBy::Kind,
        }
    }

    /// Starts a frame: the hover position found last frame becomes current.
    pub fn begin_frame(&mut self) {
        self.hover_x = self.next_hover_x.take();
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
