//! Saving survives being killed at any moment: `fmt` rewrites a large agreement and is
//! killed with SIGKILL at random times; after every kill the file on disk parses and is
//! byte for byte the old content or the new one, never truncated or mixed.
//!
//! `KILL_RUNS=1000 cargo test --release --test kill -- --nocapture` runs it 1,000 times;
//! the default is 100.

use std::process::Command;
use std::time::{Duration, Instant};

use agreement_explorer::io;
use agreement_explorer::model::Agreement;

/// The history example with its clauses repeated under new ids: about a megabyte of RON.
fn large_agreement() -> Agreement {
    let text = std::fs::read_to_string("saves/microsoft-openai-history.ron").expect("example");
    let mut a = io::from_ron_str(&text).expect("loads");
    let originals = a.clauses.clone();
    for copy in 1..12 {
        a.clauses.extend(originals.iter().cloned().map(|mut c| {
            c.id = format!("{}-{copy}", c.id);
            c
        }));
    }
    a
}

/// A small xorshift generator: random kill times without another dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
#[allow(clippy::print_stdout)] // The figures are the point of a long run.
fn a_killed_save_leaves_the_old_or_the_new_file() {
    let runs: usize = std::env::var("KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.ron");
    let new = io::to_ron_string(&large_agreement()).expect("writes");
    // The same agreement, loosely indented: `fmt` has a whole file to rewrite.
    let old = new.replace("    ", "  ");
    assert_ne!(old, new);
    let fmt = || {
        Command::new(env!("CARGO_BIN_EXE_agreement-explorer"))
            .arg("fmt")
            .arg(&path)
            .spawn()
            .expect("starts")
    };

    // How long a whole run takes, so that kills land before, during and after the write.
    std::fs::write(&path, &old).expect("writes");
    let start = Instant::now();
    assert!(fmt().wait().expect("runs").success());
    let whole = start.elapsed();
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), new);

    let seed = u64::from(std::process::id()) | 1;
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let (mut kept_old, mut got_new) = (0, 0);
    for run in 0..runs {
        std::fs::write(&path, &old).expect("writes");
        let mut child = fmt();
        let wait_us = rng.next() % (whole.as_micros() as u64 * 5 / 4 + 1);
        std::thread::sleep(Duration::from_micros(wait_us));
        let _ = child.kill();
        let _ = child.wait();
        let on_disk = std::fs::read_to_string(&path).expect("the file is always there");
        if on_disk == old {
            kept_old += 1;
        } else if on_disk == new {
            got_new += 1;
        } else {
            panic!(
                "run {run}: killed after {wait_us} µs, the file is neither old nor new ({} bytes)",
                on_disk.len()
            );
        }
        io::from_ron_str(&on_disk).expect("parses");
        // A kill mid-write may leave the temporary file; it is never the agreement file.
        for entry in std::fs::read_dir(dir.path()).expect("lists") {
            let entry = entry.expect("entry");
            if entry.file_name() != "large.ron" {
                std::fs::remove_file(entry.path()).expect("removes");
            }
        }
    }
    println!(
        "{runs} kills within {} ms of start: {kept_old} left the old file, {got_new} the new one, none anything else",
        whole.as_millis() * 5 / 4
    );
    if runs >= 20 {
        assert!(
            kept_old > 0 && got_new > 0,
            "kills landed before and after the rename"
        );
    }
}
