//! Every rule id vendorkit can report, in one registry: the problems loading an engagement can
//! have (LOAD-*), the review rules (REV-*), the engagement cross-checks (XCHK-*), the rules of
//! the built-in policies and of a user's policy file, and the notes lint adds about how it read
//! a file (LINT-*, INPUT-*, DOCX-*, PDF-*). `vendorkit rules`, `vendorkit explain`, the SARIF
//! rule list and the README all read it; nothing else lists rules.

use serde::Serialize;

use crate::lint::assume::DocType;
use crate::lint::policy::{self, Context, Policy};
use crate::report::Severity;

/// What reports a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Loading an engagement file (the file cannot be used).
    Load,
    /// `vendorkit review`.
    Review,
    /// `vendorkit lint --engagement`: the draft against the engagement.
    CrossCheck,
    /// A lint policy.
    Policy,
    /// How lint read a contract (unusable input, suppressions, Word and PDF notes).
    Input,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Load => "load",
            Source::Review => "review",
            Source::CrossCheck => "cross-check",
            Source::Policy => "policy",
            Source::Input => "input",
        }
    }
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// What reports it.
    pub kind: Source,
    /// For a policy rule: the policy, its clause id in the JSON coverage and the contexts its
    /// findings need.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<Context>,
    /// Contexts whose stated absence lowers the rule to info.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lowered_without: Vec<Context>,
    /// The kinds of draft the rule checks (empty: every kind).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<DocType>,
    /// Whether the clause usually lives in a master agreement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub master: bool,
    /// Why it matters and how to fix it (SARIF's help).
    pub help: String,
    /// The full documentation `vendorkit explain` prints.
    #[serde(skip)]
    pub explain: String,
}

/// Id of the finding for an inline suppression without a reason.
pub const SUPPRESS_RULE: &str = "LINT-SUPPRESS";

/// The problems loading an engagement file can report.
pub fn load() -> Vec<Entry> {
    crate::engagement::validate::LOAD_RULES
        .iter()
        .map(|&(id, title)| {
            let help = format!(
                "{title}. The message names the field, what was expected and what was found; fix the file and run again."
            );
            plain(id, title, Severity::Error, Source::Load, help)
        })
        .collect()
}

/// The review rules.
pub fn review() -> Vec<Entry> {
    crate::review::rules::ALL
        .iter()
        .map(|r| {
            let d = &r.doc;
            let help = format!(
                "{}\n\nWhy: {}\n\nFix, for example:\n{}",
                d.what, d.why, d.instead
            );
            Entry {
                explain: d.explain(),
                ..plain(d.id, d.title, d.severity, Source::Review, help)
            }
        })
        .collect()
}

/// The cross-checks of a draft against its engagement.
pub fn cross_checks() -> Vec<Entry> {
    crate::lint::crosscheck::RULES
        .iter()
        .map(|&(id, title, severity, help)| {
            plain(id, title, severity, Source::CrossCheck, help.to_string())
        })
        .collect()
}

/// What lint says about how it read a contract.
pub fn input_notes() -> Vec<Entry> {
    let mut v = vec![plain(
        SUPPRESS_RULE,
        "Inline suppression without a reason",
        Severity::Error,
        Source::Input,
        "Write <!-- vendorkit-disable RULE reason=\"...\" -->; a suppression must say why.".into(),
    )];
    v.push(plain(
        crate::lint::assume::LANGUAGE_RULE,
        "The draft is not in English, so no clause was checked",
        Severity::Error,
        Source::Input,
        "vendorkit reads English contracts. Lint an English version, or have the contract reviewed by someone who reads its language.".into(),
    ));
    v.push(plain(
        crate::lint::assume::MASTER_RULE,
        "Clauses left to the master agreement",
        Severity::Info,
        Source::Input,
        "A statement of work or order made under a master agreement usually leaves liability, IP, confidentiality, insurance and law to it. The finding lists those not found in the draft; confirm the master agreement has them.".into(),
    ));
    v.extend(
        crate::extract::NOTE_RULES
            .iter()
            .map(|&(id, severity, title, what)| {
                plain(id, title, severity, Source::Input, what.into())
            }),
    );
    v
}

