//! REV-008: one vendor is given too much unrelated work.

use std::collections::BTreeSet;

use crate::engagement::Engagement;
use crate::engagement::model::{Category, VendorType};
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-008",
        title: "Vendor overloaded with unrelated work",
        severity: Severity::Warning,
        article: "M9 One vendor overloaded with unrelated work",
        what: "Warns when one vendor gets three or more unrelated kinds of work, or an individual gets two\nor more. Related kinds count once: bookkeeping and payroll; social media and digital\nmarketing; IT support and software development; customer support and virtual assistance.",
        why: "A vendor stretched over unrelated work does none of it well, and a freelancer juggling two\ntrades is a single point of failure for both.",
        example: "vendor: { type: individual }\nfunctions: [{ id: F-BK, category: bookkeeping }, { id: F-SM, category: social_media }]",
        instead: "# one vendor per kind of work\nfunctions: [{ id: F-BK, category: bookkeeping }]",
    },
    check,
};

/// Related categories share a group.
fn group(c: Category) -> u8 {
    match c {
        Category::Bookkeeping | Category::Payroll => 0,
        Category::SocialMedia | Category::DigitalMarketing => 1,
        Category::ItSupport | Category::SoftwareDevelopment => 2,
        Category::CustomerSupport | Category::VirtualAssistant => 3,
        Category::Other => 4,
    }
}

fn check(e: &Engagement, f: &mut Findings) {
    let groups: BTreeSet<u8> = e.functions.iter().map(|x| group(x.category)).collect();
    let kinds: BTreeSet<&str> = e.functions.iter().map(|x| x.category.as_str()).collect();
    let list = kinds.iter().copied().collect::<Vec<_>>().join(", ");
    if e.vendor.kind == VendorType::Individual && kinds.len() >= 2 {
        f.at(
            "/functions",
            format!(
                "an individual vendor is given {} kinds of work ({list})",
                kinds.len()
            ),
        )
        .help("give each kind of work to a vendor who specialises in it");
    } else if groups.len() >= 3 {
        f.at(
            "/functions",
            format!(
                "one vendor is given {} unrelated kinds of work ({list})",
                groups.len()
            ),
        )
        .help("split the work between specialist vendors");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::Function;
    use crate::review::rules::testing::{clean, findings};

    fn add(e: &mut Engagement, id: &str, c: Category) {
        e.functions.push(Function {
            id: id.into(),
            category: c,
            core: false,
        });
    }

    #[test]
    fn fires_on_unrelated_work() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            add(e, "F-PY", Category::Payroll);
            add(e, "F-SM", Category::SocialMedia);
        });
        assert!(f.is_empty(), "bookkeeping and payroll are related");
        let f = findings(&RULE, |e| {
            add(e, "F-IT", Category::ItSupport);
            add(e, "F-SM", Category::SocialMedia);
        });
        assert_eq!(f.len(), 1);
        let f = findings(&RULE, |e| {
            e.vendor.kind = VendorType::Individual;
            add(e, "F-PY", Category::Payroll);
        });
        assert_eq!(f.len(), 1);
    }
}
