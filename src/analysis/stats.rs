//! Summary statistics of samples: percentiles, moments and rank correlation.

/// The `p`-quantile (0..=1) of values sorted ascending, interpolating linearly
/// between order statistics (position `p · (n − 1)`, the usual "type 7"
/// definition); none for no values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = p.clamp(0.0, 1.0) * last as f64;
    let below = h.floor() as usize;
    let above = (below + 1).min(last);
    let t = h - below as f64;
    Some(sorted[below] + t * (sorted[above] - sorted[below]))
}

/// The quantiles of `values` at ascending `levels`, as [`quantile_sorted`] gives
/// them, by selection instead of a full sort (about a quarter of the work for
/// five levels); `values` is reordered. None for no values.
pub fn quantiles_by_selection(values: &mut [f64], levels: &[f64]) -> Option<Vec<f64>> {
    let last = values.len().checked_sub(1)?;
    // Order statistics before `from` are all at most the one at `from`, so each
    // level selects only among the values from the previous level's on.
    let mut from = 0;
    let mut out = Vec::with_capacity(levels.len());
    for &p in levels {
        let h = p.clamp(0.0, 1.0) * last as f64;
        let below = (h.floor() as usize).max(from);
        let t = h - below as f64;
        let (_, &mut x, rest) = values[from..].select_nth_unstable_by(below - from, f64::total_cmp);
        let next = if t > 0.0 {
            rest.iter().copied().fold(f64::INFINITY, f64::min)
        } else {
            x
        };
        out.push(x + t * (next - x));
        from = below;
    }
    Some(out)
}

/// [`quantiles_by_selection`]'s quantiles of single-precision values, by sorting
/// them (a radix sort: a few passes over the values); `values` is reordered. None
/// for no values.
pub fn quantiles_of_f32(values: &mut Vec<f32>, levels: &[f64]) -> Option<Vec<f64>> {
    let last = values.len().checked_sub(1)?;
    sort_f32(values);
    Some(
        levels
            .iter()
            .map(|&p| {
                let h = p.clamp(0.0, 1.0) * last as f64;
                let below = h.floor() as usize;
                let t = h - below as f64;
                let x = f64::from(values[below]);
                // The next order statistic only where it is weighed, as selection finds it.
                let next = if t > 0.0 {
                    f64::from(values[below + 1])
                } else {
                    x
                };
                x + t * (next - x)
            })
            .collect(),
    )
}

/// Sorts single-precision values in [`f32::total_cmp`] order, by their bits.
fn sort_f32(values: &mut Vec<f32>) {
    radix_sort(values, &mut Vec::new(), 32, |v| {
        let bits = v.to_bits();
        u64::from(if bits >> 31 == 1 {
            !bits
        } else {
            bits | 1 << 31
        })
    });
}

/// Sorts `items` by `key`, of which the low `bits` bits (at most 64) vary, stably: a
/// radix sort, one pass over the items per byte of the key instead of comparing them
/// pairwise, after one pass that counts every byte. Items with the same key keep
/// their order. `spare` is memory for the passes, whatever it holds.
fn radix_sort<T: Copy + Default>(
    items: &mut Vec<T>,
    spare: &mut Vec<T>,
    bits: u32,
    key: impl Fn(T) -> u64,
) {
    let passes = bits.div_ceil(8).min(8) as usize;
    let mut counts = [[0usize; 256]; 8];
    for &item in items.iter() {
        let k = key(item);
        for (pass, counts) in counts.iter_mut().enumerate().take(passes) {
            counts[((k >> (8 * pass)) & 0xff) as usize] += 1;
        }
    }
    let to = spare;
    to.clear();
    to.resize(items.len(), T::default());
    for (pass, counts) in counts.iter_mut().enumerate().take(passes) {
        // A byte all items share leaves the order as it is.
        if counts.contains(&items.len()) {
            continue;
        }
        let mut next = 0;
        for c in counts.iter_mut() {
            (*c, next) = (next, next + *c);
        }
        let shift = 8 * pass;
        for &item in items.iter() {
            let d = ((key(item) >> shift) & 0xff) as usize;
            to[counts[d]] = item;
            counts[d] += 1;
        }
        std::mem::swap(items, to);
    }
}

/// Sorts finite values ascending (no NaN reaches here: undefined samples are
/// left out before).
pub fn sort(values: &mut [f64]) {
    values.sort_unstable_by(f64::total_cmp);
}

