//! Workloads spread across providers: targets, migration and commitments (DESIGN §2.4–2.5).

use crate::model::{
    Agreement, ClauseKind, ExclusivityLevel, WorkloadSize, validate::MAX_MIGRATION_MONTHS,
};

use chrono::NaiveDate;

use super::paths::PathKey;
use super::{
    CommitmentSeries, Grid, OPEN, Resolved, Rows, WorkloadSeries, day, finite, fraction_sum,
};

/// Where the distribution goes: the projection's own series, whose memory is reused.
pub(super) struct Cloud<'a> {
    pub workloads: &'a mut Vec<WorkloadSeries>,
    pub provider_spend: &'a mut Rows,
    pub provider_share: &'a mut Rows,
    pub hhi: &'a mut Vec<f64>,
    pub commitments: &'a mut Vec<CommitmentSeries>,
}

/// Memory [`distribute`] keeps between projections.
#[derive(Default)]
pub(super) struct Scratch {
    /// The workload lists of commitments before, for their memory.
    spare_lists: Vec<Vec<usize>>,
    wholes: Wholes,
    /// Per workload sized by a path, what its amounts were computed from.
    path_keys: Vec<PathKey>,
    bindings: Vec<Vec<Binding>>,
    commitments: Vec<Commitment>,
    weights: Vec<f64>,
    available_from: Vec<i64>,
    base: Vec<f64>,
    available: Vec<bool>,
    layout: Layout,
    /// Per number of months, the part of a migration gap still open.
    decay: Vec<f64>,
    targets: Vec<f64>,
    total: Vec<f64>,
    per_total: Vec<f64>,
    idle: Vec<usize>,
    /// Per workload and month: whether a commitment moved spend.
    moved_in: Vec<bool>,
    /// Per month, the part of the other providers' spend a commitment moves.
    parts: Vec<f64>,
}

/// The fraction sums of the commitments' whole periods, kept while the periods
/// stay the same: they are counted in calendar months, which takes dates.
#[derive(Default)]
struct Wholes(Vec<(NaiveDate, NaiveDate, f64)>);

impl Wholes {
    /// The most periods kept: more than any agreement has commitments.
    const KEPT: usize = 64;

    /// Σ f over the calendar months of `[start, end)`.
    fn of(&mut self, start: NaiveDate, end: NaiveDate) -> f64 {
        if let Some(&(.., whole)) = self.0.iter().find(|p| (p.0, p.1) == (start, end)) {
            return whole;
        }
        if self.0.len() >= Self::KEPT {
            self.0.clear();
        }
        let whole = fraction_sum(start, end);
        self.0.push((start, end, whole));
        whole
    }
}

/// When the base shares change and which binding is in force, month by month:
/// kept while what they are found from stays the same (the grid, the clauses'
/// periods and the providers' arrival dates), which variations of the numbers of
/// one agreement rarely change.
#[derive(Default)]
struct Layout {
    /// What the layout was found from.
    key: Vec<i64>,
    /// Providers only ever become available, so the base shares change only in the
    /// months someone arrives: each such month opens an epoch. The first month of
    /// each epoch.
    epoch_starts: Vec<usize>,
    /// Per month, its epoch (none without providers).
    epoch: Vec<usize>,
    /// Per workload, its months cut into runs with one binding in force and one epoch.
    runs: Vec<Vec<Run>>,
    /// Per month, the binding in force for the longest part of it, and that part.
    winner: Vec<Option<usize>>,
    longest: Vec<f64>,
}

/// Months with the same binding in force and the same base shares: their targets
/// are the same.
struct Run {
    months: std::ops::Range<usize>,
    /// The binding in force (its place in the workload's bindings), if any.
    binding: Option<usize>,
    epoch: usize,
}

