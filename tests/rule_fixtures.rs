//! Every policy rule against the language, not the documents: `tests/fixtures/rules/<policy>/
//! <RULE>.yaml` holds, for each rule, at least five sentences that state the clause in
//! different ways (voice, party names, numbers in words and digits, US and UK spelling, with a
//! heading or without, in a table row) and at least three traps that must not count, written
//! fresh for these tests from how contracts are drafted. Each is linted on its own; the rule's
//! own example and model text are checked too (a forbidden phrase's model is what to write
//! instead, so it must not be found).

use std::path::Path;

use serde_json::Value;
use vendorkit::lint::meaning::Status;
use vendorkit::lint::policy::Kind;
use vendorkit::lint::{self, text};

/// The expectations of one fixture file: (status, sentence).
fn cases(file: &Path) -> Vec<(Status, String)> {
    let Ok(source) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let parsed = vendorkit::yaml::parse(&source);
    assert!(
        parsed.problems.is_empty(),
        "{}: {:?}",
        file.display(),
        parsed.problems
    );
    let value = parsed.value.unwrap_or(Value::Null);
    let mut out = Vec::new();
    for (key, status) in [
        ("present", Status::Present),
        ("weak", Status::Weak),
        ("negated", Status::Negated),
        ("traps", Status::Absent),
    ] {
        for s in value[key].as_array().into_iter().flatten() {
            let s = s
                .as_str()
                .unwrap_or_else(|| panic!("{}: {s} is not a string (quote it)", file.display()));
            out.push((status, s.to_string()));
        }
    }
    out
}

fn status_of(compiled: &lint::Compiled, ri: usize, sentence: &str) -> Status {
    let (normal, _) = text::normalize(sentence);
    let doc = text::segment(&normal);
    compiled.engine.evaluate(&doc)[ri].status
}

#[test]
fn every_rule_reads_its_paraphrases_and_ignores_its_traps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut failures = Vec::new();
    let mut sentences = 0;
    for policy in ["outsourcing", "nda"] {
        let compiled = lint::compile(policy).unwrap();
        for (ri, rule) in compiled.policy().rules.iter().enumerate() {
            let file = root.join(policy).join(format!("{}.yaml", rule.id));
            let cases = cases(&file);
            let present = cases.iter().filter(|c| c.0 != Status::Absent).count();
            let traps = cases.len() - present;
            if present < 5 || traps < 3 {
                failures.push(format!(
                    "{}: {present} statements and {traps} traps (at least 5 and 3) in {}",
                    rule.id,
                    file.display()
                ));
            }
            let mut all = cases;
            // A rule's own example counts; its model is the clause (or, for a forbidden
            // phrase, what to write instead).
            all.push((Status::Present, rule.example.clone()));
            // For a forbidden phrase the model is what to write instead: not found (absent),
            // or found to say the opposite (negated).
            let model_of_forbid = rule.kind == Kind::Forbid && !rule.model.is_empty();
            if !rule.model.is_empty() && rule.kind == Kind::Require {
                all.push((Status::Present, rule.model.clone()));
            }
            for (want, sentence) in all {
                sentences += 1;
                let got = status_of(&compiled, ri, &sentence);
                if got != want {
                    failures.push(format!(
                        "{} {:?}: {} (expected {})",
                        rule.id,
                        sentence,
                        got.as_str(),
                        want.as_str()
                    ));
                }
            }
            if model_of_forbid {
                sentences += 1;
                let got = status_of(&compiled, ri, &rule.model);
                if matches!(got, Status::Present | Status::Weak) {
                    failures.push(format!(
                        "{} model {:?}: {} (a forbidden phrase's model must not be found)",
                        rule.id,
                        rule.model,
                        got.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sentences} sentences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
