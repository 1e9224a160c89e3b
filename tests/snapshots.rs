//! The real app rendered by the real renderer (wgpu on the machine's software adapter)
//! and compared with the images in `tests/snapshots/`. After a deliberate change of
//! looks, `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` renders them again.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use agreement_explorer::app::App;
use agreement_explorer::app::files::ScriptedDialogs;
use agreement_explorer::app::settings::Settings;
use egui_kittest::Harness;
use egui_system_font_provider::SystemFontProvider;

/// The app on `path` (the built-in example without one), rendered at `size`.
fn rendered(
    path: Option<&Path>,
    settings: Settings,
    size: (f32, f32),
    setup: impl FnOnce(&mut App),
) -> Harness<'static, App> {
    let mut app = App::new(path, settings, Box::new(ScriptedDialogs::default()));
    // The time of the last recompute varies from run to run: show a fixed one.
    if let Some(doc) = app.document_mut() {
        doc.recompute_time = Duration::from_micros(100);
    }
    setup(&mut app);
    let mut harness = Harness::builder()
        .wgpu()
        .with_size(egui::vec2(size.0, size.1))
        .with_context_setup(|ctx| ctx.add_font_provider(Arc::new(SystemFontProvider::new())))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run_steps(4);
    harness
}

#[test]
fn the_main_view() {
    let mut h = rendered(None, Settings::default(), (1600.0, 1000.0), |_| {});
    h.snapshot("main_view");
}

#[test]
fn the_dark_theme() {
    let settings = Settings {
        dark: true,
        ..Settings::default()
    };
    let mut h = rendered(None, settings, (1600.0, 1000.0), |_| {});
    h.snapshot("dark_theme");
}

#[test]
fn presenter_mode_at_a_middle_milestone() {
    let mut h = rendered(None, Settings::default(), (1920.0, 1080.0), |app| {
        app.present_on_start(3, false);
    });
    assert_eq!(h.state().presenter.as_ref().map(|p| p.step), Some(3));
    h.snapshot("presenter_step_4");
}

#[test]
fn a_file_with_problems() {
    // A fixed path: the status bar shows it.
    let dir = std::env::temp_dir().join("agreement-explorer-snapshots");
    std::fs::create_dir_all(&dir).expect("a folder");
    let path = dir.join("problems.ron");
    let text = std::fs::read_to_string("tests/fixtures/v1.ron")
        .expect("fixture")
        .replace("rate: 0.2)", "rate: 1.5)")
        .replace("base: \"revenue\"", "base: \"missing\"");
    std::fs::write(&path, text).expect("writes");
    let mut h = rendered(Some(&path), Settings::default(), (1600.0, 1000.0), |_| {});
    assert_eq!(h.state().document().expect("opens").problems().len(), 2);
    h.snapshot("file_with_problems");
}
