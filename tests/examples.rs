//! Checks on the shipped example agreements in `saves/` and the built-in default
//! in `assets/default.ron`.
//!
//! The example files are kept in the canonical format that the app writes
//! (`io::to_ron_string`), so that saving an example unchanged rewrites it byte for
//! byte. After a change to the file format, run
//! `UPDATE_EXAMPLES=1 cargo test --test examples` to rewrite them canonically.

use std::path::{Path, PathBuf};

use agreement_explorer::engine::{Projection, calibration, project};
use agreement_explorer::io::{from_ron_str, load, to_ron_string};
use agreement_explorer::model::validate::validate;
use agreement_explorer::model::{Agreement, ClauseKind, LevelKind, Month, WorkloadSize};

const HISTORY: &str = "microsoft-openai-history.ron";
/// The history under the other reading of the 2026 cap: it counts every accrual.
const HISTORY_CAP_COUNTS_ALL: &str = "microsoft-openai-history-cap-counts-all.ron";

/// Reported net revenue-share payments from `OpenAI` to Microsoft (`DOMAIN.md`, leaked documents).
const NET_2024: f64 = 493.8e6;
const NET_2025_Q1_Q3: f64 = 865.8e6;
/// The share-back base is solved so that the history reproduces the net payments to
/// the dollar (see its calibration note); 0.1 % leaves room only for rounding.
const NET_TOLERANCE: f64 = 0.001;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.ron` file in `saves/`, sorted.
fn example_files() -> Vec<PathBuf> {
    let dir = root().join("saves");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

fn load_ok(path: &Path) -> Agreement {
    load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn history() -> Agreement {
    load_ok(&root().join("saves").join(HISTORY))
}

fn example(name: &str) -> Agreement {
    load_ok(&root().join("saves").join(name))
}

/// An example about Microsoft and `OpenAI` (rather than the generic template).
fn is_microsoft_openai(a: &Agreement) -> bool {
    ["openai", "microsoft"]
        .iter()
        .all(|id| a.parties.iter().any(|p| p.id == *id))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_EXAMPLES").is_some()
}

#[test]
fn the_expected_examples_are_shipped() {
    let names: Vec<String> = example_files()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for expected in [
        HISTORY,
        HISTORY_CAP_COUNTS_ALL,
        "2019-terms-counterfactual.ron",
        "2025-01-rofr.ron",
        "2025-10-restructuring.ron",
        "2026-04-amendment.ron",
        "template-generic.ron",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "saves/{expected} is missing"
        );
    }
}

#[test]
fn every_example_loads_validates_and_projects_to_finite_numbers() {
    for path in example_files() {
        let a = load_ok(&path);
        let problems = validate(&a);
        assert!(
            problems.is_empty(),
            "{}: {}",
            path.display(),
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        );
        let p = project(&a);
        assert_eq!(p.months.len(), a.horizon.len_months(), "{}", path.display());
        assert_finite(&path, &p);
    }
}

fn assert_finite(path: &Path, p: &Projection) {
    let mut series: Vec<(&str, &[f64])> = vec![("hhi", &p.hhi)];
    series.extend(p.in_force.iter().map(|s| ("in_force", s)));
    series.extend(p.streams.iter().map(|s| ("stream", s.as_slice())));
    for s in &p.shares {
        series.push(("share.accrued", &s.accrued));
        series.push(("share.paid", &s.paid));
        series.push(("share.cum_accrued", &s.cum_accrued));
        series.push(("share.cum_paid", &s.cum_paid));
    }
    series.extend(p.flows.iter().map(|f| ("flow", f.paid.as_slice())));
    series.extend(p.nets.iter().map(|n| ("net", n.net.as_slice())));
    for w in &p.workloads {
        series.push(("workload.amount", &w.amount));
        series.extend(w.spend.iter().map(|s| ("workload.spend", s)));
        series.extend(w.share.iter().map(|s| ("workload.share", s)));
    }
    series.extend(p.provider_spend.iter().map(|s| ("provider_spend", s)));
    series.extend(p.provider_share.iter().map(|s| ("provider_share", s)));
    for c in &p.commitments {
        series.push(("commitment.required_cum", &c.required_cum));
        series.push(("commitment.actual_cum", &c.actual_cum));
        series.push(("commitment.top_up", &c.top_up));
    }
    for (what, values) in series {
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{}: {what} has a non-finite value",
            path.display()
        );
    }
    let m = &p.metrics;
    let mut numbers = vec![m.hhi_last_year];
    numbers.extend(&m.provider_share_last_year);
    for s in &m.shares {
        numbers.extend([
            s.total_accrued,
            s.total_paid,
            s.npv,
            s.outstanding_at_horizon,
        ]);
    }
    for d in m.directions.iter().chain(&m.nets) {
        numbers.extend([d.total_paid, d.npv]);
    }
    for c in &m.commitments {
        numbers.push(c.top_up_total);
        numbers.extend(c.shortfall_at_end);
        numbers.extend(c.behind_at_horizon);
    }
    assert!(
        numbers.iter().all(|v| v.is_finite()),
        "{}: a metric is not finite",
        path.display()
    );
}

#[test]
fn examples_are_canonical_and_round_trip() {
    for path in example_files() {
        let text = std::fs::read_to_string(&path).expect("the file was just listed");
        let first = load_ok(&path);
        let saved = to_ron_string(&first).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = from_ron_str(&saved).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            first,
            again,
            "{}: save then load changes the agreement",
            path.display()
        );
        if updating() && text != saved {
            std::fs::write(&path, &saved).expect("rewrite the example");
            continue;
        }
        assert!(
            text == saved,
            "{} is not in the format the app saves; run `UPDATE_EXAMPLES=1 cargo test --test examples`",
            path.display()
        );
    }
}

#[test]
fn the_default_is_the_history_file() {
    let history = std::fs::read(root().join("saves").join(HISTORY)).expect("saves/ history file");
    let default_path = root().join("assets").join("default.ron");
    if updating() {
        std::fs::write(&default_path, &history).expect("rewrite assets/default.ron");
    }
    let default = std::fs::read(&default_path).expect("assets/default.ron");
    assert!(
        default == history,
        "assets/default.ron must be a byte-identical copy of saves/{HISTORY}"
    );
}

/// The monthly net flow from `OpenAI` to Microsoft (positive when `OpenAI` pays).
fn net_openai_to_microsoft(a: &Agreement, p: &Projection) -> Vec<f64> {
    let party = |id: &str| {
        a.parties
            .iter()
            .position(|x| x.id == id)
            .unwrap_or_else(|| panic!("party {id}"))
    };
    let (openai, microsoft) = (party("openai"), party("microsoft"));
    let net = p
        .nets
        .iter()
        .find(|n| (n.a, n.b) == (openai.min(microsoft), openai.max(microsoft)))
        .expect("a net flow between OpenAI and Microsoft");
    // `net` is a → b with a the lower party index.
    let sign = if net.a == openai { 1.0 } else { -1.0 };
    net.net.iter().map(|v| sign * v).collect()
}

#[test]
fn history_reproduces_the_reported_net_payment_in_2024() {
    let a = history();
    let p = project(&a);
    let net = net_openai_to_microsoft(&a, &p);
    let paid_2024 = p
        .yearly(&net)
        .into_iter()
        .find(|&(y, _)| y == 2024)
        .map(|(_, v)| v)
        .expect("2024 is in the horizon");
    assert!(
        (paid_2024 - NET_2024).abs() <= NET_TOLERANCE * NET_2024,
        "net OpenAI → Microsoft in 2024 is {paid_2024:.0}, expected {NET_2024:.0} ± 0.1 %"
    );
}

#[test]
fn history_reproduces_the_reported_net_payment_in_q1_to_q3_2025() {
    let a = history();
    let p = project(&a);
    let net = net_openai_to_microsoft(&a, &p);
    let paid: f64 = p
        .months
        .iter()
        .zip(&net)
        .filter(|(m, _)| m.year() == 2025 && m.month() <= 9)
        .map(|(_, v)| v)
        .sum();
    assert!(
        (paid - NET_2025_Q1_Q3).abs() <= NET_TOLERANCE * NET_2025_Q1_Q3,
        "net OpenAI → Microsoft in Q1–Q3 2025 is {paid:.0}, expected {NET_2025_Q1_Q3:.0} ± 0.1 %"
    );
}

#[test]
fn history_timeline_shows_every_exclusivity_level() {
    let a = history();
    let p = project(&a);
    let levels: Vec<LevelKind> = p
        .segments
        .iter()
        .flatten()
        .filter_map(|s| s.level)
        .collect();
    for level in LevelKind::ALL {
        assert!(
            levels.contains(&level),
            "no {level:?} segment on the history timeline"
        );
    }
}

#[test]
fn history_hands_cloud_workloads_over_from_exclusive_to_open() {
    let a = history();
    let p = project(&a);
    let azure = a
        .providers
        .iter()
        .position(|x| x.id == "azure")
        .expect("azure");
    let share_in = |year: i32| {
        let yearly = p.yearly(&p.provider_spend[azure]);
        let total: Vec<f64> = (0..p.months.len())
            .map(|k| p.provider_spend.iter().map(|s| s[k]).sum())
            .collect();
        let spend = yearly.iter().find(|&&(y, _)| y == year).expect("year").1;
        let all = p
            .yearly(&total)
            .iter()
            .find(|&&(y, _)| y == year)
            .expect("year")
            .1;
        spend / all
    };
    assert!(
        (share_in(2024) - 1.0).abs() < 1e-9,
        "Azure is exclusive in 2024"
    );
    assert!(
        share_in(2032) < 0.9,
        "other clouds take a share once exclusivity is gone"
    );
}

#[test]
fn every_history_item_has_a_source() {
    for name in [HISTORY, HISTORY_CAP_COUNTS_ALL] {
        every_item_has_a_source(&example(name));
    }
}

fn every_item_has_a_source(a: &Agreement) {
    let mut missing = Vec::new();
    for c in &a.clauses {
        if c.sources.is_empty() {
            missing.push(format!("clause {}", c.id));
        }
    }
    for e in &a.events {
        if e.sources.is_empty() {
            missing.push(format!("event {}", e.id));
        }
    }
    for pr in &a.providers {
        if pr.sources.is_empty() {
            missing.push(format!("provider {}", pr.id));
        }
    }
    for s in &a.streams {
        for pt in &s.path.points {
            if pt.sources.is_empty() {
                missing.push(format!("stream {} point {}", s.id, pt.year));
            }
        }
    }
    for w in &a.workloads {
        if w.sources.is_empty() {
            missing.push(format!("workload {}", w.id));
        }
        if let WorkloadSize::Path(path) = &w.size {
            for pt in &path.points {
                if pt.sources.is_empty() {
                    missing.push(format!("workload {} point {}", w.id, pt.year));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{}: items without a source: {}",
        a.title,
        missing.join(", ")
    );
    for src in a
        .clauses
        .iter()
        .flat_map(|c| &c.sources)
        .chain(a.events.iter().flat_map(|e| &e.sources))
        .chain(a.providers.iter().flat_map(|p| &p.sources))
        .chain(a.calibration.iter().map(|t| &t.source))
    {
        assert!(!src.title.trim().is_empty(), "a source without a title");
    }
}

#[test]
fn every_example_reproduces_each_of_its_calibration_targets_within_1_percent() {
    for path in example_files() {
        let a = load_ok(&path);
        let p = project(&a);
        let checks = calibration(&a, &p);
        if is_microsoft_openai(&a) {
            assert!(
                !checks.is_empty(),
                "{}: a Microsoft–OpenAI example says which reported figures it reproduces",
                path.display()
            );
        }
        for check in checks {
            let target = &a.calibration[check.target];
            let error = check.relative_error().unwrap_or_else(|| {
                panic!(
                    "{}: target {} ({:?}) has no model figure",
                    path.display(),
                    check.target,
                    target.what
                )
            });
            assert!(
                error.abs() <= 0.01,
                "{}: {:?} {}–{} is {:.0} in the model against the reported {:.0} ({:+.2} %)",
                path.display(),
                target.what,
                target.from,
                target.to,
                check.model.unwrap_or(f64::NAN),
                check.reported,
                100.0 * error
            );
        }
    }
}

/// The revenue-share clause that carries the 2026 cap, with what its cap counts.
fn capped_share(a: &Agreement) -> (&Vec<String>, Option<chrono::NaiveDate>) {
    let clause = a
        .clause("revshare_capped")
        .expect("the capped revenue share");
    let ClauseKind::RevenueShare {
        cap_counts,
        cap_from,
        ..
    } = &clause.kind
    else {
        panic!("revshare_capped is a revenue share");
    };
    (cap_counts, *cap_from)
}

#[test]
fn the_two_cap_readings_differ_only_in_what_the_cap_counts() {
    let own = history();
    let all = example(HISTORY_CAP_COUNTS_ALL);
    let (own_counts, own_from) = capped_share(&own);
    assert!(
        own_counts.is_empty(),
        "the history's cap counts its own clause only"
    );
    assert_eq!(
        own_from,
        chrono::NaiveDate::from_ymd_opt(2026, 4, 27),
        "the history's cap counts from the April 2026 amendment"
    );
    let (all_counts, all_from) = capped_share(&all);
    assert_eq!(all_counts, &["revshare_to_2025", "revshare_until_agi"]);
    assert_eq!(all_from, None, "the other reading counts every accrual");

    // Apart from the cap's reach and the words that describe it, the files are the same.
    let mut same = all.clone();
    same.title.clone_from(&own.title);
    same.description.clone_from(&own.description);
    assert_eq!(same.clauses.len(), own.clauses.len());
    for (c, h) in same.clauses.iter_mut().zip(&own.clauses) {
        c.title.clone_from(&h.title);
        c.text.clone_from(&h.text);
        c.sources.clone_from(&h.sources);
        if c.id == "revshare_capped" {
            c.kind = h.kind.clone();
        }
    }
    assert_eq!(same, own);
}

#[test]
fn a_cap_that_counts_every_accrual_is_reached_sooner() {
    let cap_month = |a: &Agreement| {
        let p = project(a);
        let i = a
            .clauses
            .iter()
            .position(|c| c.id == "revshare_capped")
            .expect("revshare_capped");
        let share = p
            .shares
            .iter()
            .find(|s| s.clause == i)
            .expect("a share series");
        let k = share
            .cap_reached
            .expect("the cap is reached within the horizon");
        (p.months[k], share.cap_counted)
    };
    let (own, own_counted) = cap_month(&history());
    let (all, all_counted) = cap_month(&example(HISTORY_CAP_COUNTS_ALL));
    assert!(
        all < own,
        "counting earlier accruals uses up the cap sooner: {all} vs {own}"
    );
    // Once reached, each cap has counted exactly its amount, the reported $38B.
    for counted in [own_counted, all_counted] {
        assert!((counted - 38e9).abs() < 1.0, "the cap counted {counted:.0}");
    }
}

/// Spend with `provider` on all workloads over `from..=to`.
fn provider_spend(a: &Agreement, p: &Projection, provider: &str, from: Month, to: Month) -> f64 {
    let i = a
        .providers
        .iter()
        .position(|x| x.id == provider)
        .unwrap_or_else(|| panic!("provider {provider}"));
    p.months
        .iter()
        .zip(&p.provider_spend[i])
        .filter(|(m, _)| (from..=to).contains(*m))
        .map(|(_, v)| v)
        .sum()
}

fn month(text: &str) -> Month {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

#[test]
fn history_spends_at_least_each_reported_contract_with_its_provider() {
    let a = history();
    let p = project(&a);
    // The contracts (DOMAIN.md): Oracle ~$300B over 2027–2031; AWS $38B from November 2025
    // plus $100B over 8 years from February 2026, of which 83 of 96 months fall within
    // the horizon (to December 2032): 38 + 100 × 83 / 96 = $124.47B; CoreWeave $22.4B,
    // drawn over 2026–2030 in the file.
    for (provider, from, to, contracted) in [
        ("oracle", "2027-01", "2031-12", 300e9),
        ("aws", "2025-11", "2032-12", 38e9 + 100e9 * 83.0 / 96.0),
        ("coreweave", "2026-01", "2030-12", 22.4e9),
    ] {
        let spend = provider_spend(&a, &p, provider, month(from), month(to));
        assert!(
            spend >= contracted,
            "{provider}: {spend:.0} over {from}–{to}, contracted {contracted:.0}"
        );
        // Weights are attractiveness beyond the contracts, so spend stays near them:
        // the earlier weights gave CoreWeave about five times its contracts.
        assert!(
            spend <= 1.25 * contracted,
            "{provider}: {spend:.0} over {from}–{to} is far beyond the contracted {contracted:.0}"
        );
    }
}

#[test]
fn the_azure_commitment_no_longer_pushes_all_spend_to_azure_at_the_end_of_2025() {
    let a = history();
    let p = project(&a);
    let azure = a
        .providers
        .iter()
        .position(|x| x.id == "azure")
        .expect("azure");
    // With the commitment drawn evenly from October 2025 and nothing else committed,
    // Azure had 100 % of spend in December 2025; its exclusivity had ended in January.
    let (from, to) = (month("2025-11"), month("2026-12"));
    for (m, share) in p.months.iter().zip(&p.provider_share[azure]) {
        if (from..=to).contains(m) {
            assert!(*share < 0.9, "Azure has {share:.3} of spend in {m}");
        }
    }
}
