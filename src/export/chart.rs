//! The revenue-share and cloud-distribution charts as SVG or PNG, drawn with plotters
//! from the same view models as the screen, so that colours and names match.

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ExportError;
use crate::engine::Projection;
use crate::model::{Agreement, Rgb};
use crate::view::cloud::{CloudChart, CloudMode};
use crate::view::revenue::RevenueChart;
use crate::words;

/// A chart's size in pixels (PNG) or user units (SVG).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl ChartSize {
    /// The size of the charts in a report: wide enough for a page, short enough to
    /// print two on one.
    pub const REPORT: Self = Self {
        width: 1000,
        height: 520,
    };
    /// The smallest chart that still has room for its title, axes and legend.
    pub const MIN: Self = Self {
        width: 320,
        height: 240,
    };
    /// The largest chart drawn: a bigger PNG would take hundreds of megabytes.
    pub const MAX: Self = Self {
        width: 8192,
        height: 8192,
    };

    /// `width` × `height`, or an error naming the allowed range.
    pub fn new(width: u32, height: u32) -> Result<Self, ExportError> {
        let ok = (Self::MIN.width..=Self::MAX.width).contains(&width)
            && (Self::MIN.height..=Self::MAX.height).contains(&height);
        if ok {
            Ok(Self { width, height })
        } else {
            Err(ExportError::Size { width, height })
        }
    }

    /// Text and lines grow with the chart, measured against a 1000-pixel-wide one, but
    /// more slowly than the chart: small charts keep readable text, large ones do not
    /// shout.
    fn scale(self) -> f64 {
        (f64::from(self.width.min(self.height * 2)) / 1000.0)
            .sqrt()
            .clamp(0.5, 3.0)
    }
}

/// The family name charts ask for.
const FONT: &str = "sans-serif";

/// Registers egui's own sans-serif font with plotters once, so that text is measured
/// (for the legend's layout) without a system font library. SVG text names the family
/// and the viewer picks the font; PNG text is drawn with the same font.
fn register_font() -> Result<(), ExportError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT)
            .is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ExportError::Draw(
            "the chart font could not be read".to_owned(),
        ))
    }
}

/// The cap line's colour: the screen's warning orange.
const CAP_COLOR: Rgb = Rgb([0xe0, 0x6c, 0x00]);
/// The net line's colour: the screen's strong text on a light background.
const NET_COLOR: Rgb = Rgb([0x20, 0x20, 0x20]);
const TEXT_COLOR: RGBColor = RGBColor(0x20, 0x20, 0x20);
const WEAK_TEXT_COLOR: RGBColor = RGBColor(0x60, 0x60, 0x60);
const GRID_COLOR: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
const AXIS_COLOR: RGBColor = RGBColor(0x90, 0x90, 0x90);
/// Bars are translucent so that the lines behind them stay visible, as on screen.
const BAR_ALPHA: f64 = 0.55;
/// Cloud bands are nearly opaque: their colours are what the reader reads.
const BAND_ALPHA: f64 = 0.85;

fn color(c: Rgb) -> RGBColor {
    let [r, g, b] = c.0;
    RGBColor(r, g, b)
}

/// How a legend entry's swatch looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Swatch {
    /// A filled square with a line across: bars with a cumulative line.
    FillAndLine,
    Fill,
    ThickLine,
    Dotted,
    Dashed,
}

#[derive(Clone, Debug)]
struct LegendEntry {
    swatch: Swatch,
    color: Rgb,
    label: String,
}

/// Money on an axis: `$10B`, `$2.5B`, no trailing `.0`.
fn money_tick(value: f64) -> String {
    let text = words::money(value);
    match text.find(".0") {
        Some(i) if !text[i + 2..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}{}", &text[..i], &text[i + 2..])
        }
        _ => text,
    }
}

fn percent_tick(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

/// Year ticks on Jan 1 of every `step`-th year, with a step that leaves room for labels.
fn year_ticks(x0: f64, x1: f64, plot_width_px: f64, label_px: f64) -> Vec<f64> {
    let years = (x1 - x0).max(1.0);
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|&s| plot_width_px / (years / f64::from(s)) >= label_px * 1.6)
        .unwrap_or(100);
    let first = x0.ceil() as i32;
    let last = x1.floor() as i32;
    (first..=last)
        .filter(|y| y.rem_euclid(step) == 0)
        .map(f64::from)
        .collect()
}

