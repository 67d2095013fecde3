//! `vendorkit lint`: contract text checked against a policy of clause rules (SPEC §4).
//!
//! Reading: [`text`] segments the contract; [`meaning`] says what each rule of a [`policy`]
//! means, and [`fast`] computes it in one pass; this module turns clause statuses into
//! coverage (for `--format json`) and, through [`findings`], findings for every format,
//! honouring inline suppressions and the engagement context.

pub mod assume;
mod backtrack;
mod bytes;
mod byteset;
pub mod config;
pub mod crosscheck;
pub mod cue_patterns;
pub mod fast;
mod findings;
pub mod keywords;
mod literals;
pub mod meaning;
mod parallel;
pub mod pattern;
pub use parallel::join;
pub mod policy;
mod precomputed;
pub mod sections;
pub mod shape;
pub mod text;

use std::sync::OnceLock;

use regex::Regex;

use crate::report::{
    ClauseCoverage, Coverage, Diagnostic, Evidence, FileReport, Severity, Suppressed,
};
use crate::source::SourceFile;
use meaning::Status;

/// A policy ready to lint with: the fast engine, where each rule's clause belongs, and what
/// its findings say (made once per policy, not per finding).
pub struct Compiled {
    pub engine: fast::Engine,
    pub sections: sections::Sections,
    messages: findings::Messages,
}

impl Compiled {
    pub fn new(policy: policy::Policy) -> Result<Compiled, String> {
        let sections = sections::Sections::new(&policy)
            .map_err(|e| format!("policy `{}`: {e}", policy.name))?;
        let messages = findings::Messages::new(&policy);
        Ok(Compiled {
            engine: fast::Engine::new(policy)?,
            sections,
            messages,
        })
    }

    pub fn policy(&self) -> &policy::Policy {
        self.engine.policy()
    }
}

pub use crate::catalogue::SUPPRESS_RULE;

/// What a lint run knows beyond the text.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// What the command line, a config and an engagement say about the contexts and the
    /// kind of document.
    pub given: assume::Given,
    /// Which rules report, and which are silenced (flags and config).
    pub selection: crate::select::Selection,
    /// Severity overrides by rule id.
    pub severities: Vec<(String, Severity)>,
}

/// The built-in policy for a document: `nda` when it is obviously a non-disclosure agreement.
pub fn detect_policy(text: &str) -> &'static str {
    // The first 1,500 characters: as many bytes when they are ASCII, as most contracts' are.
    let end = if text.as_bytes()[..text.len().min(1500)].is_ascii() {
        text.len().min(1500)
    } else {
        text.char_indices().nth(1500).map_or(text.len(), |(i, _)| i)
    };
    let head = text::lowercase(&text[..end]);
    let nda_title = [
        "non-disclosure agreement",
        "nondisclosure agreement",
        "confidentiality agreement",
        "mutual nda",
        "confidential disclosure agreement",
        "secrecy agreement",
    ]
    .iter()
    .any(|t| head.contains(t));
    let services = [
        "statement of work",
        "services agreement",
        "master services",
        "service agreement",
    ]
    .iter()
    .any(|t| head.contains(t));
    if nda_title && !services {
        "nda"
    } else {
        "outsourcing"
    }
}

