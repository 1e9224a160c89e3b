//! The report: what it says, gathered once from the agreement and its projection
//! ([`report_content`]), written as Markdown here and as HTML by [`super::html`], with
//! the charts and CSV beside them in one folder ([`report`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::text::{escape_markdown as md, is_web_link};
use super::{ChartSize, ExportError, html, write_file};
use crate::engine::Projection;
use crate::model::{Agreement, Clause, ClauseKind, EventKind, SourceStatus};
use crate::view::cards::{Card, Comparison, cards, compare};
use crate::words;

/// A clause as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClauseLine {
    pub title: String,
    /// What it is, in the app's words: "Revenue share · Alpha pays Beta 20 % of …".
    pub terms: String,
    /// When it is in force: "2019-07-22 → 2025-10-28" or "from 2026-04-01".
    pub dates: String,
}

/// An amendment or trigger and what changes there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub date: NaiveDate,
    pub name: String,
    /// "Amendment · 2025-10-28" or "Trigger · assumed date 2030-06-30".
    pub kind: String,
    /// For a trigger with a range: "May fall between … and …".
    pub range: Option<String>,
    pub description: String,
    /// Clauses whose period starts on this day.
    pub starting: Vec<ClauseLine>,
    /// Clauses whose period ends on this day.
    pub ending: Vec<ClauseLine>,
    /// Clauses in force on this day, just after the change.
    pub in_force: Vec<ClauseLine>,
}

/// One distinct source, however many items cite it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub title: String,
    pub status: SourceStatus,
    /// Empty when the source has none.
    pub url: String,
    /// The items that cite it, in file order.
    pub cited_by: Vec<String>,
}

/// Everything the report says, in the order it says it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportContent {
    pub title: String,
    pub description: String,
    /// Label and value: horizon, currency, valuation date, discount rate, migration time.
    pub facts: Vec<(String, String)>,
    pub parties: Vec<String>,
    /// Amendments and triggers with a date, in date order.
    pub milestones: Vec<Milestone>,
    /// Events without a date: they never happen within the horizon.
    pub undated: Vec<String>,
    /// The metric cards, in the app's order.
    pub cards: Vec<Card>,
    /// What the terms are compared with, if anything, and each card against the
    /// baseline's card of the same caption.
    pub baseline: Option<String>,
    pub versus: Vec<Option<Comparison>>,
    pub sources: Vec<SourceRow>,
}

impl ReportContent {
    /// Compares the cards with `baseline`'s (named `name`): each gets the baseline's
    /// value and the difference.
    pub fn compare_with(&mut self, name: &str, baseline: &Agreement, p: &Projection) {
        let theirs = cards(baseline, p);
        self.versus = self.cards.iter().map(|c| compare(c, &theirs)).collect();
        self.baseline = Some(name.to_owned());
    }
}

/// Every distinct source of `a`, in the order they first appear: the agreement's own,
/// then providers, streams' yearly points, workloads, events, clauses and calibration
/// targets. Sources with a URL are the same source when their URLs are; sources
/// without one when their titles are.
pub fn sources(a: &Agreement) -> Vec<SourceRow> {
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cite = |source: &crate::model::Source, by: String| {
        let key = if source.url.trim().is_empty() {
            format!("title:{}", source.title.trim())
        } else {
            format!("url:{}", source.url.trim())
        };
        let i = *index.entry(key).or_insert_with(|| {
            rows.push(SourceRow {
                title: source.title.clone(),
                status: source.status,
                url: source.url.trim().to_owned(),
                cited_by: Vec::new(),
            });
            rows.len() - 1
        });
        if !rows[i].cited_by.contains(&by) {
            rows[i].cited_by.push(by);
        }
    };
    for s in &a.sources {
        cite(s, "the agreement".to_owned());
    }
    for p in &a.providers {
        for s in &p.sources {
            cite(s, format!("provider {}", p.name));
        }
    }
    for stream in &a.streams {
        for point in &stream.path.points {
            for s in &point.sources {
                cite(s, format!("{} {}", stream.name, point.year));
            }
        }
    }
    for w in &a.workloads {
        for s in &w.sources {
            cite(s, format!("workload {}", w.name));
        }
    }
    for e in &a.events {
        for s in &e.sources {
            cite(s, format!("event “{}”", e.name));
        }
    }
    for c in &a.clauses {
        for s in &c.sources {
            cite(s, format!("clause “{}”", c.title));
        }
    }
    for t in &a.calibration {
        cite(&t.source, "calibration".to_owned());
    }
    rows
}

