//! The metric cards' view model: the headline figures of DESIGN §2.7 as captioned
//! values, ranked by importance. [`cards`] builds them from the projection's metrics;
//! [`fitting`] picks those that fit in a strip.

use chrono::NaiveDate;

use crate::engine::{ExclusivityEnd, Metrics, Projection};
use crate::model::{Agreement, ClauseKind, Month, SourceStatus};
use crate::words;

/// A priority that keeps a card out of the strip: it is only listed under "More…".
pub const ONLY_IN_MORE: u8 = u8::MAX;

/// A card's value as a number of its kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Money(f64),
    /// A fraction shown as a percentage.
    Percent(f64),
    Plain(f64),
    Month(Month),
}

/// How a card compares with the same card of a baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The baseline's value: "$38.0B".
    pub baseline: String,
    /// The difference, current − baseline: "+$3.3B (+8.7 %)", "+7 months", "no change".
    pub delta: String,
}

/// Compares `card` with the baseline's card of the same caption; none if the baseline
/// has no such card.
#[must_use]
pub fn compare(card: &Card, baseline: &[Card]) -> Option<Comparison> {
    let other = baseline.iter().find(|b| b.caption == card.caption)?;
    let delta = match (card.number, other.number) {
        (Some(Number::Money(x)), Some(Number::Money(b))) => {
            if (x - b).abs() < 0.5 {
                "no change".to_owned()
            } else if b.abs() > 0.5 {
                format!(
                    "{} ({})",
                    signed(words::money(x - b), x - b),
                    signed_percent((x - b) / b.abs())
                )
            } else {
                signed(words::money(x - b), x - b)
            }
        }
        (Some(Number::Percent(x)), Some(Number::Percent(b))) => {
            let points = (x - b) * 100.0;
            if points.abs() < 0.05 {
                "no change".to_owned()
            } else {
                format!("{points:+.1} pt")
            }
        }
        (Some(Number::Plain(x)), Some(Number::Plain(b))) => {
            if (x - b).abs() < 0.005 {
                "no change".to_owned()
            } else {
                format!("{:+.2}", x - b)
            }
        }
        (Some(Number::Month(x)), Some(Number::Month(b))) => match x.months_since(b) {
            0 => "no change".to_owned(),
            1 => "1 month later".to_owned(),
            -1 => "1 month earlier".to_owned(),
            n if n > 0 => format!("{n} months later"),
            n => format!("{} months earlier", -n),
        },
        (a, b) if a == b => "no change".to_owned(),
        _ => "changed".to_owned(),
    };
    Some(Comparison {
        baseline: other.value.clone(),
        delta,
    })
}

/// `text` with a sign: "+$3.3B" for a positive `x` (money words carry their own minus).
fn signed(text: String, x: f64) -> String {
    if x > 0.0 { format!("+{text}") } else { text }
}

/// "+8.7 %" / "−8.0 %".
fn signed_percent(fraction: f64) -> String {
    signed(words::percent(fraction), fraction)
}

/// One figure: a caption and its scope over a big value, with a detail line under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// What the figure is: "Net paid Alpha → Beta".
    pub caption: String,
    /// What it counts: its period and scope, "2019–2032 · all shares, net".
    pub scope: String,
    /// The figure: "$41.3B".
    pub value: String,
    /// A second figure or context under the value: "NPV $34.3B".
    pub detail: String,
    /// What the figure means and how it is computed.
    pub tooltip: String,
    /// Whether the value needs attention (a shortfall).
    pub warning: bool,
    /// 0 is the most important; the strip fills up in this order.
    /// [`ONLY_IN_MORE`] keeps the card under "More…".
    pub priority: u8,
    /// Clicking the card moves the playhead here.
    pub date: Option<NaiveDate>,
    /// The value as a number, for comparing with a baseline.
    pub number: Option<Number>,
    /// A cap the card's total can be read against: the caps over the payments it sums.
    pub cap: Option<f64>,
    /// Why the total exceeds that cap, in words shown on the card; empty when it does not.
    pub beyond_cap: String,
}

impl Card {
    fn new(caption: impl Into<String>, value: impl Into<String>, priority: u8) -> Self {
        Self {
            caption: caption.into(),
            scope: String::new(),
            value: value.into(),
            detail: String::new(),
            tooltip: String::new(),
            warning: false,
            priority,
            date: None,
            number: None,
            cap: None,
            beyond_cap: String::new(),
        }
    }

