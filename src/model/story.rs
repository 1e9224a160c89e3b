//! The storyboard: the steps a presenter walks through, saved with the agreement
//! (DESIGN §3 "Present").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Agreement, EventKind, Id};

/// Which plots a step shows under the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plots {
    #[serde(default = "yes")]
    pub revenue: bool,
    #[serde(default = "yes")]
    pub cloud: bool,
}

impl Default for Plots {
    fn default() -> Self {
        Self {
            revenue: true,
            cloud: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// One step of the story: a date to stand on, what to say there and what to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The event the step stands on; its date wins over `date` while it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Id>,
    /// The date when there is no event (or it is undated).
    pub date: NaiveDate,
    /// The step's heading: "January 2025: a right of first refusal".
    pub title: String,
    /// What the presenter says, in a sentence or two.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// The scenario to show at this step (by name); none: the base terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    #[serde(default, skip_serializing_if = "is_both")]
    pub plots: Plots,
    /// Kept in the storyboard but skipped when presenting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_both(p: &Plots) -> bool {
    *p == Plots::default()
}

impl Step {
    /// The step's date: its event's, or its own.
    pub fn when(&self, a: &Agreement) -> NaiveDate {
        self.event
            .as_deref()
            .and_then(|e| a.event_date(e))
            .unwrap_or(self.date)
    }
}

/// The steps to present: the agreement's storyboard without hidden steps, or, when it
/// has none, one step per dated amendment and trigger in date order.
pub fn steps(a: &Agreement) -> Vec<Step> {
    if a.story.is_empty() {
        return milestones(a);
    }
    a.story.iter().filter(|s| !s.hidden).cloned().collect()
}

/// One step per dated event (amendments and triggers) inside the horizon, in date order.
pub fn milestones(a: &Agreement) -> Vec<Step> {
    let (first, last) = (a.horizon.first.first_day(), a.horizon.last.end_day());
    let mut events: Vec<_> = a
        .events
        .iter()
        .filter_map(|e| Some((e.date?, e)))
        .filter(|(d, _)| first <= *d && *d < last)
        .collect();
    events.sort_by_key(|(d, e)| (*d, e.kind == EventKind::Trigger));
    events
        .into_iter()
        .map(|(date, e)| Step {
            event: Some(e.id.clone()),
            date,
            title: e.name.clone(),
            caption: e.description.clone(),
            scenario: None,
            plots: Plots::default(),
            hidden: false,
        })
        .collect()
}
