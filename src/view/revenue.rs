//! The revenue-share chart's view model: payments per year as bars, cumulative
//! payments, net flows and caps as lines, on the shared time axis (x in fractional
//! years).

use chrono::{Datelike as _, NaiveDate};

use crate::engine::Projection;
use crate::model::{Agreement, ClauseKind, Rgb};
use crate::view::time_axis::{date_from_x, x_from_date, x_from_month};
use crate::words;

/// Share of a year's slot that the bars of one year take together.
const BAR_GROUP_WIDTH: f64 = 0.8;
/// Share of its slot that one bar fills, leaving a gap to its neighbour.
const BAR_FILL: f64 = 0.9;
/// Room above the highest value, as a share of the value range.
pub const Y_HEADROOM: f64 = 0.08;
/// The colour of a series whose party is missing.
const UNKNOWN_COLOR: Rgb = Rgb([160, 160, 160]);

/// One bar of a yearly bar chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearBar {
    pub year: i32,
    /// Centre of the bar on the time axis.
    pub x: f64,
    /// Width of the bar, in years.
    pub width: f64,
    /// Paid in that year (within the horizon).
    pub value: f64,
}

/// Payments one way between two parties.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectionSeries {
    /// Who pays whom: "Alpha → Beta".
    pub label: String,
    /// The bars' name: "Alpha → Beta per year".
    pub bars_name: String,
    /// The cumulative line's name: "Alpha → Beta cumulative".
    pub cumulative_name: String,
    /// The payer's colour.
    pub color: Rgb,
    /// Paid per calendar year, one bar per year.
    pub bars: Vec<YearBar>,
    /// Cumulative payments: 0 at the horizon's start, then the total at the end of each month.
    pub cumulative: Vec<[f64; 2]>,
}

/// Net payments between two parties that pay each other, cumulative.
#[derive(Clone, Debug, PartialEq)]
pub struct NetLine {
    /// "Net Alpha → Beta", named in the direction the net flow mostly goes.
    pub label: String,
    /// Like [`DirectionSeries::cumulative`].
    pub cumulative: Vec<[f64; 2]>,
}

/// A capped revenue-share clause: its cap and what counts toward it.
#[derive(Clone, Debug, PartialEq)]
pub struct CapLine {
    /// "cap $38.0B".
    pub label: String,
    /// The clause's title.
    pub clause: String,
    /// What the dotted accrual line shows, naming the clause.
    pub accrued_tooltip: String,
    /// What the dashed cap line shows, naming the clause.
    pub cap_tooltip: String,
    pub cap: f64,
    /// The payer's colour.
    pub color: Rgb,
    /// From the clause's start to its end (or the horizon's end).
    pub x_range: (f64, f64),
    /// Cumulative accrual the cap counts (over every clause it counts), like
    /// [`DirectionSeries::cumulative`].
    pub accrued: Vec<[f64; 2]>,
    /// Where cumulative accrual reaches the cap: the end of that month.
    pub reached_x: Option<f64>,
}

/// Everything the revenue-share plot draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevenueChart {
    /// Each month's start, then the end of the last month.
    pub edges: Vec<f64>,
    /// One per ordered pair of parties with payments.
    pub directions: Vec<DirectionSeries>,
    /// One per pair of parties that pay each other.
    pub nets: Vec<NetLine>,
    /// One per capped revenue-share clause.
    pub caps: Vec<CapLine>,
}

/// The name of party `index`, or a placeholder for a dangling reference.
fn party_name(a: &Agreement, index: usize) -> &str {
    a.parties.get(index).map_or("?", |p| p.name.as_str())
}

fn party_color(a: &Agreement, index: usize) -> Rgb {
    a.parties.get(index).map_or(UNKNOWN_COLOR, |p| p.color)
}

/// Month edges: each month's start, then the end of the last month.
pub(crate) fn month_edges(p: &Projection) -> Vec<f64> {
    let mut edges: Vec<f64> = p.months.iter().map(|&m| x_from_month(m)).collect();
    if let Some(last) = p.months.last() {
        edges.push(x_from_date(last.end_day()));
    }
    edges
}

/// A running total as points at month ends, starting from 0 at the first month's start.
fn cumulative_points(edges: &[f64], monthly: &[f64]) -> Vec<[f64; 2]> {
    let mut total = 0.0;
    let mut points = Vec::with_capacity(monthly.len() + 1);
    if let Some(&first) = edges.first() {
        points.push([first, 0.0]);
    }
    for (value, &x) in monthly.iter().zip(edges.iter().skip(1)) {
        total += value;
        points.push([x, total]);
    }
    points
}

/// The index of the month containing `x`, if it is within the horizon.
pub(crate) fn month_at(edges: &[f64], x: f64) -> Option<usize> {
    let n = edges.len().checked_sub(1)?;
    let i = edges.partition_point(|&e| e <= x).checked_sub(1)?;
    (i < n).then_some(i)
}

