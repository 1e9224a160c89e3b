//! Monte Carlo: many projections with the uncertain inputs drawn (DESIGN §4).
//!
//! Samples are cut into fixed chunks that run on rayon's threads; each chunk
//! works on its own copy of the agreement, and every draw is addressed by
//! (seed, sample, input), so results are bit-identical with any number of threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::engine::metric_id::Located;
use crate::engine::{MetricId, Projection, Projector, project};
use crate::model::param::{ParamRef, Unit};
use crate::model::{Agreement, Id, Month, Sampling, Simulation};

use super::sample::{Design, Input};
use super::stats;

/// Samples per chunk of work: small enough to spread over threads and to
/// notice a cancel quickly, large enough that copying the agreement per chunk
/// costs nothing next to the projections.
const CHUNK: usize = 64;

/// The most samples the fan charts are drawn from. A fan keeps every month of
/// every series for each sample it uses, so longer runs use every k-th sample.
/// 2,000 samples place a P10 band within √(0.1 · 0.9 / 2000) ≈ 0.7 percentile
/// points of where all samples would: less than a line's width on a chart.
pub const MAX_FAN_SAMPLES: usize = 2_000;

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub samples: usize,
    pub seed: u64,
    pub sampling: Sampling,
    /// The metrics to summarise.
    pub metrics: Vec<MetricId>,
}

impl Request {
    /// A run of every metric `a` has a value for, with the file's settings.
    pub fn for_agreement(a: &Agreement) -> Self {
        Self::from_settings(&a.simulation, MetricId::all(a, &project(a)))
    }

    /// A run with the agreement file's settings.
    pub fn from_settings(settings: &Simulation, metrics: Vec<MetricId>) -> Self {
        Self {
            samples: settings.samples as usize,
            seed: settings.seed,
            sampling: settings.sampling,
            metrics,
        }
    }
}

/// The run was cancelled before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the simulation was cancelled")]
pub struct Cancelled;

/// Five percentiles of something: numbers, or series month by month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Percentiles<T> {
    pub p10: T,
    pub p25: T,
    pub p50: T,
    pub p75: T,
    pub p90: T,
}

/// The levels of [`Percentiles`], in field order.
pub const LEVELS: [f64; 5] = [0.1, 0.25, 0.5, 0.75, 0.9];

impl<T> Percentiles<T> {
    /// The percentiles with their levels, P10 first.
    pub fn levels(&self) -> [(f64, &T); 5] {
        [
            (LEVELS[0], &self.p10),
            (LEVELS[1], &self.p25),
            (LEVELS[2], &self.p50),
            (LEVELS[3], &self.p75),
            (LEVELS[4], &self.p90),
        ]
    }
}

/// The distribution of a metric over the samples where it has a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub percentiles: Percentiles<f64>,
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Standard error of the P50, by batch medians (see
    /// [`stats::median_standard_error`]); none for fewer than 40 values.
    pub p50_standard_error: Option<f64>,
}

/// One metric over all samples.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricOutcome {
    pub metric: MetricId,
    pub label: String,
    pub unit: Unit,
    /// The metric's value in each sample where it has one, in sample order.
    pub values: Vec<f64>,
    /// How many samples have no value (a cap never reached, say).
    pub undefined: usize,
    /// None if no sample has a value.
    pub summary: Option<Summary>,
    /// Each uncertain input's rank correlation with the metric, strongest first.
    pub drivers: Vec<Driver>,
    /// `values`, sorted, for probabilities.
    sorted: Vec<f64>,
}

/// One bar of a histogram: the values in `[low, high)` (the last bar includes its high).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
}

impl MetricOutcome {
    /// The values in `bins` equally wide bins from the smallest to the largest;
    /// one bin if all values are equal, none if there are none.
    pub fn histogram(&self, bins: usize) -> Vec<Bin> {
        let (Some(&low), Some(&high)) = (self.sorted.first(), self.sorted.last()) else {
            return Vec::new();
        };
        let bins = if high > low { bins.max(1) } else { 1 };
        let width = (high - low) / bins as f64;
        let mut out: Vec<Bin> = (0..bins)
            .map(|i| Bin {
                low: low + width * i as f64,
                high: if i + 1 == bins {
                    high
                } else {
                    low + width * (i + 1) as f64
                },
                count: 0,
            })
            .collect();
        for &v in &self.sorted {
            let i = if width > 0.0 {
                (((v - low) / width) as usize).min(bins - 1)
            } else {
                0
            };
            out[i].count += 1;
        }
        out
    }

