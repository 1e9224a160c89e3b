//! Colours, type sizes and spacing, named once. Readable on light and dark backgrounds.
//! The meaning colours themselves live in [`crate::view::palette`], free of egui.

use egui::Color32;

use crate::model::{ClauseKind, KindTag, LevelKind, Rgb, SourceStatus};
use crate::view::palette;

/// Exclusivity levels from strong to open.
pub fn level_color(level: LevelKind) -> Color32 {
    rgb(palette::level(level))
}

/// Clause kinds other than exclusivity.
pub fn kind_color(kind: KindTag) -> Color32 {
    rgb(palette::kind(kind))
}

/// An exclusive licence reads like exclusivity; a non-exclusive one like open terms.
pub fn licence_color(exclusive: bool) -> Color32 {
    rgb(palette::licence(exclusive))
}

/// A clause's colour: its level, its licence's exclusivity, or its kind.
pub fn clause_color(kind: &ClauseKind) -> Color32 {
    rgb(palette::clause(kind))
}

pub fn status_color(status: SourceStatus) -> Color32 {
    rgb(palette::status(status))
}

/// A file colour as an egui colour.
pub const fn rgb(c: Rgb) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// Text that stays readable on top of `fill`.
pub fn text_on(fill: Color32) -> Color32 {
    let luma =
        0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
    if luma > 150.0 {
        Color32::from_rgb(0x1a, 0x1a, 0x1a)
    } else {
        Color32::WHITE
    }
}

/// The in-force badge.
pub const IN_FORCE: Color32 = Color32::from_rgb(0x2e, 0xa0, 0x43);
/// Warnings (validation problems).
pub const WARNING: Color32 = Color32::from_rgb(0xe0, 0x6c, 0x00);
/// Errors (a file that cannot be opened).
pub const ERROR: Color32 = Color32::from_rgb(0xd0, 0x30, 0x30);
/// The playhead line.
pub const PLAYHEAD: Color32 = Color32::from_rgb(0x3d, 0x8b, 0xfd);
/// Amendment markers.
pub const AMENDMENT: Color32 = Color32::from_rgb(0x55, 0x55, 0x66);
/// Trigger markers (assumed dates).
pub const TRIGGER: Color32 = Color32::from_rgb(0xc0, 0x39, 0x8a);

/// Height of a timeline lane.
pub const LANE_HEIGHT: f32 = 20.0;
/// Gap between timeline lanes.
pub const LANE_GAP: f32 = 3.0;
/// Width of the label column left of the timeline lanes.
pub const LANE_LABEL_WIDTH: f32 = 190.0;
/// Space between cards and sections.
pub const GAP: f32 = 8.0;

// ---------------------------------------------------------------------------
// The timeline's sizes.

// ---------------------------------------------------------------------------
// The plots' and metric cards' sizes.

/// Below this width the two plots are stacked instead of side by side.
pub const PLOTS_SIDE_BY_SIDE_MIN_WIDTH: f32 = 720.0;
/// Width of a plot's y-axis labels, so that a stacked plot's area starts where the
/// timeline's lanes do.
pub const PLOT_Y_AXIS_WIDTH: f32 = 48.0;
/// The timeline leaves this much room right of its lanes; the stacked plots do too.
pub const PLOT_RIGHT_MARGIN: f32 = 14.0;
/// Closest grid lines may get, in points, before they are left out: wide enough
/// that the grid stays quiet behind the data.
pub const PLOT_GRID_SPACING: egui::Rangef = egui::Rangef {
    min: 20.0,
    max: 300.0,
};
/// Closest time-axis labels may get, in points, before they are left out.
pub const TIME_LABEL_SPACING: egui::Rangef = egui::Rangef {
    min: 36.0,
    max: 56.0,
};
/// Width of the cloud plot's workload picker.
pub const WORKLOAD_PICKER_WIDTH: f32 = 150.0;
/// Size of legend text and of the plot titles' notes, in points.
pub const LEGEND_TEXT_SIZE: f32 = 11.0;
/// Size of a metric card's caption and detail, in points.
pub const CARD_SMALL_SIZE: f32 = 11.0;
/// Size of a metric card's value, in points.
pub const CARD_VALUE_SIZE: f32 = 20.0;
/// Space inside a metric card.
pub const CARD_MARGIN: f32 = 7.0;
/// Space between the lines of a metric card.
pub const CARD_LINE_GAP: f32 = 1.0;
/// Width kept free at the end of the metrics strip for the "More…" button.
pub const CARDS_MORE_WIDTH: f32 = 64.0;

// ---------------------------------------------------------------------------
// The forms' sizes: clause list, clause editor, assumptions.
