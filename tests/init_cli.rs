//! `vendorkit init`: the starter off a terminal, and the questions on one (a pseudo-terminal
//! made by util-linux's `script`, with the answers typed into it a keystroke group at a time).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::run;

/// Run `vendorkit ARGS` on a terminal in `dir`, typing `keys` one group after another.
fn on_a_terminal(dir: &std::path::Path, args: &str, keys: &[&str]) -> (Option<i32>, String) {
    let bin = assert_cmd::cargo::cargo_bin("vendorkit");
    let mut child = Command::new("script")
        .args(["-qec", &format!("'{}' {args}", bin.display()), "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` makes the terminal for this test");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    for k in keys {
        stdin.write_all(k.as_bytes()).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// On a terminal `init` asks about ten questions and writes their answers: the names, both
/// countries, the function, the dates, the budget, whether data is shared and the owner. The
/// file loads, reviews with no finding about what was answered, and prints in the client's
/// currency with its date style.
#[test]
fn on_a_terminal_init_asks_and_writes_the_answers() {
    let have_script = Command::new("sh")
        .args(["-c", "command -v script"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_script {
        assert!(
            std::env::var_os("VENDORKIT_REQUIRE_TOOLS").is_none(),
            "CI must have `script` (.ci/run installs bsdutils)"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let keys = [
        "Acme Dental Ltd\r",
        "US\r",
        "Byte Helpers Inc\r",
        "IN\r",
        "\u{1b}[B\u{1b}[B\r", // two down from bookkeeping: IT support
        "2026-03-02\r",
        "\r", // 12 months
        "1,500\r",
        "y",
        "Dana Reyes\r",
    ];
    let (code, screen) = on_a_terminal(tmp.path(), "init acme.yaml", &keys);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("What are you outsourcing?"), "{screen}");
    let path = tmp.path().join("acme.yaml");
    let text = std::fs::read_to_string(&path).expect("the file is written");
    for needle in [
        "id: ADL-IT-2026-01",
        "legal_name: \"Acme Dental Ltd\"",
        "legal_name: \"Byte Helpers Inc\"",
        "country: IN",
        "timezone: Asia/Kolkata",
        "start_date: 2026-03-02",
        "amount: 1500, per: month",
        "currency: USD",
        "name: \"Dana Reyes\"",
        "nda:",
        "governing_law:",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    let f = path.to_str().unwrap();
    let (code, report) = common::run_json(&["review", f, "--format", "json"]);
    assert_eq!(code, 1, "the decisions still to make are findings");
    assert_eq!(report["summary"]["unusable"], 0, "{report}");
    let findings = report["files"][0]["findings"].as_array().unwrap();
    // Nothing about what was answered: the names, the owner, the fee.
    for d in findings {
        let message = d["message"].as_str().unwrap();
        for answered in [
            "TODO: your company",
            "TODO: vendor's legal name",
            "TODO: engagement owner",
            "TODO: monthly fee",
            "TODO-",
            "the fee",
        ] {
            assert!(!message.contains(answered), "{message}");
        }
    }
    let out = tmp.path().join("out");
    let (code, _, err) = run(&["packet", f, "-o", out.to_str().unwrap(), "--format", "md"]);
    assert_eq!(code, 1, "still a draft (TODOs left): {err}");
    let sow = std::fs::read_to_string(out.join("ADL-IT-2026-01/sow.md")).unwrap();
    assert!(sow.contains("$1,500.00"), "{sow}");
    assert!(sow.contains("March 2, 2026"), "{sow}");
}

/// Off a terminal (a script, CI) `init` asks nothing; `--no-input` asks nothing on one either.
#[test]
fn off_a_terminal_init_asks_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("e.yaml");
    let (code, _, err) = run(&["init", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("questions"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("legal_name: \"TODO: your company's legal name\""));
    assert!(text.contains("written by `vendorkit init --function bookkeeping`"));
}
