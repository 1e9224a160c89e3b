//! Agreement Explorer: partnership agreements as typed clauses, projected month by month.
//!
//! [`model`] holds the agreement's concepts, [`engine`] projects them, [`io`] reads and
//! writes files; none of them uses egui.

pub mod cli;
pub mod engine;
pub mod io;
pub mod model;
