//! One run's report as it streams out: each file's findings are written (or held, for the
//! single-document formats) as soon as the file is done, the batch summary is counted on the
//! way, and the exit code comes from the counts.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::{CliError, ColorChoice, OutputArgs};
use crate::batch::{self, Outcome, Summary};
use crate::report::{Diagnostic, FileReport, RuleInfo, Severity, WriteOptions, Writer};

pub struct Run<'a> {
    writer: Writer<'a>,
    /// `--select` and `--ignore`.
    selection: crate::select::Selection,
    summary: Summary,
    no_fail: bool,
    /// `--fail-on`, which overrides a config's.
    fail_on: Option<Severity>,
    /// The first write error (the rest of the batch still runs; the error ends the command).
    error: Option<std::io::Error>,
}

impl<'a> Run<'a> {
    /// A run's report; `known` gives every rule id, for checking `--select` and `--ignore`
    /// (called only when one is given).
    pub fn new(
        command: &'static str,
        args: &OutputArgs,
        quiet: bool,
        known: &dyn Fn() -> Vec<String>,
        out: &'a mut dyn Write,
    ) -> Result<Self, CliError> {
        let selection = flag_selection(args, known)?;
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                args.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let opts = WriteOptions {
            color,
            quiet,
            style: if args.verbose && args.format == crate::report::Format::Human {
                crate::report::human::Style::Full
            } else {
                args.format.style()
            },
            fail_on: args.fail_on.unwrap_or(Severity::Error),
        };
        let mut writer = Writer::new(command, args.format, opts, out);
        if args.format == crate::report::Format::Sarif {
            writer.base_dir = crate::report::sarif::base_dir(args.base_dir.as_deref());
        }
        let template =
            match &args.template {
                Some(p) => {
                    let bytes = crate::limits::read_file(p, 1024 * 1024, "a template")
                        .map_err(CliError::Message)?;
                    Some(String::from_utf8(bytes).map_err(|_| {
                        CliError::Message(format!("{} is not UTF-8 text", p.display()))
                    })?)
                }
                None => None,
            };
        writer
            .html_template(template.as_deref())
            .map_err(|m| match &args.template {
                Some(p) => CliError::Message(format!("{}: {m}", p.display())),
                None => CliError::Message(m),
            })?;
        Ok(Run {
            writer,
            selection,
            summary: Summary::default(),
            no_fail: args.no_fail,
            fail_on: args.fail_on,
            error: None,
        })
    }

    /// Add one file's report; `config_fail_on` is the `fail_on` of a config found for it.
    pub fn add(&mut self, mut file: FileReport, config_fail_on: Option<Severity>) {
        file.select(&self.selection);
        let fail_on = self.fail_on.or(config_fail_on).unwrap_or(Severity::Error);
        let outcome = if file.unusable {
            let why = file
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| {
                    // The summary names the file already.
                    let message = d
                        .message
                        .strip_prefix(&format!("{}: ", file.path))
                        .unwrap_or(&d.message);
                    match d.location {
                        Some(l) => format!("{}:{}: {message}", l.line, l.column),
                        None => message.to_string(),
                    }
                })
                .unwrap_or_else(|| "could not be used".into());
            Outcome::Failed(why)
        } else if file.diagnostics.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        };
        self.summary.add(&file.path, outcome);
        if self.error.is_none()
            && let Err(e) = self.writer.add(file, fail_on)
        {
            self.error = Some(e);
        }
    }

    /// Entries of input folders that could not be read count as unusable files.
    pub fn unreadable(&mut self, entries: &[(PathBuf, String)]) {
        for (path, why) in entries {
            let mut r = FileReport::new(path.display().to_string(), None);
            r.diagnostics.push(Diagnostic::new(
                "INPUT-UNREADABLE",
                Severity::Error,
                format!("{}: {why}", path.display()),
            ));
            r.unusable = true;
            self.add(r, None);
        }
    }

    /// Close the report, print the batch summary, and return the exit code.
    pub fn finish(
        self,
        rules: Vec<RuleInfo>,
        opts: batch::Options,
        took: Duration,
    ) -> Result<i32, CliError> {
        if let Some(e) = self.error {
            return Err(e.into());
        }
        let tally = self.writer.finish(rules)?;
        self.summary.print(opts, took);
        let code = tally.exit_code();
        Ok(if self.no_fail && code == 1 { 0 } else { code })
    }
}

/// `--select` and `--ignore`, each id or prefix checked against the rules vendorkit knows.
fn flag_selection(
    args: &OutputArgs,
    known: &dyn Fn() -> Vec<String>,
) -> Result<crate::select::Selection, CliError> {
    let mut selection = crate::select::Selection::default();
    if args.select.is_empty() && args.ignore.is_empty() {
        return Ok(selection);
    }
    let known = known();
    let check =
        |p: &str, flag: &str| crate::select::check(p, &known, flag).map_err(CliError::Message);
    let mut chosen = Vec::new();
    for p in &args.select {
        chosen.push(check(p, "--select")?);
    }
    selection.select(chosen);
    for p in &args.ignore {
        let pattern = check(p, "--ignore")?;
        selection.ignore(pattern.clone(), format!("--ignore {pattern}"));
    }
    Ok(selection)
}
