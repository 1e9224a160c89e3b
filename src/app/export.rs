//! File → Export: the window as PNG, a chart as SVG or PNG, the series and metrics as
//! CSV, or a report folder. Each asks where through the same dialogs as Save, writes,
//! and says where it wrote in the status bar (or why not in the error bar).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use egui::ViewportCommand;

use super::files::Picked;
use super::{Action, App, slug};
use crate::export::{self, Chart, ChartSize};

/// What File → Export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The window as drawn, at 1× or 2× the screen's pixels per point.
    Window { scale: u8 },
    /// One chart; SVG or PNG by the file name's extension.
    Chart(Chart),
    /// The monthly series, and the metrics in a second file beside it.
    Csv,
    /// A report folder: Markdown, HTML, charts and CSV.
    Report,
}

impl Export {
    /// The menu item.
    pub fn label(self) -> &'static str {
        match self {
            Self::Window { scale: 2 } => "Window as PNG (2×)…",
            Self::Window { .. } => "Window as PNG (1×)…",
            Self::Chart(Chart::Revenue) => "Revenue chart as SVG/PNG…",
            Self::Chart(Chart::Cloud) => "Cloud chart as SVG/PNG…",
            Self::Csv => "Series and metrics as CSV…",
            Self::Report => "Report (folder and HTML)…",
        }
    }

    /// The file name the dialog suggests, from the document's name.
    fn suggested_name(self, stem: &str) -> String {
        match self {
            Self::Window { scale } => format!("{stem}-window-{scale}x.png"),
            Self::Chart(chart) => format!("{stem}-{}.svg", chart.stem()),
            Self::Csv => format!("{stem}-series.csv"),
            Self::Report => format!("{stem}-report"),
        }
    }

    /// Where to write, from the path the dialog gave: an extension the export cannot
    /// write (the save dialog adds `.ron` to a bare name) becomes the export's own.
    fn target(self, picked: PathBuf) -> PathBuf {
        let ext = picked
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match (self, ext.as_deref()) {
            (Self::Chart(_), Some("svg" | "png"))
            | (Self::Window { .. }, Some("png"))
            | (Self::Csv, Some("csv"))
            | (Self::Report, None) => picked,
            (Self::Chart(_) | Self::Window { .. }, _) => picked.with_extension("png"),
            (Self::Csv, _) => picked.with_extension("csv"),
            // A report is a folder: any extension the dialog added goes.
            (Self::Report, Some(_)) => picked.with_extension(""),
        }
    }
}

/// The metrics file written beside the series: `deal-series.csv` → `deal-metrics.csv`.
pub fn metrics_path(series: &Path) -> PathBuf {
    let stem = series
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let base = stem.strip_suffix("-series").unwrap_or(&stem);
    series.with_file_name(format!("{base}-metrics.csv"))
}

/// A window capture in progress: frames are drawn until the window settles (at 2×,
/// until it has been redrawn at the doubled zoom), then the screenshot is written.
struct Capture {
    path: PathBuf,
    scale: u8,
    /// Frames drawn since the capture began.
    frames: u32,
    requested: bool,
    /// The zoom and window size (points) to put back after a 2× capture.
    restore: Option<(f32, egui::Vec2)>,
    outcome: Arc<Mutex<Option<anyhow::Result<[usize; 2]>>>>,
}

/// Frames drawn before the screenshot: the menu closes, and at 2× the zoom and the
/// window's new size take effect.
const SETTLE_FRAMES: [u32; 2] = [3, 8];

/// The export menu's chart size, its own file dialog where the desktop has none, and
/// a capture in progress.
pub(super) struct Exports {
    /// Width and height of exported charts, in pixels.
    pub chart_size: [u32; 2],
    dialog: Option<(egui_file::FileDialog, Export)>,
    capture: Option<Capture>,
    /// After a 2× capture: the window size (points) to put back once the zoom is back,
    /// and the frames to wait for that.
    shrink: Option<(egui::Vec2, u32)>,
}

impl Default for Exports {
    fn default() -> Self {
        Self {
            chart_size: [ChartSize::REPORT.width, ChartSize::REPORT.height],
            dialog: None,
            capture: None,
            shrink: None,
        }
    }
}

impl std::fmt::Debug for Exports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exports")
            .field("chart_size", &self.chart_size)
            .field("asking", &self.dialog.as_ref().map(|(_, what)| *what))
            .field("capturing", &self.capture.as_ref().map(|c| &c.path))
            .field("shrink", &self.shrink)
            .finish()
    }
}

