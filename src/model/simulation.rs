//! Monte Carlo settings kept in the agreement file, so a run can be repeated.

use serde::{Deserialize, Serialize};

/// The default number of samples of a Monte Carlo run.
pub const DEFAULT_SAMPLES: u32 = 10_000;
/// The most samples a file may ask for: enough for any chart, small enough
/// that a run cannot exhaust memory.
pub const MAX_SAMPLES: u32 = 1_000_000;

/// How each input's values are spread over the samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sampling {
    /// Each sample draws every input independently.
    Random,
    /// Each input's range is cut into as many equally likely strata as there
    /// are samples, and every stratum is drawn exactly once, in a shuffled
    /// order: percentiles settle with fewer samples.
    #[default]
    LatinHypercube,
}

impl Sampling {
    /// Both ways, in the order a picker shows them.
    pub const ALL: [Self; 2] = [Self::LatinHypercube, Self::Random];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Random => "Random",
            Self::LatinHypercube => "Latin hypercube",
        }
    }
}

/// How a Monte Carlo run of the agreement draws its samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    /// Seed of the random draws: the same seed gives the same results.
    #[serde(default)]
    pub seed: u64,
    /// Number of samples, 1 to [`MAX_SAMPLES`].
    #[serde(default = "default_samples")]
    pub samples: u32,
    #[serde(default)]
    pub sampling: Sampling,
}

fn default_samples() -> u32 {
    DEFAULT_SAMPLES
}

impl Default for Simulation {
    fn default() -> Self {
        Self {
            seed: 0,
            samples: DEFAULT_SAMPLES,
            sampling: Sampling::default(),
        }
    }
}

impl Simulation {
    /// Whether these are the default settings, which a file leaves out.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_with_defaults_for_missing_fields() {
        let s: Simulation = ron::from_str("(seed: 7)").expect("RON");
        assert_eq!(
            s,
            Simulation {
                seed: 7,
                samples: 10_000,
                sampling: Sampling::LatinHypercube
            }
        );
        let s: Simulation =
            ron::from_str("(seed: 1, samples: 500, sampling: Random)").expect("RON");
        assert_eq!(s.samples, 500);
        assert_eq!(s.sampling, Sampling::Random);
        assert!(ron::from_str::<Simulation>("(seeds: 1)").is_err());
        assert!(Simulation::default().is_default());
        assert!(!s.is_default());
    }

    #[test]
    fn sample_counts_outside_the_limits_are_errors_naming_the_field() {
        use crate::model::validate::{Severity, validate};
        let mut a = crate::fixtures::bare_agreement();
        assert_eq!(validate(&a), vec![]);
        for (samples, bad) in [(0, true), (1, false), (1_000_000, false), (1_000_001, true)] {
            a.simulation.samples = samples;
            let problems = validate(&a);
            let flagged = problems
                .iter()
                .any(|p| p.field == "simulation.samples" && p.severity == Severity::Error);
            assert_eq!(flagged, bad, "{samples}: {problems:?}");
            assert_eq!(problems.len(), usize::from(bad), "{samples}");
        }
    }

    #[test]
    fn an_agreement_without_settings_writes_none_and_reads_the_default() {
        let a = crate::fixtures::bare_agreement();
        let text = crate::io::to_ron_string(&a).expect("writes");
        assert!(!text.contains("simulation"), "{text}");
        let mut b = a.clone();
        b.simulation.seed = 42;
        let text = crate::io::to_ron_string(&b).expect("writes");
        assert!(text.contains("simulation"), "{text}");
        assert_eq!(crate::io::from_ron_str(&text).expect("reads"), b);
    }
}
