//! Policies are data: `policies/*.yaml`, embedded in the binary, overridable with
//! `--policy FILE`. A policy can `extends:` another (built-in or file) and change, add or
//! disable rules. Rule kinds are few and general (like Vale's): `require` a clause, or
//! `forbid` a phrase; a `quantity` turns a require into "require a number within the clause",
//! and `context`/`requires_clause` make a rule conditional.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assume::DocType;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The clause must be in the contract (a finding when absent, weak or negated).
    #[default]
    Require,
    /// The phrase must not be in the contract (a finding when present).
    Forbid,
}

/// Where in the document evidence counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default, JsonSchema,
)]
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
    JsonSchema,
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

/// One rule: what it looks for, how serious it is, and what a finding says. In a policy file
/// every field may be left out (an extending policy names only what it changes); the defaults
/// are those shown. This type is the policy format: `vendorkit schema --policy` prints it as a
/// JSON Schema, and its field documentation is the format's.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Rule {
    /// The rule id (the key it is written under, e.g. `TRIAL-001`).
    #[serde(skip)]
    pub id: String,
    /// Clause id reported in the JSON coverage (kebab-case, e.g. `trial-period`); default: the
    /// rule id in lower case.
    pub clause: String,
    /// A short title, shown in findings and `vendorkit rules`; default: the rule id.
    pub title: String,
    /// How serious a finding is (default `warning`). A weak clause is reported one level lower.
    pub severity: Severity,
    /// `require` a clause (a finding when it is absent, weak or negated) or `forbid` a phrase
    /// (a finding when it is present). Default `require`.
    pub kind: Kind,
    /// Engagement contexts the rule's findings need (`xb`, `data`, `pd`); coverage is always
    /// computed.
    pub context: Vec<Context>,
    /// The rule applies only when the clause with this id is present or weak.
    pub requires_clause: Option<String>,
    /// Contexts in which the rule's findings are errors, whatever its severity.
    pub escalate_in: Vec<Context>,
    /// Contexts whose absence, when an engagement states it, lowers the rule's findings to
    /// info (never drops them): the data-security rules run on every draft, and an
    /// engagement that shares no client data makes them a reminder.
    pub lowered_without: Vec<Context>,
    /// The kinds of document the rule is for: `service` (an ongoing managed service) or
    /// `project` (deliverables and milestones). Empty: every kind. In a draft of another kind
    /// its findings are left out (the output says which kind was assumed; `--doc-type`
    /// overrides it).
    pub applies_to: Vec<DocType>,
    /// The clause usually sits in a master agreement (liability, IP, confidentiality, law):
    /// in a draft made under one, its absence is reported in one info finding that asks to
    /// confirm the master agreement has it.
    pub master: bool,
    /// Where evidence counts: `body` (operative text only, the default), `body_and_definitions`,
    /// or `all` (recitals too).
    pub scope: Scope,
    /// Whether a negation cue ("no", "not", "never", "waived", ...) within four words before
    /// a `present` match, in the same clause, makes the clause negated. Default false.
    pub negation: bool,
    /// Patterns (regular expressions, matched case-insensitively, sentence by sentence) whose
    /// match is evidence that the clause is there. A rule needs one here or in `strong`.
    pub present: Vec<String>,
    /// Patterns whose match is evidence even in a vetoed sentence (unmistakable wording).
    pub strong: Vec<String>,
    /// Patterns that show the clause only in a weak form (hedged or incomplete).
    pub weak: Vec<String>,
    /// Patterns that show the contract says the opposite ("no trial period shall apply").
    pub negated: Vec<String>,
    /// The rule's traps: a `present`, `strong`, `weak` or `negated` match overlapping a match of
    /// one of these is not evidence.
    pub exclude: Vec<String>,
    /// A sentence matching any of these is no evidence for the rule at all (unless `strong`).
    pub veto: Vec<String>,
    /// When set, a `present` sentence without a match of this pattern (e.g. a number and a
    /// unit) is only weak.
    pub quantity: Option<String>,
    /// Which wins when a sentence or a document has both present and negated evidence:
    /// negated when true (default false).
    pub prefer_negated: bool,
    /// The heading an absent clause naturally goes under (its words are looked for in the
    /// document's headings); default: the title.
    pub section_hint: Option<String>,
    /// The source-article mistake or practice the rule serves (e.g. `M7 No trial period`).
    pub article: String,
    /// Why the clause matters (the finding's help is its first sentence).
    pub rationale: String,
    /// A sentence that counts as the clause.
    pub example: String,
    /// A model clause to paste.
    pub model: String,
    /// The row of the NDA checklist the packet prints for this rule (the `nda` policy).
    pub checklist: Option<Checklist>,
    /// Remove the rule (in an extending policy).
    pub disabled: bool,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            id: String::new(),
            clause: String::new(),
            title: String::new(),
            severity: Severity::Warning,
            kind: Kind::Require,
            context: Vec::new(),
            requires_clause: None,
            escalate_in: Vec::new(),
            lowered_without: Vec::new(),
            applies_to: Vec::new(),
            master: false,
            scope: Scope::Body,
            negation: false,
            present: Vec::new(),
            strong: Vec::new(),
            weak: Vec::new(),
            negated: Vec::new(),
            exclude: Vec::new(),
            veto: Vec::new(),
            quantity: None,
            prefer_negated: false,
            section_hint: None,
            article: String::new(),
            rationale: String::new(),
            example: String::new(),
            model: String::new(),
            checklist: None,
            disabled: false,
        }
    }
}

