//! `--format json`: the versioned machine-readable report (README, "Output formats").
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...], ...extra } ],
//!    "summary": { files, clean, unusable, errors, warnings, infos } }`.
//! Lint adds `coverage` to each file (see the eval contract).

use std::io::{self, Write};

use serde::Serialize;

use super::{ClauseCoverage, FileReport, JSON_SCHEMA_VERSION, Report};

/// Write the report as one line of JSON.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut stream = Stream::new(report.command);
    let mut tally = super::Tally::default();
    for f in &report.files {
        tally.add(f, super::Severity::Error);
        stream.file(f, out)?;
    }
    stream.finish(&tally, out)
}

/// The report written as its files arrive, so a batch of any size holds no file once it is
/// written. Each file is serialised straight from its report (no copy as a `Value` tree) and
/// written in one piece. The document's keys are in sorted order, and `files` comes between
/// `command` and `summary`, so the streamed document is the same, byte for byte, as one
/// written whole.
#[derive(Debug)]
pub struct Stream {
    command: &'static str,
    files: usize,
}

impl Stream {
    /// The report of `command` ("review", "lint"), nothing written yet.
    pub fn new(command: &'static str) -> Self {
        Stream { command, files: 0 }
    }

    /// Write one file (the document's head first).
    pub fn file(&mut self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let mut buf = Vec::with_capacity(1 << 14);
        if self.files == 0 {
            head(self.command, &mut buf)?;
        } else {
            buf.push(b',');
        }
        write_file(file, &mut buf)?;
        self.files += 1;
        out.write_all(&buf)
    }

    /// Close the document: the summary of `tally`, the tool, the version.
    pub fn finish(self, tally: &super::Tally, out: &mut dyn Write) -> io::Result<()> {
        let mut buf = Vec::new();
        if self.files == 0 {
            head(self.command, &mut buf)?;
        }
        buf.extend_from_slice(b"],\"summary\":");
        let summary = Summary {
            clean: tally.clean,
            errors: tally.errors,
            files: tally.files,
            infos: tally.infos,
            unusable: tally.unusable,
            warnings: tally.warnings,
        };
        serde_json::to_writer(&mut buf, &summary)?;
        buf.extend_from_slice(b",\"tool\":");
        let tool = Tool {
            name: "vendorkit",
            version: env!("CARGO_PKG_VERSION"),
        };
        serde_json::to_writer(&mut buf, &tool)?;
        buf.extend_from_slice(b",\"version\":");
        serde_json::to_writer(&mut buf, &JSON_SCHEMA_VERSION)?;
        buf.extend_from_slice(b"}\n");
        out.write_all(&buf)?;
        out.flush()
    }
}

/// `{"command":"...","files":[`
fn head(command: &str, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.extend_from_slice(b"{\"command\":");
    serde_json::to_writer(&mut *buf, command)?;
    buf.extend_from_slice(b",\"files\":[");
    Ok(())
}

#[derive(Serialize)]
struct Summary {
    clean: usize,
    errors: usize,
    files: usize,
    infos: usize,
    unusable: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One file: coverage (lint), findings, path, policy (lint) and status, in sorted key order.
/// The coverage (a policy's every rule, for every file) is written here, entry by entry, with
/// its strings still escaped by serde_json: going through serde's map machinery for each of
/// its tens of thousands of small objects took a quarter of the report's time.
fn write_file(f: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
    let extra = f.extra.as_ref();
    buf.push(b'{');
    if let Some(c) = extra {
        buf.extend_from_slice(b"\"coverage\":[");
        for (i, clause) in c.clauses.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            write_clause(clause, buf)?;
        }
        buf.extend_from_slice(b"],");
    }
    buf.extend_from_slice(b"\"findings\":");
    serde_json::to_writer(&mut *buf, &f.diagnostics)?;
    buf.extend_from_slice(b",\"path\":");
    serde_json::to_writer(&mut *buf, &f.path)?;
    if let Some(c) = extra {
        buf.extend_from_slice(b",\"policy\":");
        serde_json::to_writer(&mut *buf, &c.policy)?;
    }
    buf.extend_from_slice(b",\"status\":");
    serde_json::to_writer(&mut *buf, if f.unusable { "unusable" } else { "checked" })?;
    buf.push(b'}');
    Ok(())
}

