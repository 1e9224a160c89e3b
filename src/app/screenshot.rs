//! `--screenshot`: the window drawn until it settles, written to a PNG of the size asked
//! for, then closed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use egui::ViewportCommand;

use super::App;

/// Where a screenshot run reports how it went: empty until the PNG is written or fails.
pub type ScreenshotOutcome = Arc<Mutex<Option<anyhow::Result<()>>>>;

/// Writes the window to a PNG once it has settled, then closes.
#[derive(Debug)]
pub(super) struct Screenshot {
    path: PathBuf,
    /// The size asked for, in pixels.
    size: [u32; 2],
    requested: bool,
    outcome: ScreenshotOutcome,
}

/// Frames drawn before the screenshot is taken, so that plots have settled.
pub(super) const SCREENSHOT_AFTER_FRAMES: u64 = 10;

impl App {
    /// After the window has settled, write it to `path` as PNG and close.
    /// The result lands in `outcome`.
    /// The PNG must be `size` pixels; anything else is an error, not a surprise.
    pub fn screenshot_to(&mut self, path: PathBuf, size: [u32; 2], outcome: ScreenshotOutcome) {
        self.screenshot = Some(Screenshot {
            path,
            size,
            requested: false,
            outcome,
        });
        self.allow_close = true;
    }

    pub(super) fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(shot) = &mut self.screenshot else {
            return;
        };
        ctx.request_repaint();
        if !shot.requested && self.frames >= SCREENSHOT_AFTER_FRAMES {
            shot.requested = true;
            let path = shot.path.clone();
            let size = shot.size;
            let outcome = Arc::clone(&shot.outcome);
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let written = save_png(&path, &image, size);
                if let Ok(mut slot) = outcome.lock() {
                    *slot = Some(written);
                }
                repaint.request_repaint();
            });
        }
        let done = shot.outcome.lock().map_or(true, |r| r.is_some());
        if done {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

fn save_png(path: &Path, image: &egui::ColorImage, size: [u32; 2]) -> anyhow::Result<()> {
    let [w, h] = image.size;
    anyhow::ensure!(
        [w as u32, h as u32] == size,
        "the window is {w}x{h} pixels, not the {}x{} asked for (is the screen smaller, or scaled?)",
        size[0],
        size[1]
    );
    write_png(path, image)
}

/// Writes a rendered window as PNG.
pub(super) fn write_png(path: &Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_array)
        .collect();
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .context("the screenshot had the wrong size")?;
    buffer
        .save_with_format(path, image::ImageFormat::Png)
        .with_context(|| format!("could not write {}", path.display()))
}
