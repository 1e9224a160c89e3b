//! The app's words without egui: how numbers, money and dates read, and what the
//! terms say. The screen, the command line and reports use the same words.

mod clause;
mod format;

pub use clause::{
    EdgeHint, boundary_text, clauses_on_event_text, dates_text, edge_hint, event_lines, kind_text,
    level_text, marker_accessible_label, marker_labels, move_edge_label, other_ends_text,
    period_lines, segment_accessible_label, segment_labels, short_percent,
};
pub use format::{MONTH_NAMES, date, money, month_year, parse_money, parse_value, percent, value};
