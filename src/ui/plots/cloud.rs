//! The cloud-distribution plot: each provider's share of cloud spend (or its spend)
//! per month, stacked, for all workloads or the one picked, as [`CloudChart`] says.
//!
//! [`CloudChart`]: crate::view::cloud::CloudChart

use egui::Ui;
use egui_plot::FilledArea;

use super::legend::{Swatch, band_fill, legend_entry, legend_rows};
use super::time_plot::{
    Shared, follow_up, hover_x, money_tick, percent_tick, time_plot, unless_at_top,
};
use super::{Placement, empty_plot_ui, with_header};
use crate::ui::{PanelCx, ViewCommand, theme};
use crate::view::cloud::CloudMode;

/// The cloud-distribution plot with its header, controls and legend.
pub(super) fn cloud_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, placement: Placement) {
    let chart = cx
        .models
        .cloud
        .get(cx.view.cloud_workload_index(cx.agreement()));
    let header = |ui: &mut Ui, cx: &mut PanelCx<'_>, wrapped: bool| {
        if wrapped {
            // Wraps the workload picker onto its own row when the plot is narrow.
            ui.horizontal_wrapped(|ui| {
                ui.strong("Cloud distribution");
                cloud_mode_ui(ui, cx);
                workload_ui(ui, cx, theme::WORKLOAD_PICKER_WIDTH);
            });
        } else {
            ui.strong("Cloud distribution");
            ui.horizontal(|ui| cloud_mode_ui(ui, cx));
            let width = ui.available_width()
                - ui.spacing().icon_width
                - 2.0 * ui.spacing().button_padding.x;
            workload_ui(ui, cx, width.min(theme::WORKLOAD_PICKER_WIDTH));
        }
        legend_rows(ui, wrapped, |ui| {
            for band in &chart.bands {
                let color = theme::rgb(band.color);
                legend_entry(ui, Swatch::Fill, color, &band.name, &band.name);
            }
            if let Some(b) = cx.baseline {
                legend_entry(
                    ui,
                    Swatch::Dashed,
                    theme::baseline_color(ui.visuals().strong_text_color()),
                    &format!("Baseline: {}", b.name),
                    "The top of each provider's band in the baseline, dashed",
                );
            }
        });
    };
    let plot = |ui: &mut Ui, cx: &mut PanelCx<'_>, size: egui::Vec2| {
        if chart.is_empty() {
            empty_plot_ui(ui, size, "No cloud spend in this agreement");
            return;
        }
        let mode = cx.prefs.cloud_mode;
        let shared = Shared::of(ui, cx.view);
        let baseline = cx.baseline.map(|b| {
            // The same workload by id, or all workloads.
            let workload = cx
                .view
                .cloud_workload
                .as_deref()
                .and_then(|id| b.agreement.workloads.iter().position(|w| w.id == id));
            b.models.cloud.get(workload)
        });
        let mut y = chart.y_range(mode, shared.time.min, shared.time.max);
        if let Some(b) = baseline {
            y.1 = y.1.max(b.y_range(mode, shared.time.min, shared.time.max).1);
        }
        let plot = time_plot("cloud_distribution", size)
            .label_formatter(move |pos| chart.hover_text(mode, hover_x(pos)));
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
                let (lower, upper) = band.edges(mode);
                plot_ui.add(
                    FilledArea::new(band.name.as_str(), &chart.step_xs, lower, upper)
                        .id(("band", band.provider))
                        .fill_color(band_fill(theme::rgb(band.color)))
                        .allow_hover(false),
                );
            }
            // The baseline's band tops, dashed: where each provider's stack ended there.
            for band in baseline.map_or(&[][..], |b| b.bands.as_slice()) {
                let Some(b) = baseline else { break };
                let (_, upper) = band.edges(mode);
                let line: Vec<[f64; 2]> =
                    b.step_xs.iter().zip(upper).map(|(&x, &y)| [x, y]).collect();
                plot_ui.line(
                    egui_plot::Line::new(format!("Baseline: {}", band.name), line)
                        .id(("base-band", band.provider))
                        .color(theme::baseline_color(theme::rgb(band.color)))
                        .width(1.5)
                        .style(egui_plot::LineStyle::dashed_loose())
                        .allow_hover(false),
                );
            }
            shared.veil(plot_ui, y);
        });
        follow_up(&response, shared.time, cx);
    };
    with_header(ui, placement, "cloud", cx, header, plot);
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
fn workload_ui(ui: &mut Ui, cx: &mut PanelCx<'_>, width: f32) {
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
