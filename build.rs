//! Works out, once at build time, what every run would otherwise work out on start-up for the
//! built-in policies:
//!
//! - each policy file read, kept as JSON (reading its YAML was a tenth of a one-contract run);
//! - the [shape](src/lint/shape.rs) of each pattern (parsing 600 regular expressions for their
//!   keywords was a quarter);
//! - each pattern's pieces parsed and case-folded for matching (half of compiling the patterns
//!   a contract meets);
//! - each policy's keyword automaton (an eighth), with the words the draft cues start with
//!   (`src/lint/cue_patterns.rs`).
//!
//! The run looks them up (`src/lint/precomputed.rs`) and works out anything else, such as a
//! policy file's own patterns, as before: the lookups are only a shortcut, and unit tests hold
//! them to what the run would compute. The build script reads the three modules that compute
//! them (and the little-endian numbers they write in, `bytes.rs`) as they are, so those use
//! nothing else of the crate.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/lint/bytes.rs"]
mod bytes;
#[path = "src/lint/cue_patterns.rs"]
mod cue_patterns;
#[path = "src/lint/keywords.rs"]
#[allow(dead_code)]
mod keywords;
#[path = "src/lint/shape.rs"]
#[allow(dead_code)]
mod shape;
#[path = "src/yaml.rs"]
#[allow(dead_code)]
mod yaml;

use serde_json::Value;

/// The built-in policies (`src/lint/policy.rs` embeds the same files).
const POLICIES: &[&str] = &["outsourcing", "nda"];
/// A rule's fields that hold evidence patterns, and those that hold checks (`meaning::Role`).
const EVIDENCE: &[&str] = &["present", "strong", "weak", "negated"];
const CHECKS: &[&str] = &["exclude", "veto", "quantity"];

