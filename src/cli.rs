//! The command line: `check`, `project`, `diff`, `report`, `fmt`, `sensitivity`,
//! `simulate` and `seek`, which need no display.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize};

use clap::{Args, Parser, Subcommand};
use serde_json::json;

use crate::analysis::{self, Outcome, Request, Seek, Tornado, names};
use crate::compare::diff;
use crate::engine::{MetricId, project, table};
use crate::export;
use crate::io;
use crate::model::param::{ParamRef, Unit, date_from_value};
use crate::model::validate::{error_count, validate};
use crate::model::{Agreement, Sampling};
use crate::{report, words};

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
    /// Start in presenter mode at this step of the storyboard (1 is the first)
    #[arg(long, value_name = "STEP", value_parser = clap::value_parser!(u32).range(1..))]
    pub present: Option<u32>,
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
        /// List the inputs and metrics by the names the analysis commands take, instead
        #[arg(long, conflicts_with_all = ["json", "csv", "yearly"])]
        list: bool,
        /// Project this scenario of the file instead of its base terms
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
    },
    /// One-at-a-time sensitivity: a metric with each uncertain input at its low and high
    Sensitivity {
        file: PathBuf,
        /// The metric, by name (`project FILE --list` lists them), e.g. metric.paid.share
        #[arg(long)]
        metric: String,
        /// Write JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Monte Carlo: percentiles of every metric and fan-chart series over many samples
    Simulate {
        file: PathBuf,
        /// Number of samples (default: the file's, 10,000 if it sets none)
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        samples: Option<u32>,
        /// Seed of the random draws (default: the file's)
        #[arg(long)]
        seed: Option<u64>,
        /// Latin hypercube sampling (the default unless the file says otherwise)
        #[arg(long, conflicts_with = "random")]
        latin: bool,
        /// Independent random sampling
        #[arg(long)]
        random: bool,
        /// Only these metrics, by name (repeat the option); default: every metric
        #[arg(long = "metric", value_name = "METRIC")]
        metrics: Vec<String>,
        /// Write JSON, with the monthly fan-chart series
        #[arg(long)]
        json: bool,
    },
    /// Goal seek: the value of an input that makes a metric reach a target
    Seek {
        file: PathBuf,
        /// The input, by name (`project FILE --list` lists them), e.g. clause.share.cap
        #[arg(long)]
        input: String,
        /// The metric, by name, e.g. metric.paid.share
        #[arg(long)]
        metric: String,
        /// The value the metric should reach (money as 38e9 or 38B; dates as 2030-01-01)
        #[arg(long, allow_hyphen_values = true)]
        target: String,
        /// Write JSON
        #[arg(long)]
        json: bool,
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
        /// Report this scenario of the file instead of its base terms
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
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
        Command::Report {
            file,
            out: dir,
            scenario,
        } => report(file, scenario.as_deref(), dir, out, err),
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
            file, list: true, ..
        } => {
            let Some(agreement) = load_warned(file, err) else {
                return 1;
            };
            emit(&list_text(&agreement), out, err)
        }
        Command::Sensitivity { file, metric, json } => sensitivity(file, metric, *json, out, err),
        Command::Simulate { .. } => simulate(command, out, err),
        Command::Seek {
            file,
            input,
            metric,
            target,
            json,
        } => seek(file, input, metric, target, *json, out, err),
        Command::Project {
            file,
            json,
            csv: _,
            yearly,
            list: _,
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
fn report(
    file: &Path,
    scenario: Option<&str>,
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let loaded = match io::load(file) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "{}", e.describe(file));
            return 1;
        }
    };
    let agreement = match scenario {
        Some(name) => match scenario_of(&loaded, name, file, err) {
            // The report says which scenario it shows.
            Ok(a) => Agreement {
                title: format!("{} · scenario “{name}”", a.title),
                ..a
            },
            Err(message) => {
                let _ = writeln!(err, "{message}");
                return 1;
            }
        },
        None => loaded,
    };
    for p in validate(&agreement) {
        let _ = writeln!(err, "warning: {}: {p}", file.display());
    }
    let projection = project(&agreement);
    match export::report(&agreement, &projection, None, dir) {
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

/// Loads an agreement, printing its validation problems as warnings; none
/// (with the message printed) if it cannot be read.
fn load_warned(file: &Path, err: &mut dyn Write) -> Option<Agreement> {
    match io::load(file) {
        Ok(agreement) => {
            for p in validate(&agreement) {
                let _ = writeln!(err, "warning: {}: {p}", file.display());
            }
            Some(agreement)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.describe(file));
            None
        }
    }
}

