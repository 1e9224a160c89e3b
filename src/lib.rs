//! Agreement Explorer: partnership agreements as typed clauses, projected month by month.
//!
//! [`model`] holds the agreement's concepts, [`engine`] projects them, [`analysis`]
//! explores their uncertainty, [`compare`] says what differs between two sets of terms,
//! [`io`] reads and writes agreement files, [`report`] and [`export`] write what leaves
//! the app, [`words`] says it and [`view`] prepares what the panels draw; none of them
//! uses egui. [`document`] is the one edit path, [`app`] and [`ui`] the window, [`cli`]
//! the command line.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod compare;
pub mod document;
pub mod engine;
pub mod export;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod io;
pub mod model;
pub mod report;
pub mod ui;
pub mod view;
pub mod words;
