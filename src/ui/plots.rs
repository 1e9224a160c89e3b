//! The plots below the timeline: revenue-share payments and the cloud distribution.
//!
//! Both plots follow the shared time axis ([`ViewState::time_view`]): they zoom and pan
//! in time only (y fits what is visible), and write the range back when the user moves
//! them. They draw the shared hover line and the playhead. What they draw is prepared
//! once per document revision ([`RevenueChart`], [`CloudChart`]) and kept in egui memory,
//! so a frame only turns prepared points into plot items.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::ops::RangeInclusive;
use std::sync::Arc;

use egui::{Color32, Stroke, Ui, vec2};
use egui_plot::{
    AxisHints, Bar, BarChart, FilledArea, GridInput, GridMark, HoverPosition, Line, LineStyle,
    MarkerShape, Plot, PlotPoints, PlotUi, Points, VLine,
};

use crate::document::Document;
use crate::engine::Projection;
use crate::model::Agreement;
use crate::ui::time_axis::{TimeView, date_from_x, x_from_date, x_from_month};
use crate::ui::{CloudMode, PanelCx, ViewCommand, ViewState, theme};
use crate::words;

/// Below this width the two plots are stacked instead of side by side.
const SIDE_BY_SIDE_MIN_WIDTH: f32 = 720.0;
/// Share of a year's slot that the bars of one year take together.
const BAR_GROUP_WIDTH: f64 = 0.8;
/// Share of its slot that one bar fills, leaving a gap to its neighbour.
const BAR_FILL: f64 = 0.9;
/// Room above the highest value, as a share of the value range.
const Y_HEADROOM: f64 = 0.08;
/// Closest time-axis labels may get, in points, before they are left out.
const TIME_LABEL_SPACING: egui::Rangef = egui::Rangef {
    min: 36.0,
    max: 56.0,
};

/// Width of the y axis labels, so that the plot area starts where the timeline's lanes do.
const Y_AXIS_WIDTH: f32 = 48.0;
/// The timeline leaves this much room right of its lanes; the stacked plots do too.
const TIMELINE_RIGHT_MARGIN: f32 = 14.0;
/// Ticks closer than this to the top of a y axis (as a share of it) get no label.
const TOP_LABEL_ROOM: f64 = 0.03;
/// Ticks closer than this to either end of the time axis (as a share of it) get no label.
const EDGE_LABEL_ROOM: f64 = 0.03;
/// Width of the workload picker.
const COMBO_WIDTH: f32 = 150.0;
/// Size of legend text, in points.
const LEGEND_TEXT_SIZE: f32 = 11.0;
/// Closest grid lines may get, in points, before they are left out: wide enough
/// that the grid stays quiet behind the data.
const GRID_SPACING: egui::Rangef = egui::Rangef {
    min: 20.0,
    max: 300.0,
};

// ---------------------------------------------------------------------------
// View-models: what the plots draw, as data.

/// One bar of a yearly bar chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearBar {
    pub year: i32,
    /// Centre of the bar on the time axis.
    pub x: f64,
    /// Width of the bar, in years.
    pub width: f64,
    /// Paid in that year (within the horizon).
    pub value: f64,
}

/// Payments one way between two parties.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectionSeries {
    /// Who pays whom: "Alpha → Beta".
    pub label: String,
    /// The payer's colour.
    pub color: Color32,
    /// Paid per calendar year, one bar per year.
    pub bars: Vec<YearBar>,
    /// Cumulative payments: 0 at the horizon's start, then the total at the end of each month.
    pub cumulative: Vec<[f64; 2]>,
}

/// Net payments between two parties that pay each other, cumulative.
#[derive(Clone, Debug, PartialEq)]
pub struct NetLine {
    /// "Net Alpha → Beta", named in the direction the net flow mostly goes.
    pub label: String,
    /// Like [`DirectionSeries::cumulative`].
    pub cumulative: Vec<[f64; 2]>,
}

/// A capped revenue-share clause: its cap and what counts toward it.
#[derive(Clone, Debug, PartialEq)]
pub struct CapLine {
    /// "cap $38.0B".
    pub label: String,
    /// The clause's title.
    pub clause: String,
    pub cap: f64,
    /// The payer's colour.
    pub color: Color32,
    /// From the clause's start to its end (or the horizon's end).
    pub x_range: (f64, f64),
    /// Cumulative accrual of this clause alone, like [`DirectionSeries::cumulative`].
    pub accrued: Vec<[f64; 2]>,
    /// Where cumulative accrual reaches the cap: the end of that month.
    pub reached_x: Option<f64>,
}

/// Everything the revenue-share plot draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevenueChart {
    /// Each month's start, then the end of the last month.
    pub edges: Vec<f64>,
    /// One per ordered pair of parties with payments.
    pub directions: Vec<DirectionSeries>,
    /// One per pair of parties that pay each other.
    pub nets: Vec<NetLine>,
    /// One per capped revenue-share clause.
    pub caps: Vec<CapLine>,
}

/// One provider's layer in the stacked cloud plot.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudBand {
    /// Index into the agreement's providers.
    pub provider: usize,
    pub name: String,
    pub color: Color32,
    /// Per month.
    pub share: Vec<f64>,
    /// Per month.
    pub spend: Vec<f64>,
    /// Lower and upper edge of the band in share mode, two points per month (steps).
    pub share_edges: (Vec<f64>, Vec<f64>),
    /// Lower and upper edge of the band in amount mode, two points per month (steps).
    pub spend_edges: (Vec<f64>, Vec<f64>),
}

/// Everything the cloud-distribution plot draws, for all workloads or one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CloudChart {
    /// Each month's start, then the end of the last month.
    pub edges: Vec<f64>,
    /// Each month's start and end: the x of the band edges.
    pub step_xs: Vec<f64>,
    /// Providers with any spend, bottom of the stack first (agreement order).
    pub bands: Vec<CloudBand>,
    /// Total spend per month.
    pub total: Vec<f64>,
}

/// The name of party `index`, or a placeholder for a dangling reference.
fn party_name(a: &Agreement, index: usize) -> &str {
    a.parties.get(index).map_or("?", |p| p.name.as_str())
}

fn party_color(a: &Agreement, index: usize) -> Color32 {
    a.parties
        .get(index)
        .map_or(Color32::GRAY, |p| theme::rgb(p.color))
}

/// Month edges: each month's start, then the end of the last month.
fn month_edges(p: &Projection) -> Vec<f64> {
    let mut edges: Vec<f64> = p.months.iter().map(|&m| x_from_month(m)).collect();
    if let Some(last) = p.months.last() {
        edges.push(x_from_date(last.end_day()));
    }
    edges
}

/// A running total as points at month ends, starting from 0 at the first month's start.
fn cumulative_points(edges: &[f64], monthly: &[f64]) -> Vec<[f64; 2]> {
    let mut total = 0.0;
    let mut points = Vec::with_capacity(monthly.len() + 1);
    if let Some(&first) = edges.first() {
        points.push([first, 0.0]);
    }
    for (value, &x) in monthly.iter().zip(edges.iter().skip(1)) {
        total += value;
        points.push([x, total]);
    }
    points
}

/// The index of the month containing `x`, if it is within the horizon.
fn month_at(edges: &[f64], x: f64) -> Option<usize> {
    let n = edges.len().checked_sub(1)?;
    let i = edges.partition_point(|&e| e <= x).checked_sub(1)?;
    (i < n).then_some(i)
}

