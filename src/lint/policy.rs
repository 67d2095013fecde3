//! Policies are data: `policies/*.yaml`, embedded in the binary, overridable with
//! `--policy FILE`. A policy can `extends:` another (built-in or file) and change, add or
//! disable rules. Rule kinds are few and general (like Vale's): `require` a clause, or
//! `forbid` a phrase; a `quantity` turns a require into "require a number within the clause",
//! and `context`/`requires_clause` make a rule conditional.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// Built-in policies, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "outsourcing",
        include_str!("../../policies/outsourcing.yaml"),
    ),
    ("nda", include_str!("../../policies/nda.yaml")),
];

/// What a rule checks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The clause must be in the contract (a finding when absent, weak or negated).
    #[default]
    Require,
    /// The phrase must not be in the contract (a finding when present).
    Forbid,
}

/// Where in the document evidence counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Operative body text only (not definitions, recitals, ToC, headers).
    #[default]
    Body,
    /// Body text and definitions (for rules about what a definition covers).
    BodyAndDefinitions,
    /// Body, definitions and recitals (for rules about what the parties intend to share).
    All,
}

/// Engagement context a rule may depend on (SPEC §4.2 tags).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Client and vendor are in different countries.
    Xb,
    /// The vendor gets access to client data.
    Data,
    /// GDPR / UK GDPR personal data is processed.
    Pd,
}

/// One rule as written in YAML. Every field is optional so that an override in an extending
/// policy can change only what it names.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Clause id reported in coverage (kebab-case, e.g. `trial-period`).
    pub clause: Option<String>,
    pub title: Option<String>,
    pub severity: Option<Severity>,
    pub kind: Option<Kind>,
    /// The rule only raises findings in these contexts (coverage is always computed).
    pub context: Option<Vec<Context>>,
    /// The rule only applies when this other clause is present.
    pub requires_clause: Option<String>,
    /// Contexts in which the rule's findings are errors whatever its severity.
    pub escalate_in: Option<Vec<Context>>,
    pub scope: Option<Scope>,
    /// Whether a negation cue just before the match ("no trial period") makes it negated.
    pub negation: Option<bool>,
    /// Patterns (regular expressions, case-insensitive) whose match in a sentence is evidence.
    pub present: Option<Vec<String>>,
    /// Patterns whose match is evidence even in a vetoed sentence (unmistakable wording).
    pub strong: Option<Vec<String>>,
    /// Patterns that show the clause only in a weak form (hedged, incomplete).
    pub weak: Option<Vec<String>>,
    /// Patterns that show the contract says the opposite.
    pub negated: Option<Vec<String>>,
    /// A present/weak/negated match overlapping one of these is ignored (the rule's traps).
    pub exclude: Option<Vec<String>>,
    /// A sentence matching any of these is not evidence for the rule at all.
    pub veto: Option<Vec<String>>,
    /// If set, a `present` sentence without this pattern is only weak (e.g. a number + unit).
    pub quantity: Option<String>,
    /// Which wins when a document has both present and negated evidence.
    pub prefer_negated: Option<bool>,
    /// Where the clause would naturally go, for the finding when it is absent.
    pub section_hint: Option<String>,
    pub article: Option<String>,
    pub rationale: Option<String>,
    pub example: Option<String>,
    pub model: Option<String>,
    /// Remove the rule (in an extending policy).
    pub disabled: Option<bool>,
}

/// A policy file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    pub name: Option<String>,
    pub description: Option<String>,
    /// A built-in policy name or a path (relative to this file) to start from.
    pub extends: Option<String>,
    /// Rules by id.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSpec>,
}

/// A rule with every field resolved.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub severity: Severity,
    pub kind: Kind,
    pub context: Vec<Context>,
    pub requires_clause: Option<String>,
    pub escalate_in: Vec<Context>,
    pub scope: Scope,
    pub negation: bool,
    pub present: Vec<String>,
    pub strong: Vec<String>,
    pub weak: Vec<String>,
    pub negated: Vec<String>,
    pub exclude: Vec<String>,
    pub veto: Vec<String>,
    pub quantity: Option<String>,
    pub prefer_negated: bool,
    pub section_hint: Option<String>,
    pub article: String,
    pub rationale: String,
    pub example: String,
    pub model: String,
}

/// A resolved policy: a name and its rules in id order.
#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub description: String,
    pub rules: Vec<Rule>,
}

/// Load a policy by built-in name or file path, resolving `extends` chains.
pub fn load(name_or_path: &str) -> Result<Policy, String> {
    let spec = read_spec(name_or_path, 0)?;
    resolve(spec)
}

/// Largest policy file read (the built-in outsourcing policy is under 200 KB).
const MAX_POLICY_BYTES: u64 = 4 * 1024 * 1024;