    /// The smallest rank correlation told apart from chance: three standard errors
    /// of the correlation of independent draws, 3/√(n − 1) over the samples with a
    /// value, and never under 0.05 (a link that weak moves the metric too little
    /// to matter).
    pub fn clear_correlation(&self) -> f64 {
        let n = self.values.len();
        if n < 2 {
            return f64::INFINITY;
        }
        (3.0 / ((n - 1) as f64).sqrt()).max(0.05)
    }

    /// The drivers whose link with the metric is clear (see
    /// [`Self::clear_correlation`]), strongest first.
    pub fn clear_drivers(&self) -> impl Iterator<Item = &Driver> {
        let clear = self.clear_correlation();
        self.drivers
            .iter()
            .filter(move |d| d.correlation.is_some_and(|r| r.abs() >= clear))
    }

    /// The share of all samples (0..=1) in which the metric has a value above `threshold`.
    pub fn probability_above(&self, threshold: f64) -> f64 {
        let total = self.sorted.len() + self.undefined;
        if total == 0 {
            return 0.0;
        }
        let at_or_below = self.sorted.partition_point(|&v| v <= threshold);
        (self.sorted.len() - at_or_below) as f64 / total as f64
    }
}

/// How strongly an input drives a metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    pub input: ParamRef,
    pub label: String,
    /// Spearman rank correlation (−1..=1) between the input's drawn values and
    /// the metric, over the samples where the metric has a value; none if
    /// either is constant.
    pub correlation: Option<f64>,
}

/// What a fan chart follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FanSeries {
    /// Cumulative payments from one party to another.
    Payments { payer: Id, payee: Id },
    /// A provider's share of all spend, month by month.
    ProviderShare { provider: Id },
}

/// Percentile bands of a monthly series over the samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    pub series: FanSeries,
    pub label: String,
    pub unit: Unit,
    /// Per percentile, one value per month of [`Outcome::months`].
    pub bands: Percentiles<Vec<f64>>,
}

/// One uncertain input of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct InputOutcome {
    pub input: ParamRef,
    pub label: String,
    /// How many samples could not set the drawn value (and kept the base value).
    pub failed_sets: usize,
}

/// The results of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub samples: usize,
    pub seed: u64,
    pub sampling: Sampling,
    pub inputs: Vec<InputOutcome>,
    pub metrics: Vec<MetricOutcome>,
    /// The monthly grid of the fans.
    pub months: Vec<Month>,
    /// How many samples the fans are drawn from (every k-th, at most [`MAX_FAN_SAMPLES`]).
    pub fan_samples: usize,
    pub fans: Vec<Fan>,
}

impl Outcome {
    /// The outcome of one metric, if it was asked for.
    pub fn metric(&self, metric: &MetricId) -> Option<&MetricOutcome> {
        self.metrics.iter().find(|m| m.metric == *metric)
    }
}

/// The fan series of an agreement, found in its base projection: every
/// direction of payments, then every provider's share if anything is spent.
fn fan_series(a: &Agreement, p: &Projection) -> Vec<FanSeries> {
    let party = |i: usize| a.parties.get(i).map(|x| x.id.clone());
    let mut out: Vec<FanSeries> = p
        .flows
        .iter()
        .filter_map(|f| {
            Some(FanSeries::Payments {
                payer: party(f.payer)?,
                payee: party(f.payee)?,
            })
        })
        .collect();
    if p.provider_spend.as_flat().iter().any(|&x| x != 0.0) {
        out.extend(a.providers.iter().map(|x| FanSeries::ProviderShare {
            provider: x.id.clone(),
        }));
    }
    out
}

/// Where a fan series is found in a projection: resolved once, used per sample.
#[derive(Clone, Copy, Debug)]
enum FanSource {
    Flow { payer: usize, payee: usize },
    Share { provider: usize },
}

impl FanSource {
    fn of(a: &Agreement, series: &FanSeries) -> Option<Self> {
        let party = |id: &str| a.parties.iter().position(|x| x.id == id);
        match series {
            FanSeries::Payments { payer, payee } => Some(Self::Flow {
                payer: party(payer)?,
                payee: party(payee)?,
            }),
            FanSeries::ProviderShare { provider } => Some(Self::Share {
                provider: a.providers.iter().position(|x| x.id == *provider)?,
            }),
        }
    }

