//! Analysis speed: Monte Carlo, tornado and goal seek on the built-in example
//! and the benchmark example.
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench analysis`

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::Duration;

use agreement_explorer::analysis::{Request, Seek, names, seek, simulate, tornado};
use agreement_explorer::app::DEFAULT_AGREEMENT;
use agreement_explorer::engine::{MetricId, project};
use agreement_explorer::io;
use agreement_explorer::model::{Agreement, Sampling};
use criterion::{Criterion, criterion_group, criterion_main};

/// The app's allocator (see `src/main.rs`), so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const UNCERTAIN: &str = include_str!("../saves/revenue-share-uncertain.ron");

/// 10,000 Latin hypercube samples of every metric of `a`.
fn request(a: &Agreement) -> Request {
    Request {
        samples: 10_000,
        seed: 1,
        sampling: Sampling::LatinHypercube,
        metrics: MetricId::all(a, &project(a)),
    }
}

fn benches(c: &mut Criterion) {
    let default = io::from_ron_str(DEFAULT_AGREEMENT).expect("default loads");
    let uncertain = io::from_ron_str(UNCERTAIN).expect("example loads");
    let (progress, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));

    let mut slow = c.benchmark_group("monte carlo");
    slow.sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, a) in [
        ("10,000 samples of the default example", &default),
        ("10,000 samples of revenue-share-uncertain", &uncertain),
    ] {
        let request = request(a);
        slow.bench_function(name, |b| {
            b.iter(|| simulate(black_box(a), &request, &progress, &cancel).expect("runs"));
        });
    }
    slow.finish();

    let net = names::parse_metric("metric.net.openai.microsoft", &default).expect("a metric");
    c.bench_function("tornado of the default example", |b| {
        b.iter(|| tornado(black_box(&default), &net));
    });

    // A root known to exist: the net paid with the cap at $45B.
    let cap = names::parse_param("clause.revshare_capped.cap").expect("an input");
    let mut moved = default.clone();
    cap.set(&mut moved, 45e9).expect("a valid cap");
    let target = net.value(&moved, &project(&moved)).expect("a value");
    assert!(matches!(
        seek(&default, &cap, &net, target),
        Seek::Found { .. }
    ));
    c.bench_function("goal seek of the default example's cap", |b| {
        b.iter(|| seek(black_box(&default), &cap, &net, target));
    });
}

criterion_group!(analysis, benches);
criterion_main!(analysis);
