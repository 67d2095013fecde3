//! `--format json`: the versioned machine-readable report (README, "Output formats").
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...], ...extra } ],
//!    "summary": { files, clean, unusable, errors, warnings, infos } }`.
//! Lint adds `coverage` to each file (see the eval contract).

use std::io::{self, Write};

use serde::Serialize;

use super::{ClauseCoverage, Diagnostic, FileReport, JSON_SCHEMA_VERSION, Report};

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
/// The coverage (a policy's every rule, for every file) and the findings are written here,
/// object by object, with their strings and numbers still written by serde_json: going
/// through serde's map machinery for each of their tens of thousands of small objects cost
/// more than the strings themselves.
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
    buf.extend_from_slice(b"\"findings\":[");
    for (i, d) in f.diagnostics.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write_diagnostic(d, buf)?;
    }
    buf.push(b']');
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

/// A finding, as serde derives it for [`Diagnostic`] (keys sorted, absent options left out):
/// the same bytes (a test holds them to it), without serde's map machinery.
fn write_diagnostic(d: &Diagnostic, buf: &mut Vec<u8>) -> io::Result<()> {
    // The first key opens the object, each later one follows a comma.
    let mut open = b'{';
    let mut key = |buf: &mut Vec<u8>, name: &[u8]| {
        buf.push(open);
        open = b',';
        buf.push(b'"');
        buf.extend_from_slice(name);
        buf.extend_from_slice(b"\":");
    };
    if let Some(help) = &d.help {
        key(buf, b"help");
        serde_json::to_writer(&mut *buf, help)?;
    }
    if let Some(label) = &d.label {
        key(buf, b"label");
        serde_json::to_writer(&mut *buf, label)?;
    }
    if let Some(l) = &d.location {
        key(buf, b"location");
        let fields: [(&[u8], usize); 6] = [
            (b"{\"byte_end\":", l.byte_end),
            (b",\"byte_start\":", l.byte_start),
            (b",\"column\":", l.column),
            (b",\"end_column\":", l.end_column),
            (b",\"end_line\":", l.end_line),
            (b",\"line\":", l.line),
        ];
        for (name, n) in fields {
            buf.extend_from_slice(name);
            serde_json::to_writer(&mut *buf, &n)?;
        }
        buf.push(b'}');
    }
    key(buf, b"message");
    serde_json::to_writer(&mut *buf, &d.message)?;
    if let Some(model) = &d.model {
        key(buf, b"model");
        serde_json::to_writer(&mut *buf, model)?;
    }
    if let Some(place) = &d.place {
        key(buf, b"place");
        serde_json::to_writer(&mut *buf, place)?;
    }
    key(buf, b"rule");
    serde_json::to_writer(&mut *buf, &d.rule)?;
    key(buf, b"severity");
    serde_json::to_writer(&mut *buf, &d.severity)?;
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

    /// Findings written object by object are what serde derives for them, byte for byte, with
    /// every optional field present or absent, and strings that need escaping.
    #[test]
    fn findings_are_written_as_serde_writes_them() {
        let location = crate::source::Location {
            line: 3,
            column: 7,
            byte_start: 40,
            byte_end: 52,
            end_line: 4,
            end_column: 1,
        };
        for mask in 0..32u32 {
            let text = |bit: u32, s: &str| (mask & (1 << bit) != 0).then(|| s.to_string());
            let d = Diagnostic {
                help: text(0, "do \"this\"\n"),
                label: text(1, "here\\there"),
                location: (mask & 4 != 0).then_some(location),
                message: format!("finding {mask}: \u{1}é"),
                model: text(3, "Model\ttext"),
                place: text(4, "page 3"),
                rule: "LINT-001".to_string(),
                severity: [Severity::Info, Severity::Warning, Severity::Error][mask as usize % 3],
            };
            let mut ours = Vec::new();
            write_diagnostic(&d, &mut ours).expect("write");
            let serde = serde_json::to_vec(&d).expect("json");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde)
            );
        }
    }
}
