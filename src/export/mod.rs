//! Exports for people and other tools: the charts as SVG or PNG, the series and
//! metrics as CSV, and a report folder (Markdown and one self-contained HTML page).
//! No egui here: the app and the command line call the same functions.

mod chart;
mod html;
mod report;
mod text;

use std::path::{Path, PathBuf};

pub use chart::{ChartSize, cloud_png, cloud_svg, revenue_png, revenue_svg};
pub use report::{
    ClauseLine, FILES as REPORT_FILES, Milestone, ReportContent, SourceRow, markdown, report,
    report_content, sources,
};
pub use text::{escape_html, escape_markdown, is_web_link};

use crate::engine::{Projection, table};
use crate::model::Agreement;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder could not be written.
    #[error("could not write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },
    /// A chart could not be drawn.
    #[error("could not draw the chart: {0}")]
    Draw(String),
    /// A chart size outside what is drawn.
    #[error(
        "a chart of {width}×{height} pixels is outside {}×{}–{}×{}",
        ChartSize::MIN.width, ChartSize::MIN.height, ChartSize::MAX.width, ChartSize::MAX.height
    )]
    Size { width: u32, height: u32 },
}

/// Writes `contents` to `path`, naming the path in the error.
pub(crate) fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), ExportError> {
    std::fs::write(path, contents).map_err(|e| ExportError::Write {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// The monthly series as CSV, with the same columns as `project --csv`.
pub fn series_csv(a: &Agreement, p: &Projection) -> String {
    crate::report::csv(&table::monthly(a, p))
}

/// The metrics as `metric,value` CSV, as `project --csv` ends.
pub fn metrics_csv(a: &Agreement, p: &Projection) -> String {
    crate::report::metrics_csv(a, p)
}

/// Writes the monthly series to `series` and the metrics to `metrics`, as CSV.
pub fn write_csv(
    a: &Agreement,
    p: &Projection,
    series: &Path,
    metrics: &Path,
) -> Result<(), ExportError> {
    write_file(series, series_csv(a, p))?;
    write_file(metrics, metrics_csv(a, p))
}

/// Writes a chart to `path`: SVG if its name ends in `.svg`, PNG otherwise.
pub fn write_chart(
    which: Chart,
    a: &Agreement,
    p: &Projection,
    size: ChartSize,
    path: &Path,
) -> Result<(), ExportError> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    match (which, is_svg) {
        (Chart::Revenue, true) => write_file(path, revenue_svg(a, p, size)?),
        (Chart::Cloud, true) => write_file(path, cloud_svg(a, p, size)?),
        (Chart::Revenue, false) => revenue_png(a, p, size, path),
        (Chart::Cloud, false) => cloud_png(a, p, size, path),
    }
}

/// The charts there are to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    /// Revenue-share payments: yearly bars, cumulative lines, caps.
    Revenue,
    /// Each provider's share of compute spend.
    Cloud,
}

impl Chart {
    /// The file stem a report and the save dialog use: `revenue`, `cloud`.
    pub fn stem(self) -> &'static str {
        match self {
            Self::Revenue => "revenue",
            Self::Cloud => "cloud",
        }
    }

    /// The chart's name in menus and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Revenue => "Revenue chart",
            Self::Cloud => "Cloud chart",
        }
    }
}
