//! Hostile, broken and crafted inputs, made at test time by tests/hostile/make.py (nothing
//! binary is committed), each listed in its EXPECT with the exit code and the message it must
//! give. Every one runs under a 1 GB address-space limit and a time cap, alone and in one
//! batch with good files: unusable inputs exit 2 with a message naming the file and the
//! problem or limit, crafted but real documents are read normally, nothing panics, nothing is
//! written for an unusable engagement, and a batch always finishes with its summary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Address space allowed to a run of one input, and the most any run may take. A batch at
/// `--jobs 2` may hold two inputs at their peak at once, so it gets twice the space
/// ([`bounded_batch`]); at 1 GB two of the largest PDFs overlapping failed an allocation.
const MEMORY_KB: u64 = 1024 * 1024;
const TIME_CAP: Duration = Duration::from_secs(60);

/// One line of EXPECT.
struct Case {
    file: String,
    command: Vec<String>,
    code: i32,
    fragment: Option<String>,
}

/// Make the inputs in a fresh folder and read their expectations.
fn generate() -> (tempfile::TempDir, Vec<Case>) {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/make.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .output()
        .expect("python3 runs tests/hostile/make.py (install Python 3)");
    assert!(
        out.status.success(),
        "make.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = std::fs::read_to_string(dir.path().join("EXPECT")).unwrap();
    let cases = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('\t').collect();
            let [file, command, code, fragment] = parts[..] else {
                panic!("bad EXPECT line: {l}");
            };
            Case {
                file: file.into(),
                command: command.split(' ').map(String::from).collect(),
                code: code.parse().unwrap(),
                fragment: (fragment != "-").then(|| fragment.to_string()),
            }
        })
        .collect();
    (dir, cases)
}

/// Run vendorkit in `dir` under the memory limit; (exit code, stdout, stderr, time). A run
/// past the time cap is killed and fails the test.
fn bounded(dir: &Path, args: &[String]) -> (i32, String, String, Duration) {
    bounded_to(dir, args, MEMORY_KB)
}

/// [`bounded`] for a batch read two inputs at a time.
fn bounded_batch(dir: &Path, args: &[String]) -> (i32, String, String, Duration) {
    bounded_to(dir, args, 2 * MEMORY_KB)
}