impl Layout {
    /// Finds the layout again unless it was found from the same grid, periods and dates.
    fn update(
        &mut self,
        grid: &Grid,
        available_from: &[i64],
        bindings: &[Vec<Binding>],
        resolved: &[Option<Resolved>],
        in_force: &Rows,
    ) {
        let n = grid.len();
        let key = &mut self.key;
        let before = key.len();
        key.push(n as i64);
        key.extend(grid.start.first());
        key.extend(available_from);
        for b in bindings {
            key.push(b.len() as i64);
            for binding in b {
                let (start, end) = resolved[binding.clause]
                    .as_ref()
                    .map_or((i64::MIN, i64::MIN), |r| (r.start, r.end));
                key.extend([binding.clause as i64, start, end]);
            }
        }
        if key[..before] == key[before..] {
            key.truncate(before);
            return;
        }
        key.drain(..before);

        self.epoch_starts.clear();
        self.epoch.clear();
        // With no providers there are no shares (nor anyone to arrive).
        for k in (0..n).filter(|_| !available_from.is_empty()) {
            let arrived = k == 0
                || available_from
                    .iter()
                    .any(|&from| grid.start[k - 1] < from && from <= grid.start[k]);
            if arrived {
                self.epoch_starts.push(k);
            }
            self.epoch.push(self.epoch_starts.len() - 1);
        }

        self.runs.resize_with(bindings.len(), Vec::new);
        self.runs.truncate(bindings.len());
        let (winner, longest, epoch) = (&mut self.winner, &mut self.longest, &self.epoch);
        for (runs, bindings) in self.runs.iter_mut().zip(bindings) {
            refill(winner, n, None);
            refill(longest, n, 0.0);
            for (bi, binding) in bindings.iter().enumerate() {
                let Some(period) = &resolved[binding.clause] else {
                    continue;
                };
                let fractions = &in_force[binding.clause];
                // Ties: the first listed.
                for k in grid.overlapping(period.start, period.end) {
                    if fractions[k] > longest[k] {
                        longest[k] = fractions[k];
                        winner[k] = Some(bi);
                    }
                }
            }
            runs.clear();
            let mut k0 = 0;
            while k0 < n {
                let same = |k: usize| winner[k] == winner[k0] && epoch.get(k) == epoch.get(k0);
                let k1 = (k0 + 1..n).find(|&k| !same(k)).unwrap_or(n);
                runs.push(Run {
                    months: k0..k1,
                    binding: winner[k0],
                    epoch: epoch.get(k0).copied().unwrap_or(0),
                });
                k0 = k1;
            }
        }
    }
}

/// An exclusivity clause as the distribution sees it.
struct Binding {
    clause: usize,
    /// None: the provider is unknown, so the clause falls back to the base shares.
    holder: Option<usize>,
    level: Target,
}

#[derive(Clone, Copy)]
enum Target {
    Exclusive,
    FirstRefusal(f64),
    Preferred(f64),
    Open,
}

/// A compute commitment as the distribution sees it.
struct Commitment {
    series: CommitmentSeries,
    holder: usize,
    workloads: Vec<usize>,
    amount: f64,
    /// Σ f over the whole period (also beyond the horizon).
    whole: f64,
    /// Index of the month in which the period ends, if within the horizon.
    end_month: Option<usize>,
    actual: f64,
    /// Σ f over the period up to the current month (from before the horizon too).
    done: f64,
}

/// Target shares for one workload in one month, into `t`.
fn target(level: Target, holder: usize, base: &[f64], available: &[bool], t: &mut [f64]) {
    if !available[holder] {
        t.copy_from_slice(base);
        return;
    }
    let b_h = base[holder];
    match level {
        Target::Exclusive => {
            t.fill(0.0);
            t[holder] = 1.0;
        }
        Target::FirstRefusal(p) => {
            for (ti, bi) in t.iter_mut().zip(base) {
                *ti = (1.0 - p) * bi;
            }
            t[holder] = p + (1.0 - p) * b_h;
        }
        Target::Preferred(s) => {
            let t_h = s.max(b_h);
            let rest = 1.0 - b_h;
            let scale = if rest > 0.0 { (1.0 - t_h) / rest } else { 0.0 };
            for (ti, bi) in t.iter_mut().zip(base) {
                *ti = scale * bi;
            }
            t[holder] = t_h;
        }
        Target::Open => t.copy_from_slice(base),
    }
}

/// What the distribution starts from: the agreement and what the projection found
/// before it.
pub(super) struct Sources<'a> {
    pub agreement: &'a Agreement,
    pub grid: &'a Grid,
    pub streams: &'a [Vec<f64>],
    pub streams_by_id: &'a super::Index<'a>,
    pub in_force: &'a Rows,
    pub resolved: &'a [Option<Resolved>],
}

