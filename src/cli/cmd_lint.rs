//! `vendorkit lint`: check contract drafts against a policy, streaming the report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::{CliError, OutputArgs, reporting};
use crate::batch::{self, Options};
use crate::engagement;
use crate::lint::{self, policy::Context};
use crate::report::{FileReport, Severity};

/// Lint options from the command line.
#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Policy: a built-in name (outsourcing, nda) or a policy file; default: nda for a
    /// document that is obviously an NDA, else outsourcing
    #[arg(long)]
    pub policy: Option<String>,
    /// Contexts that switch on the context rules: xb (cross-border), data, pd (personal data);
    /// data is on by default, and pd when the draft mentions personal data
    #[arg(long, value_enum, value_delimiter = ',')]
    pub profile: Vec<Context>,
    /// The kind of draft, instead of the one read from its words: service (an ongoing managed
    /// service), project (deliverables and milestones) or mixed; add under-master for a draft
    /// made under a master agreement, or standalone for one that is not
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    pub doc_type: Vec<DocTypeArg>,
    /// Take the contexts from this engagement file
    #[arg(long)]
    pub engagement: Option<PathBuf>,
    /// A defaults file merged under the --engagement file
    #[arg(long, value_name = "FILE", requires = "engagement")]
    pub defaults: Option<PathBuf>,
    /// Use this config file instead of searching for .vendorkit.yaml
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any .vendorkit.yaml
    #[arg(long)]
    pub no_config: bool,
}

/// Lint every input, streaming each file's findings; returns the exit code.
pub fn run(
    inputs: &[PathBuf],
    args: &LintArgs,
    output: &OutputArgs,
    opts: Options,
    out: &mut dyn std::io::Write,
) -> Result<i32, CliError> {
    let expanded = batch::inputs::expand(inputs, crate::extract::EXTENSIONS, None)
        .map_err(CliError::Message)?;
    let files = batch::shard(expanded.files, opts.shard);
    let linter = Linter::new(args)?;
    let flag_known = || -> Vec<String> {
        match args.policy.as_deref().map(|p| linter.policy_for(p)) {
            Some(Ok(p)) => linter.known_for(&p).to_vec(),
            _ => crate::select::known_ids(None),
        }
    };
    let mut run = reporting::Run::new("lint", output, opts.quiet, &flag_known, out)?;
    let took = batch::stream(
        &files,
        opts,
        batch::path_label,
        |path| match crate::extract::read(path) {
            Ok(extracted) => linter.lint_extracted(path, extracted),
            Err(message) => unusable(path, message),
        },
        |path, why| unusable(path, format!("{}: {why}", batch::inputs::shown(path))),
        |_, (report, fail_on)| run.add(report, fail_on),
    );
    run.unreadable(&expanded.unreadable);
    let rules = linter.rules()?;
    let code = run.finish(rules, opts, took);
    // The process ends after a run: freeing the compiled policies (thousands of small
    // automata and parse trees, one allocation each) took a tenth of a one-contract run, and
    // the system takes the memory back whole.
    std::mem::forget(linter);
    code
}

/// What every file of a lint run shares: the contexts the flags and the engagement give, an
/// explicit config, and the policies, compiled once on first use and shared by every worker.
pub struct Linter<'a> {
    args: &'a LintArgs,
    explicit_config: Option<lint::config::Config>,
    given: lint::assume::Given,
    /// The `--engagement`, for the cross-checks and the redline's model clauses.
    pub agreed: Option<engagement::Engagement>,
    compiled: Mutex<BTreeMap<String, Arc<lint::Compiled>>>,
    /// Every rule id a file's findings can carry, per policy (for checking rule names in
    /// flags, configs and inline suppressions), made on first need.
    known: Mutex<BTreeMap<String, Arc<Vec<String>>>>,
    configs: lint::config::Discovery,
}

