//! What the uncertainty window draws from an analysis: the tornado of a metric, fan
//! charts of a Monte Carlo run, the histogram of a metric and what drives it. Pure
//! drawing of results computed elsewhere (off the UI thread for Monte Carlo).

use egui::{Color32, Ui};
use egui_plot::{
    Bar, BarChart, Corner, FilledArea, HoverPosition, Legend, Line, LineStyle, Plot, VLine,
};

use crate::analysis::{Fan, MetricOutcome, Tornado};
use crate::model::param::Unit;
use crate::ui::theme;
use crate::view::time_axis::x_from_month;
use crate::words;

/// The colour of the low end of a tornado bar, and of the high end.
const LOW: Color32 = Color32::from_rgb(0x3b, 0x7d, 0xd8);
const HIGH: Color32 = Color32::from_rgb(0xe0, 0x8a, 0x2c);

/// Where the pointer is in plot coordinates.
fn position(pos: &HoverPosition<'_>) -> egui_plot::PlotPoint {
    match pos {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => {
            *position
        }
    }
}

/// How tall a plot of `n` horizontal bars needs to be: a row each, and the axis.
fn bars_height(n: usize) -> f32 {
    n as f32 * theme::BAR_ROW_HEIGHT + theme::BAR_PLOT_MARGIN
}

/// A fixed plot of horizontal bars, one per label, the first at the top, each named
/// on the y axis.
fn bars_plot(id: &str, labels: Vec<String>, height: f32) -> Plot<'static> {
    let n = labels.len();
    Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .y_axis_formatter(move |m, _| {
            let i = n as f64 - 1.0 - m.value;
            if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
                labels.get(i.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(theme::TORNADO_LABEL_WIDTH)
        // A mark on every bar, so that every bar has its name.
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
}

/// A tornado: one horizontal bar per input from the metric at its low end to the metric
/// at its high end, around the base. Returns the index of a bar clicked.
pub fn tornado_ui(ui: &mut Ui, t: &Tornado, unit: Unit, height: f32) -> Option<usize> {
    let Some(base) = t.base else {
        ui.weak("The metric has no value with every input at its base");
        return None;
    };
    // Widest first, so the inputs that do not move the metric are the tail.
    let tolerance = base.abs().max(1.0) * 1e-9;
    let n = t.bars.iter().take_while(|b| b.swing > tolerance).count();
    if n == 0 {
        ui.weak("No input with a range moves this metric");
        return None;
    }
    if n < t.bars.len() {
        ui.weak(format!(
            "{} more inputs with a range do not move it",
            t.bars.len() - n
        ));
    }
    let mut lows = Vec::with_capacity(n);
    let mut highs = Vec::with_capacity(n);
    for (i, b) in t.bars.iter().take(n).enumerate() {
        // The widest at the top.
        let y = (n - 1 - i) as f64;
        lows.push(
            Bar::new(y, b.at_low - base)
                .base_offset(base)
                .width(0.7)
                .name(format!("{}: low", b.label)),
        );
        highs.push(
            Bar::new(y, b.at_high - base)
                .base_offset(base)
                .width(0.7)
                .name(format!("{}: high", b.label)),
        );
    }
    let labels: Vec<String> = t.bars.iter().take(n).map(|b| b.label.clone()).collect();
    let height = height.min(bars_height(n));
    let base_color = ui.visuals().strong_text_color();
    let response = bars_plot("tornado", labels, height)
        .show_y(false)
        .x_axis_formatter(move |m, _| words::value(unit, m.value))
        .label_formatter(|_| None)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("At the input's low", lows)
                    .horizontal()
                    .color(LOW),
            );
            plot_ui.bar_chart(
                BarChart::new("At the input's high", highs)
                    .horizontal()
                    .color(HIGH),
            );
            plot_ui.vline(VLine::new("Base", base).color(base_color).width(1.5));
        });
    let hovered = response
        .response
        .hover_pos()
        .map(|p| response.transform.value_from_position(p).y);
    if let Some(y) = hovered {
        let i = n as f64 - 1.0 - y.round();
        if let Some(b) = (i >= 0.0 && (i as usize) < n)
            .then(|| t.bars.get(i as usize))
            .flatten()
        {
            let text = format!(
                "{}\nlow {} → {}\nhigh {} → {}\nswing {}\nClick to open it",
                b.label,
                words::value(b.input.unit(), b.low),
                words::value(unit, b.at_low),
                words::value(b.input.unit(), b.high),
                words::value(unit, b.at_high),
                words::value(unit, b.swing),
            );
            response.response.clone().on_hover_text_at_pointer(text);
            if response.response.clicked() {
                return Some(i as usize);
            }
        }
    }
    None
}

