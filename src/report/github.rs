//! `--format github`: GitHub Actions workflow commands.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>
//!
//! GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices), so the
//! run's findings are annotated worst first, 10 of each severity, and one more annotation says
//! how many were left out and where to see them all. When `GITHUB_STEP_SUMMARY` is set, a
//! table of every file's counts is added to the job summary.

use std::io::{self, Write};

use super::{Diagnostic, FileReport, Severity, Tally, visible};

/// Annotations shown per severity (GitHub's own limit per step).
const SHOWN: usize = 10;

/// The annotations of a run's files: up to [`SHOWN`] of each severity, worst first, and one
/// summary annotation for the rest.
pub fn write(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    // Per severity, the findings that point at words of a draft come before its absent
    // clauses (listed at the top of the file), each group in file order.
    let mut all: Vec<(&str, &Diagnostic)> = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f.path.as_str(), d)))
        .collect();
    all.sort_by_key(|(_, d)| (std::cmp::Reverse(d.severity), d.absent.is_some()));
    let mut left_out = [0usize; 3];
    let mut shown = [0usize; 3];
    for (path, d) in all {
        let k = d.severity as usize;
        if shown[k] < SHOWN {
            shown[k] += 1;
            annotate(path, d, out)?;
        } else {
            left_out[k] += 1;
        }
    }
    let rest: usize = left_out.iter().sum();
    if rest > 0 {
        let [infos, warnings, errors] = left_out;
        writeln!(
            out,
            "::notice title=vendorkit::{}",
            data(&format!(
                "{rest} more finding{} not annotated ({errors} errors, {warnings} warnings, {infos} infos): GitHub shows {SHOWN} per severity. Run vendorkit with --format sarif for code scanning, or see the job summary and the log.",
                if rest == 1 { "" } else { "s" }
            ))
        )?;
    }
    Ok(())
}

/// One annotation line.
fn annotate(path: &str, d: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!("file={}", property(path));
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
    writeln!(out, "::{command} {props}::{}", data(&message))
}

/// Append a Markdown table of the run to `$GITHUB_STEP_SUMMARY`, when GitHub set it: the
/// totals, then each file with findings (errors, warnings, infos). A summary that cannot be
/// written is skipped: it never fails the run.
pub fn step_summary(command: &str, files: &[FileReport], tally: &Tally) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let mut md = format!(
        "### vendorkit {command}\n\n{} files checked: {} clean, {} errors, {} warnings, {} infos{}\n\n",
        tally.files,
        tally.clean,
        tally.errors,
        tally.warnings,
        tally.infos,
        if tally.unusable > 0 {
            format!(", {} could not be used", tally.unusable)
        } else {
            String::new()
        }
    );
    let rows: Vec<String> = files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .map(|f| {
            let n = |s: Severity| f.diagnostics.iter().filter(|d| d.severity == s).count();
            format!(
                "| `{}` | {} | {} | {} |",
                visible(&f.path).replace('|', "\\|").replace('`', "'"),
                if f.unusable {
                    "could not be used".to_string()
                } else {
                    n(Severity::Error).to_string()
                },
                n(Severity::Warning),
                n(Severity::Info)
            )
        })
        .collect();
    if !rows.is_empty() {
        md.push_str("| File | Errors | Warnings | Infos |\n|---|---:|---:|---:|\n");
        md.push_str(&rows.join("\n"));
        md.push('\n');
    }
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(md.as_bytes()));
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
