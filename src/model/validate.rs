//! Validation: every problem in an agreement, with the item it concerns.
//!
//! A file with problems still loads, so the user can fix it; the engine copes
//! with anything that validation flags.

use crate::model::ids::ItemKind;
use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;

use super::{
    Agreement, Boundary, Clause, ClauseKind, ExclusivityLevel, Id, Period, RateStep, Uncertain,
    YearlyPath,
};

/// The longest horizon projected, in months (100 years).
pub const MAX_HORIZON_MONTHS: usize = 1200;
/// The longest payment spread, in months.
pub const MAX_SPREAD_MONTHS: u32 = 600;
/// The longest migration time constant, in months.
pub const MAX_MIGRATION_MONTHS: f64 = 600.0;
/// Dates and years outside these are flagged.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// The item a problem concerns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemRef {
    Agreement,
    Party(Id),
    Provider(Id),
    Stream(Id),
    Workload(Id),
    Event(Id),
    Clause(Id),
}

impl ItemRef {
    /// The kind of item it names; none for the agreement and for clauses.
    pub fn kind(&self) -> Option<ItemKind> {
        match self {
            Self::Party(_) => Some(ItemKind::Party),
            Self::Provider(_) => Some(ItemKind::Provider),
            Self::Stream(_) => Some(ItemKind::Stream),
            Self::Workload(_) => Some(ItemKind::Workload),
            Self::Event(_) => Some(ItemKind::Event),
            Self::Agreement | Self::Clause(_) => None,
        }
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Agreement => f.write_str("agreement"),
            Self::Party(id) => write!(f, "party \"{id}\""),
            Self::Provider(id) => write!(f, "provider \"{id}\""),
            Self::Stream(id) => write!(f, "stream \"{id}\""),
            Self::Workload(id) => write!(f, "workload \"{id}\""),
            Self::Event(id) => write!(f, "event \"{id}\""),
            Self::Clause(id) => write!(f, "clause \"{id}\""),
        }
    }
}

/// How much a problem matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The agreement is wrong: the projection cannot be trusted until it is fixed.
    Error,
    /// Worth a look, but nothing is wrong with the numbers: a value that left its
    /// uncertainty range after an edit, say.
    Warning,
}

/// One thing wrong with an agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub item: ItemRef,
    /// The field within the item, e.g. `schedule[1].rate`; empty for the item as a whole.
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    /// An error about `field` of `item`.
    pub fn error(item: ItemRef, field: &str, message: &str) -> Self {
        Self {
            item,
            field: field.to_owned(),
            message: message.to_owned(),
            severity: Severity::Error,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many of `problems` are errors.
pub fn error_count(problems: &[Problem]) -> usize {
    problems.iter().filter(|p| p.is_error()).count()
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.item, self.message)
        } else {
            write!(f, "{}, {}: {}", self.item, self.field, self.message)
        }
    }
}

/// Collects problems for one item at a time.
struct Checker<'a> {
    problems: Vec<Problem>,
    item: ItemRef,
    parties: HashSet<&'a str>,
    providers: HashSet<&'a str>,
    streams: HashSet<&'a str>,
    workloads: HashSet<&'a str>,
    events: HashMap<&'a str, Option<NaiveDate>>,
}