/// A row of the NDA checklist (SPEC §2): the packet prints one per item, in policy order, with
/// the answers the engagement gives.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The row's id (`NDA-04`); rules that check parts of one row share it, and the first
    /// one's `check` and `level` are printed.
    pub item: String,
    /// What the person signing checks against the NDA text.
    pub check: String,
    /// How much the row matters.
    pub level: Level,
}

/// How much a checklist row matters; an open `must` row blocks the "ready" verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Must,
    Should,
    /// Applies in some engagements (e.g. software or IT work).
    Conditional,
    Optional,
    MustIfCrossBorder,
    MustIfPersonalData,
}

impl Level {
    /// The words the checklist prints.
    pub fn label(self) -> &'static str {
        match self {
            Level::Must => "Must",
            Level::Should => "Should",
            Level::Conditional => "Cond.",
            Level::Optional => "Opt.",
            Level::MustIfCrossBorder => "Must if cross-border",
            Level::MustIfPersonalData => "Must if personal data",
        }
    }
}

/// A policy file: a name, and rules by id. The policy format's JSON Schema
/// (`vendorkit schema --policy`, `schema/policy.schema.json`) is generated from this type.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vendorkit lint policy")]
pub struct PolicyFile {
    /// The policy's name, reported in the JSON coverage.
    pub name: Option<String>,
    pub description: Option<String>,
    /// A built-in policy name or a path (relative to this file) to start from: this file's
    /// rules then add to, change or (with `disabled: true`) remove that policy's rules, field
    /// by field.
    pub extends: Option<String>,
    /// Rules by id (`AREA-NNN`).
    #[serde(default)]
    pub rules: BTreeMap<String, Rule>,
}

/// A resolved policy: a name and its rules in id order.
#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub description: String,
    pub rules: Vec<Rule>,
}

/// Where the committed copy of the policy schema lives; the built-in policies point editors
/// at it.
pub const SCHEMA_PATH: &str = "schema/policy.schema.json";

/// The JSON Schema of a policy file, generated from [`PolicyFile`] (what
/// `vendorkit schema --policy` prints), as pretty JSON with a trailing newline.
pub fn schema_text() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut value =
        serde_json::to_value(generator.into_root_schema_for::<PolicyFile>()).unwrap_or_default();
    crate::engagement::schema::strip_null(&mut value);
    if let serde_json::Value::Object(o) = &mut value {
        o.insert(
            "$id".into(),
            "https://vendorkit.dev/schema/policy-1.json".into(),
        );
    }
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Load a policy by built-in name or file path, resolving `extends` chains.
pub fn load(name_or_path: &str) -> Result<Policy, String> {
    let raw = read_raw(name_or_path, 0)?;
    let file: PolicyFile = serde_json::from_value(raw).map_err(|e| e.to_string())?;
    resolve(file)
}

