//! The report layer shared by `review` and `lint`: one [`Diagnostic`] type and one writer per
//! output format. Commands build a [`Report`]; the writers never know which command made it.

mod github;
mod html;
pub mod human;
mod json;
mod junit;
mod matrix;
pub mod sarif;

use std::io::{self, Write};

use serde::Serialize;

use crate::source::{Location, SourceFile};

/// Characters that must not reach a terminal, an XML report or a CI log as they are: control
/// characters (an escape sequence in a file name or a draft can rewrite a terminal; most are
/// not allowed in XML 1.0) and the bidirectional overrides that make text read differently
/// from how it is stored. Tabs and line ends are kept.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` with [unsafe characters](unsafe_char) written as escapes (`\u{1b}`), for messages,
/// paths and titles in every text report.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `s` with each [unsafe character](unsafe_char) replaced by one of the same length in bytes
/// (`?`, `¿` or `�`), so byte offsets into it still hold: for quoting source lines.
pub fn visible_in_place(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if !unsafe_char(c) {
                    return c;
                }
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{FFFD}',
                }
            })
            .collect(),
    )
}

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// One level lower (used for "weak" evidence): error -> warning -> info.
    pub fn lower(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One finding: a rule broken (or a problem with the input) at a place in a file.
///
/// Fields are in alphabetical order: the JSON report lists keys sorted. The JSON report
/// writes them itself, key by key (`report::json`), held to what serde derives here by a
/// test: a new field goes in both.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A short label printed under the offending text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where: absent when the problem concerns the whole file (e.g. it cannot be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong, in one sentence that names what was expected and what was found.
    pub message: String,
    /// Model text to paste (a model clause for lint, a YAML snippet for review).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Where a person finds it in the original of a Word or PDF input ("paragraph 12",
    /// "page 3"); the location is in the extracted text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Stable rule id, e.g. `REV-010`, `SEC-002`, `LOAD-TYPE`.
    pub rule: String,
    pub severity: Severity,
    /// A clause of the policy the draft does not have at all (the compact human output
    /// lists these together, one line each). Not part of the JSON: the message says it.
    #[serde(skip)]
    pub absent: Option<Absent>,
    /// The model text is the fix itself (a block to paste), shown in the compact output too.
    #[serde(skip)]
    pub paste: bool,
}

/// What the compact output says of an absent clause: its title, and the draft's heading it
/// belongs under (the finding's location), or the section to add when there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absent {
    pub title: String,
    /// The heading's text, when the draft has a natural place for the clause.
    pub heading: Option<String>,
    /// The policy's name for the section the clause goes in ("Trial Period").
    pub section: String,
}

impl Diagnostic {
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            location: None,
            label: None,
            help: None,
            model: None,
            place: None,
            absent: None,
            paste: false,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message, followed by the place in the original document when there is one (for
    /// formats that have no field of their own for it).
    pub fn message_with_place(&self) -> String {
        match &self.place {
            Some(p) => format!("{} ({p} of the original)", self.message),
            None => self.message.clone(),
        }
    }

    pub fn model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }
}

/// What a report knows of a rule: its catalogue entry (for SARIF's rule list).
pub use crate::catalogue::Entry as RuleInfo;

/// The result of checking one input.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given on the command line.
    pub path: String,
    /// The text, when it could be read (for snippets).
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// True when the input could not be used at all (exit code 2).
    pub unusable: bool,
    /// Lint's clause coverage (written in the JSON report).
    pub extra: Option<Coverage>,
    /// Findings silenced by an inline suppression or an `ignore` (flag or config): kept, with
    /// why, for the JSON `suppressed` list and SARIF `suppressions`.
    pub suppressed: Vec<Suppressed>,
}

/// A finding that was silenced, and why.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Diagnostic,
    /// The reason given (an inline suppression's `reason="..."`) or where the rule was ignored.
    pub reason: String,
    /// Silenced in the document itself (an inline comment), not by configuration.
    pub in_source: bool,
}

/// What lint found of every clause of its policy in one file: the JSON report's `policy` and
/// `coverage` fields. Typed, and serialised straight from here: building these as JSON values
/// for every rule of every file cost more than writing the rest of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The policy's name.
    pub policy: String,
    /// One entry per rule, in policy order.
    pub clauses: Vec<ClauseCoverage>,
    /// What lint assumed about the draft (document kind, contexts, language).
    pub assumed: Option<crate::lint::assume::Assumed>,
}

/// One rule's clause in one file. Fields are in alphabetical order: the JSON report lists
/// keys sorted (and writes them itself, held to serde's derive by a test, as for
/// [`Diagnostic`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseCoverage {
    pub clause: String,
    /// The sentences that gave the status (strongest first, at most 3).
    pub evidence: Vec<Evidence>,
    pub rule: String,
    /// `present`, `weak`, `negated` or `absent`.
    pub status: &'static str,
}

