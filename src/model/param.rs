//! Addressable inputs: any numeric input of an agreement, named by item id and field.
//!
//! Scenarios, sensitivity, Monte Carlo and goal seek store a [`ParamRef`] in the
//! agreement file and read or write the number it names through it. Items are
//! named by id, never by list position, so a reference survives reordering.

use std::collections::HashSet;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

use super::validate::{FIRST_YEAR, ItemRef, LAST_YEAR, MAX_MIGRATION_MONTHS};
use super::{
    Agreement, ClauseKind, DateRange, Distribution, ExclusivityLevel, Id, Range, Uncertain,
    WorkloadSize, YearlyPath,
};

/// One numeric input of an agreement, by item id and field.
///
/// In a file: `DiscountRate`, `Rate(clause: "share", step: 1)`,
/// `StreamPoint(stream: "revenue", year: 2027)`. The variants are ordered as
/// [`ParamRef::inputs`] lists them, so sorting groups them the same way.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ParamRef {
    /// The agreement's annual discount rate for NPV.
    DiscountRate,
    /// The agreement's migration time constant, in months.
    MigrationMonths,
    /// The rate of a revenue share's schedule step (`step` counts from 0).
    Rate { clause: Id, step: usize },
    /// A revenue share's cap.
    Cap { clause: Id },
    /// The day from which a revenue share's cap counts accruals, as
    /// [`value_from_date`] gives it; listed only where a cap counts from a date.
    CapFrom { clause: Id },
    /// A right of first refusal's match probability.
    MatchProbability { clause: Id },
    /// A preferred provider's minimum share.
    MinShare { clause: Id },
    /// A compute commitment's amount.
    CommitmentAmount { clause: Id },
    /// An equity stake.
    Stake { clause: Id },
    /// A provider's weight.
    Weight { provider: Id },
    /// A revenue stream's scale.
    Scale { stream: Id },
    /// A revenue stream's given amount for `year`.
    StreamPoint { stream: Id, year: i32 },
    /// A revenue stream's growth after its last point.
    StreamGrowth { stream: Id },
    /// A workload's size as a ratio of its revenue stream.
    WorkloadRatio { workload: Id },
    /// A workload's given amount for `year`.
    WorkloadPoint { workload: Id, year: i32 },
    /// A workload's growth after its last point.
    WorkloadGrowth { workload: Id },
    /// An event's date, as [`value_from_date`] gives it.
    EventDate { event: Id },
}

/// What a number measures, for showing and editing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// An amount in the agreement's currency.
    Money,
    /// A fraction, shown as a percentage: 0.2 is 20 %.
    Fraction,
    /// A number of months.
    Months,
    /// A provider's relative weight.
    Weight,
    /// A plain multiplier or index, e.g. a scale or a concentration.
    Ratio,
    /// A date as days since the common era (see [`value_from_date`]).
    Date,
}

/// Why a parameter could not be set.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// No item has the id.
    #[error("there is no {0}")]
    UnknownItem(ItemRef),
    /// The item exists but has no such number (another clause kind, no cap, no point that year…).
    #[error("{item} has no {field}")]
    MissingField { item: ItemRef, field: String },
    /// The value is outside what the model accepts for the field.
    #[error("{item}, {field}: must be {}, not {value}", bounds(*low, *high))]
    OutOfRange {
        item: ItemRef,
        field: String,
        value: f64,
        low: f64,
        high: f64,
    },
}

/// `low`–`high` in words; an unbounded top (`f64::MAX`) is left out.
fn bounds(low: f64, high: f64) -> String {
    if high >= f64::MAX {
        format!("{low} or more")
    } else {
        format!("between {low} and {high}")
    }
}

