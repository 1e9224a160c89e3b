//! Drawing the uncertain inputs: inverse CDFs, random and Latin hypercube designs.

use crate::model::param::ParamRef;
use crate::model::{Agreement, Distribution, Range, Sampling};

use super::rng::SplitMix64;

/// Stream keys, so that shuffles and draws never share a stream.
const KEY_DRAW: u64 = 1;
const KEY_SHUFFLE: u64 = 2;

/// The value at cumulative probability `u` (0..1) of an input's distribution.
/// A triangle's mode is `mode` clamped into the range; a reversed or empty
/// range gives its low end.
pub fn inverse_cdf(range: &Range, mode: f64, u: f64) -> f64 {
    let (low, high) = (range.low, range.high);
    let width = high - low;
    if width.is_nan() || width <= 0.0 {
        return low;
    }
    match range.distribution {
        Distribution::Uniform => low + u * width,
        Distribution::Triangular => {
            let mode = if mode.is_nan() {
                low + width / 2.0
            } else {
                mode.clamp(low, high)
            };
            // F(mode) = (mode − low) / width; each side inverts a quadratic.
            let left = mode - low;
            if u * width < left {
                low + (u * width * left).sqrt()
            } else {
                high - ((1.0 - u) * width * (high - mode)).sqrt()
            }
        }
    }
}

/// One uncertain input: what it is, its range and its base value (the mode).
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub param: ParamRef,
    pub range: Range,
    /// The value in the agreement; none for an undated event.
    pub base: Option<f64>,
}

impl Input {
    /// Every uncertain input of `a`, in [`ParamRef::uncertain_inputs`] order.
    pub fn all(a: &Agreement) -> Vec<Self> {
        ParamRef::uncertain_inputs(a)
            .into_iter()
            .filter_map(|param| {
                let range = param.uncertainty(a)?;
                let base = param.get(a);
                Some(Self { param, range, base })
            })
            .collect()
    }

    /// The value at cumulative probability `u`.
    pub fn value_at(&self, u: f64) -> f64 {
        // An undated event's triangle has no base: the middle of its range.
        inverse_cdf(&self.range, self.base.unwrap_or(f64::NAN), u)
    }
}

/// The design of a run: which value each input takes in each sample.
#[derive(Clone, Debug)]
pub struct Design {
    seed: u64,
    samples: usize,
    /// Latin hypercube only: per input, the stratum each sample falls in.
    strata: Option<Vec<Vec<u32>>>,
}

impl Design {
    /// A design of `samples` samples of `inputs` inputs.
    pub fn new(seed: u64, samples: usize, inputs: usize, sampling: Sampling) -> Self {
        let strata = match sampling {
            Sampling::Random => None,
            Sampling::LatinHypercube => Some(
                (0..inputs)
                    .map(|j| shuffled(samples, SplitMix64::keyed(seed, KEY_SHUFFLE, j as u64)))
                    .collect(),
            ),
        };
        Self {
            seed,
            samples,
            strata,
        }
    }

    /// Cumulative probability (0..1) of input `input` in sample `sample`.
    pub fn unit(&self, sample: usize, input: usize) -> f64 {
        let key = KEY_DRAW.wrapping_add((input as u64) << 8);
        let u = SplitMix64::keyed(self.seed, key, sample as u64).next_unit();
        match &self.strata {
            None => u,
            Some(strata) => {
                let stratum = strata
                    .get(input)
                    .and_then(|s| s.get(sample))
                    .map_or(0.0, |&s| f64::from(s));
                (stratum + u) / self.samples as f64
            }
        }
    }
}

impl Design {
    /// The samples in ascending order of input `input`'s cumulative probability,
    /// where the design knows it without sorting: a Latin hypercube puts one sample
    /// in each stratum, in stratum order.
    pub fn order(&self, input: usize) -> Option<Vec<u32>> {
        let strata = self.strata.as_ref()?.get(input)?;
        let mut order = vec![0; strata.len()];
        for (sample, &stratum) in (0u32..).zip(strata) {
            *order.get_mut(stratum as usize)? = sample;
        }
        Some(order)
    }
}

/// `0..n` in an order shuffled by Fisher–Yates.
fn shuffled(n: usize, mut rng: SplitMix64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(low: f64, high: f64, distribution: Distribution) -> Range {
        Range {
            low,
            high,
            distribution,
        }
    }

    #[test]
    fn uniform_inverse_cdf_is_linear() {
        let r = range(2.0, 6.0, Distribution::Uniform);
        assert_eq!(inverse_cdf(&r, 3.0, 0.0), 2.0);
        assert_eq!(inverse_cdf(&r, 3.0, 0.25), 3.0);
        assert_eq!(inverse_cdf(&r, 3.0, 1.0), 6.0);
    }

    #[test]
    fn triangular_inverse_cdf_matches_the_hand_computed_quantiles() {
        // Triangle on [0, 4] with mode 1: F(1) = 1/4. Below the mode
        // F(x) = x² / (4 · 1), so u = 1/16 gives x = 0.5; above it
        // 1 − F(x) = (4 − x)² / (4 · 3), so u = 1 − 3/4 gives (4 − x)² = 9, x = 1.
        let r = range(0.0, 4.0, Distribution::Triangular);
        assert!((inverse_cdf(&r, 1.0, 1.0 / 16.0) - 0.5).abs() < 1e-12);
        assert!((inverse_cdf(&r, 1.0, 0.25) - 1.0).abs() < 1e-12);
        // u = 1 − 3/48 = 15/16: (4 − x)² = 12/16, x = 4 − √0.75.
        assert!((inverse_cdf(&r, 1.0, 15.0 / 16.0) - (4.0 - 0.75f64.sqrt())).abs() < 1e-12);
        // A mode outside the range is clamped: mode 9 → 4, F(x) = x² / 16.
        assert!((inverse_cdf(&r, 9.0, 0.25) - 2.0).abs() < 1e-12);
        // An empty range gives its low end.
        assert_eq!(
            inverse_cdf(&range(3.0, 3.0, Distribution::Uniform), 3.0, 0.7),
            3.0
        );
    }

    #[test]
    fn a_latin_hypercube_puts_one_sample_in_each_stratum() {
        let n = 200;
        let d = Design::new(5, n, 3, Sampling::LatinHypercube);
        for input in 0..3 {
            let mut seen = vec![false; n];
            for sample in 0..n {
                let stratum = (d.unit(sample, input) * n as f64).floor() as usize;
                assert!(!seen[stratum], "input {input}: stratum {stratum} twice");
                seen[stratum] = true;
            }
        }
    }

    #[test]
    fn a_latin_hypercube_orders_its_samples_by_stratum() {
        let n = 300;
        let d = Design::new(3, n, 2, Sampling::LatinHypercube);
        for input in 0..2 {
            let order = d.order(input).expect("a Latin hypercube");
            let units: Vec<f64> = order
                .iter()
                .map(|&sample| d.unit(sample as usize, input))
                .collect();
            assert!(units.windows(2).all(|w| w[0] < w[1]), "input {input}");
        }
        assert_eq!(Design::new(3, n, 2, Sampling::Random).order(0), None);
    }

    #[test]
    fn draws_depend_only_on_seed_sample_and_input() {
        let a = Design::new(9, 100, 2, Sampling::Random);
        let b = Design::new(9, 100, 2, Sampling::Random);
        assert_eq!(a.unit(42, 1), b.unit(42, 1));
        assert_ne!(a.unit(42, 1), a.unit(42, 0));
        assert_ne!(
            a.unit(42, 1),
            Design::new(10, 100, 2, Sampling::Random).unit(42, 1)
        );
    }
}