impl Checker<'_> {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.push_as(Severity::Error, field, message);
    }

    fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.push_as(Severity::Warning, field, message);
    }

    fn push_as(
        &mut self,
        severity: Severity,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            item: self.item.clone(),
            field: field.into(),
            message: message.into(),
            severity,
        });
    }

    fn reference(&mut self, field: &str, kind: &str, id: &str) {
        let known = match kind {
            "party" => self.parties.contains(id),
            "provider" => self.providers.contains(id),
            "stream" => self.streams.contains(id),
            "workload" => self.workloads.contains(id),
            _ => self.events.contains_key(id),
        };
        if !known {
            self.push(field, format!("unknown {kind} \"{id}\""));
        }
    }

    /// A number within `[min, max]`, and its range (if any) ordered and within too.
    fn number(&mut self, field: &str, x: Uncertain, min: f64, max: f64, what: &str) {
        if !x.value.is_finite() || x.value < min || x.value > max {
            self.push(field, format!("{what} {} is outside {min}–{max}", x.value));
        }
        if let Some(r) = x.range {
            if !(r.low.is_finite() && r.high.is_finite()) || r.low < min || r.high > max {
                self.push(
                    field,
                    format!("range {}–{} is outside {min}–{max}", r.low, r.high),
                );
            } else if !(r.low <= x.value && x.value <= r.high) {
                self.warn(
                    field,
                    format!(
                        "range {}–{} does not contain the value {}",
                        r.low, r.high, x.value
                    ),
                );
            }
        }
    }

    /// A fraction (rate, share, probability) between 0 and 100 %.
    fn fraction(&mut self, field: &str, x: Uncertain, what: &str) {
        if !x.value.is_finite() || !(0.0..=1.0).contains(&x.value) {
            self.push(
                field,
                format!("{what} {:.4} % is outside 0–100 %", x.value * 100.0),
            );
        }
        if let Some(r) = x.range
            && (!(0.0..=1.0).contains(&r.low) || !(0.0..=1.0).contains(&r.high) || r.low > r.high)
        {
            self.push(
                field,
                format!("{what} range is outside 0–100 % or reversed"),
            );
        } else if let Some(r) = x.range
            && !(r.low <= x.value && x.value <= r.high)
        {
            self.warn(field, format!("{what} range does not contain the value"));
        }
    }

    fn amount(&mut self, field: &str, x: Uncertain, what: &str) {
        self.number(field, x, 0.0, f64::MAX, what);
    }

    fn date(&mut self, field: &str, d: NaiveDate) {
        use chrono::Datelike as _;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
            self.push(
                field,
                format!("date {d} is outside {FIRST_YEAR}–{LAST_YEAR}"),
            );
        }
    }

    fn path(&mut self, field: &str, path: &YearlyPath) {
        if path.points.is_empty() {
            self.push(field, "needs at least one yearly point");
        }
        let mut seen = HashSet::new();
        for (i, p) in path.points.iter().enumerate() {
            let f = format!("{field}.points[{i}]");
            if !(FIRST_YEAR..=LAST_YEAR).contains(&p.year) {
                self.push(
                    &f,
                    format!("year {} is outside {FIRST_YEAR}–{LAST_YEAR}", p.year),
                );
            }
            if !seen.insert(p.year) {
                self.push(&f, format!("year {} is given twice", p.year));
            }
            if !p.amount.is_finite() || p.amount < 0.0 {
                self.push(
                    &f,
                    format!("amount {} is negative or not a number", p.amount),
                );
            }
        }
        self.number(
            &format!("{field}.terminal_growth"),
            path.terminal_growth,
            -0.99,
            10.0,
            "terminal growth",
        );
    }

    fn boundary(&mut self, field: &str, b: &Boundary) -> Option<NaiveDate> {
        match b {
            Boundary::Date(d) => {
                self.date(field, *d);
                Some(*d)
            }
            Boundary::Event(id) => {
                self.reference(field, "event", id);
                self.events.get(id.as_str()).copied().flatten()
            }
        }
    }

    fn period(&mut self, period: &Period) {
        let start = self.boundary("period.start", &period.start);
        let mut end: Option<NaiveDate> = None;
        for (i, b) in period.end.iter().enumerate() {
            if let Some(d) = self.boundary(&format!("period.end[{i}]"), b) {
                end = Some(end.map_or(d, |e| e.min(d)));
            }
        }
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            self.push("period.end", format!("ends ({e}) before it starts ({s})"));
        }
    }

    /// A clause's workloads: at least one (each is checked as a reference).
    fn covers(&mut self, workloads: &[Id]) {
        if workloads.is_empty() {
            self.push("workloads", "covers no workload");
        }
    }

    /// A rate schedule: at least one step, each a date and a fraction, in date order.
    fn rate_schedule(&mut self, schedule: &[RateStep]) {
        if schedule.is_empty() {
            self.push("schedule", "the rate schedule has no steps");
        }
        for (i, step) in schedule.iter().enumerate() {
            self.date(&format!("schedule[{i}].from"), step.from);
            self.fraction(&format!("schedule[{i}].rate"), step.rate, "rate");
            if i > 0 && step.from <= schedule[i - 1].from {
                self.push(
                    format!("schedule[{i}].from"),
                    "steps must be in date order, each after the one before",
                );
            }
        }
    }

    /// An exclusivity level's parameter, if it has one.
    fn level(&mut self, level: &ExclusivityLevel) {
        match level {
            ExclusivityLevel::RightOfFirstRefusal { match_probability } => {
                self.fraction(
                    "level.match_probability",
                    *match_probability,
                    "match probability",
                );
            }
            ExclusivityLevel::Preferred { min_share } => {
                self.fraction("level.min_share", *min_share, "minimum share");
            }
            ExclusivityLevel::Exclusive | ExclusivityLevel::NonExclusive => {}
        }
    }

    /// Ids of one list: well formed and unique. `item` names the item an id belongs to.
    fn ids<'b>(&mut self, what: &str, item: fn(Id) -> ItemRef, ids: impl Iterator<Item = &'b str>) {
        let mut seen = HashSet::new();
        for id in ids {
            let item = item(id.to_owned());
            let well_formed = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
            let saved = std::mem::replace(&mut self.item, item);
            if !well_formed {
                self.push(
                    "id",
                    format!("{what} id \"{id}\" must be letters, digits, '_', '-' or '.'"),
                );
            }
            if !seen.insert(id) {
                self.push("id", format!("{what} id \"{id}\" is used twice"));
            }
            self.item = saved;
        }
    }
}