/// A date as a number: days since the common era (0001-01-01 is day 1).
pub fn value_from_date(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// The date a number of days since the common era stands for, rounded to the
/// nearest day; none if it is not a number or beyond the calendar.
pub fn date_from_value(value: f64) -> Option<NaiveDate> {
    let days = value.round();
    if !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&days) {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(days as i32)
}

/// Where a parameter's number lives, as shared or as mutable references.
enum Slot<U, F, D> {
    /// A number that may carry a range.
    Number(U),
    /// A yearly point's amount: a plain number.
    Amount(F),
    /// An event's date, with its range.
    Date(D, Option<DateRange>),
}

type SlotRef<'a> = Slot<&'a Uncertain, &'a f64, &'a Option<NaiveDate>>;
type SlotMut<'a> = Slot<&'a mut Uncertain, &'a mut f64, &'a mut Option<NaiveDate>>;

/// The lookup of a parameter's number, written once for shared and for mutable
/// access (as the standard library writes `iter` and `iter_mut`): `$iter`,
/// `$get` and `$as_ref` are the shared or mutable accessors, `$mut` is `mut` or nothing.
macro_rules! lookup {
    ($name:ident, $slot:ident, $iter:ident, $get:ident, $as_ref:ident $(, $mut:tt)?) => {
        /// The slot this parameter names, or why there is none.
        fn $name<'a>(&self, a: &'a $($mut)? Agreement) -> Result<$slot<'a>, ParamError> {
            let unknown = || ParamError::UnknownItem(self.item());
            let missing = || ParamError::MissingField {
                item: self.item(),
                field: self.field(),
            };
            let point = |path: &'a $($mut)? YearlyPath, year: i32| {
                path.points
                    .$iter()
                    .find(|p| p.year == year)
                    .map(|p| Slot::Amount(& $($mut)? p.amount))
            };
            let slot = match self {
                Self::DiscountRate => Some(Slot::Number(& $($mut)? a.discount_rate)),
                Self::MigrationMonths => Some(Slot::Number(& $($mut)? a.migration_months)),
                Self::Rate { clause: id, .. }
                | Self::Cap { clause: id }
                | Self::MatchProbability { clause: id }
                | Self::MinShare { clause: id }
                | Self::CommitmentAmount { clause: id }
                | Self::Stake { clause: id } => {
                    let clause = a.clauses.$iter().find(|c| c.id == *id).ok_or_else(unknown)?;
                    let number = match (self, & $($mut)? clause.kind) {
                        (Self::Rate { step, .. }, ClauseKind::RevenueShare { schedule, .. }) => {
                            schedule.$get(*step).map(|s| & $($mut)? s.rate)
                        }
                        (Self::Cap { .. }, ClauseKind::RevenueShare { cap, .. }) => cap.$as_ref(),
                        (
                            Self::MatchProbability { .. },
                            ClauseKind::Exclusivity {
                                level: ExclusivityLevel::RightOfFirstRefusal { match_probability },
                                ..
                            },
                        ) => Some(match_probability),
                        (
                            Self::MinShare { .. },
                            ClauseKind::Exclusivity {
                                level: ExclusivityLevel::Preferred { min_share },
                                ..
                            },
                        ) => Some(min_share),
                        (
                            Self::CommitmentAmount { .. },
                            ClauseKind::ComputeCommitment { amount, .. },
                        ) => Some(amount),
                        (Self::Stake { .. }, ClauseKind::EquityStake { stake, .. }) => Some(stake),
                        _ => None,
                    };
                    number.map(Slot::Number)
                }
                Self::Weight { provider: id } => {
                    let provider = a.providers.$iter().find(|p| p.id == *id).ok_or_else(unknown)?;
                    Some(Slot::Number(& $($mut)? provider.weight))
                }
                Self::Scale { stream: id }
                | Self::StreamPoint { stream: id, .. }
                | Self::StreamGrowth { stream: id } => {
                    let stream = a.streams.$iter().find(|s| s.id == *id).ok_or_else(unknown)?;
                    match self {
                        Self::Scale { .. } => Some(Slot::Number(& $($mut)? stream.scale)),
                        Self::StreamPoint { year, .. } => point(& $($mut)? stream.path, *year),
                        _ => Some(Slot::Number(& $($mut)? stream.path.terminal_growth)),
                    }
                }
                Self::WorkloadRatio { workload: id }
                | Self::WorkloadPoint { workload: id, .. }
                | Self::WorkloadGrowth { workload: id } => {
                    let workload = a.workloads.$iter().find(|w| w.id == *id).ok_or_else(unknown)?;
                    match (self, & $($mut)? workload.size) {
                        (Self::WorkloadRatio { .. }, WorkloadSize::Ratio { ratio, .. }) => {
                            Some(Slot::Number(ratio))
                        }
                        (Self::WorkloadPoint { year, .. }, WorkloadSize::Path(path)) => {
                            point(path, *year)
                        }
                        (Self::WorkloadGrowth { .. }, WorkloadSize::Path(path)) => {
                            Some(Slot::Number(& $($mut)? path.terminal_growth))
                        }
                        _ => None,
                    }
                }
                Self::CapFrom { clause: id } => {
                    let clause = a.clauses.$iter().find(|c| c.id == *id).ok_or_else(unknown)?;
                    match & $($mut)? clause.kind {
                        ClauseKind::RevenueShare { cap: Some(_), cap_from, .. } => {
                            Some(Slot::Date(cap_from, None))
                        }
                        _ => None,
                    }
                }
                Self::EventDate { event: id } => {
                    let event = a.events.$iter().find(|e| e.id == *id).ok_or_else(unknown)?;
                    let range = event.date_range;
                    Some(Slot::Date(& $($mut)? event.date, range))
                }
            };
            slot.ok_or_else(missing)
        }
    };
}

impl ParamRef {
    lookup!(slot, SlotRef, iter, get, as_ref);
    lookup!(slot_mut, SlotMut, iter_mut, get_mut, as_mut, mut);

