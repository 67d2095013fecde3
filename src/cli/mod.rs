//! The command line: argument parsing (clap) and the glue from each command to the library.
//! Nothing here decides what a rule means; it only reads inputs, calls the library and writes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

mod cmd_lint;
mod cmd_packet;
mod cmd_redline;
mod cmd_review;
mod reporting;

use crate::engagement::{self, defaults::Defaults, model::Category, schema};
use crate::lint;
use crate::report::{Format, Report, Severity, WriteOptions};

pub use cmd_lint::{LintArgs, lint_contexts};

/// Exit code for findings (for `packet`: an engagement printed as a draft).
pub const EXIT_FINDINGS: i32 = 1;

/// Exit code for unusable input or usage errors.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "vendorkit",
    version,
    about = "Contract packets, engagement review and contract linting for outsourcing",
    long_about = "vendorkit turns a YAML engagement file into the documents a small business needs \
before hiring an outsourcing vendor, reviews the engagement against outsourcing best practice, \
and checks draft contracts for missing terms.\n\nExit codes: 0 clean, 1 findings at or above \
--fail-on, 2 unusable input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a starter engagement file with TODO markers to fill in
    #[command(after_help = "Examples:\n  \
vendorkit init                                  # asks about ten questions on a terminal\n  \
vendorkit init --function payroll --country ES payroll.yaml\n  \
vendorkit init --function it-support --country US --currency USD --no-input it.yaml")]
    Init {
        /// The function being outsourced
        #[arg(long, value_enum, default_value = "bookkeeping")]
        function: FunctionArg,
        /// Where to write it (`-` for standard output)
        #[arg(default_value = "engagement.yaml")]
        path: PathBuf,
        /// Start date written into the starter (YYYY-MM-DD)
        #[arg(long, default_value = "2026-01-05")]
        start_date: chrono::NaiveDate,
        /// The client's country, ISO 3166-1 alpha-2 (sets its time zone and currency)
        #[arg(long, value_name = "CODE", default_value = "GB")]
        country: String,
        /// The currency of the fees, ISO 4217 [default: the country's]
        #[arg(long, value_name = "CODE")]
        currency: Option<String>,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
        /// Never ask questions, even on a terminal: write the starter with TODO markers
        #[arg(long)]
        no_input: bool,
    },
    /// Validate engagement files and review them against best practice (REV rules)
    #[command(after_help = "Examples:\n  \