impl RevenueChart {
    /// Prepares the revenue-share plot from a projection.
    #[must_use]
    pub fn new(a: &Agreement, p: &Projection) -> Self {
        let edges = month_edges(p);
        let slots = p.flows.len().max(1) as f64;
        let slot = BAR_GROUP_WIDTH / slots;
        let directions = p
            .flows
            .iter()
            .enumerate()
            .map(|(i, flow)| DirectionSeries {
                label: format!(
                    "{} → {}",
                    party_name(a, flow.payer),
                    party_name(a, flow.payee)
                ),
                color: party_color(a, flow.payer),
                bars: p
                    .yearly(&flow.paid)
                    .into_iter()
                    .map(|(year, value)| YearBar {
                        year,
                        x: f64::from(year)
                            + (1.0 - BAR_GROUP_WIDTH) / 2.0
                            + (i as f64 + 0.5) * slot,
                        width: slot * BAR_FILL,
                        value,
                    })
                    .collect(),
                cumulative: cumulative_points(&edges, &flow.paid),
            })
            .collect();

        // A net line only adds something when both parties pay: otherwise it is the one
        // direction's line again.
        let nets = p
            .nets
            .iter()
            .filter(|n| {
                let pays = |from, to| {
                    p.flows.iter().any(|f| {
                        f.payer == from && f.payee == to && f.paid.iter().any(|&v| v != 0.0)
                    })
                };
                pays(n.a, n.b) && pays(n.b, n.a)
            })
            .map(|n| {
                let total: f64 = n.net.iter().sum();
                let (from, to, sign) = if total < 0.0 {
                    (n.b, n.a, -1.0)
                } else {
                    (n.a, n.b, 1.0)
                };
                let net: Vec<f64> = n.net.iter().map(|v| sign * v).collect();
                NetLine {
                    label: format!("Net {} → {}", party_name(a, from), party_name(a, to)),
                    cumulative: cumulative_points(&edges, &net),
                }
            })
            .collect();

        let horizon_end = edges.last().copied().unwrap_or_default();
        let caps = p
            .shares
            .iter()
            .filter_map(|s| {
                let cap = s.cap?;
                let clause = a.clauses.get(s.clause)?;
                let segment = p.segments.get(s.clause).and_then(Option::as_ref);
                let start = segment.map_or(edges.first().copied().unwrap_or_default(), |g| {
                    x_from_date(g.start)
                });
                let end = segment
                    .and_then(|g| g.end)
                    .map_or(horizon_end, x_from_date)
                    .min(horizon_end);
                Some(CapLine {
                    label: format!("cap {}", words::money(cap)),
                    clause: clause.title.clone(),
                    cap,
                    color: s.payer.map_or(Color32::GRAY, |i| party_color(a, i)),
                    x_range: (start, end.max(start)),
                    accrued: cumulative_points(&edges, &s.accrued),
                    reached_x: s.cap_reached.and_then(|i| edges.get(i + 1).copied()),
                })
            })
            .collect();

        Self {
            edges,
            directions,
            nets,
            caps,
        }
    }

    /// Whether there is nothing to draw.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.directions.is_empty()
    }

    /// The y range that shows everything between `x_min` and `x_max`, with headroom.
    #[must_use]
    pub fn y_range(&self, x_min: f64, x_max: f64) -> (f64, f64) {
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        let mut take = |y: f64| {
            lo = lo.min(y);
            hi = hi.max(y);
        };
        for d in &self.directions {
            visible_values(&d.cumulative, x_min, x_max).for_each(&mut take);
            d.bars
                .iter()
                .filter(|b| b.x + b.width / 2.0 >= x_min && b.x - b.width / 2.0 <= x_max)
                .for_each(|b| take(b.value));
        }
        for n in &self.nets {
            visible_values(&n.cumulative, x_min, x_max).for_each(&mut take);
        }
        for c in &self.caps {
            visible_values(&c.accrued, x_min, x_max).for_each(&mut take);
            if c.x_range.1 >= x_min && c.x_range.0 <= x_max {
                take(c.cap);
            }
        }
        with_headroom(lo, hi)
    }

    /// The tooltip at time `x`: the month, then each series' value then.
    #[must_use]
    pub fn hover_text(&self, x: f64) -> Option<String> {
        let i = month_at(&self.edges, x)?;
        let month = date_from_x(self.edges[i] + 1e-6);
        let year = chrono::Datelike::year(&month);
        let so_far = |points: &[[f64; 2]]| points.get(i + 1).map_or(0.0, |p| p[1]);
        let mut lines = vec![words::month_year(month)];
        for d in &self.directions {
            let yearly = d
                .bars
                .iter()
                .find(|b| b.year == year)
                .map_or(0.0, |b| b.value);
            lines.push(format!(
                "{}: {} in {year}, {} so far",
                d.label,
                words::money(yearly),
                words::money(so_far(&d.cumulative))
            ));
        }
        for n in &self.nets {
            lines.push(format!(
                "{}: {} so far",
                n.label,
                words::money(so_far(&n.cumulative))
            ));
        }
        for c in &self.caps {
            lines.push(format!(
                "{}: {} of {} accrued",
                c.clause,
                words::money(so_far(&c.accrued)),
                c.label
            ));
        }
        Some(lines.join("\n"))
    }
}

/// The y values of `points` within `[x_min, x_max]`, plus the ones just outside, so
/// that a line crossing the edge of the view still fits. None if the line is all
/// before or all after the view.
fn visible_values(points: &[[f64; 2]], x_min: f64, x_max: f64) -> impl Iterator<Item = f64> + '_ {
    let after_start = points.partition_point(|p| p[0] < x_min);
    let through_end = points.partition_point(|p| p[0] <= x_max);
    let range = if after_start == points.len() || through_end == 0 {
        &[][..]
    } else {
        &points[after_start.saturating_sub(1)..(through_end + 1).min(points.len())]
    };
    range.iter().map(|p| p[1])
}

/// A y range from `lo` to `hi` with room above (and below, if negative).
fn with_headroom(lo: f64, hi: f64) -> (f64, f64) {
    let span = (hi - lo).max(1.0);
    let lo = if lo < 0.0 {
        lo - span * Y_HEADROOM
    } else {
        0.0
    };
    (lo, hi + span * Y_HEADROOM)
}

/// Stacks monthly `values` (per band) into band edges, two points per month.
fn stack_steps(values: &[&[f64]], months: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut below = vec![0.0; months];
    values
        .iter()
        .map(|v| {
            let mut lower = Vec::with_capacity(2 * months);
            let mut upper = Vec::with_capacity(2 * months);
            for (m, base) in below.iter_mut().enumerate() {
                let value = v.get(m).copied().unwrap_or_default();
                lower.extend([*base, *base]);
                *base += value;
                upper.extend([*base, *base]);
            }
            (lower, upper)
        })
        .collect()
}