/// Spreads the workloads across providers (DESIGN §2.4–2.5) into `out`.
pub(super) fn distribute(from: &Sources<'_>, out: Cloud<'_>, scratch: &mut Scratch) {
    let &Sources {
        agreement: a,
        grid,
        streams,
        streams_by_id,
        in_force,
        resolved,
    } = from;
    let n = grid.len();
    let np = a.providers.len();
    let Cloud {
        workloads,
        provider_spend,
        provider_share,
        hhi,
        commitments: commitment_series,
    } = out;
    let Scratch {
        spare_lists,
        wholes,
        path_keys,
        bindings,
        commitments,
        weights,
        available_from,
        base,
        available,
        layout,
        decay,
        targets,
        total,
        per_total,
        idle,
        moved_in,
        parts,
    } = scratch;
    // The series of the commitments before, for their memory.
    let mut spare = std::mem::take(commitment_series).into_iter();
    if np == 0 && a.workloads.is_empty() {
        without_providers(a, n, &mut spare, commitment_series);
        workloads.clear();
        provider_spend.reset(0, n);
        provider_share.reset(0, n);
        hhi.clear();
        hhi.resize(n, 0.0);
        return;
    }
    let providers = super::Index::of(&a.providers, |p| p.id.as_str());
    let workload_ids = super::Index::of(&a.workloads, |w| w.id.as_str());

    workloads.truncate(a.workloads.len());
    workloads.resize_with(a.workloads.len(), WorkloadSeries::default);
    path_keys.resize_with(a.workloads.len(), PathKey::default);
    for ((w, series), key) in a
        .workloads
        .iter()
        .zip(workloads.iter_mut())
        .zip(&mut *path_keys)
    {
        let amount = &mut series.amount;
        match &w.size {
            WorkloadSize::Path(path) => {
                super::paths::monthly_kept(path, 1.0, &grid.months, amount, key);
            }
            WorkloadSize::Ratio { stream, ratio } => {
                // The amounts no longer come from the path.
                *key = PathKey::default();
                let r = finite(ratio.value);
                amount.clear();
                match streams_by_id.get(stream) {
                    Some(s) => amount.extend(streams[s].iter().map(|v| v * r)),
                    None => amount.resize(n, 0.0),
                }
            }
        }
    }

    // Exclusivity clauses per workload.
    bindings.resize_with(a.workloads.len(), Vec::new);
    for b in bindings.iter_mut() {
        b.clear();
    }
    commitments.clear();
    for (i, clause) in a.clauses.iter().enumerate() {
        match &clause.kind {
            ClauseKind::Exclusivity {
                provider,
                workloads,
                level,
            } => {
                let level = match level {
                    ExclusivityLevel::Exclusive => Target::Exclusive,
                    ExclusivityLevel::RightOfFirstRefusal { match_probability } => {
                        Target::FirstRefusal(finite(match_probability.value).clamp(0.0, 1.0))
                    }
                    ExclusivityLevel::Preferred { min_share } => {
                        Target::Preferred(finite(min_share.value).clamp(0.0, 1.0))
                    }
                    ExclusivityLevel::NonExclusive => Target::Open,
                };
                let holder = providers.get(provider);
                for w in workloads {
                    // A workload named twice is bound once: its last binding is this clause's.
                    if let Some(wi) = workload_ids.get(w)
                        && bindings[wi].last().is_none_or(|b| b.clause != i)
                    {
                        bindings[wi].push(Binding {
                            clause: i,
                            holder,
                            level,
                        });
                    }
                }
            }
            ClauseKind::ComputeCommitment {
                provider,
                workloads,
                amount,
                ..
            } => {
                let holder = providers.get(provider);
                let mut ws = spare_lists.pop().unwrap_or_default();
                ws.clear();
                ws.extend(workloads.iter().filter_map(|w| workload_ids.get(w)));
                ws.sort_unstable();
                ws.dedup();
                let reuse = spare.next();
                // A commitment with no end, or that never starts, requires nothing.
                let (Some(holder), Some(seg)) = (holder, resolved[i].as_ref()) else {
                    commitments_push_inert(commitments, unmet(i, holder, n, reuse));
                    continue;
                };
                let Some(end) = seg.segment.end.filter(|_| seg.end != OPEN) else {
                    commitments_push_inert(commitments, unmet(i, Some(holder), n, reuse));
                    continue;
                };
                // Every month of its series is written as it is met (see `top_up`).
                let mut series = reuse.unwrap_or_default();
                for s in [
                    &mut series.required_cum,
                    &mut series.actual_cum,
                    &mut series.top_up,
                ] {
                    s.resize(n, 0.0);
                }
                series.clause = i;
                series.shortfall_at_end = None;
                series.behind_at_horizon = None;
                let start = seg.segment.start;
                let end_month = (0..n)
                    .rev()
                    .find(|&k| in_force[i][k] > 0.0)
                    .filter(|&k| grid.start[k + 1] >= day(end));
                series.provider = Some(holder);
                commitments.push(Commitment {
                    series,
                    holder,
                    workloads: ws,
                    amount: finite(amount.value).max(0.0),
                    whole: wholes.of(start, end),
                    end_month,
                    actual: 0.0,
                    // A commitment that began before the horizon was on track until
                    // then: only its in-horizon part is required (DESIGN §2.5).
                    done: 0.0,
                });
            }
            _ => {}
        }
    }

    // A month closes α = 1 − exp(−1/τ) of the gap left the month before, so after
    // j months a gap is left at (1 − α)^j = exp(−j/τ) of what it was (τ = 0: gone).
    let tau = finite(a.migration_months.value).clamp(0.0, MAX_MIGRATION_MONTHS);
    let remaining = if tau > 0.0 { (-1.0 / tau).exp() } else { 0.0 };
    decay.clear();
    decay.extend(std::iter::successors(Some(1.0), |d| Some(d * remaining)).take(n + 1));
    weights.clear();
    weights.extend(a.providers.iter().map(|p| finite(p.weight.value).max(0.0)));
    available_from.clear();
    available_from.extend(
        a.providers
            .iter()
            .map(|p| p.available_from.map_or(i64::MIN, day)),
    );

    layout.update(grid, available_from, bindings, resolved, in_force);

    // Base shares over the providers available at the start of each epoch.
    base.clear();
    available.clear();
    for &k in &layout.epoch_starts {
        let at = available.len();
        available.extend(available_from.iter().map(|&from| from <= grid.start[k]));
        let avail = &mut available[at..];
        let total_weight: f64 = (0..np).filter(|&i| avail[i]).map(|i| weights[i]).sum();
        let count = avail.iter().filter(|&&x| x).count();
        let per_weight = 1.0 / total_weight;
        base.extend(
            (0..np).map(|i| match (avail[i], total_weight > 0.0, count > 0) {
                (true, true, _) => weights[i] * per_weight,
                (true, false, _) => 1.0 / count as f64,
                // Nobody is available yet: spread evenly so that spend is not lost.
                (false, _, false) => 1.0 / np as f64,
                (false, _, true) => 0.0,
            }),
        );
        if count == 0 {
            avail.fill(true);
        }
    }

    // Each workload month by month: target, then migration, along the runs of months
    // whose targets are the same. The shares are kept provider by provider along the
    // months, the layout of `Rows`.
    refill(targets, np, 0.0);
    for ((series, runs), bindings) in workloads.iter_mut().zip(&layout.runs).zip(&*bindings) {
        // Every month of every provider is written below.
        series.share.reshape(np, n);
        let states = series.share.as_flat_mut();
        for run in runs {
            let epoch = run.epoch * np..(run.epoch + 1) * np;
            let base_k = &base[epoch.clone()];
            match run.binding.map(|bi| &bindings[bi]) {
                Some(Binding {
                    holder: Some(h),
                    level,
                    ..
                }) => target(*level, *h, base_k, &available[epoch], targets),
                _ => targets.copy_from_slice(base_k),
            }
            migrate(states, n, run.months.clone(), targets, decay);
        }
        series.spend.reshape(np, n);
        if n > 0 {
            for (row, share) in series
                .spend
                .as_flat_mut()
                .chunks_exact_mut(n)
                .zip(series.share.as_flat().chunks_exact(n))
            {
                for ((out, s), a) in row.iter_mut().zip(share).zip(&series.amount) {
                    *out = s * a;
                }
            }
        }
    }

    // Commitments in clause order. A commitment's top-ups never change what an earlier
    // one saw, so running each over all months equals running all month by month.
    // Shares follow spend where it moved: once per workload and month, after all moves.
    refill(moved_in, workloads.len() * n, false);
    for c in commitments.iter_mut() {
        let clause = c.series.clause;
        top_up(c, workloads, np, &in_force[clause], moved_in, parts);
    }
    for (series, moved_in) in workloads.iter_mut().zip(moved_in.chunks_exact(n.max(1))) {
        for (k, _) in moved_in.iter().enumerate().filter(|(_, moved)| **moved) {
            shares_from_spend(series, k);
        }
    }

    // Same layout in every table: spend adds up value by value.
    provider_spend.reset(np, n);
    for series in workloads.iter() {
        for (total, spend) in provider_spend
            .as_flat_mut()
            .iter_mut()
            .zip(series.spend.as_flat())
        {
            *total += spend;
        }
    }
    refill(total, n, 0.0);
    for spend in &*provider_spend {
        for (t, s) in total.iter_mut().zip(spend) {
            *t += s;
        }
    }
    per_total.clear();
    per_total.extend(total.iter().map(|t| 1.0 / t));
    // Months without spend take their shares from the workloads' (or the base shares).
    idle.clear();
    idle.extend((0..n).filter(|&k| total[k] <= 0.0 || total[k].is_nan()));
    provider_share.reshape(np, n);
    refill(hhi, n, 0.0);
    for (i, share) in provider_share.iter_mut().enumerate() {
        for ((s, spend), per_total) in share.iter_mut().zip(&provider_spend[i]).zip(&*per_total) {
            *s = spend * per_total;
        }
        for &k in idle.iter() {
            share[k] = if workloads.is_empty() {
                base[layout.epoch[k] * np + i]
            } else {
                workloads.iter().map(|w| w.share[i][k]).sum::<f64>() / workloads.len() as f64
            };
        }
        for (h, s) in hhi.iter_mut().zip(&*share) {
            *h += s * s;
        }
    }

    commitment_series.clear();
    commitment_series.extend(commitments.drain(..).map(|mut c| {
        if c.workloads.capacity() > 0 {
            spare_lists.push(std::mem::take(&mut c.workloads));
        }
        if c.series.required_cum.iter().any(|&x| x > 0.0) || c.amount > 0.0 {
            match c.end_month {
                Some(k) => {
                    c.series.shortfall_at_end =
                        Some((c.series.required_cum[k] - c.series.actual_cum[k]).max(0.0));
                }
                None if n > 0 && c.whole > 0.0 => {
                    c.series.behind_at_horizon =
                        Some((c.series.required_cum[n - 1] - c.series.actual_cum[n - 1]).max(0.0));
                }
                None => {}
            }
        }
        c.series
    }));
}

