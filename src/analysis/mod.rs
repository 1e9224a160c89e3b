//! Analysis beyond a single projection (DESIGN §4): one-at-a-time sensitivity
//! (tornado), Monte Carlo with percentiles, drivers and fan charts, and goal
//! seek. Pure functions of the agreement: no egui, no I/O.

mod monte_carlo;
pub mod names;
mod rng;
mod sample;
mod seek;
mod sensitivity;
pub mod stats;

pub use monte_carlo::{
    Bin, Cancelled, Driver, Fan, FanSeries, InputOutcome, LEVELS, MAX_FAN_SAMPLES, MetricOutcome,
    Outcome, Percentiles, Request, Summary, simulate,
};
pub use rng::SplitMix64;
pub use sample::{Design, Input, inverse_cdf};
pub use seek::{Seek, search_span, seek};
pub use sensitivity::{Bar, Tornado, tornado};
