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
