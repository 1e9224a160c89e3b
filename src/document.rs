//! The open agreement and its one edit path: undo, the unsaved mark and the recompute.
//!
//! No egui here: the UI reads [`Document::projection`] and sends [`Edit`]s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::engine::{Projection, project};
use crate::model::Agreement;
use crate::model::validate::{Problem, validate};

/// Revisions are unique across documents, so a cache keyed on one never mistakes
/// a newly opened document for the one before.
static NEXT_REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// How many steps undo remembers.
const UNDO_DEPTH: usize = 200;

/// A change to the agreement, applied by [`Document::apply`].
pub struct Edit {
    /// What the change does, for the Edit menu ("Change rate").
    pub label: String,
    /// Edits with the same key in one gesture (a drag, typing in one field) are one undo step.
    pub merge_key: Option<String>,
    pub apply: Box<dyn FnOnce(&mut Agreement)>,
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("label", &self.label)
            .field("merge_key", &self.merge_key)
            .finish_non_exhaustive()
    }
}

impl Edit {
    /// An edit that is its own undo step.
    pub fn new(label: impl Into<String>, apply: impl FnOnce(&mut Agreement) + 'static) -> Self {
        Self {
            label: label.into(),
            merge_key: None,
            apply: Box::new(apply),
        }
    }

    /// An edit that merges with the previous one of the same key in the same gesture.
    pub fn merging(
        label: impl Into<String>,
        key: impl Into<String>,
        apply: impl FnOnce(&mut Agreement) + 'static,
    ) -> Self {
        Self {
            label: label.into(),
            merge_key: Some(key.into()),
            apply: Box::new(apply),
        }
    }
}

/// One undo step: the agreement as it was, and what changed it.
#[derive(Clone, Debug)]
struct Step {
    before: Agreement,
    /// Which state `before` was, so that undoing back to the saved state clears the unsaved mark.
    before_state: u64,
    label: String,
}

/// The agreement being edited, where it lives, and what the engine made of it.
#[derive(Debug)]
pub struct Document {
    agreement: Agreement,
    /// None: not saved yet (the built-in example or a new agreement).
    pub path: Option<PathBuf>,
    projection: Projection,
    problems: Vec<Problem>,
    /// How long the last recompute took.
    pub recompute_time: Duration,
    /// Changes with every change, so that views can tell when to refresh caches;
    /// unique across documents.
    revision: u64,
    /// Names the agreement's current state; undo and redo bring back earlier names.
    state: u64,
    next_state: u64,
    saved_state: u64,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The merge key of the last edit while its gesture is still going on.
    open_gesture: Option<String>,
}

impl Document {
    pub fn new(agreement: Agreement, path: Option<PathBuf>) -> Self {
        let mut doc = Self {
            agreement,
            path,
            projection: Projection::default(),
            problems: Vec::new(),
            recompute_time: Duration::ZERO,
            revision: next_revision(),
            state: 0,
            next_state: 1,
            saved_state: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            open_gesture: None,
        };
        doc.recompute();
        doc
    }

    pub fn agreement(&self) -> &Agreement {
        &self.agreement
    }

    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes not yet saved.
    pub fn is_modified(&self) -> bool {
        self.state != self.saved_state
    }

    /// Applies an edit: one undo step (unless it merges), the unsaved mark, one recompute.
    pub fn apply(&mut self, edit: Edit) {
        let merges = edit.merge_key.is_some() && edit.merge_key == self.open_gesture;
        let before = (!merges).then(|| self.agreement.clone());
        (edit.apply)(&mut self.agreement);
        if let Some(before) = before {
            if before == self.agreement {
                return;
            }
            self.undo.push(Step {
                before,
                before_state: self.state,
                label: edit.label,
            });
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
        }
        self.open_gesture = edit.merge_key;
        self.redo.clear();
        self.state = self.next_state;
        self.next_state += 1;
        self.changed();
    }

    /// Ends the current gesture: the next edit starts a new undo step.
    pub fn end_gesture(&mut self) {
        self.open_gesture = None;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What redo would do again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let after = std::mem::replace(&mut self.agreement, step.before);
        self.redo.push(Step {
            before: after,
            before_state: std::mem::replace(&mut self.state, step.before_state),
            label: step.label,
        });
        self.open_gesture = None;
        self.changed();
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let before = std::mem::replace(&mut self.agreement, step.before);
        self.undo.push(Step {
            before,
            before_state: std::mem::replace(&mut self.state, step.before_state),
            label: step.label,
        });
        self.open_gesture = None;
        self.changed();
        true
    }

    /// Marks the document as not saved, whatever its history: for a document restored
    /// from a recovery copy, whose changes were never saved to its file.
    pub fn mark_unsaved(&mut self) {
        // No state ever takes this number: only a save makes the document clean again.
        self.saved_state = u64::MAX;
    }

    /// Records that the document was saved to `path` as it is now.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = self.state;
    }

    fn changed(&mut self) {
        self.revision = next_revision();
        self.recompute();
    }

    fn recompute(&mut self) {
        let start = Instant::now();
        self.projection = project(&self.agreement);
        self.problems = validate(&self.agreement);
        self.recompute_time = start.elapsed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let a = crate::io::from_ron_str(include_str!("../assets/default.ron")).expect("default");
        Document::new(a, None)
    }

    #[test]
    fn an_edit_marks_modified_and_undo_redo_restore_exactly() {
        let mut d = doc();
        let original = d.agreement().clone();
        d.apply(Edit::new("Rename", |a| a.title = "Renamed".into()));
        assert!(d.is_modified());
        assert_eq!(d.undo_label(), Some("Rename"));
        assert!(d.undo());
        assert_eq!(d.agreement(), &original);
        assert!(!d.is_modified());
        assert!(d.redo());
        assert_eq!(d.agreement().title, "Renamed");
    }

    #[test]
    fn edits_in_one_gesture_are_one_undo_step() {
        let mut d = doc();
        let original = d.agreement().clone();
        for i in 0..5 {
            d.apply(Edit::merging("Drag", "drag", move |a| {
                a.title = format!("t{i}");
            }));
        }
        d.end_gesture();
        d.apply(Edit::merging("Drag", "drag", |a| a.title = "second".into()));
        assert!(d.undo());
        assert_eq!(d.agreement().title, "t4");
        assert!(d.undo());
        assert_eq!(d.agreement(), &original);
        assert!(!d.can_undo());
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_an_undo_step() {
        let mut d = doc();
        let title = d.agreement().title.clone();
        d.apply(Edit::new("Same", move |a| a.title = title));
        assert!(!d.can_undo());
        assert!(!d.is_modified());
    }
}
