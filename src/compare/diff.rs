//! What differs between two agreements, item by item and parameter by parameter.
//!
//! Items are matched by id, as every reference in a file is: a clause that keeps its
//! id but changes its title is the same clause, changed; one with a new id is added
//! and the old one removed. Each changed parameter is one [`Row`] with the words the
//! app uses elsewhere ("20 %", "$38.0B", "2030-12-31"), so a row reads like the terms.
//!
//! Left out: prose (clause text, descriptions, scopes aside), sources and calibration
//! targets, which say where the terms come from rather than what they are, and the
//! file's scenarios, which the scenario summary compares by what they do.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::validate::ItemRef;
use crate::model::{
    Agreement, Boundary, Clause, ClauseKind, Event, EventKind, ExclusivityLevel, Id, MonthShape,
    Party, Provider, Range, RateStep, RevenueStream, Uncertain, Workload, WorkloadSize, YearPoint,
    YearlyPath,
};
use crate::words::{self, short_percent};

/// The kinds of item a diff row can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// The agreement's own settings: title, currency, horizon, valuation, discount rate,
    /// migration time.
    Agreement,
    Clause,
    Event,
    Stream,
    Provider,
    Workload,
    Party,
}

impl Kind {
    /// The kind's name at the head of a row: "Clause", "Event", …
    pub fn label(self) -> &'static str {
        match self {
            Self::Agreement => "Agreement",
            Self::Clause => "Clause",
            Self::Event => "Event",
            Self::Stream => "Stream",
            Self::Provider => "Provider",
            Self::Workload => "Workload",
            Self::Party => "Party",
        }
    }
}

/// The item a row is about: its kind and id (empty for the agreement), to select it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Item {
    pub kind: Kind,
    pub id: Id,
}

impl Item {
    fn new(kind: Kind, id: &str) -> Self {
        Self {
            kind,
            id: id.to_owned(),
        }
    }

    /// The item as validation and selection name it.
    pub fn item_ref(&self) -> ItemRef {
        let id = self.id.clone();
        match self.kind {
            Kind::Agreement => ItemRef::Agreement,
            Kind::Clause => ItemRef::Clause(id),
            Kind::Event => ItemRef::Event(id),
            Kind::Stream => ItemRef::Stream(id),
            Kind::Provider => ItemRef::Provider(id),
            Kind::Workload => ItemRef::Workload(id),
            Kind::Party => ItemRef::Party(id),
        }
    }
}

/// How an item differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Only the other agreement has it; `summary` says what it is (may be empty).
    Added { summary: String },
    /// Only the base has it.
    Removed { summary: String },
    /// Both have it and one parameter differs: `field` was `before` and is `after`.
    Changed {
        field: String,
        before: String,
        after: String,
    },
}

/// One difference between two agreements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub item: Item,
    /// The item's display name: the other agreement's, or the base's for a removed item.
    pub name: String,
    pub change: Change,
}

/// The row as a line: "Clause “Revenue share through 2030”, cap: $38.0B → $50.0B",
/// "Event “AGI verified”: added (trigger on 2028-06-30)".
impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item.kind {
            Kind::Agreement => f.write_str(Kind::Agreement.label())?,
            kind => write!(f, "{} “{}”", kind.label(), self.name)?,
        }
        match &self.change {
            Change::Added { summary } | Change::Removed { summary } => {
                let what = if matches!(self.change, Change::Added { .. }) {
                    "added"
                } else {
                    "removed"
                };
                write!(f, ": {what}")?;
                if summary.is_empty() {
                    Ok(())
                } else {
                    write!(f, " ({summary})")
                }
            }
            Change::Changed {
                field,
                before,
                after,
            } => write!(f, ", {field}: {before} → {after}"),
        }
    }
}

/// What differs from `base` to `other`: the agreement's settings first, then clauses,
/// events, streams, providers, workloads and parties. Within a kind, items come in the
/// other agreement's order, then the items it no longer has in the base's order. As in
/// the engine, the first item with an id is the one that counts.
pub fn diff(base: &Agreement, other: &Agreement) -> Vec<Row> {
    let mut rows = Vec::new();
    settings(&mut rows, base, other);
    let sides = Sides { base, other };
    sides.items(&mut rows, Kind::Clause, |a| &a.clauses, clause_parts);
    sides.items(&mut rows, Kind::Event, |a| &a.events, event_parts);
    sides.items(&mut rows, Kind::Stream, |a| &a.streams, stream_parts);
    sides.items(&mut rows, Kind::Provider, |a| &a.providers, provider_parts);
    sides.items(&mut rows, Kind::Workload, |a| &a.workloads, workload_parts);
    sides.items(&mut rows, Kind::Party, |a| &a.parties, party_parts);
    rows
}