/// Makes `v` `n` copies of `x`, keeping its memory.
fn refill<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

/// Each provider's share over the months `run`, moving toward its goal in `goals`
/// (DESIGN §2.4) from where it was the month before; the grid's first month is at
/// its goal. `states` holds `n` months per provider; `decay[j]` is the part of a
/// gap still open after `j` months.
///
/// A month closes the same part of the gap to a fixed goal, so along a run the gap
/// shrinks geometrically: each month follows from the run's start, not from the
/// month before, and the months of a run are computed side by side.
fn migrate(
    states: &mut [f64],
    n: usize,
    run: std::ops::Range<usize>,
    goals: &[f64],
    decay: &[f64],
) {
    for (row, &goal) in states.chunks_exact_mut(n).zip(goals) {
        let before = if run.start == 0 {
            goal
        } else {
            row[run.start - 1]
        };
        let gap = before - goal;
        for (s, d) in row[run.clone()].iter_mut().zip(&decay[1..]) {
            *s = goal + gap * d;
        }
    }
}

/// The series of commitment clause `clause` before any month: nothing required,
/// spent or moved yet; in the memory of `reuse`, if given.
fn unmet(
    clause: usize,
    provider: Option<usize>,
    n: usize,
    reuse: Option<CommitmentSeries>,
) -> CommitmentSeries {
    let mut series = reuse.unwrap_or_default();
    refill(&mut series.required_cum, n, 0.0);
    refill(&mut series.actual_cum, n, 0.0);
    refill(&mut series.top_up, n, 0.0);
    CommitmentSeries {
        clause,
        provider,
        shortfall_at_end: None,
        behind_at_horizon: None,
        ..series
    }
}

