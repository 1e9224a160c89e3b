//! A baseline: a set of terms the document is compared with — another scenario, the
//! document as it was when pinned, or another file. It is projected once, when it is
//! chosen, and never edited, so it survives the document's edits, undo and redo.

use crate::engine::{Projection, project};
use crate::model::Agreement;

use super::ViewModels;

/// What the document is compared with, and what its views draw.
#[derive(Debug)]
pub struct Baseline {
    /// Unique among baselines, so that results computed for one are never taken
    /// for another's.
    pub id: u64,
    /// What it is, for legends and the status bar: "Scenario “Cap $50B”".
    pub name: String,
    pub agreement: Agreement,
    pub projection: Projection,
    pub models: ViewModels,
}

/// The next baseline's id.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Baseline {
    /// Projects `agreement` and builds its view models.
    pub fn new(name: impl Into<String>, agreement: Agreement) -> Self {
        let projection = project(&agreement);
        // Revision 0 is never a document's: these models are never taken for a document's.
        let models = ViewModels::new(&agreement, &projection, 0);
        Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            name: name.into(),
            agreement,
            projection,
            models,
        }
    }
}
