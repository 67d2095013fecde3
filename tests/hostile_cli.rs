//! The hostile and broken inputs of tests/hostile/ (made by tests/hostile/make.py, listed with
//! the message each must give in tests/hostile/EXPECT): every one exits 2 with a message that
//! names the file and the problem, never panics, writes nothing, and finishes within a time
//! and memory bound (1 GB of address space, 30 s).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

/// Run vendorkit under a 1 GB address-space limit; returns (exit code, stdout + stderr, time).
fn bounded(args: &[&str]) -> (i32, String, Duration) {
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let start = Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(&bin)
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile"))
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text, start.elapsed())
}

#[test]
fn every_hostile_input_is_refused_clearly_and_safely() {
    let list =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/EXPECT"))
            .unwrap();
    let cases: Vec<Vec<&str>> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(cases.len() >= 40, "only {} hostile inputs", cases.len());
    let out_dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let [file, command, fragment] = case[..] else {
            panic!("bad EXPECT line: {case:?}");
        };
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/hostile")
                .join(file)
                .is_file(),
            "{file} is listed but missing: run tests/hostile/make.py"
        );
        let mut words: Vec<&str> = command.split(' ').collect();
        words.insert(1, file);
        if words[0] == "lint" {
            words.push("--no-config");
        }
        let mut runs = vec![words.clone()];
        // An engagement that cannot be reviewed must not produce a packet either.
        let out = out_dir.path().join(file);
        let out = out.to_str().unwrap().to_string();
        if words[0] == "review" {
            let mut packet = words.clone();
            packet[0] = "packet";
            packet.extend(["-o", &out]);
            runs.push(packet);
        }
        for args in runs {
            let (code, text, took) = bounded(&args);
            let problem = if code != 2 {
                Some(format!("exit {code}, not 2"))
            } else if !text.contains(fragment) {
                Some(format!("no {fragment:?} in the message"))
            } else if !text.contains(file) {
                Some("the message does not name the file".into())
            } else if text.contains("panicked") {
                Some("panicked".into())
            } else if took > Duration::from_secs(30) {
                Some(format!("took {took:?}"))
            } else {
                None
            };
            if let Some(p) = problem {
                failures.push(format!("{}: {p}\n{text}", args.join(" ")));
            }
        }
        let written: Vec<_> = std::fs::read_dir(out_dir.path())
            .unwrap()
            .flatten()
            .flat_map(|e| walk(&e.path()))
            .collect();
        assert!(written.is_empty(), "{file}: output written: {written:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|e| walk(&e.path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

#[test]
fn a_symlink_loop_in_a_folder_does_not_hang_the_walk() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/payroll-spain.yaml"),
        tmp.path().join("a.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path(), tmp.path().join("loop")).unwrap();
    let (code, out, _) = common::run(&["review", tmp.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(common::paths(&serde_json::from_str(&out).unwrap()).len(), 1);
}

#[test]
fn an_unreadable_folder_entry_is_a_failed_input_not_a_silent_skip() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/payroll-spain.yaml");
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::copy(&sample, root.join("a.yaml")).unwrap();
    let locked = root.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(&sample, locked.join("b.yaml")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything, so as root the run drops to the `nobody` user (setpriv, util-linux).
    let root_user = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let mut cmd = if root_user {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .args(["review", ".", "--format", "json"])
        .current_dir(root)
        .output()
        .expect("runs");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "./a.yaml" && f["status"] == "checked"),
        "{v}"
    );
    assert!(
        files.iter().any(|f| f["path"] == "./locked"
            && f["status"] == "unusable"
            && f["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("cannot be read")),
        "{v}"
    );
    assert!(
        stderr.contains("failed: ./locked: cannot be read"),
        "{stderr}"
    );
}
