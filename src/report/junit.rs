//! `--format junit`: JUnit XML that CI systems (GitLab, Jenkins, Azure, GitHub test reporters)
//! load. One test suite per file; one failing test case per finding at or above info, named
//! `RULE at line:col`, and one passing case for a clean file, so dashboards count files.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Report, Severity, visible};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let total: usize = report
        .files
        .iter()
        .map(|f| f.diagnostics.len().max(1))
        .sum();
    let failures: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", format!("vendorkit {}", report.command).as_str()));
    suites.push_attribute(("tests", total.to_string().as_str()));
    suites.push_attribute(("failures", failures.to_string().as_str()));
    w.write_event(Event::Start(suites))?;
    for file in &report.files {
        let mut suite = BytesStart::new("testsuite");
        let path = visible(&file.path);
        suite.push_attribute(("name", path.as_ref()));
        suite.push_attribute(("tests", file.diagnostics.len().max(1).to_string().as_str()));
        suite.push_attribute(("failures", file.diagnostics.len().to_string().as_str()));
        suite.push_attribute(("errors", if file.unusable { "1" } else { "0" }));
        w.write_event(Event::Start(suite))?;
        if file.diagnostics.is_empty() {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", format!("{} clean", report.command).as_str()));
            case.push_attribute(("classname", path.as_ref()));
            w.write_event(Event::Empty(case))?;
        }
        for d in &file.diagnostics {
            let place = d
                .location
                .map(|l| format!(" at {}:{}", l.line, l.column))
                .unwrap_or_default();
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", format!("{}{place}", d.rule).as_str()));
            case.push_attribute(("classname", path.as_ref()));
            if let Some(l) = d.location {
                case.push_attribute(("file", path.as_ref()));
                case.push_attribute(("line", l.line.to_string().as_str()));
            }
            w.write_event(Event::Start(case))?;
            let tag = if file.unusable && d.severity == Severity::Error {
                "error"
            } else {
                "failure"
            };
            let mut failure = BytesStart::new(tag);
            failure.push_attribute(("message", visible(&d.message).as_ref()));
            failure.push_attribute(("type", d.severity.as_str()));
            w.write_event(Event::Start(failure))?;
            let mut body = format!("{}{place}: {}", path, d.message);
            if let Some(h) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(h);
            }
            w.write_event(Event::Text(BytesText::new(&visible(&body))))?;
            w.write_event(Event::End(BytesEnd::new(tag)))?;
            w.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(w.into_inner())
}
