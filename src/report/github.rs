//! `--format github`: GitHub Actions workflow commands, one annotation line per finding.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::io::{self, Write};

use super::{FileReport, Report, Severity, visible};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        write_file(file, out)?;
    }
    Ok(())
}

/// One annotation line per finding of one file.
pub fn write_file(file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    for d in &file.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", property(&file.path));
        if let Some(loc) = d.location {
            props.push_str(&format!(",line={},col={}", loc.line, loc.column));
            if loc.end_line > loc.line {
                props.push_str(&format!(",endLine={}", loc.end_line));
            }
        }
        props.push_str(&format!(
            ",title={}",
            property(&format!("{} {}", d.rule, d.severity))
        ));
        let mut message = d.message_with_place();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        writeln!(out, "::{command} {props}::{}", data(&message))?;
    }
    Ok(())
}

/// Escape a message body (`%`, CR, LF; other control characters are shown as escapes).
fn data(s: &str) -> String {
    visible(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("50%\nx"), "50%25%0Ax");
    }
}
