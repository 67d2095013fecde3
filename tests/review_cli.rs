//! `vendorkit review` and the commands around it, driven through the binary.

mod common;

use common::{rule_ids, run, run_json, vendorkit};
use serde_json::Value;

const CLEAN_SAMPLES: &[&str] = &[
    "samples/bookkeeping-uk-cafe.yaml",
    "samples/it-support-dental.yaml",
    "samples/payroll-spain.yaml",
];

#[test]
fn complete_samples_review_clean() {
    for s in CLEAN_SAMPLES {
        let (code, out, _) = run(&["review", s, "--fail-on", "info"]);
        assert_eq!(code, 0, "{s}:\n{out}");
        assert!(out.contains("1 clean"), "{out}");
    }
}

#[test]
fn flawed_samples_trip_exactly_the_rules_they_were_built_for() {
    let cases: &[(&str, &[&str], i32)] = &[
        (
            "samples/customer-support-ecommerce-flawed.yaml",
            &["REV-004", "REV-010", "REV-012", "REV-013"],
            1,
        ),
        (
            "samples/social-media-bakery-flawed.yaml",
            &[
                "REV-001", "REV-003", "REV-008", "REV-017", "REV-018", "REV-019",
            ],
            1,
        ),
    ];
    for (file, expected, code) in cases {
        let (got_code, report) = run_json(&["review", file, "--format", "json"]);
        assert_eq!(&got_code, code, "{file}");
        assert_eq!(rule_ids(&report), *expected, "{file}");
        // The sample's header comment names the same rules.
        let text = std::fs::read_to_string(file).unwrap();
        for id in *expected {
            assert!(
                text.lines().take(8).any(|l| l.contains(id)),
                "{file} header does not name {id}"
            );
        }
    }
}

/// (fixture, rule, line:column, fragment of the message)
const BROKEN: &[(&str, &str, &str, &str)] = &[
    (
        "syntax-unclosed-flow",
        "LOAD-SYNTAX",
        "38:15",
        "did not find expected ',' or '}'",
    ),
    (
        "syntax-bad-indent",
        "LOAD-SYNTAX",
        "6:12",
        "did not find expected key",
    ),
    (
        "duplicate-key",
        "LOAD-DUPLICATE-KEY",
        "8:3",
        "duplicate key `term_months` (first given on line 7)",
    ),
    (
        "unknown-key-typo",
        "LOAD-UNKNOWN-KEY",
        "5:3",
        "unknown key `titel` in engagement",
    ),
    (
        "unknown-top-level",
        "LOAD-UNKNOWN-KEY",
        "42:1",
        "unknown key `terminaton`",
    ),
    (
        "missing-title",
        "LOAD-MISSING",
        "3:1",
        "missing required field `title` in engagement",
    ),
    (
        "wrong-type-number",
        "LOAD-TYPE",
        "7:16",
        "expected a whole number, found text `six`",
    ),
    (
        "wrong-type-string",
        "LOAD-TYPE",
        "9:15",
        "expected text, found a whole number `12345`",
    ),
    (
        "wrong-type-list",
        "LOAD-TYPE",
        "18:13",
        "objectives: expected a list",
    ),
    (
        "bad-enum",
        "LOAD-VALUE",
        "14:9",
        "`company` is not one of firm, agency, individual",
    ),
    (
        "bad-date",
        "LOAD-VALUE",
        "6:15",
        "`2026-02-30` is not a valid date",
    ),
    (
        "bad-date-format",
        "LOAD-VALUE",
        "6:15",
        "`05/01/2026` is not a valid date",
    ),
    (
        "bad-country",
        "LOAD-VALUE",
        "10:12",
        "`UK` is not an ISO 3166-1 alpha-2 country code",
    ),
    (
        "bad-currency",
        "LOAD-VALUE",
        "40:19",
        "`GPB` is not an ISO 4217 currency code",
    ),
    (
        "bad-timezone",
        "LOAD-VALUE",
        "11:13",
        "`Europe/Londn` is not an IANA time zone",
    ),
    (
        "bad-kpi-objective",
        "LOAD-REFERENCE",
        "34:53",
        "`OBJ-9` is not the id of any objective",
    ),
    (
        "bad-trial-criteria",
        "LOAD-REFERENCE",
        "32:22",
        "`BK-1` is not the id of any KPI",
    ),
    (
        "bad-scope-function",
        "LOAD-REFERENCE",
        "24:27",
        "`F-PY` is not the id of any function",
    ),
    (
        "bad-trial-scope",
        "LOAD-REFERENCE",
        "31:11",
        "`S2` is not the id of any task",
    ),
    (
        "duplicate-id",
        "LOAD-REFERENCE",
        "35:11",
        "id `BK-01` is used twice in kpis",
    ),
    (
        "negative-number",
        "LOAD-VALUE",
        "7:16",
        "`-6` is out of range",
    ),
    (
        "wrong-schema-version",
        "LOAD-VALUE",
        "2:17",
        "`2` is out of range; expected a value of 1",
    ),
    (
        "bad-time",
        "LOAD-VALUE",
        "37:27",
        "overlap_hours.start: `9am` is not in the expected form",
    ),
    (
        "null-value",
        "LOAD-TYPE",
        "5:3",
        "engagement.title: expected text, found no value",
    ),
    (
        "not-a-mapping",
        "LOAD-TYPE",
        "1:1",
        "must be a YAML mapping",
    ),
    ("empty", "LOAD-SYNTAX", "1:1", "the file is empty"),
];

