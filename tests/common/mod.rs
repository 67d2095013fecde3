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

/// The exit code and JSON report of linting one contract, no config file, with `extra`
/// arguments.
pub fn lint_report(path: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "lint",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--no-config",
    ];
    args.extend(extra);
    run_json(&args)
}

/// The JSON report of linting one contract that may have findings (`--no-fail`).
pub fn lint_json(path: &std::path::Path, extra: &[&str]) -> Value {
    lint_report(path, &[&["--no-fail"], extra].concat()).1
}

/// rule -> clause status of one contract, linted as JSON with `extra` arguments (which must
/// leave the exit code at 0: pass `--no-fail` for a draft with findings).
pub fn coverage(
    path: &std::path::Path,
    extra: &[&str],
) -> std::collections::BTreeMap<String, String> {
    let (code, v) = lint_report(path, extra);
    assert_eq!(code, 0, "{} {extra:?}: {v}", path.display());
    v["files"][0]["coverage"]
        .as_array()
        .unwrap_or_else(|| panic!("no coverage: {v}"))
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
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

/// Word documents for the tests, built here so every fixture says what it holds.
pub mod docx {
    use std::io::Write;

    /// XML-escape text.
    pub fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    fn run(text: &str) -> String {
        format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(text)
        )
    }

    /// A body paragraph.
    pub fn p(text: &str) -> String {
        format!("<w:p>{}</w:p>", run(text))
    }

    /// A paragraph in style `Heading{level}`.
    pub fn heading(level: usize, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>{}</w:p>"#,
            run(text)
        )
    }

    /// A paragraph of the numbered list (`1.`, then `(a)` one level down).
    pub fn numbered(level: usize, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            run(text)
        )
    }

    /// A table, one paragraph per cell.
    pub fn table(rows: &[&[&str]]) -> String {
        let mut x = String::from("<w:tbl>");
        for row in rows {
            x.push_str("<w:tr>");
            for cell in *row {
                x.push_str(&format!("<w:tc>{}</w:tc>", p(cell)));
            }
            x.push_str("</w:tr>");
        }
        x.push_str("</w:tbl>");
        x
    }

    /// A paragraph with a tracked insertion and a tracked deletion.
    pub fn tracked(kept: &str, inserted: &str, deleted: &str) -> String {
        format!(
            r#"<w:p>{}<w:ins w:id="1" w:author="Vendor">{}</w:ins><w:del w:id="2" w:author="Vendor"><w:r><w:delText>{}</w:delText></w:r></w:del></w:p>"#,
            run(kept),
            run(inserted),
            esc(deleted)
        )
    }

    /// A paragraph carrying a comment.
    pub fn commented(text: &str) -> String {
        format!(
            r#"<w:p><w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
            run(text)
        )
    }

    /// A paragraph with footnote 1 at its end.
    pub fn with_footnote(text: &str) -> String {
        format!(
            r#"<w:p>{}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            run(text)
        )
    }

    /// The Markdown of a contract as Word paragraphs: `#` lines as headings, `|` rows as a
    /// table, the rest as paragraphs (emphasis markers dropped).
    pub fn from_markdown(md: &str) -> String {
        let mut body = String::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let flush = |rows: &mut Vec<Vec<String>>, body: &mut String| {
            if !rows.is_empty() {
                let r: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|r| r.iter().map(String::as_str).collect())
                    .collect();
                let r: Vec<&[&str]> = r.iter().map(Vec::as_slice).collect();
                body.push_str(&table(&r));
                rows.clear();
            }
        };
        for line in md.lines() {
            let line = line.trim();
            if line.starts_with('|') {
                if !line.contains("---") {
                    rows.push(
                        line.trim_matches('|')
                            .split('|')
                            .map(|c| c.trim().replace("**", ""))
                            .collect(),
                    );
                }
                continue;
            }
            flush(&mut rows, &mut body);
            if line.is_empty() {
                continue;
            }
            let text = line.replace("**", "");
            let level = text.chars().take_while(|&c| c == '#').count();
            if level > 0 {
                body.push_str(&heading(level, text[level..].trim()));
            } else {
                body.push_str(&p(&text));
            }
        }
        flush(&mut rows, &mut body);
        body
    }

    const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#;

    const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    /// A .docx package: the body, optional footnote, header and comment texts.
    pub fn package(
        body: &str,
        footnote: Option<&str>,
        header: Option<&str>,
        comment: Option<&str>,
    ) -> Vec<u8> {
        let mut rels = String::from(
            r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
        );
        let mut types = String::from(
            r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#,
        );
        let mut parts: Vec<(String, String)> = vec![
            ("word/styles.xml".into(), STYLES.into()),
            ("word/numbering.xml".into(), NUMBERING.into()),
        ];
        let mut sect = String::new();
        if let Some(f) = footnote {
            rels.push_str(r#"<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
            types.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
            parts.push((
                "word/footnotes.xml".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">{}</w:footnote></w:footnotes>"#,
                    p(f)
                ),
            ));
        }
        if let Some(h) = header {
            rels.push_str(r#"<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
            types.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#);
            parts.push((
                "word/header1.xml".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>{}</w:hdr>"#,
                    p(h)
                ),
            ));
            sect.push_str(r#"<w:headerReference w:type="default" r:id="rIdH"/>"#);
        }
        if let Some(c) = comment {
            rels.push_str(r#"<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
            types.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#);
            parts.push((
                "word/comments.xml".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}><w:comment w:id="0" w:author="Client">{}</w:comment></w:comments>"#,
                    p(c)
                ),
            ));
        }
        parts.push((
            "word/document.xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708"/></w:sectPr></w:body></w:document>"#
            ),
        ));
        parts.push((
            "word/_rels/document.xml.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        ));
        parts.push(("_rels/.rels".into(), r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()));
        parts.push((
            "[Content_Types].xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{types}</Types>"#
            ),
        ));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts.iter().rev() {
            zip.start_file(name.as_str(), opts).expect("zip entry");
            zip.write_all(text.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip").into_inner()
    }
}

/// Whether the program `name` is here. Without it a test says so and skips the part that
/// needs it, unless `VENDORKIT_REQUIRE_TOOLS` is set (as CI sets it), when that fails the test
/// with the Debian `package` to install.
pub fn tool(name: &str, package: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("VENDORKIT_REQUIRE_TOOLS").is_none(),
        "{name} is required: apt-get install {package}"
    );
    if !found {
        eprintln!("{name} not found: the checks that need it are skipped");
    }
    found
}