    /// The number's current value; none if the item or field is missing, or the event is undated.
    pub fn get(&self, a: &Agreement) -> Option<f64> {
        match self.slot(a).ok()? {
            Slot::Number(x) => Some(x.value),
            Slot::Amount(x) => Some(*x),
            Slot::Date(date, _) => date.map(value_from_date),
        }
    }

    /// Sets the number's value, keeping its uncertainty range and distribution.
    ///
    /// An undated event gets the date: its date is a value like any other, only
    /// absent. A missing cap or yearly point is not created, since that would
    /// change what the clause or path says rather than a number in it. On error
    /// the agreement is left unchanged.
    pub fn set(&self, a: &mut Agreement, value: f64) -> Result<(), ParamError> {
        let (low, high) = self.valid_range();
        let out_of_range = || ParamError::OutOfRange {
            item: self.item(),
            field: self.field(),
            value,
            low,
            high,
        };
        let slot = self.slot_mut(a)?;
        if !(low..=high).contains(&value) {
            return Err(out_of_range());
        }
        match slot {
            Slot::Number(x) => x.value = value,
            Slot::Amount(x) => *x = value,
            Slot::Date(date, _) => *date = Some(date_from_value(value).ok_or_else(out_of_range)?),
        }
        Ok(())
    }

    /// The range the value may take, from the input's `low`/`high` (or the
    /// event's date range, uniform); none if the input carries no range.
    pub fn uncertainty(&self, a: &Agreement) -> Option<Range> {
        match self.slot(a).ok()? {
            Slot::Number(x) => x.range,
            Slot::Amount(_) => None,
            Slot::Date(_, range) => range.map(|r| Range {
                low: value_from_date(r.low),
                high: value_from_date(r.high),
                distribution: Distribution::Uniform,
            }),
        }
    }

    /// What the number measures.
    pub fn unit(&self) -> Unit {
        match self {
            Self::DiscountRate
            | Self::Rate { .. }
            | Self::MatchProbability { .. }
            | Self::MinShare { .. }
            | Self::Stake { .. }
            | Self::StreamGrowth { .. }
            | Self::WorkloadRatio { .. }
            | Self::WorkloadGrowth { .. } => Unit::Fraction,
            Self::MigrationMonths => Unit::Months,
            Self::Cap { .. }
            | Self::CommitmentAmount { .. }
            | Self::StreamPoint { .. }
            | Self::WorkloadPoint { .. } => Unit::Money,
            Self::Weight { .. } => Unit::Weight,
            Self::Scale { .. } => Unit::Ratio,
            Self::EventDate { .. } | Self::CapFrom { .. } => Unit::Date,
        }
    }

