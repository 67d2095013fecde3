//! Validation of a parsed engagement: every problem at once, each at the place it sits.
//!
//! Three passes, all over the positioned JSON value so one bad field never hides another:
//! the generated JSON Schema (types, required fields, unknown keys, enums, dates and codes),
//! then cross-references between ids, which a schema cannot express.

use std::collections::{HashMap, HashSet};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::schema;
use crate::yaml::SourceMap;

/// Ids of the problems loading can report (listed by `vendorkit rules`, used in SARIF).
pub mod ids {
    pub const IO: &str = "LOAD-IO";
    pub const SYNTAX: &str = "LOAD-SYNTAX";
    pub const DUPLICATE: &str = "LOAD-DUPLICATE-KEY";
    pub const UNKNOWN: &str = "LOAD-UNKNOWN-KEY";
    pub const MISSING: &str = "LOAD-MISSING";
    pub const TYPE: &str = "LOAD-TYPE";
    pub const VALUE: &str = "LOAD-VALUE";
    pub const REFERENCE: &str = "LOAD-REFERENCE";
    pub const LIMIT: &str = "LOAD-LIMIT";
}

/// `(id, title)` of every load problem, for the rule list.
pub const LOAD_RULES: &[(&str, &str)] = &[
    (ids::IO, "The file cannot be read"),
    (ids::SYNTAX, "The file is not valid YAML"),
    (ids::DUPLICATE, "A key is given twice in one mapping"),
    (
        ids::UNKNOWN,
        "A key the format does not know (often a typo)",
    ),
    (ids::MISSING, "A required field is missing"),
    (ids::TYPE, "A value has the wrong type"),
    (
        ids::VALUE,
        "A value is not allowed (enum, date, code, range or pattern)",
    ),
    (ids::REFERENCE, "An id reference points to nothing"),
    (ids::LIMIT, "The file is over a safety limit"),
];

/// A problem found by validation, positioned by byte span.
#[derive(Debug, Clone)]
pub struct Problem {
    pub id: &'static str,
    pub span: (usize, usize),
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// `kpis[0].objective` from `/kpis/0/objective` (the way people name a field).
pub fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.bytes().all(|b| b.is_ascii_digit()) && !seg.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if out.is_empty() {
        "the document".into()
    } else {
        out
    }
}

