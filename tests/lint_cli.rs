//! `vendorkit lint`, driven through the binary, plus checks that every rule's documentation
//! agrees with its patterns.

mod common;

use std::collections::HashMap;

use common::{lint_json, run, run_json};
use serde_json::Value;
use vendorkit::lint::{self, LintOptions, meaning::Status, policy::Kind};
use vendorkit::source::SourceFile;

/// Clause statuses of the first file of a JSON lint report.
fn coverage(report: &Value) -> HashMap<String, (String, Vec<(usize, usize)>)> {
    report["files"][0]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let spans = c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["byte_start"].as_u64().unwrap() as usize,
                        e["byte_end"].as_u64().unwrap() as usize,
                    )
                })
                .collect();
            (
                c["rule"].as_str().unwrap().to_string(),
                (c["status"].as_str().unwrap().to_string(), spans),
            )
        })
        .collect()
}

fn lint_text(dir: &tempfile::TempDir, name: &str, text: &str, extra: &[&str]) -> (i32, Value) {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap().to_string();
    let mut args = vec!["lint", p.as_str(), "--format", "json", "--no-config"];
    args.extend_from_slice(extra);
    run_json(&args)
}

fn status_of(report: &Value, rule: &str) -> String {
    coverage(report)[rule].0.clone()
}

