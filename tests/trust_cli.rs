//! Findings people can trust, through the CLI: plainly worded clauses are read, the false
//! errors users met are gone, security is checked without a flag, a draft under a master
//! agreement or for a managed service gets the rules that belong to it, and input vendorkit
//! cannot read is said to be out of scope.

mod common;

use std::path::Path;

use common::{lint_json, run};
use serde_json::Value;

/// Lint one sentence as a file of its own and return the status of `rule`'s clause.
fn status(dir: &Path, policy: &str, rule: &str, sentence: &str) -> String {
    let file = dir.join(format!("{rule}.md"));
    std::fs::write(&file, format!("{sentence}\n")).unwrap();
    let map = common::coverage(&file, &["--policy", policy, "--no-fail"]);
    map.get(rule)
        .unwrap_or_else(|| panic!("{rule} not in the coverage of {policy}"))
        .clone()
}

#[test]
fn plainly_worded_clauses_get_the_status_a_lawyer_gives_them() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "outsourcing",
            "LEGAL-001",
            "The laws of Ireland govern this contract.",
        ),
        (
            "outsourcing",
            "TERM-002",
            "If the Provider misses the Priority 1 service level in 3 months within any 6-month period, the Client may terminate this Agreement without penalty.",
        ),
        (
            "outsourcing",
            "KPI-002",
            "The Provider will send a monthly service report by the 5th business day of each month.",
        ),
        (
            "outsourcing",
            "SCALE-001",
            "Volumes above 400 transactions a month are charged at £1.20 per transaction.",
        ),
        (
            "outsourcing",
            "SEC-003",
            "The Provider will give its staff access only to the systems they need.",
        ),
        (
            "outsourcing",
            "TERM-001",
            "This SOW runs for 12 months from 1 March 2026 and does not renew automatically.",
        ),
        ("outsourcing", "TERM-001", "The term is 12 months."),
        (
            "nda",
            "NDA-12",
            "If the law requires disclosure, the recipient will give the discloser prompt notice where lawful.",
        ),
        (
            "nda",
            "NDA-15",
            "These obligations survive for 5 years after termination.",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(policy, rule, sentence)| {
            let got = status(dir.path(), policy, rule, sentence);
            (got != "present").then(|| format!("{rule} {sentence:?}: {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // A term without renewal is not a renewal clause, and not a missing term either.
    assert_eq!(
        status(
            dir.path(),
            "outsourcing",
            "TERM-006",
            "The term is 12 months."
        ),
        "absent"
    );
}

#[test]
fn the_good_bookkeeping_sow_is_clean_against_its_engagement() {
    let (code, out, err) = run(&[
        "lint",
        "samples/contracts/bookkeeping-sow-good.md",
        "--engagement",
        "samples/bookkeeping-uk-cafe.yaml",
        "--no-config",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("XCHK-NOTICE"), "{out}");
}

fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const UNDER_MSA: &str = "# Statement of Work 4

This Statement of Work is issued under the Master Services Agreement dated 1 May 2025 between \
Harbour Dental LLC and Brightside IT Inc., and is governed by it.

## Services

The Provider monitors the Client's servers and answers support tickets from Monday to Friday.
";

#[test]
fn a_sow_under_a_master_agreement_asks_once_for_the_master_clauses() {
    let dir = tempfile::tempdir().unwrap();
    let sow = dir.path().join("sow-4.md");
    std::fs::write(&sow, UNDER_MSA).unwrap();
    let got = findings(&lint_json(&sow, &[]));
    let master: Vec<_> = got.iter().filter(|f| f.0 == "DOC-MASTER").collect();
    assert_eq!(master.len(), 1, "{got:?}");
    assert_eq!(master[0].1, "info");
    for id in [
        "LIAB-001",
        "INS-001",
        "IP-001",
        "ASSIGN-001",
        "CONF-001",
        "SOLICIT-001",
    ] {
        assert!(master[0].2.contains(id), "{id} not in {}", master[0].2);
        assert!(!got.iter().any(|f| f.0 == id), "{id} reported on its own");
    }
    // Standalone, the same draft gets those findings one by one.
    let alone = findings(&lint_json(&sow, &["--doc-type", "standalone"]));
    assert!(!alone.iter().any(|f| f.0 == "DOC-MASTER"));
    assert!(alone.iter().any(|f| f.0 == "LIAB-001"), "{alone:?}");
    let (_, human, _) = run(&[
        "lint",
        sow.to_str().unwrap(),
        "--no-config",
        "--no-fail",
        "--color",
        "never",
    ]);
    assert!(human.contains("made under a master agreement"), "{human}");
}

const MANAGED: &str = "# Managed IT services agreement

The Provider supplies ongoing managed IT support for the Client's two offices: help desk, \
patching and monitoring, each month of the term.

The Provider answers 90% of tickets within 2 business hours each month, measured from the \
ticketing system, and sends a monthly service report.
";

#[test]
fn a_managed_service_gets_service_rules_and_a_project_deliverable_rules() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("managed.md");
    std::fs::write(&draft, MANAGED).unwrap();
    let deliverable_rules = ["SCOPE-004", "SCOPE-005", "SCOPE-006"];
    let service = findings(&lint_json(&draft, &[]));
    assert!(
        !service
            .iter()
            .any(|f| deliverable_rules.contains(&f.0.as_str())),
        "{service:?}"
    );
    assert!(service.iter().any(|f| f.0 == "TERM-002"), "{service:?}");
    let (_, human, _) = run(&[
        "lint",
        draft.to_str().unwrap(),
        "--no-config",
        "--no-fail",
        "--color",
        "never",
    ]);
    assert!(
        human.contains("as an ongoing managed service") && human.contains("--doc-type"),
        "{human}"
    );
    let project = findings(&lint_json(&draft, &["--doc-type", "project"]));
    assert!(project.iter().any(|f| f.0 == "SCOPE-004"), "{project:?}");
    assert!(!project.iter().any(|f| f.0 == "TERM-002"), "{project:?}");
}

#[test]
fn a_contract_not_in_english_gets_one_finding_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("contrato.md");
    std::fs::write(
        &draft,
        "# Contrato de prestación de servicios\n\nEl Proveedor prestará servicios de \
         contabilidad al Cliente durante doce meses a partir de la fecha de firma. El Cliente \
         pagará al Proveedor una tarifa mensual de novecientos euros. Cualquiera de las partes \
         podrá resolver el contrato con un preaviso de treinta días. Este contrato se rige por \
         la legislación española y las partes se someten a los tribunales de Madrid.\n",
    )
    .unwrap();
    let got = findings(&lint_json(&draft, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "LINT-LANGUAGE");
    assert!(
        got[0].2.contains("Spanish") && got[0].2.contains("vendorkit reads English contracts"),
        "{got:?}"
    );
}

#[test]
fn formats_vendorkit_cannot_read_exit_2_alone_and_inside_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("drafts");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("managed.md"), MANAGED).unwrap();
    let unreadable = [
        (
            "draft.rtf",
            &b"{\\rtf1\\ansi The laws of Ireland govern this contract.}"[..],
        ),
        (
            "draft.doc",
            &b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old Word"[..],
        ),
        ("draft.odt", &b"PK\x03\x04 OpenDocument"[..]),
        ("draft.pages", &b"PK\x03\x04 Pages"[..]),
    ];
    for (name, bytes) in unreadable {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, out, err) = run(&["lint", path.to_str().unwrap(), "--no-config"]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(
            format!("{out}{err}").contains("save it as .docx (Word) or PDF"),
            "{name}: {out}{err}"
        );
    }
    std::fs::write(folder.join("old.rtf"), unreadable[0].1).unwrap();
    let (code, out, err) = run(&[
        "lint",
        folder.to_str().unwrap(),
        "--no-config",
        "--color",
        "never",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("old.rtf") && all.contains("save it as .docx"),
        "{all}"
    );
    // The readable draft beside it is still checked.
    assert!(all.contains("managed.md"), "{all}");
}