impl CloudChart {
    /// Prepares the cloud plot for all workloads (`None`) or one workload.
    #[must_use]
    pub fn new(a: &Agreement, p: &Projection, workload: Option<usize>) -> Self {
        let edges = month_edges(p);
        let months = p.months.len();
        let (shares, spends) = match workload.and_then(|w| p.workloads.get(w)) {
            Some(w) => (&w.share, &w.spend),
            None => (&p.provider_share, &p.provider_spend),
        };
        let kept: Vec<usize> = (0..a.providers.len().min(shares.len()).min(spends.len()))
            .filter(|&i| spends[i].iter().any(|&v| v > 0.0))
            .collect();
        let share_values: Vec<&[f64]> = kept.iter().map(|&i| &shares[i]).collect();
        let spend_values: Vec<&[f64]> = kept.iter().map(|&i| &spends[i]).collect();
        let share_edges = stack_steps(&share_values, months);
        let spend_edges = stack_steps(&spend_values, months);
        let bands = kept
            .iter()
            .zip(share_edges.into_iter().zip(spend_edges))
            .map(|(&i, (share_edges, spend_edges))| CloudBand {
                provider: i,
                name: a.providers[i].name.clone(),
                color: theme::rgb(a.providers[i].color),
                share: shares[i].to_vec(),
                spend: spends[i].to_vec(),
                share_edges,
                spend_edges,
            })
            .collect();
        let total = (0..months)
            .map(|m| {
                spends
                    .iter()
                    .map(|s| s.get(m).copied().unwrap_or_default())
                    .sum()
            })
            .collect();
        let step_xs = edges.windows(2).flat_map(|w| [w[0], w[1]]).collect();
        Self {
            edges,
            step_xs,
            bands,
            total,
        }
    }

    /// Whether there is nothing to draw.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bands.is_empty()
    }

    /// The y range that shows everything between `x_min` and `x_max`.
    #[must_use]
    pub fn y_range(&self, mode: CloudMode, x_min: f64, x_max: f64) -> (f64, f64) {
        match mode {
            CloudMode::Share => (0.0, 1.0 + Y_HEADROOM / 2.0),
            CloudMode::Amount => {
                let first = month_at(&self.edges, x_min).unwrap_or(0);
                let last =
                    month_at(&self.edges, x_max).unwrap_or(self.total.len().saturating_sub(1));
                let hi = self
                    .total
                    .get(first.min(last)..=last)
                    .unwrap_or_default()
                    .iter()
                    .fold(0.0_f64, |m, &v| m.max(v));
                with_headroom(0.0, hi)
            }
        }
    }

    /// The tooltip at time `x`: the month, then each provider from the top of the stack.
    #[must_use]
    pub fn hover_text(&self, mode: CloudMode, x: f64) -> Option<String> {
        let i = month_at(&self.edges, x)?;
        let mut lines = vec![words::month_year(date_from_x(self.edges[i] + 1e-6))];
        for band in self.bands.iter().rev() {
            let share = words::percent(band.share.get(i).copied().unwrap_or_default());
            let spend = words::money(band.spend.get(i).copied().unwrap_or_default());
            lines.push(match mode {
                CloudMode::Share => format!("{}: {share} ({spend}/month)", band.name),
                CloudMode::Amount => format!("{}: {spend}/month ({share})", band.name),
            });
        }
        let total = self.total.get(i).copied().unwrap_or_default();
        lines.push(format!("Total: {}/month", words::money(total)));
        Some(lines.join("\n"))
    }
}

// ---------------------------------------------------------------------------
// Time axis: marks and labels.

/// Grid steps on the time axis, in years: months, quarters, years, runs of years.
/// Each divides the next, so that labels of one step never crowd those of another.
const TIME_STEPS: [f64; 8] = [1.0 / 12.0, 0.25, 1.0, 2.0, 10.0, 20.0, 100.0, 200.0];

/// Grid marks for a time axis: month starts, quarter starts or years, whichever are
/// at least `base_step_size` apart. Each mark's step is the coarsest step it is on,
/// so that years outrank quarters and 2030 outranks 2031.
#[must_use]
pub fn time_marks(input: &GridInput) -> Vec<GridMark> {
    /// Never produce more marks than this, whatever the input.
    const MAX_MARKS: usize = 2000;
    let (min, max) = input.bounds;
    if !(min.is_finite() && max.is_finite() && max > min) {
        return Vec::new();
    }
    let first = TIME_STEPS
        .iter()
        .position(|&s| s >= input.base_step_size)
        .unwrap_or(TIME_STEPS.len() - 1);
    let steps = &TIME_STEPS[first..(first + 3).min(TIME_STEPS.len())];
    let coarsest_year_step = |year: i64| {
        steps
            .iter()
            .rev()
            .copied()
            .find(|&s| s >= 1.0 && year % (s as i64) == 0)
            .unwrap_or(1.0)
    };
    let mut marks = Vec::new();
    if steps[0] >= 1.0 {
        let step = steps[0] as i64;
        let mut year = (min / steps[0]).ceil() as i64 * step;
        while (year as f64) <= max && marks.len() < MAX_MARKS {
            marks.push(GridMark {
                value: year as f64,
                step_size: coarsest_year_step(year),
            });
            year += step;
        }
    } else {
        let months_apart = (steps[0] * 12.0).round().max(1.0) as u32;
        let Some(mut month) = crate::model::Month::of(date_from_x(min)) else {
            return marks;
        };
        while marks.len() < MAX_MARKS {
            let x = x_from_month(month);
            if x > max {
                break;
            }
            let m0 = month.month() - 1;
            if x >= min && m0 % months_apart == 0 {
                let step_size = if m0 == 0 {
                    coarsest_year_step(i64::from(month.year()))
                } else if m0 % 3 == 0 {
                    0.25
                } else {
                    1.0 / 12.0
                };
                marks.push(GridMark {
                    value: x,
                    step_size: step_size.max(steps[0]),
                });
            }
            let Some(next) = month.offset(1) else { break };
            month = next;
        }
    }
    marks
}

/// A time-axis label: the year at year marks, the month's short name at the others.
#[must_use]
pub fn time_label(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    if mark.step_size >= 1.0 {
        format!("{}", mark.value.round())
    } else {
        date_from_x(mark.value + 1e-6).format("%b").to_string()
    }
}

/// A time-axis label, unless its tick is so close to an edge that the label would be cut.
fn time_tick(mark: GridMark, range: &RangeInclusive<f64>) -> String {
    let span = range.end() - range.start();
    let room = (mark.value - range.start()).min(range.end() - mark.value);
    if span > 0.0 && room / span < EDGE_LABEL_ROOM {
        String::new()
    } else {
        time_label(mark, range)
    }
}

/// Money on an axis: `$10B` rather than `$10.0B`.
#[must_use]
pub fn money_tick(value: f64) -> String {
    let text = words::money(value);
    match text.find(".0") {
        Some(i) if !text[i + 2..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}{}", &text[..i], &text[i + 2..])
        }
        _ => text,
    }
}

/// An axis label, unless its tick is so close to the top edge that the label would be cut.
fn unless_at_top(mark: GridMark, range: &RangeInclusive<f64>, label: fn(f64) -> String) -> String {
    let span = range.end() - range.start();
    if span > 0.0 && (range.end() - mark.value) / span < TOP_LABEL_ROOM {
        String::new()
    } else {
        label(mark.value)
    }
}

