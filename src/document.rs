//! The open agreement and its one edit path: undo, the unsaved mark and the recompute.
//!
//! No egui here: the UI reads [`Document::projection`] and sends [`Edit`]s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::engine::{Projection, project};
use crate::model::Agreement;
use crate::model::scenario::fold_edit;
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

/// One undo step: the agreement as it was, the scenario shown, and what changed it.
#[derive(Clone, Debug)]
struct Step {
    before: Agreement,
    before_scenario: Option<usize>,
    /// Which state `before` was, so that undoing back to the saved state clears the unsaved mark.
    before_state: u64,
    label: String,
}

/// The agreement being edited, where it lives, and what the engine made of it.
///
/// With a scenario shown, the panels see and edit the agreement as the scenario has
/// it ([`Document::agreement`]); numbers they change become the scenario's overrides
/// and the rest of an edit goes to the base terms ([`Document::base`]), which is what
/// is saved.
#[derive(Debug)]
pub struct Document {
    /// The base terms with their scenarios: what is saved.
    base: Agreement,
    /// The scenario shown, by index in the agreement's list.
    scenario: Option<usize>,
    /// The agreement as the shown scenario has it (the base terms without one).
    shown: Agreement,
    /// None: not saved yet (the built-in example or a new agreement).
    pub path: Option<PathBuf>,
    projection: Projection,
    problems: Vec<Problem>,
    /// How long the last recompute took.
    pub recompute_time: Duration,
    /// Names this document among all the app opens (a reopened file is another).
    id: u64,
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
            shown: agreement.clone(),
            base: agreement,
            scenario: None,
            path,
            projection: Projection::default(),
            problems: Vec::new(),
            recompute_time: Duration::ZERO,
            id: next_revision(),
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

    /// The agreement as shown: the base terms, or the shown scenario's.
    pub fn agreement(&self) -> &Agreement {
        &self.shown
    }

    /// The base terms with their scenarios: what a save writes.
    pub fn base(&self) -> &Agreement {
        &self.base
    }

    /// The index of the scenario shown, if one is.
    pub fn scenario(&self) -> Option<usize> {
        self.scenario
    }

    /// The name of the scenario shown, if one is.
    pub fn scenario_name(&self) -> Option<&str> {
        self.scenario
            .and_then(|i| self.base.scenarios.get(i))
            .map(|s| s.name.as_str())
    }