/// Nice y ticks from `lo` to `hi`: about `count` steps of 1, 2 or 5 × 10ⁿ.
fn value_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Where a chart goes: the title strip, the plot and the legend below it.
struct Layout<DB: DrawingBackend> {
    plot: DrawingArea<DB, Shift>,
    legend: DrawingArea<DB, Shift>,
    scale: f64,
}

fn draw_error<E: std::fmt::Debug>(e: E) -> ExportError {
    ExportError::Draw(format!("{e:?}"))
}

fn font(scale: f64, points: f64) -> FontDesc<'static> {
    (FONT, points * scale).into_font()
}

/// `text`, cut short with an ellipsis if it is wider than `width` pixels. The cut is
/// found by halving, so that a huge title from a hostile file costs a few dozen
/// measurements, not one per character.
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &FontDesc<'_>,
    width: f64,
) -> String {
    let style = TextStyle::from(font.clone());
    let fits = |t: &str| {
        area.estimate_text_size(t, &style)
            .map_or(true, |(w, _)| f64::from(w) <= width)
    };
    if fits(text) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_owned() + "…";
    // The longest prefix that fits with its ellipsis: `lo` fits, `hi` does not.
    let (mut lo, mut hi) = (0, chars.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(&cut(mid)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    cut(lo)
}

/// Lays out a chart with a title and subtitle on top and `legend_rows` rows of legend
/// below.
fn layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    size: ChartSize,
    title: &str,
    subtitle: &str,
    legend_rows: usize,
) -> Result<Layout<DB>, ExportError> {
    let scale = size.scale();
    root.fill(&WHITE).map_err(draw_error)?;
    let pad = (16.0 * scale) as i32;
    let width = f64::from(size.width) - 2.0 * f64::from(pad);
    let title_height = (58.0 * scale) as i32;
    let (top, rest) = root.split_vertically(title_height);
    top.draw(&Text::new(
        fit(root, title, &font(scale, 22.0), width),
        (pad, (10.0 * scale) as i32),
        font(scale, 22.0).color(&TEXT_COLOR),
    ))
    .map_err(draw_error)?;
    top.draw(&Text::new(
        fit(root, subtitle, &font(scale, 14.0), width),
        (pad, (36.0 * scale) as i32),
        font(scale, 14.0).color(&WEAK_TEXT_COLOR),
    ))
    .map_err(draw_error)?;
    let legend_height = (legend_rows as f64 * 22.0 * scale + 12.0 * scale) as i32;
    let rest_height = rest.dim_in_pixel().1 as i32;
    let (plot, legend) = rest.split_vertically((rest_height - legend_height).max(1));
    Ok(Layout {
        plot,
        legend,
        scale,
    })
}

/// The legend's entries laid out in rows that fit `width`: each row's entries.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    scale: f64,
) -> Vec<Vec<(LegendEntry, i32)>> {
    let width = f64::from(area.dim_in_pixel().0) - 32.0 * scale;
    let style = font(scale, 13.0);
    let mut rows: Vec<Vec<(LegendEntry, i32)>> = vec![Vec::new()];
    let mut used = 0.0;
    for e in entries {
        let text = area
            .estimate_text_size(&e.label, &TextStyle::from(style.clone()))
            .map_or(e.label.len() as f64 * 7.0 * scale, |(w, _)| f64::from(w));
        let entry_width = 26.0 * scale + text + 18.0 * scale;
        if used > 0.0 && used + entry_width > width {
            rows.push(Vec::new());
            used = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((e.clone(), entry_width as i32));
        }
        used += entry_width;
    }
    rows
}