fn clause_line(a: &Agreement, p: &Projection, i: usize, c: &Clause) -> ClauseLine {
    let dates = p.segments.get(i).and_then(Option::as_ref).map_or_else(
        || "never starts".to_owned(),
        |s| words::dates_text(s.start, s.end),
    );
    ClauseLine {
        title: c.title.clone(),
        terms: terms_text(a, c),
        dates,
    }
}

/// What a clause is, in the app's words; a note, which has no terms, says the first
/// sentence of its text instead.
fn terms_text(a: &Agreement, c: &Clause) -> String {
    /// Longer first sentences are cut: the full text is in the file.
    const MAX_CHARS: usize = 200;
    let kind = words::kind_text(a, c);
    if !matches!(c.kind, ClauseKind::Note) {
        return kind;
    }
    let text = c.text.trim();
    let sentence = text.find(". ").map_or(text, |end| &text[..=end]).trim();
    if sentence.is_empty() {
        return kind;
    }
    if sentence.chars().count() > MAX_CHARS {
        let cut: String = sentence.chars().take(MAX_CHARS).collect();
        format!("{kind} · {}…", cut.trim_end())
    } else {
        format!("{kind} · {sentence}")
    }
}

/// The clauses, with their lines, for which `keep` holds of their segment.
fn clauses_where(
    a: &Agreement,
    p: &Projection,
    keep: impl Fn(&crate::engine::Segment) -> bool,
) -> Vec<ClauseLine> {
    a.clauses
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            p.segments
                .get(i)
                .and_then(Option::as_ref)
                .is_some_and(&keep)
        })
        .map(|(i, c)| clause_line(a, p, i, c))
        .collect()
}

/// The horizon as "Jan 2019 – Dec 2032".
fn horizon_text(a: &Agreement) -> String {
    format!(
        "{} – {}",
        words::month_year(a.horizon.first.first_day()),
        words::month_year(a.horizon.last.first_day())
    )
}

/// Gathers what the report says about `a` as projected in `p`.
pub fn report_content(a: &Agreement, p: &Projection) -> ReportContent {
    let milestones = p
        .markers
        .iter()
        .filter_map(|m| {
            let e = a.events.get(m.event)?;
            let (kind, range) = words::event_lines(e, m.date);
            Some(Milestone {
                date: m.date,
                name: e.name.clone(),
                kind,
                range,
                description: e.description.clone(),
                starting: clauses_where(a, p, |s| s.start == m.date),
                ending: clauses_where(a, p, |s| s.end == Some(m.date)),
                in_force: clauses_where(a, p, |s| s.contains(m.date)),
            })
        })
        .collect();
    let undated = a
        .events
        .iter()
        .filter(|e| e.date.is_none())
        .map(|e| {
            let kind = match e.kind {
                EventKind::Amendment => "amendment",
                EventKind::Trigger => "trigger",
            };
            format!(
                "{} ({kind}, no date: never happens within the horizon)",
                e.name
            )
        })
        .collect();
    ReportContent {
        title: a.title.clone(),
        description: a.description.clone(),
        facts: vec![
            ("Horizon".to_owned(), horizon_text(a)),
            ("Currency".to_owned(), a.currency.clone()),
            ("Valuation date".to_owned(), words::date(a.valuation_date)),
            (
                "Discount rate".to_owned(),
                words::percent(a.discount_rate.value),
            ),
            (
                "Migration time".to_owned(),
                format!("{:.0} months", a.migration_months.value),
            ),
        ],
        parties: a.parties.iter().map(|p| p.name.clone()).collect(),
        milestones,
        undated,
        cards: cards(a, p),
        baseline: None,
        versus: Vec::new(),
        sources: sources(a),
    }
}

/// The files a report folder holds, each with what it is, in the order written.
pub const FILES: [(&str, &str); 8] = [
    ("report.md", "the report in Markdown"),
    ("report.html", "the report as one page, charts inlined"),
    ("revenue.svg", "revenue-share chart"),
    ("revenue.png", "revenue-share chart"),
    ("cloud.svg", "cloud-distribution chart"),
    ("cloud.png", "cloud-distribution chart"),
    ("series.csv", "monthly series"),
    ("metrics.csv", "metrics"),
];

