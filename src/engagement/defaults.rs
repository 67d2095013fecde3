//! The `--defaults` file (SPEC §6): company data shared by every engagement of a batch (the
//! client block, governing law, payment terms...), deep-merged under each engagement so it is
//! written once instead of copied into every file.
//!
//! Merge rule: mappings merge key by key, recursively; anything else (a list, a scalar) given
//! in the engagement replaces the default outright. Lists are not concatenated, because a list
//! merged from two files (two owners, two sets of KPIs) would say something neither file says.

use std::path::Path;

use serde_json::Value;

use super::validate::{self, ids};
use super::{Loaded, SourceMap, diagnostics, read_text, yaml_problems};
use crate::report::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::yaml;

/// A parsed and checked defaults file.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub path: String,
    pub value: Value,
    /// The text of the file (hashed into the packet manifest).
    pub text: std::sync::Arc<str>,
}

/// Read and check a defaults file. It must be a mapping of engagement blocks whose values have
/// the right types; required fields may be missing (the engagements supply the rest). On a
/// problem, the returned [`Loaded`] holds every diagnostic, located in the defaults file.
pub fn load(path: &Path) -> Result<Defaults, Box<Loaded>> {
    let shown = path.display().to_string();
    let text = read_text(path).map_err(|message| {
        Box::new(Loaded {
            source: SourceFile::new(shown.clone(), ""),
            map: SourceMap::default(),
            engagement: None,
            diagnostics: vec![Diagnostic::new(ids::IO, Severity::Error, message)],
        })
    })?;
    let source = SourceFile::new(shown.clone(), text);
    let parsed = yaml::parse(&source.text);
    let mut problems = yaml_problems(&parsed);
    match &parsed.value {
        Some(v @ Value::Object(_)) => problems.extend(
            validate::schema_problems(v, &parsed.map, false)
                .into_iter()
                .filter(|p| p.id != ids::MISSING),
        ),
        Some(other) => problems.push(validate::Problem {
            id: ids::TYPE,
            span: parsed.map.value_span(""),
            message: format!(
                "a defaults file must be a mapping of engagement blocks (client, legal, ...), found {}",
                validate::show(other)
            ),
            label: "expected a mapping".into(),
            help: None,
        }),
        None if problems.is_empty() => problems.push(validate::Problem {
            id: ids::SYNTAX,
            span: (0, 0),
            message: "the defaults file is empty".into(),
            label: "empty".into(),
            help: Some("give the blocks every engagement shares, e.g. `client:`".into()),
        }),
        None => {}
    }
    if problems.is_empty() {
        Ok(Defaults {
            path: shown,
            value: parsed.value.unwrap_or(Value::Null),
            text: source.text.clone(),
        })
    } else {
        let diagnostics = diagnostics(problems, &source);
        Err(Box::new(Loaded {
            source,
            map: parsed.map,
            engagement: None,
            diagnostics,
        }))
    }
}

/// `over` merged onto `base`: mappings key by key (recursively), anything else from `over`.
pub fn merge_under(base: &Value, over: Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(mut o)) => {
            for (k, bv) in b {
                let merged = match o.remove(k) {
                    Some(ov) => merge_under(bv, ov),
                    None => bv.clone(),
                };
                o.insert(k.clone(), merged);
            }
            Value::Object(o)
        }
        (_, over) => over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mappings_merge_and_the_engagement_wins() {
        let base = json!({"client": {"legal_name": "A Ltd", "country": "GB", "core_activities": ["x", "y"]}, "legal": {"governing_law": "England"}});
        let over = json!({"client": {"country": "IE", "core_activities": ["z"]}, "engagement": {"id": "E1"}});
        assert_eq!(
            merge_under(&base, over),
            json!({
                "client": {"legal_name": "A Ltd", "country": "IE", "core_activities": ["z"]},
                "legal": {"governing_law": "England"},
                "engagement": {"id": "E1"}
            })
        );
    }

    #[test]
    fn a_non_mapping_engagement_is_left_alone() {
        assert_eq!(merge_under(&json!({"a": 1}), json!([1])), json!([1]));
    }
}
