//! Many inputs: worker pool, order, progress and summary lines.

mod common;

use common::run;

#[test]
fn output_is_the_same_whatever_the_number_of_workers() {
    for args in [
        &[
            "review",
            "samples",
            "tests/fixtures/broken",
            "--format",
            "json",
        ][..],
        &[
            "lint",
            "samples/contracts",
            "tests/fixtures/lint",
            "--format",
            "json",
            "--no-config",
            "--no-fail",
        ][..],
    ] {
        let one = run(&[args, &["--jobs", "1"]].concat());
        let two = run(&[args, &["--jobs", "2"]].concat());
        let many = run(&[args, &["--jobs", "7"]].concat());
        assert_eq!(one.0, two.0);
        assert_eq!(one.1, two.1, "{args:?}: output depends on scheduling");
        assert_eq!(one.1, many.1);
        let v: serde_json::Value = serde_json::from_str(&one.1).unwrap();
        let paths = common::paths(&v);
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "results come in input (sorted path) order");
    }
}

#[test]
fn no_progress_bar_off_a_terminal_and_quiet_means_quiet() {
    let (_, _, err) = run(&["review", "samples", "--format", "json"]);
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}'),
        "no progress drawing when stderr is not a terminal: {err:?}"
    );
    assert!(
        err.contains("5 files: 3 clean, 2 with findings, 0 failed, in "),
        "a summary closes a batch: {err:?}"
    );
    let (_, _, err) = run(&["review", "samples", "--format", "json", "--quiet"]);
    assert!(err.is_empty(), "{err:?}");
}

/// On a terminal (a pseudo-terminal made by util-linux's `script`, part of every Debian), the
/// bar shows files done of the total, a whole-number rate, the ETA and the file in hand.
#[test]
fn a_terminal_gets_a_progress_bar() {
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let inner = format!(
        "'{}' review samples --format json > /dev/null",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &inner, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm")
        .output()
        .expect("util-linux `script` makes the terminal for this test");
    let err = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "findings: {err}");
    let rate = regex::Regex::new(r"[0-9]/5 files  [0-9,]+/s  eta [0-9]+s  samples/").unwrap();
    assert!(rate.is_match(&err), "a progress line: {err:?}");
    assert!(
        !regex::Regex::new(r"\.[0-9]+/s").unwrap().is_match(&err),
        "the rate is a whole number: {err:?}"
    );
    assert!(
        err.contains("5 files: 3 clean, 2 with findings, 0 failed, in "),
        "{err:?}"
    );
}

#[test]
fn packets_in_parallel_report_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().to_str().unwrap();
    let (code, _, err) = run(&[
        "packet",
        "samples",
        "tests/fixtures/broken/bad-date.yaml",
        "-o",
        o,
        "--format",
        "md",
        "--jobs",
        "2",
    ]);
    assert_eq!(code, 2);
    let wrote: Vec<&str> = err.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert_eq!(wrote.len(), 5);
    let order: Vec<&str> = wrote
        .iter()
        .map(|l| l.rsplit(" from ").next().unwrap())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(err.contains("bad-date.yaml:6:15"));
}