/// LibreOffice, as a person opens a Word file: headless conversions to PDF or text.
pub mod office {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// Whether `soffice` is here (see [`super::tool`]).
    pub fn available() -> bool {
        super::tool("soffice", "libreoffice-writer-nogui")
    }

    /// Convert `file` with LibreOffice (`to`: `pdf` or `txt:Text`) into its folder; returns
    /// the new file. Each call has its own profile, so tests can run side by side.
    pub fn convert(file: &Path, to: &str) -> PathBuf {
        let dir = file.parent().unwrap();
        let profile = tempfile::tempdir().unwrap();
        let out = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(dir)
            .arg(file)
            .env("HOME", profile.path())
            .output()
            .expect("soffice runs");
        let ext = to.split(':').next().unwrap();
        let made = file.with_extension(ext);
        assert!(
            out.status.success() && made.is_file(),
            "LibreOffice could not convert {} to {to}: {}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        made
    }

    /// The text LibreOffice reads from a Word file.
    pub fn text(file: &Path) -> String {
        let txt = convert(file, "txt:Text");
        let text = std::fs::read_to_string(txt).unwrap();
        text.trim_start_matches('\u{feff}').to_string()
    }
}

/// The parts of a zip package, by name, in package order.
pub fn zip_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (String::from_utf8_lossy(f.name_raw()).into_owned(), data)
        })
        .collect()
}

/// One part of a zip package as text.
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    zip_parts(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap_or_else(|| panic!("no {name} in the package"))
}

/// A zip package of `parts`, in order.
pub fn zip_from(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Headless Chromium, as a person opens an HTML report.
pub mod browser {
    use std::path::Path;
    use std::process::Command;

    /// Whether `chromium` is here (see [`super::tool`]).
    pub fn available() -> bool {
        super::tool("chromium", "chromium")
    }

    /// Run Chromium on `page` with `args`; its standard output.
    fn chromium(page: &Path, args: &[&str]) -> String {
        let profile = tempfile::tempdir().unwrap();
        let out = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .env("HOME", profile.path())
            .output()
            .expect("chromium runs");
        assert!(
            out.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The DOM after the page ran.
    pub fn dom(page: &Path) -> String {
        chromium(page, &["--dump-dom"])
    }

    /// A PNG screenshot of the page at `width` x `height`; returns its bytes.
    pub fn screenshot(page: &Path, width: u32, height: u32, png: &Path) -> Vec<u8> {
        chromium(
            page,
            &[
                &format!("--window-size={width},{height}"),
                &format!("--screenshot={}", png.display()),
            ],
        );
        std::fs::read(png).expect("a screenshot")
    }
}
