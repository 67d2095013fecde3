//! REV-007: a core competency is being outsourced.

use crate::engagement::Engagement;
use crate::engagement::model::Category;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-007",
        title: "Core competency outsourced",
        severity: Severity::Error,
        article: "M5 Core competencies outsourced",
        what: "Fires when a function is marked `core: true`, or when its category matches one of\n`client.core_activities` (\"software development\" in the core activities of a software house).\nThe SOW cover then carries a warning.",
        why: "What makes the business distinctive is what it should keep close: outsourcing it hands the\nvendor the company's advantage and leaves no one inside who can judge the work.",
        example: "client: { core_activities: [custom software development] }\nfunctions: [{ id: F-DEV, category: software_development }]",
        instead: "# keep the core in-house; outsource the supporting work\nfunctions: [{ id: F-IT, category: it_support }]",
    },
    check,
};

/// Words that identify a category inside a free-text core activity.
pub fn category_words(c: Category) -> &'static [&'static str] {
    match c {
        Category::Bookkeeping => &["bookkeeping", "accounting"],
        Category::Payroll => &["payroll"],
        Category::ItSupport => &["it support", "it services", "managed it", "helpdesk"],
        Category::CustomerSupport => &[
            "customer support",
            "customer service",
            "call centre",
            "call center",
        ],
        Category::SocialMedia => &["social media"],
        Category::DigitalMarketing => &["digital marketing", "marketing"],
        Category::SoftwareDevelopment => &[
            "software development",
            "software engineering",
            "app development",
        ],
        Category::VirtualAssistant => &["virtual assistant", "administration"],
        Category::Other => &[],
    }
}

/// True when a core activity of the client names this category.
pub fn matches_core_activity(e: &Engagement, c: Category) -> bool {
    let words = category_words(c);
    e.client.core_activities.iter().any(|a| {
        let a = a.to_lowercase();
        words.iter().any(|w| a.contains(w))
    })
}

fn check(e: &Engagement, f: &mut Findings) {
    for (i, func) in e.functions.iter().enumerate() {
        if func.core {
            f.at(
                format!("/functions/{i}/core"),
                format!(
                    "function {} is marked core and is being outsourced",
                    func.id
                ),
            )
            .help("keep core work in-house, or outsource only a supporting part of it");
            continue;
        }
        let words = category_words(func.category);
        if let Some(a) = e.client.core_activities.iter().find(|a| {
            let a = a.to_lowercase();
            words.iter().any(|w| a.contains(w))
        }) {
            f.at(
                format!("/functions/{i}/category"),
                format!(
                    "function {} ({}) matches the client's core activity \"{a}\"",
                    func.id,
                    func.category.as_str()
                ),
            )
            .help("keep core work in-house, or outsource only a supporting part of it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_core_functions() {
        clean(&RULE);
        assert_eq!(findings(&RULE, |e| e.functions[0].core = true).len(), 1);
        let f = findings(&RULE, |e| {
            e.client
                .core_activities
                .push("Bookkeeping for clients".into())
        });
        assert_eq!(f[0].pointer, "/functions/0/category");
    }
}