/// A share on an axis: `40 %`.
fn percent_tick(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

// ---------------------------------------------------------------------------
// Caching.

/// A key that changes whenever what the plots and cards show may have changed: the
/// revision, plus a fingerprint of names, colours and totals, so that another document
/// at the same revision does not reuse a stale cache.
pub(crate) fn doc_key(doc: &Document) -> u64 {
    let mut h = DefaultHasher::new();
    doc.revision().hash(&mut h);
    let a = doc.agreement();
    a.title.hash(&mut h);
    for p in &a.parties {
        (&p.name, p.color).hash(&mut h);
    }
    for p in &a.providers {
        (&p.name, p.color).hash(&mut h);
    }
    for w in &a.workloads {
        w.name.hash(&mut h);
    }
    for c in &a.clauses {
        c.title.hash(&mut h);
    }
    let p = doc.projection();
    (p.months.len(), p.months.first().map(|m| m.index())).hash(&mut h);
    let m = &p.metrics;
    for v in m
        .directions
        .iter()
        .map(|d| d.total_paid)
        .chain(m.shares.iter().map(|s| s.total_accrued))
        .chain(m.provider_share_last_year.iter().copied())
        .chain([m.hhi_last_year])
    {
        v.to_bits().hash(&mut h);
    }
    h.finish()
}

/// `build()`'s result, kept in egui memory under `id` until `key` changes.
pub(crate) fn cached<T: Send + Sync + 'static>(
    ui: &Ui,
    id: egui::Id,
    key: u64,
    build: impl FnOnce() -> T,
) -> Arc<T> {
    if let Some((k, value)) = ui.data(|d| d.get_temp::<(u64, Arc<T>)>(id))
        && k == key
    {
        return value;
    }
    let value = Arc::new(build());
    ui.data_mut(|d| d.insert_temp(id, (key, Arc::clone(&value))));
    value
}

// ---------------------------------------------------------------------------
// Drawing.

/// How a legend entry's swatch looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Swatch {
    /// A filled block (bars, areas).
    Fill,
    /// A filled block with a line through it (bars with a cumulative line).
    FillAndLine,
    /// A thick line.
    ThickLine,
    /// A dashed line.
    Dashed,
    /// A dotted line.
    Dotted,
}

/// One legend entry: a swatch and its text, with a tooltip.
fn legend_entry(ui: &mut Ui, swatch: Swatch, color: Color32, text: &str, tooltip: &str) {
    const SWATCH: egui::Vec2 = vec2(16.0, 10.0);
    const SWATCH_GAP: f32 = 4.0;
    // One widget for swatch and text, so that a wrapping row can wrap between entries.
    // Wrap only what is wider than the whole column, not at the end of a row.
    let wrap_width = (ui.max_rect().width() - SWATCH.x - SWATCH_GAP).max(40.0);
    let galley = ui.painter().layout(
        text.to_owned(),
        egui::FontId::proportional(LEGEND_TEXT_SIZE),
        ui.visuals().text_color(),
        wrap_width,
    );
    let size = vec2(
        SWATCH.x + SWATCH_GAP + galley.size().x,
        galley.size().y.max(SWATCH.y),
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), text));
    let painter = ui.painter();
    let swatch_rect =
        egui::Rect::from_min_size(rect.left_center() - vec2(0.0, SWATCH.y / 2.0), SWATCH);
    let mid = [swatch_rect.left_center(), swatch_rect.right_center()];
    let line = |width: f32| Stroke::new(width, color);
    match swatch {
        Swatch::Fill => {
            painter.rect_filled(swatch_rect.shrink2(vec2(2.0, 0.0)), 1.0, band_fill(color));
        }
        Swatch::FillAndLine => {
            painter.rect_filled(swatch_rect.shrink2(vec2(4.0, 0.0)), 1.0, bar_fill(color));
            painter.line_segment(mid, line(1.5));
        }
        Swatch::ThickLine => {
            painter.line_segment(mid, line(2.5));
        }
        Swatch::Dashed => {
            painter.add(egui::Shape::dashed_line(&mid, line(1.5), 4.0, 3.0));
        }
        Swatch::Dotted => {
            painter.add(egui::Shape::dotted_line(&mid, color, 3.0, 1.0));
        }
    }
    let text_pos = egui::pos2(swatch_rect.right() + SWATCH_GAP, rect.top());
    painter.galley(text_pos, galley, ui.visuals().text_color());
    response.on_hover_text(tooltip);
}

/// Bars are translucent so that lines behind them stay visible.
fn bar_fill(color: Color32) -> Color32 {
    color.gamma_multiply(0.55)
}

/// Cloud bands are nearly opaque: their colours are what the user reads.
fn band_fill(color: Color32) -> Color32 {
    color.gamma_multiply(0.85)
}

/// The colour of the net line: the strongest text colour of the theme.
fn net_color(ui: &Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// A plot on the shared time axis: zoom and pan in time only.
fn time_plot<'a>(id_salt: &str, size: egui::Vec2) -> Plot<'a> {
    Plot::new(id_salt)
        .width(size.x)
        .height(size.y)
        .allow_drag([true, false])
        .allow_zoom([true, false])
        .allow_scroll([true, false])
        .allow_axis_zoom_drag([true, false])
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .y_axis_min_width(Y_AXIS_WIDTH)
        .grid_spacing(GRID_SPACING)
        .x_grid_spacer(|input| time_marks(&input))
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(time_tick)
                .label_spacing(TIME_LABEL_SPACING),
        ])
}

/// What a time plot shares with the other time panels.
#[derive(Clone, Copy, Debug)]
struct Shared {
    time: TimeView,
    hover_x: Option<f64>,
    playhead_x: f64,
    hover_color: Color32,
}

impl Shared {
    fn of(ui: &Ui, view: &ViewState) -> Self {
        Self {
            time: view.time_view,
            hover_x: view.hover_x,
            playhead_x: x_from_date(view.playhead),
            hover_color: ui.visuals().text_color().gamma_multiply(0.6),
        }
    }

    /// Sets the bounds and draws the hover line and the playhead.
    fn apply(self, plot_ui: &mut PlotUi<'_>, y: (f64, f64)) {
        plot_ui.set_plot_bounds_x(self.time.min..=self.time.max);
        plot_ui.set_plot_bounds_y(y.0..=y.1);
        // The plot under the pointer draws the line where the pointer is now; the
        // others where it was last frame.
        let rect = plot_ui.response().rect;
        let here = plot_ui
            .response()
            .hover_pos()
            .map(|pos| self.time.x_from_screen(pos.x, rect.left(), rect.right()));
        if let Some(x) = here.or(self.hover_x) {
            plot_ui.vline(
                VLine::new("", x)
                    .id("hover")
                    .color(self.hover_color)
                    .width(1.0)
                    .allow_hover(false),
            );
        }
        plot_ui.vline(
            VLine::new("", self.playhead_x)
                .id("playhead")
                .color(theme::PLAYHEAD)
                .width(1.5)
                .allow_hover(false),
        );
    }
}

/// After a time plot: writes a zoom or pan back to the view and reports the hover.
fn follow_up(response: &egui_plot::PlotResponse<()>, before: TimeView, cx: &mut PanelCx<'_>) {
    let bounds = response.transform.bounds();
    let (min, max) = (bounds.min()[0], bounds.max()[0]);
    let tolerance = before.span().abs() * 1e-9;
    if response.response.double_clicked() {
        cx.command(ViewCommand::ResetTimeView);
    } else if min.is_finite()
        && max.is_finite()
        && max > min
        && ((min - before.min).abs() > tolerance || (max - before.max).abs() > tolerance)
    {
        // zoom_at with factor 1 keeps the view but clamps its span.
        cx.command(ViewCommand::SetTimeView(
            TimeView { min, max }.zoom_at(f64::midpoint(min, max), 1.0),
        ));
    }
    if let Some(pos) = response.response.hover_pos() {
        let rect = response.response.rect;
        let x = before.x_from_screen(pos.x, rect.left(), rect.right());
        cx.command(ViewCommand::Hover(x));
    }
}

/// Where a plot's header (title, controls, legend) goes.
#[derive(Clone, Copy, Debug)]
enum Placement {
    /// Header rows above the plot, all in this rect.
    Above(egui::Rect),
    /// Header in a column left of the plot, so that the plot area lines up with the
    /// timeline's lanes above it.
    Beside {
        header: egui::Rect,
        plot: egui::Rect,
    },
}

