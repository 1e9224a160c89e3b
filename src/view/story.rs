//! What presenter mode shows at each step of the story: the milestone, the terms that
//! change there in the app's own words, and the figures up to that date.

use chrono::NaiveDate;

use crate::engine::Projection;
use crate::model::story::{Plots, Step};
use crate::model::{Agreement, ClauseKind};
use crate::words;

/// One step as the presenter shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// Position in the steps presented, from 0, and how many there are.
    pub index: usize,
    pub count: usize,
    pub date: NaiveDate,
    pub title: String,
    pub caption: String,
    /// The terms that start or end that day, in words.
    pub changes: Vec<String>,
    /// The figures up to that date.
    pub figures: Vec<Figure>,
    pub plots: Plots,
    pub scenario: Option<String>,
}

/// A figure at the step's date, with the baseline's when compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub baseline: Option<String>,
}

/// The figures of `a` up to `date`: what each party has paid the other, net, and the
/// largest provider's share of cloud spend that month.
fn figures_at(a: &Agreement, p: &Projection, date: NaiveDate) -> Vec<(String, String)> {
    let Some(k) = p.month_index(date).or_else(|| {
        // Before the horizon nothing is paid yet; after it, everything is.
        p.months
            .last()
            .filter(|m| date >= m.end_day())
            .map(|_| p.months.len() - 1)
    }) else {
        return Vec::new();
    };
    let party = |i: usize| a.parties.get(i).map_or("?", |x| x.name.as_str());
    let month = words::month_year(date);
    let mut out = Vec::new();
    for n in &p.nets {
        let total: f64 = n.net[..=k].iter().sum();
        let (from, to, sign) = if total < 0.0 {
            (n.b, n.a, -1.0)
        } else {
            (n.a, n.b, 1.0)
        };
        out.push((
            format!("Net paid {} → {} by {month}", party(from), party(to)),
            words::money(sign * total),
        ));
    }
    if p.nets.is_empty() {
        for f in &p.flows {
            out.push((
                format!("Paid {} → {} by {month}", party(f.payer), party(f.payee)),
                words::money(f.paid[..=k].iter().sum()),
            ));
        }
    }
    let top = (0..a.providers.len())
        .filter_map(|i| Some((i, *p.provider_share.get(i)?.get(k)?)))
        .max_by(|x, y| x.1.total_cmp(&y.1));
    if let Some((i, share)) = top.filter(|(_, s)| *s > 0.0) {
        out.push((
            format!("{} share of cloud spend, {month}", a.providers[i].name),
            words::percent(share),
        ));
    }
    out
}

/// The terms that start or end on `date`: "Starts: Right of first refusal on new
/// capacity — right of first refusal (matches 50 %) · Microsoft Azure".
fn changes_on(a: &Agreement, p: &Projection, date: NaiveDate) -> Vec<String> {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (i, c) in a.clauses.iter().enumerate() {
        if matches!(c.kind, ClauseKind::Note) {
            continue;
        }
        let Some(Some(seg)) = p.segments.get(i) else {
            continue;
        };
        if seg.start == date {
            starts.push(format!("Starts: {} — {}", c.title, words::kind_text(a, c)));
        }
        if seg.end == Some(date) {
            ends.push(format!("Ends: {}", c.title));
        }
    }
    ends.extend(starts);
    ends
}

/// Step `index` of `steps` as the presenter shows it, with the figures of `baseline`
/// (its terms and projection) beside when compared.
pub fn slide(
    a: &Agreement,
    p: &Projection,
    steps: &[Step],
    index: usize,
    baseline: Option<(&Agreement, &Projection)>,
) -> Option<Slide> {
    let step = steps.get(index)?;
    let date = step.when(a);
    let theirs = baseline.map(|(b, bp)| figures_at(b, bp, date));
    let figures = figures_at(a, p, date)
        .into_iter()
        .map(|(label, value)| Figure {
            baseline: theirs
                .as_ref()
                .and_then(|t| t.iter().find(|(l, _)| *l == label))
                .map(|(_, v)| v.clone()),
            label,
            value,
        })
        .collect();
    Some(Slide {
        index,
        count: steps.len(),
        date,
        title: step.title.clone(),
        caption: step.caption.clone(),
        changes: changes_on(a, p, date),
        figures,
        plots: step.plots,
        scenario: step.scenario.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::project;
    use crate::model::story::{milestones, steps};

    fn history() -> Agreement {
        crate::io::from_ron_str(include_str!("../../assets/default.ron")).expect("default")
    }

    #[test]
    fn without_a_storyboard_the_milestones_are_the_steps_in_date_order() {
        let a = history();
        let steps = steps(&a);
        assert_eq!(steps, milestones(&a));
        let dates: Vec<NaiveDate> = steps.iter().map(|s| s.when(&a)).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted);
        assert_eq!(
            steps.len(),
            a.events.iter().filter(|e| e.date.is_some()).count()
        );
    }

    #[test]
    fn a_slide_names_the_terms_that_change_on_its_date_and_the_figures_by_then() {
        let a = history();
        let p = project(&a);
        let steps = milestones(&a);
        let at = steps
            .iter()
            .position(|s| s.event.as_deref() == Some("rofr_2025_01"))
            .expect("the January 2025 step");
        let s = slide(&a, &p, &steps, at, None).expect("a slide");
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2025, 1, 21).expect("date"));
        assert!(
            s.changes
                .contains(&"Ends: Azure is OpenAI’s exclusive cloud".to_owned()),
            "{:?}",
            s.changes
        );
        assert!(
            s.changes
                .iter()
                .any(|c| c.starts_with("Starts: Right of first refusal on new capacity")),
            "{:?}",
            s.changes
        );
        let net = &s.figures[0];
        assert_eq!(net.label, "Net paid OpenAI → Microsoft by Jan 2025");
        // The net paid by then is the cumulative net flow up to January 2025.
        let k = p.month_index(s.date).expect("in the horizon");
        let by_then: f64 = p.nets[0].net[..=k].iter().sum::<f64>().abs();
        assert_eq!(net.value, words::money(by_then));
        assert_eq!(net.baseline, None);
        // Compared with itself, every figure has its twin.
        let s = slide(&a, &p, &steps, at, Some((&a, &p))).expect("a slide");
        assert!(
            s.figures
                .iter()
                .all(|f| f.baseline.as_ref() == Some(&f.value))
        );
    }
}