/// Every problem in `agreement`, in a stable order (agreement first, then items in file order).
pub fn validate(agreement: &Agreement) -> Vec<Problem> {
    let a = agreement;
    let mut c = Checker {
        problems: Vec::new(),
        item: ItemRef::Agreement,
        parties: a.parties.iter().map(|p| p.id.as_str()).collect(),
        providers: a.providers.iter().map(|p| p.id.as_str()).collect(),
        streams: a.streams.iter().map(|s| s.id.as_str()).collect(),
        workloads: a.workloads.iter().map(|w| w.id.as_str()).collect(),
        events: a.events.iter().map(|e| (e.id.as_str(), e.date)).collect(),
    };

    if a.version != super::CURRENT_VERSION {
        c.push(
            "version",
            format!("version {} is not {}", a.version, super::CURRENT_VERSION),
        );
    }
    if a.title.trim().is_empty() {
        c.push("title", "the agreement needs a title");
    }
    if a.horizon.last < a.horizon.first {
        c.push("horizon", "the last month is before the first");
    } else if a.horizon.len_months() > MAX_HORIZON_MONTHS {
        c.push(
            "horizon",
            format!(
                "the horizon is longer than {} years",
                MAX_HORIZON_MONTHS / 12
            ),
        );
    }
    c.date("horizon.first", a.horizon.first.first_day());
    c.date("horizon.last", a.horizon.last.first_day());
    c.date("valuation_date", a.valuation_date);
    c.number("discount_rate", a.discount_rate, -0.5, 1.0, "discount rate");
    c.number(
        "migration_months",
        a.migration_months,
        0.0,
        MAX_MIGRATION_MONTHS,
        "migration time",
    );
    let samples = a.simulation.samples;
    if !(1..=super::simulation::MAX_SAMPLES).contains(&samples) {
        c.push(
            "simulation.samples",
            format!(
                "{samples} samples is outside 1–{}",
                super::simulation::MAX_SAMPLES
            ),
        );
    }

    // Every list's ids: well formed and unique within the list.
    macro_rules! check_ids {
        ($($what:literal: $list:ident as $item:ident),*) => {
            $(c.ids($what, ItemRef::$item, a.$list.iter().map(|x| x.id.as_str()));)*
        };
    }
    check_ids!(
        "party": parties as Party,
        "provider": providers as Provider,
        "stream": streams as Stream,
        "workload": workloads as Workload,
        "event": events as Event,
        "clause": clauses as Clause
    );

    for p in &a.providers {
        c.item = ItemRef::Provider(p.id.clone());
        c.amount("weight", p.weight, "weight");
        if let Some(d) = p.available_from {
            c.date("available_from", d);
        }
    }
    if !a.providers.is_empty() && a.providers.iter().all(|p| p.weight.value <= 0.0) {
        c.item = ItemRef::Agreement;
        c.push("providers", "all provider weights are zero");
    }
    if !a.workloads.is_empty() && a.providers.is_empty() {
        c.item = ItemRef::Agreement;
        c.push(
            "providers",
            "workloads need at least one provider to spend with",
        );
    }
    for s in &a.streams {
        c.item = ItemRef::Stream(s.id.clone());
        c.reference("owner", "party", &s.owner);
        c.path("path", &s.path);
        c.number("scale", s.scale, 0.0, 1000.0, "scale");
    }
    for w in &a.workloads {
        c.item = ItemRef::Workload(w.id.clone());
        match &w.size {
            super::WorkloadSize::Path(p) => c.path("size", p),
            super::WorkloadSize::Ratio { stream, ratio } => {
                c.reference("size.stream", "stream", stream);
                c.number("size.ratio", *ratio, 0.0, 1000.0, "ratio");
            }
        }
    }
    for e in &a.events {
        c.item = ItemRef::Event(e.id.clone());
        if let Some(d) = e.date {
            c.date("date", d);
        }
        if let Some(r) = e.date_range {
            if r.high < r.low {
                c.push("date_range", "the range's end is before its start");
            } else if let Some(d) = e.date
                && !(r.low <= d && d <= r.high)
            {
                c.warn(
                    "date_range",
                    format!("the range {}–{} does not contain {d}", r.low, r.high),
                );
            }
        }
    }
    for clause in &a.clauses {
        c.item = ItemRef::Clause(clause.id.clone());
        c.period(&clause.period);
        clause_kind(&mut c, clause);
    }
    exclusivity_conflicts(&mut c, a);
    cap_counts(&mut c, a);
    c.item = ItemRef::Agreement;
    for (i, t) in a.calibration.iter().enumerate() {
        let field = |name: &str| format!("calibration[{i}].{name}");
        match &t.what {
            super::Measure::Paid { payer, payee } | super::Measure::NetPaid { payer, payee } => {
                c.reference(&field("what.payer"), "party", payer);
                c.reference(&field("what.payee"), "party", payee);
            }
            super::Measure::Revenue { stream } => {
                c.reference(&field("what.stream"), "stream", stream);
            }
            super::Measure::Spend { workload } => {
                c.reference(&field("what.workload"), "workload", workload);
            }
        }
        if t.to < t.from {
            c.push(field("to"), "the last month is before the first");
        }
        if !t.value.is_finite() {
            c.push(field("value"), "the reported figure is not a number");
        }
    }
    scenarios(&mut c, a);
    c.item = ItemRef::Agreement;
    for (i, step) in a.story.iter().enumerate() {
        if let Some(e) = &step.event {
            c.reference(&format!("story[{i}].event"), "event", e);
        }
        if let Some(name) = &step.scenario
            && !a.scenarios.iter().any(|s| s.name == *name)
        {
            c.push(
                format!("story[{i}].scenario"),
                format!("unknown scenario \"{name}\""),
            );
        }
        c.date(&format!("story[{i}].date"), step.date);
    }
    c.problems
}