#[test]
fn broken_engagements_exit_2_with_the_place_and_the_problem() {
    let mut failures = Vec::new();
    for (name, rule, place, fragment) in BROKEN {
        let path = format!("tests/fixtures/broken/{name}.yaml");
        let (code, report) = run_json(&["review", &path, "--format", "json"]);
        let findings = report["files"][0]["findings"].as_array().unwrap();
        let hit = findings.iter().any(|d| {
            let at = format!("{}:{}", d["location"]["line"], d["location"]["column"]);
            d["rule"] == *rule && at == *place && d["message"].as_str().unwrap().contains(fragment)
        });
        if code != 2 || !hit || report["files"][0]["status"] != "unusable" {
            failures.push(format!("{name}: exit {code}, findings {findings:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(BROKEN.len() >= 20);
}

/// A block best practice expects, left out, is the review finding of the mistake it leaves
/// open (exit 1), at the place it belongs; `--strict` makes it a load error (exit 2), as it was.
#[test]
fn expected_blocks_left_out_are_findings_unless_strict() {
    let cases = [
        (
            "missing-block",
            "REV-008",
            "38:1",
            "no `change_control` block",
            "missing required field `change_control`",
        ),
        (
            "data-without-nda",
            "REV-012",
            "41:1",
            "no `nda` block",
            "`data` is present but there is no `nda` block",
        ),
    ];
    for (name, rule, place, message, strict_message) in cases {
        let path = format!("tests/fixtures/broken/{name}.yaml");
        let (code, report) = run_json(&["review", &path, "--format", "json"]);
        assert_eq!(code, 1, "{name}");
        let findings = report["files"][0]["findings"].as_array().unwrap();
        let hits: Vec<_> = findings
            .iter()
            .filter(|d| d["message"].as_str().unwrap().starts_with(message))
            .collect();
        assert_eq!(hits.len(), 1, "{name}: {findings:#?}");
        let at = format!(
            "{}:{}",
            hits[0]["location"]["line"], hits[0]["location"]["column"]
        );
        assert_eq!(
            (hits[0]["rule"].as_str().unwrap(), at.as_str()),
            (rule, place),
            "{name}"
        );
        assert!(
            hits[0]["model"].as_str().is_some(),
            "{name}: a snippet to paste"
        );
        let (code, report) = run_json(&["review", &path, "--format", "json", "--strict"]);
        assert_eq!(code, 2, "{name} --strict");
        let strict = report["files"][0]["findings"].as_array().unwrap();
        assert!(
            strict.iter().any(|d| d["rule"] == "LOAD-MISSING"
                && d["message"].as_str().unwrap().contains(strict_message)),
            "{name} --strict: {strict:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let (code, out, _) = run(&["review", "tests/fixtures/many-errors.yaml"]);
    assert_eq!(code, 2);
    for needle in [
        "many-errors.yaml:5:11",
        "did you mean `draft`?",
        "many-errors.yaml:6:15",
        "many-errors.yaml:10:12",
        "the code for the United Kingdom is `GB`",
        "did you mean `F-BK`?",
        "did you mean `OBJ-1`?",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

#[test]
fn human_output_shows_the_offending_line() {
    let (code, out, _) = run(&[
        "review",
        "tests/fixtures/broken/bad-enum.yaml",
        "--color",
        "never",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains(
        "error[LOAD-VALUE]: vendor.type: `company` is not one of firm, agency, individual"
    ));
    assert!(out.contains("--> tests/fixtures/broken/bad-enum.yaml:14:9"));
    assert!(out.contains("14 |   type: company"));
    assert!(out.contains("^^^^^^^"));
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
    let (_, coloured, _) = run(&[
        "review",
        "tests/fixtures/broken/bad-enum.yaml",
        "--color",
        "always",
    ]);
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn json_report_is_versioned_and_complete() {
    let (code, v) = run_json(&[
        "review",
        "samples/social-media-bakery-flawed.yaml",
        "samples/bookkeeping-uk-cafe.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["command"], "review");
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["clean"], 1);
    let f = &v["files"][0];
    assert_eq!(f["path"], "samples/social-media-bakery-flawed.yaml");
    assert_eq!(f["status"], "checked");
    let d = &f["findings"].as_array().unwrap()[0];
    for key in ["rule", "severity", "message", "help"] {
        assert!(d.get(key).is_some(), "missing {key}: {d}");
    }
    let loc = &d["location"];
    assert!(
        loc["line"].as_u64().unwrap() > 0 && loc["byte_end"].as_u64() >= loc["byte_start"].as_u64()
    );
}

#[test]
fn sarif_lists_rules_and_points_results_at_them() {
    let (code, out, _) = run(&[
        "review",
        "samples/customer-support-ecommerce-flawed.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "REV-012" && r["help"]["text"].as_str().unwrap().len() > 40)
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "samples/customer-support-ecommerce-flawed.yaml"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() > 5);
    }
}

#[test]
fn junit_has_a_case_per_rule_failing_at_fail_on() {
    let (_, out, _) = run(&[
        "review",
        "samples/social-media-bakery-flawed.yaml",
        "samples/payroll-spain.yaml",
        "--format",
        "junit",
    ]);
    // A case per review rule per file; only the rule with an error fails at --fail-on error,
    // the six rules with findings at --fail-on info.
    assert_eq!(junit_counts(&out), (2, 42, 1));
    let (_, out, _) = run(&[
        "review",
        "samples/social-media-bakery-flawed.yaml",
        "samples/payroll-spain.yaml",
        "--format",
        "junit",
        "--fail-on",
        "info",
    ]);
    assert_eq!(junit_counts(&out), (2, 42, 6));
    assert!(out.contains(
        "<testcase name=\"REV-010 No trial period, or a trial without criteria, decision or exit\""
    ));
    assert!(!out.contains(" at "), "no line numbers in case names");
}

/// Test suites, test cases and failures of a JUnit report (well-formed XML, or the test fails).
fn junit_counts(out: &str) -> (usize, usize, usize) {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let mut reader = Reader::from_str(out);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().into_inner() {
                "testsuite" => suites += 1,
                "testcase" => cases += 1,
                "failure" => failures += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (suites, cases, failures)
}

#[test]
fn github_format_writes_workflow_commands() {
    let (_, out, _) = run(&[
        "review",
        "samples/social-media-bakery-flawed.yaml",
        "--format",
        "github",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().any(|l| {
        l.starts_with("::error file=samples/social-media-bakery-flawed.yaml,line=38,col=29,")
            && l.contains("title=REV-001 error::")
    }));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice ") && l.contains("REV-019"))
    );
}

#[test]
fn fail_on_and_no_fail_decide_the_exit_code() {
    let flawed = "samples/customer-support-ecommerce-flawed.yaml";
    assert_eq!(run(&["review", flawed]).0, 1, "has an error-level finding");
    let warn_only = "samples/social-media-bakery-flawed.yaml";
    assert_eq!(run(&["review", warn_only, "--fail-on", "error"]).0, 1);
    assert_eq!(run(&["review", warn_only, "--no-fail"]).0, 0);
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("only-info.yaml");
    let text = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml")
        .unwrap()
        .replace("two_way_feedback: true", "two_way_feedback: false");
    std::fs::write(&p, text).unwrap();
    let p = p.to_str().unwrap();
    assert_eq!(
        run(&["review", p]).0,
        0,
        "an info finding does not fail by default"
    );
    assert_eq!(run(&["review", p, "--fail-on", "info"]).0, 1);
    assert_eq!(run(&["review", "no/such/file.yaml"]).0, 2);
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let (code, v) = run_json(&[
        "review",
        "tests/fixtures/broken/bad-date.yaml",
        "samples/payroll-spain.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2);
    assert_eq!(v["files"][1]["status"], "checked");
    assert_eq!(v["summary"]["unusable"], 1);
    // The broken file's problems are load errors, not findings of the run.
    assert_eq!(v["summary"]["errors"], 0);
    assert!(v["summary"]["load_errors"].as_u64().unwrap() >= 1, "{v}");
}

#[test]
fn an_end_date_is_pointed_at_term_months_and_counted_as_a_load_error() {
    let (_dir, path) = edited_sample("end-date.yaml", |t| {
        t.replace("  term_months: 12\n", "  end_date: 2026-02-02\n")
    });
    let (code, out, _) = run(&["review", &path]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("unknown key `end_date`"), "{out}");
    assert!(out.contains("`term_months: 12`"), "{out}");
    // One problem, not a second "missing term_months" built on the same line.
    assert!(
        !out.contains("missing required field `term_months`"),
        "{out}"
    );
    assert!(out.contains("1 file checked: 0 clean, 0 errors"), "{out}");
    assert!(
        out.contains("could not be used (1 load error; exit 2)"),
        "{out}"
    );
}

#[test]
fn schema_is_generated_and_the_committed_copy_is_current() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("schema/engagement.schema.json").unwrap();
    assert!(
        out == committed,
        "schema/engagement.schema.json is stale: run `cargo run -- schema > schema/engagement.schema.json`"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["properties"]["kpis"].is_object());
    for sample in std::fs::read_dir("samples").unwrap() {
        let path = sample.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let first = std::fs::read_to_string(&path).unwrap();
            assert!(
                first.starts_with(
                    "# yaml-language-server: $schema=../schema/engagement.schema.json"
                ),
                "{} lacks the schema comment",
                path.display()
            );
        }
    }
}

#[test]
fn init_writes_a_valid_starter_that_review_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("payroll.yaml");
    let p = path.to_str().unwrap();
    let (code, _, err) = run(&["init", "--function", "payroll", p]);
    assert_eq!(code, 0, "{err}");
    let (code, v) = run_json(&["review", p, "--format", "json"]);
    assert_eq!(code, 1, "TODO markers fail the review");
    assert_eq!(
        v["files"][0]["status"], "checked",
        "the starter itself is valid"
    );
    assert!(rule_ids(&v).contains(&"REV-021".to_string()));
    let (code, _, err) = run(&["init", p]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists; pass --force"));
    assert_eq!(run(&["init", "--force", p]).0, 0);
}

#[test]
fn rules_explain_and_completions() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    for i in 1..=21 {
        assert!(
            out.contains(&format!("REV-{i:03}")),
            "REV-{i:03} not listed"
        );
    }
    let (code, out, _) = run(&["explain", "rev-010"]);
    assert_eq!(code, 0);
    for part in [
        "REV-010",
        "What it checks",
        "Why it matters",
        "Instead",
        "M7",
    ] {
        assert!(out.contains(part), "{part} missing from:\n{out}");
    }
    let (code, _, err) = run(&["explain", "REV-100"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean"), "{err}");
    let (code, out, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("vendorkit") && out.contains("review"));
    let (code, _, _) = run(&["no-such-command"]);
    assert_eq!(code, 2);
    vendorkit()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
}

/// A copy of the UK sample with `edit` applied to its text, written to a temporary file.
fn edited_sample(name: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml").unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, edit(text)).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

/// `text` without its top-level block `key` (the key line and the indented lines under it).
fn without_block(text: &str, key: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with([' ', '#']) && !line.is_empty() {
            inside = line.starts_with(&format!("{key}:"));
        }
        if !inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert_ne!(out.len(), text.len(), "no `{key}` block");
    out
}

#[test]
fn a_bad_value_gets_one_error_and_nothing_built_on_it() {
    // A bad vendor country and no `legal` block: the code is wrong, and that is all; "different
    // countries but no legal block" would be built on a value already known to be wrong.
    let (_dir, path) = edited_sample("bad-country.yaml", |t| {
        without_block(&t.replace("  country: IN\n", "  country: UK\n"), "legal")
    });
    let (code, out, _) = run(&["review", &path]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("`UK` is not an ISO 3166-1 alpha-2"), "{out}");
    assert!(!out.contains("different countries"), "{out}");
    // With a valid code the cross-border check still speaks.
    let (_dir, path) = edited_sample("no-legal.yaml", |t| without_block(&t, "legal"));
    let (_, out, _) = run(&["review", &path]);
    assert!(out.contains("different countries"), "{out}");
}

#[test]
fn a_type_error_names_the_type_once() {
    let (_dir, path) = edited_sample("list-term.yaml", |t| {
        t.replace("  term_months: 12\n", "  term_months: [12]\n")
    });
    let (code, out, _) = run(&["review", &path]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("engagement.term_months: expected a whole number, found a list"),
        "{out}"
    );
    assert!(!out.contains("a list a list"), "{out}");
}

/// An identity-only engagement (six lines) loads and reviews: one finding per block it leaves
/// out, each the rule of the mistake it leaves open (no trial is REV-010), where the block
/// belongs, with the starter's text to paste; `--strict` refuses it as before.
#[test]
fn an_identity_only_engagement_reviews_with_a_finding_per_missing_block() {
    let path = "tests/fixtures/identity-only.yaml";
    let (code, report) = run_json(&["review", path, "--format", "json"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["unusable"], 0, "{report}");
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let missing: Vec<(&str, &str)> = findings
        .iter()
        .filter_map(|d| {
            let m = d["message"].as_str().unwrap();
            m.starts_with("no `")
                .then(|| (d["rule"].as_str().unwrap(), m))
        })
        .collect();
    for (rule, block) in [
        ("REV-001", "objectives"),
        ("REV-001", "scope"),
        ("REV-002", "kpis"),
        ("REV-010", "trial"),
        ("REV-017", "communication"),
        ("REV-018", "scaling"),
        ("REV-020", "termination"),
        ("REV-008", "change_control"),
        ("REV-006", "fees"),
        ("REV-006", "start_date"),
    ] {
        let hits = missing
            .iter()
            .filter(|(r, m)| *r == rule && m.starts_with(&format!("no `{block}`")))
            .count();
        assert_eq!(hits, 1, "{rule} {block}: {missing:#?}");
    }
    // Nothing but the blocks themselves, and findings about what the file does say.
    assert!(
        findings
            .iter()
            .all(|d| d["rule"].as_str().unwrap().starts_with("REV-"))
    );
    let trial = findings
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("no `trial` block")
        })
        .unwrap();
    assert!(
        trial["model"]
            .as_str()
            .unwrap()
            .starts_with("trial:\n  required: true")
    );
    assert!(trial["help"].as_str().unwrap().contains("vendorkit init"));
    // A field points at its block's line.
    let start = findings
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("no `start_date`")
        })
        .unwrap();
    assert_eq!(start["location"]["line"], 1);

    let (code, report) = run_json(&["review", path, "--format", "json", "--strict"]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["files"][0]["status"], "unusable");
}
