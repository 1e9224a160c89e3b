//! The command line: `check`, `project`, `diff`, `report` and `fmt`, which need no display.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::compare::diff;
use crate::engine::{project, table};
use crate::export;
use crate::io;
use crate::model::Agreement;
use crate::model::validate::{error_count, validate};
use crate::report;

/// Explore partnership agreements: clause timelines, revenue-share flows and cloud-spend distribution.
#[derive(Debug, Parser)]
#[command(name = "agreement-explorer", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

/// Options for the desktop window.
#[derive(Debug, Args, Default, Clone)]
pub struct AppArgs {
    /// Agreement file to open (default: the built-in example)
    pub file: Option<PathBuf>,
    /// Render the window once, write it as PNG to this path and exit
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// Window size for --screenshot, as `WIDTHxHEIGHT`
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Start in the dark theme
    #[arg(long)]
    pub dark: bool,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected WIDTHxHEIGHT such as 1600x1000, found {s:?}");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err(format!("size {w}x{h} is outside 320x240–8192x8192"));
    }
    Ok((w, h))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate agreement files; print every problem and exit 1 if there are any
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Project an agreement and write its series and metrics to stdout
    Project {
        file: PathBuf,
        /// Write JSON: series and metrics in one document
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Write CSV: one row per month (or year), then the metrics (the default)
        #[arg(long)]
        csv: bool,
        /// Sum the series per calendar year
        #[arg(long)]
        yearly: bool,
        /// Project this scenario of the file instead of its base terms
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
    },
    /// Say what differs between two agreement files, or between scenarios of one file,
    /// one line per changed parameter
    Diff {
        /// The agreement compared from
        file: PathBuf,
        /// The agreement compared to
        #[arg(conflicts_with = "scenario", required_unless_present = "scenario")]
        other: Option<PathBuf>,
        /// A scenario of FILE: once, compares the base terms to it; twice, the first
        /// scenario to the second
        #[arg(long, value_name = "NAME")]
        scenario: Vec<String>,
        /// Write the rows as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write a report folder: Markdown and HTML report, charts as SVG and PNG, CSV
    Report {
        file: PathBuf,
        /// The folder to write into (created if needed; files of the same names are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Rewrite agreement files in the canonical pretty form (for clean diffs)
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing: list the files that would change and exit 1 if any would
        #[arg(long)]
        check: bool,
    },
}

/// Runs a command, writing to `out` and `err`; returns the process exit code.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        Command::Fmt { files, check } => fmt(files, *check, out, err),
        Command::Report { file, out: dir } => report(file, dir, out, err),
        Command::Check { files } => {
            let mut failed = false;
            for path in files {
                match io::load(path) {
                    Err(e) => {
                        failed = true;
                        let _ = writeln!(err, "{}", e.describe(path));
                    }
                    Ok(agreement) => {
                        let problems = validate(&agreement);
                        for p in &problems {
                            let kind = if p.is_error() { "" } else { "warning: " };
                            let _ = writeln!(err, "{}: {kind}{p}", path.display());
                        }
                        // Warnings are worth a look; only errors fail the check.
                        let errors = error_count(&problems);
                        if errors == 0 {
                            let _ = writeln!(out, "{}: ok", path.display());
                        } else {
                            failed = true;
                            let _ = writeln!(
                                err,
                                "{}: {errors} problem{}",
                                path.display(),
                                if errors == 1 { "" } else { "s" }
                            );
                        }
                    }
                }
            }
            i32::from(failed)
        }
        Command::Diff {
            file,
            other,
            scenario,
            json,
        } => diff_command(file, other.as_deref(), scenario, *json, out, err),
        Command::Project {
            file,
            json,
            csv: _,
            yearly,
            scenario,
        } => {
            let loaded = load(file).and_then(|a| match scenario {
                Some(name) => scenario_of(&a, name, file, err),
                None => Ok(a),
            });
            let agreement = match loaded {
                Ok(a) => a,
                Err(message) => {
                    let _ = writeln!(err, "{message}");
                    return 1;
                }
            };
            for p in validate(&agreement) {
                let _ = writeln!(err, "warning: {}: {p}", file.display());
            }
            let projection = project(&agreement);
            let table = if *yearly {
                table::yearly(&agreement, &projection)
            } else {
                table::monthly(&agreement, &projection)
            };
            let text = if *json {
                let doc = report::json(&agreement, &table, &projection);
                serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
            } else {
                format!(
                    "{}\n{}",
                    report::csv(&table),
                    report::metrics_csv(&agreement, &projection)
                )
            };
            write_out(out, err, &text, "the projection")
        }
    }
}