/// The commitments of an agreement with no providers and no workloads, into `out`:
/// nothing is spent, and every commitment names a provider that is not there, so it
/// requires nothing (as the general path finds, without its month loops).
fn without_providers(
    a: &Agreement,
    n: usize,
    spare: &mut impl Iterator<Item = CommitmentSeries>,
    out: &mut Vec<CommitmentSeries>,
) {
    out.clear();
    for (i, c) in a.clauses.iter().enumerate() {
        if matches!(c.kind, ClauseKind::ComputeCommitment { .. }) {
            out.push(unmet(i, None, n, spare.next()));
        }
    }
}

/// A commitment that requires nothing (unknown provider, never starts, no end).
fn commitments_push_inert(list: &mut Vec<Commitment>, series: CommitmentSeries) {
    list.push(Commitment {
        series,
        holder: usize::MAX,
        workloads: Vec::new(),
        amount: 0.0,
        whole: 0.0,
        end_month: None,
        actual: 0.0,
        done: 0.0,
    });
}

/// Moves spend to the committed provider, month by month, where it lags the
/// requirement; `in_force` is the fraction of each month the commitment is in force.
fn top_up(
    c: &mut Commitment,
    workloads: &mut [WorkloadSeries],
    np: usize,
    in_force: &[f64],
    moved_in: &mut [bool],
    parts: &mut Vec<f64>,
) {
    if c.holder >= np || c.whole <= 0.0 {
        // Nothing is required, spent or moved.
        for s in [
            &mut c.series.required_cum,
            &mut c.series.actual_cum,
            &mut c.series.top_up,
        ] {
            s.fill(0.0);
        }
        return;
    }
    let n = in_force.len();
    let which = std::mem::take(&mut c.workloads);
    if let [w] = which[..] {
        let series = &mut workloads[w];
        let mut held = OneWorkload {
            spend: series.spend.as_flat_mut(),
            amount: &series.amount,
            moved_in: &mut moved_in[w * n..(w + 1) * n],
            holder: c.holder,
            n,
        };
        top_up_with(c, in_force, &mut held, parts);
    } else {
        let mut held = Workloads {
            all: workloads,
            which: &which,
            moved_in,
            holder: c.holder,
            n,
        };
        top_up_with(c, in_force, &mut held, parts);
    }
    c.workloads = which;
}