/// The agreement's own settings.
fn settings(rows: &mut Vec<Row>, base: &Agreement, other: &Agreement) {
    let mut ch = Changes {
        rows,
        item: Item::new(Kind::Agreement, ""),
        name: other.title.clone(),
    };
    ch.words("title", quoted(&base.title), quoted(&other.title));
    ch.words("currency", base.currency.clone(), other.currency.clone());
    let horizon = |a: &Agreement| format!("{} – {}", a.horizon.first, a.horizon.last);
    ch.words("horizon", horizon(base), horizon(other));
    ch.words(
        "valuation date",
        words::date(base.valuation_date),
        words::date(other.valuation_date),
    );
    ch.uncertain(
        "discount rate",
        &base.discount_rate,
        &other.discount_rate,
        short_percent,
    );
    ch.uncertain(
        "migration time",
        &base.migration_months,
        &other.migration_months,
        months,
    );
}

/// The two agreements being compared.
struct Sides<'a> {
    base: &'a Agreement,
    other: &'a Agreement,
}

/// What the diff needs to know of one kind of item: its id, its display name, a
/// summary for when it is added or removed, and the rows of what changed in it.
struct Parts<T> {
    id: fn(&T) -> &str,
    name: fn(&T) -> String,
    summary: fn(&Agreement, &T) -> String,
    changes: fn(&mut Changes<'_>, &Sides<'_>, &T, &T),
}

/// How an item's name is looked up by id: `Agreement::party_name` and the like.
type NameOf = for<'x> fn(&'x Agreement, &'x str) -> &'x str;

impl Sides<'_> {
    /// The name of item `b` in the base and of item `o` in the other agreement.
    fn names(&self, name: NameOf, b: &str, o: &str) -> (String, String) {
        (
            name(self.base, b).to_owned(),
            name(self.other, o).to_owned(),
        )
    }

    /// The rows of one kind of item: matched by id, the first item with an id winning.
    fn items<T>(
        &self,
        rows: &mut Vec<Row>,
        kind: Kind,
        list: fn(&Agreement) -> &[T],
        parts: fn() -> Parts<T>,
    ) {
        let parts = parts();
        let mut seen = HashSet::new();
        for o in list(self.other) {
            let id = (parts.id)(o);
            if !seen.insert(id) {
                continue;
            }
            let name = (parts.name)(o);
            match list(self.base).iter().find(|x| (parts.id)(x) == id) {
                None => rows.push(Row {
                    item: Item::new(kind, id),
                    name,
                    change: Change::Added {
                        summary: (parts.summary)(self.other, o),
                    },
                }),
                Some(b) => {
                    let mut ch = Changes {
                        rows,
                        item: Item::new(kind, id),
                        name,
                    };
                    (parts.changes)(&mut ch, self, b, o);
                }
            }
        }
        let mut removed = HashSet::new();
        for b in list(self.base) {
            let id = (parts.id)(b);
            if seen.contains(id) || !removed.insert(id) {
                continue;
            }
            rows.push(Row {
                item: Item::new(kind, id),
                name: (parts.name)(b),
                change: Change::Removed {
                    summary: (parts.summary)(self.base, b),
                },
            });
        }
    }
}

/// Collects the changed parameters of one item as rows.
struct Changes<'r> {
    rows: &'r mut Vec<Row>,
    item: Item,
    name: String,
}