fn bounded_to(dir: &Path, args: &[String], memory_kb: u64) -> (i32, String, String, Duration) {
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {memory_kb}; exec timeout -s KILL {} \"$0\" \"$@\"",
            TIME_CAP.as_secs()
        ))
        .arg(&bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

fn args_for(case: &Case, extra: &[&str]) -> Vec<String> {
    let mut args = case.command.clone();
    args.insert(1, case.file.clone());
    if args[0] == "lint" {
        args.push("--no-config".into());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// What went wrong with one run, as a line for the test's report: `first`, else a message
/// that should name the file (`must_name`) and does not, else a panic.
fn failure(
    args: &[String],
    took: Duration,
    text: &str,
    file: &str,
    first: Option<String>,
    must_name: bool,
) -> Option<String> {
    let problem = first
        .or_else(|| {
            (must_name && !text.contains(file)).then(|| "the message does not name the file".into())
        })
        .or_else(|| {
            (text.contains("panicked") || text.contains("internal error"))
                .then(|| "panicked".into())
        })?;
    let shown: String = text.chars().take(600).collect();
    Some(format!("{} ({took:?}): {problem}\n{shown}", args.join(" ")))
}

fn files_under(p: &Path) -> Vec<PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|e| files_under(&e.path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

#[test]
fn every_input_alone_gives_its_exit_code_and_message_within_bounds() {
    let (dir, cases) = generate();
    assert!(cases.len() >= 70, "only {} inputs", cases.len());
    let out_dir = tempfile::tempdir().unwrap();
    let redlines = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let mut runs = vec![args_for(case, &[])];
        // An engagement that cannot be reviewed must not produce a packet either.
        if case.command[0] == "review" && case.code == 2 {
            let out = out_dir.path().join(&case.file);
            let mut packet = args_for(case, &["-o", out.to_str().unwrap()]);
            packet[0] = "packet".into();
            runs.push(packet);
        }
        for args in runs {
            let (code, stdout, stderr, took) = bounded(dir.path(), &args);
            let text = format!("{stdout}{stderr}");
            let first = if code != case.code {
                Some(format!("exit {code}, not {}", case.code))
            } else {
                case.fragment
                    .as_ref()
                    .filter(|f| !text.contains(*f))
                    .map(|f| format!("no {f:?} in the output"))
            };
            failures.extend(failure(&args, took, &text, &case.file, first, code == 2));
        }
        let written = files_under(out_dir.path());
        assert!(
            written.is_empty(),
            "{}: output written: {written:?}",
            case.file
        );
        // A draft lint cannot use cannot be redlined either; any other is redlined (or found
        // to need nothing) within the same bounds, and nothing is written for a bad one.
        if case.command[0] == "lint" && !case.file.contains("stdin") {
            let target = redlines.path().join("out.docx");
            let _ = std::fs::remove_file(&target);
            let mut args = args_for(case, &["-o", target.to_str().unwrap()]);
            args[0] = "redline".into();
            let (code, stdout, stderr, took) = bounded(dir.path(), &args);
            let text = format!("{stdout}{stderr}");
            let first = if case.code == 2 && (code != 2 || target.exists()) {
                Some(format!("exit {code}, not 2, or output written"))
            } else if case.code != 2 && !(code == 0 || code == 1) {
                Some(format!("exit {code} for a draft lint can read"))
            } else {
                None
            };
            failures.extend(failure(
                &args,
                took,
                &text,
                &case.file,
                first,
                case.code == 2,
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// Every input of one command in one run with good files: the good ones are checked, each bad
/// one is a failed input of its own, and the summary lists them.
#[test]
fn one_batch_of_every_input_finishes_with_its_summary() {
    let (dir, cases) = generate();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for command in ["lint", "review"] {
        let mine: Vec<&Case> = cases
            .iter()
            .filter(|c| c.command.len() == 1 && c.command[0] == command)
            .collect();
        let good: Vec<PathBuf> = match command {
            "lint" => vec![
                root.join("samples/contracts/bookkeeping-sow-good.md"),
                root.join("samples/contracts/it-support-msa-weak.txt"),
            ],
            _ => vec![
                root.join("samples/payroll-spain.yaml"),
                root.join("samples/it-support-dental.yaml"),
            ],
        };
        let mut args: Vec<String> = vec![command.into(), good[0].display().to_string()];
        args.extend(mine.iter().map(|c| c.file.clone()));
        args.push(good[1].display().to_string());
        args.extend(["--format", "json", "--jobs", "2", "--no-fail"].map(String::from));
        if command == "lint" {
            args.push("--no-config".into());
        }
        let (code, stdout, stderr, _) = bounded_batch(dir.path(), &args);
        assert_eq!(code, 2, "{command}: {stderr}");
        let report: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{command}: not JSON ({e}): {stderr}"));
        let files = report["files"].as_array().unwrap();
        assert_eq!(
            files.len(),
            mine.len() + 2,
            "{command}: every input reported"
        );
        for f in [files.first().unwrap(), files.last().unwrap()] {
            assert_eq!(f["status"], "checked", "{command}: {f}");
        }
        for case in &mine {
            let f = files
                .iter()
                .find(|f| f["path"] == case.file.as_str())
                .unwrap();
            let expected = if case.code == 2 {
                "unusable"
            } else {
                "checked"
            };
            assert_eq!(f["status"], expected, "{command} {}: {f}", case.file);
        }
        let unusable = mine.iter().filter(|c| c.code == 2).count();
        assert!(
            stderr.contains(&format!("{} files:", mine.len() + 2))
                && stderr.contains(&format!("{unusable} failed")),
            "{command}: no summary: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A packet batch with every broken engagement and two good ones writes the good packets.
#[test]
fn a_packet_batch_writes_the_good_engagements_past_the_bad() {
    let (dir, cases) = generate();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["packet".into()];
    args.push(
        root.join("samples/payroll-spain.yaml")
            .display()
            .to_string(),
    );
    args.extend(
        cases
            .iter()
            .filter(|c| c.command.len() == 1 && c.command[0] == "review" && c.code == 2)
            .map(|c| c.file.clone()),
    );
    args.push(
        root.join("samples/it-support-dental.yaml")
            .display()
            .to_string(),
    );
    args.extend(["-o", out.path().to_str().unwrap(), "--format", "md"].map(String::from));
    let (code, _, stderr, _) = bounded(dir.path(), &args);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        out.path().join("PEN-PY-2026-02/sow.md").is_file(),
        "{stderr}"
    );
    assert!(
        out.path().join("BRS-IT-2026-01/sow.md").is_file(),
        "{stderr}"
    );
    assert!(stderr.contains("2 written"), "{stderr}");
}

/// A FIFO with no writer and a character device are refused without blocking or reading
/// without end, inside a batch that still checks its good file.
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_reported_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/contracts/bookkeeping-sow-good.md");
    let args: Vec<String> = [
        "lint",
        good.to_str().unwrap(),
        fifo.to_str().unwrap(),
        "/dev/zero",
        "--no-config",
        "--format",
        "json",
    ]
    .map(String::from)
    .to_vec();
    let (code, stdout, stderr, took) = bounded(tmp.path(), &args);
    assert_eq!(code, 2, "{stderr}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "checked");
    let message = |i: usize| {
        files[i]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message(1).contains("a named pipe (FIFO)"), "{}", message(1));
    assert!(message(2).contains("a character device"), "{}", message(2));
    let yaml_args: Vec<String> = ["review", "/dev/zero"].map(String::from).to_vec();
    let (code, stdout, _, _) = bounded(tmp.path(), &yaml_args);
    assert_eq!(code, 2);
    assert!(stdout.contains("not a regular file"), "{stdout}");
}

/// A glob through a symlink loop ends (symlinks are never followed), and a folder walk does
/// too.
#[cfg(unix)]
#[test]
fn a_symlink_loop_hangs_neither_a_glob_nor_a_walk() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/payroll-spain.yaml"),
        tmp.path().join("a.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path(), tmp.path().join("loop")).unwrap();
    for input in [
        format!("{}/**/*.yaml", tmp.path().display()),
        tmp.path().display().to_string(),
    ] {
        let args: Vec<String> = vec![
            "review".into(),
            input.clone(),
            "--format".into(),
            "json".into(),
        ];
        let (code, stdout, stderr, took) = bounded(tmp.path(), &args);
        assert_eq!(code, 0, "{input}: {stderr}");
        assert!(took < Duration::from_secs(30));
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(common::paths(&v).len(), 1, "{input}: {v}");
    }
}

/// Control characters in a file name reach no report raw: JUnit stays well-formed XML, GitHub
/// annotations and the summary show escapes.
#[cfg(unix)]
#[test]
fn control_characters_in_names_are_escaped_in_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "draft\u{1b}[31m\u{7}.txt";
    std::fs::write(
        tmp.path().join(name),
        "The Provider shall perform the Services.",
    )
    .unwrap();
    std::fs::write(tmp.path().join("other.txt"), "").unwrap();
    for format in ["junit", "github", "human"] {
        let args: Vec<String> = ["lint", name, "other.txt", "--no-config", "--format", format]
            .map(String::from)
            .to_vec();
        let (_, stdout, stderr, _) = bounded(tmp.path(), &args);
        for (what, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{format} {what}: a raw control character: {text:?}"
            );
        }
        if format == "junit" {
            let mut reader = quick_xml::Reader::from_str(&stdout);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::Text(t)) => {
                        assert!(!t.xml10_content().contains('\u{1b}'));
                    }
                    Ok(_) => {}
                    Err(e) => panic!("JUnit is not well-formed XML: {e}\n{stdout}"),
                }
            }
            assert!(stdout.contains("draft\\u{1b}[31m\\u{7}.txt"), "{stdout}");
        }
    }
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
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let mut cmd = if root_user {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
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
