//! REV-011: a first engagement starts small.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-011",
        title: "First engagement does not start small",
        severity: Severity::Info,
        article: "BP1 Start small",
        what: "Notes when a first engagement with a vendor (`vendor.prior_engagements` absent or 0) covers\nmore than two functions.",
        why: "Starting with one or two functions limits the damage if the vendor disappoints and lets\nthe relationship prove itself before more is handed over.",
        example: "functions: [bookkeeping, payroll, it_support]   # all at once, new vendor",
        instead: "functions: [bookkeeping]   # add payroll after a good first quarter",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let first = e.vendor.prior_engagements.unwrap_or(0) == 0;
    if first && e.functions.len() > 2 {
        f.at(
            "/functions",
            format!(
                "a first engagement with this vendor covers {} functions",
                e.functions.len()
            ),
        )
        .help("start with one or two functions and add the rest after the trial");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::{Category, Function};
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_a_big_first_engagement() {
        clean(&RULE);
        let grow = |e: &mut Engagement| {
            for (id, c) in [
                ("F-PY", Category::Payroll),
                ("F-VA", Category::VirtualAssistant),
            ] {
                e.functions.push(Function {
                    id: id.into(),
                    category: c,
                    core: false,
                });
            }
        };
        assert_eq!(findings(&RULE, grow).len(), 1);
        let f = findings(&RULE, |e| {
            grow(e);
            e.vendor.prior_engagements = Some(2);
        });
        assert!(f.is_empty());
    }
}