fn rule_ids(report: &Value) -> Vec<String> {
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_rule_example_counts_as_evidence_for_its_rule() {
    // The example in each rule's docs (what `explain` shows) must satisfy the rule's own
    // patterns: for a `require` rule it is present or weak, for a `forbid` rule it fires.
    let mut failures = Vec::new();
    for (name, _) in lint::policy::BUILTIN {
        let compiled = lint::compile(name).unwrap();
        for rule in &compiled.policy().rules {
            let text = format!("AGREEMENT\n\n{}\n", rule.example);
            let src = SourceFile::new("example.txt", text.as_str());
            let report = lint::lint_source(&src, &compiled, &LintOptions::default());
            let status = report
                .extra
                .as_ref()
                .unwrap()
                .clauses
                .iter()
                .find(|c| c.rule == rule.id)
                .unwrap()
                .status;
            let found = status == "present" || status == "weak";
            let expected_status = if rule.kind == Kind::Forbid && rule.negated.is_empty() {
                true
            } else {
                found || status == "negated"
            };
            if !found && !expected_status
                || !found && rule.kind == Kind::Require && status != "negated"
            {
                failures.push(format!(
                    "{name}/{}: example {:?} gave {status}",
                    rule.id, rule.example
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unrelated_text_leaves_every_clause_absent() {
    for (name, _) in lint::policy::BUILTIN {
        let compiled = lint::compile(name).unwrap();
        let src = SourceFile::new(
            "x.txt",
            "SHOPPING LIST\n\nApples, pears and two loaves of bread.\n",
        );
        let report = lint::lint_source(&src, &compiled, &LintOptions::default());
        for c in &report.extra.as_ref().unwrap().clauses {
            assert_eq!(c.status, "absent", "{name}: {c:?}");
        }
    }
    assert!(
        Status::Present > Status::Weak
            && Status::Weak > Status::Negated
            && Status::Negated > Status::Absent
    );
}

#[test]
fn classic_traps_are_not_evidence() {
    let (code, report) = run_json(&[
        "lint",
        "tests/fixtures/lint/traps.txt",
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    assert_eq!(code, 0);
    let cov = coverage(&report);
    assert_eq!(
        cov["TRIAL-001"].0, "absent",
        "trial balance / jury trial are not a trial period"
    );
    assert_eq!(
        cov["SEC-001"].0, "absent",
        "social security numbers are not security"
    );
    assert_eq!(
        cov["SEC-002"].0, "absent",
        "breach of this Agreement is not a security breach"
    );
    assert_eq!(cov["SCALE-001"].0, "absent", "a pay scale is not scaling");
    assert_eq!(
        cov["SCALE-002"].0, "absent",
        "amended only in writing is not change control"
    );
    assert_eq!(
        cov["TERM-005"].0, "present",
        "breach with a cure period is termination for cause"
    );
}

#[test]
fn negation_is_scoped_to_the_clause() {
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = lint_text(
        &dir,
        "a.txt",
        "AGREEMENT\n\nNo trial period shall apply to this Agreement.\n",
        &["--no-fail"],
    );
    assert_eq!(status_of(&r, "TRIAL-001"), "negated");
    let d = &r["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "TRIAL-001")
        .unwrap()
        .clone();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("No trial period shall apply"),
        "the text is quoted: {d}"
    );
    let (_, r) = lint_text(
        &dir,
        "b.txt",
        "AGREEMENT\n\nThe Provider shall not disclose Client information to any third party.\n",
        &["--no-fail"],
    );
    assert_eq!(
        status_of(&r, "CONF-001"),
        "present",
        "a negative duty is still a duty"
    );
    let (_, r) = lint_text(
        &dir,
        "c.txt",
        "AGREEMENT\n\nThe first three months are a trial period, except that no trial fee applies.\n",
        &["--no-fail"],
    );
    assert_eq!(
        status_of(&r, "TRIAL-001"),
        "present",
        "the negation sits in another clause"
    );
}

#[test]
fn weak_evidence_is_reported_one_level_lower() {
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = lint_text(
        &dir,
        "w.txt",
        "AGREEMENT\n\nThe Provider will tell the Client promptly of any unauthorised access to Client data.\n",
        &["--profile", "data", "--no-fail"],
    );
    assert_eq!(status_of(&r, "SEC-002"), "weak");
    let d = r["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "SEC-002")
        .unwrap()
        .clone();
    assert_eq!(
        d["severity"], "warning",
        "SEC-002 is an error rule; weak evidence is one level lower"
    );
}

/// Findings of `rule` in a JSON report: (severity, message).
fn findings_of(report: &serde_json::Value, rule: &str) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn security_is_checked_by_default_and_personal_data_turns_its_rules_on() {
    // The weak MSA handles patients' social security numbers: with no flag at all, the
    // security rules run and the personal-data rules switch on, saying why.
    let (_, plain) = run_json(&[
        "lint",
        "samples/contracts/it-support-msa-weak.txt",
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    let ids = rule_ids(&plain);
    assert!(ids.iter().any(|r| r.starts_with("SEC-")), "{ids:?}");
    let dpa = findings_of(&plain, "DPA-001");
    assert!(
        dpa.iter().any(|(_, m)| m.contains("personal data at line")),
        "{dpa:?}"
    );
    let contexts = &plain["files"][0]["contexts"];
    assert!(
        contexts.to_string().contains("personal data at line"),
        "{contexts}"
    );

    // A draft that mentions no personal data: security still, data protection not.
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("sow.md");
    std::fs::write(
        &draft,
        "# Statement of work\n\nThe Provider designs and builds a new website for the Client.\n",
    )
    .unwrap();
    let v = lint_json(&draft, &[]);
    let ids = rule_ids(&v);
    assert!(ids.iter().any(|r| r == "SEC-002"), "{ids:?}");
    assert!(!ids.iter().any(|r| r.starts_with("DPA-")), "{ids:?}");
    let (_, human, _) = run(&["lint", draft.to_str().unwrap(), "--no-config", "--no-fail"]);
    assert!(
        human.contains("note:") && human.contains("--profile pd"),
        "the output says which contexts applied and how to apply the others:\n{human}"
    );

    // An engagement that shares no client data lowers the security rules to info; it never
    // switches them off.
    let yaml = std::fs::read_to_string("samples/it-support-dental.yaml").unwrap();
    let start = yaml.find("\ndata:\n").unwrap();
    let end = start + 1 + yaml[start + 1..].find("\nnda:").unwrap();
    let no_data = dir.path().join("no-data.yaml");
    std::fs::write(&no_data, format!("{}{}", &yaml[..start], &yaml[end..])).unwrap();
    let lowered = lint_json(&draft, &["--engagement", no_data.to_str().unwrap()]);
    let sec = findings_of(&lowered, "SEC-002");
    assert!(
        !sec.is_empty() && sec.iter().all(|(s, _)| s == "info"),
        "{sec:?}"
    );
    // Coverage is reported whatever the context.
    assert_eq!(coverage(&plain).len(), coverage(&v).len());
}

#[test]
fn samples_good_draft_is_clean_and_weak_draft_is_not() {
    let (code, out, _) = run(&[
        "lint",
        "samples/contracts/bookkeeping-sow-good.md",
        "--profile",
        "xb,data,pd",
        "--fail-on",
        "info",
        "--no-config",
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, r) = run_json(&[
        "lint",
        "samples/contracts/it-support-msa-weak.txt",
        "--format",
        "json",
        "--no-config",
    ]);
    assert_eq!(code, 1);
    let ids = rule_ids(&r);
    for id in [
        "SCOPE-003",
        "DRAFT-001",
        "TRIAL-001",
        "KPI-001",
        "SCALE-002",
        "COM-001",
    ] {
        assert!(ids.iter().any(|r| r == id), "{id} missing from {ids:?}");
    }
}

#[test]
fn coverage_json_lists_every_clause_with_spans_inside_the_text() {
    let path = "samples/contracts/bookkeeping-sow-good.md";
    let text = std::fs::read_to_string(path).unwrap();
    let (_, r) = run_json(&[
        "lint",
        path,
        "--format",
        "json",
        "--policy",
        "outsourcing",
        "--no-fail",
        "--no-config",
    ]);
    assert_eq!(r["files"][0]["path"], path);
    assert_eq!(r["files"][0]["policy"], "outsourcing");
    let policy = lint::policy::load("outsourcing").unwrap();
    let cov = coverage(&r);
    assert_eq!(cov.len(), policy.rules.len());
    for (rule, (status, spans)) in &cov {
        assert!(["present", "weak", "negated", "absent"].contains(&status.as_str()));
        for &(s, e) in spans {
            assert!(
                s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e),
                "{rule}: {s}..{e}"
            );
        }
    }
    let (_, spans) = &cov["TRIAL-001"];
    assert!(
        text[spans[0].0..spans[0].1].contains("trial period"),
        "evidence is the operative sentence"
    );
}

#[test]
fn ndas_pick_the_nda_policy_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let nda = "MUTUAL NON-DISCLOSURE AGREEMENT\n\nThe Recipient shall use the Confidential Information solely for the Purpose.\n";
    let (_, r) = lint_text(&dir, "nda.txt", nda, &["--no-fail"]);
    assert_eq!(r["files"][0]["policy"], "nda");
    assert_eq!(status_of(&r, "NDA-02"), "present");
    let (_, r) = lint_text(
        &dir,
        "nda2.txt",
        nda,
        &["--no-fail", "--policy", "outsourcing"],
    );
    assert_eq!(r["files"][0]["policy"], "outsourcing");
}

#[test]
fn inline_suppression_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let body = "AGREEMENT\n\nNo trial period shall apply.\n";
    let with = format!(
        "<!-- vendorkit-disable TRIAL-001 reason=\"renewal of a three-year relationship\" -->\n{body}"
    );
    let (_, r) = lint_text(&dir, "s1.md", &with, &["--no-fail"]);
    assert!(!rule_ids(&r).contains(&"TRIAL-001".to_string()));
    assert_eq!(
        status_of(&r, "TRIAL-001"),
        "negated",
        "coverage still tells the truth"
    );
    let without = format!("<!-- vendorkit-disable TRIAL-001 -->\n{body}");
    let (code, r) = lint_text(&dir, "s2.md", &without, &[]);
    let ids = rule_ids(&r);
    assert!(
        ids.contains(&"LINT-SUPPRESS".to_string()) && ids.contains(&"TRIAL-001".to_string()),
        "{ids:?}"
    );
    assert_eq!(code, 1);
}

#[test]
fn config_is_found_by_walking_up_from_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".vendorkit.yaml"),
        "fail_on: warning\nprofile: [data]\nignore: [DRAFT-001]\nseverity: { KPI-004: error }\n",
    )
    .unwrap();
    let nested = dir.path().join("drafts/2026");
    std::fs::create_dir_all(&nested).unwrap();
    let contract = nested.join("draft.txt");
    std::fs::copy("samples/contracts/it-support-msa-weak.txt", &contract).unwrap();
    let c = contract.to_str().unwrap();
    let (code, r) = run_json(&["lint", c, "--format", "json"]);
    assert_eq!(code, 1);
    let findings = r["files"][0]["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|d| d["rule"] == "DRAFT-001"),
        "ignored by the config"
    );
    assert!(
        findings.iter().any(|d| d["rule"] == "SEC-003"),
        "profile data from the config"
    );
    assert!(
        findings
            .iter()
            .any(|d| d["rule"] == "KPI-004" && d["severity"] == "error")
    );
    let (_, r) = run_json(&["lint", c, "--format", "json", "--no-config", "--no-fail"]);
    assert!(
        r["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "DRAFT-001")
    );
    std::fs::write(dir.path().join(".vendorkit.yaml"), "fail_on: [oops\n").unwrap();
    // A broken config makes the files under it unusable (the rest of a batch still runs).
    let (code, out, err) = run(&["lint", c, "samples/contracts/bookkeeping-sow-good.md"]);
    assert_eq!(code, 2);
    assert!(
        out.contains(".vendorkit.yaml:2:1") && out.contains("YAML syntax error"),
        "{out}"
    );
    assert!(err.contains("1 failed"), "{err}");
}

/// In one batch, each folder's drafts get that folder's config, however many share it (the
/// lookup is made once per folder).
#[test]
fn each_folder_of_a_batch_gets_its_own_config() {
    let dir = tempfile::tempdir().unwrap();
    let (quiet, plain) = (dir.path().join("quiet"), dir.path().join("plain"));
    for folder in [&quiet, &plain] {
        std::fs::create_dir_all(folder).unwrap();
        for name in ["a.txt", "b.txt"] {
            std::fs::copy(
                "samples/contracts/it-support-msa-weak.txt",
                folder.join(name),
            )
            .unwrap();
        }
    }
    std::fs::write(quiet.join(".vendorkit.yaml"), "ignore: [DRAFT-001]\n").unwrap();
    let (_, r) = run_json(&["lint", dir.path().to_str().unwrap(), "--format", "json"]);
    let files = r["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    for f in files {
        let path = f["path"].as_str().unwrap();
        let has_draft = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "DRAFT-001");
        assert_eq!(has_draft, path.contains("plain"), "{path}");
    }
}

#[test]
fn a_policy_can_extend_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("ours.yaml");
    std::fs::write(
        &policy,
        r#"name: ours
extends: outsourcing
rules:
  TRIAL-001: { disabled: true }
  KPI-004: { severity: error }
  OURS-001:
    clause: background-checks
    title: Background checks for vendor staff
    severity: warning
    present: ['\bbackground checks?\b']
    example: The Provider runs background checks on its staff.
    model: The Provider runs background checks on every person with access to Client data.
"#,
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let (_, r) = run_json(&[
        "lint",
        "samples/contracts/it-support-msa-weak.txt",
        "--policy",
        p,
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    let cov = coverage(&r);
    assert!(!cov.contains_key("TRIAL-001"));
    assert!(cov.contains_key("OURS-001") && cov.contains_key("SCOPE-001"));
    let ids = rule_ids(&r);
    assert!(ids.contains(&"OURS-001".to_string()));
    let f = r["files"][0]["findings"].as_array().unwrap();
    assert!(
        f.iter()
            .any(|d| d["rule"] == "KPI-004" && d["severity"] == "error")
    );
    std::fs::write(&policy, "rules:\n  X-1: { present: ['(unclosed'] }\n").unwrap();
    let (code, _, err) = run(&[
        "lint",
        "samples/contracts/it-support-msa-weak.txt",
        "--policy",
        p,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("X-1") && err.contains("bad pattern"), "{err}");
}

#[test]
fn every_output_format_works_for_lint() {
    let file = "samples/contracts/it-support-msa-weak.txt";
    let (_, out, _) = run(&["lint", file, "--format", "sarif", "--no-config"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules.iter().any(|r| r["id"] == "TRIAL-001"
            && r["help"]["text"].as_str().unwrap().contains("Model clause"))
    );
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
    let (_, out, _) = run(&["lint", file, "--format", "github", "--no-config"]);
    assert!(out.lines().any(|l| {
        l.starts_with("::warning file=samples/contracts/it-support-msa-weak.txt,line=14,")
    }));
    let (_, out, _) = run(&["lint", file, "--format", "junit", "--no-config"]);
    assert!(
        out.starts_with("<?xml")
            && out.contains("<testcase name=\"TRIAL-001 Trial or pilot period\""),
        "{out}"
    );
    let (_, out, _) = run(&["lint", file, "--color", "never", "--no-config"]);
    assert!(out.contains("warning[TRIAL-001]: Trial or pilot period is excluded by the contract"));
    assert!(out.contains("14 | No trial period shall apply to this Agreement."));
}

#[test]
fn unusable_inputs_exit_2_and_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("scan.txt");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 agreement").unwrap();
    let (code, r) = run_json(&[
        "lint",
        bin.to_str().unwrap(),
        latin1.to_str().unwrap(),
        "samples/contracts/bookkeeping-sow-good.md",
        "--format",
        "json",
        "--no-config",
    ]);
    assert_eq!(code, 2);
    let files = r["files"].as_array().unwrap();
    assert!(
        files[0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("binary file")
    );
    assert!(
        files[1]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("offset 3")
    );
    assert_eq!(files[2]["status"], "checked");
}

#[test]
fn explain_prints_a_lint_rule_with_its_model_clause() {
    let (code, out, _) = run(&["explain", "SEC-002"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Model clause")
            && out.contains("24 hours")
            && out.contains("lowered to info when the engagement rules out: data")
    );
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("NDA-04A") && out.contains("TRIAL-001"));
}

/// A draft's report does not depend on what else the run reads: the compiled policy, its
/// patterns (compiled on first use) and their caches are shared by every worker, and over
/// 4 MB of other drafts must not change what one draft gets.
#[test]
fn a_large_batch_reports_each_draft_as_a_single_run_does() {
    let weak = include_str!("../samples/contracts/it-support-msa-weak.txt");
    let good = include_str!("../samples/contracts/bookkeeping-sow-good.md");
    let alone = tempfile::tempdir().unwrap();
    let (_, single) = lint_text(&alone, "a-weak.txt", weak, &[]);
    let batch = tempfile::tempdir().unwrap();
    std::fs::write(batch.path().join("a-weak.txt"), weak).unwrap();
    // Over 4 MB of other drafts in the same run.
    let mut big = String::new();
    while big.len() < (4 << 20) + 1 {
        big.push_str(good);
    }
    std::fs::write(batch.path().join("b-big.md"), big).unwrap();
    let dir = batch.path().to_str().unwrap().to_string();
    let (_, both) = run_json(&["lint", &dir, "--format", "json", "--no-config"]);
    assert_eq!(both["files"].as_array().unwrap().len(), 2);
    let first = &both["files"][0];
    assert!(first["path"].as_str().unwrap().ends_with("a-weak.txt"));
    assert_eq!(first["coverage"], single["files"][0]["coverage"]);
    assert_eq!(first["findings"], single["files"][0]["findings"]);
    assert!(!rule_ids(&single).is_empty(), "the weak draft has findings");
}

/// A size that rounds to nothing is a usage error, not silently the default limit.
#[test]
fn a_file_size_limit_below_one_byte_is_refused() {
    let (code, _, err) = run(&[
        "lint",
        "samples/contracts/bookkeeping-sow-good.md",
        "--max-file-size",
        "0.0001KB",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("less than one byte"), "{err}");
}