/// The spend a commitment counts: its holder's, on its workloads, month by month.
trait Held {
    /// The holder's spend in month `k`.
    fn natural(&self, k: usize) -> f64;
    /// What the other providers have in month `k`: as shares sum to one, the rest
    /// of the amount.
    fn others(&self, k: usize) -> f64;
    /// Moves, in each month `k` of `months`, `parts[k]` of every other provider's
    /// spend to the holder, and marks the months where `moved[k]` is more than 0.
    fn take(&mut self, months: std::ops::Range<usize>, parts: &[f64], moved: &[f64]);
}

/// The one workload of a commitment, as most have.
struct OneWorkload<'a> {
    spend: &'a mut [f64],
    amount: &'a [f64],
    moved_in: &'a mut [bool],
    holder: usize,
    n: usize,
}

impl Held for OneWorkload<'_> {
    fn natural(&self, k: usize) -> f64 {
        self.spend[self.holder * self.n + k]
    }

    fn others(&self, k: usize) -> f64 {
        (self.amount[k] - self.natural(k)).max(0.0)
    }

    fn take(&mut self, months: std::ops::Range<usize>, parts: &[f64], moved: &[f64]) {
        move_to_holder(self.spend, self.n, self.holder, months.clone(), parts);
        mark_moved(self.moved_in, months, moved);
    }
}

/// Several workloads of a commitment, added up in their order.
struct Workloads<'a> {
    all: &'a mut [WorkloadSeries],
    which: &'a [usize],
    moved_in: &'a mut [bool],
    holder: usize,
    n: usize,
}

impl Held for Workloads<'_> {
    fn natural(&self, k: usize) -> f64 {
        let at = self.holder * self.n + k;
        self.which
            .iter()
            .map(|&w| self.all[w].spend.as_flat()[at])
            .sum()
    }

    fn others(&self, k: usize) -> f64 {
        let at = self.holder * self.n + k;
        self.which
            .iter()
            .map(|&w| (self.all[w].amount[k] - self.all[w].spend.as_flat()[at]).max(0.0))
            .sum()
    }

    fn take(&mut self, months: std::ops::Range<usize>, parts: &[f64], moved: &[f64]) {
        for &w in self.which {
            let spend = self.all[w].spend.as_flat_mut();
            move_to_holder(spend, self.n, self.holder, months.clone(), parts);
            let moved_in = &mut self.moved_in[w * self.n..(w + 1) * self.n];
            mark_moved(moved_in, months.clone(), moved);
        }
    }
}

