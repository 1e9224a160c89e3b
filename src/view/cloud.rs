//! The cloud-distribution chart's view model: each provider's share of cloud spend
//! (or its spend) per month, stacked, for all workloads or one.

use crate::engine::Projection;
use crate::model::{Agreement, Rgb};
use crate::view::revenue::{Y_HEADROOM, month_and_day_at, month_at, month_edges, with_headroom};
use crate::words;

/// What the cloud-distribution plot shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CloudMode {
    /// Each provider's share, stacked to 100 %.
    #[default]
    Share,
    /// Each provider's spend, stacked to the total.
    Amount,
}

/// One provider's layer in the stacked cloud plot.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudBand {
    /// Index into the agreement's providers.
    pub provider: usize,
    pub name: String,
    pub color: Rgb,
    /// Per month.
    pub share: Vec<f64>,
    /// Per month.
    pub spend: Vec<f64>,
    /// Lower and upper edge of the band in share mode, two points per month (steps).
    pub share_edges: (Vec<f64>, Vec<f64>),
    /// Lower and upper edge of the band in amount mode, two points per month (steps).
    pub spend_edges: (Vec<f64>, Vec<f64>),
}

impl CloudBand {
    /// The band's lower and upper edges in `mode`.
    pub fn edges(&self, mode: CloudMode) -> (&[f64], &[f64]) {
        let (lower, upper) = match mode {
            CloudMode::Share => &self.share_edges,
            CloudMode::Amount => &self.spend_edges,
        };
        (lower, upper)
    }
}

/// Everything the cloud-distribution plot draws, for all workloads or one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CloudChart {
    /// Each month's start, then the end of the last month.
    pub edges: Vec<f64>,
    /// Each month's start and end: the x of the band edges.
    pub step_xs: Vec<f64>,
    /// Providers with any spend, bottom of the stack first (agreement order).
    pub bands: Vec<CloudBand>,
    /// Total spend per month.
    pub total: Vec<f64>,
}

/// Stacks monthly `values` (per band) into band edges, two points per month.
fn stack_steps(values: &[&[f64]], months: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut below = vec![0.0; months];
    values
        .iter()
        .map(|v| {
            let mut lower = Vec::with_capacity(2 * months);
            let mut upper = Vec::with_capacity(2 * months);
            for (m, base) in below.iter_mut().enumerate() {
                let value = v.get(m).copied().unwrap_or_default();
                lower.extend([*base, *base]);
                *base += value;
                upper.extend([*base, *base]);
            }
            (lower, upper)
        })
        .collect()
}

impl CloudChart {
    /// Prepares the cloud plot for all workloads (`None`) or one workload.
    #[must_use]
    pub fn new(a: &Agreement, p: &Projection, workload: Option<usize>) -> Self {
        let edges = month_edges(p);
        let months = p.months.len();
        let (shares, spends) = match workload.and_then(|w| p.workloads.get(w)) {
            Some(w) => (&w.share, &w.spend),
            None => (&p.provider_share, &p.provider_spend),
        };
        let kept: Vec<usize> = (0..a.providers.len().min(shares.len()).min(spends.len()))
            .filter(|&i| spends[i].iter().any(|&v| v > 0.0))
            .collect();
        let share_values: Vec<&[f64]> = kept.iter().map(|&i| &shares[i]).collect();
        let spend_values: Vec<&[f64]> = kept.iter().map(|&i| &spends[i]).collect();
        let share_edges = stack_steps(&share_values, months);
        let spend_edges = stack_steps(&spend_values, months);
        let bands = kept
            .iter()
            .zip(share_edges.into_iter().zip(spend_edges))
            .map(|(&i, (share_edges, spend_edges))| CloudBand {
                provider: i,
                name: a.providers[i].name.clone(),
                color: a.providers[i].color,
                share: shares[i].to_vec(),
                spend: spends[i].to_vec(),
                share_edges,
                spend_edges,
            })
            .collect();
        let total = (0..months)
            .map(|m| {
                spends
                    .iter()
                    .map(|s| s.get(m).copied().unwrap_or_default())
                    .sum()
            })
            .collect();
        let step_xs = edges.windows(2).flat_map(|w| [w[0], w[1]]).collect();
        Self {
            edges,
            step_xs,
            bands,
            total,
        }
    }

