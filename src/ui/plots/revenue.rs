//! The revenue-share plot: payments per year as bars, cumulative payments, net flows
//! and caps as lines, as [`RevenueChart`] says.

use egui::{Color32, Stroke, Ui};
use egui_plot::{Bar, BarChart, Line, LineStyle, MarkerShape, PlotPoints, PlotUi, Points};

use super::legend::{Swatch, bar_fill, legend_entry, legend_rows};
use super::time_plot::{Shared, follow_up, hover_x, money_tick, time_plot, unless_at_top};
use super::{Placement, empty_plot_ui, with_header};
use crate::ui::{PanelCx, theme};
use crate::view::revenue::RevenueChart;

/// What the bars and a direction's line mean.
const DIRECTION_TOOLTIP: &str =
    "Bars: paid in each calendar year. Line: paid since the horizon's start";
/// What a net line means.
const NET_TOOLTIP: &str = "Cumulative payments one way minus payments the other way";

/// The revenue-share plot with its header and legend.
pub(super) fn revenue_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, placement: Placement) {
    let chart = &cx.models.revenue;
    let header = |ui: &mut Ui, cx: &mut PanelCx<'_>, wrapped: bool| {
        let title = |ui: &mut Ui| {
            ui.strong("Revenue share");
            ui.label(
                egui::RichText::new("bars: paid per year · lines: cumulative")
                    .size(theme::LEGEND_TEXT_SIZE)
                    .weak(),
            );
        };
        if wrapped {
            ui.horizontal(title);
        } else {
            title(ui);
        }
        legend_rows(ui, wrapped, |ui| {
            legend_ui(ui, chart);
            if let Some(b) = cx.baseline {
                legend_entry(
                    ui,
                    Swatch::Dashed,
                    theme::baseline_color(net_color(ui)),
                    &format!("Baseline: {}", b.name),
                    "The baseline's cumulative payments, net flows and caps, dashed",
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
        let baseline = cx.baseline.map(|b| &b.models.revenue);
        let mut y = chart.y_range(shared.time.min, shared.time.max);
        if let Some(b) = baseline {
            let (lo, hi) = b.y_range(shared.time.min, shared.time.max);
            y = (y.0.min(lo), y.1.max(hi));
        }
        let net = net_color(ui);
        let response = time_plot("revenue_share", size)
            .y_axis_formatter(|mark, range| unless_at_top(mark, range, money_tick))
            .label_formatter(|pos| chart.hover_text(hover_x(pos)))
            .show(ui, |plot_ui| {
                shared.apply(plot_ui, y);
                if let Some(b) = baseline {
                    baseline_items(plot_ui, b, net);
                }
                items(plot_ui, chart, net);
                shared.veil(plot_ui, y);
            });
        follow_up(&response, shared.time, cx);
    };
    with_header(ui, placement, "revenue", cx, header, plot);
}

/// One entry per direction, net line, accrual toward a cap and cap.
fn legend_ui(ui: &mut Ui, chart: &RevenueChart) {
    for d in &chart.directions {
        let color = theme::rgb(d.color);
        legend_entry(ui, Swatch::FillAndLine, color, &d.label, DIRECTION_TOOLTIP);
    }
    for n in &chart.nets {
        legend_entry(ui, Swatch::ThickLine, net_color(ui), &n.label, NET_TOOLTIP);
    }
    for c in &chart.caps {
        let color = theme::rgb(c.color);
        legend_entry(
            ui,
            Swatch::Dotted,
            color,
            "Accrued toward cap",
            &c.accrued_tooltip,
        );
        legend_entry(ui, Swatch::Dashed, theme::WARNING, &c.label, &c.cap_tooltip);
    }
}

/// The colour of the net line: the strongest text colour of the theme.
fn net_color(ui: &Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// Plot points of a line.
fn points(line: &[[f64; 2]]) -> PlotPoints<'static> {
    line.iter().copied().collect()
}

/// The baseline's cumulative, net and cap lines, dashed and faded, under the current.
fn baseline_items(plot_ui: &mut PlotUi<'_>, chart: &RevenueChart, net: Color32) {
    let dashed = |name: String, line: Vec<[f64; 2]>, color: Color32, id: (&str, usize)| {
        Line::new(name, PlotPoints::from(line))
            .id(id)
            .color(theme::baseline_color(color))
            .width(1.5)
            .style(LineStyle::dashed_loose())
            .allow_hover(false)
    };
    for (i, d) in chart.directions.iter().enumerate() {
        let name = format!("Baseline: {}", d.cumulative_name);
        plot_ui.line(dashed(
            name,
            d.cumulative.clone(),
            theme::rgb(d.color),
            ("base-cumulative", i),
        ));
    }
    for (i, n) in chart.nets.iter().enumerate() {
        let name = format!("Baseline: {}", n.label);
        plot_ui.line(dashed(name, n.cumulative.clone(), net, ("base-net", i)));
    }
    for (i, c) in chart.caps.iter().enumerate() {
        let line = vec![[c.x_range.0, c.cap], [c.x_range.1, c.cap]];
        plot_ui.line(dashed(
            format!("Baseline: {}", c.label),
            line,
            theme::WARNING,
            ("base-cap", i),
        ));
    }
}

/// The plot's items: bars behind, then cap, cumulative and net lines.
fn items(plot_ui: &mut PlotUi<'_>, chart: &RevenueChart, net: Color32) {
    for (i, d) in chart.directions.iter().enumerate() {
        let color = theme::rgb(d.color);
        let bars = d
            .bars
            .iter()
            .map(|b| {
                Bar::new(b.x, b.value)
                    .width(b.width)
                    .fill(bar_fill(color))
                    .stroke(Stroke::new(1.0, color))
            })
            .collect();
        plot_ui.bar_chart(
            BarChart::new(d.bars_name.as_str(), bars)
                .id(("bars", i))
                .color(color)
                .allow_hover(false),
        );
    }
    for (i, c) in chart.caps.iter().enumerate() {
        plot_ui.line(
            Line::new("Accrued toward cap", points(&c.accrued))
                .id(("accrued", i))
                .color(theme::rgb(c.color))
                .width(1.5)
                .style(LineStyle::dotted_dense())
                .allow_hover(false),
        );
        plot_ui.line(
            Line::new(
                c.label.as_str(),
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
                Points::new("", [x, c.cap])
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
            Line::new(d.cumulative_name.as_str(), points(&d.cumulative))
                .id(("cumulative", i))
                .color(theme::rgb(d.color))
                .width(1.5)
                .allow_hover(false),
        );
    }
    for (i, n) in chart.nets.iter().enumerate() {
        plot_ui.line(
            Line::new(n.label.as_str(), points(&n.cumulative))
                .id(("net", i))
                .color(net)
                .width(2.5)
                .allow_hover(false),
        );
    }
}
