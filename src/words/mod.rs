//! The app's words without egui: how numbers, money and dates read, and what the
//! terms say. The screen, the command line and reports use the same words.

mod clause;
mod format;

pub use format::{MONTH_NAMES, date, money, month_year, parse_money, percent};
