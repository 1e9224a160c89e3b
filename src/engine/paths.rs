//! Filling yearly paths into monthly amounts (DESIGN §2.2).

use crate::model::{Month, MonthShape, YearlyPath};

/// The amount of `path` for calendar `year`, before scaling.
///
/// Between two given years the amount is interpolated geometrically (linearly if
/// either is zero or negative); before the first point it is the first point's
/// amount; after the last it grows at the path's terminal growth per year.
pub fn annual(points: &[(i32, f64)], terminal_growth: f64, year: i32) -> f64 {
    let (Some(&(first_year, first)), Some(&(last_year, last))) = (points.first(), points.last())
    else {
        return 0.0;
    };
    if year <= first_year {
        return first;
    }
    if year >= last_year {
        let years = (year - last_year).min(1000);
        return last * (1.0 + terminal_growth).powi(years);
    }
    let i = points.partition_point(|&(y, _)| y <= year);
    let (y0, a0) = points[i - 1];
    if year == y0 {
        // A given year is its own amount (what the interpolation gives at x = 0).
        return a0;
    }
    let (y1, a1) = points[i];
    let x = f64::from(year - y0) / f64::from(y1 - y0);
    if a0 <= 0.0 || a1 <= 0.0 {
        a0 + (a1 - a0) * x
    } else {
        a0 * (a1 / a0).powf(x)
    }
}

/// The path's points as `(year, amount)` sorted by year, non-finite amounts as 0.
pub fn sorted_points(path: &YearlyPath) -> Vec<(i32, f64)> {
    let mut points: Vec<(i32, f64)> = path
        .points
        .iter()
        .map(|p| (p.year, super::finite(p.amount)))
        .collect();
    points.sort_by_key(|&(y, _)| y);
    points.dedup_by_key(|&mut (y, _)| y);
    points
}

/// Monthly amounts of `path` on a grid of `months`, its forecast years multiplied
/// by `scale`: the years after the last point marked actual (DESIGN §2.2).
#[cfg(test)]
pub fn monthly(path: &YearlyPath, scale: f64, months: &[Month]) -> Vec<f64> {
    let mut out = Vec::new();
    monthly_with(path, scale, months, &mut out, &mut Vec::new());
    out
}

/// What a path's monthly amounts depend on: the numbers of the path, its scale and
/// the grid. Kept beside the amounts, it tells when they need computing again.
#[derive(Debug, Default)]
pub(super) struct PathKey {
    first: Option<Month>,
    len: usize,
    scale: u64,
    growth: u64,
    shape: MonthShape,
    points: Vec<(i32, u64, bool)>,
    /// The months of the years last computed, kept apart from the key: a year
    /// with the same growth has the same months whatever else changed.
    years: Vec<YearMonths>,
}

/// A year's growth factor `q`, its months' weights `q^(k/12)` and their sum.
#[derive(Clone, Copy, Debug)]
struct YearMonths {
    year: i32,
    growth: u64,
    powers: [f64; 12],
    sum: f64,
}

impl PathKey {
    /// Whether the key is that of `path` with `scale` on `months`, bit for bit.
    fn is(&self, path: &YearlyPath, scale: f64, months: &[Month]) -> bool {
        self.first == months.first().copied()
            && self.len == months.len()
            && self.scale == scale.to_bits()
            && self.growth == path.terminal_growth.value.to_bits()
            && self.shape == path.month_shape
            && self.points.len() == path.points.len()
            && self
                .points
                .iter()
                .zip(&path.points)
                .all(|(&k, p)| k == (p.year, p.amount.to_bits(), p.actual))
    }

    fn set(&mut self, path: &YearlyPath, scale: f64, months: &[Month]) {
        self.first = months.first().copied();
        self.len = months.len();
        self.scale = scale.to_bits();
        self.growth = path.terminal_growth.value.to_bits();
        self.shape = path.month_shape;
        self.points.clear();
        self.points.extend(
            path.points
                .iter()
                .map(|p| (p.year, p.amount.to_bits(), p.actual)),
        );
    }
}

/// [`monthly`] into `out`, unless `key` shows that `out` already holds these amounts.
pub(super) fn monthly_kept(
    path: &YearlyPath,
    scale: f64,
    months: &[Month],
    out: &mut Vec<f64>,
    key: &mut PathKey,
) {
    if key.is(path, scale, months) && out.len() == months.len() {
        return;
    }
    monthly_with(path, scale, months, out, &mut key.years);
    key.set(path, scale, months);
}

