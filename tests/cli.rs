//! The command line, run as a user would.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_agreement-explorer"))
}

#[test]
fn check_passes_the_examples_and_exits_zero() {
    let out = bin()
        .args([
            "check",
            "saves/microsoft-openai-history.ron",
            "saves/template-generic.ron",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("microsoft-openai-history.ron: ok"),
        "{stdout}"
    );
}

#[test]
fn check_lists_each_problem_with_file_and_item_and_exits_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.ron");
    let text = std::fs::read_to_string("tests/fixtures/v1.ron")
        .expect("fixture")
        .replace("rate: 0.2)", "rate: 1.5)")
        .replace("base: \"revenue\"", "base: \"missing\"");
    std::fs::write(&path, text).expect("writes");
    let out = bin().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("clause \"share\", schedule[0].rate: rate 150.0000 % is outside 0–100 %"),
        "{stderr}"
    );
    assert!(
        stderr.contains("clause \"share\", base: unknown stream \"missing\""),
        "{stderr}"
    );
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn check_reports_parse_errors_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n    version: 1,\n    title: oops,\n)").expect("writes");
    let out = bin().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:3:"), "{stderr}");
}

#[test]
fn project_writes_named_csv_columns_and_metrics() {
    let out = bin()
        .args(["project", "saves/microsoft-openai-history.ron", "--csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let header = stdout.lines().next().expect("header");
    assert!(header.starts_with("month,"), "{header}");
    assert!(header.contains(".paid"), "{header}");
    assert!(header.contains("azure.share"), "{header}");
    assert!(stdout.lines().nth(1).expect("row").starts_with("2019-01,"));
    assert!(stdout.contains("metric,value"));
}

#[test]
fn project_yearly_json_sums_payments_per_year() {
    let out = bin()
        .args([
            "project",
            "saves/microsoft-openai-history.ron",
            "--json",
            "--yearly",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let years = doc["series"]["year"].as_array().expect("years");
    let i2024 = years.iter().position(|y| y == "2024").expect("2024");
    let net = doc["series"]["openai->microsoft.net"][i2024]
        .as_f64()
        .expect("net 2024");
    assert!((net - 493.8e6).abs() < 0.05 * 493.8e6, "net 2024 = {net}");
    assert!(doc["metrics"]["hhi_last_year"].as_f64().is_some());
}

#[test]
fn bad_input_exits_non_zero_with_a_message_not_a_panic() {
    let out = bin()
        .args(["project", "no/such/file.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.ron"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The history example with two-space indentation: the same agreement, not in canonical form.
fn loosely_formatted() -> (String, String) {
    let canonical = std::fs::read_to_string("saves/microsoft-openai-history.ron").expect("example");
    (canonical.replace("    ", "  "), canonical)
}

#[test]
fn fmt_check_lists_files_that_would_change_and_fmt_rewrites_them_keeping_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("loose.ron");
    let (loose, canonical) = loosely_formatted();
    std::fs::write(&path, &loose).expect("writes");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");

    let out = bin()
        .args(["fmt", "--check"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        path.display().to_string()
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("reads"),
        loose,
        "--check changes nothing"
    );

    let out = bin().arg("fmt").arg(&path).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), canonical);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the file keeps its permissions");

    let out = bin()
        .args(["fmt", "--check"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(out.status.success(), "a formatted file passes --check");
    assert!(out.stdout.is_empty());
}

#[test]
fn fmt_refuses_a_read_only_file_and_reports_a_broken_one() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked.ron");
    let (loose, _) = loosely_formatted();
    std::fs::write(&locked, &loose).expect("writes");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(\n    version: 1,\n    title: broken\n").expect("writes");

    let out = bin()
        .arg("fmt")
        .arg(&locked)
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{} is read-only", locked.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:3:", broken.display())),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&locked).expect("reads"), loose);
}

#[test]
fn a_value_outside_its_range_is_a_warning_that_does_not_fail_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wide.ron");
    let text = std::fs::read_to_string("tests/fixtures/v1.ron")
        .expect("fixture")
        .replace(
            "weight: (value: 1.0, low: 0.5",
            "weight: (value: 3.0, low: 0.5",
        );
    std::fs::write(&path, text).expect("writes");
    let out = bin().arg("check").arg(&path).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: provider \"other\", weight: range 0.5–2 does not contain the value 3"
        ),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("wide.ron: ok"));
}