/// Top-down layout in `rect`, with a stable id and clipped to the rect.
fn in_rect<R>(ui: &mut Ui, rect: egui::Rect, salt: &str, add: impl FnOnce(&mut Ui) -> R) -> R {
    let builder = egui::UiBuilder::new()
        .id_salt(salt)
        .max_rect(rect)
        .layout(egui::Layout::top_down(egui::Align::Min));
    ui.scope_builder(builder, |ui| {
        ui.set_clip_rect(rect.intersect(ui.clip_rect()));
        add(ui)
    })
    .inner
}

/// Shows the header, then the plot in the space left. `header` lays out its rows itself:
/// wrapped rows above the plot (`true`), or one item per row beside it (`false`).
fn with_header<S>(
    ui: &mut Ui,
    placement: Placement,
    salt: &str,
    state: &mut S,
    header: impl FnOnce(&mut Ui, &mut S, bool),
    plot: impl FnOnce(&mut Ui, &mut S, egui::Vec2),
) {
    match placement {
        Placement::Above(rect) => in_rect(ui, rect, salt, |ui| {
            header(ui, state, true);
            ui.add_space(2.0);
            let size = vec2(ui.max_rect().width(), ui.available_height());
            plot(ui, state, size);
        }),
        Placement::Beside {
            header: side,
            plot: area,
        } => {
            in_rect(ui, side, &format!("{salt}_header"), |ui| {
                header(ui, state, false);
            });
            in_rect(ui, area, &format!("{salt}_plot"), |ui| {
                plot(ui, state, area.size());
            });
        }
    }
}

/// Legend entries in wrapped rows (`wrapped`) or one per row.
fn legend_rows(ui: &mut Ui, wrapped: bool, add: impl FnOnce(&mut Ui)) {
    if wrapped {
        ui.horizontal_wrapped(add);
    } else {
        ui.spacing_mut().item_spacing.y = 3.0;
        add(ui);
    }
}

/// A weak message where a plot would be.
fn empty_plot_ui(ui: &mut Ui, size: egui::Vec2, message: &str) {
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::centered_and_justified(egui::Direction::TopDown),
        |ui| ui.weak(message),
    );
}

/// The revenue-share plot with its header and legend.
fn revenue_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, cache_id: egui::Id, placement: Placement) {
    let doc = cx.doc;
    let chart = cached(ui, cache_id, doc_key(doc), || {
        RevenueChart::new(doc.agreement(), doc.projection())
    });
    let header = |ui: &mut Ui, _: &mut PanelCx<'_>, wrapped: bool| {
        let title = |ui: &mut Ui| {
            ui.strong("Revenue share");
            ui.label(
                egui::RichText::new("bars: paid per year · lines: cumulative")
                    .size(LEGEND_TEXT_SIZE)
                    .weak(),
            );
        };
        if wrapped {
            ui.horizontal(title);
        } else {
            title(ui);
        }
        legend_rows(ui, wrapped, |ui| {
            for d in &chart.directions {
                legend_entry(
                    ui,
                    Swatch::FillAndLine,
                    d.color,
                    &d.label,
                    "Bars: paid in each calendar year. Line: paid since the horizon's start",
                );
            }
            for n in &chart.nets {
                legend_entry(
                    ui,
                    Swatch::ThickLine,
                    net_color(ui),
                    &n.label,
                    "Cumulative payments one way minus payments the other way",
                );
            }
            for c in &chart.caps {
                legend_entry(
                    ui,
                    Swatch::Dotted,
                    c.color,
                    "Accrued toward cap",
                    &format!("{}: cumulative accrual, which stops at the cap", c.clause),
                );
                legend_entry(
                    ui,
                    Swatch::Dashed,
                    theme::WARNING,
                    &c.label,
                    &format!("{}: accrual stops when it reaches the cap", c.clause),
                );
            }
        });
    };
    let plot = |ui: &mut Ui, cx: &mut PanelCx<'_>, size: egui::Vec2| {
        if chart.is_empty() {
            empty_plot_ui(ui, size, "No revenue-share payments in this agreement");
            return;
        }
        let shared = Shared::of(ui, cx.view);
        let y = chart.y_range(shared.time.min, shared.time.max);
        let net = net_color(ui);
        let tooltip_chart = Arc::clone(&chart);
        let response = time_plot("revenue_share", size)
            .y_axis_formatter(|mark, range| unless_at_top(mark, range, money_tick))
            .label_formatter(move |pos| tooltip_chart.hover_text(hover_x(pos)))
            .show(ui, |plot_ui| {
                shared.apply(plot_ui, y);
                revenue_items(plot_ui, &chart, net);
            });
        follow_up(&response, shared.time, cx);
    };
    with_header(ui, placement, "revenue", cx, header, plot);
}

/// The revenue-share plot's items: bars behind, then cap, cumulative and net lines.
fn revenue_items(plot_ui: &mut PlotUi<'_>, chart: &RevenueChart, net: Color32) {
    for (i, d) in chart.directions.iter().enumerate() {
        let bars = d
            .bars
            .iter()
            .map(|b| {
                Bar::new(b.x, b.value)
                    .width(b.width)
                    .name(b.year)
                    .fill(bar_fill(d.color))
                    .stroke(Stroke::new(1.0, d.color))
            })
            .collect();
        plot_ui.bar_chart(
            BarChart::new(format!("{} per year", d.label), bars)
                .id(("bars", i))
                .color(d.color)
                .allow_hover(false),
        );
    }
    for (i, c) in chart.caps.iter().enumerate() {
        plot_ui.line(
            Line::new("Accrued toward cap", PlotPoints::from(c.accrued.clone()))
                .id(("accrued", i))
                .color(c.color)
                .width(1.5)
                .style(LineStyle::dotted_dense())
                .allow_hover(false),
        );
        plot_ui.line(
            Line::new(
                c.label.clone(),
                vec![[c.x_range.0, c.cap], [c.x_range.1, c.cap]],
            )
            .id(("cap", i))
            .color(theme::WARNING)
            .width(1.5)
            .style(LineStyle::dashed_loose())
            .allow_hover(false),
        );
        if let Some(x) = c.reached_x {
            plot_ui.points(
                Points::new("", vec![[x, c.cap]])
                    .id(("reached", i))
                    .shape(MarkerShape::Circle)
                    .radius(3.5)
                    .color(theme::WARNING)
                    .allow_hover(false),
            );
        }
    }
    for (i, d) in chart.directions.iter().enumerate() {
        plot_ui.line(
            Line::new(
                format!("{} cumulative", d.label),
                PlotPoints::from(d.cumulative.clone()),
            )
            .id(("cumulative", i))
            .color(d.color)
            .width(1.5)
            .allow_hover(false),
        );
    }
    for (i, n) in chart.nets.iter().enumerate() {
        plot_ui.line(
            Line::new(n.label.clone(), PlotPoints::from(n.cumulative.clone()))
                .id(("net", i))
                .color(net)
                .width(2.5)
                .allow_hover(false),
        );
    }
}

/// The x of a hover position.
fn hover_x(pos: &HoverPosition<'_>) -> f64 {
    match pos {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => {
            position.x
        }
    }
}

/// The Share / Amount selector.
fn cloud_mode_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    for (mode, label, tooltip) in [
        (
            CloudMode::Share,
            "Share",
            "Each provider's share of spend, stacked to 100 %",
        ),
        (
            CloudMode::Amount,
            "Amount",
            "Each provider's spend per month, stacked to the total",
        ),
    ] {
        if ui
            .selectable_label(cx.prefs.cloud_mode == mode, label)
            .on_hover_text(tooltip)
            .clicked()
        {
            cx.command(ViewCommand::SetCloudMode(mode));
        }
    }
}