impl Changes<'_> {
    /// A row if the words differ.
    fn words(&mut self, field: impl Into<String>, before: String, after: String) {
        if before != after {
            self.rows.push(Row {
                item: self.item.clone(),
                name: self.name.clone(),
                change: Change::Changed {
                    field: field.into(),
                    before,
                    after,
                },
            });
        }
    }

    /// A row if the words of a pair (before, after) differ.
    fn words_of(&mut self, field: &str, (before, after): (String, String)) {
        self.words(field, before, after);
    }

    /// A row if a reference points at another item: by id, so that renaming the item
    /// is a row of the item's own, not one for each reference to it.
    fn reference(&mut self, field: &str, s: &Sides<'_>, name: NameOf, b: &str, o: &str) {
        if b != o {
            let (before, after) = s.names(name, b, o);
            self.words(field, before, after);
        }
    }

    /// A row if the numbers differ. A change too small for `words` to show also
    /// gives the numbers themselves, so that no row reads "20 % → 20 %".
    fn number(&mut self, field: impl Into<String>, before: f64, after: f64, words: Words) {
        if before.to_bits() == after.to_bits() {
            return;
        }
        let (mut b, mut a) = (words(before), words(after));
        if b == a {
            b = format!("{b} ({before})");
            a = format!("{a} ({after})");
        }
        self.words(field, b, a);
    }

    /// A row for the value and one for the range, each if it differs.
    fn uncertain(&mut self, field: &str, before: &Uncertain, after: &Uncertain, words: Words) {
        self.number(field, before.value, after.value, words);
        self.range(field, before.range, after.range, words);
    }

    /// A row for the range of `field` if it differs.
    fn range(&mut self, field: &str, before: Option<Range>, after: Option<Range>, words: Words) {
        if before == after {
            return;
        }
        let (mut b, mut a) = (range_words(before, words), range_words(after, words));
        if b == a {
            let exact = |r: Option<Range>| {
                r.map_or_else(String::new, |r| format!(" ({}–{})", r.low, r.high))
            };
            b = format!("{b}{}", exact(before));
            a = format!("{a}{}", exact(after));
        }
        self.words(format!("{field} range"), b, a);
    }

    /// A yearly path's points, growth after them and month shape.
    fn path(&mut self, before: &YearlyPath, after: &YearlyPath) {
        let mut years: BTreeMap<i32, (Option<&YearPoint>, Option<&YearPoint>)> = BTreeMap::new();
        for p in &before.points {
            years.entry(p.year).or_default().0.get_or_insert(p);
        }
        for p in &after.points {
            years.entry(p.year).or_default().1.get_or_insert(p);
        }
        for (year, points) in years {
            let amount = |p: Option<&YearPoint>| {
                p.map_or_else(|| "no point".to_owned(), |p| words::money(p.amount))
            };
            match points {
                (Some(b), Some(a)) => {
                    self.number(year.to_string(), b.amount, a.amount, words::money);
                    self.words(format!("{year} figure"), figure(b), figure(a));
                }
                (b, a) => self.words(year.to_string(), amount(b), amount(a)),
            }
        }
        self.uncertain(
            "growth after the last point",
            &before.terminal_growth,
            &after.terminal_growth,
            short_percent,
        );
        self.words(
            "months",
            shape(before.month_shape).to_owned(),
            shape(after.month_shape).to_owned(),
        );
    }
}

/// How a number reads.
type Words = fn(f64) -> String;

fn quoted(text: &str) -> String {
    format!("“{text}”")
}

/// A number as Rust writes it shortest: `0.8`, `1`, `12.5`.
fn plain(x: f64) -> String {
    format!("{x}")
}

fn months(x: f64) -> String {
    if (x - 1.0).abs() < f64::EPSILON {
        "1 month".to_owned()
    } else {
        format!("{x} months")
    }
}

/// A range in words: "10 %–20 %, triangular", or "none".
fn range_words(range: Option<Range>, words: Words) -> String {
    range.map_or_else(
        || "none".to_owned(),
        |r| {
            let distribution = match r.distribution {
                crate::model::Distribution::Uniform => "uniform",
                crate::model::Distribution::Triangular => "triangular",
            };
            format!("{}–{}, {distribution}", words(r.low), words(r.high))
        },
    )
}

fn figure(p: &YearPoint) -> String {
    if p.actual { "reported" } else { "forecast" }.to_owned()
}

fn shape(s: MonthShape) -> &'static str {
    match s {
        MonthShape::Flat => "flat",
        MonthShape::Growth => "growing through the year",
    }
}

/// Names of items, "none" for an empty list.
fn names<'a>(ids: &'a [Id], name: impl Fn(&'a str) -> &'a str) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    ids.iter().map(|id| name(id)).collect::<Vec<_>>().join(", ")
}

/// A clause's display name: its title, or its id if it has none.
fn clause_name(c: &Clause) -> String {
    if c.title.is_empty() {
        c.id.clone()
    } else {
        c.title.clone()
    }
}

/// Where a period starts or may end, an event by its name: "2030-12-31", "“AGI verified”".
fn boundary(a: &Agreement, b: &Boundary) -> String {
    match b {
        Boundary::Date(d) => words::date(*d),
        Boundary::Event(id) => quoted(a.event_name(id)),
    }
}