/// [`monthly`] into `out`, which is emptied first, taking each year's month weights
/// from `years` where its growth is the one they were found for, and leaving there
/// those of this path.
fn monthly_with(
    path: &YearlyPath,
    scale: f64,
    months: &[Month],
    out: &mut Vec<f64>,
    years: &mut Vec<YearMonths>,
) {
    let points = sorted_points(path);
    let growth = super::finite(path.terminal_growth.value).max(-1.0);
    let last_actual = path
        .points
        .iter()
        .filter(|p| p.actual)
        .map(|p| p.year)
        .max()
        .unwrap_or(i32::MIN);
    let amount = |y: i32| {
        let factor = if y > last_actual { scale } else { 1.0 };
        super::finite(annual(&points, growth, y) * factor)
    };
    // The path's first year has no year of its own before it: it grows at the pace
    // into the next (years before it repeat it, so they are flat).
    let first_year = points.first().map(|&(y, _)| y);
    out.clear();
    out.reserve(months.len());
    // The current year's amount, q^(k/12) for its months k = 0..12, and their sum;
    // and the last year's amount, which the next year's growth starts from.
    let mut cached: Option<(i32, f64, [f64; 12], f64)> = None;
    let mut last: Option<(i32, f64)> = None;
    let amount_of = |y: i32, last: Option<(i32, f64)>| match last {
        Some((ly, v)) if ly == y => v,
        _ => amount(y),
    };
    for m in months {
        let y = m.year();
        let (year_amount, powers, sum) = match cached {
            Some((cy, v, powers, sum)) if cy == y => (v, powers, sum),
            _ => {
                let v = amount_of(y, last);
                let q = match path.month_shape {
                    MonthShape::Flat => 1.0,
                    MonthShape::Growth if Some(y) == first_year => ratio(amount(y + 1), v),
                    MonthShape::Growth => ratio(v, amount_of(y - 1, last)),
                };
                let slot = years.iter().position(|m| m.year == y);
                let kept = slot.filter(|&i| years[i].growth == q.to_bits());
                let YearMonths { powers, sum, .. } = if let Some(i) = kept {
                    years[i]
                } else {
                    let step = if q == 1.0 { 1.0 } else { q.powf(1.0 / 12.0) };
                    // Flat months skip the powers: q = 1 gives A · 1 / 12, the same number.
                    let powers: [f64; 12] = std::array::from_fn(|j| {
                        if step == 1.0 {
                            1.0
                        } else {
                            step.powi(j as i32)
                        }
                    });
                    let found = YearMonths {
                        year: y,
                        growth: q.to_bits(),
                        powers,
                        sum: powers.iter().sum::<f64>(),
                    };
                    match slot {
                        Some(i) => years[i] = found,
                        None => years.push(found),
                    }
                    found
                };
                // The amount asked for last is this year's again.
                last = Some((y, v));
                cached = Some((y, v, powers, sum));
                (v, powers, sum)
            }
        };
        // Month k (0–11) gets A · q^(k/12) / Σ_j q^(j/12); flat when q = 1.
        let k = m.month() as usize - 1;
        out.push(super::finite(year_amount * powers[k] / sum));
    }
}

/// The growth factor `later / earlier`, or 1 where either is 0 or less (or not finite).
fn ratio(later: f64, earlier: f64) -> f64 {
    let q = later / earlier;
    if later > 0.0 && earlier > 0.0 && q.is_finite() {
        q
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometric_between_points() {
        // 100 in 2020, 400 in 2022: 2021 is 100 × (400/100)^(1/2) = 200.
        let pts = [(2020, 100.0), (2022, 400.0)];
        assert!((annual(&pts, 0.0, 2021) - 200.0).abs() < 1e-9);
        // Three-year gap: 2021 = 100 × 8^(1/3) = 200, 2022 = 100 × 8^(2/3) = 400.
        let pts = [(2020, 100.0), (2023, 800.0)];
        assert!((annual(&pts, 0.0, 2021) - 200.0).abs() < 1e-9);
        assert!((annual(&pts, 0.0, 2022) - 400.0).abs() < 1e-9);
    }

    #[test]
    fn linear_when_a_point_is_zero() {
        let pts = [(2020, 0.0), (2024, 100.0)];
        assert!((annual(&pts, 0.0, 2021) - 25.0).abs() < 1e-9);
    }

    #[test]
    fn flat_before_and_terminal_growth_after() {
        let pts = [(2020, 100.0), (2022, 400.0)];
        assert_eq!(annual(&pts, 0.1, 2015), 100.0);
        // Two years after the last point at 10 %: 400 × 1.1² = 484.
        assert!((annual(&pts, 0.1, 2024) - 484.0).abs() < 1e-9);
    }

    #[test]
    fn months_are_a_twelfth_of_the_year() {
        use crate::model::{Uncertain, YearPoint};
        let path = YearlyPath {
            points: vec![YearPoint {
                year: 2024,
                amount: 1200.0,
                sources: vec![],
                actual: false,
            }],
            terminal_growth: Uncertain::exact(0.0),
            month_shape: crate::model::MonthShape::Flat,
        };
        let months = [
            Month::new(2024, 1).expect("month"),
            Month::new(2024, 2).expect("month"),
        ];
        assert_eq!(monthly(&path, 2.0, &months), vec![200.0, 200.0]);
    }
}
