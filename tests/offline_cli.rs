//! Trust: the whole command surface runs without opening a single socket (checked with strace,
//! which .ci/run installs), and a batch killed with SIGKILL leaves only complete files behind.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

/// Run vendorkit under strace; returns its exit code and every socket-related call it made.
fn traced(args: &[&str], dir: &Path) -> (i32, Vec<String>) {
    let log = dir.join(format!("strace-{}.log", args[0]));
    let status = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=%network",
            "-e",
            "signal=none",
            "-o",
        ])
        .arg(&log)
        .arg(assert_cmd::cargo::cargo_bin("vendorkit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("strace runs");
    let calls = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (status.code().unwrap_or(-1), calls)
}

#[test]
fn no_command_opens_a_socket() {
    let available = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have strace (.ci/run installs it)"
        );
        eprintln!("strace not installed: the no-network check is skipped here");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let draft = tmp.path().join("draft.docx");
    let md = std::fs::read_to_string("samples/contracts/bookkeeping-sow-good.md").unwrap();
    std::fs::write(
        &draft,
        common::docx::package(&common::docx::from_markdown(&md), None, None, None),
    )
    .unwrap();
    let init = tmp.path().join("new.yaml");
    let redlined = tmp.path().join("redlined.docx");
    // Written by the packet run before it.
    let sow_pdf = out.join("HVC-BK-2025-01/sow.pdf");
    let runs: Vec<Vec<&str>> = vec![
        vec!["review", "samples", "--format", "sarif"],
        vec![
            "packet",
            "samples",
            "-o",
            out.to_str().unwrap(),
            "--format",
            "pdf,docx",
        ],
        vec![
            "lint",
            "samples/contracts",
            "tests/fixtures/contracts",
            draft.to_str().unwrap(),
            "--engagement",
            "samples/bookkeeping-uk-cafe.yaml",
            "--format",
            "json",
        ],
        vec!["text", sow_pdf.to_str().unwrap()],
        vec![
            "redline",
            draft.to_str().unwrap(),
            "-o",
            redlined.to_str().unwrap(),
            "--engagement",
            "samples/bookkeeping-uk-cafe.yaml",
        ],
        vec!["init", init.to_str().unwrap()],
        vec!["rules", "--format", "json"],
        vec!["explain", "SEC-002"],
        vec!["schema"],
        vec!["completions", "bash"],
    ];
    for args in runs {
        let (code, calls) = traced(&args, tmp.path());
        assert!(code == 0 || code == 1, "{args:?} exited {code}");
        assert!(calls.is_empty(), "{args:?} made network calls: {calls:#?}");
    }
}

#[test]
fn a_batch_killed_midway_leaves_only_complete_files() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let sample = std::fs::read_to_string("samples/it-support-dental.yaml").unwrap();
    for i in 0..60 {
        std::fs::write(
            inputs.join(format!("e{i:03}.yaml")),
            sample.replace("id: BRS-IT-2026-01", &format!("id: KILL-{i:03}")),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vendorkit"))
        .args([
            "packet",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some packets are written and many are not.
    let start = Instant::now();
    while std::fs::read_dir(&out).map_or(0, |d| d.count()) < 5
        && start.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut complete = 0;
    for folder in std::fs::read_dir(&out).unwrap().flatten() {
        for file in std::fs::read_dir(folder.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                assert!(name.contains(".vendorkit-tmp-"), "{name}");
                continue; // an unfinished temporary file, never a half-written output
            }
            let bytes = std::fs::read(file.path()).unwrap();
            let pages = vendorkit::pdf::read_text(&bytes)
                .unwrap_or_else(|e| panic!("{name} in {folder:?} is not a whole PDF: {e}"));
            assert!(!pages.is_empty());
            complete += 1;
        }
    }
    assert!(complete > 0, "nothing was written before the kill");
    // A second run finishes the batch and clears what the killed one left.
    let (code, _, err) = common::run(&[
        "packet",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    for folder in std::fs::read_dir(&out).unwrap().flatten() {
        if folder.path().is_dir() {
            let names: Vec<String> = std::fs::read_dir(folder.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(names.len(), 3, "{names:?}");
        }
    }
}