/// Each input's rank correlation with the metric, as a tornado around 0.
pub fn drivers_ui(ui: &mut Ui, m: &MetricOutcome, height: f32) {
    let clear = m.clear_correlation();
    let drivers: Vec<_> = m
        .clear_drivers()
        .filter_map(|d| Some((d.label.clone(), d.correlation?)))
        .take(theme::DRIVERS_SHOWN)
        .collect();
    let unclear = m.drivers.len() - drivers.len();
    let rest = if clear.is_finite() {
        format!("no clear link: |ρ| under {clear:.2}")
    } else {
        "too few samples to tell".to_owned()
    };
    if drivers.is_empty() {
        ui.weak(format!("No input drives this metric ({rest})"));
        return;
    }
    let n = drivers.len();
    let bars: Vec<Bar> = drivers
        .iter()
        .enumerate()
        .map(|(i, (label, r))| {
            Bar::new((n - 1 - i) as f64, *r)
                .width(0.7)
                .fill(if *r >= 0.0 { HIGH } else { LOW })
                .name(label)
        })
        .collect();
    let labels: Vec<String> = drivers.iter().map(|(l, _)| l.clone()).collect();
    let height = height.min(bars_height(n));
    bars_plot("drivers", labels, height)
        .include_x(-1.0)
        .include_x(1.0)
        .x_axis_formatter(|m, _| format!("{:+.1}", m.value))
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new("Rank correlation", bars).horizontal());
        });
    if unclear > 0 {
        ui.weak(format!(
            "{unclear} more {} ({rest})",
            if unclear == 1 { "input" } else { "inputs" }
        ));
    }
}

/// The histogram of a metric's samples with P10, P50, P90 and the mean marked.
pub fn histogram_ui(ui: &mut Ui, m: &MetricOutcome, height: f32) {
    let bins = m.histogram(theme::HISTOGRAM_BINS);
    let Some(summary) = &m.summary else {
        ui.weak("The metric has no value in any sample");
        return;
    };
    let unit = m.unit;
    let fill = theme::SCENARIO.gamma_multiply(0.6);
    let bars: Vec<Bar> = bins
        .iter()
        .map(|b| {
            Bar::new(f64::midpoint(b.low, b.high), b.count as f64)
                .width((b.high - b.low).max(f64::EPSILON))
                .fill(fill)
        })
        .collect();
    Plot::new("histogram")
        .height(height)
        // Which line is which percentile.
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| words::value(unit, mark.value))
        .label_formatter(move |pos| Some(words::value(unit, position(pos).x)))
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new("Samples", bars).color(fill));
            let p = &summary.percentiles;
            for (name, x, style) in [
                ("P10", p.p10, LineStyle::dashed_loose()),
                ("P50", p.p50, LineStyle::Solid),
                ("P90", p.p90, LineStyle::dashed_loose()),
                ("Mean", summary.mean, LineStyle::dotted_dense()),
            ] {
                plot_ui.vline(VLine::new(name, x).style(style).width(1.5));
            }
        });
}

/// A fan chart on the shared time axis: P10–P90 and P25–P75 bands and the P50 line;
/// `baseline` (the baseline's fan of the same series) dashed.
pub fn fan_ui(
    ui: &mut Ui,
    id: &str,
    fan: &Fan,
    months: &[crate::model::Month],
    color: Color32,
    baseline: Option<(&Fan, &[crate::model::Month])>,
    height: f32,
) {
    let xs: Vec<f64> = months.iter().map(|m| x_from_month(*m)).collect();
    let unit = fan.unit;
    let b = &fan.bands;
    Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(|m, _| format!("{:.0}", m.value.floor()))
        .y_axis_formatter(move |m, _| words::value(unit, m.value))
        .label_formatter(move |pos| Some(words::value(unit, position(pos).y)))
        .show(ui, |plot_ui| {
            plot_ui.add(
                FilledArea::new("P10–P90", &xs, &b.p10, &b.p90)
                    .fill_color(color.gamma_multiply(0.18))
                    .allow_hover(false),
            );
            plot_ui.add(
                FilledArea::new("P25–P75", &xs, &b.p25, &b.p75)
                    .fill_color(color.gamma_multiply(0.35))
                    .allow_hover(false),
            );
            let line: Vec<[f64; 2]> = xs.iter().zip(&b.p50).map(|(&x, &y)| [x, y]).collect();
            plot_ui.line(Line::new("P50", line).color(color).width(2.0));
            if let Some((base, base_months)) = baseline {
                let bx: Vec<f64> = base_months.iter().map(|m| x_from_month(*m)).collect();
                for (name, values) in [
                    ("Baseline P10", &base.bands.p10),
                    ("Baseline P50", &base.bands.p50),
                    ("Baseline P90", &base.bands.p90),
                ] {
                    let line: Vec<[f64; 2]> =
                        bx.iter().zip(values).map(|(&x, &y)| [x, y]).collect();
                    plot_ui.line(
                        Line::new(name, line)
                            .color(theme::baseline_color(color))
                            .style(LineStyle::dashed_loose())
                            .width(1.5),
                    );
                }
            }
        });
}
