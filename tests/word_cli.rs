//! Word in, Word out: the packet as editable .docx files, and `redline`, which sends a vendor's
//! draft back with the missing clauses as tracked changes and comments. Each document is
//! opened with LibreOffice, as a person would open it.

mod common;

use common::docx::{commented, heading, numbered, p, package, table, tracked, with_footnote};
use common::{office, run, vendorkit, zip_part, zip_parts};
use std::path::Path;

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

// ---- the packet in Word ----

/// The one engagement folder a packet run wrote into `out`.
fn packet_folder(out: &Path) -> std::path::PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("a packet folder")
}

#[test]
fn packet_writes_word_documents_beside_the_pdfs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run(&[
        "packet",
        "samples/bookkeeping-uk-cafe.yaml",
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf,docx",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("as pdf, docx"), "{stderr}");
    let folder = packet_folder(&out);
    for stem in ["sow", "nda-checklist", "kpi-schedule"] {
        assert!(folder.join(format!("{stem}.pdf")).is_file());
        assert!(folder.join(format!("{stem}.docx")).is_file());
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("sow.docx") && manifest.contains("sow.pdf"));

    let sow = std::fs::read(folder.join("sow.docx")).unwrap();
    let document = zip_part(&sow, "word/document.xml");
    // Real heading styles (the navigation pane and a table of contents use them), with
    // outline levels in the styles.
    assert!(document.contains(r#"<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">1. Header and parties"#), "{document}");
    assert!(zip_part(&sow, "word/styles.xml").contains(r#"<w:outlineLvl w:val="1"/>"#));
    // Header rows repeat across pages.
    assert!(document.contains("<w:tblHeader/>"));
    // The footer: id, version, page X of Y.
    let footer = zip_part(&sow, "word/footer1.xml");
    assert!(
        footer.contains("version 1.0")
            && footer.contains(" PAGE ")
            && footer.contains(" NUMPAGES "),
        "{footer}"
    );
    // Document properties.
    let core = zip_part(&sow, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Statement of Work: ")
            && core.contains("<dc:creator>")
            && core.contains("<dc:subject>"),
        "{core}"
    );
    let kpi = std::fs::read(folder.join("kpi-schedule.docx")).unwrap();
    assert!(zip_part(&kpi, "word/document.xml").contains(r#"w:orient="landscape""#));
    assert!(!zip_part(&sow, "word/document.xml").contains("landscape"));

    // Same input, same bytes.
    let again = tmp.path().join("again");
    let (code, ..) = run(&[
        "packet",
        "samples/bookkeeping-uk-cafe.yaml",
        "-o",
        again.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert_eq!(code, 0);
    let name = folder.file_name().unwrap();
    for stem in ["sow", "nda-checklist", "kpi-schedule"] {
        let a = std::fs::read(folder.join(format!("{stem}.docx"))).unwrap();
        let b = std::fs::read(again.join(name).join(format!("{stem}.docx"))).unwrap();
        assert!(a == b, "{stem}.docx differs between two runs");
    }

    if office::available() {
        for stem in ["sow", "nda-checklist", "kpi-schedule"] {
            let docx = folder.join(format!("{stem}.docx"));
            let pdf = office::convert(&docx, "pdf");
            assert!(std::fs::metadata(&pdf).unwrap().len() > 5_000);
            let text = office::text(&docx);
            for value in [
                "Harbour & Vine Coffee Ltd",
                "Ledgerline Accounting Services Pvt Ltd",
            ] {
                assert!(
                    text.contains(value),
                    "{stem}: {value} not in LibreOffice's text:\n{text}"
                );
            }
        }
        let text = office::text(&folder.join("kpi-schedule.docx"));
        assert!(text.contains("Month-end close timeliness"), "{text}");
    }
}

#[test]
fn a_draft_packet_in_word_highlights_what_is_not_defined() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run(&[
        "packet",
        "tests/fixtures/identity-only.yaml",
        "-o",
        out.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let folder = packet_folder(&out);
    let sow = std::fs::read(folder.join("sow.docx")).unwrap();
    let document = zip_part(&sow, "word/document.xml");
    assert!(
        document.contains(
            r#"<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">[NOT DEFINED"#
        ),
        "{document}"
    );
    assert!(zip_part(&sow, "word/header1.xml").contains("DRAFT: not ready to sign"));
    assert!(!folder.join("sow.pdf").exists());
}

// ---- redline ----

const DRAFT_PARTIES: &str = r#"This Agreement is made between Brightsmile Dental LLC ("Customer") and NetFix Solutions Ltd ("Vendor")."#;

/// A vendor's draft as Word makes them: styled headings, a numbered list, a table, a
/// footnote, the vendor's own tracked change and a comment from the client, and a header.
fn vendor_draft() -> Vec<u8> {
    let body = [
        heading(1, "Managed IT Support Agreement"),
        p(DRAFT_PARTIES),
        heading(2, "1. Services"),
        numbered(0, "Vendor shall provide IT support to Customer and such other duties as may be assigned by Customer."),
        numbered(0, "Vendor answers tickets during business hours."),
        table(&[&["Service", "Hours"], &["Help desk", "08:00-18:00"]]),
        heading(2, "2. Fees"),
        with_footnote("Customer pays Vendor the monthly fee in the order form within 30 days of a correct invoice."),
        heading(2, "3. Confidentiality"),
        tracked("Each party keeps the other party's information confidential ", "and uses it only for this Agreement", " for ever"),
        commented("Vendor may use subcontractors."),
        heading(2, "4. Term"),
        p("This Agreement starts on the date of signature and continues for 12 months."),
    ]
    .concat();
    package(
        &body,
        Some("Fees exclude VAT."),
        Some("NETFIX CONFIDENTIAL"),
        Some("Client: check the subcontractor list."),
    )
}

/// Reject every change by vendorkit: drop the paragraphs it inserted and its comment marks.
fn reject_vendorkit(document: &str) -> String {
    let inserted = regex::Regex::new(r#"<w:p><w:pPr>(?:<w:pStyle [^>]*/>)?<w:rPr><w:ins [^>]*w:author="vendorkit"[^>]*/></w:rPr></w:pPr>.*?</w:p>"#).unwrap();
    inserted.replace_all(document, "").into_owned()
}

#[test]
fn redline_inserts_tracked_clauses_and_keeps_the_vendors_document() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.docx");
    let original = vendor_draft();
    write(&draft, &original);
    let out = tmp.path().join("draft.redline.docx");
    let output = vendorkit()
        .args([
            "redline",
            draft.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-config",
        ])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("clauses inserted as tracked changes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("SCOPE-003") && stdout.contains("comment on"),
        "{stdout}"
    );
    let red = std::fs::read(&out).unwrap();

    // Every part the redline does not need is byte for byte the vendor's, in the same order.
    let before = zip_parts(&original);
    let after = zip_parts(&red);
    let edited = [
        "word/document.xml",
        "word/comments.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ];
    let names =
        |parts: &[(String, Vec<u8>)]| parts.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&before), names(&after));
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if !edited.contains(&name.as_str()) {
            assert!(a == b, "{name} changed");
        }
    }

    let document = zip_part(&red, "word/document.xml");
    // The vendor's structure: headings, list numbering, table, footnote, tracked change, comment.
    for kept in [
        r#"<w:pStyle w:val="Heading2"/>"#,
        r#"<w:numId w:val="1"/>"#,
        "<w:tbl>",
        r#"<w:footnoteReference w:id="1"/>"#,
        r#"<w:ins w:id="1" w:author="Vendor">"#,
        r#"<w:del w:id="2" w:author="Vendor">"#,
        r#"<w:commentRangeStart w:id="0"/>"#,
        r#"<w:headerReference w:type="default" r:id="rIdH"/>"#,
    ] {
        assert!(document.contains(kept), "{kept} lost:\n{document}");
    }
    // vendorkit's insertions are tracked, dated from SOURCE_DATE_EPOCH, in the draft's terms.
    assert!(document.contains(r#"w:author="vendorkit" w:date="2026-01-01T00:00:00Z""#));
    assert!(
        document.contains("Vendor tells Customer within 24 hours"),
        "{document}"
    );
    // The open-ended duty is commented on its words, not deleted.
    let comments = zip_part(&red, "word/comments.xml");
    assert!(
        comments.contains(r#"<w:comment w:id="0" w:author="Client">"#),
        "{comments}"
    );
    assert!(
        comments.contains("SCOPE-003 (warning): Open-ended"),
        "{comments}"
    );
    assert!(
        comments.contains("TRIAL-001 (warning): Trial or pilot period"),
        "{comments}"
    );
    assert!(document.contains("such other duties as may be assigned by Customer."));
    // A clause whose section exists goes under it: the return-of-information clause sits
    // before "4. Term", at the end of "3. Confidentiality".
    let incident = document.find("Return or deletion of information.").unwrap();
    let term = document.find(">4. Term<").unwrap();
    let confidentiality = document.find(">3. Confidentiality<").unwrap();
    assert!(
        confidentiality < incident && incident < term,
        "the clause is not in section 3:\n{stdout}"
    );
    // The rest go into "Clauses to add" at the end.
    assert!(document.contains(">Clauses to add<"));

    // Rejecting vendorkit's changes gives back the vendor's text.
    let rejected_dir = tmp.path().join("rejected");
    std::fs::create_dir(&rejected_dir).unwrap();
    let rejected = rejected_dir.join("rejected.docx");
    let mut parts = after.clone();
    for (name, data) in &mut parts {
        if name == "word/document.xml" {
            *data = reject_vendorkit(&document).into_bytes();
        }
    }
    write(&rejected, &common::zip_from(&parts));
    let text_of = |path: &Path| run(&["text", path.to_str().unwrap()]).1;
    assert_eq!(text_of(&rejected), text_of(&draft));

    // Linting the redline (its changes read as accepted) finds the inserted clauses.
    let coverage = common::coverage(&out, &["--no-fail"]);
    for rule in ["SEC-002", "TERM-004", "LEGAL-001", "TRIAL-001"] {
        assert_ne!(coverage[rule], "absent", "{rule}");
    }

    if office::available() {
        office::convert(&out, "pdf");
        let text = office::text(&out);
        for kept in [
            "Help desk",
            "Vendor answers tickets during business hours.",
            "Vendor may use subcontractors.",
            "Clauses to add",
        ] {
            assert!(
                text.contains(kept),
                "{kept} not in LibreOffice's text:\n{text}"
            );
        }
        // What LibreOffice reads, changes accepted, lints with the clauses present.
        let txt = tmp.path().join("accepted.txt");
        write(&txt, text.as_bytes());
        let accepted = common::coverage(&txt, &["--no-fail"]);
        for rule in ["SEC-002", "TERM-004", "LEGAL-001", "CONF-003"] {
            assert_eq!(
                accepted[rule], "present",
                "{rule} in LibreOffice's text:\n{text}"
            );
        }
    }
}

#[test]
fn redline_of_a_text_draft_takes_the_engagements_facts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("weak.docx");
    let args = [
        "redline",
        "samples/contracts/it-support-msa-weak.txt",
        "-o",
        out.to_str().unwrap(),
        "--engagement",
        "samples/it-support-dental.yaml",
    ];
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let first = std::fs::read(&out).unwrap();
    let document = zip_part(&first, "word/document.xml");
    // Facts from the engagement, in the draft's own names for the parties.
    assert!(
        document.contains("Customer pays the fees in USD within 30 days"),
        "{document}"
    );
    assert!(
        !document.contains("the Provider"),
        "model wording left in:\n{document}"
    );
    // Same input, same bytes; an existing output needs --force.
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    let (code, ..) = run(&[&args[..], &["--force"]].concat());
    assert_eq!(code, 1);
    assert!(std::fs::read(&out).unwrap() == first);
    if office::available() {
        let text = office::text(&out);
        assert!(text.contains("MANAGED IT SUPPORT AGREEMENT"), "{text}");
        assert!(text.contains("USD within 30 days"), "{text}");
    }
}

#[test]
fn redline_refuses_what_it_cannot_do() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.docx");
    write(&draft, &vendor_draft());
    let d = draft.to_str().unwrap();
    let (code, _, stderr) = run(&["redline", d, "-o", d]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is the draft itself"), "{stderr}");
    let (code, _, stderr) = run(&[
        "redline",
        d,
        "-o",
        tmp.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("name it with .docx"), "{stderr}");
    let broken = tmp.path().join("broken.docx");
    write(&broken, b"PK\x03\x04 not really a zip");
    let (code, _, stderr) = run(&[
        "redline",
        broken.to_str().unwrap(),
        "-o",
        tmp.path().join("y.docx").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("broken.docx") && stderr.contains("save it as .docx"),
        "{stderr}"
    );
    assert!(!tmp.path().join("y.docx").exists());
}
