//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it: every reportable rule is
//! listed in `tool.driver.rules` with its help text, results point at `ruleIndex`, and
//! locations use 1-based line/column with the file as an artifact URI.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Report, Severity};

pub fn write(report: &Report, out: &mut dyn Write, base: Option<&Path>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report, base))?;
    writeln!(out)
}

/// The folder SARIF locations are relative to: `--base-dir`, else the root of the git checkout
/// holding the current folder (a `.git` entry), else the current folder. Code scanning maps
/// results to files from the repository root, wherever vendorkit ran.
pub fn base_dir(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(b) = given {
        return std::fs::canonicalize(b).ok();
    }
    let cwd = std::env::current_dir().ok()?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let mut dir = cwd.clone();
    loop {
        if dir.join(".git").exists() {
            return Some(dir);
        }
        if !dir.pop() {
            return Some(cwd);
        }
    }
}

/// Where a result points: its URI relative to the base (with `uriBaseId`) when the file is
/// under it, else the path as given.
fn artifact(path: &str, base: Option<&Path>) -> Value {
    if let Some(base) = base
        && let Ok(abs) = std::fs::canonicalize(path)
        && let Ok(rel) = abs.strip_prefix(base)
    {
        return json!({ "uri": uri(&rel.to_string_lossy()), "uriBaseId": BASE_ID });
    }
    json!({ "uri": uri(path) })
}

/// The name of the base folder in `originalUriBaseIds`.
const BASE_ID: &str = "%SRCROOT%";

/// `file:///abs/path/` for a folder.
fn folder_uri(dir: &Path) -> String {
    let mut s = uri(&dir.to_string_lossy());
    if !s.ends_with('/') {
        s.push('/');
    }
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn to_value(report: &Report, base: Option<&Path>) -> Value {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.replace('-', ""),
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.title },
                "help": { "text": r.help, "markdown": r.help },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "tags": [report.command] }
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let silenced = file.suppressed.iter().map(|s| (&s.finding, Some(s)));
        for (d, suppressed) in file.diagnostics.iter().map(|d| (d, None)).chain(silenced) {
            let mut message = d.message_with_place();
            if let Some(h) = &d.help {
                message.push_str("\nHelp: ");
                message.push_str(h);
            }
            let region = match d.location {
                Some(loc) => {
                    json!({
                        "startLine": loc.line,
                        "startColumn": loc.column,
                        "endLine": loc.end_line,
                        "endColumn": loc.end_column.max(if loc.end_line == loc.line { loc.column + 1 } else { 1 }),
                        "byteOffset": loc.byte_start,
                        "byteLength": loc.byte_end - loc.byte_start,
                    })
                }
                None => json!({ "startLine": 1 }),
            };
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": artifact(&file.path, base),
                    "region": region
                }
            });
            // In a Word or PDF draft the region is in the extracted text; the paragraph or
            // page is where a person looks.
            if let Some(place) = &d.place {
                location["logicalLocations"] = json!([{ "name": place, "kind": "element" }]);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [location]
            });
            if let Some(i) = report.rules.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(s) = suppressed {
                result["suppressions"] = json!([{
                    "kind": if s.in_source { "inSource" } else { "external" },
                    "justification": s.reason,
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vendorkit",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/vendorkit",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": match base {
                Some(b) => json!({ BASE_ID: { "uri": folder_uri(b) } }),
                None => json!({}),
            },
            "results": results
        }]
    })
}

/// A relative URI for a path: forward slashes, no leading `./`, reserved characters escaped.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
