//! Works out, once at build time, what every run would otherwise work out on start-up for the
//! built-in policies: the [shape](src/lint/shape.rs) of each of their patterns (parsing some
//! 600 regular expressions for their keywords was a quarter of a one-contract run) and the
//! keyword automaton of each policy (another eighth). The run looks both up
//! (`src/lint/precomputed.rs`) and works out anything else, such as a policy file's own
//! patterns, as before; the lookups are only a shortcut, and a unit test holds them to what
//! the run would compute.
//!
//! The build script reads the two modules that compute them, as they are; they use nothing
//! else of the crate.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/lint/keywords.rs"]
#[allow(dead_code)]
mod keywords;
#[path = "src/lint/shape.rs"]
#[allow(dead_code)]
mod shape;

use yaml_rust2::{Yaml, YamlLoader};

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
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut shapes: BTreeMap<String, shape::Shape> = BTreeMap::new();
    let mut tables = String::new();
    for name in POLICIES {
        let path = format!("policies/{name}.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Rules are a mapping by id.
        let rules: Vec<&Yaml> = docs
            .first()
            .and_then(|d| d["rules"].as_hash())
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
        words.sort();
        words.dedup();
        // A policy whose keywords make too big a table has none here; the run uses the
        // fallback for it, as it would anyway.
        if let Some(dense) = keywords::Dense::new(&words) {
            let file = out.join(format!("keywords-{name}.bin"));
            std::fs::write(&file, dense.to_bytes()).expect("OUT_DIR is writable");
            let words: Vec<String> = words.iter().map(|w| bytes(w)).collect();
            writeln!(
                tables,
                "    BuiltTable {{ policy: {name:?}, words: &[{}], bytes: include_bytes!({:?}) }},",
                words.join(", "),
                file.display().to_string()
            )
            .expect("a string takes writes");
        }
    }
    let mut code = String::from(
        "/// Each built-in pattern's shape, by source (sorted).\n\
         static SHAPES: &[BuiltShape] = &[\n",
    );
    for (source, shape) in &shapes {
        let groups: Vec<String> = shape
            .groups
            .0
            .iter()
            .map(|g| {
                format!(
                    "&[{}]",
                    g.iter().map(|w| bytes(w)).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        writeln!(
            code,
            "    BuiltShape {{ source: {source:?}, gaps: &{:?}, groups: &[{}], pieces: &{:?} }},",
            shape.gaps,
            groups.join(", "),
            shape.groups.1
        )
        .expect("a string takes writes");
    }
    code.push_str(
        "];\n\n/// Each built-in policy's keyword table.\n\
         static KEYWORD_TABLES: &[BuiltTable] = &[\n",
    );
    code.push_str(&tables);
    code.push_str("];\n");
    std::fs::write(out.join("precomputed.rs"), code).expect("OUT_DIR is writable");
}

/// The patterns of a rule's field: one string, or a list of them.
fn strings(field: &Yaml) -> Vec<&str> {
    match field {
        Yaml::String(s) => vec![s.as_str()],
        Yaml::Array(items) => items.iter().filter_map(Yaml::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A byte string as a Rust expression.
fn bytes(word: &[u8]) -> String {
    format!("&{word:?}")
}
