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

/// GitHub shows 10 annotations per severity per step: vendorkit writes at most 10 of each,
/// then one notice with the count of the rest, and a table in the job summary.
#[test]
fn github_annotations_are_capped_with_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = tmp.path().join("summary.md");
    let out = common::vendorkit()
        .args([
            "lint",
            "samples/contracts",
            "--format",
            "github",
            "--no-config",
            "--no-fail",
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    let count = |prefix: &str| out.lines().filter(|l| l.starts_with(prefix)).count();
    assert!(
        count("::error ") <= 10 && count("::warning ") == 10,
        "{out}"
    );
    let (_, v) = run_json(&[
        "lint",
        "samples/contracts",
        "--format",
        "json",
        "--no-config",
        "--no-fail",
    ]);
    let total: usize = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["findings"].as_array().unwrap().len())
        .sum();
    let shown = count("::error ") + count("::warning ") + count("::notice file=");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("::notice title=vendorkit::")
            && last.contains(&format!("{} more findings not annotated", total - shown)),
        "{last}"
    );
    let md = std::fs::read_to_string(&summary).expect("the job summary is written");
    assert!(md.contains("| File | Errors | Warnings | Infos |"), "{md}");
    assert!(
        md.contains("`samples/contracts/it-support-msa-weak.txt`"),
        "{md}"
    );
}

/// SARIF URIs are relative to the root of the git checkout (or --base-dir), named by a base
/// id, wherever vendorkit runs from; Word and PDF findings name their paragraph or page as a
/// logical location.
#[test]
fn sarif_locations_are_relative_to_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("contracts/vendor")).unwrap();
    std::fs::copy(WEAK, repo.join("contracts/vendor/msa.txt")).unwrap();
    let run_in = |dir: &std::path::Path, args: &[&str]| -> serde_json::Value {
        let out = common::vendorkit()
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let from_sub = run_in(
        &repo.join("contracts"),
        &["lint", "vendor/msa.txt", "--format", "sarif", "--no-config"],
    );
    let from_root = run_in(
        &repo,
        &[
            "lint",
            "contracts/vendor/msa.txt",
            "--format",
            "sarif",
            "--no-config",
        ],
    );
    for v in [&from_sub, &from_root] {
        let run = &v["runs"][0];
        let at = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(at["uri"], "contracts/vendor/msa.txt", "{at}");
        assert_eq!(at["uriBaseId"], "%SRCROOT%");
        let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            root.starts_with("file:///") && root.ends_with("/repo/"),
            "{root}"
        );
    }
    // --base-dir names another root.
    let v = run_in(
        &repo,
        &[
            "lint",
            "contracts/vendor/msa.txt",
            "--format",
            "sarif",
            "--no-config",
            "--base-dir",
            "contracts",
        ],
    );
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "vendor/msa.txt"
    );
    // A Word draft's findings carry the paragraph.
    let md = std::fs::read_to_string("samples/contracts/it-support-msa-weak.txt").unwrap();
    let word = repo.join("msa.docx");
    std::fs::write(
        &word,
        common::docx::package(&common::docx::from_markdown(&md), None, None, None),
    )
    .unwrap();
    let v = run_in(
        &repo,
        &["lint", "msa.docx", "--format", "sarif", "--no-config"],
    );
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["logicalLocations"][0]["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("paragraph "))),
        "{v}"
    );
}

/// JUnit names a case by rule and title, so a case keeps its name (and its CI history) when
/// the draft's lines move; infos and warnings fail only at --fail-on info/warning.
#[test]
fn junit_cases_keep_their_names_when_lines_move() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(WEAK).unwrap();
    let moved = tmp.path().join("moved.txt");
    std::fs::write(&moved, format!("\n\n\nPreamble added later.\n\n{text}")).unwrap();
    let names = |path: &str, fail_on: &str| -> (Vec<String>, usize) {
        let (_, out, _) = run(&[
            "lint",
            path,
            "--format",
            "junit",
            "--no-config",
            "--fail-on",
            fail_on,
        ]);
        let re = regex::Regex::new(r#"<testcase name="([^"]+)""#).unwrap();
        let names = re.captures_iter(&out).map(|c| c[1].to_string()).collect();
        (names, out.matches("<failure").count())
    };
    let (a, errors) = names(WEAK, "error");
    let (b, _) = names(moved.to_str().unwrap(), "error");
    assert_eq!(a, b);
    assert!(a.iter().any(|n| n.starts_with("SEC-002 ")));
    let (_, all) = names(WEAK, "info");
    assert!(
        errors < all,
        "warnings and infos fail only when asked: {errors} vs {all}"
    );
}

