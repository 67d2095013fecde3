//! The text formats, via annotate-snippets. Colour only when asked (the caller decides from
//! the terminal and NO_COLOR).
//!
//! - `human` (the default, [`Style::Compact`]): each finding that points at text shows its
//!   line, rustc-style, with one help line; the clauses a draft lacks altogether are one block
//!   per file, a line each (rule, title, where to add it) and each model text once.
//! - `full` ([`Style::Full`]): every finding in the detailed form, help and model text included.
//! - `concise` ([`Style::Concise`]): `path:line:col: severity RULE message`, a line each.

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

/// Which text form to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Compact,
    Full,
    Concise,
}

/// Every finding of one file, as soon as the file is done.
pub fn write_file(file: &FileReport, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    match opts.style {
        Style::Concise => {
            for d in &file.diagnostics {
                writeln!(out, "{}", concise(&file.path, d))?;
            }
            return Ok(());
        }
        Style::Full => {
            for d in &file.diagnostics {
                let text = render_one(&renderer, &file.path, file.source.as_ref(), d, true);
                writeln!(out, "{text}\n")?;
            }
        }
        Style::Compact => {
            let (mut absent, located): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                file.diagnostics.iter().partition(|d| d.absent.is_some());
            // Worst first; within a severity, in the order of the headings they go under.
            absent.sort_by_key(|d| std::cmp::Reverse(d.severity));
            for d in located {
                // Only a model text that is the fix itself (a block to paste); the others are
                // in `--format full` and `explain`.
                let text = render_one(&renderer, &file.path, file.source.as_ref(), d, d.paste);
                writeln!(out, "{text}\n")?;
            }
            if !absent.is_empty() {
                writeln!(out, "{}\n", absent_block(&file.path, &absent, opts.color))?;
            }
        }
    }
    if let Some(c) = file.extra.as_ref().filter(|_| !opts.quiet)
        && let Some(a) = &c.assumed
    {
        writeln!(out, "{}\n", assumptions(&file.path, &c.policy, a))?;
    }
    Ok(())
}

/// `path:line:col: severity RULE message` (line and column 1:1 for a whole-file finding).
fn concise(path: &str, d: &Diagnostic) -> String {
    let (line, column) = d.location.map_or((1, 1), |l| (l.line, l.column));
    let message = d.message_with_place();
    format!(
        "{}:{line}:{column}: {} {} {}",
        super::visible(path),
        d.severity,
        d.rule,
        super::visible(&message).replace('\n', " ")
    )
}

/// The clauses a draft does not have: one line each (severity, rule, title, where to add it),
/// then each rule's model text once.
fn absent_block(path: &str, absent: &[&Diagnostic], color: bool) -> String {
    let bold = |s: &str| {
        if color {
            format!("\u{1b}[1m{s}\u{1b}[0m")
        } else {
            s.to_string()
        }
    };
    let n = absent.len();
    let mut out = bold(&format!(
        "{}: {n} clause{} not found (add each where shown; `vendorkit explain RULE` says why):",
        super::visible(path),
        if n == 1 { "" } else { "s" }
    ));
    let id_width = absent.iter().map(|d| d.rule.len()).max().unwrap_or(0);
    let title_width = absent
        .iter()
        .filter_map(|d| d.absent.as_ref())
        .map(|a| a.title.chars().count())
        .max()
        .unwrap_or(0)
        .min(44);
    for d in absent {
        let a = d.absent.as_ref().expect("partitioned on absent");
        let place = match (&a.heading, d.location) {
            (Some(h), Some(l)) => {
                let at = d
                    .place
                    .clone()
                    .unwrap_or_else(|| format!("line {}", l.line));
                format!("under \"{h}\" ({at})")
            }
            _ => format!("in a new section such as \"{}\"", a.section),
        };
        out.push_str(&format!(
            "\n  {:<7} {:<id_width$}  {:<title_width$}  {}",
            d.severity.as_str(),
            d.rule,
            super::visible(&a.title),
            super::visible(&place),
        ));
    }
    let models: Vec<&&Diagnostic> = absent.iter().filter(|d| d.model.is_some()).collect();
    if !models.is_empty() {
        out.push_str("\n  model text to adapt:");
        for d in models {
            let model = d.model.as_deref().unwrap_or_default().replace('\n', " ");
            out.push_str(&format!(
                "\n    {:<id_width$}  {}",
                d.rule,
                super::visible(&model)
            ));
        }
    }
    out
}

/// The closing lines: files checked, clean, and findings by severity.
pub fn write_summary(t: &Tally, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
    if opts.quiet {
        return Ok(());
    }
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
pub(crate) fn assumptions(path: &str, policy: &str, a: &crate::lint::assume::Assumed) -> String {
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

/// One finding rustc-style; `model`: with its model text.
fn render_one(
    renderer: &Renderer,
    path: &str,
    source: Option<&SourceFile>,
    d: &Diagnostic,
    model: bool,
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
    if let Some(m) = d.model.as_ref().filter(|_| model) {
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