/// Scenario names are unique and every override names an input the terms have,
/// with a value it can take.
fn scenarios(c: &mut Checker<'_>, a: &Agreement) {
    c.item = ItemRef::Agreement;
    let mut names = HashSet::new();
    for (i, s) in a.scenarios.iter().enumerate() {
        let field = |name: &str| format!("scenarios[{i}]{name}");
        if s.name.trim().is_empty() {
            c.push(field(".name"), "a scenario needs a name");
        } else if !names.insert(s.name.as_str()) {
            c.push(
                field(".name"),
                format!("two scenarios are called \"{}\"", s.name),
            );
        }
        let (_, failed) = s.apply(a);
        for (j, e) in failed {
            c.warn(
                field(&format!(".overrides[{j}]")),
                format!("scenario \"{}\": {e}", s.name),
            );
        }
    }
}

fn clause_kind(c: &mut Checker<'_>, clause: &Clause) {
    for (field, kind, id) in clause.kind.references() {
        c.reference(&field, kind.label(), id);
    }
    match &clause.kind {
        ClauseKind::Exclusivity {
            workloads, level, ..
        } => {
            c.covers(workloads);
            c.level(level);
        }
        ClauseKind::RevenueShare {
            payer,
            payee,
            schedule,
            cap,
            spread_months,
            ..
        } => {
            if payer == payee {
                c.push("payee", "payer and payee are the same party");
            }
            c.rate_schedule(schedule);
            if let Some(cap) = cap {
                c.amount("cap", *cap, "cap");
            }
            if !(1..=MAX_SPREAD_MONTHS).contains(spread_months) {
                c.push(
                    "spread_months",
                    format!(
                        "payment spread {spread_months} is outside 1–{MAX_SPREAD_MONTHS} months"
                    ),
                );
            }
        }
        ClauseKind::ComputeCommitment {
            workloads, amount, ..
        } => {
            c.covers(workloads);
            c.amount("amount", *amount, "amount");
            if clause.period.end.is_empty() {
                c.push(
                    "period.end",
                    "a commitment needs an end date to spread over",
                );
            }
        }
        ClauseKind::EquityStake { stake, .. } => c.fraction("stake", *stake, "stake"),
        ClauseKind::Licence { .. } | ClauseKind::Note => {}
    }
}
/// What each cap counts: other revenue-share clauses, each counted by one cap only.
fn cap_counts(c: &mut Checker<'_>, a: &Agreement) {
    // The clause whose cap counts each clause: its own cap first.
    let mut counted_by: HashMap<&str, &str> = HashMap::new();
    for k in &a.clauses {
        if let ClauseKind::RevenueShare { cap: Some(_), .. } = &k.kind {
            counted_by.insert(&k.id, &k.id);
        }
    }
    for k in &a.clauses {
        let ClauseKind::RevenueShare {
            cap, cap_counts, ..
        } = &k.kind
        else {
            continue;
        };
        c.item = ItemRef::Clause(k.id.clone());
        if cap.is_none() && !cap_counts.is_empty() {
            c.push("cap_counts", "lists clauses for a cap, but there is no cap");
            continue;
        }
        for (i, id) in cap_counts.iter().enumerate() {
            let field = format!("cap_counts[{i}]");
            match a.clause(id).map(|other| &other.kind) {
                None => c.push(field, format!("unknown clause \"{id}\"")),
                Some(_) if *id == k.id => {
                    c.push(field, "a cap always counts its own clause");
                }
                Some(ClauseKind::RevenueShare { .. }) => match counted_by.get(id.as_str()) {
                    Some(owner) if *owner != k.id => c.push(
                        field,
                        format!("clause \"{id}\" already counts toward the cap of \"{owner}\""),
                    ),
                    _ => {
                        counted_by.insert(id, &k.id);
                    }
                },
                Some(_) => c.push(
                    field,
                    format!("clause \"{id}\" is not a revenue share, so it has nothing to count"),
                ),
            }
        }
    }
}