/// Inline suppressions: `<!-- vendorkit-disable RULE[, RULE] reason="..." -->`. The rules
/// (ids or prefixes) each suppression silences, with its reason; and the problems: a
/// suppression with no reason (ignored), or naming no rule vendorkit knows (`known`: every id;
/// looked up only when a document has a suppression).
fn suppressions(
    src: &SourceFile,
    known: &dyn Fn() -> Vec<String>,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"<!--\s*vendorkit-disable\s+([A-Za-z0-9_,\s-]+?)\s*(?:reason\s*=\s*"([^"]*)")?\s*-->"#).expect("valid")
    });
    let mut silenced = Vec::new();
    let mut problems = Vec::new();
    let mut ids: Option<Vec<String>> = None;
    for c in re.captures_iter(&src.text) {
        let whole = c.get(0).expect("match");
        let at = src.location(whole.start(), whole.end());
        let reason = c.get(2).map(|m| m.as_str().trim()).unwrap_or("");
        if reason.is_empty() {
            problems.push(
                Diagnostic::new(SUPPRESS_RULE, Severity::Error, "suppression without a reason is ignored")
                    .at(at)
                    .label("needs reason=\"...\"")
                    .help("say why the rule does not apply, e.g. <!-- vendorkit-disable TRIAL-001 reason=\"renewal of a 3-year relationship\" -->"),
            );
            continue;
        }
        let known = ids.get_or_insert_with(known);
        for id in c[1].split([',', ' ']).filter(|s| !s.trim().is_empty()) {
            match crate::select::check(id, known, "this suppression") {
                Ok(pattern) => silenced.push((pattern, reason.to_string())),
                Err(message) => problems.push(
                    Diagnostic::new(SUPPRESS_RULE, Severity::Error, message)
                        .at(at)
                        .label("silences nothing")
                        .help("name a rule id or prefix, e.g. TRIAL-001 or SEC"),
                ),
            }
        }
    }
    (silenced, problems)
}

/// Lint one contract's text.
pub fn lint_source(src: &SourceFile, compiled: &Compiled, opts: &LintOptions) -> FileReport {
    let known = || crate::select::known_ids(Some(compiled.policy()));
    lint_source_with(src, compiled, opts, &known)
}

