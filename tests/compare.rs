//! Comparing terms: the diff of the shipped files and the scenario summary's differences.

use agreement_explorer::compare::{Change, Kind, Row, diff};
use agreement_explorer::engine::{MetricId, project};
use agreement_explorer::io;
use agreement_explorer::model::Agreement;
use agreement_explorer::view::summary::Summary;

fn load(path: &str) -> Agreement {
    io::load(std::path::Path::new(path)).expect("the shipped file loads")
}

/// The ids of the rows about `kind` items whose change `is` accepts, in row order.
fn ids(rows: &[Row], kind: Kind, is: fn(&Change) -> bool) -> Vec<&str> {
    rows.iter()
        .filter(|r| r.item.kind == kind && is(&r.change))
        .map(|r| r.item.id.as_str())
        .collect()
}

fn added(c: &Change) -> bool {
    matches!(c, Change::Added { .. })
}

fn removed(c: &Change) -> bool {
    matches!(c, Change::Removed { .. })
}

fn changed(c: &Change) -> bool {
    matches!(c, Change::Changed { .. })
}

#[test]
fn the_2019_counterfactual_keeps_three_clauses_unended_and_drops_every_amendment() {
    // Read from the two files: the counterfactual keeps the 2019 clauses (exclusive
    // cloud, exclusive licence, the capped-profit note) without their ends, adds a
    // single never-ending 20 % share and a note on what the file is, and has none of
    // the later amendments' clauses, events or the share-back stream.
    let history = load("saves/microsoft-openai-history.ron");
    let counterfactual = load("saves/2019-terms-counterfactual.ron");
    let rows = diff(&history, &counterfactual);

    assert_eq!(
        ids(&rows, Kind::Clause, added),
        ["revshare", "counterfactual"]
    );
    assert_eq!(
        ids(&rows, Kind::Clause, removed),
        [
            "rofr_new_capacity",
            "api_exclusive",
            "training_open",
            "products_open",
            "azure_first",
            "azure_commitment",
            "revshare_to_2025",
            "revshare_until_agi",
            "revshare_capped",
            "shareback",
            "calibration",
            "licence_nonexclusive",
            "research_ip",
            "stake_before",
            "stake_27",
            "funding",
            "profit_split",
            "stargate",
            "oracle_300b",
            "aws_100b",
            "aws_38b",
            "coreweave_contracts",
            "amazon_50b",
            "model_assumptions",
        ]
    );
    assert_eq!(
        ids(&rows, Kind::Event, removed),
        [
            "extension_2023",
            "rofr_2025_01",
            "restructuring_2025_10",
            "amendment_2026_04",
            "agi_verified",
        ]
    );
    assert_eq!(
        ids(&rows, Kind::Stream, removed),
        ["microsoft_shareback_base"]
    );
    // Nothing is added outside the clauses, and the revenue, workloads, providers and
    // parties are the same in both files.
    for kind in [
        Kind::Event,
        Kind::Stream,
        Kind::Provider,
        Kind::Workload,
        Kind::Party,
    ] {
        assert_eq!(ids(&rows, kind, added), Vec::<&str>::new(), "{kind:?}");
        assert_eq!(ids(&rows, kind, changed), Vec::<&str>::new(), "{kind:?}");
    }

    let changes: Vec<String> = rows
        .iter()
        .filter(|r| changed(&r.change))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        changes,
        [
            "Agreement, title: “Microsoft–OpenAI partnership, 2019–2026: from exclusive to non-exclusive” → “Counterfactual: the 2019 Microsoft–OpenAI terms, never amended”",
            "Clause “Azure is OpenAI’s exclusive cloud (never amended)”, title: “Azure is OpenAI’s exclusive cloud” → “Azure is OpenAI’s exclusive cloud (never amended)”",
            "Clause “Azure is OpenAI’s exclusive cloud (never amended)”, end: “Jan 2025: right of first refusal” → open-ended",
            "Clause “Exclusive IP licence to Microsoft (never amended)”, title: “Exclusive IP licence to Microsoft” → “Exclusive IP licence to Microsoft (never amended)”",
            "Clause “Exclusive IP licence to Microsoft (never amended)”, end: “Apr 2026 amendment” → open-ended",
            "Clause “Capped-profit structure: returns capped at 100×”, end: “Oct 2025 restructuring” → open-ended",
        ]
    );
    let revshare = rows
        .iter()
        .find(|r| r.item.id == "revshare")
        .expect("the added share");
    assert_eq!(
        revshare.to_string(),
        "Clause “Revenue share: OpenAI pays Microsoft 20% (never amended)”: added \
         (Revenue share · OpenAI pays Microsoft 20 % of OpenAI revenue)"
    );
}