/// Writes the report of `a` as projected in `p` into the folder `dir` (created if
/// needed): `report.md`, `report.html`, the charts as SVG and PNG, `series.csv` and
/// `metrics.csv`. Returns the paths written, in that order.
/// With `baseline` (its name, terms and projection), every metric also gives the
/// baseline's value and the difference.
pub fn report(
    a: &Agreement,
    p: &Projection,
    baseline: Option<(&str, &Agreement, &Projection)>,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Write {
        path: dir.to_owned(),
        message: e.to_string(),
    })?;
    let mut content = report_content(a, p);
    if let Some((name, b, bp)) = baseline {
        content.compare_with(name, b, bp);
    }
    let size = ChartSize::REPORT;
    let revenue = super::revenue_svg(a, p, size)?;
    let cloud = super::cloud_svg(a, p, size)?;
    let path = |name: &str| dir.join(name);
    write_file(&path("report.md"), markdown(&content))?;
    write_file(&path("report.html"), html::page(&content, &revenue, &cloud))?;
    write_file(&path("revenue.svg"), &revenue)?;
    super::revenue_png(a, p, size, &path("revenue.png"))?;
    write_file(&path("cloud.svg"), &cloud)?;
    super::cloud_png(a, p, size, &path("cloud.png"))?;
    write_file(&path("series.csv"), super::series_csv(a, p))?;
    write_file(&path("metrics.csv"), super::metrics_csv(a, p))?;
    Ok(FILES.iter().map(|(name, _)| path(name)).collect())
}

/// A link in Markdown: an autolink for a web address, the escaped text otherwise.
fn md_link(url: &str) -> String {
    if is_web_link(url) {
        format!("<{}>", url.trim())
    } else if url.is_empty() {
        "—".to_owned()
    } else {
        md(url)
    }
}

fn md_clauses(out: &mut String, heading: &str, lines: &[ClauseLine]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{heading}**\n");
    for l in lines {
        let _ = writeln!(
            out,
            "- **{}** ({}): {}",
            md(&l.title),
            md(&l.dates),
            md(&l.terms)
        );
    }
    out.push('\n');
}

/// Items cited by a source, shortened past a few.
pub(crate) fn cited_by_text(cited_by: &[String]) -> String {
    const SHOWN: usize = 3;
    if cited_by.len() > SHOWN + 1 {
        format!(
            "{}; and {} more",
            cited_by[..SHOWN].join("; "),
            cited_by.len() - SHOWN
        )
    } else {
        cited_by.join("; ")
    }
}