/// A short rendering of a value for messages: strings quoted, long values cut.
pub fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("`{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
        Value::Null => "nothing (null)".into(),
        other => format!("`{other}`"),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...`")
    } else {
        s
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a whole number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn json_type_name(t: &str) -> &'static str {
    match t {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping",
        _ => "a value",
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Longest text value, in characters. The longest in real engagements is a sentence or two
/// (a task, an objective, a KPI definition); a multi-megabyte name was laid out on every page
/// of every document and took gigabytes to print.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// Text values over [`MAX_TEXT_CHARS`], each at its place.
pub fn size_problems(value: &Value, map: &SourceMap) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), value)];
    while let Some((pointer, v)) = todo.pop() {
        match v {
            Value::String(s) if s.len() > MAX_TEXT_CHARS => {
                let chars = s.chars().count();
                if chars > MAX_TEXT_CHARS {
                    out.push(Problem {
                        id: ids::LIMIT,
                        span: map.value_span(&pointer),
                        message: format!(
                            "{}: the text is {chars} characters long, over the {MAX_TEXT_CHARS}-character limit for one value",
                            field_name(&pointer)
                        ),
                        label: "too long".into(),
                        help: Some("shorten it, or put long text in an annex file and name the file here".into()),
                    });
                }
            }
            Value::Array(items) => todo.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (format!("{pointer}/{i}"), item)),
            ),
            Value::Object(fields) => todo.extend(
                fields
                    .iter()
                    .map(|(k, item)| (format!("{pointer}/{}", crate::yaml::escape(k)), item)),
            ),
            _ => {}
        }
    }
    out
}

/// Keys people write for a field the file spells otherwise, with what to write instead: the
/// field (whose "missing" error the hint replaces) and the help.
fn instead_of(pointer: &str, key: &str) -> Option<(&'static str, &'static str)> {
    match (pointer, key) {
        ("/engagement", "end_date" | "end" | "end_on" | "finish_date") => Some((
            "term_months",
            "give the length as `term_months: 12`; the end date follows from `start_date`",
        )),
        ("/engagement", "duration" | "term" | "length" | "duration_months" | "term_length") => {
            Some((
                "term_months",
                "write the length in months as `term_months: 12`",
            ))
        }
        _ => None,
    }
}

/// Every schema problem of `value`.
pub fn schema_problems(value: &Value, map: &SourceMap, strict: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    let errors: Vec<_> = schema::validator(strict).iter_errors(value).collect();
    // A typo'd key also makes the real key "missing": report the typo once, with the suggestion.
    let suggested: HashSet<(String, String)> = errors
        .iter()
        .filter_map(|err| match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let pointer = err.instance_path().as_str().to_string();
                let allowed = schema::properties_at(&pointer);
                Some(
                    unexpected
                        .iter()
                        .filter_map(|k| {
                            did_you_mean(k, allowed.iter().map(String::as_str))
                                .or_else(|| instead_of(&pointer, k).map(|(field, _)| field))
                        })
                        .map(|s| (pointer.clone(), s.to_string()))
                        .collect::<Vec<_>>(),
                )
            }
            _ => None,
        })
        .flatten()
        .collect();
    for err in &errors {
        let pointer = err.instance_path().as_str().to_string();
        let instance = value.pointer(&pointer).unwrap_or(&Value::Null);
        let field = field_name(&pointer);
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = schema::properties_at(&pointer);
                for key in unexpected {
                    let child = format!("{pointer}/{}", crate::yaml::escape(key));
                    let suggestion = did_you_mean(key, allowed.iter().map(String::as_str));
                    let help = match (suggestion, instead_of(&pointer, key)) {
                        (Some(s), _) => format!("did you mean `{s}`?"),
                        (None, Some((_, why))) => why.to_string(),
                        (None, None) => format!("allowed keys here: {}", allowed.join(", ")),
                    };
                    out.push(Problem {
                        id: ids::UNKNOWN,
                        span: map.key_span(&child),
                        message: format!("unknown key `{key}` in {field}"),
                        label: "not a field of this block".into(),
                        help: Some(help),
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                if suggested.contains(&(pointer.clone(), name.to_string())) {
                    continue;
                }
                let child = format!("{pointer}/{name}");
                let what = schema::schema_at(&child)
                    .and_then(|s| s.get("description"))
                    .and_then(Value::as_str)
                    .map(|d| format!(" ({})", d.lines().next().unwrap_or_default()))
                    .unwrap_or_default();
                out.push(Problem {
                    id: ids::MISSING,
                    span: map.key_span(&pointer),
                    message: format!("missing required field `{name}` in {field}"),
                    label: format!("`{name}` is required here"),
                    help: Some(format!("add `{name}:`{what}; see `vendorkit schema` or schema/engagement.schema.json")),
                });
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => json_type_name(&t.to_string()).to_string(),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| json_type_name(&t.to_string()))
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                out.push(Problem {
                    id: ids::TYPE,
                    span: map.value_span(&pointer),
                    message: if instance.is_null() {
                        format!("{field}: expected {expected}, found no value")
                    } else {
                        match instance {
                            // "a list" says it all; "a list a list" said it twice.
                            Value::Array(_) | Value::Object(_) => {
                                format!("{field}: expected {expected}, found {}", show(instance))
                            }
                            _ => format!(
                                "{field}: expected {expected}, found {} {}",
                                type_name(instance),
                                show(instance)
                            ),
                        }
                    },
                    label: format!("expected {expected}"),
                    help: quoting_hint(instance, &expected),
                });
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let got = instance.as_str().unwrap_or_default();
                let help = match did_you_mean(got, opts.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", opts.join(", ")),
                };
                out.push(Problem {
                    id: ids::VALUE,
                    span: map.value_span(&pointer),
                    message: format!(
                        "{field}: {} is not one of {}",
                        show(instance),
                        opts.join(", ")
                    ),
                    label: "not an allowed value".into(),
                    help: Some(help),
                });
            }
            ValidationErrorKind::Format { format } => {
                let (what, help) = format_help(format, instance.as_str().unwrap_or_default());
                out.push(Problem {
                    id: ids::VALUE,
                    span: map.value_span(&pointer),
                    message: format!("{field}: {} is not {what}", show(instance)),
                    label: format!("not {what}"),
                    help: Some(help),
                });
            }
            ValidationErrorKind::Pattern { pattern } => {
                let help = if pattern.contains("[01][0-9]") {
                    "write a 24-hour time as HH:MM, in quotes: \"09:00\"".to_string()
                } else if pattern.contains("RACI") {
                    "use the letters R, A, C and I, e.g. `R` or `A`".to_string()
                } else {
                    format!("the value must match the pattern {pattern}")
                };
                out.push(Problem {
                    id: ids::VALUE,
                    span: map.value_span(&pointer),
                    message: format!("{field}: {} is not in the expected form", show(instance)),
                    label: "wrong form".into(),
                    help: Some(help),
                });
            }
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let bound = schema::schema_at(&pointer);
                let min = bound.and_then(|s| s.get("minimum")).map(Value::to_string);
                let max = bound.and_then(|s| s.get("maximum")).map(Value::to_string);
                let range = match (min, max) {
                    (Some(a), Some(b)) if a == b => format!("of {a}"),
                    (Some(a), Some(b)) => format!("between {a} and {b}"),
                    _ => format!("within the limit {limit}"),
                };
                out.push(Problem {
                    id: ids::VALUE,
                    span: map.value_span(&pointer),
                    message: format!(
                        "{field}: {} is out of range; expected a value {range}",
                        show(instance)
                    ),
                    label: "out of range".into(),
                    help: (pointer == "/schema_version")
                        .then(|| "only `schema_version: 1` exists; this file may be for a newer vendorkit".into()),
                });
            }
            _ => out.push(Problem {
                id: ids::VALUE,
                span: map.value_span(&pointer),
                message: format!("{field}: {err}"),
                label: "not allowed here".into(),
                help: None,
            }),
        }
    }
    out
}

/// A hint for the classic YAML surprises (a number where text was meant, and the reverse).
fn quoting_hint(instance: &Value, expected: &str) -> Option<String> {
    match instance {
        Value::Number(_) | Value::Bool(_) if expected == "text" => Some(format!(
            "put the value in quotes to make it text: \"{instance}\""
        )),
        Value::String(s) if expected.contains("number") && s.trim().parse::<f64>().is_err() => {
            Some("write a plain number without units or quotes, e.g. `30`".into())
        }
        Value::String(_) if expected.contains("number") => {
            Some("remove the quotes around the number".into())
        }
        Value::Null => Some("give a value after the colon, or remove the key".into()),
        _ => None,
    }
}

fn format_help(format: &str, got: &str) -> (&'static str, String) {
    match format {
        "date" => (
            "a valid date",
            if chrono::NaiveDate::parse_from_str(got, "%Y-%m-%d").is_err()
                && got.len() == 10
                && got.as_bytes().get(4) == Some(&b'-')
            {
                "that day does not exist in the calendar; check the month and day".into()
            } else {
                "write dates in ISO 8601 form, YYYY-MM-DD, e.g. 2025-02-03".into()
            },
        ),
        "country" => (
            "an ISO 3166-1 alpha-2 country code",
            match got.to_ascii_uppercase().as_str() {
                "UK" => "the code for the United Kingdom is `GB`".into(),
                up if super::codes::is_country(up) => {
                    format!("country codes are upper case: `{up}`")
                }
                _ => "use the two-letter code, e.g. GB, US, IN, PH, PL".into(),
            },
        ),
        "currency" => (
            "an ISO 4217 currency code",
            match got.to_ascii_uppercase() {
                up if super::codes::is_currency(&up) => {
                    format!("currency codes are upper case: `{up}`")
                }
                _ => "use the three-letter code, e.g. GBP, EUR, USD, INR".into(),
            },
        ),
        "timezone" => (
            "an IANA time zone",
            "use a name from the tz database, e.g. Europe/London, Asia/Kolkata, America/New_York"
                .into(),
        ),
        "language" => (
            "an ISO 639-1 language code",
            "use a two-letter code, e.g. en, fr, hi, es".into(),
        ),
        _ => (
            "in the expected format",
            format!("expected format `{format}`"),
        ),
    }
}

/// References between ids that point nowhere, and ids given twice.
pub fn reference_problems(value: &Value, map: &SourceMap) -> Vec<Problem> {
    let mut out = Vec::new();
    // `None` when the list is absent or not a list (already reported): nothing to check against.
    let ids_of = |list: &str, out: &mut Vec<Problem>| -> Option<HashSet<String>> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let items = value.pointer(list).and_then(Value::as_array)?;
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            if let Some(first) = seen.insert(id.to_string(), i) {
                out.push(Problem {
                    id: ids::REFERENCE,
                    span: map.value_span(&format!("{list}/{i}/id")),
                    message: format!(
                        "id `{id}` is used twice in {} (first at {})",
                        field_name(list),
                        field_name(&format!("{list}/{first}"))
                    ),
                    label: "duplicate id".into(),
                    help: Some("give every item its own id; references would be ambiguous".into()),
                });
            }
        }
        Some(seen.into_keys().collect())
    };
    let objectives = ids_of("/objectives", &mut out);
    let functions = ids_of("/functions", &mut out);
    let tasks = ids_of("/scope/in_scope", &mut out);
    let kpis = ids_of("/kpis", &mut out);
    ids_of("/deliverables", &mut out);
    ids_of("/milestones", &mut out);

    let mut check = |pointer: String, target: &Option<HashSet<String>>, what: &str, list: &str| {
        let Some(target) = target else { return };
        let Some(id) = value.pointer(&pointer).and_then(Value::as_str) else {
            return;
        };
        if target.contains(id) {
            return;
        }
        let help = match did_you_mean(id, target.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if target.is_empty() => format!("{list} has no ids yet"),
            None => {
                let mut known: Vec<&str> = target.iter().map(String::as_str).collect();
                known.sort_unstable();
                format!("known {what} ids: {}", known.join(", "))
            }
        };
        out.push(Problem {
            id: ids::REFERENCE,
            span: map.value_span(&pointer),
            message: format!(
                "{}: `{id}` is not the id of any {what} in {list}",
                field_name(&pointer)
            ),
            label: format!("no such {what}"),
            help: Some(help),
        });
    };
    let len = |p: &str| {
        value
            .pointer(p)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    for i in 0..len("/kpis") {
        check(
            format!("/kpis/{i}/objective"),
            &objectives,
            "objective",
            "objectives",
        );
    }
    for i in 0..len("/scope/in_scope") {
        check(
            format!("/scope/in_scope/{i}/function"),
            &functions,
            "function",
            "functions",
        );
    }
    for i in 0..len("/trial/success_criteria") {
        check(format!("/trial/success_criteria/{i}"), &kpis, "KPI", "kpis");
    }
    for i in 0..len("/trial/scope") {
        check(
            format!("/trial/scope/{i}"),
            &tasks,
            "task",
            "scope.in_scope",
        );
    }
    out
}

/// The client's and the vendor's country codes when both are valid and differ. Only valid
/// codes are compared: a bad code has its own error, and nothing more is built on it.
pub fn cross_border_codes(value: &Value) -> Option<(&str, &str)> {
    let country = |p: &str| {
        value
            .pointer(p)
            .and_then(Value::as_str)
            .filter(|c| super::codes::is_country(c))
    };
    let (c, v) = (country("/client/country")?, country("/vendor/country")?);
    (!c.eq_ignore_ascii_case(v)).then_some((c, v))
}

/// Problems of whole-file conditions the schema cannot express (`data` needs `nda`, and so on).
pub fn conditional_problems(value: &Value, map: &SourceMap) -> Vec<Problem> {
    let mut out = Vec::new();
    if value.get("data").is_some() && value.get("nda").is_none() {
        out.push(Problem {
            id: ids::MISSING,
            span: map.key_span("/data"),
            message: "`data` is present but there is no `nda` block".into(),
            label: "data is shared here".into(),
            help: Some("add `nda: { type: mutual, status: ..., signed_date: ... }`: SPEC §6 requires it whenever data is shared".into()),
        });
    }
    if let Some((c, v)) = cross_border_codes(value)
        && value.get("legal").is_none()
    {
        out.push(Problem {
                id: ids::MISSING,
                span: map.key_span("/vendor/country"),
                message: format!("client ({c}) and vendor ({v}) are in different countries but there is no `legal` block"),
                label: "cross-border engagement".into(),
                help: Some("add `legal: { governing_law: ..., prevailing_language: en }`".into()),
            });
    }
    out
}
