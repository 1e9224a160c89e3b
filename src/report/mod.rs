//! What leaves the app for other tools and people: the projection as CSV and JSON.
//! Agreement files themselves are read and written by [`crate::io`].

mod export;

pub use export::{csv, json, metrics_csv, metrics_json};