    /// Writes the series' months of `p` into `out`, month by month (as many as it
    /// has; 0 for months the projection lacks).
    fn write<'a>(self, p: &Projection, out: impl Iterator<Item = &'a mut f32>) {
        match self {
            Self::Flow { payer, payee } => {
                let paid = p
                    .flows
                    .iter()
                    .find(|f| (f.payer, f.payee) == (payer, payee))
                    .map_or(&[][..], |flow| flow.paid.as_slice());
                let mut total = 0.0;
                let mut paid = paid.iter();
                for o in out {
                    total += paid.next().copied().unwrap_or(0.0);
                    *o = total as f32;
                }
            }
            Self::Share { provider } => {
                let row = p.provider_share.get(provider).unwrap_or(&[]);
                let mut row = row.iter();
                for o in out {
                    *o = row.next().copied().unwrap_or(0.0) as f32;
                }
            }
        }
    }
}

/// A sample's working copy of the agreement, and the projector it runs on.
type Worker = (Agreement, Projector);

/// The workers of a run that no batch of chunks holds.
struct Workers<'a> {
    base: &'a Agreement,
    idle: std::sync::Mutex<Vec<Worker>>,
}

impl Workers<'_> {
    /// An idle worker, or a new one.
    fn take(&self) -> Lease<'_> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        Lease {
            worker: Some(idle.unwrap_or_else(|| self.fresh())),
            workers: self,
        }
    }

    /// A new worker: a copy of the agreement and a projector with nothing kept.
    fn fresh(&self) -> Worker {
        (self.base.clone(), Projector::default())
    }
}

/// A worker held by a batch of chunks, left idle again when the batch is done.
struct Lease<'a> {
    worker: Option<Worker>,
    workers: &'a Workers<'a>,
}

impl Lease<'_> {
    /// The worker; held until the lease is dropped, so never a new one in practice.
    fn get(&mut self) -> &mut Worker {
        self.worker.get_or_insert_with(|| self.workers.fresh())
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let (Some(worker), Ok(mut idle)) = (self.worker.take(), self.workers.idle.lock()) {
            idle.push(worker);
        }
    }
}

/// What one chunk of samples leaves behind: only what the outputs need.
#[derive(Debug, Default)]
struct ChunkResult {
    samples: usize,
    /// Per metric, per sample (NaN: no value).
    metrics: Vec<f64>,
    /// Per input, per sample: the drawn value.
    inputs: Vec<f64>,
    /// Per series, per month, per fan sample: each (series, month) column in one piece.
    fans: Vec<f32>,
    /// How many of the chunk's samples the fans are drawn from.
    fan_samples: usize,
    /// Per input: sets that failed.
    failed: Vec<usize>,
}

/// The fixed parts of a run, shared by all chunks.
struct Plan<'a> {
    base: &'a Agreement,
    request: &'a Request,
    inputs: Vec<Input>,
    design: Design,
    /// Where each requested metric is in a projection: samples list the same
    /// items as the agreement, so the ids are looked up once.
    located: Vec<Option<Located>>,
    fans: Vec<FanSource>,
    months: usize,
    fan_stride: usize,
}