fn exclusivity_conflicts(c: &mut Checker<'_>, a: &Agreement) {
    let event_date = |id: &str| c.events.get(id).copied().flatten();
    let spans: Vec<_> = a
        .clauses
        .iter()
        .filter_map(|k| match &k.kind {
            ClauseKind::Exclusivity {
                provider,
                workloads,
                ..
            } => {
                let r = k.period.resolve(event_date)?;
                Some((k, provider, workloads, r.start, r.end))
            }
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for (i, (k1, p1, w1, s1, e1)) in spans.iter().enumerate() {
        for (k2, p2, w2, s2, e2) in &spans[i + 1..] {
            if p1 == p2 {
                continue;
            }
            let overlap_start = (*s1).max(*s2);
            let overlap_end = match (e1, e2) {
                (Some(a), Some(b)) => Some((*a).min(*b)),
                (Some(a), None) | (None, Some(a)) => Some(*a),
                (None, None) => None,
            };
            if overlap_end.is_some_and(|e| e <= overlap_start) {
                continue;
            }
            if let Some(w) = w1.iter().find(|w| w2.contains(w)) {
                found.push((
                    k2.id.clone(),
                    format!(
                        "in force together with clause \"{}\" for workload \"{w}\" from {overlap_start}, with a different provider",
                        k1.id
                    ),
                ));
            }
        }
    }
    for (id, message) in found {
        c.item = ItemRef::Clause(id);
        c.push("provider", message);
    }
}