/// The mean; none for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Mean and sample standard deviation (n − 1 in the denominator); none for no values.
pub fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    let mean = mean(values)?;
    let n = values.len() as f64;
    // Two passes: the deviations are small next to the mean for money amounts,
    // where a one-pass sum of squares would lose them.
    let ss: f64 = values.iter().map(|x| (x - mean).powi(2)).sum();
    let sd = if values.len() > 1 {
        (ss / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    Some((mean, sd))
}

/// How many batches the median's standard error is estimated from.
pub const BATCHES: usize = 20;

/// The standard error of the median of `values` (in sample order), by batch
/// medians: the samples are cut into [`BATCHES`] consecutive batches, the
/// median of each is taken, and the error of the full median is their standard
/// deviation over √batches. It assumes nothing about the distribution. For a
/// Latin hypercube run each batch is only part of the design, so the estimate
/// is on the safe side (too large). None below two samples per batch.
pub fn median_standard_error(values: &[f64]) -> Option<f64> {
    let per_batch = values.len() / BATCHES;
    if per_batch < 2 {
        return None;
    }
    let mut medians = Vec::with_capacity(BATCHES);
    let mut batch = Vec::with_capacity(per_batch);
    for chunk in values.chunks_exact(per_batch).take(BATCHES) {
        batch.clear();
        batch.extend_from_slice(chunk);
        medians.extend(quantiles_by_selection(&mut batch, &[0.5])?);
    }
    let (_, sd) = mean_sd(&medians)?;
    Some(sd / (BATCHES as f64).sqrt())
}

/// Ranks 1..=n of `values`, ties sharing their average rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    sorted_with_ranks(values).1
}

/// `values` sorted ascending, and the rank (1..=n, ties averaged) of each value
/// in its original place: one sort for both.
pub fn sorted_with_ranks(values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    Ranker::default().sorted_with_ranks(values)
}

/// Memory for ranking one series after another: what the sort needs besides its
/// results, kept from one series to the next.
#[derive(Debug, Default)]
pub struct Ranker {
    keyed: Vec<(u64, u32)>,
    spare: Vec<(u64, u32)>,
}

impl Ranker {
    /// [`sorted_with_ranks`], in this memory.
    pub fn sorted_with_ranks(&mut self, values: &[f64]) -> (Vec<f64>, Vec<f64>) {
        // The same number throughout (a figure no input moves) is sorted already,
        // and all its values tie.
        if let Some(first) = values.first()
            && values.iter().all(|v| v.to_bits() == first.to_bits())
        {
            let rank = (values.len() + 1) as f64 / 2.0;
            return (values.to_vec(), vec![rank; values.len()]);
        }
        let order = self.order(values);
        let value = |j: usize| values[order[j].1 as usize];
        let mut ranks = vec![0.0; values.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len() && value(end) == value(start) {
                end += 1;
            }
            // Ranks start..end (0-based) share their average, (start + end − 1) / 2 + 1.
            let rank = (start + end + 1) as f64 / 2.0;
            for &(_, i) in &order[start..end] {
                ranks[i as usize] = rank;
            }
            start = end;
        }
        (
            order.iter().map(|&(_, i)| values[i as usize]).collect(),
            ranks,
        )
    }

    /// The places of `values` with their keys, in [`f64::total_cmp`] order, equal
    /// values in the order of their places.
    fn order(&mut self, values: &[f64]) -> &[(u64, u32)] {
        // Bit patterns that order as the values do, sorted stably, so that values
        // with the same bits stay in the order of their places.
        self.keyed.clear();
        self.keyed.extend(values.iter().zip(0u32..).map(|(&v, i)| {
            let bits = v.to_bits();
            (
                if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | 1 << 63
                },
                i,
            )
        }));
        radix_sort(&mut self.keyed, &mut self.spare, 64, |(k, _)| k);
        &self.keyed
    }
}

/// [`ranks`] of `values`, given `order`, the places of the values in an order
/// thought ascending (what a design knows of its draws); none if it is not
/// ascending in [`f64::total_cmp`] order, or not every place once.
pub fn ranks_in_order(values: &[f64], order: &[u32]) -> Option<Vec<f64>> {
    if order.len() != values.len() {
        return None;
    }
    let value = |i: usize| values.get(order[i] as usize).copied();
    for i in 1..order.len() {
        if value(i - 1)?.total_cmp(&value(i)?).is_gt() {
            return None;
        }
    }
    let mut ranks = vec![0.0; values.len()];
    let mut seen = vec![false; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && value(end)? == value(start)? {
            end += 1;
        }
        // Ranks start..end (0-based) share their average, as in `sorted_with_ranks`.
        let rank = (start + end + 1) as f64 / 2.0;
        for &place in &order[start..end] {
            if std::mem::replace(&mut seen[place as usize], true) {
                return None;
            }
            ranks[place as usize] = rank;
        }
        start = end;
    }
    Some(ranks)
}