    /// Whether there is nothing to draw.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bands.is_empty()
    }

    /// The y range that shows everything between `x_min` and `x_max`.
    #[must_use]
    pub fn y_range(&self, mode: CloudMode, x_min: f64, x_max: f64) -> (f64, f64) {
        match mode {
            CloudMode::Share => (0.0, 1.0 + Y_HEADROOM / 2.0),
            CloudMode::Amount => {
                let first = month_at(&self.edges, x_min).unwrap_or(0);
                let last =
                    month_at(&self.edges, x_max).unwrap_or(self.total.len().saturating_sub(1));
                let hi = self
                    .total
                    .get(first.min(last)..=last)
                    .unwrap_or_default()
                    .iter()
                    .fold(0.0_f64, |m, &v| m.max(v));
                with_headroom(0.0, hi)
            }
        }
    }

    /// The tooltip at time `x`: the month, then each provider from the top of the stack.
    #[must_use]
    pub fn hover_text(&self, mode: CloudMode, x: f64) -> Option<String> {
        let (i, month) = month_and_day_at(&self.edges, x)?;
        let mut lines = vec![words::month_year(month)];
        for band in self.bands.iter().rev() {
            let share = words::percent(band.share.get(i).copied().unwrap_or_default());
            let spend = words::money(band.spend.get(i).copied().unwrap_or_default());
            lines.push(match mode {
                CloudMode::Share => format!("{}: {share} ({spend}/month)", band.name),
                CloudMode::Amount => format!("{}: {spend}/month ({share})", band.name),
            });
        }
        let total = self.total.get(i).copied().unwrap_or_default();
        lines.push(format!("Total: {}/month", words::money(total)));
        Some(lines.join("\n"))
    }
}

/// The cloud chart of all workloads and one per workload, so that switching the
/// workload shown builds nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CloudCharts {
    /// All workloads together.
    pub all: CloudChart,
    /// One per workload, in agreement order.
    pub per_workload: Vec<CloudChart>,
}

impl CloudCharts {
    /// The charts of `a`'s projection `p`.
    #[must_use]
    pub fn new(a: &Agreement, p: &Projection) -> Self {
        Self {
            all: CloudChart::new(a, p, None),
            per_workload: (0..a.workloads.len())
                .map(|w| CloudChart::new(a, p, Some(w)))
                .collect(),
        }
    }

    /// The chart of one workload (by index), or of all of them when `workload` is none
    /// or no longer there.
    #[must_use]
    pub fn get(&self, workload: Option<usize>) -> &CloudChart {
        workload
            .and_then(|w| self.per_workload.get(w))
            .unwrap_or(&self.all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::project;
    use crate::fixtures::{close, small_agreement};

    #[test]
    fn stacked_shares_fill_exactly_to_one_and_amounts_to_the_total() {
        let a = small_agreement();
        let p = project(&a);
        let chart = CloudChart::new(&a, &p, None);
        let names: Vec<&str> = chart.bands.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["Harbor", "Xeno"]);
        assert_eq!(chart.bands[0].color, Rgb([0, 120, 212]));
        assert_eq!(chart.step_xs.len(), 48);
        let top = chart.bands.last().expect("bands");
        for (k, &upper) in top.share_edges.1.iter().enumerate() {
            close(upper, 1.0);
            close(top.spend_edges.1[k], chart.total[k / 2]);
        }
        // Each band starts where the one below ends.
        assert_eq!(chart.bands[1].share_edges.0, chart.bands[0].share_edges.1);
        // 2024: Training all on Harbor (100), Serving 4:1 (160 + 40).
        close(chart.bands[0].share[0], 260.0 / 300.0);
        close(chart.total[0], 300.0);
    }

    #[test]
    fn one_workload_shows_its_own_shares() {
        let a = small_agreement();
        let p = project(&a);
        let chart = CloudChart::new(&a, &p, Some(0));
        close(chart.bands[0].share[0], 1.0);
        close(chart.bands[0].share[12], 0.8);
        close(chart.total[12], 100.0);
        assert_eq!(chart.y_range(CloudMode::Share, 2024.0, 2026.0).0, 0.0);
        close(
            chart.y_range(CloudMode::Amount, 2024.0, 2026.0).1,
            100.0 * (1.0 + Y_HEADROOM),
        );
        let text = chart
            .hover_text(CloudMode::Share, 2025.05)
            .expect("in the horizon");
        assert_eq!(
            text,
            "Jan 2025\nXeno: 20.0 % ($20/month)\nHarbor: 80.0 % ($80/month)\nTotal: $100/month"
        );
    }

    #[test]
    fn bands_stack_in_steps_of_two_points_per_month() {
        let stacked = stack_steps(&[&[1.0, 2.0], &[3.0]], 2);
        assert_eq!(
            stacked,
            [
                (vec![0.0, 0.0, 0.0, 0.0], vec![1.0, 1.0, 2.0, 2.0]),
                // A band shorter than the horizon counts as nothing after its end.
                (vec![1.0, 1.0, 2.0, 2.0], vec![4.0, 4.0, 2.0, 2.0]),
            ]
        );
    }

    #[test]
    fn the_charts_hold_one_per_workload_and_fall_back_to_all() {
        let a = small_agreement();
        let p = project(&a);
        let charts = CloudCharts::new(&a, &p);
        assert_eq!(charts.per_workload.len(), 2);
        assert_eq!(charts.get(Some(0)), &CloudChart::new(&a, &p, Some(0)));
        assert_eq!(charts.get(None), &charts.all);
        assert_eq!(charts.get(Some(5)), &charts.all);
        let band = &charts.all.bands[0];
        assert_eq!(band.edges(CloudMode::Share).1, &band.share_edges.1[..]);
        assert_eq!(band.edges(CloudMode::Amount).1, &band.spend_edges.1[..]);
    }
}
