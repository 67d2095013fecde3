//! The command line: argument parsing (clap) and the glue from each command to the library.
//! Nothing here decides what a rule means; it only reads inputs, calls the library and writes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::engagement::{self, model::Category, schema};
use crate::lint::{self, policy::Context};
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
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Write the contract packet (SOW, NDA checklist, KPI schedule) for each engagement
    Packet {
        /// Engagement files, or folders to search for *.yaml / *.yml
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder; each engagement gets OUT/<engagement id>/
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Folder with replacement templates (sow.md.hbs, nda-checklist.md.hbs,
        /// kpi-schedule.md.hbs); files not there keep the built-in version
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Output format: PDF documents, or the rendered Markdown (reviewable as a diff)
        #[arg(long, value_enum, default_value = "pdf")]
        format: PacketFormat,
        /// A TrueType/OpenType font to use instead of the bundled DejaVu Sans (e.g. for CJK names)
        #[arg(long)]
        font: Option<PathBuf>,
        /// Document version printed on every document
        #[arg(long, default_value = "1.0")]
        doc_version: String,
        /// Replace existing files that differ
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Check contract drafts (.txt, .md) for missing or risky clauses
    Lint {
        /// Contract files, or folders to search for .txt / .md files
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Policy: a built-in name (outsourcing, nda) or a policy file; default: nda for a
        /// document that is obviously an NDA, else outsourcing
        #[arg(long)]
        policy: Option<String>,
        /// Contexts that switch on the context rules: xb (cross-border), data, pd (personal data)
        #[arg(long, value_enum, value_delimiter = ',')]
        profile: Vec<Context>,
        /// Take the contexts from this engagement file
        #[arg(long)]
        engagement: Option<PathBuf>,
        /// Use this config file instead of searching for .vendorkit.yaml
        #[arg(long, conflicts_with = "no_config")]
        config: Option<PathBuf>,
        /// Ignore any .vendorkit.yaml
        #[arg(long)]
        no_config: bool,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        batch: BatchArgs,
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

/// Options for commands that take many inputs.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct BatchArgs {
    /// Worker threads (default: one per core)
    #[arg(long, default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar or timing line on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Process only shard K of N (1-based), a stable split by path: run K = 1..N on N
    /// machines to cover the whole batch once
    #[arg(long, value_parser = parse_shard, value_name = "K/N")]
    pub shard: Option<(u64, u64)>,
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
    /// Lowest severity that makes the exit code 1 [default: error, or the config's fail_on]
    #[arg(long, value_enum)]
    pub fail_on: Option<Severity>,
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

/// Formats `packet` writes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketFormat {
    /// PDF documents (A4; the KPI schedule in landscape)
    Pdf,
    /// Rendered Markdown (reviewable as a diff)
    Md,
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
        Command::Review {
            inputs,
            output,
            batch,
        } => {
            let files = crate::batch::shard(expand_inputs(&inputs, &["yaml", "yml"])?, batch.shard);
            let (reports, took) =
                crate::batch::map(&files, batch.into(), crate::batch::path_label, |p| {
                    review::review(&engagement::load_path(p))
                });
            let report = Report {
                command: "review",
                files: reports,
                rules: review::rule_infos(),
            };
            let code = finish(&report, &output, None, &mut out);
            crate::batch::summary(batch.into(), files.len(), took);
            code
        }
        Command::Packet {
            inputs,
            out: dir,
            templates,
            format,
            font,
            doc_version,
            force,
            batch,
        } => {
            let fonts = match format {
                PacketFormat::Pdf => {
                    Some(crate::layout::Fonts::load(font.as_deref()).map_err(CliError::Message)?)
                }
                PacketFormat::Md => None,
            };
            run_packet(
                &inputs,
                &dir,
                templates.as_deref(),
                &doc_version,
                force,
                fonts.as_ref(),
                batch.into(),
            )
        }
        Command::Lint {
            inputs,
            policy,
            profile,
            engagement,
            config,
            no_config,
            output,
            batch,
        } => {
            let args = LintArgs {
                policy,
                profile,
                engagement,
                config,
                no_config,
            };
            let (report, config_fail_on) = run_lint(&inputs, &args, batch.into())?;
            finish(&report, &output, config_fail_on, &mut out)
        }
        Command::Rules { format } => {
            let mut rules = review::rule_infos();
            for (name, _) in lint::policy::BUILTIN {
                let p = lint::policy::load(name).map_err(CliError::Message)?;
                rules.extend(p.rules.iter().map(|r| crate::report::RuleInfo {
                    id: r.id.clone(),
                    title: format!("{} [{name}]", r.title),
                    severity: r.severity,
                    help: r.rationale.clone(),
                }));
            }
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
                for (name, _) in lint::policy::BUILTIN {
                    let p = lint::policy::load(name).map_err(CliError::Message)?;
                    if let Some(r) = p.rules.iter().find(|r| r.id.eq_ignore_ascii_case(&id)) {
                        out.write_all(lint::explain(name, r).as_bytes())?;
                        return Ok(0);
                    }
                }
                let mut known = review::rule_infos();
                for (name, _) in lint::policy::BUILTIN {
                    if let Ok(p) = lint::policy::load(name) {
                        known.extend(lint::rule_infos(&p));
                    }
                }
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

/// Render the packet of every engagement into `dir`; returns the exit code. Engagements are
/// loaded and rendered on the worker pool; messages come out in input order.
fn run_packet(
    inputs: &[PathBuf],
    dir: &Path,
    templates: Option<&Path>,
    version: &str,
    force: bool,
    fonts: Option<&crate::layout::Fonts>,
    batch: crate::batch::Options,
) -> Result<i32, CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Message(format!(
            "-o {} is a file; give a folder for the packets",
            dir.display()
        )));
    }
    let files = crate::batch::shard(expand_inputs(inputs, &["yaml", "yml"])?, batch.shard);
    let templates = crate::packet::Templates::load(templates).map_err(CliError::Message)?;
    let (loaded, took_loading) = crate::batch::map(&files, batch, crate::batch::path_label, |p| {
        engagement::load_path(p)
    });
    // Ids must be unique across the batch: a second engagement would overwrite the first.
    let mut seen: std::collections::HashMap<&str, &PathBuf> = Default::default();
    let mut duplicate = vec![None; files.len()];
    for (i, l) in loaded.iter().enumerate() {
        if let Some(e) = &l.engagement
            && let Some(first) = seen.insert(e.engagement.id.as_str(), &files[i])
        {
            duplicate[i] = Some(format!(
                "error: engagement id `{}` is used by both {} and {}; ids must be unique in a batch",
                e.engagement.id,
                first.display(),
                files[i].display()
            ));
        }
    }
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let indices: Vec<usize> = (0..files.len()).collect();
    let label = |i: &usize| files[*i].display().to_string();
    let (outcomes, took_writing) =
        crate::batch::map(&indices, batch, label, |&i| -> PacketOutcome {
            let (path, l) = (&files[i], &loaded[i]);
            let Some(e) = &l.engagement else {
                let report = Report {
                    command: "packet",
                    files: vec![review::review(l)],
                    rules: review::rule_infos(),
                };
                let mut text = Vec::new();
                let _ = report.write(
                    Format::Human,
                    &mut text,
                    WriteOptions {
                        color,
                        fail_on: Severity::Error,
                    },
                );
                return (
                    vec![String::from_utf8_lossy(&text).trim_end().to_string()],
                    false,
                    Vec::new(),
                );
            };
            if let Some(m) = &duplicate[i] {
                return (vec![m.clone()], false, Vec::new());
            }
            write_packet(e, path, dir, &templates, version, force, fonts)
        });
    let mut failed = 0;
    let mut packets = Vec::new();
    for (i, (messages, ok, outputs)) in outcomes.iter().enumerate() {
        for m in messages {
            eprintln!("{m}");
        }
        failed += usize::from(!ok);
        if *ok {
            let input = std::fs::read(&files[i])
                .map(|b| sha256_hex(&b))
                .unwrap_or_default();
            packets.push(serde_json::json!({
                "input": files[i].display().to_string(),
                "input_sha256": input,
                "id": loaded[i].engagement.as_ref().map(|e| e.engagement.id.clone()),
                "outputs": outputs.iter().map(|(p, h)| serde_json::json!({
                    "path": p.strip_prefix(dir).unwrap_or(p).display().to_string(),
                    "sha256": h,
                })).collect::<Vec<_>>(),
            }));
        }
    }
    // The manifest makes a batch auditable: which input (by hash) gave which files.
    if !packets.is_empty() {
        let name = match batch.shard {
            Some((k, n)) => format!("manifest-{k}-of-{n}.json"),
            None => "manifest.json".into(),
        };
        let manifest = serde_json::json!({
            "tool": { "name": "vendorkit", "version": env!("CARGO_PKG_VERSION") },
            "version": version,
            "packets": packets,
        });
        let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        text.push('\n');
        write_new_file(&dir.join(name), text.as_bytes(), true)?;
    }
    eprintln!(
        "{} engagement(s): {} written, {failed} failed",
        files.len(),
        files.len() - failed
    );
    crate::batch::summary(batch, files.len(), took_loading + took_writing);
    Ok(if failed > 0 { EXIT_USAGE } else { 0 })
}

/// What one engagement's packet produced: messages, success, and the files (path, bytes hash).
type PacketOutcome = (Vec<String>, bool, Vec<(PathBuf, String)>);

/// SHA-256 of bytes, in hex (for the manifest).
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Render and write one engagement's packet; returns the messages and whether it worked.
fn write_packet(
    e: &engagement::Engagement,
    path: &Path,
    dir: &Path,
    templates: &crate::packet::Templates,
    version: &str,
    force: bool,
    fonts: Option<&crate::layout::Fonts>,
) -> PacketOutcome {
    let mut messages = Vec::new();
    let mut outputs = Vec::new();
    let docs = match templates.render(e, version, &crate::packet::issued_date(e)) {
        Ok(d) => d,
        Err(m) => {
            return (
                vec![format!("error: {}: {m}", path.display())],
                false,
                outputs,
            );
        }
    };
    let folder = dir.join(crate::packet::safe_name(&e.engagement.id));
    if let Err(err) = std::fs::create_dir_all(&folder) {
        return (
            vec![format!("error: cannot create {}: {err}", folder.display())],
            false,
            outputs,
        );
    }
    let mut ok = true;
    let ext = if fonts.is_some() { "pdf" } else { "md" };
    let field_warnings = fonts
        .map(|f| crate::packet::missing_glyphs(e, f))
        .unwrap_or_default();
    for w in &field_warnings {
        messages.push(format!("warning: {}: {w}", path.display()));
    }
    for (doc, text) in docs {
        let target = folder.join(format!("{}.{ext}", doc.stem()));
        let bytes = match fonts {
            None => text.into_bytes(),
            Some(f) => match crate::packet::to_pdf(e, doc, &text, version, f) {
                Ok((bytes, warnings)) => {
                    // Characters already reported by field are not reported again.
                    if field_warnings.is_empty() {
                        for w in warnings {
                            messages.push(format!(
                                "warning: {}: {}: {w}",
                                path.display(),
                                doc.stem()
                            ));
                        }
                    }
                    bytes
                }
                Err(m) => {
                    messages.push(format!("error: {}: {}: {m}", path.display(), doc.stem()));
                    ok = false;
                    continue;
                }
            },
        };
        outputs.push((target.clone(), sha256_hex(&bytes)));
        if std::fs::read(&target).is_ok_and(|old| old == bytes) {
            continue;
        }
        if let Err(CliError::Message(m)) = write_new_file(&target, &bytes, force) {
            messages.push(format!("error: {m}"));
            ok = false;
        }
    }
    if ok {
        messages.push(format!(
            "wrote {}/ (sow.{ext}, nda-checklist.{ext}, kpi-schedule.{ext}) from {}",
            folder.display(),
            path.display()
        ));
    }
    (messages, ok, outputs)
}

/// Lint options from the command line.
struct LintArgs {
    policy: Option<String>,
    profile: Vec<Context>,
    engagement: Option<PathBuf>,
    config: Option<PathBuf>,
    no_config: bool,
}

/// Lint every input; returns the report and the config's `fail_on`, if a config set one.
fn run_lint(
    inputs: &[PathBuf],
    args: &LintArgs,
    batch: crate::batch::Options,
) -> Result<(Report, Option<Severity>), CliError> {
    let files = crate::batch::shard(
        expand_inputs(inputs, &["txt", "md", "markdown", "text"])?,
        batch.shard,
    );
    let explicit_config = match &args.config {
        Some(p) => Some(lint::config::load(p).map_err(CliError::Message)?),
        None => None,
    };
    let mut contexts: std::collections::BTreeSet<Context> = args.profile.iter().copied().collect();
    if let Some(e) = &args.engagement {
        let loaded = engagement::load_path(e);
        let Some(eng) = loaded.engagement else {
            let first = loaded.diagnostics.first().map(|d| {
                let at = d
                    .location
                    .map(|l| format!(":{}:{}", l.line, l.column))
                    .unwrap_or_default();
                format!("{}{at}: {}", e.display(), d.message)
            });
            return Err(CliError::Message(format!(
                "--engagement {} cannot be used: {}; run `vendorkit review` on it",
                e.display(),
                first.unwrap_or_default()
            )));
        };
        contexts.extend(lint_contexts(&eng));
    }
    // Policies are compiled once per run, on first use, and shared by every worker.
    let compiled: std::sync::Mutex<
        std::collections::BTreeMap<String, std::sync::Arc<lint::engine::Compiled>>,
    > = Default::default();
    let policy_for = |name: &str| -> Result<std::sync::Arc<lint::engine::Compiled>, CliError> {
        let mut map = compiled
            .lock()
            .map_err(|_| CliError::Message("a lint worker failed".into()))?;
        if let Some(c) = map.get(name) {
            return Ok(c.clone());
        }
        let c = std::sync::Arc::new(lint::compile(name).map_err(CliError::Message)?);
        map.insert(name.to_string(), c.clone());
        Ok(c)
    };
    let (results, took) = crate::batch::map(
        &files,
        batch,
        crate::batch::path_label,
        |path| -> Result<(crate::report::FileReport, Option<Severity>), CliError> {
            let config = if args.no_config {
                None
            } else if explicit_config.is_some() {
                explicit_config.clone()
            } else {
                lint::config::discover(path).map_err(CliError::Message)?
            };
            let source = match read_contract(path) {
                Ok(s) => s,
                Err(message) => {
                    let mut r = crate::report::FileReport::new(path.display().to_string(), None);
                    r.diagnostics.push(crate::report::Diagnostic::new(
                        "LINT-INPUT",
                        Severity::Error,
                        message,
                    ));
                    r.unusable = true;
                    return Ok((r, None));
                }
            };
            let policy_name = args
                .policy
                .clone()
                .or_else(|| config.as_ref().and_then(|c| c.policy.clone()))
                .unwrap_or_else(|| lint::detect_policy(&source.text).to_string());
            let policy = policy_for(&policy_name)?;
            let mut opts = lint::LintOptions {
                contexts: contexts.clone(),
                ..Default::default()
            };
            let mut fail_on = None;
            if let Some(c) = &config {
                opts.contexts.extend(c.profile.iter().copied());
                opts.ignore
                    .extend(c.ignore.iter().map(|s| s.to_uppercase()));
                opts.severities
                    .extend(c.severity.iter().map(|(k, v)| (k.to_uppercase(), *v)));
                fail_on = c.fail_on;
            }
            Ok((lint::lint_source(&source, &policy, &opts), fail_on))
        },
    );
    let mut reports = Vec::with_capacity(results.len());
    let mut fail_on = None;
    for r in results {
        let (report, f) = r?;
        fail_on = fail_on.or(f);
        reports.push(report);
    }
    let mut rules: Vec<crate::report::RuleInfo> = Vec::new();
    for c in compiled
        .into_inner()
        .map_err(|_| CliError::Message("a lint worker failed".into()))?
        .values()
    {
        for info in lint::rule_infos(&c.policy) {
            if !rules.iter().any(|r| r.id == info.id) {
                rules.push(info);
            }
        }
    }
    crate::batch::summary(batch, files.len(), took);
    Ok((
        Report {
            command: "lint",
            files: reports,
            rules,
        },
        fail_on,
    ))
}

/// The lint contexts an engagement implies (SPEC §4.2 tags).
pub fn lint_contexts(e: &engagement::Engagement) -> Vec<Context> {
    let mut v = Vec::new();
    if e.cross_border() {
        v.push(Context::Xb);
    }
    if let Some(d) = &e.data {
        v.push(Context::Data);
        let gdpr = d.regimes.iter().any(|r| {
            matches!(
                r,
                engagement::model::Regime::Gdpr | engagement::model::Regime::UkGdpr
            )
        });
        if gdpr && e.personal_data() {
            v.push(Context::Pd);
        }
    }
    v
}

/// Read a contract as UTF-8 text, with a clear error for anything else.
fn read_contract(path: &Path) -> Result<crate::source::SourceFile, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.len() > lint::MAX_CONTRACT_BYTES {
        return Err(format!(
            "{} is {} bytes, over the {} byte limit for a contract",
            path.display(),
            meta.len(),
            lint::MAX_CONTRACT_BYTES
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.is_empty() {
        return Err(format!("{} is empty", path.display()));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(format!(
            "{} is a binary file, not contract text (.txt or .md)",
            path.display()
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(crate::source::SourceFile::new(
        path.display().to_string(),
        text,
    ))
}

/// Write the report and compute the exit code.
fn finish(
    report: &Report,
    args: &OutputArgs,
    config_fail_on: Option<Severity>,
    out: &mut dyn Write,
) -> Result<i32, CliError> {
    let fail_on = args.fail_on.or(config_fail_on).unwrap_or(Severity::Error);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    report.write(args.format, out, WriteOptions { color, fail_on })?;
    out.flush()?;
    let code = report.exit_code(fail_on);
    Ok(if args.no_fail && code == 1 { 0 } else { code })
}

/// Files named on the command line, matching files inside named folders, glob matches
/// (`drafts/**/*.md`), and paths read from standard input for `-`, each once. A path that does
/// not exist is kept, so it is reported as unreadable in the run.
pub fn expand_inputs(inputs: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    let mut queue: Vec<PathBuf> = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                CliError::Message(format!(
                    "cannot read the list of paths from standard input: {e}"
                ))
            })?;
            queue.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from),
            );
        } else {
            queue.push(input.clone());
        }
    }
    let mut files = Vec::new();
    for input in queue {
        let text = input.to_string_lossy();
        if !input.exists() && text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text)
                .map_err(|e| CliError::Message(format!("bad pattern `{text}`: {e}")))?;
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if found.is_empty() {
                return Err(CliError::Message(format!("`{text}` matches no files")));
            }
            found.sort();
            files.extend(found);
        } else if input.is_dir() {
            let mut found = Vec::new();
            walk(&input, extensions, &mut found);
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
            files.push(input);
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
