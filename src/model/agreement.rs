//! The agreement and the items it lists.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Clause, Month, Rgb, Simulation, Uncertain};

/// A stable short identifier (slug) that other items refer to.
pub type Id = String;

/// The file-format version this build writes.
pub const CURRENT_VERSION: u32 = 2;

/// A partnership agreement: its parties, the assumptions around it and its clauses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// File-format version; always written first.
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Display only, e.g. "USD".
    pub currency: String,
    pub horizon: Horizon,
    /// Payments are discounted back (or compounded forward) to this date's month.
    pub valuation_date: NaiveDate,
    /// Annual discount rate for NPV, as a fraction (0.08 = 8 %).
    pub discount_rate: Uncertain,
    /// Migration time constant τ in months; 0 moves workloads at once.
    pub migration_months: Uncertain,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub providers: Vec<Provider>,
    #[serde(default)]
    pub streams: Vec<RevenueStream>,
    #[serde(default)]
    pub workloads: Vec<Workload>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub clauses: Vec<Clause>,
    /// Sources for the agreement as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Reported figures the agreement reproduces: how it was calibrated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibration: Vec<Target>,
    /// Named sets of overrides of the inputs above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<super::Scenario>,
    /// The steps a presenter walks through; none: the milestones in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub story: Vec<super::story::Step>,
    /// How a Monte Carlo run draws its samples; left out of the file when default.
    #[serde(default, skip_serializing_if = "Simulation::is_default")]
    pub simulation: Simulation,
}

/// A reported figure over a span of months that the projection should reproduce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub what: Measure,
    /// First month counted.
    pub from: Month,
    /// Last month counted (included).
    pub to: Month,
    /// The reported figure, in the agreement's currency.
    pub value: f64,
    /// Where the figure comes from.
    pub source: Source,
}

/// A projected quantity summed over months, for calibration targets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Measure {
    /// Payments from payer to payee minus payments back, under all revenue shares.
    NetPaid { payer: Id, payee: Id },
    /// Payments from payer to payee under all revenue shares.
    Paid { payer: Id, payee: Id },
    /// A revenue stream.
    Revenue { stream: Id },
    /// A workload's spend across all providers.
    Spend { workload: Id },
}

/// First and last month projected (both included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    pub first: Month,
    pub last: Month,
}

impl Horizon {
    /// Number of months projected; 0 if `last` is before `first`.
    pub fn len_months(self) -> usize {
        usize::try_from(self.last.months_since(self.first) + 1).unwrap_or(0)
    }
}

/// A company in the agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: Id,
    pub name: String,
    pub color: Rgb,
}

/// A cloud or distribution channel that can receive spend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: Id,
    pub name: String,
    pub color: Rgb,
    /// Relative attractiveness (capacity × price competitiveness).
    pub weight: Uncertain,
    /// First day the provider can receive spend; none means always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// One given point of a yearly path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearPoint {
    pub year: i32,
    /// Amount for the whole calendar year, in the agreement's currency.
    pub amount: f64,
    /// A reported figure rather than a forecast: a stream's scale leaves it, and
    /// every year up to it, as given.
    #[serde(default, skip_serializing_if = "is_false")]
    pub actual: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// An amount per calendar year, given as points and filled in between.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyPath {
    pub points: Vec<YearPoint>,
    /// Compound growth per year after the last point, as a fraction.
    #[serde(default)]
    pub terminal_growth: Uncertain,
    /// How a year's amount is shared among its months.
    #[serde(default, skip_serializing_if = "MonthShape::is_flat")]
    pub month_shape: MonthShape,
}

/// How a year's amount is shared among its twelve months (DESIGN §2.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MonthShape {
    /// Every month gets a twelfth.
    #[default]
    Flat,
    /// Months grow through the year at the pace from the year before to this one,
    /// so a fast-growing year is back-loaded; the year still sums to its amount.
    Growth,
}

impl MonthShape {
    pub fn is_flat(&self) -> bool {
        *self == Self::Flat
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// Revenue owned by a party, e.g. the model maker's revenue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevenueStream {
    pub id: Id,
    pub name: String,
    /// The party that earns it.
    pub owner: Id,
    pub path: YearlyPath,
    /// Multiplies the forecast years of the path (1 = as given): the years after
    /// the last point marked actual.
    #[serde(default = "one")]
    pub scale: Uncertain,
}

fn one() -> Uncertain {
    Uncertain::exact(1.0)
}

/// How big a workload is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum WorkloadSize {
    /// Its own yearly spend path.
    Path(YearlyPath),
    /// A fraction of a revenue stream, month by month.
    Ratio { stream: Id, ratio: Uncertain },
}

/// Spend that is distributed across providers, e.g. "training compute".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub id: Id,
    pub name: String,
    pub size: WorkloadSize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// Whether an event changes the contract or is a condition in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// A signed change of terms.
    Amendment,
    /// A condition such as "AGI verified"; its date is a scenario assumption.
    Trigger,
}

/// A range of dates a trigger may fall in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub low: NaiveDate,
    pub high: NaiveDate,
}

/// A named date that clauses can start or end on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: Id,
    pub name: String,
    pub kind: EventKind,
    /// None: the event does not happen within the horizon.
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_range: Option<DateRange>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// How far a source can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SourceStatus {
    /// Official text or filing.
    Verified,
    /// Reported by the press, or estimated.
    Reported,
    /// Our own assumption.
    Assumption,
}

impl SourceStatus {
    pub const ALL: [Self; 3] = [Self::Verified, Self::Reported, Self::Assumption];

    pub fn label(self) -> &'static str {
        match self {
            Self::Verified => "Verified",
            Self::Reported => "Reported",
            Self::Assumption => "Assumption",
        }
    }
}

/// Where a number or a term comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    pub status: SourceStatus,
    /// The number it backs, named as validation names fields ("cap",
    /// "schedule[1].rate"); empty when it backs the item as a whole.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Lookups by id. The first item with an id wins, as in the engine.
impl Agreement {
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    pub fn stream(&self, id: &str) -> Option<&RevenueStream> {
        self.streams.iter().find(|s| s.id == id)
    }

    pub fn workload(&self, id: &str) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.id == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Index of the first clause with this id.
    pub fn clause_index(&self, id: &str) -> Option<usize> {
        self.clauses.iter().position(|c| c.id == id)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    /// An event's date; none if there is no such event or it has no date.
    pub fn event_date(&self, id: &str) -> Option<NaiveDate> {
        self.event(id).and_then(|e| e.date)
    }

    /// A party's display name, or the id itself if there is no such party.
    pub fn party_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.party(id).map_or(id, |p| p.name.as_str())
    }

    /// A provider's display name, or the id itself.
    pub fn provider_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.provider(id).map_or(id, |p| p.name.as_str())
    }

    /// A stream's display name, or the id itself.
    pub fn stream_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.stream(id).map_or(id, |s| s.name.as_str())
    }

    /// A workload's display name, or the id itself.
    pub fn workload_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.workload(id).map_or(id, |w| w.name.as_str())
    }

    /// An event's display name, or the id itself.
    pub fn event_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.event(id).map_or(id, |e| e.name.as_str())
    }

    /// A clause's period with its events' dates; none if it never starts.
    pub fn resolve_period(&self, period: &super::Period) -> Option<super::ResolvedPeriod> {
        period.resolve(|id| self.event_date(id))
    }
}
