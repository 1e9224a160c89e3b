//! Agreement files: parse errors with positions, versions, limits, atomic saves.

use agreement_explorer::io::{self, LoadError};
use agreement_explorer::model::{Distribution, Uncertain};

const MINIMAL: &str = r#"(
    version: 1,
    title: "Minimal",
    currency: "USD",
    horizon: (first: "2024-01", last: "2025-12"),
    valuation_date: "2024-01-01",
    discount_rate: 0.08,
    migration_months: (value: 6.0, low: 3.0, high: 12.0, distribution: Triangular),
)
"#;

#[test]
fn a_minimal_file_loads_with_defaults_and_ranges() {
    let a = io::from_ron_str(MINIMAL).expect("loads");
    assert_eq!(a.title, "Minimal");
    assert!(a.clauses.is_empty());
    assert_eq!(
        a.migration_months,
        Uncertain::between(6.0, 3.0, 12.0, Distribution::Triangular)
    );
    assert_eq!(a.discount_rate, Uncertain::exact(0.08));
}

#[test]
fn saving_writes_version_first_and_round_trips() {
    let a = io::from_ron_str(MINIMAL).expect("loads");
    let text = io::to_ron_string(&a).expect("serializes");
    let first_field = text
        .lines()
        .map(str::trim)
        .find(|l| l.contains(':') && !l.starts_with("#!"))
        .expect("has fields");
    assert_eq!(
        first_field, "version: 2,",
        "a version-1 file is saved as version 2"
    );
    assert!(
        text.contains("discount_rate: 0.08,"),
        "plain numbers stay plain:\n{text}"
    );
    assert_eq!(io::from_ron_str(&text).expect("reloads"), a);
}

#[test]
fn a_parse_error_names_line_and_column() {
    let broken = MINIMAL.replace("currency: \"USD\",", "currency: USD,");
    let err = io::from_ron_str(&broken).expect_err("broken");
    let (line, column) = err.position().expect("has a position");
    assert_eq!(line, 4, "{err}");
    assert!(column >= 5, "{err}");
}

#[test]
fn an_unknown_field_is_an_error_at_its_line() {
    let extra = MINIMAL.replace(
        "    currency: \"USD\",\n",
        "    currency: \"USD\",\n    colour: \"red\",\n",
    );
    let err = io::from_ron_str(&extra).expect_err("unknown field");
    assert!(err.to_string().contains("colour"), "{err}");
    assert_eq!(err.position().map(|p| p.0), Some(5), "{err}");
}

#[test]
fn a_file_from_a_newer_version_is_refused_clearly() {
    let newer = MINIMAL
        .replace("version: 1", "version: 7")
        .replace("title", "future_title");
    let err = io::from_ron_str(&newer).expect_err("newer");
    assert!(matches!(err, LoadError::TooNew { found: 7 }), "{err}");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn oversized_input_and_long_lists_are_refused() {
    let huge = " ".repeat(io::MAX_FILE_BYTES + 1);
    assert!(matches!(
        io::from_ron_str(&huge),
        Err(LoadError::TooLarge { .. })
    ));
    let parties = (0..=io::MAX_LIST_LEN)
        .map(|i| format!("(id: \"p{i}\", name: \"P\", color: \"#000000\")"))
        .collect::<Vec<_>>()
        .join(",");
    let many = MINIMAL.replace(
        "    discount_rate",
        &format!("    parties: [{parties}],\n    discount_rate"),
    );
    assert!(matches!(
        io::from_ron_str(&many),
        Err(LoadError::TooMany { .. })
    ));
}

#[test]
fn save_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deal.ron");
    let mut a = io::from_ron_str(MINIMAL).expect("loads");
    io::save(&path, &a).expect("first save");
    a.title = "Second".into();
    io::save(&path, &a).expect("second save");
    assert_eq!(io::load(&path).expect("loads").title, "Second");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("lists")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("deal.ron")]);
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deal.ron");
    let a = io::from_ron_str(MINIMAL).expect("loads");
    io::save(&path, &a).expect("first save");
    let before = std::fs::read(&path).expect("reads");
    // Block the temporary file's place with a folder, so that writing it fails.
    let blocker = dir
        .path()
        .join(format!(".deal.ron.{}.tmp", std::process::id()));
    std::fs::create_dir(&blocker).expect("blocker");
    let mut changed = a.clone();
    changed.title = "Never written".into();
    let err = io::save(&path, &changed).expect_err("save must fail");
    assert!(err.to_string().contains("tmp"), "{err}");
    assert_eq!(std::fs::read(&path).expect("reads"), before);
    // Saving into a folder that does not exist fails too, and says where.
    let missing = dir.path().join("no/such/folder/deal.ron");
    assert!(io::save(&missing, &a).is_err());
}

#[test]
fn loading_a_missing_or_binary_file_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.ron");
    assert!(matches!(io::load(&missing), Err(LoadError::Io { .. })));
    let binary = dir.path().join("binary.ron");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).expect("writes");
    assert!(matches!(io::load(&binary), Err(LoadError::NotText)));
}

#[test]
fn the_version_one_fixture_loads() {
    let a = io::load(std::path::Path::new("tests/fixtures/v1.ron")).expect("v1 fixture loads");
    assert_eq!(a.version, 2, "migrated to the current version");
    assert!(agreement_explorer::model::validate::validate(&a).is_empty());
}

#[test]
fn a_version_one_file_saves_as_version_two_without_loss() {
    let a = io::load(std::path::Path::new("tests/fixtures/v1.ron")).expect("v1 fixture loads");
    let text = io::to_ron_string(&a).expect("serializes");
    assert!(text.contains("version: 2,"), "{text}");
    let again = io::from_ron_str(&text).expect("the saved file loads");
    assert_eq!(again, a, "nothing is lost in the round trip");
    assert!(
        !text.contains("month_shape") && !text.contains("actual") && !text.contains("cap_counts"),
        "defaults are not written:\n{text}"
    );
}

#[test]
fn the_readme_example_loads_without_problems() {
    let readme = std::fs::read_to_string("README.md").expect("README");
    let start = readme.find("```ron\n").expect("a RON example") + "```ron\n".len();
    let end = start + readme[start..].find("```").expect("closed");
    let a = io::from_ron_str(&readme[start..end]).expect("the README example parses");
    let problems = agreement_explorer::model::validate::validate(&a);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(a.clauses.len(), 3);
}
