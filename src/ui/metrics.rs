//! The metrics strip: the headline figures of DESIGN §2.7 as cards in one row.
//!
//! [`cards`] turns the projection's metrics into [`Card`]s (pure data, tested); the strip
//! shows as many of the most important ones as fit and puts the rest under "More…".

use chrono::NaiveDate;
use egui::{Color32, RichText, Ui, vec2};

use crate::engine::{ExclusivityEnd, Projection};
use crate::model::{Agreement, ClauseKind, Month};
use crate::ui::plots::{cached, doc_key};
use crate::ui::{PanelCx, ViewCommand, theme};
use crate::words;

/// Size of captions and details, in points.
const SMALL_SIZE: f32 = 11.0;
/// Size of the value, in points.
const VALUE_SIZE: f32 = 20.0;
/// Space inside a card.
const CARD_MARGIN: f32 = 7.0;
/// Space between the lines of a card.
const LINE_GAP: f32 = 1.0;
/// Width kept free at the end of the strip for the "More…" button.
const MORE_WIDTH: f32 = 64.0;

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
    let horizon = horizon_text(p);
    let mut cards = Vec::new();

    // Payments: net per pair, then each direction.
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

    // Caps.
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

    // Payments due after the horizon.
    let outstanding: f64 = m.shares.iter().map(|s| s.outstanding_at_horizon).sum();
    if !m.shares.is_empty() {
        let last = p
            .months
            .last()
            .map_or_else(String::new, |l| words::month_year(l.first_day()));
        cards.push(
            Card::new("Outstanding at horizon", words::money(outstanding), 6)
                .detail(format!("paid after {last}"))
                .tooltip(
                    "Accrued within the horizon but paid after it, because payments are \
                     spread over months",
                ),
        );
    }

    // Cloud concentration.
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

    // Compute commitments.
    for c in &m.commitments {
        let name = match a.clauses.get(c.clause).map(|c| &c.kind) {
            Some(ClauseKind::ComputeCommitment { provider: id, .. }) => a
                .providers
                .iter()
                .find(|p| &p.id == id)
                .map_or(id.as_str(), |p| p.name.as_str()),
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

    // Exclusivity.
    cards.extend(exclusivity_cards(a, m.exclusivity_end.as_slice()));
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

fn small(text: &str) -> RichText {
    RichText::new(text).size(SMALL_SIZE)
}

/// The size a card needs for its text: every card gets the height of one with a detail line.
fn card_size(ui: &Ui, card: &Card) -> egui::Vec2 {
    let painter = ui.painter();
    let size = |text: &str, font_size: f32| {
        painter
            .layout_no_wrap(
                text.to_owned(),
                egui::FontId::proportional(font_size),
                Color32::WHITE,
            )
            .size()
    };
    let caption = size(&card.caption, SMALL_SIZE);
    let value = size(&card.value, VALUE_SIZE);
    let detail = size(&card.detail, SMALL_SIZE);
    let stroke = ui.visuals().widgets.noninteractive.bg_stroke.width;
    vec2(
        caption.x.max(value.x).max(detail.x) + 2.0 * (CARD_MARGIN + stroke),
        caption.y + value.y + caption.y + 2.0 * LINE_GAP + 2.0 * (CARD_MARGIN + stroke),
    )
}

/// One card: caption, value, detail, in a frame. Clicking a dated card moves the playhead.
fn card_ui(ui: &mut Ui, card: &Card, size: egui::Vec2, commands: &mut Vec<ViewCommand>) {
    let value_color = if card.warning {
        theme::WARNING
    } else {
        ui.visuals().strong_text_color()
    };
    let response = egui::Frame::group(ui.style())
        .inner_margin(CARD_MARGIN)
        .show(ui, |ui| {
            let stroke = ui.visuals().widgets.noninteractive.bg_stroke.width;
            ui.vertical(|ui| {
                ui.set_min_size(size - egui::Vec2::splat(2.0 * (CARD_MARGIN + stroke)));
                ui.spacing_mut().item_spacing.y = LINE_GAP;
                ui.label(small(&card.caption).weak());
                ui.label(
                    RichText::new(&card.value)
                        .size(VALUE_SIZE)
                        .color(value_color),
                );
                if !card.detail.is_empty() {
                    ui.label(small(&card.detail).weak());
                }
            });
        })
        .response;
    let sense = if card.date.is_some() {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let mut response = ui
        .interact(response.rect, ui.auto_id_with(&card.caption), sense)
        .on_hover_text(&card.tooltip);
    if card.date.is_some() {
        response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
    }
    if let Some(date) = card.date
        && response.clicked()
    {
        commands.push(ViewCommand::SetPlayhead(date));
    }
}

/// The metrics strip: as many cards as fit, the rest under "More…".
pub fn metrics_ui(ui: &mut Ui, cx: &mut PanelCx<'_>) {
    let doc = cx.doc;
    let all = cached(ui, ui.scope_id().with("metric_cards"), doc_key(doc), || {
        cards(doc.agreement(), doc.projection())
    });
    let gap = ui.spacing().item_spacing.x;
    let sizes: Vec<egui::Vec2> = all.iter().map(|c| card_size(ui, c)).collect();
    let widths: Vec<f32> = sizes.iter().map(|s| s.x).collect();
    let shown = fitting(&all, &widths, ui.available_width() - MORE_WIDTH, gap);
    let height = sizes.iter().fold(0.0_f32, |h, s| h.max(s.y));
    // Frames lay out from the top, so centre the row by hand.
    ui.add_space(((ui.available_height() - height) / 2.0).max(0.0));
    ui.horizontal(|ui| {
        for &i in &shown {
            card_ui(ui, &all[i], vec2(sizes[i].x, height), cx.commands);
        }
        if shown.len() < all.len() {
            let more = ui
                .button("More…")
                .on_hover_text("All figures, including those that do not fit here");
            egui::Popup::from_toggle_button_response(&more)
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show(|ui| more_ui(ui, &all, cx.commands));
        }
    });
}

/// Every card as a row of a table.
fn more_ui(ui: &mut Ui, cards: &[Card], commands: &mut Vec<ViewCommand>) {
    egui::Grid::new("more_metrics")
        .num_columns(3)
        .striped(true)
        .spacing(vec2(2.0 * theme::GAP, 4.0))
        .show(ui, |ui| {
            for card in cards {
                ui.label(&card.caption).on_hover_text(&card.tooltip);
                let color = if card.warning {
                    theme::WARNING
                } else {
                    ui.visuals().strong_text_color()
                };
                match card.date {
                    Some(date) => {
                        if ui
                            .link(RichText::new(&card.value).color(color))
                            .on_hover_text("Move the playhead here")
                            .clicked()
                        {
                            commands.push(ViewCommand::SetPlayhead(date));
                        }
                    }
                    None => {
                        ui.label(RichText::new(&card.value).color(color));
                    }
                }
                ui.weak(&card.detail);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{self, PanelState};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::engine::project;
    use crate::model::{Boundary, Clause, Period, Uncertain};
    use crate::ui::plots::tests::small_agreement;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

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
        let commitment = |amount: f64| Clause {
            id: "commit".into(),
            title: "Harbor commitment".into(),
            text: String::new(),
            sources: vec![],
            period: Period {
                start: Boundary::Date(date("2024-01-01")),
                end: vec![Boundary::Date(date("2026-01-01"))],
            },
            kind: ClauseKind::ComputeCommitment {
                party: "a".into(),
                provider: "h".into(),
                workloads: vec!["w".into()],
                amount: Uncertain::exact(amount),
            },
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

    fn harness() -> Harness<'static, PanelState> {
        testing::harness(small_agreement(), vec2(700.0, 96.0), metrics_ui)
    }

    #[test]
    fn the_strip_shows_the_first_cards_and_the_rest_under_more() {
        let mut harness = harness();
        harness.run();
        harness.get_by_label("Net paid Alpha → Beta");
        harness.get_by_label("$102");
        harness.get_by_label("Cap reached");
        assert!(
            harness
                .query_by_label("Exclusivity ends: Training")
                .is_none()
        );
        harness.get_by_label("More…").click();
        harness.run();
        harness.get_by_label("Exclusivity ends: Training");
    }

    #[test]
    fn clicking_a_dated_card_moves_the_playhead() {
        let mut harness = harness();
        harness.run();
        harness.get_by_label("Mar 2025").click();
        harness.run();
        assert_eq!(harness.state().view.playhead, date("2025-03-01"));
    }
}
