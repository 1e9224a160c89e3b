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
/// Text sizes in presenter mode, before the presenter's zoom.
#[derive(Clone, Copy, Debug)]
pub struct PresenterSizes {
    /// The step's title.
    pub title: f32,
    /// Its caption.
    pub body: f32,
    /// A figure's value.
    pub figure: f32,
    /// Dates, labels, the terms that change, buttons.
    pub small: f32,
}

pub const PRESENTER: PresenterSizes = PresenterSizes {
    title: 26.0,
    body: 16.0,
    figure: 22.0,
    small: 13.0,
};

/// Width of the metric and input pickers of the uncertainty window.
pub const METRIC_PICKER_WIDTH: f32 = 320.0;
/// Width of a typed threshold or target.
pub const THRESHOLD_WIDTH: f32 = 110.0;
/// Width of a progress bar.
pub const PROGRESS_WIDTH: f32 = 320.0;
/// Heights of the uncertainty window's charts.
pub const FAN_HEIGHT: f32 = 170.0;
pub const HISTOGRAM_HEIGHT: f32 = 180.0;
pub const DRIVERS_HEIGHT: f32 = 220.0;

/// Width of the input names left of a tornado's bars.
pub const TORNADO_LABEL_WIDTH: f32 = 220.0;
/// How many inputs the drivers chart shows, strongest first.
pub const DRIVERS_SHOWN: usize = 12;
/// Bars of a metric's histogram.
pub const HISTOGRAM_BINS: usize = 40;

/// How many changing terms a presenter step lists before "and N more".
pub const PRESENTER_CHANGES: usize = 4;

/// The window width presenter mode is designed for, in pixels.
pub const PRESENTER_DESIGN_WIDTH: f32 = 1920.0;

/// How opaque the veil over the plots after a presenter step's date is.
pub const REVEAL_VEIL: f32 = 0.8;

/// The scenario shown, where the window names it: a violet apart from warnings.
pub const SCENARIO: Color32 = Color32::from_rgb(0x80, 0x5a, 0xd5);

/// A baseline's colour: `color` faded toward grey, for the dashed lines under the current.
pub fn baseline_color(color: Color32) -> Color32 {
    let grey = 0x99_u8;
    let mix = |c: u8| u16::midpoint(u16::from(c), u16::from(grey)) as u8;
    Color32::from_rgb(mix(color.r()), mix(color.g()), mix(color.b()))
}
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
/// The least height of a stacked plot with its header beside it, and with its header
/// above it; less, and the plots scroll.
pub const PLOT_BESIDE_MIN_HEIGHT: f32 = 170.0;
pub const PLOT_ABOVE_MIN_HEIGHT: f32 = 240.0;
/// The narrowest a plot's header may be beside the plot; narrower, it goes above.
pub const PLOT_HEADER_MIN_WIDTH: f32 = 120.0;
/// Width of a question the app asks in a modal ("Save changes?").
pub const QUESTION_WIDTH: f32 = 420.0;

// ---------------------------------------------------------------------------
// The timeline's sizes.

/// The timeline's type sizes and layout, in px unless named otherwise.
pub mod timeline {
    use egui::{Vec2, vec2};

    /// Clause titles in the label column.
    pub const TITLE_FONT_SIZE: f32 = 12.5;
    /// Ruler, group headers, segment and marker labels.
    pub const SMALL_FONT_SIZE: f32 = 11.0;
    /// Height of the time ruler above the lanes.
    pub const RULER_HEIGHT: f32 = 28.0;
    /// Room a ruler label needs.
    pub const RULER_LABEL_PX: f32 = 38.0;
    /// Height of a group header row ("Cloud exclusivity").
    pub const GROUP_HEADER_HEIGHT: f32 = 18.0;
    /// Room right of the lanes, so that the horizon's end stays clear of the scroll bar.
    pub const RIGHT_MARGIN: f32 = 14.0;
    /// Lane titles sit right of the group headers' text.
    pub const LANE_TITLE_INDENT: f32 = 10.0;
    /// How close the pointer must be to a segment's edge to grab it.
    pub const EDGE_GRAB_PX: f32 = 5.0;
    /// Length of the fade that marks an open end.
    pub const OPEN_END_FADE_PX: f32 = 26.0;
    /// Corner radius of a segment.
    pub const SEGMENT_RADIUS: u8 = 4;
    /// Height of a baseline's segment, drawn under the current one in the lane gap.
    pub const GHOST_HEIGHT: f32 = 2.5;
    /// Room left and right of a label inside a segment.
    pub const LABEL_PAD: f32 = 4.0;
    /// Marker labels are staggered on at most this many rows.
    pub const MARKER_ROWS: usize = 3;
    /// Height of one row of marker labels.
    pub const MARKER_ROW_HEIGHT: f32 = 14.0;
    /// Height of a marker's triangle below the lanes.
    pub const MARKER_TRIANGLE: f32 = 7.0;
    /// Room between two marker labels on one row.
    pub const MARKER_LABEL_GAP: f32 = 10.0;
    /// The playhead snaps to an event closer than this, so that "terms on that date" is
    /// one click.
    pub const MARKER_SNAP_PX: f32 = 6.0;
    /// A legend entry's colour swatch.
    pub const LEGEND_SWATCH: Vec2 = vec2(12.0, 10.0);
    /// Room around each legend entry.
    pub const LEGEND_SPACING: f32 = 4.0;
}

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
/// The sizes of a metric card, in points.
#[derive(Clone, Copy, Debug)]
pub struct CardSizes {
    /// Text of the caption and the detail.
    pub small: f32,
    /// Text of the scope line under the caption: what the figure counts.
    pub scope: f32,
    /// Text of the value.
    pub value: f32,
    /// Space inside the card.
    pub margin: f32,
    /// Space between its lines.
    pub line_gap: f32,
    /// Width kept free at the end of the strip for the "More…" button.
    pub more_width: f32,
}

