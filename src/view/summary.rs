//! The scenario summary: every metric under the base terms and under each scenario,
//! with each scenario's difference to the base, as a table's data and as CSV to copy.

use std::fmt::Write as _;

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
    /// "+$60.0M", "-2.5 pt", "+3 months"; "—" without a difference.
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
    let text = value.map_or_else(|| "—".to_owned(), |v| words::value(unit, v));
    Cell { value, text }
}

/// The month a date value falls in.
fn month_of(value: f64) -> Option<Month> {
    date_from_value(value).and_then(Month::of)
}

/// Relative size of a difference taken for floating-point rounding rather than a change.
const NOISE: f64 = 1e-9;

/// A scenario's figure beside the base's.
fn scenario_cell(unit: Unit, base: Option<f64>, value: Option<f64>) -> ScenarioCell {
    let delta = match (base, value) {
        (Some(b), Some(v)) if unit == Unit::Date => {
            let (b, v) = (month_of(b), month_of(v));
            b.zip(v)
                .and_then(|(b, v)| i32::try_from(v.months_since(b)).ok())
                .map(f64::from)
        }
        // A difference within rounding noise of the figures (a capped total reached
        // by another path) is none: it would read "-$0".
        (Some(b), Some(v)) if (v - b).abs() <= NOISE * b.abs().max(v.abs()) => Some(0.0),
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
        delta_fraction_text: delta_fraction.map_or_else(none, |f| {
            if f == 0.0 {
                "0.0 %".to_owned()
            } else {
                format!("{:+.1} %", f * 100.0)
            }
        }),
    }
}