fn read_spec(name_or_path: &str, depth: usize) -> Result<PolicySpec, String> {
    if depth > 8 {
        return Err(format!(
            "policy `{name_or_path}`: `extends` chain is deeper than 8 (a cycle?)"
        ));
    }
    let (origin, text, base_dir) = match BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
        Some((n, t)) => (format!("built-in policy `{n}`"), (*t).to_string(), None),
        None => {
            let p = Path::new(name_or_path);
            let text = crate::limits::read_file(p, MAX_POLICY_BYTES, "a policy file")
                .and_then(|b| {
                    String::from_utf8(b).map_err(|_| format!("{} is not UTF-8 text", p.display()))
                })
                .map_err(|e| {
                    let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                    format!(
                        "policy `{name_or_path}` is neither a built-in ({}) nor a readable file: {e}",
                        names.join(", ")
                    )
                })?;
            (
                p.display().to_string(),
                text,
                p.parent().map(Path::to_path_buf),
            )
        }
    };
    let mut spec = parse_spec(&origin, &text)?;
    if let Some(parent) = spec.extends.take() {
        let parent_ref = match &base_dir {
            Some(dir) if !BUILTIN.iter().any(|(n, _)| *n == parent) => {
                dir.join(&parent).display().to_string()
            }
            _ => parent.clone(),
        };
        let mut base = read_spec(&parent_ref, depth + 1)?;
        for (id, over) in std::mem::take(&mut spec.rules) {
            match base.rules.get_mut(&id) {
                Some(existing) => merge(existing, over),
                None => {
                    base.rules.insert(id, over);
                }
            }
        }
        base.name = spec.name.or(base.name);
        base.description = spec.description.or(base.description);
        return Ok(base);
    }
    Ok(spec)
}

/// Parse policy YAML, reporting problems with the line and column where they sit.
fn parse_spec(origin: &str, text: &str) -> Result<PolicySpec, String> {
    let source = crate::source::SourceFile::new(origin, text);
    let parsed = crate::yaml::parse(text);
    if let Some(p) = parsed.problems.first() {
        let at = source.location(p.span.0, p.span.1);
        return Err(format!("{origin}:{}:{}: {}", at.line, at.column, p.message));
    }
    let value = parsed.value.unwrap_or(serde_json::Value::Null);
    serde_path_to_error::deserialize::<_, PolicySpec>(&value).map_err(|e| {
        let pointer = crate::engagement::path_to_pointer(&e.path().to_string());
        let (s, end) = parsed.map.value_span(&pointer);
        let at = source.location(s, end);
        format!(
            "{origin}:{}:{}: {}: {}",
            at.line,
            at.column,
            e.path(),
            e.inner()
        )
    })
}

/// Apply the fields `over` names on top of `base`.
fn merge(base: &mut RuleSpec, over: RuleSpec) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f; } )* };
    }
    take!(
        clause,
        title,
        severity,
        kind,
        context,
        requires_clause,
        escalate_in,
        scope,
        negation,
        present,
        strong,
        veto,
        weak,
        negated,
        exclude,
        quantity,
        prefer_negated,
        section_hint,
        article,
        rationale,
        example,
        model,
        disabled
    );
}

fn resolve(spec: PolicySpec) -> Result<Policy, String> {
    let name = spec.name.unwrap_or_else(|| "custom".into());
    let mut rules = Vec::new();
    for (id, r) in spec.rules {
        if r.disabled == Some(true) {
            continue;
        }
        let kind = r.kind.unwrap_or_default();
        let present = r.present.unwrap_or_default();
        if present.is_empty() && r.strong.as_ref().is_none_or(Vec::is_empty) {
            return Err(format!(
                "policy `{name}`, rule {id}: `present` needs at least one pattern"
            ));
        }
        rules.push(Rule {
            clause: r.clause.unwrap_or_else(|| id.to_lowercase()),
            title: r.title.unwrap_or_else(|| id.clone()),
            severity: r.severity.unwrap_or(Severity::Warning),
            kind,
            context: r.context.unwrap_or_default(),
            requires_clause: r.requires_clause,
            escalate_in: r.escalate_in.unwrap_or_default(),
            scope: r.scope.unwrap_or_default(),
            negation: r.negation.unwrap_or(false),
            present,
            strong: r.strong.unwrap_or_default(),
            weak: r.weak.unwrap_or_default(),
            negated: r.negated.unwrap_or_default(),
            exclude: r.exclude.unwrap_or_default(),
            veto: r.veto.unwrap_or_default(),
            quantity: r.quantity,
            prefer_negated: r.prefer_negated.unwrap_or(false),
            section_hint: r.section_hint,
            article: r.article.unwrap_or_default(),
            rationale: r.rationale.unwrap_or_default(),
            example: r.example.unwrap_or_default(),
            model: r.model.unwrap_or_default(),
            id,
        });
    }
    Ok(Policy {
        name,
        description: spec.description.unwrap_or_default(),
        rules,
    })
}
