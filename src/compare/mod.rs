//! Comparing two sets of terms: what differs between two agreements, item by item and
//! parameter by parameter, in the app's own words. No egui, no I/O.

pub mod diff;

pub use diff::{Change, Item, Kind, Row, diff};