/// The workload picker: all workloads or one.
fn cloud_workload_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, width: f32) {
    let a = cx.doc.agreement();
    let name = |w: Option<usize>| {
        w.and_then(|w| a.workloads.get(w))
            .map_or("All workloads", |w| w.name.as_str())
    };
    let before = cx.view.cloud_workload_index(a);
    let mut selected = before;
    egui::ComboBox::from_id_salt("cloud_workload")
        .selected_text(name(selected))
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut selected, None, "All workloads");
            for (i, w) in a.workloads.iter().enumerate() {
                ui.selectable_value(&mut selected, Some(i), &w.name);
            }
        })
        .response
        .on_hover_text("Which workload's spend to show");
    if selected != before {
        let id = selected
            .and_then(|w| a.workloads.get(w))
            .map(|w| w.id.clone());
        cx.command(ViewCommand::SetCloudWorkload(id));
    }
}

/// The cloud-distribution plot with its header, controls and legend.
fn cloud_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, cache_id: egui::Id, placement: Placement) {
    let doc = cx.doc;
    let a = doc.agreement();
    let key = doc_key(doc);
    let chart_for = |ui: &Ui, workload: Option<usize>| {
        cached(ui, cache_id.with(workload), key, || {
            CloudChart::new(a, doc.projection(), workload)
        })
    };
    let header = |ui: &mut Ui, cx: &mut PanelCx<'_>, wrapped: bool| {
        if wrapped {
            // Wraps the workload picker onto its own row when the plot is narrow.
            ui.horizontal_wrapped(|ui| {
                ui.strong("Cloud distribution");
                cloud_mode_ui(ui, cx);
                cloud_workload_ui(ui, cx, COMBO_WIDTH);
            });
        } else {
            ui.strong("Cloud distribution");
            ui.horizontal(|ui| cloud_mode_ui(ui, cx));
            let width = ui.available_width()
                - ui.spacing().icon_width
                - 2.0 * ui.spacing().button_padding.x;
            cloud_workload_ui(ui, cx, width.min(COMBO_WIDTH));
        }
        let chart = chart_for(ui, cx.view.cloud_workload_index(a));
        legend_rows(ui, wrapped, |ui| {
            for band in &chart.bands {
                legend_entry(ui, Swatch::Fill, band.color, &band.name, &band.name);
            }
        });
    };
    let plot = |ui: &mut Ui, cx: &mut PanelCx<'_>, size: egui::Vec2| {
        let chart = chart_for(ui, cx.view.cloud_workload_index(a));
        if chart.is_empty() {
            empty_plot_ui(ui, size, "No cloud spend in this agreement");
            return;
        }
        let mode = cx.prefs.cloud_mode;
        let shared = Shared::of(ui, cx.view);
        let y = chart.y_range(mode, shared.time.min, shared.time.max);
        let tooltip_chart = Arc::clone(&chart);
        let plot = time_plot("cloud_distribution", size)
            .label_formatter(move |pos| tooltip_chart.hover_text(mode, hover_x(pos)));
        let plot = match mode {
            CloudMode::Share => plot
                .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [0.05, 0.25, 0.5]))
                .y_axis_formatter(|mark, range| unless_at_top(mark, range, percent_tick)),
            CloudMode::Amount => {
                plot.y_axis_formatter(|mark, range| unless_at_top(mark, range, money_tick))
            }
        };
        let response = plot.show(ui, |plot_ui| {
            shared.apply(plot_ui, y);
            for band in &chart.bands {
                let (lower, upper) = match mode {
                    CloudMode::Share => &band.share_edges,
                    CloudMode::Amount => &band.spend_edges,
                };
                plot_ui.add(
                    FilledArea::new(band.name.clone(), &chart.step_xs, lower, upper)
                        .id(("band", band.provider))
                        .fill_color(band_fill(band.color))
                        .allow_hover(false),
                );
            }
        });
        follow_up(&response, shared.time, cx);
    };
    with_header(ui, placement, "cloud", cx, header, plot);
}

/// The plots below the timeline: revenue share and cloud distribution. Side by side
/// when there is room; otherwise stacked, with their headers on the left so that the
/// plot areas line up with the timeline's lanes above.
pub fn plots_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let revenue_id = ui.make_persistent_id("revenue_chart");
    let cloud_id = ui.make_persistent_id("cloud_chart");
    let full = ui.available_rect_before_wrap();
    let gap = 2.0 * theme::GAP;
    let (first, second) = if full.width() >= SIDE_BY_SIDE_MIN_WIDTH {
        let w = (full.width() - gap) / 2.0;
        (
            Placement::Above(egui::Rect::from_min_size(full.min, vec2(w, full.height()))),
            Placement::Above(egui::Rect::from_min_size(
                full.min + vec2(w + gap, 0.0),
                vec2(w, full.height()),
            )),
        )
    } else {
        let h = (full.height() - gap) / 2.0;
        let row = |top: f32| {
            let rect =
                egui::Rect::from_min_size(egui::pos2(full.left(), top), vec2(full.width(), h));
            aligned_with_timeline(rect)
        };
        (row(full.top()), row(full.top() + h + gap))
    };
    revenue_ui(ui, cx, revenue_id, first);
    cloud_ui(ui, cx, cloud_id, second);
    ui.advance_cursor_after_rect(full);
}