/// The index and first day of the month containing `x`, if it is within the horizon.
pub(crate) fn month_and_day_at(edges: &[f64], x: f64) -> Option<(usize, NaiveDate)> {
    let i = month_at(edges, x)?;
    // A hair past the edge, so that rounding never lands in the month before.
    Some((i, date_from_x(edges[i] + 1e-6)))
}

/// A y range from `lo` to `hi` with room above (and below, if negative).
pub(crate) fn with_headroom(lo: f64, hi: f64) -> (f64, f64) {
    let span = (hi - lo).max(1.0);
    let lo = if lo < 0.0 {
        lo - span * Y_HEADROOM
    } else {
        0.0
    };
    (lo, hi + span * Y_HEADROOM)
}

/// The y values of `points` within `[x_min, x_max]`, plus the ones just outside, so
/// that a line crossing the edge of the view still fits. None if the line is all
/// before or all after the view.
fn visible_values(points: &[[f64; 2]], x_min: f64, x_max: f64) -> impl Iterator<Item = f64> + '_ {
    let after_start = points.partition_point(|p| p[0] < x_min);
    let through_end = points.partition_point(|p| p[0] <= x_max);
    let range = if after_start == points.len() || through_end == 0 {
        &[][..]
    } else {
        &points[after_start.saturating_sub(1)..(through_end + 1).min(points.len())]
    };
    range.iter().map(|p| p[1])
}

impl RevenueChart {
    /// Prepares the revenue-share plot from a projection.
    #[must_use]
    pub fn new(a: &Agreement, p: &Projection) -> Self {
        let edges = month_edges(p);
        let directions = directions(a, p, &edges);
        let nets = nets(a, p, &edges);
        let caps = caps(a, p, &edges);
        Self {
            edges,
            directions,
            nets,
            caps,
        }
    }

    /// Whether there is nothing to draw.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.directions.is_empty()
    }

    /// The y range that shows everything between `x_min` and `x_max`, with headroom.
    #[must_use]
    pub fn y_range(&self, x_min: f64, x_max: f64) -> (f64, f64) {
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        let mut take = |y: f64| {
            lo = lo.min(y);
            hi = hi.max(y);
        };
        for d in &self.directions {
            visible_values(&d.cumulative, x_min, x_max).for_each(&mut take);
            d.bars
                .iter()
                .filter(|b| b.x + b.width / 2.0 >= x_min && b.x - b.width / 2.0 <= x_max)
                .for_each(|b| take(b.value));
        }
        for n in &self.nets {
            visible_values(&n.cumulative, x_min, x_max).for_each(&mut take);
        }
        for c in &self.caps {
            visible_values(&c.accrued, x_min, x_max).for_each(&mut take);
            if c.x_range.1 >= x_min && c.x_range.0 <= x_max {
                take(c.cap);
            }
        }
        with_headroom(lo, hi)
    }

    /// The tooltip at time `x`: the month, then each series' value then.
    #[must_use]
    pub fn hover_text(&self, x: f64) -> Option<String> {
        let (i, month) = month_and_day_at(&self.edges, x)?;
        let year = month.year();
        let so_far = |points: &[[f64; 2]]| points.get(i + 1).map_or(0.0, |p| p[1]);
        let mut lines = vec![words::month_year(month)];
        for d in &self.directions {
            let yearly = d
                .bars
                .iter()
                .find(|b| b.year == year)
                .map_or(0.0, |b| b.value);
            lines.push(format!(
                "{}: {} in {year}, {} so far",
                d.label,
                words::money(yearly),
                words::money(so_far(&d.cumulative))
            ));
        }
        for n in &self.nets {
            lines.push(format!(
                "{}: {} so far",
                n.label,
                words::money(so_far(&n.cumulative))
            ));
        }
        for c in &self.caps {
            lines.push(format!(
                "{}: {} of {} accrued",
                c.clause,
                words::money(so_far(&c.accrued)),
                c.label
            ));
        }
        Some(lines.join("\n"))
    }
}

/// One series per flow, its bars side by side with the other flows' within each year.
fn directions(a: &Agreement, p: &Projection, edges: &[f64]) -> Vec<DirectionSeries> {
    let slot = BAR_GROUP_WIDTH / p.flows.len().max(1) as f64;
    p.flows
        .iter()
        .enumerate()
        .map(|(i, flow)| {
            let label = format!(
                "{} → {}",
                party_name(a, flow.payer),
                party_name(a, flow.payee)
            );
            DirectionSeries {
                bars_name: format!("{label} per year"),
                cumulative_name: format!("{label} cumulative"),
                label,
                color: party_color(a, flow.payer),
                bars: p
                    .yearly(&flow.paid)
                    .into_iter()
                    .map(|(year, value)| YearBar {
                        year,
                        x: f64::from(year)
                            + (1.0 - BAR_GROUP_WIDTH) / 2.0
                            + (i as f64 + 0.5) * slot,
                        width: slot * BAR_FILL,
                        value,
                    })
                    .collect(),
                cumulative: cumulative_points(edges, &flow.paid),
            }
        })
        .collect()
}

