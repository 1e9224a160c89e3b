//! The report folder, charts and CSV exports, checked as a reader would: every
//! milestone named, every source once, files that open, and nothing from the file
//! turned into markup.

use std::collections::BTreeSet;
use std::process::Command;

use agreement_explorer::engine::project;
use agreement_explorer::export::{self, ChartSize};
use agreement_explorer::io;
use agreement_explorer::model::{Agreement, Source, SourceStatus};

const DEFAULT: &str = "assets/default.ron";

fn default_agreement() -> Agreement {
    io::load(std::path::Path::new(DEFAULT)).expect("the default example loads")
}

/// Every URL in the file's text, found without the app's own code: the values of its
/// `url: "…"` fields, distinct.
fn urls_in_file_text() -> BTreeSet<String> {
    let text = std::fs::read_to_string(DEFAULT).expect("reads");
    text.split("url: \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|url| !url.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The part of `text` from the line starting with `heading` to the next heading of
/// the same level (or the end).
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).expect("the section is there");
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

fn written_report(a: &Agreement) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report");
    export::report(a, &project(a), None, &out).expect("writes the report");
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    (dir, md, html)
}

#[test]
fn the_report_names_every_dated_event_as_a_milestone_in_date_order() {
    let a = default_agreement();
    let (_dir, md, html) = written_report(&a);
    let mut dated: Vec<_> = a
        .events
        .iter()
        .filter_map(|e| e.date.map(|d| (d, e.name.clone())))
        .collect();
    dated.sort();
    // The example has five amendments and the AGI trigger, all dated.
    assert_eq!(dated.len(), 6);
    let milestones = section(&md, "## Terms in force at each milestone");
    let mut at = 0;
    for (date, name) in &dated {
        let heading = format!("### {date} · {}", export::escape_markdown(name));
        let found = milestones[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
        assert!(
            html.contains(&export::escape_html(name)),
            "{name} missing from the HTML"
        );
    }
}

#[test]
fn every_source_url_is_listed_exactly_once_in_the_sources_table() {
    let a = default_agreement();
    let (_dir, md, html) = written_report(&a);
    let urls = urls_in_file_text();
    assert!(!urls.is_empty());
    let md_sources = section(&md, "## Sources");
    let html_sources = &html[html.find("<h2>Sources</h2>").expect("sources")..];
    for url in &urls {
        let link = format!("<{url}>");
        assert_eq!(md_sources.matches(&link).count(), 1, "{url} in Markdown");
        let href = format!("href=\"{}\"", export::escape_html(url));
        assert_eq!(html_sources.matches(&href).count(), 1, "{url} in HTML");
    }
    // No other links: every linked row is one of the file's URLs.
    assert_eq!(md_sources.matches("| <http").count(), urls.len());
    assert_eq!(html_sources.matches("href=").count(), urls.len());
}

#[test]
fn the_series_and_metrics_csv_are_what_project_csv_prints() {
    let a = default_agreement();
    let p = project(&a);
    let out = Command::new(env!("CARGO_BIN_EXE_agreement-explorer"))
        .args(["project", DEFAULT, "--csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let cli = String::from_utf8(out.stdout).expect("UTF-8");
    let series = export::series_csv(&a, &p);
    let metrics = export::metrics_csv(&a, &p);
    assert_eq!(series.lines().next(), cli.lines().next(), "same header");
    // The command prints the series, a blank line, then the metrics.
    assert_eq!(cli, format!("{series}\n{metrics}"));
}

#[test]
fn png_charts_have_the_size_asked_for() {
    let a = default_agreement();
    let p = project(&a);
    let dir = tempfile::tempdir().expect("temp dir");
    for (width, height) in [(640, 400), (1920, 1080)] {
        let size = ChartSize::new(width, height).expect("a size within bounds");
        let path = dir.path().join(format!("revenue-{width}.png"));
        export::revenue_png(&a, &p, size, &path).expect("writes");
        let image = image::open(&path).expect("a PNG");
        assert_eq!((image.width(), image.height()), (width, height));
        let path = dir.path().join(format!("cloud-{width}.png"));
        export::cloud_png(&a, &p, size, &path).expect("writes");
        let image = image::open(&path).expect("a PNG");
        assert_eq!((image.width(), image.height()), (width, height));
    }
    assert!(ChartSize::new(100, 100).is_err());
    assert!(ChartSize::new(9000, 600).is_err());
}

fn hex(c: agreement_explorer::model::Rgb) -> String {
    let [r, g, b] = c.0;
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[test]
fn the_cloud_svg_parses_and_has_one_band_per_provider() {
    let a = default_agreement();
    let svg = export::cloud_svg(&a, &project(&a), ChartSize::REPORT).expect("draws");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let polygons: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .collect();
    // Five providers, each with spend in the example: one filled outline each, in its
    // own colour.
    assert_eq!(a.providers.len(), 5);
    assert_eq!(polygons.len(), 5);
    for provider in &a.providers {
        let fills = polygons
            .iter()
            .filter(|n| n.attribute("fill") == Some(hex(provider.color).as_str()))
            .count();
        assert_eq!(fills, 1, "{}", provider.name);
    }
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for provider in &a.providers {
        assert!(
            texts.contains(&provider.name.as_str()),
            "{} in the legend",
            provider.name
        );
    }
    assert!(texts.contains(&"100 %"), "percent axis: {texts:?}");
}

#[test]
fn the_revenue_svg_parses_and_labels_directions_caps_and_money() {
    let a = default_agreement();
    let svg = export::revenue_svg(&a, &project(&a), ChartSize::REPORT).expect("draws");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for label in [
        "OpenAI → Microsoft",
        "Microsoft → OpenAI",
        "Net OpenAI → Microsoft",
        "$0",
        "2025",
    ] {
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
    // The $38B cap: its line's legend names it, and a note says what it counts.
    assert!(
        texts.iter().any(|t| t.starts_with("cap $38.0B (")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("cap $38.0B: What the cap counts")),
        "{texts:?}"
    );
}

#[test]
fn hostile_text_in_the_file_is_escaped_and_only_web_links_are_links() {
    let mut a = default_agreement();
    a.title = "<script>alert('title')</script>".to_owned();
    a.description = "<img src=x onerror=alert(1)> & more".to_owned();
    a.clauses[0].title = "</li><script>alert('clause')</script>".to_owned();
    a.sources.push(Source {
        title: "<b>bold</b>".to_owned(),
        url: "javascript:alert(1)".to_owned(),
        status: SourceStatus::Assumption,
        field: String::new(),
        note: String::new(),
    });
    let (_dir, md, html) = written_report(&a);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an image tag got through");
    assert!(
        !lower.contains("href=\"javascript"),
        "a script link got through"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
    // The charts' titles, inlined as SVG, are escaped too.
    assert!(html.contains("Revenue share — &lt;script&gt;"));
    assert!(md.starts_with("# \\<script\\>alert('title')\\</script\\>\n"));
    assert!(!md.contains("<javascript"), "a script link in Markdown");
}

#[test]
fn an_empty_agreement_still_gives_a_complete_report() {
    let a = agreement_explorer::app::new_agreement();
    let dir = tempfile::tempdir().expect("temp dir");
    let written = export::report(&a, &project(&a), None, dir.path()).expect("writes");
    assert_eq!(written.len(), export::REPORT_FILES.len());
    let md = std::fs::read_to_string(dir.path().join("report.md")).expect("report.md");
    assert!(md.contains("No amendment or trigger has a date."), "{md}");
    assert!(md.contains("The file names no sources."), "{md}");
    let svg = std::fs::read_to_string(dir.path().join("revenue.svg")).expect("svg");
    assert!(svg.contains("No revenue-share payments in this agreement"));
    roxmltree::Document::parse(&svg).expect("well-formed XML");
}

#[test]
fn a_compared_report_gives_each_metric_the_baseline_and_the_change() {
    let a = io::from_ron_str(
        &std::fs::read_to_string("tests/fixtures/rate_edit.ron").expect("fixture"),
    )
    .expect("parses");
    let mut b = a.clone();
    let rate = agreement_explorer::model::param::ParamRef::Rate {
        clause: "share".into(),
        step: 0,
    };
    rate.set(&mut b, 0.15).expect("a rate");
    let dir = tempfile::tempdir().expect("temp dir");
    let pb = project(&b);
    export::report(
        &a,
        &project(&a),
        Some(("the 15 % terms", &b, &pb)),
        dir.path(),
    )
    .expect("writes");
    let md = std::fs::read_to_string(dir.path().join("report.md")).expect("report.md");
    assert!(md.contains("Compared with the 15 % terms."), "{md}");
    // $240M at 20 % against $180M at 15 %: +$60M, +33.3 %.
    assert!(
        md.contains("| $240M |") && md.contains("| $180M | +$60.0M (+33.3 %) |"),
        "{md}"
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("report.html");
    assert!(
        html.contains("baseline $180M · Δ +$60.0M (+33.3 %)"),
        "{html}"
    );
}