/// Rows the legend needs at `size`, measured the same way it is drawn.
fn count_legend_rows(size: ChartSize, entries: &[LegendEntry]) -> usize {
    // Measuring needs a drawing area; an SVG one of the same width draws nothing.
    let mut sink = String::new();
    let backend = SVGBackend::with_string(&mut sink, (size.width, 10));
    let area = backend.into_drawing_area();
    legend_rows(&area, entries, size.scale()).len()
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    scale: f64,
) -> Result<(), ExportError> {
    let pad = (16.0 * scale) as i32;
    let row_height = (22.0 * scale) as i32;
    let swatch = (18.0 * scale) as i32;
    for (r, row) in legend_rows(area, entries, scale).into_iter().enumerate() {
        let y = (6.0 * scale) as i32 + r as i32 * row_height + row_height / 2;
        let mut x = pad;
        for (e, width) in row {
            let c = color(e.color);
            let (x0, x1) = (x, x + swatch);
            let half = swatch / 3;
            let line = |w: f64| ShapeStyle::from(&c).stroke_width((w * scale).max(1.0) as u32);
            match e.swatch {
                Swatch::Fill | Swatch::FillAndLine => {
                    let alpha = if e.swatch == Swatch::Fill {
                        BAND_ALPHA
                    } else {
                        BAR_ALPHA
                    };
                    area.draw(&Rectangle::new(
                        [(x0, y - half), (x1, y + half)],
                        c.mix(alpha).filled(),
                    ))
                    .map_err(draw_error)?;
                    if e.swatch == Swatch::FillAndLine {
                        area.draw(&PathElement::new(vec![(x0, y), (x1, y)], line(2.0)))
                            .map_err(draw_error)?;
                    }
                }
                Swatch::ThickLine => {
                    area.draw(&PathElement::new(vec![(x0, y), (x1, y)], line(3.0)))
                        .map_err(draw_error)?;
                }
                Swatch::Dotted | Swatch::Dashed => {
                    let (dash, gap) = if e.swatch == Swatch::Dotted {
                        (2.0, 3.0)
                    } else {
                        (6.0, 4.0)
                    };
                    let mut at = x0;
                    while at < x1 {
                        let end = (at + (dash * scale) as i32).min(x1);
                        area.draw(&PathElement::new(vec![(at, y), (end, y)], line(2.0)))
                            .map_err(draw_error)?;
                        at = end + (gap * scale).max(1.0) as i32;
                    }
                }
            }
            area.draw(&Text::new(
                e.label.clone(),
                (x1 + (8.0 * scale) as i32, y),
                font(scale, 13.0)
                    .color(&TEXT_COLOR)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
            x += width;
        }
    }
    Ok(())
}

/// A message in place of a chart with nothing to draw.
fn empty_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    scale: f64,
) -> Result<(), ExportError> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_owned(),
        ((w / 2) as i32, (h / 2) as i32),
        font(scale, 15.0)
            .color(&WEAK_TEXT_COLOR)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(draw_error)
}

type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot's coordinates inside `area`, with room on the left and below for labels.
fn plot_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: (f64, f64),
    y: (f64, f64),
    s: f64,
) -> Result<Plot<'_, DB>, ExportError> {
    ChartBuilder::on(area)
        .margin_left((16.0 * s) as i32)
        .margin_right((28.0 * s) as i32)
        .margin_top((8.0 * s) as i32)
        .x_label_area_size((30.0 * s) as i32)
        .y_label_area_size((64.0 * s) as i32)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(draw_error)
}

