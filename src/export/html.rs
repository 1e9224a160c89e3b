//! The report as one self-contained HTML page: styles inline, charts inlined as SVG,
//! nothing fetched. Every text from the file is escaped; only web links become links.

use std::fmt::Write as _;

use super::report::{ClauseLine, ReportContent, cited_by_text};
use super::text::{escape_html as esc, is_web_link};
use crate::model::SourceStatus;
use crate::view::palette;
use crate::words;

/// Screen and print styles. Sections start on a new page when printed; cards, list
/// items and table rows are not split across pages, nor a heading from what follows;
/// long words and URLs wrap so that no table is cut off at the page's edge.
const STYLE: &str = r"
:root { --text: #1e2228; --weak: #5b6470; --line: #d9dde3; --band: #f4f6f8; --accent: #3b6ec4; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: var(--text); margin: 0; line-height: 1.45; font-size: 15px; background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 48px; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 2px; }
p { margin: 6px 0; }
.lead { color: var(--weak); font-size: 16px; max-width: 860px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 16px 0 4px; padding: 12px 16px;
  background: var(--band); border-radius: 8px; }
.facts div { display: flex; flex-direction: column; }
.facts span { color: var(--weak); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.parties { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; }
.parties li { padding: 4px 12px; border: 1px solid var(--line); border-radius: 999px; }
.milestone { border-left: 4px solid var(--accent); padding: 10px 16px; margin: 14px 0;
  background: var(--band); border-radius: 0 8px 8px 0; }
.milestone li, .milestone p { break-inside: avoid; page-break-inside: avoid; }
.milestone.trigger { border-left-color: #e06c00; }
.kind { color: var(--weak); font-size: 13px; }
.milestone h4 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--weak); }
.milestone ul { margin: 0; padding-left: 20px; }
.milestone li { margin: 2px 0; }
.dates { color: var(--weak); font-size: 13px; white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; break-inside: avoid; page-break-inside: avoid; }
.card .caption { font-weight: 600; }
.card .scope, .card .detail { color: var(--weak); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; margin: 2px 0; }
.card.warning .value { color: #c0392b; }
figure { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; word-break: break-word; }
th { background: var(--band); font-weight: 600; }
col.n { width: 2.5em; } col.status { width: 6.5em; } col.link { width: 28%; } col.cited { width: 24%; }
.status { display: inline-block; padding: 1px 8px; border-radius: 999px; color: #fff; font-size: 12px; }
a { color: var(--accent); }
footer { margin-top: 40px; color: var(--weak); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section + section { break-before: page; page-break-before: always; }
  h2 { margin-top: 0; }
  h2, h3, h4, .kind { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  a { color: inherit; }
}
";

fn hex(c: crate::model::Rgb) -> String {
    let [r, g, b] = c.0;
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A source status as a coloured badge, in the app's status colours.
fn status_badge(status: SourceStatus) -> String {
    format!(
        "<span class=\"status\" style=\"background:{}\">{}</span>",
        hex(palette::status(status)),
        status.label()
    )
}

/// A link for a web address; anything else is shown as escaped text.
fn link(url: &str) -> String {
    if is_web_link(url) {
        let url = url.trim();
        format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
            esc(url)
        )
    } else if url.is_empty() {
        "—".to_owned()
    } else {
        esc(url)
    }
}

/// The chart's `<svg>` element, without anything plotters puts before it.
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}

fn clauses(out: &mut String, heading: &str, lines: &[ClauseLine]) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "<h4>{heading}</h4><ul>");
    for l in lines {
        let _ = write!(
            out,
            "<li><strong>{}</strong> <span class=\"dates\">{}</span><br>{}</li>",
            esc(&l.title),
            esc(&l.dates),
            esc(&l.terms)
        );
    }
    out.push_str("</ul>");
}

/// The report as one HTML page, with the charts' SVG text inlined.
pub fn page(r: &ReportContent, revenue_svg: &str, cloud_svg: &str) -> String {
    let mut out = String::with_capacity(64 * 1024 + revenue_svg.len() + cloud_svg.len());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&r.title)
    );

    let _ = write!(out, "<section>\n<h1>{}</h1>\n", esc(&r.title));
    if !r.description.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", esc(r.description.trim()));
    }
    out.push_str("<div class=\"facts\">");
    for (label, value) in &r.facts {
        let _ = write!(out, "<div><span>{}</span>{}</div>", esc(label), esc(value));
    }
    out.push_str("</div>\n<h2>Parties</h2>\n<ul class=\"parties\">");
    for p in &r.parties {
        let _ = write!(out, "<li>{}</li>", esc(p));
    }
    out.push_str("</ul>\n");

    out.push_str("<h2>Metrics</h2>\n");
    if let Some(name) = &r.baseline {
        let _ = writeln!(out, "<p>Compared with {}.</p>", esc(name));
    }
    out.push_str("<div class=\"cards\">");
    for (i, c) in r.cards.iter().enumerate() {
        let versus = r
            .versus
            .get(i)
            .and_then(Option::as_ref)
            .map_or_else(String::new, |v| {
                format!(
                    "<div class=\"detail\">baseline {} · Δ {}</div>",
                    esc(&v.baseline),
                    esc(&v.delta)
                )
            });
        let _ = write!(
            out,
            "<div class=\"card{}\"><div class=\"caption\">{}</div><div class=\"scope\">{}</div>\
             <div class=\"value\">{}</div><div class=\"detail\">{}</div>{versus}</div>",
            if c.warning { " warning" } else { "" },
            esc(&c.caption),
            esc(&c.scope),
            esc(&c.value),
            esc(&c.detail)
        );
    }
    out.push_str("</div>\n</section>\n");

    out.push_str("<section>\n<h2>Charts</h2>\n");
    let _ = write!(
        out,
        "<figure>{}</figure>\n<figure>{}</figure>\n</section>\n",
        inline_svg(revenue_svg),
        inline_svg(cloud_svg)
    );

    out.push_str("<section>\n<h2>Terms in force at each milestone</h2>\n");
    if r.milestones.is_empty() {
        out.push_str("<p>No amendment or trigger has a date.</p>\n");
    }
    for m in &r.milestones {
        let trigger = if m.kind.starts_with("Trigger") {
            " trigger"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<div class=\"milestone{trigger}\"><h3>{} · {}</h3><div class=\"kind\">{}</div>",
            words::date(m.date),
            esc(&m.name),
            esc(&m.kind)
        );
        if let Some(range) = &m.range {
            let _ = write!(out, "<div class=\"kind\">{}</div>", esc(range));
        }
        if !m.description.trim().is_empty() {
            let _ = write!(out, "<p>{}</p>", esc(m.description.trim()));
        }
        clauses(&mut out, "Starts here", &m.starting);
        clauses(&mut out, "Ends here", &m.ending);
        clauses(&mut out, "In force just after", &m.in_force);
        if m.in_force.is_empty() {
            out.push_str("<p>No clause is in force just after it.</p>");
        }
        out.push_str("</div>\n");
    }
    if !r.undated.is_empty() {
        out.push_str("<h3>Events without a date</h3><ul>");
        for u in &r.undated {
            let _ = write!(out, "<li>{}</li>", esc(u));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");

    out.push_str("<section>\n<h2>Sources</h2>\n");
    if r.sources.is_empty() {
        out.push_str("<p>The file names no sources.</p>\n");
    } else {
        out.push_str(
            "<table><colgroup><col class=\"n\"><col><col class=\"status\"><col class=\"link\"><col class=\"cited\"></colgroup>\
             <thead><tr><th>#</th><th>Source</th><th>Status</th><th>Link</th><th>Cited by</th></tr></thead><tbody>\n",
        );
        for (i, s) in r.sources.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                esc(&s.title),
                status_badge(s.status),
                link(&s.url),
                esc(&cited_by_text(&s.cited_by))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str(
        "<footer>Made with Agreement Explorer. Series and metrics are in series.csv and \
         metrics.csv beside this page.</footer>\n</section>\n</main>\n</body>\n</html>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_become_anchors() {
        assert_eq!(
            link("https://example.com/?a=1&b=2"),
            "<a href=\"https://example.com/?a=1&amp;b=2\" rel=\"noopener noreferrer\">https://example.com/?a=1&amp;b=2</a>"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("<b>"), "&lt;b&gt;");
    }

    #[test]
    fn the_svg_is_inlined_from_its_element_on() {
        assert_eq!(
            inline_svg("<?xml version=\"1.0\"?>\n<svg a=\"1\"/>"),
            "<svg a=\"1\"/>"
        );
    }
}