/// A sentence of evidence: its bytes in the text, and the line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub byte_end: usize,
    pub byte_start: usize,
    pub line: usize,
}

impl FileReport {
    pub fn new(path: impl Into<String>, source: Option<SourceFile>) -> Self {
        FileReport {
            path: path.into(),
            source,
            diagnostics: Vec::new(),
            unusable: false,
            extra: None,
            suppressed: Vec::new(),
        }
    }

    /// Apply a rule selection: findings of rules not selected are dropped, those ignored are
    /// moved to [`FileReport::suppressed`]. Problems with the input itself stay.
    pub fn select(&mut self, selection: &crate::select::Selection) {
        if self.unusable {
            return;
        }
        self.suppressed
            .retain(|s| selection.selected(&s.finding.rule));
        let mut kept = Vec::with_capacity(self.diagnostics.len());
        for d in std::mem::take(&mut self.diagnostics) {
            if !selection.selected(&d.rule) {
                continue;
            }
            match selection.ignored(&d.rule) {
                Some(why) => self.suppressed.push(Suppressed {
                    finding: d,
                    reason: why.to_string(),
                    in_source: false,
                }),
                None => kept.push(d),
            }
        }
        self.diagnostics = kept;
    }

    /// Sort diagnostics by position, then severity (worst first), then rule id.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let pos = |d: &Diagnostic| d.location.map_or((0, 0), |l| (l.byte_start, l.byte_end));
            pos(a)
                .cmp(&pos(b))
                .then(b.severity.cmp(&a.severity))
                .then(a.rule.cmp(&b.rule))
        });
    }
}

/// Everything one command run found, ready for any writer.
#[derive(Debug, Clone)]
pub struct Report {
    /// `review` or `lint`.
    pub command: &'static str,
    pub files: Vec<FileReport>,
    /// Descriptors of every rule the run could report.
    pub rules: Vec<RuleInfo>,
    /// The folder SARIF URIs are relative to ([`sarif::base_dir`]).
    pub base_dir: Option<std::path::PathBuf>,
}

/// Output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compact text: each finding with its line, the clauses not found listed together (colour
    /// on a terminal).
    Human,
    /// The detailed text: every finding rustc-style with its help and model text.
    Full,
    /// One line per finding: `path:line:col: severity RULE message`.
    Concise,
    /// Versioned JSON (its shape is in the README, "Output formats").
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per file and rule.
    Junit,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
    /// One self-contained HTML page: summary, clause table, findings with model text, and
    /// the contract text with the evidence highlighted.
    Html,
    /// The coverage matrix: a row per file, a column per clause (present / weak / negated /
    /// absent), counts by severity.
    Csv,
    /// The coverage matrix as a Markdown table (for pull-request comments).
    Markdown,
}

impl Format {
    /// The text form a text format writes (the others are not text forms: compact).
    pub fn style(self) -> human::Style {
        match self {
            Format::Full => human::Style::Full,
            Format::Concise => human::Style::Concise,
            _ => human::Style::Compact,
        }
    }
}

/// Version of the JSON output; bumped on any incompatible change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Options for writing.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    pub color: bool,
    /// Only the findings: no notes and no closing summary (`--quiet`).
    pub quiet: bool,
    /// The text form (for the human formats).
    pub style: human::Style,
    /// Findings below this level do not fail the run (and are marked so in human output).
    pub fail_on: Severity,
}

/// Running counts over the files of a run: enough for the closing summary and the exit code,
/// without holding the files.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub files: usize,
    pub clean: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unusable: usize,
    /// Problems that made a file unusable (exit 2): counted apart, not as findings.
    pub load_errors: usize,
    /// Files with a finding at or above their `fail_on`.
    pub failing: usize,
}

impl Tally {
    /// Count one file, judged against its `fail_on`.
    pub fn add(&mut self, file: &FileReport, fail_on: Severity) {
        self.files += 1;
        self.unusable += usize::from(file.unusable);
        self.clean += usize::from(!file.unusable && file.diagnostics.is_empty());
        self.failing += usize::from(file.diagnostics.iter().any(|d| d.severity >= fail_on));
        if file.unusable {
            self.load_errors += file.diagnostics.len();
            return;
        }
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// Exit code by the project's convention: 2 if any input was unusable, 1 if any finding is
    /// at or above its `fail_on`, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.unusable > 0 {
            2
        } else if self.failing > 0 {
            1
        } else {
            0
        }
    }
}

/// Writes a report as its files arrive, so a batch never holds every document: human and JSON
/// output go out file by file; SARIF, JUnit and GitHub annotations (which show the worst
/// findings of the whole run first) keep each file's findings, without its text, and are
/// written at the end.
pub struct Writer<'a> {
    command: &'static str,
    /// The folder SARIF URIs are relative to.
    pub base_dir: Option<std::path::PathBuf>,
    format: Format,
    opts: WriteOptions,
    out: &'a mut dyn Write,
    held: Vec<FileReport>,
    /// The `fail_on` of each held file (JUnit fails a case only at or above it).
    held_fail_on: Vec<Severity>,
    json: json::Stream,
    html: Option<html::Html>,
    matrix: matrix::Matrix,
    tally: Tally,
}