/// The app's own save dialog for exports: any file shown, a typed name taken as is.
fn in_app_dialog(folder: &Path, name: &str, what: Export) -> egui_file::FileDialog {
    let mut dialog = egui_file::FileDialog::save_file()
        .default_filename(name)
        .initial_path(folder)
        .title(&format!("Export {}", what.label().trim_end_matches('…')))
        .id(egui::Id::unique("export_file_dialog"))
        .default_size(egui::vec2(560.0, 420.0))
        .show_rename(false)
        .show_new_folder(true)
        .keep_on_top(true);
    dialog.open();
    dialog
}

impl App {
    /// The File → Export submenu.
    pub(super) fn export_menu_ui(&mut self, ui: &mut egui::Ui) {
        let enabled = self.doc.is_some();
        for what in [Export::Window { scale: 1 }, Export::Window { scale: 2 }] {
            if ui
                .add_enabled(enabled, egui::Button::new(what.label()))
                .clicked()
            {
                self.actions.push(Action::Export(what));
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            let [width, height] = &mut self.exports.chart_size;
            let label = ui.label("Chart size");
            let range = |min: u32, max: u32| min..=max;
            ui.add(
                egui::DragValue::new(width)
                    .range(range(ChartSize::MIN.width, ChartSize::MAX.width))
                    .suffix(" px"),
            )
            .labelled_by(label.id)
            .on_hover_text("Width of exported charts");
            ui.label("×");
            ui.add(
                egui::DragValue::new(height)
                    .range(range(ChartSize::MIN.height, ChartSize::MAX.height))
                    .suffix(" px"),
            )
            .labelled_by(label.id)
            .on_hover_text("Height of exported charts");
        });
        for what in [
            Export::Chart(Chart::Revenue),
            Export::Chart(Chart::Cloud),
            Export::Csv,
            Export::Report,
        ] {
            let button = egui::Button::new(what.label());
            let response = ui.add_enabled(enabled, button).on_hover_text(match what {
                Export::Chart(_) => "Named .svg: a vector drawing; any other name: a PNG",
                Export::Csv => "The monthly series, and the metrics in a -metrics.csv beside it",
                _ => {
                    "report.md, report.html, the charts as SVG and PNG, series.csv and metrics.csv"
                }
            });
            if response.clicked() {
                self.actions.push(Action::Export(what));
            }
        }
    }

