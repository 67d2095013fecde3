//! `--format junit`: JUnit XML that CI systems (GitLab, Jenkins, Azure, GitHub test reporters)
//! load. One test suite per file and, in it, one test case per rule, named by the rule's id
//! and title (no line numbers, so a case keeps its history when the text moves). A case fails
//! only when the rule has a finding at or above `--fail-on`; findings below it are listed in
//! the case's output. A file that could not be used is one erroring case.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Diagnostic, FileReport, Report, Severity, visible};

/// One file's test cases: every rule the run could report (in the run's order), then any
/// other rule a finding names; each with its findings.
fn cases<'a>(report: &'a Report, file: &'a FileReport) -> Vec<(String, Vec<&'a Diagnostic>)> {
    let mut by_rule: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &file.diagnostics {
        by_rule.entry(d.rule.as_str()).or_default().push(d);
    }
    let mut out: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
    for r in &report.rules {
        if r.id.starts_with("LOAD-") && !by_rule.contains_key(r.id.as_str()) {
            continue;
        }
        let found = by_rule.remove(r.id.as_str()).unwrap_or_default();
        out.push((format!("{} {}", r.id, r.title), found));
    }
    for (id, found) in by_rule {
        out.push((id.to_string(), found));
    }
    out
}

pub fn write(report: &Report, out: &mut dyn Write, fail_on: &[Severity]) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let all: Vec<Vec<(String, Vec<&Diagnostic>)>> =
        report.files.iter().map(|f| cases(report, f)).collect();
    let failing = |file: usize, found: &[&Diagnostic]| {
        let level = fail_on.get(file).copied().unwrap_or(Severity::Error);
        found.iter().any(|d| d.severity >= level)
    };
    let total: usize = all.iter().map(Vec::len).sum();
    let failures: usize = all
        .iter()
        .enumerate()
        .map(|(i, c)| c.iter().filter(|(_, f)| failing(i, f)).count())
        .sum();
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", format!("vendorkit {}", report.command).as_str()));
    suites.push_attribute(("tests", total.to_string().as_str()));
    suites.push_attribute(("failures", failures.to_string().as_str()));
    w.write_event(Event::Start(suites))?;
    for (i, (file, cases)) in report.files.iter().zip(&all).enumerate() {
        let path = visible(&file.path);
        let failed = cases.iter().filter(|(_, f)| failing(i, f)).count();
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", path.as_ref()));
        suite.push_attribute(("tests", cases.len().to_string().as_str()));
        suite.push_attribute((
            "failures",
            if file.unusable { 0 } else { failed }.to_string().as_str(),
        ));
        suite.push_attribute(("errors", if file.unusable { "1" } else { "0" }));
        w.write_event(Event::Start(suite))?;
        for (name, found) in cases {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", visible(name).as_ref()));
            case.push_attribute(("classname", path.as_ref()));
            if let Some(l) = found.first().and_then(|d| d.location) {
                case.push_attribute(("file", path.as_ref()));
                case.push_attribute(("line", l.line.to_string().as_str()));
            }
            if found.is_empty() {
                w.write_event(Event::Empty(case))?;
                continue;
            }
            w.write_event(Event::Start(case))?;
            let body: Vec<String> = found
                .iter()
                .map(|d| {
                    let place = d
                        .location
                        .map(|l| format!(":{}:{}", l.line, l.column))
                        .unwrap_or_default();
                    let mut line = format!("{path}{place}: {} {}", d.severity, d.message);
                    if let Some(h) = &d.help {
                        line.push_str("\nhelp: ");
                        line.push_str(h);
                    }
                    line
                })
                .collect();
            let body = visible(&body.join("\n\n")).into_owned();
            if failing(i, found) {
                let tag = if file.unusable { "error" } else { "failure" };
                let worst = found
                    .iter()
                    .map(|d| d.severity)
                    .max()
                    .unwrap_or(Severity::Info);
                let mut failure = BytesStart::new(tag);
                failure.push_attribute(("message", visible(&found[0].message).as_ref()));
                failure.push_attribute(("type", worst.as_str()));
                w.write_event(Event::Start(failure))?;
                w.write_event(Event::Text(BytesText::new(&body)))?;
                w.write_event(Event::End(BytesEnd::new(tag)))?;
            } else {
                // Below --fail-on: passed, with the findings in its output.
                w.write_event(Event::Start(BytesStart::new("system-out")))?;
                w.write_event(Event::Text(BytesText::new(&body)))?;
                w.write_event(Event::End(BytesEnd::new("system-out")))?;
            }
            w.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(w.into_inner())
}