    fn number(mut self, number: Number) -> Self {
        self.number = Some(number);
        self
    }

    /// The money the card shows, if it shows money.
    pub fn money(&self) -> Option<f64> {
        match self.number {
            Some(Number::Money(x)) => Some(x),
            _ => None,
        }
    }

    fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    fn tooltip(mut self, tooltip: impl Into<String>) -> Self {
        self.tooltip = tooltip.into();
        self
    }
}

fn party(a: &Agreement, index: usize) -> &str {
    a.parties.get(index).map_or("?", |p| p.name.as_str())
}

fn provider(a: &Agreement, index: usize) -> &str {
    a.providers.get(index).map_or("?", |p| p.name.as_str())
}

fn clause_title(a: &Agreement, index: usize) -> &str {
    a.clauses.get(index).map_or("?", |c| c.title.as_str())
}

/// The horizon as a period: "2019–2032" when it covers whole years, else
/// "Mar 2019–Jun 2032".
fn period_text(p: &Projection) -> String {
    match (p.months.first(), p.months.last()) {
        (Some(first), Some(last)) if first.month() == 1 && last.month() == 12 => {
            if first.year() == last.year() {
                first.year().to_string()
            } else {
                format!("{}–{}", first.year(), last.year())
            }
        }
        (Some(first), Some(last)) => format!(
            "{}–{}",
            words::month_year(first.first_day()),
            words::month_year(last.first_day())
        ),
        _ => "the horizon".to_owned(),
    }
}

/// How NPV is computed, for tooltips.
fn npv_text(a: &Agreement) -> String {
    format!(
        "NPV: each month's payment discounted at {} a year to {}",
        words::percent(a.discount_rate.value),
        words::month_year(a.valuation_date)
    )
}

/// A cap over revenue shares, as the cards describe it.
struct CapView<'a> {
    /// The clause that carries the cap.
    owner: usize,
    amount: f64,
    counted: f64,
    /// The clauses it counts, the owner first.
    members: &'a [usize],
    /// The first and last month it counts accruals in.
    span: Option<(Month, Month)>,
    reached: Option<Month>,
    paid_out: Option<Month>,
    payer: Option<usize>,
    payee: Option<usize>,
}

impl CapView<'_> {
    fn span_text(&self) -> String {
        self.span.map_or_else(
            || "nothing in the horizon".to_owned(),
            |(from, to)| {
                format!(
                    "{} → {}",
                    words::month_year(from.first_day()),
                    words::month_year(to.first_day())
                )
            },
        )
    }

    /// "“Revenue share through 2030”" or "“A”, “B” and “C”".
    fn members_text(&self, a: &Agreement) -> String {
        let titles: Vec<String> = self
            .members
            .iter()
            .map(|&i| format!("“{}”", clause_title(a, i)))
            .collect();
        match titles.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => titles.concat(),
        }
    }
}

/// Every cap of the projection, with the span of months whose accruals it counts:
/// from its start date (or its clauses' first accrual) to the month it is reached
/// (or its clauses' last accrual).
fn caps<'p>(a: &Agreement, p: &'p Projection) -> Vec<CapView<'p>> {
    let month = |k: usize| p.months.get(k).copied();
    p.shares
        .iter()
        .filter_map(|s| {
            let amount = s.cap?;
            let from_day = match a.clauses.get(s.clause).map(|c| &c.kind) {
                Some(ClauseKind::RevenueShare {
                    cap_from: Some(d), ..
                }) => p.month_index(*d),
                _ => None,
            };
            let members: Vec<&crate::engine::ShareSeries> = p
                .shares
                .iter()
                .filter(|x| s.cap_members.contains(&x.clause))
                .collect();
            let first = members
                .iter()
                .filter_map(|x| x.accrued.iter().position(|&v| v > 0.0))
                .min();
            let last = members
                .iter()
                .filter_map(|x| x.accrued.iter().rposition(|&v| v > 0.0))
                .max();
            let span = match (first, last) {
                (Some(f), Some(l)) => {
                    let f = from_day.map_or(f, |d| d.max(f));
                    let l = s.cap_reached.unwrap_or(l);
                    month(f).zip(month(l.max(f)))
                }
                _ => None,
            };
            Some(CapView {
                owner: s.clause,
                amount,
                counted: s.cap_counted,
                members: &s.cap_members,
                span,
                reached: s.cap_reached.and_then(month),
                paid_out: s.cap_paid_out.and_then(month),
                payer: s.payer,
                payee: s.payee,
            })
        })
        .collect()
}