/// Writes `text` to `out`: exit 0, or 1 with a message if it cannot be written.
fn emit(text: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match out.write_all(text.as_bytes()) {
        Ok(()) => 0,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "could not write the output: {e}");
            1
        }
    }
}

/// Pretty JSON with a final newline.
fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// A value as people read it in its unit: `$38.0B`, `15.0 %`, `2030-01-01`.
fn show(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Money => words::money(value),
        Unit::Fraction => words::percent(value),
        Unit::Date => date_from_value(value).map_or_else(|| format!("{value}"), words::date),
        Unit::Months => format!("{value:.1} months"),
        Unit::Weight | Unit::Ratio => format!("{value:.3}"),
    }
}

/// A value as JSON: dates as `YYYY-MM-DD` text, numbers as numbers.
fn json_value(unit: Unit, value: f64) -> serde_json::Value {
    match unit {
        Unit::Date => date_from_value(value).map_or(json!(value), |d| json!(words::date(d))),
        _ => json!(value),
    }
}

/// The metric named `name`, if `a`'s projection has a value for it; otherwise
/// a message that says where the names are listed.
fn metric_named(a: &Agreement, name: &str) -> Result<MetricId, String> {
    let listed = || "`project FILE --list` lists the metrics of this agreement";
    let metric = names::parse_metric(name, a).map_err(|e| format!("{e}; {}", listed()))?;
    // Some metrics (a cap reached) have no value at base but may have one in a
    // sample: a metric is refused only if its ids name nothing in the agreement.
    let known = match &metric {
        MetricId::Paid { clause }
        | MetricId::Npv { clause }
        | MetricId::Accrued { clause }
        | MetricId::OutstandingAtHorizon { clause }
        | MetricId::CapReached { clause }
        | MetricId::CommitmentTopUp { clause }
        | MetricId::ShortfallAtEnd { clause }
        | MetricId::BehindAtHorizon { clause } => a.clause(clause).is_some(),
        MetricId::DirectionPaid { payer, payee }
        | MetricId::DirectionNpv { payer, payee }
        | MetricId::NetPaid { payer, payee }
        | MetricId::NetNpv { payer, payee } => a.party(payer).is_some() && a.party(payee).is_some(),
        MetricId::ProviderShare { provider } => a.provider(provider).is_some(),
        MetricId::Hhi => !a.providers.is_empty(),
        MetricId::ExclusivityEnd { workload } => a.workload(workload).is_some(),
    };
    if !known {
        return Err(format!(
            "{name} names nothing in this agreement; {}",
            listed()
        ));
    }
    Ok(metric)
}

/// The input named `name`, if `a` has it.
fn input_named(a: &Agreement, name: &str) -> Result<ParamRef, String> {
    let listed = "`project FILE --list` lists the inputs of this agreement";
    let input = names::parse_param(name).map_err(|e| format!("{e}; {listed}"))?;
    if !ParamRef::inputs(a).contains(&input) {
        return Err(format!("{name} names nothing in this agreement; {listed}"));
    }
    Ok(input)
}

