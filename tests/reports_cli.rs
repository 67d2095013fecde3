//! Reports people read: the HTML report of a contract (opened in headless Chromium), the
//! review's HTML report grouped by mistake, and the coverage matrix as CSV and Markdown.

mod common;

use common::{browser, run};
use std::path::Path;

/// Run `args` with `--format html -o PAGE`, expecting findings (exit 1); the page.
fn html_page(args: &[&str], page: &Path) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "html", "-o", page.to_str().unwrap()]);
    let (code, _, stderr) = run(&all);
    assert_eq!(code, 1, "{stderr}");
    std::fs::read_to_string(page).unwrap()
}

#[test]
fn html_report_shows_every_finding_and_highlights_every_evidence_span() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("weak.html");
    let draft = "samples/contracts/it-support-msa-weak.txt";
    let html = html_page(&["lint", draft, "--no-config"], &page);
    // Self-contained: no network address, no external script, style sheet or image.
    for banned in ["http://", "https://", "src=", "<link", "url(", "@import"] {
        assert!(!html.contains(banned), "the report refers to {banned}");
    }
    assert!(html.contains("@media print") && html.contains("name=\"viewport\""));
    let json = common::lint_json(Path::new(draft), &[]);
    let file = &json["files"][0];
    let findings = file["findings"].as_array().unwrap();
    let coverage = file["coverage"].as_array().unwrap();
    assert_eq!(
        html.matches("<article class=\"finding\"").count(),
        findings.len()
    );
    assert_eq!(html.matches("<tr><td><a href=\"#").count(), coverage.len());
    if !browser::available() {
        return;
    }
    let dom = browser::dom(&page);
    for f in findings {
        let rule = f["rule"].as_str().unwrap();
        assert!(
            dom.contains(&format!("<strong>{rule}</strong>")),
            "{rule} not in the page"
        );
    }
    // Each evidence span starts at its anchor, with a highlight there.
    let mut spans = 0;
    for (k, c) in coverage.iter().enumerate() {
        for (j, _) in c["evidence"].as_array().unwrap().iter().enumerate() {
            let anchor = format!("id=\"file-1-ev-{k}-{j}\"");
            let at = dom.find(&anchor).unwrap_or_else(|| panic!("no {anchor}"));
            let after = &dom[at..(at + 400).min(dom.len())];
            assert!(after.contains("<mark class="), "no highlight at {anchor}");
            spans += 1;
        }
    }
    assert!(spans > 5);
    // Absent clauses are marked where they belong.
    assert!(dom.contains("Missing here: Least-privilege access (SEC-003)"));
    let blank = tmp.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let empty = browser::screenshot(&blank, 1280, 1400, &tmp.path().join("blank.png"));
    for (width, height) in [(1280, 1400), (390, 1400)] {
        let png = browser::screenshot(
            &page,
            width,
            height,
            &tmp.path().join(format!("shot-{width}.png")),
        );
        assert!(png.starts_with(b"\x89PNG"));
        // A page with text on it compresses far worse than a blank one.
        assert!(
            png.len() > 4 * empty.len(),
            "the {width}px screenshot looks blank ({} bytes)",
            png.len()
        );
    }
}

#[test]
fn html_report_shows_a_drafts_markup_as_text_and_runs_none_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.md");
    std::fs::write(
        &draft,
        "# Services\n\nThe Provider supports the Client <script>document.title='owned'</script> and <img src=x onerror=alert(1)> daily.\n",
    )
    .unwrap();
    let page = tmp.path().join("draft.html");
    let html = html_page(&["lint", draft.to_str().unwrap(), "--no-config"], &page);
    assert!(!html.contains("<script>document") && !html.contains("<img"));
    assert!(
        html.contains("&lt;script&gt;document.title&#x3D;&#x27;owned&#x27;&lt;/script&gt;"),
        "{html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the copy buttons' script"
    );
    if browser::available() {
        let dom = browser::dom(&page);
        assert!(
            dom.contains("<title>vendorkit lint report</title>"),
            "the draft's script ran"
        );
        assert!(dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"));
        assert!(!dom.contains("<img"));
    }
}