/// A difference as it reads: signed, in the metric's unit; shares in percentage points
/// ("pt", as the metric cards write them).
fn delta_text(unit: Unit, d: f64) -> String {
    let sign = if d > 0.0 { "+" } else { "" };
    match unit {
        Unit::Money => format!("{sign}{}", words::money(d)),
        Unit::Fraction => format!("{:+.1} pt", d * 100.0),
        Unit::Date => {
            let plural = if d.abs() == 1.0 { "" } else { "s" };
            format!("{sign}{d} month{plural}")
        }
        Unit::Months => format!("{d:+.1} months"),
        Unit::Ratio => format!("{d:+.3}"),
        Unit::Weight => format!("{sign}{d}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// $100M of revenue a month through 2026 ($1.2B in the year, flat), 20 % of it
    /// owed to Cloud Co up to a $95M cap, paid at once and not discounted; the
    /// scenarios halve the rate or lift the cap out of reach.
    const CAPPED: &str = r##"(
        version: 2,
        title: "Capped",
        currency: "USD",
        horizon: (first: "2026-01", last: "2026-12"),
        valuation_date: "2026-01-01",
        discount_rate: 0.0,
        migration_months: 0.0,
        parties: [
            (id: "maker", name: "Maker", color: "#112233"),
            (id: "cloud", name: "Cloud Co", color: "#445566"),
        ],
        streams: [
            (id: "revenue", name: "Revenue", owner: "maker",
                path: (points: [(year: 2026, amount: 1200000000.0)])),
        ],
        clauses: [
            (id: "share", title: "Share", period: (start: Date("2026-01-01")),
                kind: RevenueShare(payer: "maker", payee: "cloud", base: "revenue",
                    schedule: [(from: "2026-01-01", rate: 0.2)],
                    cap: 95000000.0, spread_months: 1)),
        ],
        scenarios: [
            (name: "Half rate", overrides: [(input: Rate(clause: "share", step: 0), value: 0.1)]),
            (name: "Cap out of reach",
                overrides: [(input: Cap(clause: "share"), value: 2000000000.0)]),
        ],
    )"##;

    fn capped() -> Agreement {
        crate::io::from_ron_str(CAPPED).expect("parses")
    }

    fn summary(a: &Agreement) -> Summary {
        Summary::new(a, &project(a))
    }

    fn row<'s>(s: &'s Summary, metric: &MetricId) -> &'s MetricRow {
        s.rows
            .iter()
            .find(|r| r.metric == *metric)
            .expect("a row for the metric")
    }

    fn share() -> String {
        "share".to_owned()
    }

    #[test]
    fn dates_differ_in_months_and_a_figure_a_scenario_lacks_has_no_difference() {
        let s = summary(&capped());
        assert_eq!(s.scenarios, ["Half rate", "Cap out of reach"]);
        // At 20 % of $100M, $20M accrues a month: $80M by April, the $95M cap in May.
        // At 10 %, $10M a month: $90M by September, the cap in October, 5 months later.
        // Without the cap in reach it is never reached.
        let cap = row(&s, &MetricId::CapReached { clause: share() });
        assert_eq!(cap.label, "Cap reached · Share");
        assert_eq!(cap.base.text, "2026-05-01");
        let [half, open] = [&cap.scenarios[0], &cap.scenarios[1]];
        assert_eq!(half.cell.text, "2026-10-01");
        assert_eq!(half.delta, Some(5.0));
        assert_eq!(half.delta_text, "+5 months");
        assert_eq!(half.delta_fraction, None);
        assert_eq!(open.cell.value, None);
        assert_eq!(
            (
                open.cell.text.as_str(),
                open.delta,
                open.delta_text.as_str()
            ),
            ("—", None, "—")
        );

        // Both capped runs pay the $95M cap; out of reach, 12 × $20M = $240M is paid:
        // $145M more, +152.6 % (145 / 95 = 1.526…).
        let paid = row(&s, &MetricId::Paid { clause: share() });
        assert_eq!(paid.base.text, "$95.0M");
        assert_eq!(paid.scenarios[0].delta, Some(0.0));
        assert_eq!(paid.scenarios[0].delta_text, "$0");
        assert_eq!(paid.scenarios[0].delta_fraction_text, "0.0 %");
        let more = &paid.scenarios[1];
        assert_eq!(more.cell.text, "$240M");
        assert!((more.delta.expect("both paid") - 145e6).abs() < 1e-3);
        assert_eq!(more.delta_text, "+$145M");
        assert_eq!(more.delta_fraction_text, "+152.6 %");
    }

    #[test]
    fn a_metric_only_a_scenario_has_comes_after_the_bases() {
        let mut a = capped();
        a.scenarios.swap(0, 1);
        // The base now has the cap out of reach; the scenario brings it back.
        if let Some(crate::model::ClauseKind::RevenueShare { cap, .. }) =
            a.clauses.first_mut().map(|c| &mut c.kind)
        {
            *cap = Some(crate::model::Uncertain::exact(2e9));
        }
        a.scenarios[0].overrides[0].value = 95e6;
        let s = summary(&a);
        let last = s.rows.last().expect("rows");
        assert_eq!(last.metric, MetricId::CapReached { clause: share() });
        assert_eq!(last.base.text, "—");
        assert_eq!(last.scenarios[0].cell.text, "2026-05-01");
    }

    #[test]
    fn a_difference_within_rounding_noise_is_none() {
        // $38B reached by two rate paths can differ in the last bits; 38e9 × 1e-12 is
        // far below the 1e-9 relative noise, 38e9 × 1e-6 far above it.
        let same = scenario_cell(Unit::Money, Some(38e9), Some(38e9 * (1.0 - 1e-12)));
        assert_eq!(same.delta, Some(0.0));
        assert_eq!(same.delta_text, "$0");
        let moved = scenario_cell(Unit::Money, Some(38e9), Some(38e9 * (1.0 - 1e-6)));
        assert_eq!(moved.delta_text, "-$38.0K");
    }

    #[test]
    fn differences_read_in_their_units() {
        // A share from 40 % to 42.5 % is 2.5 points; a month earlier is one month.
        assert_eq!(delta_text(Unit::Fraction, 0.025), "+2.5 pt");
        assert_eq!(delta_text(Unit::Date, -1.0), "-1 month");
        assert_eq!(delta_text(Unit::Date, 2.0), "+2 months");
        assert_eq!(delta_text(Unit::Ratio, -0.02), "-0.020");
    }

    #[test]
    fn csv_has_a_value_and_a_difference_per_scenario() {
        let csv = summary(&capped()).to_csv();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("metric,unit,base,Half rate,Half rate Δ,Cap out of reach,Cap out of reach Δ")
        );
        assert!(
            csv.contains("Paid · Share,USD,95000000,95000000,0,240000000,145000000\n"),
            "{csv}"
        );
        assert!(
            csv.contains("Cap reached · Share,date,2026-05-01,2026-10-01,5,,\n"),
            "{csv}"
        );
    }

    #[test]
    fn overrides_that_no_longer_apply_are_left_out_and_said() {
        let mut a = capped();
        a.scenarios[0].set(
            &crate::model::param::ParamRef::Weight {
                provider: "gone".into(),
            },
            1.0,
        );
        let s = summary(&a);
        assert_eq!(
            s.left_out,
            [
                vec!["gone · weight: there is no provider \"gone\"".to_owned()],
                vec![]
            ]
        );
    }
}