/// The rules of one policy.
pub fn policy_rules(p: &Policy) -> Vec<Entry> {
    p.rules
        .iter()
        .map(|r| Entry {
            id: r.id.clone(),
            title: r.title.clone(),
            severity: r.severity,
            kind: Source::Policy,
            policy: Some(p.name.clone()),
            clause: Some(r.clause.clone()),
            context: r.context.clone(),
            lowered_without: r.lowered_without.clone(),
            applies_to: r.applies_to.clone(),
            master: r.master,
            help: format!("{}\n\nModel clause: {}", r.rationale.trim(), r.model.trim()),
            explain: explain_policy_rule(&p.name, r),
        })
        .collect()
}

/// Every rule: load problems, review rules, cross-checks, the built-in policies' rules, the
/// rules of `extra` (a user's policy) and the input notes. Each id once: a user's policy that
/// redefines a built-in rule shows its own version.
pub fn all(extra: Option<&Policy>) -> Result<Vec<Entry>, String> {
    let mut v = load();
    v.extend(review());
    v.extend(cross_checks());
    let mut policies = Vec::new();
    for (name, _) in policy::BUILTIN {
        policies.push(policy::load(name)?);
    }
    for p in extra.into_iter().chain(&policies) {
        for e in policy_rules(p) {
            if !v.iter().any(|known| known.id == e.id) {
                v.push(e);
            }
        }
    }
    v.extend(input_notes());
    Ok(v)
}

/// The entry of `id` (any case).
pub fn find(id: &str, extra: Option<&Policy>) -> Result<Option<Entry>, String> {
    Ok(all(extra)?
        .into_iter()
        .find(|e| e.id.eq_ignore_ascii_case(id)))
}

/// An entry with no more documentation than its help.
fn plain(id: &str, title: &str, severity: Severity, kind: Source, help: String) -> Entry {
    Entry {
        explain: format!(
            "{id}: {title}\nseverity: {severity}    reported by: {}\n\n{}\n",
            kind.as_str(),
            crate::prose::indent(&help)
        ),
        id: id.into(),
        title: title.into(),
        severity,
        kind,
        policy: None,
        clause: None,
        context: Vec::new(),
        lowered_without: Vec::new(),
        applies_to: Vec::new(),
        master: false,
        help,
    }
}

/// The full documentation of a policy rule.
fn explain_policy_rule(policy_name: &str, r: &policy::Rule) -> String {
    let names = |v: &[String]| v.join(", ");
    let lower = |c: &Context| format!("{c:?}").to_lowercase();
    let mut notes = Vec::new();
    if !r.context.is_empty() {
        let cs: Vec<String> = r.context.iter().map(lower).collect();
        notes.push(format!("runs with the context: {}", names(&cs)));
    }
    if !r.lowered_without.is_empty() {
        let cs: Vec<String> = r.lowered_without.iter().map(lower).collect();
        notes.push(format!(
            "lowered to info when the engagement rules out: {}",
            names(&cs)
        ));
    }
    if !r.applies_to.is_empty() {
        let mut ds: Vec<String> = r
            .applies_to
            .iter()
            .map(|d| d.as_str().to_string())
            .collect();
        if !r.applies_to.contains(&DocType::Mixed) {
            ds.push(DocType::Mixed.as_str().into());
        }
        notes.push(format!(
            "checks drafts of type: {} (--doc-type)",
            names(&ds)
        ));
    }
    if r.master {
        notes.push(
            "usually in the master agreement (one info finding in a draft made under one)".into(),
        );
    }
    let ctx: String = notes.iter().map(|n| format!("\n{n}")).collect();
    format!(
        "{id}: {title}\nseverity: {sev}    policy: {policy_name}    clause: {clause}    prevents: {art}{ctx}\n\nWhy it matters\n{why}\n\nExample of what counts\n{ex}\n\nModel clause\n{model}\n",
        id = r.id,
        title = r.title,
        sev = r.severity,
        clause = r.clause,
        art = r.article,
        why = crate::prose::indent(r.rationale.trim()),
        ex = crate::prose::indent(r.example.trim()),
        model = crate::prose::indent(r.model.trim()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_listed_once() {
        let all = all(None).unwrap();
        let mut ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "an id is listed twice");
        for id in [
            "LOAD-SYNTAX",
            "REV-010",
            "XCHK-NOTICE",
            "TRIAL-001",
            "NDA-04A",
            "LINT-SUPPRESS",
            "LINT-INPUT",
            "DOCX-CHANGES",
            "PDF-NO-TEXT",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
    }
}