#[test]
fn review_html_groups_findings_by_the_mistake_they_prevent() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("review.html");
    let html = html_page(
        &["review", "samples/customer-support-ecommerce-flawed.yaml"],
        &page,
    );
    let m3 = html.find("<h3>M3 ").expect("a group for M3");
    let m7 = html.find("<h3>M7 ").expect("a group for M7");
    let m8 = html.find("<h3>M8 ").expect("a group for M8");
    assert!(m3 < m7 && m7 < m8, "groups out of order");
    assert!(html[m7..m8].contains("REV-010"));
    // Each finding carries its fix: the YAML to paste, with a copy button.
    assert!(
        html[m7..m8].contains("trial:\n  required: true") || html[m7..m8].contains("trial:"),
        "{}",
        &html[m7..m8]
    );
    assert!(html.contains("data-copy="));
}

#[test]
fn coverage_matrix_is_a_csv_a_standard_reader_takes_the_same_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("contracts");
    std::fs::create_dir(&folder).unwrap();
    let good = std::fs::read_to_string("samples/contracts/bookkeeping-sow-good.md").unwrap();
    let weak = std::fs::read_to_string("samples/contracts/it-support-msa-weak.txt").unwrap();
    for i in 0..1000 {
        let (name, text) = if i % 2 == 0 {
            (format!("c{i:04}.md"), &good)
        } else {
            (format!("c{i:04}, weak.txt"), &weak)
        };
        std::fs::write(folder.join(name), text).unwrap();
    }
    let args = [
        "lint",
        folder.to_str().unwrap(),
        "--no-config",
        "--policy",
        "outsourcing",
        "--format",
        "csv",
        "--no-fail",
        "-q",
    ];
    let (code, csv, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let (_, again, _) = run(&args);
    assert!(csv == again, "two runs differ");
    // Python's csv module reads it: a header and one row per contract, in path order.
    let script = "import csv,sys\nrows=list(csv.reader(sys.stdin))\nprint(len(rows), len(rows[0]), len(set(map(len, rows))))\nprint(rows[2][0])\nprint(','.join(rows[0][:7]))\nprint(rows[2][2], rows[2][6])";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(csv.as_bytes())?;
            c.wait_with_output()
        })
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = out.lines().collect();
    let counts: Vec<usize> = lines[0].split(' ').map(|n| n.parse().unwrap()).collect();
    assert_eq!(counts[0], 1001, "{out}");
    assert!(counts[1] > 40 && counts[2] == 1, "ragged rows: {out}");
    assert!(lines[1].ends_with("c0001, weak.txt"), "{out}");
    assert_eq!(
        lines[2],
        "path,policy,status,errors,warnings,infos,ASSIGN-001"
    );
    assert_eq!(lines[3], "findings absent");
}

#[test]
fn coverage_matrix_in_markdown_for_a_pull_request() {
    let (code, md, stderr) = run(&[
        "lint",
        "samples/contracts",
        "--no-config",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 4, "{md}");
    assert!(
        lines[0].starts_with("| path | policy | status | errors | warnings | infos | ASSIGN-001 |")
    );
    assert!(lines[1].starts_with("| --- |"));
    assert!(lines[2].starts_with("| samples/contracts/bookkeeping-sow-good.md | outsourcing | clean | 0 | 0 | 0 | present |"), "{md}");
    assert!(lines[3].contains("| negated |"), "{md}");
}

#[test]
fn the_html_report_takes_a_template_of_ones_own() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine.html.hbs");
    std::fs::write(&mine, "{{#if head}}<h1>Our review</h1>{{/if}}{{#if file}}<p>{{file.path}}: {{file.verdict}}</p>{{/if}}").unwrap();
    let (code, out, stderr) = run(&[
        "lint",
        "samples/contracts/bookkeeping-sow-good.md",
        "--no-config",
        "--format",
        "html",
        "--template",
        mine.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        out,
        "<h1>Our review</h1><p>samples/contracts/bookkeeping-sow-good.md: No findings.</p>"
    );
    let broken = tmp.path().join("broken.html.hbs");
    std::fs::write(&broken, "line one\n{{#if head}}never closed").unwrap();
    let (code, _, stderr) = run(&[
        "lint",
        "samples/contracts/bookkeeping-sow-good.md",
        "--format",
        "html",
        "--template",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("broken.html.hbs") && stderr.contains("template error"),
        "{stderr}"
    );
}
