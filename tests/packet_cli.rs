//! `vendorkit packet` through the binary: content, determinism, overrides, safety, and the
//! generator and the linter telling the same story.

mod common;

use std::path::Path;

use common::{run, vendorkit};

const COMPLETE: &[(&str, &str)] = &[
    ("samples/bookkeeping-uk-cafe.yaml", "HVC-BK-2025-01"),
    ("samples/it-support-dental.yaml", "BRS-IT-2026-01"),
    ("samples/payroll-spain.yaml", "PEN-PY-2026-02"),
];

fn packet_md(out: &Path, inputs: &[&str], extra: &[&str]) -> (i32, String) {
    let mut extra = extra.to_vec();
    extra.extend_from_slice(&["--format", "md"]);
    packet(out, inputs, &extra)
}

fn packet(out: &Path, inputs: &[&str], extra: &[&str]) -> (i32, String) {
    let o = out.to_str().unwrap();
    let mut args = vec!["packet"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["-o", o]);
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    (code, err)
}

fn read(out: &Path, id: &str, doc: &str) -> String {
    std::fs::read_to_string(out.join(id).join(format!("{doc}.md"))).unwrap()
}

#[test]
fn every_document_carries_the_engagement_values() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = packet_md(tmp.path(), &["samples"], &[]);
    assert_eq!(code, 0, "{err}");
    let sow = read(tmp.path(), "HVC-BK-2025-01", "sow");
    for needle in [
        "Harbour & Vine Coffee Ltd",
        "Ledgerline Accounting Services Pvt Ltd",
        "## 7. Trial period",
        "3 February 2025 to 30 April 2025",
        "7 May 2025",
        "£950.00",
        "£1,250.00",
        "| BK-01 Month-end close timeliness | 5 (business day) | 7 (business day) | yes |",
        "## 21. Signatures",
        "Not legal advice",
    ] {
        assert!(sow.contains(needle), "SOW lacks {needle:?}");
    }
    // No order of precedence (only with an MSA reference), and no gap for it.
    for n in 1..=21 {
        assert!(
            sow.contains(&format!("\n## {n}. ")),
            "SOW lacks section {n}"
        );
    }
    let kpis = read(tmp.path(), "HVC-BK-2025-01", "kpi-schedule");
    for needle in [
        "**BK-01** Month-end close timeliness",
        "**BK-04** Query response",
        "| 95 / 90 |",
        "Google Drive activity log",
    ] {
        assert!(kpis.contains(needle), "KPI schedule lacks {needle:?}");
    }
    let nda = read(tmp.path(), "HVC-BK-2025-01", "nda-checklist");
    assert!(nda.contains("| NDA-01 |") && nda.contains("| NDA-23 |"));
    assert!(nda.contains("signed 2025-01-08, before data sharing on 2025-01-27"));
    assert!(nda.contains("engagement requires notice within 24 hours"));
    let spain = read(tmp.path(), "PEN-PY-2026-02", "sow");
    assert!(
        spain.contains("Estudio Peña & Muñoz S.L.")
            && spain.contains("€14.00")
            && spain.contains("Begoña Ibáñez")
    );
    let poland = read(tmp.path(), "ZAK-CS-2026-01", "sow");
    assert!(
        poland.contains("Zakątek Łódzki Sp. z o.o.")
            && poland.contains("No trial: **[NOT DEFINED: reason for waiving the trial]**")
    );
    let dental = read(tmp.path(), "BRS-IT-2026-01", "sow");
    assert!(dental.contains("$65.00"));
}

