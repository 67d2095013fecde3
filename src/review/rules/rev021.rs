//! REV-021: TODO markers left in the file (what `vendorkit init` writes).

use serde_json::Value;

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};
use crate::yaml::escape;

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-021",
        title: "Unfinished placeholder (TODO)",
        severity: Severity::Error,
        article: "M1 No clear goals (an unfinished file is not an agreement)",
        what: "Fires on every value that still contains `TODO`, the marker `vendorkit init` puts where the\nbusiness must fill something in.",
        why: "A packet printed from placeholders goes out with blanks nobody noticed; review makes them\nimpossible to miss.",
        example: "client: { legal_name: \"TODO: your company's legal name\" }",
        instead: "client: { legal_name: Harbour & Vine Coffee Ltd }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let Ok(value) = serde_json::to_value(e) else {
        return;
    };
    let mut todo = vec![(String::new(), &value)];
    let mut found = Vec::new();
    while let Some((ptr, v)) = todo.pop() {
        match v {
            Value::String(s) if s.contains("TODO") => found.push((ptr, s.clone())),
            Value::Array(a) => {
                todo.extend(a.iter().enumerate().map(|(i, x)| (format!("{ptr}/{i}"), x)))
            }
            Value::Object(o) => {
                todo.extend(o.iter().map(|(k, x)| (format!("{ptr}/{}", escape(k)), x)))
            }
            _ => {}
        }
    }
    found.sort();
    for (ptr, s) in found {
        f.at(ptr, format!("placeholder left: \"{s}\""))
            .help("replace the TODO with the real value");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_todo() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.client.legal_name = "TODO: legal name".into());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/client/legal_name");
    }
}
