//! The projection as named columns, monthly or per calendar year, for export.

use crate::model::Agreement;

use super::Projection;

/// How a column's months combine into a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Flows: the year's total.
    Sum,
    /// Cumulative values: the year's last month.
    Last,
    /// Concentration: Σ over providers of the yearly share squared (from the given share columns).
    HhiOf(usize, usize),
    /// A share: the yearly sum of column `part` over the yearly sum of column `whole`.
    ShareOf { part: usize, whole: usize },
}

/// One named series.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Vec<f64>,
    pub aggregate: Aggregate,
}

/// Row labels and columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// `month` or `year`.
    pub key: &'static str,
    pub rows: Vec<String>,
    pub columns: Vec<Column>,
}

fn push(columns: &mut Vec<Column>, name: String, values: &[f64], aggregate: Aggregate) -> usize {
    columns.push(Column {
        name,
        values: values.to_vec(),
        aggregate,
    });
    columns.len() - 1
}

/// Every series of the projection, named by the ids of the items they belong to.
pub fn monthly(a: &Agreement, p: &Projection) -> Table {
    use Aggregate::{Last, Sum};
    let mut c = Vec::new();
    let party = |i: usize| a.parties.get(i).map_or("?", |x| x.id.as_str());
    for (s, values) in a.streams.iter().zip(&p.streams) {
        push(&mut c, format!("{}.revenue", s.id), values, Sum);
    }
    for s in &p.shares {
        let id = &a.clauses[s.clause].id;
        push(&mut c, format!("{id}.accrued"), &s.accrued, Sum);
        push(&mut c, format!("{id}.paid"), &s.paid, Sum);
        push(&mut c, format!("{id}.cum_accrued"), &s.cum_accrued, Last);
        push(&mut c, format!("{id}.cum_paid"), &s.cum_paid, Last);
    }
    let flows = p.flows.iter().map(|f| (f.payer, f.payee, "paid", &f.paid));
    let nets = p.nets.iter().map(|x| (x.a, x.b, "net", &x.net));
    for (from, to, what, series) in flows.chain(nets) {
        let name = format!("{}->{}.{what}", party(from), party(to));
        push(&mut c, name, series, Sum);
    }
    for (w, series) in a.workloads.iter().zip(&p.workloads) {
        let whole = push(&mut c, format!("{}.amount", w.id), &series.amount, Sum);
        for (i, pr) in a.providers.iter().enumerate() {
            let part = push(
                &mut c,
                format!("{}.{}.spend", w.id, pr.id),
                &series.spend[i],
                Sum,
            );
            push(
                &mut c,
                format!("{}.{}.share", w.id, pr.id),
                &series.share[i],
                Aggregate::ShareOf { part, whole },
            );
        }
    }
    let total: Vec<f64> = (0..p.months.len())
        .map(|k| p.provider_spend.iter().map(|s| s[k]).sum())
        .collect();
    let whole = push(&mut c, "total.spend".to_owned(), &total, Sum);
    let first_share = c.len() + 1;
    for (i, pr) in a.providers.iter().enumerate() {
        let part = push(
            &mut c,
            format!("{}.spend", pr.id),
            &p.provider_spend[i],
            Sum,
        );
        push(
            &mut c,
            format!("{}.share", pr.id),
            &p.provider_share[i],
            Aggregate::ShareOf { part, whole },
        );
    }
    let last_share = c.len();
    push(
        &mut c,
        "hhi".to_owned(),
        &p.hhi,
        Aggregate::HhiOf(first_share, last_share),
    );
    for cm in &p.commitments {
        let id = &a.clauses[cm.clause].id;
        push(&mut c, format!("{id}.required_cum"), &cm.required_cum, Last);
        push(&mut c, format!("{id}.actual_cum"), &cm.actual_cum, Last);
        push(&mut c, format!("{id}.top_up"), &cm.top_up, Sum);
    }
    Table {
        key: "month",
        rows: p.months.iter().map(ToString::to_string).collect(),
        columns: c,
    }
}

/// The monthly table summed per calendar year (shares from yearly spend, HHI from yearly shares).
pub fn yearly(a: &Agreement, p: &Projection) -> Table {
    let monthly = monthly(a, p);
    let years = p.yearly(&vec![0.0; p.months.len()]);
    let rows: Vec<String> = years.iter().map(|(y, _)| y.to_string()).collect();
    let year_of: Vec<usize> = {
        let mut idx = Vec::with_capacity(p.months.len());
        let mut y = 0;
        for (k, m) in p.months.iter().enumerate() {
            if k > 0 && m.year() != p.months[k - 1].year() {
                y += 1;
            }
            idx.push(y);
        }
        idx
    };
    let sums: Vec<Vec<f64>> = monthly
        .columns
        .iter()
        .map(|col| {
            let mut out = vec![0.0; rows.len()];
            for (k, v) in col.values.iter().enumerate() {
                out[year_of[k]] += v;
            }
            out
        })
        .collect();
    let mut columns: Vec<Column> = Vec::with_capacity(monthly.columns.len());
    for (ci, col) in monthly.columns.iter().enumerate() {
        let values: Vec<f64> = (0..rows.len())
            .map(|y| match col.aggregate {
                Aggregate::Sum => sums[ci][y],
                Aggregate::Last => year_of
                    .iter()
                    .rposition(|&yy| yy == y)
                    .map_or(0.0, |k| col.values[k]),
                Aggregate::ShareOf { part, whole } => {
                    let w = sums[whole][y];
                    if w > 0.0 { sums[part][y] / w } else { 0.0 }
                }
                Aggregate::HhiOf(..) => 0.0,
            })
            .collect();
        columns.push(Column {
            name: col.name.clone(),
            values,
            aggregate: col.aggregate,
        });
    }
    // HHI after the shares it is made of.
    for ci in 0..columns.len() {
        if let Aggregate::HhiOf(from, to) = columns[ci].aggregate {
            let values = (0..rows.len())
                .map(|y| {
                    (from..to)
                        .filter(|j| matches!(columns[*j].aggregate, Aggregate::ShareOf { .. }))
                        .map(|j| columns[j].values[y] * columns[j].values[y])
                        .sum()
                })
                .collect();
            columns[ci].values = values;
        }
    }
    Table {
        key: "year",
        rows,
        columns,
    }
}
