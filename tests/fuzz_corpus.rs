//! The inputs the loader's fuzzer found interesting, replayed: each loads or is refused
//! with a message, never a panic; what loads also validates and projects.
//!
//! New ones come from `cargo run --release --example fuzz_load -- --save-corpus`.

use agreement_explorer::engine::project;
use agreement_explorer::io;
use agreement_explorer::model::validate::validate;

#[test]
fn every_corpus_input_loads_or_is_refused_with_a_message() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/fixtures/fuzz")
        .expect("the corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "the corpus holds its inputs");
    let (mut loaded, mut refused) = (0, 0);
    for path in &paths {
        match io::load(path) {
            Ok(a) => {
                loaded += 1;
                let _ = validate(&a);
                let p = project(&a);
                assert!(
                    p.months.len() <= a.horizon.len_months(),
                    "{}: the grid stays within the horizon",
                    path.display()
                );
            }
            Err(e) => {
                refused += 1;
                let message = e.describe(path);
                assert!(
                    message.starts_with(&path.display().to_string()),
                    "{message}"
                );
                assert!(
                    message.len() > path.display().to_string().len() + 2,
                    "{message}"
                );
            }
        }
    }
    assert!(
        loaded > 0 && refused > 0,
        "{loaded} loaded, {refused} refused"
    );
}