/// A period's ends: "open-ended", "2030-12-31", "earliest of 2030-12-31, “AGI verified”".
fn ends(a: &Agreement, ends: &[Boundary]) -> String {
    match ends {
        [] => "open-ended".to_owned(),
        [only] => boundary(a, only),
        many => {
            let all: Vec<String> = many.iter().map(|b| boundary(a, b)).collect();
            format!("earliest of {}", all.join(", "))
        }
    }
}

/// An exclusivity level with its terms, lower case as in a sentence.
fn level(l: &ExclusivityLevel) -> String {
    match l {
        ExclusivityLevel::Exclusive => "exclusive".to_owned(),
        ExclusivityLevel::RightOfFirstRefusal { match_probability } => format!(
            "right of first refusal (matches {})",
            short_percent(match_probability.value)
        ),
        ExclusivityLevel::Preferred { min_share } => {
            format!("preferred (at least {})", short_percent(min_share.value))
        }
        ExclusivityLevel::NonExclusive => "non-exclusive".to_owned(),
    }
}

/// The parameter of a level, with how it reads: the match probability or minimum share.
fn level_number(l: &ExclusivityLevel) -> Option<(&'static str, &Uncertain)> {
    match l {
        ExclusivityLevel::RightOfFirstRefusal { match_probability } => {
            Some(("match probability", match_probability))
        }
        ExclusivityLevel::Preferred { min_share } => Some(("minimum share", min_share)),
        ExclusivityLevel::Exclusive | ExclusivityLevel::NonExclusive => None,
    }
}

fn clause_parts() -> Parts<Clause> {
    Parts {
        id: |c| &c.id,
        name: clause_name,
        summary: words::kind_text,
        changes: clause_changes,
    }
}

fn clause_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &Clause, o: &Clause) {
    let (ba, oa) = (s.base, s.other);
    ch.words("title", quoted(&b.title), quoted(&o.title));
    // Boundaries compare as written (dates and event ids): an event that moves or is
    // renamed is a row of the event's.
    if b.period.start != o.period.start {
        ch.words(
            "start",
            boundary(ba, &b.period.start),
            boundary(oa, &o.period.start),
        );
    }
    if b.period.end != o.period.end {
        ch.words("end", ends(ba, &b.period.end), ends(oa, &o.period.end));
    }
    if b.kind.tag() != o.kind.tag() {
        ch.words("kind", words::kind_text(ba, b), words::kind_text(oa, o));
        return;
    }
    exclusivity_changes(ch, s, &b.kind, &o.kind);
    share_changes(ch, s, &b.kind, &o.kind);
    commitment_changes(ch, s, &b.kind, &o.kind);
    licence_changes(ch, s, &b.kind, &o.kind);
    stake_changes(ch, s, &b.kind, &o.kind);
}

/// The names of a list of workloads on each side.
fn workload_names(s: &Sides<'_>, b: &[Id], o: &[Id]) -> (String, String) {
    (
        names(b, |id| s.base.workload_name(id)),
        names(o, |id| s.other.workload_name(id)),
    )
}

fn exclusivity_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &ClauseKind, o: &ClauseKind) {
    let (
        ClauseKind::Exclusivity {
            provider: bp,
            workloads: bw,
            level: bl,
        },
        ClauseKind::Exclusivity {
            provider: op,
            workloads: ow,
            level: ol,
        },
    ) = (b, o)
    else {
        return;
    };
    ch.reference("provider", s, Agreement::provider_name, bp, op);
    if bw != ow {
        ch.words_of("workloads", workload_names(s, bw, ow));
    }
    ch.words("level", level(bl), level(ol));
    // The level's words carry its number; its range is a row of its own.
    if let (Some((field, bn)), Some((_, on))) = (level_number(bl), level_number(ol))
        && bl.kind() == ol.kind()
    {
        ch.range(field, bn.range, on.range, short_percent);
    }
}

/// A rate schedule in words: "20 % from 2019-07-22, then 15 % from 2027-01-01".
fn schedule_words(schedule: &[RateStep]) -> String {
    if schedule.is_empty() {
        return "none".to_owned();
    }
    let steps: Vec<String> = schedule
        .iter()
        .map(|s| {
            format!(
                "{} from {}",
                short_percent(s.rate.value),
                words::date(s.from)
            )
        })
        .collect();
    steps.join(", then ")
}