#[test]
fn missing_data_is_visible_and_core_functions_are_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml")
        .unwrap()
        .replace("  signatory: { name: Tom Reilly, title: Director }\n", "")
        .replace(
            "{ id: F-BK, category: bookkeeping, core: false }",
            "{ id: F-BK, category: bookkeeping, core: true }",
        );
    let path = tmp.path().join("e.yaml");
    std::fs::write(&path, src).unwrap();
    let out = tmp.path().join("out");
    let (code, err) = packet_md(&out, &[path.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{err}");
    let sow = read(&out, "HVC-BK-2025-01", "sow");
    assert!(sow.contains("**[NOT DEFINED: client signatory]**"));
    assert!(sow.contains(
        "**WARNING: a core activity is being outsourced.** Core function(s): F-BK (bookkeeping)."
    ));
    let nda = read(&out, "HVC-BK-2025-01", "nda-checklist");
    assert!(nda.contains("Verdict:"));
}

#[test]
fn the_same_engagement_gives_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(packet_md(a.path(), &["samples"], &[]).0, 0);
    assert_eq!(packet_md(b.path(), &["samples"], &[]).0, 0);
    for (_, id) in COMPLETE {
        for doc in ["sow", "nda-checklist", "kpi-schedule"] {
            assert_eq!(
                read(a.path(), id, doc),
                read(b.path(), id, doc),
                "{id}/{doc}"
            );
        }
    }
    let c = tempfile::tempdir().unwrap();
    let status = vendorkit()
        .args([
            "packet",
            "samples/bookkeeping-uk-cafe.yaml",
            "--format",
            "md",
            "-o",
            c.path().to_str().unwrap(),
        ])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert!(status.status.success());
    assert!(read(c.path(), "HVC-BK-2025-01", "sow").contains("issued 1 January 2026"));
}

#[test]
fn one_template_can_be_replaced_and_errors_name_the_template() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("kpi-schedule.md.hbs"),
        "# Our KPIs for {{client.legal_name}}\n{{#each kpis}}- {{id}}\n{{/each}}",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, err) = packet_md(
        &out,
        &["samples/bookkeeping-uk-cafe.yaml"],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        read(&out, "HVC-BK-2025-01", "kpi-schedule")
            .starts_with("# Our KPIs for Harbour & Vine Coffee Ltd\n- BK-01")
    );
    assert!(
        read(&out, "HVC-BK-2025-01", "sow").contains("## 21. Signatures"),
        "other templates stay built in"
    );
    std::fs::write(
        tpl.join("sow.md.hbs"),
        "# SOW\n\n{{engagement.no_such_field}}\n",
    )
    .unwrap();
    let (code, err) = packet_md(
        &tmp.path().join("out2"),
        &["samples/bookkeeping-uk-cafe.yaml"],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("sow.md.hbs:3") && err.contains("engagement.no_such_field"),
        "{err}"
    );
    std::fs::write(tpl.join("sow.md.hbs"), "# SOW\n{{#each kpis}}\n").unwrap();
    let (code, err) = packet_md(
        &tmp.path().join("out3"),
        &["samples/bookkeeping-uk-cafe.yaml"],
        &["--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("tpl/sow.md.hbs:") && err.contains("template error"),
        "{err}"
    );
}

