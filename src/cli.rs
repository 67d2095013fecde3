//! The command line: argument parsing (clap) and the glue from each command to the library.
//! Nothing here decides what a rule means; it only reads inputs, calls the library and writes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::engagement::{self, model::Category, schema};
use crate::report::{Format, Report, Severity, WriteOptions};
use crate::review;

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
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// Validate engagement files and review them against best practice (REV rules)
    Review {
        /// Engagement files, or folders to search for *.yaml / *.yml
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List every rule with its id, severity and title
    Rules {
        /// `human` (a table) or `json`
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// Print one rule's full documentation
    Explain {
        /// Rule id, e.g. REV-010
        id: String,
    },
    /// Print the JSON Schema of the engagement file
    Schema,
    /// Print shell completions
    Completions {
        /// The shell to write completions for
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: Severity,
    /// Exit 0 even when there are findings (unusable input still exits 2)
    #[arg(long)]
    pub no_fail: bool,
    /// Colour in human output
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
        Err(CliError::Message(m)) => {
            eprintln!("error: {m}");
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
            force,
        } => {
            let text = crate::init::starter_yaml(function.into(), &start_date.to_string());
            if path.as_os_str() == "-" {
                out.write_all(text.as_bytes())?;
            } else {
                write_new_file(&path, text.as_bytes(), force)?;
                eprintln!(
                    "wrote {}: fill in the TODO markers, then run `vendorkit review {}`",
                    path.display(),
                    path.display()
                );
            }
            Ok(0)
        }
        Command::Review { inputs, output } => {
            let files = expand_inputs(&inputs, &["yaml", "yml"])?;
            let report = Report {
                command: "review",
                files: files
                    .iter()
                    .map(|p| review::review(&engagement::load_path(p)))
                    .collect(),
                rules: review::rule_infos(),
            };
            finish(&report, &output, &mut out)
        }
        Command::Rules { format } => {
            let rules = review::rule_infos();
            match format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &rules)
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    writeln!(out)?;
                }
                ListFormat::Human => {
                    for r in &rules {
                        writeln!(out, "{:<20} {:<8} {}", r.id, r.severity, r.title)?;
                    }
                }
            }
            Ok(0)
        }
        Command::Explain { id } => match review::find(&id) {
            Some(rule) => {
                out.write_all(rule.doc.explain().as_bytes())?;
                Ok(0)
            }
            None => {
                let known = review::rule_infos();
                let load = known.iter().find(|r| r.id.eq_ignore_ascii_case(&id));
                if let Some(r) = load {
                    writeln!(
                        out,
                        "{}: {}\nseverity: {}\n\n{}",
                        r.id,
                        r.title,
                        r.severity,
                        review::indent(&r.help)
                    )?;
                    return Ok(0);
                }
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
        },
        Command::Schema => {
            out.write_all(schema::schema_text().as_bytes())?;
            Ok(0)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "vendorkit", &mut out);
            Ok(0)
        }
    }
}

/// Write the report and compute the exit code.
fn finish(report: &Report, args: &OutputArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    report.write(
        args.format,
        out,
        WriteOptions {
            color,
            fail_on: args.fail_on,
        },
    )?;
    out.flush()?;
    let code = report.exit_code(args.fail_on);
    Ok(if args.no_fail && code == 1 { 0 } else { code })
}

/// Files named on the command line, plus matching files inside named folders (sorted, each
/// once). A path that does not exist is kept, so it is reported as unreadable in the run.
pub fn expand_inputs(inputs: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, extensions, &mut found);
            if found.is_empty() {
                return Err(CliError::Message(format!(
                    "{} contains no {} files",
                    input.display(),
                    extensions.join("/")
                )));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if hidden || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            walk(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
        {
            out.push(path);
        }
    }
}

/// Create `path` with `bytes`, atomically (temporary file in the same folder, then rename),
/// refusing to replace an existing file unless `force`.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(CliError::Message(format!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        )));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.vendorkit-tmp-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError::Message(format!(
            "cannot write {}: {e}",
            path.display()
        )));
    }
    Ok(())
}
