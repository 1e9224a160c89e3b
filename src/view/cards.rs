//! The metric cards' view model: the headline figures of DESIGN §2.7 as captioned
//! values, ranked by importance. [`cards`] builds them from the projection's metrics;
//! [`fitting`] picks those that fit in a strip.

use chrono::NaiveDate;

use crate::engine::{ExclusivityEnd, Metrics, Projection};
use crate::model::{Agreement, ClauseKind, Month};
use crate::words;

/// A priority that keeps a card out of the strip: it is only listed under "More…".
pub const ONLY_IN_MORE: u8 = u8::MAX;

/// One figure: a caption over a big value, with a detail line under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// What the figure is: "Net paid Alpha → Beta".
    pub caption: String,
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
}

impl Card {
    fn new(caption: impl Into<String>, value: impl Into<String>, priority: u8) -> Self {
        Self {
            caption: caption.into(),
            value: value.into(),
            detail: String::new(),
            tooltip: String::new(),
            warning: false,
            priority,
            date: None,
        }
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

/// "Jan 2019–Dec 2032", for tooltips.
fn horizon_text(p: &Projection) -> String {
    match (p.months.first(), p.months.last()) {
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

/// The figures worth showing for this agreement, in display order.
#[must_use]
pub fn cards(a: &Agreement, p: &Projection) -> Vec<Card> {
    let m = &p.metrics;
    let mut cards = payment_cards(a, p);
    cards.extend(cap_cards(a, p));
    cards.extend(outstanding_card(p));
    cards.extend(concentration_cards(a, m));
    cards.extend(commitment_cards(a, m));
    cards.extend(exclusivity_cards(a, m.exclusivity_end.as_slice()));
    cards
}

/// Net paid per pair of parties that pay each other, then paid in each direction.
fn payment_cards(a: &Agreement, p: &Projection) -> Vec<Card> {
    let m = &p.metrics;
    let horizon = horizon_text(p);
    let mut cards = Vec::new();
    let pays = |from: usize, to: usize| {
        m.directions
            .iter()
            .any(|d| d.payer == from && d.payee == to)
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
        let (from, to) = (party(a, from), party(a, to));
        cards.push(
            Card::new(
                format!("Net paid {from} → {to}"),
                words::money(sign * n.total_paid),
                0,
            )
            .detail(format!("NPV {}", words::money(sign * n.npv)))
            .tooltip(format!(
                "Payments {from} → {to} minus payments {to} → {from}, {horizon}.\n{}",
                npv_text(a)
            )),
        );
    }
    for d in &m.directions {
        let in_pair = paired
            .iter()
            .any(|&(x, y)| (x, y) == (d.payer, d.payee) || (y, x) == (d.payer, d.payee));
        let (from, to) = (party(a, d.payer), party(a, d.payee));
        cards.push(
            Card::new(
                format!("Paid {from} → {to}"),
                words::money(d.total_paid),
                if in_pair { 4 } else { 0 },
            )
            .detail(format!("NPV {}", words::money(d.npv)))
            .tooltip(format!(
                "Everything {from} pays {to} under revenue-share clauses, {horizon}.\n{}",
                npv_text(a)
            )),
        );
    }
    cards
}

/// When each capped clause reaches its cap; dated, so clicking moves the playhead.
fn cap_cards(a: &Agreement, p: &Projection) -> Vec<Card> {
    let m = &p.metrics;
    let mut cards = Vec::new();
    let capped: Vec<_> = p.shares.iter().filter_map(|s| Some((s, s.cap?))).collect();
    for (s, cap) in &capped {
        let title = a.clauses.get(s.clause).map_or("?", |c| c.title.as_str());
        let reached = m
            .shares
            .iter()
            .find(|x| x.clause == s.clause)
            .and_then(|x| x.cap_reached);
        let caption = if capped.len() > 1 {
            format!("Cap reached: {title}")
        } else {
            "Cap reached".to_owned()
        };
        let mut card = Card::new(
            caption,
            reached.map_or_else(
                || "not reached".to_owned(),
                |r| words::month_year(r.first_day()),
            ),
            1,
        )
        .detail(format!("cap {}", words::money(*cap)))
        .tooltip(format!(
            "The month in which cumulative accrual under \"{title}\" reaches its cap of {}; \
             accrual stops there.{}",
            words::money(*cap),
            if reached.is_some() {
                "\nClick to move the playhead there"
            } else {
                ""
            }
        ));
        card.date = reached.map(Month::first_day);
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
fn commitment_cards(a: &Agreement, m: &Metrics) -> Vec<Card> {
    let mut cards = Vec::new();
    for c in &m.commitments {
        let name = match a.clauses.get(c.clause).map(|c| &c.kind) {
            Some(ClauseKind::ComputeCommitment { provider: id, .. }) => a.provider_name(id),
            _ => "?",
        };
        let title = a.clauses.get(c.clause).map_or("?", |c| c.title.as_str());
        let caption = if m.commitments.len() > 1 {
            format!("Shortfall: {name}")
        } else {
            "Commitment shortfall".to_owned()
        };
        let (value, warning, priority) = match (c.shortfall_at_end, c.behind_at_horizon) {
            (Some(s), _) if s > 0.5 => (words::money(s), true, 1),
            (_, Some(b)) if b > 0.5 => (format!("{} behind", words::money(b)), true, 1),
            _ => ("on track".to_owned(), false, 4),
        };
        let mut card = Card::new(caption, value, priority)
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
    let mut summary = Card::new("Exclusivity ends", "never exclusive", 5).tooltip(tooltip);
    if let Some(w) = open {
        "open-ended".clone_into(&mut summary.value);
        name(w).clone_into(&mut summary.detail);
    } else if let (Some(first), Some(last)) = (
        dated.iter().min_by_key(|(_, d)| *d),
        dated.iter().max_by_key(|(_, d)| *d),
    ) {
        summary.value = words::month_year(last.1);
        summary.date = Some(last.1);
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

        let cap = find(&cards, "Cap reached");
        assert_eq!(
            (cap.value.as_str(), cap.detail.as_str()),
            ("Mar 2025", "cap $150")
        );
        assert_eq!(cap.date, Some(date("2025-03-01")));

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
        // Room for three: net (0), cap (1), top share (2).
        let shown = fitting(&cards, &widths, 330.0, 8.0);
        let captions: Vec<&str> = shown.iter().map(|&i| cards[i].caption.as_str()).collect();
        assert_eq!(
            captions,
            [
                "Net paid Alpha → Beta",
                "Cap reached",
                "Harbor share in 2025"
            ]
        );
        // However wide, cards only for "More…" stay out.
        let shown = fitting(&cards, &widths, 1e6, 8.0);
        assert_eq!(shown.len(), cards.len() - 2);
    }
}