impl<'a> Linter<'a> {
    pub fn new(args: &'a LintArgs) -> Result<Linter<'a>, CliError> {
        let explicit_config = match &args.config {
            Some(p) => Some(lint::config::load(p).map_err(CliError::Message)?),
            None => None,
        };
        let mut given = lint::assume::Given {
            on: args.profile.iter().copied().collect(),
            ..Default::default()
        };
        for kind in &args.doc_type {
            match kind {
                DocTypeArg::Service => given.doc_type = Some(lint::assume::DocType::Service),
                DocTypeArg::Project => given.doc_type = Some(lint::assume::DocType::Project),
                DocTypeArg::Mixed => given.doc_type = Some(lint::assume::DocType::Mixed),
                DocTypeArg::UnderMaster => given.under_master = Some(true),
                DocTypeArg::Standalone => given.under_master = Some(false),
            }
        }
        let mut agreed = None;
        if let Some(e) = &args.engagement {
            let defaults = super::load_defaults(args.defaults.as_ref())?;
            let loaded = engagement::load_path_with(
                e,
                engagement::Options {
                    defaults: defaults.as_ref(),
                    strict: false,
                },
            );
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
            let (on, off) = lint_contexts(&eng);
            given.on.extend(on);
            given.off.extend(off);
            given.from_engagement = true;
            agreed = Some(eng);
        }
        let linter = Linter {
            args,
            explicit_config,
            given,
            agreed,
            compiled: Default::default(),
            known: Default::default(),
            configs: lint::config::Discovery::default(),
        };
        if let Some(name) = &args.policy {
            linter.policy_for(name).map_err(CliError::Message)?;
        }
        Ok(linter)
    }

    /// A policy by name or path, compiled on first use.
    pub fn policy_for(&self, name: &str) -> Result<Arc<lint::Compiled>, String> {
        let mut map = self
            .compiled
            .lock()
            .map_err(|_| "a lint worker failed".to_string())?;
        if let Some(c) = map.get(name) {
            return Ok(c.clone());
        }
        // The regexes every draft needs are compiled beside the first policy, and nothing
        // waits for them until a draft is read: a built-in policy loads faster than they
        // compile.
        if map.is_empty() {
            std::thread::spawn(lint::assume::prepare);
        }
        let c = Arc::new(lint::compile(name)?);
        map.insert(name.to_string(), c.clone());
        Ok(c)
    }

    fn known_for(&self, policy: &lint::Compiled) -> Arc<Vec<String>> {
        let name = policy.policy().name.clone();
        let mut map = self.known.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(name)
            .or_insert_with(|| Arc::new(crate::select::known_ids(Some(policy.policy()))))
            .clone()
    }

    /// Lint one contract's extracted text: its config, its policy, the cross-checks against
    /// the engagement, and the places (paragraph, page) of a Word or PDF input.
    pub fn lint_extracted(
        &self,
        path: &std::path::Path,
        mut extracted: crate::extract::Extracted,
    ) -> (FileReport, Option<Severity>) {
        let args = self.args;
        let unusable = |message: String| unusable(path, message);
        let config = if args.no_config {
            None
        } else if self.explicit_config.is_some() {
            self.explicit_config.clone()
        } else {
            match self.configs.for_file(&batch::inputs::stand_in(path)) {
                Ok(c) => c,
                Err(m) => return unusable(m),
            }
        };
        // The text moves into the source; `extracted` keeps the places and notes.
        let source = crate::source::SourceFile::new(
            batch::inputs::shown(path),
            std::mem::take(&mut extracted.text),
        );
        let policy_name = args
            .policy
            .clone()
            .or_else(|| config.as_ref().and_then(|c| c.policy.clone()))
            .unwrap_or_else(|| lint::detect_policy(&source.text).to_string());
        let policy = match self.policy_for(&policy_name) {
            Ok(p) => p,
            Err(m) => return unusable(m),
        };
        let mut lint_opts = lint::LintOptions {
            given: self.given.clone(),
            ..Default::default()
        };
        let mut fail_on = None;
        if let Some(c) = &config {
            lint_opts.given.on.extend(c.profile.iter().copied());
            if let Err(m) = c.apply(&mut lint_opts, &self.known_for(&policy)) {
                return unusable(m);
            }
            fail_on = c.fail_on;
        }
        let known = || self.known_for(&policy).to_vec();
        let mut report = lint::lint_source_with(&source, &policy, &lint_opts, &known);
        if let Some(e) = &self.agreed {
            let mut checks = FileReport::new(report.path.clone(), None);
            checks.diagnostics = lint::crosscheck::check(&source, e, policy.policy().name != "nda");
            checks.select(&lint_opts.selection);
            report.diagnostics.extend(checks.diagnostics);
            report.suppressed.extend(checks.suppressed);
            report.sort();
        }
        name_places(&mut report, &extracted);
        (report, fail_on)
    }

    /// The rules of every policy the run used, then what reading can report, then the
    /// cross-checks when an engagement was given.
    pub fn rules(&self) -> Result<Vec<crate::report::RuleInfo>, CliError> {
        let mut rules: Vec<crate::report::RuleInfo> = Vec::new();
        for c in self
            .compiled
            .lock()
            .map_err(|_| CliError::Message("a lint worker failed".into()))?
            .values()
        {
            for entry in crate::catalogue::policy_rules(c.policy()) {
                if !rules.iter().any(|r| r.id == entry.id) {
                    rules.push(entry);
                }
            }
        }
        rules.extend(crate::catalogue::input_notes());
        if self.agreed.is_some() {
            rules.extend(crate::catalogue::cross_checks());
        }
        Ok(rules)
    }
}

/// The report of a contract that could not be used.
fn unusable(path: &std::path::Path, message: String) -> (FileReport, Option<Severity>) {
    let mut r = FileReport::new(batch::inputs::shown(path), None);
    r.diagnostics.push(crate::report::Diagnostic::new(
        "LINT-INPUT",
        Severity::Error,
        message,
    ));
    r.unusable = true;
    (r, None)
}

/// The lint contexts an engagement implies (SPEC §4.2 tags): those it switches on, and those
/// it says do not hold (no client data shared: the data rules are lowered, never dropped).
pub fn lint_contexts(e: &engagement::Engagement) -> (Vec<Context>, Vec<Context>) {
    let (mut on, mut off) = (Vec::new(), Vec::new());
    if e.cross_border() {
        on.push(Context::Xb);
    }
    match &e.data {
        Some(d) => {
            on.push(Context::Data);
            let gdpr = d.regimes.iter().any(|r| {
                matches!(
                    r,
                    engagement::model::Regime::Gdpr | engagement::model::Regime::UkGdpr
                )
            });
            if gdpr && e.personal_data() {
                on.push(Context::Pd);
            }
        }
        None => off.push(Context::Data),
    }
    (on, off)
}

/// `--doc-type` values.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocTypeArg {
    Service,
    Project,
    Mixed,
    UnderMaster,
    Standalone,
}

/// For a Word or PDF input, say in each finding which paragraph or page it is on (the line and
/// column refer to the extracted text), and add what the reader noticed (e.g. tracked changes).
fn name_places(report: &mut FileReport, extracted: &crate::extract::Extracted) {
    for d in &mut report.diagnostics {
        if let Some(loc) = d.location {
            d.place = extracted.place_at(loc.byte_start).map(str::to_string);
        }
    }
    for note in &extracted.notes {
        report.diagnostics.push(crate::report::Diagnostic::new(
            note.id,
            Severity::Info,
            note.message.clone(),
        ));
    }
}
