//! A baseline: a set of terms the document is compared with — another scenario, the
//! document as it was when pinned, or another file. A pinned state and a file are
//! projected once, when chosen, and survive the document's edits, undo and redo. A
//! scenario of the document (or its base terms) follows the document: when an edit,
//! undo or redo changes those terms, they are projected again.

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
    /// The document terms it follows, if it is one of the document's scenarios.
    pub follows: Option<Follows>,
}

/// Which of a document's terms a baseline follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Follows {
    /// The document's [`crate::document::Document::id`].
    pub document: u64,
    /// The scenario, by name; none: the base terms.
    pub scenario: Option<String>,
    /// The document revision the baseline was last brought up to date with.
    pub revision: u64,
}

/// The terms of scenario `name` of `base` (none: the base terms); none if the file
/// has no scenario of that name.
pub fn scenario_terms(base: &Agreement, name: Option<&str>) -> Option<Agreement> {
    match name {
        None => Some(base.clone()),
        Some(name) => base
            .scenarios
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.apply(base).0),
    }
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
            follows: None,
        }
    }

    /// Brings a baseline that follows document `id`'s terms up to date with `base`,
    /// its base terms at `revision`. Terms that did not change are not projected
    /// again (and keep the baseline's id, so results for it stay valid). Returns
    /// whether the baseline changed.
    ///
    /// A baseline whose scenario is gone (deleted or renamed), or that follows
    /// another document, stops following and stays as it was.
    pub fn follow(&mut self, id: u64, base: &Agreement, revision: u64) -> bool {
        let Some(follows) = &mut self.follows else {
            return false;
        };
        if follows.revision == revision {
            return false;
        }
        let terms = (follows.document == id)
            .then(|| scenario_terms(base, follows.scenario.as_deref()))
            .flatten();
        let Some(terms) = terms else {
            self.follows = None;
            self.name = format!("{} as it was", self.name);
            return true;
        };
        follows.revision = revision;
        if terms == self.agreement {
            return false;
        }
        let follows = self.follows.take();
        *self = Self::new(std::mem::take(&mut self.name), terms);
        self.follows = follows;
        true
    }
}