/// `{"clause":..,"evidence":[{"byte_end":..,"byte_start":..,"line":..}..],"rule":..,"status":..}`:
/// what serde derives for [`ClauseCoverage`], the same bytes (a test holds them to it).
fn write_clause(c: &ClauseCoverage, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.extend_from_slice(b"{\"clause\":");
    serde_json::to_writer(&mut *buf, &c.clause)?;
    buf.extend_from_slice(b",\"evidence\":[");
    for (i, e) in c.evidence.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"byte_end\":");
        serde_json::to_writer(&mut *buf, &e.byte_end)?;
        buf.extend_from_slice(b",\"byte_start\":");
        serde_json::to_writer(&mut *buf, &e.byte_start)?;
        buf.extend_from_slice(b",\"line\":");
        serde_json::to_writer(&mut *buf, &e.line)?;
        buf.push(b'}');
    }
    buf.extend_from_slice(b"],\"rule\":");
    serde_json::to_writer(&mut *buf, &c.rule)?;
    buf.extend_from_slice(b",\"status\":");
    serde_json::to_writer(&mut *buf, c.status)?;
    buf.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Severity, Tally};
    use serde_json::Value;

    /// The streamed document is one JSON value, keys in sorted order, the same as serde_json
    /// writes the parsed value back, whether it holds no file, one or several.
    #[test]
    fn a_streamed_document_is_whole_and_sorted() {
        for n in 0..3 {
            let files: Vec<FileReport> = (0..n)
                .map(|i| {
                    let mut f = FileReport::new(format!("f{i}.md"), None);
                    // Every other file is a lint file, with its coverage.
                    if i % 2 == 1 {
                        f.extra = Some(coverage());
                    }
                    f
                })
                .collect();
            let mut out = Vec::new();
            let mut stream = Stream::new("lint");
            let mut tally = Tally::default();
            for f in &files {
                tally.add(f, Severity::Error);
                stream.file(f, &mut out).expect("write");
            }
            stream.finish(&tally, &mut out).expect("write");
            let text = String::from_utf8(out).expect("utf-8");
            let v: Value = serde_json::from_str(&text).expect("one JSON value");
            assert_eq!(v["files"].as_array().map(Vec::len), Some(n));
            assert_eq!(v["summary"]["files"], n);
            assert_eq!(serde_json::to_string(&v).expect("json") + "\n", text);
        }
    }

    /// A coverage with no evidence, some, and strings that need escaping.
    fn coverage() -> crate::report::Coverage {
        let clause = |name: &str, rule: &str, evidence: usize| ClauseCoverage {
            clause: name.to_string(),
            evidence: (0..evidence)
                .map(|k| crate::report::Evidence {
                    byte_end: 10 * k + 9,
                    byte_start: 10 * k,
                    line: k + 1,
                })
                .collect(),
            rule: rule.to_string(),
            status: if evidence > 0 { "present" } else { "absent" },
        };
        crate::report::Coverage {
            policy: "out\"sourcing".to_string(),
            clauses: vec![
                clause("trial-period", "TRIAL-001", 0),
                clause("a \"quoted\"\tclause\\", "X-\u{7}", 3),
                clause("données", "DATA-001", 1),
            ],
        }
    }

    /// The coverage written entry by entry is what serde derives for it, byte for byte.
    #[test]
    fn coverage_is_written_as_serde_writes_it() {
        for c in coverage().clauses {
            let mut ours = Vec::new();
            write_clause(&c, &mut ours).expect("write");
            let serde = serde_json::to_vec(&c).expect("json");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
        }
    }
}