    /// Shows scenario `index` (none: the base terms). Not an edit: nothing to undo or
    /// save, one recompute.
    pub fn show_scenario(&mut self, index: Option<usize>) {
        let index = index.filter(|&i| i < self.base.scenarios.len());
        if index == self.scenario {
            return;
        }
        self.scenario = index;
        self.open_gesture = None;
        self.changed();
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

    /// Names this document among all the app opens, whatever its edits.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Whether there are changes not yet saved.
    pub fn is_modified(&self) -> bool {
        self.state != self.saved_state
    }

    /// Applies an edit: one undo step (unless it merges), the unsaved mark, one recompute.
    pub fn apply(&mut self, edit: Edit) {
        let merges = edit.merge_key.is_some() && edit.merge_key == self.open_gesture;
        let before = (!merges).then(|| self.base.clone());
        let shown = self.scenario_name().map(ToOwned::to_owned);
        let scenario_before = self.scenario;
        let scenarios = self.base.scenarios.len();
        match self.scenario {
            None => (edit.apply)(&mut self.base),
            Some(index) => {
                let mut after = self.shown.clone();
                (edit.apply)(&mut after);
                self.base = fold_edit(&self.base, index, &self.shown, after);
            }
        }
        // A scenario added or removed before the one shown moves it in the list.
        if self.base.scenarios.len() != scenarios {
            self.scenario =
                shown.and_then(|name| self.base.scenarios.iter().position(|s| s.name == name));
        }
        if let Some(before) = before {
            if before == self.base {
                return;
            }
            self.undo.push(Step {
                before,
                before_scenario: scenario_before,
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
        let after = std::mem::replace(&mut self.base, step.before);
        self.redo.push(Step {
            before: after,
            before_scenario: std::mem::replace(&mut self.scenario, step.before_scenario),
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
        let before = std::mem::replace(&mut self.base, step.before);
        self.undo.push(Step {
            before,
            before_scenario: std::mem::replace(&mut self.scenario, step.before_scenario),
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
        // A scenario removed by an edit, or by undo, shows the base terms again.
        self.scenario = self.scenario.filter(|&i| i < self.base.scenarios.len());
        self.shown = match self.scenario {
            Some(i) => self.base.scenarios[i].apply(&self.base).0,
            None => self.base.clone(),
        };
        self.projection = project(&self.shown);
        // Problems of the base terms (scenarios included) and of the scenario shown.
        self.problems = validate(&self.base);
        if self.scenario.is_some() {
            for p in validate(&self.shown) {
                if !self.problems.contains(&p) {
                    self.problems.push(p);
                }
            }
        }
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

    /// The small agreement of the parameter tests (a 20 % share, cap $1B) with a
    /// scenario "Cap $2B".
    fn with_scenario() -> Document {
        use crate::model::{Scenario, param::ParamRef};
        let mut a = crate::io::from_ron_str(crate::model::param::tests::SMALL).expect("parses");
        let mut s = Scenario::new("Cap $2B");
        s.set(
            &ParamRef::Cap {
                clause: "share".into(),
            },
            2e9,
        );
        a.scenarios.push(s);
        Document::new(a, None)
    }

    fn cap(a: &Agreement) -> Option<f64> {
        crate::model::param::ParamRef::Cap {
            clause: "share".into(),
        }
        .get(a)
    }

    fn rate(a: &Agreement) -> Option<f64> {
        crate::model::param::ParamRef::Rate {
            clause: "share".into(),
            step: 0,
        }
        .get(a)
    }

    fn set_rate(value: f64) -> Edit {
        Edit::new("Change rate", move |a: &mut Agreement| {
            let input = crate::model::param::ParamRef::Rate {
                clause: "share".into(),
                step: 0,
            };
            input.set(a, value).expect("a rate");
        })
    }

    #[test]
    fn a_scenario_shows_its_overrides_and_saves_nothing_of_them_into_the_base() {
        let mut d = with_scenario();
        let revision = d.revision();
        d.show_scenario(Some(0));
        assert_eq!(d.scenario_name(), Some("Cap $2B"));
        assert!(d.revision() > revision, "switching recomputes");
        assert_eq!(cap(d.agreement()), Some(2e9));
        assert_eq!(cap(d.base()), Some(1e9));
        assert!(!d.is_modified(), "showing a scenario is not an edit");
        // $100M a month at 20 %: $240M in the year, under either cap.
        let paid: f64 = d.projection().shares[0].paid.iter().sum();
        assert!((paid - 240e6).abs() < 1.0, "{paid}");
    }

    #[test]
    fn a_number_edited_in_a_scenario_becomes_its_override_and_undo_restores_it() {
        use crate::model::param::ParamRef;
        let mut d = with_scenario();
        d.show_scenario(Some(0));
        let before = d.base().clone();
        d.apply(set_rate(0.15));
        assert_eq!(rate(d.agreement()), Some(0.15));
        assert_eq!(rate(d.base()), Some(0.2), "the base keeps its rate");
        let scenario = &d.base().scenarios[0];
        let input = ParamRef::Rate {
            clause: "share".into(),
            step: 0,
        };
        assert_eq!(scenario.value_of(&input), Some(0.15));
        // Editing the overridden cap changes the override, not the base.
        d.apply(Edit::new("Change cap", |a: &mut Agreement| {
            let cap = ParamRef::Cap {
                clause: "share".into(),
            };
            cap.set(a, 3e9).expect("a cap");
        }));
        assert_eq!(cap(d.agreement()), Some(3e9));
        assert_eq!(cap(d.base()), Some(1e9));
        // Undo twice: the base and the scenario exactly as they were, still shown.
        assert!(d.undo());
        assert!(d.undo());
        assert_eq!(d.base(), &before);
        assert_eq!(d.scenario(), Some(0));
        assert_eq!(cap(d.agreement()), Some(2e9));
        assert!(!d.is_modified());
        // Back in the base terms, the same edit changes the base.
        d.show_scenario(None);
        d.apply(set_rate(0.1));
        assert_eq!(rate(d.base()), Some(0.1));
        assert_eq!(d.base().scenarios[0].value_of(&input), None);
    }

    #[test]
    fn a_change_of_terms_in_a_scenario_goes_to_the_base() {
        let mut d = with_scenario();
        d.show_scenario(Some(0));
        d.apply(Edit::new("Remove clause", |a: &mut Agreement| {
            a.clauses.retain(|c| c.id != "note");
        }));
        assert!(d.base().clauses.iter().all(|c| c.id != "note"));
        assert_eq!(cap(d.base()), Some(1e9), "the cap stays the base's");
        assert_eq!(cap(d.agreement()), Some(2e9), "and the scenario's");
        // Removing the scenario shown shows the base terms.
        d.apply(Edit::new("Delete scenario", |a: &mut Agreement| {
            a.scenarios.clear();
        }));
        assert_eq!(d.scenario(), None);
        assert_eq!(cap(d.agreement()), Some(1e9));
        // Undo brings back the scenario and shows it again.
        assert!(d.undo());
        assert_eq!(d.scenario(), Some(0));
        assert_eq!(cap(d.agreement()), Some(2e9));
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