#[test]
fn every_shipped_file_has_no_differences_with_itself() {
    for entry in std::fs::read_dir("saves").expect("saves folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            let a = io::load(&path).expect("loads");
            assert_eq!(diff(&a, &a), vec![], "{}", path.display());
        }
    }
}

#[test]
fn a_lower_rate_pays_the_hand_computed_difference() {
    // $100M a month for 2026 at 20 %; its first scenario lowers the rate to 15 %.
    let a = io::load(std::path::Path::new("tests/fixtures/rate_scenarios.ron")).expect("loads");
    let summary = Summary::new(&a, &project(&a));
    let paid = summary
        .rows
        .iter()
        .find(|r| {
            r.metric
                == MetricId::Paid {
                    clause: "share".into(),
                }
        })
        .expect("paid under the share");
    // Base: 12 months × $100M × 20 % = $240M. Scenario: 12 × $100M × 15 % = $180M.
    // Δ = $180M − $240M = −$60M, which is −25 % of $240M.
    let base = paid.base.value.expect("base paid");
    assert!((base - 240e6).abs() < 1e-3, "{base}");
    let scenario = &paid.scenarios[0];
    let delta = scenario.delta.expect("a difference");
    assert!((delta + 60e6).abs() < 1e-3, "{delta}");
    assert_eq!(scenario.delta_text, "-$60.0M");
    let fraction = scenario.delta_fraction.expect("a relative difference");
    assert!((fraction + 0.25).abs() < 1e-12, "{fraction}");
    assert_eq!(scenario.delta_fraction_text, "-25.0 %");

    // The diff of the scenario from the base is the override, in words.
    let (rated, failed) = a.scenarios[0].apply(&a);
    assert!(failed.is_empty());
    let lines: Vec<String> = diff(&a, &rated).iter().map(ToString::to_string).collect();
    assert_eq!(lines, ["Clause “Share”, rate from 2026-01-01: 20 % → 15 %"]);
}

#[test]
fn a_scenario_baseline_follows_its_scenario_until_it_is_gone() {
    use agreement_explorer::view::baseline::{Baseline, Follows, scenario_terms};
    let mut a = load("tests/fixtures/rate_scenarios.ron");
    let paid = |b: &Baseline| b.projection.metrics.directions[0].total_paid;
    let terms = scenario_terms(&a, Some("Rate 15 %")).expect("the scenario");
    let mut b = Baseline::new("scenario “Rate 15 %”", terms);
    b.follows = Some(Follows {
        document: 7,
        scenario: Some("Rate 15 %".to_owned()),
        revision: 1,
    });
    // $1.2B of revenue at 15 %.
    assert!((paid(&b) - 180e6).abs() < 1e-3, "{}", paid(&b));
    // A new revision with the same terms projects nothing again.
    let id = b.id;
    assert!(!b.follow(7, &a, 2));
    assert_eq!(b.id, id);
    // The scenario's rate edited to 12.5 %: the baseline moves with it.
    a.scenarios[0].overrides[0].value = 0.125;
    assert!(b.follow(7, &a, 3));
    assert!((paid(&b) - 150e6).abs() < 1e-3, "{}", paid(&b));
    assert_ne!(
        b.id, id,
        "results for the old terms are not taken for the new"
    );
    // The scenario deleted: the baseline stays as it was and says so.
    a.scenarios.remove(0);
    assert!(b.follow(7, &a, 4));
    assert!(b.follows.is_none());
    assert_eq!(b.name, "scenario “Rate 15 %” as it was");
    assert!((paid(&b) - 150e6).abs() < 1e-3);
    // Nor does a baseline follow another document's terms.
    let mut other = Baseline::new("the base terms", a.clone());
    other.follows = Some(Follows {
        document: 7,
        scenario: None,
        revision: 4,
    });
    assert!(other.follow(8, &a, 5));
    assert!(other.follows.is_none());
}