    /// The values [`ParamRef::set`] accepts, `(low, high)` inclusive: the
    /// bounds validation checks the field against.
    pub fn valid_range(&self) -> (f64, f64) {
        match self {
            Self::DiscountRate => (-0.5, 1.0),
            Self::MigrationMonths => (0.0, MAX_MIGRATION_MONTHS),
            Self::Rate { .. }
            | Self::MatchProbability { .. }
            | Self::MinShare { .. }
            | Self::Stake { .. } => (0.0, 1.0),
            Self::Cap { .. }
            | Self::CommitmentAmount { .. }
            | Self::Weight { .. }
            | Self::StreamPoint { .. }
            | Self::WorkloadPoint { .. } => (0.0, f64::MAX),
            Self::Scale { .. } | Self::WorkloadRatio { .. } => (0.0, 1000.0),
            Self::StreamGrowth { .. } | Self::WorkloadGrowth { .. } => (-0.99, 10.0),
            Self::EventDate { .. } | Self::CapFrom { .. } => {
                let first = NaiveDate::from_yo_opt(FIRST_YEAR, 1);
                let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31);
                (
                    first.map_or(0.0, value_from_date),
                    last.map_or(0.0, value_from_date),
                )
            }
        }
    }

    /// The item the number belongs to.
    pub fn item(&self) -> ItemRef {
        match self {
            Self::DiscountRate | Self::MigrationMonths => ItemRef::Agreement,
            Self::Rate { clause, .. }
            | Self::Cap { clause }
            | Self::CapFrom { clause }
            | Self::MatchProbability { clause }
            | Self::MinShare { clause }
            | Self::CommitmentAmount { clause }
            | Self::Stake { clause } => ItemRef::Clause(clause.clone()),
            Self::Weight { provider } => ItemRef::Provider(provider.clone()),
            Self::Scale { stream }
            | Self::StreamPoint { stream, .. }
            | Self::StreamGrowth { stream } => ItemRef::Stream(stream.clone()),
            Self::WorkloadRatio { workload }
            | Self::WorkloadPoint { workload, .. }
            | Self::WorkloadGrowth { workload } => ItemRef::Workload(workload.clone()),
            Self::EventDate { event } => ItemRef::Event(event.clone()),
        }
    }

    /// The id of the item the number belongs to, to rename it; none for the agreement's own.
    pub fn item_id_mut(&mut self) -> Option<&mut Id> {
        match self {
            Self::DiscountRate | Self::MigrationMonths => None,
            Self::Rate { clause, .. }
            | Self::Cap { clause }
            | Self::CapFrom { clause }
            | Self::MatchProbability { clause }
            | Self::MinShare { clause }
            | Self::CommitmentAmount { clause }
            | Self::Stake { clause } => Some(clause),
            Self::Weight { provider } => Some(provider),
            Self::Scale { stream }
            | Self::StreamPoint { stream, .. }
            | Self::StreamGrowth { stream } => Some(stream),
            Self::WorkloadRatio { workload }
            | Self::WorkloadPoint { workload, .. }
            | Self::WorkloadGrowth { workload } => Some(workload),
            Self::EventDate { event } => Some(event),
        }
    }

    /// The field within the item, in words: "cap", "rate step 2", "point for 2027".
    fn field(&self) -> String {
        match self {
            Self::DiscountRate => "discount rate".to_owned(),
            Self::MigrationMonths => "migration time".to_owned(),
            Self::Rate { step, .. } => format!("rate step {}", step + 1),
            Self::Cap { .. } => "cap".to_owned(),
            Self::CapFrom { .. } => "cap counts from".to_owned(),
            Self::MatchProbability { .. } => "match probability".to_owned(),
            Self::MinShare { .. } => "minimum share".to_owned(),
            Self::CommitmentAmount { .. } => "amount".to_owned(),
            Self::Stake { .. } => "stake".to_owned(),
            Self::Weight { .. } => "weight".to_owned(),
            Self::Scale { .. } => "scale".to_owned(),
            Self::StreamPoint { year, .. } | Self::WorkloadPoint { year, .. } => {
                format!("point for {year}")
            }
            Self::StreamGrowth { .. } | Self::WorkloadGrowth { .. } => "terminal growth".to_owned(),
            Self::WorkloadRatio { .. } => "share of revenue".to_owned(),
            Self::EventDate { .. } => "date".to_owned(),
        }
    }

    /// A label for people: "Revenue share through 2030 · cap", "Azure · weight",
    /// "Maker revenue · 2027", "Discount rate". Names fall back to ids.
    pub fn label(&self, a: &Agreement) -> String {
        let field = match self {
            Self::DiscountRate => return "Discount rate".to_owned(),
            Self::MigrationMonths => return "Migration time".to_owned(),
            Self::Rate { clause, step } => {
                let from = a.clause(clause).and_then(|c| match &c.kind {
                    ClauseKind::RevenueShare { schedule, .. } => schedule.get(*step),
                    _ => None,
                });
                from.map_or_else(|| self.field(), |s| format!("rate from {}", s.from))
            }
            Self::StreamPoint { year, .. } | Self::WorkloadPoint { year, .. } => year.to_string(),
            _ => self.field(),
        };
        let name = match &self.item() {
            ItemRef::Clause(id) => a
                .clause(id)
                .map(|c| c.title.as_str())
                .filter(|t| !t.is_empty())
                .unwrap_or(id),
            ItemRef::Provider(id) => a.provider_name(id),
            ItemRef::Stream(id) => a.stream_name(id),
            ItemRef::Workload(id) => a.workload_name(id),
            ItemRef::Event(id) => a.event_name(id),
            ItemRef::Party(id) => a.party_name(id),
            ItemRef::Agreement => "Agreement",
        }
        .to_owned();
        format!("{name} · {field}")
    }

    /// Every numeric input of the agreement, in a stable order: the agreement's
    /// settings, then clauses, providers, streams, workloads and events, each in
    /// list order. Events are listed if they have a date or a date range.
    pub fn inputs(a: &Agreement) -> Vec<Self> {
        let mut out = vec![Self::DiscountRate, Self::MigrationMonths];
        for c in &a.clauses {
            let clause = c.id.clone();
            match &c.kind {
                ClauseKind::RevenueShare {
                    schedule,
                    cap,
                    cap_from,
                    ..
                } => {
                    out.extend((0..schedule.len()).map(|step| Self::Rate {
                        clause: clause.clone(),
                        step,
                    }));
                    if cap.is_some() {
                        out.push(Self::Cap {
                            clause: clause.clone(),
                        });
                        if cap_from.is_some() {
                            out.push(Self::CapFrom { clause });
                        }
                    }
                }
                ClauseKind::Exclusivity { level, .. } => match level {
                    ExclusivityLevel::RightOfFirstRefusal { .. } => {
                        out.push(Self::MatchProbability { clause });
                    }
                    ExclusivityLevel::Preferred { .. } => out.push(Self::MinShare { clause }),
                    ExclusivityLevel::Exclusive | ExclusivityLevel::NonExclusive => {}
                },
                ClauseKind::ComputeCommitment { .. } => out.push(Self::CommitmentAmount { clause }),
                ClauseKind::EquityStake { .. } => out.push(Self::Stake { clause }),
                ClauseKind::Licence { .. } | ClauseKind::Note => {}
            }
        }
        out.extend(a.providers.iter().map(|p| Self::Weight {
            provider: p.id.clone(),
        }));
        for s in &a.streams {
            let stream = || s.id.clone();
            out.push(Self::Scale { stream: stream() });
            out.extend(s.path.points.iter().map(|p| Self::StreamPoint {
                stream: stream(),
                year: p.year,
            }));
            out.push(Self::StreamGrowth { stream: stream() });
        }
        for w in &a.workloads {
            let workload = || w.id.clone();
            match &w.size {
                WorkloadSize::Ratio { .. } => out.push(Self::WorkloadRatio {
                    workload: workload(),
                }),
                WorkloadSize::Path(path) => {
                    out.extend(path.points.iter().map(|p| Self::WorkloadPoint {
                        workload: workload(),
                        year: p.year,
                    }));
                    out.push(Self::WorkloadGrowth {
                        workload: workload(),
                    });
                }
            }
        }
        out.extend(
            a.events
                .iter()
                .filter(|e| e.date.is_some() || e.date_range.is_some())
                .map(|e| Self::EventDate {
                    event: e.id.clone(),
                }),
        );
        // The first item with an id wins: a later item with the same id (a
        // validation error) would name the first one's numbers again, or none.
        let mut seen = HashSet::new();
        out.retain(|p| p.slot(a).is_ok() && seen.insert(p.clone()));
        out
    }

    /// The inputs that carry an uncertainty range, in the order of [`ParamRef::inputs`].
    pub fn uncertain_inputs(a: &Agreement) -> Vec<Self> {
        let mut inputs = Self::inputs(a);
        inputs.retain(|p| p.uncertainty(a).is_some());
        inputs
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fixtures::date;

    /// A small agreement with every kind of input: $100M of revenue a month in
    /// 2026 (the whole horizon), a 20 % revenue share of it (so $240M paid),
    /// a ROFR, a preferred provider, a commitment, a stake, two providers, a
    /// ratio workload and a path workload, and a trigger with a date range.
    pub(crate) const SMALL: &str = r##"(
        version: 2,
        title: "Small",
        currency: "USD",
        horizon: (first: "2026-01", last: "2026-12"),
        valuation_date: "2026-01-01",
        discount_rate: 0.0,
        migration_months: (value: 6.0, low: 3.0, high: 12.0, distribution: Uniform),
        parties: [
            (id: "maker", name: "Maker", color: "#112233"),
            (id: "cloud", name: "Cloud Co", color: "#445566"),
        ],
        providers: [
            (id: "azure", name: "Azure", color: "#0078d4",
                weight: (value: 1.0, low: 0.5, high: 1.5, distribution: Triangular)),
            (id: "other", name: "Other", color: "#ff9900", weight: 0.5),
        ],
        streams: [
            (id: "revenue", name: "Maker revenue", owner: "maker", scale: 1.0, path: (
                points: [(year: 2026, amount: 1200000000.0), (year: 2027, amount: 2400000000.0)],
                terminal_growth: (value: 0.1, low: 0.0, high: 0.3, distribution: Uniform),
            )),
        ],
        workloads: [
            (id: "inference", name: "Inference", size: Ratio(stream: "revenue",
                ratio: (value: 0.5, low: 0.25, high: 0.75, distribution: Uniform))),
            (id: "training", name: "Training", size: Path((
                points: [(year: 2026, amount: 600000000.0)], terminal_growth: 0.2))),
        ],
        events: [
            (id: "agi", name: "AGI verified", kind: Trigger, date: "2030-06-01",
                date_range: (low: "2028-01-01", high: "2035-12-31")),
            (id: "never", name: "Never", kind: Trigger, date: None),
        ],
        clauses: [
            (id: "share", title: "Revenue share through 2030",
                period: (start: Date("2026-01-01"), end: [Event("agi"), Date("2031-01-01")]),
                kind: RevenueShare(payer: "maker", payee: "cloud", base: "revenue",
                    schedule: [
                        (from: "2026-01-01", rate: 0.2),
                        (from: "2027-01-01",
                            rate: (value: 0.15, low: 0.1, high: 0.2, distribution: Triangular)),
                    ],
                    cap: 1000000000.0, spread_months: 1)),
            (id: "rofr", title: "Right of first refusal", period: (start: Date("2026-01-01")),
                kind: Exclusivity(provider: "azure", workloads: ["inference"],
                    level: RightOfFirstRefusal(match_probability: 0.6))),
            (id: "first", title: "Azure first", period: (start: Date("2026-01-01")),
                kind: Exclusivity(provider: "azure", workloads: ["training"],
                    level: Preferred(min_share:
                        (value: 0.5, low: 0.3, high: 0.7, distribution: Uniform)))),
            (id: "commit", title: "Azure commitment",
                period: (start: Date("2026-01-01"), end: [Date("2026-07-01")]),
                kind: ComputeCommitment(party: "maker", provider: "azure",
                    workloads: ["training"], amount: 500000000.0)),
            (id: "stake", title: "Stake", period: (start: Date("2026-01-01")),
                kind: EquityStake(holder: "cloud", company: "maker", stake: 0.27)),
            (id: "note", title: "Note", period: (start: Date("2026-01-01")), kind: Note),
        ],
    )"##;

    pub(crate) fn small() -> Agreement {
        crate::io::from_ron_str(SMALL).expect("small agreement parses")
    }

    fn clause(id: &str) -> Id {
        id.to_owned()
    }

    #[test]
    fn the_small_agreement_is_valid() {
        assert_eq!(super::super::validate::validate(&small()), vec![]);
    }

    /// Each kind of input: its value in [`SMALL`] and a new valid value.
    fn every_kind() -> Vec<(ParamRef, f64, f64)> {
        let agi = value_from_date(date("2030-06-01"));
        vec![
            (ParamRef::DiscountRate, 0.0, 0.08),
            (ParamRef::MigrationMonths, 6.0, 9.0),
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 0,
                },
                0.2,
                0.25,
            ),
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 1,
                },
                0.15,
                0.12,
            ),
            (
                ParamRef::Cap {
                    clause: clause("share"),
                },
                1e9,
                2e9,
            ),
            (
                ParamRef::MatchProbability {
                    clause: clause("rofr"),
                },
                0.6,
                0.9,
            ),
            (
                ParamRef::MinShare {
                    clause: clause("first"),
                },
                0.5,
                0.4,
            ),
            (
                ParamRef::CommitmentAmount {
                    clause: clause("commit"),
                },
                5e8,
                7e8,
            ),
            (
                ParamRef::Stake {
                    clause: clause("stake"),
                },
                0.27,
                0.3,
            ),
            (
                ParamRef::Weight {
                    provider: "azure".into(),
                },
                1.0,
                1.2,
            ),
            (
                ParamRef::Weight {
                    provider: "other".into(),
                },
                0.5,
                0.7,
            ),
            (
                ParamRef::Scale {
                    stream: "revenue".into(),
                },
                1.0,
                1.5,
            ),
            (
                ParamRef::StreamPoint {
                    stream: "revenue".into(),
                    year: 2026,
                },
                1.2e9,
                1.5e9,
            ),
            (
                ParamRef::StreamPoint {
                    stream: "revenue".into(),
                    year: 2027,
                },
                2.4e9,
                3e9,
            ),
            (
                ParamRef::StreamGrowth {
                    stream: "revenue".into(),
                },
                0.1,
                0.2,
            ),
            (
                ParamRef::WorkloadRatio {
                    workload: "inference".into(),
                },
                0.5,
                0.3,
            ),
            (
                ParamRef::WorkloadPoint {
                    workload: "training".into(),
                    year: 2026,
                },
                6e8,
                8e8,
            ),
            (
                ParamRef::WorkloadGrowth {
                    workload: "training".into(),
                },
                0.2,
                -0.1,
            ),
            (
                ParamRef::EventDate {
                    event: "agi".into(),
                },
                agi,
                agi + 100.0,
            ),
        ]
    }

    #[test]
    fn inputs_lists_every_number_in_order() {
        let want: Vec<ParamRef> = every_kind().into_iter().map(|(p, ..)| p).collect();
        assert_eq!(ParamRef::inputs(&small()), want);
    }

    #[test]
    fn get_then_set_round_trips_every_kind_and_keeps_the_range() {
        for (p, base, new) in every_kind() {
            let mut a = small();
            assert_eq!(p.get(&a), Some(base), "{p:?}");
            let range = p.uncertainty(&a);
            p.set(&mut a, new).expect("a valid value sets");
            assert_eq!(p.get(&a), Some(new), "{p:?}");
            assert_eq!(p.uncertainty(&a), range, "{p:?}");
            // Only that number changed: setting it back restores the agreement.
            p.set(&mut a, base).expect("the old value sets");
            assert_eq!(a, small(), "{p:?}");
        }
    }

    #[test]
    fn a_value_outside_the_valid_range_is_refused_and_changes_nothing() {
        let cases = [
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 0,
                },
                1.5,
            ),
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 0,
                },
                -0.1,
            ),
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 0,
                },
                f64::NAN,
            ),
            (
                ParamRef::Cap {
                    clause: clause("share"),
                },
                -1.0,
            ),
            (
                ParamRef::Cap {
                    clause: clause("share"),
                },
                f64::INFINITY,
            ),
            (ParamRef::DiscountRate, 1.5),
            (ParamRef::MigrationMonths, 601.0),
            (
                ParamRef::Scale {
                    stream: "revenue".into(),
                },
                1001.0,
            ),
            (
                ParamRef::StreamGrowth {
                    stream: "revenue".into(),
                },
                -1.0,
            ),
            (
                ParamRef::EventDate {
                    event: "agi".into(),
                },
                value_from_date(date("1899-12-31")),
            ),
            (
                ParamRef::EventDate {
                    event: "agi".into(),
                },
                value_from_date(date("2201-01-01")),
            ),
        ];
        for (p, value) in cases {
            let mut a = small();
            let err = p.set(&mut a, value).expect_err("out of range");
            assert!(matches!(err, ParamError::OutOfRange { .. }), "{p:?}: {err}");
            assert_eq!(a, small(), "{p:?}");
        }
        let err = ParamRef::Cap {
            clause: clause("share"),
        }
        .set(&mut small(), -1.0)
        .expect_err("negative cap");
        assert_eq!(
            err.to_string(),
            "clause \"share\", cap: must be 0 or more, not -1"
        );
        assert_eq!(
            ParamRef::DiscountRate
                .set(&mut small(), 2.0)
                .expect_err("too high")
                .to_string(),
            "agreement, discount rate: must be between -0.5 and 1, not 2"
        );
    }

    #[test]
    fn an_unknown_id_or_a_missing_field_is_an_error() {
        let mut a = small();
        let unknown = ParamRef::Cap {
            clause: clause("nope"),
        };
        assert_eq!(unknown.get(&a), None);
        assert_eq!(
            unknown.set(&mut a, 1.0),
            Err(ParamError::UnknownItem(ItemRef::Clause("nope".into())))
        );
        assert_eq!(
            ParamRef::Weight {
                provider: "nope".into()
            }
            .set(&mut a, 1.0)
            .expect_err("unknown")
            .to_string(),
            "there is no provider \"nope\""
        );
        let missing = [
            (
                ParamRef::Cap {
                    clause: clause("rofr"),
                },
                "clause \"rofr\" has no cap",
            ),
            (
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 2,
                },
                "clause \"share\" has no rate step 3",
            ),
            (
                ParamRef::MinShare {
                    clause: clause("rofr"),
                },
                "clause \"rofr\" has no minimum share",
            ),
            (
                ParamRef::StreamPoint {
                    stream: "revenue".into(),
                    year: 2030,
                },
                "stream \"revenue\" has no point for 2030",
            ),
            (
                ParamRef::WorkloadRatio {
                    workload: "training".into(),
                },
                "workload \"training\" has no share of revenue",
            ),
            (
                ParamRef::WorkloadGrowth {
                    workload: "inference".into(),
                },
                "workload \"inference\" has no terminal growth",
            ),
        ];
        for (p, message) in missing {
            assert_eq!(p.get(&a), None, "{p:?}");
            assert_eq!(
                p.set(&mut a, 0.1).expect_err("missing").to_string(),
                message
            );
        }
        assert_eq!(a, small());
    }

    #[test]
    fn an_undated_event_gets_a_date_and_dates_round_to_the_day() {
        let mut a = small();
        let never = ParamRef::EventDate {
            event: "never".into(),
        };
        assert_eq!(never.get(&a), None);
        let day = value_from_date(date("2029-03-15"));
        never.set(&mut a, day + 0.4).expect("a date in range");
        assert_eq!(a.event_date("never"), Some(date("2029-03-15")));
        never.set(&mut a, day + 0.6).expect("a date in range");
        assert_eq!(a.event_date("never"), Some(date("2029-03-16")));
        assert_eq!(date_from_value(day), Some(date("2029-03-15")));
        assert_eq!(value_from_date(date("0001-01-01")), 1.0);
        assert_eq!(date_from_value(f64::NAN), None);
        assert_eq!(date_from_value(1e12), None);
    }

    #[test]
    fn uncertain_inputs_are_exactly_those_with_a_range() {
        let a = small();
        assert_eq!(
            ParamRef::uncertain_inputs(&a),
            vec![
                ParamRef::MigrationMonths,
                ParamRef::Rate {
                    clause: clause("share"),
                    step: 1
                },
                ParamRef::MinShare {
                    clause: clause("first")
                },
                ParamRef::Weight {
                    provider: "azure".into()
                },
                ParamRef::StreamGrowth {
                    stream: "revenue".into()
                },
                ParamRef::WorkloadRatio {
                    workload: "inference".into()
                },
                ParamRef::EventDate {
                    event: "agi".into()
                },
            ]
        );
        assert_eq!(
            ParamRef::Rate {
                clause: clause("share"),
                step: 1
            }
            .uncertainty(&a),
            Some(Range {
                low: 0.1,
                high: 0.2,
                distribution: Distribution::Triangular
            })
        );
        assert_eq!(
            ParamRef::EventDate {
                event: "agi".into()
            }
            .uncertainty(&a),
            Some(Range {
                low: value_from_date(date("2028-01-01")),
                high: value_from_date(date("2035-12-31")),
                distribution: Distribution::Uniform,
            })
        );
    }

    #[test]
    fn labels_name_the_item_and_the_field() {
        let a = small();
        let label = |p: ParamRef| p.label(&a);
        assert_eq!(label(ParamRef::DiscountRate), "Discount rate");
        assert_eq!(label(ParamRef::MigrationMonths), "Migration time");
        assert_eq!(
            label(ParamRef::Cap {
                clause: clause("share")
            }),
            "Revenue share through 2030 · cap"
        );
        assert_eq!(
            label(ParamRef::Rate {
                clause: clause("share"),
                step: 1
            }),
            "Revenue share through 2030 · rate from 2027-01-01"
        );
        assert_eq!(
            label(ParamRef::Weight {
                provider: "azure".into()
            }),
            "Azure · weight"
        );
        assert_eq!(
            label(ParamRef::StreamPoint {
                stream: "revenue".into(),
                year: 2027
            }),
            "Maker revenue · 2027"
        );
        assert_eq!(
            label(ParamRef::EventDate {
                event: "agi".into()
            }),
            "AGI verified · date"
        );
        assert_eq!(
            label(ParamRef::WorkloadRatio {
                workload: "inference".into()
            }),
            "Inference · share of revenue"
        );
        assert_eq!(
            label(ParamRef::MatchProbability {
                clause: clause("rofr")
            }),
            "Right of first refusal · match probability"
        );
        // Unknown items and steps fall back to ids and step numbers.
        assert_eq!(
            label(ParamRef::Cap {
                clause: clause("nope")
            }),
            "nope · cap"
        );
        assert_eq!(
            label(ParamRef::Rate {
                clause: clause("share"),
                step: 4
            }),
            "Revenue share through 2030 · rate step 5"
        );
        assert_eq!(
            label(ParamRef::Weight {
                provider: "gone".into()
            }),
            "gone · weight"
        );
    }

    #[test]
    fn units_and_valid_ranges_follow_the_fields() {
        assert_eq!(
            ParamRef::Rate {
                clause: clause("s"),
                step: 0
            }
            .unit(),
            Unit::Fraction
        );
        assert_eq!(
            ParamRef::Cap {
                clause: clause("s")
            }
            .unit(),
            Unit::Money
        );
        assert_eq!(ParamRef::MigrationMonths.unit(), Unit::Months);
        assert_eq!(
            ParamRef::Weight {
                provider: "p".into()
            }
            .unit(),
            Unit::Weight
        );
        assert_eq!(ParamRef::Scale { stream: "s".into() }.unit(), Unit::Ratio);
        assert_eq!(ParamRef::EventDate { event: "e".into() }.unit(), Unit::Date);
        assert_eq!(
            ParamRef::Stake {
                clause: clause("s")
            }
            .valid_range(),
            (0.0, 1.0)
        );
        assert_eq!(ParamRef::MigrationMonths.valid_range(), (0.0, 600.0));
        assert_eq!(
            ParamRef::EventDate { event: "e".into() }.valid_range(),
            (
                value_from_date(date("1900-01-01")),
                value_from_date(date("2200-12-31"))
            )
        );
    }

    #[test]
    fn a_later_item_with_the_same_id_adds_no_inputs() {
        let mut a = small();
        let mut twin = a.clauses[1].clone();
        twin.kind = a.clauses[4].kind.clone();
        a.clauses.push(twin);
        a.providers.push(a.providers[0].clone());
        assert_eq!(ParamRef::inputs(&a), ParamRef::inputs(&small()));
    }

    #[test]
    fn refs_round_trip_through_ron_and_json() {
        for p in ParamRef::inputs(&small()) {
            let ron_text = ron::to_string(&p).expect("to RON");
            assert_eq!(ron::from_str::<ParamRef>(&ron_text).expect("from RON"), p);
            let json = serde_json::to_string(&p).expect("to JSON");
            assert_eq!(
                serde_json::from_str::<ParamRef>(&json).expect("from JSON"),
                p
            );
        }
        // The form a file holds.
        assert_eq!(
            ron::from_str::<ParamRef>(r#"Rate(clause: "share", step: 1)"#).expect("RON"),
            ParamRef::Rate {
                clause: clause("share"),
                step: 1
            }
        );
        assert_eq!(
            ron::to_string(&ParamRef::DiscountRate).expect("RON"),
            "DiscountRate"
        );
        assert_eq!(
            serde_json::to_string(&ParamRef::Weight {
                provider: "azure".into()
            })
            .expect("JSON"),
            r#"{"Weight":{"provider":"azure"}}"#
        );
    }

    #[test]
    fn refs_sort_in_the_order_inputs_lists_kinds() {
        let mut sorted = ParamRef::inputs(&small());
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, ParamRef::inputs(&small()));
    }
}