pub const CARD: CardSizes = CardSizes {
    small: 11.0,
    scope: 10.5,
    value: 20.0,
    margin: 7.0,
    line_gap: 1.0,
    more_width: 64.0,
};

// ---------------------------------------------------------------------------
// The forms' sizes: clause list, clause editor, assumptions.

/// Width of the scenario picker in the menu bar and of names in the scenarios window.
pub const SCENARIO_PICKER_WIDTH: f32 = 200.0;

/// Width of the label column of the two-column forms.
pub const FORM_LABEL_WIDTH: f32 = 84.0;
/// Space above a form label, so that it is level with the text of the field next to it.
pub const FORM_LABEL_TOP_PAD: f32 = 2.0;
/// Space between a form's columns and between its rows.
pub const FORM_SPACING: [f32; 2] = [8.0, 6.0];
/// Side of the warning sign before a validation message.
pub const PROBLEM_SIGN_SIZE: f32 = 11.0;
/// Side of the colour square before an item's name.
pub const SWATCH_SIZE: f32 = 10.0;
/// Side of a sources badge.
pub const SOURCE_BADGE_SIZE: f32 = 16.0;
/// Size of the status letter in a sources badge.
pub const SOURCE_BADGE_FONT_SIZE: f32 = 10.0;
/// Widest a read-only list of sources gets (in a hover).
pub const SOURCES_LIST_WIDTH: f32 = 360.0;
/// Narrowest and widest a combo box that picks an item gets.
pub const ITEM_COMBO_WIDTH: (f32, f32) = (120.0, 200.0);
/// Room kept beside a combo for a small button after it (remove "×").
pub const TRAILING_BUTTON_ROOM: f32 = 32.0;
/// Width of the colour stripe before a clause's title or kind.
pub const CLAUSE_STRIPE_WIDTH: f32 = 4.0;
/// Height the agreement's description grows to before it scrolls.
pub const DESCRIPTION_MAX_HEIGHT: f32 = 100.0;
/// Width of the month combo of a month field.
pub const MONTH_COMBO_WIDTH: f32 = 56.0;
/// Width of the distribution combo of an uncertainty range.
pub const DISTRIBUTION_COMBO_WIDTH: f32 = 88.0;
/// Width of the date-or-event combo of a period's start or end.
pub const BOUNDARY_COMBO_WIDTH: f32 = 64.0;
/// Width of the agreement's currency field (a few letters).
pub const CURRENCY_FIELD_WIDTH: f32 = 60.0;
/// A little room: under a clause's header, after an item's form.
pub const SMALL_GAP: f32 = 4.0;
/// The least room: above an item's remove button.
pub const TINY_GAP: f32 = 2.0;
/// Space between a warning sign and its message.
pub const PROBLEM_SIGN_GAP: f32 = 4.0;
/// Space between the columns and rows of a stream's or workload's year table.
pub const YEAR_TABLE_SPACING: [f32; 2] = [6.0, 3.0];
/// Space between the columns and rows of a rate schedule.
pub const SCHEDULE_SPACING: [f32; 2] = [8.0, 4.0];
/// Space between the columns and rows of a source's form.
pub const SOURCE_FORM_SPACING: [f32; 2] = [6.0, 4.0];
/// Width of a typed date, `2026-04-27`.
pub const DATE_FIELD_WIDTH: f32 = 86.0;