/// [`top_up`] of the spend in `held`; `parts` is memory for the part of the other
/// providers' spend each month moves.
fn top_up_with(c: &mut Commitment, in_force: &[f64], held: &mut impl Held, parts: &mut Vec<f64>) {
    let n = in_force.len();
    // Outside the period nothing is required or counted: before it nothing is
    // required yet, and after it the requirement and the spend stay where they were.
    let first = in_force.iter().position(|&f| f > 0.0).unwrap_or(n);
    let last = in_force
        .iter()
        .rposition(|&f| f > 0.0)
        .map_or(first, |k| k + 1);
    let series = &mut c.series;
    series.required_cum[..first].fill(0.0);
    series.actual_cum[..first].fill(c.actual);
    series.top_up[..first].fill(0.0);
    // A month's moves change that month only, so they are made once the months are
    // run, provider by provider along the months.
    refill(parts, n, 0.0);
    for (k, &f) in in_force.iter().enumerate().take(last).skip(first) {
        c.done += f;
        let required = c.amount * (c.done / c.whole).min(1.0);
        series.required_cum[k] = required;
        if f <= 0.0 {
            // A month of the period not in force: nothing is required or counted.
            series.actual_cum[k] = c.actual;
            series.top_up[k] = 0.0;
            continue;
        }
        let spent = c.actual + held.natural(k);
        let need = required - spent;
        let mut moved = 0.0;
        let mut actual = spent;
        if need > 0.0 {
            let others = held.others(k);
            if others > 0.0 {
                // Topped up in full, the total is the requirement itself: it does not
                // wait on the months before, which keeps the months from queueing up.
                (moved, actual) = if need <= others {
                    (need, required)
                } else {
                    short_of(spent, others)
                };
                let keep = 1.0 - moved / others;
                parts[k] = 1.0 - keep;
            }
        }
        c.actual = actual;
        series.actual_cum[k] = c.actual;
        series.top_up[k] = moved;
    }
    held.take(first..last, parts, &series.top_up);
    let required = last.checked_sub(1).map_or(0.0, |k| series.required_cum[k]);
    series.required_cum[last..].fill(required);
    series.actual_cum[last..].fill(c.actual);
    series.top_up[last..].fill(0.0);
}

/// A month the other providers cannot top up in full: all they have moves, and the
/// total is what was spent plus that. Rare, and kept out of line so that the common
/// case stays a branch rather than a choice that waits on both.
#[cold]
#[inline(never)]
fn short_of(spent: f64, others: f64) -> (f64, f64) {
    (others, spent + others)
}

/// Moves, in each month `k` of `months`, `parts[k]` of every other provider's spend
/// to `holder`, in a table of spend with `n` months per provider. The holder's spend
/// is added to in provider order; a part of 0 takes 0, so every month of a row is
/// run alike.
fn move_to_holder(
    spend: &mut [f64],
    n: usize,
    holder: usize,
    months: std::ops::Range<usize>,
    parts: &[f64],
) {
    let (before, rest) = spend.split_at_mut(holder * n);
    let Some((held, after)) = rest.split_at_mut_checked(n) else {
        return;
    };
    let (held, parts) = (&mut held[months.clone()], &parts[months.clone()]);
    for row in before.chunks_exact_mut(n).chain(after.chunks_exact_mut(n)) {
        for ((x, h), part) in row[months.clone()].iter_mut().zip(&mut *held).zip(parts) {
            let taken = *x * part;
            *x -= taken;
            *h += taken;
        }
    }
}

/// Marks in `moved_in` the months of `months` in which `moved` is more than 0.
fn mark_moved(moved_in: &mut [bool], months: std::ops::Range<usize>, moved: &[f64]) {
    for (flag, &m) in moved_in[months.clone()].iter_mut().zip(&moved[months]) {
        *flag |= m > 0.0;
    }
}

/// The shares of month `k` of `series` from its spend, once spend has moved.
fn shares_from_spend(series: &mut WorkloadSeries, k: usize) {
    let n = series.amount.len();
    let amount = series.amount[k];
    if amount > 0.0 {
        let per_amount = 1.0 / amount;
        let spend = series.spend.as_flat();
        let share = series.share.as_flat_mut();
        for (s, x) in share
            .iter_mut()
            .skip(k)
            .step_by(n)
            .zip(spend.iter().skip(k).step_by(n))
        {
            *s = x * per_amount;
        }
    }
}