/// The strongest status among the sources that back a clause's `field`.
fn field_status(a: &Agreement, clause: usize, field: &str) -> Option<SourceStatus> {
    a.clauses
        .get(clause)?
        .sources
        .iter()
        .filter(|s| s.field == field)
        .map(|s| s.status)
        .min()
}

/// The figures worth showing for this agreement, in display order.
#[must_use]
pub fn cards(a: &Agreement, p: &Projection) -> Vec<Card> {
    let m = &p.metrics;
    let caps = caps(a, p);
    let mut cards = payment_cards(a, p, &caps);
    cards.extend(cap_cards(a, p, &caps));
    cards.extend(outstanding_card(p));
    cards.extend(concentration_cards(a, m));
    cards.extend(commitment_cards(a, p));
    cards.extend(exclusivity_cards(a, m.exclusivity_end.as_slice()));
    cards
}

/// What the caps over payments `from → to` count, for a card that sums them: the
/// caps' total, what they counted, and a sentence on how the two relate.
fn cap_relation(
    a: &Agreement,
    caps: &[CapView<'_>],
    from: usize,
    to: usize,
) -> Option<(f64, f64, String)> {
    let over: Vec<&CapView<'_>> = caps
        .iter()
        .filter(|c| (c.payer, c.payee) == (Some(from), Some(to)))
        .collect();
    if over.is_empty() {
        return None;
    }
    let amount: f64 = over.iter().map(|c| c.amount).sum();
    let counted: f64 = over.iter().map(|c| c.counted).sum();
    let text: Vec<String> = over
        .iter()
        .map(|c| {
            format!(
                "The {} cap counts accruals under {} from {}: {} of them.",
                words::money(c.amount),
                c.members_text(a),
                c.span.map_or_else(
                    || "its start".to_owned(),
                    |(f, _)| words::month_year(f.first_day())
                ),
                words::money(c.counted)
            )
        })
        .collect();
    Some((amount, counted, text.join("\n")))
}

/// Net paid per pair of parties that pay each other, then paid in each direction.
fn payment_cards(a: &Agreement, p: &Projection, caps: &[CapView<'_>]) -> Vec<Card> {
    let m = &p.metrics;
    let period = period_text(p);
    let mut cards = Vec::new();
    let pays = |from: usize, to: usize| {
        m.directions
            .iter()
            .any(|d| d.payer == from && d.payee == to)
    };
    let gross = |from: usize, to: usize| {
        m.directions
            .iter()
            .find(|d| d.payer == from && d.payee == to)
            .map_or(0.0, |d| d.total_paid)
    };
    // A total read against the caps over it: say what they count, and why it is more.
    let against_caps = |mut card: Card, from: usize, to: usize, total: f64| {
        if let Some((cap, counted, why)) = cap_relation(a, caps, from, to) {
            card.cap = Some(cap);
            card.tooltip = format!("{}\n{why}", card.tooltip);
            if total > cap {
                card.beyond_cap = format!("cap counts {} of it", words::money(counted));
                card.detail = format!("{} · {}", card.beyond_cap, card.detail);
                card.tooltip = format!(
                    "{}\nThe rest was accrued before the cap counts or under clauses it \
                     does not count, so this total can exceed the cap.",
                    card.tooltip
                );
            }
        }
        card
    };
    let mut paired = Vec::new();
    for n in &m.nets {
        if !(pays(n.payer, n.payee) && pays(n.payee, n.payer)) {
            continue;
        }
        paired.push((n.payer, n.payee));
        let (from, to, sign) = if n.total_paid < 0.0 {
            (n.payee, n.payer, -1.0)
        } else {
            (n.payer, n.payee, 1.0)
        };
        let (from_name, to_name) = (party(a, from), party(a, to));
        let card = Card::new(
            format!("Net paid {from_name} → {to_name}"),
            words::money(sign * n.total_paid),
            0,
        )
        .scope(format!("{period} · all shares, net"))
        .number(Number::Money(sign * n.total_paid))
        .detail(format!("NPV {}", words::money(sign * n.npv)))
        .tooltip(format!(
            "Everything {from_name} pays {to_name} ({}) minus everything {to_name} pays \
             back ({}), under every revenue-share clause, {period}.\n{}",
            words::money(gross(from, to)),
            words::money(gross(to, from)),
            npv_text(a)
        ));
        cards.push(against_caps(card, from, to, sign * n.total_paid));
    }
    for d in &m.directions {
        let in_pair = paired
            .iter()
            .any(|&(x, y)| (x, y) == (d.payer, d.payee) || (y, x) == (d.payer, d.payee));
        let (from, to) = (party(a, d.payer), party(a, d.payee));
        let card = Card::new(
            format!("Paid {from} → {to}"),
            words::money(d.total_paid),
            if in_pair { 4 } else { 0 },
        )
        .scope(format!("{period} · all shares"))
        .number(Number::Money(d.total_paid))
        .detail(format!("NPV {}", words::money(d.npv)))
        .tooltip(format!(
            "Everything {from} pays {to} under revenue-share clauses, {period}.\n{}",
            npv_text(a)
        ));
        cards.push(against_caps(card, d.payer, d.payee, d.total_paid));
    }
    cards
}

/// For each cap: what it counted, and when it was reached and paid out.
fn cap_cards(a: &Agreement, p: &Projection, caps: &[CapView<'_>]) -> Vec<Card> {
    let mut cards = Vec::new();
    let last = p
        .months
        .last()
        .map_or_else(String::new, |l| words::month_year(l.first_day()));
    for cap in caps {
        let title = clause_title(a, cap.owner);
        let named = |caption: &str| {
            if caps.len() > 1 {
                format!("{caption}: {title}")
            } else {
                caption.to_owned()
            }
        };
        let range = match a.clauses.get(cap.owner).map(|c| &c.kind) {
            Some(ClauseKind::RevenueShare { cap: Some(c), .. }) => c
                .range
                .map(|r| format!("{}–{}", words::money(r.low), words::money(r.high))),
            _ => None,
        };
        let status = field_status(a, cap.owner, "cap").map(SourceStatus::label);
        let about: Vec<&str> = [status, range.as_deref()].into_iter().flatten().collect();
        let mut detail = format!("of {}", words::money(cap.amount));
        if !about.is_empty() {
            detail = format!("{detail} · {}", about.join(" "));
        }
        let mut counted = Card::new(named("Toward the cap"), words::money(cap.counted), 1)
            .scope(format!("accrued {}", cap.span_text()))
            .number(Number::Money(cap.counted))
            .detail(detail)
            .tooltip(format!(
                "What the {} cap counts: accruals under {}, {}. Accruals before it counts \
                 and under other clauses are outside it.\nSource of the cap: {}; range {}",
                words::money(cap.amount),
                cap.members_text(a),
                cap.span_text(),
                status.unwrap_or("none given"),
                range.as_deref().unwrap_or("none given"),
            ));
        counted.cap = Some(cap.amount);
        cards.push(counted);

        let paid_out = match (cap.reached, cap.paid_out) {
            (None, _) => format!("cap {}", words::money(cap.amount)),
            (Some(_), Some(m)) => {
                format!("last capped payment {}", words::month_year(m.first_day()))
            }
            (Some(_), None) => format!("paid until after {last}"),
        };
        let mut card = Card::new(
            named("Cap reached"),
            cap.reached.map_or_else(
                || "not reached".to_owned(),
                |r| words::month_year(r.first_day()),
            ),
            1,
        )
        .scope("when accrual reaches it")
        .detail(paid_out)
        .tooltip(format!(
            "The month in which the accruals the {} cap counts reach it; those clauses \
             accrue nothing after it. Accruals are paid over months, so the last capped \
             payment can come later.{}",
            words::money(cap.amount),
            if cap.reached.is_some() {
                "\nClick to move the playhead there"
            } else {
                ""
            }
        ));
        card.date = cap.reached.map(Month::first_day);
        card.number = cap.reached.map(Number::Month);
        cards.push(card);
    }
    cards
}

/// Payments due after the horizon, if there are revenue-share clauses.
fn outstanding_card(p: &Projection) -> Option<Card> {
    let m = &p.metrics;
    if m.shares.is_empty() {
        return None;
    }
    let outstanding: f64 = m.shares.iter().map(|s| s.outstanding_at_horizon).sum();
    let last = p
        .months
        .last()
        .map_or_else(String::new, |l| words::month_year(l.first_day()));
    Some(
        Card::new("Outstanding at horizon", words::money(outstanding), 6)
            .scope(format!("accrued by {last}"))
            .number(Number::Money(outstanding))
            .detail(format!("paid after {last}"))
            .tooltip(
                "Accrued within the horizon but paid after it, because payments are \
                 spread over months",
            ),
    )
}

/// The largest provider's share and the HHI of cloud spend in the last year.
fn concentration_cards(a: &Agreement, m: &Metrics) -> Vec<Card> {
    let mut cards = Vec::new();
    let mut ranked: Vec<(usize, f64)> = m
        .provider_share_last_year
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| s.is_finite())
        .collect();
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
    if let Some(&(top, share)) = ranked.first() {
        let detail = ranked.get(1).map_or_else(String::new, |&(i, s)| {
            format!("next: {} {}", provider(a, i), words::percent(s))
        });
        cards.push(
            Card::new(
                format!("{} share in {}", provider(a, top), m.last_year),
                words::percent(share),
                2,
            )
            .scope("of all cloud spend that year")
            .number(Number::Percent(share))
            .detail(detail)
            .tooltip(format!(
                "The largest provider's share of all cloud spend in {}: its spend over \
                 total spend that year",
                m.last_year
            )),
        );
        let equivalent = if m.hhi_last_year > 0.0 {
            format!("≈ {:.1} equal providers", 1.0 / m.hhi_last_year)
        } else {
            String::new()
        };
        cards.push(
            Card::new(
                format!("HHI {}", m.last_year),
                format!("{:.2}", m.hhi_last_year),
                3,
            )
            .scope("concentration of cloud spend")
            .number(Number::Plain(m.hhi_last_year))
            .detail(equivalent)
            .tooltip(format!(
                "Concentration of spend across providers: 1 = one provider.\n\
                 HHI = Σ share² over providers, of total spend in {}; 1 / HHI is the \
                 number of equal providers with the same concentration",
                m.last_year
            )),
        );
    }
    cards
}

/// Each compute commitment: on track, or its shortfall as a warning.
fn commitment_cards(a: &Agreement, p: &Projection) -> Vec<Card> {
    let m = &p.metrics;
    let mut cards = Vec::new();
    for c in &m.commitments {
        let period = p
            .segments
            .get(c.clause)
            .and_then(Option::as_ref)
            .map_or_else(String::new, |s| {
                let end = s.end.map_or_else(|| "open".to_owned(), words::month_year);
                format!("{} → {end}", words::month_year(s.start))
            });
        let name = match a.clauses.get(c.clause).map(|c| &c.kind) {
            Some(ClauseKind::ComputeCommitment { provider: id, .. }) => a.provider_name(id),
            _ => "?",
        };
        let title = a.clauses.get(c.clause).map_or("?", |c| c.title.as_str());
        let caption = if m.commitments.len() > 1 {
            format!("Shortfall: {title}")
        } else {
            "Commitment shortfall".to_owned()
        };
        let (value, warning, priority, short) = match (c.shortfall_at_end, c.behind_at_horizon) {
            (Some(s), _) if s > 0.5 => (words::money(s), true, 1, s),
            (_, Some(b)) if b > 0.5 => (format!("{} behind", words::money(b)), true, 1, b),
            _ => ("on track".to_owned(), false, 4, 0.0),
        };
        let mut card = Card::new(caption, value, priority)
            .number(Number::Money(short))
            .scope(format!("{name}, {period}"))
            .detail(format!("top-ups {}", words::money(c.top_up_total)))
            .tooltip(format!(
                "\"{title}\": spend with {name} that the commitment requires but the \
                 projected spend does not reach, at the period's end (or behind schedule \
                 at the horizon's end). Top-ups: spend moved to {name} from other \
                 providers to keep up"
            ));
        card.warning = warning;
        cards.push(card);
    }
    cards
}

/// A summary card of when exclusivity ends, then one card per workload under "More…".
fn exclusivity_cards(a: &Agreement, ends: &[ExclusivityEnd]) -> Vec<Card> {
    let name = |w: usize| a.workloads.get(w).map_or("?", |w| w.name.as_str());
    let text = |e: ExclusivityEnd| match e {
        ExclusivityEnd::NeverExclusive => "never exclusive".to_owned(),
        ExclusivityEnd::OpenEnded => "open-ended".to_owned(),
        ExclusivityEnd::Ends(d) => words::month_year(d),
    };
    if ends.is_empty() {
        return Vec::new();
    }
    let list: Vec<String> = ends
        .iter()
        .enumerate()
        .map(|(w, &e)| format!("{}: {}", name(w), text(e)))
        .collect();
    let tooltip = format!(
        "When the last exclusive term ends for each workload, after which spend may \
         move to other providers:\n{}",
        list.join("\n")
    );
    let dated: Vec<(usize, NaiveDate)> = ends
        .iter()
        .enumerate()
        .filter_map(|(w, e)| match e {
            ExclusivityEnd::Ends(d) => Some((w, *d)),
            _ => None,
        })
        .collect();
    let open = ends.iter().position(|e| *e == ExclusivityEnd::OpenEnded);
    let mut summary = Card::new("Exclusivity ends", "never exclusive", 5)
        .scope("last exclusive term")
        .tooltip(tooltip);
    if let Some(w) = open {
        "open-ended".clone_into(&mut summary.value);
        name(w).clone_into(&mut summary.detail);
    } else if let (Some(first), Some(last)) = (
        dated.iter().min_by_key(|(_, d)| *d),
        dated.iter().max_by_key(|(_, d)| *d),
    ) {
        summary.value = words::month_year(last.1);
        summary.date = Some(last.1);
        summary.number = Month::of(last.1).map(Number::Month);
        summary.detail = if ends.len() == 1 {
            name(last.0).to_owned()
        } else if first.1 == last.1 {
            "all workloads".to_owned()
        } else {
            format!("first {} ({})", words::month_year(first.1), name(first.0))
        };
        summary
            .tooltip
            .push_str("\nClick to move the playhead to the last end");
    }
    let mut cards = vec![summary];
    if ends.len() > 1 {
        cards.extend(ends.iter().enumerate().map(|(w, &e)| {
            let mut card = Card::new(
                format!("Exclusivity ends: {}", name(w)),
                text(e),
                ONLY_IN_MORE,
            )
            .scope("last exclusive term")
            .tooltip(format!("When the last exclusive term for {} ends", name(w)));
            if let ExclusivityEnd::Ends(d) = e {
                card.date = Some(d);
            }
            card
        }));
    }
    cards
}

/// Which cards fit in `available` points: the most important first, each
/// `widths[i]` wide plus `gap`. Returns their indices in display order.
#[must_use]
pub fn fitting(cards: &[Card], widths: &[f32], available: f32, gap: f32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cards.len())
        .filter(|&i| cards[i].priority != ONLY_IN_MORE)
        .collect();
    order.sort_by_key(|&i| cards[i].priority);
    let mut used = 0.0;
    let mut shown = Vec::new();
    for i in order {
        let w = widths.get(i).copied().unwrap_or_default() + gap;
        if used + w > available {
            continue;
        }
        used += w;
        shown.push(i);
    }
    shown.sort_unstable();
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::project;
    use crate::fixtures::{clause, date, small_agreement};
    use crate::model::Uncertain;

    fn cards_of(a: &Agreement) -> Vec<Card> {
        cards(a, &project(a))
    }

    fn find<'c>(cards: &'c [Card], caption: &str) -> &'c Card {
        cards
            .iter()
            .find(|c| c.caption == caption)
            .unwrap_or_else(|| {
                let captions: Vec<&str> = cards.iter().map(|c| c.caption.as_str()).collect();
                panic!("no card {caption:?} in {captions:?}")
            })
    }

    #[test]
    fn cards_use_names_and_formatted_values() {
        let cards = cards_of(&small_agreement());
        let captions: Vec<&str> = cards.iter().map(|c| c.caption.as_str()).collect();
        assert_eq!(
            captions,
            [
                "Net paid Alpha → Beta",
                "Paid Alpha → Beta",
                "Paid Beta → Alpha",
                "Toward the cap",
                "Cap reached",
                "Outstanding at horizon",
                "Harbor share in 2025",
                "HHI 2025",
                "Exclusivity ends",
                "Exclusivity ends: Training",
                "Exclusivity ends: Serving",
            ]
        );
        // 150 one way (capped) minus 48 the other; no discounting.
        let net = find(&cards, "Net paid Alpha → Beta");
        assert_eq!(
            (net.value.as_str(), net.detail.as_str()),
            ("$102", "NPV $102")
        );
        assert_eq!(net.priority, 0);
        assert_eq!(find(&cards, "Paid Alpha → Beta").value, "$150");
        assert_eq!(find(&cards, "Paid Beta → Alpha").value, "$48");

        assert_eq!(net.scope, "2024–2025 · all shares, net");
        let cap = find(&cards, "Cap reached");
        assert_eq!(
            (cap.value.as_str(), cap.detail.as_str()),
            ("Mar 2025", "last capped payment Mar 2025")
        );
        assert_eq!(cap.date, Some(date("2025-03-01")));
        let toward = find(&cards, "Toward the cap");
        assert_eq!(
            (
                toward.value.as_str(),
                toward.scope.as_str(),
                toward.detail.as_str()
            ),
            ("$150", "accrued Jan 2024 → Mar 2025", "of $150")
        );

        assert_eq!(find(&cards, "Outstanding at horizon").value, "$0");

        // 2025: Training 80 + Serving 160 of 300 on Harbor.
        let top = find(&cards, "Harbor share in 2025");
        assert_eq!(top.value, "80.0 %");
        assert_eq!(top.detail, "next: Xeno 20.0 %");
        let hhi = find(&cards, "HHI 2025");
        assert_eq!(
            (hhi.value.as_str(), hhi.detail.as_str()),
            ("0.68", "≈ 1.5 equal providers")
        );
        assert!(
            hhi.tooltip
                .starts_with("Concentration of spend across providers: 1 = one provider")
        );

        let ends = find(&cards, "Exclusivity ends");
        assert_eq!(ends.value, "Jan 2025");
        assert_eq!(ends.date, Some(date("2025-01-01")));
        assert!(ends.tooltip.contains("Serving: never exclusive"));
        assert_eq!(
            find(&cards, "Exclusivity ends: Training").priority,
            ONLY_IN_MORE
        );
        assert!(cards.iter().all(|c| !c.tooltip.is_empty()));
    }

    /// Cards that show a money total against a cap: the total, the cap and the card.
    fn against_a_cap(cards: &[Card]) -> Vec<(f64, f64, &Card)> {
        cards
            .iter()
            .filter_map(|c| Some((c.money()?, c.cap?, c)))
            .collect()
    }

    #[test]
    fn a_total_beyond_the_cap_says_what_the_cap_counts() {
        let mut a = small_agreement();
        // Within the cap: no card needs to explain anything.
        let cards = cards_of(&a);
        assert!(!against_a_cap(&cards).is_empty());
        for (total, cap, card) in against_a_cap(&cards) {
            assert!(total <= cap + 1e-9, "{card:?}");
            assert!(card.beyond_cap.is_empty(), "{card:?}");
        }
        // An uncapped second share from Alpha to Beta takes the total past the cap.
        let mut extra = a.clauses[0].clone();
        extra.id = "extra".into();
        if let ClauseKind::RevenueShare { cap, .. } = &mut extra.kind {
            *cap = None;
        }
        a.clauses.push(extra);
        let cards = cards_of(&a);
        let paid = find(&cards, "Paid Alpha → Beta");
        assert!(paid.money().expect("a total") > paid.cap.expect("a cap"));
        assert_eq!(paid.beyond_cap, "cap counts $150 of it");
        assert!(
            paid.detail.starts_with("cap counts $150 of it · NPV"),
            "{}",
            paid.detail
        );
        assert!(
            paid.tooltip.contains("can exceed the cap"),
            "{}",
            paid.tooltip
        );
    }

    #[test]
    fn a_card_compares_with_the_baseline_card_of_the_same_caption() {
        let base = small_agreement();
        let mut current = small_agreement();
        // With its cap out of reach, Alpha pays more than the capped 150 of the base.
        if let ClauseKind::RevenueShare { cap, .. } = &mut current.clauses[0].kind {
            *cap = Some(Uncertain::exact(1e6));
        }
        let (now, then) = (cards_of(&current), cards_of(&base));
        let paid = find(&now, "Paid Alpha → Beta");
        let before = find(&then, "Paid Alpha → Beta");
        let (x, b) = (paid.money().expect("money"), before.money().expect("money"));
        let c = compare(paid, &then).expect("the baseline has the card");
        assert_eq!(c.baseline, before.value);
        assert_eq!(
            c.delta,
            format!(
                "+{} (+{})",
                words::money(x - b),
                words::percent((x - b) / b)
            )
        );
        assert!(x > b);
        // A card the baseline lacks has nothing to compare with; equal values say so.
        assert_eq!(
            compare(find(&now, "Paid Beta → Alpha"), &then).map(|c| c.delta),
            Some("no change".to_owned())
        );
        let mut renamed = paid.clone();
        renamed.caption = "Something else".into();
        assert_eq!(compare(&renamed, &then), None);
        // Months compare as months.
        let reached = find(&then, "Cap reached");
        let mut later = reached.clone();
        later.number = Some(Number::Month("2025-10".parse().expect("month")));
        assert_eq!(
            compare(&later, &then).expect("same caption").delta,
            "7 months later"
        );
    }

    #[test]
    fn a_single_direction_has_no_net_card_and_its_own_card_comes_first() {
        let mut a = small_agreement();
        a.clauses.remove(1);
        let cards = cards_of(&a);
        assert!(cards.iter().all(|c| !c.caption.starts_with("Net")));
        assert_eq!(find(&cards, "Paid Alpha → Beta").priority, 0);
    }

    #[test]
    fn a_commitment_shows_on_track_or_its_shortfall() {
        let commitment = |amount: f64| {
            let kind = ClauseKind::ComputeCommitment {
                party: "a".into(),
                provider: "h".into(),
                workloads: vec!["w".into()],
                amount: Uncertain::exact(amount),
            };
            let mut c = clause("commit", "2024-01-01", Some("2026-01-01"), kind);
            c.title = "Harbor commitment".into();
            c
        };
        // Training alone gives Harbor 100 a month in 2024 and 80 in 2025: 2,400 needs
        // 20 a month moved from Xeno in 2025.
        let mut a = small_agreement();
        a.clauses.push(commitment(2400.0));
        let cards = cards_of(&a);
        let card = find(&cards, "Commitment shortfall");
        assert_eq!(card.value, "on track");
        assert_eq!(card.detail, "top-ups $240");
        assert!(!card.warning);

        // 3,000 cannot be met: Training is only 2,400 in all.
        a.clauses.pop();
        a.clauses.push(commitment(3000.0));
        let cards = cards_of(&a);
        let card = find(&cards, "Commitment shortfall");
        assert_eq!(card.value, "$600");
        assert!(card.warning);
        assert_eq!(card.priority, 1);
    }

    #[test]
    fn the_view_models_hold_the_cards_and_charts_of_their_revision() {
        let a = small_agreement();
        let p = project(&a);
        let models = crate::view::ViewModels::new(&a, &p, 7);
        assert_eq!(models.revision, 7);
        assert_eq!(models.cards, cards(&a, &p));
        assert_eq!(
            models.revenue,
            crate::view::revenue::RevenueChart::new(&a, &p)
        );
        assert_eq!(models.cloud, crate::view::cloud::CloudCharts::new(&a, &p));
    }

    #[test]
    fn the_strip_takes_the_most_important_cards_that_fit_in_display_order() {
        let cards = cards_of(&small_agreement());
        let widths = vec![100.0; cards.len()];
        // Room for three: net (0), then the two cap cards (1).
        let shown = fitting(&cards, &widths, 330.0, 8.0);
        let captions: Vec<&str> = shown.iter().map(|&i| cards[i].caption.as_str()).collect();
        assert_eq!(
            captions,
            ["Net paid Alpha → Beta", "Toward the cap", "Cap reached"]
        );
        // However wide, cards only for "More…" stay out.
        let shown = fitting(&cards, &widths, 1e6, 8.0);
        assert_eq!(shown.len(), cards.len() - 2);
    }
}