/// Largest policy file read (the built-in outsourcing policy is under 200 KB).
const MAX_POLICY_BYTES: u64 = 4 * 1024 * 1024;

/// A policy file as a JSON value, checked against [`PolicyFile`] (each problem at its line and
/// column), with its `extends` chain merged in: a rule's fields override the same rule's in
/// the policy it extends, one field at a time.
fn read_raw(name_or_path: &str, depth: usize) -> Result<serde_json::Value, String> {
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
    // The built-in policies are checked by the tests, and read at build time already; only a
    // user's file needs its problems placed (and the check is a second reading of the whole
    // file).
    let mut value =
        match super::precomputed::policy_value(name_or_path).filter(|_| base_dir.is_none()) {
            Some(value) => value,
            None => parse_checked(&origin, &text, base_dir.is_some())?,
        };
    let Some(parent) = value
        .get("extends")
        .and_then(|e| e.as_str())
        .map(String::from)
    else {
        return Ok(value);
    };
    let parent_ref = match &base_dir {
        Some(dir) if !BUILTIN.iter().any(|(n, _)| *n == parent) => {
            dir.join(&parent).display().to_string()
        }
        _ => parent.clone(),
    };
    let mut base = read_raw(&parent_ref, depth + 1)?;
    let own = value.as_object_mut().expect("checked: a mapping");
    own.remove("extends");
    if let Some(serde_json::Value::Object(rules)) = own.remove("rules") {
        let base_rules = base
            .as_object_mut()
            .expect("checked: a mapping")
            .entry("rules")
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let serde_json::Value::Object(base_rules) = base_rules {
            for (id, over) in rules {
                match (base_rules.get_mut(&id), over) {
                    (Some(serde_json::Value::Object(fields)), serde_json::Value::Object(over)) => {
                        fields.extend(over);
                    }
                    (_, over) => {
                        base_rules.insert(id, over);
                    }
                }
            }
        }
    }
    for key in ["name", "description"] {
        if let Some(v) = own.remove(key) {
            base.as_object_mut().expect("checked").insert(key.into(), v);
        }
    }
    base.as_object_mut().expect("checked").remove("extends");
    Ok(base)
}

/// Parse policy YAML and check it against [`PolicyFile`], reporting a problem with the line
/// and column where it sits.
fn parse_checked(origin: &str, text: &str, check: bool) -> Result<serde_json::Value, String> {
    let source = crate::source::SourceFile::new(origin, text);
    let parsed = crate::yaml::parse(text);
    if let Some(p) = parsed.problems.first() {
        let at = source.location(p.span.0, p.span.1);
        return Err(format!("{origin}:{}:{}: {}", at.line, at.column, p.message));
    }
    let value = match parsed.value {
        Some(v @ serde_json::Value::Object(_)) => v,
        Some(serde_json::Value::Null) | None => serde_json::Value::Object(Default::default()),
        Some(_) => {
            return Err(format!(
                "{origin}: a policy file must be a mapping (name, extends, rules)"
            ));
        }
    };
    if !check {
        return Ok(value);
    }
    serde_path_to_error::deserialize::<_, PolicyFile>(&value).map_err(|e| {
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
    })?;
    Ok(value)
}

/// The rules of a merged policy file, with defaults that depend on the id filled in and
/// disabled rules left out.
fn resolve(file: PolicyFile) -> Result<Policy, String> {
    let name = file.name.unwrap_or_else(|| "custom".into());
    let mut rules = Vec::new();
    for (id, mut rule) in file.rules {
        if rule.disabled {
            continue;
        }
        if rule.present.is_empty() && rule.strong.is_empty() {
            return Err(format!(
                "policy `{name}`, rule {id}: `present` needs at least one pattern"
            ));
        }
        if rule.clause.is_empty() {
            rule.clause = id.to_lowercase();
        }
        if rule.title.is_empty() {
            rule.title = id.clone();
        }
        rule.id = id;
        rules.push(rule);
    }
    Ok(Policy {
        name,
        description: file.description.unwrap_or_default(),
        rules,
    })
}
