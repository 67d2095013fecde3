//! How reports read: the compact default, `--format full`/`-v`, `--format concise`.

mod common;

use common::{run, run_json};

const WEAK: &str = "samples/contracts/it-support-msa-weak.txt";

/// The default text lists every finding in at most a third of the lines of the detailed form:
/// located findings with their line, the clauses not found one line each with the model text
/// once per rule.
#[test]
fn the_default_text_is_compact_and_lists_every_finding() {
    let (code, compact, _) = run(&["lint", WEAK, "--color", "never"]);
    assert_eq!(code, 1);
    let (_, full, _) = run(&["lint", WEAK, "--color", "never", "--format", "full"]);
    let (_, verbose, _) = run(&["lint", WEAK, "--color", "never", "-v"]);
    assert_eq!(full, verbose, "-v is --format full");
    let (c, f) = (compact.lines().count(), full.lines().count());
    assert!(3 * c <= f, "compact {c} lines, full {f}");
    let (_, report) = run_json(&["lint", WEAK, "--format", "json", "--no-fail"]);
    let findings = report["files"][0]["findings"].as_array().unwrap();
    for d in findings {
        let rule = d["rule"].as_str().unwrap();
        assert!(compact.contains(rule), "{rule} missing from:\n{compact}");
    }
    let absent = findings
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("no such clause found")
        })
        .count();
    assert!(
        compact.contains(&format!("{absent} clauses not found")),
        "{compact}"
    );
    // A clause with a natural heading in the draft is placed under it.
    assert!(compact.contains("under \"4. CONFIDENTIALITY AND SECURITY\" (line 22)"));
    // Each model text once.
    let model = "Every Friday the Provider sends a status report";
    assert_eq!(compact.matches(model).count(), 1, "{compact}");
    // Located findings show their line.
    assert!(compact.contains("18 | 3.1 Customer shall pay the monthly fee of [TBD]"));
}

/// `--format concise`: one line per finding, `path:line:col: severity RULE message`.
#[test]
fn concise_is_one_line_per_finding() {
    let (_, out, _) = run(&["lint", WEAK, "--format", "concise", "--no-fail"]);
    let (_, report) = run_json(&["lint", WEAK, "--format", "json", "--no-fail"]);
    let n = report["files"][0]["findings"].as_array().unwrap().len();
    let line = regex::Regex::new(r"^samples/contracts/it-support-msa-weak\.txt:\d+:\d+: (error|warning|info) [A-Z]+-[0-9A-Z]+ \S").unwrap();
    let findings: Vec<&str> = out.lines().filter(|l| line.is_match(l)).collect();
    assert_eq!(findings.len(), n, "{out}");
    assert!(out.contains(":18:1: error DRAFT-001 Placeholders"), "{out}");
}

/// A review's missing block keeps the snippet to paste in the compact output; its other
/// findings' model texts are in `--format full`.
#[test]
fn review_shows_the_block_to_paste() {
    let (code, out, _) = run(&[
        "review",
        "tests/fixtures/identity-only.yaml",
        "--color",
        "never",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("no `trial` block"), "{out}");
    assert!(out.contains("trial:\n") || out.contains("trial:"), "{out}");
    assert!(out.contains("exit_without_penalty: true"), "{out}");
}

/// `--select` and `--ignore` take ids and prefixes; ignored findings are recorded as
/// suppressed (JSON `suppressed` with the reason, SARIF `suppressions`), as are those an
/// inline comment silences; an unknown id in a flag, a config or a comment is an error with a
/// did-you-mean.
#[test]
fn rules_are_chosen_by_id_or_prefix_and_silenced_ones_are_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.md");
    std::fs::write(
        &draft,
        "# Services Agreement\n\nThe Provider will perform the bookkeeping services listed in Annex A.\n\n\
         <!-- vendorkit-disable TRIAL-001 reason=\"renewal of a 3-year relationship\" -->\n\
         <!-- vendorkit-disable TRAIL-002 reason=\"typo\" -->\n",
    )
    .unwrap();
    let d = draft.to_str().unwrap();
    let (_, v) = run_json(&[
        "lint",
        d,
        "--no-config",
        "--format",
        "json",
        "--select",
        "TERM-00,SEC,LINT",
        "--ignore",
        "SEC-00",
    ]);
    let file = &v["files"][0];
    let rules: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| r.starts_with("TERM-00") || *r == "LINT-SUPPRESS"),
        "{rules:?}"
    );
    assert!(rules.contains(&"TERM-001"));
    let suppressed = file["suppressed"].as_array().unwrap();
    assert!(suppressed.iter().any(|s| s["finding"]["rule"] == "SEC-001"
        && s["reason"] == "--ignore SEC-00"
        && s["kind"] == "external"));
    // The inline suppression of a rule not selected is not reported at all.
    assert!(
        !suppressed
            .iter()
            .any(|s| s["finding"]["rule"] == "TRIAL-001")
    );
    let (_, v) = run_json(&["lint", d, "--no-config", "--format", "json", "--no-fail"]);
    let file = &v["files"][0];
    assert!(
        file["suppressed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["finding"]["rule"] == "TRIAL-001"
                && s["reason"] == "renewal of a 3-year relationship"
                && s["kind"] == "in_source")
    );
    let typo = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "LINT-SUPPRESS")
        .expect("the typo'd suppression is a finding");
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `TRIAL-002`"),
        "{typo}"
    );

    // SARIF records them as suppressions.
    let (_, sarif) = run_json(&[
        "lint",
        d,
        "--no-config",
        "--format",
        "sarif",
        "--ignore",
        "SEC",
    ]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SEC-001"
        && r["suppressions"][0]["kind"] == "external"
        && r["suppressions"][0]["justification"] == "--ignore SEC"));
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "TRIAL-001" && r["suppressions"][0]["kind"] == "inSource")
    );

    // Unknown ids: a flag is a usage error, a config makes its files unusable.
    let (code, _, err) = run(&["lint", d, "--no-config", "--ignore", "INS-0001"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule `INS-0001` in --ignore; did you mean `INS-001`?"),
        "{err}"
    );
    let (code, _, err) = run(&["review", "samples", "--select", "REV-99"]);
    assert_eq!(code, 2, "{err}");
    std::fs::write(tmp.path().join(".vendorkit.yaml"), "ignore: [INS-0001]\n").unwrap();
    let (code, v) = run_json(&["lint", d, "--format", "json"]);
    assert_eq!(code, 2);
    let message = v["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("unknown rule `INS-0001` in `ignore` of")
            && message.contains("did you mean `INS-001`"),
        "{message}"
    );
    std::fs::write(
        tmp.path().join(".vendorkit.yaml"),
        "select: [TERM]\nignore: [TERM-004]\nseverity: { TERM-00: info }\n",
    )
    .unwrap();
    let (_, v) = run_json(&["lint", d, "--format", "json", "--no-fail"]);
    let file = &v["files"][0];
    assert!(
        file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(
                |d| d["rule"].as_str().unwrap().starts_with("TERM") || d["rule"] == "LINT-SUPPRESS"
            )
    );
    assert!(
        file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "TERM-001")
            .all(|d| d["severity"] == "info")
    );
    assert!(
        file["suppressed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["finding"]["rule"] == "TERM-004"
                && s["reason"].as_str().unwrap().starts_with("ignored in "))
    );
}