/// Grid lines and labels at the given ticks: years below, values on the left. Drawn by
/// hand so that each year is labelled once, at its first day.
fn axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &mut Plot<'_, DB>,
    years: &[f64],
    values: &[f64],
    value_label: fn(f64) -> String,
    s: f64,
) -> Result<(), ExportError> {
    let (xr, yr) = (c.x_range(), c.y_range());
    let grid = GRID_COLOR.stroke_width(1);
    for &y in values {
        c.draw_series(LineSeries::new([(xr.start, y), (xr.end, y)], grid))
            .map_err(draw_error)?;
    }
    for &x in years {
        c.draw_series(LineSeries::new([(x, yr.start), (x, yr.end)], grid))
            .map_err(draw_error)?;
    }
    let axis = AXIS_COLOR.stroke_width(1);
    c.draw_series(LineSeries::new(
        [(xr.start, yr.end), (xr.start, yr.start), (xr.end, yr.start)],
        axis,
    ))
    .map_err(draw_error)?;
    let label = font(s, 13.0).color(&TEXT_COLOR);
    let gap = (6.0 * s) as i32;
    for &y in values {
        let (px, py) = c.backend_coord(&(xr.start, y));
        root.draw(&Text::new(
            value_label(y),
            (px - gap, py),
            label.pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(draw_error)?;
    }
    for &x in years {
        let (px, py) = c.backend_coord(&(x, yr.start));
        root.draw(&Text::new(
            format!("{x:.0}"),
            (px, py + gap),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// The horizon's first and last x, from the chart's month edges.
fn x_span(edges: &[f64]) -> (f64, f64) {
    match (edges.first(), edges.last()) {
        (Some(&a), Some(&b)) if b > a => (a, b),
        _ => (0.0, 1.0),
    }
}

fn revenue_legend(chart: &RevenueChart) -> Vec<LegendEntry> {
    let mut entries = Vec::new();
    for d in &chart.directions {
        entries.push(LegendEntry {
            swatch: Swatch::FillAndLine,
            color: d.color,
            label: d.label.clone(),
        });
    }
    for n in &chart.nets {
        entries.push(LegendEntry {
            swatch: Swatch::ThickLine,
            color: NET_COLOR,
            label: n.label.clone(),
        });
    }
    for c in &chart.caps {
        entries.push(LegendEntry {
            swatch: Swatch::Dotted,
            color: c.color,
            label: format!("Accrued toward {}", c.label),
        });
        entries.push(LegendEntry {
            swatch: Swatch::Dashed,
            color: CAP_COLOR,
            label: format!("{} ({})", c.label, c.clause),
        });
    }
    entries
}

/// What each cap counts, a line each, under the legend.
fn cap_notes(chart: &RevenueChart) -> Vec<String> {
    chart
        .caps
        .iter()
        .map(|c| format!("{}: {}", c.label, c.accrued_tooltip))
        .collect()
}

/// Draws the revenue-share chart of `a`: yearly bars per direction, cumulative lines,
/// net lines, and each cap with what it counts.
fn draw_revenue<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: &Agreement,
    chart: &RevenueChart,
    size: ChartSize,
) -> Result<(), ExportError> {
    let entries = revenue_legend(chart);
    let notes = cap_notes(chart);
    let rows = count_legend_rows(size, &entries) + notes.len();
    let parts = layout(
        root,
        size,
        &format!("Revenue share — {}", a.title),
        &format!(
            "Payments in {}: bars paid per calendar year, lines cumulative since the horizon's start",
            a.currency
        ),
        rows,
    )?;
    let s = parts.scale;
    if chart.is_empty() {
        empty_message(
            &parts.plot,
            "No revenue-share payments in this agreement",
            s,
        )?;
        return parts.plot.present().map_err(draw_error);
    }
    let (x0, x1) = x_span(&chart.edges);
    let (y0, y1) = chart.y_range(x0, x1);
    let plot_width = f64::from(parts.plot.dim_in_pixel().0) - 90.0 * s;
    let years = year_ticks(x0, x1, plot_width, 40.0 * s);
    let ticks = value_ticks(y0, y1, 6);
    let mut c = plot_area(&parts.plot, (x0, x1), (y0, y1), s)?;
    axes(root, &mut c, &years, &ticks, money_tick, s)?;
    let width = |w: f64| (w * s).max(1.0) as u32;
    for d in &chart.directions {
        let fill = color(d.color);
        c.draw_series(d.bars.iter().map(|b| {
            Rectangle::new(
                [(b.x - b.width / 2.0, 0.0), (b.x + b.width / 2.0, b.value)],
                fill.mix(BAR_ALPHA).filled(),
            )
        }))
        .map_err(draw_error)?;
    }
    for cap in &chart.caps {
        let cc = color(cap.color);
        c.draw_series(DashedLineSeries::new(
            cap.accrued.iter().map(|p| (p[0], p[1])),
            2.0 * s,
            3.0 * s,
            cc.stroke_width(width(2.0)),
        ))
        .map_err(draw_error)?;
        c.draw_series(DashedLineSeries::new(
            [(cap.x_range.0, cap.cap), (cap.x_range.1, cap.cap)],
            8.0 * s,
            5.0 * s,
            color(CAP_COLOR).stroke_width(width(2.0)),
        ))
        .map_err(draw_error)?;
        if let Some(x) = cap.reached_x {
            c.draw_series(std::iter::once(Circle::new(
                (x, cap.cap),
                (4.0 * s) as i32,
                color(CAP_COLOR).filled(),
            )))
            .map_err(draw_error)?;
        }
    }
    for d in &chart.directions {
        c.draw_series(LineSeries::new(
            d.cumulative.iter().map(|p| (p[0], p[1])),
            color(d.color).stroke_width(width(2.0)),
        ))
        .map_err(draw_error)?;
    }
    for n in &chart.nets {
        c.draw_series(LineSeries::new(
            n.cumulative.iter().map(|p| (p[0], p[1])),
            color(NET_COLOR).stroke_width(width(3.0)),
        ))
        .map_err(draw_error)?;
    }
    draw_legend(&parts.legend, &entries, s)?;
    let legend_rows = count_legend_rows(size, &entries);
    for (i, note) in notes.iter().enumerate() {
        let y = (6.0 * s) as i32 + ((legend_rows + i) as f64 * 22.0 * s) as i32 + (11.0 * s) as i32;
        parts
            .legend
            .draw(&Text::new(
                fit(root, note, &font(s, 12.0), f64::from(size.width) - 32.0 * s),
                ((16.0 * s) as i32, y),
                font(s, 12.0)
                    .color(&WEAK_TEXT_COLOR)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
    }
    root.present().map_err(draw_error)
}

/// Draws the cloud-distribution chart: each provider's share of all workloads' spend
/// per month, stacked to 100 %.
fn draw_cloud<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: &Agreement,
    chart: &CloudChart,
    size: ChartSize,
) -> Result<(), ExportError> {
    let entries: Vec<LegendEntry> = chart
        .bands
        .iter()
        .map(|b| LegendEntry {
            swatch: Swatch::Fill,
            color: b.color,
            label: b.name.clone(),
        })
        .collect();
    let rows = count_legend_rows(size, &entries);
    let parts = layout(
        root,
        size,
        &format!("Cloud distribution — {}", a.title),
        "Each provider's share of compute spend per month, all workloads, stacked to 100 %",
        rows,
    )?;
    let s = parts.scale;
    if chart.is_empty() {
        empty_message(&parts.plot, "No cloud spend in this agreement", s)?;
        return root.present().map_err(draw_error);
    }
    let (x0, x1) = x_span(&chart.edges);
    let (y0, y1) = chart.y_range(CloudMode::Share, x0, x1);
    let plot_width = f64::from(parts.plot.dim_in_pixel().0) - 90.0 * s;
    let years = year_ticks(x0, x1, plot_width, 40.0 * s);
    let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
    let mut c = plot_area(&parts.plot, (x0, x1), (y0, y1), s)?;
    axes(root, &mut c, &years, &ticks, percent_tick, s)?;
    for band in &chart.bands {
        let (lower, upper) = band.edges(CloudMode::Share);
        // One closed outline per provider: along the top edge, back along the bottom.
        let top = chart.step_xs.iter().zip(upper).map(|(&x, &y)| (x, y));
        let bottom = chart.step_xs.iter().zip(lower).rev().map(|(&x, &y)| (x, y));
        let outline: Vec<(f64, f64)> = top.chain(bottom).collect();
        c.draw_series(std::iter::once(Polygon::new(
            outline,
            color(band.color).mix(BAND_ALPHA).filled(),
        )))
        .map_err(draw_error)?;
    }
    draw_legend(&parts.legend, &entries, s)?;
    root.present().map_err(draw_error)
}

/// The revenue-share chart of `a` as projected in `p`, as SVG text.
pub fn revenue_svg(a: &Agreement, p: &Projection, size: ChartSize) -> Result<String, ExportError> {
    let chart = RevenueChart::new(a, p);
    svg(size, |root| draw_revenue(root, a, &chart, size))
}

/// The revenue-share chart of `a` as projected in `p`, written to `path` as PNG.
pub fn revenue_png(
    a: &Agreement,
    p: &Projection,
    size: ChartSize,
    path: &Path,
) -> Result<(), ExportError> {
    let chart = RevenueChart::new(a, p);
    png(size, path, |root| draw_revenue(root, a, &chart, size))
}

/// The cloud-distribution chart (all workloads, shares) as SVG text.
pub fn cloud_svg(a: &Agreement, p: &Projection, size: ChartSize) -> Result<String, ExportError> {
    let chart = CloudChart::new(a, p, None);
    svg(size, |root| draw_cloud(root, a, &chart, size))
}

/// The cloud-distribution chart (all workloads, shares), written to `path` as PNG.
pub fn cloud_png(
    a: &Agreement,
    p: &Projection,
    size: ChartSize,
    path: &Path,
) -> Result<(), ExportError> {
    let chart = CloudChart::new(a, p, None);
    png(size, path, |root| draw_cloud(root, a, &chart, size))
}

fn svg(
    size: ChartSize,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ExportError>,
) -> Result<String, ExportError> {
    register_font()?;
    let mut text = String::new();
    {
        let root =
            SVGBackend::with_string(&mut text, (size.width, size.height)).into_drawing_area();
        draw(&root)?;
    }
    Ok(text)
}

/// Arrows for PNG text, which egui's sans-serif lacks: cut from egui's monospace font
/// (see its licence beside it).
const ARROWS: &[u8] = include_bytes!("../../assets/fonts/ChartArrows.ttf");

/// The fonts PNG text is drawn with: egui's own sans-serif, and the arrows. Loaded once, from bytes: no system fonts.
fn png_fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
            let family = db
                .faces()
                .next()
                .and_then(|f| f.families.first())
                .map(|(name, _)| name.clone());
            // A font with only arrows: text falls back to another font as a whole when
            // that font has every glyph, and glyph by glyph otherwise.
            db.load_font_data(ARROWS.to_vec());
            if let Some(family) = family {
                db.set_sans_serif_family(family);
            }
            std::sync::Arc::new(db)
        })
        .clone()
}

/// Draws the chart as SVG, then rasterises that SVG, so that PNG and SVG are the
/// same picture and PNG text is laid out by a real text shaper.
fn png(
    size: ChartSize,
    path: &Path,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    use resvg::{tiny_skia, usvg};
    let text = svg(size, draw)?;
    let options = usvg::Options {
        fontdb: png_fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&text, &options).map_err(draw_error)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width, size.height)
        .ok_or_else(|| ExportError::Draw("no room for the picture".to_owned()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // Opaque (white underneath), so premultiplied and straight alpha are the same.
    let image = image::RgbaImage::from_raw(size.width, size.height, pixmap.take())
        .ok_or_else(|| ExportError::Draw("the picture had the wrong size".to_owned()))?;
    image
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| ExportError::Write {
            path: path.to_owned(),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_ticks_drop_a_trailing_zero_decimal() {
        assert_eq!(money_tick(10e9), "$10B");
        assert_eq!(money_tick(2.5e9), "$2.5B");
        assert_eq!(money_tick(0.0), "$0");
        assert_eq!(percent_tick(0.4), "40 %");
    }

    #[test]
    fn year_ticks_thin_out_when_labels_would_crowd() {
        // 14 years over 1400 px: 100 px a year, room for 40 px labels (64 px with gap).
        let ticks = year_ticks(2019.0, 2033.0, 1400.0, 40.0);
        assert_eq!(ticks.first(), Some(&2019.0));
        assert_eq!(ticks.len(), 15);
        // Over 280 px a year is 20 px: every 5th year is the first step with
        // 5 × 20 = 100 ≥ 64 px.
        assert_eq!(
            year_ticks(2019.0, 2033.0, 280.0, 40.0),
            [2020.0, 2025.0, 2030.0]
        );
    }

    #[test]
    fn value_ticks_are_round_steps() {
        // 0–46 in about 6 steps: 46 / 6 ≈ 7.7, so steps of 10.
        assert_eq!(value_ticks(0.0, 46.0, 6), [0.0, 10.0, 20.0, 30.0, 40.0]);
        // 0–1.08 in about 5: 0.216, so steps of 0.25.
        assert_eq!(value_ticks(0.0, 1.08, 5), [0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    fn a_huge_title_is_cut_to_the_chart_quickly() {
        let mut a = crate::app::new_agreement();
        a.title = "W".repeat(200_000);
        let p = crate::engine::project(&a);
        let start = std::time::Instant::now();
        let svg = revenue_svg(&a, &p, ChartSize::REPORT).expect("draws");
        // Halving takes about 18 measurements of 200,000 characters, well under a
        // second even unoptimised; one per character would take hours.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert!(svg.contains("WWW…"));
        assert!(
            svg.len() < 100_000,
            "the title was cut: {} bytes",
            svg.len()
        );
    }

    #[test]
    fn chart_sizes_outside_the_bounds_are_refused() {
        assert!(ChartSize::new(320, 240).is_ok());
        assert!(ChartSize::new(319, 240).is_err());
        assert!(ChartSize::new(8192, 8193).is_err());
        // Text scales with the square root of the narrower of width and twice the
        // height, over 1000: √(1000/1000) = 1, √(4000/1000) = 2.
        assert_eq!(ChartSize::REPORT.scale(), 1.0);
        assert_eq!(
            ChartSize::new(4000, 4000).map(ChartSize::scale).ok(),
            Some(2.0)
        );
        assert_eq!(
            ChartSize::new(2000, 500).map(ChartSize::scale).ok(),
            Some(1.0)
        );
    }
}
