//! `lint --engagement`: a draft is cross-checked against what was agreed, and every mismatch
//! quotes both values.

mod common;

use common::{run, run_json};

const SAMPLE: &str = "samples/bookkeeping-uk-cafe.yaml";

/// The SOW vendorkit writes for the sample, as Markdown.
fn generated_sow(dir: &std::path::Path) -> String {
    let (code, _, err) = run(&[
        "packet",
        SAMPLE,
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "md",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(dir.join("HVC-BK-2025-01/sow.md")).unwrap()
}

fn crosschecks(path: &std::path::Path) -> Vec<(String, String, String)> {
    let (_, v) = run_json(&[
        "lint",
        path.to_str().unwrap(),
        "--engagement",
        SAMPLE,
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("XCHK-"))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_generated_sow_agrees_with_its_engagement() {
    let tmp = tempfile::tempdir().unwrap();
    let sow = tmp.path().join("sow.md");
    std::fs::write(&sow, generated_sow(&tmp.path().join("out"))).unwrap();
    assert_eq!(crosschecks(&sow), []);
}

#[test]
fn every_mismatch_is_reported_with_both_values() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = generated_sow(&tmp.path().join("out"));
    for (agreed, changed) in [
        (
            "within 24 hours of any security incident",
            "within 72 hours of any security incident",
        ),
        ("payable within 30 days", "payable within 60 days"),
        (
            "for convenience on 30 days' written notice",
            "for convenience on 90 days' written notice",
        ),
        (
            "unless either party gives 60 days' notice",
            "unless either party gives 15 days' notice",
        ),
        (
            "to 30 April 2025 is a trial period",
            "to 31 July 2025 is a trial period",
        ),
        ("may exit on 10 days' notice", "may exit on 30 days' notice"),
        (
            "governed by the laws of England and Wales",
            "governed by the laws of the State of New York",
        ),
        (
            "Ledgerline Accounting Services Pvt Ltd",
            "Ledgerline Global LLC",
        ),
        ("Currency: GBP.", "Currency: USD."),
        ("£", "$"),
        (
            "| BK-03 Posting accuracy | 98 % |",
            "| BK-03 Posting accuracy | 90 % |",
        ),
    ] {
        assert!(
            text.contains(agreed),
            "the sample SOW no longer says {agreed:?}"
        );
        text = text.replace(agreed, changed);
    }
    let draft = tmp.path().join("vendor-draft.md");
    std::fs::write(&draft, &text).unwrap();
    let found = crosschecks(&draft);
    let has = |rule: &str, parts: &[&str]| {
        assert!(
            found
                .iter()
                .any(|(r, _, m)| r == rule && parts.iter().all(|p| m.contains(p))),
            "no {rule} with {parts:?} in {found:#?}"
        )
    };
    has("XCHK-BREACH", &["72 hours", "requires 24 hours"]);
    has("XCHK-FEES", &["60 days", "says 30 days"]);
    has("XCHK-FEES", &["prices in USD", "in GBP"]);
    has(
        "XCHK-NOTICE",
        &["90 days", "termination for convenience", "says 30 days"],
    );
    has("XCHK-NOTICE", &["15 days", "non-renewal", "says 60 days"]);
    has(
        "XCHK-TRIAL",
        &["2025-02-03 to 2025-07-31", "2025-02-03 to 2025-04-30"],
    );
    has("XCHK-TRIAL", &["30 days", "says 10 days"]);
    has("XCHK-LAW", &["State of New York", "England and Wales"]);
    has(
        "XCHK-PARTY",
        &["vendor `Ledgerline Accounting Services Pvt Ltd`"],
    );
    has("XCHK-KPI", &["BK-03", "98 percent", "90 %"]);
    assert!(
        found
            .iter()
            .filter(|(r, _, _)| r != "XCHK-KPI")
            .all(|(_, s, _)| s == "error"),
        "{found:#?}"
    );
    // The cross-checks are listed and explained like any rule.
    let (code, out, _) = run(&["explain", "XCHK-BREACH"]);
    assert_eq!(code, 0);
    assert!(out.contains("security incident"), "{out}");
}
