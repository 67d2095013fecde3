//! What a lint finding says: the message, where it points and its help, from a rule and its
//! status in a document. The engine only decides statuses; the words are here.

use super::meaning::{ClauseResult, Status};
use super::policy::{Kind, Policy, Rule};
use super::{Compiled, Headings};
use crate::report::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Each rule's texts that every finding of it repeats, made once per policy.
pub struct Messages {
    /// The help line: the first sentence of the rationale, and the article it serves.
    help: Vec<String>,
    /// The message when the clause is absent.
    absent: Vec<String>,
    /// The label when no heading is the natural place for an absent clause either.
    nowhere: Vec<String>,
}

impl Messages {
    pub fn new(policy: &Policy) -> Messages {
        let help = policy
            .rules
            .iter()
            .map(|r| {
                format!(
                    "{} ({})",
                    crate::prose::first_sentence(&r.rationale),
                    r.article
                )
            })
            .collect();
        let absent = policy
            .rules
            .iter()
            .map(|r| {
                let expected = match r.example.lines().next() {
                    Some(e) if !e.is_empty() => format!("\"{e}\""),
                    _ => r.title.to_lowercase(),
                };
                format!(
                    "{}: no such clause found (expected something like {expected})",
                    r.title
                )
            })
            .collect();
        let nowhere = policy
            .rules
            .iter()
            .map(|r| {
                format!(
                    "not found anywhere; add it in a section such as \"{}\"",
                    super::sections::section_hint(r)
                )
            })
            .collect();
        Messages {
            help,
            absent,
            nowhere,
        }
    }
}

/// Where a finding is placed: the source, its headings, and the map from the normalised text
/// the engine read back to the original bytes.
pub(crate) struct Place<'a> {
    pub src: &'a SourceFile,
    pub headings: &'a Headings<'a>,
    pub to_original: &'a dyn Fn((usize, usize)) -> (usize, usize),
}

fn quote(src: &SourceFile, (s, e): (usize, usize)) -> String {
    let t: String = src.text[s..e]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.chars().count() > 140 {
        format!("{}...", t.chars().take(137).collect::<String>())
    } else {
        t
    }
}

/// The finding a rule's result gives, if any: a forbidden phrase found, a clause weak,
/// negated or absent (placed at its natural heading when there is one).
pub(crate) fn finding(
    place: &Place,
    compiled: &Compiled,
    ri: usize,
    result: &ClauseResult,
    severity: Severity,
) -> Option<Diagnostic> {
    let rule: &Rule = &compiled.policy().rules[ri];
    let src = place.src;
    let first = result.evidence.first().copied();
    // Forbidden, weak and negated findings all quote the sentence that decided them.
    let quoted = |severity: Severity, what: &str, label: &str| -> Option<Diagnostic> {
        let at = first?;
        Some(
            Diagnostic::new(
                &rule.id,
                severity,
                format!("{}{what}: \"{}\"", rule.title, quote(src, at)),
            )
            .at(src.location(at.0, at.1))
            .label(label),
        )
    };
    let d = match (rule.kind, result.status) {
        (Kind::Forbid, Status::Present | Status::Weak) => quoted(severity, "", "found here")?,
        (Kind::Forbid, _) | (Kind::Require, Status::Present) => return None,
        (Kind::Require, Status::Weak) => quoted(
            severity.lower(),
            " is only weakly stated",
            "weak: the required part is missing or hedged",
        )?,
        (Kind::Require, Status::Negated) => {
            quoted(severity, " is excluded by the contract", "negated here")?
        }
        (Kind::Require, Status::Absent) => {
            let messages = &compiled.messages;
            let headings = place.headings;
            let first = headings
                .first
                .get_or_init(|| compiled.sections.first_headings(headings.doc));
            let heading = compiled.sections.natural(ri, first).map(place.to_original);
            let mut d = Diagnostic::new(&rule.id, severity, messages.absent[ri].clone());
            d.absent = Some(crate::report::Absent {
                title: rule.title.clone(),
                heading: heading.map(|h| quote(src, h)),
                section: super::sections::section_hint(rule).to_string(),
            });
            match heading {
                Some((s, e)) => d
                    .at(src.location(s, e))
                    .label("the natural place: add it under this heading".to_string()),
                None => d.at(src.location(0, 0)).label(messages.nowhere[ri].clone()),
            }
        }
    };
    let mut d = d.help(&compiled.messages.help[ri]);
    if !rule.model.is_empty() {
        d = d.model(rule.model.clone());
    }
    Some(d)
}

/// The one finding for the clauses that usually sit in a master agreement and are missing
/// from a draft made under one (`at`: the sentence that says so).
pub(crate) fn master_clauses(
    src: &SourceFile,
    compiled: &Compiled,
    at: (usize, usize),
    rules: &[usize],
) -> Diagnostic {
    let names: Vec<String> = rules
        .iter()
        .map(|&ri| {
            let r = &compiled.policy().rules[ri];
            format!("{} ({})", r.title, r.id)
        })
        .collect();
    Diagnostic::new(
        super::assume::MASTER_RULE,
        Severity::Info,
        format!(
            "the draft is made under a master agreement and leaves {} clause{} to it; confirm the master agreement has {}: {}",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            if names.len() == 1 { "it" } else { "them" },
            names.join(", ")
        ),
    )
    .at(src.location(at.0, at.1))
    .label("made under a master agreement")
    .help("Clauses such as liability, IP and confidentiality usually sit in the master agreement; check them there before signing.")
}
