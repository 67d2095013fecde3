//! PDFs made by the programs people use (LibreOffice, pdfTeX through pandoc, WeasyPrint,
//! wkhtmltopdf, groff and Ghostscript), each from one Markdown contract, lint as the Markdown
//! does: the same status for every clause, no ligature characters, no words split at a line's
//! hyphen, no letters spaced apart. The programs come from Debian's packages (`.ci/run`
//! installs them); where one is missing the test says so and checks the others, unless
//! `VENDORKIT_REQUIRE_TOOLS` is set (as CI sets it), when a missing program fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCE: &str = "tests/fixtures/contracts/producers.md";

/// Narrow, justified and hyphenated, so that the HTML programs break words at line ends.
const CSS: &str = "<style>\nbody { font-family: 'DejaVu Serif', serif; font-size: 11pt; \
text-align: justify; hyphens: auto; -webkit-hyphens: auto; max-width: 32em; }\n\
@page { size: A5; margin: 2cm; }\n</style>\n";

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run a shell command in `dir`; its failure fails the test.
fn sh(dir: &Path, script: &str) {
    let out = Command::new("sh")
        .args(["-c", script])
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{script}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `(name, tools needed, script writing NAME.pdf from contract.md / contract.html)`.
const PRODUCERS: &[(&str, &[&str], &str)] = &[
    (
        "libreoffice",
        &["pandoc", "soffice"],
        "pandoc contract.md -o libreoffice.docx && soffice --headless --convert-to pdf libreoffice.docx >/dev/null",
    ),
    (
        "pdftex",
        &["pandoc", "pdflatex"],
        "pandoc contract.md -V geometry:a5paper -o pdftex.pdf",
    ),
    (
        "weasyprint",
        &["weasyprint"],
        "weasyprint contract.html weasyprint.pdf 2>/dev/null",
    ),
    (
        "wkhtmltopdf",
        &["wkhtmltopdf"],
        "wkhtmltopdf -q -s A5 contract.html wkhtmltopdf.pdf",
    ),
    (
        "groff",
        &["pandoc", "groff"],
        "pandoc contract.md -s -t ms -o contract.ms && groff -ms -Tpdf contract.ms > groff.pdf",
    ),
    (
        "ghostscript",
        &["pandoc", "groff", "ps2pdf"],
        "pandoc contract.md -s -t ms -o contract.ms && groff -ms -Tps contract.ms > gs.ps && ps2pdf gs.ps ghostscript.pdf",
    ),
];

#[test]
fn pdfs_from_six_programs_lint_like_their_source() {
    let strict = std::env::var_os("VENDORKIT_REQUIRE_TOOLS").is_some();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let md = Path::new(env!("CARGO_MANIFEST_DIR")).join(SOURCE);
    std::fs::copy(&md, dir.join("contract.md")).unwrap();
    if have("pandoc") {
        std::fs::write(dir.join("style.html"), CSS).unwrap();
        sh(
            dir,
            "pandoc contract.md -s -H style.html --metadata title='Statement of Work' --metadata lang=en -o contract.html",
        );
    }
    let source = common::coverage(&md, &["--no-fail", "--policy", "outsourcing"]);
    assert!(source.values().filter(|s| *s == "present").count() > 30);
    let spaced = regex::Regex::new(r"\b(?:\w ){4,}\w\b").unwrap();
    let split = regex::Regex::new(r"\p{Ll}[-\u{2010}\u{00AD}] \p{Ll}").unwrap();
    let mut checked = Vec::new();
    let mut missing = Vec::new();
    for (name, tools, script) in PRODUCERS {
        if let Some(tool) = tools.iter().find(|t| !have(t)) {
            missing.push(format!("{name} (no {tool})"));
            continue;
        }
        sh(dir, script);
        let pdf: PathBuf = dir.join(format!("{name}.pdf"));
        let got = common::coverage(&pdf, &["--no-fail", "--policy", "outsourcing"]);
        let differ: Vec<String> = source
            .iter()
            .filter(|(rule, status)| got.get(*rule) != Some(status))
            .map(|(rule, status)| {
                format!(
                    "{rule}: {status} in the source, {:?} from {name}",
                    got.get(rule)
                )
            })
            .collect();
        assert!(differ.is_empty(), "{name}:\n{}", differ.join("\n"));
        let (code, text, err) = common::run(&["text", pdf.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(
            !text.contains(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)),
            "{name}: a ligature character is left in the text"
        );
        for word in [
            "Coffee",
            "Accounting",
            "confidential",
            "efficiency",
            "affiliates",
            "office",
        ] {
            assert!(text.contains(word), "{name}: no {word:?} in\n{text}");
        }
        assert!(
            !spaced.is_match(&text),
            "{name}: letters spaced apart: {:?}",
            spaced.find(&text).map(|m| m.as_str())
        );
        assert!(
            !split.is_match(&text),
            "{name}: a word split at a hyphen: {:?}",
            split.find(&text).map(|m| m.as_str())
        );
        // Justified prose is not a table: no cell separators inside a sentence.
        let between = text
            .lines()
            .find(|l| l.contains("Harbour & Vine"))
            .unwrap_or_default();
        assert!(
            !between.contains(" | "),
            "{name}: cells in prose: {between}"
        );
        checked.push(*name);
    }
    if !missing.is_empty() {
        assert!(!strict, "programs missing: {}", missing.join(", "));
        eprintln!(
            "checked {}; skipped {} (install them, or see .ci/run)",
            checked.join(", "),
            missing.join(", ")
        );
    }
}