/// Writes `text` to `out`; exit code 0, or 1 with a message about `what` if it failed.
fn write_out(out: &mut dyn Write, err: &mut dyn Write, text: &str, what: &str) -> i32 {
    match out.write_all(text.as_bytes()) {
        Ok(()) => 0,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "could not write {what}: {e}");
            1
        }
    }
}

/// The agreement in `path`, or what is wrong with the file.
fn load(path: &Path) -> Result<Agreement, String> {
    io::load(path).map_err(|e| e.describe(path))
}

/// The agreement as the scenario called `name` has it. Overrides that no longer apply
/// are warnings on `err`; a name the file does not have is an error naming those it has.
fn scenario_of(
    a: &Agreement,
    name: &str,
    path: &Path,
    err: &mut dyn Write,
) -> Result<Agreement, String> {
    let Some(scenario) = a.scenarios.iter().find(|s| s.name == name) else {
        let known: Vec<String> = a
            .scenarios
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        let has = if known.is_empty() {
            "it has no scenarios".to_owned()
        } else {
            format!("its scenarios are {}", known.join(", "))
        };
        return Err(format!(
            "{}: no scenario called \"{name}\"; {has}",
            path.display()
        ));
    };
    let (applied, failed) = scenario.apply(a);
    for (i, e) in failed {
        let _ = writeln!(
            err,
            "warning: {}: scenario \"{name}\", overrides[{i}] is left out: {e}",
            path.display()
        );
    }
    Ok(applied)
}

/// `diff`: what differs from `file` to `other`, or between scenarios of `file` (from the
/// base terms to the one scenario, or from the first scenario to the second), as lines
/// or JSON. Exit 1 if a file cannot be read or a scenario is not in it; differences
/// alone are not a failure.
fn diff_command(
    file: &Path,
    other: Option<&Path>,
    scenarios: &[String],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (base, changed) = match compared(file, other, scenarios, err) {
        Ok(sides) => sides,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 1;
        }
    };
    let rows = diff(&base, &changed);
    let text = if json {
        serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
    } else {
        rows.iter().fold(String::new(), |mut text, r| {
            let _ = writeln!(text, "{r}");
            text
        })
    };
    write_out(out, err, &text, "the differences")
}

/// The two agreements `diff` compares: `file` and `other`, the base terms of `file` and
/// its one scenario, or its two scenarios.
fn compared(
    file: &Path,
    other: Option<&Path>,
    scenarios: &[String],
    err: &mut dyn Write,
) -> Result<(Agreement, Agreement), String> {
    let first = load(file)?;
    match (other, scenarios) {
        (Some(path), _) => Ok((first, load(path)?)),
        (None, [name]) => {
            let changed = scenario_of(&first, name, file, err)?;
            Ok((first, changed))
        }
        (None, [from, to]) => Ok((
            scenario_of(&first, from, file, err)?,
            scenario_of(&first, to, file, err)?,
        )),
        (None, _) => {
            Err("diff compares with a second file, or with one or two --scenario names".to_owned())
        }
    }
}

/// `report`: the report folder of `file` in `dir`, listing each file written.
fn report(file: &Path, dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let agreement = match io::load(file) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "{}", e.describe(file));
            return 1;
        }
    };
    for p in validate(&agreement) {
        let _ = writeln!(err, "warning: {}: {p}", file.display());
    }
    let projection = project(&agreement);
    match export::report(&agreement, &projection, dir) {
        Ok(written) => {
            for (path, (_, what)) in written.iter().zip(export::REPORT_FILES) {
                let _ = writeln!(out, "{}: {what}", path.display());
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "could not write the report: {e}");
            1
        }
    }
}

/// `fmt`: each file through the same canonical writer and atomic save as the app.
/// With `check`, lists the files that would change instead. Exit 1 if a file could not
/// be read or written, or (with `check`) if any would change.
fn fmt(files: &[PathBuf], check: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut failed = false;
    for path in files {
        let outcome = (|| -> Result<bool, String> {
            let before = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let agreement = io::load(path).map_err(|e| e.describe(path))?;
            let text = io::to_ron_string(&agreement).map_err(|e| e.to_string())?;
            let changes = before != text.as_bytes();
            if changes && !check {
                io::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())?;
            }
            Ok(changes)
        })();
        match outcome {
            Ok(true) if check => {
                failed = true;
                let _ = writeln!(out, "{}", path.display());
            }
            Ok(true) => {
                let _ = writeln!(out, "{}: formatted", path.display());
            }
            Ok(false) => {}
            Err(message) => {
                failed = true;
                let _ = writeln!(err, "{message}");
            }
        }
    }
    i32::from(failed)
}