impl Plan<'_> {
    /// Runs samples `range`, checking `cancel` before each.
    fn run(
        &self,
        (work, projector): &mut (Agreement, Projector),
        range: std::ops::Range<usize>,
        progress: &AtomicUsize,
        cancel: &AtomicBool,
    ) -> Result<ChunkResult, Cancelled> {
        let (ni, nm) = (self.inputs.len(), self.request.metrics.len());
        // The samples of the range that the fans are drawn from: every `fan_stride`-th.
        let fan_samples =
            range.end.div_ceil(self.fan_stride) - range.start.div_ceil(self.fan_stride);
        let len = range.len();
        let mut out = ChunkResult {
            samples: len,
            metrics: vec![0.0; len * nm],
            inputs: vec![0.0; len * ni],
            fans: vec![0.0; fan_samples * self.fans.len() * self.months],
            fan_samples,
            failed: vec![0; ni],
        };
        let mut fan_sample = 0;
        let mut drawn = vec![0.0; ni];
        for (i, sample) in range.enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            for (j, d) in drawn.iter_mut().enumerate() {
                *d = self.inputs[j].value_at(self.design.unit(sample, j));
            }
            self.set_inputs(work, &drawn, &mut out.failed);
            let p = projector.project(work);
            for (column, m) in out.metrics.chunks_exact_mut(len).zip(&self.located) {
                column[i] = m
                    .and_then(|m| m.value(p))
                    .filter(|v| v.is_finite())
                    .unwrap_or(f64::NAN);
            }
            for (column, &d) in out.inputs.chunks_exact_mut(len).zip(&drawn) {
                column[i] = d;
            }
            if sample % self.fan_stride == 0 {
                let series = out
                    .fans
                    .chunks_exact_mut((self.months * fan_samples).max(1));
                for (source, columns) in self.fans.iter().zip(series) {
                    let months = columns.iter_mut().skip(fan_sample).step_by(fan_samples);
                    source.write(p, months);
                }
                fan_sample += 1;
            }
            progress.fetch_add(1, Ordering::Relaxed);
        }
        Ok(out)
    }

    /// Sets every input to its drawn value. A value that cannot be set leaves
    /// the input at its base value, so that nothing of an earlier sample stays.
    fn set_inputs(&self, work: &mut Agreement, drawn: &[f64], failed: &mut [usize]) {
        for (j, input) in self.inputs.iter().enumerate() {
            if input.param.set(work, drawn[j]).is_ok() {
                continue;
            }
            failed[j] += 1;
            let restored = input
                .base
                .is_some_and(|base| input.param.set(work, base).is_ok());
            if !restored {
                // The base itself cannot be set (an undated event, or a base
                // outside the valid range): start again from the agreement and
                // set the inputs before this one again.
                *work = self.base.clone();
                for (k, earlier) in self.inputs[..j].iter().enumerate() {
                    let _ = earlier.param.set(work, drawn[k]);
                }
            }
        }
    }
}