fn share_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &ClauseKind, o: &ClauseKind) {
    let (
        ClauseKind::RevenueShare {
            payer: b_payer,
            payee: b_payee,
            base: b_base,
            schedule: b_schedule,
            cap: b_cap,
            cap_counts: b_counts,
            cap_from: b_from,
            spread_months: b_spread,
        },
        ClauseKind::RevenueShare {
            payer: o_payer,
            payee: o_payee,
            base: o_base,
            schedule: o_schedule,
            cap: o_cap,
            cap_counts: o_counts,
            cap_from: o_from,
            spread_months: o_spread,
        },
    ) = (b, o)
    else {
        return;
    };
    ch.reference("payer", s, Agreement::party_name, b_payer, o_payer);
    ch.reference("payee", s, Agreement::party_name, b_payee, o_payee);
    ch.reference("base", s, Agreement::stream_name, b_base, o_base);
    // Steps are matched by position when there are as many: a step whose date moved is
    // the same step. Otherwise the schedules differ as wholes.
    if b_schedule.len() == o_schedule.len() {
        for (i, (bs, os)) in b_schedule.iter().zip(o_schedule).enumerate() {
            ch.words(
                format!("rate step {} starts", i + 1),
                words::date(bs.from),
                words::date(os.from),
            );
            let field = format!("rate from {}", words::date(os.from));
            ch.uncertain(&field, &bs.rate, &os.rate, short_percent);
        }
    } else {
        ch.words(
            "rates",
            schedule_words(b_schedule),
            schedule_words(o_schedule),
        );
    }
    match (b_cap, o_cap) {
        (Some(bc), Some(oc)) => ch.uncertain("cap", bc, oc, words::money),
        (bc, oc) => {
            let cap = |c: &Option<Uncertain>| {
                c.map_or_else(|| "no cap".to_owned(), |c| words::money(c.value))
            };
            ch.words("cap", cap(bc), cap(oc));
        }
    }
    let counts =
        |a: &Agreement, ids: &[Id]| names(ids, |id| a.clause(id).map_or(id, |c| c.title.as_str()));
    ch.words(
        "cap also counts",
        counts(s.base, b_counts),
        counts(s.other, o_counts),
    );
    let from = |d: &Option<NaiveDate>| d.map_or_else(|| "the start".to_owned(), words::date);
    ch.words("cap counts from", from(b_from), from(o_from));
    let spread = |n: u32| {
        if n <= 1 {
            "at once".to_owned()
        } else {
            format!("over {n} months")
        }
    };
    ch.words("paid", spread(*b_spread), spread(*o_spread));
}

fn commitment_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &ClauseKind, o: &ClauseKind) {
    let (
        ClauseKind::ComputeCommitment {
            party: b_party,
            provider: b_provider,
            workloads: b_workloads,
            amount: b_amount,
        },
        ClauseKind::ComputeCommitment {
            party: o_party,
            provider: o_provider,
            workloads: o_workloads,
            amount: o_amount,
        },
    ) = (b, o)
    else {
        return;
    };
    ch.reference("party", s, Agreement::party_name, b_party, o_party);
    ch.reference(
        "provider",
        s,
        Agreement::provider_name,
        b_provider,
        o_provider,
    );
    if b_workloads != o_workloads {
        ch.words_of("workloads", workload_names(s, b_workloads, o_workloads));
    }
    ch.uncertain("amount", b_amount, o_amount, words::money);
}

fn licence_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &ClauseKind, o: &ClauseKind) {
    let (
        ClauseKind::Licence {
            licensee: b_licensee,
            scope: b_scope,
            exclusive: b_exclusive,
        },
        ClauseKind::Licence {
            licensee: o_licensee,
            scope: o_scope,
            exclusive: o_exclusive,
        },
    ) = (b, o)
    else {
        return;
    };
    ch.reference("licensee", s, Agreement::party_name, b_licensee, o_licensee);
    ch.words("scope", quoted(b_scope), quoted(o_scope));
    let exclusive = |e: bool| if e { "exclusive" } else { "non-exclusive" }.to_owned();
    ch.words("licence", exclusive(*b_exclusive), exclusive(*o_exclusive));
}

fn stake_changes(ch: &mut Changes<'_>, s: &Sides<'_>, b: &ClauseKind, o: &ClauseKind) {
    let (
        ClauseKind::EquityStake {
            holder: b_holder,
            company: b_company,
            stake: b_stake,
        },
        ClauseKind::EquityStake {
            holder: o_holder,
            company: o_company,
            stake: o_stake,
        },
    ) = (b, o)
    else {
        return;
    };
    ch.reference("holder", s, Agreement::party_name, b_holder, o_holder);
    ch.reference("company", s, Agreement::party_name, b_company, o_company);
    ch.uncertain("stake", b_stake, o_stake, short_percent);
}

