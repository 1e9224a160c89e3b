//! Agreement files: RON load and save, versions, limits, and what a load error says.

use std::path::{Path, PathBuf};

use crate::model::{Agreement, CURRENT_VERSION};

/// The largest agreement file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most items in any one list of an agreement (clauses, events, points, …).
pub const MAX_LIST_LEN: usize = 2000;

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the file is {bytes} bytes; agreement files are at most {MAX_FILE_BYTES} bytes")]
    TooLarge { bytes: usize },
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error("{line}:{column}: {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "the file is format version {found}, written by a newer Agreement Explorer; this one reads versions up to {CURRENT_VERSION}"
    )]
    TooNew { found: u32 },
    #[error("the file's format version {found} is not supported")]
    Unsupported { found: u32 },
    #[error("{what} has {len} items; at most {MAX_LIST_LEN} are allowed")]
    TooMany { what: String, len: usize },
}

impl LoadError {
    /// The error with the file it concerns: `path: message`, and `path:line:column:
    /// message` for parse errors, the way compilers and editors point at a place.
    pub fn describe(&self, path: &Path) -> String {
        match self {
            Self::Io { source, .. } => format!("{}: {source}", path.display()),
            Self::Parse {
                line,
                column,
                message,
            } => format!("{}:{line}:{column}: {message}", path.display()),
            other => format!("{}: {other}", path.display()),
        }
    }

    /// Line and column (1-based) for parse errors.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Parse { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Why a file could not be saved. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not write the agreement as RON: {0}")]
    Serialize(String),
    #[error("{path} is read-only")]
    ReadOnlyFile { path: PathBuf },
    #[error("the folder {path} cannot be written to (permission denied)")]
    ReadOnlyFolder { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Only the version, read before the whole file so that newer files are refused clearly.
#[derive(serde::Deserialize)]
struct VersionProbe {
    version: u32,
}

fn parse_error(e: &ron::error::SpannedError) -> LoadError {
    LoadError::Parse {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses an agreement from RON text, refusing files that are too large,
/// from a newer version, or with lists longer than the limits.
pub fn from_ron_str(text: &str) -> Result<Agreement, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { bytes: text.len() });
    }
    let opts = options();
    match opts.from_str::<VersionProbe>(text) {
        Ok(probe) if probe.version > CURRENT_VERSION => {
            return Err(LoadError::TooNew {
                found: probe.version,
            });
        }
        Ok(probe) if probe.version == 0 => {
            return Err(LoadError::Unsupported {
                found: probe.version,
            });
        }
        _ => {}
    }
    let mut agreement: Agreement = opts.from_str(text).map_err(|e| parse_error(&e))?;
    check_limits(&agreement)?;
    migrate(&mut agreement);
    Ok(agreement)
}

/// Brings an agreement read from an older format version up to this one, one
/// version at a time.
fn migrate(a: &mut Agreement) {
    if a.version == 1 {
        // Version 2 added caps that count several clauses from a date, month shapes,
        // actual (reported) year points and calibration targets. A version-1 file
        // means the same under each of their defaults: a cap counts its own clause
        // from its start, months are flat, and with no point marked actual a stream's
        // scale moves the whole path, as it did. Only the version changes.
        a.version = 2;
    }
}

/// Reads and parses an agreement file.
pub fn load(path: &Path) -> Result<Agreement, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(LoadError::TooLarge {
            bytes: usize::try_from(meta.len()).unwrap_or(usize::MAX),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotText)?;
    from_ron_str(&text)
}

fn check_limits(a: &Agreement) -> Result<(), LoadError> {
    let check = |what: &str, len: usize| {
        if len > MAX_LIST_LEN {
            Err(LoadError::TooMany {
                what: what.to_owned(),
                len,
            })
        } else {
            Ok(())
        }
    };
    check("parties", a.parties.len())?;
    check("providers", a.providers.len())?;
    check("streams", a.streams.len())?;
    check("workloads", a.workloads.len())?;
    check("events", a.events.len())?;
    check("clauses", a.clauses.len())?;
    for s in &a.streams {
        check(&format!("stream \"{}\" points", s.id), s.path.points.len())?;
    }
    for w in &a.workloads {
        if let crate::model::WorkloadSize::Path(p) = &w.size {
            check(&format!("workload \"{}\" points", w.id), p.points.len())?;
        }
    }
    for c in &a.clauses {
        check(&format!("clause \"{}\" end list", c.id), c.period.end.len())?;
        match &c.kind {
            crate::model::ClauseKind::RevenueShare { schedule, .. } => {
                check(&format!("clause \"{}\" schedule", c.id), schedule.len())?;
            }
            crate::model::ClauseKind::Exclusivity { workloads, .. }
            | crate::model::ClauseKind::ComputeCommitment { workloads, .. } => {
                check(&format!("clause \"{}\" workloads", c.id), workloads.len())?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The agreement as pretty RON, `version` first.
pub fn to_ron_string(agreement: &Agreement) -> Result<String, SaveError> {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("    ".to_owned())
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(agreement, pretty)
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Saves atomically: writes a temporary file beside `path`, then renames it over
/// `path`. If anything fails, the existing file is left as it was.
pub fn save(path: &Path, agreement: &Agreement) -> Result<(), SaveError> {
    let text = to_ron_string(agreement)?;
    write_atomically(path, text.as_bytes())
}

/// Writes `bytes` to `path` durably and atomically: a temporary file in the same
/// folder, flushed to disk, renamed over `path`, then the folder flushed so that the
/// rename itself survives a power cut. A reader, or a crash at any moment, sees the
/// old content or the new, never a mix. An existing file keeps its permissions; a
/// read-only file is refused rather than replaced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    use std::io::Write as _;
    let io = |p: &Path| {
        let p = p.to_owned();
        move |source| SaveError::Io { path: p, source }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err(SaveError::ReadOnlyFile {
            path: path.to_owned(),
        });
    }
    let name = path
        .file_name()
        .map_or_else(|| "agreement".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                SaveError::ReadOnlyFolder { path: dir.clone() }
            } else {
                io(&tmp)(e)
            }
        })?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions()).map_err(io(&tmp))?;
        }
        file.write_all(bytes).map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io(path))?;
        sync_folder(&dir).map_err(io(&dir))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Flushes a folder's entries (a rename) to disk. Folders cannot be opened as files
/// on every system; where they cannot, the rename is as durable as the system makes it.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir) {
        Ok(d) => match d.sync_all() {
            // Some file systems do not flush folders; the data itself is already on disk.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
            other => other,
        },
        Err(_) => Ok(()),
    }
}

/// A short display name for a path: its file name.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