#[test]
fn existing_files_are_kept_unless_forced_and_bad_inputs_do_not_stop_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(
        packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &[]).0,
        0
    );
    assert_eq!(
        packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &[]).0,
        0,
        "identical output is fine"
    );
    let sow = out.join("HVC-BK-2025-01/sow.md");
    std::fs::write(&sow, "edited by hand\n").unwrap();
    let (code, err) = packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("was changed since vendorkit wrote it; pass --force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&sow).unwrap(), "edited by hand\n");
    assert_eq!(
        packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &["--force"]).0,
        0
    );
    assert!(
        std::fs::read_to_string(&sow)
            .unwrap()
            .starts_with("# Statement of Work")
    );
    let (code, err) = packet_md(
        &tmp.path().join("b"),
        &[
            "tests/fixtures/broken/bad-date.yaml",
            "samples/payroll-spain.yaml",
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad-date.yaml:6:15"), "{err}");
    assert!(tmp.path().join("b/PEN-PY-2026-02/sow.md").is_file());
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let (code, err) = packet_md(&file, &["samples/payroll-spain.yaml"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("is a file"), "{err}");
    let dup = tmp.path().join("dup.yaml");
    std::fs::copy("samples/payroll-spain.yaml", &dup).unwrap();
    let (code, err) = packet_md(
        &tmp.path().join("c"),
        &["samples/payroll-spain.yaml", dup.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("is used by both"), "{err}");
}

#[test]
fn the_generated_sow_lints_without_errors_against_its_engagement() {
    let tmp = tempfile::tempdir().unwrap();
    for (sample, id) in COMPLETE {
        assert_eq!(packet_md(tmp.path(), &[sample], &[]).0, 0);
        let sow = tmp.path().join(id).join("sow.md");
        let (code, out, _) = run(&[
            "lint",
            sow.to_str().unwrap(),
            "--engagement",
            sample,
            "--no-config",
            "--color",
            "never",
        ]);
        assert_eq!(
            code, 0,
            "{sample}: the SOW vendorkit writes must satisfy vendorkit's linter:\n{out}"
        );
        assert!(out.contains("0 errors"), "{out}");
    }
}

/// A starter from `vendorkit init` is full of TODOs, but the SOW made from it must not draw a
/// false error from vendorkit's own linter (it once reported the term it states as missing).
#[test]
fn the_sow_of_every_starter_draws_no_lint_error() {
    let tmp = tempfile::tempdir().unwrap();
    for function in [
        "bookkeeping",
        "payroll",
        "it-support",
        "customer-support",
        "social-media",
        "digital-marketing",
        "software-development",
        "virtual-assistant",
        "other",
    ] {
        let starter = tmp.path().join(format!("{function}.yaml"));
        let (code, _, err) = run(&["init", "--function", function, starter.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let out = tmp.path().join(function);
        // A starter's TODOs make its packet a draft: written, and exit 1.
        assert_eq!(packet_md(&out, &[starter.to_str().unwrap()], &[]).0, 1);
        let sow = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path().join("sow.md"))
            .find(|p| p.is_file())
            .expect("a SOW");
        let (_, v) = common::run_json(&[
            "lint",
            sow.to_str().unwrap(),
            "--engagement",
            starter.to_str().unwrap(),
            "--no-config",
            "--no-fail",
            "--format",
            "json",
        ]);
        let errors: Vec<&serde_json::Value> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{function}: {errors:?}");
    }
}

#[test]
fn the_sow_pdf_lints_like_its_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let coverage = |path: &Path, sample: &str| common::coverage(path, &["--engagement", sample]);
    for (sample, id) in COMPLETE {
        let md = tmp.path().join("md");
        let pdf = tmp.path().join("pdf");
        assert_eq!(packet_md(&md, &[sample], &[]).0, 0);
        assert_eq!(packet(&pdf, &[sample], &[]).0, 0);
        assert_eq!(
            coverage(&pdf.join(id).join("sow.pdf"), sample),
            coverage(&md.join(id).join("sow.md"), sample),
            "{sample}: the SOW as PDF and as Markdown must read the same"
        );
    }
}

/// The text of a PDF, parsed back, with whitespace collapsed (words may sit on separate runs).
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    let pages = vendorkit::pdf::read_text(&bytes)
        .unwrap_or_else(|e| panic!("{} does not parse back: {e}", path.display()));
    pages
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pdfs_parse_back_with_every_value_and_the_same_bytes_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (code, err) = packet(a.path(), &["samples"], &["--format", "pdf"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        packet(b.path(), &["samples"], &[]).0,
        0,
        "pdf is the default"
    );
    for (_, id) in COMPLETE
        .iter()
        .chain(&[("", "ZAK-CS-2026-01"), ("", "CRU-SM-2026-03")])
    {
        for doc in ["sow", "nda-checklist", "kpi-schedule"] {
            let pa = a.path().join(id).join(format!("{doc}.pdf"));
            let pb = b.path().join(id).join(format!("{doc}.pdf"));
            assert_eq!(
                std::fs::read(&pa).unwrap(),
                std::fs::read(&pb).unwrap(),
                "{id}/{doc} differs between runs"
            );
        }
    }
    let sow = pdf_text(&a.path().join("HVC-BK-2025-01/sow.pdf"));
    for needle in [
        "Harbour & Vine Coffee Ltd",
        "Ledgerline Accounting Services Pvt Ltd",
        "3 February 2025 to 30 April 2025",
        "£950.00",
        "BK-01 Month-end close timeliness",
        "Page 1 of",
        "Not legal advice",
        "21. Signatures",
    ] {
        assert!(sow.contains(needle), "SOW PDF lacks {needle:?}");
    }
    let kpi = pdf_text(&a.path().join("HVC-BK-2025-01/kpi-schedule.pdf"));
    for needle in ["BK-01", "BK-04", "95 / 90", "Google Drive activity log"] {
        assert!(kpi.contains(needle), "KPI PDF lacks {needle:?}");
    }
    let nda = pdf_text(&a.path().join("HVC-BK-2025-01/nda-checklist.pdf"));
    assert!(nda.contains("NDA-23") && nda.contains("☒"));
    let spain = pdf_text(&a.path().join("PEN-PY-2026-02/sow.pdf"));
    assert!(
        spain.contains("Estudio Peña & Muñoz S.L.")
            && spain.contains("Begoña Ibáñez")
            && spain.contains("€14.00")
    );
    let poland = pdf_text(&a.path().join("ZAK-CS-2026-01/sow.pdf"));
    assert!(poland.contains("Zakątek Łódzki") && poland.contains("Łukasz Żółkiewski"));
    let dental = pdf_text(&a.path().join("BRS-IT-2026-01/kpi-schedule.pdf"));
    assert!(dental.contains("IT-01") && dental.contains("99.5"));
}

#[test]
fn characters_the_font_lacks_are_reported_not_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml")
        .unwrap()
        .replace(
            "legal_name: Ledgerline Accounting Services Pvt Ltd",
            "legal_name: 雷杰会计服务有限公司",
        );
    let path = tmp.path().join("cjk.yaml");
    std::fs::write(&path, src).unwrap();
    let (code, err) = packet(&tmp.path().join("out"), &[path.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("no glyph for '雷'") && err.contains("--font"),
        "{err}"
    );
    let (code, err) = packet(
        &tmp.path().join("out2"),
        &[path.to_str().unwrap()],
        &["--font", "Cargo.toml"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--font") || err.contains("not a usable"),
        "{err}"
    );
}

#[test]
fn qpdf_accepts_every_pdf() {
    // qpdf comes from Debian's packages; .ci/run installs it, so in CI it must be there.
    let available = std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have qpdf (.ci/run installs it)"
        );
        eprintln!("qpdf not installed: structure checked by parsing back only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(packet(tmp.path(), &["samples"], &[]).0, 0);
    let mut checked = 0;
    for dir in std::fs::read_dir(tmp.path()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue; // manifest.json
        }
        for f in std::fs::read_dir(dir).unwrap() {
            let p = f.unwrap().path();
            let out = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(&p)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "qpdf rejects {}: {}",
                p.display(),
                String::from_utf8_lossy(&out.stdout)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
}

#[test]
fn the_manifest_records_inputs_and_outputs_by_hash() {
    use sha2::Digest;
    let hex = |b: &[u8]| {
        sha2::Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(packet(a.path(), &["samples"], &["--quiet"]).0, 0);
    assert_eq!(packet(b.path(), &["samples"], &["--quiet"]).0, 0);
    let ma = std::fs::read_to_string(a.path().join("manifest.json")).unwrap();
    assert_eq!(
        ma,
        std::fs::read_to_string(b.path().join("manifest.json")).unwrap(),
        "same inputs, same manifest"
    );
    let m: serde_json::Value = serde_json::from_str(&ma).unwrap();
    assert_eq!(m["tool"]["name"], "vendorkit");
    let packets = m["packets"].as_array().unwrap();
    assert_eq!(packets.len(), 5);
    for p in packets {
        let input = std::fs::read(p["input"].as_str().unwrap()).unwrap();
        assert_eq!(p["input_sha256"].as_str().unwrap(), hex(&input));
        for o in p["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(a.path().join(o["path"].as_str().unwrap())).unwrap();
            assert_eq!(o["sha256"].as_str().unwrap(), hex(&bytes));
        }
    }
}

/// A re-run of one engagement into a folder that holds others keeps their entries: the
/// manifest is the index of the folder, not of the last run.
#[test]
fn the_manifest_indexes_the_folder_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(packet_md(tmp.path(), &["samples"], &["--quiet"]).0, 0);
    assert_eq!(
        packet_md(
            tmp.path(),
            &["samples/payroll-spain.yaml"],
            &["--quiet", "--doc-version", "2.0", "--force"]
        )
        .0,
        0
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap())
            .unwrap();
    let packets = m["packets"].as_array().unwrap();
    assert_eq!(packets.len(), 5, "{m}");
    let spain = packets
        .iter()
        .find(|p| p["id"] == "PEN-PY-2026-02")
        .unwrap();
    assert_eq!(spain["version"], "2.0");
    let cafe = packets
        .iter()
        .find(|p| p["id"] == "HVC-BK-2025-01")
        .unwrap();
    assert_eq!(cafe["version"], "1.0");
    // A packet whose folder is gone leaves the index at the next run.
    std::fs::remove_dir_all(tmp.path().join("HVC-BK-2025-01")).unwrap();
    assert_eq!(
        packet_md(
            tmp.path(),
            &["samples/payroll-spain.yaml"],
            &["--quiet", "--doc-version", "2.0"]
        )
        .0,
        0
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["packets"].as_array().unwrap().len(), 4, "{m}");
}

/// Twenty runs into one folder at once all succeed (none deletes another's temporary files)
/// and the manifest lists every packet.
#[test]
fn concurrent_runs_into_one_folder_all_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap().to_string();
    let samples = [
        "samples/bookkeeping-uk-cafe.yaml",
        "samples/it-support-dental.yaml",
        "samples/payroll-spain.yaml",
        "samples/customer-support-ecommerce-flawed.yaml",
        "samples/social-media-bakery-flawed.yaml",
    ];
    let children: Vec<_> = (0..20)
        .map(|k| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("vendorkit"))
                .args(["packet", samples[k % samples.len()], "-o", &out, "--quiet"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (k, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "run {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["packets"].as_array().unwrap().len(), 5, "{m}");
    let leftovers: Vec<_> = walk_files(tmp.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("vendorkit-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk_files(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

/// An existing symbolic link at OUT/<id> is never written through.
#[cfg(unix)]
#[test]
fn a_symlink_at_the_packet_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("PEN-PY-2026-02")).unwrap();
    let (code, err) = packet_md(&out, &["samples/payroll-spain.yaml"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

/// Ids that differ only in case would share a folder on Windows and macOS: the second is
/// refused, naming both files.
#[test]
fn ids_that_differ_only_in_case_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.yaml");
    let b = tmp.path().join("b.yaml");
    let text = std::fs::read_to_string("samples/payroll-spain.yaml").unwrap();
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, text.replace("id: PEN-PY-2026-02", "id: pen-py-2026-02")).unwrap();
    let out = tmp.path().join("out");
    let (code, err) = packet_md(&out, &[a.to_str().unwrap(), b.to_str().unwrap()], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("same folder on file systems that ignore case"),
        "{err}"
    );
    assert!(out.join("PEN-PY-2026-02").is_dir());
    assert!(!out.join("pen-py-2026-02").exists());
}

#[test]
fn sections_run_without_gaps_and_the_kpi_schedule_reads_as_words() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = packet_md(tmp.path(), &["samples"], &[]);
    assert_eq!(code, 0, "{err}");
    for (_, id) in COMPLETE {
        let sow = read(tmp.path(), id, "sow");
        let numbers: Vec<usize> = sow
            .lines()
            .filter_map(|l| l.strip_prefix("## ")?.split_once(". ")?.0.parse().ok())
            .collect();
        let expected: Vec<usize> = (1..=numbers.len()).collect();
        assert_eq!(numbers, expected, "{id}: SOW sections numbered with a gap");
        let kpis = read(tmp.path(), id, "kpi-schedule");
        for enum_name in [
            "business_day",
            "higher_is_better",
            "lower_is_better",
            "re perform",
        ] {
            assert!(!kpis.contains(enum_name), "{id}: `{enum_name}` in\n{kpis}");
        }
        assert!(
            !kpis.contains("corrective plan; corrective plan"),
            "{id}: the remedy repeats itself\n{kpis}"
        );
    }
    let kpis = read(tmp.path(), "HVC-BK-2025-01", "kpi-schedule");
    assert!(kpis.contains("business day / lower is better"), "{kpis}");
    assert!(kpis.contains("| re-performance at no charge |"), "{kpis}");
}

#[test]
fn an_edited_engagement_prints_again_over_its_own_files_but_not_over_others() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(
        packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &[]).0,
        0
    );
    // The owner edits the engagement and prints again: vendorkit's own files, unchanged
    // since it wrote them (the manifest records their hashes), are replaced without --force.
    let text = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml").unwrap();
    let edited = tmp.path().join("edited.yaml");
    std::fs::write(
        &edited,
        text.replace(
            "title: Outsourced bookkeeping and VAT preparation",
            "title: Bookkeeping and VAT returns",
        ),
    )
    .unwrap();
    let (code, err) = packet_md(&out, &[edited.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(read(&out, "HVC-BK-2025-01", "sow").contains("Bookkeeping and VAT returns"));
    // A file vendorkit never wrote in its place is not replaced.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    std::fs::write(out.join("HVC-BK-2025-01/kpi-schedule.md"), "my own notes\n").unwrap();
    let (code, err) = packet_md(&out, &["samples/bookkeeping-uk-cafe.yaml"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists; pass --force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("HVC-BK-2025-01/kpi-schedule.md")).unwrap(),
        "my own notes\n"
    );
}

#[test]
fn a_us_starter_reviews_without_load_errors_and_prints_in_dollars_with_us_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("us.yaml");
    let f = file.to_str().unwrap();
    let (code, _, err) = run(&[
        "init",
        "--function",
        "it-support",
        "--country",
        "US",
        "--currency",
        "USD",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("country: US") && text.contains("timezone: America/New_York"));
    // Findings for the TODOs a person must still decide, but nothing that stops the file loading.
    let (code, report) = common::run_json(&["review", f, "--format", "json"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["unusable"], 0, "{report}");
    let out = tmp.path().join("out");
    let (code, err) = packet_md(&out, &[f], &[]);
    assert_eq!(code, 1, "the TODOs make it a draft: {err}");
    let sow = read(&out, "TODO-IT-01", "sow");
    assert!(sow.contains("issued January 5, 2026"), "{sow}");
    assert!(sow.contains("DRAFT: not ready to sign"), "{sow}");
    assert!(sow.contains("$0.00"), "{sow}");
    // The country and currency are checked like the file's own fields.
    let (code, _, err) = run(&["init", "--country", "UK", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("the United Kingdom is `GB`"), "{err}");
    let (code, _, err) = run(&["init", "--currency", "XYZ", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("ISO 4217"), "{err}");
}

/// What the file leaves out, in file order, as the review reports it.
const LEFT_OUT: [&str; 21] = [
    "start date",
    "term",
    "client country",
    "client time zone",
    "vendor type",
    "vendor country",
    "vendor time zone",
    "due diligence",
    "objectives",
    "functions",
    "scope of services",
    "deliverables",
    "roles",
    "trial period",
    "KPIs",
    "communication and reporting",
    "acceptance process",
    "change control",
    "scaling plan",
    "fees",
    "termination",
];

/// An identity-only engagement (six lines) prints as a draft: all three documents, the parts it
/// leaves out NOT DEFINED, a DRAFT mark on every page, exit 1 with a line that says what is
/// missing. `--strict` refuses it (exit 2) and writes nothing.
#[test]
fn an_identity_only_engagement_prints_a_marked_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = packet_md(tmp.path(), &["tests/fixtures/identity-only.yaml"], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("printed as a DRAFT, not ready to sign: Not defined yet: start date"),
        "{err}"
    );
    assert!(err.contains("1 written (1 as draft), 0 failed"), "{err}");
    let sow = read(tmp.path(), "ACME-IT-01", "sow");
    for what in [
        "[NOT DEFINED: trial period]",
        "[NOT DEFINED: KPIs]",
        "[NOT DEFINED: fees]",
        "[NOT DEFINED: start date]",
        "[NOT DEFINED: client country]",
    ] {
        assert!(sow.contains(what), "{what}\n{sow}");
    }
    for doc in ["sow", "nda-checklist", "kpi-schedule"] {
        let text = read(tmp.path(), "ACME-IT-01", doc);
        assert!(text.contains("**DRAFT: not ready to sign.**"), "{doc}");
        for what in LEFT_OUT {
            assert!(text.contains(what), "{doc} does not name {what}");
        }
    }
    let manifest = std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"draft\": true"), "{manifest}");

    // The PDFs carry the mark at the top of every page.
    let pdf = tmp.path().join("pdf");
    let (code, err) = packet(&pdf, &["tests/fixtures/identity-only.yaml"], &[]);
    assert_eq!(code, 1, "{err}");
    match std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf.join("ACME-IT-01/sow.pdf"))
        .arg("-")
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            let pages: Vec<&str> = text
                .split('\u{c}')
                .filter(|p| !p.trim().is_empty())
                .collect();
            assert!(pages.len() >= 2, "{text}");
            for page in pages {
                let first = page
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or_default();
                assert_eq!(first.trim(), "DRAFT: not ready to sign", "{page}");
            }
        }
        Err(_) => assert!(
            std::env::var_os("VENDORKIT_REQUIRE_TOOLS").is_none(),
            "CI must have pdftotext (.ci/run installs poppler-utils)"
        ),
    }

    let strict = tmp.path().join("strict");
    let (code, err) = packet_md(
        &strict,
        &["tests/fixtures/identity-only.yaml"],
        &["--strict"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing required field"), "{err}");
    assert!(!strict.join("ACME-IT-01").exists());
}

/// A complete engagement prints with no DRAFT mark and exit 0; one with TODOs or a zero fee
/// prints as a draft, and `--strict` refuses it.
#[test]
fn placeholders_and_zero_amounts_make_a_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = packet_md(
        tmp.path(),
        &["samples", "../shared/example-engagement.yaml"],
        &[],
    );
    if std::path::Path::new("../shared/example-engagement.yaml").exists() {
        // The example and the bookkeeping sample share an id: only the samples are printed.
        assert_eq!(code, 2, "{err}");
    }
    let (code, err) = packet_md(&tmp.path().join("samples"), &["samples"], &[]);
    assert_eq!(code, 0, "{err}");
    for entry in std::fs::read_dir(tmp.path().join("samples")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            let sow = std::fs::read_to_string(dir.join("sow.md")).unwrap();
            assert!(!sow.contains("DRAFT") && !sow.contains("NOT DEFINED: trial period"));
        }
    }
    let text = std::fs::read_to_string("samples/bookkeeping-uk-cafe.yaml").unwrap();
    let zero = regex::Regex::new(r"amount: [0-9.]+").unwrap();
    assert!(zero.is_match(&text));
    let file = tmp.path().join("zero.yaml");
    std::fs::write(&file, zero.replace(&text, "amount: 0").as_ref()).unwrap();
    let f = file.to_str().unwrap();
    let (code, report) = common::run_json(&["review", f, "--format", "json"]);
    assert_eq!(code, 1);
    let zero_fees = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "REV-021" && d["message"].as_str().unwrap().ends_with("is 0"))
        .count();
    assert!(zero_fees >= 1, "{report}");
    let (code, err) = packet_md(&tmp.path().join("zero"), &[f], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("placeholder"), "{err}");
    let (code, err) = packet_md(&tmp.path().join("zero-strict"), &[f], &["--strict"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not ready to print (--strict)"), "{err}");
}