    /// Asks where to write `what`, then writes it (or, without a desktop dialog, opens
    /// the app's own and writes when it is answered).
    pub(super) fn export(&mut self, what: Export, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let stem = doc.path.as_deref().and_then(Path::file_stem).map_or_else(
            || slug(&doc.agreement().title),
            |s| s.to_string_lossy().into_owned(),
        );
        let name = what.suggested_name(&stem);
        // Beside the agreement's file, not among the examples that dialogs for
        // agreements start in.
        let folder = doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .filter(|f| f.is_dir())
            .map_or_else(
                || std::env::current_dir().unwrap_or_default(),
                Path::to_owned,
            );
        match self.dialogs.pick_save(&folder, &name) {
            Picked::Path(path) => self.export_to(what, what.target(path), ctx),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                self.exports.dialog = Some((in_app_dialog(&folder, &name, what), what));
            }
        }
    }

    /// Writes `what` to `path` and says where, or shows why not. A window capture
    /// starts here and finishes frames later.
    fn export_to(&mut self, what: Export, path: PathBuf, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let (a, p) = (doc.agreement(), doc.projection());
        let written = match what {
            Export::Window { scale } => {
                self.start_capture(path, scale, ctx);
                return;
            }
            Export::Chart(chart) => {
                let [width, height] = self.exports.chart_size;
                ChartSize::new(width, height)
                    .and_then(|size| export::write_chart(chart, a, p, size, &path))
                    .map(|()| format!("{} written to {}", chart.name(), path.display()))
            }
            Export::Csv => {
                let metrics = metrics_path(&path);
                export::write_csv(a, p, &path, &metrics).map(|()| {
                    format!(
                        "Series written to {} and metrics to {}",
                        path.display(),
                        metrics.display()
                    )
                })
            }
            Export::Report => {
                let baseline = self
                    .baseline
                    .as_ref()
                    .map(|b| (b.name.as_str(), &b.agreement, &b.projection));
                export::report(a, p, baseline, &path)
            }
            .map(|files| {
                format!(
                    "Report written to {} ({} files)",
                    path.display(),
                    files.len()
                )
            }),
        };
        self.exported(written.map_err(anyhow::Error::from));
    }

    /// Says where an export went, or why it failed.
    fn exported(&mut self, outcome: anyhow::Result<String>) {
        match outcome {
            Ok(message) => {
                self.notice = Some((message, Instant::now()));
                self.error = None;
            }
            Err(e) => self.error = Some(format!("Could not export: {e:#}")),
        }
    }

    fn start_capture(&mut self, path: PathBuf, scale: u8, ctx: &egui::Context) {
        let restore = (scale > 1).then(|| (ctx.zoom_factor(), ctx.content_rect().size()));
        if let Some((zoom, _)) = restore {
            ctx.set_zoom_factor(zoom * f32::from(scale));
        }
        self.exports.capture = Some(Capture {
            path,
            scale,
            frames: 0,
            requested: false,
            restore,
            outcome: Arc::new(Mutex::new(None)),
        });
        ctx.request_repaint();
    }

    /// Shows the export dialog while it is open, and moves a window capture along.
    pub(super) fn export_step(&mut self, ctx: &egui::Context) {
        if let Some((dialog, what)) = &mut self.exports.dialog {
            let what = *what;
            dialog.show(ctx);
            match dialog.state() {
                egui_file::State::Open => {}
                egui_file::State::Selected => {
                    let path = dialog.path().map(Path::to_owned);
                    self.exports.dialog = None;
                    if let Some(path) = path {
                        self.export_to(what, what.target(path), ctx);
                    }
                }
                egui_file::State::Closed | egui_file::State::Cancelled => {
                    self.exports.dialog = None;
                }
            }
        }
        self.capture_step(ctx);
    }

    fn capture_step(&mut self, ctx: &egui::Context) {
        // A window size is read at the zoom in force when the command is carried
        // out: the size goes back only once the zoom has.
        if let Some((size, frames)) = &mut self.exports.shrink {
            *frames = frames.saturating_sub(1);
            if *frames == 0 {
                ctx.send_viewport_cmd(ViewportCommand::InnerSize(*size));
                self.exports.shrink = None;
            }
            ctx.request_repaint();
        }
        let Some(capture) = &mut self.exports.capture else {
            return;
        };
        capture.frames += 1;
        ctx.request_repaint();
        // At 2× the zoom has taken effect by the second frame: the window grows so
        // that it shows the same points at twice the pixels.
        if capture.frames == 2
            && let Some((_, size)) = capture.restore
        {
            ctx.send_viewport_cmd(ViewportCommand::InnerSize(size));
        }
        let settle = SETTLE_FRAMES[usize::from(capture.scale > 1)];
        if !capture.requested && capture.frames >= settle {
            capture.requested = true;
            let path = capture.path.clone();
            let outcome = Arc::clone(&capture.outcome);
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let written = save_png(&path, &image);
                if let Ok(mut slot) = outcome.lock() {
                    *slot = Some(written);
                }
                repaint.request_repaint();
            });
        }
        let done = capture.outcome.lock().ok().and_then(|mut o| o.take());
        let Some(result) = done else { return };
        let Some(capture) = self.exports.capture.take() else {
            return;
        };
        if let Some((zoom, size)) = capture.restore {
            ctx.set_zoom_factor(zoom);
            self.exports.shrink = Some((size, 2));
        }
        self.exported(result.map(|[w, h]| {
            format!(
                "Window ({w}×{h} pixels) written to {}",
                capture.path.display()
            )
        }));
    }
}

