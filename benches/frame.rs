//! One full frame of the app on the built-in example at 1600×1000, every panel
//! visible, in a headless egui context: layout, painting and tessellation. The
//! projection is not recomputed on this path (nothing changes between frames).
//!
//! `cargo bench --bench frame`

use std::sync::Arc;

use agreement_explorer::app::{App, files::ScriptedDialogs, settings::Settings};
use criterion::{Criterion, criterion_group, criterion_main};
use egui_system_font_provider::SystemFontProvider;

/// The app's allocator (see `src/main.rs`), so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn input(pointer: Option<egui::Pos2>) -> egui::RawInput {
    let mut input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    if let Some(pos) = pointer {
        input.events.push(egui::Event::PointerMoved(pos));
    }
    input
}

/// A headless context with the system's fonts, and the app on the built-in example.
fn setup() -> (egui::Context, App) {
    let ctx = egui::Context::default();
    ctx.add_font_provider(Arc::new(SystemFontProvider::new()));
    let app = App::new(
        None,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    (ctx, app)
}

/// One frame: layout, painting and tessellation.
fn step(
    ctx: &egui::Context,
    app: &mut App,
    pointer: Option<egui::Pos2>,
) -> Vec<egui::ClippedPrimitive> {
    let out = ctx.run_ui(input(pointer), |ui| app.show(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point)
}

fn frame(c: &mut Criterion) {
    let (ctx, mut app) = setup();
    let revision = app
        .document()
        .map(agreement_explorer::document::Document::revision);
    // Let fonts, panel sizes and plot caches settle.
    for _ in 0..10 {
        step(&ctx, &mut app, None);
    }
    c.bench_function("frame: default example, 1600x1000, all panels", |b| {
        b.iter(|| step(&ctx, &mut app, None));
    });
    c.bench_function(
        "frame: pointer over the cloud plot (hover line and tooltip)",
        |b| {
            b.iter(|| step(&ctx, &mut app, Some(egui::pos2(800.0, 700.0))));
        },
    );
    // The frames above changed nothing, so nothing was recomputed.
    assert_eq!(
        app.document()
            .map(agreement_explorer::document::Document::revision),
        revision
    );
    // Compared with the 2019 terms: every plot, lane and card draws the baseline too.
    let counterfactual =
        agreement_explorer::io::load(std::path::Path::new("saves/2019-terms-counterfactual.ron"))
            .expect("the counterfactual loads");
    app.baseline = Some(agreement_explorer::view::baseline::Baseline::new(
        "2019 terms",
        counterfactual,
    ));
    for _ in 0..10 {
        step(&ctx, &mut app, None);
    }
    c.bench_function("frame: default example compared with the 2019 terms", |b| {
        b.iter(|| step(&ctx, &mut app, None));
    });
    assert_eq!(
        app.document()
            .map(agreement_explorer::document::Document::revision),
        revision
    );
}

/// Frames with the uncertainty window open on its Monte Carlo tab: once the run
/// has finished (its charts drawn), and while a long run goes on in the background
/// (its progress bar drawn), next to the same app with the window closed.
fn frame_while_simulating(c: &mut Criterion) {
    use agreement_explorer::app::uncertainty::Tab;
    use std::time::{Duration, Instant};

    let (ctx, mut app) = setup();
    let mut group = c.benchmark_group("frame with the uncertainty window");
    group.measurement_time(Duration::from_secs(5));
    for _ in 0..10 {
        step(&ctx, &mut app, None);
    }
    group.bench_function("idle: window closed", |b| {
        b.iter(|| step(&ctx, &mut app, None));
    });

    app.uncertainty.open = true;
    app.uncertainty.tab = Tab::MonteCarlo;
    let started = Instant::now();
    while {
        step(&ctx, &mut app, None);
        app.uncertainty.running()
    } {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the simulation did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    group.bench_function("idle: a finished simulation's charts", |b| {
        b.iter(|| step(&ctx, &mut app, None));
    });

    // A run long enough to outlast the measurement: a million samples.
    app.edit(agreement_explorer::document::Edit::new(
        "More samples",
        |a: &mut agreement_explorer::model::Agreement| a.simulation.samples = 1_000_000,
    ));
    for _ in 0..2 {
        step(&ctx, &mut app, None);
    }
    assert!(app.uncertainty.running(), "a new run starts after the edit");
    group.bench_function("a simulation running in the background", |b| {
        b.iter(|| step(&ctx, &mut app, None));
    });
    assert!(
        app.uncertainty.running(),
        "the run went on for the whole measurement"
    );
    group.finish();
}

criterion_group!(benches, frame, frame_while_simulating);
criterion_main!(benches);