/// `values` with their places, in [`f64::total_cmp`] order, equal values in the
/// order of their places.
#[cfg(test)]
fn in_order(values: &[f64]) -> Vec<(f64, u32)> {
    Ranker::default()
        .order(values)
        .iter()
        .map(|&(_, i)| (values[i as usize], i))
        .collect()
}

/// Pearson correlation of two equally long series; none if either is constant
/// or there are fewer than two pairs.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson_about(x, mean(x)?, y, mean(y)?)
}

/// [`pearson`] with the means of `x` and `y` already known (they are [`mean`]'s).
pub fn pearson_about(x: &[f64], mx: f64, y: &[f64], my: f64) -> Option<f64> {
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (x.len() > 1 && sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Σ (x − mx)², added up in order: one side of [`pearson_about`]'s sums.
pub fn squares_about(x: &[f64], mx: f64) -> f64 {
    x.iter().fold(0.0, |sum, a| {
        let d = a - mx;
        sum + d * d
    })
}

/// One series for [`pearsons_about`]: its values, their mean and
/// [`squares_about`] it.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    pub values: &'a [f64],
    pub mean: f64,
    pub squares: f64,
}

/// [`pearson_about`] of each of `xs` with `y`, the same numbers bit for bit, with
/// the sums of squares found once for all pairs and the sums of products of four
/// series with `y` added up side by side. Every series has as many values as `y`.
pub fn pearsons_about(xs: &[About<'_>], y: About<'_>) -> Vec<Option<f64>> {
    let correlation = |x: &About<'_>, sxy: f64| {
        (x.values.len() > 1 && x.squares > 0.0 && y.squares > 0.0)
            .then(|| (sxy / (x.squares * y.squares).sqrt()).clamp(-1.0, 1.0))
    };
    let mut out = Vec::with_capacity(xs.len());
    let mut four = xs.chunks_exact(4);
    for group in four.by_ref() {
        let sums = products_about([group[0], group[1], group[2], group[3]], y);
        out.extend(group.iter().zip(sums).map(|(x, sxy)| correlation(x, sxy)));
    }
    for x in four.remainder() {
        let [sxy] = products_about([*x], y);
        out.push(correlation(x, sxy));
    }
    out
}

/// Σ (x − mx)(y − my) of each of `xs`, each added up in order.
fn products_about<const N: usize>(xs: [About<'_>; N], y: About<'_>) -> [f64; N] {
    let n = y.values.len();
    let values = xs.map(|x| &x.values[..n]);
    let mut sums = [0.0; N];
    for (i, b) in y.values.iter().enumerate() {
        let dy = b - y.mean;
        for ((sum, x), about) in sums.iter_mut().zip(&values).zip(&xs) {
            *sum += (x[i] - about.mean) * dy;
        }
    }
    sums
}

/// Spearman rank correlation: the Pearson correlation of the ranks, ties
/// averaged; none if either series is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [10.0, 20.0, 30.0, 40.0, 50.0];
        // Position p · 4: P50 is the third value, P10 is 0.4 of the way from 10 to 20.
        assert_eq!(quantile_sorted(&v, 0.5), Some(30.0));
        assert_eq!(quantile_sorted(&v, 0.1), Some(14.0));
        assert_eq!(quantile_sorted(&v, 1.0), Some(50.0));
        assert_eq!(quantile_sorted(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    #[test]
    fn selection_gives_the_same_quantiles_as_sorting() {
        let mut rng = super::super::SplitMix64::new(3);
        for n in [1, 2, 3, 10, 101, 1000] {
            let values: Vec<f64> = (0..n).map(|_| (rng.below(50) as f64).sqrt()).collect();
            let mut sorted = values.clone();
            sort(&mut sorted);
            let levels = [0.1, 0.25, 0.5, 0.75, 0.9];
            let want: Vec<f64> = levels
                .iter()
                .filter_map(|&p| quantile_sorted(&sorted, p))
                .collect();
            let mut scratch = values.clone();
            assert_eq!(
                quantiles_by_selection(&mut scratch, &levels),
                Some(want),
                "{n}"
            );
        }
        assert_eq!(quantiles_by_selection(&mut [], &[0.5]), None);
    }

    #[test]
    fn single_precision_quantiles_are_those_of_selection() {
        let mut rng = super::super::SplitMix64::new(5);
        for n in [1, 2, 3, 10, 101, 2000] {
            let values: Vec<f32> = (0..n)
                .map(|_| (rng.below(5000) as f32 - 1000.0) * 3.7e6)
                .collect();
            let mut wide: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
            let levels = [0.1, 0.25, 0.5, 0.75, 0.9];
            let want = quantiles_by_selection(&mut wide, &levels);
            let mut scratch = values.clone();
            assert_eq!(quantiles_of_f32(&mut scratch, &levels), want, "{n}");
        }
        assert_eq!(quantiles_of_f32(&mut Vec::new(), &[0.5]), None);
    }

    #[test]
    fn mean_and_standard_deviation_by_hand() {
        // Mean 5; squared deviations 9 + 1 + 1 + 9 = 20; 20 / 3.
        let (mean, sd) = mean_sd(&[2.0, 4.0, 6.0, 8.0]).expect("values");
        assert_eq!(mean, 5.0);
        assert!((sd - (20.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn the_radix_order_is_the_total_order_with_ties_by_place() {
        let mut rng = super::super::SplitMix64::new(7);
        let mut values: Vec<f64> = (0..2000)
            .map(|_| (rng.below(400) as f64 - 200.0) * 1.5e9)
            .collect();
        values.extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1e-300, -1e-300]);
        let mut want: Vec<(f64, u32)> = values.iter().zip(0u32..).map(|(&v, i)| (v, i)).collect();
        want.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let got = in_order(&values);
        assert_eq!(
            got.iter()
                .map(|(v, i)| (v.to_bits(), *i))
                .collect::<Vec<_>>(),
            want.iter()
                .map(|(v, i)| (v.to_bits(), *i))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn ranks_in_a_known_order_are_the_ranks_of_sorting() {
        let values = [3.0, 1.0, 3.0, 2.0, -0.0, 0.0];
        let order = [4, 5, 1, 3, 0, 2];
        let want: Vec<u64> = ranks(&values).into_iter().map(f64::to_bits).collect();
        let got: Vec<u64> = ranks_in_order(&values, &order)
            .expect("ascending")
            .into_iter()
            .map(f64::to_bits)
            .collect();
        assert_eq!(got, want);
        // Not ascending, a place twice, too short: no ranks.
        assert_eq!(ranks_in_order(&values, &[5, 4, 1, 3, 0, 2]), None);
        assert_eq!(ranks_in_order(&values, &[4, 5, 1, 3, 2, 2]), None);
        assert_eq!(ranks_in_order(&values, &[4, 5, 1]), None);
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn rank_correlation_sees_any_monotone_relation() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        let cubes: Vec<f64> = x.iter().map(|v| v.powi(3)).collect();
        let falling: Vec<f64> = x.iter().map(|v| -v.exp()).collect();
        assert!((spearman(&x, &cubes).expect("varies") - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &falling).expect("varies") + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[1.0; 10]), None);
        // Ranks 1 2 3 against 1 3 2: d² = 0 + 1 + 1, 1 − 6 · 2 / (3 · 8) = 0.5.
        let rho = spearman(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0]).expect("varies");
        assert!((rho - 0.5).abs() < 1e-12);
    }

    #[test]
    fn correlations_four_at_a_time_are_those_found_one_by_one() {
        fn about(x: &[f64]) -> About<'_> {
            let mean = mean(x).expect("values");
            About {
                values: x,
                mean,
                squares: squares_about(x, mean),
            }
        }
        let mut rng = super::super::SplitMix64::new(11);
        let y: Vec<f64> = (0..500).map(|_| rng.next_unit() * 1e9).collect();
        // Six series (a group of four and two left over): related to y, unrelated,
        // constant, and a sign flip.
        let series: Vec<Vec<f64>> = vec![
            y.iter().map(|v| v * 2.0 + rng.next_unit() * 1e8).collect(),
            (0..500).map(|_| rng.next_unit()).collect(),
            vec![3.0; 500],
            y.iter().map(|v| -v).collect(),
            (0..500).map(|i| f64::from(i % 7)).collect(),
            y.iter().map(|v| v.sqrt()).collect(),
        ];
        let xs: Vec<About<'_>> = series.iter().map(|x| about(x)).collect();
        let want: Vec<Option<u64>> = series
            .iter()
            .map(|x| pearson(x, &y).map(f64::to_bits))
            .collect();
        let got: Vec<Option<u64>> = pearsons_about(&xs, about(&y))
            .into_iter()
            .map(|r| r.map(f64::to_bits))
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[2], None, "a constant series has no correlation");
        assert!(pearsons_about(&xs[3..4], about(&y))[0].is_some_and(|r| r < -0.999));
    }

    #[test]
    fn the_median_error_of_identical_batches_is_zero() {
        let values: Vec<f64> = (0..400).map(|i| f64::from(i % 20)).collect();
        assert_eq!(median_standard_error(&values), Some(0.0));
        assert_eq!(median_standard_error(&values[..39]), None);
    }
}
