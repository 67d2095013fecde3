//! `--format json`: the versioned machine-readable report (docs/json-output.md).
//!
//! Shape (version 1):
//! `{ "version": 1, "tool": {name, version}, "command": "review"|"lint",
//!    "files": [ { "path", "status": "checked"|"unusable", "findings": [Diagnostic...], ...extra } ],
//!    "summary": { files, clean, unusable, errors, warnings, infos } }`.
//! Lint adds `coverage` to each file (see the eval contract).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{JSON_SCHEMA_VERSION, Report};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &to_value(report))?;
    writeln!(out)
}

pub fn to_value(report: &Report) -> Value {
    let files: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            let mut obj = serde_json::Map::new();
            obj.insert("path".into(), json!(f.path));
            obj.insert(
                "status".into(),
                json!(if f.unusable { "unusable" } else { "checked" }),
            );
            obj.insert("findings".into(), json!(f.diagnostics));
            if let Some(extra) = &f.extra {
                for (k, v) in extra {
                    obj.insert(k.clone(), v.clone());
                }
            }
            Value::Object(obj)
        })
        .collect();
    let mut t = super::Tally::default();
    for f in &report.files {
        t.add(f, super::Severity::Error);
    }
    json!({
        "version": JSON_SCHEMA_VERSION,
        "tool": { "name": "vendorkit", "version": env!("CARGO_PKG_VERSION") },
        "command": report.command,
        "files": files,
        "summary": {
            "files": t.files,
            "clean": t.clean,
            "unusable": t.unusable,
            "errors": t.errors,
            "warnings": t.warnings,
            "infos": t.infos,
        }
    })
}
