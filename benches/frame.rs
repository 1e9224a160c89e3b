//! One full frame of the app on the built-in example at 1600×1000, every panel
//! visible, in a headless egui context: layout, painting and tessellation. The
//! projection is not recomputed on this path (nothing changes between frames).
//!
//! `cargo bench --bench frame`

use std::sync::Arc;

use agreement_explorer::app::{App, files::ScriptedDialogs, settings::Settings};
use criterion::{Criterion, criterion_group, criterion_main};
use egui_system_font_provider::SystemFontProvider;

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

fn frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    ctx.add_font_provider(Arc::new(SystemFontProvider::new()));
    let mut app = App::new(
        None,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let revision = app
        .document()
        .map(agreement_explorer::document::Document::revision);
    // Let fonts, panel sizes and plot caches settle.
    for _ in 0..10 {
        let out = ctx.run_ui(input(None), |ui| app.show(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    c.bench_function("frame: default example, 1600x1000, all panels", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(None), |ui| app.show(ui));
            ctx.tessellate(out.shapes, out.pixels_per_point)
        });
    });
    c.bench_function(
        "frame: pointer over the cloud plot (hover line and tooltip)",
        |b| {
            b.iter(|| {
                let out = ctx.run_ui(input(Some(egui::pos2(800.0, 700.0))), |ui| app.show(ui));
                ctx.tessellate(out.shapes, out.pixels_per_point)
            });
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
        let out = ctx.run_ui(input(None), |ui| app.show(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    c.bench_function("frame: default example compared with the 2019 terms", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(None), |ui| app.show(ui));
            ctx.tessellate(out.shapes, out.pixels_per_point)
        });
    });
    assert_eq!(
        app.document()
            .map(agreement_explorer::document::Document::revision),
        revision
    );
}

criterion_group!(benches, frame);
criterion_main!(benches);
