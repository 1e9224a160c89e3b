//! Start-up: the command line, or the desktop window.

use clap::Parser as _;

use agreement_explorer::app::{App, ScreenshotOutcome, files::NativeDialogs, settings::Settings};
use agreement_explorer::cli::{AppArgs, Cli, run};

/// Memory freed by one simulation is kept for the next (see `Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The app's name: the window's, and that of its data folder.
const APP_NAME: &str = "Agreement Explorer";

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr(),
        ),
        None => run_app(cli.app),
    };
    std::process::exit(code);
}

fn run_app(args: AppArgs) -> i32 {
    let screenshot = args.screenshot.is_some();
    let (w, h) = args.size.unwrap_or((1600, 1000));
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        .with_inner_size([w as f32, h as f32])
        .with_min_inner_size([800.0, 560.0])
        .with_drag_and_drop(true);
    if screenshot {
        viewport = viewport.with_resizable(false);
    }
    // A screenshot must look the same on every machine and every run: a storage of its
    // own, empty, so that no remembered window, panel or setting applies.
    let fresh_storage = screenshot.then(|| {
        std::env::temp_dir().join(format!(
            "agreement-explorer-screenshot-{}",
            std::process::id()
        ))
    });
    let options = eframe::NativeOptions {
        viewport,
        persist_window: !screenshot,
        persistence_path: fresh_storage.clone(),
        ..Default::default()
    };
    let outcome = ScreenshotOutcome::default();
    let for_app = std::sync::Arc::clone(&outcome);
    let started = eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let mut settings: Settings = if screenshot {
                Settings::default()
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                    .unwrap_or_default()
            };
            if args.dark {
                settings.dark = true;
            }
            if screenshot {
                cc.egui_ctx.memory_mut(|m| *m = egui::Memory::default());
            }
            let mut app = App::new(
                args.file.as_deref(),
                settings,
                Box::new(NativeDialogs::default()),
            );
            if let Some(step) = args.present {
                app.present_on_start(step as usize - 1, !screenshot);
            }
            if let Some(path) = args.screenshot {
                app.screenshot_to(path, [w, h], for_app);
            } else if let Some(data) = eframe::storage_dir(APP_NAME) {
                app.enable_recovery(&data.join("recovery"));
            }
            Ok(Box::new(app))
        }),
    );
    if let Some(dir) = &fresh_storage {
        let _ = std::fs::remove_dir_all(dir);
    }
    if let Err(e) = started {
        eprintln!("agreement-explorer: could not open a window: {e}");
        return 1;
    }
    if !screenshot {
        return 0;
    }
    match outcome.lock().ok().and_then(|mut r| r.take()) {
        Some(Ok(())) => 0,
        Some(Err(e)) => {
            eprintln!("agreement-explorer: {e:#}");
            1
        }
        None => {
            eprintln!("agreement-explorer: the window closed before the screenshot was taken");
            1
        }
    }
}