fn event_parts() -> Parts<Event> {
    Parts {
        id: |e| &e.id,
        name: |e| e.name.clone(),
        summary: |_, e| event_summary(e),
        changes: |ch, _, b, o| {
            ch.words("name", quoted(&b.name), quoted(&o.name));
            ch.words("kind", event_kind(b.kind), event_kind(o.kind));
            let date = |e: &Event| e.date.map_or_else(|| "no date".to_owned(), words::date);
            ch.words("date", date(b), date(o));
            let range = |e: &Event| {
                e.date_range.map_or_else(
                    || "none".to_owned(),
                    |r| format!("{} – {}", words::date(r.low), words::date(r.high)),
                )
            };
            ch.words("date range", range(b), range(o));
        },
    }
}

fn event_kind(kind: EventKind) -> String {
    match kind {
        EventKind::Amendment => "amendment",
        EventKind::Trigger => "trigger",
    }
    .to_owned()
}

/// "amendment on 2019-07-22", "trigger with no date".
fn event_summary(e: &Event) -> String {
    let kind = event_kind(e.kind);
    match e.date {
        Some(d) => format!("{kind} on {}", words::date(d)),
        None => format!("{kind} with no date"),
    }
}

fn stream_parts() -> Parts<RevenueStream> {
    Parts {
        id: |s| &s.id,
        name: |s| s.name.clone(),
        summary: |a, s| format!("earned by {}", a.party_name(&s.owner)),
        changes: |ch, sides, b, o| {
            ch.words("name", quoted(&b.name), quoted(&o.name));
            ch.reference("owner", sides, Agreement::party_name, &b.owner, &o.owner);
            ch.path(&b.path, &o.path);
            ch.uncertain("scale", &b.scale, &o.scale, plain);
        },
    }
}

fn provider_parts() -> Parts<Provider> {
    Parts {
        id: |p| &p.id,
        name: |p| p.name.clone(),
        summary: |_, p| {
            let from = p.available_from.map_or_else(String::new, |d| {
                format!(", available from {}", words::date(d))
            });
            format!("weight {}{from}", plain(p.weight.value))
        },
        changes: |ch, _, b, o| {
            ch.words("name", quoted(&b.name), quoted(&o.name));
            ch.words("colour", b.color.to_string(), o.color.to_string());
            ch.uncertain("weight", &b.weight, &o.weight, plain);
            let available = |p: &Provider| {
                p.available_from.map_or_else(
                    || "always".to_owned(),
                    |d| format!("from {}", words::date(d)),
                )
            };
            ch.words("available", available(b), available(o));
        },
    }
}

/// A workload's size in words: "its own yearly path", "30 % of Maker revenue".
fn size(a: &Agreement, w: &Workload) -> String {
    match &w.size {
        WorkloadSize::Path(_) => "its own yearly path".to_owned(),
        WorkloadSize::Ratio { stream, ratio } => {
            format!(
                "{} of {}",
                short_percent(ratio.value),
                a.stream_name(stream)
            )
        }
    }
}

fn workload_parts() -> Parts<Workload> {
    Parts {
        id: |w| &w.id,
        name: |w| w.name.clone(),
        summary: size,
        changes: |ch, sides, b, o| {
            ch.words("name", quoted(&b.name), quoted(&o.name));
            match (&b.size, &o.size) {
                (WorkloadSize::Path(bp), WorkloadSize::Path(op)) => ch.path(bp, op),
                (
                    WorkloadSize::Ratio {
                        stream: bs,
                        ratio: br,
                    },
                    WorkloadSize::Ratio {
                        stream: os,
                        ratio: or,
                    },
                ) => {
                    ch.reference("stream", sides, Agreement::stream_name, bs, os);
                    ch.uncertain("share of revenue", br, or, short_percent);
                }
                _ => ch.words("size", size(sides.base, b), size(sides.other, o)),
            }
        },
    }
}

