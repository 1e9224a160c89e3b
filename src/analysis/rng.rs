//! A small deterministic generator: `SplitMix64`, and draws addressed by position.
//!
//! Every draw of a run is a pure function of (seed, sample index, input index),
//! so a sample's values do not depend on which thread draws it or in what order.

/// Added to the state at each step: 2⁶⁴ divided by the golden ratio, odd.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The `SplitMix64` output function: a bijection of `u64` that mixes every input
/// bit into every output bit.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `SplitMix64`: a 64-bit state advanced by a constant and mixed on output.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for one stream of a run, e.g. one input's shuffle or one
    /// sample's draw of one input; streams with different keys are unrelated.
    pub fn keyed(seed: u64, key: u64, index: u64) -> Self {
        // Each key is mixed before it is combined, so that neighbouring
        // (key, index) pairs land far apart.
        Self::new(mix(
            mix(seed ^ mix(key.wrapping_add(GAMMA))) ^ index.wrapping_mul(GAMMA)
        ))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// A uniform number in `(0, 1)`: the top 53 bits, centred in their cell so
    /// that neither end is ever drawn (an inverse CDF is finite on both).
    pub fn next_unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A uniform integer in `0..n` (`n > 0`), by multiply-and-shift; the bias
    /// is below n / 2⁶⁴, far below anything a run can see.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_splitmix64() {
        // The reference sequence of SplitMix64 from seed 0, as published with
        // the algorithm (Steele, Lea and Flood 2014; Vigna's splitmix64.c).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(r.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn units_stay_inside_the_open_interval_and_average_a_half() {
        let mut r = SplitMix64::keyed(7, 1, 2);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = r.next_unit();
            assert!(u > 0.0 && u < 1.0);
            sum += u;
        }
        // The mean of n uniforms has standard deviation sqrt(1/12 / n) ≈ 0.0009:
        // 0.005 is more than five of them.
        assert!((sum / f64::from(n) - 0.5).abs() < 0.005);
    }

    #[test]
    fn keyed_streams_differ() {
        let first = |key, index| SplitMix64::keyed(1, key, index).next_u64();
        assert_ne!(first(0, 0), first(0, 1));
        assert_ne!(first(0, 1), first(1, 0));
        assert_eq!(first(3, 4), first(3, 4));
    }
}
