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
        .args(["review", "-", "--format", "json", "--quiet"])
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
}