#[test]
fn shards_cover_the_batch_once() {
    let mut union = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (_, out, _) = run(&[
            "review",
            "samples",
            "tests/fixtures/broken",
            "--format",
            "json",
            "--shard",
            &shard,
            "--quiet",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        union.extend(common::paths(&v));
    }
    let (_, out, _) = run(&[
        "review",
        "samples",
        "tests/fixtures/broken",
        "--format",
        "json",
        "--quiet",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut all = common::paths(&v);
    union.sort();
    all.sort();
    assert_eq!(
        union, all,
        "the shards together are the whole batch, with no overlap"
    );
    let (code, _, err) = run(&["review", "samples", "--shard", "4/3"]);
    assert_eq!(code, 2);
    assert!(err.contains("K must be between 1 and N"), "{err}");
}

#[test]
fn globs_and_paths_from_standard_input() {
    let (_, out, _) = run(&[
        "review",
        "samples/*-flawed.yaml",
        "--format",
        "json",
        "--quiet",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    let out = common::vendorkit()
        .args(["review", "--files-from", "-", "--format", "json", "--quiet"])
        .write_stdin("samples/payroll-spain.yaml\nsamples/payroll-spain.yaml\n\nsamples/it-support-dental.yaml\n")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths = common::paths(&v);
    assert_eq!(
        paths,
        [
            "samples/payroll-spain.yaml",
            "samples/it-support-dental.yaml"
        ],
        "each path once"
    );
    let (code, _, err) = run(&["review", "samples/*.nothing"]);
    assert_eq!(code, 2);
    assert!(err.contains("matches no files"), "{err}");
    // A list in a file, with paths given beside it.
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, "samples/payroll-spain.yaml\n").unwrap();
    let (_, out, _) = run(&[
        "review",
        "samples/it-support-dental.yaml",
        "--files-from",
        list.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(common::paths(&v).len(), 2);
}

/// `-` is a contract's (or an engagement's) content on standard input, reported under
/// `--stdin-filename`, whose extension picks the reader and whose folder the config.
#[test]
fn a_draft_from_standard_input() {
    let text = std::fs::read("samples/contracts/it-support-msa-weak.txt").unwrap();
    let from_file = common::run_json(&[
        "lint",
        "samples/contracts/it-support-msa-weak.txt",
        "--format",
        "json",
        "--no-config",
    ])
    .1;
    let out = common::vendorkit()
        .args(["lint", "-", "--format", "json", "--no-config"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(
        v["files"][0]["findings"], from_file["files"][0]["findings"],
        "the same findings as the file"
    );
    let out = common::vendorkit()
        .args([
            "lint",
            "-",
            "--stdin-filename",
            "drafts/msa.txt",
            "--format",
            "concise",
            "--no-config",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .starts_with("drafts/msa.txt:"),
        "{stdout}"
    );
    // A Word document on standard input is read as Word when its name says so.
    let md = std::fs::read_to_string("samples/contracts/bookkeeping-sow-good.md").unwrap();
    let word = common::docx::package(&common::docx::from_markdown(&md), None, None, None);
    let out = common::vendorkit()
        .args([
            "lint",
            "-",
            "--stdin-filename",
            "sow.docx",
            "--format",
            "json",
            "--no-config",
        ])
        .write_stdin(word)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["status"], "checked", "{v}");
    assert!(
        v["files"][0]["findings"].as_array().unwrap().len() < 5,
        "read as Word, not as zip bytes: {v}"
    );
    let engagement = std::fs::read("samples/bookkeeping-uk-cafe.yaml").unwrap();
    let out = common::vendorkit()
        .args([
            "review",
            "-",
            "--stdin-filename",
            "cafe.yaml",
            "--format",
            "json",
        ])
        .write_stdin(engagement)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "cafe.yaml");
    let (code, _, err) = run(&["packet", "-", "-o", "out"]);
    assert_eq!(code, 2);
    assert!(err.contains("--files-from -"), "{err}");
}

/// The payroll sample with its `client:` block moved into a defaults file.
fn split_client(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let text = std::fs::read_to_string("samples/payroll-spain.yaml").unwrap();
    let start = text.find("\nclient:\n").unwrap() + 1;
    let end = start + text[start..].find("\nvendor:\n").unwrap() + 1;
    let defaults = dir.join("company.yaml");
    std::fs::write(&defaults, &text[start..end]).unwrap();
    let engagement = dir.join("payroll.yaml");
    std::fs::write(&engagement, format!("{}{}", &text[..start], &text[end..])).unwrap();
    (defaults, engagement)
}

#[test]
fn a_defaults_file_is_merged_under_every_engagement() {
    let tmp = tempfile::tempdir().unwrap();
    let (defaults, engagement) = split_client(tmp.path());
    let (d, e) = (defaults.to_str().unwrap(), engagement.to_str().unwrap());
    let (code, _, _) = run(&["review", e, "--quiet"]);
    assert_eq!(code, 2, "without the defaults the client block is missing");
    let (code, out, err) = run(&["review", e, "--defaults", d]);
    assert_eq!(code, 0, "{out}{err}");
    let o = tmp.path().join("out");
    let (code, _, err) = run(&[
        "packet",
        e,
        "--defaults",
        d,
        "-o",
        o.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(code, 0, "{err}");
    let sow = std::fs::read_to_string(o.join("PEN-PY-2026-02/sow.md")).unwrap();
    assert!(sow.contains("Estudio Peña & Muñoz S.L."));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(o.join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest["packets"][0];
    assert_eq!(entry["defaults"]["path"], d);
    assert_eq!(entry["defaults"]["sha256"].as_str().unwrap().len(), 64);

    // The engagement's own values win over the defaults.
    let over = tmp.path().join("override.yaml");
    let text = std::fs::read_to_string(&engagement).unwrap().replace(
        "\nvendor:\n",
        "\nclient: { legal_name: Otra Empresa S.L. }\nvendor:\n",
    );
    std::fs::write(&over, text).unwrap();
    let (code, _, err) = run(&[
        "packet",
        over.to_str().unwrap(),
        "--defaults",
        d,
        "-o",
        tmp.path().join("out2").to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(code, 0, "{err}");
    let sow = std::fs::read_to_string(tmp.path().join("out2/PEN-PY-2026-02/sow.md")).unwrap();
    assert!(sow.contains("Otra Empresa S.L.") && !sow.contains("Estudio Peña"));

    // A broken defaults file stops the run and is shown at its line and column.
    std::fs::write(&defaults, "client:\n  country: 12\n  lgeal_name: X\n").unwrap();
    let (code, _, err) = run(&["review", e, "--defaults", d]);
    assert_eq!(code, 2);
    assert!(err.contains("company.yaml:2:12"), "{err}");
    assert!(err.contains("did you mean `legal_name`"), "{err}");
}

#[test]
fn folder_walks_skip_gitignored_and_hidden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("archive")).unwrap();
    std::fs::create_dir_all(root.join(".drafts")).unwrap();
    std::fs::copy("samples/payroll-spain.yaml", root.join("payroll.yaml")).unwrap();
    std::fs::copy(
        "tests/fixtures/broken/bad-date.yaml",
        root.join("archive/old.yaml"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/broken/bad-date.yaml",
        root.join(".drafts/wip.yaml"),
    )
    .unwrap();
    std::fs::write(root.join(".gitignore"), "archive/\n").unwrap();
    let (code, v) = common::run_json(&["review", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let paths = common::paths(&v);
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("payroll.yaml"));
}

#[test]
fn a_mixed_batch_lists_each_failure_in_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().join("out");
    let evil = tmp.path().join("evil.yaml");
    let text = std::fs::read_to_string("samples/payroll-spain.yaml")
        .unwrap()
        .replace("id: PEN-PY-2026-02", "id: ../../escaped");
    std::fs::write(&evil, text).unwrap();
    let (code, _, err) = run(&[
        "packet",
        "samples/payroll-spain.yaml",
        "tests/fixtures/broken/bad-date.yaml",
        "tests/fixtures/no-such-file.yaml",
        evil.to_str().unwrap(),
        "-o",
        o.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(code, 2, "the worst outcome decides the exit code");
    assert!(o.join("PEN-PY-2026-02/sow.md").is_file());
    assert!(err.contains("4 engagements: 1 written, 3 failed"), "{err}");
    assert!(
        err.contains("failed: tests/fixtures/broken/bad-date.yaml: 6:15:"),
        "{err}"
    );
    assert!(
        err.contains("failed: tests/fixtures/no-such-file.yaml: cannot read"),
        "{err}"
    );
    // An id can never name a folder outside OUT: one with path parts is refused.
    assert!(
        err.contains("evil.yaml: 6:7: engagement.id: `../../escaped` is not in the expected form"),
        "{err}"
    );
    assert!(!tmp.path().join("escaped").exists());
    let inside: Vec<_> = std::fs::read_dir(&o).unwrap().collect();
    assert_eq!(inside.len(), 2, "only PEN-PY-2026-02/ and manifest.json");
}

/// A folder walk for `review` takes engagement files only (and says how many YAML files it
/// passed over), never vendorkit's own config; `include` and `exclude` in .vendorkit.yaml
/// choose what walks take, for `review` and `lint` alike.
#[test]
fn walks_take_only_what_belongs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for f in [
        "bookkeeping-uk-cafe.yaml",
        "payroll-spain.yaml",
        "social-media-bakery-flawed.yaml",
    ] {
        std::fs::copy(format!("samples/{f}"), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("docker-compose.yml"),
        "services:\n  web:\n    image: nginx\n",
    )
    .unwrap();
    std::fs::write(dir.join("vendorkit.yaml"), "fail_on: warning\n").unwrap();
    let d = dir.to_str().unwrap();
    let (code, out, err) = run(&["review", d, "--format", "json"]);
    assert_ne!(code, 2, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths = common::paths(&v);
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(
        err.contains("skipped 1 YAML file with no `engagement:` block"),
        "{err}"
    );
    // A file named on the command line is taken as given.
    let (code, _, _) = run(&["review", dir.join("docker-compose.yml").to_str().unwrap()]);
    assert_eq!(code, 2);

    std::fs::write(dir.join("vendorkit.yaml"), "exclude: [\"*flawed*\"]\n").unwrap();
    let (_, out, _) = run(&["review", d, "--format", "json", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(common::paths(&v).len(), 2);

    // Lint: include narrows a walk to the drafts.
    std::fs::create_dir(dir.join("drafts")).unwrap();
    std::fs::copy(
        "samples/contracts/bookkeeping-sow-good.md",
        dir.join("drafts/sow.md"),
    )
    .unwrap();
    std::fs::write(dir.join("README.md"), "# Our contracts\n").unwrap();
    let (_, out, _) = run(&["lint", d, "--format", "json", "-q", "--no-fail"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(common::paths(&v).len(), 2, "README.md and the draft");
    std::fs::write(dir.join("vendorkit.yaml"), "include: [\"drafts/**\"]\n").unwrap();
    let (_, out, _) = run(&["lint", d, "--format", "json", "-q", "--no-fail"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths = common::paths(&v);
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("drafts/sow.md"));
}
