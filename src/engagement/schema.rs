//! The JSON Schema of the engagement file, generated from the types in [`super::model`].
//!
//! Post-processing makes the schema say what the loader accepts: optional fields are simply
//! optional (schemars would also allow `null`, which reads as a mistake in a hand-written file),
//! and the custom formats `country`, `currency`, `timezone` and `language` are checked by the
//! validator built here.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::codes;
use super::model::Engagement;

/// Where the committed copy lives; samples point editors at it.
pub const SCHEMA_PATH: &str = "schema/engagement.schema.json";

/// The published schema as a JSON value: only identity is required
/// ([`super::partial::IDENTITY`]); every other block may be absent, and the review says what
/// its absence leaves open.
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut value = strict_schema().clone();
        for (def, fields) in super::partial::IDENTITY {
            let at = if def.is_empty() {
                Some(&mut value)
            } else {
                value.pointer_mut(&format!("/$defs/{def}"))
            };
            if let Some(Value::Object(o)) = at {
                o.insert("required".into(), Value::from(fields.to_vec()));
            }
        }
        value
    })
}

/// The schema as the types say: every block best practice expects is required (what
/// `--strict` checks).
pub fn strict_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let generator = SchemaSettings::draft2020_12().into_generator();
        let schema = generator.into_root_schema_for::<Engagement>();
        let mut value = serde_json::to_value(schema).unwrap_or(Value::Null);
        strip_null(&mut value);
        if let Value::Object(o) = &mut value {
            o.insert(
                "$id".into(),
                "https://vendorkit.dev/schema/engagement-1.json".into(),
            );
            o.insert(
                "title".into(),
                "vendorkit engagement file (schema_version 1)".into(),
            );
        }
        value
    })
}

/// The schema as pretty JSON text with a trailing newline (what `vendorkit schema` prints).
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The compiled validator of the published schema (`strict`: of [`strict_schema`]), built
/// once per process.
pub fn validator(strict: bool) -> &'static jsonschema::Validator {
    static RELAXED: OnceLock<jsonschema::Validator> = OnceLock::new();
    static STRICT: OnceLock<jsonschema::Validator> = OnceLock::new();
    if strict {
        STRICT.get_or_init(|| compile(strict_schema()))
    } else {
        RELAXED.get_or_init(|| compile(schema()))
    }
}

fn compile(schema: &Value) -> jsonschema::Validator {
    {
        jsonschema::options()
            .should_validate_formats(true)
            .with_format("country", codes::is_country)
            .with_format("currency", codes::is_currency)
            .with_format("timezone", codes::is_timezone)
            .with_format("language", codes::is_language)
            .build(schema)
            .expect("the generated schema compiles (checked by tests)")
    }
}

/// Turn `anyOf: [X, {type: null}]` into `X` and `type: [T, "null"]` into `T`.
pub fn strip_null(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types.remove(0);
                    o.insert("type".into(), t);
                }
            }
            if let Some(Value::Array(any)) = o.get("anyOf") {
                let rest: Vec<Value> = any
                    .iter()
                    .filter(|s| s.get("type") != Some(&Value::from("null")))
                    .cloned()
                    .collect();
                if rest.len() == 1 && rest.len() < any.len() {
                    o.remove("anyOf");
                    if let Value::Object(inner) = &rest[0] {
                        for (k, val) in inner {
                            o.insert(k.clone(), val.clone());
                        }
                    }
                }
            }
            if o.get("default") == Some(&Value::Null) {
                o.remove("default");
            }
            for child in o.values_mut() {
                strip_null(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// The sub-schema that describes the value at `pointer` (following `$ref`s), if any.
pub fn schema_at(pointer: &str) -> Option<&'static Value> {
    let root = schema();
    let mut s = resolve(root, root);
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        let next = if let Some(p) = s.get("properties").and_then(|p| p.get(&seg)) {
            p
        } else {
            s.get("items")?
        };
        s = resolve(root, next);
    }
    Some(s)
}

fn resolve<'a>(root: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => match root.pointer(r.trim_start_matches('#')) {
                Some(t) => s = t,
                None => return s,
            },
            None => return s,
        }
    }
    s
}

/// Property names allowed in the object at `pointer`.
pub fn properties_at(pointer: &str) -> Vec<String> {
    schema_at(pointer)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_has_no_nulls() {
        let _ = validator(false);
        let _ = validator(true);
        let text = schema_text();
        assert!(
            !text.contains("\"null\""),
            "optional fields must not accept null"
        );
        assert!(properties_at("/kpis/3").contains(&"threshold".to_string()));
        assert!(properties_at("/engagement").contains(&"start_date".to_string()));
    }
}
