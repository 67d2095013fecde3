//! REV-019: a recurring two-way relationship review.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-019",
        title: "No recurring two-way review",
        severity: Severity::Info,
        article: "BP3 Build a strong relationship",
        what: "Notes when no recurring review meeting is set (a meeting whose name contains \"review\"), or\nwhen no review has two-way feedback.",
        why: "A quarterly review where both sides say what works and what does not is where a vendor\nrelationship improves instead of only being audited.",
        example: "meetings: [{ name: Weekly call, frequency: weekly }]",
        instead: "meetings: [{ name: Quarterly performance and relationship review, frequency: quarterly, two_way_feedback: true }]",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let reviews: Vec<_> = e
        .communication
        .meetings
        .iter()
        .filter(|m| m.name.to_lowercase().contains("review"))
        .collect();
    if reviews.is_empty() {
        f.at("/communication", "no recurring review meeting is planned");
    } else if !reviews.iter().any(|m| m.two_way_feedback) {
        f.at(
            "/communication/meetings",
            "the review meetings have no two-way feedback",
        )
        .help("set `two_way_feedback: true` on the quarterly review");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_review() {
        clean(&RULE);
        assert_eq!(
            findings(&RULE, |e| e.communication.meetings.clear()).len(),
            1
        );
        let f = findings(&RULE, |e| {
            e.communication
                .meetings
                .iter_mut()
                .for_each(|m| m.two_way_feedback = false)
        });
        assert_eq!(f[0].pointer, "/communication/meetings");
    }
}
