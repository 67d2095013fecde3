//! REV-004: the vendor was not chosen on price alone.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-004",
        title: "Vendor chosen on price",
        severity: Severity::Warning,
        article: "M3 Cost the only criterion",
        what: "Warns when no selection criteria are recorded, price is the only criterion, price weighs\nmore than 50%, or there is no quality, turnaround or communication criterion.",
        why: "The cheapest vendor often costs most once rework, delays and supervision are counted.\nRecording what else mattered keeps the choice honest and gives the review something to test.",
        example: "selection:\n  criteria: [{ name: price, weight: 100 }]",
        instead: "selection:\n  criteria:\n    - { name: quality_accuracy, weight: 35 }\n    - { name: turnaround, weight: 15 }\n    - { name: communication_reliability, weight: 15 }\n    - { name: security, weight: 15 }\n    - { name: price, weight: 20 }",
    },
    check,
};

fn is_price(name: &str) -> bool {
    let n = name.to_lowercase();
    ["price", "cost", "fee", "rate"]
        .iter()
        .any(|w| n.contains(w))
}

fn is_quality(name: &str) -> bool {
    let n = name.to_lowercase();
    [
        "quality",
        "accura",
        "turnaround",
        "speed",
        "timel",
        "communicat",
        "responsive",
    ]
    .iter()
    .any(|w| n.contains(w))
}

fn check(e: &Engagement, f: &mut Findings) {
    let Some(sel) = e.selection.as_ref().filter(|s| !s.criteria.is_empty()) else {
        f.at("/vendor", "no selection criteria are recorded, so nothing shows the vendor was chosen on more than price")
            .help("add `selection.criteria` with weights for quality, turnaround, communication and price");
        return;
    };
    let price: u32 = sel
        .criteria
        .iter()
        .filter(|c| is_price(&c.name))
        .map(|c| c.weight)
        .sum();
    if sel.criteria.iter().all(|c| is_price(&c.name)) {
        f.at(
            "/selection/criteria",
            "price is the only selection criterion",
        );
    } else if price > 50 {
        f.at(
            "/selection/criteria",
            format!("price weighs {price}% of the selection, more than half"),
        );
    }
    if !sel.criteria.iter().any(|c| is_quality(&c.name)) {
        f.at(
            "/selection/criteria",
            "no quality, turnaround or communication criterion",
        )
        .help("add a criterion such as quality_accuracy, turnaround or communication_reliability");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_price_led_selection() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            let s = e.selection.as_mut().unwrap();
            s.criteria.retain(|c| c.name == "price");
            s.criteria[0].weight = 100;
        });
        assert_eq!(f.len(), 2, "price only, and no quality criterion");
        let f = findings(&RULE, |e| {
            e.selection.as_mut().unwrap().criteria[4].weight = 60
        });
        assert_eq!(f.len(), 1);
        assert_eq!(findings(&RULE, |e| e.selection = None).len(), 1);
    }
}