fn main() {
    for path in [
        "build.rs",
        "policies",
        "src/lint/shape.rs",
        "src/lint/keywords.rs",
        "src/lint/bytes.rs",
        "src/lint/cue_patterns.rs",
        "src/yaml.rs",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut shapes: BTreeMap<String, shape::Shape> = BTreeMap::new();
    // The words each draft cue starts with, cue by cue.
    let cue_words: Vec<Vec<u8>> = cue_patterns::PATTERNS
        .iter()
        .flat_map(|cue| shape::prefixes(cue).expect("every cue starts with a word"))
        .collect();
    let mut tables = String::new();
    let mut values = String::new();
    for name in POLICIES {
        let path = format!("policies/{name}.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Read as the run reads a policy file (`crate::yaml`), and kept as JSON, which is
        // read several times faster than YAML.
        let value = yaml::parse(&text)
            .value
            .unwrap_or_else(|| panic!("{path}: not a policy"));
        let json = out.join(format!("policy-{name}.json"));
        std::fs::write(&json, value.to_string()).expect("OUT_DIR is writable");
        writeln!(
            values,
            "    ({name:?}, include_str!({:?})),",
            json.display().to_string()
        )
        .expect("a string takes writes");
        // Rules are a mapping by id.
        let rules: Vec<&Value> = value["rules"]
            .as_object()
            .unwrap_or_else(|| panic!("{path}: no rules"))
            .values()
            .collect();
        // The keywords the engine takes from these patterns (`fast::Engine::new`): every
        // group of an evidence pattern, the screening group of a check.
        let mut words: Vec<Vec<u8>> = Vec::new();
        for rule in rules {
            for (fields, evidence) in [(EVIDENCE, true), (CHECKS, false)] {
                for source in fields.iter().flat_map(|f| strings(&rule[*f])) {
                    let shape = match shapes.get(source) {
                        Some(shape) => shape.clone(),
                        None => shape::shape(source)
                            .unwrap_or_else(|e| panic!("{path}: bad pattern `{source}`: {e}")),
                    };
                    let groups = shape.groups.0.clone();
                    if evidence {
                        words.extend(groups.into_iter().flatten());
                    } else if let Some(group) = shape::check_screen(groups) {
                        words.extend(group);
                    }
                    shapes.insert(source.to_string(), shape);
                }
            }
        }
        // And the words the draft's cues start with, which the same pass finds.
        words.extend(cue_words.iter().cloned());
        words.sort();
        words.dedup();
        // A policy whose keywords make too big a table has none here; the run uses the
        // fallback for it, as it would anyway.
        if let Some(dense) = keywords::Dense::new(&words) {
            let file = out.join(format!("keywords-{name}.bin"));
            std::fs::write(&file, dense.to_bytes()).expect("OUT_DIR is writable");
            // The words one after another, and where each ends: no pointer per word for the
            // loader to relocate at every start.
            let ends: Vec<usize> = words
                .iter()
                .scan(0, |end, w| {
                    *end += w.len();
                    Some(*end)
                })
                .collect();
            let all = out.join(format!("keywords-{name}.words"));
            std::fs::write(&all, words.concat()).expect("OUT_DIR is writable");
            writeln!(
                tables,
                "    BuiltTable {{ policy: {name:?}, words: include_bytes!({:?}), ends: &{ends:?}, \
                 bytes: include_bytes!({:?}) }},",
                all.display().to_string(),
                file.display().to_string()
            )
            .expect("a string takes writes");
        }
    }
    // Each pattern, sorted, in one blob: its source, its shape (`Shape::to_bytes`) and its
    // pieces for matching, parsed and case-folded (`shape::encode_matching`; none when they
    // cannot be written). An index of numbers says where each part ends: no pointers for the
    // loader to relocate at every start.
    let mut blob: Vec<u8> = Vec::new();
    let mut index = Vec::new();
    for (source, shape) in &shapes {
        let start = blob.len();
        blob.extend_from_slice(source.as_bytes());
        let source_end = blob.len();
        blob.extend(shape.to_bytes().expect("a shape's numbers fit"));
        let shape_end = blob.len();
        let (pieces, gaps) = shape::matching(source, &shape.gaps).expect("parsed once already");
        blob.extend(shape::encode_matching(&pieces, &gaps).unwrap_or_default());
        index.push([start, source_end, shape_end, blob.len()]);
    }
    let shapes_file = out.join("shapes.bin");
    std::fs::write(&shapes_file, &blob).expect("OUT_DIR is writable");
    let mut code = format!(
        "/// Every built-in pattern: its source, shape and pieces for matching.\n\
         static SHAPES: &[u8] = include_bytes!({:?});\n\n\
         /// Where each pattern (sorted by source) starts and where its source, shape and pieces\n\
         /// end in [`SHAPES`].\n\
         static SHAPE_INDEX: &[[u32; 4]] = &{index:?};\n\n",
        shapes_file.display().to_string()
    );
    code.push_str(
        "/// Each built-in policy's keyword table.\n\
         static KEYWORD_TABLES: &[BuiltTable] = &[\n",
    );
    code.push_str(&tables);
    code.push_str(
        "];\n\n/// Each built-in policy file, read (`crate::yaml::parse`) and written as JSON.\n\
         static POLICY_VALUES: &[(&str, &str)] = &[\n",
    );
    code.push_str(&values);
    code.push_str(
        "];\n\n/// The words each draft cue starts with (`shape::prefixes`), cue by cue.\n",
    );
    let cue_words: Vec<String> = cue_words.iter().map(|w| format!("&{w:?}")).collect();
    writeln!(
        code,
        "static CUE_WORDS: &[&[u8]] = &[{}];",
        cue_words.join(", ")
    )
    .expect("a string takes writes");
    std::fs::write(out.join("precomputed.rs"), code).expect("OUT_DIR is writable");
}

/// The patterns of a rule's field: one string, or a list of them.
fn strings(field: &Value) -> Vec<&str> {
    match field {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}
