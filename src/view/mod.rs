//! View models: what the panels draw, computed from the agreement and its projection
//! once per document revision, without egui. Colours are the model's colours. A
//! baseline document or an export asks for the same models.

pub mod baseline;
pub mod cards;
pub mod cloud;
pub mod palette;
pub mod revenue;
pub mod story;
pub mod summary;
pub mod time_axis;
pub mod timeline;

use crate::document::Document;
use crate::engine::Projection;
use crate::model::Agreement;

/// Everything the panels draw for one state of one document.
#[derive(Debug)]
pub struct ViewModels {
    /// The document revision these models were built from.
    pub revision: u64,
    /// What the timeline draws.
    pub timeline: timeline::TimelineModel,
    /// The revenue-share plot.
    pub revenue: revenue::RevenueChart,
    /// The cloud-distribution plot, for all workloads and for each one.
    pub cloud: cloud::CloudCharts,
    /// The metric cards, in display order.
    pub cards: Vec<cards::Card>,
}

impl ViewModels {
    /// Builds every view model of `a` and its projection `p`.
    pub fn new(a: &Agreement, p: &Projection, revision: u64) -> Self {
        Self {
            revision,
            timeline: timeline::TimelineModel::new(a, p),
            revenue: revenue::RevenueChart::new(a, p),
            cloud: cloud::CloudCharts::new(a, p),
            cards: cards::cards(a, p),
        }
    }

    /// The models of `doc` as it is now.
    pub fn of(doc: &Document) -> Self {
        Self::new(doc.agreement(), doc.projection(), doc.revision())
    }
}

/// The view models of the document shown, rebuilt only when its revision changes.
/// Revisions are unique across documents, so a newly opened document never reuses
/// the models of the one before.
#[derive(Debug, Default)]
pub struct ViewCache {
    models: Option<ViewModels>,
}

impl ViewCache {
    /// The models of `doc`, rebuilding them if `doc` changed since the last call.
    pub fn get(&mut self, doc: &Document) -> &ViewModels {
        match &mut self.models {
            Some(m) if m.revision == doc.revision() => {}
            slot => *slot = Some(ViewModels::of(doc)),
        }
        self.models.get_or_insert_with(|| ViewModels::of(doc))
    }
}