/// `project --list`: every input with its value and range, then every metric.
fn list_text(a: &Agreement) -> String {
    use std::fmt::Write as _;
    let p = project(a);
    let mut text = String::from("input\tlabel\tvalue\trange\n");
    for input in ParamRef::inputs(a) {
        let unit = input.unit();
        let value = input
            .get(a)
            .map_or_else(|| "none".to_owned(), |v| show(unit, v));
        let range = input.uncertainty(a).map_or_else(String::new, |r| {
            format!(
                "{} … {} ({:?})",
                show(unit, r.low),
                show(unit, r.high),
                r.distribution
            )
        });
        let _ = writeln!(
            text,
            "{}\t{}\t{value}\t{range}",
            names::param_name(&input),
            input.label(a)
        );
    }
    text.push_str("\nmetric\tlabel\tunit\n");
    for metric in MetricId::all(a, &p) {
        let _ = writeln!(
            text,
            "{}\t{}\t{:?}",
            names::metric_name(&metric),
            metric.label(a, &p),
            metric.unit()
        );
    }
    text
}

/// `sensitivity`: the tornado of one metric.
fn sensitivity(
    file: &Path,
    metric: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(a) = load_warned(file, err) else {
        return 1;
    };
    let metric = match metric_named(&a, metric) {
        Ok(m) => m,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 1;
        }
    };
    let t = analysis::tornado(&a, &metric);
    let text = if json {
        json_text(&tornado_json(&a, &metric, &t))
    } else {
        tornado_text(&a, &metric, &t)
    };
    emit(&text, out, err)
}

fn tornado_json(a: &Agreement, metric: &MetricId, t: &Tornado) -> serde_json::Value {
    let unit = metric.unit();
    json!({
        "metric": names::metric_name(metric),
        "label": metric.label(a, &project(a)),
        "unit": unit,
        "base": t.base.map(|v| json_value(unit, v)),
        "bars": t.bars.iter().map(|b| {
            let input_unit = b.input.unit();
            json!({
                "input": names::param_name(&b.input),
                "label": b.label,
                "low": json_value(input_unit, b.low),
                "high": json_value(input_unit, b.high),
                "at_low": json_value(unit, b.at_low),
                "at_high": json_value(unit, b.at_high),
                "swing": b.swing,
            })
        }).collect::<Vec<_>>(),
    })
}

fn tornado_text(a: &Agreement, metric: &MetricId, t: &Tornado) -> String {
    use std::fmt::Write as _;
    let unit = metric.unit();
    let mut text = format!(
        "{} ({}) at base: {}\n",
        metric.label(a, &project(a)),
        names::metric_name(metric),
        t.base
            .map_or_else(|| "no value".to_owned(), |v| show(unit, v))
    );
    if t.bars.is_empty() {
        text.push_str("no uncertain input moves it\n");
        return text;
    }
    text.push_str("input\tlow\thigh\tat low\tat high\tswing\n");
    for b in &t.bars {
        let input_unit = b.input.unit();
        // A swing of dates is a number of days, not a date.
        let swing = if unit == Unit::Date {
            format!("{:.0} days", b.swing)
        } else {
            show(unit, b.swing)
        };
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{}\t{swing}",
            names::param_name(&b.input),
            show(input_unit, b.low),
            show(input_unit, b.high),
            show(unit, b.at_low),
            show(unit, b.at_high),
        );
    }
    text
}

/// `simulate`: a Monte Carlo run with the file's settings, overridden by the options.
fn simulate(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Command::Simulate {
        file,
        samples,
        seed,
        latin,
        random,
        metrics,
        json,
    } = command
    else {
        return 1;
    };
    let Some(a) = load_warned(file, err) else {
        return 1;
    };
    let mut settings = a.simulation;
    if let Some(samples) = samples {
        settings.samples = *samples;
    }
    if let Some(seed) = seed {
        settings.seed = *seed;
    }
    if *latin {
        settings.sampling = Sampling::LatinHypercube;
    }
    if *random {
        settings.sampling = Sampling::Random;
    }
    let metrics = if metrics.is_empty() {
        MetricId::all(&a, &project(&a))
    } else {
        match metrics.iter().map(|m| metric_named(&a, m)).collect() {
            Ok(list) => list,
            Err(message) => {
                let _ = writeln!(err, "{message}");
                return 1;
            }
        }
    };
    let request = Request::from_settings(&settings, metrics);
    let Ok(outcome) =
        analysis::simulate(&a, &request, &AtomicUsize::new(0), &AtomicBool::new(false))
    else {
        let _ = writeln!(err, "the simulation was cancelled");
        return 1;
    };
    let text = if *json {
        json_text(&outcome_json(&outcome))
    } else {
        outcome_text(&outcome)
    };
    emit(&text, out, err)
}