fn party_parts() -> Parts<Party> {
    Parts {
        id: |p| &p.id,
        name: |p| p.name.clone(),
        summary: |_, _| String::new(),
        changes: |ch, _, b, o| {
            ch.words("name", quoted(&b.name), quoted(&o.name));
            ch.words("colour", b.color.to_string(), o.color.to_string());
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::date;
    use crate::model::param::{ParamRef, tests::small, value_from_date};
    use crate::model::{Distribution, Scenario};

    fn lines(rows: &[Row]) -> Vec<String> {
        rows.iter().map(ToString::to_string).collect()
    }

    /// The small agreement with `edit` applied to a copy.
    fn edited(edit: impl FnOnce(&mut Agreement)) -> Agreement {
        let mut a = small();
        edit(&mut a);
        a
    }

    fn share(a: &mut Agreement) -> &mut ClauseKind {
        &mut a.clauses[0].kind
    }

    #[test]
    fn an_agreement_has_no_differences_with_itself() {
        let a = small();
        assert_eq!(diff(&a, &a), vec![]);
    }

    #[test]
    fn each_changed_parameter_is_a_row_in_the_apps_words() {
        let other = edited(|a| {
            a.discount_rate = Uncertain::exact(0.08);
            a.clauses[0].period.end = vec![Boundary::Date(date("2031-01-01"))];
            if let ClauseKind::RevenueShare { schedule, cap, .. } = share(a) {
                schedule[1].rate.value = 0.1;
                *cap = Some(Uncertain::exact(2e9));
            }
            if let ClauseKind::Exclusivity { level, .. } = &mut a.clauses[1].kind {
                *level = ExclusivityLevel::Exclusive;
            }
            if let ClauseKind::ComputeCommitment { provider, .. } = &mut a.clauses[3].kind {
                "other".clone_into(provider);
            }
            a.events[0].date = Some(date("2028-06-30"));
            a.streams[0].path.points[1].amount = 3e9;
            a.providers[1].weight = Uncertain::exact(0.8);
        });
        // Every number below is the edit above written as the app writes it:
        // short percentages, money with three figures, ISO dates.
        assert_eq!(
            lines(&diff(&small(), &other)),
            [
                "Agreement, discount rate: 0 % → 8 %",
                "Clause “Revenue share through 2030”, end: earliest of “AGI verified”, 2031-01-01 → 2031-01-01",
                "Clause “Revenue share through 2030”, rate from 2027-01-01: 15 % → 10 %",
                "Clause “Revenue share through 2030”, cap: $1.0B → $2.0B",
                "Clause “Right of first refusal”, level: right of first refusal (matches 60 %) → exclusive",
                "Clause “Azure commitment”, provider: Azure → Other",
                "Event “AGI verified”, date: 2030-06-01 → 2028-06-30",
                "Stream “Maker revenue”, 2027: $2.4B → $3.0B",
                "Provider “Other”, weight: 0.5 → 0.8",
            ]
        );
    }

    #[test]
    fn a_row_holds_the_item_to_select_and_the_words_apart() {
        let other = edited(|a| {
            if let ClauseKind::RevenueShare { cap, .. } = share(a) {
                *cap = Some(Uncertain::exact(5e9));
            }
        });
        let rows = diff(&small(), &other);
        assert_eq!(
            rows,
            [Row {
                item: Item::new(Kind::Clause, "share"),
                name: "Revenue share through 2030".into(),
                change: Change::Changed {
                    field: "cap".into(),
                    before: "$1.0B".into(),
                    after: "$5.0B".into(),
                },
            }]
        );
        assert_eq!(rows[0].item.item_ref(), ItemRef::Clause("share".into()));
        let json = serde_json::to_string(&rows).expect("serializes");
        assert_eq!(
            json,
            r#"[{"item":{"kind":"Clause","id":"share"},"name":"Revenue share through 2030","change":{"Changed":{"field":"cap","before":"$1.0B","after":"$5.0B"}}}]"#
        );
        let back: Vec<Row> = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, rows);
    }

    #[test]
    fn items_are_matched_by_id_and_come_in_the_others_order_then_the_removed() {
        let other = edited(|a| {
            // Reordering alone changes nothing; "rofr" goes, a new licence comes first.
            a.clauses.reverse();
            a.clauses.retain(|c| c.id != "rofr");
            let mut licence = a.clauses[0].clone();
            licence.id = "licence".into();
            licence.title = "Licence".into();
            licence.kind = ClauseKind::Licence {
                licensee: "cloud".into(),
                scope: "models".into(),
                exclusive: true,
            };
            a.clauses.insert(0, licence);
            a.parties[1].name = "Cloud Inc".into();
            a.events.remove(1);
        });
        assert_eq!(
            lines(&diff(&small(), &other)),
            [
                "Clause “Licence”: added (Exclusive licence · to Cloud Inc: models)",
                // A renamed party is one row: the clauses that refer to it still do.
                "Clause “Right of first refusal”: removed (Exclusivity · Right of first refusal (matches 60 % of new capacity) · Azure on Inference)",
                "Event “Never”: removed (trigger with no date)",
                "Party “Cloud Inc”, name: “Cloud Co” → “Cloud Inc”",
            ]
        );
    }

    #[test]
    fn a_change_too_small_for_the_words_shows_the_numbers() {
        let other = edited(|a| {
            if let ClauseKind::RevenueShare { schedule, .. } = share(a) {
                schedule[0].rate.value = 0.2001;
            }
        });
        assert_eq!(
            lines(&diff(&small(), &other)),
            [
                "Clause “Revenue share through 2030”, rate from 2026-01-01: 20 % (0.2) → 20 % (0.2001)"
            ]
        );
    }

    #[test]
    fn ranges_steps_kinds_and_paths_each_have_their_rows() {
        let other = edited(|a| {
            a.migration_months.range = None;
            if let ClauseKind::RevenueShare {
                schedule,
                spread_months,
                ..
            } = share(a)
            {
                schedule.pop();
                *spread_months = 12;
            }
            if let ClauseKind::Exclusivity { level, .. } = &mut a.clauses[2].kind {
                *level = ExclusivityLevel::Preferred {
                    min_share: Uncertain::between(0.5, 0.4, 0.7, Distribution::Triangular),
                };
            }
            a.clauses[5].kind = ClauseKind::Licence {
                licensee: "cloud".into(),
                scope: "models".into(),
                exclusive: false,
            };
            if let WorkloadSize::Path(path) = &mut a.workloads[1].size {
                path.points.push(YearPoint {
                    year: 2027,
                    amount: 9e8,
                    actual: false,
                    sources: vec![],
                });
                path.points[0].actual = true;
            }
        });
        assert_eq!(
            lines(&diff(&small(), &other)),
            [
                "Agreement, migration time range: 3 months–12 months, uniform → none",
                "Clause “Revenue share through 2030”, rates: 20 % from 2026-01-01, then 15 % from 2027-01-01 → 20 % from 2026-01-01",
                "Clause “Revenue share through 2030”, paid: at once → over 12 months",
                "Clause “Azure first”, minimum share range: 30 %–70 %, uniform → 40 %–70 %, triangular",
                "Clause “Note”, kind: Note → Non-exclusive licence · to Cloud Co: models",
                "Workload “Training”, 2026 figure: forecast → reported",
                "Workload “Training”, 2027: no point → $900M",
            ]
        );
    }

    #[test]
    fn events_providers_workloads_and_other_clause_kinds_have_their_rows() {
        let other = edited(|a| {
            a.events[0].kind = EventKind::Amendment;
            a.events[0].date_range = None;
            a.providers[0].available_from = Some(date("2026-07-01"));
            a.providers[0].color = crate::model::Rgb([0, 0, 0]);
            a.workloads[0].size = WorkloadSize::Path(a.streams[0].path.clone());
            if let ClauseKind::ComputeCommitment { amount, .. } = &mut a.clauses[3].kind {
                amount.value = 7.5e8;
            }
            if let ClauseKind::EquityStake { stake, .. } = &mut a.clauses[4].kind {
                stake.value = 0.325;
            }
        });
        assert_eq!(
            lines(&diff(&small(), &other)),
            [
                "Clause “Azure commitment”, amount: $500M → $750M",
                "Clause “Stake”, stake: 27 % → 32.5 %",
                "Event “AGI verified”, kind: trigger → amendment",
                "Event “AGI verified”, date range: 2028-01-01 – 2035-12-31 → none",
                "Provider “Azure”, colour: #0078d4 → #000000",
                "Provider “Azure”, available: always → from 2026-07-01",
                "Workload “Inference”, size: 50 % of Maker revenue → its own yearly path",
            ]
        );
    }

    #[test]
    fn a_scenario_differs_from_the_base_by_its_overrides() {
        let base = small();
        let mut scenario = Scenario::new("AGI early");
        scenario.set(
            &ParamRef::EventDate {
                event: "agi".into(),
            },
            value_from_date(date("2028-06-30")),
        );
        scenario.set(
            &ParamRef::Weight {
                provider: "azure".into(),
            },
            1.2,
        );
        let (applied, failed) = scenario.apply(&base);
        assert!(failed.is_empty());
        assert_eq!(
            lines(&diff(&base, &applied)),
            [
                "Event “AGI verified”, date: 2030-06-01 → 2028-06-30",
                "Provider “Azure”, weight: 1 → 1.2",
            ]
        );
    }
}