vendorkit review engagement.yaml\n  \
vendorkit review engagements/ --format json -o review.json\n  \
vendorkit review engagements/ --ignore REV-011 --fail-on warning\n  \
cat engagement.yaml | vendorkit review - --stdin-filename engagement.yaml")]
    Review {
        /// Engagement files, or folders to search for *.yaml / *.yml; `-` reads one from
        /// standard input
        #[arg(required_unless_present = "files_from")]
        inputs: Vec<PathBuf>,
        /// Company data shared by every engagement, deep-merged under each (SPEC §6)
        #[arg(long, value_name = "FILE")]
        defaults: Option<PathBuf>,
        /// Require every block best practice expects (trial, kpis, fees, ...): a missing one
        /// is a load error (exit 2) instead of a review finding
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Write the contract packet (SOW, NDA checklist, KPI schedule) for each engagement
    #[command(after_help = "Examples:\n  \
vendorkit packet engagement.yaml -o out\n  \
vendorkit packet engagement.yaml -o out --format pdf,docx\n  \
vendorkit packet engagements/ -o out --format md --jobs 4\n  \
SOURCE_DATE_EPOCH=1767225600 vendorkit packet engagement.yaml -o out --strict")]
    Packet {
        /// Engagement files, or folders to search for *.yaml / *.yml
        #[arg(required_unless_present = "files_from")]
        inputs: Vec<PathBuf>,
        /// Output folder; each engagement gets OUT/<engagement id>/
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Folder with replacement templates (sow.md.hbs, nda-checklist.md.hbs,
        /// kpi-schedule.md.hbs); files not there keep the built-in version
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Output formats, comma-separated: PDF to sign, Word (docx) to edit and send for
        /// comments, the rendered Markdown (reviewable as a diff); each writes its own files
        #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
        format: Vec<PacketFormat>,
        /// A TrueType/OpenType font to use instead of the bundled DejaVu Sans (e.g. for CJK names)
        #[arg(long)]
        font: Option<PathBuf>,
        /// Document version printed on every document
        #[arg(long, default_value = "1.0")]
        doc_version: String,
        /// Replace existing files that differ
        #[arg(long)]
        force: bool,
        /// Company data shared by every engagement, deep-merged under each (SPEC §6)
        #[arg(long, value_name = "FILE")]
        defaults: Option<PathBuf>,
        /// Refuse an engagement that leaves out an expected block (exit 2) instead of
        /// printing a marked draft
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Check contract drafts (.txt, .md, .docx, .pdf) for missing or risky clauses
    #[command(after_help = "Examples:\n  \
vendorkit lint vendor-draft.docx --engagement engagement.yaml\n  \
vendorkit lint contracts/ --format concise --select SEC,TERM\n  \
vendorkit lint contracts/ --format sarif -o vendorkit.sarif --no-fail\n  \
pbpaste | vendorkit lint - --stdin-filename draft.md")]
    Lint {
        /// Contract files (.txt, .md, .docx, .pdf), or folders to search for them; `-` reads one
        /// from standard input
        #[arg(required_unless_present = "files_from")]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        args: LintArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Write a copy of the vendor's draft with each missing or weak clause inserted as a
    /// tracked change and each risky wording commented, for sending back in Word
    #[command(after_help = "Examples:\n  \
vendorkit redline vendor-draft.docx -o vendor-draft.redline.docx\n  \
vendorkit redline vendor-draft.docx -o redline.docx --engagement engagement.yaml\n  \
vendorkit redline vendor-draft.pdf -o redline.docx --policy outsourcing\n\n\
Exit status: 0 when the draft needed no change, 1 when the redline has changes, 2 when the\n\
draft or an option cannot be used.")]
    Redline(cmd_redline::RedlineArgs),
    /// Print a contract's text as `lint` reads it (the text of a .docx or .pdf, whose lines and
    /// columns the findings refer to)
    Text {
        /// A contract file (.txt, .md, .docx, .pdf)
        input: PathBuf,
    },
    /// List every rule vendorkit can report: id, severity, where it comes from, title
    Rules {
        /// `human` (a table) or `json`
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
        /// Also list the rules of this policy file
        #[arg(long, value_name = "FILE")]
        policy: Option<String>,
    },
    /// Print one rule's full documentation
    Explain {
        /// Rule id, e.g. REV-010
        id: String,
        /// Also look in this policy file
        #[arg(long, value_name = "FILE")]
        policy: Option<String>,
    },
    /// Print the JSON Schema of the engagement file (or, with --policy, of a policy file)
    Schema {
        /// The schema of a lint policy file instead
        #[arg(long)]
        policy: bool,
    },
    /// Print shell completions
    Completions {
        /// The shell to write completions for
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `vendorkit man > vendorkit.1`, or one command's,
    /// `vendorkit man lint > vendorkit-lint.1`
    Man {
        /// The command whose page to print
        command: Option<String>,
    },
}

/// Options for commands that take many inputs.
#[derive(clap::Args, Debug, Clone)]
pub struct BatchArgs {
    /// Worker threads [default: one per core]
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub jobs: usize,
    /// No progress bar, summary or per-file "wrote" lines on standard error (problems still show)
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Largest input file read, e.g. 40KB or 100MB [default: 4MB for an engagement, 64MB
    /// for a contract]
    #[arg(long, value_parser = crate::limits::parse, value_name = "SIZE")]
    pub max_file_size: Option<u64>,
    /// Process only shard K of N (1-based), a stable split by path: run K = 1..N on N
    /// machines to cover the whole batch once
    #[arg(long, value_parser = parse_shard, value_name = "K/N")]
    pub shard: Option<(u64, u64)>,
    /// Also take the paths listed in FILE, one per line (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// The name (and so the format: .md, .docx, .pdf) of the input read from `-`
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

impl BatchArgs {
    /// The inputs with those of `--files-from`; also names standard input for the reports.
    pub fn inputs(&self, given: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
        if let Some(name) = &self.stdin_filename {
            crate::batch::inputs::set_stdin_name(name);
        }
        let mut inputs = given.to_vec();
        if let Some(list) = &self.files_from {
            if crate::batch::inputs::is_stdin(list)
                && given.iter().any(|p| crate::batch::inputs::is_stdin(p))
            {
                return Err(CliError::Message(
                    "standard input cannot be both a contract (`-`) and the list of paths (--files-from -)".into(),
                ));
            }
            inputs.extend(crate::batch::inputs::files_from(list).map_err(CliError::Message)?);
        }
        if inputs.is_empty() {
            return Err(CliError::Message(
                "no inputs: give files or folders, `-` for standard input, or --files-from FILE"
                    .into(),
            ));
        }
        Ok(inputs)
    }
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a shard number"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a shard count"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: K must be between 1 and N"));
    }
    Ok((k, n))
}

impl From<BatchArgs> for crate::batch::Options {
    fn from(b: BatchArgs) -> Self {
        if let Some(n) = b.max_file_size {
            crate::limits::set_max_file_bytes(n);
        }
        crate::batch::Options {
            jobs: b.jobs,
            quiet: b.quiet,
            shard: b.shard,
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The detailed text form (same as `--format full`)
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// Report only these rules: ids or prefixes, comma-separated (e.g. SEC,TERM-00)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Silence these rules (ids or prefixes); their findings are kept in JSON and SARIF as
    /// suppressed
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The folder SARIF file URIs are relative to [default: the git checkout's root]
    #[arg(long, value_name = "DIR")]
    pub base_dir: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's fail_on]
    #[arg(long, value_enum)]
    pub fail_on: Option<Severity>,
    /// Exit 0 even when there are findings (unusable input still exits 2)
    #[arg(long)]
    pub no_fail: bool,
    /// Colour in human output
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Write the report to FILE (put in place when complete) instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For --format html: a copy of templates/report.html.hbs to render instead
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Formats `packet` writes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketFormat {
    /// PDF documents (A4; the KPI schedule in landscape)
    Pdf,
    /// Word documents with the PDFs' content, editable (heading styles, repeated table
    /// headers, NOT DEFINED parts highlighted)
    Docx,
    /// Rendered Markdown (reviewable as a diff)
    Md,
}

impl PacketFormat {
    /// The file extension it writes.
    pub fn extension(self) -> &'static str {
        match self {
            PacketFormat::Pdf => "pdf",
            PacketFormat::Docx => "docx",
            PacketFormat::Md => "md",
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

/// The functions `init` knows (mirrors [`Category`]).
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionArg {
    Bookkeeping,
    Payroll,
    ItSupport,
    CustomerSupport,
    SocialMedia,
    DigitalMarketing,
    SoftwareDevelopment,
    VirtualAssistant,
    Other,
}

impl From<FunctionArg> for Category {
    fn from(f: FunctionArg) -> Category {
        match f {
            FunctionArg::Bookkeeping => Category::Bookkeeping,
            FunctionArg::Payroll => Category::Payroll,
            FunctionArg::ItSupport => Category::ItSupport,
            FunctionArg::CustomerSupport => Category::CustomerSupport,
            FunctionArg::SocialMedia => Category::SocialMedia,
            FunctionArg::DigitalMarketing => Category::DigitalMarketing,
            FunctionArg::SoftwareDevelopment => Category::SoftwareDevelopment,
            FunctionArg::VirtualAssistant => Category::VirtualAssistant,
            FunctionArg::Other => Category::Other,
        }
    }
}

/// Parse arguments, run the command, return the exit code.
pub fn run() -> i32 {
    crate::batch::quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    match execute(cli) {
        Ok(code) => code,
        Err(CliError::BrokenPipe) => 0,
        Err(CliError::Report(text)) => {
            eprintln!("{text}");
            EXIT_USAGE
        }
        Err(CliError::Message(m)) => {
            eprintln!("error: {}", crate::report::visible(&m));
            EXIT_USAGE
        }
    }
}

/// Errors that end a command early.
#[derive(Debug)]
pub enum CliError {
    /// The reader of our output went away (e.g. `| head`): not an error for the user.
    BrokenPipe,
    Message(String),
    /// A rendered report (e.g. of a broken defaults file), printed as it is.
    Report(String),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Message(format!("cannot write output: {e}"))
        }
    }
}

fn execute(cli: Cli) -> Result<i32, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Init {
            function,
            path,
            start_date,
            country,
            currency,
            force,
            no_input,
        } => {
            let place = crate::init::Place::new(Some(&country), currency.as_deref())
                .map_err(CliError::Message)?;
            let mut facts =
                crate::init::Facts::new(function.into(), &start_date.to_string(), &place);
            // On a terminal, ask what only the business knows; in a script, write the starter.
            let interactive = !no_input
                && path.as_os_str() != "-"
                && std::io::stdin().is_terminal()
                && std::io::stderr().is_terminal();
            if interactive {
                if path.exists() && !force {
                    return Err(CliError::Message(format!(
                        "{} already exists; pass --force to replace it, or give another path",
                        path.display()
                    )));
                }
                facts = crate::init::ask(&facts).map_err(CliError::Message)?;
            }
            let text = crate::init::starter_text(&facts);
            if path.as_os_str() == "-" {
                out.write_all(text.as_bytes())?;
            } else {
                crate::output::write_new_file(&path, text.as_bytes(), force)
                    .map_err(CliError::Message)?;
                eprintln!(
                    "wrote {}: fill in the TODO markers, then run `vendorkit review {}`",
                    path.display(),
                    path.display()
                );
            }
            Ok(0)
        }
        Command::Review {
            inputs,
            defaults,
            strict,
            output,
            batch,
        } => {
            let inputs = batch.inputs(&inputs)?;
            to_output(&output, &mut out, |out| {
                cmd_review::run(
                    &inputs,
                    defaults.as_ref(),
                    strict,
                    &output,
                    batch.into(),
                    out,
                )
            })
        }
        Command::Packet {
            inputs,
            out: dir,
            templates,
            format,
            font,
            doc_version,
            force,
            defaults,
            strict,
            batch,
        } => {
            let mut formats = format;
            formats.sort_by_key(|f| *f as u8);
            formats.dedup();
            let fonts = if formats.contains(&PacketFormat::Pdf) {
                Some(crate::layout::Fonts::load(font.as_deref()).map_err(CliError::Message)?)
            } else {
                None
            };
            let setup = cmd_packet::Setup {
                formats,
                dir: &dir,
                templates: crate::packet::Templates::load(templates.as_deref())
                    .map_err(CliError::Message)?,
                version: &doc_version,
                force,
                fonts,
                defaults: load_defaults(defaults.as_ref())?,
                strict,
                recorded: crate::packet::manifest::recorded_outputs(&dir),
            };
            cmd_packet::run(&batch.inputs(&inputs)?, &setup, batch.into())
        }
        Command::Lint {
            inputs,
            args,
            output,
            batch,
        } => {
            let inputs = batch.inputs(&inputs)?;
            to_output(&output, &mut out, |out| {
                cmd_lint::run(&inputs, &args, &output, batch.into(), out)
            })
        }
        Command::Redline(args) => cmd_redline::run(&args, &mut out),
        Command::Rules { format, policy } => {
            let extra = load_policy(policy.as_deref())?;
            let rules = crate::catalogue::all(extra.as_ref()).map_err(CliError::Message)?;
            match format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &rules)
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    writeln!(out)?;
                }
                ListFormat::Human => {
                    let from = |r: &crate::report::RuleInfo| {
                        r.policy
                            .clone()
                            .unwrap_or_else(|| r.kind.as_str().to_string())
                    };
                    let id_w = rules.iter().map(|r| r.id.len()).max().unwrap_or(2);
                    let from_w = rules.iter().map(|r| from(r).len()).max().unwrap_or(4);
                    writeln!(
                        out,
                        "{:<id_w$}  {:<8}  {:<from_w$}  TITLE",
                        "ID", "SEVERITY", "FROM"
                    )?;
                    for r in &rules {
                        writeln!(
                            out,
                            "{:<id_w$}  {:<8}  {:<from_w$}  {}",
                            r.id,
                            r.severity.as_str(),
                            from(r),
                            r.title
                        )?;
                    }
                }
            }
            Ok(0)
        }
        Command::Explain { id, policy } => {
            let extra = load_policy(policy.as_deref())?;
            match crate::catalogue::find(&id, extra.as_ref()).map_err(CliError::Message)? {
                Some(entry) => {
                    out.write_all(entry.explain.as_bytes())?;
                    Ok(0)
                }
                None => {
                    let known = crate::catalogue::all(extra.as_ref()).map_err(CliError::Message)?;
                    let hint = engagement::validate::did_you_mean(
                        &id.to_uppercase(),
                        known.iter().map(|r| r.id.as_str()),
                    )
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                    Err(CliError::Message(format!(
                        "no rule `{id}`{hint}; `vendorkit rules` lists them all"
                    )))
                }
            }
        }
        Command::Text { input } => {
            let extracted = crate::extract::read(&input).map_err(CliError::Message)?;
            out.write_all(extracted.text.as_bytes())?;
            if !extracted.text.ends_with('\n') {
                writeln!(out)?;
            }
            for note in &extracted.notes {
                eprintln!(
                    "note: {}",
                    crate::report::visible(&format!("{}: {}", input.display(), note.message))
                );
            }
            Ok(0)
        }
        Command::Schema { policy } => {
            let text = if policy {
                lint::policy::schema_text()
            } else {
                schema::schema_text()
            };
            out.write_all(text.as_bytes())?;
            Ok(0)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "vendorkit", &mut out);
            Ok(0)
        }
        Command::Man { command } => {
            let cli = Cli::command();
            let page = match command {
                None => cli,
                Some(name) => {
                    let Some(sub) = cli.find_subcommand(&name) else {
                        return Err(CliError::Message(format!(
                            "no command `{name}`; the commands are: {}",
                            cli.get_subcommands()
                                .map(|c| c.get_name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    };
                    // A page is named after its command (`vendorkit-lint`); clap keeps names
                    // as static strings, and this runs once.
                    let title: &'static str =
                        Box::leak(format!("vendorkit-{name}").into_boxed_str());
                    sub.clone().name(title)
                }
            };
            clap_mangen::Man::new(page).render(&mut out)?;
            Ok(0)
        }
    }
}

/// A user's policy file named by `--policy`, for `rules` and `explain`.
fn load_policy(path: Option<&str>) -> Result<Option<lint::policy::Policy>, CliError> {
    path.map(lint::policy::load)
        .transpose()
        .map_err(CliError::Message)
}

/// Run a checking command with its report going to `-o FILE` (put in place only when the run
/// completes) or to standard output.
fn to_output(
    args: &OutputArgs,
    stdout: &mut dyn Write,
    run: impl FnOnce(&mut dyn Write) -> Result<i32, CliError>,
) -> Result<i32, CliError> {
    let Some(path) = &args.output else {
        return run(stdout);
    };
    let mut file = crate::output::AtomicFile::create(path).map_err(CliError::Message)?;
    let code = run(&mut file)?;
    file.commit().map_err(CliError::Message)?;
    Ok(code)
}

/// Say how many YAML files a folder walk passed over as not engagements (unless quiet).
pub(crate) fn say_skipped(skipped: &[PathBuf], opts: crate::batch::Options) {
    if skipped.is_empty() || opts.quiet {
        return;
    }
    let first = skipped[0].display();
    eprintln!(
        "note: skipped {} YAML file{} with no `engagement:` block (e.g. {first}); name a file to take it, or list it under `include` in .vendorkit.yaml",
        skipped.len(),
        if skipped.len() == 1 { "" } else { "s" }
    );
}

/// Load `--defaults`, once per run. A broken defaults file stops the run (every engagement
/// depends on it), with its problems shown like a review's.
fn load_defaults(path: Option<&PathBuf>) -> Result<Option<Defaults>, CliError> {
    let Some(path) = path else { return Ok(None) };
    match engagement::defaults::load(path) {
        Ok(d) => Ok(Some(d)),
        Err(loaded) => {
            let report = Report {
                command: "review",
                files: vec![crate::review::review(&loaded)],
                rules: crate::catalogue::load(),
                base_dir: None,
            };
            let mut text = Vec::new();
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            report.write(
                Format::Human,
                &mut text,
                WriteOptions {
                    color,
                    quiet: false,
                    style: crate::report::human::Style::Full,
                    fail_on: Severity::Error,
                },
            )?;
            Err(CliError::Report(format!(
                "the defaults file {} cannot be used:\n\n{}",
                path.display(),
                String::from_utf8_lossy(&text).trim_end()
            )))
        }
    }
}