/// [`lint_source`], with the ids an inline suppression may name given by `known` (called only
/// for a document that has one; a batch computes them once).
pub fn lint_source_with(
    src: &SourceFile,
    compiled: &Compiled,
    opts: &LintOptions,
    known: &dyn Fn() -> Vec<String>,
) -> FileReport {
    // Match on a normalised copy (typographic quotes, non-breaking spaces, ligatures) and map
    // every span back to the original bytes.
    let (normal, map) = text::normalize(&src.text);
    let doc = text::segment(&normal);
    // Back from normalised to original byte offsets.
    let to_original = |(s, e): (usize, usize)| match &map {
        Some(m) => (m.original(s), m.original(e)),
        None => (s, e),
    };
    let (mut results, cues) = compiled.engine.read(&doc);
    if map.is_some() {
        for r in &mut results {
            for span in &mut r.evidence {
                *span = to_original(*span);
            }
        }
    }
    let (silenced, mut diagnostics) = suppressions(src, known);
    let mut suppressed = Vec::new();
    let clause_status = |clause: &str| {
        compiled
            .policy()
            .rules
            .iter()
            .zip(&results)
            .filter(|(r, _)| r.clause == clause)
            .map(|(_, c)| c.status)
            .max()
            .unwrap_or(Status::Absent)
    };
    let headings = Headings {
        doc: &doc,
        first: std::cell::OnceCell::new(),
    };
    let assumed = assume::assume(src, &doc, &opts.given, &cues);
    let mut in_master = Vec::new();
    let mut coverage = Vec::new();
    for (ri, (rule, result)) in compiled.policy().rules.iter().zip(&results).enumerate() {
        coverage.push(ClauseCoverage {
            clause: rule.clause.clone(),
            evidence: result
                .evidence
                .iter()
                .map(|&(s, e)| Evidence {
                    byte_end: e,
                    byte_start: s,
                    line: src.location(s, s).line,
                })
                .collect(),
            rule: rule.id.clone(),
            status: result.status.as_str(),
        });
        if assumed.foreign_language.is_some() {
            continue;
        }
        let for_this_kind = rule.applies_to.is_empty()
            || assumed.doc_type == assume::DocType::Mixed
            || rule.applies_to.contains(&assumed.doc_type);
        let applies = rule.context.iter().all(|c| assumed.has(*c))
            && for_this_kind
            && rule
                .requires_clause
                .as_deref()
                .is_none_or(|c| clause_status(c) >= Status::Weak)
            && opts.selection.selected(&rule.id);
        if !applies {
            continue;
        }
        // A clause of the master agreement, missing from a draft made under one: one finding
        // for all of them, below.
        if rule.master && assumed.under_master.is_some() && result.status < Status::Weak {
            in_master.push(ri);
            continue;
        }
        let mut severity = opts
            .severities
            .iter()
            .find(|(id, _)| crate::select::matches(id, &rule.id))
            .map_or(rule.severity, |(_, s)| *s);
        if rule.escalate_in.iter().any(|c| assumed.has(*c)) {
            severity = Severity::Error;
        }
        let lowered_by = rule.lowered_without.iter().find(|c| assumed.ruled_out(**c));
        if lowered_by.is_some() {
            severity = Severity::Info;
        }
        let place = findings::Place {
            src,
            headings: &headings,
            to_original: &to_original,
        };
        if let Some(mut d) = findings::finding(&place, compiled, ri, result, severity) {
            // Say why a rule that needs a context applies, when the draft itself decided it.
            for c in &rule.context {
                if let Some(u) = assumed.contexts.iter().find(|u| u.context == *c)
                    && u.why.starts_with("the draft")
                {
                    d.message = format!("{}; {}", d.message, u.why);
                }
            }
            if let Some(c) = lowered_by
                && let Some(u) = assumed.contexts.iter().find(|u| u.context == *c)
            {
                d.message = format!(
                    "{} (info only: {})",
                    d.message,
                    u.why.split(':').next().unwrap_or("")
                );
            }
            // Silenced findings are kept, with why, for the machine-readable reports.
            if let Some((_, reason)) = silenced
                .iter()
                .find(|(p, _)| crate::select::matches(p, &rule.id))
            {
                suppressed.push(Suppressed {
                    finding: d,
                    reason: reason.clone(),
                    in_source: true,
                });
            } else if let Some(why) = opts.selection.ignored(&rule.id) {
                suppressed.push(Suppressed {
                    finding: d,
                    reason: why.to_string(),
                    in_source: false,
                });
            } else {
                diagnostics.push(d);
            }
        }
    }
    if let Some(lang) = assumed.foreign_language {
        diagnostics.push(
            Diagnostic::new(
                assume::LANGUAGE_RULE,
                Severity::Error,
                format!("the draft reads as {lang}; vendorkit reads English contracts, so no clause was checked"),
            )
            .help("lint an English version of the contract, or have it reviewed by someone who reads the language"),
        );
    }
    if let (Some(at), false) = (assumed.under_master, in_master.is_empty()) {
        diagnostics.push(findings::master_clauses(
            src,
            compiled,
            to_original(at),
            &in_master,
        ));
    }
    let mut report = FileReport::new(src.path.clone(), Some(src.clone()));
    report.diagnostics = diagnostics;
    report.suppressed = suppressed;
    report.sort();
    report.extra = Some(Coverage {
        policy: compiled.policy().name.clone(),
        clauses: coverage,
        assumed: Some(assumed),
    });
    report
}

/// A document's headings, read once (on the first absent clause) for the words of every rule
/// that looks for its natural place.
pub(crate) struct Headings<'d> {
    pub(crate) doc: &'d text::Document<'d>,
    pub(crate) first: std::cell::OnceCell<sections::FirstHeadings>,
}

/// Load and compile a policy (a built-in name or a file); do it once per run and share it.
pub fn compile(name_or_path: &str) -> Result<Compiled, String> {
    Compiled::new(policy::load(name_or_path)?)
}

/// Test inputs: `count` sequences of up to `longest - 1` picks from `pieces`, from a xorshift
/// generator (no dependency, and the same inputs on every run).
#[cfg(test)]
pub(crate) fn random_mixes<T: Copy>(count: usize, longest: u64, pieces: &[T]) -> Vec<Vec<T>> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|_| {
            let len = next() % longest;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}
