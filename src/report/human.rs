//! `--format human`: rustc-style diagnostics with the offending line, via annotate-snippets.
//! Colour only when asked (the caller decides from the terminal and NO_COLOR).

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, FileReport, Report, Severity, Tally, WriteOptions};
use crate::source::SourceFile;

/// Lines of context shown around a long span are capped, so one finding never floods the screen.
const MAX_SNIPPET_LINES: usize = 6;

pub fn write(report: &Report, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
    let mut tally = Tally::default();
    for file in &report.files {
        write_file(file, out, opts)?;
        tally.add(file, opts.fail_on);
    }
    write_summary(&tally, out, opts)
}

/// Every finding of one file, as soon as the file is done.
pub fn write_file(file: &FileReport, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for d in &file.diagnostics {
        let text = render_one(&renderer, &file.path, file.source.as_ref(), d);
        writeln!(out, "{text}\n")?;
    }
    if let Some(c) = &file.extra
        && let Some(a) = &c.assumed
    {
        writeln!(out, "{}\n", assumptions(&file.path, &c.policy, a))?;
    }
    Ok(())
}

/// The closing lines: files checked, clean, and findings by severity.
pub fn write_summary(t: &Tally, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
    writeln!(
        out,
        "{} file{} checked: {} clean, {} error{}, {} warning{}, {} info{}",
        t.files,
        plural(t.files),
        t.clean,
        t.errors,
        plural(t.errors),
        t.warnings,
        plural(t.warnings),
        t.infos,
        plural(t.infos),
    )?;
    if t.unusable > 0 {
        writeln!(
            out,
            "{} file{} could not be used ({} load error{}; exit 2)",
            t.unusable,
            plural(t.unusable),
            t.load_errors,
            plural(t.load_errors)
        )?;
    } else if t.exit_code() == 0 && t.errors + t.warnings + t.infos > 0 {
        writeln!(
            out,
            "findings below `--fail-on {}` do not fail the run",
            opts.fail_on
        )?;
    }
    Ok(())
}

/// The line that says what lint assumed about a draft: the policy, the kind of document and
/// the contexts, with what would change them.
fn assumptions(path: &str, policy: &str, a: &crate::lint::assume::Assumed) -> String {
    if let Some(language) = a.foreign_language {
        return format!(
            "note: {}: not checked against policy {policy}: it reads as {language}",
            super::visible(path)
        );
    }
    let name = |c: crate::lint::policy::Context| format!("{c:?}").to_lowercase();
    let applied: Vec<String> = a
        .contexts
        .iter()
        .filter(|c| c.applied)
        .map(|c| format!("{} ({})", name(c.context), c.why))
        .collect();
    let other: Vec<String> = a
        .contexts
        .iter()
        .filter(|c| !c.applied)
        .map(|c| format!("{} ({})", name(c.context), c.why))
        .collect();
    let mut line = format!(
        "note: {}: checked with policy {policy}, as {}{} ({})",
        super::visible(path),
        a.doc_type.describe(),
        if a.under_master.is_some() {
            " made under a master agreement"
        } else {
            ""
        },
        a.doc_why
    );
    if !applied.is_empty() {
        line.push_str(&format!("; contexts: {}", applied.join(", ")));
    }
    if !other.is_empty() {
        line.push_str(&format!("; not applied: {}", other.join(", ")));
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(
    renderer: &Renderer,
    path: &str,
    source: Option<&SourceFile>,
    d: &Diagnostic,
) -> String {
    let lvl = level(d.severity);
    let path = super::visible(path);
    let path = path.as_ref();
    let message = super::visible(&d.message);
    let title = lvl
        .clone()
        .primary_title(message.as_ref())
        .id(d.rule.as_str());
    let mut footers = Vec::new();
    if let Some(p) = &d.place {
        footers.push(Level::NOTE.message(format!("in the original document: {p}")));
    }
    if let Some(h) = &d.help {
        footers.push(Level::HELP.message(h.as_str()));
    }
    if let Some(m) = &d.model {
        footers.push(Level::NOTE.message(format!("model text:\n{m}")));
    }
    // The quoted lines, with unsafe characters replaced in place (offsets still hold).
    let window;
    let group = match (source, d.location) {
        (Some(src), Some(loc)) => {
            // Show only the lines the span touches (capped), not the whole file.
            let first = loc.line;
            let last_line = src.location(loc.byte_end, loc.byte_end).line;
            let last = last_line.min(first + MAX_SNIPPET_LINES - 1);
            let from = src.line_start(first);
            let to = if last >= src.line_count() {
                src.text.len()
            } else {
                src.line_start(last + 1) - 1
            };
            window = super::visible_in_place(&src.text[from..to.max(from)]);
            let start = loc.byte_start - from;
            let end = (loc.byte_end.min(to) - from).max(start);
            let mut ann = AnnotationKind::Primary.span(start..end);
            if let Some(l) = &d.label {
                ann = ann.label(l.as_str());
            }
            Group::with_title(title)
                .element(
                    Snippet::source(window.as_ref())
                        .line_start(first)
                        .path(path)
                        .annotation(ann),
                )
                .elements(footers)
        }
        _ => Group::with_title(title)
            .element(Origin::path(path))
            .elements(footers),
    };
    renderer.render(&[group])
}
