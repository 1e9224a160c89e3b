//! The projection as CSV or JSON text.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::engine::table::Table;
use crate::engine::{CommitmentMetrics, ExclusivityEnd, Projection, ShareMetrics};
use crate::model::Agreement;

/// A CSV field, quoted if needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The table as CSV: a header row, then one row per month or year.
pub fn csv(table: &Table) -> String {
    let mut out = String::new();
    out.push_str(table.key);
    for c in &table.columns {
        out.push(',');
        out.push_str(&field(&c.name));
    }
    out.push('\n');
    for (r, label) in table.rows.iter().enumerate() {
        out.push_str(label);
        for c in &table.columns {
            let _ = write!(out, ",{}", c.values[r]);
        }
        out.push('\n');
    }
    out
}

/// Totals keyed by the id of the clause they belong to: revenue shares and commitments
/// alike.
fn by_clause(a: &Agreement, totals: impl Iterator<Item = (usize, Value)>) -> Map<String, Value> {
    totals
        .map(|(i, v)| {
            let id = a.clauses.get(i).map_or("?", |c| c.id.as_str());
            (id.to_owned(), v)
        })
        .collect()
}

/// A revenue share's totals.
fn share_totals(s: &ShareMetrics) -> Value {
    json!({
        "total_accrued": s.total_accrued,
        "total_paid": s.total_paid,
        "npv": s.npv,
        "cap_reached": s.cap_reached.map(|x| x.to_string()),
        "outstanding_at_horizon": s.outstanding_at_horizon,
    })
}

/// A compute commitment's totals.
fn commitment_totals(c: &CommitmentMetrics) -> Value {
    json!({
        "top_up_total": c.top_up_total,
        "shortfall_at_end": c.shortfall_at_end,
        "behind_at_horizon": c.behind_at_horizon,
    })
}

/// The metrics, named by ids, as JSON.
pub fn metrics_json(a: &Agreement, p: &Projection) -> Value {
    let m = &p.metrics;
    let party = |i: usize| a.parties.get(i).map_or("?", |x| x.id.as_str());
    let shares = by_clause(a, m.shares.iter().map(|s| (s.clause, share_totals(s))));
    // Payments and nets alike: `payer->payee` with the total and its NPV.
    let by_direction = |list: &[crate::engine::DirectionMetrics]| -> Map<String, Value> {
        list.iter()
            .map(|d| {
                (
                    format!("{}->{}", party(d.payer), party(d.payee)),
                    json!({ "total_paid": d.total_paid, "npv": d.npv }),
                )
            })
            .collect()
    };
    let directions = by_direction(&m.directions);
    let nets = by_direction(&m.nets);
    let mut provider_share = Map::new();
    for (pr, s) in a.providers.iter().zip(&m.provider_share_last_year) {
        provider_share.insert(pr.id.clone(), json!(s));
    }
    let commitments = by_clause(
        a,
        m.commitments
            .iter()
            .map(|c| (c.clause, commitment_totals(c))),
    );
    let mut exclusivity = Map::new();
    for (w, e) in a.workloads.iter().zip(&m.exclusivity_end) {
        let v = match e {
            ExclusivityEnd::NeverExclusive => json!("never exclusive"),
            ExclusivityEnd::OpenEnded => json!("open-ended"),
            ExclusivityEnd::Ends(d) => json!(d.to_string()),
        };
        exclusivity.insert(w.id.clone(), v);
    }
    json!({
        "revenue_share": shares,
        "payments": directions,
        "net": nets,
        "last_year": m.last_year,
        "provider_share_last_year": provider_share,
        "hhi_last_year": m.hhi_last_year,
        "commitments": commitments,
        "exclusivity_ends": exclusivity,
    })
}

/// The metrics as `name,value` CSV lines, appended after the series.
pub fn metrics_csv(a: &Agreement, p: &Projection) -> String {
    let mut out = String::from("metric,value\n");
    flatten("", &metrics_json(a, p), &mut out);
    out
}

fn flatten(prefix: &str, v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, out);
            }
        }
        Value::Null => {
            let _ = writeln!(out, "{},", field(prefix));
        }
        Value::String(s) => {
            let _ = writeln!(out, "{},{}", field(prefix), field(s));
        }
        other => {
            let _ = writeln!(out, "{},{other}", field(prefix));
        }
    }
}

/// Series and metrics as one JSON document.
pub fn json(a: &Agreement, table: &Table, p: &Projection) -> Value {
    let mut series = Map::new();
    series.insert(table.key.to_owned(), json!(table.rows));
    for c in &table.columns {
        // JSON has no NaN or infinity; the engine never produces them, but stay valid.
        let values: Vec<Value> = c
            .values
            .iter()
            .map(|v| if v.is_finite() { json!(v) } else { Value::Null })
            .collect();
        series.insert(c.name.clone(), Value::Array(values));
    }
    json!({
        "title": a.title,
        "currency": a.currency,
        "series": series,
        "metrics": metrics_json(a, p),
    })
}