impl<'a> Writer<'a> {
    pub fn new(
        command: &'static str,
        format: Format,
        opts: WriteOptions,
        out: &'a mut dyn Write,
    ) -> Self {
        Writer {
            command,
            base_dir: None,
            format,
            opts,
            out,
            held: Vec::new(),
            held_fail_on: Vec::new(),
            json: json::Stream::new(command),
            html: None,
            matrix: matrix::Matrix::new(match format {
                Format::Markdown => matrix::Kind::Markdown,
                _ => matrix::Kind::Csv,
            }),
            tally: Tally::default(),
        }
    }

    /// For `--format html`: the page template (the built-in one when `None`).
    pub fn html_template(&mut self, template: Option<&str>) -> Result<(), String> {
        if self.format == Format::Html {
            self.html = Some(html::Html::new(self.command, template)?);
        }
        Ok(())
    }

    /// Add one file's report; `fail_on` is the level that fails this file (a config found
    /// beside it may set its own).
    pub fn add(&mut self, mut file: FileReport, fail_on: Severity) -> io::Result<()> {
        self.tally.add(&file, fail_on);
        match self.format {
            Format::Human | Format::Full | Format::Concise => {
                human::write_file(&file, self.out, self.opts)?
            }
            Format::Json => self.json.file(&file, self.out)?,
            Format::Html => {
                html_page(&mut self.html, self.command)?.file(&file, fail_on, self.out)?
            }
            Format::Csv | Format::Markdown => self.matrix.file(&file, self.out)?,
            Format::Sarif | Format::Junit | Format::Github => {
                file.source = None;
                self.held.push(file);
                self.held_fail_on.push(fail_on);
            }
        }
        Ok(())
    }

    /// Close the report (the summary, or the whole document) and return the counts.
    pub fn finish(mut self, rules: Vec<RuleInfo>) -> io::Result<Tally> {
        match self.format {
            Format::Human | Format::Full | Format::Concise => {
                human::write_summary(&self.tally, self.out, self.opts)?
            }
            Format::Json => self.json.finish(&self.tally, self.out)?,
            Format::Html => {
                html_page(&mut self.html, self.command)?.finish(&self.tally, self.out)?
            }
            Format::Csv | Format::Markdown => self.matrix.finish(self.out)?,
            Format::Github => {
                github::write(&self.held, self.out)?;
                github::step_summary(self.command, &self.held, &self.tally);
            }
            Format::Sarif => Report {
                command: self.command,
                files: self.held,
                rules,
                base_dir: self.base_dir,
            }
            .write(self.format, self.out, self.opts)?,
            Format::Junit => junit::write(
                &Report {
                    command: self.command,
                    files: self.held,
                    rules,
                    base_dir: None,
                },
                self.out,
                &self.held_fail_on,
            )?,
        }
        self.out.flush()?;
        Ok(self.tally)
    }
}

/// The HTML page being written: the one `html_template` set up, else the built-in one, made
/// on first use.
fn html_page<'h>(
    page: &'h mut Option<html::Html>,
    command: &'static str,
) -> io::Result<&'h mut html::Html> {
    if page.is_none() {
        *page = Some(html::Html::new(command, None).map_err(io::Error::other)?);
    }
    page.as_mut()
        .ok_or_else(|| io::Error::other("the HTML report could not be set up"))
}

impl Report {
    pub fn write(&self, format: Format, out: &mut dyn Write, opts: WriteOptions) -> io::Result<()> {
        match format {
            Format::Human | Format::Full | Format::Concise => human::write(self, out, opts),
            Format::Json => json::write(self, out),
            Format::Sarif => sarif::write(self, out, self.base_dir.as_deref()),
            Format::Junit => junit::write(self, out, &[]),
            Format::Github => github::write(&self.files, out),
            Format::Html | Format::Csv | Format::Markdown => {
                let mut w = Writer::new(self.command, format, opts, out);
                for f in &self.files {
                    w.add(f.clone(), opts.fail_on)?;
                }
                w.finish(self.rules.clone()).map(|_| ())
            }
        }
    }
}

#[cfg(test)]
mod visible_tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_shown_not_sent() {
        assert_eq!(visible("plain"), "plain");
        assert_eq!(visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(visible("x\u{202E}y\u{0}"), "x\\u{202e}y\\u{0}");
        assert_eq!(visible("tab\tand\nline"), "tab\tand\nline");
        let s = "ab\u{1b}c\u{85}d\u{2066}e";
        let v = visible_in_place(s);
        assert_eq!(v.len(), s.len());
        assert_eq!(v, "ab?c¿d\u{FFFD}e");
    }
}