/// Runs a Monte Carlo simulation of `a`: `request.samples` projections with
/// the uncertain inputs drawn, summarised per metric, per input and per month.
///
/// `progress` counts finished samples (it is only added to); setting `cancel`
/// stops the run soon after, with [`Cancelled`].
pub fn simulate(
    a: &Agreement,
    request: &Request,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<Outcome, Cancelled> {
    let n = request.samples;
    let inputs = Input::all(a);
    let base_projection = project(a);
    let (series, sources): (Vec<FanSeries>, Vec<FanSource>) = fan_series(a, &base_projection)
        .into_iter()
        .filter_map(|s| Some((FanSource::of(a, &s)?, s)))
        .map(|(source, s)| (s, source))
        .unzip();
    let fan_stride = n.div_ceil(MAX_FAN_SAMPLES).max(1);
    let plan = Plan {
        base: a,
        request,
        design: Design::new(request.seed, n, inputs.len(), request.sampling),
        located: request
            .metrics
            .iter()
            .map(|m| m.locate(a, &base_projection))
            .collect(),
        fans: sources,
        months: base_projection.months.len(),
        inputs,
        fan_stride,
    };
    // A working copy and a projector per batch of chunks rather than per chunk: every
    // sample sets every input, so nothing of one sample stays for the next. A batch
    // done leaves them for the next, so that there are about as many as threads.
    let workers = Workers {
        base: a,
        idle: std::sync::Mutex::new(Vec::new()),
    };
    let chunks: Vec<ChunkResult> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map_init(
            || workers.take(),
            |worker, c| {
                plan.run(
                    worker.get(),
                    c * CHUNK..((c + 1) * CHUNK).min(n),
                    progress,
                    cancel,
                )
            },
        )
        .collect::<Result<_, _>>()?;

    // The samples as columns, one per input and one per metric: each chunk's part
    // of a column lies in one piece.
    let (ni, nm) = (plan.inputs.len(), request.metrics.len());
    let column = |k: usize, of: fn(&ChunkResult) -> &[f64]| {
        let mut column = Vec::with_capacity(n);
        for chunk in &chunks {
            column.extend_from_slice(&of(chunk)[k * chunk.samples..(k + 1) * chunk.samples]);
        }
        column
    };
    let input_columns: Vec<Vec<f64>> = (0..ni)
        .into_par_iter()
        .map(|j| column(j, |c| &c.inputs))
        .collect();
    let columns: Vec<Vec<f64>> = (0..nm)
        .into_par_iter()
        .map(|m| column(m, |c| &c.metrics))
        .collect();
    let mut failed = vec![0; ni];
    for chunk in &chunks {
        for (total, f) in failed.iter_mut().zip(&chunk.failed) {
            *total += f;
        }
    }

    // Each input's ranks and their mean, once for all metrics.
    // A value drawn at a higher probability is never lower, so where the design
    // knows the order of its probabilities it is the order of the values.
    let input_ranks: Vec<Ranked> = input_columns
        .par_iter()
        .enumerate()
        .map(|(j, x)| {
            let known = plan.design.order(j);
            let ranks = known.and_then(|order| stats::ranks_in_order(x, &order));
            Ranked::of(ranks.unwrap_or_else(|| stats::ranks(x)))
        })
        .collect();
    // Metrics that are one figure under two names (a clause's payments and its
    // direction's, say) have identical samples: each is summarised once.
    let first_same: Vec<usize> = (0..nm)
        .map(|k| {
            (0..k)
                .find(|&j| same_bits(&columns[j], &columns[k]))
                .unwrap_or(k)
        })
        .collect();
    let mut unique: Vec<Option<MetricOutcome>> = columns
        .par_iter()
        .enumerate()
        .map_init(stats::Ranker::default, |ranker, (k, column)| {
            if first_same[k] != k {
                return None;
            }
            let values: Vec<f64> = column.iter().copied().filter(|v| !v.is_nan()).collect();
            let (sorted, ranks) = ranker.sorted_with_ranks(&values);
            let drivers = drivers(
                a,
                &plan.inputs,
                &input_columns,
                &input_ranks,
                column,
                &ranks,
            );
            let metric = &request.metrics[k];
            let mut outcome = summarise(a, &base_projection, metric, values, sorted, drivers);
            outcome.undefined = column.len() - outcome.values.len();
            Some(outcome)
        })
        .collect();
    let mut metrics: Vec<MetricOutcome> = Vec::with_capacity(nm);
    for (k, metric) in request.metrics.iter().enumerate() {
        let outcome = if let Some(outcome) = unique[k].take() {
            outcome
        } else {
            let mut copy = metrics[first_same[k]].clone();
            copy.label = metric.label(a, &base_projection);
            copy.unit = metric.unit();
            copy.metric = metric.clone();
            copy
        };
        metrics.push(outcome);
    }

    // Each chunk's fan samples, read where it left them.
    let months = base_projection.months.len();
    let fan_parts: Vec<(&[f32], usize)> = chunks
        .iter()
        .filter(|c| c.fan_samples > 0)
        .map(|c| (c.fans.as_slice(), c.fan_samples))
        .collect();
    let fan_samples = fan_parts.iter().map(|&(_, k)| k).sum();
    let mut bands = fan_bands(&fan_parts, fan_samples, plan.fans.len(), months).into_iter();
    let fans = series
        .into_iter()
        .map(|series| Fan {
            label: fan_label(a, &series),
            unit: match series {
                FanSeries::Payments { .. } => Unit::Money,
                FanSeries::ProviderShare { .. } => Unit::Fraction,
            },
            series,
            bands: bands.next().unwrap_or_default(),
        })
        .collect();

    Ok(Outcome {
        samples: n,
        seed: request.seed,
        sampling: request.sampling,
        inputs: plan
            .inputs
            .iter()
            .zip(failed)
            .map(|(input, failed_sets)| InputOutcome {
                input: input.param.clone(),
                label: input.param.label(a),
                failed_sets,
            })
            .collect(),
        metrics,
        months: base_projection.months.clone(),
        fan_samples,
        fans,
    })
}

/// Whether two series hold the same numbers, bit for bit (NaN equal to NaN).
fn same_bits(x: &[f64], y: &[f64]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits())
}

/// Ranks with their mean and the sum of their squares about it, which every
/// correlation with them needs.
struct Ranked {
    ranks: Vec<f64>,
    /// Mean and sum of squares; none for no ranks.
    about: Option<(f64, f64)>,
}

impl Ranked {
    fn of(ranks: Vec<f64>) -> Self {
        Self {
            about: stats::mean(&ranks).map(|mean| (mean, stats::squares_about(&ranks, mean))),
            ranks,
        }
    }

    fn about(&self) -> Option<stats::About<'_>> {
        self.about.map(|(mean, squares)| stats::About {
            values: &self.ranks,
            mean,
            squares,
        })
    }
}

