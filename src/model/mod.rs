//! The agreement's concepts as plain data: no egui, no I/O.

mod agreement;
mod clause;
mod color;
pub mod dates;
pub mod edges;
pub mod ids;
mod month;
pub mod param;
mod uncertain;
pub mod validate;

pub use agreement::{
    Agreement, CURRENT_VERSION, DateRange, Event, EventKind, Horizon, Id, Party, Provider,
    RevenueStream, Source, SourceStatus, Workload, WorkloadSize, YearPoint, YearlyPath,
};
pub use clause::{
    Boundary, Clause, ClauseKind, ExclusivityLevel, KindTag, LevelKind, Period, RateStep,
    ResolvedPeriod,
};
pub use color::Rgb;
pub use month::Month;
pub use uncertain::{Distribution, Range, Uncertain};
