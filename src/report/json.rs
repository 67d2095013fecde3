//! `--format json`: the versioned machine-readable report (README, "Output formats").
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...], ...extra } ],
//!    "summary": { files, clean, unusable, errors, warnings, infos } }`.
//! Lint adds `coverage` to each file (see the eval contract).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::{Diagnostic, FileReport, JSON_SCHEMA_VERSION, Report};

/// Write the report as one line of JSON. It is serialised straight from the report (no copy
/// as a `Value` tree, which cost more than the linting on a large batch), through a buffer.
/// Keys come out sorted, as they always have.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut t = super::Tally::default();
    for f in &report.files {
        t.add(f, super::Severity::Error);
    }
    let doc = Document {
        command: report.command,
        files: report.files.iter().map(FileView).collect(),
        summary: Summary {
            clean: t.clean,
            errors: t.errors,
            files: t.files,
            infos: t.infos,
            unusable: t.unusable,
            warnings: t.warnings,
        },
        tool: Tool {
            name: "vendorkit",
            version: env!("CARGO_PKG_VERSION"),
        },
        version: JSON_SCHEMA_VERSION,
    };
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &doc)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// The whole report; fields in sorted order.
#[derive(Serialize)]
struct Document<'a> {
    command: &'a str,
    files: Vec<FileView<'a>>,
    summary: Summary,
    tool: Tool,
    version: u32,
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

/// One file: path, status, findings and the command's extra fields (lint's coverage), merged
/// in sorted key order.
struct FileView<'a>(&'a FileReport);

enum Field<'a> {
    Text(&'a str),
    Findings(&'a [Diagnostic]),
    Extra(&'a Value),
}

impl Serialize for FileView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut fields: BTreeMap<&str, Field> = BTreeMap::new();
        fields.insert("path", Field::Text(&f.path));
        let status = if f.unusable { "unusable" } else { "checked" };
        fields.insert("status", Field::Text(status));
        fields.insert("findings", Field::Findings(&f.diagnostics));
        for (k, v) in f.extra.iter().flatten() {
            fields.insert(k, Field::Extra(v));
        }
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for (k, v) in fields {
            match v {
                Field::Text(t) => map.serialize_entry(k, t)?,
                Field::Findings(d) => map.serialize_entry(k, d)?,
                Field::Extra(v) => map.serialize_entry(k, v)?,
            }
        }
        map.end()
    }
}