/// Each input's rank correlation with a metric's values in sample order (NaN:
/// no value). The inputs' ranks are reused when every sample has a value;
/// otherwise the inputs are ranked again over the samples that have one.
fn drivers(
    a: &Agreement,
    inputs: &[Input],
    columns: &[Vec<f64>],
    ranks: &[Ranked],
    metric: &[f64],
    metric_ranks: &[f64],
) -> Vec<Driver> {
    let complete = metric.iter().all(|y| !y.is_nan());
    let correlations: Vec<Option<f64>> = if complete {
        // Every sample has a value: the inputs' ranks are those of the samples.
        let metric = stats::mean(metric_ranks).map(|mean| stats::About {
            values: metric_ranks,
            mean,
            squares: stats::squares_about(metric_ranks, mean),
        });
        match metric {
            Some(y) if ranks.iter().all(|x| x.about.is_some()) => {
                let xs: Vec<stats::About<'_>> = ranks.iter().filter_map(Ranked::about).collect();
                stats::pearsons_about(&xs, y)
            }
            _ => vec![None; inputs.len()],
        }
    } else {
        columns
            .iter()
            .map(|column| {
                let xs: Vec<f64> = column
                    .iter()
                    .zip(metric)
                    .filter(|(_, y)| !y.is_nan())
                    .map(|(x, _)| *x)
                    .collect();
                stats::pearson(&stats::ranks(&xs), metric_ranks)
            })
            .collect()
    };
    inputs
        .iter()
        .zip(correlations)
        .map(|(input, correlation)| Driver {
            input: input.param.clone(),
            label: input.param.label(a),
            correlation,
        })
        .collect()
}

/// A metric's outcome from its values (in sample order, samples without a
/// value left out) and the same values sorted; `undefined` is left at 0.
fn summarise(
    a: &Agreement,
    p: &Projection,
    metric: &MetricId,
    values: Vec<f64>,
    sorted: Vec<f64>,
    mut drivers: Vec<Driver>,
) -> MetricOutcome {
    let q = |level: f64| stats::quantile_sorted(&sorted, level);
    let summary = stats::mean_sd(&values).and_then(|(mean, sd)| {
        Some(Summary {
            percentiles: Percentiles {
                p10: q(LEVELS[0])?,
                p25: q(LEVELS[1])?,
                p50: q(LEVELS[2])?,
                p75: q(LEVELS[3])?,
                p90: q(LEVELS[4])?,
            },
            mean,
            sd,
            p50_standard_error: stats::median_standard_error(&values),
        })
    });
    // Strongest first; inputs with no correlation last, in input order.
    drivers.sort_by(|x, y| {
        let strength = |d: &Driver| d.correlation.map_or(-1.0, f64::abs);
        strength(y).total_cmp(&strength(x))
    });
    MetricOutcome {
        label: metric.label(a, p),
        unit: metric.unit(),
        metric: metric.clone(),
        undefined: 0,
        values,
        summary,
        drivers,
        sorted,
    }
}

/// The percentile bands of each of `count` fan series of `months` months, from
/// the chunks' `parts`: each holds its fan samples per series, per month (the
/// column of a series' month in one piece), and how many samples it has; `samples`
/// in all.
fn fan_bands(
    parts: &[(&[f32], usize)],
    samples: usize,
    count: usize,
    months: usize,
) -> Vec<Percentiles<Vec<f64>>> {
    let columns: Vec<Vec<f64>> = (0..count * months)
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(samples),
            |column: &mut Vec<f32>, c| {
                column.clear();
                for &(fans, k) in parts {
                    column.extend_from_slice(&fans[c * k..(c + 1) * k]);
                }
                // A month no input moves (the years before the uncertainty starts) is
                // the same number in every sample, and so at every level.
                if let Some(&first) = column.first()
                    && column.iter().all(|v| v.to_bits() == first.to_bits())
                {
                    return vec![f64::from(first); LEVELS.len()];
                }
                stats::quantiles_of_f32(column, &LEVELS).unwrap_or_else(|| vec![0.0; 5])
            },
        )
        .collect();
    columns
        .chunks(months.max(1))
        .map(|series| {
            let band = |level: usize| series.iter().map(|q| q[level]).collect();
            Percentiles {
                p10: band(0),
                p25: band(1),
                p50: band(2),
                p75: band(3),
                p90: band(4),
            }
        })
        .collect()
}

/// "Paid Maker → Cloud Co, cumulative", "Azure share of spend".
fn fan_label(a: &Agreement, series: &FanSeries) -> String {
    match series {
        FanSeries::Payments { payer, payee } => format!(
            "Paid {} → {}, cumulative",
            a.party_name(payer),
            a.party_name(payee)
        ),
        FanSeries::ProviderShare { provider } => {
            format!("{} share of spend", a.provider_name(provider))
        }
    }
}