fn outcome_json(o: &Outcome) -> serde_json::Value {
    json!({
        "samples": o.samples,
        "seed": o.seed,
        "sampling": o.sampling,
        "inputs": o.inputs.iter().map(|i| json!({
            "input": names::param_name(&i.input),
            "label": i.label,
            "failed_sets": i.failed_sets,
        })).collect::<Vec<_>>(),
        "metrics": o.metrics.iter().map(|m| {
            let v = |x: f64| json_value(m.unit, x);
            json!({
                "metric": names::metric_name(&m.metric),
                "label": m.label,
                "unit": m.unit,
                "with_value": m.values.len(),
                "without_value": m.undefined,
                "summary": m.summary.as_ref().map(|s| json!({
                    "p10": v(s.percentiles.p10),
                    "p25": v(s.percentiles.p25),
                    "p50": v(s.percentiles.p50),
                    "p75": v(s.percentiles.p75),
                    "p90": v(s.percentiles.p90),
                    "mean": v(s.mean),
                    "sd": s.sd,
                    "p50_standard_error": s.p50_standard_error,
                })),
                "clear_correlation": m.clear_correlation().is_finite().then(|| m.clear_correlation()),
                "drivers": m.drivers.iter().map(|d| json!({
                    "input": names::param_name(&d.input),
                    "label": d.label,
                    "rank_correlation": d.correlation,
                    "clear": d.correlation.is_some_and(|r| r.abs() >= m.clear_correlation()),
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "months": o.months.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "fan_samples": o.fan_samples,
        "fans": o.fans.iter().map(|f| json!({
            "series": names::fan_name(&f.series),
            "label": f.label,
            "unit": f.unit,
            "p10": f.bands.p10,
            "p25": f.bands.p25,
            "p50": f.bands.p50,
            "p75": f.bands.p75,
            "p90": f.bands.p90,
        })).collect::<Vec<_>>(),
    })
}

fn outcome_text(o: &Outcome) -> String {
    use std::fmt::Write as _;
    let mut text = format!(
        "{} samples, seed {}, {}\n\nmetric\tP10\tP25\tP50\tP75\tP90\tmean\tP50 error\twithout value\ttop driver\n",
        o.samples,
        o.seed,
        o.sampling.label().to_lowercase()
    );
    for m in &o.metrics {
        let name = names::metric_name(&m.metric);
        let Some(s) = &m.summary else {
            let _ = writeln!(text, "{name}\t(no sample has a value)");
            continue;
        };
        let p = &s.percentiles;
        let v = |x: f64| show(m.unit, x);
        let error = s
            .p50_standard_error
            .map_or_else(String::new, |e| match m.unit {
                Unit::Date => format!("{e:.0} days"),
                unit => show(unit, e),
            });
        // Only a link told apart from chance.
        let driver = m.clear_drivers().next().and_then(|d| {
            d.correlation
                .map(|r| format!("{} ({r:+.2})", names::param_name(&d.input)))
        });
        let _ = writeln!(
            text,
            "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{error}\t{}\t{}",
            v(p.p10),
            v(p.p25),
            v(p.p50),
            v(p.p75),
            v(p.p90),
            v(s.mean),
            m.undefined,
            driver.unwrap_or_default()
        );
    }
    if !o.fans.is_empty() {
        let _ = writeln!(
            text,
            "\nfan charts from {} samples, at the end of each year: P10 / P50 / P90",
            o.fan_samples
        );
        for f in &o.fans {
            let _ = writeln!(text, "{} ({})", f.label, names::fan_name(&f.series));
            for (k, month) in o.months.iter().enumerate() {
                if month.month() != 12 && k + 1 != o.months.len() {
                    continue;
                }
                let b = &f.bands;
                let _ = writeln!(
                    text,
                    "  {month}\t{}\t{}\t{}",
                    show(f.unit, b.p10[k]),
                    show(f.unit, b.p50[k]),
                    show(f.unit, b.p90[k])
                );
            }
        }
    }
    text
}

/// Reads a target in the metric's unit: money as `38e9` or `38B`, fractions
/// as `0.15` or `15%`, dates as `2030-01-01`.
fn parse_target(unit: Unit, text: &str) -> Option<f64> {
    let t = text.trim();
    match unit {
        Unit::Money => words::parse_money(t),
        Unit::Date => t
            .parse::<chrono::NaiveDate>()
            .ok()
            .map(crate::model::param::value_from_date),
        Unit::Fraction => match t.strip_suffix('%') {
            Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
            None => t.parse().ok(),
        },
        Unit::Months | Unit::Weight | Unit::Ratio => t.parse().ok(),
    }
    .filter(|v: &f64| v.is_finite())
}

/// `seek`: goal seek of one input for one metric.
fn seek(
    file: &Path,
    input: &str,
    metric: &str,
    target: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(a) = load_warned(file, err) else {
        return 1;
    };
    let names_ok = input_named(&a, input).and_then(|i| Ok((i, metric_named(&a, metric)?)));
    let (input, metric) = match names_ok {
        Ok(pair) => pair,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 1;
        }
    };
    let unit = metric.unit();
    let Some(goal) = parse_target(unit, target) else {
        let _ = writeln!(
            err,
            "target {target:?} is not a {} value",
            format!("{unit:?}").to_lowercase()
        );
        return 1;
    };
    let found = analysis::seek(&a, &input, &metric, goal);
    let input_unit = input.unit();
    let (value, text) = match &found {
        Seek::Found {
            value,
            metric_value,
            evaluations,
        } => (
            json!({
                "found": true,
                "value": json_value(input_unit, *value),
                "metric_value": json_value(unit, *metric_value),
                "evaluations": evaluations,
            }),
            format!(
                "{} = {} gives {} = {} ({evaluations} projections)\n",
                names::param_name(&input),
                show(input_unit, *value),
                names::metric_name(&metric),
                show(unit, *metric_value)
            ),
        ),
        Seek::Unreachable {
            closest_value,
            closest_metric,
        } => (
            json!({
                "found": false,
                "closest_value": json_value(input_unit, *closest_value),
                "closest_metric": json_value(unit, *closest_metric),
            }),
            format!(
                "unreachable: no value of {} gives {} = {}; closest: {} gives {}\n",
                names::param_name(&input),
                names::metric_name(&metric),
                show(unit, goal),
                show(input_unit, *closest_value),
                show(unit, *closest_metric)
            ),
        ),
        Seek::NoValue => (
            json!({ "found": false }),
            format!(
                "{} has no value for any value of {}\n",
                names::metric_name(&metric),
                names::param_name(&input)
            ),
        ),
    };
    let text = if json {
        let mut doc = json!({
            "input": names::param_name(&input),
            "metric": names::metric_name(&metric),
            "target": json_value(unit, goal),
        });
        if let (Some(doc), Some(found)) = (doc.as_object_mut(), value.as_object()) {
            doc.extend(found.clone());
        }
        json_text(&doc)
    } else {
        text
    };
    // An unreachable target is an answer, not a failure, but scripts may want to know.
    let code = emit(&text, out, err);
    if code == 0 && !matches!(found, Seek::Found { .. }) {
        return 2;
    }
    code
}