/// Writes a screenshot as PNG; returns its size in pixels.
fn save_png(path: &Path, image: &egui::ColorImage) -> anyhow::Result<[usize; 2]> {
    super::screenshot::write_png(path, image)?;
    Ok(image.size)
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::app::files::ScriptedDialogs;
    use crate::app::settings::Settings;

    fn harness(dialogs: ScriptedDialogs) -> Harness<'static, App> {
        let app = App::new(None, Settings::default(), Box::new(dialogs));
        let mut h = Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            // Like the real window, fall back on the system's fonts for arrows and symbols.
            .with_context_setup(|ctx| {
                ctx.add_font_provider(Arc::new(
                    egui_system_font_provider::SystemFontProvider::new(),
                ));
            })
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        h.run_steps(2);
        h
    }

    fn saving_to(paths: &[PathBuf]) -> Harness<'static, App> {
        harness(ScriptedDialogs {
            save: paths.to_vec(),
            ..ScriptedDialogs::default()
        })
    }

    /// The file name field of the app's own dialog: its last text field.
    fn name_field<'h>(h: &'h Harness<'_, App>) -> egui_kittest::Node<'h> {
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .last()
            .expect("the file name field")
    }

    fn export(h: &mut Harness<'_, App>, what: Export) {
        h.state_mut().request(Action::Export(what));
        h.run_steps(3);
    }

    #[test]
    fn charts_csv_and_report_are_written_where_the_dialog_says() {
        let dir = tempfile::tempdir().expect("temp dir");
        let svg = dir.path().join("revenue.svg");
        let png = dir.path().join("cloud.png");
        let csv = dir.path().join("deal-series.csv");
        let report = dir.path().join("report");
        let mut h = saving_to(&[svg.clone(), png.clone(), csv.clone(), report.clone()]);
        export(&mut h, Export::Chart(Chart::Revenue));
        assert!(svg.is_file());
        assert!(h.state().error.is_none(), "{:?}", h.state().error);
        h.get_by_label_contains("Revenue chart written to");
        export(&mut h, Export::Chart(Chart::Cloud));
        // The default chart size: 1000 × 520 pixels.
        let image = image::open(&png).expect("a PNG");
        assert_eq!((image.width(), image.height()), (1000, 520));
        export(&mut h, Export::Csv);
        assert!(csv.is_file());
        assert!(dir.path().join("deal-metrics.csv").is_file());
        export(&mut h, Export::Report);
        for (name, _) in export::REPORT_FILES {
            assert!(report.join(name).is_file(), "{name}");
        }
        h.get_by_label_contains("Report written to");
    }

    #[test]
    fn the_export_menu_asks_and_writes_through_the_dialogs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cloud.svg");
        let mut h = saving_to(std::slice::from_ref(&path));
        h.get_by_label("File").click();
        h.run_steps(2);
        h.get_by_label("Export").click();
        h.run_steps(2);
        h.get_by_label("Cloud chart as SVG/PNG…").click();
        h.run_steps(3);
        let svg = std::fs::read_to_string(&path).expect("written");
        assert!(svg.starts_with("<svg"));
    }

    #[test]
    fn a_failed_export_shows_why_in_the_error_bar() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no such folder").join("revenue.svg");
        let mut h = saving_to(std::slice::from_ref(&path));
        export(&mut h, Export::Chart(Chart::Revenue));
        let error = h.state().error.clone().expect("an error");
        assert!(error.starts_with("Could not export"), "{error}");
        assert!(error.contains("no such folder"), "{error}");
    }

    #[test]
    fn without_a_desktop_dialog_the_app_asks_in_its_own_and_takes_a_typed_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A bare name: the export gives it its own extension.
        let typed = dir.path().join("typed");
        let mut h = harness(ScriptedDialogs {
            native: false,
            ..ScriptedDialogs::default()
        });
        export(&mut h, Export::Chart(Chart::Cloud));
        h.get_by_label_contains("Export Cloud chart as SVG/PNG");
        name_field(&h).focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        name_field(&h).type_text(&typed.display().to_string());
        h.run_steps(2);
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        let image = image::open(typed.with_extension("png")).expect("a PNG");
        assert_eq!((image.width(), image.height()), (1000, 520));
    }

    #[test]
    fn extensions_the_export_cannot_write_become_its_own() {
        let p = PathBuf::from;
        let chart = Export::Chart(Chart::Revenue);
        assert_eq!(chart.target(p("a.svg")), p("a.svg"));
        assert_eq!(chart.target(p("a.ron")), p("a.png"));
        assert_eq!(Export::Csv.target(p("a.ron")), p("a.csv"));
        assert_eq!(Export::Report.target(p("dir/out.ron")), p("dir/out"));
        assert_eq!(Export::Report.target(p("dir/out")), p("dir/out"));
        assert_eq!(metrics_path(&p("d/x-series.csv")), p("d/x-metrics.csv"));
        assert_eq!(metrics_path(&p("d/x.csv")), p("d/x-metrics.csv"));
    }
}
