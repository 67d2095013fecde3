//! `--format json`: the versioned machine-readable report (README, "Output formats").
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...],
//!                 "suppressed": [{finding, kind, reason}] (when any), ...extra } ],
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
            load_errors: tally.load_errors,
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
    /// Problems that made files unusable, apart from the findings of usable ones.
    load_errors: usize,
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
    let mut o = Object::new(buf);
    if let Some(c) = extra {
        write_array(o.key("coverage"), &c.clauses, write_clause)?;
    }
    if let Some((contexts, document)) = extra
        .and_then(|c| c.assumed.as_ref())
        .map(|a| assumptions(a, f))
    {
        o.value("contexts", &contexts)?;
        o.value("document", &document)?;
    }
    write_array(o.key("findings"), &f.diagnostics, write_diagnostic)?;
    o.value("path", &f.path)?;
    if let Some(c) = extra {
        o.value("policy", &c.policy)?;
    }
    o.value("status", if f.unusable { "unusable" } else { "checked" })?;
    if !f.suppressed.is_empty() {
        write_array(o.key("suppressed"), &f.suppressed, write_suppressed)?;
    }
    o.end();
    Ok(())
}

/// A silenced finding: `{"finding": {...}, "kind": "in_source"|"external", "reason": "..."}`.
fn write_suppressed(s: &super::Suppressed, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut o = Object::new(buf);
    write_diagnostic(&s.finding, o.key("finding"))?;
    o.value("kind", if s.in_source { "in_source" } else { "external" })?;
    o.value("reason", &s.reason)?;
    o.end();
    Ok(())
}

/// What lint assumed about a file, as the `contexts` and `document` values: each context
/// with whether it applied and why, and the kind of document, its language when not English,
/// and the line saying it is made under a master agreement.
fn assumptions(
    a: &crate::lint::assume::Assumed,
    f: &FileReport,
) -> (serde_json::Value, serde_json::Value) {
    let contexts = a
        .contexts
        .iter()
        .map(|c| {
            serde_json::json!({
                "applied": c.applied,
                "context": c.context,
                "why": c.why,
            })
        })
        .collect();
    let mut document = serde_json::json!({
        "kind": a.doc_type.as_str(),
        "why": a.doc_why,
    });
    if let Some(lang) = a.foreign_language {
        document["language"] = lang.into();
    }
    if let (Some((s, _)), Some(src)) = (a.under_master, f.source.as_ref()) {
        document["under_master_line"] = src.location(s, s).line.into();
    }
    (serde_json::Value::Array(contexts), document)
}

/// A finding, as serde derives it for [`Diagnostic`] (keys sorted, absent options left out):
/// the same bytes (a test holds them to it).
fn write_diagnostic(d: &Diagnostic, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut o = Object::new(buf);
    if let Some(help) = &d.help {
        o.value("help", help)?;
    }
    if let Some(label) = &d.label {
        o.value("label", label)?;
    }
    if let Some(l) = &d.location {
        let mut at = Object::new(o.key("location"));
        at.value("byte_end", &l.byte_end)?;
        at.value("byte_start", &l.byte_start)?;
        at.value("column", &l.column)?;
        at.value("end_column", &l.end_column)?;
        at.value("end_line", &l.end_line)?;
        at.value("line", &l.line)?;
        at.end();
    }
    o.value("message", &d.message)?;
    if let Some(model) = &d.model {
        o.value("model", model)?;
    }
    if let Some(place) = &d.place {
        o.value("place", place)?;
    }
    o.value("rule", &d.rule)?;
    o.value("severity", &d.severity)?;
    o.end();
    Ok(())
}

/// A clause's coverage, as serde derives it for [`ClauseCoverage`]: the same bytes (a test
/// holds them to it).
fn write_clause(c: &ClauseCoverage, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut o = Object::new(buf);
    o.value("clause", &c.clause)?;
    write_array(o.key("evidence"), &c.evidence, |e, buf| {
        let mut at = Object::new(buf);
        at.value("byte_end", &e.byte_end)?;
        at.value("byte_start", &e.byte_start)?;
        at.value("line", &e.line)?;
        at.end();
        Ok(())
    })?;
    o.value("rule", &c.rule)?;
    o.value("status", c.status)?;
    o.end();
    Ok(())
}

/// `[item,item,...]`, each item written by `write`.
fn write_array<T>(
    buf: &mut Vec<u8>,
    items: &[T],
    mut write: impl FnMut(&T, &mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    buf.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write(item, buf)?;
    }
    buf.push(b']');
    Ok(())
}

/// A JSON object being written: `{`, then each key (given in sorted order by the caller) with
/// its value, then `}`.
struct Object<'b> {
    buf: &'b mut Vec<u8>,
    empty: bool,
}

impl<'b> Object<'b> {
    fn new(buf: &'b mut Vec<u8>) -> Self {
        buf.push(b'{');
        Object { buf, empty: true }
    }

    /// Write `"name":` (after a comma unless it is the first key; `name` is one of the report's
    /// own keys, with nothing to escape); the value goes in the buffer returned.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\":");
        self.buf
    }

    /// Write `"name":value`, the value by serde_json.
    fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> io::Result<()> {
        serde_json::to_writer(self.key(name), value)?;
        Ok(())
    }

    fn end(self) {
        self.buf.push(b'}');
    }
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
            assumed: None,
        }
    }

    /// `write` writes `value` as serde derives it, byte for byte.
    fn assert_written_as_serde_writes<T: serde::Serialize>(
        value: &T,
        write: fn(&T, &mut Vec<u8>) -> io::Result<()>,
    ) {
        let mut ours = Vec::new();
        write(value, &mut ours).expect("write");
        let serde = serde_json::to_vec(value).expect("json");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
    }

    /// The coverage written entry by entry is what serde derives for it, byte for byte.
    #[test]
    fn coverage_is_written_as_serde_writes_it() {
        for c in coverage().clauses {
            assert_written_as_serde_writes(&c, write_clause);
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
                absent: None,
                paste: false,
            };
            assert_written_as_serde_writes(&d, write_diagnostic);
        }
    }
}
