//! REV-021: TODO markers left in the file (what `vendorkit init` writes).

use serde_json::Value;

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};
use crate::yaml::escape;

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-021",
        title: "Unfinished placeholder (TODO or a zero amount)",
        severity: Severity::Error,
        article: "M1 No clear goals (an unfinished file is not an agreement)",
        what: "Fires on every value that still contains `TODO`, the marker `vendorkit init` puts where the\nbusiness must fill something in, and on the zero amounts it writes for numbers only the business\nknows: a fee of 0 and a scaling baseline of 0. Any of them makes the packet a draft.",
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
    for (i, item) in e.fees.items.iter().enumerate() {
        if item.amount.is_zero() {
            f.at(
                format!("/fees/items/{i}/amount"),
                format!("the fee \"{}\" is 0", item.item),
            )
            .help("put the agreed amount; a packet with a zero fee prints as a draft");
        }
    }
    for (i, volume) in e.scaling.baseline.iter().enumerate() {
        if volume.value.is_zero() {
            f.at(
                format!("/scaling/baseline/{i}/value"),
                format!("the scaling baseline \"{}\" is 0", volume.metric),
            )
            .help("put today's volume, so that growth can be measured against it");
        }
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

    #[test]
    fn fires_on_a_zero_fee_and_a_zero_baseline() {
        let f = findings(&RULE, |e| {
            e.fees.items[0].amount = rust_decimal::Decimal::ZERO;
            e.scaling.baseline[0].value = rust_decimal::Decimal::ZERO;
        });
        let pointers: Vec<&str> = f.iter().map(|x| x.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/fees/items/0/amount", "/scaling/baseline/0/value"]
        );
    }
}
