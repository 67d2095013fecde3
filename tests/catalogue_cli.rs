//! The one catalogue of rules: `rules` lists every id `explain` accepts, the policy format has
//! a schema of its own, and a rule added by editing YAML alone reaches every place that shows
//! rules: `rules`, `explain`, SARIF and the JSON coverage.

mod common;

use common::{run, run_json};
use serde_json::Value;

#[test]
fn rules_lists_every_id_explain_knows_with_a_header() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("ID") && header.contains("SEVERITY") && header.contains("TITLE"));
    let ids: Vec<&str> = lines
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    for id in &ids {
        let (code, text, err) = run(&["explain", id]);
        assert_eq!(code, 0, "explain {id}: {err}");
        assert!(text.starts_with(&format!("{id}: ")), "{text}");
    }
    // The ids reported beside the policies' rules are listed too.
    for id in [
        "LINT-SUPPRESS",
        "DOCX-CHANGES",
        "LINT-INPUT",
        "PDF-NO-TEXT",
        "LOAD-LIMIT",
        "XCHK-LAW",
    ] {
        assert!(ids.contains(&id), "{id} not in `rules`");
    }
    let (code, v) = run_json(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), ids.len());
    let sec = entries.iter().find(|e| e["id"] == "SEC-002").unwrap();
    assert_eq!(sec["policy"], "outsourcing");
    assert_eq!(sec["kind"], "policy");
    assert!(sec["clause"].is_string() && sec["severity"].is_string());
    assert_eq!(sec["lowered_without"], serde_json::json!(["data"]));
    let kpi = entries.iter().find(|e| e["id"] == "KPI-001").unwrap();
    assert_eq!(kpi["applies_to"], serde_json::json!(["service"]));
    let liab = entries.iter().find(|e| e["id"] == "LIAB-001").unwrap();
    assert_eq!(liab["master"], true);
    let dpa = entries.iter().find(|e| e["id"] == "DPA-001").unwrap();
    assert!(dpa["context"].as_array().is_some_and(|c| !c.is_empty()));
    let rev = entries.iter().find(|e| e["id"] == "REV-010").unwrap();
    assert_eq!(rev["kind"], "review");
    assert!(rev.get("policy").is_none());
}

#[test]
fn the_policy_schema_is_generated_and_the_committed_copy_is_current() {
    let (code, out, _) = run(&["schema", "--policy"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("schema/policy.schema.json").unwrap();
    assert!(
        out == committed,
        "schema/policy.schema.json is stale: run `cargo run -- schema --policy > schema/policy.schema.json`"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let rule = &v["$defs"]["Rule"]["properties"];
    for field in [
        "present",
        "strong",
        "weak",
        "negated",
        "exclude",
        "veto",
        "quantity",
        "negation",
        "context",
        "requires_clause",
        "escalate_in",
        "scope",
        "prefer_negated",
        "section_hint",
        "checklist",
        "model",
    ] {
        assert!(
            rule[field]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{field} is not documented in the schema"
        );
    }
    for policy in ["policies/outsourcing.yaml", "policies/nda.yaml"] {
        let text = std::fs::read_to_string(policy).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/policy.schema.json"),
            "{policy} does not point editors at the schema"
        );
    }
}

/// A new rule in a policy file that extends the built-in one: no Rust, and it shows up
/// everywhere rules are shown.
#[test]
fn a_rule_added_in_yaml_shows_up_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = tmp.path().join("ours.yaml");
    std::fs::write(
        &policy,
        r#"name: ours
extends: outsourcing
rules:
  OURS-001:
    clause: background-checks
    title: Background checks for vendor staff
    severity: error
    present: ['\bbackground checks?\b']
    rationale: Staff with access to client data should be vetted.
    example: The Provider runs background checks on its staff.
    model: The Provider runs background checks on every person with access to Client data.
"#,
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let (code, out, _) = run(&["rules", "--policy", p]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("OURS-001") && l.contains("ours")),
        "{out}"
    );
    let (code, out, _) = run(&["explain", "OURS-001", "--policy", p]);
    assert_eq!(code, 0);
    assert!(out.contains("Background checks for vendor staff") && out.contains("Model clause"));
    let draft = tmp.path().join("draft.md");
    std::fs::write(&draft, "The Provider shall perform the Services.\n").unwrap();
    let d = draft.to_str().unwrap();
    let (_, sarif) = run_json(&[
        "lint",
        d,
        "--policy",
        p,
        "--no-config",
        "--no-fail",
        "--format",
        "sarif",
    ]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules.iter().any(|r| r["id"] == "OURS-001"),
        "not in SARIF's rules"
    );
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "OURS-001"));
    let (_, json) = run_json(&[
        "lint",
        d,
        "--policy",
        p,
        "--no-config",
        "--no-fail",
        "--format",
        "json",
    ]);
    let coverage = json["files"][0]["coverage"].as_array().unwrap();
    let ours = coverage.iter().find(|c| c["rule"] == "OURS-001").unwrap();
    assert_eq!(ours["clause"], "background-checks");
    assert_eq!(ours["status"], "absent");
}

/// The packet's NDA checklist is made from the nda policy's `checklist` rows.
#[test]
fn the_nda_checklist_comes_from_the_policy() {
    let policy = vendorkit::lint::policy::load("nda").unwrap();
    let rows: Vec<_> = policy
        .rules
        .iter()
        .filter_map(|r| r.checklist.as_ref())
        .collect();
    assert_eq!(rows.len(), 23, "one row per SPEC §2 item");
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&[
        "packet",
        "samples/bookkeeping-uk-cafe.yaml",
        "-o",
        tmp.path().to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(tmp.path().join("HVC-BK-2025-01/nda-checklist.md")).unwrap();
    for row in rows {
        assert!(
            md.contains(&format!("| {} | {} |", row.item, row.check)),
            "{} missing from the checklist",
            row.item
        );
    }
}
