//! `--format json`: the versioned machine-readable report (README, "Output formats").
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...], ...extra } ],
//!    "summary": { files, clean, unusable, errors, warnings, infos } }`.
//! Lint adds `coverage` to each file (see the eval contract).

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{FileReport, JSON_SCHEMA_VERSION, Report};

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
        serde_json::to_writer(&mut buf, &FileView(file))?;
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
struct FileView<'a>(&'a FileReport);

impl Serialize for FileView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let extra = f.extra.as_ref();
        let fields = if extra.is_some() { 5 } else { 3 };
        let mut map = serializer.serialize_map(Some(fields))?;
        if let Some(c) = extra {
            map.serialize_entry("coverage", &c.clauses)?;
        }
        map.serialize_entry("findings", &f.diagnostics)?;
        map.serialize_entry("path", &f.path)?;
        if let Some(c) = extra {
            map.serialize_entry("policy", &c.policy)?;
        }
        map.serialize_entry("status", if f.unusable { "unusable" } else { "checked" })?;
        map.end()
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
                .map(|i| FileReport::new(format!("f{i}.md"), None))
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
}
