//! The agreement's concepts as plain data: no egui, no I/O.

/// Serialises a type as its `Display` text and reads it back with `FromStr`: months
/// as `"2025-01"`, colours as `"#0078d4"`.
macro_rules! serde_as_text {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

mod agreement;
mod clause;
mod color;
pub mod dates;
pub mod edges;
pub mod ids;
mod month;
pub mod param;
pub mod scenario;
pub mod simulation;
pub mod story;
mod uncertain;
pub mod validate;

pub use agreement::{
    Agreement, CURRENT_VERSION, DateRange, Event, EventKind, Horizon, Id, Measure, MonthShape,
    Party, Provider, RevenueStream, Source, SourceStatus, Target, Workload, WorkloadSize,
    YearPoint, YearlyPath,
};
pub use clause::{
    Boundary, Clause, ClauseKind, ExclusivityLevel, KindTag, LevelKind, Period, RateStep,
    Reference, ResolvedPeriod,
};
pub use color::Rgb;
pub use month::Month;
pub use scenario::{Override, Scenario};
pub use simulation::{Sampling, Simulation};
pub use uncertain::{Distribution, Range, Uncertain};