/// The SARIF vendorkit writes validates against the official SARIF 2.1.0 JSON Schema (the
/// copy shipped in the serde-sarif crate, found through `cargo metadata`).
#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let meta = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .output()
        .expect("cargo metadata");
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency");
    let schema_path = std::path::Path::new(manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    // The published schema's language-tag patterns have a stray `]`, which ECMAScript reads
    // as a literal and Rust's regex rejects: the same tags, written validly.
    let text = std::fs::read_to_string(schema_path).unwrap().replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("d.md");
    std::fs::write(&draft, "# SOW\n\nThe Provider will perform the services.\n<!-- vendorkit-disable TRIAL-001 reason=\"renewal\" -->\n").unwrap();
    for args in [
        vec![
            "lint",
            "samples/contracts",
            "--format",
            "sarif",
            "--no-config",
            "--ignore",
            "SEC",
        ],
        vec![
            "lint",
            draft.to_str().unwrap(),
            "--format",
            "sarif",
            "--no-config",
        ],
        vec!["review", "samples", "--format", "sarif"],
    ] {
        let (_, v) = run_json(&args);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

/// `-o FILE` writes any report to a file (standard output stays empty); `--quiet` prints only
/// the findings; help pages end with examples; `vendorkit man` prints a manual page; the
/// pre-commit hook's command runs.
#[test]
fn small_cli_habits() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["human", "json", "sarif", "junit", "github", "concise"] {
        let path = tmp.path().join(format!("report.{format}"));
        let (code, out, _) = run(&[
            "lint",
            WEAK,
            "--no-config",
            "--format",
            format,
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{format}");
        assert!(out.is_empty(), "{format}: {out}");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains("SEC-002"), "{format}: {written}");
    }
    // A run that cannot start leaves an earlier report alone.
    let kept = tmp.path().join("report.json");
    let before = std::fs::read(&kept).unwrap();
    let (code, _, _) = run(&[
        "lint",
        WEAK,
        "--select",
        "NOPE-1",
        "-o",
        kept.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read(&kept).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        6,
        "no temporary file left"
    );

    let (_, out, err) = run(&["lint", WEAK, "--no-config", "--quiet", "--color", "never"]);
    assert!(err.is_empty(), "{err}");
    assert!(
        out.contains("SEC-002") && !out.contains("file checked") && !out.contains("note:"),
        "{out}"
    );

    for command in ["init", "review", "packet", "lint"] {
        let (_, out, _) = run(&[command, "--help"]);
        assert!(out.contains("Examples:\n  vendorkit "), "{command}: {out}");
    }
    let (_, jobs, _) = run(&["lint", "--help"]);
    assert_eq!(jobs.matches("one per core").count(), 1, "the default once");

    let (code, page, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        page.contains(".TH vendorkit 1") && page.contains("lint"),
        "{page}"
    );
    let (_, page, _) = run(&["man", "lint"]);
    assert!(
        page.contains(".TH vendorkit-lint 1") && page.contains("\\-\\-select"),
        "{page}"
    );

    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let entry = regex::Regex::new(r"entry: vendorkit (.+)").unwrap();
    let args: Vec<&str> = entry
        .captures(&hooks)
        .unwrap()
        .get(1)
        .unwrap()
        .as_str()
        .split(' ')
        .collect();
    let mut argv = args.clone();
    argv.push("samples/contracts/bookkeeping-sow-good.md");
    argv.push("samples/contracts/it-support-msa-weak.txt");
    let (code, out, _) = run(&argv);
    assert_eq!(code, 1, "the hook fails on the weak draft: {out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("samples/contracts/it-support-msa-weak.txt:"))
    );
}