/// A row split so that the plot area spans the same x range as the timeline's lanes:
/// from the lane-title column's right edge to a small margin before the right edge.
fn aligned_with_timeline(row: egui::Rect) -> Placement {
    let lanes_left = row.left() + theme::LANE_LABEL_WIDTH.min(0.3 * row.width());
    let plot_left = (lanes_left - Y_AXIS_WIDTH).max(row.left());
    let header =
        egui::Rect::from_x_y_ranges(row.left()..=plot_left - theme::GAP / 2.0, row.y_range());
    let plot = egui::Rect::from_x_y_ranges(
        plot_left..=(row.right() - TIMELINE_RIGHT_MARGIN).max(plot_left + 1.0),
        row.y_range(),
    );
    Placement::Beside { header, plot }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::ui::testing::{self, PanelState};
    use chrono::NaiveDate;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::engine::project;
    use crate::model::{
        Boundary, Clause, ClauseKind, ExclusivityLevel, Horizon, Month, Party, Period, Provider,
        RateStep, RevenueStream, Rgb, Uncertain, Workload, WorkloadSize, YearPoint, YearlyPath,
    };

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn month(s: &str) -> Month {
        s.parse().expect("test month")
    }

    fn flat(amount: f64) -> YearlyPath {
        YearlyPath {
            points: vec![YearPoint {
                year: 2024,
                amount,
                sources: vec![],
            }],
            terminal_growth: Uncertain::exact(0.0),
        }
    }

    fn clause(id: &str, start: &str, end: Option<&str>, kind: ClauseKind) -> Clause {
        Clause {
            id: id.into(),
            title: id.into(),
            text: String::new(),
            sources: vec![],
            period: Period {
                start: Boundary::Date(date(start)),
                end: end.map(|e| Boundary::Date(date(e))).into_iter().collect(),
            },
            kind,
        }
    }

    fn share(payer: &str, payee: &str, base: &str, rate: f64, cap: Option<f64>) -> ClauseKind {
        ClauseKind::RevenueShare {
            payer: payer.into(),
            payee: payee.into(),
            base: base.into(),
            schedule: vec![RateStep {
                from: date("2024-01-01"),
                rate: Uncertain::exact(rate),
            }],
            cap: cap.map(Uncertain::exact),
            spread_months: 1,
        }
    }

    /// 2024–2025 with no discounting and instant migration:
    /// - Alpha pays Beta 10 % of 100 a month ("ab"), capped at 150: reached in March 2025;
    /// - Beta pays Alpha 1 % of 200 a month ("ba"): 2 a month;
    /// - providers Harbor (weight 4) and Xeno (weight 1); workload "Training" (100 a month)
    ///   is exclusive to Harbor in 2024, workload "Serving" (200 a month) never is.
    pub(crate) fn small_agreement() -> Agreement {
        let party = |id: &str, name: &str, rgb: [u8; 3]| Party {
            id: id.into(),
            name: name.into(),
            color: Rgb(rgb),
        };
        let provider = |id: &str, name: &str, weight: f64, rgb: [u8; 3]| Provider {
            id: id.into(),
            name: name.into(),
            color: Rgb(rgb),
            weight: Uncertain::exact(weight),
            available_from: None,
            sources: vec![],
        };
        let stream = |id: &str, owner: &str, yearly: f64| RevenueStream {
            id: id.into(),
            name: id.into(),
            owner: owner.into(),
            path: flat(yearly),
            scale: Uncertain::exact(1.0),
        };
        let workload = |id: &str, name: &str, yearly: f64| Workload {
            id: id.into(),
            name: name.into(),
            size: WorkloadSize::Path(flat(yearly)),
            sources: vec![],
        };
        Agreement {
            version: crate::model::CURRENT_VERSION,
            title: "Small".into(),
            description: String::new(),
            currency: "USD".into(),
            horizon: Horizon {
                first: month("2024-01"),
                last: month("2025-12"),
            },
            valuation_date: date("2024-01-01"),
            discount_rate: Uncertain::exact(0.0),
            migration_months: Uncertain::exact(0.0),
            parties: vec![
                party("a", "Alpha", [200, 40, 40]),
                party("b", "Beta", [40, 40, 200]),
            ],
            providers: vec![
                provider("h", "Harbor", 4.0, [0, 120, 212]),
                provider("x", "Xeno", 1.0, [255, 153, 0]),
            ],
            streams: vec![stream("s", "a", 1200.0), stream("t", "b", 2400.0)],
            workloads: vec![
                workload("w", "Training", 1200.0),
                workload("v", "Serving", 2400.0),
            ],
            events: vec![],
            clauses: vec![
                clause(
                    "ab",
                    "2024-01-01",
                    None,
                    share("a", "b", "s", 0.1, Some(150.0)),
                ),
                clause("ba", "2024-01-01", None, share("b", "a", "t", 0.01, None)),
                clause(
                    "excl",
                    "2024-01-01",
                    Some("2025-01-01"),
                    ClauseKind::Exclusivity {
                        provider: "h".into(),
                        workloads: vec!["w".into()],
                        level: ExclusivityLevel::Exclusive,
                    },
                ),
            ],
            sources: vec![],
        }
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
            "expected {expected}, got {actual}"
        );
    }

    fn revenue() -> RevenueChart {
        let a = small_agreement();
        RevenueChart::new(&a, &project(&a))
    }

    #[test]
    fn bars_of_two_directions_sit_side_by_side_within_their_year() {
        let chart = revenue();
        let [ab, ba] = &chart.directions[..] else {
            panic!("expected two directions, got {:?}", chart.directions.len());
        };
        assert_eq!(ab.label, "Alpha → Beta");
        assert_eq!(ba.label, "Beta → Alpha");
        assert_eq!(ab.color, Color32::from_rgb(200, 40, 40));
        let years: Vec<i32> = ab.bars.iter().map(|b| b.year).collect();
        assert_eq!(years, [2024, 2025]);
        // Two bars share the middle 80 % of the year: centres at .3 and .7, 90 % of 0.4 wide.
        close(ab.bars[0].x, 2024.3);
        close(ba.bars[0].x, 2024.7);
        close(ab.bars[0].width, 0.36);
        assert!(ab.bars[0].x + ab.bars[0].width / 2.0 < ba.bars[0].x - ba.bars[0].width / 2.0);
        // 10 a month in 2024; 30 in 2025 until the cap of 150.
        close(ab.bars[0].value, 120.0);
        close(ab.bars[1].value, 30.0);
        close(ba.bars[1].value, 24.0);
    }

    #[test]
    fn cumulative_lines_start_at_zero_and_end_at_the_total_paid() {
        let chart = revenue();
        let ab = &chart.directions[0];
        assert_eq!(ab.cumulative.len(), 25);
        assert_eq!(ab.cumulative[0], [x_from_month(month("2024-01")), 0.0]);
        close(ab.cumulative[1][1], 10.0);
        close(ab.cumulative[1][0], x_from_month(month("2024-02")));
        close(ab.cumulative[24][1], 150.0);
        close(ab.cumulative[24][0], 2026.0);
    }

    #[test]
    fn the_net_line_reads_in_the_direction_money_mostly_flows() {
        let chart = revenue();
        let [net] = &chart.nets[..] else {
            panic!("expected one net line");
        };
        assert_eq!(net.label, "Net Alpha → Beta");
        close(net.cumulative[24][1], 150.0 - 48.0);

        // With one direction only, a net line would repeat that direction's line.
        let mut a = small_agreement();
        a.clauses.remove(1);
        assert!(RevenueChart::new(&a, &project(&a)).nets.is_empty());
    }

    #[test]
    fn a_capped_clause_gets_a_cap_line_and_the_month_it_is_reached() {
        let chart = revenue();
        let [cap] = &chart.caps[..] else {
            panic!("expected one cap");
        };
        assert_eq!(cap.label, "cap $150");
        assert_eq!(cap.clause, "ab");
        close(cap.cap, 150.0);
        // Cumulative accrual reaches 150 in March 2025: the point sits at its end.
        close(
            cap.reached_x.expect("reached"),
            x_from_month(month("2025-04")),
        );
        close(cap.x_range.0, 2024.0);
        close(cap.x_range.1, 2026.0);
        close(cap.accrued[24][1], 150.0);
    }

    #[test]
    fn the_y_range_fits_what_is_visible_with_headroom() {
        let chart = revenue();
        let (lo, hi) = chart.y_range(2024.0, 2024.5);
        assert_eq!(lo, 0.0);
        // The 2024 bar (120) and the cap (150, its line spans the view) are visible.
        close(hi, 150.0 * (1.0 + Y_HEADROOM));
        let (_, hi) = chart.y_range(2030.0, 2031.0);
        assert!(hi <= 1.0 + Y_HEADROOM, "nothing visible: {hi}");
    }

    #[test]
    fn the_revenue_tooltip_gives_the_month_and_money() {
        let text = revenue()
            .hover_text(x_from_date(date("2024-03-15")))
            .expect("in the horizon");
        assert_eq!(
            text,
            "Mar 2024\n\
             Alpha → Beta: $120 in 2024, $30 so far\n\
             Beta → Alpha: $24 in 2024, $6 so far\n\
             Net Alpha → Beta: $24 so far\n\
             ab: $30 of cap $150 accrued"
        );
        assert_eq!(revenue().hover_text(2030.0), None);
    }

    #[test]
    fn stacked_shares_fill_exactly_to_one_and_amounts_to_the_total() {
        let a = small_agreement();
        let p = project(&a);
        let chart = CloudChart::new(&a, &p, None);
        let names: Vec<&str> = chart.bands.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["Harbor", "Xeno"]);
        assert_eq!(chart.step_xs.len(), 48);
        let top = chart.bands.last().expect("bands");
        for (k, &upper) in top.share_edges.1.iter().enumerate() {
            close(upper, 1.0);
            close(top.spend_edges.1[k], chart.total[k / 2]);
        }
        // Each band starts where the one below ends.
        assert_eq!(chart.bands[1].share_edges.0, chart.bands[0].share_edges.1);
        // 2024: Training all on Harbor (100), Serving 4:1 (160 + 40).
        close(chart.bands[0].share[0], 260.0 / 300.0);
        close(chart.total[0], 300.0);
    }

    #[test]
    fn one_workload_shows_its_own_shares() {
        let a = small_agreement();
        let p = project(&a);
        let chart = CloudChart::new(&a, &p, Some(0));
        close(chart.bands[0].share[0], 1.0);
        close(chart.bands[0].share[12], 0.8);
        close(chart.total[12], 100.0);
        assert_eq!(chart.y_range(CloudMode::Share, 2024.0, 2026.0).0, 0.0);
        close(
            chart.y_range(CloudMode::Amount, 2024.0, 2026.0).1,
            100.0 * (1.0 + Y_HEADROOM),
        );
        let text = chart
            .hover_text(CloudMode::Share, 2025.05)
            .expect("in the horizon");
        assert_eq!(
            text,
            "Jan 2025\nXeno: 20.0 % ($20/month)\nHarbor: 80.0 % ($80/month)\nTotal: $100/month"
        );
    }

    fn marks(min: f64, max: f64, base_step_size: f64) -> Vec<GridMark> {
        time_marks(&GridInput {
            bounds: (min, max),
            base_step_size,
        })
    }

    #[test]
    fn time_marks_are_nested_years_or_months() {
        // Zoomed out: every year, every other year stronger, every tenth strongest.
        let m = marks(2019.3, 2033.2, 0.5);
        let values: Vec<f64> = m.iter().map(|g| g.value).collect();
        assert_eq!(values, (2020..=2033).map(f64::from).collect::<Vec<_>>());
        let step = |year: f64| m.iter().find(|g| g.value == year).map(|g| g.step_size);
        assert_eq!(step(2021.0), Some(1.0));
        assert_eq!(step(2022.0), Some(2.0));
        assert_eq!(step(2030.0), Some(10.0));
        assert_eq!(time_label(m[0], &(2019.3..=2033.2)), "2020");

        // Zoomed in: month starts, quarters and years ranked.
        let m = marks(2024.9, 2025.6, 0.05);
        let labels: Vec<String> = m
            .iter()
            .map(|g| time_label(*g, &(2024.9..=2025.6)))
            .collect();
        assert_eq!(
            labels,
            [
                "Dec", "2025", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"
            ]
        );
        assert_eq!(m[4].step_size, 0.25);
        assert_eq!(m[3].step_size, 1.0 / 12.0);

        assert!(marks(2025.0, 2025.0, 1.0).is_empty());
        assert!(marks(f64::NAN, 2025.0, 1.0).is_empty());
    }

    #[test]
    fn labels_that_would_be_cut_at_an_edge_are_left_out() {
        let year = |value: f64| GridMark {
            value,
            step_size: 1.0,
        };
        let range = 2019.0..=2033.1;
        assert_eq!(time_tick(year(2033.0), &range), "");
        assert_eq!(time_tick(year(2020.0), &range), "2020");
        let share = |value: f64| GridMark {
            value,
            step_size: 0.25,
        };
        assert_eq!(
            unless_at_top(share(1.0), &(0.0..=1.04), percent_tick),
            "100 %"
        );
        assert_eq!(unless_at_top(share(1.0), &(0.0..=1.01), percent_tick), "");
    }

    #[test]
    fn prepared_series_are_built_once_per_key() {
        let builds = std::cell::Cell::new(0);
        let key = std::cell::Cell::new(1);
        let mut harness = Harness::new_ui(|ui| {
            let id = ui.make_persistent_id("test_cache");
            let value = cached(ui, id, key.get(), || {
                builds.set(builds.get() + 1);
                key.get() * 10
            });
            assert_eq!(*value, key.get() * 10);
        });
        harness.run_steps(3);
        key.set(2);
        harness.run_steps(3);
        drop(harness);
        assert_eq!(builds.get(), 2);
    }

    #[test]
    fn money_ticks_drop_a_trailing_zero_decimal() {
        assert_eq!(money_tick(10e9), "$10B");
        assert_eq!(money_tick(2.5e9), "$2.5B");
        assert_eq!(money_tick(0.0), "$0");
        assert_eq!(money_tick(-20e9), "-$20B");
        assert_eq!(money_tick(100e6), "$100M");
        assert_eq!(percent_tick(0.4), "40 %");
    }

    fn harness(size: egui::Vec2) -> Harness<'static, PanelState> {
        testing::harness(small_agreement(), size, plots_ui)
    }

    #[test]
    fn the_panel_shows_both_plots_with_legends_and_keeps_the_time_view() {
        let mut harness = harness(egui::vec2(900.0, 400.0));
        harness.run();
        harness.get_by_label("Alpha → Beta");
        // Stacked, with the headers beside the plots, too.
        harness.set_size(egui::vec2(600.0, 500.0));
        harness.run();
        let before = harness.state().view.time_view;
        harness.get_by_label("Revenue share");
        harness.get_by_label("Cloud distribution");
        harness.get_by_label("Alpha → Beta");
        harness.get_by_label("Net Alpha → Beta");
        harness.get_by_label("cap $150");
        harness.get_by_label("Harbor");
        harness.get_by_label("Xeno");
        harness.run();
        // Drawing alone never moves the shared time axis.
        assert_eq!(harness.state().view.time_view, before);
    }

    #[test]
    fn hovering_shares_the_date_and_dragging_pans_the_shared_time_axis() {
        let mut harness = harness(egui::vec2(900.0, 400.0));
        harness.run();
        let before = harness.state().view.time_view;
        // Inside the revenue plot, on the left half.
        let at = egui::pos2(250.0, 200.0);
        harness.hover_at(at);
        harness.run();
        let hover = harness
            .state()
            .view
            .hover_x
            .expect("hover over a plot is shared");
        assert!(
            before.min < hover && hover < before.max,
            "{hover} outside {before:?}"
        );

        harness.drag_at(at);
        harness.step();
        harness.hover_at(at - vec2(50.0, 0.0));
        harness.step();
        harness.hover_at(at - vec2(100.0, 0.0));
        harness.step();
        harness.drop_at(at - vec2(100.0, 0.0));
        harness.run();
        let after = harness.state().view.time_view;
        // Dragging left by about a quarter of the plot shows later years; the span stays.
        let moved = (after.min - before.min) / before.span();
        assert!((0.15..0.4).contains(&moved), "{before:?} → {after:?}");
        assert!((after.span() - before.span()).abs() < 1e-9);
    }

    #[test]
    fn clicking_amount_switches_the_cloud_plot_to_amounts() {
        let mut harness = harness(egui::vec2(600.0, 700.0));
        harness.run();
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Share);
        harness.get_by_label("Amount").click();
        harness.run();
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Amount);
        harness.get_by_label("Share").click();
        harness.run();
        assert_eq!(harness.state().prefs.cloud_mode, CloudMode::Share);
    }
}