const UNCERTAIN: &str = "saves/revenue-share-uncertain.ron";

/// Runs the binary; returns the exit code, stdout and stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn project_list_names_every_input_and_metric() {
    let (code, stdout, stderr) = run(&["project", UNCERTAIN, "--list"]);
    assert_eq!(code, Some(0), "{stderr}");
    for line in [
        "stream.developer_revenue.scale\tModel developer revenue · scale\t1.000\t0.600 … 1.400 (Uniform)",
        "event.agi_verified.date\tAGI verified · date\t2030-01-01\t2027-01-01 … 2033-01-01 (Uniform)",
        "clause.revenue_share.cap\tDeveloper pays the cloud partner a falling share of revenue, capped · cap\t$38.0B\t",
        "clause.revenue_share.rate.2\tDeveloper pays the cloud partner a falling share of revenue, capped · rate from 2029-01-01\t10.0 %\t",
        "metric.paid.revenue_share\tPaid · Developer pays the cloud partner a falling share of revenue, capped\tMoney",
        "metric.net.developer.cloud\tNet paid Model developer → Cloud partner\tMoney",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line}\n{stdout}");
    }
}

#[test]
fn sensitivity_prints_the_tornado_widest_first() {
    let (code, stdout, stderr) = run(&[
        "sensitivity",
        UNCERTAIN,
        "--metric",
        "metric.paid.revenue_share",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    // At base AGI comes 2030-01-01, after the $38B cap is reached in 2029.
    assert_eq!(doc["base"], 38e9);
    let bars = doc["bars"].as_array().expect("bars");
    let inputs: Vec<&str> = bars.iter().filter_map(|b| b["input"].as_str()).collect();
    assert_eq!(
        inputs,
        ["event.agi_verified.date", "stream.developer_revenue.scale"]
    );
    // AGI on 2027-01-01 stops payments after 2025 and 2026: 20 % of $13B + $30B = $8.6B.
    assert_eq!(bars[0]["low"], "2027-01-01");
    let at_low = bars[0]["at_low"].as_f64().expect("number");
    assert!((at_low - 8.6e9).abs() < 1.0, "{at_low}");
    assert_eq!(bars[0]["at_high"], 38e9);
}

#[test]
fn simulate_is_reproducible_and_reports_percentiles_and_fans() {
    let args = [
        "simulate",
        UNCERTAIN,
        "--samples",
        "500",
        "--seed",
        "3",
        "--random",
        "--json",
    ];
    let (code, first, stderr) = run(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let (_, second, _) = run(&args);
    assert_eq!(first, second);
    let doc: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(doc["samples"], 500);
    assert_eq!(doc["sampling"], "Random");
    let paid = doc["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["metric"] == "metric.paid.revenue_share")
        .expect("paid");
    let s = &paid["summary"];
    let p = |k: &str| s[k].as_f64().expect("a number");
    assert!(p("p10") <= p("p25") && p("p25") <= p("p50") && p("p50") <= p("p75"));
    // Nothing is paid beyond the $38B cap.
    assert!(p("p90") <= 38e9);
    // 3 / √499 over 500 samples; the revenue scale is a clear driver.
    let clear = paid["clear_correlation"].as_f64().expect("a number");
    assert!((clear - 3.0 / 499f64.sqrt()).abs() < 1e-12, "{clear}");
    let scale = paid["drivers"]
        .as_array()
        .expect("drivers")
        .iter()
        .find(|d| d["input"] == "stream.developer_revenue.scale")
        .expect("the revenue scale");
    assert_eq!(scale["clear"], true, "{scale}");
    let fans = doc["fans"].as_array().expect("fans");
    assert_eq!(fans[0]["series"], "payments.developer.cloud");
    // 2025-01 … 2032-12: 96 months.
    assert_eq!(fans[0]["p50"].as_array().expect("series").len(), 96);
    assert_eq!(doc["months"][95], "2032-12");
}

#[test]
fn simulate_prints_a_table_and_refuses_unknown_metrics() {
    let (code, stdout, stderr) = run(&[
        "simulate",
        UNCERTAIN,
        "--samples",
        "200",
        "--metric",
        "metric.paid.revenue_share",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("200 samples, seed 0, latin hypercube"),
        "{stdout}"
    );
    assert!(stdout.contains("\nmetric.paid.revenue_share\t"), "{stdout}");
    let (code, _, stderr) = run(&["simulate", UNCERTAIN, "--metric", "metric.paid.nothing"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("metric.paid.nothing names nothing in this agreement"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["simulate", UNCERTAIN, "--samples", "0"]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn seek_finds_a_scale_and_says_when_a_target_is_out_of_reach() {
    // With AGI at 2030-01-01 and no cap in the way, paid = scale × (20 % × $43B
    // + 15 % × $160B + 10 % × $145B) = scale × $47.1B; $23.55B needs scale 0.5.
    let (code, stdout, stderr) = run(&[
        "seek",
        UNCERTAIN,
        "--input",
        "stream.developer_revenue.scale",
        "--metric",
        "metric.paid.revenue_share",
        "--target",
        "23.55B",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(doc["found"], true);
    let value = doc["value"].as_f64().expect("a number");
    assert!((value - 0.5).abs() < 1e-6, "{value}");
    // The most that can be paid is the $38B cap.
    let (code, stdout, _) = run(&[
        "seek",
        UNCERTAIN,
        "--input",
        "stream.developer_revenue.scale",
        "--metric",
        "metric.paid.revenue_share",
        "--target",
        "50B",
    ]);
    assert_eq!(code, Some(2));
    assert!(stdout.starts_with("unreachable:"), "{stdout}");
    assert!(stdout.contains("gives $38.0B"), "{stdout}");
    let (code, _, stderr) = run(&[
        "seek",
        UNCERTAIN,
        "--input",
        "clause.nothing.cap",
        "--metric",
        "metric.paid.revenue_share",
        "--target",
        "1B",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("clause.nothing.cap names nothing"),
        "{stderr}"
    );
}

#[test]
fn report_writes_the_folder_and_lists_each_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("new").join("report");
    let out = bin()
        .args(["report", "saves/microsoft-openai-history.ron", "--out"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let names = [
        "report.md",
        "report.html",
        "revenue.svg",
        "revenue.png",
        "cloud.svg",
        "cloud.png",
        "series.csv",
        "metrics.csv",
    ];
    // One line per file written, each naming its path.
    assert_eq!(stdout.lines().count(), names.len(), "{stdout}");
    for name in names {
        let path = out_dir.join(name);
        assert!(path.is_file(), "{name}");
        assert!(stdout.contains(&path.display().to_string()), "{stdout}");
    }
}

#[test]
fn report_into_a_folder_it_cannot_make_fails_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").expect("writes");
    let out = bin()
        .args(["report", "saves/microsoft-openai-history.ron", "--out"])
        .arg(blocker.join("report"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("could not write the report"), "{stderr}");
    assert!(stderr.contains("a-file"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn diff_lists_what_differs_between_two_files_as_lines_or_json() {
    let files = [
        "saves/microsoft-openai-history.ron",
        "saves/2019-terms-counterfactual.ron",
    ];
    let out = bin().arg("diff").args(files).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l
            == "Clause “Azure is OpenAI’s exclusive cloud (never amended)”, end: “Jan 2025: right of first refusal” → open-ended"),
        "{stdout}"
    );
    assert!(stdout.contains("Clause “Azure first”: removed"), "{stdout}");

    let out = bin()
        .arg("diff")
        .args(files)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = rows.as_array().expect("a list of rows");
    // One row per line of the text form.
    assert_eq!(rows.len(), stdout.lines().count());
    assert_eq!(rows[0]["item"]["kind"], "Agreement");
    assert!(
        rows.iter()
            .any(|r| r["item"]["id"] == "revshare" && r["change"]["Added"].is_object())
    );
}

#[test]
fn diff_of_a_file_with_itself_prints_nothing_and_succeeds() {
    let file = "saves/microsoft-openai-history.ron";
    let out = bin().args(["diff", file, file]).output().expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

/// The scenarios file in a temporary folder (kept alive by the returned guard).
fn scenarios_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rates.ron");
    std::fs::copy("tests/fixtures/rate_scenarios.ron", &path).expect("copies");
    (dir, path)
}

#[test]
fn diff_compares_a_scenario_with_the_base_or_with_another_scenario() {
    let (_dir, path) = scenarios_file();
    let out = bin()
        .arg("diff")
        .arg(&path)
        .args(["--scenario", "Rate 15 %"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Clause “Share”, rate from 2026-01-01: 20 % → 15 %\n"
    );

    let out = bin()
        .arg("diff")
        .arg(&path)
        .args(["--scenario", "Rate 15 %", "--scenario", "Rate 10 %"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Clause “Share”, rate from 2026-01-01: 15 % → 10 %\n"
    );
}

#[test]
fn project_projects_a_scenario() {
    let (_dir, path) = scenarios_file();
    let out = bin()
        .arg("project")
        .arg(&path)
        .args(["--scenario", "Rate 15 %", "--json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let paid = doc["metrics"]["revenue_share"]["share"]["total_paid"]
        .as_f64()
        .expect("paid");
    // 12 months × $100M × 15 % = $180M (the base terms would pay $240M).
    assert!((paid - 180e6).abs() < 1e-3, "paid = {paid}");
}

#[test]
fn an_unknown_scenario_is_an_error_that_names_the_scenarios_there_are() {
    let (_dir, path) = scenarios_file();
    for command in ["diff", "project"] {
        let out = bin()
            .arg(command)
            .arg(&path)
            .args(["--scenario", "Bear"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "rates.ron: no scenario called \"Bear\"; its scenarios are \"Rate 15 %\", \"Rate 10 %\""
            ),
            "{command}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{command}");
    }
    // A file without scenarios says so.
    let out = bin()
        .args(["diff", "saves/2026-04-amendment.ron", "--scenario", "Bear"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no scenario called \"Bear\"; it has no scenarios"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_needs_something_to_compare_with_and_a_file_that_loads() {
    let (_dir, path) = scenarios_file();
    // Neither a second file nor a scenario, or both: a usage error, as clap reports them.
    let out = bin().arg("diff").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .arg("diff")
        .arg(&path)
        .arg(&path)
        .args(["--scenario", "Rate 15 %"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // Three scenarios are one too many.
    let out = bin()
        .arg("diff")
        .arg(&path)
        .args([
            "--scenario",
            "Rate 15 %",
            "--scenario",
            "Rate 10 %",
            "--scenario",
            "Rate 10 %",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one or two --scenario names"));
    // A file that does not load.
    let out = bin()
        .arg("diff")
        .arg(&path)
        .arg("no/such/file.ron")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.ron"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn report_of_a_scenario_says_which_and_an_unknown_one_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("scenarios.ron");
    let text = std::fs::read_to_string("tests/fixtures/rate_edit.ron")
        .expect("fixture")
        .replace(
            "\n)",
            "\n    scenarios: [(name: \"Low rate\", overrides: [(input: Rate(clause: \"share\", step: 0), value: 0.15)])],\n)",
        );
    std::fs::write(&file, text).expect("writes");
    let out_dir = dir.path().join("report");
    let out = bin()
        .args(["report"])
        .arg(&file)
        .args(["--scenario", "Low rate", "--out"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(out_dir.join("report.md")).expect("report.md");
    assert!(md.contains("scenario “Low rate”"), "{md}");
    // $100M a month at 15 %: $180M paid.
    assert!(md.contains("$180M"), "{md}");
    let out = bin()
        .args(["report"])
        .arg(&file)
        .args(["--scenario", "Nope", "--out"])
        .arg(dir.path().join("other"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scenario called \"Nope\""));
}
