//! The scenario summary: every metric under the base terms and under each scenario,
//! with each scenario's difference to the base, as a table's data and as CSV to copy.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::engine::{MetricId, Projection, project};
use crate::model::param::{Unit, date_from_value};
use crate::model::{Agreement, Month};
use crate::words;

/// A figure: its number (none where the metric has no value) and how it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Dates are days since the common era, as [`MetricId::value`] gives them.
    pub value: Option<f64>,
    /// "$1.2B", "40.0 %", "2029-08-01"; "—" without a value.
    pub text: String,
}

/// A scenario's figure and its difference to the base.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioCell {
    pub cell: Cell,
    /// Scenario minus base, in the metric's unit; for dates, in months. None where
    /// either side has no value.
    pub delta: Option<f64>,
    /// "+$60.0M", "-2.5 pp", "+3 months"; "—" without a difference.
    pub delta_text: String,
    /// The difference as a fraction of the base's magnitude; none for dates and for
    /// a base of 0.
    pub delta_fraction: Option<f64>,
    /// "+12.5 %"; "—" without one.
    pub delta_fraction_text: String,
}

/// One metric across the base and the scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricRow {
    pub metric: MetricId,
    /// The metric's label, with the base's names.
    pub label: String,
    pub unit: Unit,
    pub base: Cell,
    /// One per scenario, in the file's order.
    pub scenarios: Vec<ScenarioCell>,
}

/// Every metric of an agreement under its base terms and each of its scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The scenarios' names, in the file's order: the columns after the base.
    pub scenarios: Vec<String>,
    /// Per scenario, the overrides left out because they no longer apply, in words.
    pub left_out: Vec<Vec<String>>,
    /// The metrics: those of the base in [`MetricId::all`]'s order, then any that
    /// only a scenario has a value for (a cap it reaches, say).
    pub rows: Vec<MetricRow>,
    /// The agreement's currency, the unit of money in the CSV.
    currency: String,
}

impl Summary {
    /// The summary of `a`, whose base projection is `base`: each scenario is
    /// applied and projected once.
    pub fn new(a: &Agreement, base: &Projection) -> Self {
        let mut left_out = Vec::with_capacity(a.scenarios.len());
        let projected: Vec<(Agreement, Projection)> =
            a.scenarios
                .iter()
                .map(|s| {
                    let (applied, failed) = s.apply(a);
                    left_out.push(
                        failed
                            .iter()
                            .map(|(i, e)| {
                                let input = s.overrides.get(*i).map_or_else(String::new, |o| {
                                    format!("{}: ", o.input.label(a))
                                });
                                format!("{input}{e}")
                            })
                            .collect(),
                    );
                    let p = project(&applied);
                    (applied, p)
                })
                .collect();

        let mut metrics = MetricId::all(a, base);
        for (applied, p) in &projected {
            for m in MetricId::all(applied, p) {
                if !metrics.contains(&m) {
                    metrics.push(m);
                }
            }
        }
        let rows = metrics
            .into_iter()
            .map(|metric| {
                let unit = metric.unit();
                let base_value = metric.value(a, base);
                let scenarios = projected
                    .iter()
                    .map(|(applied, p)| scenario_cell(unit, base_value, metric.value(applied, p)))
                    .collect();
                MetricRow {
                    label: metric.label(a, base),
                    unit,
                    base: cell(unit, base_value),
                    scenarios,
                    metric,
                }
            })
            .collect();
        Self {
            scenarios: a.scenarios.iter().map(|s| s.name.clone()).collect(),
            left_out,
            rows,
            currency: a.currency.clone(),
        }
    }

    /// The table as CSV, for a spreadsheet: `metric,unit,base`, then for each scenario
    /// its value and its difference (`NAME Δ`). Numbers are plain; dates are ISO dates
    /// and their differences months; a figure without a value is an empty field.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("metric,unit,base");
        for name in &self.scenarios {
            let _ = write!(out, ",{},{}", field(name), field(&format!("{name} Δ")));
        }
        out.push('\n');
        for row in &self.rows {
            let unit = match row.unit {
                Unit::Money => self.currency.as_str(),
                Unit::Fraction => "fraction",
                Unit::Months => "months",
                Unit::Weight => "weight",
                Unit::Ratio => "ratio",
                Unit::Date => "date",
            };
            let _ = write!(
                out,
                "{},{},{}",
                field(&row.label),
                field(unit),
                csv_value(row.unit, row.base.value)
            );
            for s in &row.scenarios {
                let delta = s.delta.map_or_else(String::new, |d| d.to_string());
                let _ = write!(out, ",{},{delta}", csv_value(row.unit, s.cell.value));
            }
            out.push('\n');
        }
        out
    }
}

/// A CSV field, quoted if needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A value in the CSV: a date as a date, other numbers as they are; empty for none.
fn csv_value(unit: Unit, value: Option<f64>) -> String {
    match (unit, value) {
        (_, None) => String::new(),
        (Unit::Date, Some(v)) => date_from_value(v).map_or_else(String::new, words::date),
        (_, Some(v)) => v.to_string(),
    }
}

/// A figure as it reads in the table.
fn cell(unit: Unit, value: Option<f64>) -> Cell {
    let text = value.map_or_else(|| "—".to_owned(), |v| value_text(unit, v));
    Cell { value, text }
}

fn value_text(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Money => words::money(v),
        Unit::Fraction => words::percent(v),
        Unit::Date => date_from_value(v).map_or_else(|| "—".to_owned(), words::date),
        Unit::Months => format!("{v:.1} months"),
        Unit::Ratio => format!("{v:.2}"),
        Unit::Weight => format!("{v}"),
    }
}

/// The month a date value falls in.
fn month_of(value: f64) -> Option<Month> {
    date_from_value(value).and_then(|d: NaiveDate| Month::of(d))
}

/// A scenario's figure beside the base's.
fn scenario_cell(unit: Unit, base: Option<f64>, value: Option<f64>) -> ScenarioCell {
    let delta = match (base, value) {
        (Some(b), Some(v)) if unit == Unit::Date => {
            let (b, v) = (month_of(b), month_of(v));
            b.zip(v)
                .and_then(|(b, v)| i32::try_from(v.months_since(b)).ok())
                .map(f64::from)
        }
        (Some(b), Some(v)) => Some(v - b),
        _ => None,
    };
    let delta_fraction = match (base, delta) {
        (Some(b), Some(d)) if unit != Unit::Date && b != 0.0 => Some(d / b.abs()),
        _ => None,
    };
    let none = || "—".to_owned();
    ScenarioCell {
        cell: cell(unit, value),
        delta,
        delta_text: delta.map_or_else(none, |d| delta_text(unit, d)),
        delta_fraction,
        delta_fraction_text: delta_fraction.map_or_else(none, |f| format!("{:+.1} %", f * 100.0)),
    }
}

/// A difference as it reads: signed, in the metric's unit; shares in percentage points.
fn delta_text(unit: Unit, d: f64) -> String {
    let sign = if d > 0.0 { "+" } else { "" };
    match unit {
        Unit::Money => format!("{sign}{}", words::money(d)),
        Unit::Fraction => format!("{:+.1} pp", d * 100.0),
        Unit::Date => {
            let plural = if d.abs() == 1.0 { "" } else { "s" };
            format!("{sign}{d} month{plural}")
        }
        Unit::Months => format!("{d:+.1} months"),
        Unit::Ratio => format!("{d:+.3}"),
        Unit::Weight => format!("{sign}{d}"),
    }
}