/// A net line per pair of parties that pay each other: with one direction only it
/// would be that direction's line again.
fn nets(a: &Agreement, p: &Projection, edges: &[f64]) -> Vec<NetLine> {
    let pays = |from, to| {
        p.flows
            .iter()
            .any(|f| f.payer == from && f.payee == to && f.paid.iter().any(|&v| v != 0.0))
    };
    p.nets
        .iter()
        .filter(|n| pays(n.a, n.b) && pays(n.b, n.a))
        .map(|n| {
            let total: f64 = n.net.iter().sum();
            let (from, to, sign) = if total < 0.0 {
                (n.b, n.a, -1.0)
            } else {
                (n.a, n.b, 1.0)
            };
            let net: Vec<f64> = n.net.iter().map(|v| sign * v).collect();
            NetLine {
                label: format!("Net {} → {}", party_name(a, from), party_name(a, to)),
                cumulative: cumulative_points(edges, &net),
            }
        })
        .collect()
}

/// A cap line per capped revenue-share clause, over the clause's period.
fn caps(a: &Agreement, p: &Projection, edges: &[f64]) -> Vec<CapLine> {
    let horizon_start = edges.first().copied().unwrap_or_default();
    let horizon_end = edges.last().copied().unwrap_or_default();
    p.shares
        .iter()
        .filter_map(|s| {
            let cap = s.cap?;
            let clause = a.clauses.get(s.clause)?;
            let segment = p.segments.get(s.clause).and_then(Option::as_ref);
            let start = segment.map_or(horizon_start, |g| x_from_date(g.start));
            let end = segment
                .and_then(|g| g.end)
                .map_or(horizon_end, x_from_date)
                .min(horizon_end);
            let counts = if s.cap_members.len() > 1 {
                format!(
                    "accruals under “{}” and {} more clauses",
                    clause.title,
                    s.cap_members.len() - 1
                )
            } else {
                format!("accruals under “{}”", clause.title)
            };
            let from = match &clause.kind {
                ClauseKind::RevenueShare {
                    cap_from: Some(d), ..
                } => format!(" from {}", words::date(*d)),
                _ => String::new(),
            };
            Some(CapLine {
                label: format!("cap {}", words::money(cap)),
                clause: clause.title.clone(),
                accrued_tooltip: format!(
                    "What the cap counts: cumulative {counts}{from}; they stop at the cap"
                ),
                cap_tooltip: format!(
                    "{}: accrual stops when what it counts reaches the cap",
                    clause.title
                ),
                cap,
                color: s.payer.map_or(UNKNOWN_COLOR, |i| party_color(a, i)),
                x_range: (start, end.max(start)),
                accrued: cumulative_points(edges, &s.cap_counted_monthly),
                reached_x: s.cap_reached.and_then(|i| edges.get(i + 1).copied()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::project;
    use crate::fixtures::{close, date, month, small_agreement};

    fn revenue() -> RevenueChart {
        let a = small_agreement();
        RevenueChart::new(&a, &project(&a))
    }

    /// The one item of `items`.
    fn only<T: std::fmt::Debug>(items: &[T]) -> &T {
        let [item] = items else {
            panic!("expected one, got {items:?}");
        };
        item
    }

    #[test]
    fn bars_of_two_directions_sit_side_by_side_within_their_year() {
        let chart = revenue();
        let [ab, ba] = &chart.directions[..] else {
            panic!("expected two directions, got {:?}", chart.directions.len());
        };
        assert_eq!(ab.label, "Alpha → Beta");
        assert_eq!(ba.label, "Beta → Alpha");
        assert_eq!(ab.bars_name, "Alpha → Beta per year");
        assert_eq!(ab.cumulative_name, "Alpha → Beta cumulative");
        assert_eq!(ab.color, Rgb([200, 40, 40]));
        let years: Vec<i32> = ab.bars.iter().map(|b| b.year).collect();
        assert_eq!(years, [2024, 2025]);
        // Two bars share the middle 80 % of the year: centres at .3 and .7, 90 % of 0.4 wide.
        close(ab.bars[0].x, 2024.3);
        close(ba.bars[0].x, 2024.7);
        close(ab.bars[0].width, 0.36);
        assert!(ab.bars[0].x + ab.bars[0].width / 2.0 < ba.bars[0].x - ba.bars[0].width / 2.0);
        // 10 a month in 2024; 30 in 2025 until the cap of 150.
        close(ab.bars[0].value, 120.0);
        close(ab.bars[1].value, 30.0);
        close(ba.bars[1].value, 24.0);
    }

    #[test]
    fn cumulative_lines_start_at_zero_and_end_at_the_total_paid() {
        let chart = revenue();
        let ab = &chart.directions[0];
        assert_eq!(ab.cumulative.len(), 25);
        assert_eq!(ab.cumulative[0], [x_from_month(month("2024-01")), 0.0]);
        close(ab.cumulative[1][1], 10.0);
        close(ab.cumulative[1][0], x_from_month(month("2024-02")));
        close(ab.cumulative[24][1], 150.0);
        close(ab.cumulative[24][0], 2026.0);
    }

    #[test]
    fn the_net_line_reads_in_the_direction_money_mostly_flows() {
        let chart = revenue();
        let net = only(&chart.nets);
        assert_eq!(net.label, "Net Alpha → Beta");
        close(net.cumulative[24][1], 150.0 - 48.0);

        // With one direction only, a net line would repeat that direction's line.
        let mut a = small_agreement();
        a.clauses.remove(1);
        assert!(RevenueChart::new(&a, &project(&a)).nets.is_empty());
    }

    #[test]
    fn a_capped_clause_gets_a_cap_line_and_the_month_it_is_reached() {
        let chart = revenue();
        let cap = only(&chart.caps);
        assert_eq!(cap.label, "cap $150");
        assert_eq!(cap.clause, "ab");
        assert_eq!(
            cap.accrued_tooltip,
            "What the cap counts: cumulative accruals under “ab”; they stop at the cap"
        );
        assert_eq!(
            cap.cap_tooltip,
            "ab: accrual stops when what it counts reaches the cap"
        );
        close(cap.cap, 150.0);
        // Cumulative accrual reaches 150 in March 2025: the point sits at its end.
        close(
            cap.reached_x.expect("reached"),
            x_from_month(month("2025-04")),
        );
        close(cap.x_range.0, 2024.0);
        close(cap.x_range.1, 2026.0);
        close(cap.accrued[24][1], 150.0);
    }

    #[test]
    fn the_y_range_fits_what_is_visible_with_headroom() {
        let chart = revenue();
        let (lo, hi) = chart.y_range(2024.0, 2024.5);
        assert_eq!(lo, 0.0);
        // The 2024 bar (120) and the cap (150, its line spans the view) are visible.
        close(hi, 150.0 * (1.0 + Y_HEADROOM));
        let (_, hi) = chart.y_range(2030.0, 2031.0);
        assert!(hi <= 1.0 + Y_HEADROOM, "nothing visible: {hi}");
    }

    #[test]
    fn the_revenue_tooltip_gives_the_month_and_money() {
        let text = revenue()
            .hover_text(x_from_date(date("2024-03-15")))
            .expect("in the horizon");
        assert_eq!(
            text,
            "Mar 2024\n\
             Alpha → Beta: $120 in 2024, $30 so far\n\
             Beta → Alpha: $24 in 2024, $6 so far\n\
             Net Alpha → Beta: $24 so far\n\
             ab: $30 of cap $150 accrued"
        );
        assert_eq!(revenue().hover_text(2030.0), None);
    }

    #[test]
    fn months_are_found_by_their_edges() {
        let edges = [2024.0, 2024.5, 2025.0];
        assert_eq!(month_at(&edges, 2023.9), None);
        assert_eq!(month_at(&edges, 2024.0), Some(0));
        assert_eq!(month_at(&edges, 2024.7), Some(1));
        assert_eq!(month_at(&edges, 2025.0), None);
        assert_eq!(month_at(&[], 2024.0), None);
        assert_eq!(
            month_and_day_at(&edges, 2024.6),
            Some((1, date("2024-07-02")))
        );
    }

    #[test]
    fn headroom_is_added_above_and_below_only_when_negative() {
        assert_eq!(with_headroom(0.0, 100.0), (0.0, 108.0));
        assert_eq!(with_headroom(-50.0, 50.0), (-58.0, 58.0));
        // A flat line at zero still gets a unit of range.
        assert_eq!(with_headroom(0.0, 0.0), (0.0, 0.08));
    }

    #[test]
    fn lines_crossing_the_view_keep_the_points_just_outside_it() {
        let points = [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]];
        let values: Vec<f64> = visible_values(&points, 2.5, 2.7).collect();
        assert_eq!(values, [20.0, 30.0]);
        let values: Vec<f64> = visible_values(&points, 2.0, 3.0).collect();
        assert_eq!(values, [10.0, 20.0, 30.0, 40.0]);
        assert_eq!(visible_values(&points, 5.0, 6.0).count(), 0);
        assert_eq!(visible_values(&points, -1.0, 0.5).count(), 0);
    }
}