/// The report as Markdown, linking the charts and CSV files beside it.
pub fn markdown(r: &ReportContent) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&r.title));
    if !r.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", md(r.description.trim()));
    }
    out.push_str("| | |\n|---|---|\n");
    for (label, value) in &r.facts {
        let _ = writeln!(out, "| {} | {} |", md(label), md(value));
    }
    out.push('\n');

    out.push_str("## Parties\n\n");
    for p in &r.parties {
        let _ = writeln!(out, "- {}", md(p));
    }
    out.push('\n');

    out.push_str("## Metrics\n\n");
    if let Some(name) = &r.baseline {
        let _ = writeln!(out, "Compared with {}.\n", md(name));
        out.push_str(
            "| Metric | Scope | Value | Detail | Baseline | Δ |\n|---|---|---|---|---|---|\n",
        );
    } else {
        out.push_str("| Metric | Scope | Value | Detail |\n|---|---|---|---|\n");
    }
    for (i, c) in r.cards.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | {} | {} | {} |",
            md(&c.caption),
            md(&c.scope),
            md(&c.value),
            md(&c.detail)
        );
        if r.baseline.is_some() {
            match r.versus.get(i).and_then(Option::as_ref) {
                Some(v) => {
                    let _ = write!(out, " {} | {} |", md(&v.baseline), md(&v.delta));
                }
                None => out.push_str(" — | — |"),
            }
        }
        out.push('\n');
    }
    out.push('\n');

    out.push_str("## Charts\n\n");
    out.push_str("![Revenue share](revenue.svg)\n\n");
    out.push_str("![Cloud distribution](cloud.svg)\n\n");
    out.push_str("Also as PNG: [revenue.png](revenue.png), [cloud.png](cloud.png).\n\n");

    out.push_str("## Data\n\n");
    out.push_str(
        "- [series.csv](series.csv): every monthly series, as `project --csv` writes them\n",
    );
    out.push_str("- [metrics.csv](metrics.csv): every metric, as `metric,value` rows\n\n");

    out.push_str("## Terms in force at each milestone\n\n");
    if r.milestones.is_empty() {
        out.push_str("No amendment or trigger has a date.\n\n");
    }
    for m in &r.milestones {
        let _ = writeln!(out, "### {} · {}\n", words::date(m.date), md(&m.name));
        let _ = writeln!(out, "*{}*\n", md(&m.kind));
        if let Some(range) = &m.range {
            let _ = writeln!(out, "{}\n", md(range));
        }
        if !m.description.trim().is_empty() {
            let _ = writeln!(out, "{}\n", md(m.description.trim()));
        }
        md_clauses(&mut out, "Starts here", &m.starting);
        md_clauses(&mut out, "Ends here", &m.ending);
        md_clauses(&mut out, "In force just after", &m.in_force);
        if m.in_force.is_empty() {
            out.push_str("No clause is in force just after it.\n\n");
        }
    }
    if !r.undated.is_empty() {
        out.push_str("**Events without a date**\n\n");
        for u in &r.undated {
            let _ = writeln!(out, "- {}", md(u));
        }
        out.push('\n');
    }

    out.push_str("## Sources\n\n");
    if r.sources.is_empty() {
        out.push_str("The file names no sources.\n");
    } else {
        out.push_str("| # | Source | Status | Link | Cited by |\n|---|---|---|---|---|\n");
        for (i, s) in r.sources.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                i + 1,
                md(&s.title),
                s.status.label(),
                md_link(&s.url),
                md(&cited_by_text(&s.cited_by))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::small_agreement;
    use crate::model::Source;

    fn source(title: &str, url: &str) -> Source {
        Source {
            title: title.to_owned(),
            url: url.to_owned(),
            status: SourceStatus::Reported,
            field: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn a_source_cited_twice_is_listed_once_with_both_citations() {
        let mut a = small_agreement();
        a.sources = vec![source("Press", "https://example.com/a")];
        a.clauses[0].sources = vec![
            source("Press again", "https://example.com/a"),
            source("Our guess", ""),
        ];
        a.clauses[1].sources = vec![source("Our guess", "")];
        let rows = sources(&a);
        // Two distinct sources: one URL (cited by the agreement and clause 0) and one
        // title without a URL (cited by clauses 0 and 1).
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].title, "Press");
        assert_eq!(rows[0].cited_by.len(), 2);
        assert_eq!(rows[1].url, "");
        assert_eq!(rows[1].cited_by.len(), 2);
    }

    #[test]
    fn a_note_says_the_first_sentence_of_its_text() {
        let mut a = small_agreement();
        a.clauses[0].kind = ClauseKind::Note;
        a.clauses[0].text = "Returns are capped. The cap falls by 20 % a year.".to_owned();
        assert_eq!(terms_text(&a, &a.clauses[0]), "Note · Returns are capped.");
        a.clauses[0].text = "x".repeat(250);
        // 200 characters kept, then the ellipsis: "Note · " + 200 + "…".
        assert_eq!(terms_text(&a, &a.clauses[0]).chars().count(), 7 + 200 + 1);
        a.clauses[0].text = String::new();
        assert_eq!(terms_text(&a, &a.clauses[0]), "Note");
    }

    #[test]
    fn long_citation_lists_are_shortened() {
        let items: Vec<String> = (1..=6).map(|i| i.to_string()).collect();
        // Six items: three shown, the other three counted.
        assert_eq!(cited_by_text(&items), "1; 2; 3; and 3 more");
        assert_eq!(cited_by_text(&items[..4]), "1; 2; 3; 4");
    }

    #[test]
    fn markdown_links_only_web_addresses() {
        assert_eq!(md_link("https://example.com"), "<https://example.com>");
        assert_eq!(md_link("javascript:x()"), "javascript:x()");
        assert_eq!(md_link(""), "—");
    }
}
