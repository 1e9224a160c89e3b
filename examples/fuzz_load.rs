//! Feeds the loader mutated and random agreement files, in one process, and checks
//! that none makes it panic or hang and that memory stays bounded. Whatever loads is
//! also validated and projected, as the app would.
//!
//! `cargo run --release --example fuzz_load -- --iterations 1000000 [--seed N] [--save-corpus]`
//!
//! Seeds are the shipped examples, the test fixtures and the corpus in
//! `tests/fixtures/fuzz/`. An input that gives an outcome not seen before (a new kind
//! of error, or a file that loads with a new set of problems) is interesting; with
//! `--save-corpus`, small ones are written to the corpus so that a test replays them.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use agreement_explorer::engine::project;
use agreement_explorer::io;
use agreement_explorer::model::validate::validate;

/// An input taking longer than this is a hang.
const HANG: Duration = Duration::from_secs(2);
/// Peak memory allowed for the whole run.
const MAX_PEAK_BYTES: u64 = 2 << 30;
/// Corpus inputs are kept small so that the repository stays small.
const MAX_CORPUS_INPUT: usize = 12 * 1024;
/// At most this many new corpus files per run.
const MAX_NEW_CORPUS: usize = 64;
const CORPUS_DIR: &str = "tests/fixtures/fuzz";

/// A small xorshift generator: reproducible runs from a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that stresses a RON parser and the validator when dropped into a file.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "Some(",
    "None",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "-0.0",
    "0",
    "-1",
    "4294967295",
    "18446744073709551616",
    "9999-12-31",
    "\"0000-01-01\"",
    "\"2025-02-30\"",
    "\"2025-13\"",
    "version: 1,",
    "version: 99,",
    "Event(\"\")",
    "Date(\"2025-01-01\")",
    "#![enable(implicit_some)]",
    "/*",
    "*/",
    "//",
    "\\u{0}",
    "r#\"",
    "Exclusive",
    "NonExclusive",
    "Triangular",
    "(value: 1.0, low: 2.0, high: 0.0, distribution: Uniform)",
    "spread_months: 0",
    "spread_months: 4294967295",
    "horizon: (first: \"0001-01\", last: \"9999-12\"),",
];

/// One mutation of `input`, drawing on `others` for splices.
fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            4 => {
                let other = rng.pick(others);
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(512)).min(other.len());
                    out.splice(at..at, other[start..end].iter().copied());
                }
            }
            5 => out.truncate(at),
            6 => {
                let token = rng.pick(TOKENS).as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            7 => {
                // Replace a number with another: the commonest way real files go wrong.
                if let Some(start) = (at..len).find(|&i| out[i].is_ascii_digit()) {
                    let end = (start..len)
                        .find(|&i| !(out[i].is_ascii_digit() || out[i] == b'.'))
                        .unwrap_or(len);
                    let token = rng.pick(&TOKENS[9..18]).as_bytes();
                    out.splice(start..end, token.iter().copied());
                }
            }
            _ => {
                // Duplicate a line: repeated fields and list items.
                let line_start = out[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let line_end = out[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |i| at + i + 1);
                let line = out[line_start..line_end].to_vec();
                out.splice(line_start..line_start, line);
            }
        }
    }
    out
}

/// What an input did, coarsely: the kind of error, or how many problems a loaded file has.
fn outcome(bytes: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return "not text".to_owned();
    };
    match io::from_ron_str(text) {
        Ok(a) => {
            let problems = validate(&a);
            let p = project(&a);
            let mut fields: Vec<&str> = problems
                .iter()
                .map(|x| x.field.split(['[', '.']).next().unwrap_or(""))
                .collect();
            fields.sort_unstable();
            fields.dedup();
            format!(
                "loaded: {} months, problems in {fields:?}",
                p.months.len().min(1)
            )
        }
        Err(e) => {
            let text = e.to_string();
            // The message without positions and quoted values: the kind of error.
            let kind: String = text
                .split(['"', '`'])
                .step_by(2)
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .collect();
            format!("error: {kind}")
        }
    }
}

/// Peak resident memory of this process, in bytes (Linux), if known.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn seeds() -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in ["saves", "tests/fixtures", CORPUS_DIR] {
        if let Ok(entries) = std::fs::read_dir(dir) {
            paths.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ron")),
            );
        }
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn arg_value(args: &[String], name: &str) -> Option<u64> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

#[allow(clippy::print_stdout)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let iterations = arg_value(&args, "--iterations").unwrap_or(100_000);
    let seed = arg_value(&args, "--seed").unwrap_or(0x5eed);
    let save_corpus = args.iter().any(|a| a == "--save-corpus");
    let seeds = seeds();
    assert!(
        !seeds.is_empty(),
        "no seed files: run from the project's folder"
    );
    // Silence the default panic message: panics are counted and reported below.
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed | 1);
    let mut seen: BTreeSet<String> = seeds.iter().map(|s| outcome(s)).collect();
    let (mut panics, mut hangs, mut loaded, mut saved) = (0u64, 0u64, 0u64, 0usize);
    let mut slowest = Duration::ZERO;
    let start = Instant::now();
    for i in 0..iterations {
        // Mostly mutations of the seeds; now and then plain random bytes.
        let input = if rng.below(50) == 0 {
            (0..rng.below(4096)).map(|_| rng.next() as u8).collect()
        } else {
            let seed_input = rng.pick(&seeds).clone();
            mutate(&mut rng, &seed_input, &seeds)
        };
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| outcome(&input)));
        let took = t.elapsed();
        slowest = slowest.max(took);
        let keep = |name: &str, saved: &mut usize| {
            let path = Path::new(CORPUS_DIR).join(format!("{name}-{seed:x}-{i}.ron"));
            if std::fs::create_dir_all(CORPUS_DIR).is_ok() && std::fs::write(&path, &input).is_ok()
            {
                *saved += 1;
            }
        };
        if took > HANG {
            hangs += 1;
            keep("hang", &mut saved);
        }
        match result {
            Err(_) => {
                panics += 1;
                keep("panic", &mut saved);
            }
            Ok(what) => {
                loaded += u64::from(what.starts_with("loaded"));
                if seen.insert(what)
                    && save_corpus
                    && input.len() <= MAX_CORPUS_INPUT
                    && saved < MAX_NEW_CORPUS
                {
                    keep("new", &mut saved);
                }
            }
        }
        if i % 50_000 == 0 && i > 0 {
            let peak = peak_memory().unwrap_or(0);
            println!(
                "{i} inputs, {:.0} s, {} outcomes, peak memory {} MiB",
                start.elapsed().as_secs_f64(),
                seen.len(),
                peak >> 20
            );
            assert!(
                peak <= MAX_PEAK_BYTES,
                "memory grew past {} MiB",
                MAX_PEAK_BYTES >> 20
            );
        }
    }
    let elapsed = start.elapsed();
    let peak = peak_memory().unwrap_or(0);
    println!(
        "fuzz_load: {iterations} inputs (seed {seed:#x}) in {:.1} s ({:.0}/s): {panics} panics, {hangs} hangs, {loaded} loaded, {} distinct outcomes, slowest input {:.1} ms, peak memory {} MiB, {saved} inputs written to {CORPUS_DIR}",
        elapsed.as_secs_f64(),
        iterations as f64 / elapsed.as_secs_f64(),
        seen.len(),
        slowest.as_secs_f64() * 1e3,
        peak >> 20
    );
    if panics > 0 || hangs > 0 || peak > MAX_PEAK_BYTES {
        std::process::exit(1);
    }
}
