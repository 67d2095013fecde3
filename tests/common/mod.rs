//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

/// The binary, run from the crate root with a clean environment for colour.
pub fn vendorkit() -> Command {
    let mut c = Command::cargo_bin("vendorkit").expect("binary builds");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("NO_COLOR");
    c
}

/// Run with `args`, return (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = vendorkit().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run and parse standard output as JSON.
pub fn run_json(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(args);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"));
    (code, v)
}

/// Rule ids of every finding in a JSON report, sorted and de-duplicated.
pub fn rule_ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The file paths of a JSON report, in report order.
pub fn paths(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}
