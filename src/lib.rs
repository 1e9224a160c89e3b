//! Agreement Explorer: partnership agreements as typed clauses, projected month by month.
//!
//! [`model`] holds the agreement's concepts, [`engine`] projects them, [`io`] reads and
//! writes files; none of them uses egui.

pub mod app;
pub mod cli;
pub mod document;
pub mod engine;
pub mod io;
pub mod model;
pub mod ui;
pub mod view;
pub mod words;
